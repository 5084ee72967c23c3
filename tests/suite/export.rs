//! `porth outbox export` on both backends: a submission sent through the web, exported
//! while it waits and again from its receipt once delivered, as CSV and JSON, filtered by
//! date and form; nothing personal in the export or the log.

use crate::common;

use common::pg::Postgres;
use common::serve::*;
use common::smtp::{Smtp, free_port};
use std::path::Path;

fn porth(root: &Path, args: &[&str], url: Option<&str>) -> (bool, String, String) {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_porth"));
    cmd.arg("--root").arg(root).args(args).env("PORTH_LOG", "porth=debug");
    if let Some(u) = url {
        cmd.env("PORTH_TEST_DATABASE_URL", u);
    }
    let o = cmd.output().unwrap();
    (
        o.status.success(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn today() -> time::Date {
    time::OffsetDateTime::now_utc().date()
}

/// Runs the export checks on a site whose mail server is down (`smtp` on `port`, not
/// started) and whose outbox is on either backend.
fn export_journey(root: &Path, url: Option<&str>, server: &mut Server, smtp_dir: &Path, smtp_port: u16) {
    let reference = Browser::new(server).send_aln("cy");
    assert!(reference.starts_with("ADY-"), "{reference}");
    server.stop();
    let since = (today() - time::Duration::days(1)).to_string();
    let due = (today() + time::Duration::weeks(12)).to_string();

    // Waiting: exported from the submission, as pending.
    let (ok, out, err) = porth(root, &["outbox", "export", "--since", &since, "--format", "csv"], url);
    assert!(ok, "{out}{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("reference,form,status,received,"), "{out}");
    assert!(lines[0].ends_with(",due_response"), "{out}");
    assert_eq!(lines.len(), 2, "{out}");
    assert!(lines[1].starts_with(&format!("{reference},aln,pending,")), "{out}");
    assert!(
        lines[1].contains(",cy,cy,A parent or carer; Decide whether the learner has additional learning needs,,0,"),
        "{out}"
    );
    assert!(lines[1].ends_with(&format!(",{due}")), "{out}");
    assert!(err.contains("1 submission(s) exported") && !err.contains(&reference), "{err}");

    // Delivered: exported from the receipt, with the same hand-off.
    let mut smtp = Smtp::start_on(smtp_dir, smtp_port);
    let (ok, out, err) = porth(root, &["outbox", "send"], url);
    assert!(ok, "{out}{err}");
    let file = root.join("export.json");
    let (ok, out, err) = porth(
        root,
        &["outbox", "export", "--since", &since, "--format", "json", "--output", file.to_str().unwrap()],
        url,
    );
    assert!(ok && out.is_empty(), "{out}{err}");
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let rows = json.as_array().unwrap();
    assert_eq!(rows.len(), 1, "{json:#}");
    let row = &rows[0];
    assert_eq!(row["reference"], reference);
    assert_eq!(row["status"], "delivered");
    assert_eq!(row["form"], "aln");
    assert_eq!(row["lang"], "cy");
    assert_eq!(row["due_dates"][0]["date"], due);
    assert_eq!(row["due_dates"][0]["rule"], "aln-due-decide");
    assert_eq!(row["route"][0], "A parent or carer");
    assert!(row["team_sent_at"].is_string() && row["ack_sent_at"].is_string(), "{row}");
    // Nothing personal: the test family's name, address and e-mail are not in it.
    let text = json.to_string();
    for personal in ["a@example.com", "AT1 1AA", "\"B\"", "Father"] {
        assert!(!text.contains(personal), "{personal} in {text}");
    }
    // Filters: another form, or days before it arrived, export nothing.
    let (ok, out, _) =
        porth(root, &["outbox", "export", "--since", &since, "--format", "csv", "--form", "home-education"], url);
    assert!(ok && out.lines().count() == 1, "{out}");
    let before = (today() - time::Duration::days(2)).to_string();
    let (ok, out, _) =
        porth(root, &["outbox", "export", "--since", &before, "--until", &before, "--format", "json"], url);
    assert!(ok && out.trim() == "[]", "{out}");
    // A date that is not one is named, with the form to write it in.
    let (ok, _, err) = porth(root, &["outbox", "export", "--since", "31/12/2026", "--format", "csv"], url);
    assert!(!ok && err.contains("--since `31/12/2026` is not a date") && err.contains("YYYY-MM-DD"), "{err}");
    smtp.stop();
}

#[test]
fn export_writes_waiting_and_delivered_submissions_from_the_files_backend() {
    let mail = tempfile::tempdir().unwrap();
    let port = free_port();
    let root = site(port, "");
    let mut server = Server::start(root.path(), &[]);
    export_journey(root.path(), None, &mut server, mail.path(), port);
}

#[test]
fn export_writes_waiting_and_delivered_submissions_from_postgres() {
    let pg = Postgres::start();
    let url = pg.database("porth");
    let mail = tempfile::tempdir().unwrap();
    let port = free_port();
    let root = site(port, "");
    let path = root.path().join("config.toml");
    let config = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        format!(
            "{config}\n[storage]\nbackend = \"postgres\"\nurl_env = \"PORTH_TEST_DATABASE_URL\"\ntimeout_secs = 5.0\n"
        ),
    )
    .unwrap();
    let mut server =
        Server::start_with_env(root.path(), &[], &[("PORTH_TEST_DATABASE_URL", &url), ("PORTH_LOG", "porth=warn")]);
    export_journey(root.path(), Some(&url), &mut server, mail.path(), port);
}
