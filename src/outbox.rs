//! The durable outbox between the web forms and e-mail. A submission is on disk (fsynced)
//! before the sender sees the confirmation page; a background worker then sends the team
//! e-mail and the sender's acknowledgement, each exactly once, and deletes the personal
//! data when both are delivered, keeping only a receipt.
//!
//! Layout under `outbox_dir` (all 0700 folders, 0600 files):
//! - `pending/<REF>/submission.json`, `pending/<REF>/attachment-<n>`, `pending/<REF>/state.json`
//! - `failed/<REF>/…`: the same, after a permanent (5xx) refusal; `porth outbox retry` moves it back
//! - `receipts/<REF>.json`: reference, form, times, status; no personal data
//! - `tmp/`: half-written submissions, never read

use crate::lang::Lang;
use crate::reference::Reference;
use serde::{Deserialize, Serialize};

// `2027-02-15` on disk, rather than time's default `[2027, 46]`.
time::serde::format_description!(iso_date, Date, "[year]-[month]-[day]");

#[derive(Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Debug, Hash)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum FormKind {
    HomeEducation,
    Aln,
}

impl FormKind {
    /// Reference prefix: ADdC (Addysg Ddewisol yn y Cartref) and ADY (Anghenion Dysgu
    /// Ychwanegol), the abbreviations the council's team already uses in both languages.
    pub(crate) fn reference_prefix(self) -> &'static str {
        match self {
            FormKind::HomeEducation => "ADC",
            FormKind::Aln => "ADY",
        }
    }

    pub(crate) fn from_prefix(prefix: &str) -> Option<FormKind> {
        match prefix {
            "ADC" => Some(FormKind::HomeEducation),
            "ADY" => Some(FormKind::Aln),
            _ => None,
        }
    }

    /// Used in file names, receipts and Fluent keys (`email-form-home-education`).
    pub(crate) fn slug(self) -> &'static str {
        match self {
            FormKind::HomeEducation => "home-education",
            FormKind::Aln => "aln",
        }
    }
}

/// One person's answers, as the web half hands them over. Never `Debug`-printed or logged:
/// only `reference` goes into logs.
#[derive(Clone, Serialize, Deserialize)]
pub(crate) struct Submission {
    pub(crate) reference: Reference,
    pub(crate) form: FormKind,
    /// The language the sender used; the acknowledgement is written in it.
    pub(crate) lang: Lang,
    #[serde(with = "time::serde::rfc3339")]
    pub(crate) submitted_at: time::OffsetDateTime,
    /// The statutory date a response is due, if the form has one (ALN); shown in the team
    /// e-mail's subject.
    #[serde(default, with = "iso_date::option")]
    pub(crate) due: Option<time::Date>,
    /// Fluent key (defined by the forms) naming the rule behind `due`, e.g. "12 weeks: the
    /// council decides and prepares an IDP".
    pub(crate) due_key: Option<String>,
    /// Validated by the web half; the only user input that goes into a header (To:).
    pub(crate) sender_email: Option<String>,
    /// The answers as a caseworker reads them, in order.
    pub(crate) sections: Vec<AnswerSection>,
    /// The structured answers, attached as JSON for import into case management.
    pub(crate) data: serde_json::Value,
    pub(crate) attachments: Vec<Attachment>,
}

#[derive(Clone, Serialize, Deserialize)]
pub(crate) struct AnswerSection {
    /// Fluent key of the section heading.
    pub(crate) title_key: String,
    pub(crate) rows: Vec<AnswerRow>,
}

#[derive(Clone, Serialize, Deserialize)]
pub(crate) struct AnswerRow {
    /// Fluent key of the question, as the forms define it.
    pub(crate) label_key: String,
    /// The answer as shown on the check-your-answers page (plain text; may be multi-line).
    pub(crate) value: String,
}

#[derive(Clone, Serialize, Deserialize)]
pub(crate) struct Attachment {
    pub(crate) file_name: String,
    pub(crate) content_type: String,
    /// Stored beside `submission.json` as `attachment-<n>`, not inside it.
    #[serde(skip)]
    pub(crate) bytes: Vec<u8>,
}

mod store;
mod worker;

pub(crate) use store::Outbox;
pub(crate) use worker::{deliver_pending, start};

#[cfg(test)]
mod tests;
