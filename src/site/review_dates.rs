//! Every page's review date: read from `[extra] reviewed` (and an optional shorter
//! `review_months`), reported by `porth check` (a warning from 30 days before a page falls
//! due, a failure once it is overdue) and listed by `porth review`. When a date is due is
//! `review::status`, the one rule pages and directory entries share.

use crate::lang::Lang;
use crate::problems::Problem;
use crate::site::config::Config;
use crate::site::content::{Site, Variant, to_date};
use crate::site::review::{self, Review};
use std::path::PathBuf;
use time::Date;

/// One language's version of one page, with where its review stands.
#[derive(Debug, Clone)]
pub(crate) struct PageReview {
    /// `content/…`, as problems name it.
    pub(crate) file: PathBuf,
    /// The line of `reviewed` in the file, for the pages a problem or warning names (0 for
    /// the rest, and when the page has none).
    pub(crate) line: usize,
    pub(crate) lang: Lang,
    pub(crate) title: String,
    /// None when the page has no usable `reviewed` date (a problem says why).
    pub(crate) reviewed: Option<Date>,
    pub(crate) months: u32,
    pub(crate) status: Option<Review>,
}

/// Every page's review, and what is wrong with the dates themselves.
pub(crate) struct Reviews {
    pub(crate) pages: Vec<PageReview>,
    /// Pages left out because they are drop-in sessions: data about a date, not guidance.
    pub(crate) exempt: usize,
    /// A missing or malformed date, or a `review_months` longer than the site's.
    pub(crate) problems: Vec<Problem>,
}

/// Drop-in session pages (`[extra] start`) are data about a date, not guidance that goes
/// out of date: they have no review date.
pub(crate) fn is_exempt(v: &Variant) -> bool {
    v.front.extra.contains_key("start")
}

/// Reads every page's review date and works out where it stands on `today`.
pub(crate) fn collect(config: &Config, site: &Site, today: Date) -> Reviews {
    let mut out = Reviews { pages: vec![], exempt: 0, problems: vec![] };
    let site_months = config.review.months;
    if site_months == 0 {
        out.problems.push(Problem::new(
            config.root.join("config.toml"),
            0,
            "[review] months is 0",
            "set months = 12 (or the number of months after which every page is due for review)",
        ));
        return out;
    }
    for node in &site.nodes {
        for (&lang, v) in &node.variants {
            if is_exempt(v) {
                out.exempt += 1;
                continue;
            }
            // A line is only ever shown beside a problem or a warning: the file is read again
            // for those pages only, not for every page of every build.
            let line_of =
                |key: &str| key_line(&std::fs::read_to_string(config.root.join(&v.file)).unwrap_or_default(), key);
            let mut page = PageReview {
                file: v.file.clone(),
                line: 0,
                lang,
                title: v.front.title.clone(),
                reviewed: None,
                months: site_months,
                status: None,
            };
            match v.front.extra.get("review_months") {
                None => {}
                Some(m) => match m.as_integer() {
                    Some(m) if (1..=i64::from(site_months)).contains(&m) => page.months = m as u32,
                    _ => out.problems.push(Problem::new(
                        &v.file,
                        line_of("review_months"),
                        format!("`review_months` must be a whole number from 1 to {site_months}"),
                        format!(
                            "a page may be reviewed more often than the site's {site_months} months \
                             ([review] in config.toml), not less often"
                        ),
                    )),
                },
            }
            match v.front.extra.get("reviewed") {
                None => out.problems.push(Problem::new(
                    &v.file,
                    0,
                    "the page has no review date",
                    "add `reviewed = YYYY-MM-DD` under [extra]: the day someone last checked the page against its sources",
                )),
                Some(r) => match r.as_datetime().filter(|d| d.time.is_none()).and_then(to_date) {
                    None => out.problems.push(Problem::new(
                        &v.file,
                        line_of("reviewed"),
                        "`reviewed` is not a date",
                        "write the day without quotes, e.g. reviewed = 2026-12-07",
                    )),
                    Some(d) => {
                        page.reviewed = Some(d);
                        page.status = Some(review::status(d, page.months, today));
                        if matches!(page.status, Some(Review::Overdue { .. } | Review::DueSoon { .. })) {
                            page.line = line_of("reviewed");
                        }
                    }
                },
            }
            out.pages.push(page);
        }
    }
    out.pages.sort_by(|a, b| {
        let due = |p: &PageReview| p.status.map(Review::due);
        // Pages without a date first: they are the most urgent.
        (due(a).is_some(), due(a), &a.file).cmp(&(due(b).is_some(), due(b), &b.file))
    });
    out
}

