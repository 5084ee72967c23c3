//! The forms over HTTP: every page a plain GET, every answer a POST that redirects
//! (POST-redirect-GET), so Back, refresh and a double click behave. Pages are rendered by
//! the same renderer and strings as the static site.
//!
//! URLs: the form's start URL from `routes::form_url`, then one segment per page in the
//! page's language (`/cy/ffurflenni/addysg-yn-y-cartref/plentyn-1`), the check page and the
//! confirmation. The language toggle on each page points at the same page in the other
//! language; the answers are the session's, not the language's.
//!
//! A GET never creates a session; the first POST with a valid CSRF token does (see
//! `Sessions::csrf`). A POST's body is read before the session's lock is taken, files
//! streamed into the session's store as they arrive, so a slow upload holds nothing up; then,
//! under the lock, the answers are changed and saved before the response goes out.

use super::body::{Incoming, Posted, read_body};
use super::views::{
    check_page, confirmation, form_context, html, other, paragraphs, question, render, see_other, slug_check,
    slug_sent, step_url,
};
use super::{FieldError, Step, Tr, upload};
use crate::lang::Lang;
use crate::service::outbox::{Attachment, Submission};
use crate::service::pages::{Message, message_page};
use crate::service::reference::Reference;
use crate::service::sessions::{self, FormState, Sent, Session, SessionId, Upload, Values};
use crate::service::state::App;
use crate::site::forms::{Form, FormId, Forms, Kind, PageKind};
use axum::Router;
use axum::extract::{DefaultBodyLimit, Query, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use axum::routing::get;
use serde_json::{Value, json};
use std::collections::HashMap;
use time::{Date, OffsetDateTime};

pub(crate) use super::body::UPLOAD_LIMIT;

/// Items in an add-another loop (children on the home-education form): far more than any
/// family, and a bound on what one session can make the server keep.
pub(crate) const MAX_ITEMS: usize = 20;

const HONEYPOT: &str = "website";
const CSRF: &str = "_csrf";

/// The form a route was mounted for. Forms are loaded before the router is made, so it
/// is always there.
fn form_of<'a>(app: &'a App, id: &FormId) -> &'a Form {
    app.loaded.forms.get(id).expect("routes are made from the loaded forms")
}

/// Every form's pages, in each of the site's languages.
pub(crate) fn router(forms: &Forms, langs: &[Lang]) -> Router<App> {
    let mut r = Router::new();
    for form in &forms.list {
        for &lang in langs {
            let base = form.start_url(lang);
            let (a, b, c) = (form.id.clone(), form.id.clone(), form.id.clone());
            r = r
                .route(
                    &base,
                    get(move |State(app): State<App>, headers: HeaderMap| start(app, a.clone(), lang, headers)),
                )
                .route(
                    &format!("{base}{{step}}"),
                    get(
                        move |State(app): State<App>,
                              axum::extract::Path(step): axum::extract::Path<String>,
                              Query(q): Query<HashMap<String, String>>,
                              headers: HeaderMap| {
                            show(app, b.clone(), lang, step, q.contains_key("change"), headers)
                        },
                    )
                    .post(
                        move |State(app): State<App>,
                              axum::extract::Path(step): axum::extract::Path<String>,
                              Query(q): Query<HashMap<String, String>>,
                              req: Request| {
                            answer(app, c.clone(), lang, step, q.contains_key("change"), req)
                        },
                    ),
                );
        }
    }
    // Bodies are limited per page in `read_body`; this only lifts axum's 2 MB default for
    // multipart, which would otherwise refuse a document the page allows.
    r.layer(DefaultBodyLimit::max(UPLOAD_LIMIT))
}

fn today() -> Date {
    OffsetDateTime::now_local().unwrap_or_else(|_| OffsetDateTime::now_utc()).date()
}

/// The visitor's session id from the cookie, or a new one and the `Set-Cookie` for it. A new
/// id costs nothing on the server: the session is made on the first POST that needs one.
fn visitor(app: &App, headers: &HeaderMap) -> (SessionId, Option<String>) {
    match cookie_id(headers) {
        Some(id) => (id, None),
        None => {
            let id = SessionId::random();
            let cookie = sessions::cookie_header(&id, app.secure_cookies);
            (id, Some(cookie))
        }
    }
}

