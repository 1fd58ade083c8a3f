//! `date-mismatch`: a draft date for an event that the corpus dates
//! differently. Only dates precise enough to name one event are checked: a
//! day (`am 1. November 2024`), or a month with its year in a sentence very
//! like the corpus's. Dates are compared at the coarser of their two
//! granularities; bare years and bare months are not checked.

use super::messages::date_message;
use super::{
    compare, draft_claim, CheckContext, Evidence, Finding, FindingCode, Fix, Severity,
    SubjectMatch, CORROBORATED_SIMILARITY, CORROBORATING_ARTICLES, MIN_SIMILARITY,
};
use crate::claims::ClaimValue;
use crate::corpus::features::cosine;
use crate::extract::dates::spans::{day_list, DayList};
use crate::extract::dates::{resolved_beside, written_out};
use crate::extract::DateValue;
use crate::lexicon::{lexicon, EntityKind};

/// Do two dates agree at the granularity both give? `None` when they cannot
/// be compared (no common granularity).
pub fn dates_agree(a: &DateValue, b: &DateValue) -> Option<bool> {
    a.agrees(b)
}

/// Similarity needed to compare two day-precise dates.
pub const DAY_SIMILARITY: f64 = 0.45;
/// Similarity needed when one of the dates is only a month of a year.
pub const MONTH_SIMILARITY: f64 = 0.7;

/// This many dates in one sentence make it a schedule, not checked.
pub const SCHEDULE_DATES: usize = 3;

/// The lowest similarity at which a corpus date that disagrees with the
/// draft's can count at all: a candidate must be about the same subject
/// ([`SubjectMatch::same_subject`], at least [`MIN_SIMILARITY`]) and a
/// corroborating date at least [`CORROBORATED_SIMILARITY`] alike. Only an
/// agreeing date counts below it (through its frame).
const COUNTING_SIMILARITY: f64 = if CORROBORATED_SIMILARITY < MIN_SIMILARITY {
    CORROBORATED_SIMILARITY
} else {
    MIN_SIMILARITY
};

/// Is a matched corpus date about the draft's event? With a shared name
/// (person, place, organisation) the sentences must be alike enough for the
/// granularity (`needed`), or the draft must cover most of the corpus
/// sentence's frame. Without one — `the Berlinale Camera award on 15
/// February`, `rules came into force on 15 January` name nothing the
/// gazetteer knows — both: alike enough and the frame mostly covered, so
/// that a generic sentence (`from 1 January`) is not one event.
///
/// Two full dates (day, month and year) beside the same word about the same
/// name are one event even in sentences that are otherwise told differently
/// (`Arthur Hailey … was born in Luton on 15 April 1920` and `Born in Luton
/// … on 5 April 1920, Hailey …`): they still need the sentence similarity
/// every conflict needs.
fn about_one_event(matched: &SubjectMatch, needed: f64, full_dates: bool) -> bool {
    let alike = matched.similarity >= needed;
    if matched.overlap.entities >= 1 {
        alike
            || matched.frame.strong()
            || full_dates && matched.overlap.near >= 1 && matched.similarity >= MIN_SIMILARITY
    } else {
        alike && matched.frame.strong()
    }
}

/// The countries of the places among `entities` (a city counts as its
/// country where the gazetteer gives one): `Japan` and `US` in `on sale in
/// Japan on 12 December` and `US gamers … from 24 March`.
fn places(entities: &std::collections::BTreeSet<String>) -> std::collections::BTreeSet<String> {
    let lex = lexicon();
    entities
        .iter()
        .filter_map(|e| lex.entity(e))
        .filter(|entry| entry.kind == EntityKind::Place)
        .map(|entry| {
            entry
                .country
                .clone()
                .unwrap_or_else(|| entry.canonical.clone())
        })
        .collect()
}

/// A day, a week (which always has its year), or a month with its year.
fn precise_enough(d: &DateValue) -> bool {
    d.day.is_some() && d.month.is_some()
        || d.month.is_some() && d.year.is_some()
        || d.week.is_some() && d.year.is_some()
}

