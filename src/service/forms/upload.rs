//! Documents attached to an ALN request. A file is judged by its content, not its name or the
//! type the browser claims: the first bytes must be a PDF, Word or OpenDocument text file,
//! or a JPG or PNG image. The stored name is cleaned and given the extension of what the
//! file really is, and the content type sent on is the one found, never the client's.
//!
//! The bytes themselves never sit in memory: the handler streams them into the session's
//! store and hands this module the first `HEAD` bytes and the size.

use crate::service::sessions::Upload;

/// Per file and in total: the e-mail carrying them must stay under a council mail gateway's
/// limit (often 20 to 25 MB once encoded as base64, which adds a third).
pub(crate) const MAX_FILE: usize = 5 * 1024 * 1024;
pub(crate) const MAX_TOTAL: usize = 12 * 1024 * 1024;
pub(crate) const MAX_FILES: usize = 5;
const MAX_NAME: usize = 100;
/// How much of the start of a file is kept to judge its type: the signatures `infer` looks
/// for (including the entry names near the start of a Word or OpenDocument zip) are well
/// inside this.
pub(crate) const HEAD: usize = 64 * 1024;

/// What the documents page accepts, by detected MIME type.
const ALLOWED: &[&str] = &[
    "application/pdf",
    "application/msword",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.oasis.opendocument.text",
    "image/jpeg",
    "image/png",
];

#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Rejected {
    Missing,
    Empty,
    Type,
    TooBig,
    TooMany,
    Total,
}

impl Rejected {
    /// The Fluent key of the message (GOV.UK file upload wording).
    pub(crate) fn key(&self) -> &'static str {
        match self {
            Rejected::Missing => "upload-error-missing",
            Rejected::Empty => "upload-error-empty",
            Rejected::Type => "upload-error-type",
            Rejected::TooBig => "upload-error-too-big",
            Rejected::TooMany => "upload-error-too-many",
            Rejected::Total => "upload-error-total",
        }
    }
}

pub(crate) const KEYS: &[&str] = &[
    "upload-error-missing",
    "upload-error-empty",
    "upload-error-type",
    "upload-error-too-big",
    "upload-error-too-many",
    "upload-error-total",
];

/// What a file was found to be: its cleaned name and real content type.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Accepted {
    pub(crate) file_name: String,
    pub(crate) content_type: String,
}

/// Checks one uploaded file, by its first bytes (`head`, up to `HEAD`) and its full size,
/// against the files already attached.
pub(crate) fn check(client_name: &str, head: &[u8], size: u64, existing: &[Upload]) -> Result<Accepted, Rejected> {
    if client_name.is_empty() && size == 0 {
        return Err(Rejected::Missing);
    }
    if size == 0 {
        return Err(Rejected::Empty);
    }
    if existing.len() >= MAX_FILES {
        return Err(Rejected::TooMany);
    }
    if size > MAX_FILE as u64 {
        return Err(Rejected::TooBig);
    }
    if existing.iter().map(|u| u.size).sum::<u64>() + size > MAX_TOTAL as u64 {
        return Err(Rejected::Total);
    }
    let kind = infer::get(head).filter(|k| ALLOWED.contains(&k.mime_type())).ok_or(Rejected::Type)?;
    let file_name = clean_name(client_name, kind.extension());
    Ok(Accepted { file_name, content_type: kind.mime_type().to_string() })
}

/// The last path segment, with control characters, path separators and quotes removed,
/// at most 100 characters, and the extension of the detected type.
pub(crate) fn clean_name(client_name: &str, ext: &str) -> String {
    let base = client_name.rsplit(['/', '\\']).next().unwrap_or("");
    let stem = match base.rfind('.') {
        Some(i) => &base[..i],
        None => base,
    };
    let stem: String = stem
        .chars()
        .filter(|c| !c.is_control() && !"\"<>:|?*;".contains(*c))
        .collect::<String>()
        .trim()
        .trim_start_matches('.')
        .chars()
        .take(MAX_NAME - ext.len() - 1)
        .collect();
    let stem = if stem.trim().is_empty() { "document".to_string() } else { stem };
    format!("{stem}.{ext}")
}

#[cfg(test)]
mod tests {
    use super::*;

    const PDF: &[u8] = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n";
    const PNG: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, b'I', b'H', b'D', b'R'];

    fn check_bytes(name: &str, bytes: &[u8], existing: &[Upload]) -> Result<Accepted, Rejected> {
        check(name, &bytes[..bytes.len().min(HEAD)], bytes.len() as u64, existing)
    }

    #[test]
    fn files_are_judged_by_content() {
        let u = check_bytes("report.pdf", PDF, &[]).unwrap();
        assert_eq!(u.content_type, "application/pdf");
        // A PNG called .pdf is stored as what it is.
        let u = check_bytes("scan.pdf", PNG, &[]).unwrap();
        assert_eq!((u.file_name.as_str(), u.content_type.as_str()), ("scan.png", "image/png"));
        // A script called .pdf is refused.
        assert_eq!(check_bytes("x.pdf", b"#!/bin/sh\nrm -rf /\n", &[]).err(), Some(Rejected::Type));
        assert_eq!(check_bytes("x.pdf", &[], &[]).err(), Some(Rejected::Empty));
        assert_eq!(check_bytes("", &[], &[]).err(), Some(Rejected::Missing));
    }

    #[test]
    fn limits_per_file_count_and_total() {
        let mut big = PDF.to_vec();
        big.resize(MAX_FILE + 1, b' ');
        assert_eq!(check_bytes("big.pdf", &big, &[]).err(), Some(Rejected::TooBig));
        let one = Upload {
            file_name: "a.pdf".into(),
            content_type: "application/pdf".into(),
            size: MAX_FILE as u64,
            stored: "upload-1".into(),
        };
        let existing = vec![one.clone(), one.clone()];
        let mut pdf = PDF.to_vec();
        pdf.resize(MAX_FILE, b' ');
        assert_eq!(check_bytes("c.pdf", &pdf, &existing).err(), Some(Rejected::Total));
        let many = vec![Upload { size: 1, ..one }; MAX_FILES];
        assert_eq!(check_bytes("d.pdf", PDF, &many).err(), Some(Rejected::TooMany));
    }

    #[test]
    fn names_are_cleaned() {
        assert_eq!(clean_name("C:\\Users\\me\\Adroddiad ŵyr.docx", "docx"), "Adroddiad ŵyr.docx");
        assert_eq!(clean_name("../../etc/passwd", "pdf"), "passwd.pdf");
        assert_eq!(clean_name("evil\r\nBcc: x.pdf", "pdf"), "evilBcc x.pdf");
        assert_eq!(clean_name(".pdf", "pdf"), "document.pdf");
        assert!(clean_name(&"a".repeat(300), "pdf").chars().count() <= 100);
    }
}
