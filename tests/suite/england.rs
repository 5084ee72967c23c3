//! The English council's site (`sites/england`): it builds and passes `porth check` as an
//! English-only site, each of its three forms goes end to end through a real SMTP server
//! into the right inbox in English, and the timescales its content states agree with the
//! clocks its forms run (one source of truth: the form files).

use crate::common;

use common::copy_tree;
use common::serve::Server;

use common::smtp::{Smtp, free_port};
use mail_parser::{MessageParser, MimeHeaders};
use reqwest::blocking::Client;
use scraper::{Html, Selector};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn porth(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_porth")).args(args).output().unwrap()
}

/// The site and the top-level templates and CSS it shares, in the same layout
/// (`sites/england` beside `templates`), with `[mail]` pointed at `smtp_port`.
fn site(smtp_port: u16) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["templates", "static", "sites/england"] {
        copy_tree(&repo().join(sub), &dir.path().join(sub));
    }
    let root = dir.path().join("sites/england");
    let config = std::fs::read_to_string(root.join("config.toml")).unwrap();
    let config = config.replace("transport = \"file\"", &format!("transport = \"smtp\"\nhost = \"127.0.0.1\"\nport = {smtp_port}\ntls = \"none\"\nretry_initial_secs = 0.2\nretry_max_secs = 1.0"));
    assert!(config.contains("transport = \"smtp\""));
    std::fs::write(root.join("config.toml"), config).unwrap();
    (dir, root)
}

// ---------------------------------------------------------------- the built site

#[test]
fn the_english_site_passes_porth_check() {
    let out = porth(&["--root", &repo().join("sites/england").display().to_string(), "check"]);
    assert!(out.status.success(), "{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
}

/// The upload messages are the engine's, asked for by name whatever the form (they were
/// `aln-…`, which an English site had to define): `porth check` fails when one is missing.
#[test]
fn porth_check_requires_the_engines_upload_strings() {
    let (_dir, root) = site(1);
    let strings = root.join("i18n/en/forms.ftl");
    let text = std::fs::read_to_string(&strings).unwrap();
    assert!(!text.contains("aln-"), "no ALN-named strings on the English site");
    let without: String =
        text.lines().filter(|l| !l.starts_with("upload-error-too-big ")).map(|l| format!("{l}\n")).collect();
    assert_ne!(without, text, "the English site defines upload-error-too-big");
    std::fs::write(&strings, without).unwrap();
    let out = porth(&["--root", &root.display().to_string(), "check"]);
    let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(!out.status.success() && said.contains("upload-error-too-big"), "{said}");
}

/// `porth check` on the term dates: a mistake fails it with the file and line; a school-day
/// clock whose date would fall after the last term listed is a warning that says what to do.
#[test]
fn porth_check_reports_term_date_mistakes_and_warns_before_the_terms_run_out() {
    let (_dir, root) = site(1);
    // This test looks up to 19 months ahead: keep the pages' and the directory's reviews from
    // falling due then.
    let config = std::fs::read_to_string(root.join("config.toml")).unwrap();
    assert!(config.contains("[review]\nmonths = 12\n"));
    assert!(config.contains("[directory]\nreview_months = 12\n"));
    let config = config.replace("[directory]\nreview_months = 12\n", "[directory]\nreview_months = 36\n");
    std::fs::write(root.join("config.toml"), config.replace("[review]\nmonths = 12\n", "[review]\nmonths = 36\n"))
        .unwrap();
    let check = |now: &str| {
        let out = porth(&["--root", &root.display().to_string(), "check", "--now", now]);
        (
            out.status.success(),
            format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)),
        )
    };
    let terms = root.join("term-dates.toml");
    let good = std::fs::read_to_string(&terms).unwrap();
    std::fs::write(
        &terms,
        "[[terms]]\nstart = 2027-09-02\nend = 2027-10-22\n\n[[terms]]\nstart = 2027-10-01\nend = 2027-12-17\n",
    )
    .unwrap();
    let (ok, said) = check("2027-09-01T09:00:00");
    assert!(!ok && said.contains("term-dates.toml:6:") && said.contains("before the term on line 2 ends"), "{said}");
    std::fs::write(&terms, good).unwrap();
    let form = root.join("forms/cme.toml");
    let mut text = std::fs::read_to_string(&form).unwrap();
    text.push_str("\n[[due]]\nname = \"absence\"\nschool_days = 20\n");
    std::fs::write(&form, text).unwrap();
    let strings = root.join("i18n/en/forms.ftl");
    let mut ftl = std::fs::read_to_string(&strings).unwrap();
    ftl.push_str("\ncme-due-absence = 20 school days\ncme-due-absence-event = absence\n");
    std::fs::write(&strings, ftl).unwrap();
    let (ok, said) = check("2027-09-01T09:00:00");
    assert!(ok && !said.contains("warning:"), "term dates to July 2028 cover a form sent in September 2027: {said}");
    let (ok, said) = check("2028-07-01T09:00:00");
    assert!(
        ok && said.contains("warning:")
            && said.contains("clock `response` (20 school days) cannot be counted")
            && said.contains("add the next school year's terms"),
        "{said}"
    );
}

