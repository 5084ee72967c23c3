//! The PostgreSQL backend (`PgStore`): the outbox in two tables (`porth_outbox`,
//! `porth_outbox_attachment`), so several `porth serve` processes, or containers without a
//! lasting disk, share one outbox. The guarantees are the files backend's:
//! - `accept` returns after the transaction has committed, with `synchronous_commit = on`
//!   set on every connection (a server default of `off` could otherwise lose the last
//!   confirmed submissions in a database crash);
//! - each sent message is recorded by a committed UPDATE before the next is sent;
//! - delivery deletes the submission's JSON and files, keeping a receipt row.
//!
//! Several senders: before its first message a submission is *claimed* (`FOR UPDATE SKIP
//! LOCKED`, then a lease: `lease_owner`, `lease_until`), renewed with every record. Another
//! instance skips it until the lease runs out, so each message is sent by one process; a
//! killed instance's claims are taken over when their leases expire (the message in flight
//! per lane may then go twice, with the same Message-ID, as after a kill with files).
//!
//! The connection, pool and migrations are `service::db`'s.

use super::store::{
    Backlog, DeliveryState, Entry, Listed, Purged, Put, Receipt, Snapshot, Unreadable, fingerprint, sender_of,
};
use super::{SenderLock, Store, Submission};
use crate::forms::FormId;
use crate::service::db::{Db, Pool};
use crate::service::reference::Reference;
use crate::service::settings::StorageSettings;
use anyhow::{Context, Result, anyhow, bail};
use std::future::Future;
use std::sync::Arc;
use time::OffsetDateTime;
use tokio_postgres::{Client, Row};

pub(crate) struct PgStore {
    db: Arc<Db>,
    /// This process's name on its leases.
    owner: String,
    lease_secs: f64,
}

impl PgStore {
    /// Connects (creating or migrating the tables): see `Db::connect`.
    pub(crate) fn open(url: &str, settings: &StorageSettings) -> Result<PgStore> {
        let db = Db::connect(url, settings).context("the outbox cannot be kept in the database")?;
        let mut nonce = [0u8; 6];
        getrandom::fill(&mut nonce).map_err(|e| anyhow!("no randomness: {e}"))?;
        let owner = format!(
            "{}:{}:{}",
            hostname(),
            std::process::id(),
            nonce.iter().map(|b| format!("{b:02x}")).collect::<String>()
        );
        tracing::info!("outbox: PostgreSQL ready");
        Ok(PgStore { db, owner, lease_secs: settings.lease_secs })
    }

    /// For `porth outbox migrate`: connections named `porth outbox migrate` (so running
    /// servers, named `porth`, can be told apart), and leases under that same name, so a
    /// migrate run again after an interruption takes back what the first one claimed.
    pub(crate) fn open_for_move(url: &str, settings: &StorageSettings) -> Result<PgStore> {
        let db = Db::connect_as(url, settings, MIGRATE).context("the outbox in the database cannot be opened")?;
        Ok(PgStore { db, owner: MIGRATE.into(), lease_secs: settings.lease_secs })
    }

    /// Runs database work, with this process's lease, and waits for it.
    fn run<T, F, Fut>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(Arc<Pool>, Lease) -> Fut,
        Fut: Future<Output = Result<T>> + Send + 'static,
    {
        let lease = Lease { owner: self.owner.clone(), secs: self.lease_secs };
        self.db.run(move |pool| f(pool, lease))
    }
}

/// The name of `porth outbox migrate`'s connections and leases.
const MIGRATE: &str = "porth outbox migrate";

/// Who claims, and for how long.
#[derive(Clone)]
struct Lease {
    owner: String,
    secs: f64,
}

fn hostname() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_string())
        .unwrap_or_else(|_| "porth".into())
}

fn state_of(r: &Reference, row: &Row) -> DeliveryState {
    DeliveryState {
        reference: r.clone(),
        form: FormId::new(row.get::<_, String>("form")),
        accepted_at: row.get("accepted_at"),
        team_sent_at: row.get("team_sent_at"),
        ack_sent_at: row.get("ack_sent_at"),
        attempts: row.get::<_, i32>("attempts").max(0) as u32,
        last_error: row.get("last_error"),
    }
}

