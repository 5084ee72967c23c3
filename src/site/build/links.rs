//! Links to headings (`@/page.md#id`) checked across pages, from each page's heading ids and
//! anchored links, and the table of them watch mode keeps between rebuilds.

use super::JobOut;
use crate::lang::Lang;
use crate::problems::Problem;
use crate::site::content::Site;
use crate::site::markdown::InternalLink;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// A page's heading ids, sorted, in one string: one allocation a page, where a string each
/// (about nine a page) was a fifth of a large site's memory after rendering, held until its
/// links were checked.
#[derive(Debug, Default)]
pub(crate) struct Ids(Box<str>);

impl Ids {
    pub(super) fn new(ids: HashSet<String>) -> Ids {
        let mut ids: Vec<String> = ids.into_iter().collect();
        ids.sort_unstable();
        // Heading ids have no line breaks: Markdown's `{#id}` ends at white space, and made
        // ids are slugs.
        Ids(ids.join("\n").into())
    }

    pub(super) fn contains(&self, id: &str) -> bool {
        self.iter().any(|i| i == id)
    }

    pub(super) fn iter(&self) -> impl Iterator<Item = &str> {
        (!self.0.is_empty()).then(|| self.0.split('\n')).into_iter().flatten()
    }
}

/// Links to a heading (`@/page.md#id`) whose page has no such heading. `ids` gives a page's
/// heading ids in a language, `links` each link with the file and language it is in.
pub(super) fn anchor_problems<'a>(
    site: &Site,
    ids: impl Fn(usize, Lang) -> Option<&'a Ids>,
    links: impl Iterator<Item = (&'a Path, Lang, &'a InternalLink)>,
) -> Vec<Problem> {
    let mut out = vec![];
    for (file, lang, l) in links {
        if let (Some(anchor), Some(&target)) = (&l.anchor, site.by_key.get(&l.key))
            && let Some(set) = ids(target, lang)
            && !set.contains(anchor)
        {
            let known = set;
            out.push(Problem::new(
                file,
                l.line,
                format!("link to `@/{}#{anchor}`: that page has no heading with id `{anchor}`", l.key),
                format!("use one of: {}", known.iter().collect::<Vec<_>>().join(", ")),
            ));
        }
    }
    out
}

/// Every page's heading ids, and every link that names one, from the last good build: what
/// watch mode needs to check links into and out of the pages it renders again without
/// reading every other page's Markdown.
#[derive(Default)]
pub(crate) struct LinkIndex {
    pub(super) ids: HashMap<(usize, Lang), Ids>,
    /// Links with an `#anchor`: (page and language linking, its file, the link).
    pub(super) anchored: Vec<((usize, Lang), PathBuf, InternalLink)>,
}

impl LinkIndex {
    /// Takes in what a render found on the pages it read, replacing what they had.
    pub(super) fn update(&mut self, site: &Site, outs: Vec<JobOut>) {
        let redone: HashSet<(usize, Lang)> = outs.iter().map(|o| (o.node, o.lang)).collect();
        self.anchored.retain(|(from, _, _)| !redone.contains(from));
        for o in outs {
            let file = o.file(site);
            for l in o.links {
                self.anchored.push(((o.node, o.lang), file.to_path_buf(), l));
            }
            self.ids.insert((o.node, o.lang), o.ids);
        }
    }
}
