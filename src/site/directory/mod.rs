//! The services directory as data: `directory/taxonomy.toml` and one file per service,
//! `directory/<slug>.md` (and `<slug>.cy.md` on a Welsh site). `load` reads and checks them
//! all, every problem with its file and line; `filter` answers the results page from an
//! index built once here; `pages` renders the landing and entry pages; `oruk` writes Open
//! Referral UK v3 JSON; `import` reads it back. The format is docs/DIRECTORY.md.

pub(crate) mod entry;
pub(crate) mod feed;
pub(crate) mod filter;
pub(crate) mod import;
pub(crate) mod oruk;
pub(crate) mod pages;
pub(crate) mod schedule;
pub(crate) mod taxonomy;

use crate::lang::Lang;
use crate::problems::Problem;
use crate::site::config::Config;
use crate::site::contacts as validate;
use entry::{EntryFile, Parsed, Status};
use schedule::Rule;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use taxonomy::Taxonomy;
use time::Date;

/// The folder under the site root; a site without it has no directory.
pub(crate) const DIR: &str = "directory";
/// Where the results page is, under the directory's address in each language: not a slug.
pub(crate) const RESERVED: &[&str] = &["results", "canlyniadau"];

/// The Fluent keys the directory's code asks for by name, for `porth check`.
pub(crate) const I18N_KEYS: &[&[&str]] = &[filter::I18N_KEYS, pages::I18N_KEYS];

/// One service, in every language of the site.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub(crate) slug: String,
    pub(crate) variants: BTreeMap<Lang, Parsed>,
    pub(crate) files: BTreeMap<Lang, PathBuf>,
    pub(crate) rules: Vec<Rule>,
    /// Each location's postcode, tidied ("WM1 3DE").
    pub(crate) postcodes: Vec<String>,
    /// Each phone number as digits, for `tel:`.
    pub(crate) tel: Vec<String>,
    pub(crate) reviewed: Date,
}

impl Entry {
    /// The fields that are not words (the same in every language, `check` makes sure).
    pub(crate) fn facts(&self) -> &EntryFile {
        &self.variants.values().next().expect("an entry has a file").fields
    }

    /// The entry in `lang`, or in the language it has (an English-only site).
    pub(crate) fn text(&self, lang: Lang) -> &Parsed {
        self.variants.get(&lang).or_else(|| self.variants.values().next()).expect("an entry has a file")
    }

    /// Listed in results and feeds: not closed for good or paused.
    pub(crate) fn listed(&self) -> bool {
        matches!(self.facts().status, Status::Active | Status::TemporarilyClosed)
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Directory {
    pub(crate) taxonomy: Taxonomy,
    /// Sorted by slug.
    pub(crate) entries: Vec<Entry>,
    pub(crate) index: filter::Index,
    /// Each entry by its Open Referral UK service id (`oruk::uuid`), made once.
    pub(crate) by_service_id: HashMap<String, usize>,
    /// The Open Referral UK feed as bytes, made when it is first asked for (`porth serve`
    /// only: a build or a check never needs it).
    pub(crate) feed: std::sync::OnceLock<feed::Feed>,
}

impl Directory {
    /// The directory's address in a language: `/cy/cyfeiriadur/`, `/en/directory/`.
    pub(crate) fn url(lang: Lang) -> &'static str {
        crate::routes::directory_url(lang)
    }

    /// The results page, served by `porth serve`.
    pub(crate) fn results_url(lang: Lang) -> &'static str {
        match lang {
            Lang::Cy => "/cy/cyfeiriadur/canlyniadau/",
            Lang::En => "/en/directory/results/",
        }
    }

    pub(crate) fn entry_url(lang: Lang, slug: &str) -> String {
        format!("{}{slug}/", Self::url(lang))
    }

    /// The entry with this slug (entries are sorted by slug).
    pub(crate) fn entry(&self, slug: &str) -> Option<&Entry> {
        self.entries.binary_search_by(|e| e.slug.as_str().cmp(slug)).ok().map(|i| &self.entries[i])
    }

    /// The Open Referral UK feed, made on first use.
    pub(crate) fn feed(&self, config: &Config) -> &feed::Feed {
        self.feed.get_or_init(|| feed::Feed::build(config, self))
    }
}

