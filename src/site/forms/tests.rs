//! Form files: a mistake is reported with the file, the line and a fix, all at once.

use super::*;

const GOOD: &str = r#"prefix = "t"
reference = "TST"
slug = { en = "test", cy = "prawf" }
contact = "email"
info_page = "index.md"
sender_email = ["email"]

[[pages]]
id = "you"
slug = { en = "you", cy = "chi" }

[[pages.fields]]
name = "who"
kind = "radios"
options = ["parent", "school"]

[[pages.fields]]
name = "email"
kind = "email"
when = { field = "who", is = ["parent"] }

[[sections]]
name = "you"
pages = ["you"]
"#;

fn load(text: &str) -> Result<Forms, Vec<Problem>> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("test.toml"), text).unwrap();
    let keys: BTreeSet<String> = ["email".to_string()].into();
    Forms::load(dir.path(), &Lang::ALL, &keys).map_err(|e| e.downcast::<ProblemReport>().expect("a problem report").0)
}

fn problems(text: &str) -> Vec<(usize, String)> {
    load(text).err().expect("the form file is refused").into_iter().map(|p| (p.line, p.message)).collect()
}

#[test]
fn a_good_form_loads_with_its_identity_and_urls() {
    let forms = load(GOOD).unwrap();
    let f = forms.get(&FormId::new("test")).unwrap();
    assert_eq!(f.start_url(Lang::Cy), "/cy/ffurflenni/prawf/");
    assert_eq!(f.start_url(Lang::En), "/en/forms/test/");
    assert_eq!(forms.by_placeholder("test").unwrap().id, f.id);
    let keys: Vec<String> = f.keys().into_iter().map(|(k, _)| k).collect();
    for k in ["t-who", "t-who-parent", "t-who-error-missing", "t-email", "t-section-you", "t-you-title", "email-form-test"] {
        assert!(keys.contains(&k.to_string()), "{k} in {keys:?}");
    }
}

#[test]
fn an_unknown_key_names_its_line() {
    let text = GOOD.replace("kind = \"email\"", "kind = \"email\"\nlable = \"E-mail\"");
    let p = problems(&text);
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!(p[0].0, 20, "the line of the unknown key");
    assert!(p[0].1.contains("lable"), "{p:?}");
}

#[test]
fn a_condition_on_a_field_that_does_not_exist_is_refused() {
    let text = GOOD.replace("field = \"who\", is", "field = \"whom\", is");
    let p = problems(&text);
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!(p[0].0, 18, "the line of the field with the condition");
    assert!(p[0].1.contains("`whom`"), "{p:?}");
}

#[test]
fn a_page_in_no_section_and_a_missing_slug_are_both_reported() {
    let text = GOOD.replace("pages = [\"you\"]", "pages = []").replace("slug = { en = \"you\", cy = \"chi\" }", "slug = { en = \"you\" }");
    let p = problems(&text);
    assert_eq!(p.len(), 2, "{p:?}");
    assert!(p.iter().any(|(l, m)| *l == 9 && m.contains("no slug in Cymraeg")), "{p:?}");
    assert!(p.iter().any(|(l, m)| *l == 9 && m.contains("in no section")), "{p:?}");
}

#[test]
fn follow_ups_must_name_an_answer_and_rules_must_exist() {
    let text = GOOD.replace(
        "[[sections]]",
        "[[pages.fields.reveal]]\nunder = \"teacher\"\nname = \"role\"\nkind = \"text\"\n\n[[pages.rules]]\nrule = \"sometimes\"\nerror = \"x\"\n\n[[sections]]",
    );
    let p = problems(&text);
    assert!(p.iter().any(|(_, m)| m.contains("does not name an answer")), "{p:?}");
    assert!(p.iter().any(|(_, m)| m.contains("no rule called `sometimes`")), "{p:?}");
}

#[test]
fn a_contact_that_is_not_a_council_detail_is_refused() {
    let p = problems(&GOOD.replace("contact = \"email\"", "contact = \"emial\""));
    assert_eq!(p[0].0, 4);
    assert!(p[0].1.contains("`emial`"), "{p:?}");
}

#[test]
fn conditions_hold_on_a_value_on_its_absence_or_on_any_answer() {
    let is = Condition { field: "x".into(), is: vec!["a".into()], not: vec![] };
    let not = Condition { field: "x".into(), is: vec![], not: vec!["a".into()] };
    let any = Condition { field: "x".into(), is: vec![], not: vec![] };
    assert!(is.holds("a") && !is.holds("b") && !is.holds(""));
    assert!(!not.holds("a") && not.holds("b") && not.holds(""));
    assert!(any.holds("b") && !any.holds(" "));
}

#[test]
fn clocks_group_due_rules_and_bad_clocks_are_reported() {
    let text = format!("{GOOD}\n[[due]]\nname = \"decide\"\nclock = \"decision\"\nweeks = 6\n\n[[due]]\nname = \"final\"\nclock = \"final-plan\"\nweeks = 20\n\n[[due]]\nname = \"other\"\nweeks = 12\n");
    let forms = load(&text).unwrap();
    let f = &forms.list[0];
    assert_eq!(f.clocks(), ["decision", "final-plan", "response"]);
    assert_eq!(f.due[1].weeks, 20);
    let bad = format!("{GOOD}\n[[due]]\nname = \"a\"\nclock = \"Final Plan\"\nweeks = 6\n\n[[due]]\nname = \"a\"\nweeks = 200\n");
    let p = problems(&bad);
    assert!(p.iter().any(|(_, m)| m.contains("clock name `Final Plan`")), "{p:?}");
    assert!(p.iter().any(|(_, m)| m.contains("`a` is defined twice")), "{p:?}");
    assert!(p.iter().any(|(_, m)| m.contains("runs for 200 weeks")), "{p:?}");
}
