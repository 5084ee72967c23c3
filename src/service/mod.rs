//! The form service: `server` (axum: the built site, the forms, `/healthz`), `state` (what
//! every handler shares), `pages` (the service's own error pages), `errors` (panics and
//! refusals made into those pages), `forms` (the pages of the site's forms, run by the
//! shared core `crate::forms`), `sessions` (answers in progress, on disk), `outbox`
//! (durable submissions and their delivery), `mail` (the two e-mails and their transport),
//! `submission` (what a family hands over, shared by the outbox and mail), `settings`
//! (`[mail]`, `[service]` and `[storage]` in config.toml), `reference` (submission
//! references), `db` (the PostgreSQL pool and migrations), `search` (the search pages), `alerts`
//! (alert banners filled in as pages are sent) and
//! `watch` (`serve --watch`). It uses the generator (`crate::site`) to load and render; the
//! generator never uses it.

pub(crate) mod alerts;
pub(crate) mod cli;
pub(crate) mod db;
pub(crate) mod directory;
#[cfg(test)]
mod docs_tests;
pub(crate) mod errors;
pub(crate) mod forms;
pub(crate) mod mail;
pub(crate) mod openreferral;
pub(crate) mod outbox;
pub(crate) mod pages;
pub(crate) mod reference;
pub(crate) mod search;
pub(crate) mod server;
pub(crate) mod sessions;
pub(crate) mod settings;
pub(crate) mod state;
pub(crate) mod static_files;
pub(crate) mod submission;
pub(crate) mod watch;
