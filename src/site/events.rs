//! Drop-in sessions as data: `[extra]` start, end, venue and language on event pages,
//! sorted into upcoming and past relative to "now", and written as iCalendar (RFC 5545).

use crate::lang::Lang;
use crate::problems::Problem;
use crate::site::config::Config;
use crate::site::content::Variant;
use serde::Serialize;
use time::PrimitiveDateTime;

#[derive(Debug, Clone)]
pub(crate) struct Event {
    pub(crate) start: PrimitiveDateTime,
    pub(crate) end: PrimitiveDateTime,
    pub(crate) venue: String,
    pub(crate) session_language: String,
    pub(crate) booking: bool,
}

/// What a template sees of a session.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct EventView {
    /// The session's page, so a calendar can find its event without searching by URL.
    #[serde(skip)]
    pub(crate) node: usize,
    pub(crate) title: String,
    pub(crate) url: String,
    pub(crate) ics_url: String,
    /// The venue's key in config.toml, which says which area the session is in.
    pub(crate) venue: String,
    pub(crate) when: String,
    pub(crate) date: String,
    pub(crate) start_iso: String,
    pub(crate) venue_name: String,
    pub(crate) venue_address: String,
    pub(crate) venue_access: String,
    /// The venue's address on OpenStreetMap: a plain link, so no map script or tracking
    /// is loaded on the council's page.
    pub(crate) map_url: String,
    pub(crate) session_language: String,
    pub(crate) booking: bool,
}

fn to_datetime(v: &toml::Value) -> Option<PrimitiveDateTime> {
    let dt = v.as_datetime()?;
    let d = dt.date?;
    let t = dt.time?;
    let date = time::Date::from_calendar_date(d.year as i32, time::Month::try_from(d.month).ok()?, d.day).ok()?;
    let time = time::Time::from_hms(t.hour, t.minute, t.second.unwrap_or(0)).ok()?;
    Some(PrimitiveDateTime::new(date, time))
}

/// Reads a session from a page's `[extra]`. None when the page is not a session.
pub(crate) fn parse(v: &Variant, config: &Config) -> Option<Result<Event, Problem>> {
    let extra = &v.front.extra;
    let start_val = extra.get("start")?;
    let fail = |what: &str, fix: &str| Some(Err(Problem::new(&v.file, 0, format!("drop-in session: {what}"), fix)));
    let Some(start) = to_datetime(start_val) else {
        return fail("`start` is not a local date and time", "write start = 2027-01-14T10:00:00");
    };
    let Some(end) = extra.get("end").and_then(to_datetime) else {
        return fail("`end` is missing or not a local date and time", "write end = 2027-01-14T12:00:00");
    };
    if end <= start {
        return fail("`end` is not after `start`", "check the times");
    }
    let venue = extra.get("venue").and_then(|x| x.as_str()).unwrap_or("").to_string();
    if !config.venues.contains_key(&venue) {
        let known: Vec<&str> = config.venues.keys().map(String::as_str).collect();
        return fail(&format!("venue `{venue}` is not in config.toml"), &format!("use one of: {}", known.join(", ")));
    }
    let session_language = extra.get("session_language").and_then(|x| x.as_str()).unwrap_or("").to_string();
    if !["cy", "en", "bilingual"].contains(&session_language.as_str()) {
        return fail(
            "`session_language` must be \"cy\", \"en\" or \"bilingual\"",
            "say which language the session is run in",
        );
    }
    let booking = extra.get("booking").and_then(|x| x.as_bool()).unwrap_or(false);
    Some(Ok(Event { start, end, venue, session_language, booking }))
}

pub(crate) fn view(node: usize, e: &Event, title: &str, url: &str, lang: Lang, config: &Config) -> EventView {
    let venue = config.venue(&e.venue, lang).cloned().unwrap_or(crate::site::config::Venue {
        name: e.venue.clone(),
        address: String::new(),
        access: String::new(),
    });
    EventView {
        node,
        title: title.to_string(),
        url: url.to_string(),
        ics_url: format!("{url}session.ics"),
        venue: e.venue.clone(),
        when: crate::site::dates::time_range(lang, e.start, e.end),
        date: crate::site::dates::long_date(lang, e.start.date()),
        start_iso: format!("{}T{}", e.start.date(), e.start.time()),
        map_url: format!(
            "https://www.openstreetmap.org/search?query={}",
            percent_encoding::utf8_percent_encode(&venue.address, percent_encoding::NON_ALPHANUMERIC)
        ),
        venue_name: venue.name,
        venue_address: venue.address,
        venue_access: venue.access,
        session_language: e.session_language.clone(),
        booking: e.booking,
    }
}

/// An area a family can narrow the sessions to, as the filter on a sessions page shows it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct AreaView {
    pub(crate) key: String,
    pub(crate) name: String,
    pub(crate) current: bool,
}

/// The areas of config.toml in the order of their names in `lang`, `current` marked.
pub(crate) fn areas(config: &Config, lang: Lang, current: Option<&str>) -> Vec<AreaView> {
    let mut list: Vec<AreaView> = config
        .areas
        .iter()
        .map(|(k, a)| AreaView { key: k.clone(), name: a.name(lang).to_string(), current: current == Some(k.as_str()) })
        .collect();
    list.sort_by(|a, b| a.name.cmp(&b.name));
    list
}

