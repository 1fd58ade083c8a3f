//! The language server follows its settings and its corpus while it runs:
//! `didChangeConfiguration` (pushed or pulled with `workspace/configuration`),
//! a `.factcheck.toml` in the workspace root, and corpus files that change,
//! whether a client reports them or only the server's own watcher sees them.

mod lsp_support;

use std::time::Duration;

use lsp_support::*;
use serde_json::{json, Value};

const DRAFT: &str = "---\nlang: de\n---\nFür die Union unterschrieb der EU-Außenbeauftragte Josep Borell.\n\nFrankreichs Präsident Mark Rutte äußerte sich besorgt.\n";

/// A one-article corpus that spells the name right.
const ARTICLE: &str = "---\ntitle: Pakt\ndate: 2024-11-01\nlang: de\n---\nFür die Union unterschrieb der EU-Außenbeauftragte Josep Borrell den Pakt.\n\nBorrell nannte den Pakt historisch.\n";

fn options() -> Value {
    json!({ "corpus": [example_corpus()], "debounceMs": 20 })
}

#[tokio::test]
async fn configuration_change_switches_the_corpus() {
    let other = tempfile::tempdir().unwrap();
    std::fs::write(
        other.path().join("a.md"),
        ARTICLE.replace("Borrell", "Borell"),
    )
    .unwrap();
    let mut c = TestClient::start();
    c.initialize(None, options(), false, true).await;
    let uri = "file:///tmp/factcheck-test/config.md";
    c.open(uri, 1, DRAFT).await;
    assert!(codes(&c.diagnostics(uri, Some(1)).await).contains(&"name-mismatch".to_string()));
    c.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "factcheck": { "corpus": [other.path()], "debounceMs": 20 } } }),
    )
    .await;
    let ready = c.wait_ready().await;
    assert_eq!(ready["params"]["articles"], 1);
    let diags = c.diagnostics(uri, Some(1)).await;
    assert!(
        !codes(&diags).contains(&"name-mismatch".to_string()),
        "{diags:?}"
    );
    c.shutdown().await;
}

#[tokio::test]
async fn changed_corpus_files_are_reindexed() {
    let corpus = tempfile::tempdir().unwrap();
    let file = corpus.path().join("a.md");
    std::fs::write(&file, ARTICLE).unwrap();
    let mut c = TestClient::start();
    c.initialize(
        None,
        json!({ "corpus": [corpus.path()], "debounceMs": 20 }),
        false,
        true,
    )
    .await;
    let uri = "file:///tmp/factcheck-test/watch.md";
    let draft =
        "---\nlang: de\n---\nFür die Union unterschrieb der EU-Außenbeauftragte Josep Borell.\n";
    c.open(uri, 1, draft).await;
    assert!(!c.diagnostics(uri, Some(1)).await.is_empty());
    std::fs::write(&file, ARTICLE.replace("Borrell", "Borell")).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": file_uri(&file), "type": 2 }] }),
    )
    .await;
    // New diagnostics whose evidence comes from the changed file.
    let diags = c
        .wait_for(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && !m["params"]["diagnostics"].to_string().contains("Borrell")
        })
        .await;
    assert!(
        diags.is_some(),
        "re-checked against the changed corpus: {:?}",
        c.collect(Duration::from_millis(100), |_| true).await
    );
    c.shutdown().await;
}

#[tokio::test]
async fn factcheck_toml_in_the_root_is_used_and_severity_filters() {
    let root = tempfile::tempdir().unwrap();
    let corpus = example_corpus();
    std::fs::write(
        root.path().join(".factcheck.toml"),
        format!(
            "corpus = [{:?}]\naccept = [\"Josep Borell\"]\n",
            corpus.display().to_string()
        ),
    )
    .unwrap();
    let mut c = TestClient::start();
    c.initialize(Some(root.path()), json!({ "debounceMs": 10 }), false, true)
        .await;
    let uri = file_uri(&root.path().join("d.md"));
    c.open(&uri, 1, DRAFT).await;
    let found = codes(&c.diagnostics(&uri, Some(1)).await);
    assert!(
        found.contains(&"role-mismatch".to_string())
            && !found.contains(&"name-mismatch".to_string()),
        "{found:?}"
    );
    // Only errors: the warnings disappear.
    c.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "factcheck": { "severity": "error", "debounceMs": 10 } } }),
    )
    .await;
    assert!(c.diagnostics(&uri, Some(1)).await.is_empty());
    c.shutdown().await;
}

#[tokio::test]
async fn the_file_watcher_picks_up_corpus_changes() {
    let corpus = tempfile::tempdir().unwrap();
    let file = corpus.path().join("a.md");
    std::fs::write(&file, ARTICLE).unwrap();
    let mut c = TestClient::start();
    c.initialize(
        None,
        json!({ "corpus": [corpus.path()], "debounceMs": 10 }),
        false,
        true,
    )
    .await;
    let uri = "file:///tmp/factcheck-test/watcher.md";
    c.open(
        uri,
        1,
        "---\nlang: de\n---\nDer EU-Außenbeauftragte Josep Borell reiste nach Kiew.\n",
    )
    .await;
    c.diagnostics(uri, Some(1)).await;
    // A new corpus file, reported by no client: only the watcher sees it.
    std::fs::write(
        corpus.path().join("b.md"),
        ARTICLE.replace("Borrell", "Borrel"),
    )
    .unwrap();
    let ready = c
        .wait_for(|m| m["method"] == "factcheck/status" && m["params"]["state"] == "ready")
        .await
        .expect("re-indexed");
    assert_eq!(ready["params"]["articles"], 2);
    c.shutdown().await;
}

#[tokio::test]
async fn settings_are_pulled_with_workspace_configuration() {
    let other = tempfile::tempdir().unwrap();
    std::fs::write(other.path().join("a.md"), ARTICLE).unwrap();
    let mut c = TestClient::start();
    c.extra_caps = json!({ "workspace": { "configuration": true } });
    *c.config.lock().unwrap() = json!({ "corpus": [example_corpus()], "debounceMs": 10 });
    c.initialize(None, json!({}), false, false).await;
    assert_eq!(c.wait_ready().await["params"]["articles"], 5);
    // A change notification without settings: the server asks again.
    *c.config.lock().unwrap() = json!({ "corpus": [other.path()], "debounceMs": 10 });
    c.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": null }),
    )
    .await;
    assert_eq!(c.wait_ready().await["params"]["articles"], 1);
    c.shutdown().await;
}
