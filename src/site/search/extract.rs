//! What search reads from a rendered page: its title (the `<h1>`), its section (the first
//! breadcrumb after home), its headings and the text of `<main>`, leaving out navigation
//! (`<nav>`, such as the contents list) and anything marked `data-search-ignore` (lists of
//! other pages, sources, dates), so a page is found for what it says, not what it links to.
//! Also the glossary's terms (an `<h3>` with an id, then an `<em>` giving the other
//! language's term), which become synonyms. A small tag scanner is enough: the HTML is our
//! own templates' output, not arbitrary markup.

/// The searchable parts of one page.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Extracted {
    pub(crate) title: String,
    pub(crate) section: Option<String>,
    pub(crate) headings: Vec<String>,
    /// Each heading's id (its anchor, `#school-is-not-compulsory`), or "" if it has none.
    pub(crate) anchors: Vec<String>,
    /// The text of each link to another page of the site, with the number of the heading
    /// whose part of the page it is in: whether the part hands the heading to that page is
    /// the index's to judge, in the page's language.
    pub(crate) links: Vec<(usize, String)>,
    /// `<link rel="alternate" hreflang>`: (language code, path) of the page in each language.
    pub(crate) alternates: Vec<(String, String)>,
    /// `<main>`'s text, or for the index (`numbered`) only as much of its start as the
    /// excerpt needs.
    pub(crate) text: String,
    /// For the index: the words of all of `<main>`'s text, numbered (`words::id`) as they
    /// are read.
    pub(crate) words: Vec<u32>,
    /// Glossary entries: the heading's id, its text, and the emphasised line after it.
    pub(crate) terms: Vec<(String, String, String)>,
}

/// Elements that end a line of text, so words either side of them never run together.
/// (A `match`, not a list: it runs for every tag of every page.)
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "li"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "div"
            | "td"
            | "th"
            | "br"
            | "dt"
            | "dd"
            | "section"
            | "tr"
            | "ul"
            | "ol"
            | "table"
            | "blockquote"
            | "main"
            | "summary"
            | "details"
            | "figcaption"
            | "time"
    )
}

fn is_void(name: &str) -> bool {
    matches!(
        name,
        "br" | "img"
            | "hr"
            | "input"
            | "meta"
            | "link"
            | "wbr"
            | "source"
            | "col"
            | "area"
            | "base"
            | "embed"
            | "track"
    )
}

/// `None` for pages that are not for reading: redirects, and pages that ask not to be indexed.
pub(crate) fn extract(html: &str) -> Option<Extracted> {
    extract_keeping(html, None)
}

/// `extract` for the index: the text's words numbered as they are read, and of the text
/// itself only what an excerpt of `excerpt` bytes after the title needs. Keeping the whole
/// text to split it into words afterwards read every page's text twice.
pub(crate) fn numbered(html: &str, excerpt: usize) -> Option<Extracted> {
    extract_keeping(html, Some(excerpt))
}

