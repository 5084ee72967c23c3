//! Submission references: short, random, and easy to read aloud over the phone, e.g.
//! `ADY-7K3M-Q9PX`. The three-letter prefix says which form (each form file sets its own:
//! the council's abbreviations, ADC and ADY in Wales); the rest leaves out characters that
//! are misheard or misread (0/O, 1/I/L, and U, which Crockford's base 32 also drops).
use serde::{Deserialize, Serialize};
use std::fmt;

/// 30 symbols: digits 2–9 and letters without I, L, O, U. 30⁸ ≈ 6.6 × 10¹¹ per form,
/// so a guessed reference is never someone else's.
const ALPHABET: &[u8; 30] = b"23456789ABCDEFGHJKMNPQRSTVWXYZ";

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub(crate) struct Reference(String);

impl Reference {
    /// A new random reference with a form's three-letter prefix. Fails only if the OS has
    /// no randomness.
    pub(crate) fn new(prefix: &str) -> anyhow::Result<Reference> {
        debug_assert!(
            prefix.len() == 3 && prefix.bytes().all(|b| b.is_ascii_uppercase()),
            "form files are checked at load"
        );
        let mut bytes = [0u8; 8];
        let mut out = String::with_capacity(13);
        out.push_str(prefix);
        for (i, chunk) in bytes.iter_mut().enumerate() {
            // Rejection sampling keeps every symbol equally likely (256 is not a multiple of 30).
            loop {
                let mut b = [0u8; 1];
                getrandom::fill(&mut b).map_err(|e| anyhow::anyhow!("no randomness for a reference: {e}"))?;
                if b[0] < 240 {
                    *chunk = ALPHABET[(b[0] % 30) as usize];
                    break;
                }
            }
            if i % 4 == 0 {
                out.push('-');
            }
            out.push(*chunk as char);
        }
        Ok(Reference(out))
    }

    /// The reference a seed always gives, with a form's prefix: for a Send that must get the
    /// same reference however often it is retried (`Sessions::sender_key`). The seed is a
    /// keyed digest, so a reference says nothing about the session behind it.
    pub(crate) fn derived(prefix: &str, seed: &str) -> Reference {
        use sha2::Digest;
        let mut digest = sha2::Sha256::digest(seed.as_bytes()).to_vec();
        let mut symbols = Vec::with_capacity(8);
        while symbols.len() < 8 {
            for &b in &digest {
                // As in `new`: only bytes below 240 (8 × 30), so every symbol is equally likely.
                if b < 240 && symbols.len() < 8 {
                    symbols.push(ALPHABET[(b % 30) as usize]);
                }
            }
            digest = sha2::Sha256::digest(&digest).to_vec();
        }
        let s = |r: &[u8]| String::from_utf8(r.to_vec()).expect("ASCII");
        Reference(format!("{prefix}-{}-{}", s(&symbols[..4]), s(&symbols[4..])))
    }

    /// Reads a reference as a person might type it: any case, spaces or missing dashes.
    /// Which form it belongs to is the forms' business (`Forms::by_reference`).
    pub(crate) fn parse(text: &str) -> Option<Reference> {
        let compact: String =
            text.chars().filter(|c| !c.is_whitespace() && *c != '-').collect::<String>().to_ascii_uppercase();
        if compact.len() != 11 || !compact.is_ascii() {
            return None;
        }
        let (prefix, rest) = compact.split_at(3);
        if !prefix.bytes().all(|b| b.is_ascii_uppercase()) {
            return None;
        }
        if !rest.bytes().all(|b| ALPHABET.contains(&b)) {
            return None;
        }
        Some(Reference(format!("{prefix}-{}-{}", &rest[..4], &rest[4..])))
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }

    /// The three letters naming its form.
    pub(crate) fn prefix(&self) -> &str {
        &self.0[..3]
    }
}

impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Reference {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Reference::parse(&s).ok_or_else(|| format!("`{s}` is not a submission reference (like ADY-7K3M-Q9PX)"))
    }
}

impl From<Reference> for String {
    fn from(r: Reference) -> String {
        r.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_references_have_the_form_prefix_and_only_unambiguous_symbols() {
        for prefix in ["ADC", "ADY"] {
            for _ in 0..200 {
                let r = Reference::new(prefix).unwrap();
                assert_eq!(r.as_str().len(), 13, "{r}");
                assert_eq!(r.prefix(), prefix);
                assert_eq!(&r.as_str()[3..4], "-");
                assert_eq!(&r.as_str()[8..9], "-");
                for c in r.as_str()[4..].chars().filter(|&c| c != '-') {
                    assert!(!"01OILU".contains(c), "{r} has an ambiguous `{c}`");
                }
                assert_eq!(Reference::parse(r.as_str()), Some(r));
            }
        }
    }

    #[test]
    fn parse_accepts_what_people_type_and_rejects_the_rest() {
        assert_eq!(Reference::parse("ady 7k3m q9px").unwrap().as_str(), "ADY-7K3M-Q9PX");
        assert_eq!(Reference::parse("ADC7K3MQ9PX").unwrap().prefix(), "ADC");
        assert_eq!(Reference::parse("ADY-7K3M-Q9P0"), None, "0 is not in the alphabet");
        assert_eq!(Reference::parse("A2Y-7K3M-Q9PX"), None, "the prefix is three letters");
        assert_eq!(Reference::parse("ADY-7K3M-Q9P"), None, "too short");
        assert_eq!(Reference::parse("../../etc/pwd"), None);
    }

    #[test]
    fn references_differ() {
        let a = Reference::new("ADY").unwrap();
        let b = Reference::new("ADY").unwrap();
        assert_ne!(a, b);
    }

    #[test]
    fn a_derived_reference_is_the_same_for_one_seed_and_reads_as_any_other() {
        let a = Reference::derived("ADY", "seed-1");
        assert_eq!(a, Reference::derived("ADY", "seed-1"), "a retried Send gets the same reference");
        assert_ne!(a, Reference::derived("ADY", "seed-2"));
        assert_eq!(Reference::parse(a.as_str()), Some(a.clone()), "{a}");
        assert!(a.as_str().starts_with("ADY-") && a.as_str().len() == 13);
    }
}
