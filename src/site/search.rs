//! Site search that understands Welsh, served without JavaScript. `porth build` writes
//! `search-index.bin` from the rendered pages (what `extract` reads from each: title,
//! section, headings, the text of `<main>`), so the index can never disagree with the site;
//! `porth serve` loads it and answers queries. Words become terms through `fold` (Welsh
//! mutations and accents, English stemming); the glossary's abbreviations and their
//! expansions, in both languages, become synonyms. Ranking is BM25 over title, headings and
//! body, weighted, with a penalty for query words a page does not have, then lifted for a
//! title that says the query (its section's name read as part of it; most for a section's
//! listing, whose title also says the words that ask for a list: "list", "rhestr") and a
//! heading that asks it (not a glossary entry's, which defines a term in a line, nor one
//! whose part of the page hands it to another page by linking to it in its words; an
//! English heading's anchor adds its words to the heading); a query of nouns is read by its
//! head (English last, Welsh first); a query word typed run together with another is read
//! as two, and an abbreviation the site never writes as the words of a title it is the
//! initials of ("CAMHS"); a query in the other language's words is answered with this
//! language's pages (`rank`).
//!
//! The file is compact and binary (`file`), because at 20,000 pages the JSON of every
//! page's text was 131 MB and took 3.4 s and 230 MiB to load. Per language it holds the page
//! table (address, title, section, a short excerpt, its title's initials, which an
//! abbreviation the site never writes is read against, the other language's page, whether
//! it is a section's listing, its weighted length, and its title's and headings' terms as
//! term numbers, which the title and heading lifts need), an `fst` map from each term to its
//! term number and where its postings start, and the postings: page numbers as differences
//! and weighted term frequencies, as varints. The weights (title 5, section and headings one
//! more than the body) are whole numbers, so a posting is exact and the ranking is the same
//! as when the index held the text. Glossary synonyms are found in the text when the file
//! is written, so their postings are there too; the groups themselves are at the head of
//! the file for queries. The body text is not kept: a result's snippet is cut from the page
//! itself, read from the output folder for the twenty results shown, or from the excerpt
//! when the page is not there (an index built in memory, in tests).
//!
//! A page's entry, taken as each page is rendered and kept until the index is written, is
//! small: its words as numbers into a table of the site's words (`words`), since the
//! glossary's synonyms, which need the words in order, are known only once every page is.
//!
//! Why a small index and not tantivy: the part that matters (Welsh folding) would be ours
//! with tantivy too, as a token filter; tantivy 0.27 would add 60 crates to the build
//! (zstd's C library among them; 151 in its graph) and took 318 s of CPU to compile cold
//! here, more than all of Porth; its segments, schema and query parser buy nothing a
//! council's site needs. `fst` is one small crate with no dependencies. Figures in
//! BENCHMARKS.md.

mod extract;
mod file;
pub(crate) mod fold;
mod words;

use crate::lang::Lang;
use anyhow::{Context as _, Result};
use file::{In, Out};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where the index is written, under the output folder.
pub(crate) const INDEX_FILE: &str = "search-index.bin";
/// Bumped when the file's shape changes, so an old file is rebuilt rather than misread.
const VERSION: u32 = 4;
/// How much of a page's body the index keeps, for a snippet when the page cannot be read.
const EXCERPT: usize = 120;

/// Terms in query words a parent may type that the glossary does not spell out.
const EXTRA_SYNONYMS: &[(&str, &str)] = &[
    ("EHCP", "EHC plan"),
    ("SENCO", "SENCo"),
    ("ALNCO", "ALNCo"),
    // What families and the site's own titles call elective home education.
    ("addysg yn y cartref", "addysg ddewisol yn y cartref"),
    ("home education", "elective home education"),
    ("home schooling", "elective home education"),
    ("homeschooling", "elective home education"),
    ("addysgu gartref", "addysg ddewisol yn y cartref"),
    // The old system's name, as parents still say it.
    ("special needs", "special educational needs"),
    ("anghenion arbennig", "anghenion addysgol arbennig"),
    // A drop-in, as parents say it: the session. (Welsh says "galw heibio" of the sessions
    // and, as a verb, of calling in, so it is left to its words.)
    ("drop-in", "drop-in session"),
];

/// Glossary abbreviations that spell an everyday word: "SEND" (England's special educational
/// needs and disabilities) is the verb "send" in lower case. Like "ALl" (a stop word), such
/// an abbreviation is matched only as written, in capitals, on a page and in a query, and a
/// query that writes it so means the abbreviation, not the word (`Index::query_words`).
const ORDINARY_ABBREVIATIONS: &[&str] = &["SEND"];

/// Groups of ways of saying one thing that the glossary has no entry for: a parent asking
/// for a deadline asks how long they have, and the pages answer "how long"; a parent who
/// wants to phone or email asks for the page that says how to contact the council, which
/// says "contact" where they say "phone". ("Call" and "galw" are not among them: the pages
/// say "called" for naming, and "galw heibio" is a drop-in.) And a parent asks about their
/// son or daughter, where the pages say "your child", and for a nursery, where a service
/// calls itself a playgroup; and to deregister, where the pages say "off the school roll";
/// and in Welsh to return ("dychwelyd") to school, where the pages say "mynd yn ôl"; and
/// to apply for something, where the pages say how to ask for it; and of another language
/// spoken at home, where the pages say a different one; and to book a place, where the
/// pages say whether to book; and to reconsider, where the headings say "look again".
const EXTRA_GROUPS: &[&[&str]] = &[
    &[
        "deadline",
        "time limit",
        "how long",
        "by when",
        "dyddiad cau",
        "terfyn amser",
        "faint o amser",
        "pa mor hir",
        "erbyn pryd",
    ],
    &[
        "contact",
        "get in touch",
        "phone",
        "phone number",
        "telephone",
        "telephone number",
        "ring",
        "email",
        "email address",
        "e-mail",
        "cysylltu",
        "cysylltwch",
        "ffôn",
        "rhif ffôn",
        "ffonio",
        "ffoniwch",
        "e-bost",
        "cyfeiriad e-bost",
        "e-bostio",
    ],
    &["child", "children", "son", "daughter", "kid", "plentyn", "plant", "mab", "merch"],
    // A parent asks whether something is legal; the pages say what the law says, or that
    // it is the parent's right.
    &["law", "legal", "lawful", "legally", "right to", "cyfraith", "cyfreithiol", "cyfreithlon", "hawl i"],
    // What parents and schools call taking a child off the school roll, which the pages say
    // in words ("deregister" is on none of them): taking a child out of school is that.
    &[
        "deregister",
        "deregistration",
        "deregistering",
        "off the roll",
        "off the school roll",
        "off roll",
        "out of school",
        "dadgofrestru",
        "dadgofrestriad",
        "oddi ar y gofrestr",
        "oddi ar gofrestr",
        "allan o'r ysgol",
    ],
    // Applying for something, as parents say it where the pages say how to ask for it.
    &["apply", "ask for", "gwneud cais", "gofyn am", "gofyn amdani", "gofyn amdano"],
    // Another language, as parents say it, where the pages say a different one.
    &[
        "another language",
        "other language",
        "different language",
        "iaith arall",
        "ieithoedd eraill",
        "iaith wahanol",
        "iaith gwahanol",
    ],
    // Booking a place, as parents say it, where the pages say whether to book.
    &["book a place", "book", "booking", "reserve a place", "cadw lle", "archebu lle", "archebu", "bwcio"],
    // Reconsidering a decision is looking at it again.
    &["reconsider", "reconsideration", "look again", "ailystyried", "edrych eto"],
    // Going back to school, as the Welsh pages say it and as parents also say it.
    &["mynd yn ôl", "mynd nôl", "dychwelyd", "yn ôl i'r ysgol", "nôl i'r ysgol"],
    // What parents call care and play before school; a cylch meithrin is a Welsh-medium one.
    &[
        "nursery",
        "playgroup",
        "pre-school",
        "preschool",
        "cylch meithrin",
        "meithrinfa",
        "ysgol feithrin",
        "grŵp chwarae",
    ],
];

/// What the index keeps of one rendered page: taken as each page is rendered, so the
/// build never holds every page's HTML at once, and small, since it holds every page's.
#[derive(Clone)]
pub(crate) struct PageEntry {
    lang: Lang,
    url: Box<str>,
    /// What results show of the page (`Shown`: its title, section, address in the other
    /// language and excerpt), then its words as numbers into `words`: the number of
    /// headings, then the title, the section, each heading and the whole text, each as a
    /// count and its words, varints. All of it waits in the spill file on a build: the
    /// strings kept in memory were a tenth of a large site's build.
    words: Words,
    /// Glossary entries on the page: (heading id, heading, the emphasis after it).
    glossary: Vec<(String, String, String)>,
    /// Which of its headings (by number) are glossary entries: they name a term the page
    /// defines in a line or two, not a part of the page about it (`count`).
    entries: Box<[u32]>,
}

/// Where a page's words wait for the index to be written: with its entry, or in the
/// build's spill file (`Spill`).
#[derive(Clone)]
enum Words {
    Here(Box<[u8]>),
    Spilled { at: u64, len: u32 },
}

/// A file in the build's scratch folder that holds every page's words until the index is
/// written: they were the largest thing a large site's build kept in memory (about 2 KB a
/// page), and are read back a page at a time when the index is written: three times a page
/// (to mark the language's words, to count them, and for the page table).
pub(crate) struct Spill {
    file: std::fs::File,
    path: PathBuf,
    end: std::sync::atomic::AtomicU64,
}

impl Spill {
    pub(crate) fn create(path: PathBuf) -> std::io::Result<Spill> {
        let file = std::fs::File::options().read(true).write(true).create_new(true).open(&path)?;
        Ok(Spill { file, path, end: Default::default() })
    }

    /// Moves an entry's words into the file (from any thread).
    pub(crate) fn take(&self, entry: &mut PageEntry) -> std::io::Result<()> {
        use std::os::unix::fs::FileExt;
        if let Words::Here(bytes) = &entry.words {
            let len = bytes.len() as u64;
            let at = self.end.fetch_add(len, std::sync::atomic::Ordering::Relaxed);
            self.file.write_all_at(bytes, at)?;
            entry.words = Words::Spilled { at, len: len as u32 };
        }
        Ok(())
    }

    fn read(&self, at: u64, len: u32) -> std::io::Result<Vec<u8>> {
        use std::os::unix::fs::FileExt;
        let mut bytes = vec![0; len as usize];
        self.file.read_exact_at(&mut bytes, at)?;
        Ok(bytes)
    }

    /// Deletes the file.
    pub(crate) fn remove(self) -> std::io::Result<()> {
        drop(self.file);
        std::fs::remove_file(&self.path)
    }
}

/// Lets this thread's copy of the word numbers go (see `words::id`).
pub(crate) fn forget_known_words() {
    words::forget_known();
}

