//! One archive, every home: the findings, claims and name cards of a draft
//! are the same whichever backend answers (in memory, the persisted index
//! just built, the persisted index opened again). The project's own example
//! corpus always runs; every labelled set of `../shared/eval` runs when
//! `../shared` is beside the checkout. A backend joins by adding itself to
//! [`backends`].
//!
//! Also here: a damaged index (truncated, bytes flipped, another format
//! version) is noticed and rebuilt without changing a finding, and an
//! update re-reads only what changed.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use factcheck::corpus::archive::ClaimDigest;
use factcheck::engine::{DraftOptions, Engine, Store};
use serde_json::{json, Value};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn quiet(_: usize, _: usize) {}

/// Opens `corpus` from `store`, collecting what it says.
fn open(corpus: &[PathBuf], store: &Store) -> (Engine, Vec<String>) {
    let said = Mutex::new(Vec::new());
    let engine = Engine::open(corpus, store, Default::default(), &quiet, &|s| {
        said.lock().unwrap().push(s)
    })
    .unwrap_or_else(|e| panic!("opening {store:?}: {e}"));
    (engine, said.into_inner().unwrap())
}

/// Every backend over one corpus, by name. `scratch` is theirs to use.
fn backends(corpus: &[PathBuf], scratch: &Path) -> Vec<(String, Engine)> {
    let dir = scratch.join("index");
    let (built, _) = open(corpus, &Store::Disk(dir.clone()));
    let (reopened, said) = open(corpus, &Store::Disk(dir));
    assert!(said.is_empty(), "a fresh index opens silently: {said:?}");
    vec![
        ("disk (built)".into(), built),
        ("disk (reopened)".into(), reopened),
    ]
}

/// Everything a front end shows for a draft: findings with evidence, the
/// claims, and the card and mentions of every name it mentions.
fn outcome(engine: &Engine, draft: &Path) -> Value {
    let text = std::fs::read_to_string(draft).unwrap();
    let options = DraftOptions {
        path: Some(draft.to_path_buf()),
        ..Default::default()
    };
    let report = engine.check(&text, &options);
    let mut names: Vec<(String, factcheck::extract::NameKind)> = Vec::new();
    for p in &report.extraction.persons {
        names.push((p.mention.name.clone(), factcheck::extract::NameKind::Person));
    }
    for e in &report.extraction.entities {
        names.push((e.mention.name.clone(), e.mention.kind));
    }
    names.sort();
    names.dedup();
    let cards: Vec<Value> = names
        .iter()
        .map(|(name, kind)| {
            json!({
                "card": engine.describe(name, *kind, &options),
                "mentions": engine.mentions(name, &options),
                "introduction": engine.introduction(name, &options),
            })
        })
        .collect();
    json!({
        "findings": report.findings,
        "claims": report.claims,
        "cards": cards,
    })
}

/// Checks that every backend gives the in-memory outcome for every draft.
fn assert_parity(corpus: &[PathBuf], drafts: &[PathBuf]) {
    let scratch = tempfile::tempdir().unwrap();
    let (memory, _) = open(corpus, &Store::Memory);
    let expected: Vec<Value> = drafts.iter().map(|d| outcome(&memory, d)).collect();
    assert!(
        expected
            .iter()
            .any(|v| !v["findings"].as_array().unwrap().is_empty()),
        "the drafts must give findings for the comparison to mean something"
    );
    for (name, engine) in backends(corpus, scratch.path()) {
        assert_eq!(
            engine.archive().article_count(),
            memory.archive().article_count(),
            "{name}: article count"
        );
        assert_eq!(
            engine
                .archive()
                .load_errors()
                .iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>(),
            memory
                .archive()
                .load_errors()
                .iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>(),
            "{name}: load errors"
        );
        for (draft, want) in drafts.iter().zip(&expected) {
            let got = outcome(&engine, draft);
            assert!(
                got == *want,
                "{name} differs from memory on {}:\n got {}\nwant {}",
                draft.display(),
                serde_json::to_string(&got).unwrap(),
                serde_json::to_string(want).unwrap()
            );
            assert_eq!(engine.archive().failure(), None, "{name}");
        }
    }
}

#[test]
fn own_fixtures_give_the_same_findings_from_every_backend() {
    let corpus = vec![root().join("examples/corpus")];
    let drafts = vec![
        root().join("examples/draft.md"),
        root().join("tests/fixtures/eval/campaign-en.md"),
        root().join("tests/fixtures/eval/sicherheit-de.md"),
        // A corpus file checked as a draft is not checked against itself.
        root().join("examples/corpus/2024-11-04-nordkorea.md"),
    ];
    assert_parity(&corpus, &drafts);
}

