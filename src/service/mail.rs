//! E-mail for the form service: the `[mail]` settings, the transport (an `.eml` folder by
//! default, SMTP in production), and the two messages each submission produces: the team's
//! copy with every answer and file, and the sender's acknowledgement in their language.
//!
//! The team e-mail is bilingual, Welsh first: caseworkers may work in either language, the
//! labels come from the same strings as the form so both are always there, and Welsh
//! first is how the council sets out bilingual documents. The sender's answers are shown
//! as written, with the language they used, so the team knows to reply in Welsh (Welsh
//! Language Standard 1). A one-language site (an English council's) sends both messages in
//! that language only.

use crate::forms::FormId;
use crate::lang::Lang;
use crate::service::settings::{MailSettings, TlsMode, TransportKind};
use crate::service::submission::Submission;
use crate::site::config::Config;
use crate::site::i18n::Arg;
use crate::site::render::Renderer;
use anyhow::{Context as _, Result, bail};
use lettre::Message;
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::TlsParameters;
use serde::Serialize;
use smtp::SmtpPool;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

mod calendar;
mod smtp;

/// Fluent keys this module asks for by name (templates' own keys are found by `porth check`).
pub(crate) const I18N_KEYS: &[&str] = &[
    "email-team-subject-due",
    "email-team-subject-reply-cy",
    "email-team-subject-reply-en",
    "email-team-subject-suspect",
    "email-team-due-uncounted",
    "email-team-reference",
    "email-team-form",
    "email-team-concerns",
    "email-team-route",
    "email-team-submitted",
    "email-team-due",
    "email-team-reply-language",
    "email-team-lang-cy",
    "email-team-lang-en",
    "email-team-reply-in-welsh",
    "email-team-attached",
    "email-team-json",
    "email-team-calendar",
    "email-ack-subject",
];

/// The Message-ID of one of a submission's messages. Stable, so a message re-sent after a
/// crash is recognisable as the same one.
pub(crate) fn message_id(reference: &crate::service::reference::Reference, which: Which, domain: &str) -> String {
    format!("<{reference}.{}@{domain}>", which.as_str())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Which {
    Team,
    Ack,
}

impl Which {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Which::Team => "team",
            Which::Ack => "ack",
        }
    }
}

/// Why a send failed. The text is safe to log: a status code or a network error, never
/// the server's reply, which can quote an address.
#[derive(Debug)]
pub(crate) enum SendError {
    /// Server down, timeout, 4xx: try again later.
    Transient { log: String, detail: String },
    /// 5xx: retrying the same message will not help; a person must look.
    Permanent { log: String, detail: String },
}

#[derive(Clone)]
pub(crate) enum Mailer {
    /// Each message as `<folder>/<REF>-team.eml` or `<REF>-ack.eml`: with no mail server,
    /// a newcomer (or a test) can tell the team's copy from the acknowledgement by its name.
    File(PathBuf),
    Smtp(SmtpPool),
}

/// `ADY-7K3M-Q9PX-team.eml` from a Message-ID `<ADY-7K3M-Q9PX.team@domain>`.
fn eml_name(message: &Message) -> String {
    let id = message.headers().get_raw("Message-ID").unwrap_or_default();
    let local = id.trim().trim_start_matches('<').split('@').next().unwrap_or_default();
    let safe: String = local.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '-' }).collect();
    format!("{}.eml", if safe.is_empty() { "message".to_string() } else { safe })
}