/// The index entry for a rendered file (path under the output folder, HTML); `None` for
/// files that are not pages.
pub(crate) fn page_entry(path: &Path, html: &[u8]) -> Option<PageEntry> {
    let (lang, url) = page_url(path)?;
    let e = extract::numbered(std::str::from_utf8(html).ok()?, EXCERPT)?;
    let other: Option<String> = e.alternates.into_iter().find(|(l, _)| *l == lang.other().code()).map(|(_, p)| p);
    // A heading's anchor is what its author called its part of the page, as an address's
    // last part is what they called the page: "Do I have to send my child to school?" is
    // `#school-is-not-compulsory`. The words it adds are the heading's. (In English only:
    // the anchors a writer chose are the English page's, kept on the Welsh one so links
    // work in both; an anchor made from the heading adds nothing.)
    let headings: Vec<std::borrow::Cow<'_, str>> = e
        .headings
        .iter()
        .zip(e.anchors.iter().map(String::as_str).chain(std::iter::repeat("")))
        .map(|(h, a)| match lang {
            Lang::En => with_anchor(lang, h, a),
            Lang::Cy => h.into(),
        })
        .collect();
    let mut fields: Vec<&str> = vec![&e.title, e.section.as_deref().unwrap_or("")];
    fields.extend(headings.iter().map(|h| &**h));
    let body = body(&e.text, &e.title);
    let mut cut = body.len().min(EXCERPT);
    while !body.is_char_boundary(cut) {
        cut -= 1;
    }
    let mut out = Out::default();
    let shown =
        Shown { title: &e.title, section: e.section.as_deref(), other: other.as_deref(), excerpt: &body[..cut] };
    shown.write(&mut out);
    out.varint(e.headings.len() as u64);
    let mut ids = vec![];
    for f in fields {
        ids.clear();
        ids.extend(fold::words(f).map(|(_, w)| words::id(w)));
        out.varint(ids.len() as u64);
        ids.iter().for_each(|&id| out.varint(u64::from(id)));
    }
    // The whole text's, numbered as it was read.
    out.varint(e.words.len() as u64);
    e.words.iter().for_each(|&id| out.varint(u64::from(id)));
    // Glossary entries, and headings whose part of the page hands them to another page: the
    // heading is not this page's subject, so it is read as body text (`count`).
    let entries = e
        .headings
        .iter()
        .enumerate()
        .filter(|&(i, h)| {
            let mut links = e.links.iter().filter(|(n, _)| *n == i).peekable();
            // The heading's terms once, for all the links in its part of the page.
            (links.peek().is_some() && {
                let heading = linked_terms(lang, h);
                links.any(|(_, link)| names(&linked_terms(lang, link), &heading))
            }) || e.terms.iter().any(|(_, term, em)| term == h && is_entry(em))
        })
        .map(|(i, _)| i as u32)
        .collect();
    Some(PageEntry { lang, url: url.into(), words: Words::Here(out.0.into_boxed_slice()), glossary: e.terms, entries })
}

/// The index file's bytes, from every page's entry.
#[cfg(test)]
pub(crate) fn index_file(pages: Vec<PageEntry>) -> Vec<u8> {
    let mut out = vec![];
    write_index(pages, None, &mut out).expect("writing to memory");
    out
}

/// How much more a word counts in a title or heading than in the body: whole numbers, so
/// the file stores frequencies exactly.
const TITLE_WEIGHT: u32 = 5;
const HEADING_WEIGHT: u32 = 2;

/// Writes the index file from every page's entry, a language at a time.
pub(crate) fn write_index(
    mut pages: Vec<PageEntry>,
    spill: Option<&Spill>,
    mut w: impl std::io::Write,
) -> std::io::Result<()> {
    // Sorted, so the same site always gives the same file, and glossary groups their order.
    pages.sort_by(|a, b| (a.lang, &a.url).cmp(&(b.lang, &b.url)));
    let glossary = pages.iter_mut().flat_map(|p| std::mem::take(&mut p.glossary)).collect();
    let groups = synonym_groups(glossary);
    let synonyms = Synonyms::new(&groups);
    let table = words::snapshot();
    let mut head = Out::default();
    head.0.extend_from_slice(file::MAGIC);
    head.0.extend_from_slice(&VERSION.to_le_bytes());
    head.varint(groups.len() as u64);
    for g in &groups {
        head.varint(g.len() as u64);
        g.iter().for_each(|n| head.str(n));
    }
    let mut langs: Vec<Lang> = pages.iter().map(|p| p.lang).collect();
    langs.dedup();
    head.varint(langs.len() as u64);
    w.write_all(&head.0)?;
    // A page's place in its language's table, by address, for the other language's link.
    let mut place: HashMap<String, (Lang, u32)> = HashMap::new();
    for lang in &langs {
        for (i, p) in pages.iter().filter(|p| p.lang == *lang).enumerate() {
            place.insert(p.url.to_string(), (*lang, i as u32));
        }
    }
    for lang in langs {
        let docs: Vec<&PageEntry> = pages.iter().filter(|p| p.lang == lang).collect();
        write_lang(lang, &docs, spill, &place, &synonyms, &table, &mut w)?;
        // This language's words are in the file now: their room goes to the next language's.
        for p in pages.iter_mut().filter(|p| p.lang == lang) {
            p.words = Words::Here(Box::default());
        }
    }
    Ok(())
}

/// What the index keeps of one page while its language is written: its length, and the
/// terms of each title word then each heading, flat in one list (the number of title words,
/// each's length and terms, then the same for the headings). A list each measured a tenth
/// of the index's memory on a large site.
struct DocTerms {
    length: u32,
    attrs: Box<[u32]>,
    initials: Box<str>,
}

impl DocTerms {
    fn new(length: u32, titles: &[Vec<u32>], headings: &[Vec<u32>], initials: Box<str>) -> DocTerms {
        let mut attrs = vec![];
        for part in [titles, headings] {
            attrs.push(part.len() as u32);
            for terms in part {
                attrs.push(terms.len() as u32);
                attrs.extend_from_slice(terms);
            }
        }
        DocTerms { length, attrs: attrs.into_boxed_slice(), initials }
    }

    /// The title words' terms (0) or the headings' (1), each as a list.
    fn parts(&self) -> [Vec<&[u32]>; 2] {
        let mut at = 0;
        [(); 2].map(|()| {
            let n = self.attrs[at] as usize;
            at += 1;
            (0..n)
                .map(|_| {
                    let len = self.attrs[at] as usize;
                    at += 1 + len;
                    &self.attrs[at - len..at]
                })
                .collect()
        })
    }
}

/// A language's terms as they are met, numbered, with their postings.
#[derive(Default)]
struct Terms {
    of: rustc_hash::FxHashMap<String, u32>,
    names: Vec<String>,
    postings: Vec<Postings>,
}

/// A term's postings as the file has them, written as pages are met (in page order, each
/// page once a term): page numbers as differences, then weighted frequencies, as varints.
/// Pairs of `u32` with a vector's spare room were most of the build's peak memory.
#[derive(Default)]
struct Postings {
    count: u32,
    last: u32,
    bytes: Out,
}

impl Postings {
    fn push(&mut self, page: u32, frequency: u32) {
        self.bytes.varint(u64::from(page - self.last));
        self.bytes.varint(u64::from(frequency));
        self.last = page;
        self.count += 1;
    }
}

impl Terms {
    fn id(&mut self, t: &str) -> u32 {
        if let Some(&id) = self.of.get(t) {
            return id;
        }
        let id = self.names.len() as u32;
        self.names.push(t.to_string());
        self.postings.push(Postings::default());
        self.of.insert(t.to_string(), id);
        id
    }
}

fn write_lang(
    lang: Lang,
    docs: &[&PageEntry],
    spill: Option<&Spill>,
    place: &HashMap<String, (Lang, u32)>,
    synonyms: &Synonyms,
    table: &[Arc<str>],
    w: &mut impl std::io::Write,
) -> std::io::Result<()> {
    let bad = |what: &str| std::io::Error::other(format!("search index: {what}"));
    // Each distinct word folded, its terms numbered and the glossary phrases it can begin
    // found once for the language: folding and hashing strings were most of what indexing
    // cost, and a site (or a directory of 5,000 services) says the same words again and again.
    // Which words the language's pages use, marked from every core.
    let used: Vec<std::sync::atomic::AtomicU64> = (0..table.len().div_ceil(64)).map(|_| Default::default()).collect();
    let is_used = |id: usize| used[id / 64].load(std::sync::atomic::Ordering::Relaxed) & (1 << (id % 64)) != 0;
    // The sections' names, for the pages that list a section (read on the same pass).
    let sections = docs
        .par_iter()
        .map(|p| mark_used(p, spill, table.len(), &used))
        .collect::<std::io::Result<Vec<Option<Box<str>>>>>()?
        .into_iter()
        .flatten()
        .collect::<HashSet<Box<str>>>();
    let folded: Vec<(usize, String, Vec<String>, Vec<usize>)> = (0..table.len())
        .into_par_iter()
        .filter(|&id| is_used(id))
        .map(|id| {
            let raw = &table[id];
            let folded = fold::fold(raw);
            let words = fold::terms_of_folded(lang, &folded);
            let phrases = synonyms.candidates(lang, raw, &folded, &words);
            (id, folded, words, phrases)
        })
        .collect();
    drop(used);
    let mut terms = Terms::default();
    let mut cache = Cache { slot: vec![u32::MAX; table.len()], seen: Vec::with_capacity(folded.len()) };
    for (id, folded, words, phrases) in folded {
        let ids = words.iter().map(|t| terms.id(t)).collect();
        cache.slot[id] = cache.seen.len() as u32;
        cache.seen.push(Seen { folded, terms: words, ids, phrases });
    }
    let mut kept: Vec<DocTerms> = Vec::with_capacity(docs.len());
    // Each page's weighted terms worked out in parallel, a slice of pages at a time (so only
    // a slice's are held at once), then added to the postings in page order. (Counting the
    // next slice while adding the last made this a fifth quicker, but held two slices and
    // their allocations at once: the build's peak went over 80 MiB.)
    for (n, slice) in docs.chunks(PAGES_AT_ONCE).enumerate() {
        let counted: Vec<Counted> =
            slice.par_iter().map(|p| count(lang, p, spill, table, &cache, synonyms)).collect::<std::io::Result<_>>()?;
        for (j, c) in counted.into_iter().enumerate() {
            let i = (n * PAGES_AT_ONCE + j) as u32;
            let mut tf = c.tf;
            for (key, weight) in &c.phrase_counts {
                let id = terms.id(key);
                match tf.iter_mut().find(|(t, _)| *t == id) {
                    Some((_, f)) => *f += weight,
                    None => tf.push((id, *weight)),
                }
            }
            let mut titles = c.titles;
            for (start, len, key) in &c.title_phrases {
                let id = terms.id(key);
                titles[*start..start + len].iter_mut().for_each(|w| w.push(id));
            }
            titles.retain(|w| !w.is_empty());
            let mut headings = c.headings;
            for (set, keys) in headings.iter_mut().zip(&c.heading_phrases) {
                set.extend(keys.iter().map(|k| terms.id(k)));
            }
            for (t, f) in tf {
                terms.postings[t as usize].push(i, f);
            }
            kept.push(DocTerms::new(c.length, &titles, &headings, c.initials));
        }
    }
    drop(cache);
    let Terms { names: terms, mut postings, .. } = terms;
    if terms.len() >= 1 << 24 {
        return Err(bad("more than 16 million terms"));
    }
    // Term numbers in the dictionary's order, which the file uses.
    let mut sorted: Vec<u32> = (0..terms.len() as u32).collect();
    sorted.sort_by(|&a, &b| terms[a as usize].cmp(&terms[b as usize]));
    let mut number = vec![0u32; terms.len()];
    let mut dict = fst::MapBuilder::memory();
    // Where each term's list will start in the postings, worked out rather than found by
    // writing them: they are written last, straight from where they were made, not copied
    // into one buffer first (which, for a moment, held them twice).
    let mut at = 0u64;
    for (n, &t) in sorted.iter().enumerate() {
        number[t as usize] = n as u32;
        dict.insert(&terms[t as usize], (at << 24) | n as u64).map_err(std::io::Error::other)?;
        let list = &postings[t as usize];
        at += varint_len(u64::from(list.count)) + list.bytes.0.len() as u64;
    }
    drop(terms);
    let dict = dict.into_inner().map_err(std::io::Error::other)?;
    let mut out = Out::default();
    out.str(lang.code());
    out.varint(docs.len() as u64);
    let renumber = |v: &[u32]| -> Vec<u32> {
        let mut v: Vec<u32> = v.iter().map(|&t| number[t as usize]).collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    for (p, k) in docs.iter().zip(&kept) {
        let record = record(p, spill)?;
        let shown = Shown::read(&mut In::new(&record))?;
        out.str(&p.url);
        out.str(shown.title);
        out.opt_str(shown.section);
        out.str(shown.excerpt);
        out.str(&k.initials);
        let other = shown.other.and_then(|o| place.get(o)).filter(|(l, _)| *l == lang.other());
        out.varint(other.map_or(0, |&(_, i)| u64::from(i) + 1));
        out.varint(u64::from(sections.contains(shown.title)));
        out.varint(u64::from(k.length));
        let mut attrs = Out::default();
        for part in k.parts() {
            attrs.varint(part.len() as u64);
            part.iter().for_each(|terms| attrs.sorted(&renumber(terms)));
        }
        out.bytes(&attrs.0);
    }
    // The page table, then the dictionary and the postings, each after its length.
    w.write_all(&out.0)?;
    drop(out);
    let mut len = Out::default();
    len.varint(dict.len() as u64);
    w.write_all(&len.0)?;
    w.write_all(&dict)?;
    drop(dict);
    let mut len = Out::default();
    len.varint(at);
    w.write_all(&len.0)?;
    for &t in &sorted {
        let list = std::mem::take(&mut postings[t as usize]);
        let mut count = Out::default();
        count.varint(u64::from(list.count));
        w.write_all(&count.0)?;
        w.write_all(&list.bytes.0)?;
    }
    Ok(())
}

/// How many bytes `Out::varint` writes for `v`.
fn varint_len(v: u64) -> u64 {
    u64::from((64 - v.leading_zeros()).div_ceil(7).max(1))
}

/// How many pages' terms are worked out at once while indexing: enough to keep every core
/// busy, few enough that their counts take little room.
const PAGES_AT_ONCE: usize = 512;

/// A page's words as numbers: every field's in one list (two allocations a page, not one a
/// heading), and where each field ends.
struct Fields {
    headings: usize,
    ids: Vec<u32>,
    ends: Vec<usize>,
}

impl Fields {
    /// The title (0), the section (1), each heading (2…) and the whole text (last).
    fn get(&self, field: usize) -> &[u32] {
        let start = if field == 0 { 0 } else { self.ends[field - 1] };
        &self.ids[start..self.ends[field]]
    }
}

/// A page's record, from its entry or the spill file.
fn record<'a>(p: &'a PageEntry, spill: Option<&Spill>) -> std::io::Result<std::borrow::Cow<'a, [u8]>> {
    match (&p.words, spill) {
        (Words::Here(bytes), _) => Ok(std::borrow::Cow::Borrowed(bytes)),
        (&Words::Spilled { at, len }, Some(spill)) => Ok(std::borrow::Cow::Owned(spill.read(at, len)?)),
        (Words::Spilled { .. }, None) => {
            Err(std::io::Error::other("search index: a page's words were spilled, but there is no spill file"))
        }
    }
}

