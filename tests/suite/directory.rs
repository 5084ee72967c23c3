//! The services directory, end to end with the real binary: the Welsh site with the fixture
//! entries (tests/fixtures/directory/) built, checked and served; the results page given good
//! and bad queries; the Open Referral UK feed validated against the UK profile's compiled
//! schemas (tests/fixtures/openreferral/, CC BY-SA 4.0, see its NOTICE); and the import, of
//! the UK profile's own example and of Porth's own feed.

use crate::common;

use common::serve::{Server, porth};
use scraper::{Html, Selector};
use std::path::{Path, PathBuf};

const NOW: &str = "2026-12-07T09:00";

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The repository's Welsh site with the fixture directory and two postcode districts.
fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["content", "templates", "i18n", "static", "forms"] {
        common::copy_tree(&repo().join(sub), &dir.path().join(sub));
    }
    common::copy_tree(&repo().join("tests/fixtures/directory/directory"), &dir.path().join("directory"));
    let mut config = std::fs::read_to_string(repo().join("config.toml")).unwrap();
    let districts = "[postcode_districts]\nWM2 = \"cwmteg\"\nWM9 = \"aberteg\"\n";
    if config.contains("[postcode_districts]\n") {
        config = config.replace("[postcode_districts]\n", districts);
    } else {
        config.push_str(&format!("\n{districts}"));
    }
    std::fs::write(dir.path().join("config.toml"), config).unwrap();
    dir
}

fn select<'a>(doc: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    doc.select(&Selector::parse(css).unwrap()).collect()
}

fn text(e: &scraper::ElementRef<'_>) -> String {
    e.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ")
}

