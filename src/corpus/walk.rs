//! Finding corpus files on disk. Directories are walked recursively without
//! ever entering the same directory twice (directories and files are known
//! by device and inode, so symbolic-link loops such as `up -> ..` end the
//! walk instead of repeating it), and symbolic links are followed only after
//! every real entry, so a file keeps its own path rather than a link's.
//! Every corpus file that is skipped (special files, files over the size
//! limit, duplicates, unreadable directories) is reported as `path: reason`.

use std::collections::{HashMap, HashSet, VecDeque};
use std::fs::Metadata;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use super::article::LoadError;

/// Extensions of corpus files.
pub const EXTENSIONS: &[&str] = &["txt", "md", "markdown", "jsonl"];

/// Largest text or Markdown file read as one article, and longest JSONL
/// line (bytes). The longest news article in the shared corpora is 33 KB;
/// larger files are refused so that one stray dump cannot stall indexing
/// (the claim builder's cost grows faster than linearly with the number of
/// sentences in one article).
pub const MAX_ARTICLE_BYTES: u64 = 1 << 20;

/// Whether `path` has a corpus extension.
pub fn is_corpus_file_name(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.contains(&e))
}

fn is_jsonl(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()) == Some("jsonl")
}

/// Identity of a file or directory on disk: device and inode where the
/// platform has them, else the canonical path.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum FileId {
    #[cfg(unix)]
    Inode(u64, u64),
    #[cfg(not(unix))]
    Path(PathBuf),
}

#[cfg(unix)]
fn file_id(_path: &Path, meta: &EntryMeta) -> Option<FileId> {
    Some(FileId::Inode(meta.dev, meta.ino))
}

#[cfg(not(unix))]
fn file_id(path: &Path, _meta: &EntryMeta) -> Option<FileId> {
    std::fs::canonicalize(path).ok().map(FileId::Path)
}

/// What the walk keeps of an entry's `stat` (a listing of a large archive
/// holds one per file, and a whole `Metadata` is several times larger).
struct EntryMeta {
    is_dir: bool,
    is_file: bool,
    len: u64,
    /// Modification time, see [`mtime_ns`].
    mtime: i128,
    /// What a special file is (see [`special_kind`]).
    special: &'static str,
    #[cfg(unix)]
    dev: u64,
    #[cfg(unix)]
    ino: u64,
}

impl EntryMeta {
    fn of(meta: &Metadata) -> EntryMeta {
        #[cfg(unix)]
        use std::os::unix::fs::MetadataExt;
        EntryMeta {
            is_dir: meta.is_dir(),
            is_file: meta.is_file(),
            len: meta.len(),
            mtime: mtime_ns(meta),
            special: special_kind(meta),
            #[cfg(unix)]
            dev: meta.dev(),
            #[cfg(unix)]
            ino: meta.ino(),
        }
    }
}

/// A short name for what a non-regular, non-directory entry is.
pub fn special_kind(meta: &Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
    }
    let _ = meta;
    "not a regular file"
}

fn skipped(path: &Path, message: String) -> LoadError {
    LoadError {
        path: path.to_path_buf(),
        line: None,
        message,
    }
}

/// What the walk learnt of one directory entry.
enum Stated {
    /// A symbolic link (followed after every real entry).
    Link,
    /// Neither a directory nor a corpus file.
    Other,
    Failed(std::io::Error),
    Found(EntryMeta),
}

/// One directory's entries (hidden ones left out) with what a `stat` told
/// of each, in name order, and the entries that could not be listed.
struct Listing {
    entries: Vec<(PathBuf, Stated)>,
    errors: Vec<LoadError>,
}

