//! Where a build's files go: a scratch folder beside the output, filled as pages are
//! rendered (or memory, for watch mode), then swapped into place once every check has passed,
//! so a failed build leaves the previous site untouched.

use anyhow::{Context as _, Result};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Fills a scratch folder beside `output` with `fill`, then swaps it into place; on failure
/// the scratch folder goes and `output` is left as it was.
pub(super) fn into_place<T>(
    output: &Path,
    delete_old_in_background: bool,
    fill: impl FnOnce(&Path) -> Result<T>,
) -> Result<T> {
    let tmp = sibling(output, "porth-tmp");
    if tmp.exists() {
        std::fs::remove_dir_all(&tmp).with_context(|| format!("failed to remove {}", tmp.display()))?;
    }
    match fill(&tmp) {
        Ok(done) => {
            swap_into_place(&tmp, output, delete_old_in_background)?;
            Ok(done)
        }
        Err(e) => {
            let _ = std::fs::remove_dir_all(&tmp);
            Err(e)
        }
    }
}

/// Where rendered files go, from every thread: straight into the scratch folder (or nowhere,
/// for `check`), each page's search entry kept on the way. Holding every page's HTML until
/// the end measured 622 MiB on 10,000 pages per language; this keeps the build's memory to
/// the site model and the search entries. A partial rebuild (watch mode) renders a few
/// pages and keeps them instead, to be written only once every check has passed; watch
/// mode's whole rebuild keeps every page, to serve them from memory (`Kept`).
#[allow(clippy::type_complexity)] // the kept pages: each path with its bytes
pub(super) struct Outputs {
    pub(super) dir: Option<PathBuf>,
    pub(super) kept: Option<Mutex<Vec<(PathBuf, Vec<u8>)>>>,
    pub(super) written: std::sync::atomic::AtomicUsize,
    /// Each page's search entry, taken as it is rendered; `None` for a partial rebuild, whose
    /// index is written again from the folder afterwards (`rebuild::refresh_search`).
    pub(super) search: Option<Mutex<Vec<crate::site::search::PageEntry>>>,
    /// Where the entries' words wait, for a build into a folder (`search::Spill`).
    pub(super) spill: Option<crate::site::search::Spill>,
    pub(super) errors: Mutex<Vec<String>>,
}

impl Outputs {
    pub(super) fn new(dir: Option<&Path>) -> Outputs {
        Outputs {
            dir: dir.map(Path::to_path_buf),
            kept: None,
            written: Default::default(),
            search: Some(Mutex::default()),
            spill: None,
            errors: Default::default(),
        }
    }

    /// Into `dir` (a scratch folder), with the search entries' words spilled into a file
    /// there until the index is written.
    pub(super) fn into_folder(dir: &Path) -> Result<Outputs> {
        std::fs::create_dir_all(dir).with_context(|| format!("failed to create `{}`", dir.display()))?;
        let path = dir.join(SPILL_FILE);
        let spill = crate::site::search::Spill::create(path.clone())
            .with_context(|| format!("failed to create `{}`", path.display()))?;
        Ok(Outputs { spill: Some(spill), ..Outputs::new(Some(dir)) })
    }

    /// Keeps what is rendered instead of writing it; with its search entries when `index`.
    pub(super) fn keeping(index: bool) -> Outputs {
        let out = Outputs { kept: Some(Mutex::default()), ..Outputs::new(None) };
        Outputs { search: out.search.filter(|_| index), ..out }
    }

    /// A page's search entry alone, for a page `porth serve` answers rather than the build
    /// writes (a directory entry's).
    pub(super) fn index(&self, rel: &Path, bytes: &[u8]) {
        if let Some(search) = &self.search
            && let Some(mut entry) = crate::site::search::page_entry(rel, bytes)
        {
            if let Some(spill) = &self.spill
                && let Err(e) = spill.take(&mut entry)
            {
                self.errors
                    .lock()
                    .expect("poisoned")
                    .push(format!("failed to write the search index's spill file: {e}"));
            }
            search.lock().expect("poisoned").push(entry);
        }
    }

    pub(super) fn put(&self, rel: PathBuf, bytes: impl Into<Vec<u8>>) {
        let mut bytes = bytes.into();
        self.index(&rel, &bytes);
        if let Some(kept) = &self.kept {
            // Kept for as long as the preview runs: without the room a page was rendered with.
            bytes.shrink_to_fit();
            kept.lock().expect("poisoned").push((rel, bytes));
            return;
        }
        if let Some(dir) = &self.dir
            && let Err(e) = crate::fsx::write(&dir.join(&rel), &bytes)
        {
            self.errors.lock().expect("poisoned").push(format!("{e:#}"));
            return;
        }
        self.written.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }
}