/// A row's submission JSON and its files, read as the files backend reads them.
async fn submission_of(c: &Client, r: &Reference, row: &Row) -> Result<Submission> {
    let json: Option<String> = row.get("submission");
    let json = json.with_context(|| format!("{r} has no submission in the database"))?;
    let mut s: Submission = serde_json::from_str(&json)
        .with_context(|| format!("{r}: the stored submission is not a valid outbox entry"))?;
    let files =
        c.query("SELECT n, bytes FROM porth_outbox_attachment WHERE reference = $1 ORDER BY n", &[&r.as_str()]).await?;
    for (i, a) in s.attachments.iter_mut().enumerate() {
        let row = files
            .iter()
            .find(|f| f.get::<_, i32>(0) == i as i32)
            .with_context(|| format!("{r}: attachment {i} is missing from the database"))?;
        a.bytes = row.get(1);
    }
    Ok(s)
}

const STATE_COLUMNS: &str = "form, accepted_at, team_sent_at, ack_sent_at, attempts, last_error";

impl Store for PgStore {
    fn kind(&self) -> &'static str {
        "postgres"
    }

    /// A transaction is all or nothing: a crash leaves nothing half-written.
    fn clean_tmp(&self) -> Result<usize> {
        Ok(0)
    }

    fn accept(&self, s: &Submission) -> Result<Reference> {
        let s = s.clone();
        self.run(|pool, _| async move {
            let mut c = pool.get().await?;
            let mut s = s;
            // A clash is one in 30^8 per pair; ten in a row means something else is wrong.
            for _ in 0..10 {
                let json = String::from_utf8(serde_json::to_vec_pretty(&s)?)?;
                let r = s.reference.as_str().to_string();
                let tx = c.transaction().await?;
                let print = fingerprint(json.as_bytes());
                // The sender's key goes in with the submission, in the same transaction: a
                // retried Send meets it below.
                let inserted = tx
                    .execute(
                        "INSERT INTO porth_outbox (reference, form, status, accepted_at, submission, fingerprint, sender) VALUES ($1, $2, 'pending', $3, $4, $5, $6) ON CONFLICT (reference) DO NOTHING",
                        &[&r, &s.form.as_str(), &OffsetDateTime::now_utc(), &json, &print, &s.sender],
                    )
                    .await?;
                if inserted == 1 {
                    for (i, a) in s.attachments.iter().enumerate() {
                        tx.execute("INSERT INTO porth_outbox_attachment (reference, n, bytes) VALUES ($1, $2, $3)", &[&r, &(i as i32), &a.bytes]).await?;
                    }
                    // synchronous_commit is on: when this returns, the WAL is on disk.
                    tx.commit().await.context("the database did not commit the submission")?;
                    return Ok(s.reference.clone());
                }
                // The same submission (waiting or delivered: the fingerprint outlives the
                // personal data) keeps its reference; another one draws a new reference.
                let existing: Option<(Option<String>, Option<String>)> = tx.query_opt("SELECT fingerprint, sender FROM porth_outbox WHERE reference = $1", &[&r]).await?.map(|row| (row.get(0), row.get(1)));
                tx.rollback().await?;
                let (print_there, sender_there) = existing.unwrap_or_default();
                if print_there.as_deref() == Some(print.as_str()) || (s.sender.is_some() && sender_there == s.sender) {
                    return Ok(s.reference.clone());
                }
                s = super::redraw(&s)?;
            }
            bail!("no free reference after ten draws")
        })
    }

    fn backlog(&self) -> Result<Backlog> {
        self.run(|pool, _| async move {
            let c = pool.get().await?;
            let row = c
                .query_one("SELECT count(*) FILTER (WHERE status = 'pending'), count(*) FILTER (WHERE status = 'failed') FROM porth_outbox", &[])
                .await?;
            Ok(Backlog { pending: row.get::<_, i64>(0) as usize, failed: row.get::<_, i64>(1) as usize })
        })
    }

    fn pending_refs(&self) -> Result<(Vec<Reference>, Vec<Unreadable>)> {
        self.run(|pool, lease| async move {
            let c = pool.get().await?;
            let rows = c
                .query(
                    "SELECT reference, submission IS NULL FROM porth_outbox WHERE status = 'pending' AND (lease_until IS NULL OR lease_until < now() OR lease_owner = $1) ORDER BY accepted_at, reference",
                    &[&lease.owner],
                )
                .await?;
            let (mut good, mut bad) = (vec![], vec![]);
            for row in rows {
                let name: String = row.get(0);
                match Reference::parse(&name).filter(|r| r.as_str() == name) {
                    Some(_) if row.get::<_, bool>(1) => bad.push(Unreadable { reason: "it has no submission".into(), name }),
                    Some(r) => good.push(r),
                    None => bad.push(Unreadable { reason: "its reference is not one Porth draws".into(), name }),
                }
            }
            Ok((good, bad))
        })
    }

    fn list(&self) -> Result<Vec<Listed>> {
        self.run(|pool, _| async move {
            let c = pool.get().await?;
            let rows = c
                .query(
                    &format!("SELECT reference, status = 'failed' AS failed, {STATE_COLUMNS} FROM porth_outbox WHERE status IN ('pending', 'failed') ORDER BY status = 'failed', accepted_at, reference"),
                    &[],
                )
                .await?;
            Ok(rows
                .iter()
                .filter_map(|row| {
                    let r = Reference::parse(row.get::<_, &str>("reference"))?;
                    Some(Listed { failed: row.get("failed"), state: state_of(&r, row) })
                })
                .collect())
        })
    }

    fn set_aside(&self, name: &str, reason: &str) -> Result<()> {
        let (name, reason) = (name.to_string(), reason.to_string());
        self.run(|pool, _| async move {
            let c = pool.get().await?;
            c.execute(
                "UPDATE porth_outbox SET status = 'corrupt', reason = $2, finished_at = now(), lease_owner = NULL, lease_until = NULL WHERE reference = $1 AND status = 'pending'",
                &[&name, &reason],
            )
            .await?;
            Ok(())
        })
    }

    fn corrupt(&self) -> Result<Vec<Unreadable>> {
        self.run(|pool, _| async move {
            let c = pool.get().await?;
            let rows = c.query("SELECT reference, coalesce(reason, 'no reason recorded') FROM porth_outbox WHERE status = 'corrupt' ORDER BY reference", &[]).await?;
            Ok(rows.iter().map(|row| Unreadable { name: row.get(0), reason: row.get(1) }).collect())
        })
    }

    fn snapshot(&self) -> Result<Snapshot> {
        self.run(|pool, _| async move {
            let c = pool.get().await?;
            let row = c
                .query_one(
                    "SELECT count(*) FILTER (WHERE status = 'pending'), count(*) FILTER (WHERE status = 'failed'), min(accepted_at) FILTER (WHERE status = 'pending'), \
                     coalesce(array_agg(reference ORDER BY reference) FILTER (WHERE status = 'corrupt'), '{}') FROM porth_outbox",
                    &[],
                )
                .await?;
            Ok(Snapshot { pending: row.get::<_, i64>(0) as usize, failed: row.get::<_, i64>(1) as usize, oldest_pending: row.get(2), corrupt: row.get(3) })
        })
    }

    fn purge(&self, days: u32) -> Result<Purged> {
        self.run(|pool, _| async move {
            let c = pool.get().await?;
            let days = f64::from(days);
            let cutoff = "now() - $1::float8 * interval '1 day'";
            let receipts = c.execute(&format!("DELETE FROM porth_outbox WHERE status = 'delivered' AND finished_at < {cutoff}"), &[&days]).await?;
            let mut failed: Vec<String> = c
                .query(&format!("DELETE FROM porth_outbox WHERE status = 'failed' AND accepted_at < {cutoff} RETURNING reference"), &[&days])
                .await?
                .iter()
                .map(|row| row.get(0))
                .collect();
            failed.sort();
            let corrupt = c.execute(&format!("DELETE FROM porth_outbox WHERE status = 'corrupt' AND finished_at < {cutoff}"), &[&days]).await?;
            Ok(Purged { receipts: receipts as usize, failed, corrupt: corrupt as usize })
        })
    }

    fn load(&self, r: &Reference) -> Result<(Submission, DeliveryState)> {
        let r = r.clone();
        self.run(|pool, _| async move {
            let c = pool.get().await?;
            let row = c
                .query_opt(&format!("SELECT submission, {STATE_COLUMNS} FROM porth_outbox WHERE reference = $1 AND status = 'pending'"), &[&r.as_str()])
                .await?
                .with_context(|| format!("{r} is not pending"))?;
            Ok((submission_of(&c, &r, &row).await?, state_of(&r, &row)))
        })
    }

    fn claim(&self, r: &Reference) -> Result<Option<(Submission, DeliveryState)>> {
        let r = r.clone();
        self.run(|pool, lease| async move {
            let c = pool.get().await?;
            // SKIP LOCKED: an instance claiming the same row right now wins, and this one
            // moves on instead of waiting for it.
            let row = c
                .query_opt(
                    &format!(
                        "WITH free AS (SELECT reference FROM porth_outbox WHERE reference = $1 AND status = 'pending' \
                           AND (lease_until IS NULL OR lease_until < now() OR lease_owner = $2) FOR UPDATE SKIP LOCKED) \
                         UPDATE porth_outbox o SET lease_owner = $2, lease_until = now() + $3::float8 * interval '1 second' \
                         FROM free WHERE o.reference = free.reference RETURNING o.submission, {}",
                        STATE_COLUMNS.split(", ").map(|c| format!("o.{c}")).collect::<Vec<_>>().join(", ")
                    ),
                    &[&r.as_str(), &lease.owner, &lease.secs],
                )
                .await?;
            let Some(row) = row else { return Ok(None) };
            Ok(Some((submission_of(&c, &r, &row).await?, state_of(&r, &row))))
        })
    }

    fn release(&self, r: &Reference) -> Result<()> {
        let r = r.clone();
        self.run(|pool, lease| async move {
            let c = pool.get().await?;
            c.execute("UPDATE porth_outbox SET lease_owner = NULL, lease_until = NULL WHERE reference = $1 AND lease_owner = $2", &[&r.as_str(), &lease.owner]).await?;
            Ok(())
        })
    }

    fn save_state(&self, state: &DeliveryState) -> Result<()> {
        let st = state.clone();
        self.run(|pool, lease| async move {
            let c = pool.get().await?;
            // Only while the claim is this process's (or nobody's): an instance that lost
            // its lease must not overwrite what the one that took over records.
            let n = c
                .execute(
                    "UPDATE porth_outbox SET accepted_at = $2, team_sent_at = $3, ack_sent_at = $4, attempts = $5, last_error = $6, \
                       lease_until = CASE WHEN lease_owner = $7 THEN now() + $8::float8 * interval '1 second' END \
                     WHERE reference = $1 AND status = 'pending' AND (lease_owner IS NULL OR lease_owner = $7 OR lease_until < now())",
                    &[&st.reference.as_str(), &st.accepted_at, &st.team_sent_at, &st.ack_sent_at, &(st.attempts as i32), &st.last_error, &lease.owner, &lease.secs],
                )
                .await?;
            if n == 0 {
                bail!("{} is no longer pending under this instance's claim (its lease ran out and another instance took it over?)", st.reference);
            }
            Ok(())
        })
    }

    fn finish(&self, state: &DeliveryState) -> Result<Receipt> {
        let st = state.clone();
        self.run(|pool, _| async move {
            let mut c = pool.get().await?;
            let row = c.query_opt("SELECT fingerprint, submission, sender FROM porth_outbox WHERE reference = $1", &[&st.reference.as_str()]).await?;
            let print: Option<String> = row.as_ref().and_then(|row| row.get(0));
            let sender: Option<String> = row.as_ref().and_then(|row| row.get(2));
            let handoff = row
                .as_ref()
                .and_then(|row| row.get::<_, Option<String>>(1))
                .and_then(|j| serde_json::from_str::<Submission>(&j).ok())
                .map(|s| super::export::Handoff::of(&s));
            let handoff_json = handoff.as_ref().map(serde_json::to_string).transpose()?;
            let receipt = Receipt {
                reference: st.reference.clone(),
                form: st.form.clone(),
                accepted_at: st.accepted_at,
                team_sent_at: st.team_sent_at.context("finish() before the team e-mail was sent")?,
                ack_sent_at: st.ack_sent_at,
                status: "delivered".into(),
                fingerprint: print,
                sender,
                handoff,
            };
            let tx = c.transaction().await?;
            let r = st.reference.as_str();
            tx.execute("DELETE FROM porth_outbox_attachment WHERE reference = $1", &[&r]).await?;
            tx.execute(
                "UPDATE porth_outbox SET status = 'delivered', submission = NULL, team_sent_at = $2, ack_sent_at = $3, last_error = NULL, \
                   finished_at = now(), lease_owner = NULL, lease_until = NULL, handoff = $4 WHERE reference = $1",
                &[&r, &st.team_sent_at, &st.ack_sent_at, &handoff_json],
            )
            .await?;
            tx.commit().await?;
            Ok(receipt)
        })
    }

    fn read_receipt(&self, r: &Reference) -> Result<Option<Receipt>> {
        let r = r.clone();
        self.run(|pool, _| async move {
            let c = pool.get().await?;
            let row = c
                .query_opt(
                    &format!(
                        "SELECT {RECEIPT_COLUMNS} FROM porth_outbox WHERE reference = $1 AND status = 'delivered'"
                    ),
                    &[&r.as_str()],
                )
                .await?;
            Ok(row.map(|row| receipt_of(r.clone(), &row)))
        })
    }

    fn receipts(&self) -> Result<Vec<Receipt>> {
        self.run(|pool, _| async move {
            let c = pool.get().await?;
            let rows = c
                .query(&format!("SELECT {RECEIPT_COLUMNS} FROM porth_outbox WHERE status = 'delivered' ORDER BY accepted_at, reference"), &[])
                .await?;
            Ok(rows.iter().filter_map(|row| Some(receipt_of(Reference::parse(&row.get::<_, String>(0))?, row))).collect())
        })
    }

    fn fail(&self, state: DeliveryState, error: String) -> Result<()> {
        self.run(|pool, _| async move {
            let c = pool.get().await?;
            c.execute(
                "UPDATE porth_outbox SET status = 'failed', last_error = $2, attempts = $3, accepted_at = $4, team_sent_at = $5, ack_sent_at = $6, \
                   finished_at = now(), lease_owner = NULL, lease_until = NULL WHERE reference = $1",
                &[&state.reference.as_str(), &error, &(state.attempts as i32), &state.accepted_at, &state.team_sent_at, &state.ack_sent_at],
            )
            .await?;
            Ok(())
        })
    }

    fn retry(&self, only: Option<&Reference>) -> Result<Vec<Reference>> {
        let only = only.map(|r| r.as_str().to_string());
        self.run(|pool, _| async move {
            let c = pool.get().await?;
            let rows = c
                .query(
                    "UPDATE porth_outbox SET status = 'pending', attempts = 0, finished_at = NULL, lease_owner = NULL, lease_until = NULL \
                     WHERE status = 'failed' AND ($1::text IS NULL OR reference = $1) RETURNING reference",
                    &[&only],
                )
                .await?;
            if let (Some(r), true) = (&only, rows.is_empty()) {
                bail!("{r} is not among the failed submissions; `porth outbox list` shows what is");
            }
            let mut refs: Vec<Reference> = rows.iter().filter_map(|row| Reference::parse(row.get::<_, &str>(0))).collect();
            refs.sort_by(|a, b| a.as_str().cmp(b.as_str()));
            Ok(refs)
        })
    }

    /// Any number of processes may deliver: each submission is claimed with a lease.
    fn lock(&self) -> Result<Option<SenderLock>> {
        Ok(Some(Box::new(())))
    }

    /// Refuses while any other Porth is connected: a `porth serve` keeps its connections
    /// open for as long as it runs (its worker polls), so one that is connected may claim
    /// a submission at any moment. Each entry is also claimed before it is copied, so one
    /// started during the move skips what is moving.
    fn hold_for_move(&self) -> Result<SenderLock> {
        // A server stopped a moment ago may still show for a few milliseconds while the
        // database ends its sessions: look again for a few seconds before refusing.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        let others = loop {
            let others: i64 = self.run(|pool, _| async move {
                let c = pool.get().await?;
                let row = c
                    .query_one("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'porth' AND pid <> pg_backend_pid()", &[])
                    .await?;
                Ok(row.get(0))
            })?;
            if others == 0 || std::time::Instant::now() > deadline {
                break others;
            }
            std::thread::sleep(std::time::Duration::from_millis(200));
        };
        if others > 0 {
            bail!(
                "{others} connection(s) from a running Porth (`porth serve`, or a `porth outbox` command) are open on this database: stop every `porth serve` using it, then run `porth outbox migrate` again"
            );
        }
        Ok(Box::new(()))
    }

    fn take(&self, r: &Reference) -> Result<Option<Entry>> {
        let r = r.clone();
        self.run(|pool, lease| async move {
            let c = pool.get().await?;
            let row = c
                .query_opt(
                    &format!(
                        "WITH free AS (SELECT reference FROM porth_outbox WHERE reference = $1 AND status IN ('pending', 'failed') \
                           AND (lease_until IS NULL OR lease_until < now() OR lease_owner = $2) FOR UPDATE SKIP LOCKED) \
                         UPDATE porth_outbox o SET lease_owner = $2, lease_until = now() + $3::float8 * interval '1 second' \
                         FROM free WHERE o.reference = free.reference RETURNING o.status = 'failed' AS failed, o.submission, {}",
                        STATE_COLUMNS.split(", ").map(|c| format!("o.{c}")).collect::<Vec<_>>().join(", ")
                    ),
                    &[&r.as_str(), &lease.owner, &lease.secs],
                )
                .await?;
            let Some(row) = row else { return Ok(None) };
            let json: String = row.get::<_, Option<String>>("submission").with_context(|| format!("{r} has no submission in the database"))?;
            let files = c.query("SELECT bytes FROM porth_outbox_attachment WHERE reference = $1 ORDER BY n", &[&r.as_str()]).await?;
            Ok(Some(Entry { json: json.into_bytes(), attachments: files.iter().map(|f| f.get(0)).collect(), state: state_of(&r, &row), failed: row.get("failed") }))
        })
    }

    /// One transaction: the row and its files, committed (synchronously) or not at all.
    fn put(&self, e: &Entry) -> Result<Put> {
        let e = e.clone();
        self.run(|pool, _| async move {
            let mut c = pool.get().await?;
            let json = String::from_utf8(e.json.clone()).context("a submission that is not UTF-8")?;
            let print = fingerprint(&e.json);
            let sender = sender_of(&e.json);
            let st = &e.state;
            let r = st.reference.as_str();
            let tx = c.transaction().await?;
            let inserted = tx
                .execute(
                    "INSERT INTO porth_outbox (reference, form, status, accepted_at, team_sent_at, ack_sent_at, attempts, last_error, submission, fingerprint, finished_at, sender) \
                     VALUES ($1, $2, CASE WHEN $3 THEN 'failed' ELSE 'pending' END, $4, $5, $6, $7, $8, $9, $10, CASE WHEN $3 THEN now() END, $11) ON CONFLICT (reference) DO NOTHING",
                    &[&r, &st.form.as_str(), &e.failed, &st.accepted_at, &st.team_sent_at, &st.ack_sent_at, &(st.attempts as i32), &st.last_error, &json, &print, &sender],
                )
                .await?;
            if inserted == 0 {
                let existing: Option<String> = tx.query_opt("SELECT fingerprint FROM porth_outbox WHERE reference = $1", &[&r]).await?.and_then(|row| row.get(0));
                tx.rollback().await?;
                return Ok(if existing.as_deref() == Some(print.as_str()) { Put::Already } else { Put::Taken });
            }
            for (i, bytes) in e.attachments.iter().enumerate() {
                tx.execute("INSERT INTO porth_outbox_attachment (reference, n, bytes) VALUES ($1, $2, $3)", &[&r, &(i as i32), bytes]).await?;
            }
            tx.commit().await.context("the database did not commit the submission")?;
            Ok(Put::Stored)
        })
    }

    /// Only under this migrate's claim: if it ran out and an instance took the submission
    /// over, it is not deleted behind that instance's back.
    fn remove(&self, e: &Entry) -> Result<()> {
        let r = e.state.reference.clone();
        self.run(|pool, lease| async move {
            let c = pool.get().await?;
            let n = c.execute("DELETE FROM porth_outbox WHERE reference = $1 AND lease_owner = $2 AND status IN ('pending', 'failed')", &[&r.as_str(), &lease.owner]).await?;
            if n == 0 {
                bail!("{r} is no longer claimed by this migrate (another Porth took it over?): it is now in both outboxes; stop every `porth serve`, then delete it from one of them");
            }
            Ok(())
        })
    }
}

/// The columns `receipt_of` reads, in order.
const RECEIPT_COLUMNS: &str = "reference, form, accepted_at, team_sent_at, ack_sent_at, fingerprint, handoff, sender";

/// A delivered row as a receipt. A hand-off that cannot be read (written by a newer Porth)
/// is left out rather than failing the export.
fn receipt_of(reference: Reference, row: &Row) -> Receipt {
    Receipt {
        reference,
        form: FormId::new(row.get::<_, String>(1)),
        accepted_at: row.get(2),
        team_sent_at: row.get::<_, Option<OffsetDateTime>>(3).unwrap_or(row.get(2)),
        ack_sent_at: row.get(4),
        status: "delivered".into(),
        fingerprint: row.get(5),
        handoff: row.get::<_, Option<String>>(6).and_then(|h| serde_json::from_str(&h).ok()),
        sender: row.get(7),
    }
}
