//! Words to index terms, one language's way. Both the index and the query go through
//! here, so whatever is folded on one side is folded the same way on the other.
//!
//! Welsh: lower case, accents and circumflexes off (ŵ → w, â → a), then each word stands
//! for every radical it could be a mutation of. "blentyn" is indexed as both "blentyn" and
//! "plentyn", "mhlentyn" and "phlentyn" as "plentyn", "nghyngor" as "cyngor", "hysgol" as
//! "ysgol"; a query word is expanded the same way, so matching works whichever side is
//! mutated. The digraphs are letters: "ll", "rh", "ff" and "dd" are never read as a mutated
//! "l", "r", "f" or "d" ("llyfr" stays "llyfr"), while a single "l" may be a mutated "ll".
//! There is no Welsh stemmer to use; mutation is what stops Welsh words matching. Endings
//! (a plural, a verb-noun) are met at search time instead: `cy_stems` and `cy_forms` give a
//! query word's other forms, and those the index has are searched for too.
//!
//! English: lower case, accents off, American spellings to British, then the Snowball
//! (Porter 2) English stemmer.

use crate::lang::Lang;

/// The words of a text with their byte offsets: runs of letters and digits. Apostrophes
/// split ("sy'n" → "sy", "n"), which drops the clitic as a stop word.
pub(crate) fn words(text: &str) -> Words<'_> {
    Words { text, i: 0 }
}

/// The iterator `words` gives: a struct, not a closure, so that its `next` can be marked
/// for inlining into the loops that read every word of every page.
pub(crate) struct Words<'a> {
    text: &'a str,
    i: usize,
}

impl<'a> Iterator for Words<'a> {
    type Item = (usize, &'a str);

    // Every word of every page goes through here: runs of ASCII separators, then of ASCII
    // letters and digits, are each skipped by one table lookup a byte; only a non-ASCII
    // character is decoded to ask whether it is a letter. (Always inlined: left to itself,
    // the compiler stopped inlining it into the index's loop once a few more places used it,
    // and a call a word was a twentieth more of the build's instructions.)
    #[inline(always)]
    fn next(&mut self) -> Option<(usize, &'a str)> {
        let (text, bytes) = (self.text, self.text.as_bytes());
        let mut i = self.i;
        let start = loop {
            while i < bytes.len() && CLASS[bytes[i] as usize] == SEPARATOR {
                i += 1;
            }
            if i == bytes.len() {
                self.i = i;
                return None;
            }
            if CLASS[bytes[i] as usize] == WORD {
                break i;
            }
            let c = text[i..].chars().next().expect("on a char boundary");
            if c.is_alphanumeric() {
                break i;
            }
            i += c.len_utf8();
        };
        loop {
            while i < bytes.len() && CLASS[bytes[i] as usize] == WORD {
                i += 1;
            }
            if i == bytes.len() {
                self.i = i;
                return Some((start, &text[start..]));
            }
            let len = if CLASS[bytes[i] as usize] == SEPARATOR {
                1
            } else {
                let c = text[i..].chars().next().expect("on a char boundary");
                if c.is_alphanumeric() {
                    i += c.len_utf8();
                    continue;
                }
                c.len_utf8()
            };
            self.i = i + len;
            return Some((start, &text[start..i]));
        }
    }
}

/// What a byte is to `words`: an ASCII separator, an ASCII letter or digit, or part of a
/// longer character, which must be decoded.
const SEPARATOR: u8 = 0;
const WORD: u8 = 1;
const CLASS: [u8; 256] = {
    let mut class = [2u8; 256];
    let mut b = 0;
    while b < 128 {
        class[b] = if (b as u8).is_ascii_alphanumeric() { WORD } else { SEPARATOR };
        b += 1;
    }
    class
};

/// Lower case without accents: what two spellings of one word have in common.
pub(crate) fn fold(word: &str) -> String {
    folded(word).collect()
}

/// `fold(a) == fold(b)`, without making either.
pub(crate) fn same_folded(a: &str, b: &str) -> bool {
    folded(a).eq(folded(b))
}

fn folded(word: &str) -> impl Iterator<Item = char> + '_ {
    word.chars().flat_map(char::to_lowercase).map(|c| match c {
        'â' | 'á' | 'à' | 'ä' | 'ã' | 'å' => 'a',
        'ê' | 'é' | 'è' | 'ë' => 'e',
        'î' | 'í' | 'ì' | 'ï' => 'i',
        'ô' | 'ó' | 'ò' | 'ö' | 'õ' => 'o',
        'û' | 'ú' | 'ù' | 'ü' => 'u',
        'ŵ' | 'ẃ' | 'ẁ' | 'ẅ' => 'w',
        'ŷ' | 'ý' | 'ỳ' | 'ÿ' => 'y',
        'ç' => 'c',
        'ñ' => 'n',
        c => c,
    })
}

