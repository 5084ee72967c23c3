//! One content page rendered: its Markdown (headings, links and their problems, checked
//! across pages once all are rendered) and then its template, with its session calendar and
//! its "sessions near me" area pages.

use super::{Loaded, Outputs, rel};
use crate::lang::Lang;
use crate::problems::Problem;
use crate::site::config::Config;
use crate::site::content::{self, Kind};
use crate::site::context;
use crate::site::events::{self, EventView};
use crate::site::markdown::{self, InternalLink};
use anyhow::Result;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use tera::Value;
use time::PrimitiveDateTime;

pub(super) use crate::site::context::Link;

/// A page in its section's listing (`children`).
#[derive(Serialize)]
struct ChildView<'a> {
    title: &'a str,
    description: Option<&'a str>,
    url: &'a str,
    extra: serde_json::Value,
    /// The page's content, for the listings that show each page whole; absent elsewhere.
    #[serde(skip_serializing_if = "Option::is_none")]
    content: Option<String>,
}

/// The area an area page narrows its sessions to.
#[derive(Serialize)]
struct AreaView<'a> {
    key: &'a str,
    name: &'a str,
}

/// A date in `[extra]`: ISO to sort by, text in the page's language.
#[derive(Serialize)]
struct DateView {
    iso: String,
    text: String,
}

/// What a rendered page leaves for the checks across pages: its heading ids, sorted, and its
/// links that name a heading (other links were checked as the page was rendered). Kept for
/// every page until all are rendered, so kept small.
pub(super) struct JobOut {
    pub(super) node: usize,
    pub(super) lang: Lang,
    pub(super) ids: super::links::Ids,
    pub(super) links: Vec<InternalLink>,
}

impl JobOut {
    fn new(node: usize, lang: Lang, ids: HashSet<String>, links: Vec<InternalLink>) -> JobOut {
        let links = links.into_iter().filter(|l| l.anchor.is_some()).collect();
        JobOut { node, lang, ids: super::links::Ids::new(ids), links }
    }

    /// The file the page came from, as problems name it.
    pub(super) fn file<'a>(&self, site: &'a crate::site::content::Site) -> &'a std::path::Path {
        &site.nodes[self.node].variants[&self.lang].file
    }
}

pub(super) type EventViews<'a> = dyn Fn(Option<usize>, Lang) -> (Vec<EventView>, Vec<EventView>) + Sync + 'a;

