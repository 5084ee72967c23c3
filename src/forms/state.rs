//! A form's answers so far, as the engine reads them and the service's sessions keep them:
//! the values given on each page instance, how many items a repeat group has, the documents
//! attached, and whether the hidden honeypot field was filled. Plain data, so the same
//! rules run in `porth check`'s walk and in a family's session.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What one field was given: several values for checkboxes, one for everything else.
pub(crate) type Values = BTreeMap<String, Vec<String>>;

/// A document attached to a form: checked when it arrived, its bytes kept by the store
/// (under `stored`), never in memory.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Upload {
    pub(crate) file_name: String,
    pub(crate) content_type: String,
    pub(crate) size: u64,
    /// The store's name for the bytes (`SessionStore::new_upload`).
    pub(crate) stored: String,
}

/// One form's answers so far.
#[derive(Default, Clone, Debug, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct FormState {
    /// Per page instance: "parent", or "child#2" for a page asked once per child.
    pub(crate) pages: BTreeMap<String, Values>,
    /// How many items the form's repeat group has, under the name its form file gives them
    /// (`"children": 2` on the home-education form, `"support": 3` on the EHC request; read
    /// with `engine::items`). Sessions saved before items were named have `"children"` for
    /// every form, which lands here too and is read as the count until the next change.
    #[serde(flatten)]
    pub(crate) items: BTreeMap<String, usize>,
    pub(crate) uploads: Vec<Upload>,
    /// Someone (or something) filled in the hidden "leave this blank" field.
    pub(crate) suspect: bool,
}

impl FormState {
    pub(crate) fn page(&self, key: &str) -> Option<&Values> {
        self.pages.get(key)
    }

    /// The first value a field was given on a page instance, or "".
    pub(crate) fn value(&self, page: &str, field: &str) -> &str {
        self.pages.get(page).and_then(|v| v.get(field)).and_then(|v| v.first()).map(String::as_str).unwrap_or("")
    }
}
