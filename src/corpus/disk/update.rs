//! Bringing an index up to date with its corpus, incrementally.
//!
//! The freshness check walks the corpus paths and compares every file's
//! size and modification time with the manifest: no file is opened, and
//! while nothing changed only a fingerprint of the whole stat is compared
//! (see [`super::manifest::Stat::fingerprint`]). An
//! update (under an exclusive lock on `DIR/lock`, so that two processes never
//! write at once) re-reads only the files whose size or time changed (a
//! file the last generation knew under another spelling of its path, such
//! as relative against absolute, is matched by its canonical path); of
//! their articles, only those whose content key is new are extracted, into
//! one new segment. When the changes since the tables were derived are few
//! (see [`super::plan`]), the tables file stays and the manifest lists them
//! as an overlay; otherwise the derived tables are derived again from every
//! article's stored reading and written as a new tables file. A new
//! manifest is renamed into place last, so a reader sees the old generation
//! or the new one, never half of one. Files no manifest refers to are
//! removed. An index whose files are all current but whose tables file does
//! not open (damaged, or of an older tables version) gets new tables derived
//! from its segments, without extracting any article again.

use std::collections::{HashMap, HashSet};
use std::fs::OpenOptions;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use fs4::fs_std::FileExt;
use rayon::prelude::*;
use xxhash_rust::xxh3::Xxh3;

use super::format::Corrupt;
use super::manifest::{FileRecord, Manifest, ManifestFile, Stat, StoredArticle};
use super::plan::{keep_ids, plan};
use super::previous::{previous, Previous};
use super::reader::tables_fit;
use super::segment::{
    self, EntryRef, MergeError, SegmentWriter, MAX_OVERLAY_SEGMENTS, MAX_SEGMENTS,
};
use super::tables::{self, ArticleRow, StoredError};
use crate::corpus::archive::ArticleMeta;
use crate::corpus::index::{read_article, ArticleReading, Tables};
use crate::corpus::loader::{read_corpus_file, walk_corpus, CorpusFiles, Progress};
use crate::corpus::{Article, LoadError};

/// Fingerprint of the code and lexicons that extraction depends on.
pub const EXTRACTOR: &str = env!("FACTCHECK_EXTRACTOR");

/// What an update did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UpdateReport {
    /// Articles in the index afterwards.
    pub articles: usize,
    /// Corpus files opened because they are new or changed.
    pub files_read: usize,
    /// Files that left the corpus.
    pub files_removed: usize,
    /// Articles extracted (new content).
    pub extracted: usize,
    /// Whether nothing had changed (no file was written).
    pub fresh: bool,
    /// Articles added or removed beside the kept tables file (`None`: the
    /// tables were derived, or nothing was written).
    pub overlay: Option<usize>,
}

impl std::fmt::Display for UpdateReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.fresh {
            return write!(f, "index up to date ({} articles)", self.articles);
        }
        write!(
            f,
            "indexed {} articles ({} files read, {} articles extracted, {} files removed)",
            self.articles, self.files_read, self.extracted, self.files_removed
        )?;
        match self.overlay {
            Some(n) => write!(f, "; derived tables kept, {n} article changes beside them"),
            None => Ok(()),
        }
    }
}

