//! What a draft will be looked up by, guessed from its words before it is
//! read, so that [`super::archive::PgArchive`] can fetch the name lookups of
//! a whole check in a few batched queries (`= ANY($1)`) instead of one round
//! trip per word. The guess needs not be exact: a key it misses is fetched
//! on its own when asked for, and a key it adds costs a few bytes. Every
//! key found (or found missing) is cached, so the answers are the same with
//! or without the prefetch.
//!
//! Name parts (surnames, first names) are looked up by single capitalised
//! words and by the pieces of hyphenated ones; names and spellings by runs
//! of up to [`MAX_RUN`] words that start and end with a capital, within a
//! stretch of text without sentence punctuation. Each word also comes
//! without a final `s` (genitives: "Juventus" is asked as "Juventu" too).

use std::collections::BTreeSet;

/// Longest run of words tried as a name or spelling.
pub const MAX_RUN: usize = 6;

/// At most this many keys of each kind per draft (a bound on the query
/// size; the rest is fetched on demand).
pub const MAX_KEYS: usize = 60_000;

/// The keys guessed from a draft.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct DraftKeys {
    /// Single words, for `factcheck.name_parts`.
    pub parts: Vec<String>,
    /// Runs of words, for `factcheck.names` and `factcheck.spellings`.
    pub phrases: Vec<String>,
}

fn capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// The word with the punctuation around it trimmed.
fn trim_word(word: &str) -> &str {
    word.trim_matches(|c: char| !c.is_alphanumeric())
}

/// The word, and the word without a final `s` (when long enough).
fn with_variants(word: &str, out: &mut BTreeSet<String>) {
    out.insert(word.to_string());
    if let Some(stem) = word.strip_suffix('s') {
        if stem.chars().count() >= 3 {
            out.insert(stem.to_string());
        }
    }
}

/// Where a run of name words cannot continue.
fn is_break(c: char) -> bool {
    matches!(
        c,
        '.' | '!'
            | '?'
            | ';'
            | ':'
            | ','
            | '('
            | ')'
            | '['
            | ']'
            | '"'
            | '„'
            | '“'
            | '”'
            | '«'
            | '»'
            | '\n'
    )
}

/// Guesses the keys of `text`. Linear in the text: each word starts at
/// most [`MAX_RUN`] runs.
pub fn draft_keys(text: &str) -> DraftKeys {
    let mut parts = BTreeSet::new();
    let mut phrases = BTreeSet::new();
    for stretch in text.split(is_break) {
        let words: Vec<&str> = stretch
            .split_whitespace()
            .map(trim_word)
            .filter(|w| !w.is_empty())
            .collect();
        for (i, word) in words.iter().enumerate() {
            if capitalised(word) {
                with_variants(word, &mut parts);
            }
            for piece in word.split('-').skip(1).filter(|p| !p.is_empty()) {
                with_variants(piece, &mut parts);
            }
            if !capitalised(word) {
                continue;
            }
            for end in i..words.len().min(i + MAX_RUN) {
                if capitalised(words[end]) {
                    let run = words[i..=end].join(" ");
                    if end > i {
                        if let Some(stem) = run.strip_suffix('s') {
                            phrases.insert(stem.to_string());
                        }
                    }
                    phrases.insert(run);
                }
            }
        }
        if parts.len() > MAX_KEYS && phrases.len() > MAX_KEYS {
            break;
        }
    }
    // Single words are names and spellings too.
    phrases.extend(parts.iter().cloned());
    DraftKeys {
        parts: parts.into_iter().take(MAX_KEYS).collect(),
        phrases: phrases.into_iter().take(MAX_KEYS).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_words_and_hyphen_pieces_are_name_parts() {
        let keys = draft_keys("Die Sprecherin der All-in-Kampagne, Petra Kranz, sagte nichts.");
        for part in [
            "Die",
            "Sprecherin",
            "All-in-Kampagne",
            "Kampagne",
            "Petra",
            "Kranz",
        ] {
            assert!(keys.parts.iter().any(|p| p == part), "{part}: {keys:?}");
        }
        assert!(!keys.parts.iter().any(|p| p == "sagte"), "{keys:?}");
    }

    #[test]
    fn runs_start_and_end_with_a_capital_and_stop_at_punctuation() {
        let keys = draft_keys("Gestern traf Anna von der Lahn den Trainer. Bruno Keller kam.");
        let has = |p: &str| keys.phrases.iter().any(|k| k == p);
        assert!(has("Anna von der Lahn"), "{keys:?}");
        assert!(has("Bruno Keller"));
        assert!(!has("Anna von der"), "a run ends on a capital");
        assert!(!has("Trainer Bruno"), "a full stop ends a run");
    }

    #[test]
    fn genitive_s_gives_a_variant() {
        let keys = draft_keys("Der Trainer des FC Kirchdorfs wurde entlassen.");
        let has = |p: &str| keys.phrases.iter().any(|k| k == p);
        assert!(has("FC Kirchdorfs") && has("FC Kirchdorf"), "{keys:?}");
        assert!(keys.parts.iter().any(|p| p == "Kirchdorf"));
    }

    #[test]
    fn a_long_text_stays_bounded() {
        let text = "Alpha Beta Gamma Delta ".repeat(50_000);
        let keys = draft_keys(&text);
        assert!(keys.phrases.len() <= MAX_KEYS && keys.parts.len() <= MAX_KEYS);
        // The same run repeated is one key.
        assert!(keys.phrases.len() < 100, "{}", keys.phrases.len());
    }
}
