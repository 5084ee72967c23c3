//! The generator, run as the real binary on small fixture sites, with assertions on the
//! parsed HTML. Each broken fixture is the valid one with one mistake written into it.

use crate::common;

use common::copy_tree;
use scraper::{Html, Selector};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const NOW: &str = "2026-11-23T09:00";

/// A copy of a fixture site with the repository's own templates, strings and styles.
struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new(name: &str) -> Fixture {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        let dir = tempfile::tempdir().unwrap();
        for part in ["templates", "i18n", "static", "forms"] {
            copy_tree(&repo.join(part), &dir.path().join(part));
        }
        copy_tree(&repo.join("tests/fixtures").join(name), dir.path());
        // The repository's forms (their strings are in the copied i18n/), sending families
        // back to the fixture's own guidance page.
        for form in std::fs::read_dir(dir.path().join("forms")).unwrap() {
            let path = form.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let text: String = text
                .lines()
                .map(|l| {
                    if l.starts_with("info_page = ") {
                        "info_page = \"guidance/_index.md\"".to_string()
                    } else {
                        l.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join("\n");
            std::fs::write(&path, text).unwrap();
        }
        Fixture { dir }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn write(&self, rel: &str, text: &str) -> &Self {
        std::fs::write(self.path(rel), text).unwrap();
        self
    }

    fn edit(&self, rel: &str, f: impl FnOnce(String) -> String) -> &Self {
        let text = std::fs::read_to_string(self.path(rel)).unwrap();
        let new = f(text.clone());
        assert_ne!(text, new, "the edit to {rel} changed nothing");
        self.write(rel, &new)
    }

    fn porth(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_porth")).arg("--root").arg(self.dir.path()).args(args).output().unwrap()
    }

    fn build(&self) -> Output {
        self.porth(&["build", "--now", NOW])
    }

    fn build_ok(&self) -> &Self {
        let out = self.build();
        assert!(out.status.success(), "build failed:\n{}", String::from_utf8_lossy(&out.stderr));
        self
    }

    fn html(&self, url: &str) -> Html {
        let mut file = self.path("public").join(url.trim_start_matches('/'));
        if url.ends_with('/') {
            file.push("index.html");
        }
        Html::parse_document(&std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display())))
    }
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn texts(doc: &Html, s: &str) -> Vec<String> {
    doc.select(&sel(s)).map(|e| e.text().collect::<String>().trim().to_string()).collect()
}

fn attrs(doc: &Html, s: &str, attr: &str) -> Vec<String> {
    doc.select(&sel(s)).filter_map(|e| e.value().attr(attr).map(str::to_string)).collect()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn every_page_is_built_in_both_languages_with_translated_slugs() {
    let f = Fixture::new("site");
    f.build_ok();
    let cy = f.html("/cy/canllawiau/eich-hawliau/");
    let en = f.html("/en/guidance/rights/");
    assert_eq!(attrs(&cy, "html", "lang"), ["cy"]);
    assert_eq!(attrs(&en, "html", "lang"), ["en"]);
    assert_eq!(texts(&cy, "h1"), ["Eich hawliau"], "exactly one h1");
    // The toggle goes to the same page in the other language, not to the home page.
    assert_eq!(attrs(&cy, ".lang-toggle a", "href"), ["/en/guidance/rights/"]);
    assert_eq!(attrs(&en, ".lang-toggle a", "href"), ["/cy/canllawiau/eich-hawliau/"]);
    let mut alternates: Vec<(String, String)> = cy
        .select(&sel("link[rel=alternate]"))
        .map(|e| (e.value().attr("hreflang").unwrap().to_string(), e.value().attr("href").unwrap().to_string()))
        .collect();
    alternates.sort();
    assert_eq!(
        alternates,
        [
            ("cy".into(), "https://fixture.example/cy/canllawiau/eich-hawliau/".into()),
            ("en".into(), "https://fixture.example/en/guidance/rights/".into()),
            ("x-default".into(), "https://fixture.example/".into()),
        ]
    );
}

#[test]
fn pages_are_accessible_by_construction() {
    let f = Fixture::new("site");
    f.build_ok();
    let doc = f.html("/en/guidance/rights/");
    assert_eq!(attrs(&doc, "a.skip-link", "href"), ["#main-content"]);
    assert_eq!(doc.select(&sel("main#main-content")).count(), 1);
    assert_eq!(doc.select(&sel("header[role=banner]")).count(), 1);
    assert_eq!(doc.select(&sel("footer[role=contentinfo]")).count(), 1);
    assert_eq!(texts(&doc, ".breadcrumbs a"), ["Family information", "Guidance"]);
    // "On this page" lists the h2s by their ids.
    assert_eq!(attrs(&doc, ".toc a", "href"), ["#what-does-the-law-say", "#who-can-help"]);
    assert_eq!(attrs(&doc, ".prose h2", "id"), ["what-does-the-law-say", "who-can-help"]);
    assert_eq!(texts(&doc, ".page-meta p"), ["Last updated 3 December 2026", "Content last reviewed 23 November 2026"]);
    assert_eq!(texts(&doc, ".footer__links a"), ["Model letter"]);
    // External links say so to screen readers; internal ones do not.
    let snap = doc.select(&sel(".prose a[href^='https://www.snapcymru.org']")).next().unwrap();
    assert_eq!(
        snap.select(&sel(".visually-hidden")).next().unwrap().text().collect::<String>(),
        " (opens another website)"
    );
}

#[test]
fn markdown_extensions_and_internal_links_render() {
    let f = Fixture::new("site");
    f.build_ok();
    let cy = f.html("/cy/canllawiau/eich-hawliau/");
    // `@/` with an anchor resolves to the Welsh URL of the Welsh page.
    assert!(attrs(&cy, ".prose a", "href").contains(&"/cy/canllawiau/llythyr/#model-letter".to_string()));
    assert!(attrs(&cy, ".prose a", "href").contains(&"/cy/canllawiau/leaflet.pdf".to_string()));
    assert!(f.path("public/cy/canllawiau/leaflet.pdf").exists(), "assets are copied beside the output");
    for s in ["table", "del", "input[type=checkbox][checked]", ".footnote-definition"] {
        assert_eq!(cy.select(&sel(s)).count(), 1, "{s}");
    }
    // Placeholders are filled in the page's language.
    assert!(texts(&cy, ".prose p").iter().any(|p| p.contains("tim@fixture.example")));
}

#[test]
fn welsh_dates_and_plurals_follow_the_language() {
    let f = Fixture::new("site");
    f.build_ok();
    let cy = f.html("/cy/sesiynau/");
    // Three upcoming sessions: Welsh "few" ("tair"), English "other".
    assert_eq!(texts(&cy, "#upcoming"), ["Tair sesiwn i ddod"]);
    assert_eq!(texts(&f.html("/en/sessions/"), "#upcoming"), ["3 upcoming sessions"]);
    let when = texts(&cy, ".event-list__item time");
    assert_eq!(when[0], "Dydd Iau 3 Rhagfyr 2026, 10am tan 12pm", "upcoming in date order");
    assert!(when[1].starts_with("Dydd Iau 14 Ionawr 2027"));
    assert!(when[2].starts_with("Dydd Mawrth 2 Mawrth 2027"));
    assert_eq!(texts(&cy, ".event-list--past a"), ["Sesiwn yr hydref"], "past sessions are listed apart");
}

#[test]
fn now_decides_which_sessions_are_past() {
    let f = Fixture::new("site");
    let out = f.porth(&["build", "--now", "2027-01-20T09:00"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let en = f.html("/en/sessions/");
    assert_eq!(texts(&en, "#upcoming"), ["1 upcoming session"]);
    assert_eq!(texts(&en, ".event-list--past a"), ["January session", "December session", "Autumn session"]);
}

#[test]
fn sessions_are_written_as_icalendar() {
    let f = Fixture::new("site");
    f.build_ok();
    let one = std::fs::read_to_string(f.path("public/cy/sesiynau/january/session.ics")).unwrap();
    assert!(one.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
    assert!(one.contains("DTSTART;TZID=Europe/London:20270114T133000\r\n"));
    assert!(one.contains("DTEND;TZID=Europe/London:20270114T150000\r\n"));
    assert!(one.contains("SUMMARY:Sesiwn mis Ionawr\r\n"));
    assert!(one.contains("LOCATION:Neuadd y Dref\\, Stryd Fawr\\, Tref\\, AA1 1AA\r\n"));
    assert!(one.contains("BEGIN:VTIMEZONE"));
    assert!(one.lines().all(|l| l.len() <= 75), "lines are folded");
    let all = std::fs::read_to_string(f.path("public/en/sessions/sessions.ics")).unwrap();
    assert_eq!(all.matches("BEGIN:VEVENT").count(), 3, "the list holds the upcoming sessions");
    let doc = f.html("/en/sessions/january/");
    assert_eq!(attrs(&doc, "a[download]", "href"), ["/en/sessions/january/session.ics"]);
}

#[test]
fn site_files_landing_404_sitemap_aliases_drafts() {
    let f = Fixture::new("site");
    f.build_ok();
    let landing = f.html("/index.html");
    let choices = attrs(&landing, ".landing__choice", "lang");
    assert_eq!(choices, ["cy", "en"], "Welsh first");
    assert_eq!(attrs(&landing, ".landing__choice a", "href"), ["/cy/", "/en/"]);
    for nf in ["/404.html", "/cy/404.html", "/en/404.html"] {
        let doc = f.html(nf);
        assert_eq!(texts(&doc, "main section h1, main section h2").len(), 2, "{nf} is bilingual");
    }
    assert_eq!(attrs(&f.html("/en/404.html"), "main section", "lang"), ["en", "cy"]);
    let sitemap = std::fs::read_to_string(f.path("public/sitemap.xml")).unwrap();
    assert!(sitemap.contains("<loc>https://fixture.example/cy/canllawiau/eich-hawliau/</loc>"));
    assert!(sitemap.contains(
        "<xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://fixture.example/en/guidance/rights/\"/>"
    ));
    assert!(
        std::fs::read_to_string(f.path("public/robots.txt"))
            .unwrap()
            .contains("Sitemap: https://fixture.example/sitemap.xml")
    );
    let alias = f.html("/en/old-rights/");
    assert_eq!(attrs(&alias, "link[rel=canonical]", "href"), ["/en/guidance/rights/"]);
    assert!(!f.path("public/en/guidance/unfinished").exists(), "drafts are left out");
}

#[test]
fn a_page_in_one_language_builds_but_fails_check() {
    let f = Fixture::new("site");
    std::fs::remove_file(f.path("content/guidance/letter.cy.md")).unwrap();
    let out = f.build();
    assert!(out.status.success(), "{}", stderr(&out));
    // The English page says, in both languages, that the Welsh is not ready yet.
    let en = f.html("/en/guidance/letter/");
    assert_eq!(
        texts(&en, ".lang-toggle__missing span"),
        ["This page is not available in Welsh yet", "Nid yw'r dudalen hon ar gael yn Gymraeg eto"]
    );
    let out = f.porth(&["check", "--now", NOW]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("content/guidance/letter.md: there is no Cymraeg translation of this page"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("fix: create content/guidance/letter.cy.md"));
}

#[test]
fn the_fixture_passes_check() {
    let f = Fixture::new("site");
    let out = f.porth(&["check", "--now", NOW]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn unknown_front_matter_key_names_key_file_and_line() {
    let f = Fixture::new("site");
    f.edit("content/guidance/letter.md", |t| t.replace("weight = 2\n", "weight = 2\ncolour = \"red\"\n"));
    let out = f.build();
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("content/guidance/letter.md:4: front matter: unknown field `colour`"), "{err}");
    assert!(err.contains("allowed keys: title"), "{err}");
}

#[test]
fn broken_link_and_missing_anchor_stop_the_build_with_lines() {
    let f = Fixture::new("site");
    f.edit("content/guidance/rights.md", |t| {
        t.replace("Email {{ council.email }}.", "Email us. See [gone](@/guidance/gone.md).")
    });
    f.edit("content/guidance/rights.cy.md", |t| t.replace("#model-letter", "#no-such-heading"));
    std::fs::create_dir_all(f.path("public")).unwrap();
    f.write("public/keep.txt", "the previous site");
    let out = f.build();
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("2 problems found"), "both are reported at once: {err}");
    assert!(err.contains("content/guidance/rights.md:27: link to `@/guidance/gone.md`"), "{err}");
    assert!(err.contains("content/guidance/rights.cy.md:18: link to `@/guidance/letter.md#no-such-heading`: that page has no heading with id `no-such-heading`"), "{err}");
    assert!(err.contains("use one of: model-letter"), "{err}");
    assert!(f.path("public/keep.txt").exists(), "a failed build leaves the old site in place");
}

/// A link to a place on the same page (`#who-can-help`) is checked as a link to another
/// page's heading is: renaming the heading breaks the check, not the page. The template's
/// own ids (the skip link's `#main-content`) are places on the page too.
#[test]
fn a_link_to_a_heading_on_the_same_page_that_is_not_there_stops_the_build_with_its_line() {
    let f = Fixture::new("site");
    f.edit("content/guidance/rights.md", |t| {
        t.replace("Email {{ council.email }}.", "See [who can help](#who-can-help) and [the top](#main-content).")
    });
    f.build_ok();
    f.edit("content/guidance/rights.md", |t| t.replace("## Who can help?", "## Who helps?"));
    let out = f.build();
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains(
            "content/guidance/rights.md:27: link to `#who-can-help`: this page has no heading with id `who-can-help`"
        ),
        "{err}"
    );
    assert!(err.contains("use one of: what-does-the-law-say, who-helps"), "{err}");
    assert!(!err.contains("#main-content`"), "the template's id is on the page: {err}");
}

#[test]
fn a_build_replaces_the_old_site_and_clears_what_a_killed_server_left_half_deleted() {
    let f = Fixture::new("site");
    std::fs::create_dir_all(f.path("public")).unwrap();
    f.write("public/stale.txt", "the previous site");
    // What a watch-mode server killed while deleting an old build in the background leaves.
    for left in [".public.porth-old", ".public.porth-old-4242-3"] {
        std::fs::create_dir_all(f.path(left).join("en")).unwrap();
        f.write(&format!("{left}/en/index.html"), "old");
    }
    f.write(".public.porth-older", "not ours");
    f.build_ok();
    assert!(!f.path("public/stale.txt").exists(), "the new site replaces the old one whole");
    assert!(f.path("public/en/index.html").exists());
    assert!(
        !f.path(".public.porth-old").exists() && !f.path(".public.porth-old-4242-3").exists(),
        "left-over old builds are removed"
    );
    assert!(f.path(".public.porth-older").exists(), "a name that only starts the same is not touched");
}

#[test]
fn unknown_placeholder_names_file_and_line() {
    let f = Fixture::new("site");
    f.edit("content/guidance/letter.cy.md", |t| t.replace("Annwyl bennaeth,", "Annwyl {{ council.headteacher }},"));
    let out = f.build();
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("content/guidance/letter.cy.md:11: unknown placeholder `{{ council.headteacher }}`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn fluent_key_missing_in_one_language_fails_check_and_build() {
    let f = Fixture::new("site");
    f.edit("i18n/cy/site.ftl", |t| t.replace("toc-heading = Ar y dudalen hon\n", ""));
    let out = f.porth(&["check", "--now", NOW]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("message `toc-heading` exists in `en` but not in `cy`"), "{err}");
    assert!(
        err.contains("templates/partials/toc.html:2: template uses `toc-heading`, which i18n/cy/ does not define"),
        "{err}"
    );
    // The build refuses too: no English stands in for the missing Welsh.
    let out = f.build();
    assert!(!out.status.success());
    assert!(stderr(&out).contains("no Fluent message `toc-heading` in i18n/cy/"), "{}", stderr(&out));
}

#[test]
fn unused_fluent_key_fails_check() {
    let f = Fixture::new("site");
    f.edit("i18n/en/site.ftl", |t| t + "\nnobody-uses-me = Hello\n");
    f.edit("i18n/cy/site.ftl", |t| t + "\nnobody-uses-me = Helo\n");
    let out = f.porth(&["check", "--now", NOW]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("message `nobody-uses-me` is not used by any template"), "{}", stderr(&out));
}

#[test]
fn fluent_syntax_error_names_file_and_line() {
    let f = Fixture::new("site");
    f.edit("i18n/en/site.ftl", |t| t.replace("toc-heading = On this page", "toc-heading = { On this page"));
    let text = std::fs::read_to_string(f.path("i18n/en/site.ftl")).unwrap();
    let line = text.lines().position(|l| l.starts_with("toc-heading = {")).unwrap() + 1;
    let out = f.build();
    assert!(!out.status.success());
    assert!(stderr(&out).contains(&format!("i18n/en/site.ftl:{line}: Fluent syntax error")), "{}", stderr(&out));
}

#[test]
fn check_compares_each_page_with_its_translation() {
    let f = Fixture::new("site");
    // A number that differs is an error naming the file and line; both are reported.
    f.edit("content/guidance/rights.cy.md", |t| t.replace("Deddf Addysg 1996, adran 7", "Deddf Addysg 1996, adran 8"));
    let out = f.porth(&["check", "--now", NOW]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains(
            "content/guidance/rights.cy.md:31: `8` appears 1 time(s) here and 0 time(s) in content/guidance/rights.md"
        ),
        "{err}"
    );
    assert!(
        err.contains("content/guidance/rights.md:")
            && err.contains("`7` appears 1 time(s) here and 0 time(s) in content/guidance/rights.cy.md"),
        "{err}"
    );
    // A list item more in one language is a warning, which does not fail the check.
    f.edit("content/guidance/rights.cy.md", |t| {
        t.replace("adran 8", "adran 7").replace("- [x] Darllen y dudalen hon", "- [x] Darllen y dudalen hon\n- Ffonio")
    });
    let out = f.porth(&["check", "--now", NOW]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out)
            .contains("warning: content/guidance/rights.cy.md:30: 2 list items here, 1 in content/guidance/rights.md"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_misspelt_council_detail_in_a_template_stops_the_build_with_its_line() {
    let f = Fixture::new("site");
    let file = "templates/partials/footer.html";
    let text = std::fs::read_to_string(f.path(file)).unwrap();
    let line = text.lines().position(|l| l.contains("council.phone")).expect("the footer shows the phone number") + 1;
    f.edit(file, |t| t.replacen("council.phone", "council.phnoe", 1));
    let out = f.build();
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains(&format!("{file}:{line}: the template names council detail `phnoe`")),
        "{}",
        stderr(&out)
    );
}

/// The fixture with a second venue in a second area, and the March session held there.
fn with_areas() -> Fixture {
    let f = Fixture::new("site");
    f.edit("config.toml", |t| {
        t + r#"
[venues.library.cy]
name = "Llyfrgell y Pentref"
address = "Lôn y Felin, Pentref, AA2 2BB"

[venues.library.en]
name = "Village Library"
address = "Mill Lane, Village, AA2 2BB"

[areas.tref]
cy = "Tref"
en = "Town"
venues = ["hall"]

[areas.pentref]
cy = "Pentref"
en = "Village"
venues = ["library"]
"#
    });
    for file in ["content/sessions/march.md", "content/sessions/march.cy.md"] {
        f.edit(file, |t| t.replace("venue = \"hall\"", "venue = \"library\""));
    }
    f
}

#[test]
fn sessions_can_be_narrowed_to_an_area_without_javascript() {
    let f = with_areas();
    f.build_ok();
    let all = f.html("/en/sessions/");
    assert_eq!(attrs(&all, "form.event-filter", "method"), ["get"]);
    assert_eq!(attrs(&all, "form.event-filter", "action"), ["/en/sessions/"]);
    assert_eq!(attrs(&all, "form.event-filter select", "name"), ["area"]);
    assert_eq!(
        texts(&all, "form.event-filter option"),
        ["All areas", "Town", "Village"],
        "sorted by name in the page's language"
    );
    assert_eq!(texts(&all, ".event-list h3").len(), 3, "the sessions page still lists every upcoming session");
    assert_eq!(attrs(&f.html("/cy/sesiynau/"), "form.event-filter select", "name"), ["ardal"]);

    let village = f.html("/en/sessions/pentref/");
    assert_eq!(texts(&village, "h1"), ["Drop-in sessions: Village"]);
    assert_eq!(texts(&village, ".event-list h3"), ["March session"]);
    assert_eq!(attrs(&village, "form.event-filter option[selected]", "value"), ["pentref"]);
    assert_eq!(
        attrs(&village, "a[hreflang=cy]", "href"),
        ["/cy/sesiynau/pentref/"],
        "the toggle goes to the same area in Welsh"
    );
    let pentref = f.html("/cy/sesiynau/pentref/");
    assert_eq!(texts(&pentref, "h1"), ["Sesiynau galw heibio: Pentref"]);
    assert_eq!(texts(&pentref, ".event-list h3").len(), 1);
    let town = f.html("/en/sessions/tref/");
    assert_eq!(texts(&town, ".event-list h3").len(), 2);
    assert!(texts(&town, ".event-list h3").iter().all(|t| t != "March session"));

    let ics = std::fs::read_to_string(f.path("public/en/sessions/pentref/sessions.ics")).unwrap();
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 1, "the area's calendar holds the area's sessions");
    assert!(ics.contains("LOCATION:Village Library\\, Mill Lane\\, Village\\, AA2 2BB\r\n"));
    let sitemap = std::fs::read_to_string(f.path("public/sitemap.xml")).unwrap();
    assert!(!sitemap.contains("pentref"), "an area page is a view of the sessions page, not a page of its own");
    assert_eq!(attrs(&village, "meta[name=robots]", "content"), ["noindex"], "nor is it a search result");
    assert!(attrs(&all, "meta[name=robots]", "content").is_empty());

    let session = f.html("/en/sessions/march/");
    assert_eq!(
        attrs(&session, "a[rel=external]", "href"),
        ["https://www.openstreetmap.org/search?query=Mill%20Lane%2C%20Village%2C%20AA2%202BB"],
        "the venue on a map is a plain link"
    );
}

#[test]
fn an_area_with_a_venue_that_does_not_exist_fails_with_its_line() {
    let f = with_areas();
    f.edit("config.toml", |t| t.replace("venues = [\"library\"]", "venues = [\"libary\"]"));
    let out = f.porth(&["check"]);
    assert!(!out.status.success());
    let err = stderr(&out);
    let line =
        std::fs::read_to_string(f.path("config.toml")).unwrap().lines().position(|l| l == "[areas.pentref]").unwrap()
            + 1;
    assert!(err.contains(&format!("config.toml:{line}")), "{err}");
    assert!(err.contains("area `pentref` lists venue `libary`, which is not in [venues]"), "{err}");
    assert!(err.contains("use one of: hall, library"), "{err}");
}
