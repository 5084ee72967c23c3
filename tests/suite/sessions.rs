//! Answers in progress, through the real `porth serve` binary: they survive a restart in
//! both languages, a page view keeps nothing, the number of sessions and of children is
//! capped, documents go to owner-only files in the session's folder and leave with it, a
//! slow body holds nothing up, and memory stays flat under 20 concurrent 12 MB uploads.
//! Mail goes to a port nothing listens on: submissions stay pending where we can read them.

use crate::common;

use common::serve::{Browser, Page, Server};
use common::smtp::free_port;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

// ---------------------------------------------------------------- harness

/// The repository's site in a temp dir, with `service` as `[service]`; mail to a port
/// nothing listens on.
fn site(service: &str) -> tempfile::TempDir {
    common::serve::site(free_port(), service)
}

fn start(root: &Path) -> Server {
    Server::start(root, &[])
}

/// Answers in progress, as `/healthz` counts them.
fn sessions(server: &Server) -> u64 {
    server.health().1["sessions"].as_u64().expect("/healthz counts sessions")
}

/// Peak resident memory of the server so far (VmHWM), in kB.
fn peak_rss_kb(server: &Server) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{}/status", server.child.id())).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

/// The one session's id (its folder's name), as the server set it in the cookie.
fn session_id(root: &Path) -> String {
    let ids = session_dirs(root);
    assert_eq!(ids.len(), 1, "one session");
    ids[0].file_name().unwrap().to_string_lossy().into_owned()
}

const HE_CY: &str = "/cy/ffurflenni/addysg-yn-y-cartref/";
const HE_EN: &str = "/en/forms/home-education/";
const ALN_EN: &str = "/en/forms/additional-learning-needs/";
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";

fn session_dirs(root: &Path) -> Vec<PathBuf> {
    let dir = root.join("var/sessions");
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| rd.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.is_dir()).collect())
        .unwrap_or_default();
    out.sort();
    out
}

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

/// The ALN form as a school, up to its documents page.
fn aln_to_documents(b: &Browser) -> Page {
    let mut p = b.first_question_at(ALN_EN);
    p = b.post(&p, &[("who", "school")]);
    p = b.post(
        &p,
        &[
            ("your-name", "Gwen Price"),
            ("your-role", "CADY"),
            ("your-organisation", "Ysgol y Bont"),
            ("work-email", "gwen@ysgol.example"),
            ("work-phone", "01632 960 222"),
            ("contact-language", "en"),
        ],
    );
    p = b.post(&p, &[("route", "school-referral")]);
    p = b.post(
        &p,
        &[
            ("learner-first-name", "Cai"),
            ("learner-last-name", "Morgan"),
            ("learner-dob-day", "3"),
            ("learner-dob-month", "4"),
            ("learner-dob-year", "2017"),
            ("learner-address-1", "2 Heol Fawr"),
            ("learner-town", "Aberteg"),
            ("learner-postcode", "AT1 2BB"),
            ("learner-setting", "Ysgol y Bont"),
            ("learner-year", "Year 3"),
            ("looked-after", "no"),
        ],
    );
    p = b.post(&p, &[("education-language", "welsh"), ("home-language", "Cymraeg"), ("welsh-provision", "yes")]);
    p = b.post(&p, &[("agreement", "agrees")]);
    p = b.post(
        &p,
        &[
            ("needs", "Speech"),
            ("provision", "Therapy"),
            ("provision-since", "September 2025"),
            ("views", "Likes school"),
        ],
    );
    assert!(p.attr("input[type=file]", "name").is_some(), "on the documents page: {}", p.url);
    p
}

// ---------------------------------------------------------------- tests

