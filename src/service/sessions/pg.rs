//! The PostgreSQL backend for answers in progress (`[storage] backend = "postgres"`), so a
//! family can be served by any instance between pages: the session record (the same JSON
//! the files backend writes) in `porth_session`, its documents in `porth_session_upload`,
//! the CSRF key in `porth_secret` (every instance must derive the same tokens).
//!
//! Uploads are streamed to a local, owner-only spool file first (the trait hands the form
//! engine a file to write into, so a 12 MB document never sits in memory), and moved into
//! the database by the `save` that records them in the session: the same request, on the
//! same instance. From then on any instance can read them. A spool file whose session was
//! never saved (a refused file, a crash) is removed by `sweep` after a day.

use super::store::SessionStore;
use super::{Session, SessionId, random_hex};
use crate::service::db::Db;
use crate::service::settings::StorageSettings;
use std::fs;
use std::io;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub(crate) struct PgSessions {
    db: Arc<Db>,
    /// Uploads being streamed in, before their session is saved.
    spool: PathBuf,
}

fn other(e: anyhow::Error) -> io::Error {
    io::Error::other(format!("{e:#}"))
}

impl PgSessions {
    /// Connects (creating or migrating the tables), with the spool folder for uploads.
    pub(crate) fn open(url: &str, settings: &StorageSettings, spool: &Path) -> anyhow::Result<PgSessions> {
        fs::DirBuilder::new().recursive(true).mode(0o700).create(spool)?;
        fs::set_permissions(spool, fs::Permissions::from_mode(0o700))?;
        let db =
            Db::connect(url, settings).map_err(|e| e.context("answers in progress cannot be kept in the database"))?;
        Ok(PgSessions { db, spool: spool.to_path_buf() })
    }

    fn spooled(&self, id: &SessionId, name: &str) -> PathBuf {
        self.spool.join(format!("{}.{name}", id.as_str()))
    }
}

impl SessionStore for PgSessions {
    fn load(&self, id: &SessionId) -> io::Result<Option<Session>> {
        let id = id.as_str().to_string();
        let record: Option<String> = self
            .db
            .run(|pool| async move {
                let c = pool.get().await?;
                Ok(c.query_opt("SELECT record FROM porth_session WHERE id = $1", &[&id]).await?.map(|row| row.get(0)))
            })
            .map_err(other)?;
        match record {
            Some(json) => {
                serde_json::from_str(&json).map(Some).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
            }
            None => Ok(None),
        }
    }

    fn save(&self, id: &SessionId, session: &Session) -> io::Result<()> {
        let json = serde_json::to_string(session).map_err(io::Error::other)?;
        // Documents streamed in since the last save move into the database with it.
        let mut moving = vec![];
        for name in session.uploads() {
            let path = self.spooled(id, name);
            if let Ok(bytes) = fs::read(&path) {
                moving.push((name.to_string(), bytes, path));
            }
        }
        let (key, saved_at) = (id.as_str().to_string(), session.saved_at);
        let rows: Vec<(String, Vec<u8>)> = moving.iter().map(|(n, b, _)| (n.clone(), b.clone())).collect();
        self.db
            .run(|pool| async move {
                let mut c = pool.get().await?;
                let tx = c.transaction().await?;
                tx.execute(
                    "INSERT INTO porth_session (id, record, saved_at) VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET record = EXCLUDED.record, saved_at = EXCLUDED.saved_at",
                    &[&key, &json, &saved_at],
                )
                .await?;
                for (name, bytes) in &rows {
                    tx.execute("INSERT INTO porth_session_upload (id, name, bytes) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING", &[&key, name, bytes]).await?;
                }
                tx.commit().await?;
                Ok(())
            })
            .map_err(other)?;
        for (_, _, path) in moving {
            let _ = fs::remove_file(path);
        }
        Ok(())
    }