/// What a result shows of a page, at the head of its record.
struct Shown<'a> {
    title: &'a str,
    section: Option<&'a str>,
    /// The same page in the other language, if it has one.
    other: Option<&'a str>,
    excerpt: &'a str,
}

impl<'a> Shown<'a> {
    fn write(&self, out: &mut Out) {
        out.str(self.title);
        out.opt_str(self.section);
        out.opt_str(self.other);
        out.str(self.excerpt);
    }

    fn read(r: &mut In<'a>) -> std::io::Result<Shown<'a>> {
        let bad = |e: anyhow::Error| std::io::Error::other(format!("search index: {e}"));
        let title = r.str().map_err(bad)?;
        let section = r.opt_str().map_err(bad)?;
        let other = r.opt_str().map_err(bad)?;
        Ok(Shown { title, section, other, excerpt: r.str().map_err(bad)? })
    }
}

/// A page's words read back from its entry (or the spill file): its number of headings,
/// then the title, the section, each heading and the whole text.
fn fields(p: &PageEntry, spill: Option<&Spill>, words: usize) -> std::io::Result<Fields> {
    let bad = |what: &str| std::io::Error::other(format!("search index: {what}"));
    let bytes = record(p, spill)?;
    let mut r = In::new(&bytes);
    Shown::read(&mut r)?;
    let headings = r.varint().map_err(|e| bad(&e.to_string()))? as usize;
    // Each word is a byte or more: the page's bytes bound its number of words.
    let mut ids = Vec::with_capacity(bytes.len());
    let mut ends = Vec::with_capacity(headings + 3);
    for _ in 0..headings + 3 {
        let n = r.varint().map_err(|e| bad(&e.to_string()))? as usize;
        for _ in 0..n {
            let id = r.u32().map_err(|e| bad(&e.to_string()))?;
            if id as usize >= words {
                return Err(bad("a word the table does not have"));
            }
            ids.push(id);
        }
        ends.push(ids.len());
    }
    Ok(Fields { headings, ids, ends })
}

/// Marks the words a page uses in `used` (a bit a word of the table), and gives its section:
/// read straight from its record, without making its fields as `fields` does (this pass and
/// counting each read every page's words).
fn mark_used(
    p: &PageEntry,
    spill: Option<&Spill>,
    words: usize,
    used: &[std::sync::atomic::AtomicU64],
) -> std::io::Result<Option<Box<str>>> {
    use std::sync::atomic::Ordering::Relaxed;
    let bad = |what: &str| std::io::Error::other(format!("search index: {what}"));
    let bytes = record(p, spill)?;
    let mut r = In::new(&bytes);
    let section = Shown::read(&mut r)?.section.map(Into::into);
    let headings = r.varint().map_err(|e| bad(&e.to_string()))? as usize;
    for _ in 0..headings + 3 {
        let n = r.varint().map_err(|e| bad(&e.to_string()))?;
        for _ in 0..n {
            let id = r.u32().map_err(|e| bad(&e.to_string()))? as usize;
            if id >= words {
                return Err(bad("a word the table does not have"));
            }
            let (word, bit) = (&used[id / 64], 1 << (id % 64));
            // Most of a page's words are marked already: a read, not a locked write, for those.
            if word.load(Relaxed) & bit == 0 {
                word.fetch_or(bit, Relaxed);
            }
        }
    }
    Ok(section)
}

/// One page's terms, weighted, before the glossary's phrases found on it are numbered
/// (which only the pages' own order may do, so the file is the same on every build).
struct Counted {
    /// Weighted frequency of each of its words' terms, each term once.
    tf: Vec<(u32, u32)>,
    /// Glossary phrases found, with the weight of where each was found.
    phrase_counts: Vec<(String, u32)>,
    length: u32,
    /// The terms of each word of the title, and the phrases found in it (start, words, key).
    titles: Vec<Vec<u32>>,
    title_phrases: Vec<(usize, usize, String)>,
    /// The terms of each heading, and the phrases found in each.
    headings: Vec<Vec<u32>>,
    heading_phrases: Vec<Vec<String>>,
    /// The first letter of each word of the title, a stop word's in capitals (`Doc::initials`).
    initials: Box<str>,
}

fn count(
    lang: Lang,
    p: &PageEntry,
    spill: Option<&Spill>,
    table: &[Arc<str>],
    cache: &Cache,
    synonyms: &Synonyms,
) -> std::io::Result<Counted> {
    let fields = fields(p, spill, table.len())?;
    TERM_COUNTS.with_borrow_mut(|counts| count_with(lang, p, &fields, table, cache, synonyms, counts))
}

thread_local! {
    /// A counter for every term of the language, for the page being counted, and which of
    /// them it touched: counting into a hash map per page was most of indexing's own time.
    /// All zero between pages.
    static TERM_COUNTS: std::cell::RefCell<(Vec<u32>, Vec<u32>)> = Default::default();
}

fn count_with(
    lang: Lang,
    p: &PageEntry,
    fields: &Fields,
    table: &[Arc<str>],
    cache: &Cache,
    synonyms: &Synonyms,
    (counts, touched): &mut (Vec<u32>, Vec<u32>),
) -> std::io::Result<Counted> {
    let headings = fields.headings;
    let seen = |id: u32| cache.get(id);
    let tokens = |f: &[u32]| -> Vec<Token<'_>> {
        f.iter()
            .map(|&id| {
                let s = seen(id);
                Token { raw: &table[id as usize], folded: &s.folded, terms: &s.terms }
            })
            .collect()
    };
    let mut phrase_counts = vec![];
    let mut length = 0;
    let mut add = |f: &[u32], weight: u32| -> Vec<(usize, usize, String)> {
        for &id in f {
            for &t in &seen(id).ids {
                let t = t as usize;
                if t >= counts.len() {
                    counts.resize(t + 1, 0);
                }
                if counts[t] == 0 {
                    touched.push(t as u32);
                }
                counts[t] += weight;
            }
            length += weight;
        }
        let tokens = tokens(f);
        let found = synonyms.find_among(lang, &tokens, |i| &seen(f[i]).phrases);
        phrase_counts.extend(found.iter().map(|(_, _, key)| (key.clone(), weight)));
        found
    };
    let title_phrases = add(fields.get(0), TITLE_WEIGHT);
    add(fields.get(1), 1);
    let mut heading_sets = vec![];
    let mut heading_phrases = vec![];
    for (n, h) in (2..2 + headings).map(|i| fields.get(i)).enumerate() {
        // A glossary entry's heading is read as body text (which has it already): neither
        // heading weight nor the lift a heading that says the query gives. A page that
        // defines many terms is not the page about each ("compulsory school age" is the
        // rights page's subject, the glossary's line), and its entries' headings, weighted,
        // put it above that page on a phrase the page says only in its text.
        if p.entries.contains(&(n as u32)) {
            continue;
        }
        // Headings are in the body text too.
        let found = add(h, HEADING_WEIGHT - 1);
        heading_sets.push(h.iter().flat_map(|&id| seen(id).ids.iter().copied()).collect());
        heading_phrases.push(found.into_iter().map(|(_, _, key)| key).collect());
    }
    add(fields.get(2 + headings), 1);
    // The terms of each word of the title that has any, with (later) the glossary groups of
    // the terms it says.
    let titles = fields.get(0).iter().map(|&id| seen(id).ids.clone()).collect();
    let initials = fields
        .get(0)
        .iter()
        .filter_map(|&id| {
            let s = seen(id);
            let c = s.folded.chars().next()?;
            Some(if s.terms.is_empty() { c.to_ascii_uppercase() } else { c })
        })
        .collect();
    let tf = touched.drain(..).map(|t| (t, std::mem::take(&mut counts[t as usize]))).collect();
    Ok(Counted { tf, phrase_counts, length, titles, title_phrases, headings: heading_sets, heading_phrases, initials })
}

/// Whether a link's text names what a heading says, so the heading's part of the page hands
/// it to the linked page: "Will someone visit my home? … Read [will someone visit my
/// home?]", and a step-by-step page's "Step 3: Take your child off the school roll" with
/// its link to "Taking your child off the school roll". Every word of the link is one of
/// the heading's (by term), and they are at least half the heading's words.
fn names(link: &[Vec<String>], heading: &[Vec<String>]) -> bool {
    let shared = |w: &[String], of: &[Vec<String>]| of.iter().any(|o| o.iter().any(|t| w.contains(t)));
    !link.is_empty()
        && link.iter().all(|w| shared(w, heading))
        && heading.iter().filter(|w| shared(w, link)).count() * 2 >= heading.len()
}

/// The terms of each word of a link's or a heading's text, for `names`. A Welsh word's with
/// its stems: "cynlluniau" names "cynllun", "CDUau" "CDU".
fn linked_terms(lang: Lang, text: &str) -> Vec<Vec<String>> {
    fold::words(text)
        .map(|(_, w)| {
            let mut terms = fold::terms(lang, w);
            if lang == Lang::Cy {
                let stems = cy_stems(w, &terms);
                terms.extend(stems);
            }
            terms
        })
        .filter(|t| !t.is_empty())
        .collect()
}

