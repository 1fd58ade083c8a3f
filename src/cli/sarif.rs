//! SARIF 2.1.0 output for code-scanning tools (GitHub code scanning): one
//! rule per finding code, columns counted in Unicode code points. File
//! locations are percent-encoded URIs relative to `%SRCROOT%` (the
//! `--sarif-base` directory, else the working directory), declared in
//! `originalUriBaseIds`; files outside it get absolute `file:` URIs, and
//! standard input gets a description instead of a URI. Each result's
//! `partialFingerprints` hash what was flagged and the line it is on (not
//! the line number), plus its rank among identical findings of the file.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use serde_json::{json, Value};

use super::check::CheckedFile;
use crate::check::{FindingCode, Severity};

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// Percent-encodes one path segment: everything but RFC 3986 unreserved
/// characters, byte by byte (UTF-8).
fn encode_segment(bytes: &[u8], out: &mut String) {
    for &b in bytes {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
}

#[cfg(unix)]
fn segment_bytes(s: &std::ffi::OsStr) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    s.as_bytes().to_vec()
}

#[cfg(not(unix))]
fn segment_bytes(s: &std::ffi::OsStr) -> Vec<u8> {
    s.to_string_lossy().into_owned().into_bytes()
}

/// `path` made absolute against `cwd`, with `.` and `..` resolved by name.
fn absolute(path: &Path, cwd: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in cwd.join(path).components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The URI of the normal components of `path`, joined with `/`.
fn encode_path(path: &Path) -> String {
    let mut out = String::new();
    for c in path.components() {
        match c {
            Component::Normal(seg) => {
                if !out.is_empty() && !out.ends_with('/') {
                    out.push('/');
                }
                encode_segment(&segment_bytes(seg), &mut out);
            }
            Component::Prefix(p) => {
                out.push('/');
                out.push_str(&p.as_os_str().to_string_lossy().replace('\\', "/"));
            }
            Component::RootDir => {
                if !out.ends_with('/') {
                    out.push('/');
                }
            }
            Component::CurDir | Component::ParentDir => {}
        }
    }
    out
}

/// Where URIs are relative to.
pub struct UriBase {
    cwd: PathBuf,
    root: PathBuf,
}

impl UriBase {
    /// `root` (default: the working directory), relative to the working directory.
    pub fn new(root: Option<&Path>) -> UriBase {
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/"));
        let root = absolute(root.unwrap_or(Path::new(".")), &cwd);
        UriBase { cwd, root }
    }

    /// `file:///…/` for `originalUriBaseIds`.
    fn root_uri(&self) -> String {
        let mut uri = format!("file://{}", encode_path(&self.root));
        if !uri.ends_with('/') {
            uri.push('/');
        }
        uri
    }

    /// The `artifactLocation` of a file (`None`: standard input).
    fn location(&self, path: Option<&Path>) -> Value {
        let Some(path) = path else {
            return json!({"description": {"text": "standard input"}});
        };
        let abs = absolute(path, &self.cwd);
        match abs.strip_prefix(&self.root) {
            Ok(rel) => json!({"uri": encode_path(rel), "uriBaseId": "SRCROOT"}),
            Err(_) => json!({"uri": format!("file://{}", encode_path(&abs))}),
        }
    }
}

/// 64-bit FNV-1a: small, and the same on every platform and release.
fn fnv1a(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &b in part.as_bytes().iter().chain(&[0xff]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

pub fn sarif(files: &[CheckedFile], base: &UriBase) -> Value {
    let rules: Vec<Value> = FindingCode::ALL
        .iter()
        .map(|c| {
            json!({
                "id": c.as_str(),
                "name": c.as_str().split('-').map(|w| {
                    let mut cs = w.chars();
                    cs.next().map(|f| f.to_uppercase().collect::<String>() + cs.as_str()).unwrap_or_default()
                }).collect::<String>(),
                "shortDescription": {"text": c.description()},
                "fullDescription": {"text": c.description()},
                "defaultConfiguration": {"level": "warning"},
                "help": {"text": format!("{} See the finding codes in factcheck's README.", c.description())}
            })
        })
        .collect();
    let mut results = Vec::new();
    for file in files {
        let text = &file.input.text;
        let lines = &file.report.extraction.lines;
        let artifact = base.location(file.input.path.as_deref());
        let mut seen: HashMap<u64, usize> = HashMap::new();
        for f in &file.report.findings {
            let start = lines.position(text, f.range.start);
            let line_start = lines.line_start(start.line - 1);
            let line_text = text[line_start..].split('\n').next().unwrap_or("");
            let key = fnv1a(&[
                f.code.as_str(),
                text.get(f.range.clone()).unwrap_or(""),
                line_text.trim(),
            ]);
            let rank = seen.entry(key).or_insert(0);
            *rank += 1;
            let fingerprint = format!("{key:016x}:{rank}");
            let end_offset = text
                .get(f.range.clone())
                .and_then(|s| s.find('\n'))
                .map_or(f.range.end, |nl| f.range.start + nl);
            let end = lines.position(text, end_offset);
            let rule_index = FindingCode::ALL
                .iter()
                .position(|c| *c == f.code)
                .unwrap_or(0);
            let related: Vec<Value> = f
                .evidence
                .iter()
                .enumerate()
                .map(|(i, e)| {
                    json!({
                        "id": i,
                        "physicalLocation": {
                            "artifactLocation": base.location(Some(&e.path)),
                            "region": {"startLine": e.line}
                        },
                        "message": {"text": e.excerpt}
                    })
                })
                .collect();
            let mut result = json!({
                "ruleId": f.code.as_str(),
                "ruleIndex": rule_index,
                "level": level(f.severity),
                "message": {"text": f.message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": artifact,
                        "region": {
                            "startLine": start.line, "startColumn": start.column,
                            "endLine": end.line, "endColumn": end.column
                        }
                    }
                }],
                "relatedLocations": related,
                "partialFingerprints": {"factcheck/v2": fingerprint}
            });
            if let Some(fix) = &f.fix {
                let fs = lines.position(text, fix.range.start);
                let fe = lines.position(text, fix.range.end);
                result["fixes"] = json!([{
                    "description": {"text": format!("Use the archive's value: {}", fix.text)},
                    "artifactChanges": [{
                        "artifactLocation": artifact,
                        "replacements": [{
                            "deletedRegion": {"startLine": fs.line, "startColumn": fs.column, "endLine": fe.line, "endColumn": fe.column},
                            "insertedContent": {"text": fix.text}
                        }]
                    }]
                }]);
            }
            results.push(result);
        }
    }
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "factcheck",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/factcheck/factcheck",
                "rules": rules
            }},
            "originalUriBaseIds": {"SRCROOT": {"uri": base.root_uri()}},
            "columnKind": "unicodeCodePoints",
            "results": results
        }]
    })
}

