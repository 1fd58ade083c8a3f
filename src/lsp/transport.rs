//! The stdio transport around `tower-lsp-server`'s `Server`, which stops
//! reading for good at the first message it cannot decode. Input goes
//! through [`framing::next_frame`] and [`message::check_message`] first:
//! only valid JSON-RPC 2.0 reaches the server; a broken message gets its
//! error reply (-32700, -32600) or a log line, here, and the stream
//! resynchronises at the next header. Replies and logs written here are
//! merged with the server's output one whole message at a time.
//!
//! The session's exit code follows LSP: 0 when `shutdown` came before
//! `exit` (or before the end of input), 1 otherwise.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use serde_json::{json, Value};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, DuplexStream};
use tokio::sync::mpsc;
use tower_lsp_server::Server;

use super::framing::{next_frame, Frame};
use super::message::{check_message, Checked};

/// What the input side saw of the session's end.
#[derive(Default)]
struct Ending {
    shutdown: AtomicBool,
}

fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

/// Sends a note to stderr and, as a `window/logMessage` warning, to the client.
fn log(to_client: &mpsc::UnboundedSender<Value>, note: &str) {
    eprintln!("factcheck lsp: {note}");
    let _ = to_client.send(json!({
        "jsonrpc": "2.0",
        "method": "window/logMessage",
        "params": { "type": 2, "message": format!("factcheck: {note}") },
    }));
}

/// Reads `input`, passing valid messages to `server` and answering or
/// logging the rest through `to_client`, until end of input or `exit`.
async fn read_input<R: AsyncRead + Unpin>(
    mut input: R,
    mut server: DuplexStream,
    to_client: mpsc::UnboundedSender<Value>,
    ending: Arc<Ending>,
) {
    let mut buf: Vec<u8> = Vec::with_capacity(1 << 16);
    let mut start = 0;
    let mut eof = false;
    loop {
        loop {
            let (consumed, body, note) = match next_frame(&buf[start..], eof) {
                Frame::Incomplete => break,
                Frame::Skip { consumed, reason } => (consumed, None, Some(reason)),
                Frame::Message {
                    body,
                    consumed,
                    note,
                } => (consumed, Some(body.to_vec()), note),
            };
            start += consumed.max(1).min(buf.len() - start);
            if let Some(note) = note {
                log(&to_client, &note);
            }
            let Some(body) = body else { continue };
            match check_message(&body) {
                Checked::Reject { replies, note } => {
                    log(&to_client, &note);
                    for r in replies {
                        let _ = to_client.send(r);
                    }
                }
                Checked::Forward {
                    body,
                    method,
                    request,
                    note,
                } => {
                    if let Some(note) = note {
                        log(&to_client, &note);
                    }
                    if request && method.as_deref() == Some("shutdown") {
                        ending.shutdown.store(true, Ordering::SeqCst);
                    }
                    if server.write_all(&frame(&body)).await.is_err() {
                        return;
                    }
                    if method.as_deref() == Some("exit") {
                        return;
                    }
                }
            }
            if start == buf.len() {
                break;
            }
        }
        if eof {
            return;
        }
        if start > 0 && start * 2 >= buf.len() {
            buf.drain(..start);
            start = 0;
        }
        let mut chunk = [0u8; 1 << 16];
        match input.read(&mut chunk).await {
            Ok(0) | Err(_) => eof = true,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
}

/// Copies the server's output to `output`, one whole message at a time,
/// with the replies and logs of [`read_input`] in between.
async fn write_output<W: AsyncWrite + Unpin>(
    mut from_server: DuplexStream,
    mut from_guard: mpsc::UnboundedReceiver<Value>,
    mut output: W,
) {
    let mut buf: Vec<u8> = Vec::new();
    let mut server_open = true;
    let mut chunk = vec![0u8; 1 << 16];
    while server_open {
        tokio::select! {
            n = from_server.read(&mut chunk) => match n {
                Ok(0) | Err(_) => server_open = false,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            },
            Some(v) = from_guard.recv() => {
                let _ = output.write_all(&frame(v.to_string().as_bytes())).await;
                let _ = output.flush().await;
            }
        }
        let mut at = 0;
        loop {
            match next_frame(&buf[at..], !server_open) {
                Frame::Incomplete => break,
                Frame::Message { body, consumed, .. } => {
                    let _ = output.write_all(&frame(body)).await;
                    at += consumed;
                }
                // Never from the server; skipped rather than stuck on.
                Frame::Skip { consumed, .. } => at += consumed,
            }
        }
        if at > 0 {
            buf.drain(..at);
            let _ = output.flush().await;
        }
    }
    while let Ok(v) = from_guard.try_recv() {
        let _ = output.write_all(&frame(v.to_string().as_bytes())).await;
    }
    let _ = output.flush().await;
}

/// Serves one session over `input`/`output` until `exit` or end of input;
/// returns the exit code (0 after `shutdown`, else 1).
pub async fn serve<R, W>(input: R, output: W) -> u8
where
    R: AsyncRead + Unpin + Send + 'static,
    W: AsyncWrite + Unpin,
{
    let (service, socket) = super::service();
    let ending = Arc::new(Ending::default());
    let (server_in, guard_out) = tokio::io::duplex(1 << 20);
    let (server_out, pump_in) = tokio::io::duplex(1 << 20);
    let (to_client, from_guard) = mpsc::unbounded_channel();
    let reader = tokio::spawn(read_input(input, guard_out, to_client, ending.clone()));
    let server = async {
        Server::new(server_in, server_out, socket)
            .serve(service)
            .await;
    };
    tokio::join!(server, write_output(pump_in, from_guard, output));
    reader.abort();
    if ending.shutdown.load(Ordering::SeqCst) {
        0
    } else {
        1
    }
}

/// Runs the language server on stdin/stdout; returns the exit code.
pub fn run_stdio() -> u8 {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("factcheck lsp: cannot start: {e}");
            return 2;
        }
    };
    let code = runtime.block_on(serve(tokio::io::stdin(), tokio::io::stdout()));
    runtime.shutdown_timeout(std::time::Duration::from_millis(200));
    code
}
