//! `config.toml`: the site's address, nation, languages, and the council's own details.

use crate::lang::Lang;
use crate::problems::{Problem, ProblemReport};
use anyhow::Result;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub(crate) struct Config {
    pub(crate) base_url: String,
    /// Whose law the site explains: it decides which languages the site must have.
    pub(crate) nation: Nation,
    pub(crate) languages: Vec<String>,
    /// The templates and static files, relative to the site root. A site in `sites/<name>/`
    /// shares the top-level ones with `templates = "../../templates"`: named in the config,
    /// not found by a fallback, so a typo is an error rather than a silently different look.
    pub(crate) templates: PathBuf,
    #[serde(rename = "static")]
    pub(crate) static_dir: PathBuf,
    /// Pages linked from every footer, by source path.
    pub(crate) footer: Vec<String>,
    /// Council details: language-neutral keys at the top, per-language tables under `cy`/`en`.
    pub(crate) council: toml::Table,
    pub(crate) venues: BTreeMap<String, BTreeMap<String, Venue>>,
    /// `[areas.<key>]`: the places a family can narrow the drop-in sessions to, each with
    /// its name in every language and the venues in it. The key is the area page's URL
    /// segment in both languages, so the language toggle can find its twin.
    pub(crate) areas: BTreeMap<String, Area>,
    /// `[brand]`: the council's colour and logo (never the crown or GDS Transport).
    pub(crate) brand: Brand,
    /// `[mail]`: the form service's outbox and e-mail transport. The service reads and
    /// checks it (`service::settings`); the generator only lets it be.
    pub(crate) mail: toml::Table,
    /// `[service]`: the form service's proxies, health limits and timeouts; read and
    /// checked by `service::settings`, like `[mail]`.
    pub(crate) service: toml::Table,
    /// `[storage]`: where the form service keeps submissions (a folder or PostgreSQL);
    /// read and checked by `service::settings`, like `[mail]`.
    pub(crate) storage: toml::Table,
    /// `[directory]`: the services directory's settings (docs/DIRECTORY.md).
    pub(crate) directory: DirectorySettings,
    /// `[postcode_districts]`: a postcode district ("WM1") and the `[areas]` key it is in,
    /// so a family's postcode narrows the directory without any outside lookup.
    pub(crate) postcode_districts: BTreeMap<String, String>,
    /// `[review]`: how many months after `reviewed` a page falls due.
    pub(crate) review: ReviewConfig,
    /// `[contacts.<name>]`: each team's e-mail, phone and hours, and the sections and forms
    /// it answers for: a page's footer and a form's confirmation and acknowledgement give
    /// the team that will answer, not the council's general inbox.
    pub(crate) contacts: BTreeMap<String, Contact>,
    /// The contact of pages outside every section (home, contact, privacy); required once
    /// `[contacts]` has any entry.
    pub(crate) default_contact: String,
    #[serde(skip)]
    pub(crate) root: PathBuf,
    #[serde(skip)]
    pub(crate) langs: Vec<Lang>,
}

/// The nation whose law a site follows. Wales: the Additional Learning Needs and Education
/// Tribunal (Wales) Act 2018 and the Welsh Language Standards, so every page in Welsh and
/// English. England: the Children and Families Act 2014, and English only unless the council
/// chooses Welsh as well.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Nation {
    #[default]
    Wales,
    England,
}

impl Nation {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Nation::Wales => "wales",
            Nation::England => "england",
        }
    }
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Venue {
    pub(crate) name: String,
    pub(crate) address: String,
    #[serde(default)]
    pub(crate) access: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Area {
    pub(crate) cy: Option<String>,
    pub(crate) en: Option<String>,
    /// An area may have no venues: the directory's areas are where services are offered,
    /// whether or not the team holds drop-in sessions there.
    #[serde(default)]
    pub(crate) venues: Vec<String>,
}

/// `[contacts.<name>]`: one team's details. `sections` are folders under `content/` (each
/// page in one shows this team in its footer); `forms` are form files under `forms/`, by
/// name without `.toml` (the confirmation and acknowledgement give this team).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Contact {
    pub(crate) email: String,
    pub(crate) phone: String,
    #[serde(default)]
    pub(crate) sections: Vec<String>,
    #[serde(default)]
    pub(crate) forms: Vec<String>,
    /// The team's name and opening hours in each language: `[contacts.<name>.cy]`.
    #[serde(default)]
    pub(crate) cy: Option<ContactText>,
    #[serde(default)]
    pub(crate) en: Option<ContactText>,
}

