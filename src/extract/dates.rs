//! Dates: `1. November 2024`, `01.11.2024`, `November 1, 2024`, `2024-11-01`,
//! months with and without years, years, and relative dates (`gestern`,
//! `vergangene Woche`, `yesterday`) resolved against the article's date.

use std::ops::Range;
use std::sync::LazyLock;

use jiff::civil::Date;
use regex::Regex;

use serde::Serialize;

use super::figures::{followed_by_unit, followed_by_unit_or_noun, qualified_before};
use super::numbers::{lang_matches, tsv_rows};
use crate::text::Lang;
use relative::{relative_dates, resolve_years};
pub use value::{resolved_beside, shown, written_out, DateValue};

mod relative;
pub mod spans;
mod value;

/// A date found in text.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DateMention {
    /// Byte range of the date expression (without a leading `am`/`on`).
    pub range: Range<usize>,
    pub value: DateValue,
    /// True for `gestern`, `last week`, … (resolved against a reference date).
    pub relative: bool,
}

/// Finds the dates in `text`. Relative dates are resolved against `reference`
/// (the article's date) and skipped when it is `None`; so are the years of
/// days and months written without one (`am 21. Oktober` → the latest 21
/// October not after the reference, or the next one when the sentence speaks
/// of the future).
///
/// Granularity: full dates give a day; `November 2024` and bare months
/// (`im Mai`, year `None`) a month; years a year; day and month without a year
/// (`am 1. November`) a day with year `None`. Relative expressions:
/// `gestern`/`yesterday`/`heute` give a day; weekdays after `am`/`on` the most
/// recent such day on or before the reference (after `letzten`/`last`:
/// strictly before; after `kommenden`/`next` or in a clause that speaks of
/// the future: the next such day); month and year expressions their month or
/// year. Week expressions (`vergangene Woche`, `last week`, `Anfang der
/// Woche`) resolve to an ISO week (`2024-W45`).
pub fn find_dates(text: &str, lang: Lang, reference: Option<Date>) -> Vec<DateMention> {
    let mut cands: Vec<DateMention> = Vec::new();
    absolute_dates(text, lang, &mut cands);
    bare_years(text, lang, &mut cands);
    if let Some(r) = reference {
        resolve_years(text, lang, r, &mut cands);
        relative_dates(text, lang, r, &mut cands);
    }
    // Longest first among those starting at the same place; no overlaps.
    cands.sort_by(|a, b| {
        a.range
            .start
            .cmp(&b.range.start)
            .then(b.range.end.cmp(&a.range.end))
    });
    let mut out: Vec<DateMention> = Vec::new();
    for c in cands {
        // Sorted by start: only the last kept date can overlap.
        if out.last().is_some_and(|o| c.range.start < o.range.end) {
            continue;
        }
        out.push(c);
    }
    out
}

static MONTHS: LazyLock<Vec<(&'static str, &'static str, u8)>> = LazyLock::new(|| {
    let mut v: Vec<_> = tsv_rows(include_str!("../../lexicons/months.tsv"))
        .filter_map(|r| Some((*r.first()?, *r.get(1)?, r.get(2)?.parse().ok()?)))
        .collect();
    v.sort_by_key(|m: &(&str, &str, u8)| std::cmp::Reverse(m.0.len()));
    v
});

fn month_alt() -> String {
    let mut names: Vec<String> = MONTHS.iter().map(|m| regex::escape(m.0)).collect();
    names.dedup();
    names.join("|")
}

