//! JSON output of `check` and `extract`. Lines and columns are 1-based,
//! columns count Unicode scalar values, `end` is exclusive.

use std::io::Write;
use std::ops::Range;

use serde_json::{json, Value};

use super::check::CheckedFile;
use crate::extract::{Extraction, FigureUnit};
use crate::text::LineIndex;

/// A `{start, end}` range object; ranges that would span lines end at the
/// end of their first line.
pub fn range_json(text: &str, lines: &LineIndex, range: &Range<usize>) -> Value {
    let start = lines.position(text, range.start);
    let mut end_offset = range.end.max(range.start);
    if let Some(nl) = text.get(range.start..end_offset).and_then(|s| s.find('\n')) {
        end_offset = range.start + nl;
    }
    let end = lines.position(text, end_offset);
    json!({"start": {"line": start.line, "column": start.column}, "end": {"line": end.line, "column": end.column}})
}

/// The findings of one file as JSON values.
pub fn findings_json(file: &CheckedFile) -> Vec<Value> {
    let text = &file.input.text;
    let lines = &file.report.extraction.lines;
    file.report
        .findings
        .iter()
        .map(|f| {
            json!({
                "code": f.code.as_str(),
                "severity": f.severity.as_str(),
                "range": range_json(text, lines, &f.range),
                "message": f.message,
                "evidence": f.evidence.iter().map(|e| json!({
                    "path": e.display_path.display().to_string(),
                    "absolute_path": std::path::absolute(&e.path).unwrap_or_else(|_| e.path.clone()).display().to_string(),
                    "line": e.line,
                    "excerpt": e.excerpt,
                    "date": e.date,
                })).collect::<Vec<_>>(),
                "fix": f.fix.as_ref().map(|x| x.text.clone()),
                "fix_range": f.fix.as_ref().map(|x| range_json(text, lines, &x.range)),
                "similarity": f.similarity.map(|s| (s * 100.0).round() / 100.0),
            })
        })
        .collect()
}

pub fn write_findings(out: &mut impl Write, files: &[CheckedFile]) -> std::io::Result<()> {
    let files: Vec<Value> = files
        .iter()
        .map(|f| json!({"path": f.input.display_path(), "language": f.report.lang.code(), "findings": findings_json(f)}))
        .collect();
    serde_json::to_writer_pretty(&mut *out, &json!({ "files": files }))
        .map_err(std::io::Error::other)?;
    writeln!(out)
}

fn number(v: Option<f64>) -> Value {
    match v {
        Some(x) if x.is_finite() => json!(x),
        _ => Value::Null,
    }
}

/// Every mention of an extraction as JSON values, in text order.
pub fn mentions(text: &str, extraction: &Extraction) -> Vec<Value> {
    let lines = &extraction.lines;
    let lang = extraction.lang;
    let mut out: Vec<(usize, Value)> = Vec::new();
    let slice = |r: &Range<usize>| text.get(r.clone()).unwrap_or("").to_string();
    for f in &extraction.figures {
        let m = &f.mention;
        let unit = match &m.unit {
            Some(FigureUnit::Counted(noun)) => json!(crate::text::stem(noun, lang)),
            Some(FigureUnit::Percent) => json!("%"),
            Some(FigureUnit::Currency(c)) | Some(FigureUnit::Measure(c)) => json!(c),
            None => Value::Null,
        };
        out.push((
            m.range.start,
            json!({"kind": "figure", "text": slice(&m.range), "range": range_json(text, lines, &m.range),
                   "low": number(m.low), "high": number(m.high), "unit": unit, "qualifier": m.qualifier,
                   "value": number(Some(m.value)), "number": slice(&m.number_range)}),
        ));
    }
    for n in &extraction.numbers {
        let m = &n.mention;
        out.push((
            m.range.start,
            json!({"kind": "number", "text": slice(&m.range), "range": range_json(text, lines, &m.range),
                   "value": number(Some(m.value))}),
        ));
    }
    for d in &extraction.dates {
        let m = &d.mention;
        out.push((
            m.range.start,
            json!({"kind": "date", "text": slice(&m.range), "range": range_json(text, lines, &m.range),
                   "value": m.value.iso(), "relative": m.relative}),
        ));
    }
    for r in &extraction.roles {
        let m = &r.mention;
        out.push((
            m.range.start,
            json!({"kind": "role", "text": slice(&m.range), "range": range_json(text, lines, &m.range),
                   "role": m.role_key(), "scope": m.scope, "person": m.person, "modifiers": m.modifiers}),
        ));
    }
    for p in &extraction.persons {
        let m = &p.mention;
        out.push((
            m.range.start,
            json!({"kind": "person", "text": slice(&m.range), "range": range_json(text, lines, &m.range), "name": m.name}),
        ));
    }
    for e in &extraction.entities {
        let m = &e.mention;
        let kind = match m.kind {
            crate::extract::NameKind::Place => "place",
            crate::extract::NameKind::Organisation => "organisation",
            crate::extract::NameKind::Person => "person",
        };
        out.push((
            m.range.start,
            json!({"kind": kind, "text": slice(&m.range), "range": range_json(text, lines, &m.range), "name": m.name, "adjective": m.adjective}),
        ));
    }
    out.sort_by_key(|(start, _)| *start);
    out.into_iter().map(|(_, v)| v).collect()
}
