//! Figures read from composed numbers: fractions and ratios of a group are
//! shares (in percent of the group), fractions of a thing stay quantities, a part counts what its whole
//! counts, and a number inside a German compound counts the compound's first
//! noun.

use super::{find_figures, find_figures_and_numbers, FigureMention, FigureUnit, Qualifier, SHARE};
use crate::text::Lang;

fn one(text: &str, lang: Lang) -> FigureMention {
    let f = find_figures(text, lang, &[]);
    assert_eq!(f.len(), 1, "{text}: {f:?}");
    f.into_iter().next().unwrap_or_else(|| unreachable!())
}

fn counted(s: &str) -> Option<FigureUnit> {
    Some(FigureUnit::Counted(s.to_string()))
}

fn share() -> Option<FigureUnit> {
    Some(FigureUnit::Measure(SHARE.to_string()))
}

fn near(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-6)
}

#[test]
fn fractions_of_a_group_are_shares() {
    let f = one("Zwei Drittel der Mitglieder lehnten den Plan ab.", Lang::De);
    assert_eq!(f.unit, share());
    assert!(
        near(f.low, 200.0 / 3.0) && near(f.high, 200.0 / 3.0),
        "{f:?}"
    );
    let f = one("three quarters of the staff voted", Lang::En);
    assert_eq!(f.unit, share());
    assert!(near(f.low, 75.0), "{f:?}");
    let f = one(
        "Mehr als die Hälfte kam, aber über drei Viertel der Gäste blieben.",
        Lang::De,
    );
    assert_eq!((f.unit, f.qualifier), (share(), Qualifier::MoreThan));
    let f = one("one in four pupils walks to school", Lang::En);
    assert_eq!(f.unit, share());
    assert!(near(f.low, 25.0), "{f:?}");
}

#[test]
fn a_share_and_a_number_make_no_range() {
    let f = find_figures("two thirds - 65% - said yes", Lang::En, &[]);
    assert!(f.iter().all(|f| f.qualifier != Qualifier::Range), "{f:?}");
}

#[test]
fn fractions_of_a_thing_are_quantities() {
    let f = one("Sie wartete ein halbes Jahr.", Lang::De);
    assert!(near(f.low, 0.5), "{f:?}");
    assert_eq!(f.unit, counted("Jahr"));
    let f = one("after three quarters of an hour", Lang::En);
    assert!(near(f.low, 0.75), "{f:?}");
    assert_ne!(f.unit, share());
    for t in ["Labour won a third term", "It needs a two-thirds majority"] {
        let f = find_figures(t, Lang::En, &[]);
        assert!(f.iter().all(|f| f.unit.is_none()), "{t}: {f:?}");
    }
}

#[test]
fn fractions_are_not_integers() {
    let f = one(
        "The bill came to two million and one half pounds.",
        Lang::En,
    );
    assert!(near(f.low, 2.5e6), "{f:?}");
    assert_eq!(f.unit, Some(FigureUnit::Currency("GBP".into())));
    let f = one("Es fehlten zweieinhalb Tonnen.", Lang::De);
    assert!(near(f.low, 2.5), "{f:?}");
}

#[test]
fn a_part_counts_what_its_whole_counts() {
    let t = "Für den Antrag stimmten 178 der 300 Abgeordneten.";
    let f = find_figures(t, Lang::De, &[]);
    assert_eq!(f.len(), 2, "{f:?}");
    assert_eq!(
        (f[0].low, f[0].unit.clone()),
        (Some(178.0), counted("Abgeordneten"))
    );
    assert_eq!(
        (f[1].low, f[1].unit.clone()),
        (Some(300.0), counted("Abgeordneten"))
    );
    let f = find_figures("178 of the 300 members agreed", Lang::En, &[]);
    assert_eq!(
        f.first().map(|f| f.unit.clone()),
        Some(counted("members")),
        "{f:?}"
    );
    // A ratio in words is a share (`12 out of 20 clubs` = 60 %).
    let f = one("12 out of 20 clubs agreed", Lang::En);
    assert_eq!((f.low, f.unit), (Some(60.0), share()));
    // A larger first number is no part of the second.
    let f = find_figures("Von 300 der 178 Abgeordneten", Lang::De, &[]);
    assert!(
        f.iter().all(|f| f.low != Some(300.0) || f.unit.is_none()),
        "{f:?}"
    );
}

#[test]
fn numbers_inside_compounds() {
    let f = one("Die 26.000-Einwohner-Stadt wächst.", Lang::De);
    assert_eq!((f.low, f.unit), (Some(26000.0), counted("Einwohner")));
    let f = one("ein 5-Sterne-Hotel am See", Lang::De);
    assert_eq!(f.unit, counted("Sterne"));
    assert_eq!(one("der 31-Jährige", Lang::De).unit, counted("Jährige"));
    assert_eq!(
        one("a 40-year-old driver", Lang::En).unit,
        counted("year-old")
    );
}

#[test]
fn numbers_outside_figures_are_returned() {
    let t = "Im Jahr 1989 fiel die Mauer, die G7 tagten, und 40 Menschen kamen.";
    let (figures, numbers) = find_figures_and_numbers(t, Lang::De, &[]);
    assert_eq!(figures.len(), 1, "{figures:?}");
    // The year is a number; `G7` is a name, not a number.
    let values: Vec<f64> = numbers.iter().map(|n| n.value).collect();
    assert_eq!(values, vec![1989.0]);
}
