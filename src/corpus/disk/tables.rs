//! The tables file: the derived [`Tables`] of one index generation, laid out
//! for lookups without loading. Keys (units, entities, words, roles,
//! persons, names, surnames, first names, spellings, article paths) live in
//! one `fst` map, each prefixed by a byte naming its table; the value is the
//! offset of a framed record (a posting list or a name record) in the
//! `records` blob. Term statistics are a second `fst` map whose value packs
//! the term's id and document frequency. Claims and article metadata are
//! framed MessagePack records found through fixed-width offset tables.
//! Figure and date claims also have a digest record (weighted terms, and a
//! date's value; see [`ClaimDigest`]), found through a table of (claim id,
//! offset) rows sorted by claim id, so that the checks can pass over most
//! of a common unit's figures and a common name's dates without decoding
//! their claims.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use fst::{Map, MapBuilder};
use serde::{Deserialize, Serialize};

use super::format::{encode, BlobWriter, Corrupt, FileKind, FileWriter, IndexFile, Section};
use super::segment::EntryRef;
use crate::claims::ClaimValue;
use crate::corpus::archive::{ArticleId, ArticleMeta, ClaimDigest};
use crate::corpus::features::{OverlayTerms, TermTable};
use crate::corpus::index::Tables;
use crate::corpus::LoadError;

/// Table prefixes of the keys map.
pub mod key {
    pub const FIGURES_BY_UNIT: u8 = b'u';
    pub const FIGURES_BY_ENTITY: u8 = b'f';
    pub const DATES_BY_ENTITY: u8 = b'd';
    pub const DATES_BY_WORD: u8 = b'w';
    pub const ROLES_BY_KEY: u8 = b'r';
    pub const ROLES_BY_PERSON: u8 = b'p';
    pub const NAME: u8 = b'n';
    pub const SURNAME: u8 = b's';
    pub const FIRST_NAME: u8 = b'i';
    pub const SPELLING: u8 = b'c';
    pub const PATH: u8 = b'a';
    /// Figures by unit and term: the unit key, a zero byte, the term id
    /// (big-endian).
    pub const FIGURES_BY_UNIT_TERM: u8 = b'v';
}

/// Version of the tables' content (what keys and records they hold). A
/// tables file of another version is derived again from the segments, which
/// stay valid: no article is extracted again.
pub const TABLES_VERSION: u32 = 4;

/// Bytes per row of the `articles` table.
const ARTICLE_ROW: usize = 32;
/// Bytes per row of the `digests_at` table: claim id (u32) and offset (u64).
const DIGEST_ROW: usize = 12;

/// A load error as stored.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct StoredError {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub message: String,
}

impl From<&LoadError> for StoredError {
    fn from(e: &LoadError) -> Self {
        StoredError {
            path: e.path.clone(),
            line: e.line,
            message: e.message.clone(),
        }
    }
}

impl From<StoredError> for LoadError {
    fn from(e: StoredError) -> Self {
        LoadError {
            path: e.path,
            line: e.line,
            message: e.message,
        }
    }
}

/// The small facts of a generation, decoded at open.
#[derive(Debug, Serialize, Deserialize)]
pub struct Scalars {
    pub articles: u32,
    pub claims: u32,
    pub dated: bool,
    pub home_country: Option<String>,
    /// Claim sentences counted for term statistics.
    pub documents: u32,
    pub errors: Vec<StoredError>,
    /// Segment file names, by [`EntryRef::segment`].
    pub segments: Vec<String>,
    /// [`TABLES_VERSION`] of the writer (files before it had none: 0).
    #[serde(default)]
    pub version: u32,
}

/// One article as the tables file lists it.
pub struct ArticleRow<'a> {
    pub meta: &'a ArticleMeta,
    pub entry: EntryRef,
    /// The canonical path of its file, for `articles_at`.
    pub canonical: PathBuf,
}

fn build_fst(mut pairs: Vec<(Vec<u8>, u64)>) -> Vec<u8> {
    pairs.sort_by(|a, b| a.0.cmp(&b.0));
    pairs.dedup_by(|a, b| a.0 == b.0);
    let mut builder = MapBuilder::memory();
    for (k, v) in pairs {
        builder
            .insert(k, v)
            .expect("keys are sorted and unique: fst insertion cannot fail");
    }
    builder.into_inner().expect("in-memory fst cannot fail")
}

fn keyed(prefix: u8, key: &str) -> Vec<u8> {
    let mut k = Vec::with_capacity(key.len() + 1);
    k.push(prefix);
    k.extend_from_slice(key.as_bytes());
    k
}