#[test]
fn a_family_continues_after_a_restart_where_they_were_in_both_languages() {
    let root = site("");
    let mut server = start(root.path());
    let mut b = Browser::new(&server);
    // Two pages in Welsh.
    let child = b.first_question_at(HE_CY);
    let school = b.post(
        &child,
        &[
            ("child-first-name", "Alaw"),
            ("child-last-name", "Jones"),
            ("child-dob-day", "3"),
            ("child-dob-month", "4"),
            ("child-dob-year", "2016"),
        ],
    );
    assert!(school.summary().is_empty(), "{:?}", school.summary());
    let third = b.post(
        &school,
        &[
            ("attended", "yes"),
            ("school-name", "Ysgol y Bont"),
            ("written-notice", "sent"),
            ("leave-date-day", "1"),
            ("leave-date-month", "9"),
            ("leave-date-year", "2025"),
        ],
    );
    assert!(third.summary().is_empty(), "{:?}", third.summary());
    let where_they_were = third.path();
    assert_ne!(where_they_were, school.path());
    // The answers are on disk, owner-only, before the restart.
    let dirs = session_dirs(root.path());
    assert_eq!(dirs.len(), 1);
    assert_eq!(mode(&root.path().join("var/sessions")), 0o700);
    assert_eq!(mode(&dirs[0]), 0o700);
    assert_eq!(mode(&dirs[0].join("session.json")), 0o600);

    server.stop();
    let server = start(root.path());
    b.base = server.base.clone();
    assert_eq!(sessions(&server), 1, "the session is counted after the restart");
    // "Continue": the check page sends them to the first page not yet answered.
    let resumed = b.get(&format!("{HE_CY}gwirio-eich-atebion"));
    assert_eq!(resumed.status, 200);
    assert_eq!(resumed.path(), where_they_were, "back on the page they were on");
    // Earlier answers, in Welsh, then in English.
    let plentyn = b.get(&format!("{HE_CY}plentyn-1"));
    assert_eq!(plentyn.attr("#child-first-name", "value").as_deref(), Some("Alaw"));
    let child_en = b.get(&format!("{HE_EN}child-1"));
    assert_eq!(child_en.attr("html", "lang").as_deref(), Some("en"));
    assert_eq!(child_en.attr("#child-first-name", "value").as_deref(), Some("Alaw"));
    assert_eq!(child_en.attr("#child-dob-year", "value").as_deref(), Some("2016"));
    let school_en = b.get(&format!("{HE_EN}school-1"));
    assert_eq!(school_en.attr("#school-name", "value").as_deref(), Some("Ysgol y Bont"));
    // And a page opened before the restart still posts: its token is still good.
    let again = b.post(
        &school,
        &[
            ("attended", "yes"),
            ("school-name", "Ysgol Newydd"),
            ("written-notice", "sent"),
            ("leave-date-day", "1"),
            ("leave-date-month", "9"),
            ("leave-date-year", "2025"),
        ],
    );
    assert_eq!(again.status, 200);
    assert!(again.summary().is_empty(), "{:?}", again.summary());
    assert_eq!(b.get(&format!("{HE_EN}school-1")).attr("#school-name", "value").as_deref(), Some("Ysgol Newydd"));
}

#[test]
fn looking_at_form_pages_keeps_nothing_and_the_first_answer_starts_a_session() {
    let root = site("");
    let server = start(root.path());
    for _ in 0..5 {
        let b = Browser::new(&server);
        let p = b.first_question_at(HE_EN);
        assert_eq!(p.status, 200);
    }
    assert_eq!(sessions(&server), 0, "page views made no sessions");
    assert!(session_dirs(root.path()).is_empty(), "nor any files");
    // The token on the page works for the first answer, which starts the session.
    let b = Browser::new(&server);
    let child = b.first_question_at(HE_EN);
    let next = b.post(
        &child,
        &[
            ("child-first-name", "Alaw"),
            ("child-last-name", "Jones"),
            ("child-dob-day", "3"),
            ("child-dob-month", "4"),
            ("child-dob-year", "2016"),
        ],
    );
    assert_eq!(next.status, 200);
    assert!(next.summary().is_empty(), "{:?}", next.summary());
    assert_eq!(sessions(&server), 1);
    // Someone else's token is no use with a new cookie.
    let stranger = Browser::new(&server);
    stranger.first_question_at(HE_EN);
    let forged = stranger.post(&child, &[("child-first-name", "X")]);
    assert_eq!(forged.status, 403);
    assert_eq!(sessions(&server), 1);
}

