//! The outbox on disk: durable writes (write, fsync, rename, fsync the folder), the
//! per-submission delivery state, receipts, moving between `pending/` and `failed/`,
//! setting unreadable entries aside in `corrupt/`, and purging after the retention period.
//! Everything here is blocking file I/O: async code calls it through `spawn_blocking`.

use super::Submission;
use crate::site::forms::FormId;
use crate::service::reference::Reference;
use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};
use std::fs::{self, DirBuilder, File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::AtomicU32;
use std::time::Instant;
use time::OffsetDateTime;

const SUBMISSION: &str = "submission.json";
const STATE: &str = "state.json";

pub(crate) struct Outbox {
    dir: PathBuf,
    /// Wakes the worker when a submission is accepted, so delivery starts at once.
    pub(super) wake: tokio::sync::Notify,
    /// What `/healthz` needs to know about the worker and the disk, kept in memory.
    pub(crate) status: Status,
}

/// The worker's signs of life and the last write failure, for `/healthz`.
#[derive(Default)]
pub(crate) struct Status {
    /// When the worker last finished a message or looked for work.
    heartbeat: Mutex<Option<Instant>>,
    /// Times the worker panicked and was started again.
    pub(crate) restarts: AtomicU32,
    /// Why the last submission could not be written (disk full, read-only), until one is.
    /// An error kind, never a path with a reference or anything personal.
    write_error: Mutex<Option<String>>,
}

impl Status {
    pub(crate) fn beat(&self) {
        *self.heartbeat.lock().expect("status poisoned") = Some(Instant::now());
    }

    /// Time since the worker last showed it is alive; `None` before it first ran.
    pub(crate) fn since_heartbeat(&self) -> Option<std::time::Duration> {
        self.heartbeat.lock().expect("status poisoned").map(|t| t.elapsed())
    }

    pub(crate) fn write_error(&self) -> Option<String> {
        self.write_error.lock().expect("status poisoned").clone()
    }

    fn set_write_error(&self, e: Option<String>) {
        *self.write_error.lock().expect("status poisoned") = e;
    }
}

/// What `/healthz` reports about the folders.
#[derive(Debug, Clone, Default)]
pub(crate) struct Snapshot {
    pub(crate) pending: usize,
    pub(crate) failed: usize,
    /// Names of the entries set aside in `corrupt/`.
    pub(crate) corrupt: Vec<String>,
    pub(crate) oldest_pending: Option<OffsetDateTime>,
}

/// An entry that could not be read, and why (for `porth outbox list`, not for logs: a
/// parser's message can quote the file).
#[derive(Debug, Clone)]
pub(crate) struct Unreadable {
    pub(crate) name: String,
    pub(crate) reason: String,
}

/// What `purge` deleted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Purged {
    pub(crate) receipts: usize,
    pub(crate) failed: Vec<String>,
    pub(crate) corrupt: usize,
}

/// How many submissions are waiting, for logs and a health check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub(crate) struct Backlog {
    pub(crate) pending: usize,
    pub(crate) failed: usize,
}

