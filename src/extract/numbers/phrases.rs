//! Number phrases built from the numbers `scan` finds: fractions (`two
//! thirds`, `zwei Drittel`, `a hundredth`, `3/4`, `½`, `2 1/4`, `one over
//! three`, `two out of five`), mixed numbers (`five and a quarter`, `six
//! million and two thirds`), signs in words (`minus five`, `negative one`),
//! spoken decimals (`three point five`, `zwei Komma drei`), digits mixed with
//! scale words (`3 hundred and 21`, `3 Millionen 200 Tausend`) and scientific
//! notation (`1.5e6`, `6.23x10^-4`).
//!
//! Only `find_numbers` reads these; the figure recogniser keeps to `scan`, so
//! none of this can turn a date, score or identifier into a figure.
//!
//! A digit fraction `a/b` counts only when it stands alone and reads as a
//! common fraction: `a < b`, `b` at most 10 (or 16, 32, 64, 100), no digits,
//! slashes or letters glued on either side and no date word before it
//! (`on 3/4`). `20/11`, `1/2/2024` and `24/7` stay separate numbers.

use std::ops::Range;
use std::sync::LazyLock;

use super::words::{denom, en_tens, Denom};
use super::{lang_matches, scan, tsv_rows, Num, NumKind, SCALES};
use crate::text::Lang;

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
    }
}

struct Ctx<'a> {
    text: &'a str,
    lang: Lang,
    its: Vec<Item>,
}

impl Ctx<'_> {
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

/// A fraction read by `fraction_at`.
struct Fraction {
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
    range: Range<usize>,
    next: usize,
}

