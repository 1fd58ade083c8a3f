//! PostgreSQL for the tests: `FACTCHECK_TEST_PG` names a server the tests may
//! create databases on (a superuser URL; `.ci/run` starts a throwaway cluster
//! and sets it). Without it the PostgreSQL tests say so and skip. Tests that
//! stop a server or need a replica start clusters of their own with
//! `tools/pg-cluster.sh`.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use factcheck::pg::Database;

/// The server URL for tests, or `None` (after saying why) to skip.
pub fn admin_url(test: &str) -> Option<String> {
    match std::env::var("FACTCHECK_TEST_PG") {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            eprintln!("{test}: skipped: FACTCHECK_TEST_PG is not set (see tools/pg-cluster.sh)");
            None
        }
    }
}

/// `url` with its database replaced by `db`.
pub fn with_database(url: &str, db: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let authority_end = base[scheme_end..]
        .find('/')
        .map_or(base.len(), |i| scheme_end + i);
    let mut out = format!("{}/{db}", &base[..authority_end]);
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    out
}

/// Runs SQL on `url` (a test's own statements, not the product's path).
pub fn sql(url: &str, statements: &str) {
    let db = Database::open(url).unwrap_or_else(|e| panic!("{e}"));
    let statements = statements.to_string();
    db.run(|client| async move {
        client
            .batch_execute(&statements)
            .await
            .map_err(|e| factcheck::pg::describe_error(&e))
    })
    .unwrap_or_else(|e| panic!("{e}"));
}

/// The first column of the rows a query returns, as text.
pub fn query_texts(url: &str, query: &str) -> Vec<String> {
    let db = Database::open(url).unwrap_or_else(|e| panic!("{e}"));
    let query = query.to_string();
    db.run(|client| async move {
        let rows = client
            .simple_query(&query)
            .await
            .map_err(|e| factcheck::pg::describe_error(&e))?;
        Ok(rows
            .into_iter()
            .filter_map(|m| match m {
                tokio_postgres::SimpleQueryMessage::Row(r) => {
                    Some(r.get(0).unwrap_or("").to_string())
                }
                _ => None,
            })
            .collect())
    })
    .unwrap_or_else(|e| panic!("{e}"))
}

/// A new, empty database on the test server for one test; returns its URL.
pub fn fresh_database(admin: &str, tag: &str) -> String {
    let name = format!("fc_{tag}_{}", std::process::id());
    sql(
        admin,
        &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
    );
    sql(admin, &format!("CREATE DATABASE {name}"));
    with_database(admin, &name)
}

/// A throwaway cluster of the test's own, stopped when dropped.
pub struct Cluster {
    pub dir: PathBuf,
    pub url: String,
    _temp: Option<tempfile::TempDir>,
}

fn cluster_script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tools/pg-cluster.sh")
}

fn run_script(args: &[&str]) -> String {
    run_script_with(args, &[])
}

fn run_script_with(args: &[&str], env: &[(&str, &str)]) -> String {
    let out = Command::new("bash")
        .arg(cluster_script())
        .args(args)
        .envs(env.iter().copied())
        .output()
        .expect("bash runs");
    assert!(
        out.status.success(),
        "pg-cluster.sh {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .lines()
        .last()
        .unwrap_or("")
        .to_string()
}

impl Cluster {
    /// initdb and start a new cluster in a temporary directory.
    pub fn start() -> Cluster {
        let temp = tempfile::tempdir().unwrap();
        let dir = temp.path().join("primary");
        let url = run_script(&["start", dir.to_str().unwrap()]);
        Cluster {
            dir,
            url,
            _temp: Some(temp),
        }
    }

    /// Like [`Cluster::start`], with a server certificate signed by a
    /// throwaway authority (`dir/root.crt`) and unencrypted TCP refused.
    pub fn start_tls() -> Cluster {
        let temp = tempfile::tempdir().unwrap();
        let dir = temp.path().join("primary");
        let url = run_script_with(
            &["start", dir.to_str().unwrap()],
            &[("FACTCHECK_PG_TLS", "1")],
        );
        Cluster {
            dir,
            url,
            _temp: Some(temp),
        }
    }

    /// A streaming replica of this cluster (`pg_basebackup -R`) on another port.
    pub fn replica(&self) -> Cluster {
        let dir = self.dir.with_file_name("replica");
        let url = run_script(&["replica", self.dir.to_str().unwrap(), dir.to_str().unwrap()]);
        Cluster {
            dir,
            url,
            _temp: None,
        }
    }

    pub fn stop(&self) {
        stop_cluster(&self.dir);
    }

    pub fn restart(&self) {
        restart_cluster(&self.dir);
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = Command::new("bash")
            .arg(cluster_script())
            .args(["stop", self.dir.to_str().unwrap()])
            .output();
    }
}

/// Fast shutdown of the cluster in `dir`.
pub fn stop_cluster(dir: &Path) {
    run_script(&["stop", dir.to_str().unwrap()]);
}

/// Starts the cluster in `dir` again on its port.
pub fn restart_cluster(dir: &Path) {
    run_script(&["restart", dir.to_str().unwrap()]);
}
