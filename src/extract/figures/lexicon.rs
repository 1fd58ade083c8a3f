//! The figure lexicons: units and currencies, qualifier widths, context words
//! and the words met between a number and the noun it counts.

use std::ops::Range;
use std::sync::LazyLock;

use super::{FigureUnit, Qualifier};
use crate::extract::numbers::{is_number_word, lang_matches, tsv_rows};
use crate::text::Lang;

/// One end of a qualifier's interval.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum End {
    /// A multiple of the number (`0.9x`).
    Factor(f64),
    /// A fixed value (`2000` for `Tausende`).
    Fixed(f64),
    /// No bound.
    Open,
}

impl End {
    fn parse(s: &str) -> Option<End> {
        if s == "-" {
            Some(End::Open)
        } else if s == "x" {
            Some(End::Factor(1.0))
        } else if let Some(f) = s.strip_suffix('x') {
            f.parse().ok().map(End::Factor)
        } else {
            s.parse().ok().map(End::Fixed)
        }
    }

    /// The bound for the number `x`.
    pub(crate) fn at(self, x: f64) -> Option<f64> {
        match self {
            End::Factor(f) => Some(f * x),
            End::Fixed(v) => Some(v),
            End::Open => None,
        }
    }
}

/// A row of `lexicons/qualifiers.tsv`.
#[derive(Debug)]
pub(crate) struct Qual {
    /// The wording, lowercase (`mehr als`).
    pub surface: &'static str,
    /// `de`, `en` or `*`.
    pub lang: &'static str,
    /// The qualifier it expresses.
    pub qualifier: Qualifier,
    /// Lower end of the interval.
    pub low: End,
    /// Upper end of the interval.
    pub high: End,
    /// The surface has no number after it (`Tausende`).
    pub vague: bool,
}

/// All qualifiers, longest surface first.
pub(crate) static QUALS: LazyLock<Vec<Qual>> = LazyLock::new(|| {
    let mut v: Vec<Qual> = tsv_rows(include_str!("../../../lexicons/qualifiers.tsv"))
        .filter_map(|r| {
            let qualifier = match *r.get(2)? {
                "exact" => Qualifier::Exact,
                "approximately" => Qualifier::Approximately,
                "more-than" => Qualifier::MoreThan,
                "nearly" => Qualifier::Nearly,
                "up-to" => Qualifier::UpTo,
                "at-least" => Qualifier::AtLeast,
                "vague" => Qualifier::Vague,
                _ => return None,
            };
            Some(Qual {
                surface: r.first()?,
                lang: r.get(1)?,
                qualifier,
                low: End::parse(r.get(3)?)?,
                high: End::parse(r.get(4)?)?,
                vague: qualifier == Qualifier::Vague,
            })
        })
        .collect();
    v.sort_by_key(|q| std::cmp::Reverse(q.surface.chars().count()));
    v
});

/// The interval `qualifier` gives the number `x` (the table row for an exact
/// number is `(exact)`).
pub(crate) fn interval(q: Qualifier, surface: Option<&str>, x: f64) -> (Option<f64>, Option<f64>) {
    let row = QUALS.iter().find(|r| {
        r.qualifier == q && surface.is_none_or(|s| r.surface.eq_ignore_ascii_case(s)) && !r.vague
    });
    match row {
        Some(r) => (r.low.at(x), r.high.at(x)),
        None => (Some(x), Some(x)),
    }
}

/// A row of `lexicons/units.tsv`.
#[derive(Debug)]
pub(crate) struct Unit {
    /// The symbol or word (`km`, `us-dollar`).
    pub surface: &'static str,
    /// `de`, `en` or `*`.
    pub lang: &'static str,
    /// What it means.
    pub unit: FigureUnit,
    /// May stand before the number (`$5`).
    pub before: bool,
    /// May stand after the number (`5 $`).
    pub after: bool,
}

