//! Unit tests for the number phrases, through `find_numbers`.

use super::super::find_numbers;
use crate::text::Lang;

fn vals(text: &str, lang: Lang) -> Vec<f64> {
    find_numbers(text, lang)
        .into_iter()
        .map(|n| n.value)
        .collect()
}

fn near(got: Vec<f64>, want: &[f64]) -> bool {
    got.len() == want.len()
        && got
            .iter()
            .zip(want)
            .all(|(a, b)| (a - b).abs() < 1e-9 * b.abs().max(1.0))
}

#[track_caller]
fn check(text: &str, lang: Lang, want: &[f64]) {
    let got = vals(text, lang);
    assert!(
        near(got.clone(), want),
        "{text:?}: got {got:?}, want {want:?}"
    );
}

#[test]
fn english_word_fractions() {
    check("about two thirds of voters", Lang::En, &[2.0 / 3.0]);
    check("one eighth", Lang::En, &[0.125]);
    check("a quarter", Lang::En, &[0.25]);
    check("seven-tenths", Lang::En, &[0.7]);
    check("a hundredth of a second", Lang::En, &[0.01]);
    check("forty three fifths", Lang::En, &[8.6]);
    check("one fortieth", Lang::En, &[0.025]);
    check("two twenty-fifths", Lang::En, &[0.08]);
    // An article and an ordinal before a noun is an ordinal.
    assert!(vals("a third term in office", Lang::En).is_empty());
    assert!(vals("for a second time", Lang::En).is_empty());
    assert!(vals("failed to score a fourth to kill the tie", Lang::En).is_empty());
}

#[test]
fn english_mixed_numbers_and_scales() {
    check("nine and a half", Lang::En, &[9.5]);
    check("six and three quarters", Lang::En, &[6.75]);
    check("four million and a quarter", Lang::En, &[4.25e6]);
    check(
        "grades 3 and 4 and two-fifths of pupils",
        Lang::En,
        &[3.0, 4.0, 0.4],
    );
    check("a quarter billion dollars", Lang::En, &[2.5e8]);
    check("three quarters of a million", Lang::En, &[7.5e5]);
    check("two billion and a half million", Lang::En, &[2.0005e9]);
    check("one hundred and one quarter", Lang::En, &[100.25]);
    check("seven million and two fifths", Lang::En, &[7.4e6]);
    check(
        "two billion and three quarters million",
        Lang::En,
        &[2.00075e9],
    );
}

#[test]
fn ratios_in_words() {
    check("four out of ten people", Lang::En, &[0.4]);
    check("one over four", Lang::En, &[0.25]);
    check("1 in 5 adults", Lang::En, &[0.2]);
    // A period is not a ratio.
    check("rose 5 over 10 years", Lang::En, &[5.0, 10.0]);
    check("won 3 in 2019", Lang::En, &[3.0, 2019.0]);
    // More than the whole is not a share; a singular ordinal is an ordinal.
    check("7 out of 5", Lang::En, &[7.0, 5.0]);
    check("three millionth", Lang::En, &[3.0]);
}

#[test]
fn digit_fractions_stand_alone() {
    check("about 3/4 of them", Lang::En, &[0.75]);
    check("rund 1/3 der Stimmen", Lang::De, &[1.0 / 3.0]);
    check("2 1/2 hours", Lang::En, &[2.5]);
    check("-2/5", Lang::En, &[-0.4]);
    // Dates, scores and chains stay separate numbers.
    check("on 3/4 we met", Lang::En, &[3.0, 4.0]);
    check("am 20/11", Lang::De, &[20.0, 11.0]);
    check("1/2/2024", Lang::En, &[1.0, 2.0, 2024.0]);
    check("open 24/7", Lang::En, &[24.0, 7.0]);
    check("3/4.5", Lang::En, &[3.0, 4.5]);
    check("Teil (1/2)", Lang::De, &[1.0, 2.0]);
    check("tie-break 6-7 (3/7)", Lang::En, &[6.0, 7.0, 3.0, 7.0]);
    check("the weekend of 8/9 January", Lang::En, &[8.0, 9.0]);
    check("odds of 1/4 to win", Lang::En, &[1.0, 4.0]);
    check(
        "2. DEG 3/1 – 3. Linz 1/3.",
        Lang::De,
        &[2.0, 3.0, 1.0, 3.0, 1.0, 3.0],
    );
    check("cut from 4/6 to 1/2", Lang::En, &[4.0, 6.0, 1.0, 2.0]);
}

