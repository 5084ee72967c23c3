//! Open Referral UK v3 JSON from the directory: services (summary and fully nested),
//! organisations, taxonomies and terms, services at locations, and the paged list object
//! every list endpoint returns. Ids are UUIDs made from the site's `base_url`, the kind of
//! record and its key with SHA-256, so they stay the same on every build and differ between
//! councils. What ORUK's UK profile has no field for (an entry's one-line summary, how to
//! get the service, who it is for in words, phone numbers) goes where HSDS 3 puts it, as
//! the profile allows extra properties that do not clash.

use crate::lang::Lang;
use crate::site::config::Config;
use crate::site::directory::entry::Referral;
use crate::site::directory::{Directory, Entry, schedule};
use serde_json::{Value as Json, json};
use sha2::{Digest, Sha256};

/// The taxonomies an entry's keys are published under: `term` is the key itself, so an
/// import into Porth reads it back.
pub(crate) const CATEGORIES: &str = "porth-categories";
pub(crate) const NEEDS: &str = "porth-needs";
pub(crate) const REFERRAL: &str = "porth-referral";

/// A stable UUID for a record: SHA-256 of base_url, kind and key, shaped as a version 5-style
/// UUID (the version and variant bits set), as ORUK's `format: uuid` expects.
pub(crate) fn uuid(base_url: &str, kind: &str, key: &str) -> String {
    let h = Sha256::digest(format!("{base_url}\n{kind}\n{key}").as_bytes());
    let mut b = [0u8; 16];
    b.copy_from_slice(&h[..16]);
    b[6] = (b[6] & 0x0f) | 0x50;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &hex[0..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32])
}

/// The language the feed is written in: English where the site has it (ORUK consumers
/// are English-language systems), else the site's first.
pub(crate) fn feed_lang(config: &Config) -> Lang {
    if config.langs.contains(&Lang::En) { Lang::En } else { config.langs[0] }
}

fn org_key(e: &Entry, lang: Lang) -> String {
    crate::site::markdown::slugify(&e.text(lang).fields.organisation.name)
}

fn organization(config: &Config, e: &Entry, lang: Lang) -> Json {
    let o = &e.text(lang).fields.organisation;
    let mut j = json!({
        "id": uuid(&config.base_url, "organization", &org_key(e, lang)),
        "name": o.name,
        "description": o.name,
    });
    if let Some(w) = &o.website {
        j["website"] = json!(w);
    }
    j
}

fn term(config: &Config, dir: &Directory, taxonomy: &str, key: &str, lang: Lang) -> Json {
    let (label, description) = match taxonomy {
        CATEGORIES => {
            dir.taxonomy.categories.get(key).map(|t| (t.label(lang), t.description(lang).unwrap_or_default()))
        }
        NEEDS => dir.taxonomy.needs.get(key).map(|t| (t.label(lang), t.description(lang).unwrap_or_default())),
        _ => None,
    }
    .unwrap_or((key, ""));
    json!({
        "id": uuid(&config.base_url, taxonomy, key),
        "name": label,
        "description": if description.is_empty() { label } else { description },
        "taxonomy": taxonomy,
        "taxonomy_id": uuid(&config.base_url, "taxonomy", taxonomy),
        "term": key,
    })
}

/// The service's base fields, as a list shows them (with its organisation).
pub(crate) fn service_summary(config: &Config, e: &Entry) -> Json {
    let lang = feed_lang(config);
    let p = e.text(lang);
    let f = &p.fields;
    let facts = e.facts();
    let body = p.body.trim();
    let description = if body.is_empty() { f.summary.clone() } else { format!("{}\n\n{body}", f.summary) };
    let mut j = json!({
        "id": uuid(&config.base_url, "service", &e.slug),
        "organization_id": uuid(&config.base_url, "organization", &org_key(e, lang)),
        "name": f.name,
        "description": description,
        "status": facts.status.as_str(),
        "assured_date": e.reviewed.to_string(),
        "last_modified": format!("{}T00:00:00Z", e.reviewed),
        "organization": organization(config, e, lang),
    });
    if let Some(w) = &f.website {
        j["url"] = json!(w);
    }
    if let Some(m) = &f.email {
        j["email"] = json!(m);
    }
    if let Some(a) = facts.eligibility.min_age {
        j["minimum_age"] = json!(a);
    }
    if let Some(a) = facts.eligibility.max_age {
        j["maximum_age"] = json!(a);
    }
    j
}

