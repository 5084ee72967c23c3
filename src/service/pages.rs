//! The service's own pages for things that go wrong (too large, too many, expired, not
//! sent, busy, not saved), in the visitor's language, on the same base template and strings as the site.

use crate::lang::Lang;
use crate::service::state::AppState;
use crate::site::context::{self, Place};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// The service's own pages for things that go wrong.
pub(crate) enum Message<'a> {
    TooLarge,
    TooMany,
    BadRequest,
    /// No session, or a CSRF token that does not match it: start again (the form's start URL).
    Expired(&'a str),
    /// The outbox could not take the submission; the answers are kept.
    NotSent(&'a str),
    /// A form POST from another website (Origin / Sec-Fetch-Site).
    CrossSite,
    /// A form body that is not UTF-8: not something a browser sends for our pages.
    BadText,
    /// `[service] max_sessions` forms are in progress already: come back in a few minutes.
    Full,
    /// The answers on this page could not be saved (the sessions folder is full or
    /// read-only); those saved before are kept.
    NotSaved,
    /// An address whose query or path could not be read (a parameter given twice, or not
    /// as the page expects).
    BadAddress,
    /// Something went wrong in the service itself (a panic, a missing string): the
    /// reference logged with it, to give the team on the phone.
    Problem(&'a str),
    /// The answers could not be read just now (the database is down): shown rather than an
    /// empty form, which would look as if they were lost.
    NotLoaded,
}

impl Message<'_> {
    fn parts(&self) -> (StatusCode, &'static str, Option<&str>) {
        match self {
            Message::TooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "forms-too-large", None),
            Message::TooMany => (StatusCode::TOO_MANY_REQUESTS, "forms-too-many", None),
            Message::BadRequest => (StatusCode::BAD_REQUEST, "forms-bad-request", None),
            Message::Expired(url) => (StatusCode::FORBIDDEN, "forms-expired", Some(url)),
            Message::NotSent(url) => (StatusCode::SERVICE_UNAVAILABLE, "forms-not-sent", Some(url)),
            Message::CrossSite => (StatusCode::FORBIDDEN, "forms-cross-site", None),
            Message::BadText => (StatusCode::BAD_REQUEST, "forms-bad-text", None),
            Message::Full => (StatusCode::SERVICE_UNAVAILABLE, "forms-full", None),
            Message::NotSaved => (StatusCode::SERVICE_UNAVAILABLE, "forms-not-saved", None),
            Message::BadAddress => (StatusCode::BAD_REQUEST, "forms-bad-address", None),
            Message::Problem(_) => (StatusCode::INTERNAL_SERVER_ERROR, "forms-problem", None),
            Message::NotLoaded => (StatusCode::SERVICE_UNAVAILABLE, "forms-not-loaded", None),
        }
    }
}

pub(crate) const MESSAGE_KEYS: &[&str] = &[
    "forms-too-large-title",
    "forms-too-large-body",
    "forms-too-many-title",
    "forms-too-many-body",
    "forms-bad-request-title",
    "forms-bad-request-body",
    "forms-expired-title",
    "forms-expired-body",
    "forms-expired-link",
    "forms-not-sent-title",
    "forms-not-sent-body",
    "forms-not-sent-link",
    "forms-not-sent-phone",
    "forms-cross-site-title",
    "forms-cross-site-body",
    "forms-bad-text-title",
    "forms-bad-text-body",
    "forms-full-title",
    "forms-full-body",
    "forms-not-saved-title",
    "forms-not-saved-body",
    "forms-bad-address-title",
    "forms-bad-address-body",
    "forms-problem-title",
    "forms-problem-body",
    "forms-problem-reference",
    "forms-not-loaded-title",
    "forms-not-loaded-body",
];

/// A message page in the visitor's language (Welsh first when it cannot be told).
pub(crate) fn message_page(app: &AppState, lang: Option<Lang>, m: Message<'_>) -> Response {
    // The site's first language (Welsh on a Welsh site) when the visitor's cannot be told.
    let langs = &app.loaded.config.langs;
    let lang = lang.filter(|l| langs.contains(l)).unwrap_or(langs[0]);
    let (status, key, link) = m.parts();
    let i18n = &app.loaded.renderer.i18n;
    let title = i18n.text(lang, &format!("{key}-title"));
    let url = format!("/{lang}/");
    let other_url = format!("/{}/", lang.other());
    let place = Place { lang, url: &url, other_url: Some(&other_url), alternates: vec![] };
    let mut ctx = context::base(&app.loaded.config.base_url, &app.site_views[&lang], &place, &title);
    ctx.insert("title", &title);
    let mut body: Vec<String> = i18n
        .text(lang, &format!("{key}-body"))
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    // Nothing was sent: the family needs another way to reach the team, on the page itself.
    let another_way =
        matches!(m, Message::NotSent(_) | Message::Full | Message::NotSaved | Message::Problem(_) | Message::NotLoaded);
    if let (true, Some(phone)) = (another_way, app.loaded.config.council_for(lang).get("phone"))
        && let Ok(line) = i18n.t(lang, "forms-not-sent-phone", &[("phone", crate::site::i18n::Arg::Str(phone.clone()))])
    {
        body.push(line);
    }
    if let Message::Problem(reference) = m
        && let Ok(line) = i18n.t(
            lang,
            "forms-problem-reference",
            &[("reference", crate::site::i18n::Arg::Str(reference.to_string()))],
        )
    {
        body.push(line);
    }
    ctx.insert("body", &body);
    ctx.insert("link", &link.map(|href| MessageLink { href, text: i18n.text(lang, &format!("{key}-link")) }));
    let html = app.loaded.renderer.render("forms/message.html", &ctx).unwrap_or_else(|e| {
        tracing::error!("message page failed to render: {e:#}");
        title.clone()
    });
    let mut resp = (status, axum::response::Html(html)).into_response();
    resp.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    resp
}

/// A message page's one link onwards.
#[derive(serde::Serialize)]
struct MessageLink<H: serde::Serialize> {
    href: H,
    text: String,
}
