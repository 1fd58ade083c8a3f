//! LSP base-protocol framing as a pure function: [`next_frame`] splits the
//! bytes read so far into `Content-Length`-framed messages, and recovers
//! from broken headers instead of giving up on the stream. A body whose
//! header lies (a length too big, too small, negative, not a number,
//! missing or over [`MAX_MESSAGE`]) is found by its JSON extent when it is a
//! complete JSON object or array; bytes that belong to no message are
//! skipped up to the next header. It never panics and keeps no state, so it
//! can be fuzzed directly.

/// Largest body accepted (bytes); a longer declared length counts as unknown.
pub const MAX_MESSAGE: usize = 64 << 20;

/// Longest header block accepted (bytes).
pub const MAX_HEADER: usize = 8 << 10;

/// Longest body recovered by its JSON extent when its header gives no
/// usable length (bytes).
pub const MAX_UNFRAMED: usize = 1 << 20;

/// While a body is shorter than this, [`next_frame`] checks whether it is
/// already a complete JSON value (a declared length that is too big).
const EARLY_CHECK: usize = 64 << 10;

/// What the buffer starts with.
#[derive(Debug, PartialEq, Eq)]
pub enum Frame<'a> {
    /// More bytes are needed to decide.
    Incomplete,
    /// A message body (not necessarily valid JSON) and how many bytes of the
    /// buffer the header and body take. `note` says how the header was wrong
    /// when the body was found by its JSON extent instead.
    Message {
        body: &'a [u8],
        consumed: usize,
        note: Option<String>,
    },
    /// `consumed` bytes that belong to no message, and why.
    Skip { consumed: usize, reason: String },
}

/// How a JSON value at the start of some bytes ends.
#[derive(Debug, PartialEq, Eq)]
enum Extent {
    /// An object or array ends after this many bytes.
    Complete(usize),
    /// The bytes end inside the value.
    Incomplete,
    /// Not an object or array (or broken JSON).
    Invalid,
}

fn json_extent(bytes: &[u8]) -> Extent {
    let first = bytes.iter().position(|b| !b.is_ascii_whitespace());
    match first.map(|i| bytes[i]) {
        None => return Extent::Incomplete,
        Some(b'{') | Some(b'[') => {}
        Some(_) => return Extent::Invalid,
    }
    let mut values =
        serde_json::Deserializer::from_slice(bytes).into_iter::<serde::de::IgnoredAny>();
    match values.next() {
        Some(Ok(_)) => Extent::Complete(values.byte_offset()),
        Some(Err(e)) if e.is_eof() => Extent::Incomplete,
        _ => Extent::Invalid,
    }
}

fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

/// Whether `bytes` start with a header line (`Name:`): `Some(true)` yes,
/// `Some(false)` no, `None` cannot tell yet.
fn starts_with_header(bytes: &[u8]) -> Option<bool> {
    let name = bytes.iter().take_while(|&&b| is_token_byte(b)).count();
    match bytes.get(name) {
        None if name < MAX_HEADER => None,
        Some(b':') if name > 0 => Some(true),
        _ => Some(false),
    }
}

/// Where the next header we know (`Content-Length:` or `Content-Type:`)
/// starts at or after `from`.
fn find_header(buf: &[u8], from: usize) -> Option<usize> {
    const NAMES: [&[u8]; 2] = [b"content-length", b"content-type"];
    (from..buf.len()).find(|&i| {
        NAMES.iter().any(|name| {
            let rest = &buf[i..];
            rest.len() > name.len()
                && rest[..name.len()].eq_ignore_ascii_case(name)
                && rest[name.len()..]
                    .iter()
                    .find(|b| **b != b' ' && **b != b'\t')
                    .is_some_and(|b| *b == b':')
        })
    })
}

/// How many bytes at the end of `buf` could begin a header we know.
fn partial_header_tail(buf: &[u8]) -> usize {
    const NAMES: [&[u8]; 2] = [b"content-length", b"content-type"];
    (1..=buf.len().min(16))
        .rev()
        .find(|&n| {
            let tail = &buf[buf.len() - n..];
            NAMES.iter().any(|name| {
                let k = n.min(name.len());
                tail[..k].eq_ignore_ascii_case(&name[..k])
                    && tail[k..].iter().all(|&b| b == b' ' || b == b'\t')
            })
        })
        .unwrap_or(0)
}

