//! `porth serve`: builds the site, then one axum process serves it and its forms.
//!
//! Layers, outermost first: security headers (a CSP with no inline script), gzip, friendly
//! pages for 413 and 429 in the path's language, a global body limit (the largest upload, so
//! nothing bigger is even read), body idle and deadline timeouts, cache headers, and under
//! them the routes: `/healthz`, the forms (cross-site POSTs refused, POSTs rate limited per
//! client, the client found through `X-Forwarded-For` only behind a trusted proxy), and the
//! built site from `public/` with the 404 page for anything else. Connections are served by
//! hyper directly, with a header-read timeout that also ends idle keep-alive connections
//! (`server/accept.rs`); in watch mode the router is made again after each rebuild
//! (`watch::Rebuilder`).
//!
//! On SIGTERM or Ctrl-C in-flight requests finish, then each delivery lane finishes the
//! message it is sending and stops before the next; nothing is sent twice by a restart, and
//! whatever had not been sent goes on the next start. (Only a hard kill can repeat a
//! message: see `outbox::worker`.)

mod accept;
mod refusals;

use crate::lang::Lang;
use crate::service::forms::{self, handlers::UPLOAD_LIMIT};
use crate::service::outbox::{Outbox, Snapshot};
use crate::service::pages::{Message, message_page};
use crate::service::sessions::{Sessions, files::FilesStore, pg::PgSessions, store::SessionStore};
use crate::service::settings::StorageBackend;
use crate::service::settings::{Cidr, ServiceSettings};
use crate::service::state::{App, AppState, HealthLimits, Lasting, load_search};
use crate::service::static_files::StaticFiles;
use crate::service::watch;
use crate::site::build;
use crate::site::rebuild::Preview;
use anyhow::{Context as _, Result};
use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use std::net::{IpAddr, SocketAddr};
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

/// Turns a panic below, a page that needed a missing string, and the plain-text or empty
/// refusals of the layers and extractors below (413, 429, a query or body that cannot be
/// read) into the service's own pages (`service::errors`), keeping their status and headers.
async fn friendly_errors(State(app): State<App>, req: Request, next: Next) -> Response {
    let (lang, method) = (lang_of(req.uri().path()), req.method().clone());
    let (resp, missing) = crate::site::i18n::Missing::scope(next.run(req)).await;
    crate::service::errors::friendly(&app, &method, lang, resp, missing)
}

/// The bilingual 404 page, or the one for the language the path starts with.
async fn not_found(State(app): State<App>, req: Request) -> Response {
    // A language the site does not have (`/cy/` on an English-only site) gets the site's own.
    let langs = &app.loaded.config.langs;
    let lang = lang_of(req.uri().path()).filter(|l| langs.contains(l));
    let files = [lang.map(|l| app.public.join(l.code()).join("404.html")), Some(app.public.join("404.html"))]
        .into_iter()
        .flatten()
        .chain(langs.iter().map(|l| app.public.join(l.code()).join("404.html")));
    let mut body = None;
    for file in files {
        if let Ok(text) = tokio::fs::read_to_string(&file).await {
            body = Some(text);
            break;
        }
    }
    let body = body.unwrap_or_else(|| "Not found / Heb ei ganfod".into());
    let mut resp = (StatusCode::NOT_FOUND, axum::response::Html(body)).into_response();
    resp.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    resp
}

