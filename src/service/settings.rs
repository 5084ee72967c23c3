//! The form service's own sections of config.toml: `[mail]` (where it keeps its outbox
//! and how it sends e-mail), `[storage]` (a folder or PostgreSQL) and `[service]` (which
//! reverse proxies to trust, when `/healthz` raises the alarm, timeouts, where answers in
//! progress are kept and how many), plus the retention period from `[council]`.
//! The generator's `Config` carries these tables unread; this module gives them types,
//! checked when the service starts and by `porth check`.

use crate::problems::{Problem, ProblemReport, line_of};
use anyhow::{Result, anyhow};
use lettre::message::Mailbox;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The service's sections of config.toml. The generator's keys are checked by
/// `site::config`; this reads only what the service owns.
#[derive(Deserialize, Default)]
struct ServiceFile {
    #[serde(default)]
    mail: MailSettings,
    #[serde(default)]
    service: ServiceSettings,
    #[serde(default)]
    storage: StorageSettings,
    #[serde(default)]
    council: CouncilRetention,
}

/// The one key of `[council]` the service acts on; the privacy notice shows the same value.
#[derive(Deserialize, Default)]
struct CouncilRetention {
    form_retention_days: Option<toml::Value>,
}

/// Reads `[mail]` from `root/config.toml`, with the file and line of any mistake.
pub(crate) fn load(root: &Path) -> Result<MailSettings> {
    Ok(load_all(root)?.0)
}

/// Reads `[mail]`, `[service]` and the retention period, with the file and line of any mistake.
pub(crate) fn load_all(root: &Path) -> Result<(MailSettings, ServiceSettings)> {
    let path = root.join("config.toml");
    let text = crate::fsx::read_to_string(&path)?;
    let file: ServiceFile = toml::from_str(&text).map_err(|e| {
        let line = e.span().map(|s| line_of(&text, s.start)).unwrap_or(0);
        ProblemReport(vec![Problem::new(
            &path,
            line,
            e.message().trim().to_string(),
            "see README.md, section \"Configuration\", and docs/DEPLOYMENT.md for the keys [mail] and [service] accept",
        )])
    })?;
    file.mail.validate().map_err(|e| {
        ProblemReport(vec![Problem::new(
            &path,
            0,
            format!("{e:#}"),
            "write it as `Name <name@example.org>` or `name@example.org`",
        )])
    })?;
    let mut service = file.service;
    let mut storage = file.storage;
    storage.validate().map_err(|e| {
        ProblemReport(vec![Problem::new(
            &path,
            0,
            format!("{e:#}"),
            "see docs/DEPLOYMENT.md, \"Where submissions are kept\"",
        )])
    })?;
    storage.check_tls(root).map_err(|(key, message, fix)| {
        ProblemReport(vec![Problem::new(&path, storage_key_line(&text, key), message, fix)])
    })?;
    service.storage = storage;
    service.trusted = parse_proxies(&service.trusted_proxies).map_err(|e| {
        ProblemReport(vec![Problem::new(
            &path,
            0,
            format!("{e:#}"),
            "write addresses or CIDR ranges, e.g. trusted_proxies = [\"127.0.0.1\", \"10.0.0.0/8\"]",
        )])
    })?;
    // The privacy notice renders `form_retention_days` as text, so it may be "30" or 30.
    service.retention_days = match &file.council.form_retention_days {
        None => None,
        Some(toml::Value::Integer(n)) if *n > 0 => Some(*n as u32),
        Some(toml::Value::String(s)) if s.trim().parse::<u32>().is_ok_and(|n| n > 0) => s.trim().parse().ok(),
        Some(other) => {
            return Err(ProblemReport(vec![Problem::new(
                &path,
                0,
                format!("[council] form_retention_days = {other} is not a number of days"),
                "write a whole number of days, e.g. form_retention_days = \"30\"",
            )])
            .into());
        }
    };
    Ok((file.mail, service))
}