/// Lists `dir` and takes its entries' `stat`s (in parallel: in a large
/// archive they are the walk's main cost).
fn list_dir(dir: &Path) -> std::io::Result<Listing> {
    let mut children = Vec::new();
    let mut errors = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        match entry {
            Ok(entry) => children.push(entry),
            Err(e) => errors.push(skipped(dir, format!("cannot list an entry: {e}"))),
        }
    }
    // Each name is taken once (a sort by `file_name()` would allocate it in
    // every comparison: a million allocations for 100,000 files).
    let mut children: Vec<(std::ffi::OsString, std::fs::DirEntry)> =
        children.into_iter().map(|e| (e.file_name(), e)).collect();
    children.sort_by(|a, b| a.0.cmp(&b.0));
    let entries = children
        .par_iter()
        .filter(|(name, _)| !name.to_string_lossy().starts_with('.'))
        .map(|(_, entry)| {
            let path = entry.path();
            let stated = match entry.file_type() {
                Err(e) => Stated::Failed(e),
                Ok(kind) if kind.is_symlink() => Stated::Link,
                Ok(kind) if !kind.is_dir() && !is_corpus_file_name(&path) => Stated::Other,
                Ok(_) => entry
                    .metadata()
                    .map_or_else(Stated::Failed, |m| Stated::Found(EntryMeta::of(&m))),
            };
            (path, stated)
        })
        .collect();
    Ok(Listing { entries, errors })
}

/// Directory levels below a root that are listed ahead of the walk; deeper
/// ones are listed when the walk reaches them (the lookahead recurses).
const LOOKAHEAD_DEPTH: usize = 32;

/// Listings of the real directories under a root, taken ahead of the walk.
type Listings = HashMap<PathBuf, std::io::Result<Listing>>;

/// Lists `dir` and, in parallel, every real directory below it (links are
/// not followed, and a directory met twice by identity is listed once),
/// into `out`. A newsroom archive is thousands of folders of files: listed
/// one after another, the walk would wait on each folder's `stat`s in turn.
/// The walk itself then takes the listings in its own order, so that what
/// it finds and reports is the same as without them.
fn look_ahead(dir: &Path, depth: usize, seen: &Mutex<HashSet<FileId>>, out: &Mutex<Listings>) {
    let listing = list_dir(dir);
    let mut below = Vec::new();
    if let Ok(l) = &listing {
        if depth < LOOKAHEAD_DEPTH {
            for (path, stated) in &l.entries {
                if let Stated::Found(meta) = stated {
                    let new = || match file_id(path, meta) {
                        Some(id) => seen.lock().unwrap_or_else(|e| e.into_inner()).insert(id),
                        None => true,
                    };
                    if meta.is_dir && new() {
                        below.push(path.clone());
                    }
                }
            }
        }
    }
    out.lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(dir.to_path_buf(), listing);
    below
        .par_iter()
        .for_each(|d| look_ahead(d, depth + 1, seen, out));
}

/// Walks corpus paths, remembering every directory and file already seen,
/// so that paths given together are read once however they overlap.
#[derive(Default)]
pub struct Walker {
    /// Directory listings taken ahead of the walk (see [`look_ahead`]).
    listed: Listings,
    dirs: HashMap<FileId, PathBuf>,
    /// Files seen, by identity, with their place in `found`.
    files: HashMap<FileId, usize>,
    /// Corpus files found, in walk order.
    pub found: Vec<PathBuf>,
    /// Size and modification time (ns since the epoch, 0 when unknown) of
    /// each file found, as the walk saw them (a freshness check needs no
    /// second `stat`).
    pub stamps: Vec<(u64, i128)>,
    /// Files skipped, and why.
    pub errors: Vec<LoadError>,
    /// Paths skipped because what they lead to is read already (links,
    /// overlapping paths): nothing is lost.
    pub notes: Vec<LoadError>,
}

impl Walker {
    /// Adds the corpus files under `root` (a file is taken as it is, even a
    /// pipe: it was named on purpose; reading it is still bounded).
    pub fn walk(&mut self, root: &Path) {
        let meta = match std::fs::metadata(root) {
            Ok(m) => EntryMeta::of(&m),
            Err(e) => {
                self.errors.push(skipped(root, format!("cannot read: {e}")));
                return;
            }
        };
        if !meta.is_dir {
            self.add_file(root, &meta, true);
            return;
        }
        let mut dirs = Vec::new();
        let mut links = VecDeque::new();
        if self.enter_dir(root, &meta, false) {
            dirs.push(root.to_path_buf());
            let seen = Mutex::new(file_id(root, &meta).into_iter().collect());
            let listed = Mutex::new(Listings::new());
            look_ahead(root, 0, &seen, &listed);
            self.listed = listed.into_inner().unwrap_or_else(|e| e.into_inner());
        }
        loop {
            if let Some(dir) = dirs.pop() {
                self.read_dir(&dir, &mut dirs, &mut links);
            } else if let Some(link) = links.pop_front() {
                self.follow_link(&link, &mut dirs);
            } else {
                break;
            }
        }
        self.listed.clear();
    }

