//! The overlay: the articles an index generation holds beside its tables
//! file, so that an update that changes a few articles of a large archive
//! writes one small segment and a manifest instead of deriving the tables of
//! every article again.
//!
//! # Why
//!
//! The derived tables depend on the whole corpus (learned names, IDF), and
//! deriving them again means decoding every article's stored reading and
//! writing every table: some 40 s at 100,000 articles, for one changed file.
//! An update whose changes stay small (see [`fits`]) leaves the tables file
//! as it is and records, in the manifest, the articles of the tables file
//! that left the corpus (a changed file's old articles among them) and the
//! articles that are not in it. Opening the index decodes the readings of
//! those few articles and derives their tables in memory
//! ([`crate::corpus::index::Tables::derive_over`]) on top of the tables
//! file's: names the tables know as people are learned in them too, and
//! their terms are weighed by the tables' statistics with their own counts
//! added. Every answer of the archive is then the tables file's, without
//! the removed articles' claims and mentions, followed by the overlay's.
//!
//! # What it costs
//!
//! The statistics of the tables file are those of its derivation: an
//! article that left the corpus still counts in its document frequencies
//! and learned names until the tables are derived again, and the tables'
//! claims keep the weights they were given then. That is why the overlay is
//! bounded: once the changes since the last derivation pass [`fits`]'s
//! share, the next update derives every table again and the overlay is
//! empty.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::Mutex;

use rayon::prelude::*;

use super::format::Corrupt;
use super::manifest::Overlay;
use super::segment::{EntryRef, Segment};
use super::tables::{key, TablesFile};
use crate::corpus::archive::{ArticleId, ArticleMeta, ClaimId};
use crate::corpus::features::{OverlayTerms, TermTable};
use crate::corpus::index::{BaseTables, CorpusClaim, NameRecord, Postings, Tables};
use crate::corpus::LoadError;
use crate::extract::NameKind;

/// Most changes (articles added or removed) an overlay holds, as a share of
/// the tables file's articles: beyond it an update derives every table
/// again.
pub const MAX_SHARE: f64 = 0.02;

/// Most changes an overlay holds at all: deriving them costs every open
/// (about 0.1 ms an article: at 2,000 changes a check of a 100,000-article
/// archive took 0.2 s longer).
pub const MAX_CHANGES: usize = 1_000;

/// Whether `changes` articles added or removed may stay beside a tables
/// file of `base` articles.
pub fn fits(changes: usize, base: usize) -> bool {
    changes <= MAX_CHANGES && (changes as f64) <= base as f64 * MAX_SHARE
}

/// The overlay of an opened generation, its tables derived and its ids
/// moved after the tables file's.
pub struct OverlayPart {
    /// Articles and claims of the tables file: the overlay's ids follow.
    pub base_articles: u32,
    pub base_claims: u32,
    /// Articles of the tables file that left the corpus, ascending.
    removed: Vec<u32>,
    /// Their claims, ascending and disjoint.
    removed_claims: Vec<Range<u32>>,
    metas: Vec<Arc<ArticleMeta>>,
    entries: Vec<EntryRef>,
    canonical: Vec<PathBuf>,
    tables: Tables,
    pub errors: Vec<LoadError>,
}

/// Where a posting list's ids point.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ids {
    Claims,
    Articles,
}

impl OverlayPart {
    /// Derives the overlay's tables on top of `tables` (as opened, without
    /// an overlay) from the readings in `segments`.
    pub fn build(
        overlay: &Overlay,
        tables: &TablesFile,
        segments: &[Segment],
    ) -> Result<OverlayPart, Corrupt> {
        let readings = overlay
            .added
            .par_iter()
            .map(|(a, _)| {
                let segment = segments.get(a.entry.segment as usize).ok_or_else(|| {
                    Corrupt(format!("overlay: unknown segment {}", a.entry.segment))
                })?;
                Ok((
                    Arc::new(a.meta.clone()),
                    Arc::new(segment.reading(a.entry.reading)?),
                ))
            })
            .collect::<Result<Vec<_>, Corrupt>>()?;
        // The language comes from the reading, as in the tables file.
        let readings: Vec<_> = readings
            .into_iter()
            .map(|(meta, reading)| {
                let meta = Arc::new(ArticleMeta {
                    lang: reading.lang,
                    ..(*meta).clone()
                });
                (meta, reading)
            })
            .collect();
        let base = OnTables::new(tables);
        let mut derived = Tables::derive_over(&readings, &base);
        if let Some(e) = base.failure() {
            return Err(e);
        }
        let base_articles = tables.scalars.articles;
        let base_claims = tables.scalars.claims;
        let mut removed = overlay.removed.clone();
        removed.sort_unstable();
        removed.dedup();
        if removed.last().is_some_and(|&r| r >= base_articles) {
            return Err(Corrupt("overlay: removes an unknown article".into()));
        }
        let removed_claims = removed
            .iter()
            .filter_map(|&a| tables.article_claims(a))
            .filter(|r| !r.is_empty())
            .collect();
        move_ids(&mut derived, base_articles, base_claims);
        Ok(OverlayPart {
            base_articles,
            base_claims,
            removed,
            removed_claims,
            metas: readings.into_iter().map(|(m, _)| m).collect(),
            entries: overlay.added.iter().map(|(a, _)| a.entry).collect(),
            canonical: overlay.added.iter().map(|(_, c)| c.clone()).collect(),
            tables: derived,
            errors: overlay
                .errors
                .iter()
                .cloned()
                .map(LoadError::from)
                .collect(),
        })
    }

