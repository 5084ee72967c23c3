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
    load_with_terms(text, None)
}

/// A site folder with one form file, and a term-date file when `terms` is given.
fn load_with_terms(text: &str, terms: Option<&str>) -> Result<Forms, Vec<Problem>> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("forms")).unwrap();
    std::fs::write(dir.path().join("forms/test.toml"), text).unwrap();
    if let Some(t) = terms {
        std::fs::write(dir.path().join("term-dates.toml"), t).unwrap();
    }
    let keys: BTreeSet<String> = ["email".to_string()].into();
    Forms::load(dir.path(), &Lang::ALL, &keys).map_err(|e| e.downcast::<ProblemReport>().expect("a problem report").0)
}

fn problems(text: &str) -> Vec<(usize, String)> {
    load(text).expect_err("the form file is refused").into_iter().map(|p| (p.line, p.message)).collect()
}

#[test]
fn a_good_form_loads_with_its_identity_and_urls() {
    let forms = load(GOOD).unwrap();
    let f = forms.get(&FormId::new("test")).unwrap();
    assert_eq!(f.start_url(Lang::Cy), "/cy/ffurflenni/prawf/");
    assert_eq!(f.start_url(Lang::En), "/en/forms/test/");
    assert_eq!(forms.by_placeholder("test").unwrap().id, f.id);
    let keys: Vec<String> = f.keys().into_iter().map(|(k, _)| k).collect();
    for k in
        ["t-who", "t-who-parent", "t-who-error-missing", "t-email", "t-section-you", "t-you-title", "email-form-test"]
    {
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
    let text = GOOD
        .replace("pages = [\"you\"]", "pages = []")
        .replace("slug = { en = \"you\", cy = \"chi\" }", "slug = { en = \"you\" }");
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
    let text = format!(
        "{GOOD}\n[[due]]\nname = \"decide\"\nclock = \"decision\"\nweeks = 6\n\n[[due]]\nname = \"final\"\nclock = \"final-plan\"\nweeks = 20\n\n[[due]]\nname = \"other\"\nweeks = 12\n"
    );
    let forms = load(&text).unwrap();
    let f = &forms.list[0];
    assert_eq!(f.clocks(), ["decision", "final-plan", "response"]);
    assert!(matches!(f.due[1].span, Span::Weeks(20)), "{:?}", f.due[1].span);
    let bad = format!(
        "{GOOD}\n[[due]]\nname = \"a\"\nclock = \"Final Plan\"\nweeks = 6\n\n[[due]]\nname = \"a\"\nweeks = 200\n"
    );
    let p = problems(&bad);
    assert!(p.iter().any(|(_, m)| m.contains("clock name `Final Plan`")), "{p:?}");
    assert!(p.iter().any(|(_, m)| m.contains("`a` is defined twice")), "{p:?}");
    assert!(p.iter().any(|(_, m)| m.contains("runs for 200 weeks")), "{p:?}");
}

/// A form with a date question, to count a clock from.
fn with_date() -> String {
    GOOD.replace(
        "[[sections]]",
        "[[pages.fields]]\nname = \"last-seen\"\nkind = \"date\"\nrule = \"past\"\n\n[[sections]]",
    )
}

const TERMS: &str = "[[terms]]\nstart = 2027-09-02\nend = 2027-12-17\n";

#[test]
fn school_day_and_calendar_clocks_load_and_count_from_an_answer_or_receipt() {
    let text = format!(
        "{}\n[[due]]\nname = \"enquiries\"\nclock = \"enquiries\"\nfrom = \"last-seen\"\nschool_days = 20\n\n[[due]]\nname = \"transfer\"\nclock = \"transfer\"\nby = \"15 February\"\n",
        with_date()
    );
    let forms = load_with_terms(&text, Some(TERMS)).unwrap();
    let f = &forms.list[0];
    assert_eq!(f.due[0].from.as_deref(), Some("last-seen"));
    // Friday 3 September 2027 + 20 school days: four whole weeks, Friday 1 October.
    assert_eq!(f.due[0].span.due(time::macros::date!(2027 - 09 - 03)), Ok(time::macros::date!(2027 - 10 - 01)));
    assert_eq!(f.due[1].span.due(time::macros::date!(2027 - 09 - 03)), Ok(time::macros::date!(2027 - 02 - 15)));
    // Started today, beyond the last term, `porth check` warns; a weeks clock never does.
    let warnings = forms.clock_warnings(time::macros::date!(2027 - 12 - 01));
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].message.contains("clock `enquiries` (20 school days) cannot be counted"), "{warnings:?}");
    assert!(forms.clock_warnings(time::macros::date!(2027 - 11 - 01)).is_empty());
}

#[test]
fn bad_clocks_name_their_line_and_school_days_need_term_dates() {
    let text = format!(
        "{}\n[[due]]\nname = \"a\"\nschool_days = 20\n\n[[due]]\nname = \"b\"\nby = \"30 February\"\n\n[[due]]\nname = \"c\"\nweeks = 6\nschool_days = 30\n\n[[due]]\nname = \"d\"\nweeks = 6\nfrom = \"who\"\n",
        with_date()
    );
    let p = problems(&text);
    let first = GOOD.lines().count() + 8;
    assert!(
        p.iter().any(|(l, m)| *l == first && m.contains("counts school days, but the site has no term dates")),
        "{first} {p:?}"
    );
    assert!(p.iter().any(|(_, m)| m.contains("`30 February` is not a day of the year")), "{p:?}");
    assert!(p.iter().any(|(_, m)| m.contains("`c` needs exactly one of")), "{p:?}");
    assert!(p.iter().any(|(_, m)| m.contains("counts from `who`, which is not a date")), "{p:?}");
    assert_eq!(p.len(), 4, "{p:?}");
}

#[test]
fn a_broken_term_date_file_is_reported_beside_the_forms() {
    let p = load_with_terms(GOOD, Some("[[terms]]\nstart = 2027-09-02\nend = 2027-08-02\n")).unwrap_err();
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(
        p[0].file.ends_with("term-dates.toml") && p[0].line == 2 && p[0].message.contains("ends before it starts"),
        "{p:?}"
    );
}
