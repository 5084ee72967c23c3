//! The loader on the fixture directory (tests/fixtures/directory/) and on copies of it with
//! one or many mistakes written in: every problem comes back at once, each with its file and
//! line.

use super::*;
use crate::site::config::{Area, Config};
use time::macros::date;

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/directory/directory");

fn config(root: &Path) -> Config {
    let mut c = Config { root: root.to_path_buf(), ..Config::default() };
    for key in ["cwmteg", "aberteg"] {
        c.areas.insert(key.into(), Area { cy: Some(key.into()), en: Some(key.into()), venues: vec![] });
    }
    c.postcode_districts.insert("WM2".into(), "cwmteg".into());
    c
}

/// The fixture in a temp folder, with `edit` applied to its files.
fn site(edit: impl FnOnce(&Path)) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join(DIR);
    std::fs::create_dir_all(&dir).unwrap();
    for f in std::fs::read_dir(FIXTURE).unwrap() {
        let f = f.unwrap().path();
        std::fs::copy(&f, dir.join(f.file_name().unwrap())).unwrap();
    }
    edit(&dir);
    tmp
}

fn replace(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from} not in {}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn the_fixture_loads_in_both_languages_with_no_problems() {
    let tmp = site(|_| {});
    let (dir, problems) = load(&config(tmp.path()));
    assert!(problems.is_empty(), "{problems:#?}");
    let dir = dir.unwrap();
    assert_eq!(dir.entries.len(), 2);
    let e = dir.entries.iter().find(|e| e.slug == "talking-drop-in").unwrap();
    assert_eq!(e.text(Lang::Cy).fields.name, "Sesiwn galw heibio therapi lleferydd ac iaith");
    assert_eq!(e.tel, ["01632960400"]);
    assert_eq!(e.postcodes, ["WM2 1AB"]);
    assert_eq!(e.reviewed, date!(2026 - 11 - 20));
}

#[test]
fn a_site_without_a_directory_folder_has_no_directory() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, problems) = load(&config(tmp.path()));
    assert!(dir.is_none() && problems.is_empty());
}

#[test]
fn every_problem_is_reported_at_once_with_its_file_and_line() {
    let tmp = site(|d| {
        let en = d.join("talking-drop-in.md");
        replace(&en, "categories = [\"health\"]", "categories = [\"helth\"]");
        replace(&en, "needs = [\"speech-language-communication\"]", "needs = [\"speech\"]");
        replace(&en, "areas = [\"cwmteg\"]", "areas = [\"nowhere\"]");
        replace(&en, "postcode = \"WM2 1AB\"", "postcode = \"WM2 1A\"");
        replace(&en, "number = \"01632 960 400\"", "number = \"1632 960\"");
        replace(&en, "email = \"slt@westmere-health.example\"", "email = \"slt.westmere\"");
        replace(&en, "website = \"https://www.example.org/slt\"", "website = \"www.example.org/slt\"");
        replace(&en, "min_age = 0", "min_age = 9");
        let group = d.join("home-ed-group.md");
        replace(&group, "free = false\ndescription = \"£2 a family each session.\"", "free = false");
        replace(&group, "email = \"meetup@example.org\"\n", "");
    });
    let (_, problems) = load(&config(tmp.path()));
    let text: Vec<String> = problems
        .iter()
        .map(|p| format!("{}:{} {}", p.file.file_name().unwrap().to_string_lossy(), p.line, p.message))
        .collect();
    let has = |file: &str, line: usize, msg: &str| {
        assert!(
            text.iter().any(|t| t.starts_with(&format!("{file}:{line} ")) && t.contains(msg)),
            "no `{file}:{line} …{msg}…` in {text:#?}"
        )
    };
    has("talking-drop-in.md", 8, "category `helth`");
    has("talking-drop-in.md", 9, "need `speech`");
    has("talking-drop-in.md", 10, "area `nowhere`");
    has("talking-drop-in.md", 32, "postcode `WM2 1A`");
    has("talking-drop-in.md", 26, "phone number `1632 960`");
    has("talking-drop-in.md", 7, "slt.westmere");
    has("talking-drop-in.md", 6, "web address");
    has("talking-drop-in.md", 19, "min_age 9 is more than max_age 5");
    has("home-ed-group.md", 19, "cost is not described");
    has("home-ed-group.md", 1, "no way to contact");
    // The Welsh files now disagree with the English on what is not words.
    has("talking-drop-in.cy.md", 8, "`categories` is not the same");
    has("home-ed-group.cy.md", 6, "`email` is not the same");
}

