//! The form service's promises under restarts, outages, bad entries and abuse: the real
//! `porth serve` binary on a copy of the repository's site, a real SMTP server (aiosmtpd)
//! counting messages and Message-IDs, and raw HTTP where a browser would not misbehave.

use crate::common;

use common::serve::*;
use common::smtp::{Smtp, free_port};
use std::io::{Read, Write};
use std::time::{Duration, Instant};

// The harness (site, server, browser) is in tests/suite/common/serve.rs, shared with tests/suite/postgres.rs.

// ---------------------------------------------------------------- delivery

#[test]
fn sigterm_with_a_backlog_of_200_then_restart_sends_every_message_once() {
    let mail = tempfile::tempdir().unwrap();
    let smtp = Smtp::start(mail.path());
    let root = site(smtp.port, "");
    let refs: Vec<String> = (0..200).map(reference).collect();
    for r in &refs {
        pending(root.path(), r);
    }
    let mut server = Server::start(root.path(), &[]);
    assert!(wait_until(Duration::from_secs(30), || smtp.messages().len() >= 20), "delivery started");
    server.stop();
    let at_stop = smtp.messages().len();
    let server = Server::start(root.path(), &[]);
    assert!(
        wait_until(Duration::from_secs(60), || smtp.messages().len() >= 400),
        "all delivered: {}",
        smtp.messages().len()
    );
    // Not a wait for a condition: what is under test is that no duplicate comes after the
    // last message expected, so the test listens a little longer for one.
    std::thread::sleep(Duration::from_millis(500));
    let c = counts(&smtp);
    let duplicates: usize = c.values().map(|n| n - 1).sum();
    eprintln!("SIGTERM after {at_stop} of 400 messages; {} distinct Message-IDs, {duplicates} duplicates", c.len());
    assert!(at_stop < 400, "the shutdown came mid-backlog ({at_stop})");
    assert_eq!(c.len(), 400, "every submission's two messages arrived");
    assert_eq!(duplicates, 0, "a graceful restart sends nothing twice");
    drop(server);
}

#[test]
fn after_an_outage_the_backlog_goes_within_30_s_and_a_new_submission_within_5_s() {
    let port = free_port();
    let root = site(port, "");
    let server = Server::start(root.path(), &[]);
    // 50 submissions while the mail server is down.
    for n in 0..50 {
        pending(root.path(), &reference(n));
    }
    // Not a wait for a condition: the outage itself, long enough for the worker to fail
    // and back off before the mail server comes back.
    std::thread::sleep(Duration::from_secs(3));
    let mail = tempfile::tempdir().unwrap();
    let smtp = Smtp::start_on(mail.path(), port);
    let back = Instant::now();
    assert!(
        wait_until(Duration::from_secs(30), || smtp.messages().len() >= 100),
        "backlog delivered within 30 s: {}",
        smtp.messages().len()
    );
    eprintln!("backlog of 50 delivered {:?} after the server returned", back.elapsed());
    // A family sends a form now: it arrives within 5 s (the worker is woken, not polled).
    let b = Browser::new(&server);
    let r = b.send_aln("en");
    assert!(r.starts_with("ADY-"), "{r}");
    let sent = Instant::now();
    assert!(
        wait_until(Duration::from_secs(5), || counts(&smtp).contains_key(&format!("{r}.team@dyffrynteg.example"))),
        "new submission delivered within 5 s"
    );
    eprintln!("new submission delivered {:?} after the confirmation page", sent.elapsed());
    assert_eq!(counts(&smtp).values().sum::<usize>(), counts(&smtp).len(), "no duplicates");
}

#[test]
fn a_corrupt_entry_is_set_aside_reported_and_does_not_block_the_rest() {
    let mail = tempfile::tempdir().unwrap();
    let smtp = Smtp::start(mail.path());
    let root = site(smtp.port, "");
    for n in 0..3 {
        pending(root.path(), &reference(n));
    }
    let bad = root.path().join("var/outbox/pending/ADY-BAD2-BAD2");
    std::fs::create_dir_all(&bad).unwrap();
    std::fs::write(bad.join("state.json"), b"{ half written").unwrap();
    // A crash during acceptance left this; it was never confirmed to anyone.
    let leftover = root.path().join("var/outbox/tmp/ADY-LEFT-LEFT.0123");
    std::fs::create_dir_all(&leftover).unwrap();
    let server = Server::start(root.path(), &[]);
    assert!(wait_until(Duration::from_secs(20), || smtp.messages().len() >= 6), "the good ones are delivered");
    assert!(!leftover.exists(), "tmp/ is cleaned at start-up");
    let (status, health) = server.health();
    assert_eq!(status, 503, "{health}");
    assert_eq!(health["outbox"]["corrupt"], serde_json::json!(["ADY-BAD2-BAD2"]));
    assert!(health["reasons"].to_string().contains("could not be read"), "{health}");
    let (_, stdout, _) = porth(root.path(), &["outbox", "list"]);
    assert!(
        stdout.contains("ADY-BAD2-BAD2  unreadable, in corrupt/") && stdout.contains("not a valid outbox file"),
        "{stdout}"
    );
    assert!(root.path().join("var/outbox/corrupt/ADY-BAD2-BAD2.reason").exists());
}

