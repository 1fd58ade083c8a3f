//! Time-aware checking through the command line: the draft's date (front
//! matter, `--as-of`), `outdated-role` from role timelines, fixes that never
//! name a holder from after the draft's date, years of dates written without
//! one, `weekday-mismatch` and `internal-mismatch`. The project's own dated
//! fixtures (tests/fixtures/time) always run; `../shared/corpus/seeds-dated`
//! is used when present.

mod cli_support;

use std::path::{Path, PathBuf};

use cli_support::{check_findings, factcheck, stderr};
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixtures(lang: &str) -> PathBuf {
    root().join("tests/fixtures/time").join(lang)
}

/// Checks `draft` (written to a temporary file) against `corpus`; returns
/// the findings as (code, severity, flagged text, fix).
fn check(
    corpus: &Path,
    draft: &str,
    extra: &[&str],
) -> Vec<(String, String, String, Option<String>)> {
    check_with_messages(corpus, draft, extra)
        .into_iter()
        .map(|(code, severity, text, fix, _)| (code, severity, text, fix))
        .collect()
}

/// Like [`check`], with each finding's message last.
fn check_with_messages(
    corpus: &Path,
    draft: &str,
    extra: &[&str],
) -> Vec<(String, String, String, Option<String>, String)> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("draft.md");
    std::fs::write(&path, draft).unwrap();
    let findings = check_findings(corpus, Path::new("draft.md"), extra, dir.path());
    let lines: Vec<&str> = draft.lines().collect();
    findings
        .iter()
        .map(|f| {
            let (s, e) = (&f["range"]["start"], &f["range"]["end"]);
            let line = lines[s["line"].as_u64().unwrap() as usize - 1];
            let text: String = line
                .chars()
                .skip(s["column"].as_u64().unwrap() as usize - 1)
                .take((e["column"].as_u64().unwrap() - s["column"].as_u64().unwrap()) as usize)
                .collect();
            (
                f["code"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
                text,
                f["fix"].as_str().map(str::to_string),
                f["message"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

fn codes_on(found: &[(String, String, String, Option<String>)], piece: &str) -> Vec<String> {
    found
        .iter()
        .filter(|f| f.2.contains(piece))
        .map(|f| f.0.clone())
        .collect()
}

/// Short notes on other matters, so that a test article's words are rare in
/// its archive.
const FILLER_NOTES: &[(&str, &str)] = &[
    ("school.md", "The county school board said the new science wing would open after the summer holidays."),
    ("bridge.md", "Engineers closed the old river bridge for repairs, the county council said on its website."),
];

/// Writes each (file name, sentence) into `dir` as a one-sentence note.
fn write_notes(dir: &Path, notes: &[(&str, &str)]) {
    for (name, text) in notes {
        std::fs::write(dir.join(name), format!("# Note\n\n{text}\n")).unwrap();
    }
}

fn dated(date: &str, lang: &str, body: &str) -> String {
    format!("---\ndate: {date}\nlang: {lang}\n---\n# Entwurf\n\n{body}\n")
}

#[test]
fn a_holder_replaced_before_the_draft_date_is_outdated() {
    let body = "Bürgermeister Markus Huber besuchte die Baustelle am Hafen.";
    let late = check(&fixtures("de"), &dated("2024-12-02", "de", body), &[]);
    let outdated: Vec<_> = late.iter().filter(|f| f.0 == "outdated-role").collect();
    assert_eq!(outdated.len(), 1, "{late:?}");
    assert_eq!(outdated[0].1, "warning");
    assert_eq!(outdated[0].3.as_deref(), Some("Anna Berger"));
    // Before the newer holder's first evidence the archive knows no successor.
    let early = check(&fixtures("de"), &dated("2023-06-15", "de", body), &[]);
    assert!(codes_on(&early, "Huber").is_empty(), "{early:?}");
}

#[test]
fn the_draft_marking_the_past_is_silent() {
    for body in [
        "Der damalige Bürgermeister Markus Huber gab den Hafen frei.",
        "Damals gab Bürgermeister Markus Huber den Hafen frei.",
        "Im März 2022 gab Bürgermeister Markus Huber den Hafen frei.",
        "Ex-Bürgermeister Markus Huber kam zur Feier.",
    ] {
        let found = check(&fixtures("de"), &dated("2024-12-02", "de", body), &[]);
        assert!(codes_on(&found, "Huber").is_empty(), "{body}: {found:?}");
    }
}

#[test]
fn former_holders_and_dates_before_the_change_are_silent() {
    for body in [
        "Der ehemalige Bürgermeister Markus Huber kam zur Feier.",
        "Bürgermeister Markus Huber leitete die Stadt bis 2024.",
    ] {
        let found = check(&fixtures("de"), &dated("2024-12-02", "de", body), &[]);
        assert!(codes_on(&found, "Huber").is_empty(), "{body}: {found:?}");
    }
    for body in [
        "Former Mayor Daniel Brooks cut the ribbon.",
        "The then-Mayor Daniel Brooks cut the ribbon.",
        "Mayor Daniel Brooks ran the town until 2023.",
    ] {
        let found = check(&fixtures("en"), &dated("2025-01-20", "en", body), &[]);
        assert!(codes_on(&found, "Brooks").is_empty(), "{body}: {found:?}");
    }
    // The same person without a mark of the past is flagged.
    let found = check(
        &fixtures("en"),
        &dated("2025-01-20", "en", "Mayor Daniel Brooks cut the ribbon."),
        &[],
    );
    assert_eq!(
        codes_on(&found, "Brooks"),
        vec!["outdated-role"],
        "{found:?}"
    );
}

#[test]
fn an_undated_archive_gives_no_outdated_roles() {
    // The project's dated fixtures with their dates taken out.
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(fixtures("de")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let undated: String = text
            .lines()
            .filter(|l| !l.starts_with("date:"))
            .map(|l| format!("{l}\n"))
            .collect();
        std::fs::write(dir.path().join(path.file_name().unwrap()), undated).unwrap();
    }
    let body = "Bürgermeister Markus Huber besuchte die Baustelle am Hafen.";
    let found = check(dir.path(), &dated("2024-12-02", "de", body), &[]);
    assert!(found.iter().all(|f| f.0 != "outdated-role"), "{found:?}");
}

#[test]
fn relative_words_are_shown_with_their_date_and_never_offered_as_fixes() {
    // The archive (dated 2024-10-15) says the ferry came `gestern`: 14 October.
    let draft = dated(
        "2024-11-12",
        "de",
        "Die neue Fähre Möwe legte am 16. Oktober zum ersten Mal am Kai von Seewalde an.",
    );
    let found = check_with_messages(&fixtures("de"), &draft, &[]);
    let dm: Vec<_> = found.iter().filter(|f| f.0 == "date-mismatch").collect();
    assert_eq!(dm.len(), 1, "{found:?}");
    assert_eq!(dm[0].3.as_deref(), Some("14. Oktober 2024"), "{found:?}");
    assert!(
        dm[0].4.contains("„gestern“ (14. Oktober 2024)"),
        "{}",
        dm[0].4
    );
    // A relative word in the draft is shown with its date too.
    let draft = dated(
        "2024-10-19",
        "de",
        "Die neue Fähre Möwe legte gestern zum ersten Mal am Kai von Seewalde an.",
    );
    let found = check_with_messages(&fixtures("de"), &draft, &[]);
    let dm: Vec<_> = found.iter().filter(|f| f.0 == "date-mismatch").collect();
    assert_eq!(dm.len(), 1, "{found:?}");
    assert!(
        dm[0].4.contains("„gestern“ (18. Oktober 2024)"),
        "{}",
        dm[0].4
    );
    assert_eq!(dm[0].3.as_deref(), Some("14. Oktober 2024"));
    // Dated the day after, the draft's `gestern` is the archive's day.
    let draft = dated(
        "2024-10-15",
        "de",
        "Die neue Fähre Möwe legte gestern zum ersten Mal am Kai von Seewalde an.",
    );
    let found = check(&fixtures("de"), &draft, &[]);
    assert!(found.iter().all(|f| f.0 != "date-mismatch"), "{found:?}");
}

/// The end of a span of days (`from 3 to 6 March`) is compared with the
/// end of the archive's span from the same first day; days told as a list
/// (`5 and 6 March`) and a span from another first day stay silent.
#[test]
fn the_end_of_a_span_of_days_meets_the_end_of_the_same_span() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("fair.md"),
        "# Fair\n\nThe Harlow Bay boat fair, the oldest of its kind on the coast, runs from 3 to 6 March at the old dockyard.\n",
    )
    .unwrap();
    write_notes(dir.path(), FILLER_NOTES);
    let span_end = |draft: &str| -> Vec<(String, Option<String>)> {
        let draft = format!("# Draft\n\n{draft}\n");
        check(dir.path(), &draft, &["--lang", "en"])
            .into_iter()
            .filter(|f| f.0 == "date-mismatch")
            .map(|f| (f.2, f.3))
            .collect()
    };
    let found = span_end(
        "The Harlow Bay boat fair, the oldest of its kind on the coast, runs from 3 to 8 March at the old dockyard.",
    );
    assert_eq!(
        found,
        vec![("8 March".to_string(), Some("6 March".to_string()))]
    );
    let found = span_end(
        "The Harlow Bay boat fair, the oldest of its kind on the coast, is open on 5 and 8 March at the old dockyard.",
    );
    assert!(found.is_empty(), "{found:?}");
    let found = span_end(
        "The Harlow Bay boat fair, the oldest of its kind on the coast, runs from 4 to 8 March at the old dockyard.",
    );
    assert!(found.is_empty(), "{found:?}");
}

/// A value right before the date (`at the age of 91 on 2 May 2019`) leaves
/// no word next to it; a sentence told in nearly the same words is still the
/// archive's event.
#[test]
fn a_nearly_identical_sentence_needs_no_word_next_to_the_date() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("obituary.md"),
        "# Obituary\n\nThe stage designer Ada Pellow, a founder of the Harlow Bay puppet theatre, died in Lisbon at the age of 91 on 2 May 2019.\n",
    )
    .unwrap();
    write_notes(dir.path(), FILLER_NOTES);
    let draft = "# Draft\n\nThe stage designer Ada Pellow, a founder of the Harlow Bay puppet theatre, died in Lisbon at the age of 91 on 2 June 2019.\n";
    let found = check(dir.path(), draft, &["--lang", "en"]);
    let dm: Vec<_> = found.iter().filter(|f| f.0 == "date-mismatch").collect();
    assert_eq!(dm.len(), 1, "{found:?}");
    assert_eq!(dm[0].2, "2 June 2019");
    assert_eq!(dm[0].3.as_deref(), Some("2 May 2019"));
}

#[test]
fn a_coarser_date_beside_the_draft_date_does_not_hide_a_conflict() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("ferry.md"),
        "# Ferry\n\nThe London harbour office said the new night ferry will sail from 24 March, with tickets on sale at the quay.\n",
    )
    .unwrap();
    // Other articles, so that the ferry's words are rare in the archive.
    write_notes(dir.path(), FILLER_NOTES);
    write_notes(
        dir.path(),
        &[(
            "market.md",
            "Traders at the weekly farmers' market reported brisk sales of apples and cheese.",
        )],
    );
    // `in March` holds both 18 and 24 March: it says nothing about which
    // event the archive's 24 March belongs to.
    let draft = "# Draft\n\nNight ferry in March: the London harbour office said the new night ferry will sail from 18 March, with tickets on sale at the quay.\n";
    let found = check(dir.path(), draft, &["--lang", "en"]);
    let dm: Vec<_> = found.iter().filter(|f| f.0 == "date-mismatch").collect();
    assert_eq!(dm.len(), 1, "{found:?}");
    assert_eq!(dm[0].2, "18 March");
    assert_eq!(dm[0].3.as_deref(), Some("24 March"));
    // A sibling date that matches the archive while the draft's own does
    // not is the archive's event: the draft's date is another one.
    let draft = "# Draft\n\nOn 24 March the London harbour office said the new night ferry will sail from 18 May, with tickets on sale at the quay.\n";
    let found = check(dir.path(), draft, &["--lang", "en"]);
    assert!(found.iter().all(|f| f.0 != "date-mismatch"), "{found:?}");
}