    /// The overlay's term statistics (taken once, for the archive's table).
    pub fn take_terms(&mut self) -> OverlayTerms {
        OverlayTerms {
            own: std::mem::take(&mut self.tables.terms),
            first_new_id: self.tables.first_new_term,
        }
    }

    /// Articles in the corpus now.
    pub fn article_count(&self) -> usize {
        (self.base_articles as usize - self.removed.len()) + self.metas.len()
    }

    /// Articles of the overlay.
    pub fn added(&self) -> usize {
        self.metas.len()
    }

    /// Claims of the overlay.
    pub fn claims(&self) -> usize {
        self.tables.claims.len()
    }

    /// Claims of the tables file without those of removed articles.
    pub fn live_claims(&self, base: Vec<ClaimId>) -> Vec<ClaimId> {
        if self.removed_claims.is_empty() {
            return base;
        }
        base.into_iter().filter(|&id| self.claim_live(id)).collect()
    }

    pub fn dated(&self) -> bool {
        self.tables.dated
    }

    /// The overlay's article with this (archive) id.
    pub fn meta(&self, id: ArticleId) -> Option<&Arc<ArticleMeta>> {
        self.metas.get(id.checked_sub(self.base_articles)? as usize)
    }

    pub fn entry(&self, id: ArticleId) -> Option<EntryRef> {
        self.entries
            .get(id.checked_sub(self.base_articles)? as usize)
            .copied()
    }

    pub fn claim(&self, id: ClaimId) -> Option<&Arc<CorpusClaim>> {
        self.tables
            .claims
            .get(id.checked_sub(self.base_claims)? as usize)
    }

    pub fn article_live(&self, id: ArticleId) -> bool {
        self.removed.binary_search(&id).is_err()
    }

    fn claim_live(&self, id: ClaimId) -> bool {
        let at = self.removed_claims.partition_point(|r| r.end <= id);
        self.removed_claims.get(at).is_none_or(|r| id < r.start)
    }

    /// The overlay's articles of a file, by canonical path.
    pub fn articles_at(&self, canonical: &Path) -> impl Iterator<Item = ArticleId> + '_ {
        let canonical = canonical.to_path_buf();
        let base = self.base_articles;
        self.canonical
            .iter()
            .enumerate()
            .filter(move |(_, c)| **c == canonical)
            .map(move |(i, _)| base + i as u32)
    }

    /// The overlay's posting list for a key of table `prefix` of the tables
    /// file, and what its ids are.
    fn postings(&self, prefix: u8, k: &str) -> (Option<&Arc<[u32]>>, Ids) {
        let t = &self.tables;
        let (map, ids): (&Postings<u32>, Ids) = match prefix {
            key::FIGURES_BY_UNIT => (&t.figures_by_unit, Ids::Claims),
            key::FIGURES_BY_ENTITY => (&t.figures_by_entity, Ids::Claims),
            key::DATES_BY_ENTITY => (&t.dates_by_entity, Ids::Claims),
            key::DATES_BY_WORD => (&t.dates_by_word, Ids::Claims),
            key::ROLES_BY_KEY => (&t.roles_by_key, Ids::Claims),
            key::ROLES_BY_PERSON => (&t.roles_by_person, Ids::Claims),
            key::SPELLING => (&t.spellings, Ids::Articles),
            _ => return (None, Ids::Claims),
        };
        (map.get(k), ids)
    }

    /// The tables file's list under a key without what left the corpus,
    /// followed by the overlay's list (its ids are all greater).
    pub fn merge_ids(&self, prefix: u8, k: &str, base: Arc<[u32]>) -> Arc<[u32]> {
        let (over, kind) = self.postings(prefix, k);
        let live = |&id: &u32| match kind {
            Ids::Claims => self.claim_live(id),
            Ids::Articles => self.article_live(id),
        };
        let touched = base.iter().any(|id| !live(id));
        if !touched && over.is_none() {
            return base;
        }
        let mut out: Vec<u32> = base.iter().copied().filter(|id| live(id)).collect();
        out.extend(over.into_iter().flat_map(|o| o.iter().copied()));
        Arc::from(out)
    }

    /// The length of the overlay's list under a key.
    pub fn count(&self, prefix: u8, k: &str) -> usize {
        self.postings(prefix, k).0.map_or(0, |l| l.len())
    }

    /// The overlay's figures with `unit` whose terms include one of `terms`
    /// (sorted).
    pub fn figures_sharing(&self, unit: &str, terms: &[u32]) -> Vec<ClaimId> {
        let Some(list) = self.tables.figures_by_unit.get(unit) else {
            return Vec::new();
        };
        list.iter()
            .copied()
            .filter(|&id| {
                self.claim(id).is_some_and(|c| {
                    c.terms
                        .terms
                        .iter()
                        .any(|(t, _)| terms.binary_search(t).is_ok())
                })
            })
            .collect()
    }

    /// The union of the tables file's names under a surname or first name
    /// and the overlay's, sorted.
    pub fn merge_strings(&self, prefix: u8, k: &str, base: Arc<[String]>) -> Arc<[String]> {
        let over = match prefix {
            key::SURNAME => self.tables.surnames.get(k),
            key::FIRST_NAME => self.tables.first_names.get(k),
            _ => None,
        };
        let Some(over) = over else {
            return base;
        };
        let mut out: Vec<String> = base.iter().chain(over.iter()).cloned().collect();
        out.sort();
        out.dedup();
        Arc::from(out)
    }

    /// A name's record: the tables file's mentions outside the removed
    /// articles, then the overlay's.
    pub fn merge_name(&self, name: &str, base: Option<NameRecord>) -> Option<NameRecord> {
        let over = self.tables.names.get(name);
        let mut record = match (base, over) {
            (None, None) => return None,
            (Some(b), _) => b,
            (None, Some(o)) => NameRecord {
                kind: o.kind,
                mentions: Vec::new(),
            },
        };
        record.mentions.retain(|m| self.article_live(m.article));
        if let Some(o) = over {
            record.mentions.extend_from_slice(&o.mentions);
        }
        if record.mentions.is_empty() && over.is_none() {
            return None;
        }
        Some(record)
    }
}

