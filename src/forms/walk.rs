//! `porth check`'s walk through every form, so a form an editor has changed is run before a
//! family runs it. For every combination of the answers the form's `when`s and rules depend
//! on (each choice's options, the values a `when` names plus one other, and no answer where
//! a question may be left out), with one item and with two in its repeat group, the walk
//! fills the form the way a family would, through the engine itself (`engine::steps`,
//! `engine::validate`), and reports, at the form file's line:
//!
//! - a page no combination of answers reaches (its `when` can never hold);
//! - a page a family cannot get past whatever they answer on it, given their earlier answers
//!   (so that path never reaches check your answers);
//! - a field asked twice on one path;
//! - a repeat group where adding an item shows no page, or where removing one leaves the
//!   answers incomplete.
//!
//! It is bounded: at most `MAX_COMBINATIONS` combinations per form (a form whose conditions
//! depend on more is refused, naming the count), and within a page at most
//! `MAX_PAGE_TRIES` answers tried to get past it. `docs/FORMS.md` states the same bound.

use crate::forms::engine::{self, Step};
use crate::forms::model::{DateRule, Field, Form, Forms, Kind, PageKind, Rule, all_fields};
use crate::forms::state::{FormState, Values};
use crate::problems::Problem;
use std::collections::{BTreeMap, BTreeSet};
use time::{Date, Duration};

/// The most combinations of answers walked for one form, each with one and with two items.
pub(crate) const MAX_COMBINATIONS: usize = 4096;
/// The most answers tried on one page to get past it.
pub(crate) const MAX_PAGE_TRIES: usize = 256;

/// Every form of the site, walked.
pub(crate) fn walk_all(forms: &Forms, today: Date) -> Vec<Problem> {
    forms.list.iter().flat_map(|f| walk(f, today)).collect()
}

/// One field the path depends on, and the answers worth trying for it.
struct Axis<'f> {
    field: &'f Field,
    values: Vec<String>,
}

/// What the walk found, by line and kind, with the first answers that showed it.
#[derive(Default)]
struct Found {
    problems: BTreeMap<(usize, String), (String, String)>,
}

impl Found {
    fn add(&mut self, line: usize, what: String, answers: &str, fix: &str) {
        self.problems.entry((line, what)).or_insert_with(|| (answers.to_string(), fix.to_string()));
    }
}

/// Walks one form; see the module's comment for what is checked.
pub(crate) fn walk(form: &Form, today: Date) -> Vec<Problem> {
    let axes = axes(form);
    let total = axes.iter().try_fold(1usize, |acc, a| acc.checked_mul(a.values.len().max(1)));
    let Some(total) = total.filter(|&t| t <= MAX_COMBINATIONS) else {
        let names: Vec<&str> = axes.iter().map(|a| a.field.name.as_str()).collect();
        return vec![Problem::new(
            &form.file,
            1,
            format!(
                "the pages of this form depend on more combinations of answers than `porth check` walks ({MAX_COMBINATIONS}); they depend on {}",
                names.join(", ")
            ),
            "split the form, or make fewer questions decide which pages are asked",
        )];
    };
    let counts: &[usize] = if form.group.is_some() { &[1, 2] } else { &[1] };
    let mut found = Found::default();
    let mut reached: BTreeSet<&str> = BTreeSet::new();
    for i in 0..total {
        // The i-th combination, as a mixed-radix number over the axes.
        let mut rest = i;
        let mut combo: BTreeMap<&str, &str> = BTreeMap::new();
        for a in &axes {
            let len = a.values.len().max(1);
            if let Some(v) = a.values.get(rest % len) {
                combo.insert(a.field.name.as_str(), v.as_str());
            }
            rest /= len;
        }
        for &count in counts {
            walk_one(form, &axes, &combo, count, today, &mut found, &mut reached);
        }
    }
    for p in &form.pages {
        if !reached.contains(p.id.as_str()) {
            let line = if p.when_line > 0 { p.when_line } else { p.line };
            found.add(
                line,
                format!("page `{}` is never asked: no answers to this form make its `when` hold", p.id),
                "",
                "correct the `when` (field and values), or remove the page",
            );
        }
    }
    found
        .problems
        .into_iter()
        .map(|((line, what), (answers, fix))| {
            let message = if answers.is_empty() { what } else { format!("{what} (for example when {answers})") };
            Problem::new(&form.file, line, message, fix)
        })
        .collect()
}

