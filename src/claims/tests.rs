//! Unit tests of claims.

use super::*;

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

#[test]
fn compounds_match_their_heads_next_to_the_value() {
    let a = Subject {
        entities: set(&["Tokio"]),
        local: set(&["abkomm", "unterzeichnet"]),
        ..Subject::default()
    };
    let b = Subject {
        entities: set(&["Tokio", "Japan"]),
        local: set(&["verteidigungskooperationsabkomm", "unterzeichnet"]),
        ..Subject::default()
    };
    let o = overlap(&a, &b);
    assert_eq!(o.entities, 1);
    assert_eq!(o.local, 2);
}

#[test]
fn mentions_are_grouped_by_their_sentence_in_order() {
    let mentions: Vec<InSentence<&str>> = [(0, "a"), (2, "b"), (0, "c"), (2, "d"), (7, "out")]
        .into_iter()
        .map(|(sentence, mention)| InSentence { sentence, mention })
        .collect();
    let grouped = by_sentence(&mentions, 3);
    assert_eq!(grouped, vec![vec![&"a", &"c"], vec![], vec![&"b", &"d"]]);
}

/// The `when` of the one figure claim of `text` (German, dated 2024-06-14).
fn figure_when(text: &str) -> BTreeSet<String> {
    figure_subject(text, Lang::De).when
}

/// The subject of the one figure claim of `text` (dated 2024-06-14).
fn figure_subject(text: &str, lang: Lang) -> Subject {
    use crate::extract::{extract, NoKnownNames, ReadOptions};
    let options = ReadOptions {
        lang: Some(lang),
        markdown: false,
        date: jiff::civil::Date::new(2024, 6, 14).ok(),
    };
    let extraction = extract(text, &options, &NoKnownNames);
    let claims = build_claims(text, &extraction);
    let figures: Vec<&Claim> = claims
        .iter()
        .filter(|c| matches!(c.value, ClaimValue::Figure(_)))
        .collect();
    assert_eq!(figures.len(), 1, "{claims:?}");
    figures[0].subject.clone()
}

#[test]
fn a_counted_noun_is_of_the_word_after_its_link() {
    let of = |text: &str, lang: Lang| figure_subject(text, lang).counted_of;
    assert_eq!(
        of(
            "Die 5.300 Beschäftigten der Papierindustrie streiken.",
            Lang::De
        )
        .as_deref(),
        Some("papierindustri")
    );
    assert_eq!(
        of("Rund 900 Anträge auf Förderung gingen ein.", Lang::De).as_deref(),
        Some("forder")
    );
    assert_eq!(
        of("All 650 members of the parliament voted.", Lang::En).as_deref(),
        Some("parliament")
    );
    // No link, a comma, or a number word after the link: nothing.
    assert_eq!(of("Die 5.300 Beschäftigten streiken.", Lang::De), None);
    assert_eq!(
        of(
            "The 4,100 workers, of whom many are young, voted.",
            Lang::En
        ),
        None
    );
    assert_eq!(
        of("The eight teams play in groups of four.", Lang::En),
        None
    );
}

#[test]
fn a_trailing_report_dates_the_report_not_the_figure() {
    // The day of the report, after the value, is marked.
    let when = figure_when("Die Fähre beförderte 3.200 Fahrgäste, sagte die Reederei am Montag.");
    assert!(when.iter().any(|w| w.starts_with(REPORTED)), "{when:?}");
    assert!(
        !when
            .iter()
            .any(|w| !w.starts_with(REPORTED) && w.contains("montag")),
        "{when:?}"
    );
    // A day in the value's own clause stays a day of the fact.
    let when = figure_when("Am Montag beförderte die Fähre 3.200 Fahrgäste, sagte die Reederei.");
    assert!(!when.iter().any(|w| w.starts_with(REPORTED)), "{when:?}");
    // A report that leads in dates a running count: kept as it is.
    let when =
        figure_when("Die Reederei meldete am Montag, die Fähre habe 3.200 Fahrgäste befördert.");
    assert!(!when.iter().any(|w| w.starts_with(REPORTED)), "{when:?}");
    assert!(!when.is_empty(), "{when:?}");
}
