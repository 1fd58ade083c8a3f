//! Hovers: on a flagged figure or date the finding with its evidence quotes;
//! on a person, organisation, place or role the engine's card (which says
//! "not in the corpus" when nothing is known); while the corpus is still
//! being indexed, a note saying so.

use std::sync::Arc;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use super::documents::{bytes_to_range, position_to_byte, Document};
use super::{blocking, internal, Shared};
use crate::check::{Finding, FindingCode};
use crate::engine::name_in;
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

/// The card Markdown for a name.
pub async fn card(shared: &Arc<Shared>, doc: &Document, hit: &NameHit) -> Result<Option<String>> {
    let Some(engine) = shared.engine() else {
        return Ok(None);
    };
    let options = shared.draft_options(doc);
    let (name, kind, lang) = (hit.name.clone(), hit.kind, hit.lang);
    blocking(move || {
        let engine = engine.read().unwrap_or_else(|e| e.into_inner());
        engine.describe(&name, kind, &options).to_markdown(lang)
    })
    .await
    .map(Some)
    .map_err(internal)
}

fn finding_markdown(f: &Finding) -> String {
    let mut md = format!("**{}** ({})\n\n", f.message, f.code.as_str());
    for e in &f.evidence {
        md.push_str(&format!("> {}\n>\n> — {}\n\n", e.excerpt, e.source_label()));
    }
    md.trim_end().to_string()
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
    let value_finding = findings.iter().find(|f| {
        matches!(
            f.code,
            FindingCode::FigureMismatch | FindingCode::DateMismatch
        )
    });
    if let Some(f) = value_finding {
        return Ok(Some(markdown(
            finding_markdown(f),
            Some(bytes_to_range(&doc.rope, f.range.clone(), enc)),
        )));
    }
    if let Some(hit) = name_at(shared, &doc, pos).await? {
        if let Some(card) = card(shared, &doc, &hit).await? {
            let mut value = card;
            if let Some(f) = findings.first() {
                value = format!("{}\n\n---\n\n{value}", finding_markdown(f));
            }
            return Ok(Some(markdown(value, Some(hit.range))));
        }
    }
    Ok(findings.first().map(|f| {
        markdown(
            finding_markdown(f),
            Some(bytes_to_range(&doc.rope, f.range.clone(), enc)),
        )
    }))
}
