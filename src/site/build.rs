//! The build, as a short list of stages: load config → load strings and templates → load
//! the forms and content (each file read once) → render every page in parallel, in memory
//! (Markdown, then template) → check links and anchors → render the site-wide files →
//! write everything into a fresh folder and swap it into place. A site with a problem
//! writes nothing, and a failed build leaves the previous site untouched. `render_some` runs
//! the same stages over the pages one change affects (see `rebuild`).

use crate::forms::Forms;
use crate::lang::Lang;
use crate::problems::{Problem, ProblemReport, Problems, line_of};
use crate::site::config::Config;
use crate::site::content::{self, Kind, Site};
use crate::site::context;
use crate::site::events::{self, EventView};
use crate::site::i18n::I18n;
use crate::site::markdown::{self, InternalLink};
use crate::site::render::Renderer;
use anyhow::{Context as _, Result};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tera::{Context, Value};
use time::PrimitiveDateTime;

/// Everything loaded from a site folder: what both `build` and `serve` start from. Cheap to
/// copy (the renderer and the page tree are shared).
#[derive(Clone)]
pub(crate) struct Loaded {
    pub(crate) config: Config,
    pub(crate) renderer: Arc<Renderer>,
    pub(crate) site: Site,
    pub(crate) forms: Forms,
    /// The services directory (`directory/`), if the site has one.
    pub(crate) directory: Option<Arc<crate::site::directory::Directory>>,
    /// `content/alerts/`: banners on a timer.
    pub(crate) alerts: Arc<crate::site::alerts::Alerts>,
    /// `content/journeys/`: step-by-step journeys.
    pub(crate) journeys: Arc<crate::site::journeys::Journeys>,
}

pub(crate) struct Options {
    pub(crate) root: PathBuf,
    pub(crate) output: PathBuf,
    /// Sessions before this are "past". The build time unless set (for tests).
    pub(crate) now: PrimitiveDateTime,
}

#[derive(Debug)]
pub(crate) struct Summary {
    pub(crate) pages: BTreeMap<Lang, usize>,
    pub(crate) files: usize,
    pub(crate) elapsed: Duration,
    /// Problems `check` cares about that do not stop a build (missing translations).
    pub(crate) warnings: Vec<Problem>,
}

fn timed<T>(stage: &str, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    tracing::debug!(stage, ms = start.elapsed().as_millis() as u64, "build stage done");
    out
}

/// Loads a site folder: config, then strings and templates, the forms and the content.
/// Every problem in the forms and content is reported together.
pub(crate) fn load(root: &Path) -> Result<Loaded> {
    let (loaded, problems) = load_with_problems(root)?;
    if !problems.is_empty() {
        return Err(ProblemReport(problems).into());
    }
    Ok(loaded)
}

/// Like `load`, but a site whose forms or content have problems comes back with them rather
/// than as an error: `serve` still needs the strings, templates and forms to keep the forms
/// running in front of its last good build. Config, string and template errors still fail.
pub(crate) fn load_with_problems(root: &Path) -> Result<(Loaded, Vec<Problem>)> {
    let config = timed("config", || Config::load(root))?;
    let i18n = Arc::new(timed("strings", || I18n::load(&root.join("i18n"), &config.langs))?);
    let renderer = Arc::new(timed("templates", || Renderer::load(&config.templates_dir(), i18n.clone()))?);
    let forms = timed("forms", || Forms::load(root, &config.langs, &config.council_keys()))?;
    let (site, mut problems) = timed("content", || content::load(&config, &forms, &root.join("content")));
    problems.extend(form_problems(&config, &forms, &site, &i18n));
    problems.extend(template_council_problems(&config, &config.templates_dir()));
    let (directory, directory_problems) = timed("directory", || crate::site::directory::load(&config));
    problems.extend(directory_problems);
    let content_dir = root.join("content");
    let (alerts, alert_problems) = crate::site::alerts::Alerts::load(&config, &site, &i18n, &content_dir);
    let (journeys, journey_problems) = crate::site::journeys::Journeys::load(&config, &site, &content_dir);
    problems.extend(alert_problems);
    problems.extend(journey_problems);
    problems.sort();
    let (alerts, journeys) = (Arc::new(alerts), Arc::new(journeys));
    Ok((Loaded { config, renderer, site, forms, directory: directory.map(Arc::new), alerts, journeys }, problems))
}

/// Council details a template names (`council.phone`, `council_cy.name`) that config.toml
/// does not have. Tera would render a misspelt one as nothing; a reader would see a gap
/// where the phone number should be.
fn template_council_problems(config: &Config, dir: &Path) -> Vec<Problem> {
    let keys = config.council_keys();
    let mut out = vec![];
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name().into_iter().filter_map(Result::ok) {
        let Ok(text) = std::fs::read_to_string(entry.path()) else { continue };
        for (i, _) in text.match_indices("council") {
            let before_ok = i == 0
                || !text.as_bytes()[i - 1].is_ascii_alphanumeric() && text.as_bytes()[i - 1] != b'_'
                || text[..i].ends_with("site.");
            let rest = &text[i + "council".len()..];
            let rest = rest.strip_prefix("_cy").or_else(|| rest.strip_prefix("_en")).unwrap_or(rest);
            let Some(rest) = rest.strip_prefix('.') else { continue };
            let key: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
            if before_ok && !key.is_empty() && !keys.contains(&key) {
                let rel = entry.path().strip_prefix(config.root.as_path()).unwrap_or(entry.path());
                out.push(Problem::new(
                    rel,
                    line_of(&text, i),
                    format!("the template names council detail `{key}`, which config.toml's [council] does not have"),
                    format!(
                        "use one of {}, or add `{key}` to [council] (in every language)",
                        keys.iter().cloned().collect::<Vec<_>>().join(", ")
                    ),
                ));
            }
        }
    }
    out
}

/// What a form file needs from the rest of the site: every string it uses, in every
/// language, and the content page its start page links back to. A missing string is
/// reported at the line of the form file that needs it, never shown to a reader.
fn form_problems(config: &Config, forms: &Forms, site: &Site, i18n: &I18n) -> Vec<Problem> {
    let mut out = vec![];
    for form in &forms.list {
        for (key, line) in form.keys() {
            for &lang in &config.langs {
                if !i18n.has(lang, &key) {
                    out.push(Problem::new(
                        &form.file,
                        line,
                        format!("the form needs the string `{key}`, which i18n/{lang}/ does not have"),
                        format!("add `{key} = …` to a file in i18n/{lang}/ (the forms' strings are in forms.ftl)"),
                    ));
                }
            }
        }
        if !site.by_key.contains_key(&form.info_page) {
            out.push(Problem::new(
                &form.file,
                0,
                format!("info_page `{}` is not a page under content/", form.info_page),
                "name the page that explains the form, e.g. \"home-education/tell-us.md\"",
            ));
        }
    }
    out
}

