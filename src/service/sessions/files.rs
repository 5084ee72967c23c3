//! The files backend for answers in progress: one folder per session under
//! `[service] sessions_dir` (default `var/sessions`, beside the outbox), holding
//! `session.json` and the session's uploads. Folders are 0700 and files 0600: they hold
//! families' answers and documents, and nobody but the service's user should read them.
//!
//! A save writes `session.json.tmp` and renames it over `session.json`, so a restart or a
//! crash leaves the old answers or the new, never half a file. There is no fsync: a save
//! happens on every answer, and a restart (the case that matters) keeps the page cache.

use super::store::SessionStore;
use super::{Session, SessionId, random_hex};
use std::fs;
use std::io::{self, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

const RECORD: &str = "session.json";
const UPLOAD_PREFIX: &str = "upload-";

pub(crate) struct FilesStore {
    root: PathBuf,
}

fn private_dir(path: &Path) -> io::Result<()> {
    fs::DirBuilder::new().recursive(true).mode(0o700).create(path)?;
    // `create` leaves an existing folder's mode alone: tighten it, in case.
    fs::set_permissions(path, fs::Permissions::from_mode(0o700))
}

fn private_file(path: &Path) -> io::Result<fs::File> {
    fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path)
}

fn not_found_is_none<T>(r: io::Result<T>) -> io::Result<Option<T>> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// An upload's name as the session records it: only ours, never a path.
fn upload_name_ok(name: &str) -> bool {
    name.strip_prefix(UPLOAD_PREFIX).is_some_and(|r| r.len() == 32 && r.bytes().all(|b| b.is_ascii_hexdigit()))
}

impl FilesStore {
    pub(crate) fn open(root: &Path) -> io::Result<FilesStore> {
        private_dir(root).map_err(|e| {
            io::Error::new(e.kind(), format!("failed to create the sessions folder `{}`: {e}", root.display()))
        })?;
        Ok(FilesStore { root: root.to_path_buf() })
    }

    fn dir(&self, id: &SessionId) -> PathBuf {
        self.root.join(id.as_str())
    }

    /// Folders that are sessions (named by an id), skipping anything else put there.
    fn sessions(&self) -> io::Result<Vec<(SessionId, PathBuf)>> {
        let mut out = vec![];
        for entry in fs::read_dir(&self.root)? {
            let entry = entry?;
            if let Some(id) = entry.file_name().to_str().and_then(SessionId::parse) {
                out.push((id, entry.path()));
            }
        }
        Ok(out)
    }
}

impl SessionStore for FilesStore {
    fn load(&self, id: &SessionId) -> io::Result<Option<Session>> {
        let Some(bytes) = not_found_is_none(fs::read(self.dir(id).join(RECORD)))? else { return Ok(None) };
        // Not the content: an error message must not carry answers into the log.
        let session = serde_json::from_slice(&bytes).map_err(|e| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!("a session record is unreadable (line {}, column {})", e.line(), e.column()),
            )
        })?;
        Ok(Some(session))
    }

    fn save(&self, id: &SessionId, session: &Session) -> io::Result<()> {
        let dir = self.dir(id);
        private_dir(&dir)?;
        let tmp = dir.join(format!("{RECORD}.tmp"));
        let _ = fs::remove_file(&tmp);
        let mut f = private_file(&tmp)?;
        f.write_all(&serde_json::to_vec(session).map_err(io::Error::other)?)?;
        drop(f);
        fs::rename(&tmp, dir.join(RECORD))
    }

    fn delete(&self, id: &SessionId) -> io::Result<bool> {
        let dir = self.dir(id);
        let existed = dir.join(RECORD).exists();
        match fs::remove_dir_all(&dir) {
            Ok(()) => Ok(existed),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
            Err(e) => Err(e),
        }
    }

    fn sweep(&self, before: i64) -> io::Result<usize> {
        let mut gone = 0;
        for (id, dir) in self.sessions()? {
            // The record's modification time is its last save; a folder without a record
            // (an upload whose session was never saved) ages by the folder's own time.
            let record = dir.join(RECORD);
            let (has_record, meta) = match fs::metadata(&record) {
                Ok(m) => (true, m),
                Err(_) => match fs::metadata(&dir) {
                    Ok(m) => (false, m),
                    Err(_) => continue,
                },
            };
            let saved = meta.modified()?.duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0);
            if saved < before && self.delete(&id).is_ok() && has_record {
                gone += 1;
            }
        }
        Ok(gone)
    }

    fn evict(&self, before: i64, limit: usize) -> io::Result<usize> {
        let mut old: Vec<(i64, SessionId)> = vec![];
        for (id, dir) in self.sessions()? {
            let Ok(meta) = fs::metadata(dir.join(RECORD)) else { continue };
            let saved = meta.modified()?.duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0);
            if saved < before {
                old.push((saved, id));
            }
        }
        old.sort_by_key(|(saved, _)| *saved);
        let mut gone = 0;
        for (_, id) in old.into_iter().take(limit) {
            if self.delete(&id)? {
                gone += 1;
            }
        }
        Ok(gone)
    }

    fn count(&self) -> io::Result<usize> {
        Ok(self.sessions()?.iter().filter(|(_, dir)| dir.join(RECORD).exists()).count())
    }

    fn new_upload(&self, id: &SessionId) -> io::Result<(String, fs::File)> {
        let dir = self.dir(id);
        private_dir(&dir)?;
        let name = format!("{UPLOAD_PREFIX}{}", &random_hex()[..32]);
        let file = private_file(&dir.join(&name))?;
        Ok((name, file))
    }

    fn read_upload(&self, id: &SessionId, name: &str) -> io::Result<Vec<u8>> {
        if !upload_name_ok(name) {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, "not an upload name"));
        }
        fs::read(self.dir(id).join(name))
    }

    fn delete_upload(&self, id: &SessionId, name: &str) -> io::Result<()> {
        if !upload_name_ok(name) {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, "not an upload name"));
        }
        not_found_is_none(fs::remove_file(self.dir(id).join(name))).map(|_| ())
    }

    fn secret(&self) -> io::Result<[u8; 32]> {
        let path = self.root.join("csrf.key");
        if let Some(bytes) = not_found_is_none(fs::read(&path))? {
            return bytes.try_into().map_err(|_| {
                io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("`{}` is not 32 bytes: delete it to make a new one", path.display()),
                )
            });
        }
        let mut key = [0u8; 32];
        getrandom::fill(&mut key).map_err(io::Error::other)?;
        // Written aside and renamed, so two processes starting at once agree on one key.
        let tmp = self.root.join(format!("csrf.key.{}", std::process::id()));
        private_file(&tmp)?.write_all(&key)?;
        match fs::hard_link(&tmp, &path) {
            Ok(()) => {
                let _ = fs::remove_file(&tmp);
                Ok(key)
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                let _ = fs::remove_file(&tmp);
                self.secret()
            }
            Err(e) => Err(e),
        }
    }
}
