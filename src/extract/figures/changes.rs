//! Values of a change written without their unit. The two values of a
//! change (`from 90 aircraft to 35`, `von 155.000 auf 110.000 Mitarbeiter`)
//! count one thing: a bare one takes the unit of the other. A count named
//! before its value (`takes the number of jobs lost to 7,500`) gives the
//! bare value its noun. The words are `change-from`, `change-to` and
//! `count-of` in `lexicons/figure_context.tsv`.

use super::lexicon::{context_before, counted_noun, last_context_word, Role};
use super::{FigureMention, FigureUnit, Qualifier};
use crate::text::Lang;

/// How far back (bytes) a count named before its value is looked for.
const COUNT_REACH: usize = 160;

/// Gives a bare value after a change word (`to 7,500`) the noun of a count
/// named before it in its clause (`the number of jobs lost`). `figures` are
/// sorted by start.
pub(super) fn counts_named_before(text: &str, lang: Lang, figures: &mut [FigureMention]) {
    for i in 0..figures.len() {
        let f = &figures[i];
        if f.unit.is_some()
            || f.qualifier == Qualifier::Vague
            || !context_before(text, f.range.start, lang, Role::ChangeTo)
        {
            continue;
        }
        // The clause before the value, not past another figure.
        let mut from = f.range.start.saturating_sub(COUNT_REACH);
        while !text.is_char_boundary(from) {
            from += 1;
        }
        if let Some(prev) = i.checked_sub(1).map(|p| figures[p].range.end) {
            from = from.max(prev.min(f.range.start));
        }
        let head = &text[from..f.range.start];
        let clause = head
            .rfind([',', ';', ':', '.', '(', '!', '?', '\n'])
            .map_or(from, |i| from + i + 1);
        let Some(end) = last_context_word(&text[clause..f.range.start], lang, Role::CountOf) else {
            continue;
        };
        let Some(noun) = counted_noun(text, clause + end, lang, false) else {
            continue;
        };
        if noun.end <= f.range.start {
            figures[i].unit = Some(FigureUnit::Counted(text[noun].to_string()));
        }
    }
}

/// Gives a bare value of a change the unit of its other value. `figures`
/// are sorted by start.
pub(super) fn share_change_units(text: &str, lang: Lang, figures: &mut [FigureMention]) {
    for i in 1..figures.len() {
        let (before, after) = figures.split_at_mut(i);
        let (a, b) = (&mut before[i - 1], &mut after[0]);
        if a.unit.is_some() == b.unit.is_some() || a.range.end > b.range.start {
            continue;
        }
        // Only the change word between the two values.
        let between = &text[a.range.end..b.range.start];
        if between.split_whitespace().count() != 1
            || !context_before(text, b.range.start, lang, Role::ChangeTo)
            || !context_before(text, a.range.start, lang, Role::ChangeFrom)
        {
            continue;
        }
        if a.unit.is_none() {
            a.unit = b.unit.clone();
        } else {
            b.unit = a.unit.clone();
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::extract::figures::{find_figures, FigureUnit};
    use crate::text::Lang;

    fn units(text: &str, lang: Lang) -> Vec<Option<FigureUnit>> {
        find_figures(text, lang, &[])
            .into_iter()
            .map(|f| f.unit)
            .collect()
    }

    #[test]
    fn a_bare_value_of_a_change_takes_the_other_unit() {
        let planes = Some(FigureUnit::Counted("planes".into()));
        assert_eq!(
            units("The airline cut its order from 40 planes to 25.", Lang::En),
            vec![planes.clone(), planes]
        );
        let staff = Some(FigureUnit::Counted("Mitarbeiter".into()));
        assert_eq!(
            units(
                "Die Belegschaft sinkt von 8.200 auf 6.900 Mitarbeiter.",
                Lang::De
            ),
            vec![staff.clone(), staff]
        );
        // Not a change: each value keeps what it has.
        assert_eq!(
            units("Of 40 planes, 25 were grounded.", Lang::En),
            vec![Some(FigureUnit::Counted("planes".into())), None]
        );
        assert_eq!(
            units("It rose 40 planes to 25 in a year.", Lang::En),
            vec![Some(FigureUnit::Counted("planes".into())), None]
        );
    }

    #[test]
    fn a_count_named_before_its_value_gives_its_noun() {
        assert_eq!(
            units(
                "The cuts take the total number of posts lost at the bank to 3,400.",
                Lang::En
            ),
            vec![Some(FigureUnit::Counted("posts".into()))]
        );
        assert_eq!(
            units(
                "Damit stieg die Zahl der Arbeitslosen im Mai auf 412.000.",
                Lang::De
            ),
            vec![Some(FigureUnit::Counted("Arbeitslosen".into()))]
        );
        // Another clause, or no change word before the value: nothing.
        assert_eq!(
            units(
                "The number of posts is unclear, but profits rose to 3,400.",
                Lang::En
            ),
            vec![None]
        );
        assert_eq!(
            units("The number of posts lost was 3,400.", Lang::En),
            vec![None]
        );
    }
}
