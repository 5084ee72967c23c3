//! The durable outbox between the web forms and e-mail. A submission is stored durably (on
//! disk and fsynced, or committed in PostgreSQL) before the sender sees the confirmation page; a background worker then sends the team
//! e-mail and the sender's acknowledgement (at least once, each with a stable Message-ID;
//! see `worker` for exactly when a copy can be sent twice), and deletes the personal data
//! when both are delivered, keeping only a receipt.
//!
//! Where it is kept is a `Store`, chosen by `[storage] backend`: `store::FileStore` (the
//! default: a folder, for one server with a persistent disk) or `pg::PgStore` (PostgreSQL,
//! for containers and several instances sharing one database). `Outbox` wraps either with
//! what is the same for both: the worker's wake-up, its health, and logging.
//!
//! The files backend's layout under `outbox_dir` (all 0700 folders, 0600 files):
//! - `pending/<REF>/submission.json`, `pending/<REF>/attachment-<n>`, `pending/<REF>/state.json`
//! - `failed/<REF>/…`: the same, after a permanent (5xx) refusal; `porth outbox retry` moves it back
//! - `receipts/<REF>.json`: reference, form, times, status; no personal data
//! - `corrupt/<name>` and `corrupt/<name>.reason`: pending entries that could not be read,
//!   set aside so they do not hold up the others
//! - `tmp/`: half-written submissions, never read, deleted when `porth serve` starts
//! - `worker.lock`: held by the one process delivering

// The types live in `service::submission`; the form engine still names them through here.
pub(crate) use crate::service::submission::{AnswerRow, AnswerSection, Attachment, Submission};

use crate::service::reference::Reference;
use crate::service::settings::{StorageBackend, StorageSettings};
use anyhow::Result;
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::AtomicU32;
use std::time::Instant;

pub(crate) mod export;
mod migrate;
mod pg;
mod store;
mod worker;

pub(crate) use migrate::migrate;
pub(crate) use store::{Backlog, DeliveryState, Listed, Purged, Receipt, Snapshot, Unreadable};
use store::{Entry, Put};
pub(crate) use worker::{deliver_pending, start};

/// Held while a process may deliver, dropped when it stops. The files backend allows one
/// sender at a time (a lock file); PostgreSQL allows several, each message claimed with a
/// lease instead.
pub(crate) type SenderLock = Box<dyn Send + Sync>;

/// Where submissions are kept and how their delivery is recorded: the operations the
/// worker, the form handler, `/healthz` and `porth outbox` need, and nothing else. Every
/// method blocks (file I/O, fsyncs, a database round trip): async code calls them through
/// `spawn_blocking`. Each backend gives the same guarantees: `accept` returns only once
/// the submission survives a crash; `save_state` records a sent message durably before it
/// returns; `finish` deletes the personal data and keeps a receipt.
pub(crate) trait Store: Send + Sync {
    /// "files" or "postgres", for logs.
    fn kind(&self) -> &'static str;
    /// Deletes what a crash left half-written (never confirmed to anyone); at start-up.
    fn clean_tmp(&self) -> Result<usize>;
    /// Stores a submission durably and returns its reference: the one it carries, or a
    /// newly drawn one when another submission already has it (the same submission
    /// accepted twice, or one with the same `sender` key, keeps its reference and is stored
    /// once: a retried Send). The key is stored in the same step as the submission.
    fn accept(&self, s: &Submission) -> Result<Reference>;
    fn backlog(&self) -> Result<Backlog>;
    /// Pending references this process may take, oldest first, and pending entries that
    /// cannot be read.
    fn pending_refs(&self) -> Result<(Vec<Reference>, Vec<Unreadable>)>;
    /// Every readable pending and failed submission with its delivery state.
    fn list(&self) -> Result<Vec<Listed>>;
    /// Moves an unreadable pending entry aside with its reason, so the others go on.
    fn set_aside(&self, name: &str, reason: &str) -> Result<()>;
    /// What was set aside, and why.
    fn corrupt(&self) -> Result<Vec<Unreadable>>;
    fn snapshot(&self) -> Result<Snapshot>;
    /// Deletes receipts, failed and set-aside submissions older than `days`.
    fn purge(&self, days: u32) -> Result<Purged>;
    /// A pending submission and its state, without claiming it.
    fn load(&self, r: &Reference) -> Result<(Submission, DeliveryState)>;
    /// Claims a pending submission for this process's delivery and loads it; `None` when
    /// another instance holds it or it is no longer pending. A claim lasts until `finish`,
    /// `fail`, `release`, or the lease running out (PostgreSQL: a killed instance's work
    /// is taken over then).
    fn claim(&self, r: &Reference) -> Result<Option<(Submission, DeliveryState)>>;
    /// Gives a claim back before its lease runs out (shutting down, or the server deferred).
    fn release(&self, _r: &Reference) -> Result<()> {
        Ok(())
    }
    /// Records a pending submission's delivery state durably (and renews its claim).
    fn save_state(&self, state: &DeliveryState) -> Result<()>;
    /// Both messages are delivered: keep a receipt, delete the personal data.
    fn finish(&self, state: &DeliveryState) -> Result<Receipt>;
    fn read_receipt(&self, r: &Reference) -> Result<Option<Receipt>>;
    /// Every receipt kept (within the retention period), for `porth outbox export`.
    fn receipts(&self) -> Result<Vec<Receipt>>;
    /// A permanent refusal: keep the submission, as failed, for a person to look at.
    fn fail(&self, state: DeliveryState, error: String) -> Result<()>;
    /// Moves failed submissions back to pending (all, or one), keeping what was sent.
    fn retry(&self, only: Option<&Reference>) -> Result<Vec<Reference>>;
    /// Permission to deliver: `None` when another process holds it (files only).
    fn lock(&self) -> Result<Option<SenderLock>>;
    /// For `porth outbox migrate`: refuses, saying what to stop, when a Porth process may be
    /// delivering from (or into) this outbox; otherwise holds what keeps them out.
    fn hold_for_move(&self) -> Result<SenderLock>;
    /// A waiting (pending or failed) submission as stored, claimed so nothing delivers it
    /// while it moves; `None` when it is not waiting (or another instance holds it).
    fn take(&self, r: &Reference) -> Result<Option<Entry>>;
    /// Stores a taken submission with its delivery state, durably, unless it is there.
    fn put(&self, e: &Entry) -> Result<Put>;
    /// Deletes a taken submission that is now stored at the destination.
    fn remove(&self, e: &Entry) -> Result<()>;
    /// The outbox folder, for the files backend's tests.
    #[cfg(test)]
    fn dir(&self) -> Option<&Path> {
        None
    }
}

