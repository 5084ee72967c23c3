//! The forms engine: runs every form the site's `forms/*.toml` describe (see
//! `site::forms`): the order of pages given the answers so far, validation with GOV.UK error
//! messages in both languages, the named rules between answers, the statutory due date, the
//! check-your-answers summary, and the answers handed to the outbox. The HTTP side is in
//! `handlers`; answers in progress are kept by `service::sessions`.

mod body;
mod fields;
pub(crate) mod handlers;
mod upload;
mod views;

use crate::lang::Lang;
use crate::service::outbox::{AnswerRow, AnswerSection};
use crate::service::sessions::{FormState, Values};
use crate::site::forms::{Condition, DateRule, Field, Form, Kind, MAX_LINE, MAX_TEXT, Page, PageKind, Rule};
use crate::site::i18n::{Arg, I18n};
use fields::{DateParts, DateProblem, SchoolAge};
use serde_json::{Value, json};
use time::Date;

/// One page as asked: a page, and for pages asked once per child, which child (from 1).
#[derive(Clone, Copy)]
pub(crate) struct Step<'f> {
    pub(crate) page: &'f Page,
    pub(crate) n: usize,
}

impl Step<'_> {
    /// Where its answers are kept: "parent", "child#2".
    pub(crate) fn key(&self) -> String {
        page_key(self.page, self.n)
    }

    pub(crate) fn slug(&self, lang: Lang) -> String {
        let s = self.page.slug(lang);
        if self.page.repeat { format!("{s}-{}", self.n) } else { s.to_string() }
    }
}

fn page_key(page: &Page, n: usize) -> String {
    if page.repeat { format!("{}#{}", page.id, n.max(1)) } else { page.id.clone() }
}

/// A message for one field: where the summary links to, and which Fluent message.
#[derive(Debug, Clone)]
pub(crate) struct FieldError {
    pub(crate) field: String,
    /// The element id the error summary links to (a date's first box in error).
    pub(crate) anchor: String,
    pub(crate) key: String,
    pub(crate) args: Vec<(&'static str, Arg)>,
    /// Which of a date's day, month and year boxes to highlight.
    pub(crate) parts: [bool; 3],
}

impl FieldError {
    pub(crate) fn new(field: &str, key: impl Into<String>) -> FieldError {
        FieldError {
            field: field.to_string(),
            anchor: field.to_string(),
            key: key.into(),
            args: vec![],
            parts: [true; 3],
        }
    }
}

/// The answer to a field on its own page; for a page asked once per child, child `n`'s.
pub(crate) fn answer<'s>(form: &Form, state: &'s FormState, field: &str, n: usize) -> &'s str {
    match form.page_of(field) {
        Some(p) => state.value(&page_key(p, n), field),
        None => "",
    }
}

fn holds(form: &Form, state: &FormState, c: Option<&Condition>, n: usize) -> bool {
    c.is_none_or(|c| c.holds(answer(form, state, &c.field, n)))
}

/// Whether a field is asked, given the answers to earlier pages.
pub(crate) fn asked(form: &Form, f: &Field, state: &FormState, n: usize) -> bool {
    holds(form, state, f.when.as_ref(), n)
}

/// The pages in the order they are asked, given the answers so far. A run of repeated
/// pages is asked once per child, all of one child's pages before the next's.
pub(crate) fn steps<'f>(form: &'f Form, state: &FormState) -> Vec<Step<'f>> {
    let mut out = vec![];
    let mut i = 0;
    while i < form.pages.len() {
        if form.pages[i].repeat {
            let group: Vec<&Page> = form.pages[i..].iter().take_while(|p| p.repeat).collect();
            for n in 1..=state.children.max(1) {
                for p in &group {
                    if holds(form, state, p.when.as_ref(), n) {
                        out.push(Step { page: p, n });
                    }
                }
            }
            i += group.len();
        } else {
            if holds(form, state, form.pages[i].when.as_ref(), 0) {
                out.push(Step { page: &form.pages[i], n: 0 });
            }
            i += 1;
        }
    }
    out
}

