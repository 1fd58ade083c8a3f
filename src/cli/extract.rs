//! `factcheck extract`: print every mention the extractors find, so users and
//! tests can see what the engine reads.

use std::io::Write;

use super::check::{corpus_and_config, load_engine};
use super::inputs::{read_inputs, Input};
use super::{json, ExtractArgs, ExtractFormat, OutputStyle};
use crate::corpus::CorpusIndex;
use crate::engine::{DraftOptions, Engine};
use crate::text::printable;
use serde_json::Value;

pub fn run(args: ExtractArgs, style: OutputStyle) -> u8 {
    let (inputs, errors) = read_inputs(&args.paths, style.quiet);
    for e in &errors {
        eprintln!("error: {e}");
    }
    if inputs.is_empty() {
        eprintln!("error: no documents to read");
        return 2;
    }
    let engine = if args.corpus.is_empty() && args.index.index.is_none() {
        Engine::new(CorpusIndex::default(), Default::default())
    } else {
        let loaded = corpus_and_config(&args.corpus)
            .and_then(|c| load_engine(&c, &args.index, style.quiet).map(|(e, _)| e));
        match loaded {
            Ok(engine) => engine,
            Err(e) => {
                eprintln!("error: {}", printable(&e));
                return 2;
            }
        }
    };
    let mut docs = Vec::new();
    for input in &inputs {
        let options = DraftOptions {
            path: input.path.clone(),
            lang: args.lang.lang(),
            as_of: args.as_of,
        };
        let (extraction, warnings) = engine.read(&input.text, &options);
        if !style.quiet {
            for w in warnings {
                eprintln!("warning: {w}");
            }
        }
        docs.push((input, json::mentions(&input.text, &extraction)));
    }
    let mut out = std::io::stdout().lock();
    let result = match args.format {
        ExtractFormat::Json => {
            let files: Vec<_> = docs
                .iter()
                .map(|(input, mentions)| serde_json::json!({"path": input.display_path(), "mentions": mentions}))
                .collect();
            serde_json::to_writer_pretty(&mut out, &serde_json::json!({ "files": files }))
                .map_err(std::io::Error::other)
        }
        ExtractFormat::Human => docs
            .iter()
            .try_for_each(|(input, mentions)| write_human(&mut out, input, mentions)),
    };
    if let Err(e) = result.and_then(|_| out.flush()) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("error: cannot write output: {e}");
            return 2;
        }
    }
    if errors.is_empty() {
        0
    } else {
        2
    }
}

/// `line:column`, kind, text and what was read of one mention.
fn human_row(m: &Value) -> (String, String, String, String) {
    let start = &m["range"]["start"];
    let detail = match m["kind"].as_str() {
        Some("figure") => format!(
            "[{}, {}] {}",
            m["low"]
                .as_f64()
                .map_or("open".to_string(), |v| v.to_string()),
            m["high"]
                .as_f64()
                .map_or("open".to_string(), |v| v.to_string()),
            m["unit"].as_str().unwrap_or("-")
        ),
        Some("number") => m["value"].to_string(),
        Some("date") => m["value"].as_str().unwrap_or("").to_string(),
        Some("role") => format!(
            "{} / {} / {}",
            m["role"].as_str().unwrap_or(""),
            m["scope"].as_str().unwrap_or("-"),
            m["person"].as_str().unwrap_or("")
        ),
        _ => m["name"].as_str().unwrap_or("").to_string(),
    };
    (
        format!("{}:{}", start["line"], start["column"]),
        m["kind"].as_str().unwrap_or("").to_string(),
        printable(m["text"].as_str().unwrap_or("")).into_owned(),
        printable(&detail).into_owned(),
    )
}

/// The human listing of one document: one row per mention, its columns
/// aligned however long the line numbers and texts are (up to 40
/// characters of text; longer ones push only their own row's detail).
fn write_human(out: &mut impl Write, input: &Input, mentions: &[Value]) -> std::io::Result<()> {
    writeln!(out, "{}", printable(&input.display_path()))?;
    let rows: Vec<_> = mentions.iter().map(human_row).collect();
    let width = |column: fn(&(String, String, String, String)) -> &String, cap: usize| {
        rows.iter()
            .map(|r| column(r).chars().count())
            .max()
            .unwrap_or(0)
            .min(cap)
    };
    let (at, kind, text) = (
        width(|r| &r.0, usize::MAX),
        width(|r| &r.1, usize::MAX),
        width(|r| &r.2, 40),
    );
    for (position, k, t, detail) in &rows {
        writeln!(out, "  {position:<at$}  {k:<kind$} {t:<text$} {detail}")?;
    }
    Ok(())
}
