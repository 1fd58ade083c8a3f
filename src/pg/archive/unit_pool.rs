//! The figures of one unit that a draft figure can be alike, found through
//! the term index of `factcheck.claims` without fetching a claim record.
//!
//! A common unit (`%` holds most of a large archive's percentages) shares a
//! common probe term with thousands of claims. Their term ids come back
//! alone, the caller's bound leaves out those that cannot reach its
//! similarity floor, and only the rest get their neighbours in the unit's
//! list, one index probe each way (see [`crate::check::pool`]).

use std::sync::Arc;

use super::{unit_terms_key, PgArchive};
use crate::corpus::archive::ClaimId;

/// A unit's claims that share a probe term, each with its term ids.
pub(super) type Sharing = Arc<[(ClaimId, Box<[u32]>)]>;

impl PgArchive {
    /// The claims of `unit` whose terms share one of `terms`, with their
    /// term ids; cached per unit and probe set.
    pub(super) fn unit_sharing(&self, unit: &str, terms: &[u32]) -> Sharing {
        let key = unit_terms_key(unit, terms);
        if let Some(rows) = self.sharing.get(&key) {
            return rows;
        }
        let probes: Vec<i32> = terms.iter().map(|&t| t as i32).collect();
        let Some(rows) = self.query(
            "SELECT cid, terms FROM factcheck.claims
             WHERE kind = 'f' AND unit = $1 AND terms && $2::int[]",
            vec![Box::new(unit.to_string()), Box::new(probes)],
        ) else {
            return Arc::from(Vec::new());
        };
        let found: Sharing = rows
            .iter()
            .map(|r| {
                let ids: Vec<i32> = r.get(1);
                (
                    r.get::<_, i32>(0) as ClaimId,
                    ids.into_iter().map(|t| t as u32).collect(),
                )
            })
            .collect();
        self.sharing.put(key, found.clone());
        found
    }

    /// `ids` with their neighbours in the list of `unit` (the claims of the
    /// unit just before and after each), ascending and without repeats.
    pub(super) fn with_unit_neighbours(&self, unit: &str, ids: &[ClaimId]) -> Vec<ClaimId> {
        let mut out: Vec<ClaimId> = Vec::with_capacity(ids.len() * 3);
        let mut unknown: Vec<i32> = Vec::new();
        for &id in ids {
            out.push(id);
            match self.neighbours.get(&id) {
                Some((before, after)) => out.extend(before.into_iter().chain(after)),
                None => unknown.push(id as i32),
            }
        }
        if !unknown.is_empty() {
            let Some(rows) = self.query(
                "SELECT x.cid,
                        (SELECT max(c.cid) FROM factcheck.claims c
                         WHERE c.kind = 'f' AND c.unit = $1 AND c.cid < x.cid),
                        (SELECT min(c.cid) FROM factcheck.claims c
                         WHERE c.kind = 'f' AND c.unit = $1 AND c.cid > x.cid)
                 FROM unnest($2::int[]) AS x(cid)",
                vec![Box::new(unit.to_string()), Box::new(unknown)],
            ) else {
                return Vec::new();
            };
            for r in &rows {
                let id = r.get::<_, i32>(0) as ClaimId;
                let before = r.get::<_, Option<i32>>(1).map(|c| c as ClaimId);
                let after = r.get::<_, Option<i32>>(2).map(|c| c as ClaimId);
                self.neighbours.put(id, (before, after));
                out.extend(before.into_iter().chain(after));
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}
