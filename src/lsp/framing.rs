//! A guard in front of the transport: `tower-lsp-server` stops reading
//! after one undecodable message (its framed reader ends on the first
//! error), so a single malformed message would end the session. This filter
//! re-frames the input and drops (with a note on stderr) every message that
//! is not a JSON-RPC object, passing the rest through unchanged.

use serde_json::Value;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWriteExt, BufReader};

/// Largest message accepted (bytes).
const MAX_MESSAGE: usize = 512 << 20;

fn is_json_rpc(body: &[u8]) -> bool {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(m)) => {
            m.get("method").is_some_and(Value::is_string)
                || (m.contains_key("id") && (m.contains_key("result") || m.contains_key("error")))
        }
        _ => false,
    }
}

/// Returns a reader carrying only well-formed messages from `input`.
pub fn guard<R: AsyncRead + Unpin + Send + 'static>(input: R) -> tokio::io::DuplexStream {
    let (mut tx, rx) = tokio::io::duplex(1 << 20);
    tokio::spawn(async move {
        let mut input = BufReader::new(input);
        loop {
            let mut length: Option<usize> = None;
            let mut saw_header = false;
            loop {
                let mut line = String::new();
                match input.read_line(&mut line).await {
                    Ok(0) | Err(_) => return,
                    Ok(_) => {}
                }
                let line = line.trim_end();
                if line.is_empty() {
                    if saw_header {
                        break;
                    }
                    continue;
                }
                saw_header = true;
                if let Some((k, v)) = line.split_once(':') {
                    if k.trim().eq_ignore_ascii_case("content-length") {
                        length = v.trim().parse().ok();
                    }
                }
            }
            let Some(length) = length.filter(|&l| l <= MAX_MESSAGE) else {
                eprintln!("factcheck lsp: dropped a message without a valid Content-Length");
                continue;
            };
            let mut body = vec![0; length];
            if input.read_exact(&mut body).await.is_err() {
                return;
            }
            if !is_json_rpc(&body) {
                eprintln!("factcheck lsp: dropped a malformed message ({length} bytes)");
                continue;
            }
            let header = format!("Content-Length: {length}\r\n\r\n");
            if tx.write_all(header.as_bytes()).await.is_err() || tx.write_all(&body).await.is_err()
            {
                return;
            }
        }
    });
    rx
}
