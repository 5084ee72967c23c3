//! The form model, shared by both halves: what a form is (`model`: the types, the loader of
//! `forms/*.toml` with its file-and-line checks, and the Fluent keys each form needs), its
//! due-date clocks and term dates (`clocks`), the answers so far (`state`), the rules that
//! run it (`engine`: page order, which fields are asked, validation, due dates; `fields`:
//! dates, postcodes, phones, e-mail addresses) and `porth check`'s walk over every path
//! through it (`walk`). It imports neither the generator (`site/`) nor the service
//! (`service/`): the generator loads forms and checks their strings, the service runs them.

pub(crate) mod clocks;
pub(crate) mod engine;
pub(crate) mod fields;
pub(crate) mod model;
pub(crate) mod state;
pub(crate) mod walk;

pub(crate) use model::{FormId, Forms};
