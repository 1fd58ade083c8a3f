//! People: full names found by a known first name (`Mark Rutte`), by a title
//! before them (a role, see [`super::roles`], or a listed person title:
//! `Kapitän Francesco Schettino`), by `Mr`/`Frau`, or because the corpus
//! already knows them, their first name or (for a near first name) their
//! surname; later surname-only mentions (`Rutte`) are resolved to the full
//! name given earlier in the same document, or to the one person the corpus
//! knows by that surname. Capitalisation alone proves nothing in German.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;
use strsim::damerau_levenshtein;

use super::entities::at_word_boundaries;

mod pairs;
use crate::lexicon::lexicon;
use crate::text::Lang;
pub use pairs::{name_pairs, NamePair, WordUse};

/// A mention of a person.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PersonMention {
    pub range: Range<usize>,
    /// The full name as the document (or the corpus) gives it.
    pub name: String,
    /// The mention itself is only a surname (`Borrell`).
    pub surname_only: bool,
}

/// What the corpus knows about names, for resolving a draft's mentions.
pub trait KnownNames {
    /// Is this full name known?
    fn is_known_person(&self, name: &str) -> bool;
    /// The one known full name with this surname, if exactly one.
    fn person_by_surname(&self, surname: &str) -> Option<String>;
    /// Is `word` the first name of a person the corpus knows?
    fn is_known_first_name(&self, _word: &str) -> bool {
        false
    }
    /// The first names of the people the corpus knows by this surname.
    fn first_names_with_surname(&self, _surname: &str) -> Vec<String> {
        Vec::new()
    }
}

/// No corpus knowledge (used while indexing the corpus itself).
pub struct NoKnownNames;

impl KnownNames for NoKnownNames {
    fn is_known_person(&self, _name: &str) -> bool {
        false
    }
    fn person_by_surname(&self, _surname: &str) -> Option<String> {
        None
    }
}

const NAME_TOKEN: &str = r"(?:\p{Lu}\.|\p{Lu}[\p{Ll}\p{Lu}'’]*(?:-\p{L}[\p{Ll}\p{Lu}'’]*)*)";
/// Name particles. `der`/`den` only after `von`/`van` (`Ursula von der
/// Leyen`): alone they are German articles (`Josep Borrell den Pakt`).
const PARTICLE: &str = r"(?:(?:von|van)(?:[ \u{a0}]+(?:der|den|dem))?|de|zu|da|di|du|del|dos|la|le|bin|al|ten|ter|y|ibn)";

/// A run of name words starting at the beginning of the haystack.
static NAME_RUN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^{NAME_TOKEN}(?:[ \u{{a0}}]+(?:{PARTICLE}[ \u{{a0}}]+)?{NAME_TOKEN}){{0,3}}"
    ))
    .expect("valid regex")
});

/// Endings of German abstract nouns, which no surname has.
const GERMAN_NOUN_SUFFIXES: &[&str] = &["ung", "heit", "keit", "schaft", "tion", "tät", "ismus"];

/// Words that are capitalised but never part of a name.
const NOT_NAMES: &[&str] = &[
    "Der",
    "Die",
    "Das",
    "Den",
    "Dem",
    "Des",
    "Ein",
    "Eine",
    "Und",
    "Oder",
    "Aber",
    "Am",
    "Im",
    "In",
    "Auf",
    "Mit",
    "The",
    "And",
    "But",
    "Of",
    "In",
    "On",
    "At",
    "For",
    "A",
    "An",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "Sir",
    "Lord",
    "Herr",
    "Frau",
    "Montag",
    "Dienstag",
    "Mittwoch",
    "Donnerstag",
    "Freitag",
    "Samstag",
    "Sonntag",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "Januar",
    "Jänner",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
    "January",
    "February",
    "March",
    "May",
    "June",
    "July",
    "October",
    "December",
    "This",
    "That",
    "These",
    "Those",
    "His",
    "Her",
    "Their",
    "Its",
    "Our",
    "Sie",
    "Er",
    "Es",
    "Wir",
    "Ich",
    "Ihr",
    "Laut",
    "Nach",
    "Bei",
    "Vor",
    "Für",
    "Von",
    "Zum",
    "Zur",
    "Über",
    "Unter",
    "Seit",
    "Wie",
    "Was",
    "Wer",
    "So",
    "Doch",
    "Als",
    "Auch",
    "Dabei",
];

