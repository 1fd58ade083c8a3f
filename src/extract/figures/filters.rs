//! Numbers that are not figures: dates, names and identifiers, times,
//! scores, phone numbers, URLs, versions, ordinals, list numbering and years.

use std::ops::Range;

use super::is_space;
use super::lexicon::{context_after, context_before, unit_after, Role};
use crate::extract::numbers::{merge_ranges, overlaps_sorted, Num, NumKind};
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

/// The spans of a text that no number inside can be a figure of, found once
/// per text so that each number is judged in constant work: dates and
/// whitespace-delimited tokens that are links or addresses (`x@y42.at`,
/// `https://…`, `www.…`).
pub(super) struct Blocked {
    dates: Vec<Range<usize>>,
    links: Vec<Range<usize>>,
}

impl Blocked {
    pub(super) fn new(text: &str, dates: Vec<Range<usize>>) -> Blocked {
        let mut links = Vec::new();
        let mut start = None;
        let mut push = |s: usize, e: usize| {
            let tok = &text[s..e];
            if tok.contains('@') || tok.contains("://") || tok.starts_with("www.") {
                links.push(s..e);
            }
        };
        for (i, c) in text.char_indices() {
            match (c.is_whitespace(), start) {
                (true, Some(s)) => {
                    push(s, i);
                    start = None;
                }
                (false, None) => start = Some(i),
                _ => {}
            }
        }
        if let Some(s) = start {
            push(s, text.len());
        }
        Blocked {
            dates: merge_ranges(dates),
            links,
        }
    }
}

/// Whether `n` is no figure: part of a date, a name or identifier, a time,
/// a phone number, URL, version, ordinal or list number.
pub(super) fn excluded(
    text: &str,
    n: &Num,
    lang: Lang,
    blocked: &Blocked,
    second_of_range: bool,
) -> bool {
    let r = &n.range;
    if overlaps_sorted(&blocked.dates, r) || overlaps_sorted(&blocked.links, r) || n.split {
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
    // Phone numbers: digit groups after a `+` (`+43 1 234567`), or with a
    // slash or leading zero (`01/234 56 78`).
    if let Some((start, end)) = phone_run(text, r) {
        if text[..start].ends_with('+') || phone_like(&text[start..end]) {
            return true;
        }
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

/// The longest a phone number runs, separators included: E.164 allows 15
/// digits, and spaces, slashes, dashes and brackets between them at most
/// double that.
const PHONE_MAX: usize = 32;

/// The run of digits, spaces, slashes, dashes and brackets around `r`
/// (its own text may hold other characters, as in `10.000`), or `None` when
/// it is too long to be a phone number.
fn phone_run(text: &str, r: &Range<usize>) -> Option<(usize, usize)> {
    let is_run = |c: char| c.is_ascii_digit() || matches!(c, ' ' | '/' | '-' | '(' | ')');
    let before = text[..r.start].bytes().rev().take(PHONE_MAX + 1);
    let back = before.take_while(|&b| is_run(char::from(b))).count();
    let after = text[r.end..].bytes().take(PHONE_MAX + 1);
    let ahead = after.take_while(|&b| is_run(char::from(b))).count();
    crate::extract::numbers::work::step(back + ahead);
    (back + (r.end - r.start) + ahead <= PHONE_MAX).then_some((r.start - back, r.end + ahead))
}

/// Digit groups joined by spaces and a slash or leading zero, as in phone
/// numbers (`01/234 56 78`).
fn phone_like(run: &str) -> bool {
    let run = run.trim();
    let groups = run
        .split(|c: char| !c.is_ascii_digit())
        .filter(|g| !g.is_empty())
        .count();
    groups >= 3
        && (run.contains('/') || run.starts_with('0') || run.starts_with('('))
        && run.contains(' ')
}