/// A heading with the words its anchor adds. A heading's anchor is what its author called
/// its part of the page, as an address's last part is what they called the page: "Do I
/// have to send my child to school?" is `#school-is-not-compulsory`. The words it adds are
/// the heading's. (In English only: the anchors a writer chose are the English page's, kept
/// on the Welsh one so links work in both; an anchor made from the heading adds nothing.)
fn with_anchor<'a>(lang: Lang, h: &'a str, a: &str) -> std::borrow::Cow<'a, str> {
    // Most anchors are made from their heading: every word of them is one of its words, as
    // written, and so says nothing new (its terms are the heading's). Only an anchor with
    // another word has its words' terms worked out, on every page of a large site.
    if fold::words(a).all(|(_, w)| fold::words(h).any(|(_, said)| fold::same_folded(said, w))) {
        return h.into();
    }
    let said: Vec<String> = fold::words(h).map(|(_, w)| fold::fold(w)).collect();
    let terms: Vec<String> = said.iter().flat_map(|w| fold::terms_of_folded(lang, w)).collect();
    // An anchor word that is the initials of the heading's words ("what-is-aln" for
    // "What does "additional learning needs" mean?") says nothing new either.
    let initials: String = said.iter().filter_map(|w| w.chars().next()).collect();
    let new = |w: &str| {
        let w = fold::fold(w);
        let t = fold::terms_of_folded(lang, &w);
        let abbreviated = w.len() >= 3 && initials.contains(&w);
        !(t.is_empty() || t.iter().any(|t| terms.contains(t)) || abbreviated)
    };
    let more: Vec<&str> = fold::words(a).map(|(_, w)| w).filter(|w| new(w)).collect();
    if more.is_empty() { h.into() } else { format!("{h} {}", more.join(" ")).into() }
}

/// `cy/some/page/index.html` → (cy, `/cy/some/page/`); `None` for files that are not pages.
fn page_url(path: &Path) -> Option<(Lang, String)> {
    let s = path.to_str()?.replace('\\', "/");
    let dir = s.strip_suffix("index.html")?;
    let lang = Lang::parse(dir.split('/').next()?)?;
    Some((lang, format!("/{dir}")))
}

/// How a glossary entry names the other language's term: `*Welsh: …*`, `*Saesneg: …*`.
/// Only an `<h3>` followed by one of these is a glossary entry; any other heading followed
/// by emphasis is just a heading.
const OTHER_LANGUAGE_LABELS: &[&str] = &["Welsh: ", "Cymraeg: ", "English: ", "Saesneg: "];

/// Whether the emphasis after an `<h3>` makes it a glossary entry: it names the other
/// language's term.
fn is_entry(em: &str) -> bool {
    OTHER_LANGUAGE_LABELS.iter().any(|l| em.starts_with(l))
}

/// Glossary entries → groups of synonyms. An entry reads "ABBR: expansion" (or just a
/// term), followed by "Welsh: term (ABBR)" or "Saesneg: term (ABBR)"; entries with the
/// same heading id in the two languages are one group.
fn synonym_groups(entries: Vec<(String, String, String)>) -> Vec<Vec<String>> {
    let mut by_id: Vec<(String, Vec<String>)> = vec![];
    for (id, heading, em) in entries {
        if !is_entry(&em) {
            continue;
        }
        let mut names = vec![];
        let mut add = |s: &str| {
            let s = s.trim().trim_end_matches('.').trim();
            if !s.is_empty() && !names.iter().any(|n: &String| n.eq_ignore_ascii_case(s)) {
                names.push(s.to_string());
            }
        };
        match heading.split_once(": ") {
            Some((abbr, expansion)) => {
                add(abbr);
                add(expansion);
            }
            None => add(&heading),
        }
        // "Welsh: addysg ddewisol yn y cartref (ADdC)": the label goes, the parts stay.
        let other = em.split_once(": ").map_or(em.as_str(), |(_, t)| t);
        match other.rsplit_once(" (") {
            Some((term, abbr)) => {
                add(term);
                add(abbr.trim_end_matches(')'));
            }
            None => add(other),
        }
        match by_id.iter_mut().find(|(i, _)| *i == id) {
            Some((_, group)) => {
                for n in names {
                    if !group.iter().any(|g| g.eq_ignore_ascii_case(&n)) {
                        group.push(n);
                    }
                }
            }
            None => by_id.push((id, names)),
        }
    }
    let mut groups: Vec<Vec<String>> = by_id.into_iter().map(|(_, g)| g).filter(|g| g.len() > 1).collect();
    groups.extend(EXTRA_GROUPS.iter().map(|g| g.iter().map(|s| s.to_string()).collect()));
    for (typed, known) in EXTRA_SYNONYMS {
        if let Some(g) = groups.iter_mut().find(|g| g.iter().any(|n| n == known)) {
            g.push(typed.to_string());
        }
    }
    groups
}

// ---------------------------------------------------------------------------------------
// The loaded index.

/// BM25's constants: K1 the usual, B (how much a long page's words count for less) below
/// the usual 0.75, since the site's pages differ in length by kind, not by wordiness: a
/// directory entry, a session or a step-by-step page is short, the guidance it points to
/// long, and a mention in a short page should not outweigh the page about the thing.
const K1: f32 = 1.2;
const B: f32 = 0.6;

/// Part of the loaded file, for `fst`, which wants to own its bytes.
#[derive(Clone)]
struct Part {
    file: Arc<[u8]>,
    range: std::ops::Range<usize>,
}

impl AsRef<[u8]> for Part {
    fn as_ref(&self) -> &[u8] {
        &self.file[self.range.clone()]
    }
}

/// A page as results show it, and what the ranking needs of it beyond its postings.
struct Doc {
    url: Box<str>,
    title: Box<str>,
    section: Option<Box<str>>,
    excerpt: Box<str>,
    /// The same page in the other language: its place in that language's table.
    other: Option<u32>,
    /// Whether it is a section's listing: other pages name its title as their section.
    listing: bool,
    /// Where its title's and headings' term numbers are in the file.
    attrs: std::ops::Range<usize>,
    /// The first letter of each word of its title, a stop word's in capitals: "scAamhs" for
    /// "Specialist child and adolescent mental health services" (`Index::initials`).
    initials: Box<str>,
}

/// One language's pages, term dictionary and postings.
struct LangIndex {
    docs: Vec<Doc>,
    lengths: Vec<f32>,
    average: f32,
    /// Term → (where its postings start << 24) | its number.
    dict: fst::Map<Part>,
    postings: std::ops::Range<usize>,
    /// The pages whose title or headings have each term (by term number: the pages of
    /// term `t` are `lifted[at[t]..at[t + 1]]`), built at load from the pages' term lists.
    /// Only these pages can get a title or heading lift, so only these are scanned for it:
    /// a common word scores most of the pages, and few say it in their title.
    lifted_at: Vec<u32>,
    lifted: Vec<u32>,
    /// The directory's entries by their address's last part, which is the same in both
    /// languages: how a result ranked in the other language finds its entry here when the
    /// entry names no other-language page.
    services: HashMap<Box<str>, u32>,
    /// Each section's listing page, by its title (which is the section's name).
    listings: HashMap<Box<str>, u32>,
    /// The pages whose address's last part says each term (as `lifted`): "returning-to-school"
    /// is what its author called a page titled "Going back to school".
    slugged_at: Vec<u32>,
    slugged: Vec<u32>,
}

/// Each term's pages with it in the last part of their address, as offsets into one list
/// (as `lifted_pages`). Each distinct word of the addresses is folded once.
fn slugged_pages(lang: Lang, docs: &[Doc], dict: &fst::Map<Part>) -> (Vec<u32>, Vec<u32>) {
    let mut known: HashMap<&str, Vec<u32>> = HashMap::new();
    let mut pairs: Vec<(u32, u32)> = vec![];
    let mut page: Vec<u32> = vec![];
    for (d, doc) in docs.iter().enumerate() {
        // The last part of the address; a language's home page ("/cy/") has none.
        let parts: Vec<&str> = doc.url.split('/').filter(|p| !p.is_empty()).collect();
        let slug = if parts.len() > 1 { parts[parts.len() - 1] } else { "" };
        page.clear();
        for (_, w) in fold::words(slug).filter(|(_, w)| !w.chars().all(|c| c.is_ascii_digit())) {
            let terms = known.entry(w).or_insert_with(|| {
                fold::terms(lang, w).iter().filter_map(|t| dict.get(t)).map(|v| (v & 0xff_ffff) as u32).collect()
            });
            page.extend(terms.iter().copied());
        }
        page.sort_unstable();
        page.dedup();
        pairs.extend(page.iter().map(|&t| (t, d as u32)));
    }
    pairs.sort_unstable();
    let mut at = vec![0u32; dict.len() + 1];
    for &(t, _) in &pairs {
        at[t as usize + 1] += 1;
    }
    for i in 0..dict.len() {
        at[i + 1] += at[i];
    }
    (at, pairs.into_iter().map(|(_, d)| d).collect())
}

/// Each term's pages with it in their title or headings, from every page's term lists
/// (`attrs`), as offsets into one list; `None` if a list names a term the dictionary lacks.
fn lifted_pages(file: &[u8], docs: &[Doc], terms: usize) -> Option<(Vec<u32>, Vec<u32>)> {
    let mut pairs: Vec<(u32, u32)> = vec![];
    let mut page: Vec<u32> = vec![];
    for (d, doc) in docs.iter().enumerate() {
        let bytes = &file[doc.attrs.clone()];
        let mut r = In::new(bytes);
        page.clear();
        for _ in 0..2 {
            for _ in 0..r.varint().ok()? {
                let mut t = 0u64;
                for _ in 0..r.varint().ok()? {
                    t += r.varint().ok()?;
                    page.push(u32::try_from(t).ok().filter(|&t| (t as usize) < terms)?);
                }
            }
        }
        page.sort_unstable();
        page.dedup();
        pairs.extend(page.iter().map(|&t| (t, d as u32)));
    }
    pairs.sort_unstable();
    let mut at = vec![0u32; terms + 1];
    for &(t, _) in &pairs {
        at[t as usize + 1] += 1;
    }
    for i in 0..terms {
        at[i + 1] += at[i];
    }
    Some((at, pairs.into_iter().map(|(_, d)| d).collect()))
}

/// The search index, loaded once by `porth serve`.
pub(crate) struct Index {
    file: Arc<[u8]>,
    langs: HashMap<Lang, LangIndex>,
    synonyms: Synonyms,
    /// The built site, where a result's snippet is cut from its page.
    public: Option<PathBuf>,
    /// What snippets keep between queries (`Remembered`).
    remembered: std::sync::Mutex<Remembered>,
}

/// What snippets keep between queries, so a page is read and its words folded once, not
/// for every query that shows it: each built page's body text by address, with the file's
/// modified time (a page rebuilt since is read again), each word's terms by language, and,
/// for marking glossary terms, each word as the phrase finder reads it. All are bounded
/// (emptied when full): a 20,000-page site need not be held whole. The words' maps are
/// keyed by the site's own words, never a query's, so they use the faster hash that a
/// chosen key could attack: hashing each word of each shown page was most of a snippet's
/// time.
#[derive(Default)]
struct Remembered {
    texts: HashMap<Box<str>, (std::time::SystemTime, Arc<str>)>,
    terms: [rustc_hash::FxHashMap<Box<str>, Box<[String]>>; 2],
    analysed: [rustc_hash::FxHashMap<Box<str>, Analysed>; 2],
}

/// A word as `Synonyms::find` reads it: folded, its terms, and the glossary phrases it can
/// begin.
struct Analysed {
    folded: String,
    terms: Vec<String>,
    phrases: Vec<usize>,
}

/// How many pages' text, and words' terms a language, snippets keep.
const REMEMBERED_PAGES: usize = 2_000;
const REMEMBERED_WORDS: usize = 200_000;

impl Remembered {
    /// The word's terms in the language, folded the first time it is asked for.
    fn terms(&mut self, lang: Lang, word: &str) -> &[String] {
        let map = &mut self.terms[usize::from(lang == Lang::En)];
        if !map.contains_key(word) {
            if map.len() >= REMEMBERED_WORDS {
                map.clear();
            }
            map.insert(word.into(), fold::terms(lang, word).into());
        }
        &map[word]
    }

