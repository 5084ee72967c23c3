//! The engine against the site's real form files: the behaviour each form had when it was
//! Rust, pinned now that it is data.

use super::*;
use crate::forms::engine::{page_rules, set_items};
use crate::forms::model::Form;
use crate::forms::{FormId, Forms};
use crate::site::config::Config;
use std::path::Path;
use time::macros::date;

fn forms() -> Forms {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = Config::load(root).unwrap();
    Forms::load(root, &config.langs, &config.council_keys()).unwrap()
}

fn vals(pairs: &[(&str, &str)]) -> Values {
    pairs.iter().map(|(k, v)| (k.to_string(), vec![v.to_string()])).collect()
}

fn state(pages: &[(&str, &[(&str, &str)])]) -> FormState {
    FormState { pages: pages.iter().map(|(k, vs)| (k.to_string(), vals(vs))).collect(), ..Default::default() }
}

fn form<'a>(forms: &'a Forms, id: &str) -> &'a Form {
    forms.get(&FormId::new(id)).unwrap()
}

fn step<'f>(f: &'f Form, s: &FormState, id: &str) -> Step<'f> {
    steps(f, s).into_iter().find(|st| st.page.id == id).unwrap()
}

// ---- Home education ----

#[test]
fn special_school_question_only_follows_a_school() {
    let forms = forms();
    let he = form(&forms, "home-education");
    let s = state(&[("school#1", &[("attended", "no")])]);
    assert!(!steps(he, &s).iter().any(|st| st.page.id == "special"));
    let s = state(&[("school#1", &[("attended", "yes")])]);
    assert!(steps(he, &s).iter().any(|st| st.page.id == "special"));
}

#[test]
fn the_special_school_question_follows_each_childs_own_school() {
    let forms = forms();
    let he = form(&forms, "home-education");
    let mut s = state(&[("school#1", &[("attended", "no")]), ("school#2", &[("attended", "yes")])]);
    set_items(he, &mut s, 2);
    let special: Vec<usize> = steps(he, &s).iter().filter(|st| st.page.id == "special").map(|st| st.n).collect();
    assert_eq!(special, [2]);
}

#[test]
fn repeated_pages_come_once_per_child_before_the_family_pages() {
    let forms = forms();
    let he = form(&forms, "home-education");
    let mut s = state(&[]);
    set_items(he, &mut s, 2);
    let keys: Vec<String> = steps(he, &s).iter().map(|s| s.key()).collect();
    assert_eq!(keys[..6], ["child#1", "school#1", "aln#1", "child#2", "school#2", "aln#2"]);
    assert_eq!(keys[6], "children");
}

#[test]
fn parent_needs_an_email_or_a_phone() {
    let forms = forms();
    let he = form(&forms, "home-education");
    let today = date!(2026 - 11 - 23);
    let base = [
        ("parent-name", "Rhian"),
        ("parent-relationship", "Mam"),
        ("address-line-1", "1 Stryd"),
        ("address-town", "Aberteg"),
        ("address-postcode", "at1 1aa"),
        ("contact-language", "cy"),
    ];
    let s = state(&[("parent", &base)]);
    let st = step(he, &s, "parent");
    let errors = validate(he, &st, &s, today);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].key, "he-parent-email-error-contact");
    let mut with_phone = base.to_vec();
    with_phone.push(("parent-phone", "01632 960 001"));
    let s = state(&[("parent", &with_phone)]);
    assert!(validate(he, &st, &s, today).is_empty());
}

#[test]
fn follow_up_questions_are_only_checked_under_their_answer() {
    let forms = forms();
    let he = form(&forms, "home-education");
    let today = date!(2026 - 11 - 23);
    let s = state(&[("school#1", &[("attended", "no")])]);
    let st = step(he, &s, "school");
    assert!(validate(he, &st, &s, today).is_empty());
    let s = state(&[("school#1", &[("attended", "yes")])]);
    let keys: Vec<String> = validate(he, &st, &s, today).into_iter().map(|e| e.key).collect();
    assert_eq!(
        keys,
        ["he-school-name-error-missing", "he-written-notice-error-missing", "he-leave-date-error-missing"]
    );
}

