//! The pages of a form as the visitor sees them: a question page, "check your answers" and
//! the confirmation, each rendered with the site's renderer and strings and never cached.

use super::{FieldError, Step, Tr, field_view, upload};
use crate::forms::model::{CHECK_SLUG, Form, Kind, PageKind, SENT_SLUG};
use crate::lang::Lang;
use crate::service::sessions::{FormState, Sent, Values};
use crate::service::state::App;
use crate::site::context::{self, Place};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Serialize;
use tera::Context;

/// An error summary's link to the field in error.
#[derive(Serialize)]
struct ErrorLink {
    href: String,
    text: String,
}

/// An item of a repeat group on its "add another" page ("Child 1: Alaw Jones").
#[derive(Serialize)]
struct ItemLink {
    n: usize,
    name: String,
    change_url: String,
}

/// A document already uploaded, with its place in the list (for Remove).
#[derive(Serialize)]
struct FileView {
    index: usize,
    name: String,
    size: String,
}

/// A section of the check-your-answers page.
#[derive(Serialize)]
struct SummarySection {
    title: String,
    rows: Vec<SummaryRow>,
}

/// An answer on the check page: its lines, and where to change it.
#[derive(Serialize)]
struct SummaryRow {
    label: String,
    lines: Vec<String>,
    change_url: String,
}

/// A statutory date as the confirmation shows it.
#[derive(Serialize)]
struct DueView {
    date: String,
    rule: String,
}

pub(super) fn slug_check(lang: Lang) -> &'static str {
    CHECK_SLUG.iter().find(|(l, _)| *l == lang).map(|(_, s)| *s).expect("a slug per language")
}
pub(super) fn slug_sent(lang: Lang) -> &'static str {
    SENT_SLUG.iter().find(|(l, _)| *l == lang).map(|(_, s)| *s).expect("a slug per language")
}

/// Form pages hold personal data: never cached, by the browser or anything between.
pub(super) fn html(body: String, status: StatusCode, cookie: Option<String>) -> Response {
    let mut resp = (status, axum::response::Html(body)).into_response();
    let h = resp.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Some(v) = cookie.and_then(|c| HeaderValue::from_str(&c).ok()) {
        h.insert(header::SET_COOKIE, v);
    }
    resp
}

pub(super) fn see_other(to: &str, cookie: Option<String>) -> Response {
    let mut resp = Redirect::to(to).into_response();
    if let Some(v) = cookie.and_then(|c| HeaderValue::from_str(&c).ok()) {
        resp.headers_mut().insert(header::SET_COOKIE, v);
    }
    resp
}

/// The page's language's counterpart for the language toggle and the switch button; on a
/// one-language site, the same language (the toggle is then not shown at all).
pub(super) fn other(app: &crate::service::state::AppState, lang: Lang) -> Lang {
    app.loaded.config.other_lang(lang).unwrap_or(lang)
}

/// What every page built on `base.html` needs, from the one builder the generator uses.
pub(super) fn base_context(app: &App, lang: Lang, url: &str, other_url: &str, title: &str) -> Context {
    let mut alternates = vec![(lang, url.to_string()), (other(app, lang), other_url.to_string())];
    alternates.sort();
    let place = Place { lang, url, other_url: Some(other_url), alternates };
    let mut ctx = context::base(&app.loaded.config.base_url, &app.site_views[&lang], &place, title);
    ctx.insert("idle_minutes", &(app.sessions.idle.as_secs() / 60));
    ctx
}

#[allow(clippy::result_large_err)] // the error is the page to send
pub(super) fn render(app: &App, template: &str, ctx: &Context) -> Result<String, Response> {
    app.loaded.renderer.render(template, ctx).map_err(|e| {
        tracing::error!(template, "rendering failed: {e:#}");
        StatusCode::INTERNAL_SERVER_ERROR.into_response()
    })
}

pub(super) fn paragraphs(text: &str) -> Vec<String> {
    text.split('\n').map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect()
}

/// Context shared by the pages of one form.
pub(super) fn form_context(
    app: &App,
    d: &Form,
    lang: Lang,
    here: &str,
    other_here: &str,
    title: &str,
    csrf: &str,
) -> Context {
    let tr = Tr { i18n: &app.loaded.renderer.i18n, lang };
    let mut ctx = base_context(app, lang, here, other_here, title);
    ctx.insert("form_name", &tr.t(&d.key("name")));
    ctx.insert("form_prefix", &d.prefix);
    ctx.insert("csrf", csrf);
    ctx.insert("errors", &Vec::<ErrorLink>::new());
    ctx
}

/// The URL of a step, keeping the "came from check your answers" flag.
pub(super) fn step_url(d: &Form, lang: Lang, step: &Step<'_>, change: bool) -> String {
    format!("{}{}{}", d.start_url(lang), step.slug(lang), if change { "?change=1" } else { "" })
}

