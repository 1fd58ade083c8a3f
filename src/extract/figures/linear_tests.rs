//! Work grows linearly with the input: long runs of numbers, number words,
//! digit pairs and bracketed digits are read with a bounded number of steps
//! per character (counted by `numbers::work`, not timed).

use super::find_figures;
use crate::extract::numbers::{find_numbers, work};
use crate::text::Lang;

/// The steps reading figures and numbers in `text` takes.
fn steps(text: &str, lang: Lang) -> u64 {
    work::take();
    let _ = find_figures(text, lang, &[]);
    let _ = find_numbers(text, lang);
    work::take()
}

/// Checks that doubling the repetitions of `piece` at most about doubles the
/// work.
fn linear(prefix: &str, piece: &str, suffix: &str, lang: Lang) {
    let make = |n: usize| format!("{prefix}{}{suffix}", piece.repeat(n));
    let (small, large) = (steps(&make(1500), lang), steps(&make(3000), lang));
    assert!(small > 0, "{piece:?}: no work counted");
    assert!(
        large as f64 <= 2.3 * small as f64,
        "{piece:?}: {small} steps for 1,500 pieces but {large} for 3,000"
    );
}

#[test]
fn space_separated_numbers() {
    linear("Es waren ", "1 ", "Soldaten.", Lang::De);
    linear("There were ", "12 ", "soldiers.", Lang::En);
    linear("Es waren ", "1\u{a0}", "Soldaten.", Lang::De);
}

#[test]
fn number_words_in_a_row() {
    linear("Es waren ", "eins ", "Soldaten.", Lang::De);
    linear("There were ", "one ", "soldiers.", Lang::En);
    linear("There were ", "one hundred ", "soldiers.", Lang::En);
    linear("", "a million and ", "", Lang::En);
}

#[test]
fn bracketed_digits_and_digit_pairs() {
    linear("", "(1)", "", Lang::De);
    linear("", "1 / ", "", Lang::En);
    linear("", "1/2 ", "", Lang::En);
    linear("", "0 1-", "", Lang::De);
}