static RE_ISO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(\d{4})([-/.])(\d{1,2})([-/.])(\d{1,2})\b").unwrap_or_else(|_| unreachable!())
});
static RE_DMY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(\d{1,2})([./-])(\d{1,2})([./-])(\d{4}|\d{2})?")
        .unwrap_or_else(|_| unreachable!())
});
static RE_DAY_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(\d{{1,2}})(\.|st|nd|rd|th)?[ \u00a0]*(?:of[ \u00a0]+)?({})\b(\.)?(?:,?[ \u00a0]+(\d{{4}})\b)?",
        month_alt()
    ))
    .unwrap_or_else(|_| unreachable!())
});
static RE_MONTH_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b({})\b\.?[ \u00a0]+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?[ \u00a0]+(\d{{4}})\b)?",
        month_alt()
    ))
    .unwrap_or_else(|_| unreachable!())
});
static RE_MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b({})\b\.?[ \u00a0]+(\d{{4}})\b",
        month_alt()
    ))
    .unwrap_or_else(|_| unreachable!())
});
static RE_BARE_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b(?:(?:im|Im|in|In|Anfang|Mitte|Ende|seit|Seit|bis|since|Since|until|during|early|late|mid|of)[ \u00a0]+|[Mm]id-)({})\b",
        month_alt_capitalised()
    ))
    .unwrap_or_else(|_| unreachable!())
});
static RE_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(19\d\d|20\d\d|2100)\b").unwrap_or_else(|_| unreachable!()));

/// Full month names, capitalised (bare months must be written as names).
fn month_names_capitalised() -> Vec<String> {
    MONTHS
        .iter()
        .filter(|m| m.0.chars().count() > 3 || m.0 == "mai" || m.0 == "may")
        .map(|m| {
            let mut c = m.0.chars();
            let first: String = c
                .next()
                .map(|f| f.to_uppercase().collect())
                .unwrap_or_default();
            format!("{first}{}", c.as_str())
        })
        .collect()
}

fn month_alt_capitalised() -> String {
    month_names_capitalised()
        .iter()
        .map(|m| regex::escape(m))
        .collect::<Vec<_>>()
        .join("|")
}

/// The names `RE_BARE_MONTH` needs: a sentence without one is not searched.
static BARE_MONTH_NAMES: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
    aho_corasick::AhoCorasick::new(month_names_capitalised()).unwrap_or_else(|_| unreachable!())
});

fn month_of(name: &str, lang: Lang) -> Option<u8> {
    let l = name.to_lowercase();
    MONTHS
        .iter()
        .find(|m| m.0 == l && lang_matches(m.1, lang))
        .map(|m| m.2)
}

fn valid(y: Option<i32>, m: u8, d: Option<u8>) -> bool {
    if !(1..=12).contains(&m) {
        return false;
    }
    match d {
        None => true,
        Some(d) => Date::new(
            i16::try_from(y.unwrap_or(2000)).unwrap_or(2000),
            m as i8,
            d as i8,
        )
        .is_ok(),
    }
}

fn year_of(s: &str) -> Option<i32> {
    let y: i32 = s.parse().ok()?;
    Some(match s.len() {
        2 if y < 50 => 2000 + y,
        2 => 1900 + y,
        _ => y,
    })
}

/// Adds a date mention to `out`.
pub(crate) fn push(
    out: &mut Vec<DateMention>,
    range: Range<usize>,
    y: Option<i32>,
    m: Option<u8>,
    d: Option<u8>,
    relative: bool,
) {
    out.push(DateMention {
        range,
        value: DateValue {
            year: y,
            month: m,
            day: d,
            week: None,
        },
        relative,
    });
}

/// Words after four digits that make them a time of day (`1400 GMT`).
static CLOCK_WORDS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    include_str!("../../lexicons/clock_words.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
});

/// Is the number ending at `end` a time of day (`1400 GMT`, `1930 Uhr`)?
fn clock_time_at(text: &str, end: usize) -> bool {
    let next = text[end..].trim_start_matches([' ', '\u{a0}']);
    CLOCK_WORDS.iter().any(|w| {
        next.strip_prefix(w)
            .is_some_and(|rest| !rest.starts_with(char::is_alphanumeric))
    })
}

fn digit_at(text: &str, i: usize) -> bool {
    text.as_bytes().get(i).is_some_and(u8::is_ascii_digit)
}

