//! Bringing the derived tables up to date with `factcheck.articles`
//! (`factcheck index --index URL`), in two steps:
//!
//! 1. **Readings.** Each article row whose content hash differs from the one
//!    its reading was made from (or that has none, or was read by another
//!    extractor) is read again, in parallel, in batches; readings of deleted
//!    rows are dropped. Unchanged articles are never re-read.
//! 2. **Publishing.** When anything changed, the tables the checks query
//!    (claims with their lookup keys, names, name parts, spellings, terms,
//!    articles with their text snapshot) are derived from all readings with
//!    the same [`Tables::derive`] the other backends use, and replace the
//!    previous ones in one transaction that also bumps
//!    `factcheck.index_state.generation` and notifies `factcheck_index`.
//!
//! Records are MessagePack (`rmp-serde`) in `bytea` columns: the lookup keys
//! are real columns with btree and GIN indexes; the record is what a check
//! decodes.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;
use tokio_postgres::Transaction;

use super::{describe_error, Database};
use crate::claims::ClaimValue;
use crate::corpus::archive::ArticleMeta;
use crate::corpus::index::{person_key, read_article, ArticleReading, Tables};
use crate::corpus::Article;
use crate::text::Lang;

/// What extraction makes of an article depends on this build (lexicons,
/// rules, code): readings made by another build are read again.
pub const EXTRACTOR: &str = env!("FACTCHECK_EXTRACTOR");

/// Articles read per batch.
const BATCH: usize = 256;

/// What an update did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct DeriveReport {
    pub articles: usize,
    /// Articles read again (new or changed).
    pub read: usize,
    /// Readings dropped because their article is gone.
    pub dropped: usize,
    /// Whether the published tables were rebuilt.
    pub published: bool,
    /// Bytes of article text read.
    pub bytes: usize,
}

fn err(e: tokio_postgres::Error) -> String {
    describe_error(&e)
}

fn encode<T: serde::Serialize>(value: &T) -> Result<Vec<u8>, String> {
    rmp_serde::to_vec(value).map_err(|e| format!("cannot encode a record: {e}"))
}

/// An article row of `factcheck.articles` (with where the loader got it) as
/// the pipeline's [`Article`].
#[allow(clippy::too_many_arguments)]
pub fn article_from_row(
    id: &str,
    title: Option<String>,
    date: Option<String>,
    lang: Option<String>,
    url: Option<String>,
    text: String,
    path: Option<String>,
    jsonl_line: Option<i32>,
    markdown: Option<bool>,
    source: Option<String>,
) -> Article {
    Article {
        path: PathBuf::from(path.unwrap_or_else(|| id.to_string())),
        jsonl_line: jsonl_line.map(|l| l as usize),
        id: Some(id.to_string()),
        title,
        date: date.and_then(|d| crate::corpus::article::parse_iso_date(&d)),
        url,
        source,
        lang: lang.as_deref().and_then(Lang::parse),
        text,
        // Rows a CMS wrote are read as Markdown (plain text reads the same).
        markdown: markdown.unwrap_or(true),
    }
}

