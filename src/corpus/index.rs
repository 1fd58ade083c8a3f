//! The corpus index, built once and in parallel: every article's sentences and
//! claims, with lookups by figure unit, by entity (for dates), by role and by
//! person, plus the names the corpus knows and where it mentions them.

use std::collections::hash_map::DefaultHasher;
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::article::{Article, LoadError};
use super::features::{word_term, TermStats, TermVector};
use super::loader::Progress;
use crate::claims::{build_claims, Claim, ClaimValue};
use crate::extract::persons::{name_pairs, NamePair, WordUse};
use crate::extract::{extract, NameKind, NoKnownNames, ReadOptions};
use crate::text::{Lang, LineIndex};

mod display;
mod learned;
mod view;

use learned::learn_names;
pub use view::CorpusView;

/// Index of an article in [`CorpusIndex::articles`].
pub type ArticleId = u32;

/// An indexed article: its text, metadata and sentences.
#[derive(Debug)]
pub struct IndexedArticle {
    pub path: PathBuf,
    pub jsonl_line: Option<usize>,
    pub title: Option<String>,
    pub date: Option<jiff::civil::Date>,
    pub url: Option<String>,
    pub source: Option<String>,
    pub lang: Lang,
    pub text: String,
    pub sentences: Vec<Range<usize>>,
    pub lines: LineIndex,
}

impl IndexedArticle {
    /// The 1-based line of byte `offset` in the article's file.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.jsonl_line {
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
#[derive(Debug)]
pub struct CorpusClaim {
    pub article: ArticleId,
    pub claim: Claim,
    /// The claim's subject as weighted terms.
    pub terms: TermVector,
}

/// Where the corpus mentions a name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct MentionRef {
    pub article: ArticleId,
    pub sentence: u32,
    /// Byte offset of the mention in the article.
    pub offset: u32,
    /// The mention gives the full name (not only a surname).
    pub full: bool,
}

/// A name the corpus knows, and its mentions.
#[derive(Debug)]
pub struct NameRecord {
    pub kind: NameKind,
    pub mentions: Vec<MentionRef>,
}

/// Everything the checker needs to know about the corpus.
#[derive(Debug, Default)]
pub struct CorpusIndex {
    pub articles: Vec<IndexedArticle>,
    pub claims: Vec<CorpusClaim>,
    /// Problems met while reading the corpus.
    pub errors: Vec<LoadError>,
    /// Term frequencies for weighing subjects.
    pub terms: TermStats,
    figures_by_unit: HashMap<String, Vec<u32>>,
    dates_by_entity: HashMap<String, Vec<u32>>,
    dates_by_word: HashMap<String, Vec<u32>>,
    roles_by_key: HashMap<String, Vec<u32>>,
    roles_by_person: HashMap<String, Vec<u32>>,
    /// The country whose parties and institutions the archive's roles name
    /// most: the scope of unscoped titles of people it cannot place.
    pub home_country: Option<String>,
    names: HashMap<String, NameRecord>,
    surnames: HashMap<String, Vec<String>>,
    first_names: HashMap<String, Vec<String>>,
    /// Runs of capitalised name words as written → the articles using them.
    spellings: HashMap<String, Vec<ArticleId>>,
    by_path: HashMap<PathBuf, Vec<ArticleId>>,
    /// What extraction made of each article, for re-indexing.
    readings: HashMap<ArticleKey, (u64, Arc<ArticleReading>)>,
    /// Articles whose reading was reused from a previous index.
    pub reused: usize,
    /// The folder corpus paths are shown relative to in messages and cards
    /// (the workspace, or the folder of the `.factcheck.toml` naming the
    /// corpus); `None` shows them as they were given.
    pub display_root: Option<PathBuf>,
}

