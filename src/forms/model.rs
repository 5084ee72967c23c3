//! The site's forms, as data: one TOML file per form in `forms/` (`forms/aln.toml`). A file
//! names the form's pages, questions and answers, which questions are optional, when a page
//! or question is asked, follow-up questions revealed under an answer, pages asked once per
//! child, the rules between answers (chosen from the named rules below, implemented once in
//! the service), the statutory clocks that set a response's due date, the team inbox and
//! the Fluent prefix of its strings. `docs/FORMS.md` explains it for a web editor.
//!
//! The generator loads them like content: every mistake (an unknown key, a `when` naming a
//! field that does not exist, a page in no check-answers section) is reported with the
//! file and line, all at once. The generator needs them for the `{{ forms.* }}` links in
//! content and to check every string a form uses exists in every language; the service
//! runs them.
//!
//! Fluent keys follow from names, with the form's prefix (`he`, `aln`): label `{p}-{field}`,
//! hint `{p}-{field}-hint`, option `{p}-{field}-{value}`, option hint `{p}-{field}-{value}-hint`,
//! error `{p}-{field}-error-{code}`, page title `{p}-{page}-title`, page introduction
//! `{p}-{page}-intro`, section `{p}-section-{name}`, due-date rule `{p}-due-{name}`.

use crate::forms::clocks::{Span, TermDates};
use crate::lang::Lang;
use crate::problems::{Problem, ProblemReport, line_of};
use anyhow::Result;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use toml::Spanned;

/// Longest answer kept for one line and for a text box, in characters.
pub(crate) const MAX_LINE: u64 = 200;
pub(crate) const MAX_TEXT: u64 = 5000;

/// A form's identity: its file name without `.toml` (`home-education`, `aln`). Used in URLs'
/// placeholders, references' prefixes (through the form), the outbox, receipts and e-mails.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub(crate) struct FormId(String);

impl FormId {
    pub(crate) fn new(s: impl Into<String>) -> FormId {
        FormId(s.into())
    }
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
    /// The name content uses: `{{ forms.home_education }}`.
    pub(crate) fn placeholder(&self) -> String {
        self.0.replace('-', "_")
    }
}

impl fmt::Display for FormId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum DateRule {
    /// A child's date of birth on the home-education form: in the past, and of compulsory
    /// school age now or within the next year (families often tell us before a child starts).
    SchoolAge,
    /// A learner's date of birth: in the past, and aged 25 or under (the Welsh ALN system and
    /// England's EHC plans both reach 25).
    #[serde(rename = "up-to-25")]
    UpTo25,
    /// The date a child leaves or left a school roll: a real date no more than a year ahead.
    Leaving,
    /// Something that has happened (support began, a child was last seen): today or before.
    Past,
}

impl DateRule {
    /// The error codes the rule can give, beyond missing, incomplete and real.
    pub(crate) fn codes(self) -> &'static [&'static str] {
        match self {
            DateRule::SchoolAge => &["past", "too-old", "too-young"],
            DateRule::UpTo25 => &["past", "too-old"],
            DateRule::Leaving => &["too-late"],
            DateRule::Past => &["future"],
        }
    }
}

#[derive(Clone, Debug)]
pub(crate) enum Kind {
    /// One line of text.
    Text,
    Email,
    Phone,
    Postcode,
    Textarea,
    Date {
        rule: DateRule,
    },
    Radios {
        options: Vec<Opt>,
    },
    /// `none` is the "none of these" answer, shown after an "or" and not combinable.
    Checkboxes {
        options: Vec<Opt>,
        none: Option<String>,
    },
}

/// A radio or checkbox answer. `reveal` holds follow-up questions asked only when it is
/// chosen (always visible without JavaScript, so only validated when it is chosen).
#[derive(Clone, Debug)]
pub(crate) struct Opt {
    pub(crate) value: String,
    pub(crate) hint: bool,
    pub(crate) reveal: Vec<Field>,
}

/// Asked only when an earlier answer has (or has not) one of these values; with neither
/// `is` nor `not`, when the earlier question was answered at all.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Condition {
    pub(crate) field: String,
    #[serde(default)]
    pub(crate) is: Vec<String>,
    #[serde(default)]
    pub(crate) not: Vec<String>,
}

impl Condition {
    /// Whether the condition holds for `value`, the earlier answer ("" when not given).
    pub(crate) fn holds(&self, value: &str) -> bool {
        if !self.is.is_empty() {
            self.is.iter().any(|v| v == value)
        } else if !self.not.is_empty() {
            !self.not.iter().any(|v| v == value)
        } else {
            !value.trim().is_empty()
        }
    }
}