/// Reads `directory/` under the site root: `None` when there is no such folder.
pub(crate) fn load(config: &Config) -> (Option<Directory>, Vec<Problem>) {
    let dir = config.root.join(DIR);
    if !dir.is_dir() {
        return (None, vec![]);
    }
    let mut problems = vec![];
    let taxonomy = match taxonomy::load(&dir.join("taxonomy.toml"), &config.langs) {
        Ok(t) => t,
        Err(ps) => {
            problems.extend(ps);
            Taxonomy::default()
        }
    };
    // Files by slug and language.
    let mut files: BTreeMap<String, BTreeMap<Lang, PathBuf>> = BTreeMap::new();
    let mut names: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(rd) => rd.filter_map(Result::ok).map(|e| e.path()).collect(),
        Err(e) => {
            return (None, vec![Problem::new(&dir, 0, format!("the directory folder cannot be read: {e}"), "")]);
        }
    };
    names.sort();
    for path in names {
        let Some(name) = path.file_name().and_then(|n| n.to_str()).map(str::to_string) else { continue };
        if name == "taxonomy.toml" || !path.is_file() {
            continue;
        }
        let (slug, lang) = if let Some(s) = name.strip_suffix(".cy.md") {
            (s, Lang::Cy)
        } else if let Some(s) = name.strip_suffix(".md") {
            (s, Lang::En)
        } else {
            problems.push(Problem::new(
                &path,
                0,
                "a file in directory/ that is not an entry (.md) or taxonomy.toml",
                "move it elsewhere: directory/ holds only entries and the taxonomy",
            ));
            continue;
        };
        if slug.is_empty() || !slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
            problems.push(Problem::new(
                &path,
                0,
                format!("entry file name `{slug}` is not lower-case letters, digits and hyphens"),
                "rename it, e.g. speech-and-language-therapy-drop-in.md: it is the entry's address",
            ));
            continue;
        }
        if RESERVED.contains(&slug) {
            problems.push(Problem::new(
                &path,
                0,
                format!("`{slug}` is the results page's address"),
                "choose another file name",
            ));
            continue;
        }
        if !config.langs.contains(&lang) {
            problems.push(Problem::new(
                &path,
                0,
                format!("this site has no {} pages", lang.endonym()),
                "remove the file, or add the language to `languages` in config.toml",
            ));
            continue;
        }
        files.entry(slug.to_string()).or_default().insert(lang, path);
    }
    // Each service's files are read and checked on every core: 10,000 files took 7 s in one
    // thread of a debug build.
    use rayon::prelude::*;
    let read: Vec<(Option<Entry>, Vec<Problem>)> =
        files.into_par_iter().map(|(slug, by_lang)| read_entry(config, &dir, &taxonomy, slug, by_lang)).collect();
    let mut entries = vec![];
    for (entry, ps) in read {
        problems.extend(ps);
        entries.extend(entry);
    }
    entries.sort_by(|a, b| a.slug.cmp(&b.slug));
    let index = filter::Index::build(&entries, &taxonomy, config);
    let by_service_id =
        entries.iter().enumerate().map(|(i, e)| (oruk::uuid(&config.base_url, "service", &e.slug), i)).collect();
    (Some(Directory { taxonomy, entries, index, by_service_id, feed: Default::default() }), problems)
}

/// One service's files read and checked: the entry, unless a file could not be read as one.
fn read_entry(
    config: &Config,
    dir: &Path,
    taxonomy: &Taxonomy,
    slug: String,
    by_lang: BTreeMap<Lang, PathBuf>,
) -> (Option<Entry>, Vec<Problem>) {
    let mut problems = vec![];
    let mut variants = BTreeMap::new();
    for (&lang, path) in &by_lang {
        let read = std::fs::read_to_string(path)
            .map_err(|e| Problem::new(path, 0, format!("cannot be read: {e}"), ""))
            .and_then(|text| entry::parse(&text, path));
        match read {
            Ok(p) => {
                problems.extend(field_problems(&p, path, config, taxonomy));
                variants.insert(lang, p);
            }
            Err(p) => problems.push(p),
        }
    }
    for &lang in &config.langs {
        if !by_lang.contains_key(&lang) {
            let have = by_lang.values().next().expect("a slug has a file");
            let want = dir.join(match lang {
                Lang::Cy => format!("{slug}.cy.md"),
                Lang::En => format!("{slug}.md"),
            });
            problems.push(Problem::new(
                have,
                0,
                format!("there is no {} version of this entry", lang.endonym()),
                format!("create {}", want.display()),
            ));
        }
    }
    if variants.len() != by_lang.len() || variants.len() != config.langs.len() {
        return (None, problems);
    }
    problems.extend(parity_problems(&variants, &by_lang));
    let facts = &variants.values().next().expect("checked").fields;
    let rules: Vec<Rule> = facts.schedules.iter().filter_map(|s| schedule::read(s).ok()).collect();
    let postcodes = facts.locations.iter().filter_map(|l| validate::postcode(&l.postcode)).collect();
    let tel = facts.phones.iter().filter_map(|p| validate::phone(&p.number)).collect();
    let Some(reviewed) = crate::site::content::to_date(&facts.reviewed) else { return (None, problems) };
    (Some(Entry { slug, variants, files: by_lang, rules, postcodes, tel, reviewed }), problems)
}

