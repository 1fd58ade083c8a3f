//! Property tests of the language server's documents: LSP positions
//! (UTF-8 and UTF-16, CRLF, lone CR, emoji) against an independent model
//! computed on a plain `String`, and random incremental edits applied to the
//! rope against the same edits applied to a `String`.

use factcheck::lsp::documents::{
    byte_to_position, position_to_byte, str_position, Document, PosEnc,
};
use proptest::prelude::*;
use ropey::Rope;
use tower_lsp_server::ls_types::{Position, Range, TextDocumentContentChangeEvent, Uri};

/// Pieces the texts are built from: ASCII, umlauts, emoji (two UTF-16
/// units), every LSP line break, and a separator that is not a line break
/// in LSP.
const PIECES: &[&str] = &[
    "a", "Z", " ", "ü", "ß", "€", "😀", "👍🏽", "\n", "\r\n", "\r", "\u{2028}", "e\u{301}",
];

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..40).prop_map(|v| v.concat())
}

fn enc() -> impl Strategy<Value = PosEnc> {
    prop::sample::select(vec![PosEnc::Utf8, PosEnc::Utf16])
}

fn units(c: char, enc: PosEnc) -> usize {
    match enc {
        PosEnc::Utf8 => c.len_utf8(),
        PosEnc::Utf16 => c.len_utf16(),
    }
}

/// (start, end of content) byte offsets of each line: lines end at `\n`,
/// `\r\n` or `\r`.
fn model_lines(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut lines = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\r' if b.get(i + 1) == Some(&b'\n') => {
                lines.push((start, i));
                i += 2;
                start = i;
            }
            b'\r' | b'\n' => {
                lines.push((start, i));
                i += 1;
                start = i;
            }
            _ => i += 1,
        }
    }
    lines.push((start, b.len()));
    lines
}

/// The byte offset of a position: past the last line → end of text; past
/// the line's end → the line's end; inside a character → its start.
fn model_offset(text: &str, pos: Position, enc: PosEnc) -> usize {
    let lines = model_lines(text);
    let Some(&(start, end)) = lines.get(pos.line as usize) else {
        return text.len();
    };
    let mut count = 0;
    let mut offset = start;
    for c in text[start..end].chars() {
        if count + units(c, enc) > pos.character as usize {
            break;
        }
        count += units(c, enc);
        offset += c.len_utf8();
    }
    offset
}

/// The position of a byte offset at a character boundary.
fn model_position(text: &str, offset: usize, enc: PosEnc) -> Position {
    let lines = model_lines(text);
    let line = lines
        .iter()
        .rposition(|&(start, _)| start <= offset)
        .unwrap_or(0);
    let start = lines[line].0;
    let character: usize = text[start..offset].chars().map(|c| units(c, enc)).sum();
    Position::new(line as u32, character as u32)
}

fn uri() -> Uri {
    "file:///tmp/factcheck-prop/draft.md".parse().unwrap()
}

proptest! {
    #[test]
    fn positions_match_the_model(text in text(), enc in enc()) {
        let rope = Rope::from_str(&text);
        let lines = model_lines(&text);
        for (offset, _) in text.char_indices().chain([(text.len(), ' ')]) {
            // The middle of a CRLF has no position of its own.
            if text[..offset].ends_with('\r') && text[offset..].starts_with('\n') {
                continue;
            }
            let expected = model_position(&text, offset, enc);
            prop_assert_eq!(byte_to_position(&rope, offset, enc), expected);
            prop_assert_eq!(str_position(&text, offset, enc), expected);
            prop_assert_eq!(position_to_byte(&rope, expected, enc), offset);
        }
        prop_assert_eq!(rope.len_lines(), lines.len());
    }

    #[test]
    fn any_position_converts_like_the_model(
        text in text(),
        enc in enc(),
        line in 0u32..6,
        character in 0u32..16,
    ) {
        let rope = Rope::from_str(&text);
        let pos = Position::new(line, character);
        prop_assert_eq!(position_to_byte(&rope, pos, enc), model_offset(&text, pos, enc));
    }

    #[test]
    fn incremental_edits_match_a_string_model(
        start in text(),
        enc in enc(),
        edits in prop::collection::vec(
            ((0u32..12, 0u32..30), (0u32..12, 0u32..30), text(), any::<bool>()),
            1..25,
        ),
    ) {
        let mut doc = Document::new(uri(), 1, &start);
        let mut model = start.clone();
        for ((l1, c1), (l2, c2), insert, full) in edits {
            let change = if full && insert.len() % 5 == 0 {
                // Now and then a whole-document replacement.
                model = insert.clone();
                TextDocumentContentChangeEvent { range: None, range_length: None, text: insert }
            } else {
                let a = model_offset(&model, Position::new(l1, c1), enc);
                let b = model_offset(&model, Position::new(l2, c2), enc);
                let (a, b) = (a.min(b), a.max(b));
                model.replace_range(a..b, &insert);
                TextDocumentContentChangeEvent {
                    range: Some(Range::new(Position::new(l1, c1), Position::new(l2, c2))),
                    range_length: None,
                    text: insert,
                }
            };
            doc.apply(&change, enc);
            prop_assert_eq!(doc.rope.to_string(), model.clone());
        }
    }
}
