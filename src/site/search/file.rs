//! The index file's bytes: little-endian, integers as LEB128 varints, strings as a varint
//! length and UTF-8. Read once into memory; the parts that are large (the term dictionary,
//! the postings, the title and heading terms) stay as bytes and are decoded per query.

use anyhow::{Context as _, Result, bail};

/// The first bytes of every index file, so a foreign file is refused at once.
pub(crate) const MAGIC: &[u8; 8] = b"PORTHSIX";

/// Appends to a growing file.
#[derive(Default)]
pub(crate) struct Out(pub(crate) Vec<u8>);

impl Out {
    pub(crate) fn varint(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.0.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.0.push(v as u8);
    }

    pub(crate) fn str(&mut self, s: &str) {
        self.varint(s.len() as u64);
        self.0.extend_from_slice(s.as_bytes());
    }

    /// A string that may be absent: 0, or 1 then the string.
    pub(crate) fn opt_str(&mut self, s: Option<&str>) {
        match s {
            Some(s) => {
                self.varint(1);
                self.str(s);
            }
            None => self.varint(0),
        }
    }

    pub(crate) fn bytes(&mut self, b: &[u8]) {
        self.varint(b.len() as u64);
        self.0.extend_from_slice(b);
    }

    /// Sorted numbers as their differences: term lists are sorted, so most are one byte.
    pub(crate) fn sorted(&mut self, v: &[u32]) {
        self.varint(v.len() as u64);
        let mut last = 0;
        for &x in v {
            self.varint(u64::from(x - last));
            last = x;
        }
    }
}

/// Reads a file front to back; every read is checked, so a cut or corrupt file is an
/// error, never a panic.
pub(crate) struct In<'a> {
    pub(crate) bytes: &'a [u8],
    pub(crate) at: usize,
}

impl<'a> In<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        In { bytes, at: 0 }
    }

    pub(crate) fn varint(&mut self) -> Result<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let Some(&b) = self.bytes.get(self.at) else { bail!("the file ends early") };
            self.at += 1;
            v |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Ok(v);
            }
        }
        bail!("a number at byte {} is too long", self.at)
    }

    pub(crate) fn u32(&mut self) -> Result<u32> {
        u32::try_from(self.varint()?).context("a number out of range")
    }

    pub(crate) fn bytes(&mut self) -> Result<&'a [u8]> {
        let n = usize::try_from(self.varint()?)?;
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len()).context("the file ends early")?;
        let b = &self.bytes[self.at..end];
        self.at = end;
        Ok(b)
    }

    pub(crate) fn str(&mut self) -> Result<&'a str> {
        std::str::from_utf8(self.bytes()?).context("text that is not UTF-8")
    }

    /// What `Out::opt_str` wrote.
    pub(crate) fn opt_str(&mut self) -> Result<Option<&'a str>> {
        Ok(if self.varint()? == 1 { Some(self.str()?) } else { None })
    }
}

/// Decodes a varint from a slice known to be well formed (checked when the file was loaded
/// is not enough for postings, so this stops at the slice's end rather than panicking).
#[inline]
pub(crate) fn varint_at(bytes: &[u8], at: &mut usize) -> u64 {
    let mut v = 0u64;
    let mut shift = 0;
    while let Some(&b) = bytes.get(*at) {
        *at += 1;
        v |= u64::from(b & 0x7f) << shift;
        if b < 0x80 || shift >= 63 {
            break;
        }
        shift += 7;
    }
    v
}

#[cfg(test)]
mod tests {
    use super::varint_at as file_varint;
    use super::*;

    #[test]
    fn numbers_strings_and_sorted_lists_read_back_and_a_cut_file_is_an_error() {
        let mut o = Out::default();
        for v in [0, 1, 127, 128, 300, u64::from(u32::MAX), u64::MAX] {
            o.varint(v);
        }
        o.str("Tîm ADY");
        o.sorted(&[3, 3, 200, 70_000]);
        let mut i = In::new(&o.0);
        for v in [0, 1, 127, 128, 300, u64::from(u32::MAX), u64::MAX] {
            assert_eq!(i.varint().unwrap(), v);
        }
        assert_eq!(i.str().unwrap(), "Tîm ADY");
        let mut at = i.at;
        let sorted: Vec<u64> = (0..5).map(|_| file_varint(&o.0, &mut at)).collect();
        assert_eq!(sorted, [4, 3, 0, 197, 69_800], "a count, then differences");
        i.at = at;
        assert!(i.varint().is_err());
        let cut = &o.0[..o.0.len() - 3];
        let mut i = In::new(cut);
        (0..7).for_each(|_| {
            i.varint().unwrap();
        });
        i.str().unwrap();
        assert!((0..5).any(|_| i.varint().is_err()), "reads stop at the end");
    }
}
