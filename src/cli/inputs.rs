//! Reading the documents named on the command line: files, directories
//! (walked for `.md` and `.txt`) and `-` for standard input.

use std::io::Read;
use std::path::PathBuf;

use crate::corpus::article::decode;
use crate::corpus::loader::corpus_files;
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

/// Reads every input; unreadable ones are returned as errors.
pub fn read_inputs(paths: &[PathBuf]) -> (Vec<Input>, Vec<LoadError>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            let mut bytes = Vec::new();
            match std::io::stdin().read_to_end(&mut bytes) {
                Ok(_) => match decode(std::path::Path::new("<stdin>"), bytes) {
                    Ok(text) => inputs.push(Input { path: None, text }),
                    Err(e) => errors.push(e),
                },
                Err(e) => errors.push(LoadError {
                    path: "<stdin>".into(),
                    line: None,
                    message: format!("cannot read: {e}"),
                }),
            }
            continue;
        }
        let files = if path.is_dir() {
            corpus_files(path, &mut errors)
                .into_iter()
                .filter(|p| p.extension().and_then(|e| e.to_str()) != Some("jsonl"))
                .collect()
        } else {
            vec![path.clone()]
        };
        for file in files {
            match std::fs::read(&file) {
                Ok(bytes) => match decode(&file, bytes) {
                    Ok(text) => inputs.push(Input {
                        path: Some(file),
                        text,
                    }),
                    Err(e) => errors.push(e),
                },
                Err(e) => errors.push(LoadError {
                    path: file,
                    line: None,
                    message: format!("cannot read: {e}"),
                }),
            }
        }
    }
    (inputs, errors)
}
