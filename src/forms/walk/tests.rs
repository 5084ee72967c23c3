//! The shapes of form the engine cannot run, each refused at its line by the loader or by
//! `porth check`'s walk, and the shipped forms walked clean.

use super::*;
use crate::forms::model::Forms;
use crate::lang::Lang;
use crate::problems::ProblemReport;
use std::path::Path;
use time::macros::date;

const TODAY: Date = date!(2026 - 12 - 07);

/// A form with one of everything: a choice, a repeat group and its add-another page, and an
/// upload page. Each test changes one thing.
const BASE: &str = r#"prefix = "t"
reference = "TST"
slug = { en = "test", cy = "prawf" }
contact = "email"
info_page = "index.md"

[[pages]]
id = "who"
slug = { en = "who", cy = "pwy" }

[[pages.fields]]
name = "who"
kind = "radios"
options = ["parent", "school"]

[[pages]]
id = "child"
slug = { en = "child", cy = "plentyn" }
repeat = true

[[pages.fields]]
name = "child-name"
kind = "text"

[[pages]]
id = "children"
slug = { en = "children", cy = "plant" }
kind = "add-another"
list_label = ["child-name"]

[[pages.fields]]
name = "another"
kind = "radios"
options = ["yes", "no"]

[[pages]]
id = "documents"
slug = { en = "documents", cy = "dogfennau" }
kind = "upload"

[[sections]]
name = "main"
pages = ["who", "child", "documents"]
"#;

/// The section a test's added page `extra` is shown in.
const EXTRA_SECTION: &str = "\n[[sections]]\nname = \"extra\"\npages = [\"extra\"]\n";

/// Loads one form file in a site folder of its own, as `name.toml`.
fn load_in(name: &str, text: &str, langs: &[Lang], council: &[&str]) -> Result<Forms, Vec<Problem>> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("forms")).unwrap();
    std::fs::write(dir.path().join("forms").join(format!("{name}.toml")), text).unwrap();
    let keys: BTreeSet<String> = council.iter().map(|s| s.to_string()).collect();
    Forms::load(dir.path(), langs, &keys).map_err(|e| e.downcast::<ProblemReport>().expect("a problem report").0)
}

fn load(text: &str) -> Result<Forms, Vec<Problem>> {
    load_in("test", text, &Lang::ALL, &["email"])
}

/// The line a piece of the file starts on (1-based), to pin where a problem is reported.
fn line_of(text: &str, piece: &str) -> usize {
    text[..text.find(piece).unwrap_or_else(|| panic!("`{piece}` in the form"))].lines().count() + 1
}

/// The problems the loader finds, as (line, message).
fn refused(text: &str) -> Vec<(usize, String)> {
    load(text).expect_err("the form file is refused").into_iter().map(|p| (p.line, p.message)).collect()
}

/// The problems the walk finds in a form the loader accepts.
fn walked(text: &str) -> Vec<(usize, String)> {
    let forms = load(text).unwrap_or_else(|p| panic!("the loader accepts it: {p:?}"));
    walk(&forms.list[0], TODAY).into_iter().map(|p| (p.line, p.message)).collect()
}

/// The `[council]` details a site's config.toml gives in one language (shared ones, and the
/// language's own table), read here without the generator's config loader.
fn council_keys(site: &Path, lang: Lang) -> BTreeSet<String> {
    let config: toml::Table = toml::from_str(&std::fs::read_to_string(site.join("config.toml")).unwrap()).unwrap();
    let council = config["council"].as_table().unwrap();
    let shared = council.iter().filter(|(_, v)| !v.is_table()).map(|(k, _)| k.clone());
    let own = council[lang.code()].as_table().unwrap().keys().cloned();
    shared.chain(own).collect()
}

fn one_at(found: Vec<(usize, String)>, line: usize, says: &str) {
    assert!(found.iter().any(|(l, m)| *l == line && m.contains(says)), "`{says}` at line {line} in {found:?}");
}