#[test]
fn when_the_sessions_are_full_a_new_family_is_told_politely_in_their_language() {
    let root = site("max_sessions = 2");
    let server = start(root.path());
    let answer = [
        ("child-first-name", "Alaw"),
        ("child-last-name", "Jones"),
        ("child-dob-day", "3"),
        ("child-dob-month", "4"),
        ("child-dob-year", "2016"),
    ];
    let families: Vec<Browser> = (0..2).map(|_| Browser::new(&server)).collect();
    for b in &families {
        let p = b.first_question_at(HE_EN);
        assert!(b.post(&p, &answer).summary().is_empty());
    }
    for (start, h1) in
        [(HE_CY, "Mae'n ddrwg gennym, mae'r gwasanaeth yn brysur"), (HE_EN, "Sorry, the service is busy")]
    {
        let late = Browser::new(&server);
        let p = late.first_question_at(start);
        assert_eq!(p.status, 200, "reading the form is still fine");
        let refused = late.post(&p, &answer);
        assert_eq!(refused.status, 503);
        assert_eq!(refused.h1(), h1);
        assert!(refused.html.contains("01632"), "the phone number is on the page");
    }
    assert_eq!(sessions(&server), 2);
    // Families already under way carry on.
    let p = families[0].get(&format!("{HE_EN}school-1"));
    let p = families[0].post(&p, &[("attended", "no")]);
    assert!(p.summary().is_empty(), "{:?}", p.summary());
}

#[test]
fn the_add_another_loop_stops_at_twenty_with_a_field_error() {
    let root = site("");
    let server = start(root.path());
    let b = Browser::new(&server);
    let mut p = b.first_question_at(HE_EN);
    p = b.post(
        &p,
        &[
            ("child-first-name", "Alaw"),
            ("child-last-name", "Jones"),
            ("child-dob-day", "3"),
            ("child-dob-month", "4"),
            ("child-dob-year", "2016"),
        ],
    );
    p = b.post(&p, &[("attended", "no")]);
    p = b.post(&p, &[("aln-plan", "not-sure")]);
    assert!(p.html.contains("Alaw Jones"), "on the add-another page: {}", p.url);
    let list = p;
    for n in 2..=20 {
        let next = b.post(&list, &[("another", "yes")]);
        assert!(next.path().ends_with(&format!("child-{n}")), "{}", next.url);
    }
    let refused = b.post(&list, &[("another", "yes")]);
    assert_eq!(refused.status, 200);
    assert_eq!(refused.summary(), ["You can add up to 20 on one form. Phone us to tell us about more."]);
    // In Welsh too.
    let cy = b.get(&format!("{HE_CY}plant"));
    assert_eq!(cy.path(), format!("{HE_CY}plant"));
    let refused = b.post(&cy, &[("another", "yes")]);
    assert_eq!(
        refused.summary(),
        ["Gallwch ychwanegu hyd at 20 ar un ffurflen. Ffoniwch ni i ddweud wrthym am ragor."]
    );
}

#[test]
fn documents_are_owner_only_files_in_the_session_folder_and_go_when_the_form_is_sent() {
    let root = site("");
    let server = start(root.path());
    let b = Browser::new(&server);
    let docs = aln_to_documents(&b);
    let p = b.upload(&docs, "adroddiad.pdf", PDF.to_vec());
    assert!(p.summary().is_empty(), "{:?}", p.summary());
    let dir = root.path().join("var/sessions").join(session_id(root.path()));
    let uploads: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("upload-"))
        .collect();
    assert_eq!(uploads.len(), 1);
    assert_eq!(std::fs::read(&uploads[0]).unwrap(), PDF);
    assert_eq!(mode(&uploads[0]), 0o600);
    // A refused file leaves nothing behind.
    let p = b.upload(&p, "script.pdf", b"#!/bin/sh\necho hi\n".to_vec());
    assert_eq!(p.summary().len(), 1);
    assert_eq!(
        std::fs::read_dir(&dir)
            .unwrap()
            .filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().starts_with("upload-"))
            .count(),
        1
    );
    // Send: the document goes into the outbox, and out of the session.
    let check = b.post(&p, &[("_action", "continue")]);
    assert!(check.summary().is_empty(), "{:?}", check.summary());
    let done = b.post(&check, &[("declaration", "yes")]);
    let reference = done.select("#reference").join("");
    assert!(!reference.is_empty(), "{}", done.html);
    let pending = root.path().join("var/outbox/pending").join(&reference);
    let attached: Vec<Vec<u8>> = std::fs::read_dir(&pending)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("attachment"))
        .map(|p| std::fs::read(p).unwrap())
        .collect();
    assert_eq!(attached, [PDF.to_vec()]);
    assert!(!uploads[0].exists(), "the document left the session when the form was sent");
    let record = std::fs::read_to_string(dir.join("session.json")).unwrap();
    assert!(!record.contains("Morgan") && !record.contains("adroddiad"), "only the reference is kept: {record}");
    assert!(record.contains(&reference));
}

