//! The in-memory [`Archive`]: [`CorpusIndex`] answers every question from
//! the tables and texts it holds.

use std::path::Path;
use std::sync::Arc;

use super::{collapse_space, CorpusClaim, CorpusIndex, NameRecord, Postings};
use crate::corpus::archive::{no_ids, Archive, ArticleId, ArticleMeta, ClaimId, SentenceText};
use crate::corpus::features::TermTable;
use crate::corpus::LoadError;

/// The posting list under `key`, or an empty one.
fn postings<T>(map: &Postings<T>, key: &str) -> Arc<[T]> {
    map.get(key).cloned().unwrap_or_else(no_ids)
}

impl Archive for CorpusIndex {
    fn kind(&self) -> &'static str {
        "memory"
    }

    fn article_count(&self) -> usize {
        self.articles.len()
    }

    fn has_dated_articles(&self) -> bool {
        self.tables.dated
    }

    fn load_errors(&self) -> Vec<LoadError> {
        self.errors.clone()
    }

    fn article(&self, id: ArticleId) -> Option<Arc<ArticleMeta>> {
        self.articles.get(id as usize).map(|a| Arc::clone(&a.meta))
    }

    fn articles_at(&self, path: &Path) -> Vec<ArticleId> {
        let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        self.by_path.get(&canonical).cloned().unwrap_or_default()
    }

    fn article_text(&self, id: ArticleId) -> Option<Arc<str>> {
        self.articles.get(id as usize).map(|a| Arc::clone(&a.text))
    }

    fn sentence(&self, article: ArticleId, index: usize) -> Option<SentenceText> {
        let a = self.articles.get(article as usize)?;
        let range = a.sentences.get(index)?.clone();
        Some(SentenceText {
            line: a.line_of(range.start),
            text: collapse_space(a.text.get(range.clone())?),
            range,
        })
    }

    fn claim(&self, id: ClaimId) -> Option<Arc<CorpusClaim>> {
        self.tables.claims.get(id as usize).cloned()
    }

    fn figures_with_unit(&self, unit: &str) -> Arc<[ClaimId]> {
        postings(&self.tables.figures_by_unit, unit)
    }

    fn figures_about(&self, entity: &str) -> Arc<[ClaimId]> {
        postings(&self.tables.figures_by_entity, entity)
    }

    fn dates_about(&self, entity: &str) -> Arc<[ClaimId]> {
        postings(&self.tables.dates_by_entity, entity)
    }

    fn dates_with_word(&self, stem: &str) -> Arc<[ClaimId]> {
        postings(&self.tables.dates_by_word, stem)
    }

    fn role_claims(&self, role: &str) -> Arc<[ClaimId]> {
        postings(&self.tables.roles_by_key, role)
    }

    fn roles_of(&self, person: &str) -> Arc<[ClaimId]> {
        postings(&self.tables.roles_by_person, &super::person_key(person))
    }

    fn name(&self, name: &str) -> Option<Arc<NameRecord>> {
        self.tables.names.get(name).cloned()
    }

    fn people_with_surname(&self, surname: &str) -> Arc<[String]> {
        postings(&self.tables.surnames, surname)
    }

    fn people_with_first_name(&self, first: &str) -> Arc<[String]> {
        postings(&self.tables.first_names, first)
    }

    fn spelling_articles(&self, spelling: &str) -> Arc<[ArticleId]> {
        postings(&self.tables.spellings, spelling)
    }

    fn home_country(&self) -> Option<String> {
        self.tables.home_country.clone()
    }

    fn terms(&self) -> &dyn TermTable {
        &self.tables.terms
    }
}
