//! The corpus behind the server: indexing in the background with work-done
//! progress and `factcheck/status` notifications, and picking up changed
//! corpus files and `.factcheck.toml` without a restart (a `notify` watcher
//! plus `workspace/didChangeWatchedFiles`). A change re-indexes the corpus,
//! re-reading only the articles whose text changed; the old index keeps
//! answering until the new one is ready. A re-index ends with a visible
//! `window/showMessage` ("re-indexed N articles, M changed"); the first
//! index only logs its size.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use notify_debouncer_full::notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};
use serde_json::json;
use tokio::sync::mpsc;
use tower_lsp_server::ls_types::notification::Notification;
use tower_lsp_server::ls_types::*;

use super::{blocking, Shared};
use crate::config::CONFIG_FILE;
use crate::engine::{Engine, Store};

/// The `factcheck/status` notification.
pub enum StatusNotification {}

impl Notification for StatusNotification {
    type Params = serde_json::Value;
    const METHOD: &'static str = "factcheck/status";
}

/// The engine in use and the indexing state.
#[derive(Default)]
pub struct CorpusCell {
    inner: Mutex<CorpusState>,
    watcher: Mutex<
        Option<Debouncer<notify_debouncer_full::notify::RecommendedWatcher, RecommendedCache>>,
    >,
    events: Mutex<Option<mpsc::UnboundedSender<Vec<PathBuf>>>>,
}

#[derive(Default)]
struct CorpusState {
    engine: Option<Arc<RwLock<Engine>>>,
    generation: u64,
    started: bool,
    ready: bool,
    /// Why there is no index, when indexing failed or no corpus is set.
    error: Option<String>,
}

impl Shared {
    /// The engine, once a corpus has been indexed.
    pub fn engine(&self) -> Option<Arc<RwLock<Engine>>> {
        let c = self.corpus.inner.lock().unwrap_or_else(|e| e.into_inner());
        c.engine.clone()
    }

    /// Whether indexing has been started at least once.
    pub fn corpus_started(&self) -> bool {
        self.corpus
            .inner
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .started
    }

    /// Replaces the engine's accepted names (waits for running checks).
    pub fn set_accepted(&self, accepted: HashSet<String>) {
        if let Some(engine) = self.engine() {
            engine
                .write()
                .unwrap_or_else(|e| e.into_inner())
                .set_accepted(accepted);
        }
    }

    async fn send_status(&self, state: &str, articles: usize, message: Option<String>) {
        let mut v = json!({ "state": state, "articles": articles });
        if let Some(m) = message {
            v["message"] = json!(m);
        }
        self.client.send_notification::<StatusNotification>(v).await;
    }

    /// Tells the user the corpus is indexed: a pop-up after a re-index,
    /// a log line for the first index (the status bar shows that one).
    async fn announce_indexed(&self, summary: &IndexSummary) {
        let text = summary.message();
        if summary.changed.is_some() {
            self.client.show_message(MessageType::INFO, text).await;
        } else {
            self.client.log_message(MessageType::INFO, text).await;
        }
    }

    /// The archive database went away: the last results stay, and the
    /// listener reconnects with backoff.
    pub async fn database_lost(&self, why: String) {
        let articles = self.engine().map_or(0, |e| {
            e.read()
                .unwrap_or_else(|e| e.into_inner())
                .archive()
                .article_count()
        });
        self.client
            .log_message(
                MessageType::WARNING,
                format!("factcheck: lost the archive database ({why}); keeping the last results, reconnecting"),
            )
            .await;
        self.send_status(
            "offline",
            articles,
            Some(format!(
                "archive database unreachable: {why}; showing the last results, reconnecting"
            )),
        )
        .await;
    }

    /// Starts indexing the resolved corpus in the background.
    pub fn spawn_reindex(self: &Arc<Self>) {
        let me = self.clone();
        tokio::spawn(async move { me.reindex(false).await });
    }

    /// Rebuilds a damaged index from scratch in the background (the old
    /// engine keeps answering until the new one is ready).
    pub fn spawn_repair(self: &Arc<Self>) {
        let me = self.clone();
        tokio::spawn(async move { me.reindex(true).await });
    }