/// `[contacts.<name>.<lang>]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ContactText {
    pub(crate) team: String,
    pub(crate) hours: String,
}

impl Contact {
    pub(crate) fn text(&self, lang: Lang) -> Option<&ContactText> {
        match lang {
            Lang::Cy => self.cy.as_ref(),
            Lang::En => self.en.as_ref(),
        }
    }
}

/// `[directory]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub(crate) struct DirectorySettings {
    /// An entry falls due for review this many months after its `reviewed` date.
    pub(crate) review_months: u32,
}

impl Default for DirectorySettings {
    fn default() -> Self {
        DirectorySettings { review_months: 12 }
    }
}

impl Area {
    pub(crate) fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::Cy => self.cy.as_deref(),
            Lang::En => self.en.as_deref(),
        }
        .unwrap_or_default()
    }
}

/// `[review]`: how often every page falls due for review (`review_dates`).
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub(crate) struct ReviewConfig {
    /// Months from `reviewed` to the page's due date; a page may set a shorter `review_months`.
    pub(crate) months: u32,
}

impl Default for ReviewConfig {
    fn default() -> Self {
        ReviewConfig { months: 12 }
    }
}

/// `[brand]`: how the site shows it is the council's. GOV.UK Frontend's components read
/// the colour from a CSS custom property, so the build writes it into `css/brand.css` and
/// no Sass needs compiling to change it.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub(crate) struct Brand {
    /// The header and accent colour, `#rrggbb`; white text on it must reach 4.5:1.
    pub(crate) colour: String,
    /// The council's logo, a file under the static folder (`images/logo.svg`).
    pub(crate) logo: Option<String>,
    /// The logo's text alternative in each language (usually the council's name).
    pub(crate) logo_alt: BTreeMap<String, String>,
}

impl Default for Brand {
    fn default() -> Self {
        Brand { colour: "#0f4c45".into(), logo: None, logo_alt: BTreeMap::new() }
    }
}

impl Brand {
    /// The colour as RGB, if it is written `#rrggbb`.
    pub(crate) fn rgb(&self) -> Option<[u8; 3]> {
        let hex = self.colour.strip_prefix('#').filter(|h| h.len() == 6 && h.bytes().all(|b| b.is_ascii_hexdigit()))?;
        let part = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
        Some([part(0)?, part(2)?, part(4)?])
    }
}

/// WCAG 2.2 contrast ratio of white text on `rgb`.
pub(crate) fn contrast_with_white(rgb: [u8; 3]) -> f64 {
    let lin = |c: u8| {
        let c = c as f64 / 255.0;
        if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
    };
    let l = 0.2126 * lin(rgb[0]) + 0.7152 * lin(rgb[1]) + 0.0722 * lin(rgb[2]);
    1.05 / (l + 0.05)
}

impl Default for Config {
    fn default() -> Self {
        Config {
            base_url: "http://127.0.0.1:8080".into(),
            nation: Nation::Wales,
            languages: vec!["cy".into(), "en".into()],
            templates: PathBuf::from("templates"),
            static_dir: PathBuf::from("static"),
            footer: vec![],
            council: toml::Table::new(),
            venues: BTreeMap::new(),
            areas: BTreeMap::new(),
            brand: Brand::default(),
            mail: toml::Table::new(),
            service: toml::Table::new(),
            storage: toml::Table::new(),
            directory: DirectorySettings::default(),
            postcode_districts: BTreeMap::new(),
            review: Default::default(),
            contacts: BTreeMap::new(),
            default_contact: String::new(),
            root: PathBuf::from("."),
            langs: vec![Lang::Cy, Lang::En],
        }
    }
}

