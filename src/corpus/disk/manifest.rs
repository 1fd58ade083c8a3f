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

/// The manifest of one generation.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Manifest {
    pub generation: u64,
    pub tables: String,
    pub segments: Vec<String>,
    pub walk_errors: Vec<StoredError>,
}

impl Manifest {
    pub fn write(&self, dir: &Path, stat: &Stat, files: &[FileRecord]) -> std::io::Result<()> {
        let mut file = FileWriter::default();
        file.section("manifest", encode(self));
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
