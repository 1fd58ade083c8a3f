//! `name-mismatch`: a person's name that the corpus never uses but that is a
//! near miss of a name it knows: a typo in the surname (`Mark Rute`), in the
//! first name (`Anthony Blinken`), or a first name of one known person with
//! the surname of another who holds the same office (`Fumio Ishiba`).
//! Transliteration variants (`Wladimir`/`Vladimir`) are only `info`.

use std::collections::HashSet;

use strsim::damerau_levenshtein;

use super::messages::name_message;
use super::{CheckContext, Evidence, Finding, FindingCode, Fix, Severity};
use crate::claims::ClaimValue;
use crate::corpus::index::CorpusView;

/// The spelling of a name with transliteration differences folded away.
pub fn transliteration_key(name: &str) -> String {
    let mut s: String = name
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            'ñ' => 'n',
            '-' => ' ',
            c => c,
        })
        .filter(|c| c.is_alphanumeric() || *c == ' ')
        .collect();
    for (from, to) in [("tsch", "ch"), ("sch", "sh"), ("kh", "h"), ("ch", "h"), ("ph", "f"), ("ou", "u"), ("w", "v"), ("j", "y"), ("ss", "s"), ("ck", "k"), ("  ", " ")] {
        s = s.replace(from, to);
    }
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// How far two words may be apart to count as a near miss.
fn max_distance(a: &str, b: &str) -> usize {
    if a.chars().count().min(b.chars().count()) <= 7 {
        1
    } else {
        2
    }
}

fn near(a: &str, b: &str) -> bool {
    a != b && damerau_levenshtein(&a.to_lowercase(), &b.to_lowercase()) <= max_distance(a, b)
}

/// A known name is established when the corpus uses it more than once or
/// gives the person a role.
fn established(view: &CorpusView<'_>, name: &str) -> bool {
    view.mentions(name).take(2).count() >= 2
        || view.index.roles_of(name).iter().any(|&i| view.includes(view.index.claim(i).article))
}

fn role_keys(view: &CorpusView<'_>, person: &str) -> HashSet<String> {
    view.index
        .roles_of(person)
        .iter()
        .map(|&i| view.index.claim(i))
        .filter(|c| view.includes(c.article))
        .filter_map(|c| match &c.claim.value {
            ClaimValue::Role(r) => Some(r.role.clone()),
            _ => None,
        })
        .collect()
}

struct NearMiss {
    known: String,
    severity: Severity,
    variant: bool,
}

fn near_miss(view: &CorpusView<'_>, name: &str) -> Option<NearMiss> {
    let words: Vec<&str> = name.split(' ').collect();
    if words.len() < 2 {
        return None;
    }
    let (first, surname) = (words[0], words[words.len() - 1]);
    let draft_key = transliteration_key(name);
    let mut best: Option<(NearMiss, usize)> = None;
    let mut consider = |known: &String, severity: Severity| {
        if !view.knows_person(known) || !established(view, known) {
            return;
        }
        let variant = transliteration_key(known) == draft_key;
        let severity = if variant { Severity::Info } else { severity };
        let mentions = view.mentions(known).count();
        let better = match &best {
            None => true,
            Some((b, m)) => severity > b.severity || (severity == b.severity && mentions > *m),
        };
        if better {
            best = Some((NearMiss { known: known.clone(), severity, variant }, mentions));
        }
    };
    // A typo in the surname: same first name.
    for known in view.index.people_with_first_name(first) {
        let kw: Vec<&str> = known.split(' ').collect();
        if kw.len() == words.len() && near(surname, kw[kw.len() - 1]) && kw[..kw.len() - 1] == words[..words.len() - 1] {
            consider(known, Severity::Warning);
        }
    }
    // The same surname with another first name.
    for known in view.index.people_with_surname(surname) {
        let kw: Vec<&str> = known.split(' ').collect();
        let known_first = kw[0];
        if known_first == first || kw.len() != words.len() {
            continue;
        }
        if near(first, known_first) {
            consider(known, Severity::Warning);
            continue;
        }
        // Two holders of one office mixed up: the draft's first name belongs to
        // someone who shares a role with the surname's owner.
        let owner_roles = role_keys(view, known);
        let mixed_up = view
            .index
            .people_with_first_name(first)
            .iter()
            .filter(|other| view.knows_person(other))
            .any(|other| !owner_roles.is_empty() && role_keys(view, other).intersection(&owner_roles).next().is_some());
        consider(known, if mixed_up { Severity::Warning } else { Severity::Info });
    }
    best.map(|(b, _)| b)
}

/// Checks every full person name of the draft.
pub fn check(ctx: &CheckContext<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut done = HashSet::new();
    for p in &ctx.extraction.persons {
        let person = &p.mention;
        if person.surname_only || !person.name.contains(' ') || ctx.accepted.contains(&person.name) {
            continue;
        }
        if ctx.view.knows_person(&person.name) || !done.insert(person.range.start) {
            continue;
        }
        let Some(miss) = near_miss(&ctx.view, &person.name) else { continue };
        let Some(first) = ctx.view.mentions(&miss.known).find(|m| m.full) else { continue };
        let evidence = vec![Evidence::new(&ctx.view, first.article, first.sentence as usize)];
        out.push(Finding {
            code: FindingCode::NameMismatch,
            severity: miss.severity,
            range: person.range.clone(),
            message: name_message(ctx.lang, &person.name, &miss.known, miss.variant, &evidence[0]),
            evidence,
            fix: Some(Fix { range: person.range.clone(), text: miss.known.clone() }),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transliterations_fold() {
        assert_eq!(transliteration_key("Wladimir Putin"), transliteration_key("Vladimir Putin"));
        assert_eq!(transliteration_key("Kim Jong-un"), transliteration_key("Kim Jong Un"));
        assert_ne!(transliteration_key("Mark Rute"), transliteration_key("Mark Rutte"));
    }

    #[test]
    fn near_misses() {
        assert!(near("Rute", "Rutte"));
        assert!(near("Borell", "Borrell"));
        assert!(near("Anthony", "Antony"));
        assert!(!near("Ishiba", "Kishida"));
        assert!(!near("Brown", "Brown"));
    }
}
