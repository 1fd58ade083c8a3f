//! Markdown masking: the masked text keeps every byte offset and line break
//! of the source, and suppressed ranges stay inside it.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|source: &str| {
    for markdown in [true, false] {
        let masked = factcheck::text::mask(source, markdown);
        assert_eq!(masked.text.len(), source.len());
        for (a, b) in source.bytes().zip(masked.text.bytes()) {
            assert!(b == a || b == b' ', "a byte is either kept or blanked");
            assert_eq!(a == b'\n', b == b'\n', "line breaks stay where they are");
        }
        for r in &masked.suppressed {
            assert!(r.start <= r.end && r.end <= source.len(), "{r:?}");
        }
    }
    let end = factcheck::text::markdown::front_matter_end(source);
    assert!(end <= source.len() && source.is_char_boundary(end));
});