    /// The words of a text as the phrase finder reads them, each analysed the first time
    /// it is met: a snippet that marks glossary terms read every word of its page again for
    /// every result shown, most of a results page's time once glossary groups were common.
    fn analysed(
        &mut self,
        lang: Lang,
        words: &[(usize, &str)],
        synonyms: &Synonyms,
    ) -> &rustc_hash::FxHashMap<Box<str>, Analysed> {
        let map = &mut self.analysed[usize::from(lang == Lang::En)];
        if map.len() + words.len() > REMEMBERED_WORDS {
            map.clear();
        }
        for &(_, raw) in words {
            if !map.contains_key(raw) {
                let folded = fold::fold(raw);
                let terms = fold::terms_of_folded(lang, &folded);
                let phrases = synonyms.candidates(lang, raw, &folded, &terms);
                map.insert(raw.into(), Analysed { folded, terms, phrases });
            }
        }
        map
    }
}

/// Whether a page is a directory entry's: under the directory's address, not the address itself.
fn is_service_page(lang: Lang, url: &str) -> bool {
    let dir = crate::routes::directory_url(lang);
    url.len() > dir.len() && url.starts_with(dir)
}

/// Whether a page is a language's home page (`/cy/`, `/en/`).
fn is_home_page(url: &str) -> bool {
    url.strip_prefix('/').and_then(|u| u.strip_suffix('/')).is_some_and(|code| !code.contains('/'))
}

/// One result, ready for a template.
#[derive(Serialize, Debug, Clone)]
pub(crate) struct Hit {
    pub(crate) url: String,
    pub(crate) title: String,
    pub(crate) section: Option<String>,
    /// HTML: the text escaped, the matched words in `<mark>`.
    pub(crate) snippet: String,
    /// A service in the directory (a page under its address), which results mark as one.
    pub(crate) service: bool,
}

#[derive(Debug)]
pub(crate) struct Results {
    pub(crate) hits: Vec<Hit>,
    pub(crate) total: usize,
}

/// The glossary's synonym groups at the head of the file, after its magic and version.
fn read_head(r: &mut In<'_>) -> Result<Vec<Vec<String>>> {
    let head = r.bytes.get(..12).context("the file is too short to be a search index")?;
    anyhow::ensure!(&head[..8] == file::MAGIC, "not a Porth search index");
    let version = u32::from_le_bytes(head[8..12].try_into().expect("four bytes"));
    anyhow::ensure!(version == VERSION, "index version {version} (this porth reads {VERSION})");
    r.at = 12;
    let mut groups = vec![];
    for _ in 0..r.varint()? {
        let n = r.varint()?;
        groups.push((0..n).map(|_| r.str().map(str::to_string)).collect::<Result<Vec<_>>>()?);
    }
    Ok(groups)
}

impl Index {
    /// Reads `search-index.bin` from a built site.
    pub(crate) fn load(public: &Path) -> Result<Index> {
        let path = public.join(INDEX_FILE);
        let bytes =
            std::fs::read(&path).with_context(|| format!("failed to read `{}`; run `porth build`", path.display()))?;
        let mut ix = Index::from_bytes(bytes).with_context(|| {
            format!("`{}` is not a search index this porth can read; run `porth build`", path.display())
        })?;
        ix.public = Some(public.to_path_buf());
        Ok(ix)
    }

    pub(crate) fn from_bytes(bytes: Vec<u8>) -> Result<Index> {
        let file: Arc<[u8]> = bytes.into();
        let mut r = In::new(&file);
        let synonyms = Synonyms::new(&read_head(&mut r)?);
        let mut langs = HashMap::new();
        for _ in 0..r.varint()? {
            let code = r.str()?;
            let lang = Lang::parse(code).with_context(|| format!("unknown language `{code}`"))?;
            let n = r.varint()? as usize;
            let (mut docs, mut lengths) = (Vec::with_capacity(n.min(1 << 20)), Vec::with_capacity(n.min(1 << 20)));
            for _ in 0..n {
                let url = r.str()?.into();
                let title = r.str()?.into();
                let section = r.opt_str()?.map(Into::into);
                let excerpt = r.str()?.into();
                let initials = r.str()?.into();
                let other = r.u32()?.checked_sub(1);
                let listing = r.varint()? == 1;
                lengths.push(r.varint()? as f32);
                let attrs = r.bytes()?;
                let end = r.at;
                let attrs = end - attrs.len()..end;
                docs.push(Doc { url, title, section, excerpt, other, listing, attrs, initials });
            }
            let dict = r.bytes()?;
            let dict = Part { file: file.clone(), range: r.at - dict.len()..r.at };
            let dict = fst::Map::new(dict).context("the term dictionary is corrupt")?;
            let postings = r.bytes()?;
            let postings = r.at - postings.len()..r.at;
            let average = (lengths.iter().sum::<f32>() / lengths.len().max(1) as f32).max(1.0);
            let (lifted_at, lifted) =
                lifted_pages(&file, &docs, dict.len()).context("a page's title or heading terms are corrupt")?;
            let dir = crate::routes::directory_url(lang);
            let services = docs
                .iter()
                .enumerate()
                .filter(|(_, d)| is_service_page(lang, &d.url))
                .map(|(i, d)| (d.url[dir.len()..].into(), i as u32))
                .collect();
            let (slugged_at, slugged) = slugged_pages(lang, &docs, &dict);
            let listings =
                docs.iter().enumerate().filter(|(_, d)| d.listing).map(|(i, d)| (d.title.clone(), i as u32)).collect();
            langs.insert(
                lang,
                LangIndex {
                    docs,
                    lengths,
                    average,
                    dict,
                    postings,
                    lifted_at,
                    lifted,
                    services,
                    listings,
                    slugged_at,
                    slugged,
                },
            );
        }
        anyhow::ensure!(r.at == file.len(), "{} bytes after the index", file.len() - r.at);
        // A page's other-language place must be in that language's table.
        for (lang, ix) in &langs {
            let others = langs.get(&lang.other()).map_or(0, |o| o.docs.len());
            anyhow::ensure!(
                ix.docs.iter().all(|d| d.other.is_none_or(|o| (o as usize) < others)),
                "a page out of range"
            );
        }
        Ok(Index { file, langs, synonyms, public: None, remembered: Default::default() })
    }

    pub(crate) fn pages(&self, lang: Lang) -> usize {
        self.langs.get(&lang).map_or(0, |l| l.docs.len())
    }

    /// The best `limit` pages for a query, in the language's index. A query mostly in the
    /// other language's words ("speech therapy", "appeal" on the Welsh side) is ranked in
    /// that language and answered with the same pages in this one.
    pub(crate) fn search(&self, lang: Lang, query: &str, limit: usize) -> Results {
        let Some(ix) = self.langs.get(&lang) else { return Results { hits: vec![], total: 0 } };
        let (qwords, unknown, words) = self.query_words(lang, ix, query);
        let mut ranked = self.rank(lang, ix, &qwords, &Index::asked(lang, query));
        if unknown > 0
            && unknown * 2 >= words
            && let Some(other) = self.langs.get(&lang.other())
        {
            let (oq, other_unknown, _) = self.query_words(lang.other(), other, query);
            // Or as many, when this language finds nothing: a misspelt word of the other
            // language ("safegaurding" on the Welsh side) is corrected there.
            if other_unknown < unknown || ranked.is_empty() {
                let mut seen = HashSet::new();
                let mapped: Vec<(u32, f32)> = self
                    .rank(lang.other(), other, &oq, &Index::asked(lang.other(), query))
                    .into_iter()
                    .filter_map(|(d, s)| {
                        let doc = &other.docs[d as usize];
                        let service = || {
                            let slug = doc.url.strip_prefix(crate::routes::directory_url(lang.other()))?;
                            ix.services.get(slug).copied()
                        };
                        Some((doc.other.or_else(service)?, s))
                    })
                    .filter(|(d, _)| seen.insert(*d))
                    .collect();
                if !mapped.is_empty() {
                    ranked = mapped;
                }
            }
        }
        let matched: HashSet<&str> = qwords.iter().flatten().map(String::as_str).collect();
        // Whether a word is a query word, for every snippet: the pages share most words.
        // Keyed by the shown pages' words (see `Remembered`).
        let mut seen: rustc_hash::FxHashMap<String, bool> = Default::default();
        let hits = ranked
            .iter()
            .take(limit)
            .map(|&(d, _)| {
                let doc = &ix.docs[d as usize];
                Hit {
                    url: doc.url.to_string(),
                    title: doc.title.to_string(),
                    section: doc.section.as_deref().map(str::to_string),
                    snippet: self.snippet(lang, doc, &matched, &mut seen),
                    service: is_service_page(lang, &doc.url),
                }
            })
            .collect();
        Results { hits, total: ranked.len() }
    }

    /// A query's words as terms to look up (each word: its terms, a Welsh word's other
    /// endings, its glossary groups, or the site's words near it if misspelt); how many
    /// words the index does not know as typed, and how many words there are.
    fn query_words(&self, lang: Lang, ix: &LangIndex, query: &str) -> (Vec<Vec<String>>, usize, usize) {
        let mut analyser = Analyser::new(lang);
        analyser.fill(query);
        let tokens = analyser.tokens(query);
        let mut query_terms: Vec<Vec<String>> = tokens.iter().map(|t| t.terms.to_vec()).collect();
        // A glossary term in the query ("IDP", "cynllun datblygu unigol") also matches every
        // other way of saying it.
        let found = self.synonyms.find(lang, &tokens);
        add_synonyms(&mut query_terms, found);
        // "SEND" in capitals is the abbreviation, not the verb the pages also say: only its
        // glossary group is searched for.
        for (terms, token) in query_terms.iter_mut().zip(&tokens) {
            if ORDINARY_ABBREVIATIONS.contains(&token.raw) && terms.iter().any(|t| t.starts_with(SYNONYM_MARK)) {
                terms.retain(|t| t.starts_with(SYNONYM_MARK));
            }
        }
        let (mut unknown, mut words) = (0, 0);
        // Whether each word is still searched for: a misspelt word with no word near it is not.
        let mut kept = vec![true; query_terms.len()];
        let mut changed = false;
        // The second words of words typed run together ("flexischooling"), by the first's place.
        let mut seconds: Vec<(usize, Vec<String>)> = vec![];
        for (i, ((terms, kept), token)) in
            query_terms.iter_mut().zip(&mut kept).zip(&tokens).enumerate().filter(|(_, ((t, _), _))| !t.is_empty())
        {
            words += 1;
            // A Welsh word also matches its plural and verb-noun ("cynllun", "cynlluniau"),
            // which the site may say when it never says the word as typed ("apêl").
            let inflect = |terms: &mut Vec<String>| -> bool {
                if lang != Lang::Cy {
                    return false;
                }
                let more: Vec<String> = terms.iter().flat_map(|t| self.inflections(ix, t)).collect();
                let before = terms.len();
                for t in more {
                    if !terms.contains(&t) {
                        terms.push(t);
                    }
                }
                terms.len() > before
            };
            changed |= inflect(terms);
            // An abbreviation the site never writes, in capitals ("CAMHS"), is a title's
            // initials before it is a misspelling ("came", "camp").
            let unknown_here = terms.iter().all(|t| ix.dict.get(t).is_none());
            if unknown_here
                && is_abbreviation(token.raw)
                && let Some((first, rest)) = Index::initials(lang, ix, token.folded).split_first()
            {
                *terms = first.clone();
                seconds.extend(rest.iter().map(|r| (i, r.clone())));
                changed = true;
                continue;
            }
            // A word the site never uses is probably misspelt: try the site's words close to it.
            if unknown_here {
                unknown += 1;
                *terms = self.near(lang, ix, token.folded, &terms[0]);
                // A Welsh word is read through its mutations ("mhlentyn" is "plentyn"), and a
                // corrected one as it would be typed right: the term near the misspelling is
                // the site's word as written, often mutated.
                if lang == Lang::Cy {
                    let mut radicals: Vec<String> = vec![];
                    for r in terms.iter().flat_map(|t| fold::terms_of_folded(lang, t)) {
                        if !radicals.contains(&r) && ix.dict.get(&r).is_some() {
                            radicals.push(r);
                        }
                    }
                    *terms = radicals;
                }
                // A title's initials typed in lower case ("camhs"), with no word near them.
                if terms.is_empty()
                    && let Some((first, rest)) = Index::initials(lang, ix, token.folded).split_first()
                {
                    *terms = first.clone();
                    seconds.extend(rest.iter().map(|r| (i, r.clone())));
                    unknown -= 1;
                }
                // Two of the site's words run together, with no word near them.
                if terms.is_empty()
                    && let Some((first, second)) = Index::split(lang, ix, token.folded)
                {
                    *terms = first;
                    seconds.push((i, second));
                }
                *kept = !terms.is_empty();
                changed = true;
                inflect(terms);
            } else if self.foreign(lang, ix, token) {
                unknown += 1;
            }
        }
        // A glossary term misspelt or inflected ("individul developement plan") is still
        // that term, with every other way of saying it.
        if changed {
            let corrected: Vec<Token<'_>> = tokens
                .iter()
                .zip(&query_terms)
                .map(|(t, terms)| Token { raw: t.raw, folded: t.folded, terms })
                .collect();
            let found = self.synonyms.find(lang, &corrected);
            add_synonyms(&mut query_terms, found);
        }
        for (i, second) in seconds.into_iter().rev() {
            query_terms.insert(i + 1, second);
            kept.insert(i + 1, true);
        }
        let qwords = query_terms.into_iter().zip(kept).filter(|(t, k)| *k && !t.is_empty()).map(|(t, _)| t).collect();
        (qwords, unknown, words)
    }