/// Pages that exist in some languages and not others. `build` warns, `check` fails.
pub(crate) fn missing_translations(config: &Config, site: &Site) -> Vec<Problem> {
    let mut out = vec![];
    for node in &site.nodes {
        for &lang in &config.langs {
            if !node.variants.contains_key(&lang) {
                let have = node.variants.values().next().expect("node has a variant");
                let expected = match lang {
                    Lang::Cy => have.file.to_string_lossy().replace(".md", ".cy.md"),
                    Lang::En => have.file.to_string_lossy().replace(".cy.md", ".md"),
                };
                out.push(Problem::new(
                    &have.file,
                    0,
                    format!("there is no {} translation of this page", lang.endonym()),
                    format!("create {expected}"),
                ));
            }
        }
    }
    out
}

#[derive(Serialize, Clone)]
struct Link {
    title: String,
    url: String,
}

struct JobOut {
    node: usize,
    lang: Lang,
    ids: HashSet<String>,
    links: Vec<InternalLink>,
    file: PathBuf,
}

/// `porth build`: load, render, check, then write into place.
pub(crate) fn build(opts: &Options) -> Result<Summary> {
    let started = Instant::now();
    let loaded = load(&opts.root)?;
    let mut summary = build_loaded(&loaded, &opts.output, opts.now, started)?;
    summary.warnings.extend(crate::site::review_dates::build_warnings(&loaded.config, &loaded.site, opts.now.date()));
    Ok(summary)
}

/// Renders an already loaded site and, if every check passes, writes it into `output`
/// (a fresh folder swapped into place, so a failed build leaves the old site as it was).
pub(crate) fn build_loaded(
    loaded: &Loaded,
    output: &Path,
    now: PrimitiveDateTime,
    started: Instant,
) -> Result<Summary> {
    build_loaded_keeping(loaded, output, now, started, None)
}

/// `build_loaded`, filling `links` (when given) for watch mode's later partial rebuilds.
pub(crate) fn build_loaded_keeping(
    loaded: &Loaded,
    output: &Path,
    now: PrimitiveDateTime,
    started: Instant,
    links: Option<&mut LinkIndex>,
) -> Result<Summary> {
    // Only a server in watch mode keeps links, and it goes on running: it can leave the old
    // site's files to a background thread.
    let background = links.is_some();
    let rendered = into_place(output, background, |tmp| {
        let rendered = render_all(loaded, now, Some(tmp), links)?;
        timed("copy", || rendered.copies.par_iter().try_for_each(|(src, rel)| crate::fsx::copy(src, &tmp.join(rel))))?;
        Ok(rendered)
    })?;
    let warnings = missing_translations(&loaded.config, &loaded.site);
    Ok(Summary {
        pages: rendered.pages,
        files: rendered.files + rendered.copies.len(),
        elapsed: started.elapsed(),
        warnings,
    })
}

/// Fills a scratch folder beside `output` with `fill`, then swaps it into place; on failure
/// the scratch folder goes and `output` is left as it was.
fn into_place<T>(output: &Path, delete_old_in_background: bool, fill: impl FnOnce(&Path) -> Result<T>) -> Result<T> {
    let tmp = sibling(output, "porth-tmp");
    if tmp.exists() {
        std::fs::remove_dir_all(&tmp).with_context(|| format!("failed to remove {}", tmp.display()))?;
    }
    match fill(&tmp) {
        Ok(done) => {
            swap_into_place(&tmp, output, delete_old_in_background)?;
            Ok(done)
        }
        Err(e) => {
            let _ = std::fs::remove_dir_all(&tmp);
            Err(e)
        }
    }
}

/// A rendered site: its pages and site files written (into the build's scratch folder, or
/// nowhere for `check`), and the files still to copy as they are.
pub(crate) struct Rendered {
    /// Files written.
    files: usize,
    /// Files to copy as they are (static files, page assets): source, and path under output.
    copies: Vec<(PathBuf, PathBuf)>,
    pub(crate) pages: BTreeMap<Lang, usize>,
}

/// Where rendered files go, from every thread: straight into the scratch folder (or nowhere,
/// for `check`), each page's search entry kept on the way. Holding every page's HTML until
/// the end measured 622 MiB on 10,000 pages per language; this keeps the build's memory to
/// the site model and the search entries. A partial rebuild (watch mode) renders a few
/// pages and keeps them instead, to be written only once every check has passed; watch
/// mode's whole rebuild keeps every page, to serve them from memory (`Kept`).
#[allow(clippy::type_complexity)] // the kept pages: each path with its bytes
struct Outputs {
    dir: Option<PathBuf>,
    kept: Option<Mutex<Vec<(PathBuf, Vec<u8>)>>>,
    written: std::sync::atomic::AtomicUsize,
    /// Each page's search entry, taken as it is rendered; `None` for a partial rebuild, whose
    /// index is written again from the folder afterwards (`rebuild::refresh_search`).
    search: Option<Mutex<Vec<crate::site::search::PageEntry>>>,
    errors: Mutex<Vec<String>>,
}

impl Outputs {
    fn new(dir: Option<&Path>) -> Outputs {
        Outputs {
            dir: dir.map(Path::to_path_buf),
            kept: None,
            written: Default::default(),
            search: Some(Mutex::default()),
            errors: Default::default(),
        }
    }

    /// Keeps what is rendered instead of writing it; with its search entries when `index`.
    fn keeping(index: bool) -> Outputs {
        let out = Outputs { kept: Some(Mutex::default()), ..Outputs::new(None) };
        Outputs { search: out.search.filter(|_| index), ..out }
    }

    fn put(&self, rel: PathBuf, bytes: impl Into<Vec<u8>>) {
        let bytes = bytes.into();
        if let Some(search) = &self.search
            && let Some(entry) = crate::site::search::page_entry(&rel, &bytes)
        {
            search.lock().expect("poisoned").push(entry);
        }
        if let Some(kept) = &self.kept {
            kept.lock().expect("poisoned").push((rel, bytes));
            return;
        }
        if let Some(dir) = &self.dir
            && let Err(e) = crate::fsx::write(&dir.join(&rel), &bytes)
        {
            self.errors.lock().expect("poisoned").push(format!("{e:#}"));
            return;
        }
        self.written.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }
}

/// A URL path as a path under the output folder.
fn rel(url: &str) -> PathBuf {
    PathBuf::from(url.trim_start_matches('/'))
}

fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| "public".into());
    path.with_file_name(format!(".{name}.{suffix}"))
}