impl Mailer {
    /// Where the message went, for the log: the file, or "SMTP".
    pub(crate) fn describe(&self) -> &'static str {
        match self {
            Mailer::File(_) => "written to a file in [mail] file_dir (no SMTP server is configured)",
            Mailer::Smtp(_) => "accepted by the SMTP server",
        }
    }

    /// The transport `[mail]` asks for. The SMTP password comes from the environment
    /// variable named by `password_env`.
    pub(crate) fn from_settings(settings: &MailSettings, root: &Path) -> Result<Mailer> {
        match settings.transport {
            TransportKind::File => {
                let dir = root.join(&settings.file_dir);
                crate::fsx::create_dir_all(&dir)?;
                Ok(Mailer::File(dir))
            }
            TransportKind::Smtp => {
                let host = settings.host.as_str();
                let default_port = match settings.tls {
                    TlsMode::None => 25,
                    TlsMode::Starttls => 587,
                    TlsMode::Tls => 465,
                };
                let tls = match settings.tls {
                    TlsMode::None => None,
                    TlsMode::Starttls | TlsMode::Tls => {
                        Some(TlsParameters::new(host.into()).with_context(|| format!("TLS settings for `{host}`"))?)
                    }
                };
                let credentials = match &settings.username {
                    Some(user) => {
                        let password = std::env::var(&settings.password_env).with_context(|| {
                            format!(
                                "[mail] username is set, so the SMTP password must be in the environment variable {}",
                                settings.password_env
                            )
                        })?;
                        Some(Credentials::new(user.clone(), password))
                    }
                    None => None,
                };
                let timeout = Duration::from_secs_f64(settings.timeout_secs);
                Ok(Mailer::Smtp(SmtpPool::new(
                    host,
                    settings.port.unwrap_or(default_port),
                    settings.tls,
                    tls,
                    credentials,
                    timeout,
                )))
            }
        }
    }

    pub(crate) async fn send(&self, message: Message) -> Result<(), SendError> {
        match self {
            Mailer::File(dir) => {
                let path = dir.join(eml_name(&message));
                let bytes = message.formatted();
                tokio::task::spawn_blocking(move || crate::fsx::write(&path, bytes))
                    .await
                    .map_err(|e| SendError::Transient {
                        log: format!("could not write the e-mail file: {e}"),
                        detail: e.to_string(),
                    })?
                    .map_err(|e| SendError::Transient {
                        log: format!("could not write the e-mail file: {e:#}"),
                        detail: format!("{e:#}"),
                    })
            }
            Mailer::Smtp(pool) => pool.send(message.envelope(), &message.formatted()).await,
        }
    }
}

/// Builds the messages: strings from Fluent, bodies from `templates/email/*.{txt,html}`.
#[derive(Clone)]
pub(crate) struct Composer {
    renderer: Arc<Renderer>,
    pub(crate) settings: MailSettings,
    council: BTreeMap<Lang, BTreeMap<String, String>>,
    /// The site's config, for the team that answers each form (`[contacts]`).
    config: Arc<Config>,
    domain: String,
    /// The site's languages, first the one a one-language site writes in.
    langs: Vec<Lang>,
}

/// One answer with its label in both languages.
#[derive(Serialize)]
struct Row {
    label_cy: String,
    label_en: String,
    /// In the site's language, for a one-language site's e-mail.
    label: String,
    value: String,
}

#[derive(Serialize)]
struct Section {
    title_cy: String,
    title_en: String,
    title: String,
    rows: Vec<Row>,
}

/// One statutory date of a form with several clocks, as the team e-mail lists it.
#[derive(Serialize)]
struct DueRow {
    date: String,
    rule: String,
    date_cy: String,
    date_en: String,
    rule_cy: String,
    rule_en: String,
}

/// A clock that applies but could not be counted, as the team e-mail tells it.
#[derive(Serialize)]
struct UncountedRow {
    text: String,
    text_cy: String,
    text_en: String,
}

/// A line of the team e-mail's summary.
#[derive(Serialize)]
struct SummaryRow {
    /// In Welsh on a bilingual site (then `label_en` is the English), else the site's language.
    label: String,
    label_en: Option<String>,
    lines: Vec<String>,
}

/// The JSON attachment, as docs/submission.schema.json publishes it. Fields in
/// alphabetical order: the order the attachment has always had (serde_json's maps sort
/// their keys), so an importer comparing files sees no change.
#[derive(Serialize)]
struct HandOff<'a> {
    answers: &'a serde_json::Value,
    attachments: Vec<HandOffFile<'a>>,
    concerns: &'a [String],
    due: Option<String>,
    form: &'a FormId,
    lang: Lang,
    reference: &'a crate::service::reference::Reference,
    reply_lang: Lang,
    schema_version: u32,
    sender_email: Option<&'a str>,
    submitted_at: String,
}

/// One attached file in the JSON: its name in the e-mail, as uploaded, type and size.
#[derive(Serialize)]
struct HandOffFile<'a> {
    bytes: usize,
    content_type: &'a str,
    file_name: &'a str,
    original_name: &'a str,
}

#[derive(Serialize)]
struct FileRow {
    name: String,
    size: String,
}

impl Composer {
    pub(crate) fn new(config: &Config, settings: &MailSettings, renderer: Arc<Renderer>) -> Result<Composer> {
        settings.validate()?;
        let council = config.langs.iter().map(|&l| (l, config.council_for(l))).collect();
        Ok(Composer {
            renderer,
            settings: settings.clone(),
            council,
            config: Arc::new(config.clone()),
            domain: settings.message_id_domain()?,
            langs: config.langs.clone(),
        })
    }

    fn t(&self, lang: Lang, key: &str, args: &[(&str, Arg)]) -> Result<String> {
        Ok(self.renderer.i18n.t(lang, key, args)?)
    }

    /// A label the forms define. A missing one is an error like any other string's, never
    /// its key in the e-mail: the submission stays in the outbox, the log names the key,
    /// and `porth check` reports it before a deploy.
    fn label(&self, lang: Lang, key: &str) -> Result<String> {
        self.t(lang, key, &[])
    }

