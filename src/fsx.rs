//! File-system calls with the path in every error, so a failure says which file.

use anyhow::{Context, Result};
use std::path::Path;

pub(crate) fn read_to_string(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("failed to read `{}`", path.display()))
}

pub(crate) fn write(path: &Path, bytes: impl AsRef<[u8]>) -> Result<()> {
    if let Some(parent) = path.parent() {
        create_dir_all(parent)?;
    }
    std::fs::write(path, bytes).with_context(|| format!("failed to write `{}`", path.display()))
}

pub(crate) fn create_dir_all(path: &Path) -> Result<()> {
    std::fs::create_dir_all(path)
        .with_context(|| format!("failed to create directory `{}`", path.display()))
}

pub(crate) fn copy(from: &Path, to: &Path) -> Result<()> {
    if let Some(parent) = to.parent() {
        create_dir_all(parent)?;
    }
    std::fs::copy(from, to)
        .map(|_| ())
        .with_context(|| format!("failed to copy `{}` to `{}`", from.display(), to.display()))
}

/// Copies a directory tree, used for `static/`.
pub(crate) fn copy_tree(from: &Path, to: &Path) -> Result<usize> {
    let mut count = 0;
    if !from.exists() {
        return Ok(0);
    }
    for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
        let entry = entry.with_context(|| format!("failed to walk `{}`", from.display()))?;
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(from).expect("walkdir stays under its root");
            copy(entry.path(), &to.join(rel))?;
            count += 1;
        }
    }
    Ok(count)
}