#[allow(clippy::too_many_arguments)] // one page, the site it is in and where it goes: a request struct would only rename them
pub(super) fn render_one(
    loaded: &Loaded,
    idx: usize,
    lang: Lang,
    site_view: &Value,
    event_views: &EventViews<'_>,
    sessions: &HashMap<usize, events::Event>,
    now: PrimitiveDateTime,
    out: &Outputs,
) -> Result<(JobOut, Vec<Problem>), Problem> {
    let Loaded { config, renderer, site, .. } = loaded;
    let node = &site.nodes[idx];
    let v = &node.variants[&lang];
    let body = site.body(config, &loaded.forms, v, lang)?;

    let section_for_assets = if node.kind == Kind::Section { Some(idx) } else { node.parent };
    let resolve = |key: &str| site.variant_or_fallback(key, lang).map(|t| t.url.clone());
    let asset = |name: &str| -> Option<String> {
        let s = &site.nodes[section_for_assets?];
        let found = s.assets.iter().any(|a| a.file_name().is_some_and(|f| f == name));
        found.then(|| s.variants.get(&lang).map(|sv| format!("{}{name}", sv.url))).flatten()
    };
    let external_label = renderer.i18n.text(lang, "external-link");
    let md = markdown::render(
        &body,
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
    if !renderer.has_template(&template) {
        problems.push(Problem::new(
            &v.file,
            0,
            format!("template `{template}` does not exist"),
            "use a file name from templates/",
        ));
    }
    // A page whose Markdown or template name has problems is not rendered: the build fails
    // on them.
    if !problems.is_empty() {
        return Ok((JobOut::new(idx, lang, md.ids, md.links), problems));
    }

    let other = lang.other();
    let alternates: Vec<(Lang, String)> = node.variants.iter().map(|(l, ov)| (*l, ov.url.clone())).collect();
    let breadcrumbs: Vec<Link> = site
        .ancestors(idx)
        .into_iter()
        .filter_map(|a| {
            site.nodes[a].variants.get(&lang).map(|av| Link { title: av.front.title.clone(), url: av.url.clone() })
        })
        .collect();
    let children: Vec<ChildView<'_>> = node
        .subsections
        .iter()
        .chain(node.pages.iter())
        .filter(|c| !sessions.contains_key(c))
        .filter_map(|&c| site.nodes[c].variants.get(&lang))
        .map(|cv| {
            let mut child = ChildView {
                title: &cv.front.title,
                description: cv.front.description.as_deref(),
                url: &cv.url,
                extra: extra_view(&cv.front.extra, lang),
                content: None,
            };
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
                match site.body(config, &loaded.forms, cv, lang) {
                    Ok(body) => child.content = Some(markdown::render(&body, &ctx).html),
                    Err(p) => problems.push(p),
                }
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
    let sources = sources(&v.front.extra);
    let page = context::PageView {
        title: &v.front.title,
        description: v.front.description.as_deref(),
        content: &md.html,
        toc: &md.toc,
        last_updated: last_updated.as_deref(),
        reviewed: reviewed.as_deref(),
        sources: &sources,
        is_section: node.kind == Kind::Section,
    };
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
        ctx.insert("page", &context::PageView { title, ..page });
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
            Ok(html) => {
                problems.extend(fragment_problems(&v.file, &md, &html));
                out.put(rel(&v.url).join("index.html"), html)
            }
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
            ctx.insert("area", &AreaView { key, name: area.name(lang) });
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
    Ok((JobOut::new(idx, lang, md.ids, md.links), problems))
}

/// Links to a place on the same page (`#time-limits`) that the page, as rendered, does not
/// have: a heading renamed, its old id still linked to. The template's own ids count (the
/// skip link's `#main-content`), and any an author gave in HTML, so only the page's rendered
/// HTML can say; it is read only on a page with such links.
fn fragment_problems(file: &std::path::Path, md: &markdown::Rendered, html: &str) -> Vec<Problem> {
    md.fragments
        .iter()
        .filter(|(_, id)| !md.ids.contains(id) && !html.contains(&format!("id=\"{id}\"")))
        .map(|(line, id)| {
            let mut known: Vec<&str> = md.ids.iter().map(String::as_str).collect();
            known.sort_unstable();
            let fix = if known.is_empty() {
                "this page has no headings to link to: remove the link, or add the heading".to_string()
            } else {
                format!("use one of: {}", known.join(", "))
            };
            Problem::new(file, *line, format!("link to `#{id}`: this page has no heading with id `{id}`"), fix)
        })
        .collect()
}

/// The section template that lists its pages in full.
pub(super) const YOU_SAID_WE_DID: &str = "you-said-we-did.html";

/// A page's `[extra]` for a template: dates as `{iso, text}` (ISO to sort by, text in the
/// page's language), everything else as it is.
pub(super) fn extra_view(extra: &toml::Table, lang: Lang) -> serde_json::Value {
    extra
        .iter()
        .map(|(k, v)| {
            let value = match v.as_datetime().and_then(content::to_date) {
                Some(d) => {
                    serde_json::to_value(DateView { iso: d.to_string(), text: crate::site::dates::date(lang, d) })
                        .unwrap_or(serde_json::Value::Null)
                }
                None => serde_json::to_value(v).unwrap_or(serde_json::Value::Null),
            };
            (k.clone(), value)
        })
        .collect::<serde_json::Map<_, _>>()
        .into()
}

pub(super) fn sources(extra: &toml::Table) -> Vec<Link> {
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

/// DTSTAMP must be the same on every build, or every calendar re-import looks like a change.
pub(super) const DTSTAMP: &str = "20260101T000000Z";

pub(super) fn uid(key: &str, config: &Config) -> String {
    let host = config.base_url.split("://").nth(1).unwrap_or("porth").split('/').next().unwrap_or("porth");
    format!("{}@{host}", key.trim_end_matches(".md").replace('/', "-"))
}