/// What one file says that cannot be right, each at its line.
fn field_problems(p: &Parsed, file: &Path, config: &Config, tax: &Taxonomy) -> Vec<Problem> {
    let f = &p.fields;
    let mut out = vec![];
    let mut at = |line: usize, msg: String, fix: &str| out.push(Problem::new(file, line, msg, fix));
    for (key, text) in [("name", &f.name), ("summary", &f.summary)] {
        if text.trim().is_empty() {
            at(p.line_of_key(key), format!("`{key}` is empty"), "say it in a few words");
        }
    }
    if crate::site::content::to_date(&f.reviewed).is_none() || f.reviewed.time.is_some() {
        at(
            p.line_of_key("reviewed"),
            "`reviewed` is not a date".into(),
            "write the date it was checked, e.g. reviewed = 2026-11-20",
        );
    }
    if f.categories.is_empty() {
        at(
            p.line_of_key("categories"),
            "the entry has no category".into(),
            "add at least one key from taxonomy.toml [categories]",
        );
    }
    let known = |m: &BTreeMap<String, taxonomy::Term>| m.keys().cloned().collect::<Vec<_>>().join(", ");
    for c in &f.categories {
        if !tax.categories.contains_key(c) {
            at(
                p.line_of(&format!("\"{c}\"")),
                format!("category `{c}` is not in taxonomy.toml"),
                &format!("use one of: {}", known(&tax.categories)),
            );
        }
    }
    for n in &f.needs {
        if !tax.needs.contains_key(n) {
            at(
                p.line_of(&format!("\"{n}\"")),
                format!("need `{n}` is not in taxonomy.toml"),
                &format!("use one of: {}", known(&tax.needs)),
            );
        }
    }
    if f.areas.is_empty() {
        at(
            p.line_of_key("areas"),
            "the entry serves no area".into(),
            "list the areas of config.toml it serves, or areas = [\"all\"]",
        );
    }
    for a in &f.areas {
        if a != "all" && !config.areas.contains_key(a) {
            let keys: Vec<&str> = config.areas.keys().map(String::as_str).collect();
            at(
                p.line_of(&format!("\"{a}\"")),
                format!("area `{a}` is not in config.toml [areas]"),
                &format!("use \"all\" or one of: {}", keys.join(", ")),
            );
        }
    }
    if f.languages.is_empty() {
        at(
            p.line_of_key("languages"),
            "`languages` is empty".into(),
            "say which languages the service is offered in: [\"en\"], [\"cy\", \"en\"]",
        );
    }
    for l in &f.languages {
        if Lang::parse(l).is_none() {
            at(
                p.line_of(&format!("\"{l}\"")),
                format!("language `{l}` is not \"cy\" or \"en\""),
                "write \"cy\" for Welsh, \"en\" for English",
            );
        }
    }
    for (key, url) in [("website", &f.website), ("website", &f.organisation.website)] {
        if let Some(u) = url
            && !validate::url(u)
        {
            at(
                p.line_of(&format!("\"{u}\"")),
                format!("{key} `{u}` is not a web address"),
                "write it in full, starting https://",
            );
        }
    }
    if let Some(e) = &f.email
        && !validate::email(e)
    {
        at(
            p.line_of(&format!("\"{e}\"")),
            format!("email `{e}` is not an e-mail address"),
            "e.g. email = \"team@example.org\"",
        );
    }
    for ph in &f.phones {
        if validate::phone(&ph.number).is_none() {
            at(
                p.line_of(&format!("\"{}\"", ph.number)),
                format!("phone number `{}` is not a UK phone number", ph.number),
                "write it as people dial it in the UK, e.g. \"01632 960 400\"",
            );
        }
    }
    for loc in &f.locations {
        if validate::postcode(&loc.postcode).is_none() {
            at(
                p.line_of(&format!("\"{}\"", loc.postcode)),
                format!("postcode `{}` is not a UK postcode", loc.postcode),
                "write it in full, e.g. \"WM1 3DE\"",
            );
        }
    }
    if f.website.is_none() && f.email.is_none() && f.phones.is_empty() {
        at(1, "the entry has no way to contact the service".into(), "add a website, an email or a [[phones]] number");
    }
    if let (Some(lo), Some(hi)) = (f.eligibility.min_age, f.eligibility.max_age)
        && lo > hi
    {
        at(
            p.line_of_key("min_age"),
            format!("min_age {lo} is more than max_age {hi}"),
            "check the ages: both are in years, inclusive",
        );
    }
    if !f.cost.free && f.cost.description.as_deref().is_none_or(|d| d.trim().is_empty()) {
        at(
            p.line_of_key("free"),
            "`free = false` but the cost is not described".into(),
            "add description = \"…\" to [cost], saying what it costs",
        );
    }
    for (i, s) in f.schedules.iter().enumerate() {
        if let Err((msg, fix)) = schedule::read(s) {
            let line = nth_line(&p.front, "[[schedules]]", i);
            at(line, msg, &fix);
        }
    }
    out
}

