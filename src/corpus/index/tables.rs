//! The tables derived from what extraction made of every article: claims
//! with their weighted terms, known names and their mentions, posting lists
//! by unit, entity, word, role and person, and term statistics. They depend
//! on the whole corpus (learned names, surname-only role holders, IDF), so
//! they are derived in one pass over all readings; every backend stores the
//! same tables.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use super::learned::{learn_names, lift_learned_names};
use super::{person_key, surname_of, ArticleReading, CorpusClaim, MentionRef, NameRecord};
use crate::claims::ClaimValue;
use crate::corpus::archive::{ArticleId, ArticleMeta, ClaimId};
use crate::corpus::features::{
    word_term, Layered, NoTerms, OverlayTerms, TermStats, TermTable, TermVector,
};
use crate::extract::NameKind;

/// Posting lists by key, each in ascending order.
pub type Postings<T> = HashMap<String, Arc<[T]>>;

/// Everything derived from the readings of all articles.
#[derive(Debug, Default)]
pub struct Tables {
    pub claims: Vec<Arc<CorpusClaim>>,
    /// Term frequencies for weighing subjects (of these articles only, when
    /// derived over a base: see [`Tables::derive_over`]).
    pub terms: TermStats,
    /// The id of the first term new to the base (0 without one).
    pub first_new_term: u32,
    pub figures_by_unit: Postings<ClaimId>,
    pub figures_by_entity: Postings<ClaimId>,
    pub dates_by_entity: Postings<ClaimId>,
    pub dates_by_word: Postings<ClaimId>,
    pub roles_by_key: Postings<ClaimId>,
    /// Role claims by [`person_key`] of the person.
    pub roles_by_person: Postings<ClaimId>,
    pub names: HashMap<String, Arc<NameRecord>>,
    /// Full names of people by surname and by first name, sorted.
    pub surnames: Postings<String>,
    pub first_names: Postings<String>,
    /// Runs of capitalised name words as written → the articles using them.
    pub spellings: Postings<ArticleId>,
    /// The country whose parties and institutions the archive's roles name
    /// most: the scope of unscoped titles of people it cannot place.
    pub home_country: Option<String>,
    /// Whether any article has a date.
    pub dated: bool,
}

/// Lists of one kind of posting while they are being filled.
#[derive(Default)]
struct Lists<T>(HashMap<String, Vec<T>>);

impl<T> Lists<T> {
    fn push(&mut self, key: &str, value: T) {
        match self.0.get_mut(key) {
            Some(list) => list.push(value),
            None => {
                self.0.insert(key.to_string(), vec![value]);
            }
        }
    }

    fn freeze(self) -> Postings<T> {
        self.0.into_iter().map(|(k, v)| (k, Arc::from(v))).collect()
    }
}

/// What deriving the tables of a few articles on top of an index's (an
/// overlay, see [`crate::corpus::disk::overlay`]) asks of that index. A
/// whole corpus is derived on [`NoBase`].
pub trait BaseTables: Sync {
    /// Is `name` a person the base knows?
    fn is_person(&self, name: &str) -> bool;
    /// Is `first` the first name of a person the base knows?
    fn knows_first_name(&self, first: &str) -> bool;
    /// The full names the base knows with this surname.
    fn people_with_surname(&self, surname: &str) -> Arc<[String]>;
    /// The base's term statistics.
    fn terms(&self) -> &dyn TermTable;
    /// The id the first term new to the base gets.
    fn first_new_term(&self) -> u32;
    /// The base's home country (an overlay does not change it).
    fn home_country(&self) -> Option<String>;
    /// Whether there is no base: the articles are the whole corpus.
    fn is_none(&self) -> bool {
        false
    }
}

/// No base: the tables of a whole corpus.
pub struct NoBase;

impl BaseTables for NoBase {
    fn is_person(&self, _name: &str) -> bool {
        false
    }

    fn knows_first_name(&self, _first: &str) -> bool {
        false
    }

    fn people_with_surname(&self, _surname: &str) -> Arc<[String]> {
        Arc::from(Vec::new())
    }

    fn terms(&self) -> &dyn TermTable {
        &NoTerms
    }

    fn first_new_term(&self) -> u32 {
        0
    }

    fn home_country(&self) -> Option<String> {
        None
    }

    fn is_none(&self) -> bool {
        true
    }
}

