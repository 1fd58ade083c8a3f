//! Numbers that are not figures: dates, names and identifiers, times,
//! scores, phone numbers, URLs, versions, ordinals, list numbering and years.

use std::ops::Range;

use super::is_space;
use super::lexicon::{context_after, context_before, unit_after, Role};
use crate::extract::numbers::{overlaps_sorted, Num, NumKind};
use crate::text::Lang;

/// A plain four-digit number from 1900 to 2100 (a year when nothing follows).
pub(super) fn is_year_like(text: &str, n: &Num) -> bool {
    let s = &text[n.range.clone()];
    n.kind == NumKind::Digits
        && n.scale == 1.0
        && s.len() == 4
        && s.bytes().all(|b| b.is_ascii_digit())
        && (1900.0..=2100.0).contains(&n.value)
}

/// A plain four-digit number from 1000 to 2100 (`1870`).
pub(super) fn is_four_digit_year(text: &str, n: &Num) -> bool {
    let s = &text[n.range.clone()];
    n.kind == NumKind::Digits
        && n.scale == 1.0
        && s.len() == 4
        && s.bytes().all(|b| b.is_ascii_digit())
        && (1000.0..=2100.0).contains(&n.value)
}

/// The whitespace-delimited token around a range.
fn token_around<'a>(text: &'a str, r: &Range<usize>) -> &'a str {
    let start = text[..r.start]
        .rfind(char::is_whitespace)
        .map_or(0, |i| i + 1);
    let end = text[r.end..]
        .find(char::is_whitespace)
        .map_or(text.len(), |i| r.end + i);
    text.get(start..end).unwrap_or("")
}

/// Whether `n` is no figure: part of a date, a name or identifier, a time,
/// a phone number, URL, version, ordinal or list number.
pub(super) fn excluded(
    text: &str,
    n: &Num,
    lang: Lang,
    dates: &[Range<usize>],
    second_of_range: bool,
) -> bool {
    let r = &n.range;
    if overlaps_sorted(dates, r) || n.split {
        return true;
    }
    if n.kind == NumKind::Words && n.value == 1.0 && n.scale == 1.0 {
        return true;
    }
    let digits_end = n.scale_range.as_ref().map_or(r.end, |s| s.start);
    if n.glued {
        // Only a unit may follow the digits directly (`29km`).
        if unit_after(text, r.end, lang).is_none() {
            return true;
        }
    }
    let mut before = text[..r.start].chars().rev();
    let b1 = before.next();
    let b2 = before.next();
    if b1.is_some_and(char::is_alphanumeric)
        && !(second_of_range && b1.is_some_and(|c| c.is_ascii_digit()))
    {
        return true;
    }
    if !second_of_range
        && matches!(b1, Some('-' | '/' | '_' | '.' | ':' | '+' | '#'))
        && (b2.is_some_and(char::is_alphanumeric) || b1 == Some('+'))
    {
        return true;
    }
    let mut after = text[digits_end..].chars();
    let a1 = after.next();
    let a2 = after.next();
    if matches!(a1, Some(':' | '/')) && a2.is_some_and(|c| c.is_ascii_digit()) {
        return true;
    }
    // Phone numbers: digit groups after a `+` (`+43 1 234567`).
    let seg = text[..r.start]
        .trim_end_matches(|c: char| c.is_ascii_digit() || matches!(c, ' ' | '-' | '/' | '(' | ')'));
    if seg.ends_with('+') || phone_like(text, r) {
        return true;
    }
    let tok = token_around(text, r);
    if tok.contains('@') || tok.contains("://") || tok.starts_with("www.") {
        return true;
    }
    if n.kind == NumKind::Digits && context_after(text, r.end, lang, Role::AfterTime) {
        return true;
    }
    // Ordinals (`am 3. Oktober`, `der 2. Platz`) and list numbering.
    let plain_int = n.kind == NumKind::Digits
        && n.scale == 1.0
        && text[r.clone()].bytes().all(|b| b.is_ascii_digit());
    let before_line = text[..r.start].trim_end_matches(|c: char| c.is_whitespace() && c != '\n');
    let line_start = before_line.is_empty() || before_line.ends_with('\n');
    if plain_int && line_start && matches!(a1, Some('.' | ')')) {
        return true;
    }
    if plain_int && lang == Lang::De && a1 == Some('.') && matches!(a2, Some(')' | ',' | ';')) {
        // Minute marks in match reports: `(3., 66.)`.
        return true;
    }
    if plain_int && lang == Lang::De && a1 == Some('.') && a2.is_some_and(is_space) {
        let rest = text[r.end + 1..].trim_start_matches(is_space);
        if rest.chars().next().is_some_and(char::is_alphabetic) {
            return true;
        }
    }
    if context_before(text, r.start, lang, Role::BeforeId) {
        return true;
    }
    // A product name written in camel case (`iPhone 6`).
    let prev = text[..r.start].trim_end_matches(is_space);
    let prev_word = prev
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    if prev.len() < r.start
        && prev_word.chars().skip(1).any(char::is_uppercase)
        && prev_word.chars().any(char::is_lowercase)
    {
        return true;
    }
    false
}

/// Digit groups joined by spaces and a slash or leading zero, as in phone
/// numbers (`01/234 56 78`).
fn phone_like(text: &str, r: &Range<usize>) -> bool {
    let is_run = |c: char| c.is_ascii_digit() || matches!(c, ' ' | '/' | '-' | '(' | ')');
    let start = text[..r.start].rfind(|c: char| !is_run(c)).map_or(0, |i| {
        i + text[i..].chars().next().map_or(1, char::len_utf8)
    });
    let end = text[r.end..]
        .find(|c: char| !is_run(c))
        .map_or(text.len(), |i| r.end + i);
    let run = text[start..end].trim();
    let groups = run
        .split(|c: char| !c.is_ascii_digit())
        .filter(|g| !g.is_empty())
        .count();
    groups >= 3
        && (run.contains('/') || run.starts_with('0') || run.starts_with('('))
        && run.contains(' ')
}
