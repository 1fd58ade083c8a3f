//! Figure checks through the command line against a small fixture archive
//! (tests/fixtures/figures/corpus): which archive value a draft value is
//! compared with when a sentence states several values of one unit.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/figures/corpus")
}

/// The figure findings of `body` (written to a temporary draft) as
/// (severity, message).
fn figure_findings(body: &str) -> Vec<(String, String)> {
    let dir = tempfile::tempdir().unwrap();
    let draft = format!("---\nlang: en\ndate: 2024-07-01\n---\n{body}\n");
    std::fs::write(dir.path().join("draft.md"), draft).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_factcheck"))
        .args([
            "check",
            "--format",
            "json",
            "--fail-on",
            "never",
            "--corpus",
        ])
        .arg(corpus())
        .arg("draft.md")
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .output()
        .expect("run factcheck");
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v: Value = serde_json::from_slice(&o.stdout).expect("JSON");
    v["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "figure-mismatch")
        .map(|f| {
            (
                f["severity"].as_str().unwrap().to_string(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The archive gives two waiting targets in one sentence (12 weeks here,
/// four weeks there); a draft that agrees on the first and states another
/// target of its own is not contradicted by the archive's second value.
#[test]
fn a_second_value_of_another_fact_is_not_contradicted() {
    let found = figure_findings(
        "Health minister Ann Lowe said no patient in Northshire would wait longer than \
         12 weeks for a hospital appointment, against a current target of 20 weeks.",
    );
    assert!(found.is_empty(), "{found:?}");
}

/// The same two-value sentence told with the same words next to each value:
/// the changed second value conflicts.
#[test]
fn a_changed_value_with_the_same_neighbouring_words_conflicts() {
    let found = figure_findings(
        "The health board said the waiting target for a hospital appointment is 12 weeks \
         for patients in Northshire, but just six weeks in Southshire.",
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "warning");
    assert!(
        found[0].1.contains("six weeks") && found[0].1.contains("four weeks"),
        "{found:?}"
    );
}