fn extract_keeping(html: &str, excerpt: Option<usize>) -> Option<Extracted> {
    let mut out = Extracted::default();
    // `<main>`'s text as search keeps it, squashed as it is read: one pass over each page,
    // where squashing the whole text afterwards, line by line, was a tenth of the build.
    let mut main = Squashed { limit: usize::MAX, ..Squashed::default() };
    if excerpt.is_some() {
        // A page's words come about one to every sixteen bytes of its HTML, or fewer.
        main.numbered = Some(Numbered { ids: Vec::with_capacity(html.len() / 16), ..Numbered::default() });
    }
    // Open elements, with whether each hides its content from search.
    let mut stack: Vec<(&str, bool)> = vec![];
    let mut hidden = 0usize;
    let mut in_main = false;
    let mut capture: Option<(String, String)> = None; // (element, text) of an h1/h2/h3/em/breadcrumb
    let mut crumbs: Vec<String> = vec![];
    let mut pending_term: Option<(String, String)> = None; // glossary heading waiting for its <em>
    let mut h3_id: Option<String> = None;
    let mut anchor: Option<String> = None; // the id of the h2/h3 being read
    // The number of the last h2/h3 read in `<main>`.
    let mut heading: Option<usize> = None;
    let mut rest = html;
    while !rest.is_empty() {
        // `memchr`'s vector search: `str::find(char)` is the standard library's word-at-a-time
        // one, and looking for the next tag was a tenth of a large site's build.
        let Some(lt) = memchr::memchr(b'<', rest.as_bytes()) else {
            text(rest, hidden, in_main, &mut main, &mut capture);
            break;
        };
        text(&rest[..lt], hidden, in_main, &mut main, &mut capture);
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |e| &after[e + 3..]);
            continue;
        }
        let Some(gt) = memchr::memchr(b'>', rest.as_bytes()) else { break };
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        let closing = tag.starts_with('/');
        let tag = tag.trim_start_matches('/');
        // A tag's name ends at ASCII whitespace or `/`: looked for byte by byte.
        let name_end = tag
            .bytes()
            .position(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C | b'/'))
            .unwrap_or(tag.len());
        // Our templates and pulldown-cmark write tag names in lower case.
        let name = &tag[..name_end];
        let attrs = &tag[name_end..];
        if name == "script" || name == "style" {
            if !closing {
                let end = format!("</{name}");
                rest = rest.find(&end).map_or("", |e| &rest[e..]);
            }
            continue;
        }
        // Redirects, and pages that ask not to be indexed (the 404 page, area pages).
        if name == "meta"
            && (attrs.contains("http-equiv=\"refresh\"") || attrs.contains("name=\"robots\" content=\"noindex\""))
        {
            return None;
        }
        if in_main && hidden == 0 && is_block(name) {
            main.push_str("\n");
        }
        if closing {
            // Pop to the matching element; our templates close what they open.
            if let Some(pos) = stack.iter().rposition(|(n, _)| *n == name) {
                for (_, hides) in stack.drain(pos..) {
                    if hides {
                        hidden -= 1;
                    }
                }
            }
            if name == "main" {
                // Nothing after `</main>` is searched (the footer, scripts): the rest of the
                // page is not read at all.
                break;
            }
            if let Some((el, t)) = capture.take_if(|(el, _)| el == name) {
                let t = squash(&t);
                match el.as_str() {
                    "h1" if in_main && out.title.is_empty() => {
                        // An excerpt is the text after the title (or its start, if it does
                        // not begin with the title): the title, a separator, the excerpt.
                        if let Some(excerpt) = excerpt {
                            main.limit = t.len() + 1 + excerpt;
                        }
                        out.title = t
                    }
                    "h2" | "h3" if in_main && hidden == 0 => {
                        if el == "h3" {
                            pending_term = h3_id.take().map(|id| (id, t.clone()));
                        }
                        heading = Some(out.headings.len());
                        out.headings.push(t);
                        out.anchors.push(anchor.take().unwrap_or_default());
                    }
                    "em" => {
                        if let Some((id, heading)) = pending_term.take() {
                            out.terms.push((id, heading, t));
                        }
                    }
                    "a" if in_main => {
                        if let Some(n) = heading {
                            out.links.push((n, t));
                        }
                    }
                    "a" => crumbs.push(t),
                    _ => {}
                }
            }
            continue;
        }
        // The page in its other languages, for a query typed in the other language.
        if name == "link"
            && attrs.contains("rel=\"alternate\"")
            && let (Some(lang), Some(href)) = (attr(attrs, "hreflang"), attr(attrs, "href"))
            && lang != "x-default"
        {
            let path = href.find("://").map_or(href.as_str(), |i| {
                let rest = &href[i + 3..];
                rest.find('/').map_or("/", |j| &rest[j..])
            });
            out.alternates.push((lang, path.to_string()));
        }
        if is_void(name) || attrs.ends_with('/') {
            continue;
        }
        let hides = in_main && (name == "nav" || has_search_ignore(attrs));
        if hides {
            hidden += 1;
        }
        // Before `<main>` nothing is hidden and nothing is popped to: the header's elements
        // are not kept (`</main>` ends the reading).
        if in_main || name == "main" {
            stack.push((name, hides));
        }
        match name {
            "main" => in_main = true,
            "h1" | "h2" => {
                pending_term = None;
                anchor = attr(attrs, "id");
                capture = Some((name.to_string(), String::new()));
            }
            "h3" => {
                pending_term = None;
                h3_id = attr(attrs, "id");
                anchor = h3_id.clone();
                capture = Some((name.to_string(), String::new()));
            }
            "em" if pending_term.is_some() => capture = Some((name.to_string(), String::new())),
            "a" if attrs.contains("govuk-breadcrumbs__link") => capture = Some((name.to_string(), String::new())),
            // A link to another of the site's pages, read to see whether it names the heading.
            "a" if in_main && hidden == 0 && capture.is_none() && href_is_local(attrs) => {
                capture = Some((name.to_string(), String::new()))
            }
            _ => {}
        }
    }
    if let Some(mut numbered) = main.numbered.take() {
        numbered.end();
        out.words = numbered.ids;
    }
    out.text = main.out;
    out.section = crumbs.get(1).cloned();
    Some(out)
}

