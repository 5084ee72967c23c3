//! The directory's pages: the landing page the build writes, with the categories and the
//! filter form (it sends a GET to the results page `porth serve` answers), and each entry's
//! page (its details in a GOV.UK summary list) and `.ics`, which `porth serve` renders when
//! asked and `porth check` renders to check. The views here are shared with the results
//! page, so both show an entry the same way.

use crate::lang::Lang;
use crate::problems::Problem;
use crate::site::config::Config;
use crate::site::context::{self, Link, Place};
use crate::site::directory::entry::{Referral, Status};
use crate::site::directory::filter::{self, FieldError, Query};
use crate::site::directory::{Directory, Entry, schedule};
use crate::site::render::Renderer;
use serde::Serialize;
use std::path::PathBuf;

/// What the directory's pages need of the loaded site (a view of `build::Loaded`, which
/// the build and the results page both have).
pub(crate) struct Loaded<'a> {
    pub(crate) config: &'a Config,
    pub(crate) renderer: &'a Renderer,
    pub(crate) site: &'a crate::site::content::Site,
}

/// A string from the site's Fluent files (a missing one is a `porth check` problem).
fn t(loaded: &Loaded<'_>, lang: Lang, key: &str) -> String {
    loaded.renderer.i18n.text(lang, key)
}

fn t_args(loaded: &Loaded<'_>, lang: Lang, key: &str, args: &[(&str, String)]) -> String {
    let args: Vec<(&str, crate::site::i18n::Arg)> =
        args.iter().map(|(k, v)| (*k, crate::site::i18n::Arg::Str(v.clone()))).collect();
    loaded.renderer.i18n.t(lang, key, &args).unwrap_or_default()
}

/// Fluent keys the views use by name (templates' own keys are found in the templates).
pub(crate) const I18N_KEYS: &[&str] = &[
    "directory-age-range",
    "directory-age-from",
    "directory-age-up-to",
    "directory-age-any",
    "directory-areas-all",
    "directory-lang-cy",
    "directory-lang-en",
    "directory-referral-self",
    "directory-referral-professional",
    "directory-referral-either",
    "directory-free",
    "directory-status-temporarily-closed",
    "directory-status-inactive",
    "directory-status-defunct",
    "directory-calendar-name",
    "directory-title",
    "directory-results-title",
];

/// Markdown to HTML with any raw HTML shown as text: an entry's description is words.
fn markdown(text: &str) -> String {
    use pulldown_cmark::{Event, Parser};
    let parser = Parser::new(text).map(|e| match e {
        Event::Html(h) | Event::InlineHtml(h) => Event::Text(h),
        e => e,
    });
    let mut out = String::new();
    pulldown_cmark::html::push_html(&mut out, parser);
    out
}

fn age_text(loaded: &Loaded<'_>, lang: Lang, min: Option<u8>, max: Option<u8>) -> String {
    match (min, max) {
        (Some(a), Some(b)) => {
            t_args(loaded, lang, "directory-age-range", &[("min", a.to_string()), ("max", b.to_string())])
        }
        (Some(a), None) => t_args(loaded, lang, "directory-age-from", &[("min", a.to_string())]),
        (None, Some(b)) => t_args(loaded, lang, "directory-age-up-to", &[("max", b.to_string())]),
        (None, None) => t(loaded, lang, "directory-age-any"),
    }
}

fn status_tag(loaded: &Loaded<'_>, lang: Lang, s: Status) -> Option<String> {
    match s {
        Status::Active => None,
        Status::TemporarilyClosed => Some(t(loaded, lang, "directory-status-temporarily-closed")),
        Status::Inactive => Some(t(loaded, lang, "directory-status-inactive")),
        Status::Defunct => Some(t(loaded, lang, "directory-status-defunct")),
    }
}

/// An entry as a results list shows it (`directory-results.html`'s `results.items`).
#[derive(Serialize)]
pub(crate) struct SummaryView<'a> {
    name: &'a str,
    summary: &'a str,
    url: String,
    organisation: &'a str,
    /// The categories' labels.
    categories: Vec<&'a str>,
    ages: String,
    free: bool,
    /// "Free", or the entry's words on cost (empty when it has none).
    cost: String,
    /// Offered in Welsh.
    welsh: bool,
    /// The status tag; `None` for an active service.
    status: Option<String>,
    /// Each regular time in words.
    schedules: Vec<String>,
}