/// The outbox as the rest of the service sees it: a `Store`, plus the worker's wake-up
/// and signs of life, which are per process whatever the backend.
pub(crate) struct Outbox {
    store: Box<dyn Store>,
    /// Wakes the worker when a submission is accepted, so delivery starts at once.
    pub(super) wake: tokio::sync::Notify,
    /// What `/healthz` needs to know about the worker and the storage, kept in memory.
    pub(crate) status: Status,
}

/// The worker's signs of life and the last write failure, for `/healthz`.
#[derive(Default)]
pub(crate) struct Status {
    /// When the worker last finished a message or looked for work.
    heartbeat: Mutex<Option<Instant>>,
    /// Times the worker panicked and was started again.
    pub(crate) restarts: AtomicU32,
    /// Why the last submission could not be written (disk full, read-only, database
    /// down), until one is. An error kind, never a path with a reference or anything personal.
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

impl Outbox {
    /// The files backend in `dir` (owner-only folders: they hold personal data).
    pub(crate) fn open(dir: &Path) -> Result<Outbox> {
        Ok(Outbox::with_store(Box::new(store::FileStore::open(dir)?)))
    }

    /// The backend `[storage]` names. For PostgreSQL this connects, and creates or migrates
    /// the tables; it fails, saying why, when the database cannot be reached or its schema
    /// is newer than this binary.
    pub(crate) fn from_settings(
        root: &Path,
        mail: &crate::service::settings::MailSettings,
        storage: &StorageSettings,
    ) -> Result<Outbox> {
        match storage.backend {
            StorageBackend::Files => Outbox::open(&root.join(&mail.outbox_dir)),
            StorageBackend::Postgres => {
                let url = storage.database_url()?;
                Ok(Outbox::with_store(Box::new(pg::PgStore::open(&url, storage)?)))
            }
        }
    }

    /// A backend for `porth outbox migrate`, whatever `[storage] backend` says: the folder
    /// `[mail] outbox_dir`, or the database `[storage] url_env` names, connected under a
    /// name of its own so it can tell itself from running servers.
    pub(crate) fn open_for_move(
        backend: StorageBackend,
        root: &Path,
        mail: &crate::service::settings::MailSettings,
        storage: &StorageSettings,
    ) -> Result<Box<dyn Store>> {
        Ok(match backend {
            StorageBackend::Files => Box::new(store::FileStore::open(&root.join(&mail.outbox_dir))?),
            StorageBackend::Postgres => Box::new(pg::PgStore::open_for_move(&storage.database_url()?, storage)?),
        })
    }

    pub(crate) fn with_store(store: Box<dyn Store>) -> Outbox {
        Outbox { store, wake: tokio::sync::Notify::new(), status: Status::default() }
    }

    pub(crate) fn kind(&self) -> &'static str {
        self.store.kind()
    }