    async fn reindex(self: &Arc<Self>, repair: bool) {
        let generation = {
            let mut c = self.corpus.inner.lock().unwrap_or_else(|e| e.into_inner());
            c.generation += 1;
            c.started = true;
            c.error = None;
            c.generation
        };
        let resolved = self.resolved();
        self.watch(&resolved.corpus);
        let in_database = match &resolved.store {
            Store::Postgres(url) => {
                self.watch_database(url);
                true
            }
            _ => false,
        };
        if resolved.corpus.is_empty() && !in_database {
            let msg =
                "no corpus: set `factcheck.corpus` or put `corpus = [\"…\"]` in .factcheck.toml"
                    .to_string();
            self.log_warning(msg.clone());
            self.corpus
                .inner
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .error = Some(msg.clone());
            self.send_status("error", 0, Some(msg)).await;
            return;
        }
        self.send_status("indexing", 0, None).await;
        let token = NumberOrString::String(format!("factcheck-index-{generation}"));
        let progress = if self.work_done.load(Ordering::Relaxed)
            && self
                .client
                .create_work_done_progress(token.clone())
                .await
                .is_ok()
        {
            Some(
                self.client
                    .progress(token, "factcheck: indexing corpus")
                    .with_percentage(0)
                    .begin()
                    .await,
            )
        } else {
            None
        };
        let (ptx, mut prx) = mpsc::unbounded_channel::<(usize, usize)>();
        let paths = resolved.corpus.clone();
        let accepted = resolved.accepted.clone();
        let display_root = resolved.display_root.clone();
        let store = resolved.store.clone();
        let (stx, mut srx) = mpsc::unbounded_channel::<String>();
        // Re-indexing re-reads only the articles that changed; the previous
        // engine keeps answering until the new one is ready.
        let previous = self.engine();
        let reindexing = previous.is_some();
        let load = blocking(move || {
            let report = move |done: usize, total: usize| {
                let _ = ptx.send((done, total));
            };
            let say = move |line: String| {
                let _ = stx.send(line);
            };
            let previous =
                previous.filter(|e| e.read().unwrap_or_else(|e| e.into_inner()).store() == &store);
            let engine = match previous {
                Some(engine) if repair => {
                    say("index damaged; rebuilding".into());
                    engine
                        .read()
                        .unwrap_or_else(|e| e.into_inner())
                        .repair(&paths, &report)
                }
                Some(engine) => engine
                    .read()
                    .unwrap_or_else(|e| e.into_inner())
                    .reload(&paths, accepted, &report, &say),
                None => Engine::open(&paths, &store, accepted, &report, &say),
            };
            engine.map(|mut e| {
                e.set_display_root(display_root);
                e
            })
        });
        tokio::pin!(load);
        let mut last = 0;
        let result = loop {
            tokio::select! {
                Some((done, total)) = prx.recv() => {
                    let pct = (done * 100 / total.max(1)).min(100) as u32;
                    if pct > last {
                        last = pct;
                        if let Some(p) = &progress {
                            p.report_with_message(format!("{done}/{total} articles"), pct).await;
                        }
                    }
                }
                Some(line) = srx.recv() => {
                    if let Some(p) = &progress {
                        p.report_with_message(line.clone(), last).await;
                    }
                    self.client.log_message(MessageType::INFO, format!("factcheck: {line}")).await;
                }
                r = &mut load => break r.and_then(|opened| opened),
            }
        };
        let current = self
            .corpus
            .inner
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .generation
            == generation;
        match result {
            Ok(engine) if current => {
                let articles = engine.archive().article_count();
                let summary = IndexSummary {
                    articles,
                    changed: if reindexing {
                        engine.changed_articles()
                    } else {
                        None
                    },
                };
                let errors: Vec<String> = engine
                    .archive()
                    .load_errors()
                    .iter()
                    .map(|e| e.to_string())
                    .collect();
                {
                    let mut c = self.corpus.inner.lock().unwrap_or_else(|e| e.into_inner());
                    c.engine = Some(Arc::new(RwLock::new(engine)));
                    c.ready = true;
                    c.error = None;
                }
                if let Some(p) = progress {
                    p.finish_with_message(summary.progress_message()).await;
                }
                for e in errors.iter().take(100) {
                    self.client
                        .log_message(MessageType::WARNING, format!("corpus: {e}"))
                        .await;
                }
                if errors.len() > 100 {
                    self.client
                        .log_message(
                            MessageType::WARNING,
                            format!("corpus: {} more problems", errors.len() - 100),
                        )
                        .await;
                }
                self.send_status("ready", articles, None).await;
                self.announce_indexed(&summary).await;
                self.recheck_all().await;
            }
            Ok(_) => {
                if let Some(p) = progress {
                    p.finish_with_message("superseded").await;
                }
            }
            Err(e) => {
                if let Some(p) = progress {
                    p.finish_with_message("failed").await;
                }
                self.client
                    .log_message(
                        MessageType::ERROR,
                        format!("indexing the corpus failed: {e}"),
                    )
                    .await;
                self.corpus
                    .inner
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .error = Some(format!("indexing failed: {e}"));
                self.send_status("error", 0, Some(e)).await;
            }
        }
    }

    /// Asks the client to report corpus and configuration file changes.
    pub async fn register_file_watchers(&self) {
        let watchers = ["**/.factcheck.toml", "**/*.{md,markdown,txt,jsonl}"]
            .iter()
            .map(|g| FileSystemWatcher {
                glob_pattern: GlobPattern::String(g.to_string()),
                kind: None,
            })
            .collect();
        let options = DidChangeWatchedFilesRegistrationOptions { watchers };
        let registration = Registration {
            id: "factcheck-watch".into(),
            method: "workspace/didChangeWatchedFiles".into(),
            register_options: serde_json::to_value(options).ok(),
        };
        if let Err(e) = self.client.register_capability(vec![registration]).await {
            eprintln!("factcheck lsp: cannot register file watchers: {e}");
        }
    }

