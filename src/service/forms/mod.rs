//! The forms over HTTP: the views of a form's pages in the visitor's language (labels,
//! hints, error messages, the check-your-answers summary) and the answers handed to the
//! outbox. What is asked and what is wrong is decided by the shared core (`crate::forms`):
//! this module only turns it into pages. The HTTP side is in `handlers`; answers in progress
//! are kept by `service::sessions`.

mod body;
pub(crate) mod handlers;
mod upload;
mod views;

// The engine's rules, under the names this module's pages have always called them by.
pub(crate) use crate::forms::engine::{
    Another, ErrorArg, FieldError, Step, add_item, another, answer, asked, asked_fields, contact_language, due,
    due_dates, first, first_incomplete, items, remove_item, sender_email, step_for, steps, uncounted_dates, validate,
};
use crate::forms::fields::{self, DateParts};
use crate::forms::model::{Field, Form, Kind, PageKind};
use crate::forms::state::{FormState, Values};
use crate::lang::Lang;
use crate::service::outbox::{AnswerRow, AnswerSection};
use crate::site::i18n::{Arg, I18n};
use serde_json::{Value, json};

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
    "forms-another-error-max",
];

/// Every Fluent key the engine's own code asks for by name, whatever the forms; each
/// form's keys come from its file (`site::forms::Form::keys`).
pub(crate) fn i18n_keys() -> Vec<&'static str> {
    let mut keys: Vec<&'static str> = SHARED_KEYS.to_vec();
    keys.extend(upload::KEYS);
    keys
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
        self.i18n.text_args(self.lang, key, args)
    }
    /// An error's message; arguments that name a Fluent key (date parts) are translated too.
    pub(crate) fn error(&self, e: &FieldError) -> String {
        let args: Vec<(&str, Arg)> = e
            .args
            .iter()
            .map(|(n, a)| match a {
                ErrorArg::Key(k) => (*n, Arg::Str(self.t(k))),
                ErrorArg::Num(x) => (*n, Arg::Num(*x)),
            })
            .collect();
        self.args(&e.key, &args)
    }
}

