//! How alike two claim subjects are, weighted by how rare their terms are in
//! the corpus: shared `Nordkorea` and `Soldaten` say more than a shared `US`
//! or `said`. Subjects become sets of interned terms (entities and word
//! stems; German compounds also contribute their head, so `Abkommen` meets
//! `Verteidigungsabkommen`), compared by IDF-weighted cosine similarity.

use std::collections::HashMap;

use crate::claims::Subject;
use crate::text::Lang;

/// Entities weigh more than words.
const ENTITY_BOOST: f64 = 1.5;
/// Shortest compound head that counts (`abkomm`).
const MIN_HEAD: usize = 5;
/// Shortest word that is looked at as a compound.
const MIN_COMPOUND: usize = 9;

/// Interned terms with their document frequencies (over claim sentences).
#[derive(Debug, Default)]
pub struct TermStats {
    ids: HashMap<String, u32>,
    df: Vec<u32>,
    /// Number of claim sentences counted.
    documents: u32,
}

/// A subject as weighted terms, ready for comparison.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TermVector {
    /// Sorted term ids known to the corpus, with their weights.
    pub terms: Vec<(u32, f64)>,
    /// Euclidean norm, counting terms the corpus does not know too.
    pub norm: f64,
}

fn entity_term(e: &str) -> String {
    format!("e:{e}")
}

/// The term a word stem becomes.
pub fn word_term(w: &str) -> String {
    format!("w:{w}")
}

/// Term ids and document frequencies, wherever they are kept: the lookup
/// every archive backend provides. The IDF weighting is computed on top of
/// it, so every backend weighs alike.
pub trait TermTable: Send + Sync {
    /// Number of claim sentences counted.
    fn documents(&self) -> u32;

    /// A term's id and document frequency (`None`: unseen).
    fn lookup(&self, term: &str) -> Option<(u32, u32)>;

    /// Fetches at once, where each lookup is a round trip, the statistics
    /// of `terms` (a guess: a term left out is looked up on its own). The
    /// answers stay the same with or without it.
    fn prefetch(&self, _terms: &[String]) {}

    /// [`TermTable::prefetch`] for the terms a frame comparison weighs
    /// `subject` by (see [`subject_lookups`]); a table at hand lists none.
    fn prefetch_subject(&self, _subject: &Subject) {}

    /// Smoothed inverse document frequency of a term found in `df` claim
    /// sentences.
    fn idf_count(&self, df: usize) -> f64 {
        let n = f64::from(self.documents());
        ((n + 1.0) / (df as f64 + 1.0)).ln() + 1.0
    }

    /// Inverse document frequency of a term (`e:…`/`w:…`/`t:…`) by name.
    fn idf_of(&self, term: &str) -> f64 {
        self.idf_count(self.lookup(term).map_or(0, |(_, df)| df as usize))
    }

    /// Is `stem` a word of the corpus?
    fn knows_word(&self, stem: &str) -> bool {
        self.lookup(&word_term(stem)).is_some()
    }

    /// The terms of a subject: its entities, its words, and the heads of its
    /// German compounds that the corpus knows as words.
    fn subject_terms(&self, subject: &Subject, lang: Lang) -> Vec<String> {
        let mut terms: Vec<String> = subject.entities.iter().map(|e| entity_term(e)).collect();
        // The value's own time anchor (`t:2015`, `t:past`).
        terms.extend(subject.anchors.iter().map(|a| format!("t:{a}")));
        for w in &subject.words {
            terms.push(word_term(w));
            if lang == Lang::De {
                if let Some(head) = compound_head(self, w) {
                    terms.push(word_term(head));
                }
            }
        }
        terms.sort();
        terms.dedup();
        terms
    }

    /// Weighs a list of terms.
    fn vector(&self, terms: &[String]) -> TermVector {
        let mut out = Vec::new();
        let mut norm = 0.0;
        for t in terms {
            let found = self.lookup(t);
            let boost = if t.starts_with("e:") {
                ENTITY_BOOST
            } else {
                1.0
            };
            let w = self.idf_count(found.map_or(0, |(_, df)| df as usize)) * boost;
            norm += w * w;
            if let Some((id, _)) = found {
                out.push((id, w));
            }
        }
        out.sort_by_key(|(id, _)| *id);
        out.dedup_by_key(|(id, _)| *id);
        TermVector {
            terms: out,
            norm: norm.sqrt(),
        }
    }
}

/// Every term that weighing `subject` may look up: its entities, anchors
/// and words, and with `heads` (as [`TermTable::subject_terms`] does) every
/// suffix of a long word that could be its compound head.
pub fn subject_lookups(subject: &Subject, heads: bool) -> Vec<String> {
    let mut out: Vec<String> = subject.entities.iter().map(|e| entity_term(e)).collect();
    out.extend(subject.anchors.iter().map(|a| format!("t:{a}")));
    for w in &subject.words {
        out.push(word_term(w));
        if heads {
            out.extend(compound_head_candidates(w).map(word_term));
        }
    }
    out
}

/// The suffixes of `word` that [`compound_head`] tries, longest first.
fn compound_head_candidates(word: &str) -> impl Iterator<Item = &str> {
    let long = word.chars().count() >= MIN_COMPOUND && !word.contains('=');
    word.char_indices()
        .skip(1)
        .map(|(i, _)| &word[i..])
        .take_while(move |s| long && s.chars().count() >= MIN_HEAD)
}

