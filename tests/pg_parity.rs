//! Parity: every labelled draft (our own fixtures, and every set of
//! `../shared/eval` when `../shared` is beside the checkout) gets exactly the
//! same findings — codes, ranges, messages, evidence, fixes, similarities —
//! from the in-memory index and from the archive in PostgreSQL, loaded by
//! `factcheck index --corpus DIR --index URL`. Skipped (with a message)
//! without `FACTCHECK_TEST_PG`.

mod pg_support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use factcheck::engine::{DraftOptions, Engine, Store};
use pg_support::{admin_url, fresh_database};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The corpus an `.expect` file names (`# corpus: PATH`, relative to it).
fn corpus_of(expect: &Path) -> Option<PathBuf> {
    let text = std::fs::read_to_string(expect).ok()?;
    text.lines().find_map(|l| {
        l.strip_prefix("# corpus:")
            .map(|rest| expect.parent().unwrap().join(rest.trim()))
    })
}

/// Drafts with their corpora: ours, and the shared sets when present.
fn labelled_drafts() -> BTreeMap<PathBuf, Vec<PathBuf>> {
    let mut by_corpus: BTreeMap<PathBuf, Vec<PathBuf>> = BTreeMap::new();
    let mut add = |draft: PathBuf, corpus: PathBuf| {
        let corpus = std::fs::canonicalize(&corpus).unwrap_or(corpus);
        by_corpus.entry(corpus).or_default().push(draft);
    };
    add(
        root().join("examples/draft.md"),
        root().join("examples/corpus"),
    );
    for entry in std::fs::read_dir(root().join("tests/fixtures/eval"))
        .unwrap()
        .flatten()
    {
        let p = entry.path();
        if p.extension().is_some_and(|e| e == "md") {
            let corpus = corpus_of(&p.with_extension("expect")).expect("a # corpus: line");
            add(p, corpus);
        }
    }
    let shared = root().join("../shared");
    if shared.join("eval").is_dir() {
        let eval = shared.join("eval");
        let legacy = [("seeds-dev", "seeds"), ("bbc-dev", "bbc")];
        let mut drafts = Vec::new();
        for entry in std::fs::read_dir(&eval).unwrap().flatten() {
            let p = entry.path();
            if p.is_dir() {
                drafts.extend(std::fs::read_dir(&p).unwrap().flatten().map(|e| e.path()));
            } else {
                drafts.push(p);
            }
        }
        for p in drafts
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
        {
            if p.file_name().is_some_and(|n| n == "README.md") {
                continue;
            }
            let expect = p.with_extension("expect");
            let named = std::fs::read_to_string(&expect).ok().and_then(|t| {
                t.lines().find_map(|l| {
                    l.strip_prefix("# corpus:")
                        .and_then(|rest| rest.trim().rsplit('/').next().map(str::to_string))
                })
            });
            let stem = p.file_stem().unwrap().to_string_lossy().to_string();
            let name = named.or_else(|| {
                legacy
                    .iter()
                    .find(|(s, _)| *s == stem)
                    .map(|(_, c)| c.to_string())
            });
            if let Some(name) = name {
                add(p, shared.join("corpus").join(name));
            }
        }
    } else {
        eprintln!("parity: ../shared not found: only our own fixtures are compared");
    }
    by_corpus
}

/// Everything a finding shows, as JSON.
fn findings(engine: &Engine, draft: &Path) -> String {
    let text = std::fs::read_to_string(draft).unwrap();
    let report = engine.check(
        &text,
        &DraftOptions {
            path: Some(draft.to_path_buf()),
            ..Default::default()
        },
    );
    serde_json::to_string_pretty(&report.findings).unwrap()
}

#[test]
fn memory_and_postgresql_give_the_same_findings() {
    let Some(admin) = admin_url("parity") else {
        return;
    };
    let bin = env!("CARGO_BIN_EXE_factcheck");
    let mut compared = 0;
    for (n, (corpus, drafts)) in labelled_drafts().into_iter().enumerate() {
        let url = fresh_database(&admin, &format!("parity{n}"));
        let out = Command::new(bin)
            .args(["index", "--corpus"])
            .arg(&corpus)
            .args(["--index", &url])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "factcheck index {}: {}",
            corpus.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        let memory = Engine::load(
            std::slice::from_ref(&corpus),
            Default::default(),
            &|_, _| {},
        );
        let pg = Engine::open(
            std::slice::from_ref(&corpus),
            &Store::Postgres(url.clone()),
            Default::default(),
            &|_, _| {},
            &|_| {},
        )
        .unwrap();
        assert_eq!(pg.archive().kind(), "postgresql");
        assert_eq!(
            pg.archive().article_count(),
            memory.archive().article_count()
        );
        for draft in drafts {
            let (a, b) = (findings(&memory, &draft), findings(&pg, &draft));
            assert!(a.len() > 2, "{}: no findings to compare", draft.display());
            assert_eq!(a, b, "{}: memory vs PostgreSQL", draft.display());
            compared += 1;
        }
        assert_eq!(pg.archive().failure(), None);
    }
    eprintln!("parity: {compared} drafts give the same findings from memory and PostgreSQL");
}
