//! The JSON Schemas under `schema/` against real output of the binary:
//! `check --format json` and `extract --format json` on the example draft,
//! on a draft without findings and on standard input must validate, and
//! the schemas must reject output that breaks the documented shape.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn schema(name: &str) -> jsonschema::Validator {
    let path = root().join("schema").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let value: Value = serde_json::from_str(&text).expect("the schema is JSON");
    jsonschema::draft202012::meta::validate(&value).expect("a valid 2020-12 schema");
    jsonschema::draft202012::new(&value).expect("the schema compiles")
}

fn run_json(args: &[&str], dir: &Path, stdin: Option<&str>) -> Value {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_factcheck"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run factcheck");
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin.unwrap_or("").as_bytes()).unwrap();
    drop(input);
    let out = child.wait_with_output().unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON output")
}

fn assert_valid(validator: &jsonschema::Validator, output: &Value) {
    let errors: Vec<String> = validator
        .iter_errors(output)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}\n{output:#}");
}

#[test]
fn check_output_validates_against_its_schema() {
    let validator = schema("check-output.schema.json");
    let examples = root().join("examples");
    let with_findings = run_json(&["check", "--format", "json", "draft.md"], &examples, None);
    let findings = with_findings["files"][0]["findings"].as_array().unwrap();
    assert!(findings.iter().any(|f| f["fix"].is_string()));
    assert!(findings
        .iter()
        .any(|f| !f["evidence"].as_array().unwrap().is_empty()));
    assert_valid(&validator, &with_findings);
    let english = run_json(
        &[
            "check",
            "--format",
            "json",
            "--corpus",
            "examples/corpus",
            "tests/fixtures/eval/campaign-en.md",
            "-",
        ],
        &root(),
        Some("Nothing here is checked against anything.\n"),
    );
    assert_eq!(english["files"].as_array().unwrap().len(), 2);
    assert_eq!(english["files"][1]["findings"], serde_json::json!([]));
    assert_valid(&validator, &english);

    // The schema is not a blank cheque: output with a finding missing its
    // code, an unknown code, or a 0-based line is rejected.
    let mut broken = with_findings.clone();
    broken["files"][0]["findings"][0]
        .as_object_mut()
        .unwrap()
        .remove("code");
    assert!(!validator.is_valid(&broken));
    let mut broken = with_findings.clone();
    broken["files"][0]["findings"][0]["code"] = "typo".into();
    assert!(!validator.is_valid(&broken));
    let mut broken = with_findings;
    broken["files"][0]["findings"][0]["range"]["start"]["line"] = 0.into();
    assert!(!validator.is_valid(&broken));
}

#[test]
fn extract_output_validates_against_its_schema() {
    let validator = schema("extract-output.schema.json");
    let examples = root().join("examples");
    let output = run_json(
        &[
            "extract", "--format", "json", "--corpus", "corpus", "draft.md",
        ],
        &examples,
        None,
    );
    let kinds: std::collections::HashSet<&str> = output["files"][0]["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["kind"].as_str())
        .collect();
    for kind in ["figure", "date", "role", "person", "place"] {
        assert!(kinds.contains(kind), "no {kind} in the example: {kinds:?}");
    }
    assert_valid(&validator, &output);
    let numbers = run_json(
        &["extract", "--format", "json", "-"],
        &examples,
        Some("In 1989 there were three quarters of the votes and 12 000 people, minus five.\n"),
    );
    assert_valid(&validator, &numbers);
    let mut broken = output;
    broken["files"][0]["mentions"][0]["kind"] = "gossip".into();
    assert!(!validator.is_valid(&broken));
}