/// Moves the new site into place, and the old one aside and away. `porth build` deletes the
/// old files before it returns; a server that goes on running (watch mode) deletes them in
/// the background, as that took ~3 s of a whole rebuild of 20,000 pages, longer than the
/// rendering's share of it. Folders a killed server left half-deleted go at the next swap.
fn swap_into_place(tmp: &Path, output: &Path, delete_old_in_background: bool) -> Result<()> {
    static SWAPS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let prefix = sibling(output, "porth-old");
    let old = if delete_old_in_background {
        let n = SWAPS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        sibling(output, &format!("porth-old-{}-{n}", std::process::id()))
    } else {
        remove_old_sites(&prefix)?;
        prefix.clone()
    };
    if old.exists() {
        std::fs::remove_dir_all(&old)?;
    }
    if output.exists() {
        std::fs::rename(output, &old).with_context(|| format!("failed to move {} aside", output.display()))?;
    }
    std::fs::rename(tmp, output).with_context(|| format!("failed to move the new site to {}", output.display()))?;
    if old.exists() {
        if delete_old_in_background {
            std::thread::spawn(move || {
                if let Err(e) = std::fs::remove_dir_all(&old) {
                    tracing::warn!("the previous build was not deleted from {}: {e}", old.display());
                }
            });
        } else {
            std::fs::remove_dir_all(&old)?;
        }
    }
    Ok(())
}

/// Deletes `prefix` and the `prefix-<pid>-<n>` folders a server's background deletes left
/// behind (a server killed while deleting).
fn remove_old_sites(prefix: &Path) -> Result<()> {
    let (Some(parent), Some(name)) = (prefix.parent(), prefix.file_name().map(|n| n.to_string_lossy().to_string()))
    else {
        return Ok(());
    };
    let Ok(entries) = std::fs::read_dir(if parent.as_os_str().is_empty() { Path::new(".") } else { parent }) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().to_string();
        if file == name
            || file
                .strip_prefix(&format!("{name}-"))
                .is_some_and(|rest| rest.chars().all(|c| c.is_ascii_digit() || c == '-'))
        {
            // Another server's delete may be under way in the same folder: what it has
            // already removed is not an error.
            match std::fs::remove_dir_all(entry.path()) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(e).with_context(|| format!("failed to remove {}", entry.path().display())),
            }
        }
    }
    Ok(())
}

/// What every page of one language shares: navigation, footer, council details.
pub(crate) fn site_view(loaded: &Loaded, lang: Lang, problems: &mut Vec<Problem>) -> Value {
    let site = &loaded.site;
    let config = &loaded.config;
    let home = &site.nodes[site.home()];
    let nav: Vec<Link> = home
        .subsections
        .iter()
        .filter_map(|&i| {
            // `[extra] nav_title`: a short label for the navigation, so it fits one row; the
            // section keeps its full title on its own page.
            site.nodes[i].variants.get(&lang).map(|v| Link {
                title: v.front.extra.get("nav_title").and_then(|t| t.as_str()).unwrap_or(&v.front.title).to_string(),
                url: v.url.clone(),
            })
        })
        .collect();
    let mut footer = vec![];
    for key in &config.footer {
        match site.variant_or_fallback(key, lang) {
            Some(v) => footer.push(Link { title: v.front.title.clone(), url: v.url.clone() }),
            None => problems.push(Problem::new(
                config.root.join("config.toml"),
                0,
                format!("footer page `{key}` does not exist"),
                "create the page, or remove it from `footer` in config.toml",
            )),
        }
    }
    Value::from_serializable(&serde_json::json!({
        "base_url": config.base_url,
        "home_url": format!("/{lang}/"),
        "nation": config.nation.as_str(),
        "languages": config.langs,
        // Drop-in sessions need a venue: a site without venues has no sessions to list.
        "events": !config.venues.is_empty(),
        "council": config.council_for(lang),
        // Each section's and form's team, for the footer (`[contacts]`).
        "contacts": crate::site::teams::site_contacts(config, site, &loaded.forms, lang),
        "nav": nav,
        "footer": footer,
        "brand": {
            "colour": config.brand.colour,
            "logo": config.brand.logo.as_ref().map(|l| format!("/{l}")),
            "logo_alt": config.brand.logo_alt.get(lang.code()),
        },
    }))
}

/// `css/brand.css`: the council's colour for GOV.UK Frontend's custom properties, with the
/// tints the Sass derives from it (see scss/porth.scss), so a council changes its colour in
/// config.toml alone.
fn brand_css(config: &Config) -> String {
    let rgb = config.brand.rgb().unwrap_or([0x0f, 0x4c, 0x45]);
    let mix = |pct: f64| {
        let c = |v: u8| (v as f64 * pct + 255.0 * (1.0 - pct)).round() as u8;
        format!("#{:02x}{:02x}{:02x}", c(rgb[0]), c(rgb[1]), c(rgb[2]))
    };
    format!(
        ":root{{--govuk-brand-colour:{};--govuk-template-background-colour:{};--govuk-surface-background-colour:{};--govuk-surface-border-colour:{}}}\n",
        config.brand.colour,
        mix(0.06),
        mix(0.06),
        mix(0.5)
    )
}

fn sources(extra: &toml::Table) -> Vec<Link> {
    extra
        .get("sources")
        .and_then(|s| s.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|s| {
                    let t = s.as_table()?;
                    Some(Link {
                        title: t.get("title")?.as_str()?.to_string(),
                        url: t.get("url")?.as_str()?.to_string(),
                    })
                })
                .collect()
        })
        .unwrap_or_default()
}

/// What every page's render shares: each language's site view, the drop-in sessions read
/// from front matter (section pages list them), and the time that splits past from upcoming.
struct Prepared<'a> {
    loaded: &'a Loaded,
    now: PrimitiveDateTime,
    site_views: HashMap<Lang, Value>,
    sessions: HashMap<usize, events::Event>,
}

