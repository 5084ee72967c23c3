//! Loading `content/`: front matter, translations paired by file name, sections and their
//! pages, and the URL of every page in every language. Each file is read once for `check`
//! and watch mode, which keep its body (placeholders substituted); `porth build` keeps only
//! the front matter and reads a body again when it renders the page (`Site::body`).

use crate::forms::Forms;
use crate::lang::Lang;
use crate::problems::{Problem, line_of};
use crate::site::config::Config;
use rayon::prelude::*;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use time::Date;

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct FrontMatter {
    pub(crate) title: String,
    #[serde(default)]
    pub(crate) description: Option<String>,
    #[serde(default)]
    pub(crate) date: Option<toml::value::Datetime>,
    #[serde(default)]
    pub(crate) updated: Option<toml::value::Datetime>,
    #[serde(default)]
    pub(crate) weight: Option<i64>,
    #[serde(default)]
    pub(crate) slug: Option<String>,
    #[serde(default)]
    pub(crate) draft: bool,
    #[serde(default)]
    pub(crate) template: Option<String>,
    #[serde(default)]
    pub(crate) aliases: Vec<String>,
    #[serde(default)]
    pub(crate) extra: toml::Table,
}

pub(crate) fn to_date(d: &toml::value::Datetime) -> Option<Date> {
    let d = d.date?;
    Date::from_calendar_date(d.year as i32, time::Month::try_from(d.month).ok()?, d.day).ok()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Section,
    Page,
}

/// One language's version of a page or section.
#[derive(Debug, Clone)]
pub(crate) struct Variant {
    pub(crate) file: PathBuf,
    pub(crate) front: FrontMatter,
    pub(crate) url: String,
    /// Line on which the Markdown body starts, so body offsets map to file lines.
    pub(crate) body_line: usize,
    /// The Markdown body, placeholders already substituted: read once, at load.
    pub(crate) body: String,
    pub(crate) date: Option<Date>,
    pub(crate) updated: Option<Date>,
}

/// A page or section: one source path, up to one variant per language.
#[derive(Debug, Clone)]
pub(crate) struct Node {
    /// Content-relative path of the English file, as `@/` links name it.
    pub(crate) key: String,
    pub(crate) kind: Kind,
    /// Index of the section this belongs to (None for the home page).
    pub(crate) parent: Option<usize>,
    pub(crate) variants: crate::lang::ByLang<Variant>,
    /// Sections only: pages and subsections, sorted by weight then title.
    pub(crate) pages: Vec<usize>,
    pub(crate) subsections: Vec<usize>,
    /// Sections only: non-Markdown files in the folder, copied beside the section's output.
    pub(crate) assets: Vec<PathBuf>,
}

impl Node {
    pub(crate) fn sort_weight(&self) -> (i64, String) {
        let v = self.variants.values().next();
        (v.and_then(|v| v.front.weight).unwrap_or(i64::MAX), v.map(|v| v.front.title.clone()).unwrap_or_default())
    }
}

/// The page tree. Nodes are shared, so a copy of the site costs a pointer per page: watch
/// mode changes one page of a copy while the server goes on serving the original.
#[derive(Clone)]
pub(crate) struct Site {
    pub(crate) nodes: Vec<Arc<Node>>,
    pub(crate) by_key: Arc<HashMap<String, usize>>,
    /// Whether each variant's `body` was kept at load. `porth build` does not keep them (the
    /// Markdown of 20,000 pages is ~140 MB, most of what it held) and reads each again when
    /// it renders it (`Site::body`); `check` and watch mode keep them.
    pub(crate) bodies_kept: bool,
}

impl Site {
    pub(crate) fn home(&self) -> usize {
        self.by_key["_index.md"]
    }
    pub(crate) fn url(&self, key: &str, lang: Lang) -> Option<&str> {
        let n = &self.nodes[*self.by_key.get(key)?];
        n.variants.get(&lang).map(|v| v.url.as_str())
    }

