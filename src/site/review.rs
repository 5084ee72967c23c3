//! Review dates: when a page or a directory entry falls due for someone to check it again.
//! One rule for both, so an editor meets the same warning window everywhere: a warning
//! from `WARN_DAYS` before the due date, a failure once it has passed.

use time::{Date, Duration, Month};

/// How long before its due date a review starts to be reported as a warning.
pub(crate) const WARN_DAYS: i64 = 30;

/// Where a reviewed date stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Review {
    /// Not due within `WARN_DAYS`.
    Current { due: Date },
    /// Due within `WARN_DAYS` (or today): a warning.
    DueSoon { due: Date },
    /// Past its due date: a failure.
    Overdue { due: Date },
}

impl Review {
    pub(crate) fn due(self) -> Date {
        match self {
            Review::Current { due } | Review::DueSoon { due } | Review::Overdue { due } => due,
        }
    }
}

/// The date `months` calendar months after `d`; a day the month lacks (31 August + 1 month)
/// becomes that month's last day, as people count it.
pub(crate) fn add_months(d: Date, months: u32) -> Date {
    let index = d.year() * 12 + (u8::from(d.month()) as i32 - 1) + months as i32;
    let (year, month) = (index.div_euclid(12), Month::try_from((index.rem_euclid(12) + 1) as u8).expect("1..=12"));
    let day = d.day().min(month.length(year));
    Date::from_calendar_date(year, month, day).expect("day clamped to the month's length")
}

/// The review status of something last reviewed on `reviewed`, due every `months` months.
pub(crate) fn status(reviewed: Date, months: u32, today: Date) -> Review {
    let due = add_months(reviewed, months);
    if today > due {
        Review::Overdue { due }
    } else if today + Duration::days(WARN_DAYS) >= due {
        Review::DueSoon { due }
    } else {
        Review::Current { due }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn months_are_counted_as_people_count_them() {
        assert_eq!(add_months(date!(2026 - 11 - 23), 12), date!(2027 - 11 - 23));
        assert_eq!(add_months(date!(2026 - 08 - 31), 1), date!(2026 - 09 - 30));
        assert_eq!(add_months(date!(2024 - 01 - 31), 1), date!(2024 - 02 - 29));
        assert_eq!(add_months(date!(2026 - 12 - 15), 3), date!(2027 - 03 - 15));
    }

    #[test]
    fn warns_thirty_days_before_and_fails_after() {
        let reviewed = date!(2026 - 01 - 10);
        assert_eq!(status(reviewed, 12, date!(2026 - 12 - 10)), Review::Current { due: date!(2027 - 01 - 10) });
        assert_eq!(status(reviewed, 12, date!(2026 - 12 - 11)), Review::DueSoon { due: date!(2027 - 01 - 10) });
        assert_eq!(status(reviewed, 12, date!(2027 - 01 - 10)), Review::DueSoon { due: date!(2027 - 01 - 10) });
        assert_eq!(status(reviewed, 12, date!(2027 - 01 - 11)), Review::Overdue { due: date!(2027 - 01 - 10) });
    }
}