fn cookie_id(headers: &HeaderMap) -> Option<SessionId> {
    headers.get_all(header::COOKIE).iter().filter_map(|h| h.to_str().ok()).find_map(sessions::cookie_value)
}

/// The visitor's answers for a page view: none if there is no session yet. An unreadable
/// session is logged and shown as empty; the next answer replaces it.
async fn current(app: &App, id: &SessionId) -> Session {
    match app.sessions.load(id).await {
        Ok(Some(s)) => {
            if let Err(e) = app.sessions.keep_alive(id, &s).await {
                tracing::warn!("sessions: could not keep a session alive: {e}");
            }
            s
        }
        Ok(None) => Session::default(),
        Err(e) => {
            tracing::error!("sessions: {e}");
            Session::default()
        }
    }
}

async fn start(app: App, form: FormId, lang: Lang, headers: HeaderMap) -> Response {
    let d = form_of(&app, &form);
    let (id, cookie) = visitor(&app, &headers);
    let s = current(&app, &id).await;
    let csrf = app.sessions.csrf(&id);
    let state = s.forms.get(&form).cloned().unwrap_or_default();
    let tr = Tr { i18n: &app.loaded.renderer.i18n, lang };
    let here = d.start_url(lang);
    let title = tr.t(&d.key("start-title"));
    let mut ctx = form_context(&app, d, lang, &here, &d.start_url(other(&app, lang)), &title, &csrf);
    let first_step = super::steps(d, &state)[0];
    ctx.insert("title", &title);
    // The council's details are the intro's arguments, so it can give a number itself
    // (`{ $childrens_services_phone }`) rather than send people to the contact page for it.
    let council = app.loaded.config.council_for(lang);
    let args: Vec<(&str, crate::site::i18n::Arg)> =
        council.iter().map(|(k, v)| (k.as_str(), crate::site::i18n::Arg::Str(v.clone()))).collect();
    ctx.insert("intro", &paragraphs(&tr.args(&d.key("start-intro"), &args)));
    ctx.insert("start_url", &format!("{here}{}", first_step.slug(lang)));
    ctx.insert("back_url", &app.loaded.site.url(&d.info_page, lang).unwrap_or("/"));
    match render(&app, "forms/start.html", &ctx) {
        Ok(body) => html(body, StatusCode::OK, cookie),
        Err(r) => r,
    }
}

async fn show(app: App, form: FormId, lang: Lang, slug: String, change: bool, headers: HeaderMap) -> Response {
    let d = form_of(&app, &form);
    let (id, cookie) = visitor(&app, &headers);
    let s = current(&app, &id).await;
    let csrf = app.sessions.csrf(&id);
    let state = s.forms.get(&form).cloned().unwrap_or_default();
    let base = d.start_url(lang);
    if slug == slug_sent(lang) {
        return match s.sent.get(&form) {
            Some(sent) => confirmation(&app, d, lang, sent, &csrf, cookie),
            None => see_other(&base, cookie),
        };
    }
    if slug == slug_check(lang) {
        if state.pages.is_empty() && s.sent.contains_key(&form) {
            return see_other(&format!("{base}{}", slug_sent(lang)), cookie);
        }
        if let Some(step) = super::first_incomplete(d, &state, today()) {
            return see_other(&format!("{base}{}", step.slug(lang)), cookie);
        }
        return check_page(&app, d, lang, &state, &csrf, &[], StatusCode::OK, cookie);
    }
    match super::step_for(d, &slug, lang, &state) {
        Some(step) => question(&app, d, lang, step, &state, &csrf, change, &[], StatusCode::OK, cookie),
        None => see_other(&base, cookie),
    }
}

/// One line of text as kept: no line breaks (they could only come from a tampered request,
/// and must never reach an e-mail header). Text boxes keep their lines, as `\n`.
fn clean(kind: &Kind, v: &str) -> String {
    match kind {
        Kind::Textarea => v.replace("\r\n", "\n").replace('\r', "\n"),
        _ => v.replace(['\r', '\n'], " "),
    }
}

