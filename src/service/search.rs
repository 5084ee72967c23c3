//! The search pages, `/cy/chwilio/?q=…` and `/en/search/?q=…`: results from the index
//! `porth build` wrote, rendered on the site's own base template in the reader's language,
//! with no JavaScript. The language toggle runs the same search in the other language; no
//! results gives a page that helps (spelling, the glossary, the team's contact details).

use crate::lang::Lang;
use crate::routes::search_url;
use crate::service::state::{App, AppState};
use crate::site::context::{self, Place};
use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;
use std::time::Instant;

/// Strings the handler uses itself (the template's are found by `porth check` in it).
pub(crate) const I18N_KEYS: &[&str] = &["search-title", "search-title-query", "search-unavailable"];

/// Results shown on one page; a parent who needs more should search with more words.
const LIMIT: usize = 20;
/// Longer queries are cut here: no question needs more, and it bounds the work per request.
const MAX_QUERY_CHARS: usize = 200;

#[derive(Deserialize)]
pub(crate) struct Params {
    #[serde(default)]
    q: String,
}

/// The search page in each of the site's languages, and no other: on an English-only site
/// `/cy/chwilio/` is not a route, so it gets the 404 page.
pub(crate) fn router(langs: &[Lang]) -> Router<App> {
    let mut r = Router::new();
    for &lang in langs {
        r = r.route(search_url(lang), get(move |s: State<App>, q: Query<Params>| search(s, lang, q)));
    }
    r
}

fn with_query(url: &str, q: &str) -> String {
    if q.is_empty() {
        url.to_string()
    } else {
        format!("{url}?q={}", form_urlencoded::byte_serialize(q.as_bytes()).collect::<String>())
    }
}

async fn search(State(app): State<App>, lang: Lang, Query(params): Query<Params>) -> Response {
    let query: String =
        params.q.split_whitespace().collect::<Vec<_>>().join(" ").chars().take(MAX_QUERY_CHARS).collect();
    let started = Instant::now();
    let (status, html) = match render(&app, lang, &query) {
        Ok(html) => (StatusCode::OK, html),
        Err(e) => {
            // The service's error page, with a reference logged beside the reason.
            tracing::error!("search page failed to render: {e:#}");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    tracing::debug!(us = started.elapsed().as_micros() as u64, "search page");
    let mut resp = (status, Html(html)).into_response();
    resp.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    resp
}

/// What `search.html` reads as `search`.
#[derive(serde::Serialize)]
struct SearchView<'a> {
    query: &'a str,
    url: &'a str,
    available: bool,
    hits: &'a [crate::site::search::Hit],
    total: usize,
    shown: usize,
    other_url: Option<&'a str>,
    other_lang: &'a str,
    glossary_url: Option<String>,
    contact_url: Option<String>,
}

fn render(app: &AppState, lang: Lang, query: &str) -> anyhow::Result<String> {
    let i18n = &app.loaded.renderer.i18n;
    let started = Instant::now();
    let results = match (&app.search, query.is_empty()) {
        (Some(index), false) => Some(index.search(lang, query, LIMIT)),
        _ => None,
    };
    // The query alone, without the page around it: what BENCHMARKS.md reports.
    tracing::debug!(
        us = started.elapsed().as_micros() as u64,
        hits = results.as_ref().map_or(0, |r| r.total),
        "search query"
    );
    let title = if query.is_empty() {
        i18n.text(lang, "search-title")
    } else {
        i18n.t(lang, "search-title-query", &[("query", crate::site::i18n::Arg::Str(query.to_string()))])?
    };
    let url = with_query(search_url(lang), query);
    // The same search in the other language, on a site that has one.
    let bilingual = app.loaded.config.bilingual();
    let other_url = with_query(search_url(lang.other()), query);
    let place =
        Place { lang, url: search_url(lang), other_url: bilingual.then_some(other_url.as_str()), alternates: vec![] };
    let mut ctx = context::base(&app.loaded.config.base_url, &app.site_views[&lang], &place, &title);
    ctx.insert("title", &title);
    // The results page has its own labelled search form: one box, not two.
    ctx.insert("hide_header_search", &true);
    let glossary = app.loaded.site.variant_or_fallback("glossary.md", lang).map(|v| v.url.clone());
    let contact = app.loaded.site.variant_or_fallback("contact.md", lang).map(|v| v.url.clone());
    ctx.insert(
        "search",
        &SearchView {
            query,
            url: &url,
            available: app.search.is_some(),
            hits: results.as_ref().map(|r| r.hits.as_slice()).unwrap_or_default(),
            total: results.as_ref().map_or(0, |r| r.total),
            shown: results.as_ref().map_or(0, |r| r.hits.len()),
            other_url: bilingual.then_some(other_url.as_str()),
            other_lang: lang.other().code(),
            glossary_url: glossary,
            contact_url: contact,
        },
    );
    app.loaded.renderer.render("search.html", &ctx)
}
