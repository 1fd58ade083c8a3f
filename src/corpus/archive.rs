//! The storage seam: [`Archive`] is every question the checker, the engine,
//! hovers and `extract` ask about the reference corpus, and nothing about
//! where the answers live. It has one implementation per home:
//!
//! - in memory ([`super::CorpusIndex`]): tests, small corpora, and the
//!   builder the persisted backends start from;
//! - on disk ([`super::disk::DiskArchive`], the persisted index);
//! - PostgreSQL (the newsroom's shared archive).
//!
//! `tests/archive_parity.rs` checks that every backend gives the same
//! findings, claims and name cards; a new backend adds itself to its
//! `backends` list.
//!
//! The contract, which every backend keeps (and the parity test checks):
//!
//! - **Owned answers.** Methods return owned values or `Arc`s, never
//!   references into the backend, so that a disk or SQL backend can decode
//!   records on demand. Posting lists come as `Arc<[ClaimId]>`, in ascending
//!   claim order: the checks rely on that order for ties.
//! - **Ids are the backend's.** [`ArticleId`] and [`ClaimId`] are dense
//!   numbers that stay valid for the life of one opened archive, not across
//!   re-indexing.
//! - **Evidence text on demand.** Metadata ([`ArticleMeta`]) is small; an
//!   article's text ([`Archive::article_text`]) and a sentence
//!   ([`Archive::sentence`]) are fetched only for the evidence a finding
//!   shows.
//! - **Batch where it pays.** [`Archive::claims`] takes a whole posting list,
//!   so that a backend with round trips pays one per list, not per claim;
//!   [`Archive::prefetch_draft`] lets it fetch a draft's name lookups at once.
//! - **Failures are told, not hidden.** A backend that cannot answer (a
//!   corrupt record, a lost connection) answers empty and reports it through
//!   [`Archive::failure`]; the front end repairs and checks again, so an
//!   incomplete answer never becomes a silently missing finding.
//! - **Stable, additive.** New questions are added as methods with default
//!   implementations where one is possible; existing signatures do not change.
//!
//! Term statistics (for IDF weighting) are a [`TermTable`]: a lookup of a
//! term's id and document frequency, with the weighting itself computed on
//! top of it in [`super::features`].

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::features::{TermTable, TermVector};
use super::index::{CorpusClaim, NameRecord};
use super::LoadError;
use crate::claims::ClaimValue;
use crate::extract::DateValue;
use crate::text::Lang;

/// Number of an article in one opened archive.
pub type ArticleId = u32;

/// Number of a claim in one opened archive.
pub type ClaimId = u32;

/// What is known about an article besides its text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ArticleMeta {
    pub path: PathBuf,
    /// For `.jsonl` articles: the 1-based line the article is on.
    pub jsonl_line: Option<usize>,
    pub title: Option<String>,
    pub date: Option<jiff::civil::Date>,
    pub url: Option<String>,
    pub source: Option<String>,
    pub lang: Lang,
}

/// One sentence of an article, as evidence shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SentenceText {
    /// Byte range of the sentence in the article's file.
    pub range: Range<usize>,
    /// 1-based line of the sentence's start in the article's file (the
    /// article's line for `.jsonl`).
    pub line: usize,
    /// The sentence with its white space collapsed.
    pub text: String,
}

/// What the figure and date checks read of a corpus claim before the
/// claim itself: its weighted terms (for the sentence similarity), and for
/// a date its value and how many time words its sentence has. With it the
/// checks tell which of a common unit's or a common name's many claims can
/// count at all, and fetch only those.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClaimDigest {
    /// Its weighted terms ([`CorpusClaim::terms`]).
    pub terms: TermVector,
    /// A date claim's date.
    pub date: Option<DateValue>,
    /// How many dates and time words its sentence has ([`crate::claims::Subject::when`]).
    pub time_words: u32,
}

impl ClaimDigest {
    /// The digest of a figure or date claim; `None` for other claims.
    pub fn of(claim: &CorpusClaim) -> Option<ClaimDigest> {
        let date = match &claim.claim.value {
            ClaimValue::Date { value, .. } => Some(*value),
            ClaimValue::Figure(_) => None,
            _ => return None,
        };
        Some(ClaimDigest {
            terms: claim.terms.clone(),
            date,
            time_words: claim.claim.subject.when.len() as u32,
        })
    }
}

