//! The directory as Open Referral UK v3 (`/openreferral/v3/…`): public GET endpoints, no
//! keys, every answer with `Access-Control-Allow-Origin: *`, lists as ORUK's paged object.
//! The JSON is made by `site::directory::oruk`; this reads the parameters (by hand, so a
//! malformed one is a JSON 400 naming it, never a framework's text) and pages the results.

// Its errors are the JSON responses themselves, made once for a refused request: boxing
// them would only add an allocation to the rare path.
#![allow(clippy::result_large_err)]

use crate::service::state::App;
use crate::site::contacts as validate;
use crate::site::directory::{feed, oruk};
use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::{Value as Json, json};
use std::collections::HashMap;

const PREFIX: &str = "/openreferral/v3";
const DEFAULT_PER_PAGE: usize = 50;
const MAX_PER_PAGE: usize = 1000;

pub(crate) fn router() -> Router<App> {
    Router::new()
        .route(&format!("{PREFIX}/"), get(root))
        .route(PREFIX, get(root))
        .route(&format!("{PREFIX}/services"), get(services))
        .route(&format!("{PREFIX}/services/{{id}}"), get(service))
        .route(&format!("{PREFIX}/organizations"), get(organizations))
        .route(&format!("{PREFIX}/organizations/{{id}}"), get(organization))
        .route(&format!("{PREFIX}/taxonomies"), get(taxonomies))
        .route(&format!("{PREFIX}/taxonomy_terms"), get(taxonomy_terms))
        .route(&format!("{PREFIX}/service_at_locations"), get(service_at_locations))
        .route(
            &format!("{PREFIX}/{{*rest}}"),
            get(|| async { error(StatusCode::NOT_FOUND, "there is no such Open Referral UK endpoint here") }),
        )
}

fn reply(status: StatusCode, body: Json) -> Response {
    reply_bytes(status, serde_json::to_vec(&body).expect("a JSON value serialises"))
}

/// JSON already serialised (the feed's bytes, made once: `site::directory::feed`).
fn reply_bytes(status: StatusCode, body: Vec<u8>) -> Response {
    let mut resp = (status, body).into_response();
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=300"));
    resp
}

fn error(status: StatusCode, message: &str) -> Response {
    reply(status, json!({"error": status.as_u16(), "message": message}))
}

fn no_directory() -> Response {
    error(StatusCode::NOT_FOUND, "this site has no directory of services")
}

/// A query string's parameters, the first of each; `Err` names one that is repeated.
fn params(raw: Option<&str>) -> Result<HashMap<String, String>, Response> {
    let mut out = HashMap::new();
    for (k, v) in form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
        if v.len() > 200 {
            return Err(error(StatusCode::BAD_REQUEST, &format!("the value of `{k}` is too long")));
        }
        if out.insert(k.to_string(), v.to_string()).is_some() {
            return Err(error(StatusCode::BAD_REQUEST, &format!("`{k}` is given more than once")));
        }
    }
    Ok(out)
}

fn number(p: &HashMap<String, String>, key: &str) -> Result<Option<usize>, Response> {
    match p.get(key).map(|v| v.trim()).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => v
            .parse::<usize>()
            .map(Some)
            .map_err(|_| error(StatusCode::BAD_REQUEST, &format!("`{key}` must be a whole number, not `{v}`"))),
    }
}

/// `page` (from 1) and `per_page`, checked.
fn paging(p: &HashMap<String, String>) -> Result<(usize, usize), Response> {
    let page = number(p, "page")?.unwrap_or(1);
    let per_page = number(p, "per_page")?.unwrap_or(DEFAULT_PER_PAGE);
    if page == 0 {
        return Err(error(StatusCode::BAD_REQUEST, "`page` starts at 1"));
    }
    if per_page == 0 || per_page > MAX_PER_PAGE {
        return Err(error(StatusCode::BAD_REQUEST, &format!("`per_page` must be from 1 to {MAX_PER_PAGE}")));
    }
    Ok((page, per_page))
}

fn paged<T>(all: &[T], page: usize, per_page: usize, f: impl Fn(&T) -> Json) -> Json {
    let items: Vec<Json> = all.iter().skip((page - 1).saturating_mul(per_page)).take(per_page).map(f).collect();
    oruk::page(items, all.len(), page, per_page)
}

/// `paged` over items the feed has already serialised.
fn paged_bytes<'a, T>(all: &'a [T], page: usize, per_page: usize, f: impl Fn(&'a T) -> &'a [u8]) -> Response {
    let items: Vec<&[u8]> = all.iter().skip((page - 1).saturating_mul(per_page)).take(per_page).map(f).collect();
    reply_bytes(StatusCode::OK, feed::page(&items, all.len(), page, per_page))
}

async fn root(State(app): State<App>) -> Response {
    reply(
        StatusCode::OK,
        json!({
            "version": "3.0",
            "profile": "https://github.com/OpenReferralUK/uk-profile",
            "openapi_url": "https://raw.githubusercontent.com/OpenReferralUK/uk-profile/main/profile/openapi.json",
            "publisher": app.loaded.config.council(oruk::feed_lang(&app.loaded.config), "name"),
        }),
    )
}

