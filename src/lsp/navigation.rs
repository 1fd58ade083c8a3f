//! Go to definition (the corpus sentence that introduces a name) and find
//! references (every corpus mention of it), as locations in corpus files.

use std::sync::Arc;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use super::diagnostics::evidence_location;
use super::hover::name_at;
use super::{blocking, internal, Shared};

/// `textDocument/definition`.
pub async fn definition(
    shared: &Arc<Shared>,
    p: GotoDefinitionParams,
) -> Result<Option<GotoDefinitionResponse>> {
    let tdp = p.text_document_position_params;
    let locations = locations(shared, &tdp.text_document.uri, tdp.position, true).await?;
    Ok(locations
        .and_then(|mut l| l.pop())
        .map(GotoDefinitionResponse::Scalar))
}

/// `textDocument/references`.
pub async fn references(shared: &Arc<Shared>, p: ReferenceParams) -> Result<Option<Vec<Location>>> {
    let tdp = p.text_document_position;
    locations(shared, &tdp.text_document.uri, tdp.position, false).await
}

async fn locations(
    shared: &Arc<Shared>,
    uri: &Uri,
    pos: Position,
    introduction: bool,
) -> Result<Option<Vec<Location>>> {
    let Some(doc) = shared.docs().get(uri).await else {
        return Ok(None);
    };
    let Some(hit) = name_at(shared, &doc, pos).await? else {
        return Ok(None);
    };
    let Some(engine) = shared.engine() else {
        return Ok(None);
    };
    let options = shared.draft_options(&doc);
    let enc = shared.enc();
    blocking(move || {
        let engine = engine.read().unwrap_or_else(|e| e.into_inner());
        let evidence = if introduction {
            engine
                .introduction(&hit.name, &options)
                .into_iter()
                .collect()
        } else {
            engine.mentions(&hit.name, &options)
        };
        let locations: Vec<Location> = evidence
            .iter()
            .filter_map(|e| evidence_location(&engine, e, enc))
            .collect();
        (!locations.is_empty()).then_some(locations)
    })
    .await
    .map_err(internal)
}