#[derive(Clone, Debug)]
pub(crate) struct Field {
    pub(crate) name: String,
    pub(crate) line: usize,
    pub(crate) kind: Kind,
    pub(crate) optional: bool,
    pub(crate) hint: bool,
    /// The team e-mail labels its answer by whose it is (`<label>-team`, "Parent's or
    /// carer's full name"), where the question speaks to the sender ("Your name").
    pub(crate) team_label: bool,
    /// The HTML `autocomplete` token, "" when the field is not about the person typing.
    pub(crate) autocomplete: String,
    /// GOV.UK fixed input width (`20`, `10`), "" for full width.
    pub(crate) width: String,
    pub(crate) when: Option<Condition>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum PageKind {
    Question,
    /// The "add another child" loop: a list so far, and whether there is another.
    AddAnother,
    /// File uploads (multipart).
    Upload,
}

/// A rule between answers, chosen by name in the form file and implemented in the service.
#[derive(Clone, Debug)]
pub(crate) enum Rule {
    /// At least one of these fields is answered (e.g. an e-mail address or a phone number).
    OneOf { fields: Vec<String> },
    /// The date in `field` is after the date in `other` (leaving school after birth).
    After { field: String, other: String },
    /// Answer `value` to `field` is only allowed when the condition holds.
    AllowedWhen { field: String, value: String },
    /// `field` must be answered when the condition holds.
    RequiredWhen { field: String },
}

#[derive(Clone, Debug)]
pub(crate) struct PageRule {
    pub(crate) rule: Rule,
    pub(crate) when: Option<Condition>,
    /// Fluent key of the message: `{p}-{field}-error-{error}`, on the rule's first field.
    pub(crate) error_key: String,
    /// The field the message is shown on.
    pub(crate) field: String,
    pub(crate) line: usize,
}

#[derive(Clone, Debug)]
pub(crate) struct Page {
    pub(crate) id: String,
    pub(crate) line: usize,
    /// URL segment in each language.
    pub(crate) slug: BTreeMap<Lang, String>,
    pub(crate) kind: PageKind,
    pub(crate) fields: Vec<Field>,
    /// Asked once per child (or item), with an add-another page after the group.
    pub(crate) repeat: bool,
    /// Has explanatory paragraphs before the questions.
    pub(crate) intro: bool,
    /// Only asked when this holds (for a repeated page, of the same child's answers).
    pub(crate) when: Option<Condition>,
    /// The line of `when` in the form file (0 without one).
    pub(crate) when_line: usize,
    pub(crate) rules: Vec<PageRule>,
    /// Add-another pages: the fields whose answers name each item in the list so far.
    pub(crate) list_label: Vec<String>,
}

impl Page {
    /// A page with a single question and no introduction uses that question as its heading
    /// (GOV.UK pattern); otherwise the page has its own heading.
    pub(crate) fn single(&self) -> bool {
        self.kind == PageKind::Question && self.fields.len() == 1 && !self.intro
    }
    pub(crate) fn slug(&self, lang: Lang) -> &str {
        &self.slug[&lang]
    }
}

/// A section of the check-your-answers page and of the team e-mail.
#[derive(Clone, Debug)]
pub(crate) struct Section {
    pub(crate) title_key: String,
    pub(crate) pages: Vec<String>,
    /// `<title_key>-team`, when the team e-mail has a title of its own for it.
    pub(crate) team_title_key: Option<String>,
}

/// A statutory clock: when the council must answer by, counted from the day of receipt or
/// from a date the form asks for. A form may run several clocks at once (England's EHC
/// needs assessment: the decision in 6 weeks, the final plan in 20); within one clock the
/// first entry whose condition holds (and whose start date was answered) applies (Wales's
/// ALN form: 7 weeks to reconsider, otherwise 12).
#[derive(Clone, Debug)]
pub(crate) struct Due {
    /// Which clock this entry sets; entries without `clock` in the file share one.
    pub(crate) clock: String,
    pub(crate) when: Option<Condition>,
    /// How long it runs: weeks, school days or to a day of the year (`site::clocks`).
    pub(crate) span: Span,
    /// The date field it counts from; the day of receipt when `None`.
    pub(crate) from: Option<String>,
    /// Fluent key naming the rule, e.g. "12 weeks: the council decides and prepares an IDP".
    pub(crate) key: String,
}

#[derive(Clone, Debug)]
pub(crate) struct Form {
    pub(crate) id: FormId,
    pub(crate) file: PathBuf,
    /// Fluent key prefix: `he`, `aln`.
    pub(crate) prefix: String,
    /// The three letters that start its references (`ADY-7K3M-Q9PX`).
    pub(crate) reference: String,
    /// URL segment of the form in each language, under `/en/forms/` and `/cy/ffurflenni/`.
    pub(crate) slug: BTreeMap<Lang, String>,
    /// The team inbox for this form; `[mail] team_address` when unset.
    pub(crate) team_address: Option<String>,
    /// The `[council]` detail shown on the confirmation page as the address to write to.
    pub(crate) contact: String,
    /// The content page the start page's back link returns to.
    pub(crate) info_page: String,
    /// Fields holding the sender's e-mail address; the first asked and valid one is used.
    pub(crate) sender_email: Vec<String>,
    /// The field where the sender chose the language of correspondence (`cy`/`en`).
    pub(crate) contact_language: Option<String>,
    /// Fields naming whom the form is about (a child's first and last name), for the team
    /// e-mail's summary and the confirmation; on a page asked once per child, each child's.
    pub(crate) concerns: Vec<String>,
    /// Choice questions that say which route the form takes (who is asking, what is asked),
    /// shown in the team e-mail's summary and kept in the receipt for `porth outbox export`.
    pub(crate) route: Vec<String>,
    /// The `[council]` detail with the phone number of the team that answers this form.
    pub(crate) contact_phone: String,
    /// What the confirmation and acknowledgement tell the sender to do next, from their
    /// answers (`[[next]]`); for a condition on a page asked once per child, each child's.
    pub(crate) next: Vec<Next>,
    pub(crate) pages: Vec<Page>,
    pub(crate) sections: Vec<Section>,
    pub(crate) due: Vec<Due>,
    /// The pages asked once per item and the add-another page after them, if the form has them.
    pub(crate) group: Option<Group>,
}

/// A form's repeat group: a run of pages asked once per item (a child, a period of
/// support), then the add-another page that asks whether there is another. A form has at
/// most one, and the loader refuses every other shape (`check_shape`).
#[derive(Clone, Debug)]
pub(crate) struct Group {
    /// What the items are called in the answers handed over (`"children": 2`, `"support": 3`):
    /// the add-another page's `items`, or its `id`.
    pub(crate) items: String,
    /// The add-another page's id.
    pub(crate) page: String,
    /// The add-another page's question, and its two answers: the first adds an item, the
    /// second says there are no more.
    pub(crate) field: String,
    pub(crate) more: String,
    pub(crate) done: String,
}

// ---- The file format. Kept apart from the types above so the file can be forgiving in
// ---- shape (flat options, follow-ups with `under`) and the engine strict.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FormFile {
    prefix: Spanned<String>,
    reference: Spanned<String>,
    slug: Spanned<BTreeMap<String, String>>,
    #[serde(default)]
    team_address: Option<String>,
    contact: Spanned<String>,
    info_page: String,
    #[serde(default)]
    sender_email: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    contact_language: Option<Spanned<String>>,
    #[serde(default)]
    concerns: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    route: Option<Spanned<Vec<String>>>,
    /// The `[council]` detail whose phone number the confirmation gives; default `phone`.
    #[serde(default)]
    contact_phone: Option<Spanned<String>>,
    #[serde(default)]
    next: Vec<NextFile>,
    pages: Vec<PageFile>,
    #[serde(default)]
    sections: Vec<SectionFile>,
    #[serde(default)]
    due: Vec<DueFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PageFile {
    id: Spanned<String>,
    slug: BTreeMap<String, String>,
    #[serde(default = "question")]
    kind: PageKind,
    #[serde(default)]
    repeat: bool,
    #[serde(default)]
    intro: bool,
    #[serde(default)]
    when: Option<Spanned<Condition>>,
    #[serde(default)]
    fields: Vec<FieldFile>,
    #[serde(default)]
    rules: Vec<RuleFile>,
    #[serde(default)]
    list_label: Vec<String>,
    /// Add-another pages: what the items are called in the answers handed over.
    #[serde(default)]
    items: Option<String>,
}

fn question() -> PageKind {
    PageKind::Question
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
enum KindName {
    Text,
    Email,
    Phone,
    Postcode,
    Textarea,
    Date,
    Radios,
    Checkboxes,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FieldFile {
    name: Spanned<String>,
    kind: KindName,
    #[serde(default)]
    optional: bool,
    #[serde(default)]
    hint: bool,
    #[serde(default)]
    team_label: bool,
    #[serde(default)]
    autocomplete: String,
    #[serde(default)]
    width: String,
    #[serde(default)]
    options: Vec<String>,
    /// Options that have a hint line under them.
    #[serde(default)]
    option_hints: Vec<String>,
    #[serde(default)]
    none: Option<String>,
    #[serde(default)]
    rule: Option<DateRule>,
    #[serde(default)]
    when: Option<Condition>,
    /// Follow-up questions, each naming the answer it is revealed `under`.
    #[serde(default)]
    reveal: Vec<FieldFile>,
    #[serde(default)]
    under: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    rule: Spanned<String>,
    #[serde(default)]
    field: Option<String>,
    #[serde(default)]
    fields: Vec<String>,
    #[serde(default)]
    other: Option<String>,
    #[serde(default)]
    value: Option<String>,
    #[serde(default)]
    when: Option<Condition>,
    error: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SectionFile {
    name: Spanned<String>,
    pages: Vec<String>,
    /// The team e-mail titles it by whose details it holds (`<prefix>-section-<name>-team`),
    /// where the form's own title speaks to the sender ("About you").
    #[serde(default)]
    team_title: bool,
}

/// One thing the confirmation and the acknowledgement may tell the sender to do next.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NextFile {
    name: Spanned<String>,
    #[serde(default)]
    when: Option<Condition>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DueFile {
    name: Spanned<String>,
    #[serde(default)]
    clock: Option<String>,
    #[serde(default)]
    when: Option<Condition>,
    #[serde(default)]
    from: Option<String>,
    // Exactly one of these three.
    #[serde(default)]
    weeks: Option<i64>,
    #[serde(default)]
    school_days: Option<i64>,
    #[serde(default)]
    by: Option<String>,
}

/// One `[[next]]` entry: its string key (`<prefix>-next-<name>`) and when it applies.
#[derive(Clone, Debug)]
pub(crate) struct Next {
    pub(crate) key: String,
    pub(crate) when: Option<Condition>,
}

/// The clock of `[[due]]` entries that do not name one.
pub(crate) const DEFAULT_CLOCK: &str = "response";

impl Form {
    /// The names of the form's clocks, in the order the file first uses them.
    pub(crate) fn clocks(&self) -> Vec<&str> {
        let mut out: Vec<&str> = vec![];
        for d in &self.due {
            if !out.contains(&d.clock.as_str()) {
                out.push(&d.clock);
            }
        }
        out
    }
}

/// The URL segments the service keeps for itself under every form.
pub(crate) const CHECK_SLUG: [(Lang, &str); 2] = [(Lang::Cy, "gwirio-eich-atebion"), (Lang::En, "check-your-answers")];
pub(crate) const SENT_SLUG: [(Lang, &str); 2] = [(Lang::Cy, "ffurflen-wedi-anfon"), (Lang::En, "form-sent")];

/// Every form of a site, in file-name order.
#[derive(Clone, Debug, Default)]
pub(crate) struct Forms {
    pub(crate) list: Vec<Form>,
}

impl Forms {
    /// Loads and cross-checks every `*.toml` in the site's `forms/` (a site without forms
    /// has none), with the term dates beside `config.toml` that school-day clocks count on.
    /// `council_keys` are the `[council]` details a form may name as its contact.
    pub(crate) fn load(root: &Path, langs: &[Lang], council_keys: &BTreeSet<String>) -> Result<Forms> {
        let dir = &root.join("forms");
        let (terms, mut problems) = match TermDates::load(root) {
            Ok(t) => (t.map(Arc::new), vec![]),
            Err(ps) => (None, ps),
        };
        let term_file = root.join(crate::forms::clocks::TERM_DATES_FILE);
        let mut files: Vec<PathBuf> = match std::fs::read_dir(dir) {
            Ok(rd) => rd
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                .collect(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => vec![],
            Err(e) => return Err(anyhow::anyhow!("failed to read `{}`: {e}", dir.display())),
        };
        files.sort();
        let mut list = vec![];
        let ctx = LoadContext {
            langs,
            council_keys,
            terms: terms.as_ref(),
            term_file: &term_file,
            terms_broken: !problems.is_empty(),
        };
        for file in files {
            let text = crate::fsx::read_to_string(&file)?;
            match load_one(&file, &text, &ctx) {
                Ok(form) => list.push(form),
                Err(mut ps) => problems.append(&mut ps),
            }
        }
        let mut seen: BTreeMap<String, &Form> = BTreeMap::new();
        for f in &list {
            for (what, value) in [("prefix", f.prefix.clone()), ("reference", f.reference.clone())]
                .into_iter()
                .chain(f.slug.iter().map(|(l, s)| ("slug", format!("{l}/{s}"))))
            {
                if let Some(other) = seen.insert(format!("{what}:{value}"), f) {
                    problems.push(Problem::new(
                        &f.file,
                        0,
                        format!("{what} `{value}` is also used by {}", other.file.display()),
                        format!("give each form its own {what}"),
                    ));
                }
            }
        }
        if problems.is_empty() { Ok(Forms { list }) } else { Err(ProblemReport(problems).into()) }
    }

    /// What `porth check` warns about: a school-day clock started today whose date would
    /// fall after the last term listed. The service leaves such a date out of the team
    /// e-mail rather than guess it, so the term dates need the next school year first.
    pub(crate) fn clock_warnings(&self, today: time::Date) -> Vec<Problem> {
        let mut out = vec![];
        for f in &self.list {
            for d in &f.due {
                if let (Span::SchoolDays { days, terms }, Err(e)) = (&d.span, d.span.due(today)) {
                    out.push(Problem::new(
                        &terms.file,
                        0,
                        format!("{}: for a form sent today ({today}), clock `{}` ({days} school days) cannot be counted: {e}", f.file.display(), d.clock),
                        "add the next school year's terms and closed days",
                    ));
                }
            }
        }
        out
    }

    pub(crate) fn get(&self, id: &FormId) -> Option<&Form> {
        self.list.iter().find(|f| &f.id == id)
    }

    /// The form a `{{ forms.name }}` placeholder names.
    pub(crate) fn by_placeholder(&self, name: &str) -> Option<&Form> {
        self.list.iter().find(|f| f.id.placeholder() == name)
    }
}

impl Form {
    /// The URL of the form's first page in one language.
    pub(crate) fn start_url(&self, lang: Lang) -> String {
        crate::routes::form_url(lang, &self.slug[&lang])
    }

    pub(crate) fn key(&self, name: &str) -> String {
        format!("{}-{name}", self.prefix)
    }

    /// Every field, follow-up questions included, with the page it is on.
    pub(crate) fn fields(&self) -> Vec<(&Page, &Field)> {
        self.pages.iter().flat_map(|p| all_fields(&p.fields).into_iter().map(move |f| (p, f))).collect()
    }

    /// The page a field is asked on.
    pub(crate) fn page_of(&self, field: &str) -> Option<&Page> {
        self.fields().into_iter().find(|(_, f)| f.name == field).map(|(p, _)| p)
    }

    /// Every Fluent key this form asks for by name, with the line of the form file that
    /// makes it needed: `build` and `check` report a missing one there.
    pub(crate) fn keys(&self) -> Vec<(String, usize)> {
        let mut out = vec![];
        let p = &self.prefix;
        for page in &self.pages {
            if !page.single() {
                out.push((format!("{p}-{}-title", page.id), page.line));
            }
            if page.intro {
                out.push((format!("{p}-{}-intro", page.id), page.line));
            }
            if page.kind == PageKind::Upload {
                out.push((format!("{p}-{}-files", page.id), page.line));
            }
            for r in &page.rules {
                out.push((r.error_key.clone(), r.line));
            }
            for f in all_fields(&page.fields) {
                let k = self.key(&f.name);
                let l = f.line;
                out.push((k.clone(), l));
                if f.hint {
                    out.push((format!("{k}-hint"), l));
                }
                if f.team_label {
                    out.push((format!("{k}-team"), l));
                }
                if !f.optional {
                    out.push((format!("{k}-error-missing"), l));
                }
                match &f.kind {
                    Kind::Radios { options } | Kind::Checkboxes { options, .. } => {
                        for o in options {
                            out.push((format!("{k}-{}", o.value), l));
                            if o.hint {
                                out.push((format!("{k}-{}-hint", o.value), l));
                            }
                        }
                        if let Kind::Checkboxes { none: Some(_), .. } = f.kind {
                            out.push((format!("{k}-error-exclusive"), l));
                        }
                    }
                    Kind::Date { rule } => {
                        out.push((format!("{k}-error-incomplete"), l));
                        out.push((format!("{k}-error-real"), l));
                        for c in rule.codes() {
                            out.push((format!("{k}-error-{c}"), l));
                        }
                    }
                    _ => {}
                }
            }
        }
        for suffix in [
            "name",
            "start-title",
            "start-intro",
            "declaration",
            "declaration-error-missing",
            "submit",
            "sent-title",
            "next",
        ] {
            out.push((format!("{p}-{suffix}"), 1));
        }
        for s in &self.sections {
            out.push((s.title_key.clone(), 1));
            if let Some(k) = &s.team_title_key {
                out.push((k.clone(), 1));
            }
        }
        for d in &self.due {
            out.push((d.key.clone(), 1));
            // The clock's entry in the team's calendar: "decide whether to assess (reg 5(1))".
            out.push((format!("{}-event", d.key), 1));
        }
        for n in &self.next {
            out.push((n.key.clone(), 1));
        }
        out.push((format!("email-form-{}", self.id), 1));
        // What the acknowledgement says happens next.
        out.push((format!("email-ack-next-{}", self.id), 1));
        out
    }
}

/// Every field of a list, follow-up questions included, in page order.
pub(crate) fn all_fields(fields: &[Field]) -> Vec<&Field> {
    let mut out = vec![];
    for f in fields {
        out.push(f);
        if let Kind::Radios { options } | Kind::Checkboxes { options, .. } = &f.kind {
            for o in options {
                out.extend(all_fields(&o.reveal));
            }
        }
    }
    out
}

struct Loader<'a> {
    file: &'a Path,
    text: &'a str,
    problems: Vec<Problem>,
}

impl Loader<'_> {
    fn line<T>(&self, s: &Spanned<T>) -> usize {
        line_of(self.text, s.span().start)
    }
    fn problem(&mut self, line: usize, message: impl Into<String>, fix: impl Into<String>) {
        self.problems.push(Problem::new(self.file, line, message, fix));
    }

    fn slugs(
        &mut self,
        line: usize,
        slug: &BTreeMap<String, String>,
        langs: &[Lang],
        what: &str,
    ) -> BTreeMap<Lang, String> {
        let mut out = BTreeMap::new();
        for (code, s) in slug {
            match Lang::parse(code) {
                Some(l) if langs.contains(&l) => {
                    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
                        self.problem(
                            line,
                            format!("{what} slug `{s}` is not a URL segment"),
                            "use lower-case letters, digits and hyphens, e.g. \"your-details\"",
                        );
                    }
                    out.insert(l, s.clone());
                }
                _ => self.problem(
                    line,
                    format!("{what} has a slug for `{code}`, which is not one of the site's languages"),
                    "give one slug per language in config.toml's `languages`",
                ),
            }
        }
        for l in langs {
            if !out.contains_key(l) {
                self.problem(
                    line,
                    format!("{what} has no slug in {}", l.endonym()),
                    format!("add `{} = \"…\"` to its slug", l.code()),
                );
            }
        }
        out
    }

    fn field(&mut self, f: FieldFile) -> Field {
        let line = line_of(self.text, f.name.span().start);
        let name = f.name.into_inner();
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
            self.problem(
                line,
                format!("field name `{name}` is not lower-case letters, digits and hyphens"),
                "rename it, e.g. \"child-first-name\"",
            );
        }
        let choice = matches!(f.kind, KindName::Radios | KindName::Checkboxes);
        if !choice && (!f.options.is_empty() || !f.reveal.is_empty() || !f.option_hints.is_empty()) {
            self.problem(
                line,
                format!("`{name}` has options, but only radios and checkboxes do"),
                "remove `options`, `option_hints` and `reveal`, or make it kind = \"radios\"",
            );
        }
        if choice && f.options.is_empty() {
            self.problem(line, format!("`{name}` is a choice with no options"), "add `options = [\"yes\", \"no\"]`");
        }
        if f.none.is_some() && f.kind != KindName::Checkboxes {
            self.problem(line, format!("`{name}` has `none`, which only checkboxes have"), "remove `none`");
        }
        if !matches!(f.kind, KindName::Text) && !f.width.is_empty() {
            self.problem(line, format!("`{name}` sets `width`, which only text fields have"), "remove `width`");
        }
        match (f.kind, f.rule) {
            (KindName::Date, None) => self.problem(
                line,
                format!("date `{name}` has no `rule`"),
                "add rule = \"school-age\", \"up-to-25\", \"leaving\" or \"past\"",
            ),
            (k, Some(_)) if k != KindName::Date => {
                self.problem(line, format!("`{name}` has a date `rule` but is not a date"), "remove `rule`")
            }
            _ => {}
        }
        if f.under.is_some() {
            self.problem(
                line,
                format!("`{name}` has `under` but is not a follow-up question"),
                "put it in the `reveal` list of the question it follows",
            );
        }
        for h in f.option_hints.iter().chain(f.none.iter()) {
            if !f.options.contains(h) {
                self.problem(
                    line,
                    format!("`{h}` is not one of `{name}`'s options"),
                    format!("use one of {}", f.options.join(", ")),
                );
            }
        }
        let mut options: Vec<Opt> = f
            .options
            .iter()
            .map(|v| Opt { value: v.clone(), hint: f.option_hints.contains(v), reveal: vec![] })
            .collect();
        for mut r in f.reveal {
            let under = r.under.take();
            let rline = line_of(self.text, r.name.span().start);
            let rf = self.field(r);
            match under.and_then(|u| options.iter_mut().find(|o| o.value == u)) {
                Some(o) => o.reveal.push(rf),
                None => self.problem(
                    rline,
                    format!("follow-up `{}` does not name an answer of `{name}` it is `under`", rf.name),
                    format!("add under = one of {}", f.options.join(", ")),
                ),
            }
        }
        let kind = match f.kind {
            KindName::Text => Kind::Text,
            KindName::Email => Kind::Email,
            KindName::Phone => Kind::Phone,
            KindName::Postcode => Kind::Postcode,
            KindName::Textarea => Kind::Textarea,
            KindName::Date => Kind::Date { rule: f.rule.unwrap_or(DateRule::Leaving) },
            KindName::Radios => Kind::Radios { options },
            KindName::Checkboxes => Kind::Checkboxes { options, none: f.none },
        };
        Field {
            name,
            line,
            kind,
            optional: f.optional,
            hint: f.hint,
            team_label: f.team_label,
            autocomplete: f.autocomplete,
            width: f.width,
            when: f.when,
        }
    }

    fn rule(&mut self, prefix: &str, r: RuleFile) -> Option<PageRule> {
        let line = self.line(&r.rule);
        let name = r.rule.into_inner();
        let need = |what: &str, v: Option<String>, me: &mut Self| -> Option<String> {
            if v.is_none() {
                me.problem(
                    line,
                    format!("rule `{name}` needs `{what}`"),
                    "see docs/FORMS.md, \"Rules between answers\"",
                );
            }
            v
        };
        let rule = match name.as_str() {
            "one-of" => {
                if r.fields.len() < 2 {
                    self.problem(
                        line,
                        "rule `one-of` needs at least two `fields`",
                        "e.g. fields = [\"parent-email\", \"parent-phone\"]",
                    );
                    return None;
                }
                Rule::OneOf { fields: r.fields }
            }
            "after" => Rule::After { field: need("field", r.field, self)?, other: need("other", r.other, self)? },
            "allowed-when" => {
                if r.when.is_none() {
                    self.problem(
                        line,
                        "rule `allowed-when` needs `when`",
                        "add when = { field = \"…\", is = [\"…\"] }",
                    );
                }
                Rule::AllowedWhen { field: need("field", r.field, self)?, value: need("value", r.value, self)? }
            }
            "required-when" => {
                if r.when.is_none() {
                    self.problem(
                        line,
                        "rule `required-when` needs `when`",
                        "add when = { field = \"…\", is = [\"…\"] }",
                    );
                }
                Rule::RequiredWhen { field: need("field", r.field, self)? }
            }
            other => {
                self.problem(
                    line,
                    format!("there is no rule called `{other}`"),
                    "use one-of, after, allowed-when or required-when (docs/FORMS.md)",
                );
                return None;
            }
        };
        let field = match &rule {
            Rule::OneOf { fields } => fields[0].clone(),
            Rule::After { field, .. } | Rule::AllowedWhen { field, .. } | Rule::RequiredWhen { field } => field.clone(),
        };
        Some(PageRule { error_key: format!("{prefix}-{field}-error-{}", r.error), field, rule, when: r.when, line })
    }
}

/// What every form file is checked against.
struct LoadContext<'a> {
    langs: &'a [Lang],
    council_keys: &'a BTreeSet<String>,
    terms: Option<&'a Arc<TermDates>>,
    term_file: &'a Path,
    /// The term-date file exists but has mistakes (reported on their own).
    terms_broken: bool,
}

