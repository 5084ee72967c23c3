//! The forms engine's rules, with no HTTP and no strings: the order of pages given the
//! answers so far (`steps`), which fields a page asks, validation with GOV.UK error codes,
//! the named rules between answers, and the statutory due dates. Both the service (which
//! runs a form for a family) and `porth check` (which walks every form before a family
//! does) use it; the service turns its Fluent keys into text.

use crate::forms::fields::{self, DateParts, DateProblem, SchoolAge};
use crate::forms::model::{Condition, DateRule, Field, Form, Kind, MAX_LINE, MAX_TEXT, Page, PageKind, Rule};
use crate::forms::state::{FormState, Values};
use crate::lang::Lang;
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

/// The key of a page instance's answers in `FormState::pages`: `"parent"`, or `"child#2"`.
pub(crate) fn page_key(page: &Page, n: usize) -> String {
    if page.repeat { format!("{}#{}", page.id, n.max(1)) } else { page.id.clone() }
}

/// A value a message is given: a number, or the Fluent key of a word to translate first (which
/// of a date's parts is missing).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ErrorArg {
    Num(f64),
    Key(String),
}

/// A message for one field: where the summary links to, and which Fluent message.
#[derive(Debug, Clone)]
pub(crate) struct FieldError {
    pub(crate) field: String,
    /// The element id the error summary links to (a date's first box in error).
    pub(crate) anchor: String,
    pub(crate) key: String,
    pub(crate) args: Vec<(&'static str, ErrorArg)>,
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

/// Whether a condition holds for item `n` (0: a page asked once); no condition always holds.
pub(crate) fn holds(form: &Form, state: &FormState, c: Option<&Condition>, n: usize) -> bool {
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
            for n in 1..=items(form, state) {
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
            if let Some(g) = &form.group
                && first(values, &g.field) != g.done
            {
                errors.push(FieldError::new(&g.field, form.key(&format!("{}-error-missing", g.field))));
            }
        }
        PageKind::Upload => {}
    }
    if errors.is_empty() {
        errors.extend(page_rules(form, step, state));
    }
    errors
}

/// The page's named rules between answers (`forms::model::Rule`).
pub(crate) fn page_rules(form: &Form, step: &Step<'_>, state: &FormState) -> Vec<FieldError> {
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
                let crate::forms::clocks::Uncounted::BeyondTerms { last } = e;
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

/// Whom the form is about, as typed: the `concerns` fields of child `n` (or of the form,
/// when they are asked once), joined by spaces.
pub(crate) fn concern(form: &Form, state: &FormState, n: usize) -> String {
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
    let ns: Vec<usize> = if per_child { (1..=items(form, state)).collect() } else { vec![0] };
    ns.into_iter().map(|n| concern(form, state, n)).filter(|c| !c.is_empty()).collect()
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
        e.args.push(("max", ErrorArg::Num(max as f64)));
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
            e.args.push(("part", ErrorArg::Key(format!("forms-date-part-{which}"))));
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

/// The name every form's item count had in sessions saved before items were named.
const OLD_ITEMS: &str = "children";

/// How many items the form's repeat group has so far (at least 1).
pub(crate) fn items(form: &Form, state: &FormState) -> usize {
    let Some(g) = &form.group else { return 1 };
    state.items.get(&g.items).or_else(|| state.items.get(OLD_ITEMS)).copied().unwrap_or(1).max(1)
}

/// Sets the item count, under the form's own name for its items.
pub(crate) fn set_items(form: &Form, state: &mut FormState, n: usize) {
    if let Some(g) = &form.group {
        state.items.retain(|k, _| k == &g.items);
        state.items.insert(g.items.clone(), n.max(1));
    }
}

/// What an answer to the add-another question means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Another {
    /// The first answer: add an item.
    More,
    /// The second: no more items.
    Done,
    /// Neither (not answered, or a tampered request).
    Missing,
}

/// Reads the add-another question's answer, by the field and answers the form file names.
pub(crate) fn another(form: &Form, value: Option<&str>) -> Another {
    match (&form.group, value) {
        (Some(g), Some(v)) if v == g.more => Another::More,
        (Some(g), Some(v)) if v == g.done => Another::Done,
        _ => Another::Missing,
    }
}

/// Adds an item and gives the first page asked for it; None (and nothing changed) if the
/// new item would have no page, which the loader's shape checks and `porth check`'s walk
/// rule out for every form they pass.
pub(crate) fn add_item<'f>(form: &'f Form, state: &mut FormState) -> Option<Step<'f>> {
    let n = items(form, state) + 1;
    let mut next = state.clone();
    set_items(form, &mut next, n);
    if let Some(g) = &form.group {
        next.pages.remove(&g.page);
    }
    let first = steps(form, &next).into_iter().find(|s| s.page.repeat && s.n == n)?;
    *state = next;
    Some(first)
}

/// Removes item `n` and renumbers the ones after it; the last item is never removed.
pub(crate) fn remove_item(form: &Form, state: &mut FormState, n: usize) {
    let count = items(form, state);
    if count <= 1 || n == 0 || n > count {
        return;
    }
    let mut pages = std::collections::BTreeMap::new();
    for (key, values) in std::mem::take(&mut state.pages) {
        match key.split_once('#').and_then(|(id, k)| Some((id.to_string(), k.parse::<usize>().ok()?))) {
            Some((_, k)) if k == n => {}
            Some((id, k)) if k > n => {
                pages.insert(format!("{id}#{}", k - 1), values);
            }
            _ => {
                pages.insert(key, values);
            }
        }
    }
    state.pages = pages;
    set_items(form, state, count - 1);
}
