//! Finding and reading corpus files: directories are walked recursively for
//! `.txt`, `.md` and `.jsonl` files, read in parallel; every file that cannot
//! be read is reported and skipped, the rest is kept.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::article::{decode, parse_jsonl, parse_text_article, Article, LoadError};

/// Reports progress of a long job: `(done, total)`.
pub type Progress<'a> = &'a (dyn Fn(usize, usize) + Sync);

const EXTENSIONS: &[&str] = &["txt", "md", "markdown", "jsonl"];

/// Lists the corpus files under `path` (a file is taken as it is).
pub fn corpus_files(path: &Path, errors: &mut Vec<LoadError>) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => {
            errors.push(LoadError {
                path: path.to_path_buf(),
                line: None,
                message: format!("cannot read: {e}"),
            });
            return out;
        }
    };
    if meta.is_file() {
        out.push(path.to_path_buf());
        return out;
    }
    let mut stack = vec![path.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = match std::fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) => {
                errors.push(LoadError {
                    path: dir.clone(),
                    line: None,
                    message: format!("cannot read directory: {e}"),
                });
                continue;
            }
        };
        for entry in entries.flatten() {
            let p = entry.path();
            let hidden = p
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.'));
            if hidden {
                continue;
            }
            if p.is_dir() {
                stack.push(p);
            } else if p
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| EXTENSIONS.contains(&e))
            {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Reads one corpus file into its articles.
pub fn read_file(path: &Path) -> (Vec<Article>, Vec<LoadError>) {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            return (
                vec![],
                vec![LoadError {
                    path: path.to_path_buf(),
                    line: None,
                    message: format!("cannot read: {e}"),
                }],
            )
        }
    };
    let text = match decode(path, bytes) {
        Ok(t) => t,
        Err(e) => return (vec![], vec![e]),
    };
    if path.extension().and_then(|e| e.to_str()) == Some("jsonl") {
        return parse_jsonl(path, &text);
    }
    match parse_text_article(path, text) {
        Ok(a) => (vec![a], vec![]),
        Err(e) => (vec![], vec![e]),
    }
}

/// Reads every article under `paths`, in parallel.
pub fn load_corpus(paths: &[PathBuf], progress: Progress<'_>) -> (Vec<Article>, Vec<LoadError>) {
    let mut errors = Vec::new();
    let mut files: Vec<PathBuf> = paths
        .iter()
        .flat_map(|p| corpus_files(p, &mut errors))
        .collect();
    files.sort();
    files.dedup();
    let total = files.len();
    let done = std::sync::atomic::AtomicUsize::new(0);
    let results: Vec<(Vec<Article>, Vec<LoadError>)> = files
        .par_iter()
        .map(|f| {
            let r = read_file(f);
            let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            progress(n, total);
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
}
