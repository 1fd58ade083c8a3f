//! [`PgArchive`]: the [`Archive`] answered from the published tables in
//! PostgreSQL. A check queries; it does not load: each posting list is one
//! indexed query that brings its claim records along, and every answer is
//! cached for the life of the opened archive (ids are only valid for one
//! generation of the published tables, so a newer generation means opening
//! the archive again). Term statistics are fetched as the check weighs them,
//! in batches where it knows what it will weigh (`TermTable::prefetch`).
//!
//! A failed query answers empty and is remembered: [`Archive::failure`]
//! reports it (and a re-index during the check), so that the caller knows
//! the findings are incomplete instead of trusting them.

use std::collections::HashMap;
use std::hash::Hash;
use std::ops::Range;
use std::path::Path;
use std::sync::{Arc, Mutex};

use tokio_postgres::types::ToSql;
use tokio_postgres::Row;

use super::{describe_error, Database};

mod terms;
mod unit_pool;

use crate::corpus::archive::{no_ids, Archive, ArticleId, ArticleMeta, ClaimId, SentenceText};
use crate::corpus::features::TermTable;
use crate::corpus::index::{collapse_space, person_key, CorpusClaim, NameRecord};
use crate::corpus::LoadError;
use crate::text::LineIndex;
use terms::PgTerms;

/// Posting lists at most this long come with their claim records in one
/// query; longer ones (a common unit) bring ids only.
const SHORT_LIST: i64 = 256;

/// An article's text and layout, for evidence.
struct ArticleBody {
    text: Arc<str>,
    sentences: Vec<Range<usize>>,
    lines: LineIndex,
}

/// A cache of answers by key.
struct Cache<K, V>(Mutex<HashMap<K, V>>);

impl<K: Eq + Hash, V: Clone> Cache<K, V> {
    fn new() -> Self {
        Cache(Mutex::new(HashMap::new()))
    }
    fn get(&self, key: &K) -> Option<V> {
        self.0.lock().ok()?.get(key).cloned()
    }
    fn put(&self, key: K, value: V) {
        if let Ok(mut map) = self.0.lock() {
            map.insert(key, value);
        }
    }
}

/// What `index_state` says about the published tables.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexState {
    pub generation: i64,
    pub articles: usize,
    pub dated: bool,
    pub home_country: Option<String>,
}

/// The published tables' state, or an error saying that there are none.
pub async fn index_state(
    client: &impl tokio_postgres::GenericClient,
) -> Result<(IndexState, u32), String> {
    let row = client
        .query_opt(
            "SELECT generation, articles, dated, home_country, term_documents FROM factcheck.index_state",
            &[],
        )
        .await
        .map_err(|e| describe_error(&e))?
        .ok_or("the database's articles have not been indexed yet; run `factcheck index --index URL`")?;
    Ok((
        IndexState {
            generation: row.get(0),
            articles: row.get::<_, i32>(1) as usize,
            dated: row.get(2),
            home_country: row.get(3),
        },
        row.get::<_, i32>(4) as u32,
    ))
}

