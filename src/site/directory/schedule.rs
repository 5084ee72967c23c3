//! Regular schedules: the RFC 5545 recurrence subset Open Referral UK uses (weekly on some
//! days, or monthly on "the first Monday", "the last Friday"), checked, said in words in
//! Welsh and English, and written as iCalendar RRULEs like the drop-in sessions' calendars.

use crate::lang::Lang;
use crate::site::directory::entry::Schedule;
use time::{Date, Time};

pub(crate) const DAYS: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

/// A schedule checked and read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Rule {
    pub(crate) monthly: bool,
    /// (ordinal, day index 0 = Monday); ordinal 0 for weekly, 1..=4 or -1 for monthly.
    pub(crate) days: Vec<(i8, u8)>,
    pub(crate) opens: Time,
    pub(crate) closes: Time,
    pub(crate) valid_from: Option<Date>,
    pub(crate) valid_to: Option<Date>,
}

impl Rule {
    /// Bit `d` set for each weekday (0 = Monday) the service runs on.
    pub(crate) fn day_mask(&self) -> u8 {
        self.days.iter().fold(0, |m, &(_, d)| m | 1 << d)
    }
}

fn hhmm(s: &str) -> Option<Time> {
    let (h, m) = s.split_once(':')?;
    let m = m.strip_suffix(":00").unwrap_or(m);
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    Time::from_hms(h.parse().ok()?, m.parse().ok()?, 0).ok()
}

/// Checks one schedule; the error says what to write instead.
pub(crate) fn read(s: &Schedule) -> Result<Rule, (String, String)> {
    let monthly = match s.freq.as_str() {
        "weekly" => false,
        "monthly" => true,
        other => {
            return Err((
                format!("schedule freq `{other}` is not weekly or monthly"),
                "write freq = \"weekly\" or freq = \"monthly\"".into(),
            ));
        }
    };
    if s.byday.is_empty() {
        return Err((
            "a schedule has no days (byday)".into(),
            "e.g. byday = [\"TU\"], or for monthly byday = [\"1MO\"]".into(),
        ));
    }
    let mut days = vec![];
    for d in &s.byday {
        let (ord, day) = d.split_at(d.len().saturating_sub(2));
        let Some(idx) = DAYS.iter().position(|x| *x == day) else {
            return Err((
                format!("schedule day `{d}` is not one of MO TU WE TH FR SA SU"),
                "write the day as two capital letters, e.g. \"TU\"".into(),
            ));
        };
        let ordinal: i8 = match (monthly, ord) {
            (false, "") => 0,
            (true, "1" | "2" | "3" | "4" | "-1") => ord.parse().expect("listed"),
            (false, _) => {
                return Err((
                    format!("weekly schedule day `{d}` has a number"),
                    "numbers (\"1MO\", \"-1FR\") are for monthly schedules".into(),
                ));
            }
            (true, _) => {
                return Err((
                    format!("monthly schedule day `{d}` needs which week: 1, 2, 3, 4 or -1 (last)"),
                    "e.g. \"1MO\" for the first Monday, \"-1FR\" for the last Friday".into(),
                ));
            }
        };
        days.push((ordinal, idx as u8));
    }
    let (Some(opens), Some(closes)) = (hhmm(&s.opens_at), hhmm(&s.closes_at)) else {
        return Err((
            "a schedule's opens_at or closes_at is not a time like \"09:30\"".into(),
            "write times as 24-hour hh:mm, e.g. opens_at = \"09:30\"".into(),
        ));
    };
    if closes <= opens {
        return Err(("a schedule closes before it opens".into(), "check opens_at and closes_at".into()));
    }
    let date = |d: &Option<toml::value::Datetime>| d.as_ref().and_then(crate::site::content::to_date);
    let (valid_from, valid_to) = (date(&s.valid_from), date(&s.valid_to));
    if let (Some(f), Some(t)) = (valid_from, valid_to)
        && t < f
    {
        return Err(("a schedule's valid_to is before its valid_from".into(), "check the dates".into()));
    }
    Ok(Rule { monthly, days, opens, closes, valid_from, valid_to })
}

