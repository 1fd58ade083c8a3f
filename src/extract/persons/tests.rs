//! Unit tests of people's names.

use super::*;

#[test]
fn name_runs() {
    let t = "Mark Rutte sagte";
    assert_eq!(
        name_run(t, 0, Lang::De).map(|r| r.1),
        Some(vec!["Mark", "Rutte"])
    );
    let t = "Kim Jong-un genehmigte";
    assert_eq!(
        name_run(t, 0, Lang::De).map(|r| r.1),
        Some(vec!["Kim", "Jong-un"])
    );
    let t = "Ursula von der Leyen kam";
    assert_eq!(
        name_run(t, 0, Lang::De).map(|r| r.1),
        Some(vec!["Ursula", "von", "der", "Leyen"])
    );
    let t = "George W. Bush said";
    assert_eq!(
        name_run(t, 0, Lang::En).map(|r| r.1),
        Some(vec!["George", "W.", "Bush"])
    );
    let t = "der EU-Außenbeauftragte Josep Borrell den Pakt.";
    assert_eq!(
        name_run(t, t.find("Josep").unwrap(), Lang::De).map(|r| r.1),
        Some(vec!["Josep", "Borrell"])
    );
    // An abstract noun after a full name ends it; a third name word stays.
    let t = "bei Gesundheitsstadträtin Ida Kern Empörung aus";
    assert_eq!(
        name_run(t, t.find("Ida").unwrap(), Lang::De).map(|r| r.1),
        Some(vec!["Ida", "Kern"])
    );
    let t = "Frank-Walter Steinmeier Junior sagte";
    assert_eq!(
        name_run(t, 0, Lang::De).map(|r| r.1),
        Some(vec!["Frank-Walter", "Steinmeier", "Junior"])
    );
    let t = "Fumio Kishida Tokio";
    assert_eq!(
        name_run(t, 0, Lang::De).map(|r| r.1),
        Some(vec!["Fumio", "Kishida"])
    );
}

#[test]
fn possessives_are_not_part_of_names() {
    let t = "Jose Mourinho's side won";
    assert_eq!(
        name_run(t, 0, Lang::En).map(|r| (r.0, r.1)),
        Some((13, vec!["Jose", "Mourinho"]))
    );
}

#[test]
fn first_names_and_surnames() {
    let mut intro = HashMap::new();
    let text = "Josep Borrell reiste ab. Später sagte Borrell, die Lage sei ernst.";
    let found = find_persons(text, 0, Lang::De, &NoKnownNames, &mut intro);
    let names: Vec<(&str, bool)> = found
        .iter()
        .map(|p| (p.name.as_str(), p.surname_only))
        .collect();
    assert_eq!(
        names,
        vec![("Josep Borrell", false), ("Josep Borrell", true)]
    );
    assert_eq!(&text[found[1].range.clone()], "Borrell");
}

#[test]
fn a_compound_led_by_a_named_surname_mentions_the_person() {
    let mut intro = HashMap::new();
    let text = "Josep Borrell reiste ab. Die Borrell-Initiative kam spät.";
    let found = find_persons(text, 0, Lang::De, &NoKnownNames, &mut intro);
    assert_eq!(found.len(), 2);
    assert_eq!(found[1].name, "Josep Borrell");
    assert!(found[1].surname_only);
    assert_eq!(&text[found[1].range.clone()], "Borrell");
    // A compound whose head names nobody in the text stays unread, and a
    // hyphenated surname is still one name.
    let mut intro = HashMap::new();
    let text = "Die Ampel-Koalition und Johanna Mikl-Leitner.";
    let found = find_persons(text, 0, Lang::De, &NoKnownNames, &mut intro);
    assert_eq!(
        found.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(),
        vec!["Johanna Mikl-Leitner"]
    );
}

#[test]
fn german_genitive_of_a_known_name() {
    let mut intro = HashMap::new();
    let text = "Christian Kern sprach. Christian Kerns Rede war kurz.";
    let found = find_persons(text, 0, Lang::De, &NoKnownNames, &mut intro);
    assert_eq!(
        found.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(),
        vec!["Christian Kern", "Christian Kern"]
    );
}

#[test]
fn a_name_ending_in_s_has_no_genitive_in_s() {
    // `Thomas Weiss'` is the genitive; `Thomas Weisss` is a typo of the name.
    let mut intro = HashMap::new();
    let text = "Thomas Weiss sprach. Thomas Weisss Rede war kurz.";
    let found = find_persons(text, 0, Lang::De, &NoKnownNames, &mut intro);
    assert_eq!(
        found.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(),
        vec!["Thomas Weiss", "Thomas Weisss"]
    );
}

