//! The schema and its versioned migrations: numbered SQL files compiled in,
//! applied in order in one transaction under an advisory lock, each recorded
//! in `factcheck.schema_version`. `factcheck index` migrates; the readers
//! (`check`, `extract`, `lsp`) only verify that the database is at the
//! version they know.

use tokio_postgres::GenericClient;

/// The migrations, in order: (version, name, SQL).
pub const MIGRATIONS: &[(i32, &str, &str)] = &[
    (1, "articles", include_str!("migrations/0001_articles.sql")),
    (2, "derived", include_str!("migrations/0002_derived.sql")),
    (
        3,
        "figure terms",
        include_str!("migrations/0003_figure_terms.sql"),
    ),
    (
        4,
        "unit sizes",
        include_str!("migrations/0004_unit_sizes.sql"),
    ),
];

/// The schema version this build reads and writes.
pub fn current_version() -> i32 {
    MIGRATIONS.last().map_or(0, |m| m.0)
}

/// An arbitrary key for the advisory lock that serialises migrations.
const MIGRATION_LOCK: i64 = 0x6661_6374_6368_6b31;

/// Grants for the two group roles, re-applied after every migration so that
/// new tables are covered. Roles that do not exist are skipped.
const GRANTS: &str = r#"
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'factcheck_reader') THEN
        GRANT USAGE ON SCHEMA factcheck TO factcheck_reader;
        GRANT SELECT ON ALL TABLES IN SCHEMA factcheck TO factcheck_reader;
        GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA factcheck TO factcheck_reader;
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'factcheck_indexer') THEN
        GRANT USAGE, CREATE ON SCHEMA factcheck TO factcheck_indexer;
        GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA factcheck TO factcheck_indexer;
        GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA factcheck TO factcheck_indexer;
        GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA factcheck TO factcheck_indexer;
    END IF;
END
$$;
"#;

/// Brings the schema up to [`current_version`]; returns the versions applied.
pub async fn migrate(client: &mut tokio_postgres::Client) -> Result<Vec<i32>, String> {
    let tx = client
        .transaction()
        .await
        .map_err(|e| super::describe_error(&e))?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
        .await
        .map_err(|e| super::describe_error(&e))?;
    tx.batch_execute(
        "CREATE SCHEMA IF NOT EXISTS factcheck;
         CREATE TABLE IF NOT EXISTS factcheck.schema_version (
             version    integer PRIMARY KEY,
             name       text NOT NULL,
             applied_at timestamptz NOT NULL DEFAULT now()
         );",
    )
    .await
    .map_err(|e| super::describe_error(&e))?;
    let found = installed_version(&tx).await?.unwrap_or(0);
    if found > current_version() {
        return Err(newer_schema(found));
    }
    let mut applied = Vec::new();
    for (version, name, sql) in MIGRATIONS.iter().filter(|m| m.0 > found) {
        tx.batch_execute(sql).await.map_err(|e| {
            format!(
                "migration {version} ({name}): {}",
                super::describe_error(&e)
            )
        })?;
        tx.execute(
            "INSERT INTO factcheck.schema_version (version, name) VALUES ($1, $2)",
            &[version, name],
        )
        .await
        .map_err(|e| super::describe_error(&e))?;
        applied.push(*version);
    }
    tx.batch_execute(GRANTS).await.map_err(|e| {
        format!(
            "granting the factcheck roles: {}",
            super::describe_error(&e)
        )
    })?;
    tx.commit().await.map_err(|e| super::describe_error(&e))?;
    Ok(applied)
}

/// Checks that the database has this build's schema (readers never migrate).
pub async fn verify(client: &impl GenericClient) -> Result<(), String> {
    let exists: bool = client
        .query_one(
            "SELECT to_regclass('factcheck.schema_version') IS NOT NULL",
            &[],
        )
        .await
        .map_err(|e| super::describe_error(&e))?
        .get(0);
    let found = if exists {
        installed_version(client).await?
    } else {
        None
    };
    match found {
        None => Err("the database has no factcheck schema yet; run `factcheck index --index URL` first".into()),
        Some(v) if v < current_version() => Err(format!(
            "the database's factcheck schema is version {v}, this factcheck needs {}; run `factcheck index --index URL` to migrate it",
            current_version()
        )),
        Some(v) if v > current_version() => Err(newer_schema(v)),
        Some(_) => Ok(()),
    }
}

async fn installed_version(client: &impl GenericClient) -> Result<Option<i32>, String> {
    client
        .query_one("SELECT max(version) FROM factcheck.schema_version", &[])
        .await
        .map(|row| row.get(0))
        .map_err(|e| super::describe_error(&e))
}

fn newer_schema(found: i32) -> String {
    format!(
        "the database's factcheck schema is version {found}, newer than this factcheck knows ({}); upgrade factcheck",
        current_version()
    )
}
