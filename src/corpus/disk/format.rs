//! The container every index file uses: a fixed header (magic, format
//! version, file kind, length and checksum of the section directory), the
//! directory of named sections, then the sections. Small sections carry an
//! xxh3 checksum that is verified when the file is opened; blob sections
//! hold framed records (`length, checksum, payload`) that are verified when
//! a record is read. A file is opened by memory-mapping it: nothing but the
//! header, the directory and the verified sections is touched at open.
//!
//! Records are read with positioned reads (`pread`), not through the map: a
//! check reads thousands of small records scattered over hundreds of
//! megabytes, and mapped, each would bring its page (or, with the large
//! page-cache folios of a file just written, a megabyte or more) into the
//! process's resident memory. Read, they stay in the kernel's page cache,
//! shared and reclaimable. Sections that are searched in place (the `fst`
//! maps, the fixed-width tables) are read through the map.

use std::collections::HashMap;
use std::fs::File;
use std::io::Write;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use memmap2::Mmap;
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_64;

/// First bytes of every index file.
pub const MAGIC: [u8; 8] = *b"FCINDEX\0";
/// Version of the on-disk format; files of another version are rebuilt.
pub const FORMAT_VERSION: u32 = 1;
const HEADER_LEN: usize = 32;
const FRAME_HEADER: usize = 8;

/// What an index file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum FileKind {
    Manifest = 1,
    Segment = 2,
    Tables = 3,
}

/// Why an index file cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Corrupt(pub String);

impl std::fmt::Display for Corrupt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn corrupt(path: &Path, why: impl std::fmt::Display) -> Corrupt {
    Corrupt(format!("{}: {why}", path.display()))
}

#[derive(Debug, Serialize, Deserialize)]
struct SectionEntry {
    name: String,
    offset: u64,
    len: u64,
    /// Checksum of the whole section, verified at open (`None`: a blob of
    /// framed records, each verified when read).
    checksum: Option<u64>,
}

/// Encodes a value as MessagePack (self-describing, so that internally
/// tagged enums round-trip).
pub fn encode<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    rmp_serde::to_vec(value).expect("in-memory MessagePack encoding cannot fail")
}

/// Decodes a MessagePack value.
pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, String> {
    rmp_serde::from_slice(bytes).map_err(|e| format!("undecodable record: {e}"))
}

/// A file being written: named sections, written out at once.
#[derive(Default)]
pub struct FileWriter {
    sections: Vec<(String, Vec<u8>, bool)>,
}

impl FileWriter {
    /// Adds a section verified as a whole at open.
    pub fn section(&mut self, name: &str, bytes: Vec<u8>) {
        self.sections.push((name.to_string(), bytes, true));
    }

    /// Adds a blob of framed records (see [`BlobWriter`]).
    pub fn blob(&mut self, name: &str, blob: BlobWriter) {
        self.sections.push((name.to_string(), blob.bytes, false));
    }

    /// Writes the file to `path` through a temporary file and a rename, so
    /// that no reader ever sees half of it.
    pub fn write(self, path: &Path, kind: FileKind) -> std::io::Result<()> {
        let mut offset = 0u64;
        let mut entries = Vec::new();
        for (name, bytes, verified) in &self.sections {
            entries.push(SectionEntry {
                name: name.clone(),
                offset,
                len: bytes.len() as u64,
                checksum: verified.then(|| xxh3_64(bytes)),
            });
            offset += bytes.len() as u64;
        }
        let directory = encode(&entries);
        let mut header = Vec::with_capacity(HEADER_LEN);
        header.extend_from_slice(&MAGIC);
        header.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        header.extend_from_slice(&(kind as u32).to_le_bytes());
        header.extend_from_slice(&(directory.len() as u64).to_le_bytes());
        header.extend_from_slice(&xxh3_64(&directory).to_le_bytes());
        let tmp = temporary_path(path);
        let result = (|| {
            let mut file = std::io::BufWriter::new(File::create(&tmp)?);
            file.write_all(&header)?;
            file.write_all(&directory)?;
            for (_, bytes, _) in &self.sections {
                file.write_all(bytes)?;
            }
            let file = file.into_inner().map_err(|e| e.into_error())?;
            file.sync_all()?;
            std::fs::rename(&tmp, path)
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result
    }
}

/// A name beside `path` for writing before the rename.
fn temporary_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".tmp{}", std::process::id()));
    path.with_file_name(name)
}

