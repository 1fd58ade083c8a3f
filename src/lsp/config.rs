//! Server settings: the `factcheck` section of `initializationOptions` or
//! `workspace/configuration`
//! (`{ "corpus": [paths], "severity": "info"|"warning"|"error", "debounceMs": n,
//! "language": "auto"|"de"|"en", "asOf": "2024-11-12" }`), falling back for
//! the corpus, language and `as-of` on the `.factcheck.toml` in effect for the
//! workspace root (the root's own or the nearest one above, as the CLI finds
//! it); its `accept` list is always honoured.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::check::Severity;
use crate::config::{discover, Config, CONFIG_FILE};
use crate::corpus::disk::default_index_dir;
use crate::engine::Store;
use crate::text::Lang;

/// Settings sent by the client.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    /// Corpus paths as given (resolved by [`resolve`]); empty: use `.factcheck.toml`.
    pub corpus: Vec<PathBuf>,
    /// Lowest severity shown.
    pub severity: Severity,
    pub debounce_ms: u64,
    /// `None`: detect (or `.factcheck.toml`'s `language`).
    pub language: Option<Lang>,
    /// The date of drafts without one in their front matter (`None`:
    /// `.factcheck.toml`'s `as-of`, else today).
    pub as_of: Option<jiff::civil::Date>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            corpus: Vec::new(),
            severity: Severity::Info,
            debounce_ms: 150,
            language: None,
            as_of: None,
        }
    }
}

impl Settings {
    /// Reads settings from a JSON value: the section itself or an object with
    /// a `factcheck` key. Bad fields are skipped with a message.
    pub fn from_json(value: &Value, problems: &mut Vec<String>) -> Settings {
        let mut s = Settings::default();
        let v = value.get("factcheck").unwrap_or(value);
        let Some(obj) = v.as_object() else { return s };
        match obj.get("corpus") {
            Some(Value::Array(a)) => {
                s.corpus = a
                    .iter()
                    .filter_map(|p| p.as_str())
                    .map(PathBuf::from)
                    .collect()
            }
            Some(Value::String(p)) => s.corpus = vec![PathBuf::from(p)],
            None | Some(Value::Null) => {}
            Some(other) => problems.push(format!("`corpus` must be a list of paths, not {other}")),
        }
        if let Some(sev) = obj.get("severity").and_then(Value::as_str) {
            match Severity::parse(sev) {
                Some(x) => s.severity = x,
                None => problems.push(format!(
                    "`severity` must be info, warning or error, not {sev:?}"
                )),
            }
        }
        if let Some(ms) = obj.get("debounceMs") {
            match ms.as_u64() {
                Some(ms) => s.debounce_ms = ms.min(10_000),
                None => problems.push(format!("`debounceMs` must be a number, not {ms}")),
            }
        }
        if let Some(lang) = obj.get("language").and_then(Value::as_str) {
            s.language = if lang == "auto" {
                None
            } else {
                Lang::parse(lang)
            };
            if lang != "auto" && s.language.is_none() {
                problems.push(format!("`language` must be auto, de or en, not {lang:?}"));
            }
        }
        match obj.get("asOf") {
            None | Some(Value::Null) => {}
            Some(v) => match v.as_str().map(crate::config::parse_as_of) {
                Some(Ok(d)) => s.as_of = Some(d),
                Some(Err(e)) => problems.push(format!("`asOf` {e}")),
                None => problems.push(format!("`asOf` must be a date like 2024-11-12, not {v}")),
            },
        }
        s
    }
}

/// The corpus and accepted names in effect.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Resolved {
    pub corpus: Vec<PathBuf>,
    pub accepted: HashSet<String>,
    pub language: Option<Lang>,
    /// The date of drafts without a front-matter date.
    pub as_of: Option<jiff::civil::Date>,
    /// The configuration file in effect, if any (also when it failed to load).
    pub config_file: Option<PathBuf>,
    /// The folder corpus paths are shown relative to: the configuration
    /// file's when the corpus comes from it, else the workspace root.
    pub display_root: Option<PathBuf>,
    /// Where the corpus index lives (as for the command line).
    pub store: Store,
}

/// Resolves settings against the workspace root and the `.factcheck.toml`
/// in effect there (the root's or the nearest above, as for the CLI).
pub fn resolve(settings: &Settings, root: Option<&Path>, problems: &mut Vec<String>) -> Resolved {
    let config_path = root.and_then(discover);
    let config = match &config_path {
        Some(p) => Config::load(p).unwrap_or_else(|e| {
            problems.push(e);
            Config::default()
        }),
        None => Config::default(),
    };
    let absolute = |p: &Path| -> PathBuf {
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            root.map_or_else(|| p.to_path_buf(), |r| r.join(p))
        };
        std::path::absolute(&p).unwrap_or(p)
    };
    let corpus: Vec<PathBuf> = if settings.corpus.is_empty() {
        // `Config::load` resolved them already (relative to the working directory).
        config
            .corpus
            .iter()
            .map(|p| std::path::absolute(p).unwrap_or_else(|_| p.clone()))
            .collect()
    } else {
        settings.corpus.iter().map(|p| absolute(p)).collect()
    };
    let store = match &config.index {
        Some(index) => Store::named(index),
        None => {
            let named_by = config_path
                .as_deref()
                .filter(|_| settings.corpus.is_empty());
            default_index_dir(named_by, &corpus).map_or(Store::Memory, Store::Disk)
        }
    };
    Resolved {
        store,
        corpus,
        accepted: config.accepted(),
        language: settings
            .language
            .or_else(|| config.language.as_deref().and_then(Lang::parse)),
        as_of: settings.as_of.or_else(|| {
            let text = config.as_of.as_deref()?;
            crate::config::parse_as_of(text)
                .map_err(|e| problems.push(format!("{CONFIG_FILE}: `as-of` {e}")))
                .ok()
        }),
        display_root: config_path
            .as_ref()
            .filter(|_| settings.corpus.is_empty())
            .and_then(|p| p.parent().map(Path::to_path_buf))
            .or_else(|| root.map(Path::to_path_buf)),
        config_file: config_path,
    }
}

/// LSP diagnostic severity of a finding severity.
pub fn lsp_severity(s: Severity) -> tower_lsp_server::ls_types::DiagnosticSeverity {
    use tower_lsp_server::ls_types::DiagnosticSeverity as D;
    match s {
        Severity::Error => D::ERROR,
        Severity::Warning => D::WARNING,
        Severity::Info => D::INFORMATION,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_settings_leniently() {
        let mut problems = Vec::new();
        let v = serde_json::json!({ "factcheck": { "corpus": ["a"], "severity": "warning", "debounceMs": 20, "language": "en", "asOf": "2023-06-01" } });
        let s = Settings::from_json(&v, &mut problems);
        assert_eq!(
            s.as_of.map(|d| d.to_string()).as_deref(),
            Some("2023-06-01")
        );
        assert_eq!(s.corpus, vec![PathBuf::from("a")]);
        assert_eq!(
            (s.severity, s.debounce_ms, s.language),
            (Severity::Warning, 20, Some(Lang::En))
        );
        let bad = Settings::from_json(
            &serde_json::json!({ "severity": 3, "debounceMs": "x", "language": "fr", "asOf": "gestern" }),
            &mut problems,
        );
        assert_eq!(bad.debounce_ms, 150);
        assert_eq!(bad.as_of, None);
        assert_eq!(problems.len(), 3);
    }
}
