//! Answers in progress: what a family has typed so far, the documents they attached, and the
//! references of forms already sent (so a second click or a revisit shows the same
//! confirmation). Keyed by a random session cookie, not by language, so switching between
//! Cymraeg and English mid-form keeps everything.
//!
//! This module owns the session's data types, the cookie and its CSRF token, and `Sessions`,
//! which puts a storage backend (`store::SessionStore`: `files::FilesStore`, or `pg::PgSessions` with `[storage] backend =
//! "postgres"`) behind
//! the rules every backend shares: a session exists only once there is something to keep,
//! there are at most `max` of them, one idle past the limit is gone, and one request at a
//! time works on each. It knows nothing of forms' pages or of HTTP handlers: the form engine
//! (`service::forms`) uses it, never the reverse.

pub(crate) mod files;
pub(crate) mod pg;
pub(crate) mod store;

use crate::service::reference::Reference;
use crate::site::forms::FormId;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::io;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;
pub(crate) use store::SessionStore;

pub(crate) const COOKIE: &str = "porth_session";

/// What one field was given: several values for checkboxes, one for everything else.
pub(crate) type Values = BTreeMap<String, Vec<String>>;

/// A document attached to a form: checked when it arrived, its bytes kept by the store
/// (under `stored`), never in memory.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Upload {
    pub(crate) file_name: String,
    pub(crate) content_type: String,
    pub(crate) size: u64,
    /// The store's name for the bytes (`SessionStore::new_upload`).
    pub(crate) stored: String,
}

/// One form's answers so far.
#[derive(Default, Clone, Debug, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct FormState {
    /// Per page instance: "parent", or "child#2" for a page asked once per child.
    pub(crate) pages: BTreeMap<String, Values>,
    /// How many children the home-education form is telling us about (at least 1).
    pub(crate) children: usize,
    pub(crate) uploads: Vec<Upload>,
    /// Someone (or something) filled in the hidden "leave this blank" field.
    pub(crate) suspect: bool,
}

impl FormState {
    pub(crate) fn page(&self, key: &str) -> Option<&Values> {
        self.pages.get(key)
    }

    /// The first value a field was given on a page instance, or "".
    pub(crate) fn value(&self, page: &str, field: &str) -> &str {
        self.pages.get(page).and_then(|v| v.get(field)).and_then(|v| v.first()).map(String::as_str).unwrap_or("")
    }
}

/// A form that has been sent: enough to show its confirmation again. Nothing personal
/// but the names (and school and dates) the next steps give, until the session expires.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Sent {
    pub(crate) reference: Reference,
    pub(crate) due: Option<time::Date>,
    pub(crate) due_key: Option<String>,
    pub(crate) email: bool,
    /// What to do next, from the answers (the form's `[[next]]`).
    #[serde(default)]
    pub(crate) notes: Vec<crate::service::submission::Note>,
}

/// Everything kept for one visitor.
#[derive(Default, Clone, Debug, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct Session {
    pub(crate) forms: BTreeMap<FormId, FormState>,
    pub(crate) sent: BTreeMap<FormId, Sent>,
    /// Unix seconds of the last save: the idle limit counts from here.
    pub(crate) saved_at: i64,
}

impl Session {
    /// Every stored upload the session still refers to.
    pub(crate) fn uploads(&self) -> impl Iterator<Item = &str> {
        self.forms.values().flat_map(|f| f.uploads.iter().map(|u| u.stored.as_str()))
    }
}

/// A session id: 32 random bytes as lowercase hex. Checked before any backend sees it, so a
/// tampered cookie can never name a path or a key of its choosing.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct SessionId(String);

impl SessionId {
    pub(crate) fn random() -> SessionId {
        SessionId(random_hex())
    }

    pub(crate) fn parse(s: &str) -> Option<SessionId> {
        (s.len() == 64 && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)))
            .then(|| SessionId(s.to_string()))
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

