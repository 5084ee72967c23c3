//! Answers in progress. They live in memory on the server, keyed by a random session cookie,
//! not by language, so switching between Cymraeg and English mid-form keeps everything. A
//! session idle for longer than the time limit the pages state is deleted, answers and
//! uploads with it; so is a form's answers once its submission is safely in the outbox.
//!
//! Each session has its own async lock, held for the whole of a request: two clicks on
//! "Send" run one after the other, and the second sees the first's confirmation.

use crate::site::forms::FormId;
use crate::service::reference::Reference;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub(crate) const COOKIE: &str = "porth_session";

/// What one field was given: several values for checkboxes, one for everything else.
pub(crate) type Values = BTreeMap<String, Vec<String>>;

/// An uploaded file, checked and held until the form is sent.
#[derive(Clone)]
pub(crate) struct Upload {
    pub(crate) file_name: String,
    pub(crate) content_type: String,
    pub(crate) bytes: Vec<u8>,
}

/// One form's answers so far.
#[derive(Default, Clone)]
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

/// A form that has been sent: enough to show its confirmation again, nothing personal.
#[derive(Clone)]
pub(crate) struct Sent {
    pub(crate) reference: Reference,
    pub(crate) due: Option<time::Date>,
    pub(crate) due_key: Option<String>,
    pub(crate) email: bool,
}

pub(crate) struct Session {
    pub(crate) csrf: String,
    pub(crate) forms: HashMap<FormId, FormState>,
    pub(crate) sent: HashMap<FormId, Sent>,
}

struct Entry {
    session: Arc<tokio::sync::Mutex<Session>>,
    last_seen: Instant,
}

/// All sessions. Small: a few kilobytes of answers per visitor, plus uploads.
pub(crate) struct Sessions {
    map: Mutex<HashMap<String, Entry>>,
    pub(crate) idle: Duration,
}

/// 32 random bytes as hex: session ids and CSRF tokens.
pub(crate) fn random_token() -> String {
    let mut b = [0u8; 32];
    getrandom::fill(&mut b).expect("the OS has randomness");
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// Equal-time comparison, so a token cannot be guessed byte by byte from response times.
pub(crate) fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

impl Sessions {
    pub(crate) fn new(idle: Duration) -> Sessions {
        Sessions { map: Mutex::new(HashMap::new()), idle }
    }

    /// The session for a cookie value, if it exists and has not expired.
    pub(crate) fn get(&self, id: &str) -> Option<Arc<tokio::sync::Mutex<Session>>> {
        let mut map = self.map.lock().expect("sessions poisoned");
        let entry = map.get_mut(id)?;
        if entry.last_seen.elapsed() > self.idle {
            map.remove(id);
            return None;
        }
        entry.last_seen = Instant::now();
        Some(entry.session.clone())
    }

    /// A new, empty session and its id.
    pub(crate) fn create(&self) -> (String, Arc<tokio::sync::Mutex<Session>>) {
        let id = random_token();
        let session = Arc::new(tokio::sync::Mutex::new(Session { csrf: random_token(), forms: HashMap::new(), sent: HashMap::new() }));
        self.map.lock().expect("sessions poisoned").insert(id.clone(), Entry { session: session.clone(), last_seen: Instant::now() });
        (id, session)
    }

    /// Deletes sessions idle past the limit; run every minute.
    pub(crate) fn sweep(&self) -> usize {
        let mut map = self.map.lock().expect("sessions poisoned");
        let before = map.len();
        map.retain(|_, e| e.last_seen.elapsed() <= self.idle);
        before - map.len()
    }

    pub(crate) fn len(&self) -> usize {
        self.map.lock().expect("sessions poisoned").len()
    }
}

/// The `Set-Cookie` value. HttpOnly (no script reads it), SameSite=Lax (not sent on
/// cross-site POSTs), Secure when the site is served over HTTPS. No Max-Age: it ends with
/// the browser session, and the server forgets it after the idle limit anyway.
pub(crate) fn cookie_header(id: &str, secure: bool) -> String {
    format!("{COOKIE}={id}; Path=/; HttpOnly; SameSite=Lax{}", if secure { "; Secure" } else { "" })
}

/// The session id from a `Cookie` header.
pub(crate) fn cookie_value(header: &str) -> Option<&str> {
    header.split(';').map(str::trim).find_map(|kv| kv.strip_prefix(COOKIE)?.strip_prefix('='))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sessions_expire_when_idle() {
        let s = Sessions::new(Duration::from_millis(30));
        let (id, _) = s.create();
        assert!(s.get(&id).is_some());
        std::thread::sleep(Duration::from_millis(60));
        assert!(s.get(&id).is_none());
        let (_, _) = s.create();
        std::thread::sleep(Duration::from_millis(60));
        assert_eq!(s.sweep(), 1);
        assert_eq!(s.len(), 0);
    }

    #[test]
    fn cookie_round_trip_and_token_compare() {
        let h = cookie_header("abc", true);
        assert!(h.contains("HttpOnly") && h.contains("SameSite=Lax") && h.ends_with("Secure"));
        assert_eq!(cookie_value("other=1; porth_session=abc; x=y"), Some("abc"));
        assert_eq!(cookie_value("porth_sessionx=abc"), None);
        assert!(same("abcd", "abcd"));
        assert!(!same("abcd", "abce"));
        assert!(!same("abc", "abcd"));
    }
}
