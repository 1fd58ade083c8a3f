//! Claim frames: is a corpus claim about the same fact as a draft claim?
//!
//! "Same fact" is measured from the corpus claim's side: how much of its
//! frame — the entities of its sentence, the words around its value and the
//! other figures its sentence states — the draft sentence covers, each term
//! weighted by how rare it is in the corpus. A draft that says more than the
//! archive is still about the same fact; symmetric whole-sentence cosine
//! would punish it for the extra context.
//!
//! Words meet when their stems are equal, when one is the head or the
//! modifier of the other's German compound (`Barriere` ~ `Grenzbarriere`),
//! when they are forms of one German verb (`eingespart` ~ `einsparen`), or
//! when a thesaurus puts them in one synonym set (`beschlossen` ~
//! `festgelegt`, `cut` ~ `reduce`; see [`crate::lexicon::thesaurus`]).
//!
//! Time: a value's own anchor (dates and time words of its clause) must be
//! compatible with the other value's; an anchor missing on one side does not
//! block.

use std::collections::{BTreeSet, HashSet};

use super::Subject;
use crate::extract::DateValue;
use crate::lexicon::thesaurus::thesaurus;
use crate::text::Lang;

/// Shortest compound head or modifier that counts (`abkomm`, `freizeit`).
const MIN_HEAD: usize = 5;
/// Shortest compound modifier that counts: modifiers are less telling than heads.
const MIN_MODIFIER: usize = 6;
/// German separable verb prefixes, before a participle's `ge`.
const SEPARABLE_PREFIXES: [&str; 18] = [
    "ab", "an", "auf", "aus", "bei", "ein", "mit", "nach", "vor", "weg", "zu", "zurück", "um",
    "durch", "fest", "frei", "hin", "her",
];

/// One German verb's forms under one key: `eingespart`, `einsparen`,
/// `einspart` → `einspar`; `gestellt`, `stellt` → `stell`. `None` for words
/// that are no verb form this handles.
pub fn verb_key(stem: &str) -> Option<String> {
    let (prefix, rest) = verb_parts(stem);
    Some(format!("{prefix}{rest}"))
}

/// The key of [`verb_key`] as two pieces to be read one after the other,
/// found without allocating (it runs for every pair of words compared).
fn verb_parts(stem: &str) -> (&str, &str) {
    let (prefix, rest) = SEPARABLE_PREFIXES
        .iter()
        .find_map(|p| {
            stem.strip_prefix(p)
                .and_then(|r| r.strip_prefix("ge"))
                .filter(|_| stem.chars().count() > p.len() + 5)
                .map(|r| (*p, r))
        })
        .unwrap_or_else(|| match stem.strip_prefix("ge") {
            Some(r) if stem.chars().count() >= 7 => ("", r),
            _ => ("", stem),
        });
    let long_enough = |r: &str| prefix.chars().count() + r.chars().count() >= 4;
    match rest.strip_suffix('t') {
        Some(r) if long_enough(r) => (prefix, r),
        _ => (prefix, rest),
    }
}

/// Do two stems have the same [`verb_key`]?
fn same_verb(a: &str, b: &str) -> bool {
    let (pa, ra) = verb_parts(a);
    let (pb, rb) = verb_parts(b);
    pa.len() + ra.len() == pb.len() + rb.len()
        && pa
            .bytes()
            .chain(ra.bytes())
            .eq(pb.bytes().chain(rb.bytes()))
}

fn compound_match(a: &str, b: &str, lang: Lang) -> bool {
    let (short, long) = if a.len() < b.len() { (a, b) } else { (b, a) };
    let n = short.chars().count();
    if short == long || n < MIN_HEAD || short.contains('=') {
        return short == long;
    }
    long.ends_with(short) || lang == Lang::De && n >= MIN_MODIFIER && long.starts_with(short)
}

/// Are two stems the same word, a compound and its head, forms of one
/// German verb, or synonyms?
pub fn words_related(a: &str, b: &str, lang: Lang) -> bool {
    if a == b || compound_match(a, b, lang) {
        return true;
    }
    if a.contains('=') || b.contains('=') {
        return false;
    }
    if lang == Lang::De && same_verb(a, b) {
        return true;
    }
    thesaurus(lang).synonyms(a, b)
}

/// A set of words prepared for fast relation tests.
#[derive(Debug, Default)]
struct WordSet {
    words: HashSet<String>,
    keys: HashSet<String>,
    sets: HashSet<u32>,
    list: Vec<String>,
}

