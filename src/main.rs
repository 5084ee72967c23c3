//! Porth: a bilingual (Cymraeg/English) family information portal. One binary builds the
//! static site from `content/`, `templates/` and `i18n/`, checks it, and serves it with
//! its forms.

mod build;
mod check;
mod config;
mod content;
mod dates;
mod events;
mod fsx;
mod i18n;
mod lang;
mod markdown;
mod problems;
mod render;
mod routes;

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
}

/// Keys the non-template code asks Fluent for; `porth check` counts them as used.
pub(crate) fn code_i18n_keys() -> Vec<&'static str> {
    vec![]
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
        Command::Check { now } => {
            let pages = check::check(&cli.root, parse_now(now.as_deref())?)?;
            println!("No problems found in {pages} pages.");
            Ok(())
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