fn location(config: &Config, e: &Entry, i: usize, lang: Lang) -> Json {
    let l = &e.text(lang).fields.locations[i];
    let key = format!("{}/{i}", e.slug);
    let (line1, city) = match l.address.rsplit_once(',') {
        Some((a, c)) => (a.trim().to_string(), c.trim().to_string()),
        None => (l.address.clone(), String::new()),
    };
    let mut loc = json!({
        "id": uuid(&config.base_url, "location", &key),
        "location_type": "physical",
        "name": l.name,
        "addresses": [{
            "id": uuid(&config.base_url, "address", &key),
            "location_id": uuid(&config.base_url, "location", &key),
            "address_1": line1,
            "city": city,
            "state_province": "",
            "postal_code": e.postcodes.get(i).cloned().unwrap_or_else(|| l.postcode.clone()),
            "country": "GB",
            "address_type": "physical",
        }],
    });
    if let Some(a) = &l.accessibility {
        loc["accessibility"] =
            json!([{"id": uuid(&config.base_url, "accessibility", &key), "location_id": loc["id"], "description": a}]);
    }
    loc
}

/// A service at one of its locations, with the location nested.
pub(crate) fn service_at_location(config: &Config, e: &Entry, i: usize) -> Json {
    let lang = feed_lang(config);
    let loc = location(config, e, i, lang);
    json!({
        "id": uuid(&config.base_url, "service_at_location", &format!("{}/{i}", e.slug)),
        "service_id": uuid(&config.base_url, "service", &e.slug),
        "location_id": loc["id"],
        "location": loc,
    })
}

/// The service fully nested: `/services/{id}`.
pub(crate) fn service_full(config: &Config, dir: &Directory, e: &Entry) -> Json {
    let lang = feed_lang(config);
    let p = e.text(lang);
    let f = &p.fields;
    let facts = e.facts();
    let base = &config.base_url;
    let sid = uuid(base, "service", &e.slug);
    let mut j = service_summary(config, e);
    let key = |what: &str, i: usize| format!("{}/{what}/{i}", e.slug);
    j["schedules"] = f
        .schedules
        .iter()
        .zip(&e.rules)
        .enumerate()
        .map(|(i, (s, r))| {
            let mut x = json!({
                "id": uuid(base, "schedule", &key("schedule", i)),
                "service_id": sid,
                "freq": if r.monthly { "MONTHLY" } else { "WEEKLY" },
                "interval": 1,
                "byday": s.byday.join(","),
                "opens_at": s.opens_at,
                "closes_at": s.closes_at,
                "dtstart": schedule::first_on_or_after(r, r.valid_from.unwrap_or(e.reviewed)).to_string(),
            });
            if let Some(d) = r.valid_from {
                x["valid_from"] = json!(d.to_string());
            }
            if let Some(d) = r.valid_to {
                x["valid_to"] = json!(d.to_string());
            }
            if let Some(d) = &s.description {
                x["description"] = json!(d);
            }
            x
        })
        .collect();
    j["service_areas"] = facts
        .areas
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let name = if a == "all" {
                config.council(lang, "name").unwrap_or_else(|| "all".into())
            } else {
                config.areas.get(a).map(|x| x.name(lang).to_string()).unwrap_or_else(|| a.clone())
            };
            json!({"id": uuid(base, "service_area", &key("area", i)), "service_id": sid, "name": name, "service_area": a})
        })
        .collect();
    j["service_at_locations"] = (0..f.locations.len()).map(|i| service_at_location(config, e, i)).collect();
    j["languages"] = facts
        .languages
        .iter()
        .map(|l| {
            let name = match l.as_str() {
                "cy" => "Welsh",
                _ => "English",
            };
            json!({"id": uuid(base, "language", &format!("{}/{l}", e.slug)), "service_id": sid, "name": name, "code": l})
        })
        .collect();
    let cost = &f.cost;
    j["cost_options"] = json!([{
        "id": uuid(base, "cost_option", &e.slug),
        "service_id": sid,
        "option": cost.description.clone().unwrap_or_else(|| "Free".into()),
    }]);
    if cost.free {
        j["cost_options"][0]["amount"] = json!(0);
    }
    let mut attributes = vec![];
    for (taxonomy, keys) in [(CATEGORIES, &facts.categories), (NEEDS, &facts.needs)] {
        for k in keys {
            attributes.push(json!({
                "id": uuid(base, "attribute", &format!("{}/{taxonomy}/{k}", e.slug)),
                "link_id": sid,
                "link_type": "service",
                "taxonomy_term_id": uuid(base, taxonomy, k),
                "taxonomy_term": term(config, dir, taxonomy, k, lang),
            }));
        }
    }
    let referral = facts.referral.as_str();
    attributes.push(json!({
        "id": uuid(base, "attribute", &format!("{}/{REFERRAL}", e.slug)),
        "link_id": sid,
        "link_type": "service",
        "taxonomy_term_id": uuid(base, REFERRAL, referral),
        "taxonomy_term": {
            "id": uuid(base, REFERRAL, referral),
            "name": referral_name(facts.referral),
            "description": referral_name(facts.referral),
            "taxonomy": REFERRAL,
            "term": referral,
        },
    }));
    j["attributes"] = json!(attributes);
    // HSDS 3 fields the UK profile leaves out; extra properties are allowed.
    if let Some(d) = &f.eligibility.description {
        j["eligibility_description"] = json!(d);
    }
    j["phones"] = f
        .phones
        .iter()
        .enumerate()
        .map(|(i, ph)| {
            let mut x = json!({"id": uuid(base, "phone", &key("phone", i)), "service_id": sid, "number": ph.number});
            if let Some(d) = &ph.description {
                x["description"] = json!(d);
            }
            x
        })
        .collect();
    j
}

