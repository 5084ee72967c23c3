//! Form 2: asking the council about a learner's additional learning needs (ALN), by a school
//! or setting, a parent or carer, a young person, or another professional.
//!
//! Wales has no "assessment request" like England's. Schools decide ALN for their pupils
//! (ALNET Act 2018 s.11); what comes to the council is one of:
//! - a school referring a pupil for the council to decide (s.12 → s.13),
//! - a request that the council decide, for a learner it is responsible for (s.13), which for a
//!   home-educated child is the council's duty (ALN Code para 18.21),
//! - a request that the council take over a school's IDP (s.28),
//! - a request that the council reconsider a school's decision or IDP (ss.26–27).
//!
//! The form names these in the words families and schools use, and the due date follows
//! the Code's timescales: 12 weeks for the council to decide and prepare an IDP, 7 weeks to
//! reconsider a school's decision.

use super::session::FormState;
use super::spec::{DateRule, Field, Kind, Page, PageKind, always, field, opt, opt_hint};
use super::{FieldError, Form, FormDef, Section, Step};
use time::{Date, Duration};

fn who(state: &FormState) -> &str {
    state.value("who", "who")
}
fn is_org(state: &FormState) -> bool {
    matches!(who(state), "school" | "professional")
}
fn is_family(state: &FormState) -> bool {
    !is_org(state)
}
fn not_young_person(state: &FormState) -> bool {
    who(state) != "young-person"
}
fn is_parent(state: &FormState) -> bool {
    who(state) == "parent"
}

const WHO: &[Field] = &[field(
    "who",
    Kind::Radios { options: &[opt_hint("school"), opt("parent"), opt_hint("young-person"), opt_hint("professional")] },
)];

const YOU: &[Field] = &[
    field("your-name", Kind::Text { autocomplete: "name", width: "20" }).when(not_young_person),
    field("your-role", Kind::Text { autocomplete: "organization-title", width: "20" }).hint().when(is_org),
    field("your-organisation", Kind::Text { autocomplete: "organization", width: "" }).when(is_org),
    field("your-relationship", Kind::Text { autocomplete: "", width: "20" }).hint().when(is_parent),
    field("work-email", Kind::Email { autocomplete: true }).hint().when(is_org),
    field("work-phone", Kind::Phone { autocomplete: true }).when(is_org),
    field("your-email", Kind::Email { autocomplete: true }).optional().hint().when(is_family),
    field("your-phone", Kind::Phone { autocomplete: true }).optional().when(is_family),
    field("contact-language", Kind::Radios { options: &[opt("cy"), opt("en")] }),
];

const ROUTE: &[Field] = &[field(
    "route",
    Kind::Radios {
        options: &[opt_hint("decide"), opt_hint("home-educated"), opt_hint("school-referral"), opt_hint("take-over"), opt_hint("reconsider")],
    },
)];

const LEARNER: &[Field] = &[
    field("learner-first-name", Kind::Text { autocomplete: "", width: "20" }),
    field("learner-last-name", Kind::Text { autocomplete: "", width: "20" }),
    field("learner-dob", Kind::Date { rule: DateRule::UpTo25 }).hint(),
    field("learner-address-1", Kind::Text { autocomplete: "", width: "" }),
    field("learner-address-2", Kind::Text { autocomplete: "", width: "" }).optional(),
    field("learner-town", Kind::Text { autocomplete: "", width: "20" }),
    field("learner-postcode", Kind::Postcode { autocomplete: false }),
    field("learner-setting", Kind::Text { autocomplete: "", width: "" }).optional().hint(),
    field("learner-year", Kind::Text { autocomplete: "", width: "10" }).optional().hint(),
    field("looked-after", Kind::Radios { options: &[opt("yes"), opt("no"), opt("not-sure")] }).hint(),
];

const LANGUAGE: &[Field] = &[
    field("education-language", Kind::Radios { options: &[opt("welsh"), opt("english"), opt("bilingual"), opt("none")] }),
    field("home-language", Kind::Text { autocomplete: "", width: "20" }).hint(),
    field("welsh-provision", Kind::Radios { options: &[opt("yes"), opt("no"), opt("not-sure")] }).hint(),
];

const AGREEMENT: &[Field] = &[
    field("agreement", Kind::Radios { options: &[opt("agrees"), opt("knows"), opt("not-told")] }),
    field("agreement-details", Kind::Textarea).optional(),
];

const NEEDS: &[Field] = &[
    field("needs", Kind::Textarea).hint(),
    field("provision", Kind::Textarea).hint(),
    field("provision-since", Kind::Text { autocomplete: "", width: "20" }).hint(),
    field("professionals", Kind::Textarea).optional().hint(),
    field("views", Kind::Textarea).hint(),
];

const fn page(id: &'static str, slug_en: &'static str, slug_cy: &'static str, fields: &'static [Field]) -> Page {
    Page { id, slug_en, slug_cy, kind: PageKind::Question, fields, repeat: false, intro: false, applies: always }
}

const PAGES: &[Page] = &[
    page("who", "who-is-asking", "pwy-sy-n-gofyn", WHO),
    page("you", "your-details", "eich-manylion", YOU),
    page("route", "what-you-are-asking", "beth-rydych-yn-gofyn", ROUTE),
    page("learner", "learner", "dysgwr", LEARNER),
    Page { intro: true, ..page("language", "language", "iaith", LANGUAGE) },
    Page { intro: true, applies: |s, _| is_org(s), ..page("agreement", "agreement", "cytundeb", AGREEMENT) },
    page("needs", "needs-and-support", "anghenion-a-chymorth", NEEDS),
    Page { kind: PageKind::Upload, intro: true, ..page("documents", "documents", "dogfennau", &[]) },
];