#[test]
fn a_slow_body_holds_up_nobody_not_even_its_own_session() {
    use std::io::Write;
    let root = site("");
    let server = start(root.path());
    let b = Browser::new(&server);
    let child = b.first_question_at(HE_EN);
    let school = b.post(
        &child,
        &[
            ("child-first-name", "Alaw"),
            ("child-last-name", "Jones"),
            ("child-dob-day", "3"),
            ("child-dob-month", "4"),
            ("child-dob-year", "2016"),
        ],
    );
    let id = session_id(root.path());
    // The same session starts a POST and sends half its body, then stalls.
    let addr = server.base.trim_start_matches("http://").to_string();
    let mut slow = std::net::TcpStream::connect(&addr).unwrap();
    let body = format!("_csrf={}&attended=no", school.csrf());
    write!(slow, "POST {HE_EN}school-1 HTTP/1.1\r\nHost: {addr}\r\nCookie: porth_session={id}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{}", body.len(), &body[..10]).unwrap();
    slow.flush().unwrap();
    // Not a wait for a condition: nothing outside the server shows when it has taken the
    // stalled POST in hand, and what is under test is that the next requests pass during
    // the stall, so the stall is given a head start.
    std::thread::sleep(Duration::from_millis(300));
    // Meanwhile the family's own next answer, and another family's, go straight through.
    let t = Instant::now();
    let p = b.post(&school, &[("attended", "no")]);
    assert!(p.summary().is_empty(), "{:?}", p.summary());
    let other = Browser::new(&server);
    let q = other.first_question_at(HE_EN);
    assert_eq!(other.post(&q, &[("child-first-name", "Bryn")]).status, 200);
    assert!(t.elapsed() < Duration::from_secs(3), "waited {:?} behind a stalled body", t.elapsed());
    drop(slow);
}

/// Peak RSS of the server while 20 families each upload 12 MB at once. The body is streamed
/// to the session's folder, so the peak should barely move; held in memory (as before), 20
/// bodies of 12 MB would add at least 240 MB.
#[test]
fn twenty_concurrent_12_mb_uploads_keep_memory_flat() {
    let root = site("");
    let server = start(root.path());
    let families: Vec<(Browser, Page)> = (0..20)
        .map(|_| {
            let b = Browser::new(&server);
            let p = aln_to_documents(&b);
            (b, p)
        })
        .collect();
    let before = peak_rss_kb(&server);
    // 12 MB: the most a documents page accepts in one body (the file itself is over the
    // 5 MB per-file limit, so it is refused once read; it is read all the same).
    let mut big = PDF.to_vec();
    big.resize(12 * 1024 * 1024, b' ');
    let t = Instant::now();
    std::thread::scope(|s| {
        for (b, p) in &families {
            let big = big.clone();
            s.spawn(move || {
                let r = b.upload(p, "big.pdf", big);
                assert_eq!(r.status, 200);
                assert_eq!(r.summary(), ["The selected file must be smaller than 5 MB"]);
            });
        }
    });
    let after = peak_rss_kb(&server);
    eprintln!(
        "peak RSS: {before} kB before, {after} kB after 20 concurrent 12 MB uploads in {:?} (+{} kB)",
        t.elapsed(),
        after.saturating_sub(before)
    );
    assert!(after - before < 64 * 1024, "peak RSS grew by {} kB", after - before);
    // Nothing refused is left on disk.
    for dir in session_dirs(root.path()) {
        assert!(
            std::fs::read_dir(&dir).unwrap().all(|e| !e.unwrap().file_name().to_string_lossy().starts_with("upload-"))
        );
    }
}

/// A browser whose cookie jar already holds `porth_session=<value>`, as a cookie planted by
/// a sibling subdomain or an injected `Set-Cookie` would be.
fn browser_with_cookie(server: &Server, value: &str) -> (Browser, std::sync::Arc<reqwest::cookie::Jar>) {
    let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
    jar.add_cookie_str(&format!("porth_session={value}; Path=/"), &server.base.parse().unwrap());
    let client = reqwest::blocking::Client::builder()
        .cookie_provider(jar.clone())
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    (Browser { client, base: server.base.clone() }, jar)
}

