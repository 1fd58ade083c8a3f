//! Open documents: each is a [`ropey::Rope`] with its version, edited
//! incrementally. Positions are converted exactly between byte offsets and
//! LSP positions in the negotiated encoding (UTF-8 or UTF-16); out-of-range
//! positions are clamped, never a panic. Lines end at `\n`, `\r\n` or `\r`
//! (ropey is built with `cr_lines` only, as LSP counts lines).
//!
//! One task ([`spawn_store`]) owns every document: `didOpen`, `didChange` and
//! `didClose` are sent to it over a channel, so edits apply in the order the
//! client sent them even though handlers run concurrently.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use ropey::Rope;
use tokio::sync::{mpsc, oneshot};
use tower_lsp_server::ls_types::{Position, Range, TextDocumentContentChangeEvent, Uri};

use super::Shared;

/// The position encoding agreed with the client.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum PosEnc {
    Utf8,
    #[default]
    Utf16,
}

/// An open document.
#[derive(Clone, Debug)]
pub struct Document {
    pub uri: Uri,
    pub version: i32,
    pub rope: Rope,
}

impl Document {
    pub fn new(uri: Uri, version: i32, text: &str) -> Document {
        Document {
            uri,
            version,
            rope: Rope::from_str(text),
        }
    }

    /// The file behind a `file:` URI.
    pub fn path(&self) -> Option<PathBuf> {
        uri_path(&self.uri)
    }

    /// Applies one content change (a full replacement when it has no range).
    pub fn apply(&mut self, change: &TextDocumentContentChangeEvent, enc: PosEnc) {
        match change.range {
            None => self.rope = Rope::from_str(&change.text),
            Some(range) => {
                let (start, end) = range_to_bytes(&self.rope, range, enc);
                let (start, end) = (self.rope.byte_to_char(start), self.rope.byte_to_char(end));
                self.rope.remove(start..end);
                self.rope.insert(start, &change.text);
            }
        }
    }
}

/// The path of a `file:` URI.
pub fn uri_path(uri: &Uri) -> Option<PathBuf> {
    if uri.scheme().as_str() != "file" {
        return None;
    }
    uri.to_file_path().map(|p| p.into_owned())
}

/// A `file:` URI for `path` (made absolute against the working directory).
pub fn path_uri(path: &std::path::Path) -> Option<Uri> {
    let abs = std::path::absolute(path).ok()?;
    Uri::from_file_path(abs)
}

/// The byte offset where the line's text ends (before its line break).
fn line_content_end(rope: &Rope, line: usize) -> usize {
    let start = rope.line_to_byte(line);
    let slice = rope.line(line);
    let mut len = slice.len_bytes();
    let last = |len: usize| {
        if len > 0 {
            Some(slice.byte(len - 1))
        } else {
            None
        }
    };
    if last(len) == Some(b'\n') {
        len -= 1;
        if last(len) == Some(b'\r') {
            len -= 1;
        }
    } else if last(len) == Some(b'\r') {
        len -= 1;
    }
    start + len
}

/// The byte offset of an LSP position (clamped to the line and the text).
pub fn position_to_byte(rope: &Rope, pos: Position, enc: PosEnc) -> usize {
    let line = pos.line as usize;
    if line >= rope.len_lines() {
        return rope.len_bytes();
    }
    let start = rope.line_to_byte(line);
    let end = line_content_end(rope, line);
    match enc {
        PosEnc::Utf8 => {
            let b = (start + pos.character as usize).min(end);
            // Snap down to a character boundary.
            rope.char_to_byte(rope.byte_to_char(b))
        }
        PosEnc::Utf16 => {
            let start_char = rope.byte_to_char(start);
            let end_char = rope.byte_to_char(end);
            let base = rope.char_to_utf16_cu(start_char);
            let max = rope.char_to_utf16_cu(end_char);
            let cu = (base + pos.character as usize).min(max);
            rope.char_to_byte(rope.utf16_cu_to_char(cu).min(end_char))
        }
    }
}

