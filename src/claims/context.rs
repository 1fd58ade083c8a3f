//! Article context: a sentence that opens by pointing back (`However, this
//! has since been cut to 4.2bn euros`, `Sie soll drei Kilometer lang
//! werden`) and names no one of its own is about what the sentence before
//! named. Its claims take that sentence's names, words and figures as
//! context, so that a draft telling both in one sentence can meet them.

use std::collections::BTreeSet;
use std::ops::Range;

use super::{content_stems, figure_term};
use crate::extract::{EntityMention, FigureMention, PersonMention};
use crate::lexicon::lexicon;
use crate::text::{tokens, Lang, Token};

/// Does the sentence of `words` open with an anaphor (after at most one
/// connective)? A German `das`/`dies…` before a capitalised noun is an
/// article, not a pointer back (`Das Bundesheer …`).
pub(super) fn points_back(words: &[Token<'_>], lang: Lang) -> bool {
    let lex = lexicon();
    let lower = |t: &Token<'_>| t.text.to_lowercase();
    let mut at = 0;
    if words.first().is_some_and(|t| lex.is_connective(&lower(t))) {
        at = 1;
    }
    let Some(first) = words.get(at) else {
        return false;
    };
    if !lex.is_anaphor(&lower(first)) {
        return false;
    }
    let article = lang == Lang::De
        && matches!(
            lower(first).as_str(),
            "das" | "dies" | "dieses" | "diese" | "dieser"
        );
    !(article && words.get(at + 1).is_some_and(Token::is_capitalised))
}

/// The sentence a pointing sentence refers to: its names, content words and
/// figure terms.
pub(super) struct Context {
    pub entities: BTreeSet<String>,
    pub words: BTreeSet<String>,
}

/// The context of the sentence before, from its mentions.
pub(super) fn previous_sentence(
    masked: &str,
    range: &Range<usize>,
    entities: &[&EntityMention],
    persons: &[&PersonMention],
    figures: &[&FigureMention],
    lang: Lang,
) -> Context {
    let mut names = BTreeSet::new();
    let mut skip: Vec<Range<usize>> = Vec::new();
    for e in entities {
        names.insert(e.name.clone());
        skip.push(e.range.clone());
    }
    for p in persons {
        names.insert(p.name.clone());
        skip.push(p.range.clone());
    }
    skip.extend(figures.iter().map(|f| f.range.clone()));
    let text = masked.get(range.clone()).unwrap_or("");
    let mut words: BTreeSet<String> = content_stems(&tokens(text, range.start), lang, &skip)
        .into_iter()
        .map(|(_, s)| s)
        .collect();
    words.extend(figures.iter().filter_map(|f| figure_term(f, lang)));
    Context {
        entities: names,
        words,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opens_pointing(text: &str, lang: Lang) -> bool {
        points_back(&tokens(text, 0), lang)
    }

    #[test]
    fn sentences_that_point_back() {
        assert!(opens_pointing("However, this was later halved.", Lang::En));
        assert!(opens_pointing("It was cut to 53 planes.", Lang::En));
        assert!(opens_pointing(
            "Sie soll drei Kilometer lang werden.",
            Lang::De
        ));
        assert!(opens_pointing("Doch das reichte nicht.", Lang::De));
        assert!(!opens_pointing(
            "Das Bundesheer schickt 500 Soldaten.",
            Lang::De
        ));
        assert!(!opens_pointing("The firm cut 500 jobs.", Lang::En));
        assert!(!opens_pointing("However, the firm cut 500 jobs.", Lang::En));
    }
}
