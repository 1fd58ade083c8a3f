//! Fractions and ratios: number words over a denominator word (`two
//! thirds`, `a hundredth`, `three quarters billion`), mixed numbers (`five
//! and a quarter`), ratios (`one over three`, `two out of five`), vulgar
//! fraction characters (`½`, `2½`), digit fractions (`3/4`, `2 1/4`) and a
//! bare `half` after a comparison word.

use std::ops::Range;
use std::sync::LazyLock;

use super::super::words::en_tens;
use super::super::{lang_matches, scan, tsv_rows, Num, NumKind, SCALES};
use super::{mk, plain_int, Ctx, Item};
use crate::text::Lang;

/// A fraction read by `fraction_at`.
pub(super) struct Fraction {
    /// The value of the fraction proper (`three quarters` in `three
    /// quarters billion`).
    value: f64,
    /// A whole part split off an `and` (`one hundred and three quarters`).
    whole: f64,
    /// The scale word ending the whole part (`two million and three
    /// fifths`), 1 when none.
    whole_scale: f64,
    /// Numerator and denominator of the fraction proper.
    numer: f64,
    den: f64,
    /// A scale word after it (1 when none).
    scale: f64,
    pub(super) range: Range<usize>,
    pub(super) next: usize,
}

/// Reads a fraction starting at `i`: numerator (number word or article),
/// denominator word, then an optional scale (`three quarters billion`,
/// `two thirds of a million`).
pub(super) fn fraction_at(c: &Ctx, i: usize) -> Option<Fraction> {
    let start = c.its.get(i)?.start();
    let mut whole = 0.0;
    let mut whole_scale = 1.0;
    let mut numer;
    let (denom_i, den, loose);
    if let Some(n) = c.num(i) {
        if n.kind == NumKind::Digits || !plain_int(n) {
            return None;
        }
        let j = c.skip_hyphen(i + 1);
        // `one hundred thirty fifths`: the tens word belongs to the ordinal.
        let ws = c.words_of(n);
        let last = ws.last().map(|w| w.to_lowercase()).unwrap_or_default();
        let absorbed = (c.lang == Lang::En && ws.len() >= 2 && n.scale == 1.0)
            .then(|| {
                let before = ws[ws.len() - 2].to_lowercase();
                let tens = en_tens(&last)?;
                let d = c.denom_at(j).filter(|d| d.unit)?;
                (before != "and").then_some((n.value - tens, tens + d.value))
            })
            .flatten();
        if let Some((a, d)) = absorbed {
            numer = a;
            den = d;
            denom_i = j;
        } else if let Some((d, k)) = compound_denom(c, j) {
            numer = n.value;
            den = d;
            denom_i = k;
        } else {
            let d = c.denom_at(j).filter(|d| d.alone)?;
            // `twenty-fifth anniversary`: a tens word and a singular unit
            // ordinal form an ordinal, not a fraction.
            let plural = c.lang == Lang::En && c.word(j).is_some_and(|w| w.ends_with('s'));
            if c.lang == Lang::En && d.unit && !plural && en_tens(&last).is_some() {
                return None;
            }
            numer = n.value;
            den = d.value;
            denom_i = j;
            // `one hundred and three quarters` = 100 + 3/4, but `one hundred
            // and thirty fifths` = 130/5: split at the last `and` when the
            // part after it makes a proper fraction.
            let text = &c.text[n.range.clone()];
            if let Some(p) = text.rfind(" and ").filter(|_| c.lang == Lang::En) {
                let tail_start = n.range.start + p + 5;
                let tail = scan(&c.text[tail_start..n.range.end], c.lang);
                if let [t] = tail.as_slice() {
                    if t.value < d.value && t.range.end == n.range.end - tail_start {
                        whole = n.value - t.value;
                        numer = t.value;
                        // `hundred` is a number word here, not a scale.
                        let head = c.text[n.range.start..tail_start - 5].to_lowercase();
                        let last = head
                            .rsplit(|ch: char| !ch.is_alphabetic())
                            .next()
                            .unwrap_or("");
                        whole_scale = SCALES
                            .iter()
                            .find(|s| s.word && lang_matches(s.lang, c.lang) && s.surface == last)
                            .map_or(1.0, |s| if s.value >= 1000.0 { s.value } else { 1.0 });
                    }
                }
            }
        }
        // `two quarters in a row` are periods.
        loose = c.lang == Lang::En && den == 4.0;
    } else if c.is_article(i) {
        let j = i + 1;
        if let Some((d, k)) = compound_denom(c, j) {
            den = d;
            denom_i = k;
        } else {
            den = c.denom_at(j).filter(|d| d.alone)?.value;
            denom_i = j;
        }
        numer = 1.0;
        loose = c.lang == Lang::En;
    } else {
        // A bare `quarter`/`half` before a scale (`quarter million`).
        let d = c.denom_at(i).filter(|d| d.alone && d.value <= 4.0)?;
        c.scale_word(i + 1)?;
        numer = 1.0;
        den = d.value;
        denom_i = i;
        loose = false;
    }
    if den <= 0.0 {
        return None;
    }
    // `two millionth`: a number before a singular ordinal is no numerator.
    let singular = c.lang == Lang::En && c.word(denom_i).is_some_and(|w| !w.ends_with('s'));
    if singular && numer > 1.0 {
        return None;
    }
    let after = denom_i + 1;
    let value = numer / den;
    let (scale, end, next) = scale_after(c, after);
    // `a third term`, `a fifth season`: an article and an ordinal before a
    // noun are an ordinal. German denominators are nouns already.
    if loose && next == after {
        if let Some(w) = c.word(after) {
            if !matches!(w.as_str(), "of" | "and" | "or" | "than") {
                return None;
            }
        }
        if c.sym(after) == Some('-') {
            return None;
        }
    }
    Some(Fraction {
        value,
        whole,
        whole_scale,
        numer,
        den,
        scale,
        range: start..end,
        next,
    })
}

