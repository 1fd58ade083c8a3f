//! Hostile input to `factcheck check`, one test per reproducer of issue 11
//! (corpus walker, exit codes, output injection, SARIF locations): the
//! command ends, reports every skipped file as `path: reason`, and prints
//! nothing a terminal would obey.

mod cli_support;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use cli_support::{factcheck, stderr};
use serde_json::Value;

/// A corpus article and a draft that contradicts it (one figure-mismatch).
const ARTICLE: &str = "---\ndate: 2024-03-02\n---\nLaut der Behörde warten derzeit 1.200 Pendler in Graz auf einen Ersatzbus.\n";
const DRAFT: &str = "Laut der Behörde warten derzeit 5.000 Pendler in Graz auf einen Ersatzbus.\n";

/// A temporary folder with `corpus/a/article.md` and `draft.md`.
fn workspace() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("corpus/a");
    std::fs::create_dir_all(&a).unwrap();
    std::fs::write(a.join("article.md"), ARTICLE).unwrap();
    std::fs::write(dir.path().join("draft.md"), DRAFT).unwrap();
    (dir, a)
}

fn check_json(dir: &Path, extra: &[&str]) -> (Value, String, Option<i32>) {
    let mut args = vec!["check", "--format", "json", "--corpus", "corpus"];
    args.extend_from_slice(extra);
    args.push("draft.md");
    let o = factcheck(&args, dir);
    let v = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", stderr(&o)));
    (v, stderr(&o), o.status.code())
}

