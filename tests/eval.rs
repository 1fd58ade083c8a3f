//! Evaluation: scores labelled drafts (`*.md` with `*.expect`) and prints
//! recall and false positives. The project's own fixtures always run; the
//! shared development sets run when `../shared` is beside the checkout.

mod common;

use std::path::{Path, PathBuf};

use common::{parse_expect, score, Score};
use factcheck::engine::Engine;

fn run_set(name: &str, draft: &Path, expect: &Path, corpus: Option<PathBuf>) -> Score {
    let (expectations, from_file) = parse_expect(expect);
    let corpus = corpus.or(from_file).expect("a corpus for the evaluation");
    let engine = Engine::load(
        std::slice::from_ref(&corpus),
        Default::default(),
        &|_, _| {},
    );
    let s = score(&engine, draft, &expectations);
    println!(
        "eval {name}: recall {:.2} ({}/{}), false positives {} (corpus {}, {} articles)",
        s.recall(),
        s.found,
        s.expected,
        s.false_positives,
        corpus.display(),
        engine.index().articles.len()
    );
    for line in &s.report {
        println!("  {line}");
    }
    s
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn own_fixtures_are_found_without_false_positives() {
    let mut sets = vec![(
        "examples/draft".to_string(),
        root().join("examples/draft.md"),
        root().join("examples/draft.expect"),
    )];
    let dir = root().join("tests/fixtures/eval");
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for p in entries {
        if p.extension().and_then(|e| e.to_str()) == Some("md") {
            let name = p.file_stem().unwrap().to_string_lossy().to_string();
            sets.push((name, p.clone(), p.with_extension("expect")));
        }
    }
    assert!(sets.len() >= 3, "fixtures missing");
    for (name, draft, expect) in sets {
        let s = run_set(&name, &draft, &expect, None);
        assert_eq!(
            s.found, s.expected,
            "{name}: missed findings: {:#?}",
            s.report
        );
        assert_eq!(
            s.false_positives, 0,
            "{name}: false positives: {:#?}",
            s.report
        );
    }
}

fn shared() -> Option<PathBuf> {
    let p = root().join("../shared");
    if p.join("eval").is_dir() {
        Some(p)
    } else {
        println!("../shared not found: shared evaluation skipped");
        None
    }
}

#[test]
fn shared_seeds_dev() {
    let Some(shared) = shared() else { return };
    let s = run_set(
        "seeds-dev",
        &shared.join("eval/seeds-dev.md"),
        &shared.join("eval/seeds-dev.expect"),
        Some(shared.join("corpus/seeds")),
    );
    assert!(
        s.recall() >= 0.9,
        "seeds-dev recall {:.2} below 0.9",
        s.recall()
    );
    assert!(
        s.false_positives <= 1,
        "seeds-dev: {} false positives",
        s.false_positives
    );
}

#[test]
fn shared_bbc_dev() {
    let Some(shared) = shared() else { return };
    let s = run_set(
        "bbc-dev",
        &shared.join("eval/bbc-dev.md"),
        &shared.join("eval/bbc-dev.expect"),
        Some(shared.join("corpus/bbc")),
    );
    assert!(
        s.recall() >= 0.75,
        "bbc-dev recall {:.2} below 0.75",
        s.recall()
    );
    assert!(
        s.false_positives <= 1,
        "bbc-dev: {} false positives",
        s.false_positives
    );
}