/// An entry as a results list shows it.
pub(crate) fn summary_view<'a>(loaded: &Loaded<'_>, dir: &'a Directory, e: &'a Entry, lang: Lang) -> SummaryView<'a> {
    let f = &e.text(lang).fields;
    let facts = e.facts();
    SummaryView {
        name: &f.name,
        summary: &f.summary,
        url: Directory::entry_url(lang, &e.slug),
        organisation: &f.organisation.name,
        categories: facts
            .categories
            .iter()
            .filter_map(|c| dir.taxonomy.categories.get(c))
            .map(|t| t.label(lang))
            .collect(),
        ages: age_text(loaded, lang, facts.eligibility.min_age, facts.eligibility.max_age),
        free: facts.cost.free,
        cost: if facts.cost.free {
            t(loaded, lang, "directory-free")
        } else {
            f.cost.description.clone().unwrap_or_default()
        },
        welsh: facts.languages.iter().any(|l| l == "cy"),
        status: status_tag(loaded, lang, facts.status),
        schedules: e.rules.iter().map(|r| schedule::in_words(lang, r)).collect(),
    }
}

/// An entry's own page (`directory-entry.html`'s `service`).
#[derive(Serialize)]
struct EntryView<'a> {
    slug: &'a str,
    name: &'a str,
    summary: &'a str,
    /// The entry's Markdown body as HTML, raw HTML shown as text.
    description: String,
    status: Option<String>,
    organisation: OrganisationView<'a>,
    website: Option<&'a str>,
    email: Option<&'a str>,
    phones: Vec<PhoneView<'a>>,
    categories: Vec<CategoryLink<'a>>,
    /// The needs' labels.
    needs: Vec<&'a str>,
    ages: String,
    eligibility: Option<&'a str>,
    /// The areas' names, or the one "all areas" text.
    areas: Vec<String>,
    languages: Vec<String>,
    referral: String,
    free: bool,
    cost: Option<&'a str>,
    locations: Vec<LocationView<'a>>,
    schedules: Vec<ScheduleView<'a>>,
    /// The entry's calendar, when it has regular times.
    ics_url: Option<String>,
    reviewed: String,
}

#[derive(Serialize)]
struct OrganisationView<'a> {
    name: &'a str,
    website: Option<&'a str>,
}

#[derive(Serialize)]
struct PhoneView<'a> {
    number: &'a str,
    /// The number for a `tel:` link.
    tel: &'a str,
    description: Option<&'a str>,
}

/// A category's label and the results page filtered to it.
#[derive(Serialize)]
struct CategoryLink<'a> {
    label: &'a str,
    url: String,
}

#[derive(Serialize)]
struct LocationView<'a> {
    name: &'a str,
    address: &'a str,
    /// The postcode as the directory normalised it.
    postcode: &'a str,
    accessibility: Option<&'a str>,
}

#[derive(Serialize)]
struct ScheduleView<'a> {
    words: String,
    description: Option<&'a str>,
}

