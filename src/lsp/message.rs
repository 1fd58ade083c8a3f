//! JSON-RPC 2.0 validation of one message body, as a pure function:
//! [`check_message`] decides whether a body goes on to the server, gets an
//! error reply (-32700 parse error, -32600 invalid request) or is dropped
//! with a note. Everything it passes on is decodable by `tower-lsp-server`
//! (whose reader would otherwise stop at the first undecodable message).
//!
//! Text that JSON or UTF-8 cannot carry is repaired rather than dropped, so
//! that an edit still lands and the document stays in step with the client:
//! a lone UTF-16 surrogate escape (`"\ud800"`, which JavaScript clients can
//! send) and invalid UTF-8 bytes become U+FFFD, one UTF-16 code unit like
//! the surrogate it replaces.

use serde_json::{json, Value};
use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types::*;

/// JSON-RPC error codes.
pub const PARSE_ERROR: i64 = -32700;
pub const INVALID_REQUEST: i64 = -32600;

/// What to do with a message body.
#[derive(Debug, PartialEq)]
pub enum Checked {
    /// Hand `body` (repaired if `note` says so) to the server.
    Forward {
        body: Vec<u8>,
        /// The method of a request or notification; `None` for a response.
        method: Option<String>,
        /// Whether it is a request (has an id).
        request: bool,
        note: Option<String>,
    },
    /// Do not pass it on: send `replies` (error responses) and log `note`.
    Reject { replies: Vec<Value>, note: String },
}

/// An error response.
pub fn error_reply(id: Value, code: i64, message: &str) -> Value {
    json!({ "jsonrpc": "2.0", "id": id, "error": { "code": code, "message": message } })
}

/// Whether `id` is a JSON-RPC id the server can answer to (integer, string or null).
fn valid_id(id: &Value) -> bool {
    id.is_i64() || id.is_string() || id.is_null()
}

/// The id to answer an invalid message with: its own when valid, else null.
fn reply_id(m: &serde_json::Map<String, Value>) -> Value {
    m.get("id")
        .filter(|id| valid_id(id))
        .cloned()
        .unwrap_or(Value::Null)
}

/// Replaces `\uXXXX` escapes of lone surrogates with `\uFFFD`; returns how
/// many were replaced. Backslashes appear only inside strings in JSON, so
/// a scan of escapes suffices.
fn repair_surrogates(body: &[u8]) -> (Vec<u8>, usize) {
    fn unit(b: &[u8]) -> Option<u16> {
        if b.len() >= 6 && b[0] == b'\\' && b[1] == b'u' {
            u16::from_str_radix(std::str::from_utf8(&b[2..6]).ok()?, 16).ok()
        } else {
            None
        }
    }
    let mut out = Vec::with_capacity(body.len());
    let mut replaced = 0;
    let mut i = 0;
    while i < body.len() {
        if body[i] != b'\\' {
            out.push(body[i]);
            i += 1;
            continue;
        }
        match unit(&body[i..]) {
            Some(hi @ 0xD800..=0xDBFF) => {
                if matches!(unit(&body[i + 6..]), Some(0xDC00..=0xDFFF)) {
                    out.extend_from_slice(&body[i..i + 12]);
                    i += 12;
                } else {
                    let _ = hi;
                    out.extend_from_slice(b"\\uFFFD");
                    replaced += 1;
                    i += 6;
                }
            }
            Some(0xDC00..=0xDFFF) => {
                out.extend_from_slice(b"\\uFFFD");
                replaced += 1;
                i += 6;
            }
            _ => {
                // Any other escape: copy it whole so `\\u` is not misread.
                let n = if i + 1 < body.len() { 2 } else { 1 };
                out.extend_from_slice(&body[i..i + n]);
                i += n;
            }
        }
    }
    (out, replaced)
}

