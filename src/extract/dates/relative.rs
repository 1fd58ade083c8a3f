//! Relative dates (`gestern`, `vergangene Woche`, `am Montag`, `last year`,
//! `kommenden Dienstag`) resolved against the article's date, and the years
//! of days and months written without one.

use std::sync::LazyLock;

use jiff::civil::Date;
use jiff::ToSpan;

use super::{push, DateMention, DateValue};
use crate::extract::numbers::{lang_matches, tsv_rows};
use crate::text::Lang;

static WEEKDAYS: LazyLock<Vec<(&'static str, &'static str, i8)>> = LazyLock::new(|| {
    tsv_rows(include_str!("../../../lexicons/weekdays.tsv"))
        .filter_map(|r| Some((*r.first()?, *r.get(1)?, r.get(2)?.parse().ok()?)))
        .collect()
});

static RELATIVE: LazyLock<Vec<(&'static str, &'static str, &'static str, i32)>> =
    LazyLock::new(|| {
        let mut v: Vec<_> = tsv_rows(include_str!("../../../lexicons/relative_dates.tsv"))
            .filter_map(|r| Some((*r.first()?, *r.get(1)?, *r.get(2)?, r.get(3)?.parse().ok()?)))
            .collect();
        v.sort_by_key(|m: &(&str, &str, &str, i32)| std::cmp::Reverse(m.0.len()));
        v
    });

fn shift_days(d: Date, n: i64) -> Option<Date> {
    d.checked_add(n.days()).ok()
}

/// Finds relative dates and resolves them against `reference`.
pub(super) fn relative_dates(text: &str, lang: Lang, reference: Date, out: &mut Vec<DateMention>) {
    let lower = text.to_lowercase();
    if lower.len() != text.len() {
        // Lowercasing changed offsets (rare scripts): match case-sensitively.
        relative_scan(text, text, lang, reference, out);
    } else {
        relative_scan(text, &lower, lang, reference, out);
    }
}

fn boundary_ok(s: &str, start: usize, end: usize) -> bool {
    !s[..start]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric)
        && !s[end..].chars().next().is_some_and(char::is_alphanumeric)
}

fn relative_scan(text: &str, lower: &str, lang: Lang, reference: Date, out: &mut Vec<DateMention>) {
    let rels: Vec<_> = RELATIVE
        .iter()
        .filter(|r| lang_matches(r.1, lang))
        .collect();
    for (surface, _, kind, offset) in rels.iter().map(|r| (r.0, r.1, r.2, r.3)) {
        for (start, _) in lower.match_indices(surface) {
            let end = start + surface.len();
            if !boundary_ok(lower, start, end) {
                continue;
            }
            let written = &text[start..end];
            let value = match kind {
                "day" => {
                    // German `Morgen` (the morning) is a noun; `morgen` the adverb.
                    if surface == "morgen" && written != "morgen" {
                        continue;
                    }
                    shift_days(reference, i64::from(offset)).map(|d| {
                        (
                            Some(d.year() as i32),
                            Some(d.month() as u8),
                            Some(d.day() as u8),
                        )
                    })
                }
                "week" => {
                    if let Some(d) = shift_days(reference, 7 * i64::from(offset)) {
                        out.push(DateMention {
                            range: start..end,
                            value: DateValue::week_of(d),
                            relative: true,
                        });
                    }
                    continue;
                }
                "month" => reference
                    .checked_add(offset.months())
                    .ok()
                    .map(|d| (Some(d.year() as i32), Some(d.month() as u8), None)),
                "year" => Some((Some(reference.year() as i32 + offset), None, None)),
                "on" | "last" | "next" => {
                    let after = &lower[end..];
                    let gap = after.len() - after.trim_start_matches([' ', '\u{a0}']).len();
                    if gap == 0 {
                        continue;
                    }
                    let ws = end + gap;
                    let Some((name, _, wd)) = WEEKDAYS
                        .iter()
                        .find(|w| lang_matches(w.1, lang) && lower[ws..].starts_with(w.0))
                    else {
                        continue;
                    };
                    let we = ws + name.len();
                    if !boundary_ok(lower, ws, we) {
                        continue;
                    }
                    // `am Montag, den 15. Januar`: the weekday belongs to the date.
                    let tail = lower[we..].trim_start_matches([',', ' ', '\u{a0}']);
                    let tail = tail
                        .strip_prefix("den ")
                        .or_else(|| tail.strip_prefix("the "))
                        .unwrap_or(tail);
                    if tail.starts_with(|c: char| c.is_ascii_digit()) {
                        continue;
                    }
                    let today = reference.weekday().to_monday_one_offset();
                    // `am Freitag` in a clause about the future (`wird am
                    // Freitag entscheiden`) is the coming Friday.
                    let forward = kind == "next"
                        || kind == "on" && speaks_of_future(clause_around(text, start..we), lang);
                    let shift = if forward {
                        let mut ahead = i64::from((wd - today).rem_euclid(7));
                        if kind == "next" && ahead == 0 {
                            ahead = 7;
                        }
                        ahead
                    } else {
                        let mut back = i64::from((today - wd).rem_euclid(7));
                        if kind == "last" && back == 0 {
                            back = 7;
                        }
                        -back
                    };
                    let Some(d) = shift_days(reference, shift) else {
                        continue;
                    };
                    let range = if kind == "on" { ws..we } else { start..we };
                    push(
                        out,
                        range,
                        Some(d.year() as i32),
                        Some(d.month() as u8),
                        Some(d.day() as u8),
                        true,
                    );
                    continue;
                }
                _ => None,
            };
            if let Some((y, m, d)) = value {
                push(out, start..end, y, m, d, true);
            }
        }
    }
}