/// The fields the path depends on: those a `when` names (a page's, a question's or a
/// rule's) and those an `allowed-when` rule limits, with the answers worth trying for each.
fn axes(form: &Form) -> Vec<Axis<'_>> {
    let mut named: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut note = |c: &crate::forms::model::Condition| {
        named.entry(c.field.clone()).or_default().extend(c.is.iter().chain(&c.not).cloned());
    };
    for p in &form.pages {
        p.when.iter().for_each(&mut note);
        for f in all_fields(&p.fields) {
            f.when.iter().for_each(&mut note);
        }
        for r in &p.rules {
            r.when.iter().for_each(&mut note);
        }
    }
    for p in &form.pages {
        for r in &p.rules {
            if let Rule::AllowedWhen { field, value } = &r.rule {
                named.entry(field.clone()).or_default().insert(value.clone());
            }
        }
    }
    let mut out = vec![];
    for (page, f) in form.fields() {
        let Some(listed) = named.get(f.name.as_str()) else { continue };
        let mut values: Vec<String> = match &f.kind {
            Kind::Radios { options } | Kind::Checkboxes { options, .. } => {
                options.iter().map(|o| o.value.clone()).collect()
            }
            _ => {
                let mut v: Vec<String> = listed.iter().cloned().collect();
                v.push(sample(f));
                v
            }
        };
        let top_level = page.fields.iter().any(|x| x.name == f.name);
        if f.optional || f.when.is_some() || page.when.is_some() || !top_level {
            values.push(String::new());
        }
        let mut seen = BTreeSet::new();
        values.retain(|v| seen.insert(v.clone()));
        out.push(Axis { field: f, values });
    }
    out
}

/// A valid answer to a question that is not one the path depends on.
fn sample(f: &Field) -> String {
    match &f.kind {
        Kind::Email => "someone@example.com".into(),
        Kind::Phone => "01632 960 001".into(),
        Kind::Postcode => "AT1 1AA".into(),
        Kind::Radios { options } => options.first().map(|o| o.value.clone()).unwrap_or_default(),
        Kind::Checkboxes { options, none } => {
            options.iter().find(|o| Some(&o.value) != none.as_ref()).map(|o| o.value.clone()).unwrap_or_default()
        }
        _ => "Sample".into(),
    }
}

/// A valid date for a date question: within its rule, and later for a later question (so a
/// rule that one date comes after another holds when the file asks them in that order).
fn sample_date(rule: DateRule, index: usize, today: Date) -> Date {
    let back = match rule {
        DateRule::SchoolAge => Duration::days(8 * 365),
        DateRule::UpTo25 => Duration::days(10 * 365),
        DateRule::Leaving => Duration::days(200),
        DateRule::Past => Duration::days(400),
    };
    today - back + Duration::days(index as i64)
}

/// Puts an answer into a page's values, as the service keeps it.
fn put(values: &mut Values, f: &Field, v: &str, index: usize, today: Date) {
    match &f.kind {
        Kind::Date { rule } => {
            let (d, m, y) = if v.is_empty() {
                (String::new(), String::new(), String::new())
            } else {
                let d = sample_date(*rule, index, today);
                (d.day().to_string(), u8::from(d.month()).to_string(), d.year().to_string())
            };
            values.insert(format!("{}-day", f.name), vec![d]);
            values.insert(format!("{}-month", f.name), vec![m]);
            values.insert(format!("{}-year", f.name), vec![y]);
        }
        Kind::Checkboxes { .. } if v.is_empty() => {
            values.insert(f.name.clone(), vec![]);
        }
        _ => {
            values.insert(f.name.clone(), vec![v.to_string()]);
        }
    }
}

/// A page's answers from a combination: the combination's answer where it has one, a valid
/// sample elsewhere, and only for the fields the page asks (as the service keeps them).
fn fill_page(form: &Form, step: &Step<'_>, combo: &BTreeMap<&str, &str>, state: &FormState, today: Date) -> Values {
    let mut values = Values::new();
    if step.page.kind == PageKind::AddAnother {
        if let Some(g) = &form.group {
            values.insert(g.field.clone(), vec![g.done.clone()]);
        }
        return values;
    }
    let index: BTreeMap<&str, usize> =
        form.fields().into_iter().enumerate().map(|(i, (_, f))| (f.name.as_str(), i)).collect();
    for f in all_fields(&step.page.fields) {
        let v = combo.get(f.name.as_str()).map(|v| v.to_string()).unwrap_or_else(|| sample(f));
        put(&mut values, f, &v, index[f.name.as_str()], today);
    }
    let asked: Vec<&str> =
        engine::asked_fields(form, &step.page.fields, &values, state, step.n).iter().map(|f| f.name.as_str()).collect();
    values.retain(|k, _| {
        asked.iter().any(|a| k == a || k.strip_prefix(a).is_some_and(|r| ["-day", "-month", "-year"].contains(&r)))
    });
    values
}

/// "who = parent, route = decide", for a message.
fn describe(combo: &BTreeMap<&str, &str>) -> String {
    let parts: Vec<String> = combo
        .iter()
        .map(|(k, v)| if v.is_empty() { format!("`{k}` unanswered") } else { format!("`{k}` = `{v}`") })
        .collect();
    parts.join(", ")
}

