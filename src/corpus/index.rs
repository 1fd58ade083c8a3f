//! The corpus index, built once and in parallel: every article's sentences and
//! claims, with lookups by figure unit, by entity (for dates), by role and by
//! person, plus the names the corpus knows and where it mentions them.

use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::article::{Article, LoadError};
use super::features::TermVector;
use super::loader::Progress;
use crate::claims::{build_claims, Claim};
use crate::extract::persons::{name_pairs, NamePair, WordUse};
use crate::extract::{extract, NameKind, NoKnownNames, ReadOptions};
use crate::text::{Lang, LineIndex};

mod display;
mod learned;
mod memory;
mod tables;
mod view;

pub use display::shown_path;
pub use tables::{BaseTables, NoBase, Postings, Tables};
pub use view::CorpusView;

use super::archive::ArticleMeta;
pub use super::archive::{ArticleId, ClaimId};

/// An indexed article: its metadata, text and sentences.
#[derive(Debug)]
pub struct IndexedArticle {
    pub meta: Arc<ArticleMeta>,
    pub text: Arc<str>,
    pub sentences: Vec<Range<usize>>,
    pub lines: LineIndex,
}

impl IndexedArticle {
    /// The 1-based line of byte `offset` in the article's file.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.meta.jsonl_line {
            Some(line) => line,
            None => self.lines.line_of(offset) + 1,
        }
    }

    /// Sentence `i` with its white space collapsed.
    pub fn sentence(&self, i: usize) -> String {
        self.sentences
            .get(i)
            .map_or_else(String::new, |r| collapse_space(&self.text[r.clone()]))
    }
}

/// Collapses runs of white space into single spaces.
pub fn collapse_space(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A claim made by a corpus article.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CorpusClaim {
    pub article: ArticleId,
    pub claim: Claim,
    /// The claim's subject as weighted terms.
    pub terms: TermVector,
}

/// Where the corpus mentions a name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct MentionRef {
    pub article: ArticleId,
    pub sentence: u32,
    /// Byte offset of the mention in the article.
    pub offset: u32,
    /// The mention gives the full name (not only a surname).
    pub full: bool,
}

/// A name the corpus knows, and its mentions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NameRecord {
    pub kind: NameKind,
    pub mentions: Vec<MentionRef>,
}

/// The in-memory archive: the articles with their texts, and the tables
/// derived from what extraction made of them (see [`super::archive::Archive`]).
#[derive(Debug, Default)]
pub struct CorpusIndex {
    pub articles: Vec<IndexedArticle>,
    /// Problems met while reading the corpus.
    pub errors: Vec<LoadError>,
    /// Claims, names, posting lists and term statistics.
    pub tables: Tables,
    by_path: HashMap<PathBuf, Vec<ArticleId>>,
    /// What extraction made of each article, for re-indexing.
    readings: HashMap<ArticleKey, (u64, Arc<ArticleReading>)>,
    /// Articles whose reading was reused from a previous index.
    pub reused: usize,
}

/// What extraction made of one article: everything the derived tables are
/// built from. Kept so that re-indexing reuses it for every article whose
/// text has not changed; persisted backends store it per article.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ArticleReading {
    pub lang: Lang,
    pub sentences: Vec<std::ops::Range<usize>>,
    pub lines: LineIndex,
    pub claims: Vec<Claim>,
    /// Names as extraction found them (`article` of each mention is 0).
    pub names: Vec<(String, NameKind, MentionRef)>,
    /// Capitalised pairs that may be names, and how the article uses words.
    pub name_pairs: Vec<NamePair>,
    pub word_use: WordUse,
}

/// Where an article comes from: its file, and its line in a `.jsonl` file.
type ArticleKey = (PathBuf, Option<usize>);

struct ArticleAnalysis {
    article: IndexedArticle,
    reading: Arc<ArticleReading>,
    fingerprint: u64,
    reused: bool,
}

/// Everything that decides what extraction makes of an article.
pub fn fingerprint(article: &Article) -> u64 {
    let mut h = DefaultHasher::new();
    article.text.hash(&mut h);
    article.lang.hash(&mut h);
    article.markdown.hash(&mut h);
    article.date.map(|d| d.to_string()).hash(&mut h);
    h.finish()
}

/// What extraction makes of one article.
pub fn read_article(article: &Article) -> ArticleReading {
    let options = ReadOptions {
        lang: article.lang,
        markdown: article.markdown,
        date: article.date,
    };
    let extraction = extract(&article.text, &options, &NoKnownNames);
    let claims = build_claims(&article.text, &extraction);
    let mut names = Vec::new();
    for p in &extraction.persons {
        names.push((
            p.mention.name.clone(),
            NameKind::Person,
            MentionRef {
                article: 0,
                sentence: p.sentence as u32,
                offset: p.mention.range.start as u32,
                full: !p.mention.surname_only,
            },
        ));
    }
    for e in extraction.entities.iter().filter(|e| !e.mention.adjective) {
        names.push((
            e.mention.name.clone(),
            e.mention.kind,
            MentionRef {
                article: 0,
                sentence: e.sentence as u32,
                offset: e.mention.range.start as u32,
                full: true,
            },
        ));
    }
    let (name_pairs, word_use) = name_pairs(
        &extraction.masked.text,
        &extraction.sentences,
        extraction.lang,
    );
    ArticleReading {
        name_pairs,
        word_use,
        lang: extraction.lang,
        sentences: extraction.sentences,
        lines: extraction.lines,
        claims,
        names,
    }
}

