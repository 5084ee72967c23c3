//! UK time, for every date Porth computes (due dates, "in the past", ages, when a form was
//! sent, which drop-in sessions are past): GMT, or BST from the last Sunday of March to the
//! last Sunday of October, whatever the machine's own zone. One copy of the rule: the
//! generator, the service and the tests (which include this file) all use it.

use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

/// The time now in the UK, where every council Porth serves is: GMT, or BST (GMT+1) from
/// 01:00 GMT on the last Sunday of March to 01:00 GMT on the last Sunday of October
/// (Summer Time Act 1972, as set by the Summer Time Order 2002). `time`'s own local offset
/// is unreliable in a multi-threaded server and knows nothing of the UK if the machine's
/// zone is UTC, which would date a form sent at 00:30 on 1 April as 31 March.
pub(crate) fn uk_now() -> PrimitiveDateTime {
    uk_time(OffsetDateTime::now_utc())
}

/// Today's date in the UK: what "in the past", ages and due dates count from.
pub(crate) fn uk_today() -> Date {
    uk_now().date()
}

/// The instant now with the UK's offset (+00:00 or +01:00): the time a submission was sent.
pub(crate) fn uk_now_offset() -> OffsetDateTime {
    uk_offset_time(OffsetDateTime::now_utc())
}

/// An instant with the UK's offset at that instant (see `uk_now`).
pub(crate) fn uk_offset_time(utc: OffsetDateTime) -> OffsetDateTime {
    let local = uk_time(utc);
    let utc = utc.to_offset(UtcOffset::UTC);
    let ahead = (local - PrimitiveDateTime::new(utc.date(), utc.time())).whole_hours() as i8;
    utc.to_offset(UtcOffset::from_hms(ahead, 0, 0).unwrap_or(UtcOffset::UTC))
}

/// UK local time for an instant (see `uk_now`).
pub(crate) fn uk_time(utc: OffsetDateTime) -> PrimitiveDateTime {
    let utc = utc.to_offset(UtcOffset::UTC);
    let year = utc.year();
    let change = |month: Month| {
        let last = Date::from_calendar_date(year, month, 31).expect("March and October have 31 days");
        let back = last.weekday().number_days_from_sunday();
        PrimitiveDateTime::new(last - time::Duration::days(back as i64), Time::from_hms(1, 0, 0).expect("valid"))
    };
    let t = PrimitiveDateTime::new(utc.date(), utc.time());
    if t >= change(Month::March) && t < change(Month::October) { t + time::Duration::hours(1) } else { t }
}

/// Month names, January first: Welsh from Unicode CLDR (`cy.xml`). One list for the
/// generator's dates and the form core's `by` rules.
pub(crate) const MONTHS_CY: [&str; 12] = [
    "Ionawr",
    "Chwefror",
    "Mawrth",
    "Ebrill",
    "Mai",
    "Mehefin",
    "Gorffennaf",
    "Awst",
    "Medi",
    "Hydref",
    "Tachwedd",
    "Rhagfyr",
];
/// Month names in English, January first.
pub(crate) const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

#[cfg(test)]
mod uk_time_tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn british_summer_time_starts_and_ends_at_one_in_the_morning_gmt() {
        // 2027: BST from Sunday 28 March to Sunday 31 October.
        assert_eq!(uk_time(datetime!(2027-03-28 00:59 UTC)), datetime!(2027-03-28 00:59));
        assert_eq!(uk_time(datetime!(2027-03-28 01:00 UTC)), datetime!(2027-03-28 02:00));
        assert_eq!(
            uk_time(datetime!(2027-03-31 23:30 UTC)),
            datetime!(2027-04-01 00:30),
            "a form sent at half past midnight on 1 April is dated 1 April"
        );
        assert_eq!(uk_time(datetime!(2027-10-31 00:59 UTC)), datetime!(2027-10-31 01:59));
        assert_eq!(uk_time(datetime!(2027-10-31 01:00 UTC)), datetime!(2027-10-31 01:00));
        assert_eq!(uk_time(datetime!(2026-12-02 12:00 UTC)), datetime!(2026-12-02 12:00));
    }

    #[test]
    fn a_form_sent_at_half_past_midnight_bst_on_a_utc_machine_is_dated_that_day() {
        // 00:30 BST on 1 April 2027 is 23:30 UTC on 31 March: the machine's own zone (UTC on
        // a server) is never asked.
        let sent = uk_offset_time(datetime!(2027-03-31 23:30 UTC));
        assert_eq!(sent.date(), time::macros::date!(2027 - 04 - 01));
        assert_eq!(sent.offset(), UtcOffset::from_hms(1, 0, 0).unwrap());
        assert_eq!(sent, datetime!(2027-03-31 23:30 UTC), "the same instant");
        // In winter the offset is GMT's.
        let winter = uk_offset_time(datetime!(2027-01-14 00:30 UTC));
        assert_eq!((winter.date(), winter.offset()), (time::macros::date!(2027 - 01 - 14), UtcOffset::UTC));
    }
}