#[test]
fn a_child_cannot_leave_school_before_they_were_born() {
    let forms = forms();
    let he = form(&forms, "home-education");
    let today = date!(2026 - 11 - 23);
    let school = |y: &str| {
        state(&[
            ("child#1", &[("child-dob-day", "1"), ("child-dob-month", "9"), ("child-dob-year", "2016")]),
            (
                "school#1",
                &[
                    ("attended", "yes"),
                    ("school-name", "Ysgol Teg"),
                    ("written-notice", "sent"),
                    ("leave-date-day", "1"),
                    ("leave-date-month", "9"),
                    ("leave-date-year", y),
                ],
            ),
        ])
    };
    let s = school("2015");
    let errors = validate(he, &step(he, &s, "school"), &s, today);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].key, "he-leave-date-error-before-birth");
    assert_eq!(errors[0].anchor, "leave-date-day");
    let s = school("2026");
    assert!(validate(he, &step(he, &s, "school"), &s, today).is_empty());
}

#[test]
fn home_education_has_no_due_date_and_writes_to_the_parent() {
    let forms = forms();
    let he = form(&forms, "home-education");
    let s = state(&[("parent", &[("parent-email", " rhian@teulu.test "), ("contact-language", "cy")])]);
    assert_eq!(due(he, &s, date!(2026 - 11 - 23)), None);
    assert_eq!(sender_email(he, &s).as_deref(), Some("rhian@teulu.test"));
    assert_eq!(contact_language(he, &s), Some(Lang::Cy));
    let s = state(&[("parent", &[("parent-email", "not an address")])]);
    assert_eq!(sender_email(he, &s), None);
}

// ---- Additional learning needs ----

#[test]
fn only_schools_refer_and_only_families_ask_to_reconsider() {
    let forms = forms();
    let aln = form(&forms, "aln");
    let today = date!(2026 - 11 - 23);
    let route = step(aln, &state(&[]), "route");
    let s = state(&[("who", &[("who", "parent")]), ("route", &[("route", "school-referral")])]);
    assert_eq!(validate(aln, &route, &s, today)[0].key, "aln-route-error-referral-school");
    let s = state(&[("who", &[("who", "school")]), ("route", &[("route", "reconsider")])]);
    assert_eq!(validate(aln, &route, &s, today)[0].key, "aln-route-error-reconsider-family");
    let s = state(&[("who", &[("who", "school")]), ("route", &[("route", "school-referral")])]);
    assert!(validate(aln, &route, &s, today).is_empty());
    let s = state(&[("who", &[("who", "parent")]), ("route", &[("route", "reconsider")])]);
    assert!(validate(aln, &route, &s, today).is_empty());
}

#[test]
fn the_agreement_page_is_for_schools_and_professionals() {
    let forms = forms();
    let aln = form(&forms, "aln");
    let has = |w: &str| steps(aln, &state(&[("who", &[("who", w)])])).iter().any(|s| s.page.id == "agreement");
    assert!(has("school") && has("professional"));
    assert!(!has("parent") && !has("young-person"));
}

#[test]
fn a_family_gives_a_way_to_reach_them_and_a_school_its_work_details() {
    let forms = forms();
    let aln = form(&forms, "aln");
    let today = date!(2026 - 11 - 23);
    let s = state(&[
        ("who", &[("who", "parent")]),
        ("you", &[("your-name", "Rhian"), ("your-relationship", "Mam"), ("contact-language", "en")]),
    ]);
    let you = step(aln, &s, "you");
    assert_eq!(validate(aln, &you, &s, today)[0].key, "aln-your-email-error-contact");
    let s = state(&[("who", &[("who", "school")]), ("you", &[("your-name", "Ms Evans"), ("contact-language", "en")])]);
    let keys: Vec<String> = validate(aln, &you, &s, today).into_iter().map(|e| e.key).collect();
    assert_eq!(
        keys,
        [
            "aln-your-role-error-missing",
            "aln-your-organisation-error-missing",
            "aln-work-email-error-missing",
            "aln-work-phone-error-missing"
        ]
    );
}

