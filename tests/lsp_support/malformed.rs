//! The malformed messages of the protocol robustness test
//! (`tests/lsp_protocol.rs`), each with what it must bring about.

use serde_json::{json, Value};

pub const URI: &str = "file:///tmp/factcheck-protocol/draft.md";
pub const TEXT: &str = "Frankreichs Präsident Mark Rutte äußerte sich besorgt.\n";

/// What a case must bring about.
pub enum Expect {
    /// An error reply with this code to this id.
    Error(i64, Value),
    /// A normal (non-error) answer to this id.
    Answer(Value),
    /// A log message containing this text.
    Log(&'static str),
}

pub struct Case {
    pub name: &'static str,
    pub bytes: Vec<u8>,
    pub expect: Vec<Expect>,
}

pub fn framed(body: &[u8]) -> Vec<u8> {
    let mut v = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    v.extend_from_slice(body);
    v
}

fn with_header(header: &str, body: &[u8]) -> Vec<u8> {
    let mut v = header.as_bytes().to_vec();
    v.extend_from_slice(body);
    v
}

fn request(id: i64, method: &str, params: Value) -> Vec<u8> {
    json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params })
        .to_string()
        .into_bytes()
}

fn notification(method: &str, params: Value) -> Vec<u8> {
    json!({ "jsonrpc": "2.0", "method": method, "params": params })
        .to_string()
        .into_bytes()
}

pub fn at(line: u32, character: u32) -> Value {
    json!({ "textDocument": { "uri": URI }, "position": { "line": line, "character": character } })
}

const INVALID_REQUEST: i64 = -32600;
const PARSE_ERROR: i64 = -32700;
const INVALID_PARAMS: i64 = -32602;
const METHOD_NOT_FOUND: i64 = -32601;