#[test]
fn unknown_keys_and_missing_translations_are_problems() {
    let tmp = site(|d| {
        replace(&d.join("talking-drop-in.md"), "status = \"active\"", "status = \"active\"\nopening = \"often\"");
        std::fs::remove_file(d.join("home-ed-group.cy.md")).unwrap();
    });
    let (_, problems) = load(&config(tmp.path()));
    assert!(problems.iter().any(|p| p.line == 5 && p.message.contains("unknown field `opening`")), "{problems:#?}");
    assert!(
        problems.iter().any(|p| p.file.ends_with("home-ed-group.md") && p.message.contains("no Cymraeg version")),
        "{problems:#?}"
    );
    assert!(problems.iter().any(|p| p.fix.contains("home-ed-group.cy.md")), "{problems:#?}");
}

#[test]
fn taxonomy_labels_are_needed_in_every_language() {
    let tmp = site(|d| replace(&d.join("taxonomy.toml"), "cy = \"Grwpiau cymorth\"\n", ""));
    let (_, problems) = load(&config(tmp.path()));
    assert!(
        problems.iter().any(|p| p.file.ends_with("taxonomy.toml")
            && p.line == 8
            && p.message.contains("support-groups` has no label in Cymraeg")),
        "{problems:#?}"
    );
}

#[test]
fn review_dates_warn_thirty_days_before_and_fail_after() {
    let tmp = site(|_| {});
    let (dir, _) = load(&config(tmp.path()));
    let dir = dir.unwrap();
    // home-ed-group was reviewed on 2026-10-01: due 2027-10-01 with 12 months.
    let (w, p) = review_problems(&dir, 12, date!(2027 - 08 - 31));
    assert!(w.is_empty() && p.is_empty());
    let (w, p) = review_problems(&dir, 12, date!(2027 - 09 - 15));
    assert_eq!((w.len(), p.len()), (1, 0), "{w:#?}");
    assert!(w[0].file.ends_with("home-ed-group.cy.md") || w[0].file.ends_with("home-ed-group.md"));
    assert_eq!(w[0].line, 5);
    let (_, p) = review_problems(&dir, 12, date!(2027 - 11 - 21));
    assert_eq!(p.len(), 2, "{p:#?}");
    let (_, p) = review_problems(&dir, 1, date!(2026 - 12 - 20));
    assert_eq!(p.len(), 1, "only the older entry is overdue after a month: {p:#?}");
}

#[test]
fn filters_narrow_by_each_field() {
    use filter::{Query, parse};
    let tmp = site(|_| {});
    let c = config(tmp.path());
    let (dir, _) = load(&c);
    let dir = dir.unwrap();
    let names = |q: &Query| -> Vec<String> {
        dir.index.run(Lang::En, q).iter().map(|&i| dir.entries[i].slug.clone()).collect()
    };
    let q = |raw: &str| parse(raw, &dir.taxonomy, &c);
    assert_eq!(names(&q("").0), ["home-ed-group", "talking-drop-in"]);
    assert_eq!(names(&q("category=health").0), ["talking-drop-in"]);
    assert_eq!(names(&q("category=health&category=home-education").0).len(), 2);
    assert_eq!(names(&q("age=3").0), ["talking-drop-in"]);
    assert_eq!(names(&q("age=10").0), ["home-ed-group"]);
    assert_eq!(names(&q("free=yes").0), ["talking-drop-in"]);
    assert_eq!(names(&q("day=TH").0), ["home-ed-group"]);
    assert_eq!(names(&q("day=TU&day=TH").0).len(), 2);
    assert_eq!(names(&q("welsh=yes").0), ["talking-drop-in"]);
    assert_eq!(names(&q("need=autism").0), ["home-ed-group"], "an entry with no needs is for every need");
    assert_eq!(names(&q("area=aberteg").0), ["home-ed-group"], "`all` areas is in every area");
    let (pq, notices, errors) = q("postcode=wm2+1ab");
    assert_eq!(pq.area.as_deref(), Some("cwmteg"));
    assert!(notices.is_empty() && errors.is_empty());
    assert_eq!(names(&pq), ["home-ed-group", "talking-drop-in"]);
}

