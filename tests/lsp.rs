//! The language server, in process over `tokio::io::duplex`: initialize and
//! position encodings, diagnostics, incremental edits with multi-byte text
//! and CRLF, stale versions, hover, code actions, navigation, robustness,
//! shutdown. Settings and corpus changes are in `lsp_corpus.rs`.

mod lsp_support;

use std::time::Duration;

use lsp_support::*;
use serde_json::{json, Value};

const DRAFT: &str = "---\nlang: de\n---\nFür die Union unterschrieb der EU-Außenbeauftragte Josep Borell.\n\nFrankreichs Präsident Mark Rutte äußerte sich besorgt.\n";

fn options() -> Value {
    json!({ "corpus": [example_corpus()], "debounceMs": 20 })
}

fn by_code<'a>(diags: &'a [Value], code: &str) -> &'a Value {
    diags
        .iter()
        .find(|d| d["code"] == code)
        .unwrap_or_else(|| panic!("no {code} in {diags:?}"))
}

#[tokio::test]
async fn initialize_negotiates_the_position_encoding() {
    let mut c = TestClient::start();
    let r = c.initialize(None, json!({}), true, false).await;
    assert_eq!(r["result"]["capabilities"]["positionEncoding"], "utf-8");
    assert_eq!(r["result"]["capabilities"]["textDocumentSync"]["change"], 2);
    c.shutdown().await;

    let mut c = TestClient::start();
    let r = c.initialize(None, json!({}), false, false).await;
    assert_eq!(r["result"]["capabilities"]["positionEncoding"], "utf-16");
    // No corpus configured: the status says so.
    let status = c
        .wait_for(|m| m["method"] == "factcheck/status")
        .await
        .unwrap();
    assert_eq!(status["params"]["state"], "error");
    c.shutdown().await;
}

#[tokio::test]
async fn open_draft_gets_diagnostics_with_evidence_and_progress() {
    let mut c = TestClient::start();
    c.initialize(None, options(), false, false).await;
    let ready = c.wait_ready().await;
    assert_eq!(ready["params"]["articles"], 5);
    // Work-done progress was created and reported.
    let created = c
        .wait_for(|m| m["method"] == "window/workDoneProgress/create")
        .await;
    assert!(created.is_some());
    let begin = c
        .wait_for(|m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "begin")
        .await
        .unwrap();
    assert_eq!(
        begin["params"]["value"]["title"],
        "factcheck: indexing corpus"
    );

    let uri = "file:///tmp/factcheck-test/draft.md";
    c.open(uri, 1, DRAFT).await;
    let diags = c.diagnostics(uri, Some(1)).await;
    assert_eq!(codes(&diags), ["name-mismatch", "role-mismatch"]);
    let name = by_code(&diags, "name-mismatch");
    let start = DRAFT.find("Josep Borell").unwrap();
    assert_eq!(
        name["range"],
        range(DRAFT, start, start + "Josep Borell".len(), false)
    );
    assert_eq!(name["source"], "factcheck");
    assert_eq!(name["severity"], 2);
    assert_eq!(name["data"]["fix"]["text"], "Josep Borrell");
    let related = &name["relatedInformation"][0];
    assert!(related["location"]["uri"]
        .as_str()
        .unwrap()
        .ends_with("examples/corpus/2024-11-01-japan-eu.md"));
    assert_eq!(related["location"]["range"]["start"]["line"], 10);
    assert!(related["message"]
        .as_str()
        .unwrap()
        .contains("Josep Borrell"));
    let role = by_code(&diags, "role-mismatch");
    assert_eq!(role["data"]["fix"]["text"], "Emmanuel Macron");
    c.shutdown().await;
}

