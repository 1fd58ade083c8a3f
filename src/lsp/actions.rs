//! Code actions and commands. Quick fixes are built from the diagnostic's
//! `data` (no recomputation): "Replace with the archive's value", "Ignore this
//! finding" (a `<!-- factcheck: ignore -->` line before the paragraph) and,
//! for name mismatches, "Accept this name", which runs the
//! `factcheck.acceptName` command: the name is added to `accept` in the
//! `.factcheck.toml` in effect (the workspace root's or the nearest above;
//! created in the root if there is none), written atomically and never
//! through a link that leaves the file's folder; the engine's accepted names
//! are updated and open documents re-checked.
//!
//! Commands: `factcheck.reindex` (no arguments), `factcheck.describe`
//! (`{ uri, position }` or `{ textDocument: { uri }, position }` →
//! `{ "markdown": … }` or null; not advertised, as the protocol tells a
//! server nothing of the cursor) and `factcheck.acceptName` (`"name"`, as
//! its quick fix gives it). Called without the arguments they need, both
//! answer InvalidParams with a message saying what to pass.

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::{json, Value};
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use super::diagnostics::SOURCE;
use super::documents::{position_to_byte, Document, PosEnc};
use super::hover::{card, name_at};
use super::{blocking, internal, invalid, Shared};
use crate::config::{add_accepted_name, CONFIG_FILE};
use crate::engine::paragraphs;

/// The control comment that silences the next paragraph.
pub const IGNORE_COMMENT: &str = "<!-- factcheck: ignore -->";

fn edit(uri: &Uri, range: Range, text: String) -> WorkspaceEdit {
    WorkspaceEdit {
        changes: Some(HashMap::from([(
            uri.clone(),
            vec![TextEdit {
                range,
                new_text: text,
            }],
        )])),
        ..Default::default()
    }
}

/// Where the paragraph containing `pos` starts (paragraphs of the masked
/// text, so that front matter and code do not count).
fn paragraph_start(doc: &Document, pos: Position, enc: PosEnc) -> Position {
    let text = doc.rope.to_string();
    let offset = position_to_byte(&doc.rope, pos, enc);
    let markdown = doc
        .path()
        .is_none_or(|p| p.extension().is_none_or(|e| e != "txt"));
    let masked = crate::text::mask(&text, markdown);
    let start = paragraphs(&masked.text)
        .into_iter()
        .find(|p| p.start <= offset && offset <= p.end)
        .map_or(offset, |p| p.start);
    // Always at the start of a line.
    let line = doc.rope.byte_to_line(start.min(text.len()));
    Position::new(line as u32, 0)
}

/// `textDocument/codeAction`.
pub async fn code_actions(
    shared: &Arc<Shared>,
    p: CodeActionParams,
) -> Result<Option<CodeActionResponse>> {
    let uri = p.text_document.uri;
    let doc = shared.docs().get(&uri).await;
    let mut out: CodeActionResponse = Vec::new();
    for d in p
        .context
        .diagnostics
        .iter()
        .filter(|d| d.source.as_deref() == Some(SOURCE))
    {
        let data = d.data.clone().unwrap_or(Value::Null);
        if let Some(fix) = data.get("fix").filter(|f| !f.is_null()) {
            let range: Option<Range> = fix
                .get("range")
                .and_then(|r| serde_json::from_value(r.clone()).ok());
            if let (Some(range), Some(text)) = (range, fix.get("text").and_then(Value::as_str)) {
                out.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: format!("Replace with the archive's value: {text}"),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![d.clone()]),
                    edit: Some(edit(&uri, range, text.to_string())),
                    is_preferred: Some(true),
                    ..Default::default()
                }));
            }
        }
        if let Some(doc) = &doc {
            let at = paragraph_start(doc, d.range.start, shared.enc());
            let eol = if doc.rope.to_string().contains("\r\n") {
                "\r\n"
            } else {
                "\n"
            };
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: "Ignore this finding".into(),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![d.clone()]),
                edit: Some(edit(
                    &uri,
                    Range::new(at, at),
                    format!("{IGNORE_COMMENT}{eol}"),
                )),
                ..Default::default()
            }));
        }
        let name_mismatch = data.get("code").and_then(Value::as_str) == Some("name-mismatch");
        if let (true, Some(name)) = (name_mismatch, data.get("text").and_then(Value::as_str)) {
            let command = Command {
                title: format!("Accept the name “{name}”"),
                command: "factcheck.acceptName".into(),
                arguments: Some(vec![json!(name)]),
            };
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: command.title.clone(),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![d.clone()]),
                command: Some(command),
                ..Default::default()
            }));
        }
    }
    Ok(Some(out))
}

/// `workspace/executeCommand`.
pub async fn execute(shared: &Arc<Shared>, p: ExecuteCommandParams) -> Result<Option<Value>> {
    let arg = p.arguments.first().cloned().unwrap_or(Value::Null);
    match p.command.as_str() {
        "factcheck.reindex" => {
            shared.refresh(None, Vec::new(), true).await;
            Ok(None)
        }
        "factcheck.describe" => {
            let Some((uri, pos)) = document_position(&arg) else {
                return Err(invalid(
                    "factcheck.describe needs the document and position of a name: \
                     { \"textDocument\": { \"uri\": … }, \"position\": { \"line\": n, \"character\": n } } \
                     (or { \"uri\", \"position\" }); the server is not told where the cursor is, \
                     so run it from an editor binding that passes them, or hover the name",
                ));
            };
            let Some(doc) = shared.docs().get(&uri).await else {
                return Ok(Some(Value::Null));
            };
            let Some(hit) = name_at(shared, &doc, pos).await? else {
                return Ok(Some(Value::Null));
            };
            Ok(Some(
                card(shared, &doc, &hit)
                    .await?
                    .map_or(Value::Null, |md| json!({ "markdown": md })),
            ))
        }
        "factcheck.acceptName" => {
            let Some(name) = arg
                .as_str()
                .map(str::to_string)
                .filter(|n| !n.trim().is_empty())
            else {
                return Err(invalid(
                    "factcheck.acceptName needs the name to accept as its argument (\"Josep Borell\"); \
                     it is run by the quick fix “Accept the name …” on a name-mismatch finding",
                ));
            };
            let Some(root) = shared.root() else {
                return Err(invalid("factcheck.acceptName needs a workspace folder"));
            };
            // The file in effect (as the CLI finds it), else a new one in the root.
            let file = shared
                .resolved()
                .config_file
                .unwrap_or_else(|| root.join(CONFIG_FILE));
            let written = blocking(move || add_accepted_name(&file, &name))
                .await
                .map_err(internal)?;
            written.map_err(|e| {
                shared.log_warning(format!("factcheck.acceptName: {e}"));
                internal(e)
            })?;
            shared.refresh(None, Vec::new(), false).await;
            Ok(None)
        }
        other => Err(invalid(format!("unknown command {other}"))),
    }
}

/// The document and position of a `factcheck.describe` argument: the
/// `TextDocumentPositionParams` shape or the older `{ uri, position }`.
fn document_position(arg: &Value) -> Option<(Uri, Position)> {
    let uri = arg
        .get("textDocument")
        .and_then(|d| d.get("uri"))
        .or_else(|| arg.get("uri"))
        .and_then(|u| serde_json::from_value(u.clone()).ok())?;
    let pos = arg
        .get("position")
        .and_then(|p| serde_json::from_value(p.clone()).ok())?;
    Some((uri, pos))
}
