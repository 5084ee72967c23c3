//! Helpers shared by the integration tests (and, by `#[path]`, the outbox unit tests).
pub mod outbox_site;
pub mod pg;
pub mod serve;
pub mod smtp;
