//! Step-by-step journeys (GOV.UK's step-by-step navigation pattern): `content/journeys/
//! <name>.toml` lists numbered steps, some joined to the step before by "and" or "or", each
//! with the pages that belong to it. The build writes a page for each journey and, on every
//! page in one, a "Part of" box that links back with the page's step highlighted. No
//! JavaScript: every step is open.

use crate::lang::Lang;
use crate::problems::{Problem, line_of};
use crate::site::config::Config;
use crate::site::content::Site;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The folder under `content/` that holds journeys (not pages).
pub(crate) const DIR: &str = "journeys";

/// The part of a journey page's URL after the language: `/en/step-by-step/<slug>/`.
fn base_segment(lang: Lang) -> &'static str {
    match lang {
        Lang::Cy => "cam-wrth-gam",
        Lang::En => "step-by-step",
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Logic {
    And,
    Or,
}

type Text = BTreeMap<String, String>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawJourney {
    title: Spanned<Text>,
    #[serde(default)]
    intro: Option<Spanned<Text>>,
    #[serde(default)]
    slug: Option<Spanned<Text>>,
    #[serde(default)]
    step: Vec<Spanned<RawStep>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStep {
    title: Spanned<Text>,
    #[serde(default)]
    text: Option<Spanned<Text>>,
    #[serde(default)]
    logic: Option<Logic>,
    #[serde(default)]
    pages: Vec<Spanned<String>>,
}

#[derive(Debug, Clone)]
pub(crate) struct Step {
    /// The step's number; an "and"/"or" step shares the number of the step before.
    pub(crate) number: usize,
    pub(crate) logic: Option<Logic>,
    pub(crate) title: BTreeMap<Lang, String>,
    pub(crate) text: BTreeMap<Lang, String>,
    /// Content keys (`home-education/tell-us.md`) of the pages in the step.
    pub(crate) pages: Vec<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct Journey {
    pub(crate) name: String,
    pub(crate) title: BTreeMap<Lang, String>,
    pub(crate) intro: BTreeMap<Lang, String>,
    pub(crate) url: BTreeMap<Lang, String>,
    pub(crate) steps: Vec<Step>,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Journeys {
    pub(crate) list: Vec<Journey>,
}

impl Journeys {
    /// Reads `content/journeys/*.toml`; every problem is reported with its file and line.
    pub(crate) fn load(config: &Config, site: &Site, content_dir: &Path) -> (Journeys, Vec<Problem>) {
        let dir = content_dir.join(DIR);
        let mut out = Journeys::default();
        let mut problems = vec![];
        let Ok(entries) = std::fs::read_dir(&dir) else { return (out, problems) };
        let mut names: Vec<String> = entries
            .filter_map(Result::ok)
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|n| !n.starts_with('.'))
            .collect();
        names.sort();
        for name in names {
            let file = Path::new("content").join(DIR).join(&name);
            let Some(stem) = name.strip_suffix(".toml") else {
                problems.push(Problem::new(
                    &file,
                    0,
                    "a file in content/journeys/ that is not a journey",
                    "a journey is a .toml file (see docs/CONTENT-FORMAT.md); move other files elsewhere",
                ));
                continue;
            };
            let text = match std::fs::read_to_string(dir.join(&name)) {
                Ok(t) => t,
                Err(e) => {
                    problems.push(Problem::new(
                        &file,
                        0,
                        format!("cannot read the file: {e}"),
                        "check it is UTF-8 text",
                    ));
                    continue;
                }
            };
            match parse(config, site, stem, &file, &text) {
                Ok(j) => out.list.push(j),
                Err(p) => problems.extend(p),
            }
        }
        // Two journeys may not share an address.
        for (i, a) in out.list.iter().enumerate() {
            for b in &out.list[i + 1..] {
                for (lang, url) in &a.url {
                    if b.url.get(lang) == Some(url) {
                        problems.push(Problem::new(
                            Path::new("content").join(DIR).join(format!("{}.toml", b.name)),
                            0,
                            format!("journey `{}` has the same address as `{}`: {url}", b.name, a.name),
                            "give one of them another slug",
                        ));
                    }
                }
            }
        }
        (out, problems)
    }

    /// The "Part of" boxes for the page `key` in `lang`: one per journey it belongs to.
    pub(crate) fn part_of<'a>(&'a self, site: &'a Site, key: &str, lang: Lang) -> Vec<JourneyView<'a>> {
        self.list
            .iter()
            .filter(|j| j.steps.iter().any(|s| s.pages.iter().any(|p| p == key)))
            .filter_map(|j| {
                let mut view = j.view(site, lang, Some(key))?;
                view.here = j.steps.iter().position(|s| s.pages.iter().any(|p| p == key));
                Some(view)
            })
            .collect()
    }

    /// Every journey page: (its URL, its language, its view for `journey.html`).
    pub(crate) fn pages<'a>(&'a self, site: &'a Site, lang: Lang) -> Vec<(String, JourneyView<'a>)> {
        self.list.iter().filter_map(|j| Some((j.url.get(&lang)?.clone(), j.view(site, lang, None)?))).collect()
    }
}

/// A journey as `journey.html` and a page's "Part of" box show it.
#[derive(Serialize)]
pub(crate) struct JourneyView<'a> {
    name: &'a str,
    title: &'a str,
    intro: Option<&'a str>,
    url: &'a str,
    steps: Vec<StepView<'a>>,
    /// In a "Part of" box: the index of the step the page is in (absent on the journey's page).
    #[serde(skip_serializing_if = "Option::is_none")]
    here: Option<usize>,
}

/// One step of a journey.
#[derive(Serialize)]
pub(crate) struct StepView<'a> {
    number: usize,
    logic: Option<Logic>,
    title: Option<&'a str>,
    text: Option<&'a str>,
    links: Vec<StepLink<'a>>,
    /// The page shown is in this step.
    active: bool,
}

