//! Whether an update keeps the tables file and lists its changes in an
//! overlay (see [`super::overlay`]), or derives every table again.

use std::collections::HashSet;

use super::manifest::{FileRecord, Overlay};
use super::overlay::fits;
use super::tables::StoredError;
use crate::corpus::LoadError;

/// What the previous generation's tables file holds, as its manifest says.
#[derive(Debug, Default)]
pub struct Base {
    /// The tables file's name.
    pub tables: String,
    /// Its articles.
    pub articles: u32,
    /// The number of segments it was derived from (the first of the
    /// generation's; the overlay's articles lie in later ones).
    pub segments: usize,
    /// Its articles already gone before this update.
    pub removed: Vec<u32>,
    /// Its articles by file, as (first id, count), of every file whose
    /// articles it holds.
    pub ranges: Vec<(u32, u32)>,
}

/// The overlay of an update that keeps `base`, or `None` when the tables
/// must be derived again: the changes since the tables were derived have
/// outgrown [`fits`], or the manifest does not account for every article
/// of the tables file. `kept` are the (first id, count) ranges of the files
/// that are unchanged; `records` are the files as they are now (those not
/// in the tables file without `base_first`).
pub fn plan(
    base: &Base,
    kept: &HashSet<(u32, u32)>,
    records: &[FileRecord],
    errors: &[LoadError],
) -> Option<Overlay> {
    let mut removed = base.removed.clone();
    let mut live = 0usize;
    for &(first, count) in &base.ranges {
        if kept.contains(&(first, count)) {
            live += count as usize;
        } else {
            removed.extend(first..first.saturating_add(count));
        }
    }
    removed.sort_unstable();
    removed.dedup();
    if live + removed.len() != base.articles as usize {
        return None;
    }
    let added: Vec<_> = records
        .iter()
        .filter(|r| r.base_first.is_none())
        .flat_map(|r| r.articles.iter().map(|a| (a.clone(), r.canonical.clone())))
        .collect();
    if !fits(removed.len() + added.len(), base.articles as usize) {
        return None;
    }
    Some(Overlay {
        removed,
        added,
        errors: errors.iter().map(StoredError::from).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::archive::ArticleMeta;
    use crate::corpus::disk::manifest::StoredArticle;
    use crate::corpus::disk::segment::EntryRef;
    use std::path::PathBuf;

    fn record(name: &str, articles: usize, base_first: Option<u32>) -> FileRecord {
        let article = StoredArticle {
            key: (0, 0),
            meta: ArticleMeta {
                path: PathBuf::from(name),
                jsonl_line: None,
                title: None,
                date: None,
                url: None,
                source: None,
                lang: crate::text::Lang::En,
            },
            entry: EntryRef {
                segment: 0,
                text: 0,
                layout: 0,
                reading: 0,
            },
        };
        FileRecord {
            path: PathBuf::from(name),
            canonical: PathBuf::from(name),
            articles: vec![article; articles],
            errors: Vec::new(),
            base_first,
        }
    }

    /// A tables file of 100 articles, one per file.
    fn base() -> Base {
        Base {
            tables: "tables-1.fct".into(),
            articles: 100,
            segments: 1,
            removed: Vec::new(),
            ranges: (0..100).map(|i| (i, 1)).collect(),
        }
    }

    #[test]
    fn a_changed_file_leaves_the_tables_and_joins_the_overlay() {
        let kept: HashSet<(u32, u32)> = (0..100).filter(|&i| i != 7).map(|i| (i, 1)).collect();
        let mut records: Vec<FileRecord> = (0..100)
            .filter(|&i| i != 7)
            .map(|i| record(&format!("{i}.md"), 1, Some(i)))
            .collect();
        records.push(record("7.md", 1, None));
        let overlay = plan(&base(), &kept, &records, &[]).unwrap();
        assert_eq!(overlay.removed, vec![7]);
        assert_eq!(overlay.added.len(), 1);
        assert_eq!(overlay.changes(), 2);
    }

    #[test]
    fn too_many_changes_or_an_unaccounted_article_derive_again() {
        // Two per cent of 100 articles are two changes: a changed file is two.
        let kept: HashSet<(u32, u32)> = (2..100).map(|i| (i, 1)).collect();
        let records: Vec<FileRecord> = (2..100)
            .map(|i| record(&format!("{i}.md"), 1, Some(i)))
            .chain([record("0.md", 1, None), record("1.md", 1, None)])
            .collect();
        assert!(plan(&base(), &kept, &records, &[]).is_none());
        // Two files gone, nothing added: two changes fit.
        assert_eq!(
            plan(&base(), &kept, &records[..98], &[]).unwrap().removed,
            vec![0, 1]
        );
        // The manifest accounts for 99 of the 100 articles.
        let mut short = base();
        short.ranges.pop();
        let kept: HashSet<(u32, u32)> = (0..99).map(|i| (i, 1)).collect();
        assert!(plan(&short, &kept, &records[..97], &[]).is_none());
    }
}