/// The answers a page posted, for its own fields only; follow-up questions under answers
/// not chosen are dropped, so they are neither checked nor sent.
fn collect(d: &Form, step: &Step<'_>, posted: &Posted, state: &FormState) -> Values {
    let mut values = Values::new();
    for f in crate::site::forms::all_fields(&step.page.fields) {
        match &f.kind {
            Kind::Date { .. } => {
                for p in ["day", "month", "year"] {
                    let name = format!("{}-{p}", f.name);
                    values.insert(name.clone(), vec![clean(&f.kind, posted.get(&name).unwrap_or(""))]);
                }
            }
            Kind::Checkboxes { options, .. } => {
                let chosen: Vec<String> =
                    posted.all(&f.name).into_iter().filter(|v| options.iter().any(|o| &o.value == v)).collect();
                values.insert(f.name.clone(), chosen);
            }
            _ => {
                values.insert(f.name.clone(), vec![clean(&f.kind, posted.get(&f.name).unwrap_or(""))]);
            }
        }
    }
    let asked: Vec<&str> =
        super::asked_fields(d, &step.page.fields, &values, state, step.n).iter().map(|f| f.name.as_str()).collect();
    values.retain(|k, _| {
        asked
            .iter()
            .any(|a| k == a || k.strip_prefix(a).is_some_and(|rest| ["-day", "-month", "-year"].contains(&rest)))
    });
    values
}

/// Whether a URL segment names a form's documents page (whatever the answers so far).
fn is_upload_slug(d: &Form, slug: &str, lang: Lang) -> bool {
    d.pages.iter().filter(|p| p.kind == PageKind::Upload).any(|p| {
        let base = p.slug(lang);
        slug == base
            || slug.strip_prefix(base).and_then(|r| r.strip_prefix('-')).is_some_and(|n| n.parse::<usize>().is_ok())
    })
}

/// A POST: read the body (no lock held), then, in the session's turn, check the token,
/// apply the answer, and save before responding. The session is created here, on the first
/// POST, within the cap; files that arrived but were not kept, and files the answer let
/// go, are deleted once the save that forgets them is done.
async fn answer(app: App, form: FormId, lang: Lang, slug: String, change: bool, req: Request) -> Response {
    let d = form_of(&app, &form);
    let base = d.start_url(lang);
    let Some(id) = cookie_id(req.headers()) else {
        return message_page(&app, Some(lang), Message::Expired(&base));
    };
    let upload_page = is_upload_slug(d, &slug, lang);
    let multipart = req.headers().get(header::CONTENT_TYPE).is_some_and(|v| v.as_bytes().starts_with(b"multipart/"));
    // A file is only ever written into a session that exists: the documents page is never
    // a form's first, so a multipart POST without a session is refused before its body.
    if upload_page && multipart && !matches!(app.sessions.load(&id).await, Ok(Some(_))) {
        return message_page(&app, Some(lang), Message::Expired(&base));
    }
    let posted = match read_body(&app, lang, req, upload_page, &id).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let _turn = app.sessions.lock(&id).await;
    let (mut s, is_new) = match app.sessions.load(&id).await {
        Ok(Some(s)) => (s, false),
        Ok(None) => (Session::default(), true),
        Err(e) => {
            tracing::error!("sessions: {e}; starting the session again");
            (Session::default(), true)
        }
    };
    let discard = |app: &App, id: &SessionId, files: &[Incoming], keep: &[String]| {
        let gone: Vec<String> = files.iter().map(|f| f.stored.clone()).filter(|f| !keep.contains(f)).collect();
        let (app, id) = (app.clone(), id.clone());
        async move {
            for f in gone {
                app.sessions.delete_upload(&id, &f).await;
            }
        }
    };
    if !posted.get(CSRF).is_some_and(|t| app.sessions.csrf_ok(&id, t)) {
        tracing::warn!(form = %form, "form post without a valid CSRF token");
        discard(&app, &id, &posted.files, &[]).await;
        return message_page(&app, Some(lang), Message::Expired(&base));
    }
    if is_new && app.sessions.reserve().is_err() {
        tracing::warn!(sessions = app.sessions.len(), "refused a new session: the cap is reached");
        return message_page(&app, Some(lang), Message::Full);
    }
    let before = serde_json::to_vec(&s).unwrap_or_default();
    let uploads_before: Vec<String> = s.uploads().map(str::to_string).collect();
    let sent_before = s.sent.get(&form).map(|x| x.reference.clone());
    let resp = apply(&app, d, lang, &slug, change, &id, &mut s, &posted).await;
    let uploads_after: Vec<String> = s.uploads().map(str::to_string).collect();
    if serde_json::to_vec(&s).unwrap_or_default() == before {
        if is_new {
            app.sessions.release();
        }
        discard(&app, &id, &posted.files, &uploads_after).await;
        return resp;
    }
    if let Err(e) = app.sessions.save(&id, &mut s).await {
        tracing::error!("sessions: answers could not be saved: {e}");
        if is_new {
            app.sessions.release();
        }
        discard(&app, &id, &posted.files, &uploads_before).await;
        // Already in the outbox: say so, or the family would send it again.
        if let Some(sent) = s.sent.get(&form).filter(|x| Some(&x.reference) != sent_before.as_ref()) {
            return confirmation(&app, d, lang, sent, &app.sessions.csrf(&id), None);
        }
        return message_page(&app, Some(lang), Message::NotSaved);
    }
    let incoming: Vec<String> = posted.files.iter().map(|f| f.stored.clone()).collect();
    for f in uploads_before.iter().chain(&incoming).filter(|f| !uploads_after.contains(f)) {
        app.sessions.delete_upload(&id, f).await;
    }
    resp
}