    pub(crate) fn clean_tmp(&self) -> Result<usize> {
        self.store.clean_tmp()
    }

    /// Stores a submission durably: when this returns `Ok`, it survives a crash or power
    /// cut and will be delivered, under the reference returned (a new one if another
    /// submission had already drawn the same). Blocking: call it from `spawn_blocking`.
    pub(crate) fn accept(&self, s: &Submission) -> Result<Reference> {
        match self.store.accept(s) {
            Ok(r) => {
                self.status.set_write_error(None);
                if r != s.reference {
                    tracing::warn!(reference = %r, "outbox: the submission's reference was already taken; it was given a new one");
                }
                tracing::info!(reference = %r, form = %s.form, "submission accepted into the outbox");
                self.wake.notify_one();
                Ok(r)
            }
            Err(e) => {
                // Only the kind of failure: the error's own text names the reference's folder.
                let kind = e
                    .chain()
                    .find_map(|c| c.downcast_ref::<std::io::Error>())
                    .map(|io| io.kind().to_string())
                    .unwrap_or_else(|| {
                        if self.store.kind() == "postgres" {
                            "the database is unavailable".into()
                        } else {
                            "not written".into()
                        }
                    });
                self.status.set_write_error(Some(format!("the outbox could not store a submission: {kind}")));
                Err(e)
            }
        }
    }

    /// How many are waiting; zeros (and an error in the log) when the storage cannot be read.
    pub(crate) fn backlog(&self) -> Backlog {
        self.store.backlog().unwrap_or_else(|e| {
            tracing::error!("outbox: cannot count the backlog: {e:#}");
            Backlog::default()
        })
    }

    pub(crate) fn pending_refs(&self) -> Result<(Vec<Reference>, Vec<Unreadable>)> {
        self.store.pending_refs()
    }

    pub(crate) fn list(&self) -> Result<Vec<Listed>> {
        self.store.list()
    }

    pub(crate) fn set_aside(&self, name: &str, reason: &str) -> Result<()> {
        self.store.set_aside(name, reason)
    }

    pub(crate) fn corrupt(&self) -> Result<Vec<Unreadable>> {
        self.store.corrupt()
    }

    pub(crate) fn snapshot(&self) -> Result<Snapshot> {
        self.store.snapshot()
    }

    pub(crate) fn purge(&self, days: u32) -> Result<Purged> {
        self.store.purge(days)
    }

    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) fn load(&self, r: &Reference) -> Result<(Submission, DeliveryState)> {
        self.store.load(r)
    }

    pub(crate) fn claim(&self, r: &Reference) -> Result<Option<(Submission, DeliveryState)>> {
        self.store.claim(r)
    }

    pub(crate) fn release(&self, r: &Reference) -> Result<()> {
        self.store.release(r)
    }

    pub(crate) fn save_state(&self, state: &DeliveryState) -> Result<()> {
        self.store.save_state(state)
    }

    pub(crate) fn finish(&self, state: &DeliveryState) -> Result<Receipt> {
        self.store.finish(state)
    }

    pub(crate) fn receipts(&self) -> Result<Vec<Receipt>> {
        self.store.receipts()
    }

    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) fn read_receipt(&self, r: &Reference) -> Result<Option<Receipt>> {
        self.store.read_receipt(r)
    }

    pub(crate) fn fail(&self, state: DeliveryState, error: String) -> Result<()> {
        self.store.fail(state, error)
    }

    /// Moves failed submissions back to pending and wakes the worker.
    pub(crate) fn retry(&self, only: Option<&Reference>) -> Result<Vec<Reference>> {
        let refs = self.store.retry(only)?;
        if !refs.is_empty() {
            self.wake.notify_one();
        }
        Ok(refs)
    }

    pub(crate) fn lock(&self) -> Result<Option<SenderLock>> {
        self.store.lock()
    }

    #[cfg(test)]
    pub(crate) fn dir(&self) -> &Path {
        self.store.dir().expect("the files backend")
    }
}

/// The same submission under a newly drawn reference (same prefix), for when its own is
/// taken. The structured data names the reference too, so it is changed there as well.
/// A submission that carries its sender's key draws the next reference from the key, so a
/// retry of the same Send, meeting the same clash, lands on the same reference again.
pub(crate) fn redraw(s: &Submission) -> Result<Submission> {
    let mut s = s.clone();
    s.reference = match &s.sender {
        Some(key) => Reference::derived(s.reference.prefix(), &format!("{key}:{}", s.reference)),
        None => Reference::new(s.reference.prefix())?,
    };
    if let Some(obj) = s.data.as_object_mut().filter(|o| o.contains_key("reference")) {
        obj.insert("reference".into(), serde_json::Value::String(s.reference.to_string()));
    }
    Ok(s)
}

#[cfg(test)]
mod tests;