#[allow(clippy::too_many_arguments)]
pub(super) fn question(
    app: &App,
    d: &Form,
    lang: Lang,
    step: Step<'_>,
    state: &FormState,
    csrf: &str,
    change: bool,
    errors: &[FieldError],
    status: StatusCode,
    cookie: Option<String>,
) -> Response {
    let tr = Tr { i18n: &app.loaded.renderer.i18n, lang };
    let empty = Values::new();
    let values = state.page(&step.key()).unwrap_or(&empty);
    let single = step.page.single();
    let mut title =
        if single { tr.t(&d.key(&step.page.fields[0].name)) } else { tr.t(&d.key(&format!("{}-title", step.page.id))) };
    if single && step.page.fields[0].optional {
        title = format!("{title} {}", tr.t("forms-optional"));
    }
    let here = step_url(d, lang, &step, change);
    let there = step_url(d, other(app, lang), &step, change);
    let mut ctx = form_context(app, d, lang, &here, &there, &title, csrf);
    let page_title =
        if errors.is_empty() { title.clone() } else { format!("{} {title}", tr.t("forms-error-title-prefix")) };
    ctx.insert("page_title", &page_title);
    ctx.insert("title", &title);
    ctx.insert("single", &single);
    // A page asked once per child is captioned with its section and the child's number.
    let section = d.sections.iter().find(|s| s.pages.contains(&step.page.id));
    let caption = match section {
        Some(sec) if step.page.repeat => format!("{} {}", tr.t(&sec.title_key), step.n),
        _ => tr.t(&d.key("name")),
    };
    ctx.insert("caption", &caption);
    ctx.insert(
        "intro",
        &if step.page.intro { paragraphs(&tr.t(&d.key(&format!("{}-intro", step.page.id)))) } else { vec![] },
    );
    let fields: Vec<super::FieldView> = step
        .page
        .fields
        .iter()
        .filter(|f| super::asked(d, f, state, step.n))
        .map(|f| field_view(d, &tr, f, values, errors, state, step.n, single))
        .collect();
    ctx.insert("fields", &fields);
    ctx.insert(
        "errors",
        &errors.iter().map(|e| ErrorLink { href: format!("#{}", e.anchor), text: tr.error(e) }).collect::<Vec<_>>(),
    );
    ctx.insert("action", &here);
    ctx.insert("other_lang", app.loaded.config.other_lang(lang).map(Lang::code).unwrap_or_default());
    // Back goes to the page before in the journey (or the check page when changing).
    let steps = super::steps(d, state);
    let pos = steps.iter().position(|s| s.key() == step.key()).unwrap_or(0);
    let back = if change {
        format!("{}{}", d.start_url(lang), slug_check(lang))
    } else if pos == 0 {
        d.start_url(lang)
    } else {
        step_url(d, lang, &steps[pos - 1], false)
    };
    ctx.insert("back_url", &back);
    let template = match step.page.kind {
        PageKind::Question => "forms/question.html",
        PageKind::AddAnother => {
            // Each item so far, named by the answers `list_label` gives, with a link to its
            // first page.
            let first_repeat = d.pages.iter().find(|p| p.repeat).map(|p| p.id.as_str()).unwrap_or_default();
            let children: Vec<ItemLink> = (1..=super::items(d, state))
                .map(|n| {
                    let parts: Vec<&str> =
                        step.page.list_label.iter().map(|f| super::answer(d, state, f, n).trim()).collect();
                    let name = parts.join(" ");
                    let child_step =
                        steps.iter().find(|s| s.page.id == first_repeat && s.n == n).copied().unwrap_or(step);
                    ItemLink { n, name: name.trim().to_string(), change_url: step_url(d, lang, &child_step, false) }
                })
                .collect();
            ctx.insert("kids", &children);
            // Each item is named like its section ("Child 1", "Support 1").
            let item = d
                .sections
                .iter()
                .find(|sec| sec.pages.iter().any(|p| p == first_repeat))
                .map(|sec| tr.t(&sec.title_key))
                .unwrap_or_default();
            ctx.insert("item", &item);
            "forms/children.html"
        }
        PageKind::Upload => {
            let files: Vec<FileView> = state
                .uploads
                .iter()
                .enumerate()
                .map(|(index, u)| FileView {
                    index,
                    name: u.file_name.clone(),
                    size: format!("{:.1} MB", u.size as f64 / 1_048_576.0),
                })
                .collect();
            ctx.insert("files", &files);
            ctx.insert("max_files", &upload::MAX_FILES);
            ctx.insert("upload_error", &errors.first().map(|e| tr.error(e)));
            "forms/documents.html"
        }
    };
    match render(app, template, &ctx) {
        Ok(body) => html(body, status, cookie),
        Err(r) => r,
    }
}