    fn form_name(&self, lang: Lang, form: &FormId) -> Result<String> {
        self.t(lang, &format!("email-form-{form}"), &[])
    }

    /// The team inbox for a submission: the form's own, as it was when accepted, else
    /// `[mail] team_address`.
    fn team_address<'a>(&'a self, s: &'a Submission) -> &'a str {
        s.team_address.as_deref().unwrap_or(&self.settings.team_address)
    }

    /// The team subject in one language, without the reference: the form, and the due date.
    fn subject(&self, lang: Lang, s: &Submission) -> Result<String> {
        let form = self.form_name(lang, &s.form)?;
        match s.due {
            Some(due) => self.t(
                lang,
                "email-team-subject-due",
                &[("form", Arg::Str(form)), ("due", Arg::Str(crate::site::dates::date(lang, due)))],
            ),
            None => Ok(form),
        }
    }

    /// When it arrived, in UK time with the zone named: "7 December 2026, 9:05am GMT". A
    /// submission stored with another offset (or before the service dated them in UK time)
    /// is shown at the same instant in the UK, as the team reads every other time.
    fn submitted(lang: Lang, at: time::OffsetDateTime) -> String {
        let uk = crate::clock::uk_offset_time(at);
        let zone = if uk.offset().is_utc() { "GMT" } else { "BST" };
        format!("{}, {} {zone}", crate::site::dates::date(lang, uk.date()), crate::site::dates::time(uk.time()))
    }

    /// The language of a one-language site; `None` for a bilingual one.
    fn single(&self) -> Option<Lang> {
        (self.langs.len() == 1).then(|| self.langs[0])
    }

    /// The dates of a form with several clocks (`due_dates` in the answers), each with its rule.
    fn due_rows(&self, s: &Submission) -> Result<Vec<DueRow>> {
        let one = self.single().unwrap_or(Lang::En);
        let list = s.data.get("due_dates").and_then(|d| d.as_array()).cloned().unwrap_or_default();
        let mut rows = vec![];
        for d in &list {
            let date = d
                .get("date")
                .and_then(|d| d.as_str())
                .and_then(|d| time::Date::parse(d, time::macros::format_description!("[year]-[month]-[day]")).ok());
            let (Some(date), Some(rule)) = (date, d.get("rule").and_then(|r| r.as_str())) else { continue };
            let bilingual = self.single().is_none();
            let (cy_date, cy_rule) = if bilingual {
                (crate::site::dates::date(Lang::Cy, date), self.label(Lang::Cy, rule)?)
            } else {
                Default::default()
            };
            rows.push(DueRow {
                date: crate::site::dates::date(one, date),
                rule: self.label(one, rule)?,
                date_cy: cy_date,
                date_en: crate::site::dates::date(Lang::En, date),
                rule_cy: cy_rule,
                rule_en: self.label(Lang::En, rule)?,
            });
        }
        Ok(rows)
    }

    /// The clocks that apply but could not be counted (`due_uncounted` in the answers: a
    /// school-day date past the council's last listed term): the team is told to count each
    /// by hand, so a statutory date is never silently missing.
    fn uncounted_rows(&self, s: &Submission) -> Result<Vec<UncountedRow>> {
        let one = self.single().unwrap_or(Lang::En);
        let list = s.data.get("due_uncounted").and_then(|d| d.as_array()).cloned().unwrap_or_default();
        let mut rows = vec![];
        for u in &list {
            let end = u
                .get("terms_end")
                .and_then(|d| d.as_str())
                .and_then(|d| time::Date::parse(d, time::macros::format_description!("[year]-[month]-[day]")).ok());
            let (Some(end), Some(rule)) = (end, u.get("rule").and_then(|r| r.as_str())) else { continue };
            let say = |lang: Lang| {
                self.t(
                    lang,
                    "email-team-due-uncounted",
                    &[
                        ("rule", Arg::Str(self.label(lang, rule)?)),
                        ("end", Arg::Str(crate::site::dates::date(lang, end))),
                    ],
                )
            };
            let text_cy = if self.single().is_none() { say(Lang::Cy)? } else { String::new() };
            rows.push(UncountedRow { text: say(one)?, text_cy, text_en: say(Lang::En)? });
        }
        Ok(rows)
    }

    /// The team's copy: a summary, every answer, the statutory dates as calendar entries,
    /// the structured JSON, and the uploaded files.
    pub(crate) fn team(&self, s: &Submission) -> Result<Message> {
        let (ctx, sections) = match self.single() {
            Some(lang) => self.team_in(s, lang)?,
            None => self.team_bilingual(s)?,
        };
        let subject = self.team_subject(s)?;
        let template = if self.single().is_some() { "email/team-single" } else { "email/team" };
        self.team_message(s, ctx, sections, subject, template)
    }

