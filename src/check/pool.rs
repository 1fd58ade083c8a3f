//! Narrowing a unit's pool of corpus figures to the claims a draft figure
//! can be alike at all, before any claim record is fetched.
//!
//! A common unit (`%`, `EUR`, `people`) holds most of a large archive's
//! figures, and a check compares a draft figure only with those of them
//! whose sentence similarity reaches a floor (see
//! [`super::figures::COMMON_UNIT_SIMILARITY`]). Similarity is the cosine of
//! IDF-weighted term vectors, so a bound tells without the corpus claim
//! which of the draft's terms a claim must share to reach the floor (prefix
//! filtering): if it shares only terms from a set `Q` of the draft's terms,
//! Cauchy–Schwarz gives `cos ≤ ‖a_Q‖ / ‖a‖`. Taking the draft's heaviest
//! (rarest) terms as probes until the rest weigh less than `floor² · ‖a‖²`,
//! every claim at or above the floor shares a probe term, and the archive
//! answers that through its (unit, term) lookup
//! ([`crate::corpus::Archive::figures_with_unit_sharing`]).
//!
//! The result is exact: the claims left out are the ones the figure check
//! skips for being below the floor. A backend that reads a claim's weighted
//! terms without the claim (the persisted index's digests) computes the
//! cosine itself ([`Archive::figures_near_alike`]) and fetches only the
//! claims at or above the floor. The check also counts how many values
//! of the unit each corpus sentence states; a sentence's claims have
//! consecutive ids, so they stand next to each other in the ascending pool,
//! and each kept claim brings its two pool neighbours along, which keeps
//! that count above one exactly where it was.
//!
//! [`batched`] walks a long posting list a batch of claims at a time, so
//! that its decoded claims need not all be in memory at once.

use std::sync::Arc;

use crate::corpus::archive::{Archive, ClaimDigest, ClaimId};
use crate::corpus::features::{cosine, TermVector};
use crate::corpus::index::CorpusClaim;

/// Claims fetched at once by [`batched`].
const BATCH: usize = 2048;

/// The claims of `ids`, in order, fetched a batch at a time while they are
/// used: a large posting list (the dates about a common entity) is never
/// held decoded as a whole.
pub fn batched<'a>(
    archive: &'a dyn Archive,
    ids: &'a [ClaimId],
) -> impl Iterator<Item = (ClaimId, Arc<CorpusClaim>)> + 'a {
    ids.chunks(BATCH)
        .flat_map(move |chunk| archive.claims(chunk))
}

/// The digests of the figure and date claims among `ids` ([`ClaimDigest`]),
/// read a batch at a time (see [`batched`]).
pub fn batched_digests<'a>(
    archive: &'a dyn Archive,
    ids: &'a [ClaimId],
) -> impl Iterator<Item = (ClaimId, Arc<ClaimDigest>)> + 'a {
    ids.chunks(BATCH)
        .flat_map(move |chunk| archive.claim_digests(chunk))
}

/// Relative slack on the bound, far above floating-point rounding in the
/// cosine, so that no claim at the floor is lost to it.
const SLACK: f64 = 1e-9;

/// The draft terms (ids, sorted) that every claim with similarity of at
/// least `floor` shares one of. `None` when pruning cannot help (no floor).
pub fn probe_terms(draft: &TermVector, floor: f64) -> Option<Vec<u32>> {
    if floor <= 0.0 {
        return None;
    }
    let limit = reach_limit(draft, floor);
    let mut by_weight: Vec<(u32, f64)> = draft.terms.clone();
    by_weight.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut rest: f64 = by_weight.iter().map(|(_, w)| w * w).sum();
    let mut probes = Vec::new();
    for (id, w) in by_weight {
        if rest < limit {
            break;
        }
        probes.push(id);
        rest -= w * w;
    }
    probes.sort_unstable();
    Some(probes)
}

/// The claims of `unit` that the figure check must see for a draft claim
/// with terms `draft` when it skips claims below similarity `floor`,
/// fetched. Equal to fetching the whole unit for every decision the check
/// makes: a claim sharing no probe term stays below the floor, and each
/// one that shares one comes with its neighbours in the unit's list (see
/// [`Archive::figures_near_reaching`]).
pub fn figure_candidates(
    archive: &dyn Archive,
    unit: &str,
    draft: &TermVector,
    floor: f64,
) -> Vec<(ClaimId, Arc<CorpusClaim>)> {
    let Some(probes) = probe_terms(draft, floor) else {
        return archive.claims(&archive.figures_with_unit(unit));
    };
    if probes.is_empty() {
        // Nothing reaches the floor (a draft without known terms).
        return Vec::new();
    }
    let limit = reach_limit(draft, floor);
    let reachable = |terms: &[u32]| shared_weight(draft, terms) >= limit;
    let alike = |terms: &TermVector| cosine(draft, terms).0 >= floor;
    archive.claims(&archive.figures_near_alike(unit, &probes, &reachable, &alike))
}

