//! Numerals and number words: `10.000`, `10,000`, `0,5`, `1 234`, `zwölf`,
//! `zwei Milliarden`, `eineinhalb`, `twelve`, `2.5 bn`, … resolved to values.
//!
//! Digits are read by the language's convention: in German a `.` followed by
//! exactly three digits groups thousands and `,` is the decimal mark; in
//! English a `,` followed by three digits groups thousands and `.` is the
//! decimal mark. Spaces (also U+00A0 and U+202F) group thousands when every
//! group after the first has three digits. Articles (`ein`, `eine`, `a`) count
//! only before a scale word (`eine Milliarde`, `a million`).

use std::ops::Range;
use std::sync::LazyLock;

use crate::text::Lang;

mod phrases;
mod words;
pub(crate) use words::is_number_word;
pub(crate) mod work;

/// One number found in text, with its value resolved.
#[derive(Clone, Debug, PartialEq)]
pub struct NumberMention {
    /// Byte range in the text that was searched.
    pub range: Range<usize>,
    /// The resolved value, scale words applied (`2 Milliarden` → 2e9).
    pub value: f64,
}

/// How a number was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NumKind {
    /// Digits (`12.000`, `2,5`).
    Digits,
    /// Number words (`zwölf`, `twenty-one`), possibly mixed with digits.
    Words,
    /// An article before a scale word (`eine Milliarde`, `a million`).
    Article,
}

/// A number with the details the figure recogniser needs.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Num {
    /// The whole number, scale word included.
    pub range: Range<usize>,
    /// The value, scale applied.
    pub value: f64,
    /// The value before the last scale word was applied.
    pub base: f64,
    /// The multiplier of a trailing scale word (1 when there is none).
    pub scale: f64,
    /// Range of the trailing scale word, if any.
    pub scale_range: Option<Range<usize>>,
    pub kind: NumKind,
    /// Letters follow the digits directly (`29km`, `3rd`, `G7` is seen via
    /// the text before).
    pub glued: bool,
    /// Part of a chain of digit groups that was not one number (`1.2.3`,
    /// `192.168.1.2`, `22,24,26`).
    pub split: bool,
    /// A scale that applies only after a currency symbol (`£5m`).
    pub money_scale: bool,
    /// The kind of phrase the number was composed from.
    pub phrase: Phrase,
}

/// The kind of phrase a number was read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Phrase {
    /// One numeral or number-word sequence (`12.000`, `zwei Milliarden`).
    Single,
    /// A fraction or mixed number (`zwei Drittel`, `3/4`, `2½`, `five and a
    /// quarter`, `more than half`).
    Fraction,
    /// A ratio (`one in five`, `two out of five`, `one over three`).
    Ratio,
    /// A spoken decimal, sign word, scientific notation or digits with
    /// scale words (`zwei Komma drei`, `minus five`, `1.5e6`,
    /// `3 Millionen 200 Tausend`).
    Composed,
}

/// Whether `r` overlaps one of `sorted`: disjoint ranges in text order.
pub(crate) fn overlaps_sorted(sorted: &[Range<usize>], r: &Range<usize>) -> bool {
    let i = sorted.partition_point(|s| s.end <= r.start);
    sorted.get(i).is_some_and(|s| s.start < r.end)
}

