//! Every word the site's pages use, stored once for the whole process: a page's entry keeps
//! its words as numbers into this table, so the build holds each word once rather than
//! every page's text until the index is written. Only ever grows (a rebuild in watch mode
//! adds an edit's new words), so a number, once given, always means the same word.

use std::cell::RefCell;
use std::sync::{Arc, LazyLock, Mutex};

#[derive(Default)]
struct Table {
    ids: rustc_hash::FxHashMap<Arc<str>, u32>,
    words: Vec<Arc<str>>,
}

static TABLE: LazyLock<Mutex<Table>> = LazyLock::new(Default::default);

/// A word's number, adding it to the table if it is new. Each thread keeps the numbers it
/// has looked up, so the shared table's lock is taken once per new word for the thread, not
/// for every word of every page (`forget_known` lets that copy go).
pub(crate) fn id(word: &str) -> u32 {
    KNOWN.with_borrow_mut(|known| {
        if let Some(&id) = known.get(word) {
            return id;
        }
        let (id, shared) = {
            let mut t = TABLE.lock().unwrap_or_else(|e| e.into_inner());
            match t.ids.get_key_value(word) {
                Some((w, &id)) => (id, w.clone()),
                None => {
                    let id = t.words.len() as u32;
                    let w: Arc<str> = word.into();
                    t.words.push(w.clone());
                    t.ids.insert(w.clone(), id);
                    (id, w)
                }
            }
        };
        known.insert(shared, id);
        id
    })
}

thread_local! {
    /// This thread's copy of the numbers it has looked up (the words themselves are the
    /// table's, shared).
    static KNOWN: RefCell<rustc_hash::FxHashMap<Arc<str>, u32>> = Default::default();
}

/// Lets this thread's copy of the numbers go (after a build's pages are rendered: the
/// table keeps them all).
pub(crate) fn forget_known() {
    KNOWN.with_borrow_mut(|known| *known = Default::default());
}

/// The table as it is now, to read pages' numbers back as words.
pub(crate) fn snapshot() -> Vec<Arc<str>> {
    TABLE.lock().unwrap_or_else(|e| e.into_inner()).words.clone()
}