const SECTIONS: &[Section] = &[
    Section { title_key: "aln-section-you", pages: &["who", "you"] },
    Section { title_key: "aln-section-request", pages: &["route"] },
    Section { title_key: "aln-section-learner", pages: &["learner", "language"] },
    Section { title_key: "aln-section-agreement", pages: &["agreement"] },
    Section { title_key: "aln-section-needs", pages: &["needs"] },
    Section { title_key: "aln-section-documents", pages: &["documents"] },
];

/// Rules between fields: only a school refers a pupil, only the family asks for a school's
/// decision to be reconsidered, a referred pupil has a school, and a family member gives
/// at least one way to reach them.
fn cross(step: &Step, state: &FormState, _today: Date) -> Vec<FieldError> {
    let mut out = vec![];
    match step.page.id {
        "route" => {
            let route = state.value("route", "route");
            if route == "school-referral" && who(state) != "school" {
                out.push(FieldError::new("route", "aln-route-error-referral-school"));
            }
            if route == "reconsider" && is_org(state) {
                out.push(FieldError::new("route", "aln-route-error-reconsider-family"));
            }
        }
        "you" if is_family(state) && state.value("you", "your-email").trim().is_empty() && state.value("you", "your-phone").trim().is_empty() => {
            out.push(FieldError::new("your-email", "aln-your-email-error-contact"));
        }
        "learner" if state.value("route", "route") == "school-referral" && state.value("learner", "learner-setting").trim().is_empty() => {
            out.push(FieldError::new("learner-setting", "aln-learner-setting-error-referral"));
        }
        _ => {}
    }
    out
}

/// The statutory timescale: 7 weeks to reconsider a school's decision (s.26), otherwise 12
/// weeks for the council to decide and, if the learner has ALN, give the IDP (Code 11.17).
fn due(state: &FormState, submitted: Date) -> Option<(Date, &'static str)> {
    match state.value("route", "route") {
        "reconsider" => Some((submitted + Duration::weeks(7), "aln-due-reconsider")),
        "" => None,
        _ => Some((submitted + Duration::weeks(12), "aln-due-decide")),
    }
}

fn sender_email(state: &FormState) -> Option<String> {
    let field = if is_org(state) { "work-email" } else { "your-email" };
    let e = state.value("you", field).trim();
    super::fields::valid_email(e).then(|| e.to_string())
}

pub(crate) static DEF: FormDef = FormDef {
    form: Form::Aln,
    prefix: "aln",
    route: "aln",
    pages: PAGES,
    sections: SECTIONS,
    cross,
    due,
    sender_email,
    extra_keys: &[
        "aln-route-error-referral-school",
        "aln-route-error-reconsider-family",
        "aln-your-email-error-contact",
        "aln-learner-setting-error-referral",
        "aln-due-reconsider",
        "aln-due-decide",
        "aln-documents-files",
    ],
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forms::session::Values;
    use time::macros::date;

    fn state(pages: &[(&str, &[(&str, &str)])]) -> FormState {
        let pages = pages
            .iter()
            .map(|(k, vs)| (k.to_string(), vs.iter().map(|(a, b)| (a.to_string(), vec![b.to_string()])).collect::<Values>()))
            .collect();
        FormState { pages, children: 1, ..Default::default() }
    }

    #[test]
    fn only_schools_refer_and_only_families_ask_to_reconsider() {
        let today = date!(2026 - 11 - 23);
        let route = DEF.steps(&state(&[])).into_iter().find(|s| s.page.id == "route").unwrap();
        let s = state(&[("who", &[("who", "parent")]), ("route", &[("route", "school-referral")])]);
        assert_eq!(DEF.validate(&route, &s, today)[0].key, "aln-route-error-referral-school");
        let s = state(&[("who", &[("who", "school")]), ("route", &[("route", "reconsider")])]);
        assert_eq!(DEF.validate(&route, &s, today)[0].key, "aln-route-error-reconsider-family");
        let s = state(&[("who", &[("who", "school")]), ("route", &[("route", "school-referral")])]);
        assert!(DEF.validate(&route, &s, today).is_empty());
    }

    #[test]
    fn the_agreement_page_is_for_schools_and_professionals() {
        let has = |w: &str| DEF.steps(&state(&[("who", &[("who", w)])])).iter().any(|s| s.page.id == "agreement");
        assert!(has("school") && has("professional"));
        assert!(!has("parent") && !has("young-person"));
    }

    #[test]
    fn due_dates_follow_the_route() {
        let d = date!(2026 - 11 - 23);
        assert_eq!(due(&state(&[("route", &[("route", "reconsider")])]), d), Some((date!(2027 - 01 - 11), "aln-due-reconsider")));
        assert_eq!(due(&state(&[("route", &[("route", "decide")])]), d), Some((date!(2027 - 02 - 15), "aln-due-decide")));
    }

    #[test]
    fn learners_are_25_or_under() {
        let today = date!(2026 - 11 - 23);
        let learner = DEF.steps(&state(&[])).into_iter().find(|s| s.page.id == "learner").unwrap();
        let with_dob = |y: &str| {
            let s = state(&[("learner", &[("learner-dob-day", "24"), ("learner-dob-month", "11"), ("learner-dob-year", y)])]);
            DEF.validate(&learner, &s, today).into_iter().find(|e| e.field == "learner-dob").map(|e| e.key)
        };
        assert_eq!(with_dob("2000").as_deref(), None, "25 until tomorrow");
        assert_eq!(with_dob("1999").as_deref(), Some("aln-learner-dob-error-too-old"));
        assert_eq!(with_dob("2027").as_deref(), Some("aln-learner-dob-error-past"));
    }
}