/// The content key of an article: everything that decides its reading.
pub fn content_key(article: &Article) -> (u64, u64) {
    let mut h = Xxh3::new();
    let mut field = |bytes: &[u8]| {
        h.update(&(bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    };
    field(EXTRACTOR.as_bytes());
    field(article.text.as_bytes());
    field(article.lang.map_or("", |l| l.code()).as_bytes());
    field(&[u8::from(article.markdown)]);
    field(
        article
            .date
            .map(|d| d.to_string())
            .unwrap_or_default()
            .as_bytes(),
    );
    let v = h.digest128();
    ((v >> 64) as u64, v as u64)
}

/// The corpus as it is now, and what the freshness check compares.
pub struct Snapshot {
    walked: CorpusFiles,
    pub stat: Stat,
}

/// Walks the corpus paths, taking every file's size and time from the walk
/// (opens none).
pub fn snapshot(paths: &[PathBuf]) -> Snapshot {
    let mut walked = walk_corpus(paths);
    // The paths move into the stat: an update reads them from there.
    let files = std::mem::take(&mut walked.files)
        .into_iter()
        .zip(&walked.stamps)
        .map(|(p, &(size, mtime))| (p, size, mtime))
        .collect();
    let stat = Stat {
        extractor: EXTRACTOR.to_string(),
        roots: paths.to_vec(),
        walk_errors: walked.errors.iter().map(|e| e.to_string()).collect(),
        files,
    };
    Snapshot { walked, stat }
}

/// Number of corpus files that differ between two stats.
pub fn changed_files(old: &Stat, new: &Stat) -> usize {
    if old.extractor != new.extractor {
        return new.files.len();
    }
    let before: HashMap<&PathBuf, (u64, i128)> =
        old.files.iter().map(|(p, s, t)| (p, (*s, *t))).collect();
    let after: HashMap<&PathBuf, (u64, i128)> =
        new.files.iter().map(|(p, s, t)| (p, (*s, *t))).collect();
    let changed = after
        .iter()
        .filter(|(p, v)| before.get(*p) != Some(*v))
        .count()
        + before.keys().filter(|p| !after.contains_key(*p)).count();
    changed.max(usize::from(old != new))
}

/// Holds `DIR/lock` exclusively until dropped.
struct Lock(std::fs::File);

impl Lock {
    fn take(dir: &Path) -> std::io::Result<Lock> {
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(dir.join("lock"))?;
        file.lock_exclusive()?;
        Ok(Lock(file))
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = FileExt::unlock(&self.0);
    }
}

/// What an update may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Read what changed; keep the tables file while the changes since it
    /// was derived are few (see [`super::plan`]).
    Update,
    /// Read what changed and derive every table, taking in the changes kept
    /// beside the tables file (no unchanged article is extracted again).
    Derive,
    /// Read and extract every article again, ignoring what the index holds.
    Rebuild,
}

/// Brings the index in `dir` up to date with the corpus under `paths`,
/// building it when it is missing; `rebuild` ignores what is there.
/// `progress` counts articles being extracted.
pub fn update(
    dir: &Path,
    paths: &[PathBuf],
    rebuild: bool,
    progress: Progress<'_>,
) -> Result<UpdateReport, String> {
    let mode = if rebuild { Mode::Rebuild } else { Mode::Update };
    update_from(dir, paths, None, mode, progress)
}

/// [`update`] from a snapshot of the corpus just taken (`None`: walk it
/// now), so that a caller that has walked it does not walk it twice.
pub fn update_from(
    dir: &Path,
    paths: &[PathBuf],
    taken: Option<Snapshot>,
    mode: Mode,
    progress: Progress<'_>,
) -> Result<UpdateReport, String> {
    let rebuild = mode == Mode::Rebuild;
    std::fs::create_dir_all(dir)
        .map_err(|e| format!("cannot create index directory {}: {e}", dir.display()))?;
    let _lock = Lock::take(dir)
        .map_err(|e| format!("cannot lock index directory {}: {e}", dir.display()))?;
    let now = taken.unwrap_or_else(|| snapshot(paths));
    let prev = if rebuild {
        None
    } else {
        match previous(dir) {
            Ok(p) => p,
            Err(e) => {
                eprintln!("factcheck: index unusable ({e}); rebuilding");
                None
            }
        }
    };
    // Another process may have brought it up to date while we waited.
    if let Some(p) = &prev {
        if let Ok(m) = ManifestFile::open(dir) {
            // Usable: it opens, and it was derived from the manifest's segments.
            let tables_usable = || {
                tables::TablesFile::open(&dir.join(&m.manifest.tables))
                    .is_ok_and(|t| tables_fit(&t.scalars.segments, &m.manifest))
            };
            let same = m.manifest.stat_fingerprint == Some(now.stat.fingerprint())
                || m.stat().is_ok_and(|s| s.same_corpus(&now.stat));
            // Asked to derive, a generation with changes beside its tables
            // file is not current.
            let derived = mode != Mode::Derive || m.manifest.overlay.is_none();
            if same && !rebuild && derived && tables_usable() {
                return Ok(UpdateReport {
                    articles: p.files.values().map(|f| f.2.articles.len()).sum(),
                    fresh: true,
                    ..UpdateReport::default()
                });
            }
        }
    }
    let keep_tables = mode == Mode::Update;
    match write_generation(dir, now, prev, keep_tables, progress) {
        Ok(r) => Ok(r),
        Err(Failure::Corrupt(e)) => {
            eprintln!("factcheck: index unusable ({e}); rebuilding");
            write_generation(dir, snapshot(paths), None, false, progress).map_err(|e| e.to_string())
        }
        Err(e) => Err(e.to_string()),
    }
}

enum Failure {
    Corrupt(Corrupt),
    Io(String),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Corrupt(c) => write!(f, "{c}"),
            Failure::Io(e) => f.write_str(e),
        }
    }
}