    /// Files that changed on disk (from the client or the watcher): re-read
    /// the configuration or re-index, after a short pause to gather a burst.
    pub fn files_changed(self: &Arc<Self>, paths: Vec<PathBuf>) {
        let mut events = self.corpus.events.lock().unwrap_or_else(|e| e.into_inner());
        if events.is_none() {
            let (tx, mut rx) = mpsc::unbounded_channel::<Vec<PathBuf>>();
            let me = self.clone();
            tokio::spawn(async move {
                while let Some(mut paths) = rx.recv().await {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    while let Ok(more) = rx.try_recv() {
                        paths.extend(more);
                    }
                    me.handle_changes(&paths).await;
                }
            });
            *events = Some(tx);
        }
        if let Some(tx) = events.as_ref() {
            let _ = tx.send(paths);
        }
    }

    async fn handle_changes(self: &Arc<Self>, paths: &[PathBuf]) {
        let resolved = self.resolved();
        let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
        let config = paths
            .iter()
            .any(|p| p.file_name().is_some_and(|n| n == CONFIG_FILE));
        let corpus = paths.iter().any(|p| {
            let p = abs(p);
            p.file_name().is_some_and(|n| n != CONFIG_FILE)
                && resolved.corpus.iter().any(|c| p.starts_with(abs(c)))
        });
        if config || corpus {
            self.refresh(None, Vec::new(), corpus).await;
        }
    }

    /// (Re)starts the file watcher on the corpus paths and the workspace root.
    fn watch(self: &Arc<Self>, corpus: &[PathBuf]) {
        let me = self.clone();
        let handle = tokio::runtime::Handle::current();
        let debouncer = new_debouncer(
            Duration::from_millis(200),
            None,
            move |res: DebounceEventResult| {
                let Ok(events) = res else { return };
                let paths: Vec<PathBuf> = events
                .iter()
                .filter(|e| {
                    matches!(e.kind, EventKind::Create(_) | EventKind::Remove(_))
                        || matches!(e.kind, EventKind::Modify(k) if !matches!(k, notify_debouncer_full::notify::event::ModifyKind::Metadata(_)))
                })
                .flat_map(|e| e.paths.iter().cloned())
                .collect();
                if !paths.is_empty() {
                    let me = me.clone();
                    handle.spawn(async move { me.files_changed(paths) });
                }
            },
        );
        let mut debouncer = match debouncer {
            Ok(d) => d,
            Err(e) => {
                eprintln!("factcheck lsp: cannot watch files: {e}");
                return;
            }
        };
        for p in corpus {
            if let Err(e) = debouncer.watch(p, RecursiveMode::Recursive) {
                eprintln!("factcheck lsp: cannot watch {}: {e}", p.display());
            }
        }
        if let Some(root) = self.root() {
            let _ = debouncer.watch(&root, RecursiveMode::NonRecursive);
        }
        let old = self
            .corpus
            .watcher
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .replace(debouncer);
        if let Some(old) = old {
            old.stop_nonblocking();
        }
    }

    /// Stops the file watcher.
    pub fn stop_watching(&self) {
        if let Some(w) = self
            .corpus
            .watcher
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
        {
            w.stop_nonblocking();
        }
    }

    /// Why there is no index (no corpus set, indexing failed), if so.
    pub fn corpus_error(&self) -> Option<String> {
        let c = self.corpus.inner.lock().unwrap_or_else(|e| e.into_inner());
        if c.ready {
            None
        } else {
            c.error.clone()
        }
    }

    /// Whether documents can be checked yet.
    pub fn corpus_ready(&self) -> bool {
        self.corpus
            .inner
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .ready
    }
}

/// The outcome of one indexing run, as the user is told it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct IndexSummary {
    articles: usize,
    /// Articles read anew (new or changed files); `None` for the first index.
    changed: Option<usize>,
}

impl IndexSummary {
    /// The `window/showMessage` (re-index) or `window/logMessage` text.
    fn message(&self) -> String {
        match self.changed {
            Some(changed) => format!(
                "factcheck: re-indexed {} ({changed} changed)",
                articles(self.articles)
            ),
            None => format!("factcheck: indexed {}", articles(self.articles)),
        }
    }

    /// The text of the work-done progress's `end`.
    fn progress_message(&self) -> String {
        match self.changed {
            Some(changed) => format!("{}, {changed} changed", articles(self.articles)),
            None => articles(self.articles),
        }
    }
}

fn articles(n: usize) -> String {
    if n == 1 {
        "1 article".to_string()
    } else {
        format!("{n} articles")
    }
}

#[cfg(test)]
mod tests {
    use super::IndexSummary;

    #[test]
    fn summaries_say_what_was_indexed() {
        let first = IndexSummary {
            articles: 5,
            changed: None,
        };
        assert_eq!(first.message(), "factcheck: indexed 5 articles");
        assert_eq!(first.progress_message(), "5 articles");
        let again = IndexSummary {
            articles: 1,
            changed: Some(0),
        };
        assert_eq!(
            again.message(),
            "factcheck: re-indexed 1 article (0 changed)"
        );
        assert_eq!(again.progress_message(), "1 article, 0 changed");
    }
}
