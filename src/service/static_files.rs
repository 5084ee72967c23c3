//! The built site, held in memory with each text file gzipped once at start-up, so a page
//! costs a hash lookup rather than file reads and a fresh compression on every request.
//! Files too large to hold fall through to `tower_http::services::ServeDir`. Watch mode
//! holds only a whole rebuild's pages, until they are written, and reads the rest from the
//! output folder when asked (`on_disk`, `spilled`).

use anyhow::{Context, Result};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use rayon::prelude::*;
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Larger files are served from disk, so a site with big PDFs does not sit in memory.
const MAX_CACHED: u64 = 2 * 1024 * 1024;

#[derive(Clone)]
struct Entry {
    content_type: HeaderValue,
    body: Body,
}

#[derive(Clone)]
enum Body {
    /// In memory: the bytes, gzipped once (if compressible), and their ETag.
    Held { raw: Bytes, gzip: Option<Bytes>, etag: HeaderValue },
    /// Read from the output folder on each request: watch mode, where holding every page
    /// (600 MB on the 20,000-page corpus, twice during a whole rebuild) cost more memory
    /// than `zola serve`, while a page read from the page cache costs microseconds.
    OnDisk(PathBuf),
}

/// A content hash, so a rebuild that changes nothing keeps browsers' copies valid.
fn etag_of(raw: &[u8]) -> HeaderValue {
    let hash = raw.iter().fold(0xcbf29ce484222325u64, |h, b| (h ^ *b as u64).wrapping_mul(0x100000001b3));
    HeaderValue::from_str(&format!("\"{hash:016x}\"")).expect("hex is a valid header")
}

fn content_type_of(path: &Path) -> String {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    match (mime.type_(), mime.subtype().as_str()) {
        (mime_guess::mime::TEXT, _) | (_, "xml") | (_, "json") => format!("{mime}; charset=utf-8"),
        _ => mime.to_string(),
    }
}

fn header_value(ct: &str) -> HeaderValue {
    HeaderValue::from_str(ct).unwrap_or(HeaderValue::from_static("application/octet-stream"))
}

impl Entry {
    /// A file, compressed once (if `compress`); `None` for one too large to hold.
    fn read(path: &Path, compress: bool) -> Result<Option<Entry>> {
        if std::fs::metadata(path).map(|m| m.len() > MAX_CACHED).unwrap_or(true) {
            return Ok(None);
        }
        let raw = std::fs::read(path).with_context(|| format!("failed to read `{}`", path.display()))?;
        Entry::from_bytes(path, Bytes::from(raw), compress).map(Some)
    }

    /// A file's bytes, held already (watch mode's whole rebuild); `path` gives its type.
    fn from_bytes(path: &Path, raw: Bytes, compress: bool) -> Result<Entry> {
        let ct = content_type_of(path);
        let gzip = if compress && compressible(&ct) && raw.len() > 256 {
            let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
            enc.write_all(&raw)?;
            Some(Bytes::from(enc.finish()?))
        } else {
            None
        };
        Ok(Entry { content_type: header_value(&ct), body: Body::Held { etag: etag_of(&raw), raw, gzip } })
    }

    /// A file left on disk, read when asked for; `None` for one too large to hold (served
    /// by `ServeDir`).
    fn on_disk(path: &Path, len: u64) -> Option<Entry> {
        (len <= MAX_CACHED).then(|| Entry {
            content_type: header_value(&content_type_of(path)),
            body: Body::OnDisk(path.to_path_buf()),
        })
    }
}

pub(crate) struct StaticFiles {
    files: Arc<HashMap<String, Entry>>,
    /// Files a partial rebuild (watch mode) changed since `files` was read, looked up first
    /// (`None`: removed), so a rebuild costs the files it changed, not a copy of the site.
    changed: HashMap<String, Option<Entry>>,
    compress: bool,
}

pub(crate) enum Lookup {
    Found(Response),
    /// `/cy/page` where `/cy/page/` exists.
    Redirect(String),
    Missing,
}

