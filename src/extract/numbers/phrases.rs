//! Number phrases built from the numbers `scan` finds: fractions (`two
//! thirds`, `zwei Drittel`, `a hundredth`, `3/4`, `½`, `2 1/4`, `one over
//! three`, `two out of five`), mixed numbers (`five and a quarter`, `six
//! million and two thirds`), signs in words (`minus five`, `negative one`),
//! spoken decimals (`three point five`, `zwei Komma drei`), digits mixed with
//! scale words (`3 hundred and 21`, `3 Millionen 200 Tausend`) and scientific
//! notation (`1.5e6`, `6.23x10^-4`).
//!
//! Every number the crate reads goes through here (`numbers::read`): figures
//! and the `number` mentions of `factcheck extract` alike. Each composed
//! number says which kind of phrase it is (`Phrase`), so that figures can
//! read a fraction as a share and a sign word as a sign.
//!
//! A digit fraction `a/b` counts only when it stands alone and reads as a
//! common fraction: `a < b`, `b` at most 10 (or 16, 32, 64, 100), no digits,
//! slashes or letters glued on either side and no date word before it
//! (`on 3/4`). `20/11`, `1/2/2024` and `24/7` stay separate numbers.

mod decimals;
mod fractions;

#[cfg(test)]
mod corpus_probe;
#[cfg(test)]
mod tests;

use std::cell::OnceCell;
use std::ops::Range;

use super::words::{denom, Denom};
use super::{lang_matches, Num, NumKind, Phrase, SCALES};
use crate::text::Lang;

use decimals::{decimal_at, digit_words_at, scientific_at, signed_at};
use fractions::{bare_half, digit_fraction_at, fraction_at, mixed_at, ratio_at, vulgar_at};

#[derive(Clone, Debug)]
enum Item {
    Num(Num),
    Word(Range<usize>),
    Sym(char, Range<usize>),
    Break,
}

impl Item {
    fn start(&self) -> usize {
        match self {
            Item::Num(n) => n.range.start,
            Item::Word(r) | Item::Sym(_, r) => r.start,
            Item::Break => usize::MAX,
        }
    }
}

/// The text as numbers, words and symbols; spaces dropped, line breaks kept.
fn items(text: &str, nums: &[Num]) -> Vec<Item> {
    let mut out = Vec::new();
    let mut k = 0;
    let mut p = 0;
    while p < text.len() {
        while k < nums.len() && nums[k].range.start < p {
            k += 1;
        }
        if let Some(n) = nums.get(k).filter(|n| n.range.start == p) {
            out.push(Item::Num(n.clone()));
            p = n.range.end.max(p + 1);
            while !text.is_char_boundary(p) {
                p += 1;
            }
            k += 1;
            continue;
        }
        let next_num = nums.get(k).map_or(text.len(), |n| n.range.start);
        let Some(c) = text[p..].chars().next() else {
            break;
        };
        let len = c.len_utf8();
        if c.is_alphabetic() {
            let mut e = p;
            for (j, ch) in text[p..next_num.max(p)].char_indices() {
                if !ch.is_alphabetic() {
                    break;
                }
                e = p + j + ch.len_utf8();
            }
            let e = e.max(p + len);
            out.push(Item::Word(p..e));
            p = e;
        } else if c == '\n' || c == '\r' {
            if !matches!(out.last(), Some(Item::Break)) {
                out.push(Item::Break);
            }
            p += len;
        } else if c.is_whitespace() {
            p += len;
        } else {
            out.push(Item::Sym(c, p..p + len));
            p += len;
        }
    }
    out
}

fn mk(range: Range<usize>, value: f64, kind: NumKind) -> Num {
    Num {
        range,
        value,
        base: value,
        scale: 1.0,
        scale_range: None,
        kind,
        glued: false,
        split: false,
        money_scale: false,
        phrase: Phrase::Single,
    }
}

struct Ctx<'a> {
    text: &'a str,
    lang: Lang,
    its: Vec<Item>,
    /// Lines where `a/b` is no fraction, found once when first asked.
    no_fraction_lines: OnceCell<Vec<Range<usize>>>,
}