#[test]
fn titles_introduce_people() {
    let mut intro = HashMap::new();
    let text = "Der Streit um den italienischen Kapitän Ennio Vardalo ging weiter. Kapitän Vardalo schwieg.";
    let found = find_persons(text, 0, Lang::De, &NoKnownNames, &mut intro);
    let names: Vec<(&str, bool)> = found
        .iter()
        .map(|p| (p.name.as_str(), p.surname_only))
        .collect();
    assert_eq!(
        names,
        vec![("Ennio Vardalo", false), ("Ennio Vardalo", true)]
    );
    assert_eq!(&text[found[0].range.clone()], "Ennio Vardalo");
    assert!(is_person_title("Zoodirektorin", Lang::De));
    assert!(!is_person_title("Zoodirektorin", Lang::En));
    assert!(!is_person_title("Vardalo", Lang::De));
}

#[test]
fn name_pairs_and_word_use() {
    let text =
        "Am Montag sprach der Regisseur, Ennio Vardalo, mit der Presse. Die Presse kam spät.";
    let sentences = crate::text::split_sentences(text);
    let (pairs, usage) = name_pairs(text, &sentences, Lang::De);
    assert_eq!(
        pairs
            .iter()
            .map(|p| (p.first.as_str(), p.surname.as_str(), p.mid_sentence))
            .collect::<Vec<_>>(),
        vec![("Ennio", "Vardalo", true)]
    );
    assert!(usage.after_determiner.contains(&"Presse".to_string()));
    assert!(usage.lower.contains(&"sprach".to_string()));
}

#[test]
fn a_conjunction_and_an_initial_do_not_make_a_name_ordinary() {
    let text =
        "The club said that Lindqvist would stay. A Report came out. Then Rosa A Marlowe spoke.";
    let sentences = crate::text::split_sentences(text);
    let (_, usage) = name_pairs(text, &sentences, Lang::En);
    // `that` before a name is the conjunction; `A` inside a sentence is an
    // initial; `A` opening one is the article.
    assert!(!usage.after_determiner.contains(&"Lindqvist".to_string()));
    assert!(!usage.after_determiner.contains(&"Marlowe".to_string()));
    assert!(usage.after_determiner.contains(&"Report".to_string()));
}

#[test]
fn capitalised_nouns_are_not_people() {
    let mut intro = HashMap::new();
    let found = find_persons(
        "Die Europäische Union und Japan schlossen ein Abkommen.",
        0,
        Lang::De,
        &NoKnownNames,
        &mut intro,
    );
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn a_longer_form_with_middle_names_is_the_person_named_before() {
    let mut intro = HashMap::new();
    let text =
        "Sir Thomas Tarrow led the revolt. Thomas George Percival Tarrow was born in Leeds. \
                Thomas Hale Quint came too.";
    let found = find_persons(text, 0, Lang::En, &NoKnownNames, &mut intro);
    let names: Vec<&str> = found.iter().map(|p| p.name.as_str()).collect();
    // Same first name and surname: the person named first. A name with
    // another surname keeps its own.
    assert_eq!(
        names,
        vec!["Thomas Tarrow", "Thomas Tarrow", "Thomas Hale Quint"]
    );
    assert_eq!(
        &text[found[1].range.clone()],
        "Thomas George Percival Tarrow"
    );
}

#[test]
fn words_that_introduce_a_name_leave_its_pair() {
    let text = "The race went to Britain's Ulla Marrowby. Coach Tamsin Quellord watched. \
                London Orwen Haldane spoke. Merrily Oakes Pellow sang.";
    let sentences = crate::text::split_sentences(text);
    let (pairs, _) = name_pairs(text, &sentences, Lang::En);
    let found: Vec<(&str, &str)> = pairs
        .iter()
        .map(|p| (p.first.as_str(), p.surname.as_str()))
        .collect();
    // A possessive place, a title and a place lead; three unknown words
    // stay a run that is no pair.
    assert!(found.contains(&("Ulla", "Marrowby")), "{found:?}");
    assert!(found.contains(&("Tamsin", "Quellord")), "{found:?}");
    assert!(found.contains(&("Orwen", "Haldane")), "{found:?}");
    assert!(
        !found.iter().any(|(f, _)| *f == "Oakes" || *f == "Merrily"),
        "{found:?}"
    );
    let at = pairs.iter().find(|p| p.first == "Ulla").map(|p| p.offset);
    assert_eq!(at, text.find("Ulla"));
}
