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