#[test]
fn vulgar_fractions() {
    check("rund ⅔ der Fläche", Lang::De, &[2.0 / 3.0]);
    check("2½ miles", Lang::En, &[2.5]);
}

#[test]
fn german_fractions() {
    check("zwei Drittel der Befragten", Lang::De, &[2.0 / 3.0]);
    check("ein Viertel", Lang::De, &[0.25]);
    check("drei Viertel Millionen", Lang::De, &[7.5e5]);
    check("ein halbes Jahr", Lang::De, &[0.5]);
    check("sieben und ein Achtel", Lang::De, &[7.125]);
    // `Viertel` without a numerator is a district.
    assert!(vals("im Viertel", Lang::De).is_empty());
}

#[test]
fn signs_in_words() {
    check("minus twelve degrees", Lang::En, &[-12.0]);
    check("negative 3", Lang::En, &[-3.0]);
    check("minus 4,5 Grad", Lang::De, &[-4.5]);
    check("minus two thirds", Lang::En, &[-2.0 / 3.0]);
    check("-3", Lang::En, &[-3.0]);
    check("she tested negative three times", Lang::En, &[3.0]);
}

#[test]
fn spoken_decimals() {
    check("three point five", Lang::En, &[3.5]);
    check("zero point zero seven", Lang::En, &[0.07]);
    check("one point twenty-five", Lang::En, &[1.25]);
    check("drei Komma fünf", Lang::De, &[3.5]);
    assert!(!vals("At one point two men left", Lang::En).contains(&1.2));
}

#[test]
fn digits_with_scale_words() {
    check("5 hundred and 12", Lang::En, &[512.0]);
    check("2 thousand 4 hundred", Lang::En, &[2400.0]);
    check("3 Millionen 200 Tausend", Lang::De, &[3_200_000.0]);
    // Without a scale word the digits stay apart.
    check("2000 4 hundred", Lang::En, &[2000.0, 400.0]);
}

#[test]
fn scientific_notation() {
    check("2.5e6", Lang::En, &[2.5e6]);
    check("4E-2", Lang::En, &[0.04]);
    check("7.1x10^3", Lang::En, &[7100.0]);
    check("3^2", Lang::En, &[9.0]);
    // Identifiers are not exponents.
    assert!(vals("3e4f", Lang::En).is_empty());
    check("the 7E7 jet", Lang::En, &[]);
}

#[test]
fn random_phrases_do_not_panic() {
    let pieces = [
        "one",
        " ",
        "-",
        "and",
        "a",
        "half",
        "thirds",
        "twenty",
        "fifth",
        "hundred",
        "over",
        "out",
        "of",
        "in",
        "minus",
        "point",
        "Komma",
        "drei",
        "Viertel",
        "ein",
        "1",
        "/",
        "2",
        "e",
        "E",
        "^",
        "x10^",
        "½",
        "ü",
        "\n",
        "(",
        ")",
        ".",
        ",",
        "million",
        "Millionen",
        "0",
        "€",
        "\u{202f}",
        "hundredths",
        "and a",
        "quarter",
    ];
    let mut seed: u64 = 7;
    for _ in 0..3000 {
        let mut t = String::new();
        for _ in 0..10 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            t.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
        }
        for lang in [Lang::De, Lang::En] {
            for n in find_numbers(&t, lang) {
                assert!(t.get(n.range.clone()).is_some(), "{t:?}");
                assert!(n.value.is_finite(), "{t:?}");
            }
        }
    }
}

#[test]
fn odd_phrases_do_not_panic() {
    for t in [
        "minus",
        "negative -",
        "a",
        "one over",
        "1/",
        "/2",
        "1/0",
        "0/0",
        "½½",
        "1e",
        "1e999",
        "9^999",
        "point five",
        "one point",
        "and a half",
        "a quarter of a",
        "x10^",
        "1x10^",
        "drei Komma",
        "ein",
        "– ½ –",
        "1 in",
        "one out of",
        "one hundred and",
    ] {
        let _ = find_numbers(t, Lang::En);
        let _ = find_numbers(t, Lang::De);
    }
}
