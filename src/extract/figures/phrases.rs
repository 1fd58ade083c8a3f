//! The words around a figure's number: range openers and connectors
//! (`zwischen … und`, `from … to`, `–`), qualifiers before it (`über`,
//! `more than`) and words joined to it by a hyphen (`26-Jährige`).

use std::ops::Range;

use super::lexicon::QUALS;
use super::{is_space, lang_ok, Qualifier};
use crate::text::Lang;

/// The range of a range opener (`zwischen`, `between`, `von`, `from`) right
/// before `pos`.
pub(super) fn opener_before(text: &str, pos: usize, lang: Lang) -> Option<Range<usize>> {
    let t = text.get(..pos)?.trim_end_matches(is_space);
    let words: &[&str] = match lang {
        Lang::De => &["zwischen", "von"],
        Lang::En => &["between", "from"],
    };
    words.iter().find_map(|w| {
        let start = t.len().checked_sub(w.len())?;
        let cand = t.get(start..)?;
        let boundary = !t[..start].chars().last().is_some_and(char::is_alphanumeric);
        (cand.eq_ignore_ascii_case(w) && boundary).then_some(start..t.len())
    })
}

/// Whether the gap between two numbers joins them into a range.
pub(super) fn connector(gap: &str, lang: Lang, opened: bool) -> Option<bool> {
    if gap.contains(['\n', '\r']) {
        return None;
    }
    let g = gap.trim_matches(is_space);
    let g = g
        .trim_end_matches(['$', '€', '£'])
        .trim_end_matches(is_space);
    let dash = matches!(g, "-" | "–" | "—");
    let word = match lang {
        Lang::De => g == "bis" || (opened && g == "und"),
        Lang::En => g == "to" || (opened && g == "and"),
    };
    (dash || word).then_some(dash)
}

/// A qualifier (`über`, `rund`, `more than`) ending right before `pos`.
pub(super) fn qualifier_before(
    text: &str,
    pos: usize,
    lang: Lang,
) -> Option<(Qualifier, &'static str, usize)> {
    let t = text.get(..pos)?.trim_end_matches(is_space);
    if t.len() == pos && pos > 0 {
        return None;
    }
    QUALS
        .iter()
        .filter(|q| !q.vague && lang_ok(q.lang, lang))
        .find_map(|q| {
            let start = t.len().checked_sub(q.surface.len())?;
            let cand = t.get(start..)?;
            let boundary = !t[..start].chars().last().is_some_and(char::is_alphanumeric);
            (boundary && (cand.eq_ignore_ascii_case(q.surface) || cand.to_lowercase() == q.surface))
                .then_some((q.qualifier, q.surface, start))
        })
}

/// The word joined to a number by a hyphen (`26-Jährige` → `Jährige`).
pub(super) fn hyphen_compound(text: &str, pos: usize) -> Option<Range<usize>> {
    let rest = text.get(pos..)?.strip_prefix('-')?;
    rest.chars().next().filter(|c| c.is_alphabetic())?;
    let len = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '-'))
        .unwrap_or(rest.len());
    let word = rest[..len].trim_end_matches('-');
    word.chars().next().filter(|c| c.is_alphabetic())?;
    Some(pos + 1..pos + 1 + word.len())
}