/// Checks every date claim of the draft.
pub fn check(ctx: &CheckContext<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for claim in ctx.claims {
        let ClaimValue::Date { value, text, .. } = &claim.value else {
            continue;
        };
        // A sentence with three or more dates is a schedule: too many events
        // to tell which date belongs to which.
        let span = day_list(ctx.source, &claim.range);
        if !precise_enough(value)
            || claim.subject.when.len() >= SCHEDULE_DATES - 1
            || span == DayList::Listed
        {
            continue;
        }
        let prepared = draft_claim(ctx, claim);
        // Other dates of the draft sentence: corpus dates that agree with one
        // of them are about that one (`starts on 19 March … marathon on 17 April`),
        // unless that date also holds the draft's own.
        let siblings: Vec<&DateValue> = ctx
            .claims
            .iter()
            .filter(|c| c.sentence == claim.sentence && c.range != claim.range)
            .filter_map(|c| match &c.value {
                ClaimValue::Date { value, .. } => Some(value),
                _ => None,
            })
            .collect();
        let own_places = places(&claim.subject.entities);
        let mut agrees = false;
        // The best similarity of a coarser corpus date that agrees (`March
        // 2002` for the draft's `18 March`).
        let mut coarse_agreement = f64::NEG_INFINITY;
        let mut seen = std::collections::HashSet::new();
        let mut candidates: Vec<(u32, DateValue, SubjectMatch)> = Vec::new();
        // Day-precise corpus dates about the draft's name with the words next
        // to the dates meeting, below the similarity of one event (see
        // [`CORROBORATING_ARTICLES`]).
        let mut corroborating: Vec<(u32, crate::corpus::ArticleId, DateValue, SubjectMatch)> =
            Vec::new();
        // Candidates through the sentence's names and through the words
        // around the date (the event: `Landtagswahl`, `Bezirksparteitag`).
        let keys = claim
            .subject
            .entities
            .iter()
            .map(|e| ctx.view.archive.dates_about(e))
            .chain(
                claim
                    .subject
                    .local
                    .iter()
                    .map(|w| ctx.view.archive.dates_with_word(w)),
            );
        // A common name's dates are read as digests first: only those that
        // agree with the draft's date or whose sentence is at least
        // [`COUNTING_SIMILARITY`] alike are fetched and compared. The
        // similarity is the one `compare` gives, so this leaves out exactly
        // dates the loop below would skip.
        for pool in keys {
            let unseen: Vec<u32> = pool.iter().copied().filter(|&i| seen.insert(i)).collect();
            let counting: Vec<u32> = super::pool::batched_digests(ctx.view.archive, &unseen)
                .filter(|(_, d)| {
                    d.date.is_some_and(|cv| {
                        precise_enough(&cv)
                            && (d.time_words as usize) < SCHEDULE_DATES - 1
                            && (dates_agree(value, &cv) == Some(true)
                                || cosine(&prepared.terms, &d.terms).0 >= COUNTING_SIMILARITY)
                    })
                })
                .map(|(i, _)| i)
                .collect();
            for (i, corpus) in super::pool::batched(ctx.view.archive, &counting) {
                if !ctx.view.includes(corpus.article) {
                    continue;
                }
                // Precise enough and no schedule: see the digests' filter.
                let ClaimValue::Date { value: cv, .. } = &corpus.claim.value else {
                    continue;
                };
                let matched = compare(ctx, &prepared, &corpus, 0.0);
                let needed = if value.day.is_some() && cv.day.is_some() {
                    DAY_SIMILARITY
                } else {
                    MONTH_SIMILARITY
                };
                let agreeing = matched.related() && dates_agree(value, cv) == Some(true);
                // A sibling that holds the draft's own date too (`in March …
                // from 18 March`) cannot tell which event the corpus date is.
                let sibling_event = siblings.iter().any(|s| {
                    dates_agree(s, cv) == Some(true) && dates_agree(s, value) != Some(true)
                });
                // Sentences set in different countries tell of different
                // events (a release in Japan and one in the US).
                let elsewhere = || {
                    let theirs = places(&corpus.claim.subject.entities);
                    !own_places.is_empty() && !theirs.is_empty() && theirs.is_disjoint(&own_places)
                };
                let full = |d: &DateValue| d.year.is_some() && d.month.is_some() && d.day.is_some();
                let about_event =
                    about_one_event(&matched, needed, full(value) && full(cv)) && !elsewhere();
                let candidate = matched.same_subject() && about_event && !sibling_event;
                let corroborates = !candidate
                    && value.day.is_some()
                    && cv.day.is_some()
                    && matched.corroborates()
                    && !sibling_event
                    && !elsewhere();
                // A corpus date told in a list of days is skipped like the
                // draft's; the end of a span only meets the end of a span
                // from the same first day. Its article text is read only for
                // the few dates that would count: a remote archive fetches
                // each text.
                if !(agreeing || candidate || corroborates)
                    || ctx
                        .view
                        .archive
                        .article_text(corpus.article)
                        .is_some_and(|text| !day_list(&text, &corpus.claim.range).comparable(span))
                {
                    continue;
                }
                if agreeing {
                    // A coarser date agrees with almost any day in it: it
                    // only stands when no day-precise conflict is matched
                    // better (see below).
                    if value.day.is_some() && cv.day.is_none() {
                        coarse_agreement = coarse_agreement.max(matched.similarity);
                    } else {
                        agrees = true;
                    }
                }
                if candidate {
                    candidates.push((i, *cv, matched));
                } else if corroborates {
                    corroborating.push((i, corpus.article, *cv, matched));
                }
            }
        }
        if agrees {
            continue;
        }
        if candidates.is_empty() {
            candidates = corroborated(&corroborating);
        }
        let comparable: Vec<_> = candidates
            .iter()
            .filter(|(_, cv, m)| {
                dates_agree(value, cv).is_some()
                    && (cv.day.is_none() || m.similarity > coarse_agreement)
            })
            .collect();
        if comparable.is_empty()
            || comparable
                .iter()
                .any(|(_, cv, _)| dates_agree(value, cv) == Some(true))
        {
            continue;
        }
        let closeness = |m: &SubjectMatch| (m.overlap.near, m.overlap.entities.min(1));
        let best = comparable
            .iter()
            .map(|(_, _, m)| closeness(m))
            .max()
            .unwrap_or_default();
        let mut ranked: Vec<_> = comparable
            .iter()
            .filter(|(_, _, m)| closeness(m) == best)
            .copied()
            .collect();
        ranked.sort_by(|a, b| {
            b.2.similarity
                .total_cmp(&a.2.similarity)
                .then(a.0.cmp(&b.0))
        });
        let (best_index, best_value, _) = *ranked[0];
        let consistent = ranked
            .iter()
            .all(|(_, cv, _)| dates_agree(cv, &best_value) != Some(false));
        let Some(best) = ctx.view.archive.claim(best_index) else {
            continue;
        };
        let evidence: Vec<Evidence> = ctx
            .view
            .archive
            .claims(
                &ranked
                    .iter()
                    .take(3)
                    .map(|(i, _, _)| *i)
                    .collect::<Vec<_>>(),
            )
            .into_iter()
            .map(|(_, c)| Evidence::new(&ctx.view, c.article, c.claim.sentence))
            .collect();
        // Relative words show their resolved date; a fix never offers `gestern`.
        let (corpus_text, corpus_written, corpus_resolved) = match &best.claim.value {
            ClaimValue::Date {
                text,
                value,
                relative,
            } => (
                if *relative && value.year.is_some() {
                    written_out(value, ctx.lang)
                } else {
                    text.clone()
                },
                text.clone(),
                resolved_beside(text, value, *relative, ctx.lang),
            ),
            _ => (best_value.iso(), best_value.iso(), None),
        };
        let draft_resolved = match &claim.value {
            ClaimValue::Date {
                value, relative, ..
            } => resolved_beside(text, value, *relative, ctx.lang),
            _ => None,
        };
        out.push(Finding {
            code: FindingCode::DateMismatch,
            severity: if consistent {
                Severity::Warning
            } else {
                Severity::Info
            },
            range: claim.range.clone(),
            message: date_message(
                ctx.lang,
                (text, draft_resolved.as_deref()),
                (&corpus_written, corpus_resolved.as_deref()),
                &evidence[0],
                consistent,
            ),
            evidence,
            fix: consistent.then(|| Fix {
                range: claim.range.clone(),
                text: corpus_text.clone(),
            }),
            similarity: Some(ranked[0].2.similarity),
        });
    }
    out
}

