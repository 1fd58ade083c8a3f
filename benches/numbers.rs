//! Extraction speed on 100 KB drafts built to stress number and figure
//! reading (long runs of numbers, number words, digit pairs, bracketed
//! digits) and on ordinary prose of the same size, through the engine's
//! reading path (what `factcheck extract` and `check` run). Work should grow
//! linearly: each draft should take about as long as the prose.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use factcheck::corpus::CorpusIndex;
use factcheck::engine::{DraftOptions, Engine};

/// `piece` repeated to about 100 KB between an opening and a closing word.
fn draft(open: &str, piece: &str, close: &str) -> String {
    let n = 100_000 / piece.len();
    format!("{open}{}{close}", piece.repeat(n))
}

fn bench(c: &mut Criterion) {
    let engine = Engine::new(CorpusIndex::default(), Default::default());
    let drafts = [
        ("ones", draft("Es waren ", "1 ", "Soldaten.")),
        ("number words", draft("There were ", "one ", "soldiers.")),
        ("digit pairs", draft("", "1/2 ", "")),
        ("bracketed digits", draft("", "(1)", "")),
        (
            "prose",
            draft(
                "",
                "Rund 12.000 Menschen kamen am Samstag, zwei Drittel davon aus der Stadt. ",
                "",
            ),
        ),
    ];
    let mut group = c.benchmark_group("read 100 KB");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    for (name, text) in &drafts {
        let options = DraftOptions::default();
        group.bench_function(*name, |b| b.iter(|| engine.read(black_box(text), &options)));
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
