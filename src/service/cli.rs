//! The service's command line: `porth outbox list|retry|send|purge|migrate`, and the Fluent keys
//! the service's code asks for by name (for `porth check`).

use crate::service::mail::{Composer, Mailer};
use crate::service::outbox::{Outbox, deliver_pending};
use crate::service::reference::Reference;
use crate::service::settings::{self, StorageBackend};
use crate::site::config::Config;
use crate::site::i18n::I18n;
use crate::site::render::Renderer;
use anyhow::{Context, Result};
use clap::Subcommand;
use std::path::Path;
use std::sync::Arc;

/// What `porth outbox` does.
#[derive(Subcommand, Clone)]
pub(crate) enum OutboxAction {
    /// List pending and failed submissions (the default).
    List,
    /// Move failed submissions back to pending (all, or one reference), to be sent again.
    Retry { reference: Option<String> },
    /// Deliver everything pending now, once, and exit. Refused while `porth serve` is
    /// running on the same outbox: its worker already sends everything at once.
    Send,
    /// Delete receipts and failed submissions older than `[council] form_retention_days`
    /// (`porth serve` does this daily by itself).
    Purge,
    /// Move pending and failed submissions, with what was already sent, from one backend to
    /// the other. Every `porth serve` on either must be stopped. Safe to run again after an
    /// interruption: nothing is lost or sent twice.
    Migrate {
        #[arg(long)]
        from: StorageBackend,
        #[arg(long)]
        to: StorageBackend,
    },
    /// Write one row (CSV) or object (JSON) per submission received from SINCE to UNTIL
    /// (UK dates, both included) that the outbox still holds, for a case-management system or
    /// a spreadsheet: reference, form, status, times, route, statutory dates. No names,
    /// addresses or answers typed: those reach the team in each e-mail's JSON attachment.
    Export {
        /// First day, YYYY-MM-DD.
        #[arg(long)]
        since: String,
        /// Last day, YYYY-MM-DD (default: today).
        #[arg(long)]
        until: Option<String>,
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// Only this form (its file name without .toml, e.g. ehc-request).
        #[arg(long)]
        form: Option<String>,
        /// Write here instead of to standard output.
        #[arg(long)]
        output: Option<std::path::PathBuf>,
    },
}

#[derive(clap::ValueEnum, Clone, Copy)]
pub(crate) enum ExportFormat {
    Csv,
    Json,
}

fn export_date(flag: &str, text: &str) -> Result<time::Date> {
    time::Date::parse(text, time::macros::format_description!("[year]-[month]-[day]"))
        .with_context(|| format!("--{flag} `{text}` is not a date: write it as YYYY-MM-DD, e.g. 2027-01-31"))
}

/// Keys the service's code asks Fluent for by name; `porth check` counts them as used.
pub(crate) fn code_i18n_keys() -> Vec<&'static str> {
    let mut keys = vec![];
    keys.extend(crate::service::mail::I18N_KEYS);
    keys.extend(crate::service::forms::i18n_keys());
    keys.extend(crate::service::pages::MESSAGE_KEYS);
    keys.extend(crate::service::watch::I18N_KEYS);
    keys.extend(crate::service::search::I18N_KEYS);
    keys
}

