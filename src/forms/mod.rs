//! The two forms (telling the council about home education, asking it about a learner's
//! additional learning needs) and the engine they share: the order of pages, validation
//! with GOV.UK error messages in both languages, the check-your-answers summary, and the
//! `Submission` handed to the outbox. The HTTP side is in `handlers`.

mod aln;
mod fields;
pub(crate) mod handlers;
mod home_education;
pub(crate) mod session;
mod spec;
mod upload;

use crate::i18n::{Arg, I18n};
use crate::lang::Lang;
pub(crate) use crate::outbox::FormKind as Form;
use crate::outbox::{AnswerRow, AnswerSection};
use fields::{DateParts, DateProblem, SchoolAge};
use serde_json::{Value, json};
use session::{FormState, Values};
use spec::{DateRule, Field, Kind, MAX_LINE, MAX_TEXT, Page, PageKind};
use std::collections::BTreeSet;
use std::sync::OnceLock;
use time::Date;

/// A section of the check-your-answers page and of the team e-mail: a title and the pages
/// whose answers it lists. Repeated pages (one per child) make one section per child.
pub(crate) struct Section {
    pub(crate) title_key: &'static str,
    pub(crate) pages: &'static [&'static str],
}

/// Everything that makes one form itself; the engine does the rest.
pub(crate) struct FormDef {
    pub(crate) form: Form,
    /// Fluent key prefix: `he` or `aln`.
    pub(crate) prefix: &'static str,
    /// `routes::FORMS` name, for the start URL.
    pub(crate) route: &'static str,
    pub(crate) pages: &'static [Page],
    pub(crate) sections: &'static [Section],
    /// Rules between fields, run after each field's own rules pass.
    pub(crate) cross: fn(&Step, &FormState, Date) -> Vec<FieldError>,
    /// When the council must answer by, and the Fluent key naming the rule.
    pub(crate) due: fn(&FormState, Date) -> Option<(Date, &'static str)>,
    /// The address the acknowledgement goes to, if the sender gave one.
    pub(crate) sender_email: fn(&FormState) -> Option<String>,
    /// Fluent keys the form's own code and pages use beyond the naming rules.
    pub(crate) extra_keys: &'static [&'static str],
}

pub(crate) fn def(form: Form) -> &'static FormDef {
    match form {
        Form::HomeEducation => &home_education::DEF,
        Form::Aln => &aln::DEF,
    }
}

pub(crate) const ALL: [Form; 2] = [Form::HomeEducation, Form::Aln];

/// One page as asked: a page, and for pages asked once per child, which child (from 1).
#[derive(Clone, Copy)]
pub(crate) struct Step {
    pub(crate) page: &'static Page,
    pub(crate) n: usize,
}

impl Step {
    /// Where its answers are kept: "parent", "child#2".
    pub(crate) fn key(&self) -> String {
        if self.page.repeat { format!("{}#{}", self.page.id, self.n) } else { self.page.id.to_string() }
    }

    pub(crate) fn slug(&self, lang: Lang) -> String {
        let s = match lang {
            Lang::En => self.page.slug_en,
            Lang::Cy => self.page.slug_cy,
        };
        if self.page.repeat { format!("{s}-{}", self.n) } else { s.to_string() }
    }
}

/// A message for one field: where the summary links to, and which Fluent message.
#[derive(Debug, Clone)]
pub(crate) struct FieldError {
    pub(crate) field: &'static str,
    /// The element id the error summary links to (a date's first box in error).
    pub(crate) anchor: String,
    pub(crate) key: String,
    pub(crate) args: Vec<(&'static str, Arg)>,
    /// Which of a date's day, month and year boxes to highlight.
    pub(crate) parts: [bool; 3],
}

impl FieldError {
    pub(crate) fn new(field: &'static str, key: impl Into<String>) -> FieldError {
        FieldError { field, anchor: field.to_string(), key: key.into(), args: vec![], parts: [true; 3] }
    }
}

impl FormDef {
    pub(crate) fn key(&self, name: &str) -> String {
        format!("{}-{name}", self.prefix)
    }

