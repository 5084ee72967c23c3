//! Parity between a page and its translation, for `porth check`: the Welsh and English
//! pages of a pair should have the same headings, list items, table rows and links, and
//! exactly the same numbers, dates, times, phone numbers and e-mail addresses. A different
//! shape is a warning (a translation may rightly split a sentence into two list items); a
//! different number or address is an error, because a parent acts on it.

use crate::lang::Lang;
use crate::problems::{Problem, line_of};
use crate::site::content::{Site, Variant};
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use std::collections::BTreeMap;

/// What is compared, with the line each item is on.
#[derive(Default)]
struct Shape {
    headings: Vec<usize>,
    list_items: Vec<usize>,
    table_rows: Vec<usize>,
    links: Vec<usize>,
    /// Numbers (digit runs, so "9am" and "9yb" agree, and "01632 960 100" is three) and
    /// e-mail addresses, with their lines.
    facts: Vec<(String, usize)>,
}

fn shape(v: &Variant) -> Shape {
    let mut s = Shape::default();
    let line = |offset: usize| v.body_line + line_of(&v.body, offset) - 1;
    let mut in_code = false;
    for (event, range) in Parser::new_ext(&v.body, pulldown_cmark::Options::all()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { .. }) => s.headings.push(line(range.start)),
            Event::Start(Tag::Item) => s.list_items.push(line(range.start)),
            Event::Start(Tag::TableRow) | Event::Start(Tag::TableHead) => s.table_rows.push(line(range.start)),
            Event::Start(Tag::Link { dest_url, .. }) => {
                s.links.push(line(range.start));
                if let Some(addr) = dest_url.strip_prefix("mailto:") {
                    s.facts.push((addr.to_lowercase(), line(range.start)));
                }
            }
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(t) | Event::Code(t) if !in_code => facts(&t, line(range.start), &mut s.facts),
            _ => {}
        }
    }
    s
}

/// Digit runs and e-mail addresses in a piece of text.
fn facts(text: &str, line: usize, out: &mut Vec<(String, usize)>) {
    for word in text.split(|c: char| c.is_whitespace() || "()[],;\"'“”‘’".contains(c)) {
        let word = word.trim_end_matches(['.', ':', '!', '?']);
        if word.contains('@') && word.contains('.') {
            out.push((word.to_lowercase(), line));
            continue;
        }
        let mut run = String::new();
        for c in word.chars().chain(std::iter::once(' ')) {
            if c.is_ascii_digit() {
                run.push(c);
            } else if !run.is_empty() {
                out.push((std::mem::take(&mut run), line));
            }
        }
    }
}

/// Compares every page pair; returns (warnings, errors).
pub(crate) fn check(site: &Site) -> (Vec<Problem>, Vec<Problem>) {
    let (mut warnings, mut errors) = (vec![], vec![]);
    for node in &site.nodes {
        let (Some(cy), Some(en)) = (node.variants.get(&Lang::Cy), node.variants.get(&Lang::En)) else { continue };
        let (a, b) = (shape(cy), shape(en));
        for (what, x, y) in [
            ("headings", &a.headings, &b.headings),
            ("list items", &a.list_items, &b.list_items),
            ("table rows", &a.table_rows, &b.table_rows),
            ("links", &a.links, &b.links),
        ] {
            if x.len() != y.len() {
                // The first place they part: the item after the shorter list's last.
                let n = x.len().min(y.len());
                let at = |v: &Vec<usize>| v.get(n).or(v.last()).copied().unwrap_or(0);
                warnings.push(Problem::new(
                    &cy.file,
                    at(x),
                    format!("{} {what} here, {} in {}:{}", x.len(), y.len(), en.file.display(), at(y)),
                    "check the translation covers the same points, in the same order",
                ));
            }
        }
        let count = |v: &[(String, usize)]| {
            let mut m: BTreeMap<String, Vec<usize>> = BTreeMap::new();
            for (f, l) in v {
                m.entry(f.clone()).or_default().push(*l);
            }
            m
        };
        let (ca, cb) = (count(&a.facts), count(&b.facts));
        for (fact, lines) in &ca {
            let other = cb.get(fact).map(Vec::len).unwrap_or(0);
            if lines.len() > other {
                errors.push(Problem::new(
                    &cy.file,
                    lines[other],
                    format!(
                        "`{fact}` appears {} time(s) here and {other} time(s) in {}",
                        lines.len(),
                        en.file.display()
                    ),
                    "numbers, dates, times, phone numbers and e-mail addresses must be the same in both languages",
                ));
            }
        }
        for (fact, lines) in &cb {
            let other = ca.get(fact).map(Vec::len).unwrap_or(0);
            if lines.len() > other {
                errors.push(Problem::new(
                    &en.file,
                    lines[other],
                    format!(
                        "`{fact}` appears {} time(s) here and {other} time(s) in {}",
                        lines.len(),
                        cy.file.display()
                    ),
                    "numbers, dates, times, phone numbers and e-mail addresses must be the same in both languages",
                ));
            }
        }
    }
    (warnings, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn variant(body: &str) -> Variant {
        Variant {
            file: "content/x.md".into(),
            front: Default::default(),
            url: String::new(),
            body_line: 4,
            body: body.to_string(),
            date: None,
            updated: None,
        }
    }

    #[test]
    fn numbers_and_addresses_are_read_from_text_not_from_code() {
        let s = shape(&variant(
            "Ffoniwch 01632 960 100 rhwng 9am a 5pm, neu e-bostiwch tim@cyngor.example.\n\n```\n42\n```\n",
        ));
        let facts: Vec<&str> = s.facts.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(facts, ["01632", "960", "100", "9", "5", "tim@cyngor.example"]);
        assert!(s.facts.iter().all(|(_, l)| *l == 4));
    }

    #[test]
    fn shape_counts_headings_items_rows_and_links_with_lines() {
        let s =
            shape(&variant("## Un\n\n- a\n- b\n\n| x | y |\n|---|---|\n| 1 | 2 |\n\n[dolen](https://example.org)\n"));
        assert_eq!(s.headings, [4]);
        assert_eq!(s.list_items, [6, 7]);
        assert_eq!(s.table_rows.len(), 2);
        assert_eq!(s.links, [13]);
    }
}
