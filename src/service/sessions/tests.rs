//! Unit tests for sessions and the files backend.

use super::files::FilesStore;
use super::*;
use std::io::Write;
use std::os::unix::fs::PermissionsExt;

fn mode(p: &std::path::Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

fn session_with(name: &str) -> Session {
    let mut s = Session::default();
    let mut f = FormState::default();
    f.pages.insert("child#1".into(), Values::from([("child-first-name".to_string(), vec![name.to_string()])]));
    s.forms.insert(FormId::new("home-education"), f);
    s
}

#[test]
fn a_saved_session_reads_back_owner_only_and_goes_with_its_uploads() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("sessions");
    let store = FilesStore::open(&root).unwrap();
    assert_eq!(mode(&root), 0o700);
    let id = SessionId::random();
    assert!(store.load(&id).unwrap().is_none());
    store.save(&id, &session_with("Alaw")).unwrap();
    let back = store.load(&id).unwrap().unwrap();
    assert_eq!(back.forms[&FormId::new("home-education")].value("child#1", "child-first-name"), "Alaw");
    assert_eq!(mode(&root.join(id.as_str())), 0o700);
    assert_eq!(mode(&root.join(id.as_str()).join("session.json")), 0o600);
    let (name, mut f) = store.new_upload(&id).unwrap();
    f.write_all(b"%PDF-1.4").unwrap();
    assert_eq!(mode(&root.join(id.as_str()).join(&name)), 0o600);
    assert_eq!(store.read_upload(&id, &name).unwrap(), b"%PDF-1.4");
    assert!(store.read_upload(&id, "../../etc/passwd").is_err(), "only the store's own names");
    assert_eq!(store.count().unwrap(), 1);
    assert!(store.delete(&id).unwrap());
    assert!(!root.join(id.as_str()).exists(), "the uploads went with the session");
    assert_eq!(store.count().unwrap(), 0);
}

#[test]
fn sweep_removes_sessions_saved_before_the_limit_and_orphan_uploads() {
    let dir = tempfile::tempdir().unwrap();
    let store = FilesStore::open(dir.path()).unwrap();
    let (old, orphan) = (SessionId::random(), SessionId::random());
    store.save(&old, &session_with("Alaw")).unwrap();
    store.new_upload(&orphan).unwrap();
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    assert_eq!(store.sweep(now - 60).unwrap(), 0, "nothing is that old");
    assert_eq!(store.sweep(now + 5).unwrap(), 1, "one session; the orphan upload is not a session");
    assert!(
        std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(Result::ok)
            .all(|e| SessionId::parse(e.file_name().to_str().unwrap()).is_none())
    );
}

#[test]
fn the_csrf_key_survives_a_restart_and_binds_tokens_to_one_id() {
    let dir = tempfile::tempdir().unwrap();
    let open = || Sessions::open(Arc::new(FilesStore::open(dir.path()).unwrap()), Duration::from_secs(60), 10).unwrap();
    let (a, b) = (SessionId::random(), SessionId::random());
    let token = open().csrf(&a);
    let again = open();
    assert!(again.csrf_ok(&a, &token), "a page opened before a restart still posts");
    assert!(!again.csrf_ok(&b, &token), "a token lifted from one visitor is no use with another cookie");
    assert_eq!(mode(&dir.path().join("csrf.key")), 0o600);
}

#[test]
fn the_number_of_sessions_is_capped_and_counted_across_restarts() {
    let dir = tempfile::tempdir().unwrap();
    let store: Arc<dyn SessionStore> = Arc::new(FilesStore::open(dir.path()).unwrap());
    let s = Sessions::open(store.clone(), Duration::from_secs(60), 2).unwrap();
    assert!(s.reserve().is_ok() && s.reserve().is_ok());
    assert!(s.reserve().is_err());
    s.release();
    assert!(s.reserve().is_ok());
    store.save(&SessionId::random(), &Session::default()).unwrap();
    let reopened = Sessions::open(store, Duration::from_secs(60), 2).unwrap();
    assert_eq!(reopened.len(), 1);
}

#[tokio::test]
async fn an_idle_session_is_gone_on_load() {
    let dir = tempfile::tempdir().unwrap();
    let s = Sessions::open(Arc::new(FilesStore::open(dir.path()).unwrap()), Duration::from_secs(60), 10).unwrap();
    let id = SessionId::random();
    s.reserve().unwrap();
    let mut session = session_with("Alaw");
    s.save(&id, &mut session).await.unwrap();
    assert!(s.load(&id).await.unwrap().is_some());
    // Saved two minutes ago, as far as the record says.
    session.saved_at -= 120;
    s.store().save(&id, &session).unwrap();
    assert!(s.load(&id).await.unwrap().is_none());
    assert!(!dir.path().join(id.as_str()).exists());
    assert_eq!(s.len(), 0);
}

