//! The background sender: takes pending submissions oldest first over a few concurrent
//! lanes (sharing the SMTP connection pool), sends the team e-mail then the
//! acknowledgement, and records each send durably before the next. It runs supervised
//! (started again if it panics), does its file work off the async runtime, and shows it is
//! alive through a heartbeat that `/healthz` reads.
//!
//! What is guaranteed, exactly: delivery is at least once, and every message keeps the
//! same Message-ID however often it is sent. On SIGTERM each lane finishes the message it
//! is sending, records it, and stops before the next, so a graceful restart re-sends
//! nothing. A hard kill (SIGKILL, power cut) between the server's "250 OK" and the
//! durable record can re-send that one message per lane after the restart: at most
//! `delivery_lanes` duplicates per kill, each with the Message-ID of the first copy.
//!
//! With PostgreSQL several processes deliver from one database: each submission is claimed
//! with a lease before its first message, so one process sends it; a killed process's
//! claims are taken over when their leases run out, with the same bound of one repeat per
//! lane of the killed process.

use super::{DeliveryState, Outbox, Submission, Unreadable};
use crate::service::mail::{Composer, Mailer, SendError, Which};
use crate::service::reference::Reference;
use anyhow::{Result, anyhow};
use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// What one pass over `pending/` did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Pass {
    pub(crate) delivered: Vec<Reference>,
    pub(crate) failed: Vec<Reference>,
    /// Pending entries that could not be read, moved to `corrupt/`.
    pub(crate) set_aside: Vec<String>,
    /// Set when the pass stopped early because the mail server is unreachable or deferring;
    /// safe to log.
    pub(crate) deferred: Option<String>,
    /// The pass stopped because the process is shutting down.
    pub(crate) stopped: bool,
}

/// Opens the outbox (`[storage]`) and mail transport (`[mail]`) and starts the worker: the
/// one call `porth serve` makes. Send `true` on `shutdown` to stop it between messages.
pub(crate) fn start(
    config: &crate::site::config::Config,
    mail: &crate::service::settings::MailSettings,
    storage: &crate::service::settings::StorageSettings,
    renderer: Arc<crate::site::render::Renderer>,
    shutdown: watch::Receiver<bool>,
) -> Result<(Arc<Outbox>, JoinHandle<()>)> {
    let outbox = Arc::new(Outbox::from_settings(&config.root, mail, storage)?);
    // Before anything is accepted: a leftover is a submission nobody was told was sent.
    let cleaned = outbox.clean_tmp()?;
    if cleaned > 0 {
        tracing::warn!(
            entries = cleaned,
            "outbox: deleted half-written submissions left in tmp/ by a crash (none was confirmed to its sender)"
        );
    }
    let mailer = Mailer::from_settings(mail, &config.root)?;
    let composer = Composer::new(config, mail, renderer)?;
    let handle = spawn_worker(outbox.clone(), mailer, composer, shutdown);
    Ok((outbox, handle))
}

/// Runs the worker under a supervisor: a panic (a bug) is logged and the worker started
/// again after a pause, instead of delivery stopping silently.
pub(crate) fn spawn_worker(
    outbox: Arc<Outbox>,
    mailer: Mailer,
    composer: Composer,
    shutdown: watch::Receiver<bool>,
) -> JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            let run = tokio::spawn(run_worker(outbox.clone(), mailer.clone(), composer.clone(), shutdown.clone()));
            match run.await {
                Ok(()) => break,
                Err(e) if e.is_panic() => {
                    outbox.status.restarts.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    tracing::error!("outbox worker panicked; starting it again in 1 s");
                    let mut shutdown = shutdown.clone();
                    if *shutdown.borrow() {
                        break;
                    }
                    tokio::select! {
                        _ = tokio::time::sleep(Duration::from_secs(1)) => {}
                        _ = shutdown.changed() => break,
                    }
                }
                Err(_) => break,
            }
        }
        tracing::debug!("outbox worker stopped");
    })
}

