//! The language server tells the user when the corpus was indexed again:
//! work-done progress `begin`/`end` for every run, and after a re-index
//! (changed corpus files, `factcheck.reindex`) a `window/showMessage`
//! "re-indexed N articles (M changed)". The first index is only logged.

mod lsp_support;

use std::time::Duration;

use lsp_support::*;
use serde_json::{json, Value};

const HARBOUR: &str = "---\ntitle: Hafen\ndate: 2024-05-02\nlang: de\n---\nDie Stadt Kiel baut den Fähranleger für 40 Millionen Euro neu.\n";
const BRIDGE: &str = "---\ntitle: Brücke\ndate: 2024-05-03\nlang: de\n---\nÜber die neue Brücke in Lübeck fahren täglich 12.000 Autos.\n";

fn is_show_message(m: &Value) -> bool {
    m["method"] == "window/showMessage"
}

fn progress_end(m: &Value) -> bool {
    m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end"
}

#[tokio::test]
async fn reindexing_reports_progress_and_a_closing_message() {
    let corpus = tempfile::tempdir().unwrap();
    let harbour = corpus.path().join("hafen.md");
    std::fs::write(&harbour, HARBOUR).unwrap();
    std::fs::write(corpus.path().join("bruecke.md"), BRIDGE).unwrap();
    let mut c = TestClient::start();
    c.initialize(
        None,
        json!({ "corpus": [corpus.path()], "debounceMs": 20 }),
        false,
        true,
    )
    .await;

    // The first index: progress ends with the size, a log line, no pop-up.
    c.wait_for(|m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "begin")
        .await
        .expect("progress begin of the first index");
    let end = c.wait_for(progress_end).await.expect("progress end");
    assert_eq!(end["params"]["value"]["message"], "2 articles");
    let log = c
        .wait_for(|m| {
            m["method"] == "window/logMessage"
                && m["params"]["message"]
                    .as_str()
                    .is_some_and(|t| t == "factcheck: indexed 2 articles")
        })
        .await
        .expect("a log line for the first index");
    assert_eq!(log["params"]["message"], "factcheck: indexed 2 articles");
    assert!(
        c.collect(Duration::from_millis(300), is_show_message)
            .await
            .is_empty(),
        "the first index is not announced with a pop-up"
    );

    // One article changes on disk: begin, end and a message naming one change.
    std::fs::write(&harbour, HARBOUR.replace("40 Millionen", "45 Millionen")).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": file_uri(&harbour), "type": 2 }] }),
    )
    .await;
    let shown = c
        .wait_for(|m| {
            is_show_message(m)
                && m["params"]["message"]
                    .as_str()
                    .is_some_and(|t| t.contains("1 changed"))
        })
        .await
        .expect("a message after the re-index of a changed file");
    assert_eq!(
        shown["params"]["message"],
        "factcheck: re-indexed 2 articles (1 changed)"
    );
    assert_eq!(shown["params"]["type"], 3, "an info message");
    let begin = c
        .wait_for(|m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "begin")
        .await
        .expect("progress begin of the re-index");
    assert_eq!(
        begin["params"]["value"]["title"],
        "factcheck: indexing corpus"
    );
    let end = c
        .wait_for(|m| {
            progress_end(m)
                && m["params"]["value"]["message"]
                    .as_str()
                    .is_some_and(|t| t.contains("1 changed"))
        })
        .await
        .expect("progress end of the re-index");
    assert_eq!(end["params"]["value"]["message"], "2 articles, 1 changed");

    // The file watcher may re-index once more; let that settle, then the
    // command re-indexes with nothing changed.
    c.collect(Duration::from_millis(1500), |_| true).await;
    let r = c
        .request(
            "workspace/executeCommand",
            json!({ "command": "factcheck.reindex" }),
        )
        .await;
    assert!(r.get("error").is_none(), "{r}");
    let shown = c
        .wait_for(is_show_message)
        .await
        .expect("a message after factcheck.reindex");
    assert_eq!(
        shown["params"]["message"],
        "factcheck: re-indexed 2 articles (0 changed)"
    );
    c.shutdown().await;
}
