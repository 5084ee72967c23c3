//! What an editor keeps true, run as the real binary on a copy of the fixture site: review
//! dates that fall due (`porth check --today`, `porth review`), alert banners on a timer
//! (`porth build` and `porth serve`), and step-by-step journeys.

use crate::common;

use common::copy_tree;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The fixture site with the repository's templates, strings, styles and forms.
struct Site {
    dir: tempfile::TempDir,
}

impl Site {
    fn new() -> Site {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        let dir = tempfile::tempdir().unwrap();
        for part in ["templates", "i18n", "static", "forms"] {
            copy_tree(&repo.join(part), &dir.path().join(part));
        }
        copy_tree(&repo.join("tests/fixtures/site"), dir.path());
        // The forms send families back to the fixture's own guidance page.
        for form in std::fs::read_dir(dir.path().join("forms")).unwrap() {
            let path = form.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let text: Vec<String> =
                text.lines()
                    .map(|l| {
                        if l.starts_with("info_page = ") {
                            "info_page = \"guidance/_index.md\"".into()
                        } else {
                            l.into()
                        }
                    })
                    .collect();
            std::fs::write(&path, text.join("\n")).unwrap();
        }
        Site { dir }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn edit(&self, rel: &str, f: impl FnOnce(String) -> String) -> &Self {
        let text = std::fs::read_to_string(self.path(rel)).unwrap();
        let new = f(text.clone());
        assert_ne!(text, new, "the edit to {rel} changed nothing");
        std::fs::write(self.path(rel), new).unwrap();
        self
    }

    fn porth(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_porth")).arg("--root").arg(self.dir.path()).args(args).output().unwrap()
    }

    /// The 1-based line of the first line of `rel` that starts with `start`.
    fn line(&self, rel: &str, start: &str) -> usize {
        std::fs::read_to_string(self.path(rel)).unwrap().lines().position(|l| l.starts_with(start)).unwrap() + 1
    }
}

fn said(out: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

// ---------------------------------------------------------------- review dates

/// The fixture's model letter, last reviewed on 1 June 2026: due on 1 June 2027.
fn with_an_older_page() -> Site {
    let s = Site::new();
    s.edit("content/guidance/letter.md", |t| t.replace("reviewed = 2026-11-23", "reviewed = 2026-06-01"));
    s
}

#[test]
fn porth_check_warns_from_thirty_days_before_a_review_is_due_and_fails_once_it_is_overdue() {
    let s = with_an_older_page();
    let line = s.line("content/guidance/letter.md", "reviewed = ");

    let out = s.porth(&["check", "--today", "2027-05-01"]);
    assert!(out.status.success() && !said(&out).contains("review"), "31 days before: nothing to say\n{}", said(&out));

    let out = s.porth(&["check", "--today", "2027-05-02"]);
    assert!(out.status.success(), "due soon is a warning, not a failure\n{}", said(&out));
    assert!(
        said(&out).contains(&format!(
            "warning: content/guidance/letter.md:{line}: the page is due for review on 2027-06-01 (reviewed 2026-06-01, every 12 months)"
        )),
        "{}",
        said(&out)
    );
    assert!(!said(&out).contains("letter.cy.md"), "the Welsh page was reviewed later\n{}", said(&out));

    let out = s.porth(&["check", "--today", "2027-06-01"]);
    assert!(out.status.success(), "on the due date it is still due, not overdue\n{}", said(&out));

    let out = s.porth(&["check", "--today", "2027-06-02"]);
    assert!(!out.status.success(), "the day after, the check fails");
    assert!(
        said(&out).contains(&format!(
            "content/guidance/letter.md:{line}: the page's review is overdue: reviewed 2026-06-01, due 2027-06-01"
        )),
        "{}",
        said(&out)
    );
    assert!(said(&out).contains("set `reviewed` to the day you checked it"), "it says how to fix it");

    // --now pins the same day as --today; the two may not disagree.
    assert!(!s.porth(&["check", "--now", "2027-06-02T09:00"]).status.success());
    let out = s.porth(&["check", "--now", "2027-06-02T09:00", "--today", "2027-05-01"]);
    assert!(!out.status.success() && said(&out).contains("different days"), "{}", said(&out));
}

#[test]
fn a_page_may_fall_due_sooner_than_the_site_but_not_later_and_a_site_may_set_its_own_interval() {
    let s = Site::new();
    let file = "content/guidance/letter.cy.md";
    s.edit(file, |t| t.replace("reviewed = 2026-11-23", "reviewed = 2026-11-23\nreview_months = 3"));
    let (reviewed, months) = (s.line(file, "reviewed = "), s.line(file, "review_months = "));
    let out = s.porth(&["check", "--today", "2027-02-24"]);
    assert!(!out.status.success());
    let overdue = format!(
        "{file}:{reviewed}: the page's review is overdue: reviewed 2026-11-23, due 2027-02-23 (every 3 months)"
    );
    assert!(said(&out).contains(&overdue), "{}", said(&out));
    s.edit(file, |t| t.replace("review_months = 3", "review_months = 24"));
    let out = s.porth(&["check", "--today", "2027-02-24"]);
    assert!(!out.status.success());
    let longer = format!("{file}:{months}: `review_months` must be a whole number from 1 to 12");
    assert!(said(&out).contains(&longer), "{}", said(&out));

    // A site that reviews every 6 months: every page is overdue 7 months on.
    let s = Site::new();
    s.edit("config.toml", |t| format!("{t}\n[review]\nmonths = 6\n"));
    let out = s.porth(&["check", "--today", "2027-06-24"]);
    assert!(!out.status.success() && said(&out).contains("due 2027-05-23 (every 6 months)"), "{}", said(&out));
}

#[test]
fn a_page_without_a_review_date_fails_the_check_but_a_drop_in_session_needs_none() {
    let s = Site::new();
    s.edit("content/guidance/_index.md", |t| t.replace("reviewed = 2026-11-23\n", ""));
    let out = s.porth(&["check", "--today", "2026-12-07"]);
    assert!(!out.status.success());
    let text = said(&out);
    assert!(text.contains("content/guidance/_index.md: the page has no review date"), "{text}");
    assert!(text.contains("add `reviewed = YYYY-MM-DD` under [extra]"), "{text}");
    assert!(!text.contains("content/sessions/march.md"), "sessions have no review date and need none\n{text}");
    assert_eq!(text.matches("no review date").count(), 1, "{text}");

    s.edit("content/guidance/_index.md", |t| t.replace("[extra]\n", "[extra]\nreviewed = \"last week\"\n"));
    let out = s.porth(&["check", "--today", "2026-12-07"]);
    assert!(said(&out).contains("content/guidance/_index.md:6: `reviewed` is not a date"), "{}", said(&out));
}

#[test]
fn porth_review_lists_every_page_soonest_due_first_as_a_table_and_as_csv() {
    let s = with_an_older_page();
    let out = s.porth(&["review", "--today", "2027-05-15"]);
    assert!(out.status.success(), "{}", said(&out));
    let table = String::from_utf8_lossy(&out.stdout).into_owned();
    let lines: Vec<&str> = table.lines().collect();
    assert!(lines[0].starts_with("due") && lines[0].contains("reviewed") && lines[0].ends_with("title"), "{table}");
    assert!(
        lines[1].starts_with("2027-06-01  2026-06-01  due soon") && lines[1].contains("content/guidance/letter.md"),
        "the page due soonest comes first\n{table}"
    );
    assert!(lines[2].starts_with("2027-11-23  2026-11-23  current"), "{table}");
    // Every page in every language except the sessions: home, guidance, letter, rights and
    // the sessions page, in two languages each.
    let rows = lines.iter().filter(|l| l.starts_with("20")).count();
    assert_eq!(rows, 10, "{table}");
    assert!(table.contains("drop-in session page(s) have no review date"), "{table}");

    let out = s.porth(&["review", "--today", "2027-05-15", "--csv"]);
    let csv = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut rows = csv.split("\r\n");
    assert_eq!(rows.next(), Some("due,reviewed,status,language,file,title"));
    assert_eq!(rows.next(), Some("2027-06-01,2026-06-01,due soon,en,content/guidance/letter.md,Model letter"));
    assert_eq!(csv.split("\r\n").filter(|r| !r.is_empty()).count(), 11, "{csv}");
}

// ---------------------------------------------------------------- alert banners

/// UK local time now (GMT, or BST from 01:00 UTC on the last Sunday of March to 01:00 UTC on
/// the last Sunday of October), as the alert files write it.
fn uk_now() -> time::PrimitiveDateTime {
    let utc = time::OffsetDateTime::now_utc();
    let last_sunday = |month: time::Month| {
        let last = time::Date::from_calendar_date(utc.year(), month, 31).unwrap();
        let back = last.weekday().number_days_from_sunday() as i64;
        time::PrimitiveDateTime::new(last - time::Duration::days(back), time::Time::from_hms(1, 0, 0).unwrap())
    };
    let naive = time::PrimitiveDateTime::new(utc.date(), utc.time());
    let bst = naive >= last_sunday(time::Month::March) && naive < last_sunday(time::Month::October);
    naive + time::Duration::hours(if bst { 1 } else { 0 })
}

fn toml_time(t: time::PrimitiveDateTime) -> String {
    format!("{}T{:02}:{:02}:{:02}", t.date(), t.hour(), t.minute(), t.second())
}

/// An alert file: English settings and text, and (when `cy` is given) the Welsh text.
fn write_alert(s: &Site, name: &str, settings: &str, en: &str, cy: Option<&str>) {
    std::fs::create_dir_all(s.path("content/alerts")).unwrap();
    std::fs::write(s.path(&format!("content/alerts/{name}.md")), format!("+++\n{settings}\n+++\n{en}\n")).unwrap();
    if let Some(cy) = cy {
        std::fs::write(s.path(&format!("content/alerts/{name}.cy.md")), format!("{cy}\n")).unwrap();
    }
}

fn page(s: &Site, rel: &str) -> String {
    std::fs::read_to_string(s.path("public").join(rel).join("index.html")).unwrap()
}

#[test]
fn porth_build_puts_in_the_banners_on_at_build_time_on_their_sections_pages() {
    let s = Site::new();
    write_alert(
        &s,
        "closure",
        "kind = \"important\"\nstarts = 2026-12-24T16:00:00\nends = 2027-01-04T09:00:00",
        "Our offices are closed. [Contact us](@/guidance/letter.md).",
        Some("Mae ein swyddfeydd ar gau. [Cysylltwch â ni](@/guidance/letter.md)."),
    );
    write_alert(
        &s,
        "guidance-news",
        "kind = \"notification\"\nstarts = 2026-12-01T00:00:00\nends = 2027-02-01T00:00:00\nsections = [\"guidance\"]",
        "New guidance is coming.",
        Some("Mae canllawiau newydd ar y ffordd."),
    );
    let out = s.porth(&["build", "--now", "2026-12-27T10:00"]);
    assert!(out.status.success(), "{}", said(&out));
    let home_en = page(&s, "en");
    assert!(home_en.contains("data-porth-alert=\"closure\""), "every page shows a banner without sections");
    assert!(home_en.contains("porth-alert--important") && home_en.contains(">Important</h2>"), "{home_en}");
    assert!(home_en.contains("Our offices are closed.") && home_en.contains("href=\"/en/guidance/letter/\""));
    assert!(!home_en.contains("guidance-news"), "a section's banner is not on the home page");
    let guidance_cy = page(&s, "cy/canllawiau");
    assert!(guidance_cy.contains("Mae ein swyddfeydd ar gau.") && guidance_cy.contains(">Pwysig</h2>"));
    assert!(guidance_cy.contains("Mae canllawiau newydd ar y ffordd.") && guidance_cy.contains(">Gwybodaeth</h2>"));
    assert!(guidance_cy.contains("href=\"/cy/canllawiau/llythyr/\""), "links go to the page in the language read");

    // Before the closure starts and after it ends, only the guidance news (on its pages).
    for now in ["2026-12-24T15:59", "2027-01-04T09:00"] {
        let out = s.porth(&["build", "--now", now]);
        assert!(out.status.success(), "{}", said(&out));
        assert!(!page(&s, "en").contains("data-porth-alert"), "at {now}");
        assert!(page(&s, "en/guidance").contains("data-porth-alert=\"guidance-news\""), "at {now}");
    }
}

#[test]
fn porth_check_reports_an_alert_that_ends_before_it_starts_or_has_no_welsh() {
    let s = Site::new();
    write_alert(
        &s,
        "backwards",
        "kind = \"notification\"\nstarts = 2027-01-04T09:00:00\nends = 2026-12-24T16:00:00",
        "Backwards.",
        Some("Tuag yn ôl."),
    );
    write_alert(
        &s,
        "english-only",
        "kind = \"notification\"\nstarts = 2027-01-04T09:00:00\nends = 2027-01-05T09:00:00",
        "Hello.",
        None,
    );
    write_alert(
        &s,
        "nowhere",
        "kind = \"urgent\"\nstarts = 2027-01-04T09:00:00\nends = 2027-01-05T09:00:00",
        "Hello.",
        Some("Helo."),
    );
    write_alert(
        &s,
        "no-section",
        "kind = \"notification\"\nstarts = 2027-01-04T09:00:00\nends = 2027-01-05T09:00:00\nsections = [\"guidence\"]",
        "Hello.",
        Some("Helo."),
    );
    let out = s.porth(&["check", "--today", "2026-12-07"]);
    assert!(!out.status.success());
    let text = said(&out);
    assert!(
        text.contains(
            "content/alerts/backwards.md:4: alert: it ends (2026-12-24 16:00) before it starts (2027-01-04 09:00)"
        ),
        "{text}"
    );
    assert!(text.contains("content/alerts/english-only.md: the alert has no Cymraeg text"), "{text}");
    assert!(text.contains("create content/alerts/english-only.cy.md"), "{text}");
    assert!(text.contains("content/alerts/nowhere.md:2: alert: unknown variant `urgent`"), "{text}");
    assert!(
        text.contains("content/alerts/no-section.md:5: alert: there is no section `guidence` under content/"),
        "{text}"
    );
}

#[test]
fn porth_serve_shows_a_banner_from_its_start_and_removes_it_at_its_end() {
    use std::time::{Duration, Instant};
    let s = Site::new();
    // Whole seconds, as the file says them.
    let now = uk_now().replace_nanosecond(0).unwrap();
    let starts = now + time::Duration::seconds(8);
    let ends = starts + time::Duration::seconds(6);
    write_alert(
        &s,
        "soon",
        &format!("kind = \"important\"\nstarts = {}\nends = {}", toml_time(starts), toml_time(ends)),
        "The office closes early today.",
        Some("Mae'r swyddfa'n cau'n gynnar heddiw."),
    );
    let server = common::serve::Server::start(s.dir.path(), &[]);
    let client = reqwest::blocking::Client::new();
    // As a browser asks: gzip accepted (built pages are sent compressed as they were built).
    let get = |path: &str| -> (String, String) {
        let r = client.get(format!("{}{path}", server.base)).header("accept-encoding", "gzip").send().unwrap();
        let header = |name: &str| r.headers().get(name).map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
        let (cache, encoding) = (header("cache-control"), header("content-encoding"));
        let body = r.bytes().unwrap();
        let mut html = String::new();
        if encoding == "gzip" {
            std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&body[..]), &mut html).unwrap();
        } else {
            html = String::from_utf8(body.to_vec()).unwrap();
        }
        (html, cache)
    };
    let has = |html: &str| html.contains("data-porth-alert=\"soon\"");
    let (first, _) = get("/en/");
    if uk_now() + time::Duration::seconds(1) < starts {
        assert!(!has(&first), "no banner before it starts");
    }
    // It appears at its start, with nothing rebuilt.
    let deadline = Instant::now() + Duration::from_secs(30);
    let (on, cache) = loop {
        let (html, cache) = get("/en/guidance/");
        if has(&html) {
            break (html, cache);
        }
        assert!(Instant::now() < deadline, "the banner did not appear within 30 s");
        std::thread::sleep(Duration::from_millis(200));
    };
    assert!(uk_now() >= starts, "the banner appeared before its start");
    assert!(on.contains("The office closes early today."));
    let max_age: i64 = cache.strip_prefix("public, max-age=").and_then(|s| s.parse().ok()).unwrap_or(i64::MAX);
    assert!(max_age <= 6, "browsers may keep the page only until the banner ends: {cache}");
    let (cy, _) = get("/cy/canllawiau/");
    assert!(cy.contains("Mae'r swyddfa'n cau'n gynnar heddiw.") && cy.contains(">Pwysig</h2>"), "{cy}");
    // And goes at its end.
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let (html, _) = get("/en/guidance/");
        if !has(&html) {
            break;
        }
        assert!(Instant::now() < deadline, "the banner did not go within 30 s");
        std::thread::sleep(Duration::from_millis(200));
    }
    assert!(uk_now() >= ends, "the banner went before its end");
    let (home, _) = get("/en/");
    assert!(!has(&home) && home.contains("<!--porth-alerts:-->"), "the page keeps its place for banners");
}

