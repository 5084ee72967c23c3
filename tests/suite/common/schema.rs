//! The published schema of the JSON attached to every team e-mail
//! (`docs/submission.schema.json`): tests check each form's real output against it.
#![allow(dead_code)]

use std::path::Path;

/// Panics, naming every mistake and where it is, if `json` does not follow the schema.
pub(crate) fn assert_valid_submission(json: &serde_json::Value) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/submission.schema.json");
    let schema: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let validator = jsonschema::draft202012::new(&schema).expect("docs/submission.schema.json is a valid schema");
    let errors: Vec<String> = validator.iter_errors(json).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(
        errors.is_empty(),
        "the JSON does not follow docs/submission.schema.json:\n{}\n{json:#}",
        errors.join("\n")
    );
}