    fn read_dir(&mut self, dir: &Path, dirs: &mut Vec<PathBuf>, links: &mut VecDeque<PathBuf>) {
        let listing = match self.listed.remove(dir) {
            Some(listing) => listing,
            None => list_dir(dir),
        };
        let Listing {
            entries: stated,
            mut errors,
        } = match listing {
            Ok(l) => l,
            Err(e) => {
                self.errors.push(skipped(
                    dir,
                    format!("cannot read directory: {e}; skipped with everything below it"),
                ));
                return;
            }
        };
        self.errors.append(&mut errors);
        // Pushed in reverse so that the stack pops them in name order.
        let mut subdirs = Vec::new();
        for (path, stated) in stated {
            let meta = match stated {
                Stated::Link => {
                    links.push_back(path);
                    continue;
                }
                Stated::Other => continue,
                Stated::Failed(e) => {
                    self.errors
                        .push(skipped(&path, format!("cannot read: {e}; skipped")));
                    continue;
                }
                Stated::Found(m) => m,
            };
            if meta.is_dir {
                if self.enter_dir(&path, &meta, false) {
                    subdirs.push(path);
                }
            } else {
                self.add_file(&path, &meta, false);
            }
        }
        dirs.extend(subdirs.into_iter().rev());
    }

    fn follow_link(&mut self, link: &Path, dirs: &mut Vec<PathBuf>) {
        let meta = match std::fs::metadata(link) {
            Ok(m) => EntryMeta::of(&m),
            Err(e) => {
                if is_corpus_file_name(link) {
                    self.errors.push(skipped(
                        link,
                        format!("symbolic link that cannot be followed: {e}; skipped"),
                    ));
                }
                return;
            }
        };
        if meta.is_dir {
            if self.enter_dir(link, &meta, true) {
                dirs.push(link.to_path_buf());
            }
        } else if is_corpus_file_name(link) {
            self.add_file(link, &meta, false);
        }
    }

    /// Marks a directory as seen; false (with a note for links) if it was.
    fn enter_dir(&mut self, path: &Path, meta: &EntryMeta, via_link: bool) -> bool {
        let Some(id) = file_id(path, meta) else {
            return true;
        };
        if let Some(first) = self.dirs.get(&id) {
            let message = if via_link {
                format!(
                    "symbolic link to a directory already read ({}); skipped",
                    first.display()
                )
            } else {
                format!("same directory as {}; skipped", first.display())
            };
            self.notes.push(skipped(path, message));
            return false;
        }
        self.dirs.insert(id, path.to_path_buf());
        true
    }

    fn add_file(&mut self, path: &Path, meta: &EntryMeta, named: bool) {
        if !meta.is_file && !named {
            self.errors.push(skipped(
                path,
                format!("{}, not a regular file; skipped", meta.special),
            ));
            return;
        }
        if meta.is_file && meta.len > MAX_ARTICLE_BYTES && !is_jsonl(path) {
            self.errors.push(too_large(path, meta.len));
            return;
        }
        if meta.is_file {
            if let Some(id) = file_id(path, meta) {
                if let Some(first) = self.files.get(&id).map(|&at| &self.found[at]) {
                    self.notes.push(skipped(
                        path,
                        format!("same file as {}; skipped", first.display()),
                    ));
                    return;
                }
                self.files.insert(id, self.found.len());
            }
        }
        self.found.push(path.to_path_buf());
        self.stamps.push((meta.len, meta.mtime));
    }
}

/// Modification time in nanoseconds since the epoch (0 when unknown).
pub fn mtime_ns(meta: &Metadata) -> i128 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos() as i128)
}

/// The error for a file over [`MAX_ARTICLE_BYTES`].
pub fn too_large(path: &Path, len: u64) -> LoadError {
    skipped(
        path,
        format!(
            "{} is more than the {} MiB limit for one article; skipped",
            human_size(len),
            MAX_ARTICLE_BYTES >> 20
        ),
    )
}

fn human_size(len: u64) -> String {
    if len >= 1 << 20 {
        format!("{:.1} MiB", len as f64 / (1u64 << 20) as f64)
    } else {
        format!("{len} bytes")
    }
}

