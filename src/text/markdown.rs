//! Markdown masking: front matter, fenced and indented code, inline code,
//! URLs, e-mail addresses and HTML comments are blanked out so that no
//! extractor reads them, while every byte keeps its offset (each masked byte
//! becomes a space, line breaks stay). Inline control comments
//! (`<!-- factcheck: ignore -->`, `off`, `on`) become suppressed ranges.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

/// A text with the parts that must not be checked blanked out.
#[derive(Clone, Debug)]
pub struct MaskedText {
    /// Same length as the source; masked bytes are spaces.
    pub text: String,
    /// Byte ranges in which findings are silenced by control comments.
    pub suppressed: Vec<Range<usize>>,
}

static URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:https?://|ftp://|www\.)[^\s<>()\[\]]+|[\w.+-]+@[\w-]+\.[\w.-]+")
        .expect("valid regex")
});
static URL_HINT: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
    aho_corasick::AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(["://", "www.", "@"])
        .expect("valid patterns")
});
static COMMENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?s)<!--(.*?)-->").expect("valid regex"));
static INLINE_CODE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"`[^`\n]+`").expect("valid regex"));
static LINK_TARGET: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\]\([^)\n]*\)").expect("valid regex"));
static HTML_TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"</?[A-Za-z][^<>\n]*>").expect("valid regex"));

/// Masks `source`. With `markdown` false only URLs, e-mail addresses and
/// comments are masked (plain-text articles).
pub fn mask(source: &str, markdown: bool) -> MaskedText {
    let mut bytes = source.as_bytes().to_vec();
    let blank = |bytes: &mut Vec<u8>, range: Range<usize>| {
        for b in &mut bytes[range] {
            if *b != b'\n' && *b != b'\r' {
                *b = b' ';
            }
        }
    };

    let body_start = front_matter_end(source);
    blank(&mut bytes, 0..body_start);

    let mut suppressed = Vec::new();
    let mut off_since: Option<usize> = None;
    for caps in COMMENT.captures_iter(source) {
        let whole = caps.get(0).expect("match");
        blank(&mut bytes, whole.range());
        let inner = caps.get(1).map_or("", |m| m.as_str()).trim().to_lowercase();
        let Some(command) = inner.strip_prefix("factcheck:").map(str::trim) else {
            continue;
        };
        match command {
            "ignore" => {
                let end = next_paragraph_end(source, whole.end());
                suppressed.push(whole.end()..end);
            }
            "off" => {
                off_since.get_or_insert(whole.end());
            }
            "on" => {
                if let Some(start) = off_since.take() {
                    suppressed.push(start..whole.start());
                }
            }
            _ => {}
        }
    }
    if let Some(start) = off_since {
        suppressed.push(start..source.len());
    }

    if markdown {
        mask_code_blocks(source, body_start, &mut bytes);
        for m in INLINE_CODE.find_iter(source) {
            blank(&mut bytes, m.range());
        }
        for m in LINK_TARGET.find_iter(source) {
            blank(&mut bytes, m.range());
        }
        for m in HTML_TAG.find_iter(source) {
            blank(&mut bytes, m.range());
        }
        mask_markup_characters(&mut bytes);
    }
    // Every URL or address holds `://`, `www.` (any case) or `@`: a text
    // without them is not searched (the pattern's word boundaries are slow
    // on non-ASCII text).
    if URL_HINT.is_match(source) {
        for m in URL.find_iter(source) {
            blank(&mut bytes, m.range());
        }
    }

    // Only ASCII bytes were replaced by ASCII, or whole multi-byte characters
    // by spaces, so the result is valid UTF-8; fall back to lossy just in case.
    let text = String::from_utf8(bytes)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    MaskedText { text, suppressed }
}

/// Byte offset where YAML (`---`) or TOML (`+++`) front matter ends, or 0.
pub fn front_matter_end(source: &str) -> usize {
    let bom = if source.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    let body = &source[bom..];
    for fence in ["---", "+++"] {
        let mut lines = body.split_inclusive('\n');
        match lines.next() {
            Some(first) if first.trim_end() == fence => {}
            _ => continue,
        }
        let mut pos = bom + body.split_inclusive('\n').next().map_or(0, str::len);
        for line in lines {
            pos += line.len();
            if line.trim_end() == fence {
                return pos;
            }
        }
        return 0; // unterminated: not front matter
    }
    0
}

