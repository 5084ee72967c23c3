//! Form 1: a parent or carer tells the council they are educating their child at home.
//!
//! In Wales this is voluntary: the step the law asks for is the parent's written notice to
//! the school, which must then tell the council within 10 school days (Pupil Registration
//! (Wales) Regulations 2010, regs 8(1)(d) and 12(3)). The one exception is a child placed
//! at a special school by the council, who needs the council's consent to come off the roll
//! (reg 8(2)); the form asks about that and explains it. Nothing on it suggests permission
//! is otherwise needed. Reasons and support wanted are optional, and say so.
//!
//! A family with several children adds each child in a loop ("add another child") and
//! gives its own details once.

use super::spec::{DateRule, Field, Kind, Opt, Page, PageKind, always, field, opt, opt_hint};
use super::{FieldError, Form, FormDef, Section, Step, first};
use super::session::FormState;
use time::Date;

const YES_NO: &[Opt] = &[opt("yes"), opt("no")];

const CHILD: &[Field] = &[
    field("child-first-name", Kind::Text { autocomplete: "", width: "20" }),
    field("child-last-name", Kind::Text { autocomplete: "", width: "20" }),
    field("child-dob", Kind::Date { rule: DateRule::SchoolAge }).hint(),
];

const SCHOOL: &[Field] = &[field(
    "attended",
    Kind::Radios {
        options: &[
            Opt {
                value: "yes",
                hint: false,
                reveal: &[
                    field("school-name", Kind::Text { autocomplete: "", width: "" }),
                    field("leave-date", Kind::Date { rule: DateRule::Leaving }).hint(),
                ],
            },
            opt("no"),
        ],
    },
)];

const SPECIAL: &[Field] = &[field("special-school", Kind::Radios { options: &[opt_hint("yes"), opt("no"), opt("not-sure")] })];

const ALN: &[Field] = &[
    field(
        "aln-plan",
        Kind::Radios {
            options: &[
                opt("none"),
                opt("school-idp"),
                opt("council-idp"),
                opt("statement"),
                opt_hint("ehc-plan"),
                opt("needs-no-plan"),
                opt("not-sure"),
            ],
        },
    ),
    field("aln-details", Kind::Textarea).optional().hint(),
];

const ANOTHER: &[Field] = &[field("another", Kind::Radios { options: YES_NO })];

const PARENT: &[Field] = &[
    field("parent-name", Kind::Text { autocomplete: "name", width: "20" }),
    field("parent-relationship", Kind::Text { autocomplete: "", width: "20" }).hint(),
    field("address-line-1", Kind::Text { autocomplete: "address-line1", width: "" }),
    field("address-line-2", Kind::Text { autocomplete: "address-line2", width: "" }).optional(),
    field("address-town", Kind::Text { autocomplete: "address-level2", width: "20" }),
    field("address-postcode", Kind::Postcode { autocomplete: true }),
    field("parent-email", Kind::Email { autocomplete: true }).optional().hint(),
    field("parent-phone", Kind::Phone { autocomplete: true }).optional().hint(),
    field("contact-language", Kind::Radios { options: &[opt("cy"), opt("en")] }),
];

const SECOND: &[Field] = &[field(
    "second",
    Kind::Radios {
        options: &[
            Opt {
                value: "yes",
                hint: false,
                reveal: &[
                    field("second-name", Kind::Text { autocomplete: "", width: "20" }),
                    field("second-relationship", Kind::Text { autocomplete: "", width: "20" }),
                    field("second-email", Kind::Email { autocomplete: false }).optional(),
                    field("second-phone", Kind::Phone { autocomplete: false }).optional(),
                ],
            },
            opt("no"),
        ],
    },
)];

const REASONS: &[Field] = &[
    field(
        "reasons",
        Kind::Checkboxes {
            options: &[
                opt("lifestyle"),
                opt("unhappy"),
                opt("health"),
                opt("needs-not-met"),
                opt("school-place"),
                opt("religion"),
                opt("short-term"),
                opt("other"),
                opt("prefer-not"),
            ],
            none: Some("prefer-not"),
        },
    )
    .optional(),
    field("reasons-details", Kind::Textarea).optional(),
];

const SUPPORT: &[Field] = &[field(
    "support",
    Kind::Checkboxes {
        options: &[
            opt("info-pack"),
            opt("meeting-home"),
            opt("meeting-elsewhere"),
            opt("meeting-online"),
            opt("drop-in"),
            opt("groups"),
            opt("none"),
        ],
        none: Some("none"),
    },
)
.optional()
.hint()];

fn went_to_school(state: &FormState, n: usize) -> bool {
    state.value(&format!("school#{n}"), "attended") == "yes"
}

const fn page(id: &'static str, slug_en: &'static str, slug_cy: &'static str, fields: &'static [Field]) -> Page {
    Page { id, slug_en, slug_cy, kind: PageKind::Question, fields, repeat: false, intro: false, applies: always }
}

const PAGES: &[Page] = &[
    Page { repeat: true, ..page("child", "child", "plentyn", CHILD) },
    Page { repeat: true, ..page("school", "school", "ysgol", SCHOOL) },
    Page { repeat: true, intro: true, applies: went_to_school, ..page("special", "special-school", "ysgol-arbennig", SPECIAL) },
    Page { repeat: true, intro: true, ..page("aln", "additional-learning-needs", "anghenion-dysgu-ychwanegol", ALN) },
    Page { kind: PageKind::AddAnother, ..page("children", "children", "plant", ANOTHER) },
    Page { intro: true, ..page("parent", "your-details", "eich-manylion", PARENT) },
    page("second-parent", "another-parent-or-carer", "rhiant-neu-ofalwr-arall", SECOND),
    Page { intro: true, ..page("reasons", "reasons", "rhesymau", REASONS) },
    page("support", "support", "cymorth", SUPPORT),
];

