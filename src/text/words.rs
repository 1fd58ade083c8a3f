//! Word tokens (Unicode word boundaries, with byte ranges) and Snowball stems
//! for German and English.

use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;

use frostem::{Algorithm, Stemmer};
use unicode_segmentation::UnicodeSegmentation;

use super::Lang;

/// A word in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token<'a> {
    pub range: Range<usize>,
    pub text: &'a str,
}

impl Token<'_> {
    /// Starts with an upper-case letter.
    pub fn is_capitalised(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }

    /// Consists of letters only.
    pub fn is_alphabetic(&self) -> bool {
        self.text.chars().all(char::is_alphabetic)
    }
}

/// The words of `text` (punctuation and spaces left out), with byte ranges
/// offset by `base`.
pub fn tokens(text: &str, base: usize) -> Vec<Token<'_>> {
    text.split_word_bound_indices()
        .filter(|(_, w)| w.chars().any(char::is_alphanumeric))
        .map(|(i, w)| Token {
            range: base + i..base + i + w.len(),
            text: w,
        })
        .collect()
}

/// Stems already computed by this thread, per language: news repeats its
/// words, and a lookup costs a fraction of a Snowball run.
struct StemCache {
    stemmers: (Stemmer, Stemmer),
    known: [HashMap<String, String>; 2],
}

/// Above this many words per language the cache starts afresh (bounded memory).
const STEM_CACHE_WORDS: usize = 100_000;

thread_local! {
    static STEMMERS: RefCell<Option<StemCache>> = const { RefCell::new(None) };
}

/// The Snowball stemmer of `lang`, for callers that stem many distinct
/// words once (a thesaurus) and gain nothing from [`stem`]'s cache.
pub fn stemmer(lang: Lang) -> Stemmer {
    Stemmer::new(match lang {
        Lang::De => Algorithm::German,
        Lang::En => Algorithm::English,
    })
}

/// The Snowball stem of `word` (lower-cased first).
pub fn stem(word: &str, lang: Lang) -> String {
    let lower = word.to_lowercase();
    STEMMERS.with(|cell| {
        let mut cell = cell.borrow_mut();
        let cache = cell.get_or_insert_with(|| StemCache {
            stemmers: (
                Stemmer::new(Algorithm::German),
                Stemmer::new(Algorithm::English),
            ),
            known: [HashMap::new(), HashMap::new()],
        });
        let (stemmer, known) = match lang {
            Lang::De => (&cache.stemmers.0, &mut cache.known[0]),
            Lang::En => (&cache.stemmers.1, &mut cache.known[1]),
        };
        if let Some(s) = known.get(&lower) {
            return s.clone();
        }
        let s = stemmer.stem(&lower).into_owned();
        if known.len() >= STEM_CACHE_WORDS {
            known.clear();
        }
        known.insert(lower, s.clone());
        s
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_match_inflections() {
        assert_eq!(stem("Soldaten", Lang::De), stem("Soldat", Lang::De));
        assert_eq!(stem("Opfern", Lang::De), stem("Opfer", Lang::De));
        assert_eq!(stem("Länder", Lang::De), stem("Ländern", Lang::De));
        assert_eq!(stem("years", Lang::En), stem("year", Lang::En));
    }

    #[test]
    fn tokens_have_offsets() {
        let t = tokens("NATO-Generalsekretär Mark Rutte", 10);
        let words: Vec<&str> = t.iter().map(|t| t.text).collect();
        assert_eq!(words, vec!["NATO", "Generalsekretär", "Mark", "Rutte"]);
        assert_eq!(t[1].range, 15..31);
    }
}
