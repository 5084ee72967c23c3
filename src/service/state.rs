//! What every handler shares, in one place: the loaded site (config, strings and templates,
//! content, forms), the site's per-language view for page templates, answers in progress,
//! the outbox, and the built site held in memory; and what outlives a rebuild in watch mode.

use crate::lang::Lang;
use crate::service::outbox::Outbox;
use crate::service::sessions::Sessions;
use crate::service::static_files::StaticFiles;
use crate::site::build::Loaded;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// What every handler shares.
pub(crate) struct AppState {
    pub(crate) loaded: Loaded,
    pub(crate) site_views: HashMap<Lang, tera::Value>,
    pub(crate) sessions: Arc<Sessions>,
    pub(crate) outbox: Arc<Outbox>,
    pub(crate) secure_cookies: bool,
    pub(crate) public: PathBuf,
    pub(crate) static_files: StaticFiles,
    /// When `/healthz` says something is wrong.
    pub(crate) health: HealthLimits,
    /// The site's search index; `None` if the built site has none (search then says so).
    pub(crate) search: Option<Arc<crate::site::search::Index>>,
    /// Why the site did not build at start, when the previous build is served instead.
    pub(crate) build_failure: Option<String>,
    /// The UK time the served pages were built for (their alert banners are the ones on
    /// then); `None` when it is not known (a previous build served after a failed one).
    pub(crate) built_at: Option<time::PrimitiveDateTime>,
}

pub(crate) type App = Arc<AppState>;

/// The limits `/healthz` judges by, from `[mail]` and `[service]`.
#[derive(Clone, Copy)]
pub(crate) struct HealthLimits {
    /// No heartbeat for this long: the worker is stuck or dead.
    pub(crate) stale_after: Duration,
    pub(crate) pending_alert: Duration,
}

impl HealthLimits {
    pub(crate) fn new(
        mail: &crate::service::settings::MailSettings,
        service: &crate::service::settings::ServiceSettings,
    ) -> HealthLimits {
        // Long enough for an idle wait, a retry wait and a send that times out twice.
        let secs = mail.poll_secs.max(mail.retry_max_secs) + 2.0 * mail.timeout_secs + 30.0;
        HealthLimits {
            stale_after: Duration::from_secs_f64(secs),
            pending_alert: Duration::from_secs_f64(service.pending_alert_minutes * 60.0),
        }
    }
}

/// What the router serves beyond the site, and outlives a rebuild in watch mode.
#[derive(Clone)]
pub(crate) struct Lasting {
    pub(crate) outbox: Arc<Outbox>,
    pub(crate) sessions: Arc<Sessions>,
    pub(crate) health: HealthLimits,
}

/// The built site's search index; without one the site is still served, and search says so.
pub(crate) fn load_search(public: &std::path::Path) -> Option<crate::site::search::Index> {
    let started = std::time::Instant::now();
    match crate::site::search::Index::load(public) {
        Ok(index) => {
            tracing::info!(
                cy = index.pages(Lang::Cy),
                en = index.pages(Lang::En),
                ms = started.elapsed().as_millis() as u64,
                "search index loaded"
            );
            Some(index)
        }
        Err(e) => {
            tracing::error!("search is unavailable: {e:#}");
            None
        }
    }
}
