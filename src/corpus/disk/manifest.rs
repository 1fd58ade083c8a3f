//! The manifest: which tables file and segments make up the current
//! generation, and what every corpus file looked like when it was read
//! (size, modification time, its articles with their content keys and
//! where their entries lie). Its `stat` section is all a freshness check
//! decodes; the `files` section is decoded only to update.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::format::{encode, BlobWriter, Corrupt, FileKind, FileWriter, IndexFile};
use super::segment::EntryRef;
use super::tables::StoredError;
use crate::corpus::archive::ArticleMeta;

/// The manifest's file name inside the index directory.
pub const MANIFEST: &str = "manifest";

/// What the freshness check compares.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stat {
    /// Fingerprint of the extraction code and lexicons that read the articles.
    pub extractor: String,
    /// The corpus paths, as given.
    pub roots: Vec<PathBuf>,
    /// Problems met while walking the corpus paths.
    pub walk_errors: Vec<String>,
    /// Every corpus file with its size and modification time (ns).
    pub files: Vec<(PathBuf, u64, i128)>,
}

/// One article as last read.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct StoredArticle {
    /// Content key (xxh3-128 of the extractor fingerprint and the article).
    pub key: (u64, u64),
    pub meta: ArticleMeta,
    pub entry: EntryRef,
    /// Its id in the tables file (`None`: it is in the overlay).
    #[serde(default)]
    pub base: Option<u32>,
}

/// One corpus file as last read.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct FileRecord {
    pub path: PathBuf,
    /// The path with links resolved (drafts inside the corpus are found by it).
    pub canonical: PathBuf,
    pub articles: Vec<StoredArticle>,
    /// Problems met while reading the file.
    pub errors: Vec<StoredError>,
}

/// The articles a generation holds beside its tables file (see
/// [`super::overlay`]): the corpus as it is now is the tables file's
/// articles without `removed`, and `added`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Overlay {
    /// Articles of the tables file no longer in the corpus (ids, ascending).
    pub removed: Vec<u32>,
    /// Articles not in the tables file, with the canonical path of their
    /// file; they take the ids after the tables file's.
    pub added: Vec<(StoredArticle, PathBuf)>,
    /// Every problem met reading the corpus as it is now.
    pub errors: Vec<StoredError>,
}

impl Overlay {
    /// Articles added or removed since the tables were derived.
    pub fn changes(&self) -> usize {
        self.removed.len() + self.added.len()
    }
}

/// The manifest of one generation.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Manifest {
    pub generation: u64,
    pub tables: String,
    pub segments: Vec<String>,
    pub walk_errors: Vec<StoredError>,
    /// [`Stat::fingerprint`] of the stat written beside it (`None` in
    /// manifests written before it was kept), so that a freshness check of
    /// an unchanged corpus need not decode the stat of every file.
    #[serde(default)]
    pub stat_fingerprint: Option<u64>,
    /// The articles beside the tables file (`None`: the tables file holds
    /// the whole corpus).
    #[serde(default)]
    pub overlay: Option<Overlay>,
}

impl Manifest {
    /// Writes the manifest with `stat` (whose fingerprint it records) and
    /// the corpus files' records.
    pub fn write(&self, dir: &Path, stat: &Stat, files: &[FileRecord]) -> std::io::Result<()> {
        let manifest = Manifest {
            stat_fingerprint: Some(stat.fingerprint()),
            ..self.clone()
        };
        let mut file = FileWriter::default();
        file.section("manifest", encode(&manifest));
        file.section("stat", encode(stat));
        // Verified only when an update reads it, not at every open.
        let mut blob = BlobWriter::default();
        blob.push(&encode(files));
        file.blob("files", blob);
        file.write(&dir.join(MANIFEST), FileKind::Manifest)
    }
}

/// An opened manifest.
pub struct ManifestFile {
    file: IndexFile,
    pub manifest: Manifest,
}

