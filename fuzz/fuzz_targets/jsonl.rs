//! JSONL corpus files: every non-blank line becomes an article or an error
//! naming that line, never both and never a panic.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

use factcheck::corpus::article::parse_jsonl;

fuzz_target!(|text: &str| {
    let (articles, errors) = parse_jsonl(Path::new("fuzz.jsonl"), text);
    let non_blank = text.lines().filter(|l| !l.trim().is_empty()).count();
    assert_eq!(articles.len() + errors.len(), non_blank);
    let total = text.lines().count();
    for a in &articles {
        let line = a.jsonl_line.expect("a JSONL article knows its line");
        assert!(line >= 1 && line <= total);
    }
    for e in &errors {
        let line = e.line.expect("a JSONL error names its line");
        assert!(line >= 1 && line <= total);
        assert!(articles.iter().all(|a| a.jsonl_line != Some(line)));
    }
});
