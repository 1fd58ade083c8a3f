//! Candidate name pairs: two capitalised words a corpus article writes like
//! a person's name (`Filippo Grandi`), and how the article uses its words,
//! so that the corpus can teach names no first-name list has (see
//! `crate::corpus::index::learned`).

use std::ops::Range;
use std::sync::LazyLock;

use super::{is_gazetteer_word, is_person_title, name_run, NOT_NAMES};
use crate::lexicon::lexicon;
use crate::text::Lang;

const DETERMINERS: &str = include_str!("../../../lexicons/determiners.txt");

static DETERMINER_WORDS: LazyLock<std::collections::HashSet<String>> = LazyLock::new(|| {
    DETERMINERS
        .lines()
        .filter(|l| !l.starts_with('#'))
        .flat_map(str::split_whitespace)
        .map(str::to_string)
        .collect()
});

/// Two capitalised words that may be a person's name (`Filippo Grandi`),
/// seen in a corpus article but not recognised by first name or title.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct NamePair {
    pub first: String,
    pub surname: String,
    /// Byte offset of the pair in the text.
    pub offset: usize,
    pub sentence: usize,
    /// Inside a sentence, after a lower-case word or a comma (not at its start).
    pub mid_sentence: bool,
    /// The same text uses the surname alone, after `Mr`/`Frau` or inside a
    /// sentence (`Rod Eddington` … `Mr Eddington`).
    pub surname_alone: bool,
}

/// How an article uses words: which it writes in lower case, and which
/// capitalised words follow an article (`der Kapitän`). A word the corpus
/// uses like this is an ordinary word, not a name.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct WordUse {
    pub lower: Vec<String>,
    pub after_determiner: Vec<String>,
    /// Every run of two or more capitalised name words as written
    /// (`Mathew Tait`), whether or not it was recognised as a name.
    pub spellings: Vec<String>,
}

/// The candidate name pairs of a text and how it uses its words.
/// `sentences` are the sentence byte ranges of `text`.
pub fn name_pairs(text: &str, sentences: &[Range<usize>], lang: Lang) -> (Vec<NamePair>, WordUse) {
    let mut pairs = Vec::new();
    let mut lower = std::collections::HashSet::new();
    let mut after_determiner = std::collections::HashSet::new();
    let mut spellings = std::collections::HashSet::new();
    let mut alone = std::collections::HashSet::new();
    for (sentence, range) in sentences.iter().enumerate() {
        let tokens = crate::text::tokens(&text[range.clone()], range.start);
        let mut pos = 0;
        for (i, token) in tokens.iter().enumerate() {
            if !token.is_capitalised() {
                if token.text.chars().next().is_some_and(char::is_lowercase) {
                    lower.insert(token.text.to_lowercase());
                }
                continue;
            }
            // A capital `A` inside a sentence is an initial (`Rosa A Lind`),
            // not the article.
            let initial = i > 1 && tokens[i - 1].text == "A";
            if i > 0 && !initial && DETERMINER_WORDS.contains(&tokens[i - 1].text.to_lowercase()) {
                after_determiner.insert(token.text.to_string());
            }
            if token.range.start < pos {
                continue;
            }
            let Some((end, words)) = name_run(text, token.range.start, lang) else {
                continue;
            };
            pos = end;
            let honorific = i > 0
                && matches!(
                    tokens[i - 1].text,
                    "Mr" | "Mrs" | "Ms" | "Herr" | "Frau" | "Dr" | "Sir"
                );
            let inside = i > 0
                && text[range.start..token.range.start]
                    .trim_end()
                    .chars()
                    .next_back()
                    .is_some_and(char::is_lowercase);
            if words.len() == 1 && (honorific || inside) {
                alone.insert(words[0].to_string());
            }
            for from in 0..words.len() {
                for to in from + 2..=words.len() {
                    spellings.insert(words[from..to].join(" "));
                }
            }
            // Words that introduce a name rather than belong to it
            // (`Britain's Kathy Butler`, `Canterbury Rowan Williams`,
            // `Trainer Zoran Barisic`) leave the pair after them.
            let lead = words.len().saturating_sub(2);
            let introduces = |w: &&str| {
                w.ends_with("'s")
                    || w.ends_with("’s")
                    || is_gazetteer_word(w, lang)
                    || is_person_title(w, lang)
            };
            if words[..lead].iter().all(introduces) && lead > 0 {
                let at = words[lead].as_ptr() as usize - text.as_ptr() as usize;
                if words[lead..].iter().all(|w| !introduces(w)) {
                    if let Some(pair) = name_pair(&words[lead..], at, sentence, lang) {
                        pairs.push(pair);
                    }
                }
                continue;
            }
            if words.len() != 2 {
                continue;
            }
            let before = &text[range.start..token.range.start];
            let mid_sentence = i > 0
                && before
                    .trim_end()
                    .chars()
                    .next_back()
                    .is_some_and(|c| c == ',' || c.is_lowercase());
            if let Some(mut pair) = name_pair(&words, token.range.start, sentence, lang) {
                pair.mid_sentence = mid_sentence;
                pairs.push(pair);
            }
        }
    }
    for p in &mut pairs {
        p.surname_alone = alone.contains(&p.surname);
    }
    (
        pairs,
        WordUse {
            lower: lower.into_iter().collect(),
            after_determiner: after_determiner.into_iter().collect(),
            spellings: spellings.into_iter().collect(),
        },
    )
}

/// Two capitalised words as a candidate pair, unless the first is a listed
/// first name (such names are found without learning) or either word could
/// not be part of a name. `mid_sentence` is left false.
fn name_pair(words: &[&str], offset: usize, sentence: usize, lang: Lang) -> Option<NamePair> {
    let lex = lexicon();
    let [first, surname] = words else {
        return None;
    };
    if lex.is_first_name(first) {
        return None;
    }
    let plausible = |w: &str| {
        w.chars().any(char::is_lowercase)
            && !NOT_NAMES.contains(&w)
            && !lex.is_stopword(&w.to_lowercase(), lang)
            && !is_person_title(w, lang)
            && !w.contains(['.', '\'', '’'])
    };
    // A German genitive is not a first name (`Michelangelos Madonna`), nor
    // is a known place or organisation (`London`), nor a word with a
    // lower-case part (`Florida-based`).
    if !plausible(first)
        || !plausible(surname)
        || (lang == Lang::De && first.ends_with('s'))
        || is_gazetteer_word(first, lang)
        || first
            .split('-')
            .any(|part| !part.starts_with(char::is_uppercase))
    {
        return None;
    }
    Some(NamePair {
        first: first.to_string(),
        surname: surname.to_string(),
        offset,
        sentence,
        mid_sentence: false,
        surname_alone: false,
    })
}
