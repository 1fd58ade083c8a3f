//! Values that look like claims but are not: a converted figure in
//! brackets, a distance used as a name, an agency dateline, a span of time
//! counted from now. Each test reads only the value's neighbourhood, so that
//! it costs the same in a long document as in a short one.

use crate::extract::{FigureMention, FigureUnit};
use crate::lexicon::lexicon;
use crate::text::{stem, Lang};

/// A figure in brackets right after another one converts it (`$12.5m
/// (£6.5m)`, `2,4 Mrd. Euro (2,6 Mrd. Dollar)`): not a claim of its own.
/// `first_paren` is the offset of the document's first `(`, found once.
pub(super) fn is_conversion(
    masked: &str,
    f: &FigureMention,
    previous: Option<&FigureMention>,
    first_paren: Option<usize>,
) -> bool {
    let Some(prev) = previous else { return false };
    let between = masked.get(prev.range.end..f.range.start).unwrap_or("x");
    let between = between.trim();
    matches!(between, "(" | ";" | "," | "/" | "=") && first_paren.is_some_and(|p| p < f.range.start)
        || between == "("
}

/// A distance used as a modifier names a thing, not a measurement:
/// `the 200m champion`, `800m gold`; so does one that follows `the` with
/// no noun after it: `third in the 400m`, `won the 800m.` (the event).
pub(super) fn is_attributive(
    masked: &str,
    f: &FigureMention,
    sentence_end: usize,
    lang: Lang,
) -> bool {
    if lang != Lang::En || !matches!(f.unit, Some(FigureUnit::Measure(_))) {
        return false;
    }
    let rest = masked.get(f.range.end..sentence_end).unwrap_or("");
    let next = rest
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .find(|w| !w.is_empty());
    let modifies = next.is_some_and(|w| {
        rest.starts_with(' ')
            && w.chars().all(|c| c.is_lowercase())
            && !lexicon().is_stopword(w, lang)
    });
    // `the` right before the number (at most 4 bytes read back).
    let before = masked
        .get(f.range.start.saturating_sub(4)..f.range.start)
        .unwrap_or("");
    let named_event = before.eq_ignore_ascii_case("the ")
        && f.range.start.checked_sub(5).is_none_or(|i| {
            masked
                .as_bytes()
                .get(i)
                .is_none_or(|b| !b.is_ascii_alphanumeric())
        });
    modifies || named_event
}

/// What stands between an agency and its date: `(APA, 20.1.2016)`,
/// `(APA/red – 8.8. 2015)`.
const DATELINE_SEPARATORS: [char; 4] = [',', ';', '–', '-'];

/// An agency dateline (`(APA, 20.1.2016)`, `(APA/red – 8.8. 2015)`) dates
/// the article, not an event.
///
/// Reads backwards from the date only as far as a dateline can reach (a
/// bracket, white space, at most 12 bytes of agency name, a comma), so that
/// it costs the same in a long document as in a short one.
pub(super) fn is_dateline(masked: &str, date_start: usize) -> bool {
    const MAX_AGENCY: usize = 12;
    let before = masked[..date_start].trim_end();
    let Some(inner) = before.strip_suffix(DATELINE_SEPARATORS) else {
        return false;
    };
    // The bracket: back over at most MAX_AGENCY bytes of agency characters,
    // then over white space only.
    let mut open = None;
    let mut agency_bytes = 0;
    for (i, c) in inner.char_indices().rev() {
        if c == '(' {
            open = Some(i);
            break;
        }
        let agency_char = c.is_alphabetic() || c == '/' || c == ' ';
        if agency_bytes < MAX_AGENCY && agency_char {
            agency_bytes += c.len_utf8();
        } else if !c.is_whitespace() {
            return false;
        }
    }
    let Some(open) = open else { return false };
    let agency = inner[open + 1..].trim_start();
    !agency.is_empty()
        && agency.len() <= MAX_AGENCY
        && agency
            .chars()
            .all(|c| c.is_alphabetic() || c == '/' || c == ' ')
}