/// The reference corpus as the checker sees it. See the module doc for the
/// contract every implementation keeps.
pub trait Archive: Send + Sync {
    /// What kind of archive this is (`memory`, `disk`, `postgresql`), for
    /// status lines.
    fn kind(&self) -> &'static str;

    /// Number of articles.
    fn article_count(&self) -> usize;

    /// Does any article have a date? (Role timelines need a dated archive.)
    fn has_dated_articles(&self) -> bool;

    /// Problems met while reading the corpus (files and lines skipped).
    fn load_errors(&self) -> Vec<LoadError>;

    /// An article's metadata.
    fn article(&self, id: ArticleId) -> Option<Arc<ArticleMeta>>;

    /// The articles read from the file at `path` (a draft that is itself
    /// part of the corpus is not checked against itself).
    fn articles_at(&self, path: &Path) -> Vec<ArticleId>;

    /// The whole text of an article, as in its file (front matter included).
    fn article_text(&self, id: ArticleId) -> Option<Arc<str>>;

    /// Bytes `range` of an article's text (`None` when out of range or not
    /// on a character boundary).
    fn text_slice(&self, id: ArticleId, range: Range<usize>) -> Option<String> {
        self.article_text(id)?.get(range).map(str::to_string)
    }

    /// Sentence `index` of an article.
    fn sentence(&self, article: ArticleId, index: usize) -> Option<SentenceText>;

    /// A claim by id.
    fn claim(&self, id: ClaimId) -> Option<Arc<CorpusClaim>>;

    /// Claims by id, in the order given, leaving out unknown ids.
    fn claims(&self, ids: &[ClaimId]) -> Vec<(ClaimId, Arc<CorpusClaim>)> {
        ids.iter()
            .filter_map(|&i| self.claim(i).map(|c| (i, c)))
            .collect()
    }

    /// Figure claims with this unit key.
    fn figures_with_unit(&self, unit: &str) -> Arc<[ClaimId]>;

