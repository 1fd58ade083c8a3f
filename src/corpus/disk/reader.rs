//! [`DiskArchive`]: the persisted index as an [`Archive`]. Opening maps the
//! current generation's tables file and segments and decodes only the
//! small scalars; every answer is looked up in the `fst` maps and decoded
//! from its record when asked. Decoded claims and digests, article metadata and the
//! last article texts are cached (bounded), so that a language server's
//! re-checks decode nothing twice. A record that fails its checksum is reported through
//! [`Archive::failure`], and the caller rebuilds the index and checks again.

use std::collections::HashMap;
use std::hash::Hash;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use super::format::Corrupt;
use super::manifest::{respell, Manifest, ManifestFile};
use super::overlay::OverlayPart;
use super::segment::{EntryRef, Segment};
use super::tables::{key, TablesFile};
use crate::corpus::archive::{
    no_ids, with_neighbours, Archive, ArticleId, ArticleMeta, ClaimDigest, ClaimId, SentenceText,
};
use crate::corpus::features::{TermTable, TermVector};
use crate::corpus::index::{collapse_space, person_key, CorpusClaim, NameRecord};
use crate::corpus::LoadError;

/// Most entries a cache keeps before it starts afresh.
const CACHE_LIMIT: usize = 50_000;

/// Most article texts kept decompressed: a pool of claims holds runs of
/// claims from one article, each asking for its text.
const TEXT_CACHE_LIMIT: usize = 64;

/// A bounded map of decoded records.
struct Cache<K, V>(Mutex<HashMap<K, V>>, usize);

impl<K: Eq + Hash, V: Clone> Cache<K, V> {
    fn new() -> Self {
        Self::with_limit(CACHE_LIMIT)
    }

    fn with_limit(limit: usize) -> Self {
        Cache(Mutex::new(HashMap::new()), limit)
    }

    /// The cached values of `keys` (`None` where not cached), under one lock.
    fn get_many(&self, keys: &[K]) -> Vec<Option<V>> {
        let map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        keys.iter().map(|k| map.get(k).cloned()).collect()
    }

    /// Caches decoded values, under one lock.
    fn put_many(&self, entries: impl IntoIterator<Item = (K, V)>) {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        for (k, v) in entries {
            if map.len() >= self.1 {
                map.clear();
            }
            map.insert(k, v);
        }
    }

    fn get_or(&self, key: K, load: impl FnOnce() -> Option<V>) -> Option<V> {
        if let Some(v) = self.0.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
            return Some(v.clone());
        }
        let value = load()?;
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() >= self.1 {
            map.clear();
        }
        map.insert(key, value.clone());
        Some(value)
    }
}

impl<K: Eq + Hash + Copy + Send + Sync, V: Clone + Send> Cache<K, V> {
    /// The values of `keys`, in their order, leaving out those `load` has
    /// none for: the cached ones under one lock, the rest loaded in
    /// parallel (a common unit's or name's list holds thousands of keys in a
    /// large archive) and cached.
    fn get_or_load_many(&self, keys: &[K], load: impl Fn(&K) -> Option<V> + Sync) -> Vec<(K, V)> {
        let mut found = self.get_many(keys);
        let missing: Vec<usize> = (0..keys.len()).filter(|&k| found[k].is_none()).collect();
        let loaded: Vec<(usize, Option<V>)> =
            missing.par_iter().map(|&k| (k, load(&keys[k]))).collect();
        self.put_many(
            loaded
                .iter()
                .filter_map(|(k, v)| Some((keys[*k], v.clone()?))),
        );
        for (k, v) in loaded {
            found[k] = v;
        }
        keys.iter()
            .zip(found)
            .filter_map(|(&k, v)| Some((k, v?)))
            .collect()
    }
}

/// Whether a tables file listing `segments` belongs to the generation of
/// `manifest`: it lists the manifest's segments, or, when the generation
/// has an overlay, the first of them (the overlay's articles lie in later
/// ones).
pub fn tables_fit(segments: &[String], manifest: &Manifest) -> bool {
    match &manifest.overlay {
        Some(_) => manifest.segments.starts_with(segments),
        None => manifest.segments == segments,
    }
}