/// Words too common to help find a page; dropped from queries and the index. Short forms
/// that mutations produce ("dy", "th") are here so they are not expanded. The Welsh list
/// has what the English one drops: the auxiliaries and modals a question is built with
/// ("fydd", "gall", "ydych", "does": "will", "can", "are", "does"), "gydag" and "efo" as
/// well as "gyda" ("with"), "gyfer" ("ar gyfer", for), "gen" ("gen i", I have), "nhw"
/// (they), "pam" (why), "mai" and "taw" (that). Counted as words, a page had to say them
/// or lose a share of its score, and a parent's Welsh question was judged by its grammar
/// more than an English one. Not "rhaid" (must, which English keeps too) nor "pryd" (when,
/// which the Welsh pages' headings ask with). In both, the words of asking for a thing and
/// where it is ("where can I find", "looking for", "near me", "in my area", "locally",
/// "please", "I want"; "dod o hyd i", "chwilio am", "yn agos ataf", "yn fy ardal", "yn
/// lleol", "plis", "dw i eisiau", "dwedwch wrtha i"), which say how a parent asks, not what
/// for: as words of the query, a page that said "find out", "near" or "area" (every
/// directory entry's "Areas") led the page asked for. Not "information" or "gwybodaeth",
/// which are the privacy pages' subject.
const CY_STOP: &[&str] = &[
    "a", "ac", "ag", "am", "ar", "at", "beth", "bod", "byddwch", "chi", "dan", "drwy", "dy", "e", "ei", "eich", "ein",
    "eu", "fe", "fod", "fy", "gan", "gyda", "hefyd", "hi", "hon", "hwn", "hyn", "hynny", "i", "mae", "mewn", "mi", "n",
    "na", "nad", "neu", "ni", "nid", "o", "oes", "ond", "os", "pa", "pan", "pwy", "r", "sut", "sy", "sydd", "ti", "to",
    "w", "wedi", "y", "yma", "yn", "yr", "ydw", "ydy", "yw", "ble", "dw", "i'w", "ga", "gael", "cael", "s", "the",
    "and", "of", "gydag", "efo", "hefo", "gyfer", "bydd", "fydd", "byddaf", "fyddaf", "byddai", "fyddai", "byddan",
    "fyddan", "byddwn", "fyddwn", "gall", "galla", "alla", "gallaf", "allaf", "gallwn", "allwn", "gallai", "allai",
    "gallech", "allech", "gen", "ydych", "ydyn", "ydi", "dydy", "dyw", "does", "oedd", "roedd", "nhw", "pam", "mor",
    "mai", "taw", "felly", "yng", "ym", "dod", "ddod", "hyd", "agos", "agosaf", "ataf", "gerllaw", "ardal", "lleol",
    "plis", "dwi", "rwy", "rydw", "chwilio", "eisiau", "isio", "wrtha", "wrthyf",
];
const EN_STOP: &[&str] = &[
    "a", "about", "an", "and", "are", "as", "at", "be", "by", "can", "do", "does", "for", "from", "get", "has", "have",
    "how", "i", "if", "in", "into", "is", "it", "its", "me", "my", "of", "on", "or", "our", "s", "so", "that", "the",
    "their", "them", "there", "they", "this", "to", "was", "we", "what", "when", "where", "which", "who", "why",
    "will", "with", "you", "your", "t", "don", "am", "y", "yn", "ac", "co", "us", "he", "she", "him", "his", "her",
    "find", "near", "nearby", "nearest", "looking", "area", "local", "locally", "please", "search", "want", "wants",
];

