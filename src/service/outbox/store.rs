//! The outbox on disk: durable writes (write, fsync, rename, fsync the folder), the
//! per-submission delivery state, receipts, and moving between `pending/` and `failed/`.

use super::Submission;
use crate::site::forms::FormId;
use crate::service::reference::Reference;
use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};
use std::fs::{self, DirBuilder, File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use time::OffsetDateTime;

const SUBMISSION: &str = "submission.json";
const STATE: &str = "state.json";

pub(crate) struct Outbox {
    dir: PathBuf,
    /// Wakes the worker when a submission is accepted, so delivery starts at once.
    pub(super) wake: tokio::sync::Notify,
}

/// How many submissions are waiting, for logs and a health check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub(crate) struct Backlog {
    pub(crate) pending: usize,
    pub(crate) failed: usize,
}

/// Which messages of a submission have gone, written durably after each send so a restart
/// never sends one twice. No personal data: `porth outbox list` reads only this.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct DeliveryState {
    pub(crate) reference: Reference,
    pub(crate) form: FormId,
    #[serde(with = "time::serde::rfc3339")]
    pub(crate) accepted_at: OffsetDateTime,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub(crate) team_sent_at: Option<OffsetDateTime>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub(crate) ack_sent_at: Option<OffsetDateTime>,
    /// Failed attempts since the last success or `retry`.
    #[serde(default)]
    pub(crate) attempts: u32,
    /// The last error in full (may quote the server's reply); shown by `porth outbox list`.
    #[serde(default)]
    pub(crate) last_error: Option<String>,
}

/// What is left after delivery: enough to answer "did my form arrive?", nothing personal.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Receipt {
    pub(crate) reference: Reference,
    pub(crate) form: FormId,
    #[serde(with = "time::serde::rfc3339")]
    pub(crate) accepted_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub(crate) team_sent_at: OffsetDateTime,
    /// `None` when the sender gave no e-mail address.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub(crate) ack_sent_at: Option<OffsetDateTime>,
    pub(crate) status: String,
}

/// One line of `porth outbox list`.
#[derive(Debug, Clone)]
pub(crate) struct Listed {
    pub(crate) failed: bool,
    pub(crate) state: DeliveryState,
}

impl Outbox {
    /// Opens (creating) the outbox folders, owner-only: they hold personal data.
    pub(crate) fn open(dir: &Path) -> Result<Outbox> {
        for sub in ["", "pending", "failed", "receipts", "tmp"] {
            let path = dir.join(sub);
            DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(&path)
                .with_context(|| format!("failed to create outbox folder `{}`", path.display()))?;
            fs::set_permissions(&path, fs::Permissions::from_mode(0o700))
                .with_context(|| format!("failed to make `{}` owner-only", path.display()))?;
        }
        Ok(Outbox { dir: dir.to_path_buf(), wake: tokio::sync::Notify::new() })
    }

    #[cfg(test)]
    pub(crate) fn dir(&self) -> &Path {
        &self.dir
    }

    fn pending(&self, r: &Reference) -> PathBuf {
        self.dir.join("pending").join(r.as_str())
    }

    fn failed(&self, r: &Reference) -> PathBuf {
        self.dir.join("failed").join(r.as_str())
    }

    fn receipt(&self, r: &Reference) -> PathBuf {
        self.dir.join("receipts").join(format!("{r}.json"))
    }

