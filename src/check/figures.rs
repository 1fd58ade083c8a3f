//! `figure-mismatch`: a draft figure whose interval is disjoint from the
//! intervals of every corpus figure about the same thing (same unit or
//! counted noun, same subject). One agreeing corpus figure is enough to stay
//! quiet; a corpus that disagrees with itself gives `info` at most.

use super::messages::figure_message;
use super::{
    compare_sentences, draft_claim, frame_match, CheckContext, Evidence, Finding, FindingCode, Fix,
    Severity, SubjectMatch,
};
use crate::claims::{anchors_compatible, Claim, ClaimValue, FigureValue};
use std::collections::HashMap;

use crate::corpus::index::CorpusClaim;
use crate::corpus::ArticleId;
use crate::extract::Qualifier;

/// Do two figure intervals overlap? Open ends reach to infinity; a small
/// relative tolerance absorbs rounding (`2,5 Mio.` vs `2.48 million`).
pub fn intervals_overlap(a: &FigureValue, b: &FigureValue) -> bool {
    let (a_low, a_high) = bounds(a);
    let (b_low, b_high) = bounds(b);
    let tolerance = 0.005 * a_high.abs().max(b_high.abs()).min(f64::MAX);
    a_low <= b_high + tolerance && b_low <= a_high + tolerance
}

fn bounds(f: &FigureValue) -> (f64, f64) {
    let slack = if f.qualifier == Qualifier::Exact {
        rounding(f.value)
    } else {
        0.0
    };
    (
        f.low.map_or(f64::NEG_INFINITY, |l| l - slack),
        f.high.map_or(f64::INFINITY, |h| h + slack),
    )
}

/// How much a plain figure may be off through rounding: half a unit of its
/// last non-zero digit (`$27bn` may be 27.4bn), at most 5 % of it.
pub fn rounding(value: f64) -> f64 {
    let v = value.abs();
    if v == 0.0 || !v.is_finite() {
        return 0.0;
    }
    let mut unit = 10f64.powi(v.log10().floor() as i32);
    // Walk down to the last non-zero digit (at most 15 places).
    for _ in 0..15 {
        let q = v / unit;
        if (q - q.round()).abs() < 1e-6 * q.max(1.0) {
            break;
        }
        unit /= 10.0;
    }
    (unit / 2.0).min(0.05 * v)
}

/// A unit this common in the corpus (`%`, `USD`, `year`) says little about
/// what a figure is about: its sentences must be more alike.
pub const COMMON_UNIT_CLAIMS: usize = 50;
/// Similarity needed for figures of a common unit.
pub const COMMON_UNIT_SIMILARITY: f64 = 0.5;

/// A counted noun this rare in the corpus (`Erstanträge`, `Ortstafeln`)
/// names what is counted well enough to stand for the words next to a value.
pub const RARE_UNIT_CLAIMS: usize = 5;

/// Similarity two sentences need besides the same counted noun of the same
/// thing ([`crate::claims::Subject::counted_of`]). The shared phrase alone
/// gives about 0.1 in sentences about other matters (`11 players in the
/// squad` against `two new players in the squad`: 0.07 on `bbc`); the same
/// fact told in other words measured 0.24 and more.
pub const COUNTED_OF_SIMILARITY: f64 = 0.2;

/// Similarity needed to compare figures that move over time (prices, rates,
/// rises and falls): only near-identical sentences.
pub const VOLATILE_SIMILARITY: f64 = super::NEAR_IDENTICAL;

/// A figure stated in at most this many corpus sentences is rare enough
/// that two sentences both stating it, beside the figure compared, report
/// one matter (`in 164 Ortschaften … 354 Ortstafeln` / `In 164 Ortschaften
/// … 453 Ortstafeln`).
pub const RARE_COMPANION_SENTENCES: u32 = 3;

struct Candidate<'c> {
    index: u32,
    article: ArticleId,
    figure: &'c FigureValue,
    matched: SubjectMatch,
    claim: &'c Claim,
}

