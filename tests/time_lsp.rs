//! Time-aware checking in the language server: an outdated role in a dated
//! draft is a diagnostic, and a hover on the role's title shows the role's
//! timeline with the archive's sources.

mod lsp_support;

use lsp_support::*;
use serde_json::json;

const DRAFT: &str = "---\ndate: 2024-12-03\nlang: de\n---\n# Besuch\n\nNATO-Generalsekretär Jens Stoltenberg traf am Morgen in Brüssel ein.\n";

#[tokio::test]
async fn a_hover_on_an_outdated_role_shows_its_timeline() {
    let mut c = TestClient::start();
    c.initialize(
        None,
        json!({ "corpus": [example_corpus()], "debounceMs": 20 }),
        false,
        true,
    )
    .await;
    let uri = "file:///tmp/factcheck-test/time-hover.md";
    c.open(uri, 1, DRAFT).await;
    let diags = c.diagnostics(uri, Some(1)).await;
    assert!(
        codes(&diags).contains(&"outdated-role".to_string()),
        "{diags:?}"
    );
    let at = DRAFT.find("Generalsekretär").unwrap();
    let h = c
        .request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri }, "position": pos(DRAFT, at, false) }),
        )
        .await;
    let md = h["result"]["contents"]["value"].as_str().unwrap_or("");
    let timeline = md
        .split("Zeitleiste NATO-Generalsekretär:\n")
        .nth(1)
        .unwrap_or_else(|| panic!("no timeline in {md}"));
    let lines: Vec<&str> = timeline.lines().take(2).collect();
    assert!(
        lines[0].starts_with("- Jens Stoltenberg (zuletzt 2023-07-12) — ")
            && lines[0].contains("2023-07-12-nato-tokio.md"),
        "{md}"
    );
    assert!(
        lines[1].starts_with("- Mark Rutte (seit 2024-11-04) — ")
            && lines[1].contains("2024-11-04-nordkorea.md"),
        "{md}"
    );
    c.shutdown().await;
}
