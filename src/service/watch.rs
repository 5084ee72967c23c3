//! `porth serve --watch`: live preview for editors. A file watcher on `config.toml`,
//! `content/`, `templates/`, `i18n/`, `static/` and `forms/` rebuilds the site when one
//! changes and swaps the new build in; every open tab reloads itself. A build with problems
//! is not swapped in: the last good build stays, and each page shows the problems (file,
//! line, how to fix) at the top of its main content, in the page's language, until they are
//! fixed.
//!
//! The reload script and the problem list are added here, to HTML responses, and only in
//! watch mode: pages for readers stay free of JavaScript. The script long-polls
//! `/_porth/wait`, which answers when the build generation changes (no WebSocket, no
//! dependency); it is a file, not inline, so the site's CSP (`script-src 'self'`) allows it.
//! What is rebuilt is the site's business (`site::rebuild`: an edited page and what shows
//! it, or the whole site); here the new build is swapped in, then, after a partial rebuild,
//! the search index is caught up in the background while the new pages are already served.
//! `/_porth/settled` says when that is done (`Rebuilder`). Answers in progress outlive rebuilds.

use crate::lang::Lang;
use crate::problems::ProblemReport;
use crate::service::state::{App, AppState, Lasting, load_search};
use crate::service::static_files::StaticFiles;
use crate::site::build;
use crate::site::i18n::I18n;
use crate::site::rebuild::{Preview, Rebuilt};
use anyhow::{Context as _, Result};
use axum::Router;
use axum::body::Body;
use axum::extract::{Query, Request, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use notify::{RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

/// What a rebuild produces: the router over the new build, and its strings (for the
/// problem list, which must be shown even when the new strings are what is broken).
pub(crate) type Built = (Router, Arc<I18n>);

/// Work left after a rebuild (the search index), run in the background once the new pages
/// are served; it gives up, with `None`, when the flag is set because another change came.
pub(crate) type CatchUp = Box<dyn FnOnce(&AtomicBool) -> Result<Option<Built>> + Send>;

/// A rebuild: what to serve now, and what is left to catch up.
pub(crate) struct Rebuild {
    pub(crate) built: Built,
    pub(crate) catch_up: Option<CatchUp>,
}

/// What the watcher and the request handlers share.
struct Live {
    root: PathBuf,
    current: RwLock<Built>,
    /// The problems of the last build, if it failed: (file relative to the site, line,
    /// message, fix).
    problems: RwLock<Vec<(String, usize, String, String)>>,
    generation: tokio::sync::watch::Sender<u64>,
    /// The last generation whose catch-up work is done (or had none).
    settled: tokio::sync::watch::Sender<u64>,
}

/// Strings the problem list uses.
pub(crate) const I18N_KEYS: &[&str] = &["watch-problems-title", "watch-problems-fix"];

const RELOAD_JS: &str = include_str!("watch_reload.js");
/// Changes closer together than this are one rebuild (an editor saving several files, or
/// writing a file in two steps).
const SETTLE: Duration = Duration::from_millis(10);

/// Wraps the server's router: starts the watcher, and returns a router that serves the
/// current build with the reload script (and any problems) added to its pages.
/// `rebuild` gets the changed files, relative to `root`.
pub(crate) fn live(
    initial: Built,
    root: &Path,
    output: &Path,
    rebuild: impl Fn(&[PathBuf]) -> Result<Rebuild> + Send + Sync + 'static,
) -> Result<Router> {
    let (generation, _) = tokio::sync::watch::channel(0u64);
    let (settled, _) = tokio::sync::watch::channel(0u64);
    // Absolute, as the watcher reports changes: `--root .` must still match them.
    let root = &std::fs::canonicalize(root).with_context(|| format!("failed to find `{}`", root.display()))?;
    let output = &std::fs::canonicalize(output).unwrap_or_else(|_| root.join(output));
    let live = Arc::new(Live {
        root: root.to_path_buf(),
        current: RwLock::new(initial),
        problems: RwLock::new(vec![]),
        generation,
        settled,
    });
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<PathBuf>();
    let output = output.to_path_buf();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if let Ok(event) = event {
            if matches!(event.kind, notify::EventKind::Access(_)) {
                return;
            }
            for path in event.paths {
                let _ = tx.send(path);
            }
        }
    })
    .context("failed to start watching files")?;
    for dir in ["content", "templates", "i18n", "static", "forms", "directory"] {
        let path = root.join(dir);
        if path.exists() {
            watcher
                .watch(&path, RecursiveMode::Recursive)
                .with_context(|| format!("failed to watch `{}`", path.display()))?;
        }
    }
    // The folder, not the file: editors that save by renaming would end a watch on the file.
    watcher
        .watch(root, RecursiveMode::NonRecursive)
        .with_context(|| format!("failed to watch `{}`", root.display()))?;
    tracing::info!("watching config.toml, content/, templates/, i18n/, static/ and forms/ for changes");

    let watching = live.clone();
    let rebuild = Arc::new(rebuild);
    tokio::spawn(async move {
        let _watcher = watcher; // dropped, and the watch ended, when this task ends
        let mut cancel = Arc::new(AtomicBool::new(false));
        while let Some(first) = rx.recv().await {
            let mut changed = vec![first];
            // Let a burst of events settle into one rebuild.
            while let Ok(Some(p)) = tokio::time::timeout(SETTLE, rx.recv()).await {
                changed.push(p);
            }
            changed.retain(|p| relevant(&watching.root, &output, p));
            let mut changed: Vec<PathBuf> =
                changed.iter().filter_map(|p| p.strip_prefix(&watching.root).ok().map(Path::to_path_buf)).collect();
            changed.sort();
            changed.dedup();
            let Some(what) = changed.first().map(|p| p.display().to_string()) else { continue };
            // A catch-up still running is out of date: stop it, and free the site for this one.
            // (Only for a change to the source: a whole build's own folder swap is seen too.)
            cancel.store(true, Ordering::Relaxed);
            let started = Instant::now();
            let rebuild = rebuild.clone();
            let result = tokio::task::spawn_blocking(move || rebuild(&changed))
                .await
                .unwrap_or_else(|e| Err(anyhow::anyhow!("the rebuild panicked: {e}")));
            let ms = started.elapsed().as_millis() as u64;
            match result {
                Ok(Rebuild { built, catch_up }) => {
                    let generation = watching.swap(built);
                    tracing::info!(ms, changed = %what, "rebuilt");
                    match catch_up {
                        None => {
                            watching.settled.send_replace(generation);
                        }
                        Some(work) => {
                            cancel = Arc::new(AtomicBool::new(false));
                            let (stop, live) = (cancel.clone(), watching.clone());
                            tokio::spawn(async move {
                                let started = Instant::now();
                                match tokio::task::spawn_blocking(move || work(&stop)).await {
                                    Ok(Ok(Some(built))) => {
                                        let mut current = live.current.write().expect("poisoned");
                                        if *live.generation.borrow() == generation {
                                            *current = built;
                                            tracing::info!(
                                                ms = started.elapsed().as_millis() as u64,
                                                "search index caught up"
                                            );
                                        }
                                    }
                                    Ok(Ok(None)) => return, // a newer change took over
                                    Ok(Err(e)) => tracing::error!("the search index was not brought up to date: {e:#}"),
                                    Err(e) => tracing::error!("the search index catch-up panicked: {e}"),
                                }
                                live.settled.send_if_modified(|s| {
                                    let newer = generation > *s;
                                    if newer {
                                        *s = generation;
                                    }
                                    newer
                                });
                            });
                        }
                    }
                }
                Err(e) => {
                    let problems = problems_of(&watching.root, &e);
                    tracing::error!(ms, changed = %what, "the site did not build; still serving the last good build:\n{e:#}");
                    *watching.problems.write().expect("poisoned") = problems;
                    let generation = {
                        let _current = watching.current.write().expect("poisoned");
                        watching.generation.send_modify(|g| *g += 1);
                        *watching.generation.borrow()
                    };
                    watching.settled.send_replace(generation);
                }
            }
        }
    });

    Ok(Router::new()
        .route("/_porth/reload.js", get(reload_js))
        .route("/_porth/wait", get(wait))
        .route("/_porth/settled", get(wait_settled))
        .fallback(dispatch)
        .with_state(live))
}

