//! `.factcheck.toml`: the corpus paths and accepted names a newsroom shares
//! between the CLI and the language server. It is found in the current
//! directory or the nearest one above; its paths are relative to it.
//!
//! ```toml
//! corpus = ["archive/", "more/articles.jsonl"]
//! accept = ["Josep Borell"]
//! as-of = "2024-11-12"   # drafts without a front-matter date are as of this day
//! index = ".factcheck/index"   # the persisted index (this is the default)
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
    /// Where the corpus index lives: a directory, resolved against the
    /// file's directory by [`Config::load`] (a URL is kept as written).
    #[serde(default)]
    pub index: Option<String>,
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
        if let Some(index) = &config.index {
            if !index.contains("://") && Path::new(index).is_relative() {
                config.index = Some(base.join(index).to_string_lossy().to_string());
            }
        }
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

/// Finds `.factcheck.toml` in `start` or the nearest directory above. An
/// entry that is not a readable file (a dangling link, a directory) is
/// found too, so that loading it reports the problem instead of silently
/// using a configuration further up.
pub fn discover(start: &Path) -> Option<PathBuf> {
    let start = std::fs::canonicalize(start).unwrap_or_else(|_| start.to_path_buf());
    start
        .ancestors()
        .map(|d| d.join(CONFIG_FILE))
        .find(|p| std::fs::symlink_metadata(p).is_ok())
}

/// The file to write for the configuration at `path`: `path` itself, or
/// where it links to when that stays inside `path`'s directory tree. A link
/// that dangles or leads out of it is refused, never written through.
fn write_target(path: &Path) -> Result<PathBuf, String> {
    let shown = path.display();
    let meta = match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(path.to_path_buf()),
        Err(e) => return Err(format!("{shown}: cannot read: {e}")),
        Ok(m) => m,
    };
    if meta.is_file() {
        return Ok(path.to_path_buf());
    }
    if !meta.file_type().is_symlink() {
        return Err(format!("{shown}: not a regular file"));
    }
    let Ok(real) = std::fs::canonicalize(path) else {
        return Err(format!(
            "{shown}: a symbolic link to a file that does not exist; not writing through it"
        ));
    };
    let home = path
        .parent()
        .and_then(|d| std::fs::canonicalize(d).ok())
        .ok_or_else(|| format!("{shown}: cannot resolve its folder"))?;
    if !real.starts_with(&home) {
        return Err(format!(
            "{shown}: a symbolic link to {}, outside {}; not writing through it",
            real.display(),
            home.display()
        ));
    }
    if !real.is_file() {
        return Err(format!(
            "{shown}: links to {}, not a regular file",
            real.display()
        ));
    }
    Ok(real)
}

/// Replaces `target` with `text` atomically: a new file beside it, synced,
/// then renamed over it (keeping the old file's permissions).
fn write_atomically(target: &Path, text: &str) -> Result<(), String> {
    use std::io::Write;
    let shown = target.display();
    let dir = target.parent().unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .map_or_else(|| CONFIG_FILE.into(), |n| n.to_string_lossy().into_owned());
    let (tmp, mut file) = (0..100)
        .find_map(|n| {
            let tmp = dir.join(format!(".{name}.{}.{n}.tmp", std::process::id()));
            // `create_new` never follows or reuses an existing entry.
            std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&tmp)
                .ok()
                .map(|f| (tmp, f))
        })
        .ok_or_else(|| {
            format!(
                "{shown}: cannot create a temporary file in {}",
                dir.display()
            )
        })?;
    let written = file
        .write_all(text.as_bytes())
        .and_then(|_| file.sync_all())
        .and_then(|_| match std::fs::metadata(target) {
            Ok(m) => std::fs::set_permissions(&tmp, m.permissions()),
            Err(_) => Ok(()),
        })
        .and_then(|_| std::fs::rename(&tmp, target));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(format!("{shown}: cannot write: {e}"));
    }
    Ok(())
}

/// Adds `name` to the `accept` list of the configuration file at `path`
/// (created if missing), keeping the rest of the file, comments included.
/// The file is replaced atomically; a symbolic link is written through only
/// when it stays inside the file's folder. Returns the file written.
pub fn add_accepted_name(path: &Path, name: &str) -> Result<PathBuf, String> {
    let target = write_target(path)?;
    let text = match std::fs::read_to_string(&target) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(format!("{}: cannot read: {e}", target.display())),
    };
    let mut doc: toml_edit::DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| {
        let line = e.span().map_or(1, |s| {
            text[..s.start.min(text.len())].matches('\n').count() + 1
        });
        format!("{}:{line}: {}", target.display(), e.message())
    })?;
    let accept = doc
        .entry("accept")
        .or_insert_with(|| toml_edit::value(toml_edit::Array::new()));
    let Some(array) = accept.as_array_mut() else {
        return Err(format!("{}: `accept` is not a list", target.display()));
    };
    if array.iter().any(|v| v.as_str() == Some(name)) {
        return Ok(target);
    }
    array.push(name);
    write_atomically(&target, &doc.to_string())?;
    Ok(target)
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
        assert_eq!(add_accepted_name(&file, "Josep Borell").unwrap(), file);
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

    #[cfg(unix)]
    #[test]
    fn accepting_never_writes_through_a_link_out_of_the_folder() {
        use std::os::unix::fs::symlink;
        let outside = tempfile::tempdir().unwrap();
        let ws = tempfile::tempdir().unwrap();
        let link = ws.path().join(CONFIG_FILE);
        // Dangling: nothing is created outside.
        let target = outside.path().join("dangling.toml");
        symlink(&target, &link).unwrap();
        let e = add_accepted_name(&link, "Josep Borell").unwrap_err();
        assert!(e.contains("does not exist"), "{e}");
        assert!(!target.exists());
        // To an existing file outside: it is left as it was.
        std::fs::remove_file(&link).unwrap();
        let target = outside.path().join("other.toml");
        std::fs::write(&target, "# theirs\nport = 1\n").unwrap();
        symlink(&target, &link).unwrap();
        let e = add_accepted_name(&link, "Josep Borell").unwrap_err();
        assert!(e.contains("outside"), "{e}");
        assert_eq!(
            std::fs::read_to_string(&target).unwrap(),
            "# theirs\nport = 1\n"
        );
        // To a file inside the folder: written there, the link kept.
        std::fs::remove_file(&link).unwrap();
        std::fs::create_dir(ws.path().join("conf")).unwrap();
        let inside = ws.path().join("conf/factcheck.toml");
        std::fs::write(&inside, "# ours\ncorpus = [\"a\"]\n").unwrap();
        symlink("conf/factcheck.toml", &link).unwrap();
        add_accepted_name(&link, "Josep Borell").unwrap();
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        let text = std::fs::read_to_string(&inside).unwrap();
        assert!(text.starts_with("# ours\ncorpus"), "{text}");
        assert!(text.contains("accept = [\"Josep Borell\"]"), "{text}");
        // No temporary files are left behind.
        let leftovers: Vec<_> = std::fs::read_dir(ws.path().join("conf"))
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty());
    }

    #[test]
    fn a_broken_config_is_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(CONFIG_FILE);
        std::fs::write(&file, "corpus = [\"a\"\n# unfinished\n").unwrap();
        let e = add_accepted_name(&file, "X").unwrap_err();
        assert!(e.contains(".factcheck.toml:"), "{e}");
        assert_eq!(
            std::fs::read_to_string(&file).unwrap(),
            "corpus = [\"a\"\n# unfinished\n"
        );
    }
}