impl Ctx<'_> {
    /// Whether the line holding byte `pos` reads digit pairs as odds or
    /// table cells rather than fractions.
    fn no_digit_fractions(&self, pos: usize) -> bool {
        let lines = self
            .no_fraction_lines
            .get_or_init(|| fractions::lines_without_digit_fractions(self.text));
        super::overlaps_sorted(lines, &(pos..pos + 1))
    }

    fn word(&self, i: usize) -> Option<String> {
        match self.its.get(i)? {
            Item::Word(r) => Some(self.text[r.clone()].to_lowercase()),
            _ => None,
        }
    }

    fn num(&self, i: usize) -> Option<&Num> {
        match self.its.get(i)? {
            Item::Num(n) => Some(n),
            _ => None,
        }
    }

    fn sym(&self, i: usize) -> Option<char> {
        match self.its.get(i)? {
            Item::Sym(c, _) => Some(*c),
            _ => None,
        }
    }

    fn end(&self, i: usize) -> usize {
        match &self.its[i] {
            Item::Num(n) => n.range.end,
            Item::Word(r) | Item::Sym(_, r) => r.end,
            Item::Break => 0,
        }
    }

    fn is_article(&self, i: usize) -> bool {
        self.word(i).is_some_and(|w| match self.lang {
            Lang::En => matches!(w.as_str(), "a" | "an"),
            Lang::De => matches!(
                w.as_str(),
                "ein" | "eine" | "einen" | "einer" | "einem" | "eines"
            ),
        })
    }

    /// A scale word at `i` (`million`, `Milliarden`).
    fn scale_word(&self, i: usize) -> Option<f64> {
        let w = self.word(i)?;
        SCALES
            .iter()
            .find(|s| {
                s.word && !s.case_sensitive && lang_matches(s.lang, self.lang) && s.surface == w
            })
            .map(|s| s.value)
    }

    fn denom_at(&self, i: usize) -> Option<Denom> {
        match self.its.get(i)? {
            Item::Word(r) => denom(&self.text[r.clone()], self.lang),
            _ => None,
        }
    }

    /// Index after an optional hyphen at `i`.
    fn skip_hyphen(&self, i: usize) -> usize {
        if self.sym(i) == Some('-') {
            i + 1
        } else {
            i
        }
    }

    fn words_of(&self, n: &Num) -> Vec<&str> {
        self.text[n.range.clone()]
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty())
            .collect()
    }
}

fn plain_int(n: &Num) -> bool {
    n.value.is_finite() && n.value.fract() == 0.0 && !n.split && !n.money_scale
}

/// A whole-word number below 100 without a scale (`five`, `seventy-one`).
fn small_word(n: &Num) -> bool {
    n.kind == NumKind::Words && plain_int(n) && n.scale == 1.0 && (0.0..100.0).contains(&n.value)
}

/// A composed number at `i`, if any, marked with the kind of phrase it is.
fn phrase_at(c: &Ctx, i: usize) -> Option<(Num, usize)> {
    let tag = |found: Option<(Num, usize)>, phrase: Phrase| {
        found.map(|(mut n, next)| {
            n.phrase = phrase;
            (n, next)
        })
    };
    tag(scientific_at(c, i), Phrase::Composed)
        .or_else(|| tag(digit_fraction_at(c, i), Phrase::Fraction))
        .or_else(|| tag(vulgar_at(c, i), Phrase::Fraction))
        .or_else(|| tag(decimal_at(c, i), Phrase::Composed))
        .or_else(|| tag(digit_words_at(c, i), Phrase::Composed))
        .or_else(|| tag(ratio_at(c, i), Phrase::Ratio))
        .or_else(|| tag(mixed_at(c, i), Phrase::Fraction))
        .or_else(|| {
            let f = fraction_at(c, i)?;
            let n = mk(f.range.clone(), f.total(), NumKind::Words);
            tag(Some((n, f.next)), Phrase::Fraction)
        })
        .or_else(|| tag(bare_half(c, i), Phrase::Fraction))
}

/// Rewrites the numbers `scan` found into the phrases they form.
pub(super) fn compose(text: &str, lang: Lang, nums: Vec<Num>) -> Vec<Num> {
    let c = Ctx {
        text,
        lang,
        its: items(text, &nums),
        no_fraction_lines: OnceCell::new(),
    };
    let mut out = Vec::with_capacity(nums.len());
    let mut i = 0;
    while i < c.its.len() {
        if let Some((n, next)) = signed_at(&c, i).or_else(|| phrase_at(&c, i)) {
            if n.value.is_finite() && next > i {
                out.push(n);
                i = next;
                continue;
            }
        }
        if let Item::Num(n) = &c.its[i] {
            out.push(n.clone());
        }
        i += 1;
    }
    out
}
