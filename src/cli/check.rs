//! `factcheck check`: load the corpus, check every draft, print the findings
//! and choose the exit code (0 clean, 1 findings at or above `--fail-on`,
//! 2 usage or I/O error).

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use super::inputs::{read_inputs, Input};
use super::{human, json, sarif, CheckArgs, CheckFormat, FailOn, IndexChoice, OutputStyle};
use crate::check::Severity;
use crate::config::{discover, parse_as_of, Config};
use crate::corpus::disk::default_index_dir;
use crate::corpus::Progress;
use crate::engine::{DraftOptions, DraftReport, Engine, Store};
use crate::text::printable;

/// A checked draft, ready for output.
pub struct CheckedFile {
    pub input: Input,
    pub report: DraftReport,
}

/// The corpus to check against, the configuration in effect, and the folder
/// corpus paths are shown relative to.
pub struct CorpusChoice {
    pub paths: Vec<PathBuf>,
    pub config: Config,
    /// The `.factcheck.toml` that named the corpus (`None`: `--corpus`).
    pub named_by: Option<PathBuf>,
    /// The `.factcheck.toml` in effect, if any.
    pub config_file: Option<PathBuf>,
    /// The folder of the `.factcheck.toml` that names the corpus, else the
    /// working directory.
    pub display_root: Option<PathBuf>,
}

impl CorpusChoice {
    /// Where the corpus index lives: `--no-index` (memory), `--index`, the
    /// `index` key, beside the `.factcheck.toml` that names the corpus, or
    /// the user's cache directory.
    pub fn store(&self, choice: &IndexChoice) -> Store {
        if choice.no_index {
            return Store::Memory;
        }
        if let Some(dir) = &choice.index {
            return Store::named(&dir.to_string_lossy());
        }
        if let Some(dir) = &self.config.index {
            return Store::named(dir);
        }
        default_index_dir(self.named_by.as_deref(), &self.paths).map_or(Store::Memory, Store::Disk)
    }
}

/// Resolves the corpus and the configuration: `--corpus` wins over
/// `.factcheck.toml`. Every corpus path must exist: a missing archive is an
/// error, not an empty one.
pub fn corpus_and_config(corpus: &[PathBuf]) -> Result<CorpusChoice, String> {
    let cwd = std::env::current_dir().ok();
    let found = cwd.as_deref().and_then(discover);
    let config = match &found {
        Some(path) => Config::load(path)?,
        None => Config::default(),
    };
    let (paths, origin, named_by) = if corpus.is_empty() {
        let origin = found
            .as_ref()
            .map_or(String::new(), |p| format!(" (from {})", p.display()));
        (config.corpus.clone(), origin, found.clone())
    } else {
        (corpus.to_vec(), String::new(), None)
    };
    for path in &paths {
        if let Err(e) = std::fs::metadata(path) {
            return Err(format!(
                "corpus path {}{origin}: cannot read: {e}",
                path.display()
            ));
        }
    }
    // Paths are shown relative to the `.factcheck.toml` that names the
    // corpus, else to the working directory.
    let config_dir = named_by
        .as_deref()
        .and_then(|p| p.parent().map(Path::to_path_buf));
    Ok(CorpusChoice {
        paths,
        config,
        named_by,
        config_file: found,
        display_root: config_dir.or(cwd),
    })
}

/// Opens the engine over the chosen corpus and index, updating a stale
/// index first (and saying so on stderr unless `quiet`), with a progress bar
/// on stderr (only on a terminal, only once loading has taken more than a
/// second, and never when `quiet`). Gives the engine and the store it reads.
pub fn load_engine(
    choice: &CorpusChoice,
    index: &IndexChoice,
    quiet: bool,
) -> Result<(Engine, Store), String> {
    let store = choice.store(index);
    let mut engine = open_engine(&choice.paths, &store, choice.config.accepted(), quiet)?;
    engine.set_display_root(choice.display_root.clone());
    Ok((engine, store))
}

