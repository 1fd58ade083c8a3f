//! `factcheck index`: build or bring up to date the persisted index of the
//! corpus, and say what was done (exit 0), or why it could not be (exit 2).

use std::time::Instant;

use super::check::corpus_and_config;
use super::{IndexArgs, IndexChoice};
use crate::corpus::disk;
use crate::engine::Store;
use crate::text::printable;

pub fn run(args: IndexArgs) -> u8 {
    let choice = match corpus_and_config(&args.corpus) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {}", printable(&e));
            return 2;
        }
    };
    if choice.paths.is_empty() {
        eprintln!(
            "error: no corpus: pass --corpus PATH or put `corpus = [\"…\"]` in .factcheck.toml"
        );
        return 2;
    }
    let index = IndexChoice {
        index: args.index.clone(),
        no_index: false,
    };
    let Store::Disk(dir) = choice.store(&index) else {
        eprintln!("error: no index directory: pass --index DIR");
        return 2;
    };
    let start = Instant::now();
    let progress = |_: usize, _: usize| {};
    match disk::update(&dir, &choice.paths, args.rebuild, &progress) {
        Ok(report) => {
            eprintln!(
                "{} in {} ({:.2} s)",
                report,
                printable(&dir.display().to_string()),
                start.elapsed().as_secs_f64()
            );
            0
        }
        Err(e) => {
            eprintln!("error: {}", printable(&e));
            2
        }
    }
}
