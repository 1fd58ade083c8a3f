//! Reading corpus files, in parallel, once [`super::walk`] has found them:
//! reads are bounded ([`MAX_ARTICLE_BYTES`] per article or JSONL line), only
//! regular files are opened unless a path was named on purpose, and JSONL is
//! streamed line by line. Every file or line that cannot be read is reported
//! and skipped; the rest is kept.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::article::{decode, parse_jsonl_line, parse_text_article, Article, LoadError};
use super::walk::{special_kind, too_large, Walker, MAX_ARTICLE_BYTES};
use crate::text::sentences::{has_overlong_sentence, MAX_SENTENCE_BYTES};

pub use super::walk::corpus_files;

/// Reports progress of a long job: `(done, total)`.
pub type Progress<'a> = &'a (dyn Fn(usize, usize) + Sync);

fn error(path: &Path, line: Option<usize>, message: String) -> LoadError {
    LoadError {
        path: path.to_path_buf(),
        line,
        message,
    }
}

/// Opens a file for reading; walked corpus files must be regular files
/// (a FIFO or device would block or never end), while a path named on the
/// command line may also be a pipe.
fn open(path: &Path, regular_only: bool) -> Result<std::fs::File, LoadError> {
    if regular_only {
        match std::fs::metadata(path) {
            Ok(m) if !m.is_file() => {
                return Err(error(
                    path,
                    None,
                    format!("{}, not a regular file; skipped", special_kind(&m)),
                ))
            }
            _ => {}
        }
    }
    std::fs::File::open(path).map_err(|e| error(path, None, format!("cannot read: {e}")))
}

/// Reads at most [`MAX_ARTICLE_BYTES`] of `reader`; more is an error.
pub fn read_bounded(path: &Path, reader: impl Read) -> Result<Vec<u8>, LoadError> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_ARTICLE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| error(path, None, format!("cannot read: {e}")))?;
    if bytes.len() as u64 > MAX_ARTICLE_BYTES {
        return Err(too_large(path, bytes.len() as u64));
    }
    Ok(bytes)
}

/// Reads a text document (an article or a draft) whole: bounded in size,
/// decoded, BOM removed.
pub fn read_text(path: &Path, regular_only: bool) -> Result<String, LoadError> {
    let file = open(path, regular_only)?;
    decode(path, read_bounded(path, file)?)
}

/// Reads one corpus file into its articles.
pub fn read_file(path: &Path) -> (Vec<Article>, Vec<LoadError>) {
    read_corpus_file(path, true)
}

/// Reads one corpus file into its articles; `regular_only` refuses pipes
/// and devices (for files found by walking a directory).
pub fn read_corpus_file(path: &Path, regular_only: bool) -> (Vec<Article>, Vec<LoadError>) {
    if path.extension().and_then(|e| e.to_str()) == Some("jsonl") {
        return match open(path, regular_only) {
            Ok(file) => read_jsonl(path, BufReader::new(file)),
            Err(e) => (vec![], vec![e]),
        };
    }
    let text = match read_text(path, regular_only) {
        Ok(t) => t,
        Err(e) => return (vec![], vec![e]),
    };
    match parse_text_article(path, text) {
        Ok(a) => {
            let notes = overlong_note(&a).into_iter().collect();
            (vec![a], notes)
        }
        Err(e) => (vec![], vec![e]),
    }
}

/// A note for an article with a sentence that is read in windows.
fn overlong_note(article: &Article) -> Option<LoadError> {
    has_overlong_sentence(&article.text).then(|| {
        error(
            &article.path,
            article.jsonl_line,
            format!(
                "a sentence is longer than {MAX_SENTENCE_BYTES} bytes; it is read in windows of that size"
            ),
        )
    })
}