/// Moves the ids of an overlay's tables after the tables file's: articles
/// after `articles`, claims after `claims`.
fn move_ids(t: &mut Tables, articles: u32, claims: u32) {
    for c in &mut t.claims {
        Arc::make_mut(c).article += articles;
    }
    for record in t.names.values_mut() {
        for m in &mut Arc::make_mut(record).mentions {
            m.article += articles;
        }
    }
    let shift = |map: &mut Postings<u32>, by: u32| {
        for list in map.values_mut() {
            *list = list.iter().map(|i| i + by).collect();
        }
    };
    shift(&mut t.spellings, articles);
    for map in [
        &mut t.figures_by_unit,
        &mut t.figures_by_entity,
        &mut t.dates_by_entity,
        &mut t.dates_by_word,
        &mut t.roles_by_key,
        &mut t.roles_by_person,
    ] {
        shift(map, claims);
    }
}

/// The tables file as the base of an overlay's derivation. A record that
/// does not read is noted, and the derivation fails with it.
struct OnTables<'a> {
    tables: &'a TablesFile,
    /// Name records read so far (`None`: no such name).
    names: Mutex<HashMap<String, Option<Arc<NameRecord>>>>,
    failure: Mutex<Option<Corrupt>>,
}

impl<'a> OnTables<'a> {
    fn new(tables: &'a TablesFile) -> Self {
        OnTables {
            tables,
            names: Mutex::new(HashMap::new()),
            failure: Mutex::new(None),
        }
    }

    /// Notes the first record that did not read.
    fn ok<T>(&self, r: Result<Option<T>, Corrupt>) -> Option<T> {
        r.unwrap_or_else(|e| {
            let mut f = self.failure.lock().unwrap_or_else(|e| e.into_inner());
            f.get_or_insert(e);
            None
        })
    }

    fn name(&self, name: &str) -> Option<Arc<NameRecord>> {
        if let Some(found) = self
            .names
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(name)
        {
            return found.clone();
        }
        let record = self
            .ok(self.tables.keyed_record::<NameRecord>(key::NAME, name))
            .map(Arc::new);
        let mut names = self.names.lock().unwrap_or_else(|e| e.into_inner());
        names.insert(name.to_string(), record.clone());
        record
    }

    fn strings(&self, prefix: u8, k: &str) -> Arc<[String]> {
        self.ok(self.tables.keyed_record::<Vec<String>>(prefix, k))
            .map_or_else(|| Arc::from(Vec::new()), Arc::from)
    }

    fn failure(self) -> Option<Corrupt> {
        self.failure.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl BaseTables for OnTables<'_> {
    fn is_person(&self, name: &str) -> bool {
        self.name(name).is_some_and(|r| r.kind == NameKind::Person)
    }

    fn knows_first_name(&self, first: &str) -> bool {
        self.strings(key::FIRST_NAME, first)
            .iter()
            .any(|p| self.is_person(p))
    }

    fn people_with_surname(&self, surname: &str) -> Arc<[String]> {
        self.strings(key::SURNAME, surname)
    }

    fn terms(&self) -> &dyn TermTable {
        &self.tables.terms
    }

    fn first_new_term(&self) -> u32 {
        self.tables.terms.next_id()
    }

    fn home_country(&self) -> Option<String> {
        self.tables.scalars.home_country.clone()
    }
}