    /// The page in `lang`, or, while its translation is still being written, in another
    /// language, so an editor can preview work in progress (`check` reports the gap).
    pub(crate) fn variant_or_fallback(&self, key: &str, lang: Lang) -> Option<&Variant> {
        let n = &self.nodes[*self.by_key.get(key)?];
        n.variants.get(&lang).or_else(|| n.variants.values().next())
    }
    /// A variant's Markdown body, placeholders substituted: the one kept at load, or read
    /// again from its file when bodies were not kept. A file changed since it was loaded is
    /// a problem (its line numbers and links were checked as they were), not a silent mix.
    pub(crate) fn body<'a>(
        &self,
        config: &Config,
        forms: &Forms,
        v: &'a Variant,
        lang: Lang,
    ) -> Result<std::borrow::Cow<'a, str>, Problem> {
        if self.bodies_kept {
            return Ok(std::borrow::Cow::Borrowed(&v.body));
        }
        let raw = std::fs::read_to_string(config.root.join(&v.file)).map_err(|e| {
            Problem::new(&v.file, 0, format!("cannot read the file: {e}"), "check the file is UTF-8 text")
        })?;
        let (text, _) = substitute(&raw, lang, config, forms, &v.file);
        let (_, body, body_line) = split_front_matter(&text, &v.file)?;
        if body_line != v.body_line {
            return Err(Problem::new(&v.file, 0, "the file changed while the site was being built", "build again"));
        }
        Ok(std::borrow::Cow::Owned(body.to_string()))
    }

    /// Ancestors from the home page down to (not including) `idx`.
    pub(crate) fn ancestors(&self, idx: usize) -> Vec<usize> {
        let mut out = vec![];
        let mut cur = self.nodes[idx].parent;
        while let Some(p) = cur {
            out.push(p);
            cur = self.nodes[p].parent;
        }
        out.reverse();
        out
    }
}

/// Where `cc` first comes in `s`, for `c` an ASCII character: found a byte at a time by
/// `memchr`, where `str::find("{{")` (a general substring search) was a twentieth of a
/// large site's build, run over every page's whole text, twice.
fn find_pair(s: &str, c: u8) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = memchr::memchr(c, &s.as_bytes()[from..]) {
        let at = from + i;
        if s.as_bytes().get(at + 1) == Some(&c) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// Substitutes `{{ council.* }}` and `{{ forms.* }}` in a file's text, in its language.
/// Values never contain newlines, so line numbers are unchanged.
pub(crate) fn substitute(
    text: &str,
    lang: Lang,
    config: &Config,
    forms: &Forms,
    file: &Path,
) -> (String, Vec<Problem>) {
    let mut out = String::with_capacity(text.len());
    let mut problems = vec![];
    let mut rest = text;
    let mut consumed = 0;
    while let Some(start) = find_pair(rest, b'{') {
        let Some(len) = find_pair(&rest[start..], b'}') else { break };
        let name = rest[start + 2..start + len].trim();
        let value = if let Some(k) = name.strip_prefix("council.") {
            config.council(lang, k)
        } else if let Some(link) = contact_link(name, lang, config) {
            link
        } else if let Some(f) = name.strip_prefix("forms.") {
            forms.by_placeholder(f).map(|form| form.start_url(lang))
        } else {
            None
        };
        out.push_str(&rest[..start]);
        match value {
            Some(v) => out.push_str(&v.replace('\n', " ")),
            None => {
                problems.push(Problem::new(
                    file,
                    line_of(text, consumed + start),
                    format!("unknown placeholder `{{{{ {name} }}}}`"),
                    format!(
                        "use one of {}, or add the key to [council] in config.toml; a phone or e-mail \
                         as a link is {{{{ contact.<name>.phone }}}} or .email ([contacts]: {}), or \
                         {{{{ tel(council.<key>) }}}} / {{{{ mailto(council.<key>) }}}}",
                        known_placeholders(config, forms, lang).join(", "),
                        config.contacts.keys().cloned().collect::<Vec<_>>().join(", ")
                    ),
                ));
                out.push_str(&rest[start..start + len + 2]);
            }
        }
        consumed += start + len + 2;
        rest = &rest[start + len + 2..];
    }
    out.push_str(rest);
    (out, problems)
}

/// A team's phone or e-mail as a Markdown `tel:`/`mailto:` link, so a number is written
/// once, in config.toml, and a family can tap it: `{{ contact.<name>.phone }}` and `.email`
/// from `[contacts]` (`.team` and `.hours` as text), and `{{ tel(council.<key>) }}` /
/// `{{ mailto(council.<key>) }}` for any other council detail. `None` when `name` is none of
/// these shapes; `Some(None)` when it is one but names nothing usable (reported as unknown).
fn contact_link(name: &str, lang: Lang, config: &Config) -> Option<Option<String>> {
    let tel = |p: &str| crate::site::contacts::phone(p).map(|digits| format!("[{p}](tel:{digits})"));
    let mailto = |e: &str| crate::site::contacts::email(e).then(|| format!("[{e}](mailto:{e})"));
    if let Some(rest) = name.strip_prefix("contact.") {
        let (contact, field) = rest.rsplit_once('.')?;
        let c = config.contact(contact);
        return Some(c.and_then(|c| match field {
            "phone" => tel(&c.phone),
            "email" => mailto(&c.email),
            "team" => c.text(lang).map(|t| t.team.clone()),
            "hours" => c.text(lang).map(|t| t.hours.clone()),
            _ => None,
        }));
    }
    let call = |f: &str| name.strip_prefix(f)?.strip_prefix("(council.")?.strip_suffix(')').map(str::trim);
    if let Some(key) = call("tel") {
        return Some(config.council(lang, key).and_then(|p| tel(&p)));
    }
    if let Some(key) = call("mailto") {
        return Some(config.council(lang, key).and_then(|e| mailto(&e)));
    }
    None
}

fn known_placeholders(config: &Config, forms: &Forms, lang: Lang) -> Vec<String> {
    let mut v: Vec<String> = config.council_for(lang).keys().map(|k| format!("council.{k}")).collect();
    v.extend(forms.list.iter().map(|f| format!("forms.{}", f.id.placeholder())));
    v
}

/// Splits `+++` front matter from the body. Returns (front matter, body, body's first line).
pub(crate) fn split_front_matter<'a>(text: &'a str, file: &Path) -> Result<(&'a str, &'a str, usize), Problem> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let after = text.strip_prefix("+++\n").or_else(|| text.strip_prefix("+++\r\n")).ok_or_else(|| {
        Problem::new(
            file,
            1,
            "the file does not start with `+++` front matter",
            "start the file with a line `+++`, then `title = \"…\"`, then another `+++` line",
        )
    })?;
    let end = after.find("\n+++").ok_or_else(|| {
        Problem::new(file, 1, "the front matter is never closed", "add a line `+++` after the last front-matter key")
    })?;
    let fm = &after[..end + 1];
    let mut body = &after[end + 4..];
    body = body.strip_prefix("\r\n").or_else(|| body.strip_prefix('\n')).unwrap_or(body);
    let body_line = line_of(text, text.len() - body.len());
    Ok((fm, body, body_line))
}

