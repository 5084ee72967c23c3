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
    std::thread::sleep(Duration::from_millis(500));
    let (ok, stdout, stderr) = porth(root.path(), &["outbox", "send"]);
    assert!(!ok, "{stdout}");
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
    std::thread::sleep(Duration::from_secs(2));
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
