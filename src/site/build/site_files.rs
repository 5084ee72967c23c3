//! The site-wide files: the language chooser, 404 pages, sitemap, robots.txt, alias
//! redirects, the sessions calendars and the brand stylesheet.

use super::page::{DTSTAMP, EventViews, Link, uid};
use super::prepared::BrandView;
use super::{Loaded, Outputs, rel};
use crate::lang::Lang;
use crate::site::config::Config;
use crate::site::events::{self};
use anyhow::Result;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use tera::Context;

/// A language's home page on the language chooser.
#[derive(Serialize)]
struct HomeView<'a> {
    lang: &'static str,
    name: &'static str,
    title: &'a str,
    url: &'a str,
    description: Option<&'a str>,
}

/// The site-wide files: the language chooser, 404 pages, sitemap, robots.txt, alias
/// redirects and the sessions calendars.
pub(super) fn write_site_files(
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
    let brand = BrandView {
        colour: &config.brand.colour,
        logo: config.brand.logo.as_ref().map(|l| format!("/{l}")),
        logo_alt: &config.brand.logo_alt,
    };

    // The bilingual landing page and 404 pages.
    let home = &site.nodes[site.home()];
    let mut ctx = Context::new();
    ctx.insert("lang", "cy");
    ctx.insert("base_url", &config.base_url);
    let homes: Vec<HomeView<'_>> = config
        .langs
        .iter()
        .filter_map(|l| {
            home.variants.get(l).map(|v| HomeView {
                lang: l.code(),
                name: l.endonym(),
                title: &v.front.title,
                url: &v.url,
                description: v.front.description.as_deref(),
            })
        })
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
    out.put_streamed("sitemap.xml".into(), |sm| {
        sm.write_all(
            b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
        )?;
        for n in &site.nodes {
            for v in n.variants.values() {
                writeln!(sm, "  <url>\n    <loc>{}{}</loc>", config.base_url, xml_escape(&v.url))?;
                if let Some(d) = v.updated.or(v.date) {
                    writeln!(sm, "    <lastmod>{d}</lastmod>")?;
                }
                // Alternates only where there is another language to point to.
                if config.bilingual() {
                    for (l, alt) in &n.variants {
                        writeln!(
                            sm,
                            "    <xhtml:link rel=\"alternate\" hreflang=\"{l}\" href=\"{}{}\"/>",
                            config.base_url,
                            xml_escape(&alt.url)
                        )?;
                    }
                    writeln!(sm, "    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{}/\"/>", config.base_url)?;
                }
                sm.write_all(b"  </url>\n")?;
            }
        }
        sm.write_all(b"</urlset>\n")
    });
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
pub(super) fn single_404(config: &Config, lang: Lang) -> Context {
    let mut ctx = Context::new();
    ctx.insert("lang", lang.code());
    ctx.insert("base_url", &config.base_url);
    ctx.insert("bilingual", &false);
    ctx.insert("order", &[lang.code()]);
    ctx.insert("council", &config.council_for(lang));
    ctx
}

/// `css/brand.css`: the council's colour for GOV.UK Frontend's custom properties, with the
/// tints the Sass derives from it (see scss/porth.scss), so a council changes its colour in
/// config.toml alone.
pub(super) fn brand_css(config: &Config) -> String {
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

pub(super) fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}