/// Watch mode's rebuilds, from the server's side: the site's `Preview` decides what to build
/// again; this makes the router over the result (with `router`, the server's). After a
/// partial rebuild the served files are the last ones with the changed files read again,
/// and the search index is the last one until the catch-up has written and loaded the new one.
pub(crate) struct Rebuilder {
    preview: Mutex<Preview>,
    /// The state last served.
    current: Mutex<App>,
    lasting: Lasting,
    output: PathBuf,
    secure: bool,
    now: time::PrimitiveDateTime,
    router: RouterFor,
}

/// The server's router over a state.
pub(crate) type RouterFor = Box<dyn Fn(App) -> Router + Send + Sync>;

/// What a `Rebuilder` starts from and keeps: the site's preview and the state first served.
pub(crate) struct Start {
    pub(crate) preview: Preview,
    pub(crate) served: App,
    pub(crate) lasting: Lasting,
    /// The output folder, and whether cookies are `Secure`.
    pub(crate) output: PathBuf,
    pub(crate) secure: bool,
    /// The UK time the pages are built for.
    pub(crate) now: time::PrimitiveDateTime,
}

impl Rebuilder {
    pub(crate) fn new(start: Start, router: RouterFor) -> Arc<Rebuilder> {
        let Start { preview, served, lasting, output, secure, now } = start;
        Arc::new(Rebuilder {
            preview: Mutex::new(preview),
            current: Mutex::new(served),
            lasting,
            output,
            secure,
            now,
            router,
        })
    }

