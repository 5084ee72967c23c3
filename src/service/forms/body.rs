//! Reading a posted page: a urlencoded body, or a multipart one whose files are streamed
//! into the session's store as they arrive, each within the page's limit. `Err` is always
//! the page to send.

use super::upload;
use crate::lang::Lang;
use crate::service::pages::{Message, message_page};
use crate::service::sessions::SessionId;
use crate::service::state::App;
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::{StatusCode, header};
use axum::response::Response;

/// Largest body for a page of text answers. Room for an answer far over any field's own
/// limit, so that an over-long answer gets a field error that keeps the page's other
/// answers, rather than the "too large" page that loses them.
pub(crate) const TEXT_LIMIT: usize = 128 * 1024;
pub(crate) const UPLOAD_LIMIT: usize = upload::MAX_TOTAL + 256 * 1024;

/// A posted page: fields in order, files separately.
pub(super) struct Posted {
    pub(super) fields: Vec<(String, String)>,
    pub(super) files: Vec<Incoming>,
}

/// A file as it arrived: already in the session's store under `stored`, with its first
/// bytes kept to judge its type.
pub(super) struct Incoming {
    pub(super) client_name: String,
    pub(super) stored: String,
    pub(super) size: u64,
    pub(super) head: Vec<u8>,
}

impl Posted {
    pub(super) fn get(&self, name: &str) -> Option<&str> {
        self.fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
    pub(super) fn all(&self, name: &str) -> Vec<String> {
        self.fields.iter().filter(|(k, _)| k == name).map(|(_, v)| v.clone()).collect()
    }
}

/// Reads a urlencoded or multipart body within the page's limit; `Err` is the page to send
/// (413 for too large). Files go straight to the session's store; on an error, any that
/// arrived are deleted again.
pub(super) async fn read_body(
    app: &App,
    lang: Lang,
    req: Request,
    upload: bool,
    id: &SessionId,
) -> Result<Posted, Response> {
    let limit = if upload { UPLOAD_LIMIT } else { TEXT_LIMIT };
    let too_big = || message_page(app, Some(lang), Message::TooLarge);
    let multipart = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    if !multipart {
        let bytes = axum::body::to_bytes(req.into_body(), limit).await.map_err(|_| too_big())?;
        // Refused rather than stored with U+FFFD in place of what was typed.
        let fields = utf8_form(&bytes).ok_or_else(|| message_page(app, Some(lang), Message::BadText))?;
        return Ok(Posted { fields, files: vec![] });
    }
    if !upload {
        return Err(message_page(app, Some(lang), Message::BadRequest));
    }
    let mut posted = Posted { fields: vec![], files: vec![] };
    match read_multipart(app, lang, req, id, &mut posted).await {
        Ok(()) => Ok(posted),
        Err(page) => {
            for f in &posted.files {
                app.sessions.delete_upload(id, &f.stored).await;
            }
            Err(page)
        }
    }
}

async fn read_multipart(
    app: &App,
    lang: Lang,
    req: Request,
    id: &SessionId,
    posted: &mut Posted,
) -> Result<(), Response> {
    use tokio::io::AsyncWriteExt as _;
    let too_big = || message_page(app, Some(lang), Message::TooLarge);
    let bad = || message_page(app, Some(lang), Message::BadRequest);
    let failed = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE { too_big() } else { bad() }
    };
    let mut mp = Multipart::from_request(req, &()).await.map_err(|_| bad())?;
    while let Some(mut field) = mp.next_field().await.map_err(failed)? {
        let name = field.name().unwrap_or("").to_string();
        let Some(client_name) = field.file_name().map(str::to_string) else {
            // A text field: small, or it is not from our page.
            let mut text = Vec::new();
            while let Some(chunk) = field.chunk().await.map_err(failed)? {
                text.extend_from_slice(&chunk);
                if text.len() > TEXT_LIMIT {
                    return Err(too_big());
                }
            }
            let text = String::from_utf8(text).map_err(|_| message_page(app, Some(lang), Message::BadText))?;
            posted.fields.push((name, text));
            continue;
        };
        let store = app.sessions.store().clone();
        let key = id.clone();
        let (stored, file) = match tokio::task::spawn_blocking(move || store.new_upload(&key)).await {
            Ok(Ok(f)) => f,
            Ok(Err(e)) => {
                tracing::error!("sessions: no room for an upload: {e}");
                return Err(message_page(app, Some(lang), Message::NotSaved));
            }
            Err(_) => return Err(message_page(app, Some(lang), Message::NotSaved)),
        };
        posted.files.push(Incoming { client_name, stored, size: 0, head: vec![] });
        let incoming = posted.files.last_mut().expect("just pushed");
        let mut file = tokio::fs::File::from_std(file);
        while let Some(chunk) = field.chunk().await.map_err(failed)? {
            if incoming.head.len() < upload::HEAD {
                let take = chunk.len().min(upload::HEAD - incoming.head.len());
                incoming.head.extend_from_slice(&chunk[..take]);
            }
            // Past the per-file limit the rest is only counted: the file will be refused.
            if incoming.size <= upload::MAX_FILE as u64 {
                file.write_all(&chunk).await.map_err(|e| {
                    tracing::error!("sessions: an upload could not be written: {e}");
                    message_page(app, Some(lang), Message::NotSaved)
                })?;
            }
            incoming.size += chunk.len() as u64;
        }
        file.flush().await.map_err(|_| message_page(app, Some(lang), Message::NotSaved))?;
    }
    Ok(())
}

/// A urlencoded body's fields, or `None` if any name or value is not UTF-8 once decoded.
fn utf8_form(bytes: &[u8]) -> Option<Vec<(String, String)>> {
    let decode = |part: &[u8]| {
        let spaced: Vec<u8> = part.iter().map(|&b| if b == b'+' { b' ' } else { b }).collect();
        String::from_utf8(percent_encoding::percent_decode(&spaced).collect()).ok()
    };
    let mut fields = vec![];
    for pair in bytes.split(|&b| b == b'&').filter(|p| !p.is_empty()) {
        let (k, v) = match pair.iter().position(|&b| b == b'=') {
            Some(i) => (&pair[..i], &pair[i + 1..]),
            None => (pair, &[][..]),
        };
        fields.push((decode(k)?, decode(v)?));
    }
    Some(fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_bodies_must_be_utf8() {
        assert_eq!(
            utf8_form(b"a=Si%C3%B4n+ap&b=&c").unwrap(),
            [("a".into(), "Siôn ap".into()), ("b".into(), String::new()), ("c".into(), String::new())]
        );
        assert!(utf8_form(b"a=%FF%FE").is_none());
        assert!(utf8_form(b"a=\xff").is_none());
    }
}