#[test]
fn a_session_id_chosen_by_the_client_is_never_adopted_and_the_first_answer_gets_a_fresh_one() {
    use reqwest::cookie::CookieStore;
    let root = site("");
    let server = start(root.path());
    let chosen = "ab".repeat(32);
    let (family, jar) = browser_with_cookie(&server, &chosen);
    let child = family.first_question_at(HE_EN);
    let school = family.post(
        &child,
        &[
            ("child-first-name", "Alaw"),
            ("child-last-name", "Jones"),
            ("child-dob-day", "3"),
            ("child-dob-month", "4"),
            ("child-dob-year", "2016"),
        ],
    );
    assert!(school.summary().is_empty(), "{:?}", school.summary());
    // The answers are kept under an id the server drew, and the family's cookie is that id.
    let id = session_id(root.path());
    assert_ne!(id, chosen, "the planted id was adopted");
    let cookie = jar.cookies(&server.base.parse().unwrap()).unwrap();
    let cookie = cookie.to_str().unwrap();
    assert!(cookie.contains(&id) && !cookie.contains(&chosen), "{cookie}");
    // Whoever planted the cookie sees nothing of the family's answers.
    let (attacker, _) = browser_with_cookie(&server, &chosen);
    for path in [format!("{HE_EN}child-1"), format!("{HE_EN}check-your-answers"), format!("{HE_CY}plentyn-1")] {
        let p = attacker.get(&path);
        assert!(!p.html.contains("Alaw"), "{path} shows the family's answers to the planted cookie");
    }
    // The family carries on with their answers, in both languages.
    assert_eq!(family.get(&format!("{HE_EN}child-1")).attr("#child-first-name", "value").as_deref(), Some("Alaw"));
    let next = family.post(&school, &[("attended", "no")]);
    assert!(next.summary().is_empty(), "{:?}", next.summary());
    assert_eq!(family.get(&format!("{HE_CY}plentyn-1")).attr("#child-first-name", "value").as_deref(), Some("Alaw"));
    assert_eq!(session_id(root.path()), id, "an existing session keeps its id");
    // A made-up id posted with the token its page gave it makes a new session, not one under it.
    let (bot, _) = browser_with_cookie(&server, &"cd".repeat(32));
    let p = bot.first_question_at(HE_EN);
    assert_eq!(bot.post(&p, &[("child-first-name", "Bryn")]).status, 200);
    assert!(!root.path().join("var/sessions").join("cd".repeat(32)).exists());
    assert_eq!(sessions(&server), 2);
}

/// The documents page's main button ("Continue") pressed with a file chosen, as a browser
/// posts it: the file field and `_action=continue` in one multipart body.
fn continue_with_file(b: &Browser, page: &Page, name: &str, bytes: Vec<u8>) -> Page {
    let part = reqwest::blocking::multipart::Part::bytes(bytes)
        .file_name(name.to_string())
        .mime_str("application/pdf")
        .unwrap();
    let form = reqwest::blocking::multipart::Form::new()
        .text("_csrf", page.csrf())
        .part("document", part)
        .text("website", "")
        .text("_action", "continue");
    let action = page.attr("form[method=post]", "action").unwrap();
    Browser::page(b.client.post(format!("{}{action}", b.base)).multipart(form).send().unwrap())
}

