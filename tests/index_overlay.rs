//! A few changed articles of a large archive do not derive the index's
//! tables again: the update keeps the tables file and lists the changes in
//! an overlay beside it, and a check sees the corpus as it is now (the
//! changed article's new text, the new article, not the removed one). Once
//! the changes outgrow their share, the next update derives every table
//! again and the overlay is gone.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use factcheck::corpus::disk::manifest::ManifestFile;
use factcheck::engine::{DraftOptions, Engine, Store};
use serde_json::{json, Value};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn quiet(_: usize, _: usize) {}

/// An article about to leave the corpus.
const SURVEY: &str = "# Umfrage\n\nEine Umfrage im Auftrag der Gemeinde Wels ergab, dass 61 Prozent der Befragten den neuen Radweg befürworten.\n";

/// Places for the filler notes.
const PLACES: [&str; 10] = [
    "Feldkirch",
    "Hallein",
    "Leoben",
    "Wels",
    "Krems",
    "Lienz",
    "Zwettl",
    "Bludenz",
    "Schwaz",
    "Gmunden",
];

/// Topics for the filler notes.
const TOPICS: [&str; 5] = [
    "über den neuen Radweg am Fluss",
    "über die Öffnungszeiten der Bücherei",
    "über den Umbau des Bahnhofsplatzes",
    "über die Beleuchtung im Stadtpark",
    "über den Winterdienst auf den Güterwegen",
];

/// The example corpus, a survey and 194 short notes of our own: 200
/// articles, so that a handful of changes stays within the overlay's share.
fn corpus(dir: &Path) -> PathBuf {
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    for e in std::fs::read_dir(root().join("examples/corpus")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, corpus.join(p.file_name().unwrap())).unwrap();
    }
    std::fs::write(corpus.join("umfrage.md"), SURVEY).unwrap();
    for i in 0..194 {
        let place = PLACES[i % PLACES.len()];
        let topic = TOPICS[(i / PLACES.len()) % TOPICS.len()];
        let text = format!("# Notiz\n\nDer Gemeinderat von {place} beriet am Abend {topic}.\n");
        std::fs::write(corpus.join(format!("notiz-{i:03}.md")), text).unwrap();
    }
    corpus
}

fn open(corpus: &[PathBuf], store: &Store) -> (Engine, Vec<String>) {
    let said = Mutex::new(Vec::new());
    let engine = Engine::open(corpus, store, Default::default(), &quiet, &|s| {
        said.lock().unwrap().push(s)
    })
    .unwrap_or_else(|e| panic!("opening {store:?}: {e}"));
    (engine, said.into_inner().unwrap())
}

/// A draft's findings as a user reads them: code, severity, where, and
/// each evidence's file, line and sentence. (The similarity itself may
/// differ in its last digits: the tables' term statistics are those of
/// their derivation.)
fn findings(engine: &Engine, draft: &str) -> Vec<Value> {
    let options = DraftOptions::default();
    let report = engine.check(draft, &options);
    assert_eq!(engine.archive().failure(), None);
    let mut out: Vec<Value> = report
        .findings
        .iter()
        .map(|f| {
            let f = json!(f);
            json!({
                "code": f["code"],
                "severity": f["severity"],
                "range": f["range"],
                "message": f["message"],
                "evidence": f["evidence"],
                "fix": f["fix"],
            })
        })
        .collect();
    out.sort_by_key(|v| v.to_string());
    out
}

/// Drafts that touch the changed, the new and the removed article.
fn drafts() -> Vec<String> {
    vec![
        std::fs::read_to_string(root().join("examples/draft.md")).unwrap(),
        "# Graz\n\nDie Stadt Graz meldete am Montag 512 neue Wohnungen.\n".into(),
        "# Radweg\n\nEine Umfrage im Auftrag der Gemeinde Wels ergab, dass 71 Prozent der Befragten den neuen Radweg befürworten.\n".into(),
    ]
}

fn overlay_changes(index: &Path) -> Option<usize> {
    let m = ManifestFile::open(index).unwrap().manifest;
    m.overlay.map(|o| o.changes())
}