/// Units, longest surface first.
pub(crate) static UNITS: LazyLock<Vec<Unit>> = LazyLock::new(|| {
    let mut v: Vec<Unit> = tsv_rows(include_str!("../../../lexicons/units.tsv"))
        .filter_map(|r| {
            let code = r.get(3)?.to_string();
            let unit = match *r.get(2)? {
                "percent" => FigureUnit::Percent,
                "currency" => FigureUnit::Currency(code),
                "measure" => FigureUnit::Measure(code),
                _ => return None,
            };
            let pos = *r.get(4)?;
            Some(Unit {
                surface: r.first()?,
                lang: r.get(1)?,
                unit,
                before: pos == "before" || pos == "both",
                after: pos == "after" || pos == "both",
            })
        })
        .collect();
    v.sort_by_key(|u| std::cmp::Reverse(u.surface.len()));
    v
});

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Whether `s` (lowercased text at some position) starts with `surface` as a
/// whole word.
fn starts_word(s: &str, surface: &str) -> bool {
    let Some(prefix) = s.get(..surface.len()) else {
        return false;
    };
    if !prefix.eq_ignore_ascii_case(surface) && prefix.to_lowercase() != surface {
        return false;
    }
    let wordy = surface.chars().last().is_some_and(is_word_char);
    !wordy || !s[surface.len()..].chars().next().is_some_and(is_word_char)
}

/// The unit written at byte `pos` (after at most one space), if any.
pub(crate) fn unit_after(text: &str, pos: usize, lang: Lang) -> Option<(FigureUnit, Range<usize>)> {
    let rest = text.get(pos..)?;
    let skip = rest.len() - rest.trim_start_matches([' ', '\u{a0}', '\u{202f}']).len();
    if skip > 2 {
        return None;
    }
    let start = pos + skip;
    let s = &text[start..];
    UNITS
        .iter()
        .filter(|u| u.after && lang_matches(u.lang, lang))
        .find(|u| starts_word(s, u.surface))
        .map(|u| (u.unit.clone(), start..start + u.surface.len()))
}

/// A currency written right before byte `pos` (`$`, `£`, `USD `), if any.
pub(crate) fn unit_before(
    text: &str,
    pos: usize,
    lang: Lang,
) -> Option<(FigureUnit, Range<usize>)> {
    let before = text.get(..pos)?;
    let t = before.trim_end_matches([' ', '\u{a0}', '\u{202f}']);
    if before.len() - t.len() > 1 {
        return None;
    }
    UNITS
        .iter()
        .filter(|u| u.before && lang_matches(u.lang, lang))
        .find_map(|u| {
            let start = t.len().checked_sub(u.surface.len())?;
            let cand = t.get(start..)?;
            let word_ok = !u.surface.chars().next().is_some_and(is_word_char)
                || !t[..start].chars().last().is_some_and(is_word_char);
            (cand.eq_ignore_ascii_case(u.surface) && word_ok)
                .then(|| (u.unit.clone(), start..t.len()))
        })
}

/// The role a context word plays (`lexicons/figure_context.tsv`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Role {
    BeforeId,
    BeforeYear,
    AfterTime,
    ChangeFrom,
    ChangeTo,
    CountOf,
}

static CONTEXT: LazyLock<Vec<(&'static str, &'static str, Role)>> = LazyLock::new(|| {
    tsv_rows(include_str!("../../../lexicons/figure_context.tsv"))
        .filter_map(|r| {
            let role = match *r.get(2)? {
                "before-id" => Role::BeforeId,
                "before-year" => Role::BeforeYear,
                "after-time" => Role::AfterTime,
                "change-from" => Role::ChangeFrom,
                "change-to" => Role::ChangeTo,
                "count-of" => Role::CountOf,
                _ => return None,
            };
            Some((*r.first()?, *r.get(1)?, role))
        })
        .collect()
});

/// The last `n` chars of `s` (or fewer).
fn tail(s: &str, n: usize) -> &str {
    s.char_indices().rev().nth(n).map_or(s, |(i, _)| &s[i..])
}

