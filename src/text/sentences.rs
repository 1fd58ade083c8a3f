//! Sentence segmentation over masked text. Abbreviations (`z. B.`, `ca.`,
//! `Dr.`, `Mr.`), ordinals (`1. November`) and initials (`George W. Bush`) do
//! not end a sentence; blank lines and single line breaks do, unless the next
//! line continues in lower case. Every sentence keeps its byte range. A
//! "sentence" longer than [`MAX_SENTENCE_BYTES`] (a dump without full stops,
//! not prose) is cut into windows of at most that size at spaces, so that
//! the work done per sentence stays bounded.

use std::ops::Range;

/// Words after which a period does not end a sentence (compared lower-cased,
/// without the period).
const ABBREVIATIONS: &[&str] = &[
    "z", "b", "bzw", "ca", "dr", "nr", "vgl", "usw", "etc", "u", "a", "o", "d", "h", "prof", "mag",
    "ing", "dipl", "st", "abs", "art", "bzgl", "inkl", "exkl", "evtl", "ggf", "sog", "ua", "mio",
    "mrd", "tsd", "jan", "feb", "mär", "apr", "jun", "jul", "aug", "sep", "sept", "okt", "oct",
    "nov", "dez", "dec", "mr", "mrs", "ms", "jr", "sr", "no", "vs", "v", "inc", "ltd", "co",
    "corp", "gov", "dept", "univ", "min", "max", "str", "hr", "fr", "hl", "bspw", "gem", "insb",
    "lt", "vs", "ehem", "geb", "gest", "i", "e", "s", "rd", "etc", "al",
];

/// Longest sentence kept whole (bytes); no sentence of real prose is near it.
pub const MAX_SENTENCE_BYTES: usize = 4096;

/// Splits `text` into sentence byte ranges (trimmed of surrounding space).
pub fn split_sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (pos, c) = chars[i];
        let mut boundary_end = None;
        if c == '\n' {
            let next_line_continues = chars[i + 1..]
                .iter()
                .find(|(_, c)| !(*c == ' ' || *c == '\t' || *c == '\r'))
                .is_some_and(|(_, c)| c.is_lowercase());
            let blank_line = chars[i + 1..]
                .iter()
                .take_while(|(_, c)| *c != '\n')
                .all(|(_, c)| c.is_whitespace());
            if blank_line || !next_line_continues {
                boundary_end = Some(pos);
            }
        } else if matches!(c, '.' | '!' | '?' | '…') {
            // Swallow closing quotes and brackets after the terminator.
            let mut j = i + 1;
            while j < chars.len()
                && matches!(
                    chars[j].1,
                    '"' | '\'' | '“' | '”' | '»' | '«' | ')' | '’' | '.' | '!' | '?'
                )
            {
                j += 1;
            }
            let followed_by_space = j >= chars.len() || chars[j].1.is_whitespace();
            if followed_by_space && (c != '.' || period_ends_sentence(text, pos, &chars, j)) {
                let end = if j < chars.len() {
                    chars[j].0
                } else {
                    text.len()
                };
                boundary_end = Some(end);
                i = j.saturating_sub(1);
            }
        }
        if let Some(end) = boundary_end {
            push_trimmed(text, start..end, &mut out);
            start = end;
        }
        i += 1;
    }
    push_trimmed(text, start..text.len(), &mut out);
    out
}

fn period_ends_sentence(text: &str, period: usize, chars: &[(usize, char)], after: usize) -> bool {
    let before = &text[..period];
    let word_start = before
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace() || matches!(c, '(' | '"' | '„' | '“' | '\''))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let word = &before[word_start..];
    // Next non-space character.
    let next = chars[after..]
        .iter()
        .map(|(_, c)| *c)
        .find(|c| !c.is_whitespace());
    let Some(next) = next else { return true };
    if next.is_lowercase() || next == ',' {
        return false;
    }
    if word.is_empty() {
        return true;
    }
    let lower = word.to_lowercase();
    let last_part = lower.rsplit('.').next().unwrap_or(&lower);
    if ABBREVIATIONS.contains(&last_part) {
        return false;
    }
    // An initial: one capital letter (`W.`).
    if word.chars().count() == 1 && word.chars().all(char::is_uppercase) {
        return false;
    }
    // An ordinal or a day number: `1.`, `27.` (`am 1. November`, `01.11.`).
    if (1..=2).contains(&word.len()) && word.chars().all(|c| c.is_ascii_digit()) {
        return false;
    }
    // A date such as `01.11.` or `1.11.`.
    if word.chars().all(|c| c.is_ascii_digit() || c == '.') && word.contains('.') {
        return false;
    }
    true
}

