//! The persisted index: the archive built once, kept on disk, updated
//! incrementally and opened rather than loaded.
//!
//! # Layout of an index directory
//!
//! - `manifest`: the current generation: its tables file, its segments,
//!   its overlay (articles beside the tables file), and every corpus file's
//!   size, modification time and articles (by content key). Replaced by
//!   atomic rename, last, on every update.
//! - `seg-N.fcs`: immutable segments of per-article entries (compressed
//!   text, sentence layout, extraction result), written by generation `N`
//!   for the articles whose content was new then. Past
//!   [`segment::MAX_SEGMENTS`] an update copies every live entry into one
//!   (`seg-N-merged.fcs`): each segment is an open file.
//! - `tables-N.fct`: the derived tables of generation `N` (claims, names,
//!   posting lists, term statistics).
//! - `lock`: held exclusively while an update writes.
//!
//! # Why this format
//!
//! A check asks a few hundred narrow questions (claims with this unit,
//! the record of this name, this term's frequency), so the index is built
//! for lookups, not for loading: files are memory-mapped, keys live in
//! `fst` maps (compact, sorted, searchable in place), and values are small
//! framed MessagePack records decoded on demand, read with positioned
//! reads rather than through the map (see [`format`]). Figure and date
//! claims have a small digest record beside the claim (weighted terms, a
//! date's value), from which the checks tell which of a common unit's or
//! name's thousands of claims can count at all before fetching any (at
//! 100,000 articles a 2,000-word draft had the checks decode some 60,000
//! claims without them). MessagePack rather than a
//! schema-less binary format because the claim types are the same serde
//! types the JSON output uses (with an internally tagged enum), which only
//! a self-describing format reads back. Evidence text is LZ4-compressed per
//! article and read only for the evidence shown. tantivy was not chosen:
//! the checker needs exact keyed lookups and its own IDF weighting over
//! claim sentences, not ranked full-text search, and the extra segment
//! machinery would hold no data the checker uses.
//!
//! # Integrity
//!
//! Every file starts with a header (magic, format version, kind, directory
//! checksum); small sections are verified at open, and each record carries
//! its own checksum verified when read. An index that is truncated,
//! corrupt, of another format version or built by another extractor is
//! reported in one line and rebuilt; a corrupt record met during a check
//! shows in [`crate::corpus::Archive::failure`], and the front ends rebuild
//! and check again, so a damaged index never gives silently wrong findings.
//!
//! A tables file of another [`tables::TABLES_VERSION`] (or a damaged one
//! under a sound manifest) is derived again from the segments: a change to
//! the derived tables alone extracts no article again.
//!
//! # Updates
//!
//! The derived tables depend on the whole corpus (learned names, IDF), so
//! deriving them decodes every article's stored reading. An update whose
//! changes are few keeps the tables file and lists them in the manifest as
//! an overlay, derived in memory at every open ([`overlay`], decided by
//! [`plan`]); past the overlay's share, the update derives every table.

pub mod format;
pub mod location;
pub mod manifest;
pub mod overlay;
pub mod plan;
mod previous;
pub mod reader;
pub mod segment;
pub mod tables;
pub mod update;

use std::path::{Path, PathBuf};

pub use location::default_index_dir;
pub use reader::DiskArchive;
pub use update::{snapshot, update, update_from, Mode, UpdateReport};

use super::loader::Progress;
use manifest::ManifestFile;

/// Opens the index in `dir` for the corpus under `paths`, building or
/// updating it first when it is missing or stale. `say` receives one line
/// for every thing the user should know (stale, rebuilt, corrupt).
pub fn open_fresh(
    dir: &Path,
    paths: &[PathBuf],
    progress: Progress<'_>,
    say: &dyn Fn(String),
) -> Result<(DiskArchive, UpdateReport), String> {
    let now = snapshot(paths);
    let state = match ManifestFile::open(dir) {
        Ok(m) => match compare_stat(&m, &now.stat) {
            Ok(Ok(respellings)) => match DiskArchive::open(dir) {
                Ok(archive) => {
                    let archive = archive.respelled(respellings);
                    let report = UpdateReport {
                        articles: crate::corpus::Archive::article_count(&archive),
                        fresh: true,
                        ..UpdateReport::default()
                    };
                    return Ok((archive, report));
                }
                // The manifest is sound: a bad tables file (damaged, or of
                // an older tables version) is derived again from the stored
                // extractions, and a bad segment found on the way makes the
                // update rebuild everything.
                Err(e) => Ok(format!(
                    "index unusable ({e}); rebuilding its tables from the stored extractions"
                )),
            },
            Ok(Err(changed)) => Ok(format!(
                "index at {} is stale ({changed} corpus files changed); updating",
                dir.display(),
            )),
            Err(e) => Err(format!("index unusable ({e}); rebuilding")),
        },
        Err(_) if !dir.join(manifest::MANIFEST).exists() => {
            Ok(format!("building index at {}", dir.display()))
        }
        Err(e) => Err(format!("index unusable ({e}); rebuilding")),
    };
    let rebuild = state.is_err();
    say(state.unwrap_or_else(|e| e));
    let mode = if rebuild { Mode::Rebuild } else { Mode::Update };
    let report = update_from(dir, paths, Some(now), mode, progress)?;
    say(report.to_string());
    let archive = match DiskArchive::open(dir) {
        Ok(archive) => archive,
        // A generation whose files are current can still fail to open (an
        // overlay's reading damaged in its segment): rebuild it whole.
        Err(e) => {
            say(format!("index unusable ({e}); rebuilding"));
            let report = update(dir, paths, true, progress)?;
            say(report.to_string());
            DiskArchive::open(dir)
                .map_err(|e| format!("cannot open the index just written: {e}"))?
        }
    };
    Ok((archive, report))
}

/// Did the index whose manifest is `m` read the corpus that `now`
/// describes? `Ok(respellings)` when it did (the pairs of root spellings
/// that differ), `Err(changed files)` when it is stale. Equal fingerprints
/// mean a stat equal to the byte, so the stat of every file is decoded only
/// when they differ.
fn compare_stat(
    m: &ManifestFile,
    now: &manifest::Stat,
) -> Result<Result<Vec<(PathBuf, PathBuf)>, usize>, format::Corrupt> {
    if m.manifest.stat_fingerprint == Some(now.fingerprint()) {
        return Ok(Ok(Vec::new()));
    }
    let stat = m.stat()?;
    Ok(if stat.same_corpus(now) {
        Ok(stat.respellings(now))
    } else {
        Err(update::changed_files(&stat, now))
    })
}

/// Rebuilds the index in `dir` from scratch (after a corrupt record).
pub fn rebuild(
    dir: &Path,
    paths: &[PathBuf],
    progress: Progress<'_>,
) -> Result<DiskArchive, String> {
    update(dir, paths, true, progress)?;
    DiskArchive::open(dir).map_err(|e| format!("cannot open the index just written: {e}"))
}