    /// Stores a submission durably: when this returns `Ok`, it survives a crash or power
    /// cut and will be delivered. Accepting the same reference again does nothing, so a
    /// double-clicked submit cannot send twice. Blocking file I/O: call it from
    /// `spawn_blocking` in async code.
    pub(crate) fn accept(&self, s: &Submission) -> Result<()> {
        let r = &s.reference;
        if self.knows(r) {
            return Ok(());
        }
        let mut nonce = [0u8; 8];
        getrandom::fill(&mut nonce).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
        let nonce: String = nonce.iter().map(|b| format!("{b:02x}")).collect();
        let tmp = self.dir.join("tmp").join(format!("{r}.{nonce}"));
        let result = (|| -> Result<()> {
            DirBuilder::new().mode(0o700).create(&tmp).with_context(|| format!("failed to create `{}`", tmp.display()))?;
            write_new(&tmp.join(SUBMISSION), &serde_json::to_vec_pretty(s)?)?;
            for (i, a) in s.attachments.iter().enumerate() {
                write_new(&tmp.join(format!("attachment-{i}")), &a.bytes)?;
            }
            let state = DeliveryState {
                reference: r.clone(),
                form: s.form.clone(),
                accepted_at: OffsetDateTime::now_utc(),
                team_sent_at: None,
                ack_sent_at: None,
                attempts: 0,
                last_error: None,
            };
            write_new(&tmp.join(STATE), &serde_json::to_vec_pretty(&state)?)?;
            sync_dir(&tmp)?;
            let target = self.pending(r);
            if let Err(e) = fs::rename(&tmp, &target) {
                // A concurrent accept of the same reference won the race: that is a success.
                if self.knows(r) {
                    let _ = fs::remove_dir_all(&tmp);
                    return Ok(());
                }
                return Err(e).with_context(|| format!("failed to move submission {r} into `{}`", target.display()));
            }
            sync_dir(&self.dir.join("pending"))
        })();
        if result.is_err() {
            let _ = fs::remove_dir_all(&tmp);
        }
        result?;
        tracing::info!(reference = %r, form = %s.form, "submission accepted into the outbox");
        self.wake.notify_one();
        Ok(())
    }

    /// Whether a reference is pending, failed or already delivered.
    fn knows(&self, r: &Reference) -> bool {
        self.pending(r).exists() || self.failed(r).exists() || self.receipt(r).exists()
    }

    pub(crate) fn backlog(&self) -> Backlog {
        let count = |sub: &str| fs::read_dir(self.dir.join(sub)).map(|rd| rd.filter_map(|e| e.ok()).count()).unwrap_or(0);
        Backlog { pending: count("pending"), failed: count("failed") }
    }

    /// Pending references, oldest first (by acceptance time).
    pub(crate) fn pending_refs(&self) -> Result<Vec<Reference>> {
        let mut listed: Vec<Listed> = self.list()?.into_iter().filter(|l| !l.failed).collect();
        listed.sort_by_key(|l| (l.state.accepted_at, l.state.reference.clone()));
        Ok(listed.into_iter().map(|l| l.state.reference).collect())
    }

    /// Every pending and failed submission with its delivery state.
    pub(crate) fn list(&self) -> Result<Vec<Listed>> {
        let mut out = vec![];
        for (sub, failed) in [("pending", false), ("failed", true)] {
            let dir = self.dir.join(sub);
            let rd = fs::read_dir(&dir).with_context(|| format!("failed to read `{}`", dir.display()))?;
            for entry in rd {
                let entry = entry.with_context(|| format!("failed to read `{}`", dir.display()))?;
                let path = entry.path().join(STATE);
                let state: DeliveryState = read_json(&path)?;
                out.push(Listed { failed, state });
            }
        }
        out.sort_by_key(|l| (l.failed, l.state.accepted_at, l.state.reference.clone()));
        Ok(out)
    }

    /// A pending submission with its attachments' bytes, and its delivery state.
    pub(crate) fn load(&self, r: &Reference) -> Result<(Submission, DeliveryState)> {
        let dir = self.pending(r);
        let mut s: Submission = read_json(&dir.join(SUBMISSION))?;
        for (i, a) in s.attachments.iter_mut().enumerate() {
            let path = dir.join(format!("attachment-{i}"));
            a.bytes = fs::read(&path).with_context(|| format!("failed to read `{}`", path.display()))?;
        }
        let state = read_json(&dir.join(STATE))?;
        Ok((s, state))
    }

    /// Records a pending submission's delivery state durably.
    pub(crate) fn save_state(&self, state: &DeliveryState) -> Result<()> {
        write_replace(&self.pending(&state.reference).join(STATE), &serde_json::to_vec_pretty(state)?)
    }

    /// Both messages are delivered: write the receipt, then delete the personal data.
    /// A crash in between leaves a pending entry whose messages are all marked sent;
    /// the next pass only repeats this step.
    pub(crate) fn finish(&self, state: &DeliveryState) -> Result<Receipt> {
        let r = &state.reference;
        let receipt = Receipt {
            reference: r.clone(),
            form: state.form.clone(),
            accepted_at: state.accepted_at,
            team_sent_at: state.team_sent_at.context("finish() before the team e-mail was sent")?,
            ack_sent_at: state.ack_sent_at,
            status: "delivered".into(),
        };
        write_replace(&self.receipt(r), &serde_json::to_vec_pretty(&receipt)?)?;
        let dir = self.pending(r);
        fs::remove_dir_all(&dir).with_context(|| format!("failed to delete delivered submission `{}`", dir.display()))?;
        sync_dir(&self.dir.join("pending"))?;
        Ok(receipt)
    }