impl<'a> Prepared<'a> {
    fn new(loaded: &'a Loaded, now: PrimitiveDateTime, problems: &Problems) -> Prepared<'a> {
        let Loaded { config, site, .. } = loaded;
        let mut setup_problems = vec![];
        let site_views: HashMap<Lang, Value> =
            config.langs.iter().map(|&l| (l, site_view(loaded, l, &mut setup_problems))).collect();
        problems.extend(setup_problems);
        let mut sessions: HashMap<usize, events::Event> = HashMap::new();
        for (i, n) in site.nodes.iter().enumerate() {
            if let Some(v) = n.variants.values().next() {
                match events::parse(v, config) {
                    Some(Ok(e)) => {
                        sessions.insert(i, e);
                    }
                    Some(Err(p)) => problems.push(p),
                    None => {}
                }
            }
        }
        Prepared { loaded, now, site_views, sessions }
    }

    /// A section's sessions (all of them for `None`), upcoming then past, in `lang`.
    fn event_views(&self, section: Option<usize>, lang: Lang) -> (Vec<EventView>, Vec<EventView>) {
        let site = &self.loaded.site;
        let mut list: Vec<(&usize, &events::Event)> =
            self.sessions.iter().filter(|(i, _)| section.is_none() || site.nodes[**i].parent == section).collect();
        list.sort_by_key(|(i, e)| (e.start, **i));
        let mut upcoming = vec![];
        let mut past = vec![];
        for (&i, e) in list {
            if let Some(v) = site.nodes[i].variants.get(&lang) {
                let view = events::view(i, e, &v.front.title, &v.url, lang, &self.loaded.config);
                if e.end >= self.now { upcoming.push(view) } else { past.push(view) }
            }
        }
        past.reverse(); // most recent first
        (upcoming, past)
    }

    /// The first pass over `jobs`: each page's Markdown, for its headings and links.
    fn markdown(&self, jobs: &[(usize, Lang)], problems: &Problems) -> Vec<JobOut> {
        let outs: Mutex<Vec<JobOut>> = Mutex::new(Vec::with_capacity(jobs.len()));
        let event_views = |s: Option<usize>, l: Lang| self.event_views(s, l);
        jobs.par_iter().for_each(|&(idx, lang)| {
            match render_one(
                self.loaded,
                idx,
                lang,
                &self.site_views[&lang],
                &event_views,
                &self.sessions,
                self.now,
                None,
            ) {
                Ok((job, job_problems)) => {
                    problems.extend(job_problems);
                    outs.lock().expect("poisoned").push(job);
                }
                Err(p) => problems.push(p),
            }
        });
        outs.into_inner().expect("poisoned")
    }

    /// The second pass over `jobs`: each page through its template, into `out`.
    fn render(&self, jobs: &[(usize, Lang)], out: &Outputs, problems: &Problems) {
        let event_views = |s: Option<usize>, l: Lang| self.event_views(s, l);
        jobs.par_iter().for_each(|&(idx, lang)| {
            match render_one(
                self.loaded,
                idx,
                lang,
                &self.site_views[&lang],
                &event_views,
                &self.sessions,
                self.now,
                Some(out),
            ) {
                Ok((_, ps)) => problems.extend(ps),
                Err(p) => problems.push(p),
            }
        })
    }

    fn site_files(&self, out: &Outputs) -> Result<()> {
        write_site_files(self.loaded, out, &|s, l| self.event_views(s, l), &self.sessions)?;
        if let Some(dir) = &self.loaded.directory {
            let view = crate::site::directory::pages::Loaded {
                config: &self.loaded.config,
                renderer: &self.loaded.renderer,
                site: &self.loaded.site,
            };
            let problems =
                crate::site::directory::pages::write(&view, dir, &self.site_views, &|rel, bytes| out.put(rel, bytes));
            fail_on_list(problems)?;
        }
        self.journey_pages(out)
    }

    /// A page for each step-by-step journey, in each language.
    fn journey_pages(&self, out: &Outputs) -> Result<()> {
        let Loaded { config, renderer, site, journeys, alerts, .. } = self.loaded;
        for journey in &journeys.list {
            for (&lang, url) in &journey.url {
                let Some(view) = journeys.pages(site, lang).into_iter().find(|(u, _)| u == url).map(|(_, v)| v) else {
                    continue;
                };
                let place = context::Place {
                    lang,
                    url,
                    other_url: journey.url.get(&lang.other()).map(String::as_str),
                    alternates: journey.url.iter().map(|(l, u)| (*l, u.clone())).collect(),
                };
                let title = journey.title.get(&lang).cloned().unwrap_or_default();
                let mut ctx = context::base(&config.base_url, &self.site_views[&lang], &place, &title);
                let home = &site.nodes[site.home()];
                let crumbs: Vec<Link> = home
                    .variants
                    .get(&lang)
                    .map(|h| Link { title: h.front.title.clone(), url: h.url.clone() })
                    .into_iter()
                    .collect();
                ctx.insert("breadcrumbs", &crumbs);
                ctx.insert("page", &serde_json::json!({"title": title, "description": journey.intro.get(&lang)}));
                ctx.insert("journey", &view);
                ctx.insert("alerts_region", &alerts.region(renderer, "", lang, self.now)?);
                let html = renderer.render("journey.html", &ctx)?;
                out.put(crate::site::journeys::output_path(url), html);
            }
        }
        Ok(())
    }
}

/// Links to a heading (`@/page.md#id`) whose page has no such heading. `ids` gives a page's
/// heading ids in a language, `links` each link with the file and language it is in.
fn anchor_problems<'a>(
    site: &Site,
    ids: impl Fn(usize, Lang) -> Option<&'a HashSet<String>>,
    links: impl Iterator<Item = (&'a Path, Lang, &'a InternalLink)>,
) -> Vec<Problem> {
    let mut out = vec![];
    for (file, lang, l) in links {
        if let (Some(anchor), Some(&target)) = (&l.anchor, site.by_key.get(&l.key))
            && let Some(set) = ids(target, lang)
            && !set.contains(anchor)
        {
            let mut known: Vec<&String> = set.iter().collect();
            known.sort();
            out.push(Problem::new(
                file,
                l.line,
                format!("link to `@/{}#{anchor}`: that page has no heading with id `{anchor}`", l.key),
                format!("use one of: {}", known.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")),
            ));
        }
    }
    out
}

fn fail_on_list(problems: Vec<Problem>) -> Result<()> {
    if problems.is_empty() { Ok(()) } else { Err(ProblemReport(problems).into()) }
}

fn fail_on(problems: Problems) -> Result<()> {
    let problems = problems.into_sorted();
    if problems.is_empty() { Ok(()) } else { Err(ProblemReport(problems).into()) }
}

/// Every page's heading ids, and every link that names one, from the last good build: what
/// watch mode needs to check links into and out of the pages it renders again without
/// reading every other page's Markdown.
#[derive(Default)]
pub(crate) struct LinkIndex {
    ids: HashMap<(usize, Lang), HashSet<String>>,
    /// Links with an `#anchor`: (page and language linking, its file, the link).
    anchored: Vec<((usize, Lang), PathBuf, InternalLink)>,
}

impl LinkIndex {
    /// Takes in what the first pass found on the pages it read, replacing what they had.
    fn update(&mut self, outs: Vec<JobOut>) {
        let redone: HashSet<(usize, Lang)> = outs.iter().map(|o| (o.node, o.lang)).collect();
        self.anchored.retain(|(from, _, _)| !redone.contains(from));
        for o in outs {
            for l in o.links {
                if l.anchor.is_some() {
                    self.anchored.push(((o.node, o.lang), o.file.clone(), l));
                }
            }
            self.ids.insert((o.node, o.lang), o.ids);
        }
    }
}

fn all_jobs(site: &Site) -> Vec<(usize, Lang)> {
    site.nodes.iter().enumerate().flat_map(|(i, n)| n.variants.keys().map(move |&l| (i, l))).collect()
}

/// Renders the site in two passes. The first reads every page's Markdown for its headings
/// and links and checks them across pages, with every other check that needs no template:
/// a site with a problem stops there, with nothing written. The second renders each page
/// and site file and writes it into `dest` as it goes (`None`: rendered and dropped, for
/// `check`). Markdown is read twice; that costs less than holding the site in memory.
pub(crate) fn render_site(loaded: &Loaded, now: PrimitiveDateTime, dest: Option<&Path>) -> Result<Rendered> {
    render_all(loaded, now, dest, None)
}

/// `render_site`, filling `links` (when given) for watch mode's later partial rebuilds.
fn render_all(
    loaded: &Loaded,
    now: PrimitiveDateTime,
    dest: Option<&Path>,
    links: Option<&mut LinkIndex>,
) -> Result<Rendered> {
    render_into(loaded, now, Outputs::new(dest), links).map(|(rendered, _)| rendered)
}

/// A whole build held in memory: watch mode serves it at once and writes it afterwards
/// (`write_kept`), so an editor's template change is on the screen without waiting for
/// 40,000 files to be written and the old ones deleted (most of a whole build's time on a
/// large site, and the most variable part).
pub(crate) struct Kept {
    /// Every rendered page and site file, by path under the output folder.
    pub(crate) files: Vec<(PathBuf, bytes::Bytes)>,
    /// Files to copy as they are: source, and path under the output folder.
    pub(crate) copies: Vec<(PathBuf, PathBuf)>,
    search: Vec<crate::site::search::PageEntry>,
}

/// A whole build, with the same checks as `build_loaded`, kept in memory; `links` filled for
/// later partial rebuilds.
pub(crate) fn render_kept(loaded: &Loaded, now: PrimitiveDateTime, links: &mut LinkIndex) -> Result<Kept> {
    let (rendered, out) = render_into(loaded, now, Outputs::keeping(true), Some(links))?;
    let files = out
        .kept
        .expect("kept")
        .into_inner()
        .expect("poisoned")
        .into_iter()
        .map(|(rel, b)| (rel, bytes::Bytes::from(b)))
        .collect();
    Ok(Kept { files, copies: rendered.copies, search: out.search.expect("indexed").into_inner().expect("poisoned") })
}

/// Writes a kept build as `build_loaded` would have written it: into a scratch folder, then
/// swapped into place, the old site deleted in the background.
pub(crate) fn write_kept(kept: &Kept, output: &Path) -> Result<()> {
    into_place(output, true, |tmp| {
        kept.files.par_iter().try_for_each(|(rel, bytes)| crate::fsx::write(&tmp.join(rel), bytes))?;
        kept.copies.par_iter().try_for_each(|(src, rel)| crate::fsx::copy(src, &tmp.join(rel)))?;
        write_search_index(kept.search.clone(), tmp)
    })
}

/// `render_all` into `out` (a folder, nowhere, or memory), which is handed back with what it
/// kept.
fn render_into(
    loaded: &Loaded,
    now: PrimitiveDateTime,
    out: Outputs,
    links: Option<&mut LinkIndex>,
) -> Result<(Rendered, Outputs)> {
    let Loaded { config, site, .. } = loaded;
    let problems = Problems::default();
    let prepared = Prepared::new(loaded, now, &problems);
    let jobs = all_jobs(site);
    let outs = timed("markdown", || prepared.markdown(&jobs, &problems));

    // Anchors can only be checked once every page's headings are known.
    let ids: HashMap<(usize, Lang), &HashSet<String>> = outs.iter().map(|o| ((o.node, o.lang), &o.ids)).collect();
    problems.extend(anchor_problems(
        site,
        |n, l| ids.get(&(n, l)).copied(),
        outs.iter().flat_map(|o| o.links.iter().map(|l| (o.file.as_path(), o.lang, l))),
    ));
    drop(ids);
    problems.extend(alias_problems(loaded));
    fail_on(problems)?;
    match links {
        Some(links) => links.update(outs),
        None => drop(outs),
    }

    // Every check that needs no template has passed: render and write.
    let problems = Problems::default();
    timed("render", || prepared.render(&jobs, &out, &problems));
    timed("site files", || prepared.site_files(&out))?;
    let mut copies = vec![];
    let static_dir = config.static_dir();
    if static_dir.exists() {
        for entry in walkdir::WalkDir::new(&static_dir).sort_by_file_name() {
            let entry = entry.with_context(|| format!("failed to walk `{}`", static_dir.display()))?;
            if entry.file_type().is_file() {
                copies.push((
                    entry.path().to_path_buf(),
                    entry.path().strip_prefix(&static_dir).expect("under static").to_path_buf(),
                ));
            }
        }
    }
    for n in &site.nodes {
        for v in n.variants.values() {
            for asset in &n.assets {
                let name = asset.file_name().expect("file has a name");
                copies.push((asset.clone(), rel(&v.url).join(name)));
            }
        }
    }
    if let Some(e) = out.errors.lock().expect("poisoned").first() {
        anyhow::bail!("{e}");
    }
    fail_on(problems)?;
    // The search index is read from the pages just rendered, so it says what they say.
    if let (Some(dir), Some(search)) = (&out.dir, &out.search) {
        let entries = std::mem::take(&mut *search.lock().expect("poisoned"));
        timed("search index", || write_search_index(entries, dir))?;
        out.written.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }
    let mut pages = BTreeMap::new();
    for &(_, lang) in &jobs {
        *pages.entry(lang).or_insert(0) += 1;
    }
    Ok((Rendered { files: out.written.load(std::sync::atomic::Ordering::Relaxed), copies, pages }, out))
}

/// Writes `search-index.json` into `dir`, by way of a scratch file, so a server reading it
/// never sees half a file.
pub(crate) fn write_search_index(entries: Vec<crate::site::search::PageEntry>, dir: &Path) -> Result<()> {
    let path = dir.join(crate::site::search::INDEX_FILE);
    let tmp = dir.join(format!(".{}.tmp", crate::site::search::INDEX_FILE));
    let file = std::fs::File::create(&tmp).with_context(|| format!("failed to write `{}`", tmp.display()))?;
    let mut w = std::io::BufWriter::new(file);
    crate::site::search::write_index(entries, &mut w)
        .and_then(|_| std::io::Write::flush(&mut w))
        .with_context(|| format!("failed to write `{}`", path.display()))?;
    drop(w);
    std::fs::rename(&tmp, &path).with_context(|| format!("failed to write `{}`", path.display()))
}

/// Watch mode's partial rebuild: renders only `jobs` (the pages a change affects) and the
/// site-wide files, with the same two passes and checks as a whole build. Links from these
/// pages, and links from any other page into them, are checked against `links` (the last
/// good build's headings); nothing is written unless every check passes. Then only files
/// whose bytes changed are written, in place, and `links` learns the new headings. Returns
/// the paths written, under `output`. The search index is not touched: see
/// `rebuild::refresh_search`.
pub(crate) fn render_some(
    loaded: &Loaded,
    now: PrimitiveDateTime,
    links: &mut LinkIndex,
    jobs: &[(usize, Lang)],
    output: &Path,
) -> Result<Vec<PathBuf>> {
    let site = &loaded.site;
    let problems = Problems::default();
    let prepared = Prepared::new(loaded, now, &problems);
    let outs = timed("markdown", || prepared.markdown(jobs, &problems));
    let fresh: HashMap<(usize, Lang), &HashSet<String>> = outs.iter().map(|o| ((o.node, o.lang), &o.ids)).collect();
    let redone: HashSet<usize> = jobs.iter().map(|&(n, _)| n).collect();
    // Links out of the pages read again, and links from other pages into them.
    let out_of = outs.iter().flat_map(|o| o.links.iter().map(|l| (o.file.as_path(), o.lang, l)));
    let into = links
        .anchored
        .iter()
        .filter(|(from, _, l)| !fresh.contains_key(from) && site.by_key.get(&l.key).is_some_and(|t| redone.contains(t)))
        .map(|(from, file, l)| (file.as_path(), from.1, l));
    problems.extend(anchor_problems(
        site,
        |n, l| fresh.get(&(n, l)).copied().or_else(|| links.ids.get(&(n, l))),
        out_of.chain(into),
    ));
    drop(fresh);
    problems.extend(alias_problems(loaded));
    fail_on(problems)?;

    let problems = Problems::default();
    let out = Outputs::keeping(false);
    timed("render", || prepared.render(jobs, &out, &problems));
    timed("site files", || prepared.site_files(&out))?;
    fail_on(problems)?;
    let kept = out.kept.map(|k| k.into_inner().expect("poisoned")).unwrap_or_default();
    let mut written = vec![];
    timed("write", || -> Result<()> {
        for (rel, bytes) in kept {
            let path = output.join(&rel);
            if std::fs::read(&path).ok().as_deref() != Some(&bytes[..]) {
                crate::fsx::write(&path, &bytes)?;
                written.push(rel);
            }
        }
        Ok(())
    })?;
    links.update(outs);
    Ok(written)
}

/// Aliases that are not paths on this site, or that are another page's URL: checked before
/// anything is written.
fn alias_problems(loaded: &Loaded) -> Vec<Problem> {
    let site = &loaded.site;
    let pages: HashSet<String> =
        site.nodes.iter().flat_map(|n| n.variants.values().map(|v| v.url.trim_matches('/').to_string())).collect();
    let mut out = vec![];
    for n in &site.nodes {
        for v in n.variants.values() {
            for alias in &v.front.aliases {
                let path = alias.trim_matches('/');
                // An alias is a URL on this site: `..` or a backslash could write outside it.
                if path.split('/').any(|seg| seg == ".." || seg == ".") || path.contains('\\') || path.is_empty() {
                    out.push(Problem::new(
                        &v.file,
                        0,
                        format!("alias `{alias}` is not a path on this site"),
                        "write it as a path from the site's root, e.g. \"/en/old-page/\"",
                    ));
                } else if pages.contains(path.trim_end_matches("/index.html")) {
                    out.push(Problem::new(
                        &v.file,
                        0,
                        format!("alias `{alias}` is the URL of another page"),
                        "remove the alias",
                    ));
                }
            }
        }
    }
    out
}

type EventViews<'a> = dyn Fn(Option<usize>, Lang) -> (Vec<EventView>, Vec<EventView>) + Sync + 'a;

#[allow(clippy::too_many_arguments)] // one page, the site it is in and where it goes: a request struct would only rename them
fn render_one(
    loaded: &Loaded,
    idx: usize,
    lang: Lang,
    site_view: &Value,
    event_views: &EventViews<'_>,
    sessions: &HashMap<usize, events::Event>,
    now: PrimitiveDateTime,
    out: Option<&Outputs>,
) -> Result<(JobOut, Vec<Problem>), Problem> {
    let Loaded { config, renderer, site, .. } = loaded;
    let node = &site.nodes[idx];
    let v = &node.variants[&lang];
    let body = &v.body;

    let section_for_assets = if node.kind == Kind::Section { Some(idx) } else { node.parent };
    let resolve = |key: &str| site.variant_or_fallback(key, lang).map(|t| t.url.clone());
    let asset = |name: &str| -> Option<String> {
        let s = &site.nodes[section_for_assets?];
        let found = s.assets.iter().any(|a| a.file_name().is_some_and(|f| f == name));
        found.then(|| s.variants.get(&lang).map(|sv| format!("{}{name}", sv.url))).flatten()
    };
    let external_label = renderer.i18n.text(lang, "external-link");
    let md = markdown::render(
        body,
        &markdown::Ctx {
            resolve: &resolve,
            asset: &asset,
            external_label: &external_label,
            base_url: &config.base_url,
            body_line: v.body_line,
        },
    );
    let mut problems: Vec<Problem> = md
        .broken
        .iter()
        .map(|(line, msg)| {
            Problem::new(
                &v.file,
                *line,
                msg.clone(),
                "link to a file that exists under content/, e.g. @/home-education/_index.md",
            )
        })
        .collect();
    problems.extend(md.clashes.iter().map(|(line, id)| {
        Problem::new(
            &v.file,
            *line,
            format!("heading id `{{#{id}}}` is already the id of an earlier heading on this page"),
            "choose another id, or rename the earlier heading",
        )
    }));
    let is_home = node.parent.is_none();
    let template = v.front.template.clone().unwrap_or_else(|| {
        match (is_home, node.kind) {
            (true, _) => "index.html",
            (false, Kind::Section) => "section.html",
            (false, Kind::Page) => "page.html",
        }
        .to_string()
    });
    let Some(out) = out else {
        // The first pass: what the Markdown alone shows, and whether the template exists.
        if !renderer.has_template(&template) {
            problems.push(Problem::new(
                &v.file,
                0,
                format!("template `{template}` does not exist"),
                "use a file name from templates/",
            ));
        }
        return Ok((JobOut { node: idx, lang, ids: md.ids, links: md.links, file: v.file.clone() }, problems));
    };
    // The first pass reported what the Markdown shows.
    problems.clear();

    let other = lang.other();
    let alternates: Vec<(Lang, String)> = node.variants.iter().map(|(l, ov)| (*l, ov.url.clone())).collect();
    let breadcrumbs: Vec<Link> = site
        .ancestors(idx)
        .into_iter()
        .filter_map(|a| {
            site.nodes[a].variants.get(&lang).map(|av| Link { title: av.front.title.clone(), url: av.url.clone() })
        })
        .collect();
    let children: Vec<serde_json::Value> = node
        .subsections
        .iter()
        .chain(node.pages.iter())
        .filter(|c| !sessions.contains_key(c))
        .filter_map(|&c| site.nodes[c].variants.get(&lang))
        .map(|cv| {
            let mut child = serde_json::json!({"title": cv.front.title, "description": cv.front.description, "url": cv.url, "extra": extra_view(&cv.front.extra, lang)});
            // A listing that shows each page whole ("You said, we did": each comment with the
            // council's response) gets their content too; other listings do not pay for it.
            if template == YOU_SAID_WE_DID {
                let ctx = markdown::Ctx {
                    resolve: &resolve,
                    asset: &asset,
                    external_label: &external_label,
                    base_url: &config.base_url,
                    body_line: cv.body_line,
                };
                child["content"] = markdown::render(&cv.body, &ctx).html.into();
            }
            child
        })
        .collect();
    let is_events_section =
        !is_home && node.kind == Kind::Section && node.pages.iter().any(|p| sessions.contains_key(p));
    let (upcoming, past) = if is_home {
        let (u, _) = event_views(None, lang);
        (u.into_iter().take(3).collect(), vec![])
    } else if is_events_section {
        event_views(Some(idx), lang)
    } else {
        (vec![], vec![])
    };
    let event = sessions.get(&idx).map(|e| events::view(idx, e, &v.front.title, &v.url, lang, config));
    let last_updated = v.updated.or(v.date).map(|d| crate::site::dates::date(lang, d));
    let reviewed = v
        .front
        .extra
        .get("reviewed")
        .and_then(|r| r.as_datetime())
        .and_then(content::to_date)
        .map(|d| crate::site::dates::date(lang, d));
    let page = serde_json::json!({
        "title": v.front.title,
        "description": v.front.description,
        "content": md.html,
        "toc": md.toc,
        "last_updated": last_updated,
        "reviewed": reviewed,
        "sources": sources(&v.front.extra),
        "is_section": node.kind == Kind::Section,
    });
    // The page, or one of its area pages: the same page with its sessions narrowed.
    let alerts_region = loaded
        .alerts
        .region(renderer, crate::site::alerts::section_of(&node.key), lang, now)
        .map_err(|e| Problem::new(&v.file, 0, format!("{e:#}"), "fix templates/partials/alerts.html"))?;
    let page_ctx = |place: &context::Place<'_>,
                    title: &str,
                    crumbs: &[Link],
                    upcoming: &[EventView],
                    past: &[EventView],
                    calendar_url: &str| {
        let mut ctx = context::base(&config.base_url, site_view, place, title);
        ctx.insert("breadcrumbs", crumbs);
        let mut page = page.clone();
        page["title"] = title.into();
        ctx.insert("page", &page);
        ctx.insert("children", &children);
        ctx.insert("upcoming", upcoming);
        ctx.insert("past", past);
        ctx.insert("event", &event);
        ctx.insert("calendar_url", calendar_url);
        // The banners on at build time (`porth serve` refills them as it sends the page),
        // and the journeys the page is part of.
        ctx.insert("alerts_region", &alerts_region);
        ctx.insert("part_of", &loaded.journeys.part_of(site, &node.key, lang));
        if is_events_section {
            ctx.insert("section_url", &v.url);
        }
        ctx
    };

    let place = context::Place {
        lang,
        url: &v.url,
        other_url: node.variants.get(&other).map(|ov| ov.url.as_str()),
        alternates,
    };
    let calendar_url = if node.kind == Kind::Section { format!("{}sessions.ics", v.url) } else { String::new() };
    let mut ctx = page_ctx(&place, &v.front.title, &breadcrumbs, &upcoming, &past, &calendar_url);
    if is_events_section {
        ctx.insert("areas", &events::areas(config, lang, None));
    }

    {
        match renderer.render(&template, &ctx) {
            Ok(html) => out.put(rel(&v.url).join("index.html"), html),
            Err(e) => problems.push(Problem::new(
                &v.file,
                0,
                format!("{e:#}"),
                "fix the template, or the page's front matter it reads",
            )),
        }
        if let Some(ev) = &event {
            let vevent = events::vevent(&sessions[&idx], ev, &uid(&node.key, config), &config.base_url, DTSTAMP);
            let name = renderer.i18n.text(lang, "events-calendar-name");
            out.put(rel(&v.url).join("session.ics"), events::calendar(&name, lang, &[vevent]));
        }
    }

    // "Sessions near me": a page per area under the sessions page, with its own calendar,
    // so the filter is a plain link or GET form that works without JavaScript.
    if is_events_section {
        let mut crumbs = breadcrumbs.clone();
        crumbs.push(Link { title: v.front.title.clone(), url: v.url.clone() });
        for (key, area) in &config.areas {
            let url = format!("{}{key}/", v.url);
            let other_url = node.variants.get(&other).map(|ov| format!("{}{key}/", ov.url));
            let alternates = node.variants.iter().map(|(l, ov)| (*l, format!("{}{key}/", ov.url))).collect();
            let place = context::Place { lang, url: &url, other_url: other_url.as_deref(), alternates };
            let (up, pa) = (events::in_area(&upcoming, area), events::in_area(&past, area));
            let title = format!("{}: {}", v.front.title, area.name(lang));
            let mut ctx = page_ctx(&place, &title, &crumbs, &up, &pa, &format!("{url}sessions.ics"));
            ctx.insert("areas", &events::areas(config, lang, Some(key)));
            ctx.insert("area", &serde_json::json!({"key": key, "name": area.name(lang)}));
            ctx.insert("noindex", &true);
            match renderer.render(&template, &ctx) {
                Ok(html) => out.put(rel(&url).join("index.html"), html),
                Err(e) => problems.push(Problem::new(
                    &v.file,
                    0,
                    format!("{e:#}"),
                    "fix the template, or the page's front matter it reads",
                )),
            }
            let vevents: Vec<String> = up
                .iter()
                .map(|ev| {
                    events::vevent(
                        &sessions[&ev.node],
                        ev,
                        &uid(&site.nodes[ev.node].key, config),
                        &config.base_url,
                        DTSTAMP,
                    )
                })
                .collect();
            let name = format!("{}: {}", renderer.i18n.text(lang, "events-calendar-name"), area.name(lang));
            out.put(rel(&url).join("sessions.ics"), events::calendar(&name, lang, &vevents));
        }
    }
    Ok((JobOut { node: idx, lang, ids: md.ids, links: md.links, file: v.file.clone() }, problems))
}

/// The section template that lists its pages in full.
const YOU_SAID_WE_DID: &str = "you-said-we-did.html";

/// A page's `[extra]` for a template: dates as `{iso, text}` (ISO to sort by, text in the
/// page's language), everything else as it is.
fn extra_view(extra: &toml::Table, lang: Lang) -> serde_json::Value {
    extra
        .iter()
        .map(|(k, v)| {
            let value = match v.as_datetime().and_then(content::to_date) {
                Some(d) => serde_json::json!({"iso": d.to_string(), "text": crate::site::dates::date(lang, d)}),
                None => serde_json::to_value(v).unwrap_or(serde_json::Value::Null),
            };
            (k.clone(), value)
        })
        .collect::<serde_json::Map<_, _>>()
        .into()
}

/// DTSTAMP must be the same on every build, or every calendar re-import looks like a change.
const DTSTAMP: &str = "20260101T000000Z";

fn uid(key: &str, config: &Config) -> String {
    let host = config.base_url.split("://").nth(1).unwrap_or("porth").split('/').next().unwrap_or("porth");
    format!("{}@{host}", key.trim_end_matches(".md").replace('/', "-"))
}

/// The site-wide files: the language chooser, 404 pages, sitemap, robots.txt, alias
/// redirects and the sessions calendars.
fn write_site_files(
    loaded: &Loaded,
    out: &Outputs,
    event_views: &EventViews<'_>,
    sessions: &HashMap<usize, events::Event>,
) -> Result<()> {
    let Loaded { config, renderer, site, .. } = loaded;
    let render = |template: &str, ctx: &Context, dest: PathBuf| -> Result<()> {
        let html = renderer.render(template, ctx)?;
        out.put(dest, html);
        Ok(())
    };
    out.put("css/brand.css".into(), brand_css(config));
    // The statutory pages each footer links to, per language (the landing and 404 pages are
    // in every language at once).
    let footer = |lang: Lang| -> Vec<Link> {
        config
            .footer
            .iter()
            .filter_map(|key| site.variant_or_fallback(key, lang))
            .map(|v| Link { title: v.front.title.clone(), url: v.url.clone() })
            .collect()
    };
    let brand = serde_json::json!({"colour": config.brand.colour, "logo": config.brand.logo.as_ref().map(|l| format!("/{l}")), "logo_alt": config.brand.logo_alt});

    // The bilingual landing page and 404 pages.
    let home = &site.nodes[site.home()];
    let mut ctx = Context::new();
    ctx.insert("lang", "cy");
    ctx.insert("base_url", &config.base_url);
    let homes: Vec<serde_json::Value> = config
        .langs
        .iter()
        .filter_map(|l| home.variants.get(l).map(|v| serde_json::json!({"lang": l.code(), "name": l.endonym(), "title": v.front.title, "url": v.url, "description": v.front.description})))
        .collect();
    ctx.insert("homes", &homes);
    ctx.insert("brand", &brand);
    if config.bilingual() {
        ctx.insert("bilingual", &true);
        ctx.insert("footer_cy", &footer(Lang::Cy));
        ctx.insert("footer_en", &footer(Lang::En));
        ctx.insert("order", &["cy", "en"]);
        ctx.insert("council_cy", &config.council_for(Lang::Cy));
        ctx.insert("council_en", &config.council_for(Lang::En));
        render("landing.html", &ctx, "index.html".into())?;
        render("404.html", &ctx, "404.html".into())?;
    } else {
        // One language: `/` sends visitors straight to its home page. A chooser with one
        // choice is a page with nothing to do; a static host cannot send a 301, so this is
        // the redirect page aliases use (an immediate refresh, a link, canonical, noindex).
        let lang = config.langs[0];
        let home_v = &home.variants[&lang];
        let mut ctx = Context::new();
        ctx.insert("lang", lang.code());
        ctx.insert("target", &home_v.url);
        ctx.insert("title", &home_v.front.title);
        render("redirect.html", &ctx, "index.html".into())?;
        let mut ctx = single_404(config, lang);
        ctx.insert("footer_links", &footer(lang));
        ctx.insert("brand", &brand);
        render("404.html", &ctx, "404.html".into())?;
    }

    // Sitemap with hreflang alternates (Google's xhtml:link form).
    let mut sm = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for n in &site.nodes {
        for v in n.variants.values() {
            sm.push_str(&format!("  <url>\n    <loc>{}{}</loc>\n", config.base_url, xml_escape(&v.url)));
            if let Some(d) = v.updated.or(v.date) {
                sm.push_str(&format!("    <lastmod>{d}</lastmod>\n"));
            }
            // Alternates only where there is another language to point to.
            if config.bilingual() {
                for (l, alt) in &n.variants {
                    sm.push_str(&format!(
                        "    <xhtml:link rel=\"alternate\" hreflang=\"{l}\" href=\"{}{}\"/>\n",
                        config.base_url,
                        xml_escape(&alt.url)
                    ));
                }
                sm.push_str(&format!(
                    "    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{}/\"/>\n",
                    config.base_url
                ));
            }
            sm.push_str("  </url>\n");
        }
    }
    sm.push_str("</urlset>\n");
    out.put("sitemap.xml".into(), sm);
    out.put("robots.txt".into(), format!("User-agent: *\nAllow: /\n\nSitemap: {}/sitemap.xml\n", config.base_url));

    // Redirects for aliases (checked by `alias_problems` before anything was written).
    for n in &site.nodes {
        for (lang, v) in &n.variants {
            for alias in &v.front.aliases {
                let mut ctx = Context::new();
                ctx.insert("lang", lang.code());
                ctx.insert("target", &v.url);
                ctx.insert("title", &v.front.title);
                let path = alias.trim_matches('/');
                let dest =
                    if path.ends_with(".html") { PathBuf::from(path) } else { PathBuf::from(path).join("index.html") };
                render("redirect.html", &ctx, dest)?;
            }
        }
    }

    // A calendar of upcoming sessions for each events section, per language.
    let sections: HashSet<usize> = sessions.keys().filter_map(|&i| site.nodes[i].parent).collect();
    for s in sections {
        for (lang, v) in &site.nodes[s].variants {
            let (upcoming, _) = event_views(Some(s), *lang);
            let vevents: Vec<String> = upcoming
                .iter()
                .map(|ev| {
                    events::vevent(
                        &sessions[&ev.node],
                        ev,
                        &uid(&site.nodes[ev.node].key, config),
                        &config.base_url,
                        DTSTAMP,
                    )
                })
                .collect();
            let name = renderer.i18n.text(*lang, "events-calendar-name");
            out.put(rel(&v.url).join("sessions.ics"), events::calendar(&name, *lang, &vevents));
        }
    }
    for &lang in &config.langs {
        if !config.bilingual() {
            let mut ctx = single_404(config, lang);
            ctx.insert("footer_links", &footer(lang));
            ctx.insert("brand", &brand);
            render("404.html", &ctx, PathBuf::from(lang.code()).join("404.html"))?;
            continue;
        }
        let mut ctx = Context::new();
        ctx.insert("lang", lang.code());
        ctx.insert("base_url", &config.base_url);
        ctx.insert("homes", &homes);
        ctx.insert("bilingual", &true);
        // The page's own language first, then the other.
        ctx.insert("order", &[lang.code(), lang.other().code()]);
        ctx.insert("council_cy", &config.council_for(Lang::Cy));
        ctx.insert("council_en", &config.council_for(Lang::En));
        ctx.insert("footer_cy", &footer(Lang::Cy));
        ctx.insert("footer_en", &footer(Lang::En));
        ctx.insert("brand", &brand);
        render("404.html", &ctx, PathBuf::from(lang.code()).join("404.html"))?;
    }
    Ok(())
}

/// The 404 page of a one-language site: in that language only.
fn single_404(config: &Config, lang: Lang) -> Context {
    let mut ctx = Context::new();
    ctx.insert("lang", lang.code());
    ctx.insert("base_url", &config.base_url);
    ctx.insert("bilingual", &false);
    ctx.insert("order", &[lang.code()]);
    ctx.insert("council", &config.council_for(lang));
    ctx
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}