fn page(path: &Path) -> Html {
    Html::parse_document(&std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

#[test]
fn the_directory_is_in_both_languages_and_check_reads_review_dates() {
    let site = site();
    let out = site.path().join("public");
    let (ok, _, err) = porth(site.path(), &["build", "--output", out.to_str().unwrap(), "--now", NOW]);
    assert!(ok, "{err}");
    // The build writes the landing pages; `porth serve` answers each entry's page and
    // calendar from the loaded directory (docs/DIRECTORY.md, "What the build writes").
    assert!(out.join("en/directory/index.html").is_file());
    assert!(!out.join("en/directory/talking-drop-in").exists(), "entry pages are not written");
    let server = Server::start(site.path(), &["--output", out.to_str().unwrap(), "--now", NOW]);
    let base = &server.base;
    let served = |url: &str| {
        let (status, _, body) = get(base, url);
        assert_eq!(status, 200, "{url}: {body}");
        Html::parse_document(&body)
    };
    for (lang, url, other, schedule, checked, tel_text) in [
        (
            "cy",
            "/cy/cyfeiriadur/talking-drop-in/",
            "/en/directory/talking-drop-in/",
            "Bob dydd Mawrth, 9:30am tan 11:30am",
            "20 Tachwedd 2026",
            "Ffôn",
        ),
        (
            "en",
            "/en/directory/talking-drop-in/",
            "/cy/cyfeiriadur/talking-drop-in/",
            "Every Tuesday, 9:30am to 11:30am",
            "20 November 2026",
            "Phone",
        ),
    ] {
        let doc = served(url);
        assert_eq!(select(&doc, "html")[0].value().attr("lang"), Some(lang));
        assert_eq!(select(&doc, "a[href=\"tel:01632960400\"]").len(), 1, "{lang}: tap to call");
        assert_eq!(select(&doc, "a[href=\"mailto:slt@westmere-health.example\"]").len(), 1);
        let main = text(&select(&doc, "main")[0]);
        assert!(main.contains(schedule), "{lang}: {main}");
        assert!(main.contains(checked), "{lang}: last checked: {main}");
        assert!(main.contains(tel_text));
        assert!(
            !select(&doc, &format!("a[href=\"{other}\"]")).is_empty(),
            "{lang}: the toggle lands on the counterpart"
        );
        let (status, headers, ics) = get(base, &format!("{url}service.ics"));
        assert_eq!(status, 200, "{ics}");
        assert!(headers["content-type"].to_str().unwrap().starts_with("text/calendar"));
        assert!(ics.contains("RRULE:FREQ=WEEKLY;BYDAY=TU\r\n"), "{ics}");
        assert!(ics.contains("UID:talking-drop-in-0@"), "{ics}");
    }
    let monthly = text(&select(&served("/cy/cyfeiriadur/home-ed-group/"), "main")[0]);
    assert!(monthly.contains("Dydd Iau cyntaf y mis, 1pm tan 3pm"), "{monthly}");
    // Without the final slash, as a static folder would: a permanent redirect.
    let r = reqwest::blocking::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(format!("{base}/cy/cyfeiriadur/home-ed-group"))
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 308);
    assert_eq!(r.headers()["location"], "/cy/cyfeiriadur/home-ed-group/");
    // No such entry, or a calendar for one: the site's own page, never a bare error.
    for missing in [
        "/en/directory/no-such-service/",
        "/en/directory/no-such-service",
        "/cy/cyfeiriadur/no-such-service/service.ics",
    ] {
        let (status, headers, _) = get(base, missing);
        assert_eq!(status, 404, "{missing}");
        assert!(headers["content-type"].to_str().unwrap().starts_with("text/html"), "{missing}");
    }
    drop(server);
    for (landing, other, postcode, category) in [
        ("cy/cyfeiriadur", "/en/directory/", "cod-post", "categori"),
        ("en/directory", "/cy/cyfeiriadur/", "postcode", "category"),
    ] {
        let doc = page(&out.join(landing).join("index.html"));
        assert!(!select(&doc, &format!("a[href=\"{other}\"]")).is_empty(), "{landing}: toggle");
        assert!(
            !select(&doc, &format!("form[method=get] input[name={postcode}]")).is_empty(),
            "{landing}: the filter form, its fields named in the page's language"
        );
        assert!(
            !select(&doc, &format!("a[href$=\"?{category}=health\"]")).is_empty(),
            "{landing}: categories link to their results"
        );
    }
    // Entries are in the site search, in each language.
    // (The index is binary; its addresses are stored as written.)
    let index = String::from_utf8_lossy(&std::fs::read(out.join("search-index.bin")).unwrap()).into_owned();
    assert!(index.contains("/cy/cyfeiriadur/talking-drop-in/") && index.contains("/en/directory/home-ed-group/"));

    let (ok, stdout, err) = porth(site.path(), &["check", "--now", NOW]);
    assert!(ok, "{stdout}{err}");
    // A year on, the entry reviewed on 1 October 2026 is overdue, named with its line.
    let (ok, _, err) = porth(site.path(), &["check", "--now", "2027-10-05T09:00"]);
    assert!(!ok);
    assert!(err.contains("home-ed-group.cy.md:5: the entry was due for review on 2027-10-01"), "{err}");
    assert!(!err.contains("talking-drop-in"), "{err}");
}

#[test]
fn a_broken_entry_is_a_check_problem_with_its_file_and_line() {
    let site = site();
    let f = site.path().join("directory/talking-drop-in.md");
    let t = std::fs::read_to_string(&f).unwrap().replace("postcode = \"WM2 1AB\"", "postcode = \"WM2\"");
    std::fs::write(&f, t).unwrap();
    let (ok, _, err) = porth(site.path(), &["check", "--now", NOW]);
    assert!(!ok);
    assert!(err.contains("talking-drop-in.md:32: postcode `WM2` is not a UK postcode"), "{err}");
    assert!(err.contains("talking-drop-in.cy.md") && err.contains("`locations` is not the same"), "{err}");
}

fn get(base: &str, path: &str) -> (u16, reqwest::header::HeaderMap, String) {
    let r = reqwest::blocking::get(format!("{base}{path}")).unwrap();
    let (status, headers) = (r.status().as_u16(), r.headers().clone());
    (status, headers, r.text().unwrap())
}

fn results(base: &str, path: &str) -> (Html, String) {
    let (status, _, body) = get(base, path);
    assert_eq!(status, 200, "{path}: {body}");
    let doc = Html::parse_document(&body);
    let main = text(&select(&doc, "main")[0]);
    (doc, main)
}

fn names(doc: &Html) -> Vec<String> {
    select(doc, ".porth-directory-results h3 a").iter().map(text).collect()
}

#[test]
fn the_results_page_filters_and_answers_any_query_with_a_page_in_its_language() {
    let site = site();
    let server = Server::start(site.path(), &["--output", site.path().join("public").to_str().unwrap(), "--now", NOW]);
    let base = &server.base;

    let (doc, _) = results(base, "/en/directory/results/?category=health");
    assert_eq!(names(&doc), ["Speech and language therapy drop-in"]);
    assert!(!select(&doc, "input[name=category][value=health][checked]").is_empty(), "the form shows what was chosen");
    let toggle = select(&doc, "a[hreflang=cy], a[lang=cy]");
    assert!(
        toggle.iter().any(|a| a.value().attr("href") == Some("/cy/cyfeiriadur/canlyniadau/?categori=health")),
        "the toggle keeps the query, in the Welsh page's own parameter names"
    );
    let (doc, _) = results(base, "/cy/cyfeiriadur/canlyniadau/?day=TH");
    assert_eq!(names(&doc), ["Cyfarfod addysg yn y cartref"]);
    let (doc, main) = results(base, "/en/directory/results/?postcode=wm2+1ab");
    assert_eq!(names(&doc).len(), 2);
    assert!(main.contains("Showing services in Cwmteg"), "{main}");
    let (doc, _) = results(base, "/en/directory/results/?area=aberteg&free=yes");
    assert!(names(&doc).is_empty());

    // Malformed: a GOV.UK error message and summary, in the page's language.
    let (doc, main) = results(base, "/cy/cyfeiriadur/canlyniadau/?age=abc");
    assert!(text(&select(&doc, "title")[0]).starts_with("Gwall:"));
    assert!(text(&select(&doc, ".govuk-error-summary")[0]).contains("Rhowch oedran mewn blynyddoedd"), "{main}");
    assert_eq!(select(&doc, "#directory-age")[0].value().attr("value"), Some("abc"), "what was typed is kept");
    let (doc, _) = results(base, "/en/directory/results/?postcode=hello");
    assert!(text(&select(&doc, "#directory-postcode-error")[0]).contains("Enter a postcode"));
    // Unknown values and parameters, repeats, a 10 KB value, bytes that are not UTF-8.
    let (_, main) = results(base, "/en/directory/results/?category=nope&colour=blue");
    assert!(main.contains("There is no category ‘nope’") && main.contains("‘colour’, which is not a filter"), "{main}");
    let (_, main) = results(base, "/cy/cyfeiriadur/canlyniadau/?postcode=ZZ9+9ZZ");
    assert!(main.contains("Nid ydym yn adnabod ardal cod post ZZ9"), "{main}");
    let (doc, main) = results(base, "/en/directory/results/?age=3&age=9");
    assert!(main.contains("gave ‘age’ more than once"), "{main}");
    assert_eq!(names(&doc), ["Speech and language therapy drop-in"]);
    let (_, main) = results(base, &format!("/en/directory/results/?need={}", "x".repeat(10 * 1024)));
    assert!(main.contains("was too long to be a filter"), "{main}");
    let (doc, _) = results(base, "/en/directory/results/?%ff=%fe&category=home-education&page=99");
    assert_eq!(names(&doc), ["Home education meet-up"]);
    // Nothing found: what to try next, and how to reach the team.
    let (doc, main) = results(base, "/en/directory/results/?category=health&age=25");
    assert!(names(&doc).is_empty());
    assert!(main.contains("No services match all of these filters") && main.contains("contact the team"), "{main}");
    assert!(
        !select(&doc, "main a[href^=\"tel:\"]").is_empty() && !select(&doc, "main a[href^=\"mailto:\"]").is_empty()
    );
    // Search marks entries as services.
    let (_, _, body) = get(base, "/en/search/?q=talking");
    assert!(body.contains("/en/directory/talking-drop-in/") && body.contains(">Service<"), "{body}");
}

/// Validates each (schema file, document) pair with Python's `jsonschema` (Draft 2020-12,
/// formats checked: uuid, email, date-time), the reference implementation of JSON
/// Schema; every error is returned with where it is. (A Rust validator crate as a
/// dev-dependency changed the features of shared crates and rebuilt most of the tree on this
/// 2-core machine; Python's is installed with the test tools.)
fn validate(pairs: &[(&str, &serde_json::Value)]) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let list: Vec<serde_json::Value> = pairs
        .iter()
        .enumerate()
        .map(|(i, (schema, doc))| {
            let path = dir.path().join(format!("{i}.json"));
            std::fs::write(&path, serde_json::to_string(doc).unwrap()).unwrap();
            serde_json::json!([repo().join("tests/fixtures/openreferral").join(schema), path])
        })
        .collect();
    let script = r#"
import json, sys
from jsonschema import Draft202012Validator, FormatChecker
errors = []
for schema_path, doc_path in json.load(sys.stdin):
    schema = json.load(open(schema_path))
    doc = json.load(open(doc_path))
    v = Draft202012Validator(schema, format_checker=FormatChecker())
    for e in v.iter_errors(doc):
        errors.append(f"{schema_path.split('/')[-1]}: {e.message} at /{'/'.join(map(str, e.absolute_path))}")
print(json.dumps(errors))
"#;
    let mut child = std::process::Command::new("python3")
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("python3 with jsonschema (apt: python3-jsonschema)");
    use std::io::Write;
    child.stdin.take().unwrap().write_all(serde_json::to_string(&list).unwrap().as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "the validator did not run");
    serde_json::from_slice(&out.stdout).unwrap()
}

