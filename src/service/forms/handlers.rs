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
use crate::forms::model::{Form, FormId, Forms, Kind, PageKind};
use crate::lang::Lang;
use crate::service::outbox::{Attachment, Submission};
use crate::service::pages::{Message, message_page};
use crate::service::reference::Reference;
use crate::service::sessions::{self, FormState, Sent, Session, SessionId, Upload, Values};
use crate::service::state::App;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Query, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use axum::routing::get;
use serde_json::json;
use std::collections::HashMap;
use time::Date;

pub(crate) use super::body::UPLOAD_LIMIT;

/// The client's address as the server judged it (`X-Forwarded-For` only from a trusted
/// proxy), put on form requests by the server for the per-network limit on new sessions.
#[derive(Clone, Copy)]
pub(crate) struct ClientAddr(pub(crate) std::net::IpAddr);

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
    crate::clock::uk_today()
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

/// The visitor's answers for a page view: none if there is no session yet. When they cannot
/// be read (the database is down), a page saying so, not an empty form that would look as
/// if they were lost.
async fn current(app: &App, id: &SessionId, lang: Lang) -> Result<Session, Response> {
    match app.sessions.load(id).await {
        Ok(Some(s)) => {
            if let Err(e) = app.sessions.keep_alive(id, &s).await {
                tracing::warn!("sessions: could not keep a session alive: {e}");
            }
            Ok(s)
        }
        Ok(None) => Ok(Session::default()),
        Err(e) => {
            tracing::error!("sessions: {e}");
            Err(message_page(app, Some(lang), Message::NotLoaded))
        }
    }
}