/// The persisted index keeps a digest of every figure and date claim apart
/// from the claim (for the checks to pass over most of a common unit's or
/// name's claims unread): each must say what the claim says, and other
/// claims (roles) have none.
#[test]
fn digests_of_the_index_are_those_of_its_claims() {
    let scratch = tempfile::tempdir().unwrap();
    let corpus = scratch.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    std::fs::write(
        corpus.join("werke.md"),
        "Die Stadtwerke Lindau eröffneten am 3. März 2021 ein Wasserwerk.\n\n\
         Bürgermeisterin Anna Keller weihte am 14. Mai 2022 die neue Fähre ein.\n\n\
         Im Juni 2023 kamen 4.500 Gäste zum Hafenfest, am 2. Juli 2023 noch einmal 800.\n",
    )
    .unwrap();
    std::fs::write(
        corpus.join("library.md"),
        "The Harbour Library reopened on 12 January 2024 after a refit costing £2m.\n\n\
         Its director, Tom Reyes, said on 5 February that 9,000 people had visited.\n",
    )
    .unwrap();
    let corpus = vec![corpus];
    let (engine, _) = open(&corpus, &Store::Disk(scratch.path().join("index")));
    let archive = engine.archive();
    let ids: Vec<u32> = (0..).take_while(|&i| archive.claim(i).is_some()).collect();
    let expected: Vec<_> = ids
        .iter()
        .filter_map(|&i| {
            Some((
                i,
                std::sync::Arc::new(ClaimDigest::of(&*archive.claim(i)?)?),
            ))
        })
        .collect();
    let dates = expected.iter().filter(|(_, d)| d.date.is_some()).count();
    assert!(dates >= 4, "the corpus has dates: {dates}");
    assert!(expected.len() >= dates + 3, "and figures: {expected:?}");
    assert!(expected.len() < ids.len(), "and roles");
    // Asked in another order, with an unknown id among them.
    let mut asked: Vec<u32> = ids.iter().rev().copied().collect();
    asked.push(ids.len() as u32 + 5);
    let mut answered = archive.claim_digests(&asked);
    answered.reverse();
    assert_eq!(answered, expected);
    // Again, from the archive's cache.
    let mut again = archive.claim_digests(&asked);
    again.reverse();
    assert_eq!(again, expected);
    assert!(archive.failure().is_none());
}

#[test]
fn labelled_sets_give_the_same_findings_from_every_backend() {
    let shared = root().join("../shared");
    if !shared.join("eval").is_dir() {
        eprintln!("skipped: ../shared/eval is absent");
        return;
    }
    let eval = shared.join("eval");
    let sets: [(&str, Vec<PathBuf>); 3] = [
        ("seeds", vec![eval.join("seeds-dev.md")]),
        (
            "bbc",
            vec![
                eval.join("bbc-dev.md"),
                eval.join("paraphrase-en/a.md"),
                eval.join("paraphrase-en/b.md"),
            ],
        ),
        (
            "derstandard",
            vec![
                eval.join("paraphrase-de/a.md"),
                eval.join("paraphrase-de/b.md"),
            ],
        ),
    ];
    for (corpus, drafts) in sets {
        assert_parity(&[shared.join("corpus").join(corpus)], &drafts);
    }
}

/// A corpus of our own in a scratch directory (copied from the examples).
fn scratch_corpus(dir: &Path) -> PathBuf {
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    for e in std::fs::read_dir(root().join("examples/corpus")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, corpus.join(p.file_name().unwrap())).unwrap();
    }
    corpus
}

/// The draft's findings as JSON, checking again after a rebuild when the
/// archive met a damaged record (what the command line does).
fn findings_with_repair(engine: Engine, corpus: &[PathBuf], draft: &Path) -> (Value, bool) {
    let text = std::fs::read_to_string(draft).unwrap();
    let options = DraftOptions {
        path: Some(draft.to_path_buf()),
        ..Default::default()
    };
    let report = engine.check(&text, &options);
    if engine.archive().failure().is_some() {
        let repaired = engine.repair(corpus, &quiet).unwrap();
        let report = repaired.check(&text, &options);
        assert_eq!(repaired.archive().failure(), None);
        return (json!(report.findings), true);
    }
    (json!(report.findings), false)
}

fn tables_file(index: &Path) -> PathBuf {
    std::fs::read_dir(index)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("tables-")
        })
        .expect("a tables file")
}