pub(crate) fn outbox(root: &Path, action: OutboxAction) -> Result<()> {
    let config = Config::load(root)?;
    let (mail, service) = settings::load_all(root)?;
    // Before the configured backend is opened: a connection of this command's own, named
    // `porth`, would look like a running server to the migrate.
    if let OutboxAction::Migrate { from, to } = action {
        return migrate(root, &mail, &service.storage, from, to);
    }
    let outbox = Arc::new(Outbox::from_settings(root, &mail, &service.storage)?);
    match action {
        OutboxAction::Export { since, until, format, form, output } => {
            use crate::service::outbox::export;
            let filter = export::Filter {
                since: export_date("since", &since)?,
                until: until.as_deref().map(|u| export_date("until", u)).transpose()?,
                form,
            };
            let (rows, failed) = export::rows(&outbox, &filter)?;
            let text = match format {
                ExportFormat::Csv => export::csv(&rows),
                ExportFormat::Json => export::json(&rows)?,
            };
            match &output {
                Some(path) => crate::fsx::write(path, text.as_bytes())?,
                None => {
                    use std::io::Write as _;
                    std::io::stdout().write_all(text.as_bytes())?;
                }
            }
            // Counts only: no reference list, nothing personal, in the log.
            eprintln!("{} submission(s) exported", rows.len());
            if failed > 0 {
                eprintln!("{failed} failed submission(s) left out: see `porth outbox list`");
            }
            Ok(())
        }
        OutboxAction::List => {
            let listed = outbox.list()?;
            for l in &listed {
                let s = &l.state;
                let status = match (l.failed, s.team_sent_at.is_some(), s.ack_sent_at.is_some()) {
                    (true, ..) => "failed",
                    (false, true, false) => "pending (team e-mail sent)",
                    _ => "pending",
                };
                let accepted = s.accepted_at.format(&time::format_description::well_known::Rfc3339)?;
                println!(
                    "{}  {:<14}  {accepted}  {status}, {} failed attempts",
                    s.reference,
                    s.form.as_str(),
                    s.attempts
                );
                if let Some(e) = &s.last_error {
                    println!("    last error: {}", e.replace('\n', " "));
                }
            }
            // Entries that cannot be read: still in pending/ until the worker sets them
            // aside, or already in corrupt/. The reason is for the operator, not for logs.
            let (_, unreadable) = outbox.pending_refs()?;
            let corrupt = outbox.corrupt()?;
            for (u, place) in unreadable.iter().map(|u| (u, "pending/")).chain(corrupt.iter().map(|u| (u, "corrupt/")))
            {
                println!("{}  unreadable, in {place}: {}", u.name, u.reason.replace('\n', " "));
            }
            let b = outbox.backlog();
            println!(
                "{} pending, {} failed, {} unreadable",
                b.pending - unreadable.len(),
                b.failed,
                unreadable.len() + corrupt.len()
            );
            if !corrupt.is_empty() && outbox.kind() == "files" {
                println!(
                    "Fix an unreadable entry and move it back into pending/, or delete it; see docs/DEPLOYMENT.md, \"The outbox\"."
                );
            } else if !corrupt.is_empty() {
                println!(
                    "Fix an unreadable entry in the porth_outbox table and set its status back to 'pending', or delete it; see docs/DEPLOYMENT.md, \"The outbox\"."
                );
            }
            Ok(())
        }
        OutboxAction::Purge => {
            let Some(days) = service.retention_days else {
                anyhow::bail!("config.toml sets no [council] form_retention_days, so nothing is purged");
            };
            let purged = outbox.purge(days)?;
            for r in &purged.failed {
                println!("{r}: failed submission deleted (older than {days} days)");
            }
            println!(
                "{} receipts, {} failed and {} unreadable submissions older than {days} days deleted",
                purged.receipts,
                purged.failed.len(),
                purged.corrupt
            );
            Ok(())
        }
        OutboxAction::Retry { reference } => {
            let only = match reference {
                Some(r) => {
                    Some(Reference::parse(&r).with_context(|| format!("`{r}` is not a reference like ADY-7K3M-Q9PX"))?)
                }
                None => None,
            };
            let moved = outbox.retry(only.as_ref())?;
            for r in &moved {
                println!("{r}: back in pending");
            }
            println!(
                "{} moved back to pending; the server's worker (or `porth outbox send`) will send them",
                moved.len()
            );
            Ok(())
        }
        OutboxAction::Send => {
            let i18n = Arc::new(I18n::load(&root.join("i18n"), &config.langs)?);
            let renderer = Arc::new(Renderer::load(&config.templates_dir(), i18n)?);
            let composer = Composer::new(&config, &mail, renderer)?;
            let rt = tokio::runtime::Runtime::new().context("failed to start the async runtime")?;
            // The SMTP pool must be created and dropped inside the runtime.
            let pass = rt.block_on(async {
                let mailer = Mailer::from_settings(&mail, root)?;
                deliver_pending(&outbox, &mailer, &composer).await
            })?;
            for r in &pass.delivered {
                println!("{r}: delivered");
            }
            for r in &pass.failed {
                println!("{r}: failed (see `porth outbox list`)");
            }
            let b = outbox.backlog();
            println!("{} pending, {} failed", b.pending, b.failed);
            match pass.deferred {
                Some(why) => anyhow::bail!("not everything was sent: {why}"),
                None => Ok(()),
            }
        }
        OutboxAction::Migrate { .. } => unreachable!("handled above"),
    }
}