    /// The pages in the order they are asked, given the answers so far.
    pub(crate) fn steps(&self, state: &FormState) -> Vec<Step> {
        let mut out = vec![];
        let mut i = 0;
        while i < self.pages.len() {
            if self.pages[i].repeat {
                let group: Vec<&'static Page> = self.pages[i..].iter().take_while(|p| p.repeat).collect();
                for n in 1..=state.children.max(1) {
                    for p in &group {
                        if (p.applies)(state, n) {
                            out.push(Step { page: p, n });
                        }
                    }
                }
                i += group.len();
            } else {
                if (self.pages[i].applies)(state, 0) {
                    out.push(Step { page: &self.pages[i], n: 0 });
                }
                i += 1;
            }
        }
        out
    }

    /// The step a URL segment names, if it is asked given the answers so far.
    pub(crate) fn step_for(&self, slug: &str, lang: Lang, state: &FormState) -> Option<Step> {
        self.steps(state).into_iter().find(|s| s.slug(lang) == slug)
    }

    /// The first step whose answers are missing or wrong; None when the form is complete.
    pub(crate) fn first_incomplete(&self, state: &FormState, today: Date) -> Option<Step> {
        self.steps(state).into_iter().find(|s| !self.validate(s, state, today).is_empty())
    }

    /// Every rule for one step, against the answers stored for it.
    pub(crate) fn validate(&self, step: &Step, state: &FormState, today: Date) -> Vec<FieldError> {
        let empty = Values::new();
        let values = state.page(&step.key()).unwrap_or(&empty);
        let mut errors = vec![];
        match step.page.kind {
            PageKind::Question => {
                for f in asked_fields(step.page.fields, values, state) {
                    if let Some(e) = self.check_field(f, values, today) {
                        errors.push(e);
                    }
                }
            }
            PageKind::AddAnother => {
                if first(values, "another") != "no" {
                    errors.push(FieldError::new("another", self.key("another-error-missing")));
                }
            }
            PageKind::Upload => {}
        }
        if errors.is_empty() {
            errors.extend((self.cross)(step, state, today));
        }
        errors
    }

    /// One field's own rules. GOV.UK order: missing, then format, then range.
    fn check_field(&self, f: &'static Field, values: &Values, today: Date) -> Option<FieldError> {
        let k = self.key(f.name);
        let v = first(values, f.name).trim();
        let missing = FieldError::new(f.name, format!("{k}-error-missing"));
        match f.kind {
            Kind::Date { rule } => return self.check_date(f, rule, values, today),
            Kind::Checkboxes { none, .. } => {
                let chosen = values.get(f.name).map(Vec::len).unwrap_or(0);
                if chosen == 0 {
                    return (!f.optional).then_some(missing);
                }
                if let Some(none) = none
                    && chosen > 1
                    && values[f.name].iter().any(|x| x == none)
                {
                    return Some(FieldError::new(f.name, format!("{k}-error-exclusive")));
                }
                return None;
            }
            _ => {}
        }
        if v.is_empty() {
            return (!f.optional).then_some(missing);
        }
        let max = if matches!(f.kind, Kind::Textarea) { MAX_TEXT } else { MAX_LINE };
        if !fields::within(v, max) {
            let mut e = FieldError::new(f.name, "forms-error-too-long");
            e.args.push(("max", Arg::Num(max as f64)));
            return Some(e);
        }
        let format = |key: &str| Some(FieldError::new(f.name, key));
        match f.kind {
            Kind::Email { .. } if !fields::valid_email(v) => format("forms-error-email"),
            Kind::Phone { .. } if !fields::valid_phone(v) => format("forms-error-phone"),
            Kind::Postcode { .. } if fields::normalise_postcode(v).is_none() => format("forms-error-postcode"),
            // Only offered answers count: anything else is a tampered request.
            Kind::Radios { options } if !options.iter().any(|o| o.value == v) => Some(missing),
            _ => None,
        }
    }