/// Holds the outbox lock for as long as it runs (so `porth outbox send` cannot deliver
/// beside it), delivers, and between passes waits for a new submission, the poll
/// interval, or the retry interval after a failure, whichever comes first.
async fn run_worker(outbox: Arc<Outbox>, mailer: Mailer, composer: Composer, mut shutdown: watch::Receiver<bool>) {
    let initial = Duration::from_secs_f64(composer.settings.retry_initial_secs);
    let max = Duration::from_secs_f64(composer.settings.retry_max_secs);
    let poll = Duration::from_secs_f64(composer.settings.poll_secs);
    let _lock = loop {
        outbox.status.beat();
        match blocking(&outbox, |o| o.lock()).await {
            Ok(Some(lock)) => break lock,
            Ok(None) => {
                tracing::warn!("outbox: another Porth process is delivering from this outbox; waiting for it to finish")
            }
            Err(e) => tracing::error!("outbox: {e:#}"),
        }
        tokio::select! {
            _ = tokio::time::sleep(poll.min(max)) => {}
            _ = shutdown.changed() => return,
        }
    };
    let mut backoff = initial;
    loop {
        #[cfg(debug_assertions)]
        injected_fault(&mut shutdown).await;
        outbox.status.beat();
        if *shutdown.borrow() {
            break;
        }
        let wait = match deliver_locked(&outbox, &mailer, &composer, &shutdown).await {
            Ok(pass) if pass.stopped => break,
            Ok(Pass { deferred: Some(why), .. }) => {
                // Off the runtime: with PostgreSQL this is a round trip.
                let backlog = blocking(&outbox, |o| Ok(o.backlog())).await.unwrap_or_default();
                tracing::warn!(
                    pending = backlog.pending,
                    failed = backlog.failed,
                    retry_in_secs = backoff.as_secs_f64(),
                    "outbox: {why}; will try again"
                );
                let w = backoff;
                backoff = (backoff * 2).min(max);
                w
            }
            Ok(_) => {
                backoff = initial;
                poll
            }
            Err(e) => {
                // The outbox itself cannot be read or written (disk, permissions): say so,
                // keep trying.
                tracing::error!("outbox: {e:#}");
                let w = backoff;
                backoff = (backoff * 2).min(max);
                w
            }
        };
        // A new submission is tried at once, even while backing off from a failing
        // server: if the server is back, nobody waits for the rest of the backoff.
        tokio::select! {
            _ = outbox.wake.notified() => {}
            _ = tokio::time::sleep(wait) => {}
            _ = shutdown.changed() => {}
        }
    }
}

/// Fault injection for tests/suite/service_resilience.rs, compiled into debug builds only: the
/// tests must see the real binary's worker panic (restarted by its supervisor) and hang
/// (`/healthz` turning 503), and no real input makes it do either; that is the point.
/// `PORTH_TEST_WORKER_FAULT=panic:N` panics the first N passes of the process, `hang` stops
/// the worker's heartbeat until shutdown. Release builds neither read nor contain it.
#[cfg(debug_assertions)]
async fn injected_fault(shutdown: &mut watch::Receiver<bool>) {
    use std::sync::atomic::AtomicI64;
    static PANICS_LEFT: AtomicI64 = AtomicI64::new(i64::MIN);
    let fault = std::env::var("PORTH_TEST_WORKER_FAULT").unwrap_or_default();
    if fault == "hang" {
        let _ = shutdown.wait_for(|stop| *stop).await;
    } else if let Some(n) = fault.strip_prefix("panic:").and_then(|n| n.parse::<i64>().ok()) {
        let _ = PANICS_LEFT.compare_exchange(i64::MIN, n, Ordering::SeqCst, Ordering::SeqCst);
        if PANICS_LEFT.fetch_sub(1, Ordering::SeqCst) > 0 {
            panic!("PORTH_TEST_WORKER_FAULT: injected panic");
        }
    }
}

/// Runs blocking outbox work (reads, writes, fsyncs) on the blocking pool, off the async
/// runtime's threads.
async fn blocking<T: Send + 'static>(
    outbox: &Arc<Outbox>,
    f: impl FnOnce(&Outbox) -> Result<T> + Send + 'static,
) -> Result<T> {
    let o = outbox.clone();
    tokio::task::spawn_blocking(move || f(&o)).await.map_err(|e| anyhow!("an outbox task failed: {e}"))?
}

/// One pass, as `porth outbox send` makes it: takes the lock, delivers everything
/// pending, and stops early at a transient failure.
pub(crate) async fn deliver_pending(outbox: &Arc<Outbox>, mailer: &Mailer, composer: &Composer) -> Result<Pass> {
    let Some(_lock) = blocking(outbox, |o| o.lock()).await? else {
        return Ok(Pass {
            deferred: Some("another Porth process (`porth serve`) is delivering from this outbox; it sends new submissions at once, so there is nothing to do here".into()),
            ..Pass::default()
        });
    };
    let (_, never) = watch::channel(false);
    deliver_locked(outbox, mailer, composer, &never).await
}

