//! Build script: fingerprints everything that decides what extraction makes
//! of an article (the text, extraction and claim code, the lexicons and the
//! locked dependency versions), so that a persisted index re-reads every
//! article after a change to any of them (`FACTCHECK_EXTRACTOR`).

use std::fs;
use std::path::{Path, PathBuf};

const INPUTS: [&str; 8] = [
    "src/text",
    "src/extract",
    "src/claims",
    "src/lexicon",
    "src/corpus/index.rs",
    "src/corpus/index",
    "lexicons",
    "Cargo.lock",
];

fn files(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        if let Ok(entries) = fs::read_dir(path) {
            for e in entries.flatten() {
                files(&e.path(), out);
            }
        }
    } else if path.is_file() {
        out.push(path.to_path_buf());
    }
}

/// FNV-1a, 64 bits: stable across compilers, enough to tell versions apart.
fn fnv(hash: &mut u64, bytes: &[u8]) {
    for &b in bytes {
        *hash ^= u64::from(b);
        *hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
}

fn main() {
    let mut all = Vec::new();
    for input in INPUTS {
        println!("cargo:rerun-if-changed={input}");
        files(Path::new(input), &mut all);
    }
    all.sort();
    let mut hash = 0xcbf2_9ce4_8422_2325u64;
    for path in &all {
        fnv(&mut hash, path.to_string_lossy().as_bytes());
        fnv(&mut hash, &fs::read(path).unwrap_or_default());
    }
    println!("cargo:rustc-env=FACTCHECK_EXTRACTOR={hash:016x}");
}
