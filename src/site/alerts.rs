//! Alert banners on a timer: `content/alerts/<name>.md` (settings and the English text) and,
//! on a Welsh site, `<name>.cy.md` beside it (the Welsh text). A banner shows on the pages of
//! its sections (every page if it names none) from `starts` to `ends`, UK local time.
//!
//! Every page carries the banners current when it was built, between two markers
//! (`MARKER_START`…`MARKER_END`). `porth serve` fills that region again as each page is
//! sent (`service::alerts`), so a banner appears and goes at its times with no rebuild;
//! a site copied elsewhere as files keeps the banners of its build.

use crate::lang::Lang;
use crate::problems::{Problem, line_of};
use crate::site::config::Config;
use crate::site::content::{Site, split_front_matter};
use crate::site::i18n::I18n;
use crate::site::markdown;
use crate::site::render::Renderer;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use time::PrimitiveDateTime;

/// The folder under `content/` that holds alerts (not pages).
pub(crate) const DIR: &str = "alerts";
/// Opens the banner region of a page; the page's section key and `-->` follow.
pub(crate) const MARKER_START: &str = "<!--porth-alerts:";
/// Closes it.
pub(crate) const MARKER_END: &str = "<!--/porth-alerts-->";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Kind {
    /// GOV.UK's notification banner: news a reader should know.
    Notification,
    /// The same banner in the site's warning style: a closure, or something urgent.
    Important,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Settings {
    kind: Kind,
    starts: toml::value::Datetime,
    ends: toml::value::Datetime,
    #[serde(default)]
    sections: Vec<String>,
}

/// An alert as `partials/alerts.html` shows it, in one language.
#[derive(Serialize)]
pub(crate) struct BannerView<'a> {
    name: &'a str,
    kind: Kind,
    /// Its text as HTML.
    html: &'a str,
}

/// One alert, its text rendered in every language of the site.
#[derive(Debug, Clone)]
pub(crate) struct Alert {
    pub(crate) name: String,
    pub(crate) kind: Kind,
    pub(crate) starts: PrimitiveDateTime,
    pub(crate) ends: PrimitiveDateTime,
    /// Top-level section folders it shows on; empty: every page.
    pub(crate) sections: Vec<String>,
    pub(crate) html: BTreeMap<Lang, String>,
}

impl Alert {
    pub(crate) fn is_on(&self, now: PrimitiveDateTime) -> bool {
        self.starts <= now && now < self.ends
    }

    fn shows_in(&self, section: &str) -> bool {
        self.sections.is_empty() || self.sections.iter().any(|s| s == section)
    }
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Alerts {
    pub(crate) list: Vec<Alert>,
}

/// The section a page's banners are chosen by: its top-level folder under `content/`
/// ("home-education/tell-us.md" → "home-education"); "" for the home page and top-level pages.
pub(crate) fn section_of(key: &str) -> &str {
    key.split_once('/').map_or("", |(dir, _)| dir)
}

fn to_local(d: &toml::value::Datetime) -> Option<PrimitiveDateTime> {
    if d.offset.is_some() {
        return None;
    }
    let (date, time) = (d.date?, d.time?);
    let date =
        time::Date::from_calendar_date(date.year as i32, time::Month::try_from(date.month).ok()?, date.day).ok()?;
    let time = time::Time::from_hms(time.hour, time.minute, time.second.unwrap_or(0)).ok()?;
    Some(PrimitiveDateTime::new(date, time))
}

/// A time as an editor writes it: 2026-12-24 16:00.
fn minute(t: PrimitiveDateTime) -> String {
    format!("{} {:02}:{:02}", t.date(), t.hour(), t.minute())
}

/// The 1-based line of the first line of `text` that sets `key` (0 if none does).
fn key_line(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| l.trim_start().strip_prefix(key).is_some_and(|r| r.trim_start().starts_with('=')))
        .map_or(0, |i| i + 1)
}

