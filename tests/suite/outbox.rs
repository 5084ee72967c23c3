//! `porth outbox list|send|retry` end to end: the real binary, a real SMTP server
//! (aiosmtpd), and an outbox folder laid out as `Outbox::accept` writes it.

use crate::common;

use common::outbox_site::{smtp_mail, write_site};
use common::smtp::{Smtp, free_port};
use mail_parser::{MessageParser, MimeHeaders};
use std::path::Path;
use std::process::Output;

const CHILD: &str = "Gwenllian ap Rhys";
const EMAIL: &str = "rhiant@teulu.test";

fn porth(root: &Path, args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_porth"))
        .arg("--root")
        .arg(root)
        .args(args)
        .env("PORTH_LOG", "porth=debug")
        .output()
        .unwrap()
}

fn text(o: &Output) -> (String, String) {
    (String::from_utf8_lossy(&o.stdout).into_owned(), String::from_utf8_lossy(&o.stderr).into_owned())
}

/// Puts one submission into `pending/`, as `Outbox::accept` does (the web form's path).
fn pending(root: &Path, reference: &str, sender: Option<&str>, team_sent: bool) {
    let dir = root.join("var/outbox/pending").join(reference);
    std::fs::create_dir_all(&dir).unwrap();
    let submission = serde_json::json!({
        "reference": reference,
        "form": "aln",
        "lang": "cy",
        "submitted_at": "2026-11-23T14:05:00Z",
        "due": "2027-02-15",
        "due_key": "test-due-rule",
        "sender_email": sender,
        "sections": [{"title_key": "test-section-child", "rows": [{"label_key": "test-child-name", "value": CHILD}]}],
        "data": {"child": {"name": CHILD}},
        "attachments": [{"file_name": "report.pdf", "content_type": "application/pdf"}],
    });
    std::fs::write(dir.join("submission.json"), serde_json::to_vec(&submission).unwrap()).unwrap();
    std::fs::write(dir.join("attachment-0"), b"%PDF-1.4 test").unwrap();
    let state = serde_json::json!({
        "reference": reference,
        "form": "aln",
        "accepted_at": "2026-11-23T14:05:01Z",
        "team_sent_at": if team_sent { Some("2026-11-23T14:05:02Z") } else { None },
    });
    std::fs::write(dir.join("state.json"), serde_json::to_vec(&state).unwrap()).unwrap();
}

fn ids(smtp: &Smtp) -> Vec<String> {
    let mut v: Vec<String> = smtp
        .messages()
        .iter()
        .map(|m| MessageParser::default().parse(m).unwrap().message_id().unwrap().to_string())
        .collect();
    v.sort();
    v
}

#[test]
fn send_delivers_both_emails_and_leaves_only_a_receipt() {
    let tmp = tempfile::tempdir().unwrap();
    let smtp = Smtp::start(&tmp.path().join("smtp"));
    let root = tmp.path().join("site");
    write_site(&root, &smtp_mail(smtp.port));
    pending(&root, "ADY-7K3M-Q9PX", Some(EMAIL), false);

    let out = porth(&root, &["outbox", "send"]);
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("ADY-7K3M-Q9PX: delivered"), "{stdout}");
    assert_eq!(ids(&smtp), ["ADY-7K3M-Q9PX.ack@council.test", "ADY-7K3M-Q9PX.team@council.test"]);
    let raw = smtp.messages();
    let team = raw
        .iter()
        .map(|m| MessageParser::default().parse(m).unwrap())
        .find(|m| m.message_id().unwrap().contains("team"))
        .unwrap();
    assert!(team.subject().unwrap().contains("ADY-7K3M-Q9PX") && team.subject().unwrap().contains("15 February 2027"));
    let json = team.attachments().find(|a| a.attachment_name() == Some("ADY-7K3M-Q9PX.json")).unwrap();
    let v: serde_json::Value = serde_json::from_slice(json.contents()).unwrap();
    assert_eq!(v["answers"]["child"]["name"], CHILD);

    // Logs name the reference and never the answers or the address.
    assert!(stderr.contains("ADY-7K3M-Q9PX"), "{stderr}");
    assert!(!stderr.contains(CHILD) && !stderr.contains(EMAIL), "{stderr}");

    assert!(!root.join("var/outbox/pending/ADY-7K3M-Q9PX").exists(), "personal data deleted");
    let receipt = std::fs::read_to_string(root.join("var/outbox/receipts/ADY-7K3M-Q9PX.json")).unwrap();
    assert!(receipt.contains("delivered") && !receipt.contains(CHILD) && !receipt.contains(EMAIL), "{receipt}");
    let (stdout, _) = text(&porth(&root, &["outbox"]));
    assert!(stdout.contains("0 pending, 0 failed"), "{stdout}");
}