/// What extraction made of one article. Kept in the index so that
/// re-indexing reuses it for every article whose text has not changed.
#[derive(Clone, Debug)]
struct ArticleReading {
    lang: Lang,
    sentences: Vec<std::ops::Range<usize>>,
    lines: LineIndex,
    claims: Vec<Claim>,
    names: Vec<(String, NameKind, MentionRef)>,
    /// Capitalised pairs that may be names, and how the article uses words.
    name_pairs: Vec<NamePair>,
    word_use: WordUse,
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
fn fingerprint(article: &Article) -> u64 {
    let mut h = DefaultHasher::new();
    article.text.hash(&mut h);
    article.lang.hash(&mut h);
    article.markdown.hash(&mut h);
    article.date.map(|d| d.to_string()).hash(&mut h);
    h.finish()
}

fn read_article(article: &Article) -> ArticleReading {
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
            path: article.path,
            jsonl_line: article.jsonl_line,
            title: article.title,
            date: article.date,
            url: article.url,
            source: article.source,
            lang: reading.lang,
            sentences: reading.sentences.clone(),
            lines: reading.lines.clone(),
            text: article.text,
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
        let analyses_pairs: Vec<Arc<ArticleReading>> =
            analyses.iter().map(|a| Arc::clone(&a.reading)).collect();
        for (id, analysis) in analyses.into_iter().enumerate() {
            let id = id as ArticleId;
            if analysis.reused {
                index.reused += 1;
            }
            for (name, kind, mention) in &analysis.reading.names {
                let mut mention = *mention;
                mention.article = id;
                index
                    .names
                    .entry(name.clone())
                    .or_insert_with(|| NameRecord {
                        kind: *kind,
                        mentions: Vec::new(),
                    })
                    .mentions
                    .push(mention);
            }
            for claim in analysis.reading.claims.iter().cloned() {
                index.claims.push(CorpusClaim {
                    article: id,
                    claim,
                    terms: TermVector::default(),
                });
            }
            let canonical = std::fs::canonicalize(&analysis.article.path)
                .unwrap_or_else(|_| analysis.article.path.clone());
            index.by_path.entry(canonical).or_default().push(id);
            index.readings.insert(
                (analysis.article.path.clone(), analysis.article.jsonl_line),
                (analysis.fingerprint, Arc::clone(&analysis.reading)),
            );
            index.articles.push(analysis.article);
        }
        learn_names(&mut index, &analyses_pairs);
        for (id, reading) in analyses_pairs.iter().enumerate() {
            for s in &reading.word_use.spellings {
                index
                    .spellings
                    .entry(s.clone())
                    .or_default()
                    .push(id as ArticleId);
            }
        }
        // German genitives of known people (`Heinz-Christian Straches`) are
        // mentions of them.
        let genitives: Vec<String> = index
            .names
            .iter()
            .filter(|(name, r)| {
                r.kind == NameKind::Person
                    && name.contains(' ')
                    && name.strip_suffix('s').is_some_and(|base| {
                        index
                            .names
                            .get(base)
                            .is_some_and(|b| b.kind == NameKind::Person)
                    })
            })
            .map(|(name, _)| name.clone())
            .collect();
        for name in genitives {
            if let (Some(record), Some(base)) = (index.names.remove(&name), name.strip_suffix('s'))
            {
                if let Some(target) = index.names.get_mut(base) {
                    target.mentions.extend(record.mentions);
                }
            }
        }
        for (name, record) in &index.names {
            if record.kind == NameKind::Person && name.contains(' ') {
                index
                    .surnames
                    .entry(surname_of(name).to_string())
                    .or_default()
                    .push(name.clone());
                if let Some(first) = name.split(' ').next() {
                    index
                        .first_names
                        .entry(first.to_string())
                        .or_default()
                        .push(name.clone());
                }
            }
        }
        // Role holders named by surname only: the one full name the corpus has for it.
        let resolved: Vec<(usize, String)> = index
            .claims
            .iter()
            .enumerate()
            .filter_map(|(i, c)| match &c.claim.value {
                ClaimValue::Role(r) if r.surname_only => {
                    match index.surnames.get(&r.person).map(Vec::as_slice) {
                        Some([one]) => Some((i, one.clone())),
                        _ => None,
                    }
                }
                _ => None,
            })
            .collect();
        for (i, name) in resolved {
            if let ClaimValue::Role(r) = &mut index.claims[i].claim.value {
                r.person = name;
                r.surname_only = false;
            }
        }
        // Term statistics: first the words (so compound heads can be found),
        // then each claim sentence's terms once.
        let mut words = TermStats::default();
        let mut counted = HashSet::new();
        for c in &index.claims {
            if counted.insert((c.article, c.claim.sentence)) {
                let terms: Vec<String> =
                    c.claim.subject.words.iter().map(|w| word_term(w)).collect();
                words.add_document(terms.iter());
            }
        }
        let terms: Vec<Vec<String>> = index
            .claims
            .iter()
            .map(|c| words.subject_terms(&c.claim.subject, index.articles[c.article as usize].lang))
            .collect();
        let mut full = TermStats::default();
        counted.clear();
        for (c, t) in index.claims.iter().zip(&terms) {
            if counted.insert((c.article, c.claim.sentence)) {
                full.add_document(t.iter());
            }
        }
        for (c, t) in index.claims.iter_mut().zip(&terms) {
            c.terms = full.vector(t);
        }
        index.terms = full;
        for (i, c) in index.claims.iter().enumerate() {
            let i = i as u32;
            match &c.claim.value {
                ClaimValue::Figure(f) => index
                    .figures_by_unit
                    .entry(f.unit.clone())
                    .or_default()
                    .push(i),
                ClaimValue::Date { .. } => {
                    for e in &c.claim.subject.entities {
                        index.dates_by_entity.entry(e.clone()).or_default().push(i);
                    }
                    for w in &c.claim.subject.local {
                        index.dates_by_word.entry(w.clone()).or_default().push(i);
                    }
                }
                ClaimValue::Role(r) => {
                    index
                        .roles_by_key
                        .entry(r.role.clone())
                        .or_default()
                        .push(i);
                    index
                        .roles_by_person
                        .entry(person_key(&r.person))
                        .or_default()
                        .push(i);
                }
            }
        }
        index.home_country = super::timeline::home_country(&index);
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

    /// The articles read from the file at `path` (a draft that is part of the corpus).
    pub fn articles_at(&self, path: &Path) -> &[ArticleId] {
        let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        self.by_path.get(&canonical).map_or(&[], Vec::as_slice)
    }

    pub fn claim(&self, i: u32) -> &CorpusClaim {
        &self.claims[i as usize]
    }

    pub fn article(&self, id: ArticleId) -> &IndexedArticle {
        &self.articles[id as usize]
    }

    /// Figure claims with this unit key.
    pub fn figures_with_unit(&self, unit: &str) -> &[u32] {
        self.figures_by_unit.get(unit).map_or(&[], Vec::as_slice)
    }

    /// Date claims whose sentence mentions this entity.
    pub fn dates_about(&self, entity: &str) -> &[u32] {
        self.dates_by_entity.get(entity).map_or(&[], Vec::as_slice)
    }

    /// Date claims with this word (stem) around the date.
    pub fn dates_with_word(&self, stem: &str) -> &[u32] {
        self.dates_by_word.get(stem).map_or(&[], Vec::as_slice)
    }

    /// Role claims of this role key (`foreign-minister`, `deputy:chancellor`).
    pub fn role_claims(&self, role: &str) -> &[u32] {
        self.roles_by_key.get(role).map_or(&[], Vec::as_slice)
    }

    /// Role claims about this person.
    pub fn roles_of(&self, person: &str) -> &[u32] {
        self.roles_by_person
            .get(&person_key(person))
            .map_or(&[], Vec::as_slice)
    }

    /// The record of a known name.
    pub fn name(&self, name: &str) -> Option<&NameRecord> {
        self.names.get(name)
    }

    /// Every known name with its record.
    pub fn names(&self) -> impl Iterator<Item = (&String, &NameRecord)> {
        self.names.iter()
    }

    /// Full names of people with this surname.
    pub fn people_with_surname(&self, surname: &str) -> &[String] {
        self.surnames.get(surname).map_or(&[], Vec::as_slice)
    }

    /// Full names of people with this first name.
    pub fn people_with_first_name(&self, first: &str) -> &[String] {
        self.first_names.get(first).map_or(&[], Vec::as_slice)
    }

    /// A view of the index that leaves out some articles (the draft itself).
    pub fn without<'a>(&'a self, excluded: &'a [ArticleId]) -> CorpusView<'a> {
        CorpusView {
            index: self,
            excluded,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