/// The persisted index, opened.
pub struct DiskArchive {
    dir: PathBuf,
    generation: u64,
    tables: TablesFile,
    segments: Vec<Segment>,
    claims: Cache<ClaimId, Arc<CorpusClaim>>,
    digests: Cache<ClaimId, Arc<ClaimDigest>>,
    metas: Cache<ArticleId, Arc<ArticleMeta>>,
    names: Cache<String, Option<Arc<NameRecord>>>,
    texts: Cache<ArticleId, Arc<str>>,
    failure: Mutex<Option<String>>,
    /// Corpus roots as the index spelled them, and as this process does.
    respellings: Vec<(PathBuf, PathBuf)>,
    /// The articles beside the tables file, when the generation has any.
    overlay: Option<OverlayPart>,
}

impl DiskArchive {
    /// Opens the current generation of the index in `dir`.
    pub fn open(dir: &Path) -> Result<DiskArchive, Corrupt> {
        // A writer may replace the generation between reading the manifest
        // and opening its files: try again with the new manifest.
        let mut last = None;
        for _ in 0..3 {
            match Self::open_once(dir) {
                Ok(a) => return Ok(a),
                Err(e) => last = Some(e),
            }
        }
        Err(last.unwrap_or_else(|| Corrupt(format!("{}: cannot open", dir.display()))))
    }

    fn open_once(dir: &Path) -> Result<DiskArchive, Corrupt> {
        let manifest = ManifestFile::open(dir)?.manifest;
        let mut tables = TablesFile::open(&dir.join(&manifest.tables))?;
        if !tables_fit(&tables.scalars.segments, &manifest) {
            return Err(Corrupt(format!(
                "{}: manifest and tables disagree",
                dir.display()
            )));
        }
        let segments: Vec<Segment> = manifest
            .segments
            .iter()
            .map(|name| Segment::open(&dir.join(name)))
            .collect::<Result<_, _>>()?;
        let overlay = match &manifest.overlay {
            Some(o) if o.changes() > 0 => {
                let mut part = OverlayPart::build(o, &tables, &segments)?;
                tables.terms.set_overlay(part.take_terms());
                Some(part)
            }
            _ => None,
        };
        Ok(DiskArchive {
            dir: dir.to_path_buf(),
            generation: manifest.generation,
            tables,
            segments,
            overlay,
            claims: Cache::new(),
            digests: Cache::new(),
            metas: Cache::new(),
            names: Cache::new(),
            texts: Cache::with_limit(TEXT_CACHE_LIMIT),
            failure: Mutex::new(None),
            respellings: Vec::new(),
        })
    }

    /// Shows article paths under each stored root spelling (`seeds`) in
    /// this process's spelling of the same folder (`/home/ed/seeds`).
    pub fn respelled(mut self, respellings: Vec<(PathBuf, PathBuf)>) -> DiskArchive {
        self.respellings = respellings;
        self
    }

    /// `path` as stored, in this process's spelling of its corpus root.
    fn shown(&self, path: &Path) -> PathBuf {
        let pairs = self
            .respellings
            .iter()
            .map(|(o, n)| (o.as_path(), n.as_path()));
        respell(path, pairs)
    }

    /// The index directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The generation opened (it grows with every update).
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Notes a corrupt record (the first one wins) and gives `None`.
    fn failed<T>(&self, e: Corrupt) -> Option<T> {
        let mut f = self.failure.lock().unwrap_or_else(|e| e.into_inner());
        f.get_or_insert(e.0);
        None
    }

    fn ok<T>(&self, r: Result<T, Corrupt>) -> Option<T> {
        r.map_or_else(|e| self.failed(e), Some)
    }

    /// A posting list: the tables file's, merged with the overlay's.
    fn ids(&self, prefix: u8, k: &str) -> Arc<[u32]> {
        let base = self.ok(self.tables.ids(prefix, k)).unwrap_or_else(no_ids);
        match &self.overlay {
            Some(o) => o.merge_ids(prefix, k, base),
            None => base,
        }
    }

    fn strings(&self, prefix: u8, k: &str) -> Arc<[String]> {
        let base = self
            .ok(self.tables.keyed_record::<Vec<String>>(prefix, k))
            .flatten()
            .map_or_else(no_ids, Arc::from);
        match &self.overlay {
            Some(o) => o.merge_strings(prefix, k, base),
            None => base,
        }
    }

    /// Articles of the tables file and of the overlay together.
    fn all_articles(&self) -> u32 {
        self.tables.scalars.articles + self.overlay.as_ref().map_or(0, |o| o.added() as u32)
    }

    /// Claims of the tables file and of the overlay together.
    fn all_claims(&self) -> u32 {
        self.tables.scalars.claims + self.overlay.as_ref().map_or(0, |o| o.claims() as u32)
    }