    fn check_date(&self, f: &'static Field, rule: DateRule, values: &Values, today: Date) -> Option<FieldError> {
        let k = self.key(f.name);
        let part = |p: &str| first(values, &format!("{}-{p}", f.name)).to_string();
        let (d, m, y) = (part("day"), part("month"), part("year"));
        let err = |key: String, parts: [bool; 3]| {
            let first_part = ["day", "month", "year"][parts.iter().position(|&b| b).unwrap_or(0)];
            FieldError { field: f.name, anchor: format!("{}-{first_part}", f.name), key, args: vec![], parts }
        };
        let date = match fields::parse_date(&DateParts { day: &d, month: &m, year: &y }) {
            Ok(date) => date,
            Err(DateProblem::Missing) => return (!f.optional).then(|| err(format!("{k}-error-missing"), [true; 3])),
            Err(DateProblem::Incomplete { day, month, year }) => {
                let which = match (day, month, year) {
                    (true, true, false) => "day-month",
                    (true, false, true) => "day-year",
                    (false, true, true) => "month-year",
                    (true, false, false) => "day",
                    (false, true, false) => "month",
                    _ => "year",
                };
                let mut e = err(format!("{k}-error-incomplete"), [day, month, year]);
                e.args.push(("part", Arg::Str(format!("forms-date-part-{which}"))));
                return Some(e);
            }
            Err(DateProblem::Year) => return Some(err("forms-error-year".into(), [false, false, true])),
            Err(DateProblem::Real) => return Some(err(format!("{k}-error-real"), [true; 3])),
        };
        let code = match rule {
            DateRule::SchoolAge | DateRule::UpTo25 if date >= today => Some("past"),
            DateRule::SchoolAge => match fields::school_age(date, today) {
                SchoolAge::After => Some("too-old"),
                SchoolAge::Before(starts) if starts > fields::add_years(today, 1) => Some("too-young"),
                _ => None,
            },
            DateRule::UpTo25 => (fields::age_on(date, today) > 25).then_some("too-old"),
            DateRule::Leaving => (date > fields::add_years(today, 1)).then_some("too-late"),
        };
        code.map(|c| err(format!("{k}-error-{c}"), [true; 3]))
    }

    /// Every Fluent key this form asks for by name, for `porth check`.
    fn keys(&self, out: &mut BTreeSet<String>) {
        let p = self.prefix;
        for page in self.pages {
            if !page.single() {
                out.insert(format!("{p}-{}-title", page.id));
            }
            if page.intro {
                out.insert(format!("{p}-{}-intro", page.id));
            }
            for f in spec::all_fields(page.fields) {
                let k = self.key(f.name);
                out.insert(k.clone());
                if f.hint {
                    out.insert(format!("{k}-hint"));
                }
                if !f.optional {
                    out.insert(format!("{k}-error-missing"));
                }
                match f.kind {
                    Kind::Radios { options } | Kind::Checkboxes { options, .. } => {
                        for o in options {
                            out.insert(format!("{k}-{}", o.value));
                            if o.hint {
                                out.insert(format!("{k}-{}-hint", o.value));
                            }
                        }
                        if let Kind::Checkboxes { none: Some(_), .. } = f.kind {
                            out.insert(format!("{k}-error-exclusive"));
                        }
                    }
                    Kind::Date { rule } => {
                        out.insert(format!("{k}-error-incomplete"));
                        out.insert(format!("{k}-error-real"));
                        let codes: &[&str] = match rule {
                            DateRule::SchoolAge => &["past", "too-old", "too-young"],
                            DateRule::UpTo25 => &["past", "too-old"],
                            DateRule::Leaving => &["too-late"],
                        };
                        for c in codes {
                            out.insert(format!("{k}-error-{c}"));
                        }
                    }
                    _ => {}
                }
            }
        }
        for suffix in ["name", "start-title", "start-intro", "declaration", "declaration-error-missing", "submit", "sent-title", "next", "another-error-missing"] {
            if suffix != "another-error-missing" || self.pages.iter().any(|p| p.kind == PageKind::AddAnother) {
                out.insert(format!("{p}-{suffix}"));
            }
        }
        for s in self.sections {
            out.insert(s.title_key.to_string());
        }
        out.extend(self.extra_keys.iter().map(|s| s.to_string()));
    }
}

/// The first value of a field, or "".
pub(crate) fn first<'a>(values: &'a Values, name: &str) -> &'a str {
    values.get(name).and_then(|v| v.first()).map(String::as_str).unwrap_or("")
}

