//! Places and organisations, found with the compiled-in gazetteer (Aho-Corasick
//! over the forms of the document's language: `Japan`, `Japans`, `japanische`,
//! `Japanese`, `NATO`, `Vereinte Nationen`, …).

use std::ops::Range;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};
use serde::Serialize;

use crate::lexicon::{lexicon, EntityKind};
use crate::text::Lang;

/// What kind of thing a name names.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum NameKind {
    Person,
    Organisation,
    Place,
}

impl From<EntityKind> for NameKind {
    fn from(kind: EntityKind) -> Self {
        match kind {
            EntityKind::Place => NameKind::Place,
            EntityKind::Organisation => NameKind::Organisation,
        }
    }
}

/// A mention of a place or organisation.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EntityMention {
    pub range: Range<usize>,
    pub kind: NameKind,
    /// Canonical name from the gazetteer (`Japan` for `japanischen`).
    pub name: String,
    /// An adjective or demonym (`japanische`, `Japanese`): it scopes a role
    /// and ties a sentence to the place, but is not a name to hover.
    pub adjective: bool,
}

struct GazetteerMatcher {
    automaton: AhoCorasick,
    /// For each pattern: index of the gazetteer entry, and whether the form is an adjective.
    targets: Vec<(usize, bool)>,
}

fn build(lang: Lang) -> GazetteerMatcher {
    let lex = lexicon();
    let mut patterns = Vec::new();
    let mut targets = Vec::new();
    for (i, entry) in lex.gazetteer.iter().enumerate() {
        for form in lex.forms(entry, lang) {
            patterns.push(form.clone());
            let base = form.trim_end_matches("'s").trim_end_matches("’s");
            targets.push((i, entry.adjective_forms.contains(base)));
        }
    }
    let automaton = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(&patterns)
        .expect("gazetteer patterns build");
    GazetteerMatcher { automaton, targets }
}

static MATCHER_DE: LazyLock<GazetteerMatcher> = LazyLock::new(|| build(Lang::De));
static MATCHER_EN: LazyLock<GazetteerMatcher> = LazyLock::new(|| build(Lang::En));

/// True when `range` in `text` starts and ends at word boundaries (a hyphen
/// counts as a boundary, so `US-Außenminister` yields `US`).
pub fn at_word_boundaries(text: &str, range: &Range<usize>) -> bool {
    let before = text[..range.start].chars().next_back();
    let after = text[range.end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

/// Finds places and organisations in `text`; ranges are offset by `base`.
pub fn find_places_and_organisations(text: &str, base: usize, lang: Lang) -> Vec<EntityMention> {
    let matcher = match lang {
        Lang::De => &*MATCHER_DE,
        Lang::En => &*MATCHER_EN,
    };
    let lex = lexicon();
    let mut out = Vec::new();
    for m in matcher.automaton.find_iter(text) {
        let range = m.start()..m.end();
        if !at_word_boundaries(text, &range) {
            continue;
        }
        let (entry, adjective) = matcher.targets[m.pattern().as_usize()];
        let entry = &lex.gazetteer[entry];
        out.push(EntityMention {
            range: base + range.start..base + range.end,
            kind: entry.kind.into(),
            name: entry.canonical.clone(),
            adjective,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str, lang: Lang) -> Vec<(String, bool)> {
        find_places_and_organisations(text, 0, lang)
            .into_iter()
            .map(|m| (m.name, m.adjective))
            .collect()
    }

    #[test]
    fn german_forms() {
        let found = names("Japans Außenminister traf in Tokio den US-Gesandten und die japanische Delegation der NATO.", Lang::De);
        assert_eq!(
            found,
            vec![
                ("Japan".to_string(), false),
                ("Tokio".to_string(), false),
                ("Vereinigte Staaten".to_string(), false),
                ("Japan".to_string(), true),
                ("NATO".to_string(), false)
            ]
        );
    }

    #[test]
    fn english_forms_and_no_partial_words() {
        let found = names(
            "The Japanese minister visited Japan's capital; Germanic tribes are not Germany.",
            Lang::En,
        );
        assert_eq!(
            found,
            vec![
                ("Japan".to_string(), true),
                ("Japan".to_string(), false),
                ("Deutschland".to_string(), false)
            ]
        );
        // German forms are not used for English text: `Island` is Iceland only in German.
        assert!(names("The island was quiet.", Lang::En).is_empty());
    }
}