/// The longest proper suffix of `word` that the corpus knows as a word.
pub fn compound_head<'a, T: TermTable + ?Sized>(table: &T, word: &'a str) -> Option<&'a str> {
    compound_head_candidates(word).find(|s| table.knows_word(s))
}

impl TermTable for TermStats {
    fn documents(&self) -> u32 {
        self.documents
    }

    fn lookup(&self, term: &str) -> Option<(u32, u32)> {
        let id = *self.ids.get(term)?;
        Some((id, self.df[id as usize]))
    }
}

/// A table that knows no term (the base of a whole corpus's statistics).
pub struct NoTerms;

impl TermTable for NoTerms {
    fn documents(&self) -> u32 {
        0
    }

    fn lookup(&self, _term: &str) -> Option<(u32, u32)> {
        None
    }
}

/// Term statistics of a few articles counted on top of a larger table's (an
/// index's overlay, see [`crate::corpus::disk::overlay`]): a term the base
/// knows keeps its id, a term new to it gets an id after the base's last
/// (`first_new_id` plus its own), and document frequencies add up.
#[derive(Debug, Default)]
pub struct OverlayTerms {
    pub own: TermStats,
    pub first_new_id: u32,
}

impl OverlayTerms {
    /// A term's id and frequency, given what the base says of it.
    pub fn lookup_over(&self, base: Option<(u32, u32)>, term: &str) -> Option<(u32, u32)> {
        let own = self.own.lookup(term);
        match (base, own) {
            (Some((id, df)), own) => Some((id, df + own.map_or(0, |(_, d)| d))),
            (None, Some((id, df))) => Some((self.first_new_id + id, df)),
            (None, None) => None,
        }
    }
}

/// A base table with an overlay's statistics on top.
pub struct Layered<'a> {
    pub base: &'a dyn TermTable,
    pub over: &'a OverlayTerms,
}

impl TermTable for Layered<'_> {
    fn documents(&self) -> u32 {
        self.base.documents() + self.over.own.documents
    }

    fn lookup(&self, term: &str) -> Option<(u32, u32)> {
        self.over.lookup_over(self.base.lookup(term), term)
    }
}

impl TermStats {
    /// Counts the terms of one claim sentence (call once per sentence).
    pub fn add_document<'a>(&mut self, terms: impl Iterator<Item = &'a String>) {
        self.documents += 1;
        let mut seen = Vec::new();
        for t in terms {
            let next = self.ids.len() as u32;
            let id = *self.ids.entry(t.clone()).or_insert(next);
            if id as usize == self.df.len() {
                self.df.push(0);
            }
            if !seen.contains(&id) {
                seen.push(id);
                self.df[id as usize] += 1;
            }
        }
    }

    /// Every term with its id and document frequency (for persisting).
    pub fn entries(&self) -> impl Iterator<Item = (&str, u32, u32)> + '_ {
        self.ids
            .iter()
            .map(|(t, &id)| (t.as_str(), id, self.df[id as usize]))
    }
}

/// Cosine similarity of two term vectors (0 when either is empty), and the
/// number of terms they share.
pub fn cosine(a: &TermVector, b: &TermVector) -> (f64, usize) {
    if a.norm == 0.0 || b.norm == 0.0 {
        return (0.0, 0);
    }
    let (mut i, mut j, mut dot, mut shared) = (0, 0, 0.0, 0);
    while i < a.terms.len() && j < b.terms.len() {
        match a.terms[i].0.cmp(&b.terms[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                dot += a.terms[i].1 * b.terms[j].1;
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    (dot / (a.norm * b.norm), shared)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn subject(entities: &[&str], words: &[&str]) -> Subject {
        Subject {
            entities: entities
                .iter()
                .map(|s| s.to_string())
                .collect::<BTreeSet<_>>(),
            words: words.iter().map(|s| s.to_string()).collect(),
            ..Subject::default()
        }
    }

    #[test]
    fn rare_terms_weigh_more_and_compounds_meet_their_heads() {
        let mut stats = TermStats::default();
        let docs = [
            subject(&["US"], &["said", "abkomm"]),
            subject(&["US"], &["said", "tax"]),
            subject(&["US", "Nordkorea"], &["said", "soldat"]),
        ];
        for d in &docs {
            stats.add_document(stats.subject_terms(d, Lang::De).iter());
        }
        assert!(stats.idf_of("e:Nordkorea") > stats.idf_of("e:US"));
        assert_eq!(compound_head(&stats, "verteidigungsabkomm"), Some("abkomm"));
        let a = stats.vector(&stats.subject_terms(&subject(&["Nordkorea"], &["soldat"]), Lang::De));
        let b = stats.vector(&stats.subject_terms(&docs[2], Lang::De));
        let c = stats.vector(&stats.subject_terms(&docs[1], Lang::De));
        assert!(cosine(&a, &b).0 > 0.5);
        assert_eq!(cosine(&a, &b).1, 2);
        assert_eq!(cosine(&a, &c), (0.0, 0));
        let d =
            stats.vector(&stats.subject_terms(&subject(&[], &["verteidigungsabkomm"]), Lang::De));
        let e = stats.vector(&stats.subject_terms(&docs[0], Lang::De));
        assert!(cosine(&d, &e).0 > 0.0);
    }
}