async fn edits_keep_ranges_exact(utf8: bool) {
    let mut c = TestClient::start();
    c.initialize(None, options(), utf8, true).await;
    let uri = "file:///tmp/factcheck-test/edits.md";
    let mut text = "---\r\nlang: de\r\n---\r\nFür die Union unterschrieb der EU-Außenbeauftragte Josep Borell.\r\n".to_string();
    c.open(uri, 1, &text).await;
    let diags = c.diagnostics(uri, Some(1)).await;
    let s = text.find("Josep Borell").unwrap();
    assert_eq!(
        by_code(&diags, "name-mismatch")["range"],
        range(&text, s, s + 12, utf8)
    );

    // Insert multi-byte text (umlaut, ß, emoji) before the name, on the same line.
    let at = text.find("Josep").unwrap();
    let insert = "😀 Grüße aus der Straße, ";
    let r = range(&text, at, at, utf8);
    text.insert_str(at, insert);
    c.change(uri, 2, json!([{ "range": r, "text": insert }]))
        .await;
    let diags = c.diagnostics(uri, Some(2)).await;
    let s = text.find("Josep Borell").unwrap();
    assert_eq!(
        by_code(&diags, "name-mismatch")["range"],
        range(&text, s, s + 12, utf8)
    );

    // Replace a multi-byte span and append a CRLF paragraph at the very end.
    let g = text.find("Grüße").unwrap();
    let r = range(&text, g, g + "Grüße".len(), utf8);
    text.replace_range(g..g + "Grüße".len(), "Größte Grüße");
    let end = range(&text, text.len(), text.len(), utf8);
    let tail = "\r\nFrankreichs Präsident Mark Rutte äußerte sich besorgt.\r\n";
    c.change(
        uri,
        3,
        json!([{ "range": r, "text": "Größte Grüße" }, { "range": end, "text": tail }]),
    )
    .await;
    text.push_str(tail);
    let diags = c.diagnostics(uri, Some(3)).await;
    let s = text.find("Josep Borell").unwrap();
    assert_eq!(
        by_code(&diags, "name-mismatch")["range"],
        range(&text, s, s + 12, utf8)
    );
    let fix = &by_code(&diags, "role-mismatch")["data"]["fix"];
    let m = text.find("Mark Rutte").unwrap();
    assert_eq!(fix["range"], range(&text, m, m + "Mark Rutte".len(), utf8));
    c.shutdown().await;
}

#[tokio::test]
async fn incremental_edits_keep_ranges_exact_utf16() {
    edits_keep_ranges_exact(false).await;
}

#[tokio::test]
async fn incremental_edits_keep_ranges_exact_utf8() {
    edits_keep_ranges_exact(true).await;
}

#[tokio::test]
async fn stale_versions_are_never_published() {
    let mut c = TestClient::start();
    c.initialize(
        None,
        json!({ "corpus": [example_corpus()], "debounceMs": 0 }),
        false,
        true,
    )
    .await;
    let uri = "file:///tmp/factcheck-test/stale.md";
    c.open(uri, 1, DRAFT).await;
    c.diagnostics(uri, Some(1)).await;
    for round in 0..5 {
        let (v2, v3) = (2 + 2 * round, 3 + 2 * round);
        c.change(
            uri,
            v2,
            json!([{ "text": DRAFT.replace("Borell", "Borel") }]),
        )
        .await;
        c.change(uri, v3, json!([{ "text": DRAFT }])).await;
        let published = c
            .wait_for(|m| {
                m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
            })
            .await
            .unwrap();
        assert_eq!(
            published["params"]["version"], v3,
            "only the current version is published"
        );
    }
    let later = c
        .collect(Duration::from_millis(500), |m| {
            m["method"] == "textDocument/publishDiagnostics"
        })
        .await;
    assert!(later.is_empty(), "{later:?}");
    c.shutdown().await;
}

fn markdown_of(hover: &Value) -> String {
    hover["result"]["contents"]["value"]
        .as_str()
        .unwrap_or("")
        .to_string()
}

#[tokio::test]
async fn hover_shows_cards() {
    let mut c = TestClient::start();
    c.initialize(None, options(), false, true).await;
    let uri = "file:///tmp/factcheck-test/hover.md";
    c.open(uri, 1, DRAFT).await;
    c.diagnostics(uri, Some(1)).await;
    let at = |needle: &str| pos(DRAFT, DRAFT.find(needle).unwrap() + 2, false);
    let h = c
        .request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri }, "position": at("Rutte") }),
        )
        .await;
    let md = markdown_of(&h);
    assert!(md.contains("**Mark Rutte**"), "{md}");
    assert!(md.contains("NATO-Generalsekretär"), "{md}");
    assert!(h["result"]["range"].is_object());
    let h = c
        .request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri }, "position": at("Borell") }),
        )
        .await;
    let md = markdown_of(&h);
    assert!(
        md.contains("nicht im Korpus") || md.contains("not in the corpus"),
        "{md}"
    );
    // factcheck.describe answers the same card.
    let r = c
        .request("workspace/executeCommand", json!({ "command": "factcheck.describe", "arguments": [{ "uri": uri, "position": at("Rutte") }] }))
        .await;
    assert!(r["result"]["markdown"]
        .as_str()
        .unwrap()
        .contains("**Mark Rutte**"));
    c.shutdown().await;
}