fn json(base: &str, path: &str) -> serde_json::Value {
    let (status, headers, body) = get(base, path);
    assert_eq!(status, 200, "{path}: {body}");
    assert_eq!(headers.get("access-control-allow-origin").map(|v| v.to_str().unwrap()), Some("*"), "{path}");
    serde_json::from_str(&body).unwrap()
}

#[test]
fn open_referral_uk_output_validates_and_imports_back_field_for_field() {
    let site = site();
    let server = Server::start(site.path(), &["--output", site.path().join("public").to_str().unwrap(), "--now", NOW]);
    let base = &server.base;
    let mut checks: Vec<(&str, serde_json::Value)> = vec![];

    let list = json(base, "/openreferral/v3/services?per_page=100");
    assert_eq!(
        (list["total_items"].as_u64(), list["page_number"].as_u64(), list["first_page"].as_bool()),
        (Some(2), Some(1), Some(true))
    );
    let mut full = vec![];
    for item in list["contents"].as_array().unwrap() {
        checks.push(("service_list.json", item.clone()));
        let one = json(base, &format!("/openreferral/v3/services/{}", item["id"].as_str().unwrap()));
        checks.push(("service.json", one.clone()));
        full.push(one);
    }
    let drop_in = full.iter().find(|s| s["name"] == "Speech and language therapy drop-in").unwrap();
    assert_eq!(drop_in["schedules"][0]["byday"], "TU");
    assert_eq!(drop_in["service_at_locations"][0]["location"]["addresses"][0]["postal_code"], "WM2 1AB");

    let orgs = json(base, "/openreferral/v3/organizations");
    for o in orgs["contents"].as_array().unwrap() {
        checks.push(("organization_list.json", o.clone()));
        checks.push((
            "organization.json",
            json(base, &format!("/openreferral/v3/organizations/{}", o["id"].as_str().unwrap())),
        ));
    }
    let sal = json(base, "/openreferral/v3/service_at_locations?postcode=WM2");
    assert_eq!(sal["total_items"], 1);
    for s in sal["contents"].as_array().unwrap() {
        checks.push(("service_at_location_list.json", s.clone()));
    }
    assert_eq!(checks.len(), 2 + 2 + 2 + 2 + 1);
    let pairs: Vec<(&str, &serde_json::Value)> = checks.iter().map(|(s, d)| (*s, d)).collect();
    let errors = validate(&pairs);
    assert!(errors.is_empty(), "{errors:#?}");
    // The validator does find a mistake: a service without its required `status`, a bad id.
    let mut broken = full[0].clone();
    broken.as_object_mut().unwrap().remove("status");
    broken["id"] = "not-a-uuid".into();
    let errors = validate(&[("service.json", &broken)]);
    assert!(errors.iter().any(|e| e.contains("'status' is a required property")), "{errors:#?}");
    assert!(errors.iter().any(|e| e.contains("not-a-uuid")), "{errors:#?}");
    assert_eq!(json(base, "/openreferral/v3/service_at_locations?postcode=WM9+1AA")["total_items"], 0);

    let terms = json(base, "/openreferral/v3/taxonomy_terms?per_page=100");
    let health = terms["contents"].as_array().unwrap().iter().find(|t| t["term"] == "health").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let by_term = json(base, &format!("/openreferral/v3/services?taxonomy_term_id={health}"));
    assert_eq!(by_term["total_items"], 1);
    assert_eq!(json(base, "/openreferral/v3/services?minimum_age=10")["contents"][0]["name"], "Home education meet-up");
    assert_eq!(json(base, "/openreferral/v3/services?maximum_age=3")["total_items"], 1);
    assert_eq!(json(base, "/openreferral/v3/services?search=talking")["total_items"], 1);
    assert_eq!(json(base, "/openreferral/v3/taxonomies")["total_items"], 3);
    assert_eq!(json(base, "/openreferral/v3/services?per_page=1&page=2")["last_page"], true);
    for bad in [
        "/openreferral/v3/services?page=abc",
        "/openreferral/v3/services?per_page=0&per_page=1",
        "/openreferral/v3/services/nope",
    ] {
        let (status, headers, body) = get(base, bad);
        assert!(status == 400 || status == 404, "{bad}: {status}");
        assert_eq!(headers.get("access-control-allow-origin").unwrap(), "*", "{bad}");
        assert!(serde_json::from_str::<serde_json::Value>(&body).unwrap()["message"].is_string(), "{bad}");
    }

    // Porth's own feed imports back to the same fields.
    let export = site.path().join("export.json");
    std::fs::write(&export, serde_json::to_string(&full).unwrap()).unwrap();
    let into = site.path().join("imported");
    let (ok, stdout, err) =
        porth(site.path(), &["directory", "import", export.to_str().unwrap(), "--into", into.to_str().unwrap()]);
    assert!(ok, "{stdout}{err}");
    for (original, imported) in [
        ("talking-drop-in.md", "speech-and-language-therapy-drop-in.md"),
        ("home-ed-group.md", "home-education-meet-up.md"),
    ] {
        let (a_front, a_body) = front(&site.path().join("directory").join(original));
        let (b_front, b_body) = front(&into.join(imported));
        assert_eq!(a_front, b_front, "{original}: every field Porth keeps comes back");
        assert_eq!(a_body, b_body, "{original}: the description comes back");
    }
}

