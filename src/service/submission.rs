//! What a family hands over when they submit a form: their answers as a caseworker reads
//! them, the structured data, and their files. The web half builds it, the outbox stores
//! it, and `mail` writes the two e-mails from it; it lives here, apart from both, so that
//! neither the outbox nor the mail code depends on the other for it. The serialized form is
//! what the outbox stores (`submission.json`, or the `submission` column), so a change here
//! is a change of storage format.

use crate::forms::FormId;
use crate::lang::Lang;
use crate::service::reference::Reference;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

// `2027-02-15` on disk, rather than time's default `[2027, 46]`.
time::serde::format_description!(iso_date, Date, "[year]-[month]-[day]");

/// One person's answers, as the web half hands them over. Never `Debug`-printed or logged:
/// only `reference` goes into logs.
#[derive(Clone, Serialize, Deserialize)]
pub(crate) struct Submission {
    pub(crate) reference: Reference,
    pub(crate) form: FormId,
    /// The language the sender used; the acknowledgement is written in it.
    pub(crate) lang: Lang,
    /// The language the sender asked to be written to in, where the form asks; the
    /// acknowledgement follows it (Welsh Language Standards: correspondence is in the
    /// language the person chose), else `lang`.
    #[serde(default)]
    pub(crate) reply_lang: Option<Lang>,
    /// The form's own team inbox when it was accepted; `[mail] team_address` if none.
    #[serde(default)]
    pub(crate) team_address: Option<String>,
    /// The phone number of the team that answers this form (its `contact_phone`), for the
    /// acknowledgement; the council's general number if none.
    #[serde(default)]
    pub(crate) team_phone: Option<String>,
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
    /// Whom the form is about, as typed (the children's names): the team e-mail's summary.
    #[serde(default)]
    pub(crate) concerns: Vec<String>,
    /// The answers that say which route the form takes (who is asking, what is asked).
    #[serde(default)]
    pub(crate) route: Vec<AnswerRow>,
    /// What the acknowledgement tells the sender to do next, from their answers.
    #[serde(default)]
    pub(crate) notes: Vec<Note>,
    /// The sender ticked "Send me a copy of my answers": the acknowledgement carries them
    /// (never the files).
    #[serde(default)]
    pub(crate) copy: bool,
    /// Someone (or a bot) filled in the hidden "leave this blank" field: the team e-mail
    /// says so first, and no acknowledgement is sent.
    #[serde(default)]
    pub(crate) suspect: bool,
    /// The structured answers, attached as JSON for import into case management.
    pub(crate) data: serde_json::Value,
    pub(crate) attachments: Vec<Attachment>,
    /// Which session's Send this is, as a key only the server can make
    /// (`Sessions::sender_key`), never the session id itself (which would open the
    /// session). Stored with the submission in the same step, so a Send retried after a
    /// crash between storing and replying, on any instance, finds it and is not stored twice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) sender: Option<String>,
}

#[derive(Clone, Serialize, Deserialize)]
pub(crate) struct AnswerSection {
    /// Fluent key of the section heading.
    pub(crate) title_key: String,
    /// For a section asked once per child: the child's number and name ("2: Bryn Jones").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) subject: Option<String>,
    pub(crate) rows: Vec<AnswerRow>,
}

#[derive(Clone, Serialize, Deserialize)]
pub(crate) struct AnswerRow {
    /// Fluent key of the question, as the forms define it.
    pub(crate) label_key: String,
    /// The answer as shown on the check-your-answers page (plain text; may be multi-line).
    pub(crate) value: String,
    /// A choice or a date in each of the site's languages, so a team member reading either
    /// can read it ("Ydy" / "Yes"); empty for free text, which is shown as typed.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub(crate) translated: BTreeMap<Lang, String>,
}

#[derive(Clone, Serialize, Deserialize)]
pub(crate) struct Attachment {
    pub(crate) file_name: String,
    pub(crate) content_type: String,
    /// Stored beside `submission.json` as `attachment-<n>`, not inside it.
    #[serde(skip)]
    pub(crate) bytes: Vec<u8>,
}

/// One thing to tell the sender to do next (a form's `[[next]]`): a string key and its
/// arguments, kept rather than the text so the confirmation page can show it in either
/// language and the acknowledgement in the one they chose.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Note {
    pub(crate) key: String,
    #[serde(default)]
    pub(crate) args: BTreeMap<String, NoteArg>,
}

/// An argument of a note: a date (written in the reader's language) or text as typed.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(untagged)]
pub(crate) enum NoteArg {
    Date {
        #[serde(with = "iso_date")]
        date: time::Date,
    },
    Text(String),
}

impl Note {
    /// The note's arguments in one language: dates written out, text as typed. A missing
    /// string is never shown as its key: a page goes through `I18n::text_args` (the page is
    /// replaced by the error page), an e-mail through `I18n::t` (it stays in the outbox);
    /// `porth check` reports a missing one before a deploy.
    pub(crate) fn args(&self, lang: Lang) -> Vec<(&str, crate::site::i18n::Arg)> {
        use crate::site::i18n::Arg;
        self.args
            .iter()
            .map(|(k, v)| {
                let v = match v {
                    NoteArg::Date { date } => crate::site::dates::date(lang, *date),
                    NoteArg::Text(t) => t.clone(),
                };
                (k.as_str(), Arg::Str(v))
            })
            .collect()
    }
}
