//! Unit tests of date reading.

use super::*;

fn iso(text: &str, lang: Lang) -> Vec<String> {
    let r = Date::new(2024, 11, 13).ok();
    find_dates(text, lang, r)
        .into_iter()
        .map(|d| d.value.iso())
        .collect()
}

#[test]
fn german_dates() {
    assert_eq!(iso("am 1. November 2024", Lang::De), vec!["2024-11-01"]);
    assert_eq!(iso("am 1. Nov. 2024", Lang::De), vec!["2024-11-01"]);
    assert_eq!(
        iso("01.11.2024 und 1.11.2024", Lang::De),
        vec!["2024-11-01", "2024-11-01"]
    );
    assert_eq!(iso("im November 2024", Lang::De), vec!["2024-11"]);
    // Without a year: the latest such day or month not after the reference.
    assert_eq!(iso("im Mai", Lang::De), vec!["2024-05"]);
    assert_eq!(iso("am 1. November", Lang::De), vec!["2024-11-01"]);
    assert_eq!(iso("am 21. Dezember", Lang::De), vec!["2023-12-21"]);
    assert_eq!(iso("im Dezember", Lang::De), vec!["2023-12"]);
    assert_eq!(iso("im November", Lang::De), vec!["2024-11"]);
    assert_eq!(iso("im Jahr 2024", Lang::De), vec!["2024"]);
    assert_eq!(iso("2024 Soldaten", Lang::De), Vec::<String>::new());
    assert_eq!(iso("bis 2000 Euro", Lang::De), Vec::<String>::new());
    assert_eq!(iso("seit 2015 gilt", Lang::De), vec!["2015"]);
}

#[test]
fn english_dates() {
    assert_eq!(iso("on November 1, 2024", Lang::En), vec!["2024-11-01"]);
    assert_eq!(iso("1 November 2024", Lang::En), vec!["2024-11-01"]);
    assert_eq!(iso("Nov 1st, 2024", Lang::En), vec!["2024-11-01"]);
    // A time of day after the date is not its year.
    let d = find_dates("Saturday, 26 February 1400 GMT", Lang::En, None);
    assert_eq!(d[0].value.iso(), "XXXX-02-26");
    assert_eq!(iso("2024-11-01", Lang::En), vec!["2024-11-01"]);
    assert_eq!(iso("in May", Lang::En), vec!["2024-05"]);
    assert_eq!(iso("on 14 November", Lang::En), vec!["2023-11-14"]);
    assert_eq!(iso("you may go", Lang::En), Vec::<String>::new());
    assert_eq!(iso("in 2004", Lang::En), vec!["2004"]);
}

#[test]
fn years_without_a_reference_stay_open() {
    let open = |t: &str, lang| -> Vec<String> {
        find_dates(t, lang, None)
            .into_iter()
            .map(|d| d.value.iso())
            .collect()
    };
    assert_eq!(open("im Mai", Lang::De), vec!["XXXX-05"]);
    assert_eq!(open("am 1. November", Lang::De), vec!["XXXX-11-01"]);
    assert_eq!(open("on 3 March", Lang::En), vec!["XXXX-03-03"]);
}

#[test]
fn future_sentences_take_the_next_occurrence() {
    assert_eq!(
        iso("Die Konferenz wird am 2. Februar beginnen.", Lang::De),
        vec!["2025-02-02"]
    );
    assert_eq!(
        iso("Am kommenden 20. November trifft sich der Rat.", Lang::De),
        vec!["2024-11-20"]
    );
    assert_eq!(
        iso("The summit will open on 9 January.", Lang::En),
        vec!["2025-01-09"]
    );
    assert_eq!(
        iso("The talks ended on 9 January.", Lang::En),
        vec!["2024-01-09"]
    );
    let d = find_dates("am 21. Oktober", Lang::De, Date::new(2024, 11, 12).ok());
    assert!(d[0].relative, "a resolved year counts as relative");
}

#[test]
fn resolved_dates_are_shown_beside_the_words() {
    let d = find_dates("gestern", Lang::De, Date::new(2024, 11, 6).ok());
    assert_eq!(
        shown("gestern", &d[0].value, true, Lang::De),
        "gestern (5. November 2024)"
    );
    let d = find_dates("in March", Lang::En, Date::new(2024, 11, 6).ok());
    assert_eq!(written_out(&d[0].value, Lang::En), "March 2024");
    let fixed = DateValue {
        year: Some(2024),
        month: Some(11),
        day: Some(1),
        week: None,
    };
    assert_eq!(
        shown("1. November 2024", &fixed, false, Lang::De),
        "1. November 2024"
    );
}