/// Brings readings and published tables up to date with the articles.
pub fn update(
    db: &Database,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<DeriveReport, String> {
    db.run(|mut client| async move {
        // Which rows need reading, and which readings are orphans.
        let rows = client
            .query(
                "SELECT a.id, r.article IS NOT NULL AND r.extractor = $1
                        AND r.row_hash = factcheck.row_hash(a.title, a.date, a.lang, a.url, a.text)
                 FROM factcheck.articles a LEFT JOIN factcheck.readings r ON r.article = a.id",
                &[&EXTRACTOR],
            )
            .await
            .map_err(err)?;
        let stale: Vec<String> = rows
            .iter()
            .filter(|r| !r.get::<_, bool>(1))
            .map(|r| r.get(0))
            .collect();
        let mut report = DeriveReport {
            articles: rows.len(),
            ..Default::default()
        };
        let total = stale.len();
        for batch in stale.chunks(BATCH) {
            let fetched = client
                .query(
                    "SELECT a.id, a.title, a.date::text, a.lang, a.url, a.text,
                            f.path, f.jsonl_line, f.markdown, f.source,
                            factcheck.row_hash(a.title, a.date, a.lang, a.url, a.text)
                     FROM factcheck.articles a LEFT JOIN factcheck.article_files f USING (id)
                     WHERE a.id = ANY($1)",
                    &[&batch],
                )
                .await
                .map_err(err)?;
            let inputs: Vec<(String, Vec<u8>, Article)> = fetched
                .into_iter()
                .map(|r| {
                    let id: String = r.get(0);
                    let article = article_from_row(
                        &id,
                        r.get(1),
                        r.get(2),
                        r.get(3),
                        r.get(4),
                        r.get(5),
                        r.get(6),
                        r.get(7),
                        r.get(8),
                        r.get(9),
                    );
                    (id, r.get(10), article)
                })
                .collect();
            // Extraction is CPU work: off the runtime's thread, in parallel.
            let encoded: Vec<Result<_, String>> = tokio::task::block_in_place(|| {
                inputs
                    .into_par_iter()
                    .map(|(id, hash, article)| {
                        let reading = read_article(&article);
                        let meta = ArticleMeta {
                            path: article.path.clone(),
                            jsonl_line: article.jsonl_line,
                            title: article.title.clone(),
                            date: article.date,
                            url: article.url.clone(),
                            source: article.source.clone(),
                            lang: reading.lang,
                        };
                        let canonical = std::fs::canonicalize(&article.path)
                            .ok()
                            .map(|p| p.to_string_lossy().into_owned());
                        Ok((id, hash, encode(&meta)?, encode(&reading)?, article.text, canonical))
                    })
                    .collect()
            });
            let encoded: Vec<_> = encoded.into_iter().collect::<Result<_, _>>()?;
            let ids: Vec<&str> = encoded.iter().map(|e| e.0.as_str()).collect();
            let hashes: Vec<&[u8]> = encoded.iter().map(|e| e.1.as_slice()).collect();
            let metas: Vec<&[u8]> = encoded.iter().map(|e| e.2.as_slice()).collect();
            let readings: Vec<&[u8]> = encoded.iter().map(|e| e.3.as_slice()).collect();
            let texts: Vec<&str> = encoded.iter().map(|e| e.4.as_str()).collect();
            let paths: Vec<Option<&str>> = encoded.iter().map(|e| e.5.as_deref()).collect();
            client
                .execute(
                    "INSERT INTO factcheck.readings (article, row_hash, extractor, meta, reading, text, canonical_path)
                     SELECT a, h, $3, m, r, t, p
                     FROM unnest($1::text[], $2::bytea[], $4::bytea[], $5::bytea[], $6::text[], $7::text[])
                          AS u(a, h, m, r, t, p)
                     ON CONFLICT (article) DO UPDATE SET row_hash = excluded.row_hash,
                         extractor = excluded.extractor, meta = excluded.meta,
                         reading = excluded.reading, text = excluded.text,
                         canonical_path = excluded.canonical_path",
                    &[&ids, &hashes, &EXTRACTOR, &metas, &readings, &texts, &paths],
                )
                .await
                .map_err(err)?;
            report.read += encoded.len();
            report.bytes += texts.iter().map(|t| t.len()).sum::<usize>();
            progress(report.read, total);
        }
        report.dropped = client
            .execute(
                "DELETE FROM factcheck.readings r
                 WHERE NOT EXISTS (SELECT 1 FROM factcheck.articles a WHERE a.id = r.article)",
                &[],
            )
            .await
            .map_err(err)? as usize;
        let state = client
            .query_opt("SELECT extractor FROM factcheck.index_state", &[])
            .await
            .map_err(err)?;
        let current = state.is_some_and(|s| s.get::<_, String>(0) == EXTRACTOR);
        if report.read > 0 || report.dropped > 0 || !current {
            let tx = client.transaction().await.map_err(err)?;
            publish(&tx).await?;
            tx.commit().await.map_err(err)?;
            report.published = true;
            // The tables were emptied and filled again: without fresh
            // statistics and visibility maps the planner guesses, and the
            // first checks after a large load ran slower by a fifth.
            client
                .batch_execute(&format!(
                    "VACUUM (ANALYZE) {}",
                    PUBLISHED
                        .iter()
                        .map(|t| format!("factcheck.{t}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
                .await
                .map_err(err)?;
        }
        Ok(report)
    })
}

/// The sort key that gives articles the order the file loader gives them
/// (paths in `Path` order, then `.jsonl` line), so that ties between claims
/// break alike in every backend.
fn article_order(meta: &ArticleMeta) -> (PathBuf, Option<usize>) {
    (meta.path.clone(), meta.jsonl_line)
}

/// The tables [`publish`] replaces.
const PUBLISHED: [&str; 7] = [
    "index_articles",
    "claims",
    "names",
    "name_parts",
    "spellings",
    "terms",
    "unit_sizes",
];

/// Derives the published tables from every reading and replaces the old ones.
async fn publish(tx: &Transaction<'_>) -> Result<(), String> {
    // One indexer at a time.
    tx.execute("LOCK TABLE factcheck.index_state IN EXCLUSIVE MODE", &[])
        .await
        .map_err(err)?;
    let rows = tx
        .query(
            "SELECT article, meta, reading, text, canonical_path FROM factcheck.readings",
            &[],
        )
        .await
        .map_err(err)?;
    type Entry = (
        String,
        Arc<ArticleMeta>,
        Arc<ArticleReading>,
        String,
        Option<String>,
    );
    let mut entries: Vec<Entry> = tokio::task::block_in_place(|| {
        rows.par_iter()
            .map(|r| {
                let id: String = r.get(0);
                let meta: ArticleMeta = rmp_serde::from_slice(r.get(1))
                    .map_err(|e| format!("reading of {id}: bad metadata record: {e}"))?;
                let reading: ArticleReading = rmp_serde::from_slice(r.get(2))
                    .map_err(|e| format!("reading of {id}: bad record: {e}"))?;
                Ok((id, Arc::new(meta), Arc::new(reading), r.get(3), r.get(4)))
            })
            .collect::<Result<Vec<_>, String>>()
    })?;
    drop(rows);
    entries.sort_by(|a, b| {
        article_order(&a.1)
            .cmp(&article_order(&b.1))
            .then(a.0.cmp(&b.0))
    });
    let pairs: Vec<(Arc<ArticleMeta>, Arc<ArticleReading>)> = entries
        .iter()
        .map(|e| (Arc::clone(&e.1), Arc::clone(&e.2)))
        .collect();
    let tables = tokio::task::block_in_place(|| Tables::derive(&pairs));
    for table in PUBLISHED {
        tx.execute(&format!("DELETE FROM factcheck.{table}"), &[])
            .await
            .map_err(err)?;
    }
    // Articles.
    for (start, chunk) in entries
        .chunks(BATCH)
        .enumerate()
        .map(|(i, c)| (i * BATCH, c))
    {
        let aids: Vec<i32> = (start..start + chunk.len()).map(|i| i as i32).collect();
        let ids: Vec<&str> = chunk.iter().map(|e| e.0.as_str()).collect();
        let paths: Vec<Option<&str>> = chunk.iter().map(|e| e.4.as_deref()).collect();
        let metas = chunk
            .iter()
            .map(|e| encode(&*e.1))
            .collect::<Result<Vec<_>, _>>()?;
        let layouts = chunk
            .iter()
            .map(|e| encode(&(&e.2.sentences, &e.2.lines)))
            .collect::<Result<Vec<_>, _>>()?;
        let texts: Vec<&str> = chunk.iter().map(|e| e.3.as_str()).collect();
        tx.execute(
            "INSERT INTO factcheck.index_articles (aid, article, canonical_path, meta, layout, text)
             SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::bytea[], $5::bytea[], $6::text[])",
            &[&aids, &ids, &paths, &metas, &layouts, &texts],
        )
        .await
        .map_err(err)?;
    }
    // Claims with their lookup keys.
    let claims = &tables.claims;
    for (start, chunk) in claims.chunks(2048).enumerate().map(|(i, c)| (i * 2048, c)) {
        let mut cids = Vec::with_capacity(chunk.len());
        let mut aids = Vec::with_capacity(chunk.len());
        let mut kinds = Vec::with_capacity(chunk.len());
        let mut units = Vec::with_capacity(chunk.len());
        let mut roles = Vec::with_capacity(chunk.len());
        let mut persons = Vec::with_capacity(chunk.len());
        let mut entities = Vec::with_capacity(chunk.len());
        let mut words = Vec::with_capacity(chunk.len());
        let mut records = Vec::with_capacity(chunk.len());
        let mut terms = Vec::with_capacity(chunk.len());
        for (i, c) in chunk.iter().enumerate() {
            cids.push((start + i) as i32);
            aids.push(c.article as i32);
            let (kind, unit, role, person) = match &c.claim.value {
                ClaimValue::Figure(f) => ("f", Some(f.unit.clone()), None, None),
                ClaimValue::Date { .. } => ("d", None, None, None),
                ClaimValue::Role(r) => {
                    ("r", None, Some(r.role.clone()), Some(person_key(&r.person)))
                }
            };
            kinds.push(kind);
            units.push(unit);
            roles.push(role);
            persons.push(person);
            // Arrays of arrays must be rectangular in PostgreSQL: send each
            // list as one text with unit separators, split on the server.
            entities.push(
                c.claim
                    .subject
                    .entities
                    .iter()
                    .map(String::as_str)
                    .collect::<Vec<_>>()
                    .join("\u{1f}"),
            );
            let local: Vec<&str> = match &c.claim.value {
                ClaimValue::Date { .. } => {
                    c.claim.subject.local.iter().map(String::as_str).collect()
                }
                _ => Vec::new(),
            };
            words.push(local.join("\u{1f}"));
            // Figures only (the lookup by unit and term); ids joined like
            // the lists above.
            terms.push(match &c.claim.value {
                ClaimValue::Figure(_) => c
                    .terms
                    .terms
                    .iter()
                    .map(|(t, _)| t.to_string())
                    .collect::<Vec<_>>()
                    .join(","),
                _ => String::new(),
            });
            records.push(encode(&**c)?);
        }
        tx.execute(
            "INSERT INTO factcheck.claims (cid, aid, kind, unit, role, person_key, entities, words, record, terms)
             SELECT c, a, k::\"char\", u, r, p,
                    CASE WHEN e = '' THEN '{}'::text[] ELSE string_to_array(e, E'\\x1f') END,
                    CASE WHEN w = '' THEN '{}'::text[] ELSE string_to_array(w, E'\\x1f') END,
                    rec,
                    CASE WHEN tm = '' THEN '{}'::int[] ELSE string_to_array(tm, ',')::int[] END
             FROM unnest($1::int[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[],
                         $7::text[], $8::text[], $9::bytea[], $10::text[])
                  AS t(c, a, k, u, r, p, e, w, rec, tm)",
            &[&cids, &aids, &kinds, &units, &roles, &persons, &entities, &words, &records, &terms],
        )
        .await
        .map_err(err)?;
    }
    // Names.
    let names: Vec<(&String, _)> = tables.names.iter().collect();
    for chunk in names.chunks(2048) {
        let keys: Vec<&str> = chunk.iter().map(|(n, _)| n.as_str()).collect();
        let person: Vec<bool> = chunk
            .iter()
            .map(|(_, r)| r.kind == crate::extract::NameKind::Person)
            .collect();
        let counts: Vec<i32> = chunk
            .iter()
            .map(|(_, r)| {
                r.mentions
                    .iter()
                    .map(|m| m.article)
                    .collect::<HashSet<_>>()
                    .len() as i32
            })
            .collect();
        let records = chunk
            .iter()
            .map(|(_, r)| encode(&***r))
            .collect::<Result<Vec<_>, _>>()?;
        tx.execute(
            "INSERT INTO factcheck.names (name, person, articles, record)
             SELECT * FROM unnest($1::text[], $2::bool[], $3::int[], $4::bytea[])",
            &[&keys, &person, &counts, &records],
        )
        .await
        .map_err(err)?;
    }
    // Name parts: surnames and first names.
    for (kind, lists) in [("s", &tables.surnames), ("f", &tables.first_names)] {
        let entries: Vec<(&String, &Arc<[String]>)> = lists.iter().collect();
        for chunk in entries.chunks(2048) {
            let parts: Vec<&str> = chunk.iter().map(|(p, _)| p.as_str()).collect();
            let joined: Vec<String> = chunk.iter().map(|(_, n)| n.join("\u{1f}")).collect();
            tx.execute(
                "INSERT INTO factcheck.name_parts (part_kind, part, names)
                 SELECT $1::text::\"char\", p, string_to_array(n, E'\\x1f')
                 FROM unnest($2::text[], $3::text[]) AS t(p, n)",
                &[&kind, &parts, &joined],
            )
            .await
            .map_err(err)?;
        }
    }
    // Spellings.
    let spellings: Vec<(&String, &Arc<[u32]>)> = tables.spellings.iter().collect();
    for chunk in spellings.chunks(2048) {
        let keys: Vec<&str> = chunk.iter().map(|(s, _)| s.as_str()).collect();
        let lists: Vec<String> = chunk
            .iter()
            .map(|(_, ids)| ids.iter().map(u32::to_string).collect::<Vec<_>>().join(","))
            .collect();
        tx.execute(
            "INSERT INTO factcheck.spellings (spelling, articles)
             SELECT s, string_to_array(a, ',')::int[] FROM unnest($1::text[], $2::text[]) AS t(s, a)",
            &[&keys, &lists],
        )
        .await
        .map_err(err)?;
    }
    // Term statistics.
    let terms: Vec<(&str, u32, u32)> = tables.terms.entries().collect();
    for chunk in terms.chunks(8192) {
        let keys: Vec<&str> = chunk.iter().map(|t| t.0).collect();
        let tids: Vec<i32> = chunk.iter().map(|t| t.1 as i32).collect();
        let dfs: Vec<i32> = chunk.iter().map(|t| t.2 as i32).collect();
        tx.execute(
            "INSERT INTO factcheck.terms (term, tid, df) SELECT * FROM unnest($1::text[], $2::int[], $3::int[])",
            &[&keys, &tids, &dfs],
        )
        .await
        .map_err(err)?;
    }
    // Unit sizes.
    let sizes: Vec<(&str, i32)> = tables
        .figures_by_unit
        .iter()
        .map(|(unit, ids)| (unit.as_str(), ids.len() as i32))
        .collect();
    for chunk in sizes.chunks(8192) {
        let units: Vec<&str> = chunk.iter().map(|s| s.0).collect();
        let figures: Vec<i32> = chunk.iter().map(|s| s.1).collect();
        tx.execute(
            "INSERT INTO factcheck.unit_sizes (unit, figures) SELECT * FROM unnest($1::text[], $2::int[])",
            &[&units, &figures],
        )
        .await
        .map_err(err)?;
    }
    let documents = crate::corpus::features::TermTable::documents(&tables.terms) as i32;
    tx.execute(
        "INSERT INTO factcheck.index_state
             (singleton, generation, extractor, articles, dated, home_country, term_documents, built_at)
         VALUES (true, 1, $1, $2, $3, $4, $5, now())
         ON CONFLICT (singleton) DO UPDATE SET generation = factcheck.index_state.generation + 1,
             extractor = excluded.extractor, articles = excluded.articles, dated = excluded.dated,
             home_country = excluded.home_country, term_documents = excluded.term_documents,
             built_at = excluded.built_at",
        &[&EXTRACTOR, &(entries.len() as i32), &tables.dated, &tables.home_country, &documents],
    )
    .await
    .map_err(err)?;
    tx.execute("NOTIFY factcheck_index", &[])
        .await
        .map_err(err)?;
    Ok(())
}
