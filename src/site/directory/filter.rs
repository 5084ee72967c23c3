//! The results page's filters: the query string read by hand (so no parameter, however
//! malformed, long or repeated, can become a framework's error page), checked against the
//! taxonomy and config, and run over an index built once when the directory is loaded.
//! What could not be used is said back to the family as notices and field errors, by
//! Fluent key, in the page's language.

use crate::lang::Lang;
use crate::site::config::Config;
use crate::site::contacts as validate;
use crate::site::directory::Entry;
use crate::site::directory::taxonomy::Taxonomy;
use std::collections::{HashMap, HashSet};

/// Results on one page.
pub(crate) const PER_PAGE: usize = 20;
/// Longer values are not read: no key or postcode is this long, and it bounds the work.
pub(crate) const MAX_VALUE: usize = 100;
/// The oldest age the filter takes: SEND support runs to 25.
pub(crate) const MAX_AGE: u8 = 25;

/// What one entry is filtered on.
#[derive(Debug, Clone)]
struct Row {
    listed: bool,
    cats: Vec<String>,
    needs: Vec<String>,
    areas: Option<Vec<String>>,
    min: u8,
    max: u8,
    free: bool,
    days: u8,
    welsh: bool,
}

/// Every entry's filter fields, the entries in name order in each language, and the search
/// terms of each entry (Welsh-aware, as the site search folds them) for Open Referral's
/// `search`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Index {
    rows: Vec<Row>,
    order: HashMap<Lang, Vec<usize>>,
    /// Made at the first Open Referral `search` with words, not at every build: folding the
    /// text of 5,000 entries took ~0.4 s of the build, for a query most sites never get.
    terms: std::sync::OnceLock<HashMap<Lang, Vec<HashSet<String>>>>,
}

fn terms_of(lang: Lang, text: &str) -> impl Iterator<Item = String> + '_ {
    crate::site::search::fold::words(text).flat_map(move |(_, w)| crate::site::search::fold::terms(lang, w))
}

impl Index {
    pub(crate) fn build(entries: &[Entry], _tax: &Taxonomy, config: &Config) -> Index {
        let rows = entries
            .iter()
            .map(|e| {
                let f = e.facts();
                Row {
                    listed: e.listed(),
                    cats: f.categories.clone(),
                    needs: f.needs.clone(),
                    areas: (!f.areas.iter().any(|a| a == "all")).then(|| f.areas.clone()),
                    min: f.eligibility.min_age.unwrap_or(0),
                    max: f.eligibility.max_age.unwrap_or(u8::MAX),
                    free: f.cost.free,
                    days: e.rules.iter().fold(0, |m, r| m | r.day_mask()),
                    welsh: f.languages.iter().any(|l| l == "cy"),
                }
            })
            .collect();
        let mut order = HashMap::new();
        for &lang in &config.langs {
            let mut o: Vec<usize> = (0..entries.len()).collect();
            let names: Vec<String> = entries.iter().map(|e| e.text(lang).fields.name.to_lowercase()).collect();
            o.sort_by(|&a, &b| names[a].cmp(&names[b]));
            order.insert(lang, o);
        }
        Index { rows, order, terms: Default::default() }
    }

    /// The entries a query finds, in name order in `lang`.
    pub(crate) fn run(&self, lang: Lang, q: &Query) -> Vec<usize> {
        let Some(order) = self.order.get(&lang) else { return vec![] };
        order.iter().copied().filter(|&i| self.matches(i, q)).collect()
    }

    fn matches(&self, i: usize, q: &Query) -> bool {
        let r = &self.rows[i];
        r.listed
            && (q.categories.is_empty() || q.categories.iter().any(|c| r.cats.contains(c)))
            && q.need.as_ref().is_none_or(|n| r.needs.is_empty() || r.needs.contains(n))
            && q.age.is_none_or(|a| r.min <= a && a <= r.max)
            && q.area.as_ref().is_none_or(|a| r.areas.as_ref().is_none_or(|list| list.contains(a)))
            && (!q.free || r.free)
            && (q.days == 0 || r.days & q.days != 0)
            && (!q.welsh || r.welsh)
    }