/// What the draft weight a claim shares must reach for its similarity to
/// reach `floor`: by Cauchy–Schwarz the cosine of a claim whose terms are
/// `S` is at most `‖a_S‖ / ‖a‖`, so a claim with `‖a_S‖² < floor² · ‖a‖²`
/// stays below the floor.
fn reach_limit(draft: &TermVector, floor: f64) -> f64 {
    floor * floor * draft.norm * draft.norm * (1.0 - SLACK)
}

/// `‖a_S‖²`: the squared weight of the draft terms (`draft`, sorted by id)
/// among a claim's `terms`.
fn shared_weight(draft: &TermVector, terms: &[u32]) -> f64 {
    terms
        .iter()
        .filter_map(|t| {
            draft
                .terms
                .binary_search_by_key(t, |(id, _)| *id)
                .ok()
                .map(|i| draft.terms[i].1 * draft.terms[i].1)
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vector(terms: &[(u32, f64)], unknown: f64) -> TermVector {
        let sq: f64 = terms.iter().map(|(_, w)| w * w).sum::<f64>() + unknown * unknown;
        TermVector {
            terms: terms.to_vec(),
            norm: sq.sqrt(),
        }
    }

    #[test]
    fn probes_are_the_heaviest_terms_that_the_floor_needs() {
        // Weights 4, 3, 1, 1 (norm² 27): at floor 0.5 the rest must weigh
        // under 6.75, so 4 (rest 11) and 3 (rest 2) are probed.
        let v = vector(&[(7, 1.0), (2, 4.0), (9, 3.0), (5, 1.0)], 0.0);
        assert_eq!(probe_terms(&v, 0.5), Some(vec![2, 9]));
        assert_eq!(probe_terms(&v, 0.0), None);
        // A lower floor needs more probes (ties by id), a higher one fewer;
        // unknown terms raise the norm, so that known terms alone may not
        // reach the floor at all.
        assert_eq!(probe_terms(&v, 0.2), Some(vec![2, 5, 9]));
        assert_eq!(probe_terms(&v, 0.9), Some(vec![2]));
        let w = vector(&[(2, 1.0), (9, 1.0)], 10.0);
        assert_eq!(probe_terms(&w, 0.5), Some(vec![]));
    }

    #[test]
    fn the_shared_weight_bounds_the_similarity() {
        // Weights 4, 3, 1, 1 (norm² 27); at floor 0.5 a claim must share
        // terms weighing at least 6.75.
        let v = vector(&[(2, 4.0), (5, 1.0), (7, 1.0), (9, 3.0)], 0.0);
        let limit = reach_limit(&v, 0.5);
        assert_eq!(shared_weight(&v, &[2, 40]), 16.0);
        assert_eq!(shared_weight(&v, &[5, 7, 40]), 2.0);
        assert!(shared_weight(&v, &[2]) >= limit);
        assert!(shared_weight(&v, &[9, 5]) >= limit);
        assert!(shared_weight(&v, &[5, 7]) < limit);
        // A claim below the limit stays below the floor even with its best
        // weights on the shared terms; one at the limit can reach it.
        let (below, _) = crate::corpus::features::cosine(&v, &vector(&[(5, 1.0), (7, 1.0)], 0.0));
        assert!(below < 0.5, "{below}");
        let (above, _) = crate::corpus::features::cosine(&v, &vector(&[(5, 1.0), (9, 3.0)], 0.0));
        assert!(above >= 0.5, "{above}");
    }

    #[test]
    fn a_claim_sharing_no_probe_stays_below_the_floor() {
        // Every subset of terms left unprobed bounds the cosine below the
        // floor, whatever the corpus claim's weights.
        let v = vector(&[(1, 5.0), (2, 2.0), (3, 2.0), (4, 1.0), (5, 0.5)], 1.0);
        let probes = probe_terms(&v, 0.5).unwrap();
        let rest: Vec<(u32, f64)> = v
            .terms
            .iter()
            .copied()
            .filter(|(t, _)| !probes.contains(t))
            .collect();
        // The corpus claim most alike to the unprobed terms: the same
        // weights on exactly those terms.
        let corpus = vector(&rest, 0.0);
        let (similarity, _) = crate::corpus::features::cosine(&v, &corpus);
        assert!(similarity < 0.5, "{similarity}");
        // With one probe term it may pass.
        let mut with_probe = rest.clone();
        with_probe.push((1, 5.0));
        with_probe.sort_by_key(|t| t.0);
        let (similarity, _) = crate::corpus::features::cosine(&v, &vector(&with_probe, 0.0));
        assert!(similarity >= 0.5, "{similarity}");
    }
}