    /// The team subject. No personal data: it shows in inbox lists and notifications. It
    /// says which language to answer in (the one the sender asked for, else the one they
    /// used: Welsh Language Standards), and flags a suspected bot before anything else. A
    /// one-language site answers in its language; its subject says otherwise only when the
    /// sender asked for another.
    fn team_subject(&self, s: &Submission) -> Result<String> {
        let mut subject = match self.single() {
            Some(lang) => {
                let mut subject = format!("{}: {}", s.reference, self.subject(lang, s)?);
                if let Some(reply) = s.reply_lang.filter(|&r| r != lang) {
                    let reply = self.t(lang, &format!("email-team-subject-reply-{}", reply.code()), &[])?;
                    subject = format!("{subject} ({reply})");
                }
                subject
            }
            None => {
                let reply_key = format!("email-team-subject-reply-{}", s.reply_lang.unwrap_or(s.lang).code());
                format!(
                    "{}: {} / {} ({} / {})",
                    s.reference,
                    self.subject(Lang::Cy, s)?,
                    self.subject(Lang::En, s)?,
                    self.t(Lang::Cy, &reply_key, &[])?,
                    self.t(Lang::En, &reply_key, &[])?
                )
            }
        };
        if s.suspect {
            subject =
                format!("[{}] {subject}", self.both(|l| self.t(l, "email-team-subject-suspect", &[]))?.join(" / "));
        }
        Ok(subject)
    }

    /// A text in each of the site's languages, Welsh first.
    fn both(&self, f: impl Fn(Lang) -> Result<String>) -> Result<Vec<String>> {
        match self.single() {
            Some(lang) => Ok(vec![f(lang)?]),
            None => Ok(vec![f(Lang::Cy)?, f(Lang::En)?]),
        }
    }

    /// One line of the team e-mail's summary: the label in each language, and the value's
    /// lines (each "Cymraeg / English" where it is a choice or a date on a bilingual site).
    fn summary_row(&self, key: &str, lines: Vec<String>) -> Result<SummaryRow> {
        let labels = self.both(|l| self.t(l, key, &[]))?;
        Ok(SummaryRow { label: labels[0].clone(), label_en: labels.get(1).cloned(), lines })
    }

