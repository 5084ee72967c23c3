//! `porth outbox migrate` between the files backend and PostgreSQL, with the real parts: a
//! throwaway PostgreSQL from Debian's package, a real SMTP server (aiosmtpd) counting
//! Message-IDs, and the real binary. Waiting submissions of every kind (pending, pending
//! with the team e-mail already sent, failed with and without it, one with a document)
//! move both ways byte for byte with their delivery state; running it again does nothing;
//! a migrate interrupted after storing but before deleting is completed by the next run;
//! and the destination's `porth serve` then sends each missing message exactly once, under
//! the Message-ID it always had.

use crate::common;

use common::pg::Postgres;
use common::serve::*;
use common::smtp::Smtp;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

const URL_ENV: &str = "PORTH_TEST_DATABASE_URL";

/// The repository's site with mail to `smtp`, the outbox in `backend`.
fn site_on(smtp: &Smtp, backend: &str) -> tempfile::TempDir {
    let root = site(smtp.port, "");
    let path = root.path().join("config.toml");
    let config = std::fs::read_to_string(&path)
        .unwrap()
        .replace("retry_max_secs = 2.0", "retry_max_secs = 2.0\npoll_secs = 0.5");
    assert!(config.contains("poll_secs = 0.5"));
    std::fs::write(&path, format!("{config}\n[storage]\nbackend = \"{backend}\"\nurl_env = \"{URL_ENV}\"\nlease_secs = 30\ntimeout_secs = 5.0\n")).unwrap();
    root
}

fn set_backend(root: &Path, backend: &str) {
    let path = root.join("config.toml");
    let config = std::fs::read_to_string(&path).unwrap();
    let config = config
        .replace("backend = \"files\"", &format!("backend = \"{backend}\""))
        .replace("backend = \"postgres\"", &format!("backend = \"{backend}\""));
    std::fs::write(&path, config).unwrap();
}