const PERSON_TITLES: &str = include_str!("../../lexicons/person_titles.txt");

/// Listed person titles, lower case.
static TITLE_WORDS: LazyLock<HashSet<String>> = LazyLock::new(|| {
    PERSON_TITLES
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
});

/// Does `word` introduce a person: a role title or a listed person title
/// (in German also as the end of a compound: `Tiergartendirektorin`, a title
/// of at least four letters after at least three bytes)?
pub fn is_person_title(word: &str, lang: Lang) -> bool {
    let lower = word.to_lowercase();
    if lexicon().role_of_title(word).is_some() || TITLE_WORDS.contains(&lower) {
        return true;
    }
    lang == Lang::De
        && lower
            .char_indices()
            .filter(|&(i, _)| i >= 3)
            .map(|(i, _)| &lower[i..])
            .any(|tail| tail.chars().count() >= 4 && TITLE_WORDS.contains(tail))
}

/// May `word` be a first name given the corpus: it is near the first name of
/// someone the corpus knows by `surname` (`Filipo` for Filippo Grandi).
fn near_known_first_name(known: &dyn KnownNames, word: &str, surname: &str) -> bool {
    let word = word.to_lowercase();
    word.chars().count() >= 3
        && known.first_names_with_surname(surname).iter().any(|f| {
            let f = f.to_lowercase();
            f.chars().next() == word.chars().next() && damerau_levenshtein(&f, &word) <= 1
        })
}

/// The name run starting at byte `start` of `text`: its end and its words.
/// Trailing words that are places, organisations, months or function words
/// are dropped.
pub fn name_run(text: &str, start: usize, lang: Lang) -> Option<(usize, Vec<&str>)> {
    let m = NAME_RUN.find(&text[start..])?;
    let run = m.as_str().trim_end();
    let mut words: Vec<(usize, &str)> = Vec::new();
    let mut offset = start;
    for part in run.split([' ', '\u{a0}']) {
        if !part.is_empty() {
            words.push((offset, part));
        }
        offset += part.len() + 1;
    }
    // Cut at the first word that cannot be part of a name.
    let cut = words
        .iter()
        .position(|(_, w)| {
            NOT_NAMES.contains(&w.trim_end_matches('.')) || is_gazetteer_word(w, lang)
        })
        .unwrap_or(words.len());
    words.truncate(cut);
    // In German a common noun after a full name ends it: `Sonja Wehsely
    // Empörung`. Only the suffixes of abstract nouns, only from the third word.
    if lang == Lang::De {
        if let Some(i) = words.iter().skip(2).position(|(_, w)| {
            w.chars().count() >= 6 && GERMAN_NOUN_SUFFIXES.iter().any(|s| w.ends_with(s))
        }) {
            words.truncate(i + 2);
        }
    }
    // In German a genitive ends the name: `Christian Kerns Rede`.
    if lang == Lang::De {
        if let Some(i) = words
            .iter()
            .skip(1)
            .position(|(_, w)| w.ends_with('s') && w.chars().count() > 3)
        {
            words.truncate(i + 2);
        }
    }
    // Particles may not end a name.
    while words
        .last()
        .is_some_and(|(_, w)| w.chars().next().is_some_and(char::is_lowercase))
    {
        words.pop();
    }
    // A possessive is not part of the name: `Mourinho's` → `Mourinho`.
    if let Some((start, last)) = words.pop() {
        let bare = last
            .strip_suffix("'s")
            .or_else(|| last.strip_suffix("’s"))
            .or_else(|| last.strip_suffix('\''))
            .unwrap_or(last);
        if !bare.is_empty() {
            words.push((start, bare));
        }
    }
    let (last_start, last) = *words.last()?;
    let end = last_start + last.len();
    // A name must end at a word boundary (not in the middle of `Rutte-Plan`).
    if !at_word_boundaries(text, &(start..end)) && !text[end..].starts_with('-') {
        return None;
    }
    Some((end, words.into_iter().map(|(_, w)| w).collect()))
}

fn is_gazetteer_word(word: &str, lang: Lang) -> bool {
    let word = word.trim_end_matches("'s").trim_end_matches("’s");
    lexicon().entity_by_form(word, lang).is_some()
}

