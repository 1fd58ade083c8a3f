//! The command-line front end: `factcheck check`, `factcheck extract`,
//! `factcheck index` and `factcheck lsp`. Argument parsing and output formats only; all checking
//! happens in [`crate::engine`].

mod check;
mod extract;
mod human;
mod index;
mod inputs;
mod json;
mod sarif;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// Checks news drafts against a newsroom's archive of earlier articles.
#[derive(Debug, Parser)]
#[command(name = "factcheck", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check drafts against the corpus and report where they conflict with it.
    Check(CheckArgs),
    /// Print every mention (figure, date, person, organisation, place, role) the extractor finds.
    Extract(ExtractArgs),
    /// Build or update the persisted index of the corpus.
    Index(IndexArgs),
    /// Run the language server on stdin/stdout.
    Lsp,
}

/// Output formats of `check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Human,
    Json,
    Sarif,
}

/// Output formats of `extract`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExtractFormat {
    Human,
    Json,
}

/// The lowest severity that makes `check` exit with 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

/// Document language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    Auto,
    De,
    En,
}

impl LangArg {
    fn lang(self) -> Option<crate::text::Lang> {
        match self {
            LangArg::Auto => None,
            LangArg::De => Some(crate::text::Lang::De),
            LangArg::En => Some(crate::text::Lang::En),
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Corpus directory or file (repeatable). Default: `corpus` in .factcheck.toml.
    #[arg(long, value_name = "PATH")]
    pub corpus: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,
    /// Exit with 1 when a finding has at least this severity.
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// Language of the drafts (default: front matter, else detected).
    #[arg(long, value_enum, default_value_t = LangArg::Auto)]
    pub lang: LangArg,
    /// Directory that SARIF file URIs are relative to (`%SRCROOT%`; default: the working directory).
    #[arg(long, value_name = "DIR")]
    pub sarif_base: Option<PathBuf>,
    /// The drafts' date when their front matter gives none (default: today).
    #[arg(long, value_name = "DATE", value_parser = crate::config::parse_as_of)]
    pub as_of: Option<jiff::civil::Date>,
    #[command(flatten)]
    pub index: IndexChoice,
    /// Drafts: files, directories, or `-` for standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

/// Where the corpus index lives (shared by `check`, `extract` and `index`).
#[derive(Debug, Default, clap::Args)]
pub struct IndexChoice {
    /// Index directory. Default: the `index` key of .factcheck.toml, else
    /// `.factcheck/index/` beside the .factcheck.toml that names the corpus,
    /// else the user's cache directory.
    #[arg(long, value_name = "DIR", conflicts_with = "no_index")]
    pub index: Option<PathBuf>,
    /// Read the corpus into memory and persist nothing.
    #[arg(long)]
    pub no_index: bool,
}

#[derive(Debug, clap::Args)]
pub struct IndexArgs {
    /// Corpus directory or file (repeatable). Default: `corpus` in .factcheck.toml.
    #[arg(long, value_name = "PATH")]
    pub corpus: Vec<PathBuf>,
    /// Index directory (default as for `check`).
    #[arg(long, value_name = "DIR")]
    pub index: Option<PathBuf>,
    /// Read every article again, ignoring what the index holds.
    #[arg(long)]
    pub rebuild: bool,
}

#[derive(Debug, clap::Args)]
pub struct ExtractArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExtractFormat::Human)]
    pub format: ExtractFormat,
    /// Language of the documents (default: front matter, else detected).
    #[arg(long, value_enum, default_value_t = LangArg::Auto)]
    pub lang: LangArg,
    /// The documents' date when their front matter gives none: resolves
    /// `gestern` or `am 21. Oktober`.
    #[arg(long, value_name = "DATE", value_parser = crate::config::parse_as_of)]
    pub as_of: Option<jiff::civil::Date>,
    /// Corpus whose known names help to find people (optional).
    #[arg(long, value_name = "PATH")]
    pub corpus: Vec<PathBuf>,
    #[command(flatten)]
    pub index: IndexChoice,
    /// Documents: files, directories, or `-` for standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

/// Runs the command line; returns the process exit code.
pub fn run(cli: Cli) -> ExitCode {
    let code = match cli.command {
        Command::Check(args) => check::run(args),
        Command::Extract(args) => extract::run(args),
        Command::Index(args) => index::run(args),
        Command::Lsp => crate::lsp::run_stdio(),
    };
    ExitCode::from(code)
}

/// Whether to colour output written to stdout.
fn use_colour() -> bool {
    use std::io::IsTerminal;
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
}