/// Lists the corpus files under `path` (a file is taken as it is); what is
/// skipped is added to `errors`.
pub fn corpus_files(path: &Path, errors: &mut Vec<LoadError>) -> Vec<PathBuf> {
    let mut walker = Walker::default();
    walker.walk(path);
    errors.append(&mut walker.errors);
    errors.append(&mut walker.notes);
    walker.found
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn walk(root: &Path) -> Walker {
        let mut w = Walker::default();
        w.walk(root);
        w
    }

    #[test]
    fn folders_below_the_lookahead_are_still_walked_in_name_order() {
        let dir = tempfile::tempdir().unwrap();
        let mut deep = dir.path().to_path_buf();
        for level in 0..LOOKAHEAD_DEPTH + 5 {
            deep.push(format!("d{level}"));
        }
        std::fs::create_dir_all(&deep).unwrap();
        std::fs::write(deep.join("b.md"), "Zwei.").unwrap();
        std::fs::write(deep.join("a.md"), "Eins.").unwrap();
        std::fs::write(dir.path().join("z.md"), "Drei.").unwrap();
        let w = walk(dir.path());
        assert_eq!(
            w.found,
            vec![
                dir.path().join("z.md"),
                deep.join("a.md"),
                deep.join("b.md")
            ]
        );
        assert!(w.errors.is_empty() && w.notes.is_empty(), "{:?}", w.errors);
        assert!(w.listed.is_empty(), "listings are dropped after the walk");
    }

    #[test]
    fn symlink_loops_end_and_are_reported() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a");
        std::fs::create_dir_all(a.join("b")).unwrap();
        std::fs::write(a.join("b/x.txt"), "Drei Leute kamen.").unwrap();
        symlink(".", a.join("l1")).unwrap();
        symlink(".", a.join("l2")).unwrap();
        symlink("..", a.join("b/up")).unwrap();
        let w = walk(dir.path());
        assert_eq!(w.found, vec![a.join("b/x.txt")]);
        assert!(w.errors.is_empty(), "{:?}", w.errors);
        let mut reported: Vec<_> = w.notes.iter().map(|e| e.path.clone()).collect();
        reported.sort();
        assert_eq!(reported, vec![a.join("b/up"), a.join("l1"), a.join("l2")]);
        assert!(w.notes[0].message.contains("already read"), "{:?}", w.notes);
    }

    #[test]
    fn real_paths_win_over_links_and_duplicates_are_read_once() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("z")).unwrap();
        std::fs::write(dir.path().join("z/real.md"), "Ein Text.").unwrap();
        // Sorted first, but a link: the real path is kept.
        symlink("z", dir.path().join("a-link")).unwrap();
        symlink("z/real.md", dir.path().join("b.md")).unwrap();
        let mut w = walk(dir.path());
        w.walk(&dir.path().join("z"));
        assert_eq!(w.found, vec![dir.path().join("z/real.md")]);
        assert!(w.errors.is_empty(), "{:?}", w.errors);
        assert_eq!(w.notes.len(), 3, "{:?}", w.notes);
    }

    #[test]
    fn special_and_oversized_files_are_reported() {
        let dir = tempfile::tempdir().unwrap();
        symlink("/dev/zero", dir.path().join("zero.txt")).unwrap();
        symlink("missing", dir.path().join("gone.md")).unwrap();
        let big = std::fs::File::create(dir.path().join("big.txt")).unwrap();
        big.set_len(MAX_ARTICLE_BYTES + 1).unwrap();
        std::fs::write(dir.path().join("ok.txt"), "Gut.").unwrap();
        std::fs::write(dir.path().join("notes.pdf"), "x").unwrap();
        let w = walk(dir.path());
        assert_eq!(w.found, vec![dir.path().join("ok.txt")]);
        let text: Vec<String> = w.errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(text.len(), 3, "{text:?}");
        assert!(w.notes.is_empty());
        assert!(text
            .iter()
            .any(|t| t.contains("zero.txt: a character device")));
        assert!(text
            .iter()
            .any(|t| t.contains("big.txt: 1.0 MiB is more than")));
        assert!(text.iter().any(|t| t.contains("gone.md: symbolic link")));
    }

    #[test]
    fn unreadable_directories_are_reported() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope");
        let w = walk(&missing);
        assert!(w.found.is_empty());
        assert_eq!(w.errors.len(), 1);
        assert!(w.errors[0].message.starts_with("cannot read"));
    }
}