#[test]
fn a_file_chosen_when_continue_is_pressed_is_uploaded_or_the_page_says_it_was_not() {
    let root = site("");
    let server = start(root.path());
    // A good file and "Continue": uploaded, and on to check your answers, which lists it.
    let b = Browser::new(&server);
    let docs = aln_to_documents(&b);
    let check = continue_with_file(&b, &docs, "adroddiad.pdf", PDF.to_vec());
    assert_eq!(check.status, 200);
    assert!(check.path().ends_with("check-your-answers"), "on to the check page: {}", check.url);
    assert!(check.html.contains("adroddiad.pdf"), "the file is attached");
    // A file that cannot be taken, in each language: back on the documents page with the
    // reason, nothing attached.
    for (lang, path, why) in [
        ("en", "/en/forms/additional-learning-needs/documents", "The selected file must be a PDF"),
        ("cy", "/cy/ffurflenni/anghenion-dysgu-ychwanegol/dogfennau", "Rhaid i'r ffeil a ddewiswyd fod yn PDF"),
    ] {
        let b = Browser::new(&server);
        aln_to_documents(&b);
        let docs = b.get(path);
        assert_eq!(docs.path(), path);
        let back = continue_with_file(&b, &docs, "script.pdf", b"#!/bin/sh\necho hi\n".to_vec());
        assert_eq!(back.path(), path, "{lang}: stays on the documents page");
        let summary = back.summary();
        assert_eq!(summary.len(), 1, "{lang}: {summary:?}");
        assert!(summary[0].starts_with(why), "{lang}: {summary:?}");
        assert!(back.select(".govuk-summary-list__key").is_empty(), "{lang}: nothing attached");
    }
    // Nothing chosen (the browser sends an empty file field): Continue just continues.
    let b = Browser::new(&server);
    let docs = aln_to_documents(&b);
    let part = reqwest::blocking::multipart::Part::bytes(Vec::new())
        .file_name("")
        .mime_str("application/octet-stream")
        .unwrap();
    let form = reqwest::blocking::multipart::Form::new()
        .text("_csrf", docs.csrf())
        .part("document", part)
        .text("_action", "continue");
    let action = docs.attr("form[method=post]", "action").unwrap();
    let next = Browser::page(b.client.post(format!("{}{action}", b.base)).multipart(form).send().unwrap());
    assert!(next.path().ends_with("check-your-answers"), "{}", next.url);
    assert!(next.summary().is_empty(), "{:?}", next.summary());
}

/// Disk taken under a folder (allocated blocks, folders included), in bytes.
fn disk_bytes(dir: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    walkdir::WalkDir::new(dir).into_iter().filter_map(|e| e.ok()).map(|e| e.metadata().unwrap().blocks() * 512).sum()
}

/// The server's resident memory now (VmRSS), in kB.
fn rss_kb(server: &Server) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{}/status", server.child.id())).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