    pub(crate) fn rebuild(self: &Arc<Self>, changed: &[PathBuf]) -> Result<Rebuild> {
        let mut preview = self.preview.lock().expect("poisoned");
        let rebuilt = preview.apply(changed)?;
        let last = self.current.lock().expect("poisoned").clone();
        let loaded = preview.loaded().clone();
        drop(preview);
        let site_views = loaded.config.langs.iter().map(|&l| (l, build::site_view(&loaded, l, &mut vec![]))).collect();
        // The new pages are served at once; the search index (seconds to load on a large
        // site) follows in the catch-up, written again first after a partial rebuild.
        let (static_files, refresh) = match rebuilt {
            Rebuilt::Whole(kept) => (StaticFiles::from_kept(&kept)?, false),
            Rebuilt::Part(written) => (last.static_files.updated(&self.output, &written)?, true),
        };
        let app = self.state(loaded, site_views, static_files, last.search.clone());
        let me = self.clone();
        let catch_up: CatchUp = Box::new(move |cancel| me.catch_up(cancel, refresh));
        let app = Arc::new(app);
        *self.current.lock().expect("poisoned") = app.clone();
        Ok(Rebuild { built: self.built(app), catch_up: Some(catch_up) })
    }

    /// After a rebuild: the output folder written (after a whole one) or the search index
    /// written again (after a partial one), then the search index loaded.
    fn catch_up(&self, cancel: &AtomicBool, refresh: bool) -> Result<Option<Built>> {
        {
            let mut preview = self.preview.lock().expect("poisoned");
            // A whole rebuild's files (its search index among them) are written first.
            preview.flush()?;
            if refresh && !preview.refresh_search(cancel)? {
                return Ok(None);
            }
        }
        let search = load_search(&self.output).map(Arc::new);
        let mut current = self.current.lock().expect("poisoned");
        if cancel.load(Ordering::Relaxed) {
            return Ok(None);
        }
        let last = current.clone();
        // A whole rebuild, written now, is read from the output folder from now on: its
        // pages in memory are freed (watch mode's memory, BENCHMARKS.md "Live preview").
        let files = if refresh { None } else { Some(last.static_files.spilled(&self.output)) };
        let files = files.as_ref().unwrap_or(&last.static_files);
        let app = Arc::new(self.state(
            last.loaded.clone(),
            last.site_views.clone(),
            files.updated(&self.output, &[PathBuf::from(crate::site::search::INDEX_FILE)])?,
            search,
        ));
        *current = app.clone();
        Ok(Some(self.built(app)))
    }

