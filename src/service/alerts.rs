//! Alert banners at serve time. Every page holds a banner region (`site::alerts`); the
//! build filled it with the banners on when it ran. This layer fills it again, as each page
//! is sent, with the banners on *now*, so a banner shows from its `starts` and goes at its
//! `ends` without a rebuild. While the banners on now are the ones the build saw, built pages
//! are sent untouched (compressed once, as ever); only then does a page cost a rewrite.
//! Pages the service renders itself (forms, search) are filled every time.
//!
//! Browsers keep a built page for up to five minutes (`server::cache_headers`); near a
//! banner's start or end this layer shortens that to the time left, so no one is shown a
//! banner after it ends, or misses one after it starts, for longer than a moment.

use crate::lang::Lang;
use crate::service::state::App;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

/// Pages are read whole to be rewritten; none is near this size (the static cache holds
/// files up to 2 MB).
const MAX_PAGE: usize = 8 * 1024 * 1024;

/// How long browsers may keep an HTML page (`server::cache_headers`).
const HTML_MAX_AGE: i64 = 300;

pub(crate) async fn banners(State(app): State<App>, mut req: Request, next: Next) -> Response {
    let now = crate::clock::uk_now();
    let alerts = &app.loaded.alerts;
    if alerts.list.is_empty() {
        return next.run(req).await;
    }
    // Whether the banners the build put in its pages are still the right ones.
    let built_ones_current = app.built_at.is_some_and(|built| alerts.names_on(built) == alerts.names_on(now));
    if !built_ones_current {
        // The page is rewritten: ask for it uncompressed and whole (no 304), and let the
        // compression layer outside compress the new one.
        req.headers_mut().remove(header::ACCEPT_ENCODING);
        req.headers_mut().remove(header::IF_NONE_MATCH);
        req.headers_mut().remove(header::IF_MODIFIED_SINCE);
    }
    let lang = req.uri().path().trim_start_matches('/').split('/').next().and_then(Lang::parse);
    let mut resp = next.run(req).await;
    let is_html = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if resp.status() != StatusCode::OK || !is_html {
        return resp;
    }
    if !resp.headers().contains_key(header::CACHE_CONTROL)
        && let Some(next_change) = alerts.next_change(now)
    {
        let secs = (next_change - now).whole_seconds();
        if secs < HTML_MAX_AGE {
            let value = if secs <= 0 { "no-cache".to_string() } else { format!("public, max-age={secs}") };
            resp.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_str(&value).expect("ASCII"));
        }
    }
    // A built page (the static files carry an ETag) whose banners are still right.
    let built_page = resp.headers().contains_key(header::ETAG);
    if (built_page && built_ones_current) || resp.headers().contains_key(header::CONTENT_ENCODING) {
        return resp;
    }
    let Some(lang) = lang else { return resp };
    let (mut parts, body) = resp.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_PAGE).await {
        Ok(b) => b,
        Err(e) => {
            tracing::error!("alert banners: could not read a page to fill its banners: {e}");
            return Response::from_parts(parts, Body::empty());
        }
    };
    let Ok(text) = std::str::from_utf8(&bytes) else { return Response::from_parts(parts, Body::from(bytes)) };
    let renderer = &app.loaded.renderer;
    let filled = crate::site::alerts::refill(text, |section| match alerts.region(renderer, section, lang, now) {
        Ok(r) => Some(r),
        Err(e) => {
            tracing::error!("alert banners: {e:#}");
            None
        }
    });
    match filled {
        Some(page) => {
            parts.headers.remove(header::CONTENT_LENGTH);
            parts.headers.remove(header::ETAG);
            Response::from_parts(parts, Body::from(page))
        }
        None => Response::from_parts(parts, Body::from(bytes)),
    }
}