/// Framed records: `u32` length, `u32` checksum, payload.
#[derive(Default)]
pub struct BlobWriter {
    bytes: Vec<u8>,
}

impl BlobWriter {
    /// Appends a record and returns its offset.
    pub fn push(&mut self, payload: &[u8]) -> u64 {
        let offset = self.bytes.len() as u64;
        self.bytes
            .extend_from_slice(&(payload.len() as u32).to_le_bytes());
        self.bytes
            .extend_from_slice(&(xxh3_64(payload) as u32).to_le_bytes());
        self.bytes.extend_from_slice(payload);
        offset
    }

    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }
}

/// A section of an opened file, shareable (for `fst` maps).
#[derive(Clone)]
pub struct Section {
    map: Arc<Mmap>,
    range: Range<usize>,
}

impl AsRef<[u8]> for Section {
    fn as_ref(&self) -> &[u8] {
        &self.map[self.range.clone()]
    }
}

/// An opened, memory-mapped index file.
pub struct IndexFile {
    pub path: PathBuf,
    file: File,
    map: Arc<Mmap>,
    sections: HashMap<String, Range<usize>>,
}

/// Bytes read at once for a record whose length is not known yet: the
/// frame header and most records (claims, digests) in one read.
const FIRST_READ: usize = 1024;

