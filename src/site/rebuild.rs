//! Watch mode's rebuilds: from the files an editor changed, what must be built again. A
//! Markdown page edited in place is read again and rendered with what shows it: the page in
//! each language (the translation's toggle), its section's listing, the section's own
//! pages when a section's title changes (their breadcrumbs), the home page when a drop-in
//! session changes, and the site-wide files (sitemap, aliases, calendars, 404 pages). Links
//! out of those pages, and links from any other page into their headings, are checked as a
//! whole build checks them. A static file is copied. Anything else (a template, a string,
//! config.toml, a form, a page added, removed or made a draft, a slug or alias changed, a
//! title in the navigation or footer) builds the whole site again: those touch every page,
//! and the whole build is the code that is known to be right.
//!
//! The flow is a whole build's, on fewer pages: the change is applied to a copy of the last
//! good site model (`Loaded`; its pages are shared, so the copy is cheap), rendered, checked,
//! and only then written; a change that fails is kept and tried again, with the next one,
//! on the last good site. The search index is brought up to date afterwards
//! (`refresh_search`), so the page an editor changed is served first. A whole rebuild is
//! kept in memory and served from there; its files are written to the output folder
//! afterwards (`flush`), as writing 40,000 files is most of a large site's build.

use crate::lang::Lang;
use crate::problems::ProblemReport;
use crate::site::build::{self, Kept, LinkIndex, Loaded};
use crate::site::content::{self, Kind};
use anyhow::Result;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;
use time::PrimitiveDateTime;

/// The site as last built without problems, and what a partial rebuild needs from that build.
pub(crate) struct Preview {
    loaded: Loaded,
    links: LinkIndex,
    root: PathBuf,
    output: PathBuf,
    now: PrimitiveDateTime,
    /// Changed files (relative to the site) not yet in a good build.
    pending: BTreeSet<PathBuf>,
    /// A whole rebuild served from memory and not yet written to the output folder: written
    /// by the catch-up, or first thing by the next rebuild if that comes sooner (a partial
    /// rebuild compares with, and writes into, the folder).
    unwritten: Option<Arc<Kept>>,
}

/// What a rebuild did.
pub(crate) enum Rebuilt {
    /// The whole site, search index included, was built again, into memory: serve it from
    /// these files; the output folder catches up with `Preview::flush`.
    Whole(Arc<Kept>),
    /// Only these files (under the output folder) changed; the search index is now behind.
    Part(Vec<PathBuf>),
}

/// The pages a change touches, or `None`: build the whole site.
struct Plan {
    loaded: Loaded,
    nodes: BTreeSet<usize>,
    copies: Vec<PathBuf>,
}

impl Preview {
    /// `loaded` and `links` from a good whole build into `output`.
    pub(crate) fn new(loaded: Loaded, links: LinkIndex, root: &Path, output: &Path, now: PrimitiveDateTime) -> Preview {
        Preview {
            loaded,
            links,
            root: root.to_path_buf(),
            output: output.to_path_buf(),
            now,
            pending: BTreeSet::new(),
            unwritten: None,
        }
    }

    /// The site as last built: what the server renders its own pages with.
    pub(crate) fn loaded(&self) -> &Loaded {
        &self.loaded
    }

    /// Rebuilds what the files in `changed` (paths relative to the site) affect, together
    /// with any change a failed rebuild left pending. On failure nothing is written.
    pub(crate) fn apply(&mut self, changed: &[PathBuf]) -> Result<Rebuilt> {
        self.pending.extend(changed.iter().cloned());
        self.flush()?;
        let started = Instant::now();
        let result = match self.plan()? {
            Some(plan) => self.part(plan),
            None => self.whole(),
        };
        if result.is_ok() {
            self.pending.clear();
        }
        tracing::debug!(
            ms = started.elapsed().as_millis() as u64,
            whole = matches!(result, Ok(Rebuilt::Whole(_))),
            "rebuild done"
        );
        result
    }

    fn whole(&mut self) -> Result<Rebuilt> {
        let loaded = build::load(&self.root)?;
        let mut links = LinkIndex::default();
        let kept = Arc::new(build::render_kept(&loaded, self.now, &mut links)?);
        self.loaded = loaded;
        self.links = links;
        self.unwritten = Some(kept.clone());
        Ok(Rebuilt::Whole(kept))
    }

