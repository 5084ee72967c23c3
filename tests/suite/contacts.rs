//! Each team's contact details (`[contacts]` in config.toml): the footer of a section's
//! pages, a form's confirmation and both its e-mails give the team that answers, not the
//! council's general inbox; pages link numbers with `tel:`; the team e-mail labels answers
//! by whose they are; `porth check` names the line of every contact mistake.

use crate::common::serve::{Browser, Server, porth, site};
use crate::common::smtp::Smtp;
use mail_parser::MessageParser;
use std::time::Duration;

/// The footer's e-mail and phone links on `path`.
fn footer_links(b: &Browser, path: &str) -> (Option<String>, Option<String>) {
    let p = b.get(path);
    (
        p.attr(".govuk-footer__meta-custom a[href^=\"mailto:\"]", "href"),
        p.attr(".govuk-footer__meta-custom a[href^=\"tel:\"]", "href"),
    )
}

#[test]
fn the_aln_team_answers_on_aln_pages_its_form_and_its_emails() {
    let mail = tempfile::tempdir().unwrap();
    let smtp = Smtp::start(mail.path());
    let root = site(smtp.port, "");
    let server = Server::start(root.path(), &[]);
    let b = Browser::new(&server);

    let general = (Some("mailto:addysg.cartref@dyffrynteg.example".into()), Some("tel:01632960100".into()));
    let aln = (Some("mailto:ady@dyffrynteg.example".into()), Some("tel:01632960110".into()));
    assert_eq!(footer_links(&b, "/cy/"), general, "home page: the default contact");
    assert_eq!(footer_links(&b, "/en/contact/"), general);
    assert_eq!(footer_links(&b, "/en/additional-learning-needs/"), aln, "an ALN section page");
    assert_eq!(footer_links(&b, "/en/additional-learning-needs/idp/"), aln, "a page inside the section");
    assert_eq!(footer_links(&b, "/en/home-education/"), general, "home education's team has the general inbox");
    // The contact page gives each team's number as a link, from config.toml.
    let contact = b.get("/en/contact/");
    let tels = contact.select("main a[href^=\"tel:\"]");
    assert!(tels.iter().any(|t| t == "01632 960 110") && tels.iter().any(|t| t == "01632 960 100"), "{tels:?}");

    let reference = b.send_aln("cy");
    assert!(!reference.is_empty(), "the ALN form was sent");
    // The confirmation (a form page, not in a section) gives the ALN team, body and footer.
    let form_footer = footer_links(&b, "/cy/ffurflenni/anghenion-dysgu-ychwanegol/");
    assert_eq!(form_footer, aln, "the form's own pages");

    let messages = smtp.wait_for(2, Duration::from_secs(20));
    let parsed: Vec<_> = messages.iter().map(|raw| MessageParser::default().parse(raw).unwrap().into_owned()).collect();
    let team = parsed
        .iter()
        .find(|m| m.message_id().is_some_and(|id| id == format!("{reference}.team@dyffrynteg.example")))
        .expect("the team e-mail");
    let text = team.body_text(0).unwrap().to_string();
    // Whose answer it is, in both languages, where the form asked "Full name".
    assert!(text.contains("Enw llawn y sawl sy'n gofyn / Full name of the person asking:\nA\n"), "{text}");
    assert!(
        text.contains(
            "Perthynas y sawl sy'n gofyn â'r plentyn / Relationship of the person asking to the child:\nFather\n"
        ),
        "{text}"
    );
    assert!(!text.contains("Eich perthynas") && !text.contains("Your relationship"), "{text}");
    let ack = parsed
        .iter()
        .find(|m| m.message_id().is_some_and(|id| id == format!("{reference}.ack@dyffrynteg.example")))
        .expect("the acknowledgement");
    let ack_text = ack.body_text(0).unwrap().to_string();
    assert!(ack_text.contains("Tîm Anghenion Dysgu Ychwanegol\n"), "{ack_text}");
    assert!(ack_text.contains(": ady@dyffrynteg.example\n"), "{ack_text}");
    assert!(ack_text.contains(": 01632 960 110 (dydd Llun i ddydd Gwener, 9am tan 5pm)"), "{ack_text}");
    assert!(!ack_text.contains("01632 960 100"), "not the general number:\n{ack_text}");
}

/// The repository's Welsh site in a temp dir, changed by `edit`, then `porth check`.
fn check_with(edit: impl FnOnce(&std::path::Path)) -> (bool, String) {
    let root = site(crate::common::smtp::free_port(), "");
    edit(root.path());
    let (ok, _, stderr) = porth(root.path(), &["check"]);
    (ok, stderr)
}

#[test]
fn porth_check_names_the_line_of_each_contact_mistake() {
    // A page naming a contact that does not exist: its file and line.
    let page = "content/home-education/safeguarding.md";
    let mut line = 0;
    let (ok, err) = check_with(|root| {
        let text = std::fs::read_to_string(root.join(page)).unwrap();
        line = text.lines().position(|l| l.contains("{{ contact.home-education.phone }}")).unwrap() + 1;
        std::fs::write(root.join(page), text.replacen("contact.home-education.phone", "contact.home-ed.phone", 1))
            .unwrap();
    });
    assert!(!ok, "{err}");
    assert!(err.contains(&format!("{page}:{line}: unknown placeholder `{{{{ contact.home-ed.phone }}}}`")), "{err}");
    // A section left without a contact, and a form given two: config.toml's lines.
    let (ok, err) = check_with(|root| {
        let config = root.join("config.toml");
        let c = std::fs::read_to_string(&config).unwrap();
        let c = c
            .replace("sections = [\"home-education\", \"drop-in-sessions\"]", "sections = [\"home-education\"]")
            .replace("forms = [\"home-education\"]", "forms = [\"home-education\", \"aln\"]");
        std::fs::write(&config, c).unwrap();
    });
    assert!(!ok, "{err}");
    let config = std::fs::read_to_string("config.toml").unwrap();
    let at = |needle: &str| config.lines().position(|l| l.trim() == needle).unwrap() + 1;
    let default_line = at("default_contact = \"general\"");
    assert!(err.contains(&format!("config.toml:{default_line}: section `drop-in-sessions` has no contact")), "{err}");
    // Reported where the second contact names it.
    let second = at("[contacts.home-education]");
    assert!(
        err.contains(&format!("config.toml:{second}: form `aln` is in [contacts.aln] and [contacts.home-education]")),
        "{err}"
    );
}