/// The fields a page asks given the answers: follow-up questions only under the chosen
/// answer, and fields whose condition on earlier pages holds.
pub(crate) fn asked_fields(fields: &'static [Field], values: &Values, state: &FormState) -> Vec<&'static Field> {
    let mut out = vec![];
    for f in fields.iter().filter(|f| f.asked(state)) {
        out.push(f);
        if let Kind::Radios { options } | Kind::Checkboxes { options, .. } = f.kind {
            let chosen = values.get(f.name).cloned().unwrap_or_default();
            for o in options.iter().filter(|o| chosen.iter().any(|c| c == o.value)) {
                out.extend(asked_fields(o.reveal, values, state));
            }
        }
    }
    out
}

/// Fluent keys the engine and pages use whatever the form (buttons, headings, errors).
const SHARED_KEYS: &[&str] = &[
    "forms-error-email",
    "forms-error-phone",
    "forms-error-postcode",
    "forms-error-too-long",
    "forms-error-year",
    "forms-date-part-day",
    "forms-date-part-month",
    "forms-date-part-year",
    "forms-date-part-day-month",
    "forms-date-part-day-year",
    "forms-date-part-month-year",
    "forms-not-provided",
    "forms-optional",
    "forms-error-title-prefix",
    "forms-check-title",
];

/// Every Fluent key the forms' Rust code asks for by name; `porth check` counts them as used.
pub(crate) fn i18n_keys() -> Vec<&'static str> {
    static KEYS: OnceLock<Vec<String>> = OnceLock::new();
    KEYS.get_or_init(|| {
        let mut set: BTreeSet<String> = SHARED_KEYS.iter().map(|s| s.to_string()).collect();
        for f in ALL {
            def(f).keys(&mut set);
        }
        set.extend(upload::KEYS.iter().map(|s| s.to_string()));
        set.into_iter().collect()
    })
    .iter()
    .map(String::as_str)
    .collect()
}

/// Strings in one language, for building page views.
pub(crate) struct Tr<'a> {
    pub(crate) i18n: &'a I18n,
    pub(crate) lang: Lang,
}

impl Tr<'_> {
    pub(crate) fn t(&self, key: &str) -> String {
        self.i18n.text(self.lang, key)
    }
    pub(crate) fn args(&self, key: &str, args: &[(&str, Arg)]) -> String {
        self.i18n.t(self.lang, key, args).unwrap_or_else(|e| e)
    }
    /// An error's message; arguments that name a Fluent key (date parts) are translated too.
    pub(crate) fn error(&self, e: &FieldError) -> String {
        let args: Vec<(&str, Arg)> = e
            .args
            .iter()
            .map(|(n, a)| match a {
                Arg::Str(s) if s.starts_with("forms-") => (*n, Arg::Str(self.t(s))),
                other => (*n, other.clone()),
            })
            .collect();
        self.args(&e.key, &args)
    }
}