impl Outputs {
    /// A large file that is not a page (the sitemap), written as it is made into the folder
    /// rather than built in memory first: a large site's sitemap grew to 16 MB of string
    /// while it was made, the most the build then held at once.
    pub(super) fn put_streamed(&self, rel: PathBuf, make: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>) {
        let written = match (&self.kept, &self.dir) {
            (None, Some(dir)) => {
                let path = dir.join(&rel);
                let file = path.parent().map_or(Ok(()), crate::fsx::create_dir_all).and_then(|()| {
                    std::fs::File::create(&path).with_context(|| format!("failed to write `{}`", path.display()))
                });
                file.and_then(|f| {
                    let mut w = std::io::BufWriter::with_capacity(1 << 16, f);
                    make(&mut w)
                        .and_then(|()| std::io::Write::flush(&mut w))
                        .with_context(|| format!("failed to write `{}`", path.display()))
                })
            }
            _ => {
                let mut bytes = vec![];
                make(&mut bytes).expect("writing to memory");
                self.put(rel, bytes);
                return;
            }
        };
        match written {
            Ok(()) => {
                self.written.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
            Err(e) => self.errors.lock().expect("poisoned").push(format!("{e:#}")),
        }
    }
}

/// A URL path as a path under the output folder.
pub(super) fn rel(url: &str) -> PathBuf {
    PathBuf::from(url.trim_start_matches('/'))
}

pub(super) fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| "public".into());
    path.with_file_name(format!(".{name}.{suffix}"))
}

/// Moves the new site into place, and the old one aside and away. `porth build` deletes the
/// old files before it returns; a server that goes on running (watch mode) deletes them in
/// the background, as that took ~3 s of a whole rebuild of 20,000 pages, longer than the
/// rendering's share of it. Folders a killed server left half-deleted go at the next swap.
pub(super) fn swap_into_place(tmp: &Path, output: &Path, delete_old_in_background: bool) -> Result<()> {
    static SWAPS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let prefix = sibling(output, "porth-old");
    let old = if delete_old_in_background {
        let n = SWAPS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        sibling(output, &format!("porth-old-{}-{n}", std::process::id()))
    } else {
        remove_old_sites(&prefix)?;
        prefix.clone()
    };
    if old.exists() {
        std::fs::remove_dir_all(&old)?;
    }
    if output.exists() {
        std::fs::rename(output, &old).with_context(|| format!("failed to move {} aside", output.display()))?;
    }
    std::fs::rename(tmp, output).with_context(|| format!("failed to move the new site to {}", output.display()))?;
    if old.exists() {
        if delete_old_in_background {
            std::thread::spawn(move || {
                if let Err(e) = std::fs::remove_dir_all(&old) {
                    tracing::warn!("the previous build was not deleted from {}: {e}", old.display());
                }
            });
        } else {
            std::fs::remove_dir_all(&old)?;
        }
    }
    Ok(())
}

/// Deletes `prefix` and the `prefix-<pid>-<n>` folders a server's background deletes left
/// behind (a server killed while deleting).
pub(super) fn remove_old_sites(prefix: &Path) -> Result<()> {
    let (Some(parent), Some(name)) = (prefix.parent(), prefix.file_name().map(|n| n.to_string_lossy().to_string()))
    else {
        return Ok(());
    };
    let Ok(entries) = std::fs::read_dir(if parent.as_os_str().is_empty() { Path::new(".") } else { parent }) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().to_string();
        if file == name
            || file
                .strip_prefix(&format!("{name}-"))
                .is_some_and(|rest| rest.chars().all(|c| c.is_ascii_digit() || c == '-'))
        {
            // Another server's delete may be under way in the same folder: what it has
            // already removed is not an error.
            match std::fs::remove_dir_all(entry.path()) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(e).with_context(|| format!("failed to remove {}", entry.path().display())),
            }
        }
    }
    Ok(())
}

/// Writes the search index (`search-index.bin`) into `dir`, by way of a scratch file, so a server reading it
/// never sees half a file.
pub(crate) fn write_search_index(entries: Vec<crate::site::search::PageEntry>, dir: &Path) -> Result<()> {
    write_search_index_from(entries, None, dir)
}

/// The spill file's name in the scratch folder; it is gone before the folder is swapped in.
const SPILL_FILE: &str = ".porth-search-words";

/// `write_search_index`, with the entries' words in `spill` (deleted once read).
pub(super) fn write_search_index_from(
    entries: Vec<crate::site::search::PageEntry>,
    spill: Option<crate::site::search::Spill>,
    dir: &Path,
) -> Result<()> {
    let path = dir.join(crate::site::search::INDEX_FILE);
    let tmp = dir.join(format!(".{}.tmp", crate::site::search::INDEX_FILE));
    let file = std::fs::File::create(&tmp).with_context(|| format!("failed to write `{}`", tmp.display()))?;
    let mut w = std::io::BufWriter::new(file);
    crate::site::search::write_index(entries, spill.as_ref(), &mut w)
        .and_then(|_| std::io::Write::flush(&mut w))
        .with_context(|| format!("failed to write `{}`", path.display()))?;
    drop(w);
    if let Some(spill) = spill {
        spill.remove().context("failed to delete the search index's spill file")?;
    }
    std::fs::rename(&tmp, &path).with_context(|| format!("failed to write `{}`", path.display()))
}