/// The corroborating dates when at least [`CORROBORATING_ARTICLES`]
/// articles give them and they all agree with one another; none otherwise.
fn corroborated(
    found: &[(u32, crate::corpus::ArticleId, DateValue, SubjectMatch)],
) -> Vec<(u32, DateValue, SubjectMatch)> {
    let articles: std::collections::HashSet<_> = found.iter().map(|(_, a, _, _)| *a).collect();
    let consistent = found.iter().all(|(_, _, x, _)| {
        found
            .iter()
            .all(|(_, _, y, _)| dates_agree(x, y) != Some(false))
    });
    if articles.len() < CORROBORATING_ARTICLES || !consistent {
        return Vec::new();
    }
    found.iter().map(|(i, _, d, m)| (*i, *d, *m)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: Option<i32>, m: Option<u8>, day: Option<u8>) -> DateValue {
        DateValue {
            year: y,
            month: m,
            day,
            week: None,
        }
    }

    fn matched(entities: usize, near: usize, similarity: f64, coverage: f64) -> SubjectMatch {
        SubjectMatch {
            overlap: crate::claims::Overlap {
                entities,
                near,
                ..Default::default()
            },
            similarity,
            shared_terms: 4,
            frame: crate::claims::FrameMatch {
                coverage,
                covered: 4,
                ..Default::default()
            },
        }
    }

    #[test]
    fn one_event_without_a_shared_name_needs_both_similarity_and_frame() {
        // A near-copy that names nothing the gazetteer knows.
        assert!(about_one_event(
            &matched(0, 2, 0.8, 1.0),
            DAY_SIMILARITY,
            false
        ));
        // Alike, but most of the corpus frame is not covered.
        assert!(!about_one_event(
            &matched(0, 2, 0.8, 0.4),
            DAY_SIMILARITY,
            false
        ));
        // The frame is covered, but the sentences are not alike enough.
        assert!(!about_one_event(
            &matched(0, 2, 0.4, 1.0),
            DAY_SIMILARITY,
            false
        ));
        // With a shared name either suffices.
        assert!(about_one_event(
            &matched(1, 0, 0.5, 0.2),
            DAY_SIMILARITY,
            false
        ));
        assert!(about_one_event(
            &matched(1, 0, 0.2, 0.9),
            DAY_SIMILARITY,
            false
        ));
    }

    #[test]
    fn full_dates_about_one_name_and_word_are_one_event() {
        let m = matched(1, 1, 0.33, 0.3);
        assert!(!about_one_event(&m, DAY_SIMILARITY, false));
        assert!(about_one_event(&m, DAY_SIMILARITY, true));
        // The words next to the dates must meet, and the usual floor holds.
        assert!(!about_one_event(
            &matched(1, 0, 0.33, 0.3),
            DAY_SIMILARITY,
            true
        ));
        assert!(!about_one_event(
            &matched(1, 1, 0.2, 0.3),
            DAY_SIMILARITY,
            true
        ));
        assert!(!about_one_event(
            &matched(0, 1, 0.33, 0.3),
            DAY_SIMILARITY,
            true
        ));
    }

    #[test]
    fn an_event_dated_alike_by_several_articles_is_corroborated() {
        let day = |n| d(None, Some(2), Some(n));
        let m = matched(1, 2, 0.3, 0.5);
        let a: crate::corpus::ArticleId = 1;
        let b: crate::corpus::ArticleId = 2;
        // One article is not enough.
        assert!(corroborated(&[(0, a, day(18), m), (1, a, day(18), m)]).is_empty());
        // Two articles that agree are.
        assert_eq!(
            corroborated(&[(0, a, day(18), m), (1, b, day(18), m)]).len(),
            2
        );
        // Two articles that disagree are not.
        assert!(corroborated(&[(0, a, day(18), m), (1, b, day(19), m)]).is_empty());
    }

    #[test]
    fn places_are_countries() {
        let set = |xs: &[&str]| xs.iter().map(|x| x.to_string()).collect();
        let japan = places(&set(&["Japan"]));
        assert!(!japan.is_empty());
        assert!(japan.is_disjoint(&places(&set(&["Frankreich", "Emmanuel Macron"]))));
        assert!(places(&set(&["Emmanuel Macron"])).is_empty());
    }

    #[test]
    fn granularity() {
        assert_eq!(
            dates_agree(
                &d(Some(2024), Some(11), Some(1)),
                &d(Some(2024), Some(11), Some(1))
            ),
            Some(true)
        );
        assert_eq!(
            dates_agree(
                &d(Some(2024), Some(10), Some(11)),
                &d(Some(2024), Some(11), Some(1))
            ),
            Some(false)
        );
        assert_eq!(
            dates_agree(
                &d(Some(2024), Some(11), Some(11)),
                &d(Some(2024), Some(11), None)
            ),
            Some(true)
        );
        assert_eq!(
            dates_agree(&d(None, Some(5), None), &d(None, Some(5), None)),
            Some(true)
        );
        assert_eq!(
            dates_agree(&d(None, Some(5), None), &d(None, Some(6), None)),
            Some(false)
        );
        assert_eq!(
            dates_agree(&d(None, Some(5), Some(3)), &d(None, Some(5), Some(4))),
            Some(false)
        );
    }
}
