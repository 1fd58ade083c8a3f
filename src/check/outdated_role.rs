//! `outdated-role`: the draft names someone as the current holder of a role,
//! but by the draft's date the dated archive shows a newer holder
//! (`NATO-Generalsekretär Jens Stoltenberg` in a draft of December 2024).
//!
//! Silent when the draft marks the past (`ehemalige`, `damalige`, `former`,
//! `then-`, `damals`, or a date in the sentence from before the change), when
//! the newer holder's first evidence comes after the draft's date, when the
//! archive still names the draft's person in the role after the newer holder
//! appeared, and for undated archives.

use std::sync::LazyLock;

use jiff::civil::Date;

use super::{CheckContext, Evidence, Finding, FindingCode, Fix, Severity};
use crate::claims::Claim;
use crate::corpus::timeline::{Holder, Scopes, Timeline};
use crate::extract::numbers::{lang_matches, tsv_rows};
use crate::extract::DateValue;
use crate::text::Lang;

/// Words that place a sentence in the past (`damals`, `at the time`).
static PAST_MARKERS: LazyLock<Vec<(&'static str, &'static str)>> = LazyLock::new(|| {
    tsv_rows(include_str!("../../lexicons/past_markers.tsv"))
        .filter_map(|r| Some((*r.first()?, *r.get(1)?)))
        .flat_map(|(lang, forms)| forms.split('|').map(move |f| (lang, f)))
        .collect()
});

/// Does `sentence` contain one of the past markers of `lang` as whole words?
fn marks_past(sentence: &str, lang: Lang) -> bool {
    PAST_MARKERS
        .iter()
        .filter(|(l, _)| lang_matches(l, lang))
        .any(|(_, form)| {
            sentence.match_indices(form).any(|(i, m)| {
                let before = sentence[..i].chars().next_back();
                let after = sentence[i + m.len()..].chars().next();
                !before.is_some_and(char::is_alphanumeric)
                    && (m.ends_with('-') || !after.is_some_and(char::is_alphanumeric))
            })
        })
}

/// The first day a date value may mean (`2024` → 2024-01-01).
pub fn earliest_day(d: &DateValue) -> Option<Date> {
    d.span().map(|(first, _)| first)
}

/// Does the claim's sentence date itself before `change`?
fn dated_before(ctx: &CheckContext<'_>, claim: &Claim, change: Date) -> bool {
    ctx.extraction
        .dates
        .iter()
        .filter(|d| d.sentence == claim.sentence)
        .filter_map(|d| earliest_day(&d.mention.value))
        .any(|d| d < change)
}

/// The newer holder that makes `own` outdated by `date`, if any.
fn newer_holder<'t>(timeline: &'t Timeline, own: &Holder, date: Date) -> Option<&'t Holder> {
    let newest = timeline.holder_at(date)?;
    (newest.person != own.person && newest.first > own.last).then_some(newest)
}

fn message(
    lang: Lang,
    title: &str,
    person: &str,
    newer: &Holder,
    newer_source: &Evidence,
    own: &Holder,
    own_source: &Evidence,
) -> String {
    let (newer_src, own_src) = (newer_source.source_label(), own_source.source_label());
    match lang {
        Lang::De => format!(
            "{person} als „{title}“ ist laut Archiv überholt: Seit {} nennt es {} in dieser Rolle ({newer_src}); {person} zuletzt am {} ({own_src}).",
            newer.first, newer.person, own.last
        ),
        Lang::En => format!(
            "{person} as “{title}” is out of date by the archive: it names {} in this role since {} ({newer_src}); {person} last on {} ({own_src}).",
            newer.person, newer.first, own.last
        ),
    }
}

/// Checks every role claim of the draft against the role timelines.
pub fn check(ctx: &CheckContext<'_>) -> Vec<Finding> {
    let Some(date) = ctx.extraction.date else {
        return Vec::new();
    };
    let mut scopes = Scopes::new(ctx.view);
    let mut out = Vec::new();
    for (claim, draft) in super::roles::current_role_claims(ctx) {
        let scope = scopes.effective(draft);
        let timeline = Timeline::build(&mut scopes, &draft.role, &scope);
        let Some(own) = timeline.holder(&draft.person) else {
            continue;
        };
        let Some(newer) = newer_holder(&timeline, own, date) else {
            continue;
        };
        let sentence = ctx.extraction.sentence_text(ctx.source, claim.sentence);
        if marks_past(sentence, ctx.lang) || dated_before(ctx, claim, newer.first) {
            continue;
        }
        let newer_source = Evidence::new(&ctx.view, newer.first_source.0, newer.first_source.1);
        let own_source = Evidence::new(&ctx.view, own.last_source.0, own.last_source.1);
        let title_start = claim.range.start.min(draft.title_range.start);
        let title = ctx
            .source
            .get(title_start..draft.title_range.end)
            .unwrap_or("");
        out.push(Finding {
            code: FindingCode::OutdatedRole,
            severity: Severity::Warning,
            range: claim.range.clone(),
            message: message(
                ctx.lang,
                title,
                &draft.person,
                newer,
                &newer_source,
                own,
                &own_source,
            ),
            evidence: vec![newer_source, own_source],
            fix: Some(Fix {
                range: draft.person_range.clone(),
                text: newer.person.clone(),
            }),
            similarity: None,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn past_markers_are_whole_words() {
        assert!(marks_past(
            "Der damals amtierende Generalsekretär sprach.",
            Lang::De
        ));
        assert!(!marks_past("Die Damalsstraße wurde gesperrt.", Lang::De));
        assert!(marks_past("the then-Secretary General said", Lang::En));
        assert!(!marks_past("and then he left", Lang::De));
    }

    #[test]
    fn earliest_day_of_coarse_dates() {
        let year = DateValue {
            year: Some(2023),
            month: None,
            day: None,
            week: None,
        };
        assert_eq!(earliest_day(&year), Some(jiff::civil::date(2023, 1, 1)));
        let no_year = DateValue {
            year: None,
            month: Some(5),
            day: Some(3),
            week: None,
        };
        assert_eq!(earliest_day(&no_year), None);
    }
}
