//! The two values of a change (`from 90 aircraft to 35`, `von 155.000 auf
//! 110.000 Mitarbeiter`) count one thing: a value written without its unit
//! takes the unit of the other. The words are `change-from` and `change-to`
//! in `lexicons/figure_context.tsv`.

use super::lexicon::{context_before, Role};
use super::FigureMention;
use crate::text::Lang;

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
}
