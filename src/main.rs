//! Porth: a bilingual (Cymraeg/English) family information portal. One binary builds the
//! static site from `content/`, `templates/` and `i18n/`, checks it, and serves it with
//! its forms.

mod build;
mod check;
mod config;
mod content;
mod dates;
mod events;
mod forms;
mod fsx;
mod i18n;
mod lang;
mod mail;
mod markdown;
mod outbox;
mod problems;
mod reference;
mod render;
mod routes;
mod server;
mod static_files;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "porth", version, about = "Bilingual family information portal: site generator and form service")]
struct Cli {
    /// The site folder (with config.toml, content/, templates/, i18n/).
    #[arg(long, global = true, default_value = ".")]
    root: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into public/ (or --output). A failed build leaves the old site in place.
    Build {
        #[arg(long, default_value = "public")]
        output: PathBuf,
        /// Treat this local time as "now" when sorting drop-in sessions (e.g. 2026-12-01T09:00).
        #[arg(long)]
        now: Option<String>,
    },
    /// Check content, links, translations and strings; list every problem.
    Check {
        #[arg(long)]
        now: Option<String>,
    },
    /// Build the site into public/ (or --output), then serve it and the two forms.
    Serve {
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
        #[arg(long, default_value = "public")]
        output: PathBuf,
        #[arg(long)]
        now: Option<String>,
        /// Form posts allowed per client per minute (after a burst of --burst).
        #[arg(long, default_value_t = 30)]
        posts_per_minute: u32,
        #[arg(long, default_value_t = 20)]
        burst: u32,
        /// Minutes without activity after which answers in progress are deleted (the form
        /// pages say so).
        #[arg(long, default_value_t = 60)]
        session_minutes: u64,
        /// The site is served over HTTPS: Secure cookies and HSTS.
        #[arg(long)]
        secure: bool,
    },
    /// The form service's outbox: list what is waiting, send it, or put failed submissions back.
    Outbox {
        #[command(subcommand)]
        action: Option<OutboxAction>,
    },
}

#[derive(Subcommand, Clone)]
enum OutboxAction {
    /// List pending and failed submissions (the default).
    List,
    /// Move failed submissions back to pending (all, or one reference), to be sent again.
    Retry { reference: Option<String> },
    /// Deliver everything pending now, once, and exit (when `porth serve` is not running).
    Send,
}

/// Keys the non-template code asks Fluent for; `porth check` counts them as used.
pub(crate) fn code_i18n_keys() -> Vec<&'static str> {
    let mut keys = vec![];
    keys.extend(mail::I18N_KEYS);
    keys.extend(forms::i18n_keys());
    keys.extend(server::MESSAGE_KEYS);
    keys
}

fn parse_now(now: Option<&str>) -> Result<time::PrimitiveDateTime> {
    match now {
        Some(s) => {
            let fmt = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]");
            let s = s.get(..16).unwrap_or(s);
            time::PrimitiveDateTime::parse(s, &fmt).with_context(|| format!("--now `{s}`: write it as 2026-12-01T09:00"))
        }
        None => {
            let now = time::OffsetDateTime::now_local().unwrap_or_else(|_| time::OffsetDateTime::now_utc());
            Ok(time::PrimitiveDateTime::new(now.date(), now.time()))
        }
    }
}

fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Build { output, now } => {
            let output = if output.is_absolute() { output } else { cli.root.join(output) };
            let summary = build::build(&build::Options { root: cli.root.clone(), output: output.clone(), now: parse_now(now.as_deref())? })?;
            for w in &summary.warnings {
                eprintln!("warning: {w}");
            }
            let per_lang: Vec<String> = summary.pages.iter().map(|(l, n)| format!("{n} {l}")).collect();
            println!(
                "Built {} pages ({}), {} files written to {} in {} ms",
                summary.pages.values().sum::<usize>(),
                per_lang.join(", "),
                summary.files,
                output.display(),
                summary.elapsed.as_millis()
            );
            Ok(())
        }
        Command::Serve { addr, output, now, posts_per_minute, burst, session_minutes, secure } => {
            let output = if output.is_absolute() { output } else { cli.root.join(output) };
            let opts = server::Options { root: cli.root.clone(), addr, output, now: parse_now(now.as_deref())?, posts_per_minute, burst, session_minutes, secure };
            let rt = tokio::runtime::Runtime::new().context("failed to start the async runtime")?;
            rt.block_on(server::serve(opts))
        }
        Command::Outbox { action } => outbox_command(&cli.root, action.unwrap_or(OutboxAction::List)),
        Command::Check { now } => {
            let pages = check::check(&cli.root, parse_now(now.as_deref())?)?;
            println!("No problems found in {pages} pages.");
            Ok(())
        }
    }
}

fn outbox_command(root: &std::path::Path, action: OutboxAction) -> Result<()> {
    let config = config::Config::load(root)?;
    let outbox = outbox::Outbox::open(&root.join(&config.mail.outbox_dir))?;
    match action {
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
                println!("{}  {:<14}  {accepted}  {status}, {} failed attempts", s.reference, s.form.slug(), s.attempts);
                if let Some(e) = &s.last_error {
                    println!("    last error: {}", e.replace('\n', " "));
                }
            }
            let b = outbox.backlog();
            println!("{} pending, {} failed", b.pending, b.failed);
            Ok(())
        }
        OutboxAction::Retry { reference } => {
            let only = match reference {
                Some(r) => Some(reference::Reference::parse(&r).with_context(|| format!("`{r}` is not a reference like ADY-7K3M-Q9PX"))?),
                None => None,
            };
            let moved = outbox.retry(only.as_ref())?;
            for r in &moved {
                println!("{r}: back in pending");
            }
            println!("{} moved back to pending; the server's worker (or `porth outbox send`) will send them", moved.len());
            Ok(())
        }
        OutboxAction::Send => {
            let i18n = std::sync::Arc::new(i18n::I18n::load(&root.join("i18n"), &config.langs)?);
            let renderer = std::sync::Arc::new(render::Renderer::load(&root.join("templates"), i18n)?);
            let composer = mail::Composer::new(&config, renderer)?;
            let rt = tokio::runtime::Runtime::new().context("failed to start the async runtime")?;
            // The SMTP pool must be created and dropped inside the runtime.
            let pass = rt.block_on(async {
                let mailer = mail::Mailer::from_settings(&config.mail, root)?;
                outbox::deliver_pending(&outbox, &mailer, &composer).await
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
    }
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_env("PORTH_LOG").unwrap_or_else(|_| "porth=info".into()))
        .with_writer(std::io::stderr)
        .init();
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            let mut source = e.source();
            while let Some(s) = source {
                eprintln!("  caused by: {s}");
                source = s.source();
            }
            ExitCode::FAILURE
        }
    }
}