/// What `porth check` makes of the reviews: failures (overdue pages and bad dates) and
/// warnings (pages due within `review::WARN_DAYS`).
pub(crate) fn check(reviews: &Reviews) -> (Vec<Problem>, Vec<Problem>) {
    let mut failures = reviews.problems.clone();
    let mut warnings = vec![];
    for p in &reviews.pages {
        match (p.status, p.reviewed) {
            (Some(Review::Overdue { due }), Some(reviewed)) => failures.push(Problem::new(
                &p.file,
                p.line,
                format!("the page's review is overdue: reviewed {reviewed}, due {due} (every {} months)", p.months),
                "check the page against its sources, correct it if it needs it, and set `reviewed` to the day you checked it",
            )),
            (Some(Review::DueSoon { due }), Some(reviewed)) => warnings.push(Problem::new(
                &p.file,
                p.line,
                format!("the page is due for review on {due} (reviewed {reviewed}, every {} months)", p.months),
                "plan its review: `porth review` lists every page by due date",
            )),
            _ => {}
        }
    }
    (failures, warnings)
}

/// What a build says about reviews: overdue pages and pages due soon, as warnings (nothing
/// about reviews stops a build; a missing date is `porth check`'s to report).
pub(crate) fn build_warnings(config: &Config, site: &Site, today: Date) -> Vec<Problem> {
    let mut reviews = collect(config, site, today);
    reviews.problems.clear();
    let (overdue, mut warnings) = check(&reviews);
    warnings.extend(overdue);
    warnings
}

/// The 1-based line of the first front-matter line that sets `key` (0 if none does).
fn key_line(text: &str, key: &str) -> usize {
    text.lines()
        .take_while({
            let mut fences = 0;
            move |l| {
                if l.trim_end() == "+++" {
                    fences += 1;
                }
                fences < 2
            }
        })
        .position(|l| l.trim_start().strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with('=')))
        .map_or(0, |i| i + 1)
}

/// A status word for the report.
fn status_word(p: &PageReview) -> &'static str {
    match p.status {
        None => "no date",
        Some(Review::Overdue { .. }) => "overdue",
        Some(Review::DueSoon { .. }) => "due soon",
        Some(Review::Current { .. }) => "current",
    }
}

/// `porth review`: every page with its reviewed and due dates, soonest due first, as an
/// aligned table for the terminal or as CSV for a spreadsheet.
pub(crate) fn report(reviews: &Reviews, csv: bool) -> String {
    let rows: Vec<[String; 6]> = reviews
        .pages
        .iter()
        .map(|p| {
            [
                p.status.map(|s| s.due().to_string()).unwrap_or_default(),
                p.reviewed.map(|d| d.to_string()).unwrap_or_default(),
                status_word(p).to_string(),
                p.lang.code().to_string(),
                p.file.display().to_string(),
                p.title.clone(),
            ]
        })
        .collect();
    let header = ["due", "reviewed", "status", "language", "file", "title"].map(String::from);
    let mut out = String::new();
    if csv {
        for row in std::iter::once(&header).chain(&rows) {
            let cells: Vec<String> = row.iter().map(|c| csv_cell(c)).collect();
            out.push_str(&cells.join(","));
            out.push_str("\r\n");
        }
        return out;
    }
    let mut widths = header.clone().map(|h| h.chars().count());
    for row in &rows {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    for row in std::iter::once(&header).chain(&rows) {
        let mut line = String::new();
        for (i, (c, w)) in row.iter().zip(widths).enumerate() {
            if i + 1 == row.len() {
                line.push_str(c);
            } else {
                line.push_str(&format!("{c:<w$}  "));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out.push_str(&format!(
        "{} page(s); {} drop-in session page(s) have no review date (exempt: they are data about a date).\n",
        reviews.pages.len(),
        reviews.exempt
    ));
    out
}

/// A CSV field: quoted when it needs to be, and a leading `= + - @` made inert so a
/// spreadsheet never runs a title as a formula.
fn csv_cell(c: &str) -> String {
    let c = if c.starts_with(['=', '+', '-', '@']) { format!("'{c}") } else { c.to_string() };
    if c.contains([',', '"', '\n', '\r']) { format!("\"{}\"", c.replace('"', "\"\"")) } else { c }
}

/// `--today YYYY-MM-DD`.
pub(crate) fn parse_today(s: &str) -> Option<Date> {
    Date::parse(s, time::macros::format_description!("[year]-[month]-[day]")).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_line_of_a_front_matter_key_only() {
        let text = "+++\ntitle = \"A\"\n[extra]\nreviewed = 2026-12-07\n+++\nreviewed = never\n";
        assert_eq!(key_line(text, "reviewed"), 4);
        assert_eq!(key_line(text, "review_months"), 0);
        assert_eq!(key_line("+++\ntitle = \"A\"\n+++\nreviewed = 1\n", "reviewed"), 0);
    }

    #[test]
    fn csv_cells_are_quoted_and_formulas_made_inert() {
        assert_eq!(csv_cell("plain"), "plain");
        assert_eq!(csv_cell("a, b"), "\"a, b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("=SUM(A1)"), "'=SUM(A1)");
    }
}
