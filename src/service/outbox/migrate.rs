//! `porth outbox migrate`: moves the waiting submissions (pending, and failed with their
//! delivery state) from one backend to the other, without losing or repeating any.
//!
//! Per submission, in this order: claim it at the source, store it at the destination and
//! commit (fsync, or a committed transaction), then delete it from the source. A migrate
//! killed at any point and run again finds each submission either still only at the
//! source (moved now), at both (the destination's copy is recognised by its reference and
//! fingerprint and left alone, since it may already be delivered there; the source's copy
//! is deleted), or only at the destination (nothing to do). The reference, and with it the
//! Message-IDs, never changes, and the delivery state travels with the submission: a
//! message recorded as sent is not sent again, a message sent again keeps its Message-ID.
//!
//! Nothing may deliver from either side meanwhile: both stores are held first
//! (`Store::hold_for_move`), which refuses while a `porth serve` runs on them.

use super::Store;
use super::store::{Backlog, Put, Unreadable};
use crate::service::reference::Reference;
use anyhow::Result;

/// What a migrate did, for the command to print.
#[derive(Debug, Default)]
pub(crate) struct Moved {
    /// Stored at the destination and deleted from the source, with what had been sent.
    pub(crate) moved: Vec<(Reference, String)>,
    /// Already at the destination (an interrupted migrate): deleted from the source only.
    pub(crate) already: Vec<Reference>,
    /// Left at the source: another submission has the reference at the destination.
    pub(crate) taken: Vec<Reference>,
    /// Left at the source: held by a Porth that started meanwhile, or gone from it.
    pub(crate) skipped: Vec<Reference>,
    /// Left at the source: entries that cannot be read, and set-aside ones.
    pub(crate) unreadable: Vec<Unreadable>,
    /// What the source still counts as pending or failed at the end, whatever the reason
    /// (the lists above, or an entry none of them shows): the figure that decides success.
    pub(crate) remaining: Backlog,
    /// Set-aside entries at the source (not counted in `remaining`).
    pub(crate) set_aside: usize,
}

impl Moved {
    /// How many submissions are still at the source.
    pub(crate) fn left_behind(&self) -> usize {
        self.remaining.pending + self.remaining.failed + self.set_aside
    }
}

/// Moves every waiting submission from `from` to `to`. An entry the source cannot read is
/// left there and reported; a storage error at the destination, or in deleting at the
/// source (a database gone, a full disk), stops the move having lost nothing: run it again.
pub(crate) fn migrate(from: &dyn Store, to: &dyn Store) -> Result<Moved> {
    let _source = from.hold_for_move()?;
    let _destination = to.hold_for_move()?;
    let mut out = Moved::default();
    for listed in from.list()? {
        let r = listed.state.reference;
        // One entry that cannot be read (a damaged file) stays behind, reported, and does
        // not stop the others; a storage error at the destination stops everything.
        let entry = match from.take(&r) {
            Ok(Some(entry)) => entry,
            Ok(None) => {
                out.skipped.push(r);
                continue;
            }
            Err(e) => {
                out.unreadable.push(Unreadable { name: r.to_string(), reason: format!("{e:#}") });
                continue;
            }
        };
        match to.put(&entry)? {
            Put::Stored => {
                let st = &entry.state;
                let what = match (entry.failed, st.team_sent_at.is_some(), st.ack_sent_at.is_some()) {
                    (true, ..) => "failed",
                    (false, true, false) => "pending, team e-mail sent",
                    (false, false, true) => "pending, acknowledgement sent",
                    _ => "pending",
                };
                from.remove(&entry)?;
                out.moved.push((r, what.to_string()));
            }
            Put::Already => {
                from.remove(&entry)?;
                out.already.push(r);
            }
            Put::Taken => {
                from.release(&r)?;
                out.taken.push(r);
            }
        }
    }
    out.unreadable.extend(from.pending_refs()?.1);
    let set_aside = from.corrupt()?;
    out.set_aside = set_aside.len();
    out.unreadable.extend(set_aside);
    out.remaining = from.backlog()?;
    Ok(out)
}
