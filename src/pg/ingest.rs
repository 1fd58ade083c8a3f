//! Loading corpus files into `factcheck.articles`, incrementally: a file's
//! row is sent only when its content hash differs from the row's
//! (`factcheck.row_hash`, mirrored by [`row_hash`]), and rows loaded earlier
//! from files that are gone are deleted. Rows go in batches through
//! `unnest` (one statement per batch, not per article). Rows a CMS wrote are
//! never touched: only rows listed in `factcheck.article_files` are the
//! loader's.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::{describe_error, Database};
use crate::corpus::{load_corpus, Article, LoadError};
use crate::text::Lang;

/// Rows per batch, and bytes of text per batch.
const BATCH_ROWS: usize = 1000;
const BATCH_BYTES: usize = 8 << 20;

/// What a load did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct IngestReport {
    /// Articles found in the files.
    pub read: usize,
    /// Rows written because they were new or changed.
    pub written: usize,
    /// Rows deleted because their file is gone.
    pub deleted: usize,
    /// Bytes of article text written.
    pub bytes: usize,
}

/// One article as a row of `factcheck.articles` plus where it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct ArticleRow {
    pub id: String,
    pub title: Option<String>,
    pub date: Option<jiff::civil::Date>,
    pub lang: Option<String>,
    pub url: Option<String>,
    pub text: String,
    pub path: String,
    pub jsonl_line: Option<i32>,
    pub markdown: bool,
    pub source: Option<String>,
}

fn lang_code(lang: Lang) -> &'static str {
    match lang {
        Lang::De => "de",
        Lang::En => "en",
    }
}

/// The day number `factcheck.row_hash` hashes a date as (days since 2000-01-01).
fn day_number(date: jiff::civil::Date) -> i64 {
    let epoch = jiff::civil::date(2000, 1, 1);
    date.duration_since(epoch).as_secs().div_euclid(86_400)
}

/// The content hash of a row, as `factcheck.row_hash` computes it.
pub fn row_hash(
    title: Option<&str>,
    date: Option<jiff::civil::Date>,
    lang: Option<&str>,
    url: Option<&str>,
    text: &str,
) -> Vec<u8> {
    const NULL: &str = "\u{1}";
    const SEP: &str = "\u{1f}";
    let mut h = Sha256::new();
    h.update(title.unwrap_or(NULL));
    h.update(SEP);
    match date {
        Some(d) => h.update(day_number(d).to_string()),
        None => h.update(NULL),
    }
    h.update(SEP);
    h.update(lang.unwrap_or(NULL));
    h.update(SEP);
    h.update(url.unwrap_or(NULL));
    h.update(SEP);
    h.update(text);
    h.finalize().to_vec()
}

/// The id of an article read from `path` under the corpus root `root`: the
/// path from the root's parent (`bbc/2024-01-02-x.md`), so that it is the
/// same from any working directory; `:LINE` for a `.jsonl` line.
pub fn article_id(root: &Path, article: &Article) -> String {
    let base = root.parent().unwrap_or(Path::new(""));
    let rel = article
        .path
        .strip_prefix(base)
        .unwrap_or(&article.path)
        .to_string_lossy()
        .replace('\\', "/");
    match article.jsonl_line {
        Some(line) => format!("{rel}:{line}"),
        None => rel,
    }
}

/// Reads the corpus under `roots` into rows (and the problems met).
pub fn read_rows(roots: &[PathBuf]) -> (Vec<ArticleRow>, Vec<LoadError>) {
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let mut seen = HashSet::new();
    for root in roots {
        let (articles, mut errs) = load_corpus(std::slice::from_ref(root), &|_, _| {});
        errors.append(&mut errs);
        for a in articles {
            if a.text.contains('\0') {
                errors.push(LoadError {
                    path: a.path.clone(),
                    line: a.jsonl_line,
                    message: "contains a NUL character, which PostgreSQL text cannot hold; skipped"
                        .into(),
                });
                continue;
            }
            let id = article_id(root, &a);
            if !seen.insert(id.clone()) {
                continue;
            }
            rows.push(ArticleRow {
                id,
                title: a.title,
                date: a.date,
                lang: a.lang.map(|l| lang_code(l).to_string()),
                url: a.url,
                text: a.text,
                path: a.path.to_string_lossy().into_owned(),
                jsonl_line: a.jsonl_line.map(|l| l as i32),
                markdown: a.markdown,
                source: a.source,
            });
        }
    }
    (rows, errors)
}

