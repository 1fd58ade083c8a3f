//! Number words: German compounds (`dreihunderteinundzwanzig`, `eineinhalb`),
//! English word sequences (`one hundred and five`, `twenty-one`), and scale
//! words after them (`zwei Milliarden`, `a million`).

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use super::{lang_matches, tsv_rows, Num, NumKind, SCALES};
use crate::text::Lang;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Morph {
    Unit,
    Teen,
    Tens,
    Hundred,
    Thousand,
    Word,
}

fn load(data: &'static str) -> HashMap<&'static str, (f64, Morph)> {
    tsv_rows(data)
        .filter_map(|r| {
            let kind = match *r.get(2)? {
                "unit" => Morph::Unit,
                "teen" => Morph::Teen,
                "tens" => Morph::Tens,
                "hundred" => Morph::Hundred,
                "thousand" => Morph::Thousand,
                // Fraction denominators are read by `phrases`.
                k if k.starts_with("denom") => return None,
                _ => Morph::Word,
            };
            Some((*r.first()?, (r.get(1)?.parse().ok()?, kind)))
        })
        .collect()
}

static DE: LazyLock<HashMap<&'static str, (f64, Morph)>> =
    LazyLock::new(|| load(include_str!("../../../lexicons/number_words_de.tsv")));
static EN: LazyLock<HashMap<&'static str, (f64, Morph)>> =
    LazyLock::new(|| load(include_str!("../../../lexicons/number_words_en.tsv")));

/// Whether `lower` is an English tens word (`twenty` … `ninety`), with its value.
pub(super) fn en_tens(lower: &str) -> Option<f64> {
    EN.get(lower)
        .filter(|(_, k)| *k == Morph::Tens)
        .map(|(v, _)| *v)
}

/// A fraction denominator word: its value, whether it stands alone and
/// whether it completes a tens word (`twenty-fifth`).
#[derive(Clone, Copy, Debug)]
pub(super) struct Denom {
    pub value: f64,
    pub alone: bool,
    pub unit: bool,
}

fn load_denoms(data: &'static str) -> HashMap<&'static str, Denom> {
    tsv_rows(data)
        .filter_map(|r| {
            let (alone, unit) = match *r.get(2)? {
                "denom" => (true, false),
                "denom-unit" => (true, true),
                "denom-compound" => (false, true),
                _ => return None,
            };
            Some((
                *r.first()?,
                Denom {
                    value: r.get(1)?.parse().ok()?,
                    alone,
                    unit,
                },
            ))
        })
        .collect()
}

static DE_DENOMS: LazyLock<HashMap<&'static str, Denom>> =
    LazyLock::new(|| load_denoms(include_str!("../../../lexicons/number_words_de.tsv")));
static EN_DENOMS: LazyLock<HashMap<&'static str, Denom>> =
    LazyLock::new(|| load_denoms(include_str!("../../../lexicons/number_words_en.tsv")));

/// The denominator a word names (`fifths`, `Drittel`), plurals included.
pub(super) fn denom(word: &str, lang: Lang) -> Option<Denom> {
    let lower = word.to_lowercase();
    let map = match lang {
        Lang::De => &*DE_DENOMS,
        Lang::En => &*EN_DENOMS,
    };
    map.get(lower.as_str()).copied().or_else(|| {
        lower
            .strip_suffix('s')
            .filter(|_| lang == Lang::En)
            .and_then(|w| map.get(w).copied())
    })
}

fn de_kind(s: &str, want: &[Morph]) -> Option<f64> {
    DE.get(s).filter(|(_, k)| want.contains(k)).map(|(v, _)| *v)
}

fn de_below100(s: &str) -> Option<f64> {
    if let Some(v) = de_kind(s, &[Morph::Unit, Morph::Teen, Morph::Tens]) {
        return Some(v);
    }
    let (a, b) = s.split_once("und")?;
    Some(de_kind(a, &[Morph::Unit])? + de_kind(b, &[Morph::Tens])?)
}

fn de_below1000(s: &str) -> Option<f64> {
    match s.split_once("hundert") {
        Some((a, b)) => {
            let h = if a.is_empty() {
                1.0
            } else {
                de_kind(a, &[Morph::Unit])?
            };
            let r = if b.is_empty() { 0.0 } else { de_below100(b)? };
            Some(h * 100.0 + r)
        }
        None => de_below100(s),
    }
}

fn de_int(s: &str) -> Option<f64> {
    if s.is_empty() {
        return None;
    }
    match s.split_once("tausend") {
        Some((a, b)) => {
            let t = if a.is_empty() { 1.0 } else { de_below1000(a)? };
            let r = if b.is_empty() { 0.0 } else { de_below1000(b)? };
            Some(t * 1000.0 + r)
        }
        None => de_below1000(s),
    }
}

/// Is `lower` one number word standing alone (`nine`, `twenty`, `zwölf`,
/// `sieben`)? Articles (`a`, `ein`) are not.
pub(crate) fn is_number_word(lower: &str, lang: Lang) -> bool {
    match lang {
        Lang::En => EN.contains_key(lower),
        Lang::De => de_word(lower).is_some(),
    }
}

/// Value of one German number word (`zwölf`, `zweihundert`, `eineinhalb`).
/// Articles (`ein`, `eine`) are not numbers on their own.
pub(crate) fn de_word(lower: &str) -> Option<f64> {
    if let Some(v) = de_kind(lower, &[Morph::Word]) {
        return Some(v);
    }
    if lower == "ein" {
        return None;
    }
    if let Some(p) = lower.strip_suffix("einhalb") {
        return Some(de_int(p)? + 0.5);
    }
    de_int(lower)
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Tok {
    /// A number word with its morpheme class (English) or a German compound.
    Num(f64, Morph),
    Scale(f64),
    Article,
    Half,
    And,
}

fn is_article(lower: &str, lang: Lang) -> bool {
    match lang {
        Lang::De => matches!(
            lower,
            "ein" | "eine" | "einen" | "einer" | "einem" | "eines"
        ),
        Lang::En => matches!(lower, "a" | "an"),
    }
}

fn classify(word: &str, lang: Lang) -> Option<Tok> {
    let lower = word.to_lowercase();
    if is_article(&lower, lang) {
        return Some(Tok::Article);
    }
    match lang {
        Lang::De => {
            if matches!(lower.as_str(), "halbe" | "halbes" | "halben") {
                return Some(Tok::Half);
            }
            // `Tausend`/`Hundert` capitalised inside a sentence is a name or noun.
            if let Some(v) = de_word(&lower) {
                return Some(Tok::Num(v, Morph::Word));
            }
        }
        Lang::En => {
            if lower == "half" {
                return Some(Tok::Half);
            }
            if lower == "and" {
                return Some(Tok::And);
            }
            if let Some((v, k)) = EN.get(lower.as_str()) {
                return Some(Tok::Num(*v, *k));
            }
        }
    }
    SCALES
        .iter()
        .find(|s| s.word && lang_matches(s.lang, lang) && lower == s.surface && !s.case_sensitive)
        .map(|s| Tok::Scale(s.value))
}

/// Words of the text with their byte ranges (letters only; `twenty-one` is
/// two words joined by a hyphen).
fn words(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        if c.is_alphabetic() {
            if start.is_none() {
                start = Some(i);
            }
        } else if let Some(s) = start.take() {
            out.push(s..i);
        }
    }
    if let Some(s) = start {
        out.push(s..text.len());
    }
    out
}

/// Whether the gap between two words lets them form one number.
fn joinable(gap: &str, lang: Lang) -> bool {
    if gap.is_empty() || gap.contains(['\n', '\r']) {
        return false;
    }
    let t = gap.trim_matches(|c: char| c == ' ' || c == '\u{a0}' || c == '\u{202f}');
    t.is_empty() || (lang == Lang::En && t == "-")
}

/// Finds numbers written in words. `digits` are the digit numbers already
/// found; words inside them (scale words) are skipped.
pub(super) fn word_numbers(text: &str, lang: Lang, digits: &[Num]) -> Vec<Num> {
    let ws = words(text);
    let toks: Vec<Option<Tok>> = ws
        .iter()
        .map(|r| classify(&text[r.clone()], lang))
        .collect();
    let digit_ranges = super::merge_ranges(digits.iter().map(|d| d.range.clone()).collect());
    let taken = |r: &Range<usize>| super::overlaps_sorted(&digit_ranges, r);
    let mut out = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        if taken(&ws[i])
            || toks[i].is_none()
            || (i > 0 && text[ws[i - 1].end..ws[i].start].is_empty())
        {
            i += 1;
            continue;
        }
        // Collect the run of joinable number tokens starting at i, a window
        // at a time: `combine` looks at most `LOOKAHEAD` tokens past the last
        // one it uses, so the window grows (doubling) only while the number
        // does, and a long run of separate numbers (`eins eins eins …`) costs
        // constant work per number.
        let mut j = i;
        let mut run = vec![(toks[i].unwrap_or(Tok::And), ws[i].clone())];
        let mut window = 2 * LOOKAHEAD;
        let combined = loop {
            while run.len() < window && j + 1 < ws.len() {
                let gap = &text[ws[j].end..ws[j + 1].start];
                match toks[j + 1] {
                    Some(t) if joinable(gap, lang) && !taken(&ws[j + 1]) => {
                        super::work::step(1);
                        run.push((t, ws[j + 1].clone()));
                        j += 1;
                    }
                    _ => break,
                }
            }
            let combined = combine(&run, lang);
            let used = combined.as_ref().map_or(0, |c| c.0);
            if run.len() < window || used + LOOKAHEAD < run.len() {
                break combined;
            }
            window *= 2;
        };
        match combined {
            Some((used, value, base, scale, scale_range, kind)) => {
                let range = run[0].1.start..run[used - 1].1.end;
                let skip = skip_word_number(text, &range, &run[..used], lang);
                if !skip {
                    out.push(Num {
                        range,
                        value,
                        base,
                        scale,
                        scale_range,
                        kind,
                        glued: false,
                        split: false,
                        money_scale: false,
                        phrase: super::Phrase::Single,
                    });
                }
                i += used;
            }
            None => i += 1,
        }
    }
    out
}

/// How many tokens past the last one it uses `combine` may have looked at:
/// up to three ahead of the token it stopped at, after dropping up to three
/// trailing `and`/article/`half` tokens, with a margin.
const LOOKAHEAD: usize = 8;

type Combined = (usize, f64, f64, f64, Option<Range<usize>>, NumKind);

/// Reads one number from the start of `run`; returns how many tokens it used.
fn combine(run: &[(Tok, Range<usize>)], lang: Lang) -> Option<Combined> {
    let mut total = 0.0;
    let mut cur: f64 = 0.0;
    let mut half_end = 0;
    let mut last_scale = f64::INFINITY;
    let mut used = 0;
    let mut prev: Option<Tok> = None;
    let mut kind = NumKind::Words;
    let mut has_num = false;
    let mut half = false;
    let mut last_scale_val = 1.0;
    let mut scale_range = None;
    let mut base = 0.0;
    let mut k = 0;
    while k < run.len() {
        super::work::step(1);
        let (t, r) = (run[k].0, &run[k].1);
        let next = run.get(k + 1).map(|x| x.0);
        // English `one and a half (million)`, `two million and a half`.
        let and_a_half = lang == Lang::En
            && t == Tok::And
            && has_num
            && next == Some(Tok::Article)
            && run.get(k + 2).map(|x| x.0) == Some(Tok::Half);
        if and_a_half {
            match prev {
                // `one billion and a half million`: half of the smaller scale.
                Some(Tok::Scale(s)) => match run.get(k + 3).map(|x| x.0) {
                    Some(Tok::Scale(s2)) if s2 < s => {
                        total += 0.5 * s2;
                        used = k + 4;
                        half_end = used;
                        prev = Some(Tok::Scale(s2));
                        last_scale = s2;
                        k += 4;
                        continue;
                    }
                    _ => total += 0.5 * s,
                },
                Some(Tok::Num(_, _)) if cur.fract() == 0.0 => cur += 0.5,
                _ => break,
            }
            prev = Some(Tok::Half);
            used = k + 3;
            half_end = used;
            k += 3;
            continue;
        }
        let ok = match t {
            Tok::Article => {
                if prev.is_none() || (lang == Lang::En && prev == Some(Tok::Half)) {
                    let next_ok = matches!(
                        next,
                        Some(Tok::Scale(_)) | Some(Tok::Num(_, Morph::Hundred))
                    ) || (next == Some(Tok::Half) && lang == Lang::De);
                    if next_ok && prev.is_none() {
                        kind = NumKind::Article;
                    }
                    next_ok
                } else {
                    false
                }
            }
            Tok::Half => {
                let next_ok = matches!(next, Some(Tok::Scale(_)))
                    || (lang == Lang::En && next == Some(Tok::Article));
                if next_ok && matches!(prev, None | Some(Tok::Article)) {
                    half = true;
                    cur = 0.5;
                    true
                } else {
                    false
                }
            }
            Tok::And => {
                matches!(
                    prev,
                    Some(Tok::Scale(_)) | Some(Tok::Num(_, Morph::Hundred))
                ) && matches!(
                    next,
                    Some(Tok::Num(_, Morph::Unit | Morph::Teen | Morph::Tens))
                )
            }
            Tok::Scale(s) => {
                let have = has_num || half || prev == Some(Tok::Article);
                if have && s < last_scale && !matches!(prev, Some(Tok::Scale(_)) | Some(Tok::And)) {
                    let c = if cur == 0.0 { 1.0 } else { cur };
                    base = c;
                    total += c * s;
                    cur = 0.0;
                    last_scale = s;
                    last_scale_val = s;
                    scale_range = Some(r.clone());
                    has_num = true;
                    true
                } else {
                    false
                }
            }
            Tok::Num(v, m) => match lang {
                Lang::De => {
                    // A second German number word only after a scale word.
                    if prev.is_none() || (matches!(prev, Some(Tok::Scale(_))) && v < last_scale) {
                        cur = v;
                        has_num = true;
                        scale_range = None;
                        last_scale_val = 1.0;
                        true
                    } else {
                        false
                    }
                }
                Lang::En => match m {
                    Morph::Hundred => {
                        if cur < 100.0
                            && !matches!(prev, Some(Tok::Num(_, Morph::Hundred)) | Some(Tok::And))
                        {
                            cur = if cur == 0.0 { 100.0 } else { cur * 100.0 };
                            has_num = true;
                            true
                        } else {
                            false
                        }
                    }
                    _ => {
                        let fresh = matches!(prev, None | Some(Tok::Scale(_)) | Some(Tok::And))
                            || matches!(prev, Some(Tok::Num(_, Morph::Hundred)));
                        let after_tens = matches!(prev, Some(Tok::Num(_, Morph::Tens)))
                            && m == Morph::Unit
                            && v > 0.0;
                        let small_after_scale =
                            !matches!(prev, Some(Tok::Scale(_))) || v < last_scale;
                        if (fresh && small_after_scale) || after_tens {
                            cur += v;
                            has_num = true;
                            if matches!(prev, Some(Tok::Scale(_)) | Some(Tok::And)) {
                                scale_range = None;
                                last_scale_val = 1.0;
                            }
                            true
                        } else {
                            false
                        }
                    }
                },
            },
        };
        if !ok {
            break;
        }
        prev = Some(t);
        used = k + 1;
        k += 1;
    }
    // Trailing `and`/article is not part of the number.
    while used > 0
        && used != half_end
        && matches!(run[used - 1].0, Tok::And | Tok::Article | Tok::Half)
    {
        used -= 1;
    }
    if used == 0 || !has_num {
        return None;
    }
    let value = total + cur;
    if last_scale_val == 1.0 {
        base = value;
    }
    Some((used, value, base, last_scale_val, scale_range, kind))
}

/// Word numbers that are words of another kind in context.
fn skip_word_number(
    text: &str,
    range: &Range<usize>,
    run: &[(Tok, Range<usize>)],
    lang: Lang,
) -> bool {
    let surface = &text[range.clone()];
    let before = text[..range.start].trim_end();
    let prev_word = before
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("")
        .to_lowercase();
    match lang {
        Lang::En => {
            // `the one you mentioned`, `which one`: a pronoun, not a number.
            run.len() == 1
                && surface.eq_ignore_ascii_case("one")
                && matches!(
                    prev_word.as_str(),
                    "the"
                        | "this"
                        | "that"
                        | "which"
                        | "each"
                        | "every"
                        | "any"
                        | "no"
                        | "another"
                        | "little"
                        | "loved"
                )
        }
        Lang::De => {
            // `Claudia Tausend`: a capitalised bare `Tausend`/`Hundert` mid-sentence.
            let mid_sentence =
                !before.is_empty() && !before.ends_with(['.', '!', '?', ':', '"', '„', '\n']);
            run.len() == 1 && mid_sentence && matches!(surface, "Tausend" | "Hundert")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::find_numbers;
    use super::*;

    fn vals(text: &str, lang: Lang) -> Vec<f64> {
        find_numbers(text, lang)
            .into_iter()
            .map(|n| n.value)
            .collect()
    }

    #[test]
    fn german_compounds() {
        assert_eq!(de_word("zwölf"), Some(12.0));
        assert_eq!(de_word("einundzwanzig"), Some(21.0));
        assert_eq!(de_word("zweihundert"), Some(200.0));
        assert_eq!(de_word("eintausendeinhundertfünfzig"), Some(1150.0));
        assert_eq!(
            de_word("dreihundertneunundneunzigtausendfuenfhundertneun"),
            Some(399_509.0)
        );
        assert_eq!(de_word("eineinhalb"), Some(1.5));
        assert_eq!(de_word("zweieinhalb"), Some(2.5));
        assert_eq!(de_word("anderthalb"), Some(1.5));
        assert_eq!(de_word("ein"), None);
        assert_eq!(de_word("elfmeter"), None);
    }

    #[test]
    fn german_sequences() {
        assert_eq!(vals("Zwölf Länder stimmten zu", Lang::De), vec![12.0]);
        assert_eq!(vals("eine Milliarde", Lang::De), vec![1e9]);
        assert_eq!(vals("Eine halbe Million Menschen", Lang::De), vec![5e5]);
        assert_eq!(
            vals("zwei Millionen eintausendeinhundertfünfzig", Lang::De),
            vec![2_001_150.0]
        );
        assert!(vals("Sie hat ein Haus", Lang::De).is_empty());
        assert!(vals("Claudia Tausend wohnt hier", Lang::De).is_empty());
    }

    #[test]
    fn english_sequences() {
        assert_eq!(vals("twelve", Lang::En), vec![12.0]);
        assert_eq!(vals("twenty-one", Lang::En), vec![21.0]);
        assert_eq!(vals("one hundred and five", Lang::En), vec![105.0]);
        assert_eq!(vals("a million", Lang::En), vec![1e6]);
        assert_eq!(
            vals("two hundred and two thousand", Lang::En),
            vec![202_000.0]
        );
        assert_eq!(vals("half a million", Lang::En), vec![5e5]);
        assert_eq!(vals("one and a half million people", Lang::En), vec![1.5e6]);
        assert_eq!(vals("one million and a half", Lang::En), vec![1.5e6]);
        assert_eq!(vals("five and a half", Lang::En), vec![5.5]);
        assert!(vals("the one you saw", Lang::En).is_empty());
        assert!(vals("a house", Lang::En).is_empty());
    }
}