    fn delete(&self, id: &SessionId) -> io::Result<bool> {
        let key = id.as_str().to_string();
        let gone = self
            .db
            .run(|pool| async move {
                let c = pool.get().await?;
                Ok(c.execute("DELETE FROM porth_session WHERE id = $1", &[&key]).await? > 0)
            })
            .map_err(other)?;
        let prefix = format!("{}.", id.as_str());
        for entry in fs::read_dir(&self.spool)?.flatten() {
            if entry.file_name().to_string_lossy().starts_with(&prefix) {
                let _ = fs::remove_file(entry.path());
            }
        }
        Ok(gone)
    }

    fn sweep(&self, before: i64) -> io::Result<usize> {
        let gone = self
            .db
            .run(|pool| async move {
                let c = pool.get().await?;
                Ok(c.execute("DELETE FROM porth_session WHERE saved_at < $1", &[&before]).await? as usize)
            })
            .map_err(other)?;
        let day_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(86_400);
        for entry in fs::read_dir(&self.spool)?.flatten() {
            if entry.metadata().and_then(|m| m.modified()).is_ok_and(|t| t < day_ago) {
                let _ = fs::remove_file(entry.path());
            }
        }
        Ok(gone)
    }

    fn evict(&self, before: i64, limit: usize) -> io::Result<usize> {
        let limit = limit as i64;
        self.db
            .run(|pool| async move {
                let c = pool.get().await?;
                Ok(c.execute(
                    "DELETE FROM porth_session WHERE id IN (SELECT id FROM porth_session WHERE saved_at < $1 ORDER BY saved_at LIMIT $2)",
                    &[&before, &limit],
                )
                .await? as usize)
            })
            .map_err(other)
    }

    fn count(&self) -> io::Result<usize> {
        self.db
            .run(|pool| async move {
                let c = pool.get().await?;
                Ok(c.query_one("SELECT count(*) FROM porth_session", &[]).await?.get::<_, i64>(0) as usize)
            })
            .map_err(other)
    }

    fn new_upload(&self, id: &SessionId) -> io::Result<(String, fs::File)> {
        let name = format!("upload-{}", &random_hex()[..32]);
        let file = fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(self.spooled(id, &name))?;
        Ok((name, file))
    }

    fn read_upload(&self, id: &SessionId, name: &str) -> io::Result<Vec<u8>> {
        let (key, n) = (id.as_str().to_string(), name.to_string());
        let stored: Option<Vec<u8>> = self
            .db
            .run(|pool| async move {
                let c = pool.get().await?;
                Ok(c.query_opt("SELECT bytes FROM porth_session_upload WHERE id = $1 AND name = $2", &[&key, &n])
                    .await?
                    .map(|row| row.get(0)))
            })
            .map_err(other)?;
        match stored {
            Some(bytes) => Ok(bytes),
            // Not saved into the database yet: still in this instance's spool.
            None => fs::read(self.spooled(id, name)),
        }
    }

    fn delete_upload(&self, id: &SessionId, name: &str) -> io::Result<()> {
        let (key, n) = (id.as_str().to_string(), name.to_string());
        self.db
            .run(|pool| async move {
                let c = pool.get().await?;
                c.execute("DELETE FROM porth_session_upload WHERE id = $1 AND name = $2", &[&key, &n]).await?;
                Ok(())
            })
            .map_err(other)?;
        match fs::remove_file(self.spooled(id, name)) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }

    fn secret(&self) -> io::Result<[u8; 32]> {
        let mut fresh = [0u8; 32];
        getrandom::fill(&mut fresh).map_err(|e| io::Error::other(e.to_string()))?;
        let value: Vec<u8> = self
            .db
            .run(move |pool| async move {
                let c = pool.get().await?;
                // The first instance's key wins; every later one reads it.
                c.execute(
                    "INSERT INTO porth_secret (name, value) VALUES ('csrf', $1) ON CONFLICT (name) DO NOTHING",
                    &[&fresh.as_slice()],
                )
                .await?;
                Ok(c.query_one("SELECT value FROM porth_secret WHERE name = 'csrf'", &[]).await?.get(0))
            })
            .map_err(other)?;
        value.try_into().map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "porth_secret 'csrf' is not 32 bytes"))
    }
}
