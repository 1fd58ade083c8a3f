//! `internal-mismatch`: the draft gives two different values for the same
//! fact in different paragraphs (`27 Länder haben … unterzeichnet` and later
//! `31 Länder haben … unterzeichnet`). Needs no archive. Two figures count as
//! the same fact only when they have the same unit or counted noun, the same
//! time anchors and entities, share the words next to them, and their
//! sentences are very alike; figures that move over time are left alone.

use std::ops::Range;
use std::path::Path;

use super::figures::intervals_overlap;
use super::{Evidence, Finding, FindingCode, Severity, MIN_SIMILARITY_WITHOUT_ENTITY};
use crate::claims::{overlap, Claim, ClaimValue, FigureValue};
use crate::text::{Lang, LineIndex};

fn figure(c: &Claim) -> Option<&FigureValue> {
    match &c.value {
        ClaimValue::Figure(f) if !f.volatile => Some(f),
        _ => None,
    }
}

/// Are two figure claims of the draft about the same fact?
fn same_fact(a: &Claim, b: &Claim) -> bool {
    let (Some(fa), Some(fb)) = (figure(a), figure(b)) else {
        return false;
    };
    if fa.unit != fb.unit || a.subject.when != b.subject.when {
        return false;
    }
    if a.subject.entities != b.subject.entities {
        return false;
    }
    // The draft's own words decide (no archive needed): most content words
    // of the shorter sentence recur in the other.
    let o = overlap(&a.subject, &b.subject);
    o.near >= 1 && o.words >= MIN_SHARED_WORDS && o.word_ratio >= MIN_WORD_RATIO
}

/// Content words two sentences must share to state the same fact.
const MIN_SHARED_WORDS: usize = 3;
/// Share of the shorter sentence's content words the other must repeat:
/// the same bar as for sentences that share no entity with the archive.
const MIN_WORD_RATIO: f64 = MIN_SIMILARITY_WITHOUT_ENTITY;

/// The paragraph (index into `paragraphs`) holding byte `offset`.
fn paragraph_of(paragraphs: &[Range<usize>], offset: usize) -> usize {
    paragraphs.partition_point(|p| p.end <= offset)
}

/// The draft's line holding byte `offset`, as evidence (`path` is the draft's).
fn in_draft(
    path: Option<&Path>,
    source: &str,
    date: Option<jiff::civil::Date>,
    offset: usize,
) -> Evidence {
    let lines = LineIndex::new(source);
    let line = lines.line_of(offset);
    let start = lines.line_start(line);
    let end = source[start..]
        .find('\n')
        .map_or(source.len(), |e| start + e);
    let path = path.map_or_else(|| "<stdin>".into(), Path::to_path_buf);
    Evidence {
        display_path: path.clone(),
        path,
        line: line + 1,
        excerpt: source[start..end].trim().to_string(),
        date: date.map(|d| d.to_string()),
        article: crate::corpus::ArticleId::MAX,
        range: start..end,
    }
}

/// What the check needs to know about the draft.
pub struct Draft<'a> {
    pub path: Option<&'a Path>,
    pub source: &'a str,
    /// The masked text (same offsets as `source`): where paragraphs end.
    pub masked: &'a str,
    pub lang: Lang,
    pub date: Option<jiff::civil::Date>,
}

/// Finds figures of the draft that contradict an earlier figure of it in
/// another paragraph. `claims` are the draft's claims, in document order.
pub fn check(draft: &Draft<'_>, claims: &[Claim]) -> Vec<Finding> {
    let lang = draft.lang;
    let paragraphs = crate::engine::paragraphs(draft.masked);
    let mut out = Vec::new();
    for (j, later) in claims.iter().enumerate() {
        let Some(fl) = figure(later) else { continue };
        let earlier = claims[..j].iter().find(|e| {
            paragraph_of(&paragraphs, e.range.start) != paragraph_of(&paragraphs, later.range.start)
                && figure(e).is_some_and(|fe| !intervals_overlap(fe, fl))
                && same_fact(e, later)
        });
        let Some(earlier) = earlier else { continue };
        let Some(fe) = figure(earlier) else { continue };
        let evidence = in_draft(draft.path, draft.source, draft.date, earlier.range.start);
        let line = evidence.line;
        let message = match lang {
            Lang::De => format!(
                "„{}“ widerspricht „{}“ in Zeile {line} desselben Entwurfs.",
                fl.text, fe.text
            ),
            Lang::En => format!(
                "“{}” contradicts “{}” on line {line} of the same draft.",
                fl.text, fe.text
            ),
        };
        out.push(Finding {
            code: FindingCode::InternalMismatch,
            severity: Severity::Warning,
            range: later.range.clone(),
            message,
            evidence: vec![evidence],
            fix: None,
            similarity: None,
        });
    }
    out
}

/// Drops the draft's own contradictions that the archive already settles:
/// where one of the two values has an archive finding, that finding says
/// more than "the draft disagrees with itself".
pub fn not_settled_by_archive(internal: Vec<Finding>, archive: &[Finding]) -> Vec<Finding> {
    internal
        .into_iter()
        .filter(|f| {
            let places: Vec<&Range<usize>> = std::iter::once(&f.range)
                .chain(f.evidence.iter().map(|e| &e.range))
                .collect();
            !archive.iter().any(|a| {
                places
                    .iter()
                    .any(|p| a.range.start < p.end && p.start < a.range.end)
            })
        })
        .collect()
}
