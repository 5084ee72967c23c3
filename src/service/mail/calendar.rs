//! The statutory dates of a submission as an iCalendar file (RFC 5545) for the team's
//! calendar: one all-day event per clock, `METHOD:PUBLISH`. Each event's UID is the
//! reference and the clock, and its DTSTAMP the time the form arrived, so a message sent
//! again carries the same entries and a calendar updates them rather than adding copies.

use time::{Date, OffsetDateTime, UtcOffset};

/// One all-day entry.
pub(crate) struct Event {
    /// `EHC-7K3M-Q9PX.decision@council.example`: stable per reference and clock.
    pub(crate) uid: String,
    pub(crate) date: Date,
    /// "EHC-7K3M-Q9PX: decide whether to assess (reg 5(1))".
    pub(crate) summary: String,
    pub(crate) description: String,
}

/// The calendar, lines ending CRLF and folded at 75 octets as RFC 5545 §3.1 asks.
pub(crate) fn calendar(events: &[Event], stamp: OffsetDateTime) -> String {
    let stamp = stamp.to_offset(UtcOffset::UTC);
    let stamp = format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        stamp.year(),
        stamp.month() as u8,
        stamp.day(),
        stamp.hour(),
        stamp.minute(),
        stamp.second()
    );
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".to_string(),
        "PRODID:-//Porth//Statutory dates//EN".to_string(),
        "CALSCALE:GREGORIAN".to_string(),
        "METHOD:PUBLISH".to_string(),
    ];
    for e in events {
        lines.extend([
            "BEGIN:VEVENT".to_string(),
            format!("UID:{}", text(&e.uid)),
            format!("DTSTAMP:{stamp}"),
            format!("DTSTART;VALUE=DATE:{}", day(e.date)),
            format!("DTEND;VALUE=DATE:{}", day(e.date.next_day().unwrap_or(e.date))),
            format!("SUMMARY:{}", text(&e.summary)),
            format!("DESCRIPTION:{}", text(&e.description)),
            // A deadline, not a meeting: it does not make anyone look busy.
            "TRANSP:TRANSPARENT".to_string(),
            "END:VEVENT".to_string(),
        ]);
    }
    lines.push("END:VCALENDAR".to_string());
    lines.iter().map(|l| fold(l)).collect()
}

fn day(d: Date) -> String {
    format!("{:04}{:02}{:02}", d.year(), d.month() as u8, d.day())
}

/// A TEXT value: backslash, semicolon, comma and line breaks escaped (RFC 5545 §3.3.11).
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// One content line, folded into lines of at most 75 octets (never inside a character),
/// each continuation starting with a space.
fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn calendar_events_are_all_day_escaped_and_folded() {
        let ics = calendar(
            &[Event {
                uid: "EHC-7K3M-Q9PX.decision@westmere.example".into(),
                date: date!(2027 - 01 - 18),
                summary: "EHC-7K3M-Q9PX: decide whether to assess (reg 5(1))".into(),
                description: "6 weeks from receipt; Children, Families\nand more: ".repeat(3),
            }],
            datetime!(2026-12-07 09:05:30 UTC),
        );
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"), "{ics}");
        assert!(ics.contains("\r\nMETHOD:PUBLISH\r\n"));
        assert!(ics.contains("\r\nDTSTART;VALUE=DATE:20270118\r\nDTEND;VALUE=DATE:20270119\r\n"));
        assert!(ics.contains("\r\nDTSTAMP:20261207T090530Z\r\n"));
        assert!(ics.contains("UID:EHC-7K3M-Q9PX.decision@westmere.example\r\n"));
        for line in ics.split("\r\n") {
            assert!(line.len() <= 75, "{line}");
        }
        let unfolded = ics.replace("\r\n ", "");
        assert!(unfolded.contains("DESCRIPTION:6 weeks from receipt\\; Children\\, Families\\nand more: 6 weeks"));
        assert!(fold(&"ŵ".repeat(60)).split("\r\n").all(|l| l.len() <= 75));
    }
}