#[test]
fn outbox_send_beside_a_running_server_is_refused_with_a_reason() {
    let root = site(free_port(), "");
    let _server = Server::start(root.path(), &[]);
    // The server's worker takes the outbox lock soon after it answers: until then a send
    // beside it finds the lock free (and nothing to send).
    let (mut ok, mut stdout, mut stderr) = (true, String::new(), String::new());
    let refused = wait_until(Duration::from_secs(30), || {
        (ok, stdout, stderr) = porth(root.path(), &["outbox", "send"]);
        !ok
    });
    assert!(refused && !ok, "{stdout}");
    assert!(stderr.contains("`porth serve`) is delivering from this outbox"), "{stderr}");
}

#[test]
fn healthz_reports_the_oldest_wait_and_turns_503_past_the_limit() {
    let root = site(free_port(), "pending_alert_minutes = 0.02");
    pending(root.path(), &reference(7));
    let server = Server::start(root.path(), &[]);
    let (status, health) = server.health();
    assert_eq!(status, 200, "{health}");
    assert!(health["outbox"]["oldest_pending_secs"].as_i64().unwrap() < 5, "{health}");
    assert!(health["worker"]["heartbeat_secs_ago"].as_u64().unwrap() < 5, "{health}");
    // The limit is 1.2 s: the wait ends when `/healthz` says it is past.
    assert!(wait_until(Duration::from_secs(30), || server.health().0 == 503), "{:?}", server.health());
    let (status, health) = server.health();
    assert_eq!(status, 503, "{health}");
    assert!(health["reasons"].to_string().contains("oldest pending submission has waited"), "{health}");
}

// ---------------------------------------------------------------- abuse and edge input

#[test]
fn a_cross_site_post_is_refused_with_the_friendly_page() {
    let root = site(free_port(), "");
    let server = Server::start(root.path(), &[]);
    let b = Browser::new(&server);
    let q = b.first_question("cy");
    let p =
        b.post_with(&q, &[("who", "parent")], &[("origin", "https://evil.example"), ("sec-fetch-site", "cross-site")]);
    assert_eq!(p.status, 403);
    assert_eq!(p.select("h1"), ["Daeth eich atebion o wefan arall"]);
    let q = b.first_question("en");
    let p = b.post_with(&q, &[("who", "parent")], &[("origin", "null")]);
    assert_eq!(p.select("h1"), ["Your answers came from another website"]);
    // The site's own pages post with their own origin and get on.
    let own = server.base.clone();
    let p = b.post_with(&q, &[("who", "parent")], &[("origin", &own), ("sec-fetch-site", "same-origin")]);
    assert_eq!(p.status, 200);
    assert!(p.attr("form[method=post]", "action").unwrap().contains("you"), "moved on to the next question");
}

#[test]
fn a_client_dribbling_its_headers_is_cut_off() {
    let root = site(free_port(), "header_timeout_secs = 1.0");
    let server = Server::start(root.path(), &[]);
    let addr = server.base.trim_start_matches("http://").to_string();
    let mut tcp = std::net::TcpStream::connect(&addr).unwrap();
    tcp.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let started = Instant::now();
    tcp.write_all(b"GET /cy/ HTTP/1.1\r\nHost: x\r\n").unwrap();
    let mut closed = false;
    for _ in 0..8 {
        // Not a wait for a condition: the client's dribble (one header every 0.4 s) is under test.
        std::thread::sleep(Duration::from_millis(400));
        if tcp.write_all(b"X-Slow: a\r\n").is_err() {
            closed = true;
            break;
        }
    }
    let mut buf = [0u8; 512];
    let read = tcp.read(&mut buf);
    closed = closed || matches!(read, Ok(0) | Err(_)) || String::from_utf8_lossy(&buf).starts_with("HTTP/1.1 408");
    assert!(closed, "the connection was still open after {:?}", started.elapsed());
    assert!(started.elapsed() < Duration::from_secs(6), "{:?}", started.elapsed());
    // Others are served meanwhile.
    assert_eq!(reqwest::blocking::get(format!("{}/cy/", server.base)).unwrap().status(), 200);
}

