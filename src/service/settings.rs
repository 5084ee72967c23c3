//! `[mail]` in config.toml: where the form service keeps its outbox and how it sends
//! e-mail. The generator's `Config` carries the table unread; this module gives it a type,
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
}

/// Reads `[mail]` from `root/config.toml`, with the file and line of any mistake.
pub(crate) fn load(root: &Path) -> Result<MailSettings> {
    let path = root.join("config.toml");
    let text = crate::fsx::read_to_string(&path)?;
    let file: ServiceFile = toml::from_str(&text).map_err(|e| {
        let line = e.span().map(|s| line_of(&text, s.start)).unwrap_or(0);
        ProblemReport(vec![Problem::new(&path, line, e.message().trim().to_string(), "see README.md, section \"Configuration\", for the keys [mail] accepts")])
    })?;
    file.mail.validate().map_err(|e| ProblemReport(vec![Problem::new(&path, 0, format!("{e:#}"), "write it as `Name <name@example.org>` or `name@example.org`")]))?;
    Ok(file.mail)
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
    pub(crate) retry_initial_secs: f64,
    pub(crate) retry_max_secs: f64,
    /// How often an idle worker looks for work put there by another process (`outbox retry`).
    pub(crate) poll_secs: f64,
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
            retry_initial_secs: 30.0,
            retry_max_secs: 1800.0,
            poll_secs: 60.0,
        }
    }
}

impl MailSettings {
    pub(crate) fn message_id_domain(&self) -> Result<String> {
        if let Some(d) = &self.message_id_domain {
            return Ok(d.clone());
        }
        let from: Mailbox = self.from_address.parse().map_err(|e| anyhow!("[mail] from_address `{}`: {e}", self.from_address))?;
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
    fn a_mistake_in_mail_names_config_toml_and_its_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("config.toml"), "base_url = \"x\"\n\n[mail]\nteam_adress = \"a@b.test\"\n").unwrap();
        let e = load(dir.path()).unwrap_err().downcast::<ProblemReport>().unwrap();
        assert_eq!(e.0[0].line, 4);
        assert!(e.0[0].message.contains("team_adress"), "{}", e.0[0].message);
    }
}
