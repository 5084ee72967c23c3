//! The build, as a short list of stages: load config → load strings and templates → load
//! the forms and content → render every page, in parallel, through its Markdown and its
//! template (`page`, `prepared`), written as it comes into a scratch folder, keeping only
//! each page's headings and links → check links, anchors and aliases across pages (`links`,
//! `checks`) → the site-wide files (`site_files`) → swap the folder into place (`output`).
//! A site with a problem never has its folder swapped in: a failed build leaves the previous
//! site untouched.
//! `porth build` keeps no page bodies after loading: each is read again when it is rendered.
//! `render_some` runs the same stages over the pages one change affects (see `rebuild`).

use crate::forms::Forms;
use crate::lang::Lang;
use crate::problems::{Problem, ProblemReport, Problems};
use crate::site::config::Config;
use crate::site::content::{self, Site};
use crate::site::i18n::I18n;
use crate::site::render::Renderer;
use anyhow::{Context as _, Result};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};
use time::PrimitiveDateTime;

mod checks;
mod links;
mod output;
mod page;
mod prepared;
mod site_files;

pub(crate) use checks::missing_translations;
use checks::{alias_problems, form_problems, template_council_problems};
pub(crate) use links::LinkIndex;
use links::anchor_problems;
pub(crate) use output::write_search_index;
use output::{Outputs, into_place, rel};
use page::JobOut;
use prepared::Prepared;
pub(crate) use prepared::site_view;

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
    tracing::debug!(stage, ms = start.elapsed().as_millis() as u64, peak_mib = peak_mib(), "build stage done");
    out
}

/// The process's peak memory so far (Linux's `VmHWM`), for the stage timings: which stage
/// sets the build's peak is what a memory target needs to know. 0 where it cannot be read.
fn peak_mib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
            line.split_whitespace().nth(1)?.parse::<u64>().ok()
        })
        .map_or(0, |kib| kib / 1024)
}

/// Loads a site folder: config, then strings and templates, the forms and the content.
/// Every problem in the forms and content is reported together.
pub(crate) fn load(root: &Path) -> Result<Loaded> {
    load_keeping(root, true)
}

/// `load`, keeping each page's Markdown body in memory or reading it again as it is
/// rendered (`content::Site::body`).
fn load_keeping(root: &Path, keep_bodies: bool) -> Result<Loaded> {
    let (loaded, problems) = load_with_problems_keeping(root, keep_bodies)?;
    if !problems.is_empty() {
        return Err(ProblemReport(problems).into());
    }
    Ok(loaded)
}

/// Like `load`, but a site whose forms or content have problems comes back with them rather
/// than as an error: `serve` still needs the strings, templates and forms to keep the forms
/// running in front of its last good build. Config, string and template errors still fail.
pub(crate) fn load_with_problems(root: &Path) -> Result<(Loaded, Vec<Problem>)> {
    load_with_problems_keeping(root, true)
}

fn load_with_problems_keeping(root: &Path, keep_bodies: bool) -> Result<(Loaded, Vec<Problem>)> {
    let config = timed("config", || Config::load(root))?;
    let i18n = Arc::new(timed("strings", || I18n::load(&root.join("i18n"), &config.langs))?);
    let renderer = Arc::new(timed("templates", || Renderer::load(&config.templates_dir(), i18n.clone()))?);
    let forms = timed("forms", || Forms::load(root, &config.langs, &config.council_keys()))?;
    let (site, mut problems) =
        timed("content", || content::load_keeping(&config, &forms, &root.join("content"), keep_bodies));
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

/// `porth build`: load, render, check, then write into place.
pub(crate) fn build(opts: &Options) -> Result<Summary> {
    let started = Instant::now();
    // A build renders each page once and goes: it reads each body again rather than keep
    // them all.
    let loaded = load_keeping(&opts.root, false)?;
    let mut warnings = missing_translations(&loaded.config, &loaded.site);
    warnings.extend(crate::site::review_dates::build_warnings(&loaded.config, &loaded.site, opts.now.date()));
    let rendered = into_place(&opts.output, false, move |tmp| {
        let (mut rendered, mut out) = render_into(&loaded, opts.now, Outputs::into_folder(tmp)?, None)?;
        rendered.copy_into(tmp)?;
        // The search index is written from the pages' entries alone: the site model's room
        // (a fifth of a large site's build) goes to the index, rather than both being held.
        drop(loaded);
        rendered.files += index_into(&mut out)?;
        Ok(rendered)
    })?;
    Ok(rendered.summary(started, warnings))
}

/// Renders an already loaded site (which watch mode keeps) and, if every check passes,
/// writes it into `output` (a fresh folder swapped into place, so a failed build leaves the
/// old site as it was), filling `links` (when given) for watch mode's later partial
/// rebuilds. `build` does the same with a site it lets go before the search index.
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
        rendered.copy_into(tmp)?;
        Ok(rendered)
    })?;
    Ok(rendered.summary(started, missing_translations(&loaded.config, &loaded.site)))
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

