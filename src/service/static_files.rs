//! The built site, held in memory with each text file gzipped once at start-up, so a page
//! costs a hash lookup rather than file reads and a fresh compression on every request.
//! Files too large to hold fall through to `tower_http::services::ServeDir`.

use anyhow::{Context, Result};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

/// Larger files are served from disk, so a site with big PDFs does not sit in memory.
const MAX_CACHED: u64 = 2 * 1024 * 1024;

struct Entry {
    content_type: HeaderValue,
    raw: Bytes,
    gzip: Option<Bytes>,
    etag: HeaderValue,
}

pub(crate) struct StaticFiles {
    files: HashMap<String, Entry>,
}

pub(crate) enum Lookup {
    Found(Response),
    /// `/cy/page` where `/cy/page/` exists.
    Redirect(String),
    Missing,
}

fn compressible(ct: &str) -> bool {
    ct.starts_with("text/") || ct.contains("xml") || ct.contains("json") || ct.contains("calendar") || ct.contains("svg")
}

/// Whether an `Accept-Encoding` value accepts gzip: listed (or `*`) with a quality above
/// zero. `gzip;q=0.5` accepts it; `gzip;q=0` and `gzip;q=0.000` refuse it (RFC 9110 12.5.3).
fn accepts_gzip(value: &str) -> bool {
    let mut star = None;
    for item in value.split(',') {
        let mut parts = item.split(';');
        let coding = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let q = parts
            .filter_map(|p| p.trim().strip_prefix("q=").or_else(|| p.trim().strip_prefix("Q=")))
            .find_map(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        match coding.as_str() {
            "gzip" | "x-gzip" => return q > 0.0,
            "*" => star = Some(q > 0.0),
            _ => {}
        }
    }
    star.unwrap_or(false)
}

impl StaticFiles {
    pub(crate) fn load(public: &Path) -> Result<StaticFiles> {
        let mut files = HashMap::new();
        for entry in walkdir::WalkDir::new(public).into_iter() {
            let entry = entry.with_context(|| format!("failed to walk `{}`", public.display()))?;
            if !entry.file_type().is_file() || entry.metadata().map(|m| m.len() > MAX_CACHED).unwrap_or(true) {
                continue;
            }
            let rel = entry.path().strip_prefix(public).expect("under public").to_string_lossy().replace('\\', "/");
            let raw = std::fs::read(entry.path()).with_context(|| format!("failed to read `{}`", entry.path().display()))?;
            let mime = mime_guess::from_path(entry.path()).first_or_octet_stream();
            let ct = match (mime.type_(), mime.subtype().as_str()) {
                (mime_guess::mime::TEXT, _) | (_, "xml") | (_, "json") => format!("{mime}; charset=utf-8"),
                _ => mime.to_string(),
            };
            let gzip = if compressible(&ct) && raw.len() > 256 {
                let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
                enc.write_all(&raw)?;
                Some(Bytes::from(enc.finish()?))
            } else {
                None
            };
            // A content hash, so a rebuild that changes nothing keeps browsers' copies valid.
            let hash = raw.iter().fold(0xcbf29ce484222325u64, |h, b| (h ^ *b as u64).wrapping_mul(0x100000001b3));
            files.insert(
                format!("/{rel}"),
                Entry {
                    content_type: HeaderValue::from_str(&ct).unwrap_or(HeaderValue::from_static("application/octet-stream")),
                    raw: Bytes::from(raw),
                    gzip,
                    etag: HeaderValue::from_str(&format!("\"{hash:016x}\"")).expect("hex is a valid header"),
                },
            );
        }
        Ok(StaticFiles { files })
    }

    /// Whether the site has this file (a path under the site root, starting with `/`).
    pub(crate) fn has(&self, path: &str) -> bool {
        self.files.contains_key(path)
    }

    pub(crate) fn lookup(&self, path: &str, headers: &HeaderMap) -> Lookup {
        let Ok(path) = percent_encoding::percent_decode_str(path).decode_utf8() else { return Lookup::Missing };
        if path.contains("/../") || path.ends_with("/..") {
            return Lookup::Missing;
        }
        let key = if path.ends_with('/') { format!("{path}index.html") } else { path.to_string() };
        let Some(e) = self.files.get(&key) else {
            return if self.files.contains_key(&format!("{path}/index.html")) { Lookup::Redirect(format!("{path}/")) } else { Lookup::Missing };
        };
        if headers.get(header::IF_NONE_MATCH).is_some_and(|v| v == e.etag) {
            return Lookup::Found((StatusCode::NOT_MODIFIED, [(header::ETAG, e.etag.clone())]).into_response());
        }
        let gzip_ok = headers
            .get(header::ACCEPT_ENCODING)
            .and_then(|v| v.to_str().ok())
            .is_some_and(accepts_gzip);
        let mut resp = match (&e.gzip, gzip_ok) {
            (Some(gz), true) => ([(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"))], gz.clone()).into_response(),
            _ => e.raw.clone().into_response(),
        };
        let h = resp.headers_mut();
        h.insert(header::CONTENT_TYPE, e.content_type.clone());
        h.insert(header::ETAG, e.etag.clone());
        if e.gzip.is_some() {
            h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        }
        Lookup::Found(resp)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> (tempfile::TempDir, StaticFiles) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("cy/tudalen")).unwrap();
        std::fs::write(dir.path().join("cy/tudalen/index.html"), "<p>Helo</p>".repeat(100)).unwrap();
        let files = StaticFiles::load(dir.path()).unwrap();
        (dir, files)
    }

    #[test]
    fn gzip_is_accepted_at_any_quality_above_zero() {
        assert!(accepts_gzip("gzip"));
        assert!(accepts_gzip("br, gzip;q=0.5"));
        assert!(accepts_gzip("deflate, *;q=0.1"));
        assert!(!accepts_gzip("gzip;q=0"));
        assert!(!accepts_gzip("gzip; q=0.000, br"));
        assert!(!accepts_gzip("br"));
        assert!(!accepts_gzip("*;q=0.1, gzip;q=0"));
    }

    #[test]
    fn pages_are_found_gzipped_redirected_and_revalidated() {
        let (_d, s) = site();
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT_ENCODING, HeaderValue::from_static("gzip, br"));
        let Lookup::Found(r) = s.lookup("/cy/tudalen/", &h) else { panic!("not found") };
        assert_eq!(r.headers()[header::CONTENT_ENCODING], "gzip");
        assert_eq!(r.headers()[header::CONTENT_TYPE], "text/html; charset=utf-8");
        let etag = r.headers()[header::ETAG].clone();
        assert!(matches!(s.lookup("/cy/tudalen", &h), Lookup::Redirect(to) if to == "/cy/tudalen/"));
        assert!(matches!(s.lookup("/cy/dim", &h), Lookup::Missing));
        h.insert(header::IF_NONE_MATCH, etag);
        let Lookup::Found(r) = s.lookup("/cy/tudalen/", &h) else { panic!() };
        assert_eq!(r.status(), StatusCode::NOT_MODIFIED);
        let Lookup::Found(r) = s.lookup("/cy/tudalen/index.html", &HeaderMap::new()) else { panic!() };
        assert!(r.headers().get(header::CONTENT_ENCODING).is_none(), "no gzip unless asked");
    }
}
