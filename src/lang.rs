//! The site's languages. Codes are validated once, when the config is loaded.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Lang {
    Cy,
    En,
}

impl Lang {
    #[cfg(test)]
    pub(crate) const ALL: [Lang; 2] = [Lang::Cy, Lang::En];

    pub(crate) fn code(self) -> &'static str {
        match self {
            Lang::Cy => "cy",
            Lang::En => "en",
        }
    }

    pub(crate) fn parse(code: &str) -> Option<Lang> {
        match code {
            "cy" => Some(Lang::Cy),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language's own name for itself, as a toggle shows it.
    pub(crate) fn endonym(self) -> &'static str {
        match self {
            Lang::Cy => "Cymraeg",
            Lang::En => "English",
        }
    }

    /// The other language of a bilingual cy/en site.
    pub(crate) fn other(self) -> Lang {
        match self {
            Lang::Cy => Lang::En,
            Lang::En => Lang::Cy,
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// One value per language, in language order: what a page keeps of each of its languages.
/// A `BTreeMap` would do, but its smallest node has room for eleven values, and a site has
/// two languages: for a page's variants that was four kilobytes a page, most of a large
/// site's model.
#[derive(Debug, Clone)]
pub(crate) struct ByLang<V>(Vec<(Lang, V)>);

impl<V> Default for ByLang<V> {
    fn default() -> Self {
        ByLang(Vec::new())
    }
}

impl<V> ByLang<V> {
    pub(crate) fn get(&self, lang: &Lang) -> Option<&V> {
        self.0.iter().find(|(l, _)| l == lang).map(|(_, v)| v)
    }

    pub(crate) fn get_mut(&mut self, lang: &Lang) -> Option<&mut V> {
        self.0.iter_mut().find(|(l, _)| l == lang).map(|(_, v)| v)
    }

    pub(crate) fn contains_key(&self, lang: &Lang) -> bool {
        self.get(lang).is_some()
    }

    /// Sets `lang`'s value, handing back the one it replaces.
    pub(crate) fn insert(&mut self, lang: Lang, value: V) -> Option<V> {
        match self.0.binary_search_by_key(&lang, |(l, _)| *l) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, value)),
            Err(i) => {
                self.0.insert(i, (lang, value));
                None
            }
        }
    }

    pub(crate) fn iter(&self) -> impl DoubleEndedIterator<Item = (&Lang, &V)> + ExactSizeIterator {
        self.0.iter().map(|(l, v)| (l, v))
    }

    pub(crate) fn keys(&self) -> impl DoubleEndedIterator<Item = &Lang> + ExactSizeIterator {
        self.0.iter().map(|(l, _)| l)
    }

    pub(crate) fn values(&self) -> impl DoubleEndedIterator<Item = &V> + ExactSizeIterator {
        self.0.iter().map(|(_, v)| v)
    }
}

impl<V> std::ops::Index<&Lang> for ByLang<V> {
    type Output = V;
    fn index(&self, lang: &Lang) -> &V {
        self.get(lang).unwrap_or_else(|| panic!("no value for {lang}"))
    }
}

impl<'a, V> IntoIterator for &'a ByLang<V> {
    type Item = (&'a Lang, &'a V);
    type IntoIter = std::iter::Map<std::slice::Iter<'a, (Lang, V)>, fn(&'a (Lang, V)) -> (&'a Lang, &'a V)>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(l, v)| (l, v))
    }
}
