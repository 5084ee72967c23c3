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
