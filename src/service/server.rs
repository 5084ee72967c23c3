//! `porth serve`: builds the site, then one axum process serves it and the two forms.
//!
//! Layers, outermost first: security headers (a CSP with no inline script), gzip, friendly
//! pages for 413 and 429 in the path's language, a global body limit (the largest upload, so
//! nothing bigger is even read), cache headers, and under them the routes: `/healthz`, the forms (POSTs rate
//! limited per client), and the built site from `public/` with the 404 page for anything else.
//! On SIGTERM or Ctrl-C in-flight requests finish, then the delivery worker stops between
//! messages; whatever it had not sent is still in the outbox and goes on the next start.

use crate::lang::Lang;
use crate::service::forms::{self, handlers::UPLOAD_LIMIT, session::Sessions};
use crate::service::pages::{Message, message_page};
use crate::service::state::{App, AppState};
use crate::site::build;
use anyhow::{Context as _, Result};
use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

#[derive(Clone)]
pub(crate) struct Options {
    pub(crate) root: PathBuf,
    pub(crate) addr: SocketAddr,
    pub(crate) output: PathBuf,
    pub(crate) now: time::PrimitiveDateTime,
    /// Form posts allowed per client per minute, after a burst of `burst`.
    pub(crate) posts_per_minute: u32,
    pub(crate) burst: u32,
    /// Minutes of inactivity after which answers in progress are deleted.
    pub(crate) session_minutes: u64,
    /// Mark the session cookie Secure and send HSTS (when served over HTTPS).
    pub(crate) secure: bool,
    /// Rebuild when the site's files change, and reload open tabs (`serve --watch`).
    pub(crate) watch: bool,
}

fn lang_of(path: &str) -> Option<Lang> {
    path.trim_start_matches('/').split('/').next().and_then(Lang::parse)
}

/// Turns the plain-text 413 (body limit) and 429 (rate limit) of the layers below into
/// the service's own pages, keeping their headers (Retry-After).
async fn friendly_errors(State(app): State<App>, req: Request, next: Next) -> Response {
    let lang = lang_of(req.uri().path());
    let resp = next.run(req).await;
    let is_html = resp.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("text/html"));
    let message = match resp.status() {
        StatusCode::PAYLOAD_TOO_LARGE if !is_html => Message::TooLarge,
        StatusCode::TOO_MANY_REQUESTS if !is_html => Message::TooMany,
        _ => return resp,
    };
    tracing::info!(status = resp.status().as_u16(), "refused a request");
    let mut page = message_page(&app, lang, message);
    if let Some(v) = resp.headers().get(header::RETRY_AFTER) {
        page.headers_mut().insert(header::RETRY_AFTER, v.clone());
    }
    page
}

/// The bilingual 404 page, or the one for the language the path starts with.
async fn not_found(State(app): State<App>, req: Request) -> Response {
    let file = match lang_of(req.uri().path()) {
        Some(l) => app.public.join(l.code()).join("404.html"),
        None => app.public.join("404.html"),
    };
    let body = tokio::fs::read_to_string(&file).await.unwrap_or_else(|_| "Not found / Heb ei ganfod".into());
    let mut resp = (StatusCode::NOT_FOUND, axum::response::Html(body)).into_response();
    resp.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    resp
}

/// Built pages may change on the next deploy, so HTML is cached briefly; CSS and other
/// files for a day. Form pages say `no-store` themselves and keep it.
async fn cache_headers(req: Request, next: Next) -> Response {
    let mut resp = next.run(req).await;
    if resp.status().is_success() && !resp.headers().contains_key(header::CACHE_CONTROL) {
        let html = resp.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("text/html"));
        let value = if html { "public, max-age=300" } else { "public, max-age=86400" };
        resp.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
    resp
}

async fn healthz(State(app): State<App>) -> Response {
    let outbox = app.outbox.clone();
    let backlog = tokio::task::spawn_blocking(move || outbox.backlog()).await.unwrap_or_default();
    let body = serde_json::json!({
        "status": "ok",
        "outbox": {"pending": backlog.pending, "failed": backlog.failed},
        "sessions": app.sessions.len(),
        // Set when the site did not build at start and the previous build is being served.
        "site_build_failed": app.build_failure,
    });
    let mut resp = axum::Json(body).into_response();
    resp.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    resp
}

const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

