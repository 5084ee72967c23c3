//! What every page's render shares, built once per build: each language's site view, the
//! drop-in sessions, and the pages rendered in parallel.

use super::page::{Link, render_one};
use super::site_files::write_site_files;
use super::{JobOut, Loaded, Outputs, fail_on_list};
use crate::lang::Lang;
use crate::problems::{Problem, Problems};
use crate::site::context;
use crate::site::events::{self, EventView};
use anyhow::Result;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;
use tera::Value;
use time::PrimitiveDateTime;

/// What templates read as `site`: what every page of one language shares.
#[derive(Serialize)]
struct SiteView<'a> {
    base_url: &'a str,
    home_url: String,
    nation: &'a str,
    languages: &'a [Lang],
    /// Drop-in sessions need a venue: a site without venues has no sessions to list.
    events: bool,
    council: BTreeMap<String, String>,
    /// Each section's and form's team, for the footer (`[contacts]`).
    contacts: crate::site::teams::SiteContacts,
    nav: Vec<Link>,
    footer: Vec<Link>,
    brand: BrandView<'a, Option<&'a String>>,
}

/// The council's colour and logo; `logo_alt` is the text alternative in the page's language
/// in the site view, and in every language on the pages that are in all of them at once.
#[derive(Serialize)]
pub(super) struct BrandView<'a, Alt> {
    pub(super) colour: &'a str,
    pub(super) logo: Option<String>,
    pub(super) logo_alt: Alt,
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
    Value::from_serializable(&SiteView {
        base_url: &config.base_url,
        home_url: format!("/{lang}/"),
        nation: config.nation.as_str(),
        languages: &config.langs,
        events: !config.venues.is_empty(),
        council: config.council_for(lang),
        contacts: crate::site::teams::site_contacts(config, site, &loaded.forms, lang),
        nav,
        footer,
        brand: BrandView {
            colour: &config.brand.colour,
            logo: config.brand.logo.as_ref().map(|l| format!("/{l}")),
            logo_alt: config.brand.logo_alt.get(lang.code()),
        },
    })
}

/// What every page's render shares: each language's site view, the drop-in sessions read
/// from front matter (section pages list them), and the time that splits past from upcoming.
pub(super) struct Prepared<'a> {
    pub(super) loaded: &'a Loaded,
    pub(super) now: PrimitiveDateTime,
    pub(super) site_views: HashMap<Lang, Value>,
    pub(super) sessions: HashMap<usize, events::Event>,
}

impl<'a> Prepared<'a> {
    pub(super) fn new(loaded: &'a Loaded, now: PrimitiveDateTime, problems: &Problems) -> Prepared<'a> {
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
    pub(super) fn event_views(&self, section: Option<usize>, lang: Lang) -> (Vec<EventView>, Vec<EventView>) {
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

    /// Each of `jobs` through its Markdown and its template, into `out`, in one pass: what a
    /// page's Markdown shows (its headings, its links) is returned, to be checked against
    /// every other page's once all are rendered. A page whose Markdown has problems is not
    /// rendered; the build fails on them.
    pub(super) fn render(&self, jobs: &[(usize, Lang)], out: &Outputs, problems: &Problems) -> Vec<JobOut> {
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
                out,
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

    pub(super) fn site_files(&self, out: &Outputs) -> Result<()> {
        write_site_files(self.loaded, out, &|s, l| self.event_views(s, l), &self.sessions)?;
        if let Some(dir) = &self.loaded.directory {
            let view = crate::site::directory::pages::Loaded {
                config: &self.loaded.config,
                renderer: &self.loaded.renderer,
                site: &self.loaded.site,
            };
            // `check` (nowhere to write, nothing kept) renders every entry page to check it.
            let check = if out.dir.is_none() && out.kept.is_none() {
                crate::site::directory::pages::Check::Every
            } else {
                crate::site::directory::pages::Check::First
            };
            let problems = crate::site::directory::pages::write(
                &view,
                dir,
                &self.site_views,
                check,
                &|rel, bytes| out.put(rel, bytes),
                &|rel, bytes| out.index(&rel, &bytes),
            );
            fail_on_list(problems)?;
        }
        self.journey_pages(out)
    }

    /// A page for each step-by-step journey, in each language.
    pub(super) fn journey_pages(&self, out: &Outputs) -> Result<()> {
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
                // A journey's page has a title and an introduction, and nothing else a content page has.
                ctx.insert("page", &JourneyPage { title: &title, description: journey.intro.get(&lang) });
                ctx.insert("journey", &view);
                ctx.insert("alerts_region", &alerts.region(renderer, "", lang, self.now)?);
                let html = renderer.render("journey.html", &ctx)?;
                out.put(crate::site::journeys::output_path(url), html);
            }
        }
        Ok(())
    }
}

/// What a journey's page reads as `page`.
#[derive(Serialize)]
struct JourneyPage<'a> {
    title: &'a str,
    description: Option<&'a String>,
}