fn text(raw: &str, hidden: usize, in_main: bool, out: &mut Squashed, capture: &mut Option<(String, String)>) {
    // Text that is neither searched nor a heading being read (the header, navigation,
    // lists of other pages) is not decoded: most of a page's text outside `<main>`'s own.
    let searched = in_main && hidden == 0;
    if raw.is_empty() || !(searched || capture.is_some()) {
        return;
    }
    let decoded = decode(raw);
    if let Some((_, t)) = capture {
        t.push_str(&decoded);
    }
    if searched {
        out.push_str(&decoded);
    }
}

/// Text as search keeps it, built as it is read: each line's words joined by one space,
/// blank lines left out (what splitting into lines and squashing each would give).
#[derive(Default)]
struct Squashed {
    out: String,
    /// The line being written has a word on it.
    on_line: bool,
    /// Whitespace, or a line break, since the last word, owed before the next one.
    space: bool,
    newline: bool,
    /// No more is kept once the text is this long (its words are still numbered).
    limit: usize,
    /// The text's words as numbers, for the index.
    numbered: Option<Numbered>,
}

/// The words of a text read in pieces, numbered: `fold::words` of the whole text, where a
/// word may run from one piece into the next (`<em>a</em>b` is one word; a block element
/// between them is a line break, so `<p>a</p><p>b` is two).
#[derive(Default)]
struct Numbered {
    ids: Vec<u32>,
    /// The word at the end of the last piece, which the next may go on.
    carry: String,
}

impl Numbered {
    /// The next piece of the text.
    fn piece(&mut self, piece: &str) {
        let mut carried = false;
        for (at, word) in super::fold::words(piece) {
            if at != 0 {
                self.end();
            }
            let to_end = at + word.len() == piece.len();
            if to_end {
                self.carry.push_str(word);
                carried = true;
            } else if self.carry.is_empty() {
                self.ids.push(super::words::id(word));
            } else {
                self.carry.push_str(word);
                self.end();
            }
        }
        if !carried {
            self.end();
        }
    }

    /// The word being carried ends.
    fn end(&mut self) {
        if !self.carry.is_empty() {
            self.ids.push(super::words::id(&self.carry));
            self.carry.clear();
        }
    }
}

impl Squashed {
    fn push_str(&mut self, s: &str) {
        if let Some(numbered) = &mut self.numbered {
            numbered.piece(s);
        }
        // Past what is kept, only the words are wanted.
        if self.out.len() >= self.limit {
            return;
        }
        let mut word = 0; // where the run of non-whitespace being read began
        let mut i = 0;
        let bytes = s.as_bytes();
        while i < bytes.len() {
            // Skip over a run of printable ASCII at once: most of any text.
            if let Some(run) = bytes[i..].iter().position(|&b| !(0x21..0x7f).contains(&b)) {
                i += run;
            } else {
                break;
            }
            let b = bytes[i];
            let (white, len) = if b.is_ascii() {
                // `char::is_whitespace` for ASCII: space, \t, \n, \x0B, \x0C, \r.
                (matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r'), 1)
            } else {
                let c = s[i..].chars().next().expect("on a char boundary");
                (c.is_whitespace(), c.len_utf8())
            };
            if white {
                self.word(&s[word..i]);
                if b == b'\n' {
                    self.newline |= self.on_line;
                    self.on_line = false;
                    self.space = false;
                } else {
                    self.space |= self.on_line;
                }
                word = i + len;
            }
            i += len;
        }
        self.word(&s[word..]);
    }

    fn word(&mut self, w: &str) {
        if w.is_empty() {
            return;
        }
        if self.newline {
            self.out.push('\n');
        } else if self.space {
            self.out.push(' ');
        }
        (self.newline, self.space, self.on_line) = (false, false, true);
        self.out.push_str(w);
    }
}

/// Whether an element's attributes say `data-search-ignore`: asked of every element in
/// `<main>`, so with a searcher made once, not for each element as `str::contains` does.
fn has_search_ignore(attrs: &str) -> bool {
    static FINDER: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("data-search-ignore"));
    attrs.len() >= "data-search-ignore".len() && FINDER.find(attrs.as_bytes()).is_some()
}

/// Whether an element's `href` is a path on this site (`/…`, not `//host/…`): read in place,
/// for every link of every page, not copied out and decoded as `attr` would.
fn href_is_local(attrs: &str) -> bool {
    attrs.find("href=\"").is_some_and(|i| {
        let value = &attrs[i + 6..];
        value.starts_with('/') && !value.starts_with("//")
    })
}