/// Reads a JSONL file line by line, holding at most one line (of at most
/// [`MAX_ARTICLE_BYTES`]) at a time; longer lines, invalid UTF-8 and bad
/// JSON are reported for their line and skipped. A NUL byte marks the whole
/// file as binary.
pub fn read_jsonl(path: &Path, mut reader: impl BufRead) -> (Vec<Article>, Vec<LoadError>) {
    let mut articles = Vec::new();
    let mut errors = Vec::new();
    let mut line = Vec::new();
    let mut number = 0;
    loop {
        number += 1;
        line.clear();
        let (ended, too_long) = match read_line_bounded(&mut reader, &mut line) {
            Ok(r) => r,
            Err(e) => {
                errors.push(error(path, Some(number), format!("cannot read: {e}")));
                break;
            }
        };
        if ended && line.is_empty() {
            break;
        }
        if line.contains(&0) {
            return (
                vec![],
                vec![error(
                    path,
                    Some(number),
                    "binary file (contains a NUL byte); skipped".into(),
                )],
            );
        }
        if too_long {
            errors.push(error(
                path,
                Some(number),
                format!(
                    "line longer than the {} MiB limit for one article; skipped",
                    MAX_ARTICLE_BYTES >> 20
                ),
            ));
        } else {
            match std::str::from_utf8(&line) {
                Ok(text) => match parse_jsonl_line(path, number, text) {
                    Ok(Some(a)) => {
                        errors.extend(overlong_note(&a));
                        articles.push(a);
                    }
                    Ok(None) => {}
                    Err(e) => errors.push(e),
                },
                Err(e) => errors.push(error(
                    path,
                    Some(number),
                    format!(
                        "invalid UTF-8 at byte {} of the line; skipped",
                        e.valid_up_to()
                    ),
                )),
            }
        }
        if ended {
            break;
        }
    }
    (articles, errors)
}

/// Reads one line (without its `\n`) into `line`, keeping at most
/// [`MAX_ARTICLE_BYTES`] + 1 bytes of it. Returns (input ended, line too long).
fn read_line_bounded(
    reader: &mut impl BufRead,
    line: &mut Vec<u8>,
) -> std::io::Result<(bool, bool)> {
    let limit = MAX_ARTICLE_BYTES as usize;
    let mut too_long = false;
    loop {
        let buf = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            return Ok((true, too_long));
        }
        let (chunk, found_newline) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) => (&buf[..i], true),
            None => (buf, false),
        };
        if line.len() + chunk.len() > limit {
            too_long = true;
            // Keep the NUL check meaningful: a NUL anywhere still marks binary.
            if chunk.contains(&0) {
                line.push(0);
            }
        } else {
            line.extend_from_slice(chunk);
        }
        let used = chunk.len() + usize::from(found_newline);
        reader.consume(used);
        if found_newline {
            return Ok((false, too_long));
        }
    }
}

/// The corpus files under `paths`, sorted, as [`load_corpus`] reads them.
pub struct CorpusFiles {
    pub files: Vec<PathBuf>,
    /// Size and modification time of each file, as the walk saw them.
    pub stamps: Vec<(u64, i128)>,
    /// Files named on purpose (not found in a directory): they may be pipes.
    pub named: std::collections::HashSet<PathBuf>,
    /// What was skipped while walking, and why.
    pub errors: Vec<LoadError>,
}

/// Finds the corpus files under `paths`.
pub fn walk_corpus(paths: &[PathBuf]) -> CorpusFiles {
    let mut walker = Walker::default();
    let mut named = std::collections::HashSet::new();
    for path in paths {
        walker.walk(path);
        if !path.is_dir() {
            named.insert(path.clone());
        }
    }
    let mut errors = walker.errors;
    errors.append(&mut walker.notes);
    let mut found: Vec<(PathBuf, (u64, i128))> =
        walker.found.into_iter().zip(walker.stamps).collect();
    found.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let (files, stamps) = found.into_iter().unzip();
    CorpusFiles {
        files,
        stamps,
        named,
        errors,
    }
}

