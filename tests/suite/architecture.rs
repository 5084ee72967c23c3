//! The shape of `src/`, kept as the README describes it: two halves, `site/` (the
//! generator) and `service/` (the server, form pages, outbox, mail), shared pieces at the
//! top (with `forms/`, the form model and engine both halves use), and imports that run
//! one way. Read from the source, so a `use` that breaks
//! the shape fails here with the file that has it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const SHARED: [&str; 6] = ["lang", "fsx", "problems", "routes", "forms", "clock"];

/// The folders of modules: the two halves and the shared form core. A rule about one of
/// them is about each of its modules (`forms::engine`, `site::build`).
const DIRS: [&str; 3] = ["site", "service", "forms"];

/// Whether a module is one of the shared pieces or inside one (`forms::engine`).
fn is_shared(m: &str) -> bool {
    SHARED.iter().any(|s| m == *s || m.starts_with(&format!("{s}::")))
}

/// The module a source file belongs to, at the level the rules are about: `site::build`,
/// `service::outbox` (with everything under `service/outbox/`), or a shared `lang`.
fn module_of(rel: &Path) -> Option<String> {
    let parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string()).collect();
    match parts.as_slice() {
        [half, m, ..] if DIRS.contains(&half.as_str()) && m != "mod" => Some(format!("{half}::{m}")),
        [half, _] if DIRS.contains(&half.as_str()) => Some(half.clone()),
        [m] if m != "main" => Some(m.clone()),
        _ => None,
    }
}

/// Every `crate::…` path a module names, as the module it names.
fn references(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (i, _) in text.match_indices("crate::") {
        let rest = &text[i + 7..];
        let name: Vec<&str> = rest
            .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
            .next()
            .unwrap_or("")
            .split("::")
            .collect();
        match name.as_slice() {
            [half, m, ..]
                if DIRS.contains(half) && !m.is_empty() && m.chars().next().is_some_and(|c| c.is_lowercase()) =>
            {
                out.insert(format!("{half}::{m}"));
            }
            [m, ..] if !m.is_empty() && m.chars().next().is_some_and(|c| c.is_lowercase()) => {
                out.insert(m.to_string());
            }
            _ => {}
        }
    }
    out
}

fn graph() -> BTreeMap<String, BTreeMap<String, PathBuf>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut g: BTreeMap<String, BTreeMap<String, PathBuf>> = BTreeMap::new();
    for entry in walkdir::WalkDir::new(&src).into_iter().filter_map(Result::ok) {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = path.strip_prefix(&src).unwrap();
        let Some(m) = module_of(rel) else { continue };
        let text = std::fs::read_to_string(path).unwrap();
        for r in references(&text) {
            if r != m && !m.starts_with(&format!("{r}::")) && !r.starts_with(&format!("{m}::")) {
                g.entry(m.clone()).or_default().entry(r).or_insert_with(|| rel.to_path_buf());
            }
        }
    }
    g
}

#[test]
fn the_generator_never_uses_the_service() {
    let bad: Vec<String> = graph()
        .iter()
        .filter(|(m, _)| m.starts_with("site"))
        .flat_map(|(m, refs)| {
            refs.iter()
                .filter(|(r, _)| r.starts_with("service"))
                .map(move |(r, f)| format!("{m} uses {r} (src/{})", f.display()))
        })
        .collect();
    assert!(bad.is_empty(), "the generator must not depend on the service:\n{}", bad.join("\n"));
}

#[test]
fn shared_pieces_use_neither_half() {
    let bad: Vec<String> = graph()
        .iter()
        .filter(|(m, _)| is_shared(m))
        .flat_map(|(m, refs)| {
            refs.iter()
                .filter(|(r, _)| r.starts_with("site") || r.starts_with("service"))
                .map(move |(r, f)| format!("{m} uses {r} (src/{})", f.display()))
        })
        .collect();
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn the_form_core_is_used_by_both_halves() {
    let g = graph();
    for half in ["site", "service"] {
        assert!(
            g.iter()
                .any(|(m, refs)| m.starts_with(half) && refs.keys().any(|r| is_shared(r) && r.starts_with("forms"))),
            "{half}/ does not use the form core in src/forms/"
        );
    }
}

#[test]
fn no_two_modules_import_each_other() {
    let g = graph();
    let mut cycles = vec![];
    for (a, refs) in &g {
        for (b, fa) in refs {
            if a < b
                && let Some(fb) = g.get(b).and_then(|r| r.get(a))
            {
                cycles.push(format!("{a} ↔ {b} (src/{} and src/{})", fa.display(), fb.display()));
            }
        }
    }
    assert!(cycles.is_empty(), "modules that import each other:\n{}", cycles.join("\n"));
}

#[test]
fn the_two_halves_and_the_shared_pieces_are_what_src_holds() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut top: Vec<String> =
        std::fs::read_dir(&src).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().to_string()).collect();
    top.sort();
    assert_eq!(
        top,
        ["clock.rs", "forms", "fsx.rs", "lang.rs", "main.rs", "problems.rs", "routes.rs", "service", "site"]
    );
}

#[test]
fn every_module_says_what_it_owns() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let missing: Vec<String> = walkdir::WalkDir::new(&src)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
        .filter(|e| !std::fs::read_to_string(e.path()).unwrap().starts_with("//!"))
        .map(|e| e.path().strip_prefix(&src).unwrap().display().to_string())
        .collect();
    assert!(missing.is_empty(), "modules without a `//!` opening comment: {missing:?}");
}
