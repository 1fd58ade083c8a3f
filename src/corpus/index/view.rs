//! The corpus as one draft sees it ([`CorpusView`]): the index without the
//! draft's own articles, with the name questions the extractors and checks ask.

use std::collections::HashSet;

use super::{ArticleId, CorpusIndex, MentionRef};
use crate::extract::{KnownNames, NameKind};

/// The corpus as seen by one draft: everything but the draft's own articles.
#[derive(Clone, Copy)]
pub struct CorpusView<'a> {
    pub index: &'a CorpusIndex,
    pub excluded: &'a [ArticleId],
}

impl<'a> CorpusView<'a> {
    pub fn includes(&self, article: ArticleId) -> bool {
        !self.excluded.contains(&article)
    }

    /// Mentions of `name` outside the excluded articles.
    pub fn mentions(&self, name: &str) -> impl Iterator<Item = &'a MentionRef> + '_ {
        self.index
            .name(name)
            .into_iter()
            .flat_map(|r| r.mentions.iter())
            .filter(|m| self.includes(m.article))
    }

    /// Is `name` a person the corpus names in full (outside the excluded articles)?
    pub fn knows_person(&self, name: &str) -> bool {
        self.index
            .name(name)
            .is_some_and(|r| r.kind == NameKind::Person)
            && self.mentions(name).any(|m| m.full)
    }

    /// Known full names with this surname.
    pub fn people_with_surname(&self, surname: &str) -> Vec<&'a String> {
        self.index
            .people_with_surname(surname)
            .iter()
            .filter(|n| self.knows_person(n))
            .collect()
    }

    /// Number of articles that write `name` as a run of capitalised words,
    /// recognised as a name or not.
    pub fn spelled_in(&self, name: &str) -> usize {
        self.index
            .spellings
            .get(name)
            .map_or(0, |ids| ids.iter().filter(|&&a| self.includes(a)).count())
    }

    /// Number of distinct articles mentioning `name`.
    pub fn article_count(&self, name: &str) -> usize {
        self.mentions(name)
            .map(|m| m.article)
            .collect::<HashSet<_>>()
            .len()
    }
}

impl KnownNames for CorpusView<'_> {
    fn is_known_person(&self, name: &str) -> bool {
        self.knows_person(name)
    }

    fn person_by_surname(&self, surname: &str) -> Option<String> {
        match self.people_with_surname(surname).as_slice() {
            [one] => Some((*one).clone()),
            _ => None,
        }
    }

    fn is_known_first_name(&self, word: &str) -> bool {
        self.index
            .people_with_first_name(word)
            .iter()
            .any(|p| self.knows_person(p))
    }

    fn first_names_with_surname(&self, surname: &str) -> Vec<String> {
        self.people_with_surname(surname)
            .into_iter()
            .filter_map(|p| p.split(' ').next().map(str::to_string))
            .collect()
    }
}