#[test]
fn after_a_crash_between_the_two_emails_only_the_ack_is_sent() {
    let tmp = tempfile::tempdir().unwrap();
    let smtp = Smtp::start(&tmp.path().join("smtp"));
    let root = tmp.path().join("site");
    write_site(&root, &smtp_mail(smtp.port));
    // The state the previous process wrote just after the team e-mail went.
    pending(&root, "ADY-2345-6789", Some(EMAIL), true);
    let (stdout, _) = text(&porth(&root, &["outbox", "list"]));
    assert!(stdout.contains("ADY-2345-6789  aln") && stdout.contains("pending (team e-mail sent)"), "{stdout}");
    let out = porth(&root, &["outbox", "send"]);
    assert!(out.status.success(), "{:?}", text(&out));
    assert_eq!(ids(&smtp), ["ADY-2345-6789.ack@council.test"]);
    // Running again sends nothing more.
    porth(&root, &["outbox", "send"]);
    assert_eq!(ids(&smtp).len(), 1);
}

#[test]
fn a_refused_ack_goes_to_failed_and_retry_sends_it_once() {
    let tmp = tempfile::tempdir().unwrap();
    let smtp = Smtp::start(&tmp.path().join("smtp"));
    smtp.set_switch("refuse", true);
    let root = tmp.path().join("site");
    write_site(&root, &smtp_mail(smtp.port));
    pending(&root, "ADY-ABCD-EFGH", Some("bounce@teulu.test"), false);

    let (stdout, stderr) = text(&porth(&root, &["outbox", "send"]));
    assert!(stdout.contains("ADY-ABCD-EFGH: failed"), "{stdout}\n{stderr}");
    assert!(stderr.contains("550") && !stderr.contains("bounce@"), "the log gives the code, not the address: {stderr}");
    let (stdout, _) = text(&porth(&root, &["outbox", "list"]));
    assert!(
        stdout.contains("ADY-ABCD-EFGH") && stdout.contains("failed") && stdout.contains("0 pending, 1 failed"),
        "{stdout}"
    );
    assert!(stdout.contains("last error:") && stdout.contains("550"), "{stdout}");

    smtp.set_switch("refuse", false);
    let out = porth(&root, &["outbox", "retry", "ady abcd efgh"]);
    let (stdout, stderr) = text(&out);
    assert!(out.status.success() && stdout.contains("ADY-ABCD-EFGH: back in pending"), "{stdout}\n{stderr}");
    let out = porth(&root, &["outbox", "send"]);
    assert!(out.status.success(), "{:?}", text(&out));
    assert_eq!(
        ids(&smtp),
        ["ADY-ABCD-EFGH.ack@council.test", "ADY-ABCD-EFGH.team@council.test"],
        "team once, ack once"
    );

    let out = porth(&root, &["outbox", "retry", "ADY-ABCD-EFGH"]);
    assert!(!out.status.success(), "nothing left to retry");
}

#[test]
fn with_the_server_down_send_fails_and_keeps_everything() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    let port = free_port();
    write_site(&root, &smtp_mail(port));
    pending(&root, "ADY-WXYZ-2345", Some(EMAIL), false);
    let out = porth(&root, &["outbox", "send"]);
    let (stdout, stderr) = text(&out);
    assert!(!out.status.success());
    assert!(stderr.contains("SMTP server unavailable"), "{stderr}");
    assert!(stdout.contains("1 pending, 0 failed"), "{stdout}");
    assert!(!stderr.contains(CHILD) && !stderr.contains(EMAIL), "{stderr}");

    let smtp = Smtp::start_on(&tmp.path().join("smtp"), port);
    assert!(porth(&root, &["outbox", "send"]).status.success());
    assert_eq!(ids(&smtp).len(), 2);
}
