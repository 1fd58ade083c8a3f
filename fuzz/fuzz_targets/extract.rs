//! Extraction over any text, read as Markdown and as plain text, in both
//! languages: it must not panic, and every mention range must lie on
//! character boundaries inside the text, in the sentence it is filed under.
#![no_main]

use libfuzzer_sys::fuzz_target;

use factcheck::extract::{extract, NoKnownNames, ReadOptions};
use factcheck::text::Lang;

fuzz_target!(|source: &str| {
    for (lang, markdown) in [(Lang::De, true), (Lang::En, false)] {
        let options = ReadOptions {
            lang: Some(lang),
            markdown,
            date: Some(jiff::civil::date(2024, 11, 1)),
        };
        let x = extract(source, &options, &NoKnownNames);
        let ranges = x
            .figures
            .iter()
            .map(|m| (m.sentence, m.mention.range.clone()))
            .chain(x.dates.iter().map(|m| (m.sentence, m.mention.range.clone())))
            .chain(x.persons.iter().map(|m| (m.sentence, m.mention.range.clone())))
            .chain(x.roles.iter().map(|m| (m.sentence, m.mention.range.clone())))
            .chain(x.entities.iter().map(|m| (m.sentence, m.mention.range.clone())));
        for (sentence, r) in ranges {
            assert!(r.start <= r.end && r.end <= source.len(), "{r:?}");
            assert!(source.is_char_boundary(r.start) && source.is_char_boundary(r.end));
            let s = &x.sentences[sentence];
            assert!(s.start <= r.start && r.end <= s.end, "{r:?} outside sentence {s:?}");
        }
        for s in &x.sentences {
            assert!(s.start <= s.end && s.end <= source.len());
        }
    }
});