#[test]
fn the_base_form_loads_and_walks_clean() {
    let forms = load(BASE).unwrap();
    let g = forms.list[0].group.as_ref().unwrap();
    assert_eq!(
        (g.items.as_str(), g.field.as_str(), g.more.as_str(), g.done.as_str()),
        ("children", "another", "yes", "no")
    );
    assert_eq!(walked(BASE), []);
}

#[test]
fn a_second_repeat_group_is_refused_at_its_first_page() {
    let text = format!(
        "{BASE}\n[[pages]]\nid = \"extra\"\nslug = {{ en = \"pet\", cy = \"anifail\" }}\nrepeat = true\n\n[[pages.fields]]\nname = \"pet\"\nkind = \"text\"\n{EXTRA_SECTION}"
    );
    one_at(refused(&text), line_of(&text, "id = \"extra\""), "starts a second repeat group");
}

#[test]
fn a_second_upload_page_is_refused() {
    let text = format!(
        "{BASE}\n[[pages]]\nid = \"extra\"\nslug = {{ en = \"more\", cy = \"mwy\" }}\nkind = \"upload\"\n{EXTRA_SECTION}"
    );
    one_at(refused(&text), line_of(&text, "id = \"extra\""), "second upload page");
}

#[test]
fn an_add_another_page_that_does_not_follow_the_repeat_group_is_refused() {
    // A question page between the repeated page and the add-another page.
    let text = BASE.replace(
        "[[pages]]\nid = \"children\"",
        "[[pages]]\nid = \"extra\"\nslug = { en = \"gap\", cy = \"bwlch\" }\n\n[[pages.fields]]\nname = \"gap\"\nkind = \"text\"\n\n[[pages]]\nid = \"children\"",
    ) + EXTRA_SECTION;
    one_at(refused(&text), line_of(&text, "id = \"children\""), "does not follow the repeated pages");
    // And an add-another page with no repeated pages at all.
    let text = BASE.replace("repeat = true\n", "");
    one_at(refused(&text), line_of(&text, "id = \"children\""), "does not follow the repeated pages");
}

#[test]
fn repeated_pages_without_an_add_another_page_are_refused() {
    let start = BASE.find("[[pages]]\nid = \"children\"").unwrap();
    let end = BASE.find("[[pages]]\nid = \"documents\"").unwrap();
    let text = format!("{}{}", &BASE[..start], &BASE[end..]);
    one_at(refused(&text), line_of(&text, "id = \"child\""), "no add-another page follows them");
}

#[test]
fn an_add_another_page_must_ask_one_question_with_two_answers() {
    let text = BASE.replace("options = [\"yes\", \"no\"]", "options = [\"yes\", \"no\", \"maybe\"]");
    one_at(refused(&text), line_of(&text, "id = \"children\""), "one question with two answers");
}

#[test]
fn an_upload_page_first_is_refused() {
    let text = BASE.replace(
        "id = \"who\"\nslug = { en = \"who\", cy = \"pwy\" }\n",
        "id = \"who\"\nslug = { en = \"who\", cy = \"pwy\" }\nkind = \"upload\"\n",
    );
    let found = refused(&text);
    one_at(found, line_of(&text, "id = \"who\""), "is the form's first page");
}

#[test]
fn the_add_another_question_and_its_answers_are_the_form_files_own() {
    let text = BASE
        .replace(
            "name = \"another\"\nkind = \"radios\"\noptions = [\"yes\", \"no\"]",
            "name = \"more-children\"\nkind = \"radios\"\noptions = [\"oes\", \"nac-oes\"]",
        )
        .replace("list_label = [\"child-name\"]", "list_label = [\"child-name\"]\nitems = \"kids\"");
    let forms = load(&text).unwrap();
    let f = &forms.list[0];
    assert_eq!(engine::another(f, Some("oes")), engine::Another::More);
    assert_eq!(engine::another(f, Some("nac-oes")), engine::Another::Done);
    assert_eq!(engine::another(f, Some("yes")), engine::Another::Missing, "not the old hard-coded answer");
    let mut state = FormState::default();
    let first = engine::add_item(f, &mut state).expect("a second child has a page");
    assert_eq!((first.page.id.as_str(), first.n), ("child", 2));
    assert_eq!(serde_json::to_value(&state).unwrap()["kids"], 2);
    assert!(f.keys().iter().any(|(k, _)| k == "t-more-children-error-missing"));
    assert_eq!(walked(&text), []);
}

