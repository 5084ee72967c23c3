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
    Another, DueDate, ErrorArg, FieldError, Step, add_item, another, answer, asked, asked_fields, concern, concerns,
    contact_language, due, due_dates, first, first_incomplete, holds, items, page_key, remove_item, sender_email,
    step_for, steps, uncounted_dates, validate,
};
use crate::forms::fields::{self, DateParts};
use crate::forms::model::{Condition, Field, Form, Kind, PageKind};
use crate::forms::state::{FormState, Values};
use crate::lang::Lang;
use crate::service::outbox::{AnswerRow, AnswerSection};
use crate::site::i18n::{Arg, I18n};
use serde::Serialize;
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

/// One field as `templates/forms/components.html` shows it.
#[derive(Serialize)]
pub(crate) struct FieldView {
    name: String,
    /// `input`, `textarea`, `date`, `radios` or `checkboxes`: the macro that draws it.
    kind: &'static str,
    /// The `<input type>`: `text`, `email`, `tel`, or "" for the others.
    #[serde(rename = "type")]
    input_type: &'static str,
    label: String,
    /// The label is the page's heading (a page of one question).
    heading: bool,
    hint: Option<String>,
    describedby: String,
    error: Option<String>,
    value: String,
    autocomplete: String,
    width: String,
    spellcheck: bool,
    options: Vec<OptionView>,
    day: String,
    month: String,
    year: String,
    day_error: bool,
    month_error: bool,
    year_error: bool,
}