/// `[service]` in config.toml: what the form service needs to know about where it runs.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub(crate) struct ServiceSettings {
    /// Addresses or CIDR ranges of reverse proxies whose `X-Forwarded-For` is believed, for
    /// the per-client rate limit. Empty (the default): the header is ignored, since any
    /// client can send it.
    pub(crate) trusted_proxies: Vec<String>,
    /// `/healthz` answers 503 when a submission has waited longer than this.
    pub(crate) pending_alert_minutes: f64,
    /// A client must send a request's headers within this time, and may pause a body this
    /// long between chunks (slow-client attacks hold a connection otherwise).
    pub(crate) header_timeout_secs: f64,
    pub(crate) body_idle_secs: f64,
    /// The most a whole request body may take, however steadily it trickles in.
    pub(crate) body_deadline_secs: f64,
    /// Where answers in progress are kept (owner-only files); relative paths are under the
    /// site root. Beside the outbox by default.
    pub(crate) sessions_dir: PathBuf,
    /// Forms in progress at once. At the cap, the sessions idle longest (30 minutes or more)
    /// make room; if none has been idle that long, new visitors get a polite "busy" page.
    /// Each costs disk, not memory: about 8 KiB (a folder and its record) and up to 12 MB
    /// of documents. Counted per instance. See docs/DEPLOYMENT.md, "Answers in progress".
    pub(crate) max_sessions: usize,
    #[serde(skip)]
    pub(crate) trusted: Vec<Cidr>,
    /// From `[council] form_retention_days`; `None` keeps receipts and failed submissions.
    #[serde(skip)]
    pub(crate) retention_days: Option<u32>,
    /// From `[storage]`, carried here so callers get one value for the service.
    #[serde(skip)]
    pub(crate) storage: StorageSettings,
}

/// Which backend keeps the outbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
#[value(rename_all = "lowercase")]
pub(crate) enum StorageBackend {
    /// A folder on the local disk (`[mail] outbox_dir`): one server, no setup.
    #[default]
    Files,
    /// A PostgreSQL database: containers, several instances, managed hosting.
    Postgres,
}

/// `[storage]` in config.toml.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub(crate) struct StorageSettings {
    pub(crate) backend: StorageBackend,
    /// The name of the environment variable holding the database URL
    /// (`postgresql://user:password@host/db`); never the URL itself, which holds a password.
    pub(crate) url_env: String,
    /// How long a claim on a submission lasts without news from its instance; a killed
    /// instance's work is taken over after this. It must outlast sending both of a
    /// submission's messages (two `[mail] timeout_secs`), or a slow but living instance
    /// could lose its claim and a message go twice.
    pub(crate) lease_secs: f64,
    /// Where answers in progress are kept, if not where `backend` says: `"files"` keeps them
    /// on each server's disk (`[service] sessions_dir`) while the outbox is in PostgreSQL, so
    /// a database outage costs families nothing between pages (but each family must stay
    /// on one instance).
    pub(crate) sessions: Option<StorageBackend>,
    /// Database connections each instance keeps open at most.
    pub(crate) pool_size: usize,
    /// The longest one database operation may take before it counts as failed (the
    /// family is then told nothing was sent and their answers are kept).
    pub(crate) timeout_secs: f64,
    /// TLS to the database. Managed PostgreSQL (Azure, RDS) requires it.
    pub(crate) tls: DbTls,
    /// PEM file of the certificate authorities to trust with `tls = "verify-full"`
    /// (relative paths under the site root); unset, the public (Mozilla) roots. RDS needs
    /// its own bundle here; Azure's certificates chain to public roots.
    pub(crate) ca_file: Option<PathBuf>,
}

/// `[storage] tls`: how the connection to the database is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum DbTls {
    /// Plain TCP: a database on the same machine or a private network only.
    #[default]
    Disable,
    /// Encrypted, but the server's certificate is not checked: protects against someone
    /// listening, not against someone impersonating the database.
    Require,
    /// Encrypted, and the certificate must be signed by a trusted authority (`ca_file`, or
    /// the public roots) and name the host in the URL.
    VerifyFull,
}

impl Default for StorageSettings {
    fn default() -> Self {
        StorageSettings {
            backend: StorageBackend::Files,
            sessions: None,
            url_env: "PORTH_DATABASE_URL".into(),
            lease_secs: 120.0,
            pool_size: 8,
            timeout_secs: 10.0,
            tls: DbTls::Disable,
            ca_file: None,
        }
    }
}

impl StorageSettings {
    fn validate(&self) -> Result<()> {
        if !(self.lease_secs > 0.0 && self.timeout_secs > 0.0 && self.pool_size > 0) {
            return Err(anyhow!("[storage] lease_secs, timeout_secs and pool_size must be more than 0"));
        }
        Ok(())
    }