/// Built pages may change on the next deploy, so HTML is cached briefly; CSS and other
/// files for a day. Form pages say `no-store` themselves and keep it.
async fn cache_headers(req: Request, next: Next) -> Response {
    let mut resp = next.run(req).await;
    if resp.status().is_success() && !resp.headers().contains_key(header::CACHE_CONTROL) {
        let html = resp
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/html"));
        let value = if html { "public, max-age=300" } else { "public, max-age=86400" };
        resp.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
    resp
}

/// Whether the service is keeping its promise, and if not why: the worker's heartbeat,
/// failed and unreadable submissions, the oldest wait, and whether the outbox can be written.
pub(crate) fn health(
    outbox: &Outbox,
    snap: &Snapshot,
    limits: HealthLimits,
    now: time::OffsetDateTime,
) -> (bool, serde_json::Value) {
    let mut reasons: Vec<String> = vec![];
    let heartbeat = outbox.status.since_heartbeat();
    match heartbeat {
        None => reasons.push("the delivery worker has not started".into()),
        Some(d) if d > limits.stale_after => {
            reasons.push(format!("the delivery worker has shown no sign of life for {} s", d.as_secs()))
        }
        Some(_) => {}
    }
    if snap.failed > 0 {
        reasons.push(format!("{} submission(s) failed and need a person: see `porth outbox list`", snap.failed));
    }
    if !snap.corrupt.is_empty() {
        reasons.push(format!(
            "{} outbox entr(ies) could not be read and were set aside: see `porth outbox list`",
            snap.corrupt.len()
        ));
    }
    let oldest = snap.oldest_pending.map(|t| (now - t).whole_seconds().max(0));
    if let Some(age) = oldest.filter(|&a| a as u64 > limits.pending_alert.as_secs()) {
        reasons.push(format!("the oldest pending submission has waited {} min", age / 60));
    }
    if let Some(e) = outbox.status.write_error() {
        reasons.push(e);
    }
    let ok = reasons.is_empty();
    let body = serde_json::json!({
        "status": if ok { "ok" } else { "unhealthy" },
        "reasons": reasons,
        "outbox": {
            "pending": snap.pending,
            "failed": snap.failed,
            "corrupt": snap.corrupt,
            "oldest_pending_secs": oldest,
            "writable": outbox.status.write_error().is_none(),
        },
        "worker": {
            "heartbeat_secs_ago": heartbeat.map(|d| d.as_secs()),
            "restarts": outbox.status.restarts.load(std::sync::atomic::Ordering::Relaxed),
        },
    });
    (ok, body)
}

async fn healthz(State(app): State<App>) -> Response {
    let outbox = app.outbox.clone();
    let snap = tokio::task::spawn_blocking(move || outbox.snapshot()).await;
    let (ok, mut body) = match snap {
        Ok(Ok(snap)) => health(&app.outbox, &snap, app.health, time::OffsetDateTime::now_utc()),
        _ if app.outbox.kind() == "postgres" => {
            (false, serde_json::json!({"status": "unhealthy", "reasons": ["the outbox database cannot be read"]}))
        }
        _ => (false, serde_json::json!({"status": "unhealthy", "reasons": ["the outbox folders cannot be read"]})),
    };
    body["sessions"] = serde_json::json!(app.sessions.len());
    let status = if ok { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    // Set when the site did not build at start and the previous build is being served.
    body["site_build_failed"] = serde_json::json!(app.build_failure);
    let mut resp = (status, axum::Json(body)).into_response();
    resp.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    resp
}

/// Refuses a form POST sent from another site (a forged request riding on a family's
/// cookie), by the browser's `Sec-Fetch-Site` and `Origin` headers. A request with neither
/// (an old browser, a test client) is let through: the CSRF token still guards it.
async fn same_origin_posts(State(app): State<App>, req: Request, next: Next) -> Response {
    if req.method() == Method::POST && !same_origin(req.headers(), &app.loaded.config.base_url) {
        tracing::warn!(path = %req.uri().path(), "refused a cross-site form post");
        return message_page(&app, lang_of(req.uri().path()), Message::CrossSite);
    }
    next.run(req).await
}

fn same_origin(h: &axum::http::HeaderMap, base_url: &str) -> bool {
    if let Some(site) = h.get("sec-fetch-site") {
        // "none": typed or bookmarked; "same-site" is another host of the same site, which
        // has no business posting here either.
        if !matches!(site.as_bytes(), b"same-origin" | b"none") {
            return false;
        }
    }
    let Some(origin) = h.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else { return true };
    let authority =
        |url: &str| url.split_once("://").map(|(_, rest)| rest.split('/').next().unwrap_or("").to_ascii_lowercase());
    let Some(from) = authority(origin) else { return false }; // "null": a sandboxed or opaque origin
    let host = h.get(header::HOST).and_then(|v| v.to_str().ok()).map(str::to_ascii_lowercase);
    host.as_deref() == Some(from.as_str()) || authority(base_url).as_deref() == Some(from.as_str())
}

/// The client a rate limit applies to: the connection's address, or, when that is one of
/// `[service] trusted_proxies`, the nearest address in `X-Forwarded-For` that is not a
/// trusted proxy (the proxy appends what it saw; anything further left the client wrote).
#[derive(Clone)]
pub(crate) struct ClientIp {
    trusted: Arc<Vec<Cidr>>,
}

impl ClientIp {
    pub(crate) fn of<T>(&self, req: &axum::http::Request<T>) -> Option<IpAddr> {
        let peer = req.extensions().get::<axum::extract::ConnectInfo<SocketAddr>>()?.0.ip();
        let trusted = |ip: IpAddr| self.trusted.iter().any(|c| c.contains(ip));
        if !trusted(peer) {
            return Some(peer);
        }
        let forwarded: Vec<IpAddr> = req
            .headers()
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map_while(|a| a.trim().parse().ok())
            .collect();
        Some(forwarded.into_iter().rev().find(|ip| !trusted(*ip)).unwrap_or(peer))
    }
}

/// Puts the client's address on a form request, for the limit on new sessions per network.
async fn client_addr(State(ip): State<ClientIp>, mut req: Request, next: Next) -> Response {
    if let Some(addr) = ip.of(&req) {
        req.extensions_mut().insert(forms::handlers::ClientAddr(addr));
    }
    next.run(req).await
}

impl tower_governor::key_extractor::KeyExtractor for ClientIp {
    type Key = IpAddr;
    fn extract<T>(&self, req: &axum::http::Request<T>) -> Result<IpAddr, tower_governor::GovernorError> {
        self.of(req).ok_or(tower_governor::GovernorError::UnableToExtractKey)
    }
}

/// Whether a request reached the public site over HTTPS, for the session cookie's `Secure`
/// and HSTS: always with `--secure` (the operator says a TLS terminator is in front);
/// otherwise when `base_url` is https and a trusted proxy says so (`X-Forwarded-Proto:
/// https` from an address in `trusted_proxies`), so a deployment behind a proxy is secure
/// without remembering the flag. Plain HTTP on loopback (the README's first command, the
/// tests) is left as it is: a `Secure` cookie would not come back over it.
#[derive(Clone)]
pub(crate) struct Tls {
    always: bool,
    https_base: bool,
    trusted: Arc<Vec<Cidr>>,
}

impl Tls {
    pub(crate) fn new(secure: bool, base_url: &str, trusted: &[Cidr]) -> Tls {
        Tls { always: secure, https_base: base_url.starts_with("https://"), trusted: Arc::new(trusted.to_vec()) }
    }

    fn over_tls<T>(&self, req: &axum::http::Request<T>) -> bool {
        if self.always {
            return true;
        }
        let peer = req.extensions().get::<axum::extract::ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
        self.https_base
            && peer.is_some_and(|ip| self.trusted.iter().any(|c| c.contains(ip)))
            && req
                .headers()
                .get("x-forwarded-proto")
                .and_then(|v| v.to_str().ok())
                // The proxy nearest the client writes the first value.
                .and_then(|v| v.split(',').next())
                .is_some_and(|p| p.trim().eq_ignore_ascii_case("https"))
    }
}

/// HSTS, and `Secure` on the session cookie, for a request that came over HTTPS.
async fn tls_headers(State(tls): State<Tls>, req: Request, next: Next) -> Response {
    let secure = tls.over_tls(&req);
    let mut resp = next.run(req).await;
    if secure {
        let h = resp.headers_mut();
        h.entry(header::STRICT_TRANSPORT_SECURITY).or_insert(HeaderValue::from_static("max-age=31536000"));
        let prefix = format!("{}=", crate::service::sessions::COOKIE);
        let cookies: Vec<HeaderValue> = h
            .get_all(header::SET_COOKIE)
            .iter()
            .map(|v| match v.to_str() {
                Ok(c) if c.starts_with(&prefix) && !c.split(';').any(|a| a.trim() == "Secure") => {
                    HeaderValue::from_str(&format!("{c}; Secure")).unwrap_or_else(|_| v.clone())
                }
                _ => v.clone(),
            })
            .collect();
        if !cookies.is_empty() {
            h.remove(header::SET_COOKIE);
            for c in cookies {
                h.append(header::SET_COOKIE, c);
            }
        }
    }
    resp
}

/// The warning `porth serve` logs at start when a public https site would be served
/// without `Secure` cookies or HSTS: `base_url` is https, the address is not loopback, and
/// neither `--secure` nor a trusted proxy (whose `X-Forwarded-Proto` would say https) is set.
pub(crate) fn insecure_warning(base_url: &str, addr: SocketAddr, secure: bool, trusted: &[Cidr]) -> Option<String> {
    (base_url.starts_with("https://") && !addr.ip().is_loopback() && !secure && trusted.is_empty()).then(|| {
        format!(
            "base_url is {base_url}, but porth serve listens on {addr} without --secure and without [service] trusted_proxies: \
             the session cookie is not marked Secure and no HSTS is sent. Behind a TLS terminator, start it with --secure, \
             or list the proxy in trusted_proxies and have it send X-Forwarded-Proto: https (docs/DEPLOYMENT.md)"
        )
    })
}

/// What every response carries, hyper's refusals included (`refusals`).
const SECURITY_HEADERS: &[(&str, &str)] = &[
    ("content-security-policy", CSP),
    ("x-content-type-options", "nosniff"),
    ("x-frame-options", "DENY"),
    ("referrer-policy", "same-origin"),
    ("cross-origin-opener-policy", "same-origin"),
    ("permissions-policy", "camera=(), microphone=(), geolocation=(), payment=()"),
];

const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

pub(crate) fn router(app: App, posts_per_minute: u32, burst: u32, secure: bool, service: &ServiceSettings) -> Router {
    use tower_governor::{GovernorLayer, governor::GovernorConfigBuilder};
    let governor = Arc::new(
        GovernorConfigBuilder::default()
            .key_extractor(ClientIp { trusted: Arc::new(service.trusted.clone()) })
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
    let client_ip = ClientIp { trusted: Arc::new(service.trusted.clone()) };
    let forms = forms::handlers::router(&app.loaded.forms, &app.loaded.config.langs)
        .layer(middleware::from_fn_with_state(client_ip, client_addr))
        .layer(GovernorLayer::new(governor))
        .layer(middleware::from_fn_with_state(app.clone(), same_origin_posts));
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
                if let Some(to) = area_filter(&cached, req.uri()) {
                    return Ok(axum::response::Redirect::to(&to).into_response());
                }
                // A one-language site has no chooser at `/`: the server sends its home page
                // with a permanent redirect (308); the built index.html's refresh is for
                // static hosts, which cannot.
                if req.uri().path() == "/"
                    && let [lang] = cached.loaded.config.langs[..]
                    && let Some(home) = cached.loaded.site.url("_index.md", lang)
                {
                    return Ok(axum::response::Redirect::permanent(home).into_response());
                }
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
    let header = |name: &'static str, value: &'static str| {
        SetResponseHeaderLayer::if_not_present(HeaderName::from_static(name), HeaderValue::from_static(value))
    };
    let router = Router::new()
        .route("/healthz", get(healthz))
        .merge(forms)
        .merge(crate::service::search::router(&app.loaded.config.langs))
        .merge(slashless(&app))
        .merge(crate::service::directory::router(&app.loaded.config.langs, app.loaded.directory.is_some()))
        .fallback_service(static_site)
        .layer(middleware::from_fn_with_state(app.clone(), crate::service::alerts::banners))
        .layer(middleware::from_fn(cache_headers))
        // A body that pauses too long, or takes too long in all, ends with an error the
        // handler turns into a page; the session lock it held is released.
        .layer(tower_http::timeout::RequestBodyTimeoutLayer::new(Duration::from_secs_f64(service.body_idle_secs)))
        .layer(tower_http::timeout::RequestBodyDeadlineLayer::new(Duration::from_secs_f64(service.body_deadline_secs)))
        // Outside the body limit, so its plain 413 becomes the friendly page too.
        .layer(RequestBodyLimitLayer::new(UPLOAD_LIMIT))
        // Inside `friendly_errors`, which knows the visitor's language and makes the page.
        .layer(crate::service::errors::catch_panics())
        .layer(middleware::from_fn_with_state(app.clone(), friendly_errors))
        .layer(CompressionLayer::new());
    let router = SECURITY_HEADERS.iter().fold(router, |router, (name, value)| router.layer(header(name, value)));
    let tls = Tls::new(secure, &app.loaded.config.base_url, &service.trusted);
    router.layer(middleware::from_fn_with_state(tls, tls_headers)).with_state(app)
}

/// The service's own pages typed without their last slash (`/en/search?q=school`, as
/// someone might write it in an e-mail) go to the page, with their query: the static pages
/// do the same for a folder.
fn slashless(app: &AppState) -> Router<App> {
    let mut r = Router::new();
    for &lang in &app.loaded.config.langs {
        let mut pages: Vec<String> = vec![crate::routes::search_url(lang).into()];
        if app.loaded.directory.is_some() {
            pages.push(crate::site::directory::Directory::results_url(lang).into());
        }
        // A form's first page, as a council's other pages may link to it.
        pages.extend(app.loaded.forms.list.iter().map(|f| f.start_url(lang)));
        for to in pages {
            let path = to.trim_end_matches('/').to_string();
            // (An address that cannot be a header, which `porth check` would not let a form
            // have, gets no redirect.)
            let Ok(plain) = HeaderValue::try_from(to.as_str()) else { continue };
            let redirect = move |axum::extract::RawQuery(query): axum::extract::RawQuery| async move {
                let with_query = query.filter(|q| !q.is_empty()).map(|q| format!("{to}?{q}"));
                // A query is as the client sent it: one that cannot be a header (bytes beyond
                // ASCII sent raw) goes to the page without it.
                let location = with_query.and_then(|to| HeaderValue::try_from(to).ok()).unwrap_or(plain);
                (StatusCode::PERMANENT_REDIRECT, [(header::LOCATION, location)])
            };
            r = r.route(&path, get(redirect));
        }
    }
    r
}

fn not_found_with(
    app: App,
) -> impl Fn(Request) -> std::pin::Pin<Box<dyn std::future::Future<Output = Response> + Send>> + Clone + Send + Sync + 'static
{
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
/// In watch mode the build also keeps what later partial rebuilds start from (`Preview`).
fn build_or_keep_previous(opts: &Options) -> Result<(build::Loaded, Option<String>, Option<Preview>)> {
    let mut links = opts.watch.then(build::LinkIndex::default);
    let built = build::load(&opts.root).and_then(|loaded| {
        Ok((
            build::build_loaded_keeping(&loaded, &opts.output, opts.now, std::time::Instant::now(), links.as_mut())?,
            loaded,
        ))
    });
    match built {
        Ok((summary, loaded)) => {
            let preview = links.map(|links| Preview::new(loaded.clone(), links, &opts.root, &opts.output, opts.now));
            for w in &summary.warnings {
                tracing::warn!("{w}");
            }
            tracing::info!(pages = summary.pages.values().sum::<usize>(), "site built into {}", opts.output.display());
            Ok((loaded, None, preview))
        }
        Err(e) if opts.output.join("index.html").exists() && !opts.watch => {
            let (loaded, _) = build::load_with_problems(&opts.root)
                .with_context(|| format!("the site did not build, and the forms cannot run without it: {e:#}"))?;
            // Every page's header and footer come from the home page.
            anyhow::ensure!(
                loaded.site.by_key.contains_key("_index.md"),
                "the site did not build, and without a home page the forms cannot run: {e:#}"
            );
            tracing::error!(
                "THE SITE DID NOT BUILD. Serving the previous build from {} until it is fixed:\n{e:#}",
                opts.output.display()
            );
            Ok((loaded, Some(format!("{e:#}")), None))
        }
        Err(e) => Err(e),
    }
}

/// What the router serves: a loaded site and the build in the output folder.
fn app_state(
    loaded: build::Loaded,
    lasting: &Lasting,
    opts: &Options,
    build_failure: Option<String>,
) -> Result<AppState> {
    let site_views = loaded.config.langs.iter().map(|&l| (l, build::site_view(&loaded, l, &mut vec![]))).collect();
    Ok(AppState {
        loaded,
        site_views,
        sessions: lasting.sessions.clone(),
        outbox: lasting.outbox.clone(),
        secure_cookies: opts.secure,
        public: opts.output.clone(),
        static_files: if opts.watch { StaticFiles::on_disk(&opts.output)? } else { StaticFiles::load(&opts.output)? },
        health: lasting.health,
        search: load_search(&opts.output).map(Arc::new),
        built_at: build_failure.is_none().then_some(opts.now),
        build_failure,
    })
}

pub(crate) async fn serve(opts: Options) -> Result<()> {
    let (mail, service) = crate::service::settings::load_all(&opts.root)?;
    let (loaded, build_failure, preview) = build_or_keep_previous(&opts)?;
    if let Some(w) = insecure_warning(&loaded.config.base_url, opts.addr, opts.secure, &service.trusted) {
        tracing::warn!("{w}");
    }
    let (shutdown_tx, shutdown_rx) = tokio::sync::watch::channel(false);
    let (outbox, worker) =
        crate::service::outbox::start(&loaded.config, &mail, &service.storage, loaded.renderer.clone(), shutdown_rx)?;
    let backlog = outbox.backlog();
    tracing::info!(pending = backlog.pending, failed = backlog.failed, backend = outbox.kind(), "outbox open");
    if let Some(days) = service.retention_days {
        spawn_purge(outbox.clone(), days);
    }
    let sessions_dir = opts.root.join(&service.sessions_dir);
    // With PostgreSQL, answers in progress are there too, so any instance can serve the
    // next page; only uploads being streamed in touch the local folder (its `spool/`).
    let store: Arc<dyn SessionStore> = match service.storage.sessions.unwrap_or(service.storage.backend) {
        StorageBackend::Files => Arc::new(FilesStore::open(&sessions_dir)?),
        StorageBackend::Postgres => {
            Arc::new(PgSessions::open(&service.storage.database_url()?, &service.storage, &sessions_dir.join("spool"))?)
        }
    };
    let sessions = Sessions::open(store, Duration::from_secs(opts.session_minutes * 60), service.max_sessions)
        .with_context(|| format!("failed to open the answers in progress in `{}`", sessions_dir.display()))?
        // New sessions per client network: two thirds of a client's posts a minute, after
        // three clients' bursts (20 and 60 with the defaults).
        .with_network_limit(f64::from(opts.posts_per_minute) * 2.0 / 3.0, f64::from(opts.burst) * 3.0);
    tracing::info!(sessions = sessions.len(), "answers in progress open");
    // What outlives a rebuild in watch mode: the outbox, the answers in progress, the limits.
    let lasting = Lasting { outbox, sessions: Arc::new(sessions), health: HealthLimits::new(&mail, &service) };
    let app = Arc::new(app_state(loaded, &lasting, &opts, build_failure)?);
    let sweeper = app.clone();
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(Duration::from_secs(60)).await;
            match sweeper.sessions.sweep().await {
                Ok(0) => {}
                Ok(gone) => tracing::debug!(sessions = gone, "expired answers deleted"),
                Err(e) => tracing::error!("sessions: sweeping expired answers failed: {e}"),
            }
        }
    });
    let mut served = router(app.clone(), opts.posts_per_minute, opts.burst, opts.secure, &service);
    if let Some(preview) = preview {
        let start = watch::Start {
            preview,
            served: app.clone(),
            lasting,
            output: opts.output.clone(),
            secure: opts.secure,
            now: opts.now,
        };
        let (per_minute, burst, secure, settings) = (opts.posts_per_minute, opts.burst, opts.secure, service.clone());
        let rebuilder =
            watch::Rebuilder::new(start, Box::new(move |app| router(app, per_minute, burst, secure, &settings)));
        served = watch::live((served, app.loaded.renderer.i18n.clone()), &opts.root, &opts.output, move |changed| {
            rebuilder.rebuild(changed)
        })?;
    }
    let listener =
        tokio::net::TcpListener::bind(opts.addr).await.with_context(|| format!("failed to listen on {}", opts.addr))?;
    tracing::info!("serving on http://{}", listener.local_addr()?);
    let refusals = refusals_of(&app).await;
    accept::serve_connections(listener, served, refusals, Duration::from_secs_f64(service.header_timeout_secs)).await;
    let _ = shutdown_tx.send(true);
    // Each lane stops after the message it is sending (at most one SMTP timeout).
    if tokio::time::timeout(Duration::from_secs_f64(mail.timeout_secs + 5.0), worker).await.is_err() {
        tracing::warn!("the delivery worker did not stop in time; what it had not sent stays in the outbox");
    }
    tracing::info!("stopped");
    Ok(())
}

/// The page that stands for hyper's empty refusal of a request it could not read, in each
/// of the site's languages (made once: the strings are the site's as it started).
async fn refusals_of(app: &AppState) -> Arc<refusals::Refusals> {
    let mut pages = vec![];
    for &lang in &app.loaded.config.langs {
        let page = message_page(app, Some(lang), Message::BadAddress).into_body();
        // A page in memory: reading it cannot fail or be long.
        let bytes = axum::body::to_bytes(page, usize::MAX).await.map(|b| b.to_vec()).unwrap_or_default();
        pages.push((lang, bytes));
    }
    let headers = SECURITY_HEADERS.iter().map(|(name, value)| format!("{name}: {value}\r\n")).collect();
    Arc::new(refusals::Refusals::new(pages, headers))
}

/// Deletes receipts and failed submissions past the retention period: now, then daily.
fn spawn_purge(outbox: Arc<Outbox>, days: u32) {
    tokio::spawn(async move {
        loop {
            let o = outbox.clone();
            match tokio::task::spawn_blocking(move || o.purge(days)).await {
                Ok(Ok(p)) if p.receipts + p.failed.len() + p.corrupt > 0 => {
                    tracing::info!(receipts = p.receipts, failed = ?p.failed, corrupt = p.corrupt, "outbox: purged what is older than {days} days");
                }
                Ok(Ok(_)) => {}
                Ok(Err(e)) => tracing::error!("outbox: purge failed: {e:#}"),
                Err(e) => tracing::error!("outbox: purge task failed: {e}"),
            }
            tokio::time::sleep(Duration::from_secs(24 * 60 * 60)).await;
        }
    });
}

/// The "sessions near me" form on a sessions page is a plain GET form (`?ardal=cwmteg` on
/// the Welsh page, `?area=cwmteg` on the English): this sends it to the area's page, which
/// the build wrote under the sessions page. An area that is not in config.toml, or a page
/// with no such area page, is served as it is, unfiltered.
fn area_filter(app: &AppState, uri: &axum::http::Uri) -> Option<String> {
    let path = uri.path();
    if !path.ends_with('/') {
        return None;
    }
    let key = form_urlencoded::parse(uri.query()?.as_bytes())
        .find(|(k, _)| k == "ardal" || k == "area")
        .map(|(_, v)| v.into_owned())?;
    let known = app.loaded.config.areas.contains_key(&key);
    (known && app.static_files.has(&format!("{path}{key}/index.html"))).then(|| format!("{path}{key}/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> axum::http::HeaderMap {
        pairs.iter().map(|(k, v)| (HeaderName::from_static(k), HeaderValue::from_static(v))).collect()
    }

    #[test]
    fn cross_site_posts_are_told_apart_from_the_sites_own() {
        let base = "https://teulu.example";
        assert!(same_origin(&headers(&[]), base), "no headers: the CSRF token decides");
        assert!(same_origin(&headers(&[("origin", "https://teulu.example"), ("sec-fetch-site", "same-origin")]), base));
        assert!(same_origin(&headers(&[("origin", "http://127.0.0.1:8080"), ("host", "127.0.0.1:8080")]), base));
        assert!(!same_origin(&headers(&[("origin", "https://evil.example"), ("host", "teulu.example")]), base));
        assert!(!same_origin(&headers(&[("origin", "null")]), base));
        assert!(!same_origin(&headers(&[("sec-fetch-site", "cross-site")]), base));
        assert!(!same_origin(&headers(&[("sec-fetch-site", "same-site"), ("origin", "https://teulu.example")]), base));
    }

    #[test]
    fn a_public_https_site_without_secure_or_a_trusted_proxy_is_warned_about() {
        let public: SocketAddr = "0.0.0.0:8080".parse().unwrap();
        let loopback: SocketAddr = "127.0.0.1:8080".parse().unwrap();
        let proxy = crate::service::settings::parse_proxies(&["10.0.0.0/8".to_string()]).unwrap();
        let https = "https://teulu.example";
        let w = insecure_warning(https, public, false, &[]).expect("warned");
        assert!(w.contains("--secure") && w.contains("trusted_proxies") && w.contains("X-Forwarded-Proto"), "{w}");
        assert!(insecure_warning(https, public, true, &[]).is_none(), "--secure");
        assert!(insecure_warning(https, public, false, &proxy).is_none(), "a trusted proxy");
        assert!(insecure_warning(https, loopback, false, &[]).is_none(), "loopback: the README's first command");
        assert!(insecure_warning("http://teulu.example", public, false, &[]).is_none(), "not an https site");
    }
}

#[cfg(test)]
mod errors_tests;