/// One pass with the lock held: sets unreadable entries aside, then delivers the rest,
/// oldest first, over `delivery_lanes` concurrent lanes. The first transient failure stops
/// every lane before its next submission (the server is down; the rest would fail the same
/// way), and so does `shutdown`.
async fn deliver_locked(
    outbox: &Arc<Outbox>,
    mailer: &Mailer,
    composer: &Composer,
    shutdown: &watch::Receiver<bool>,
) -> Result<Pass> {
    let (refs, unreadable) = blocking(outbox, |o| o.pending_refs()).await?;
    let mut pass = Pass::default();
    for bad in unreadable {
        set_aside(outbox, &bad).await?;
        pass.set_aside.push(bad.name);
    }
    let queue = Arc::new(Mutex::new(VecDeque::from(refs)));
    let halt = Arc::new(AtomicBool::new(false));
    let result = Arc::new(Mutex::new(pass));
    let lanes = composer.settings.delivery_lanes.max(1);
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..lanes {
        let (outbox, mailer, composer, shutdown) = (outbox.clone(), mailer.clone(), composer.clone(), shutdown.clone());
        let (queue, halt, result) = (queue.clone(), halt.clone(), result.clone());
        set.spawn(async move {
            loop {
                if halt.load(Ordering::SeqCst) {
                    return Ok(());
                }
                let Some(r) = queue.lock().expect("queue poisoned").pop_front() else { return Ok(()) };
                let outcome = deliver_one(&outbox, &mailer, &composer, &r, &shutdown).await?;
                outbox.status.beat();
                let mut pass = result.lock().expect("pass poisoned");
                match outcome {
                    Outcome::Delivered => pass.delivered.push(r),
                    Outcome::Failed => pass.failed.push(r),
                    Outcome::SetAside => pass.set_aside.push(r.to_string()),
                    // Another instance is sending it.
                    Outcome::Taken => {}
                    Outcome::Deferred(why) => {
                        halt.store(true, Ordering::SeqCst);
                        pass.deferred.get_or_insert(why);
                    }
                    Outcome::Stopped => {
                        halt.store(true, Ordering::SeqCst);
                        pass.stopped = true;
                    }
                }
            }
        });
    }
    let mut first_error = None;
    while let Some(joined) = set.join_next().await {
        let lane: Result<()> = joined.map_err(|e| anyhow!("a delivery lane failed: {e}")).and_then(|r| r);
        if let Err(e) = lane {
            // A write failed (disk full?): the other lanes stop before their next one.
            halt.store(true, Ordering::SeqCst);
            first_error.get_or_insert(e);
        }
    }
    if let Some(e) = first_error {
        return Err(e);
    }
    let pass = std::mem::take(&mut *result.lock().expect("pass poisoned"));
    Ok(pass)
}

async fn set_aside(outbox: &Arc<Outbox>, bad: &Unreadable) -> Result<()> {
    // The log names only the entry: the reason can quote the file.
    tracing::error!(entry = %bad.name, "outbox: an unreadable entry in pending/ was moved to corrupt/; see `porth outbox list`");
    let (name, reason) = (bad.name.clone(), bad.reason.clone());
    blocking(outbox, move |o| o.set_aside(&name, &reason)).await
}

pub(super) enum Outcome {
    Delivered,
    Failed,
    /// Its files could not be read; moved to `corrupt/`.
    SetAside,
    Deferred(String),
    /// Shutting down: stopped before the next message.
    Stopped,
    /// Claimed by another instance sharing the database, or no longer pending.
    Taken,
}

/// Sends whichever of the two messages has not gone yet, then tidies up. Looks at
/// `shutdown` before each message, never during one.
pub(super) async fn deliver_one(
    outbox: &Arc<Outbox>,
    mailer: &Mailer,
    composer: &Composer,
    r: &Reference,
    shutdown: &watch::Receiver<bool>,
) -> Result<Outcome> {
    let r2 = r.clone();
    let (s, mut state) = match blocking(outbox, move |o| o.claim(&r2)).await {
        Ok(Some(loaded)) => loaded,
        Ok(None) => return Ok(Outcome::Taken),
        Err(e) => {
            set_aside(outbox, &Unreadable { name: r.to_string(), reason: format!("{e:#}") }).await?;
            return Ok(Outcome::SetAside);
        }
    };
    for which in [Which::Team, Which::Ack] {
        let outcome = if *shutdown.borrow() {
            Outcome::Stopped
        } else {
            send_loaded(outbox, mailer, composer, &s, &mut state, which).await?
        };
        match outcome {
            Outcome::Delivered => {}
            Outcome::Stopped | Outcome::Deferred(_) => {
                // Let another instance have it at once rather than when the lease runs out.
                let r2 = r.clone();
                blocking(outbox, move |o| o.release(&r2)).await?;
                return Ok(outcome);
            }
            other => return Ok(other),
        }
    }
    // The receipt is the durable record of the acknowledgement (see `send_loaded`).
    record(outbox, &state, |o, st| o.finish(st).map(|_| ())).await?;
    tracing::info!(reference = %r, "submission delivered; personal data deleted, receipt kept");
    Ok(Outcome::Delivered)
}