impl WordSet {
    fn new<'a>(words: impl Iterator<Item = &'a String>, lang: Lang) -> WordSet {
        let mut out = WordSet::default();
        let th = thesaurus(lang);
        for w in words {
            if !out.words.insert(w.clone()) {
                continue;
            }
            out.list.push(w.clone());
            if w.contains('=') {
                continue;
            }
            if lang == Lang::De {
                out.keys.extend(verb_key(w));
            }
            out.sets.extend(th.sets(w).iter().copied());
        }
        out
    }

    fn covers(&self, w: &str, lang: Lang) -> bool {
        if self.words.contains(w) {
            return true;
        }
        if w.contains('=') {
            return false;
        }
        lang == Lang::De && verb_key(w).is_some_and(|k| self.keys.contains(&k))
            || thesaurus(lang)
                .sets(w)
                .iter()
                .any(|s| self.sets.contains(s))
            || self.list.iter().any(|d| compound_match(d, w, lang))
    }
}

/// A draft claim's subject, prepared for comparison with many corpus claims.
#[derive(Debug)]
pub struct DraftFrame {
    lang: Lang,
    entities: BTreeSet<String>,
    anchors: BTreeSet<String>,
    words: WordSet,
    local: WordSet,
    near: Vec<String>,
}

impl DraftFrame {
    pub fn new(subject: &Subject, lang: Lang) -> DraftFrame {
        DraftFrame {
            lang,
            entities: subject.entities.clone(),
            anchors: subject.anchors.clone(),
            words: WordSet::new(subject.words.iter().chain(&subject.local), lang),
            local: WordSet::new(subject.local.iter(), lang),
            near: subject.near.iter().cloned().collect(),
        }
    }

    /// How much of the corpus claim's frame the draft covers; `idf` weighs a
    /// term (`e:` entity, `w:` word or `t:` time anchor, as in the term
    /// statistics). `key` is the weight of what the candidate was found
    /// through (its counted noun), which both sides share by construction.
    pub fn compare(&self, corpus: &Subject, key: f64, idf: impl Fn(&str) -> f64) -> FrameMatch {
        let lang = self.lang;
        let mut total = key;
        let mut covered_weight = key;
        let mut out = FrameMatch::default();
        for a in &corpus.anchors {
            let w = idf(&format!("t:{a}"));
            total += w;
            let one = |x: &String| BTreeSet::from([x.clone()]);
            if !a.starts_with(DAY_ANCHOR)
                && self
                    .anchors
                    .iter()
                    .any(|d| anchors_compatible(&one(a), &one(a), &one(d), &one(d)))
            {
                covered_weight += w;
                out.covered += 1;
            }
        }
        for e in &corpus.entities {
            let w = idf(&format!("e:{e}"));
            total += w;
            if self.entities.contains(e) {
                covered_weight += w;
                out.covered += 1;
                out.entity = true;
            }
        }
        let values = corpus.words.iter().filter(|w| w.contains('='));
        for word in corpus.local.iter().chain(values) {
            let w = idf(&format!("w:{word}"));
            total += w;
            if self.words.covers(word, lang) {
                covered_weight += w;
                out.covered += 1;
            }
        }
        out.coverage = if total > 0.0 {
            covered_weight / total
        } else {
            0.0
        };
        out.near = corpus.near.iter().any(|w| self.local.covers(w, lang))
            || self
                .near
                .iter()
                .any(|d| corpus.local.iter().any(|c| words_related(d, c, lang)));
        out
    }
}

/// How a corpus claim's frame is covered by a draft claim.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct FrameMatch {
    /// Share of the frame's weight the draft covers (0–1).
    pub coverage: f64,
    /// Frame terms covered.
    pub covered: usize,
    /// A shared entity.
    pub entity: bool,
    /// A word right next to one value is related to a word around the other.
    pub near: bool,
}

/// Share of a corpus frame a draft must cover to be about the same fact.
pub const FRAME_COVERAGE: f64 = 0.5;
/// Frame terms a draft must cover.
pub const FRAME_TERMS: usize = 2;

/// Coverage that stands in for sentence similarity where a unit is common.
pub const STRONG_COVERAGE: f64 = 0.67;
/// Frame terms covered for a strong match.
pub const STRONG_TERMS: usize = 3;

impl FrameMatch {
    /// Does the draft cover most of the corpus claim's frame, with several terms?
    pub fn strong(&self) -> bool {
        self.coverage >= STRONG_COVERAGE && self.covered >= STRONG_TERMS
    }

    /// Does the draft cover enough of the corpus claim's frame?
    pub fn matches(&self) -> bool {
        self.coverage >= FRAME_COVERAGE && self.covered >= FRAME_TERMS
    }
}

