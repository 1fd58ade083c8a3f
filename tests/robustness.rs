//! The engine must never panic, whatever the text: odd Unicode, broken
//! Markdown, huge numbers, and pseudo-random soup built from the pieces the
//! extractors react to.

use std::path::PathBuf;

use factcheck::engine::{DraftOptions, Engine, ParagraphCache};

const PIECES: &[&str] = &[
    "NATO-Generalsekretär ",
    "Mark Rutte",
    "Rutte",
    " über ",
    "2 Milliarden",
    " Dollar",
    "zwischen 10.000 und 12.000",
    " Soldaten",
    "am 1. November 2024",
    "gestern",
    "Japans ",
    "Außenminister ",
    "US-",
    "Ex-",
    "(",
    ")",
    "„",
    "“",
    "€",
    "$",
    "£",
    "%",
    "1.",
    "01.11.",
    "2:1",
    "G7",
    "F-35",
    "http://x.y/z",
    "`",
    "```\n",
    "<!-- factcheck: off -->",
    "<!-- factcheck: ignore -->",
    "<!--",
    "---\n",
    "+++\n",
    "\r\n",
    "\n\n",
    " ",
    "ß",
    "👍🏽",
    "\u{200b}",
    "e\u{301}",
    "İ",
    "ﬁ",
    "999999999999999999999999999",
    "1e400",
    "-",
    "–",
    "bis",
    " and ",
    "between ",
    "Prime Minister ",
    "Mr ",
    "former ",
    "Deputy ",
    "'s",
    "Zwölf",
    "eineinhalb",
    "Tausende",
    "0,5",
    "1 234",
    "\u{202f}",
    "#",
    "*",
    "|",
];

struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }
}

fn engine() -> Engine {
    let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/corpus");
    Engine::load(&[corpus], Default::default(), &|_, _| {})
}

#[test]
fn no_text_makes_the_engine_panic() {
    let engine = engine();
    let mut rng = Lcg(7);
    let mut cache = ParagraphCache::default();
    for round in 0..400 {
        let len = rng.next() % 60;
        let text: String = (0..len)
            .map(|_| PIECES[rng.next() % PIECES.len()])
            .collect();
        for path in ["draft.md", "draft.txt"] {
            let options = DraftOptions {
                path: Some(path.into()),
                lang: None,
                ..Default::default()
            };
            let report = engine.check(&text, &options);
            for f in &report.findings {
                assert!(
                    f.range.start <= f.range.end && f.range.end <= text.len(),
                    "round {round}: {f:?}"
                );
                assert!(text.is_char_boundary(f.range.start) && text.is_char_boundary(f.range.end));
            }
            let cached = engine.check_cached(&text, &options, &mut cache);
            assert_eq!(
                cached.findings, report.findings,
                "round {round}: cached check differs for {text:?}"
            );
            let (extraction, _) = engine.read(&text, &options);
            for offset in [0, text.len() / 2, text.len()] {
                if let Some((name, kind, _)) = engine.name_at(&extraction, offset) {
                    let _ = engine
                        .describe(&name, kind, &options)
                        .to_markdown(report.lang);
                }
            }
        }
    }
}

#[test]
fn odd_documents() {
    let engine = engine();
    for text in [
        "",
        "\n",
        "---",
        "---\n",
        "---\ndate: 2024-13-45\n---\nText.",
        "+++\n+++\n",
        "(",
        "1.",
        "€€€",
        "\u{feff}Text",
    ] {
        let _ = engine.check(text, &DraftOptions::default());
    }
}

/// Inputs the fuzz targets (fuzz/) found to break a property, kept as
/// regression tests.
#[test]
fn fuzz_crash_inputs_stay_fixed() {
    use factcheck::corpus::article::{decode, parse_text_article};
    // front_matter: a bare `\r` is a line break to the YAML parser, so the
    // error's line was counted past the end of the file.
    let crash: &[u8] = b"---\ntitle: Ha\nnefdate: 202date-30++\r\r\r\r\r\r\r\r\r\r\nur+\nt16\n--\r\r\r\r\r\r\r\r\r: 2u0ktion\n---\nDer Hafen schlug 40 Schiffe um.\n";
    let path = std::path::Path::new("crash.md");
    let text = decode(path, crash.to_vec()).unwrap();
    let lines = text.split('\n').count();
    let e = parse_text_article(path, text).unwrap_err();
    let line = e.line.expect("a YAML error names its line");
    assert!((2..=lines).contains(&line), "line {line} of {lines}: {e}");
}