/// The step a URL segment names, if it is asked given the answers so far.
pub(crate) fn step_for<'f>(form: &'f Form, slug: &str, lang: Lang, state: &FormState) -> Option<Step<'f>> {
    steps(form, state).into_iter().find(|s| s.slug(lang) == slug)
}

/// The first step whose answers are missing or wrong; None when the form is complete.
pub(crate) fn first_incomplete<'f>(form: &'f Form, state: &FormState, today: Date) -> Option<Step<'f>> {
    steps(form, state).into_iter().find(|s| !validate(form, s, state, today).is_empty())
}

/// Every rule for one step, against the answers stored for it: each field's own rules,
/// then, when those pass, the page's rules between answers.
pub(crate) fn validate(form: &Form, step: &Step<'_>, state: &FormState, today: Date) -> Vec<FieldError> {
    let empty = Values::new();
    let values = state.page(&step.key()).unwrap_or(&empty);
    let mut errors = vec![];
    match step.page.kind {
        PageKind::Question => {
            for f in asked_fields(form, &step.page.fields, values, state, step.n) {
                if let Some(e) = check_field(form, f, values, today) {
                    errors.push(e);
                }
            }
        }
        PageKind::AddAnother => {
            if first(values, "another") != "no" {
                errors.push(FieldError::new("another", form.key("another-error-missing")));
            }
        }
        PageKind::Upload => {}
    }
    if errors.is_empty() {
        errors.extend(page_rules(form, step, state));
    }
    errors
}

/// The page's named rules between answers (`site::forms::Rule`).
fn page_rules(form: &Form, step: &Step<'_>, state: &FormState) -> Vec<FieldError> {
    let mut out = vec![];
    let n = step.n;
    for r in &step.page.rules {
        let when = holds(form, state, r.when.as_ref(), n);
        let broken = match &r.rule {
            Rule::OneOf { fields } => when && fields.iter().all(|f| answer(form, state, f, n).trim().is_empty()),
            Rule::After { field, other } => {
                match (date_answer(form, state, field, n), date_answer(form, state, other, n)) {
                    (Some(later), Some(earlier)) => when && later <= earlier,
                    _ => false,
                }
            }
            Rule::AllowedWhen { field, value } => answer(form, state, field, n) == value && !when,
            Rule::RequiredWhen { field } => when && answer(form, state, field, n).trim().is_empty(),
        };
        if broken {
            let mut e = FieldError::new(&r.field, r.error_key.clone());
            if form.fields().iter().any(|(_, f)| f.name == r.field && matches!(f.kind, Kind::Date { .. })) {
                e.anchor = format!("{}-day", r.field);
            }
            out.push(e);
        }
    }
    out
}

fn date_answer(form: &Form, state: &FormState, field: &str, n: usize) -> Option<Date> {
    let page = form.page_of(field)?;
    let key = page_key(page, n);
    let v = |p: &str| state.value(&key, &format!("{field}-{p}")).to_string();
    fields::parse_date(&DateParts { day: &v("day"), month: &v("month"), year: &v("year") }).ok()
}

/// When the council must answer by, and the Fluent key naming the rule: the date of the
/// first of the form's clocks that has one (see `due_dates`).
pub(crate) fn due<'f>(form: &'f Form, state: &FormState, received: Date) -> Option<(Date, &'f str)> {
    form.clocks().into_iter().find_map(|clock| clock_date(form, state, received, clock)?.ok())
}