fn day_name(lang: Lang, d: u8) -> &'static str {
    const CY: [&str; 7] =
        ["dydd Llun", "dydd Mawrth", "dydd Mercher", "dydd Iau", "dydd Gwener", "dydd Sadwrn", "dydd Sul"];
    const EN: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
    match lang {
        Lang::Cy => CY[d as usize],
        Lang::En => EN[d as usize],
    }
}

/// "a" / "and" between the last two, commas before.
fn join(lang: Lang, parts: Vec<String>) -> String {
    let and = match lang {
        Lang::Cy => "a",
        Lang::En => "and",
    };
    match parts.len() {
        0 => String::new(),
        1 => parts[0].clone(),
        n => format!("{} {and} {}", parts[..n - 1].join(", "), parts[n - 1]),
    }
}

/// One monthly day in words: "the first Monday of the month" / "dydd Llun cyntaf y mis".
/// Welsh "ail" softens the day that follows it (ail ddydd Llun); the others do not mutate.
fn monthly_day(lang: Lang, ord: i8, d: u8) -> String {
    let day = day_name(lang, d);
    match lang {
        Lang::En => {
            let o = match ord {
                1 => "first",
                2 => "second",
                3 => "third",
                4 => "fourth",
                _ => "last",
            };
            format!("the {o} {day}")
        }
        Lang::Cy => match ord {
            1 => format!("{day} cyntaf"),
            2 => format!("ail {}", day.replacen("dydd", "ddydd", 1)),
            3 => format!("trydydd {day}"),
            4 => format!("pedwerydd {day}"),
            _ => format!("{day} olaf"),
        },
    }
}

