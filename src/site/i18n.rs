//! UI strings from Fluent files (`i18n/<lang>/*.ftl`), and the checks that keep the two
//! languages level: a key that exists in one language only is a problem, never a fallback.

use crate::lang::Lang;
use crate::problems::{Problem, ProblemReport, line_of};
use anyhow::Result;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use fluent_syntax::ast;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

type Bundle = FluentBundle<FluentResource>;

/// Where a message is defined, for problem reports.
#[derive(Debug, Clone)]
pub(crate) struct Defined {
    pub(crate) file: PathBuf,
    pub(crate) line: usize,
}

/// Why a message could not be formatted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum StringError {
    #[error("no Fluent message `{key}` in i18n/{lang}/: add it (in every language)")]
    Missing { key: String, lang: Lang },
    #[error("Fluent message `{key}` ({lang}): {message}")]
    Format { key: String, lang: Lang, message: String },
}

tokio::task_local! {
    static MISSING: std::cell::Cell<bool>;
}

/// Whether a page made within a request needed a string that is not there: the service
/// runs each request in `Missing::scope` and, if so, sends its error page instead.
pub(crate) struct Missing;

impl Missing {
    /// Runs `f` (a request) noting missing strings; says whether there was one.
    pub(crate) async fn scope<F: std::future::Future>(f: F) -> (F::Output, bool) {
        MISSING
            .scope(std::cell::Cell::new(false), async move {
                let out = f.await;
                (out, MISSING.with(std::cell::Cell::get))
            })
            .await
    }

    fn note() {
        let _ = MISSING.try_with(|m| m.set(true));
    }
}

pub(crate) struct I18n {
    bundles: HashMap<Lang, Bundle>,
    /// Every message id per language, with where it is defined.
    pub(crate) keys: HashMap<Lang, BTreeMap<String, Defined>>,
    /// Each message that takes no arguments, formatted once: a page's template asks for a
    /// dozen of them, on every page of the site (the template function that asks was about
    /// three in a hundred of a large site's build; formatting again, a quarter of that).
    plain: HashMap<Lang, HashMap<String, String>>,
}

/// An argument to a message. Numbers stay numbers, or Welsh plurals all fall to `other`.
#[derive(Debug, Clone)]
pub(crate) enum Arg {
    Str(String),
    Num(f64),
}