/// Checks every figure claim of the draft.
pub fn check(ctx: &CheckContext<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for claim in ctx.claims {
        let ClaimValue::Figure(draft) = &claim.value else {
            continue;
        };
        let prepared = draft_claim(ctx, claim);
        let pool_size = ctx.view.archive.figure_count(&draft.unit);
        let common = pool_size >= COMMON_UNIT_CLAIMS;
        let needed = if common { COMMON_UNIT_SIMILARITY } else { 0.0 };
        // A counted noun (not `%`, a currency or a measure) is itself the word
        // next to the value, and the rarer it is the more it says.
        let counted = draft.counted;
        let key = if counted {
            ctx.view.archive.terms().idf_count(pool_size)
        } else {
            0.0
        };
        // Other figures of the draft sentence with the same unit: corpus
        // figures that agree with one of them are about that one.
        let siblings: Vec<&FigureValue> = ctx
            .claims
            .iter()
            .filter(|c| c.sentence == claim.sentence && c.range != claim.range)
            .filter_map(|c| match &c.value {
                ClaimValue::Figure(f) if f.unit == draft.unit => Some(f),
                _ => None,
            })
            .collect();
        // The draft value's place among the values of its unit in its
        // sentence (counted only for nearly identical corpus sentences).
        let own_rank = std::cell::OnceCell::new();
        let own_rank = || {
            *own_rank.get_or_init(|| {
                ctx.claims
                    .iter()
                    .filter(|c| c.sentence == claim.sentence && c.range.start < claim.range.start)
                    .filter(|c| matches!(&c.value, ClaimValue::Figure(f) if f.unit == draft.unit))
                    .count()
            })
        };
        // Only the claims that can reach `needed` (see `super::pool`).
        let mut fetched =
            super::pool::figure_candidates(ctx.view.archive, &draft.unit, &prepared.terms, needed);
        // The draft sentence's other figures that the corpus states rarely
        // (`ortschaft=164`), and the pool's claims whose sentences state one
        // of them too, below the floor as well.
        let stats = ctx.view.archive.terms();
        let companions: Vec<(&String, u32)> = claim
            .subject
            .words
            .iter()
            .filter(|w| {
                // Shares and sums recur by chance and as conversions
                // (`$16bn (£8.5bn)`), and so do counts of a common noun
                // (`1,000 people` asked in a survey): only counts and
                // measures of a rarer unit say which matter.
                w.split_once('=').is_some_and(|(unit, _)| {
                    unit != "%"
                        && !unit.chars().all(|c| c.is_ascii_uppercase())
                        && ctx.view.archive.figure_count(unit) < COMMON_UNIT_CLAIMS
                })
            })
            .filter_map(|w| {
                let (id, df) = stats.lookup(&crate::corpus::features::word_term(w))?;
                (df <= RARE_COMPANION_SENTENCES).then_some((w, id))
            })
            .collect();
        if !companions.is_empty() {
            let mut ids: Vec<u32> = companions.iter().map(|(_, id)| *id).collect();
            ids.sort_unstable();
            let have: std::collections::HashSet<u32> = fetched.iter().map(|(i, _)| *i).collect();
            let extra: Vec<_> = ctx
                .view
                .archive
                .figures_with_unit_sharing(&draft.unit, &ids)
                .iter()
                .copied()
                .filter(|i| !have.contains(i))
                .collect();
            fetched.extend(ctx.view.archive.claims(&extra));
            fetched.sort_by_key(|(i, _)| *i);
        }
        let mut candidates: Vec<Candidate<'_>> = Vec::new();
        let mut agrees = false;
        // The best similarity of a vague corpus figure that agrees.
        let mut vague_agreement = f64::NEG_INFINITY;
        // How many values of the unit each corpus sentence states.
        let per_sentence = values_per_sentence(&fetched);
        for (i, corpus) in &fetched {
            let (i, corpus) = (*i, &**corpus);
            if !ctx.view.includes(corpus.article) {
                continue;
            }
            let ClaimValue::Figure(figure) = &corpus.claim.value else {
                continue;
            };
            // Figures anchored to different times are different facts.
            let theirs = &corpus.claim.subject;
            if !anchors_compatible(
                &claim.subject.anchors,
                &claim.subject.when,
                &theirs.anchors,
                &theirs.when,
            ) {
                continue;
            }
            // The frame match is costly and most of a large pool is decided
            // without it: it is computed only where the outcome depends on it.
            let mut matched = compare_sentences(&prepared, corpus);
            let companion = matched.similarity >= COUNTED_OF_SIMILARITY
                && companions.iter().any(|(w, _)| theirs.words.contains(*w));
            if matched.similarity < needed && !companion {
                continue;
            }
            // The same counted noun of the same thing (`Beschäftigten der
            // Fahrzeugindustrie` / `in der Fahrzeugindustrie`) counts one thing
            // in sentences that are otherwise told in other words.
            let same_counted = counted
                && !common
                && matched.similarity >= COUNTED_OF_SIMILARITY
                && claim.subject.counted_of.is_some()
                && claim.subject.counted_of == theirs.counted_of;
            if intervals_overlap(draft, figure) {
                if !matched.alike() && !same_counted && !companion {
                    matched.frame = frame_match(ctx, &prepared, corpus, key);
                    if !matched.related() {
                        continue;
                    }
                }
                // A vague corpus figure (`Tausende`) agrees with almost
                // anything: it only stands when no precise corpus figure
                // about the same thing is matched better (see below).
                if figure.qualifier == Qualifier::Vague && draft.qualifier != Qualifier::Vague {
                    vague_agreement = vague_agreement.max(matched.similarity);
                    continue;
                }
                agrees = true;
                break;
            }
            let volatile = draft.volatile || figure.volatile;
            let rare_pool = counted && pool_size <= RARE_UNIT_CLAIMS;
            // A common counted noun (`Menschen`, `people`) says little about
            // what is counted: without a shared name, two sentences of one
            // kind (`kamen … ums Leben`) report different events unless they
            // are near-identical (as for volatile figures).
            let anonymous = counted
                && common
                && matched.overlap.entities == 0
                && matched.similarity < VOLATILE_SIMILARITY;
            if anonymous && !companion
                || !(matched.alike() || rare_pool || same_counted || companion)
                || volatile && matched.similarity < VOLATILE_SIMILARITY
                || siblings.iter().any(|s| intervals_overlap(s, figure))
            {
                continue;
            }
            if rare_pool || matched.overlap.near == 0 {
                matched.frame = frame_match(ctx, &prepared, corpus, key);
            }
            // A rare counted noun is itself the word next to the value.
            let rare_noun = rare_pool && matched.frame.strong();
            // Where either sentence states several values of the unit (`from
            // 3% to 2%`, `12 weeks here, four weeks there`), the words
            // right next to the values must meet: sentence similarity and
            // frame words cannot tell which value stands for which fact.
            // In sentences told in nearly the same words, values stand for
            // the same facts in the same order.
            let same_place = matched.similarity >= super::NEAR_IDENTICAL
                && place_in_sentence(&per_sentence, corpus) == (own_rank(), siblings.len() + 1);
            let paired = matched.overlap.near >= 1
                || siblings.is_empty() && !states_several(&per_sentence, corpus)
                || same_place;
            if (matched.same_subject() || rare_noun || same_counted || companion) && paired {
                candidates.push(Candidate {
                    index: i,
                    article: corpus.article,
                    figure,
                    matched,
                    claim: &corpus.claim,
                });
            }
        }
        if agrees || candidates.is_empty() {
            continue;
        }
        // Vague corpus figures (`Tausende`) are too weak to contradict
        // anything; the most precise well-matched evidence decides: a vague
        // agreement matched at least as well as every precise conflict wins.
        candidates.retain(|c| c.figure.qualifier != Qualifier::Vague);
        if candidates.is_empty()
            || draft.qualifier == Qualifier::Vague
            || candidates
                .iter()
                .all(|c| c.matched.similarity <= vague_agreement)
        {
            continue;
        }
        // Of several figures in one corpus sentence, the one whose nearest
        // words match (`unemployment for 29 years`, not `mortgage rates for 40 years`).
        // Ties go to candidates that share an entity with the draft.
        let closeness = |m: &SubjectMatch| (m.overlap.near, m.overlap.entities.min(1));
        let best = candidates
            .iter()
            .map(|c| closeness(&c.matched))
            .max()
            .unwrap_or_default();
        candidates.retain(|c| closeness(&c.matched) == best);
        candidates.sort_by(|a, b| {
            b.matched
                .similarity
                .total_cmp(&a.matched.similarity)
                .then(a.index.cmp(&b.index))
        });
        let best = &candidates[0];
        // Does the corpus agree with itself? Disjoint candidates make it uncertain.
        let consistent = candidates
            .iter()
            .all(|c| intervals_overlap(c.figure, best.figure));
        let severity = if consistent {
            Severity::Warning
        } else {
            Severity::Info
        };
        let evidence: Vec<Evidence> = candidates
            .iter()
            .take(3)
            .map(|c| Evidence::new(&ctx.view, c.article, c.claim.sentence))
            .collect();
        let corpus_text = ctx.view.archive.article_text(best.article);
        let fix_text = corpus_text
            .as_deref()
            .and_then(|t| t.get(best.claim.range.start..best.figure.number_range.end))
            .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "));
        let fix = if consistent {
            fix_text.map(|text| Fix {
                range: claim.range.start..draft.number_range.end,
                text,
            })
        } else {
            None
        };
        out.push(Finding {
            code: FindingCode::FigureMismatch,
            severity,
            range: claim.range.clone(),
            message: figure_message(
                ctx.lang,
                &draft.text,
                &best.figure.text,
                &evidence[0],
                consistent,
            ),
            evidence,
            fix,
            similarity: Some(best.matched.similarity),
        });
    }
    out
}