/// The matches of `re` in `text`, or none without running it when `run` is
/// false (a pattern that needs a digit in a sentence that has none).
fn captures_if<'r, 't>(re: &'r Regex, text: &'t str, run: bool) -> regex::CaptureMatches<'r, 't> {
    re.captures_iter(if run { text } else { "" })
}

fn absolute_dates(text: &str, lang: Lang, out: &mut Vec<DateMention>) {
    // Every pattern but the bare month needs a digit (`\d` is any Unicode
    // decimal digit, which `is_numeric` covers); most sentences have none.
    let digits = text.chars().any(char::is_numeric);
    for c in captures_if(&RE_ISO, text, digits) {
        let (Some(all), Some(y), Some(m), Some(d)) = (c.get(0), c.get(1), c.get(3), c.get(5))
        else {
            continue;
        };
        if c.get(2).map(|x| x.as_str()) != c.get(4).map(|x| x.as_str()) || digit_at(text, all.end())
        {
            continue;
        }
        let (y, m, d) = (
            y.as_str().parse().ok(),
            m.as_str().parse().unwrap_or(0),
            d.as_str().parse().ok(),
        );
        if valid(y, m, d) {
            push(out, all.range(), y, Some(m), d, false);
        }
    }
    for c in captures_if(&RE_DMY, text, digits) {
        let (Some(all), Some(a), Some(b)) = (c.get(0), c.get(1), c.get(3)) else {
            continue;
        };
        let (s1, s2) = (
            c.get(2).map_or("", |x| x.as_str()),
            c.get(4).map_or("", |x| x.as_str()),
        );
        let year = c.get(5);
        if s1 != s2
            || digit_at(text, all.end())
            || text[..all.start()].ends_with(['.', ',', '/', '-'])
        {
            continue;
        }
        let mut end = all.end();
        let (a, b): (u8, u8) = (
            a.as_str().parse().unwrap_or(0),
            b.as_str().parse().unwrap_or(0),
        );
        // d.m.y in German; m/d/y in English unless the first part exceeds 12.
        let (d, m) = if lang == Lang::En && s1 != "." && a <= 12 {
            (b, a)
        } else {
            (a, b)
        };
        let y = match year {
            Some(y) => year_of(y.as_str()),
            None => {
                // `15.1.` without a year: German, dot-separated only.
                if !(s1 == "." && lang == Lang::De) {
                    continue;
                }
                None
            }
        };
        if year.is_some() && text[end..].starts_with('.') && digit_at(text, end + 1) {
            continue;
        }
        if year.is_none() {
            end = all.end();
        }
        if valid(y, m, Some(d)) {
            push(out, all.start()..end, y, Some(m), Some(d), false);
        }
    }
    for c in captures_if(&RE_DAY_MONTH, text, digits) {
        let (Some(all), Some(d), Some(mn)) = (c.get(0), c.get(1), c.get(3)) else {
            continue;
        };
        let Some(m) = month_of(mn.as_str(), lang) else {
            continue;
        };
        if !mn.as_str().chars().next().is_some_and(char::is_uppercase) {
            continue;
        }
        if lang == Lang::De && c.get(2).map(|x| x.as_str()) != Some(".") {
            continue;
        }
        if text[..all.start()].ends_with(['.', ','])
            && digit_at(text, all.start().saturating_sub(2))
        {
            continue;
        }
        let d: u8 = d.as_str().parse().unwrap_or(0);
        // `26 February 1400 GMT`: the digits are the kick-off, not the year.
        let y = c
            .get(5)
            .filter(|y| !clock_time_at(text, y.end()))
            .and_then(|y| year_of(y.as_str()));
        let mut end = all.end();
        if y.is_none() {
            // Keep an abbreviation's dot only when it is not the sentence end.
            end = c.get(4).map_or(mn.end(), |dot| {
                if mn.as_str().len() <= 4 {
                    dot.end()
                } else {
                    mn.end()
                }
            });
        }
        if valid(y, m, Some(d)) {
            push(out, all.start()..end, y, Some(m), Some(d), false);
        }
    }
    if lang == Lang::En {
        for c in captures_if(&RE_MONTH_DAY, text, digits) {
            let (Some(all), Some(mn), Some(d)) = (c.get(0), c.get(1), c.get(2)) else {
                continue;
            };
            let Some(m) = month_of(mn.as_str(), lang) else {
                continue;
            };
            if !mn.as_str().chars().next().is_some_and(char::is_uppercase)
                || digit_at(text, all.end())
            {
                continue;
            }
            let d: u8 = d.as_str().parse().unwrap_or(0);
            let y = c.get(3).and_then(|y| year_of(y.as_str()));
            if valid(y, m, Some(d)) {
                push(out, all.range(), y, Some(m), Some(d), false);
            }
        }
    }
    for c in captures_if(&RE_MONTH_YEAR, text, digits) {
        let (Some(all), Some(mn), Some(y)) = (c.get(0), c.get(1), c.get(2)) else {
            continue;
        };
        let Some(m) = month_of(mn.as_str(), lang) else {
            continue;
        };
        if !mn.as_str().chars().next().is_some_and(char::is_uppercase) {
            continue;
        }
        push(out, all.range(), year_of(y.as_str()), Some(m), None, false);
    }
    for c in captures_if(&RE_BARE_MONTH, text, BARE_MONTH_NAMES.is_match(text)) {
        let Some(mn) = c.get(1) else { continue };
        if let Some(m) = month_of(mn.as_str(), lang) {
            push(out, mn.range(), None, Some(m), None, false);
        }
    }
}

