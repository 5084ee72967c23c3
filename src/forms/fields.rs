//! Validation helpers for what people type: dates in three boxes, UK postcodes, phone
//! numbers, e-mail addresses, and the age rules of each form. Each returns the code of the
//! first thing wrong (GOV.UK order: missing, then impossible, then out of range), which the
//! forms turn into a Fluent message naming the field.

use time::{Date, Month, Weekday};
use validator::{ValidateEmail, ValidateLength};

/// The three boxes of a GOV.UK date input, as typed.
#[derive(Debug, Clone, Default)]
pub(crate) struct DateParts<'a> {
    pub(crate) day: &'a str,
    pub(crate) month: &'a str,
    pub(crate) year: &'a str,
}

/// Why a date could not be read. `Incomplete` names the missing parts so only they are
/// highlighted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum DateProblem {
    Missing,
    Incomplete {
        day: bool,
        month: bool,
        year: bool,
    },
    /// Year typed with other than 4 digits ("Year must include 4 numbers").
    Year,
    /// Not a date on the calendar, e.g. 31 February.
    Real,
}

const MONTHS_EN: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
/// Welsh month names and the CLDR abbreviations (cy.xml), since GOV.UK accepts month names and
/// a Welsh speaker may well type "Meh" or "Mehefin".
const MONTHS_CY: [&[&str]; 12] = [
    &["ionawr", "ion"],
    &["chwefror", "chwef", "chw"],
    &["mawrth", "maw"],
    &["ebrill", "ebr"],
    &["mai"],
    &["mehefin", "meh"],
    &["gorffennaf", "gorff", "gor"],
    &["awst"],
    &["medi"],
    &["hydref", "hyd"],
    &["tachwedd", "tach"],
    &["rhagfyr", "rhag"],
];

fn parse_month(s: &str) -> Option<u8> {
    let s = s.trim().to_lowercase();
    if let Ok(n) = s.parse::<u8>() {
        return (1..=12).contains(&n).then_some(n);
    }
    for (i, full) in MONTHS_EN.iter().enumerate() {
        if s == *full || (s.len() >= 3 && full.starts_with(&s)) {
            return Some(i as u8 + 1);
        }
    }
    MONTHS_CY.iter().position(|names| names.contains(&s.as_str())).map(|i| i as u8 + 1)
}

/// Reads a real calendar date from the three boxes.
pub(crate) fn parse_date(parts: &DateParts<'_>) -> Result<Date, DateProblem> {
    let (d, m, y) = (parts.day.trim(), parts.month.trim(), parts.year.trim());
    if d.is_empty() && m.is_empty() && y.is_empty() {
        return Err(DateProblem::Missing);
    }
    if d.is_empty() || m.is_empty() || y.is_empty() {
        return Err(DateProblem::Incomplete { day: d.is_empty(), month: m.is_empty(), year: y.is_empty() });
    }
    if y.len() != 4 || !y.bytes().all(|b| b.is_ascii_digit()) {
        return Err(DateProblem::Year);
    }
    let day: u8 = d.parse().map_err(|_| DateProblem::Real)?;
    let month = parse_month(m).ok_or(DateProblem::Real)?;
    let year: i32 = y.parse().map_err(|_| DateProblem::Real)?;
    let month = Month::try_from(month).map_err(|_| DateProblem::Real)?;
    Date::from_calendar_date(year, month, day).map_err(|_| DateProblem::Real)
}

/// Where a child stands against compulsory school age on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SchoolAge {
    /// Not yet of compulsory school age; it starts on this date.
    Before(Date),
    Of,
    /// Past the school leaving date (last Friday of June of the school year they turn 16).
    After,
}

