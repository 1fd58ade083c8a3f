//! Segments: immutable files of per-article extraction results, keyed by
//! content. Each entry holds the article's text (LZ4-compressed, read only
//! for evidence), its layout (sentence ranges and line starts, for evidence
//! lines) and its reading (claims, names, word use: what the derived tables
//! are built from). An update writes the entries of new or changed articles
//! into one new segment; unchanged articles keep pointing into old ones.

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::format::{encode, BlobWriter, Corrupt, FileKind, FileWriter, IndexFile};
use crate::corpus::index::ArticleReading;
use crate::text::LineIndex;

/// Where one article's entry lies in a segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryRef {
    /// Index into the manifest's list of segments.
    pub segment: u32,
    pub text: u64,
    pub layout: u64,
    pub reading: u64,
}

/// Sentence ranges and line starts of an article.
#[derive(Debug, Serialize, Deserialize)]
pub struct Layout {
    pub sentences: Vec<Range<usize>>,
    pub lines: LineIndex,
}

/// A segment being written.
#[derive(Default)]
pub struct SegmentWriter {
    texts: BlobWriter,
    layouts: BlobWriter,
    readings: BlobWriter,
}

impl SegmentWriter {
    /// Adds an article; returns where it lies (with segment number `segment`).
    pub fn add(&mut self, segment: u32, text: &str, reading: &ArticleReading) -> EntryRef {
        let layout = Layout {
            sentences: reading.sentences.clone(),
            lines: reading.lines.clone(),
        };
        EntryRef {
            segment,
            text: self
                .texts
                .push(&lz4_flex::compress_prepend_size(text.as_bytes())),
            layout: self.layouts.push(&encode(&layout)),
            reading: self.readings.push(&encode(reading)),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.texts.is_empty()
    }

    pub fn write(self, path: &Path) -> std::io::Result<()> {
        let mut file = FileWriter::default();
        file.blob("texts", self.texts);
        file.blob("layouts", self.layouts);
        file.blob("readings", self.readings);
        file.write(path, FileKind::Segment)
    }
}

/// An opened segment.
pub struct Segment {
    file: IndexFile,
}

impl Segment {
    pub fn open(path: &Path) -> Result<Segment, Corrupt> {
        Ok(Segment {
            file: IndexFile::open(path, FileKind::Segment)?,
        })
    }

    pub fn text(&self, offset: u64) -> Result<String, Corrupt> {
        let packed = self.file.record("texts", offset)?;
        let bad = |why: String| {
            Corrupt(format!(
                "{}: text at {offset}: {why}",
                self.file.path.display()
            ))
        };
        let bytes = lz4_flex::decompress_size_prepended(&packed).map_err(|e| bad(e.to_string()))?;
        String::from_utf8(bytes).map_err(|e| bad(e.to_string()))
    }

    pub fn layout(&self, offset: u64) -> Result<Layout, Corrupt> {
        self.file.decode_record("layouts", offset)
    }

    pub fn reading(&self, offset: u64) -> Result<ArticleReading, Corrupt> {
        self.file.decode_record("readings", offset)
    }
}

/// Most segments a generation keeps: an update past it derives every table
/// and copies every live entry into one new segment (each segment is an
/// open file, and every update that extracts something writes one).
pub const MAX_SEGMENTS: usize = 32;

/// Most segments an overlay's articles may lie in: past it an update copies
/// them into one (few, small: cheap), so that a run of small updates keeps
/// the files to open few.
pub const MAX_OVERLAY_SEGMENTS: usize = 8;

/// Where entries were copied to by [`merge`], by (segment, reading offset)
/// of the original.
pub type Moved = HashMap<(u32, u64), EntryRef>;

/// Copies `entries` into one new segment at `path`, record by record without
/// decoding; the copies get segment number `number`. `names[i]` is the file
/// of segment number `first + i`, and every entry lies in one of them.
/// Entries shared by several articles (the same content) are copied once.
pub fn merge(
    dir: &Path,
    names: &[String],
    first: u32,
    entries: impl Iterator<Item = EntryRef>,
    path: &Path,
    number: u32,
) -> Result<Moved, MergeError> {
    let opened: Vec<Segment> = names
        .iter()
        .map(|n| Segment::open(&dir.join(n)))
        .collect::<Result<_, _>>()?;
    let mut writer = SegmentWriter::default();
    let mut moved = Moved::new();
    for entry in entries {
        let key = (entry.segment, entry.reading);
        if moved.contains_key(&key) {
            continue;
        }
        let from = entry
            .segment
            .checked_sub(first)
            .and_then(|i| opened.get(i as usize))
            .ok_or_else(|| {
                Corrupt(format!(
                    "{}: unknown segment {}",
                    dir.display(),
                    entry.segment
                ))
            })?;
        let copy = EntryRef {
            segment: number,
            text: writer.texts.push(&from.file.record("texts", entry.text)?),
            layout: writer
                .layouts
                .push(&from.file.record("layouts", entry.layout)?),
            reading: writer
                .readings
                .push(&from.file.record("readings", entry.reading)?),
        };
        moved.insert(key, copy);
    }
    writer.write(path).map_err(MergeError::Io)?;
    Ok(moved)
}

/// Points an entry at its copy, if it was copied.
pub fn follow(entry: &mut EntryRef, moved: &Moved) {
    if let Some(copy) = moved.get(&(entry.segment, entry.reading)) {
        *entry = *copy;
    }
}

/// Why a merge failed.
pub enum MergeError {
    Corrupt(Corrupt),
    Io(std::io::Error),
}

impl From<Corrupt> for MergeError {
    fn from(c: Corrupt) -> Self {
        MergeError::Corrupt(c)
    }
}
