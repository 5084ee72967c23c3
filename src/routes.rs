//! URLs fixed by the service rather than by content: where forms live. The generator uses
//! them for `{{ forms.* }}` links and the server mounts them, so the two never disagree.

use crate::lang::Lang;

/// The first page of the form whose URL segment is `slug`: `/en/forms/aln/`.
pub(crate) fn form_url(lang: Lang, slug: &str) -> String {
    let forms = match lang {
        Lang::Cy => "ffurflenni",
        Lang::En => "forms",
    };
    format!("/{lang}/{forms}/{slug}/")
}

/// Whether a URL is a page of a form. Form pages have no search box: a transaction keeps
/// the person on its path (as GOV.UK's services do), and a search field would come before
/// a page's error summary in Tab order.
pub(crate) fn is_form_page(lang: Lang, url: &str) -> bool {
    let forms = form_url(lang, "");
    url.starts_with(&format!("{}/", forms.trim_end_matches('/')))
}

/// The search page in a language: `/cy/chwilio/`, `/en/search/`. Every page's header form
/// sends its query here.
pub(crate) fn search_url(lang: Lang) -> &'static str {
    match lang {
        Lang::Cy => "/cy/chwilio/",
        Lang::En => "/en/search/",
    }
}

/// The services directory in a language: `/cy/cyfeiriadur/`, `/en/directory/`. The build
/// writes its pages there; search marks the pages under it as services.
pub(crate) fn directory_url(lang: Lang) -> &'static str {
    match lang {
        Lang::Cy => "/cy/cyfeiriadur/",
        Lang::En => "/en/directory/",
    }
}
