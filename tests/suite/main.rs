//! Porth's integration tests: one test binary with a module per area (one link on two
//! cores instead of eleven, as mdBook's `tests/testsuite/`). Each module drives the real
//! `porth` binary, or reads the source, with the real parts it needs: an SMTP server over
//! TCP, a throwaway PostgreSQL, fixture sites. Shared helpers are in `common/`.
//!
//! Run one area with a filter: `cargo test --test suite postgres::`.

mod common;

mod architecture;
mod contacts;
mod directory;
mod editors;
mod england;
mod export;
mod forms;
mod migrate;
mod outbox;
mod postgres;
mod search;
mod service_resilience;
mod sessions;
mod site;
mod watch;
