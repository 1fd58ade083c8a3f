//! Figures: a number or range with its qualifier (`über`, `rund`, `bis zu`, …)
//! and what it counts (a noun such as `Soldaten`, a unit such as `km`, a
//! percentage or a currency), read as an interval.

use std::ops::Range;

use serde::Serialize;

use super::dates::DateMention;
use super::numbers::{is_plain, read, Num, NumKind, NumberMention, Phrase};
use crate::text::Lang;
use filters::{excluded, is_four_digit_year, is_year_like, Blocked};
use lexicon::{
    context_before, counted_noun, interval, partitive_after, partitive_gap, unit_after,
    unit_before, Role,
};
use phrases::{connector, hyphen_compound, opener_before, qualifier_before};
use vague::vague_figures;

mod changes;
mod filters;
mod lexicon;
#[cfg(test)]
mod linear_tests;
mod phrases;
#[cfg(test)]
mod reading_tests;
mod vague;

/// The unit of a share written as a fraction or ratio of a group (`zwei
/// Drittel der Stimmen`), valued in percent of the group.
pub const SHARE: &str = "share";

/// How a figure's value was qualified in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Qualifier {
    /// `12.000`
    Exact,
    /// `zwischen 10.000 und 12.000`, `10.000 bis 12.000`, `10–12`
    Range,
    /// `rund`, `etwa`, `ca.`, `about`
    Approximately,
    /// `über`, `mehr als`, `more than`
    MoreThan,
    /// `knapp`, `fast`, `nearly`
    Nearly,
    /// `bis zu`, `up to`
    UpTo,
    /// `mindestens`, `at least`
    AtLeast,
    /// `Tausende`, `thousands`, `Zehntausende`
    Vague,
}

/// What a figure counts or measures.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FigureUnit {
    /// `%`, `Prozent`, `percent`
    Percent,
    /// Money, with its ISO 4217 code (`USD`, `EUR`, `GBP`, …).
    Currency(String),
    /// A unit of measure by its symbol (`km`, `kg`, `t`, `m²`, …).
    Measure(String),
    /// A counted noun as written in the text (`Soldaten`, `Länder`, `years`).
    Counted(String),
}

/// A figure found in text.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FigureMention {
    /// Byte range of the whole expression: qualifier, number(s), scale word,
    /// unit or counted noun. Never spans a line break.
    pub range: Range<usize>,
    /// Lower end of the interval the text asserts; `None` when open.
    pub low: Option<f64>,
    /// Upper end of the interval; `None` when open.
    pub high: Option<f64>,
    /// The number as written, scale applied (for `zwischen 10 und 12` the
    /// first number; for `über 2 Milliarden`, 2e9).
    pub value: f64,
    pub qualifier: Qualifier,
    /// What is counted or measured, when the text says.
    pub unit: Option<FigureUnit>,
    /// Byte range of the numeric part alone (without qualifier and unit):
    /// what a quick fix replaces.
    pub number_range: Range<usize>,
}

/// Finds the figures in `text`, skipping numbers that are part of `dates`.
///
/// Exclusive interval ends (`über 100` = (100, 150]) are stored as the
/// bound's value; the qualifier tells whether the end is inclusive.
pub fn find_figures(text: &str, lang: Lang, dates: &[DateMention]) -> Vec<FigureMention> {
    find_figures_and_numbers(text, lang, dates).0
}

/// Finds the figures in `text` and the numbers that are neither part of a
/// figure nor of one of `dates` (`im Jahr 2024`, `G7`-free plain numbers
/// such as `Punkt 3`). Both come from one reading of the text
/// (`numbers::read`).
pub fn find_figures_and_numbers(
    text: &str,
    lang: Lang,
    dates: &[DateMention],
) -> (Vec<FigureMention>, Vec<NumberMention>) {
    let nums = read(text, lang);
    let blocked = Blocked::new(text, dates.iter().map(|d| d.range.clone()).collect());
    let mut out = Vec::new();
    let mut k = 0;
    while k < nums.len() {
        let n = &nums[k];
        if excluded(text, n, lang, &blocked, false) {
            k += 1;
            continue;
        }
        let (fig, used) = build(text, lang, &nums, k, &blocked);
        if let Some(f) = fig {
            out.push(f);
        }
        k += used;
    }
    out.extend(vague_figures(text, lang, &nums, &out));
    out.sort_by_key(|f| f.range.start);
    changes::share_change_units(text, lang, &mut out);
    changes::counts_named_before(text, lang, &mut out);
    let taken = super::numbers::merge_ranges(
        out.iter()
            .map(|f| f.range.clone())
            .chain(dates.iter().map(|d| d.range.clone()))
            .collect(),
    );
    let numbers = nums
        .into_iter()
        .filter(|n| is_plain(n, text) && !super::numbers::overlaps_sorted(&taken, &n.range))
        .map(|n| NumberMention {
            range: n.range,
            value: n.value,
        })
        .collect();
    (out, numbers)
}