fn referral_name(r: Referral) -> &'static str {
    match r {
        Referral::SelfReferral => "Self-referral",
        Referral::Professional => "Referral by a professional",
        Referral::Either => "Self-referral or referral by a professional",
    }
}

/// The taxonomies: the council's categories and needs, and how to get a service.
pub(crate) fn taxonomies(config: &Config) -> Vec<Json> {
    [
        (CATEGORIES, "Categories of service, defined by the council"),
        (NEEDS, "Needs a service is for, defined by the council"),
        (REFERRAL, "How a family gets the service"),
    ]
    .iter()
    .map(|(name, description)| json!({"id": uuid(&config.base_url, "taxonomy", name), "name": name, "description": description}))
    .collect()
}

/// Every taxonomy term.
pub(crate) fn taxonomy_terms(config: &Config, dir: &Directory) -> Vec<Json> {
    let lang = feed_lang(config);
    let mut out: Vec<Json> = dir.taxonomy.categories.keys().map(|k| term(config, dir, CATEGORIES, k, lang)).collect();
    out.extend(dir.taxonomy.needs.keys().map(|k| term(config, dir, NEEDS, k, lang)));
    for r in [Referral::SelfReferral, Referral::Professional, Referral::Either] {
        out.push(json!({
            "id": uuid(&config.base_url, REFERRAL, r.as_str()),
            "name": referral_name(r),
            "description": referral_name(r),
            "taxonomy": REFERRAL,
            "taxonomy_id": uuid(&config.base_url, "taxonomy", REFERRAL),
            "term": r.as_str(),
        }));
    }
    out
}

/// The paged object of every ORUK list: `page` from 1.
pub(crate) fn page(items: Vec<Json>, total: usize, page: usize, per_page: usize) -> Json {
    let total_pages = total.div_ceil(per_page.max(1));
    json!({
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page,
        "size": items.len(),
        "first_page": page <= 1,
        "last_page": page >= total_pages,
        "empty": items.is_empty(),
        "contents": items,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_uuids_that_differ_by_site_kind_and_key() {
        let a = uuid("https://teulu.example", "service", "talking-drop-in");
        assert_eq!(a, uuid("https://teulu.example", "service", "talking-drop-in"));
        assert_ne!(a, uuid("https://other.example", "service", "talking-drop-in"));
        assert_ne!(a, uuid("https://teulu.example", "organization", "talking-drop-in"));
        let parts: Vec<&str> = a.split('-').collect();
        assert_eq!(parts.iter().map(|p| p.len()).collect::<Vec<_>>(), [8, 4, 4, 4, 12]);
        assert!(parts[2].starts_with('5'));
        assert!(matches!(parts[3].as_bytes()[0], b'8' | b'9' | b'a' | b'b'));
    }
}
