//! Helpers shared by the integration tests (and, by `#[path]`, the outbox unit tests).
/// The service's own UK clock (GMT/BST), so tests date things exactly as it does: one copy
/// of the rule, not one per test file.
#[path = "../../../src/clock.rs"]
#[allow(dead_code)]
pub(crate) mod clock;
pub(crate) mod outbox_site;
pub(crate) mod pg;
pub(crate) mod schema;
pub(crate) mod serve;
pub(crate) mod smtp;

use std::path::Path;

/// Copies a folder tree (a site's `content/`, `templates/`…) into a test's temp dir.
#[allow(dead_code)] // not every test binary copies trees
pub(crate) fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let dest = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}
