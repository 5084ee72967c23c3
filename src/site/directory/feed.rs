//! The Open Referral UK feed made once: every service, organisation and service-at-location
//! of the directory serialised to JSON bytes when the feed is first asked for, so a request
//! only filters, slices and joins bytes. Building 100 service objects (three SHA-256 ids
//! each) and serialising them took 10 ms a page at p50 on this machine (BENCHMARKS.md,
//! "Services directory"); the bytes are the same as `oruk`'s functions give, which the
//! suite validates against the UK profile's schemas.

use crate::site::config::Config;
use crate::site::directory::{Directory, oruk};
use serde_json::Value as Json;
use std::collections::{BTreeMap, HashMap};

/// One organisation: its list item and its own answer (`/organizations/{id}`, its services
/// nested without their organisation).
#[derive(Debug, Clone)]
pub(crate) struct Organisation {
    pub(crate) id: String,
    pub(crate) item: Vec<u8>,
    pub(crate) full: Vec<u8>,
}

/// The directory as ORUK bytes, by entry index (`Directory::entries`).
#[derive(Debug, Clone)]
pub(crate) struct Feed {
    /// Each entry as `/services` lists it.
    pub(crate) summary: Vec<Vec<u8>>,
    /// Each entry fully nested, `/services/{id}`'s answer.
    pub(crate) full: Vec<Vec<u8>>,
    /// Each entry's locations as `/service_at_locations` lists them (service nested).
    pub(crate) at_locations: Vec<Vec<Vec<u8>>>,
    /// In name order.
    pub(crate) organisations: Vec<Organisation>,
    pub(crate) organisation_by_id: HashMap<String, usize>,
    /// Each taxonomy term's id: its taxonomy and key.
    pub(crate) terms: HashMap<String, (&'static str, String)>,
}

fn bytes(j: &Json) -> Vec<u8> {
    serde_json::to_vec(j).expect("a JSON value serialises")
}

impl Feed {
    pub(crate) fn build(config: &Config, dir: &Directory) -> Feed {
        use rayon::prelude::*;
        let made: Vec<(Json, Vec<u8>, Vec<Vec<u8>>)> = dir
            .entries
            .par_iter()
            .map(|e| {
                let summary = oruk::service_summary(config, e);
                let full = bytes(&oruk::service_full(config, dir, e));
                let at = (0..e.text(oruk::feed_lang(config)).fields.locations.len())
                    .map(|n| {
                        let mut s = oruk::service_at_location(config, e, n);
                        s["service"] = summary.clone();
                        bytes(&s)
                    })
                    .collect();
                (summary, full, at)
            })
            .collect();
        let mut by_id: BTreeMap<String, (Json, Vec<Json>)> = BTreeMap::new();
        let (mut summary, mut full, mut at_locations) = (vec![], vec![], vec![]);
        for (s, f, a) in made {
            let org = s["organization"].clone();
            let id = org["id"].as_str().unwrap_or_default().to_string();
            let mut without = s.clone();
            without.as_object_mut().map(|m| m.remove("organization"));
            by_id.entry(id).or_insert_with(|| (org, vec![])).1.push(without);
            summary.push(bytes(&s));
            full.push(f);
            at_locations.push(a);
        }
        let mut orgs: Vec<(String, Json, Vec<Json>)> = by_id.into_iter().map(|(id, (o, v))| (id, o, v)).collect();
        // Stable: organisations with the same name stay in id order, as before.
        orgs.sort_by(|a, b| a.1["name"].as_str().cmp(&b.1["name"].as_str()));
        let organisations: Vec<Organisation> = orgs
            .into_iter()
            .map(|(id, o, services)| {
                let item = bytes(&o);
                let mut with = o;
                with["services"] = Json::Array(services);
                Organisation { id, item, full: bytes(&with) }
            })
            .collect();
        let organisation_by_id = organisations.iter().enumerate().map(|(i, o)| (o.id.clone(), i)).collect();
        let t = &dir.taxonomy;
        let terms = t
            .categories
            .keys()
            .map(|k| (oruk::CATEGORIES, k.clone()))
            .chain(t.needs.keys().map(|k| (oruk::NEEDS, k.clone())))
            .chain(["self", "professional", "either"].into_iter().map(|k| (oruk::REFERRAL, k.to_string())))
            .map(|(tax, k)| (oruk::uuid(&config.base_url, tax, &k), (tax, k)))
            .collect();
        Feed { summary, full, at_locations, organisations, organisation_by_id, terms }
    }
}

/// ORUK's paged list object (`oruk::page`) around items already serialised: the same bytes
/// as serialising `oruk::page` of the parsed items.
pub(crate) fn page(items: &[&[u8]], total: usize, page: usize, per_page: usize) -> Vec<u8> {
    let mut shell = oruk::page(vec![], total, page, per_page);
    shell["size"] = items.len().into();
    shell["empty"] = items.is_empty().into();
    let shell = bytes(&shell);
    let hole = b"\"contents\":[]";
    let at = shell.windows(hole.len()).position(|w| w == hole).expect("the page object has its contents");
    let cut = at + hole.len() - 1;
    let mut out = Vec::with_capacity(shell.len() + items.iter().map(|i| i.len() + 1).sum::<usize>());
    out.extend_from_slice(&shell[..cut]);
    for (n, item) in items.iter().enumerate() {
        if n > 0 {
            out.push(b',');
        }
        out.extend_from_slice(item);
    }
    out.extend_from_slice(&shell[cut..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_page_of_bytes_is_the_page_object_serialised() {
        let items = [json!({"id": "a", "name": "One"}), json!({"id": "b", "contents": []})];
        let raw: Vec<Vec<u8>> = items.iter().map(bytes).collect();
        let refs: Vec<&[u8]> = raw.iter().map(Vec::as_slice).collect();
        assert_eq!(page(&refs, 7, 2, 2), bytes(&oruk::page(items.to_vec(), 7, 2, 2)));
        assert_eq!(page(&[], 0, 1, 50), bytes(&oruk::page(vec![], 0, 1, 50)));
    }
}