/// The first `n` chars of `s` (or fewer).
fn head(s: &str, n: usize) -> &str {
    s.char_indices().nth(n).map_or(s, |(i, _)| &s[..i])
}

/// Whether the text before `pos` ends with a context word of `role`.
pub(crate) fn context_before(text: &str, pos: usize, lang: Lang, role: Role) -> bool {
    let t = tail(text.get(..pos).unwrap_or(""), 48)
        .trim_end()
        .to_lowercase();
    CONTEXT
        .iter()
        .filter(|(_, l, r)| *r == role && lang_matches(l, lang))
        .any(|(w, _, _)| {
            t.ends_with(w) && {
                let head = &t[..t.len() - w.len()];
                !w.chars().next().is_some_and(char::is_alphanumeric)
                    || !head.chars().last().is_some_and(char::is_alphanumeric)
            }
        })
}

/// The end of the last context word of `role` in `text` (lower-cased
/// match at word boundaries), if any.
pub(crate) fn last_context_word(text: &str, lang: Lang, role: Role) -> Option<usize> {
    let lower = text.to_lowercase();
    if lower.len() != text.len() {
        // Lower-casing changed byte offsets: nothing to map back.
        return None;
    }
    CONTEXT
        .iter()
        .filter(|(_, l, r)| *r == role && lang_matches(l, lang))
        .filter_map(|(w, _, _)| {
            lower.rmatch_indices(w).find_map(|(i, _)| {
                let end = i + w.len();
                let bounded = !lower[..i].chars().last().is_some_and(char::is_alphanumeric)
                    && !lower[end..]
                        .chars()
                        .next()
                        .is_some_and(char::is_alphanumeric);
                bounded.then_some(end)
            })
        })
        .max()
}

/// Whether the text after `pos` starts with a context word of `role`.
pub(crate) fn context_after(text: &str, pos: usize, lang: Lang, role: Role) -> bool {
    let t = head(text.get(pos..).unwrap_or(""), 48)
        .trim_start()
        .to_lowercase();
    CONTEXT
        .iter()
        .filter(|(_, l, r)| *r == role && lang_matches(l, lang))
        .any(|(w, _, _)| starts_word(&t, w))
}

/// Words that tie a part to its whole (`lexicons/partitives.tsv`).
static PARTITIVES: LazyLock<Vec<(&'static str, &'static str)>> = LazyLock::new(|| {
    tsv_rows(include_str!("../../../lexicons/partitives.tsv"))
        .filter_map(|r| Some((*r.first()?, *r.get(1)?)))
        .collect()
});

/// Whether the gap between two numbers ties the first to the second as its
/// whole (`178 der 300`, `12 out of 20`).
pub(crate) fn partitive_gap(gap: &str, lang: Lang) -> bool {
    if gap.len() > 24 || gap.contains(['\n', '\r']) {
        return false;
    }
    let words: Vec<String> = gap.split_whitespace().map(str::to_lowercase).collect();
    let joined = words.join(" ");
    gap.starts_with(char::is_whitespace)
        && gap.ends_with(char::is_whitespace)
        && PARTITIVES
            .iter()
            .any(|(w, l)| *w == joined && lang_matches(l, lang))
}