/// A page of a step, in the language shown (or the one it has).
#[derive(Serialize)]
pub(crate) struct StepLink<'a> {
    title: &'a str,
    url: &'a str,
    /// It is the page shown.
    current: bool,
}

impl Journey {
    /// What the templates show: the title, the journey page's URL, and each step with its
    /// pages' titles and URLs in `lang`. `current`: the page being shown, marked in its step.
    fn view<'a>(&'a self, site: &'a Site, lang: Lang, current: Option<&str>) -> Option<JourneyView<'a>> {
        let steps: Vec<StepView<'a>> = self
            .steps
            .iter()
            .map(|s| {
                let links: Vec<StepLink<'a>> = s
                    .pages
                    .iter()
                    .filter_map(|k| {
                        let v = site.variant_or_fallback(k, lang)?;
                        Some(StepLink { title: &v.front.title, url: &v.url, current: current == Some(k.as_str()) })
                    })
                    .collect();
                let active = current.is_some_and(|c| s.pages.iter().any(|p| p == c));
                StepView {
                    number: s.number,
                    logic: s.logic,
                    title: s.title.get(&lang).map(String::as_str),
                    text: s.text.get(&lang).map(String::as_str),
                    links,
                    active,
                }
            })
            .collect();
        Some(JourneyView {
            name: &self.name,
            title: self.title.get(&lang)?,
            intro: self.intro.get(&lang).map(String::as_str),
            url: self.url.get(&lang)?,
            steps,
            here: None,
        })
    }
}

/// One language's text from a `{ cy = "…", en = "…" }` table: a problem for a language the
/// site has and the table lacks, or a language it does not know.
fn texts(
    config: &Config,
    what: &str,
    t: &Spanned<Text>,
    file: &Path,
    src: &str,
    problems: &mut Vec<Problem>,
) -> BTreeMap<Lang, String> {
    let out = languages(config, what, t, file, src, problems);
    let line = line_of(src, t.span().start);
    for &l in &config.langs {
        if !out.contains_key(&l) {
            problems.push(Problem::new(
                file,
                line,
                format!("journey: the {what} has no {} text", l.endonym()),
                format!("add {what}.{} = \"…\"", l.code()),
            ));
        }
    }
    out
}

/// The languages a `{ cy = "…", en = "…" }` table gives, each one the site has.
fn languages(
    config: &Config,
    what: &str,
    t: &Spanned<Text>,
    file: &Path,
    src: &str,
    problems: &mut Vec<Problem>,
) -> BTreeMap<Lang, String> {
    let line = line_of(src, t.span().start);
    let mut out = BTreeMap::new();
    for (code, value) in t.get_ref() {
        match Lang::parse(code) {
            Some(l) if config.langs.contains(&l) => {
                if value.trim().is_empty() {
                    problems.push(Problem::new(
                        file,
                        line,
                        format!("journey: the {what} in {} is empty", l.endonym()),
                        "write it, or remove the line",
                    ));
                }
                out.insert(l, value.trim().to_string());
            }
            _ => problems.push(Problem::new(
                file,
                line,
                format!("journey: `{what}.{code}` is not a language of this site"),
                format!(
                    "use {}",
                    config.langs.iter().map(|l| format!("{what}.{}", l.code())).collect::<Vec<_>>().join(" and ")
                ),
            )),
        }
    }
    out
}