    /// Checks `tls` and `ca_file` together, and resolves `ca_file` under the site root: a
    /// CA file that is missing or holds no certificate fails at start-up, not at the first
    /// connection. On error: the key at fault, what is wrong, and the fix.
    fn check_tls(&mut self, root: &Path) -> Result<(), (&'static str, String, String)> {
        let Some(ca) = &self.ca_file else { return Ok(()) };
        if self.tls != DbTls::VerifyFull {
            return Err((
                "ca_file",
                format!(
                    "[storage] ca_file is set but tls = \"{}\" does not check the database's certificate",
                    self.tls.as_str()
                ),
                "set tls = \"verify-full\" to check the certificate against ca_file, or remove ca_file".into(),
            ));
        }
        let path = root.join(ca);
        let fix = "give the PEM file of the authority that signed the database's certificate (-----BEGIN CERTIFICATE-----), e.g. the bundle your cloud provider publishes";
        ca_certificates(&path).map_err(|e| ("ca_file", format!("[storage] ca_file: {e:#}"), fix.to_string()))?;
        self.ca_file = Some(path);
        Ok(())
    }

    /// The database URL, from the environment variable `url_env` names.
    pub(crate) fn database_url(&self) -> Result<String> {
        match std::env::var(&self.url_env) {
            Ok(url) if !url.trim().is_empty() => Ok(url),
            _ => Err(anyhow!(
                "[storage] backend = \"postgres\" needs the database URL in the environment variable {} (e.g. postgresql://porth:PASSWORD@db.internal/porth); it is not set",
                self.url_env
            )),
        }
    }
}

impl DbTls {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            DbTls::Disable => "disable",
            DbTls::Require => "require",
            DbTls::VerifyFull => "verify-full",
        }
    }
}

/// The certificates in a PEM file (`[storage] ca_file`); an error if it holds none.
pub(crate) fn ca_certificates(path: &Path) -> Result<Vec<rustls::pki_types::CertificateDer<'static>>> {
    use rustls::pki_types::pem::PemObject;
    let bytes = std::fs::read(path).map_err(|e| anyhow!("`{}` cannot be read: {e}", path.display()))?;
    let certs = rustls::pki_types::CertificateDer::pem_slice_iter(&bytes)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| anyhow!("`{}` is not a PEM file of certificates: {e}", path.display()))?;
    if certs.is_empty() {
        return Err(anyhow!("`{}` holds no PEM certificate", path.display()));
    }
    Ok(certs)
}

/// The line of `key` inside `[storage]`, for errors found after parsing; the table's own
/// line if the key is not written there.
fn storage_key_line(text: &str, key: &str) -> usize {
    let Some(table) = text.find("[storage]") else { return 0 };
    let body = &text[table..];
    let end = body[1..].find("\n[").map(|i| i + 1).unwrap_or(body.len());
    let at = body[..end].lines().scan(0, |off, l| {
        let here = *off;
        *off += l.len() + 1;
        Some((here, l))
    });
    let found = at
        .filter(|(_, l)| l.trim_start().strip_prefix(key).is_some_and(|r| r.trim_start().starts_with('=')))
        .map(|(o, _)| o)
        .next();
    line_of(text, table + found.unwrap_or(0))
}

impl Default for ServiceSettings {
    fn default() -> Self {
        ServiceSettings {
            trusted_proxies: vec![],
            pending_alert_minutes: 60.0,
            header_timeout_secs: 10.0,
            body_idle_secs: 20.0,
            body_deadline_secs: 300.0,
            sessions_dir: "var/sessions".into(),
            max_sessions: 100_000,
            trusted: vec![],
            retention_days: None,
            storage: StorageSettings::default(),
        }
    }
}

/// An address range: `10.0.0.0/8`, `::1/128`, or one address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Cidr {
    net: std::net::IpAddr,
    bits: u8,
}

impl Cidr {
    pub(crate) fn contains(&self, ip: std::net::IpAddr) -> bool {
        use std::net::IpAddr;
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(ip),
            v4 => v4,
        };
        match (self.net, ip) {
            (IpAddr::V4(n), IpAddr::V4(a)) => {
                let mask = if self.bits == 0 { 0 } else { u32::MAX << (32 - u32::from(self.bits)) };
                u32::from(n) & mask == u32::from(a) & mask
            }
            (IpAddr::V6(n), IpAddr::V6(a)) => {
                let mask = if self.bits == 0 { 0 } else { u128::MAX << (128 - u32::from(self.bits)) };
                u128::from(n) & mask == u128::from(a) & mask
            }
            _ => false,
        }
    }
}