    fn state(
        &self,
        loaded: build::Loaded,
        site_views: std::collections::HashMap<Lang, tera::Value>,
        static_files: StaticFiles,
        search: Option<Arc<crate::site::search::Index>>,
    ) -> AppState {
        let Lasting { outbox, sessions, health } = self.lasting.clone();
        AppState {
            loaded,
            site_views,
            sessions,
            outbox,
            secure_cookies: self.secure,
            public: self.output.clone(),
            static_files,
            health,
            search,
            build_failure: None,
            built_at: Some(self.now),
        }
    }

    fn built(&self, app: App) -> Built {
        let i18n = app.loaded.renderer.i18n.clone();
        ((self.router)(app), i18n)
    }
}

impl Live {
    /// Serves a good build from now on, and tells open tabs; returns its generation.
    fn swap(&self, built: Built) -> u64 {
        // Under the lock, so a catch-up finishing now cannot put an older build back.
        let mut current = self.current.write().expect("poisoned");
        *current = built;
        self.problems.write().expect("poisoned").clear();
        self.generation.send_modify(|g| *g += 1);

        *self.generation.borrow()
    }
}

/// Whether a changed path is part of the site's source: not the output folder (which the
/// rebuild itself writes), not the build's scratch folders, not editors' temporary files.
fn relevant(root: &Path, output: &Path, path: &Path) -> bool {
    if path.starts_with(output) {
        return false;
    }
    let Ok(rel) = path.strip_prefix(root) else { return false };
    let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    let temporary = name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
        || name == "4913";
    let top = rel.components().next().map(|c| c.as_os_str().to_string_lossy().to_string()).unwrap_or_default();
    !temporary
        && (matches!(top.as_str(), "content" | "templates" | "i18n" | "static" | "forms" | "directory")
            || rel == Path::new("config.toml"))
}

/// A failed build's problems, with paths relative to the site; an error that is not a list
/// of problems (a config file that does not parse) is one problem without a line.
fn problems_of(root: &Path, e: &anyhow::Error) -> Vec<(String, usize, String, String)> {
    match e.downcast_ref::<ProblemReport>() {
        Some(report) => report
            .0
            .iter()
            .map(|p| {
                (
                    p.file.strip_prefix(root).unwrap_or(&p.file).display().to_string(),
                    p.line,
                    p.message.clone(),
                    p.fix.clone(),
                )
            })
            .collect(),
        None => vec![(String::new(), 0, format!("{e:#}").replace(&format!("{}/", root.display()), ""), String::new())],
    }
}

async fn reload_js() -> Response {
    let mut resp = RELOAD_JS.into_response();
    let headers = resp.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/javascript; charset=utf-8"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    resp
}

#[derive(serde::Deserialize)]
struct Since {
    g: u64,
}

/// Answers with the build generation once it differs from `g`, or after 25 s (the script
/// then asks again), so a tab learns of a rebuild at once without polling.
async fn wait(State(live): State<Arc<Live>>, Query(since): Query<Since>) -> Response {
    let mut rx = live.generation.subscribe();
    let _ = tokio::time::timeout(Duration::from_secs(25), rx.wait_for(|g| *g != since.g)).await;
    let g = *rx.borrow();
    let mut resp = g.to_string().into_response();
    resp.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    resp
}

/// Answers once the work after build `g` (the search index) is done, or after 25 s, with the
/// last settled generation: how a script or test knows the whole output is up to date.
async fn wait_settled(State(live): State<Arc<Live>>, Query(since): Query<Since>) -> Response {
    let mut rx = live.settled.subscribe();
    let _ = tokio::time::timeout(Duration::from_secs(25), rx.wait_for(|s| *s >= since.g)).await;
    let s = *rx.borrow();
    let mut resp = s.to_string().into_response();
    resp.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    resp
}