/// The schedule in words, as a sentence: "Every Tuesday and Thursday, 9:30am to 11:30am" /
/// "Bob dydd Mawrth a dydd Iau, 9:30am tan 11:30am", then when it runs from and to.
pub(crate) fn in_words(lang: Lang, r: &Rule) -> String {
    let days: Vec<String> = if r.monthly {
        r.days.iter().map(|&(o, d)| monthly_day(lang, o, d)).collect()
    } else {
        r.days.iter().map(|&(_, d)| day_name(lang, d).to_string()).collect()
    };
    let days = join(lang, days);
    let times = format!(
        "{} {} {}",
        crate::site::dates::time(r.opens),
        if lang == Lang::Cy { "tan" } else { "to" },
        crate::site::dates::time(r.closes)
    );
    let mut s = match (lang, r.monthly) {
        (Lang::En, false) => format!("Every {days}, {times}"),
        (Lang::En, true) => format!("{} of the month, {times}", capitalise(&days)),
        (Lang::Cy, false) => format!("Bob {days}, {times}"),
        (Lang::Cy, true) => format!("{} y mis, {times}", capitalise(&days)),
    };
    match (r.valid_from, r.valid_to, lang) {
        (Some(f), Some(t), Lang::En) => s.push_str(&format!(
            ", from {} to {}",
            crate::site::dates::date(lang, f),
            crate::site::dates::date(lang, t)
        )),
        (Some(f), Some(t), Lang::Cy) => {
            s.push_str(&format!(", o {} tan {}", crate::site::dates::date(lang, f), crate::site::dates::date(lang, t)))
        }
        (Some(f), None, Lang::En) => s.push_str(&format!(", from {}", crate::site::dates::date(lang, f))),
        (Some(f), None, Lang::Cy) => s.push_str(&format!(", o {} ymlaen", crate::site::dates::date(lang, f))),
        (None, Some(t), Lang::En) => s.push_str(&format!(", until {}", crate::site::dates::date(lang, t))),
        (None, Some(t), Lang::Cy) => s.push_str(&format!(", tan {}", crate::site::dates::date(lang, t))),
        (None, None, _) => {}
    }
    s
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// The RFC 5545 RRULE value: `FREQ=WEEKLY;BYDAY=TU,TH` or `FREQ=MONTHLY;BYDAY=1MO`, with
/// UNTIL from valid_to.
pub(crate) fn rrule(r: &Rule) -> String {
    let byday: Vec<String> = r
        .days
        .iter()
        .map(|&(o, d)| if o == 0 { DAYS[d as usize].to_string() } else { format!("{o}{}", DAYS[d as usize]) })
        .collect();
    let mut s = format!("FREQ={};BYDAY={}", if r.monthly { "MONTHLY" } else { "WEEKLY" }, byday.join(","));
    if let Some(t) = r.valid_to {
        s.push_str(&format!(";UNTIL={:04}{:02}{:02}T235959", t.year(), u8::from(t.month()), t.day()));
    }
    s
}

/// The first day on or after `from` that the rule runs (DTSTART must be an occurrence).
pub(crate) fn first_on_or_after(r: &Rule, from: Date) -> Date {
    let mut d = from;
    for _ in 0..400 {
        if runs_on(r, d) {
            return d;
        }
        d = d.next_day().unwrap_or(d);
    }
    from
}

fn runs_on(r: &Rule, d: Date) -> bool {
    let wd = d.weekday().number_days_from_monday();
    r.days.iter().any(|&(o, day)| {
        day == wd
            && match o {
                0 => true,
                -1 => d.month() != d.saturating_add(time::Duration::days(7)).month(),
                n => (d.day() - 1) / 7 + 1 == n as u8,
            }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn sched(freq: &str, byday: &[&str]) -> Schedule {
        Schedule {
            freq: freq.into(),
            byday: byday.iter().map(|s| s.to_string()).collect(),
            opens_at: "09:30".into(),
            closes_at: "11:30".into(),
            valid_from: None,
            valid_to: None,
            description: None,
        }
    }

    #[test]
    fn weekly_and_monthly_schedules_in_both_languages() {
        let r = read(&sched("weekly", &["TU", "TH"])).unwrap();
        assert_eq!(in_words(Lang::En, &r), "Every Tuesday and Thursday, 9:30am to 11:30am");
        assert_eq!(in_words(Lang::Cy, &r), "Bob dydd Mawrth a dydd Iau, 9:30am tan 11:30am");
        assert_eq!(rrule(&r), "FREQ=WEEKLY;BYDAY=TU,TH");
        assert_eq!(r.day_mask(), 0b1010);
        let r = read(&sched("monthly", &["2MO", "-1FR"])).unwrap();
        assert_eq!(in_words(Lang::En, &r), "The second Monday and the last Friday of the month, 9:30am to 11:30am");
        assert_eq!(in_words(Lang::Cy, &r), "Ail ddydd Llun a dydd Gwener olaf y mis, 9:30am tan 11:30am");
        assert_eq!(rrule(&r), "FREQ=MONTHLY;BYDAY=2MO,-1FR");
    }

    #[test]
    fn bad_schedules_say_what_to_write() {
        assert!(read(&sched("daily", &["MO"])).unwrap_err().0.contains("daily"));
        assert!(read(&sched("weekly", &["Tuesday"])).is_err());
        assert!(read(&sched("weekly", &["1MO"])).is_err());
        assert!(read(&sched("monthly", &["MO"])).is_err());
        assert!(read(&sched("weekly", &[])).is_err());
        let mut s = sched("weekly", &["MO"]);
        s.closes_at = "09:00".into();
        assert!(read(&s).is_err());
        s.closes_at = "9am".into();
        assert!(read(&s).is_err());
    }

    #[test]
    fn the_first_occurrence_follows_the_rule() {
        let r = read(&sched("monthly", &["-1FR"])).unwrap();
        assert_eq!(first_on_or_after(&r, date!(2026 - 12 - 01)), date!(2026 - 12 - 25));
        let r = read(&sched("monthly", &["1MO"])).unwrap();
        assert_eq!(first_on_or_after(&r, date!(2026 - 12 - 08)), date!(2027 - 01 - 04));
    }
}
