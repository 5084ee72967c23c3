//! Every TOML example in `docs/*.md`, read by the loader that reads the real file, so an
//! example a council copies starts. A block can opt out with `<!-- not-a-config: why -->` on
//! one of the two lines before it, when it is deliberately not a piece of a file (a list of
//! alternatives, say). Here because only the service sees every loader: its settings, the
//! generator's config and front matter, and the form core's form and term-date files.

use std::path::Path;

/// The line of each ```toml block and its text, with whether it opted out.
fn blocks(text: &str) -> Vec<(usize, String, bool)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = vec![];
    let mut i = 0;
    while i < lines.len() {
        if lines[i].trim() == "```toml" {
            let opted_out = lines[i.saturating_sub(2)..i].iter().any(|l| l.contains("<!-- not-a-config:"));
            let start = i + 1;
            let mut end = start;
            while end < lines.len() && lines[end].trim() != "```" {
                end += 1;
            }
            out.push((start, lines[start..end].join("\n"), opted_out));
            i = end;
        }
        i += 1;
    }
    out
}

/// A site folder whose config.toml is the Welsh site's with the block's tables in place of
/// its own: what a council gets when it pastes the example.
fn site_with(root: &Path, block: &toml::Table) -> tempfile::TempDir {
    let mut config: toml::Table = toml::from_str(&std::fs::read_to_string(root.join("config.toml")).unwrap()).unwrap();
    for (k, v) in block {
        match (config.get_mut(k), v) {
            (Some(toml::Value::Table(mine)), toml::Value::Table(theirs)) => {
                for (kk, vv) in theirs {
                    mine.insert(kk.clone(), vv.clone());
                }
            }
            _ => {
                config.insert(k.clone(), v.clone());
            }
        }
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("config.toml"), toml::to_string(&config).unwrap()).unwrap();
    for folder in ["static", "templates", "content", "i18n", "forms"] {
        std::fs::create_dir_all(dir.path().join(folder)).unwrap();
    }
    // The site's sections and forms, by name only: `[contacts]` names them, and config.toml
    // is checked against them.
    for entry in std::fs::read_dir(root.join("content")).unwrap().filter_map(Result::ok) {
        if entry.path().join("_index.md").is_file() {
            let section = dir.path().join("content").join(entry.file_name());
            std::fs::create_dir_all(&section).unwrap();
            std::fs::write(section.join("_index.md"), "").unwrap();
        }
    }
    for entry in std::fs::read_dir(root.join("forms")).unwrap().filter_map(Result::ok) {
        std::fs::write(dir.path().join("forms").join(entry.file_name()), "").unwrap();
    }
    dir
}

/// Which loader reads a block, by its first keys, and what it says.
fn read(root: &Path, block: &str) -> Result<(), String> {
    if block.trim_start().starts_with("+++") {
        return read_file(block);
    }
    let table: toml::Table = toml::from_str(block).map_err(|e| format!("not TOML: {e}"))?;
    let has = |k: &str| table.contains_key(k);
    if has("mail") || has("service") || has("storage") {
        let site = site_with(root, &table);
        crate::service::settings::load_all(site.path()).map(|_| ()).map_err(|e| format!("{e:#}"))
    } else if ["areas", "venues", "council", "contacts", "default_contact", "review", "directory", "postcode_districts"]
        .iter()
        .any(|k| has(k))
    {
        let site = site_with(root, &table);
        crate::site::config::Config::load(site.path()).map(|_| ()).map_err(|e| format!("{e:#}"))
    } else if has("extra") {
        // Front matter: the docs show the `[extra]` part; every page also has a title.
        let text = if has("title") { block.to_string() } else { format!("title = \"Example\"\n{block}") };
        crate::site::content::parse_front(&text, Path::new("example.md")).map(|_| ()).map_err(|p| p.to_string())
    } else if has("terms") || has("closed") {
        crate::forms::clocks::parse(Path::new("term-dates.toml"), block)
            .map(|_| ())
            .map_err(|ps| ps.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("; "))
    } else if has("categories") || has("needs") {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("taxonomy.toml");
        std::fs::write(&path, block).unwrap();
        crate::site::directory::taxonomy::load(&path, &[crate::lang::Lang::Cy, crate::lang::Lang::En])
            .map(|_| ())
            .map_err(|ps| ps.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("; "))
    } else if has("step") {
        crate::site::journeys::parse_example(block)
    } else {
        crate::forms::model::read_fragment(block)
    }
}

/// A whole file, front matter between `+++` lines and a body: a page (it has a title), an
/// alert banner (a kind) or a directory entry (a name).
fn read_file(text: &str) -> Result<(), String> {
    let file = Path::new("example.md");
    let (front, _, _) = crate::site::content::split_front_matter(text, file).map_err(|p| p.to_string())?;
    let table: toml::Table = toml::from_str(front).map_err(|e| format!("not TOML: {e}"))?;
    if table.contains_key("title") {
        crate::site::content::parse_front(front, file).map(|_| ()).map_err(|p| p.to_string())
    } else if table.contains_key("kind") {
        crate::site::alerts::parse_settings(front)
    } else {
        crate::site::directory::entry::parse(text, file).map(|_| ()).map_err(|p| p.to_string())
    }
}

#[test]
fn every_toml_example_in_the_docs_is_read_by_the_real_loaders() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut failed = vec![];
    let mut read_count = 0;
    for entry in std::fs::read_dir(root.join("docs")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for (line, block, opted_out) in blocks(&text) {
            if opted_out {
                continue;
            }
            read_count += 1;
            if let Err(e) = read(root, &block) {
                failed.push(format!("{}:{line}: {e}", path.strip_prefix(root).unwrap().display()));
            }
        }
    }
    assert!(read_count >= 15, "only {read_count} examples found");
    assert!(failed.is_empty(), "examples the loaders refuse:\n{}", failed.join("\n"));
}

#[test]
fn a_stale_key_in_an_example_is_caught() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    assert!(read(root, "[mail]\naln_team_address = \"ALN <aln@example.org>\"\n").is_err());
    assert!(read(root, "[[pages.fields]]\nname = \"x\"\nkind = \"text\"\nlable = \"X\"\n").is_err());
    assert!(read(root, "[[pages.fields]]\nname = \"x\"\nkind = \"text\"\n").is_ok());
    let alert = "+++\nkind = \"important\"\nstarts = 2026-12-24T16:00:00\nends = 2027-01-04T09:00:00\n+++\nClosed.\n";
    assert!(read(root, alert).is_ok());
    assert!(read(root, &alert.replace("important", "urgent")).is_err());
    assert!(read(root, "title.cy = \"T\"\ntitle.en = \"T\"\n[[steps]]\ntitle.en = \"S\"\n").is_err());
    assert!(read(root, "[review]\nmonths = 12\n").is_ok());
    assert!(read(root, "[review]\nmonth = 12\n").is_err());
    // A contact naming a section that is not there, or with a misspelt key.
    let aln = "[contacts.aln]\nemail = \"ady@c.example\"\nphone = \"01632 960 110\"\nsections = [\"additional-learning-needs\"]\nforms = [\"aln\"]\n[contacts.aln.cy]\nteam = \"T\"\nhours = \"H\"\n[contacts.aln.en]\nteam = \"T\"\nhours = \"H\"\n";
    assert!(read(root, aln).is_ok());
    assert!(read(root, &aln.replace("[\"additional-learning-needs\"]", "[\"aln\"]")).is_err());
    assert!(read(root, &aln.replace("sections =", "section =")).is_err());
}
