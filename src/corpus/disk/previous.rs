//! What the previous generation of an index offers an update for reuse:
//! its segments, every corpus file as last read, the entries of known
//! content, and its tables file when the update may keep it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use super::format::Corrupt;
use super::manifest::{FileRecord, ManifestFile};
use super::plan::Base;
use super::reader::tables_fit;
use super::segment::{EntryRef, Segment};
use super::tables;
use super::update::EXTRACTOR;

/// What the previous generation offers for reuse.
#[derive(Default)]
pub(super) struct Previous {
    pub(super) generation: u64,
    pub(super) segments: Vec<String>,
    pub(super) opened: Vec<Segment>,
    /// File → (size, mtime, record) as last read.
    pub(super) files: HashMap<PathBuf, (u64, i128, FileRecord)>,
    /// Canonical path → the path as the previous generation spelled it,
    /// made when first asked (a path of this update that the previous
    /// generation spelled otherwise is rare).
    spelled: OnceLock<HashMap<PathBuf, PathBuf>>,
    /// Content key → entry and detected language.
    pub(super) entries: HashMap<(u64, u64), (EntryRef, crate::text::Lang)>,
    /// Its tables file, when an update may keep it (see [`super::plan`]).
    pub(super) base: Option<Base>,
}

pub(super) fn previous(dir: &Path) -> Result<Option<Previous>, Corrupt> {
    let m = match ManifestFile::open(dir) {
        Ok(m) => m,
        Err(_) if !dir.join(super::manifest::MANIFEST).exists() => return Ok(None),
        Err(e) => return Err(e),
    };
    let stat = m.stat()?;
    let records = m.files()?;
    if records.len() != stat.files.len() {
        return Err(Corrupt(format!(
            "{}: manifest lists disagree",
            dir.display()
        )));
    }
    let mut prev = Previous {
        generation: m.manifest.generation,
        segments: m.manifest.segments.clone(),
        ..Previous::default()
    };
    for name in &m.manifest.segments {
        prev.opened.push(Segment::open(&dir.join(name))?);
    }
    if stat.extractor == EXTRACTOR {
        let tables = tables::TablesFile::open(&dir.join(&m.manifest.tables));
        if let Some(t) = tables
            .ok()
            .filter(|t| tables_fit(&t.scalars.segments, &m.manifest))
        {
            prev.base = Some(Base {
                tables: m.manifest.tables.clone(),
                articles: t.scalars.articles,
                segments: t.scalars.segments.len(),
            });
        }
    }
    if stat.extractor != EXTRACTOR {
        return Ok(Some(prev));
    }
    prev.files.reserve(records.len());
    prev.entries.reserve(records.len());
    for ((path, size, mtime), record) in stat.files.into_iter().zip(records) {
        for a in &record.articles {
            prev.entries.insert(a.key, (a.entry, a.meta.lang));
        }
        prev.files.insert(path, (size, mtime, record));
    }
    Ok(Some(prev))
}

impl Previous {
    /// The path under which the previous generation knew the file whose
    /// canonical path is `canonical`.
    pub(super) fn spelled(&self, canonical: &Path) -> Option<&PathBuf> {
        self.spelled
            .get_or_init(|| {
                self.files
                    .iter()
                    .map(|(path, (_, _, record))| (record.canonical.clone(), path.clone()))
                    .collect()
            })
            .get(canonical)
    }
}