#[test]
fn a_few_changes_go_into_an_overlay_and_checks_see_the_corpus_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = vec![corpus(dir.path())];
    let index = dir.path().join("index");
    let store = Store::Disk(index.clone());
    let (engine, _) = open(&corpus, &store);
    assert_eq!(engine.archive().article_count(), 200);
    let before: Vec<Vec<Value>> = drafts().iter().map(|d| findings(&engine, d)).collect();
    assert!(
        before[2].iter().any(|f| f["code"] == "figure-mismatch"),
        "the survey draft conflicts with the article about to leave: {:?}",
        before[2]
    );
    drop(engine);
    assert_eq!(overlay_changes(&index), None);

    // One article changes its figure, one arrives, one leaves.
    let g7 = corpus[0].join("2024-11-08-g7.md");
    let text = std::fs::read_to_string(&g7).unwrap();
    let changed = text.replacen("Milliarden", "Millionen", 1);
    assert_ne!(text, changed);
    std::fs::write(&g7, changed).unwrap();
    std::fs::write(
        corpus[0].join("2024-12-01-graz.md"),
        "---\ndate: 2024-12-01\n---\n# Wohnbau\n\nDie Stadt Graz meldete am Montag 412 neue Wohnungen.\n",
    )
    .unwrap();
    // The corpus-wide statistics (home country, term frequencies, learned
    // names) stay those of the tables' derivation until the next one: the
    // article that leaves names no role, so here they do not move.
    std::fs::remove_file(corpus[0].join("umfrage.md")).unwrap();
    let tables_before = tables_files(&index);
    let (engine, said) = open(&corpus, &store);
    assert!(said.iter().any(|s| s.contains("stale")), "{said:?}");
    // The changed file's article leaves the tables and comes back in the
    // overlay: two changes, one for the new article, one for the removed.
    assert_eq!(overlay_changes(&index), Some(4));
    assert_eq!(
        tables_files(&index),
        tables_before,
        "the tables file is kept"
    );
    assert_eq!(engine.archive().article_count(), 200);

    let (memory, _) = open(&corpus, &Store::Memory);
    for (i, draft) in drafts().iter().enumerate() {
        let want = findings(&memory, draft);
        assert_eq!(findings(&engine, draft), want, "draft {i}");
    }
    // What each draft now meets, in so many words.
    let now: Vec<Vec<Value>> = drafts().iter().map(|d| findings(&engine, d)).collect();
    assert_ne!(now[0], before[0], "the G7 figure changed");
    assert!(
        now[1].iter().any(|f| f["code"] == "figure-mismatch"
            && f["evidence"].to_string().contains("2024-12-01-graz.md")),
        "the new article answers: {:?}",
        now[1]
    );
    assert!(
        now[2].is_empty(),
        "the removed article is gone: {:?}",
        now[2]
    );
    // The overlay's article is found by its path (a draft inside the
    // corpus is not checked against itself).
    let graz = corpus[0].join("2024-12-01-graz.md");
    assert_eq!(engine.archive().articles_at(&graz).len(), 1);
    let own = engine.check(
        &std::fs::read_to_string(&graz).unwrap(),
        &DraftOptions {
            path: Some(graz.clone()),
            ..Default::default()
        },
    );
    assert!(own.findings.is_empty(), "{:?}", own.findings);

    // Reopened, the overlay answers the same.
    drop(engine);
    let (reopened, said) = open(&corpus, &store);
    assert!(said.is_empty(), "{said:?}");
    assert_eq!(findings(&reopened, &drafts()[1]), now[1]);
    drop(reopened);

    // The overlay's readings are read from the newest segment at every
    // open, its texts when evidence is shown: a byte flipped there is
    // noticed at open or when read, the index is rebuilt, and no finding
    // changes.
    let addenda = ["Die Runde tagte erneut.", "Ein Sprecher bestätigte das."];
    for (round, addendum) in addenda.into_iter().enumerate() {
        let newest = newest_segment(&index);
        let mut bytes = std::fs::read(&newest).unwrap();
        // The middle of the segment, then its last bytes.
        let at = match round {
            0 => bytes.len() / 2,
            _ => bytes.len() - 9,
        };
        bytes[at] ^= 0x5a;
        std::fs::write(&newest, &bytes).unwrap();
        let (mut engine, said) = open(&corpus, &store);
        let mut noticed = said.iter().any(|s| s.contains("unusable"));
        for (i, draft) in drafts().iter().enumerate() {
            let report = engine.check(draft, &DraftOptions::default());
            if engine.archive().failure().is_some() {
                // What the command line does: rebuild, and check again.
                noticed = true;
                engine = engine.repair(&corpus, &quiet).unwrap();
            }
            drop(report);
            assert_eq!(findings(&engine, draft), now[i], "byte {at}, draft {i}");
        }
        assert!(noticed, "byte {at} of {}: {said:?}", newest.display());
        // Back to an index with an overlay, whose article is read from a
        // new newest segment, for the next round.
        drop(engine);
        let text = std::fs::read_to_string(&g7).unwrap();
        std::fs::write(&g7, format!("{text}\n{addendum}\n")).unwrap();
        open(&corpus, &store);
        assert_eq!(overlay_changes(&index), Some(2));
    }
}