/// Words that point a sentence to the future (`kommenden`, `next`, `will`):
/// a day or month without a year then means its next occurrence.
static FUTURE_MARKERS: LazyLock<Vec<(&'static str, &'static str)>> = LazyLock::new(|| {
    tsv_rows(include_str!("../../../lexicons/future_markers.tsv"))
        .filter_map(|r| Some((*r.first()?, *r.get(1)?)))
        .flat_map(|(lang, forms)| forms.split('|').map(move |f| (lang, f)))
        .collect()
});

/// Words that end a clause: a date's tense is read within its own clause
/// (`left on 21 October and will return in March`).
const CLAUSE_WORDS: &[&str] = &["and", "but", "while", "und", "aber", "während", "doch"];

/// The clause of `text` around `range`: from the last `,;:` or clause word
/// before it to the first one after it.
fn clause_around(text: &str, range: std::ops::Range<usize>) -> &str {
    let is_boundary = |word: &str| CLAUSE_WORDS.contains(&word.to_lowercase().as_str());
    let mut start = 0;
    let mut pos = 0;
    for piece in text[..range.start].split_inclusive([',', ';', ':', ' ']) {
        pos += piece.len();
        let word = piece.trim_end_matches(' ');
        if word.ends_with([',', ';', ':']) || is_boundary(word) {
            start = pos;
        }
    }
    let mut end = text.len();
    let mut pos = range.end;
    for piece in text[range.end..].split_inclusive([',', ';', ':', ' ']) {
        let word = piece.trim_end_matches(' ');
        if is_boundary(word) {
            end = pos;
            break;
        }
        pos += piece.len();
        if word.ends_with([',', ';', ':']) {
            end = pos;
            break;
        }
    }
    &text[start..end.max(start)]
}

/// Does `text` speak of the future?
fn speaks_of_future(text: &str, lang: Lang) -> bool {
    let lower = text.to_lowercase();
    FUTURE_MARKERS
        .iter()
        .filter(|(l, _)| lang_matches(l, lang))
        .any(|(_, form)| {
            let (stem, any_ending) = match form.strip_suffix('*') {
                Some(s) => (s, true),
                None => (*form, false),
            };
            lower.match_indices(stem).any(|(i, m)| {
                let end = i + m.len();
                !lower[..i]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric)
                    && (any_ending
                        || !lower[end..]
                            .chars()
                            .next()
                            .is_some_and(char::is_alphanumeric))
            })
        })
}

/// Gives days and months written without a year (`am 21. Oktober`, `im März`)
/// the year that makes them the latest such date not after `reference` —
/// news reports the past — or, when their clause speaks of the future, the
/// first on or after it. Resolved dates count as relative.
pub(super) fn resolve_years(text: &str, lang: Lang, reference: Date, out: &mut [DateMention]) {
    let (ry, rm, rd) = (
        i32::from(reference.year()),
        reference.month() as u8,
        reference.day() as u8,
    );
    for d in out.iter_mut() {
        let (None, Some(m)) = (d.value.year, d.value.month) else {
            continue;
        };
        let future = speaks_of_future(clause_around(text, d.range.clone()), lang);
        let v = &mut d.value;
        // Compare (month, day) with the reference; a bare month compares by month.
        let key = (m, v.day.unwrap_or(if future { 31 } else { 1 }));
        let here = (rm, if v.day.is_some() { rd } else { key.1 });
        let year = match (future, key.cmp(&here)) {
            (false, std::cmp::Ordering::Greater) => ry - 1,
            (true, std::cmp::Ordering::Less) => ry + 1,
            _ => ry,
        };
        // 29 February only exists in leap years.
        if let Some(day) = v.day {
            let Ok(y) = i16::try_from(year) else { continue };
            if Date::new(y, m as i8, day as i8).is_err() {
                continue;
            }
        }
        v.year = Some(year);
        d.relative = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clauses_end_at_punctuation_and_conjunctions() {
        let t = "The ferry left on 21 October and will return in March.";
        let at = t.find("21").unwrap();
        assert_eq!(
            clause_around(t, at..at + 10),
            "The ferry left on 21 October "
        );
        let at = t.find("March").unwrap();
        assert_eq!(clause_around(t, at..at + 5), "will return in March.");
        assert!(speaks_of_future("will return in March.", Lang::En));
        assert!(!speaks_of_future("The ferry left on 21 October ", Lang::En));
        assert!(speaks_of_future("Am kommenden Montag", Lang::De));
    }
}