impl Alerts {
    /// Reads `content/alerts/`. Every problem is reported, each with its file and line.
    pub(crate) fn load(config: &Config, site: &Site, i18n: &I18n, content_dir: &Path) -> (Alerts, Vec<Problem>) {
        let dir = content_dir.join(DIR);
        let mut problems = vec![];
        let mut alerts = Alerts::default();
        let Ok(entries) = std::fs::read_dir(&dir) else { return (alerts, problems) };
        let mut names: Vec<String> = entries
            .filter_map(Result::ok)
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|n| n.ends_with(".md") && !n.starts_with('.'))
            .collect();
        names.sort();
        let display = |name: &str| Path::new("content").join(DIR).join(name);
        for name in &names {
            if let Some(stem) = name.strip_suffix(".cy.md") {
                if !names.contains(&format!("{stem}.md")) {
                    problems.push(Problem::new(
                        display(name),
                        0,
                        "a Welsh alert with no English file beside it",
                        format!("create {stem}.md with the alert's kind, starts and ends, and its English text"),
                    ));
                }
                continue;
            }
            let stem = name.strip_suffix(".md").expect("filtered to .md");
            match load_one(config, site, i18n, &dir, stem, &display) {
                Ok(a) => alerts.list.push(a),
                Err(p) => problems.extend(p),
            }
        }
        (alerts, problems)
    }

    /// The banners on for a page of `section` in `lang` at `now`, as the partial renders them.
    pub(crate) fn on_at(&self, section: &str, lang: Lang, now: PrimitiveDateTime) -> Vec<BannerView<'_>> {
        self.list
            .iter()
            .filter(|a| a.is_on(now) && a.shows_in(section))
            .filter_map(|a| Some(BannerView { name: &a.name, kind: a.kind, html: a.html.get(&lang)? }))
            .collect()
    }

    /// The names of the alerts on at `now`: pages built at one time show the same banners
    /// as at another exactly when these are equal.
    pub(crate) fn names_on(&self, now: PrimitiveDateTime) -> Vec<&str> {
        self.list.iter().filter(|a| a.is_on(now)).map(|a| a.name.as_str()).collect()
    }

    /// The next start or end after `now`: until then, the banners stay as they are.
    pub(crate) fn next_change(&self, now: PrimitiveDateTime) -> Option<PrimitiveDateTime> {
        self.list.iter().flat_map(|a| [a.starts, a.ends]).filter(|t| *t > now).min()
    }

    /// The banner region of a page: the markers and the banners on at `now`, rendered with
    /// the `partials/alerts.html` template.
    pub(crate) fn region(
        &self,
        renderer: &Renderer,
        section: &str,
        lang: Lang,
        now: PrimitiveDateTime,
    ) -> anyhow::Result<String> {
        let mut ctx = tera::Context::new();
        ctx.insert("lang", &lang);
        ctx.insert("alerts", &self.on_at(section, lang, now));
        let banners = renderer.render("partials/alerts.html", &ctx)?;
        Ok(format!("{MARKER_START}{section}-->{}{MARKER_END}", banners.trim()))
    }
}

/// Replaces the banner region of a built page with `region(section)`. `None` when the page
/// has no region (it does not use the site's base template).
pub(crate) fn refill(html: &str, region: impl Fn(&str) -> Option<String>) -> Option<String> {
    let start = html.find(MARKER_START)?;
    let after = start + MARKER_START.len();
    let section_end = after + html[after..].find("-->")?;
    let end = section_end + html[section_end..].find(MARKER_END)? + MARKER_END.len();
    let section = &html[after..section_end];
    let new = region(section)?;
    Some(format!("{}{}{}", &html[..start], new, &html[end..]))
}