impl Config {
    /// Loads `config.toml` from the site root, checking language codes and that every
    /// per-language council table has the same keys.
    pub(crate) fn load(root: &Path) -> Result<Config> {
        let path = root.join("config.toml");
        let text = crate::fsx::read_to_string(&path)?;
        let mut config: Config = toml::from_str(&text).map_err(|e| {
            let line = e.span().map(|s| crate::problems::line_of(&text, s.start)).unwrap_or(0);
            ProblemReport(vec![Problem::new(
                &path,
                line,
                e.message().to_string(),
                "see README.md, section \"Configuration\", for the keys config.toml accepts",
            )])
        })?;
        config.root = root.to_path_buf();
        config.base_url = config.base_url.trim_end_matches('/').to_string();
        let mut problems = Vec::new();
        config.langs.clear();
        for code in &config.languages {
            match Lang::parse(code) {
                Some(l) => config.langs.push(l),
                None => problems.push(Problem::new(
                    &path,
                    0,
                    format!("language `{code}` is not supported"),
                    "Porth builds Welsh and English sites: use languages = [\"cy\", \"en\"]",
                )),
            }
        }
        problems.extend(language_problems(&path, config.nation, &config.langs));
        // Only folders named in config.toml: the defaults keep their old meaning (no `static`
        // folder is fine; a missing `templates` is reported when the templates load).
        for (what, set, dir) in [
            ("templates", &config.templates, config.templates_dir()),
            ("static", &config.static_dir, config.static_dir()),
        ] {
            if set.as_path() != Path::new(what) && !dir.is_dir() {
                problems.push(Problem::new(
                    &path,
                    0,
                    format!("the {what} folder `{}` does not exist", dir.display()),
                    format!("set `{what} = \"…\"` to a folder relative to the site root, e.g. \"../../{what}\" for a site under sites/"),
                ));
            }
        }
        for lang in &config.langs {
            for other in &config.langs {
                let keys = |l: &Lang| -> Vec<String> {
                    config
                        .council
                        .get(l.code())
                        .and_then(|v| v.as_table())
                        .map(|t| t.keys().cloned().collect())
                        .unwrap_or_default()
                };
                for missing in keys(lang).iter().filter(|k| !keys(other).contains(k)) {
                    problems.push(Problem::new(
                        &path,
                        0,
                        format!("[council.{lang}] has `{missing}` but [council.{other}] does not"),
                        format!("add `{missing}` to [council.{other}] in the other language"),
                    ));
                }
            }
        }
        for (key, by_lang) in &config.venues {
            for lang in &config.langs {
                if !by_lang.contains_key(lang.code()) {
                    problems.push(Problem::new(
                        &path,
                        0,
                        format!("venue `{key}` has no [venues.{key}.{lang}] table"),
                        "give every venue a name and address in each language",
                    ));
                }
            }
        }
        problems.extend(area_problems(&path, &text, &config));
        problems.extend(district_problems(&path, &text, &config));
        problems.extend(contact_problems(&path, &text, &config));
        let brand_line = text.lines().position(|l| l.trim() == "[brand]").map(|i| i + 1).unwrap_or(0);
        match config.brand.rgb() {
            None => problems.push(Problem::new(
                &path,
                brand_line,
                format!("[brand] colour `{}` is not written #rrggbb", config.brand.colour),
                "e.g. colour = \"#0f4c45\"",
            )),
            Some(rgb) if contrast_with_white(rgb) < 4.5 => problems.push(Problem::new(
                &path,
                brand_line,
                format!(
                    "[brand] colour `{}` gives white text a contrast of {:.1}:1",
                    config.brand.colour,
                    contrast_with_white(rgb)
                ),
                "the header's white text needs at least 4.5:1 (WCAG 1.4.3): choose a darker colour",
            )),
            Some(_) => {}
        }
        if let Some(logo) = &config.brand.logo {
            if !root.join(&config.static_dir).join(logo).is_file() {
                problems.push(Problem::new(
                    &path,
                    brand_line,
                    format!("[brand] logo `{logo}` is not a file in {}", config.static_dir.display()),
                    "put the logo under the static folder and name it from there",
                ));
            }
            for lang in &config.langs {
                if config.brand.logo_alt.get(lang.code()).is_none_or(|a| a.trim().is_empty()) {
                    problems.push(Problem::new(
                        &path,
                        brand_line,
                        format!("[brand] logo has no text alternative in {}", lang.endonym()),
                        format!("add {} = \"…\" to logo_alt", lang.code()),
                    ));
                }
            }
        }
        if problems.is_empty() { Ok(config) } else { Err(ProblemReport(problems).into()) }
    }

