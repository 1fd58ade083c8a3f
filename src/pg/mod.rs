//! The archive in PostgreSQL, shared by a newsroom: `factcheck.articles` is the
//! public table a CMS writes; everything else in the `factcheck` schema is
//! derived from it by `factcheck index --index postgresql://…`.
//!
//! [`connect`] resolves a URL the way libpq does (service file, environment,
//! password file); [`migrate`] owns the schema; [`ingest`] loads corpus files
//! into `factcheck.articles`. [`Database`] is a small connection pool on its
//! own Tokio runtime, so that the synchronous pipeline can call it from any
//! thread that is not itself running async code.

pub mod archive;
pub mod connect;
pub mod derive;
pub mod follow;
pub mod ingest;
pub mod listen;
pub mod migrate;
pub mod prefetch;
pub mod tls;

use std::future::Future;
use std::time::Duration;

use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};

pub use connect::{is_pg_url, resolve, Target};

/// A pool of connections to one database, with the runtime that drives them.
pub struct Database {
    /// Always `Some` until dropped (taken to shut down without blocking).
    runtime: Option<tokio::runtime::Runtime>,
    pool: Pool,
    pub target: Target,
}

impl std::fmt::Debug for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Database")
            .field("target", &self.target.shown)
            .finish()
    }
}

impl Database {
    /// Opens a pool for `url` and checks that the server answers.
    pub fn open(url: &str) -> Result<Database, String> {
        let target = resolve(url)?;
        Self::open_target(target)
    }

    /// Opens a pool for a resolved target and checks that the server answers.
    pub fn open_target(target: Target) -> Result<Database, String> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("factcheck-pg")
            .enable_all()
            .build()
            .map_err(|e| format!("cannot start the database runtime: {e}"))?;
        let manager = Manager::from_config(
            target.config.clone(),
            target.tls.connector()?,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = {
            let _guard = runtime.enter();
            Pool::builder(manager)
                .max_size(4)
                .runtime(deadpool_postgres::Runtime::Tokio1)
                .create_timeout(Some(Duration::from_secs(5)))
                .wait_timeout(Some(Duration::from_secs(30)))
                .build()
                .map_err(|e| format!("{}: {e}", target.shown))?
        };
        let db = Database {
            runtime: Some(runtime),
            pool,
            target,
        };
        db.run(|client| async move {
            client
                .simple_query("SELECT 1")
                .await
                .map(|_| ())
                .map_err(|e| describe_error(&e))
        })?;
        Ok(db)
    }

    /// Runs `job` with a pooled connection and waits for it. Errors name the
    /// server. Called from async code (a runtime's thread), it waits on a
    /// scoped thread of its own, since a runtime cannot block on another.
    pub fn run<T, F, Fut>(&self, job: F) -> Result<T, String>
    where
        T: Send,
        F: FnOnce(deadpool_postgres::Object) -> Fut + Send,
        Fut: Future<Output = Result<T, String>>,
    {
        if tokio::runtime::Handle::try_current().is_ok() {
            return std::thread::scope(|scope| {
                scope
                    .spawn(|| self.run_here(job))
                    .join()
                    .unwrap_or_else(|_| {
                        Err(format!("{}: a database job failed", self.target.shown))
                    })
            });
        }
        self.run_here(job)
    }

    fn run_here<T, F, Fut>(&self, job: F) -> Result<T, String>
    where
        F: FnOnce(deadpool_postgres::Object) -> Fut,
        Fut: Future<Output = Result<T, String>>,
    {
        let shown = &self.target.shown;
        self.runtime().block_on(async {
            let client =
                self.pool.get().await.map_err(|e| {
                    format!("cannot connect to {shown}: {}", describe_pool_error(&e))
                })?;
            job(client).await.map_err(|e| format!("{shown}: {e}"))
        })
    }

    /// Brings the schema up to date (the indexer's job).
    pub fn migrate(&self) -> Result<Vec<i32>, String> {
        self.run(|mut client| async move { migrate::migrate(&mut client).await })
    }

    /// Checks that the schema is the one this build knows (the readers' job).
    pub fn verify(&self) -> Result<(), String> {
        self.run(|client| async move { migrate::verify(&**client).await })
    }

    /// The runtime the pool lives on (for LISTEN connections).
    pub fn runtime(&self) -> &tokio::runtime::Runtime {
        self.runtime.as_ref().expect("the runtime lives until drop")
    }
}

/// A database may be dropped anywhere, also in async code (the language
/// server replaces its engine there): shut the runtime down without waiting.
impl Drop for Database {
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

/// One line for a driver error: the server's own message where there is one.
pub fn describe_error(e: &tokio_postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => format!("{}: {}", db.severity(), db.message()),
        None => {
            let mut text = e.to_string();
            let mut source = std::error::Error::source(e);
            while let Some(s) = source {
                text = format!("{text}: {s}");
                source = s.source();
            }
            text
        }
    }
}

fn describe_pool_error(e: &deadpool_postgres::PoolError) -> String {
    match e {
        deadpool_postgres::PoolError::Backend(b) => describe_error(b),
        other => other.to_string(),
    }
}