pub(crate) fn parse_front(fm: &str, file: &Path) -> Result<FrontMatter, Problem> {
    toml::from_str::<FrontMatter>(fm).map_err(|e| {
        // +1: the opening `+++` line.
        let line = e.span().map(|s| line_of(fm, s.start) + 1).unwrap_or(1);
        let msg = e.message().trim().to_string();
        let fix = if msg.starts_with("unknown field") {
            "allowed keys: title, description, date, updated, weight, slug, draft, template, aliases, and [extra] for anything else".to_string()
        } else if msg.contains("missing field `title`") {
            "every page needs `title = \"…\"`".to_string()
        } else {
            "front matter is TOML: check quotes, dates (2026-11-23) and that each key appears once".to_string()
        };
        Problem::new(file, line, format!("front matter: {msg}"), fix)
    })
}

struct Loaded {
    key: String,
    lang: Lang,
    kind: Kind,
    dir: String,
    variant: Variant,
}

/// Reads every Markdown file under `content/` and builds the page tree, keeping each page's
/// body in memory or not (`Site::bodies_kept`).
pub(crate) fn load_keeping(
    config: &Config,
    forms: &Forms,
    content_dir: &Path,
    keep_bodies: bool,
) -> (Site, Vec<Problem>) {
    let mut md_files = vec![];
    let mut assets: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
    for entry in walkdir::WalkDir::new(content_dir).sort_by_file_name().into_iter().filter_map(Result::ok) {
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(content_dir).expect("under content").to_string_lossy().replace('\\', "/");
        if rel.split('/').any(|p| p.starts_with('.')) {
            continue;
        }
        // Alerts and journeys are data, read by their own modules, not pages.
        if rel.starts_with("alerts/") || rel.starts_with("journeys/") {
            continue;
        }
        if rel.ends_with(".md") {
            md_files.push(rel);
        } else {
            let dir = rel.rsplit_once('/').map(|(d, _)| d.to_string()).unwrap_or_default();
            assets.entry(dir).or_default().push(entry.path().to_path_buf());
        }
    }

    let results: Vec<Result<Option<Loaded>, Vec<Problem>>> = md_files
        .par_iter()
        .map(|rel| {
            let mut one = load_one(config, forms, content_dir, rel);
            if !keep_bodies && let Ok(Some(l)) = &mut one {
                l.variant.body = String::new();
            }
            one
        })
        .collect();
    let mut problems = vec![];
    let mut loaded = vec![];
    for r in results {
        match r {
            Ok(Some(l)) => loaded.push(l),
            Ok(None) => {}
            Err(p) => problems.extend(p),
        }
    }

    // Group variants into nodes; sections first so pages can find their parent.
    let mut nodes: Vec<Node> = vec![];
    let mut by_key: HashMap<String, usize> = HashMap::new();
    let mut section_of_dir: HashMap<String, usize> = HashMap::new();
    loaded.sort_by(|a, b| (a.kind == Kind::Page, &a.key, a.lang).cmp(&(b.kind == Kind::Page, &b.key, b.lang)));
    for l in loaded {
        let idx = *by_key.entry(l.key.clone()).or_insert_with(|| {
            nodes.push(Node {
                key: l.key.clone(),
                kind: l.kind,
                parent: None,
                variants: Default::default(),
                pages: vec![],
                subsections: vec![],
                assets: vec![],
            });
            nodes.len() - 1
        });
        if l.kind == Kind::Section {
            section_of_dir.insert(l.dir.clone(), idx);
        }
        nodes[idx].variants.insert(l.lang, l.variant);
    }
    if !by_key.contains_key("_index.md") {
        problems.push(Problem::new(
            content_dir.join("_index.md"),
            0,
            "there is no home page",
            "create content/_index.md (and content/_index.cy.md)",
        ));
        return (
            Site {
                nodes: nodes.into_iter().map(Arc::new).collect(),
                by_key: Arc::new(by_key),
                bodies_kept: keep_bodies,
            },
            problems,
        );
    }
    for (dir, files) in assets {
        match section_of_dir.get(&dir) {
            Some(&s) => nodes[s].assets = files,
            None => problems.push(Problem::new(
                &files[0],
                0,
                "this file is in a folder with no `_index.md`",
                "add an _index.md to the folder, or move the file beside a section",
            )),
        }
    }

    // Parents: a section's parent is the nearest folder above with an _index.md.
    for idx in 0..nodes.len() {
        let key = nodes[idx].key.clone();
        if key == "_index.md" {
            continue;
        }
        let mut dir = match nodes[idx].kind {
            Kind::Section => parent_dir(key.trim_end_matches("/_index.md")),
            Kind::Page => parent_dir(&key),
        };
        loop {
            if let Some(&p) = section_of_dir.get(&dir) {
                nodes[idx].parent = Some(p);
                break;
            }
            if dir.is_empty() {
                break;
            }
            dir = parent_dir(&dir);
        }
        if let Some(p) = nodes[idx].parent {
            match nodes[idx].kind {
                Kind::Section => nodes[p].subsections.push(idx),
                Kind::Page => nodes[p].pages.push(idx),
            }
        }
    }
    let mut nodes: Vec<Arc<Node>> = nodes.into_iter().map(Arc::new).collect();
    for idx in 0..nodes.len() {
        sort_children(&mut nodes, idx);
    }

    let mut site = Site { nodes, by_key: Arc::new(by_key), bodies_kept: keep_bodies };
    problems.extend(assign_urls(&mut site, config));
    (site, problems)
}