    /// Where an article's text and layout lie.
    fn entry(&self, id: ArticleId) -> Option<EntryRef> {
        if let Some(entry) = self.overlay.as_ref().and_then(|o| o.entry(id)) {
            return Some(entry);
        }
        self.tables.article_row(id).map(|(_, entry)| entry)
    }

    /// Claim `id` decoded from its record (`None`, noted, when it is out of
    /// range or corrupt).
    fn decode_claim(&self, id: ClaimId) -> Option<Arc<CorpusClaim>> {
        if let Some(c) = self.overlay.as_ref().and_then(|o| o.claim(id)) {
            return Some(Arc::clone(c));
        }
        if id >= self.tables.scalars.claims {
            return None;
        }
        let offset = self.tables.claim_offset(id)?;
        self.ok(self.tables.file.decode_record("claims", offset))
            .map(Arc::new)
    }

    fn segment(&self, n: u32) -> Option<&Segment> {
        match self.segments.get(n as usize) {
            Some(s) => Some(s),
            None => self.failed(Corrupt(format!(
                "{}: unknown segment {n}",
                self.dir.display()
            ))),
        }
    }
}

impl Archive for DiskArchive {
    fn kind(&self) -> &'static str {
        "disk"
    }

    fn article_count(&self) -> usize {
        match &self.overlay {
            Some(o) => o.article_count(),
            None => self.tables.scalars.articles as usize,
        }
    }

    fn has_dated_articles(&self) -> bool {
        self.tables.scalars.dated || self.overlay.as_ref().is_some_and(|o| o.dated())
    }

    fn load_errors(&self) -> Vec<LoadError> {
        let errors: Vec<LoadError> = match &self.overlay {
            Some(o) => o.errors.clone(),
            None => self
                .tables
                .scalars
                .errors
                .iter()
                .cloned()
                .map(LoadError::from)
                .collect(),
        };
        errors
            .into_iter()
            .map(|mut e| {
                e.path = self.shown(&e.path);
                e
            })
            .collect()
    }

    fn article(&self, id: ArticleId) -> Option<Arc<ArticleMeta>> {
        if id >= self.all_articles() {
            return None;
        }
        self.metas.get_or(id, || {
            if let Some(meta) = self.overlay.as_ref().and_then(|o| o.meta(id)) {
                let mut meta = (**meta).clone();
                meta.path = self.shown(&meta.path);
                return Some(Arc::new(meta));
            }
            let (offset, _) = self.tables.article_row(id)?;
            let mut meta = self.ok(self.tables.meta(offset))?;
            meta.path = self.shown(&meta.path);
            Some(Arc::new(meta))
        })
    }

    fn articles_at(&self, path: &Path) -> Vec<ArticleId> {
        let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        let mut ids = self.tables.articles_at(&canonical);
        if let Some(o) = &self.overlay {
            ids.retain(|&a| o.article_live(a));
            ids.extend(o.articles_at(&canonical));
        }
        ids
    }

    fn article_text(&self, id: ArticleId) -> Option<Arc<str>> {
        if id >= self.all_articles() {
            return None;
        }
        self.texts.get_or(id, || {
            let entry = self.entry(id)?;
            let segment = self.segment(entry.segment)?;
            self.ok(segment.text(entry.text)).map(Arc::from)
        })
    }

    fn sentence(&self, article: ArticleId, index: usize) -> Option<SentenceText> {
        if article >= self.all_articles() {
            return None;
        }
        let entry = self.entry(article)?;
        let segment = self.segment(entry.segment)?;
        let layout = self.ok(segment.layout(entry.layout))?;
        let range = layout.sentences.get(index)?.clone();
        let text = self.article_text(article)?;
        let line = match self.article(article)?.jsonl_line {
            Some(line) => line,
            None => layout.lines.line_of(range.start) + 1,
        };
        Some(SentenceText {
            line,
            text: collapse_space(text.get(range.clone())?),
            range,
        })
    }

    fn claim(&self, id: ClaimId) -> Option<Arc<CorpusClaim>> {
        if id >= self.all_claims() {
            return None;
        }
        self.claims.get_or(id, || self.decode_claim(id))
    }

    /// A whole posting list: the cached claims under one lock, the rest
    /// decoded in parallel (a common unit's list holds thousands of claims
    /// in a large archive), in the order of `ids`.
    fn claims(&self, ids: &[ClaimId]) -> Vec<(ClaimId, Arc<CorpusClaim>)> {
        self.claims
            .get_or_load_many(ids, |&id| self.decode_claim(id))
    }

    fn figures_with_unit(&self, unit: &str) -> Arc<[ClaimId]> {
        self.ids(key::FIGURES_BY_UNIT, unit)
    }

    /// The list's length, read from its record without decoding it.
    fn figure_count(&self, unit: &str) -> usize {
        self.ok(self.tables.ids_len(key::FIGURES_BY_UNIT, unit))
            .unwrap_or(0)
            + self
                .overlay
                .as_ref()
                .map_or(0, |o| o.count(key::FIGURES_BY_UNIT, unit))
    }

    /// The union of the (unit, term) lists: no claim record is decoded.
    fn figures_with_unit_sharing(&self, unit: &str, terms: &[u32]) -> Arc<[ClaimId]> {
        let mut out: Vec<ClaimId> = Vec::new();
        for &t in terms {
            match self.tables.unit_term_ids(unit, t) {
                Ok(ids) => out.extend_from_slice(&ids),
                Err(e) => return self.failed(e).unwrap_or_else(no_ids),
            }
        }
        out.sort_unstable();
        out.dedup();
        match &self.overlay {
            Some(o) => {
                let mut out = o.live_claims(out);
                out.extend(o.figures_sharing(unit, terms));
                Arc::from(out)
            }
            None => Arc::from(out),
        }
    }

    /// Reads the digests of the claims sharing a term, and lists the unit
    /// only for the neighbours of those that pass `alike`.
    fn figures_near_alike(
        &self,
        unit: &str,
        terms: &[u32],
        _reachable: &dyn Fn(&[u32]) -> bool,
        alike: &dyn Fn(&TermVector) -> bool,
    ) -> Vec<ClaimId> {
        let sharing = self.figures_with_unit_sharing(unit, terms);
        let kept: Vec<ClaimId> = self
            .claim_digests(&sharing)
            .into_iter()
            .filter(|(_, d)| alike(&d.terms))
            .map(|(i, _)| i)
            .collect();
        if kept.is_empty() {
            return Vec::new();
        }
        with_neighbours(&self.figures_with_unit(unit), kept.into_iter())
    }

    fn figures_about(&self, entity: &str) -> Arc<[ClaimId]> {
        self.ids(key::FIGURES_BY_ENTITY, entity)
    }

    fn dates_about(&self, entity: &str) -> Arc<[ClaimId]> {
        self.ids(key::DATES_BY_ENTITY, entity)
    }

    fn dates_with_word(&self, stem: &str) -> Arc<[ClaimId]> {
        self.ids(key::DATES_BY_WORD, stem)
    }

    /// From the digest records (no claim is decoded): the cached ones under
    /// one lock, the rest read in parallel. The pools of a draft's claims
    /// overlap (every date about a common name), so each digest is read
    /// once per check, not once per draft claim.
    fn claim_digests(&self, ids: &[ClaimId]) -> Vec<(ClaimId, Arc<ClaimDigest>)> {
        self.digests.get_or_load_many(ids, |&id| {
            if let Some(c) = self.overlay.as_ref().and_then(|o| o.claim(id)) {
                return ClaimDigest::of(c).map(Arc::new);
            }
            self.ok(self.tables.digest(id)).flatten().map(Arc::new)
        })
    }

    fn role_claims(&self, role: &str) -> Arc<[ClaimId]> {
        self.ids(key::ROLES_BY_KEY, role)
    }

    fn roles_of(&self, person: &str) -> Arc<[ClaimId]> {
        self.ids(key::ROLES_BY_PERSON, &person_key(person))
    }

    fn name(&self, name: &str) -> Option<Arc<NameRecord>> {
        self.names
            .get_or(name.to_string(), || {
                let base = self
                    .ok(self.tables.keyed_record::<NameRecord>(key::NAME, name))
                    .flatten();
                let record = match &self.overlay {
                    Some(o) => o.merge_name(name, base),
                    None => base,
                };
                Some(record.map(Arc::new))
            })
            .flatten()
    }

    fn people_with_surname(&self, surname: &str) -> Arc<[String]> {
        self.strings(key::SURNAME, surname)
    }

    fn people_with_first_name(&self, first: &str) -> Arc<[String]> {
        self.strings(key::FIRST_NAME, first)
    }

    fn spelling_articles(&self, spelling: &str) -> Arc<[ArticleId]> {
        self.ids(key::SPELLING, spelling)
    }

    fn home_country(&self) -> Option<String> {
        self.tables.scalars.home_country.clone()
    }

    fn terms(&self) -> &dyn TermTable {
        &self.tables.terms
    }

    fn failure(&self) -> Option<String> {
        self.failure
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}