    /// Where the templates are: `templates` in config.toml, from the site root.
    pub(crate) fn templates_dir(&self) -> PathBuf {
        self.root.join(&self.templates)
    }

    /// Where the static files (CSS) are: `static` in config.toml, from the site root.
    pub(crate) fn static_dir(&self) -> PathBuf {
        self.root.join(&self.static_dir)
    }

    /// Whether pages come in more than one language (a toggle, hreflang, a `/cy/` tree).
    pub(crate) fn bilingual(&self) -> bool {
        self.langs.len() > 1
    }

    /// The other language of the site for a page in `lang`; `None` on a one-language site.
    pub(crate) fn other_lang(&self, lang: Lang) -> Option<Lang> {
        self.langs.iter().copied().find(|&l| l != lang)
    }

    /// A council detail in one language: `[council.<lang>].key`, else `[council].key`.
    pub(crate) fn council(&self, lang: Lang, key: &str) -> Option<String> {
        let localized = self.council.get(lang.code()).and_then(|t| t.as_table()).and_then(|t| t.get(key));
        let value = localized.or_else(|| self.council.get(key).filter(|v| !v.is_table()))?;
        match value {
            toml::Value::String(s) => Some(s.clone()),
            other => Some(other.to_string()),
        }
    }

    /// Every council detail for one language, flattened for templates.
    pub(crate) fn council_for(&self, lang: Lang) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        for (k, v) in &self.council {
            if let Some(s) = v.as_str() {
                out.insert(k.clone(), s.to_string());
            }
        }
        if let Some(t) = self.council.get(lang.code()).and_then(|t| t.as_table()) {
            for (k, v) in t {
                if let Some(s) = v.as_str() {
                    out.insert(k.clone(), s.to_string());
                }
            }
        }
        out
    }

    /// The names of every council detail, in any language: what a form may name as its
    /// contact and content may place with `{{ council.* }}`.
    pub(crate) fn council_keys(&self) -> std::collections::BTreeSet<String> {
        self.langs.iter().flat_map(|&l| self.council_for(l).into_keys()).collect()
    }

    /// The contact named `name` in `[contacts]`.
    pub(crate) fn contact(&self, name: &str) -> Option<&Contact> {
        self.contacts.get(name)
    }

    /// The contact that answers a form (its file name without `.toml`), else the default.
    pub(crate) fn form_contact(&self, form: &str) -> Option<&Contact> {
        self.contacts
            .values()
            .find(|c| c.forms.iter().any(|f| f == form))
            .or_else(|| self.contacts.get(&self.default_contact))
    }

    pub(crate) fn venue(&self, key: &str, lang: Lang) -> Option<&Venue> {
        self.venues.get(key)?.get(lang.code())
    }
}

/// Each area named in every language, made of venues that exist, each venue in one area
/// only, and keyed so the key can be a URL segment.
fn area_problems(path: &Path, text: &str, config: &Config) -> Vec<Problem> {
    let mut problems = vec![];
    let mut owner: BTreeMap<&str, &str> = BTreeMap::new();
    for (key, area) in &config.areas {
        let line = text.lines().position(|l| l.trim() == format!("[areas.{key}]")).map(|i| i + 1).unwrap_or(0);
        if key.is_empty() || !key.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
            problems.push(Problem::new(
                path,
                line,
                format!("area key `{key}` is not lower-case letters, digits and hyphens"),
                "it is the area page's address, e.g. [areas.cwmteg]",
            ));
        }
        for lang in &config.langs {
            if area.name(*lang).trim().is_empty() {
                problems.push(Problem::new(
                    path,
                    line,
                    format!("area `{key}` has no name in {}", lang.code()),
                    format!("add {} = \"…\" to [areas.{key}]", lang.code()),
                ));
            }
        }
        for v in &area.venues {
            if !config.venues.contains_key(v) {
                let known: Vec<&str> = config.venues.keys().map(String::as_str).collect();
                problems.push(Problem::new(
                    path,
                    line,
                    format!("area `{key}` lists venue `{v}`, which is not in [venues]"),
                    format!("use one of: {}", known.join(", ")),
                ));
            } else if let Some(first) = owner.insert(v, key) {
                problems.push(Problem::new(
                    path,
                    line,
                    format!("venue `{v}` is in area `{first}` and area `{key}`"),
                    "put each venue in one area",
                ));
            }
        }
    }
    problems
}

