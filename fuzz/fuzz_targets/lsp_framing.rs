//! LSP framing and message validation: whatever bytes arrive on stdin,
//! [`framing::next_frame`] splits them into messages or bytes to skip, always
//! makes progress, never reads past the buffer and never panics; every body it
//! yields goes through [`message::check_message`] without panicking.
#![no_main]

use factcheck::lsp::framing::{next_frame, Frame};
use factcheck::lsp::message::{check_message, Checked};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let mut rest = bytes;
    // Feed the stream as it would arrive: first without, then with end of input.
    for eof in [false, true] {
        loop {
            match next_frame(rest, eof) {
                Frame::Incomplete => break,
                Frame::Skip { consumed, .. } => {
                    assert!(consumed > 0 && consumed <= rest.len(), "a skip makes progress");
                    rest = &rest[consumed..];
                }
                Frame::Message { body, consumed, .. } => {
                    assert!(consumed > 0 && consumed <= rest.len(), "a message makes progress");
                    if let Checked::Forward { body, .. } = check_message(body) {
                        assert!(!body.is_empty(), "a forwarded body has content");
                    }
                    rest = &rest[consumed..];
                }
            }
        }
    }
    assert!(rest.is_empty(), "at end of input every byte is used up");
});
