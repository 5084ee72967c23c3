//! What every template built on `base.html` receives, built in one place for the
//! generator's pages, the service's own pages and every form page: the site (navigation,
//! footer, council details), the language, the page's URL and its alternates, the language
//! toggle, and empty defaults for what only some pages have.

use crate::lang::Lang;
use serde_json::{Value as Json, json};
use tera::{Context, Value};

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
    let alternates: Vec<Json> = if bilingual {
        place.alternates.iter().map(|(l, u)| json!({"lang": l.code(), "href": format!("{base_url}{u}")})).collect()
    } else {
        vec![]
    };
    ctx.insert("alternates", &alternates);
    ctx.insert("x_default", &if bilingual { format!("{base_url}/") } else { String::new() });
    if bilingual {
        ctx.insert("toggle", &json!({"lang": other.code(), "name": other.endonym(), "url": place.other_url}));
    } else {
        ctx.insert("toggle", &false);
    }
    // Where the search box under the header sends its query (served by `porth serve`); none
    // on form pages.
    let search = if crate::routes::is_form_page(lang, place.url) { "" } else { crate::routes::search_url(lang) };
    ctx.insert("search_url", search);
    ctx.insert("breadcrumbs", &Vec::<Json>::new());
    ctx.insert(
        "page",
        &json!({"title": title, "description": null, "content": "", "toc": [], "last_updated": null, "reviewed": null, "sources": [], "is_section": false}),
    );
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