/// Can two time anchors be the same time? A day told relative to the
/// article (`am Sonntag`, `yesterday`) anywhere in one sentence must be
/// named in the other sentence too: daily counts (`am Sonntag kamen rund
/// 2.100 Menschen`) are different facts from another day's, and a sentence
/// without a day cannot be placed beside one (measured: letting a one-sided
/// day pass added four false figure conflicts on `derstandard` and no date
/// finding). A value whose own clause gives a date is governed by that date,
/// not by a day elsewhere in its sentence (`das am Dienstag nach Brüssel
/// ging, wurden 2015 … gestellt`). Beyond that, an anchor only blocks when both sides have one and
/// they disagree: dates must agree where both sides give one; otherwise
/// time words must share a key where both give one; a date against a mere
/// time word cannot be told to agree. Two sentences that each give calendar
/// days, none in common, tell of different events (box scores of two
/// matches), unless a value's own clause gives its date. `a_sentence`/`b_sentence` are the
/// time words and dates of the whole sentences ([`Subject::when`]).
pub fn anchors_compatible(
    a: &BTreeSet<String>,
    a_sentence: &BTreeSet<String>,
    b: &BTreeSet<String>,
    b_sentence: &BTreeSet<String>,
) -> bool {
    // Relative days anywhere in either sentence (`meldete am Samstag, …`).
    let days = |sentence: &BTreeSet<String>| -> BTreeSet<String> {
        sentence
            .iter()
            .map(|w| super::anchor_key(w))
            .filter(|k| k.starts_with(DAY_ANCHOR))
            .collect()
    };
    let day_of = |anchors: &BTreeSet<String>| -> BTreeSet<String> {
        anchors
            .iter()
            .filter(|x| x.starts_with(DAY_ANCHOR))
            .cloned()
            .collect()
    };
    let is_date = |s: &&String| s.starts_with(|c: char| c.is_ascii_digit() || c == 'X');
    // A value's own relative day counts even when the sentence's time words
    // were not given. A day elsewhere in the sentence only counts when the
    // value's own clause gives no date of its own: in `das am Dienstag nach
    // Brüssel ging, wurden 2015 … gestellt` the year governs the value and
    // the day dates the report.
    let governing_days = |anchors: &BTreeSet<String>, sentence: &BTreeSet<String>| {
        if anchors.iter().any(|x| is_date(&x)) {
            day_of(anchors)
        } else {
            days(sentence).union(&day_of(anchors)).cloned().collect()
        }
    };
    let a_days = governing_days(a, a_sentence);
    let b_days = governing_days(b, b_sentence);
    if !(a_days.is_empty() && b_days.is_empty()) && a_days.is_disjoint(&b_days) {
        return false;
    }
    // Calendar days of the sentences, where a value's own clause gives no
    // date: two sentences that each give a day, and no day in common, tell
    // of different events (one match's attendance against another's).
    let calendar_days = |anchors: &BTreeSet<String>, sentence: &BTreeSet<String>| {
        if anchors.iter().any(|x| is_date(&x)) {
            Vec::new()
        } else {
            sentence
                .iter()
                .filter(|x| is_calendar_day(x))
                .cloned()
                .collect()
        }
    };
    let (a_cal, b_cal) = (calendar_days(a, a_sentence), calendar_days(b, b_sentence));
    if !a_cal.is_empty()
        && !b_cal.is_empty()
        && !a_cal.iter().any(|x| b_cal.iter().any(|y| iso_agree(x, y)))
    {
        return false;
    }
    let not_day = |s: &&String| !s.starts_with(DAY_ANCHOR);
    let (ad, aw): (Vec<&String>, Vec<&String>) = a.iter().filter(not_day).partition(is_date);
    let (bd, bw): (Vec<&String>, Vec<&String>) = b.iter().filter(not_day).partition(is_date);
    match (ad.is_empty(), bd.is_empty(), aw.is_empty(), bw.is_empty()) {
        (true, _, true, _) | (_, true, _, true) => true,
        (false, false, ..) => ad.iter().any(|x| bd.iter().any(|y| iso_agree(x, y))),
        (.., false, false) => aw.iter().any(|x| bw.contains(x)),
        // A date on one side, only a time word on the other: they cannot be
        // told to be the same time.
        _ => false,
    }
}

/// Is an ISO date a whole calendar day (`2016-05-07`), year included?
fn is_calendar_day(iso: &str) -> bool {
    DateValue::from_iso(iso).is_some_and(|d| d.year.is_some() && d.day.is_some())
}

/// Prefix of anchor keys that name a day relative to the article's date.
pub const DAY_ANCHOR: &str = "day:";

