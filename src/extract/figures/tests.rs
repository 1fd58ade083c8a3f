//! Figure reading: qualifiers, ranges, money and percentages, counted
//! nouns, vague quantities, what is no figure, and noise that must not panic.

use super::*;

fn figs(text: &str, lang: Lang) -> Vec<FigureMention> {
    find_figures(text, lang, &[])
}

fn one(text: &str, lang: Lang) -> FigureMention {
    let f = figs(text, lang);
    assert_eq!(f.len(), 1, "{text}: {f:?}");
    f.into_iter().next().unwrap_or_else(|| unreachable!())
}

fn counted(s: &str) -> Option<FigureUnit> {
    Some(FigureUnit::Counted(s.to_string()))
}

#[test]
fn qualified_counts() {
    let t = "Man spricht von über 600.000 geschätzte Opfer.";
    let f = one(t, Lang::De);
    assert_eq!(f.qualifier, Qualifier::MoreThan);
    assert_eq!((f.low, f.high), (Some(600_000.0), Some(900_000.0)));
    assert_eq!(f.unit, counted("Opfer"));
    assert_eq!(&t[f.number_range.clone()], "600.000");
    assert_eq!(&t[f.range.clone()], "über 600.000 geschätzte Opfer");
}

#[test]
fn ranges() {
    let f = one("zwischen 10.000 und 12.000 Soldaten", Lang::De);
    assert_eq!(
        (f.qualifier, f.low, f.high),
        (Qualifier::Range, Some(10000.0), Some(12000.0))
    );
    assert_eq!(f.unit, counted("Soldaten"));
    let f = one("100 bis 300 Milliarden Sterne", Lang::De);
    assert_eq!((f.low, f.high), (Some(1e11), Some(3e11)));
    let f = one("10.000–12.000 Menschen", Lang::De);
    assert_eq!((f.low, f.high), (Some(10000.0), Some(12000.0)));
    let f = one("between 10 and 12 people", Lang::En);
    assert_eq!((f.low, f.high), (Some(10.0), Some(12.0)));
    let f = one("from 10 to 12 days", Lang::En);
    assert_eq!(f.unit, counted("days"));
}

#[test]
fn money_and_percent() {
    let f = one("über 2 Milliarden Dollar", Lang::De);
    assert_eq!(
        (f.value, f.unit),
        (2e9, Some(FigureUnit::Currency("USD".into())))
    );
    let t = "a £5m grant";
    let f = one(t, Lang::En);
    assert_eq!(
        (f.value, f.unit.clone()),
        (5e6, Some(FigureUnit::Currency("GBP".into())))
    );
    assert_eq!(&t[f.range], "£5m");
    let f = one("about 5m people watched", Lang::En);
    assert_eq!((f.value, f.unit), (5e6, counted("people")));
    let f = one("a 100m sprint", Lang::En);
    assert_eq!(
        (f.value, f.unit),
        (100.0, Some(FigureUnit::Measure("m".into())))
    );
    let f = one("it cost $1.2bn", Lang::En);
    assert_eq!(f.value, 1.2e9);
    let f = one("1,5 Millionen Euro", Lang::De);
    assert_eq!(
        (f.value, f.unit),
        (1.5e6, Some(FigureUnit::Currency("EUR".into())))
    );
    let f = one("um 2,3 Prozent", Lang::De);
    assert_eq!((f.value, f.unit), (2.3, Some(FigureUnit::Percent)));
    let f = one("an 87% share", Lang::En);
    assert_eq!(f.unit, Some(FigureUnit::Percent));
    let f = one("um 0,5 Prozentpunkte", Lang::De);
    assert_eq!(f.unit, Some(FigureUnit::Measure("pp".into())));
    let f = one("Preise von 3 Â£", Lang::En);
    assert_eq!(f.unit, Some(FigureUnit::Currency("GBP".into())));
}

#[test]
fn counted_nouns() {
    assert_eq!(
        one("27 Länder haben zugestimmt", Lang::De).unit,
        counted("Länder")
    );
    assert_eq!(one("Zwölf Länder", Lang::De).unit, counted("Länder"));
    assert_eq!(
        one("unemployment for 29 years", Lang::En).unit,
        counted("years")
    );
    assert_eq!(one("5,000 new jobs", Lang::En).unit, counted("jobs"));
    assert_eq!(
        one("der 69-jährige Trainer", Lang::De).unit,
        counted("jährige")
    );
    assert_eq!(
        one("a 19-year-old student", Lang::En).unit,
        counted("year-old")
    );
}

#[test]
fn vague() {
    let f = one("Zehntausende Menschen protestierten", Lang::De);
    assert_eq!(
        (f.qualifier, f.low, f.high),
        (Qualifier::Vague, Some(20000.0), Some(1e6))
    );
    assert_eq!(f.unit, counted("Menschen"));
    let f = one("tens of thousands of people", Lang::En);
    assert_eq!((f.low, f.unit), (Some(20000.0), counted("people")));
}