    /// An answer as the team reads it: on a bilingual site a choice or a date in both
    /// languages ("Ydy / Yes"), free text as typed.
    fn value(&self, r: &crate::service::submission::AnswerRow) -> String {
        let (Some(cy), Some(en), None) = (r.translated.get(&Lang::Cy), r.translated.get(&Lang::En), self.single())
        else {
            return r.value.clone();
        };
        if cy == en {
            return cy.clone();
        }
        // Checkboxes: one choice a line, each in both languages.
        let (cy, en): (Vec<&str>, Vec<&str>) = (cy.lines().collect(), en.lines().collect());
        if cy.len() != en.len() {
            return format!("{} / {}", cy.join("\n"), en.join("\n"));
        }
        cy.iter()
            .zip(en)
            .map(|(c, e)| if *c == e { c.to_string() } else { format!("{c} / {e}") })
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Each clock that applies as an all-day calendar entry, titled in the team's
    /// language(s): "EHC-7K3M-Q9PX: decide whether to assess (reg 5(1))". The UID is the
    /// reference and the clock, so a message sent again updates the entries.
    fn events(&self, s: &Submission) -> Result<Vec<calendar::Event>> {
        let list = s.data.get("due_dates").and_then(|d| d.as_array()).cloned().unwrap_or_default();
        let mut dues: Vec<(String, time::Date, String)> = list
            .iter()
            .filter_map(|d| {
                let date = time::Date::parse(
                    d.get("date")?.as_str()?,
                    time::macros::format_description!("[year]-[month]-[day]"),
                )
                .ok()?;
                Some((d.get("clock")?.as_str()?.to_string(), date, d.get("rule")?.as_str()?.to_string()))
            })
            .collect();
        if dues.is_empty()
            && let (Some(date), Some(rule)) = (s.due, &s.due_key)
        {
            dues.push((crate::forms::model::DEFAULT_CLOCK.to_string(), date, rule.clone()));
        }
        dues.into_iter()
            .map(|(clock, date, rule)| {
                // A missing string is an error like any label's (`Composer::label`); `porth
                // check` reports it before a deploy.
                let what = self.both(|l| self.label(l, &format!("{rule}-event")))?.join(" / ");
                let description = self.both(|l| self.label(l, &rule))?.join("\n\n");
                Ok(calendar::Event {
                    uid: format!("{}.{clock}@{}", s.reference, self.domain),
                    date,
                    summary: format!("{}: {what}", s.reference),
                    description,
                })
            })
            .collect()
    }

    /// The summary the team e-mail starts with: what it is, whom it is about, which route,
    /// what is due when, in which language to reply, and what is attached.
    fn summary(&self, s: &Submission) -> Result<Vec<SummaryRow>> {
        let mut rows = vec![self.summary_row("email-team-reference", vec![s.reference.to_string()])?];
        let form = self.both(|l| self.form_name(l, &s.form))?;
        rows.push(self.summary_row("email-team-form", vec![form.join(" / ")])?);
        if !s.concerns.is_empty() {
            rows.push(self.summary_row("email-team-concerns", s.concerns.clone())?);
        }
        if !s.route.is_empty() {
            rows.push(self.summary_row("email-team-route", s.route.iter().map(|r| self.value(r)).collect())?);
        }
        rows.push(self.summary_row(
            "email-team-submitted",
            vec![self.both(|l| Ok(Self::submitted(l, s.submitted_at)))?.join(" / ")],
        )?);
        let dues = self.due_rows(s)?;
        if !dues.is_empty() {
            for d in dues {
                let line = match self.single() {
                    Some(_) => format!("{} ({})", d.date, d.rule),
                    None => format!("{} / {} ({} / {})", d.date_cy, d.date_en, d.rule_cy, d.rule_en),
                };
                rows.push(self.summary_row("email-team-due", vec![line])?);
            }
        } else if let Some(due) = s.due {
            let line = self.both(|l| {
                let date = crate::site::dates::date(l, due);
                Ok(match &s.due_key {
                    Some(k) => format!("{date} ({})", self.label(l, k)?),
                    None => date,
                })
            })?;
            rows.push(self.summary_row("email-team-due", vec![line.join(" / ")])?);
        }
        for u in self.uncounted_rows(s)? {
            let lines = match self.single() {
                Some(_) => vec![u.text],
                None => vec![u.text_cy, u.text_en],
            };
            rows.push(self.summary_row("email-team-due", lines)?);
        }
        let reply = s.reply_lang.unwrap_or(s.lang);
        let mut lines = vec![self.both(|l| self.t(l, &format!("email-team-lang-{}", reply.code()), &[]))?.join(" / ")];
        if reply == Lang::Cy && self.single().is_none() {
            lines.extend(self.both(|l| self.t(l, "email-team-reply-in-welsh", &[]))?);
        }
        rows.push(self.summary_row("email-team-reply-language", lines)?);
        let mut files =
            vec![format!("{}.json ({})", s.reference, self.both(|l| self.t(l, "email-team-json", &[]))?.join(" / "))];
        if !self.events(s)?.is_empty() {
            files.push(format!(
                "{}.ics ({})",
                s.reference,
                self.both(|l| self.t(l, "email-team-calendar", &[]))?.join(" / ")
            ));
        }
        for (i, a) in s.attachments.iter().enumerate() {
            files.push(format!("{} ({})", safe_file_name(&s.reference, i, &a.file_name), human_size(a.bytes.len())));
        }
        rows.push(self.summary_row("email-team-attached", files)?);
        Ok(rows)
    }

    /// The answers as sections, leaving out any with no answers (a route that skipped
    /// them). A section about one of several children says which; a team may title a
    /// section by whose details it holds (`<section key>-team`, e.g. "The person asking"
    /// where the form says "About you").
    fn sections(&self, s: &Submission) -> Result<Vec<Section>> {
        // On a one-language site only its own language is asked for (`title`, `label`); on
        // a bilingual one, Welsh and English as well (`_cy`, `_en`).
        let bilingual = self.single().is_none();
        let one = self.single().unwrap_or(Lang::Cy);
        let both = |f: &dyn Fn(Lang) -> Result<String>, lang: Lang| if bilingual { f(lang) } else { Ok(String::new()) };
        s.sections
            .iter()
            .filter(|sec| !sec.rows.is_empty())
            .map(|sec| {
                let title = |lang: Lang| -> Result<String> {
                    let team_key = format!("{}-team", sec.title_key);
                    let key = if self.renderer.i18n.has(lang, &team_key) { &team_key } else { &sec.title_key };
                    let title = self.label(lang, key)?;
                    Ok(match &sec.subject {
                        Some(who) => format!("{title} {who}"),
                        None => title,
                    })
                };
                Ok(Section {
                    title_cy: both(&title, Lang::Cy)?,
                    title_en: both(&title, Lang::En)?,
                    title: title(one)?,
                    rows: sec
                        .rows
                        .iter()
                        .map(|r| {
                            // The form asks "Your name"; the team reads whose it is
                            // (`<label>-team`, "Parent's or carer's full name") where the
                            // strings give one.
                            let label = |lang: Lang| {
                                let team_key = format!("{}-team", r.label_key);
                                self.label(
                                    lang,
                                    if self.renderer.i18n.has(lang, &team_key) { &team_key } else { &r.label_key },
                                )
                            };
                            Ok(Row {
                                label_cy: both(&label, Lang::Cy)?,
                                label_en: both(&label, Lang::En)?,
                                label: label(one)?,
                                value: self.value(r),
                            })
                        })
                        .collect::<Result<_>>()?,
                })
            })
            .collect()
    }

    /// The team's copy on a one-language site: the same, in that language only.
    fn team_in(&self, s: &Submission, lang: Lang) -> Result<(tera::Context, Vec<Section>)> {
        let mut ctx = tera::Context::new();
        ctx.insert("lang", lang.code());
        Ok((ctx, self.sections(s)?))
    }

    /// The team's copy on a bilingual site: Welsh first, then English.
    fn team_bilingual(&self, s: &Submission) -> Result<(tera::Context, Vec<Section>)> {
        let mut ctx = tera::Context::new();
        ctx.insert("lang", "cy");
        Ok((ctx, self.sections(s)?))
    }

    /// What both team e-mails share: the answers, the dates, the JSON and the files.
    fn team_message(
        &self,
        s: &Submission,
        mut ctx: tera::Context,
        sections: Vec<Section>,
        subject: String,
        template: &str,
    ) -> Result<Message> {
        let files: Vec<(String, &crate::service::submission::Attachment)> =
            s.attachments.iter().enumerate().map(|(i, a)| (safe_file_name(&s.reference, i, &a.file_name), a)).collect();
        let json_name = format!("{}.json", s.reference);
        ctx.insert("reference", s.reference.as_str());
        ctx.insert("summary", &self.summary(s)?);
        ctx.insert("has_email", &s.sender_email.is_some());
        ctx.insert("suspect", &s.suspect);
        ctx.insert("sections", &sections);
        ctx.insert(
            "files",
            &files
                .iter()
                .map(|(name, a)| FileRow { name: name.clone(), size: human_size(a.bytes.len()) })
                .collect::<Vec<_>>(),
        );
        ctx.insert("json_name", &json_name);
        let text = self.renderer.render(&format!("{template}.txt"), &ctx)?;
        let html = self.renderer.render(&format!("{template}.html"), &ctx)?;
        // Its shape is published as docs/submission.schema.json (version 1): an importer
        // relies on it, so a breaking change bumps `schema_version`.
        let json = serde_json::to_vec_pretty(&HandOff {
            schema_version: 1,
            reference: &s.reference,
            form: &s.form,
            lang: s.lang,
            reply_lang: s.reply_lang.unwrap_or(s.lang),
            concerns: &s.concerns,
            submitted_at: s.submitted_at.format(&time::format_description::well_known::Rfc3339)?,
            due: s.due.map(|d| d.to_string()),
            sender_email: s.sender_email.as_deref(),
            answers: &s.data,
            attachments: files
                .iter()
                .map(|(name, a)| HandOffFile {
                    file_name: name,
                    original_name: &a.file_name,
                    content_type: &a.content_type,
                    bytes: a.bytes.len(),
                })
                .collect(),
        })?;
        let mut mixed = MultiPart::mixed()
            .multipart(MultiPart::alternative_plain_html(text, html))
            // Base64: pretty JSON has bare LFs, and a 7bit part with long LF-only lines is refused
            // by strict servers ("500 Line too long").
            .singlepart(
                Attachment::new(json_name).body(
                    lettre::message::Body::new_with_encoding(
                        json,
                        lettre::message::header::ContentTransferEncoding::Base64,
                    )
                    .expect("base64 takes any bytes"),
                    ContentType::parse("application/json").expect("valid"),
                ),
            );
        let events = self.events(s)?;
        if !events.is_empty() {
            let ics = calendar::calendar(&events, s.submitted_at);
            mixed = mixed.singlepart(
                Attachment::new(format!("{}.ics", s.reference)).body(
                    lettre::message::Body::new_with_encoding(
                        ics.into_bytes(),
                        lettre::message::header::ContentTransferEncoding::Base64,
                    )
                    .expect("base64 takes any bytes"),
                    ContentType::parse("text/calendar; method=PUBLISH; charset=utf-8").expect("valid"),
                ),
            );
        }
        for (name, a) in &files {
            mixed = mixed.singlepart(
                Attachment::new(name.clone()).body(
                    lettre::message::Body::new_with_encoding(
                        a.bytes.clone(),
                        lettre::message::header::ContentTransferEncoding::Base64,
                    )
                    .expect("base64 takes any bytes"),
                    safe_content_type(&a.content_type),
                ),
            );
        }
        let to = self.team_address(s);
        let mut builder = self
            .builder(s, Which::Team, subject)?
            .to(to.parse().with_context(|| format!("[mail] team address `{to}`"))?);
        // Reply goes to the sender, never to the council's own sending address. Only an
        // address the form validated, parsed again so nothing else reaches a header; not for
        // a suspected bot, which could otherwise aim the team's replies anywhere.
        if let (Some(addr), false) = (&s.sender_email, s.suspect)
            && let Ok(sender) = addr.parse::<Mailbox>()
        {
            builder = builder.reply_to(sender);
        }
        builder.multipart(mixed).context("building the team e-mail")
    }

    /// The sender's acknowledgement, in the language they asked to be written to in (else
    /// the one they used): the reference, what
    /// happens next and how to reach the team; none of their answers. `None` when they
    /// gave no e-mail address, or filled in the honeypot (a bot must not be able to make the
    /// council mail any address it likes).
    pub(crate) fn ack(&self, s: &Submission) -> Result<Option<Message>> {
        let Some(addr) = &s.sender_email else { return Ok(None) };
        if s.suspect {
            return Ok(None);
        }
        // Validated by the form; parsed again so nothing else can reach the To: header.
        let to: Mailbox = match addr.parse() {
            Ok(m) => m,
            Err(e) => bail!("the sender's e-mail address is not valid ({e})"),
        };
        let lang = s.reply_lang.unwrap_or(s.lang);
        let team = self.team_address(s);
        let mut ctx = tera::Context::new();
        ctx.insert("lang", lang.code());
        ctx.insert("reference", s.reference.as_str());
        ctx.insert("form", &self.form_name(lang, &s.form)?);
        ctx.insert("form_kind", s.form.as_str());
        // What happens next, in each form's own words (`email-ack-next-<form>`).
        ctx.insert("next", &self.label(lang, &format!("email-ack-next-{}", s.form))?);
        // And what to do next from their answers: each child named, each nation's rule.
        let notes: Vec<String> = s.notes.iter().map(|n| self.t(lang, &n.key, &n.args(lang))).collect::<Result<_>>()?;
        ctx.insert("notes", &notes);
        // Their answers, when they asked for a copy: in the language of the acknowledgement
        // (choices and dates translated, text as typed), never the files.
        let answers: Vec<Section> = if s.copy {
            s.sections
                .iter()
                .filter(|sec| !sec.rows.is_empty())
                .map(|sec| {
                    let title = self.label(lang, &sec.title_key)?;
                    Ok(Section {
                        title_cy: String::new(),
                        title_en: String::new(),
                        title: match &sec.subject {
                            Some(who) => format!("{title} {who}"),
                            None => title,
                        },
                        rows: sec
                            .rows
                            .iter()
                            .filter(|r| !r.label_key.ends_with("-files"))
                            .map(|r| {
                                Ok(Row {
                                    label_cy: String::new(),
                                    label_en: String::new(),
                                    label: self.label(lang, &r.label_key)?,
                                    value: r.translated.get(&lang).unwrap_or(&r.value).clone(),
                                })
                            })
                            .collect::<Result<_>>()?,
                    })
                })
                .filter(|sec| !matches!(sec, Ok(sec) if sec.rows.is_empty()))
                .collect::<Result<_>>()?
        } else {
            vec![]
        };
        ctx.insert("answers", &answers);
        ctx.insert("bilingual", &self.single().is_none());
        ctx.insert("submitted", &crate::site::dates::date(lang, s.submitted_at.date()));
        // Next steps written from the answers give their dates themselves.
        ctx.insert("due", &s.due.filter(|_| s.notes.is_empty()).map(|d| crate::site::dates::date(lang, d)));
        let mut council = self.council.get(&lang).cloned().unwrap_or_default();
        if let Some(phone) = &s.team_phone {
            council.insert("phone".into(), phone.clone());
        }
        let mut team_email = team.parse::<Mailbox>().map(|m| m.email.to_string()).unwrap_or_else(|_| team.to_string());
        // The team that answers this form, as `[contacts]` names it: its name, e-mail,
        // phone and hours, not the council's general ones.
        if !self.config.contacts.is_empty() {
            let c = crate::site::teams::ContactView::for_form(&self.config, s.form.as_str(), lang);
            council.insert("team".into(), c.team);
            council.insert("phone".into(), c.phone);
            council.insert("hours".into(), c.hours);
            team_email = c.email;
        }
        ctx.insert("council", &council);
        ctx.insert("team_email", &team_email);
        let text = self.renderer.render("email/ack.txt", &ctx)?;
        let html = self.renderer.render("email/ack.html", &ctx)?;
        let subject = self.t(lang, "email-ack-subject", &[("reference", Arg::Str(s.reference.to_string()))])?;
        let reply_to = self.settings.reply_to.as_deref().unwrap_or(team);
        let message = self
            .builder(s, Which::Ack, subject)?
            .to(to)
            .reply_to(reply_to.parse().with_context(|| format!("[mail] reply-to address `{reply_to}`"))?)
            .multipart(MultiPart::alternative_plain_html(text, html))
            .context("building the acknowledgement e-mail")?;
        Ok(Some(message))
    }

    fn builder(&self, s: &Submission, which: Which, subject: String) -> Result<lettre::message::MessageBuilder> {
        let from: Mailbox = self
            .settings
            .from_address
            .parse()
            .with_context(|| format!("[mail] from_address `{}`", self.settings.from_address))?;
        Ok(Message::builder()
            .from(from)
            .subject(subject)
            .message_id(Some(message_id(&s.reference, which, &self.domain)))
            .date_now())
    }
}

/// An uploaded file's name as it appears in the e-mail: prefixed with the reference so
/// files from different families never mix in a download folder, and limited to
/// characters every mail client and file system accepts.
fn safe_file_name(reference: &crate::service::reference::Reference, index: usize, original: &str) -> String {
    let base = original.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String =
        base.chars().map(|c| if c.is_alphanumeric() || matches!(c, '.' | '-' | '_') { c } else { '_' }).collect();
    let cleaned = cleaned.trim_start_matches('.');
    let cleaned: String = cleaned.chars().rev().take(80).collect::<Vec<_>>().into_iter().rev().collect();
    if cleaned.is_empty() {
        format!("{reference}-{}", index + 1)
    } else {
        format!("{reference}-{}-{cleaned}", index + 1)
    }
}

/// The browser's claimed type, if it is a plain `type/subtype`; anything else is sent
/// as `application/octet-stream`.
fn safe_content_type(claimed: &str) -> ContentType {
    let ok = claimed.split_once('/').is_some_and(|(a, b)| {
        let part = |p: &str| {
            !p.is_empty() && p.len() < 64 && p.bytes().all(|c| c.is_ascii_alphanumeric() || b".+-".contains(&c))
        };
        part(a) && part(b)
    });
    let fallback = || ContentType::parse("application/octet-stream").expect("valid");
    if ok { ContentType::parse(claimed).unwrap_or_else(|_| fallback()) } else { fallback() }
}

fn human_size(bytes: usize) -> String {
    match bytes {
        b if b < 1024 => format!("{b} B"),
        b if b < 1024 * 1024 => format!("{:.0} KB", b as f64 / 1024.0),
        b => format!("{:.1} MB", b as f64 / (1024.0 * 1024.0)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::reference::Reference;

    #[test]
    fn mail_message_ids_are_stable_per_reference_and_message() {
        let r = Reference::parse("ADY-7K3M-Q9PX").unwrap();
        assert_eq!(message_id(&r, Which::Team, "council.test"), "<ADY-7K3M-Q9PX.team@council.test>");
        assert_eq!(message_id(&r, Which::Ack, "council.test"), "<ADY-7K3M-Q9PX.ack@council.test>");
        let s =
            MailSettings { from_address: "Cyngor <ffurflenni@dyffrynteg.example>".into(), ..MailSettings::default() };
        assert_eq!(s.message_id_domain().unwrap(), "dyffrynteg.example");
    }

    #[test]
    fn mail_file_names_and_types_from_uploads_are_made_safe() {
        let r = Reference::parse("ADC-7K3M-Q9PX").unwrap();
        assert_eq!(safe_file_name(&r, 0, "C:\\Users\\me\\Adroddiad Siôn.pdf"), "ADC-7K3M-Q9PX-1-Adroddiad_Siôn.pdf");
        assert_eq!(safe_file_name(&r, 1, "../../.bashrc"), "ADC-7K3M-Q9PX-2-bashrc");
        assert_eq!(safe_file_name(&r, 2, "\r\n"), "ADC-7K3M-Q9PX-3-__");
        assert_eq!(safe_file_name(&r, 3, ""), "ADC-7K3M-Q9PX-4");
        assert_eq!(safe_content_type("application/pdf"), ContentType::parse("application/pdf").unwrap());
        let octet = ContentType::parse("application/octet-stream").unwrap();
        assert_eq!(safe_content_type("text/html\r\nBcc: x@y"), octet);
        assert_eq!(safe_content_type("text/html; charset=utf-8"), octet);
        assert_eq!(safe_content_type(""), octet);
    }
}
