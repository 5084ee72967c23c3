//! Every word the site's pages use, stored once for the whole process: a page's entry keeps
//! its words as numbers into this table, so the build holds each word once rather than
//! every page's text until the index is written. Only ever grows (a rebuild in watch mode
//! adds an edit's new words), so a number, once given, always means the same word.

use std::sync::{Arc, LazyLock, Mutex};

#[derive(Default)]
struct Table {
    ids: rustc_hash::FxHashMap<Arc<str>, u32>,
    words: Vec<Arc<str>>,
}

static TABLE: LazyLock<Mutex<Table>> = LazyLock::new(Default::default);

/// The numbers of these words, adding those the table does not have. One lock per page.
pub(crate) fn ids(words: &[&str]) -> Vec<u32> {
    let mut t = TABLE.lock().unwrap_or_else(|e| e.into_inner());
    words
        .iter()
        .map(|w| {
            if let Some(&id) = t.ids.get(*w) {
                return id;
            }
            let id = t.words.len() as u32;
            let w: Arc<str> = (*w).into();
            t.words.push(w.clone());
            t.ids.insert(w, id);
            id
        })
        .collect()
}

/// The table as it is now, to read pages' numbers back as words.
pub(crate) fn snapshot() -> Vec<Arc<str>> {
    TABLE.lock().unwrap_or_else(|e| e.into_inner()).words.clone()
}
