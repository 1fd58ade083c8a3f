//! Names the corpus teaches: capitalised pairs it writes like names become
//! known people, even when no first-name list has them.

use super::{ArticleId, ArticleReading, MentionRef, NameRecord};
use std::collections::{HashMap, HashSet};

use crate::extract::NameKind;

/// Capitalised pairs that the corpus writes like a name become known people
/// (`Filippo Grandi`): neither word is ever an ordinary word in the corpus
/// (written in lower case in two articles or more, or after an article), and
/// the pair stands inside a sentence somewhere or in two articles or more.
pub(super) fn learn_names(names: &mut HashMap<String, NameRecord>, readings: &[&ArticleReading]) {
    let mut lower: HashMap<&str, u32> = HashMap::new();
    let mut after_determiner: HashSet<&str> = HashSet::new();
    let mut pairs: HashMap<(&str, &str), (u32, bool)> = HashMap::new();
    for reading in readings {
        for w in &reading.word_use.lower {
            *lower.entry(w).or_default() += 1;
        }
        after_determiner.extend(reading.word_use.after_determiner.iter().map(String::as_str));
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
        .filter(|((first, surname), (articles, mid))| {
            (*mid || *articles >= 2) && !ordinary(first) && !ordinary(surname)
        })
        .map(|((first, surname), _)| format!("{first} {surname}"))
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