/// Reads `buf.len()` bytes at `offset` of `file`.
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
    }
    #[cfg(windows)]
    {
        let mut done = 0;
        while done < buf.len() {
            match std::os::windows::fs::FileExt::seek_read(
                file,
                &mut buf[done..],
                offset + done as u64,
            ) {
                Ok(0) => return Err(std::io::ErrorKind::UnexpectedEof.into()),
                Ok(n) => done += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }
}

impl IndexFile {
    /// Opens and checks a file: header, version, kind, directory, section
    /// bounds and the checksums of verified sections.
    pub fn open(path: &Path, kind: FileKind) -> Result<IndexFile, Corrupt> {
        let file = File::open(path).map_err(|e| corrupt(path, format!("cannot open: {e}")))?;
        // SAFETY: index files are never modified in place: updates write new
        // files and rename them, so the mapped bytes do not change under us.
        let map =
            unsafe { Mmap::map(&file) }.map_err(|e| corrupt(path, format!("cannot map: {e}")))?;
        // Lookups touch scattered records: without read-ahead and
        // fault-around, a record read maps its own pages, not the 64 KiB
        // around it (which would count in the process's resident memory).
        #[cfg(unix)]
        let _ = map.advise(memmap2::Advice::Random);
        if map.len() < HEADER_LEN {
            return Err(corrupt(path, "truncated (no header)"));
        }
        if map[..8] != MAGIC {
            return Err(corrupt(path, "not a factcheck index file"));
        }
        let u32_at = |at: usize| u32::from_le_bytes(map[at..at + 4].try_into().unwrap_or_default());
        let u64_at = |at: usize| u64::from_le_bytes(map[at..at + 8].try_into().unwrap_or_default());
        let version = u32_at(8);
        if version != FORMAT_VERSION {
            return Err(corrupt(
                path,
                format!("format version {version}, this build reads {FORMAT_VERSION}"),
            ));
        }
        if u32_at(12) != kind as u32 {
            return Err(corrupt(path, "a different kind of index file"));
        }
        let dir_len = u64_at(16) as usize;
        let dir_end = HEADER_LEN
            .checked_add(dir_len)
            .filter(|&e| e <= map.len())
            .ok_or_else(|| corrupt(path, "truncated (directory)"))?;
        let directory = &map[HEADER_LEN..dir_end];
        if xxh3_64(directory) != u64_at(24) {
            return Err(corrupt(path, "directory checksum mismatch"));
        }
        let entries: Vec<SectionEntry> = decode(directory).map_err(|e| corrupt(path, e))?;
        let mut sections = HashMap::new();
        for e in entries {
            let start = dir_end as u64 + e.offset;
            let range = start
                .checked_add(e.len)
                .filter(|&end| end <= map.len() as u64)
                .map(|end| start as usize..end as usize)
                .ok_or_else(|| corrupt(path, format!("truncated (section {})", e.name)))?;
            if let Some(sum) = e.checksum {
                if xxh3_64(&map[range.clone()]) != sum {
                    return Err(corrupt(
                        path,
                        format!("checksum mismatch in section {}", e.name),
                    ));
                }
            }
            sections.insert(e.name, range);
        }
        Ok(IndexFile {
            path: path.to_path_buf(),
            file,
            map: Arc::new(map),
            sections,
        })
    }

    /// The bytes of a section.
    pub fn bytes(&self, name: &str) -> Result<&[u8], Corrupt> {
        let range = self
            .sections
            .get(name)
            .ok_or_else(|| corrupt(&self.path, format!("missing section {name}")))?;
        Ok(&self.map[range.clone()])
    }

    /// A section as a shareable handle.
    pub fn section(&self, name: &str) -> Result<Section, Corrupt> {
        let range = self
            .sections
            .get(name)
            .ok_or_else(|| corrupt(&self.path, format!("missing section {name}")))?;
        Ok(Section {
            map: Arc::clone(&self.map),
            range: range.clone(),
        })
    }

    /// Decodes a verified section.
    pub fn decode<T: DeserializeOwned>(&self, name: &str) -> Result<T, Corrupt> {
        decode(self.bytes(name)?).map_err(|e| corrupt(&self.path, format!("section {name}: {e}")))
    }

    fn bad_record(&self, name: &str, offset: u64) -> Corrupt {
        corrupt(&self.path, format!("bad record at {offset} in {name}"))
    }

    /// Where the record at `offset` of blob `name` starts in the file, and
    /// how many bytes of the blob are left from there (at least its frame
    /// header).
    fn frame_at(&self, name: &str, offset: u64) -> Result<(u64, u64), Corrupt> {
        let range = self
            .sections
            .get(name)
            .ok_or_else(|| corrupt(&self.path, format!("missing section {name}")))?;
        let left = ((range.end - range.start) as u64)
            .checked_sub(offset)
            .filter(|&left| left >= FRAME_HEADER as u64)
            .ok_or_else(|| self.bad_record(name, offset))?;
        Ok((range.start as u64 + offset, left))
    }

    /// The payload of the record at `offset` of blob `name`, read (see the
    /// module doc) and checked.
    pub fn record(&self, name: &str, offset: u64) -> Result<Vec<u8>, Corrupt> {
        let (start, left) = self.frame_at(name, offset)?;
        let mut buf = vec![0u8; left.min(FIRST_READ as u64) as usize];
        read_at(&self.file, &mut buf, start).map_err(|e| corrupt(&self.path, e))?;
        let len = u32::from_le_bytes([buf[0], buf[1], buf[2], buf[3]]) as usize;
        let sum = u32::from_le_bytes([buf[4], buf[5], buf[6], buf[7]]);
        if (FRAME_HEADER + len) as u64 > left {
            return Err(self.bad_record(name, offset));
        }
        if FRAME_HEADER + len <= buf.len() {
            buf.truncate(FRAME_HEADER + len);
        } else {
            let had = buf.len();
            buf.resize(FRAME_HEADER + len, 0);
            read_at(&self.file, &mut buf[had..], start + had as u64)
                .map_err(|e| corrupt(&self.path, e))?;
        }
        buf.drain(..FRAME_HEADER);
        if xxh3_64(&buf) as u32 != sum {
            return Err(corrupt(
                &self.path,
                format!("checksum mismatch at {offset} in {name}"),
            ));
        }
        Ok(buf)
    }

    /// The payload length of the record at `offset` of blob `name`, from
    /// its frame header alone (not checked against its payload).
    pub fn record_len(&self, name: &str, offset: u64) -> Result<usize, Corrupt> {
        let (start, left) = self.frame_at(name, offset)?;
        let mut head = [0u8; FRAME_HEADER];
        read_at(&self.file, &mut head, start).map_err(|e| corrupt(&self.path, e))?;
        let len = u32::from_le_bytes([head[0], head[1], head[2], head[3]]) as usize;
        if (FRAME_HEADER + len) as u64 > left {
            return Err(self.bad_record(name, offset));
        }
        Ok(len)
    }

    /// Decodes the record at `offset` of blob `name`.
    pub fn decode_record<T: DeserializeOwned>(
        &self,
        name: &str,
        offset: u64,
    ) -> Result<T, Corrupt> {
        decode(&self.record(name, offset)?).map_err(|e| corrupt(&self.path, e))
    }
}
