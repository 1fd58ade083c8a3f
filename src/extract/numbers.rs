//! Numerals and number words: `10.000`, `10,000`, `0,5`, `1 234`, `zwölf`,
//! `zwei Milliarden`, `eineinhalb`, `twelve`, `2.5 bn`, … resolved to values.

use std::ops::Range;

use crate::text::Lang;

/// One number found in text, with its value resolved.
#[derive(Clone, Debug, PartialEq)]
pub struct NumberMention {
    /// Byte range in the text that was searched.
    pub range: Range<usize>,
    /// The resolved value, scale words applied (`2 Milliarden` → 2e9).
    pub value: f64,
}

/// Finds every number in `text`.
pub fn find_numbers(_text: &str, _lang: Lang) -> Vec<NumberMention> {
    Vec::new()
}