/// Puts a section's pages and subsections in order: by weight, then title, then file name
/// (the order nodes are numbered in), so re-sorting one section after an edit gives the
/// order a fresh load would.
pub(crate) fn sort_children(nodes: &mut [Arc<Node>], idx: usize) {
    let mut pages = nodes[idx].pages.clone();
    pages.sort_by_key(|&i| (nodes[i].sort_weight(), i));
    let mut subs = nodes[idx].subsections.clone();
    subs.sort_by_key(|&i| (nodes[i].sort_weight(), i));
    if pages != nodes[idx].pages || subs != nodes[idx].subsections {
        let node = Arc::make_mut(&mut nodes[idx]);
        node.pages = pages;
        node.subsections = subs;
    }
}

/// One Markdown file read again after an edit: its node's key, its language and its
/// variant (URL not yet set), or `None` for a draft or a language the site does not have.
#[allow(clippy::type_complexity)] // a page's key, language, kind and contents, as `load_one` finds them
pub(crate) fn read_variant(
    config: &Config,
    forms: &Forms,
    content_dir: &Path,
    rel: &str,
) -> Result<Option<(String, Lang, Kind, Variant)>, Vec<Problem>> {
    Ok(load_one(config, forms, content_dir, rel)?.map(|l| (l.key, l.lang, l.kind, l.variant)))
}