#[tokio::test]
async fn one_request_at_a_time_per_session_and_none_between_sessions() {
    let dir = tempfile::tempdir().unwrap();
    let s = Sessions::open(Arc::new(FilesStore::open(dir.path()).unwrap()), Duration::from_secs(60), 10).unwrap();
    let (a, b) = (SessionId::random(), SessionId::random());
    let held = s.lock(&a).await;
    assert!(tokio::time::timeout(Duration::from_millis(50), s.lock(&a)).await.is_err(), "the same session waits");
    assert!(tokio::time::timeout(Duration::from_millis(50), s.lock(&b)).await.is_ok(), "another session does not");
    drop(held);
    assert!(tokio::time::timeout(Duration::from_millis(50), s.lock(&a)).await.is_ok());
}

#[test]
fn cookies_carry_only_well_formed_ids() {
    let id = SessionId::random();
    let h = cookie_header(&id, true);
    assert!(h.contains("HttpOnly") && h.contains("SameSite=Lax") && h.ends_with("Secure"));
    assert_eq!(cookie_value(&format!("other=1; porth_session={}; x=y", id.as_str())), Some(id.clone()));
    assert_eq!(cookie_value(&format!("porth_sessionx={}", id.as_str())), None);
    assert_eq!(cookie_value("porth_session=../../etc"), None);
    assert!(same("abcd", "abcd") && !same("abcd", "abce") && !same("abc", "abcd"));
}

#[test]
fn one_network_starts_only_so_many_sessions_and_others_are_not_held_up() {
    use admission::{Admission, BURST, network};
    use std::net::IpAddr;
    let ip = |s: &str| s.parse::<IpAddr>().unwrap();
    let a = Admission::default();
    let allowed = (0..200).filter(|i| a.allow(ip(&format!("203.0.113.{}", i % 250)))).count();
    assert_eq!(allowed, BURST as usize, "one /24: the burst, then nothing until it refills");
    assert!(a.allow(ip("198.51.100.7")), "another network is not held up");
    assert_eq!(network(ip("2001:db8:1:2::5")), network(ip("2001:db8:1:ffff::1")), "one /48");
    assert_ne!(network(ip("2001:db8:1::1")), network(ip("2001:db8:2::1")));
    assert_eq!(network(ip("::ffff:203.0.113.9")), network(ip("203.0.113.200")), "IPv4 written as IPv6");
}

/// A session saved `minutes_ago` (its record's time is what eviction and expiry go by).
fn saved_minutes_ago(dir: &std::path::Path, store: &dyn SessionStore, minutes: u64) -> SessionId {
    let id = SessionId::random();
    store.save(&id, &session_with("Alaw")).unwrap();
    let at = std::time::SystemTime::now() - Duration::from_secs(minutes * 60);
    std::fs::File::options()
        .write(true)
        .open(dir.join(id.as_str()).join("session.json"))
        .unwrap()
        .set_modified(at)
        .unwrap();
    id
}

#[tokio::test]
async fn at_the_cap_the_session_idle_longest_makes_room_but_never_one_used_in_the_last_30_minutes() {
    let dir = tempfile::tempdir().unwrap();
    let store: Arc<dyn SessionStore> = Arc::new(FilesStore::open(dir.path()).unwrap());
    let oldest = saved_minutes_ago(dir.path(), &*store, 50);
    let older = saved_minutes_ago(dir.path(), &*store, 40);
    let recent = saved_minutes_ago(dir.path(), &*store, 5);
    let s = Sessions::open(store.clone(), Duration::from_secs(3 * 3600), 3).unwrap();
    assert_eq!(s.len(), 3);
    assert_eq!(s.admit(None).await, Ok(()), "room made");
    assert_eq!(s.len(), 3);
    assert!(store.load(&oldest).unwrap().is_none(), "the one idle longest went");
    assert!(store.load(&older).unwrap().is_some() && store.load(&recent).unwrap().is_some());

    // Every session used in the last 30 minutes: nothing is evicted, the new one is refused.
    let dir = tempfile::tempdir().unwrap();
    let store: Arc<dyn SessionStore> = Arc::new(FilesStore::open(dir.path()).unwrap());
    let a = saved_minutes_ago(dir.path(), &*store, 29);
    let b = saved_minutes_ago(dir.path(), &*store, 1);
    let s = Sessions::open(store.clone(), Duration::from_secs(3 * 3600), 2).unwrap();
    assert_eq!(s.admit(None).await, Err(Refused::Full));
    assert!(store.load(&a).unwrap().is_some() && store.load(&b).unwrap().is_some());
}