/// The archive in PostgreSQL.
pub struct PgArchive {
    db: Database,
    pub state: IndexState,
    terms: PgTerms,
    failure: Mutex<Option<String>>,
    metas: Cache<ArticleId, Option<Arc<ArticleMeta>>>,
    bodies: Cache<ArticleId, Option<Arc<ArticleBody>>>,
    claims: Cache<ClaimId, Arc<CorpusClaim>>,
    postings: Cache<(&'static str, String), Arc<[ClaimId]>>,
    names: Cache<String, Option<Arc<NameRecord>>>,
    parts: Cache<(&'static str, String), Arc<[String]>>,
    spellings: Cache<String, Arc<[ArticleId]>>,
    paths: Cache<String, Vec<ArticleId>>,
    unit_sizes: Cache<String, usize>,
    sharing: Cache<String, unit_pool::Sharing>,
    /// A figure claim's neighbours in its unit's list (a claim has one unit).
    neighbours: Cache<ClaimId, (Option<ClaimId>, Option<ClaimId>)>,
}

impl std::fmt::Debug for PgArchive {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgArchive")
            .field("db", &self.db)
            .field("state", &self.state)
            .finish()
    }
}

impl PgArchive {
    /// Opens the archive at `url`: checks the schema version and the
    /// published tables, and loads the term statistics.
    pub fn open(url: &str) -> Result<PgArchive, String> {
        let db = Database::open(url)?;
        db.verify()?;
        let (state, documents) = db.run(|client| async move { index_state(&**client).await })?;
        let terms = PgTerms::new(documents);
        Ok(PgArchive {
            db,
            state,
            terms,
            failure: Mutex::new(None),
            metas: Cache::new(),
            bodies: Cache::new(),
            claims: Cache::new(),
            postings: Cache::new(),
            names: Cache::new(),
            parts: Cache::new(),
            spellings: Cache::new(),
            paths: Cache::new(),
            unit_sizes: Cache::new(),
            sharing: Cache::new(),
            neighbours: Cache::new(),
        })
    }

    /// Where the archive is (no password).
    pub fn shown(&self) -> &str {
        &self.db.target.shown
    }

    /// The generation of the published tables now (not when opened).
    pub fn current_generation(&self) -> Result<i64, String> {
        self.db
            .run(|client| async move { index_state(&**client).await.map(|s| s.0.generation) })
    }

    fn fail(&self, why: String) {
        if let Ok(mut f) = self.failure.lock() {
            f.get_or_insert(why);
        }
    }

    /// Runs a query; on failure remembers why and answers `None`.
    fn query(
        &self,
        sql: &'static str,
        params: Vec<Box<dyn ToSql + Sync + Send>>,
    ) -> Option<Vec<Row>> {
        let result = self.db.run(|client| async move {
            let refs: Vec<&(dyn ToSql + Sync)> =
                params.iter().map(|p| &**p as &(dyn ToSql + Sync)).collect();
            // Prepared once per pooled connection: one round trip per query.
            let statement = client
                .prepare_cached(sql)
                .await
                .map_err(|e| describe_error(&e))?;
            client
                .query(&statement, &refs)
                .await
                .map_err(|e| describe_error(&e))
        });
        match result {
            Ok(rows) => Some(rows),
            Err(e) => {
                self.fail(e);
                None
            }
        }
    }

    fn decode<T: serde::de::DeserializeOwned>(&self, what: &str, bytes: &[u8]) -> Option<T> {
        match rmp_serde::from_slice(bytes) {
            Ok(v) => Some(v),
            Err(e) => {
                self.fail(format!("{}: bad {what} record: {e}", self.shown()));
                None
            }
        }
    }

