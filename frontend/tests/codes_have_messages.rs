//! Every problem code and field code the API can answer has its own
//! translated message in the web app (`src/messages.rs`), so a new code
//! cannot ship as "Something went wrong (code)".

/// The names of the `pub const`s of `source` (a module of codes).
fn constants(source: &str) -> Vec<&str> {
    source
        .lines()
        .filter_map(|line| line.trim().strip_prefix("pub const "))
        .filter_map(|rest| rest.split(':').next())
        .collect()
}

#[test]
fn every_problem_and_field_code_has_a_message() {
    let codes = include_str!("../../crates/api-types/src/codes.rs");
    let (problems, fields) = codes
        .split_once("pub mod field")
        .expect("codes.rs has its field module");
    let messages = include_str!("../src/messages.rs");
    assert!(constants(problems).len() > 20 && constants(fields).len() > 10);
    for name in constants(problems) {
        assert!(
            messages.contains(&format!("codes::{name} "))
                || messages.contains(&format!("codes::{name}\n")),
            "problem code {name} has no message in error_text"
        );
    }
    for name in constants(fields) {
        assert!(
            messages.contains(&format!("field::{name} ")),
            "field code {name} has no message in field_error_text"
        );
    }
}
