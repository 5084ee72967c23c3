//! The files backend (`FileStore`), and the records both backends share (delivery state,
//! receipt, snapshot). The outbox on disk: durable writes (write, fsync, rename, fsync the folder), the
//! per-submission delivery state, receipts, moving between `pending/` and `failed/`,
//! setting unreadable entries aside in `corrupt/`, and purging after the retention period.
//! Everything here is blocking file I/O: async code calls it through `spawn_blocking`.

use super::{SenderLock, Store, Submission};
use crate::forms::FormId;
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

/// The outbox in a folder: for one server with a persistent disk, and no setup.
pub(crate) struct FileStore {
    dir: PathBuf,
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
    /// SHA-256 of the submission as stored, so the same submission accepted again after
    /// delivery is recognised (and not sent twice) while a different one that drew the same
    /// reference is not mistaken for it. A digest of a document with a random reference and
    /// a time to the nanosecond: nothing personal can be read back from it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) fingerprint: Option<String>,
    /// The submission's `sender` key, so a retried Send is recognised after delivery too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) sender: Option<String>,
    /// What `porth outbox export` hands over: route, dates, languages; nothing personal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) handoff: Option<super::export::Handoff>,
}

/// The `sender` key inside a stored submission's JSON, if it has one.
pub(crate) fn sender_of(json: &[u8]) -> Option<String> {
    #[derive(Deserialize)]
    struct Only {
        #[serde(default)]
        sender: Option<String>,
    }
    serde_json::from_slice::<Only>(json).ok().and_then(|o| o.sender)
}

/// The fingerprint of a submission's stored JSON (see `Receipt::fingerprint`).
pub(crate) fn fingerprint(json: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(json).iter().map(|b| format!("{b:02x}")).collect()
}

/// A waiting (pending or failed) submission exactly as stored, for `porth outbox migrate`:
/// the submission's JSON byte for byte (so its fingerprint, and so its recognition if it
/// is posted again, is unchanged), its files, and its delivery state (which messages have
/// gone: a message recorded as sent is not sent again from the other backend).
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub(crate) json: Vec<u8>,
    pub(crate) attachments: Vec<Vec<u8>>,
    pub(crate) state: DeliveryState,
    pub(crate) failed: bool,
}

/// What `Store::put` found at the destination.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Put {
    Stored,
    /// This very submission is there already (an earlier, interrupted migrate stored it, and
    /// it may have been delivered since): nothing is written, the source copy can go.
    Already,
    /// Another submission has this reference there: nothing is written.
    Taken,
}

/// One line of `porth outbox list`.
#[derive(Debug, Clone)]
pub(crate) struct Listed {
    pub(crate) failed: bool,
    pub(crate) state: DeliveryState,
}