#[allow(clippy::too_many_arguments)]
pub(super) fn check_page(
    app: &App,
    d: &Form,
    lang: Lang,
    state: &FormState,
    csrf: &str,
    errors: &[FieldError],
    status: StatusCode,
    cookie: Option<String>,
) -> Response {
    let tr = Tr { i18n: &app.loaded.renderer.i18n, lang };
    let title = tr.t("forms-check-title");
    let base = d.start_url(lang);
    let here = format!("{base}{}", slug_check(lang));
    let there = format!("{}{}", d.start_url(other(app, lang)), slug_check(other(app, lang)));
    let mut ctx = form_context(app, d, lang, &here, &there, &title, csrf);
    let page_title =
        if errors.is_empty() { title.clone() } else { format!("{} {title}", tr.t("forms-error-title-prefix")) };
    ctx.insert("page_title", &page_title);
    ctx.insert("title", &title);
    let sections: Vec<SummarySection> = super::summary(d, &tr, state)
        .into_iter()
        .filter(|s| !s.rows.is_empty())
        .map(|s| {
            let rows: Vec<SummaryRow> = s
                .rows
                .iter()
                .map(|r| {
                    let anchor = match r.field {
                        Some(f) if matches!(f.kind, Kind::Date { .. }) => format!("#{}-day", f.name),
                        Some(f) => format!("#{}", f.name),
                        None => String::new(),
                    };
                    SummaryRow {
                        label: r.label.clone(),
                        lines: r.value.split('\n').map(str::to_string).collect(),
                        change_url: format!("{}{anchor}", step_url(d, lang, &r.step, true)),
                    }
                })
                .collect();
            SummarySection { title: s.title.clone(), rows }
        })
        .collect();
    ctx.insert("sections", &sections);
    ctx.insert(
        "errors",
        &errors.iter().map(|e| ErrorLink { href: format!("#{}", e.anchor), text: tr.error(e) }).collect::<Vec<_>>(),
    );
    ctx.insert("declaration_error", &errors.first().map(|e| tr.error(e)));
    ctx.insert("declaration", &tr.t(&d.key("declaration")));
    ctx.insert("submit", &tr.t(&d.key("submit")));
    ctx.insert("privacy_url", &app.loaded.site.url("privacy.md", lang).unwrap_or("/"));
    // "Send me a copy of my answers", off by default: only where an acknowledgement can go.
    ctx.insert("can_copy", &!d.sender_email.is_empty());
    ctx.insert("action", &here);
    let steps = super::steps(d, state);
    ctx.insert("back_url", &steps.last().map(|s| step_url(d, lang, s, false)).unwrap_or_else(|| base.clone()));
    ctx.insert("other_lang", app.loaded.config.other_lang(lang).map(Lang::code).unwrap_or_default());
    match render(app, "forms/check.html", &ctx) {
        Ok(body) => html(body, status, cookie),
        Err(r) => r,
    }
}

pub(super) fn confirmation(
    app: &App,
    d: &Form,
    lang: Lang,
    sent: &Sent,
    csrf: &str,
    cookie: Option<String>,
) -> Response {
    let tr = Tr { i18n: &app.loaded.renderer.i18n, lang };
    let title = tr.t(&d.key("sent-title"));
    let here = format!("{}{}", d.start_url(lang), slug_sent(lang));
    let there = format!("{}{}", d.start_url(other(app, lang)), slug_sent(other(app, lang)));
    let mut ctx = form_context(app, d, lang, &here, &there, &title, csrf);
    ctx.insert("title", &title);
    ctx.insert("reference", sent.reference.as_str());
    ctx.insert("email_sent", &sent.email);
    // The team that will answer: `[contacts]` in config.toml, else the form's own
    // `contact` and `contact_phone` details (a site without `[contacts]`).
    let config = &app.loaded.config;
    let (email, phone) = if config.contacts.is_empty() {
        (
            config.council(lang, &d.contact).unwrap_or_default(),
            config.council(lang, &d.contact_phone).unwrap_or_default(),
        )
    } else {
        let c = crate::site::teams::ContactView::for_form(config, d.id.as_str(), lang);
        (c.email, c.phone)
    };
    ctx.insert("contact_email", &email);
    ctx.insert("contact_phone_tel", &crate::site::contacts::phone(&phone).unwrap_or_else(|| phone.replace(' ', "")));
    ctx.insert("contact_phone", &phone);
    // What to do next, from the answers: each child named, each nation's rule.
    let notes: Vec<Vec<String>> = sent.notes.iter().map(|n| paragraphs(&tr.args(&n.key, &n.args(lang)))).collect();
    ctx.insert("notes", &notes);
    ctx.insert("next", &paragraphs(&tr.t(&d.key("next"))));
    let due = match (sent.due, &sent.due_key) {
        (Some(date), Some(key)) => Some(DueView { date: crate::site::dates::date(lang, date), rule: tr.t(key) }),
        _ => None,
    };
    // A form whose next steps are written from the answers gives its dates there, in plain
    // words, rather than as the rule's legal label.
    ctx.insert("due", &due.filter(|_| sent.notes.is_empty()));
    match render(app, "forms/confirmation.html", &ctx) {
        Ok(body) => html(body, StatusCode::OK, cookie),
        Err(r) => r,
    }
}