    /// The words an abbreviation the site never writes stands for, read from the pages'
    /// titles: each of its letters the first letter of a title's word, in order, a stop
    /// word's letter taken or skipped ("CAMHS": "Specialist child and adolescent mental
    /// health services"; "SALT" and "SLT": "Children's speech and language therapy").
    /// Parents call services by their initials; the site names them in full. The terms of
    /// each word the letters stand for (not the stop words), with those of any other title
    /// spelling it in as many words; empty when none does. Three letters or more: two spell
    /// too many titles.
    fn initials(lang: Lang, ix: &LangIndex, folded: &str) -> Vec<Vec<String>> {
        const MAX_TITLES_SPELT: usize = 3;
        let abbr: Vec<char> = folded.chars().collect();
        if abbr.len() < 3 || !abbr.iter().all(char::is_ascii_lowercase) {
            return vec![];
        }
        let mut out: Vec<Vec<String>> = vec![];
        // Every title is looked at: one buffer for them all, not a list a page.
        let mut letters: Vec<char> = vec![];
        // The titles it spells, by their words: letters that spell many titles name none of
        // them (and each title's words would be one more alternative for the query to rank).
        let mut spelt_titles: Vec<Vec<Vec<String>>> = vec![];
        for doc in &ix.docs {
            letters.clear();
            letters.extend(doc.initials.chars());
            let Some((from, to)) = (0..letters.len()).find_map(|i| spelt(&letters, i, &abbr).map(|end| (i, end)))
            else {
                continue;
            };
            let words: Vec<Vec<String>> = fold::words(&doc.title)
                .take(to)
                .skip(from)
                .map(|(_, w)| fold::terms_of_folded(lang, &fold::fold(w)))
                .filter(|terms| !terms.is_empty())
                .map(|terms| terms.into_iter().filter(|t| ix.dict.get(t).is_some()).collect())
                .collect();
            if !spelt_titles.contains(&words) {
                if spelt_titles.len() == MAX_TITLES_SPELT {
                    return vec![];
                }
                spelt_titles.push(words.clone());
            }
            if out.is_empty() {
                out = words;
            } else if out.len() == words.len() {
                for (place, terms) in out.iter_mut().zip(words) {
                    for t in terms {
                        if !place.contains(&t) {
                            place.push(t);
                        }
                    }
                }
            }
        }
        if out.iter().any(Vec::is_empty) { vec![] } else { out }
    }

    /// A word the site never says cut into two it does ("flexischooling": "flexi",
    /// "schooling"), each of three letters or more; the first cut that works. A word's
    /// length in lookups.
    fn split(lang: Lang, ix: &LangIndex, folded: &str) -> Option<(Vec<String>, Vec<String>)> {
        let known = |w: &str| -> Vec<String> {
            fold::terms_of_folded(lang, w).into_iter().filter(|t| ix.dict.get(t).is_some()).collect()
        };
        for (at, _) in folded.char_indices().skip(3) {
            let (a, b) = folded.split_at(at);
            if b.chars().count() < 3 {
                break;
            }
            let (first, second) = (known(a), known(b));
            if !first.is_empty() && !second.is_empty() {
                return Some((first, second));
            }
        }
        None
    }

    /// Whether a word the pages say is the other language's: its pages there outnumber its
    /// pages here many times over ("drop" or "IDP" quoted in a Welsh glossary entry).
    fn foreign(&self, lang: Lang, ix: &LangIndex, token: &Token<'_>) -> bool {
        let Some(other) = self.langs.get(&lang.other()) else { return false };
        let pages = |ix: &LangIndex, terms: &[String]| {
            terms.iter().filter_map(|t| ix.dict.get(t)).map(|v| self.postings(ix, v).0).max().unwrap_or(0)
        };
        let here = pages(ix, token.terms);
        here > 0 && pages(other, &fold::terms_of_folded(lang.other(), token.folded)) >= FOREIGN * here
    }

    /// The site's Welsh words that are the term with another ending: a plural or a verb-noun
    /// or a noun of the same stem ("cynllun", "cynlluniau"; "apêl", "apelio", "apeliadau";
    /// "ymweld", "ymweliad"), which parents and pages say either way. Found by looking each
    /// up, not by scanning the terms.
    fn inflections(&self, ix: &LangIndex, term: &str) -> Vec<String> {
        if term.starts_with(SYNONYM_MARK) {
            return vec![];
        }
        let mut out: Vec<String> = vec![];
        for stem in std::iter::once(term).chain(fold::cy_stems(term)) {
            for base in std::iter::once(stem.to_string()).chain(fold::cy_h_forms(stem)) {
                for t in fold::cy_forms(&base) {
                    if t != term && !out.contains(&t) && ix.dict.get(&t).is_some() {
                        out.push(t);
                    }
                }
            }
        }
        out
    }

    /// The query's stop words ("beth", "yw", "what"), folded: not searched for, but a title
    /// that asks the query's question says them.
    fn asked(lang: Lang, query: &str) -> Vec<String> {
        fold::words(query).map(|(_, w)| fold::fold(w)).filter(|f| fold::is_stop(lang, f)).collect()
    }

    /// A term's postings: (page, weighted term frequency), and how many there are.
    fn postings(&self, ix: &LangIndex, value: u64) -> (usize, impl Iterator<Item = (u32, f32)> + '_) {
        let bytes = &self.file[ix.postings.clone()];
        let mut at = (value >> 24) as usize;
        let n = file::varint_at(bytes, &mut at) as usize;
        let mut doc = 0u32;
        let list = (0..n).map(move |_| {
            doc = doc.wrapping_add(file::varint_at(bytes, &mut at) as u32);
            (doc, file::varint_at(bytes, &mut at) as f32)
        });
        (n, list)
    }

    /// How a page's title and headings say the query's words (`numbers`: each word's term
    /// numbers): (query words in the title, title words that are query terms, title
    /// words, most query words in one heading). Read straight from the file's bytes: a
    /// common word scores thousands of pages, and this runs for each.
    fn lifts(
        &self,
        doc: &Doc,
        numbers: &[Vec<u32>],
        all_terms: &[u32],
        said: &mut Vec<bool>,
    ) -> (usize, usize, usize, usize) {
        let bytes = &self.file[doc.attrs.clone()];
        let mut at = 0;
        let mut read = || file::varint_at(bytes, &mut at);
        // Which query words a sorted list of term numbers says, into `seen`; whether it
        // says any query term.
        let says = |n: u64, seen: &mut [bool], read: &mut dyn FnMut() -> u64| -> bool {
            let (mut t, mut any) = (0u64, false);
            for _ in 0..n {
                t += read();
                let Ok(t) = u32::try_from(t) else { continue };
                if all_terms.binary_search(&t).is_ok() {
                    any = true;
                    for (q, nums) in numbers.iter().enumerate() {
                        seen[q] |= nums.contains(&t);
                    }
                }
            }
            any
        };
        said.clear();
        said.resize(numbers.len(), false);
        let mut covered = 0;
        let title_words = read() as usize;
        for _ in 0..title_words {
            let n = read();
            covered += usize::from(says(n, said, &mut read));
        }
        let mut best_heading = 0;
        let mut seen = vec![false; numbers.len()];
        for _ in 0..read() {
            seen.iter_mut().for_each(|s| *s = false);
            let n = read();
            says(n, &mut seen, &mut read);
            best_heading = best_heading.max(seen.iter().filter(|s| **s).count());
        }
        (said.iter().filter(|s| **s).count(), covered, title_words, best_heading)
    }

    /// The site's terms within one or two edits of a misspelt word (two for a word of eight
    /// letters or more, as typed). An English word is looked for as the stemmer cut it and,
    /// when no term is near that, as typed, without an ending, and with a last "y" as the
    /// stemmer writes it ("i"): the stemmer cannot cut a misspelt word as it cuts the word
    /// meant ("thnking" keeps its "ing"; "evning" is cut to "evn", too short to correct;
    /// "pohne" to "pohn", two edits from "phone"), and a word with no term near it is
    /// dropped from the query.
    fn near(&self, lang: Lang, ix: &LangIndex, folded: &str, term: &str) -> Vec<String> {
        use fst::{IntoStreamer as _, Streamer as _};
        let max = match folded.chars().count() {
            0..=3 => return vec![],
            4..=7 => 1,
            _ => 2,
        };
        let mut keys: Vec<String> = vec![term.to_string()];
        if lang == Lang::En {
            keys.push(folded.to_string());
            keys.extend(ENGLISH_ENDINGS.iter().filter_map(|e| folded.strip_suffix(e)).map(str::to_string));
            let i_for_y: Vec<String> =
                keys.iter().filter_map(|k| k.strip_suffix('y')).map(|k| format!("{k}i")).collect();
            keys.extend(i_for_y);
        }
        let mut found: Vec<(String, usize)> = vec![];
        for (n, key) in keys.iter().enumerate() {
            if !found.is_empty() || key.chars().count() < 3 || keys[..n].contains(key) {
                continue;
            }
            let mut stream = ix.dict.search(fold::Within::new(key, max)).into_stream();
            while let Some((t, v)) = stream.next() {
                let Ok(t) = std::str::from_utf8(t) else { continue };
                if !t.starts_with(SYNONYM_MARK) {
                    found.push((t.to_string(), self.postings(ix, v).0));
                }
            }
        }
        // The commonest first, and not too many: a typo rarely means a rare word.
        found.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        found.into_iter().take(5).map(|(t, _)| t).collect()
    }

