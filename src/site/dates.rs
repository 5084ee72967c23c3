//! Dates and times in the reader's language. Welsh names are from Unicode CLDR (`cy.xml`).

use crate::lang::Lang;
use time::{Date, Month, PrimitiveDateTime, Time, Weekday};

fn month_name(lang: Lang, m: Month) -> &'static str {
    let i = u8::from(m) as usize - 1;
    match lang {
        Lang::Cy => crate::clock::MONTHS_CY[i],
        Lang::En => crate::clock::MONTHS_EN[i],
    }
}

fn weekday_name(lang: Lang, d: Weekday) -> &'static str {
    use Weekday::*;
    match (lang, d) {
        (Lang::Cy, Monday) => "Dydd Llun",
        (Lang::Cy, Tuesday) => "Dydd Mawrth",
        (Lang::Cy, Wednesday) => "Dydd Mercher",
        (Lang::Cy, Thursday) => "Dydd Iau",
        (Lang::Cy, Friday) => "Dydd Gwener",
        (Lang::Cy, Saturday) => "Dydd Sadwrn",
        (Lang::Cy, Sunday) => "Dydd Sul",
        (Lang::En, Monday) => "Monday",
        (Lang::En, Tuesday) => "Tuesday",
        (Lang::En, Wednesday) => "Wednesday",
        (Lang::En, Thursday) => "Thursday",
        (Lang::En, Friday) => "Friday",
        (Lang::En, Saturday) => "Saturday",
        (Lang::En, Sunday) => "Sunday",
    }
}

/// A day's name from its number (0 = Monday): "Dydd Llun" / "Monday".
pub(crate) fn weekday(lang: Lang, days_from_monday: usize) -> &'static str {
    let mut d = Weekday::Monday;
    for _ in 0..days_from_monday % 7 {
        d = d.next();
    }
    weekday_name(lang, d)
}

/// "3 Rhagfyr 2026" / "3 December 2026" (GOV.UK style: no leading zero, no comma).
pub(crate) fn date(lang: Lang, d: Date) -> String {
    format!("{} {} {}", d.day(), month_name(lang, d.month()), d.year())
}

/// "Dydd Iau 3 Rhagfyr 2026" / "Thursday 3 December 2026".
pub(crate) fn long_date(lang: Lang, d: Date) -> String {
    format!("{} {}", weekday_name(lang, d.weekday()), date(lang, d))
}

/// "10am", "1:30pm", "12pm" (GOV.UK style); Welsh uses the same form, as GOV.WALES does.
pub(crate) fn time(t: Time) -> String {
    let (h, m) = (t.hour(), t.minute());
    let suffix = if h < 12 { "am" } else { "pm" };
    let h12 = match h % 12 {
        0 => 12,
        x => x,
    };
    if m == 0 { format!("{h12}{suffix}") } else { format!("{h12}:{m:02}{suffix}") }
}

/// "Dydd Iau 3 Rhagfyr 2026, 10am i 12pm" / "Thursday 3 December 2026, 10am to 12pm".
pub(crate) fn time_range(lang: Lang, start: PrimitiveDateTime, end: PrimitiveDateTime) -> String {
    let to = match lang {
        Lang::Cy => "tan",
        Lang::En => "to",
    };
    format!("{}, {} {to} {}", long_date(lang, start.date()), time(start.time()), time(end.time()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn welsh_dates_use_welsh_names() {
        assert_eq!(long_date(Lang::Cy, date!(2026 - 12 - 01)), "Dydd Mawrth 1 Rhagfyr 2026");
        assert_eq!(long_date(Lang::Cy, date!(2026 - 12 - 03)), "Dydd Iau 3 Rhagfyr 2026");
        assert_eq!(long_date(Lang::En, date!(2027 - 02 - 08)), "Monday 8 February 2027");
    }

    #[test]
    fn times_follow_gov_style() {
        assert_eq!(
            time_range(Lang::En, datetime!(2027-01-14 10:00), datetime!(2027-01-14 12:30)),
            "Thursday 14 January 2027, 10am to 12:30pm"
        );
        assert_eq!(time(time::macros::time!(12:00)), "12pm");
        assert_eq!(time(time::macros::time!(0:15)), "12:15am");
    }
}