fn next_paragraph_end(source: &str, from: usize) -> usize {
    // Skip the blank lines right after the comment, then run to the next blank line.
    let rest = &source[from..];
    let mut pos = from;
    let mut seen_text = false;
    for line in rest.split_inclusive('\n') {
        let blank_line = line.trim().is_empty();
        if blank_line && seen_text {
            return pos;
        }
        if !blank_line {
            seen_text = true;
        }
        pos += line.len();
    }
    source.len()
}

fn mask_code_blocks(source: &str, body_start: usize, bytes: &mut [u8]) {
    let mut pos = body_start;
    let mut fence: Option<String> = None;
    let mut previous_blank = true;
    let mut in_indented = false;
    for line in source[body_start..].split_inclusive('\n') {
        let start = pos;
        pos += line.len();
        let trimmed = line.trim_start();
        let mut mask_line = false;
        if let Some(f) = &fence {
            mask_line = true;
            if trimmed.trim_end().starts_with(f.as_str()) {
                fence = None;
            }
        } else if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(trimmed[..3].to_string());
            mask_line = true;
        } else if (line.starts_with("    ") || line.starts_with('\t')) && !trimmed.trim().is_empty()
        {
            if previous_blank || in_indented {
                mask_line = true;
                in_indented = true;
            }
        } else if !trimmed.trim().is_empty() {
            in_indented = false;
        }
        if mask_line {
            for b in &mut bytes[start..pos] {
                if *b != b'\n' && *b != b'\r' {
                    *b = b' ';
                }
            }
        }
        previous_blank = line.trim().is_empty();
    }
}

/// Blanks Markdown punctuation that is not prose: heading hashes, emphasis
/// markers, block quote markers, list bullets, table pipes and link brackets.
fn mask_markup_characters(bytes: &mut [u8]) {
    let mut line_start = true;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'\n' {
            line_start = true;
            i += 1;
            continue;
        }
        if line_start {
            // Leading markers: `#`, `>`, `-`/`*`/`+` bullets followed by a space.
            let mut j = i;
            while j < bytes.len() && bytes[j] == b' ' {
                j += 1;
            }
            while j < bytes.len() && (bytes[j] == b'#' || bytes[j] == b'>') {
                bytes[j] = b' ';
                j += 1;
            }
            if j + 1 < bytes.len() && matches!(bytes[j], b'-' | b'*' | b'+') && bytes[j + 1] == b' '
            {
                bytes[j] = b' ';
            }
            line_start = false;
        }
        match b {
            b'*' | b'_' | b'|' | b'[' | b']' => {
                // `_` inside a word (snake_case) is not emphasis, but it is not prose either.
                bytes[i] = b' ';
            }
            _ => {}
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_keep_offsets() {
        let src = "---\ntitle: Ä\n---\n# Überschrift\n\nText mit `Code 12` und https://example.org/a?b=1.\n";
        let masked = mask(src, true);
        assert_eq!(masked.text.len(), src.len());
        assert!(!masked.text.contains("title"));
        assert!(!masked.text.contains("Code"));
        assert!(!masked.text.contains("example"));
        assert!(masked.text.contains("Überschrift"));
        assert!(masked.text.contains("Text mit"));
    }

    #[test]
    fn fenced_and_indented_code_are_masked() {
        let src = "Vorher.\n\n```\n10.000 Soldaten\n```\n\n    20.000 Soldaten\n\nNachher.";
        let masked = mask(src, true);
        assert!(!masked.text.contains("Soldaten"));
        assert!(masked.text.contains("Nachher."));
    }

    #[test]
    fn control_comments_suppress() {
        let src = "Eins.\n\n<!-- factcheck: ignore -->\nZwei.\n\nDrei.\n<!-- factcheck: off -->\nVier.\n<!-- factcheck: on -->\nFünf.";
        let masked = mask(src, true);
        let zwei = src.find("Zwei").unwrap();
        let drei = src.find("Drei").unwrap();
        let vier = src.find("Vier").unwrap();
        let fuenf = src.find("Fünf").unwrap();
        let covered = |o: usize| masked.suppressed.iter().any(|r| r.contains(&o));
        assert!(covered(zwei));
        assert!(!covered(drei));
        assert!(covered(vier));
        assert!(!covered(fuenf));
    }

    #[test]
    fn front_matter_must_be_closed() {
        assert_eq!(front_matter_end("---\nno end\n"), 0);
        assert_eq!(front_matter_end("+++\ndate = 2024-01-01\n+++\nText"), 26);
    }
}
