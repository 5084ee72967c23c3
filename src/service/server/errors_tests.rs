//! The whole router against what can go wrong below the pages (`service::errors`): a
//! panicking handler, and refusals by the framework, each answered with the service's own
//! page in the visitor's language.

use crate::lang::Lang;
use crate::service::outbox::Outbox;
use crate::service::sessions::files::FilesStore;
use crate::service::sessions::{self, SessionId, Sessions};
use crate::service::settings::ServiceSettings;
use crate::service::state::{App, AppState, HealthLimits};
use crate::service::static_files::StaticFiles;
use crate::site::build;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode, header};
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use tower::ServiceExt;

/// The service for a site, its forms changed by `spoil` after loading, as a form the
/// loader would refuse: no form file can make these shapes, so only this can.
fn app(root: &Path, dir: &Path, spoil: impl FnOnce(&mut build::Loaded)) -> App {
    let mut loaded = build::load(root).unwrap();
    spoil(&mut loaded);
    let site_views = loaded.config.langs.iter().map(|&l| (l, build::site_view(&loaded, l, &mut vec![]))).collect();
    let store = Arc::new(FilesStore::open(&dir.join("sessions")).unwrap());
    std::fs::create_dir_all(dir.join("public")).unwrap();
    Arc::new(AppState {
        loaded,
        site_views,
        sessions: Arc::new(Sessions::open(store, Duration::from_secs(3600), 10).unwrap()),
        outbox: Arc::new(Outbox::open(&dir.join("outbox")).unwrap()),
        secure_cookies: false,
        public: dir.join("public"),
        static_files: StaticFiles::on_disk(&dir.join("public")).unwrap(),
        health: HealthLimits { stale_after: Duration::from_secs(60), pending_alert: Duration::from_secs(60) },
        search: None,
        build_failure: None,
        built_at: None,
    })
}

async fn send(app: &App, req: Request<Body>) -> (StatusCode, String) {
    let mut req = req;
    req.extensions_mut().insert(ConnectInfo(SocketAddr::from(([127, 0, 0, 1], 40000))));
    let router = super::router(app.clone(), 60, 10, false, &ServiceSettings::default());
    let resp = router.oneshot(req).await.unwrap();
    let status = resp.status();
    let body = axum::body::to_bytes(resp.into_body(), usize::MAX).await.unwrap();
    (status, String::from_utf8_lossy(&body).into_owned())
}

/// A POST into a form whose pages have no address in either language (the loader refuses
/// that; here it is made by hand), which panics in the engine: the family gets the
/// service's error page in their language with the team's phone number and a reference
/// that is in the log, and the new session's place under the cap is given back.
#[tokio::test]
async fn a_panic_in_a_handler_is_the_error_page_in_the_visitors_language_and_frees_the_session() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let app = app(root, dir.path(), |loaded| {
        for form in &mut loaded.forms.list {
            for page in &mut form.pages {
                page.slug.clear();
            }
        }
    });
    let form = app.loaded.forms.list.iter().find(|f| f.id.as_str() == "home-education").unwrap();
    for (lang, title) in [(Lang::Cy, "mae problem gyda"), (Lang::En, "Sorry, there is a problem with the service")] {
        let id = SessionId::random();
        let cookie = sessions::cookie_header(&id, false);
        let cookie = cookie.split(';').next().unwrap().to_string();
        let body = format!("_csrf={}&child-first-name=Alaw", app.sessions.csrf(&id));
        let req = Request::post(format!("{}anything", form.start_url(lang)))
            .header(header::COOKIE, cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap();
        let (status, html) = send(&app, req).await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert!(html.contains(title), "{lang}: {html}");
        let phone = app.loaded.config.council_for(lang).get("phone").cloned().unwrap();
        assert!(html.contains(&phone), "{lang}: the team's phone number: {html}");
        assert!(html.contains("ERR-"), "{lang}: a reference to give: {html}");
        assert!(!html.contains("panicked"), "{html}");
        assert_eq!(app.sessions.len(), 0, "the reservation was given back as the request unwound");
    }
}

/// What axum would answer in plain text (a repeated or malformed query parameter, a form
/// body of the wrong type) is the service's own page in the visitor's language.
#[tokio::test]
async fn refusals_by_the_framework_are_the_services_own_pages() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let app = app(root, dir.path(), |_| {});
    for (uri, lang_title) in [
        ("/en/search/?q=a&q=b", "This address could not be read"),
        ("/cy/chwilio/?q=a&q=b", "Nid oedd modd darllen y cyfeiriad hwn"),
    ] {
        let (status, html) = send(&app, Request::get(uri).body(Body::empty()).unwrap()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}");
        assert!(html.contains(lang_title), "{uri}: {html}");
        assert!(!html.contains("Failed to deserialize"), "{uri}: {html}");
    }
    // A method the address does not take: axum's reply has no body at all.
    let req = Request::delete("/en/search/").body(Body::empty()).unwrap();
    let (status, html) = send(&app, req).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(html.contains("This address could not be read"), "{html}");
    // A form page posted as something other than a form.
    let form = app.loaded.forms.list.iter().find(|f| f.id.as_str() == "aln").unwrap();
    let req = Request::post(format!("{}who", form.start_url(Lang::Cy)))
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::COOKIE, format!("{}={}", sessions::COOKIE, SessionId::random().as_str()))
        .body(Body::from("{}"))
        .unwrap();
    let (status, html) = send(&app, req).await;
    assert!(status.is_client_error(), "{status}");
    assert!(html.contains("<html lang=\"cy\""), "in Welsh: {html}");
}

/// On the English-only site there is no Welsh: `/cy/chwilio/` (with or without a query) is
/// the site's own 404 page, not a panic or a "no strings loaded" 500.
#[tokio::test]
async fn a_language_the_site_does_not_have_is_the_404_page() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("sites/england");
    let dir = tempfile::tempdir().unwrap();
    let app = app(&root, dir.path(), |_| {});
    std::fs::create_dir_all(dir.path().join("public/en")).unwrap();
    std::fs::write(dir.path().join("public/en/404.html"), "<h1>Page not found</h1>").unwrap();
    for uri in ["/cy/chwilio/", "/cy/chwilio/?q=addysg", "/cy/ffurflenni/", "/cy/"] {
        let (status, html) = send(&app, Request::get(uri).body(Body::empty()).unwrap()).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{uri}: {html}");
        assert!(html.contains("Page not found"), "{uri}: the site's own 404 page: {html}");
    }
    // The English search is still there.
    let (status, _) = send(&app, Request::get("/en/search/?q=a&q=b").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

/// A page that needs a string the site does not have (a form whose strings were never
/// written: its prefix changed by hand, which `porth check` would refuse) is the error
/// page, never a page with the key, an empty heading or Fluent's error text in it.
#[tokio::test]
async fn a_page_needing_a_missing_string_is_the_error_page() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let app = app(root, dir.path(), |loaded| {
        for form in &mut loaded.forms.list {
            form.prefix = "zzz".into();
        }
    });
    let form = app.loaded.forms.list.iter().find(|f| f.id.as_str() == "home-education").unwrap();
    for (lang, title) in [(Lang::Cy, "mae problem gyda"), (Lang::En, "Sorry, there is a problem with the service")] {
        let (status, html) = send(&app, Request::get(form.start_url(lang)).body(Body::empty()).unwrap()).await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{lang}");
        assert!(html.contains(title), "{lang}: {html}");
        assert!(!html.contains("zzz-") && !html.contains("Fluent"), "{lang}: no key or marker: {html}");
    }
}