async fn services(State(app): State<App>, RawQuery(raw): RawQuery) -> Response {
    let Some(dir) = app.loaded.directory.clone() else { return no_directory() };
    let config = &app.loaded.config;
    let p = match params(raw.as_deref()) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let ((page, per_page), min, max) = match (paging(&p), number(&p, "minimum_age"), number(&p, "maximum_age")) {
        (Ok(pg), Ok(a), Ok(b)) => (pg, a, b),
        (Err(r), _, _) | (_, Err(r), _) | (_, _, Err(r)) => return r,
    };
    let lang = oruk::feed_lang(config);
    let mut found: Vec<usize> = match p.get("search").map(|s| s.trim()).filter(|s| !s.is_empty()) {
        Some(q) => dir.index.search(&dir.entries, lang, q),
        None => dir.index.search(&dir.entries, lang, ""),
    };
    let feed = dir.feed(config);
    if let Some(term) = p.get("taxonomy_term_id").filter(|t| !t.is_empty()) {
        let Some((taxonomy, key)) = feed.terms.get(term.as_str()) else {
            return error(StatusCode::BAD_REQUEST, "`taxonomy_term_id` is not the id of a term in /taxonomy_terms");
        };
        found.retain(|&i| {
            let f = dir.entries[i].facts();
            match *taxonomy {
                oruk::CATEGORIES => f.categories.contains(key),
                oruk::NEEDS => f.needs.contains(key),
                _ => f.referral.as_str() == key,
            }
        });
    }
    // An age range asked for keeps the services whose ages overlap it.
    found.retain(|&i| {
        let e = &dir.entries[i].facts().eligibility;
        min.is_none_or(|m| e.max_age.is_none_or(|x| x as usize >= m))
            && max.is_none_or(|m| e.min_age.is_none_or(|x| x as usize <= m))
    });
    paged_bytes(&found, page, per_page, |&i| &feed.summary[i])
}

async fn service(State(app): State<App>, Path(id): Path<String>) -> Response {
    let Some(dir) = app.loaded.directory.clone() else { return no_directory() };
    match dir.by_service_id.get(&id) {
        Some(&i) => reply_bytes(StatusCode::OK, dir.feed(&app.loaded.config).full[i].clone()),
        None => error(StatusCode::NOT_FOUND, "there is no service with this id"),
    }
}

async fn organizations(State(app): State<App>, RawQuery(raw): RawQuery) -> Response {
    let Some(dir) = app.loaded.directory.clone() else { return no_directory() };
    let (page, per_page) = match params(raw.as_deref()).and_then(|p| paging(&p)) {
        Ok(x) => x,
        Err(r) => return r,
    };
    let feed = dir.feed(&app.loaded.config);
    paged_bytes(&feed.organisations, page, per_page, |o| &o.item)
}

async fn organization(State(app): State<App>, Path(id): Path<String>) -> Response {
    let Some(dir) = app.loaded.directory.clone() else { return no_directory() };
    let feed = dir.feed(&app.loaded.config);
    match feed.organisation_by_id.get(&id) {
        Some(&i) => reply_bytes(StatusCode::OK, feed.organisations[i].full.clone()),
        None => error(StatusCode::NOT_FOUND, "there is no organisation with this id"),
    }
}

async fn taxonomies(State(app): State<App>, RawQuery(raw): RawQuery) -> Response {
    if app.loaded.directory.is_none() {
        return no_directory();
    }
    let (page, per_page) = match params(raw.as_deref()).and_then(|p| paging(&p)) {
        Ok(x) => x,
        Err(r) => return r,
    };
    let all = oruk::taxonomies(&app.loaded.config);
    reply(StatusCode::OK, paged(&all, page, per_page, Clone::clone))
}

async fn taxonomy_terms(State(app): State<App>, RawQuery(raw): RawQuery) -> Response {
    let Some(dir) = app.loaded.directory.clone() else { return no_directory() };
    let p = match params(raw.as_deref()) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let (page, per_page) = match paging(&p) {
        Ok(x) => x,
        Err(r) => return r,
    };
    let mut all = oruk::taxonomy_terms(&app.loaded.config, &dir);
    if let Some(t) = p.get("taxonomy_id").filter(|t| !t.is_empty()) {
        all.retain(|x| x["taxonomy_id"].as_str() == Some(t.as_str()));
    }
    reply(StatusCode::OK, paged(&all, page, per_page, Clone::clone))
}

async fn service_at_locations(State(app): State<App>, RawQuery(raw): RawQuery) -> Response {
    let Some(dir) = app.loaded.directory.clone() else { return no_directory() };
    let config = &app.loaded.config;
    let p = match params(raw.as_deref()) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let (page, per_page) = match paging(&p) {
        Ok(x) => x,
        Err(r) => return r,
    };
    // A postcode or district: the locations in that district, or in the council area it
    // is part of (config.toml's [postcode_districts]).
    let wanted = match p.get("postcode").map(|s| s.trim()).filter(|s| !s.is_empty()) {
        None => None,
        Some(pc) => match validate::district(pc) {
            Some(d) => Some(d),
            None => return error(StatusCode::BAD_REQUEST, "`postcode` is not a UK postcode or postcode district"),
        },
    };
    let area_of = |d: &str| config.postcode_districts.get(d);
    let lang = oruk::feed_lang(config);
    let feed = dir.feed(config);
    let mut all: Vec<(usize, usize)> = vec![];
    for &i in &dir.index.search(&dir.entries, lang, "") {
        let e = &dir.entries[i];
        for (n, pc) in e.postcodes.iter().enumerate() {
            let d = pc.split(' ').next().unwrap_or_default();
            let keep = match &wanted {
                None => true,
                Some(w) => d == w || area_of(d).is_some_and(|a| area_of(w) == Some(a)),
            };
            if keep {
                all.push((i, n));
            }
        }
    }
    paged_bytes(&all, page, per_page, |&(i, n)| &feed.at_locations[i][n])
}
