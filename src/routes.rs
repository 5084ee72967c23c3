//! URLs that are fixed by the service rather than by content: the form start pages.
//! The generator uses them for `{{ forms.* }}` placeholders and the server mounts them,
//! so the two can never disagree.

use crate::lang::Lang;

/// The forms the service offers, by the placeholder name content uses.
pub(crate) const FORMS: [&str; 2] = ["home_education", "aln"];

/// The URL of a form's first page in one language.
pub(crate) fn form_url(form: &str, lang: Lang) -> Option<&'static str> {
    Some(match (form, lang) {
        ("home_education", Lang::En) => "/en/forms/home-education/",
        ("home_education", Lang::Cy) => "/cy/ffurflenni/addysg-yn-y-cartref/",
        ("aln", Lang::En) => "/en/forms/additional-learning-needs/",
        ("aln", Lang::Cy) => "/cy/ffurflenni/anghenion-dysgu-ychwanegol/",
        _ => return None,
    })
}
