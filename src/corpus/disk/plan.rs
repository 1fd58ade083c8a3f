//! Whether an update keeps the tables file and lists its changes in an
//! overlay (see [`super::overlay`]), or derives every table again.
//!
//! Every article the manifest lists carries its id in the tables file, or
//! none when it is in the overlay. An update keeps those ids for the
//! articles of unchanged files, and for the articles of a re-read file that
//! are what they were (same content, same metadata: a touched file, or a
//! `.jsonl` file with lines appended); the tables' articles that no article
//! holds any more left the corpus.

use std::collections::HashMap;

use super::manifest::{FileRecord, Overlay, StoredArticle};
use super::overlay::fits;
use super::tables::StoredError;
use crate::corpus::LoadError;

/// What the previous generation's tables file holds.
#[derive(Debug, Default)]
pub struct Base {
    /// The tables file's name.
    pub tables: String,
    /// Its articles.
    pub articles: u32,
    /// The number of segments it was derived from (the first of the
    /// generation's; the overlay's articles lie in later ones).
    pub segments: usize,
}

/// The overlay of an update that keeps `base`, or `None` when the tables
/// must be derived again: the changes since the tables were derived have
/// outgrown [`fits`], or the records do not hold the tables' ids once each.
/// `records` are the corpus files as they are now.
pub fn plan(base: &Base, records: &[FileRecord], errors: &[LoadError]) -> Option<Overlay> {
    let mut live = vec![false; base.articles as usize];
    let mut added = Vec::new();
    for r in records {
        for a in &r.articles {
            match a.base {
                Some(id) => {
                    let held = live.get_mut(id as usize)?;
                    if *held {
                        return None;
                    }
                    *held = true;
                }
                None => added.push((a.clone(), r.canonical.clone())),
            }
        }
    }
    let removed: Vec<u32> = (0..base.articles)
        .filter(|&id| !live[id as usize])
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

/// An article's content key and its line in a `.jsonl` file.
type KeyAndLine = ((u64, u64), Option<usize>);

/// Gives each of `articles` (a re-read file's) the tables id of the
/// article of `before` (the file as last read) that it still is: the same
/// content key and the same metadata. Each id goes to one article at most.
pub fn keep_ids(articles: &mut [StoredArticle], before: &[StoredArticle]) {
    // By content key and line: a file's articles differ in one or the other.
    let mut by_key: HashMap<KeyAndLine, Vec<&StoredArticle>> = HashMap::new();
    for b in before.iter().filter(|b| b.base.is_some()) {
        by_key
            .entry((b.key, b.meta.jsonl_line))
            .or_default()
            .push(b);
    }
    for a in articles.iter_mut() {
        let Some(list) = by_key.get_mut(&(a.key, a.meta.jsonl_line)) else {
            continue;
        };
        if let Some(at) = list.iter().position(|b| b.meta == a.meta) {
            a.base = list.swap_remove(at).base;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::archive::ArticleMeta;
    use crate::corpus::disk::segment::EntryRef;
    use std::path::PathBuf;

    fn article(name: &str, line: Option<usize>, key: u64, base: Option<u32>) -> StoredArticle {
        StoredArticle {
            key: (key, 0),
            meta: ArticleMeta {
                path: PathBuf::from(name),
                jsonl_line: line,
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
            base,
        }
    }

    fn record(name: &str, articles: Vec<StoredArticle>) -> FileRecord {
        FileRecord {
            path: PathBuf::from(name),
            canonical: PathBuf::from(name),
            articles,
            errors: Vec::new(),
        }
    }

    /// A tables file of 100 articles, one per file.
    fn base() -> Base {
        Base {
            tables: "tables-1.fct".into(),
            articles: 100,
            segments: 1,
        }
    }

    fn files(ids: impl Iterator<Item = u32>) -> Vec<FileRecord> {
        ids.map(|i| {
            let name = format!("{i}.md");
            record(&name, vec![article(&name, None, i as u64, Some(i))])
        })
        .collect()
    }

    #[test]
    fn a_changed_article_leaves_the_tables_and_joins_the_overlay() {
        let mut records = files((0..100).filter(|&i| i != 7));
        records.push(record("7.md", vec![article("7.md", None, 700, None)]));
        let overlay = plan(&base(), &records, &[]).unwrap();
        assert_eq!(overlay.removed, vec![7]);
        assert_eq!(overlay.added.len(), 1);
        assert_eq!(overlay.changes(), 2);
    }

    #[test]
    fn too_many_changes_or_an_id_held_twice_derive_again() {
        // Two per cent of 100 articles are two changes: two changed
        // articles are four.
        let mut records = files(2..100);
        records.push(record("0.md", vec![article("0.md", None, 900, None)]));
        records.push(record("1.md", vec![article("1.md", None, 901, None)]));
        assert!(plan(&base(), &records, &[]).is_none());
        // Two files gone, nothing added: two changes fit.
        assert_eq!(
            plan(&base(), &records[..98], &[]).unwrap().removed,
            vec![0, 1]
        );
        // One id held by two articles, or an id the tables do not have.
        let mut twice = files(0..100);
        twice.push(record(
            "copy.md",
            vec![article("copy.md", None, 5, Some(5))],
        ));
        assert!(plan(&base(), &twice, &[]).is_none());
        let mut unknown = files(0..100);
        unknown[0].articles[0].base = Some(100);
        assert!(plan(&base(), &unknown, &[]).is_none());
    }

    #[test]
    fn a_reread_file_keeps_the_ids_of_articles_that_are_what_they_were() {
        let before = vec![
            article("a.jsonl", Some(1), 10, Some(40)),
            article("a.jsonl", Some(2), 11, Some(41)),
            article("a.jsonl", Some(3), 12, Some(42)),
        ];
        // Line 2 changed, a fourth line was appended.
        let mut now = vec![
            article("a.jsonl", Some(1), 10, None),
            article("a.jsonl", Some(2), 99, None),
            article("a.jsonl", Some(3), 12, None),
            article("a.jsonl", Some(4), 13, None),
        ];
        keep_ids(&mut now, &before);
        let ids: Vec<Option<u32>> = now.iter().map(|a| a.base).collect();
        assert_eq!(ids, vec![Some(40), None, Some(42), None]);
        // A line inserted at the top moves every line: their metadata (the
        // line shown in evidence) changed, so none keeps its id.
        let mut shifted = vec![
            article("a.jsonl", Some(1), 77, None),
            article("a.jsonl", Some(2), 10, None),
            article("a.jsonl", Some(3), 11, None),
            article("a.jsonl", Some(4), 12, None),
        ];
        keep_ids(&mut shifted, &before);
        assert!(shifted.iter().all(|a| a.base.is_none()));
    }
}