// ---------------------------------------------------------------- step-by-step journeys

const JOURNEY: &str = r#"title.cy = "Canllawiau: cam wrth gam"
title.en = "Guidance: step by step"
slug.cy = "canllawiau"
intro.cy = "O'r dechrau i'r diwedd."
intro.en = "From start to finish."

[[step]]
title.cy = "Darllenwch y canllawiau"
title.en = "Read the guidance"
pages = ["guidance/_index.md", "guidance/rights.md"]

[[step]]
title.cy = "Ysgrifennwch lythyr"
title.en = "Write a letter"
text.cy = "Defnyddiwch ein llythyr enghreifftiol."
text.en = "Use our model letter."
pages = ["guidance/letter.md"]

[[step]]
logic = "or"
title.cy = "Dewch i sesiwn"
title.en = "Come to a session"
pages = ["sessions/_index.md"]
"#;

fn with_journey() -> Site {
    let s = Site::new();
    std::fs::create_dir_all(s.path("content/journeys")).unwrap();
    std::fs::write(s.path("content/journeys/guidance.toml"), JOURNEY).unwrap();
    s
}

#[test]
fn a_journey_has_its_own_page_and_every_page_in_it_a_part_of_box_with_its_step_highlighted() {
    let s = with_journey();
    let out = s.porth(&["build", "--now", "2026-12-07T09:00"]);
    assert!(out.status.success(), "{}", said(&out));
    let j = scraper::Html::parse_document(&page(&s, "en/step-by-step/guidance"));
    let sel = |q: &str| scraper::Selector::parse(q).unwrap();
    let text =
        |e: scraper::ElementRef<'_>| e.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(j.select(&sel("h1")).map(text).collect::<Vec<_>>(), ["Guidance: step by step"]);
    let steps: Vec<String> = j.select(&sel(".porth-step-nav__title")).map(text).collect();
    assert_eq!(steps, ["Step 1: Read the guidance", "Step 2: Write a letter", "or Come to a session"]);
    let links: Vec<&str> = j.select(&sel(".porth-step-nav__list a")).filter_map(|a| a.value().attr("href")).collect();
    assert_eq!(links, ["/en/guidance/", "/en/guidance/rights/", "/en/guidance/letter/", "/en/sessions/"]);
    assert!(j.select(&sel("script")).next().is_none(), "no JavaScript");

    let cy = scraper::Html::parse_document(&page(&s, "cy/cam-wrth-gam/canllawiau"));
    let steps: Vec<String> = cy.select(&sel(".porth-step-nav__title")).map(text).collect();
    assert_eq!(steps, ["Cam 1: Darllenwch y canllawiau", "Cam 2: Ysgrifennwch lythyr", "neu Dewch i sesiwn"]);
    let toggle: Vec<&str> = cy.select(&sel("link[hreflang=en]")).filter_map(|l| l.value().attr("href")).collect();
    assert_eq!(toggle, ["https://fixture.example/en/step-by-step/guidance/"]);

    // The letter is in step 2: its box links back, with step 2 highlighted and the letter
    // itself marked, not linked.
    let letter = scraper::Html::parse_document(&page(&s, "en/guidance/letter"));
    let boxes: Vec<_> = letter.select(&sel("nav.porth-step-nav-related")).collect();
    assert_eq!(boxes.len(), 1);
    let heading = boxes[0].select(&sel("h2")).map(text).next().unwrap();
    assert_eq!(heading, "Part of Guidance: step by step");
    let back: Vec<&str> = boxes[0].select(&sel("h2 a")).filter_map(|a| a.value().attr("href")).collect();
    assert_eq!(back, ["/en/step-by-step/guidance/"]);
    let current: Vec<String> =
        boxes[0].select(&sel("li[aria-current=step] .porth-step-nav__title")).map(text).collect();
    assert_eq!(current, ["Step 2: Write a letter (you are here)"]);
    let marked: Vec<String> = boxes[0].select(&sel("[aria-current=page]")).map(text).collect();
    assert_eq!(marked, ["Model letter"]);
    assert!(boxes[0].select(&sel("a[href=\"/en/guidance/letter/\"]")).next().is_none());
    // A page in no journey has no box.
    assert!(!page(&s, "en").contains("porth-step-nav-related"));
    let welsh = scraper::Html::parse_document(&page(&s, "cy/canllawiau/llythyr"));
    let heading: Vec<String> = welsh.select(&sel("nav.porth-step-nav-related h2")).map(text).collect();
    assert_eq!(heading, ["Rhan o'r canllaw cam wrth gam: Canllawiau: cam wrth gam"]);
    let back: Vec<&str> =
        welsh.select(&sel("nav.porth-step-nav-related h2 a")).filter_map(|a| a.value().attr("href")).collect();
    assert_eq!(back, ["/cy/cam-wrth-gam/canllawiau/"]);
}

