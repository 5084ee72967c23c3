//! Search, end to end: the real `porth serve` on a copy of the repository's site, queried
//! over HTTP as a browser without JavaScript would, the results read from the HTML; and the
//! site's other plain GET form, the drop-in sessions' area filter.
//! `relevance` runs what parents type (tests/search/relevance.txt, the tuning part, and
//! relevance-heldback.txt, the quarter never tuned against), reports recall@1 and @3 for
//! each part and language, and requires the 80% / 95% on the tuning part and no
//! fall below the levels reached on the held-back part.

use crate::common;

use common::serve::Server;
use reqwest::blocking::get;
use scraper::{Html, Selector};
use std::path::Path;

/// `porth serve` on a copy of the repository's site and its services directory (mail to a port nothing listens on:
/// search sends none), with the copy it serves.
struct Served {
    server: Server,
    _site: tempfile::TempDir,
}

impl std::ops::Deref for Served {
    type Target = Server;
    fn deref(&self) -> &Server {
        &self.server
    }
}

fn serve() -> Served {
    let site = common::serve::site(common::smtp::free_port(), "");
    // The services directory too: its entries are searched, and parents ask for them.
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    common::copy_tree(&repo.join("directory"), &site.path().join("directory"));
    Served { server: Server::start(site.path(), &[]), _site: site }
}

fn page(server: &Server, path: &str, q: &str) -> Html {
    let url = reqwest::Url::parse_with_params(&format!("{}{path}", server.base), &[("q", q)]).unwrap();
    let resp = get(url).unwrap();
    assert_eq!(resp.status(), 200, "{path}?q={q}");
    Html::parse_document(&resp.text().unwrap())
}

fn all(doc: &Html, css: &str) -> Vec<String> {
    let sel = Selector::parse(css).unwrap();
    doc.select(&sel).map(|e| e.value().attr("href").map(str::to_string).unwrap_or_else(|| e.text().collect())).collect()
}

fn search_path(lang: &str) -> &'static str {
    if lang == "cy" { "/cy/chwilio/" } else { "/en/search/" }
}

/// One part of the relevance set: its queries, by language, with the page that should lead.
fn relevance_part(file: &str) -> Vec<(String, String, String)> {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/search").join(file)).unwrap();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|line| {
            let parts: Vec<&str> = line.split(" | ").map(str::trim).collect();
            assert_eq!(parts.len(), 3, "{file}: `{line}` is not `lang | query | url`");
            (parts[0].to_string(), parts[1].to_string(), parts[2].to_string())
        })
        .collect()
}