    /// Pages by score for a query's words (BM25, each word once per page by its best term,
    /// a penalty for words a page lacks, and the title and heading lifts), best first.
    fn rank(&self, lang: Lang, ix: &LangIndex, qwords: &[Vec<String>], asked: &[String]) -> Vec<(u32, f32)> {
        if qwords.is_empty() {
            return vec![];
        }
        // A query of nouns and no other words ("IDP appeal", "tribiwnlys anghenion dysgu
        // ychwanegol") names a thing by its head, which English puts last and Welsh first,
        // the other words saying which one: a title that says the head says more of it.
        let head = match (asked.is_empty() && qwords.len() > 1, lang) {
            (false, _) => None,
            (true, Lang::En) => Some(qwords.len() - 1),
            (true, Lang::Cy) => Some(0),
        };
        let n = ix.docs.len() as f32;
        // Dense per page, with the pages touched listed: faster than maps at thousands of pages.
        let mut scores: Vec<(f32, u32)> = vec![(0.0, 0); ix.docs.len()];
        let mut best: Vec<f32> = vec![-1.0; ix.docs.len()];
        let mut touched: Vec<u32> = vec![];
        let mut scored: Vec<u32> = vec![];
        // Each word's terms as the file's term numbers, for the title and heading lifts.
        let mut numbers: Vec<Vec<u32>> = vec![];
        // The words that ask for a list ("list of drop-in sessions", "rhestr o wasanaethau"):
        // every section's listing says them, as the list it is.
        let list_terms: Vec<String> =
            LIST_WORDS.iter().flat_map(|w| [Lang::Cy, Lang::En].map(|l| fold::terms(l, w))).flatten().collect();
        let asks_list: Vec<bool> = qwords.iter().map(|terms| terms.iter().any(|t| list_terms.contains(t))).collect();
        let lists = asks_list.iter().filter(|a| **a).count();
        for (terms, &asks_list) in qwords.iter().zip(&asks_list) {
            // A word counts once per page, by its best-matching term, and is as rare as its
            // commonest term: "mhlentyn" is "plentyn", and "ADY" is "anghenion dysgu
            // ychwanegol" (its glossary group). Weighing each form by its own rarity would
            // put the pages that use the abbreviation, or a mutated form, above the page
            // that spells it out: "fy mhlentyn ady" is asking what ADY is.
            let values: Vec<u64> = terms.iter().filter_map(|t| ix.dict.get(t)).collect();
            numbers.push(values.iter().map(|v| (v & 0xff_ffff) as u32).collect());
            let widest = values.iter().map(|&v| self.postings(ix, v).0).max().unwrap_or(0) as f32;
            let idf = ((n - widest + 0.5) / (widest + 0.5) + 1.0).ln();
            let mut add = |doc: u32, tf: f32| {
                let Some(&length) = ix.lengths.get(doc as usize) else { return };
                let norm = K1 * (1.0 - B + B * length / ix.average);
                let s = idf * tf * (K1 + 1.0) / (tf + norm);
                let e = &mut best[doc as usize];
                if *e < 0.0 {
                    touched.push(doc);
                    *e = s;
                } else {
                    *e = e.max(s);
                }
            };
            for &v in &values {
                for (doc, tf) in self.postings(ix, v).1 {
                    add(doc, tf);
                }
            }
            // A word of the page's address counts as a word of its title.
            for &t in numbers.last().into_iter().flatten() {
                let (from, to) = (ix.slugged_at[t as usize] as usize, ix.slugged_at[t as usize + 1] as usize);
                ix.slugged[from..to].iter().for_each(|&doc| add(doc, TITLE_WEIGHT as f32));
            }
            if asks_list {
                ix.listings.values().for_each(|&doc| add(doc, TITLE_WEIGHT as f32));
            }
            for doc in touched.drain(..) {
                let e = &mut scores[doc as usize];
                if e.1 == 0 {
                    scored.push(doc);
                }
                e.0 += best[doc as usize];
                e.1 += 1;
                best[doc as usize] = -1.0;
            }
        }
        let words = qwords.len() as f32;
        let mut all_terms: Vec<u32> = numbers.iter().flatten().copied().collect();
        all_terms.sort_unstable();
        all_terms.dedup();
        // The pages that say a query term in their title or a heading; any other page's
        // lift is exactly 1 (no title or heading word is the query's), so it is not scanned.
        let mut liftable = vec![false; ix.docs.len()];
        for &t in &all_terms {
            let (from, to) = (ix.lifted_at[t as usize] as usize, ix.lifted_at[t as usize + 1] as usize);
            ix.lifted[from..to].iter().for_each(|&d| liftable[d as usize] = true);
        }
        let mut said_buf = vec![];
        // Which query words each section's name says (its listing's title), found once a section.
        // With them, how many of its name's words are query terms, and how many words it has.
        let mut sections: HashMap<&str, (Vec<bool>, usize, usize)> = HashMap::new();
        let mut ranked: Vec<(u32, f32)> = scored
            .into_iter()
            .map(|d| {
                let (s, m) = scores[d as usize];
                let doc = &ix.docs[d as usize];
                let (said, covered, title_words, in_heading) = if liftable[d as usize] {
                    self.lifts(doc, &numbers, &all_terms, &mut said_buf)
                } else {
                    (0, 0, 0, 0)
                };
                // A page's section's name is part of its name: "session about exams" is the
                // drop-in session (section "Drop-in sessions") titled for exams.
                let mut names = vec![false; qwords.len()];
                if covered > 0 {
                    names.iter_mut().zip(&said_buf).for_each(|(n, s)| *n |= *s);
                }
                // The section's name's words, when it says a query word the title does not,
                // count in the share of the page's name the query says.
                let (mut name_covered, mut name_words) = (covered, title_words);
                let named = match doc.section.as_deref().filter(|_| covered > 0) {
                    Some(section) => {
                        let (in_section, sc, sw) = sections.entry(section).or_insert_with(|| {
                            let mut buf = vec![];
                            let (mut sc, mut sw) = (0, 0);
                            match ix.listings.get(section) {
                                Some(&l) if liftable[l as usize] => {
                                    let (_, c, w, _) = self.lifts(&ix.docs[l as usize], &numbers, &all_terms, &mut buf);
                                    (sc, sw) = (c, w);
                                }
                                _ => buf.resize(numbers.len(), false),
                            }
                            (buf, sc, sw)
                        });
                        names.iter_mut().zip(in_section.iter()).for_each(|(n, s)| *n |= *s);
                        if said_buf.iter().zip(in_section.iter()).any(|(a, b)| !*a && *b) {
                            (name_covered, name_words) = (covered + *sc, title_words + *sw);
                        }
                        said_buf.iter().zip(in_section.iter()).filter(|(a, b)| **a || **b).count()
                    }
                    None => said,
                };
                // A listing's title says the words that ask for a list.
                let (said, named) = match doc.listing {
                    true => ((said + lists).min(qwords.len()), (named + lists).min(qwords.len())),
                    false => (said, named),
                };
                let said = said as f32 / words;
                let named = named as f32 / words;
                // The share of the title's words the query says, so a longer title that
                // includes the query counts for less; with its section's name's words when
                // the section says a query word the title does not ("arholiadau addysg yn y
                // cartref": "Arholiadau a chymwysterau" in "Addysg ddewisol yn y cartref").
                // Else that page, named by its title and section together, was lifted less
                // than a session whose one long title says the same words.
                let precision = name_covered as f32 / name_words.max(1) as f32;
                // The home page's title names the site's subject, which every page is about:
                // a query that shares some words with it ("do I need permission to home
                // educate") is not asking for the home page, so its title lifts it only when
                // it says every word of the query. (Not so a section's listing, whose title
                // a query names with another word to ask for the section: "drop in session
                // dates".)
                let named = if is_home_page(&doc.url) && said < 1.0 { 0.0 } else { named };
                // The head of a query of nouns counts twice in the share its title says.
                let named = match head {
                    Some(h) if named > 0.0 && named < 1.0 => {
                        let said = names.iter().filter(|n| **n).count() + usize::from(names[h]);
                        named.min(said as f32 / (words + 1.0))
                    }
                    _ => named,
                };
                let mut lift = 1.0 + TITLE_BONUS * named * precision;
                if doc.listing && said >= 1.0 {
                    lift += LISTING_BONUS;
                }
                lift += HEADING_BONUS * (in_heading as f32 / words).powi(2);
                if said >= 1.0 && !asked.is_empty() {
                    let title: Vec<String> = fold::words(&doc.title).map(|(_, w)| fold::fold(w)).collect();
                    let says = asked.iter().filter(|a| title.contains(a)).count();
                    lift += QUESTION_BONUS * says as f32 / (words + asked.len() as f32);
                }
                (d, s * (m as f32 / words).powi(2) * lift)
            })
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked
    }

    /// The page's body text for its snippet: from the built page when it can be read (the
    /// index keeps only an excerpt), else the excerpt.
    /// The text is remembered with the file's modified time, so a page is read and
    /// extracted again only when it has been rebuilt.
    fn text_of(&self, doc: &Doc) -> Arc<str> {
        let page = self.public.as_ref().and_then(|p| {
            let rel = doc.url.trim_start_matches('/');
            // Addresses come from the index this porth wrote; never read outside the site.
            if rel.split('/').any(|s| s == "..") {
                return None;
            }
            let path = p.join(rel).join("index.html");
            let modified = std::fs::metadata(&path).and_then(|m| m.modified()).ok()?;
            if let Some((when, text)) = self.remember().texts.get(&doc.url)
                && *when == modified
            {
                return Some(text.clone());
            }
            let html = std::fs::read(&path).ok()?;
            let e = extract::extract(std::str::from_utf8(&html).ok()?)?;
            let text: Arc<str> = body(&e.text, &e.title).into();
            let mut remembered = self.remember();
            if remembered.texts.len() >= REMEMBERED_PAGES {
                remembered.texts.clear();
            }
            remembered.texts.insert(doc.url.clone(), (modified, text.clone()));
            Some(text)
        });
        page.unwrap_or_else(|| doc.excerpt.as_ref().into())
    }

    /// What snippets remember; a panic elsewhere while it was held leaves nothing half
    /// written that matters (a page's text or a word's terms is inserted whole).
    fn remember(&self) -> std::sync::MutexGuard<'_, Remembered> {
        self.remembered.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// About thirty words of the page around where most query words are, escaped, with the
    /// matched words in `<mark>`.
    fn snippet(
        &self,
        lang: Lang,
        doc: &Doc,
        matched: &HashSet<&str>,
        seen: &mut rustc_hash::FxHashMap<String, bool>,
    ) -> String {
        const WINDOW: usize = 30;
        let text = self.text_of(doc);
        let text = &*text;
        let tokens: Vec<(usize, &str)> = fold::words(text).collect();
        // Each distinct word is looked at once a query (a page repeats its words), and
        // folded once while the index is loaded.
        let mut remembered = self.remember();
        let mut hit: Vec<bool> = tokens
            .iter()
            .map(|&(_, w)| match seen.get(w) {
                Some(&h) => h,
                None => {
                    let h = remembered.terms(lang, w).iter().any(|t| matched.contains(t.as_str()));
                    seen.insert(w.to_string(), h);
                    h
                }
            })
            .collect();
        // Where the text says a glossary term the query asked for.
        if matched.iter().any(|m| m.starts_with(SYNONYM_MARK)) {
            let analysed = remembered.analysed(lang, &tokens, &self.synonyms);
            let words: Vec<&Analysed> = tokens.iter().map(|&(_, w)| &analysed[w]).collect();
            let read: Vec<Token<'_>> = tokens
                .iter()
                .zip(&words)
                .map(|(&(_, raw), a)| Token { raw, folded: &a.folded, terms: &a.terms })
                .collect();
            for (start, len, key) in self.synonyms.find_among(lang, &read, |i| &words[i].phrases) {
                if matched.contains(key.as_str()) {
                    hit[start..start + len].iter_mut().for_each(|h| *h = true);
                }
            }
        }
        drop(remembered);
        let mut best = (0, 0);
        let mut count = 0;
        for i in 0..tokens.len() {
            count += usize::from(hit[i]);
            if i >= WINDOW {
                count -= usize::from(hit[i - WINDOW]);
            }
            if count > best.1 {
                best = ((i + 1).saturating_sub(WINDOW), count);
            }
        }
        let from = best.0;
        let to = (from + WINDOW).min(tokens.len());
        if from >= to {
            return String::new();
        }
        let mut out = String::new();
        if from > 0 {
            out.push_str("… ");
        }
        let mut pos = tokens[from].0;
        for (i, &(at, w)) in tokens.iter().enumerate().take(to).skip(from) {
            out.push_str(&escape(&text[pos..at]));
            if hit[i] {
                out.push_str("<mark>");
                out.push_str(&escape(w));
                out.push_str("</mark>");
            } else {
                out.push_str(&escape(w));
            }
            pos = at + w.len();
        }
        if to < tokens.len() {
            out.push_str(" …");
        } else {
            out.push_str(&escape(&text[pos..]));
        }
        out.replace('\n', " ")
    }
}