    /// Writes a whole rebuild that has been served but not yet written into the output
    /// folder (nothing to do otherwise). Kept for the next try if writing fails.
    pub(crate) fn flush(&mut self) -> Result<()> {
        if let Some(kept) = &self.unwritten {
            let started = Instant::now();
            build::write_kept(kept, &self.output)?;
            self.unwritten = None;
            tracing::debug!(ms = started.elapsed().as_millis() as u64, "whole rebuild written");
        }
        Ok(())
    }

    fn part(&mut self, plan: Plan) -> Result<Rebuilt> {
        let Plan { loaded, nodes, copies } = plan;
        let jobs: Vec<(usize, Lang)> =
            nodes.iter().flat_map(|&i| loaded.site.nodes[i].variants.keys().map(move |&l| (i, l))).collect();
        let mut written = build::render_some(&loaded, self.now, &mut self.links, &jobs, &self.output)?;
        let static_dir = loaded.config.static_dir();
        for rel in copies {
            crate::fsx::copy(&static_dir.join(&rel), &self.output.join(&rel))?;
            written.push(rel);
        }
        self.loaded = loaded;
        Ok(Rebuilt::Part(written))
    }

    /// What the pending changes touch, applied to a copy of the site model; `None` when a
    /// change needs the whole site built again. Problems in the changed files are returned
    /// together, as a build reports them.
    fn plan(&self) -> Result<Option<Plan>> {
        let mut loaded = self.loaded.clone();
        let mut nodes = BTreeSet::new();
        let mut copies = vec![];
        let mut problems = vec![];
        let content_dir = self.root.join("content");
        let static_dir = self.loaded.config.static_dir();
        for rel in &self.pending {
            let path = self.root.join(rel);
            if let Ok(in_static) = path.strip_prefix(&static_dir) {
                if !path.is_file() {
                    return Ok(None); // removed: a whole build leaves it out
                }
                copies.push(in_static.to_path_buf());
                continue;
            }
            let Ok(in_content) = path.strip_prefix(&content_dir) else { return Ok(None) };
            let name = in_content.to_string_lossy().replace('\\', "/");
            // Alerts and journeys touch many pages: the whole site is built again.
            if !name.ends_with(".md") || !path.is_file() || name.starts_with("alerts/") || name.starts_with("journeys/")
            {
                return Ok(None);
            }
            let (key, lang, kind, mut variant) =
                match content::read_variant(&loaded.config, &loaded.forms, &content_dir, &name) {
                    Ok(Some(v)) => v,
                    Ok(None) => return Ok(None), // a draft now, or a language the site does not have
                    Err(p) => {
                        problems.extend(p);
                        continue;
                    }
                };
            let site = &mut loaded.site;
            let Some(&idx) = site.by_key.get(&key) else { return Ok(None) }; // a new page
            let node = &site.nodes[idx];
            let Some(old) = node.variants.get(&lang) else { return Ok(None) }; // a new translation
            if node.kind != kind || old.front.slug != variant.front.slug || old.front.aliases != variant.front.aliases {
                return Ok(None);
            }
            let home = site.home();
            let listed = old.front.title != variant.front.title
                || old.front.description != variant.front.description
                || old.front.weight != variant.front.weight
                || old.front.extra.get("nav_title") != variant.front.extra.get("nav_title");
            // The navigation and footer are on every page, the home page's title in every
            // breadcrumb.
            let everywhere = idx == home
                || (node.parent == Some(home) && node.kind == Kind::Section)
                || loaded.config.footer.contains(&key);
            if listed && everywhere {
                return Ok(None);
            }
            // The "Part of" box on each page of a journey this page is in shows its title (the
            // journey's own page is a site-wide file, written by every rebuild).
            if listed {
                for journey in loaded.journeys.list.iter().filter(|j| j.steps.iter().any(|s| s.pages.contains(&key))) {
                    nodes.extend(
                        journey.steps.iter().flat_map(|s| &s.pages).filter_map(|p| site.by_key.get(p).copied()),
                    );
                }
            }
            let was_session = crate::site::events::parse(
                node.variants.values().next().expect("a node has a variant"),
                &loaded.config,
            )
            .is_some();
            let parent = node.parent;
            variant.url = old.url.clone();
            Arc::make_mut(&mut site.nodes[idx]).variants.insert(lang, variant);
            let is_session = crate::site::events::parse(
                site.nodes[idx].variants.values().next().expect("a node has a variant"),
                &loaded.config,
            )
            .is_some();
            nodes.insert(idx);
            if let Some(p) = parent {
                nodes.insert(p);
                if listed {
                    content::sort_children(&mut site.nodes, p);
                }
            }
            if listed && kind == Kind::Section {
                // Every page below shows this title in its breadcrumbs.
                let mut stack = vec![idx];
                while let Some(s) = stack.pop() {
                    for &c in site.nodes[s].pages.iter().chain(&site.nodes[s].subsections) {
                        nodes.insert(c);
                        stack.push(c);
                    }
                }
            }
            if was_session || is_session {
                nodes.insert(home); // the home page lists the next sessions
            }
        }
        if !problems.is_empty() {
            problems.sort();
            return Err(ProblemReport(problems).into());
        }
        Ok(Some(Plan { loaded, nodes, copies }))
    }

