//! What a language-server user reads besides the diagnostic: hovers that
//! add to it instead of repeating it, corpus paths relative to the
//! workspace, and the commands a command picker offers.

mod lsp_support;

use std::path::Path;

use lsp_support::*;
use serde_json::{json, Value};

const DRAFT: &str = "---\nlang: de\n---\nFür die Union unterschrieb der EU-Außenbeauftragte Josep Borell.\n\nFrankreichs Präsident Mark Rutte äußerte sich besorgt.\n";

fn markdown_of(hover: &Value) -> String {
    hover["result"]["contents"]["value"]
        .as_str()
        .unwrap_or("")
        .to_string()
}

fn by_code<'a>(diags: &'a [Value], code: &str) -> &'a Value {
    diags
        .iter()
        .find(|d| d["code"] == code)
        .unwrap_or_else(|| panic!("no {code} in {diags:?}"))
}

/// A workspace holding a copy of the example corpus and a
/// `.factcheck.toml` naming it.
fn workspace() -> tempfile::TempDir {
    let ws = tempfile::tempdir().unwrap();
    let corpus = ws.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    for entry in std::fs::read_dir(example_corpus()).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), corpus.join(entry.file_name())).unwrap();
    }
    std::fs::write(ws.path().join(".factcheck.toml"), "corpus = [\"corpus\"]\n").unwrap();
    ws
}

async fn hover(c: &mut TestClient, uri: &str, text: &str, needle: &str) -> (Value, String) {
    let at = pos(text, text.find(needle).unwrap() + 2, false);
    let h = c
        .request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri }, "position": at }),
        )
        .await;
    let md = markdown_of(&h);
    (h, md)
}

#[tokio::test]
async fn hovers_add_to_the_diagnostic_instead_of_repeating_it() {
    let ws = workspace();
    let mut c = TestClient::start();
    c.initialize(Some(ws.path()), json!({ "debounceMs": 10 }), false, true)
        .await;
    let uri = file_uri(&ws.path().join("d.md"));
    c.open(&uri, 1, DRAFT).await;
    let diags = c.diagnostics(&uri, Some(1)).await;
    let role = by_code(&diags, "role-mismatch")["message"]
        .as_str()
        .unwrap()
        .to_string();
    // On the flagged role: the card of what the archive knows comes first,
    // the diagnostic's message nowhere, the code and suggestion last.
    let (_, md) = hover(&mut c, &uri, DRAFT, "Rutte").await;
    assert!(md.starts_with("**Mark Rutte** (Person)"), "{md}");
    assert!(!md.contains(&role), "the hover repeats the message:\n{md}");
    assert!(!md.contains("widerspricht"), "{md}");
    let footer = md.rsplit("---").next().unwrap();
    assert!(footer.contains("factcheck(role-mismatch)"), "{md}");
    assert!(footer.contains("Vorschlag: Emmanuel Macron"), "{md}");
    // On a flagged name the archive does not know: also the card of the
    // name it suggests.
    let (_, md) = hover(&mut c, &uri, DRAFT, "Borell").await;
    assert!(md.starts_with("**Josep Borell**: nicht im Korpus."), "{md}");
    assert!(md.contains("**Josep Borrell** (Person)"), "{md}");
    assert!(md.contains("factcheck(name-mismatch)"), "{md}");

    // On a flagged figure: the archive's sentences in full and how alike
    // they are; not the message.
    let draft =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/draft.md")).unwrap();
    let uri = file_uri(&ws.path().join("draft.md"));
    c.open(&uri, 1, &draft).await;
    let diags = c.diagnostics(&uri, Some(1)).await;
    let figure = by_code(&diags, "figure-mismatch");
    let message = figure["message"].as_str().unwrap();
    let (h, md) = hover(&mut c, &uri, &draft, "25.000").await;
    assert_eq!(h["result"]["range"], figure["range"]);
    assert!(md.starts_with("**Was das Archiv dazu sagt**"), "{md}");
    assert!(!md.contains(message), "{md}");
    assert!(
        md.contains("> Geheimdienste aus Südkorea und den USA schätzen"),
        "the whole archive sentence: {md}"
    );
    assert!(
        md.contains("— corpus/2024-11-04-nordkorea.md:9, 2024-11-04"),
        "{md}"
    );
    assert!(md.contains("Ähnlichkeit der Sätze 0."), "{md}");
    c.shutdown().await;
}