pub fn write_findings(
    out: &mut impl Write,
    files: &[CheckedFile],
    base: &UriBase,
) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &sarif(files, base)).map_err(std::io::Error::other)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base(root: &str, cwd: &str) -> UriBase {
        UriBase {
            cwd: PathBuf::from(cwd),
            root: absolute(Path::new(root), Path::new(cwd)),
        }
    }

    #[cfg(unix)]
    #[test]
    fn uris_are_encoded_and_relative_to_the_base() {
        let b = base(".", "/work/news");
        let uri = |p: &str| b.location(Some(Path::new(p)));
        assert_eq!(
            uri("dr \"aft\" #1.md"),
            json!({"uri": "dr%20%22aft%22%20%231.md", "uriBaseId": "SRCROOT"})
        );
        assert_eq!(uri("./a/back\\slash.md")["uri"], "a/back%5Cslash.md");
        assert_eq!(uri("/work/news/x/../Grüße.md")["uri"], "Gr%C3%BC%C3%9Fe.md");
        assert_eq!(uri("a\u{1b}[2J.md")["uri"], "a%1B%5B2J.md");
        assert_eq!(
            uri("../other/x.md"),
            json!({"uri": "file:///work/other/x.md"})
        );
        assert_eq!(b.root_uri(), "file:///work/news/");
        assert_eq!(base("sub dir", "/w").root_uri(), "file:///w/sub%20dir/");
        assert!(b.location(None).get("uri").is_none());
    }

    #[test]
    fn fingerprint_hash_is_fixed() {
        // FNV-1a must not change between releases: stored fingerprints rely on it.
        assert_eq!(fnv1a(&[]), 0xcbf2_9ce4_8422_2325);
        assert_ne!(fnv1a(&["ab", "c"]), fnv1a(&["a", "bc"]));
    }
}