impl Fraction {
    /// The whole value: a split-off whole part, then the scale.
    pub(super) fn total(&self) -> f64 {
        if self.whole != 0.0 {
            let s = if self.scale > 1.0 {
                self.scale
            } else {
                self.whole_scale
            };
            self.whole + self.value * s
        } else {
            self.value * self.scale
        }
    }
}

/// `twenty-fifth`, `twenty first`, `one hundred fifth`, `hundred and fifth`.
fn compound_denom(c: &Ctx, j: usize) -> Option<(f64, usize)> {
    if c.lang != Lang::En {
        return None;
    }
    let t = c.num(j)?;
    if t.kind != NumKind::Words || !plain_int(t) {
        return None;
    }
    let ws = c.words_of(t);
    let last = ws.last()?.to_lowercase();
    let mut k = c.skip_hyphen(j + 1);
    if last == "hundred" {
        if c.word(k).as_deref() == Some("and") {
            k += 1;
        }
    } else if ws.len() != 1 || en_tens(&last).is_none() {
        return None;
    }
    let d = c.denom_at(k).filter(|d| d.unit)?;
    Some((t.value + d.value, k))
}

/// A scale word at `i` (`million`, `of a million`): the scale, the end of
/// the phrase and the index after it.
fn scale_after(c: &Ctx, i: usize) -> (f64, usize, usize) {
    if let Some(s) = c.scale_word(i) {
        return (s, c.end(i), i + 1);
    }
    if c.lang == Lang::En && c.word(i).as_deref() == Some("of") && c.is_article(i + 1) {
        if let Some(s) = c.scale_word(i + 2) {
            return (s, c.end(i + 2), i + 3);
        }
    }
    // `of a million` read as one number by `scan`.
    if c.lang == Lang::En && c.word(i).as_deref() == Some("of") {
        if let Some(n) = c
            .num(i + 1)
            .filter(|n| n.kind == NumKind::Article && n.scale > 1.0)
        {
            return (n.value, n.range.end, i + 2);
        }
    }
    (1.0, c.end(i - 1), i)
}