#[test]
fn a_bad_query_is_read_as_far_as_it_can_be_and_said_back() {
    use filter::parse;
    let tmp = site(|_| {});
    let c = config(tmp.path());
    let dir = load(&c).0.unwrap();
    let long = "x".repeat(10_000);
    let (q, notices, errors) = parse(
        &format!(
            "age=abc&category=nope&category=health&age=4&postcode=ZZ9+9ZZ&area=mars&day=XX&foo=1&need={long}&page=0"
        ),
        &dir.taxonomy,
        &c,
    );
    assert_eq!(q.categories, ["health"]);
    assert_eq!(q.age, None, "the first age was used, and it was not a number");
    assert_eq!(q.age_typed, "abc");
    assert_eq!(errors.iter().map(|e| e.field).collect::<Vec<_>>(), ["age"]);
    let keys: Vec<&str> = notices.iter().map(|n| n.key).collect();
    for k in [
        "directory-notice-unknown-category",
        "directory-notice-repeated",
        "directory-notice-unknown-district",
        "directory-notice-unknown-area",
        "directory-notice-unknown-day",
        "directory-notice-unknown-param",
        "directory-notice-too-long",
        "directory-notice-bad-page",
    ] {
        assert!(keys.contains(&k), "{k} missing from {keys:?}");
    }
    assert!(notices.iter().all(|n| n.value.len() <= 40), "values are cut before they are shown");
    let (_, _, errors) = parse("postcode=not+a+postcode", &dir.taxonomy, &c);
    assert_eq!(errors.iter().map(|e| e.field).collect::<Vec<_>>(), ["postcode"]);
    let (q, _, _) = parse("%ff%fe=%zz&category=health", &dir.taxonomy, &c);
    assert_eq!(q.categories, ["health"], "bytes that are not UTF-8 do not stop the rest");
}

#[test]
fn welsh_parameter_names_are_read_on_either_page_and_written_on_welsh_ones() {
    use filter::{parse, query_string};
    let tmp = site(|_| {});
    let c = config(tmp.path());
    let dir = load(&c).0.unwrap();
    let q = |raw: &str| parse(raw, &dir.taxonomy, &c);
    let (english, _, _) =
        q("category=health&need=autism&age=7&area=aberteg&free=yes&welsh=yes&day=TU&postcode=WM2+1AB&page=2");
    let (welsh, notices, errors) = q(
        "categori=health&angen=autism&oed=7&ardal=aberteg&am-ddim=ie&cymraeg=ie&diwrnod=TU&cod-post=WM2+1AB&tudalen=2",
    );
    assert!(notices.is_empty() && errors.is_empty(), "{notices:?} {errors:?}");
    assert_eq!(welsh, english);
    let written = query_string(&welsh, Some(2), Lang::Cy);
    assert_eq!(
        written,
        "categori=health&angen=autism&oed=7&cod-post=WM2+1AB&ardal=aberteg&am-ddim=ie&diwrnod=TU&cymraeg=ie&tudalen=2"
    );
    assert_eq!(q(&written).0, english, "what a Welsh page writes, it reads back");
    assert!(query_string(&english, Some(2), Lang::En).starts_with("category=health&need=autism&age=7"));
    // The same parameter in both languages is one parameter given twice.
    let (q2, notices, _) = q("age=3&oed=9");
    assert_eq!(q2.age, Some(3));
    assert_eq!(notices.iter().map(|n| n.key).collect::<Vec<_>>(), ["directory-notice-repeated"]);
}