/// Served by Porth, `/` on an English-only site is an HTTP redirect to the home page, not a
/// page that refreshes (that one is for static hosts).
#[test]
fn slash_on_an_english_only_site_is_a_permanent_redirect() {
    let (_dir, root) = site(free_port());
    let server = Server::start(&root, &[]);
    let client = Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let r = client.get(format!("{}/", server.base)).send().unwrap();
    assert_eq!(r.status().as_u16(), 308);
    assert_eq!(r.headers()["location"], "/en/");
}

#[test]
fn an_english_only_site_has_no_welsh_tree_toggle_or_hreflang() {
    let out_dir = tempfile::tempdir().unwrap();
    let public = out_dir.path().join("public");
    let out = porth(&[
        "--root",
        &repo().join("sites/england").display().to_string(),
        "build",
        "--output",
        &public.display().to_string(),
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!public.join("cy").exists(), "no /cy/ tree");
    // `/` sends visitors to the one home page.
    let landing = Html::parse_document(&std::fs::read_to_string(public.join("index.html")).unwrap());
    let refresh = landing
        .select(&Selector::parse("meta[http-equiv=refresh]").unwrap())
        .next()
        .expect("a redirect")
        .value()
        .attr("content")
        .unwrap()
        .to_string();
    assert_eq!(refresh, "0; url=/en/");
    for page in walkdir::WalkDir::new(&public)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
    {
        let html = std::fs::read_to_string(page.path()).unwrap();
        let doc = Html::parse_document(&html);
        let at = page.path().display();
        assert!(
            doc.select(&Selector::parse("link[hreflang], a[hreflang]").unwrap()).next().is_none(),
            "hreflang on {at}"
        );
        assert!(
            doc.select(&Selector::parse(".lang-toggle, .govuk-language-navigation").unwrap()).next().is_none(),
            "a language toggle on {at}"
        );
        assert!(doc.select(&Selector::parse("[lang=cy]").unwrap()).next().is_none(), "Welsh on {at}");
        // (A page may say that Wales has another system; it must not use Welsh-site furniture.)
        for welsh in ["Cymraeg", "Croeso", "Dyffryn Teg", "Welsh Language Standard", "forms-switch"] {
            assert!(!html.contains(welsh), "`{welsh}` on {at}");
        }
    }
    let sitemap = std::fs::read_to_string(public.join("sitemap.xml")).unwrap();
    assert!(
        sitemap.contains("<loc>https://family.westmere.example/en/</loc>") && !sitemap.contains("xhtml:link"),
        "{sitemap}"
    );
    // The home page has no drop-in sessions: the site has no venues.
    let home = std::fs::read_to_string(public.join("en/index.html")).unwrap();
    assert!(!home.contains("upcoming-sessions"), "sessions on a site without them");
}

// ---------------------------------------------------------------- fact table

/// Whether `text` states `n` weeks as a number of its own ("6 weeks", not the end of "16 weeks").
fn states_weeks(text: &str, n: i64) -> bool {
    let needle = format!("{n} weeks");
    text.match_indices(&needle).any(|(i, _)| !text[..i].ends_with(|c: char| c.is_ascii_digit()))
}

/// Every clock's weeks, from the form files, appear on the content pages that explain them.
#[test]
fn timescales_on_the_content_pages_agree_with_the_form_clocks() {
    let site = repo().join("sites/england");
    let form: toml::Table =
        toml::from_str(&std::fs::read_to_string(site.join("forms/ehc-request.toml")).unwrap()).unwrap();
    let clocks: Vec<(String, i64)> = form["due"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["clock"].as_str().unwrap().to_string(), d["weeks"].as_integer().unwrap()))
        .collect();
    assert_eq!(
        clocks,
        [("decision".into(), 6), ("no-plan".into(), 16), ("final-plan".into(), 20)],
        "the law's 6, 16 and 20 weeks (SEND Regulations 2014 regs 5, 10, 13)"
    );
    let page = |p: &str| std::fs::read_to_string(site.join("content").join(p)).unwrap();
    let assessment = page("send/ehc-needs-assessment.md");
    for (clock, weeks) in &clocks {
        assert!(
            states_weeks(&assessment, *weeks),
            "send/ehc-needs-assessment.md does not state the {clock} clock's {weeks} weeks"
        );
    }
    // Pages that quote the decision and final-plan clocks quote the same numbers, and no page
    // states another number of weeks for deciding whether to assess.
    assert!(page("_index.md").contains(&format!("within {} weeks", clocks[0].1)));
    assert!(states_weeks(&page("send/ehc-plans.md"), clocks[2].1));
    assert!(!states_weeks("within 16 weeks", 6), "the check tells 6 from 16");
    let strings = std::fs::read_to_string(site.join("i18n/en/forms.ftl")).unwrap();
    for (_, weeks) in &clocks {
        assert!(strings.contains(&format!("{weeks} weeks from receipt")), "the team e-mail's rule for {weeks} weeks");
    }
    for entry in walkdir::WalkDir::new(site.join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
    {
        let text = std::fs::read_to_string(entry.path()).unwrap();
        for wrong in ["within 8 weeks of receiving your request", "12 weeks to decide whether", "35 school days"] {
            assert!(!text.contains(wrong), "{}: `{wrong}` is not England's clock", entry.path().display());
        }
    }
}

// ---------------------------------------------------------------- forms, end to end

struct Page {
    url: String,
    html: String,
}

impl Page {
    fn attr(&self, css: &str, attr: &str) -> Option<String> {
        Html::parse_document(&self.html)
            .select(&Selector::parse(css).unwrap())
            .next()
            .and_then(|e| e.value().attr(attr).map(str::to_string))
    }
    fn text(&self, css: &str) -> String {
        Html::parse_document(&self.html)
            .select(&Selector::parse(css).unwrap())
            .map(|e| e.text().collect::<String>())
            .collect::<Vec<_>>()
            .join(" ")
            .trim()
            .to_string()
    }
}

struct Browser {
    client: Client,
    base: String,
}

impl Browser {
    fn new(s: &Server) -> Browser {
        Browser { client: Client::builder().cookie_store(true).build().unwrap(), base: s.base.clone() }
    }
    fn get(&self, path: &str) -> Page {
        let r = self.client.get(format!("{}{path}", self.base)).send().unwrap();
        Page { url: r.url().to_string(), html: r.text().unwrap() }
    }
    fn post(&self, page: &Page, fields: &[(&str, &str)]) -> Page {
        let mut form: Vec<(String, String)> = vec![(
            "_csrf".into(),
            page.attr("input[name=_csrf]", "value").unwrap_or_else(|| panic!("no form on {}", page.url)),
        )];
        form.extend(fields.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        let action = page.attr("form[method=post]", "action").unwrap();
        let r = self.client.post(format!("{}{action}", self.base)).form(&form).send().unwrap();
        let next = Page { url: r.url().to_string(), html: r.text().unwrap() };
        assert!(
            next.text(".govuk-error-summary").is_empty(),
            "errors after {fields:?} on {}: {}",
            page.url,
            next.text(".govuk-error-summary")
        );
        next
    }
    /// The start page, which must say what it needs to before the first question.
    fn start(&self, path: &str) -> (Page, Page) {
        let start = self.get(path);
        let href = start.attr("a.govuk-button--start", "href").expect("a start button");
        (start, self.get(&href))
    }
}

/// Today in the UK, as the server dates submissions (`src/clock.rs`).
fn today() -> time::Date {
    common::clock::uk_today()
}

fn dmy(d: time::Date) -> [String; 3] {
    [d.day().to_string(), (d.month() as u8).to_string(), d.year().to_string()]
}

fn years_ago(n: i32) -> time::Date {
    let t = today();
    time::Date::from_calendar_date(t.year() - n, t.month(), t.day().min(28)).unwrap()
}

/// "13 March 2028", as the e-mails write dates.
fn long(d: time::Date) -> String {
    format!("{} {} {}", d.day(), d.month(), d.year())
}

struct Delivered {
    to: String,
    reply_to: String,
    subject: String,
    text: String,
    json: Option<serde_json::Value>,
    /// The `text/calendar; method=PUBLISH` part, unfolded.
    ics: Option<String>,
}

fn delivered(smtp: &Smtp, n: usize) -> Vec<Delivered> {
    smtp.wait_for(n, Duration::from_secs(30))
        .iter()
        .map(|raw| {
            let m = MessageParser::default().parse(raw).unwrap();
            let to = m.to().and_then(|a| a.first()).and_then(|a| a.address()).unwrap_or_default().to_string();
            let json = m
                .attachments()
                .find(|a| a.attachment_name().is_some_and(|n| n.ends_with(".json")))
                .map(|a| serde_json::from_slice(a.contents()).unwrap());
            if let Some(json) = &json {
                crate::common::schema::assert_valid_submission(json);
            }
            let ics = m
                .attachments()
                .find(|a| {
                    a.content_type().is_some_and(|c| {
                        c.ctype() == "text"
                            && c.subtype() == Some("calendar")
                            && c.attribute("method") == Some("PUBLISH")
                    })
                })
                .map(|a| String::from_utf8(a.contents().to_vec()).unwrap().replace("\r\n ", ""));
            let reply_to =
                m.reply_to().and_then(|a| a.first()).and_then(|a| a.address()).unwrap_or_default().to_string();
            Delivered {
                to,
                reply_to,
                ics,
                subject: m.subject().unwrap_or_default().to_string(),
                text: m.body_text(0).unwrap_or_default().to_string(),
                json,
            }
        })
        .collect()
}

/// No Welsh in a message of an English-only site: not the bilingual labels, not the Welsh
/// Language Standards lines.
fn assert_english(m: &Delivered) {
    for welsh in ["Cyfeirnod", "Cyflwynwyd", "Cymraeg", "Welsh", "Gwiriwch", " / "] {
        assert!(!m.text.contains(welsh) && !m.subject.contains(welsh), "`{welsh}` in:\n{}\n{}", m.subject, m.text);
    }
}

#[test]
fn each_english_form_reaches_its_team_in_english_with_its_due_dates() {
    let mail = tempfile::tempdir().unwrap();
    let smtp = Smtp::start(mail.path());
    let (_dir, root) = site(smtp.port);
    let server = Server::start(&root, &[]);
    let mut sent = 0;

    // 1. A parent asks for an EHC needs assessment, with two periods of support.
    let b = Browser::new(&server);
    let (start, mut p) = b.start("/en/forms/ehc-needs-assessment/");
    assert!(start.text("main").contains("within 6 weeks"), "the start page states the decision clock");
    p = b.post(&p, &[("who", "parent")]);
    p = b.post(&p, &[("your-name", "Sam Patel"), ("your-relationship", "Mother"), ("your-email", "sam@example.com")]);
    let [d, m, y] = dmy(years_ago(8));
    p = b.post(
        &p,
        &[
            ("child-first-name", "Ravi"),
            ("child-last-name", "Patel"),
            ("child-dob-day", &d),
            ("child-dob-month", &m),
            ("child-dob-year", &y),
            ("child-address-1", "1 High Street"),
            ("child-town", "Westmere"),
            ("child-postcode", "WM1 1AA"),
            ("looked-after", "no"),
        ],
    );
    p = b.post(&p, &[("child-views", "He likes maths and finds reading hard.")]);
    p = b.post(&p, &[("areas", "cognition"), ("needs", "Reading and writing are far behind.")]);
    let [sd, sm, sy] = dmy(today() - time::Duration::days(300));
    let [rd, rm, ry] = dmy(today() - time::Duration::days(200));
    p = b.post(
        &p,
        &[
            ("support-start-day", &sd),
            ("support-start-month", &sm),
            ("support-start-year", &sy),
            ("support-what", "Daily phonics group"),
            ("support-review-day", &rd),
            ("support-review-month", &rm),
            ("support-review-year", &ry),
            ("support-outcome", "Little progress"),
        ],
    );
    assert!(
        p.text("main").contains("Daily phonics group") && p.text("main").contains("Support so far 1"),
        "the add-another list names the period of support"
    );
    p = b.post(&p, &[("another", "yes")]);
    p = b.post(
        &p,
        &[
            ("support-start-day", &rd),
            ("support-start-month", &rm),
            ("support-start-year", &ry),
            ("support-what", "Speech and language therapy"),
        ],
    );
    p = b.post(&p, &[("another", "no")]);
    p = b.post(&p, &[("professionals", "Educational psychologist, report March")]);
    p = b.post(&p, &[("_action", "continue")]);
    assert!(p.url.ends_with("/check-your-answers"), "{}", p.url);
    let done = b.post(&p, &[("declaration", "yes")]);
    let reference = done.text("#reference");
    assert!(reference.starts_with("EHC-"), "{reference}");
    // Written for a parent, with the dates in plain words and the SEND team's own number.
    let main = done.text("main");
    let (decision, final_plan) = (today() + time::Duration::weeks(6), today() + time::Duration::weeks(20));
    assert!(
        main.contains(&format!(
            "We will write to you by {} to tell you whether we will carry out an EHC needs assessment for Ravi Patel.",
            long(decision)
        )),
        "{main}"
    );
    assert!(main.contains(&format!("and the final plan by {}.", long(final_plan))), "{main}");
    assert!(!main.contains("consult the child's parent") && !main.contains("regulation 5(1)"), "{main}");
    assert!(main.contains("01632 960 210") && main.contains("send.assessments@westmere.example"), "{main}");
    sent += 2;
    let messages = delivered(&smtp, sent);
    let team = messages.iter().find(|m| m.to == "send.assessments@westmere.example").expect("the SEND team's copy");
    let (decision, no_plan, final_plan) =
        (today() + time::Duration::weeks(6), today() + time::Duration::weeks(16), today() + time::Duration::weeks(20));
    assert_eq!(
        team.subject,
        format!("{reference}: Request for an EHC needs assessment, decision due {}", long(decision))
    );
    for (date, rule) in
        [(decision, "6 weeks from receipt"), (no_plan, "16 weeks from receipt"), (final_plan, "20 weeks from receipt")]
    {
        assert!(
            team.text.contains(&long(date)) && team.text.contains(rule),
            "{rule} ({}) missing:\n{}",
            long(date),
            team.text
        );
    }
    let json = team.json.as_ref().expect("the JSON attachment");
    let dues: Vec<(&str, &str)> = json["answers"]["due_dates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["clock"].as_str().unwrap(), d["date"].as_str().unwrap()))
        .collect();
    assert_eq!(
        dues,
        [
            ("decision", decision.to_string().as_str()),
            ("no-plan", no_plan.to_string().as_str()),
            ("final-plan", final_plan.to_string().as_str())
        ]
    );
    assert_eq!(json["due"], decision.to_string());
    assert_eq!(json["answers"]["answers"]["support#2"]["support-what"], "Speech and language therapy");
    // The periods of support are counted as the form file names them, not as "children".
    assert_eq!(json["answers"]["support"], 2, "{}", json["answers"]);
    assert!(json["answers"].get("children").is_none(), "{}", json["answers"]);
    // The summary first: whom it is about, who asks, each date; replies go to the parent.
    assert!(team.text.starts_with(&format!("Reference: {reference}\nForm: Request for an EHC needs assessment\nWho it is about: Ravi Patel\nRoute: A parent or carer\n")), "{}", team.text);
    assert!(team.text.contains("\nReply in: English\n"), "{}", team.text);
    assert!(team.text.contains("== The person asking =="), "{}", team.text);
    assert!(team.text.contains("== Support so far 2 =="), "a period of support is numbered, not named:\n{}", team.text);
    assert!(!team.text.contains("== Parent or carer =="), "a section the route skipped:\n{}", team.text);
    assert_eq!(team.reply_to, "sam@example.com");
    // Each clock as an all-day calendar entry, its UID the reference and the clock.
    let ics = team.ics.as_ref().expect("the calendar part");
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 3, "{ics}");
    for (clock, date, what) in [
        ("decision", decision, "decide whether to assess (reg 5(1))"),
        ("no-plan", no_plan, "tell the family if no EHC plan will be made (reg 10(1))"),
        ("final-plan", final_plan, "issue the final EHC plan (reg 13(2))"),
    ] {
        let uid = format!("UID:{reference}.{clock}@westmere.example\r\n");
        let event = ics.split("BEGIN:VEVENT").find(|e| e.contains(&uid)).unwrap_or_else(|| panic!("{uid} in {ics}"));
        let day = format!("{:04}{:02}{:02}", date.year(), date.month() as u8, date.day());
        assert!(event.contains(&format!("\r\nDTSTART;VALUE=DATE:{day}\r\n")), "{event}");
        assert!(event.contains(&format!("\r\nSUMMARY:{reference}: {what}\r\n")), "{event}");
    }
    assert_english(team);
    let ack = messages.iter().find(|m| m.to == "sam@example.com").expect("the acknowledgement");
    assert!(
        ack.subject.starts_with("We have received your form")
            && ack.text.contains(&reference)
            && ack.text.contains(&long(decision)),
        "{}",
        ack.text
    );
    assert!(ack.text.contains("01632 960 210"), "the SEND team's own number:\n{}", ack.text);
    assert_english(ack);

    // 2. A parent tells the council they are home educating.
    let b = Browser::new(&server);
    let (start, mut p) = b.start("/en/forms/home-education/");
    assert!(start.text("main").contains("You do not need our permission"));
    let [d, m, y] = dmy(years_ago(10));
    p = b.post(
        &p,
        &[
            ("child-first-name", "Ella"),
            ("child-last-name", "Brown"),
            ("child-dob-day", &d),
            ("child-dob-month", &m),
            ("child-dob-year", &y),
        ],
    );
    let [ld, lm, ly] = dmy(today());
    p = b.post(
        &p,
        &[
            ("attended", "yes"),
            ("school-name", "Westmere Primary"),
            ("written-notice", "sent"),
            ("leave-date-day", &ld),
            ("leave-date-month", &lm),
            ("leave-date-year", &ly),
        ],
    );
    p = b.post(&p, &[("special-school", "no")]);
    p = b.post(&p, &[("send-support", "none")]);
    p = b.post(&p, &[("another", "no")]);
    p = b.post(
        &p,
        &[
            ("parent-name", "Jo Brown"),
            ("parent-relationship", "Father"),
            ("address-line-1", "2 Low Road"),
            ("address-town", "Westmere"),
            ("address-postcode", "WM2 2BB"),
            ("parent-email", "jo@example.com"),
        ],
    );
    p = b.post(&p, &[("reasons", "philosophy")]);
    let done = b.post(&p, &[("declaration", "yes")]);
    let reference = done.text("#reference");
    assert!(reference.starts_with("EHE-"), "{reference}");
    // Ella's parent has written to the school: the English rule, by name; no special-school text.
    let main = done.text("main");
    assert!(
        main.contains(&format!("Ella Brown: you have written to Westmere Primary, so the school must take Ella Brown off its roll once {} has passed", long(today()))),
        "{main}"
    );
    assert!(main.contains("School Attendance (Pupil Registration) (England) Regulations 2024"), "{main}");
    assert!(!main.contains("special school"), "{main}");
    sent += 2;
    let messages = delivered(&smtp, sent);
    let team = messages
        .iter()
        .find(|m| m.to == "home.education@westmere.example" && m.subject.contains(&reference))
        .expect("the home education team's copy");
    assert_eq!(team.subject, format!("{reference}: Elective home education: telling us"));
    assert!(!team.text.contains("Due by"), "no clock for home education:\n{}", team.text);
    assert_eq!(team.json.as_ref().unwrap()["due"], serde_json::Value::Null);
    assert_english(team);
    let ack = messages.iter().find(|m| m.to == "jo@example.com").expect("the acknowledgement");
    assert!(ack.text.contains("You do not need our permission"), "{}", ack.text);
    assert_english(ack);

    // 3. A school refers a child missing education; the start page says first that it is
    // not an emergency route.
    let b = Browser::new(&server);
    let (start, mut p) = b.start("/en/forms/refer-a-child-missing-education/");
    let intro = start.text("main");
    assert!(intro.find("not for emergencies").is_some_and(|i| i < intro.find("Use this form").unwrap()), "{intro}");
    assert!(intro.contains("999") && intro.contains("children's services"));
    assert!(intro.contains("call children's services now on 01632 960 250"), "the number itself: {intro}");
    p = b.post(&p, &[("immediate-risk", "no")]);
    p = b.post(
        &p,
        &[
            ("referrer-type", "school"),
            ("your-name", "Alex Green"),
            ("your-role", "Attendance officer"),
            ("your-organisation", "Westmere Academy"),
            ("work-email", "a.green@school.example"),
            ("work-phone", "01632 960 400"),
        ],
    );
    let [d, m, y] = dmy(years_ago(12));
    p = b.post(
        &p,
        &[
            ("child-first-name", "Kai"),
            ("child-last-name", "Smith"),
            ("child-dob-day", &d),
            ("child-dob-month", &m),
            ("child-dob-year", &y),
            ("address-line-1", "3 Mill Lane"),
            ("address-town", "Westmere"),
        ],
    );
    let [sd, sm, sy] = dmy(today() - time::Duration::days(20));
    p = b.post(
        &p,
        &[
            ("school-name", "Westmere Academy"),
            ("last-seen-day", &sd),
            ("last-seen-month", &sm),
            ("last-seen-year", &sy),
        ],
    );
    p = b.post(&p, &[("reason", "stopped-attending"), ("reason-details", "No contact since the half-term holiday.")]);
    p = b.post(
        &p,
        &[
            ("checks", "phone"),
            ("checks", "home-visit"),
            ("checks-details", "Calls on three days; home visit, nobody in."),
        ],
    );
    p = b.post(&p, &[("status", "none-known"), ("safeguarding", "no")]);
    let reference = b.post(&p, &[("declaration", "yes")]).text("#reference");
    assert!(reference.starts_with("CME-"), "{reference}");
    sent += 2;
    let messages = delivered(&smtp, sent);
    let team = messages.iter().find(|m| m.to == "cme@westmere.example").expect("the CME team's copy");
    assert_eq!(team.subject, format!("{reference}: Children missing education (CME) referral"));
    let json = team.json.as_ref().unwrap();
    assert_eq!(json["form"], "cme");
    assert_eq!(json["answers"]["answers"]["enquiries"]["checks"], serde_json::json!(["phone", "home-visit"]));
    assert_english(team);
    let ack = messages.iter().find(|m| m.to == "a.green@school.example").expect("the acknowledgement");
    assert!(ack.text.contains("immediate risk"), "{}", ack.text);
    assert_english(ack);
}

/// School-day and calendar clocks, end to end: the CME form in a copy of the site is given a
/// clock of 20 school days from the date the child last attended, and one to 15 February of
/// that date's year, with term dates around it that have a closed week. The team e-mail and
/// its JSON carry both dates, counted on those terms.
#[test]
fn school_day_and_calendar_clocks_reach_the_team_email_counted_on_the_term_dates() {
    use time::Duration as D;
    let mail = tempfile::tempdir().unwrap();
    let smtp = Smtp::start(mail.path());
    let (_dir, root) = site(smtp.port);
    // Last attended on a Monday two to three weeks ago. Counting starts the day after, so
    // with the next week closed, the 20th school day is the Monday five weeks on.
    let monday = today() - D::days(today().weekday().number_days_from_monday() as i64 + 14);
    let closed = monday + D::days(7);
    std::fs::write(
        root.join("term-dates.toml"),
        format!(
            "[[terms]]\nstart = {}\nend = {}\n\n[[closed]]\nname = \"Closed week\"\nstart = {closed}\nend = {}\n",
            monday - D::days(14),
            monday + D::days(60),
            closed + D::days(4)
        ),
    )
    .unwrap();
    let form = root.join("forms/cme.toml");
    let mut text = std::fs::read_to_string(&form).unwrap();
    text.push_str("\n[[due]]\nname = \"absence\"\nclock = \"absence\"\nwhen = { field = \"reason\", is = [\"stopped-attending\"] }\nfrom = \"last-seen\"\nschool_days = 20\n\n[[due]]\nname = \"by-february\"\nclock = \"by-february\"\nfrom = \"last-seen\"\nby = \"15 February\"\n");
    std::fs::write(&form, text).unwrap();
    let strings = root.join("i18n/en/forms.ftl");
    let mut ftl = std::fs::read_to_string(&strings).unwrap();
    ftl.push_str("\ncme-due-absence = 20 school days after the child last attended\ncme-due-by-february = 15 February of the year they last attended\ncme-due-absence-event = 20 school days since last seen\ncme-due-by-february-event = 15 February\n");
    std::fs::write(&strings, ftl).unwrap();
    let server = Server::start(&root, &[]);

    let b = Browser::new(&server);
    let (_, mut p) = b.start("/en/forms/refer-a-child-missing-education/");
    p = b.post(&p, &[("immediate-risk", "no")]);
    p = b.post(
        &p,
        &[
            ("referrer-type", "school"),
            ("your-name", "Alex Green"),
            ("your-role", "Attendance officer"),
            ("your-organisation", "Westmere Primary"),
            ("work-email", "a.green@school.example"),
            ("work-phone", "01632 960 400"),
        ],
    );
    let [d, m, y] = dmy(years_ago(9));
    p = b.post(
        &p,
        &[
            ("child-first-name", "Kai"),
            ("child-last-name", "Smith"),
            ("child-dob-day", &d),
            ("child-dob-month", &m),
            ("child-dob-year", &y),
            ("address-line-1", "3 Mill Lane"),
            ("address-town", "Westmere"),
        ],
    );
    let [sd, sm, sy] = dmy(monday);
    p = b.post(
        &p,
        &[
            ("school-name", "Westmere Primary"),
            ("last-seen-day", &sd),
            ("last-seen-month", &sm),
            ("last-seen-year", &sy),
        ],
    );
    p = b.post(&p, &[("reason", "stopped-attending"), ("reason-details", "No contact since.")]);
    p = b.post(&p, &[("checks", "phone"), ("checks-details", "Calls on three days.")]);
    p = b.post(&p, &[("status", "none-known"), ("safeguarding", "no")]);
    let reference = b.post(&p, &[("declaration", "yes")]).text("#reference");
    let messages = delivered(&smtp, 2);
    let team = messages.iter().find(|m| m.to == "cme@westmere.example").expect("the CME team's copy");
    let absence = monday + D::days(35);
    let february = time::Date::from_calendar_date(monday.year(), time::Month::February, 15).unwrap();
    assert!(
        team.subject.starts_with(&reference) && team.subject.ends_with(&long(absence)),
        "the first clock's date in the subject: {}",
        team.subject
    );
    for (date, rule) in [
        (absence, "20 school days after the child last attended"),
        (february, "15 February of the year they last attended"),
    ] {
        assert!(
            team.text.contains(&long(date)) && team.text.contains(rule),
            "{rule} ({}) missing:\n{}",
            long(date),
            team.text
        );
    }
    let json = team.json.as_ref().expect("the JSON attachment");
    let dues: Vec<(&str, &str)> = json["answers"]["due_dates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["clock"].as_str().unwrap(), d["date"].as_str().unwrap()))
        .collect();
    assert_eq!(dues, [("absence", absence.to_string().as_str()), ("by-february", february.to_string().as_str())]);
    assert_eq!(json["due"], absence.to_string());
}

#[test]
fn the_english_site_searches_in_english_and_never_points_at_welsh_pages() {
    let (_dir, root) = site(free_port());
    let server = Server::start(&root, &[]);
    let b = Browser::new(&server);
    let found = b.get("/en/search/?q=ehc+needs+assessment");
    assert!(!found.text("ol").is_empty(), "results for an EHC needs assessment: {}", found.html);
    let none = b.get("/en/search/?q=zzqxv");
    for page in [&found, &none] {
        let doc = Html::parse_document(&page.html);
        let welsh: Vec<String> = doc
            .select(&Selector::parse("a[href]").unwrap())
            .filter_map(|a| a.value().attr("href"))
            .filter(|h| h.starts_with("/cy/"))
            .map(str::to_string)
            .collect();
        assert!(welsh.is_empty(), "{}: links to Welsh pages the site does not have: {welsh:?}", page.url);
    }
}