#[tokio::test]
async fn corpus_paths_are_relative_to_the_workspace() {
    let ws = workspace();
    let mut c = TestClient::start();
    c.initialize(Some(ws.path()), json!({ "debounceMs": 10 }), false, true)
        .await;
    let uri = file_uri(&ws.path().join("d.md"));
    c.open(&uri, 1, DRAFT).await;
    let diags = c.diagnostics(&uri, Some(1)).await;
    let shown = |p: &Path| p.display().to_string();
    let real = std::fs::canonicalize(ws.path()).unwrap();
    for d in &diags {
        let message = d["message"].as_str().unwrap();
        assert!(
            !message.contains(&shown(ws.path())) && !message.contains(&shown(&real)),
            "{message}"
        );
    }
    let role = by_code(&diags, "role-mismatch");
    assert!(
        role["message"]
            .as_str()
            .unwrap()
            .contains("(corpus/2024-11-04-nordkorea.md:15, 2024-11-04)"),
        "{role}"
    );
    // Locations stay absolute URIs.
    let related = role["relatedInformation"][0]["location"]["uri"]
        .as_str()
        .unwrap();
    assert!(related.starts_with("file:///"), "{related}");
    let (_, md) = hover(&mut c, &uri, DRAFT, "Rutte").await;
    assert!(
        md.contains("— corpus/2024-11-04-nordkorea.md:11, 2024-11-04"),
        "{md}"
    );
    assert!(!md.contains(&shown(&real)), "{md}");
    c.shutdown().await;
}

#[tokio::test]
async fn commands_that_need_a_position_are_not_advertised_and_say_what_they_need() {
    let ws = workspace();
    let mut c = TestClient::start();
    let init = c
        .initialize(Some(ws.path()), json!({ "debounceMs": 10 }), false, true)
        .await;
    let commands = &init["result"]["capabilities"]["executeCommandProvider"]["commands"];
    assert_eq!(
        commands,
        &json!(["factcheck.reindex", "factcheck.acceptName"]),
        "{init}"
    );
    let uri = file_uri(&ws.path().join("d.md"));
    c.open(&uri, 1, DRAFT).await;
    c.diagnostics(&uri, Some(1)).await;
    let at = pos(DRAFT, DRAFT.find("Rutte").unwrap(), false);
    // Both argument shapes work.
    for arg in [
        json!({ "textDocument": { "uri": uri }, "position": at }),
        json!({ "uri": uri, "position": at }),
    ] {
        let r = c
            .request(
                "workspace/executeCommand",
                json!({ "command": "factcheck.describe", "arguments": [arg] }),
            )
            .await;
        let md = r["result"]["markdown"].as_str().unwrap_or_default();
        assert!(md.starts_with("**Mark Rutte**"), "{r}");
    }
    // Without arguments: InvalidParams saying what to pass.
    for (command, needle) in [
        ("factcheck.describe", "textDocument"),
        ("factcheck.acceptName", "quick fix"),
    ] {
        let r = c
            .request(
                "workspace/executeCommand",
                json!({ "command": command, "arguments": [] }),
            )
            .await;
        assert_eq!(r["error"]["code"], -32602, "{r}");
        let message = r["error"]["message"].as_str().unwrap();
        assert!(message.contains(needle), "{message}");
    }
    c.shutdown().await;
}

#[tokio::test]
async fn a_finding_on_the_draft_itself_points_to_the_earlier_place() {
    let ws = workspace();
    let mut c = TestClient::start();
    c.initialize(Some(ws.path()), json!({ "debounceMs": 10 }), false, true)
        .await;
    let draft = "---\nlang: de\n---\nBisher haben 14 Gemeinden den Vertrag über die neue Kläranlage unterschrieben.\n\nDer Bürgermeister war zufrieden.\n\nBisher haben 19 Gemeinden den Vertrag über die neue Kläranlage unterschrieben.\n";
    let uri = file_uri(&ws.path().join("klaer.md"));
    c.open(&uri, 1, draft).await;
    let diags = c.diagnostics(&uri, Some(1)).await;
    let internal = by_code(&diags, "internal-mismatch");
    let message = internal["message"].as_str().unwrap();
    let (_, md) = hover(&mut c, &uri, draft, "19 Gemeinden").await;
    assert!(md.starts_with("**Früher im Entwurf**"), "{md}");
    assert!(md.contains("> Bisher haben 14 Gemeinden"), "{md}");
    assert!(!md.contains(message), "{md}");
    assert!(md.contains("factcheck(internal-mismatch)"), "{md}");
    c.shutdown().await;
}
