//! What a command-line user meets besides the findings: `init`, shell
//! completions, the man page, `--help`, `--quiet`, `--color`, labels in the
//! draft's language, corpus paths relative to the workspace, `extract`'s
//! alignment, `--fail-on` values and the order of progress counts.

mod cli_support;

use std::path::{Path, PathBuf};

use cli_support::{factcheck, factcheck_env, stderr, stdout};
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A small archive and a draft that contradicts it, in our own words.
fn workspace() -> tempfile::TempDir {
    let ws = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(ws.path().join("archive")).unwrap();
    std::fs::create_dir_all(ws.path().join("drafts/week")).unwrap();
    std::fs::write(
        ws.path().join("archive/bridge.md"),
        "---\ndate: 2024-03-05\n---\nThe harbour board approved 40 million euros for the new swing bridge in Kiel.\n",
    )
    .unwrap();
    std::fs::write(
        ws.path().join("drafts/week/bridge.md"),
        "---\ndate: 2024-03-09\n---\nThe harbour board approved 90 million euros for the new swing bridge in Kiel.\n",
    )
    .unwrap();
    ws
}

#[test]
fn init_writes_a_commented_configuration_and_keeps_an_existing_one() {
    let ws = workspace();
    let o = factcheck(&["init", "--corpus", "archive"], ws.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let file = ws.path().join(".factcheck.toml");
    let written = std::fs::read_to_string(&file).unwrap();
    assert!(written.contains("corpus = [\"archive\"]"), "{written}");
    assert!(written.lines().filter(|l| l.starts_with('#')).count() >= 5);
    // The file works: `check` finds the corpus through it.
    let check = factcheck(&["check", "drafts"], ws.path());
    assert_eq!(check.status.code(), Some(1), "{}", stderr(&check));
    assert!(
        stdout(&check).contains("figure-mismatch"),
        "{}",
        stdout(&check)
    );
    // A second `init` refuses; `--force` replaces.
    std::fs::write(&file, "# ours\ncorpus = [\"archive\"]\n").unwrap();
    let again = factcheck(&["init"], ws.path());
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("--force"), "{}", stderr(&again));
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "# ours\ncorpus = [\"archive\"]\n"
    );
    let forced = factcheck(&["init", "--force"], ws.path());
    assert_eq!(forced.status.code(), Some(0));
    assert!(std::fs::read_to_string(&file)
        .unwrap()
        .contains("corpus = []"));
}

#[cfg(unix)]
#[test]
fn init_never_writes_through_a_symbolic_link() {
    let ws = workspace();
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("theirs.toml");
    let link = ws.path().join(".factcheck.toml");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    assert_eq!(factcheck(&["init"], ws.path()).status.code(), Some(2));
    let forced = factcheck(&["init", "--force"], ws.path());
    assert_eq!(forced.status.code(), Some(0), "{}", stderr(&forced));
    assert!(!target.exists(), "written through the link");
    assert!(std::fs::symlink_metadata(&link).unwrap().is_file());
}

#[test]
fn completions_and_man_pages_come_from_the_command_definition() {
    let dir = root();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let o = factcheck(&["completions", shell], &dir);
        assert_eq!(o.status.code(), Some(0), "{shell}: {}", stderr(&o));
        let script = stdout(&o);
        for word in ["extract", "fail-on", "color", "sarif-base", "init"] {
            assert!(script.contains(word), "{shell} completion lacks {word}");
        }
    }
    assert_eq!(
        factcheck(&["completions", "tcsh"], &dir).status.code(),
        Some(2)
    );
    let man = factcheck(&["man"], &dir);
    assert_eq!(man.status.code(), Some(0));
    let page = stdout(&man);
    assert!(page.contains(".TH factcheck 1"), "{page}");
    assert!(page.contains("Exit codes"), "{page}");
    let check = stdout(&factcheck(&["man", "check"], &dir));
    assert!(check.contains(".TH factcheck-check 1"), "{check}");
    assert!(check.contains(env!("CARGO_PKG_VERSION")), "{check}");
    assert!(check.contains("fail\\-on"), "{check}");
    let bogus = factcheck(&["man", "bogus"], &dir);
    assert_eq!(bogus.status.code(), Some(2));
    assert!(stderr(&bogus).contains("check"), "{}", stderr(&bogus));
}