    /// Entries whose text has every word of `query` (folded as the site search folds), in
    /// name order; for Open Referral UK's `search`. `entries` are those the index was built from.
    pub(crate) fn search(&self, entries: &[Entry], lang: Lang, query: &str) -> Vec<usize> {
        let words: Vec<Vec<String>> = crate::site::search::fold::words(query)
            .map(|(_, w)| crate::site::search::fold::terms(lang, w))
            .filter(|t| !t.is_empty())
            .collect();
        let Some(order) = self.order.get(&lang) else { return vec![] };
        if words.is_empty() {
            return order.clone();
        }
        let terms = self.terms.get_or_init(|| {
            use rayon::prelude::*;
            self.order
                .keys()
                .map(|&lang| {
                    let per_entry = entries
                        .par_iter()
                        .map(|e| {
                            let t = e.text(lang);
                            let f = &t.fields;
                            let text = format!("{} {} {} {}", f.name, f.summary, f.organisation.name, t.body);
                            terms_of(lang, &text).collect()
                        })
                        .collect();
                    (lang, per_entry)
                })
                .collect()
        });
        let Some(terms) = terms.get(&lang) else { return vec![] };
        order.iter().copied().filter(|&i| words.iter().all(|alts| alts.iter().any(|t| terms[i].contains(t)))).collect()
    }
}

/// A results query, every part checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Query {
    pub(crate) categories: Vec<String>,
    pub(crate) need: Option<String>,
    pub(crate) age: Option<u8>,
    pub(crate) area: Option<String>,
    pub(crate) free: bool,
    /// Bit 0 = Monday.
    pub(crate) days: u8,
    pub(crate) welsh: bool,
    /// The postcode as typed (tidied), kept to show it back.
    pub(crate) postcode: String,
    /// The area the postcode's district is in, when it was found.
    pub(crate) postcode_area: Option<String>,
    pub(crate) page: usize,
    /// The age as typed when it was not a number, to show it back in the field.
    pub(crate) age_typed: String,
}

/// Something in the query that could not be used, said to the family by Fluent key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Notice {
    pub(crate) key: &'static str,
    pub(crate) value: String,
}

/// A field the family typed in that needs fixing: GOV.UK's error message and summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FieldError {
    pub(crate) field: &'static str,
    pub(crate) key: &'static str,
}

/// The Fluent keys of every notice and error, for `porth check`.
pub(crate) const I18N_KEYS: &[&str] = &[
    "directory-notice-unknown-param",
    "directory-notice-repeated",
    "directory-notice-too-long",
    "directory-notice-unknown-category",
    "directory-notice-unknown-need",
    "directory-notice-unknown-area",
    "directory-notice-unknown-day",
    "directory-notice-unknown-district",
    "directory-notice-bad-page",
    "directory-error-age",
    "directory-error-postcode",
];

const SINGLE: &[&str] = &["need", "age", "area", "postcode", "free", "welsh", "page"];

/// Each parameter's name on an English page and on a Welsh one. Either is read on either
/// page, so a link shared from one language keeps working in the other; the form, the
/// pagination and the language toggle write the page's own.
const NAMES: &[(&str, &str)] = &[
    ("category", "categori"),
    ("need", "angen"),
    ("age", "oed"),
    ("area", "ardal"),
    ("postcode", "cod-post"),
    ("free", "am-ddim"),
    ("welsh", "cymraeg"),
    ("day", "diwrnod"),
    ("page", "tudalen"),
];

/// A parameter's name in `lang`, from its English name.
pub(crate) fn param(lang: Lang, name: &'static str) -> &'static str {
    match lang {
        Lang::En => name,
        Lang::Cy => NAMES.iter().find(|(en, _)| *en == name).map_or(name, |(_, cy)| cy),
    }
}

/// What a ticked checkbox sends (any value is read as ticked).
pub(crate) fn yes(lang: Lang) -> &'static str {
    match lang {
        Lang::Cy => "ie",
        Lang::En => "yes",
    }
}

/// The English name of a parameter given in either language.
fn canonical(name: &str) -> Option<&'static str> {
    NAMES.iter().find(|(en, cy)| *en == name || *cy == name).map(|(en, _)| *en)
}

