//! Markdown to HTML: CommonMark plus tables, footnotes, strikethrough, task lists and
//! heading ids, with `@/` links resolved to the page in the language being rendered and
//! external links marked for screen readers.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};
use serde::Serialize;
use std::collections::HashSet;

#[derive(Debug, Clone, Serialize)]
pub(crate) struct TocEntry {
    pub(crate) id: String,
    pub(crate) title: String,
}

/// An `@/` link found in a body, to be checked once every page's headings are known.
#[derive(Debug, Clone)]
pub(crate) struct InternalLink {
    pub(crate) key: String,
    pub(crate) anchor: Option<String>,
    pub(crate) line: usize,
}

pub(crate) struct Rendered {
    pub(crate) html: String,
    pub(crate) toc: Vec<TocEntry>,
    /// Every heading id, for anchor checks.
    pub(crate) ids: HashSet<String>,
    pub(crate) links: Vec<InternalLink>,
    /// Links that could not be resolved at all: (line, message).
    pub(crate) broken: Vec<(usize, String)>,
    /// Explicit heading ids (`{#id}`) already taken by an earlier heading, with their lines.
    pub(crate) clashes: Vec<(usize, String)>,
    /// Links to a place on the same page (`[time limits](#time-limits)`): (line, id), for
    /// the page's build to check against the ids the whole page has.
    pub(crate) fragments: Vec<(usize, String)>,
}

/// What the renderer needs from the rest of the build.
pub(crate) struct Ctx<'a> {
    /// `@/key` → URL in the language being rendered.
    pub(crate) resolve: &'a dyn Fn(&str) -> Option<String>,
    /// Relative asset name → URL, for files beside the page.
    pub(crate) asset: &'a dyn Fn(&str) -> Option<String>,
    /// Appended, visually hidden, to external links: " (external link)".
    pub(crate) external_label: &'a str,
    pub(crate) base_url: &'a str,
    /// Line of the file on which the body starts.
    pub(crate) body_line: usize,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Heading text to an id: lower case, Welsh and other accents dropped, other runs of
