//! Protocol robustness: the language server, in process, fed one malformed
//! message after another — broken framing, JSON that is not JSON-RPC 2.0,
//! bad parameters for every handler, positions past the end, odd text. Each
//! case must be answered (an error reply with the right code and id, or a
//! normal answer) or logged (`window/logMessage`), and the server must still
//! answer a hover after every one. Also: exit codes, and the shared
//! reproducers when `../shared` is beside the checkout.

mod lsp_support;

use std::time::Duration;

use lsp_support::malformed::*;
use lsp_support::*;
use serde_json::{json, Value};

/// Every message up to and including the one answering `id`.
async fn answer_to(c: &mut TestClient, id: &Value) -> Option<Value> {
    let id = id.clone();
    c.wait_for(move |m| m.get("method").is_none() && m["id"] == id)
        .await
}

#[tokio::test]
async fn every_malformed_message_is_answered_or_logged_and_the_server_keeps_answering() {
    let mut c = TestClient::start();
    c.initialize(
        None,
        json!({ "corpus": [example_corpus()], "debounceMs": 20 }),
        false,
        true,
    )
    .await;
    c.open(URI, 1, TEXT).await;
    c.diagnostics(URI, Some(1)).await;
    let cases = cases();
    let mut checks = 0;
    for case in &cases {
        // Messages from earlier cases must not count for this one.
        c.collect(Duration::from_millis(50), |_| true).await;
        write_bytes(&c, &case.bytes).await;
        for expect in &case.expect {
            checks += 1;
            match expect {
                Expect::Error(code, id) => {
                    let r = answer_to(&mut c, id)
                        .await
                        .unwrap_or_else(|| panic!("{}: no reply to id {id}", case.name));
                    assert_eq!(r["error"]["code"], json!(code), "{}: {r}", case.name);
                }
                Expect::Answer(id) => {
                    let r = answer_to(&mut c, id)
                        .await
                        .unwrap_or_else(|| panic!("{}: no answer to id {id}", case.name));
                    assert!(r.get("error").is_none(), "{}: {r}", case.name);
                }
                Expect::Log(text) => {
                    let text = text.to_string();
                    let log = c
                        .wait_for(|m| {
                            m["method"] == "window/logMessage"
                                && m["params"]["message"]
                                    .as_str()
                                    .unwrap_or("")
                                    .contains(&text)
                        })
                        .await;
                    assert!(log.is_some(), "{}: no log containing {text:?}", case.name);
                }
            }
        }
        // Still answering: a hover on the person in the draft.
        let h = c.request("textDocument/hover", at(0, 25)).await;
        let card = h["result"]["contents"]["value"].as_str().unwrap_or("");
        assert!(
            card.contains("Mark Rutte"),
            "{}: hover after it: {h}",
            case.name
        );
    }
    println!(
        "protocol robustness: {} malformed cases, {checks} expectations, a hover answered after each",
        cases.len()
    );
    c.shutdown().await;
}

