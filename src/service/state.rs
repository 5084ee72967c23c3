//! What every handler shares, in one place: the loaded site (config, strings and templates,
//! content, forms), the site's per-language view for page templates, answers in progress,
//! the outbox, and the built site held in memory.

use crate::lang::Lang;
use crate::service::forms::session::Sessions;
use crate::service::outbox::Outbox;
use crate::service::static_files::StaticFiles;
use crate::site::build::Loaded;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

/// What every handler shares.
pub(crate) struct AppState {
    pub(crate) loaded: Loaded,
    pub(crate) site_views: HashMap<Lang, tera::Value>,
    pub(crate) sessions: Sessions,
    pub(crate) outbox: Arc<Outbox>,
    pub(crate) secure_cookies: bool,
    pub(crate) public: PathBuf,
    pub(crate) static_files: StaticFiles,
    /// The site's search index; `None` if the built site has none (search then says so).
    pub(crate) search: Option<crate::site::search::Index>,
    /// Why the site did not build at start, when the previous build is served instead.
    pub(crate) build_failure: Option<String>,
}

pub(crate) type App = Arc<AppState>;

