//! Porth: a bilingual (Cymraeg/English) family information portal. One binary builds the
//! static site from `content/`, `templates/` and `i18n/`, checks it, and serves it with
//! its forms.

mod clock;
mod forms;
mod fsx;
mod lang;
mod problems;
mod routes;
mod service;
mod site;

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
        /// Treat this day as today (e.g. 2026-12-07): review dates, and "now" at midnight.
        #[arg(long)]
        today: Option<String>,
    },
    /// Check content, links, translations and strings; list every problem.
    Check {
        #[arg(long)]
        now: Option<String>,
        /// Treat this day as today (e.g. 2026-12-07): a page whose review is overdue fails.
        #[arg(long)]
        today: Option<String>,
    },
    /// List every page with its reviewed and due dates, soonest due first.
    Review {
        /// Treat this day as today (e.g. 2026-12-07).
        #[arg(long)]
        today: Option<String>,
        /// Write CSV (for a spreadsheet) instead of a table.
        #[arg(long)]
        csv: bool,
    },
    /// Build the site into public/ (or --output), then serve it and its forms.
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
        /// Live preview for editors: rebuild when a file changes and reload the browser.
        #[arg(long)]
        watch: bool,
    },
    /// The services directory: import Open Referral UK v3 JSON as entry files.
    Directory {
        #[command(subcommand)]
        action: DirectoryAction,
    },
    /// The form service's outbox: list what is waiting, send it, or put failed submissions back.
    Outbox {
        #[command(subcommand)]
        action: Option<service::cli::OutboxAction>,
    },
}

#[derive(Subcommand)]
enum DirectoryAction {
    /// Read an ORUK v3 services list (or one service) saved as JSON and write an entry file
    /// for each into directory/ (or --into), listing what could not be mapped.
    Import {
        file: PathBuf,
        #[arg(long)]
        into: Option<PathBuf>,
    },
}

fn parse_now(now: Option<&str>) -> Result<time::PrimitiveDateTime> {
    match now {
        Some(s) => {
            let fmt = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]");
            let s = s.get(..16).unwrap_or(s);
            time::PrimitiveDateTime::parse(s, &fmt)
                .with_context(|| format!("--now `{s}`: write it as 2026-12-01T09:00"))
        }
        None => Ok(clock::uk_now()),
    }
}

/// "Now" from `--now` and `--today`: `--today` alone means that day at midnight; given
/// both, they must name the same day.
fn parse_now_today(now: Option<&str>, today: Option<&str>) -> Result<time::PrimitiveDateTime> {
    let Some(t) = today else { return parse_now(now) };
    let day = site::review_dates::parse_today(t).with_context(|| format!("--today `{t}`: write it as 2026-12-07"))?;
    match now {
        None => Ok(day.midnight()),
        Some(_) => {
            let now = parse_now(now)?;
            anyhow::ensure!(now.date() == day, "--now and --today name different days: give one of them");
            Ok(now)
        }
    }
}

fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Build { output, now, today } => {
            let output = if output.is_absolute() { output } else { cli.root.join(output) };
            let summary = site::build::build(&site::build::Options {
                root: cli.root.clone(),
                output: output.clone(),
                now: parse_now_today(now.as_deref(), today.as_deref())?,
            })?;
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
        Command::Serve { addr, output, now, posts_per_minute, burst, session_minutes, secure, watch } => {
            let output = if output.is_absolute() { output } else { cli.root.join(output) };
            let opts = service::server::Options {
                root: cli.root.clone(),
                addr,
                output,
                now: parse_now(now.as_deref())?,
                posts_per_minute,
                burst,
                session_minutes,
                secure,
                watch,
            };
            let rt = tokio::runtime::Runtime::new().context("failed to start the async runtime")?;
            rt.block_on(service::server::serve(opts))
        }
        Command::Directory { action: DirectoryAction::Import { file, into } } => {
            print!("{}", site::directory::import::run(&cli.root, &file, into.as_deref())?);
            Ok(())
        }
        Command::Outbox { action } => {
            service::cli::outbox(&cli.root, action.unwrap_or(service::cli::OutboxAction::List))
        }
        Command::Review { today, csv } => {
            let now = parse_now_today(None, today.as_deref())?;
            let loaded = site::build::load(&cli.root)?;
            let reviews = site::review_dates::collect(&loaded.config, &loaded.site, now.date());
            print!("{}", site::review_dates::report(&reviews, csv));
            for p in &reviews.problems {
                eprintln!("warning: {p}");
            }
            Ok(())
        }
        Command::Check { now, today } => {
            // The service's settings are part of the site too: a typo in [mail] is found here.
            let mail = service::settings::load(&cli.root);
            let now = parse_now_today(now.as_deref(), today.as_deref())?;
            let pages = site::check::check(&cli.root, now, &service::cli::code_i18n_keys());
            let checked = match (pages, mail) {
                (Ok(c), Ok(_)) => c,
                (Err(e), Ok(_)) | (Ok(_), Err(e)) => return Err(e),
                (Err(a), Err(b)) => {
                    match (a.downcast::<problems::ProblemReport>(), b.downcast::<problems::ProblemReport>()) {
                        (Ok(mut a), Ok(b)) => {
                            a.0.extend(b.0);
                            a.0.sort();
                            return Err(a.into());
                        }
                        (Err(e), _) | (_, Err(e)) => return Err(e),
                    }
                }
            };
            for w in &checked.warnings {
                eprintln!("warning: {w}");
            }
            println!("No problems found in {} pages ({} warnings).", checked.pages, checked.warnings.len());
            Ok(())
        }
    }
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("PORTH_LOG").unwrap_or_else(|_| "porth=info".into()),
        )
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