impl From<Corrupt> for Failure {
    fn from(c: Corrupt) -> Self {
        Failure::Corrupt(c)
    }
}

/// An article read in this update, before its entry exists.
struct Fresh {
    article: Article,
}

/// Where the reading of a re-read article comes from.
enum Source {
    /// An entry of an earlier generation, with the language it detected.
    Known(EntryRef, crate::text::Lang),
    /// The `i`th article extracted now.
    New(usize),
}

/// A re-read article (its language is filled in from its reading).
struct Slot {
    key: (u64, u64),
    meta: ArticleMeta,
    source: Source,
}

fn write_generation(
    dir: &Path,
    now: Snapshot,
    prev: Option<Previous>,
    keep_tables: bool,
    progress: Progress<'_>,
) -> Result<UpdateReport, Failure> {
    let io =
        |what: &str, e: std::io::Error| Failure::Io(format!("{what} in {}: {e}", dir.display()));
    let prev = prev.unwrap_or_default();
    let generation = prev.generation + 1;
    let mut report = UpdateReport::default();
    // Files whose size and time are unchanged keep their record; the rest
    // are read again. A file the previous generation knew by another
    // spelling of its path (relative, absolute, through a link) is found by
    // its canonical path and keeps its record too.
    let mut kept: HashMap<&Path, &FileRecord> = HashMap::with_capacity(now.stat.files.len());
    let mut matched: HashSet<&PathBuf> = HashSet::with_capacity(prev.files.len());
    let mut to_read = Vec::new();
    // The records of the files read again, as last read.
    let mut before: HashMap<&Path, &FileRecord> = HashMap::new();
    for (path, size, mtime) in &now.stat.files {
        let known = match prev.files.get_key_value(path) {
            Some(found) => Some(found),
            None if prev.files.is_empty() => None,
            None => std::fs::canonicalize(path)
                .ok()
                .and_then(|c| prev.spelled(&c))
                .and_then(|old| prev.files.get_key_value(old)),
        };
        if let Some((old, _)) = known {
            matched.insert(old);
        }
        match known {
            Some((_, (s, t, record))) if s == size && t == mtime => {
                kept.insert(path, record);
            }
            Some((_, (_, _, record))) => {
                before.insert(path, record);
                to_read.push(path.clone());
            }
            None => to_read.push(path.clone()),
        }
    }
    report.files_removed = prev.files.keys().filter(|p| !matched.contains(p)).count();
    report.files_read = to_read.len();
    let read: Vec<(PathBuf, Vec<Article>, Vec<LoadError>)> = to_read
        .par_iter()
        .map(|p| {
            let (articles, errors) = read_corpus_file(p, !now.walked.named.contains(p));
            (p.clone(), articles, errors)
        })
        .collect();
    // New content is extracted; known content reuses its entry.
    let mut fresh: Vec<Fresh> = Vec::new();
    let mut read_records: HashMap<PathBuf, (Vec<Slot>, Vec<LoadError>)> = HashMap::new();
    let mut new_keys: HashMap<(u64, u64), usize> = HashMap::new();
    for (path, articles, errors) in read {
        let mut slots = Vec::new();
        for article in articles {
            let key = content_key(&article);
            let meta = meta_of(&article, crate::text::Lang::De);
            let source = match prev.entries.get(&key) {
                Some((entry, lang)) => Source::Known(*entry, *lang),
                None => Source::New(*new_keys.entry(key).or_insert_with(|| {
                    // Moved, not copied: at 100,000 articles a second copy
                    // of every text is a quarter of a gigabyte.
                    fresh.push(Fresh { article });
                    fresh.len() - 1
                })),
            };
            slots.push(Slot { key, meta, source });
        }
        read_records.insert(path, (slots, errors));
    }
    let total = fresh.len();
    let done = AtomicUsize::new(0);
    let readings: Vec<ArticleReading> = fresh
        .par_iter()
        .map(|f| {
            let r = read_article(&f.article);
            progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
            r
        })
        .collect();
    report.extracted = readings.len();
    let mut segments = prev.segments.clone();
    let mut new_entries: Vec<EntryRef> = Vec::new();
    if !readings.is_empty() {
        let mut writer = SegmentWriter::default();
        let number = segments.len() as u32;
        for (f, r) in fresh.iter().zip(&readings) {
            new_entries.push(writer.add(number, &f.article.text, r));
        }
        let name = format!("seg-{generation}.fcs");
        writer
            .write(&dir.join(&name))
            .map_err(|e| io("cannot write segment", e))?;
        segments.push(name);
    }
    // The texts are in the segment now; only the readings are needed on.
    drop(fresh);
    // The files in order, each with its articles.
    let mut records: Vec<FileRecord> = Vec::new();
    for (path, _, _) in &now.stat.files {
        if let Some(record) = kept.get(path.as_path()) {
            records.push(respelled(record, path));
            continue;
        }
        let Some((slots, errors)) = read_records.remove(path) else {
            continue;
        };
        let mut articles: Vec<StoredArticle> = slots
            .into_iter()
            .map(|slot| {
                let (entry, lang) = match slot.source {
                    Source::Known(entry, lang) => (entry, lang),
                    Source::New(i) => (new_entries[i], readings[i].lang),
                };
                StoredArticle {
                    key: slot.key,
                    meta: ArticleMeta { lang, ..slot.meta },
                    entry,
                    base: None,
                }
            })
            .collect();
        if let Some(old) = before.get(path.as_path()) {
            keep_ids(&mut articles, &old.articles);
        }
        records.push(FileRecord {
            canonical: std::fs::canonicalize(path).unwrap_or_else(|_| path.clone()),
            path: path.clone(),
            articles,
            errors: errors.iter().map(StoredError::from).collect(),
        });
    }
    let mut errors: Vec<LoadError> = now.walked.errors.clone();
    for r in &records {
        errors.extend(r.errors.iter().cloned().map(LoadError::from));
    }
    // A few changes keep the tables file and go into an overlay (while the
    // segments stay few: past them the full update merges them).
    let base = prev.base.as_ref().filter(|_| keep_tables);
    if let Some(base) = base.filter(|_| segments.len() <= MAX_SEGMENTS) {
        if let Some(mut overlay) = plan(base, &records, &errors) {
            report.articles = records.iter().map(|r| r.articles.len()).sum();
            report.overlay = Some(overlay.changes());
            // The overlay's articles lie in the segments after the tables
            // file's: past a few, they are copied into one.
            if segments.len() - base.segments > MAX_OVERLAY_SEGMENTS {
                let name = format!("seg-{generation}-merged.fcs");
                let first = base.segments as u32;
                let entries = overlay.added.iter().map(|(a, _)| a.entry);
                let moved = segment::merge(
                    dir,
                    &segments[base.segments..],
                    first,
                    entries,
                    &dir.join(&name),
                    first,
                )
                .map_err(|e| merge_failure(e, &io))?;
                for (a, _) in &mut overlay.added {
                    segment::follow(&mut a.entry, &moved);
                }
                for a in records.iter_mut().flat_map(|r| &mut r.articles) {
                    segment::follow(&mut a.entry, &moved);
                }
                segments.truncate(base.segments);
                segments.push(name);
            }
            let manifest = Manifest {
                generation,
                tables: base.tables.clone(),
                segments: segments.clone(),
                walk_errors: now.walked.errors.iter().map(StoredError::from).collect(),
                stat_fingerprint: None,
                overlay: Some(overlay),
            };
            manifest
                .write(dir, &now.stat, &records)
                .map_err(|e| io("cannot write manifest", e))?;
            remove_unused(dir, &base.tables, &segments);
            return Ok(report);
        }
    }
    // Otherwise every table is derived again, and the tables file holds
    // every article, in order.
    for (id, a) in records.iter_mut().flat_map(|r| &mut r.articles).enumerate() {
        a.base = Some(id as u32);
    }
    // The readings of every article, in order: new ones from memory, the
    // rest decoded from their segments.
    let fresh_by_entry: HashMap<(u32, u64), usize> = new_entries
        .iter()
        .enumerate()
        .map(|(i, e)| ((e.segment, e.reading), i))
        .collect();
    let readings: Vec<Arc<ArticleReading>> = readings.into_iter().map(Arc::new).collect();
    let stored: Vec<&StoredArticle> = records.iter().flat_map(|r| &r.articles).collect();
    let all: Vec<(Arc<ArticleMeta>, Arc<ArticleReading>)> = stored
        .par_iter()
        .map(|a| {
            let reading = match fresh_by_entry.get(&(a.entry.segment, a.entry.reading)) {
                Some(&i) => Arc::clone(&readings[i]),
                None => {
                    let segment = prev.opened.get(a.entry.segment as usize).ok_or_else(|| {
                        Corrupt(format!(
                            "{}: unknown segment {}",
                            dir.display(),
                            a.entry.segment
                        ))
                    })?;
                    Arc::new(segment.reading(a.entry.reading)?)
                }
            };
            Ok((Arc::new(a.meta.clone()), reading))
        })
        .collect::<Result<_, Corrupt>>()?;
    let derived = Tables::derive(&all);
    // Drop segments no article uses any more, and renumber the rest.
    let used: HashSet<u32> = stored.iter().map(|a| a.entry.segment).collect();
    let mut renumber = HashMap::new();
    let mut live_segments = Vec::new();
    for (i, name) in segments.iter().enumerate() {
        if used.contains(&(i as u32)) {
            renumber.insert(i as u32, live_segments.len() as u32);
            live_segments.push(name.clone());
        }
    }
    drop(stored);
    for r in &mut records {
        for a in &mut r.articles {
            a.entry.segment = renumber[&a.entry.segment];
        }
    }
    if live_segments.len() > MAX_SEGMENTS {
        let name = format!("seg-{generation}-merged.fcs");
        let entries = records
            .iter()
            .flat_map(|r| r.articles.iter().map(|a| a.entry));
        let moved = segment::merge(dir, &live_segments, 0, entries, &dir.join(&name), 0)
            .map_err(|e| merge_failure(e, &io))?;
        for a in records.iter_mut().flat_map(|r| &mut r.articles) {
            segment::follow(&mut a.entry, &moved);
        }
        live_segments = vec![name];
    }
    let rows: Vec<ArticleRow<'_>> = records
        .iter()
        .flat_map(|r| {
            r.articles.iter().map(|a| ArticleRow {
                meta: &a.meta,
                entry: a.entry,
                canonical: r.canonical.clone(),
            })
        })
        .collect();
    let tables_name = format!("tables-{generation}.fct");
    tables::write(
        &dir.join(&tables_name),
        &derived,
        &rows,
        &errors,
        live_segments.clone(),
    )
    .map_err(|e| io("cannot write tables", e))?;
    report.articles = rows.len();
    drop(rows);
    let manifest = Manifest {
        generation,
        tables: tables_name.clone(),
        segments: live_segments.clone(),
        walk_errors: now.walked.errors.iter().map(StoredError::from).collect(),
        // Recorded by `write`, from the stat it writes.
        stat_fingerprint: None,
        overlay: None,
    };
    manifest
        .write(dir, &now.stat, &records)
        .map_err(|e| io("cannot write manifest", e))?;
    remove_unused(dir, &tables_name, &live_segments);
    Ok(report)
}