/// An entry's own page.
fn entry_view<'a>(loaded: &Loaded<'_>, dir: &'a Directory, e: &'a Entry, lang: Lang) -> EntryView<'a> {
    let p = e.text(lang);
    let f = &p.fields;
    let facts = e.facts();
    let config = &loaded.config;
    let areas: Vec<String> = if facts.areas.iter().any(|a| a == "all") {
        vec![t(loaded, lang, "directory-areas-all")]
    } else {
        facts.areas.iter().filter_map(|a| config.areas.get(a)).map(|a| a.name(lang).to_string()).collect()
    };
    let referral = match facts.referral {
        Referral::SelfReferral => "directory-referral-self",
        Referral::Professional => "directory-referral-professional",
        Referral::Either => "directory-referral-either",
    };
    let results = Directory::results_url(lang);
    let enc = |s: &str| form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    EntryView {
        slug: &e.slug,
        name: &f.name,
        summary: &f.summary,
        description: markdown(&p.body),
        status: status_tag(loaded, lang, facts.status),
        organisation: OrganisationView { name: &f.organisation.name, website: f.organisation.website.as_deref() },
        website: f.website.as_deref(),
        email: f.email.as_deref(),
        phones: f
            .phones
            .iter()
            .zip(&e.tel)
            .map(|(ph, tel)| PhoneView { number: &ph.number, tel, description: ph.description.as_deref() })
            .collect(),
        categories: facts
            .categories
            .iter()
            .filter_map(|c| {
                dir.taxonomy.categories.get(c).map(|t| CategoryLink {
                    label: t.label(lang),
                    url: format!("{results}?{}={}", filter::param(lang, "category"), enc(c)),
                })
            })
            .collect(),
        needs: facts.needs.iter().filter_map(|n| dir.taxonomy.needs.get(n)).map(|t| t.label(lang)).collect(),
        ages: age_text(loaded, lang, facts.eligibility.min_age, facts.eligibility.max_age),
        eligibility: f.eligibility.description.as_deref(),
        areas,
        languages: facts.languages.iter().map(|l| t(loaded, lang, &format!("directory-lang-{l}"))).collect(),
        referral: t(loaded, lang, referral),
        free: facts.cost.free,
        cost: f.cost.description.as_deref(),
        locations: f
            .locations
            .iter()
            .zip(&e.postcodes)
            .map(|(l, pc)| LocationView {
                name: &l.name,
                address: &l.address,
                postcode: pc,
                accessibility: l.accessibility.as_deref(),
            })
            .collect(),
        schedules: f
            .schedules
            .iter()
            .zip(&e.rules)
            .map(|(s, r)| ScheduleView { words: schedule::in_words(lang, r), description: s.description.as_deref() })
            .collect(),
        ics_url: (!e.rules.is_empty()).then(|| format!("{}service.ics", Directory::entry_url(lang, &e.slug))),
        reviewed: crate::site::dates::date(lang, e.reviewed),
    }
}

/// One option of the filter form: a category, need, area or day.
#[derive(Serialize)]
pub(crate) struct FormOption<'a> {
    /// What the option sends.
    key: &'a str,
    label: &'a str,
    /// Chosen in the query shown.
    checked: bool,
}

/// A problem with what was typed, under the field it names.
#[derive(Serialize)]
pub(crate) struct FormError {
    field: &'static str,
    text: String,
}

/// The query parameters' names in the page's language (`category`, `categori`, …).
#[derive(Serialize)]
pub(crate) struct ParamNames {
    category: &'static str,
    need: &'static str,
    age: &'static str,
    area: &'static str,
    postcode: &'static str,
    free: &'static str,
    welsh: &'static str,
    day: &'static str,
}

impl ParamNames {
    fn new(lang: Lang) -> ParamNames {
        let p = |n| filter::param(lang, n);
        ParamNames {
            category: p("category"),
            need: p("need"),
            age: p("age"),
            area: p("area"),
            postcode: p("postcode"),
            free: p("free"),
            welsh: p("welsh"),
            day: p("day"),
        }
    }
}

/// The filter form (`partials/directory_filters.html`'s `form`).
#[derive(Serialize)]
pub(crate) struct FormView<'a> {
    /// The results page the form sends its GET to.
    action: &'static str,
    names: ParamNames,
    /// What a ticked checkbox sends.
    yes: &'static str,
    categories: Vec<FormOption<'a>>,
    needs: Vec<FormOption<'a>>,
    areas: Vec<FormOption<'a>>,
    days: Vec<FormOption<'a>>,
    need_chosen: bool,
    area_chosen: bool,
    /// The age as read, or as typed when it could not be read.
    age: String,
    postcode: &'a str,
    free: bool,
    welsh: bool,
    /// The site has Welsh (the "offered in Welsh" box shows).
    welsh_site: bool,
    errors: Vec<FormError>,
    age_error: Option<String>,
    postcode_error: Option<String>,
    /// A postcode district the site knows, for the postcode hint.
    district_example: Option<&'a str>,
}