/// Reads every article under `paths`, in parallel.
pub fn load_corpus(paths: &[PathBuf], progress: Progress<'_>) -> (Vec<Article>, Vec<LoadError>) {
    let CorpusFiles {
        files,
        named,
        mut errors,
        ..
    } = walk_corpus(paths);
    let total = files.len();
    // Counted and reported under one lock: the counts reach `progress` in order.
    let done = std::sync::Mutex::new(0usize);
    let results: Vec<(Vec<Article>, Vec<LoadError>)> = files
        .par_iter()
        .map(|f| {
            let r = read_corpus_file(f, !named.contains(f));
            let mut done = done.lock().unwrap_or_else(|e| e.into_inner());
            *done += 1;
            progress(*done, total);
            r
        })
        .collect();
    let mut articles = Vec::new();
    for (a, e) in results {
        articles.extend(a);
        errors.extend(e);
    }
    (articles, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_files_are_reported_and_skipped() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("good.txt"), "Ein Satz.").unwrap();
        std::fs::write(dir.path().join("binary.txt"), [0u8, 159, 146, 150]).unwrap();
        std::fs::write(dir.path().join("latin1.md"), b"Gr\xfc\xdfe").unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(
            dir.path().join("sub/more.md"),
            "---\ndate: 2024-11-01\n---\nNoch ein Satz.",
        )
        .unwrap();
        std::fs::write(dir.path().join("ignored.pdf"), "x").unwrap();
        let (articles, errors) = load_corpus(&[dir.path().to_path_buf()], &|_, _| {});
        assert_eq!(articles.len(), 2);
        assert_eq!(errors.len(), 2, "{errors:?}");
        let missing = load_corpus(&[dir.path().join("nope")], &|_, _| {}).1;
        assert_eq!(missing.len(), 1);
    }

    #[test]
    fn jsonl_is_read_line_by_line_with_a_bound_per_line() {
        let long = "x".repeat(MAX_ARTICLE_BYTES as usize + 10);
        let input = format!(
            "{{\"text\":\"Eins.\"}}\n{{\"text\":\"{long}\"}}\r\n\n{{\"text\":\"Zwei.\"}}\r\nnot json"
        );
        let (articles, errors) = read_jsonl(Path::new("a.jsonl"), input.as_bytes());
        assert_eq!(
            articles
                .iter()
                .map(|a| (a.jsonl_line, a.text.as_str()))
                .collect::<Vec<_>>(),
            vec![(Some(1), "Eins."), (Some(4), "Zwei.")]
        );
        let lines: Vec<_> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![Some(2), Some(5)], "{errors:?}");
        assert!(errors[0].message.contains("MiB limit"), "{errors:?}");
        // Invalid UTF-8 costs its line only; a NUL byte makes the file binary.
        let (articles, errors) =
            read_jsonl(Path::new("b.jsonl"), &b"{\"text\":\"A.\"}\n\xff\n"[..]);
        assert_eq!((articles.len(), errors[0].line), (1, Some(2)));
        let (articles, errors) = read_jsonl(
            Path::new("c.jsonl"),
            &b"{\"text\":\"A.\"}\n{\"text\":\"\0\"}\n"[..],
        );
        assert!(articles.is_empty());
        assert!(errors[0].message.starts_with("binary"), "{errors:?}");
    }

    #[test]
    fn an_overlong_sentence_is_noted() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("dump.txt");
        std::fs::write(&path, format!("Titel.\n{}", "zahl 12 ".repeat(1000))).unwrap();
        let (articles, notes) = read_file(&path);
        assert_eq!(articles.len(), 1);
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(notes[0].message.contains("read in windows"), "{notes:?}");
        std::fs::write(&path, "Titel.\nKurzer Satz.\n").unwrap();
        assert!(read_file(&path).1.is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn a_named_pipe_is_read_but_a_walked_one_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe.txt");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            eprintln!("skipped: mkfifo is not available");
            return;
        }
        std::fs::write(dir.path().join("ok.txt"), "Gut.").unwrap();
        // Walked: skipped without opening (opening would wait for a writer).
        let (articles, errors) = load_corpus(&[dir.path().to_path_buf()], &|_, _| {});
        assert_eq!(articles.len(), 1);
        assert!(errors[0]
            .to_string()
            .ends_with("pipe.txt: a FIFO, not a regular file; skipped"));
        // Named: read like a file.
        let writer = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::write(fifo, "Aus der Leitung."))
        };
        let text = read_text(&fifo, false).unwrap();
        writer.join().unwrap().unwrap();
        assert_eq!(text, "Aus der Leitung.");
    }
}