pub(crate) fn parse_proxies(list: &[String]) -> Result<Vec<Cidr>> {
    list.iter()
        .map(|s| {
            let (addr, bits) = match s.split_once('/') {
                Some((a, b)) => (a, Some(b)),
                None => (s.as_str(), None),
            };
            let net: std::net::IpAddr = addr
                .trim()
                .parse()
                .map_err(|_| anyhow!("[service] trusted_proxies: `{s}` is not an address or CIDR range"))?;
            let max = if net.is_ipv4() { 32 } else { 128 };
            let bits = match bits {
                Some(b) => b
                    .trim()
                    .parse::<u8>()
                    .ok()
                    .filter(|b| *b <= max)
                    .ok_or_else(|| anyhow!("[service] trusted_proxies: `{s}` has a bad prefix length"))?,
                None => max,
            };
            Ok(Cidr { net, bits })
        })
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub(crate) enum TransportKind {
    /// Write each message as an `.eml` file into `file_dir`: a newcomer sees real e-mails
    /// without a mail server.
    #[default]
    File,
    Smtp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub(crate) enum TlsMode {
    /// STARTTLS required (port 587).
    #[default]
    Starttls,
    /// TLS from the first byte (port 465).
    Tls,
    /// Plain text: only for a relay on the same machine, or tests.
    None,
}

/// `[mail]` in config.toml.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub(crate) struct MailSettings {
    /// The team inbox that receives submissions, unless the form file names its own.
    pub(crate) team_address: String,
    pub(crate) from_address: String,
    /// Where replies to the acknowledgement go; the form's team inbox if unset.
    pub(crate) reply_to: Option<String>,
    /// The right-hand side of Message-IDs; the from address's domain if unset.
    pub(crate) message_id_domain: Option<String>,
    /// Relative paths are under the site root.
    pub(crate) outbox_dir: PathBuf,
    pub(crate) transport: TransportKind,
    /// For `transport = "file"`.
    pub(crate) file_dir: PathBuf,
    pub(crate) host: String,
    /// Defaults by `tls`: 587, 465 or 25.
    pub(crate) port: Option<u16>,
    pub(crate) tls: TlsMode,
    pub(crate) username: Option<String>,
    /// The name of the environment variable holding the SMTP password; never the password.
    pub(crate) password_env: String,
    pub(crate) timeout_secs: f64,
    /// First wait after a failed send; doubles up to `retry_max_secs`, and never gives up.
    /// Kept short (seconds): a new submission also triggers a try at once, and when the
    /// server comes back nobody should wait long.
    pub(crate) retry_initial_secs: f64,
    pub(crate) retry_max_secs: f64,
    /// How often an idle worker looks for work put there by another process (`outbox retry`).
    pub(crate) poll_secs: f64,
    /// Submissions delivered at once, over the pooled SMTP connections. Also the most
    /// messages a hard kill can leave sent but unrecorded (re-sent after the restart).
    pub(crate) delivery_lanes: usize,
}

impl Default for MailSettings {
    fn default() -> Self {
        MailSettings {
            team_address: "team@example.invalid".into(),
            from_address: "Porth <no-reply@example.invalid>".into(),
            reply_to: None,
            message_id_domain: None,
            outbox_dir: "var/outbox".into(),
            transport: TransportKind::File,
            file_dir: "var/mail".into(),
            host: "localhost".into(),
            port: None,
            tls: TlsMode::Starttls,
            username: None,
            password_env: "PORTH_SMTP_PASSWORD".into(),
            timeout_secs: 30.0,
            retry_initial_secs: 1.0,
            retry_max_secs: 5.0,
            poll_secs: 10.0,
            delivery_lanes: 4,
        }
    }
}

impl MailSettings {
    pub(crate) fn message_id_domain(&self) -> Result<String> {
        if let Some(d) = &self.message_id_domain {
            return Ok(d.clone());
        }
        let from: Mailbox =
            self.from_address.parse().map_err(|e| anyhow!("[mail] from_address `{}`: {e}", self.from_address))?;
        Ok(from.email.domain().to_string())
    }

    /// Checks the addresses once, at start-up, so a typo fails loudly instead of in the worker.
    pub(crate) fn validate(&self) -> Result<()> {
        let mut addrs = vec![("team_address", Some(&self.team_address)), ("from_address", Some(&self.from_address))];
        addrs.push(("reply_to", self.reply_to.as_ref()));
        for (name, value) in addrs {
            if let Some(v) = value {
                v.parse::<Mailbox>().map_err(|e| anyhow!("[mail] {name} = `{v}` is not an e-mail address: {e}"))?;
            }
        }
        self.message_id_domain()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mail_settings_reject_unknown_keys_and_bad_addresses() {
        let parsed: Result<MailSettings, _> = toml::from_str("password = \"hunter2\"");
        assert!(parsed.is_err(), "a password in config.toml is refused; use password_env");
        let s: MailSettings = toml::from_str("transport = \"smtp\"\ntls = \"tls\"\nhost = \"mail.example\"").unwrap();
        assert_eq!((s.transport, s.tls), (TransportKind::Smtp, TlsMode::Tls));
        let bad = MailSettings { team_address: "not an address".into(), ..MailSettings::default() };
        assert!(bad.validate().unwrap_err().to_string().contains("team_address"));
    }

    #[test]
    fn storage_defaults_to_files_and_takes_the_url_from_the_environment_only() {
        let s: StorageSettings = toml::from_str("").unwrap();
        assert_eq!(s.backend, StorageBackend::Files);
        let s: StorageSettings =
            toml::from_str("backend = \"postgres\"\nurl_env = \"PORTH_TEST_NO_SUCH_URL\"").unwrap();
        assert_eq!(s.backend, StorageBackend::Postgres);
        assert!(s.database_url().unwrap_err().to_string().contains("PORTH_TEST_NO_SUCH_URL"));
        let with_url: Result<StorageSettings, _> = toml::from_str("url = \"postgresql://porth:secret@db/porth\"");
        assert!(with_url.is_err(), "a URL (and its password) in config.toml is refused; use url_env");
    }

    #[test]
    fn a_wrong_database_tls_setting_names_config_toml_its_line_and_the_fix() {
        let dir = tempfile::tempdir().unwrap();
        let load_with = |storage: &str| {
            std::fs::write(
                dir.path().join("config.toml"),
                format!("base_url = \"x\"\n\n[storage]\nbackend = \"postgres\"\n{storage}\n\n[service]\n"),
            )
            .unwrap();
            load_all(dir.path()).map(|(_, s)| s.storage)
        };
        let problem =
            |storage: &str| load_with(storage).err().unwrap().downcast::<ProblemReport>().unwrap().0.remove(0);

        let p = problem("tls = \"verify_full\"");
        assert_eq!(p.line, 5);
        assert!(p.message.contains("verify-full"), "the message lists the values: {}", p.message);

        let p = problem("tls = \"require\"\nca_file = \"ca.pem\"");
        assert_eq!(p.line, 6, "the line of ca_file");
        assert!(p.fix.contains("tls = \"verify-full\""), "{}", p.fix);

        let p = problem("tls = \"verify-full\"\nca_file = \"missing.pem\"");
        assert_eq!(p.line, 6);
        assert!(p.message.contains("missing.pem") && p.message.contains("cannot be read"), "{}", p.message);

        std::fs::write(dir.path().join("not-a-cert.pem"), "postgresql://porth:secret@db/porth\n").unwrap();
        let p = problem("tls = \"verify-full\"\nca_file = \"not-a-cert.pem\"");
        assert!(p.message.contains("no PEM certificate"), "{}", p.message);
        assert!(p.fix.contains("BEGIN CERTIFICATE"), "{}", p.fix);

        let s = load_with("").unwrap();
        assert_eq!((s.tls, s.ca_file), (DbTls::Disable, None), "plain TCP unless asked, as before");
    }

    #[test]
    fn trusted_proxies_are_addresses_and_ranges() {
        let c = parse_proxies(&["10.0.0.0/8".into(), "127.0.0.1".into(), "::1".into()]).unwrap();
        assert!(c[0].contains("10.2.3.4".parse().unwrap()) && !c[0].contains("11.0.0.1".parse().unwrap()));
        assert!(c[1].contains("127.0.0.1".parse().unwrap()) && !c[1].contains("127.0.0.2".parse().unwrap()));
        assert!(c[1].contains("::ffff:127.0.0.1".parse().unwrap()), "IPv4-mapped addresses match IPv4 ranges");
        assert!(c[2].contains("::1".parse().unwrap()));
        assert!(parse_proxies(&["10.0.0.0/33".into()]).is_err() && parse_proxies(&["proxy.local".into()]).is_err());
    }

    #[test]
    fn a_mistake_in_mail_names_config_toml_and_its_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("config.toml"), "base_url = \"x\"\n\n[mail]\nteam_adress = \"a@b.test\"\n")
            .unwrap();
        let e = load(dir.path()).unwrap_err().downcast::<ProblemReport>().unwrap();
        assert_eq!(e.0[0].line, 4);
        assert!(e.0[0].message.contains("team_adress"), "{}", e.0[0].message);
    }
}