/// The filter form's options, with what `q` chose marked, and its errors.
pub(crate) fn form_view<'a>(
    loaded: &Loaded<'a>,
    dir: &'a Directory,
    lang: Lang,
    q: &'a Query,
    errors: &[FieldError],
) -> FormView<'a> {
    let mut categories: Vec<FormOption<'a>> = dir
        .taxonomy
        .categories
        .iter()
        .map(|(k, t)| FormOption { key: k, label: t.label(lang), checked: q.categories.contains(k) })
        .collect();
    categories.sort_by(|a, b| a.label.cmp(b.label));
    let mut needs: Vec<FormOption<'a>> = dir
        .taxonomy
        .needs
        .iter()
        .map(|(k, t)| FormOption { key: k, label: t.label(lang), checked: q.need.as_ref() == Some(k) })
        .collect();
    needs.sort_by(|a, b| a.label.cmp(b.label));
    // As `events::areas` lists them (sorted by name), borrowed.
    let mut areas: Vec<FormOption<'a>> = loaded
        .config
        .areas
        .iter()
        .map(|(key, a)| FormOption { key, label: a.name(lang), checked: q.area.as_deref() == Some(key.as_str()) })
        .collect();
    areas.sort_by(|a, b| a.label.cmp(b.label));
    let days: Vec<FormOption<'a>> = schedule::DAYS
        .iter()
        .enumerate()
        .map(|(i, d)| FormOption { key: d, label: crate::site::dates::weekday(lang, i), checked: q.days & 1 << i != 0 })
        .collect();
    let errors: Vec<FormError> =
        errors.iter().map(|e| FormError { field: e.field, text: t(loaded, lang, e.key) }).collect();
    let error_for = |field: &str| errors.iter().find(|e| e.field == field).map(|e| e.text.clone());
    FormView {
        action: Directory::results_url(lang),
        names: ParamNames::new(lang),
        yes: filter::yes(lang),
        categories,
        needs,
        areas,
        days,
        need_chosen: q.need.is_some(),
        area_chosen: q.area.is_some(),
        age: q.age.map(|a| a.to_string()).unwrap_or_else(|| q.age_typed.clone()),
        postcode: &q.postcode,
        free: q.free,
        welsh: q.welsh,
        welsh_site: loaded.config.langs.contains(&Lang::Cy),
        age_error: error_for("age"),
        postcode_error: error_for("postcode"),
        errors,
        district_example: loaded.config.postcode_districts.keys().next().map(String::as_str),
    }
}

/// Breadcrumbs from the home page: home, then (below the landing page) the directory.
pub(crate) fn crumbs(loaded: &Loaded<'_>, lang: Lang, with_directory: bool) -> Vec<Link> {
    let mut out = vec![];
    if let Some(home) = loaded.site.by_key.get("_index.md").and_then(|&i| loaded.site.nodes[i].variants.get(&lang)) {
        out.push(Link { title: home.front.title.clone(), url: home.url.clone() });
    }
    if with_directory {
        out.push(Link { title: t(loaded, lang, "directory-title"), url: Directory::url(lang).to_string() });
    }
    out
}

/// A category on the landing page, with how many entries it has.
#[derive(Serialize)]
struct LandingCategory<'a> {
    label: &'a str,
    description: Option<&'a str>,
    /// The results page filtered to it.
    url: String,
    count: usize,
}

/// How many entry pages `write` renders to check them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Check {
    /// Every entry in every language (`porth check`): if it passes, every page renders.
    Every,
    /// The first entry in each language (`porth build`, `porth serve`): a template that
    /// cannot render fails the build at once, without rendering 10,000 pages to find out.
    First,
}