    #[cfg(test)]
    pub(crate) fn read_receipt(&self, r: &Reference) -> Result<Option<Receipt>> {
        let path = self.receipt(r);
        if path.exists() { read_json(&path).map(Some) } else { Ok(None) }
    }

    /// A permanent refusal: keep the submission in `failed/` for a person to look at.
    pub(crate) fn fail(&self, mut state: DeliveryState, error: String) -> Result<()> {
        let r = state.reference.clone();
        state.last_error = Some(error);
        self.save_state(&state)?;
        let (from, to) = (self.pending(&r), self.failed(&r));
        fs::rename(&from, &to).with_context(|| format!("failed to move `{}` to `{}`", from.display(), to.display()))?;
        sync_dir(&self.dir.join("failed"))?;
        sync_dir(&self.dir.join("pending"))
    }

    /// Moves failed submissions back to pending (all of them when `only` is `None`),
    /// keeping which messages were already sent. Returns the references moved.
    pub(crate) fn retry(&self, only: Option<&Reference>) -> Result<Vec<Reference>> {
        let refs: Vec<Reference> = match only {
            Some(r) => {
                if !self.failed(r).exists() {
                    bail!("{r} is not in the failed folder; `porth outbox list` shows what is");
                }
                vec![r.clone()]
            }
            None => self.list()?.into_iter().filter(|l| l.failed).map(|l| l.state.reference).collect(),
        };
        for r in &refs {
            let (from, to) = (self.failed(r), self.pending(r));
            let mut state: DeliveryState = read_json(&from.join(STATE))?;
            state.attempts = 0;
            write_replace(&from.join(STATE), &serde_json::to_vec_pretty(&state)?)?;
            fs::rename(&from, &to).with_context(|| format!("failed to move `{}` to `{}`", from.display(), to.display()))?;
        }
        sync_dir(&self.dir.join("pending"))?;
        sync_dir(&self.dir.join("failed"))?;
        if !refs.is_empty() {
            self.wake.notify_one();
        }
        Ok(refs)
    }

    /// Held while sending, so the server's worker and `porth outbox send` never deliver
    /// the same submission at once.
    pub(crate) fn lock(&self) -> Result<Option<File>> {
        let path = self.dir.join("worker.lock");
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .mode(0o600)
            .open(&path)
            .with_context(|| format!("failed to open `{}`", path.display()))?;
        match file.try_lock() {
            Ok(()) => Ok(Some(file)),
            Err(fs::TryLockError::WouldBlock) => Ok(None),
            Err(fs::TryLockError::Error(e)) => Err(e).with_context(|| format!("failed to lock `{}`", path.display())),
        }
    }
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T> {
    let bytes = fs::read(path).with_context(|| format!("failed to read `{}`", path.display()))?;
    serde_json::from_slice(&bytes).with_context(|| format!("`{}` is not a valid outbox file", path.display()))
}

/// Creates a new owner-only file and forces it to disk.
fn write_new(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut f = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("failed to create `{}`", path.display()))?;
    f.write_all(bytes).with_context(|| format!("failed to write `{}`", path.display()))?;
    f.sync_all().with_context(|| format!("failed to flush `{}` to disk", path.display()))
}

/// Replaces a file atomically and durably: a reader (or a restart) sees the old or the
/// new content, never half of it.
fn write_replace(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = path.with_extension("json.tmp");
    let _ = fs::remove_file(&tmp);
    write_new(&tmp, bytes)?;
    fs::rename(&tmp, path).with_context(|| format!("failed to replace `{}`", path.display()))?;
    sync_dir(path.parent().expect("outbox files live in a folder"))
}

/// A rename is only durable once the folder holding it is flushed.
fn sync_dir(dir: &Path) -> Result<()> {
    File::open(dir)
        .and_then(|d| d.sync_all())
        .with_context(|| format!("failed to flush folder `{}` to disk", dir.display()))
}