fn analyse(
    article: Article,
    previous: Option<&HashMap<ArticleKey, (u64, Arc<ArticleReading>)>>,
) -> ArticleAnalysis {
    let fingerprint = fingerprint(&article);
    let key = (article.path.clone(), article.jsonl_line);
    let cached = previous
        .and_then(|p| p.get(&key))
        .filter(|(f, _)| *f == fingerprint)
        .map(|(_, r)| Arc::clone(r));
    let reused = cached.is_some();
    let reading = cached.unwrap_or_else(|| Arc::new(read_article(&article)));
    ArticleAnalysis {
        article: IndexedArticle {
            meta: Arc::new(ArticleMeta {
                path: article.path,
                jsonl_line: article.jsonl_line,
                title: article.title,
                date: article.date,
                url: article.url,
                source: article.source,
                lang: reading.lang,
            }),
            sentences: reading.sentences.clone(),
            lines: reading.lines.clone(),
            text: Arc::from(article.text),
        },
        reading,
        fingerprint,
        reused,
    }
}

/// A key under which two spellings of one person's name agree
/// (`Kim Jong-un` = `Kim Jong Un`; case and dots do not matter).
pub fn person_key(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The surname of a full name (its last word).
pub fn surname_of(name: &str) -> &str {
    name.rsplit(' ').next().unwrap_or(name)
}

impl CorpusIndex {
    /// Builds the index of `articles` (extraction runs in parallel).
    pub fn build(
        articles: Vec<Article>,
        errors: Vec<LoadError>,
        progress: Progress<'_>,
    ) -> CorpusIndex {
        Self::build_reusing(articles, errors, None, progress)
    }

    /// Builds the index of `articles`, reusing what `previous` read from
    /// every article whose text (and metadata) has not changed.
    pub fn build_reusing(
        articles: Vec<Article>,
        errors: Vec<LoadError>,
        previous: Option<&CorpusIndex>,
        progress: Progress<'_>,
    ) -> CorpusIndex {
        let total = articles.len();
        // Counted and reported under one lock, so that the counts reach
        // `progress` in order although the articles finish on many threads.
        let done = std::sync::Mutex::new(0usize);
        let previous = previous.map(|p| &p.readings);
        let analyses: Vec<ArticleAnalysis> = articles
            .into_par_iter()
            .map(|a| {
                let r = analyse(a, previous);
                let mut done = done.lock().unwrap_or_else(|e| e.into_inner());
                *done += 1;
                progress(*done, total);
                r
            })
            .collect();
        let mut index = CorpusIndex {
            errors,
            ..Default::default()
        };
        let mut readings = Vec::with_capacity(analyses.len());
        for (id, analysis) in analyses.into_iter().enumerate() {
            let meta = &analysis.article.meta;
            if analysis.reused {
                index.reused += 1;
            }
            let canonical = std::fs::canonicalize(&meta.path).unwrap_or_else(|_| meta.path.clone());
            index
                .by_path
                .entry(canonical)
                .or_default()
                .push(id as ArticleId);
            index.readings.insert(
                (meta.path.clone(), meta.jsonl_line),
                (analysis.fingerprint, Arc::clone(&analysis.reading)),
            );
            readings.push((Arc::clone(meta), analysis.reading));
            index.articles.push(analysis.article);
        }
        index.tables = Tables::derive(&readings);
        index
    }

    /// Loads and indexes the corpus under `paths`.
    pub fn load(paths: &[PathBuf], progress: Progress<'_>) -> CorpusIndex {
        let (articles, errors) = super::loader::load_corpus(paths, &|_, _| {});
        Self::build(articles, errors, progress)
    }

    /// Loads the corpus under `paths` again, re-reading only the articles
    /// that changed since `self` was built.
    pub fn reload(&self, paths: &[PathBuf], progress: Progress<'_>) -> CorpusIndex {
        let (articles, errors) = super::loader::load_corpus(paths, &|_, _| {});
        Self::build_reusing(articles, errors, Some(self), progress)
    }

    /// A view of the index that leaves out some articles (the draft itself).
    pub fn without<'a>(&'a self, excluded: &'a [ArticleId]) -> CorpusView<'a> {
        CorpusView::new(self, excluded)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claims::ClaimValue;
    use crate::corpus::archive::Archive;

    #[test]
    fn reload_rereads_only_changed_articles() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
        write(
            "a.md",
            "NATO-Generalsekretär Mark Rutte reiste nach Kiew.\n",
        );
        write(
            "b.md",
            "Die G7 haben über 2 Milliarden Dollar für die Ukraine bereitgestellt.\n",
        );
        write(
            "c.md",
            "Japans Außenminister Yoshimasa Hayashi sprach in Tokio.\n",
        );
        let paths = [dir.path().to_path_buf()];
        let first = CorpusIndex::load(&paths, &|_, _| {});
        assert_eq!(first.reused, 0);
        write(
            "b.md",
            "Die G7 haben über 3 Milliarden Dollar für die Ukraine bereitgestellt.\n",
        );
        write(
            "d.md",
            "US-Außenminister Antony Blinken reiste nach Tokio.\n",
        );
        let second = first.reload(&paths, &|_, _| {});
        assert_eq!(second.articles.len(), 4);
        assert_eq!(second.reused, 2, "a.md and c.md are reused");
        let figure = second
            .tables
            .claims
            .iter()
            .find_map(|c| match &c.claim.value {
                ClaimValue::Figure(f) if f.unit == "USD" => Some(f.value),
                _ => None,
            })
            .unwrap();
        assert_eq!(figure, 3e9);
        assert!(second.roles_of("Antony Blinken").len() == 1);
        assert!(second.roles_of("Mark Rutte").len() == 1);
    }
}
