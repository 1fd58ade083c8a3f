//! `.factcheck.toml`: the corpus paths and accepted names a newsroom shares
//! between the CLI and the language server. It is found in the current
//! directory or the nearest one above; its paths are relative to it.
//!
//! ```toml
//! corpus = ["archive/", "more/articles.jsonl"]
//! accept = ["Josep Borell"]
//! as-of = "2024-11-12"   # drafts without a front-matter date are as of this day
//! ```

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// The file name looked for.
pub const CONFIG_FILE: &str = ".factcheck.toml";

/// The parsed configuration file.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Corpus paths, resolved against the file's directory by [`Config::load`].
    #[serde(default)]
    pub corpus: Vec<PathBuf>,
    /// Names accepted as written (no `name-mismatch`).
    #[serde(default)]
    pub accept: Vec<String>,
    /// Lowest severity that makes `factcheck check` fail.
    #[serde(default, rename = "fail-on")]
    pub fail_on: Option<String>,
    /// `de`, `en` or `auto`.
    #[serde(default)]
    pub language: Option<String>,
    /// The drafts' date when their front matter gives none (`2024-11-12`).
    #[serde(default, rename = "as-of")]
    pub as_of: Option<String>,
}

impl Config {
    /// Reads `path`, resolving corpus paths against its directory.
    pub fn load(path: &Path) -> Result<Config, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
        let mut config: Config = toml::from_str(&text).map_err(|e| {
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
            let first = e.message().lines().next().unwrap_or("").to_string();
            match line {
                Some(l) => format!("{}:{l}: {first}", path.display()),
                None => format!("{}: {first}", path.display()),
            }
        })?;
        let base = path.parent().unwrap_or(Path::new("."));
        let cwd = std::env::current_dir().ok();
        config.corpus = config
            .corpus
            .iter()
            .map(|p| {
                if p.is_absolute() {
                    p.clone()
                } else {
                    base.join(p)
                }
            })
            // Shown in evidence: relative to the working directory where possible.
            .map(
                |p| match cwd.as_deref().and_then(|c| p.strip_prefix(c).ok()) {
                    Some(rel) if !rel.as_os_str().is_empty() => rel.to_path_buf(),
                    _ => p,
                },
            )
            .collect();
        Ok(config)
    }

    /// The accepted names as a set.
    pub fn accepted(&self) -> HashSet<String> {
        self.accept.iter().cloned().collect()
    }
}

/// Reads a draft date (`2024-11-12`) for `--as-of`, `as-of` and `asOf`.
pub fn parse_as_of(s: &str) -> Result<jiff::civil::Date, String> {
    s.trim()
        .parse::<jiff::civil::Date>()
        .map_err(|_| format!("must be a date like 2024-11-12, not {s:?}"))
}

/// Finds `.factcheck.toml` in `start` or the nearest directory above.
pub fn discover(start: &Path) -> Option<PathBuf> {
    let start = std::fs::canonicalize(start).unwrap_or_else(|_| start.to_path_buf());
    start
        .ancestors()
        .map(|d| d.join(CONFIG_FILE))
        .find(|p| p.is_file())
}

/// Adds `name` to the `accept` list of the configuration file at `path`
/// (created if missing), keeping the rest of the file as it is.
pub fn add_accepted_name(path: &Path, name: &str) -> Result<(), String> {
    let text = if path.exists() {
        std::fs::read_to_string(path)
            .map_err(|e| format!("{}: cannot read: {e}", path.display()))?
    } else {
        String::new()
    };
    let mut doc: toml_edit::DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| format!("{}: {}", path.display(), e.message()))?;
    let accept = doc
        .entry("accept")
        .or_insert_with(|| toml_edit::value(toml_edit::Array::new()));
    let Some(array) = accept.as_array_mut() else {
        return Err(format!("{}: `accept` is not a list", path.display()));
    };
    if !array.iter().any(|v| v.as_str() == Some(name)) {
        array.push(name);
    }
    std::fs::write(path, doc.to_string())
        .map_err(|e| format!("{}: cannot write: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn load_discover_and_accept() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(CONFIG_FILE);
        std::fs::write(&file, "# newsroom settings\ncorpus = [\"archive\"]\n").unwrap();
        std::fs::create_dir(dir.path().join("drafts")).unwrap();
        let found = discover(&dir.path().join("drafts")).unwrap();
        let config = Config::load(&found).unwrap();
        assert!(config.corpus[0].ends_with("archive"));
        add_accepted_name(&file, "Josep Borell").unwrap();
        add_accepted_name(&file, "Josep Borell").unwrap();
        let again = Config::load(&file).unwrap();
        assert_eq!(again.accept, vec!["Josep Borell".to_string()]);
        assert!(std::fs::read_to_string(&file)
            .unwrap()
            .starts_with("# newsroom settings"));
    }

    #[test]
    fn errors_name_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(CONFIG_FILE);
        std::fs::write(&file, "corpus = [\"a\"]\nbogus = 1\n").unwrap();
        let e = Config::load(&file).unwrap_err();
        assert!(e.contains(".factcheck.toml:2"), "{e}");
    }
}