/// Compulsory school age in Wales, as the Education Act 1996 s.8 and the orders under it
/// set it:
/// - it starts on the first "prescribed day" (31 August, 31 December, 31 March) on or after
///   the child's 5th birthday, which in practice is the start of the term after they turn 5;
/// - it ends on the school leaving date, the last Friday in June of the school year (1
///   September to 31 August) in which they turn 16, even if the birthday is in July or August.
pub(crate) fn school_age(dob: Date, today: Date) -> SchoolAge {
    let fifth = add_years(dob, 5);
    let starts =
        [(fifth.year(), Month::March, 31), (fifth.year(), Month::August, 31), (fifth.year(), Month::December, 31)]
            .into_iter()
            .map(|(y, m, d)| Date::from_calendar_date(y, m, d).expect("fixed dates exist"))
            .find(|p| *p >= fifth)
            .unwrap_or_else(|| Date::from_calendar_date(fifth.year() + 1, Month::March, 31).expect("31 March exists"));
    if today < starts {
        return SchoolAge::Before(starts);
    }
    let sixteenth = add_years(dob, 16);
    // The school year that contains the 16th birthday ends in June of this calendar year.
    let leaving_year = if sixteenth.month() >= Month::September { sixteenth.year() + 1 } else { sixteenth.year() };
    if today > last_friday_of_june(leaving_year) { SchoolAge::After } else { SchoolAge::Of }
}

pub(crate) fn last_friday_of_june(year: i32) -> Date {
    let mut d = Date::from_calendar_date(year, Month::June, 30).expect("30 June exists");
    while d.weekday() != Weekday::Friday {
        d = d.previous_day().expect("in range");
    }
    d
}

/// The same day `n` years on; 29 February becomes 28 February in other years (the legal
/// birthday in England and Wales is 1 March, but a day either way does not change an
/// age check by more than a day).
pub(crate) fn add_years(d: Date, n: i32) -> Date {
    Date::from_calendar_date(d.year() + n, d.month(), d.day())
        .unwrap_or_else(|_| Date::from_calendar_date(d.year() + n, d.month(), 28).expect("28th exists"))
}

/// Age in whole years on `today`.
pub(crate) fn age_on(dob: Date, today: Date) -> i32 {
    let mut age = today.year() - dob.year();
    if (today.month(), today.day()) < (dob.month(), dob.day()) {
        age -= 1;
    }
    age
}

/// A UK postcode in the official shape (outward code, space, inward code), or None. Any
/// case, spaces and stray punctuation are accepted, as the GOV.UK address pattern asks.
pub(crate) fn normalise_postcode(s: &str) -> Option<String> {
    let compact: String = s.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_uppercase();
    if !(5..=7).contains(&compact.len()) {
        return None;
    }
    let (outward, inward) = compact.split_at(compact.len() - 3);
    let inward_ok = {
        let b = inward.as_bytes();
        b[0].is_ascii_digit() && b[1].is_ascii_alphabetic() && b[2].is_ascii_alphabetic()
    };
    // Outward: A9, A99, AA9, AA99, A9A, AA9A.
    let o = outward.as_bytes();
    let letter = |i: usize| o.get(i).is_some_and(|c| c.is_ascii_alphabetic());
    let digit = |i: usize| o.get(i).is_some_and(|c| c.is_ascii_digit());
    let outward_ok = match o.len() {
        2 => letter(0) && digit(1),
        3 => letter(0) && ((digit(1) && (digit(2) || letter(2))) || (letter(1) && digit(2))),
        4 => letter(0) && letter(1) && digit(2) && (digit(3) || letter(3)),
        _ => false,
    };
    (inward_ok && outward_ok).then(|| format!("{outward} {inward}"))
}

/// A telephone number as people write it: digits with spaces, brackets, dashes and an
/// optional leading +. UK numbers have 10 or 11 digits; international ones up to 15.
pub(crate) fn valid_phone(s: &str) -> bool {
    let s = s.trim();
    if !s.chars().all(|c| c.is_ascii_digit() || " ()-+".contains(c)) || s.chars().skip(1).any(|c| c == '+') {
        return false;
    }
    let digits = s.chars().filter(|c| c.is_ascii_digit()).count();
    (10..=15).contains(&digits)
}

/// An e-mail address in the correct format, by the `validator` crate's rule (HTML5's), and
/// no longer than the 254 characters an address can have.
pub(crate) fn valid_email(s: &str) -> bool {
    let s = s.trim();
    s.validate_email() && s.validate_length(None, Some(254), None)
}

