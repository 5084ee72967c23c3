//! The background sender: takes pending submissions oldest first, sends the team e-mail
//! then the acknowledgement, records each send durably, and on a transient failure waits
//! (doubling, capped) and tries again, for as long as it takes.

use super::store::DeliveryState;
use super::{Outbox, Submission};
use crate::service::mail::{Composer, Mailer, SendError, Which};
use crate::service::reference::Reference;
use anyhow::Result;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// What one pass over `pending/` did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Pass {
    pub(crate) delivered: Vec<Reference>,
    pub(crate) failed: Vec<Reference>,
    /// Set when the pass stopped early because the mail server is unreachable or deferring;
    /// safe to log.
    pub(crate) deferred: Option<String>,
}

/// Opens the outbox and mail transport from `[mail]` and starts the worker: the one call
/// `porth serve` makes. Send `true` on `shutdown` to stop it between messages.
pub(crate) fn start(
    config: &crate::site::config::Config,
    mail: &crate::service::settings::MailSettings,
    renderer: Arc<crate::site::render::Renderer>,
    shutdown: watch::Receiver<bool>,
) -> Result<(Arc<Outbox>, JoinHandle<()>)> {
    let outbox = Arc::new(Outbox::open(&config.root.join(&mail.outbox_dir))?);
    let mailer = Mailer::from_settings(mail, &config.root)?;
    let composer = Composer::new(config, mail, renderer)?;
    let handle = spawn_worker(outbox.clone(), mailer, composer, shutdown);
    Ok((outbox, handle))
}

pub(crate) fn spawn_worker(outbox: Arc<Outbox>, mailer: Mailer, composer: Composer, mut shutdown: watch::Receiver<bool>) -> JoinHandle<()> {
    tokio::spawn(async move {
        let initial = Duration::from_secs_f64(composer.settings.retry_initial_secs);
        let max = Duration::from_secs_f64(composer.settings.retry_max_secs);
        let poll = Duration::from_secs_f64(composer.settings.poll_secs);
        let mut backoff = initial;
        loop {
            if *shutdown.borrow() {
                break;
            }
            let wait = match deliver_pending(&outbox, &mailer, &composer).await {
                Ok(pass) => match pass.deferred {
                    Some(why) => {
                        let backlog = outbox.backlog();
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
                    None => {
                        backoff = initial;
                        // Idle: wait for a new submission, or poll for `outbox retry`.
                        tokio::select! {
                            _ = outbox.wake.notified() => continue,
                            _ = tokio::time::sleep(poll) => continue,
                            _ = shutdown.changed() => break,
                        }
                    }
                },
                Err(e) => {
                    // The outbox itself is unreadable (disk, permissions): say so, keep trying.
                    tracing::error!("outbox: {e:#}");
                    let w = backoff;
                    backoff = (backoff * 2).min(max);
                    w
                }
            };
            tokio::select! {
                _ = tokio::time::sleep(wait) => {}
                _ = shutdown.changed() => break,
            }
        }
        tracing::debug!("outbox worker stopped");
    })
}

/// One pass: delivers every pending submission, oldest first, stopping at the first
/// transient failure (the server is down; the rest would fail the same way).
pub(crate) async fn deliver_pending(outbox: &Outbox, mailer: &Mailer, composer: &Composer) -> Result<Pass> {
    let mut pass = Pass::default();
    let Some(_lock) = outbox.lock()? else {
        pass.deferred = Some("another Porth process is delivering from this outbox".into());
        return Ok(pass);
    };
    for r in outbox.pending_refs()? {
        match deliver_one(outbox, mailer, composer, &r).await? {
            Outcome::Delivered => pass.delivered.push(r),
            Outcome::Failed => pass.failed.push(r),
            Outcome::Deferred(why) => {
                pass.deferred = Some(why);
                break;
            }
        }
    }
    Ok(pass)
}

pub(super) enum Outcome {
    Delivered,
    Failed,
    Deferred(String),
}

/// Sends whichever of the two messages has not gone yet, then tidies up.
pub(super) async fn deliver_one(outbox: &Outbox, mailer: &Mailer, composer: &Composer, r: &Reference) -> Result<Outcome> {
    for which in [Which::Team, Which::Ack] {
        match send_one(outbox, mailer, composer, r, which).await? {
            Outcome::Delivered => {}
            other => return Ok(other),
        }
    }
    let (_, state) = outbox.load(r)?;
    outbox.finish(&state)?;
    tracing::info!(reference = %r, "submission delivered; personal data deleted, receipt kept");
    Ok(Outcome::Delivered)
}

/// Sends one of a submission's messages unless the state says it has gone, and records
/// the send durably before returning.
pub(super) async fn send_one(outbox: &Outbox, mailer: &Mailer, composer: &Composer, r: &Reference, which: Which) -> Result<Outcome> {
    let (s, mut state) = outbox.load(r)?;
    let done = match which {
        Which::Team => state.team_sent_at.is_some(),
        Which::Ack => state.ack_sent_at.is_some() || s.sender_email.is_none(),
    };
    if done {
        return Ok(Outcome::Delivered);
    }
    let message = match compose(composer, &s, which) {
        Ok(Some(m)) => m,
        Ok(None) => return Ok(Outcome::Delivered),
        Err(e) => {
            // A template or string fault, or an address the form let through: sending
            // again cannot help until someone fixes it, so treat it like a 5xx.
            let why = format!("could not write the {} e-mail: {e:#}", which.as_str());
            tracing::error!(reference = %r, "outbox: {why}; moved to failed/");
            outbox.fail(state, why)?;
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
            outbox.save_state(&state)?;
            tracing::info!(reference = %r, message = which.as_str(), "e-mail sent");
            Ok(Outcome::Delivered)
        }
        Err(SendError::Transient { log, detail }) => {
            record_attempt(outbox, &mut state, detail)?;
            tracing::debug!(reference = %r, message = which.as_str(), attempts = state.attempts, "send deferred: {log}");
            Ok(Outcome::Deferred(log))
        }
        Err(SendError::Permanent { log, detail }) => {
            tracing::error!(reference = %r, message = which.as_str(), "outbox: {log}; moved to failed/, see `porth outbox list`");
            state.attempts += 1;
            outbox.fail(state, detail)?;
            Ok(Outcome::Failed)
        }
    }
}

fn compose(composer: &Composer, s: &Submission, which: Which) -> Result<Option<lettre::Message>> {
    match which {
        Which::Team => composer.team(s).map(Some),
        Which::Ack => composer.ack(s),
    }
}

fn record_attempt(outbox: &Outbox, state: &mut DeliveryState, detail: String) -> Result<()> {
    state.attempts += 1;
    state.last_error = Some(detail);
    outbox.save_state(state)
}