/// The key of a (unit, term) posting list.
fn unit_term_key(unit: &str, term: u32) -> Vec<u8> {
    let mut k = Vec::with_capacity(unit.len() + 6);
    k.push(key::FIGURES_BY_UNIT_TERM);
    k.extend_from_slice(unit.as_bytes());
    k.push(0);
    k.extend_from_slice(&term.to_be_bytes());
    k
}

/// Figure claims by (unit, term id), each list ascending: the lookup that
/// lets a check fetch only the figures of a common unit that share a term
/// with the draft ([`crate::corpus::Archive::figures_with_unit_sharing`]).
fn unit_term_postings(tables: &Tables) -> HashMap<Vec<u8>, Vec<u32>> {
    let mut lists: HashMap<Vec<u8>, Vec<u32>> = HashMap::new();
    for (i, c) in tables.claims.iter().enumerate() {
        if let ClaimValue::Figure(f) = &c.claim.value {
            for (term, _) in &c.terms.terms {
                lists
                    .entry(unit_term_key(&f.unit, *term))
                    .or_default()
                    .push(i as u32);
            }
        }
    }
    lists
}

fn ids_record(ids: &[u32]) -> Vec<u8> {
    ids.iter().flat_map(|i| i.to_le_bytes()).collect()
}

/// Writes the tables file of one generation.
pub fn write(
    path: &Path,
    tables: &Tables,
    articles: &[ArticleRow<'_>],
    errors: &[LoadError],
    segments: Vec<String>,
) -> std::io::Result<()> {
    let mut metas = BlobWriter::default();
    let mut rows = Vec::with_capacity(articles.len() * ARTICLE_ROW);
    let mut paths: HashMap<&Path, (u32, u32)> = HashMap::new();
    // Claims stand in article order: each article's start is the number of
    // claims of the articles before it.
    let mut claim_start = 0usize;
    for (id, a) in articles.iter().enumerate() {
        while tables
            .claims
            .get(claim_start)
            .is_some_and(|c| (c.article as usize) < id)
        {
            claim_start += 1;
        }
        let meta = metas.push(&encode(a.meta));
        rows.extend_from_slice(&meta.to_le_bytes());
        rows.extend_from_slice(&a.entry.segment.to_le_bytes());
        rows.extend_from_slice(&(claim_start as u32).to_le_bytes());
        rows.extend_from_slice(&a.entry.text.to_le_bytes());
        rows.extend_from_slice(&a.entry.layout.to_le_bytes());
        let e = paths.entry(&a.canonical).or_insert((id as u32, 0));
        e.1 += 1;
    }
    let mut claims = BlobWriter::default();
    let mut claim_offsets = Vec::with_capacity(tables.claims.len() * 8);
    for c in &tables.claims {
        claim_offsets.extend_from_slice(&claims.push(&encode(&**c)).to_le_bytes());
    }
    let mut digests = BlobWriter::default();
    let mut digests_at = Vec::new();
    for (id, c) in tables.claims.iter().enumerate() {
        if let Some(d) = ClaimDigest::of(c) {
            digests_at.extend_from_slice(&(id as u32).to_le_bytes());
            digests_at.extend_from_slice(&digests.push(&encode(&d)).to_le_bytes());
        }
    }
    let mut records = BlobWriter::default();
    let mut keys: Vec<(Vec<u8>, u64)> = Vec::new();
    let id_tables = [
        (key::FIGURES_BY_UNIT, &tables.figures_by_unit),
        (key::FIGURES_BY_ENTITY, &tables.figures_by_entity),
        (key::DATES_BY_ENTITY, &tables.dates_by_entity),
        (key::DATES_BY_WORD, &tables.dates_by_word),
        (key::ROLES_BY_KEY, &tables.roles_by_key),
        (key::ROLES_BY_PERSON, &tables.roles_by_person),
        (key::SPELLING, &tables.spellings),
    ];
    for (prefix, map) in id_tables {
        for (k, ids) in map {
            keys.push((keyed(prefix, k), records.push(&ids_record(ids))));
        }
    }
    for (k, ids) in unit_term_postings(tables) {
        keys.push((k, records.push(&ids_record(&ids))));
    }
    for (prefix, map) in [
        (key::SURNAME, &tables.surnames),
        (key::FIRST_NAME, &tables.first_names),
    ] {
        for (k, names) in map {
            keys.push((keyed(prefix, k), records.push(&encode(&**names))));
        }
    }
    for (k, record) in &tables.names {
        keys.push((keyed(key::NAME, k), records.push(&encode(&**record))));
    }
    for (p, (first, count)) in paths {
        let k = keyed(key::PATH, &p.to_string_lossy());
        keys.push((k, (u64::from(first) << 32) | u64::from(count)));
    }
    let terms: Vec<(Vec<u8>, u64)> = tables
        .terms
        .entries()
        .map(|(t, id, df)| (t.as_bytes().to_vec(), (u64::from(id) << 32) | u64::from(df)))
        .collect();
    let scalars = Scalars {
        articles: articles.len() as u32,
        claims: tables.claims.len() as u32,
        dated: tables.dated,
        home_country: tables.home_country.clone(),
        documents: tables.terms.documents(),
        errors: errors.iter().map(StoredError::from).collect(),
        segments,
        version: TABLES_VERSION,
    };
    let mut file = FileWriter::default();
    file.section("scalars", encode(&scalars));
    file.section("articles", rows);
    file.blob("metas", metas);
    file.section("claims_at", claim_offsets);
    file.blob("claims", claims);
    file.section("digests_at", digests_at);
    file.blob("digests", digests);
    file.blob("records", records);
    file.section("keys", build_fst(keys));
    file.section("terms", build_fst(terms));
    file.write(path, FileKind::Tables)
}

/// Term statistics read from the `terms` map, with an overlay's counts on
/// top when the generation has one.
pub struct DiskTerms {
    map: Map<Section>,
    documents: u32,
    over: Option<OverlayTerms>,
}

impl DiskTerms {
    /// The term statistics of the tables file alone.
    pub fn base_lookup(&self, term: &str) -> Option<(u32, u32)> {
        let packed = self.map.get(term)?;
        Some(((packed >> 32) as u32, packed as u32))
    }

    /// Number of claim sentences of the tables file alone.
    pub fn base_documents(&self) -> u32 {
        self.documents
    }

    /// The id a term new to the tables file gets first (ids are dense).
    pub fn next_id(&self) -> u32 {
        self.map.len() as u32
    }

    /// Adds an overlay's counts.
    pub fn set_overlay(&mut self, over: OverlayTerms) {
        self.over = Some(over);
    }
}

impl TermTable for DiskTerms {
    fn documents(&self) -> u32 {
        self.documents + self.over.as_ref().map_or(0, |o| o.own.documents())
    }

    fn lookup(&self, term: &str) -> Option<(u32, u32)> {
        let base = self.base_lookup(term);
        match &self.over {
            Some(o) => o.lookup_over(base, term),
            None => base,
        }
    }
}

/// An opened tables file.
pub struct TablesFile {
    pub file: IndexFile,
    pub scalars: Scalars,
    keys: Map<Section>,
    pub terms: DiskTerms,
}

fn fst_map(file: &IndexFile, name: &str) -> Result<Map<Section>, Corrupt> {
    Map::new(file.section(name)?)
        .map_err(|e| Corrupt(format!("{}: section {name}: {e}", file.path.display())))
}

fn read_u64(bytes: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(bytes.get(at..at + 8)?.try_into().ok()?))
}

