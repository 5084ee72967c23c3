//! The storage interface for answers in progress: everything `Sessions` needs from a
//! backend, and nothing about forms or HTTP. `files::FilesStore` keeps sessions as
//! owner-only files; a database backend implements the same trait.
//!
//! Contract for an implementation:
//! - `save` replaces a session whole and atomically: a concurrent `load` sees the old or
//!   the new record, never a mix. It need not be durable against power loss (no fsync per
//!   answer), but must survive the process being restarted.
//! - Ids reach the store already checked (`SessionId`: 64 hex characters).
//! - `delete` and `sweep` remove a session's uploads with it.
//! - Calls are blocking; `Sessions` runs them on the blocking pool. Callers serialise
//!   writes to one session (`Sessions::lock`); the store need not.

use super::{Session, SessionId};
use std::io;

pub(crate) trait SessionStore: Send + Sync {
    /// The session, or `None` if there is none under this id.
    fn load(&self, id: &SessionId) -> io::Result<Option<Session>>;
    /// Creates or replaces the session.
    fn save(&self, id: &SessionId, session: &Session) -> io::Result<()>;
    /// Removes the session and its uploads; `true` if there was a session to remove.
    fn delete(&self, id: &SessionId) -> io::Result<bool>;
    /// Removes every session last saved before `before` (Unix seconds), with its uploads,
    /// and uploads left without a session; how many sessions went.
    fn sweep(&self, before: i64) -> io::Result<usize>;
    /// Removes at most `limit` sessions last saved before `before`, those saved longest ago
    /// first, with their uploads; how many went. Makes room at the cap.
    fn evict(&self, before: i64, limit: usize) -> io::Result<usize>;
    /// How many sessions there are (read once, at start-up).
    fn count(&self) -> io::Result<usize>;
    /// A new, empty, owner-only file for an upload to this session, and its name for
    /// `read_upload`/`delete_upload`. The caller streams the bytes in, then records the
    /// name in the session (or deletes it, if the file is refused).
    fn new_upload(&self, id: &SessionId) -> io::Result<(String, std::fs::File)>;
    /// An upload's bytes, when the form is sent.
    fn read_upload(&self, id: &SessionId, name: &str) -> io::Result<Vec<u8>>;
    fn delete_upload(&self, id: &SessionId, name: &str) -> io::Result<()>;
    /// 32 secret bytes, the same every time and for every server sharing the store: the
    /// key of the CSRF tokens (`Sessions::csrf`), created on first use.
    fn secret(&self) -> io::Result<[u8; 32]>;
}