    /// A posting list (cached) whose query gives ids and, for short lists,
    /// records (`NULL` otherwise, see [`SHORT_LIST`]): the claims of a long
    /// list are fetched by [`Archive::claims`] when needed.
    fn posting_ids(
        &self,
        cache_key: (&'static str, String),
        sql: &'static str,
        params: Vec<Box<dyn ToSql + Sync + Send>>,
    ) -> Arc<[ClaimId]> {
        if let Some(ids) = self.postings.get(&cache_key) {
            return ids;
        }
        let Some(rows) = self.query(sql, params) else {
            return no_ids();
        };
        let mut ids = Vec::with_capacity(rows.len());
        for r in &rows {
            let cid = r.get::<_, i32>(0) as ClaimId;
            if let Some(record) = r.get::<_, Option<&[u8]>>(1) {
                if self.claims.get(&cid).is_none() {
                    let Some(claim) = self.decode::<CorpusClaim>("claim", record) else {
                        return no_ids();
                    };
                    self.claims.put(cid, Arc::new(claim));
                }
            }
            ids.push(cid);
        }
        let ids: Arc<[ClaimId]> = Arc::from(ids);
        self.postings.put(cache_key, Arc::clone(&ids));
        ids
    }

    /// A posting list of claims with their records (cached both ways).
    fn posting(&self, kind: &'static str, key: &str, sql: &'static str) -> Arc<[ClaimId]> {
        let cache_key = (kind, key.to_string());
        if let Some(ids) = self.postings.get(&cache_key) {
            return ids;
        }
        let Some(rows) = self.query(sql, vec![Box::new(key.to_string())]) else {
            return no_ids();
        };
        let mut ids = Vec::with_capacity(rows.len());
        for r in &rows {
            let cid = r.get::<_, i32>(0) as ClaimId;
            if self.claims.get(&cid).is_none() {
                let Some(claim) = self.decode::<CorpusClaim>("claim", r.get(1)) else {
                    return no_ids();
                };
                self.claims.put(cid, Arc::new(claim));
            }
            ids.push(cid);
        }
        let ids: Arc<[ClaimId]> = Arc::from(ids);
        self.postings.put(cache_key, Arc::clone(&ids));
        ids
    }

    fn body(&self, id: ArticleId) -> Option<Arc<ArticleBody>> {
        if let Some(b) = self.bodies.get(&id) {
            return b;
        }
        let rows = self.query(
            "SELECT text, layout FROM factcheck.index_articles WHERE aid = $1",
            vec![Box::new(id as i32)],
        )?;
        let body = rows.first().and_then(|r| {
            let (sentences, lines): (Vec<Range<usize>>, LineIndex) =
                self.decode("layout", r.get(1))?;
            let text: String = r.get(0);
            Some(Arc::new(ArticleBody {
                text: Arc::from(text),
                sentences,
                lines,
            }))
        });
        self.bodies.put(id, body.clone());
        body
    }

    /// Fetches the name lookups the draft `text` will make (see
    /// [`super::prefetch`]) in three queries on one connection, and caches
    /// every answer, found or missing. A failure here is not one of the
    /// archive's: what was not fetched is asked for again when needed.
    fn prefetch(&self, text: &str) {
        let keys = super::prefetch::draft_keys(text);
        let parts: Vec<String> = keys
            .parts
            .into_iter()
            .filter(|p| {
                self.parts.get(&("s", p.clone())).is_none()
                    || self.parts.get(&("f", p.clone())).is_none()
            })
            .collect();
        let phrases: Vec<String> = keys
            .phrases
            .into_iter()
            .filter(|p| self.names.get(p).is_none() || self.spellings.get(p).is_none())
            .collect();
        if parts.is_empty() && phrases.is_empty() {
            return;
        }
        type Fetched = (Vec<Row>, Vec<Row>, Vec<Row>, Vec<String>);
        let asked = &parts;
        let fetched: Result<Fetched, String> = self.db.run(|client| async move {
            let e = |e: tokio_postgres::Error| describe_error(&e);
            let part_rows = client
                .query(
                    "SELECT part_kind::text, part, names FROM factcheck.name_parts
                     WHERE part_kind = ANY('{s,f}'::\"char\"[]) AND part = ANY($1)",
                    &[asked],
                )
                .await
                .map_err(e)?;
            // The full names these parts lead to are looked up next.
            let mut phrases = phrases;
            for r in &part_rows {
                phrases.extend(r.get::<_, Vec<String>>(2));
            }
            phrases.sort();
            phrases.dedup();
            let params: [&(dyn ToSql + Sync); 1] = [&phrases];
            let names = client.query(
                "SELECT name, record FROM factcheck.names WHERE name = ANY($1)",
                &params,
            );
            let spellings = client.query(
                "SELECT spelling, articles FROM factcheck.spellings WHERE spelling = ANY($1)",
                &params,
            );
            // Both on the wire at once.
            let (names, spellings) = futures_util::future::join(names, spellings).await;
            Ok((part_rows, names.map_err(e)?, spellings.map_err(e)?, phrases))
        });
        let Ok((part_rows, name_rows, spelling_rows, phrases)) = fetched else {
            return;
        };
        let mut found_parts = HashMap::new();
        for r in &part_rows {
            let kind = if r.get::<_, String>(0) == "f" {
                "f"
            } else {
                "s"
            };
            let names: Arc<[String]> = Arc::from(r.get::<_, Vec<String>>(2));
            found_parts.insert((kind, r.get::<_, String>(1)), names);
        }
        for part in parts {
            for kind in ["s", "f"] {
                let key = (kind, part.clone());
                let names = found_parts.remove(&key).unwrap_or_else(no_ids);
                self.parts.put(key, names);
            }
        }
        let mut found_names = HashMap::new();
        for r in &name_rows {
            let Some(record) = self.decode::<NameRecord>("name", r.get(1)) else {
                return;
            };
            found_names.insert(r.get::<_, String>(0), Arc::new(record));
        }
        let mut found_spellings: HashMap<String, Arc<[ArticleId]>> = spelling_rows
            .iter()
            .map(|r| (r.get::<_, String>(0), spelling_ids(r.get(1))))
            .collect();
        for phrase in phrases {
            self.names.put(phrase.clone(), found_names.remove(&phrase));
            let ids = found_spellings.remove(&phrase).unwrap_or_else(no_ids);
            self.spellings.put(phrase, ids);
        }
    }

    fn name_parts(&self, kind: &'static str, part: &str) -> Arc<[String]> {
        let key = (kind, part.to_string());
        if let Some(names) = self.parts.get(&key) {
            return names;
        }
        let Some(rows) = self.query(
            "SELECT names FROM factcheck.name_parts WHERE part_kind = $1::text::\"char\" AND part = $2",
            vec![Box::new(kind.to_string()), Box::new(part.to_string())],
        ) else {
            return no_ids();
        };
        let names: Arc<[String]> = rows
            .first()
            .map(|r| Arc::from(r.get::<_, Vec<String>>(0)))
            .unwrap_or_else(no_ids);
        self.parts.put(key, Arc::clone(&names));
        names
    }
}

impl Archive for PgArchive {
    fn kind(&self) -> &'static str {
        "postgresql"
    }

    fn article_count(&self) -> usize {
        self.state.articles
    }

    fn has_dated_articles(&self) -> bool {
        self.state.dated
    }

    fn load_errors(&self) -> Vec<LoadError> {
        Vec::new()
    }

    fn article(&self, id: ArticleId) -> Option<Arc<ArticleMeta>> {
        if let Some(m) = self.metas.get(&id) {
            return m;
        }
        let rows = self.query(
            "SELECT meta FROM factcheck.index_articles WHERE aid = $1",
            vec![Box::new(id as i32)],
        )?;
        let meta = rows
            .first()
            .and_then(|r| self.decode::<ArticleMeta>("article", r.get(0)))
            .map(Arc::new);
        self.metas.put(id, meta.clone());
        meta
    }

    fn articles_at(&self, path: &Path) -> Vec<ArticleId> {
        let canonical = std::fs::canonicalize(path)
            .unwrap_or_else(|_| path.to_path_buf())
            .to_string_lossy()
            .into_owned();
        if let Some(ids) = self.paths.get(&canonical) {
            return ids;
        }
        let ids: Vec<ArticleId> = self
            .query(
                "SELECT aid FROM factcheck.index_articles WHERE canonical_path = $1 ORDER BY aid",
                vec![Box::new(canonical.clone())],
            )
            .unwrap_or_default()
            .iter()
            .map(|r| r.get::<_, i32>(0) as ArticleId)
            .collect();
        self.paths.put(canonical, ids.clone());
        ids
    }

    fn article_text(&self, id: ArticleId) -> Option<Arc<str>> {
        self.body(id).map(|b| Arc::clone(&b.text))
    }

    fn sentence(&self, article: ArticleId, index: usize) -> Option<SentenceText> {
        let body = self.body(article)?;
        let range = body.sentences.get(index)?.clone();
        let line = match self.article(article)?.jsonl_line {
            Some(line) => line,
            None => body.lines.line_of(range.start) + 1,
        };
        Some(SentenceText {
            line,
            text: collapse_space(body.text.get(range.clone())?),
            range,
        })
    }

    fn claim(&self, id: ClaimId) -> Option<Arc<CorpusClaim>> {
        self.claims(&[id]).pop().map(|(_, c)| c)
    }

    fn claims(&self, ids: &[ClaimId]) -> Vec<(ClaimId, Arc<CorpusClaim>)> {
        let missing: Vec<i32> = ids
            .iter()
            .filter(|id| self.claims.get(id).is_none())
            .map(|&id| id as i32)
            .collect();
        if !missing.is_empty() {
            if let Some(rows) = self.query(
                "SELECT cid, record FROM factcheck.claims WHERE cid = ANY($1)",
                vec![Box::new(missing)],
            ) {
                for r in &rows {
                    if let Some(c) = self.decode::<CorpusClaim>("claim", r.get(1)) {
                        self.claims.put(r.get::<_, i32>(0) as ClaimId, Arc::new(c));
                    }
                }
            }
        }
        ids.iter()
            .filter_map(|&id| self.claims.get(&id).map(|c| (id, c)))
            .collect()
    }

    /// Ids only: a common unit holds most of a large archive's figures,
    /// and a check fetches the records of only those that can be alike
    /// ([`Archive::figures_with_unit_sharing`]).
    fn figures_with_unit(&self, unit: &str) -> Arc<[ClaimId]> {
        self.posting_ids(
            ("unit", unit.to_string()),
            "SELECT cid, CASE WHEN count(*) OVER () <= $2 THEN record END
             FROM factcheck.claims WHERE kind = 'f' AND unit = $1 ORDER BY cid",
            vec![Box::new(unit.to_string()), Box::new(SHORT_LIST)],
        )
    }

    fn figures_with_unit_sharing(&self, unit: &str, terms: &[u32]) -> Arc<[ClaimId]> {
        let key = unit_terms_key(unit, terms);
        let terms: Vec<i32> = terms.iter().map(|&t| t as i32).collect();
        self.posting_ids(
            ("unit-terms", key),
            "SELECT cid, CASE WHEN count(*) OVER () <= $3 THEN record END
             FROM factcheck.claims
             WHERE kind = 'f' AND unit = $1 AND terms && $2::int[] ORDER BY cid",
            vec![
                Box::new(unit.to_string()),
                Box::new(terms),
                Box::new(SHORT_LIST),
            ],
        )
    }

    /// Written down when the tables were published (`factcheck.unit_sizes`),
    /// never counted or listed: a common unit has hundreds of thousands of
    /// figures at newsroom scale.
    fn figure_count(&self, unit: &str) -> usize {
        if let Some(n) = self.unit_sizes.get(&unit.to_string()) {
            return n;
        }
        let Some(rows) = self.query(
            "SELECT figures FROM factcheck.unit_sizes WHERE unit = $1",
            vec![Box::new(unit.to_string())],
        ) else {
            return 0;
        };
        let n = rows.first().map_or(0, |r| r.get::<_, i32>(0)) as usize;
        self.unit_sizes.put(unit.to_string(), n);
        n
    }

    /// The claims sharing a probe come with their term ids alone (see
    /// [`unit_pool`]), and only those that can reach the floor are kept.
    /// Each neighbour is one probe of the unit index (the greatest claim
    /// of the unit below, the least above), so the unit is never listed.
    fn figures_near_reaching(
        &self,
        unit: &str,
        terms: &[u32],
        reachable: &dyn Fn(&[u32]) -> bool,
    ) -> Vec<ClaimId> {
        let kept: Vec<ClaimId> = self
            .unit_sharing(unit, terms)
            .iter()
            .filter(|(_, t)| reachable(t))
            .map(|(id, _)| *id)
            .collect();
        self.with_unit_neighbours(unit, &kept)
    }

    fn figures_about(&self, entity: &str) -> Arc<[ClaimId]> {
        self.posting(
            "figure-entity",
            entity,
            "SELECT cid, record FROM factcheck.claims
             WHERE entities @> ARRAY[$1::text] AND kind = 'f' ORDER BY cid",
        )
    }

    fn dates_about(&self, entity: &str) -> Arc<[ClaimId]> {
        self.posting(
            "date-entity",
            entity,
            "SELECT cid, record FROM factcheck.claims
             WHERE entities @> ARRAY[$1::text] AND kind = 'd' ORDER BY cid",
        )
    }

    fn dates_with_word(&self, stem: &str) -> Arc<[ClaimId]> {
        self.posting(
            "date-word",
            stem,
            "SELECT cid, record FROM factcheck.claims
             WHERE words @> ARRAY[$1::text] AND kind = 'd' ORDER BY cid",
        )
    }

    fn role_claims(&self, role: &str) -> Arc<[ClaimId]> {
        self.posting(
            "role",
            role,
            "SELECT cid, record FROM factcheck.claims WHERE kind = 'r' AND role = $1 ORDER BY cid",
        )
    }

    fn roles_of(&self, person: &str) -> Arc<[ClaimId]> {
        self.posting(
            "person",
            &person_key(person),
            "SELECT cid, record FROM factcheck.claims WHERE kind = 'r' AND person_key = $1 ORDER BY cid",
        )
    }

    fn name(&self, name: &str) -> Option<Arc<NameRecord>> {
        if let Some(r) = self.names.get(&name.to_string()) {
            return r;
        }
        let rows = self.query(
            "SELECT record FROM factcheck.names WHERE name = $1",
            vec![Box::new(name.to_string())],
        )?;
        let record = rows
            .first()
            .and_then(|r| self.decode::<NameRecord>("name", r.get(0)))
            .map(Arc::new);
        self.names.put(name.to_string(), record.clone());
        record
    }

    fn people_with_surname(&self, surname: &str) -> Arc<[String]> {
        self.name_parts("s", surname)
    }

    fn people_with_first_name(&self, first: &str) -> Arc<[String]> {
        self.name_parts("f", first)
    }

    fn spelling_articles(&self, spelling: &str) -> Arc<[ArticleId]> {
        if let Some(ids) = self.spellings.get(&spelling.to_string()) {
            return ids;
        }
        let Some(rows) = self.query(
            "SELECT articles FROM factcheck.spellings WHERE spelling = $1",
            vec![Box::new(spelling.to_string())],
        ) else {
            return no_ids();
        };
        let ids: Arc<[ArticleId]> = rows
            .first()
            .map(|r| spelling_ids(r.get(0)))
            .unwrap_or_else(no_ids);
        self.spellings.put(spelling.to_string(), Arc::clone(&ids));
        ids
    }

    fn home_country(&self) -> Option<String> {
        self.state.home_country.clone()
    }

    fn terms(&self) -> &dyn TermTable {
        self
    }

    fn prefetch_draft(&self, text: &str) {
        self.prefetch(text);
    }

    fn failure(&self) -> Option<String> {
        if let Some(f) = self.failure.lock().ok().and_then(|f| f.clone()) {
            return Some(f);
        }
        // A re-index since opening makes every id of this archive stale.
        match self.current_generation() {
            Ok(g) if g == self.state.generation => None,
            Ok(_) => Some(format!(
                "{}: the archive was re-indexed while it was open",
                self.shown()
            )),
            Err(e) => Some(e),
        }
    }
}

/// The cache key of a unit and a list of term ids.
fn unit_terms_key(unit: &str, terms: &[u32]) -> String {
    terms.iter().fold(format!("{unit}\u{1f}"), |mut k, t| {
        k.push_str(&t.to_string());
        k.push(',');
        k
    })
}

/// The article ids of a `factcheck.spellings` row.
fn spelling_ids(ids: Vec<i32>) -> Arc<[ArticleId]> {
    ids.into_iter()
        .map(|i| i as ArticleId)
        .collect::<Vec<_>>()
        .into()
}
