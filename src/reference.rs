//! Submission references: short, random, and easy to read aloud over the phone, e.g.
//! `ADY-7K3M-Q9PX`. The prefix says which form (Welsh initials, as the council's own
//! abbreviations are: ADdC, ADY); the rest leaves out characters that are misheard or
//! misread (0/O, 1/I/L, and U, which Crockford's base 32 also drops).

use crate::outbox::FormKind;
use serde::{Deserialize, Serialize};
use std::fmt;

/// 30 symbols: digits 2–9 and letters without I, L, O, U. 30⁸ ≈ 6.6 × 10¹¹ per form,
/// so a guessed reference is never someone else's.
const ALPHABET: &[u8; 30] = b"23456789ABCDEFGHJKMNPQRSTVWXYZ";

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub(crate) struct Reference(String);

impl Reference {
    /// A new random reference for a form. Fails only if the OS has no randomness.
    pub(crate) fn new(form: FormKind) -> anyhow::Result<Reference> {
        let mut bytes = [0u8; 8];
        let mut out = String::with_capacity(13);
        out.push_str(form.reference_prefix());
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

    /// Reads a reference as a person might type it: any case, spaces or missing dashes.
    pub(crate) fn parse(text: &str) -> Option<Reference> {
        let compact: String = text.chars().filter(|c| !c.is_whitespace() && *c != '-').collect::<String>().to_ascii_uppercase();
        if compact.len() != 11 || !compact.is_ascii() {
            return None;
        }
        let (prefix, rest) = compact.split_at(3);
        FormKind::from_prefix(prefix)?;
        if !rest.bytes().all(|b| ALPHABET.contains(&b)) {
            return None;
        }
        Some(Reference(format!("{prefix}-{}-{}", &rest[..4], &rest[4..])))
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }

    /// The form a reference belongs to, from its prefix.
    #[cfg(test)]
    pub(crate) fn form(&self) -> FormKind {
        FormKind::from_prefix(&self.0[..3]).expect("a Reference is only built with a known prefix")
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
        for form in [FormKind::HomeEducation, FormKind::Aln] {
            for _ in 0..200 {
                let r = Reference::new(form).unwrap();
                assert_eq!(r.as_str().len(), 13, "{r}");
                assert_eq!(r.form(), form);
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
        assert_eq!(Reference::parse("ADC7K3MQ9PX").unwrap().form(), FormKind::HomeEducation);
        assert_eq!(Reference::parse("ADY-7K3M-Q9P0"), None, "0 is not in the alphabet");
        assert_eq!(Reference::parse("XYZ-7K3M-Q9PX"), None, "unknown form");
        assert_eq!(Reference::parse("ADY-7K3M-Q9P"), None, "too short");
        assert_eq!(Reference::parse("../../etc/pwd"), None);
    }

    #[test]
    fn references_differ() {
        let a = Reference::new(FormKind::Aln).unwrap();
        let b = Reference::new(FormKind::Aln).unwrap();
        assert_ne!(a, b);
    }
}
