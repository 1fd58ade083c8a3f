//! The command-line front end: `factcheck check`, `extract`, `index`, `lsp`,
//! `init`, `completions` and `man`. Argument parsing and output formats only;
//! all checking happens in [`crate::engine`].

mod check;
mod extract;
mod human;
mod index;
mod init;
mod inputs;
mod json;
mod sarif;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// Exit codes, shown by `--help`.
const EXIT_CODES: &str = "\
Exit codes:
  0  no finding at or above --fail-on (default: warning)
  1  a finding at or above --fail-on
  2  usage or I/O error: a bad argument, a missing corpus path, a corpus
     without a readable article, an unreadable draft, no draft to check";

/// Checks news drafts against a newsroom's archive of earlier articles.
#[derive(Debug, Parser)]
#[command(name = "factcheck", version, about, long_about = None, after_help = EXIT_CODES)]
pub struct Cli {
    /// Print only findings and errors: no progress bar, no notes or warnings
    /// about drafts, no summary line (problems with corpus files still show).
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// Colour the human output: `auto` colours only on a terminal and
    /// never when NO_COLOR is set; `always` and `never` override both.
    #[arg(long, value_enum, global = true, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
    #[command(subcommand)]
    pub command: Command,
}

/// When to colour the human output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// What every subcommand's output follows: `--quiet` and `--color`.
#[derive(Clone, Copy, Debug)]
pub struct OutputStyle {
    pub quiet: bool,
    pub colour: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check drafts against the corpus and report where they conflict with it.
    #[command(after_help = EXIT_CODES)]
    Check(CheckArgs),
    /// Print every mention (figure, date, person, organisation, place, role) the extractor finds.
    Extract(ExtractArgs),
    /// Build or update the persisted index of the corpus.
    Index(IndexArgs),
    /// Run the language server on stdin/stdout.
    Lsp,
    /// Write a commented `.factcheck.toml` into the current directory.
    Init(InitArgs),
    /// Print a shell completion script (for example `factcheck completions bash`).
    Completions(CompletionsArgs),
    /// Print the manual page (roff) of factcheck or of one of its commands.
    Man(ManArgs),
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

/// The lowest severity that makes `check` exit with 1. There is no
/// `error`: no finding is an error (a finding says the draft conflicts with
/// the archive, not that it is wrong), so it would equal `never`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
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
    /// Corpus directory or file (repeatable) [default: `corpus` in .factcheck.toml].
    #[arg(long, value_name = "PATH")]
    pub corpus: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,
    /// Exit with 1 when a finding has at least this severity [default:
    /// `fail-on` in .factcheck.toml, else warning].
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// Language of the drafts (default: front matter, else detected).
    #[arg(long, value_enum, default_value_t = LangArg::Auto)]
    pub lang: LangArg,
    /// Directory that SARIF file URIs are relative to (`%SRCROOT%`; default: the working directory).
    #[arg(long, value_name = "DIR")]
    pub sarif_base: Option<PathBuf>,
    /// The drafts' date when their front matter gives none [default: `as-of`
    /// in .factcheck.toml, else today].
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
    /// Derive every table again, taking in the changes an update kept
    /// beside them (the archive-wide statistics become current; no
    /// unchanged article is read again).
    #[arg(long, conflicts_with = "rebuild")]
    pub derive: bool,
    /// With `--index postgresql://…`: keep running, and bring the index up
    /// to date whenever the CMS changes `factcheck.articles`.
    #[arg(long)]
    pub follow: bool,
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

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// Corpus directories or files to write into the file (repeatable;
    /// default: an empty list to fill in).
    #[arg(long, value_name = "PATH")]
    pub corpus: Vec<PathBuf>,
    /// Replace an existing `.factcheck.toml`.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// A command to print the page of (`check`, `extract`, …; default: the
    /// main page).
    #[arg(value_name = "COMMAND")]
    pub command: Option<String>,
}

/// Runs the command line; returns the process exit code.
pub fn run(cli: Cli) -> ExitCode {
    let style = OutputStyle {
        quiet: cli.quiet,
        colour: use_colour(cli.color),
    };
    let code = match cli.command {
        Command::Check(args) => check::run(args, style),
        Command::Extract(args) => extract::run(args, style),
        Command::Index(args) => index::run(args),
        Command::Lsp => crate::lsp::run_stdio(),
        Command::Init(args) => init::run(args, style),
        Command::Completions(args) => completions(args),
        Command::Man(args) => man(args),
    };
    ExitCode::from(code)
}

/// Whether to colour output written to stdout.
fn use_colour(choice: ColorChoice) -> bool {
    use std::io::IsTerminal;
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    }
}

/// `factcheck completions SHELL`: the completion script, from the clap
/// definition above.
fn completions(args: CompletionsArgs) -> u8 {
    use clap::CommandFactory;
    let mut command = Cli::command();
    let mut out = std::io::stdout().lock();
    clap_complete::generate(args.shell, &mut command, "factcheck", &mut out);
    0
}

/// `factcheck man [COMMAND]`: the manual page in roff, from the clap
/// definition above.
fn man(args: ManArgs) -> u8 {
    use clap::CommandFactory;
    use std::io::Write;
    let main = Cli::command();
    let page = match args.command.as_deref() {
        None => main,
        Some(name) => match main.find_subcommand(name) {
            Some(sub) => {
                let title = format!("factcheck-{name}");
                sub.clone()
                    .name(title.clone())
                    .bin_name(title)
                    .version(env!("CARGO_PKG_VERSION"))
            }
            None => {
                eprintln!(
                    "error: no command {:?}; commands: {}",
                    name,
                    main.get_subcommands()
                        .map(|c| c.get_name())
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                return 2;
            }
        },
    };
    let mut out = std::io::stdout().lock();
    match clap_mangen::Man::new(page)
        .render(&mut out)
        .and_then(|_| out.flush())
    {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            eprintln!("error: cannot write output: {e}");
            2
        }
        _ => 0,
    }
}
