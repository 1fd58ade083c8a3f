//! Reading the documents named on the command line: files, directories
//! (walked for `.md` and `.txt`) and `-` for standard input.

use std::path::{Path, PathBuf};

use crate::corpus::article::decode;
use crate::corpus::loader::{read_bounded, read_text};
use crate::corpus::walk::Walker;
use crate::corpus::LoadError;

/// One document to read.
pub struct Input {
    /// `None` for standard input.
    pub path: Option<PathBuf>,
    pub text: String,
}

impl Input {
    /// The name to show for the document.
    pub fn display_path(&self) -> String {
        self.path
            .as_ref()
            .map_or_else(|| "<stdin>".to_string(), |p| p.display().to_string())
    }
}

/// Reads every input; unreadable ones are returned as errors. A directory
/// that holds no `.md` or `.txt` file is an error too. Paths skipped because
/// they lead to a draft read already are printed as notes on stderr
/// (unless `quiet`).
pub fn read_inputs(paths: &[PathBuf], quiet: bool) -> (Vec<Input>, Vec<LoadError>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    let mut walker = Walker::default();
    for path in paths {
        if path.as_os_str() == "-" {
            let stdin = Path::new("<stdin>");
            match read_bounded(stdin, std::io::stdin().lock()).and_then(|b| decode(stdin, b)) {
                Ok(text) => inputs.push(Input { path: None, text }),
                Err(e) => errors.push(e),
            }
            continue;
        }
        let files: Vec<PathBuf> = if path.is_dir() {
            walker.walk(path);
            errors.append(&mut walker.errors);
            for note in walker.notes.drain(..) {
                if !quiet {
                    eprintln!("note: {note}");
                }
            }
            let files: Vec<PathBuf> = std::mem::take(&mut walker.found)
                .into_iter()
                .filter(|p| p.extension().and_then(|e| e.to_str()) != Some("jsonl"))
                .collect();
            if files.is_empty() {
                errors.push(LoadError {
                    path: path.clone(),
                    line: None,
                    message: "no .md or .txt drafts in this directory".into(),
                });
            }
            files
        } else {
            vec![path.clone()]
        };
        for file in files {
            // A path named on the command line may be a pipe (`<(…)`); files
            // found in a directory must be regular files.
            let named = file == *path;
            match read_text(&file, !named) {
                Ok(text) => inputs.push(Input {
                    path: Some(file),
                    text,
                }),
                Err(e) => errors.push(e),
            }
        }
    }
    (inputs, errors)
}
