//! Language detection per document (German or English), with `whatlang`
//! restricted to the two languages the extractors support.

use whatlang::{Detector, Lang as WLang};

use super::Lang;

/// Detects whether `text` is German or English; German when unsure.
pub fn detect(text: &str) -> Lang {
    // A few thousand characters decide as well as the whole text.
    let mut end = text.len().min(4000);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let detector = Detector::with_allowlist(vec![WLang::Deu, WLang::Eng]);
    match detector.detect_lang(&text[..end]) {
        Some(WLang::Eng) => Lang::En,
        _ => Lang::De,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_german_and_english() {
        assert_eq!(
            detect("Die Regierung hat am Montag ein neues Gesetz beschlossen, das im Mai gilt."),
            Lang::De
        );
        assert_eq!(
            detect("The government passed a new law on Monday which takes effect in May."),
            Lang::En
        );
        assert_eq!(detect(""), Lang::De);
    }
}
