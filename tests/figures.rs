//! Figure checks through the command line against a small fixture archive
//! (tests/fixtures/figures/corpus): which archive value a draft value is
//! compared with when a sentence states several values of one unit, and
//! which of a vague and a precise archive figure decides.

mod cli_support;

use std::path::{Path, PathBuf};

use cli_support::check_findings;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/figures/corpus")
}

/// The figure findings of `body` (written to a temporary draft) as
/// (severity, message).
fn figure_findings(body: &str) -> Vec<(String, String)> {
    let dir = tempfile::tempdir().unwrap();
    let draft = format!("---\nlang: en\ndate: 2024-07-01\n---\n{body}\n");
    std::fs::write(dir.path().join("draft.md"), draft).unwrap();
    check_findings(&corpus(), &dir.path().join("draft.md"), &[], dir.path())
        .iter()
        .filter(|f| f["code"] == "figure-mismatch")
        .map(|f| {
            (
                f["severity"].as_str().unwrap().to_string(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The archive gives two waiting targets in one sentence (12 weeks here,
/// four weeks there); a draft that agrees on the first and states another
/// target of its own is not contradicted by the archive's second value.
#[test]
fn a_second_value_of_another_fact_is_not_contradicted() {
    let found = figure_findings(
        "Health minister Ann Lowe said no patient in Northshire would wait longer than \
         12 weeks for a hospital appointment, against a current target of 20 weeks.",
    );
    assert!(found.is_empty(), "{found:?}");
}

/// The same two-value sentence told with the same words next to each value:
/// the changed second value conflicts.
#[test]
fn a_changed_value_with_the_same_neighbouring_words_conflicts() {
    let found = figure_findings(
        "The health board said the waiting target for a hospital appointment is 12 weeks \
         for patients in Northshire, but just six weeks in Southshire.",
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "warning");
    assert!(
        found[0].1.contains("six weeks") && found[0].1.contains("four weeks"),
        "{found:?}"
    );
}

/// One archive article gives a vague figure (`Thousands of soldiers`), a
/// later one a precise range for the same deployment. The vague figure
/// agrees with almost any number; it must not silence the precise evidence
/// that the draft's figure falls far outside.
#[test]
fn a_vague_figure_does_not_shield_a_precise_one() {
    let found = figure_findings(
        "According to the Eastland defence ministry, 45,000 soldiers have been deployed \
         to the northern frontier of Eastland.",
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "warning");
    assert!(found[0].1.contains("10,000"), "{found:?}");
}

/// A figure inside the precise range agrees with both articles.
#[test]
fn a_figure_within_the_precise_range_is_not_flagged() {
    let found = figure_findings(
        "According to the Eastland defence ministry, 11,000 soldiers have been deployed \
         to the northern frontier of Eastland.",
    );
    assert!(found.is_empty(), "{found:?}");
}

/// Two match reports that give different calendar days are different
/// events: another day's attendance does not contradict the archive's.
/// The same report on the archive's day does.
#[test]
fn reports_of_different_days_are_different_events() {
    let other_day = figure_findings(
        "(Sports desk, 22 June 2024) Eastport Rovers – Westholm United 0:0, Harbour Park, \
         9,800 spectators, referee Dana Pike.",
    );
    assert!(other_day.is_empty(), "{other_day:?}");
    let same_day = figure_findings(
        "(Sports desk, 8 June 2024) Eastport Rovers – Westholm United 2:1, Harbour Park, \
         9,800 spectators, referee Dana Pike.",
    );
    assert_eq!(same_day.len(), 1, "{same_day:?}");
    assert!(same_day[0].1.contains("11,400"), "{same_day:?}");
}

/// The day a figure was reported on (`its curator said on Monday`) is not
/// the figure's time: a draft that reports it on another day still
/// conflicts with the archive.
#[test]
fn the_day_of_a_report_does_not_hide_a_conflict() {
    let found = figure_findings(
        "The lighthouse museum of Westholm welcomed 61,000 visitors last season, its curator \
         told reporters on Thursday.",
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].1.contains("48,000 visitors"), "{found:?}");
}

/// A person only the archive teaches (no first-name list knows
/// `Tomasz Quillane`) is read alike in the draft and in the archive, so a
/// sentence that repeats the archive's with another sum conflicts.
#[test]
fn names_the_archive_teaches_are_read_alike_on_both_sides() {
    let found = figure_findings(
        "Eastport Rovers paid £6.4m to Westholm United for the striker Tomasz Quillane in \
         January.",
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].1.contains("£4.6m"), "{found:?}");
}

/// An archive sentence that opens by pointing back (`However, this has
/// since been cut to …`) is about what the sentence before named: a draft
/// that tells both in one sentence meets it.
#[test]
fn a_sentence_that_points_back_is_read_with_the_one_before() {
    let found = figure_findings(
        "Northsea Lines, left with a debt of 9.6bn euros by 2021 after its move into \
         freight, has since cut it to 2.4bn euros.",
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].1.contains("4.2bn euros"), "{found:?}");
    // The debt of 2021 itself agrees with the archive.
    let agreeing = figure_findings(
        "Northsea Lines, left with a debt of 9.6bn euros by 2021 after its move into \
         freight, has since cut it to 4.2bn euros.",
    );
    assert!(agreeing.is_empty(), "{agreeing:?}");
}

/// The archive counts the workers of the shipbuilding industry; a draft
/// tells the same deal in other words and counts the workers in that
/// industry differently. The same counted noun of the same thing conflicts
/// although the sentences share little else.
#[test]
fn the_same_counted_noun_of_the_same_thing_conflicts_in_other_words() {
    let found = figure_findings(
        "The roughly 12,000 workers in the shipbuilding industry can take extra days off \
         instead of a pay increase.",
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "warning");
    assert!(found[0].1.contains("8,400 workers"), "{found:?}");
}

/// The same counted phrase in a sentence about another matter (a photo
/// exhibition) is not the archive's fact.
#[test]
fn the_same_counted_phrase_about_another_matter_is_not_compared() {
    let found = figure_findings(
        "A photo exhibition opening in Eastport portrays 300 workers of the shipbuilding \
         industry at their cranes.",
    );
    assert!(found.is_empty(), "{found:?}");
}

/// The archive states two fees in one sentence, with no word next to either
/// that tells them apart (`per month`, `per year` are time words). A draft
/// sentence told in nearly the same words pairs its values with the
/// archive's in order: the changed second fee conflicts.
#[test]
fn values_of_a_nearly_identical_sentence_pair_in_order() {
    let found = figure_findings(
        "The Harlow Bay allotment society offers a plot for £4 per month or £60 per year.",
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].1.contains("£60") && found[0].1.contains("£45"),
        "{found:?}"
    );
    // Swapped values each agree with the archive's other value, which the
    // draft then states: nothing to flag.
    let found = figure_findings(
        "The Harlow Bay allotment society offers a plot for £45 per month or £4 per year.",
    );
    assert!(found.is_empty(), "{found:?}");
}

/// A rare figure both sentences state (`57 parishes`) says they report one
/// matter, though the draft tells the rest in other words: the other figure
/// is compared. Without it the sentences are too unlike to be compared.
#[test]
fn a_rare_figure_both_sentences_state_ties_the_other_one() {
    let found = figure_findings(
        "Across the 57 parishes the deal covers, workers now count 221 bilingual signposts.",
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "warning");
    assert!(found[0].1.contains("212"), "{found:?}");
    let found = figure_findings(
        "Across the parishes the deal covers, workers now count 221 bilingual signposts.",
    );
    assert!(found.is_empty(), "{found:?}");
}
