//! Statutory clocks: how a due date is counted from its start (the day a form arrives, or a
//! date the form asks for): in calendar weeks, in school days on the council's term dates,
//! or to a fixed day of the start's year ("by 15 February"). Also the term-date file,
//! `term-dates.toml` beside `config.toml`, that school days are counted on, loaded and
//! checked with file-and-line errors like the forms. `docs/FORMS.md` explains both.

use crate::problems::{Problem, line_of};
use serde::Deserialize;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use time::{Date, Duration, Month, Weekday};
use toml::Spanned;

/// The file, beside `config.toml`, that lists the council's terms and closed days.
pub(crate) const TERM_DATES_FILE: &str = "term-dates.toml";

/// How long a clock runs.
#[derive(Clone, Debug)]
pub(crate) enum Span {
    /// Calendar weeks, holidays included: the regulations say "weeks" where they mean it.
    Weeks(i64),
    /// School days on the council's term dates: the first school day after the start is day
    /// one, so a form arriving in a holiday starts counting on the first day of term.
    SchoolDays { days: u32, terms: Arc<TermDates> },
    /// A fixed day in the start's year: "by 15 February of the year of transfer" counted
    /// from the transfer date (SEND Regulations 2014 reg 18).
    DayOfYear { day: u8, month: Month },
}

/// Why a due date could not be counted.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Uncounted {
    /// The date falls after the last term the term-date file lists.
    BeyondTerms { last: Date },
}

impl std::fmt::Display for Uncounted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Uncounted::BeyondTerms { last } => {
                write!(f, "the due date falls after {last}, the end of the last term in {TERM_DATES_FILE}")
            }
        }
    }
}

impl Span {
    /// The due date for a clock started on `start`.
    pub(crate) fn due(&self, start: Date) -> Result<Date, Uncounted> {
        match self {
            Span::Weeks(w) => Ok(start + Duration::weeks(*w)),
            Span::SchoolDays { days, terms } => terms.add_school_days(start, *days),
            Span::DayOfYear { day, month } => Ok(Date::from_calendar_date(start.year(), *month, *day)
                .expect("checked at load: the day exists in every year")),
        }
    }

    /// Parses a `by` rule: "15 February", "31 March". 29 February is refused, as it is not in
    /// every year.
    pub(crate) fn parse_day(text: &str) -> Option<Span> {
        let (d, m) = text.trim().split_once(' ')?;
        let day: u8 = d.parse().ok()?;
        let month = crate::clock::MONTHS_EN.iter().position(|n| n.eq_ignore_ascii_case(m.trim()))?;
        let month = Month::try_from(month as u8 + 1).ok()?;
        // 2027 is not a leap year: a day that exists in it exists in every year.
        Date::from_calendar_date(2027, month, day).ok()?;
        Some(Span::DayOfYear { day, month })
    }
}

/// The council's school year: terms (first and last day, inclusive) and the days inside them
/// when schools are closed (bank holidays, training days). Weekends are never school days.
#[derive(Debug, Default)]
pub(crate) struct TermDates {
    pub(crate) file: PathBuf,
    /// Sorted, not overlapping.
    terms: Vec<(Date, Date)>,
    closed: BTreeSet<Date>,
}