/// Writes the landing page in every language into `put` (path under the output folder,
/// bytes), and gives each entry's searchable text to `index` (as a small page search
/// reads). The entries' own pages and calendars are not written: `porth serve` answers
/// them from the loaded directory (`entry_page`, `ics`), as it answers the results page.
/// Writing 20,000 pages and 7,000 calendars for 5,000 services took most of a 31 s build
/// (BENCHMARKS.md, "Services directory"). Entry pages are rendered here only to check them.
pub(crate) fn write(
    loaded: &Loaded<'_>,
    dir: &Directory,
    site_views: &std::collections::HashMap<Lang, tera::Value>,
    check: Check,
    put: &(dyn Fn(PathBuf, Vec<u8>) + Sync),
    index: &(dyn Fn(PathBuf, Vec<u8>) + Sync),
) -> Vec<Problem> {
    use rayon::prelude::*;
    let config = &loaded.config;
    let problems = std::sync::Mutex::new(vec![]);
    let fail = |file: PathBuf, e: anyhow::Error| {
        problems.lock().expect("poisoned").push(Problem::new(file, 0, format!("{e:#}"), "fix the directory template"))
    };
    let rel = |url: &str| PathBuf::from(url.trim_start_matches('/'));
    for &lang in &config.langs {
        let other = config.other_lang(lang);
        let url = Directory::url(lang);
        let alternates: Vec<(Lang, String)> =
            config.langs.iter().map(|&l| (l, Directory::url(l).to_string())).collect();
        let place = Place { lang, url, other_url: other.map(Directory::url), alternates };
        let title = t(loaded, lang, "directory-title");
        let mut ctx = context::base(&config.base_url, &site_views[&lang], &place, &title);
        ctx.insert("breadcrumbs", &crumbs(loaded, lang, false));
        let results = Directory::results_url(lang);
        let mut categories: Vec<LandingCategory<'_>> = dir
            .taxonomy
            .categories
            .iter()
            .map(|(k, term)| {
                let count =
                    dir.index.run(lang, &Query { categories: vec![k.clone()], page: 1, ..Query::default() }).len();
                LandingCategory {
                    label: term.label(lang),
                    description: term.description(lang),
                    url: format!("{results}?{}={k}", filter::param(lang, "category")),
                    count,
                }
            })
            .collect();
        categories.sort_by(|a, b| a.label.cmp(b.label));
        ctx.insert("categories", &categories);
        ctx.insert("form", &form_view(loaded, dir, lang, &Query::default(), &[]));
        ctx.insert("total", &dir.index.run(lang, &Query::default()).len());
        match loaded.renderer.render("directory.html", &ctx) {
            Ok(html) => put(rel(url).join("index.html"), html.into_bytes()),
            Err(e) => fail(config.root.join("directory"), e),
        }
    }
    let checked = match check {
        Check::Every => dir.entries.len(),
        Check::First => 1,
    };
    let checked = checked.min(dir.entries.len());
    dir.entries[..checked].par_iter().for_each(|e| {
        for &lang in &config.langs {
            if let Err(err) = entry_page(loaded, dir, e, lang, &site_views[&lang]) {
                fail(e.files[&lang].clone(), err);
            }
        }
    });
    index_entries(loaded, dir, index);
    problems.into_inner().expect("poisoned")
}

/// Gives each listed entry's searchable text, in every language, to `index` (path of the
/// page `porth serve` answers, and the small page search reads). A whole build calls it from
/// `write`; watch mode's partial rebuild calls it again when it writes the search index from
/// the output folder (`rebuild::refresh_search`), where entry pages never are.
pub(crate) fn index_entries(loaded: &Loaded<'_>, dir: &Directory, index: &(dyn Fn(PathBuf, Vec<u8>) + Sync)) {
    use rayon::prelude::*;
    let rel = |url: &str| PathBuf::from(url.trim_start_matches('/'));
    dir.entries.par_iter().for_each(|e| {
        for &lang in &loaded.config.langs {
            // Closed for good: the page answers (links to it keep working) but search skips it.
            if e.listed() {
                index(rel(&Directory::entry_url(lang, &e.slug)).join("index.html"), search_page(loaded, dir, e, lang));
            }
        }
    });
}

/// An entry's own page in `lang`, as `porth serve` sends it.
pub(crate) fn entry_page(
    loaded: &Loaded<'_>,
    dir: &Directory,
    e: &Entry,
    lang: Lang,
    site_view: &tera::Value,
) -> anyhow::Result<String> {
    let config = &loaded.config;
    let url = Directory::entry_url(lang, &e.slug);
    let other_url = config.other_lang(lang).map(|o| Directory::entry_url(o, &e.slug));
    let alternates = config.langs.iter().map(|&l| (l, Directory::entry_url(l, &e.slug))).collect();
    let place = Place { lang, url: &url, other_url: other_url.as_deref(), alternates };
    let mut ctx = context::base(&config.base_url, site_view, &place, &e.text(lang).fields.name);
    ctx.insert("breadcrumbs", &crumbs(loaded, lang, true));
    ctx.insert("service", &entry_view(loaded, dir, e, lang));
    ctx.insert("directory_url", Directory::url(lang));
    // Closed for good: the page stays (links to it keep working) but search skips it.
    ctx.insert("noindex", &!e.listed());
    loaded.renderer.render("directory-entry.html", &ctx)
}

