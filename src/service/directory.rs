//! The directory's results page (`/cy/cyfeiriadur/canlyniadau/`, `/en/directory/results/`),
//! each entry's page and `.ics` (`/en/directory/<slug>/`), and its Open Referral UK v3 feed
//! (`/openreferral/v3/…`), answered from the directory the generator loaded from
//! `directory/`. The query string is read by hand (`site::directory::filter`), so whatever
//! a link or a person puts in it gets a normal page in the page's language, never a
//! framework's error.

use crate::lang::Lang;
use crate::service::state::{App, AppState};
use crate::site::context::{self, Place};
use crate::site::directory::{Directory, filter, pages};
use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;

/// The results pages of a site with a directory (a site without one answers them with its
/// 404 page), and the Open Referral UK feed (which says in JSON that there is no directory).
pub(crate) fn router(langs: &[Lang], has_directory: bool) -> Router<App> {
    let mut r = Router::new();
    for &lang in langs.iter().filter(|_| has_directory) {
        r = r
            .route(
                Directory::results_url(lang),
                get(move |s: State<App>, q: RawQuery| async move { results(s, lang, q) }),
            )
            .route(
                &format!("{}{{slug}}/", Directory::url(lang)),
                get(move |s: State<App>, slug: Path<String>| async move { entry(s, lang, slug) }),
            )
            .route(
                &format!("{}{{slug}}", Directory::url(lang)),
                get(move |s: State<App>, slug: Path<String>| async move { to_slash(s, lang, slug) }),
            )
            .route(
                &format!("{}{{slug}}/service.ics", Directory::url(lang)),
                get(move |s: State<App>, slug: Path<String>| async move { calendar(s, lang, slug) }),
            );
    }
    r.merge(crate::service::openreferral::router())
}

fn results(State(app): State<App>, lang: Lang, RawQuery(raw): RawQuery) -> Response {
    let Some(dir) = app.loaded.directory.clone() else {
        return (StatusCode::NOT_FOUND, Html(app.loaded.renderer.i18n.text(lang, "directory-title"))).into_response();
    };
    let (status, html) = match render(&app, &dir, lang, raw.as_deref().unwrap_or("")) {
        Ok(html) => (StatusCode::OK, html),
        Err(e) => {
            tracing::error!("directory results failed to render: {e:#}");
            (StatusCode::INTERNAL_SERVER_ERROR, app.loaded.renderer.i18n.text(lang, "search-unavailable"))
        }
    };
    let mut resp = (status, Html(html)).into_response();
    resp.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    resp
}

/// An entry's page, rendered from the loaded directory as it is asked for (the build does
/// not write them: `site::directory::pages::write`). No such entry: the site's 404 page.
fn entry(State(app): State<App>, lang: Lang, Path(slug): Path<String>) -> Response {
    let Some(dir) = app.loaded.directory.clone() else { return StatusCode::NOT_FOUND.into_response() };
    let Some(e) = dir.entry(&slug) else { return StatusCode::NOT_FOUND.into_response() };
    let loaded = &pages::Loaded { config: &app.loaded.config, renderer: &app.loaded.renderer, site: &app.loaded.site };
    match pages::entry_page(loaded, &dir, e, lang, &app.site_views[&lang]) {
        Ok(html) => Html(html).into_response(),
        Err(err) => {
            tracing::error!("a directory entry's page failed to render: {err:#}");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// An entry's address without its final `/`: a permanent redirect to it, as the static
/// site gives for a page's folder.
fn to_slash(State(app): State<App>, lang: Lang, Path(slug): Path<String>) -> Response {
    match app.loaded.directory.as_ref().and_then(|d| d.entry(&slug)) {
        Some(e) => axum::response::Redirect::permanent(&Directory::entry_url(lang, &e.slug)).into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// An entry's regular times as iCalendar; only an entry with a schedule has them.
fn calendar(State(app): State<App>, lang: Lang, Path(slug): Path<String>) -> Response {
    let Some(dir) = app.loaded.directory.clone() else { return StatusCode::NOT_FOUND.into_response() };
    let Some(e) = dir.entry(&slug).filter(|e| !e.rules.is_empty()) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let name = app.loaded.renderer.i18n.text(lang, "directory-calendar-name");
    let body = pages::ics(e, lang, &name, &app.loaded.config.base_url);
    ([(header::CONTENT_TYPE, HeaderValue::from_static("text/calendar; charset=utf-8"))], body).into_response()
}

pub(crate) fn render(app: &AppState, dir: &Directory, lang: Lang, raw: &str) -> anyhow::Result<String> {
    let loaded = &pages::Loaded { config: &app.loaded.config, renderer: &app.loaded.renderer, site: &app.loaded.site };
    let i18n = &loaded.renderer.i18n;
    let (mut q, notices, errors) = filter::parse(raw, &dir.taxonomy, loaded.config);
    let found = dir.index.run(lang, &q);
    let page_count = found.len().div_ceil(filter::PER_PAGE).max(1);
    let mut notices: Vec<String> = notices
        .iter()
        .map(|n| i18n.t(lang, n.key, &[("value", crate::site::i18n::Arg::Str(n.value.clone()))]).unwrap_or_default())
        .collect();
    if q.page > page_count {
        notices.push(
            i18n.t(lang, "directory-notice-bad-page", &[("value", crate::site::i18n::Arg::Str(q.page.to_string()))])
                .unwrap_or_default(),
        );
        q.page = page_count;
    }
    let items: Vec<_> = found
        .iter()
        .skip((q.page - 1) * filter::PER_PAGE)
        .take(filter::PER_PAGE)
        .map(|&i| pages::summary_view(loaded, dir, &dir.entries[i], lang))
        .collect();
    let url = Directory::results_url(lang);
    let with = |base: &str, page: Option<usize>, lang: Lang| {
        let qs = filter::query_string(&q, page, lang);
        if qs.is_empty() { base.to_string() } else { format!("{base}?{qs}") }
    };
    let title = i18n.text(lang, "directory-results-title");
    let other_url = loaded.config.other_lang(lang).map(|o| with(Directory::results_url(o), Some(q.page), o));
    let here = with(url, Some(q.page), lang);
    let place = Place { lang, url: &here, other_url: other_url.as_deref(), alternates: vec![] };
    let mut ctx = context::base(&loaded.config.base_url, &app.site_views[&lang], &place, &title);
    ctx.insert("title", &title);
    ctx.insert("breadcrumbs", &pages::crumbs(loaded, lang, true));
    ctx.insert("noindex", &true);
    ctx.insert("form", &pages::form_view(loaded, dir, lang, &q, &errors));
    let area_name = q.area.as_ref().and_then(|a| loaded.config.areas.get(a)).map(|a| a.name(lang).to_string());
    ctx.insert(
        "results",
        &ResultsView {
            total: found.len(),
            items: &items,
            page: q.page,
            pages: page_count,
            prev_url: (q.page > 1).then(|| with(url, Some(q.page - 1), lang)),
            next_url: (q.page < page_count).then(|| with(url, Some(q.page + 1), lang)),
            notices: &notices,
            area_name,
        },
    );
    loaded.renderer.render("directory-results.html", &ctx)
}

/// What `directory-results.html` reads as `results`.
#[derive(serde::Serialize)]
struct ResultsView<'a, T: serde::Serialize> {
    total: usize,
    items: &'a [T],
    page: usize,
    pages: usize,
    prev_url: Option<String>,
    next_url: Option<String>,
    notices: &'a [String],
    area_name: Option<String>,
}