/// Parses a body, repairing invalid UTF-8 and lone surrogates; the note says
/// what was repaired.
fn parse(body: &[u8]) -> Result<(Value, Option<String>), String> {
    let first = match serde_json::from_slice::<Value>(body) {
        Ok(v) => return Ok((v, None)),
        Err(e) => e,
    };
    let mut notes = Vec::new();
    let text = String::from_utf8_lossy(body);
    if let std::borrow::Cow::Owned(_) = text {
        notes.push("invalid UTF-8 replaced with U+FFFD".to_string());
    }
    let (repaired, n) = repair_surrogates(text.as_bytes());
    if n > 0 {
        notes.push(format!("{n} lone surrogate escape(s) replaced with U+FFFD"));
    }
    if notes.is_empty() {
        return Err(first.to_string());
    }
    match serde_json::from_slice::<Value>(&repaired) {
        Ok(v) => Ok((v, Some(notes.join("; ")))),
        Err(_) => Err(first.to_string()),
    }
}

/// The notifications the server handles, with their parameter types: bad
/// parameters are reported here, since a notification gets no reply.
fn notification_params_error(method: &str, params: &Value) -> Option<String> {
    fn check<T: serde::de::DeserializeOwned>(p: &Value) -> Option<String> {
        serde_json::from_value::<T>(p.clone())
            .err()
            .map(|e| e.to_string())
    }
    match method {
        "textDocument/didOpen" => check::<DidOpenTextDocumentParams>(params),
        "textDocument/didChange" => check::<DidChangeTextDocumentParams>(params),
        "textDocument/didClose" => check::<DidCloseTextDocumentParams>(params),
        "workspace/didChangeConfiguration" => check::<DidChangeConfigurationParams>(params),
        "workspace/didChangeWatchedFiles" => check::<DidChangeWatchedFilesParams>(params),
        _ => None,
    }
}

/// Notifications a client may send that the server knows (others that do
/// not start with `$/` are logged as ignored).
const KNOWN_NOTIFICATIONS: [&str; 12] = [
    "initialized",
    "exit",
    "textDocument/didOpen",
    "textDocument/didChange",
    "textDocument/didClose",
    "textDocument/didSave",
    "textDocument/willSave",
    "workspace/didChangeConfiguration",
    "workspace/didChangeWatchedFiles",
    "workspace/didChangeWorkspaceFolders",
    "window/workDoneProgress/cancel",
    "notebookDocument/didOpen",
];

