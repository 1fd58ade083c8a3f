//! Runs `factcheck extract` (the binary, as users run it) over a batch of spec
//! inputs, one input per paragraph of one plain-text document, and maps the
//! printed mentions back to their input by line.

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

/// The mentions `factcheck extract --lang LANG` prints for each input, in
/// input order. Inputs are joined by blank lines into one `.txt` document
/// (no Markdown), so input `i` is line `2 i + 1`; line breaks inside an input
/// are replaced by spaces.
pub fn extract_each(inputs: &[&str], lang: &str, tag: &str) -> Vec<Vec<Value>> {
    let doc: Vec<String> = inputs
        .iter()
        .map(|i| i.replace(['\n', '\r'], " "))
        .collect();
    let path: PathBuf = std::env::temp_dir().join(format!(
        "factcheck-recognizers-{}-{tag}-{lang}.txt",
        std::process::id()
    ));
    std::fs::write(&path, doc.join("\n\n") + "\n").expect("cannot write the batch document");
    let output = Command::new(env!("CARGO_BIN_EXE_factcheck"))
        .args(["extract", "--format", "json", "--lang", lang])
        .arg(&path)
        .output()
        .expect("cannot run factcheck extract");
    let _ = std::fs::remove_file(&path);
    assert!(
        output.status.success(),
        "factcheck extract failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: Value = serde_json::from_slice(&output.stdout).expect("extract printed no JSON");
    let mut out = vec![Vec::new(); inputs.len()];
    let mentions = json["files"][0]["mentions"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    for m in mentions {
        let line = m["range"]["start"]["line"].as_u64().unwrap_or(0) as usize;
        if line % 2 == 1 && line / 2 < out.len() {
            out[line / 2].push(m);
        }
    }
    out
}

/// The numbers a printed mention stands for: a `number` mention's value; a
/// figure's number as written (both ends of a range) unless its digits are
/// glued to a unit (`29km` is a measure, not a number, for the specs); a
/// vague figure (`Tausende`) has none.
pub fn numbers_of(m: &Value) -> Vec<f64> {
    match m["kind"].as_str() {
        Some("number") => m["value"].as_f64().into_iter().collect(),
        Some("figure") => {
            if m["qualifier"] == "vague" || glued(m) {
                return Vec::new();
            }
            let mut v: Vec<f64> = m["value"].as_f64().into_iter().collect();
            if m["qualifier"] == "range" {
                v.extend(m["high"].as_f64());
            }
            v
        }
        _ => Vec::new(),
    }
}

/// Whether a figure's number is directly followed by letters in its text.
fn glued(m: &Value) -> bool {
    let text = m["text"].as_str().unwrap_or("");
    let number = m["number"].as_str().unwrap_or("");
    if number.is_empty() {
        return false;
    }
    text.find(number)
        .and_then(|i| text[i + number.len()..].chars().next())
        .is_some_and(char::is_alphabetic)
}
