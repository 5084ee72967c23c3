//! `porth check`: the build without the write, plus what a build only warns about or does
//! not look at: missing translations, Fluent keys present in one language only, and
//! template keys that are undefined or never used. Every problem is listed at once.

use crate::problems::{Problem, ProblemReport};
use crate::site::build::{self, Loaded};
use anyhow::Result;
use std::collections::BTreeSet;
use std::path::Path;

/// Checks the site in `root`. `code_keys` are the Fluent keys the service's Rust code asks
/// for by name (the generator cannot know them; the caller passes them in).
/// What a passing check found: the pages it rendered, and warnings that do not fail it.
pub(crate) struct Checked {
    pub(crate) pages: usize,
    pub(crate) warnings: Vec<Problem>,
}

pub(crate) fn check(root: &Path, now: time::PrimitiveDateTime, code_keys: &[&str]) -> Result<Checked> {
    let mut problems: Vec<Problem> = vec![];
    let loaded = match build::load(root) {
        Ok(l) => l,
        Err(e) => match e.downcast::<ProblemReport>() {
            Ok(report) => {
                problems.extend(report.0);
                // Strings and templates can still be checked when content fails to load.
                problems.extend(string_problems_from(root, code_keys));
                return Err(ProblemReport(sorted(problems)).into());
            }
            Err(e) => return Err(e),
        },
    };
    problems.extend(build::missing_translations(&loaded.config, &loaded.site));
    problems.extend(string_problems(&loaded, root, code_keys));
    let (mut warnings, parity_errors) = crate::site::parity::check(&loaded.site);
    warnings.extend(loaded.forms.clock_warnings(now.date()));
    // Every form run through every combination of the answers its pages depend on.
    problems.extend(crate::forms::walk::walk_all(&loaded.forms, now.date()));
    let (overdue, due_soon) =
        crate::site::review_dates::check(&crate::site::review_dates::collect(&loaded.config, &loaded.site, now.date()));
    problems.extend(overdue);
    warnings.extend(due_soon);
    problems.extend(parity_errors);
    if let Some(dir) = &loaded.directory {
        let (w, p) = crate::site::directory::review_problems(dir, loaded.config.directory.review_months, now.date());
        warnings.extend(w);
        problems.extend(p);
    }
    let pages = match build::render_site(&loaded, now, None) {
        Ok(rendered) => rendered.pages.values().sum(),
        Err(e) => match e.downcast::<ProblemReport>() {
            Ok(report) => {
                problems.extend(report.0);
                0
            }
            Err(e) => {
                problems.push(Problem::new(root.join("templates"), 0, format!("{e:#}"), ""));
                0
            }
        },
    };
    if problems.is_empty() {
        Ok(Checked { pages, warnings: sorted(warnings) })
    } else {
        Err(ProblemReport(sorted(problems)).into())
    }
}

fn sorted(mut v: Vec<Problem>) -> Vec<Problem> {
    v.sort();
    v.dedup();
    v
}

/// When the site did not load: the strings and templates on their own.
fn string_problems_from(root: &Path, code_keys: &[&str]) -> Vec<Problem> {
    let Ok(config) = crate::site::config::Config::load(root) else { return vec![] };
    let i18n = match crate::site::i18n::I18n::load(&root.join("i18n"), &config.langs) {
        Ok(i) => i,
        Err(e) => {
            return match e.downcast::<ProblemReport>() {
                Ok(r) => r.0,
                Err(e) => vec![Problem::new(root.join("i18n"), 0, format!("{e:#}"), "")],
            };
        }
    };
    let form_keys = crate::forms::Forms::load(root, &config.langs, &config.council_keys())
        .map(|f| f.list.iter().flat_map(|f| f.keys().into_iter().map(|(k, _)| k)).collect())
        .unwrap_or_default();
    key_problems(&config, &i18n, root, code_keys, form_keys)
}

fn string_problems(loaded: &Loaded, root: &Path, code_keys: &[&str]) -> Vec<Problem> {
    let form_keys = loaded.forms.list.iter().flat_map(|f| f.keys().into_iter().map(|(k, _)| k)).collect();
    key_problems(&loaded.config, &loaded.renderer.i18n, root, code_keys, form_keys)
}

/// Fluent parity, template keys against Fluent keys, and messages nothing uses.
fn key_problems(
    config: &crate::site::config::Config,
    i18n: &crate::site::i18n::I18n,
    root: &Path,
    code_keys: &[&str],
    form_keys: BTreeSet<String>,
) -> Vec<Problem> {
    let mut problems = i18n.parity_problems();
    let mut used: BTreeSet<String> = form_keys;
    let templates = config.templates_dir();
    for entry in walkdir::WalkDir::new(&templates).sort_by_file_name().into_iter().filter_map(Result::ok) {
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(entry.path()) else { continue };
        let rel = entry.path().strip_prefix(root).unwrap_or(entry.path()).to_path_buf();
        for (key, line) in crate::site::render::template_keys(&text) {
            for &lang in &config.langs {
                if !i18n.has(lang, &key) {
                    problems.push(Problem::new(
                        &rel,
                        line,
                        format!("template uses `{key}`, which i18n/{lang}/ does not define"),
                        format!("add `{key} = …` to a file in i18n/{lang}/"),
                    ));
                }
            }
            used.insert(key);
        }
    }
    // Keys Porth's own code asks for by name must exist too: a missing one would otherwise
    // only show when a reader reaches the page or e-mail that needs it.
    let mut needed: Vec<&str> = vec!["external-link", "events-calendar-name"];
    needed.extend(code_keys);
    // A site with a directory needs the strings its pages and results are made of; one
    // without may still keep them.
    let directory_keys = crate::site::directory::I18N_KEYS.iter().flat_map(|k| k.iter());
    if config.root.join(crate::site::directory::DIR).is_dir() {
        needed.extend(directory_keys.clone());
    }
    used.extend(directory_keys.map(|k| k.to_string()));
    for key in &needed {
        for &lang in &config.langs {
            if !i18n.has(lang, key) {
                problems.push(Problem::new(
                    root.join("i18n").join(lang.code()),
                    0,
                    format!("Porth needs the string `{key}`, which i18n/{lang}/ does not define"),
                    format!("add `{key} = …` (see the same key in the repository's i18n/{lang}/)"),
                ));
            }
        }
    }
    used.extend(needed.iter().map(|s| s.to_string()));
    for &lang in &config.langs {
        for (key, at) in i18n.keys.get(&lang).into_iter().flatten() {
            if !used.contains(key) {
                problems.push(Problem::new(
                    &at.file,
                    at.line,
                    format!("message `{key}` is not used by any template, form or Porth's code"),
                    "remove it, or use it in a template with t(key=\"…\")",
                ));
            }
        }
    }
    problems
}