fn load_one(file: &Path, text: &str, ctx: &LoadContext<'_>) -> Result<Form, Vec<Problem>> {
    let (langs, council_keys) = (ctx.langs, ctx.council_keys);
    let parsed: FormFile = toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| line_of(text, s.start)).unwrap_or(0);
        vec![Problem::new(
            file,
            line,
            e.message().trim().to_string(),
            "see docs/FORMS.md for the keys a form file accepts",
        )]
    })?;
    let mut l = Loader { file, text, problems: vec![] };
    let id = FormId::new(file.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default());
    let prefix_line = l.line(&parsed.prefix);
    let prefix = parsed.prefix.into_inner();
    if prefix.is_empty() || !prefix.bytes().all(|b| b.is_ascii_lowercase()) {
        l.problem(
            prefix_line,
            format!("prefix `{prefix}` is not lower-case letters"),
            "use a short prefix for its strings, e.g. prefix = \"aln\"",
        );
    }
    let ref_line = l.line(&parsed.reference);
    let reference = parsed.reference.into_inner();
    if reference.len() != 3 || !reference.bytes().all(|b| b.is_ascii_uppercase()) {
        l.problem(
            ref_line,
            format!("reference `{reference}` is not three capital letters"),
            "e.g. reference = \"ADY\"",
        );
    }
    let slug_line = l.line(&parsed.slug);
    let slug = l.slugs(slug_line, parsed.slug.get_ref(), langs, "the form");
    let contact_line = l.line(&parsed.contact);
    let contact = parsed.contact.into_inner();
    if !council_keys.contains(&contact) {
        l.problem(
            contact_line,
            format!("contact `{contact}` is not a [council] detail in config.toml"),
            format!("use one of {}", council_keys.iter().cloned().collect::<Vec<_>>().join(", ")),
        );
    }

    let mut pages = vec![];
    let mut conditions: Vec<(usize, Condition)> = vec![];
    let mut items: BTreeMap<String, String> = BTreeMap::new();
    for p in parsed.pages {
        let line = l.line(&p.id);
        let id = p.id.into_inner();
        let slug = l.slugs(line, &p.slug, langs, &format!("page `{id}`"));
        for lang in langs {
            let reserved = CHECK_SLUG
                .iter()
                .chain(SENT_SLUG.iter())
                .any(|(rl, s)| rl == lang && slug.get(lang).is_some_and(|x| x == s));
            if reserved {
                l.problem(line, format!("page `{id}` uses a slug the service keeps for itself"), "choose another slug");
            }
        }
        let mut when_line = 0;
        let when = p.when.map(|w| {
            when_line = l.line(&w);
            conditions.push((when_line, w.get_ref().clone()));
            w.into_inner()
        });
        let fields: Vec<Field> = p.fields.into_iter().map(|f| l.field(f)).collect();
        for f in all_fields(&fields) {
            if let Some(c) = &f.when {
                conditions.push((f.line, c.clone()));
            }
        }
        if p.kind == PageKind::Upload && !fields.is_empty() {
            l.problem(
                line,
                format!("upload page `{id}` has fields"),
                "an upload page asks only for files; move the fields to a question page",
            );
        }
        if p.kind != PageKind::AddAnother && !p.list_label.is_empty() {
            l.problem(
                line,
                format!("page `{id}` has `list_label`, which only add-another pages have"),
                "remove `list_label`",
            );
        }
        if p.kind != PageKind::AddAnother && p.items.is_some() {
            l.problem(line, format!("page `{id}` has `items`, which only add-another pages have"), "remove `items`");
        }
        if p.kind == PageKind::AddAnother {
            items.insert(id.clone(), p.items.clone().unwrap_or_else(|| id.clone()));
        }
        let rules: Vec<PageRule> = p.rules.into_iter().filter_map(|r| l.rule(&prefix, r)).collect();
        for r in &rules {
            if let Some(c) = &r.when {
                conditions.push((r.line, c.clone()));
            }
        }
        pages.push(Page {
            id,
            line,
            slug,
            kind: p.kind,
            fields,
            repeat: p.repeat,
            intro: p.intro,
            when,
            when_line,
            rules,
            list_label: p.list_label,
        });
    }

    let mut form = Form {
        id,
        file: file.to_path_buf(),
        prefix,
        reference,
        slug,
        team_address: parsed.team_address,
        contact,
        info_page: parsed.info_page,
        sender_email: vec![],
        contact_language: None,
        concerns: vec![],
        route: vec![],
        contact_phone: "phone".into(),
        next: vec![],
        pages,
        sections: vec![],
        due: vec![],
        group: None,
    };
    form.group = check_shape(&mut l, &form.pages, &items);
    let names: BTreeSet<String> = form.fields().iter().map(|(_, f)| f.name.clone()).collect();
    let mut seen = BTreeSet::new();
    for (_, f) in form.fields() {
        if !seen.insert(f.name.clone()) {
            l.problem(
                f.line,
                format!("field `{}` is asked twice in this form", f.name),
                "give each question its own name",
            );
        }
    }
    let mut page_ids = BTreeSet::new();
    for p in &form.pages {
        if !page_ids.insert(p.id.clone()) {
            l.problem(p.line, format!("page `{}` is defined twice", p.id), "give each page its own id");
        }
    }
    let known = |l: &mut Loader<'_>, line: usize, field: &str, what: &str| {
        if !names.contains(field) {
            l.problem(
                line,
                format!("{what} names field `{field}`, which this form does not ask"),
                format!("use one of {}", names.iter().cloned().collect::<Vec<_>>().join(", ")),
            );
        }
    };
    for (line, c) in &conditions {
        known(&mut l, *line, &c.field, "`when`");
    }
    for p in &form.pages {
        for r in &p.rules {
            let fields: Vec<&String> = match &r.rule {
                Rule::OneOf { fields } => fields.iter().collect(),
                Rule::After { field, other } => vec![field, other],
                Rule::AllowedWhen { field, .. } | Rule::RequiredWhen { field } => vec![field],
            };
            for f in fields {
                known(&mut l, r.line, f, "a rule");
            }
        }
        for f in &p.list_label {
            known(&mut l, p.line, f, "`list_label`");
        }
    }
    if let Some(se) = parsed.sender_email {
        let line = l.line(&se);
        for f in se.get_ref() {
            known(&mut l, line, f, "`sender_email`");
        }
        form.sender_email = se.into_inner();
    }
    if let Some(cl) = parsed.contact_language {
        let line = l.line(&cl);
        known(&mut l, line, cl.get_ref(), "`contact_language`");
        form.contact_language = Some(cl.into_inner());
    }
    if let Some(c) = parsed.concerns {
        let line = l.line(&c);
        for f in c.get_ref() {
            known(&mut l, line, f, "`concerns`");
        }
        form.concerns = c.into_inner();
    }
    if let Some(r) = parsed.route {
        let line = l.line(&r);
        for name in r.get_ref() {
            match form.fields().into_iter().find(|(_, f)| &f.name == name) {
                Some((p, f)) if matches!(f.kind, Kind::Radios { .. }) && !p.repeat => {}
                Some(_) => l.problem(
                    line,
                    format!("`route` names `{name}`, which is not a choice asked once"),
                    "name a radios question that is not on a page asked once per child",
                ),
                None => known(&mut l, line, name, "`route`"),
            }
        }
        form.route = r.into_inner();
    }
    if let Some(cp) = parsed.contact_phone {
        let line = l.line(&cp);
        let key = cp.into_inner();
        if !council_keys.contains(&key) {
            l.problem(
                line,
                format!("contact_phone `{key}` is not a [council] detail in config.toml"),
                format!("use one of {}", council_keys.iter().cloned().collect::<Vec<_>>().join(", ")),
            );
        }
        form.contact_phone = key;
    }
    for n in parsed.next {
        let line = l.line(&n.name);
        if let Some(c) = &n.when {
            known(&mut l, line, &c.field, "`when`");
        }
        form.next.push(Next { key: form.key(&format!("next-{}", n.name.get_ref())), when: n.when });
    }
    for s in parsed.sections {
        let line = l.line(&s.name);
        for p in &s.pages {
            if !page_ids.contains(p) {
                l.problem(
                    line,
                    format!("section `{}` lists page `{p}`, which this form does not have", s.name.get_ref()),
                    "use the `id` of one of its pages",
                );
            }
        }
        let title_key = form.key(&format!("section-{}", s.name.get_ref()));
        let team_title_key = s.team_title.then(|| format!("{title_key}-team"));
        form.sections.push(Section { title_key, pages: s.pages, team_title_key });
    }
    for p in &form.pages {
        if p.kind != PageKind::AddAnother && !form.sections.iter().any(|s| s.pages.contains(&p.id)) {
            l.problem(
                p.line,
                format!("page `{}` is in no section, so check your answers would not show it", p.id),
                "add it to a [[sections]] list",
            );
        }
    }
    for d in parsed.due {
        let line = l.line(&d.name);
        if let Some(c) = &d.when {
            known(&mut l, line, &c.field, "`when`");
        }
        let name = d.name.get_ref();
        let span = match (d.weeks, d.school_days, &d.by) {
            (Some(w), None, None) => {
                if !(1..=104).contains(&w) {
                    l.problem(
                        line,
                        format!("clock `{name}` runs for {w} weeks"),
                        "give the statutory number of weeks, between 1 and 104",
                    );
                }
                Some(Span::Weeks(w))
            }
            (None, Some(n), None) => {
                if !(1..=200).contains(&n) {
                    l.problem(
                        line,
                        format!("clock `{name}` runs for {n} school days"),
                        "give the statutory number of school days, between 1 and 200",
                    );
                }
                match ctx.terms {
                    Some(t) => Some(Span::SchoolDays { days: n.clamp(1, 200) as u32, terms: t.clone() }),
                    None if ctx.terms_broken => None,
                    None => {
                        l.problem(
                            line,
                            format!("clock `{name}` counts school days, but the site has no term dates"),
                            format!(
                                "add {} beside config.toml (docs/FORMS.md, \"The term-date file\")",
                                ctx.term_file.display()
                            ),
                        );
                        None
                    }
                }
            }
            (None, None, Some(by)) => {
                let span = Span::parse_day(by);
                if span.is_none() {
                    l.problem(line, format!("clock `{name}`: `{by}` is not a day of the year"), "write the day and the month in English, e.g. by = \"15 February\" (not 29 February, which is not in every year)");
                }
                span
            }
            _ => {
                l.problem(
                    line,
                    format!("clock `{name}` needs exactly one of `weeks`, `school_days` and `by`"),
                    "e.g. weeks = 6, school_days = 35 or by = \"15 February\"",
                );
                None
            }
        };
        if let Some(f) = &d.from {
            match form.fields().into_iter().find(|(_, x)| &x.name == f) {
                Some((p, x)) if matches!(x.kind, Kind::Date { .. }) && !p.repeat => {}
                Some(_) => l.problem(
                    line,
                    format!("clock `{name}` counts from `{f}`, which is not a date asked once"),
                    "name a date question that is not on a page asked once per child",
                ),
                None => known(&mut l, line, f, "`from`"),
            }
        }
        let clock = d.clock.unwrap_or_else(|| DEFAULT_CLOCK.to_string());
        if clock.is_empty() || !clock.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
            l.problem(
                line,
                format!("clock name `{clock}` is not lower-case letters, digits and hyphens"),
                "e.g. clock = \"final-plan\"",
            );
        }
        if form.due.iter().any(|e| e.key == form.key(&format!("due-{}", d.name.get_ref()))) {
            l.problem(
                line,
                format!("due-date rule `{}` is defined twice", d.name.get_ref()),
                "give each [[due]] its own name",
            );
        }
        let key = form.key(&format!("due-{}", d.name.get_ref()));
        if let Some(span) = span {
            form.due.push(Due { key, clock, when: d.when, span, from: d.from });
        }
    }
    if l.problems.is_empty() { Ok(form) } else { Err(l.problems) }
}

