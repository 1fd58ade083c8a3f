//! `factcheck index`: build or bring up to date the persisted index of the
//! corpus, and say what was done (exit 0), or why it could not be (exit 2).
//! With `--index postgresql://…` it migrates the schema, loads the corpus
//! files (if any) into `factcheck.articles`, and brings the derived tables
//! up to date with that table.

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
    let index = IndexChoice {
        index: args.index.clone(),
        no_index: false,
    };
    if let Store::Postgres(url) = choice.store(&index) {
        return run_postgres(&url, &choice.paths, args.follow);
    }
    if args.follow {
        eprintln!("error: --follow needs --index postgresql://… (it follows the CMS's table)");
        return 2;
    }
    if choice.paths.is_empty() {
        eprintln!(
            "error: no corpus: pass --corpus PATH or put `corpus = [\"…\"]` in .factcheck.toml"
        );
        return 2;
    }
    let Store::Disk(dir) = choice.store(&index) else {
        eprintln!("error: no index directory: pass --index DIR");
        return 2;
    };
    let start = Instant::now();
    let progress = |_: usize, _: usize| {};
    let mode = match (args.rebuild, args.derive) {
        (true, _) => disk::Mode::Rebuild,
        (_, true) => disk::Mode::Derive,
        _ => disk::Mode::Update,
    };
    match disk::update_from(&dir, &choice.paths, None, mode, &progress) {
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

/// `factcheck index [--corpus PATH]... --index postgresql://…`.
fn run_postgres(url: &str, corpus: &[std::path::PathBuf], follow: bool) -> u8 {
    let start = Instant::now();
    let result = (|| -> Result<(), String> {
        let db = crate::pg::Database::open(url)?;
        let applied = db.migrate()?;
        if !applied.is_empty() {
            eprintln!(
                "factcheck: schema migrated to version {}",
                crate::pg::migrate::current_version()
            );
        }
        if !corpus.is_empty() {
            let (report, errors) = crate::pg::ingest::load_files(&db, corpus)?;
            for e in &errors {
                eprintln!("{e}");
            }
            eprintln!(
                "factcheck: loaded {} articles from files: {} new or changed ({:.1} MB), {} removed",
                report.read,
                report.written,
                report.bytes as f64 / 1e6,
                report.deleted
            );
        }
        let report = crate::pg::derive::update(&db, &|_, _| {})?;
        eprintln!(
            "factcheck: {} articles in {}: {} read again ({:.1} MB), {} dropped; index {} ({:.2} s)",
            report.articles,
            printable(&db.target.shown),
            report.read,
            report.bytes as f64 / 1e6,
            report.dropped,
            if report.published { "rebuilt" } else { "up to date" },
            start.elapsed().as_secs_f64()
        );
        if follow {
            crate::pg::follow::follow(&db, &mut |event| {
                say_followed(&db.target.shown, event);
                true
            })?;
        }
        Ok(())
    })();
    match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("error: {}", printable(&e));
            2
        }
    }
}

/// One line on standard error for what `--follow` did.
fn say_followed(shown: &str, event: crate::pg::follow::FollowEvent) {
    use crate::pg::follow::FollowEvent;
    let now = jiff::Timestamp::now().strftime("%Y-%m-%d %H:%M:%S UTC");
    let line = match event {
        FollowEvent::Listening => format!("following the articles in {shown}"),
        FollowEvent::Updated(report) if report.published => format!(
            "{} articles: {} read again ({:.1} MB), {} dropped; index rebuilt",
            report.articles,
            report.read,
            report.bytes as f64 / 1e6,
            report.dropped
        ),
        FollowEvent::Updated(report) => format!("{} articles; index up to date", report.articles),
        FollowEvent::UpdateFailed(e) => {
            format!("update failed (tried again on the next change): {e}")
        }
        FollowEvent::Lost(why) => format!("lost the database ({why}); reconnecting"),
    };
    eprintln!("factcheck: {now}: {}", printable(&line));
}