/// Each postcode district shaped like one and in an area that exists; districts are kept
/// upper case, as families' postcodes are read.
fn district_problems(path: &Path, text: &str, config: &Config) -> Vec<Problem> {
    let mut problems = vec![];
    if config.directory.review_months == 0 {
        problems.push(Problem::new(
            path,
            0,
            "[directory] review_months is 0",
            "set how many months an entry stays current, e.g. 12",
        ));
    }
    for (district, area) in &config.postcode_districts {
        let line = text.lines().position(|l| l.trim_start().starts_with(district.as_str())).map_or(0, |i| i + 1);
        if crate::site::contacts::district(district).as_deref() != Some(district.as_str()) {
            problems.push(Problem::new(
                path,
                line,
                format!("[postcode_districts] `{district}` is not a postcode district"),
                "write the part of the postcode before the space, in capitals, e.g. WM1 = \"central\"",
            ));
        }
        if !config.areas.contains_key(area) {
            let keys: Vec<&str> = config.areas.keys().map(String::as_str).collect();
            problems.push(Problem::new(
                path,
                line,
                format!("[postcode_districts] `{district}` is in area `{area}`, which is not in [areas]"),
                format!("use one of: {}", keys.join(", ")),
            ));
        }
    }
    problems
}

/// `[contacts]`: every contact complete in every language with a UK phone and an e-mail
/// address; `default_contact` one of them; every section folder and every form file answered
/// for by exactly one contact, and each one named there existing. A site without
/// `[contacts]` keeps the council's own e-mail and phone everywhere.
fn contact_problems(path: &Path, text: &str, config: &Config) -> Vec<Problem> {
    let mut problems = vec![];
    if config.contacts.is_empty() {
        if !config.default_contact.is_empty() {
            let line = text.lines().position(|l| l.trim_start().starts_with("default_contact")).map_or(0, |i| i + 1);
            problems.push(Problem::new(
                path,
                line,
                format!(
                    "default_contact `{}` names a contact, but there is no [contacts] table",
                    config.default_contact
                ),
                "add a [contacts.<name>] table with email, phone, sections and forms, or remove default_contact",
            ));
        }
        return problems;
    }
    let names: Vec<&str> = config.contacts.keys().map(String::as_str).collect();
    // A section or form without a contact is reported where the contacts begin.
    let first_line = text
        .lines()
        .position(|l| l.trim_start().starts_with("default_contact") || l.trim_start().starts_with("[contacts."))
        .map_or(0, |i| i + 1);
    if !config.contacts.contains_key(&config.default_contact) {
        problems.push(Problem::new(
            path,
            first_line,
            if config.default_contact.is_empty() {
                "[contacts] is given but default_contact is not".to_string()
            } else {
                format!("default_contact `{}` is not a [contacts.<name>] table", config.default_contact)
            },
            format!("set default_contact (before the first table) to one of: {}", names.join(", ")),
        ));
    }
    let line_of_contact =
        |name: &str| text.lines().position(|l| l.trim() == format!("[contacts.{name}]")).map_or(0, |i| i + 1);
    let content = config.root.join("content");
    let sections: Vec<String> = std::fs::read_dir(&content)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .filter(|e| e.path().join("_index.md").is_file() || e.path().join("_index.cy.md").is_file())
                .filter_map(|e| e.file_name().to_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    let forms: Vec<String> = std::fs::read_dir(config.root.join("forms"))
        .map(|rd| {
            rd.filter_map(Result::ok)
                .filter_map(|e| e.file_name().to_str().and_then(|n| n.strip_suffix(".toml")).map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    let mut section_owner: BTreeMap<&str, &str> = BTreeMap::new();
    let mut form_owner: BTreeMap<&str, &str> = BTreeMap::new();
    for (name, c) in &config.contacts {
        let line = line_of_contact(name);
        if crate::site::contacts::phone(&c.phone).is_none() {
            problems.push(Problem::new(
                path,
                line,
                format!("[contacts.{name}] phone `{}` is not a UK phone number", c.phone),
                "write it as people dial it, e.g. phone = \"01632 960 100\"",
            ));
        }
        if !crate::site::contacts::email(&c.email) {
            problems.push(Problem::new(
                path,
                line,
                format!("[contacts.{name}] email `{}` is not an e-mail address", c.email),
                "e.g. email = \"team@council.example\"",
            ));
        }
        for lang in &config.langs {
            if c.text(*lang).is_none_or(|t| t.team.trim().is_empty() || t.hours.trim().is_empty()) {
                problems.push(Problem::new(
                    path,
                    line,
                    format!("[contacts.{name}] has no team name and hours in {}", lang.endonym()),
                    format!("add [contacts.{name}.{lang}] with team = \"…\" and hours = \"…\""),
                ));
            }
        }
        for s in &c.sections {
            if !sections.contains(s) {
                problems.push(Problem::new(
                    path,
                    line,
                    format!("[contacts.{name}] names section `{s}`, which is not a section folder under content/"),
                    format!("use one of: {}", sections.join(", ")),
                ));
            } else if let Some(first) = section_owner.insert(s, name) {
                problems.push(Problem::new(
                    path,
                    line,
                    format!("section `{s}` is in [contacts.{first}] and [contacts.{name}]"),
                    "give each section one contact",
                ));
            }
        }
        for f in &c.forms {
            if !forms.contains(f) {
                problems.push(Problem::new(
                    path,
                    line,
                    format!("[contacts.{name}] names form `{f}`, which is not a file under forms/"),
                    format!("use one of: {}", forms.join(", ")),
                ));
            } else if let Some(first) = form_owner.insert(f, name) {
                problems.push(Problem::new(
                    path,
                    line,
                    format!("form `{f}` is in [contacts.{first}] and [contacts.{name}]"),
                    "give each form one contact",
                ));
            }
        }
    }
    let mut sorted = sections.clone();
    sorted.sort();
    for s in sorted.iter().filter(|s| !section_owner.contains_key(s.as_str())) {
        problems.push(Problem::new(
            path,
            first_line,
            format!("section `{s}` has no contact"),
            format!(
                "add \"{s}\" to `sections` in one of: {}",
                names.iter().map(|n| format!("[contacts.{n}]")).collect::<Vec<_>>().join(", ")
            ),
        ));
    }
    let mut sorted = forms.clone();
    sorted.sort();
    for f in sorted.iter().filter(|f| !form_owner.contains_key(f.as_str())) {
        problems.push(Problem::new(
            path,
            first_line,
            format!("form `{f}` has no contact"),
            format!(
                "add \"{f}\" to `forms` in one of: {}",
                names.iter().map(|n| format!("[contacts.{n}]")).collect::<Vec<_>>().join(", ")
            ),
        ));
    }
    problems
}

/// The language rules of each nation. A Welsh site is Welsh and English, both complete (the
/// Welsh Language Standards); an English site is English, and may add Welsh.
fn language_problems(path: &Path, nation: Nation, langs: &[Lang]) -> Vec<Problem> {
    let mut problems = vec![];
    let mut seen = vec![];
    for l in langs {
        if seen.contains(l) {
            problems.push(Problem::new(path, 0, format!("language `{l}` is listed twice"), "list each language once"));
        }
        seen.push(*l);
    }
    let (ok, fix) = match nation {
        Nation::Wales => (
            seen.contains(&Lang::Cy) && seen.contains(&Lang::En),
            "a Welsh site is in Welsh and English: use languages = [\"cy\", \"en\"]",
        ),
        Nation::England => (
            seen.contains(&Lang::En),
            "an English site is in English: use languages = [\"en\"] (or [\"en\", \"cy\"] to add Welsh)",
        ),
    };
    if !ok && problems.is_empty() {
        let list: Vec<&str> = langs.iter().map(|l| l.code()).collect();
        problems.push(Problem::new(
            path,
            0,
            format!("nation `{}` does not allow languages = {list:?}", nation.as_str()),
            fix,
        ));
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<Config> {
        let dir = tempfile::tempdir().unwrap();
        for d in ["templates", "static"] {
            std::fs::create_dir(dir.path().join(d)).unwrap();
        }
        std::fs::write(dir.path().join("config.toml"), text).unwrap();
        Config::load(dir.path())
    }

    #[test]
    fn config_nation_defaults_to_wales_and_wales_must_be_bilingual() {
        let c = load("").unwrap();
        assert_eq!(c.nation, Nation::Wales);
        assert!(c.bilingual());
        let e = load("languages = [\"en\"]").unwrap_err().to_string();
        assert!(e.contains("nation `wales` does not allow"), "{e}");
        let e = load("nation = \"wales\"\nlanguages = [\"cy\"]").unwrap_err().to_string();
        assert!(e.contains("a Welsh site is in Welsh and English"), "{e}");
    }

    #[test]
    fn config_england_may_be_english_only_but_not_welsh_only() {
        let c = load("nation = \"england\"\nlanguages = [\"en\"]").unwrap();
        assert_eq!(c.nation, Nation::England);
        assert!(!c.bilingual());
        assert_eq!(c.other_lang(Lang::En), None);
        assert!(load("nation = \"england\"\nlanguages = [\"cy\"]").is_err());
        assert!(
            load("nation = \"england\"\nlanguages = [\"en\", \"en\"]")
                .unwrap_err()
                .to_string()
                .contains("listed twice")
        );
        assert!(load("nation = \"scotland\"").is_err());
    }

    /// A site root with two sections and one form, and `contacts` appended to its config.
    fn load_with_contacts(contacts: &str) -> Result<Config> {
        let dir = tempfile::tempdir().unwrap();
        for d in ["templates", "static", "content/home-education", "content/aln", "forms"] {
            std::fs::create_dir_all(dir.path().join(d)).unwrap();
        }
        for f in ["content/home-education/_index.md", "content/aln/_index.md", "forms/aln.toml"] {
            std::fs::write(dir.path().join(f), "").unwrap();
        }
        std::fs::write(dir.path().join("config.toml"), contacts).unwrap();
        Config::load(dir.path())
    }

    const TEXT: &str = "[contacts.{n}.cy]\nteam = \"Tîm\"\nhours = \"9 tan 5\"\n[contacts.{n}.en]\nteam = \"Team\"\nhours = \"9 to 5\"\n";

    fn contact(name: &str, body: &str) -> String {
        format!("[contacts.{name}]\n{body}\n{}", TEXT.replace("{n}", name))
    }

    #[test]
    fn contacts_cover_every_section_and_form_once() {
        let ok = format!(
            "default_contact = \"aln\"\n{}{}",
            contact(
                "aln",
                "email = \"ady@c.example\"\nphone = \"01632 960 110\"\nsections = [\"aln\"]\nforms = [\"aln\"]"
            ),
            contact("ehe", "email = \"ehe@c.example\"\nphone = \"01632 960 100\"\nsections = [\"home-education\"]"),
        );
        let c = load_with_contacts(&ok).unwrap();
        assert_eq!(c.form_contact("aln").unwrap().email, "ady@c.example");
        // A section nobody answers for, a form named twice, a section that does not exist,
        // a bad phone and an unknown default: every one reported, with its line.
        let bad = format!(
            "default_contact = \"nobody\"\n{}{}",
            contact(
                "aln",
                "email = \"ady@c.example\"\nphone = \"call us\"\nsections = [\"aln\", \"sen\"]\nforms = [\"aln\"]"
            ),
            contact("ehe", "email = \"ehe@c.example\"\nphone = \"01632 960 100\"\nforms = [\"aln\"]"),
        );
        let e = load_with_contacts(&bad).unwrap_err().to_string();
        for want in [
            "config.toml:1: default_contact `nobody` is not a [contacts.<name>] table",
            "config.toml:2: [contacts.aln] phone `call us` is not a UK phone number",
            "config.toml:2: [contacts.aln] names section `sen`, which is not a section folder under content/",
            "config.toml:13: form `aln` is in [contacts.aln] and [contacts.ehe]",
            "config.toml:1: section `home-education` has no contact",
        ] {
            assert!(e.contains(want), "missing {want:?} in:\n{e}");
        }
    }

    #[test]
    fn config_templates_folder_must_exist() {
        let e = load("templates = \"../../nowhere\"").unwrap_err().to_string();
        assert!(e.contains("the templates folder"), "{e}");
    }
}