fn attr(attrs: &str, name: &str) -> Option<String> {
    // The first `name="`, found without making the pattern: this runs for every heading.
    let mut from = 0;
    let start = loop {
        let at = from + attrs[from..].find(name)?;
        let after = at + name.len();
        if attrs[after..].starts_with("=\"") {
            break after + 2;
        }
        from = at + 1;
    };
    let end = attrs[start..].find('"')?;
    Some(decode(&attrs[start..start + end]).into_owned())
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The character references Tera and pulldown-cmark write: the five named ones, `&nbsp;`
/// and numeric references.
pub(crate) fn decode(s: &str) -> std::borrow::Cow<'_, str> {
    if memchr::memchr(b'&', s.as_bytes()).is_none() {
        return s.into();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let c = match name {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                "nbsp" => ' ',
                _ if name.starts_with("#x") || name.starts_with("#X") => {
                    char::from_u32(u32::from_str_radix(&name[2..], 16).ok()?)?
                }
                _ if name.starts_with('#') => char::from_u32(name[1..].parse().ok()?)?,
                _ => return None,
            };
            Some((c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_title_section_headings_and_main_text_only() {
        let html = r##"<html><head><title>x</title><script>var a = "<main>";</script></head><body>
<header><nav><a href="/">Hafan</a></nav></header>
<nav class="govuk-breadcrumbs"><ol><li><a class="govuk-breadcrumbs__link" href="/cy/">Hafan</a></li><li><a class="govuk-breadcrumbs__link" href="/cy/ady/">ADY</a></li></ol></nav>
<main id="main-content"><h1 class="govuk-heading-l">Apelio</h1>
<nav class="toc"><h2>Cynnwys</h2><ol><li><a href="#a">Dim</a></li></ol></nav>
<div class="prose"><p>Gall eich plentyn&#39;s <strong>apelio</strong> &amp; mwy.</p><h2 id="a">Pryd</h2><p>Nawr<br>wedyn</p></div>
<ul data-search-ignore><li>Tudalen arall</li></ul>
</main><footer>Ffôn</footer></body></html>"##;
        let e = extract(html).unwrap();
        assert_eq!(e.title, "Apelio");
        assert_eq!(e.section.as_deref(), Some("ADY"));
        assert_eq!(e.headings, vec!["Pryd"]);
        assert_eq!(e.text, "Apelio\nGall eich plentyn's apelio & mwy.\nPryd\nNawr\nwedyn");
    }

    #[test]
    fn numbers_the_words_it_would_have_kept_and_keeps_the_excerpts_start() {
        let html = r##"<main><p>Before</p><h1>Apêl  <em>i'r</em> tribiwnlys</h1><p>Gall <em>eich</em>plentyn&#39;s a<strong>pel</strong>io &amp; mwy-fyth. Ŵyr, 3ydd<br>ac yn olaf: <a href="x">dolen</a>.</p>
<ul data-search-ignore><li>Cudd</li></ul><p>- diwedd -</p><p>geiriau hirach na'r darn sy'n cael ei gadw i'r dyfyniad ar ddiwedd y dudalen</p></main><footer>Ffôn</footer>"##;
        let whole = extract(html).unwrap();
        let got = numbered(html, 20).unwrap();
        let expected: Vec<u32> =
            crate::site::search::fold::words(&whole.text).map(|(_, w)| super::super::words::id(w)).collect();
        assert_eq!(got.words, expected);
        assert!(whole.text.starts_with(&got.text), "{:?} is not the start of {:?}", got.text, whole.text);
        assert!(got.text.len() < whole.text.len());
        // What the excerpt is made from (search::body, then its first bytes) is the same,
        // whether the text begins with the title or not.
        let excerpt = |e: &Extracted| -> String {
            let body = e.text.strip_prefix(&e.title).map_or(&*e.text, str::trim_start);
            body.chars()
                .scan(0, |n, c| {
                    *n += c.len_utf8();
                    (*n <= 20).then_some(c)
                })
                .collect()
        };
        assert_eq!(excerpt(&got), excerpt(&whole));
        assert_eq!(excerpt(&whole).len(), 20);
        let title_first = html.replace("<p>Before</p>", "");
        let (whole_t, got_t) = (extract(&title_first).unwrap(), numbered(&title_first, 20).unwrap());
        assert!(whole_t.text.starts_with(&whole_t.title) && got_t.text.len() < whole_t.text.len());
        assert_eq!(excerpt(&got_t), excerpt(&whole_t));
        assert_eq!((got.title, got.headings), (whole.title, whole.headings));
    }

    #[test]
    fn reads_glossary_terms_and_skips_redirects() {
        let html = r#"<main><h3 id="idp">CDU: cynllun datblygu unigol</h3><p><em>Saesneg: individual development plan (IDP)</em></p><p>Cynllun.</p></main>"#;
        let e = extract(html).unwrap();
        assert_eq!(
            e.terms,
            vec![(
                "idp".into(),
                "CDU: cynllun datblygu unigol".into(),
                "Saesneg: individual development plan (IDP)".into()
            )]
        );
        assert!(extract(r#"<meta http-equiv="refresh" content="0; url=/en/">"#).is_none());
    }
}