fn load_one(
    config: &Config,
    site: &Site,
    i18n: &I18n,
    dir: &Path,
    stem: &str,
    display: &dyn Fn(&str) -> PathBuf,
) -> Result<Alert, Vec<Problem>> {
    let en_name = format!("{stem}.md");
    let file = display(&en_name);
    let raw = std::fs::read_to_string(dir.join(&en_name)).map_err(|e| {
        vec![Problem::new(&file, 0, format!("cannot read the file: {e}"), "check the file is UTF-8 text")]
    })?;
    let (fm, body, body_line) = split_front_matter(&raw, &file).map_err(|p| vec![p])?;
    let settings: Settings = toml::from_str(fm).map_err(|e| {
        let line = e.span().map(|s| line_of(fm, s.start) + 1).unwrap_or(1);
        vec![Problem::new(
            &file,
            line,
            format!("alert: {}", e.message().trim()),
            "an alert's front matter has kind = \"notification\" or \"important\", starts and ends \
             (UK time, e.g. 2026-12-24T16:00:00), and optionally sections = [\"home-education\"]",
        )]
    })?;
    let mut problems = vec![];
    let time = |key: &str, v: &toml::value::Datetime, problems: &mut Vec<Problem>| {
        let t = to_local(v);
        if t.is_none() {
            problems.push(Problem::new(
                &file,
                key_line(fm, key) + 1,
                format!("alert: `{key}` is not a date and time in UK local time"),
                format!("write {key} = 2026-12-24T16:00:00, with no time zone"),
            ));
        }
        t
    };
    let starts = time("starts", &settings.starts, &mut problems);
    let ends = time("ends", &settings.ends, &mut problems);
    if let (Some(s), Some(e)) = (starts, ends)
        && e <= s
    {
        problems.push(Problem::new(
            &file,
            key_line(fm, "ends") + 1,
            format!("alert: it ends ({}) before it starts ({})", minute(e), minute(s)),
            "set `ends` to a time after `starts`",
        ));
    }
    for section in &settings.sections {
        if !site.by_key.contains_key(&format!("{section}/_index.md")) {
            problems.push(Problem::new(
                &file,
                key_line(fm, "sections") + 1,
                format!("alert: there is no section `{section}` under content/"),
                "name a folder under content/ that has an _index.md, e.g. \"home-education\"",
            ));
        }
    }
    let mut html = BTreeMap::new();
    for &lang in &config.langs {
        let (text, text_file, text_line) = if lang == Lang::En {
            (body.to_string(), file.clone(), body_line)
        } else {
            let name = format!("{stem}.{}.md", lang.code());
            let lang_file = display(&name);
            let Ok(text) = std::fs::read_to_string(dir.join(&name)) else {
                problems.push(Problem::new(
                    &file,
                    0,
                    format!("the alert has no {} text", lang.endonym()),
                    format!("create content/{DIR}/{name} with the alert's text in {}", lang.endonym()),
                ));
                continue;
            };
            if text.starts_with("+++") {
                problems.push(Problem::new(
                    &lang_file,
                    1,
                    "alert: the translation has front matter",
                    format!("the kind and times go in {en_name}; this file holds only the text"),
                ));
                continue;
            }
            (text, lang_file, 1)
        };
        if text.trim().is_empty() {
            problems.push(Problem::new(&text_file, 0, "alert: the text is empty", "write what readers need to know"));
            continue;
        }
        let resolve = |key: &str| site.url(key, lang).map(str::to_string);
        let no_assets = |_: &str| None;
        let external_label = i18n.text(lang, "external-link");
        let md = markdown::render(
            &text,
            &markdown::Ctx {
                resolve: &resolve,
                asset: &no_assets,
                external_label: &external_label,
                base_url: &config.base_url,
                body_line: text_line,
            },
        );
        problems.extend(md.broken.iter().map(|(line, msg)| {
            Problem::new(&text_file, *line, msg.clone(), "link to a page under content/, e.g. @/contact.md")
        }));
        html.insert(lang, md.html);
    }
    match (starts, ends, problems.is_empty()) {
        (Some(starts), Some(ends), true) => {
            Ok(Alert { name: stem.to_string(), kind: settings.kind, starts, ends, sections: settings.sections, html })
        }
        _ => Err(problems),
    }
}

/// Reads an alert's settings (its `+++` block) in the shape `Alerts::load` needs, for the
/// docs' examples.
#[cfg(test)]
pub(crate) fn parse_settings(front: &str) -> Result<(), String> {
    toml::from_str::<Settings>(front).map(|_| ()).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_is_in_its_top_level_folder() {
        assert_eq!(section_of("home-education/tell-us.md"), "home-education");
        assert_eq!(section_of("home-education/_index.md"), "home-education");
        assert_eq!(section_of("a/b/c.md"), "a");
        assert_eq!(section_of("_index.md"), "");
        assert_eq!(section_of("contact.md"), "");
    }

    #[test]
    fn refill_replaces_only_the_region() {
        let page = "<main><!--porth-alerts:home-education--><div>old</div><!--/porth-alerts--><h1>T</h1></main>";
        let out = refill(page, |s| Some(format!("[{s}]"))).unwrap();
        assert_eq!(out, "<main>[home-education]<h1>T</h1></main>");
        assert_eq!(refill("<main>no region</main>", |_| Some(String::new())), None);
    }
}
