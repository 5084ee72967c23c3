//! What every template built on `base.html` receives, built in one place for the
//! generator's pages, the service's own pages and every form page: the site (navigation,
//! footer, council details), the language, the page's URL and its alternates, the language
//! toggle, and empty defaults for what only some pages have. The shapes templates read are
//! structs here, so the generator's pages and the defaults cannot drift apart unnoticed.

use crate::lang::Lang;
use crate::site::markdown::TocEntry;
use serde::Serialize;
use serde_json::Value as Json;
use tera::{Context, Value};

/// A titled link: breadcrumbs, navigation, footer, a page's sources.
#[derive(Serialize, Clone)]
pub(crate) struct Link {
    pub(crate) title: String,
    pub(crate) url: String,
}

/// What templates read as `page`: a content page fills it all; every other page gets its
/// title and the empty rest from [`base`].
#[derive(Serialize, Clone, Copy)]
pub(crate) struct PageView<'a> {
    pub(crate) title: &'a str,
    pub(crate) description: Option<&'a str>,
    pub(crate) content: &'a str,
    pub(crate) toc: &'a [TocEntry],
    /// The date of the last change, written out in the page's language.
    pub(crate) last_updated: Option<&'a str>,
    /// When the page's facts were last checked (`[extra] reviewed`), written out likewise.
    pub(crate) reviewed: Option<&'a str>,
    pub(crate) sources: &'a [Link],
    pub(crate) is_section: bool,
}

/// One `hreflang` alternate.
#[derive(Serialize)]
struct Alternate {
    lang: &'static str,
    href: String,
}

/// The language toggle: the other language and this page in it (`null` when untranslated).
#[derive(Serialize)]
struct Toggle<'a> {
    lang: &'static str,
    name: &'static str,
    url: Option<&'a str>,
}

/// A page's place on the site: its URL in its language and, where it exists, in the other.
pub(crate) struct Place<'a> {
    pub(crate) lang: Lang,
    pub(crate) url: &'a str,
    /// The same page in the other language; `None` when it has no translation (the
    /// toggle then says so) or the page is not translated as such (error pages).
    pub(crate) other_url: Option<&'a str>,
    /// `hreflang` alternates, including this page; empty for pages search engines skip.
    pub(crate) alternates: Vec<(Lang, String)>,
}

/// The context every page starts from; callers add or replace what is theirs (`page`,
/// `breadcrumbs`, `children`...).
pub(crate) fn base(base_url: &str, site_view: &Value, place: &Place<'_>, title: &str) -> Context {
    let lang = place.lang;
    let other = lang.other();
    // A one-language site has no toggle and no hreflang: there is no other page to point to.
    // Site views built before `languages` existed count as bilingual.
    let bilingual = site_view.get_from_path("languages").and_then(|l| l.as_array()).is_none_or(|l| l.len() > 1);
    let mut ctx = Context::new();
    ctx.insert("lang", lang.code());
    ctx.insert("site", site_view);
    ctx.insert("url", place.url);
    ctx.insert("canonical", &format!("{base_url}{}", place.url));
    let alternates: Vec<Alternate> = if bilingual {
        place.alternates.iter().map(|(l, u)| Alternate { lang: l.code(), href: format!("{base_url}{u}") }).collect()
    } else {
        vec![]
    };
    ctx.insert("alternates", &alternates);
    ctx.insert("x_default", &if bilingual { format!("{base_url}/") } else { String::new() });
    if bilingual {
        ctx.insert("toggle", &Toggle { lang: other.code(), name: other.endonym(), url: place.other_url });
    } else {
        ctx.insert("toggle", &false);
    }
    // Where the search box under the header sends its query (served by `porth serve`); none
    // on form pages.
    let search = if crate::routes::is_form_page(lang, place.url) { "" } else { crate::routes::search_url(lang) };
    ctx.insert("search_url", search);
    ctx.insert("breadcrumbs", &Vec::<Json>::new());
    let page = PageView {
        title,
        description: None,
        content: "",
        toc: &[],
        last_updated: None,
        reviewed: None,
        sources: &[],
        is_section: false,
    };
    ctx.insert("page", &page);
    for k in ["children", "upcoming", "past"] {
        ctx.insert(k, &Vec::<Json>::new());
    }
    ctx.insert("event", &Json::Null);
    ctx.insert("calendar_url", "");
    // Drop-in sessions pages: the areas a family can narrow them to, and the one chosen.
    ctx.insert("areas", &Vec::<Json>::new());
    ctx.insert("area", &Json::Null);
    ctx.insert("section_url", "");
    // A view of another page (an area's sessions): kept out of search engines and the
    // site's own search, where the page it narrows is the answer.
    ctx.insert("noindex", &false);
    ctx
}