#[test]
fn a_coarser_agreeing_date_yields_to_a_better_matched_day() {
    let dir = tempfile::tempdir().unwrap();
    // The day-precise report, told almost as the draft tells it.
    std::fs::write(
        dir.path().join("kestrel.md"),
        "# Kestrel\n\nThe London harbour office said the night ferry Kestrel will make its first crossing on 24 March 2025, with tickets sold at the quay.\n",
    )
    .unwrap();
    // A looser report of the same ferry that gives only the month: it
    // agrees with any day of March.
    std::fs::write(
        dir.path().join("council.md"),
        "# Council\n\nLondon councillors heard that the ferry Kestrel should be crossing by March 2025, and then argued about parking near the harbour.\n",
    )
    .unwrap();
    write_notes(dir.path(), FILLER_NOTES);
    write_notes(
        dir.path(),
        &[(
            "market.md",
            "Traders at the weekly farmers' market reported brisk sales of apples and cheese.",
        )],
    );
    let draft = "# Draft\n\nThe London harbour office said the night ferry Kestrel will make its first crossing on 18 March 2025, with tickets sold at the quay.\n";
    let found = check(dir.path(), draft, &["--lang", "en"]);
    let dm: Vec<_> = found.iter().filter(|f| f.0 == "date-mismatch").collect();
    assert_eq!(dm.len(), 1, "{found:?}");
    assert_eq!(dm[0].2, "18 March 2025");
    assert_eq!(dm[0].3.as_deref(), Some("24 March 2025"));
    // The draft with the archive's day agrees with both reports.
    let draft = draft.replace("18 March", "24 March");
    let found = check(dir.path(), &draft, &["--lang", "en"]);
    assert!(found.iter().all(|f| f.0 != "date-mismatch"), "{found:?}");
}

