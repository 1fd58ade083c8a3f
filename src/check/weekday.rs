//! `weekday-mismatch`: a weekday written beside a full date that falls on
//! another day (`am Donnerstag, dem 1. November 2024` — that was a Friday;
//! `on Thursday, 1 November 2024`). Needs no archive: the calendar decides.

use std::sync::LazyLock;

use jiff::civil::Date;

use super::{CheckContext, Finding, FindingCode, Fix, Severity};
use crate::extract::numbers::{lang_matches, tsv_rows};
use crate::text::Lang;

/// Weekday names (lower case) with their language and number (Monday = 1).
static WEEKDAYS: LazyLock<Vec<(&'static str, &'static str, i8)>> = LazyLock::new(|| {
    tsv_rows(include_str!("../../lexicons/weekdays.tsv"))
        .filter_map(|r| Some((*r.first()?, *r.get(1)?, r.get(2)?.parse().ok()?)))
        .collect()
});

/// Words allowed between the weekday and its date (`dem`, `the`).
const LINKS: &[&str] = &["dem", "den", "the", "der"];

/// The weekday written right before byte `start` of `text` (`Donnerstag, dem `),
/// with its range and number.
fn weekday_before(text: &str, start: usize, lang: Lang) -> Option<(std::ops::Range<usize>, i8)> {
    let mut head = text[..start].trim_end_matches([' ', '\u{a0}', ',']);
    let mut words = 0;
    loop {
        let word_start = head
            .char_indices()
            .rev()
            .find(|(_, c)| !c.is_alphabetic())
            .map_or(0, |(i, c)| i + c.len_utf8());
        let word = &head[word_start..];
        if word.is_empty() {
            return None;
        }
        let lower = word.to_lowercase();
        if let Some(w) = WEEKDAYS
            .iter()
            .find(|w| lang_matches(w.1, lang) && w.0 == lower)
        {
            return Some((word_start..head.len(), w.2));
        }
        words += 1;
        if words > 1 || !LINKS.contains(&lower.as_str()) {
            return None;
        }
        head = head[..word_start].trim_end_matches([' ', '\u{a0}', ',']);
    }
}

/// The weekday name of `day` in `lang`, capitalised.
fn weekday_name(day: i8, lang: Lang) -> String {
    let name = WEEKDAYS
        .iter()
        .find(|w| lang_matches(w.1, lang) && w.2 == day)
        .map_or("", |w| w.0);
    let mut c = name.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// Checks every full date of the draft that has a weekday before it.
pub fn check(ctx: &CheckContext<'_>) -> Vec<Finding> {
    let text = &ctx.extraction.masked.text;
    let mut out = Vec::new();
    for d in &ctx.extraction.dates {
        let v = &d.mention.value;
        // Only years as written: a resolved year is the checker's guess.
        let (Some(y), Some(m), Some(day), false) = (v.year, v.month, v.day, d.mention.relative)
        else {
            continue;
        };
        let Ok(date) = Date::new(i16::try_from(y).unwrap_or(i16::MAX), m as i8, day as i8) else {
            continue;
        };
        let Some((range, written)) = weekday_before(text, d.mention.range.start, ctx.lang) else {
            continue;
        };
        let actual = date.weekday().to_monday_one_offset();
        if actual == written {
            continue;
        }
        let name = weekday_name(actual, ctx.lang);
        let (weekday, when) = (
            &ctx.source[range.clone()],
            &ctx.source[d.mention.range.clone()],
        );
        let message = match ctx.lang {
            Lang::De => format!("„{weekday}“ passt nicht zum Datum: Der {when} ist ein {name}."),
            Lang::En => format!("“{weekday}” does not fit the date: {when} is a {name}."),
        };
        out.push(Finding {
            code: FindingCode::WeekdayMismatch,
            severity: Severity::Warning,
            range: range.start..d.mention.range.end,
            message,
            evidence: Vec::new(),
            fix: Some(Fix { range, text: name }),
            similarity: None,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_weekday_before_a_date() {
        let t = "Am Donnerstag, dem 7. März 2024 begann es.";
        let start = t.find("7.").unwrap();
        let (range, day) = weekday_before(t, start, Lang::De).unwrap();
        assert_eq!((&t[range], day), ("Donnerstag", 4));
        let t = "on Tuesday, 5 March 2024";
        let start = t.find('5').unwrap();
        assert_eq!(weekday_before(t, start, Lang::En).unwrap().1, 2);
        // Another word between them: no weekday of this date.
        let t = "am Montag und am 5. März 2024";
        assert!(weekday_before(t, t.find('5').unwrap(), Lang::De).is_none());
        assert_eq!(weekday_name(5, Lang::De), "Freitag");
        assert_eq!(weekday_name(6, Lang::En), "Saturday");
    }
}