#[tokio::test]
async fn a_lone_surrogate_in_an_edit_keeps_the_document_in_step() {
    let mut c = TestClient::start();
    c.initialize(
        None,
        json!({ "corpus": [example_corpus()], "debounceMs": 20 }),
        false,
        true,
    )
    .await;
    c.open(URI, 1, "XYMark Rutte sprach gestern.\n").await;
    // Insert a lone surrogate at the start, as a JavaScript client can.
    let change = format!(
        r#"{{"jsonrpc":"2.0","method":"textDocument/didChange","params":{{"textDocument":{{"uri":"{URI}","version":2}},"contentChanges":[{{"range":{{"start":{{"line":0,"character":0}},"end":{{"line":0,"character":0}}}},"text":"\ud800"}}]}}}}"#
    );
    write_bytes(&c, &framed(change.as_bytes())).await;
    let log = c
        .wait_for(|m| {
            m["method"] == "window/logMessage"
                && m["params"]["message"]
                    .as_str()
                    .unwrap_or("")
                    .contains("surrogate")
        })
        .await;
    assert!(log.is_some(), "the repair is logged");
    // The client deletes what it inserted (one UTF-16 unit) and "XY".
    let range =
        json!({ "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 3 } });
    c.change(URI, 3, json!([{ "range": range, "text": "" }]))
        .await;
    // Now the text starts with "Mark Rutte" (if the insert had been dropped,
    // the delete would have eaten "Ma").
    c.diagnostics(URI, Some(3)).await;
    let r = c
        .request(
            "workspace/executeCommand",
            json!({ "command": "factcheck.describe", "arguments": [{ "uri": URI, "position": { "line": 0, "character": 1 } }] }),
        )
        .await;
    let md = r["result"]["markdown"].as_str().unwrap_or("");
    assert!(md.starts_with("**Mark Rutte**"), "{r}");
    c.shutdown().await;
}

#[tokio::test]
async fn a_lost_edit_sets_the_document_aside_until_it_is_replaced_whole() {
    let mut c = TestClient::start();
    c.initialize(
        None,
        json!({ "corpus": [example_corpus()], "debounceMs": 20 }),
        false,
        true,
    )
    .await;
    c.open(URI, 1, TEXT).await;
    assert!(!c.diagnostics(URI, Some(1)).await.is_empty());
    // An edit the server cannot read: its text is a number.
    let lost = json!({ "textDocument": { "uri": URI, "version": 2 }, "contentChanges": [{ "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } }, "text": 5 }] });
    c.notify("textDocument/didChange", lost).await;
    let log = c
        .wait_for(|m| {
            m["method"] == "window/logMessage"
                && m["params"]["message"]
                    .as_str()
                    .unwrap_or("")
                    .contains("out of step")
        })
        .await;
    assert!(log.is_some());
    // Its diagnostics are withdrawn, and it is not answered from stale text.
    let cleared = c
        .wait_for(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == URI
                && m["params"]["diagnostics"] == json!([])
        })
        .await;
    assert!(cleared.is_some());
    let range =
        json!({ "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 1 } });
    c.change(URI, 3, json!([{ "range": range, "text": "" }]))
        .await;
    let h = c.request("textDocument/hover", at(0, 25)).await;
    assert_eq!(h["result"], Value::Null, "{h}");
    // A whole new text brings it back.
    c.change(URI, 4, json!([{ "text": TEXT }])).await;
    assert!(!c.diagnostics(URI, Some(4)).await.is_empty());
    let h = c.request("textDocument/hover", at(0, 25)).await;
    assert!(
        h["result"]["contents"]["value"]
            .as_str()
            .unwrap_or("")
            .contains("Mark Rutte"),
        "{h}"
    );
    c.shutdown().await;
}

#[tokio::test]
async fn exit_codes_follow_the_protocol() {
    // `exit` without `shutdown`: 1.
    let mut c = TestClient::start();
    c.initialize(None, json!({}), false, false).await;
    c.notify("exit", Value::Null).await;
    let code = tokio::time::timeout(WAIT, c.server).await.unwrap().unwrap();
    assert_eq!(code, 1);
    // End of input without `shutdown`: 1.
    let mut c = TestClient::start();
    c.initialize(None, json!({}), false, false).await;
    close_input(&c).await;
    let code = tokio::time::timeout(WAIT, c.server).await.unwrap().unwrap();
    assert_eq!(code, 1);
    // Requests before `initialize` are refused, the session goes on.
    let mut c = TestClient::start();
    let r = c.request("textDocument/hover", at(0, 0)).await;
    assert_eq!(r["error"]["code"], -32002, "{r}");
    c.initialize(None, json!({}), false, false).await;
    // `shutdown` then `exit`: 0 (checked by `shutdown`).
    c.shutdown().await;
}

/// The shared reproducers of issue 11 (LSP half), run against the built
/// binary when `../shared` and `python3` are there.
#[test]
fn shared_lsp_reproducers_pass() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let repro = root.join("../shared/robustness/repro");
    if !repro.is_dir() {
        eprintln!("skipped: {} is absent", repro.display());
        return;
    }
    let run = |name: &str| -> Option<String> {
        let script = std::fs::read_dir(&repro)
            .ok()?
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .find(|p| {
                p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with(name))
            })?;
        let out = std::process::Command::new("python3")
            .arg(&script)
            .current_dir(root)
            .env("FACTCHECK", env!("CARGO_BIN_EXE_factcheck"))
            .env("EXAMPLES", root.join("examples"))
            .output()
            .ok()?;
        Some(String::from_utf8_lossy(&out.stdout).into_owned())
    };
    let Some(out) = run("01_") else {
        eprintln!("skipped: python3 cannot run the reproducers");
        return;
    };
    assert_eq!(out.matches("still running").count(), 7, "01:\n{out}");
    let out = run("02_").unwrap();
    assert_eq!(out.matches("[True, True, True]").count(), 5, "02:\n{out}");
    let out = run("03_").unwrap();
    assert!(
        out.contains("-32700") && out.contains("-32600"),
        "03:\n{out}"
    );
    assert!(out.contains("server still answers: True"), "03:\n{out}");
    let out = run("04_").unwrap();
    assert!(out.contains("shutdown + exit   -> 0"), "04:\n{out}");
    assert!(out.contains("exit, no shutdown -> 1"), "04:\n{out}");
    let out = run("05_").unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines.len() == 2 && lines.iter().all(|l| l.contains("**Mark Rutte**")),
        "05:\n{out}"
    );
    let out = run("11_").unwrap();
    assert!(out.contains("outside file now: absent"), "11:\n{out}");
    assert!(
        out.contains("outside file now: \"# someone else's settings\\n[server]\\nport = 8080\\n\""),
        "11:\n{out}"
    );
}