/// The view of one field for `templates/forms/components.html`.
pub(crate) fn field_view(def: &FormDef, tr: &Tr<'_>, f: &'static Field, values: &Values, errors: &[FieldError], state: &FormState, heading: bool) -> Value {
    let k = def.key(f.name);
    let error = errors.iter().find(|e| e.field == f.name);
    let has = |key: &str| tr.i18n.has(tr.lang, key);
    let mut label = tr.t(&k);
    if f.optional {
        label = format!("{label} {}", tr.t("forms-optional"));
    }
    let (kind, input_type, autocomplete, width, spellcheck) = match f.kind {
        Kind::Text { autocomplete, width } => ("input", "text", autocomplete, width, true),
        Kind::Email { autocomplete } => ("input", "email", if autocomplete { "email" } else { "" }, "", false),
        Kind::Phone { autocomplete } => ("input", "tel", if autocomplete { "tel" } else { "" }, "20", false),
        Kind::Postcode { autocomplete } => ("input", "text", if autocomplete { "postal-code" } else { "" }, "10", false),
        Kind::Textarea => ("textarea", "", "", "", true),
        Kind::Date { .. } => ("date", "", "", "", false),
        Kind::Radios { .. } => ("radios", "", "", "", false),
        Kind::Checkboxes { .. } => ("checkboxes", "", "", "", false),
    };
    let chosen: Vec<String> = values.get(f.name).cloned().unwrap_or_default();
    let options: Vec<Value> = match f.kind {
        Kind::Radios { options } | Kind::Checkboxes { options, .. } => {
            let none = if let Kind::Checkboxes { none, .. } = f.kind { none } else { None };
            options
                .iter()
                .enumerate()
                .map(|(i, o)| {
                    let ok = format!("{k}-{}", o.value);
                    let reveal: Vec<Value> = o
                        .reveal
                        .iter()
                        .filter(|rf| rf.asked(state))
                        .map(|rf| field_view(def, tr, rf, values, errors, state, false))
                        .collect();
                    json!({
                        "value": o.value,
                        "id": if i == 0 { f.name.to_string() } else { format!("{}-{}", f.name, i + 1) },
                        "label": tr.t(&ok),
                        "hint": if o.hint { Some(tr.t(&format!("{ok}-hint"))) } else { None },
                        "checked": chosen.iter().any(|c| c == o.value),
                        "divider": Some(o.value) == none,
                        "reveal": reveal,
                    })
                })
                .collect()
        }
        _ => vec![],
    };
    let part = |p: &str| first(values, &format!("{}-{p}", f.name)).to_string();
    let hint = if f.hint && has(&format!("{k}-hint")) { Some(tr.t(&format!("{k}-hint"))) } else { None };
    let describedby: Vec<String> =
        [hint.as_ref().map(|_| format!("{}-hint", f.name)), error.map(|_| format!("{}-error", f.name))].into_iter().flatten().collect();
    let parts_in_error = error.map(|e| e.parts).unwrap_or([false; 3]);
    json!({
        "name": f.name,
        "kind": kind,
        "type": input_type,
        "label": label,
        "heading": heading,
        "hint": hint,
        "describedby": describedby.join(" "),
        "error": error.map(|e| tr.error(e)),
        "value": first(values, f.name),
        "autocomplete": autocomplete,
        "width": width,
        "spellcheck": spellcheck,
        "options": options,
        "day": part("day"),
        "month": part("month"),
        "year": part("year"),
        "day_error": parts_in_error[0],
        "month_error": parts_in_error[1],
        "year_error": parts_in_error[2],
    })
}

/// An answer as the check-your-answers page and the team e-mail show it.
pub(crate) fn display(def: &FormDef, tr: &Tr<'_>, f: &Field, values: &Values) -> String {
    let k = def.key(f.name);
    let v = first(values, f.name).trim();
    let shown = match f.kind {
        Kind::Date { .. } => {
            let part = |p: &str| first(values, &format!("{}-{p}", f.name)).to_string();
            match fields::parse_date(&DateParts { day: &part("day"), month: &part("month"), year: &part("year") }) {
                Ok(d) => crate::dates::date(tr.lang, d),
                Err(_) => String::new(),
            }
        }
        Kind::Radios { .. } if !v.is_empty() => tr.t(&format!("{k}-{v}")),
        Kind::Checkboxes { .. } => values
            .get(f.name)
            .map(|vs| vs.iter().map(|x| tr.t(&format!("{k}-{x}"))).collect::<Vec<_>>().join("\n"))
            .unwrap_or_default(),
        Kind::Postcode { .. } => fields::normalise_postcode(v).unwrap_or_else(|| v.to_string()),
        _ => v.to_string(),
    };
    if shown.is_empty() { tr.t("forms-not-provided") } else { shown }
}

/// A row of the summary: the field, its label and its answer.
pub(crate) struct Row {
    pub(crate) step: Step,
    /// None for the list of uploaded files.
    pub(crate) field: Option<&'static Field>,
    pub(crate) label_key: String,
    pub(crate) label: String,
    pub(crate) value: String,
}

pub(crate) struct Summary {
    pub(crate) title_key: &'static str,
    pub(crate) title: String,
    pub(crate) rows: Vec<Row>,
}