/// `five and a quarter`, `two million and three fifths`, `fünf und drei
/// Viertel Milliarde`.
pub(super) fn mixed_at(c: &Ctx, i: usize) -> Option<(Num, usize)> {
    let n = c.num(i)?;
    if !plain_int(n) || n.value < 0.0 {
        return None;
    }
    let and = c.word(i + 1)?;
    if !matches!(and.as_str(), "and" | "und") {
        return None;
    }
    let f = fraction_at(c, i + 2)?;
    if f.whole != 0.0 || f.numer >= f.den {
        return None;
    }
    // `stages 3 and 4 and two-fifths of schools`: a new share, not a part.
    if f.scale == 1.0
        && c.word(f.next)
            .is_some_and(|w| matches!(w.as_str(), "of" | "der" | "des" | "aller"))
    {
        return None;
    }
    let v = if f.scale > 1.0 {
        if n.scale > 1.0 {
            // `one billion and three quarters million`
            n.value + f.value * f.scale
        } else {
            // `fünf und drei Viertel Milliarde`
            (n.value + f.value) * f.scale
        }
    } else if n.scale > 1.0 {
        // `two million and three fifths`
        n.value + f.value * n.scale
    } else {
        n.value + f.value
    };
    Some((mk(n.range.start..f.range.end, v, NumKind::Words), f.next))
}
/// `one over three`, `2000 over 3`, `two out of five hundred`, `1 in twenty-one`.
pub(super) fn ratio_at(c: &Ctx, i: usize) -> Option<(Num, usize)> {
    if c.lang != Lang::En {
        return None;
    }
    let a = c.num(i)?;
    if !plain_int(a) || a.value < 0.0 {
        return None;
    }
    let w = c.word(i + 1)?;
    let (j, in_form) = match w.as_str() {
        "over" => (i + 2, false),
        "out" if c.word(i + 2).as_deref() == Some("of") => (i + 3, false),
        "in" => (i + 2, true),
        _ => return None,
    };
    let b = c.num(j)?;
    if !plain_int(b) || b.value <= 0.0 || b.glued {
        return None;
    }
    // `12 out of 10` is no share.
    if w != "over" && a.value >= b.value {
        return None;
    }
    if in_form && (a.value != 1.0 || b.value < 2.0 || (1000.0..=2100.0).contains(&b.value)) {
        return None;
    }
    // `5 over 10 years`: a period, not a ratio.
    if let Some(next) = c.word(j + 1) {
        let period = [
            "year", "years", "month", "months", "week", "weeks", "day", "days", "hour", "hours",
            "minute", "minutes", "decade", "decades", "season", "seasons", "games", "matches",
        ];
        if period.contains(&next.as_str()) {
            return None;
        }
    }
    Some((
        mk(
            a.range.start..b.range.end,
            a.value / b.value,
            NumKind::Words,
        ),
        j + 1,
    ))
}

const VULGAR: &[(char, f64)] = &[
    ('½', 0.5),
    ('⅓', 1.0 / 3.0),
    ('⅔', 2.0 / 3.0),
    ('¼', 0.25),
    ('¾', 0.75),
    ('⅕', 0.2),
    ('⅖', 0.4),
    ('⅗', 0.6),
    ('⅘', 0.8),
    ('⅙', 1.0 / 6.0),
    ('⅚', 5.0 / 6.0),
    ('⅛', 0.125),
    ('⅜', 0.375),
    ('⅝', 0.625),
    ('⅞', 0.875),
];

fn vulgar(c: char) -> Option<f64> {
    VULGAR.iter().find(|(v, _)| *v == c).map(|x| x.1)
}

/// `½`, `2½`.
pub(super) fn vulgar_at(c: &Ctx, i: usize) -> Option<(Num, usize)> {
    if let Some(Item::Sym(ch, r)) = c.its.get(i) {
        return Some((mk(r.clone(), vulgar(*ch)?, NumKind::Digits), i + 1));
    }
    let n = c.num(i)?;
    match c.its.get(i + 1)? {
        Item::Sym(ch, r)
            if r.start == n.range.end
                && n.kind == NumKind::Digits
                && plain_int(n)
                && n.scale == 1.0 =>
        {
            let f = vulgar(*ch)?;
            let v = if n.value < 0.0 {
                n.value - f
            } else {
                n.value + f
            };
            Some((mk(n.range.start..r.end, v, NumKind::Digits), i + 2))
        }
        _ => None,
    }
}