impl TermDates {
    pub(crate) fn is_school_day(&self, d: Date) -> bool {
        !matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday)
            && self.terms.iter().any(|&(s, e)| s <= d && d <= e)
            && !self.closed.contains(&d)
    }

    /// The last day of the last term listed.
    pub(crate) fn last_day(&self) -> Option<Date> {
        self.terms.last().map(|&(_, e)| e)
    }

    /// The `n`th school day after `start` (`start` itself is not counted).
    pub(crate) fn add_school_days(&self, start: Date, n: u32) -> Result<Date, Uncounted> {
        let last = self.last_day().unwrap_or(start);
        let mut d = start;
        let mut counted = 0;
        while counted < n {
            d = d.next_day().ok_or(Uncounted::BeyondTerms { last })?;
            if d > last {
                return Err(Uncounted::BeyondTerms { last });
            }
            if self.is_school_day(d) {
                counted += 1;
            }
        }
        Ok(d)
    }

    /// Loads `term-dates.toml` from a site folder: `Ok(None)` when the site has none. Every
    /// mistake is returned at once, with its line.
    pub(crate) fn load(root: &Path) -> Result<Option<TermDates>, Vec<Problem>> {
        let file = root.join(TERM_DATES_FILE);
        let text = match std::fs::read_to_string(&file) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(vec![Problem::new(&file, 0, format!("failed to read it: {e}"), "")]),
        };
        parse(&file, &text).map(Some)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TermDatesFile {
    #[serde(default)]
    terms: Vec<TermFile>,
    #[serde(default)]
    closed: Vec<ClosedFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TermFile {
    /// For people reading the file ("Autumn 2026"); not used.
    #[serde(default)]
    #[allow(dead_code)]
    name: Option<String>,
    start: Spanned<toml::value::Datetime>,
    end: Spanned<toml::value::Datetime>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ClosedFile {
    /// What the day is ("May Day bank holiday", "training day"); not used.
    #[serde(default)]
    #[allow(dead_code)]
    name: Option<String>,
    /// One day, or the first of several with `end`.
    start: Spanned<toml::value::Datetime>,
    #[serde(default)]
    end: Option<Spanned<toml::value::Datetime>>,
}

pub(crate) fn parse(file: &Path, text: &str) -> Result<TermDates, Vec<Problem>> {
    let parsed: TermDatesFile = toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| line_of(text, s.start)).unwrap_or(0);
        vec![Problem::new(file, line, e.message().trim().to_string(), "see docs/FORMS.md, \"The term-date file\"")]
    })?;
    let mut problems = vec![];
    let mut date = |v: &Spanned<toml::value::Datetime>| -> Option<(Date, usize)> {
        let line = line_of(text, v.span().start);
        let dt = v.get_ref();
        let d = match (dt.date, dt.time, dt.offset) {
            (Some(d), None, None) => {
                Month::try_from(d.month).ok().and_then(|m| Date::from_calendar_date(d.year as i32, m, d.day).ok())
            }
            _ => None,
        };
        if d.is_none() {
            problems.push(Problem::new(
                file,
                line,
                format!("`{dt}` is not a date"),
                "write a date alone, e.g. start = 2026-09-03",
            ));
        }
        d.map(|d| (d, line))
    };
    let mut terms: Vec<(Date, Date, usize)> = vec![];
    let mut bad_order = vec![];
    for t in &parsed.terms {
        if let (Some((s, line)), Some((e, _))) = (date(&t.start), date(&t.end)) {
            if e < s {
                bad_order.push(Problem::new(
                    file,
                    line,
                    format!("the term starting {s} ends before it starts ({e})"),
                    "check the start and end dates",
                ));
            } else {
                terms.push((s, e, line));
            }
        }
    }
    let mut closed = BTreeSet::new();
    let mut closed_lines = vec![];
    for c in &parsed.closed {
        let Some((s, line)) = date(&c.start) else { continue };
        let e = match &c.end {
            Some(e) => match date(e) {
                Some((e, _)) => e,
                None => continue,
            },
            None => s,
        };
        if e < s {
            bad_order.push(Problem::new(
                file,
                line,
                format!("the closed days starting {s} end before they start ({e})"),
                "check the start and end dates",
            ));
            continue;
        }
        closed_lines.push((s, e, line));
        let mut d = s;
        while d <= e {
            closed.insert(d);
            d = d.next_day().expect("a date in a term-date file has a next day");
        }
    }
    problems.extend(bad_order);
    terms.sort();
    for w in terms.windows(2) {
        let ((_, e1, l1), (s2, _, l2)) = (w[0], w[1]);
        if s2 <= e1 {
            problems.push(Problem::new(
                file,
                l2,
                format!("this term starts on {s2}, before the term on line {l1} ends ({e1})"),
                "terms must not overlap: list half-terms as separate terms, or closed days inside a term as [[closed]]",
            ));
        }
    }
    for (s, e, line) in closed_lines {
        if !terms.iter().any(|&(ts, te, _)| ts <= e && s <= te) {
            problems.push(Problem::new(
                file,
                line,
                format!("closed days {s} to {e} are in no term"),
                "list only days when schools would otherwise be open; holidays between terms need no entry",
            ));
        }
    }
    if terms.is_empty() && problems.is_empty() {
        problems.push(Problem::new(file, 0, "the file lists no terms", "add [[terms]] with start and end dates"));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(TermDates { file: file.to_path_buf(), terms: terms.into_iter().map(|(s, e, _)| (s, e)).collect(), closed })
}

#[cfg(test)]
mod tests;