/// The file line of the `n`th `[[table]]` header.
fn nth_line(front: &str, header: &str, n: usize) -> usize {
    front.lines().enumerate().filter(|(_, l)| l.trim() == header).nth(n).map_or(1, |(i, _)| i + 2)
}

/// The fields that are not words, as one comparable value per name.
fn structure(f: &EntryFile) -> Vec<(&'static str, String)> {
    let s = |v: &dyn std::fmt::Debug| format!("{v:?}");
    let phones: Vec<Option<String>> = f.phones.iter().map(|p| validate::phone(&p.number)).collect();
    let postcodes: Vec<Option<String>> = f.locations.iter().map(|l| validate::postcode(&l.postcode)).collect();
    let schedules: Vec<_> = f
        .schedules
        .iter()
        .map(|x| {
            (
                x.freq.clone(),
                x.byday.clone(),
                x.opens_at.clone(),
                x.closes_at.clone(),
                x.valid_from.map(|d| d.to_string()),
                x.valid_to.map(|d| d.to_string()),
            )
        })
        .collect();
    vec![
        ("status", s(&f.status)),
        ("reviewed", f.reviewed.to_string()),
        ("website", s(&f.website)),
        ("email", s(&f.email)),
        ("categories", s(&f.categories)),
        ("needs", s(&f.needs)),
        ("areas", s(&f.areas)),
        ("languages", s(&f.languages)),
        ("referral", s(&f.referral)),
        ("min_age", s(&f.eligibility.min_age)),
        ("max_age", s(&f.eligibility.max_age)),
        ("free", s(&f.cost.free)),
        ("[[phones]]", s(&phones)),
        ("[[locations]]", s(&postcodes)),
        ("[[schedules]]", s(&schedules)),
    ]
}

/// The Welsh and English files must agree on everything that is not words.
fn parity_problems(variants: &BTreeMap<Lang, Parsed>, files: &BTreeMap<Lang, PathBuf>) -> Vec<Problem> {
    let (Some(cy), Some(en)) = (variants.get(&Lang::Cy), variants.get(&Lang::En)) else { return vec![] };
    let mut out = vec![];
    for ((key, a), (_, b)) in structure(&cy.fields).into_iter().zip(structure(&en.fields)) {
        if a != b {
            let key_name = key.trim_matches(['[', ']']);
            out.push(Problem::new(
                &files[&Lang::Cy],
                cy.line_of_key(key_name).max(cy.line_of(key)),
                format!("`{key_name}` is not the same as in the English file ({})", files[&Lang::En].display()),
                "fields that are not words (dates, keys, numbers, postcodes, times) must match in both languages",
            ));
        }
    }
    out
}

/// Entries due for review soon (warnings) and past it (problems), on `today`.
pub(crate) fn review_problems(dir: &Directory, months: u32, today: Date) -> (Vec<Problem>, Vec<Problem>) {
    use crate::site::review::{Review, status};
    let (mut warnings, mut problems) = (vec![], vec![]);
    for e in &dir.entries {
        if e.facts().status == Status::Defunct {
            continue;
        }
        let (lang, p) = e.variants.iter().next().expect("an entry has a file");
        let file = &e.files[lang];
        let line = p.line_of_key("reviewed");
        match status(e.reviewed, months, today) {
            Review::Current { .. } => {}
            Review::DueSoon { due } => warnings.push(Problem::new(
                file,
                line,
                format!("the entry is due for review on {due}"),
                "check every detail with the provider, then set `reviewed` to that day (in every language's file)",
            )),
            Review::Overdue { due } => problems.push(Problem::new(
                file,
                line,
                format!("the entry was due for review on {due} and has not been checked since {}", e.reviewed),
                "check every detail with the provider, then set `reviewed` to that day; or retire it with status = \"defunct\"",
            )),
        }
    }
    (warnings, problems)
}

#[cfg(test)]
mod tests;