/// Every other request goes to the current build's router; its HTML pages get the reload
/// script, and the problems of a failed rebuild.
async fn dispatch(State(live): State<Arc<Live>>, mut req: Request) -> Response {
    // Uncompressed, so the page can be edited on its way out.
    req.headers_mut().remove(header::ACCEPT_ENCODING);
    let lang = req.uri().path().trim_start_matches('/').split('/').next().and_then(Lang::parse).unwrap_or(Lang::Cy);
    let (router, i18n) = live.current.read().expect("poisoned").clone();
    let resp = tower::ServiceExt::oneshot(router, req).await.unwrap_or_else(|e| match e {});
    let is_html = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !is_html {
        return resp;
    }
    let (mut parts, body) = resp.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return Response::from_parts(parts, Body::empty());
    };
    let mut html = String::from_utf8_lossy(&bytes).into_owned();
    let generation = *live.generation.borrow();
    let problems = live.problems.read().expect("poisoned").clone();
    if !problems.is_empty() {
        let panel = problem_panel(&i18n, lang, &problems);
        match html.find("<main").and_then(|i| html[i..].find('>').map(|j| i + j + 1)) {
            Some(at) => html.insert_str(at, &panel),
            None => html.insert_str(
                html.find("<body").and_then(|i| html[i..].find('>').map(|j| i + j + 1)).unwrap_or(0),
                &panel,
            ),
        }
    }
    let script = format!("<script src=\"/_porth/reload.js?g={generation}\"></script>");
    match html.rfind("</body>") {
        Some(at) => html.insert_str(at, &script),
        None => html.push_str(&script),
    }
    parts.headers.remove(header::CONTENT_LENGTH);
    // A cached page would not carry the next build's script generation.
    parts.headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Response::from_parts(parts, Body::from(html))
}

/// The problem list, as GOV.UK's error summary: file and line, what is wrong, how to fix it.
fn problem_panel(i18n: &I18n, lang: Lang, problems: &[(String, usize, String, String)]) -> String {
    let esc = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let title =
        i18n.text_args(lang, "watch-problems-title", &[("count", crate::site::i18n::Arg::Num(problems.len() as f64))]);
    let fix = i18n.text(lang, "watch-problems-fix");
    let mut out = format!(
        "<div class=\"govuk-error-summary porth-watch-problems\"><div role=\"alert\"><h2 class=\"govuk-error-summary__title\">{}</h2><div class=\"govuk-error-summary__body\"><ol class=\"govuk-list govuk-list--number\">",
        esc(&title)
    );
    for (file, line, message, how) in problems {
        out.push_str("<li>");
        if !file.is_empty() {
            let at = if *line > 0 { format!("{file}:{line}") } else { file.clone() };
            out.push_str(&format!("<code>{}</code>: ", esc(&at)));
        }
        out.push_str(&esc(message));
        if !how.is_empty() {
            out.push_str(&format!("<br><strong>{}</strong> {}", esc(&fix), esc(how)));
        }
        out.push_str("</li>");
    }
    out.push_str("</ol></div></div></div>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_source_files_trigger_a_rebuild() {
        let root = Path::new("/site");
        let out = Path::new("/site/public");
        assert!(relevant(root, out, Path::new("/site/content/contact.cy.md")));
        assert!(relevant(root, out, Path::new("/site/config.toml")));
        assert!(relevant(root, out, Path::new("/site/forms/aln.toml")));
        assert!(!relevant(root, out, Path::new("/site/public/cy/index.html")));
        assert!(!relevant(root, out, Path::new("/site/.public.porth-tmp/cy/index.html")));
        assert!(!relevant(root, out, Path::new("/site/content/.contact.cy.md.swp")));
        assert!(!relevant(root, out, Path::new("/site/README.md")));
    }
}