#[test]
fn a_damaged_index_is_noticed_and_rebuilt_without_changing_a_finding() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = vec![scratch_corpus(dir.path())];
    let draft = root().join("examples/draft.md");
    let (memory, _) = open(&corpus, &Store::Memory);
    let (want, _) = findings_with_repair(memory, &corpus, &draft);
    assert!(!want.as_array().unwrap().is_empty());
    let index = dir.path().join("index");
    let store = Store::Disk(index.clone());
    open(&corpus, &store);

    // Truncated: noticed at open, rebuilt.
    let tables = tables_file(&index);
    let bytes = std::fs::read(&tables).unwrap();
    std::fs::write(&tables, &bytes[..bytes.len() / 2]).unwrap();
    let (engine, said) = open(&corpus, &store);
    assert!(
        said.iter()
            .any(|s| s.contains("unusable") && s.contains("rebuilding")),
        "{said:?}"
    );
    assert_eq!(findings_with_repair(engine, &corpus, &draft).0, want);

    // Another format version: noticed at open, rebuilt.
    let manifest = index.join("manifest");
    let mut bytes = std::fs::read(&manifest).unwrap();
    bytes[8] = bytes[8].wrapping_add(1);
    std::fs::write(&manifest, &bytes).unwrap();
    let (engine, said) = open(&corpus, &store);
    assert!(
        said.iter().any(|s| s.contains("format version")),
        "{said:?}"
    );
    assert_eq!(findings_with_repair(engine, &corpus, &draft).0, want);

    // A byte flipped anywhere in the tables file: noticed at open or when
    // the record is read, and never a different finding.
    let tables = tables_file(&index);
    let pristine = std::fs::read(&tables).unwrap();
    let mut repaired = 0;
    for i in 0..24 {
        let at = pristine.len() * i / 24 + 7;
        let mut bytes = pristine.clone();
        bytes[at] ^= 0x5a;
        let tables = tables_file(&index);
        std::fs::write(&tables, &bytes).unwrap();
        let (engine, said) = open(&corpus, &store);
        let (got, rebuilt) = findings_with_repair(engine, &corpus, &draft);
        assert_eq!(got, want, "byte {at} flipped");
        repaired += usize::from(rebuilt || !said.is_empty());
        // Back to a sound index for the next round.
        open(&corpus, &Store::Disk(index.clone()));
        let tables = tables_file(&index);
        std::fs::write(&tables, &pristine).unwrap();
    }
    assert!(repaired > 0, "some flipped bytes must have been noticed");
}

#[test]
fn an_update_rereads_only_what_changed_and_follows_removals() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = vec![scratch_corpus(dir.path())];
    let index = dir.path().join("index");
    let first = factcheck::corpus::disk::update(&index, &corpus, false, &quiet).unwrap();
    assert_eq!((first.articles, first.extracted), (5, 5));
    let again = factcheck::corpus::disk::update(&index, &corpus, false, &quiet).unwrap();
    assert!(again.fresh, "{again:?}");

    // One article changes its figure; a new one arrives; one leaves.
    let g7 = corpus[0].join("2024-11-08-g7.md");
    let text = std::fs::read_to_string(&g7).unwrap();
    let changed = text.replacen("Milliarden", "Millionen", 1);
    assert_ne!(text, changed);
    std::fs::write(&g7, changed).unwrap();
    std::fs::write(
        corpus[0].join("2024-12-01-neu.md"),
        "---\ndate: 2024-12-01\n---\nDie Stadt Graz meldete am Montag 412 neue Wohnungen.\n",
    )
    .unwrap();
    std::fs::remove_file(corpus[0].join("2005-02-10-uk-politics.md")).unwrap();
    let said = Mutex::new(Vec::new());
    let engine = Engine::open(
        &corpus,
        &Store::Disk(index.clone()),
        Default::default(),
        &quiet,
        &|s| said.lock().unwrap().push(s),
    )
    .unwrap();
    let said = said.into_inner().unwrap();
    assert!(said.iter().any(|s| s.contains("stale")), "{said:?}");
    assert!(
        said.iter()
            .any(|s| s.contains("2 files read, 2 articles extracted, 1 files removed")),
        "{said:?}"
    );
    assert_eq!(engine.archive().article_count(), 5);
    // Only the live segments and tables stay.
    let files: Vec<String> = std::fs::read_dir(&index)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    assert_eq!(files.iter().filter(|f| f.starts_with("tables-")).count(), 1);
    let (memory, _) = open(&corpus, &Store::Memory);
    for draft in [
        root().join("examples/draft.md"),
        root().join("tests/fixtures/eval/sicherheit-de.md"),
    ] {
        assert_eq!(outcome(&engine, &draft), outcome(&memory, &draft));
    }
}

#[test]
fn two_processes_updating_at_once_leave_a_sound_index() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = vec![scratch_corpus(dir.path())];
    let index = dir.path().join("index");
    std::thread::scope(|s| {
        let a = s.spawn(|| factcheck::corpus::disk::update(&index, &corpus, false, &quiet));
        let b = s.spawn(|| factcheck::corpus::disk::update(&index, &corpus, true, &quiet));
        a.join().unwrap().unwrap();
        b.join().unwrap().unwrap();
    });
    let (engine, said) = open(&corpus, &Store::Disk(index));
    assert!(said.is_empty(), "{said:?}");
    let (memory, _) = open(&corpus, &Store::Memory);
    let draft = root().join("examples/draft.md");
    assert_eq!(outcome(&engine, &draft), outcome(&memory, &draft));
}