fn name(b: StorageBackend) -> &'static str {
    match b {
        StorageBackend::Files => "files",
        StorageBackend::Postgres => "postgres",
    }
}

/// `porth outbox migrate --from … --to …`: prints each submission moved and what stayed.
fn migrate(
    root: &Path,
    mail: &settings::MailSettings,
    storage: &settings::StorageSettings,
    from: StorageBackend,
    to: StorageBackend,
) -> Result<()> {
    if from == to {
        anyhow::bail!(
            "--from and --to are both {}: give the backend the submissions are in and the one to move them to",
            name(from)
        );
    }
    let source = Outbox::open_for_move(from, root, mail, storage)?;
    let destination = Outbox::open_for_move(to, root, mail, storage)?;
    let m = crate::service::outbox::migrate(source.as_ref(), destination.as_ref())?;
    for (r, what) in &m.moved {
        println!("{r}: moved ({what})");
    }
    for r in &m.already {
        println!("{r}: already in {} (an earlier migrate was interrupted); deleted from {}", name(to), name(from));
    }
    for r in &m.taken {
        println!("{r}: NOT moved: another submission has this reference in {}", name(to));
    }
    for r in &m.skipped {
        println!(
            "{r}: NOT moved: another Porth holds it (one running, or one killed less than [storage] lease_secs ago); stop every `porth serve`, wait lease_secs, and run migrate again"
        );
    }
    for u in &m.unreadable {
        println!("{}: NOT moved: unreadable ({})", u.name, u.reason.replace('\n', " "));
    }
    println!(
        "{} moved, {} already in {}, {} left in {}",
        m.moved.len(),
        m.already.len(),
        name(to),
        m.left_behind(),
        name(from)
    );
    if m.left_behind() > 0 {
        anyhow::bail!(
            "{} submission(s) are still in {} ({} pending, {} failed, {} set aside): see above and `porth outbox list`, and docs/DEPLOYMENT.md, \"Moving between backends\"",
            m.left_behind(),
            name(from),
            m.remaining.pending,
            m.remaining.failed,
            m.set_aside
        );
    }
    if storage.backend != to {
        println!("Now set [storage] backend = \"{}\" in config.toml and start `porth serve`.", name(to));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    /// Every string the service's and the form core's code names by a literal key is in the
    /// lists `porth check` checks (`code_i18n_keys`), so a missing one is found before a
    /// deploy rather than by a family. A literal that is the stem of keys made with
    /// `format!` (`forms-expired` for `forms-expired-title`) counts through its stems.
    #[test]
    fn porth_check_knows_every_string_the_service_asks_for() {
        let listed = super::code_i18n_keys();
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut unlisted = vec![];
        for dir in ["service", "forms"] {
            for entry in walkdir::WalkDir::new(src.join(dir)).into_iter().filter_map(Result::ok) {
                let path = entry.path();
                if path.extension().is_none_or(|e| e != "rs") || path.file_name().is_some_and(|n| n == "tests.rs") {
                    continue;
                }
                let text = std::fs::read_to_string(path).unwrap();
                // Test code names keys of test sites.
                let code = text.split("#[cfg(test)]").next().unwrap_or("");
                for piece in code.split('"').skip(1).step_by(2) {
                    let is_key = ["forms-", "email-", "search-", "watch-"].iter().any(|p| piece.starts_with(p))
                        && piece.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
                    let known = listed.iter().any(|k| *k == piece || k.starts_with(&format!("{piece}-")));
                    if is_key && !known {
                        unlisted.push(format!("{piece} ({})", path.display()));
                    }
                }
            }
        }
        assert!(
            unlisted.is_empty(),
            "strings the code asks for that porth check does not know:\n{}",
            unlisted.join("\n")
        );
    }
}