/// Whether a unit or a counted noun follows byte `pos` (`2024 Soldaten`):
/// the number before it counts something rather than naming a year.
pub(crate) fn followed_by_unit_or_noun(text: &str, pos: usize, lang: Lang) -> bool {
    followed_by_unit(text, pos, lang) || counted_noun(text, pos, lang, false).is_some()
}

/// Whether a unit, currency or percent sign follows byte `pos` (`2000 Euro`).
pub(crate) fn followed_by_unit(text: &str, pos: usize, lang: Lang) -> bool {
    unit_after(text, pos, lang).is_some()
}

/// Whether a qualifier (`über`, `rund`, `about`) ends right before `pos`.
pub(crate) fn qualified_before(text: &str, pos: usize, lang: Lang) -> bool {
    qualifier_before(text, pos, lang).is_some()
}

/// Horizontal spaces that may sit inside a figure (also U+00A0, U+202F).
pub(crate) fn is_space(c: char) -> bool {
    c == ' ' || c == '\u{a0}' || c == '\u{202f}'
}

/// Whether a lexicon row's language column covers `lang`.
pub(crate) fn lang_ok(col: &str, lang: Lang) -> bool {
    super::numbers::lang_matches(col, lang)
}

/// Builds the figure starting with number `k`; returns it and how many
/// numbers it used.
fn build(
    text: &str,
    lang: Lang,
    nums: &[Num],
    k: usize,
    blocked: &Blocked,
) -> (Option<FigureMention>, usize) {
    let n = &nums[k];
    let mut first_value = n.value;
    let mut last_end = n.range.end;
    let mut money_fix: Option<usize> = None;
    let cur_before = unit_before(text, n.range.start, lang);
    // English news writes `5m people` for millions: a plural noun after
    // `5m` keeps the million (`a 100m sprint` stays metres).
    let millions_of = lang == Lang::En
        && counted_noun(text, n.range.end, lang, false).is_some_and(|r| {
            let w = &text[r];
            w == "people" || (w.ends_with('s') && !w.ends_with("ss"))
        });
    if n.money_scale && cur_before.is_none() && !millions_of {
        // `5m` without a currency is five metres.
        first_value = n.base;
        money_fix = n.scale_range.as_ref().map(|s| s.start);
        last_end = money_fix.unwrap_or(last_end);
    }
    let lead = cur_before.as_ref().map_or(n.range.start, |c| c.1.start);
    let opener = opener_before(text, lead, lang);
    let mut used = 1;
    let mut second: Option<f64> = None;
    // A share and a plain number make no range (`two thirds - 65%`).
    let whole_number = |m: &Num| !matches!(m.phrase, Phrase::Fraction | Phrase::Ratio);
    if let Some(m) = nums
        .get(k + 1)
        .filter(|m| whole_number(n) && whole_number(m))
    {
        if let Some(dash) = text
            .get(n.range.end..m.range.start)
            .and_then(|g| connector(g, lang, opener.is_some()))
        {
            if !excluded(text, m, lang, blocked, true) {
                let mut a = n.value;
                if n.scale == 1.0 && m.scale > 1.0 && a * m.scale <= m.value {
                    a *= m.scale;
                }
                if a <= m.value {
                    first_value = a;
                    second = Some(m.value);
                    last_end = m.range.end;
                    used = 2;
                } else if dash && a.fract() == 0.0 && m.value.fract() == 0.0 {
                    // `3-1`: a score.
                    return (None, 2);
                }
            }
        }
    }
    // `Six Nations`, `Formula One`: an English number word before a name.
    if lang == Lang::En && n.kind == NumKind::Words && second.is_none() {
        let next = text[n.range.end..].trim_start_matches(is_space);
        if next.len() < text.len() - n.range.end
            && next.chars().next().is_some_and(char::is_uppercase)
        {
            return (None, used);
        }
    }
    // A proper fraction or ratio of a group is a share of it, read in
    // percent of the group: `zwei Drittel der Abgeordneten`, `one in five adults`
    // (`ein halbes Jahr`, `three quarters of an hour` stay quantities).
    let share = matches!(n.phrase, Phrase::Fraction | Phrase::Ratio)
        && second.is_none()
        && cur_before.is_none()
        && money_fix.is_none()
        && n.value > 0.0
        && n.value < 1.0
        && (partitive_after(text, last_end, lang)
            || (n.phrase == Phrase::Ratio && counted_noun(text, last_end, lang, false).is_some()));
    let year_like = is_year_like(text, n) && cur_before.is_none();
    if year_like
        && (second.is_some() || opener.is_some())
        && nums.get(k + 1).is_some_and(|m| is_year_like(text, m))
    {
        return (None, used);
    }
    // Unit or counted noun.
    let mut unit = None;
    let mut end = last_end;
    let compound = hyphen_compound(text, last_end);
    if let Some(c) = &compound {
        // `7-X` names a thing; `26-Jährige`, `19-year-old` describe it.
        let w = &text[c.clone()];
        if w.chars().count() <= 2 || w.chars().all(|ch| !ch.is_lowercase()) {
            return (None, used);
        }
    }
    if let Some(c) = compound {
        unit = Some(FigureUnit::Counted(
            compound_counts(&text[c.clone()], lang).to_string(),
        ));
        end = c.end;
    } else if money_fix.is_some() {
        unit = Some(FigureUnit::Measure("m".into()));
        end = n.range.end;
    } else if let Some((u, r)) = unit_after(text, last_end, lang) {
        unit = Some(u);
        end = r.end;
    } else if let Some((u, _)) = cur_before.clone() {
        unit = Some(u);
    } else if let Some(r) = counted_noun(text, last_end, lang, false) {
        unit = Some(FigureUnit::Counted(text[r.clone()].to_string()));
        end = r.end;
    } else if let Some(r) = whole_counts(text, lang, n, nums.get(k + 1)) {
        // `178 der 300 Abgeordneten`: the part counts what its whole counts.
        unit = Some(FigureUnit::Counted(text[r].to_string()));
    }
    if share {
        // Compared with other shares in words only: a digit percentage in a
        // similar sentence is too often another poll's (`two-thirds of
        // Britons` against `45% of people`).
        unit = Some(FigureUnit::Measure(SHARE.into()));
    } else if n.phrase == Phrase::Fraction
        && n.kind == NumKind::Words
        && lang == Lang::En
        && matches!(unit, Some(FigureUnit::Counted(_)))
    {
        // `a third term`, `a two-thirds majority`: an ordinal or an
        // attribute, not a count of terms or majorities.
        unit = None;
        end = last_end;
    }
    // Years: bare 1900–2100 without a unit, or any four-digit year after
    // `seit`, `im Jahr`, `since`, … unless money or a measure follows.
    let counted_or_none = matches!(unit, None | Some(FigureUnit::Counted(_)));
    let year_context = counted_or_none
        && cur_before.is_none()
        && is_four_digit_year(text, n)
        && context_before(text, lead, lang, Role::BeforeYear);
    if (year_like && unit.is_none()) || year_context {
        return (None, used);
    }
    let mut start = lead;
    let first_value = if share { 100.0 * n.value } else { first_value };
    let (qualifier, low, high) = if let Some(b) = second {
        if let Some(o) = &opener {
            start = o.start;
        }
        (Qualifier::Range, Some(first_value), Some(b))
    } else if let Some((q, surface, qs)) = qualifier_before(text, lead, lang) {
        start = qs;
        let (lo, hi) = interval(q, Some(surface), first_value);
        (q, lo, hi)
    } else {
        (Qualifier::Exact, Some(first_value), Some(first_value))
    };
    let fig = FigureMention {
        range: start..end.max(last_end),
        low,
        high,
        // The number as written: a share's fraction, a range's first number
        // before it borrows the second's scale (`100 bis 300 Milliarden`).
        value: if share || second.is_some() {
            n.value
        } else {
            first_value
        },
        qualifier,
        unit,
        number_range: n.range.start..last_end,
    };
    (Some(fig), used)
}

/// What a number joined to a compound counts: in German the compound's first
/// noun (`26.000-Einwohner-Stadt` counts Einwohner, `5-Sterne-Hotel` Sterne);
/// otherwise the whole compound (`26-Jährige`, `19-year-old`).
fn compound_counts(compound: &str, lang: Lang) -> &str {
    match compound.split_once('-') {
        Some((first, _))
            if lang == Lang::De && first.chars().next().is_some_and(char::is_uppercase) =>
        {
            first
        }
        _ => compound,
    }
}

/// The noun counted by the whole that number `n` is a part of, when the
/// next number `whole` follows a partitive (`178 der 300 Abgeordneten`,
/// `12 out of 20 clubs`).
fn whole_counts(text: &str, lang: Lang, n: &Num, whole: Option<&Num>) -> Option<Range<usize>> {
    let whole = whole?;
    let gap = text.get(n.range.end..whole.range.start)?;
    if !partitive_gap(gap, lang) || whole.phrase != Phrase::Single || whole.value <= n.value {
        return None;
    }
    counted_noun(text, whole.range.end, lang, false)
}

#[cfg(test)]
mod tests;
