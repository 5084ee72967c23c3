//! `porth check`: everything the build validates, plus missing translations, Fluent keys
//! present in one language only, and template keys that are undefined or never used.
//! Every problem is listed at once.

use crate::build::{self, Options};
use crate::problems::{Problem, ProblemReport};
use anyhow::Result;
use std::collections::BTreeSet;
use std::path::Path;

pub(crate) fn check(root: &Path, now: time::PrimitiveDateTime) -> Result<usize> {
    let mut problems: Vec<Problem> = vec![];
    let loaded = match build::load(root) {
        Ok(l) => l,
        Err(e) => match e.downcast::<ProblemReport>() {
            Ok(report) => {
                problems.extend(report.0);
                // Strings and templates can still be checked when content fails to load.
                problems.extend(string_problems(root));
                return Err(ProblemReport(sorted(problems)).into());
            }
            Err(e) => return Err(e),
        },
    };
    problems.extend(build::missing_translations(&loaded.config, &loaded.site));
    problems.extend(string_problems(root));
    drop(loaded);

    // A real build, into a scratch folder, catches links, anchors and template errors.
    let scratch = tempfile_dir()?;
    let opts = Options { root: root.to_path_buf(), output: scratch.join("public"), now };
    let pages = match build::build(&opts) {
        Ok(summary) => summary.pages.values().sum(),
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
    let _ = std::fs::remove_dir_all(&scratch);
    if problems.is_empty() { Ok(pages) } else { Err(ProblemReport(sorted(problems)).into()) }
}

fn sorted(mut v: Vec<Problem>) -> Vec<Problem> {
    v.sort();
    v.dedup();
    v
}

fn tempfile_dir() -> Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!("porth-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

/// Fluent parity, and template keys against Fluent keys.
fn string_problems(root: &Path) -> Vec<Problem> {
    let config = match crate::config::Config::load(root) {
        Ok(c) => c,
        Err(_) => return vec![],
    };
    let i18n = match crate::i18n::I18n::load(&root.join("i18n"), &config.langs) {
        Ok(i) => i,
        Err(e) => {
            return match e.downcast::<ProblemReport>() {
                Ok(r) => r.0,
                Err(e) => vec![Problem::new(root.join("i18n"), 0, format!("{e:#}"), "")],
            };
        }
    };
    let mut problems = i18n.parity_problems();
    let mut used: BTreeSet<String> = BTreeSet::new();
    for entry in walkdir::WalkDir::new(root.join("templates")).sort_by_file_name().into_iter().filter_map(Result::ok) {
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(entry.path()) else { continue };
        let rel = entry.path().strip_prefix(root).unwrap_or(entry.path()).to_path_buf();
        for (key, line) in crate::render::template_keys(&text) {
            for &lang in &config.langs {
                if !i18n.has(lang, &key) {
                    problems.push(Problem::new(&rel, line, format!("template uses `{key}`, which i18n/{lang}/ does not define"), format!("add `{key} = …` to a file in i18n/{lang}/")));
                }
            }
            used.insert(key);
        }
    }
    used.extend(code_keys().into_iter().map(str::to_string));
    for &lang in &config.langs {
        for (key, at) in i18n.keys.get(&lang).into_iter().flatten() {
            if !used.contains(key) {
                problems.push(Problem::new(&at.file, at.line, format!("message `{key}` is not used by any template or by Porth's code"), "remove it, or use it in a template with t(key=\"…\")"));
            }
        }
    }
    problems
}

/// Keys the Rust code asks for by name (not through templates).
pub(crate) fn code_keys() -> Vec<&'static str> {
    let mut keys = vec!["external-link", "events-calendar-name"];
    keys.extend(crate::code_i18n_keys());
    keys
}