pub(crate) fn router(app: App, posts_per_minute: u32, burst: u32, secure: bool) -> Router {
    use tower_governor::{GovernorLayer, governor::GovernorConfigBuilder};
    let governor = Arc::new(
        GovernorConfigBuilder::default()
            .per_millisecond((60_000 / posts_per_minute.max(1)).max(1) as u64)
            .burst_size(burst.max(1))
            .methods(vec![Method::POST])
            .finish()
            .expect("rate-limit settings are positive"),
    );
    let limiter = governor.limiter().clone();
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(Duration::from_secs(60)).await;
            limiter.retain_recent();
        }
    });
    let forms = forms::handlers::router(&app.loaded.forms, &app.loaded.config.langs).layer(GovernorLayer::new(governor));
    let from_disk = ServeDir::new(&app.public)
        .append_index_html_on_directories(true)
        .fallback(axum::handler::HandlerWithoutStateExt::into_service(not_found_with(app.clone())));
    // The site from memory; files too big to hold, and misses, go to the disk service.
    let cached = app.clone();
    let static_site = tower::service_fn(move |req: Request| {
        let (cached, mut from_disk) = (cached.clone(), from_disk.clone());
        async move {
            use crate::service::static_files::Lookup;
            if req.method() == Method::GET || req.method() == Method::HEAD {
                match cached.static_files.lookup(req.uri().path(), req.headers()) {
                    Lookup::Found(resp) => return Ok::<_, std::convert::Infallible>(resp),
                    Lookup::Redirect(to) => return Ok(axum::response::Redirect::permanent(&to).into_response()),
                    Lookup::Missing => {}
                }
            }
            let resp = tower::Service::call(&mut from_disk, req).await.map(IntoResponse::into_response);
            Ok(resp.unwrap_or_else(|e| match e {}))
        }
    });
    let header = |name: &'static str, value: &'static str| SetResponseHeaderLayer::if_not_present(HeaderName::from_static(name), HeaderValue::from_static(value));
    let mut router = Router::new()
        .route("/healthz", get(healthz))
        .merge(forms)
        .merge(crate::service::search::router())
        .fallback_service(static_site)
        .layer(middleware::from_fn(cache_headers))
        // Outside the body limit, so its plain 413 becomes the friendly page too.
        .layer(RequestBodyLimitLayer::new(UPLOAD_LIMIT))
        .layer(middleware::from_fn_with_state(app.clone(), friendly_errors))
        .layer(CompressionLayer::new())
        .layer(header("content-security-policy", CSP))
        .layer(header("x-content-type-options", "nosniff"))
        .layer(header("x-frame-options", "DENY"))
        .layer(header("referrer-policy", "same-origin"))
        .layer(header("cross-origin-opener-policy", "same-origin"))
        .layer(header("permissions-policy", "camera=(), microphone=(), geolocation=(), payment=()"));
    if secure {
        router = router.layer(header("strict-transport-security", "max-age=31536000"));
    }
    router.with_state(app)
}

fn not_found_with(app: App) -> impl Fn(Request) -> std::pin::Pin<Box<dyn std::future::Future<Output = Response> + Send>> + Clone + Send + Sync + 'static {
    move |req| {
        let app = app.clone();
        Box::pin(async move { not_found(State(app), req).await })
    }
}

/// Builds the site into the output folder. If the build fails and a previous good build is
/// there (a build only ever replaces the folder whole), that one is served instead, with the
/// forms, so a content mistake does not take the forms offline; the failure is logged loudly
/// and reported by `/healthz`. With no previous build, or with strings, templates or config
/// too broken for the forms to run, `serve` refuses to start.
fn build_or_keep_previous(opts: &Options) -> Result<(build::Loaded, Option<String>)> {
    let built = build::load(&opts.root).and_then(|loaded| Ok((build::build_loaded(&loaded, &opts.output, opts.now, std::time::Instant::now())?, loaded)));
    match built {
        Ok((summary, loaded)) => {
            for w in &summary.warnings {
                tracing::warn!("{w}");
            }
            tracing::info!(pages = summary.pages.values().sum::<usize>(), "site built into {}", opts.output.display());
            Ok((loaded, None))
        }
        Err(e) if opts.output.join("index.html").exists() && !opts.watch => {
            let (loaded, _) = build::load_with_problems(&opts.root).with_context(|| format!("the site did not build, and the forms cannot run without it: {e:#}"))?;
            // Every page's header and footer come from the home page.
            anyhow::ensure!(loaded.site.by_key.contains_key("_index.md"), "the site did not build, and without a home page the forms cannot run: {e:#}");
            tracing::error!("THE SITE DID NOT BUILD. Serving the previous build from {} until it is fixed:\n{e:#}", opts.output.display());
            Ok((loaded, Some(format!("{e:#}"))))
        }
        Err(e) => Err(e),
    }
}