fn evidence_paths(v: &Value) -> Vec<String> {
    v["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["evidence"].as_array().unwrap().iter())
        .map(|e| e["path"].as_str().unwrap().to_string())
        .collect()
}

#[cfg(unix)]
#[test]
fn symlink_loops_end_and_each_file_is_read_once() {
    use std::os::unix::fs::symlink;
    let (dir, a) = workspace();
    symlink(".", a.join("l1")).unwrap();
    symlink(".", a.join("l2")).unwrap();
    std::fs::create_dir(a.join("b")).unwrap();
    symlink("..", a.join("b/up")).unwrap();
    let (v, err, code) = check_json(dir.path(), &[]);
    assert_eq!(code, Some(1), "{err}");
    assert_eq!(evidence_paths(&v), vec!["corpus/a/article.md"], "{v}");
    for link in ["corpus/a/l1", "corpus/a/l2", "corpus/a/b/up"] {
        assert!(
            err.contains(&format!(
                "{link}: symbolic link to a directory already read"
            )),
            "{err}"
        );
    }
}

#[cfg(unix)]
#[test]
fn fifos_devices_and_oversized_files_are_skipped_with_a_reason() {
    use std::os::unix::fs::symlink;
    let (dir, a) = workspace();
    let fifo_made = Command::new("mkfifo")
        .arg(a.join("pipe.txt"))
        .status()
        .is_ok_and(|s| s.success());
    symlink("/dev/zero", a.join("zero.txt")).unwrap();
    let big = std::fs::File::create(a.join("dump.txt")).unwrap();
    big.set_len(50 << 20).unwrap();
    let (v, err, code) = check_json(dir.path(), &[]);
    assert_eq!(code, Some(1), "{err}");
    assert_eq!(evidence_paths(&v), vec!["corpus/a/article.md"]);
    if fifo_made {
        assert!(
            err.contains("corpus/a/pipe.txt: a FIFO, not a regular file; skipped"),
            "{err}"
        );
    }
    assert!(
        err.contains("corpus/a/zero.txt: a character device, not a regular file; skipped"),
        "{err}"
    );
    assert!(
        err.contains(
            "corpus/a/dump.txt: 50.0 MiB is more than the 1 MiB limit for one article; skipped"
        ),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn directories_beyond_the_path_limit_are_reported() {
    let (dir, _) = workspace();
    // 3000 levels of `d/` (6000 bytes): deeper than PATH_MAX (4096 on
    // Linux). Built as two chains of 1500, the second moved under the first,
    // so that no path used here is too long itself.
    let chain = |root: &Path| (0..1500).fold(root.to_path_buf(), |p, _| p.join("d"));
    let upper = chain(&dir.path().join("corpus"));
    let lower = chain(&dir.path().join("lower"));
    let made = std::fs::create_dir_all(&upper)
        .and_then(|_| std::fs::create_dir_all(&lower))
        .and_then(|_| std::fs::write(lower.join("deep.txt"), "Text.\n"))
        .and_then(|_| std::fs::rename(dir.path().join("lower/d"), upper.join("d")));
    if let Err(e) = made {
        eprintln!("skipped: the file system refused 3000 nested directories: {e}");
        return;
    }
    let (_, err, code) = check_json(dir.path(), &[]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("cannot read directory") && err.contains("skipped with everything below it"),
        "{err}"
    );
}

#[test]
fn a_missing_corpus_or_no_drafts_is_exit_code_2() {
    let (dir, _) = workspace();
    let o = factcheck(&["check", "--corpus", "nowhere", "draft.md"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("corpus path nowhere: cannot read"),
        "{}",
        stderr(&o)
    );

    std::fs::write(
        dir.path().join(".factcheck.toml"),
        "corpus = [\"archive\"]\n",
    )
    .unwrap();
    let o = factcheck(&["check", "draft.md"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains(".factcheck.toml"), "{}", stderr(&o));

    std::fs::create_dir(dir.path().join("empty")).unwrap();
    let o = factcheck(&["check", "--corpus", "corpus", "empty"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no drafts to check"), "{}", stderr(&o));

    let o = factcheck(&["check", "--corpus", "empty", "draft.md"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("no readable articles"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn front_matter_dates_with_trailing_garbage_are_errors_at_their_line() {
    let (dir, a) = workspace();
    std::fs::write(
        a.join("bad.md"),
        "---\ntitle: Pendler\ndate: 2024-11-01garbage\n---\nText.\n",
    )
    .unwrap();
    std::fs::write(
        a.join("late-nul.txt"),
        format!("{}\0\n", "Ein harmloser Satz.\n".repeat(1000)),
    )
    .unwrap();
    let (_, err, _) = check_json(dir.path(), &[]);
    assert!(
        err.contains("corpus/a/bad.md:3: front matter `date` is not an ISO 8601 date"),
        "{err}"
    );
    assert!(
        err.contains("corpus/a/late-nul.txt:1001: binary file"),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn human_output_never_carries_terminal_escapes() {
    let (dir, a) = workspace();
    let escape = "\u{1b}]0;TITLE\u{7}\u{1b}[2J\u{9b}31m";
    std::fs::rename(a.join("article.md"), a.join(format!("x{escape}.md"))).unwrap();
    std::fs::write(
        dir.path().join("draft.md"),
        format!("{}{escape}\n", DRAFT.trim_end()),
    )
    .unwrap();
    std::fs::write(a.join(format!("broken{escape}.md")), [0u8]).unwrap();
    let o = factcheck(&["check", "--corpus", "corpus", "draft.md"], dir.path());
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = String::from_utf8(o.stdout.clone()).unwrap();
    assert!(
        out.contains("corpus/a/x␛]0;TITLE␇␛[2J\u{fffd}31m.md:4"),
        "{out}"
    );
    for (name, bytes) in [("stdout", &o.stdout), ("stderr", &o.stderr)] {
        let text = String::from_utf8_lossy(bytes);
        let bad: Vec<char> = text
            .chars()
            .filter(|c| c.is_control() && *c != '\n')
            .collect();
        assert!(bad.is_empty(), "{name} holds {bad:?}: {text}");
    }
}

fn sarif(dir: &Path, args: &[&str]) -> Value {
    let o = factcheck(args, dir);
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", stderr(&o)))
}

#[cfg(unix)]
#[test]
fn sarif_uris_are_percent_encoded_and_relative_to_srcroot() {
    let (dir, a) = workspace();
    std::fs::rename(a.join("article.md"), a.join("back\\slash \"q\".md")).unwrap();
    std::fs::write(dir.path().join("dr \"aft\" #1.md"), DRAFT).unwrap();
    let run = &sarif(
        dir.path(),
        &[
            "check",
            "--format",
            "sarif",
            "--corpus",
            "corpus",
            "dr \"aft\" #1.md",
        ],
    )["runs"][0];
    let root = run["originalUriBaseIds"]["SRCROOT"]["uri"]
        .as_str()
        .unwrap();
    assert!(
        root.starts_with("file:///") && root.ends_with('/'),
        "{root}"
    );
    let result = &run["results"][0];
    let draft = &result["locations"][0]["physicalLocation"]["artifactLocation"];
    assert_eq!(draft["uri"], "dr%20%22aft%22%20%231.md");
    assert_eq!(draft["uriBaseId"], "SRCROOT");
    let evidence = &result["relatedLocations"][0]["physicalLocation"]["artifactLocation"];
    assert_eq!(evidence["uri"], "corpus/a/back%5Cslash%20%22q%22.md");

    // With --sarif-base the URIs are relative to that directory.
    let run = &sarif(
        dir.path(),
        &[
            "check",
            "--format",
            "sarif",
            "--sarif-base",
            "corpus",
            "--corpus",
            "corpus",
            "dr \"aft\" #1.md",
        ],
    )["runs"][0];
    let result = &run["results"][0];
    let evidence = &result["relatedLocations"][0]["physicalLocation"]["artifactLocation"];
    assert_eq!(evidence["uri"], "a/back%5Cslash%20%22q%22.md");
    let draft = &result["locations"][0]["physicalLocation"]["artifactLocation"];
    assert!(draft["uriBaseId"].is_null());
    assert!(
        draft["uri"].as_str().unwrap().starts_with("file:///")
            && draft["uri"]
                .as_str()
                .unwrap()
                .ends_with("/dr%20%22aft%22%20%231.md"),
        "{draft}"
    );
}

#[test]
fn sarif_fingerprints_are_unique_and_survive_line_moves() {
    let (dir, _) = workspace();
    let fingerprints = |draft: &str| -> Vec<String> {
        std::fs::write(dir.path().join("draft.md"), draft).unwrap();
        let v = sarif(
            dir.path(),
            &[
                "check", "--format", "sarif", "--corpus", "corpus", "draft.md",
            ],
        );
        v["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                r["partialFingerprints"]["factcheck/v2"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect()
    };
    let twice = format!("{DRAFT}\n{DRAFT}");
    let first = fingerprints(&twice);
    assert_eq!(first.len(), 2);
    assert_ne!(
        first[0], first[1],
        "repeated findings get distinct fingerprints"
    );
    let moved = fingerprints(&format!("# Pendler\n\nEin neuer Absatz.\n\n{twice}"));
    assert_eq!(first, moved, "moving the lines keeps the fingerprints");
}

#[test]
fn standard_input_has_no_made_up_uri() {
    let (dir, _) = workspace();
    let mut child = Command::new(env!("CARGO_BIN_EXE_factcheck"))
        .args(["check", "--format", "sarif", "--corpus", "corpus", "-"])
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(DRAFT.as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let location = &v["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
    assert!(
        location["artifactLocation"].get("uri").is_none(),
        "{location}"
    );
    assert_eq!(
        location["artifactLocation"]["description"]["text"],
        "standard input"
    );
}