/// The segment of the highest generation.
fn newest_segment(index: &Path) -> PathBuf {
    std::fs::read_dir(index)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "fcs"))
        .max_by_key(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().to_string();
            name.trim_start_matches("seg-").parse::<u64>().unwrap()
        })
        .expect("a segment")
}

#[test]
fn changes_beyond_the_overlays_share_derive_every_table_again() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = vec![corpus(dir.path())];
    let index = dir.path().join("index");
    let update = || factcheck::corpus::disk::update(&index, &corpus, false, &quiet).unwrap();
    update();
    let first = tables_files(&index);
    // Two per cent of 200 articles: two changed files are four changes.
    for i in 0..2 {
        let p = corpus[0].join(format!("notiz-{i:03}.md"));
        std::fs::write(&p, "# Notiz\n\nDer Gemeinderat tagte nicht.\n").unwrap();
    }
    let report = update();
    assert_eq!((report.files_read, report.extracted), (2, 1));
    assert_eq!(overlay_changes(&index), Some(4));
    assert_eq!(tables_files(&index), first);
    // A third changed file: six changes are too many.
    let p = corpus[0].join("notiz-002.md");
    std::fs::write(&p, "# Notiz\n\nDer Gemeinderat tagte erst im Mai.\n").unwrap();
    let report = update();
    assert_eq!((report.files_read, report.extracted), (1, 1));
    assert_eq!(overlay_changes(&index), None);
    let derived = tables_files(&index);
    assert_eq!(derived.len(), 1);
    assert_ne!(derived, first, "new tables were derived");
    // Derived again, the index answers as a fresh one does.
    let (engine, _) = open(&corpus, &Store::Disk(index.clone()));
    let (memory, _) = open(&corpus, &Store::Memory);
    assert_eq!(engine.archive().article_count(), 200);
    for draft in drafts() {
        assert_eq!(findings(&engine, &draft), findings(&memory, &draft));
    }
}

fn tables_files(index: &Path) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(index)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|f| f.starts_with("tables-"))
        .collect();
    out.sort();
    out
}

#[test]
fn many_small_updates_keep_the_segments_few() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    for e in std::fs::read_dir(root().join("examples/corpus")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, corpus.join(p.file_name().unwrap())).unwrap();
    }
    let corpus = vec![corpus];
    let index = dir.path().join("index");
    let segments = || segment_count(&index);
    let limit = factcheck::corpus::disk::segment::MAX_SEGMENTS;
    factcheck::corpus::disk::update(&index, &corpus, false, &quiet).unwrap();
    let mut most = 0;
    // Each update brings one new note: one new segment, until they merge.
    for i in 0..limit + 8 {
        let place = PLACES[i % PLACES.len()];
        let text = format!(
            "# Notiz {i}\n\nDer Gemeinderat von {place} tagte zum {}. Mal.\n",
            i + 1
        );
        std::fs::write(corpus[0].join(format!("notiz-{i:03}.md")), text).unwrap();
        let report = factcheck::corpus::disk::update(&index, &corpus, false, &quiet).unwrap();
        assert_eq!(report.extracted, 1, "{report:?}");
        most = most.max(segments());
    }
    assert!(most > limit / 2, "the segments did grow: {most}");
    assert!(segments() <= limit, "{} segments", segments());
    let (engine, said) = open(&corpus, &Store::Disk(index.clone()));
    assert!(said.is_empty(), "{said:?}");
    let (memory, _) = open(&corpus, &Store::Memory);
    assert_eq!(engine.archive().article_count(), 5 + limit + 8);
    for draft in drafts() {
        assert_eq!(findings(&engine, &draft), findings(&memory, &draft));
    }
}

