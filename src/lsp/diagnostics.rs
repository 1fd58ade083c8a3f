//! Findings as LSP diagnostics: code, severity, message, `source: "factcheck"`,
//! the evidence as related information (corpus file and sentence range), and
//! `data` carrying the fix, the evidence and the flagged text so that code
//! actions need no recomputation.

use ropey::Rope;
use serde_json::json;
use tower_lsp_server::ls_types::*;

use super::config::lsp_severity;
use super::documents::{bytes_to_range, path_uri, str_position, PosEnc};
use crate::check::{Evidence, Finding, Severity};
use crate::engine::Engine;

/// The `source` of every diagnostic.
pub const SOURCE: &str = "factcheck";

/// Where a piece of evidence is: the corpus file and the sentence's range.
pub fn evidence_location(engine: &Engine, e: &Evidence, enc: PosEnc) -> Option<Location> {
    let uri = path_uri(&e.path)?;
    let archive = engine.archive();
    let article = archive
        .article(e.article)
        .filter(|a| a.path == e.path && a.jsonl_line.is_none())
        .and_then(|_| archive.article_text(e.article));
    let range = match article {
        Some(text) => Range::new(
            str_position(&text, e.range.start, enc),
            str_position(&text, e.range.end, enc),
        ),
        // JSON Lines: the article's line.
        _ => {
            let line = e.line.saturating_sub(1) as u32;
            Range::new(Position::new(line, 0), Position::new(line, 0))
        }
    };
    Some(Location { uri, range })
}

/// The diagnostics for `findings` at or above `min`.
pub fn to_diagnostics(
    engine: &Engine,
    rope: &Rope,
    text: &str,
    findings: &[Finding],
    enc: PosEnc,
    min: Severity,
) -> Vec<Diagnostic> {
    findings
        .iter()
        .filter(|f| f.severity >= min)
        .map(|f| {
            let related: Vec<DiagnosticRelatedInformation> = f
                .evidence
                .iter()
                .filter_map(|e| {
                    Some(DiagnosticRelatedInformation { location: evidence_location(engine, e, enc)?, message: e.excerpt.clone() })
                })
                .collect();
            let fix = f.fix.as_ref().map(|x| json!({ "range": bytes_to_range(rope, x.range.clone(), enc), "text": x.text }));
            let flagged = text.get(f.range.clone()).unwrap_or("");
            Diagnostic {
                range: bytes_to_range(rope, f.range.clone(), enc),
                severity: Some(lsp_severity(f.severity)),
                code: Some(NumberOrString::String(f.code.as_str().to_string())),
                source: Some(SOURCE.to_string()),
                message: f.message.clone(),
                related_information: (!related.is_empty()).then_some(related),
                data: Some(json!({ "code": f.code.as_str(), "fix": fix, "evidence": f.evidence, "text": flagged })),
                ..Default::default()
            }
        })
        .collect()
}