#[test]
fn porth_check_names_the_line_of_a_journeys_unknown_page_and_missing_welsh() {
    let s = with_journey();
    s.edit("content/journeys/guidance.toml", |t| {
        t.replace("\"guidance/letter.md\"", "\"guidance/leter.md\"")
            .replace("title.cy = \"Dewch i sesiwn\"\n", "")
            .replace("logic = \"or\"", "logic = \"maybe\"")
    });
    let out = s.porth(&["check", "--today", "2026-12-07"]);
    assert!(!out.status.success());
    let text = said(&out);
    // One problem at a time from the TOML parser; fix it and the rest are reported together.
    let logic = s.line("content/journeys/guidance.toml", "logic = ");
    assert!(
        text.contains(&format!("content/journeys/guidance.toml:{logic}: journey: unknown variant `maybe`")),
        "{text}"
    );
    s.edit("content/journeys/guidance.toml", |t| t.replace("logic = \"maybe\"", "logic = \"or\""));
    let out = s.porth(&["check", "--today", "2026-12-07"]);
    let text = said(&out);
    let line = s.line("content/journeys/guidance.toml", "pages = [\"guidance/leter.md\"]");
    assert!(
        text.contains(&format!(
            "content/journeys/guidance.toml:{line}: journey: the page `guidance/leter.md` does not exist"
        )),
        "{text}"
    );
    let step = s.line("content/journeys/guidance.toml", "title.en = \"Come to a session\"");
    assert!(
        text.contains(&format!("content/journeys/guidance.toml:{step}: journey: the title has no Cymraeg text")),
        "{text}"
    );
    assert!(text.contains("add title.cy = \"…\""), "{text}");
}