pub(crate) fn is_stop(lang: Lang, folded: &str) -> bool {
    match lang {
        Lang::Cy => CY_STOP.contains(&folded),
        Lang::En => EN_STOP.contains(&folded),
    }
}

/// The terms a word is indexed and searched under; empty for a stop word.
pub(crate) fn terms(lang: Lang, word: &str) -> Vec<String> {
    terms_of_folded(lang, &fold(word))
}

/// `terms`, for a word already folded.
pub(crate) fn terms_of_folded(lang: Lang, f: &str) -> Vec<String> {
    if is_stop(lang, f) {
        return vec![];
    }
    match lang {
        Lang::Cy => radicals(f),
        Lang::En => vec![stem(f)],
    }
}

/// The folded word and every radical it could be a mutation of (soft, nasal, aspirate, and
/// h- before a vowel), the word itself first. Mutated initials, longest first so that a
/// digraph is matched as one letter: each maps to the radicals it can come from.
pub(crate) fn radicals(f: &str) -> Vec<String> {
    let mut out = vec![f.to_string()];
    if f.chars().count() < 3 || f.starts_with(|c: char| c.is_ascii_digit()) {
        return out;
    }
    const TABLE: &[(&str, &[&str])] = &[
        ("ngh", &["c"]),      // nasal of c: fy nghyngor
        ("mh", &["p"]),       // nasal of p: fy mhlentyn
        ("nh", &["t"]),       // nasal of t: fy nhad
        ("ng", &["g"]),       // nasal of g: fy ngardd
        ("ph", &["p"]),       // aspirate of p: ei phlentyn
        ("th", &["t"]),       // aspirate of t: ei thad
        ("ch", &["c"]),       // aspirate of c: ei chyngor
        ("dd", &["d"]),       // soft of d: ei ddosbarth
        ("ll", &[]),          // a letter of its own, never a mutation
        ("rh", &[]),          // likewise
        ("ff", &[]),          // likewise
        ("f", &["b", "m"]),   // soft of b and m
        ("b", &["p"]),        // soft of p
        ("d", &["t"]),        // soft of t
        ("g", &["c"]),        // soft of c
        ("m", &["b"]),        // nasal of b
        ("n", &["d"]),        // nasal of d
        ("l", &["ll", "gl"]), // soft of ll, and of gl (g lost)
        ("r", &["rh", "gr"]), // soft of rh, and of gr
        ("w", &["gw"]),       // soft of gw
    ];
    for (initial, from) in TABLE {
        if let Some(rest) = f.strip_prefix(initial) {
            out.extend(from.iter().map(|r| format!("{r}{rest}")));
            return out;
        }
    }
    // A vowel: g lost by soft mutation ("ardd" ← "gardd"), or h- before a vowel ("hysgol" ←
    // "ysgol"), which may itself have lost a g.
    let vowel = |s: &str| s.starts_with(['a', 'e', 'i', 'o', 'u', 'y']);
    if vowel(f) {
        out.push(format!("g{f}"));
    } else if let Some(rest) = f.strip_prefix('h').filter(|r| vowel(r)) {
        out.push(rest.to_string());
        out.push(format!("g{rest}"));
    }
    out
}

/// Welsh endings that make a plural, a verb-noun or a noun of a stem, longest first: the
/// plurals -au, -iau, -on, -ion, -ydd, -oedd; the verb-nouns -u, -i, -o, -io ("cwyn",
/// "cwyno"; "apêl", "apelio"); the nouns -iad, -iadau, -ad ("asesu", "asesiad"; "galw",
/// "galwad"); -aeth, a noun of a verb ("trafod", "trafodaeth"); and -d, the verb-noun
/// "-ed" contracted after l ("ymweld" for "ymweled", of the stem "ymwel-" that "ymweliad"
/// has). There is no Welsh stemmer to use: these are what meet in what parents type.
const CY_ENDINGS: &[&str] =
    &["iadau", "oedd", "aeth", "iad", "iau", "ion", "ydd", "ad", "au", "io", "on", "d", "i", "o", "u"];