fn compressible(ct: &str) -> bool {
    ct.starts_with("text/")
        || ct.contains("xml")
        || ct.contains("json")
        || ct.contains("calendar")
        || ct.contains("svg")
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
        StaticFiles::load_with(public, true)
    }

    /// `serve --watch` sends every page uncompressed (it adds the reload script on the way
    /// out) and reads each from the output folder when asked: an editor's preview serves one
    /// reader, and holding the site cost more memory than `zola serve` on a large one.
    pub(crate) fn on_disk(public: &Path) -> Result<StaticFiles> {
        let mut files = HashMap::new();
        for entry in walkdir::WalkDir::new(public).into_iter() {
            let entry = entry.with_context(|| format!("failed to walk `{}`", public.display()))?;
            if entry.file_type().is_file() {
                let len =
                    entry.metadata().with_context(|| format!("failed to read `{}`", entry.path().display()))?.len();
                let rel = entry.path().strip_prefix(public).expect("under public").to_string_lossy().replace('\\', "/");
                if let Some(e) = Entry::on_disk(entry.path(), len) {
                    files.insert(format!("/{rel}"), e);
                }
            }
        }
        Ok(StaticFiles { files: Arc::new(files), changed: HashMap::new(), compress: false })
    }

    /// The same files, now that they are written to `public` (watch mode, once a whole
    /// rebuild served from memory is flushed): read from there when asked, so the rebuild's
    /// rendered pages can be freed.
    pub(crate) fn spilled(&self, public: &Path) -> StaticFiles {
        let spill = |key: &String, e: &Entry| Entry {
            content_type: e.content_type.clone(),
            body: Body::OnDisk(public.join(key.trim_start_matches('/'))),
        };
        let files = self.files.iter().map(|(k, e)| (k.clone(), spill(k, e))).collect();
        let changed = self.changed.iter().map(|(k, e)| (k.clone(), e.as_ref().map(|e| spill(k, e)))).collect();
        StaticFiles { files: Arc::new(files), changed, compress: self.compress }
    }

    fn load_with(public: &Path, compress: bool) -> Result<StaticFiles> {
        let mut paths = vec![];
        for entry in walkdir::WalkDir::new(public).into_iter() {
            let entry = entry.with_context(|| format!("failed to walk `{}`", public.display()))?;
            if entry.file_type().is_file() {
                paths.push(entry.into_path());
            }
        }
        // Read (and compress) on every core: 40,000 files on the large corpus.
        let read: Vec<(String, Option<Entry>)> = paths
            .par_iter()
            .map(|path| {
                let rel = path.strip_prefix(public).expect("under public").to_string_lossy().replace('\\', "/");
                Ok((format!("/{rel}"), Entry::read(path, compress)?))
            })
            .collect::<Result<_>>()?;
        let files = read.into_iter().filter_map(|(k, e)| Some((k, e?))).collect();
        Ok(StaticFiles { files: Arc::new(files), changed: HashMap::new(), compress })
    }

    /// Watch mode's whole rebuild, served from memory before it is written: its rendered
    /// files (shared, not copied) and the files it copies as they are, read from their
    /// sources. Not compressed, as watch mode never is.
    pub(crate) fn from_kept(kept: &crate::site::build::Kept) -> Result<StaticFiles> {
        let key = |rel: &Path| format!("/{}", rel.to_string_lossy().replace('\\', "/"));
        let mut files: HashMap<String, Entry> = kept
            .files
            .par_iter()
            .map(|(rel, bytes)| Ok((key(rel), Entry::from_bytes(rel, bytes.clone(), false)?)))
            .collect::<Result<_>>()?;
        for (src, rel) in &kept.copies {
            if let Some(e) = Entry::read(src, false)? {
                files.insert(key(rel), e);
            }
        }
        Ok(StaticFiles { files: Arc::new(files), changed: HashMap::new(), compress: false })
    }

    /// A copy with the files at `changed` (paths under `public`) read again, for watch mode's
    /// partial rebuilds: the other files' bytes are shared, not copied or compressed again.
    pub(crate) fn updated(&self, public: &Path, changed: &[std::path::PathBuf]) -> Result<StaticFiles> {
        let mut now = self.changed.clone();
        for rel in changed {
            let key = format!("/{}", rel.to_string_lossy().replace('\\', "/"));
            now.insert(key, Entry::read(&public.join(rel), self.compress)?);
        }
        Ok(StaticFiles { files: self.files.clone(), changed: now, compress: self.compress })
    }

    fn get(&self, key: &str) -> Option<&Entry> {
        match self.changed.get(key) {
            Some(e) => e.as_ref(),
            None => self.files.get(key),
        }
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
        let Some(e) = self.get(&key) else {
            return if self.get(&format!("{path}/index.html")).is_some() {
                Lookup::Redirect(format!("{path}/"))
            } else {
                Lookup::Missing
            };
        };
        let (raw, gzip, etag) = match &e.body {
            Body::Held { raw, gzip, etag } => (raw.clone(), gzip.as_ref(), etag.clone()),
            // Gone since (a whole rebuild's folder swap): the disk service answers.
            Body::OnDisk(file) => match std::fs::read(file) {
                Ok(raw) => {
                    let etag = etag_of(&raw);
                    (Bytes::from(raw), None, etag)
                }
                Err(_) => return Lookup::Missing,
            },
        };
        if headers.get(header::IF_NONE_MATCH).is_some_and(|v| v == etag) {
            return Lookup::Found((StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response());
        }
        let gzip_ok = headers.get(header::ACCEPT_ENCODING).and_then(|v| v.to_str().ok()).is_some_and(accepts_gzip);
        let mut resp = match (gzip, gzip_ok) {
            (Some(gz), true) => {
                ([(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"))], gz.clone()).into_response()
            }
            _ => raw.into_response(),
        };
        let h = resp.headers_mut();
        h.insert(header::CONTENT_TYPE, e.content_type.clone());
        h.insert(header::ETAG, etag);
        if gzip.is_some() {
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

    #[tokio::test]
    async fn watch_mode_reads_pages_from_the_output_folder_once_they_are_written() {
        let (dir, held) = site();
        async fn body(s: &StaticFiles, path: &str) -> Bytes {
            match s.lookup(path, &HeaderMap::new()) {
                Lookup::Found(r) => axum::body::to_bytes(r.into_body(), usize::MAX).await.unwrap(),
                _ => panic!("{path} not found"),
            }
        }
        let page = dir.path().join("cy/tudalen/index.html");
        std::fs::write(&page, "<p>Ar y ddisg</p>").unwrap();
        // Held: the bytes read at load, whatever the folder holds now.
        assert!(body(&held, "/cy/tudalen/").await.starts_with(b"<p>Helo</p>"));
        let spilled = held.spilled(dir.path());
        let fresh = StaticFiles::on_disk(dir.path()).unwrap();
        for s in [&spilled, &fresh] {
            assert_eq!(&body(s, "/cy/tudalen/").await[..], b"<p>Ar y ddisg</p>");
            assert!(matches!(s.lookup("/cy/tudalen", &HeaderMap::new()), Lookup::Redirect(_)));
            let Lookup::Found(r) = s.lookup("/cy/tudalen/", &HeaderMap::new()) else { panic!() };
            assert_eq!(r.headers()[header::CONTENT_TYPE], "text/html; charset=utf-8");
            let mut h = HeaderMap::new();
            h.insert(header::IF_NONE_MATCH, r.headers()[header::ETAG].clone());
            let Lookup::Found(r) = s.lookup("/cy/tudalen/", &h) else { panic!() };
            assert_eq!(r.status(), StatusCode::NOT_MODIFIED);
        }
        // A file gone from the folder falls through to the disk service (its 404).
        std::fs::remove_file(&page).unwrap();
        assert!(matches!(fresh.lookup("/cy/tudalen/", &HeaderMap::new()), Lookup::Missing));
    }

    #[tokio::test]
    async fn an_update_serves_the_changed_files_and_leaves_the_original_as_it_was() {
        let (dir, before) = site();
        async fn body(s: &StaticFiles, path: &str) -> Bytes {
            match s.lookup(path, &HeaderMap::new()) {
                Lookup::Found(r) => axum::body::to_bytes(r.into_body(), usize::MAX).await.unwrap(),
                _ => panic!("{path} not found"),
            }
        }
        std::fs::write(dir.path().join("cy/tudalen/index.html"), "<p>Newydd</p>").unwrap();
        std::fs::create_dir_all(dir.path().join("cy/arall")).unwrap();
        std::fs::write(dir.path().join("cy/arall/index.html"), "<p>Arall</p>").unwrap();
        let after =
            before.updated(dir.path(), &["cy/tudalen/index.html".into(), "cy/arall/index.html".into()]).unwrap();
        assert_eq!(&body(&after, "/cy/tudalen/").await[..], b"<p>Newydd</p>");
        assert_eq!(&body(&after, "/cy/arall/").await[..], b"<p>Arall</p>");
        assert!(matches!(after.lookup("/cy/arall", &HeaderMap::new()), Lookup::Redirect(_)));
        assert!(body(&before, "/cy/tudalen/").await.starts_with(b"<p>Helo</p>"));
        assert!(matches!(before.lookup("/cy/arall/", &HeaderMap::new()), Lookup::Missing));
        std::fs::remove_file(dir.path().join("cy/arall/index.html")).unwrap();
        let removed = after.updated(dir.path(), &["cy/arall/index.html".into()]).unwrap();
        assert!(matches!(removed.lookup("/cy/arall/", &HeaderMap::new()), Lookup::Missing));
    }
}