#[test]
fn the_acknowledgement_goes_to_the_address_the_sender_was_asked_for() {
    let forms = forms();
    let aln = form(&forms, "aln");
    // A stale family address left from before the sender said they were a school is not used.
    let s = state(&[
        ("who", &[("who", "school")]),
        ("you", &[("work-email", "aln@ysgol.test"), ("your-email", "old@teulu.test")]),
    ]);
    assert_eq!(sender_email(aln, &s).as_deref(), Some("aln@ysgol.test"));
    let s = state(&[
        ("who", &[("who", "parent")]),
        ("you", &[("work-email", "old@ysgol.test"), ("your-email", "rhian@teulu.test")]),
    ]);
    assert_eq!(sender_email(aln, &s).as_deref(), Some("rhian@teulu.test"));
}

#[test]
fn a_referred_pupil_has_a_school() {
    let forms = forms();
    let aln = form(&forms, "aln");
    let s = state(&[("route", &[("route", "school-referral")]), ("learner", &[])]);
    let errors = page_rules(aln, &step(aln, &s, "learner"), &s);
    assert_eq!(errors[0].key, "aln-learner-setting-error-referral");
    let s = state(&[("route", &[("route", "decide")]), ("learner", &[])]);
    assert!(page_rules(aln, &step(aln, &s, "learner"), &s).is_empty());
}

#[test]
fn due_dates_follow_the_route() {
    let forms = forms();
    let aln = form(&forms, "aln");
    let d = date!(2026 - 11 - 23);
    assert_eq!(
        due(aln, &state(&[("route", &[("route", "reconsider")])]), d),
        Some((date!(2027 - 01 - 11), "aln-due-reconsider"))
    );
    assert_eq!(
        due(aln, &state(&[("route", &[("route", "decide")])]), d),
        Some((date!(2027 - 02 - 15), "aln-due-decide"))
    );
    assert_eq!(due(aln, &state(&[]), d), None);
}

#[test]
fn learners_are_25_or_under() {
    let forms = forms();
    let aln = form(&forms, "aln");
    let today = date!(2026 - 11 - 23);
    let learner = step(aln, &state(&[]), "learner");
    let with_dob = |y: &str| {
        let s =
            state(&[("learner", &[("learner-dob-day", "24"), ("learner-dob-month", "11"), ("learner-dob-year", y)])]);
        validate(aln, &learner, &s, today).into_iter().find(|e| e.field == "learner-dob").map(|e| e.key)
    };
    assert_eq!(with_dob("2000").as_deref(), None, "25 until tomorrow");
    assert_eq!(with_dob("1999").as_deref(), Some("aln-learner-dob-error-too-old"));
    assert_eq!(with_dob("2027").as_deref(), Some("aln-learner-dob-error-past"));
}

// ---- Both ----

#[test]
fn every_key_the_engine_uses_exists_in_both_languages() {
    let i18n = I18n::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("i18n"), &Lang::ALL).unwrap();
    let missing: Vec<String> = i18n_keys()
        .into_iter()
        .flat_map(|k| Lang::ALL.into_iter().filter(|&l| !i18n.has(l, k)).map(move |l| format!("{l}: {k}")))
        .collect();
    assert!(missing.is_empty(), "missing Fluent messages:\n{}", missing.join("\n"));
}

/// The English site's forms (sites/england/forms), loaded as `porth --root sites/england` does.
fn england_forms() -> Forms {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("sites/england");
    let config = Config::load(&root).unwrap();
    Forms::load(&root, &config.langs, &config.council_keys()).unwrap()
}

#[test]
fn ehc_request_runs_three_clocks_from_receipt_across_month_ends_and_leap_years() {
    let forms = england_forms();
    let ehc = form(&forms, "ehc-request");
    let s = state(&[("who", &[("who", "parent")])]);
    let dates = |received| due_dates(ehc, &s, received).into_iter().map(|d| (d.clock, d.date)).collect::<Vec<_>>();
    // Received 31 January 2028 (a leap year): 6 weeks crosses 29 February.
    assert_eq!(
        dates(date!(2028 - 01 - 31)),
        [
            ("decision".to_string(), date!(2028 - 03 - 13)),
            ("no-plan".to_string(), date!(2028 - 05 - 22)),
            ("final-plan".to_string(), date!(2028 - 06 - 19))
        ]
    );
    // The same day in 2027 (not a leap year) is a day later in March.
    assert_eq!(dates(date!(2027 - 01 - 31))[0].1, date!(2027 - 03 - 14));
    // Received on 29 February 2028 itself, and across the year end.
    assert_eq!(dates(date!(2028 - 02 - 29))[2].1, date!(2028 - 07 - 18));
    assert_eq!(dates(date!(2026 - 12 - 02))[0].1, date!(2027 - 01 - 13));
    assert_eq!(dates(date!(2026 - 12 - 02))[2].1, date!(2027 - 04 - 21));
    // The subject line's date is the first clock's: the decision.
    assert_eq!(due(ehc, &s, date!(2028 - 01 - 31)), Some((date!(2028 - 03 - 13), "ehc-due-decide")));
}