impl FileStore {
    /// Opens (creating) the outbox folders, owner-only: they hold personal data.
    pub(crate) fn open(dir: &Path) -> Result<FileStore> {
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
        Ok(FileStore { dir: dir.to_path_buf() })
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
    fn accept_as(&self, s: &Submission) -> Result<Placed> {
        let r = &s.reference;
        let json = serde_json::to_vec_pretty(s)?;
        if self.knows(r) {
            return Ok(self.placed(r, &json, s.sender.as_deref()));
        }
        let mut nonce = [0u8; 8];
        getrandom::fill(&mut nonce).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
        let nonce: String = nonce.iter().map(|b| format!("{b:02x}")).collect();
        let tmp = self.dir.join("tmp").join(format!("{r}.{nonce}"));
        let result = (|| -> Result<Placed> {
            DirBuilder::new()
                .mode(0o700)
                .create(&tmp)
                .with_context(|| format!("failed to create `{}`", tmp.display()))?;
            write_new(&tmp.join(SUBMISSION), &json)?;
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
                // A concurrent accept of the same reference won the race.
                if self.knows(r) {
                    let _ = fs::remove_dir_all(&tmp);
                    return Ok(self.placed(r, &json, s.sender.as_deref()));
                }
                return Err(e).with_context(|| format!("failed to move submission {r} into `{}`", target.display()));
            }
            sync_dir(&self.dir.join("pending"))?;
            Ok(Placed::Stored)
        })();
        if result.is_err() {
            let _ = fs::remove_dir_all(&tmp);
        }
        result
    }
    /// A known reference: the same submission again (stored once, or already delivered:
    /// its receipt's fingerprint), the same sender's Send retried (its `sender` key), or
    /// another's.
    fn placed(&self, r: &Reference, json: &[u8], sender: Option<&str>) -> Placed {
        let ours = |b: &[u8]| b == json || sender.is_some_and(|k| sender_of(b).as_deref() == Some(k));
        let waiting =
            [self.pending(r), self.failed(r)].iter().any(|d| fs::read(d.join(SUBMISSION)).is_ok_and(|b| ours(&b)));
        let delivered = || {
            read_json::<Receipt>(&self.receipt(r)).ok().is_some_and(|rc| {
                rc.fingerprint.is_some_and(|f| f == fingerprint(json))
                    || sender.is_some_and(|k| rc.sender.as_deref() == Some(k))
            })
        };
        if waiting || delivered() { Placed::Already } else { Placed::Taken }
    }
    /// Whether a reference is pending, failed or already delivered.
    fn knows(&self, r: &Reference) -> bool {
        self.pending(r).exists() || self.failed(r).exists() || self.receipt(r).exists()
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
            let read = read_json::<DeliveryState>(&entry.path().join(STATE));
            // Listed, then delivered (or moved to `failed/`) before its state was read: it is
            // gone, not unreadable. Entries only ever leave a folder by one rename, so one
            // that is still there is whole.
            if read.is_err() && !entry.path().exists() {
                continue;
            }
            match read {
                Ok(state) if state.reference.as_str() == name => good.push(Listed { failed: sub == "failed", state }),
                Ok(state) => bad.push(Unreadable {
                    name,
                    reason: format!("its state.json names another reference ({})", state.reference),
                }),
                Err(e) => bad.push(Unreadable { name, reason: format!("{e:#}") }),
            }
        }
        Ok((good, bad))
    }

    /// The folder a waiting entry is in, and whether it is `failed/`.
    fn waiting(&self, r: &Reference) -> Option<(PathBuf, bool)> {
        [(self.pending(r), false), (self.failed(r), true)].into_iter().find(|(d, _)| d.is_dir())
    }

    fn count(&self) -> Backlog {
        let count =
            |sub: &str| fs::read_dir(self.dir.join(sub)).map(|rd| rd.filter_map(|e| e.ok()).count()).unwrap_or(0);
        Backlog { pending: count("pending"), failed: count("failed") }
    }
}

/// Whether `accept_as` stored a submission.
enum Placed {
    Stored,
    /// The same submission was already there.
    Already,
    /// Another submission has this reference.
    Taken,
}

impl Store for FileStore {
    /// Deletes what a crash left half-written in `tmp/`: never confirmed to anyone, and
    /// possibly holding a family's answers. Only at start-up, before anything is accepted.
    fn clean_tmp(&self) -> Result<usize> {
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
    fn dir(&self) -> Option<&Path> {
        Some(&self.dir)
    }
    /// Stores a submission durably: when this returns `Ok`, it survives a crash or power
    /// cut and will be delivered. If another submission already has its reference, it is
    /// stored under a new one (returned); the same submission accepted twice is stored once.
    fn accept(&self, s: &Submission) -> Result<Reference> {
        let mut s = std::borrow::Cow::Borrowed(s);
        // A clash is one in 30^8 per pair; ten in a row means something else is wrong.
        for _ in 0..10 {
            match self.accept_as(&s)? {
                Placed::Stored | Placed::Already => return Ok(s.reference.clone()),
                Placed::Taken => s = std::borrow::Cow::Owned(super::redraw(&s)?),
            }
        }
        bail!("no free reference after ten draws")
    }
    fn kind(&self) -> &'static str {
        "files"
    }

