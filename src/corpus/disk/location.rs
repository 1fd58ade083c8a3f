//! Where an index lives when none is named: beside the `.factcheck.toml`
//! that names the corpus (`.factcheck/index/`), else in the user's cache
//! directory (XDG), one index per set of corpus paths.

use std::path::{Path, PathBuf};

use xxhash_rust::xxh3::xxh3_64;

/// The index directory for a corpus named by the config file `config`
/// (`None`: named on the command line).
pub fn default_index_dir(config: Option<&Path>, corpus: &[PathBuf]) -> Option<PathBuf> {
    if let Some(config) = config {
        return Some(config.parent()?.join(".factcheck").join("index"));
    }
    let dirs = directories::ProjectDirs::from("", "", "factcheck")?;
    let mut key = String::new();
    for p in corpus {
        let canonical = std::fs::canonicalize(p).unwrap_or_else(|_| p.clone());
        key.push_str(&canonical.to_string_lossy());
        key.push('\n');
    }
    let name = corpus
        .first()
        .and_then(|p| std::fs::canonicalize(p).ok())
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().to_string()))
        .unwrap_or_else(|| "corpus".into());
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .take(40)
        .collect();
    Some(
        dirs.cache_dir()
            .join("index")
            .join(format!("{safe}-{:016x}", xxh3_64(key.as_bytes()))),
    )
}