async fn start(app: App, form: FormId, lang: Lang, headers: HeaderMap) -> Response {
    let d = form_of(&app, &form);
    let (id, cookie) = visitor(&app, &headers);
    let s = match current(&app, &id, lang).await {
        Ok(s) => s,
        Err(page) => return page,
    };
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
    let s = match current(&app, &id, lang).await {
        Ok(s) => s,
        Err(page) => return page,
    };
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
    for f in crate::forms::model::all_fields(&step.page.fields) {
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
    let client = req.extensions().get::<ClientAddr>().map(|c| c.0);
    let upload_page = is_upload_slug(d, &slug, lang);
    let multipart = req.headers().get(header::CONTENT_TYPE).is_some_and(|v| v.as_bytes().starts_with(b"multipart/"));
    // A file is only ever written into a session that exists: the documents page is never
    // a form's first, so a multipart POST without a session is refused before its body.
    if upload_page && multipart {
        match app.sessions.load(&id).await {
            Ok(Some(_)) => {}
            Ok(None) => return message_page(&app, Some(lang), Message::Expired(&base)),
            Err(e) => {
                tracing::error!("sessions: {e}");
                return message_page(&app, Some(lang), Message::NotSaved);
            }
        }
    }
    let posted = match read_body(&app, lang, req, upload_page, &id).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let _turn = app.sessions.lock(&id).await;
    let (mut s, is_new) = match app.sessions.load(&id).await {
        Ok(Some(s)) => (s, false),
        Ok(None) => (Session::default(), true),
        // Never carry on with an empty session: saving it would overwrite what the family
        // typed before. On "Send", say plainly that nothing was sent.
        Err(e) => {
            tracing::error!("sessions: {e}; the answers could not be read");
            discard_files(&app, &id, &posted.files).await;
            let m = if slug == slug_check(lang) { Message::NotSent(&base) } else { Message::NotSaved };
            return message_page(&app, Some(lang), m);
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
    let token_ok = |t: &str| {
        app.sessions.csrf_ok(&id, t) || s.first_token.as_deref().is_some_and(|first| sessions::same(t, first))
    };
    if !posted.get(CSRF).is_some_and(token_ok) {
        tracing::warn!(form = %form, "form post without a valid CSRF token");
        discard(&app, &id, &posted.files, &[]).await;
        return message_page(&app, Some(lang), Message::Expired(&base));
    }
    // Fixation: a session is only ever made under an id the server draws now, never under
    // the cookie's (which anyone able to plant a cookie could have chosen and kept a copy
    // of). The token above was checked against the cookie's id; the new id comes back in
    // `Set-Cookie` with this answer's response.
    let (id, fresh_cookie) = if is_new {
        if !posted.files.is_empty() {
            // A file arrives only for a session that exists (checked above): it went meanwhile.
            discard_files(&app, &id, &posted.files).await;
            return message_page(&app, Some(lang), Message::Expired(&base));
        }
        let fresh = SessionId::random();
        let cookie = sessions::cookie_header(&fresh, app.secure_cookies);
        s.first_token = Some(app.sessions.csrf(&id));
        (fresh, Some(cookie))
    } else {
        (id, None)
    };
    // A new session's place under the cap, given back when this request ends without
    // saving it, however it ends (an early return, an error, a panic).
    let mut reservation = None;
    if is_new {
        match app.sessions.admit(client).await {
            Ok(()) => reservation = Some(Reservation::admitted(&app.sessions)),
            Err(sessions::Refused::Full) => {
                tracing::warn!(sessions = app.sessions.len(), "refused a new session: the cap is reached");
                return message_page(&app, Some(lang), Message::Full);
            }
            // The "busy" page: true for this visitor (nothing of theirs was kept), and it
            // gives the phone number.
            Err(sessions::Refused::Network) => {
                tracing::warn!("refused a new session: too many from one client network");
                return message_page(&app, Some(lang), Message::Full);
            }
        }
    }
    let before = serde_json::to_vec(&s).unwrap_or_default();
    let uploads_before: Vec<String> = s.uploads().map(str::to_string).collect();
    let sent_before = s.sent.get(&form).map(|x| x.reference.clone());
    let resp = apply(&app, d, lang, &slug, change, &id, &mut s, &posted).await;
    let uploads_after: Vec<String> = s.uploads().map(str::to_string).collect();
    if serde_json::to_vec(&s).unwrap_or_default() == before {
        discard(&app, &id, &posted.files, &uploads_after).await;
        return resp;
    }
    if let Err(e) = app.sessions.save(&id, &mut s).await {
        tracing::error!("sessions: answers could not be saved: {e}");
        discard(&app, &id, &posted.files, &uploads_before).await;
        // Already in the outbox: say so, or the family would send it again.
        if let Some(sent) = s.sent.get(&form).filter(|x| Some(&x.reference) != sent_before.as_ref()) {
            return confirmation(&app, d, lang, sent, &app.sessions.csrf(&id), None);
        }
        return message_page(&app, Some(lang), Message::NotSaved);
    }
    if let Some(r) = reservation {
        r.keep();
    }
    let incoming: Vec<String> = posted.files.iter().map(|f| f.stored.clone()).collect();
    for f in uploads_before.iter().chain(&incoming).filter(|f| !uploads_after.contains(f)) {
        app.sessions.delete_upload(&id, f).await;
    }
    let mut resp = resp;
    if let Some(v) = fresh_cookie.and_then(|c| axum::http::HeaderValue::from_str(&c).ok()) {
        resp.headers_mut().insert(header::SET_COOKIE, v);
    }
    resp
}

/// A new session's place under `[service] max_sessions`, given back on drop unless the
/// session was saved (`keep`).
struct Reservation<'a> {
    sessions: &'a sessions::Sessions,
    kept: bool,
}

impl<'a> Reservation<'a> {
    /// The place `Sessions::admit` has just reserved.
    fn admitted(sessions: &'a sessions::Sessions) -> Reservation<'a> {
        Reservation { sessions, kept: false }
    }

    /// The session was saved: it holds its place from now on.
    fn keep(mut self) {
        self.kept = true;
    }
}

impl Drop for Reservation<'_> {
    fn drop(&mut self) {
        if !self.kept {
            self.sessions.release();
        }
    }
}

/// Deletes files that arrived with a request whose answers are not kept.
async fn discard_files(app: &App, id: &SessionId, files: &[Incoming]) {
    for f in files {
        app.sessions.delete_upload(id, &f.stored).await;
    }
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
    let state = s.forms.entry(form.clone()).or_default();
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
                super::remove_item(d, state, n);
                return see_other(&step_url(d, lang, &step, change), None);
            }
            if switching {
                return see_other(&step_url(d, other(app, lang), &step, change), None);
            }
            let field = d.group.as_ref().map(|g| g.field.as_str()).unwrap_or_default();
            match super::another(d, posted.get(field)) {
                super::Another::More if super::items(d, state) >= MAX_ITEMS => {
                    let state = state.clone();
                    let mut e = FieldError::new(field, "forms-another-error-max");
                    e.args.push(("max", super::ErrorArg::Num(MAX_ITEMS as f64)));
                    question(app, d, lang, step, &state, &csrf, change, &[e], StatusCode::OK, None)
                }
                super::Another::More => match super::add_item(d, state) {
                    Some(first_repeat) => see_other(&step_url(d, lang, &first_repeat, false), None),
                    None => {
                        // `porth check` refuses a form where this can happen.
                        tracing::error!(form = %form, "a new item has no page to ask");
                        message_page(app, Some(lang), Message::BadRequest)
                    }
                },
                super::Another::Done => {
                    if let Some(g) = &d.group {
                        state
                            .pages
                            .insert(step.page.id.clone(), Values::from([(g.field.clone(), vec![g.done.clone()])]));
                    }
                    let state = state.clone();
                    see_other(&next_url(d, lang, &step, &state, change), None)
                }
                super::Another::Missing => {
                    let state = state.clone();
                    let errors = vec![FieldError::new(field, d.key(&format!("{field}-error-missing")))];
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
            // A file chosen and then the main "Continue" pressed is uploaded too (GOV.UK's
            // single-file pattern), or the page comes back saying why it was not: never
            // dropped without a word. An empty file field (nothing chosen) is no file.
            let uploading = posted.get("_action") == Some("upload");
            let chosen = posted.files.first().is_some_and(|f| !f.client_name.is_empty() || f.size > 0);
            if uploading || chosen {
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
                        if uploading {
                            return see_other(&step_url(d, lang, &step, change), None);
                        }
                    }
                    Err(why) => {
                        let state = state.clone();
                        let mut e = FieldError::new("document", why.key());
                        e.args.push(("max", super::ErrorArg::Num(upload::MAX_FILES as f64)));
                        return question(app, d, lang, step, &state, &csrf, change, &[e], StatusCode::OK, None);
                    }
                }
            }
            let state = state.clone();
            see_other(&next_url(d, lang, &step, &state, change), None)
        }
    }
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
    let now = crate::clock::uk_now_offset();
    if let Some(step) = super::first_incomplete(d, &state, now.date()) {
        return see_other(&step_url(d, lang, &step, false), None);
    }
    if posted.get("declaration") != Some("yes") {
        let e = FieldError::new("declaration", d.key("declaration-error-missing"));
        return check_page(app, d, lang, &state, &app.sessions.csrf(id), &[e], StatusCode::OK, None);
    }
    // The reference comes from this Send's key: a retry after a crash between storing the
    // submission and replying (here or on another instance) draws the same one, and the
    // outbox recognises the key stored with it, so the form is stored and sent once.
    let generation = s.sent.get(&form).map_or(0, |x| x.generation + 1);
    let sender = app.sessions.sender_key(id, &form, generation);
    let reference = Reference::derived(&d.reference, &sender);
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
        "answers": answers,
    });
    // How many items the repeat group has, under the name the form file gives them.
    if let Some(g) = &d.group {
        data[g.items.as_str()] = json!(super::items(d, &state));
    }
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
        team_phone: match app.loaded.config.form_contact(d.id.as_str()) {
            Some(c) => Some(c.phone.clone()),
            None => app.loaded.config.council(lang, &d.contact_phone),
        },
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
        sender: Some(sender),
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
            #[cfg(debug_assertions)]
            injected_fault();
            s.sent.insert(
                form.clone(),
                Sent {
                    reference,
                    due: due.map(|(d, _)| d),
                    due_key: due.map(|(_, k)| k.to_string()),
                    email: sender_email.is_some(),
                    generation,
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

/// Fault injection for the tests (tests/service_resilience.rs, tests/postgres.rs), in debug
/// builds only: `PORTH_TEST_SUBMIT_FAULT=kill-after-accept` SIGKILLs the process once a
/// submission is stored and before the family's reply is written, the moment a retried Send
/// must not make a second submission. Release builds neither read nor contain it.
#[cfg(debug_assertions)]
fn injected_fault() {
    if std::env::var("PORTH_TEST_SUBMIT_FAULT").as_deref() == Ok("kill-after-accept") {
        tracing::warn!("PORTH_TEST_SUBMIT_FAULT: killed between storing a submission and replying");
        let _ = std::process::Command::new("kill").args(["-KILL", &std::process::id().to_string()]).status();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_line_answers_lose_line_breaks_and_text_boxes_keep_them() {
        assert_eq!(clean(&Kind::Text, "a\r\nBcc: x"), "a  Bcc: x");
        assert_eq!(clean(&Kind::Textarea, "un\r\ndau"), "un\ndau");
    }
}
