//! The `factcheck` binary: parses the command line and hands over to
//! [`factcheck::cli`].

use clap::Parser;

fn main() -> std::process::ExitCode {
    factcheck::cli::run(factcheck::cli::Cli::parse())
}