#[test]
fn not_figures() {
    for t in [
        "Die G7 und die G20 trafen sich",
        "ein F-35 und ein A380",
        "wegen COVID-19",
        "Das Spiel endete 2:1",
        "um 14.30 Uhr",
        "am 10:30",
        "Windows 10 und iPhone 6",
        "Paragraf 218",
        "Version 1.2.3",
        "Ruf an: +43 1 234567",
        "Tel.: 01/234 56 78",
        "siehe https://example.com/a/2024 und x@y42.at",
        "Er hat ein Haus",
        "im Jahr 2024",
        "2019 war ein schwieriges Jahr",
        "der 3. Platz",
        "1. Punkt eins",
        "Wendelstein 7-X",
        "das neue iPhone 7 werde",
        "Tore (3., 66.)",
        "in der Ligue 1",
        "Wien seit 1870.",
    ] {
        assert!(figs(t, Lang::De).is_empty(), "{t}: {:?}", figs(t, Lang::De));
    }
    for t in [
        "the 3rd time",
        "since 2010",
        "they won 3-1",
        "one of them",
        "a house",
    ] {
        assert!(figs(t, Lang::En).is_empty(), "{t}: {:?}", figs(t, Lang::En));
    }
}

#[test]
fn years_with_nouns_are_counts() {
    assert_eq!(one("2024 Soldaten", Lang::De).value, 2024.0);
    assert_eq!(
        one("bis 2000 Euro", Lang::De).unit,
        Some(FigureUnit::Currency("EUR".into()))
    );
}

#[test]
fn dates_are_skipped() {
    let d = DateMention {
        range: 3..19,
        value: super::super::dates::DateValue {
            year: Some(2024),
            month: Some(11),
            day: Some(1),
            week: None,
        },
        relative: false,
    };
    assert!(find_figures("am 1. November 2024", Lang::De, &[d]).is_empty());
}

/// Pseudo-random text from tricky pieces: no function may panic on it.
#[test]
fn no_panics_on_noise() {
    let pieces = [
        "1",
        "0",
        "12",
        "2024",
        ".",
        ",",
        " ",
        "\u{a0}",
        "\u{202f}",
        "-",
        "–",
        "/",
        ":",
        "%",
        "$",
        "£",
        "Â£",
        "€",
        "m",
        "bn",
        "Mio.",
        "Milliarden",
        "über",
        "zwischen",
        "und",
        "bis",
        "to",
        "and",
        "ä",
        "ß",
        "İ",
        "ⅷ",
        "\n",
        "am",
        "Montag",
        "1.",
        "Nov.",
        "November",
        "Tausende",
        "tens of thousands",
        "zwölf",
        "one",
        "a",
        "ein",
        "halbe",
        "Million",
        "K",
        "k",
        "°",
        "²",
        "e",
        "x",
        "G7",
        "-jährige",
    ];
    let mut seed: u64 = 42;
    let reference = jiff::civil::Date::new(2024, 2, 29).ok();
    for _ in 0..3000 {
        let mut t = String::new();
        for _ in 0..12 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            t.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
        }
        for lang in [Lang::De, Lang::En] {
            let dates = super::super::dates::find_dates(&t, lang, reference);
            for f in find_figures(&t, lang, &dates) {
                assert!(
                    t.get(f.range.clone()).is_some() && t.get(f.number_range.clone()).is_some()
                );
                assert!(!t[f.range.clone()].contains('\n'), "{t:?} {f:?}");
                let inside =
                    f.range.start <= f.number_range.start && f.number_range.end <= f.range.end;
                assert!(inside, "{t:?} {f:?}");
            }
            for n in super::super::numbers::find_numbers(&t, lang) {
                assert!(t.get(n.range).is_some());
            }
        }
    }
}

#[test]
fn ranges_stay_on_one_line() {
    for f in figs("über\n5 Menschen und 10 bis\n12", Lang::De) {
        assert!(!"über\n5 Menschen und 10 bis\n12"[f.range.clone()].contains('\n'));
    }
}

#[test]
fn a_part_counts_what_its_whole_counts_after_a_possessive_too() {
    for (text, lang, noun) in [
        ("Sie gewann 41 ihrer 60 Partien.", Lang::De, "Partien"),
        (
            "Es stimmten 178 der 300 Abgeordneten zu.",
            Lang::De,
            "Abgeordneten",
        ),
        ("He won 36 of his 50 matches.", Lang::En, "matches"),
        ("They kept 12 out of their 20 seats.", Lang::En, "seats"),
    ] {
        let f = figs(text, lang);
        assert_eq!(f.len(), 2, "{text}: {f:?}");
        assert_eq!(f[0].unit, counted(noun), "{text}");
        assert_eq!(f[1].unit, counted(noun), "{text}");
    }
}
