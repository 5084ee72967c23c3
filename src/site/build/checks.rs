//! The checks a build makes of the loaded site before it renders anything: the strings and
//! pages each form needs, council details the templates name, aliases, and pages missing a
//! translation (which `build` warns of and `check` fails on).

use super::Loaded;
use crate::forms::Forms;
use crate::lang::Lang;
use crate::problems::{Problem, line_of};
use crate::site::config::Config;
use crate::site::content::Site;
use crate::site::i18n::I18n;
use anyhow::Result;
use std::collections::HashSet;
use std::path::Path;

/// Council details a template names (`council.phone`, `council_cy.name`) that config.toml
/// does not have. Tera would render a misspelt one as nothing; a reader would see a gap
/// where the phone number should be.
pub(super) fn template_council_problems(config: &Config, dir: &Path) -> Vec<Problem> {
    let keys = config.council_keys();
    let mut out = vec![];
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name().into_iter().filter_map(Result::ok) {
        let Ok(text) = std::fs::read_to_string(entry.path()) else { continue };
        for (i, _) in text.match_indices("council") {
            let before_ok = i == 0
                || !text.as_bytes()[i - 1].is_ascii_alphanumeric() && text.as_bytes()[i - 1] != b'_'
                || text[..i].ends_with("site.");
            let rest = &text[i + "council".len()..];
            let rest = rest.strip_prefix("_cy").or_else(|| rest.strip_prefix("_en")).unwrap_or(rest);
            let Some(rest) = rest.strip_prefix('.') else { continue };
            let key: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
            if before_ok && !key.is_empty() && !keys.contains(&key) {
                let rel = entry.path().strip_prefix(config.root.as_path()).unwrap_or(entry.path());
                out.push(Problem::new(
                    rel,
                    line_of(&text, i),
                    format!("the template names council detail `{key}`, which config.toml's [council] does not have"),
                    format!(
                        "use one of {}, or add `{key}` to [council] (in every language)",
                        keys.iter().cloned().collect::<Vec<_>>().join(", ")
                    ),
                ));
            }
        }
    }
    out
}

/// What a form file needs from the rest of the site: every string it uses, in every
/// language, and the content page its start page links back to. A missing string is
/// reported at the line of the form file that needs it, never shown to a reader.
pub(super) fn form_problems(config: &Config, forms: &Forms, site: &Site, i18n: &I18n) -> Vec<Problem> {
    let mut out = vec![];
    for form in &forms.list {
        for (key, line) in form.keys() {
            for &lang in &config.langs {
                if !i18n.has(lang, &key) {
                    out.push(Problem::new(
                        &form.file,
                        line,
                        format!("the form needs the string `{key}`, which i18n/{lang}/ does not have"),
                        format!("add `{key} = …` to a file in i18n/{lang}/ (the forms' strings are in forms.ftl)"),
                    ));
                }
            }
        }
        if !site.by_key.contains_key(&form.info_page) {
            out.push(Problem::new(
                &form.file,
                0,
                format!("info_page `{}` is not a page under content/", form.info_page),
                "name the page that explains the form, e.g. \"home-education/tell-us.md\"",
            ));
        }
    }
    out
}

/// Pages that exist in some languages and not others. `build` warns, `check` fails.
pub(crate) fn missing_translations(config: &Config, site: &Site) -> Vec<Problem> {
    let mut out = vec![];
    for node in &site.nodes {
        for &lang in &config.langs {
            if !node.variants.contains_key(&lang) {
                let have = node.variants.values().next().expect("node has a variant");
                let expected = match lang {
                    Lang::Cy => have.file.to_string_lossy().replace(".md", ".cy.md"),
                    Lang::En => have.file.to_string_lossy().replace(".cy.md", ".md"),
                };
                out.push(Problem::new(
                    &have.file,
                    0,
                    format!("there is no {} translation of this page", lang.endonym()),
                    format!("create {expected}"),
                ));
            }
        }
    }
    out
}

/// Aliases that are not paths on this site, or that are another page's URL: checked before
/// anything is written.
pub(super) fn alias_problems(loaded: &Loaded) -> Vec<Problem> {
    let site = &loaded.site;
    let pages: HashSet<String> =
        site.nodes.iter().flat_map(|n| n.variants.values().map(|v| v.url.trim_matches('/').to_string())).collect();
    let mut out = vec![];
    for n in &site.nodes {
        for v in n.variants.values() {
            for alias in &v.front.aliases {
                let path = alias.trim_matches('/');
                // An alias is a URL on this site: `..` or a backslash could write outside it.
                if path.split('/').any(|seg| seg == ".." || seg == ".") || path.contains('\\') || path.is_empty() {
                    out.push(Problem::new(
                        &v.file,
                        0,
                        format!("alias `{alias}` is not a path on this site"),
                        "write it as a path from the site's root, e.g. \"/en/old-page/\"",
                    ));
                } else if pages.contains(path.trim_end_matches("/index.html")) {
                    out.push(Problem::new(
                        &v.file,
                        0,
                        format!("alias `{alias}` is the URL of another page"),
                        "remove the alias",
                    ));
                }
            }
        }
    }
    out
}
