//! Names the corpus teaches: capitalised pairs it writes like names become
//! known people, even when no first-name list has them.

use super::{ArticleId, ArticleReading, CorpusClaim, MentionRef, NameRecord};
use std::collections::{HashMap, HashSet};

use crate::extract::NameKind;
use crate::text::{stem, Lang};

/// Capitalised pairs that the corpus writes like a name become known people
/// (`Filippo Grandi`): neither word is ever an ordinary word in the corpus
/// (written in lower case in two articles or more, or after an article:
/// in English only the first word counts there, see below), and
/// the pair stands inside a sentence somewhere or in two articles or more.
/// A pair that `known` says is a person already (the base of an overlay
/// knows it) is learned wherever it stands.
pub(super) fn learn_names(
    names: &mut HashMap<String, NameRecord>,
    readings: &[&ArticleReading],
    known: &dyn Fn(&str) -> bool,
) {
    let mut lower: HashMap<&str, u32> = HashMap::new();
    let mut after_determiner: HashSet<&str> = HashSet::new();
    // English words after an article: a surname often stands there as a
    // modifier (`the Butler report`, `the Williams sisters`), a first name
    // seldom (`the Lib Dems`, `the Florida-based group` are no names).
    let mut after_determiner_en: HashSet<&str> = HashSet::new();
    let mut pairs: HashMap<(&str, &str), (u32, bool)> = HashMap::new();
    for reading in readings {
        for w in &reading.word_use.lower {
            *lower.entry(w).or_default() += 1;
        }
        let after = reading.word_use.after_determiner.iter().map(String::as_str);
        if reading.lang == Lang::De {
            after_determiner.extend(after);
        } else {
            after_determiner_en.extend(after);
        }
        let mut seen = HashSet::new();
        for p in &reading.name_pairs {
            let entry = pairs
                .entry((p.first.as_str(), p.surname.as_str()))
                .or_default();
            if seen.insert((p.first.as_str(), p.surname.as_str())) {
                entry.0 += 1;
            }
            entry.1 |= p.mid_sentence || p.surname_alone;
        }
    }
    let ordinary = |w: &str| {
        after_determiner.contains(w)
            || lower
                .get(w.to_lowercase().as_str())
                .is_some_and(|&n| n >= 2)
    };
    let learned: HashSet<String> = pairs
        .iter()
        .filter_map(|((first, surname), (articles, mid))| {
            let name = format!("{first} {surname}");
            // A surname English also puts after an article is taken from
            // a pair the corpus repeats, not from one sentence.
            let taught = (*mid || *articles >= 2)
                && !ordinary(first)
                && !after_determiner_en.contains(first)
                && !ordinary(surname)
                && (*articles >= 2 || !after_determiner_en.contains(surname));
            (taught || known(&name)).then_some(name)
        })
        .filter(|name| names.get(name).is_none_or(|r| r.kind == NameKind::Person))
        .collect();
    for (id, reading) in readings.iter().enumerate() {
        for p in &reading.name_pairs {
            let name = format!("{} {}", p.first, p.surname);
            if !learned.contains(&name) {
                continue;
            }
            let mention = MentionRef {
                article: id as ArticleId,
                sentence: p.sentence as u32,
                offset: p.offset as u32,
                full: true,
            };
            let record = names.entry(name).or_insert_with(|| NameRecord {
                kind: NameKind::Person,
                mentions: Vec::new(),
            });
            if !record.mentions.contains(&mention) {
                record.mentions.push(mention);
            }
        }
    }
}

/// A person's full name and the stems of its two words.
type LiftedName = (String, [String; 2]);

/// Gives the claims the people the corpus taught after their articles were
/// read: a claim's sentence that names `Shane Williams` had it as two plain
/// words (`shane`, `william`), because no first-name list knows `Shane`,
/// while a draft, read with the archive's names, has the person. The same
/// sentence must compare alike on both sides, so the pair becomes an entity
/// of every claim of its sentence and its words leave the claim's words.
/// A pair is a person as a draft would read it: a person the corpus knows
/// (`is_person`), or one whose first name is that of someone the corpus
/// knows (`known_first_name`).
pub(super) fn lift_learned_names(
    claims: &mut [CorpusClaim],
    readings: &[&ArticleReading],
    is_person: &dyn Fn(&str) -> bool,
    known_first_name: &dyn Fn(&str) -> bool,
) {
    let mut by_sentence: HashMap<(ArticleId, usize), Vec<LiftedName>> = HashMap::new();
    for (id, reading) in readings.iter().enumerate() {
        for p in &reading.name_pairs {
            let name = format!("{} {}", p.first, p.surname);
            if is_person(&name) || known_first_name(&p.first) {
                let stems = [stem(&p.first, reading.lang), stem(&p.surname, reading.lang)];
                by_sentence
                    .entry((id as ArticleId, p.sentence))
                    .or_default()
                    .push((name, stems));
            }
        }
    }
    if by_sentence.is_empty() {
        return;
    }
    for c in claims.iter_mut() {
        let subject = &mut c.claim.subject;
        let own = by_sentence.get(&(c.article, c.claim.sentence));
        // A sentence that points back took the sentence before's words as
        // context (see `claims::context`): its names, too.
        let before = c
            .claim
            .sentence
            .checked_sub(1)
            .and_then(|s| by_sentence.get(&(c.article, s)))
            .into_iter()
            .flatten()
            .filter(|(_, stems)| stems.iter().all(|s| subject.words.contains(s)));
        let lifted: Vec<&LiftedName> = own.into_iter().flatten().chain(before).collect();
        for (name, stems) in lifted {
            subject.entities.insert(name.clone());
            for s in stems {
                subject.words.remove(s);
                subject.local.remove(s);
                subject.near.remove(s);
            }
        }
    }
}