/// A bot sends 50,000 first answers from 50,000 addresses (each in a /24 of its own, through
/// a trusted proxy's `X-Forwarded-For`), as fast as it can: the sessions stay under the cap,
/// cost disk rather than memory, and afterwards a new family starts and sends a form in
/// each language while a family already under way finishes; every form arrives once.
#[test]
fn a_flood_of_50000_first_answers_from_50000_addresses_locks_no_family_out() {
    const FLOOD: usize = 50_000;
    const CAP: u64 = 100_000; // the default `max_sessions`
    let mail = tempfile::tempdir().unwrap();
    let smtp = common::smtp::Smtp::start(mail.path());
    let root = common::serve::site(smtp.port, "trusted_proxies = [\"127.0.0.1\"]");
    let server = start(root.path());
    let under_way = Browser::new(&server);
    let their_check = under_way.try_aln_to_check("cy").unwrap();
    let (rss_before, peak_before) = (rss_kb(&server), peak_rss_kb(&server));
    // The bot fetches one page, and reuses its cookie and token for every first answer.
    let client = reqwest::blocking::Client::new();
    let r = client.get(format!("{}{HE_EN}child-1", server.base)).send().unwrap();
    let cookie = r.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_string();
    let token = Browser::page(r).csrf();
    let started = Instant::now();
    let statuses: Vec<u16> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..8)
            .map(|k| {
                let (cookie, token, base) = (&cookie, &token, &server.base);
                s.spawn(move || {
                    let client = reqwest::blocking::Client::builder()
                        .redirect(reqwest::redirect::Policy::none())
                        .build()
                        .unwrap();
                    (k..FLOOD)
                        .step_by(8)
                        .map(|i| {
                            let from = format!("10.{}.{}.1", (i >> 8) & 255, i & 255);
                            client
                                .post(format!("{base}{HE_EN}child-1"))
                                .header("cookie", cookie.as_str())
                                .header("x-forwarded-for", from)
                                .form(&[
                                    ("_csrf", token.as_str()),
                                    ("child-first-name", "Bot"),
                                    ("child-last-name", "Net"),
                                    ("child-dob-day", "1"),
                                    ("child-dob-month", "1"),
                                    ("child-dob-year", "2015"),
                                ])
                                .send()
                                .unwrap()
                                .status()
                                .as_u16()
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap()).collect()
    });
    let flood_time = started.elapsed();
    let accepted = statuses.iter().filter(|&&s| s == 303).count();
    let created = sessions(&server);
    let disk = disk_bytes(&root.path().join("var/sessions"));
    let (rss_after, peak_after) = (rss_kb(&server), peak_rss_kb(&server));
    // A new family, in each language, from start to confirmation.
    let mut refs = vec![];
    let mut times = vec![];
    for lang in ["cy", "en"] {
        let t = Instant::now();
        let r = Browser::new(&server).send_aln(lang);
        times.push(t.elapsed());
        assert!(r.starts_with("ADY-"), "a new family sends the form in {lang}: {r:?}");
        refs.push(r);
    }
    // The family under way before the flood finishes.
    let done = under_way.post(&their_check, &[("declaration", "yes")]);
    let r = done.select("#reference").join("");
    assert!(r.starts_with("ADY-"), "the family under way finishes: {}", done.h1());
    refs.push(r);
    assert!(
        common::serve::wait_until(Duration::from_secs(60), || {
            let c = common::serve::counts(&smtp);
            refs.iter().all(|r| common::serve::ids_of(&c, r) >= 2)
        }),
        "all three forms delivered"
    );
    // Not a wait for a condition: what is under test is that no duplicate comes after the
    // last e-mail expected, so the test listens a little longer for one.
    std::thread::sleep(Duration::from_millis(500));
    let duplicates = common::serve::duplicates(&common::serve::counts(&smtp));
    eprintln!(
        "flood: {FLOOD} first answers from {FLOOD} addresses in {:.1} s ({:.0}/s), {accepted} accepted; \
         {created} sessions (cap {CAP}), {:.1} MiB of disk ({:.1} KiB each); RSS {rss_before} -> {rss_after} kB, \
         peak {peak_before} -> {peak_after} kB; a new family finished in {:.2} s (cy) and {:.2} s (en); \
         {duplicates} duplicate e-mails",
        flood_time.as_secs_f64(),
        FLOOD as f64 / flood_time.as_secs_f64(),
        disk as f64 / 1048576.0,
        disk as f64 / 1024.0 / created.max(1) as f64,
        times[0].as_secs_f64(),
        times[1].as_secs_f64()
    );
    assert_eq!(accepted, FLOOD, "each of the flood's first answers made a session (no per-network limit applies)");
    assert!(created <= CAP, "bounded by the cap");
    // The documented bound: about 8 KiB of disk a session without documents (its folder,
    // its record, its share of the sessions folder's own entries), and no memory.
    assert!(disk <= created * 9 * 1024, "{disk} bytes for {created} sessions");
    assert!(peak_after - peak_before < 64 * 1024, "memory grew by {} kB", peak_after - peak_before);
    assert_eq!(duplicates, 0);
}

/// One client network (a /24) starting sessions as fast as it can: after the burst it is
/// told the service is busy, politely, in its language, with the phone number, while
/// another network starts at once.
#[test]
fn one_network_cannot_start_sessions_without_limit_and_others_are_not_held_up() {
    let root = site("trusted_proxies = [\"127.0.0.1\"]");
    // The default limits (the harness raises them): 30 posts a minute after 20 per address,
    // so 20 a minute after 60 new sessions per network.
    let server = Server::start(root.path(), &["--posts-per-minute", "30", "--burst", "20"]);
    let client = reqwest::blocking::Client::new();
    let r = client.get(format!("{}{HE_CY}plentyn-1", server.base)).send().unwrap();
    let cookie = r.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_string();
    let page = Browser::page(r);
    let post = |from: &str| {
        let r = reqwest::blocking::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap()
            .post(format!("{}{HE_CY}plentyn-1", server.base))
            .header("cookie", cookie.as_str())
            .header("x-forwarded-for", from)
            .form(&[("_csrf", page.csrf().as_str()), ("child-first-name", "Bot")])
            .send()
            .unwrap();
        Browser::page(r)
    };
    let statuses: Vec<u16> = (0..100).map(|i| post(&format!("192.0.2.{}", i + 1)).status).collect();
    let started = statuses.iter().filter(|&&s| s == 200).count();
    assert_eq!(started, 60, "the burst a network may start: {statuses:?}");
    let refused = post("192.0.2.200");
    assert_eq!(refused.status, 503);
    assert_eq!(refused.h1(), "Mae'n ddrwg gennym, mae'r gwasanaeth yn brysur", "the 'busy' page, in Welsh");
    assert!(refused.html.contains("01632"), "the phone number is on the page");
    assert_eq!(post("198.51.100.1").status, 200, "another network starts at once");
    assert_eq!(sessions(&server), 61);
}
