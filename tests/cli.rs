//! Command-line integration tests: exit codes, output formats, corpus
//! errors, configuration discovery and leave-one-out checks.

mod cli_support;

use std::path::PathBuf;
use std::process::{Command, Stdio};

use cli_support::{factcheck, stderr, stdout};
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn example_json() -> Value {
    let o = factcheck(
        &["check", "--format", "json", "draft.md"],
        &root().join("examples"),
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).expect("valid JSON")
}

#[test]
fn human_output_shows_snippets_and_evidence_without_colour_when_piped() {
    let o = factcheck(&["check", "draft.md"], &root().join("examples"));
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("warning[name-mismatch]"), "{out}");
    assert!(out.contains("--> draft.md:10:"), "{out}");
    assert!(
        out.contains("= Archiv: corpus/2024-11-01-japan-eu.md:"),
        "{out}"
    );
    assert!(out.contains("= Korrektur: Josep Borrell"), "{out}");
    assert!(
        !out.contains('\u{1b}'),
        "no colour when stdout is not a terminal"
    );
}

#[test]
fn json_has_the_documented_shape() {
    let v = example_json();
    let file = &v["files"][0];
    assert_eq!(file["path"], "draft.md");
    let findings = file["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    for f in findings {
        for key in ["code", "severity", "range", "message", "evidence", "fix"] {
            assert!(f.get(key).is_some(), "missing {key} in {f}");
        }
        let start = &f["range"]["start"];
        let end = &f["range"]["end"];
        assert!(start["line"].as_u64().unwrap() >= 1 && start["column"].as_u64().unwrap() >= 1);
        assert_eq!(start["line"], end["line"], "a range stays on one line");
        for e in f["evidence"].as_array().unwrap() {
            assert!(e["path"].as_str().unwrap().starts_with("corpus/"));
            assert!(e["line"].as_u64().unwrap() >= 1);
            assert!(!e["excerpt"].as_str().unwrap().is_empty());
            assert!(e.get("date").is_some());
        }
    }
    // Columns count Unicode scalar values: `Josep Borell` starts after a line with umlauts.
    let name = findings
        .iter()
        .find(|f| f["code"] == "name-mismatch")
        .unwrap();
    let line = std::fs::read_to_string(root().join("examples/draft.md"))
        .unwrap()
        .lines()
        .nth(9)
        .unwrap()
        .to_string();
    let col = name["range"]["start"]["column"].as_u64().unwrap() as usize;
    let rest: String = line.chars().skip(col - 1).collect();
    assert!(
        rest.starts_with("Josep Borell"),
        "column {col} points at {rest:?}"
    );
    assert_eq!(name["fix"], "Josep Borrell");
    assert_eq!(name["evidence"][0]["date"], "2024-11-01");
}

#[test]
fn sarif_is_2_1_0_with_one_rule_per_code() {
    let o = factcheck(
        &["check", "--format", "sarif", "draft.md"],
        &root().join("examples"),
    );
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    let rules: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        rules,
        vec![
            "figure-mismatch",
            "date-mismatch",
            "role-mismatch",
            "name-mismatch",
            "outdated-role",
            "weekday-mismatch",
            "internal-mismatch"
        ]
    );
    let results = run["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for r in results {
        let idx = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[idx], r["ruleId"].as_str().unwrap());
        let region = &r["locations"][0]["physicalLocation"]["region"];
        assert!(region["startLine"].as_u64().unwrap() >= 1);
        assert_eq!(
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "draft.md"
        );
        assert!(["warning", "note", "error"].contains(&r["level"].as_str().unwrap()));
    }
}

#[test]
fn fail_on_sets_the_exit_code() {
    let dir = root().join("examples");
    assert_eq!(
        factcheck(&["check", "--fail-on", "never", "draft.md"], &dir)
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        factcheck(&["check", "--fail-on", "error", "draft.md"], &dir)
            .status
            .code(),
        Some(2),
        "no finding is an error: `--fail-on error` is not a value"
    );
    assert_eq!(
        factcheck(&["check", "--fail-on", "warning", "draft.md"], &dir)
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        factcheck(&["check", "--format", "bogus", "draft.md"], &dir)
            .status
            .code(),
        Some(2)
    );
    let missing = factcheck(&["check", "no-such-draft.md"], &dir);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("no-such-draft.md"));
}