/// One family's way through: answers every page in order as `combo` says (trying other
/// answers to a page's own questions when a rule refuses them), then grows and shrinks the
/// repeat group.
fn walk_one<'f, 'a>(
    form: &'f Form,
    axes: &'a [Axis<'f>],
    combo: &BTreeMap<&'a str, &'a str>,
    count: usize,
    today: Date,
    found: &mut Found,
    reached: &mut BTreeSet<&'f str>,
) {
    let said = describe(combo);
    let mut state = FormState::default();
    engine::set_items(form, &mut state, count);
    let mut combo = combo.clone();
    // Every page of the path is answered once; a page refused whatever is tried ends it.
    let mut answered: BTreeSet<String> = BTreeSet::new();
    loop {
        let steps = engine::steps(form, &state);
        if steps.is_empty() {
            found.add(1, "no page of this form is asked".into(), &said, "check the `when` of the first pages");
            return;
        }
        let Some(step) = steps.iter().find(|s| !answered.contains(&s.key())).copied() else { break };
        let values = fill_page(form, &step, &combo, &state, today);
        state.pages.insert(step.key(), values);
        if !engine::validate(form, &step, &state, today).is_empty()
            && !get_past(form, axes, &step, &mut combo, &mut state, today)
        {
            let errors: Vec<String> =
                engine::validate(form, &step, &state, today).into_iter().map(|e| format!("`{}`", e.key)).collect();
            found.add(
                step.page.line,
                format!("page `{}` cannot be passed whatever is answered on it: {}", step.page.id, errors.join(", ")),
                &said,
                "correct the page's rules or the `when` that brings a family here",
            );
            return;
        }
        answered.insert(step.key());
    }
    let steps = engine::steps(form, &state);
    for s in &steps {
        reached.insert(s.page.id.as_str());
    }
    let mut asked: BTreeMap<(String, usize), usize> = BTreeMap::new();
    for s in &steps {
        let empty = Values::new();
        let values = state.page(&s.key()).unwrap_or(&empty);
        for f in engine::asked_fields(form, &s.page.fields, values, &state, s.n) {
            if asked.insert((f.name.clone(), s.n), f.line).is_some() {
                found.add(
                    f.line,
                    format!("field `{}` is asked twice on one path", f.name),
                    &said,
                    "ask it on one page",
                );
            }
        }
    }
    if let Some(step) = engine::first_incomplete(form, &state, today) {
        found.add(
            step.page.line,
            format!("page `{}` is still incomplete when every page has been answered", step.page.id),
            &said,
            "check the page's `when` and rules",
        );
        return;
    }
    let Some(g) = &form.group else { return };
    let add_line = form.pages.iter().find(|p| p.id == g.page).map(|p| p.line).unwrap_or(1);
    let mut grown = state.clone();
    if engine::add_item(form, &mut grown).is_none() {
        found.add(
            add_line,
            format!("answering `{}` to `{}` would add an item with no page to ask", g.more, g.field),
            &said,
            "make the first repeated page always asked",
        );
    }
    if count > 1 {
        let mut shrunk = state.clone();
        engine::remove_item(form, &mut shrunk, count);
        let left = engine::steps(form, &shrunk).iter().any(|s| s.n >= count);
        if engine::items(form, &shrunk) != count - 1 || left || engine::first_incomplete(form, &shrunk, today).is_some()
        {
            found.add(
                add_line,
                "removing an item leaves the answers incomplete".to_string(),
                &said,
                "check the `when`s of the repeated pages",
            );
        }
    }
}

/// Tries other answers to the page's own questions the path depends on, until the page
/// passes; keeps the one that did. False when none does.
fn get_past<'f, 'a>(
    form: &'f Form,
    axes: &'a [Axis<'f>],
    step: &Step<'_>,
    combo: &mut BTreeMap<&'a str, &'a str>,
    state: &mut FormState,
    today: Date,
) -> bool {
    let own: Vec<&Axis<'f>> =
        axes.iter().filter(|a| all_fields(&step.page.fields).iter().any(|f| f.name == a.field.name)).collect();
    let total = own.iter().map(|a| a.values.len().max(1)).product::<usize>().min(MAX_PAGE_TRIES);
    for i in 0..total {
        let mut rest = i;
        let mut tried = combo.clone();
        for a in &own {
            let len = a.values.len().max(1);
            if let Some(v) = a.values.get(rest % len) {
                tried.insert(a.field.name.as_str(), v.as_str());
            }
            rest /= len;
        }
        let values = fill_page(form, step, &tried, state, today);
        let mut next = state.clone();
        next.pages.insert(step.key(), values);
        if engine::validate(form, step, &next, today).is_empty() {
            *state = next;
            *combo = tried;
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests;