/// The shortest stem an ending is taken from or added to: shorter ones would join unrelated
/// words ("gen", in "gen i", and "geni").
const MIN_STEM: usize = 4;

/// Whether a Welsh stem takes an ending. -d only after l: elsewhere it is part of the word
/// ("rhaid" is not "rhai"). -aeth only on a stem of five letters or more: "pennaeth" (a
/// head teacher) is not "pennu" (to decide). And "gwybodaeth" (information, which the
/// privacy pages are about) has gone its own way from "gwybod" (to know: "rhoi gwybod", to
/// tell, which every form's page says), mutated or not.
fn takes(stem: &str, ending: &str) -> bool {
    let len = stem.chars().count();
    len >= MIN_STEM
        && match ending {
            "d" => stem.ends_with('l'),
            "aeth" => len >= 5 && !stem.ends_with("wybod"),
            _ => true,
        }
}

/// A Welsh term's stems: the term with each ending it has taken off ("cynlluniau" →
/// "cynllun", "cynllu"), where the stem takes that ending.
pub(crate) fn cy_stems(term: &str) -> impl Iterator<Item = &str> {
    CY_ENDINGS.iter().filter_map(move |e| term.strip_suffix(e).filter(|s| takes(s, e)))
}

/// A Welsh stem's forms: the stem itself and the stem with each ending it takes.
pub(crate) fn cy_forms(stem: &str) -> impl Iterator<Item = String> + '_ {
    std::iter::once(stem.to_string())
        .chain(CY_ENDINGS.iter().filter(|e| takes(stem, e)).map(move |e| format!("{stem}{e}")))
}

/// A Welsh stem with its "h" after an "n" inside the word taken out or put in: the h of a
/// stressed syllable goes when an ending moves the stress on ("anhawster", "anawsterau";
/// "cynnal", "cynhaliaeth"), so a plural or verb-noun is spelt without it, or with it.
/// Only inside the word: a word-initial "nh" is a mutation ("nhad"), which `radicals` reads.
pub(crate) fn cy_h_forms(stem: &str) -> impl Iterator<Item = String> + '_ {
    let vowel = |c: u8| matches!(c, b'a' | b'e' | b'i' | b'o' | b'u' | b'w' | b'y');
    let b = stem.as_bytes();
    (1..b.len().saturating_sub(1)).filter_map(move |i| match (b[i], b[i + 1]) {
        (b'n', b'h') => Some(format!("{}{}", &stem[..=i], &stem[i + 2..])),
        (b'n', c) if vowel(c) && b[i - 1] != b'n' => Some(format!("{}h{}", &stem[..=i], &stem[i + 1..])),
        _ => None,
    })
}

/// American spellings parents type, to the British ones the site uses, before stemming.
fn british(f: &str) -> std::borrow::Cow<'_, str> {
    const WORDS: &[(&str, &str)] = &[
        ("behavior", "behaviour"),
        ("color", "colour"),
        ("center", "centre"),
        ("program", "programme"),
        ("enrollment", "enrolment"),
        ("enroll", "enrol"),
        ("counselor", "counsellor"),
        ("counseling", "counselling"),
        ("neighbor", "neighbour"),
        ("favor", "favour"),
        ("license", "licence"),
        ("judgment", "judgement"),
        ("defense", "defence"),
        ("fulfill", "fulfil"),
        // The site writes "co-ordinator", read as "co" (a stop word) and "ordinator".
        ("ordinat", "coordinat"),
    ];
    for (us, gb) in WORDS {
        if let Some(rest) = f.strip_prefix(us) {
            return format!("{gb}{rest}").into();
        }
    }
    // -ize/-ization/-yze → -ise/-isation/-yse.
    for (us, gb) in
        [("ization", "isation"), ("izing", "ising"), ("ized", "ised"), ("izes", "ises"), ("ize", "ise"), ("yze", "yse")]
    {
        if let Some(stem) = f.strip_suffix(us)
            && stem.len() >= 3
        {
            return format!("{stem}{gb}").into();
        }
    }
    f.into()
}