/// Merges ranges into disjoint ranges in text order.
pub(crate) fn merge_ranges(mut v: Vec<Range<usize>>) -> Vec<Range<usize>> {
    v.sort_by_key(|r| r.start);
    let mut out: Vec<Range<usize>> = Vec::with_capacity(v.len());
    for r in v {
        match out.last_mut() {
            Some(last) if r.start < last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// One parsed line of a TSV lexicon: non-empty fields, comments skipped.
pub(crate) fn tsv_rows(data: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    data.lines()
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').map(str::trim).collect::<Vec<_>>())
}

/// Whether a lexicon row's language column (`de`, `en`, `*`) covers `lang`.
pub(crate) fn lang_matches(col: &str, lang: Lang) -> bool {
    match col {
        "*" => true,
        "de" => lang == Lang::De,
        "en" => lang == Lang::En,
        _ => false,
    }
}

/// A scale word or abbreviation from `lexicons/scales.tsv`.
#[derive(Debug)]
pub(crate) struct Scale {
    /// The word or abbreviation, lowercase unless case-sensitive.
    pub surface: &'static str,
    /// `de`, `en` or `*`.
    pub lang: &'static str,
    /// The multiplier.
    pub value: f64,
    /// Written as a separate word after the number.
    pub word: bool,
    /// May be glued to the digits (`10k`).
    pub suffix: bool,
    /// Matched case-sensitively (`M`, `MM`).
    pub case_sensitive: bool,
    /// Only after a currency symbol (`£5m`).
    pub money: bool,
    /// A trailing full stop belongs to it (`Mio.`).
    pub dot: bool,
}

static SCALES: LazyLock<Vec<Scale>> = LazyLock::new(|| {
    tsv_rows(include_str!("../../lexicons/scales.tsv"))
        .filter_map(|r| {
            let flags = r.get(3).copied().unwrap_or("");
            let has = |f: &str| flags.split(',').any(|x| x == f);
            Some(Scale {
                surface: r.first()?,
                lang: r.get(1)?,
                value: r.get(2)?.parse().ok()?,
                word: has("word"),
                suffix: has("suffix"),
                case_sensitive: has("cs"),
                money: has("money"),
                dot: has("dot"),
            })
        })
        .collect()
});

fn is_space(c: char) -> bool {
    c == ' ' || c == '\u{a0}' || c == '\u{202f}'
}

/// The alphabetic word starting at byte `i` (letters only), if any.
pub(crate) fn word_at(text: &str, i: usize) -> &str {
    let rest = text.get(i..).unwrap_or("");
    let end = rest
        .char_indices()
        .find(|(_, c)| !c.is_alphabetic())
        .map_or(rest.len(), |(j, _)| j);
    &rest[..end]
}

/// Looks for a scale word or suffix right after a number ending at `end`.
/// Returns the scale's value, the range it covers and whether it needs money.
fn scale_after(text: &str, end: usize, lang: Lang) -> Option<(f64, Range<usize>, bool)> {
    let rest = text.get(end..)?;
    // Glued suffix (`10k`, `£5m`, `1.2bn`).
    let glued = word_at(text, end);
    if !glued.is_empty() {
        for s in SCALES
            .iter()
            .filter(|s| s.suffix && lang_matches(s.lang, lang))
        {
            let hit = if s.case_sensitive {
                glued == s.surface
            } else {
                glued.eq_ignore_ascii_case(s.surface)
            };
            if hit {
                return Some((s.value, end..end + glued.len(), s.money));
            }
        }
        return None;
    }
    // Separate word after spaces on the same line.
    let skip = rest
        .char_indices()
        .find(|(_, c)| !is_space(*c))
        .map(|(j, _)| j)?;
    if skip == 0 || skip > 3 {
        return None;
    }
    let start = end + skip;
    let w = word_at(text, start);
    if w.is_empty() {
        return None;
    }
    for s in SCALES.iter().filter(|s| lang_matches(s.lang, lang)) {
        if !(s.word || s.suffix) {
            continue;
        }
        // Single-letter suffixes (`k`, `m`) only when glued (`10k`).
        if !s.word && w.chars().count() == 1 {
            continue;
        }
        let hit = if s.case_sensitive {
            w == s.surface
        } else {
            w.to_lowercase() == s.surface
        };
        if hit {
            let mut e = start + w.len();
            if s.dot && text.get(e..).is_some_and(|r| r.starts_with('.')) {
                e += 1;
            }
            return Some((s.value, start..e, s.money));
        }
    }
    None
}

/// Reads the digit groups at `start`: returns the numbers they form.
fn read_numeral(text: &str, start: usize, lang: Lang) -> (Vec<(Range<usize>, f64, bool)>, usize) {
    let b = text.as_bytes();
    // Collect groups: (separator before, digits range).
    let mut groups: Vec<(Option<char>, Range<usize>)> = Vec::new();
    let mut i = start;
    let mut sep: Option<char> = None;
    loop {
        let s = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        work::step(i - s + 1);
        // A space groups thousands only between groups of three digits (the
        // first may be shorter): stop at the first space that does not, so
        // that `1 1 1 …` is read one number at a time, each in constant work.
        if sep.is_some_and(is_space) {
            let k = groups.len();
            let prev_len = groups[k - 1].1.len();
            let prev_ok = if k == 1 {
                prev_len <= 3
            } else {
                prev_len == 3 && groups[k - 1].0.is_some_and(is_space)
            };
            if !(prev_ok && i - s == 3) {
                break;
            }
        }
        groups.push((sep, s..i));
        // Separator followed by a digit?
        let Some(c) = text.get(i..).and_then(|r| r.chars().next()) else {
            break;
        };
        if !(c == '.' || c == ',' || is_space(c)) {
            break;
        }
        let next = i + c.len_utf8();
        if next < b.len() && b[next].is_ascii_digit() {
            sep = Some(c);
            i = next;
        } else {
            break;
        }
    }
    let spaced = groups.iter().any(|(s, _)| s.is_some_and(is_space));
    // Punctuation separators after spaces: only one, as decimal mark.
    if spaced {
        let mut puncts = 0;
        let mut cut = groups.len();
        for (k, (s, _)) in groups.iter().enumerate().skip(1) {
            if s.is_some_and(|c| !is_space(c)) {
                puncts += 1;
                if puncts > 1 || k + 1 < groups.len() {
                    cut = k;
                    break;
                }
            }
        }
        groups.truncate(cut);
        let end = groups.last().map_or(start, |g| g.1.end);
        let mut s = String::new();
        for (k, (sep, r)) in groups.iter().enumerate() {
            if k > 0 && sep.is_some_and(|c| !is_space(c)) {
                s.push('.');
            }
            s.push_str(&text[r.clone()]);
        }
        return (vec![(start..end, s.parse().unwrap_or(0.0), false)], end);
    }
    let end = groups.last().map_or(start, |g| g.1.end);
    let seps: Vec<char> = groups.iter().filter_map(|g| g.0).collect();
    let digits = |r: &Range<usize>| &text[r.clone()];
    let as_int =
        |gs: &[(Option<char>, Range<usize>)]| gs.iter().map(|g| digits(&g.1)).collect::<String>();
    let split_all = || {
        groups
            .iter()
            .map(|g| {
                (
                    g.1.clone(),
                    digits(&g.1).parse::<f64>().unwrap_or(0.0),
                    true,
                )
            })
            .collect::<Vec<_>>()
    };
    let grouped_ok = |gs: &[(Option<char>, Range<usize>)]| {
        gs.first()
            .is_some_and(|g| g.1.len() <= 3 && !(g.1.len() > 1 && digits(&g.1).starts_with('0')))
            && gs.iter().skip(1).all(|g| g.1.len() == 3)
    };
    if seps.is_empty() {
        return (
            vec![(start..end, as_int(&groups).parse().unwrap_or(0.0), false)],
            end,
        );
    }
    let has_dot = seps.contains(&'.');
    let has_comma = seps.contains(&',');
    if has_dot && has_comma {
        let last = *seps.last().unwrap_or(&'.');
        let dec_count = seps.iter().filter(|&&c| c == last).count();
        let n = groups.len();
        if dec_count == 1 && grouped_ok(&groups[..n - 1]) {
            let v = format!("{}.{}", as_int(&groups[..n - 1]), digits(&groups[n - 1].1));
            return (vec![(start..end, v.parse().unwrap_or(0.0), false)], end);
        }
        return (split_all(), end);
    }
    let c = seps[0];
    if seps.len() > 1 {
        if grouped_ok(&groups) {
            return (
                vec![(start..end, as_int(&groups).parse().unwrap_or(0.0), false)],
                end,
            );
        }
        return (split_all(), end);
    }
    // One separator.
    let group_char = if lang == Lang::De { '.' } else { ',' };
    let three = groups[1].1.len() == 3;
    let is_group = c == group_char && three && grouped_ok(&groups);
    let v = if is_group {
        as_int(&groups)
    } else {
        format!("{}.{}", digits(&groups[0].1), digits(&groups[1].1))
    };
    (vec![(start..end, v.parse().unwrap_or(0.0), false)], end)
}

/// Reads every number in `text`: numerals and number words (`scan`), then
/// the phrases they form (`phrases`). The one number reader: figures are
/// built from what it returns, and `find_numbers` filters it.
pub(crate) fn read(text: &str, lang: Lang) -> Vec<Num> {
    phrases::compose(text, lang, scan(text, lang))
}

/// Finds numerals and number words, before phrases are composed.
pub(crate) fn scan(text: &str, lang: Lang) -> Vec<Num> {
    let mut out = digit_numbers(text, lang);
    let word_nums = words::word_numbers(text, lang, &out);
    out.extend(word_nums);
    out.sort_by_key(|n| n.range.start);
    // Drop numbers inside an earlier (longer) one.
    let mut kept: Vec<Num> = Vec::new();
    for n in out {
        if kept.last().is_some_and(|k| n.range.start < k.range.end) {
            continue;
        }
        kept.push(n);
    }
    kept
}

fn digit_numbers(text: &str, lang: Lang) -> Vec<Num> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        // Digits glued to a preceding letter or digit belong to a word.
        let (mut parts, end) = read_numeral(text, i, lang);
        // Leading decimal mark `.08` and a sign `-1`.
        if let Some(first) = parts.first_mut() {
            let before = &text[..first.0.start];
            let mut chars = before.chars().rev();
            let c1 = chars.next();
            let c2 = chars.next();
            let boundary = |c: Option<char>| c.is_none_or(|c| c.is_whitespace() || c == '(');
            if c1 == Some('.') && boundary(c2) && lang == Lang::En && !first.2 {
                let v = format!("0.{}", &text[first.0.clone()]);
                first.1 = v.parse().unwrap_or(first.1);
                first.0.start -= 1;
            } else if matches!(c1, Some('-' | '−')) && boundary(c2) {
                first.1 = -first.1;
                first.0.start -= c1.map_or(1, char::len_utf8);
            }
        }
        let n = parts.len();
        for (k, (range, value, split)) in parts.drain(..).enumerate() {
            let last = k + 1 == n;
            let mut num = Num {
                range: range.clone(),
                value,
                base: value,
                scale: 1.0,
                scale_range: None,
                kind: NumKind::Digits,
                glued: false,
                split,
                money_scale: false,
                phrase: Phrase::Single,
            };
            if last {
                if let Some((s, r, money)) = scale_after(text, range.end, lang) {
                    num.value = value * s;
                    num.scale = s;
                    num.range.end = r.end;
                    num.scale_range = Some(r);
                    num.money_scale = money;
                }
                num.glued = text
                    .get(num.range.end..)
                    .and_then(|r| r.chars().next())
                    .is_some_and(char::is_alphabetic);
            }
            out.push(num);
        }
        i = end.max(i + 1);
    }
    out
}

/// Whether the number is one a reader would call a number: not glued to
/// letters (`29km` is a measure, `3rd` an ordinal) and with its scale valid.
pub(crate) fn is_plain(n: &Num, text: &str) -> bool {
    // Digits glued to letters on either side belong to a name (`G7`, `A380`).
    if n.glued
        || text[..n.range.start]
            .chars()
            .next_back()
            .is_some_and(char::is_alphabetic)
    {
        return false;
    }
    if n.money_scale {
        // `£5m`: only after a currency symbol.
        let before = text[..n.range.start].trim_end_matches(is_space);
        if !before.ends_with(['$', '£', '€']) {
            return false;
        }
    }
    true
}

/// Finds every number in `text` that a reader would call a number (see
/// `is_plain`), as `read` finds them.
pub fn find_numbers(text: &str, lang: Lang) -> Vec<NumberMention> {
    read(text, lang)
        .into_iter()
        .filter(|n| is_plain(n, text))
        .map(|n| NumberMention {
            range: n.range,
            value: n.value,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vals(text: &str, lang: Lang) -> Vec<f64> {
        find_numbers(text, lang)
            .into_iter()
            .map(|n| n.value)
            .collect()
    }

    #[test]
    fn german_digit_conventions() {
        assert_eq!(vals("Es kamen 10.000 Leute", Lang::De), vec![10000.0]);
        assert_eq!(vals("nur 0,5 Liter", Lang::De), vec![0.5]);
        assert_eq!(vals("1,5 Millionen Euro", Lang::De), vec![1_500_000.0]);
        assert_eq!(vals("2.000,352", Lang::De), vec![2000.352]);
        assert_eq!(vals("4,800", Lang::De), vec![4.8]);
    }

    #[test]
    fn english_digit_conventions() {
        assert_eq!(vals("some 10,000 people", Lang::En), vec![10000.0]);
        assert_eq!(vals("a 2.5 rise", Lang::En), vec![2.5]);
        assert_eq!(vals("4.800", Lang::En), vec![4.8]);
        assert_eq!(vals("1,111.11", Lang::En), vec![1111.11]);
    }

    #[test]
    fn space_groups() {
        assert_eq!(vals("1 234 567", Lang::De), vec![1_234_567.0]);
        assert_eq!(
            vals("40\u{202f}000 und 40\u{a0}000", Lang::De),
            vec![40000.0, 40000.0]
        );
        assert_eq!(vals("423 0000", Lang::En), vec![423.0, 0.0]);
    }

    #[test]
    fn scales_and_suffixes() {
        assert_eq!(vals("über 2 Milliarden Dollar", Lang::De), vec![2e9]);
        assert_eq!(vals("2,5 Mrd. Euro", Lang::De), vec![2.5e9]);
        assert_eq!(vals("a £5m deal", Lang::En), vec![5e6]);
        assert_eq!(vals("cost $1.2bn", Lang::En), vec![1.2e9]);
        assert!(vals("1m isn't", Lang::En).is_empty());
        assert_eq!(vals("10k", Lang::En), vec![1e4]);
    }

    #[test]
    fn chains_split() {
        assert_eq!(vals("192.168.1.2", Lang::En), vec![192.0, 168.0, 1.0, 2.0]);
    }

    #[test]
    fn odd_input_does_not_panic() {
        for t in [
            "",
            ".",
            "-",
            "1.",
            "1,",
            "€",
            "ü1ü",
            "\u{202f}1\u{202f}",
            "1 2 3 4",
            "9".repeat(400).as_str(),
        ] {
            let _ = find_numbers(t, Lang::De);
            let _ = find_numbers(t, Lang::En);
        }
    }
}