/// The failure of a segment merge as an update's.
fn merge_failure(e: MergeError, io: &dyn Fn(&str, std::io::Error) -> Failure) -> Failure {
    match e {
        MergeError::Corrupt(c) => Failure::Corrupt(c),
        MergeError::Io(e) => io("cannot write segment", e),
    }
}

/// A kept file record under the path spelling of this update (the path
/// shown in evidence is the one the corpus was named by).
fn respelled(record: &FileRecord, path: &Path) -> FileRecord {
    let mut record = record.clone();
    if record.path != path {
        record.path = path.to_path_buf();
        for a in &mut record.articles {
            a.meta.path = path.to_path_buf();
        }
    }
    record
}

fn meta_of(article: &Article, lang: crate::text::Lang) -> ArticleMeta {
    ArticleMeta {
        path: article.path.clone(),
        jsonl_line: article.jsonl_line,
        title: article.title.clone(),
        date: article.date,
        url: article.url.clone(),
        source: article.source.clone(),
        lang,
    }
}

/// Removes tables files and segments the manifest does not name (readers of
/// an older generation keep their open maps: unlinked files stay readable).
fn remove_unused(dir: &Path, tables: &str, segments: &[String]) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        let ours = name.starts_with("tables-") || name.starts_with("seg-");
        if ours && name != tables && !segments.contains(&name) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}