#[tokio::test]
async fn code_actions_fix_ignore_and_accept() {
    let root = tempfile::tempdir().unwrap();
    let mut c = TestClient::start();
    c.initialize(Some(root.path()), options(), false, true)
        .await;
    let uri = file_uri(&root.path().join("draft.md"));
    c.open(&uri, 1, DRAFT).await;
    let diags = c.diagnostics(&uri, Some(1)).await;
    let name = by_code(&diags, "name-mismatch").clone();
    let r = c
        .request(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": uri }, "range": name["range"], "context": { "diagnostics": [name] } }),
        )
        .await;
    let actions = r["result"].as_array().unwrap();
    let fix = actions.iter().find(|a| a["isPreferred"] == true).unwrap();
    assert!(fix["title"]
        .as_str()
        .unwrap()
        .starts_with("Replace with the archive's value"));
    let edits = fix["edit"]["changes"][&uri].as_array().unwrap();
    assert_eq!(
        apply_edits(DRAFT, edits, false),
        DRAFT.replace("Borell", "Borrell")
    );

    let ignore = actions
        .iter()
        .find(|a| a["title"] == "Ignore this finding")
        .unwrap();
    let edits = ignore["edit"]["changes"][&uri].as_array().unwrap();
    let ignored = apply_edits(DRAFT, edits, false);
    assert!(
        ignored.contains("---\n<!-- factcheck: ignore -->\nFür die Union"),
        "{ignored}"
    );
    // The engine honours the comment.
    c.change(&uri, 2, json!([{ "text": ignored }])).await;
    assert_eq!(
        codes(&c.diagnostics(&uri, Some(2)).await),
        ["role-mismatch"]
    );
    c.change(&uri, 3, json!([{ "text": DRAFT }])).await;
    assert_eq!(codes(&c.diagnostics(&uri, Some(3)).await).len(), 2);

    let accept = actions
        .iter()
        .find(|a| a["command"]["command"] == "factcheck.acceptName")
        .unwrap();
    assert_eq!(accept["command"]["arguments"], json!(["Josep Borell"]));
    let r = c
        .request("workspace/executeCommand", accept["command"].clone())
        .await;
    assert!(r.get("error").is_none(), "{r}");
    let config = std::fs::read_to_string(root.path().join(".factcheck.toml")).unwrap();
    assert!(config.contains("Josep Borell"), "{config}");
    let after = codes(&c.diagnostics(&uri, Some(3)).await);
    assert!(!after.contains(&"name-mismatch".to_string()), "{after:?}");
    c.shutdown().await;
}

#[tokio::test]
async fn definition_and_references_point_into_the_corpus() {
    let mut c = TestClient::start();
    c.initialize(None, options(), false, true).await;
    let uri = "file:///tmp/factcheck-test/nav.md";
    c.open(uri, 1, DRAFT).await;
    c.diagnostics(uri, Some(1)).await;
    let p = pos(DRAFT, DRAFT.find("Rutte").unwrap(), false);
    let line_text = |loc: &Value| {
        let path = loc["uri"]
            .as_str()
            .unwrap()
            .strip_prefix("file://")
            .unwrap()
            .to_string();
        let text = std::fs::read_to_string(path).unwrap();
        let line = loc["range"]["start"]["line"].as_u64().unwrap() as usize;
        text.lines().nth(line).unwrap().to_string()
    };
    let d = c
        .request(
            "textDocument/definition",
            json!({ "textDocument": { "uri": uri }, "position": p }),
        )
        .await;
    let loc = &d["result"];
    assert!(
        loc["uri"].as_str().unwrap().contains("examples/corpus/"),
        "{d}"
    );
    assert!(line_text(loc).contains("Rutte"));
    let r = c
        .request("textDocument/references", json!({ "textDocument": { "uri": uri }, "position": p, "context": { "includeDeclaration": true } }))
        .await;
    let locs = r["result"].as_array().unwrap();
    assert!(locs.len() >= 2, "{r}");
    assert!(locs.iter().all(|l| line_text(l).contains("Rutte")));
    c.shutdown().await;
}