/// The answers, section by section, as asked: what the check page and the e-mail list.
pub(crate) fn summary(def: &FormDef, tr: &Tr<'_>, state: &FormState) -> Vec<Summary> {
    let steps = def.steps(state);
    let mut out = vec![];
    for section in def.sections {
        let in_section: Vec<&Step> = steps.iter().filter(|s| section.pages.contains(&s.page.id)).collect();
        let repeated = in_section.iter().any(|s| s.page.repeat);
        let groups: Vec<usize> = if repeated { (1..=state.children.max(1)).collect() } else { vec![0] };
        for n in groups {
            let mut rows = vec![];
            for step in in_section.iter().filter(|s| s.n == n) {
                let empty = Values::new();
                let values = state.page(&step.key()).unwrap_or(&empty);
                match step.page.kind {
                    PageKind::Question => {
                        for f in asked_fields(step.page.fields, values, state) {
                            let label_key = def.key(f.name);
                            rows.push(Row { step: **step, field: Some(f), label: tr.t(&label_key), label_key, value: display(def, tr, f, values) });
                        }
                    }
                    PageKind::Upload => {
                        let label_key = def.key("documents-files");
                        let names: Vec<&str> = state.uploads.iter().map(|u| u.file_name.as_str()).collect();
                        let value = if names.is_empty() { tr.t("forms-not-provided") } else { names.join("\n") };
                        rows.push(Row { step: **step, field: None, label: tr.t(&label_key), label_key, value });
                    }
                    PageKind::AddAnother => {}
                }
            }
            let title = if repeated { format!("{} {n}", tr.t(section.title_key)) } else { tr.t(section.title_key) };
            out.push(Summary { title_key: section.title_key, title, rows });
        }
    }
    out
}

/// The answers for the outbox: rows with Fluent keys for the labels, and the raw answers as
/// JSON (dates also as ISO 8601) for import into case management.
pub(crate) fn answer_sections(def: &FormDef, tr: &Tr<'_>, state: &FormState) -> (Vec<AnswerSection>, Value) {
    let sections = summary(def, tr, state)
        .into_iter()
        .map(|s| AnswerSection {
            title_key: s.title_key.to_string(),
            rows: s.rows.into_iter().map(|r| AnswerRow { label_key: r.label_key, value: r.value }).collect(),
        })
        .collect();
    let mut pages = serde_json::Map::new();
    for step in def.steps(state) {
        let Some(values) = state.page(&step.key()) else { continue };
        let mut obj = serde_json::Map::new();
        for f in asked_fields(step.page.fields, values, state) {
            let v = match f.kind {
                Kind::Checkboxes { .. } => json!(values.get(f.name).cloned().unwrap_or_default()),
                Kind::Date { .. } => {
                    let part = |p: &str| first(values, &format!("{}-{p}", f.name)).to_string();
                    match fields::parse_date(&DateParts { day: &part("day"), month: &part("month"), year: &part("year") }) {
                        Ok(d) => json!(d.to_string()),
                        Err(_) => Value::Null,
                    }
                }
                Kind::Postcode { .. } => json!(fields::normalise_postcode(first(values, f.name)).unwrap_or_default()),
                _ => json!(first(values, f.name).trim()),
            };
            obj.insert(f.name.to_string(), v);
        }
        pages.insert(step.key(), Value::Object(obj));
    }
    (sections, Value::Object(pages))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_name_is_unique_within_a_form() {
        for f in ALL {
            let d = def(f);
            let mut seen = BTreeSet::new();
            for p in d.pages {
                for field in spec::all_fields(p.fields) {
                    assert!(seen.insert(field.name), "{}: `{}` is used twice", d.prefix, field.name);
                }
            }
        }
    }

    #[test]
    fn every_key_the_forms_use_exists_in_both_languages() {
        let i18n = I18n::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("i18n"), &Lang::ALL).unwrap();
        let missing: Vec<String> = i18n_keys()
            .into_iter()
            .flat_map(|k| Lang::ALL.into_iter().filter(|&l| !i18n.has(l, k)).map(move |l| format!("{l}: {k}")))
            .collect();
        assert!(missing.is_empty(), "missing Fluent messages:\n{}", missing.join("\n"));
    }
}