/// One radio or checkbox, with the questions it reveals.
#[derive(Serialize)]
pub(crate) struct OptionView {
    value: String,
    id: String,
    label: String,
    hint: Option<String>,
    checked: bool,
    /// The "or" line above a "none of these" checkbox.
    divider: bool,
    reveal: Vec<FieldView>,
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
) -> FieldView {
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
    let options: Vec<OptionView> = match &f.kind {
        Kind::Radios { options } | Kind::Checkboxes { options, .. } => {
            let none = if let Kind::Checkboxes { none, .. } = &f.kind { none.as_deref() } else { None };
            options
                .iter()
                .enumerate()
                .map(|(i, o)| {
                    let ok = format!("{k}-{}", o.value);
                    let reveal: Vec<FieldView> = o
                        .reveal
                        .iter()
                        .filter(|rf| asked(form, rf, state, n))
                        .map(|rf| field_view(form, tr, rf, values, errors, state, n, false))
                        .collect();
                    OptionView {
                        value: o.value.clone(),
                        id: if i == 0 { f.name.clone() } else { format!("{}-{}", f.name, i + 1) },
                        label: tr.t(&ok),
                        hint: if o.hint { Some(tr.t(&format!("{ok}-hint"))) } else { None },
                        checked: chosen.iter().any(|c| c == &o.value),
                        divider: Some(o.value.as_str()) == none,
                        reveal,
                    }
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
    FieldView {
        name: f.name.clone(),
        kind,
        input_type,
        label,
        heading,
        hint,
        describedby: describedby.join(" "),
        error: error.map(|e| tr.error(e)),
        value: first(values, &f.name).to_string(),
        autocomplete: f.autocomplete.clone(),
        width: width.to_string(),
        spellcheck,
        options,
        day: part("day"),
        month: part("month"),
        year: part("year"),
        day_error: parts_in_error[0],
        month_error: parts_in_error[1],
        year_error: parts_in_error[2],
    }
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
/// Choices and dates also come in each of `langs`, so that the team reads them in either.
pub(crate) fn answer_sections(
    form: &Form,
    tr: &Tr<'_>,
    state: &FormState,
    langs: &[Lang],
) -> (Vec<AnswerSection>, Value) {
    let repeated = |title_key: &str| {
        form.sections
            .iter()
            .find(|s| s.title_key == title_key)
            .is_some_and(|s| form.pages.iter().any(|p| p.repeat && s.pages.contains(&p.id)))
    };
    let sections = summary(form, tr, state)
        .into_iter()
        .map(|s| {
            let n = s.rows.first().map(|r| r.step.n).unwrap_or(0);
            // Named only where each repeat is a child (home education), not a period of support.
            let per_child = form.concerns.iter().any(|f| form.page_of(f).is_some_and(|p| p.repeat));
            let subject = (repeated(s.title_key) && n > 0).then(|| {
                let name = if per_child { concern(form, state, n) } else { String::new() };
                if name.is_empty() { n.to_string() } else { format!("{n}: {name}") }
            });
            AnswerSection {
                title_key: s.title_key.to_string(),
                subject,
                rows: s
                    .rows
                    .into_iter()
                    .map(|r| {
                        let translated = match r.field {
                            Some(f) => translations(form, tr, f, state.page(&r.step.key()), langs),
                            None => Default::default(),
                        };
                        AnswerRow { label_key: r.label_key, value: r.value, translated }
                    })
                    .collect(),
            }
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

/// A choice's or a date's answer in each language, and "not provided" for a question left
/// blank; nothing for free text, or on a one-language site.
fn translations(
    form: &Form,
    tr: &Tr<'_>,
    f: &Field,
    values: Option<&Values>,
    langs: &[Lang],
) -> std::collections::BTreeMap<Lang, String> {
    let choice = matches!(f.kind, Kind::Radios { .. } | Kind::Checkboxes { .. } | Kind::Date { .. });
    let blank = values.is_some_and(|v| first(v, &f.name).trim().is_empty());
    let (Some(values), true, true) = (values, choice || blank, langs.len() > 1) else { return Default::default() };
    langs.iter().map(|&lang| (lang, display(form, &Tr { i18n: tr.i18n, lang }, f, values))).collect()
}

/// The route answers (`route` in the form file) that were asked, each in every language.
pub(crate) fn route(form: &Form, tr: &Tr<'_>, state: &FormState, langs: &[Lang]) -> Vec<AnswerRow> {
    let empty = Values::new();
    form.route
        .iter()
        .filter_map(|name| {
            let (page, f) = form.fields().into_iter().find(|(_, f)| &f.name == name)?;
            if !asked(form, f, state, 0) || answer(form, state, name, 0).is_empty() {
                return None;
            }
            let values = state.page(&page_key(page, 0)).unwrap_or(&empty);
            let mut translated = translations(form, tr, f, Some(values), langs);
            if translated.is_empty() {
                translated =
                    langs.iter().map(|&lang| (lang, display(form, &Tr { i18n: tr.i18n, lang }, f, values))).collect();
            }
            Some(AnswerRow { label_key: form.key(name), value: display(form, tr, f, values), translated })
        })
        .collect()
}

/// What the confirmation and acknowledgement tell the sender to do next (`[[next]]` in the
/// form file). An entry whose condition is on a page asked once per child gives a note for
/// each child it holds for, naming them; its arguments are that child's answers (text and
/// dates, by field name), `name`, and each statutory date as `due-<clock>`.
pub(crate) fn next_notes(form: &Form, state: &FormState, dues: &[DueDate]) -> Vec<crate::service::submission::Note> {
    use crate::service::submission::{Note, NoteArg};
    let args_for = |n: usize| {
        let mut args = std::collections::BTreeMap::new();
        for (page, f) in form.fields() {
            if page.repeat && n == 0 {
                continue;
            }
            let key = page_key(page, n);
            let Some(values) = state.page(&key) else { continue };
            match f.kind {
                Kind::Date { .. } => {
                    let part = |p: &str| first(values, &format!("{}-{p}", f.name)).to_string();
                    if let Ok(d) =
                        fields::parse_date(&DateParts { day: &part("day"), month: &part("month"), year: &part("year") })
                    {
                        args.insert(f.name.clone(), NoteArg::Date { date: d });
                    }
                }
                Kind::Text | Kind::Email | Kind::Phone | Kind::Postcode => {
                    let v = first(values, &f.name).trim();
                    if !v.is_empty() {
                        args.insert(f.name.clone(), NoteArg::Text(v.to_string()));
                    }
                }
                _ => {}
            }
        }
        let name = if n > 0 { concern(form, state, n) } else { concerns(form, state).join(", ") };
        args.insert("name".into(), NoteArg::Text(name));
        for d in dues {
            args.insert(format!("due-{}", d.clock), NoteArg::Date { date: d.date });
        }
        args
    };
    let per_child = |c: Option<&Condition>| c.and_then(|c| form.page_of(&c.field)).is_some_and(|p| p.repeat);
    let mut out = vec![];
    // Per child, in child order: the first entry that holds (special cases first in the file).
    for n in 1..=if form.group.is_some() { items(form, state) } else { 0 } {
        if let Some(next) =
            form.next.iter().find(|x| per_child(x.when.as_ref()) && holds(form, state, x.when.as_ref(), n))
        {
            out.push(Note { key: next.key.clone(), args: args_for(n) });
        }
    }
    for next in form.next.iter().filter(|x| !per_child(x.when.as_ref()) && holds(form, state, x.when.as_ref(), 0)) {
        out.push(Note { key: next.key.clone(), args: args_for(0) });
    }
    out
}

#[cfg(test)]
mod tests;