    /// Writes the search index again from the pages in the output folder, after a partial
    /// rebuild (a whole build writes its own). It reads every page, so on a large site it
    /// takes seconds: it stops, returning `false`, as soon as `cancel` is set (another change
    /// came in, and will refresh it again). The index reads exactly the pages a whole build
    /// indexes (every page, alias redirect and journey page), so the file is the one a whole
    /// build writes.
    pub(crate) fn refresh_search(&self, cancel: &AtomicBool) -> Result<bool> {
        let started = Instant::now();
        let site = &self.loaded.site;
        let mut files: Vec<PathBuf> = vec![];
        for n in &site.nodes {
            for v in n.variants.values() {
                files.push(PathBuf::from(v.url.trim_start_matches('/')).join("index.html"));
                for alias in &v.front.aliases {
                    let path = alias.trim_matches('/');
                    files.push(if path.ends_with(".html") {
                        PathBuf::from(path)
                    } else {
                        PathBuf::from(path).join("index.html")
                    });
                }
            }
        }
        // The journey pages (site::journeys), which a whole build indexes too.
        for journey in &self.loaded.journeys.list {
            files.extend(journey.url.values().map(|url| crate::site::journeys::output_path(url)));
        }
        // The directory's landing pages, which a whole build writes; its entries' pages are
        // never in the folder (`porth serve` answers them), so their text is made again here,
        // as a whole build makes it. Without them every service left search at an editor's
        // first partial rebuild.
        let services = std::sync::Mutex::new(vec![]);
        if let Some(dir) = &self.loaded.directory {
            let config = &self.loaded.config;
            files.extend(config.langs.iter().map(|&l| {
                PathBuf::from(crate::site::directory::Directory::url(l).trim_start_matches('/')).join("index.html")
            }));
            let view = crate::site::directory::pages::Loaded {
                config,
                renderer: &self.loaded.renderer,
                site: &self.loaded.site,
            };
            crate::site::directory::pages::index_entries(&view, dir, &|rel, bytes| {
                if let Some(entry) = crate::site::search::page_entry(&rel, &bytes) {
                    services.lock().expect("poisoned").push(entry);
                }
            });
        }
        let entries: Option<Vec<_>> = files
            .par_iter()
            .map(|rel| {
                if cancel.load(Ordering::Relaxed) {
                    return None;
                }
                Some(
                    std::fs::read(self.output.join(rel))
                        .ok()
                        .and_then(|bytes| crate::site::search::page_entry(rel, &bytes)),
                )
            })
            .collect();
        // The render threads' copies of the word numbers go, as after a whole build.
        rayon::broadcast(|_| crate::site::search::forget_known_words());
        let Some(entries) = entries else { return Ok(false) };
        if cancel.load(Ordering::Relaxed) {
            return Ok(false);
        }
        let mut entries: Vec<_> = entries.into_iter().flatten().collect();
        entries.extend(services.into_inner().expect("poisoned"));
        build::write_search_index(entries, &self.output)?;
        tracing::debug!(ms = started.elapsed().as_millis() as u64, "search index written again");
        Ok(true)
    }
}