/// Whether what follows a body (after whitespace) is the next header or
/// nothing yet.
fn followed_by_header_or_end(rest: &[u8]) -> bool {
    let start = rest
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(rest.len());
    start == rest.len() || find_header(rest, start) == Some(start)
}

/// Skips bytes that belong to no message, up to the next header.
fn skip_garbage(buf: &[u8], start: usize, eof: bool, why: &str) -> Frame<'static> {
    match find_header(buf, start + 1) {
        Some(i) => Frame::Skip {
            consumed: i,
            reason: format!("skipped {i} bytes: {why}"),
        },
        None if eof => Frame::Skip {
            consumed: buf.len(),
            reason: format!("skipped {} bytes at the end of input: {why}", buf.len()),
        },
        None => {
            // Keep only a tail that may be the start of a header.
            let consumed = buf.len() - partial_header_tail(&buf[start + 1..]);
            if consumed <= start {
                Frame::Incomplete
            } else {
                Frame::Skip {
                    consumed,
                    reason: format!("skipped {consumed} bytes: {why}"),
                }
            }
        }
    }
}

/// The declared length, or why there is none.
fn content_length(headers: &[u8]) -> Result<usize, String> {
    let mut length: Option<usize> = None;
    for line in headers.split(|&b| b == b'\n') {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.is_empty() {
            continue;
        }
        let Some(colon) = line.iter().position(|&b| b == b':') else {
            return Err(format!(
                "header line without a colon: {:?}",
                String::from_utf8_lossy(line)
            ));
        };
        let (name, value) = (&line[..colon], line[colon + 1..].trim_ascii());
        if !name.trim_ascii().eq_ignore_ascii_case(b"content-length") {
            continue;
        }
        let text = String::from_utf8_lossy(value);
        let parsed = match value.iter().all(u8::is_ascii_digit) && !value.is_empty() {
            true => text.parse::<usize>().ok(),
            false => None,
        };
        let Some(n) = parsed else {
            return Err(format!("Content-Length {text:?} is not a length"));
        };
        if n > MAX_MESSAGE {
            return Err(format!(
                "Content-Length {n} is over the limit of {MAX_MESSAGE} bytes"
            ));
        }
        if length.is_some_and(|l| l != n) {
            return Err("two different Content-Length headers".into());
        }
        length = Some(n);
    }
    length.ok_or_else(|| "no Content-Length header".into())
}

/// Splits off the first message (or bytes to skip) of `buf`. `eof`: no more
/// bytes will come, so nothing is left waiting.
pub fn next_frame(buf: &[u8], eof: bool) -> Frame<'_> {
    let Some(start) = buf.iter().position(|b| !b.is_ascii_whitespace()) else {
        return match (buf.is_empty(), eof) {
            (false, true) => Frame::Skip {
                consumed: buf.len(),
                reason: "whitespace at the end of input".into(),
            },
            _ => Frame::Incomplete,
        };
    };
    match starts_with_header(&buf[start..]) {
        None if eof => return skip_garbage(buf, start, true, "a truncated header"),
        None => return Frame::Incomplete,
        Some(false) => return skip_garbage(buf, start, eof, "not a message header"),
        Some(true) => {}
    }
    // The header block ends at an empty line (CRLF or LF).
    let block = &buf[start..buf.len().min(start + MAX_HEADER + 4)];
    let end = (0..block.len()).find_map(|i| {
        let at = &block[i..];
        [&b"\r\n\r\n"[..], b"\n\n", b"\n\r\n"]
            .iter()
            .find(|t| at.starts_with(t))
            .map(|t| (i, i + t.len()))
    });
    let Some((headers_end, body_offset)) = end else {
        if block.len() > MAX_HEADER || eof {
            return skip_garbage(buf, start, eof, "a header block without an end");
        }
        return Frame::Incomplete;
    };
    let body_start = start + body_offset;
    let rest = &buf[body_start..];
    match content_length(&block[..headers_end]) {
        Ok(length) if rest.len() >= length => declared_body(rest, body_start, length, eof),
        Ok(length) => {
            // Waiting for the body. A complete JSON value shorter than the
            // declared length means the length is too big: take the value
            // rather than swallow the messages after it. (Only checked while
            // the body is short, so a long body is not re-read for every chunk.)
            if rest.len() <= EARLY_CHECK || eof {
                if let Extent::Complete(m) = json_extent(rest) {
                    return Frame::Message {
                        body: &rest[..m],
                        consumed: body_start + m,
                        note: Some(format!(
                            "Content-Length {length} is longer than the {m}-byte JSON body"
                        )),
                    };
                }
            }
            if eof {
                return Frame::Skip {
                    consumed: buf.len(),
                    reason: format!(
                        "input ended {} bytes into a {length}-byte message",
                        rest.len()
                    ),
                };
            }
            Frame::Incomplete
        }
        Err(why) => {
            let window = &rest[..rest.len().min(MAX_UNFRAMED)];
            match json_extent(window) {
                Extent::Complete(m) => Frame::Message {
                    body: &rest[..m],
                    consumed: body_start + m,
                    note: Some(format!("{why}; took the {m}-byte JSON body that follows")),
                },
                Extent::Incomplete if !eof && rest.len() < MAX_UNFRAMED => Frame::Incomplete,
                _ => Frame::Skip {
                    consumed: body_start,
                    reason: format!("dropped a message header: {why}"),
                },
            }
        }
    }
}