/// Within a maximum number of characters (not bytes: "ŵ" is one).
pub(crate) fn within(s: &str, max: u64) -> bool {
    s.validate_length(None, Some(max), None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn parts<'a>(d: &'a str, m: &'a str, y: &'a str) -> DateParts<'a> {
        DateParts { day: d, month: m, year: y }
    }

    #[test]
    fn dates_must_be_complete_and_real() {
        assert_eq!(parse_date(&parts("", "", "")), Err(DateProblem::Missing));
        assert_eq!(
            parse_date(&parts("3", "", "2019")),
            Err(DateProblem::Incomplete { day: false, month: true, year: false })
        );
        assert_eq!(parse_date(&parts("3", "4", "19")), Err(DateProblem::Year));
        assert_eq!(parse_date(&parts("31", "2", "2019")), Err(DateProblem::Real));
        assert_eq!(parse_date(&parts("29", "2", "2020")), Ok(date!(2020 - 02 - 29)));
        assert_eq!(parse_date(&parts(" 7 ", "Mehefin", "2019")), Ok(date!(2019 - 06 - 07)));
        assert_eq!(parse_date(&parts("7", "meh", "2019")), Ok(date!(2019 - 06 - 07)));
        assert_eq!(parse_date(&parts("7", "Sept", "2019")), Ok(date!(2019 - 09 - 07)));
        assert_eq!(parse_date(&parts("7", "13", "2019")), Err(DateProblem::Real));
    }

    #[test]
    fn compulsory_school_age_starts_the_term_after_the_fifth_birthday() {
        // Fifth birthday 10 May 2020 → compulsory from 31 August 2020.
        let dob = date!(2015 - 05 - 10);
        assert_eq!(school_age(dob, date!(2020 - 06 - 01)), SchoolAge::Before(date!(2020 - 08 - 31)));
        assert_eq!(school_age(dob, date!(2020 - 09 - 02)), SchoolAge::Of);
        // A birthday on a prescribed day starts that day.
        assert_eq!(school_age(date!(2015 - 12 - 31), date!(2020 - 12 - 31)), SchoolAge::Of);
    }

    #[test]
    fn compulsory_school_age_ends_on_the_last_friday_of_june_of_the_year_they_turn_16() {
        // Turns 16 on 20 July 2026: leaves on Friday 26 June 2026, before the birthday.
        let dob = date!(2010 - 07 - 20);
        assert_eq!(last_friday_of_june(2026), date!(2026 - 06 - 26));
        assert_eq!(school_age(dob, date!(2026 - 06 - 26)), SchoolAge::Of);
        assert_eq!(school_age(dob, date!(2026 - 06 - 27)), SchoolAge::After);
        // Turns 16 on 1 October 2026: the school year runs to June 2027.
        assert_eq!(school_age(date!(2010 - 10 - 01), date!(2026 - 11 - 01)), SchoolAge::Of);
    }

    #[test]
    fn postcodes_in_any_case_and_spacing() {
        assert_eq!(normalise_postcode("at11aa").as_deref(), Some("AT1 1AA"));
        assert_eq!(normalise_postcode(" cf10 1ep ").as_deref(), Some("CF10 1EP"));
        assert_eq!(normalise_postcode("SW1A-2AA").as_deref(), Some("SW1A 2AA"));
        assert_eq!(normalise_postcode("LL57 2DG").as_deref(), Some("LL57 2DG"));
        assert_eq!(normalise_postcode("12345"), None);
        assert_eq!(normalise_postcode("CF10"), None);
    }

    #[test]
    fn phones_and_emails() {
        assert!(valid_phone("01632 960 001"));
        assert!(valid_phone("+44 (0)7700 900982"));
        assert!(!valid_phone("0163"));
        assert!(!valid_phone("call me"));
        assert!(valid_email("rhiannon@example.com"));
        assert!(!valid_email("rhiannon.example.com"));
        assert!(!valid_email("a@b.com\r\nBcc: x@y.z"));
        assert!(within("ŵŷâ", 3));
    }

    #[test]
    fn ages() {
        assert_eq!(age_on(date!(2000 - 11 - 24), date!(2025 - 11 - 23)), 24);
        assert_eq!(age_on(date!(2000 - 11 - 23), date!(2025 - 11 - 23)), 25);
        assert_eq!(add_years(date!(2020 - 02 - 29), 1), date!(2021 - 02 - 28));
    }
}
