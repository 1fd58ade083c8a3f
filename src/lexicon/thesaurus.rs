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
//! share a set. The map is an `fst` from stem to a run of a flat array of
//! set ids: a process reads it back from the cache as two byte blocks,
//! without a hash table of a hundred thousand strings to build.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use fst::Streamer;
use rayon::prelude::*;
use xxhash_rust::xxh3::Xxh3;

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
#[derive(Default)]
pub struct Thesaurus {
    /// Stem → its run in `ids`: start << [`RUN_BITS`] | length.
    index: fst::Map<Vec<u8>>,
    /// The set ids of every stem, one run after another.
    ids: Vec<u32>,
}

impl std::fmt::Debug for Thesaurus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Thesaurus")
            .field("stems", &self.index.len())
            .field("ids", &self.ids.len())
            .finish()
    }
}

/// Bits of an `index` value that hold the length of a stem's run.
const RUN_BITS: u32 = 24;
/// First bytes of a cache file (its format's version).
const CACHE_MAGIC: &[u8; 8] = b"FCTHES02";

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
        let mut stems: Vec<(String, Vec<u32>)> = sets_of.into_iter().collect();
        stems.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut builder = fst::MapBuilder::memory();
        let mut ids = Vec::new();
        for (stem, sets) in stems {
            let run = ((ids.len() as u64) << RUN_BITS) | sets.len() as u64;
            ids.extend(sets);
            builder
                .insert(stem.as_bytes(), run)
                .expect("stems are sorted and unique: fst insertion cannot fail");
        }
        Thesaurus {
            index: builder.into_map(),
            ids,
        }
    }

    /// The sets a stem belongs to.
    pub fn sets(&self, stem: &str) -> &[u32] {
        self.index.get(stem).map_or(&[], |run| {
            let start = (run >> RUN_BITS) as usize;
            let len = (run & ((1 << RUN_BITS) - 1)) as usize;
            self.ids.get(start..start + len).unwrap_or(&[])
        })
    }

    /// The cache file's bytes: the magic, the `fst` map's length and bytes,
    /// then the set ids (little-endian).
    fn to_bytes(&self) -> Vec<u8> {
        let map = self.index.as_fst().as_bytes();
        let mut out = Vec::with_capacity(16 + map.len() + 4 * self.ids.len());
        out.extend_from_slice(CACHE_MAGIC);
        out.extend_from_slice(&(map.len() as u64).to_le_bytes());
        out.extend_from_slice(map);
        for id in &self.ids {
            out.extend_from_slice(&id.to_le_bytes());
        }
        out
    }

    /// A thesaurus read back from [`Thesaurus::to_bytes`]; `None` when the
    /// bytes are not such a file (another version, truncated, corrupt).
    fn from_bytes(bytes: &[u8]) -> Option<Thesaurus> {
        let rest = bytes.strip_prefix(CACHE_MAGIC)?;
        let (len, rest) = rest.split_first_chunk::<8>()?;
        let len = usize::try_from(u64::from_le_bytes(*len)).ok()?;
        if rest.len() < len || (rest.len() - len) % 4 != 0 {
            return None;
        }
        let (map, ids) = rest.split_at(len);
        let index = fst::Map::new(map.to_vec()).ok()?;
        // Reading a damaged fst may panic; its checksum tells first.
        index.as_fst().verify().ok()?;
        let ids: Vec<u32> = ids
            .chunks_exact(4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        // Every run must lie inside the ids.
        let fits = |run: u64| (run >> RUN_BITS) + (run & ((1 << RUN_BITS) - 1)) <= ids.len() as u64;
        let mut stream = index.stream();
        while let Some((_, run)) = stream.next() {
            if !fits(run) {
                return None;
            }
        }
        Some(Thesaurus { index, ids })
    }

    /// Do two stems share a synonym set?
    pub fn synonyms(&self, a: &str, b: &str) -> bool {
        let (x, y) = (self.sets(a), self.sets(b));
        !x.is_empty() && x.iter().any(|s| y.contains(s))
    }

    /// Number of stems with at least one set.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
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
    LazyLock::new(|| Thesaurus::parse_cached(ENGLISH, Lang::En, cache_dir().as_deref()));

static GERMAN_THESAURUS: LazyLock<Thesaurus> = LazyLock::new(|| {
    let Some(path) = german_path() else {
        return Thesaurus::default();
    };
    match std::fs::read_to_string(&path) {
        Ok(text) => Thesaurus::parse_cached(&text, Lang::De, cache_dir().as_deref()),
        Err(e) => {
            eprintln!("{}: cannot read the German thesaurus: {e}", path.display());
            Thesaurus::default()
        }
    }
});

/// Where parsed thesauri are kept between processes: the user's cache
/// directory (XDG), beside the indexes.
fn cache_dir() -> Option<PathBuf> {
    Some(
        directories::ProjectDirs::from("", "", "factcheck")?
            .cache_dir()
            .join("thesaurus"),
    )
}

impl Thesaurus {
    /// [`Thesaurus::parse`], kept in `cache` between processes: stemming a
    /// whole thesaurus costs every process a tenth of a second, reading
    /// back its stems a few milliseconds. The cache file is named by a hash
    /// of the text, the language and the stemming code's fingerprint, so a
    /// changed thesaurus or stemmer never meets an old file; it is written
    /// under a temporary name and renamed into place, and a cache that
    /// cannot be read or written is only a slower start.
    pub fn parse_cached(text: &str, lang: Lang, cache: Option<&Path>) -> Thesaurus {
        let Some(dir) = cache else {
            return Thesaurus::parse(text, lang);
        };
        let mut h = Xxh3::new();
        h.update(env!("FACTCHECK_EXTRACTOR").as_bytes());
        h.update(lang.code().as_bytes());
        h.update(text.as_bytes());
        let file = dir.join(format!("{}-{:032x}.bin", lang.code(), h.digest128()));
        if let Some(cached) = std::fs::read(&file)
            .ok()
            .and_then(|bytes| Thesaurus::from_bytes(&bytes))
        {
            return cached;
        }
        let parsed = Thesaurus::parse(text, lang);
        let tmp = dir.join(format!(".{}.{}", std::process::id(), lang.code()));
        let written = std::fs::create_dir_all(dir)
            .and_then(|()| std::fs::write(&tmp, parsed.to_bytes()))
            .and_then(|()| std::fs::rename(&tmp, &file));
        if written.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        parsed
    }
}

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
    fn a_cached_thesaurus_reads_back_what_parsing_gives() {
        let dir = tempfile::tempdir().unwrap();
        let text = "beschließen entscheiden festlegen\nkürzen einsparen streichen\n";
        let parsed = Thesaurus::parse(text, Lang::De);
        let first = Thesaurus::parse_cached(text, Lang::De, Some(dir.path()));
        let files: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(files.len(), 1, "one cache file, no temporary left");
        let second = Thesaurus::parse_cached(text, Lang::De, Some(dir.path()));
        assert!(!parsed.is_empty());
        assert_eq!(entries(&first), entries(&parsed));
        assert_eq!(entries(&second), entries(&parsed));
        // Another text is another file, never the old answer.
        let other = Thesaurus::parse_cached("haus gebäude\n", Lang::De, Some(dir.path()));
        assert!(other.synonyms(&stem("haus", Lang::De), &stem("gebäude", Lang::De)));
        assert!(other.sets(&stem("kürzen", Lang::De)).is_empty());
        // A damaged cache file is parsed again.
        for f in std::fs::read_dir(dir.path()).unwrap() {
            std::fs::write(f.unwrap().path(), b"\xff\x00").unwrap();
        }
        let again = Thesaurus::parse_cached(text, Lang::De, Some(dir.path()));
        assert_eq!(entries(&again), entries(&parsed));
        // A truncated or altered file is no thesaurus.
        let bytes = parsed.to_bytes();
        assert!(Thesaurus::from_bytes(&bytes).is_some());
        for cut in [0, 8, 16, bytes.len() / 2, bytes.len() - 1] {
            assert!(
                Thesaurus::from_bytes(&bytes[..cut]).is_none(),
                "cut at {cut}"
            );
        }
        let mut wrong = bytes.clone();
        wrong[..8].copy_from_slice(b"FCTHES01");
        assert!(Thesaurus::from_bytes(&wrong).is_none());
        // A flipped byte inside the fst's nodes fails its checksum.
        let fst_len = u64::from_le_bytes(bytes[8..16].try_into().unwrap()) as usize;
        let mut flipped = bytes.clone();
        flipped[16 + fst_len / 2] ^= 0x5a;
        assert!(Thesaurus::from_bytes(&flipped).is_none());
    }

    /// Every stem with its sets.
    fn entries(t: &Thesaurus) -> Vec<(String, Vec<u32>)> {
        let mut out = Vec::new();
        let mut stream = t.index.stream();
        while let Some((stem, _)) = stream.next() {
            let stem = String::from_utf8(stem.to_vec()).unwrap();
            out.push((stem.clone(), t.sets(&stem).to_vec()));
        }
        out
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