#[test]
fn english_home_education_and_cme_forms_have_no_clock() {
    let forms = england_forms();
    for id in ["home-education", "cme"] {
        let f = form(&forms, id);
        assert!(f.due.is_empty(), "{id}");
        assert_eq!(due(f, &state(&[]), date!(2026 - 11 - 23)), None);
    }
}

#[test]
fn welsh_aln_form_keeps_one_clock_with_first_match_wins() {
    let forms = forms();
    let aln = form(&forms, "aln");
    assert_eq!(aln.clocks(), ["response"]);
    let s = state(&[("route", &[("route", "reconsider")])]);
    assert_eq!(due_dates(aln, &s, date!(2026 - 11 - 23)).len(), 1, "one date per clock, however many entries match");
}

/// The English CME form in a site folder of its own, given two clocks counted from the date
/// the child last attended: 20 school days (on term dates with a closed week), and 15
/// February of that year.
fn cme_with_clocks() -> (tempfile::TempDir, Forms) {
    let site = Path::new(env!("CARGO_MANIFEST_DIR")).join("sites/england");
    let config = Config::load(&site).unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("forms")).unwrap();
    let mut text = std::fs::read_to_string(site.join("forms/cme.toml")).unwrap();
    text.push_str("\n[[due]]\nname = \"absence\"\nclock = \"absence\"\nwhen = { field = \"reason\", is = [\"stopped-attending\"] }\nfrom = \"last-seen\"\nschool_days = 20\n\n[[due]]\nname = \"by-february\"\nclock = \"by-february\"\nfrom = \"last-seen\"\nby = \"15 February\"\n");
    std::fs::write(dir.path().join("forms/cme.toml"), text).unwrap();
    std::fs::write(
        dir.path().join("term-dates.toml"),
        "[[terms]]\nstart = 2027-09-02\nend = 2027-12-17\n\n[[closed]]\nstart = 2027-10-25\nend = 2027-10-29\n",
    )
    .unwrap();
    let forms = Forms::load(dir.path(), &config.langs, &config.council_keys()).unwrap();
    (dir, forms)
}

fn last_seen(day: &str, month: &str, reason: &str) -> FormState {
    state(&[
        ("school", &[("last-seen-day", day), ("last-seen-month", month), ("last-seen-year", "2027")]),
        ("concern", &[("reason", reason)]),
    ])
}

#[test]
fn clocks_count_from_a_date_answer_in_school_days_and_to_a_day_of_the_year() {
    let (_dir, forms) = cme_with_clocks();
    let cme = form(&forms, "cme");
    let received = date!(2027 - 12 - 01);
    let dates = |s: &FormState| due_dates(cme, s, received).into_iter().map(|d| (d.clock, d.date)).collect::<Vec<_>>();
    // Last attended Monday 11 October 2027: 9 school days to half-term, 11 after it.
    assert_eq!(
        dates(&last_seen("11", "10", "stopped-attending")),
        [("absence".to_string(), date!(2027 - 11 - 15)), ("by-february".to_string(), date!(2027 - 02 - 15))]
    );
    // Not the route the clock is for: only the other clock.
    assert_eq!(dates(&last_seen("11", "10", "moved-away")), [("by-february".to_string(), date!(2027 - 02 - 15))]);
    // No date answered: no clock counts from it.
    assert_eq!(dates(&state(&[("concern", &[("reason", "stopped-attending")])])), []);
    // 20 school days from 6 December run past the last term listed (17 December): that date
    // is left out rather than guessed, and the subject's date is the next clock's.
    let late = last_seen("6", "12", "stopped-attending");
    assert_eq!(dates(&late), [("by-february".to_string(), date!(2027 - 02 - 15))]);
    assert_eq!(due(cme, &late, received), Some((date!(2027 - 02 - 15), "cme-due-by-february")));
    // The team is told which clock was not counted, and when the listed terms end.
    let uncounted = uncounted_dates(cme, &late, received);
    assert_eq!(
        uncounted.iter().map(|u| (u.clock.as_str(), u.terms_end)).collect::<Vec<_>>(),
        [("absence", date!(2027 - 12 - 17))]
    );
    assert!(uncounted_dates(cme, &last_seen("11", "10", "stopped-attending"), received).is_empty());
}

