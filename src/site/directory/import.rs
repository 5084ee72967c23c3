//! `porth directory import FILE`: Open Referral UK v3 JSON (a `/services` page, an array
//! of services, or one service) into entry files in Porth's format, with a list of what
//! could not be mapped, so a council moving from another supplier starts with its data and
//! knows what to check. What Porth itself publishes (`oruk`) comes back field for field.

use crate::site::directory::entry::{
    Cost, Eligibility, EntryFile, Location, Organisation, Phone, Referral, Schedule, Status,
};
use crate::site::directory::oruk;
use serde_json::Value as Json;
use std::collections::BTreeSet;

/// One entry made from one service.
#[derive(Debug)]
pub(crate) struct Imported {
    pub(crate) slug: String,
    pub(crate) fields: EntryFile,
    pub(crate) body: String,
    /// What could not be mapped, for the editor to check.
    pub(crate) notes: Vec<String>,
}

impl Imported {
    /// The entry file's text.
    pub(crate) fn file_text(&self) -> anyhow::Result<String> {
        let front = toml::to_string(&self.fields)?;
        Ok(format!("+++\n{front}+++\n\n{}\n", self.body.trim_end()))
    }
}

/// The services in a JSON document: a paged list's `contents`, an array, or one service.
pub(crate) fn services(doc: &Json) -> Vec<&Json> {
    match doc {
        Json::Array(a) => a.iter().collect(),
        Json::Object(o) if o.contains_key("contents") => {
            o["contents"].as_array().map(|a| a.iter().collect()).unwrap_or_default()
        }
        Json::Object(_) => vec![doc],
        _ => vec![],
    }
}

fn s<'a>(v: &'a Json, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Json::as_str).map(str::trim).filter(|s| !s.is_empty())
}

fn arr<'a>(v: &'a Json, key: &str) -> &'a [Json] {
    v.get(key).and_then(Json::as_array).map(Vec::as_slice).unwrap_or_default()
}

fn date(v: &str) -> Option<toml::value::Datetime> {
    let d: toml::value::Datetime = v.get(..10)?.parse().ok()?;
    d.date.is_some().then_some(d)
}

/// The top-level service fields this import reads; any other is reported.
const READ: &[&str] = &[
    "id",
    "organization_id",
    "name",
    "description",
    "url",
    "email",
    "status",
    "minimum_age",
    "maximum_age",
    "assured_date",
    "last_modified",
    "schedules",
    "service_areas",
    "service_at_locations",
    "languages",
    "organization",
    "cost_options",
    "attributes",
    "phones",
    "eligibility_description",
];