impl Rendered {
    /// Copies the files that go as they are into the scratch folder.
    fn copy_into(&self, tmp: &Path) -> Result<()> {
        timed("copy", || self.copies.par_iter().try_for_each(|(src, rel)| crate::fsx::copy(src, &tmp.join(rel))))
    }

    fn summary(self, started: Instant, warnings: Vec<Problem>) -> Summary {
        Summary { pages: self.pages, files: self.files + self.copies.len(), elapsed: started.elapsed(), warnings }
    }
}

fn fail_on_list(problems: Vec<Problem>) -> Result<()> {
    if problems.is_empty() { Ok(()) } else { Err(ProblemReport(problems).into()) }
}

fn fail_on(problems: Problems) -> Result<()> {
    let problems = problems.into_sorted();
    if problems.is_empty() { Ok(()) } else { Err(ProblemReport(problems).into()) }
}

fn all_jobs(site: &Site) -> Vec<(usize, Lang)> {
    site.nodes.iter().enumerate().flat_map(|(i, n)| n.variants.keys().map(move |&l| (i, l))).collect()
}

/// Renders the site in one pass: each page through its Markdown and template, written into
/// `dest` (a scratch folder) as it goes (`None`: rendered and dropped, for `check`), keeping
/// its headings and links, which are then checked across pages with every other check. A
/// site with a problem stops there, and its scratch folder is never swapped in. (Two passes,
/// Markdown read once to check and again to render, cost a fifth more CPU.)
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
    let out = match dest {
        Some(dir) => Outputs::into_folder(dir)?,
        None => Outputs::new(None),
    };
    let (mut rendered, mut out) = render_into(loaded, now, out, links)?;
    rendered.files += index_into(&mut out)?;
    Ok(rendered)
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

/// A whole build, with the same checks as `build`, kept in memory; `links` filled for
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

/// Writes a kept build as `build` would have written it: into a scratch folder, then
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
    // One pass: each page's Markdown and template together, straight into `out` (the
    // scratch folder, swapped in only when every check has passed, or memory). Parsing
    // every page's Markdown twice, once to check and once to render, was a fifth of a large
    // site's build.
    let outs = timed("render", || prepared.render(&jobs, &out, &problems));
    // Each render thread's copy of the word numbers goes: the shared table has them all.
    rayon::broadcast(|_| crate::site::search::forget_known_words());

    // Anchors can only be checked once every page's headings are known.
    let ids: HashMap<(usize, Lang), &links::Ids> = outs.iter().map(|o| ((o.node, o.lang), &o.ids)).collect();
    problems.extend(anchor_problems(
        site,
        |n, l| ids.get(&(n, l)).copied(),
        outs.iter().flat_map(|o| o.links.iter().map(|l| (o.file(site), o.lang, l))),
    ));
    drop(ids);
    problems.extend(alias_problems(loaded));
    fail_on(problems)?;
    match links {
        Some(links) => links.update(site, outs),
        None => drop(outs),
    }
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
    let mut pages = BTreeMap::new();
    for &(_, lang) in &jobs {
        *pages.entry(lang).or_insert(0) += 1;
    }
    Ok((Rendered { files: out.written.load(std::sync::atomic::Ordering::Relaxed), copies, pages }, out))
}

/// Writes the search index into a build's scratch folder from the entries taken as its
/// pages were rendered, so it says what they say; the number of files written (0 where
/// there is no folder, or no entries were taken).
fn index_into(out: &mut Outputs) -> Result<usize> {
    let (Some(dir), Some(search)) = (&out.dir, &out.search) else { return Ok(0) };
    let entries = std::mem::take(&mut *search.lock().expect("poisoned"));
    let spill = out.spill.take();
    timed("search index", || output::write_search_index_from(entries, spill, dir))?;
    Ok(1)
}

/// Watch mode's partial rebuild: renders only `jobs` (the pages a change affects) and the
/// site-wide files, with the same pass and checks as a whole build. Links from these
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
    let out = Outputs::keeping(false);
    let outs = timed("render", || prepared.render(jobs, &out, &problems));
    let fresh: HashMap<(usize, Lang), &links::Ids> = outs.iter().map(|o| ((o.node, o.lang), &o.ids)).collect();
    let redone: HashSet<usize> = jobs.iter().map(|&(n, _)| n).collect();
    // Links out of the pages read again, and links from other pages into them.
    let out_of = outs.iter().flat_map(|o| o.links.iter().map(|l| (o.file(site), o.lang, l)));
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
    timed("site files", || prepared.site_files(&out))?;
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
    links.update(site, outs);
    Ok(written)
}