/// The LSP position of byte `offset` (clamped; inside a character → its start).
pub fn byte_to_position(rope: &Rope, offset: usize, enc: PosEnc) -> Position {
    let offset = offset.min(rope.len_bytes());
    let ch = rope.byte_to_char(offset);
    let line = rope.char_to_line(ch);
    let character = match enc {
        PosEnc::Utf8 => rope.char_to_byte(ch) - rope.line_to_byte(line),
        PosEnc::Utf16 => rope.char_to_utf16_cu(ch) - rope.char_to_utf16_cu(rope.line_to_char(line)),
    };
    Position::new(line as u32, character as u32)
}

/// Byte range of an LSP range (ordered).
pub fn range_to_bytes(rope: &Rope, range: Range, enc: PosEnc) -> (usize, usize) {
    let a = position_to_byte(rope, range.start, enc);
    let b = position_to_byte(rope, range.end, enc);
    (a.min(b), a.max(b))
}

/// LSP range of a byte range.
pub fn bytes_to_range(rope: &Rope, range: std::ops::Range<usize>, enc: PosEnc) -> Range {
    Range::new(
        byte_to_position(rope, range.start, enc),
        byte_to_position(rope, range.end.max(range.start), enc),
    )
}

/// LSP position of byte `offset` in a plain string (corpus files).
pub fn str_position(text: &str, offset: usize, enc: PosEnc) -> Position {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line_start = before.rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let line = before.matches('\n').count() + before.matches('\r').count()
        - before.matches("\r\n").count();
    let col = &before[line_start..];
    let character = match enc {
        PosEnc::Utf8 => col.len(),
        PosEnc::Utf16 => col.encode_utf16().count(),
    };
    Position::new(line as u32, character as u32)
}

/// Messages to the document task.
pub enum DocMsg {
    Open(Document),
    Change {
        uri: Uri,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
        enc: PosEnc,
    },
    Close(Uri),
    /// An edit to it was lost: set it aside until reopened or replaced whole.
    OutOfStep(Uri),
    Get(Uri, oneshot::Sender<Option<Document>>),
    All(oneshot::Sender<Vec<Document>>),
}

/// Handle to the document task.
#[derive(Clone)]
pub struct DocStore {
    tx: mpsc::UnboundedSender<DocMsg>,
}

impl DocStore {
    pub fn send(&self, msg: DocMsg) {
        let _ = self.tx.send(msg);
    }

    /// The current state of one document.
    pub async fn get(&self, uri: &Uri) -> Option<Document> {
        let (tx, rx) = oneshot::channel();
        self.send(DocMsg::Get(uri.clone(), tx));
        rx.await.ok().flatten()
    }

    /// Every open document.
    pub async fn all(&self) -> Vec<Document> {
        let (tx, rx) = oneshot::channel();
        self.send(DocMsg::All(tx));
        rx.await.unwrap_or_default()
    }
}

/// The open documents, and those set aside after a lost edit.
#[derive(Default)]
struct Docs {
    open: HashMap<Uri, Document>,
    out_of_step: HashSet<Uri>,
}

