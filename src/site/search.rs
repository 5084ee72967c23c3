//! Site search that understands Welsh, served without JavaScript. `porth build` writes
//! `search-index.json` from the rendered pages (what `extract` reads from each: title,
//! section, headings, the text of `<main>`), so the index can never disagree with the site;
//! `porth serve` loads it and answers queries. Words become terms through `fold` (Welsh
//! mutations and accents, English stemming); the glossary's abbreviations and their
//! expansions, in both languages, become synonyms. Ranking is BM25 over title, headings and
//! body, weighted, with a penalty for query words a page does not have, then lifted for a
//! title that says the query (most for a section's listing) and a heading that asks it; a
//! query in the other language's words is answered with this language's pages (`rank`).
//!
//! Why a small index and not tantivy: the index of 20,000 pages takes about 230 MiB in
//! memory and answers in under 15 ms at p99, it is rebuilt whole on every build, and the
//! part that matters (Welsh folding) would be ours with tantivy too, as a token filter.
//! Tantivy 0.27 would add 60 crates to the build (zstd's C library among them; 151 in its
//! graph) and took 318 s of CPU to compile cold here, more than all of Porth; its on-disk
//! segments, schema and query parser buy nothing a council's site needs. Figures in
//! BENCHMARKS.md.

mod extract;
pub(crate) mod fold;

use crate::lang::Lang;
use anyhow::{Context as _, Result};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// Where the index is written, under the output folder.
pub(crate) const INDEX_FILE: &str = "search-index.json";
/// Bumped when the file's shape changes, so an old file is rebuilt rather than misread.
const VERSION: u32 = 2;

/// A page as search knows it: what is shown in results, and what is searched.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub(crate) struct Doc {
    pub(crate) lang: Lang,
    pub(crate) url: String,
    pub(crate) title: String,
    pub(crate) section: Option<String>,
    pub(crate) headings: Vec<String>,
    pub(crate) text: String,
    /// The same page in the other language, if it has one.
    #[serde(default)]
    pub(crate) other: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct IndexFile {
    version: u32,
    docs: Vec<Doc>,
    /// Glossary terms: each group is every way of saying one thing, in both languages.
    synonyms: Vec<Vec<String>>,
}

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
];

/// Groups of ways of saying one thing that the glossary has no entry for: a parent asking
/// for a deadline asks how long they have, and the pages answer "how long".
const EXTRA_GROUPS: &[&[&str]] = &[&[
    "deadline",
    "time limit",
    "how long",
    "by when",
    "dyddiad cau",
    "terfyn amser",
    "faint o amser",
    "pa mor hir",
    "erbyn pryd",
]];

/// What the index keeps of one rendered page: taken as each page is rendered, so the
/// build never holds every page's HTML at once.
#[derive(Clone)]
pub(crate) struct PageEntry(Doc, Vec<(String, String, String)>);

/// The index entry for a rendered file (path under the output folder, HTML); `None` for
/// files that are not pages.
pub(crate) fn page_entry(path: &Path, html: &[u8]) -> Option<PageEntry> {
    let (lang, url) = page_url(path)?;
    let e = extract::extract(std::str::from_utf8(html).ok()?)?;
    let other = e.alternates.into_iter().find(|(l, _)| *l == lang.other().code()).map(|(_, p)| p);
    let doc = Doc { lang, url, title: e.title, section: e.section, headings: e.headings, text: e.text, other };
    Some(PageEntry(doc, e.terms))
}

/// The index file's bytes, from every page's entry.
#[cfg(test)]
pub(crate) fn index_file(pages: Vec<PageEntry>) -> Vec<u8> {
    let mut out = vec![];
    write_index(pages, &mut out).expect("writing to memory");
    out
}