/// Reads a raw query string. Never fails: what it cannot use becomes a notice or an error.
pub(crate) fn parse(raw: &str, tax: &Taxonomy, config: &Config) -> (Query, Vec<Notice>, Vec<FieldError>) {
    let mut q = Query { page: 1, ..Query::default() };
    let mut notices = vec![];
    let mut errors = vec![];
    let mut seen: HashSet<&'static str> = HashSet::new();
    let welsh_site = config.langs.contains(&Lang::Cy);
    let mut notice = |key: &'static str, value: &str| {
        let value: String = value.chars().take(40).collect();
        let n = Notice { key, value };
        if !notices.contains(&n) {
            notices.push(n);
        }
    };
    for (k, v) in form_urlencoded::parse(raw.as_bytes()) {
        let (k, v) = (k.trim().to_string(), v.trim().to_string());
        if k.len() > MAX_VALUE {
            notice("directory-notice-unknown-param", &k);
            continue;
        }
        if v.len() > MAX_VALUE {
            notice("directory-notice-too-long", &k);
            continue;
        }
        let name = canonical(&k).unwrap_or("");
        if SINGLE.contains(&name) && !seen.insert(name) {
            notice("directory-notice-repeated", &k);
            continue;
        }
        if v.is_empty() {
            continue;
        }
        match name {
            "category" => {
                if tax.categories.contains_key(&v) {
                    if !q.categories.contains(&v) {
                        q.categories.push(v);
                    }
                } else {
                    notice("directory-notice-unknown-category", &v);
                }
            }
            "need" => {
                if tax.needs.contains_key(&v) {
                    q.need = Some(v);
                } else {
                    notice("directory-notice-unknown-need", &v);
                }
            }
            "age" => match v.parse::<u8>() {
                Ok(a) if a <= MAX_AGE => q.age = Some(a),
                _ => {
                    q.age_typed = v;
                    errors.push(FieldError { field: "age", key: "directory-error-age" });
                }
            },
            "area" => {
                if config.areas.contains_key(&v) {
                    q.area = Some(v);
                } else {
                    notice("directory-notice-unknown-area", &v);
                }
            }
            "postcode" => {
                q.postcode = v.to_ascii_uppercase();
                match validate::district(&v) {
                    None => errors.push(FieldError { field: "postcode", key: "directory-error-postcode" }),
                    Some(d) => match config.postcode_districts.get(&d) {
                        Some(area) => q.postcode_area = Some(area.clone()),
                        None => notice("directory-notice-unknown-district", &d),
                    },
                }
            }
            "free" => q.free = true,
            "welsh" if welsh_site => q.welsh = true,
            "day" => match crate::site::directory::schedule::DAYS.iter().position(|d| d.eq_ignore_ascii_case(&v)) {
                Some(i) => q.days |= 1 << i,
                None => notice("directory-notice-unknown-day", &v),
            },
            "page" => match v.parse::<usize>() {
                Ok(p) if p >= 1 => q.page = p,
                _ => notice("directory-notice-bad-page", &v),
            },
            _ => notice("directory-notice-unknown-param", &k),
        }
    }
    // A postcode narrows to its area; an area chosen as well wins, as the family chose it.
    if q.area.is_none() {
        q.area = q.postcode_area.clone();
    }
    (q, notices, errors)
}

/// The query string for `q` (page 1 unless `page`), as the form in `lang` would send it:
/// what the pagination links and the language toggle carry.
pub(crate) fn query_string(q: &Query, page: Option<usize>, lang: Lang) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    let mut s = Pairs { s: &mut s, lang };
    for c in &q.categories {
        s.append_pair("category", c);
    }
    if let Some(n) = &q.need {
        s.append_pair("need", n);
    }
    if let Some(a) = q.age {
        s.append_pair("age", &a.to_string());
    }
    if !q.postcode.is_empty() {
        s.append_pair("postcode", &q.postcode);
    }
    if let Some(a) = q.area.as_ref().filter(|a| Some(*a) != q.postcode_area.as_ref()) {
        s.append_pair("area", a);
    }
    if q.free {
        s.append_pair("free", "yes");
    }
    for (i, d) in crate::site::directory::schedule::DAYS.iter().enumerate() {
        if q.days & 1 << i != 0 {
            s.append_pair("day", d);
        }
    }
    if q.welsh {
        s.append_pair("welsh", "yes");
    }
    if let Some(p) = page.filter(|&p| p > 1) {
        s.append_pair("page", &p.to_string());
    }
    s.s.finish()
}

/// A query string's writer that names each parameter in the page's language.
struct Pairs<'a> {
    s: &'a mut form_urlencoded::Serializer<'static, String>,
    lang: Lang,
}

impl Pairs<'_> {
    fn append_pair(&mut self, name: &'static str, value: &str) {
        let value = if value == "yes" { yes(self.lang) } else { value };
        self.s.append_pair(param(self.lang, name), value);
    }
}