/// Applies one posted page to the session, and says what to show next.
#[allow(clippy::too_many_arguments)]
async fn apply(
    app: &App,
    d: &Form,
    lang: Lang,
    slug: &str,
    change: bool,
    id: &SessionId,
    s: &mut Session,
    posted: &Posted,
) -> Response {
    let form = d.id.clone();
    let base = d.start_url(lang);
    let csrf = app.sessions.csrf(id);
    let state = s.forms.entry(form.clone()).or_insert_with(|| FormState { children: 1, ..Default::default() });
    if posted.get(HONEYPOT).is_some_and(|v| !v.trim().is_empty()) && !state.suspect {
        // Not dropped: a person using assistive technology may have filled it. Flagged for
        // the team instead.
        tracing::warn!(form = %form, "the hidden honeypot field was filled in; the submission will be flagged");
        state.suspect = true;
    }
    if slug == slug_check(lang) {
        return submit(app, d, lang, id, s, posted).await;
    }
    let Some(step) = super::step_for(d, slug, lang, state) else {
        return see_other(&base, None);
    };
    let switching = posted.get("_switch").is_some();
    match step.page.kind {
        PageKind::Question => {
            let values = collect(d, &step, posted, state);
            state.pages.insert(step.key(), values);
            if switching {
                return see_other(&step_url(d, other(app, lang), &step, change), None);
            }
            let errors = super::validate(d, &step, state, today());
            if !errors.is_empty() {
                let state = state.clone();
                return question(app, d, lang, step, &state, &csrf, change, &errors, StatusCode::OK, None);
            }
            let state = state.clone();
            see_other(&next_url(d, lang, &step, &state, change), None)
        }
        PageKind::AddAnother => {
            if let Some(n) = posted.get("remove").and_then(|n| n.parse::<usize>().ok()) {
                remove_child(state, n);
                return see_other(&step_url(d, lang, &step, change), None);
            }
            if switching {
                return see_other(&step_url(d, other(app, lang), &step, change), None);
            }
            match posted.get("another") {
                Some("yes") if state.children.max(1) >= MAX_ITEMS => {
                    let state = state.clone();
                    let mut e = FieldError::new("another", "forms-another-error-max");
                    e.args.push(("max", crate::site::i18n::Arg::Num(MAX_ITEMS as f64)));
                    question(app, d, lang, step, &state, &csrf, change, &[e], StatusCode::OK, None)
                }
                Some("yes") => {
                    state.children = state.children.max(1) + 1;
                    state.pages.remove(&step.page.id);
                    let n = state.children;
                    let first_repeat = super::steps(d, state)
                        .into_iter()
                        .find(|s| s.page.repeat && s.n == n)
                        .expect("a new child has pages");
                    see_other(&step_url(d, lang, &first_repeat, false), None)
                }
                Some("no") => {
                    state
                        .pages
                        .insert(step.page.id.clone(), Values::from([("another".to_string(), vec!["no".to_string()])]));
                    let state = state.clone();
                    see_other(&next_url(d, lang, &step, &state, change), None)
                }
                _ => {
                    let state = state.clone();
                    let errors = vec![FieldError::new("another", d.key("another-error-missing"))];
                    question(app, d, lang, step, &state, &csrf, change, &errors, StatusCode::OK, None)
                }
            }
        }
        PageKind::Upload => {
            if let Some(i) = posted.get("remove").and_then(|n| n.parse::<usize>().ok()) {
                if i < state.uploads.len() {
                    // Its file is deleted once the session without it is saved.
                    state.uploads.remove(i);
                }
                return see_other(&step_url(d, lang, &step, change), None);
            }
            if switching {
                return see_other(&step_url(d, other(app, lang), &step, change), None);
            }
            if posted.get("_action") == Some("upload") {
                let first = posted.files.first();
                let (name, head, size) =
                    first.map(|f| (f.client_name.as_str(), f.head.as_slice(), f.size)).unwrap_or(("", &[], 0));
                match upload::check(name, head, size, &state.uploads) {
                    Ok(a) => {
                        let stored = first.expect("a file with a size").stored.clone();
                        state.uploads.push(Upload {
                            file_name: a.file_name,
                            content_type: a.content_type,
                            size,
                            stored,
                        });
                        return see_other(&step_url(d, lang, &step, change), None);
                    }
                    Err(why) => {
                        let state = state.clone();
                        let mut e = FieldError::new("document", why.key());
                        e.args.push(("max", crate::site::i18n::Arg::Num(upload::MAX_FILES as f64)));
                        return question(app, d, lang, step, &state, &csrf, change, &[e], StatusCode::OK, None);
                    }
                }
            }
            let state = state.clone();
            see_other(&next_url(d, lang, &step, &state, change), None)
        }
    }
}

