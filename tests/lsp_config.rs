//! The language server and `.factcheck.toml`: the configuration in effect
//! is the one the CLI finds (the workspace root's or the nearest above), and
//! "Accept this name" writes into that file.

mod lsp_support;

use lsp_support::*;
use serde_json::{json, Value};

const DRAFT: &str = "---\nlang: de\n---\nFür die Union unterschrieb der EU-Außenbeauftragte Josep Borell.\n\nFrankreichs Präsident Mark Rutte äußerte sich besorgt.\n";

#[tokio::test]
async fn accepting_a_name_writes_the_config_in_effect_in_a_parent_folder() {
    // The newsroom's config sits above the folder the editor opened.
    let parent = tempfile::tempdir().unwrap();
    let config = parent.path().join(".factcheck.toml");
    let original = format!(
        "# shared by the desk\ncorpus = [{:?}]\nfail-on = \"warning\"\n",
        example_corpus().display().to_string()
    );
    std::fs::write(&config, &original).unwrap();
    let drafts = parent.path().join("drafts");
    std::fs::create_dir(&drafts).unwrap();
    let draft = drafts.join("draft.md");
    std::fs::write(&draft, DRAFT).unwrap();

    let mut c = TestClient::start();
    // No corpus in the settings: the parent's config supplies it.
    c.initialize(Some(&drafts), json!({ "debounceMs": 20 }), false, true)
        .await;
    let uri = file_uri(&draft);
    c.open(&uri, 1, DRAFT).await;
    let diags = c.diagnostics(&uri, Some(1)).await;
    assert!(codes(&diags).contains(&"name-mismatch".to_string()));
    let r = c
        .request(
            "workspace/executeCommand",
            json!({ "command": "factcheck.acceptName", "arguments": ["Josep Borell"] }),
        )
        .await;
    assert!(r.get("error").is_none(), "{r}");
    // Written into the parent's file, its content kept; no second config.
    let text = std::fs::read_to_string(&config).unwrap();
    assert!(text.starts_with(&original), "{text}");
    assert!(text.contains("accept = [\"Josep Borell\"]"), "{text}");
    assert!(!drafts.join(".factcheck.toml").exists());
    let diags = c.diagnostics(&uri, None).await;
    assert!(!codes(&diags).contains(&"name-mismatch".to_string()));
    c.shutdown().await;
    // The CLI run in the subfolder still finds the corpus and the name.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_factcheck"))
        .args(["check", "--format", "json", "draft.md"])
        .current_dir(&drafts)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_ne!(out.status.code(), Some(2), "{stderr}");
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let found = json["files"][0]["findings"].to_string();
    assert!(!found.contains("name-mismatch"), "{found}");
    assert!(found.contains("role-mismatch"), "{found}");
}
