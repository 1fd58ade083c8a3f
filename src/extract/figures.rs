//! Figures: a number or range with its qualifier (`über`, `rund`, `bis zu`, …)
//! and what it counts (a noun such as `Soldaten`, a unit such as `km`, a
//! percentage or a currency), read as an interval.

use std::ops::Range;

use serde::Serialize;

use super::dates::DateMention;
use crate::text::Lang;

/// How a figure's value was qualified in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
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
pub fn find_figures(_text: &str, _lang: Lang, _dates: &[DateMention]) -> Vec<FigureMention> {
    Vec::new()
}