/// Removes child `n` and renumbers the ones after it.
fn remove_child(state: &mut FormState, n: usize) {
    if state.children <= 1 || n == 0 || n > state.children {
        return;
    }
    let mut pages = std::collections::BTreeMap::new();
    for (key, values) in std::mem::take(&mut state.pages) {
        match key.split_once('#').and_then(|(id, k)| Some((id.to_string(), k.parse::<usize>().ok()?))) {
            Some((_, k)) if k == n => {}
            Some((id, k)) if k > n => {
                pages.insert(format!("{id}#{}", k - 1), values);
            }
            _ => {
                pages.insert(key, values);
            }
        }
    }
    state.pages = pages;
    state.children -= 1;
}

/// After a page is answered: the next page in order, or, when changing an answer from the
/// check page, back there (by way of any question the change has made necessary).
fn next_url(d: &Form, lang: Lang, step: &Step<'_>, state: &FormState, change: bool) -> String {
    let check = format!("{}{}", d.start_url(lang), slug_check(lang));
    if change {
        return match super::first_incomplete(d, state, today()) {
            Some(s) => step_url(d, lang, &s, true),
            None => check,
        };
    }
    let steps = super::steps(d, state);
    let pos = steps.iter().position(|s| s.key() == step.key());
    match pos.and_then(|p| steps.get(p + 1)) {
        Some(next) => step_url(d, lang, next, false),
        None => check,
    }
}