impl ManifestFile {
    pub fn open(dir: &Path) -> Result<ManifestFile, Corrupt> {
        let file = IndexFile::open(&dir.join(MANIFEST), FileKind::Manifest)?;
        let manifest = file.decode("manifest")?;
        Ok(ManifestFile { file, manifest })
    }

    pub fn stat(&self) -> Result<Stat, Corrupt> {
        self.file.decode("stat")
    }

    pub fn files(&self) -> Result<Vec<FileRecord>, Corrupt> {
        self.file.decode_record("files", 0)
    }
}

impl Stat {
    /// A hash of everything the stat holds: equal stats have equal
    /// fingerprints, and the freshness check takes equal fingerprints for
    /// equal stats (a 64-bit xxh3 over the whole stat).
    pub fn fingerprint(&self) -> u64 {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        let mut field = |bytes: &[u8]| {
            h.update(&(bytes.len() as u64).to_le_bytes());
            h.update(bytes);
        };
        field(self.extractor.as_bytes());
        for root in &self.roots {
            field(root.as_os_str().as_encoded_bytes());
        }
        field(b"");
        for e in &self.walk_errors {
            field(e.as_bytes());
        }
        field(b"");
        for (path, size, mtime) in &self.files {
            field(path.as_os_str().as_encoded_bytes());
            field(&size.to_le_bytes());
            field(&mtime.to_le_bytes());
        }
        h.digest()
    }

    /// Whether `other` describes the same corpus files, however each corpus
    /// path was spelled (`seeds` against `/home/ed/seeds`): every root and
    /// every path under it compares by the root's canonical form.
    pub fn same_corpus(&self, other: &Stat) -> bool {
        if self == other {
            return true;
        }
        // Sizes and times first: under any spelling of the roots the files
        // stand in the same order, so a changed file is told without
        // resolving a path.
        let same_stamps = || {
            self.files
                .iter()
                .zip(&other.files)
                .all(|(a, b)| (a.1, a.2) == (b.1, b.2))
        };
        self.extractor == other.extractor
            && self.roots.len() == other.roots.len()
            && self.files.len() == other.files.len()
            && self.walk_errors.len() == other.walk_errors.len()
            && same_stamps()
            && self.rebased() == other.rebased()
    }

    /// Pairs of root spellings (as stored, as now) that differ, for a
    /// corpus that [`Stat::same_corpus`] found the same.
    pub fn respellings(&self, now: &Stat) -> Vec<(PathBuf, PathBuf)> {
        self.roots
            .iter()
            .zip(&now.roots)
            .filter(|(old, new)| old != new)
            .map(|(old, new)| (old.clone(), new.clone()))
            .collect()
    }

    /// This stat with every root, and every path under a root, spelled from
    /// the root's canonical path.
    fn rebased(&self) -> Stat {
        let roots: Vec<(&PathBuf, PathBuf)> = self
            .roots
            .iter()
            .map(|r| (r, std::fs::canonicalize(r).unwrap_or_else(|_| r.clone())))
            .collect();
        let rebase = |p: &Path| respell(p, roots.iter().map(|(r, c)| (r.as_path(), c.as_path())));
        let rebase_text = |s: &String| {
            roots
                .iter()
                .find_map(|(r, c)| {
                    let r = r.to_str()?;
                    let rest = s.strip_prefix(r)?;
                    (rest.starts_with(std::path::MAIN_SEPARATOR) || rest.starts_with(':'))
                        .then(|| format!("{}{rest}", c.display()))
                })
                .unwrap_or_else(|| s.clone())
        };
        Stat {
            extractor: self.extractor.clone(),
            roots: roots.iter().map(|(_, c)| c.clone()).collect(),
            walk_errors: self.walk_errors.iter().map(rebase_text).collect(),
            files: self
                .files
                .iter()
                .map(|(p, size, mtime)| (rebase(p), *size, *mtime))
                .collect(),
        }
    }
}