/// What a client sends raw, and all it gets back before the connection closes.
fn raw_exchange(server: &Server, request: &[u8]) -> String {
    let addr = server.base.trim_start_matches("http://").to_string();
    let mut tcp = std::net::TcpStream::connect(&addr).unwrap();
    tcp.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    tcp.write_all(request).unwrap();
    let mut got = vec![];
    tcp.read_to_end(&mut got).unwrap();
    String::from_utf8_lossy(&got).into_owned()
}

/// A request hyper cannot read (an address with a raw `<`, as `curl` sends what it is
/// given; a header line with no colon) is refused before any of the service's code runs;
/// the refusal is still the service's page in the address's language, never an empty 400.
#[test]
fn a_request_too_malformed_to_read_gets_the_services_page_not_an_empty_reply() {
    let root = site(free_port(), "");
    let server = Server::start(root.path(), &[]);
    for (request, lang, title) in [
        (
            &b"GET /en/search/?q=<script>alert(1)</script> HTTP/1.1\r\nHost: x\r\n\r\n"[..],
            "en",
            "This address could not be read",
        ),
        (b"GET /cy/chwilio/?q=<b> HTTP/1.1\r\nHost: x\r\n\r\n", "cy", "Nid oedd modd darllen y cyfeiriad hwn"),
        // No language in the address: the site's first.
        (b"GET / HTTP/1.1\r\nHost: x\r\nNo colon here\r\n\r\n", "cy", "Nid oedd modd darllen y cyfeiriad hwn"),
    ] {
        let got = raw_exchange(&server, request);
        let (head, body) = got.split_once("\r\n\r\n").unwrap_or((&got, ""));
        assert!(head.starts_with("HTTP/1.1 400 "), "{got}");
        assert!(head.contains("\r\nx-frame-options: DENY\r\n"), "the security headers: {head}");
        assert!(body.contains(&format!("<html lang=\"{lang}\"")) && body.contains(title), "{got}");
        assert!(!body.contains("script>alert"), "nothing of the address is shown: {body}");
        let length: usize =
            head.lines().find_map(|l| l.strip_prefix("content-length: ")).and_then(|n| n.trim().parse().ok()).unwrap();
        assert_eq!(length, body.len(), "{head}");
    }
    // After a good request on the same connection, the bad one still gets the page.
    let got = raw_exchange(&server, b"GET /en/ HTTP/1.1\r\nHost: x\r\n\r\nGET /en/a b HTTP/1.1\r\nHost: x\r\n\r\n");
    assert!(got.starts_with("HTTP/1.1 200 "), "{got}");
    assert!(got.contains("HTTP/1.1 400 ") && got.contains("This address could not be read"), "{got}");
    // The service's own answers are untouched: its 404 page, and a search.
    let got = raw_exchange(&server, b"GET /en/nothing-here/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assert!(got.starts_with("HTTP/1.1 404 ") && !got.contains("could not be read"), "{got}");
}

/// Posts `n` times from "clients" named in X-Forwarded-For; the statuses.
fn posts_from(server: &Server, clients: &[&str]) -> Vec<u16> {
    clients
        .iter()
        .map(|ip| {
            let b = Browser::new(server);
            let q = b.first_question("en");
            b.post_with(&q, &[], &[("x-forwarded-for", ip)]).status
        })
        .collect()
}

#[test]
fn x_forwarded_for_is_believed_only_from_a_trusted_proxy() {
    let limits = ["--posts-per-minute", "1", "--burst", "2"];
    // Without trusted_proxies the header is ignored: all share the connection's address.
    let root = site(free_port(), "");
    let server = Server::start(root.path(), &limits);
    assert_eq!(posts_from(&server, &["203.0.113.1", "203.0.113.2", "203.0.113.3"])[2], 429);
    drop(server);
    // Behind a trusted proxy each family has its own limit.
    let root = site(free_port(), "trusted_proxies = [\"127.0.0.1\"]");
    let server = Server::start(root.path(), &limits);
    assert_eq!(
        posts_from(&server, &["203.0.113.1", "203.0.113.2", "203.0.113.3", "198.51.100.7, 203.0.113.4"]),
        [200, 200, 200, 200]
    );
    assert_eq!(
        posts_from(&server, &["203.0.113.9", "203.0.113.9", "203.0.113.9"])[2],
        429,
        "one client is still limited"
    );
}

#[test]
fn an_over_long_answer_is_a_field_error_that_keeps_the_other_answers() {
    let root = site(free_port(), "");
    let server = Server::start(root.path(), &[]);
    let b = Browser::new(&server);
    let mut p = b.first_question("en");
    p = b.post(&p, &[("who", "parent")]);
    let long = "x".repeat(100_000);
    let p = b.post(
        &p,
        &[
            ("your-name", &long),
            ("your-relationship", "Father"),
            ("your-email", "a@example.com"),
            ("contact-language", "cy"),
        ],
    );
    assert_eq!(p.status, 200);
    assert_eq!(p.attr("a[href='#your-name']", "href").as_deref(), Some("#your-name"), "a field error on the name");
    assert_eq!(p.attr("#your-relationship", "value").as_deref(), Some("Father"));
    assert_eq!(p.attr("#your-email", "value").as_deref(), Some("a@example.com"));
}

#[test]
fn a_form_body_that_is_not_utf8_gets_a_clear_400_page() {
    let root = site(free_port(), "");
    let server = Server::start(root.path(), &[]);
    let b = Browser::new(&server);
    let q = b.first_question("cy");
    let token = q.attr("input[name=_csrf]", "value").unwrap();
    let action = q.attr("form[method=post]", "action").unwrap();
    let body = format!("_csrf={token}&who=%FF%FEparent");
    let r = b
        .client
        .post(format!("{}{action}", server.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .unwrap();
    let p = Browser::page(r);
    assert_eq!(p.status, 400);
    assert_eq!(p.select("h1"), ["Nid oedd modd darllen rhai o'ch atebion"]);
}

#[test]
fn when_the_outbox_cannot_be_written_the_family_is_told_and_keeps_their_answers() {
    let root = site(free_port(), "");
    let server = Server::start(root.path(), &[]);
    // Stand-in for a full or read-only disk that works as root too: `tmp/` becomes a file,
    // so nothing can be written under it.
    let tmp = root.path().join("var/outbox/tmp");
    std::fs::remove_dir_all(&tmp).unwrap();
    std::fs::write(&tmp, b"").unwrap();
    let b = Browser::new(&server);
    let r = b.send_aln("en");
    assert!(r.is_empty(), "no confirmation: {r}");
    let check = b.get("/en/forms/additional-learning-needs/check-your-answers");
    let p = b.post(&check, &[("declaration", "yes")]);
    assert_eq!(p.status, 503);
    assert_eq!(p.select("h1"), ["Sorry, we could not send your form"]);
    assert!(
        p.html.contains("Your answers have been kept") && p.html.contains("01632 960"),
        "the phone number is on the page"
    );
    assert!(check.html.contains("AT1 1AA"), "the answers are still there");
    assert_eq!(std::fs::read_dir(root.path().join("var/outbox/pending")).unwrap().count(), 0, "nothing half-written");
    let (status, health) = server.health();
    assert_eq!(status, 503);
    assert_eq!(health["outbox"]["writable"], false, "{health}");
    // Space again: the same answers go, and health recovers.
    std::fs::remove_file(&tmp).unwrap();
    std::fs::create_dir(&tmp).unwrap();
    let p = b.post(&check, &[("declaration", "yes")]);
    assert_eq!(p.status, 200);
    assert!(p.select("#reference").join("").starts_with("ADY-"));
    assert_eq!(server.health().1["outbox"]["writable"], true);
}

// ---------------------------------------------------------------- crashes and faults

#[test]
fn sigkill_during_a_burst_three_times_delivers_every_confirmed_reference_with_bounded_duplicates() {
    const KILLS: usize = 3;
    const LANES: usize = 4; // `[mail] delivery_lanes`, the default
    let mail = tempfile::tempdir().unwrap();
    let smtp = Smtp::start(mail.path());
    let root = site(smtp.port, "");
    let mut confirmed = vec![];
    for round in 0..KILLS {
        let mut server = Server::start(root.path(), &[]);
        let before = smtp.messages().len();
        let burst = Burst::start(std::slice::from_ref(&server.base), 4, 100);
        // Kill mid-burst, with families still sending and the worker delivering.
        let busy =
            wait_until(Duration::from_secs(60), || burst.confirmed() >= 30 && smtp.messages().len() >= before + 20);
        assert!(
            busy,
            "round {round}: {} confirmed, {} new messages",
            burst.confirmed(),
            smtp.messages().len() - before
        );
        server.signal("-KILL");
        let _ = server.child.wait();
        let at_kill = smtp.messages().len();
        let got = burst.finish();
        eprintln!("round {round}: SIGKILL with {} confirmed this round, {at_kill} messages at the server", got.len());
        assert!(got.len() < 100, "the kill came during the burst");
        confirmed.extend(got);
    }
    // A last start delivers what the kills left.
    let _server = Server::start(root.path(), &[]);
    let all = wait_until(Duration::from_secs(60), || {
        let c = counts(&smtp);
        confirmed.iter().all(|r| ids_of(&c, r) >= 2)
    });
    // Not a wait for a condition: listening a little longer for a duplicate (under test).
    std::thread::sleep(Duration::from_millis(500));
    let c = counts(&smtp);
    let dups = duplicates(&c);
    eprintln!("{KILLS} kills: {} confirmed, {} distinct Message-IDs, {dups} duplicates", confirmed.len(), c.len());
    assert!(all, "every reference shown on a confirmation page is delivered");
    // Each lane had at most one message between the server's 250 and its record.
    assert!(dups <= KILLS * LANES, "{dups} duplicates, more than {KILLS} kills × {LANES} lanes");
    // A duplicate is a second copy of a message, never a new one: every Message-ID is a
    // reference's team e-mail or acknowledgement.
    for id in c.keys() {
        let local = id.trim_start_matches('<').split('@').next().unwrap();
        assert!(local.ends_with(".team") || local.ends_with(".ack"), "{id}");
    }
    assert_eq!(
        confirmed.len() * 2,
        c.keys()
            .filter(|id| confirmed.iter().any(|r| id.trim_start_matches('<').starts_with(&format!("{r}."))))
            .count()
    );
}

#[test]
fn a_worker_that_panics_is_restarted_and_delivery_goes_on() {
    let mail = tempfile::tempdir().unwrap();
    let smtp = Smtp::start(mail.path());
    let root = site(smtp.port, "");
    for n in 0..5 {
        pending(root.path(), &reference(n));
    }
    // Debug builds only: the worker's first two passes panic (see `injected_fault`).
    let server = Server::start_with_env(root.path(), &[], &[("PORTH_TEST_WORKER_FAULT", "panic:2")]);
    assert!(
        wait_until(Duration::from_secs(20), || smtp.messages().len() >= 10),
        "the backlog is delivered: {}",
        smtp.messages().len()
    );
    let r = Browser::new(&server).send_aln("cy");
    assert!(wait_until(Duration::from_secs(10), || ids_of(&counts(&smtp), &r) >= 2), "a new submission is delivered");
    let (status, health) = server.health();
    assert_eq!(health["worker"]["restarts"], 2, "{health}");
    assert_eq!(status, 200, "a restarted worker is healthy: {health}");
    assert_eq!(duplicates(&counts(&smtp)), 0);
}

#[test]
fn a_worker_whose_heartbeat_goes_stale_turns_healthz_503_with_the_reason() {
    // The stale limit is the longest a living worker can be quiet: poll or retry wait,
    // two send timeouts, and 30 s; the smallest settings keep it near 31 s.
    let root = site(free_port(), "");
    let path = root.path().join("config.toml");
    let config = std::fs::read_to_string(&path)
        .unwrap()
        .replace("timeout_secs = 5.0", "timeout_secs = 0.2\npoll_secs = 0.2")
        .replace("retry_max_secs = 2.0", "retry_max_secs = 0.5");
    std::fs::write(&path, config).unwrap();
    // Debug builds only: the worker stops beating, as a stuck one would.
    let server = Server::start_with_env(root.path(), &[], &[("PORTH_TEST_WORKER_FAULT", "hang")]);
    let (status, health) = server.health();
    assert_eq!(status, 200, "alive at first: {health}");
    let stale = wait_until(Duration::from_secs(45), || server.health().0 == 503);
    let (status, health) = server.health();
    assert!(stale && status == 503, "{health}");
    assert!(health["reasons"].to_string().contains("the delivery worker has shown no sign of life"), "{health}");
    assert!(health["worker"]["heartbeat_secs_ago"].as_u64().unwrap() >= 30, "{health}");
}

// ---------------------------------------------------------------- a full disk

/// A tmpfs mounted over a folder for one test, unmounted (lazily: the server may still
/// hold a file open) when dropped.
struct Tmpfs(std::path::PathBuf);

impl Tmpfs {
    /// `None`, with the reason, where mounting is not allowed (not root, no CAP_SYS_ADMIN).
    fn mount(at: &std::path::Path, size: &str) -> Result<Tmpfs, String> {
        std::fs::create_dir_all(at).unwrap();
        let out = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size},mode=0700"), "tmpfs"])
            .arg(at)
            .output();
        match out {
            Ok(o) if o.status.success() => Ok(Tmpfs(at.to_path_buf())),
            Ok(o) => Err(String::from_utf8_lossy(&o.stderr).trim().to_string()),
            Err(e) => Err(e.to_string()),
        }
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

/// Writes zeros into `path` until the file system says it is full.
fn fill(path: &std::path::Path) {
    let mut f = std::fs::File::create(path).unwrap();
    let block = vec![0u8; 64 * 1024];
    loop {
        match f.write_all(&block).and_then(|_| f.sync_all()) {
            Ok(()) => {}
            Err(e) if e.raw_os_error() == Some(28) => return, // ENOSPC
            Err(e) => panic!("filling the tmpfs: {e}"),
        }
    }
}

#[test]
fn with_the_outbox_on_a_full_disk_the_family_is_told_in_their_language_and_nothing_is_half_written() {
    let root = site(free_port(), "");
    let outbox = root.path().join("var/outbox");
    let tmpfs = Tmpfs::mount(&outbox, "1m");
    if let Err(why) = &tmpfs {
        eprintln!(
            "\n*** NOTE: a tmpfs could not be mounted at {} ({why}); this test falls back to an unwritable folder (tmp/ replaced by a file), not a full disk ***\n",
            outbox.display()
        );
    }
    let server = Server::start(root.path(), &[]);
    let filler = outbox.join("filler");
    let make_full = || match &tmpfs {
        Ok(_) => fill(&filler),
        Err(_) => {
            std::fs::remove_dir_all(outbox.join("tmp")).unwrap();
            std::fs::write(outbox.join("tmp"), b"").unwrap();
        }
    };
    let make_room = || match &tmpfs {
        Ok(_) => std::fs::remove_file(&filler).unwrap(),
        Err(_) => {
            std::fs::remove_file(outbox.join("tmp")).unwrap();
            std::fs::create_dir(outbox.join("tmp")).unwrap();
        }
    };
    make_full();
    let mut waiting = vec![];
    for (lang, check_path, h1, kept) in [
        (
            "cy",
            "/cy/ffurflenni/anghenion-dysgu-ychwanegol/gwirio-eich-atebion",
            "Mae'n ddrwg gennym, nid oedd modd anfon eich ffurflen",
            "Mae eich atebion wedi",
        ),
        (
            "en",
            "/en/forms/additional-learning-needs/check-your-answers",
            "Sorry, we could not send your form",
            "Your answers have been kept",
        ),
    ] {
        let b = Browser::new(&server);
        assert_eq!(b.send_aln(lang), "", "no confirmation in {lang}");
        let check = b.get(check_path);
        assert!(check.html.contains("AT1 1AA"), "the answers are still there in {lang}");
        let p = b.post(&check, &[("declaration", "yes")]);
        assert_eq!((p.status, p.select("h1").join("")), (503, h1.to_string()));
        assert!(
            p.html.contains(kept) && p.html.contains("01632 960"),
            "says the answers are kept, with the phone number"
        );
        assert!(p.select("#reference").is_empty());
        waiting.push((b, check));
    }
    // Nothing half-written: no entry pending, nothing left in tmp/.
    assert_eq!(std::fs::read_dir(outbox.join("pending")).unwrap().count(), 0, "nothing in pending/");
    if tmpfs.is_ok() {
        assert_eq!(std::fs::read_dir(outbox.join("tmp")).unwrap().count(), 0, "nothing left in tmp/");
    }
    let (status, health) = server.health();
    assert_eq!(status, 503, "{health}");
    assert_eq!(health["outbox"]["writable"], false, "{health}");
    assert!(health["reasons"].to_string().contains("could not store a submission"), "{health}");
    // Room again: the same answers go, and /healthz recovers.
    make_room();
    for (b, check) in &waiting {
        let p = b.post(check, &[("declaration", "yes")]);
        assert_eq!(p.status, 200);
        assert!(p.select("#reference").join("").starts_with("ADY-"));
    }
    assert_eq!(server.health().1["outbox"]["writable"], true);
    drop(server);
}

// ---------------------------------------------------------------- health under load

/// `/healthz` polled every 20 ms while families send 200 forms a second and the worker
/// delivers them as they come: entries leave `pending/` all the time, and none of that is
/// a reason for 503 (before, an entry delivered between the listing and the read was
/// counted as unreadable).
#[test]
fn healthz_polled_every_20_ms_during_200_submissions_a_second_gives_no_503_without_a_cause() {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{Arc, Mutex};
    const FAMILIES: usize = 400;
    let mail = tempfile::tempdir().unwrap();
    let smtp = Smtp::start(mail.path());
    let root = site(smtp.port, "");
    let server = Server::start(root.path(), &[]);
    // Every family at "check your answers" first, 8 at a time.
    let families: Vec<(Browser, Page)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..8)
            .map(|t| {
                let server = &server;
                s.spawn(move || {
                    (0..FAMILIES / 8)
                        .map(|i| {
                            let b = Browser::new(server);
                            let p = b.try_aln_to_check(if (t + i) % 2 == 0 { "cy" } else { "en" }).unwrap();
                            (b, p)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap()).collect()
    });
    let stop = Arc::new(AtomicBool::new(false));
    let bad = Arc::new(Mutex::new(Vec::<String>::new()));
    let poller = {
        let (stop, bad, base) = (stop.clone(), bad.clone(), server.base.clone());
        std::thread::spawn(move || {
            let client = reqwest::blocking::Client::new();
            let mut probes = 0;
            while !stop.load(Ordering::SeqCst) {
                let r = client.get(format!("{base}/healthz")).send().unwrap();
                probes += 1;
                if r.status() != 200 {
                    bad.lock().unwrap().push(format!("{}: {}", r.status(), r.text().unwrap()));
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            probes
        })
    };
    // The final POSTs at 200 a second: 16 senders, each on its own 80 ms grid.
    let started = Instant::now();
    let confirmed: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = families
            .chunks(FAMILIES / 16)
            .map(|chunk| {
                s.spawn(move || {
                    let t0 = Instant::now();
                    let mut refs = vec![];
                    for (i, (b, check)) in chunk.iter().enumerate() {
                        let due = t0 + Duration::from_millis(80 * i as u64);
                        if let Some(wait) = due.checked_duration_since(Instant::now()) {
                            std::thread::sleep(wait);
                        }
                        let p = b.post(check, &[("declaration", "yes")]);
                        refs.push(p.select("#reference").join(""));
                    }
                    refs
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap()).collect()
    });
    let sending = started.elapsed();
    assert!(confirmed.iter().all(|r| r.starts_with("ADY-")), "every family saw a reference");
    let delivered = wait_until(Duration::from_secs(120), || smtp.messages().len() >= 2 * FAMILIES);
    stop.store(true, Ordering::SeqCst);
    let probes = poller.join().unwrap();
    let bad = bad.lock().unwrap().clone();
    eprintln!(
        "{FAMILIES} submissions in {:.1} s ({:.0}/s), delivered: {delivered}; {probes} probes of /healthz, {} not 200",
        sending.as_secs_f64(),
        FAMILIES as f64 / sending.as_secs_f64(),
        bad.len()
    );
    assert!(delivered, "all delivered: {} messages", smtp.messages().len());
    assert!(probes >= 100, "polled throughout: {probes} probes");
    assert!(bad.is_empty(), "/healthz answered without a cause: {bad:?}");
    assert!(std::fs::read_dir(root.path().join("var/outbox/corrupt")).unwrap().next().is_none());
}

// ---------------------------------------------------------------- a Send retried after a crash

/// Team e-mails by Message-ID and how many times each arrived.
fn team_emails(smtp: &Smtp) -> Vec<(String, usize)> {
    counts(smtp).into_iter().filter(|(id, _)| id.contains(".team@")).collect()
}

/// The instance is SIGKILLed after the submission is stored and before the family's reply
/// (a debug-only fault hook); the family presses Send again on the page they had, on the
/// instance started in its place: the same reference, one submission, one team e-mail.
#[test]
fn a_send_retried_after_a_kill_between_storing_and_replying_is_one_submission_and_one_email() {
    let mail = tempfile::tempdir().unwrap();
    let smtp = Smtp::start(mail.path());
    // Held back while the instance dies, so nothing is delivered from the first try.
    smtp.set_switch("defer", true);
    let root = site(smtp.port, "");
    let mut a = Server::start_with_env(root.path(), &[], &[("PORTH_TEST_SUBMIT_FAULT", "kill-after-accept")]);
    let mut b = Browser::new(&a);
    let check = b.try_aln_to_check("cy").unwrap();
    assert!(b.try_post_with(&check, &[("declaration", "yes")], &[]).is_err(), "no reply: the instance died");
    assert!(!a.child.wait().unwrap().success());
    let stored: Vec<_> = std::fs::read_dir(root.path().join("var/outbox/pending")).unwrap().collect();
    assert_eq!(stored.len(), 1, "the first Send was stored before the kill");
    let server = Server::start(root.path(), &[]);
    b.base = server.base.clone();
    let again = b.post(&check, &[("declaration", "yes")]);
    let reference = again.select("#reference").join("");
    assert!(reference.starts_with("ADY-"), "the confirmation page: {}", again.html);
    let pending: Vec<String> = std::fs::read_dir(root.path().join("var/outbox/pending"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(pending, std::slice::from_ref(&reference), "one submission, under the reference shown");
    // A third press (Back, then Send) shows the same confirmation.
    let third = b.post(&check, &[("declaration", "yes")]);
    assert_eq!(third.select("#reference").join(""), reference);
    smtp.set_switch("defer", false);
    assert!(wait_until(Duration::from_secs(30), || ids_of(&counts(&smtp), &reference) >= 2), "delivered");
    // Not a wait for a condition: listening a little longer for a second team e-mail (under test).
    std::thread::sleep(Duration::from_millis(500));
    let team = team_emails(&smtp);
    eprintln!("killed after storing; retried on a new instance: {team:?}");
    assert_eq!(team.len(), 1, "one team e-mail: {team:?}");
    assert_eq!(team[0].1, 1, "sent once");
    assert!(team[0].0.contains(&reference));
    assert_eq!(counts(&smtp).len(), 2, "team e-mail and acknowledgement, nothing else");
}

// ---------------------------------------------------------------- HTTPS without remembering a flag

/// The start page's `Set-Cookie` and `Strict-Transport-Security`, fetched with `headers`.
fn cookie_and_hsts(server: &Server, headers: &[(&str, &str)]) -> (String, Option<String>) {
    let client = reqwest::blocking::Client::new();
    let mut req = client.get(format!("{}/en/forms/home-education/", server.base));
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let r = req.send().unwrap();
    assert_eq!(r.status(), 200);
    let cookie = r.headers().get("set-cookie").expect("a new visitor gets a cookie").to_str().unwrap().to_string();
    let hsts = r.headers().get("strict-transport-security").map(|v| v.to_str().unwrap().to_string());
    (cookie, hsts)
}

#[test]
fn behind_a_trusted_proxy_that_says_https_the_cookie_is_secure_and_hsts_is_sent_without_the_flag() {
    let https = [("x-forwarded-proto", "https")];
    // base_url is https (the shipped config); the proxy on loopback is trusted.
    let root = site(free_port(), "trusted_proxies = [\"127.0.0.1\"]");
    assert!(std::fs::read_to_string(root.path().join("config.toml")).unwrap().contains("base_url = \"https://"));
    let server = Server::start(root.path(), &[]);
    let (cookie, hsts) = cookie_and_hsts(&server, &https);
    assert!(cookie.ends_with("; Secure") && cookie.contains("HttpOnly"), "{cookie}");
    assert_eq!(hsts.as_deref(), Some("max-age=31536000"));
    // The same proxy saying http (or nothing): plain HTTP keeps working, no Secure, no HSTS.
    for headers in [&[("x-forwarded-proto", "http")][..], &[][..]] {
        let (cookie, hsts) = cookie_and_hsts(&server, headers);
        assert!(!cookie.contains("Secure"), "{cookie}");
        assert_eq!(hsts, None);
    }
    // The id drawn at the first answer is marked Secure too.
    let client = reqwest::blocking::Client::builder().cookie_store(true).build().unwrap();
    let start = Browser::page(client.get(format!("{}/en/forms/home-education/child-1", server.base)).send().unwrap());
    let r = client
        .post(format!("{}/en/forms/home-education/child-1", server.base))
        .header("x-forwarded-proto", "https")
        .form(&[("_csrf", start.csrf().as_str()), ("child-first-name", "Alaw")])
        .send()
        .unwrap();
    let fresh = r.headers().get("set-cookie").expect("the first answer draws the session's id").to_str().unwrap();
    assert!(fresh.ends_with("; Secure"), "{fresh}");
    drop(server);

    // Without trusted proxies the header is anyone's to send, and is ignored.
    let root = site(free_port(), "");
    let server = Server::start(root.path(), &[]);
    let (cookie, hsts) = cookie_and_hsts(&server, &https);
    assert!(!cookie.contains("Secure"), "{cookie}");
    assert_eq!(hsts, None);
    drop(server);
    // --secure: always.
    let server = Server::start(root.path(), &["--secure"]);
    let (cookie, hsts) = cookie_and_hsts(&server, &[]);
    assert!(cookie.ends_with("; Secure"), "{cookie}");
    assert_eq!(cookie.matches("Secure").count(), 1, "{cookie}");
    assert_eq!(hsts.as_deref(), Some("max-age=31536000"));
}