/// Finds people named by a known first name, by `Mr`/`Mrs`/`Herr`/`Frau`, or
/// known to the corpus, plus surname-only mentions of people named earlier
/// (`introduced`: full names found so far in this document, e.g. by titles).
pub fn find_persons(
    text: &str,
    base: usize,
    lang: Lang,
    known: &dyn KnownNames,
    introduced: &mut HashMap<String, String>,
) -> Vec<PersonMention> {
    let lex = lexicon();
    let mut out = Vec::new();
    let mut pos = 0;
    let tokens = crate::text::tokens(text, 0);
    let mut i = 0;
    while i < tokens.len() {
        let token = &tokens[i];
        if token.range.start < pos || !token.is_capitalised() {
            i += 1;
            continue;
        }
        let honorific = i > 0
            && matches!(
                tokens[i - 1].text,
                "Mr" | "Mrs" | "Ms" | "Herr" | "Frau" | "Dr" | "Sir"
            );
        if let Some((end, words)) = name_run(text, token.range.start, lang) {
            // Where the name starts: after leading titles (`Kapitän Francesco
            // Schettino`).
            let mut skip = 0;
            while skip < words.len()
                && !lex.is_first_name(words[skip])
                && is_person_title(words[skip], lang)
            {
                skip += 1;
            }
            let titled = skip > 0 && (lang == Lang::De || words.len() - skip >= 2);
            if skip >= words.len() {
                i += 1;
                continue;
            }
            let name_start = words[skip].as_ptr() as usize - text.as_ptr() as usize;
            let words = &words[skip..];
            let honorific = honorific || titled;
            let mut full = words.join(" ");
            // The German genitive of a name met before: `Christian Kerns` →
            // `Christian Kern`. A name ending in s, ß, x or z takes an
            // apostrophe instead (`Steve Jobs'`), so `Jobss` is a typo.
            if let Some(base) = full
                .strip_suffix('s')
                .filter(|b| lang == Lang::De && !b.ends_with(['s', 'ß', 'x', 'z']))
            {
                if introduced.contains_key(base) || known.is_known_person(base) {
                    full = base.to_string();
                }
            }
            let surname = words[words.len() - 1];
            // A longer form of someone this text named before, with middle
            // names (`Sir Anthony Meyer`, later `Anthony John Charles
            // Meyer`), is that person under the name first used.
            if words.len() >= 3 {
                if let Some(earlier) = introduced.get(surname).filter(|e| {
                    let e: Vec<&str> = e.split(' ').collect();
                    e.len() >= 2
                        && e.len() < words.len()
                        && e[0] == words[0]
                        && e[e.len() - 1] == surname
                }) {
                    full = earlier.clone();
                }
            }
            let is_person = words.len() >= 2
                && (lex.is_first_name(words[0])
                    || titled
                    || known.is_known_person(&full)
                    || introduced.contains_key(&full)
                    || (!NOT_NAMES.contains(&words[0])
                        && !lex.is_stopword(&words[0].to_lowercase(), lang)
                        && (known.is_known_first_name(words[0])
                            || near_known_first_name(known, words[0], surname))));
            if is_person {
                for w in words.iter().skip(1) {
                    introduced
                        .entry((*w).to_string())
                        .or_insert_with(|| full.clone());
                }
                introduced.insert(full.clone(), full.clone());
                out.push(PersonMention {
                    range: base + name_start..base + end,
                    name: full,
                    surname_only: false,
                });
                pos = end;
                i += 1;
                continue;
            }
            if words.len() == 1 || honorific {
                let surname = words[words.len() - 1];
                let mut word = words[0];
                // A compound led by the surname of someone this text has
                // named (`the Tarantino-directed episode`, `die
                // Faymann-Regierung`) mentions that person.
                if words.len() == 1 && !introduced.contains_key(word) {
                    if let Some(head) = word
                        .split_once('-')
                        .map(|(head, _)| head)
                        .filter(|head| introduced.contains_key(*head))
                    {
                        word = head;
                    }
                }
                let resolved = introduced
                    .get(word)
                    .cloned()
                    .or_else(|| {
                        if words.len() == 1 {
                            known.person_by_surname(word)
                        } else {
                            None
                        }
                    })
                    .or_else(|| {
                        if honorific {
                            Some(surname.to_string())
                        } else {
                            None
                        }
                    });
                if let Some(name) = resolved {
                    // Only a surname: it must not be an ordinary word at a sentence start.
                    out.push(PersonMention {
                        range: base + name_start..base + name_start + word.len(),
                        name,
                        surname_only: true,
                    });
                    pos = name_start + word.len();
                }
            }
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests;