/// A span of time counted from now (`in the next five years`, `in den
/// vergangenen drei Monaten`) dates another statement; it is no claim itself.
pub(super) fn is_relative_period(
    masked: &str,
    f: &FigureMention,
    sentence_start: usize,
    lang: Lang,
) -> bool {
    const TIME_UNITS: &[&str] = &[
        "year",
        "month",
        "week",
        "day",
        "hour",
        "decad",
        "jahr",
        "monat",
        "woch",
        "tag",
        "stund",
        "jahrzehnt",
    ];
    const RELATIVE: &[&str] = &[
        "next",
        "last",
        "past",
        "coming",
        "previous",
        "nächsten",
        "kommenden",
        "vergangenen",
        "letzten",
        "folgenden",
    ];
    let Some(FigureUnit::Counted(noun)) = &f.unit else {
        return false;
    };
    let noun = stem(noun, lang);
    if !TIME_UNITS.iter().any(|u| noun.starts_with(u)) {
        return false;
    }
    let before = masked.get(sentence_start..f.range.start).unwrap_or("");
    let after = masked.get(f.range.end..).unwrap_or("");
    let previous = before.split_whitespace().last().map(str::to_lowercase);
    let previous_but_one = before
        .split_whitespace()
        .rev()
        .nth(1)
        .map(str::to_lowercase);
    // `in the next five years`, `vor vier Jahren`, `vor gut vier Jahren`, `five years ago`.
    previous
        .as_deref()
        .is_some_and(|w| RELATIVE.contains(&w) || w == "vor")
        || previous_but_one.as_deref() == Some("vor")
        || after.split_whitespace().next() == Some("ago")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The dateline test as first written: it searched the whole text before
    /// the date for the last bracket (quadratic over a long document).
    fn dateline_by_full_search(masked: &str, date_start: usize) -> bool {
        let before = &masked[..date_start];
        let Some(open) = before.rfind('(') else {
            return false;
        };
        let inside = before[open + 1..].trim();
        let Some(agency) = inside.strip_suffix(DATELINE_SEPARATORS) else {
            return false;
        };
        !agency.is_empty()
            && agency.len() <= 12
            && agency
                .chars()
                .all(|c| c.is_alphabetic() || c == '/' || c == ' ')
    }

    #[test]
    fn datelines_are_recognised() {
        let text = "Die Regierung tagte am Montag. (APA, 20.1.2016)";
        let at = text.find("20.1.").unwrap();
        assert!(is_dateline(text, at));
        let text = "Die Regierung (die neue) tagte am 20.1.2016 in Wien.";
        assert!(!is_dateline(text, text.find("20.1.").unwrap()));
        let text = "Gemeldet (dpa/AFP ;  20.1.2016";
        assert!(is_dateline(text, text.find("20.1.").unwrap()));
        let text = "Der Titel ging an die Gäste. (APA/red – 8.8. 2015)";
        assert!(is_dateline(text, text.find("8.8.").unwrap()));
        let text = "Das Finale – am 8.8. 2015 – fiel aus.";
        assert!(!is_dateline(text, text.find("8.8.").unwrap()));
        let text = "Gemeldet (Nachrichtenagenturen, 20.1.2016";
        assert!(!is_dateline(text, text.find("20.1.").unwrap()));
    }

    /// Is the figure at `piece` of `text` a distance used as a name?
    fn attributive(text: &str, piece: &str) -> bool {
        let at = text.find(piece).unwrap();
        let figure = crate::extract::figures::find_figures(text, Lang::En, &[])
            .into_iter()
            .find(|f| f.range.start <= at && at < f.range.end)
            .expect("a figure at the piece");
        is_attributive(text, &figure, text.len(), Lang::En)
    }

    #[test]
    fn distances_used_as_names() {
        assert!(attributive("She is the 200m champion.", "200m"));
        assert!(attributive(
            "He came third in the 400m, behind two Kenyans.",
            "400m"
        ));
        assert!(attributive("The 800m was won by a Briton.", "800m"));
        assert!(!attributive("She cleared 1.90m at the trials.", "1.90m"));
        assert!(!attributive(
            "She cleared the required 1.90m at the trials.",
            "1.90m"
        ));
        assert!(!attributive("She ran the last 400m in 52 seconds.", "400m"));
        // `the` must be a word of its own.
        assert!(!attributive("Swimmers bathe 400m.", "400m"));
    }

    proptest::proptest! {
        /// Reading backwards a bounded stretch gives the same answer as
        /// searching the whole text.
        #[test]
        fn dateline_matches_the_full_search(
            text in "[( ,;–/aäB\\n\\t.1-]{0,60}",
            cut in 0usize..61,
        ) {
            let mut at = cut.min(text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            proptest::prop_assert_eq!(is_dateline(&text, at), dateline_by_full_search(&text, at));
        }
    }
}