const SECTIONS: &[Section] = &[
    Section { title_key: "he-section-child", pages: &["child", "school", "special", "aln"] },
    Section { title_key: "he-section-parent", pages: &["parent"] },
    Section { title_key: "he-section-second", pages: &["second-parent"] },
    Section { title_key: "he-section-reasons", pages: &["reasons"] },
    Section { title_key: "he-section-support", pages: &["support"] },
];

fn date_of(state: &FormState, page: &str, name: &str) -> Option<Date> {
    let v = |p: &str| state.value(page, &format!("{name}-{p}")).to_string();
    super::fields::parse_date(&super::fields::DateParts { day: &v("day"), month: &v("month"), year: &v("year") }).ok()
}

/// Rules between fields: a child cannot leave school before they were born, and we need at
/// least one way to reach the parent.
fn cross(step: &Step, state: &FormState, _today: Date) -> Vec<FieldError> {
    let mut out = vec![];
    match step.page.id {
        "school" => {
            let key = step.key();
            if let (Some(left), Some(dob)) = (date_of(state, &key, "leave-date"), date_of(state, &format!("child#{}", step.n), "child-dob"))
                && left <= dob
            {
                let mut e = FieldError::new("leave-date", "he-leave-date-error-before-birth");
                e.anchor = "leave-date-day".into();
                out.push(e);
            }
        }
        "parent" => {
            let values = state.page("parent").cloned().unwrap_or_default();
            if first(&values, "parent-email").trim().is_empty() && first(&values, "parent-phone").trim().is_empty() {
                out.push(FieldError::new("parent-email", "he-parent-email-error-contact"));
            }
        }
        _ => {}
    }
    out
}

fn sender_email(state: &FormState) -> Option<String> {
    let e = state.value("parent", "parent-email").trim();
    super::fields::valid_email(e).then(|| e.to_string())
}

pub(crate) static DEF: FormDef = FormDef {
    form: Form::HomeEducation,
    prefix: "he",
    route: "home_education",
    pages: PAGES,
    sections: SECTIONS,
    cross,
    due: |_, _| None,
    sender_email,
    extra_keys: &["he-leave-date-error-before-birth", "he-parent-email-error-contact"],
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forms::session::Values;
    use time::macros::date;

    fn vals(pairs: &[(&str, &str)]) -> Values {
        pairs.iter().map(|(k, v)| (k.to_string(), vec![v.to_string()])).collect()
    }

    fn state_with(pages: &[(&str, Values)]) -> FormState {
        FormState { pages: pages.iter().map(|(k, v)| (k.to_string(), v.clone())).collect(), children: 1, ..Default::default() }
    }

    #[test]
    fn special_school_question_only_follows_a_school() {
        let s = state_with(&[("school#1", vals(&[("attended", "no")]))]);
        assert!(!DEF.steps(&s).iter().any(|st| st.page.id == "special"));
        let s = state_with(&[("school#1", vals(&[("attended", "yes")]))]);
        assert!(DEF.steps(&s).iter().any(|st| st.page.id == "special"));
    }

    #[test]
    fn repeated_pages_come_once_per_child_before_the_family_pages() {
        let mut s = state_with(&[]);
        s.children = 2;
        let keys: Vec<String> = DEF.steps(&s).iter().map(|s| s.key()).collect();
        assert_eq!(keys[..6], ["child#1", "school#1", "aln#1", "child#2", "school#2", "aln#2"]);
        assert_eq!(keys[6], "children");
    }

    #[test]
    fn parent_needs_an_email_or_a_phone() {
        let today = date!(2026 - 11 - 23);
        let base = [("parent-name", "Rhian"), ("parent-relationship", "Mam"), ("address-line-1", "1 Stryd"), ("address-town", "Aberteg"), ("address-postcode", "at1 1aa"), ("contact-language", "cy")];
        let s = state_with(&[("parent", vals(&base))]);
        let step = DEF.steps(&s).into_iter().find(|s| s.page.id == "parent").unwrap();
        let errors = DEF.validate(&step, &s, today);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].key, "he-parent-email-error-contact");
        let mut with_phone = base.to_vec();
        with_phone.push(("parent-phone", "01632 960 001"));
        let s = state_with(&[("parent", vals(&with_phone))]);
        assert!(DEF.validate(&step, &s, today).is_empty());
    }

    #[test]
    fn follow_up_questions_are_only_checked_under_their_answer() {
        let today = date!(2026 - 11 - 23);
        let s = state_with(&[("school#1", vals(&[("attended", "no")]))]);
        let step = DEF.steps(&s).into_iter().find(|s| s.page.id == "school").unwrap();
        assert!(DEF.validate(&step, &s, today).is_empty());
        let s = state_with(&[("school#1", vals(&[("attended", "yes")]))]);
        let keys: Vec<String> = DEF.validate(&step, &s, today).into_iter().map(|e| e.key).collect();
        assert_eq!(keys, ["he-school-name-error-missing", "he-leave-date-error-missing"]);
    }
}
