//! One entry file, `directory/<slug>.md` (or `.cy.md`): TOML front matter in the shape
//! docs/DIRECTORY.md describes, then a Markdown description. Unknown keys are refused, so a
//! misspelt field is a problem with its line rather than a silently missing detail.

use crate::problems::{Problem, line_of};
use serde::{Deserialize, Serialize};
use std::path::Path;

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct EntryFile {
    pub(crate) name: String,
    pub(crate) summary: String,
    pub(crate) status: Status,
    pub(crate) reviewed: toml::value::Datetime,
    #[serde(default)]
    pub(crate) website: Option<String>,
    #[serde(default)]
    pub(crate) email: Option<String>,
    pub(crate) categories: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) needs: Vec<String>,
    pub(crate) areas: Vec<String>,
    pub(crate) languages: Vec<String>,
    pub(crate) referral: Referral,
    pub(crate) organisation: Organisation,
    #[serde(default, skip_serializing_if = "Eligibility::is_empty")]
    pub(crate) eligibility: Eligibility,
    pub(crate) cost: Cost,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) phones: Vec<Phone>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) locations: Vec<Location>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) schedules: Vec<Schedule>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub(crate) enum Status {
    #[serde(rename = "active")]
    Active,
    #[serde(rename = "inactive")]
    Inactive,
    #[serde(rename = "defunct")]
    Defunct,
    #[serde(rename = "temporarily closed")]
    TemporarilyClosed,
}

impl Status {
    /// The value Open Referral UK uses, which is also the file's.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::Inactive => "inactive",
            Status::Defunct => "defunct",
            Status::TemporarilyClosed => "temporarily closed",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Referral {
    // `Self` is a keyword: the variant cannot be named as its value is.
    #[allow(clippy::enum_variant_names)]
    #[serde(rename = "self")]
    SelfReferral,
    Professional,
    Either,
}

impl Referral {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Referral::SelfReferral => "self",
            Referral::Professional => "professional",
            Referral::Either => "either",
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Organisation {
    pub(crate) name: String,
    #[serde(default)]
    pub(crate) website: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Eligibility {
    #[serde(default)]
    pub(crate) min_age: Option<u8>,
    #[serde(default)]
    pub(crate) max_age: Option<u8>,
    #[serde(default)]
    pub(crate) description: Option<String>,
}

impl Eligibility {
    fn is_empty(&self) -> bool {
        self.min_age.is_none() && self.max_age.is_none() && self.description.is_none()
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Cost {
    pub(crate) free: bool,
    #[serde(default)]
    pub(crate) description: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Phone {
    pub(crate) number: String,
    #[serde(default)]
    pub(crate) description: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Location {
    pub(crate) name: String,
    pub(crate) address: String,
    pub(crate) postcode: String,
    #[serde(default)]
    pub(crate) accessibility: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Schedule {
    pub(crate) freq: String,
    pub(crate) byday: Vec<String>,
    pub(crate) opens_at: String,
    pub(crate) closes_at: String,
    #[serde(default)]
    pub(crate) valid_from: Option<toml::value::Datetime>,
    #[serde(default)]
    pub(crate) valid_to: Option<toml::value::Datetime>,
    #[serde(default)]
    pub(crate) description: Option<String>,
}

/// An entry file read: its fields, its Markdown body and the text of its front matter
/// (kept so later checks can point at the line a value is on).
#[derive(Debug, Clone)]
pub(crate) struct Parsed {
    pub(crate) fields: EntryFile,
    pub(crate) body: String,
    pub(crate) front: String,
}

impl Parsed {
    /// The file line on which `needle` first appears in the front matter (the line of a
    /// value a check found wrong); 1 when it cannot be found.
    pub(crate) fn line_of(&self, needle: &str) -> usize {
        self.front.find(needle).map(|i| line_of(&self.front, i) + 1).unwrap_or(1)
    }

    /// The line of `key = …` (first occurrence at the start of a line), or of `[table]`.
    pub(crate) fn line_of_key(&self, key: &str) -> usize {
        for (i, l) in self.front.split_inclusive('\n').enumerate() {
            let t = l.trim_start();
            if t.strip_prefix(key).is_some_and(|r| r.trim_start().starts_with('=') || r.starts_with(']')) {
                return i + 2;
            }
        }
        1
    }
}

/// Reads an entry file's text. A file that is not TOML in this shape gives one problem, at
/// the line of the first mistake.
pub(crate) fn parse(text: &str, file: &Path) -> Result<Parsed, Problem> {
    let (front, body, _) = crate::site::content::split_front_matter(text, file)?;
    let fields = toml::from_str::<EntryFile>(front).map_err(|e| {
        // +1: the opening `+++` line.
        let line = e.span().map(|s| line_of(front, s.start) + 1).unwrap_or(1);
        let msg = e.message().trim().to_string();
        let fix = if msg.starts_with("unknown field") || msg.starts_with("unknown variant") {
            "see docs/DIRECTORY.md, \"An entry\", for the fields and values an entry can have".to_string()
        } else if let Some(missing) = msg.strip_prefix("missing field ") {
            format!("add {} (see docs/DIRECTORY.md, \"An entry\")", missing.trim_matches('`'))
        } else {
            "the front matter is TOML: check quotes, dates (2026-11-23) and that each key appears once".to_string()
        };
        Problem::new(file, line, format!("directory entry: {msg}"), fix)
    })?;
    Ok(Parsed { fields, body: body.to_string(), front: front.to_string() })
}