fn stem(f: &str) -> String {
    let stemmer = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
    let gb = british(f);
    stemmer.stem(&gb).into_owned()
}

/// Whether at most `max` edits (insert, delete, substitute, swap two neighbours) turn `a`
/// into `b`: what a query word may be from a word of the site and still match.
/// Search uses it as an automaton (`Within`); this is the plain form it is tested against.
#[cfg(test)]
pub(crate) fn within(a: &str, b: &str, max: usize) -> bool {
    // A UTF-8 character is at most 4 bytes: a cheap test before counting characters.
    if a.len().abs_diff(b.len()) > 4 * max + 3 {
        return false;
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > max {
        return false;
    }
    // Optimal string alignment distance, three rows.
    let mut prev2 = vec![0usize; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0usize; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        let mut best = cur[0];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                cur[j] = cur[j].min(prev2[j - 2] + 1);
            }
            best = best.min(cur[j]);
        }
        if best > max {
            return false;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()] <= max
}

/// `within` as an automaton over a term dictionary's bytes, so a misspelt word's neighbours
/// are found by walking only the prefixes that can still be within `max` edits of it, rather
/// than every term of the site (which was most of a typo query's time on a large site). Its
/// rows are `within`'s, with the dictionary's word as the outer loop: the distance is the same
/// either way round.
pub(crate) struct Within {
    word: Vec<char>,
    max: usize,
}

/// Where the walk is: the last two rows, the dictionary word's last character (for a swap),
/// and the bytes of a character not yet complete.
#[derive(Clone, Debug)]
pub(crate) struct Rows {
    prev2: Vec<usize>,
    prev: Vec<usize>,
    last: Option<char>,
    pending: Vec<u8>,
}

impl Within {
    pub(crate) fn new(word: &str, max: usize) -> Within {
        Within { word: word.chars().collect(), max }
    }

    fn step(&self, s: &Rows, c: char) -> Rows {
        let w = &self.word;
        let mut cur = vec![0usize; w.len() + 1];
        cur[0] = s.prev[0] + 1;
        for j in 1..=w.len() {
            let cost = usize::from(c != w[j - 1]);
            cur[j] = (s.prev[j] + 1).min(cur[j - 1] + 1).min(s.prev[j - 1] + cost);
            if j > 1 && s.last.is_some_and(|last| c == w[j - 2] && last == w[j - 1]) {
                cur[j] = cur[j].min(s.prev2[j - 2] + 1);
            }
        }
        Rows { prev2: s.prev.clone(), prev: cur, last: Some(c), pending: vec![] }
    }
}

impl fst::Automaton for Within {
    type State = Rows;

    fn start(&self) -> Rows {
        let n = self.word.len() + 1;
        Rows { prev2: vec![0; n], prev: (0..n).collect(), last: None, pending: vec![] }
    }

    fn is_match(&self, s: &Rows) -> bool {
        s.pending.is_empty() && s.prev[self.word.len()] <= self.max
    }

    fn can_match(&self, s: &Rows) -> bool {
        s.prev.iter().min().is_some_and(|&m| m <= self.max)
    }