/// Whether a word tying a part to its whole follows byte `pos` (`zwei
/// Drittel der Stimmen`, `two thirds of voters`), and not an indefinite
/// article after it (`three quarters of an hour` is a quantity).
pub(crate) fn partitive_after(text: &str, pos: usize, lang: Lang) -> bool {
    let spaces = [' ', '\u{a0}', '\u{202f}'];
    let rest = text.get(pos..).unwrap_or("");
    let after_gap = rest.trim_start_matches(spaces);
    if after_gap.len() == rest.len() || rest.len() - after_gap.len() > 2 {
        return false;
    }
    let word = |s: &str| {
        let end = s.find(|c: char| !c.is_alphabetic()).unwrap_or(s.len());
        s[..end].to_lowercase()
    };
    let end = after_gap
        .find(|c: char| !c.is_alphabetic())
        .unwrap_or(after_gap.len());
    let first = after_gap[..end].to_lowercase();
    let next = after_gap[end..].strip_prefix(spaces).map(word);
    let indefinite = matches!(
        next.as_deref(),
        Some("a" | "an" | "einem" | "einer" | "eines")
    );
    !indefinite
        && PARTITIVES
            .iter()
            .any(|(w, l)| *w == first && lang_matches(l, lang))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum NounRole {
    Skip,
    Stop,
    NotNoun,
}

static NOUN_WORDS: LazyLock<Vec<(&'static str, &'static str, NounRole)>> = LazyLock::new(|| {
    tsv_rows(include_str!("../../../lexicons/counted_nouns.tsv"))
        .filter_map(|r| {
            let role = match *r.get(2)? {
                "skip" => NounRole::Skip,
                "stop" => NounRole::Stop,
                "notnoun" => NounRole::NotNoun,
                _ => return None,
            };
            Some((*r.first()?, *r.get(1)?, role))
        })
        .collect()
});

fn noun_role(lower: &str, lang: Lang) -> Option<NounRole> {
    NOUN_WORDS
        .iter()
        .find(|(w, l, _)| *w == lower && lang_matches(l, lang))
        .map(|x| x.2)
}

/// The noun a figure counts: the first noun within a few words after `pos`,
/// passing over adjectives and participles, stopping at punctuation, verbs,
/// conjunctions and another number. `of` is passed over when `allow_of` (`thousands of people`).
pub(crate) fn counted_noun(
    text: &str,
    pos: usize,
    lang: Lang,
    allow_of: bool,
) -> Option<Range<usize>> {
    let mut at = pos;
    // English: the head of `mobile phone masts` is its last word; a plural
    // ends the search, a singular stays a candidate.
    let mut candidate: Option<Range<usize>> = None;
    for _ in 0..4 {
        let Some(rest) = text.get(at..) else {
            return candidate;
        };
        let gap = rest.len() - rest.trim_start_matches([' ', '\u{a0}', '\u{202f}']).len();
        if gap == 0 && at != pos {
            return candidate;
        }
        if gap == 0 && at == pos && rest.chars().next().is_some_and(char::is_alphabetic) {
            return None;
        }
        let start = at + gap;
        let word = text[start..]
            .split(|c: char| !(c.is_alphabetic() || c == '-'))
            .next()
            .unwrap_or("");
        let word = word.trim_end_matches('-');
        if word.is_empty() {
            return candidate;
        }
        let end = start + word.len();
        let lower = word.to_lowercase();
        let first_upper = word.chars().next().is_some_and(char::is_uppercase);
        // Another number starts another figure: `Half-Life 2 collected nine
        // prizes` does not count prizes with the 2.
        if is_number_word(&lower, lang) {
            return candidate;
        }
        let role = noun_role(&lower, lang);
        match lang {
            Lang::De => {
                if first_upper {
                    if role == Some(NounRole::NotNoun)
                        || word.chars().all(char::is_uppercase) && word.chars().count() > 1
                    {
                        return None;
                    }
                    return Some(start..end);
                }
                if role == Some(NounRole::Stop) {
                    return None;
                }
                let adjective = ["e", "en", "er", "es", "em"]
                    .iter()
                    .any(|s| lower.ends_with(s))
                    || role == Some(NounRole::Skip);
                if !adjective {
                    return None;
                }
            }
            Lang::En => {
                if first_upper {
                    return candidate;
                }
                if allow_of && lower == "of" && candidate.is_none() {
                    at = end;
                    continue;
                }
                match role {
                    Some(NounRole::Stop) => return candidate,
                    Some(NounRole::Skip) if candidate.is_none() => {}
                    Some(NounRole::Skip) => return candidate,
                    _ if lower.ends_with("ly") => return candidate,
                    _ if lower.ends_with("ed") && lower.len() >= 4 => {
                        if candidate.is_some() {
                            return candidate;
                        }
                    }
                    _ => {
                        let plural = lower.ends_with('s')
                            && !lower.ends_with("ss")
                            && !lower.ends_with("us")
                            && !lower.ends_with("is");
                        if plural || lower == "people" {
                            return Some(start..end);
                        }
                        candidate = Some(start..end);
                    }
                }
            }
        }
        at = end;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qualifier_table_widths() {
        assert_eq!(
            interval(Qualifier::Exact, None, 12000.0),
            (Some(12000.0), Some(12000.0))
        );
        let (lo, hi) = interval(Qualifier::Approximately, Some("rund"), 100.0);
        assert!(
            (lo.unwrap_or(0.0) - 90.0).abs() < 1e-9 && (hi.unwrap_or(0.0) - 110.0).abs() < 1e-9
        );
        assert_eq!(
            interval(Qualifier::MoreThan, Some("über"), 100.0),
            (Some(100.0), Some(150.0))
        );
        assert_eq!(
            interval(Qualifier::Nearly, Some("knapp"), 100.0),
            (Some(90.0), Some(100.0))
        );
        assert_eq!(
            interval(Qualifier::UpTo, Some("bis zu"), 100.0),
            (Some(0.0), Some(100.0))
        );
        assert_eq!(
            interval(Qualifier::AtLeast, Some("at least"), 100.0),
            (Some(100.0), Some(150.0))
        );
        assert_eq!(
            interval(Qualifier::UpTo, Some("fewer than"), 100.0),
            (Some(0.0), Some(100.0))
        );
        let t = QUALS
            .iter()
            .find(|q| q.surface == "zehntausende")
            .map(|q| (q.low.at(0.0), q.high.at(0.0)));
        assert_eq!(t, Some((Some(20000.0), Some(1e6))));
    }

    #[test]
    fn units_and_nouns() {
        assert_eq!(
            unit_after("5 Prozent", 1, Lang::De).map(|u| u.0),
            Some(FigureUnit::Percent)
        );
        assert_eq!(
            unit_after("5 US-Dollar", 1, Lang::De).map(|u| u.0),
            Some(FigureUnit::Currency("USD".into()))
        );
        assert_eq!(
            unit_before("£5", 2, Lang::En).map(|u| u.0),
            Some(FigureUnit::Currency("GBP".into()))
        );
        let t = "600.000 geschätzte Opfer";
        assert_eq!(
            counted_noun(t, 7, Lang::De, false).map(|r| &t[r]),
            Some("Opfer")
        );
        let t = "27 Länder haben";
        assert_eq!(
            counted_noun(t, 2, Lang::De, false).map(|r| &t[r]),
            Some("Länder")
        );
        let t = "5,000 new jobs";
        assert_eq!(
            counted_noun(t, 5, Lang::En, false).map(|r| &t[r]),
            Some("jobs")
        );
        let t = "14,000 mobile phone masts were";
        assert_eq!(
            counted_noun(t, 6, Lang::En, false).map(|r| &t[r]),
            Some("masts")
        );
        let t = "30 such cases";
        assert_eq!(counted_noun(t, 2, Lang::En, false), None);
        let t = "1 man died";
        assert_eq!(
            counted_noun(t, 1, Lang::En, false).map(|r| &t[r]),
            Some("man")
        );
        let t = "27 haben";
        assert_eq!(counted_noun(t, 2, Lang::De, false), None);
    }

    #[test]
    fn another_number_ends_the_search_for_a_noun() {
        // The noun after a second number is that number's, not the first's.
        let t = "Version 2 collected nine prizes";
        assert_eq!(counted_noun(t, 9, Lang::En, false), None);
        let t = "4 gewonnene sieben Spiele";
        assert_eq!(counted_noun(t, 1, Lang::De, false), None);
        // Participles before the noun still pass.
        let t = "12 injured workers";
        assert_eq!(
            counted_noun(t, 2, Lang::En, false).map(|r| &t[r]),
            Some("workers")
        );
    }
}