/// Maps one service. `slugs` holds the slugs taken so far, so two services of the same
/// name get two files.
pub(crate) fn service(v: &Json, slugs: &mut BTreeSet<String>, today: time::Date) -> Imported {
    let mut notes = vec![];
    let name = s(v, "name").unwrap_or("Untitled service").to_string();
    if s(v, "name").is_none() {
        notes.push("it has no name: \"Untitled service\" was used".into());
    }
    let mut slug = crate::site::markdown::slugify(&name);
    if slug.is_empty() {
        slug = "service".into();
    }
    let base = slug.clone();
    let mut n = 2;
    while !slugs.insert(slug.clone()) {
        slug = format!("{base}-{n}");
        n += 1;
    }
    for (k, val) in v.as_object().into_iter().flatten() {
        if !READ.contains(&k.as_str())
            && !val.is_null()
            && val != &Json::Array(vec![])
            && val != &Json::String(String::new())
        {
            notes.push(format!("`{k}` is not something Porth keeps: it was left out"));
        }
    }
    let description = s(v, "description").unwrap_or_default();
    let (summary, body) = match description.split_once("\n\n") {
        Some((a, b)) => (a.trim().to_string(), b.trim().to_string()),
        None => (description.to_string(), String::new()),
    };
    if summary.is_empty() {
        notes.push("it has no description: write a one-line summary".into());
    }
    let status = match s(v, "status") {
        Some("active") | None => Status::Active,
        Some("inactive") => Status::Inactive,
        Some("defunct") => Status::Defunct,
        Some("temporarily closed") => Status::TemporarilyClosed,
        Some(other) => {
            notes.push(format!("status `{other}` is not an ORUK status: \"active\" was used"));
            Status::Active
        }
    };
    let reviewed = match s(v, "assured_date").or(s(v, "last_modified")).and_then(date) {
        Some(d) => d,
        None => {
            notes.push("it has no assured_date or last_modified: `reviewed` is today, check every detail".into());
            today.to_string().parse().expect("a date")
        }
    };
    let mut categories = vec![];
    let mut needs = vec![];
    let mut referral = None;
    for a in arr(v, "attributes") {
        let Some(t) = a.get("taxonomy_term") else { continue };
        let key =
            s(t, "term").or(s(t, "code")).or(s(t, "name")).map(crate::site::markdown::slugify).unwrap_or_default();
        if key.is_empty() {
            continue;
        }
        match s(t, "taxonomy") {
            Some(oruk::CATEGORIES) => categories.push(key),
            Some(oruk::NEEDS) => needs.push(key),
            Some(oruk::REFERRAL) => {
                referral = match key.as_str() {
                    "self" => Some(Referral::SelfReferral),
                    "professional" => Some(Referral::Professional),
                    "either" => Some(Referral::Either),
                    _ => None,
                }
            }
            other => {
                notes.push(format!(
                    "term `{}` (taxonomy `{}`) became category `{key}`: add it to taxonomy.toml or change it",
                    s(t, "name").unwrap_or(&key),
                    other.unwrap_or("none")
                ));
                categories.push(key);
            }
        }
    }
    if categories.is_empty() {
        notes.push("it has no categories: add at least one from taxonomy.toml".into());
    }
    let referral = referral.unwrap_or_else(|| {
        notes.push("the feed does not say how to get the service: `referral = \"either\"` was used".into());
        Referral::Either
    });
    let mut areas: Vec<String> = arr(v, "service_areas")
        .iter()
        .filter_map(|a| {
            s(a, "service_area").map(str::to_string).or_else(|| s(a, "name").map(crate::site::markdown::slugify))
        })
        .filter(|a| !a.contains(' ') && a.len() < 40)
        .collect();
    if areas.is_empty() {
        if !arr(v, "service_areas").is_empty() {
            notes.push(
                "its service areas are described in words, not as areas of config.toml: `areas = [\"all\"]` was used"
                    .into(),
            );
        }
        areas.push("all".into());
    }
    let mut languages: Vec<String> = arr(v, "languages")
        .iter()
        .filter_map(|l| {
            let code = s(l, "code").map(str::to_ascii_lowercase);
            let name = s(l, "name").map(str::to_ascii_lowercase);
            match (code.as_deref(), name.as_deref()) {
                (Some("cy" | "cym" | "wel"), _) | (_, Some("welsh" | "cymraeg")) => Some("cy".to_string()),
                (Some("en" | "eng"), _) | (_, Some("english" | "saesneg")) => Some("en".to_string()),
                _ => None,
            }
        })
        .collect();
    languages.dedup();
    if languages.is_empty() {
        notes.push("no language Porth knows is given: `languages = [\"en\"]` was used".into());
        languages.push("en".into());
    }
    let org = v.get("organization").cloned().unwrap_or(Json::Null);
    let organisation = Organisation {
        name: s(&org, "name").unwrap_or(&name).to_string(),
        website: s(&org, "website").or(s(&org, "url")).map(str::to_string),
    };
    let age = |k: &str| v.get(k).and_then(Json::as_f64).map(|a| a.clamp(0.0, 255.0) as u8);
    let eligibility = Eligibility {
        min_age: age("minimum_age"),
        max_age: age("maximum_age"),
        description: s(v, "eligibility_description").map(str::to_string),
    };
    let options = arr(v, "cost_options");
    let free = options.iter().any(|c| c.get("amount").and_then(Json::as_f64) == Some(0.0));
    let described: Vec<String> = options
        .iter()
        .filter_map(|c| {
            let mut parts = vec![];
            if let Some(o) = s(c, "option") {
                parts.push(o.to_string());
            }
            if let Some(a) = c.get("amount").and_then(Json::as_f64).filter(|&a| a > 0.0) {
                parts.push(format!("£{a:.2}"));
            }
            if let Some(d) = s(c, "amount_description") {
                parts.push(d.to_string());
            }
            (!parts.is_empty()).then(|| parts.join(" "))
        })
        .collect();
    let cost = match (free, described.is_empty()) {
        (true, _) => Cost { free: true, description: described.first().filter(|d| d.as_str() != "Free").cloned() },
        (false, false) => Cost { free: false, description: Some(described.join("; ")) },
        (false, true) => {
            notes.push("the feed gives no cost: write what it costs, or `free = true`".into());
            Cost { free: false, description: Some("Ask the service what it costs.".into()) }
        }
    };
    let phones_of = |x: &Json| -> Vec<Phone> {
        arr(x, "phones")
            .iter()
            .filter_map(|p| {
                Some(Phone {
                    number: s(p, "number")?.to_string(),
                    description: s(p, "description").map(str::to_string),
                })
            })
            .collect()
    };
    let mut phones = phones_of(v);
    for c in arr(v, "contacts") {
        phones.extend(phones_of(c));
    }
    let mut locations = vec![];
    for sal in arr(v, "service_at_locations") {
        let Some(loc) = sal.get("location") else { continue };
        let Some(addr) = arr(loc, "addresses").first() else {
            notes.push(format!("location `{}` has no address: left out", s(loc, "name").unwrap_or("?")));
            continue;
        };
        let lines: Vec<&str> = ["address_1", "address_2", "city"].iter().filter_map(|k| s(addr, k)).collect();
        locations.push(Location {
            name: s(loc, "name").unwrap_or(lines.first().copied().unwrap_or_default()).to_string(),
            address: lines.join(", "),
            postcode: s(addr, "postal_code").unwrap_or_default().to_string(),
            accessibility: arr(loc, "accessibility").first().and_then(|a| s(a, "description")).map(str::to_string),
        });
        phones.extend(phones_of(loc));
    }
    let mut schedules = vec![];
    for sc in arr(v, "schedules") {
        let freq = s(sc, "freq").map(str::to_ascii_lowercase);
        let time = |k: &str| s(sc, k).map(|t| t.get(..5).unwrap_or(t).to_string());
        match (freq, s(sc, "byday"), time("opens_at"), time("closes_at")) {
            (Some(freq), Some(byday), Some(opens_at), Some(closes_at)) if freq == "weekly" || freq == "monthly" => {
                if s(sc, "bymonthday").is_some() {
                    notes.push("a schedule's bymonthday is not something Porth keeps: check its days".into());
                }
                schedules.push(Schedule {
                    freq,
                    byday: byday.split(',').map(|d| d.trim().to_ascii_uppercase()).filter(|d| !d.is_empty()).collect(),
                    opens_at,
                    closes_at,
                    valid_from: s(sc, "valid_from").and_then(date),
                    valid_to: s(sc, "valid_to").and_then(date),
                    description: s(sc, "description").or(s(sc, "notes")).map(str::to_string),
                });
                if s(sc, "description").is_some() && s(sc, "notes").is_some() {
                    notes.push("a schedule's notes were left out (its description was kept)".into());
                }
            }
            _ => notes.push(format!(
                "a schedule without weekly or monthly days and times was left out: {}",
                s(sc, "description").unwrap_or("(no description)")
            )),
        }
    }
    let fields = EntryFile {
        name,
        summary,
        status,
        reviewed,
        website: s(v, "url").map(str::to_string),
        email: s(v, "email").map(str::to_string),
        categories,
        needs,
        areas,
        languages,
        referral,
        organisation,
        eligibility,
        cost,
        phones,
        locations,
        schedules,
    };
    Imported { slug, fields, body, notes }
}