/// A clock's date and the Fluent key of its rule; or, not counted, the end of the last listed
/// term and the rule's key.
type ClockDate<'f> = Result<(Date, &'f str), (Date, &'f str)>;

/// One clock's date: its first entry whose condition holds and whose start is known (the
/// day of receipt, or the date answer it counts `from`). A school-day date after the last
/// listed term is not guessed: it comes back as `Err` with the last term's end, so the team
/// is told to count it by hand (`porth check` warns before the term dates run out).
fn clock_date<'f>(form: &'f Form, state: &FormState, received: Date, clock: &str) -> Option<ClockDate<'f>> {
    let mut uncounted = None;
    for d in form.due.iter().filter(|d| d.clock == clock && holds(form, state, d.when.as_ref(), 0)) {
        let start = match &d.from {
            Some(field) => match date_answer(form, state, field, 0) {
                Some(start) => start,
                None => continue,
            },
            None => received,
        };
        match d.span.due(start) {
            Ok(date) => return Some(Ok((date, d.key.as_str()))),
            Err(e) => {
                // No answers in the log: the form, the clock and the reason only.
                tracing::warn!(form = %form.id, clock, "no due date: {e}");
                let crate::site::clocks::Uncounted::BeyondTerms { last } = e;
                uncounted.get_or_insert((last, d.key.as_str()));
            }
        }
    }
    uncounted.map(Err)
}

/// A clock whose date could not be counted: which clock, the Fluent key naming its rule, and
/// the last day of the last term the council's term-date file lists.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub(crate) struct UncountedDate {
    pub(crate) clock: String,
    pub(crate) rule: String,
    #[serde(serialize_with = "iso_date")]
    pub(crate) terms_end: Date,
}

/// The clocks that apply but could not be counted (a school-day date past the last listed
/// term): the team e-mail says so, rather than showing no date.
pub(crate) fn uncounted_dates(form: &Form, state: &FormState, received: Date) -> Vec<UncountedDate> {
    form.clocks()
        .into_iter()
        .filter_map(|clock| {
            let (terms_end, rule) = clock_date(form, state, received, clock)?.err()?;
            Some(UncountedDate { clock: clock.to_string(), rule: rule.to_string(), terms_end })
        })
        .collect()
}

/// One computed statutory date: which clock, the Fluent key naming its rule, and the date.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub(crate) struct DueDate {
    pub(crate) clock: String,
    pub(crate) rule: String,
    #[serde(serialize_with = "iso_date")]
    pub(crate) date: Date,
}

fn iso_date<S: serde::Serializer>(d: &Date, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&d.to_string())
}

/// Every clock's date: for each of the form's clocks, the first entry whose condition holds,
/// counted from its start. The first is the one `due` gives.
pub(crate) fn due_dates(form: &Form, state: &FormState, received: Date) -> Vec<DueDate> {
    form.clocks()
        .into_iter()
        .filter_map(|clock| {
            let (date, rule) = clock_date(form, state, received, clock)?.ok()?;
            Some(DueDate { clock: clock.to_string(), rule: rule.to_string(), date })
        })
        .collect()
}

/// The address the acknowledgement goes to: the first of the form's e-mail fields that is
/// asked and valid.
pub(crate) fn sender_email(form: &Form, state: &FormState) -> Option<String> {
    form.sender_email.iter().find_map(|name| {
        let (page, field) = form.fields().into_iter().find(|(_, f)| &f.name == name)?;
        if !asked(form, field, state, 0) || page.repeat {
            return None;
        }
        let e = answer(form, state, name, 0).trim();
        fields::valid_email(e).then(|| e.to_string())
    })
}

/// The language the sender asked to be written to in, if the form asks.
pub(crate) fn contact_language(form: &Form, state: &FormState) -> Option<Lang> {
    form.contact_language.as_deref().and_then(|f| Lang::parse(answer(form, state, f, 0)))
}