pub fn cases() -> Vec<Case> {
    use Expect::*;
    let mut cases = Vec::new();
    let mut add = |name, bytes, expect| {
        cases.push(Case {
            name,
            bytes,
            expect,
        })
    };
    // 1. JSON that is not JSON-RPC 2.0.
    add(
        "no jsonrpc field",
        framed(br#"{"id":101,"method":"textDocument/hover","params":{}}"#),
        vec![Error(INVALID_REQUEST, json!(101))],
    );
    add(
        "jsonrpc 1.0",
        framed(br#"{"jsonrpc":"1.0","id":102,"method":"textDocument/hover","params":{}}"#),
        vec![Error(INVALID_REQUEST, json!(102))],
    );
    add(
        "notification without jsonrpc",
        framed(br#"{"method":"foo"}"#),
        vec![Error(INVALID_REQUEST, Value::Null)],
    );
    add(
        "id is a float",
        framed(br#"{"jsonrpc":"2.0","id":1.5,"method":"shutdown"}"#),
        vec![Error(INVALID_REQUEST, Value::Null)],
    );
    add(
        "id is an object",
        framed(br#"{"jsonrpc":"2.0","id":{"a":1},"method":"shutdown"}"#),
        vec![Error(INVALID_REQUEST, Value::Null)],
    );
    add(
        "id is true",
        framed(br#"{"jsonrpc":"2.0","id":true,"method":"shutdown"}"#),
        vec![Error(INVALID_REQUEST, Value::Null)],
    );
    add(
        "response with id [1]",
        framed(br#"{"jsonrpc":"2.0","id":[1],"result":null}"#),
        vec![Log("invalid response")],
    );
    add(
        "response with result and error",
        framed(br#"{"jsonrpc":"2.0","id":5,"result":1,"error":{"code":1,"message":"m"}}"#),
        vec![Log("invalid response")],
    );
    add(
        "response to nothing",
        framed(br#"{"jsonrpc":"2.0","id":99999,"result":null}"#),
        vec![],
    );
    add(
        "method is a number",
        framed(br#"{"jsonrpc":"2.0","id":103,"method":7}"#),
        vec![Error(INVALID_REQUEST, json!(103))],
    );
    add(
        "params is a string",
        framed(br#"{"jsonrpc":"2.0","id":104,"method":"textDocument/hover","params":"x"}"#),
        vec![Error(INVALID_REQUEST, json!(104))],
    );
    add(
        "method and result",
        framed(br#"{"jsonrpc":"2.0","id":105,"method":"textDocument/hover","result":1}"#),
        vec![Error(INVALID_REQUEST, json!(105))],
    );
    add(
        "only an id",
        framed(br#"{"jsonrpc":"2.0","id":106}"#),
        vec![Error(INVALID_REQUEST, json!(106))],
    );
    add(
        "a JSON number",
        framed(b"42"),
        vec![Error(INVALID_REQUEST, Value::Null)],
    );
    add(
        "a JSON string",
        framed(br#""hello""#),
        vec![Error(INVALID_REQUEST, Value::Null)],
    );
    // 2. Content-Length that lies or is missing: the message is still found.
    let hover = request(110, "textDocument/hover", at(0, 25));
    add(
        "Content-Length not a number",
        with_header("Content-Length: abc\r\n\r\n", &hover),
        vec![Log("not a length"), Answer(json!(110))],
    );
    let hover = request(111, "textDocument/hover", at(0, 25));
    add(
        "Content-Length negative",
        with_header("Content-Length: -5\r\n\r\n", &hover),
        vec![Log("not a length"), Answer(json!(111))],
    );
    let hover = request(112, "textDocument/hover", at(0, 25));
    add(
        "no Content-Length",
        with_header(
            "Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n",
            &hover,
        ),
        vec![Log("no Content-Length"), Answer(json!(112))],
    );
    let hover = request(113, "textDocument/hover", at(0, 25));
    add(
        "Content-Length too small",
        with_header(
            &format!("Content-Length: {}\r\n\r\n", hover.len() - 5),
            &hover,
        ),
        vec![Log("shorter"), Answer(json!(113))],
    );
    let hover = request(114, "textDocument/hover", at(0, 25));
    add(
        "Content-Length too big",
        with_header(
            &format!("Content-Length: {}\r\n\r\n", hover.len() + 50),
            &hover,
        ),
        vec![Log("longer"), Answer(json!(114))],
    );
    let hover = request(115, "textDocument/hover", at(0, 25));
    add(
        "Content-Length over 512 MiB",
        with_header("Content-Length: 600000000\r\n\r\n", &hover),
        vec![Log("over the limit"), Answer(json!(115))],
    );
    let hover = request(116, "textDocument/hover", at(0, 25));
    add(
        "Content-Length huge number",
        with_header("Content-Length: 99999999999999999999999\r\n\r\n", &hover),
        vec![Log("not a length"), Answer(json!(116))],
    );
    let hover = request(117, "textDocument/hover", at(0, 25));
    add(
        "Content-Length empty",
        with_header("Content-Length: \r\n\r\n", &hover),
        vec![Log("not a length"), Answer(json!(117))],
    );
    let hover = request(118, "textDocument/hover", at(0, 25));
    add(
        "two different Content-Lengths",
        with_header(
            &format!(
                "Content-Length: {}\r\nContent-Length: 3\r\n\r\n",
                hover.len()
            ),
            &hover,
        ),
        vec![Log("two different"), Answer(json!(118))],
    );
    let hover = request(119, "textDocument/hover", at(0, 25));
    add(
        "the same Content-Length twice",
        with_header(
            &format!(
                "Content-Length: {0}\r\nContent-Length: {0}\r\n\r\n",
                hover.len()
            ),
            &hover,
        ),
        vec![Answer(json!(119))],
    );
    let hover = request(120, "textDocument/hover", at(0, 25));
    add(
        "lower-case header, LF only",
        with_header(&format!("content-length: {}\n\n", hover.len()), &hover),
        vec![Answer(json!(120))],
    );
    add(
        "Content-Length zero",
        framed(b""),
        vec![Error(PARSE_ERROR, Value::Null)],
    );
    add(
        "garbage between messages",
        b"hello, server\r\n\r\n".to_vec(),
        vec![Log("skipped")],
    );
    add(
        "header line without a colon",
        with_header("Content-Length: 2\r\nnonsense\r\n\r\n", b"{}"),
        vec![Log("without a colon"), Error(INVALID_REQUEST, Value::Null)],
    );
    let mut long = b"X-Long: ".to_vec();
    long.extend(vec![b'x'; 20_000]);
    long.extend(b"\r\n\r\n");
    add("header block over 8 KiB", long, vec![Log("skipped")]);
    // 3. Not JSON, batches.
    add(
        "invalid JSON",
        framed(br#"{"jsonrpc":"2.0","id":130,"method":"shutdown","#),
        vec![Error(PARSE_ERROR, Value::Null)],
    );
    add(
        "batch with a request",
        framed(br#"[{"jsonrpc":"2.0","id":131,"method":"shutdown"}]"#),
        vec![Error(INVALID_REQUEST, json!(131))],
    );
    add(
        "empty batch",
        framed(b"[]"),
        vec![Error(INVALID_REQUEST, Value::Null)],
    );
    add(
        "invalid UTF-8 in a body",
        framed(b"{\"jsonrpc\":\"2.0\",\"id\":132,\"method\":\"factcheck/x\xff\xfe\"}"),
        vec![Log("invalid UTF-8"), Error(METHOD_NOT_FOUND, json!(132))],
    );
    add(
        "invalid UTF-8 outside strings",
        framed(b"{\"jsonrpc\":\"2.0\",\xff\"id\":133}"),
        vec![Error(PARSE_ERROR, Value::Null)],
    );
    // Unknown methods.
    add(
        "unknown request",
        framed(&request(140, "factcheck/nothing", json!({}))),
        vec![Error(METHOD_NOT_FOUND, json!(140))],
    );
    add(
        "unknown notification",
        framed(&notification("factcheck/nothing", json!({}))),
        vec![Log("unknown notification")],
    );
    add("string id", framed(br#"{"jsonrpc":"2.0","id":"s-141","method":"textDocument/hover","params":{"textDocument":{"uri":"file:///tmp/factcheck-protocol/draft.md"},"position":{"line":0,"character":25}}}"#), vec![Answer(json!("s-141"))]);
    // Parameters of the wrong type for every handler.
    for (id, method) in [
        (150, "textDocument/hover"),
        (151, "textDocument/definition"),
        (152, "textDocument/references"),
        (153, "textDocument/codeAction"),
        (154, "workspace/executeCommand"),
    ] {
        for (k, params) in [
            json!({ "bogus": true }),
            json!([1, 2]),
            json!({ "textDocument": 5, "position": "x" }),
        ]
        .into_iter()
        .enumerate()
        {
            let id = id * 10 + k as i64;
            add(
                "wrong params for a request",
                framed(&request(id, method, params)),
                vec![Error(INVALID_PARAMS, json!(id))],
            );
        }
    }
    for method in [
        "textDocument/didOpen",
        "textDocument/didChange",
        "textDocument/didClose",
        "workspace/didChangeConfiguration",
        "workspace/didChangeWatchedFiles",
    ] {
        add(
            "wrong params for a notification",
            framed(&notification(
                method,
                json!({ "textDocument": 5, "changes": "x" }),
            )),
            vec![Log("invalid params")],
        );
    }
    // Commands with bad arguments.
    add(
        "describe without arguments",
        framed(&request(
            160,
            "workspace/executeCommand",
            json!({ "command": "factcheck.describe" }),
        )),
        vec![Error(INVALID_PARAMS, json!(160))],
    );
    add(
        "acceptName with a number",
        framed(&request(
            161,
            "workspace/executeCommand",
            json!({ "command": "factcheck.acceptName", "arguments": [7] }),
        )),
        vec![Error(INVALID_PARAMS, json!(161))],
    );
    add(
        "unknown command",
        framed(&request(
            162,
            "workspace/executeCommand",
            json!({ "command": "factcheck.nope" }),
        )),
        vec![Error(INVALID_PARAMS, json!(162))],
    );
    // Positions past the end, unknown documents.
    add(
        "hover past the end",
        framed(&request(170, "textDocument/hover", at(999, 999))),
        vec![Answer(json!(170))],
    );
    add(
        "hover past the line end",
        framed(&request(171, "textDocument/hover", at(0, 9999))),
        vec![Answer(json!(171))],
    );
    add(
        "definition past the end",
        framed(&request(172, "textDocument/definition", at(50, 0))),
        vec![Answer(json!(172))],
    );
    add(
        "references past the end",
        framed(&request(
            173,
            "textDocument/references",
            json!({ "textDocument": { "uri": URI }, "position": { "line": 70, "character": 3 }, "context": { "includeDeclaration": true } }),
        )),
        vec![Answer(json!(173))],
    );
    let far = json!({ "start": { "line": 99, "character": 99 }, "end": { "line": 0, "character": 9999 } });
    add(
        "code action past the end",
        framed(&request(
            174,
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": URI }, "range": far, "context": { "diagnostics": [{ "range": far, "message": "m", "source": "factcheck", "data": { "fix": { "range": 3 } } }] } }),
        )),
        vec![Answer(json!(174))],
    );
    add(
        "hover on an unknown document",
        framed(&request(
            175,
            "textDocument/hover",
            json!({ "textDocument": { "uri": "file:///nowhere.md" }, "position": { "line": 0, "character": 0 } }),
        )),
        vec![Answer(json!(175))],
    );
    add(
        "didChange for an unknown document",
        framed(&notification(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": "file:///nowhere.md", "version": 2 }, "contentChanges": [{ "text": "x" }] }),
        )),
        vec![Log("not open")],
    );
    cases
}