/// Words before a four-digit number that make it a year.
fn year_context(text: &str, pos: usize, lang: Lang) -> bool {
    let before = text[..pos].trim_end();
    let last: String = before
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("")
        .to_lowercase();
    let words: &[&str] = match lang {
        Lang::De => &[
            "jahr",
            "jahre",
            "jahres",
            "seit",
            "bis",
            "ab",
            "in",
            "im",
            "vor",
            "nach",
            "anno",
            "von",
            "zwischen",
            "und",
            "sommer",
            "herbst",
            "winter",
            "frühjahr",
            "frühling",
            "jahreswechsel",
            "ende",
            "anfang",
            "mitte",
        ],
        Lang::En => &[
            "year", "since", "until", "in", "by", "of", "from", "between", "and", "before",
            "after", "during", "summer", "autumn", "winter", "spring", "fall", "early", "late",
            "mid", "end",
        ],
    };
    before.len() < pos && words.contains(&last.as_str())
}

fn bare_years(text: &str, lang: Lang, out: &mut Vec<DateMention>) {
    // A year starts with the ASCII digits `19`, `20` or `21`.
    let haystack = if text.bytes().any(|b| b.is_ascii_digit()) {
        text
    } else {
        ""
    };
    for m in RE_YEAR.find_iter(haystack) {
        let r = m.range();
        let prev = text[..r.start].chars().next_back();
        let next = text[r.end..].chars().next();
        if prev.is_some_and(|c| {
            c.is_alphanumeric()
                || matches!(c, '.' | ',' | '-' | '/' | '$' | '€' | '£' | '+' | '#' | ':')
        }) || next.is_some_and(|c| c.is_alphanumeric() || c == '%' || c == '€' || c == '$')
        {
            continue;
        }
        if matches!(next, Some('.' | ',' | ':' | '/')) && digit_at(text, r.end + 1) {
            continue;
        }
        if qualified_before(text, r.start, lang) {
            continue;
        }
        if followed_by_unit(text, r.end, lang) {
            continue;
        }
        let context = year_context(text, r.start, lang);
        if !context && followed_by_unit_or_noun(text, r.end, lang) {
            continue;
        }
        let y = m.as_str().parse().ok();
        push(out, r, y, None, None, false);
    }
}

#[cfg(test)]
mod tests;