/// One field's own rules. GOV.UK order: missing, then format, then range.
fn check_field(form: &Form, f: &Field, values: &Values, today: Date) -> Option<FieldError> {
    let k = form.key(&f.name);
    let v = first(values, &f.name).trim();
    let missing = FieldError::new(&f.name, format!("{k}-error-missing"));
    match &f.kind {
        Kind::Date { rule } => return check_date(form, f, *rule, values, today),
        Kind::Checkboxes { none, .. } => {
            let chosen = values.get(&f.name).map(Vec::len).unwrap_or(0);
            if chosen == 0 {
                return (!f.optional).then_some(missing);
            }
            if let Some(none) = none
                && chosen > 1
                && values[&f.name].iter().any(|x| x == none)
            {
                return Some(FieldError::new(&f.name, format!("{k}-error-exclusive")));
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
        let mut e = FieldError::new(&f.name, "forms-error-too-long");
        e.args.push(("max", Arg::Num(max as f64)));
        return Some(e);
    }
    let format = |key: &str| Some(FieldError::new(&f.name, key));
    match &f.kind {
        Kind::Email if !fields::valid_email(v) => format("forms-error-email"),
        Kind::Phone if !fields::valid_phone(v) => format("forms-error-phone"),
        Kind::Postcode if fields::normalise_postcode(v).is_none() => format("forms-error-postcode"),
        // Only offered answers count: anything else is a tampered request.
        Kind::Radios { options } if !options.iter().any(|o| o.value == v) => Some(missing),
        _ => None,
    }
}

fn check_date(form: &Form, f: &Field, rule: DateRule, values: &Values, today: Date) -> Option<FieldError> {
    let k = form.key(&f.name);
    let part = |p: &str| first(values, &format!("{}-{p}", f.name)).to_string();
    let (d, m, y) = (part("day"), part("month"), part("year"));
    let err = |key: String, parts: [bool; 3]| {
        let first_part = ["day", "month", "year"][parts.iter().position(|&b| b).unwrap_or(0)];
        FieldError { field: f.name.clone(), anchor: format!("{}-{first_part}", f.name), key, args: vec![], parts }
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
        DateRule::Past => (date > today).then_some("future"),
    };
    code.map(|c| err(format!("{k}-error-{c}"), [true; 3]))
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
    "forms-another-error-max",
];

/// Every Fluent key the engine's own code asks for by name, whatever the forms; each
/// form's keys come from its file (`site::forms::Form::keys`).
pub(crate) fn i18n_keys() -> Vec<&'static str> {
    let mut keys: Vec<&'static str> = SHARED_KEYS.to_vec();
    keys.extend(upload::KEYS);
    keys
}

/// The first value of a field, or "".
pub(crate) fn first<'a>(values: &'a Values, name: &str) -> &'a str {
    values.get(name).and_then(|v| v.first()).map(String::as_str).unwrap_or("")
}

/// The fields a page asks given the answers: follow-up questions only under the chosen
/// answer, and fields whose condition on earlier pages holds.
pub(crate) fn asked_fields<'f>(
    form: &Form,
    fields: &'f [Field],
    values: &Values,
    state: &FormState,
    n: usize,
) -> Vec<&'f Field> {
    let mut out = vec![];
    for f in fields.iter().filter(|f| asked(form, f, state, n)) {
        out.push(f);
        if let Kind::Radios { options } | Kind::Checkboxes { options, .. } = &f.kind {
            let chosen = values.get(&f.name).cloned().unwrap_or_default();
            for o in options.iter().filter(|o| chosen.iter().any(|c| c == &o.value)) {
                out.extend(asked_fields(form, &o.reveal, values, state, n));
            }
        }
    }
    out
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

/// Whom the form is about, as typed: the `concerns` fields of child `n` (or of the form,
/// when they are asked once), joined by spaces.
fn concern(form: &Form, state: &FormState, n: usize) -> String {
    form.concerns
        .iter()
        .map(|f| answer(form, state, f, n).trim())
        .filter(|v| !v.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Everyone the form is about: each child's name, or the one person's.
pub(crate) fn concerns(form: &Form, state: &FormState) -> Vec<String> {
    let per_child = form.concerns.iter().any(|f| form.page_of(f).is_some_and(|p| p.repeat));
    let ns: Vec<usize> = if per_child { (1..=state.children.max(1)).collect() } else { vec![0] };
    ns.into_iter().map(|n| concern(form, state, n)).filter(|c| !c.is_empty()).collect()
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
    for n in 1..=if repeats(form) { state.children.max(1) } else { 0 } {
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

/// Whether any page of the form is asked once per child.
pub(crate) fn repeats(form: &Form) -> bool {
    form.pages.iter().any(|p| p.repeat)
}

#[cfg(test)]
mod tests;