/// Reads a fraction starting at `i`: numerator (number word or article),
/// denominator word, then an optional scale (`three quarters billion`,
/// `two thirds of a million`).
fn fraction_at(c: &Ctx, i: usize) -> Option<Fraction> {
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
    fn total(&self) -> f64 {
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
fn mixed_at(c: &Ctx, i: usize) -> Option<(Num, usize)> {
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

/// `three point five`, `nought point nought four`, `zwei Komma drei`.
fn decimal_at(c: &Ctx, i: usize) -> Option<(Num, usize)> {
    let n = c.num(i)?;
    if n.kind != NumKind::Words || !plain_int(n) || n.scale != 1.0 {
        return None;
    }
    let w = c.word(i + 1)?;
    let ok = match c.lang {
        Lang::En => w == "point",
        Lang::De => w == "komma",
    };
    if !ok {
        return None;
    }
    // `at one point two men left`: `at one point` is a phrase.
    let prev = i.checked_sub(1).and_then(|p| c.word(p));
    if c.lang == Lang::En && matches!(prev.as_deref(), Some("at" | "some" | "any" | "one")) {
        return None;
    }
    let mut digits = String::new();
    let mut k = i + 2;
    while let Some(d) = c.num(k).filter(|d| small_word(d)) {
        digits.push_str(&format!("{}", d.value as u64));
        k += 1;
        // A number of two digits ends the decimals (`point seventy-one`).
        if d.value >= 10.0 {
            break;
        }
    }
    if digits.is_empty() {
        return None;
    }
    let frac: f64 = format!("0.{digits}").parse().ok()?;
    Some((
        mk(n.range.start..c.end(k - 1), n.value + frac, NumKind::Words),
        k,
    ))
}

/// `3 hundred and 21`, `4 thousand 3 hundred`, `3 Millionen 200 Tausend`.
fn digit_words_at(c: &Ctx, i: usize) -> Option<(Num, usize)> {
    let n = c.num(i)?;
    let scaled = |n: &Num| {
        n.kind == NumKind::Digits
            && n.scale_range.is_some()
            && n.scale >= 100.0
            && !n.money_scale
            && !n.split
            && n.value >= 0.0
    };
    if !scaled(n) {
        return None;
    }
    let mut total = n.value;
    let mut smallest = n.scale;
    let mut k = i + 1;
    let mut end = n.range.end;
    while let Some(m) = c.num(k).filter(|m| scaled(m) && m.value < smallest) {
        total += m.value;
        smallest = m.scale;
        end = m.range.end;
        k += 1;
    }
    if c.lang == Lang::En && c.word(k).as_deref() == Some("and") {
        if let Some(m) = c.num(k + 1) {
            let fits =
                plain_int(m) && m.scale == 1.0 && m.value > 0.0 && m.value < smallest.min(100.0);
            if fits {
                total += m.value;
                end = m.range.end;
                k += 2;
            }
        }
    }
    if k == i + 1 {
        return None;
    }
    Some((mk(n.range.start..end, total, NumKind::Digits), k))
}

/// `one over three`, `2000 over 3`, `two out of five hundred`, `1 in twenty-one`.
fn ratio_at(c: &Ctx, i: usize) -> Option<(Num, usize)> {
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
fn vulgar_at(c: &Ctx, i: usize) -> Option<(Num, usize)> {
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
    let next_word = super::word_at(
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
    let line = line_around(c.text, a.range.clone());
    let lower = line.to_lowercase();
    let betting = [
        "odds",
        "favourite",
        "favorite",
        "bookmaker",
        "ladbrokes",
        "bet ",
        "quote",
        "wettanbieter",
    ];
    if betting.iter().any(|w| lower.contains(w)) || slash_pairs(line) > 1 {
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
    tsv_rows(include_str!("../../../lexicons/months.tsv"))
        .filter_map(|r| r.first().copied())
        .collect()
});

/// The line (paragraph) around `r`.
fn line_around(text: &str, r: Range<usize>) -> &str {
    let start = text[..r.start].rfind('\n').map_or(0, |i| i + 1);
    let end = text[r.end..].find('\n').map_or(text.len(), |i| r.end + i);
    &text[start..end]
}

/// How many `digit/digit` pairs `s` holds.
fn slash_pairs(s: &str) -> usize {
    let b = s.as_bytes();
    (1..b.len().saturating_sub(1))
        .filter(|&i| b[i] == b'/' && b[i - 1].is_ascii_digit() && b[i + 1].is_ascii_digit())
        .count()
}

/// `3/4`, `-4/5`, `2  1/4`.
fn digit_fraction_at(c: &Ctx, i: usize) -> Option<(Num, usize)> {
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

/// `1.3e6`, `-12e-1`, `12.32e+14`, `6.23x10^-4`, `2.5^-1`.
fn scientific_at(c: &Ctx, i: usize) -> Option<(Num, usize)> {
    let n = c.num(i)?;
    if n.kind != NumKind::Digits || n.scale != 1.0 || n.split || !n.value.is_finite() {
        return None;
    }
    let rest = &c.text[n.range.end..];
    let (power, tail) = if let Some(t) = rest.strip_prefix(['e', 'E']) {
        (false, t)
    } else if let Some(t) = rest
        .strip_prefix("x10^")
        .or_else(|| rest.strip_prefix("×10^"))
        .or_else(|| rest.strip_prefix("*10^"))
    {
        (false, t)
    } else if let Some(t) = rest.strip_prefix('^') {
        (true, t)
    } else {
        return None;
    };
    // `7E7` is a name (Boeing's 7E7); a capital E needs a decimal mantissa
    // or a signed exponent (`1.5E6`, `4E-2`).
    if rest.starts_with('E') {
        let decimal = c.text[n.range.clone()].contains(['.', ',']);
        if !decimal && !tail.starts_with(['+', '-', '−']) {
            return None;
        }
    }
    let (neg, t) = match tail.chars().next()? {
        '+' => (false, &tail[1..]),
        '-' | '−' => (true, &tail[tail.chars().next()?.len_utf8()..]),
        _ => (false, tail),
    };
    let len = t.bytes().take_while(u8::is_ascii_digit).count();
    if len == 0 || len > 3 {
        return None;
    }
    if t[len..]
        .chars()
        .next()
        .is_some_and(|ch| ch.is_alphanumeric() || ch == '.' || ch == '^')
    {
        return None;
    }
    let e: i32 = t[..len].parse().ok()?;
    let e = if neg { -e } else { e };
    let v = if power {
        // The sign stays outside the power: -2500^-1 = -(2500^-1).
        n.value.signum() * n.value.abs().powi(e)
    } else {
        n.value * 10f64.powi(e)
    };
    if !v.is_finite() {
        return None;
    }
    let end = c.text.len() - t.len() + len;
    let mut k = i + 1;
    while k < c.its.len() && c.its[k].start() < end {
        k += 1;
    }
    Some((mk(n.range.start..end, v, NumKind::Digits), k))
}

/// A composed number at `i`, if any.
fn phrase_at(c: &Ctx, i: usize) -> Option<(Num, usize)> {
    if let Some(x) = scientific_at(c, i)
        .or_else(|| digit_fraction_at(c, i))
        .or_else(|| vulgar_at(c, i))
        .or_else(|| decimal_at(c, i))
        .or_else(|| digit_words_at(c, i))
        .or_else(|| ratio_at(c, i))
        .or_else(|| mixed_at(c, i))
    {
        return Some(x);
    }
    if let Some(f) = fraction_at(c, i) {
        return Some((mk(f.range.clone(), f.total(), NumKind::Words), f.next));
    }
    bare_half(c, i)
}

/// `more than half`: a bare `half` after a comparison word.
fn bare_half(c: &Ctx, i: usize) -> Option<(Num, usize)> {
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

/// A number at `i` after a sign word: a phrase or a plain number.
fn signed_at(c: &Ctx, i: usize) -> Option<(Num, usize)> {
    let w = c.word(i)?;
    let sign = match c.lang {
        Lang::En => matches!(w.as_str(), "minus" | "negative"),
        Lang::De => w == "minus",
    };
    if !sign {
        return None;
    }
    // `tested negative three times`: a result, not a sign.
    let prev = i.checked_sub(1).and_then(|p| c.word(p));
    if w == "negative"
        && matches!(
            prev.as_deref(),
            Some("tested" | "test" | "tests" | "proved" | "back" | "returned" | "was" | "were")
        )
    {
        return None;
    }
    let (n, next) = phrase_at(c, i + 1).or_else(|| c.num(i + 1).map(|n| (n.clone(), i + 2)))?;
    if n.value <= 0.0 || n.glued || n.split || (n.money_scale && n.kind == NumKind::Digits) {
        return None;
    }
    let Item::Word(r) = &c.its[i] else {
        return None;
    };
    let mut m = n;
    m.value = -m.value;
    m.base = -m.base;
    m.range.start = r.start;
    Some((m, next))
}

/// Rewrites the numbers `scan` found into the phrases they form.
pub(super) fn compose(text: &str, lang: Lang, nums: Vec<Num>) -> Vec<Num> {
    let c = Ctx {
        text,
        lang,
        its: items(text, &nums),
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

#[cfg(test)]
mod tests {
    use super::super::find_numbers;
    use crate::text::Lang;

    fn vals(text: &str, lang: Lang) -> Vec<f64> {
        find_numbers(text, lang)
            .into_iter()
            .map(|n| n.value)
            .collect()
    }

    fn near(got: Vec<f64>, want: &[f64]) -> bool {
        got.len() == want.len()
            && got
                .iter()
                .zip(want)
                .all(|(a, b)| (a - b).abs() < 1e-9 * b.abs().max(1.0))
    }

    #[track_caller]
    fn check(text: &str, lang: Lang, want: &[f64]) {
        let got = vals(text, lang);
        assert!(
            near(got.clone(), want),
            "{text:?}: got {got:?}, want {want:?}"
        );
    }

    #[test]
    fn english_word_fractions() {
        check("about two thirds of voters", Lang::En, &[2.0 / 3.0]);
        check("one eighth", Lang::En, &[0.125]);
        check("a quarter", Lang::En, &[0.25]);
        check("seven-tenths", Lang::En, &[0.7]);
        check("a hundredth of a second", Lang::En, &[0.01]);
        check("forty three fifths", Lang::En, &[8.6]);
        check("one fortieth", Lang::En, &[0.025]);
        check("two twenty-fifths", Lang::En, &[0.08]);
        // An article and an ordinal before a noun is an ordinal.
        assert!(vals("a third term in office", Lang::En).is_empty());
        assert!(vals("for a second time", Lang::En).is_empty());
        assert!(vals("failed to score a fourth to kill the tie", Lang::En).is_empty());
    }

    #[test]
    fn english_mixed_numbers_and_scales() {
        check("nine and a half", Lang::En, &[9.5]);
        check("six and three quarters", Lang::En, &[6.75]);
        check("four million and a quarter", Lang::En, &[4.25e6]);
        check(
            "grades 3 and 4 and two-fifths of pupils",
            Lang::En,
            &[3.0, 4.0, 0.4],
        );
        check("a quarter billion dollars", Lang::En, &[2.5e8]);
        check("three quarters of a million", Lang::En, &[7.5e5]);
        check("two billion and a half million", Lang::En, &[2.0005e9]);
        check("one hundred and one quarter", Lang::En, &[100.25]);
        check("seven million and two fifths", Lang::En, &[7.4e6]);
        check(
            "two billion and three quarters million",
            Lang::En,
            &[2.00075e9],
        );
    }

    #[test]
    fn ratios_in_words() {
        check("four out of ten people", Lang::En, &[0.4]);
        check("one over four", Lang::En, &[0.25]);
        check("1 in 5 adults", Lang::En, &[0.2]);
        // A period is not a ratio.
        check("rose 5 over 10 years", Lang::En, &[5.0, 10.0]);
        check("won 3 in 2019", Lang::En, &[3.0, 2019.0]);
        // More than the whole is not a share; a singular ordinal is an ordinal.
        check("7 out of 5", Lang::En, &[7.0, 5.0]);
        check("three millionth", Lang::En, &[3.0]);
    }

    #[test]
    fn digit_fractions_stand_alone() {
        check("about 3/4 of them", Lang::En, &[0.75]);
        check("rund 1/3 der Stimmen", Lang::De, &[1.0 / 3.0]);
        check("2 1/2 hours", Lang::En, &[2.5]);
        check("-2/5", Lang::En, &[-0.4]);
        // Dates, scores and chains stay separate numbers.
        check("on 3/4 we met", Lang::En, &[3.0, 4.0]);
        check("am 20/11", Lang::De, &[20.0, 11.0]);
        check("1/2/2024", Lang::En, &[1.0, 2.0, 2024.0]);
        check("open 24/7", Lang::En, &[24.0, 7.0]);
        check("3/4.5", Lang::En, &[3.0, 4.5]);
        check("Teil (1/2)", Lang::De, &[1.0, 2.0]);
        check("tie-break 6-7 (3/7)", Lang::En, &[6.0, 7.0, 3.0, 7.0]);
        check("the weekend of 8/9 January", Lang::En, &[8.0, 9.0]);
        check("odds of 1/4 to win", Lang::En, &[1.0, 4.0]);
        check(
            "2. DEG 3/1 – 3. Linz 1/3.",
            Lang::De,
            &[2.0, 3.0, 1.0, 3.0, 1.0, 3.0],
        );
        check("cut from 4/6 to 1/2", Lang::En, &[4.0, 6.0, 1.0, 2.0]);
    }

    #[test]
    fn vulgar_fractions() {
        check("rund ⅔ der Fläche", Lang::De, &[2.0 / 3.0]);
        check("2½ miles", Lang::En, &[2.5]);
    }

    #[test]
    fn german_fractions() {
        check("zwei Drittel der Befragten", Lang::De, &[2.0 / 3.0]);
        check("ein Viertel", Lang::De, &[0.25]);
        check("drei Viertel Millionen", Lang::De, &[7.5e5]);
        check("ein halbes Jahr", Lang::De, &[0.5]);
        check("sieben und ein Achtel", Lang::De, &[7.125]);
        // `Viertel` without a numerator is a district.
        assert!(vals("im Viertel", Lang::De).is_empty());
    }

    #[test]
    fn signs_in_words() {
        check("minus twelve degrees", Lang::En, &[-12.0]);
        check("negative 3", Lang::En, &[-3.0]);
        check("minus 4,5 Grad", Lang::De, &[-4.5]);
        check("minus two thirds", Lang::En, &[-2.0 / 3.0]);
        check("-3", Lang::En, &[-3.0]);
        check("she tested negative three times", Lang::En, &[3.0]);
    }

    #[test]
    fn spoken_decimals() {
        check("three point five", Lang::En, &[3.5]);
        check("zero point zero seven", Lang::En, &[0.07]);
        check("one point twenty-five", Lang::En, &[1.25]);
        check("drei Komma fünf", Lang::De, &[3.5]);
        assert!(!vals("At one point two men left", Lang::En).contains(&1.2));
    }

    #[test]
    fn digits_with_scale_words() {
        check("5 hundred and 12", Lang::En, &[512.0]);
        check("2 thousand 4 hundred", Lang::En, &[2400.0]);
        check("3 Millionen 200 Tausend", Lang::De, &[3_200_000.0]);
        // Without a scale word the digits stay apart.
        check("2000 4 hundred", Lang::En, &[2000.0, 400.0]);
    }

    #[test]
    fn scientific_notation() {
        check("2.5e6", Lang::En, &[2.5e6]);
        check("4E-2", Lang::En, &[0.04]);
        check("7.1x10^3", Lang::En, &[7100.0]);
        check("3^2", Lang::En, &[9.0]);
        // Identifiers are not exponents.
        assert!(vals("3e4f", Lang::En).is_empty());
        check("the 7E7 jet", Lang::En, &[]);
    }

    #[test]
    fn random_phrases_do_not_panic() {
        let pieces = [
            "one",
            " ",
            "-",
            "and",
            "a",
            "half",
            "thirds",
            "twenty",
            "fifth",
            "hundred",
            "over",
            "out",
            "of",
            "in",
            "minus",
            "point",
            "Komma",
            "drei",
            "Viertel",
            "ein",
            "1",
            "/",
            "2",
            "e",
            "E",
            "^",
            "x10^",
            "½",
            "ü",
            "\n",
            "(",
            ")",
            ".",
            ",",
            "million",
            "Millionen",
            "0",
            "€",
            "\u{202f}",
            "hundredths",
            "and a",
            "quarter",
        ];
        let mut seed: u64 = 7;
        for _ in 0..3000 {
            let mut t = String::new();
            for _ in 0..10 {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                t.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            for lang in [Lang::De, Lang::En] {
                for n in find_numbers(&t, lang) {
                    assert!(t.get(n.range.clone()).is_some(), "{t:?}");
                    assert!(n.value.is_finite(), "{t:?}");
                }
            }
        }
    }

    #[test]
    fn odd_phrases_do_not_panic() {
        for t in [
            "minus",
            "negative -",
            "a",
            "one over",
            "1/",
            "/2",
            "1/0",
            "0/0",
            "½½",
            "1e",
            "1e999",
            "9^999",
            "point five",
            "one point",
            "and a half",
            "a quarter of a",
            "x10^",
            "1x10^",
            "drei Komma",
            "ein",
            "– ½ –",
            "1 in",
            "one out of",
            "one hundred and",
        ] {
            let _ = find_numbers(t, Lang::En);
            let _ = find_numbers(t, Lang::De);
        }
    }
}

/// Lists what `compose` adds over `scan` in a corpus, for review:
/// `PROBE_DIR=../shared/corpus/bbc cargo test --lib corpus_probe -- --ignored --nocapture`
/// (a folder whose path contains `derstandard` is read as German).
#[cfg(test)]
mod corpus_probe {
    #[test]
    #[ignore]
    fn probe() {
        use crate::text::Lang;
        let Ok(dir) = std::env::var("PROBE_DIR") else {
            return;
        };
        let lang = if dir.contains("derstandard") {
            Lang::De
        } else {
            Lang::En
        };
        let mut n = 0;
        for e in walk(std::path::Path::new(&dir)) {
            let t = std::fs::read_to_string(&e).unwrap_or_default();
            let nums = super::super::scan(&t, lang);
            let before: std::collections::HashSet<_> =
                nums.iter().map(|n| n.range.clone()).collect();
            for m in super::compose(&t, lang, nums) {
                if !before.contains(&m.range) {
                    n += 1;
                    let s = m.range.start.saturating_sub(30);
                    let mut s2 = s;
                    while !t.is_char_boundary(s2) {
                        s2 -= 1;
                    }
                    let mut e2 = (m.range.end + 30).min(t.len());
                    while !t.is_char_boundary(e2) {
                        e2 += 1;
                    }
                    println!(
                        "{:?} = {} | {:?}",
                        &t[m.range.clone()],
                        m.value,
                        t[s2..e2].replace('\n', " ")
                    );
                }
            }
        }
        println!("{n} composed");
    }
    fn walk(p: &std::path::Path) -> Vec<std::path::PathBuf> {
        let mut v = Vec::new();
        if let Ok(rd) = std::fs::read_dir(p) {
            for e in rd.flatten() {
                let p = e.path();
                if p.is_dir() {
                    v.extend(walk(&p));
                } else {
                    v.push(p);
                }
            }
        }
        v
    }
}
