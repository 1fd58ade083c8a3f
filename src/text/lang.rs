//! Language detection per document (German or English), with `whatlang`
//! restricted to the two languages the extractors support.

use whatlang::{Detector, Lang as WLang};

use super::Lang;

/// Words that occur in running text of one language and hardly ever in the
/// other's.
const GERMAN_ONLY: &[&str] = &[
    "der", "das", "und", "nicht", "ist", "mit", "sich", "auf", "dem", "den", "ein", "eine", "zu",
    "von", "für", "wird", "sind", "auch", "nach", "bei", "wurde", "werden", "noch", "über",
];
const ENGLISH_ONLY: &[&str] = &[
    "the", "and", "of", "is", "to", "with", "that", "was", "for", "on", "has", "have", "are",
    "were", "from", "by", "it", "at", "be", "this", "which", "said", "he", "they",
];
/// How many function words must be seen, and how many times more of one
/// language than of the other, for the count to decide alone.
const DECISIVE_WORDS: usize = 20;
const DECISIVE_RATIO: usize = 10;

/// Detects whether `text` is German or English; German when unsure.
///
/// Running prose is decided by its function words when they leave no doubt
/// (at least 20 of them, ten times more of one language): a count is cheap.
/// Everything else — short, mixed or unusual text — goes to `whatlang`.
pub fn detect(text: &str) -> Lang {
    // A few thousand characters decide as well as the whole text.
    let mut end = text.len().min(4000);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let text = &text[..end];
    if let Some(lang) = by_function_words(text) {
        return lang;
    }
    let detector = Detector::with_allowlist(vec![WLang::Deu, WLang::Eng]);
    match detector.detect_lang(text) {
        Some(WLang::Eng) => Lang::En,
        _ => Lang::De,
    }
}

/// German or English when the function words of `text` leave no doubt.
fn by_function_words(text: &str) -> Option<Lang> {
    let (mut de, mut en) = (0, 0);
    for word in text.split(|c: char| !c.is_alphabetic()) {
        if word.is_empty() || word.len() > 6 {
            continue;
        }
        let lower = word.to_lowercase();
        de += usize::from(GERMAN_ONLY.contains(&lower.as_str()));
        en += usize::from(ENGLISH_ONLY.contains(&lower.as_str()));
    }
    if de + en < DECISIVE_WORDS {
        None
    } else if de >= DECISIVE_RATIO * en.max(1) {
        Some(Lang::De)
    } else if en >= DECISIVE_RATIO * de.max(1) {
        Some(Lang::En)
    } else {
        None
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

    #[test]
    fn function_words_decide_only_clear_cases() {
        let german = "Der Rat hat sich mit dem Plan und den Kosten auf der Sitzung befasst, \
                      die für das Land von Bedeutung ist. Es wird noch nach einer Lösung \
                      gesucht, die auch bei den Gemeinden ankommt und nicht zu teuer ist.";
        assert_eq!(by_function_words(german), Some(Lang::De));
        let english = "The council said that it was looking at the plan and the costs, which \
                       have been rising for years. They are to meet on Monday with the \
                       mayor, who has asked for a report from the board by the end of this month.";
        assert_eq!(by_function_words(english), Some(Lang::En));
        // Too few function words, or a mix: left to whatlang.
        assert_eq!(by_function_words("Brexit, Merkel, Macron und the EU"), None);
        let mixed = format!("{german} {english}");
        assert_eq!(by_function_words(&mixed), None);
    }

    /// Where the count decides, it says what `whatlang` says, on every
    /// article of the shared corpora (skipped without `../shared`).
    #[test]
    fn function_words_agree_with_whatlang_on_the_shared_corpora() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
        let Ok(corpora) = std::fs::read_dir(&root) else {
            eprintln!("skipped: {} is absent", root.display());
            return;
        };
        let detector = Detector::with_allowlist(vec![WLang::Deu, WLang::Eng]);
        let (mut decided, mut total) = (0, 0);
        for corpus in corpora.flatten() {
            let Ok(files) = std::fs::read_dir(corpus.path()) else {
                continue;
            };
            for file in files.flatten() {
                let Ok(text) = std::fs::read_to_string(file.path()) else {
                    continue;
                };
                let mut end = text.len().min(4000);
                while !text.is_char_boundary(end) {
                    end -= 1;
                }
                total += 1;
                if let Some(lang) = by_function_words(&text[..end]) {
                    decided += 1;
                    let whatlang = match detector.detect_lang(&text[..end]) {
                        Some(WLang::Eng) => Lang::En,
                        _ => Lang::De,
                    };
                    assert_eq!(lang, whatlang, "{}", file.path().display());
                }
            }
        }
        eprintln!("function words decided {decided} of {total} articles");
    }
}
