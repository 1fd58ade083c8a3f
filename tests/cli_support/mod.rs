//! Shared helpers of the tests that run the `factcheck` binary: one way to
//! start it (in a folder, stdin closed, the caller's `NO_COLOR` removed so
//! colour follows the command line alone), its output as text, and the
//! findings of a JSON check.

#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

/// Runs `factcheck ARGS` in `dir`.
pub fn factcheck(args: &[&str], dir: &Path) -> Output {
    factcheck_env(args, dir, &[])
}

/// Runs `factcheck ARGS` in `dir` with extra environment variables.
pub fn factcheck_env(args: &[&str], dir: &Path, env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_factcheck"));
    command
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .stdin(Stdio::null());
    for (k, v) in env {
        command.env(k, v);
    }
    command.output().expect("run factcheck")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `factcheck check --format json --fail-on never --corpus CORPUS EXTRA… DRAFT`
/// in `dir`; the run must succeed. Returns the first file's findings.
pub fn check_findings(corpus: &Path, draft: &Path, extra: &[&str], dir: &Path) -> Vec<Value> {
    let corpus = corpus.to_str().expect("a UTF-8 corpus path");
    let draft = draft.to_str().expect("a UTF-8 draft path");
    let mut args = vec![
        "check",
        "--format",
        "json",
        "--fail-on",
        "never",
        "--corpus",
        corpus,
    ];
    args.extend_from_slice(extra);
    args.push(draft);
    let o = factcheck(&args, dir);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).expect("JSON");
    v["files"][0]["findings"]
        .as_array()
        .expect("findings")
        .clone()
}

/// Writes `articles` (file name, text) into a fresh corpus folder and
/// `draft` beside it, and returns the draft's findings (`check_findings`).
pub fn findings_against(articles: &[(&str, &str)], draft: &str, extra: &[&str]) -> Vec<Value> {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    for (name, text) in articles {
        std::fs::write(corpus.join(name), text).unwrap();
    }
    let draft_path = dir.path().join("draft.md");
    std::fs::write(&draft_path, draft).unwrap();
    check_findings(&corpus, &draft_path, extra, dir.path())
}
