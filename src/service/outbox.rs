//! The durable outbox between the web forms and e-mail. A submission is on disk (fsynced)
//! before the sender sees the confirmation page; a background worker then sends the team
//! e-mail and the sender's acknowledgement (at least once, each with a stable Message-ID;
//! see `worker` for exactly when a copy can be sent twice), and deletes the personal data
//! when both are delivered, keeping only a receipt.
//!
//! Layout under `outbox_dir` (all 0700 folders, 0600 files):
//! - `pending/<REF>/submission.json`, `pending/<REF>/attachment-<n>`, `pending/<REF>/state.json`
//! - `failed/<REF>/…`: the same, after a permanent (5xx) refusal; `porth outbox retry` moves it back
//! - `receipts/<REF>.json`: reference, form, times, status; no personal data
//! - `corrupt/<name>` and `corrupt/<name>.reason`: pending entries that could not be read,
//!   set aside so they do not hold up the others
//! - `tmp/`: half-written submissions, never read, deleted when `porth serve` starts
//! - `worker.lock`: held by the one process delivering

// The types live in `service::submission`; the form engine still names them through here.
pub(crate) use crate::service::submission::{AnswerRow, AnswerSection, Attachment, Submission};

mod store;
mod worker;

pub(crate) use store::Outbox;
pub(crate) use store::Snapshot;
pub(crate) use worker::{deliver_pending, start};

#[cfg(test)]
mod tests;