/// Sends the form: into the outbox first, then the confirmation. A second click, a
/// resubmitted POST or Back-then-Send finds the answers gone and shows the same confirmation.
async fn submit(app: &App, d: &Form, lang: Lang, id: &SessionId, s: &mut Session, posted: &Posted) -> Response {
    let base = d.start_url(lang);
    let sent_url = format!("{base}{}", slug_sent(lang));
    let form = d.id.clone();
    let state = s.forms.get(&form).cloned().unwrap_or_default();
    if state.pages.is_empty() && s.sent.contains_key(&form) {
        s.forms.remove(&form);
        return see_other(&sent_url, None);
    }
    let now = OffsetDateTime::now_local().unwrap_or_else(|_| OffsetDateTime::now_utc());
    if let Some(step) = super::first_incomplete(d, &state, now.date()) {
        return see_other(&step_url(d, lang, &step, false), None);
    }
    if posted.get("declaration") != Some("yes") {
        let e = FieldError::new("declaration", d.key("declaration-error-missing"));
        return check_page(app, d, lang, &state, &app.sessions.csrf(id), &[e], StatusCode::OK, None);
    }
    let reference = match Reference::new(&d.reference) {
        Ok(r) => r,
        Err(e) => {
            tracing::error!("no reference: {e:#}");
            return message_page(app, Some(lang), Message::NotSent(&base));
        }
    };
    let tr = Tr { i18n: &app.loaded.renderer.i18n, lang };
    let langs = &app.loaded.config.langs;
    let (sections, answers) = super::answer_sections(d, &tr, &state, langs);
    let due = super::due(d, &state, now.date());
    let sender_email = super::sender_email(d, &state);
    let mut data = json!({
        "form": form.as_str(),
        "reference": reference.as_str(),
        "lang": lang.code(),
        "suspect": state.suspect,
        "children": if super::repeats(d) { json!(state.children.max(1)) } else { Value::Null },
        "answers": answers,
    });
    // Every clock's date, with its clock (the calendar entries' UIDs) and rule; the first is
    // also `due`.
    let due_dates = super::due_dates(d, &state, now.date());
    let notes = super::next_notes(d, &state, &due_dates);
    if !due_dates.is_empty() {
        data["due_dates"] = json!(due_dates);
    }
    let uncounted = super::uncounted_dates(d, &state, now.date());
    if !uncounted.is_empty() {
        data["due_uncounted"] = json!(uncounted);
    }
    let mut submission = Submission {
        reference: reference.clone(),
        form: form.clone(),
        lang,
        reply_lang: super::contact_language(d, &state),
        team_address: d.team_address.clone(),
        team_phone: app.loaded.config.council(lang, &d.contact_phone),
        submitted_at: now,
        due: due.map(|(date, _)| date),
        due_key: due.map(|(_, k)| k.to_string()),
        sender_email: sender_email.clone(),
        suspect: state.suspect,
        sections,
        concerns: super::concerns(d, &state),
        route: super::route(d, &tr, &state, langs),
        notes: notes.clone(),
        copy: posted.get("copy") == Some("yes"),
        data,
        attachments: vec![],
    };
    let (outbox, store, key, uploads) =
        (app.outbox.clone(), app.sessions.store().clone(), id.clone(), state.uploads.clone());
    // The documents are read from the session's store only now, once, to go into the outbox.
    let accepted = tokio::task::spawn_blocking(move || {
        for u in &uploads {
            let bytes = store
                .read_upload(&key, &u.stored)
                .map_err(|e| anyhow::anyhow!("an attachment could not be read from the session: {e}"))?;
            submission.attachments.push(Attachment {
                file_name: u.file_name.clone(),
                content_type: u.content_type.clone(),
                bytes,
            });
        }
        outbox.accept(&submission)
    })
    .await;
    match accepted {
        // The outbox may have drawn a new reference (another submission had this one).
        Ok(Ok(reference)) => {
            tracing::info!(reference = %reference, form = %form, suspect = state.suspect, "submission accepted into the outbox");
            s.sent.insert(
                form.clone(),
                Sent {
                    reference,
                    due: due.map(|(d, _)| d),
                    due_key: due.map(|(_, k)| k.to_string()),
                    email: sender_email.is_some(),
                    notes,
                },
            );
            // The answers are in the outbox now; the session keeps only the reference.
            s.forms.remove(&form);
            see_other(&sent_url, None)
        }
        Ok(Err(e)) => {
            tracing::error!(reference = %reference, "the outbox refused a submission: {e:#}");
            message_page(app, Some(lang), Message::NotSent(&base))
        }
        Err(e) => {
            tracing::error!(reference = %reference, "the outbox task failed: {e}");
            message_page(app, Some(lang), Message::NotSent(&base))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removing_a_child_renumbers_the_rest() {
        let v = |s: &str| Values::from([("child-first-name".to_string(), vec![s.to_string()])]);
        let mut state = FormState { children: 3, ..Default::default() };
        for (i, name) in ["Alaw", "Bryn", "Cai"].iter().enumerate() {
            state.pages.insert(format!("child#{}", i + 1), v(name));
        }
        state.pages.insert("parent".into(), v("Rhiant"));
        remove_child(&mut state, 2);
        assert_eq!(state.children, 2);
        assert_eq!(state.value("child#1", "child-first-name"), "Alaw");
        assert_eq!(state.value("child#2", "child-first-name"), "Cai");
        assert_eq!(state.value("parent", "child-first-name"), "Rhiant");
        assert!(state.page("child#3").is_none());
    }

    #[test]
    fn single_line_answers_lose_line_breaks_and_text_boxes_keep_them() {
        assert_eq!(clean(&Kind::Text, "a\r\nBcc: x"), "a  Bcc: x");
        assert_eq!(clean(&Kind::Textarea, "un\r\ndau"), "un\ndau");
    }
}