impl TablesFile {
    pub fn open(path: &Path) -> Result<TablesFile, Corrupt> {
        let file = IndexFile::open(path, FileKind::Tables)?;
        let scalars: Scalars = file.decode("scalars")?;
        if scalars.version != TABLES_VERSION {
            return Err(Corrupt(format!(
                "{}: tables version {}, this build reads {TABLES_VERSION}",
                path.display(),
                scalars.version
            )));
        }
        let bad = |what: &str| Corrupt(format!("{}: {what} has the wrong size", path.display()));
        if file.bytes("articles")?.len() != scalars.articles as usize * ARTICLE_ROW {
            return Err(bad("the article table"));
        }
        if file.bytes("claims_at")?.len() != scalars.claims as usize * 8 {
            return Err(bad("the claim table"));
        }
        if file.bytes("digests_at")?.len() % DIGEST_ROW != 0 {
            return Err(bad("the digest table"));
        }
        let keys = fst_map(&file, "keys")?;
        let terms = DiskTerms {
            map: fst_map(&file, "terms")?,
            documents: scalars.documents,
            over: None,
        };
        Ok(TablesFile {
            file,
            scalars,
            keys,
            terms,
        })
    }

    /// The value stored under a key of table `prefix`.
    pub fn key(&self, prefix: u8, key: &str) -> Option<u64> {
        self.keys.get(keyed(prefix, key))
    }