/// The relevance report: recall@1 and recall@3 for the tuning part (relevance.txt) and the
/// held-back quarter (relevance-heldback.txt, never tuned against), per language. Printed,
/// and written to target/relevance-report.txt, which scripts/test shows. The held-back
/// part's misses are not listed: reading them would be tuning against it.
///
/// With `PORTH_RELEVANCE_TUNING_ONLY=1` the held-back part is skipped altogether (not read,
/// not reported, no floor): whoever is changing the ranking must not see its figures, or
/// it stops being held back.
#[test]
fn relevance() {
    let server = serve();
    let mut report = String::from("Search relevance (issue 22): the wanted page first (@1), in the first three (@3)\n");
    let mut misses = String::new();
    let mut failed = vec![];
    let tuning_only = std::env::var("PORTH_RELEVANCE_TUNING_ONLY").is_ok_and(|v| v == "1");
    let mut parts = vec![("tuning", "relevance.txt", true)];
    if tuning_only {
        report.push_str("  held-back part skipped at the tuner's request (PORTH_RELEVANCE_TUNING_ONLY=1)\n");
    } else {
        parts.push(("held-back", "relevance-heldback.txt", false));
    }
    for (part, file, show_misses) in parts {
        let set = relevance_part(file);
        for lang in ["cy", "en"] {
            let (mut first, mut three, mut total) = (0, 0, 0);
            for (_, query, url) in set.iter().filter(|(l, _, _)| l == lang) {
                total += 1;
                let top: Vec<String> = all(&page(&server, search_path(lang), query), ".porth-search-results__title a")
                    .into_iter()
                    .take(3)
                    .collect();
                first += usize::from(top.first() == Some(url));
                if top.contains(url) {
                    three += 1;
                }
                if show_misses && top.first() != Some(url) {
                    misses.push_str(&format!("  not first [{lang}] `{query}`: wanted {url}, got {top:?}\n"));
                }
            }
            let pct = |n: usize| n as f64 * 100.0 / total.max(1) as f64;
            let target = pct(first) >= 80.0 && pct(three) >= 95.0;
            report.push_str(&format!(
                "  {part:<9} [{lang}] {total:>3} queries: recall@1 {first:>3} = {:5.1}%   recall@3 {three:>3} = {:5.1}%{}\n",
                pct(first),
                pct(three),
                if target { "" } else { "   (under the issue's 80% / 95%)" }
            ));
            let min = if part == "tuning" { 150 } else { 50 };
            assert!(total >= min, "{file} needs at least {min} queries in {lang}; it has {total}");
            // The targets on the tuning part. The held-back part does not reach them
            // yet (issue 22 stays open for it); it must not fall below what it reached when
            // the ranking was last changed (glossary phrases in Welsh plurals, no heading lift
            // for glossary entries, contact and family words, English pronouns as stop words,
            // a section's name in its pages' titles; then SEND only in capitals, law and legal
            // as one group, the home page's title lifting it only for the whole of a query,
            // glossary entries' headings as body text; then taking off the roll and applying
            // as groups, listings first for a query asking for a list, a heading handed to the
            // page its link names, English headings' anchors, a noun query's head word, words
            // run together; then Welsh auxiliaries and the words of asking as stop words,
            // abbreviations as a title's initials, misspellings tried as typed, the other
            // language when a query finds nothing in its own), tuned without seeing this part:
            // 82.1% / 89.3% (cy, from 71.4% / 83.9%), 83.9% / 92.9% (en, from 73.2% / 85.7%).
            // A floor (a rounding under each: 46 of 56 is 82.14%), not a target.
            let (min1, min3) = match (part, lang) {
                ("tuning", _) => (80.0, 95.0),
                (_, "cy") => (82.1, 89.2),
                _ => (83.9, 92.8),
            };
            if pct(first) < min1 || pct(three) < min3 {
                failed.push(format!("{part} [{lang}]"));
            }
        }
    }
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/relevance-report.txt");
    std::fs::write(&out, format!("{report}\nTuning queries whose page is not first:\n{misses}")).unwrap();
    // Shown with --nocapture, and always when the test fails.
    eprintln!("{report}{misses}");
    assert!(failed.is_empty(), "recall under its floor in {failed:?}:\n{report}{misses}");
}

#[test]
fn results_page_marks_words_and_links_to_the_same_search_in_the_other_language() {
    let server = serve();
    let doc = page(&server, "/cy/chwilio/", "fy mhlentyn ady");
    assert!(!all(&doc, ".porth-search-results__title a").is_empty());
    let marks = all(&doc, ".porth-search-results__snippet mark");
    assert!(marks.iter().any(|m| m.eq_ignore_ascii_case("ady")), "{marks:?}");
    assert!(
        marks.iter().any(|m| m.to_lowercase().contains("plentyn")),
        "the radical of `mhlentyn` is marked: {marks:?}"
    );
    // The toggle runs the same search in English, and the query stays in the box.
    let toggle = all(&doc, ".lang-toggle a");
    assert_eq!(toggle, vec!["/en/search/?q=fy+mhlentyn+ady"]);
    let value: Vec<_> =
        doc.select(&Selector::parse("#search-q").unwrap()).filter_map(|e| e.value().attr("value")).collect();
    assert_eq!(value, vec!["fy mhlentyn ady"]);
    assert_eq!(all(&doc, "input[type=search]").len(), 1, "one search box on the results page");
    // The page is Welsh, and the reader's query is text, never markup.
    let doc = page(&server, "/en/search/", "<b>x</b>qqqzzz");
    assert_eq!(all(&doc, "b").len(), 0);
}