/// Writes the index file from every page's entry, streamed: on a large site the file is
/// over 100 MB, and holding it whole as well as the entries doubled the build's memory.
pub(crate) fn write_index(mut pages: Vec<PageEntry>, w: impl std::io::Write) -> std::io::Result<()> {
    // Sorted, so the same site always gives the same file, and glossary groups their order.
    pages.sort_by(|a, b| (a.0.lang, &a.0.url).cmp(&(b.0.lang, &b.0.url)));
    let glossary = pages.iter_mut().flat_map(|p| std::mem::take(&mut p.1)).collect();
    let docs = pages.into_iter().map(|p| p.0).collect();
    let file = IndexFile { version: VERSION, docs, synonyms: synonym_groups(glossary) };
    serde_json::to_writer(w, &file).map_err(std::io::Error::other)
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

/// Glossary entries → groups of synonyms. An entry reads "ABBR: expansion" (or just a
/// term), followed by "Welsh: term (ABBR)" or "Saesneg: term (ABBR)"; entries with the
/// same heading id in the two languages are one group.
fn synonym_groups(entries: Vec<(String, String, String)>) -> Vec<Vec<String>> {
    let mut by_id: Vec<(String, Vec<String>)> = vec![];
    for (id, heading, em) in entries {
        if !OTHER_LANGUAGE_LABELS.iter().any(|l| em.starts_with(l)) {
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

/// How much more a word counts in a title or heading than in the body.
const TITLE_WEIGHT: f32 = 5.0;
const HEADING_WEIGHT: f32 = 2.0;
/// BM25's usual constants.
const K1: f32 = 1.2;
const B: f32 = 0.75;

/// One language's pages and their postings: term → (page, weighted term frequency).
struct LangIndex {
    docs: Vec<Doc>,
    postings: HashMap<Box<str>, Vec<(u32, f32)>>,
    lengths: Vec<f32>,
    average: f32,
    /// Per page, where its body text says a glossary term: (first word, words, group key).
    spans: Vec<Vec<(u32, u32, Box<str>)>>,
    /// Per page, the terms of each word of its title that has any (with the glossary
    /// groups of the terms it says).
    titles: Vec<Vec<Vec<Box<str>>>>,
    /// Per page, the terms of each of its headings.
    headings: Vec<Vec<HashSet<Box<str>>>>,
    /// Per page, whether it is a section's listing: other pages name its title as their section.
    listing: Vec<bool>,
    /// Page by address, to find a page's other-language version's place.
    by_url: HashMap<String, u32>,
}

/// The search index, loaded once by `porth serve`.
pub(crate) struct Index {
    langs: HashMap<Lang, LangIndex>,
    synonyms: Synonyms,
}

/// Whether a page is a directory entry's: under the directory's address, not the address itself.
fn is_service_page(lang: Lang, url: &str) -> bool {
    let dir = crate::routes::directory_url(lang);
    url.len() > dir.len() && url.starts_with(dir)
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

impl Index {
    /// Reads `search-index.json` from a built site.
    pub(crate) fn load(public: &Path) -> Result<Index> {
        let path = public.join(INDEX_FILE);
        let bytes =
            std::fs::read(&path).with_context(|| format!("failed to read `{}`; run `porth build`", path.display()))?;
        Index::from_bytes(&bytes).with_context(|| {
            format!("`{}` is not a search index this porth can read; run `porth build`", path.display())
        })
    }

    pub(crate) fn from_bytes(bytes: &[u8]) -> Result<Index> {
        let file: IndexFile = serde_json::from_slice(bytes)?;
        anyhow::ensure!(file.version == VERSION, "index version {} (this porth reads {VERSION})", file.version);
        let synonyms = Synonyms::new(&file.synonyms);
        let mut by_lang: HashMap<Lang, Vec<Doc>> = HashMap::new();
        for d in file.docs {
            by_lang.entry(d.lang).or_default().push(d);
        }
        use rayon::prelude::*;
        let langs = by_lang.into_par_iter().map(|(lang, docs)| (lang, LangIndex::new(lang, docs, &synonyms))).collect();
        Ok(Index { langs, synonyms })
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
        let mut ranked = rank(ix, &qwords);
        if unknown > 0
            && unknown * 2 >= words
            && let Some(other) = self.langs.get(&lang.other())
        {
            let (oq, other_unknown, _) = self.query_words(lang.other(), other, query);
            if other_unknown < unknown {
                let mut seen = HashSet::new();
                let mapped: Vec<(u32, f32)> = rank(other, &oq)
                    .into_iter()
                    .filter_map(|(d, s)| Some((*ix.by_url.get(other.docs[d as usize].other.as_deref()?)?, s)))
                    .filter(|(d, _)| seen.insert(*d))
                    .collect();
                if !mapped.is_empty() {
                    ranked = mapped;
                }
            }
        }
        let matched: HashSet<&str> = qwords.iter().flatten().map(String::as_str).collect();
        let hits = ranked
            .iter()
            .take(limit)
            .map(|&(d, _)| {
                let doc = &ix.docs[d as usize];
                Hit {
                    url: doc.url.clone(),
                    title: doc.title.clone(),
                    section: doc.section.clone(),
                    snippet: self.snippet(lang, ix, d as usize, &matched),
                    service: is_service_page(lang, &doc.url),
                }
            })
            .collect();
        Results { hits, total: ranked.len() }
    }

    /// A query's words as terms to look up (each word: its terms, its glossary groups, or
    /// the site's words near it if misspelt); how many words the index does not know as
    /// typed, and how many words there are.
    fn query_words(&self, lang: Lang, ix: &LangIndex, query: &str) -> (Vec<Vec<String>>, usize, usize) {
        let mut qwords: Vec<Vec<String>> = vec![];
        let mut analyser = Analyser::new(lang);
        analyser.fill(query);
        let tokens = analyser.tokens(query);
        let mut query_terms: Vec<Vec<String>> = tokens.iter().map(|t| t.terms.to_vec()).collect();
        // A glossary term in the query ("IDP", "cynllun datblygu unigol") also matches every
        // other way of saying it.
        for (start, len, key) in self.synonyms.find(lang, &tokens) {
            for t in &mut query_terms[start..start + len] {
                t.push(key.clone());
            }
        }
        let (mut unknown, mut words) = (0, 0);
        for mut terms in query_terms.into_iter().filter(|t| !t.is_empty()) {
            words += 1;
            // A word the site never uses is probably misspelt: try the site's words close to it.
            if terms.iter().all(|t| !ix.postings.contains_key(t.as_str())) {
                unknown += 1;
                terms = ix.near(&terms[0]);
                if terms.is_empty() {
                    continue;
                }
            }
            qwords.push(terms);
        }
        (qwords, unknown, words)
    }

    /// About thirty words of the page around where most query words are, escaped, with the
    /// matched words in `<mark>`.
    fn snippet(&self, lang: Lang, ix: &LangIndex, d: usize, matched: &HashSet<&str>) -> String {
        const WINDOW: usize = 30;
        let doc = &ix.docs[d];
        let text = body(doc);
        // Only the words are needed here, and whether each matched: a page repeats its words,
        // so each distinct word is folded once.
        let mut seen: HashMap<&str, bool> = HashMap::new();
        let tokens: Vec<(usize, &str)> = fold::words(text).collect();
        let mut hit: Vec<bool> = tokens
            .iter()
            .map(|&(_, w)| {
                *seen.entry(w).or_insert_with(|| fold::terms(lang, w).iter().any(|t| matched.contains(t.as_str())))
            })
            .collect();
        for (start, len, key) in &ix.spans[d] {
            let (start, end) = (*start as usize, (*start + *len) as usize);
            if matched.contains(key.as_ref()) && end <= hit.len() {
                hit[start..end].iter_mut().for_each(|h| *h = true);
            }
        }
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
fn body(doc: &Doc) -> &str {
    doc.text.strip_prefix(&doc.title).map_or(&doc.text, str::trim_start)
}

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

/// Pages by score for a query's words (BM25, each word once per page by its best term, a
/// penalty for words a page lacks, and the title bonus), best first.
fn rank(ix: &LangIndex, qwords: &[Vec<String>]) -> Vec<(u32, f32)> {
    if qwords.is_empty() {
        return vec![];
    }
    let n = ix.docs.len() as f32;
    let mut scores: HashMap<u32, (f32, usize)> = HashMap::new();
    for terms in qwords {
        // A word counts once per page, by its best-matching term, and is as rare as its
        // commonest term: "mhlentyn" is "plentyn", and "ADY" is "anghenion dysgu
        // ychwanegol" (its glossary group). Weighing each form by its own rarity would
        // put the pages that use the abbreviation, or a mutated form, above the page
        // that spells it out: "fy mhlentyn ady" is asking what ADY is.
        let lists: Vec<&Vec<(u32, f32)>> = terms.iter().filter_map(|t| ix.postings.get(t.as_str())).collect();
        let widest = lists.iter().map(|l| l.len()).max().unwrap_or(0) as f32;
        let idf = ((n - widest + 0.5) / (widest + 0.5) + 1.0).ln();
        let mut best: HashMap<u32, f32> = HashMap::new();
        for list in lists {
            for &(doc, tf) in list {
                let norm = K1 * (1.0 - B + B * ix.lengths[doc as usize] / ix.average);
                let s = idf * tf * (K1 + 1.0) / (tf + norm);
                let e = best.entry(doc).or_insert(0.0);
                *e = e.max(s);
            }
        }
        for (doc, s) in best {
            let e = scores.entry(doc).or_insert((0.0, 0));
            e.0 += s;
            e.1 += 1;
        }
    }
    let words = qwords.len() as f32;
    let all_terms: HashSet<&str> = qwords.iter().flatten().map(String::as_str).collect();
    let mut ranked: Vec<(u32, f32)> = scores
        .into_iter()
        .map(|(d, (s, m))| {
            let title = &ix.titles[d as usize];
            let in_title = |t: &String| title.iter().any(|w| w.iter().any(|u| **u == **t));
            let said = qwords.iter().filter(|q| q.iter().any(in_title)).count() as f32 / words;
            // The share of the title's words the query says, so a longer title that
            // includes the query counts for less.
            let covered = title.iter().filter(|w| w.iter().any(|u| all_terms.contains(u.as_ref()))).count();
            let precision = covered as f32 / title.len().max(1) as f32;
            let mut lift = 1.0 + TITLE_BONUS * said * precision;
            if ix.listing[d as usize] && said >= 1.0 {
                lift += LISTING_BONUS;
            }
            let in_heading = ix.headings[d as usize]
                .iter()
                .map(|h| qwords.iter().filter(|q| q.iter().any(|t| h.contains(t.as_str()))).count())
                .max()
                .unwrap_or(0) as f32;
            lift += HEADING_BONUS * (in_heading / words).powi(2);
            (d, s * (m as f32 / words).powi(2) * lift)
        })
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    ranked
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

impl LangIndex {
    fn new(lang: Lang, docs: Vec<Doc>, synonyms: &Synonyms) -> LangIndex {
        let mut postings: HashMap<Box<str>, Vec<(u32, f32)>> = HashMap::new();
        let mut lengths = Vec::with_capacity(docs.len());
        let mut spans = Vec::with_capacity(docs.len());
        let mut analyser = Analyser::new(lang);
        for d in &docs {
            analyser.fill(&d.title);
            d.section.iter().for_each(|s| analyser.fill(s));
            d.headings.iter().for_each(|h| analyser.fill(h));
            analyser.fill(&d.text);
        }
        for (i, d) in docs.iter().enumerate() {
            let mut tf: HashMap<String, f32> = HashMap::new();
            let mut length = 0.0;
            // Returns where the text says a glossary term, for the snippet to mark.
            let mut add = |text: &str, weight: f32, length: &mut f32| -> Vec<(usize, usize, String)> {
                let tokens = analyser.tokens(text);
                for token in &tokens {
                    for t in token.terms {
                        match tf.get_mut(t) {
                            Some(f) => *f += weight,
                            None => {
                                tf.insert(t.clone(), weight);
                            }
                        }
                    }
                    *length += weight;
                }
                let found = synonyms.find(lang, &tokens);
                for (_, _, key) in &found {
                    *tf.entry(key.clone()).or_default() += weight;
                }
                found
            };
            add(&d.title, TITLE_WEIGHT, &mut length);
            if let Some(s) = &d.section {
                add(s, 1.0, &mut length);
            }
            for h in &d.headings {
                add(h, HEADING_WEIGHT - 1.0, &mut length); // headings are in the body text too
            }
            let found = add(&d.text, 1.0, &mut length);
            // Counted from the start of the snippet's text, which leaves out the title.
            let skip = if body(d).len() < d.text.len() { fold::words(&d.title).count() } else { 0 };
            spans.push(
                found
                    .into_iter()
                    .filter(|s| s.0 >= skip)
                    .map(|(at, len, key)| ((at - skip) as u32, len as u32, key.into_boxed_str()))
                    .collect(),
            );
            for (t, f) in tf {
                match postings.get_mut(t.as_str()) {
                    Some(list) => list.push((i as u32, f)),
                    None => {
                        postings.insert(t.into_boxed_str(), vec![(i as u32, f)]);
                    }
                }
            }
            lengths.push(length);
        }
        let titles = docs
            .iter()
            .map(|d| {
                let tokens = analyser.tokens(&d.title);
                let mut words: Vec<Vec<Box<str>>> =
                    tokens.iter().map(|t| t.terms.iter().map(|t| t.as_str().into()).collect()).collect();
                for (start, len, key) in synonyms.find(lang, &tokens) {
                    for w in &mut words[start..start + len] {
                        w.push(key.as_str().into());
                    }
                }
                words.retain(|w| !w.is_empty());
                words
            })
            .collect();
        let term_set = |text: &str| -> HashSet<Box<str>> {
            let tokens = analyser.tokens(text);
            let mut terms: HashSet<Box<str>> =
                tokens.iter().flat_map(|t| t.terms.iter()).map(|t| t.as_str().into()).collect();
            for (_, _, key) in synonyms.find(lang, &tokens) {
                terms.insert(key.into_boxed_str());
            }
            terms
        };
        let headings = docs.iter().map(|d| d.headings.iter().map(|h| term_set(h)).collect()).collect();
        drop(analyser);
        let sections: HashSet<&str> = docs.iter().filter_map(|d| d.section.as_deref()).collect();
        let listing = docs.iter().map(|d| sections.contains(d.title.as_str())).collect();
        let by_url = docs.iter().enumerate().map(|(i, d)| (d.url.clone(), i as u32)).collect();
        let average = (lengths.iter().sum::<f32>() / lengths.len().max(1) as f32).max(1.0);
        LangIndex { docs, postings, lengths, average, spans, titles, headings, listing, by_url }
    }

    /// The site's terms within one or two edits of a misspelt one.
    fn near(&self, term: &str) -> Vec<String> {
        let len = term.chars().count();
        let max = match len {
            0..=3 => return vec![],
            4..=7 => 1,
            _ => 2,
        };
        let mut found: Vec<(&str, usize)> = self
            .postings
            .iter()
            .filter(|(t, _)| !t.starts_with(SYNONYM_MARK) && fold::within(term, t, max))
            .map(|(t, l)| (t.as_ref(), l.len()))
            .collect();
        // The commonest first, and not too many: a typo rarely means a rare word.
        found.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        found.into_iter().take(5).map(|(t, _)| t.to_string()).collect()
    }
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
                        let ordinary = [Lang::Cy, Lang::En].iter().any(|&l| fold::is_stop(l, &folded));
                        let abbreviation = w.chars().filter(|c| c.is_uppercase()).count() >= 2;
                        if ordinary && abbreviation {
                            Word::Exact(w.to_string())
                        } else {
                            Word::Terms { cy: fold::terms(Lang::Cy, w), en: fold::terms(Lang::En, w), folded }
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

    /// Where the text's words say a glossary term: (first word, number of words, group key).
    fn find(&self, lang: Lang, tokens: &[Token<'_>]) -> Vec<(usize, usize, String)> {
        let Some(first) = self.first.get(&lang) else { return vec![] };
        let matches = |word: &Word, i: usize| -> bool {
            let Token { raw, folded, terms, .. } = &tokens[i];
            match word {
                Word::Exact(e) => raw == e,
                Word::Terms { folded: f, .. } => {
                    f == folded || word.keys(lang)[1..].iter().any(|t| terms.iter().any(|u| u == t))
                }
            }
        };
        let mut out = vec![];
        for (i, Token { raw, folded, terms, .. }) in tokens.iter().enumerate() {
            let mut candidates: Vec<usize> = vec![];
            for k in std::iter::once(*raw).chain(std::iter::once(*folded)).chain(terms.iter().map(String::as_str)) {
                if let Some(list) = first.get(k) {
                    candidates.extend(list);
                }
            }
            candidates.sort_unstable();
            candidates.dedup();
            for p in candidates {
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