fn parse(config: &Config, site: &Site, name: &str, file: &Path, src: &str) -> Result<Journey, Vec<Problem>> {
    let raw: RawJourney = toml::from_str(src).map_err(|e| {
        let line = e.span().map(|s| line_of(src, s.start)).unwrap_or(0);
        vec![Problem::new(
            file,
            line,
            format!("journey: {}", e.message().trim()),
            "a journey has title.cy and title.en, then [[step]] tables, each with a title and pages = [\"section/page.md\"] \
             (see docs/CONTENT-FORMAT.md)",
        )]
    })?;
    let mut problems = vec![];
    if !name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
        problems.push(Problem::new(
            file,
            0,
            "journey: the file name is not lower-case letters, digits and hyphens",
            "rename it, e.g. home-education.toml",
        ));
    }
    let title = texts(config, "title", &raw.title, file, src, &mut problems);
    let intro = raw.intro.as_ref().map(|t| texts(config, "intro", t, file, src, &mut problems)).unwrap_or_default();
    let slugs = raw.slug.as_ref().map(|t| languages(config, "slug", t, file, src, &mut problems)).unwrap_or_default();
    for (lang, slug) in &slugs {
        if !slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
            problems.push(Problem::new(
                file,
                line_of(src, raw.slug.as_ref().map_or(0, |s| s.span().start)),
                format!("journey: slug.{} is not lower-case letters, digits and hyphens", lang.code()),
                "e.g. slug.cy = \"addysg-yn-y-cartref\"",
            ));
        }
    }
    let url = config
        .langs
        .iter()
        .map(|&l| (l, format!("/{}/{}/{}/", l.code(), base_segment(l), slugs.get(&l).map_or(name, String::as_str))))
        .collect();
    if raw.step.is_empty() {
        problems.push(Problem::new(
            file,
            0,
            "journey: it has no steps",
            "add [[step]] tables, each with a title and pages",
        ));
    }
    let mut steps = vec![];
    let mut number = 0;
    for (i, s) in raw.step.iter().enumerate() {
        let line = line_of(src, s.span().start);
        let s = s.get_ref();
        match (i, s.logic) {
            (0, Some(_)) => problems.push(Problem::new(
                file,
                line,
                "journey: the first step is joined by \"and\" or \"or\" to nothing",
                "remove `logic` from the first step",
            )),
            (_, None) => number += 1,
            _ => {}
        }
        let title = texts(config, "title", &s.title, file, src, &mut problems);
        let text = s.text.as_ref().map(|t| texts(config, "text", t, file, src, &mut problems)).unwrap_or_default();
        if s.pages.is_empty() {
            problems.push(Problem::new(
                file,
                line,
                "journey: the step links to no pages",
                "add pages = [\"section/page.md\"]",
            ));
        }
        let mut pages = vec![];
        for p in &s.pages {
            let key = p.get_ref().trim_start_matches("@/").to_string();
            if !site.by_key.contains_key(&key) {
                problems.push(Problem::new(
                    file,
                    line_of(src, p.span().start),
                    format!("journey: the page `{key}` does not exist"),
                    "name a page by its file under content/, e.g. \"home-education/tell-us.md\"",
                ));
                continue;
            }
            let node = &site.nodes[site.by_key[&key]];
            for &l in &config.langs {
                if !node.variants.contains_key(&l) {
                    problems.push(Problem::new(
                        file,
                        line_of(src, p.span().start),
                        format!("journey: the page `{key}` has no {} version", l.endonym()),
                        "translate the page first, or leave it out of the journey",
                    ));
                }
            }
            pages.push(key);
        }
        steps.push(Step { number: number.max(1), logic: s.logic, title, text, pages });
    }
    if problems.is_empty() { Ok(Journey { name: name.to_string(), title, intro, url, steps }) } else { Err(problems) }
}

/// Where a journey page is written under the output folder.
pub(crate) fn output_path(url: &str) -> PathBuf {
    PathBuf::from(url.trim_start_matches('/')).join("index.html")
}

/// Reads a journey file's text in the shape `load` needs, for the docs' examples.
#[cfg(test)]
pub(crate) fn parse_example(text: &str) -> Result<(), String> {
    toml::from_str::<RawJourney>(text).map(|_| ()).map_err(|e| e.to_string())
}