/// What search reads of an entry's page (`site::search`'s extractor: the breadcrumbs for
/// its section, the `<h1>`, the text of `<main>`), without rendering the whole page.
fn search_page(loaded: &Loaded<'_>, dir: &Directory, e: &Entry, lang: Lang) -> Vec<u8> {
    let esc = |s: &str| {
        let mut out = String::with_capacity(s.len());
        for c in s.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                c => out.push(c),
            }
        }
        out
    };
    let p = e.text(lang);
    let f = &p.fields;
    let crumbs: String = crumbs(loaded, lang, true)
        .iter()
        .map(|c| format!("<a class=\"govuk-breadcrumbs__link\">{}</a>", esc(&c.title)))
        .collect();
    let categories: Vec<String> = e
        .facts()
        .categories
        .iter()
        .filter_map(|c| dir.taxonomy.categories.get(c))
        .map(|t| esc(t.label(lang)))
        .collect();
    // The page's three parts under its own headings, as the served page has them: who it is
    // for, where and when, how to get in touch (a parent searches "speech therapy phone").
    let facts = e.facts();
    let needs: Vec<&str> =
        facts.needs.iter().filter_map(|n| dir.taxonomy.needs.get(n)).map(|t| t.label(lang)).collect();
    let who = format!(
        "{} {}",
        age_text(loaded, lang, facts.eligibility.min_age, facts.eligibility.max_age),
        needs.join(", ")
    );
    let mut where_when = String::new();
    for l in &f.locations {
        where_when.push_str(&format!("<p>{} {} {}</p>", esc(&l.name), esc(&l.address), esc(&l.postcode)));
    }
    for (s, r) in f.schedules.iter().zip(&e.rules) {
        where_when.push_str(&format!(
            "<p>{} {}</p>",
            esc(&schedule::in_words(lang, r)),
            esc(s.description.as_deref().unwrap_or_default())
        ));
    }
    let mut contact = String::new();
    for ph in &f.phones {
        contact.push_str(&format!(
            "<p>{} {} {}</p>",
            esc(&t(loaded, lang, "directory-phone")),
            esc(&ph.number),
            esc(ph.description.as_deref().unwrap_or_default())
        ));
    }
    if let Some(email) = &f.email {
        contact.push_str(&format!("<p>{} {}</p>", esc(&t(loaded, lang, "directory-email")), esc(email)));
    }
    format!(
        "<nav>{crumbs}</nav><main><p>{}</p><h1>{}</h1><p>{}</p>{}<p>{}</p><p>{}</p>\
         <h2>{}</h2><p>{}</p><h2>{}</h2>{where_when}<h2>{}</h2>{contact}</main>",
        esc(&f.organisation.name),
        esc(&f.name),
        esc(&f.summary),
        markdown(&p.body),
        esc(f.eligibility.description.as_deref().unwrap_or_default()),
        categories.join(", "),
        esc(&t(loaded, lang, "directory-who-heading")),
        esc(&who),
        esc(&t(loaded, lang, "directory-where-when-heading")),
        esc(&t(loaded, lang, "directory-contact-heading")),
    )
    .into_bytes()
}

/// The entry's regular times as one calendar: a recurring VEVENT per schedule, its UID from
/// the slug and the schedule's place, so a re-import updates rather than duplicates.
pub(crate) fn ics(e: &Entry, lang: Lang, calendar_name: &str, base_url: &str) -> String {
    let p = e.text(lang);
    let host = base_url.split("://").nth(1).unwrap_or("porth").split('/').next().unwrap_or("porth");
    let url = format!("{base_url}{}", Directory::entry_url(lang, &e.slug));
    let location = p.fields.locations.first().map(|l| format!("{}, {}, {}", l.name, l.address, l.postcode));
    let events: Vec<String> = e
        .rules
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let start = r.valid_from.unwrap_or(e.reviewed);
            let day = schedule::first_on_or_after(r, start);
            let at = |t: time::Time| time::PrimitiveDateTime::new(day, t);
            crate::site::events::recurring_vevent(&crate::site::events::Recurring {
                uid: format!("{}-{i}@{host}", e.slug),
                start: at(r.opens),
                end: at(r.closes),
                rrule: schedule::rrule(r),
                summary: p.fields.name.clone(),
                location: location.clone(),
                url: url.clone(),
            })
        })
        .collect();
    crate::site::events::calendar(calendar_name, lang, &events)
}