/// characters turned into one hyphen. Stable, so links to it survive rebuilds.
pub(crate) fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    let mut push = |c: char| {
        if c.is_ascii_alphanumeric() {
            out.push(c);
            dash = false;
        } else if !dash && !out.is_empty() {
            out.push('-');
            dash = true;
        }
    };
    for c in text.chars() {
        // Most of a heading is ASCII, whose lower case is one character: only the rest go
        // through the full Unicode mapping (every heading of every page comes here).
        if c.is_ascii() {
            push(c.to_ascii_lowercase());
            continue;
        }
        for c in c.to_lowercase() {
            push(match c {
                'â' | 'á' | 'à' | 'ä' => 'a',
                'ê' | 'é' | 'è' | 'ë' => 'e',
                'î' | 'í' | 'ì' | 'ï' => 'i',
                'ô' | 'ó' | 'ò' | 'ö' => 'o',
                'û' | 'ú' | 'ù' | 'ü' => 'u',
                'ŵ' | 'ẃ' | 'ẁ' | 'ẅ' => 'w',
                'ŷ' | 'ý' | 'ỳ' | 'ÿ' => 'y',
                c => c,
            });
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() { "section".into() } else { out }
}

fn is_external(url: &str, base: &str) -> bool {
    (url.starts_with("http://") || url.starts_with("https://")) && !url.starts_with(base)
}

#[allow(clippy::type_complexity)] // the open heading: its start, level, id, classes and attributes
pub(crate) fn render(body: &str, ctx: &Ctx<'_>) -> Rendered {
    // About one event for every dozen bytes of a page of prose: room for them at once, not
    // grown (and copied) a doubling at a time.
    let mut events: Vec<Event<'_>> = Vec::with_capacity(body.len() / 12);
    let mut toc = vec![];
    let mut ids = HashSet::new();
    let mut links = vec![];
    let mut broken = vec![];
    let mut clashes = vec![];
    let mut fragments = vec![];
    let mut heading: Option<(
        usize,
        HeadingLevel,
        Option<String>,
        Vec<CowStr<'_>>,
        Vec<(CowStr<'_>, Option<CowStr<'_>>)>,
    )> = None;
    let mut heading_line = 0;
    let mut heading_text = String::new();
    let mut external_stack: Vec<bool> = vec![];
    // Lines counted on from the last offset asked about (they come in order), not from the
    // start of the body for every heading and link.
    let mut counted = (0, 1);
    let mut file_line = |offset: usize| {
        let (from, line) = if offset >= counted.0 { counted } else { (0, 1) };
        let offset = offset.min(body.len());
        counted = (offset, line + body.as_bytes()[from..offset].iter().filter(|&&b| b == b'\n').count());
        ctx.body_line + counted.1 - 1
    };

    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, id, classes, attrs }) => {
                heading = Some((events.len(), level, id.map(|s| s.to_string()), classes, attrs));
                heading_line = file_line(range.start);
                heading_text.clear();
                events.push(Event::Text("".into())); // replaced at the end of the heading
            }
            Event::End(TagEnd::Heading(level)) => {
                let (at, _, explicit, classes, attrs) = heading.take().expect("heading start before end");
                // An id the author chose is linked to on purpose: if an earlier heading has
                // it, renaming it silently would send those links to the wrong place.
                if let Some(e) = &explicit
                    && ids.contains(e)
                {
                    clashes.push((heading_line, e.clone()));
                }
                let mut id = explicit.unwrap_or_else(|| slugify(&heading_text));
                if ids.contains(&id) {
                    let mut n = 1;
                    while ids.contains(&format!("{id}-{n}")) {
                        n += 1;
                    }
                    id = format!("{id}-{n}");
                }
                ids.insert(id.clone());
                if level == HeadingLevel::H2 {
                    toc.push(TocEntry { id: id.clone(), title: heading_text.trim().to_string() });
                }
                events[at] = Event::Start(Tag::Heading { level, id: Some(id.into()), classes, attrs });
                events.push(Event::End(TagEnd::Heading(level)));
            }
            Event::Text(ref t) | Event::Code(ref t) if heading.is_some() => {
                heading_text.push_str(t);
                events.push(event);
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                let dest = dest_url.to_string();
                let mut external = false;
                let new_dest = if let Some(target) = dest.strip_prefix("@/") {
                    let (key, anchor) = match target.split_once('#') {
                        Some((k, a)) => (k.to_string(), Some(a.to_string())),
                        None => (target.to_string(), None),
                    };
                    match (ctx.resolve)(&key) {
                        Some(url) => {
                            links.push(InternalLink { key, anchor: anchor.clone(), line: file_line(range.start) });
                            match anchor {
                                Some(a) => format!("{url}#{a}"),
                                None => url,
                            }
                        }
                        None => {
                            broken.push((
                                file_line(range.start),
                                format!("link to `@/{target}`: there is no such page in this language"),
                            ));
                            dest
                        }
                    }
                } else if let Some(id) = dest.strip_prefix('#').filter(|id| !id.is_empty()) {
                    fragments.push((file_line(range.start), id.to_string()));
                    dest
                } else if is_external(&dest, ctx.base_url) {
                    external = true;
                    dest
                } else if !dest.contains(':') && !dest.starts_with('/') && !dest.starts_with('#') {
                    (ctx.asset)(&dest).unwrap_or(dest)
                } else {
                    dest
                };
                external_stack.push(external);
                events.push(Event::Start(Tag::Link { link_type, dest_url: new_dest.into(), title, id }));
            }
            Event::End(TagEnd::Link) => {
                if external_stack.pop() == Some(true) {
                    events.push(Event::InlineHtml(
                        format!("<span class=\"visually-hidden\"> ({})</span>", ctx.external_label).into(),
                    ));
                }
                events.push(event);
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                let dest = dest_url.to_string();
                let new = if !dest.contains(':') && !dest.starts_with('/') {
                    (ctx.asset)(&dest).unwrap_or(dest)
                } else {
                    dest
                };
                events.push(Event::Start(Tag::Image { link_type, dest_url: new.into(), title, id }));
            }
            other => {
                if heading.is_some()
                    && let Event::SoftBreak | Event::HardBreak = other
                {
                    heading_text.push(' ');
                }
                events.push(other);
            }
        }
    }
    let mut html_out = String::with_capacity(body.len() * 3 / 2);
    html::push_html(&mut html_out, events.into_iter());
    Rendered { html: html_out, toc, ids, links, broken, clashes, fragments }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx<'a>(resolve: &'a dyn Fn(&str) -> Option<String>) -> Ctx<'a> {
        Ctx {
            resolve,
            asset: &|_| None,
            external_label: "external link",
            base_url: "https://example.org",
            body_line: 5,
        }
    }

    #[test]
    fn headings_get_stable_unique_ids_and_h2s_make_the_toc() {
        let r = render("## Beth yw CDU?\n\ntext\n\n## Beth yw CDU?\n\n### Sub\n\n## Own {#mine}\n", &ctx(&|_| None));
        assert!(r.html.contains("<h2 id=\"beth-yw-cdu\">"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"beth-yw-cdu-1\">"));
        assert!(r.html.contains("<h2 id=\"mine\">"));
        assert_eq!(r.toc.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(), ["beth-yw-cdu", "beth-yw-cdu-1", "mine"]);
        assert!(r.ids.contains("sub"));
    }

    #[test]
    fn an_explicit_id_an_earlier_heading_has_is_reported_with_its_line() {
        let r = render("## Questions\n\ntext\n\n## Other questions {#questions}\n", &ctx(&|_| None));
        assert_eq!(r.clashes, [(9, "questions".to_string())], "body starts on line 5; the heading is on body line 5");
        let r = render("## Questions {#q}\n\n## More {#more}\n", &ctx(&|_| None));
        assert!(r.clashes.is_empty());
    }

    #[test]
    fn welsh_accents_are_folded_in_ids() {
        assert_eq!(slugify("Pwy sy'n penderfynu? Ŵyr a ŷd"), "pwy-sy-n-penderfynu-wyr-a-yd");
        // Capitals beyond ASCII are lowered before their accents go; a capital whose lower
        // case is two characters (İ) gives both; other letters are separators.
        assert_eq!(slugify("ÂDY: CYNLLUN İ ÆSOP — 2il Ŷ"), "ady-cynllun-i-sop-2il-y");
        assert_eq!(slugify("  --  "), "section");
    }

    #[test]
    fn internal_links_resolve_and_broken_ones_carry_their_line() {
        let resolve = |k: &str| (k == "a/b.md").then(|| "/cy/a/bee/".to_string());
        let r = render("text\n\n[ok](@/a/b.md#here) and [bad](@/nope.md)\n", &ctx(&resolve));
        assert!(r.html.contains("href=\"/cy/a/bee/#here\""), "{}", r.html);
        assert_eq!(r.links[0].anchor.as_deref(), Some("here"));
        assert_eq!(r.broken.len(), 1);
        assert_eq!(r.broken[0].0, 7, "body starts on line 5, link is on body line 3");
    }

    #[test]
    fn external_links_are_announced() {
        let r = render("[SNAP Cymru](https://www.snapcymru.org/) [home](https://example.org/x)", &ctx(&|_| None));
        assert!(r.html.contains("SNAP Cymru<span class=\"visually-hidden\"> (external link)</span></a>"), "{}", r.html);
        assert!(!r.html.contains("home<span"));
    }

    #[test]
    fn extensions_are_on() {
        let r = render("|a|b|\n|-|-|\n|1|2|\n\n~~old~~\n\n- [x] done\n\nNote[^1]\n\n[^1]: foot\n", &ctx(&|_| None));
        for needle in ["<table>", "<del>old</del>", "type=\"checkbox\"", "footnote-definition"] {
            assert!(r.html.contains(needle), "missing {needle}: {}", r.html);
        }
    }
}