#[test]
fn help_states_exit_codes_and_defaults() {
    let o = factcheck(&["check", "--help"], &root());
    assert_eq!(o.status.code(), Some(0));
    let help = stdout(&o);
    for needle in [
        "Exit codes:",
        "0  no finding at or above --fail-on (default: warning)",
        "1  a finding at or above --fail-on",
        "2  usage or I/O error",
        "[default: human]",
        "[default: auto]",
        "else warning",
        "[possible values: warning, info, never]",
    ] {
        assert!(
            help.contains(needle),
            "`check --help` lacks {needle:?}:\n{help}"
        );
    }
    assert!(stdout(&factcheck(&["--help"], &root())).contains("Exit codes:"));
}

#[test]
fn fail_on_error_is_refused_with_a_reason() {
    let dir = root().join("examples");
    let o = factcheck(&["check", "--fail-on", "error", "draft.md"], &dir);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("possible values: warning, info, never"));
    let ws = workspace();
    std::fs::write(
        ws.path().join(".factcheck.toml"),
        "corpus = [\"archive\"]\nfail-on = \"error\"\n",
    )
    .unwrap();
    let o = factcheck(&["check", "drafts"], ws.path());
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains(".factcheck.toml") && err.contains("no finding is an error"),
        "{err}"
    );
}

#[test]
fn quiet_prints_findings_and_errors_only() {
    let dir = root().join("examples");
    let loud = factcheck(&["check", "draft.md"], &dir);
    assert!(
        stdout(&loud).contains("1 Datei geprüft"),
        "{}",
        stdout(&loud)
    );
    for args in [
        ["--quiet", "check", "draft.md"],
        ["check", "-q", "draft.md"],
    ] {
        let o = factcheck(&args, &dir);
        assert_eq!(o.status.code(), Some(1));
        let out = stdout(&o);
        assert!(out.contains("warning[figure-mismatch]"), "{out}");
        assert!(!out.contains("geprüft"), "{out}");
    }
    // Draft warnings (here: a front-matter date that is not a date) go too.
    let ws = workspace();
    let draft = ws.path().join("drafts/week/bridge.md");
    std::fs::write(&draft, "---\ndate: someday\n---\nThe board met.\n").unwrap();
    let args = ["check", "--corpus", "archive", "drafts"];
    assert!(stderr(&factcheck(&args, ws.path())).contains("warning:"));
    let quiet = factcheck(&[&["-q"][..], &args[..]].concat(), ws.path());
    assert_eq!(stderr(&quiet), "");
    assert_eq!(stdout(&quiet), "");
}

