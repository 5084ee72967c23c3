//! Answers in progress: what a family has typed so far, the documents they attached, and the
//! references of forms already sent (so a second click or a revisit shows the same
//! confirmation). Keyed by a random session cookie, not by language, so switching between
//! Cymraeg and English mid-form keeps everything.
//!
//! This module owns the session's data types, the cookie and its CSRF token, and `Sessions`,
//! which puts a storage backend (`store::SessionStore`: `files::FilesStore`, or `pg::PgSessions` with `[storage] backend =
//! "postgres"`) behind
//! the rules every backend shares: a session exists only once there is something to keep,
//! there are at most `max` of them (at the cap, those idle longest make room, never one
//! used in the last `PROTECTED` minutes; `admission` limits how fast one client network
//! makes new ones), one idle past the limit is gone, and one request at a time works on each. It knows nothing of forms' pages or of HTTP handlers: the form engine
//! (`service::forms`) uses it, never the reverse.

pub(crate) mod admission;
pub(crate) mod files;
pub(crate) mod pg;
pub(crate) mod store;

use crate::forms::FormId;
use crate::service::reference::Reference;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::io;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;
pub(crate) use store::SessionStore;

pub(crate) const COOKIE: &str = "porth_session";

pub(crate) use crate::forms::state::{FormState, Upload, Values};

/// A form that has been sent: enough to show its confirmation again. Nothing personal
/// but the names (and school and dates) the next steps give, until the session expires.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Sent {
    pub(crate) reference: Reference,
    pub(crate) due: Option<time::Date>,
    pub(crate) due_key: Option<String>,
    pub(crate) email: bool,
    /// How many times before this one the session sent this form: a form filled in again
    /// after it was sent is a new Send with a new `Sessions::sender_key`.
    #[serde(default)]
    pub(crate) generation: u32,
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
    /// The CSRF token of the cookie's id before the session was made under a fresh one
    /// (fixation), so form pages opened before the first answer (another tab, Back) still
    /// post. It only ever matches pages this browser was shown before its first answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) first_token: Option<String>,
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

/// Why `Sessions::admit` refused a new session.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Refused {
    /// At the cap, and every session has been used in the last `PROTECTED`.
    Full,
    /// The client's network has started too many sessions in the last minutes.
    Network,
}

/// A session used this recently is never evicted to make room for a new one.
pub(crate) const PROTECTED: Duration = Duration::from_secs(30 * 60);
/// At most one eviction scan in this time: at the cap with nothing evictable, refusals must
/// stay cheap.
const EVICT_EVERY: Duration = Duration::from_secs(5);

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
    admission: admission::Admission,
    last_evict: Mutex<Option<std::time::Instant>>,
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
        Ok(Sessions {
            store,
            locks: Mutex::new(HashMap::new()),
            live: AtomicUsize::new(live),
            max,
            idle,
            csrf_key,
            admission: admission::Admission::default(),
            last_evict: Mutex::new(None),
        })
    }

    /// New sessions one client network may start: `per_minute` after a burst of `burst`.
    pub(crate) fn with_network_limit(mut self, per_minute: f64, burst: f64) -> Sessions {
        self.admission = admission::Admission::new(per_minute, burst);
        self
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

    /// The key that says "this session's Send of this form" (`Submission::sender`): the
    /// same on every instance sharing the store's secret, for every retry of one Send, and
    /// different for the next time the session sends the form (`generation`). A keyed
    /// digest, so the outbox never holds the session id, and nobody can make another's.
    pub(crate) fn sender_key(&self, id: &SessionId, form: &FormId, generation: u32) -> String {
        let text = format!("sender\0{}\0{}\0{generation}", id.as_str(), form.as_str());
        let tag = ring::hmac::sign(&self.csrf_key, text.as_bytes());
        tag.as_ref()[..16].iter().map(|b| format!("{b:02x}")).collect()
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

    /// Lets a new session start for `client`, reserving its place (call `save` next, or
    /// `release`): refused when the client's network has started too many lately, or when
    /// the cap is reached and no session idle for `PROTECTED` or more can make room.
    pub(crate) async fn admit(&self, client: Option<std::net::IpAddr>) -> Result<(), Refused> {
        if let Some(ip) = client
            && !self.admission.allow(ip)
        {
            return Err(Refused::Network);
        }
        if self.reserve().is_ok() || (self.evict().await > 0 && self.reserve().is_ok()) {
            return Ok(());
        }
        Err(Refused::Full)
    }

    /// At the cap: deletes the sessions idle longest, a hundredth of the cap at a time, but
    /// none used in the last `PROTECTED`. At most once every `EVICT_EVERY`.
    async fn evict(&self) -> usize {
        {
            let mut last = self.last_evict.lock().expect("eviction poisoned");
            if last.is_some_and(|t| t.elapsed() < EVICT_EVERY) {
                return 0;
            }
            *last = Some(std::time::Instant::now());
        }
        let (store, limit) = (self.store.clone(), (self.max / 100).max(1));
        let before = now_secs() - PROTECTED.as_secs() as i64;
        match tokio::task::spawn_blocking(move || store.evict(before, limit)).await {
            Ok(Ok(gone)) => {
                for _ in 0..gone {
                    self.release();
                }
                if gone > 0 {
                    tracing::warn!(evicted = gone, "sessions: at the cap; the sessions idle longest made room");
                }
                gone
            }
            Ok(Err(e)) => {
                tracing::error!("sessions: eviction failed: {e}");
                0
            }
            Err(e) => {
                tracing::error!("sessions: eviction task failed: {e}");
                0
            }
        }
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
