//! Vague quantities standing without a number: `Tausende`, `Zehntausende`,
//! `thousands`, `tens of thousands`, `Millionen`.

use std::ops::Range;

use super::lexicon::{counted_noun, unit_after, QUALS};
use super::{lang_ok, FigureMention, FigureUnit, Qualifier};
use crate::extract::numbers::{merge_ranges, overlaps_sorted, Num};
use crate::text::Lang;

/// `Tausende`, `Zehntausende`, `thousands`, `tens of thousands`, `Millionen`
/// standing without a number.
pub(super) fn vague_figures(
    text: &str,
    lang: Lang,
    nums: &[Num],
    found: &[FigureMention],
) -> Vec<FigureMention> {
    let mut out: Vec<FigureMention> = Vec::new();
    let lower = text.to_lowercase();
    if lower.len() != text.len() {
        // Lowercasing changed byte offsets; fall back to per-word checks.
        return vague_by_words(text, lang, nums, found);
    }
    vague_scan(text, &lower, lang, nums, found, &mut out);
    out
}

fn vague_by_words(
    text: &str,
    lang: Lang,
    nums: &[Num],
    found: &[FigureMention],
) -> Vec<FigureMention> {
    // Replace every char whose lowercase has another byte length by a
    // placeholder of equal length so offsets stay valid.
    let lower: String = text
        .chars()
        .flat_map(|c| {
            let l: String = c.to_lowercase().collect();
            if l.len() == c.len_utf8() {
                l.chars().collect::<Vec<_>>()
            } else {
                std::iter::repeat_n('_', c.len_utf8()).collect()
            }
        })
        .collect();
    let mut out = Vec::new();
    vague_scan(text, &lower, lang, nums, found, &mut out);
    out
}

fn vague_scan(
    text: &str,
    lower: &str,
    lang: Lang,
    nums: &[Num],
    found: &[FigureMention],
    out: &mut Vec<FigureMention>,
) {
    let taken = merge_ranges(
        nums.iter()
            .map(|n| n.range.clone())
            .chain(found.iter().map(|f| f.range.clone()))
            .collect(),
    );
    // `out` grows in text order: only its last figure can overlap.
    let overlaps = |r: &Range<usize>, out: &[FigureMention]| {
        overlaps_sorted(&taken, r) || out.last().is_some_and(|f| r.start < f.range.end)
    };
    let mut i = 0;
    while i < lower.len() {
        let at_word = lower[i..].chars().next().is_some_and(char::is_alphabetic)
            && !lower[..i].chars().last().is_some_and(char::is_alphanumeric);
        if !at_word {
            i += lower[i..].chars().next().map_or(1, char::len_utf8);
            continue;
        }
        let hit = QUALS
            .iter()
            .filter(|q| q.vague && lang_ok(q.lang, lang))
            .find(|q| {
                lower[i..].starts_with(q.surface)
                    && !lower[i + q.surface.len()..]
                        .chars()
                        .next()
                        .is_some_and(char::is_alphanumeric)
            });
        if let Some(q) = hit {
            let r = i..i + q.surface.len();
            // German `Millionen` etc. are nouns: capitalised.
            let cap_ok = lang == Lang::En
                || text[r.clone()]
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase);
            if cap_ok && !overlaps(&r, out) {
                let (unit, end) = match unit_after(text, r.end, lang) {
                    Some((u, ur)) => (Some(u), ur.end),
                    None => match counted_noun(text, r.end, lang, true) {
                        Some(nr) => (
                            Some(FigureUnit::Counted(text[nr.clone()].to_string())),
                            nr.end,
                        ),
                        None => (None, r.end),
                    },
                };
                let low = q.low.at(0.0);
                out.push(FigureMention {
                    range: r.start..end,
                    low,
                    high: q.high.at(0.0),
                    value: low.unwrap_or(0.0),
                    qualifier: Qualifier::Vague,
                    unit,
                    number_range: r.clone(),
                });
            }
            i = r.end;
            continue;
        }
        i += lower[i..].chars().next().map_or(1, char::len_utf8);
    }
}