/// The id prefixes that rows loaded from `roots` have: only rows under them
/// may be deleted as gone.
fn root_prefixes(roots: &[PathBuf]) -> Vec<String> {
    roots
        .iter()
        .filter_map(|r| r.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect()
}

fn under_roots(id: &str, prefixes: &[String]) -> bool {
    prefixes.iter().any(|p| {
        id.strip_prefix(p.as_str())
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/') || rest.starts_with(':'))
    })
}

/// Loads the files under `roots` into `factcheck.articles`.
pub fn load_files(
    db: &Database,
    roots: &[PathBuf],
) -> Result<(IngestReport, Vec<LoadError>), String> {
    let (rows, errors) = read_rows(roots);
    let report = db.run(|mut client| async move { write_rows(&mut client, rows, roots).await })?;
    Ok((report, errors))
}

/// What the database holds for a row: its content hash, and where the
/// loader got it (path, `.jsonl` line, Markdown, source).
type StoredRow = (
    Vec<u8>,
    Option<String>,
    Option<i32>,
    Option<bool>,
    Option<String>,
);

/// Writes new and changed rows and deletes rows of files that are gone, in
/// one transaction.
pub async fn write_rows(
    client: &mut tokio_postgres::Client,
    rows: Vec<ArticleRow>,
    roots: &[PathBuf],
) -> Result<IngestReport, String> {
    let err = |e: tokio_postgres::Error| describe_error(&e);
    let tx = client.transaction().await.map_err(err)?;
    // What the database has now: hashes of our ids, and the file rows.
    let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
    let existing: HashMap<String, StoredRow> = tx
        .query(
            "SELECT a.id, factcheck.row_hash(a.title, a.date, a.lang, a.url, a.text),
                    f.path, f.jsonl_line, f.markdown, f.source
             FROM factcheck.articles a LEFT JOIN factcheck.article_files f USING (id)
             WHERE a.id = ANY($1)",
            &[&ids],
        )
        .await
        .map_err(err)?
        .into_iter()
        .map(|r| (r.get(0), (r.get(1), r.get(2), r.get(3), r.get(4), r.get(5))))
        .collect();
    let mut report = IngestReport {
        read: rows.len(),
        ..Default::default()
    };
    let changed: Vec<&ArticleRow> = rows
        .iter()
        .filter(|r| {
            let hash = row_hash(
                r.title.as_deref(),
                r.date,
                r.lang.as_deref(),
                r.url.as_deref(),
                &r.text,
            );
            existing
                .get(&r.id)
                .is_none_or(|(h, path, line, md, source)| {
                    *h != hash
                        || path.as_deref() != Some(r.path.as_str())
                        || *line != r.jsonl_line
                        || *md != Some(r.markdown)
                        || *source != r.source
                })
        })
        .collect();
    let mut start = 0;
    while start < changed.len() {
        let mut end = start;
        let mut bytes = 0;
        while end < changed.len()
            && end - start < BATCH_ROWS
            && (bytes < BATCH_BYTES || end == start)
        {
            bytes += changed[end].text.len();
            end += 1;
        }
        let batch = &changed[start..end];
        let col =
            |f: fn(&ArticleRow) -> Option<String>| batch.iter().map(|r| f(r)).collect::<Vec<_>>();
        let ids: Vec<&str> = batch.iter().map(|r| r.id.as_str()).collect();
        let titles = col(|r| r.title.clone());
        let dates = col(|r| r.date.map(|d| d.to_string()));
        let langs = col(|r| r.lang.clone());
        let urls = col(|r| r.url.clone());
        let texts: Vec<&str> = batch.iter().map(|r| r.text.as_str()).collect();
        tx.execute(
            "INSERT INTO factcheck.articles (id, title, date, lang, url, text)
             SELECT id, title, date::date, lang, url, text
             FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
                  AS t(id, title, date, lang, url, text)
             ON CONFLICT (id) DO UPDATE SET title = excluded.title, date = excluded.date,
                 lang = excluded.lang, url = excluded.url, text = excluded.text",
            &[&ids, &titles, &dates, &langs, &urls, &texts],
        )
        .await
        .map_err(err)?;
        let paths: Vec<&str> = batch.iter().map(|r| r.path.as_str()).collect();
        let lines: Vec<Option<i32>> = batch.iter().map(|r| r.jsonl_line).collect();
        let markdown: Vec<bool> = batch.iter().map(|r| r.markdown).collect();
        let sources = col(|r| r.source.clone());
        tx.execute(
            "INSERT INTO factcheck.article_files (id, path, jsonl_line, markdown, source)
             SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::bool[], $5::text[])
             ON CONFLICT (id) DO UPDATE SET path = excluded.path, jsonl_line = excluded.jsonl_line,
                 markdown = excluded.markdown, source = excluded.source",
            &[&ids, &paths, &lines, &markdown, &sources],
        )
        .await
        .map_err(err)?;
        report.written += batch.len();
        report.bytes += bytes;
        start = end;
    }
    // Rows this loader wrote earlier under these roots whose files are gone.
    let prefixes = root_prefixes(roots);
    let present: HashSet<&str> = rows.iter().map(|r| r.id.as_str()).collect();
    let gone: Vec<String> = tx
        .query("SELECT id FROM factcheck.article_files", &[])
        .await
        .map_err(err)?
        .into_iter()
        .map(|r| r.get::<_, String>(0))
        .filter(|id| under_roots(id, &prefixes) && !present.contains(id.as_str()))
        .collect();
    if !gone.is_empty() {
        report.deleted = tx
            .execute(
                "DELETE FROM factcheck.articles WHERE id = ANY($1)",
                &[&gone],
            )
            .await
            .map_err(err)? as usize;
    }
    tx.commit().await.map_err(err)?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_relative_to_the_corpus_roots_parent() {
        let article = |path: &str, line: Option<usize>| Article {
            path: PathBuf::from(path),
            jsonl_line: line,
            id: None,
            title: None,
            date: None,
            url: None,
            source: None,
            lang: None,
            text: String::new(),
            markdown: true,
        };
        let root = Path::new("../shared/corpus/bbc");
        assert_eq!(
            article_id(root, &article("../shared/corpus/bbc/2024/a.md", None)),
            "bbc/2024/a.md"
        );
        assert_eq!(
            article_id(Path::new("feed.jsonl"), &article("feed.jsonl", Some(7))),
            "feed.jsonl:7"
        );
        let prefixes = root_prefixes(&[root.to_path_buf()]);
        assert!(under_roots("bbc/2024/a.md", &prefixes));
        assert!(!under_roots("bbcnews/a.md", &prefixes));
        assert!(!under_roots("cms-4711", &prefixes));
    }

    #[test]
    fn row_hash_changes_with_every_field_and_tells_null_from_empty() {
        let d = jiff::civil::date(2024, 11, 4);
        let base = row_hash(Some("T"), Some(d), Some("de"), None, "Text");
        assert_ne!(base, row_hash(Some(""), Some(d), Some("de"), None, "Text"));
        assert_ne!(base, row_hash(None, Some(d), Some("de"), None, "Text"));
        assert_ne!(base, row_hash(Some("T"), None, Some("de"), None, "Text"));
        assert_ne!(base, row_hash(Some("T"), Some(d), Some("en"), None, "Text"));
        assert_ne!(
            base,
            row_hash(Some("T"), Some(d), Some("de"), Some(""), "Text")
        );
        assert_ne!(
            base,
            row_hash(Some("T"), Some(d), Some("de"), None, "Text.")
        );
        assert_eq!(base, row_hash(Some("T"), Some(d), Some("de"), None, "Text"));
        assert_eq!(day_number(jiff::civil::date(2000, 1, 2)), 1);
        assert_eq!(day_number(jiff::civil::date(1999, 12, 31)), -1);
    }
}
