//! The language server's re-check after a one-word edit in a 2,000-word
//! German draft against `../shared/corpus/derstandard` (skipped when absent):
//! the draft is built at bench time from corpus sentences; each iteration
//! applies a one-word edit to the rope and runs the same analysis the server
//! runs after the debounce (`factcheck::lsp::analysis::analyse`, with the
//! per-document paragraph cache). Also prints p50/p95 over 50 edits and a
//! one-off time from `initialize` to the first published diagnostics.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use factcheck::check::Severity;
use factcheck::engine::{DraftOptions, Engine, ParagraphCache};
use factcheck::lsp::analysis::analyse;
use factcheck::lsp::documents::{byte_to_position, Document, PosEnc};
use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tower_lsp_server::ls_types::{Range, TextDocumentContentChangeEvent, Uri};

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/derstandard")
}

/// About 2,000 words of corpus sentences, four to a paragraph.
fn build_draft(engine: &Engine) -> String {
    let mut out = String::from("---\nlang: de\n---\n");
    let (mut words, mut in_para) = (0, 0);
    let archive = engine.archive();
    'outer: for a in (0..archive.article_count() as u32).step_by(7) {
        for sentence in (1..4).filter_map(|i| archive.sentence(a, i)) {
            // Numbers ending in 0 end in 5 in the draft, so that some figures conflict.
            let s = sentence.text.replace("0 ", "5 ");
            if s.len() < 40 {
                continue;
            }
            words += s.split_whitespace().count();
            out.push_str(&s);
            in_para += 1;
            out.push_str(if in_para % 4 == 0 { "\n\n" } else { " " });
            if words >= 2000 {
                break 'outer;
            }
        }
    }
    out
}

struct Bench {
    engine: Engine,
    doc: Document,
    cache: ParagraphCache,
    options: DraftOptions,
    /// Byte offset of the word that is edited.
    at: usize,
    flip: bool,
}

impl Bench {
    /// One-word edit (alternating two words in the middle paragraph) + re-analysis.
    fn step(&mut self) -> usize {
        let (old, new) = if self.flip {
            ("Montag", "Dienstag")
        } else {
            ("Dienstag", "Montag")
        };
        self.flip = !self.flip;
        let range = Range::new(
            byte_to_position(&self.doc.rope, self.at, PosEnc::Utf16),
            byte_to_position(&self.doc.rope, self.at + old.len(), PosEnc::Utf16),
        );
        let change = TextDocumentContentChangeEvent {
            range: Some(range),
            range_length: None,
            text: new.into(),
        };
        self.doc.apply(&change, PosEnc::Utf16);
        self.doc.version += 1;
        analyse(
            &self.engine,
            &self.doc,
            &self.options,
            &mut self.cache,
            PosEnc::Utf16,
            Severity::Info,
        )
        .diagnostics
        .len()
    }
}