/// The body when the declared `length` bytes are all there: normally exactly
/// one JSON value; a shorter value followed by more means the length was too
/// big, a value running past it that the length was too small. Anything else
/// is handed on as it is (it gets a parse error reply).
fn declared_body(rest: &[u8], body_start: usize, length: usize, eof: bool) -> Frame<'_> {
    let message = |m: usize, note: Option<String>| Frame::Message {
        body: &rest[..m],
        consumed: body_start + m,
        note,
    };
    match json_extent(&rest[..length]) {
        Extent::Complete(m) if rest[m..length].iter().all(u8::is_ascii_whitespace) => {
            message(length, None)
        }
        Extent::Complete(m) => message(
            m,
            Some(format!(
                "Content-Length {length} is longer than the {m}-byte JSON body"
            )),
        ),
        Extent::Incomplete if rest.len() > length => {
            let window = &rest[..rest.len().min(length + MAX_UNFRAMED)];
            match json_extent(window) {
                Extent::Complete(m) if eof || followed_by_header_or_end(&rest[m..]) => message(
                    m,
                    Some(format!(
                        "Content-Length {length} is shorter than the {m}-byte JSON body"
                    )),
                ),
                _ => message(length, None),
            }
        }
        _ => message(length, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &[u8] = br#"{"jsonrpc":"2.0","method":"x","params":{}}"#;

    fn framed(len: &str, body: &[u8]) -> Vec<u8> {
        let mut v = format!("Content-Length: {len}\r\n\r\n").into_bytes();
        v.extend_from_slice(body);
        v
    }

    /// Every message body found in `input`, reading it in one go.
    fn bodies(input: &[u8]) -> Vec<Vec<u8>> {
        let mut out = Vec::new();
        let mut at = 0;
        loop {
            match next_frame(&input[at..], true) {
                Frame::Incomplete => break,
                Frame::Message { body, consumed, .. } => {
                    out.push(body.to_vec());
                    at += consumed;
                }
                Frame::Skip { consumed, .. } => at += consumed,
            }
            assert!(at <= input.len());
        }
        out
    }

    #[test]
    fn reads_well_formed_messages() {
        let mut input = framed(&BODY.len().to_string(), BODY);
        input.extend(b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n");
        input.extend(framed(&BODY.len().to_string(), BODY));
        assert_eq!(bodies(&input), vec![BODY.to_vec(), BODY.to_vec()]);
        // Half a message waits.
        let half = &input[..input.len() / 4];
        assert_eq!(next_frame(half, false), Frame::Incomplete);
    }

    #[test]
    fn recovers_from_every_kind_of_bad_length() {
        let good = framed(&BODY.len().to_string(), BODY);
        for len in [
            "abc".to_string(),
            "-5".into(),
            (BODY.len() - 5).to_string(),
            (BODY.len() + 50).to_string(),
            (600usize << 20).to_string(),
            "".into(),
        ] {
            let mut input = framed(&len, BODY);
            input.extend(&good);
            input.extend(&good);
            let found = bodies(&input);
            assert!(found.len() >= 2, "{len}: {found:?}");
            assert!(found.ends_with(&[BODY.to_vec(), BODY.to_vec()]), "{len}");
        }
        let mut missing = b"Content-Type: x\r\n\r\n".to_vec();
        missing.extend(BODY);
        missing.extend(&good);
        assert_eq!(bodies(&missing), vec![BODY.to_vec(), BODY.to_vec()]);
    }

    #[test]
    fn skips_garbage_and_keeps_invalid_bodies_for_an_error_reply() {
        let mut input = b"hello there\r\n".to_vec();
        input.extend(framed("5", b"{ not"));
        input.extend(framed(&BODY.len().to_string(), BODY));
        assert_eq!(bodies(&input), vec![b"{ not".to_vec(), BODY.to_vec()]);
        // A header block that never ends is skipped, not buffered forever.
        let long = vec![b'X'; MAX_HEADER + 10];
        let mut input = b"X-Custom: ".to_vec();
        input.extend(&long);
        assert!(matches!(
            next_frame(&input, false),
            Frame::Skip { .. } | Frame::Incomplete
        ));
        assert!(bodies(&input).is_empty());
    }

    #[test]
    fn declared_length_waits_for_the_body() {
        let input = framed(&BODY.len().to_string(), &BODY[..10]);
        assert_eq!(next_frame(&input, false), Frame::Incomplete);
        assert!(matches!(next_frame(&input, true), Frame::Skip { .. }));
    }

    /// Reads `input` in the given chunk sizes, as the transport does.
    fn read_chunked(input: &[u8], chunks: &[usize]) -> Vec<Vec<u8>> {
        let (mut buf, mut out) = (Vec::new(), Vec::new());
        let mut fed = 0;
        let mut sizes = chunks.iter().cycle();
        loop {
            let eof = fed == input.len();
            loop {
                match next_frame(&buf, eof) {
                    Frame::Incomplete => break,
                    Frame::Message { body, consumed, .. } => {
                        out.push(body.to_vec());
                        buf.drain(..consumed);
                    }
                    Frame::Skip { consumed, .. } => {
                        buf.drain(..consumed);
                    }
                }
            }
            if eof {
                return out;
            }
            let n = (*sizes.next().unwrap()).clamp(1, input.len() - fed);
            buf.extend_from_slice(&input[fed..fed + n]);
            fed += n;
        }
    }

    proptest::proptest! {
        /// Well-formed messages come out the same however the input is cut.
        #[test]
        fn chunking_does_not_change_well_formed_messages(
            texts in proptest::collection::vec("[a-zü😀{}\\[\\]\":, ]{0,40}", 1..6),
            chunks in proptest::collection::vec(1usize..40, 1..8),
        ) {
            let bodies: Vec<Vec<u8>> = texts
                .iter()
                .map(|t| serde_json::json!({ "jsonrpc": "2.0", "method": "m", "params": { "t": t } }).to_string().into_bytes())
                .collect();
            let input: Vec<u8> = bodies.iter().flat_map(|b| framed(&b.len().to_string(), b)).collect();
            proptest::prop_assert_eq!(read_chunked(&input, &chunks), bodies);
        }

        /// Any bytes: never a panic, every step uses up bytes, and the
        /// input is used up in the end.
        #[test]
        fn arbitrary_bytes_are_always_used_up(
            pieces in proptest::collection::vec(proptest::prop_oneof![
                proptest::collection::vec(proptest::num::u8::ANY, 0..20),
                proptest::sample::select(vec![
                    b"Content-Length: ".to_vec(), b"\r\n\r\n".to_vec(), b"12".to_vec(), b"-1".to_vec(),
                    b"{\"jsonrpc\":\"2.0\",\"method\":\"m\"}".to_vec(), b"content-type: x\r\n".to_vec(), b"[".to_vec(), b"}".to_vec(),
                ]),
            ], 0..30),
            eof in proptest::bool::ANY,
        ) {
            let input: Vec<u8> = pieces.concat();
            let mut at = 0;
            while at < input.len() {
                match next_frame(&input[at..], eof) {
                    Frame::Incomplete => {
                        proptest::prop_assert!(!eof, "incomplete at the end of input");
                        break;
                    }
                    Frame::Message { body, consumed, .. } => {
                        proptest::prop_assert!(consumed > 0 && consumed <= input.len() - at);
                        proptest::prop_assert!(body.len() <= consumed);
                        at += consumed;
                    }
                    Frame::Skip { consumed, .. } => {
                        proptest::prop_assert!(consumed > 0 && consumed <= input.len() - at);
                        at += consumed;
                    }
                }
            }
        }
    }
}
