//! `porth outbox export`: one CSV row or JSON object per submission the outbox still holds
//! (a receipt within the retention period, or a submission waiting to be sent), for
//! import into a case-management system (Capita One, EHC Hub) or a spreadsheet that tracks
//! statutory dates. It carries what a receipt keeps (`Handoff`): the reference, the form,
//! when it arrived, the route answers, the statutory dates and the delivery times; never a
//! name, an address or anything typed. The answers themselves reach the team once, in the
//! e-mail's JSON attachment (docs/submission.schema.json).

use super::{Outbox, Receipt, Submission};
use crate::lang::Lang;
use anyhow::Result;
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

/// What a receipt keeps for the export: nothing personal (the route answers are the
/// form's own wording of a choice, such as "A parent or carer").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Handoff {
    pub(crate) lang: Lang,
    pub(crate) reply_lang: Lang,
    /// The choices that set the route, in English where the site has it.
    #[serde(default)]
    pub(crate) route: Vec<String>,
    #[serde(default)]
    pub(crate) due_dates: Vec<HandoffDue>,
    /// Children asked about once each (home education); `None` on other forms.
    #[serde(default)]
    pub(crate) children: Option<u64>,
    #[serde(default)]
    pub(crate) attachments: usize,
}

/// One statutory clock's date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct HandoffDue {
    pub(crate) clock: String,
    pub(crate) rule: String,
    pub(crate) date: String,
}

impl Handoff {
    pub(crate) fn of(s: &Submission) -> Handoff {
        let due_dates = s
            .data
            .get("due_dates")
            .and_then(|d| serde_json::from_value::<Vec<HandoffDue>>(d.clone()).ok())
            .unwrap_or_default();
        Handoff {
            lang: s.lang,
            reply_lang: s.reply_lang.unwrap_or(s.lang),
            route: s.route.iter().map(|r| r.translated.get(&Lang::En).unwrap_or(&r.value).clone()).collect(),
            due_dates,
            children: s.data.get("children").and_then(|c| c.as_u64()),
            attachments: s.attachments.len(),
        }
    }
}

/// One exported submission.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Row {
    pub(crate) reference: String,
    pub(crate) form: String,
    /// "delivered", "pending" or "failed".
    pub(crate) status: String,
    #[serde(with = "time::serde::rfc3339")]
    pub(crate) received: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub(crate) team_sent_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub(crate) ack_sent_at: Option<OffsetDateTime>,
    /// `None` for a receipt written before Porth kept one (it says only what was sent when).
    #[serde(flatten)]
    pub(crate) handoff: Option<Handoff>,
}

/// Which submissions: received (UK date) from `since` to `until`, both included, of one form.
pub(crate) struct Filter {
    pub(crate) since: Date,
    pub(crate) until: Option<Date>,
    pub(crate) form: Option<String>,
}

impl Filter {
    fn wants(&self, form: &str, received: OffsetDateTime) -> bool {
        let day = crate::clock::uk_time(received).date();
        day >= self.since && self.until.is_none_or(|u| day <= u) && self.form.as_deref().is_none_or(|f| f == form)
    }
}

fn of_receipt(r: Receipt) -> Row {
    Row {
        reference: r.reference.to_string(),
        form: r.form.to_string(),
        status: r.status,
        received: r.accepted_at,
        team_sent_at: Some(r.team_sent_at),
        ack_sent_at: r.ack_sent_at,
        handoff: r.handoff,
    }
}

/// Every submission the outbox holds that `filter` wants, oldest first, and how many
/// failed ones were left out (their answers wait for a person: `porth outbox list`).
pub(crate) fn rows(outbox: &Outbox, filter: &Filter) -> Result<(Vec<Row>, usize)> {
    let mut out: Vec<Row> = outbox
        .receipts()?
        .into_iter()
        .filter(|r| filter.wants(r.form.as_str(), r.accepted_at))
        .map(of_receipt)
        .collect();
    let mut failed = 0;
    for listed in outbox.list()? {
        let st = &listed.state;
        if !filter.wants(st.form.as_str(), st.accepted_at) || out.iter().any(|r| r.reference == st.reference.as_str()) {
            continue;
        }
        if listed.failed {
            failed += 1;
            continue;
        }
        let handoff = outbox.load(&st.reference).ok().map(|(s, _)| Handoff::of(&s));
        out.push(Row {
            reference: st.reference.to_string(),
            form: st.form.to_string(),
            status: "pending".into(),
            received: st.accepted_at,
            team_sent_at: st.team_sent_at,
            ack_sent_at: st.ack_sent_at,
            handoff,
        });
    }
    out.sort_by(|a, b| (a.received, &a.reference).cmp(&(b.received, &b.reference)));
    Ok((out, failed))
}

/// The rows as a JSON array.
pub(crate) fn json(rows: &[Row]) -> Result<String> {
    Ok(serde_json::to_string_pretty(rows)? + "\n")
}

/// The rows as CSV (RFC 4180: CRLF, fields quoted where they must be), one line each. The
/// statutory dates are one column per clock that any row has, named `due_<clock>`.
pub(crate) fn csv(rows: &[Row]) -> String {
    let mut clocks: Vec<String> = vec![];
    for r in rows {
        for d in r.handoff.iter().flat_map(|h| &h.due_dates) {
            if !clocks.contains(&d.clock) {
                clocks.push(d.clock.clone());
            }
        }
    }
    let mut header: Vec<String> = [
        "reference",
        "form",
        "status",
        "received",
        "team_sent_at",
        "ack_sent_at",
        "lang",
        "reply_lang",
        "route",
        "children",
        "attachments",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    header.extend(clocks.iter().map(|c| format!("due_{c}")));
    let mut out = line(&header);
    let rfc = |t: &OffsetDateTime| t.format(&time::format_description::well_known::Rfc3339).unwrap_or_default();
    for r in rows {
        let h = r.handoff.as_ref();
        let mut cells = vec![
            r.reference.clone(),
            r.form.clone(),
            r.status.clone(),
            rfc(&r.received),
            r.team_sent_at.as_ref().map(rfc).unwrap_or_default(),
            r.ack_sent_at.as_ref().map(rfc).unwrap_or_default(),
            h.map(|h| h.lang.code().to_string()).unwrap_or_default(),
            h.map(|h| h.reply_lang.code().to_string()).unwrap_or_default(),
            h.map(|h| h.route.join("; ")).unwrap_or_default(),
            h.and_then(|h| h.children).map(|c| c.to_string()).unwrap_or_default(),
            h.map(|h| h.attachments.to_string()).unwrap_or_default(),
        ];
        for c in &clocks {
            cells.push(
                h.and_then(|h| h.due_dates.iter().find(|d| &d.clock == c)).map(|d| d.date.clone()).unwrap_or_default(),
            );
        }
        out.push_str(&line(&cells));
    }
    out
}

fn line(cells: &[String]) -> String {
    let quoted: Vec<String> = cells
        .iter()
        .map(|c| {
            // A leading =, +, - or @ would be a formula in a spreadsheet.
            let c = if c.starts_with(['=', '+', '-', '@']) { format!("'{c}") } else { c.clone() };
            if c.contains([',', '"', '\n', '\r']) { format!("\"{}\"", c.replace('"', "\"\"")) } else { c }
        })
        .collect();
    quoted.join(",") + "\r\n"
}
