//! LSP framing: whatever bytes arrive on stdin, the guard in front of the
//! transport passes on only well-framed JSON-RPC messages and never panics.
//! (Targets `framing::guard`; when the pure `framing::next_frame` lands, fuzz
//! that directly.)
#![no_main]

use libfuzzer_sys::fuzz_target;
use tokio::io::AsyncReadExt;

fuzz_target!(|bytes: &[u8]| {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    let out = runtime.block_on(async {
        let mut reader = factcheck::lsp::framing::guard(std::io::Cursor::new(bytes.to_vec()));
        let mut out = Vec::new();
        reader.read_to_end(&mut out).await.expect("read");
        out
    });
    // The output is a sequence of `Content-Length: N\r\n\r\n` + N bytes of a JSON object.
    let mut rest = &out[..];
    while !rest.is_empty() {
        let header_end = rest
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("a header");
        let header = std::str::from_utf8(&rest[..header_end]).expect("ASCII header");
        let length: usize = header
            .strip_prefix("Content-Length: ")
            .expect("only Content-Length")
            .parse()
            .expect("a number");
        let body = &rest[header_end + 4..header_end + 4 + length];
        let value: serde_json::Value = serde_json::from_slice(body).expect("JSON body");
        assert!(value.is_object());
        rest = &rest[header_end + 4 + length..];
    }
});