/// An entry file's front matter as TOML, and its body.
fn front(path: &PathBuf) -> (toml::Table, String) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let rest = text.strip_prefix("+++\n").unwrap();
    let (fm, body) = rest.split_once("\n+++\n").unwrap();
    (toml::from_str(fm).unwrap(), body.trim().to_string())
}

#[test]
fn the_uk_profiles_own_example_imports_with_what_could_not_be_mapped_listed() {
    let dir = tempfile::tempdir().unwrap();
    for example in ["example_service_full.json", "example_service_list.json"] {
        let into = dir.path().join(example);
        let file = repo().join("tests/fixtures/openreferral").join(example);
        let (ok, stdout, err) =
            porth(dir.path(), &["directory", "import", file.to_str().unwrap(), "--into", into.to_str().unwrap()]);
        assert!(ok, "{stdout}{err}");
        assert!(stdout.contains("Imported 1 service"), "{stdout}");
        assert!(
            stdout.contains("`fees` is not something Porth keeps") && stdout.contains("`accreditations`"),
            "{stdout}"
        );
        let (f, body) = front(&into.join("community-counselling.md"));
        assert_eq!(f["name"].as_str(), Some("Community Counselling"));
        assert_eq!(f["email"].as_str(), Some("email@example.com"));
        assert_eq!(f["eligibility"]["min_age"].as_integer(), Some(12));
        assert_eq!(f["organisation"]["name"].as_str(), Some("Example Organization Inc."));
        assert!(body.is_empty());
        if example == "example_service_full.json" {
            assert!(stdout.contains("bymonthday"), "{stdout}");
            assert_eq!(f["schedules"][0]["byday"].as_array().unwrap().len(), 2);
            assert_eq!(f["schedules"][0]["opens_at"].as_str(), Some("10:00"));
            assert_eq!(f["locations"][0]["postcode"].as_str(), Some("ABC 1234"));
            assert_eq!(f["cost"]["free"].as_bool(), Some(false));
            assert!(f["cost"]["description"].as_str().unwrap().contains("£35.00"));
            assert_eq!(f["categories"][0].as_str(), Some("name"));
        }
    }
    let (ok, _, err) = porth(dir.path(), &["directory", "import", "/nonexistent.json"]);
    assert!(!ok && err.contains("cannot read"), "{err}");
}