#[test]
fn the_readme_shows_the_examples_outdated_role_warning() {
    let examples = root().join("examples");
    let o = factcheck(&["check", "--fail-on", "never", "draft.md"], &examples);
    let human = String::from_utf8_lossy(&o.stdout);
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let block = readme
        .split("```text\n")
        .find(|b| b.starts_with("warning[outdated-role]"))
        .and_then(|b| b.split("```").next())
        .expect("an outdated-role example in the README");
    assert!(block.contains("Jens Stoltenberg"), "{block}");
    assert!(block.contains("Korrektur: Mark Rutte"), "{block}");
    assert!(
        human.contains(block.trim_end()),
        "README:\n{block}\noutput:\n{human}"
    );
}

#[test]
fn as_of_stands_in_for_a_missing_front_matter_date() {
    let draft = "# Notiz\n\nMayor Daniel Brooks visited the sports hall.\n";
    let late = check(
        &fixtures("en"),
        draft,
        &["--lang", "en", "--as-of", "2025-01-20"],
    );
    assert_eq!(codes_on(&late, "Brooks"), vec!["outdated-role"], "{late:?}");
    assert_eq!(late[0].3.as_deref(), Some("Laura Finch"));
    let early = check(
        &fixtures("en"),
        draft,
        &["--lang", "en", "--as-of", "2023-03-01"],
    );
    assert!(codes_on(&early, "Brooks").is_empty(), "{early:?}");
    let o = factcheck(&["check", "--as-of", "soon", "x.md"], &root());
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn role_mismatch_fixes_never_name_a_later_holder() {
    let body = "Bürgermeister Peter Lang besuchte den Hafen.";
    let early = check(&fixtures("de"), &dated("2023-02-01", "de", body), &[]);
    let rm: Vec<_> = early.iter().filter(|f| f.0 == "role-mismatch").collect();
    assert_eq!(rm.len(), 1, "{early:?}");
    assert_eq!(rm[0].3.as_deref(), Some("Markus Huber"));
    let late = check(&fixtures("de"), &dated("2024-12-01", "de", body), &[]);
    let rm: Vec<_> = late.iter().filter(|f| f.0 == "role-mismatch").collect();
    assert_eq!(rm[0].3.as_deref(), Some("Anna Berger"), "{late:?}");
}

#[test]
fn weekdays_must_fit_their_dates() {
    // 1 November 2024 was a Friday; 3 March 2025 a Monday.
    let de = dated(
        "2024-11-20",
        "de",
        "Am Donnerstag, dem 1. November 2024 trafen sich die Minister.\n\nAm Freitag, 1. November 2024 reisten sie ab.",
    );
    let found = check(&fixtures("de"), &de, &[]);
    let wd: Vec<_> = found.iter().filter(|f| f.0 == "weekday-mismatch").collect();
    assert_eq!(wd.len(), 1, "{found:?}");
    assert!(wd[0].2.starts_with("Donnerstag"));
    assert_eq!(wd[0].3.as_deref(), Some("Freitag"));
    let en = dated(
        "2025-03-10",
        "en",
        "The council met on Sunday, 3 March 2025 to vote.\n\nIt met again on Monday, March 3, 2025.",
    );
    let found = check(&fixtures("en"), &en, &[]);
    let wd: Vec<_> = found.iter().filter(|f| f.0 == "weekday-mismatch").collect();
    assert_eq!(wd.len(), 1, "{found:?}");
    assert_eq!(wd[0].3.as_deref(), Some("Monday"));
}

#[test]
fn two_values_for_one_fact_in_one_draft_conflict() {
    let draft = dated(
        "2024-11-20",
        "de",
        "Bislang haben 27 Staaten das Abkommen über den Hafenausbau unterzeichnet.\n\nDie Fähren fahren wieder.\n\nBislang haben 31 Staaten das Abkommen über den Hafenausbau unterzeichnet.",
    );
    let found = check(&fixtures("de"), &draft, &[]);
    let internal: Vec<_> = found
        .iter()
        .filter(|f| f.0 == "internal-mismatch")
        .collect();
    assert_eq!(internal.len(), 1, "{found:?}");
    assert!(internal[0].2.contains("31"), "{found:?}");
    // The same figure twice is no conflict.
    let same = dated(
        "2024-11-20",
        "de",
        "Bislang haben 27 Staaten das Abkommen über den Hafenausbau unterzeichnet.\n\nBislang haben 27 Staaten das Abkommen über den Hafenausbau unterzeichnet.",
    );
    let found = check(&fixtures("de"), &same, &[]);
    assert!(
        found.iter().all(|f| f.0 != "internal-mismatch"),
        "{found:?}"
    );
}

/// The `value`s `factcheck extract` prints for the dates of `draft`.
fn extracted_dates(draft: &str, extra: &[&str]) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("d.md"), draft).unwrap();
    let mut args = vec!["extract", "--format", "json"];
    args.extend_from_slice(extra);
    args.push("d.md");
    let o = factcheck(&args, dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    v["files"][0]["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["kind"] == "date")
        .map(|m| m["value"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn dates_without_a_year_take_the_draft_date() {
    let draft = dated(
        "2024-11-12",
        "de",
        "Am 21. Oktober lief die Fähre aus, gestern kam sie zurück.\n\nIm Dezember hatte es gestürmt.",
    );
    assert_eq!(
        extracted_dates(&draft, &[]),
        vec!["2024-10-21", "2024-11-11", "2023-12"]
    );
    let undated = "# Note\n\nThe ferry left on 21 October and will return in March.\n";
    assert_eq!(
        extracted_dates(undated, &["--lang", "en", "--as-of", "2024-11-12"]),
        vec!["2024-10-21", "2025-03"]
    );
    assert_eq!(
        extracted_dates(undated, &["--lang", "en"]),
        vec!["XXXX-10-21", "XXXX-03"]
    );
}

#[test]
fn weeks_weekdays_and_parts_of_months_resolve_in_extract() {
    // 2024-11-12 is a Tuesday in ISO week 46.
    let de = dated(
        "2024-11-12",
        "de",
        "Mitte Oktober begann der Umbau. Vergangene Woche ruhte er, am Donnerstag ging es weiter.\n\n\
         Am kommenden Dienstag wird der Kai geöffnet, nächste Woche folgt das Fest.",
    );
    assert_eq!(
        extracted_dates(&de, &[]),
        vec![
            "2024-10",
            "2024-W45",
            "2024-11-07",
            "2024-11-19",
            "2024-W47"
        ]
    );
    let en = "# Note\n\nLast Tuesday the hall closed. It reopens next Monday, and the pool will follow in mid-March.\n";
    assert_eq!(
        extracted_dates(en, &["--lang", "en", "--as-of", "2024-11-12"]),
        vec!["2024-11-05", "2024-11-18", "2025-03"]
    );
    // Without any date, relative words stay unresolved and months keep no year.
    assert_eq!(extracted_dates(en, &["--lang", "en"]), vec!["XXXX-03"]);
}

/// `../shared/corpus/seeds-dated`, when present.
fn seeds_dated() -> Option<PathBuf> {
    let p = root().join("../shared/corpus/seeds-dated");
    p.is_dir().then_some(p)
}

#[test]
fn seeds_dated_flag_outdated_holders_only_after_the_change() {
    let Some(corpus) = seeds_dated() else {
        eprintln!("skipped: ../shared/corpus/seeds-dated is absent");
        return;
    };
    let body = "NATO-Generalsekretär Jens Stoltenberg mahnte mehr Tempo an.\n\n\
                Regierungschef Fumio Kishida sagte Unterstützung zu.\n\n\
                NATO-Generalsekretär Mark Rutte reiste weiter nach Seoul.\n\n\
                Ministerpräsident Shigeru Ishiba empfing ihn.";
    let late = check(&corpus, &dated("2024-12-09", "de", body), &[]);
    assert_eq!(
        codes_on(&late, "Stoltenberg"),
        vec!["outdated-role"],
        "{late:?}"
    );
    assert_eq!(
        codes_on(&late, "Kishida"),
        vec!["outdated-role"],
        "{late:?}"
    );
    assert!(codes_on(&late, "Rutte").is_empty(), "{late:?}");
    assert!(codes_on(&late, "Ishiba").is_empty(), "{late:?}");
    let early = check(&corpus, &dated("2023-06-14", "de", body), &[]);
    assert!(early.iter().all(|f| f.0 != "outdated-role"), "{early:?}");
    // A 2023 draft is never told to use Rutte.
    let wrong =
        "Frankreichs Präsident Mark Rutte und NATO-Generalsekretär Emmanuel Macron trafen sich.";
    let found = check(&corpus, &dated("2023-06-14", "de", wrong), &[]);
    assert!(
        found.iter().all(|f| f.3.as_deref() != Some("Mark Rutte")),
        "{found:?}"
    );
}