impl I18n {
    /// Loads every `.ftl` file for each language. Syntax errors and duplicate ids are
    /// reported with file and line.
    pub(crate) fn load(dir: &Path, langs: &[Lang]) -> Result<I18n> {
        let mut problems = Vec::new();
        let mut bundles = HashMap::new();
        let mut keys = HashMap::new();
        for &lang in langs {
            let mut bundle: Bundle =
                FluentBundle::new_concurrent(vec![lang.code().parse().expect("valid language id")]);
            // Isolation marks (U+2068/9) would end up inside HTML and e-mail; cy and en are
            // both left-to-right, so nothing is lost by turning them off.
            bundle.set_use_isolating(false);
            let mut lang_keys = BTreeMap::new();
            let lang_dir = dir.join(lang.code());
            let mut files: Vec<PathBuf> = match std::fs::read_dir(&lang_dir) {
                Ok(rd) => rd
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.extension().is_some_and(|e| e == "ftl"))
                    .collect(),
                Err(_) => {
                    problems.push(Problem::new(
                        &lang_dir,
                        0,
                        format!("no strings for language `{lang}`"),
                        format!("create {}/*.ftl", lang_dir.display()),
                    ));
                    continue;
                }
            };
            files.sort();
            for path in files {
                let text = crate::fsx::read_to_string(&path)?;
                // Reported as `i18n/<lang>/<file>`, as the editor knows it.
                let file = Path::new("i18n").join(lang.code()).join(path.file_name().expect("a file"));
                let resource = match FluentResource::try_new(text) {
                    Ok(r) => r,
                    Err((r, errors)) => {
                        for e in errors {
                            problems.push(Problem::new(
                                &file,
                                line_of(r.source(), e.pos.start),
                                format!("Fluent syntax error: {}", e.kind),
                                "see https://projectfluent.org/fluent/guide/ for the syntax",
                            ));
                        }
                        r
                    }
                };
                for entry in resource.entries() {
                    if let ast::Entry::Message(m) = entry {
                        let id = m.id.name.to_string();
                        let line = line_of(resource.source(), offset_in(resource.source(), m.id.name));
                        if let Some(prev) = lang_keys.get(&id) {
                            let prev: &Defined = prev;
                            problems.push(Problem::new(
                                &file,
                                line,
                                format!(
                                    "message `{id}` is defined twice (first at {}:{})",
                                    prev.file.display(),
                                    prev.line
                                ),
                                "remove or rename one of them",
                            ));
                        } else {
                            lang_keys.insert(id, Defined { file: file.clone(), line });
                        }
                    }
                }
                // Duplicates were reported above with their lines.
                let _ = bundle.add_resource(resource);
            }
            bundles.insert(lang, bundle);
            keys.insert(lang, lang_keys);
        }
        if !problems.is_empty() {
            return Err(ProblemReport(problems).into());
        }
        let mut i18n = I18n { bundles, keys, plain: HashMap::new() };
        let plain = i18n
            .keys
            .iter()
            .map(|(&lang, keys)| {
                // A message that needs an argument fails here, and is formatted when asked.
                let formatted = keys.keys().filter_map(|key| Some((key.clone(), i18n.format(lang, key, &[]).ok()?)));
                (lang, formatted.collect())
            })
            .collect();
        i18n.plain = plain;
        Ok(i18n)
    }

    /// Formats a message. A missing message is an error naming the key and language, never
    /// text: no key or marker reaches a page or an e-mail.
    pub(crate) fn t(&self, lang: Lang, key: &str, args: &[(&str, Arg)]) -> Result<String, StringError> {
        if args.is_empty()
            && let Some(text) = self.plain.get(&lang).and_then(|p| p.get(key))
        {
            return Ok(text.clone());
        }
        self.format(lang, key, args)
    }

    fn format(&self, lang: Lang, key: &str, args: &[(&str, Arg)]) -> Result<String, StringError> {
        let missing = || StringError::Missing { key: key.to_string(), lang };
        let bundle = self.bundles.get(&lang).ok_or_else(missing)?;
        let msg = bundle.get_message(key).ok_or_else(missing)?;
        let pattern = msg.value().ok_or_else(missing)?;
        let mut fargs = FluentArgs::new();
        for (name, value) in args {
            match value {
                Arg::Str(s) => fargs.set(name.to_string(), FluentValue::from(s.clone())),
                Arg::Num(n) => fargs.set(name.to_string(), FluentValue::from(*n)),
            }
        }
        let mut errors = vec![];
        let out = bundle.format_pattern(pattern, Some(&fargs), &mut errors);
        if let Some(e) = errors.first() {
            return Err(StringError::Format { key: key.to_string(), lang, message: e.to_string() });
        }
        Ok(out.into_owned())
    }

    /// For a page the service is making: the message, or, when it is missing, nothing, with
    /// the key logged and the request marked (`Missing::scope`), so the page is replaced by
    /// the service's error page before it goes out. Code paths that use it have their keys
    /// checked by `porth check`, so this is a last defence, never the plan.
    pub(crate) fn text(&self, lang: Lang, key: &str) -> String {
        self.text_args(lang, key, &[])
    }

    /// `text` with arguments.
    pub(crate) fn text_args(&self, lang: Lang, key: &str, args: &[(&str, Arg)]) -> String {
        self.t(lang, key, args).unwrap_or_else(|e| {
            tracing::error!(key, lang = %lang, "a page needs a string that is not there: {e}");
            Missing::note();
            String::new()
        })
    }

    pub(crate) fn has(&self, lang: Lang, key: &str) -> bool {
        self.keys.get(&lang).is_some_and(|k| k.contains_key(key))
    }

    /// Keys defined in one language and not in another.
    pub(crate) fn parity_problems(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        for (lang, keys) in &self.keys {
            for (other, other_keys) in &self.keys {
                if lang == other {
                    continue;
                }
                for (key, at) in keys {
                    if !other_keys.contains_key(key) {
                        problems.push(Problem::new(
                            &at.file,
                            at.line,
                            format!("message `{key}` exists in `{lang}` but not in `{other}`"),
                            format!("add `{key}` to a file in i18n/{other}/"),
                        ));
                    }
                }
            }
        }
        problems
    }
}

