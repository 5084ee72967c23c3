//! `directory/taxonomy.toml`: the council's categories and needs, each with a label in every
//! language of the site, defined once and named by key in entries.

use crate::lang::Lang;
use crate::problems::{Problem, line_of};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Taxonomy {
    #[serde(default)]
    pub(crate) categories: BTreeMap<String, Term>,
    #[serde(default)]
    pub(crate) needs: BTreeMap<String, Term>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Term {
    #[serde(default)]
    pub(crate) cy: Option<String>,
    #[serde(default)]
    pub(crate) en: Option<String>,
    #[serde(default)]
    pub(crate) description_cy: Option<String>,
    #[serde(default)]
    pub(crate) description_en: Option<String>,
}

impl Term {
    pub(crate) fn label(&self, lang: Lang) -> &str {
        match lang {
            Lang::Cy => self.cy.as_deref(),
            Lang::En => self.en.as_deref(),
        }
        .unwrap_or_default()
    }

    pub(crate) fn description(&self, lang: Lang) -> Option<&str> {
        match lang {
            Lang::Cy => self.description_cy.as_deref(),
            Lang::En => self.description_en.as_deref(),
        }
    }
}

/// Reads the taxonomy, with every label the site's languages need.
pub(crate) fn load(path: &Path, langs: &[Lang]) -> Result<Taxonomy, Vec<Problem>> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        vec![Problem::new(
            path,
            0,
            format!("the directory has no taxonomy: {e}"),
            "create directory/taxonomy.toml with the categories and needs (see docs/DIRECTORY.md)",
        )]
    })?;
    let tax: Taxonomy = toml::from_str(&text).map_err(|e| {
        let line = e.span().map(|s| line_of(&text, s.start)).unwrap_or(0);
        vec![Problem::new(
            path,
            line,
            format!("taxonomy: {}", e.message().trim()),
            "each term is a table [categories.<key>] or [needs.<key>] with cy, en, and optional description_cy, description_en",
        )]
    })?;
    let mut problems = vec![];
    for (kind, terms) in [("categories", &tax.categories), ("needs", &tax.needs)] {
        for (key, term) in terms {
            let line = text.lines().position(|l| l.trim() == format!("[{kind}.{key}]")).map_or(0, |i| i + 1);
            if key.is_empty() || !key.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
                problems.push(Problem::new(
                    path,
                    line,
                    format!("{kind} key `{key}` is not lower-case letters, digits and hyphens"),
                    "the key is part of the results page's address, e.g. [categories.short-breaks]",
                ));
            }
            for &lang in langs {
                if term.label(lang).trim().is_empty() {
                    problems.push(Problem::new(
                        path,
                        line,
                        format!("{kind} `{key}` has no label in {}", lang.endonym()),
                        format!("add {} = \"…\" to [{kind}.{key}]", lang.code()),
                    ));
                }
            }
        }
    }
    if tax.categories.is_empty() {
        problems.push(Problem::new(path, 0, "the taxonomy has no categories", "add at least one [categories.<key>]"));
    }
    if problems.is_empty() { Ok(tax) } else { Err(problems) }
}
