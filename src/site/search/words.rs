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
    let short = Short::of(word);
    if let Some(short) = short
        && let Some(id) = RECENT.with_borrow(|recent| recent.get(short))
    {
        return id;
    }
    let id = known_id(word);
    if let Some(short) = short {
        RECENT.with_borrow_mut(|recent| recent.put(short, id));
    }
    id
}

fn known_id(word: &str) -> u32 {
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
    /// The numbers of short words this thread looked up lately, in front of `KNOWN`.
    static RECENT: RefCell<Recent> = RefCell::new(Recent::default());
}

/// A word of at most 16 bytes as one number: its bytes, zero-padded (a word is letters and
/// digits, never a zero byte, so no two words share one). Only for `fold::words`' words.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Short(u128);

impl Short {
    fn of(word: &str) -> Option<Short> {
        let bytes = word.as_bytes();
        // A word is letters and digits (`fold::words`), never a zero byte.
        debug_assert!(!bytes.contains(&0));
        if bytes.is_empty() || bytes.len() > 16 {
            return None;
        }
        let (lo, hi) = bytes.split_at(bytes.len().min(8));
        Some(Short(u128::from(le(lo)) | (u128::from(le(hi)) << 64)))
    }

    fn slot(self) -> usize {
        let folded = (self.0 as u64) ^ ((self.0 >> 64) as u64).rotate_left(29);
        (folded.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - RECENT_BITS)) as usize
    }
}

/// Up to 8 bytes as a little-endian number, zero-padded, read with overlapping loads: a
/// copy into a padded buffer read back whole stalled every lookup on the processor's
/// store forwarding.
fn le(b: &[u8]) -> u64 {
    let n = b.len();
    let byte = |i: usize| u64::from(b[i]) << (8 * i);
    match n {
        0 => 0,
        1..=3 => byte(0) | byte(n / 2) | byte(n - 1),
        _ => {
            let first = u64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
            let last = u64::from(u32::from_le_bytes([b[n - 4], b[n - 3], b[n - 2], b[n - 1]]));
            first | (last << (8 * (n - 4)))
        }
    }
}

const RECENT_BITS: u32 = 12;

/// A small direct-mapped cache of short words' numbers: every word of every page is looked
/// up, and a page's words are mostly the same few thousand. A hit is one read of a table
/// that stays in the processor's cache, where `KNOWN` (every word the thread has seen, each
/// behind a pointer) measured a tenth of a large site's build, mostly waiting on memory.
struct Recent {
    slots: Box<[(Short, u32)]>,
}

impl Default for Recent {
    fn default() -> Recent {
        Recent { slots: vec![(Short(0), 0); 1 << RECENT_BITS].into_boxed_slice() }
    }
}

impl Recent {
    fn get(&self, word: Short) -> Option<u32> {
        // `Short(0)` is no word (a word has at least one non-zero byte), so an empty slot
        // never matches.
        let (w, id) = self.slots[word.slot()];
        (w == word).then_some(id)
    }

    fn put(&mut self, word: Short, id: u32) {
        self.slots[word.slot()] = (word, id);
    }
}

/// Lets this thread's copy of the numbers go (after a build's pages are rendered: the
/// table keeps them all).
pub(crate) fn forget_known() {
    KNOWN.with_borrow_mut(|known| *known = Default::default());
    RECENT.with_borrow_mut(|recent| *recent = Recent::default());
}

/// The table as it is now, to read pages' numbers back as words.
pub(crate) fn snapshot() -> Vec<Arc<str>> {
    TABLE.lock().unwrap_or_else(|e| e.into_inner()).words.clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_words_are_their_bytes_zero_padded() {
        for word in ["a", "ab", "abc", "abcd", "abcde", "abcdefg", "abcdefgh", "abcdefghi", "plentynabcdefghi", "ŵyr"]
        {
            let mut padded = [0u8; 16];
            padded[..word.len()].copy_from_slice(word.as_bytes());
            assert_eq!(Short::of(word).map(|s| s.0), Some(u128::from_le_bytes(padded)), "{word}");
        }
        assert!(Short::of("").is_none());
        assert!(Short::of("seventeen-letters").is_none());
    }

    #[test]
    fn a_word_keeps_its_number_through_the_recent_cache() {
        let words: Vec<String> = (0..20_000).map(|i| format!("w{i}")).collect();
        let first: Vec<u32> = words.iter().map(|w| id(w)).collect();
        let again: Vec<u32> = words.iter().rev().map(|w| id(w)).collect();
        assert!(first.iter().eq(again.iter().rev()));
        let table = snapshot();
        assert!(words.iter().zip(&first).all(|(w, &n)| &*table[n as usize] == w.as_str()));
    }
}