/// The view of one field for `templates/forms/components.html`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn field_view(
    form: &Form,
    tr: &Tr<'_>,
    f: &Field,
    values: &Values,
    errors: &[FieldError],
    state: &FormState,
    n: usize,
    heading: bool,
) -> Value {
    let k = form.key(&f.name);
    let error = errors.iter().find(|e| e.field == f.name);
    let has = |key: &str| tr.i18n.has(tr.lang, key);
    let mut label = tr.t(&k);
    if f.optional {
        label = format!("{label} {}", tr.t("forms-optional"));
    }
    let (kind, input_type, width, spellcheck) = match &f.kind {
        Kind::Text => ("input", "text", f.width.as_str(), true),
        Kind::Email => ("input", "email", "", false),
        Kind::Phone => ("input", "tel", "20", false),
        Kind::Postcode => ("input", "text", "10", false),
        Kind::Textarea => ("textarea", "", "", true),
        Kind::Date { .. } => ("date", "", "", false),
        Kind::Radios { .. } => ("radios", "", "", false),
        Kind::Checkboxes { .. } => ("checkboxes", "", "", false),
    };
    let chosen: Vec<String> = values.get(&f.name).cloned().unwrap_or_default();
    let options: Vec<Value> = match &f.kind {
        Kind::Radios { options } | Kind::Checkboxes { options, .. } => {
            let none = if let Kind::Checkboxes { none, .. } = &f.kind { none.as_deref() } else { None };
            options
                .iter()
                .enumerate()
                .map(|(i, o)| {
                    let ok = format!("{k}-{}", o.value);
                    let reveal: Vec<Value> = o
                        .reveal
                        .iter()
                        .filter(|rf| asked(form, rf, state, n))
                        .map(|rf| field_view(form, tr, rf, values, errors, state, n, false))
                        .collect();
                    json!({
                        "value": o.value,
                        "id": if i == 0 { f.name.clone() } else { format!("{}-{}", f.name, i + 1) },
                        "label": tr.t(&ok),
                        "hint": if o.hint { Some(tr.t(&format!("{ok}-hint"))) } else { None },
                        "checked": chosen.iter().any(|c| c == &o.value),
                        "divider": Some(o.value.as_str()) == none,
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
        [hint.as_ref().map(|_| format!("{}-hint", f.name)), error.map(|_| format!("{}-error", f.name))]
            .into_iter()
            .flatten()
            .collect();
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
        "value": first(values, &f.name),
        "autocomplete": f.autocomplete,
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
pub(crate) fn display(form: &Form, tr: &Tr<'_>, f: &Field, values: &Values) -> String {
    let k = form.key(&f.name);
    let v = first(values, &f.name).trim();
    let shown = match &f.kind {
        Kind::Date { .. } => {
            let part = |p: &str| first(values, &format!("{}-{p}", f.name)).to_string();
            match fields::parse_date(&DateParts { day: &part("day"), month: &part("month"), year: &part("year") }) {
                Ok(d) => crate::site::dates::date(tr.lang, d),
                Err(_) => String::new(),
            }
        }
        Kind::Radios { .. } if !v.is_empty() => tr.t(&format!("{k}-{v}")),
        Kind::Checkboxes { .. } => values
            .get(&f.name)
            .map(|vs| vs.iter().map(|x| tr.t(&format!("{k}-{x}"))).collect::<Vec<_>>().join("\n"))
            .unwrap_or_default(),
        Kind::Postcode => fields::normalise_postcode(v).unwrap_or_else(|| v.to_string()),
        _ => v.to_string(),
    };
    if shown.is_empty() { tr.t("forms-not-provided") } else { shown }
}

/// A row of the summary: the field, its label and its answer.
pub(crate) struct Row<'f> {
    pub(crate) step: Step<'f>,
    /// None for the list of uploaded files.
    pub(crate) field: Option<&'f Field>,
    pub(crate) label_key: String,
    pub(crate) label: String,
    pub(crate) value: String,
}

pub(crate) struct Summary<'f> {
    pub(crate) title_key: &'f str,
    pub(crate) title: String,
    pub(crate) rows: Vec<Row<'f>>,
}

/// The answers, section by section, as asked: what the check page and the e-mail list.
pub(crate) fn summary<'f>(form: &'f Form, tr: &Tr<'_>, state: &FormState) -> Vec<Summary<'f>> {
    let steps = steps(form, state);
    let mut out = vec![];
    for section in &form.sections {
        let in_section: Vec<&Step<'_>> = steps.iter().filter(|s| section.pages.contains(&s.page.id)).collect();
        let repeated = in_section.iter().any(|s| s.page.repeat);
        let groups: Vec<usize> = if repeated { (1..=items(form, state)).collect() } else { vec![0] };
        for n in groups {
            let mut rows = vec![];
            for step in in_section.iter().filter(|s| s.n == n) {
                let empty = Values::new();
                let values = state.page(&step.key()).unwrap_or(&empty);
                match step.page.kind {
                    PageKind::Question => {
                        for f in asked_fields(form, &step.page.fields, values, state, n) {
                            let label_key = form.key(&f.name);
                            rows.push(Row {
                                step: **step,
                                field: Some(f),
                                label: tr.t(&label_key),
                                label_key,
                                value: display(form, tr, f, values),
                            });
                        }
                    }
                    PageKind::Upload => {
                        let label_key = form.key(&format!("{}-files", step.page.id));
                        let names: Vec<&str> = state.uploads.iter().map(|u| u.file_name.as_str()).collect();
                        let value = if names.is_empty() { tr.t("forms-not-provided") } else { names.join("\n") };
                        rows.push(Row { step: **step, field: None, label: tr.t(&label_key), label_key, value });
                    }
                    PageKind::AddAnother => {}
                }
            }
            let title = if repeated { format!("{} {n}", tr.t(&section.title_key)) } else { tr.t(&section.title_key) };
            out.push(Summary { title_key: &section.title_key, title, rows });
        }
    }
    out
}

/// The answers for the outbox: rows with Fluent keys for the labels, and the raw answers as
/// JSON (dates also as ISO 8601) for import into case management.
pub(crate) fn answer_sections(form: &Form, tr: &Tr<'_>, state: &FormState) -> (Vec<AnswerSection>, Value) {
    let sections = summary(form, tr, state)
        .into_iter()
        .map(|s| AnswerSection {
            title_key: s.title_key.to_string(),
            rows: s.rows.into_iter().map(|r| AnswerRow { label_key: r.label_key, value: r.value }).collect(),
        })
        .collect();
    let mut pages = serde_json::Map::new();
    for step in steps(form, state) {
        let Some(values) = state.page(&step.key()) else { continue };
        let mut obj = serde_json::Map::new();
        for f in asked_fields(form, &step.page.fields, values, state, step.n) {
            let v = match &f.kind {
                Kind::Checkboxes { .. } => json!(values.get(&f.name).cloned().unwrap_or_default()),
                Kind::Date { .. } => {
                    let part = |p: &str| first(values, &format!("{}-{p}", f.name)).to_string();
                    match fields::parse_date(&DateParts {
                        day: &part("day"),
                        month: &part("month"),
                        year: &part("year"),
                    }) {
                        Ok(d) => json!(d.to_string()),
                        Err(_) => Value::Null,
                    }
                }
                Kind::Postcode => json!(fields::normalise_postcode(first(values, &f.name)).unwrap_or_default()),
                _ => json!(first(values, &f.name).trim()),
            };
            obj.insert(f.name.clone(), v);
        }
        pages.insert(step.key(), Value::Object(obj));
    }
    (sections, Value::Object(pages))
}

#[cfg(test)]
mod tests;
