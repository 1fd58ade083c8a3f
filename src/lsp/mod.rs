//! The language server front end (see `factcheck lsp`).

/// Runs the language server on stdin/stdout; returns the exit code.
pub fn run_stdio() -> u8 {
    eprintln!("factcheck lsp: not built yet");
    2
}
