//! Spoken decimals (`three point five`, `zwei Komma drei`), digits mixed
//! with scale words (`3 hundred and 21`), scientific notation (`1.5e6`,
//! `6.23x10^-4`) and signs in words (`minus five`, `negative one`).

use super::super::{Num, NumKind};
use super::{mk, phrase_at, plain_int, small_word, Ctx, Item};
use crate::text::Lang;

/// `three point five`, `nought point nought four`, `zwei Komma drei`.
pub(super) fn decimal_at(c: &Ctx, i: usize) -> Option<(Num, usize)> {
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
pub(super) fn digit_words_at(c: &Ctx, i: usize) -> Option<(Num, usize)> {
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
/// `1.3e6`, `-12e-1`, `12.32e+14`, `6.23x10^-4`, `2.5^-1`.
pub(super) fn scientific_at(c: &Ctx, i: usize) -> Option<(Num, usize)> {
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
/// A number at `i` after a sign word: a phrase or a plain number.
pub(super) fn signed_at(c: &Ctx, i: usize) -> Option<(Num, usize)> {
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
