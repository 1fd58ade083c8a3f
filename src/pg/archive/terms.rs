//! Term statistics of the PostgreSQL archive, fetched as a check weighs
//! them and kept for the life of the opened archive.

use std::collections::HashMap;
use std::sync::Mutex;

use tokio_postgres::Row;

use super::PgArchive;
use crate::claims::Subject;
use crate::corpus::features::{subject_lookups, TermTable};

/// Term statistics, fetched as they are needed and kept: a check weighs a
/// few thousand of the archive's terms, not its millions. `None`: the
/// archive has no such term.
#[derive(Debug, Default)]
pub(super) struct PgTerms {
    known: Mutex<HashMap<String, Option<(u32, u32)>>>,
    pub(super) documents: u32,
}

impl PgTerms {
    /// No statistics fetched yet, of an archive of `documents` articles.
    pub(super) fn new(documents: u32) -> PgTerms {
        PgTerms {
            documents,
            ..PgTerms::default()
        }
    }

    fn cached(&self, term: &str) -> Option<Option<(u32, u32)>> {
        self.known.lock().ok()?.get(term).copied()
    }

    /// Keeps the answers for `asked`: the rows found, `None` for the rest.
    fn keep(&self, asked: &[String], rows: &[Row]) {
        if let Ok(mut known) = self.known.lock() {
            for r in rows {
                let stats = (r.get::<_, i32>(1) as u32, r.get::<_, i32>(2) as u32);
                known.insert(r.get::<_, String>(0), Some(stats));
            }
            for t in asked {
                known.entry(t.clone()).or_insert(None);
            }
        }
    }
}

impl TermTable for PgArchive {
    fn documents(&self) -> u32 {
        self.terms.documents
    }

    fn lookup(&self, term: &str) -> Option<(u32, u32)> {
        if let Some(answer) = self.terms.cached(term) {
            return answer;
        }
        let asked = [term.to_string()];
        let rows = self.query(
            "SELECT term, tid, df FROM factcheck.terms WHERE term = $1",
            vec![Box::new(asked[0].clone())],
        )?;
        self.terms.keep(&asked, &rows);
        self.terms.cached(term).flatten()
    }

    fn prefetch_subject(&self, subject: &Subject) {
        TermTable::prefetch(self, &subject_lookups(subject, false));
    }

    fn prefetch(&self, terms: &[String]) {
        let mut asked: Vec<String> = terms
            .iter()
            .filter(|t| self.terms.cached(t).is_none())
            .cloned()
            .collect();
        asked.sort();
        asked.dedup();
        for chunk in asked.chunks(TERM_BATCH) {
            let chunk = chunk.to_vec();
            let Some(rows) = self.query(
                "SELECT term, tid, df FROM factcheck.terms WHERE term = ANY($1)",
                vec![Box::new(chunk.clone())],
            ) else {
                return;
            };
            self.terms.keep(&chunk, &rows);
        }
    }
}

/// Terms asked for in one query.
const TERM_BATCH: usize = 20_000;