#[test]
fn removing_a_child_renumbers_the_rest() {
    let forms = forms();
    let he = form(&forms, "home-education");
    let v = |s: &str| Values::from([("child-first-name".to_string(), vec![s.to_string()])]);
    let mut state = FormState::default();
    set_items(he, &mut state, 3);
    for (i, name) in ["Alaw", "Bryn", "Cai"].iter().enumerate() {
        state.pages.insert(format!("child#{}", i + 1), v(name));
    }
    state.pages.insert("parent".into(), v("Rhiant"));
    remove_item(he, &mut state, 2);
    assert_eq!(items(he, &state), 2);
    assert_eq!(state.value("child#1", "child-first-name"), "Alaw");
    assert_eq!(state.value("child#2", "child-first-name"), "Cai");
    assert_eq!(state.value("parent", "child-first-name"), "Rhiant");
    assert!(state.page("child#3").is_none());
}

#[test]
fn items_are_named_by_the_form_file_and_old_sessions_still_load() {
    let forms = england_forms();
    let ehc = form(&forms, "ehc-request");
    let mut s = FormState::default();
    set_items(ehc, &mut s, 3);
    let saved = serde_json::to_value(&s).unwrap();
    assert_eq!(saved["support"], 3, "{saved}");
    assert!(saved.get("children").is_none(), "{saved}");
    // A session saved before items were named: `children` for every form.
    let old: FormState =
        serde_json::from_str(r#"{"pages": {"support#2": {"support-what": ["Speech therapy"]}}, "children": 2, "uploads": [], "suspect": false}"#)
            .unwrap();
    assert_eq!(items(ehc, &old), 2);
    assert_eq!(steps(ehc, &old).iter().filter(|s| s.page.id == "support").count(), 2);
    // The next change writes the form's own name and drops the old one.
    let mut old = old;
    set_items(ehc, &mut old, 3);
    let saved = serde_json::to_value(&old).unwrap();
    assert_eq!((saved["support"].as_u64(), saved.get("children")), (Some(3), None));
}

#[test]
fn each_child_is_told_the_next_step_that_applies_to_them_by_name() {
    let forms = forms();
    let he = form(&forms, "home-education");
    let mut s = state(&[
        ("child#1", &[("child-first-name", "Alaw"), ("child-last-name", "Jones")]),
        ("school#1", &[("attended", "yes"), ("school-name", "Ysgol Teg"), ("written-notice", "sent")]),
        ("special#1", &[("special-school", "no")]),
        ("child#2", &[("child-first-name", "Bryn"), ("child-last-name", "Jones")]),
        ("school#2", &[("attended", "no")]),
        ("child#3", &[("child-first-name", "Cai"), ("child-last-name", "Jones")]),
        (
            "school#3",
            &[
                ("attended", "yes"),
                ("school-name", "Ysgol Arbennig"),
                ("written-notice", "not-yet"),
                ("leave-date-day", "4"),
                ("leave-date-month", "1"),
                ("leave-date-year", "2027"),
            ],
        ),
        ("special#3", &[("special-school", "yes")]),
    ]);
    set_items(he, &mut s, 3);
    let notes = super::next_notes(he, &s, &[]);
    let said: Vec<(&str, String)> = notes
        .iter()
        .map(|n| {
            let name = match &n.args["name"] {
                crate::service::submission::NoteArg::Text(t) => t.clone(),
                other => format!("{other:?}"),
            };
            (n.key.as_str(), name)
        })
        .collect();
    // Bryn was never at school: nothing to do. Cai's special-school place comes first.
    assert_eq!(said, [("he-next-written", "Alaw Jones".to_string()), ("he-next-special", "Cai Jones".to_string())]);
    assert!(
        matches!(notes[0].args.get("school-name"), Some(crate::service::submission::NoteArg::Text(t)) if t == "Ysgol Teg")
    );
}
