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
            'ç' | 'ć' | 'č' => 'c',
            'ñ' | 'ń' | 'ň' => 'n',
            'ş' | 'ś' | 'š' | 'ș' => 's',
            'ž' | 'ź' | 'ż' => 'z',
            'ğ' => 'g',
            'ı' | 'ý' => 'i',
            'ł' => 'l',
            'ř' => 'r',
            'ø' | 'ő' => 'o',
            'ű' | 'ů' => 'u',
            'đ' => 'd',
            'ț' | 'ť' => 't',
            '-' => ' ',
            c => c,
        })
        .filter(|c| c.is_alphanumeric() || *c == ' ')
        .collect();
    for (from, to) in [
        ("tsch", "ch"),
        ("sch", "sh"),
        ("kh", "h"),
        ("ch", "h"),
        ("ph", "f"),
        ("ou", "u"),
        ("w", "v"),
        ("j", "y"),
        ("y", "i"),
        ("ss", "s"),
        ("ck", "k"),
        ("  ", " "),
    ] {
        s = s.replace(from, to);
    }
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// How far two words may be apart to count as a near miss.
fn max_distance(a: &str, b: &str) -> usize {
    if a.chars().count().min(b.chars().count()) <= 8 {
        1
    } else {
        2
    }
}

/// A near miss: a small edit away, with the same first letter (`Rute` ~
/// `Rutte`, but not `Wayne` ~ `Payne`), and at least four letters long.
fn near(a: &str, b: &str) -> bool {
    let (a, b) = (a.to_lowercase(), b.to_lowercase());
    a != b
        && a.chars().count().min(b.chars().count()) >= 4
        && a.chars().next() == b.chars().next()
        && damerau_levenshtein(&a, &b) <= max_distance(&a, &b)
}

/// Spellings that differ only in vowels at the same places
/// (`Mohammed`/`Mohammad`, `Yanukovich`/`Yanukovych`), or a short form of a
/// first name (`Steve`/`Steven`): variants rather than errors.
fn spelling_variant(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (
        a.to_lowercase().chars().collect(),
        b.to_lowercase().chars().collect(),
    );
    let vowel = |c: &char| "aeiouy".contains(*c);
    if a.len() == b.len() {
        return a
            .iter()
            .zip(&b)
            .all(|(x, y)| x == y || (vowel(x) && vowel(y)));
    }
    let (short, long) = if a.len() < b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    short.len() >= 3 && long.starts_with(short) && long.len() - short.len() <= 2
}

/// A known name is established when more than one article uses it or the
/// corpus gives the person a role.
fn established(view: &CorpusView<'_>, name: &str) -> bool {
    view.article_count(name) >= 2
        || view
            .index
            .roles_of(name)
            .iter()
            .any(|&i| view.includes(view.index.claim(i).article))
}

