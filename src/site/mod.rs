//! The generator: `content/`, `templates/`, `i18n/` and `forms/` become a site. The build
//! flows one way: `config` → load (`i18n`, `render`'s templates, `forms`, `content`) →
//! render (`markdown`, `events`, `dates`) → `check` links and anchors → write; `rebuild` runs
//! the same stages on the pages a change affects, for `serve --watch`. Nothing here knows
//! about the service.

pub(crate) mod alerts;
pub(crate) mod build;
pub(crate) mod check;
pub(crate) mod config;
pub(crate) mod contacts;
pub(crate) mod content;
pub(crate) mod context;
pub(crate) mod dates;
pub(crate) mod directory;
pub(crate) mod events;
pub(crate) mod i18n;
pub(crate) mod journeys;
pub(crate) mod markdown;
pub(crate) mod parity;
pub(crate) mod rebuild;
pub(crate) mod render;
pub(crate) mod review;
pub(crate) mod review_dates;
pub(crate) mod search;
pub(crate) mod teams;