/// `path` with the first of `pairs`' old roots it lies under replaced by
/// that pair's new root (unchanged when it lies under none).
pub fn respell<'a>(path: &Path, pairs: impl IntoIterator<Item = (&'a Path, &'a Path)>) -> PathBuf {
    pairs
        .into_iter()
        .find_map(|(old, new)| {
            let rest = path.strip_prefix(old).ok()?;
            Some(if rest.as_os_str().is_empty() {
                new.to_path_buf()
            } else {
                new.join(rest)
            })
        })
        .unwrap_or_else(|| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stat(root: &Path, files: &[&str]) -> Stat {
        Stat {
            extractor: "x".into(),
            roots: vec![root.to_path_buf()],
            walk_errors: vec![format!("{}: cannot read", root.join("bad").display())],
            files: files.iter().map(|f| (root.join(f), 3, 7)).collect(),
        }
    }

    #[test]
    #[cfg(unix)]
    fn one_folder_under_two_spellings_is_one_corpus() {
        let dir = tempfile::tempdir().unwrap();
        let real = std::fs::canonicalize(dir.path()).unwrap();
        std::fs::create_dir(real.join("seeds")).unwrap();
        // A link is another spelling of the folder (as a relative path is).
        let linked = real.join("link");
        std::os::unix::fs::symlink(real.join("seeds"), &linked).unwrap();
        let a = stat(&real.join("seeds"), &["a.md", "sub/b.md"]);
        let b = stat(&linked, &["a.md", "sub/b.md"]);
        assert!(a.same_corpus(&b));
        assert_eq!(
            a.respellings(&b),
            vec![(real.join("seeds"), linked.clone())]
        );
        // Another file, size or time is another corpus.
        assert!(!a.same_corpus(&stat(&linked, &["a.md", "sub/c.md"])));
        let mut grown = b.clone();
        grown.files[0].1 = 4;
        assert!(!a.same_corpus(&grown));
        // Another folder is another corpus, however its files are named.
        std::fs::create_dir(real.join("other")).unwrap();
        assert!(!a.same_corpus(&stat(&real.join("other"), &["a.md", "sub/b.md"])));
    }

    #[test]
    fn the_fingerprint_changes_with_every_part_of_the_stat() {
        let root = Path::new("/corpus");
        let a = stat(root, &["a.md", "b.md"]);
        assert_eq!(a.fingerprint(), a.clone().fingerprint());
        let mut changes: Vec<Stat> = Vec::new();
        let mut s = a.clone();
        s.files[1].1 = 4;
        changes.push(s);
        let mut s = a.clone();
        s.files[0].2 = 8;
        changes.push(s);
        changes.push(stat(root, &["a.md", "c.md"]));
        changes.push(stat(root, &["a.md"]));
        changes.push(stat(Path::new("/other"), &["a.md", "b.md"]));
        let mut s = a.clone();
        s.extractor = "y".into();
        changes.push(s);
        let mut s = a.clone();
        s.walk_errors.clear();
        changes.push(s);
        // Fields are framed: moving bytes between two paths is a change.
        let mut s = a.clone();
        s.files[0].0 = root.join("a.mdb");
        s.files[1].0 = root.join(".md");
        changes.push(s);
        for changed in &changes {
            assert_ne!(changed.fingerprint(), a.fingerprint(), "{changed:?}");
        }
    }

    #[test]
    fn respell_moves_paths_under_a_root_and_leaves_the_rest() {
        let pairs = [(Path::new("seeds"), Path::new("/n/seeds"))];
        assert_eq!(
            respell(Path::new("seeds/a.md"), pairs),
            Path::new("/n/seeds/a.md")
        );
        assert_eq!(respell(Path::new("seeds"), pairs), Path::new("/n/seeds"));
        assert_eq!(
            respell(Path::new("seedsx/a.md"), pairs),
            Path::new("seedsx/a.md")
        );
        assert_eq!(
            respell(Path::new("/else/a.md"), pairs),
            Path::new("/else/a.md")
        );
    }
}
