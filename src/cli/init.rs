//! `factcheck init`: writes a commented `.factcheck.toml` into the current
//! directory — every setting the CLI and the language server read, with its
//! default. An existing file is kept unless `--force` is given; a symbolic
//! link in its place is replaced, never written through.

use std::io::Write;
use std::path::Path;

use super::{InitArgs, OutputStyle};
use crate::config::CONFIG_FILE;
use crate::text::printable;

/// The file's text; `corpus` lists `corpus` (TOML strings), or is empty.
pub fn template(corpus: &[String]) -> String {
    let list = corpus
        .iter()
        .map(|p| toml_edit::Value::from(p.as_str()).to_string())
        .map(|p| p.trim().to_string())
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        r#"# factcheck settings, shared by `factcheck check` and the language server.
# Paths are relative to this file.

# The archive: folders (read recursively) and files of earlier articles
# (.md, .txt, .jsonl). For example: corpus = ["archive/"]
corpus = [{list}]

# Names accepted as written: no name-mismatch finding for them. The quick
# fix "Accept the name" in an editor adds to this list.
accept = []

# The date of drafts whose front matter gives none (default: today).
# as-of = "2024-11-12"

# The lowest severity that makes `factcheck check` exit with 1:
# warning (default), info or never.
# fail-on = "warning"

# The drafts' language: auto (default: front matter, else detected), de or en.
# language = "auto"
"#
    )
}

pub fn run(args: InitArgs, style: OutputStyle) -> u8 {
    let path = Path::new(CONFIG_FILE);
    if let Ok(existing) = std::fs::symlink_metadata(path) {
        if !args.force {
            eprintln!("error: {CONFIG_FILE} exists already; pass --force to replace it");
            return 2;
        }
        if existing.is_dir() {
            eprintln!("error: {CONFIG_FILE} is a directory; not replacing it");
            return 2;
        }
        // Removed, not written through: a symbolic link is replaced by a
        // file, never followed to wherever it points.
        if let Err(e) = std::fs::remove_file(path) {
            eprintln!("error: {CONFIG_FILE}: cannot replace: {e}");
            return 2;
        }
    }
    let corpus: Vec<String> = args
        .corpus
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .and_then(|mut file| file.write_all(template(&corpus).as_bytes()));
    if let Err(e) = written {
        eprintln!("error: {CONFIG_FILE}: cannot write: {e}");
        return 2;
    }
    if !style.quiet {
        let missing: Vec<&str> = corpus
            .iter()
            .filter(|p| std::fs::metadata(p).is_err())
            .map(String::as_str)
            .collect();
        eprintln!("wrote {CONFIG_FILE}");
        if corpus.is_empty() {
            eprintln!("note: name the archive in `corpus = [...]` before `factcheck check`");
        }
        for p in missing {
            eprintln!("note: corpus path {} does not exist (yet)", printable(p));
        }
    }
    0
}

#[cfg(test)]
mod tests {
    use super::template;
    use crate::config::Config;

    #[test]
    fn the_template_is_a_valid_configuration() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(".factcheck.toml");
        std::fs::write(
            &file,
            template(&["archive/".into(), "a \"b\".jsonl".into()]),
        )
        .unwrap();
        let config = Config::load(&file).unwrap();
        assert_eq!(config.corpus.len(), 2);
        assert!(config.corpus[1].ends_with("a \"b\".jsonl"));
        assert!(config.accept.is_empty());
        assert_eq!(config.fail_on, None);
        std::fs::write(&file, template(&[])).unwrap();
        assert!(Config::load(&file).unwrap().corpus.is_empty());
    }
}