fn push_trimmed(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let slice = &text[range.clone()];
    let lead = slice.len() - slice.trim_start().len();
    let trail = slice.len() - slice.trim_end().len();
    if lead + trail >= slice.len() {
        return;
    }
    let (mut start, end) = (range.start + lead, range.end - trail);
    while end - start > MAX_SENTENCE_BYTES {
        let mut cut = start + MAX_SENTENCE_BYTES;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        // At the last space of the window's second half, if there is one.
        if let Some(space) = text[start + MAX_SENTENCE_BYTES / 2..cut].rfind(char::is_whitespace) {
            cut = start + MAX_SENTENCE_BYTES / 2 + space;
        }
        let window = &text[start..cut];
        out.push(start..start + window.trim_end().len());
        start = cut + (text[cut..end].len() - text[cut..end].trim_start().len());
    }
    if start < end {
        out.push(start..end);
    }
}

/// Whether `text` holds a run longer than [`MAX_SENTENCE_BYTES`] without
/// a line break or sentence-ending punctuation: a sentence that will be
/// read in windows.
pub fn has_overlong_sentence(text: &str) -> bool {
    let mut run = 0;
    for b in text.bytes() {
        if matches!(b, b'.' | b'!' | b'?' | b'\n') {
            run = 0;
        } else {
            run += 1;
            if run > MAX_SENTENCE_BYTES {
                return true;
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        split_sentences(text)
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn ordinals_and_abbreviations_do_not_split() {
        let s = sentences("Am 1. November 2024 kam es z. B. zu ca. 10 Treffen. Dr. Maier war dabei. Danach ging es weiter.");
        assert_eq!(
            s,
            vec![
                "Am 1. November 2024 kam es z. B. zu ca. 10 Treffen.",
                "Dr. Maier war dabei.",
                "Danach ging es weiter."
            ]
        );
    }

    #[test]
    fn initials_and_quotes() {
        let s = sentences("President George W. Bush spoke. \"It works.\" Then he left!");
        assert_eq!(
            s,
            vec![
                "President George W. Bush spoke.",
                "\"It works.\"",
                "Then he left!"
            ]
        );
    }

    #[test]
    fn overlong_sentences_are_cut_into_windows_at_spaces() {
        let word = "Wörter ";
        let text = format!("Kurz. {}Ende.", word.repeat(2000));
        let ranges = split_sentences(&text);
        assert_eq!(&text[ranges[0].clone()], "Kurz.");
        assert!(ranges.len() > 3, "{}", ranges.len());
        for pair in ranges.windows(2) {
            assert!(pair[0].end < pair[1].start, "windows do not overlap");
        }
        for r in &ranges[1..] {
            assert!(r.len() <= MAX_SENTENCE_BYTES);
            let window = &text[r.clone()];
            assert!(window.starts_with("Wörter"), "cut at a space: {window:?}");
        }
        // Nothing but spaces between windows: no text is lost.
        let covered: usize = ranges[1..].iter().map(|r| r.len()).sum();
        assert_eq!(covered + ranges.len() - 2, text.len() - "Kurz. ".len());
        assert!(has_overlong_sentence(&text));
        assert!(!has_overlong_sentence("Kurz. Noch kürzer."));
        // Without any space the cut falls on a character boundary.
        let text = "ä".repeat(3000);
        let ranges = split_sentences(&text);
        assert_eq!(ranges.len(), 2);
        assert_eq!(ranges[0], 0..4096);
    }

    #[test]
    fn lines_end_sentences_unless_continued() {
        let s =
            sentences("Überschrift ohne Punkt\nErster Satz geht\nweiter hier.\n\nZweiter Absatz.");
        assert_eq!(
            s,
            vec![
                "Überschrift ohne Punkt",
                "Erster Satz geht\nweiter hier.",
                "Zweiter Absatz."
            ]
        );
    }
}
