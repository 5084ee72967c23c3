//! How a form is described: pages of fields, as data. One engine renders, validates and
//! summarises every form from this, so both forms get the same GOV.UK markup, error
//! pattern and check-your-answers page, and each form's module holds only what is its own
//! (questions, the order of pages, rules between fields, what the council is told).
//!
//! Fluent keys follow from names, with the form's prefix (`he`, `aln`):
//! label `{p}-{field}`, hint `{p}-{field}-hint`, option `{p}-{field}-{value}`, option hint
//! `{p}-{field}-{value}-hint`, error `{p}-{field}-error-{code}`, page title `{p}-{page}-title`,
//! page introduction `{p}-{page}-intro`.

use super::session::FormState;

/// Longest answer kept for one line and for a text box, in characters.
pub(crate) const MAX_LINE: u64 = 200;
pub(crate) const MAX_TEXT: u64 = 5000;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum DateRule {
    /// A child's date of birth on the home-education form: in the past, and of compulsory
    /// school age now or within the next year (families often tell us before a child starts).
    SchoolAge,
    /// A learner's date of birth on the ALN form: in the past, and aged 25 or under (the
    /// Welsh ALN system covers 0 to 25).
    UpTo25,
    /// The date a child leaves or left a school roll: a real date no more than a year ahead.
    Leaving,
}

#[derive(Clone, Copy)]
pub(crate) enum Kind {
    /// One line of text. `autocomplete` is "" when the field is not about the person typing.
    Text { autocomplete: &'static str, width: &'static str },
    Email { autocomplete: bool },
    Phone { autocomplete: bool },
    Postcode { autocomplete: bool },
    Textarea,
    Date { rule: DateRule },
    Radios { options: &'static [Opt] },
    /// `none` is the "none of these" answer, shown after an "or" and not combinable.
    Checkboxes { options: &'static [Opt], none: Option<&'static str> },
}

/// A radio or checkbox answer. `reveal` holds follow-up questions asked only when it is
/// chosen (always visible without JavaScript, so only validated when it is chosen).
#[derive(Clone, Copy)]
pub(crate) struct Opt {
    pub(crate) value: &'static str,
    pub(crate) hint: bool,
    pub(crate) reveal: &'static [Field],
}

pub(crate) const fn opt(value: &'static str) -> Opt {
    Opt { value, hint: false, reveal: &[] }
}
pub(crate) const fn opt_hint(value: &'static str) -> Opt {
    Opt { value, hint: true, reveal: &[] }
}

#[derive(Clone, Copy)]
pub(crate) struct Field {
    pub(crate) name: &'static str,
    pub(crate) kind: Kind,
    pub(crate) optional: bool,
    pub(crate) hint: bool,
    /// Asked only when this holds, from earlier answers (e.g. a school's role).
    pub(crate) when: Option<fn(&FormState) -> bool>,
}

pub(crate) const fn field(name: &'static str, kind: Kind) -> Field {
    Field { name, kind, optional: false, hint: false, when: None }
}

impl Field {
    pub(crate) const fn optional(mut self) -> Field {
        self.optional = true;
        self
    }
    pub(crate) const fn hint(mut self) -> Field {
        self.hint = true;
        self
    }
    pub(crate) const fn when(mut self, f: fn(&FormState) -> bool) -> Field {
        self.when = Some(f);
        self
    }
    pub(crate) fn asked(&self, state: &FormState) -> bool {
        self.when.is_none_or(|f| f(state))
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum PageKind {
    Question,
    /// The "add another child" loop: a list so far, and whether there is another.
    AddAnother,
    /// File uploads (multipart).
    Upload,
}

pub(crate) struct Page {
    pub(crate) id: &'static str,
    /// URL segment in English and in Welsh.
    pub(crate) slug_en: &'static str,
    pub(crate) slug_cy: &'static str,
    pub(crate) kind: PageKind,
    pub(crate) fields: &'static [Field],
    /// Asked once per child (home-education form).
    pub(crate) repeat: bool,
    /// Has explanatory paragraphs before the questions.
    pub(crate) intro: bool,
    /// Only asked when this holds; the second argument is the child for repeated pages.
    pub(crate) applies: fn(&FormState, usize) -> bool,
}

pub(crate) fn always(_: &FormState, _: usize) -> bool {
    true
}

impl Page {
    /// A page with a single question and no introduction uses that question as its heading
    /// (GOV.UK pattern); otherwise the page has its own heading.
    pub(crate) fn single(&self) -> bool {
        self.kind == PageKind::Question && self.fields.len() == 1 && !self.intro
    }
}

/// Every field on a page, follow-up questions included, in page order.
pub(crate) fn all_fields(fields: &'static [Field]) -> Vec<&'static Field> {
    let mut out = vec![];
    for f in fields {
        out.push(f);
        if let Kind::Radios { options } | Kind::Checkboxes { options, .. } = f.kind {
            for o in options {
                out.extend(all_fields(o.reveal));
            }
        }
    }
    out
}
