//! A tiny in-process LSP client for the tests: the server runs on one end of
//! a `tokio::io::duplex`, the test speaks framed JSON-RPC on the other.
//! Requests from the server (progress, registration, configuration) are
//! answered automatically; everything else is queued for the test.

#![allow(dead_code)]

pub mod malformed;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader, DuplexStream, WriteHalf};
use tokio::sync::{mpsc, Mutex};
use tokio::time::timeout;

pub const WAIT: Duration = Duration::from_secs(30);

pub fn example_corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/corpus")
}

pub fn file_uri(path: &Path) -> String {
    format!("file://{}", path.display()).replace(' ', "%20")
}

/// The LSP position of byte `offset` in `text`, computed independently of the server.
pub fn pos(text: &str, offset: usize, utf8: bool) -> Value {
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.matches('\n').count();
    let col = &before[line_start..];
    let character = if utf8 {
        col.len()
    } else {
        col.encode_utf16().count()
    };
    json!({ "line": line, "character": character })
}

pub fn range(text: &str, start: usize, end: usize, utf8: bool) -> Value {
    json!({ "start": pos(text, start, utf8), "end": pos(text, end, utf8) })
}

/// Applies LSP text edits (UTF-16 or UTF-8 positions) to `text`.
pub fn apply_edits(text: &str, edits: &[Value], utf8: bool) -> String {
    let offset = |p: &Value| -> usize {
        let line = p["line"].as_u64().unwrap() as usize;
        let ch = p["character"].as_u64().unwrap() as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        let mut units = 0;
        for (i, c) in text[start..].char_indices() {
            if units >= ch {
                return start + i;
            }
            units += if utf8 { c.len_utf8() } else { c.len_utf16() };
        }
        text.len()
    };
    let mut out = text.to_string();
    let mut edits: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    for (s, e, t) in edits {
        out.replace_range(s..e, &t);
    }
    out
}

pub struct TestClient {
    writer: Arc<Mutex<WriteHalf<DuplexStream>>>,
    incoming: mpsc::UnboundedReceiver<Value>,
    backlog: Vec<Value>,
    next_id: i64,
    pub server: tokio::task::JoinHandle<u8>,
    pub utf8: bool,
    /// What `workspace/configuration` answers (one item).
    pub config: Arc<std::sync::Mutex<Value>>,
    /// Merged into the client capabilities by `initialize`.
    pub extra_caps: Value,
}

async fn write_msg(w: &Mutex<WriteHalf<DuplexStream>>, v: &Value) {
    let body = v.to_string();
    let mut w = w.lock().await;
    w.write_all(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes())
        .await
        .unwrap();
    w.flush().await.unwrap();
}

/// Writes raw bytes (for malformed input).
pub async fn write_raw(c: &TestClient, body: &str) {
    let mut w = c.writer.lock().await;
    w.write_all(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes())
        .await
        .unwrap();
    w.flush().await.unwrap();
}

/// Writes bytes exactly as given (headers included).
pub async fn write_bytes(c: &TestClient, bytes: &[u8]) {
    let mut w = c.writer.lock().await;
    w.write_all(bytes).await.unwrap();
    w.flush().await.unwrap();
}

/// Ends the server's input (as when the client goes away).
pub async fn close_input(c: &TestClient) {
    c.writer.lock().await.shutdown().await.unwrap();
}

async fn read_msg<R: tokio::io::AsyncRead + Unpin>(r: &mut BufReader<R>) -> Option<Value> {
    let mut len = None;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).await.ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length: ") {
            len = v.parse::<usize>().ok();
        }
    }
    let mut buf = vec![0; len?];
    r.read_exact(&mut buf).await.ok()?;
    match serde_json::from_slice(&buf) {
        Ok(v) => Some(v),
        Err(e) => {
            eprintln!(
                "test client: unreadable message ({e}): {}",
                String::from_utf8_lossy(&buf)
            );
            Some(Value::Null)
        }
    }
}

impl TestClient {
    pub fn start() -> TestClient {
        let (ours, theirs) = tokio::io::duplex(1 << 22);
        let (sr, sw) = tokio::io::split(theirs);
        // `serve` is `Server::new(guard(read), write, socket).serve(LspService)`.
        let server = tokio::spawn(factcheck::lsp::serve(sr, sw));
        let (r, w) = tokio::io::split(ours);
        let writer = Arc::new(Mutex::new(w));
        let (tx, incoming) = mpsc::unbounded_channel();
        let w2 = writer.clone();
        let config = Arc::new(std::sync::Mutex::new(Value::Null));
        let config2 = config.clone();
        tokio::spawn(async move {
            let mut r = BufReader::new(r);
            while let Some(msg) = read_msg(&mut r).await {
                if msg.get("method").is_some() && msg.get("id").is_some() {
                    let result = if msg["method"] == "workspace/configuration" {
                        json!([config2.lock().unwrap().clone()])
                    } else {
                        Value::Null
                    };
                    write_msg(
                        &w2,
                        &json!({ "jsonrpc": "2.0", "id": msg["id"], "result": result }),
                    )
                    .await;
                }
                if tx.send(msg).is_err() {
                    break;
                }
            }
        });
        TestClient {
            writer,
            incoming,
            backlog: Vec::new(),
            next_id: 1,
            server,
            utf8: false,
            config,
            extra_caps: json!({}),
        }
    }