/// What the router serves: a loaded site and the build in the output folder.
fn app_state(loaded: build::Loaded, outbox: Arc<crate::service::outbox::Outbox>, opts: &Options, build_failure: Option<String>) -> Result<AppState> {
    let site_views = loaded.config.langs.iter().map(|&l| (l, build::site_view(&loaded, l, &mut vec![]))).collect();
    Ok(AppState {
        loaded,
        site_views,
        sessions: Sessions::new(Duration::from_secs(opts.session_minutes * 60)),
        outbox,
        secure_cookies: opts.secure,
        public: opts.output.clone(),
        static_files: crate::service::static_files::StaticFiles::load(&opts.output)?,
        search: load_search(&opts.output),
        build_failure,
    })
}

/// The built site's search index; without one the site is still served, and search says so.
pub(crate) fn load_search(public: &std::path::Path) -> Option<crate::site::search::Index> {
    let started = std::time::Instant::now();
    match crate::site::search::Index::load(public) {
        Ok(index) => {
            tracing::info!(cy = index.pages(Lang::Cy), en = index.pages(Lang::En), ms = started.elapsed().as_millis() as u64, "search index loaded");
            Some(index)
        }
        Err(e) => {
            tracing::error!("search is unavailable: {e:#}");
            None
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down: finishing requests in progress");
}

pub(crate) async fn serve(opts: Options) -> Result<()> {
    let mail = crate::service::settings::load(&opts.root)?;
    let (loaded, build_failure) = build_or_keep_previous(&opts)?;
    let (shutdown_tx, shutdown_rx) = tokio::sync::watch::channel(false);
    let (outbox, worker) = crate::service::outbox::start(&loaded.config, &mail, loaded.renderer.clone(), shutdown_rx)?;
    let backlog = outbox.backlog();
    tracing::info!(pending = backlog.pending, failed = backlog.failed, "outbox open");
    let app = Arc::new(app_state(loaded, outbox.clone(), &opts, build_failure)?);
    let sweeper = app.clone();
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(Duration::from_secs(60)).await;
            let gone = sweeper.sessions.sweep();
            if gone > 0 {
                tracing::debug!(sessions = gone, "expired answers deleted");
            }
        }
    });
    let mut served = router(app.clone(), opts.posts_per_minute, opts.burst, opts.secure);
    if opts.watch {
        let o = opts.clone();
        let rebuild = move || -> Result<crate::service::watch::Built> {
            let loaded = build::load(&o.root)?;
            build::build_loaded(&loaded, &o.output, o.now, std::time::Instant::now())?;
            let app = Arc::new(app_state(loaded, outbox.clone(), &o, None)?);
            Ok((router(app.clone(), o.posts_per_minute, o.burst, o.secure), app.loaded.renderer.i18n.clone()))
        };
        served = crate::service::watch::live((served, app.loaded.renderer.i18n.clone()), &opts.root, &opts.output, rebuild)?;
    }
    let listener = tokio::net::TcpListener::bind(opts.addr).await.with_context(|| format!("failed to listen on {}", opts.addr))?;
    tracing::info!("serving on http://{}", listener.local_addr()?);
    // Without TCP_NODELAY a response written in two parts waits for the client's delayed
    // ACK (up to 40 ms on Linux): measured, that capped static pages at ~1,000 requests/s.
    let listener = axum::serve::ListenerExt::tap_io(listener, |tcp| {
        let _ = tcp.set_nodelay(true);
    });
    axum::serve(listener, served.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await
        .context("the server stopped with an error")?;
    let _ = shutdown_tx.send(true);
    if tokio::time::timeout(Duration::from_secs(10), worker).await.is_err() {
        tracing::warn!("the delivery worker did not stop in 10 s; what it had not sent stays in the outbox");
    }
    tracing::info!("stopped");
    Ok(())
}
