//! Engine benchmarks: indexing a real corpus, and checking one article of it
//! against the rest (`../shared/corpus/derstandard`; skipped when absent).

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use factcheck::engine::{DraftOptions, Engine};

fn corpus() -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/derstandard");
    p.is_dir().then_some(p)
}

fn bench(c: &mut Criterion) {
    let Some(corpus) = corpus() else {
        eprintln!("../shared/corpus/derstandard not found: engine benchmarks skipped");
        return;
    };
    let mut group = c.benchmark_group("derstandard");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function("index 1028 articles", |b| {
        b.iter(|| {
            Engine::load(
                black_box(std::slice::from_ref(&corpus)),
                Default::default(),
                &|_, _| {},
            )
        })
    });
    let engine = Engine::load(
        std::slice::from_ref(&corpus),
        Default::default(),
        &|_, _| {},
    );
    let draft_path = corpus.join("0004-international.txt");
    let draft = std::fs::read_to_string(&draft_path).expect("article");
    let options = DraftOptions {
        path: Some(draft_path),
        lang: None,
        ..Default::default()
    };
    group
        .sample_size(50)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("check one article against the other 1027", |b| {
        b.iter(|| engine.check(black_box(&draft), &options))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