/// Decides what happens to one message body.
pub fn check_message(body: &[u8]) -> Checked {
    let (value, mut note) = match parse(body) {
        Ok(v) => v,
        Err(e) => {
            return Checked::Reject {
                replies: vec![error_reply(Value::Null, PARSE_ERROR, "Parse error")],
                note: format!("a message that is not JSON ({e}); answered -32700"),
            }
        }
    };
    let m = match value {
        Value::Object(m) => m,
        Value::Array(items) => {
            // LSP has no batches: answer every request in it.
            let mut replies: Vec<Value> = items
                .iter()
                .filter_map(|i| i.as_object())
                .filter(|i| i.contains_key("method"))
                .filter_map(|i| i.get("id").filter(|id| valid_id(id)).cloned())
                .map(|id| error_reply(id, INVALID_REQUEST, "Batches are not supported"))
                .collect();
            if replies.is_empty() {
                replies.push(error_reply(
                    Value::Null,
                    INVALID_REQUEST,
                    "Batches are not supported",
                ));
            }
            return Checked::Reject {
                replies,
                note: format!("a batch of {} messages; answered -32600", items.len()),
            };
        }
        _ => {
            return Checked::Reject {
                replies: vec![error_reply(
                    Value::Null,
                    INVALID_REQUEST,
                    "Invalid Request: not an object",
                )],
                note: "a message that is not a JSON object; answered -32600".into(),
            }
        }
    };
    let rid = reply_id(&m);
    let invalid = |why: &str| Checked::Reject {
        replies: vec![error_reply(
            rid.clone(),
            INVALID_REQUEST,
            &format!("Invalid Request: {why}"),
        )],
        note: format!("invalid JSON-RPC message ({why}); answered -32600"),
    };
    let version_ok = m.get("jsonrpc").and_then(Value::as_str) == Some("2.0");
    let id = m.get("id").cloned();
    let id = id.as_ref();
    let is_response = m.contains_key("result") || m.contains_key("error");
    let Some(method) = m.get("method") else {
        if !is_response {
            return invalid("neither a method nor a result");
        }
        // A response to one of our requests: never answered, only logged.
        let bad = if !version_ok {
            Some("`jsonrpc` is not \"2.0\"")
        } else if !id.is_some_and(valid_id) {
            Some("invalid id")
        } else if m.contains_key("result") == m.contains_key("error") {
            Some("both or neither of `result` and `error`")
        } else if serde_json::from_value::<jsonrpc::Response>(Value::Object(m.clone())).is_err() {
            Some("malformed `error`")
        } else {
            None
        };
        return match bad {
            Some(why) => Checked::Reject {
                replies: Vec::new(),
                note: format!("dropped an invalid response ({why})"),
            },
            None => Checked::Forward {
                body: serde_json::to_vec(&m).unwrap_or_default(),
                method: None,
                request: false,
                note,
            },
        };
    };
    let Some(method) = method.as_str().map(str::to_string) else {
        return invalid("`method` is not a string");
    };
    if !version_ok {
        return invalid("`jsonrpc` is not \"2.0\"");
    }
    if id.is_some_and(|id| !valid_id(id)) {
        return invalid("`id` must be an integer, a string or null");
    }
    if is_response {
        return invalid("both `method` and `result`/`error`");
    }
    let params = m.get("params").cloned().unwrap_or(Value::Null);
    if !(params.is_object() || params.is_array() || params.is_null()) {
        return invalid("`params` must be an object or an array");
    }
    if id.is_none() {
        if !method.starts_with("$/") && !KNOWN_NOTIFICATIONS.contains(&method.as_str()) {
            return Checked::Reject {
                replies: Vec::new(),
                note: format!("ignored the unknown notification {method:?}"),
            };
        }
        if let Some(e) = notification_params_error(&method, &params) {
            // A lost edit leaves the document out of step: say so to the server.
            let uri = params.pointer("/textDocument/uri").and_then(Value::as_str);
            if let Some(uri) =
                uri.filter(|u| method.ends_with("didChange") && u.parse::<Uri>().is_ok())
            {
                let notice = json!({ "jsonrpc": "2.0", "method": super::OUT_OF_STEP, "params": { "uri": uri } });
                return Checked::Forward {
                    body: notice.to_string().into_bytes(),
                    method: Some(super::OUT_OF_STEP.into()),
                    request: false,
                    note: Some(format!(
                        "dropped {method}: invalid params: {e}; {uri} is out of step until it is reopened"
                    )),
                };
            }
            return Checked::Reject {
                replies: Vec::new(),
                note: format!("dropped {method}: invalid params: {e}"),
            };
        }
    }
    let value = Value::Object(m);
    if serde_json::from_value::<jsonrpc::Request>(value.clone()).is_err() {
        return invalid("not a request the server can decode");
    }
    // The original bytes unless they had to be repaired.
    let body = match note.as_mut() {
        Some(n) => {
            *n = format!("{method}: {n}");
            serde_json::to_vec(&value).unwrap_or_default()
        }
        None => body.to_vec(),
    };
    Checked::Forward {
        body,
        request: id.is_some(),
        method: Some(method),
        note,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply(c: &Checked) -> (Value, i64) {
        match c {
            Checked::Reject { replies, .. } => (
                replies[0]["id"].clone(),
                replies[0]["error"]["code"].as_i64().unwrap(),
            ),
            other => panic!("not rejected: {other:?}"),
        }
    }

    #[test]
    fn invalid_json_rpc_gets_error_replies() {
        assert_eq!(reply(&check_message(b"{ nope")), (Value::Null, PARSE_ERROR));
        assert_eq!(reply(&check_message(b"")), (Value::Null, PARSE_ERROR));
        let cases = [
            (
                r#"{"id":7,"method":"textDocument/hover","params":{}}"#,
                json!(7),
            ),
            (r#"{"jsonrpc":"1.0","id":7,"method":"x"}"#, json!(7)),
            (r#"{"method":"foo"}"#, Value::Null),
            (
                r#"{"jsonrpc":"2.0","id":1.5,"method":"shutdown"}"#,
                Value::Null,
            ),
            (
                r#"{"jsonrpc":"2.0","id":{"a":1},"method":"shutdown"}"#,
                Value::Null,
            ),
            (
                r#"{"jsonrpc":"2.0","id":true,"method":"shutdown"}"#,
                Value::Null,
            ),
            (r#"{"jsonrpc":"2.0","id":3,"method":5}"#, json!(3)),
            (
                r#"{"jsonrpc":"2.0","id":3,"method":"x","params":"s"}"#,
                json!(3),
            ),
            (r#"{"jsonrpc":"2.0","id":3}"#, json!(3)),
            ("42", Value::Null),
        ];
        for (body, id) in cases {
            assert_eq!(
                reply(&check_message(body.as_bytes())),
                (id, INVALID_REQUEST),
                "{body}"
            );
        }
        // A batch: each request in it is answered.
        let batch = check_message(br#"[{"jsonrpc":"2.0","id":904,"method":"shutdown"},{"jsonrpc":"2.0","id":"a","method":"x"}]"#);
        let Checked::Reject { replies, .. } = batch else {
            panic!()
        };
        assert_eq!(replies.len(), 2);
        assert_eq!(replies[0]["id"], 904);
        assert_eq!(replies[1]["id"], "a");
    }

    #[test]
    fn bad_responses_and_notification_params_are_dropped_without_reply() {
        for body in [
            r#"{"jsonrpc":"2.0","id":[1],"result":null}"#,
            r#"{"jsonrpc":"2.0","id":1,"result":null,"error":{"code":1,"message":"m"}}"#,
            r#"{"jsonrpc":"2.0","id":1,"error":"x"}"#,
            r#"{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":5}}"#,
        ] {
            match check_message(body.as_bytes()) {
                Checked::Reject { replies, note } => {
                    assert!(replies.is_empty(), "{body}");
                    assert!(!note.is_empty());
                }
                other => panic!("{body}: {other:?}"),
            }
        }
    }

    #[test]
    fn valid_messages_pass() {
        let c = check_message(br#"{"jsonrpc":"2.0","id":"x","method":"shutdown","params":null}"#);
        assert!(
            matches!(c, Checked::Forward { ref method, request: true, note: None, .. } if method.as_deref() == Some("shutdown")),
            "{c:?}"
        );
        let c = check_message(br#"{"jsonrpc":"2.0","id":4,"result":[null]}"#);
        assert!(matches!(
            c,
            Checked::Forward {
                method: None,
                request: false,
                ..
            }
        ));
    }

    #[test]
    fn lone_surrogates_and_bad_utf8_become_replacement_characters() {
        let body = br#"{"jsonrpc":"2.0","id":1,"method":"m","params":{"t":"a\ud800b\udc00c\ud83d\ude00\\ud800"}}"#;
        let Checked::Forward { body, note, .. } = check_message(body) else {
            panic!()
        };
        let v: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(v["params"]["t"], "a\u{fffd}b\u{fffd}c😀\\ud800");
        assert!(note.unwrap().contains("2 lone surrogate"));
        let mut raw = br#"{"jsonrpc":"2.0","id":2,"method":"m","params":{"t":"x"#.to_vec();
        raw.extend([0xff, 0xfe]);
        raw.extend(br#"y"}}"#);
        let Checked::Forward { body, .. } = check_message(&raw) else {
            panic!()
        };
        let v: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(v["params"]["t"], "x\u{fffd}\u{fffd}y");
    }
}