/// 32 random bytes as hex.
pub(crate) fn random_hex() -> String {
    let mut b = [0u8; 32];
    getrandom::fill(&mut b).expect("the OS has randomness");
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// Equal-time comparison, so a token cannot be guessed byte by byte from response times.
pub(crate) fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A new session was refused: `max` sessions are in progress already.
#[derive(Debug)]
pub(crate) struct Full;

/// The live sessions, over a backend. Cheap to share; every call that touches the backend
/// runs on the blocking pool.
pub(crate) struct Sessions {
    store: Arc<dyn SessionStore>,
    /// One async lock per session in use, so requests for one session run one at a time
    /// (two clicks on "Send" make one submission) while other sessions never wait. Entries
    /// are weak: the map holds no session alive, and dead entries are dropped as it grows.
    locks: Mutex<HashMap<SessionId, Weak<tokio::sync::Mutex<()>>>>,
    live: AtomicUsize,
    max: usize,
    pub(crate) idle: Duration,
    csrf_key: ring::hmac::Key,
}

pub(crate) type Guard = tokio::sync::OwnedMutexGuard<()>;

fn now_secs() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

impl Sessions {
    /// Opens the sessions a store holds, from before a restart too.
    pub(crate) fn open(store: Arc<dyn SessionStore>, idle: Duration, max: usize) -> io::Result<Sessions> {
        let live = store.count()?;
        let csrf_key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, &store.secret()?);
        Ok(Sessions { store, locks: Mutex::new(HashMap::new()), live: AtomicUsize::new(live), max, idle, csrf_key })
    }

    pub(crate) fn store(&self) -> &Arc<dyn SessionStore> {
        &self.store
    }

    /// The CSRF token for a session id: HMAC-SHA256 of the id under the store's secret.
    ///
    /// Why this design: a form page must carry a token before any session exists (a GET
    /// creates nothing), and the token must be useless to another site. The id is in an
    /// HttpOnly, SameSite=Lax cookie the page's GET sets; the token is derived from it with
    /// a key only the server has. A forged POST from elsewhere has neither the cookie (Lax)
    /// nor any way to compute the token for the visitor's id (the key), and a token lifted
    /// from one visitor fails against any other cookie. Nothing is stored per visitor until
    /// the first POST with a valid token, so bots fetching pages cost nothing. The key lives
    /// in the store, so tokens on pages open across a restart still work.
    pub(crate) fn csrf(&self, id: &SessionId) -> String {
        let tag = ring::hmac::sign(&self.csrf_key, id.as_str().as_bytes());
        tag.as_ref().iter().map(|b| format!("{b:02x}")).collect()
    }

    pub(crate) fn csrf_ok(&self, id: &SessionId, token: &str) -> bool {
        same(token, &self.csrf(id))
    }

    /// Waits for this session's turn. Held while a request reads and changes the session,
    /// never while its body is read from the network.
    pub(crate) async fn lock(&self, id: &SessionId) -> Guard {
        let lock = {
            let mut locks = self.locks.lock().expect("session locks poisoned");
            match locks.get(id).and_then(Weak::upgrade) {
                Some(l) => l,
                None => {
                    if locks.len() > 64 {
                        locks.retain(|_, w| w.strong_count() > 0);
                    }
                    let l = Arc::new(tokio::sync::Mutex::new(()));
                    locks.insert(id.clone(), Arc::downgrade(&l));
                    l
                }
            }
        };
        lock.lock_owned().await
    }

    /// The session, if there is one and it has not expired (an expired one is deleted).
    /// Reads need no lock: saves replace the whole record at once.
    pub(crate) async fn load(&self, id: &SessionId) -> io::Result<Option<Session>> {
        let (store, key) = (self.store.clone(), id.clone());
        let loaded = tokio::task::spawn_blocking(move || store.load(&key)).await.map_err(io::Error::other)??;
        match loaded {
            Some(s) if now_secs() - s.saved_at > self.idle.as_secs() as i64 => {
                self.delete(id).await?;
                Ok(None)
            }
            other => Ok(other),
        }
    }

    /// Makes room for a new session, or says the service is full. Call `save` next (or
    /// `release` if, after all, there was nothing to keep).
    pub(crate) fn reserve(&self) -> Result<(), Full> {
        self.live
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| (n < self.max).then_some(n + 1))
            .map(|_| ())
            .map_err(|_| Full)
    }

    pub(crate) fn release(&self) {
        let _ = self.live.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1));
    }

    /// Writes the session (atomically; not fsynced: losing the last keystrokes to a power
    /// cut is acceptable, losing them to a restart is not, and a restart keeps the page cache).
    pub(crate) async fn save(&self, id: &SessionId, session: &mut Session) -> io::Result<()> {
        session.saved_at = now_secs();
        let (store, key, copy) = (self.store.clone(), id.clone(), session.clone());
        tokio::task::spawn_blocking(move || store.save(&key, &copy)).await.map_err(io::Error::other)?
    }

    /// Re-saves a session that has only been read for a while, so reading a long page does
    /// not count as idle. Under the session's lock, so it cannot undo a concurrent answer.
    pub(crate) async fn keep_alive(&self, id: &SessionId, seen: &Session) -> io::Result<()> {
        if now_secs() - seen.saved_at < 60 {
            return Ok(());
        }
        let _turn = self.lock(id).await;
        if let Some(mut s) = self.load(id).await? {
            self.save(id, &mut s).await?;
        }
        Ok(())
    }

    /// Deletes a session and its uploads.
    pub(crate) async fn delete(&self, id: &SessionId) -> io::Result<()> {
        let (store, key) = (self.store.clone(), id.clone());
        if tokio::task::spawn_blocking(move || store.delete(&key)).await.map_err(io::Error::other)?? {
            self.release();
        }
        Ok(())
    }

    /// Deletes one stored upload (a file removed, refused, or sent).
    pub(crate) async fn delete_upload(&self, id: &SessionId, stored: &str) {
        let (store, key, name) = (self.store.clone(), id.clone(), stored.to_string());
        match tokio::task::spawn_blocking(move || store.delete_upload(&key, &name)).await {
            Ok(Ok(())) => {}
            Ok(Err(e)) => tracing::warn!("sessions: an upload could not be deleted: {e}"),
            Err(e) => tracing::warn!("sessions: upload deletion failed: {e}"),
        }
    }

    /// Deletes sessions idle past the limit; run every minute.
    pub(crate) async fn sweep(&self) -> io::Result<usize> {
        let store = self.store.clone();
        let before = now_secs() - self.idle.as_secs() as i64;
        let gone = tokio::task::spawn_blocking(move || store.sweep(before)).await.map_err(io::Error::other)??;
        for _ in 0..gone {
            self.release();
        }
        Ok(gone)
    }

    /// Sessions in progress.
    pub(crate) fn len(&self) -> usize {
        self.live.load(Ordering::SeqCst)
    }
}

/// The `Set-Cookie` value. HttpOnly (no script reads it), SameSite=Lax (not sent on
/// cross-site POSTs), Secure when the site is served over HTTPS. No Max-Age: it ends with
/// the browser session, and the server forgets it after the idle limit anyway.
pub(crate) fn cookie_header(id: &SessionId, secure: bool) -> String {
    format!("{COOKIE}={}; Path=/; HttpOnly; SameSite=Lax{}", id.as_str(), if secure { "; Secure" } else { "" })
}

/// The session id from a `Cookie` header, if well formed.
pub(crate) fn cookie_value(header: &str) -> Option<SessionId> {
    header
        .split(';')
        .map(str::trim)
        .find_map(|kv| kv.strip_prefix(COOKIE)?.strip_prefix('='))
        .and_then(SessionId::parse)
}

#[cfg(test)]
mod tests;