/// Byte offset of a slice that borrows from `source`.
fn offset_in(source: &str, part: &str) -> usize {
    (part.as_ptr() as usize).saturating_sub(source.as_ptr() as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundle_with(cy: &str, en: &str) -> (tempfile::TempDir, I18n) {
        let dir = tempfile::tempdir().unwrap();
        for (lang, text) in [("cy", cy), ("en", en)] {
            std::fs::create_dir_all(dir.path().join(lang)).unwrap();
            std::fs::write(dir.path().join(lang).join("main.ftl"), text).unwrap();
        }
        let i = I18n::load(dir.path(), &Lang::ALL).unwrap();
        (dir, i)
    }

    #[test]
    fn welsh_plural_selects_all_six_categories() {
        let cy = "sessions = { $count ->\n    [zero] dim sesiynau\n    [one] un sesiwn\n    [two] dwy sesiwn\n    [few] tair sesiwn\n    [many] chwe sesiwn\n   *[other] { $count } sesiwn\n}\n";
        let (_d, i) = bundle_with(cy, "sessions = { $count } sessions\n");
        let got: Vec<String> = [0.0, 1.0, 2.0, 3.0, 6.0, 10.0]
            .iter()
            .map(|&n| i.t(Lang::Cy, "sessions", &[("count", Arg::Num(n))]).unwrap())
            .collect();
        assert_eq!(got, ["dim sesiynau", "un sesiwn", "dwy sesiwn", "tair sesiwn", "chwe sesiwn", "10 sesiwn"]);
    }

    #[test]
    fn the_sites_own_welsh_session_count_uses_every_category() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("i18n");
        let i = I18n::load(&dir, &Lang::ALL).unwrap();
        let got: Vec<String> = [0.0, 1.0, 2.0, 3.0, 6.0, 10.0]
            .iter()
            .map(|&n| i.t(Lang::Cy, "events-upcoming-heading", &[("count", Arg::Num(n))]).unwrap())
            .collect();
        assert_eq!(
            got,
            [
                "Dim sesiynau i ddod",
                "Un sesiwn i ddod",
                "Dwy sesiwn i ddod",
                "Tair sesiwn i ddod",
                "Chwe sesiwn i ddod",
                "10 sesiwn i ddod"
            ]
        );
    }

    #[test]
    fn no_isolation_marks_leak() {
        let (_d, i) = bundle_with("helo = Helo, { $name }!\n", "helo = Hello, { $name }!\n");
        let out = i.t(Lang::Cy, "helo", &[("name", Arg::Str("Siân".into()))]).unwrap();
        assert_eq!(out, "Helo, Siân!");
    }

    #[test]
    fn missing_key_is_an_error_not_an_english_fallback() {
        let (_d, i) = bundle_with("a = A\n", "a = A\nb = B\n");
        assert!(i.t(Lang::Cy, "b", &[]).is_err());
        let p = i.parity_problems();
        assert_eq!(p.len(), 1);
        assert!(p[0].message.contains("`b` exists in `en` but not in `cy`"), "{}", p[0]);
        assert_eq!(p[0].line, 2);
    }
}