    fn backlog(&self) -> Result<Backlog> {
        Ok(self.count())
    }
    /// Pending references, oldest first (by acceptance time), and the pending entries that
    /// could not be read.
    fn pending_refs(&self) -> Result<(Vec<Reference>, Vec<Unreadable>)> {
        let (mut listed, bad) = self.scan("pending")?;
        listed.sort_by_key(|l| (l.state.accepted_at, l.state.reference.clone()));
        Ok((listed.into_iter().map(|l| l.state.reference).collect(), bad))
    }
    /// Every readable pending and failed submission with its delivery state.
    fn list(&self) -> Result<Vec<Listed>> {
        let mut out = self.scan("pending")?.0;
        out.extend(self.scan("failed")?.0);
        out.sort_by_key(|l| (l.failed, l.state.accepted_at, l.state.reference.clone()));
        Ok(out)
    }
    /// Moves an unreadable pending entry to `corrupt/<name>`, with its reason beside it in
    /// `corrupt/<name>.reason`, so the worker can go on with the others. A person looks at
    /// it, fixes it and moves it back into `pending/`.
    fn set_aside(&self, name: &str, reason: &str) -> Result<()> {
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
    fn corrupt(&self) -> Result<Vec<Unreadable>> {
        let dir = self.dir.join("corrupt");
        let mut out = vec![];
        for entry in fs::read_dir(&dir).with_context(|| format!("failed to read `{}`", dir.display()))? {
            let path = entry.with_context(|| format!("failed to read `{}`", dir.display()))?.path();
            let name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
            if name.ends_with(".reason") || name.ends_with(".tmp") {
                continue;
            }
            let reason =
                fs::read_to_string(dir.join(format!("{name}.reason"))).unwrap_or_else(|_| "no reason recorded".into());
            out.push(Unreadable { name, reason });
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }
    /// Counts, the entries set aside and the oldest pending acceptance time, for `/healthz`.
    fn snapshot(&self) -> Result<Snapshot> {
        let (pending, unreadable) = self.scan("pending")?;
        let mut corrupt: Vec<String> = self.corrupt()?.into_iter().map(|u| u.name).collect();
        corrupt.extend(unreadable.into_iter().map(|u| u.name));
        Ok(Snapshot {
            pending: pending.len(),
            failed: self.count().failed,
            corrupt,
            oldest_pending: pending.iter().map(|l| l.state.accepted_at).min(),
        })
    }
    /// Deletes receipts, failed submissions and set-aside entries older than `days`: the
    /// retention period the privacy notice states. Receipts and set-aside entries are
    /// judged by when they were written, failed submissions by when they were accepted.
    fn purge(&self, days: u32) -> Result<Purged> {
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
                if sub == "receipts" {
                    purged.receipts += 1
                } else if !path.to_string_lossy().ends_with(".reason") {
                    purged.corrupt += 1
                }
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
    fn load(&self, r: &Reference) -> Result<(Submission, DeliveryState)> {
        let dir = self.pending(r);
        let mut s: Submission = read_json(&dir.join(SUBMISSION))?;
        for (i, a) in s.attachments.iter_mut().enumerate() {
            let path = dir.join(format!("attachment-{i}"));
            a.bytes = fs::read(&path).with_context(|| format!("failed to read `{}`", path.display()))?;
        }
        let mut state: DeliveryState = read_json(&dir.join(STATE))?;
        // A crash inside `finish`, after the receipt and before the folder's deletion: the
        // receipt is the acknowledgement's only record (the worker does not save it in
        // `state.json` first), so what it says was sent is not sent again.
        if let Some(receipt) = self.read_receipt(r)? {
            state.team_sent_at.get_or_insert(receipt.team_sent_at);
            if let Some(at) = receipt.ack_sent_at {
                state.ack_sent_at.get_or_insert(at);
            }
        }
        Ok((s, state))
    }
    /// Records a pending submission's delivery state durably.
    fn save_state(&self, state: &DeliveryState) -> Result<()> {
        write_replace(&self.pending(&state.reference).join(STATE), &serde_json::to_vec_pretty(state)?)
    }
    /// Both messages are delivered: write the receipt, then delete the personal data.
    /// A crash in between leaves a pending entry beside its receipt; `load` reads what the
    /// receipt says was sent, so the next pass only repeats this step.
    fn finish(&self, state: &DeliveryState) -> Result<Receipt> {
        let r = &state.reference;
        let json = fs::read(self.pending(r).join(SUBMISSION)).ok();
        let receipt = Receipt {
            reference: r.clone(),
            form: state.form.clone(),
            accepted_at: state.accepted_at,
            team_sent_at: state.team_sent_at.context("finish() before the team e-mail was sent")?,
            ack_sent_at: state.ack_sent_at,
            status: "delivered".into(),
            fingerprint: json.as_deref().map(fingerprint),
            sender: json.as_deref().and_then(sender_of),
            handoff: json
                .as_deref()
                .and_then(|j| serde_json::from_slice::<Submission>(j).ok())
                .map(|s| super::export::Handoff::of(&s)),
        };
        write_replace(&self.receipt(r), &serde_json::to_vec_pretty(&receipt)?)?;
        // Out of `pending/` in one rename, then deleted: a reader listing `pending/` (the
        // worker, `/healthz`) never finds the entry half deleted, which it would have to
        // count as unreadable. A crash before the deletion leaves it in `tmp/`, cleared at
        // start.
        let dir = self.pending(r);
        let gone = self.dir.join("tmp").join(format!("{r}.delivered.{}", nonce()?));
        match fs::rename(&dir, &gone) {
            // Moved by an earlier try whose folder flush failed.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            other => other.with_context(|| format!("failed to move delivered submission `{}`", dir.display()))?,
        }
        sync_dir(&self.dir.join("pending"))?;
        match fs::remove_dir_all(&gone) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            other => other.with_context(|| format!("failed to delete delivered submission `{}`", gone.display()))?,
        }
        Ok(receipt)
    }
    fn read_receipt(&self, r: &Reference) -> Result<Option<Receipt>> {
        let path = self.receipt(r);
        if path.exists() { read_json(&path).map(Some) } else { Ok(None) }
    }
    fn receipts(&self) -> Result<Vec<Receipt>> {
        let dir = self.dir.join("receipts");
        let mut out = vec![];
        for entry in fs::read_dir(&dir).with_context(|| format!("failed to read `{}`", dir.display()))? {
            let path = entry.with_context(|| format!("failed to read `{}`", dir.display()))?.path();
            if path.extension().is_some_and(|x| x == "json") {
                out.push(read_json(&path)?);
            }
        }
        Ok(out)
    }
    /// A permanent refusal: keep the submission in `failed/` for a person to look at.
    fn fail(&self, mut state: DeliveryState, error: String) -> Result<()> {
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
    fn retry(&self, only: Option<&Reference>) -> Result<Vec<Reference>> {
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
            fs::rename(&from, &to)
                .with_context(|| format!("failed to move `{}` to `{}`", from.display(), to.display()))?;
        }
        sync_dir(&self.dir.join("pending"))?;
        sync_dir(&self.dir.join("failed"))?;
        Ok(refs)
    }
    /// Held by the one process that delivers: `porth serve`'s worker for as long as it
    /// runs, or `porth outbox send` for its one pass. Two senders could otherwise send the
    /// same message at once. `None` when another process holds it.
    fn lock(&self) -> Result<Option<SenderLock>> {
        let path = self.dir.join("worker.lock");
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .mode(0o600)
            .open(&path)
            .with_context(|| format!("failed to open `{}`", path.display()))?;
        match file.try_lock() {
            Ok(()) => Ok(Some(Box::new(file))),
            Err(fs::TryLockError::WouldBlock) => Ok(None),
            Err(fs::TryLockError::Error(e)) => Err(e).with_context(|| format!("failed to lock `{}`", path.display())),
        }
    }

    /// The worker lock: no `porth serve` or `porth outbox send` delivers from (or into) this
    /// folder while a migrate holds it, and a second migrate is refused.
    fn hold_for_move(&self) -> Result<SenderLock> {
        self.lock()?.with_context(|| {
            format!(
                "a `porth serve` or `porth outbox send` is using the outbox in `{}` (it holds worker.lock): stop it, then run `porth outbox migrate` again",
                self.dir.display()
            )
        })
    }

    fn take(&self, r: &Reference) -> Result<Option<Entry>> {
        let Some((dir, failed)) = self.waiting(r) else { return Ok(None) };
        let json = fs::read(dir.join(SUBMISSION))
            .with_context(|| format!("failed to read `{}`", dir.join(SUBMISSION).display()))?;
        let s: Submission = serde_json::from_slice(&json)
            .with_context(|| format!("`{}` is not a valid outbox file", dir.join(SUBMISSION).display()))?;
        let mut attachments = vec![];
        for i in 0..s.attachments.len() {
            let path = dir.join(format!("attachment-{i}"));
            attachments.push(fs::read(&path).with_context(|| format!("failed to read `{}`", path.display()))?);
        }
        Ok(Some(Entry { json, attachments, state: read_json(&dir.join(STATE))?, failed }))
    }

    /// Written whole in `tmp/`, then renamed into `pending/` or `failed/`: a crash leaves
    /// the entry there completely or not at all.
    fn put(&self, e: &Entry) -> Result<Put> {
        let r = &e.state.reference;
        if self.knows(r) {
            return Ok(match self.placed(r, &e.json, None) {
                Placed::Taken => Put::Taken,
                _ => Put::Already,
            });
        }
        let tmp = self.dir.join("tmp").join(format!("{r}.{}", nonce()?));
        let result = (|| -> Result<Put> {
            DirBuilder::new()
                .mode(0o700)
                .create(&tmp)
                .with_context(|| format!("failed to create `{}`", tmp.display()))?;
            write_new(&tmp.join(SUBMISSION), &e.json)?;
            for (i, bytes) in e.attachments.iter().enumerate() {
                write_new(&tmp.join(format!("attachment-{i}")), bytes)?;
            }
            write_new(&tmp.join(STATE), &serde_json::to_vec_pretty(&e.state)?)?;
            sync_dir(&tmp)?;
            let target = if e.failed { self.failed(r) } else { self.pending(r) };
            fs::rename(&tmp, &target)
                .with_context(|| format!("failed to move submission {r} into `{}`", target.display()))?;
            sync_dir(target.parent().expect("inside the outbox"))?;
            Ok(Put::Stored)
        })();
        if result.is_err() {
            let _ = fs::remove_dir_all(&tmp);
        }
        result
    }

    /// One rename out of `pending/` or `failed/` (into `tmp/`, deleted next, or when `porth
    /// serve` starts): a crash never leaves half an entry where it would be read.
    fn remove(&self, e: &Entry) -> Result<()> {
        let r = &e.state.reference;
        let Some((dir, _)) = self.waiting(r) else { return Ok(()) };
        let gone = self.dir.join("tmp").join(format!("{r}.moved.{}", nonce()?));
        fs::rename(&dir, &gone).with_context(|| format!("failed to move `{}` out of the outbox", dir.display()))?;
        sync_dir(dir.parent().expect("inside the outbox"))?;
        fs::remove_dir_all(&gone).with_context(|| format!("failed to delete `{}`", gone.display()))
    }

    /// One process delivers at a time (the lock), so a claim is just a load.
    fn claim(&self, r: &Reference) -> Result<Option<(Submission, DeliveryState)>> {
        self.load(r).map(Some)
    }
}

fn nonce() -> Result<String> {
    let mut nonce = [0u8; 8];
    getrandom::fill(&mut nonce).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
    Ok(nonce.iter().map(|b| format!("{b:02x}")).collect())
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