#[test]
fn no_corpus_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("d.md"), "Text.").unwrap();
    let o = factcheck(&["check", "d.md"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no corpus"));
}

#[test]
fn stdin_is_read_with_a_dash() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_factcheck"))
        .args(["check", "--format", "json", "--corpus", "corpus", "-"])
        .current_dir(root().join("examples"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all("Frankreichs Präsident Mark Rutte reiste nach Berlin.\n".as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["files"][0]["path"], "<stdin>");
    assert_eq!(v["files"][0]["findings"][0]["code"], "role-mismatch");
}

#[test]
fn bad_corpus_files_are_reported_and_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    std::fs::write(
        corpus.join("good.md"),
        "---\ndate: 2024-01-05\n---\nNATO-Generalsekretär Mark Rutte besuchte Kiew.\n",
    )
    .unwrap();
    std::fs::write(corpus.join("binary.txt"), [0u8, 1, 2, 3]).unwrap();
    std::fs::write(corpus.join("latin1.txt"), b"Gr\xfc\xdfe aus Wien\n").unwrap();
    std::fs::write(
        corpus.join("front.md"),
        "---\ndate: [unclosed\n---\nText.\n",
    )
    .unwrap();
    std::fs::write(
        corpus.join("lines.jsonl"),
        "{\"text\": \"Eins.\"}\n{broken\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("draft.md"),
        "NATO-Generalsekretär Mark Rute reiste ab.\n",
    )
    .unwrap();
    let o = factcheck(
        &[
            "check", "--format", "json", "--corpus", "corpus", "draft.md",
        ],
        dir.path(),
    );
    let err = stderr(&o);
    assert!(err.contains("binary.txt:1: binary file"), "{err}");
    assert!(err.contains("latin1.txt:1: invalid UTF-8"), "{err}");
    assert!(
        err.contains("front.md:") && err.contains("malformed YAML"),
        "{err}"
    );
    assert!(err.contains("lines.jsonl:2: malformed JSON"), "{err}");
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    // The good article was still indexed.
    assert_eq!(v["files"][0]["findings"][0]["code"], "name-mismatch", "{v}");
}

#[test]
fn a_corpus_file_is_checked_against_the_rest_only() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    // The only article naming Mark Rute: against itself it would be known.
    std::fs::write(
        corpus.join("a.md"),
        "NATO-Generalsekretär Mark Rute reiste ab.\n",
    )
    .unwrap();
    std::fs::write(
        corpus.join("b.md"),
        "NATO-Generalsekretär Mark Rutte sprach in Brüssel. Rutte warnte Moskau.\n",
    )
    .unwrap();
    std::fs::write(
        corpus.join("c.md"),
        "Mark Rutte traf Emmanuel Macron in Paris.\n",
    )
    .unwrap();
    let o = factcheck(
        &[
            "check",
            "--format",
            "json",
            "--corpus",
            "corpus",
            "corpus/a.md",
        ],
        dir.path(),
    );
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["files"][0]["findings"][0]["code"], "name-mismatch", "{v}");
    assert!(
        v["files"][0]["findings"][0]["evidence"][0]["path"]
            .as_str()
            .unwrap()
            .ends_with("b.md")
            || v["files"][0]["findings"][0]["evidence"][0]["path"]
                .as_str()
                .unwrap()
                .ends_with("c.md")
    );
}

#[test]
fn configuration_file_gives_the_corpus_and_accepted_names() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("archive")).unwrap();
    std::fs::write(
        dir.path().join("archive/a.md"),
        "NATO-Generalsekretär Mark Rutte sprach. Später sprach Mark Rutte erneut.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("archive/b.md"),
        "Mark Rutte reiste nach Kiew.\n",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("drafts")).unwrap();
    std::fs::write(
        dir.path().join("drafts/d.md"),
        "NATO-Generalsekretär Mark Rute sprach.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join(".factcheck.toml"),
        "corpus = [\"archive\"]\n",
    )
    .unwrap();
    let o = factcheck(&["check", "d.md"], &dir.path().join("drafts"));
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    std::fs::write(
        dir.path().join(".factcheck.toml"),
        "corpus = [\"archive\"]\naccept = [\"Mark Rute\"]\n",
    )
    .unwrap();
    let o = factcheck(&["check", "d.md"], &dir.path().join("drafts"));
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    std::fs::write(
        dir.path().join(".factcheck.toml"),
        "corpus = [\"archive\"]\nbogus = 1\n",
    )
    .unwrap();
    let o = factcheck(&["check", "d.md"], &dir.path().join("drafts"));
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains(".factcheck.toml:2"), "{}", stderr(&o));
}

