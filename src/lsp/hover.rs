//! Hovers add what the diagnostic does not say; they never repeat its
//! message. On a person, organisation, place or role: the engine's card of
//! what the archive knows (on a flagged name the archive does not know, the
//! card of the name it suggests), then the finding's code. On a flagged
//! figure or date: the archive sentences in full with their sources, how
//! alike they are to the draft's, and the suggested value; on another
//! finding its evidence (for `internal-mismatch` the draft's earlier
//! sentence) and the same footer. Elsewhere nothing; while the corpus is
//! still being indexed, a note saying so.

use std::sync::Arc;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use super::documents::{bytes_to_range, position_to_byte, Document};
use super::{blocking, internal, Shared};
use crate::check::{Finding, FindingCode};
use crate::engine::{name_in, EntityCard};
use crate::extract::NameKind;
use crate::text::Lang;

/// A name found at a position.
pub struct NameHit {
    pub name: String,
    pub kind: NameKind,
    pub range: Range,
    pub lang: Lang,
}

/// The name at `pos` in `doc`: from the last analysis when it is of this
/// version (no new reading), else from a reading of the paragraph at `pos`
/// only — a hover never reads the whole document again.
pub async fn name_at(
    shared: &Arc<Shared>,
    doc: &Document,
    pos: Position,
) -> Result<Option<NameHit>> {
    let Some(engine) = shared.engine() else {
        return Ok(None);
    };
    let enc = shared.enc();
    let options = shared.draft_options(doc);
    let rope = doc.rope.clone();
    let analysed = shared
        .analysis
        .result(&doc.uri)
        .filter(|a| a.version == doc.version);
    blocking(move || {
        let offset = position_to_byte(&rope, pos, enc);
        let hit = |name: &str, kind, range, lang| NameHit {
            name: name.to_string(),
            kind,
            range: bytes_to_range(&rope, range, enc),
            lang,
        };
        if let Some(a) = analysed {
            return name_in(&a.names, offset)
                .map(|s| hit(&s.name, s.kind, s.range.clone(), a.lang));
        }
        let text = rope.to_string();
        let engine = engine.read().unwrap_or_else(|e| e.into_inner());
        engine
            .name_in_paragraph(&text, &options, offset)
            .map(|(lang, s)| hit(&s.name, s.kind, s.range, lang))
    })
    .await
    .map_err(internal)
}

/// What the archive knows about `name`.
pub async fn describe(
    shared: &Arc<Shared>,
    doc: &Document,
    name: &str,
    kind: NameKind,
) -> Result<Option<EntityCard>> {
    let Some(engine) = shared.engine() else {
        return Ok(None);
    };
    let options = shared.draft_options(doc);
    let name = name.to_string();
    blocking(move || {
        let engine = engine.read().unwrap_or_else(|e| e.into_inner());
        engine.describe(&name, kind, &options)
    })
    .await
    .map(Some)
    .map_err(internal)
}

/// The card Markdown for a name.
pub async fn card(shared: &Arc<Shared>, doc: &Document, hit: &NameHit) -> Result<Option<String>> {
    Ok(describe(shared, doc, &hit.name, hit.kind)
        .await?
        .map(|c| c.to_markdown(hit.lang)))
}

/// What a hover adds to a figure or date finding: the archive's sentences
/// in full, how alike they are to the draft's, the suggested value.
/// A finding without archive evidence (a weekday) gets the footer only; one
/// resting on the draft itself (`internal-mismatch`) says so.
fn evidence_markdown(f: &Finding, lang: Lang) -> String {
    let de = lang == Lang::De;
    let heading = match (f.code, de) {
        _ if f.evidence.is_empty() => "",
        (FindingCode::InternalMismatch, true) => "**Früher im Entwurf**\n\n",
        (FindingCode::InternalMismatch, false) => "**Earlier in the draft**\n\n",
        (_, true) => "**Was das Archiv dazu sagt**\n\n",
        (_, false) => "**What the archive says**\n\n",
    };
    let mut md = String::from(heading);
    for e in &f.evidence {
        md.push_str(&format!("> {}\n>\n> — {}\n\n", e.excerpt, e.source_label()));
    }
    md.push_str(&finding_footer(f, lang));
    md
}

/// The finding's code, how alike the sentences are, and the suggested
/// value: one line under a hover.
fn finding_footer(f: &Finding, lang: Lang) -> String {
    let de = lang == Lang::De;
    let mut parts = vec![format!("`factcheck({})`", f.code.as_str())];
    if let Some(s) = f.similarity {
        parts.push(if de {
            format!("Ähnlichkeit der Sätze {s:.2}")
        } else {
            format!("sentence similarity {s:.2}")
        });
    }
    if let Some(fix) = &f.fix {
        parts.push(if de {
            format!("Vorschlag: {}", fix.text)
        } else {
            format!("suggested: {}", fix.text)
        });
    }
    parts.join(" · ")
}

fn markdown(value: String, range: Option<Range>) -> Hover {
    Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value,
        }),
        range,
    }
}

/// `textDocument/hover`.
pub async fn hover(shared: &Arc<Shared>, p: HoverParams) -> Result<Option<Hover>> {
    let pos = p.text_document_position_params.position;
    let Some(doc) = shared
        .docs()
        .get(&p.text_document_position_params.text_document.uri)
        .await
    else {
        return Ok(None);
    };
    if !shared.corpus_ready() {
        let note = match shared.corpus_error() {
            Some(e) => format!("factcheck: no corpus indexed — {e}"),
            None => "factcheck: the corpus is still loading …".into(),
        };
        return Ok(Some(markdown(note, None)));
    }
    let enc = shared.enc();
    let offset = position_to_byte(&doc.rope, pos, enc);
    // Findings of the current version that cover the position.
    let findings: Vec<Finding> = shared
        .analysis
        .result(&doc.uri)
        .filter(|a| a.version == doc.version)
        .map(|a| {
            a.findings
                .iter()
                .filter(|f| f.range.start <= offset && offset <= f.range.end)
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    let lang = shared
        .analysis
        .result(&doc.uri)
        .map_or(Lang::De, |a| a.lang);
    let value_finding = findings.iter().find(|f| {
        matches!(
            f.code,
            FindingCode::FigureMismatch | FindingCode::DateMismatch
        )
    });
    if let Some(f) = value_finding {
        return Ok(Some(markdown(
            evidence_markdown(f, lang),
            Some(bytes_to_range(&doc.rope, f.range.clone(), enc)),
        )));
    }
    if let Some(hit) = name_at(shared, &doc, pos).await? {
        if let Some(card) = describe(shared, &doc, &hit.name, hit.kind).await? {
            let finding = findings.first();
            let mut md = card.to_markdown(hit.lang);
            // A flagged name the archive does not know: what it knows about
            // the name it suggests instead.
            let suggested = finding
                .and_then(|f| f.fix.as_ref())
                .filter(|fix| !card.is_known() && fix.text != hit.name);
            if let Some(fix) = suggested {
                if let Some(other) = describe(shared, &doc, &fix.text, hit.kind).await? {
                    md = format!("{md}\n\n{}", other.to_markdown(hit.lang));
                }
            }
            if let Some(f) = finding {
                md = format!("{md}\n\n---\n\n{}", finding_footer(f, hit.lang));
            }
            return Ok(Some(markdown(md, Some(hit.range))));
        }
    }
    Ok(findings.first().map(|f| {
        markdown(
            evidence_markdown(f, lang),
            Some(bytes_to_range(&doc.rope, f.range.clone(), enc)),
        )
    }))
}
