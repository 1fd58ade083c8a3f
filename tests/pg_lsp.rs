//! The language server over the archive in PostgreSQL: an article the CMS
//! inserts is flagged in an open draft once `factcheck index` ran, without a
//! restart; when the database stops, the server says so in
//! `factcheck/status`, keeps serving, and recovers when it is back. Skipped
//! (with a message) without `FACTCHECK_TEST_PG`.

mod lsp_support;
mod pg_support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use lsp_support::{codes, file_uri, TestClient};
use pg_support::{admin_url, restart_cluster, sql, stop_cluster, Cluster};
use serde_json::json;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn index(args: &[&str], dir: &Path) {
    let out = Command::new(env!("CARGO_BIN_EXE_factcheck"))
        .arg("index")
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    tokio::task::spawn_blocking(f).await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_follows_the_database_and_survives_its_outage() {
    let Some(_) = admin_url("pg lsp") else { return };
    let cluster = blocking(Cluster::start).await;
    let url = cluster.url.clone();
    // The example corpus without the article the CMS will publish.
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    for entry in std::fs::read_dir(root().join("examples/corpus"))
        .unwrap()
        .flatten()
    {
        if !entry.file_name().to_string_lossy().contains("nordkorea") {
            std::fs::copy(entry.path(), corpus.join(entry.file_name())).unwrap();
        }
    }
    let work = dir.path().to_path_buf();
    let u = url.clone();
    blocking(move || index(&["--corpus", "corpus", "--index", &u], &work)).await;
    // Editors only name the database.
    std::fs::write(
        dir.path().join(".factcheck.toml"),
        format!("index = \"{url}\"\n"),
    )
    .unwrap();
    let draft_path = dir.path().join("draft.md");
    let draft = std::fs::read_to_string(root().join("examples/draft.md")).unwrap();
    std::fs::write(&draft_path, &draft).unwrap();
    let uri = file_uri(&draft_path);

    let mut c = TestClient::start();
    c.initialize(Some(dir.path()), json!({}), false, true).await;
    c.open(&uri, 1, &draft).await;
    let before = codes(&c.diagnostics(&uri, Some(1)).await);
    assert!(before.contains(&"name-mismatch".to_string()), "{before:?}");
    assert!(
        !before.contains(&"figure-mismatch".to_string()),
        "{before:?}"
    );

    // The CMS publishes; the indexer runs; the server picks it up.
    let text =
        std::fs::read_to_string(root().join("examples/corpus/2024-11-04-nordkorea.md")).unwrap();
    let body = text.splitn(3, "---\n").nth(2).unwrap().replace('\'', "''");
    let (u, work) = (url.clone(), dir.path().to_path_buf());
    blocking(move || {
        sql(
            &u,
            &format!(
                "INSERT INTO factcheck.articles (id, title, date, lang, text)
                 VALUES ('cms-4711', 'Soldaten', '2024-11-04', 'de', '{body}')"
            ),
        );
        index(&["--index", &u], &work);
    })
    .await;
    let after = c
        .wait_for(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["diagnostics"]
                    .as_array()
                    .is_some_and(|d| d.iter().any(|d| d["code"] == "figure-mismatch"))
        })
        .await;
    assert!(
        after.is_some(),
        "the new article was not used without a restart"
    );

    // The database goes away: the server says so and keeps serving.
    let cluster_dir = cluster.dir.clone();
    blocking(move || stop_cluster(&cluster_dir)).await;
    let offline = c
        .wait_for(|m| m["method"] == "factcheck/status" && m["params"]["state"] == "offline")
        .await
        .expect("an offline status");
    assert!(offline["params"]["message"]
        .as_str()
        .unwrap()
        .contains("unreachable"));
    c.change(
        &uri,
        2,
        json!([{ "text": format!("{draft}\nEin neuer Absatz ohne Zahlen.\n") }]),
    )
    .await;
    let hover = c
        .request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri }, "position": { "line": 11, "character": 60 } }),
        )
        .await;
    // The server still answers requests while the database is away.
    assert!(
        hover.get("result").is_some() || hover.get("error").is_some(),
        "{hover}"
    );

    // It comes back: the server reconnects, reopens and checks again.
    let cluster_dir = cluster.dir.clone();
    blocking(move || restart_cluster(&cluster_dir)).await;
    c.wait_for_within(Duration::from_secs(60), |m| {
        m["method"] == "factcheck/status" && m["params"]["state"] == "ready"
    })
    .await
    .expect("ready again after the database came back");
    let again = c
        .wait_for(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri)
        .await
        .expect("diagnostics after recovery");
    let codes_again = codes(again["params"]["diagnostics"].as_array().unwrap());
    assert!(
        codes_again.contains(&"figure-mismatch".to_string()),
        "{codes_again:?}"
    );
    c.shutdown().await;
    blocking(move || drop(cluster)).await;
}
