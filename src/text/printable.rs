//! Making text safe to print on a terminal: control characters (terminal
//! escape sequences start with one), C1 controls and bidirectional
//! overrides are shown as visible symbols instead of being obeyed. Each
//! character becomes exactly one character, so columns stay where they are.

use std::borrow::Cow;

/// The character shown instead of `c`, or `None` when `c` is printable.
fn replacement(c: char) -> Option<char> {
    match c {
        '\t' => Some(' '),
        // C0 controls: the matching "control picture" (ESC → ␛, BEL → ␇).
        '\0'..='\x1f' => char::from_u32(0x2400 + c as u32),
        '\x7f' => Some('\u{2421}'),
        // C1 controls (U+009B is a one-character CSI on some terminals),
        // and the embeddings, overrides and isolates that reorder text.
        '\u{80}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => Some('\u{fffd}'),
        _ => None,
    }
}

/// `s` with every control character replaced by a visible one.
pub fn printable(s: &str) -> Cow<'_, str> {
    if s.chars().all(|c| replacement(c).is_none()) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.chars().map(|c| replacement(c).unwrap_or(c)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_become_visible_and_keep_their_width() {
        let s = "a\u{1b}]0;title\u{7}b\u{1b}[2Jc\u{9b}31m\u{202e}d\te";
        let p = printable(s);
        assert!(!p.chars().any(|c| c.is_control()), "{p:?}");
        assert_eq!(p.chars().count(), s.chars().count());
        assert_eq!(p, "a␛]0;title␇b␛[2Jc\u{fffd}31m\u{fffd}d e");
    }

    #[test]
    fn ordinary_text_is_borrowed() {
        let s = "Größe „25.000“ – 👍🏽 e\u{301}";
        assert!(matches!(printable(s), Cow::Borrowed(_)));
    }
}