fn recheck(c: &mut Criterion) {
    let dir = corpus_dir();
    if !dir.is_dir() {
        eprintln!("lsp_recheck: {} not found; skipping", dir.display());
        return;
    }
    let start = Instant::now();
    let engine = Engine::load(std::slice::from_ref(&dir), Default::default(), &|_, _| {});
    eprintln!(
        "lsp_recheck: indexed {} articles in {:.2?}",
        engine.archive().article_count(),
        start.elapsed()
    );
    let mut text = build_draft(&engine);
    // The edited word: inserted into the middle paragraph.
    let mid = text[..text.len() / 2]
        .rfind("\n\n")
        .map_or(text.len() / 2, |i| i + 2);
    text.insert_str(mid, "Am Montag ");
    let at = mid + "Am ".len();
    eprintln!(
        "lsp_recheck: draft of {} words, {} paragraphs",
        text.split_whitespace().count(),
        text.matches("\n\n").count() + 1
    );
    let uri: Uri = "file:///tmp/lsp-bench-draft.md".parse().unwrap();
    let options = DraftOptions {
        path: Some(PathBuf::from("/tmp/lsp-bench-draft.md")),
        lang: None,
        ..Default::default()
    };
    let mut b = Bench {
        engine,
        doc: Document::new(uri, 1, &text),
        cache: ParagraphCache::default(),
        options,
        at,
        flip: true,
    };
    let t = Instant::now();
    let n = analyse(
        &b.engine,
        &b.doc,
        &b.options,
        &mut b.cache,
        PosEnc::Utf16,
        Severity::Info,
    )
    .diagnostics
    .len();
    eprintln!(
        "lsp_recheck: first (uncached) analysis {:.2?}, {n} diagnostics",
        t.elapsed()
    );

    let mut samples: Vec<Duration> = (0..50)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(b.step());
            t.elapsed()
        })
        .collect();
    samples.sort();
    eprintln!(
        "lsp_recheck: one-word edit + re-analysis over 50 runs: p50 {:.2?}, p95 {:.2?}, max {:.2?}",
        samples[24], samples[47], samples[49]
    );

    let mut group = c.benchmark_group("lsp");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(5));
    group.bench_function("one_word_edit_recheck_2000_words", |bench| {
        bench.iter(|| b.step())
    });
    group.finish();

    let text_for_server = text.clone();
    let elapsed = tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(time_to_first_diagnostics(&dir, &text_for_server));
    eprintln!("lsp_recheck: initialize → first published diagnostics: {elapsed:.2?}");
}

async fn send<W: AsyncWriteExt + Unpin>(w: &mut W, v: Value) {
    let body = v.to_string();
    w.write_all(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes())
        .await
        .unwrap();
}

async fn recv<R: tokio::io::AsyncRead + Unpin>(r: &mut BufReader<R>) -> Option<Value> {
    let mut len = 0;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).await.ok()? == 0 {
            return None;
        }
        match line.trim_end() {
            "" => break,
            l => {
                if let Some(v) = l.strip_prefix("Content-Length: ") {
                    len = v.parse().ok()?;
                }
            }
        }
    }
    let mut buf = vec![0; len];
    r.read_exact(&mut buf).await.ok()?;
    serde_json::from_slice(&buf).ok()
}

/// `initialize` → `initialized` → `didOpen`, until the first diagnostics.
async fn time_to_first_diagnostics(corpus: &Path, draft: &str) -> Duration {
    let (ours, theirs) = tokio::io::duplex(1 << 22);
    let (sr, sw) = tokio::io::split(theirs);
    tokio::spawn(factcheck::lsp::serve(sr, sw));
    let (r, mut w) = tokio::io::split(ours);
    let mut r = BufReader::new(r);
    let start = Instant::now();
    let init = json!({ "processId": null, "rootUri": null, "capabilities": {}, "initializationOptions": { "corpus": [corpus] } });
    send(
        &mut w,
        json!({ "jsonrpc": "2.0", "id": 1, "method": "initialize", "params": init }),
    )
    .await;
    while let Some(m) = recv(&mut r).await {
        if m["id"] == 1 {
            break;
        }
    }
    send(
        &mut w,
        json!({ "jsonrpc": "2.0", "method": "initialized", "params": {} }),
    )
    .await;
    let uri = "file:///tmp/lsp-bench-draft.md";
    let open = json!({ "textDocument": { "uri": uri, "languageId": "markdown", "version": 1, "text": draft } });
    send(
        &mut w,
        json!({ "jsonrpc": "2.0", "method": "textDocument/didOpen", "params": open }),
    )
    .await;
    while let Some(m) = recv(&mut r).await {
        if m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri {
            break;
        }
    }
    let elapsed = start.elapsed();
    send(
        &mut w,
        json!({ "jsonrpc": "2.0", "id": 2, "method": "shutdown" }),
    )
    .await;
    send(&mut w, json!({ "jsonrpc": "2.0", "method": "exit" })).await;
    elapsed
}

criterion_group!(benches, recheck);
criterion_main!(benches);