/// Reads a piece of a form file (an example in `docs/FORMS.md`) with the loader's own file
/// format: the form's keys, `[[pages]]`, `[[pages.fields]]`, `[[pages.fields.reveal]]`,
/// `[[sections]]`, `[[due]]` and `[[next]]`, each with its unknown keys refused. Cross-references
/// (a `when` naming a field) need the whole form and are not checked. Only the docs' test
/// (`service::docs_tests`) reads fragments.
#[cfg(test)]
pub(crate) fn read_fragment(text: &str) -> Result<(), String> {
    fn each<T: serde::de::DeserializeOwned>(v: &toml::Value, what: &str) -> Result<(), String> {
        let items = match v {
            toml::Value::Array(a) => a.clone(),
            other => vec![other.clone()],
        };
        for item in items {
            // Through the text again: the file format's spans need TOML's own reader.
            let text = toml::to_string(&item).map_err(|e| format!("{what}: {e}"))?;
            toml::from_str::<T>(&text).map_err(|e| format!("{what}: {}", e.message().trim()))?;
        }
        Ok(())
    }
    let mut table: toml::Table = toml::from_str(text).map_err(|e| e.to_string())?;
    let pieces: Vec<(String, toml::Value)> = ["pages", "sections", "due", "next"]
        .iter()
        .filter_map(|k| table.remove(*k).map(|v| (k.to_string(), v)))
        .collect();
    for (key, value) in &pieces {
        match (key.as_str(), value) {
            ("pages", toml::Value::Array(_)) => each::<PageFile>(value, "[[pages]]")?,
            // `[[pages.fields]]` (or `[[pages.fields.reveal]]`) on its own.
            ("pages", toml::Value::Table(t)) => match t.get("fields") {
                Some(f @ toml::Value::Array(_)) => each::<FieldFile>(f, "[[pages.fields]]")?,
                Some(toml::Value::Table(f)) if f.contains_key("reveal") && f.len() == 1 => {
                    each::<FieldFile>(&f["reveal"], "[[pages.fields.reveal]]")?
                }
                _ => return Err("a `pages` table that is neither [[pages]] nor [[pages.fields]]".into()),
            },
            ("sections", v) => each::<SectionFile>(v, "[[sections]]")?,
            ("due", v) => each::<DueFile>(v, "[[due]]")?,
            ("next", v) => each::<NextFile>(v, "[[next]]")?,
            (k, _) => return Err(format!("`{k}` is not a list of tables")),
        }
    }
    if !table.is_empty() {
        table.insert("pages".into(), toml::Value::Array(vec![]));
        let text = toml::to_string(&table).map_err(|e| e.to_string())?;
        toml::from_str::<FormFile>(&text).map_err(|e| format!("the form's own keys: {}", e.message().trim()))?;
    }
    Ok(())
}