fn progress_bar<T>(quiet: bool, job: impl FnOnce(Progress<'_>) -> T) -> T {
    let start = Instant::now();
    let bar = Mutex::new(None::<ProgressBar>);
    let progress = |done: usize, total: usize| {
        if quiet || start.elapsed().as_secs_f64() < 1.0 {
            return;
        }
        let Ok(mut guard) = bar.lock() else { return };
        let pb = guard.get_or_insert_with(|| {
            let pb =
                ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
            if let Ok(style) = ProgressStyle::with_template(
                "indexing corpus {bar:30} {pos}/{len} articles ({eta})",
            ) {
                pb.set_style(style);
            }
            pb
        });
        // Never backwards, whatever order the counts arrive in.
        if done as u64 > pb.position() {
            pb.set_position(done as u64);
        }
    };
    let result = job(&progress);
    if let Ok(Some(pb)) = bar.into_inner() {
        pb.finish_and_clear();
    }
    result
}

fn open_engine(
    paths: &[PathBuf],
    store: &Store,
    accepted: HashSet<String>,
    quiet: bool,
) -> Result<Engine, String> {
    let say = |line: String| {
        if !quiet {
            eprintln!("factcheck: {}", printable(&line));
        }
    };
    let engine = progress_bar(quiet, |p| Engine::open(paths, store, accepted, p, &say))?;
    for e in &engine.archive().load_errors() {
        eprintln!("{e}");
    }
    Ok(engine)
}

/// Checks every input; when the archive met a corrupt record on the way,
/// says so, rebuilds the index and checks again (once).
fn check_all(
    engine: Engine,
    paths: &[PathBuf],
    inputs: Vec<Input>,
    options: impl Fn(&Input) -> DraftOptions + Sync,
    quiet: bool,
) -> Result<Vec<CheckedFile>, String> {
    let run = |engine: &Engine, inputs: &[Input]| -> Vec<DraftReport> {
        inputs
            .par_iter()
            .map(|input| engine.check(&input.text, &options(input)))
            .collect()
    };
    let mut reports = run(&engine, &inputs);
    if let Some(why) = engine.archive().failure() {
        match engine.store() {
            Store::Postgres(_) => eprintln!(
                "factcheck: the archive query failed ({}); opening it again",
                printable(&why)
            ),
            _ => eprintln!("factcheck: index damaged ({}); rebuilding", printable(&why)),
        }
        let repaired = progress_bar(quiet, |p| engine.repair(paths, p))?;
        reports = run(&repaired, &inputs);
        if let Some(why) = repaired.archive().failure() {
            return Err(format!("the index is still damaged after a rebuild: {why}"));
        }
        discard(repaired);
    }
    discard(engine);
    Ok(inputs
        .into_iter()
        .zip(reports)
        .map(|(input, report)| CheckedFile { input, report })
        .collect())
}

/// Frees an engine off the critical path: with a large archive, dropping the
/// records a check decoded costs as much as a tenth of the check, and the
/// process writes its output meanwhile (and may exit before it is done).
fn discard(engine: Engine) {
    let _ = std::thread::Builder::new()
        .name("discard-engine".into())
        .spawn(move || drop(engine));
}

/// `fail-on` from `.factcheck.toml`.
fn fail_on_from_config(value: &str) -> Result<FailOn, String> {
    match value.to_lowercase().as_str() {
        "never" => Ok(FailOn::Never),
        "error" => Err("`fail-on = \"error\"` is not accepted: no finding is an error, so it would never fail; use \"never\" for that, or \"warning\"".into()),
        s => match Severity::parse(s) {
            Some(Severity::Warning) => Ok(FailOn::Warning),
            Some(Severity::Info) => Ok(FailOn::Info),
            _ => Err(format!("`fail-on` must be warning, info or never, not {value:?}")),
        },
    }
}

pub fn run(args: CheckArgs, style: OutputStyle) -> u8 {
    let choice = match corpus_and_config(&args.corpus) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {}", printable(&e));
            return 2;
        }
    };
    let (corpus, config) = (&choice.paths, &choice.config);
    // A PostgreSQL archive needs no corpus files: its indexer loaded them.
    let in_database = matches!(choice.store(&args.index), Store::Postgres(_));
    if corpus.is_empty() && !in_database {
        eprintln!(
            "error: no corpus: pass --corpus PATH or put `corpus = [\"…\"]` in .factcheck.toml"
        );
        return 2;
    }
    let fail_on = match (args.fail_on, config.fail_on.as_deref()) {
        (Some(f), _) => f,
        (None, None) => FailOn::Warning,
        (None, Some(value)) => match fail_on_from_config(value) {
            Ok(f) => f,
            Err(e) => {
                let file = choice
                    .config_file
                    .as_deref()
                    .unwrap_or(Path::new(".factcheck.toml"));
                eprintln!(
                    "error: {}: {}",
                    printable(&file.display().to_string()),
                    printable(&e)
                );
                return 2;
            }
        },
    };
    let lang = args.lang.lang().or_else(|| {
        config
            .language
            .as_deref()
            .and_then(crate::text::Lang::parse)
    });
    let as_of = match args
        .as_of
        .map(Ok)
        .or_else(|| config.as_of.as_deref().map(parse_as_of))
    {
        Some(Ok(d)) => Some(d),
        Some(Err(e)) => {
            eprintln!("error: .factcheck.toml: `as-of` {e}");
            return 2;
        }
        None => None,
    };
    let (inputs, input_errors) = read_inputs(&args.paths, style.quiet);
    for e in &input_errors {
        eprintln!("error: {e}");
    }
    if inputs.is_empty() {
        eprintln!("error: no drafts to check");
        return 2;
    }
    let engine = match load_engine(&choice, &args.index, style.quiet) {
        Ok((engine, _)) => engine,
        Err(e) => {
            eprintln!("error: {}", printable(&e));
            return 2;
        }
    };
    if engine.archive().article_count() == 0 {
        eprintln!("error: the corpus has no readable articles");
        return 2;
    }
    let options = |input: &Input| DraftOptions {
        path: input.path.clone(),
        lang,
        as_of,
    };
    let files = match check_all(engine, corpus, inputs, options, style.quiet) {
        Ok(files) => files,
        Err(e) => {
            eprintln!("error: {}", printable(&e));
            return 2;
        }
    };
    if !style.quiet {
        for f in &files {
            for w in &f.report.warnings {
                eprintln!("warning: {w}");
            }
        }
    }
    let mut stdout = std::io::stdout().lock();
    let written = match args.format {
        CheckFormat::Human => human::write_findings(&mut stdout, &files, style),
        CheckFormat::Json => json::write_findings(&mut stdout, &files),
        CheckFormat::Sarif => sarif::write_findings(
            &mut stdout,
            &files,
            &sarif::UriBase::new(args.sarif_base.as_deref()),
        ),
    };
    if let Err(e) = written.and_then(|_| stdout.flush()) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("error: cannot write output: {e}");
            return 2;
        }
    }
    if !input_errors.is_empty() {
        return 2;
    }
    let threshold = match fail_on {
        FailOn::Never => return 0,
        FailOn::Warning => Severity::Warning,
        FailOn::Info => Severity::Info,
    };
    let failing = files
        .iter()
        .flat_map(|f| &f.report.findings)
        .any(|f| f.severity >= threshold);
    u8::from(failing)
}
