//! SARIF 2.1.0 output for code-scanning tools (GitHub code scanning): one
//! rule per finding code, columns counted in Unicode code points.

use std::io::Write;

use serde_json::{json, Value};

use super::check::CheckedFile;
use crate::check::{FindingCode, Severity};

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// Makes a path a relative URI with forward slashes.
fn uri(path: &str) -> String {
    let p = path.strip_prefix("./").unwrap_or(path).replace('\\', "/");
    p.split('/')
        .map(|seg| seg.replace('%', "%25").replace(' ', "%20"))
        .collect::<Vec<_>>()
        .join("/")
}

pub fn sarif(files: &[CheckedFile]) -> Value {
    let rules: Vec<Value> = FindingCode::ALL
        .iter()
        .map(|c| {
            json!({
                "id": c.as_str(),
                "name": c.as_str().split('-').map(|w| {
                    let mut cs = w.chars();
                    cs.next().map(|f| f.to_uppercase().collect::<String>() + cs.as_str()).unwrap_or_default()
                }).collect::<String>(),
                "shortDescription": {"text": c.description()},
                "fullDescription": {"text": c.description()},
                "defaultConfiguration": {"level": "warning"},
                "help": {"text": format!("{} See the finding codes in factcheck's README.", c.description())}
            })
        })
        .collect();
    let mut results = Vec::new();
    for file in files {
        let text = &file.input.text;
        let lines = &file.report.extraction.lines;
        for f in &file.report.findings {
            let start = lines.position(text, f.range.start);
            let end_offset = text
                .get(f.range.clone())
                .and_then(|s| s.find('\n'))
                .map_or(f.range.end, |nl| f.range.start + nl);
            let end = lines.position(text, end_offset);
            let rule_index = FindingCode::ALL
                .iter()
                .position(|c| *c == f.code)
                .unwrap_or(0);
            let related: Vec<Value> = f
                .evidence
                .iter()
                .enumerate()
                .map(|(i, e)| {
                    json!({
                        "id": i,
                        "physicalLocation": {
                            "artifactLocation": {"uri": uri(&e.path.display().to_string())},
                            "region": {"startLine": e.line}
                        },
                        "message": {"text": e.excerpt}
                    })
                })
                .collect();
            let mut result = json!({
                "ruleId": f.code.as_str(),
                "ruleIndex": rule_index,
                "level": level(f.severity),
                "message": {"text": f.message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri(&file.input.display_path())},
                        "region": {
                            "startLine": start.line, "startColumn": start.column,
                            "endLine": end.line, "endColumn": end.column
                        }
                    }
                }],
                "relatedLocations": related,
                "partialFingerprints": {
                    "factcheck/v1": format!("{}:{}", f.code.as_str(), text.get(f.range.clone()).unwrap_or(""))
                }
            });
            if let Some(fix) = &f.fix {
                let fs = lines.position(text, fix.range.start);
                let fe = lines.position(text, fix.range.end);
                result["fixes"] = json!([{
                    "description": {"text": format!("Use the archive's value: {}", fix.text)},
                    "artifactChanges": [{
                        "artifactLocation": {"uri": uri(&file.input.display_path())},
                        "replacements": [{
                            "deletedRegion": {"startLine": fs.line, "startColumn": fs.column, "endLine": fe.line, "endColumn": fe.column},
                            "insertedContent": {"text": fix.text}
                        }]
                    }]
                }]);
            }
            results.push(result);
        }
    }
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "factcheck",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/factcheck/factcheck",
                "rules": rules
            }},
            "columnKind": "unicodeCodePoints",
            "results": results
        }]
    })
}

pub fn write_findings(out: &mut impl Write, files: &[CheckedFile]) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &sarif(files)).map_err(std::io::Error::other)?;
    writeln!(out)
}