#[test]
fn no_results_page_helps() {
    let server = serve();
    for (lang, glossary) in [("cy", "/cy/geirfa/"), ("en", "/en/glossary/")] {
        let doc = page(&server, search_path(lang), "qqqzzz");
        assert!(all(&doc, ".porth-search-results__title a").is_empty());
        let links = all(&doc, "main a");
        assert!(links.contains(&glossary.to_string()), "{lang}: {links:?}");
        assert!(links.iter().any(|l| l.starts_with("tel:")), "{lang}: {links:?}");
        assert!(links.iter().any(|l| l.starts_with("mailto:")), "{lang}: {links:?}");
    }
}

#[test]
fn every_page_except_a_form_page_has_a_search_box_under_its_header() {
    let server = serve();
    let pages: [(&str, &[&str]); 4] = [
        ("/cy/", &["/cy/chwilio/"]),
        ("/en/home-education/", &["/en/search/"]),
        // The results page has its own labelled box, and only that one.
        ("/cy/chwilio/?q=ady", &[]),
        ("/en/forms/home-education/", &[]),
    ];
    for (path, action) in pages {
        let html = get(format!("{}{path}", server.base)).unwrap().text().unwrap();
        let doc = Html::parse_document(&html);
        let forms: Vec<_> = doc
            .select(&Selector::parse("header + .porth-search form[role=search][method=get]").unwrap())
            .filter_map(|f| f.value().attr("action"))
            .collect();
        assert_eq!(forms, action, "{path}");
        assert!(!html.contains("<script"), "{path}: readers' pages have no script");
    }
}

#[test]
fn the_sessions_area_filter_is_a_get_form_the_server_answers_with_the_area_page() {
    let server = serve();
    let client = reqwest::blocking::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let status_and_location = |path: &str| {
        let r = client.get(format!("{}{path}", server.base)).send().unwrap();
        (r.status().as_u16(), r.headers().get("location").map(|l| l.to_str().unwrap().to_string()))
    };
    assert_eq!(
        status_and_location("/cy/sesiynau-galw-heibio/?ardal=cwmteg"),
        (303, Some("/cy/sesiynau-galw-heibio/cwmteg/".into()))
    );
    assert_eq!(
        status_and_location("/en/drop-in-sessions/?area=pontteg"),
        (303, Some("/en/drop-in-sessions/pontteg/".into()))
    );
    // "All areas", an area that is not in config.toml, and a page with no area pages are
    // served as they are.
    for path in
        ["/en/drop-in-sessions/?area=", "/en/drop-in-sessions/?area=atlantis", "/en/home-education/?area=cwmteg"]
    {
        assert_eq!(status_and_location(path), (200, None), "{path}");
    }
    let area =
        Html::parse_document(&get(format!("{}/cy/sesiynau-galw-heibio/cwmteg/", server.base)).unwrap().text().unwrap());
    let venues = all(&area, ".event-list .govuk-summary-list__value");
    assert!(!venues.is_empty());
    assert!(
        area.select(&Selector::parse(".event-list__item").unwrap())
            .all(|li| li.text().collect::<String>().contains("Canolfan Gymunedol Cwmteg"))
    );
}

/// The search and directory results pages, and a form's first page, typed without their
/// last slash (as someone might write one in an e-mail) go to the page with the query kept,
/// as a folder's page does.
#[test]
fn the_services_pages_typed_without_their_last_slash_go_to_the_page_with_the_query() {
    let server = serve();
    let client = reqwest::blocking::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    for (from, to) in [
        ("/en/search?q=school+age", "/en/search/?q=school+age"),
        ("/cy/chwilio?q=ysgol", "/cy/chwilio/?q=ysgol"),
        ("/cy/chwilio", "/cy/chwilio/"),
        ("/en/directory/results?q=speech", "/en/directory/results/?q=speech"),
        ("/cy/cyfeiriadur/canlyniadau", "/cy/cyfeiriadur/canlyniadau/"),
        ("/en/forms/home-education", "/en/forms/home-education/"),
        ("/cy/ffurflenni/anghenion-dysgu-ychwanegol", "/cy/ffurflenni/anghenion-dysgu-ychwanegol/"),
    ] {
        let resp = client.get(format!("{}{from}", server.base)).send().unwrap();
        assert_eq!(resp.status(), 308, "{from}");
        assert_eq!(resp.headers()["location"], to, "{from}");
    }
    // Followed, it is the results page.
    let doc = page(&server, "/en/search", "school");
    assert!(!all(&doc, ".porth-search-results__title a").is_empty());
}