/// Where each value of one unit pool starts, by corpus sentence (sorted).
type ValuesBySentence = HashMap<(ArticleId, usize), Vec<usize>>;

/// The starts of the claims of one unit pool in each corpus sentence.
fn values_per_sentence(pool: &[(u32, std::sync::Arc<CorpusClaim>)]) -> ValuesBySentence {
    let mut starts: ValuesBySentence = HashMap::new();
    for (_, c) in pool {
        starts
            .entry((c.article, c.claim.sentence))
            .or_default()
            .push(c.claim.range.start);
    }
    for v in starts.values_mut() {
        v.sort_unstable();
    }
    starts
}

/// Does the corpus sentence of `claim` state another value of the same unit?
fn states_several(values: &ValuesBySentence, claim: &CorpusClaim) -> bool {
    values
        .get(&(claim.article, claim.claim.sentence))
        .is_some_and(|v| v.len() > 1)
}

/// The place of `claim` among the values of its unit in its corpus
/// sentence, and how many there are.
fn place_in_sentence(values: &ValuesBySentence, claim: &CorpusClaim) -> (usize, usize) {
    values
        .get(&(claim.article, claim.claim.sentence))
        .map_or((0, 1), |v| {
            (v.partition_point(|&s| s < claim.claim.range.start), v.len())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fig(low: Option<f64>, high: Option<f64>) -> FigureValue {
        FigureValue {
            low,
            high,
            value: low.or(high).unwrap_or(0.0),
            qualifier: if low == high {
                Qualifier::Exact
            } else {
                Qualifier::Range
            },
            unit: "soldat".into(),
            text: String::new(),
            number_text: String::new(),
            number_range: 0..0,
            volatile: false,
            counted: true,
        }
    }

    #[test]
    fn rounding_slack() {
        assert_eq!(rounding(27e9), 0.5e9);
        assert!((rounding(27.5e9) - 0.05e9).abs() < 1.0);
        assert_eq!(rounding(10000.0), 500.0);
        assert_eq!(rounding(12.0), 0.5);
        assert!(intervals_overlap(
            &fig(Some(27e9), Some(27e9)),
            &fig(Some(27.5e9), Some(27.5e9))
        ));
        assert!(!intervals_overlap(
            &fig(Some(12.0), Some(12.0)),
            &fig(Some(27.0), Some(27.0))
        ));
    }

    #[test]
    fn overlap_of_intervals() {
        assert!(intervals_overlap(
            &fig(Some(10000.0), Some(12000.0)),
            &fig(Some(11000.0), Some(11000.0))
        ));
        assert!(!intervals_overlap(
            &fig(Some(10000.0), Some(12000.0)),
            &fig(Some(45000.0), Some(55000.0))
        ));
        assert!(intervals_overlap(
            &fig(Some(600000.0), None),
            &fig(Some(700000.0), Some(700000.0))
        ));
        assert!(!intervals_overlap(
            &fig(Some(2e9), Some(3e9)),
            &fig(Some(20e9), Some(30e9))
        ));
    }
}
