//! Reading a text or Markdown article from arbitrary bytes: decoding and
//! front matter (YAML and TOML) either give an article whose text is the
//! decoded file, or an error naming the file and a line inside it.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

use factcheck::corpus::article::{decode, parse_text_article};

fuzz_target!(|bytes: &[u8]| {
    let path = Path::new("fuzz.md");
    let text = match decode(path, bytes.to_vec()) {
        Ok(t) => t,
        Err(e) => {
            assert_eq!(e.path, path);
            return;
        }
    };
    let lines = text.split('\n').count();
    match parse_text_article(path, text.clone()) {
        Ok(a) => assert_eq!(a.text, text),
        Err(e) => {
            assert_eq!(e.path, path);
            if let Some(line) = e.line {
                assert!(line >= 1 && line <= lines, "line {line} of {lines}");
            }
            assert!(e.to_string().starts_with("fuzz.md"));
        }
    }
});