/// Applies one message to the documents.
fn handle(shared: &Arc<Shared>, all: &mut Docs, msg: DocMsg) {
    let docs = &mut all.open;
    match msg {
        DocMsg::Open(doc) => {
            all.out_of_step.remove(&doc.uri);
            shared.analysis.set_version(&doc.uri, Some(doc.version));
            shared.schedule(doc.clone(), false);
            docs.insert(doc.uri.clone(), doc);
        }
        DocMsg::Change {
            uri,
            version,
            changes,
            enc,
        } => {
            if all.out_of_step.contains(&uri) {
                // Only a whole new text brings it back in step.
                let Some(last_full) = changes.iter().rposition(|c| c.range.is_none()) else {
                    return;
                };
                all.out_of_step.remove(&uri);
                let mut doc = Document::new(uri.clone(), version, &changes[last_full].text);
                for change in &changes[last_full + 1..] {
                    doc.apply(change, enc);
                }
                shared.log_warning(format!("{} is in step again", uri.as_str()));
                handle(shared, all, DocMsg::Open(doc));
                return;
            }
            let Some(doc) = docs.get_mut(&uri) else {
                shared.log_warning(format!(
                    "change to a document that is not open: {}",
                    uri.as_str()
                ));
                return;
            };
            for change in &changes {
                doc.apply(change, enc);
            }
            doc.version = version;
            shared.analysis.set_version(&uri, Some(version));
            shared.schedule(doc.clone(), false);
        }
        DocMsg::OutOfStep(uri) => {
            if docs.remove(&uri).is_some() {
                all.out_of_step.insert(uri.clone());
                shared.analysis.set_version(&uri, None);
                shared.forget(&uri);
                shared.log_warning(format!(
                    "an edit to {} was lost; the document is not checked until it is reopened",
                    uri.as_str()
                ));
            }
        }
        DocMsg::Close(uri) => {
            all.out_of_step.remove(&uri);
            docs.remove(&uri);
            shared.analysis.set_version(&uri, None);
            shared.forget(&uri);
        }
        DocMsg::Get(uri, reply) => {
            let _ = reply.send(docs.get(&uri).cloned());
        }
        DocMsg::All(reply) => {
            let _ = reply.send(docs.values().cloned().collect());
        }
    }
}

/// Starts the task that owns the documents; every applied change schedules
/// an analysis. A message whose handling panics is reported, and a document
/// it may have left half-edited is dropped (the client must reopen it)
/// rather than kept with text the client does not have; the task goes on.
pub fn spawn_store(shared: Arc<Shared>) -> DocStore {
    let (tx, mut rx) = mpsc::unbounded_channel::<DocMsg>();
    tokio::spawn(async move {
        let mut docs = Docs::default();
        while let Some(msg) = rx.recv().await {
            let touched = match &msg {
                DocMsg::Change { uri, .. } => Some(uri.clone()),
                _ => None,
            };
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                handle(&shared, &mut docs, msg)
            }));
            if let Err(p) = outcome {
                let what = super::panic_message(p);
                match touched {
                    Some(uri) if docs.open.remove(&uri).is_some() => {
                        shared.analysis.set_version(&uri, None);
                        shared.forget(&uri);
                        shared.log_warning(format!(
                            "applying a change to {} failed ({what}); reopen the document",
                            uri.as_str()
                        ));
                    }
                    _ => shared.log_warning(format!("updating a document failed: {what}")),
                }
            }
        }
    });
    DocStore { tx }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_in_both_encodings() {
        let text = "Grüße, Straße\r\n😀 Josep Borell\rEnde\n";
        let rope = Rope::from_str(text);
        for enc in [PosEnc::Utf8, PosEnc::Utf16] {
            for (i, _) in text.char_indices() {
                if text[..i].ends_with('\r') && text[i..].starts_with('\n') {
                    continue; // inside a CRLF: no LSP position
                }
                let p = byte_to_position(&rope, i, enc);
                assert_eq!(position_to_byte(&rope, p, enc), i, "{enc:?} {i}");
                assert_eq!(str_position(text, i, enc), p, "{enc:?} {i}");
            }
        }
        let j = text.find("Josep").unwrap();
        assert_eq!(
            byte_to_position(&rope, j, PosEnc::Utf16),
            Position::new(1, 3)
        );
        assert_eq!(
            byte_to_position(&rope, j, PosEnc::Utf8),
            Position::new(1, 5)
        );
        assert_eq!(
            position_to_byte(&rope, Position::new(1, 1), PosEnc::Utf16),
            text.find('😀').unwrap()
        );
        assert_eq!(
            position_to_byte(&rope, Position::new(0, 999), PosEnc::Utf16),
            text.find('\r').unwrap()
        );
        assert_eq!(
            position_to_byte(&rope, Position::new(99, 0), PosEnc::Utf8),
            text.len()
        );
    }
}