#[test]
fn inline_controls_silence_findings() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("d.md"),
        "<!-- factcheck: ignore -->\nFrankreichs Präsident Mark Rutte sprach.\n\n<!-- factcheck: off -->\nFrankreichs Präsident Mark Rutte sprach.\n<!-- factcheck: on -->\n\n`Frankreichs Präsident Mark Rutte`\n",
    )
    .unwrap();
    let corpus = root().join("examples/corpus");
    let o = factcheck(
        &[
            "check",
            "--format",
            "json",
            "--corpus",
            corpus.to_str().unwrap(),
            "d.md",
        ],
        dir.path(),
    );
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        v["files"][0]["findings"].as_array().unwrap().len(),
        0,
        "{v}"
    );
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn extract_lists_mentions_as_json() {
    let o = factcheck(
        &["extract", "--format", "json", "draft.md"],
        &root().join("examples"),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let mentions = v["files"][0]["mentions"].as_array().unwrap();
    let role = mentions
        .iter()
        .find(|m| m["kind"] == "role" && m["person"] == "Mark Rutte")
        .expect("a role mention");
    assert_eq!(role["scope"], "Frankreich");
    assert_eq!(role["role"], "president");
    assert_eq!(role["text"], "Frankreichs Präsident Mark Rutte");
    assert!(mentions
        .iter()
        .any(|m| m["kind"] == "person" && m["name"] == "Yoshimasa Hayashi"));
    assert!(mentions
        .iter()
        .any(|m| m["kind"] == "place" && m["name"] == "Japan"));
    assert!(mentions
        .iter()
        .any(|m| m["kind"] == "organisation" && m["name"] == "G7"));
    // Nothing from the fenced code block at the end.
    let code_line = std::fs::read_to_string(root().join("examples/draft.md"))
        .unwrap()
        .lines()
        .position(|l| l.contains("Code wird"))
        .unwrap()
        + 1;
    assert!(mentions
        .iter()
        .all(|m| m["range"]["start"]["line"].as_u64().unwrap() as usize != code_line));
    for m in mentions {
        assert_eq!(
            m["range"]["start"]["line"], m["range"]["end"]["line"],
            "{m}"
        );
    }
}

#[test]
fn index_builds_once_and_check_updates_a_stale_index() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    for e in std::fs::read_dir(root().join("examples/corpus")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, corpus.join(p.file_name().unwrap())).unwrap();
    }
    let draft = root().join("examples/draft.md");
    let draft = draft.to_str().unwrap();
    let index = dir.path().join("ix");
    let index = index.to_str().unwrap();
    let o = factcheck(
        &["index", "--corpus", "corpus", "--index", index],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("indexed 5 articles"), "{}", stderr(&o));
    let o = factcheck(
        &["index", "--corpus", "corpus", "--index", index],
        dir.path(),
    );
    assert!(stderr(&o).contains("index up to date"), "{}", stderr(&o));

    let check = |extra: &[&str]| {
        let mut args = vec!["check", "--format", "json", "--corpus", "corpus"];
        args.extend_from_slice(extra);
        args.push(draft);
        factcheck(&args, dir.path())
    };
    let from_index = check(&["--index", index]);
    assert_eq!(from_index.status.code(), Some(1), "{}", stderr(&from_index));
    assert_eq!(stderr(&from_index), "", "a fresh index opens silently");
    let in_memory = check(&["--no-index"]);
    assert_eq!(stdout(&from_index), stdout(&in_memory));

    // A changed corpus file: the next check says so and updates first.
    let nato = corpus.join("2023-07-12-nato-tokio.md");
    let text = std::fs::read_to_string(&nato).unwrap();
    std::fs::write(&nato, format!("{text}\nEin Satz mehr.\n")).unwrap();
    let o = check(&["--index", index]);
    assert!(
        stderr(&o).contains("is stale (1 corpus files changed); updating"),
        "{}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains("1 files read, 1 articles extracted"),
        "{}",
        stderr(&o)
    );
    assert_eq!(stdout(&o), stdout(&check(&["--no-index"])));
}

#[test]
fn index_knows_its_corpus_under_another_path_spelling() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    for e in std::fs::read_dir(root().join("examples/corpus")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, corpus.join(p.file_name().unwrap())).unwrap();
    }
    let index = dir.path().join("ix");
    let index = index.to_str().unwrap();
    let o = factcheck(
        &["index", "--corpus", "corpus", "--index", index],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // The same folder named by its absolute path is the same corpus: the
    // index stays as it is, and evidence shows the spelling of the run.
    let absolute = corpus.to_str().unwrap();
    let o = factcheck(
        &["index", "--corpus", absolute, "--index", index],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("index up to date (5 articles)"),
        "{}",
        stderr(&o)
    );
    let draft = root().join("examples/draft.md");
    let check = |spelling: &str, extra: &[&str]| {
        let mut args = vec!["check", "--format", "json", "--corpus", spelling];
        args.extend_from_slice(extra);
        args.push(draft.to_str().unwrap());
        factcheck(&args, dir.path())
    };
    // Alternating spellings never make the index stale.
    for spelling in [absolute, "corpus", absolute, "./corpus"] {
        let from_index = check(spelling, &["--index", index]);
        assert_eq!(stderr(&from_index), "", "the index is fresh for {spelling}");
        let in_memory = check(spelling, &["--no-index"]);
        assert_eq!(stdout(&from_index), stdout(&in_memory), "{spelling}");
    }
}