/// A page's text without its title, which `extract` puts first (it is the `<h1>`).
fn body<'a>(text: &'a str, title: &str) -> &'a str {
    text.strip_prefix(title).map_or(text, str::trim_start)
}

/// Each query word's terms with the glossary groups found saying it (`Synonyms::find`).
fn add_synonyms(terms: &mut [Vec<String>], found: Vec<(usize, usize, String)>) {
    for (start, len, key) in found {
        for t in &mut terms[start..start + len] {
            if !t.contains(&key) {
                t.push(key.clone());
            }
        }
    }
}

/// Words that ask for a list of a section's pages: a section's listing says them.
const LIST_WORDS: &[&str] = &["list", "lists", "all", "every", "rhestr", "rhestrau", "pob", "holl"];

/// English endings a misspelt word is looked for without (`Index::near`), longest first.
const ENGLISH_ENDINGS: &[&str] = &[
    "ations", "ation", "ments", "ment", "ings", "ions", "ing", "ion", "ers", "ity", "ed", "es", "er", "ly", "al", "s",
];

/// How many times more pages a word must have in the other language to be that language's.
const FOREIGN: usize = 8;

/// How much a title that says the query lifts a page: by the share of the query's words in
/// the title, times the share of the title's words that are the query's, so the page about
/// a thing ("Drop-in sessions") leads the pages that mention it in passing and the pages
/// whose longer titles include it ("Drop-in for home-educating families").
const TITLE_BONUS: f32 = 2.0;
/// The extra lift for a section's listing page whose title the query says whole.
const LISTING_BONUS: f32 = 1.0;
/// The lift for a heading that asks the query (by the square of the share of its words the
/// best heading has): "Do I have to send my child to school?" answers that question.
const HEADING_BONUS: f32 = 1.0;
/// The lift for a title that says all the query's words and its question words too ("beth
/// yw ADY" asks the page titled "Beth yw anghenion dysgu ychwanegol?", not the section's
/// listing), by the share of the query's words that are question words the title says.
const QUESTION_BONUS: f32 = 1.0;

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A distinct word as the index writer sees it in one language: folded, its terms and
/// their numbers, and the glossary phrases that can begin with it (`Synonyms::candidates`).
/// The language's words as folded above, by word number: dense, since the table numbers
/// both languages' words and a language uses about half of them.
struct Cache {
    slot: Vec<u32>,
    seen: Vec<Seen>,
}

impl Cache {
    fn get(&self, id: u32) -> &Seen {
        &self.seen[self.slot[id as usize] as usize]
    }
}

struct Seen {
    folded: String,
    terms: Vec<String>,
    ids: Vec<u32>,
    phrases: Vec<usize>,
}

/// A word of a text as search sees it: as written, folded, and its terms.
struct Token<'a> {
    raw: &'a str,
    folded: &'a str,
    terms: &'a [String],
}

/// Folds each distinct word once: a site repeats its words, and folding (with the Welsh
/// radicals) is most of what indexing costs. Fill it with every text, then read tokens.
struct Analyser<'a> {
    lang: Lang,
    words: HashMap<&'a str, (String, Vec<String>)>,
}

impl<'a> Analyser<'a> {
    fn new(lang: Lang) -> Self {
        Analyser { lang, words: HashMap::new() }
    }

    fn fill(&mut self, text: &'a str) {
        for (_, raw) in fold::words(text) {
            self.words.entry(raw).or_insert_with(|| {
                let folded = fold::fold(raw);
                let terms = fold::terms_of_folded(self.lang, &folded);
                (folded, terms)
            });
        }
    }

    fn tokens<'s>(&'s self, text: &'a str) -> Vec<Token<'s>>
    where
        'a: 's,
    {
        fold::words(text)
            .map(|(_, raw)| {
                let (folded, terms) = &self.words[raw];
                Token { raw, folded, terms }
            })
            .collect()
    }
}

/// A Welsh word's terms with a plural or verb-noun ending taken off ("cynlluniau" →
/// "cynllun", "anghytundebau" → "anghytundeb"), and an abbreviation's plural without its
/// "-au" ("CDUau" → "cdu"). Glossary phrases are matched by these too, on both sides: an
/// entry names a thing once, in the singular or the plural, and a page's title says it
/// either way ("Cynlluniau datblygu unigol (CDUau)" is the page about "CDU: cynllun
/// datblygu unigol"). The same endings and shortest stem as a query word's inflections.
fn cy_stems(raw: &str, terms: &[String]) -> Vec<String> {
    let mut out: Vec<String> = vec![];
    for t in terms {
        for s in fold::cy_stems(t) {
            if !out.iter().any(|o| o == s) {
                out.push(s.to_string());
            }
        }
    }
    if let Some(abbr) = abbreviation_plural(raw) {
        out.push(fold::fold(abbr));
    }
    out
}

/// Whether one of a Welsh word's stems (`cy_stems`) is among `own`: what `cy_stems` would
/// give, looked through without making it. The glossary matcher asks this of the word after
/// each word a phrase can begin with, on every Welsh page ("yn" begins "yn ôl i'r ysgol").
fn stem_among(raw: &str, terms: &[String], own: &[String]) -> bool {
    // A stem is its term with an ending off: only a term that one of `own` begins (and is
    // shorter than) can have it as a stem, which most words after "yn" cannot.
    terms.iter().any(|t| {
        own.iter().any(|o| o.len() < t.len() && t.starts_with(o.as_str()))
            && fold::cy_stems(t).any(|s| own.iter().any(|o| o == s))
    }) || abbreviation_plural(raw).is_some_and(|abbr| own.contains(&fold::fold(abbr)))
}

/// An abbreviation with the Welsh plural ending, without it: "CDUau" → "CDU".
fn abbreviation_plural(raw: &str) -> Option<&str> {
    raw.strip_suffix("au").filter(|abbr| is_abbreviation(abbr))
}

/// Where the words of a title whose first letters (`Doc::initials`, a stop word's in
/// capitals) spell an abbreviation end, when they start at `at` with a word that is not a
/// stop word: a stop word's letter may be one of the abbreviation's or not ("CAMHS" skips
/// the "and" of "child and adolescent", "SALT" takes the "and" of "speech and language").
fn spelt(letters: &[char], at: usize, abbr: &[char]) -> Option<usize> {
    let (first, rest) = abbr.split_first()?;
    (letters.get(at) == Some(first)).then_some(())?;
    let mut ends = vec![];
    spelt_rest(letters, at + 1, rest, &mut ends);
    ends.first().copied()
}

/// The rest of `spelt`: each place the abbreviation's remaining letters can end.
fn spelt_rest(letters: &[char], at: usize, abbr: &[char], ends: &mut Vec<usize>) {
    let Some((&first, rest)) = abbr.split_first() else {
        ends.push(at);
        return;
    };
    let Some(&c) = letters.get(at) else { return };
    if c.is_uppercase() {
        if c.to_ascii_lowercase() == first {
            spelt_rest(letters, at + 1, rest, ends);
        }
        spelt_rest(letters, at + 1, abbr, ends);
    } else if c == first {
        spelt_rest(letters, at + 1, rest, ends);
    }
}

/// Whether a word is written as an abbreviation: two capitals or more ("ALN", "ALl", "ALNCo").
fn is_abbreviation(w: &str) -> bool {
    w.chars().filter(|c| c.is_uppercase()).count() >= 2
}

/// Marks a synonym group's term, which no word can produce.
const SYNONYM_MARK: char = '\u{1}';

/// Synonym groups, as sequences of words to look for in a text.
struct Synonyms {
    phrases: Vec<(Vec<Word>, String)>,
    /// Phrases by what their first word can match (folded word or term), per language.
    first: HashMap<Lang, HashMap<String, Vec<usize>>>,
}

enum Word {
    /// A word matches if it folds the same or shares a term (so "gynllun" matches "cynllun").
    Terms { folded: String, cy: Vec<String>, en: Vec<String> },
    /// An abbreviation that is also an ordinary word ("ALl", the Welsh for "LA", is "all"):
    /// matched only as written.
    Exact(String),
}

impl Word {
    fn keys(&self, lang: Lang) -> Vec<&str> {
        match self {
            Word::Exact(e) => vec![e.as_str()],
            Word::Terms { folded, cy, en } => {
                let terms = if lang == Lang::Cy { cy } else { en };
                std::iter::once(folded.as_str()).chain(terms.iter().map(String::as_str)).collect()
            }
        }
    }
}

impl Synonyms {
    fn new(groups: &[Vec<String>]) -> Synonyms {
        let mut phrases = vec![];
        for (g, names) in groups.iter().enumerate() {
            let key = format!("{SYNONYM_MARK}{g}");
            for name in names {
                let words: Vec<Word> = fold::words(name)
                    .map(|(_, w)| {
                        let folded = fold::fold(w);
                        let ordinary = [Lang::Cy, Lang::En].iter().any(|&l| fold::is_stop(l, &folded))
                            || ORDINARY_ABBREVIATIONS.contains(&w);
                        if ordinary && is_abbreviation(w) {
                            Word::Exact(w.to_string())
                        } else {
                            let mut cy = fold::terms(Lang::Cy, w);
                            for s in cy_stems(w, &cy) {
                                if !cy.contains(&s) {
                                    cy.push(s);
                                }
                            }
                            Word::Terms { cy, en: fold::terms(Lang::En, w), folded }
                        }
                    })
                    .collect();
                if !words.is_empty() {
                    phrases.push((words, key.clone()));
                }
            }
        }
        let mut first: HashMap<Lang, HashMap<String, Vec<usize>>> = HashMap::new();
        for (i, (words, _)) in phrases.iter().enumerate() {
            for lang in [Lang::Cy, Lang::En] {
                for k in words[0].keys(lang) {
                    let list = first.entry(lang).or_default().entry(k.to_string()).or_default();
                    if !list.contains(&i) {
                        list.push(i);
                    }
                }
            }
        }
        Synonyms { phrases, first }
    }

    /// The phrases a word can begin (matched as written, folded, or by a term), in order.
    fn candidates(&self, lang: Lang, raw: &str, folded: &str, terms: &[String]) -> Vec<usize> {
        let Some(first) = self.first.get(&lang) else { return vec![] };
        let mut out: Vec<usize> = vec![];
        let stems = if lang == Lang::Cy { cy_stems(raw, terms) } else { vec![] };
        for k in
            [raw, folded].into_iter().chain(terms.iter().map(String::as_str)).chain(stems.iter().map(String::as_str))
        {
            if let Some(list) = first.get(k) {
                out.extend(list);
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Where the text's words say a glossary term: (first word, number of words, group key).
    fn find(&self, lang: Lang, tokens: &[Token<'_>]) -> Vec<(usize, usize, String)> {
        let phrases: Vec<Vec<usize>> = tokens.iter().map(|t| self.candidates(lang, t.raw, t.folded, t.terms)).collect();
        self.find_among(lang, tokens, |i| &phrases[i])
    }

    /// `find`, with each token's candidate phrases already known (the index writer keeps
    /// them per distinct word).
    fn find_among<'p>(
        &self,
        lang: Lang,
        tokens: &[Token<'_>],
        phrases: impl Fn(usize) -> &'p [usize],
    ) -> Vec<(usize, usize, String)> {
        let matches = |word: &Word, i: usize| -> bool {
            let Token { raw, folded, terms } = &tokens[i];
            match word {
                Word::Exact(e) => raw == e,
                Word::Terms { folded: f, cy, en } => {
                    let own = if lang == Lang::Cy { cy } else { en };
                    f == folded
                        || own.iter().any(|t| terms.iter().any(|u| u == t))
                        || (lang == Lang::Cy && stem_among(raw, terms, own))
                }
            }
        };
        let mut out = vec![];
        for i in 0..tokens.len() {
            for &p in phrases(i) {
                let (words, key) = &self.phrases[p];
                if i + words.len() <= tokens.len() && words.iter().enumerate().all(|(j, w)| matches(w, i + j)) {
                    out.push((i, words.len(), key.clone()));
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests;