/// Which messages of a submission have gone, written durably right after each send, so a
/// restart sends only what is not recorded (a hard kill between the server's acceptance and
/// this record is the one case that repeats a message). No personal data: `porth outbox
/// list` reads only this.
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
        for sub in ["", "pending", "failed", "receipts", "tmp", "corrupt"] {
            let path = dir.join(sub);
            DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(&path)
                .with_context(|| format!("failed to create outbox folder `{}`", path.display()))?;
            fs::set_permissions(&path, fs::Permissions::from_mode(0o700))
                .with_context(|| format!("failed to make `{}` owner-only", path.display()))?;
        }
        Ok(Outbox { dir: dir.to_path_buf(), wake: tokio::sync::Notify::new(), status: Status::default() })
    }

    /// Deletes what a crash left half-written in `tmp/`: never confirmed to anyone, and
    /// possibly holding a family's answers. Only at start-up, before anything is accepted.
    pub(crate) fn clean_tmp(&self) -> Result<usize> {
        let dir = self.dir.join("tmp");
        let mut n = 0;
        for entry in fs::read_dir(&dir).with_context(|| format!("failed to read `{}`", dir.display()))? {
            let path = entry.with_context(|| format!("failed to read `{}`", dir.display()))?.path();
            let gone = if path.is_dir() { fs::remove_dir_all(&path) } else { fs::remove_file(&path) };
            gone.with_context(|| format!("failed to delete `{}`", path.display()))?;
            n += 1;
        }
        Ok(n)
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
        if let Err(e) = &result {
            let _ = fs::remove_dir_all(&tmp);
            // Only the kind of failure: the error's own text names the reference's folder.
            let kind = e.chain().find_map(|c| c.downcast_ref::<std::io::Error>()).map(|io| io.kind().to_string()).unwrap_or_else(|| "not written".into());
            self.status.set_write_error(Some(format!("the outbox could not store a submission: {kind}")));
        }
        result?;
        self.status.set_write_error(None);
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

    /// Pending references, oldest first (by acceptance time), and the pending entries that
    /// could not be read.
    pub(crate) fn pending_refs(&self) -> Result<(Vec<Reference>, Vec<Unreadable>)> {
        let (mut listed, bad) = self.scan("pending")?;
        listed.sort_by_key(|l| (l.state.accepted_at, l.state.reference.clone()));
        Ok((listed.into_iter().map(|l| l.state.reference).collect(), bad))
    }

    /// Every readable pending and failed submission with its delivery state.
    pub(crate) fn list(&self) -> Result<Vec<Listed>> {
        let mut out = self.scan("pending")?.0;
        out.extend(self.scan("failed")?.0);
        out.sort_by_key(|l| (l.failed, l.state.accepted_at, l.state.reference.clone()));
        Ok(out)
    }

    /// The entries of `pending/` or `failed/`: those whose state reads, and those that do not.
    /// One bad entry never stops the others being listed.
    fn scan(&self, sub: &str) -> Result<(Vec<Listed>, Vec<Unreadable>)> {
        let (mut good, mut bad) = (vec![], vec![]);
        let dir = self.dir.join(sub);
        let rd = fs::read_dir(&dir).with_context(|| format!("failed to read `{}`", dir.display()))?;
        for entry in rd {
            let entry = entry.with_context(|| format!("failed to read `{}`", dir.display()))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            match read_json::<DeliveryState>(&entry.path().join(STATE)) {
                Ok(state) if state.reference.as_str() == name => good.push(Listed { failed: sub == "failed", state }),
                Ok(state) => bad.push(Unreadable { name, reason: format!("its state.json names another reference ({})", state.reference) }),
                Err(e) => bad.push(Unreadable { name, reason: format!("{e:#}") }),
            }
        }
        Ok((good, bad))
    }

    /// Moves an unreadable pending entry to `corrupt/<name>`, with its reason beside it in
    /// `corrupt/<name>.reason`, so the worker can go on with the others. A person looks at
    /// it, fixes it and moves it back into `pending/`.
    pub(crate) fn set_aside(&self, name: &str, reason: &str) -> Result<()> {
        let from = self.dir.join("pending").join(name);
        let mut to = self.dir.join("corrupt").join(name);
        if to.exists() {
            to = self.dir.join("corrupt").join(format!("{name}.{}", OffsetDateTime::now_utc().unix_timestamp()));
        }
        fs::rename(&from, &to).with_context(|| format!("failed to move `{}` to `{}`", from.display(), to.display()))?;
        let note = to.with_file_name(format!("{}.reason", to.file_name().unwrap_or_default().to_string_lossy()));
        write_replace(&note, reason.as_bytes())?;
        sync_dir(&self.dir.join("pending"))
    }

    /// What is in `corrupt/`, with the reason each was set aside.
    pub(crate) fn corrupt(&self) -> Result<Vec<Unreadable>> {
        let dir = self.dir.join("corrupt");
        let mut out = vec![];
        for entry in fs::read_dir(&dir).with_context(|| format!("failed to read `{}`", dir.display()))? {
            let path = entry.with_context(|| format!("failed to read `{}`", dir.display()))?.path();
            let name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
            if name.ends_with(".reason") || name.ends_with(".tmp") {
                continue;
            }
            let reason = fs::read_to_string(dir.join(format!("{name}.reason"))).unwrap_or_else(|_| "no reason recorded".into());
            out.push(Unreadable { name, reason });
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }

    /// Counts, the entries set aside and the oldest pending acceptance time, for `/healthz`.
    pub(crate) fn snapshot(&self) -> Result<Snapshot> {
        let (pending, unreadable) = self.scan("pending")?;
        let mut corrupt: Vec<String> = self.corrupt()?.into_iter().map(|u| u.name).collect();
        corrupt.extend(unreadable.into_iter().map(|u| u.name));
        Ok(Snapshot {
            pending: pending.len(),
            failed: self.backlog().failed,
            corrupt,
            oldest_pending: pending.iter().map(|l| l.state.accepted_at).min(),
        })
    }

    /// Deletes receipts, failed submissions and set-aside entries older than `days`: the
    /// retention period the privacy notice states. Receipts and set-aside entries are
    /// judged by when they were written, failed submissions by when they were accepted.
    pub(crate) fn purge(&self, days: u32) -> Result<Purged> {
        let cutoff = std::time::SystemTime::now() - std::time::Duration::from_secs(u64::from(days) * 86_400);
        let old = |p: &Path| fs::symlink_metadata(p).and_then(|m| m.modified()).is_ok_and(|t| t < cutoff);
        let mut purged = Purged::default();
        for sub in ["receipts", "corrupt"] {
            let dir = self.dir.join(sub);
            for entry in fs::read_dir(&dir).with_context(|| format!("failed to read `{}`", dir.display()))? {
                let path = entry.with_context(|| format!("failed to read `{}`", dir.display()))?.path();
                if !old(&path) {
                    continue;
                }
                let gone = if path.is_dir() { fs::remove_dir_all(&path) } else { fs::remove_file(&path) };
                gone.with_context(|| format!("failed to delete `{}`", path.display()))?;
                if sub == "receipts" { purged.receipts += 1 } else if !path.to_string_lossy().ends_with(".reason") { purged.corrupt += 1 }
            }
            sync_dir(&dir)?;
        }
        let cutoff_at = OffsetDateTime::now_utc() - time::Duration::days(i64::from(days));
        let dir = self.dir.join("failed");
        for entry in fs::read_dir(&dir).with_context(|| format!("failed to read `{}`", dir.display()))? {
            let path = entry.with_context(|| format!("failed to read `{}`", dir.display()))?.path();
            let expired = match read_json::<DeliveryState>(&path.join(STATE)) {
                Ok(state) => state.accepted_at < cutoff_at,
                Err(_) => old(&path),
            };
            if expired {
                fs::remove_dir_all(&path).with_context(|| format!("failed to delete `{}`", path.display()))?;
                purged.failed.push(path.file_name().unwrap_or_default().to_string_lossy().into_owned());
            }
        }
        sync_dir(&dir)?;
        Ok(purged)
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
            None => self.scan("failed")?.0.into_iter().map(|l| l.state.reference).collect(),
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

    /// Held by the one process that delivers: `porth serve`'s worker for as long as it
    /// runs, or `porth outbox send` for its one pass. Two senders could otherwise send the
    /// same message at once. `None` when another process holds it.
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