fn parent_dir(path: &str) -> String {
    path.rsplit_once('/').map(|(d, _)| d.to_string()).unwrap_or_default()
}

fn load_one(config: &Config, forms: &Forms, content_dir: &Path, rel: &str) -> Result<Option<Loaded>, Vec<Problem>> {
    let file = content_dir.join(rel);
    let (lang, key) = match rel.strip_suffix(".cy.md") {
        Some(stem) => (Lang::Cy, format!("{stem}.md")),
        None => (Lang::En, rel.to_string()),
    };
    if !config.langs.contains(&lang) {
        return Ok(None);
    }
    let display = Path::new("content").join(rel);
    let raw = std::fs::read_to_string(&file).map_err(|e| {
        vec![Problem::new(&display, 0, format!("cannot read the file: {e}"), "check the file is UTF-8 text")]
    })?;
    let (text, mut problems) = substitute(&raw, lang, config, forms, &display);
    let (fm, body, body_line) = split_front_matter(&text, &display).map_err(|p| vec![p])?;
    let body = body.to_string();
    let front = match parse_front(fm, &display) {
        Ok(f) => f,
        Err(p) => {
            problems.push(p);
            return Err(problems);
        }
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    if front.draft {
        return Ok(None);
    }
    let is_section = rel == "_index.md" || rel == "_index.cy.md" || key.ends_with("/_index.md");
    let dir = if is_section { parent_dir(&key) } else { String::new() };
    let variant = Variant {
        file: display,
        date: front.date.as_ref().and_then(to_date),
        updated: front.updated.as_ref().and_then(to_date),
        front,
        url: String::new(),
        body_line,
        body,
    };
    Ok(Some(Loaded { key, lang, kind: if is_section { Kind::Section } else { Kind::Page }, dir, variant }))
}

/// Every URL, top-down, so a Welsh section slug carries into its pages' Welsh URLs.
fn assign_urls(site: &mut Site, config: &Config) -> Vec<Problem> {
    let mut problems = vec![];
    let mut order = vec![site.home()];
    let mut i = 0;
    while i < order.len() {
        let n = order[i];
        order.extend(site.nodes[n].subsections.iter().copied());
        order.extend(site.nodes[n].pages.iter().copied());
        i += 1;
    }
    let mut seen: HashMap<String, PathBuf> = HashMap::new();
    for idx in order {
        let parent = site.nodes[idx].parent;
        let key = site.nodes[idx].key.clone();
        for &lang in &config.langs {
            let parent_url = match parent {
                Some(p) => match site.nodes[p].variants.get(&lang) {
                    Some(v) => v.url.clone(),
                    // A page whose section lacks this language: fall back to the other
                    // language's path segment under this language's prefix.
                    None => fallback_url(site, p, lang),
                },
                None => String::new(),
            };
            let kind = site.nodes[idx].kind;
            let Some(v) = Arc::make_mut(&mut site.nodes[idx]).variants.get_mut(&lang) else { continue };
            let default_slug = match kind {
                Kind::Section => key.trim_end_matches("/_index.md").rsplit('/').next().unwrap_or("").to_string(),
                Kind::Page => key.trim_end_matches(".md").rsplit('/').next().unwrap_or("").to_string(),
            };
            v.url = if parent.is_none() {
                format!("/{lang}/")
            } else {
                let slug = v.front.slug.clone().unwrap_or(default_slug);
                if slug.is_empty() || slug.contains('/') || slug.chars().any(char::is_whitespace) {
                    problems.push(Problem::new(
                        &v.file,
                        0,
                        format!("slug `{slug}` cannot be used in a URL"),
                        "use lower-case letters, digits and hyphens",
                    ));
                }
                format!("{parent_url}{slug}/")
            };
            if let Some(other) = seen.insert(v.url.clone(), v.file.clone()) {
                problems.push(Problem::new(
                    &v.file,
                    0,
                    format!("URL {} is also used by {}", v.url, other.display()),
                    "give one of them a different `slug`",
                ));
            }
        }
    }
    problems
}

fn fallback_url(site: &Site, idx: usize, lang: Lang) -> String {
    let v = site.nodes[idx].variants.values().next().expect("a node has a variant");
    format!("/{lang}/{}", v.url.splitn(3, '/').nth(2).unwrap_or(""))
}