/// Runs `porth` with the database URL (or without it): success, stdout, stderr.
fn porth_db(root: &Path, url: Option<&str>, args: &[&str]) -> (bool, String, String) {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_porth"));
    cmd.arg("--root").arg(root).args(args).env_remove(URL_ENV);
    if let Some(u) = url {
        cmd.env(URL_ENV, u);
    }
    let o = cmd.output().unwrap();
    (
        o.status.success(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn migrate(root: &Path, url: &str, from: &str, to: &str) -> String {
    let (ok, out, err) = porth_db(root, Some(url), &["outbox", "migrate", "--from", from, "--to", to]);
    assert!(ok, "migrate --from {from} --to {to} failed:\n{out}{err}");
    out
}

fn outbox(root: &Path) -> PathBuf {
    root.join("var/outbox")
}

/// The six kinds of waiting submission, written as the files backend keeps them.
/// Returns them by name.
fn waiting_in_files(root: &Path) -> BTreeMap<&'static str, String> {
    let names = ["pending", "pending-team-sent", "pending-document", "pending-2", "failed-team-sent", "failed"];
    let refs: BTreeMap<&str, String> = names.iter().enumerate().map(|(i, n)| (*n, reference(700 + i))).collect();
    let now = time::OffsetDateTime::now_utc();
    for (name, r) in &refs {
        pending(root, r);
        let dir = outbox(root).join("pending").join(r);
        let state_path = dir.join("state.json");
        let mut state: serde_json::Value = serde_json::from_slice(&std::fs::read(&state_path).unwrap()).unwrap();
        let sent = (now - time::Duration::minutes(5)).format(&time::format_description::well_known::Rfc3339).unwrap();
        if name.contains("team-sent") {
            state["team_sent_at"] = serde_json::Value::String(sent);
        }
        if name.starts_with("failed") {
            state["attempts"] = 1.into();
            state["last_error"] = "permanent: 550 5.1.1 Recipient address rejected".into();
        }
        std::fs::write(&state_path, serde_json::to_vec_pretty(&state).unwrap()).unwrap();
        if *name == "pending-document" {
            let path = dir.join("submission.json");
            let mut s: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
            s["attachments"] = serde_json::json!([{"file_name": "adroddiad.pdf", "content_type": "application/pdf"}]);
            std::fs::write(&path, serde_json::to_vec(&s).unwrap()).unwrap();
            std::fs::write(dir.join("attachment-0"), b"%PDF-1.4 a document\n%%EOF\n").unwrap();
        }
        if name.starts_with("failed") {
            std::fs::create_dir_all(outbox(root).join("failed")).unwrap();
            std::fs::rename(&dir, outbox(root).join("failed").join(r)).unwrap();
        }
    }
    refs
}

/// Every file of every waiting entry by `pending|failed/REF/file`: the submission and its
/// documents byte for byte, the delivery state by meaning (PostgreSQL keeps times to the
/// microsecond, and an absent field reads as null or 0).
fn snapshot(root: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for sub in ["pending", "failed"] {
        let Ok(rd) = std::fs::read_dir(outbox(root).join(sub)) else { continue };
        for entry in rd.flatten() {
            for file in std::fs::read_dir(entry.path()).unwrap().flatten() {
                let key =
                    format!("{sub}/{}/{}", entry.file_name().to_string_lossy(), file.file_name().to_string_lossy());
                let bytes = std::fs::read(file.path()).unwrap();
                out.insert(
                    key.clone(),
                    if key.ends_with("state.json") { state_meaning(&bytes) } else { String::from_utf8(bytes).unwrap() },
                );
            }
        }
    }
    out
}

fn state_meaning(bytes: &[u8]) -> String {
    let v: serde_json::Map<String, serde_json::Value> = serde_json::from_slice(bytes).unwrap();
    let fields: BTreeMap<String, String> = v
        .into_iter()
        .filter(|(k, v)| !(v.is_null() || (k == "attempts" && v.as_u64() == Some(0))))
        .map(|(k, v)| {
            let text = match &v {
                serde_json::Value::String(s) => {
                    match time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339) {
                        Ok(t) => (t.unix_timestamp_nanos() / 1000).to_string(),
                        Err(_) => s.clone(),
                    }
                }
                other => other.to_string(),
            };
            (k, text)
        })
        .collect();
    format!("{fields:?}")
}

/// The delivery state of every row, as text, for comparing runs.
fn rows(pg: &Postgres) -> String {
    pg.sql(
        "porth",
        "SELECT string_agg(concat_ws('|', reference, status, accepted_at, team_sent_at, ack_sent_at, attempts, last_error, fingerprint, \
           encode(sha256(convert_to(submission, 'UTF8')), 'hex'), (SELECT count(*) FROM porth_outbox_attachment a WHERE a.reference = o.reference)), E'\\n' ORDER BY reference) \
         FROM porth_outbox o",
    )
}

fn waiting_count(root: &Path) -> usize {
    ["pending", "failed"]
        .iter()
        .map(|s| std::fs::read_dir(outbox(root).join(s)).map(|rd| rd.count()).unwrap_or(0))
        .sum()
}

/// The messages the destination must send: every one not recorded as sent, once.
fn expected_ids(refs: &BTreeMap<&str, String>) -> Vec<String> {
    let mut ids = vec![];
    for (name, r) in refs {
        if !name.contains("team-sent") {
            ids.push(format!("<{r}.team@dyffrynteg.example>"));
        }
        ids.push(format!("<{r}.ack@dyffrynteg.example>"));
    }
    ids.sort();
    ids
}

fn delivered_ids(smtp: &Smtp) -> Vec<String> {
    let mut ids: Vec<String> = counts(smtp)
        .into_iter()
        .flat_map(|(id, n)| std::iter::repeat_n(format!("<{}>", id.trim_matches(['<', '>'])), n))
        .collect();
    ids.sort();
    ids
}

#[test]
fn files_to_postgres_moves_every_waiting_submission_once_and_the_database_delivers_each_message_once() {
    let pg = Postgres::start();
    let url = pg.database("porth");
    let mail = tempfile::tempdir().unwrap();
    let smtp = Smtp::start(mail.path());
    let root = site_on(&smtp, "files");
    let refs = waiting_in_files(root.path());
    let keys: Vec<String> = snapshot(root.path()).into_keys().collect();
    assert_eq!(keys.iter().filter(|k| k.ends_with("submission.json")).count(), 6);

    // Without the URL the command names the variable to set; nothing moves.
    let (ok, _, err) = porth_db(root.path(), None, &["outbox", "migrate", "--from", "files", "--to", "postgres"]);
    assert!(!ok && err.contains(URL_ENV), "{err}");
    // While a `porth serve` delivers from the folder (it holds worker.lock), refused.
    smtp.set_switch("defer", true);
    let mut server = Server::start_with_env(root.path(), &[], &[(URL_ENV, &url)]);
    let (ok, out, err) =
        porth_db(root.path(), Some(&url), &["outbox", "migrate", "--from", "files", "--to", "postgres"]);
    assert!(!ok && err.contains("worker.lock") && err.contains("stop it"), "{out}{err}");
    server.stop();
    smtp.set_switch("defer", false);
    // (Its worker tried the pending ones and recorded the 451s.)
    let before = snapshot(root.path());
    assert_eq!(before.keys().cloned().collect::<Vec<_>>(), keys, "nothing moved while refused");

    // Keep one entry aside, to put back afterwards as a migrate killed between the
    // database's commit and the folder's delete would leave it.
    let interrupted = &refs["pending-team-sent"];
    let kept = tempfile::tempdir().unwrap();
    common::copy_tree(&outbox(root.path()).join("pending").join(interrupted), kept.path());
    let kept_states = tempfile::tempdir().unwrap();
    for (name, r) in &refs {
        let dir = if name.starts_with("failed") { "failed" } else { "pending" };
        std::fs::copy(
            outbox(root.path()).join(dir).join(r).join("state.json"),
            kept_states.path().join(format!("{r}.json")),
        )
        .unwrap();
    }

    let out = migrate(root.path(), &url, "files", "postgres");
    for (name, r) in &refs {
        let line =
            out.lines().find(|l| l.starts_with(r.as_str())).unwrap_or_else(|| panic!("{r} not reported:\n{out}"));
        let expected = match *name {
            "pending-team-sent" => "moved (pending, team e-mail sent)",
            n if n.starts_with("failed") => "moved (failed)",
            _ => "moved (pending)",
        };
        assert!(line.ends_with(expected), "{name}: {line}");
    }
    assert!(out.contains("6 moved, 0 already in postgres, 0 left in files"), "{out}");
    assert_eq!(waiting_count(root.path()), 0, "the folder keeps nothing that moved");
    // Byte for byte: the submission as it was written, its document, its state.
    for (name, r) in &refs {
        let dir = if name.starts_with("failed") { "failed" } else { "pending" };
        let json = &before[&format!("{dir}/{r}/submission.json")];
        assert_eq!(
            pg.sql("porth", &format!("SELECT submission FROM porth_outbox WHERE reference = '{r}'")),
            json.trim()
        );
        let state: serde_json::Value =
            serde_json::from_slice(&std::fs::read(kept_states.path().join(format!("{r}.json"))).unwrap()).unwrap();
        let row = pg.sql("porth", &format!("SELECT status, team_sent_at IS NOT NULL, attempts, coalesce(last_error, '') FROM porth_outbox WHERE reference = '{r}'"));
        let want = format!(
            "{}|{}|{}|{}",
            if dir == "failed" { "failed" } else { "pending" },
            if state["team_sent_at"].is_string() { "t" } else { "f" },
            state["attempts"].as_u64().unwrap_or(0),
            state["last_error"].as_str().unwrap_or("")
        );
        assert_eq!(row, want, "{name}");
    }
    let doc = &refs["pending-document"];
    assert_eq!(
        pg.sql(
            "porth",
            &format!("SELECT convert_from(bytes, 'UTF8') FROM porth_outbox_attachment WHERE reference = '{doc}'")
        ),
        "%PDF-1.4 a document\n%%EOF"
    );
    let after_first = rows(&pg);

    // Run again: nothing to do, nothing changes.
    let out = migrate(root.path(), &url, "files", "postgres");
    assert!(out.contains("0 moved, 0 already in postgres, 0 left in files"), "{out}");
    assert_eq!(rows(&pg), after_first);

    // The interrupted migrate: the entry is in both. The next run recognises the
    // database's copy, leaves it as it is, and deletes the folder's.
    common::copy_tree(kept.path(), &outbox(root.path()).join("pending").join(interrupted));
    let out = migrate(root.path(), &url, "files", "postgres");
    assert!(
        out.contains(&format!("{interrupted}: already in postgres"))
            && out.contains("0 moved, 1 already in postgres, 0 left in files"),
        "{out}"
    );
    assert_eq!(waiting_count(root.path()), 0);
    assert_eq!(rows(&pg), after_first);

    // The database's `porth serve` sends what had not been sent, once, under the
    // Message-IDs the submissions always had; failed ones after `retry`.
    set_backend(root.path(), "postgres");
    let (ok, out, err) = porth_db(root.path(), Some(&url), &["outbox", "retry"]);
    assert!(ok && out.contains("2 moved back"), "{out}{err}");
    let mut server = Server::start_with_env(root.path(), &[], &[(URL_ENV, &url), ("PORTH_LOG", "porth=warn")]);
    let expected = expected_ids(&refs);
    assert!(
        wait_until(Duration::from_secs(60), || smtp.messages().len() >= expected.len()),
        "delivered: {:?}",
        delivered_ids(&smtp)
    );
    assert!(wait_until(Duration::from_secs(10), || pg
        .sql("porth", "SELECT count(*) FROM porth_outbox WHERE status = 'delivered'")
        == "6"));
    server.stop();
    assert_eq!(delivered_ids(&smtp), expected, "each message not yet sent, once, with its own Message-ID");
    assert_eq!(pg.sql("porth", "SELECT count(*) FROM porth_outbox_attachment"), "0", "no personal data left");
}

#[test]
fn postgres_to_files_moves_every_waiting_submission_once_and_the_folder_delivers_each_message_once() {
    let pg = Postgres::start();
    let url = pg.database("porth");
    let mail = tempfile::tempdir().unwrap();
    let smtp = Smtp::start(mail.path());
    let root = site_on(&smtp, "files");
    let refs = waiting_in_files(root.path());
    let before = snapshot(root.path());

    // While a `porth serve` is connected to the database, refused either way: it could
    // claim a submission at any moment. (Its database is still empty here, so it sends
    // nothing meanwhile.)
    set_backend(root.path(), "postgres");
    let mut server = Server::start_with_env(root.path(), &[], &[(URL_ENV, &url), ("PORTH_LOG", "porth=warn")]);
    for (from, to) in [("postgres", "files"), ("files", "postgres")] {
        let (ok, out, err) = porth_db(root.path(), Some(&url), &["outbox", "migrate", "--from", from, "--to", to]);
        assert!(!ok && err.contains("stop every `porth serve`"), "{out}{err}");
    }
    server.stop();
    assert_eq!(snapshot(root.path()), before, "nothing moved while refused");
    migrate(root.path(), &url, "files", "postgres");
    assert_eq!(pg.sql("porth", "SELECT count(*) FROM porth_outbox WHERE status IN ('pending', 'failed')"), "6");

    // Keep one row aside, to put back as a migrate killed between the folder's fsync and
    // the database's delete would leave it.
    let interrupted = &refs["pending-document"];
    pg.sql("porth", &format!("CREATE TABLE kept AS SELECT * FROM porth_outbox WHERE reference = '{interrupted}'; CREATE TABLE kept_files AS SELECT * FROM porth_outbox_attachment WHERE reference = '{interrupted}'"));

    let out = migrate(root.path(), &url, "postgres", "files");
    assert!(out.contains("6 moved, 0 already in files, 0 left in postgres"), "{out}");
    assert!(out.contains("set [storage] backend = \"files\""), "{out}");
    assert_eq!(pg.sql("porth", "SELECT count(*) FROM porth_outbox"), "0", "the database keeps nothing that moved");
    // The round trip gives back the very files it started from.
    assert_eq!(snapshot(root.path()), before);

    let out = migrate(root.path(), &url, "postgres", "files");
    assert!(out.contains("0 moved, 0 already in files, 0 left in postgres"), "{out}");
    assert_eq!(snapshot(root.path()), before);

    pg.sql(
        "porth",
        "INSERT INTO porth_outbox SELECT * FROM kept; INSERT INTO porth_outbox_attachment SELECT * FROM kept_files",
    );
    let out = migrate(root.path(), &url, "postgres", "files");
    assert!(
        out.contains(&format!("{interrupted}: already in files"))
            && out.contains("0 moved, 1 already in files, 0 left in postgres"),
        "{out}"
    );
    assert_eq!(pg.sql("porth", "SELECT count(*) FROM porth_outbox"), "0");
    assert_eq!(snapshot(root.path()), before);

    // The folder's `porth serve` sends what had not been sent, once each.
    set_backend(root.path(), "files");
    let (ok, out, err) = porth_db(root.path(), None, &["outbox", "retry"]);
    assert!(ok && out.contains("2 moved back"), "{out}{err}");
    let mut server = Server::start_with_env(root.path(), &[], &[("PORTH_LOG", "porth=warn")]);
    let expected = expected_ids(&refs);
    assert!(
        wait_until(Duration::from_secs(60), || smtp.messages().len() >= expected.len()
            && waiting_count(root.path()) == 0),
        "delivered: {:?}",
        delivered_ids(&smtp)
    );
    server.stop();
    assert_eq!(delivered_ids(&smtp), expected, "each message not yet sent, once, with its own Message-ID");
}

#[test]
fn migrate_refuses_the_same_backend_twice() {
    let mail = tempfile::tempdir().unwrap();
    let smtp = Smtp::start(mail.path());
    let root = site_on(&smtp, "files");
    let (ok, _, err) = porth_db(root.path(), None, &["outbox", "migrate", "--from", "files", "--to", "files"]);
    assert!(!ok && err.contains("--from and --to are both files"), "{err}");
}

/// Starts a migrate and SIGKILLs it as soon as `moving` says it is part-way; returns
/// whether the kill landed part-way (it may finish first on a fast machine).
fn kill_part_way(root: &Path, url: &str, from: &str, to: &str, mut moving: impl FnMut() -> bool) -> bool {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_porth"))
        .arg("--root")
        .arg(root)
        .args(["outbox", "migrate", "--from", from, "--to", to])
        .env(URL_ENV, url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let part_way = wait_until(Duration::from_secs(60), || moving() || child.try_wait().unwrap().is_some());
    let landed = part_way && child.try_wait().unwrap().is_none();
    let _ = child.kill();
    let _ = child.wait();
    landed
}

#[test]
fn a_migrate_killed_part_way_and_run_again_loses_and_repeats_nothing_either_way() {
    let pg = Postgres::start();
    let url = pg.database("porth");
    let mail = tempfile::tempdir().unwrap();
    let smtp = Smtp::start(mail.path());
    let root = site_on(&smtp, "files");
    let n = 150;
    let refs: Vec<String> = (0..n).map(|i| reference(2000 + i)).collect();
    let mut expected = vec![];
    for (i, r) in refs.iter().enumerate() {
        pending(root.path(), r);
        if i % 3 == 0 {
            let path = outbox(root.path()).join("pending").join(r).join("state.json");
            let mut state: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
            state["team_sent_at"] =
                time::OffsetDateTime::now_utc().format(&time::format_description::well_known::Rfc3339).unwrap().into();
            std::fs::write(&path, serde_json::to_vec(&state).unwrap()).unwrap();
        } else {
            expected.push(format!("<{r}.team@dyffrynteg.example>"));
        }
        expected.push(format!("<{r}.ack@dyffrynteg.example>"));
    }
    expected.sort();
    let before = snapshot(root.path());
    // The tables exist before the first kill, so the database can be counted meanwhile.
    let (ok, _, err) = porth_db(root.path(), Some(&url), &["outbox", "migrate", "--from", "postgres", "--to", "files"]);
    assert!(ok, "{err}");
    let in_db = || pg.sql("porth", "SELECT count(*) FROM porth_outbox").parse::<usize>().unwrap();

    let landed = kill_part_way(root.path(), &url, "files", "postgres", || (1..n).contains(&in_db()));
    eprintln!("files → postgres killed part-way: {landed} ({} of {n} in the database)", in_db());
    let out = migrate(root.path(), &url, "files", "postgres");
    assert_eq!(waiting_count(root.path()), 0, "{out}");
    assert_eq!(in_db(), n, "every submission once in the database");

    let landed = kill_part_way(root.path(), &url, "postgres", "files", || (1..n).contains(&waiting_count(root.path())));
    eprintln!("postgres → files killed part-way: {landed} ({} of {n} in the folder)", waiting_count(root.path()));
    let out = migrate(root.path(), &url, "postgres", "files");
    assert_eq!(in_db(), 0, "{out}");
    assert_eq!(snapshot(root.path()), before, "every submission back in the folder as it was");

    // And each message not yet sent is sent once, under its own Message-ID.
    let mut server = Server::start_with_env(root.path(), &[], &[("PORTH_LOG", "porth=warn")]);
    assert!(
        wait_until(Duration::from_secs(120), || waiting_count(root.path()) == 0),
        "delivered: {} of {}",
        smtp.messages().len(),
        expected.len()
    );
    server.stop();
    assert_eq!(delivered_ids(&smtp), expected);
}

#[test]
fn a_clashing_reference_or_a_damaged_entry_stays_at_the_source_the_others_move_and_the_command_fails() {
    let pg = Postgres::start();
    let url = pg.database("porth");
    let mail = tempfile::tempdir().unwrap();
    let smtp = Smtp::start(mail.path());
    let root = site_on(&smtp, "files");
    let (clash, other, damaged) = (reference(3000), reference(3001), reference(3002));
    for r in [&clash, &other, &damaged] {
        pending(root.path(), r);
    }
    std::fs::write(
        outbox(root.path()).join("pending").join(&damaged).join("submission.json"),
        "{\"reference\": \"half a fi",
    )
    .unwrap();
    let before = snapshot(root.path());
    // The tables, then a different submission under the same reference in the database.
    migrate(root.path(), &url, "postgres", "files");
    pg.sql("porth", &format!("INSERT INTO porth_outbox (reference, form, status, accepted_at, submission, fingerprint) VALUES ('{clash}', 'aln', 'pending', now(), '{{}}', 'another')"));
    let (ok, out, err) =
        porth_db(root.path(), Some(&url), &["outbox", "migrate", "--from", "files", "--to", "postgres"]);
    assert!(!ok, "{out}{err}");
    assert!(out.contains(&format!("{clash}: NOT moved: another submission has this reference in postgres")), "{out}");
    assert!(
        out.contains(&format!("{damaged}: NOT moved: unreadable (")) && out.contains("is not a valid outbox file"),
        "{out}"
    );
    assert!(
        out.contains(&format!("{other}: moved (pending)"))
            && out.contains("1 moved, 0 already in postgres, 2 left in files"),
        "{out}"
    );
    assert!(err.contains("2 submission(s) are still in files (2 pending, 0 failed, 0 set aside)"), "{err}");
    let left = snapshot(root.path());
    assert_eq!(left.len(), 4, "the clashing and the damaged ones stay: {:?}", left.keys());
    assert!(
        left.keys().all(|k| k.contains(&clash) || k.contains(&damaged)) && left.iter().all(|(k, v)| before[k] == *v),
        "unchanged"
    );
    assert_eq!(
        pg.sql("porth", &format!("SELECT submission FROM porth_outbox WHERE reference = '{clash}'")),
        "{}",
        "the database's own is untouched"
    );
}

/// How long the servers are stopped for: a migrate of 1,000 submissions each way, one in
/// ten with a 1 MB document. A measurement for BENCHMARKS.md, not a test of speed:
/// `cargo test --release --test suite migrate:: -- --ignored --nocapture`.
#[test]
#[ignore]
fn bench_migrate_1000_submissions_each_way() {
    let pg = Postgres::start();
    let url = pg.database("porth");
    let mail = tempfile::tempdir().unwrap();
    let smtp = Smtp::start(mail.path());
    let root = site_on(&smtp, "files");
    let n = 1000;
    let document = vec![b'%'; 1 << 20];
    for i in 0..n {
        let r = reference(5000 + i);
        pending(root.path(), &r);
        if i % 10 == 0 {
            let dir = outbox(root.path()).join("pending").join(&r);
            let mut s: serde_json::Value =
                serde_json::from_slice(&std::fs::read(dir.join("submission.json")).unwrap()).unwrap();
            s["attachments"] = serde_json::json!([{"file_name": "adroddiad.pdf", "content_type": "application/pdf"}]);
            std::fs::write(dir.join("submission.json"), serde_json::to_vec(&s).unwrap()).unwrap();
            std::fs::write(dir.join("attachment-0"), &document).unwrap();
        }
    }
    migrate(root.path(), &url, "postgres", "files");
    for (from, to) in [("files", "postgres"), ("postgres", "files")] {
        let t = std::time::Instant::now();
        let out = migrate(root.path(), &url, from, to);
        let secs = t.elapsed().as_secs_f64();
        assert!(out.contains(&format!("{n} moved")), "{out}");
        eprintln!(
            "migrate {from} → {to}: {n} submissions ({} MB of documents) in {secs:.1} s, {:.0} a second",
            n / 10,
            n as f64 / secs
        );
    }
}