    /// A posting list of ids.
    pub fn ids(&self, prefix: u8, key: &str) -> Result<Arc<[u32]>, Corrupt> {
        self.ids_at(self.key(prefix, key))
    }

    /// The length of the id list under a key, without decoding it.
    pub fn ids_len(&self, prefix: u8, key: &str) -> Result<usize, Corrupt> {
        match self.key(prefix, key) {
            Some(offset) => Ok(self.file.record_len("records", offset)? / 4),
            None => Ok(0),
        }
    }

    /// The figures with `unit` whose terms include `term`.
    pub fn unit_term_ids(&self, unit: &str, term: u32) -> Result<Arc<[u32]>, Corrupt> {
        self.ids_at(self.keys.get(unit_term_key(unit, term)))
    }

    fn ids_at(&self, offset: Option<u64>) -> Result<Arc<[u32]>, Corrupt> {
        let Some(offset) = offset else {
            return Ok(Arc::from(Vec::new()));
        };
        let bytes = self.file.record("records", offset)?;
        Ok(bytes
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect())
    }

    /// A MessagePack record under a key (`None`: no such key).
    pub fn keyed_record<T: serde::de::DeserializeOwned>(
        &self,
        prefix: u8,
        key: &str,
    ) -> Result<Option<T>, Corrupt> {
        match self.key(prefix, key) {
            Some(offset) => self.file.decode_record("records", offset).map(Some),
            None => Ok(None),
        }
    }

    /// The articles of a file by canonical path.
    pub fn articles_at(&self, canonical: &Path) -> Vec<ArticleId> {
        self.key(key::PATH, &canonical.to_string_lossy())
            .map_or_else(Vec::new, |v| {
                let (first, count) = ((v >> 32) as u32, v as u32);
                (first..first.saturating_add(count)).collect()
            })
    }

    /// The claims of article `id` (ids of this tables file).
    pub fn article_claims(&self, id: ArticleId) -> Option<std::ops::Range<u32>> {
        let rows = self.file.bytes("articles").ok()?;
        let start_of = |id: usize| {
            let at = id * ARTICLE_ROW + 12;
            Some(u32::from_le_bytes(rows.get(at..at + 4)?.try_into().ok()?))
        };
        let start = start_of(id as usize)?;
        let end = match id + 1 < self.scalars.articles {
            true => start_of(id as usize + 1)?,
            false => self.scalars.claims,
        };
        Some(start..end.max(start))
    }

    /// An article's metadata offset and entry.
    pub fn article_row(&self, id: ArticleId) -> Option<(u64, EntryRef)> {
        let rows = self.file.bytes("articles").ok()?;
        let at = id as usize * ARTICLE_ROW;
        let meta = read_u64(rows, at)?;
        let segment = u32::from_le_bytes(rows.get(at + 8..at + 12)?.try_into().ok()?);
        let text = read_u64(rows, at + 16)?;
        let layout = read_u64(rows, at + 24)?;
        Some((
            meta,
            EntryRef {
                segment,
                text,
                layout,
                reading: 0,
            },
        ))
    }

    pub fn meta(&self, offset: u64) -> Result<ArticleMeta, Corrupt> {
        self.file.decode_record("metas", offset)
    }

    /// The offset of a claim's record.
    pub fn claim_offset(&self, id: u32) -> Option<u64> {
        read_u64(self.file.bytes("claims_at").ok()?, id as usize * 8)
    }

    /// The digest of claim `id` (`None`: neither a figure nor a date).
    pub fn digest(&self, id: u32) -> Result<Option<ClaimDigest>, Corrupt> {
        let rows = self.file.bytes("digests_at")?;
        let id_at = |row: usize| {
            let at = row * DIGEST_ROW;
            u32::from_le_bytes([rows[at], rows[at + 1], rows[at + 2], rows[at + 3]])
        };
        let (mut low, mut high) = (0, rows.len() / DIGEST_ROW);
        while low < high {
            let mid = low + (high - low) / 2;
            match id_at(mid).cmp(&id) {
                std::cmp::Ordering::Less => low = mid + 1,
                std::cmp::Ordering::Greater => high = mid,
                std::cmp::Ordering::Equal => {
                    let offset = read_u64(rows, mid * DIGEST_ROW + 4).unwrap_or(u64::MAX);
                    return self.file.decode_record("digests", offset).map(Some);
                }
            }
        }
        Ok(None)
    }
}