#[test]
fn an_overlay_keeps_its_segments_few() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = vec![corpus(dir.path())];
    let index = dir.path().join("index");
    let update = || factcheck::corpus::disk::update(&index, &corpus, false, &quiet).unwrap();
    update();
    let tables = tables_files(&index);
    let limit = factcheck::corpus::disk::segment::MAX_OVERLAY_SEGMENTS;
    let note = corpus[0].join("notiz-000.md");
    let mut most = 0;
    // One note rewritten again and again: two changes each time, a new
    // segment each time, until the overlay's segments are copied into one.
    for i in 0..limit + 4 {
        let text = format!(
            "# Notiz\n\nDer Gemeinderat von Feldkirch tagte zum {}. Mal.\n",
            i + 1
        );
        std::fs::write(&note, text).unwrap();
        let report = update();
        assert_eq!(
            (report.extracted, report.overlay),
            (1, Some(2)),
            "{report:?}"
        );
        most = most.max(segment_count(&index));
    }
    assert_eq!(tables_files(&index), tables, "the tables file is kept");
    assert_eq!(most, 1 + limit, "the segments grew to the limit");
    assert!(segment_count(&index) <= 1 + limit);
    let (engine, said) = open(&corpus, &Store::Disk(index.clone()));
    assert!(said.is_empty(), "{said:?}");
    let (memory, _) = open(&corpus, &Store::Memory);
    let draft = "# Feldkirch\n\nDer Gemeinderat von Feldkirch tagte zum 3. Mal.\n";
    assert_eq!(findings(&engine, draft), findings(&memory, draft));
    for draft in drafts() {
        assert_eq!(findings(&engine, &draft), findings(&memory, &draft));
    }
    let text = engine.archive().articles_at(&note);
    assert_eq!(text.len(), 1);
    let body = engine.archive().article_text(text[0]).unwrap();
    assert!(body.contains(&format!("zum {}. Mal", limit + 4)), "{body}");
}

fn segment_count(index: &Path) -> usize {
    std::fs::read_dir(index)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "fcs")
        })
        .count()
}

#[test]
fn derive_takes_the_overlay_in() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = vec![corpus(dir.path())];
    let index = dir.path().join("index");
    let run =
        |mode| factcheck::corpus::disk::update_from(&index, &corpus, None, mode, &quiet).unwrap();
    use factcheck::corpus::disk::Mode;
    run(Mode::Update);
    std::fs::write(
        corpus[0].join("2024-12-01-graz.md"),
        "# Wohnbau\n\nDie Stadt Graz meldete am Montag 412 neue Wohnungen.\n",
    )
    .unwrap();
    run(Mode::Update);
    assert_eq!(overlay_changes(&index), Some(1));
    let kept = tables_files(&index);
    let report = run(Mode::Derive);
    assert_eq!((report.files_read, report.extracted), (0, 0), "{report:?}");
    assert_eq!(overlay_changes(&index), None);
    assert_ne!(tables_files(&index), kept, "every table was derived again");
    assert!(run(Mode::Derive).fresh, "derived, the index is current");
    let (engine, _) = open(&corpus, &Store::Disk(index.clone()));
    let (memory, _) = open(&corpus, &Store::Memory);
    for draft in drafts() {
        assert_eq!(findings(&engine, &draft), findings(&memory, &draft));
    }
}

#[test]
fn a_touched_file_or_an_appended_line_changes_only_what_changed() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = vec![corpus(dir.path())];
    // A JSONL export of 60 more notes, one per line.
    let export = corpus[0].join("export.jsonl");
    let line = |i: usize| {
        let place = PLACES[i % PLACES.len()];
        format!("{{\"title\":\"Notiz {i}\",\"text\":\"Der Gemeinderat von {place} tagte am Abend zum {}. Mal.\"}}\n", i + 1)
    };
    std::fs::write(&export, (0..60).map(line).collect::<String>()).unwrap();
    let index = dir.path().join("index");
    let update = || factcheck::corpus::disk::update(&index, &corpus, false, &quiet).unwrap();
    assert_eq!(update().articles, 260);
    // Saved again unchanged: read again, but every article is what it was.
    let note = corpus[0].join("notiz-004.md");
    std::fs::write(&note, std::fs::read(&note).unwrap()).unwrap();
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(5);
    std::fs::File::options()
        .write(true)
        .open(&note)
        .unwrap()
        .set_modified(later)
        .unwrap();
    let report = update();
    assert_eq!((report.files_read, report.extracted), (1, 0), "{report:?}");
    assert_eq!(report.overlay, Some(0));
    // Two lines appended to the export: two articles added, none removed.
    let mut text = std::fs::read_to_string(&export).unwrap();
    text.push_str(&line(60));
    text.push_str(&line(61));
    std::fs::write(&export, text).unwrap();
    let report = update();
    assert_eq!((report.files_read, report.extracted), (1, 2), "{report:?}");
    assert_eq!(report.overlay, Some(2));
    let (engine, said) = open(&corpus, &Store::Disk(index.clone()));
    assert!(said.is_empty(), "{said:?}");
    assert_eq!(engine.archive().article_count(), 262);
    assert_eq!(engine.archive().articles_at(&export).len(), 62);
    let (memory, _) = open(&corpus, &Store::Memory);
    let draft = "# Notiz\n\nDer Gemeinderat von Lienz tagte am Abend zum 62. Mal.\n";
    assert_eq!(findings(&engine, draft), findings(&memory, draft));
    for draft in drafts() {
        assert_eq!(findings(&engine, &draft), findings(&memory, &draft));
    }
}