/// `porth directory import FILE [--into FOLDER]`: writes one entry file per service into
/// `into` (the site's `directory/` unless given), never over a file that exists, and
/// returns the report to print.
pub(crate) fn run(
    root: &std::path::Path,
    file: &std::path::Path,
    into: Option<&std::path::Path>,
) -> anyhow::Result<String> {
    use anyhow::Context as _;
    let text = std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let doc: Json = serde_json::from_str(&text).map_err(|e| {
        anyhow::anyhow!("{}:{}: this is not JSON: {e}\n    fix: save the Open Referral UK response (a /services page or one service) as it came", file.display(), e.line())
    })?;
    let list = services(&doc);
    anyhow::ensure!(
        !list.is_empty(),
        "{}: no services found\n    fix: give an ORUK v3 /services page (with `contents`), an array of services, or one service",
        file.display()
    );
    let dir = into.map(std::path::Path::to_path_buf).unwrap_or_else(|| root.join(super::DIR));
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut slugs: BTreeSet<String> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .filter_map(|e| {
            e.ok()?.file_name().to_str()?.strip_suffix(".md").map(|s| s.trim_end_matches(".cy").to_string())
        })
        .collect();
    let today = crate::clock::uk_now().date();
    let mut report = String::new();
    let mut written = 0;
    for v in &list {
        let imported = service(v, &mut slugs, today);
        let path = dir.join(format!("{}.md", imported.slug));
        std::fs::write(&path, imported.file_text()?).with_context(|| format!("cannot write {}", path.display()))?;
        written += 1;
        report.push_str(&format!("{}\n", path.display()));
        for n in &imported.notes {
            report.push_str(&format!("    - {n}\n"));
        }
    }
    report.push_str(&format!(
        "\nImported {written} service{} into {}. Check each file, then run `porth check`; a Welsh site needs a <slug>.cy.md beside each.\n",
        if written == 1 { "" } else { "s" },
        dir.display()
    ));
    Ok(report)
}