    fn accept(&self, s: &Rows, byte: u8) -> Rows {
        if s.pending.is_empty() && byte < 0x80 {
            return self.step(s, char::from(byte));
        }
        let mut pending = s.pending.clone();
        pending.push(byte);
        let want = match pending[0] {
            0xf0.. => 4,
            0xe0.. => 3,
            _ => 2,
        };
        if pending.len() < want {
            return Rows { pending, ..s.clone() };
        }
        match std::str::from_utf8(&pending).ok().and_then(|t| t.chars().next()) {
            Some(c) => self.step(s, c),
            // Not UTF-8 (no term is): nothing under it can match.
            None => Rows { prev: vec![self.max + 1; self.word.len() + 1], ..s.clone() },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_automaton_finds_exactly_what_within_finds() {
        use fst::{IntoStreamer as _, Streamer as _};
        let mut terms: Vec<&str> = vec![
            "addysg",
            "adysg",
            "addysgu",
            "dysgu",
            "plentyn",
            "plenty",
            "pelntyn",
            "mhlentyn",
            "ysgol",
            "ysgolion",
            "ŵyr",
            "wyr",
            "gŵyl",
            "gwyl",
            "cyfeiriadur",
            "cyfeirladur",
            "school",
            "schools",
            "shcool",
            "scool",
            "assessment",
            "asessment",
            "assesment",
            "appeal",
            "appel",
            "tribunal",
            "tribunals",
            "caerdydd",
            "café",
        ];
        terms.sort_unstable();
        terms.dedup();
        let set = fst::Set::from_iter(terms.iter()).unwrap();
        for word in ["addysg", "plentyn", "ysgol", "gwyl", "school", "assessment", "appeal", "cafe", "tribunal"] {
            for max in [1, 2] {
                let mut found = vec![];
                let mut stream = set.search(Within::new(word, max)).into_stream();
                while let Some(t) = stream.next() {
                    found.push(String::from_utf8(t.to_vec()).unwrap());
                }
                let expected: Vec<String> =
                    terms.iter().filter(|t| within(word, t, max)).map(|t| t.to_string()).collect();
                assert_eq!(found, expected, "{word} within {max}");
            }
        }
    }

    fn cy(w: &str) -> Vec<String> {
        terms(Lang::Cy, w)
    }
    fn shares(a: &str, b: &str) -> bool {
        let b = cy(b);
        cy(a).iter().any(|t| b.contains(t))
    }

    #[test]
    fn mutated_forms_find_the_radical_and_back() {
        for m in ["mhlentyn", "phlentyn", "blentyn", "Plentyn"] {
            assert!(shares(m, "plentyn"), "{m}");
            assert!(shares("plentyn", m), "{m}");
        }
        assert!(shares("nghyngor", "cyngor"));
        assert!(shares("gyngor", "cyngor"));
        assert!(shares("chyngor", "cyngor"));
        assert!(shares("hysgol", "ysgol"));
        assert!(shares("ddosbarth", "dosbarth"));
        assert!(shares("nhad", "tad"));
        assert!(shares("ardd", "gardd"));
        assert!(shares("fam", "mam"));
        assert!(shares("lyfr", "llyfr"));
        assert!(shares("ngwaith", "gwaith"));
    }

    /// Whether a query word finds a page's word by its endings, as search looks them up: a
    /// radical of the one, or its stem, with an ending is a radical of the other.
    fn meet(query: &str, page: &str) -> bool {
        let page = cy(page);
        cy(query)
            .iter()
            .any(|t| std::iter::once(t.as_str()).chain(cy_stems(t)).any(|s| cy_forms(s).any(|f| page.contains(&f))))
    }

    #[test]
    fn welsh_endings_meet_their_stem_and_nothing_else() {
        let family: &[&[&str]] = &[
            &["ymweliad", "ymweld", "ymweliadau"],
            &["apêl", "apelio", "apeliadau"],
            &["asesiad", "asesu"],
            &["cofrestr", "cofrestru", "cofrestriad"],
            &["cynllun", "cynllunio", "cynlluniau"],
            &["penderfyniad", "penderfynu", "penderfyniadau"],
            &["cyfarfod", "cyfarfodydd"],
            &["ysgol", "ysgolion", "hysgolion"],
            &["gwasanaeth", "gwasanaethau"],
            &["adolygiad", "adolygu", "adolygiadau"],
            &["cwyn", "cwyno", "gwyno", "chwynion"],
            &["trafodaeth", "trafod"],
            &["galwad", "galw"],
            &["llyfr", "llyfrau", "lyfrau"],
            &["cefnogaeth", "cefnogi"],
        ];
        for words in family {
            for a in *words {
                for b in *words {
                    assert!(meet(a, b), "{a} should find {b}");
                }
            }
        }
        for (a, b) in [
            ("rhai", "rhaid"),        // -d only after l: "some", "must"
            ("pennaeth", "pennu"),    // -aeth only on a longer stem: a head, to decide
            ("gwybodaeth", "gwybod"), // information, to know
            ("ngwybodaeth", "wybod"),
            ("gen", "geni"), // too short a stem
            ("ysgol", "ysgafn"),
            ("cyngor", "cyngo"),
            ("addysg", "addas"),
            ("anghenion", "angen"), // an irregular plural is left
            ("plentyn", "plant"),   // likewise
            ("cymorth", "cymro"),
        ] {
            assert!(!meet(a, b), "{a} should not find {b}");
            assert!(!meet(b, a), "{b} should not find {a}");
        }
    }

    #[test]
    fn an_h_after_n_inside_a_welsh_word_comes_and_goes() {
        let forms = |s: &str| cy_h_forms(s).collect::<Vec<_>>();
        assert_eq!(forms("anhawster"), vec!["anawster"]);
        assert_eq!(forms("anawster"), vec!["anhawster"]);
        assert_eq!(forms("cynal"), vec!["cynhal"]);
        // Not at the start (a mutation), not after "nn", not at the end.
        assert!(forms("nhad").is_empty());
        assert!(forms("cynnal").is_empty());
        assert!(forms("plan").is_empty());
    }

    #[test]
    fn digraphs_are_letters() {
        assert_eq!(cy("llyfr"), vec!["llyfr"]);
        assert_eq!(cy("ffurflen"), vec!["ffurflen"]);
        assert_eq!(cy("rhieni"), vec!["rhieni"]);
        assert!(!shares("ddosbarth", "ffosbarth"));
        assert!(!shares("mam", "pam"), "a nasal m is a b, never a p");
    }

    #[test]
    fn accents_fold() {
        assert!(shares("apêl", "apel"));
        assert!(shares("Ŵyr", "wyr"));
        assert!(shares("tŷ", "ty"));
        assert_eq!(fold("Â Ê Î Ô Û Ŵ Ŷ"), "a e i o u w y");
    }

    #[test]
    fn english_stems_and_spellings() {
        let en = |w| terms(Lang::En, w);
        assert_eq!(en("appeals"), en("appealing"));
        assert_eq!(en("behavior"), en("behaviour"));
        assert_eq!(en("organize"), en("organise"));
        assert_eq!(en("coordinator"), en("ordinator"), "co-ordinator is read as co + ordinator");
        assert!(en("the").is_empty());
        // A pronoun is not a word a title says: "Contact us" is all "contact".
        assert!(["us", "he", "she", "him", "his", "her"].iter().all(|w| en(w).is_empty()));
    }

    #[test]
    fn words_and_edit_distance() {
        let w: Vec<&str> = words("Sy'n iawn, ADY-2018.").map(|(_, w)| w).collect();
        assert_eq!(w, vec!["Sy", "n", "iawn", "ADY", "2018"]);
        // Letters beyond ASCII go on a word, at its start, middle or end; other characters
        // beyond ASCII (a curly apostrophe, a no-break space, a dash) end it. Offsets are bytes.
        let text = "Ŵyr\u{a0}plentyn’s  tŷ—ôl…café 3ydd";
        let got: Vec<(usize, &str)> = words(text).collect();
        let mut expected = vec![];
        let mut start = None;
        for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
            match (c.is_alphanumeric(), start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    expected.push((s, &text[s..i]));
                    start = None;
                }
                _ => {}
            }
        }
        assert_eq!(got, expected);
        assert_eq!(
            got.iter().map(|(_, w)| *w).collect::<Vec<_>>(),
            ["Ŵyr", "plentyn", "s", "tŷ", "ôl", "café", "3ydd"]
        );
        assert_eq!(words("").count(), 0);
        assert_eq!(words("— …").count(), 0);
        assert!(within("appeal", "apeal", 1));
        assert!(within("tribunal", "tribnual", 1));
        assert!(!within("school", "scheme", 2));
    }
}
