//! Synonym sets from real thesauri, so that words next to a value match
//! through lexical relations (`beschlossen` ~ `verabschiedet`, `cut` ~
//! `reduce`), not only through identical stems.
//!
//! - English: WordNet 3.0 synsets (Princeton licence, permissive), derived by
//!   `tools/build-thesaurus.py` into `lexicons/thesaurus_en.txt` and compiled
//!   in; the licence is in `lexicons/WORDNET-LICENSE`.
//! - German: OpenThesaurus (LGPL-2.1), derived by the same script into
//!   `data/openthesaurus-de.txt`. Because of its licence it stays a separate,
//!   replaceable file read at run time, never compiled in. It is looked up in
//!   this order: the file named by `FACTCHECK_THESAURUS_DE`;
//!   `openthesaurus-de.txt` beside the executable or in `../share/factcheck/`
//!   next to it; the checkout's `data/` directory. Without it German words
//!   match by stem only.
//!
//! Words are reduced to the same Snowball stems the claims use, and each
//! stem maps to the sets it belongs to; two stems are synonyms when they
//! share a set.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::LazyLock;

use rayon::prelude::*;

#[cfg(test)]
use crate::text::stem;
use crate::text::words::stemmer;
use crate::text::Lang;

const ENGLISH: &str = include_str!("../../lexicons/thesaurus_en.txt");
/// Lines stemmed by one task of [`Thesaurus::parse`].
const PARSE_CHUNK: usize = 2048;
/// Name of the German thesaurus file.
pub const GERMAN_FILE: &str = "openthesaurus-de.txt";
/// Environment variable naming another German thesaurus file.
pub const GERMAN_ENV: &str = "FACTCHECK_THESAURUS_DE";

/// Synonym sets of one language, by stem.
#[derive(Debug, Default)]
pub struct Thesaurus {
    sets_of: HashMap<String, Vec<u32>>,
}

impl Thesaurus {
    /// Reads sets, one a line of space-separated words (`#` starts a comment).
    /// Every process that checks reads a thesaurus once, so the lines are
    /// stemmed in parallel, each word by the stemmer directly (nearly all
    /// are distinct: a cache would only cost).
    pub fn parse(text: &str, lang: Lang) -> Thesaurus {
        let lines: Vec<&str> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect();
        let sets: Vec<Vec<String>> = lines
            .par_chunks(PARSE_CHUNK)
            .flat_map_iter(|chunk| {
                let stemmer = stemmer(lang);
                chunk
                    .iter()
                    .map(|line| {
                        let mut stems: Vec<String> = line
                            .split_whitespace()
                            .map(|w| stemmer.stem(&w.to_lowercase()).into_owned())
                            .collect();
                        stems.sort();
                        stems.dedup();
                        stems
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        let mut sets_of: HashMap<String, Vec<u32>> = HashMap::with_capacity(sets.len() * 2);
        let mut id = 0u32;
        for stems in sets {
            if stems.len() < 2 {
                continue;
            }
            for s in stems {
                sets_of.entry(s).or_default().push(id);
            }
            id += 1;
        }
        Thesaurus { sets_of }
    }

    /// The sets a stem belongs to.
    pub fn sets(&self, stem: &str) -> &[u32] {
        self.sets_of.get(stem).map_or(&[], Vec::as_slice)
    }

    /// Do two stems share a synonym set?
    pub fn synonyms(&self, a: &str, b: &str) -> bool {
        let (x, y) = (self.sets(a), self.sets(b));
        !x.is_empty() && x.iter().any(|s| y.contains(s))
    }

    /// Number of stems with at least one set.
    pub fn len(&self) -> usize {
        self.sets_of.len()
    }

    pub fn is_empty(&self) -> bool {
        self.sets_of.is_empty()
    }
}

fn german_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(GERMAN_ENV) {
        return Some(PathBuf::from(p));
    }
    let mut candidates = Vec::new();
    if let Some(dir) = std::env::current_exe()
        .ok()
        .and_then(|e| e.parent().map(PathBuf::from))
    {
        candidates.push(dir.join(GERMAN_FILE));
        candidates.push(dir.join("../share/factcheck").join(GERMAN_FILE));
    }
    candidates.push(PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/data")).join(GERMAN_FILE));
    candidates.into_iter().find(|p| p.is_file())
}

static ENGLISH_THESAURUS: LazyLock<Thesaurus> =
    LazyLock::new(|| Thesaurus::parse(ENGLISH, Lang::En));

static GERMAN_THESAURUS: LazyLock<Thesaurus> = LazyLock::new(|| {
    let Some(path) = german_path() else {
        return Thesaurus::default();
    };
    match std::fs::read_to_string(&path) {
        Ok(text) => Thesaurus::parse(&text, Lang::De),
        Err(e) => {
            eprintln!("{}: cannot read the German thesaurus: {e}", path.display());
            Thesaurus::default()
        }
    }
});

/// The thesaurus of `lang` (the German one empty when its file is missing).
pub fn thesaurus(lang: Lang) -> &'static Thesaurus {
    match lang {
        Lang::De => &GERMAN_THESAURUS,
        Lang::En => &ENGLISH_THESAURUS,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_relate_stems_of_their_words() {
        let t = Thesaurus::parse(
            "# test\nbeschließen entscheiden festlegen\nhaus\n",
            Lang::De,
        );
        assert!(t.synonyms(&stem("entscheide", Lang::De), &stem("festlegen", Lang::De)));
        assert!(t.synonyms(&stem("entscheiden", Lang::De), &stem("festlegen", Lang::De)));
        assert!(!t.synonyms(&stem("haus", Lang::De), &stem("entscheiden", Lang::De)));
        assert!(t.sets("haus").is_empty(), "one-word sets are dropped");
    }

    #[test]
    fn wordnet_knows_common_verbs() {
        let en = thesaurus(Lang::En);
        assert!(en.len() > 10_000);
        assert!(en.synonyms(&stem("cut", Lang::En), &stem("reduce", Lang::En)));
        assert!(!en.synonyms(&stem("cut", Lang::En), &stem("elect", Lang::En)));
    }

    #[test]
    fn openthesaurus_relates_german_verbs_when_present() {
        let de = thesaurus(Lang::De);
        if de.is_empty() {
            return; // data file not installed beside the binary
        }
        assert!(de.synonyms(&stem("einsparen", Lang::De), &stem("kürzen", Lang::De)));
    }
}