/// The English site (sites/england) with the shared templates, and `extra` written in.
fn england(extra: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("sites/england");
    common::copy_tree(&repo().join("sites/england"), &site);
    for sub in ["templates", "static"] {
        common::copy_tree(&repo().join(sub), &dir.path().join(sub));
    }
    // The site's own directory and comments make way for the test's, so it pins what it wrote.
    if extra.iter().any(|(rel, _)| rel.starts_with("directory/")) {
        std::fs::remove_dir_all(site.join("directory")).unwrap();
    }
    let comments = site.join("content/local-offer/you-said-we-did");
    if extra.iter().any(|(rel, _)| rel.contains("you-said-we-did/") && !rel.ends_with("_index.md")) && comments.exists()
    {
        for entry in std::fs::read_dir(&comments).unwrap() {
            let path = entry.unwrap().path();
            if path.file_name().is_some_and(|n| n != "_index.md") {
                std::fs::remove_file(path).unwrap();
            }
        }
    }
    for (rel, text) in extra {
        let path = site.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        if !path.exists() || !rel.ends_with("_index.md") || rel.contains("you-said-we-did") {
            std::fs::write(path, text).unwrap();
        }
    }
    dir
}

#[test]
fn you_said_we_did_lists_each_comment_and_response_newest_first() {
    let comment = |title: &str, received: &str, responded: &str, comment: &str, body: &str| {
        format!(
            "+++\ntitle = \"{title}\"\n\n[extra]\nreceived = {received}\nresponded = {responded}\ncomment = \"{comment}\"\n+++\n\n{body}\n"
        )
    };
    let older = comment(
        "Short breaks in the holidays",
        "2026-03-02",
        "2026-04-10",
        "There were no short breaks in the Easter holidays.",
        "We added two holiday clubs at Westmere Leisure Centre.",
    );
    let newer = comment(
        "Finding the transport policy",
        "2026-09-14",
        "2026-10-01",
        "The transport policy was hard to find.",
        "We linked it from the **Local Offer** home page.",
    );
    let dir = england(&[
        ("content/local-offer/_index.md", "+++\ntitle = \"Local Offer\"\n+++\n\nOur Local Offer.\n"),
        (
            "content/local-offer/you-said-we-did/_index.md",
            "+++\ntitle = \"You said, we did\"\ntemplate = \"you-said-we-did.html\"\n+++\n\nComments on our Local Offer and what we did.\n",
        ),
        ("content/local-offer/you-said-we-did/easter-short-breaks.md", &older),
        ("content/local-offer/you-said-we-did/transport-policy.md", &newer),
    ]);
    let site = dir.path().join("sites/england");
    let out = dir.path().join("public");
    let (ok, _, err) = porth(&site, &["build", "--output", out.to_str().unwrap(), "--now", NOW]);
    assert!(ok, "{err}");
    let doc = page(&out.join("en/local-offer/you-said-we-did/index.html"));
    let titles: Vec<String> = select(&doc, "main section h2").iter().map(text).collect();
    assert_eq!(titles, ["Finding the transport policy", "Short breaks in the holidays"]);
    let main = text(&select(&doc, "main")[0]);
    assert!(
        main.contains("Comment received on 14 September 2026") && main.contains("Our response, 1 October 2026"),
        "{main}"
    );
    assert!(main.contains("The transport policy was hard to find."), "{main}");
    assert_eq!(text(&select(&doc, "main section strong")[0]), "Local Offer", "the response's Markdown is rendered");
}