#[test]
fn relative() {
    // 2024-11-13 is a Wednesday.
    assert_eq!(iso("gestern", Lang::De), vec!["2024-11-12"]);
    assert_eq!(iso("am Montag", Lang::De), vec!["2024-11-11"]);
    assert_eq!(iso("am Mittwoch", Lang::De), vec!["2024-11-13"]);
    assert_eq!(iso("last Wednesday", Lang::En), vec!["2024-11-06"]);
    assert_eq!(iso("vergangene Woche", Lang::De), vec!["2024-W45"]);
    assert_eq!(iso("im vergangenen Monat", Lang::De), vec!["2024-10"]);
    assert_eq!(iso("last year", Lang::En), vec!["2023"]);
    assert_eq!(iso("yesterday", Lang::En), vec!["2024-11-12"]);
    assert!(find_dates("gestern", Lang::De, None).is_empty());
    let d = find_dates("am Montag", Lang::De, Date::new(2024, 11, 13).ok());
    assert_eq!(d[0].range, 3..9);
    assert!(d[0].relative);
}

#[test]
fn weeks_are_iso_weeks() {
    // 2024-11-13 is in week 46 (11 to 17 November).
    assert_eq!(iso("Anfang der Woche", Lang::De), vec!["2024-W46"]);
    assert_eq!(iso("in der vergangenen Woche", Lang::De), vec!["2024-W45"]);
    assert_eq!(iso("Ende vergangener Woche", Lang::De), vec!["2024-W45"]);
    assert_eq!(iso("nächste Woche", Lang::De), vec!["2024-W47"]);
    assert_eq!(iso("last week", Lang::En), vec!["2024-W45"]);
    assert_eq!(iso("earlier this week", Lang::En), vec!["2024-W46"]);
    assert_eq!(iso("next week", Lang::En), vec!["2024-W47"]);
    // Across the turn of the year: 30 December 2024 opens week 1 of 2025.
    let d = find_dates("this week", Lang::En, Date::new(2024, 12, 31).ok());
    assert_eq!(d[0].value.iso(), "2025-W01");
}

#[test]
fn coming_weekdays_and_future_clauses_look_ahead() {
    // 2024-11-13 is a Wednesday.
    assert_eq!(iso("am kommenden Dienstag", Lang::De), vec!["2024-11-19"]);
    assert_eq!(iso("nächsten Mittwoch", Lang::De), vec!["2024-11-20"]);
    assert_eq!(iso("next Friday", Lang::En), vec!["2024-11-15"]);
    assert_eq!(
        iso("Der Rat wird am Freitag entscheiden.", Lang::De),
        vec!["2024-11-15"]
    );
    assert_eq!(
        iso("The court will rule on Monday.", Lang::En),
        vec!["2024-11-18"]
    );
    // Without a sign of the future the weekday lies behind.
    assert_eq!(
        iso("Der Rat entschied am Freitag.", Lang::De),
        vec!["2024-11-08"]
    );
    assert_eq!(iso("last Tuesday", Lang::En), vec!["2024-11-12"]);
    let d = find_dates(
        "am kommenden Dienstag",
        Lang::De,
        Date::new(2024, 11, 13).ok(),
    );
    assert_eq!(d[0].range, 3..21);
}

#[test]
fn parts_of_months() {
    assert_eq!(iso("Mitte November", Lang::De), vec!["2024-11"]);
    assert_eq!(iso("Anfang Dezember", Lang::De), vec!["2023-12"]);
    assert_eq!(iso("in mid-November", Lang::En), vec!["2024-11"]);
    assert_eq!(iso("in March", Lang::En), vec!["2024-03"]);
}

#[test]
fn odd_input() {
    for t in [
        "",
        "1.",
        "31.02.2024",
        "Ärger am Montag ÄÖÜ ß",
        "99/99/9999",
        "ⅠⅡ 2024 İ",
    ] {
        let _ = find_dates(t, Lang::De, Date::new(2024, 1, 1).ok());
        let _ = find_dates(t, Lang::En, Date::new(2024, 1, 1).ok());
    }
}