impl Tables {
    /// Derives the tables from every article's metadata and reading, in
    /// article-id order.
    pub fn derive(articles: &[(Arc<ArticleMeta>, Arc<ArticleReading>)]) -> Tables {
        Self::derive_over(articles, &NoBase)
    }

    /// Derives the tables of `articles` on top of `base` (ids count from 0
    /// in both lists): names the base knows as people are learned, surnames
    /// resolve through the base's people too, and terms are weighed by the
    /// base's statistics with these articles' counts added (ids of new terms
    /// start at [`BaseTables::first_new_term`]; [`Tables::terms`] holds only
    /// these articles' counts). On [`NoBase`] this is the whole corpus's
    /// derivation.
    pub fn derive_over(
        articles: &[(Arc<ArticleMeta>, Arc<ArticleReading>)],
        base: &dyn BaseTables,
    ) -> Tables {
        let mut names: HashMap<String, NameRecord> = HashMap::new();
        let mut claims: Vec<CorpusClaim> = Vec::new();
        for (id, (_, reading)) in articles.iter().enumerate() {
            let id = id as ArticleId;
            for (name, kind, mention) in &reading.names {
                let mention = MentionRef {
                    article: id,
                    ..*mention
                };
                names
                    .entry(name.clone())
                    .or_insert_with(|| NameRecord {
                        kind: *kind,
                        mentions: Vec::new(),
                    })
                    .mentions
                    .push(mention);
            }
            claims.extend(reading.claims.iter().cloned().map(|claim| CorpusClaim {
                article: id,
                claim,
                terms: TermVector::default(),
            }));
        }
        let readings: Vec<&ArticleReading> = articles.iter().map(|(_, r)| &**r).collect();
        learn_names(&mut names, &readings, &|n| base.is_person(n));
        let mut spellings = Lists::default();
        for (id, reading) in readings.iter().enumerate() {
            for s in &reading.word_use.spellings {
                spellings.push(s, id as ArticleId);
            }
        }
        merge_genitives(&mut names);
        let (mut surnames, mut first_names) = (Lists::default(), Lists::default());
        for (name, record) in &names {
            if record.kind == NameKind::Person && name.contains(' ') {
                surnames.push(surname_of(name), name.clone());
                if let Some(first) = name.split(' ').next() {
                    first_names.push(first, name.clone());
                }
            }
        }
        for lists in [&mut surnames, &mut first_names] {
            for list in lists.0.values_mut() {
                list.sort();
            }
        }
        let known_first_name = |first: &str| {
            base.knows_first_name(first)
                || first_names.0.get(first).is_some_and(|people| {
                    people
                        .iter()
                        .any(|p| names.get(p).is_some_and(|r| r.kind == NameKind::Person))
                })
        };
        let is_person =
            |n: &str| names.get(n).is_some_and(|r| r.kind == NameKind::Person) || base.is_person(n);
        lift_learned_names(&mut claims, &readings, &is_person, &known_first_name);
        resolve_surname_roles(&mut claims, &surnames, base);
        let over = weigh_terms(&mut claims, articles, base);
        let mut tables = Tables {
            terms: over.own,
            first_new_term: over.first_new_id,
            names: names.into_iter().map(|(k, v)| (k, Arc::new(v))).collect(),
            surnames: surnames.freeze(),
            first_names: first_names.freeze(),
            spellings: spellings.freeze(),
            dated: articles.iter().any(|(m, _)| m.date.is_some()),
            ..Tables::default()
        };
        tables.post(&claims);
        tables.home_country = if base.is_none() {
            crate::corpus::timeline::home_country(&claims)
        } else {
            base.home_country()
        };
        tables.claims = claims.into_iter().map(Arc::new).collect();
        tables
    }