#[test]
fn the_english_site_has_its_directory_in_english_only() {
    let taxonomy = "[categories.home-education]\nen = \"Home education\"\n\n[categories.support-groups]\nen = \"Support groups\"\n";
    let entry = std::fs::read_to_string(repo().join("tests/fixtures/directory/directory/home-ed-group.md")).unwrap();
    let dir = england(&[("directory/taxonomy.toml", taxonomy), ("directory/home-ed-group.md", &entry)]);
    let site = dir.path().join("sites/england");
    let out = dir.path().join("public");
    let (ok, _, err) = porth(&site, &["build", "--output", out.to_str().unwrap(), "--now", NOW]);
    assert!(ok, "{err}");
    assert!(!out.join("cy").exists());
    let server = Server::start(&site, &["--output", out.to_str().unwrap(), "--now", NOW]);
    let (status, _, body) = get(&server.base, "/en/directory/home-ed-group/");
    assert_eq!(status, 200, "{body}");
    let doc = Html::parse_document(&body);
    assert!(select(&doc, ".lang-toggle").is_empty(), "no toggle on a one-language site");
    drop(server);
    let landing = page(&out.join("en/directory/index.html"));
    assert!(select(&landing, "input[name=welsh]").is_empty(), "no Welsh-provision filter in England");
    let (ok, stdout, err) = porth(&site, &["check", "--now", NOW]);
    assert!(ok, "{stdout}{err}");
}