/// Names the answers handed over (and a session's answers) already use at their top level,
/// which a group's `items` would overwrite.
const RESERVED_ITEMS: [&str; 9] =
    ["form", "reference", "lang", "suspect", "answers", "due_dates", "due_uncounted", "uploads", "pages"];

/// The shapes of page the engine runs, and nothing else: at most one repeat group (a run of
/// pages asked once per item, the first of them always asked, so a new item always has a
/// page), followed at once by the one add-another page, whose single question has two
/// answers (another item, or no more); at most one upload page, never the first page and
/// never repeated. Anything else would pass the loader and fail at a family's POST.
fn check_shape(l: &mut Loader<'_>, pages: &[Page], items: &BTreeMap<String, String>) -> Option<Group> {
    let mut group = None;
    let first_repeat = pages.iter().position(|p| p.repeat);
    let run_end = first_repeat.map(|i| i + pages[i..].iter().take_while(|p| p.repeat).count());
    if let (Some(_), Some(end)) = (first_repeat, run_end)
        && let Some(second) = pages[end..].iter().find(|p| p.repeat)
    {
        l.problem(
            second.line,
            format!("page `{}` starts a second repeat group; a form has one", second.id),
            "put every page asked once per item in one run, before the add-another page",
        );
    }
    for p in pages.iter().filter(|p| p.repeat && p.kind != PageKind::Question) {
        l.problem(
            p.line,
            format!("page `{}` is repeated, but only question pages can be", p.id),
            "remove `repeat = true`",
        );
    }
    if let Some(i) = first_repeat
        && pages[i].when.is_some()
    {
        l.problem(
            pages[i].when_line,
            format!(
                "page `{}` is the first page asked for each item and has `when`: an item added on the \
                 add-another page might have no page to ask",
                pages[i].id
            ),
            "remove this `when`, or put an unconditional page first in the repeat group",
        );
    }
    let add_another: Vec<(usize, &Page)> =
        pages.iter().enumerate().filter(|(_, p)| p.kind == PageKind::AddAnother).collect();
    for (_, p) in add_another.iter().skip(1) {
        l.problem(p.line, format!("page `{}` is a second add-another page; a form has one", p.id), "remove it");
    }
    match (run_end, add_another.first()) {
        (Some(end), None) => l.problem(
            pages[end - 1].line,
            "these pages are repeated but no add-another page follows them, so no item could be added",
            "add a page with kind = \"add-another\" straight after the repeated pages",
        ),
        (end, Some(&(i, p))) if end != Some(i) => l.problem(
            p.line,
            format!("add-another page `{}` does not follow the repeated pages", p.id),
            match end {
                Some(_) => "move it straight after the last page with repeat = true",
                None => "mark the pages asked once per item with repeat = true, straight before it",
            },
        ),
        (_, Some(&(_, p))) => {
            if p.when.is_some() {
                l.problem(
                    p.when_line,
                    format!("add-another page `{}` has `when`", p.id),
                    "remove it: the add-another page is asked whenever the repeated pages are",
                );
            }
            let field = match p.fields.as_slice() {
                [f] => match &f.kind {
                    Kind::Radios { options } if options.len() == 2 && f.when.is_none() && !f.optional => {
                        if options.iter().any(|o| !o.reveal.is_empty()) {
                            l.problem(f.line, format!("`{}` has follow-up questions", f.name), "remove `reveal`");
                        }
                        Some((f, &options[0].value, &options[1].value))
                    }
                    _ => None,
                },
                _ => None,
            };
            match field {
                Some((f, more, done)) => {
                    let items = items.get(&p.id).cloned().unwrap_or_else(|| p.id.clone());
                    if RESERVED_ITEMS.contains(&items.as_str())
                        || !items.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                    {
                        l.problem(
                            p.line,
                            format!("add-another page `{}` names its items `{items}`", p.id),
                            format!(
                                "use lower-case letters, digits and hyphens, and none of {}",
                                RESERVED_ITEMS.join(", ")
                            ),
                        );
                    }
                    group = Some(Group {
                        items,
                        page: p.id.clone(),
                        field: f.name.clone(),
                        more: more.clone(),
                        done: done.clone(),
                    });
                }
                None => l.problem(
                    p.line,
                    format!("add-another page `{}` does not ask one question with two answers", p.id),
                    "give it one radios field, always asked, with options = [\"yes\", \"no\"]: the first adds an item, the second goes on",
                ),
            }
        }
        (None, None) => {}
    }
    let uploads: Vec<(usize, &Page)> = pages.iter().enumerate().filter(|(_, p)| p.kind == PageKind::Upload).collect();
    for (_, p) in uploads.iter().skip(1) {
        l.problem(
            p.line,
            format!("page `{}` is a second upload page; a form has one", p.id),
            "ask for every document on one upload page",
        );
    }
    if let Some(&(0, p)) = uploads.first() {
        l.problem(
            p.line,
            format!("upload page `{}` is the form's first page", p.id),
            "put a question page first: files are only kept once the form has begun",
        );
    }
    group
}

#[cfg(test)]
mod tests;