/// Do two ISO dates (`2015`, `XXXX-03`, `2016-03-30`, `2024-W45`) agree
/// where both are known?
fn iso_agree(a: &str, b: &str) -> bool {
    match (DateValue::from_iso(a), DateValue::from_iso(b)) {
        (Some(x), Some(y)) => x.agrees(&y) != Some(false),
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::stem;

    fn set(items: &[&str]) -> BTreeSet<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn participles_meet_their_verbs() {
        let de = |w| stem(w, Lang::De);
        assert_eq!(verb_key(&de("eingespart")), verb_key(&de("einsparen")));
        assert_eq!(verb_key(&de("gestellt")), verb_key(&de("stellen")));
        assert_ne!(verb_key(&de("gestellt")), verb_key(&de("gespart")));
    }

    #[test]
    fn anchors_block_only_when_both_sides_differ() {
        let ok = |a: &[&str], b: &[&str]| anchors_compatible(&set(a), &set(a), &set(b), &set(b));
        assert!(ok(&["2015"], &[]));
        assert!(ok(&["2015"], &["2015-03-01"]));
        assert!(!ok(&["2013"], &["2016"]));
        assert!(ok(&["past"], &["past", "2015"]));
        assert!(ok(&["2024-W45"], &["2024-11-06"]));
        assert!(!ok(&["2024-W45"], &["2024-11-12"]));
        assert!(!ok(&["past"], &["2015"]));
        assert!(!ok(&["day:montag"], &["day:freitag"]));
        // A relative day on one side only blocks: it cannot be placed.
        assert!(!ok(&["day:freitag"], &[]));
        assert!(!ok(&["day:freitag"], &["2015"]));
        assert!(ok(&["day:freitag", "2015"], &["day:freitag"]));
        // A day elsewhere in the sentence dates the report, not a value
        // that has a time anchor of its own (`das am Dienstag vorgelegt
        // wurde, gab es 2015 …`).
        assert!(anchors_compatible(
            &set(&["2015"]),
            &set(&["2015", "dienstag"]),
            &set(&["2015"]),
            &set(&["2015"])
        ));
        // Without a date of its own, the sentence's day still counts.
        assert!(!anchors_compatible(
            &set(&[]),
            &set(&["dienstag"]),
            &set(&["2015"]),
            &set(&["2015"])
        ));
        assert!(!anchors_compatible(
            &set(&["past"]),
            &set(&["dienstag", "vergangenen"]),
            &set(&["past"]),
            &set(&["vergangenen"])
        ));
        // Sentences on different calendar days tell of different events,
        // unless the value's own clause gives the date that governs it.
        assert!(!anchors_compatible(
            &set(&[]),
            &set(&["2016-05-07"]),
            &set(&[]),
            &set(&["2016-05-19"])
        ));
        assert!(anchors_compatible(
            &set(&[]),
            &set(&["2016-05-07"]),
            &set(&[]),
            &set(&["2016-05-07", "2016-05-19"])
        ));
        assert!(anchors_compatible(
            &set(&["2015"]),
            &set(&["2015", "2016-05-07"]),
            &set(&["2015"]),
            &set(&["2015", "2016-05-19"])
        ));
        assert!(anchors_compatible(
            &set(&[]),
            &set(&["2016-05"]),
            &set(&[]),
            &set(&["2016-05-19"])
        ));
        // The other sentence names the day outside the value's clause.
        assert!(anchors_compatible(
            &set(&["day:dienstag"]),
            &set(&["dienstag"]),
            &set(&[]),
            &set(&["dienstag"])
        ));
    }

    #[test]
    fn coverage_is_measured_from_the_corpus_side() {
        let corpus = Subject {
            entities: set(&[]),
            local: set(&["grenzbarri", "lang", "hoh"]),
            near: set(&["lang"]),
            ..Subject::default()
        };
        // The draft says more, but covers the barrier and its length.
        let draft = Subject {
            entities: set(&["Spielfeld", "ÖVP"]),
            words: set(&["barri", "lang", "errichtet", "grenzubergang", "bekanntgab"]),
            local: set(&["barri", "lang"]),
            near: set(&["lang"]),
            ..Subject::default()
        };
        let m = DraftFrame::new(&draft, Lang::De).compare(&corpus, 0.0, |_| 1.0);
        assert_eq!(m.covered, 2);
        assert!(m.near);
        assert!(m.matches());
        let other = Subject {
            words: set(&["zaun", "gebaut"]),
            local: set(&["zaun"]),
            ..Subject::default()
        };
        assert!(!DraftFrame::new(&other, Lang::De)
            .compare(&corpus, 0.0, |_| 1.0)
            .matches());
    }
}