/// `3/4` standing alone; returns the value and the index after it.
fn digit_fraction(c: &Ctx, i: usize) -> Option<(f64, Range<usize>, usize)> {
    let a = c.num(i)?;
    let b = c.num(i + 2)?;
    let slash = match c.its.get(i + 1)? {
        Item::Sym('/', r) => r.clone(),
        _ => return None,
    };
    let digits_ok =
        |n: &Num| n.kind == NumKind::Digits && plain_int(n) && n.scale == 1.0 && !n.glued;
    if !digits_ok(a) || !digits_ok(b) || slash.start != a.range.end || slash.end != b.range.start {
        return None;
    }
    let common = b.value <= 10.0 || [16.0, 32.0, 64.0, 100.0].contains(&b.value);
    if a.value == 0.0 || a.value.abs() >= b.value || !common {
        return None;
    }
    // Nothing glued before or after: `1/2/2024`, `x1/2`, `3/4.5`.
    let before = c.text[..a.range.start].chars().next_back();
    if before.is_some_and(|ch| ch.is_alphanumeric() || matches!(ch, '/' | '.' | ',' | ':')) {
        return None;
    }
    let mut after = c.text[b.range.end..].chars();
    let a1 = after.next();
    let a2 = after.next();
    if a1.is_some_and(|ch| ch.is_alphanumeric() || ch == '/')
        || (matches!(a1, Some('.' | ',' | '-' | ':')) && a2.is_some_and(|ch| ch.is_ascii_digit()))
    {
        return None;
    }
    // `(1/2)`: part numbering or a tie-break score.
    if before == Some('(') && a1 == Some(')') {
        return None;
    }
    // `weekend of 8/9 January`: days.
    let next_word = super::super::word_at(
        c.text,
        c.text[b.range.end..]
            .find(|ch: char| !ch.is_whitespace())
            .map_or(c.text.len(), |k| b.range.end + k),
    )
    .to_lowercase();
    if MONTHS.contains(&next_word.as_str()) {
        return None;
    }
    // Betting odds (`odds of 1/4`, `from 4/6 to 1/2`) and tables (`Linz 1/3`):
    // a paragraph with betting words or a second digit pair.
    if c.no_digit_fractions(a.range.start) {
        return None;
    }
    // `on 3/4`, `am 1/2`: a date.
    let prev_word = c.text[..a.range.start]
        .trim_end()
        .rsplit(|ch: char| !ch.is_alphabetic())
        .next()
        .unwrap_or("")
        .to_lowercase();
    if matches!(
        prev_word.as_str(),
        "on" | "am" | "vom" | "bis" | "since" | "seit" | "until" | "by" | "from" | "dated" | "ab"
    ) {
        return None;
    }
    Some((a.value / b.value, a.range.start..b.range.end, i + 3))
}

/// Month names from `lexicons/months.tsv`.
static MONTHS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    tsv_rows(include_str!("../../../../lexicons/months.tsv"))
        .filter_map(|r| r.first().copied())
        .collect()
});

/// The lines (paragraphs) where digit pairs `a/b` are not fractions: those
/// with betting words (`odds of 1/4`, `from 4/6 to 1/2`) or more than one
/// digit pair (tables such as `Linz 1/3`), in text order.
pub(super) fn lines_without_digit_fractions(text: &str) -> Vec<Range<usize>> {
    const BETTING: &[&str] = &[
        "odds",
        "favourite",
        "favorite",
        "bookmaker",
        "ladbrokes",
        "bet ",
        "quote",
        "wettanbieter",
    ];
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split('\n') {
        let lower = line.to_lowercase();
        if BETTING.iter().any(|w| lower.contains(w)) || slash_pairs(line) > 1 {
            out.push(start..start + line.len());
        }
        start += line.len() + 1;
    }
    out
}

/// How many `digit/digit` pairs `s` holds.
fn slash_pairs(s: &str) -> usize {
    let b = s.as_bytes();
    (1..b.len().saturating_sub(1))
        .filter(|&i| b[i] == b'/' && b[i - 1].is_ascii_digit() && b[i + 1].is_ascii_digit())
        .count()
}

/// `3/4`, `-4/5`, `2  1/4`.
pub(super) fn digit_fraction_at(c: &Ctx, i: usize) -> Option<(Num, usize)> {
    if let Some((f, r, next)) = digit_fraction(c, i) {
        return Some((mk(r, f, NumKind::Digits), next));
    }
    let n = c.num(i)?;
    if n.kind != NumKind::Digits || !plain_int(n) || n.scale != 1.0 || n.glued {
        return None;
    }
    let (f, r, next) = digit_fraction(c, i + 1)?;
    let gap = &c.text[n.range.end..r.start];
    if gap.is_empty() || !gap.chars().all(|ch| ch == ' ' || ch == '\u{a0}') || f < 0.0 {
        return None;
    }
    let v = if n.value < 0.0 {
        n.value - f
    } else {
        n.value + f
    };
    Some((mk(n.range.start..r.end, v, NumKind::Digits), next))
}
/// `more than half`: a bare `half` after a comparison word.
pub(super) fn bare_half(c: &Ctx, i: usize) -> Option<(Num, usize)> {
    if c.lang != Lang::En || c.word(i)? != "half" || c.sym(i + 1) == Some('-') {
        return None;
    }
    let prev = c.word(i.checked_sub(1)?)?;
    let ok = matches!(
        prev.as_str(),
        "than"
            | "nearly"
            | "almost"
            | "about"
            | "around"
            | "roughly"
            | "over"
            | "under"
            | "some"
            | "least"
            | "most"
            | "only"
            | "just"
    );
    let Item::Word(r) = &c.its[i] else {
        return None;
    };
    ok.then(|| (mk(r.clone(), 0.5, NumKind::Words), i + 1))
}
