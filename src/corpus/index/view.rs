//! The corpus as one draft sees it ([`CorpusView`]): an [`Archive`] without
//! the draft's own articles, with the name questions the extractors and
//! checks ask.

use std::collections::HashSet;

use super::{ArticleId, MentionRef};
use crate::corpus::archive::Archive;
use crate::extract::{KnownNames, NameKind};

/// The corpus as seen by one draft: everything but the draft's own articles.
#[derive(Clone, Copy)]
pub struct CorpusView<'a> {
    pub archive: &'a dyn Archive,
    pub excluded: &'a [ArticleId],
}

impl<'a> CorpusView<'a> {
    pub fn new(archive: &'a dyn Archive, excluded: &'a [ArticleId]) -> CorpusView<'a> {
        CorpusView { archive, excluded }
    }

    pub fn includes(&self, article: ArticleId) -> bool {
        !self.excluded.contains(&article)
    }

    /// Mentions of `name` outside the excluded articles, in the archive's order.
    pub fn mentions(&self, name: &str) -> Vec<MentionRef> {
        self.archive.name(name).map_or_else(Vec::new, |r| {
            r.mentions
                .iter()
                .filter(|m| self.includes(m.article))
                .copied()
                .collect()
        })
    }

    /// Is `name` a person the corpus names in full (outside the excluded articles)?
    pub fn knows_person(&self, name: &str) -> bool {
        self.archive.name(name).is_some_and(|r| {
            r.kind == NameKind::Person
                && r.mentions
                    .iter()
                    .any(|m| m.full && self.includes(m.article))
        })
    }

    /// Known full names with this surname.
    pub fn people_with_surname(&self, surname: &str) -> Vec<String> {
        self.archive
            .people_with_surname(surname)
            .iter()
            .filter(|n| self.knows_person(n))
            .cloned()
            .collect()
    }

    /// Number of articles that write `name` as a run of capitalised words,
    /// recognised as a name or not.
    pub fn spelled_in(&self, name: &str) -> usize {
        self.archive
            .spelling_articles(name)
            .iter()
            .filter(|&&a| self.includes(a))
            .count()
    }

    /// Number of distinct articles mentioning `name`.
    pub fn article_count(&self, name: &str) -> usize {
        self.archive.name(name).map_or(0, |r| {
            r.mentions
                .iter()
                .filter(|m| self.includes(m.article))
                .map(|m| m.article)
                .collect::<HashSet<_>>()
                .len()
        })
    }
}

impl KnownNames for CorpusView<'_> {
    fn is_known_person(&self, name: &str) -> bool {
        self.knows_person(name)
    }

    fn person_by_surname(&self, surname: &str) -> Option<String> {
        match self.people_with_surname(surname).as_slice() {
            [one] => Some(one.clone()),
            _ => None,
        }
    }

    fn is_known_first_name(&self, word: &str) -> bool {
        self.archive
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