    /// Fills the posting lists.
    fn post(&mut self, claims: &[CorpusClaim]) {
        let mut figures_by_unit = Lists::default();
        let mut figures_by_entity = Lists::default();
        let mut dates_by_entity = Lists::default();
        let mut dates_by_word = Lists::default();
        let mut roles_by_key = Lists::default();
        let mut roles_by_person = Lists::default();
        for (i, c) in claims.iter().enumerate() {
            let i = i as ClaimId;
            match &c.claim.value {
                ClaimValue::Figure(f) => {
                    figures_by_unit.push(&f.unit, i);
                    for e in &c.claim.subject.entities {
                        figures_by_entity.push(e, i);
                    }
                }
                ClaimValue::Date { .. } => {
                    for e in &c.claim.subject.entities {
                        dates_by_entity.push(e, i);
                    }
                    for w in &c.claim.subject.local {
                        dates_by_word.push(w, i);
                    }
                }
                ClaimValue::Role(r) => {
                    roles_by_key.push(&r.role, i);
                    roles_by_person.push(&person_key(&r.person), i);
                }
            }
        }
        self.figures_by_unit = figures_by_unit.freeze();
        self.figures_by_entity = figures_by_entity.freeze();
        self.dates_by_entity = dates_by_entity.freeze();
        self.dates_by_word = dates_by_word.freeze();
        self.roles_by_key = roles_by_key.freeze();
        self.roles_by_person = roles_by_person.freeze();
    }
}

/// German genitives of known people (`Heinz-Christian Straches`) are
/// mentions of them.
fn merge_genitives(names: &mut HashMap<String, NameRecord>) {
    let genitives: Vec<String> = names
        .iter()
        .filter(|(name, r)| {
            r.kind == NameKind::Person
                && name.contains(' ')
                && name
                    .strip_suffix('s')
                    .is_some_and(|base| names.get(base).is_some_and(|b| b.kind == NameKind::Person))
        })
        .map(|(name, _)| name.clone())
        .collect();
    for name in genitives {
        if let (Some(record), Some(base)) = (names.remove(&name), name.strip_suffix('s')) {
            if let Some(target) = names.get_mut(base) {
                target.mentions.extend(record.mentions);
            }
        }
    }
}

/// Role holders named by surname only: the one full name the corpus (these
/// articles and the base together) has for it.
fn resolve_surname_roles(
    claims: &mut [CorpusClaim],
    surnames: &Lists<String>,
    base: &dyn BaseTables,
) {
    for c in claims.iter_mut() {
        if let ClaimValue::Role(r) = &mut c.claim.value {
            if !r.surname_only {
                continue;
            }
            let mut people: Vec<String> = surnames.0.get(&r.person).cloned().unwrap_or_default();
            people.extend(base.people_with_surname(&r.person).iter().cloned());
            people.sort();
            people.dedup();
            if let [one] = people.as_slice() {
                r.person = one.clone();
                r.surname_only = false;
            }
        }
    }
}

/// Term statistics: first the words (so compound heads can be found), then
/// each claim sentence's terms once, on top of the base's statistics. Sets
/// every claim's weighted terms.
///
/// A sentence is one document, and its terms are those of all its claims:
/// each claim of a sentence with several figures holds the others' values
/// as words (`ortschaft=164`), so no one claim has them all.
fn weigh_terms(
    claims: &mut [CorpusClaim],
    articles: &[(Arc<ArticleMeta>, Arc<ArticleReading>)],
    base: &dyn BaseTables,
) -> OverlayTerms {
    let first_new_id = base.first_new_term();
    let mut words = OverlayTerms {
        own: TermStats::default(),
        first_new_id,
    };
    for group in sentence_groups(claims) {
        let terms: BTreeSet<String> = group
            .iter()
            .flat_map(|c| c.claim.subject.words.iter().map(|w| word_term(w)))
            .collect();
        words.own.add_document(terms.iter());
    }
    let words = Layered {
        base: base.terms(),
        over: &words,
    };
    let terms: Vec<Vec<String>> = claims
        .iter()
        .map(|c| words.subject_terms(&c.claim.subject, articles[c.article as usize].0.lang))
        .collect();
    let mut full = OverlayTerms {
        own: TermStats::default(),
        first_new_id,
    };
    let mut at = 0;
    for group in sentence_groups(claims) {
        let union: BTreeSet<&String> = terms[at..at + group.len()].iter().flatten().collect();
        full.own.add_document(union.into_iter());
        at += group.len();
    }
    let weights = Layered {
        base: base.terms(),
        over: &full,
    };
    for (c, t) in claims.iter_mut().zip(&terms) {
        c.terms = weights.vector(t);
    }
    full
}

/// The claims of one sentence each: they stand next to each other.
fn sentence_groups(claims: &[CorpusClaim]) -> impl Iterator<Item = &[CorpusClaim]> {
    claims.chunk_by(|a, b| (a.article, a.claim.sentence) == (b.article, b.claim.sentence))
}