#[tokio::test]
async fn bad_input_does_not_kill_the_server() {
    let mut c = TestClient::start();
    c.initialize(None, options(), false, true).await;
    let uri = "file:///tmp/factcheck-test/robust.md";
    // Edits to unknown documents and out-of-range edits are tolerated.
    c.change("file:///nowhere.md", 2, json!([{ "text": "x" }]))
        .await;
    c.open(uri, 1, "Kurz.").await;
    let far = json!({ "start": { "line": 99, "character": 99 }, "end": { "line": 0, "character": 9999 } });
    c.change(uri, 2, json!([{ "range": far, "text": "ü😀" }]))
        .await;
    c.change(uri, 3, json!([{ "range": { "start": { "line": 0, "character": 1 }, "end": { "line": 0, "character": 1 } }, "text": "\r\n" }])).await;
    c.diagnostics(uri, Some(3)).await;
    // Out-of-range positions, a surrogate half, unknown documents.
    for p in [
        json!({ "line": 999, "character": 999 }),
        json!({ "line": 1, "character": 1 }),
        json!({ "line": 0, "character": 0 }),
    ] {
        let h = c
            .request(
                "textDocument/hover",
                json!({ "textDocument": { "uri": uri }, "position": p }),
            )
            .await;
        assert!(h.get("error").is_none(), "{h}");
    }
    let h = c.request("textDocument/definition", json!({ "textDocument": { "uri": "file:///nope.md" }, "position": { "line": 0, "character": 0 } })).await;
    assert_eq!(h["result"], Value::Null);
    // Malformed params and unknown commands get errors, not a dead server.
    let r = c
        .request("textDocument/hover", json!({ "bogus": true }))
        .await;
    assert!(r.get("error").is_some(), "{r}");
    let r = c
        .request(
            "workspace/executeCommand",
            json!({ "command": "factcheck.nope" }),
        )
        .await;
    assert!(r.get("error").is_some(), "{r}");
    let r = c
        .request(
            "workspace/executeCommand",
            json!({ "command": "factcheck.describe", "arguments": [42] }),
        )
        .await;
    assert!(r.get("error").is_some(), "{r}");
    let r = c
        .request(
            "workspace/executeCommand",
            json!({ "command": "factcheck.acceptName", "arguments": ["X Y"] }),
        )
        .await;
    assert!(r.get("error").is_some(), "no workspace root: {r}");
    let r = c.request("textDocument/codeAction", json!({ "textDocument": { "uri": uri }, "range": far, "context": { "diagnostics": [{ "range": far, "message": "m", "source": "factcheck", "data": { "fix": { "range": 3 } } }] } })).await;
    assert!(r.get("error").is_none(), "{r}");
    write_raw(&c, "{ not json").await;
    let r = c
        .request(
            "workspace/executeCommand",
            json!({ "command": "factcheck.reindex" }),
        )
        .await;
    assert!(r.get("error").is_none(), "{r}");
    c.wait_ready().await;
    // Still answering.
    let h = c
        .request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri }, "position": { "line": 0, "character": 0 } }),
        )
        .await;
    assert!(h.get("error").is_none(), "{h}");
    c.shutdown().await;
}

#[tokio::test]
async fn hover_and_fix_on_a_flagged_figure() {
    let draft =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/draft.md")).unwrap();
    let mut c = TestClient::start();
    c.initialize(None, options(), false, true).await;
    let uri = "file:///tmp/factcheck-test/figure.md";
    c.open(uri, 1, &draft).await;
    let diags = c.diagnostics(uri, Some(1)).await;
    let figure = by_code(&diags, "figure-mismatch").clone();
    let at = pos(&draft, draft.find("25.000").unwrap() + 1, false);
    let h = c
        .request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri }, "position": at }),
        )
        .await;
    let md = markdown_of(&h);
    assert!(
        md.contains("figure-mismatch") && md.contains("zwischen 10.000 und 12.000 Soldaten"),
        "{md}"
    );
    assert_eq!(h["result"]["range"], figure["range"]);
    let r = c
        .request("textDocument/codeAction", json!({ "textDocument": { "uri": uri }, "range": figure["range"], "context": { "diagnostics": [figure] } }))
        .await;
    let fix = r["result"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["isPreferred"] == true)
        .unwrap()
        .clone();
    let fixed = apply_edits(
        &draft,
        fix["edit"]["changes"][uri].as_array().unwrap(),
        false,
    );
    assert!(
        fixed.contains("sind inzwischen zwischen 10.000 und 12.000 Soldaten aus Nordkorea"),
        "{fixed}"
    );
    c.shutdown().await;
}

#[tokio::test]
async fn hover_before_the_corpus_is_indexed() {
    let mut c = TestClient::start();
    c.initialize(None, json!({}), false, false).await;
    c.wait_for(|m| m["method"] == "factcheck/status" && m["params"]["state"] == "error")
        .await
        .unwrap();
    let uri = "file:///tmp/factcheck-test/early.md";
    c.open(uri, 1, DRAFT).await;
    let h = c.request("textDocument/hover", json!({ "textDocument": { "uri": uri }, "position": pos(DRAFT, DRAFT.find("Rutte").unwrap(), false) })).await;
    assert!(markdown_of(&h).contains("no corpus"), "{h}");
    // A large corpus (when present) is still loading right after initialize.
    let big = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/derstandard");
    if big.is_dir() {
        let mut c = TestClient::start();
        c.initialize(None, json!({ "corpus": [big] }), false, false)
            .await;
        c.open(uri, 1, DRAFT).await;
        let h = c.request("textDocument/hover", json!({ "textDocument": { "uri": uri }, "position": { "line": 3, "character": 3 } })).await;
        assert!(markdown_of(&h).contains("still loading"), "{h}");
        c.shutdown().await;
    }
    c.shutdown().await;
}
