//! Due-date arithmetic (month ends, leap years, term boundaries, closed days) and the
//! term-date file's mistakes, each reported with its line.

use super::*;
use time::macros::date;

fn terms(text: &str) -> Result<TermDates, Vec<(usize, String)>> {
    parse(Path::new("term-dates.toml"), text).map_err(|ps| ps.into_iter().map(|p| (p.line, p.message)).collect())
}

/// Autumn 2027 in two halves, with a training day; spring 2028 with a bank holiday-free
/// half; the 2028 leap day falls in spring term.
const YEAR: &str = r#"[[terms]]
name = "Autumn 1"
start = 2027-09-02
end = 2027-10-22

[[terms]]
name = "Autumn 2"
start = 2027-11-01
end = 2027-12-17

[[terms]]
name = "Spring"
start = 2028-01-04
end = 2028-03-31

[[closed]]
name = "Training day"
start = 2027-11-01

[[closed]]
name = "February half-term"
start = 2028-02-14
end = 2028-02-18
"#;

#[test]
fn weeks_cross_month_ends_and_leap_days() {
    let six = Span::Weeks(6);
    assert_eq!(six.due(date!(2028 - 01 - 31)).unwrap(), date!(2028 - 03 - 13), "29 February 2028 is a day");
    assert_eq!(six.due(date!(2027 - 01 - 31)).unwrap(), date!(2027 - 03 - 14), "2027 has no 29 February");
    assert_eq!(Span::Weeks(20).due(date!(2026 - 12 - 31)).unwrap(), date!(2027 - 05 - 20), "across a year end");
}

#[test]
fn school_days_skip_weekends_half_terms_holidays_and_closed_days() {
    let t = Arc::new(terms(YEAR).unwrap());
    let sd = |days| Span::SchoolDays { days, terms: t.clone() };
    // Friday 15 October 2027: Monday 18 is day 1, Friday 22 day 5; half-term; Monday
    // 1 November is a training day, so Tuesday 2 November is day 6.
    assert_eq!(sd(1).due(date!(2027 - 10 - 15)).unwrap(), date!(2027 - 10 - 18));
    assert_eq!(sd(5).due(date!(2027 - 10 - 15)).unwrap(), date!(2027 - 10 - 22));
    assert_eq!(sd(6).due(date!(2027 - 10 - 15)).unwrap(), date!(2027 - 11 - 02));
    // Received on a Saturday in half-term: counting starts on the first school day.
    assert_eq!(sd(1).due(date!(2027 - 10 - 23)).unwrap(), date!(2027 - 11 - 02));
    // Across the Christmas holiday: Friday 17 December is the last day, Tuesday 4 January
    // the first of spring.
    assert_eq!(sd(2).due(date!(2027 - 12 - 16)).unwrap(), date!(2028 - 01 - 04));
    // Across the leap day and the February half-term: Monday 7 February 2028 + 10 school
    // days is 8, 9, 10, 11 (4), half-term, 21-25 (9), Monday 28 (10). Tuesday 29 is day 11.
    assert_eq!(sd(10).due(date!(2028 - 02 - 07)).unwrap(), date!(2028 - 02 - 28));
    assert_eq!(sd(11).due(date!(2028 - 02 - 07)).unwrap(), date!(2028 - 02 - 29));
    assert!(!t.is_school_day(date!(2028 - 02 - 14)) && t.is_school_day(date!(2028 - 02 - 29)));
}

#[test]
fn a_date_beyond_the_last_term_is_not_guessed() {
    let t = Arc::new(terms(YEAR).unwrap());
    let span = Span::SchoolDays { days: 35, terms: t.clone() };
    // 35 school days from mid-March run past 31 March 2028, the last day listed.
    assert_eq!(span.due(date!(2028 - 03 - 15)), Err(Uncounted::BeyondTerms { last: date!(2028 - 03 - 31) }));
    // The last day itself still counts.
    assert_eq!(Span::SchoolDays { days: 1, terms: t }.due(date!(2028 - 03 - 30)).unwrap(), date!(2028 - 03 - 31));
}

#[test]
fn a_calendar_rule_gives_the_day_in_the_starts_year() {
    let feb = Span::parse_day("15 February").unwrap();
    let mar = Span::parse_day("31 march").unwrap();
    // A transfer on 1 September 2028: the plan names the school by 15 February 2028 (31
    // March for a move from secondary school to post-16).
    assert_eq!(feb.due(date!(2028 - 09 - 01)).unwrap(), date!(2028 - 02 - 15));
    assert_eq!(mar.due(date!(2028 - 09 - 01)).unwrap(), date!(2028 - 03 - 31));
    for bad in ["29 February", "31 April", "15 Febuary", "February 15", "0 March", ""] {
        assert!(Span::parse_day(bad).is_none(), "{bad}");
    }
}

#[test]
fn term_date_mistakes_are_reported_together_with_their_lines() {
    let text = r#"[[terms]]
start = 2027-09-02
end = 2027-10-22

[[terms]]
start = 2027-10-20
end = 2027-12-17

[[terms]]
start = 2028-01-04
end = 2028-01-03

[[closed]]
start = 2028-08-10
"#;
    let p = terms(text).unwrap_err();
    assert!(p.iter().any(|(l, m)| *l == 6 && m.contains("before the term on line 2 ends")), "overlap: {p:?}");
    assert!(p.iter().any(|(l, m)| *l == 10 && m.contains("ends before it starts")), "end before start: {p:?}");
    assert!(p.iter().any(|(l, m)| *l == 14 && m.contains("in no term")), "closed day outside a term: {p:?}");
    assert_eq!(p.len(), 3, "{p:?}");
}

#[test]
fn an_unknown_key_or_a_date_with_a_time_names_its_line() {
    let p = terms("[[terms]]\nstart = 2027-09-02\nend = 2027-10-22\nfinish = 2027-10-22\n").unwrap_err();
    assert_eq!(p[0].0, 4, "{p:?}");
    assert!(p[0].1.contains("finish"), "{p:?}");
    let p = terms("[[terms]]\nstart = 2027-09-02T09:00:00\nend = 2027-10-22\n").unwrap_err();
    assert_eq!(p, [(2, "`2027-09-02T09:00:00` is not a date".to_string())]);
}
