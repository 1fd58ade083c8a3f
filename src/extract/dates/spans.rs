//! Days told together: the end of a span (`from 6 to 9 January`, `10-20
//! February`, `vom 6. bis 9. Jänner`) and lists of days (`24 and 25 June`).
//! The date reader reads only the day that carries the month; this module
//! says how that date stands among the days before and after it.

use std::ops::Range;

/// How a date stands among the days told with it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DayList {
    /// A date of its own.
    Alone,
    /// The last day of a span whose first day is given: one event, whose end
    /// the date is. `start` is the byte offset of the first day.
    Span { first_day: u32, start: usize },
    /// One of several days told together (`24 and 25 June`, `June 24 and
    /// 25`): which day belongs to which event is not clear.
    Listed,
}

impl DayList {
    /// Can dates of these two shapes be compared? Dates of their own, and
    /// ends of spans from the same first day.
    pub fn comparable(self, other: DayList) -> bool {
        match (self, other) {
            (DayList::Alone, DayList::Alone) => true,
            (DayList::Span { first_day: a, .. }, DayList::Span { first_day: b, .. }) => a == b,
            _ => false,
        }
    }
}

/// Words that join the first day of a span to its last.
const SPAN_JOINS: [&str; 6] = ["to", "until", "through", "bis", "-", "–"];
/// Words that join days of a list.
const LIST_JOINS: [&str; 4] = ["and", "or", "und", "oder"];

/// A day of the month as written (`6`, `6.`, `06`).
fn day(word: &str) -> Option<u32> {
    let w = word.trim_end_matches(['.', ',']);
    if w.is_empty() || w.len() > 2 || !w.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    w.parse().ok().filter(|d| (1..=31).contains(d))
}

/// The last `n` whitespace-separated words of `text` with their byte
/// offsets, last first.
fn last_words(text: &str, n: usize) -> Vec<(usize, &str)> {
    let mut out = Vec::with_capacity(n);
    let mut end = text.trim_end().len();
    while out.len() < n && end > 0 {
        let start = text[..end].rfind(char::is_whitespace).map_or(0, |i| {
            i + text[i..].chars().next().map_or(1, char::len_utf8)
        });
        out.push((start, &text[start..end]));
        end = text[..start].trim_end().len();
    }
    out
}

/// How far (bytes) around a date the days told with it are looked for: two
/// short words each side, so that a date in a long run of text without
/// spaces costs no more than one in prose.
const REACH: usize = 32;

/// `text[from..to]` with `from` moved forward and `to` back to character
/// boundaries, and where it starts.
fn clamp(text: &str, mut from: usize, mut to: usize) -> (usize, &str) {
    to = to.min(text.len());
    while to > 0 && !text.is_char_boundary(to) {
        to -= 1;
    }
    from = from.min(to);
    while from < to && !text.is_char_boundary(from) {
        from += 1;
    }
    (from, &text[from..to])
}

/// Where the date at `range` of `text` stands among the days told with it.
pub fn day_list(text: &str, range: &Range<usize>) -> DayList {
    // Offsets in `head` are relative to where it starts in `text`. A range
    // off the text's character boundaries (an archive text that changed
    // under its index) is read at the nearest boundaries, never split.
    let (offset, head) = clamp(text, range.start.saturating_sub(REACH), range.start);
    // A word cut by the reach is not read (`2015` cut to `15`).
    let cut = offset > 0 && !text[..offset].ends_with(char::is_whitespace);
    let before: Vec<(usize, &str)> = last_words(head, 2)
        .into_iter()
        .take_while(|(at, _)| !(cut && *at == 0))
        .map(|(at, w)| (offset + at, w))
        .collect();
    // `10-20 February`: the first day glued to the last by a dash.
    if head.ends_with(['-', '–']) {
        if let Some(&(start, word)) = before.first() {
            return day(word.trim_end_matches(['-', '–'])).map_or(DayList::Alone, |first_day| {
                DayList::Span { first_day, start }
            });
        }
    }
    if let [(_, join), (start, first), ..] = before.as_slice() {
        if let Some(first_day) = day(first) {
            if SPAN_JOINS.contains(join) {
                return DayList::Span {
                    first_day,
                    start: *start,
                };
            }
            if LIST_JOINS.contains(join) {
                return DayList::Listed;
            }
        }
    }
    let after: Vec<&str> = clamp(text, range.end, range.end.saturating_add(REACH))
        .1
        .split_whitespace()
        .take(2)
        .collect();
    match after.as_slice() {
        [join, next, ..]
            if (SPAN_JOINS.contains(join) || LIST_JOINS.contains(join)) && day(next).is_some() =>
        {
            DayList::Listed
        }
        _ => DayList::Alone,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, date: &str) -> DayList {
        let start = text.find(date).unwrap();
        day_list(text, &(start..start + date.len()))
    }

    #[test]
    fn spans_lists_and_single_days() {
        let text = "The fair runs from 6 to 9 January.";
        assert_eq!(
            at(text, "9 January"),
            DayList::Span {
                first_day: 6,
                start: text.find('6').unwrap()
            }
        );
        assert!(matches!(
            at("Die Messe läuft vom 6. bis 9. Jänner.", "9. Jänner"),
            DayList::Span { first_day: 6, .. }
        ));
        let glued = "The festival runs from 10-20 February.";
        assert_eq!(
            at(glued, "20 February"),
            DayList::Span {
                first_day: 10,
                start: glued.find("10").unwrap()
            }
        );
        assert_eq!(
            at("It is held on 9 and 10 July.", "10 July"),
            DayList::Listed
        );
        assert_eq!(at("Held on June 24 and 25.", "June 24"), DayList::Listed);
        assert_eq!(at("The vote is on 5 May.", "5 May"), DayList::Alone);
        assert_eq!(at("Flight 37 to 9 January", "9 January"), DayList::Alone);
        assert_eq!(at("9 January", "9 January"), DayList::Alone);
    }

    #[test]
    fn a_date_deep_in_text_without_spaces_is_read_in_bounded_time() {
        let text = format!(
            "{} 6 to 9 January {}",
            "x".repeat(100_000),
            "y".repeat(100_000)
        );
        assert!(matches!(
            at(&text, "9 January"),
            DayList::Span { first_day: 6, .. }
        ));
        // A range off the character boundaries or past the end is read, not split.
        let text = "Die Messe läuft vom 6. bis 9. Jänner.";
        let inside = text.find('ä').unwrap() + 1;
        assert_eq!(day_list(text, &(inside..inside + 3)), DayList::Alone);
        assert_eq!(day_list(text, &(500..510)), DayList::Alone);
        // The reach cuts `2015` to `15`, which is not read as a first day.
        let text = format!("In 2015{}to 9 January", " ".repeat(27));
        assert_eq!(at(&text, "9 January"), DayList::Alone);
    }

    #[test]
    fn only_spans_from_the_same_first_day_compare() {
        let span = |first_day| DayList::Span {
            first_day,
            start: 0,
        };
        assert!(span(6).comparable(span(6)));
        assert!(!span(6).comparable(span(7)));
        assert!(!span(6).comparable(DayList::Alone));
        assert!(DayList::Alone.comparable(DayList::Alone));
        assert!(!DayList::Listed.comparable(DayList::Listed));
    }
}