/// The German genitive of a known name (`Christian Kerns`, `Heinz Fischers`).
fn genitive_of_known(view: &CorpusView<'_>, name: &str) -> bool {
    name.strip_suffix('s')
        .is_some_and(|base| view.knows_person(base))
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
    let mut consider = |known: &String, severity: Severity, variant: bool| {
        if !view.knows_person(known) || !established(view, known) {
            return;
        }
        let variant = variant || transliteration_key(known) == draft_key;
        let severity = if variant { Severity::Info } else { severity };
        let mentions = view.mentions(known).count();
        let better = match &best {
            None => true,
            Some((b, m)) => severity > b.severity || (severity == b.severity && mentions > *m),
        };
        if better {
            best = Some((
                NearMiss {
                    known: known.clone(),
                    severity,
                    variant,
                },
                mentions,
            ));
        }
    };
    // A typo in the surname: same first name.
    for known in view.index.people_with_first_name(first) {
        let kw: Vec<&str> = known.split(' ').collect();
        let known_surname = kw[kw.len() - 1];
        if kw.len() == words.len()
            && near(surname, known_surname)
            && kw[..kw.len() - 1] == words[..words.len() - 1]
        {
            let variant =
                surname.len() == known_surname.len() && spelling_variant(surname, known_surname);
            consider(known, Severity::Warning, variant);
        }
    }
    // The same surname with another first name.
    for known in view.index.people_with_surname(surname) {
        let kw: Vec<&str> = known.split(' ').collect();
        let known_first = kw[0];
        if known_first == first || kw.len() != words.len() {
            continue;
        }
        if near(first, known_first) || spelling_variant(first, known_first) {
            consider(
                known,
                Severity::Warning,
                spelling_variant(first, known_first),
            );
            continue;
        }
        // Two holders of one office mixed up: the draft's first name belongs to
        // exactly one known person, the surname to exactly one other, and the
        // two share a role (`Fumio Ishiba` for Fumio Kishida and Shigeru Ishiba).
        // Anything looser (`Phil Neville` beside `Gary Neville`) is left alone.
        let owners: Vec<_> = view.people_with_surname(surname);
        let first_owners: Vec<_> = view
            .index
            .people_with_first_name(first)
            .iter()
            .filter(|o| view.knows_person(o))
            .collect();
        if owners.len() != 1 || first_owners.len() != 1 {
            continue;
        }
        let owner_roles = role_keys(view, known);
        if !owner_roles.is_empty()
            && role_keys(view, first_owners[0])
                .intersection(&owner_roles)
                .next()
                .is_some()
        {
            consider(known, Severity::Warning, false);
        }
    }
    best.map(|(b, _)| b)
}

/// Checks every full person name of the draft.
pub fn check(ctx: &CheckContext<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut done = HashSet::new();
    for p in &ctx.extraction.persons {
        let person = &p.mention;
        if person.surname_only || !person.name.contains(' ') || ctx.accepted.contains(&person.name)
        {
            continue;
        }
        if ctx.view.knows_person(&person.name)
            || genitive_of_known(&ctx.view, &person.name)
            || !done.insert(person.range.start)
        {
            continue;
        }
        let Some(miss) = near_miss(&ctx.view, &person.name) else {
            continue;
        };
        let Some(first) = ctx.view.mentions(&miss.known).find(|m| m.full) else {
            continue;
        };
        let evidence = vec![Evidence::new(
            &ctx.view,
            first.article,
            first.sentence as usize,
        )];
        out.push(Finding {
            code: FindingCode::NameMismatch,
            severity: miss.severity,
            range: person.range.clone(),
            message: name_message(
                ctx.lang,
                &person.name,
                &miss.known,
                miss.variant,
                &evidence[0],
            ),
            evidence,
            fix: Some(Fix {
                range: person.range.clone(),
                text: miss.known.clone(),
            }),
            similarity: None,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transliterations_fold() {
        assert_eq!(
            transliteration_key("Wladimir Putin"),
            transliteration_key("Vladimir Putin")
        );
        assert_eq!(
            transliteration_key("Kim Jong-un"),
            transliteration_key("Kim Jong Un")
        );
        assert_ne!(
            transliteration_key("Mark Rute"),
            transliteration_key("Mark Rutte")
        );
    }

    #[test]
    fn variants() {
        assert!(spelling_variant("Mohammed", "Mohammad"));
        assert!(spelling_variant("Yanukovich", "Yanukovych"));
        assert!(spelling_variant("Steve", "Steven"));
        assert!(!spelling_variant("Rute", "Rutte"));
    }

    #[test]
    fn near_misses() {
        assert!(near("Rute", "Rutte"));
        assert!(near("Borell", "Borrell"));
        assert!(near("Anthony", "Antony"));
        assert!(!near("Ishiba", "Kishida"));
        assert!(!near("Brown", "Brown"));
        assert!(!near("Wayne", "Payne"));
        assert!(!near("Ian", "Dan"));
    }
}