    pub async fn notify(&self, method: &str, params: Value) {
        write_msg(
            &self.writer,
            &json!({ "jsonrpc": "2.0", "method": method, "params": params }),
        )
        .await;
    }

    /// Sends a request and waits for its response (the whole message).
    pub async fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        write_msg(
            &self.writer,
            &json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }),
        )
        .await;
        self.wait_for(|m| m.get("method").is_none() && m["id"] == json!(id))
            .await
            .unwrap_or_else(|| panic!("no response to {method} {params}"))
    }

    /// The next message matching `pred` (earlier non-matching ones are kept).
    pub async fn wait_for(&mut self, pred: impl Fn(&Value) -> bool) -> Option<Value> {
        self.wait_for_within(WAIT, pred).await
    }

    pub async fn wait_for_within(
        &mut self,
        within: Duration,
        pred: impl Fn(&Value) -> bool,
    ) -> Option<Value> {
        if let Some(i) = self.backlog.iter().position(&pred) {
            return Some(self.backlog.remove(i));
        }
        let deadline = tokio::time::Instant::now() + within;
        loop {
            let msg = timeout(
                deadline.saturating_duration_since(tokio::time::Instant::now()),
                self.incoming.recv(),
            )
            .await
            .ok()??;
            if pred(&msg) {
                return Some(msg);
            }
            self.backlog.push(msg);
        }
    }

    /// Every queued message matching `pred` received within `within`.
    pub async fn collect(&mut self, within: Duration, pred: impl Fn(&Value) -> bool) -> Vec<Value> {
        let mut out = Vec::new();
        while let Some(m) = self.wait_for_within(within, &pred).await {
            out.push(m);
        }
        out
    }

    /// Initializes with `options` as `initializationOptions`; waits until
    /// the corpus is indexed when `wait_ready`.
    pub async fn initialize(
        &mut self,
        root: Option<&Path>,
        options: Value,
        utf8: bool,
        wait_ready: bool,
    ) -> Value {
        self.utf8 = utf8;
        let mut caps = json!({ "window": { "workDoneProgress": true } });
        if let Some(extra) = self.extra_caps.as_object() {
            for (k, v) in extra {
                caps[k] = v.clone();
            }
        }
        if utf8 {
            caps["general"] = json!({ "positionEncodings": ["utf-8", "utf-16"] });
        }
        let params = json!({
            "processId": null,
            "rootUri": root.map(file_uri),
            "capabilities": caps,
            "initializationOptions": options,
        });
        let response = self.request("initialize", params).await;
        self.notify("initialized", json!({})).await;
        if wait_ready {
            self.wait_ready().await;
        }
        response
    }

    pub async fn wait_ready(&mut self) -> Value {
        match self
            .wait_for(|m| m["method"] == "factcheck/status" && m["params"]["state"] == "ready")
            .await
        {
            Some(m) => m,
            None => panic!("corpus not ready; messages so far: {:?}", self.backlog),
        }
    }

    pub async fn open(&self, uri: &str, version: i32, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "markdown", "version": version, "text": text } }),
        )
        .await;
    }

    pub async fn change(&self, uri: &str, version: i32, changes: Value) {
        self.notify("textDocument/didChange", json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": changes }))
            .await;
    }

    /// The next diagnostics published for `uri` (at `version` if given).
    pub async fn diagnostics(&mut self, uri: &str, version: Option<i32>) -> Vec<Value> {
        let msg = self
            .wait_for(|m| {
                m["method"] == "textDocument/publishDiagnostics"
                    && m["params"]["uri"] == uri
                    && version.is_none_or(|v| m["params"]["version"] == json!(v))
            })
            .await
            .expect("diagnostics");
        msg["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    pub async fn shutdown(mut self) {
        let r = self.request("shutdown", Value::Null).await;
        assert!(r.get("error").is_none(), "{r}");
        self.notify("exit", Value::Null).await;
        let code = timeout(Duration::from_secs(10), self.server)
            .await
            .expect("server exits")
            .unwrap();
        assert_eq!(code, 0, "exit code after shutdown and exit");
    }
}

pub fn codes(diags: &[Value]) -> Vec<String> {
    diags
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("").to_string())
        .collect()
}
