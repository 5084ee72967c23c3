//! Tera templates with the Fluent `t()` function. The build and the form service share
//! one `Renderer`, so a form page and a content page come from the same layout and strings.

use crate::lang::Lang;
use crate::site::i18n::{Arg, I18n};
use anyhow::{Result, anyhow};
use std::path::Path;
use std::sync::Arc;
use tera::{Context, Kwargs, State, Tera, Value};

pub(crate) struct Renderer {
    tera: Tera,
    pub(crate) i18n: Arc<I18n>,
}

/// Tera value → Fluent argument. Numbers stay numbers so Welsh plural categories work.
fn to_arg(v: &Value) -> Arg {
    if let Some(n) = v.as_i64() {
        Arg::Num(n as f64)
    } else if let Some(n) = v.as_f64() {
        Arg::Num(n)
    } else if let Some(s) = v.as_str() {
        Arg::Str(s.to_string())
    } else {
        Arg::Str(v.to_string())
    }
}

/// Walks an error's sources, since Tera puts the useful line in the innermost one.
pub(crate) fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(inner) = cur {
        let text = inner.to_string();
        if !s.contains(&text) {
            s.push_str(": ");
            s.push_str(&text);
        }
        cur = inner.source();
    }
    s
}

impl Renderer {
    pub(crate) fn load(templates_dir: &Path, i18n: Arc<I18n>) -> Result<Renderer> {
        let mut tera = Tera::new();
        // Functions must exist before templates are parsed, or Tera 2 rejects the templates.
        let strings = i18n.clone();
        tera.register_function("t", move |kwargs: Kwargs, state: &State<'_>| -> tera::TeraResult<String> {
            // Read in place, not copied out: this runs a dozen times on every page.
            let key: std::borrow::Cow<'_, str> = kwargs.must_get("key")?;
            let lang_code: std::borrow::Cow<'_, str> = match kwargs.get::<std::borrow::Cow<'_, str>>("lang")? {
                Some(l) => l,
                None => state
                    .get::<String>("lang")?
                    .ok_or_else(|| tera::Error::message("t(): no `lang` in the context"))?
                    .into(),
            };
            let lang = Lang::parse(&lang_code)
                .ok_or_else(|| tera::Error::message(format!("t(): unknown language `{lang_code}`")))?;
            let args: Vec<(String, Arg)> = kwargs
                .iter()
                .filter(|(k, _)| k.as_str() != Some("key") && k.as_str() != Some("lang"))
                .map(|(k, v)| (k.as_str().unwrap_or_default().replace('_', "-"), to_arg(v)))
                .collect();
            let refs: Vec<(&str, Arg)> = args.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
            strings.t(lang, &key, &refs).map_err(|e| tera::Error::message(e.to_string()))
        });
        let glob = format!("{}/**/*", templates_dir.display());
        tera.load_from_glob(&glob)
            .map_err(|e| anyhow!("templates in {}: {}", templates_dir.display(), error_chain(&e)))?;
        Ok(Renderer { tera, i18n })
    }

    pub(crate) fn has_template(&self, name: &str) -> bool {
        self.tera.get_template_names().any(|n| n == name)
    }

    pub(crate) fn render(&self, template: &str, ctx: &Context) -> Result<String> {
        // Room for as much as this thread's last render of the same template, and a quarter
        // more: Tera starts from twice the template's own text, and a page of content
        // outgrows that three or four times, each time copied to a bigger buffer. (By
        // template: a page's alert banners are rendered just before it, and are short.)
        thread_local! {
            static LAST: std::cell::RefCell<Vec<(String, usize)>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        let last = LAST.with_borrow(|l| l.iter().find(|(t, _)| t == template).map_or(0, |&(_, n)| n));
        let mut out = Vec::with_capacity(last + last / 4);
        self.tera
            .render_to(template, ctx, &mut out)
            .map_err(|e| anyhow!("template `{template}`: {}", error_chain(&e)))?;
        LAST.with_borrow_mut(|l| match l.iter_mut().find(|(t, _)| t == template) {
            Some((_, n)) => *n = out.len(),
            None => l.push((template.to_string(), out.len())),
        });
        String::from_utf8(out).map_err(|e| anyhow!("template `{template}`: {e}"))
    }
}

/// The string keys a template uses literally, as `t(key="…")`, with their lines.
/// `porth check` compares them with the Fluent files.
pub(crate) fn template_keys(text: &str) -> Vec<(String, usize)> {
    let mut out = vec![];
    let mut rest = text;
    let mut offset = 0;
    while let Some(i) = rest.find("t(key=") {
        let after = &rest[i + 6..];
        let quote = after.chars().next();
        if let Some(q @ ('"' | '\'')) = quote
            && let Some(end) = after[1..].find(q)
        {
            let key = &after[1..1 + end];
            out.push((key.to_string(), crate::problems::line_of(text, offset + i)));
        }
        offset += i + 6;
        rest = after;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_keys_are_found_with_lines() {
        let keys = template_keys("a\n{{ t(key=\"skip-link\") }}\n{{ t(key='x', count=2) }} {{ not_t(key=y) }}");
        assert_eq!(keys, vec![("skip-link".to_string(), 2), ("x".to_string(), 3)]);
    }
}