#[test]
fn colour_follows_the_flag_then_no_color_then_the_terminal() {
    let dir = root().join("examples");
    let has_colour = |args: &[&str], env: &[(&str, &str)]| {
        stdout(&factcheck_env(args, &dir, env)).contains('\u{1b}')
    };
    assert!(!has_colour(&["check", "draft.md"], &[]), "piped: no colour");
    assert!(has_colour(&["check", "--color", "always", "draft.md"], &[]));
    assert!(has_colour(
        &["--color", "always", "check", "draft.md"],
        &[("NO_COLOR", "1")]
    ));
    assert!(!has_colour(&["check", "--color", "never", "draft.md"], &[]));
    assert!(!has_colour(
        &["check", "--color", "auto", "draft.md"],
        &[("NO_COLOR", "1")]
    ));
    assert_eq!(
        factcheck(&["check", "--color", "sometimes", "draft.md"], &dir)
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn human_output_follows_the_draft_language() {
    let de = stdout(&factcheck(&["check", "draft.md"], &root().join("examples")));
    for needle in ["= Archiv: corpus/", "= Korrektur: ", "1 Datei geprüft: "] {
        assert!(de.contains(needle), "{needle:?} missing:\n{de}");
    }
    assert!(!de.contains("= archive:") && !de.contains("= fix:"), "{de}");
    let en = factcheck(
        &[
            "check",
            "--corpus",
            "examples/corpus",
            "tests/fixtures/eval/campaign-en.md",
        ],
        &root(),
    );
    let en = stdout(&en);
    for needle in ["= archive: examples/corpus/", "= fix: ", "1 file checked: "] {
        assert!(en.contains(needle), "{needle:?} missing:\n{en}");
    }
    assert!(!en.contains("Archiv:") && !en.contains("geprüft"), "{en}");
}

#[test]
fn corpus_paths_are_shown_relative_to_the_configuration_folder() {
    let ws = workspace();
    std::fs::write(
        ws.path().join(".factcheck.toml"),
        "corpus = [\"archive\"]\n",
    )
    .unwrap();
    let from = ws.path().join("drafts/week");
    let human = factcheck(&["check", "bridge.md"], &from);
    assert_eq!(human.status.code(), Some(1), "{}", stderr(&human));
    let out = stdout(&human);
    assert!(out.contains("(archive/bridge.md:4, 2024-03-05)"), "{out}");
    assert!(out.contains("= archive: archive/bridge.md:4"), "{out}");
    let prefix = std::fs::canonicalize(ws.path()).unwrap();
    assert!(!out.contains(&prefix.display().to_string()), "{out}");
    let json = factcheck(&["check", "--format", "json", "bridge.md"], &from);
    let v: Value = serde_json::from_slice(&json.stdout).unwrap();
    let finding = &v["files"][0]["findings"][0];
    let evidence = &finding["evidence"][0];
    assert_eq!(evidence["path"], "archive/bridge.md");
    assert_eq!(
        Path::new(evidence["absolute_path"].as_str().unwrap()),
        prefix.join("archive/bridge.md")
    );
    assert!(finding["message"]
        .as_str()
        .unwrap()
        .contains("(archive/bridge.md:4"));
    // `--corpus` on the command line: relative to the working directory,
    // even when given as an absolute path.
    let absolute = prefix.join("archive");
    let o = factcheck(
        &["check", "--corpus", absolute.to_str().unwrap(), "drafts"],
        ws.path(),
    );
    assert!(
        stdout(&o).contains("= archive: archive/bridge.md:4"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn extract_keeps_its_columns_aligned_past_line_nine() {
    let ws = tempfile::tempdir().unwrap();
    let mut text = String::new();
    for i in 1..=12 {
        text.push_str(&format!(
            "Am {i}. März kamen {} Besucher in den Zoo.\n\n",
            i * 100
        ));
    }
    std::fs::write(ws.path().join("zoo.md"), &text).unwrap();
    let o = factcheck(&["extract", "zoo.md"], ws.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let rows: Vec<&str> = out.lines().skip(1).collect();
    assert!(
        rows.iter().any(|r| r.trim_start().starts_with("23:")),
        "{out}"
    );
    // Every row's kind starts in the same column.
    let kind_columns: std::collections::HashSet<usize> = rows
        .iter()
        .map(|r| {
            let after_position =
                r.trim_start().find(' ').unwrap() + (r.len() - r.trim_start().len());
            after_position + r[after_position..].len() - r[after_position..].trim_start().len()
        })
        .collect();
    assert_eq!(kind_columns.len(), 1, "{out}");
}

#[test]
fn indexing_progress_never_runs_backwards() {
    let corpus = tempfile::tempdir().unwrap();
    for i in 0..64 {
        std::fs::write(
            corpus.path().join(format!("{i:02}.md")),
            format!("Der Stadtrat von Ulm beschloss {i} neue Parkplätze am Bahnhof.\n"),
        )
        .unwrap();
    }
    let seen = std::sync::Mutex::new(Vec::new());
    let progress = |done: usize, total: usize| seen.lock().unwrap().push((done, total));
    factcheck::corpus::CorpusIndex::load(&[corpus.path().to_path_buf()], &progress);
    let seen = seen.into_inner().unwrap();
    let counts: Vec<usize> = seen
        .iter()
        .filter(|(_, t)| *t == 64)
        .map(|(d, _)| *d)
        .collect();
    assert_eq!(counts.last(), Some(&64), "{seen:?}");
    assert!(counts.windows(2).all(|w| w[0] <= w[1]), "{counts:?}");
}
