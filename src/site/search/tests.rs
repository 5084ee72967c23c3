//! Unit tests for the index: built from small rendered pages, queried as a reader would.

use super::*;

fn page(title: &str, section: &str, body: &str) -> Vec<u8> {
    format!(
        r#"<html><body><nav class="govuk-breadcrumbs"><ol><li><a class="govuk-breadcrumbs__link" href="/">Home</a></li><li><a class="govuk-breadcrumbs__link" href="/s/">{section}</a></li></ol></nav><main><h1>{title}</h1><div class="prose">{body}</div></main></body></html>"#
    )
    .into_bytes()
}

fn index() -> Index {
    let files = vec![
        (PathBuf::from("cy/ady/cdu/index.html"), page("Cynlluniau datblygu unigol", "ADY", "<p>Mae gan bob plentyn ag ADY gynllun datblygu unigol.</p>")),
        (PathBuf::from("cy/ady/apelio/index.html"), page("Anghytuno ac apelio", "ADY", "<p>Gallwch apelio i'r Tribiwnlys os ydych yn anghytuno â'r cyngor.</p>")),
        (PathBuf::from("cy/addysg/index.html"), page("Addysg yn y cartref", "Addysg", "<p>Dysgu gartref gyda'ch llyfrau eich hun.</p>")),
        (
            PathBuf::from("cy/geirfa/index.html"),
            page("Geirfa", "Geirfa", r#"<h3 id="idp">CDU: cynllun datblygu unigol</h3><p><em>Saesneg: individual development plan (IDP)</em></p><p>Cynllun.</p><h3 id="la">ALl: awdurdod lleol</h3><p><em>Saesneg: local authority (LA)</em></p>"#),
        ),
        (PathBuf::from("en/aln/appeals/index.html"), page("Disagreements and appeals", "ALN", "<p>You can appeal to the Tribunal about your child's IDP.</p>")),
        (PathBuf::from("en/aln/idp/index.html"), page("Individual development plans", "ALN", "<p>Every child with ALN gets an individual development plan.</p>")),
        (PathBuf::from("en/old/index.html"), br#"<meta http-equiv="refresh" content="0; url=/en/">"#.to_vec()),
        (PathBuf::from("cy/404.html"), page("Heb ei ganfod", "", "")),
    ];
    Index::from_bytes(&index_file(&files)).unwrap()
}

fn top(ix: &Index, lang: Lang, q: &str) -> Vec<String> {
    ix.search(lang, q, 3).hits.into_iter().map(|h| h.url).collect()
}

#[test]
fn pages_only_not_redirects_or_error_pages() {
    let ix = index();
    assert_eq!(ix.pages(Lang::Cy), 4);
    assert_eq!(ix.pages(Lang::En), 2);
}

#[test]
fn mutated_query_finds_the_radical_and_back() {
    let ix = index();
    // "ei gynllun" (soft) and "fy nghynllun" (nasal) both find "cynllun".
    // The page says "gynllun" only; the glossary says "cynllun".
    for q in ["fy nghynllun", "ei gynllun datblygu", "cynllun"] {
        assert!(top(&ix, Lang::Cy, q).contains(&"/cy/ady/cdu/".to_string()), "{q}");
    }
    assert_eq!(top(&ix, Lang::Cy, "llyfrau")[0], "/cy/addysg/");
    assert_eq!(top(&ix, Lang::Cy, "lyfrau")[0], "/cy/addysg/", "a soft-mutated ll");
}

#[test]
fn glossary_abbreviations_are_synonyms_in_both_languages() {
    let ix = index();
    assert!(top(&ix, Lang::Cy, "IDP").contains(&"/cy/ady/cdu/".to_string()));
    assert!(top(&ix, Lang::En, "CDU").contains(&"/en/aln/idp/".to_string()));
    // "all" is an English word, so only "ALl" as written is the abbreviation.
    assert!(ix.search(Lang::En, "all", 3).hits.is_empty());
}

#[test]
fn english_stems_and_forgives_a_typo() {
    let ix = index();
    assert_eq!(top(&ix, Lang::En, "appealing")[0], "/en/aln/appeals/");
    assert_eq!(top(&ix, Lang::En, "apeals")[0], "/en/aln/appeals/");
}

#[test]
fn snippet_escapes_and_marks() {
    let ix = index();
    let r = ix.search(Lang::Cy, "tribiwnlys", 3);
    assert_eq!(r.total, 1);
    assert_eq!(r.hits[0].section.as_deref(), Some("ADY"));
    assert!(r.hits[0].snippet.contains("<mark>Tribiwnlys</mark>"), "{}", r.hits[0].snippet);
    assert!(!r.hits[0].snippet.contains("<h1>"));
}
