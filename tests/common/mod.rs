//! Shared test helpers: scoring drafts against `.expect` files.
//!
//! An `.expect` file lists, tab-separated, a 1-based line, the expected
//! finding code (or `none`: no finding of severity warning or error on that
//! line) and a piece of the line the finding's range must overlap (`-` for
//! any). A comment `# corpus: PATH` (relative to the expect file) names the
//! corpus when the caller does not.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use factcheck::check::Severity;
use factcheck::engine::{DraftOptions, Engine};

/// One line of an `.expect` file.
#[derive(Debug)]
pub struct Expectation {
    pub line: usize,
    pub code: Option<String>,
    pub piece: Option<String>,
}

/// Parses an `.expect` file; returns the expectations and the `# corpus:` path.
pub fn parse_expect(path: &Path) -> (Vec<Expectation>, Option<PathBuf>) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut out = Vec::new();
    let mut corpus = None;
    for (i, line) in text.lines().enumerate() {
        if let Some(rest) = line.strip_prefix("# corpus:") {
            corpus = Some(path.parent().unwrap().join(rest.trim()));
            continue;
        }
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        assert!(
            cols.len() >= 3,
            "{}:{}: expected three tab-separated columns",
            path.display(),
            i + 1
        );
        out.push(Expectation {
            line: cols[0]
                .trim()
                .parse()
                .unwrap_or_else(|_| panic!("{}:{}: bad line number", path.display(), i + 1)),
            code: (cols[1] != "none").then(|| cols[1].to_string()),
            piece: (cols[2] != "-").then(|| cols[2].to_string()),
        });
    }
    (out, corpus)
}

/// The outcome of scoring one draft.
#[derive(Debug, Default)]
pub struct Score {
    pub expected: usize,
    pub found: usize,
    /// Warnings on lines expected clean, or on lines the file does not list.
    pub false_positives: usize,
    pub report: Vec<String>,
    /// Per finding code: expected, found, false positives.
    pub by_code: BTreeMap<String, CodeScore>,
}

/// The tallies of one finding code within a draft.
#[derive(Debug, Default, Clone, Copy)]
pub struct CodeScore {
    pub expected: usize,
    pub found: usize,
    pub false_positives: usize,
}

impl Score {
    pub fn recall(&self) -> f64 {
        if self.expected == 0 {
            1.0
        } else {
            self.found as f64 / self.expected as f64
        }
    }
}

/// Checks `draft` with `engine` and scores it against `expect`.
pub fn score(engine: &Engine, draft: &Path, expect: &[Expectation]) -> Score {
    let text =
        std::fs::read_to_string(draft).unwrap_or_else(|e| panic!("{}: {e}", draft.display()));
    let report = engine.check(
        &text,
        &DraftOptions {
            path: Some(draft.to_path_buf()),
            lang: None,
            ..Default::default()
        },
    );
    let lines = &report.extraction.lines;
    let mut score = Score::default();
    let shown: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.severity >= Severity::Warning)
        .collect();
    let line_of = |offset: usize| lines.line_of(offset) + 1;
    for e in expect {
        let line_start = lines.line_start(e.line - 1);
        let line_text = text[line_start..].lines().next().unwrap_or("");
        if let Some(code) = &e.code {
            {
                score.expected += 1;
                score.by_code.entry(code.clone()).or_default().expected += 1;
                let piece = e.piece.as_ref().map(|p| {
                    let at = line_text
                        .find(p.as_str())
                        .unwrap_or_else(|| panic!("line {}: {p:?} not in {line_text:?}", e.line));
                    line_start + at..line_start + at + p.len()
                });
                let hit = shown.iter().any(|f| {
                    f.code.as_str() == code
                        && line_of(f.range.start) == e.line
                        && piece
                            .as_ref()
                            .is_none_or(|p| f.range.start < p.end && p.start < f.range.end)
                });
                if hit {
                    score.found += 1;
                    score.by_code.entry(code.clone()).or_default().found += 1;
                } else {
                    score
                        .report
                        .push(format!("MISSED line {}: {code} ({line_text})", e.line));
                }
            }
        }
    }
    for f in &shown {
        let line = line_of(f.range.start);
        let expected_here = expect
            .iter()
            .any(|e| e.line == line && e.code.as_deref() == Some(f.code.as_str()));
        if !expected_here {
            score.false_positives += 1;
            score
                .by_code
                .entry(f.code.as_str().to_string())
                .or_default()
                .false_positives += 1;
            score.report.push(format!(
                "FALSE POSITIVE line {line}: {} {}",
                f.code.as_str(),
                f.message
            ));
        }
    }
    score
}
