//! What a visitor sees when something below the pages goes wrong: a panic in any handler
//! becomes the service's own error page, in the visitor's language, with the team's phone
//! number and a reference that is logged (so the team can find the log line when a family
//! rings); and every plain-text or empty refusal from the layers and extractors (a
//! malformed or repeated query parameter, a body that is not a form, a wrong content type,
//! a method not allowed, a body too large, too many posts) becomes the service's own page,
//! keeping its status and headers; and a page that needed a string that is not there
//! (`I18n::text`) is replaced by the error page. Nothing a person sees is a framework's
//! message or a missing-string marker.

use crate::lang::Lang;
use crate::service::pages::{Message, message_page};
use crate::service::reference::Reference;
use crate::service::state::AppState;
use axum::http::{Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::any::Any;
use tower_http::catch_panic::CatchPanicLayer;

/// Marks the response `catch_panics` made from a panic, with the reference it logged.
#[derive(Clone)]
struct Panicked(String);

/// The prefix of the references given to errors, beside the forms' own (`ADY`, `EHC`).
const ERROR_PREFIX: &str = "ERR";

type PanicHandler = fn(Box<dyn Any + Send + 'static>) -> Response;

/// Turns a panic in any handler below it into a bare 500 marked with a logged reference;
/// `friendly` (outside it, where the visitor's language is known) makes that the page.
/// The session's lock and reservation a request held are released as it unwinds.
pub(crate) fn catch_panics() -> CatchPanicLayer<PanicHandler> {
    CatchPanicLayer::custom(panicked as PanicHandler)
}

fn panicked(payload: Box<dyn Any + Send + 'static>) -> Response {
    let reference = error_reference();
    // A fixed message is code's own words; a formatted one might carry an answer, so it is
    // not logged (the reference and the time find the request).
    let what = payload.downcast_ref::<&'static str>().copied().unwrap_or("a formatted message, not logged");
    tracing::error!(reference = %reference, "a request panicked: {what}");
    let mut resp = StatusCode::INTERNAL_SERVER_ERROR.into_response();
    resp.extensions_mut().insert(Panicked(reference));
    resp
}

/// The service's own page in place of a panic's bare 500 or a layer's or extractor's plain
/// text; any other response as it was.
/// `missing`: the page needed a string that is not there (logged with its key where it was
/// asked for); the error page goes out instead of a page with a hole in it.
pub(crate) fn friendly(app: &AppState, method: &Method, lang: Option<Lang>, resp: Response, missing: bool) -> Response {
    let status = resp.status();
    if let Some(Panicked(reference)) = resp.extensions().get::<Panicked>() {
        return message_page(app, lang, Message::Problem(reference));
    }
    if missing {
        let reference = error_reference();
        tracing::error!(reference = %reference, "a page needed a missing string; the error page was sent instead");
        return message_page(app, lang, Message::Problem(&reference));
    }
    if !(status.is_client_error() || status.is_server_error()) || !plain(&resp) {
        return resp;
    }
    let message = match status {
        StatusCode::PAYLOAD_TOO_LARGE => Message::TooLarge,
        StatusCode::TOO_MANY_REQUESTS => Message::TooMany,
        s if s.is_server_error() => {
            let reference = error_reference();
            tracing::error!(reference = %reference, status = s.as_u16(), "a request failed without a page");
            return keep_headers(&resp, message_page(app, lang, Message::Problem(&reference)), s);
        }
        _ if method == Method::POST => Message::BadRequest,
        _ => Message::BadAddress,
    };
    tracing::info!(status = status.as_u16(), "refused a request");
    keep_headers(&resp, message_page(app, lang, message), status)
}

/// A reference for an error, read out like a form's (`ERR-7K3M-Q9PX`); with no randomness,
/// the time, which still finds the log line.
fn error_reference() -> String {
    match Reference::new(ERROR_PREFIX) {
        Ok(r) => r.as_str().to_string(),
        Err(_) => format!("{ERROR_PREFIX}-{}", time::OffsetDateTime::now_utc().unix_timestamp()),
    }
}

/// A response a framework made rather than a page: no body type, or plain text.
fn plain(resp: &Response) -> bool {
    match resp.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) {
        None => true,
        Some(t) => t.starts_with("text/plain"),
    }
}

/// The page with the refusal's status and the headers that say what to do (Retry-After,
/// Allow).
fn keep_headers(from: &Response, mut page: Response, status: StatusCode) -> Response {
    *page.status_mut() = status;
    for name in [header::RETRY_AFTER, header::ALLOW] {
        if let Some(v) = from.headers().get(&name) {
            page.headers_mut().insert(name, v.clone());
        }
    }
    page
}