    /// Figure claims with this unit key whose weighted terms
    /// ([`CorpusClaim::terms`]) include one of `terms` (term ids of
    /// [`Archive::terms`], sorted), in ascending claim order: the part of
    /// [`Archive::figures_with_unit`] that a subject with these terms can be
    /// alike at all. A backend with a (unit, term) index answers from it;
    /// the default filters the whole unit list.
    fn figures_with_unit_sharing(&self, unit: &str, terms: &[u32]) -> Arc<[ClaimId]> {
        let pool = self.figures_with_unit(unit);
        self.claims(&pool)
            .into_iter()
            .filter(|(_, c)| {
                c.terms
                    .terms
                    .iter()
                    .any(|(t, _)| terms.binary_search(t).is_ok())
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// How many figure claims have this unit key (the length of
    /// [`Archive::figures_with_unit`], which a backend may count without
    /// listing).
    fn figure_count(&self, unit: &str) -> usize {
        self.figures_with_unit(unit).len()
    }

    /// [`Archive::figures_with_unit_sharing`], each claim with its
    /// neighbours in [`Archive::figures_with_unit`] (the figures of the unit
    /// just before and after it, which may share its sentence), ascending
    /// and without repeats. A backend may also leave out the claims that
    /// cannot reach the caller's similarity floor: `reachable` tells from a
    /// claim's term ids (those of its [`CorpusClaim::terms`]) whether it
    /// can, and the neighbours of every claim kept still come along. This
    /// default keeps every claim sharing a term (the check skips the rest
    /// itself); a backend that can read the terms without the claims, or
    /// find neighbours through an index, answers without listing the unit.
    fn figures_near_reaching(
        &self,
        unit: &str,
        terms: &[u32],
        _reachable: &dyn Fn(&[u32]) -> bool,
    ) -> Vec<ClaimId> {
        let pool = self.figures_with_unit(unit);
        let sharing = self.figures_with_unit_sharing(unit, terms);
        with_neighbours(&pool, sharing.iter().copied())
    }

    /// [`Archive::figures_near_reaching`] with a finer test besides:
    /// `alike` tells from a claim's weighted terms ([`ClaimDigest::terms`])
    /// whether it reaches the caller's floor, and a backend that reads
    /// digests without claims keeps only the claims that pass it (with
    /// their neighbours, as there). This default is
    /// [`Archive::figures_near_reaching`].
    fn figures_near_alike(
        &self,
        unit: &str,
        terms: &[u32],
        reachable: &dyn Fn(&[u32]) -> bool,
        _alike: &dyn Fn(&TermVector) -> bool,
    ) -> Vec<ClaimId> {
        self.figures_near_reaching(unit, terms, reachable)
    }

    /// Figure claims whose sentence mentions this entity.
    fn figures_about(&self, entity: &str) -> Arc<[ClaimId]>;

    /// Date claims whose sentence mentions this entity.
    fn dates_about(&self, entity: &str) -> Arc<[ClaimId]>;

    /// Date claims with this word (stem) around the date.
    fn dates_with_word(&self, stem: &str) -> Arc<[ClaimId]>;

    /// The digests of the figure and date claims among `ids`, in the
    /// order given (other claims and unknown ids are left out). This
    /// default reads them from the claims; a backend that stores digests
    /// apart answers without decoding a claim.
    fn claim_digests(&self, ids: &[ClaimId]) -> Vec<(ClaimId, Arc<ClaimDigest>)> {
        self.claims(ids)
            .into_iter()
            .filter_map(|(i, c)| Some((i, Arc::new(ClaimDigest::of(&c)?))))
            .collect()
    }

    /// Role claims of this role key (`foreign-minister`, `deputy:chancellor`).
    fn role_claims(&self, role: &str) -> Arc<[ClaimId]>;

    /// Role claims about this person (any spelling with the same
    /// [`super::index::person_key`]).
    fn roles_of(&self, person: &str) -> Arc<[ClaimId]>;

    /// The record of a known name: its kind and every mention.
    fn name(&self, name: &str) -> Option<Arc<NameRecord>>;

    /// Full names of people with this surname.
    fn people_with_surname(&self, surname: &str) -> Arc<[String]>;

    /// Full names of people with this first name.
    fn people_with_first_name(&self, first: &str) -> Arc<[String]>;

    /// The articles that write `spelling` as a run of capitalised words
    /// (recognised as a name or not), one entry per article.
    fn spelling_articles(&self, spelling: &str) -> Arc<[ArticleId]>;

    /// The country whose parties and institutions the archive's roles name
    /// most: the scope of unscoped titles of people it cannot place.
    fn home_country(&self) -> Option<String>;

    /// Term statistics over the claim sentences.
    fn terms(&self) -> &dyn TermTable;

    /// Why an answer could not be given since the archive was opened (a
    /// corrupt record, a lost connection): the findings of a check that
    /// saw a failure are incomplete, and the caller repairs and checks
    /// again. `None` when every answer was whole.
    fn failure(&self) -> Option<String> {
        None
    }

    /// A hint before a draft is read and checked: a backend with round
    /// trips may fetch at once, in a few batched queries, what the draft's
    /// words will be looked up by. Answers must stay the same with or
    /// without it.
    fn prefetch_draft(&self, _text: &str) {}
}

/// The claims `kept` of a unit's list `pool` (ascending), each with its
/// neighbours in the list, ascending and without repeats (see
/// [`Archive::figures_near_reaching`]).
pub fn with_neighbours(pool: &[ClaimId], kept: impl Iterator<Item = ClaimId>) -> Vec<ClaimId> {
    let mut wanted: Vec<ClaimId> = Vec::new();
    for id in kept {
        let Ok(at) = pool.binary_search(&id) else {
            continue;
        };
        wanted.extend(at.checked_sub(1).map(|p| pool[p]));
        wanted.push(pool[at]);
        wanted.extend(pool.get(at + 1).copied());
    }
    wanted.sort_unstable();
    wanted.dedup();
    wanted
}

/// An empty posting list.
pub fn no_ids<T>() -> Arc<[T]> {
    Arc::from(Vec::new())
}
