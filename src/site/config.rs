//! `config.toml`: the site's address, languages, and the council's own details.

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
    pub(crate) languages: Vec<String>,
    /// Pages linked from every footer, by source path.
    pub(crate) footer: Vec<String>,
    /// Council details: language-neutral keys at the top, per-language tables under `cy`/`en`.
    pub(crate) council: toml::Table,
    pub(crate) venues: BTreeMap<String, BTreeMap<String, Venue>>,
    /// `[mail]`: the form service's outbox and e-mail transport. The service reads and
    /// checks it (`service::settings`); the generator only lets it be.
    pub(crate) mail: toml::Table,
    /// `[service]`: the form service's proxies, health limits and timeouts; read and
    /// checked by `service::settings`, like `[mail]`.
    pub(crate) service: toml::Table,
    #[serde(skip)]
    pub(crate) root: PathBuf,
    #[serde(skip)]
    pub(crate) langs: Vec<Lang>,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Venue {
    pub(crate) name: String,
    pub(crate) address: String,
    #[serde(default)]
    pub(crate) access: String,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            base_url: "http://127.0.0.1:8080".into(),
            languages: vec!["cy".into(), "en".into()],
            footer: vec![],
            council: toml::Table::new(),
            venues: BTreeMap::new(),
            mail: toml::Table::new(),
            service: toml::Table::new(),
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
        if problems.is_empty() { Ok(config) } else { Err(ProblemReport(problems).into()) }
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

    pub(crate) fn venue(&self, key: &str, lang: Lang) -> Option<&Venue> {
        self.venues.get(key)?.get(lang.code())
    }
}