/// The sessions held at one of an area's venues.
pub(crate) fn in_area(views: &[EventView], area: &crate::site::config::Area) -> Vec<EventView> {
    views.iter().filter(|v| area.venues.contains(&v.venue)).cloned().collect()
}

/// Europe/London, so phones show the right local time all year (RFC 5545 §3.6.5).
const VTIMEZONE: &str = "BEGIN:VTIMEZONE\r\nTZID:Europe/London\r\nBEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0000\r\nTZOFFSETTO:+0100\r\nTZNAME:BST\r\nDTSTART:19810329T010000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\nBEGIN:STANDARD\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0000\r\nTZNAME:GMT\r\nDTSTART:19961027T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n";

fn escape_text(s: &str) -> String {
    s.replace('\\', "\\\\").replace(';', "\\;").replace(',', "\\,").replace('\r', "").replace('\n', "\\n")
}

/// Folds a content line at 75 octets, never inside a UTF-8 character (RFC 5545 §3.1).
fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut len = 0;
    for c in line.chars() {
        let w = c.len_utf8();
        if len + w > 75 {
            out.push_str("\r\n ");
            len = 1;
        }
        out.push(c);
        len += w;
    }
    out.push_str("\r\n");
    out
}

fn ics_time(t: PrimitiveDateTime) -> String {
    format!("{:04}{:02}{:02}T{:02}{:02}{:02}", t.year(), u8::from(t.month()), t.day(), t.hour(), t.minute(), t.second())
}

/// One VEVENT. `uid` must be stable across builds so a re-import updates, not duplicates.
pub(crate) fn vevent(e: &Event, v: &EventView, uid: &str, base_url: &str, stamp: &str) -> String {
    let mut s = String::new();
    for line in [
        "BEGIN:VEVENT".to_string(),
        format!("UID:{uid}"),
        format!("DTSTAMP:{stamp}"),
        format!("DTSTART;TZID=Europe/London:{}", ics_time(e.start)),
        format!("DTEND;TZID=Europe/London:{}", ics_time(e.end)),
        format!("SUMMARY:{}", escape_text(&v.title)),
        format!("LOCATION:{}", escape_text(&format!("{}, {}", v.venue_name, v.venue_address))),
        format!("DESCRIPTION:{}", escape_text(&format!("{base_url}{}", v.url))),
        format!("URL:{base_url}{}", v.url),
        "END:VEVENT".to_string(),
    ] {
        s.push_str(&fold(&line));
    }
    s
}

/// A regular session (a directory entry's schedule): one VEVENT with an RRULE.
pub(crate) struct Recurring {
    pub(crate) uid: String,
    /// The first occurrence.
    pub(crate) start: PrimitiveDateTime,
    pub(crate) end: PrimitiveDateTime,
    /// The RRULE's value, e.g. `FREQ=WEEKLY;BYDAY=TU`.
    pub(crate) rrule: String,
    pub(crate) summary: String,
    pub(crate) location: Option<String>,
    pub(crate) url: String,
}

pub(crate) fn recurring_vevent(r: &Recurring) -> String {
    let mut lines = vec![
        "BEGIN:VEVENT".to_string(),
        format!("UID:{}", r.uid),
        format!("DTSTAMP:{DTSTAMP}"),
        format!("DTSTART;TZID=Europe/London:{}", ics_time(r.start)),
        format!("DTEND;TZID=Europe/London:{}", ics_time(r.end)),
        format!("RRULE:{}", r.rrule),
        format!("SUMMARY:{}", escape_text(&r.summary)),
    ];
    if let Some(l) = &r.location {
        lines.push(format!("LOCATION:{}", escape_text(l)));
    }
    lines.push(format!("URL:{}", r.url));
    lines.push("END:VEVENT".to_string());
    lines.iter().map(|l| fold(l)).collect()
}

/// Fixed, as the sessions' is in build.rs: the same on every build, so a re-import is no change.
const DTSTAMP: &str = "20260101T000000Z";

pub(crate) fn calendar(name: &str, lang: Lang, events: &[String]) -> String {
    let mut s = String::from(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Porth//Drop-in sessions//EN\r\nCALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n",
    );
    s.push_str(&fold(&format!("X-WR-CALNAME:{}", escape_text(name))));
    s.push_str(&format!("X-WR-TIMEZONE:Europe/London\r\nX-LANGUAGE:{lang}\r\n"));
    s.push_str(VTIMEZONE);
    for e in events {
        s.push_str(e);
    }
    s.push_str("END:VCALENDAR\r\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_keeps_lines_within_75_octets_and_characters_whole() {
        let long = format!("SUMMARY:{}", "Sesiwn galw heibio ŵŷ ".repeat(8));
        let folded = fold(&long);
        for l in folded.split("\r\n") {
            assert!(l.len() <= 75, "{l}");
        }
        assert_eq!(folded.replace("\r\n ", ""), format!("{long}\r\n"));
    }

    #[test]
    fn text_values_are_escaped() {
        assert_eq!(escape_text("a, b; c\\d\ne"), "a\\, b\\; c\\\\d\\ne");
    }
}