/// Sends one of a submission's messages unless the state says it has gone, and records
/// the send durably before returning. (Loads the submission itself; the worker uses
/// `deliver_one`, which loads it once for both messages.)
#[cfg(test)]
pub(super) async fn send_one(
    outbox: &Arc<Outbox>,
    mailer: &Mailer,
    composer: &Composer,
    r: &Reference,
    which: Which,
) -> Result<Outcome> {
    let r2 = r.clone();
    let (s, mut state) = blocking(outbox, move |o| o.load(&r2)).await?;
    send_loaded(outbox, mailer, composer, &s, &mut state, which).await
}

async fn send_loaded(
    outbox: &Arc<Outbox>,
    mailer: &Mailer,
    composer: &Composer,
    s: &Submission,
    state: &mut DeliveryState,
    which: Which,
) -> Result<Outcome> {
    let r = &s.reference;
    let done = match which {
        Which::Team => state.team_sent_at.is_some(),
        // A suspected bot gets no acknowledgement: it could make the council's relay
        // mail whatever address it typed.
        Which::Ack => state.ack_sent_at.is_some() || s.sender_email.is_none() || s.suspect,
    };
    if done {
        return Ok(Outcome::Delivered);
    }
    let message = match compose(composer, s, which) {
        Ok(Some(m)) => m,
        Ok(None) => return Ok(Outcome::Delivered),
        Err(e) => {
            // A template or string fault, or an address the form let through: sending
            // again cannot help until someone fixes it, so treat it like a 5xx.
            let why = format!("could not write the {} e-mail: {e:#}", which.as_str());
            tracing::error!(reference = %r, "outbox: could not write the {} e-mail; moved to failed/", which.as_str());
            let st = state.clone();
            blocking(outbox, move |o| o.fail(st, why)).await?;
            return Ok(Outcome::Failed);
        }
    };
    match mailer.send(message).await {
        Ok(()) => {
            let now = time::OffsetDateTime::now_utc();
            match which {
                Which::Team => state.team_sent_at = Some(now),
                Which::Ack => state.ack_sent_at = Some(now),
            }
            state.attempts = 0;
            state.last_error = None;
            // The acknowledgement is the last message: `deliver_one` records it by writing
            // the receipt next, so a separate record first would only add two fsyncs per
            // submission, and change nothing a crash could reveal (the window between the
            // server's 250 and the durable record is the same).
            if which == Which::Team {
                record(outbox, state, |o, st| o.save_state(st)).await?;
            }
            tracing::info!(reference = %r, message = which.as_str(), "e-mail {}", mailer.describe());
            Ok(Outcome::Delivered)
        }
        Err(SendError::Transient { log, detail }) => {
            state.attempts += 1;
            state.last_error = Some(detail);
            let st = state.clone();
            blocking(outbox, move |o| o.save_state(&st)).await?;
            tracing::debug!(reference = %r, message = which.as_str(), attempts = state.attempts, "send deferred: {log}");
            Ok(Outcome::Deferred(log))
        }
        Err(SendError::Permanent { log, detail }) => {
            tracing::error!(reference = %r, message = which.as_str(), "outbox: {log}; moved to failed/, see `porth outbox list`");
            state.attempts += 1;
            let st = state.clone();
            blocking(outbox, move |o| o.fail(st, detail)).await?;
            Ok(Outcome::Failed)
        }
    }
}

/// Records a message the server has accepted. If the storage is unavailable just then (the
/// database restarting, a full disk), this process still knows the message went: it keeps
/// trying for a while rather than forgetting, which would send it again once the storage
/// is back. Only if the storage stays away that long (or the process dies meanwhile) can
/// the message go twice, as after a hard kill.
async fn record(
    outbox: &Arc<Outbox>,
    state: &DeliveryState,
    write: fn(&Outbox, &DeliveryState) -> Result<()>,
) -> Result<()> {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(120);
    let mut wait = Duration::from_millis(100);
    loop {
        let st = state.clone();
        match blocking(outbox, move |o| write(o, &st)).await {
            Ok(()) => return Ok(()),
            Err(e) if tokio::time::Instant::now() + wait < deadline => {
                tracing::warn!(reference = %state.reference, "outbox: a sent e-mail could not be recorded yet ({e:#}); trying again");
                tokio::time::sleep(wait).await;
                wait = (wait * 2).min(Duration::from_secs(5));
            }
            Err(e) => return Err(e),
        }
    }
}

fn compose(composer: &Composer, s: &Submission, which: Which) -> Result<Option<lettre::Message>> {
    match which {
        Which::Team => composer.team(s).map(Some),
        Which::Ack => composer.ack(s),
    }
}