/// The edit from the issue: one ordinary `when` on the EHC request's repeated support page.
/// `porth check` passed it and a parent's "yes, add another" then panicked; now the form
/// file's line is named.
#[test]
fn a_when_on_the_ehc_requests_repeated_support_page_is_refused_at_its_line() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("sites/england");
    let original = std::fs::read_to_string(root.join("forms/ehc-request.toml")).unwrap();
    let keys: Vec<String> = council_keys(&root, Lang::En).into_iter().collect();
    let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
    assert!(load_in("ehc-request", &original, &[Lang::En], &keys).is_ok(), "the shipped form loads");
    let anchor = "id = \"support\"\nslug = { en = \"support\" }\n";
    let edited = original.replace(anchor, &format!("{anchor}when = {{ field = \"who\", is = [\"parent\"] }}\n"));
    assert_ne!(edited, original);
    let problems = load_in("ehc-request", &edited, &[Lang::En], &keys).expect_err("refused");
    // The line after the page's id and slug (the same `when` is used elsewhere in the form).
    let line = line_of(&edited, anchor) + 2;
    assert!(
        problems.iter().any(|p| p.line == line
            && p.file.ends_with("forms/ehc-request.toml")
            && p.message.contains("first page asked for each item")),
        "{problems:?}"
    );
}

#[test]
fn a_page_no_answers_reach_is_found_by_the_walk() {
    let text = format!(
        "{BASE}\n[[pages]]\nid = \"extra\"\nslug = {{ en = \"extra\", cy = \"ychwanegol\" }}\nwhen = {{ field = \"who\", is = [\"grandparent\"] }}\n\n[[pages.fields]]\nname = \"extra\"\nkind = \"text\"\n{EXTRA_SECTION}"
    );
    one_at(walked(&text), line_of(&text, "when = { field = \"who\", is = [\"grandparent\"] }"), "is never asked");
}

#[test]
fn a_page_that_cannot_be_passed_is_found_by_the_walk() {
    // Only parents can answer, and the answer "parent" is only allowed for schools.
    let text = BASE.replace("options = [\"parent\", \"school\"]", "options = [\"parent\"]\n\n[[pages.rules]]\nrule = \"allowed-when\"\nfield = \"who\"\nvalue = \"parent\"\nwhen = { field = \"who\", is = [\"school\"] }\nerror = \"schools-only\"");
    one_at(walked(&text), line_of(&text, "id = \"who\""), "cannot be passed");
}

#[test]
fn a_walk_is_bounded() {
    // Thirteen independent yes/no questions that each decide a page: 2^13 > 4096.
    let mut text = BASE.to_string();
    let mut pages = vec![];
    for i in 0..13 {
        text.push_str(&format!(
            "\n[[pages]]\nid = \"q{i}\"\nslug = {{ en = \"q{i}\", cy = \"c{i}\" }}\nwhen = {{ field = \"a{i}\", is = [\"yes\"] }}\n\n[[pages.fields]]\nname = \"a{i}\"\nkind = \"radios\"\noptions = [\"yes\", \"no\"]\n"
        ));
        pages.push(format!("\"q{i}\""));
    }
    text.push_str(&format!("\n[[sections]]\nname = \"more\"\npages = [{}]\n", pages.join(", ")));
    let found = walked(&text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].1.contains("more combinations of answers than `porth check` walks (4096)"), "{found:?}");
}

/// Every shipped form, in both sites, walks clean (`porth check` runs the same walk).
#[test]
fn the_shipped_forms_walk_clean() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (site, langs) in [(root.to_path_buf(), &Lang::ALL[..]), (root.join("sites/england"), &[Lang::En][..])] {
        let keys = council_keys(&site, langs[0]);
        let forms = Forms::load(&site, langs, &keys).unwrap();
        assert!(!forms.list.is_empty());
        for f in &forms.list {
            let found = walk(f, TODAY);
            assert!(found.is_empty(), "{}: {found:?}", f.file.display());
        }
    }
}
