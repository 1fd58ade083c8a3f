//! Background analysis: every change schedules a check of the document after
//! a trailing-edge debounce (`debounceMs`, 150 ms by default); a newer change
//! cancels the pending one. The check runs on the blocking pool with a
//! per-document [`ParagraphCache`], and its result is published only if the
//! document is still at the version that was checked.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tower_lsp_server::ls_types::{Diagnostic, Uri};

use super::documents::{Document, PosEnc};
use super::{blocking, diagnostics, Shared};
use crate::check::{Finding, Severity};
use crate::engine::{DraftOptions, Engine, NameSpot, ParagraphCache};
use crate::text::Lang;

/// The result of checking one version of a document.
#[derive(Debug)]
pub struct Analysed {
    pub version: i32,
    pub lang: Lang,
    pub findings: Vec<Finding>,
    pub diagnostics: Vec<Diagnostic>,
    /// The names the check read, for hovers on this version.
    pub names: Vec<NameSpot>,
}

/// Versions, pending checks, results and caches of the open documents.
#[derive(Default)]
pub struct AnalysisState {
    versions: Mutex<HashMap<Uri, i32>>,
    pending: Mutex<HashMap<Uri, tokio::task::AbortHandle>>,
    results: Mutex<HashMap<Uri, Arc<Analysed>>>,
    caches: Mutex<HashMap<Uri, Arc<Mutex<ParagraphCache>>>>,
    publish: tokio::sync::Mutex<()>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl AnalysisState {
    /// Records the current version of a document (`None`: closed).
    pub fn set_version(&self, uri: &Uri, version: Option<i32>) {
        let mut v = lock(&self.versions);
        match version {
            Some(n) => v.insert(uri.clone(), n),
            None => v.remove(uri),
        };
    }

    pub fn current_version(&self, uri: &Uri) -> Option<i32> {
        lock(&self.versions).get(uri).copied()
    }

    /// The last published result for a document.
    pub fn result(&self, uri: &Uri) -> Option<Arc<Analysed>> {
        lock(&self.results).get(uri).cloned()
    }
}

/// Checks the engine's way: the one function the server runs after the
/// debounce (also used by the benchmark).
pub fn analyse(
    engine: &Engine,
    doc: &Document,
    options: &DraftOptions,
    cache: &mut ParagraphCache,
    enc: PosEnc,
    min_severity: Severity,
) -> Analysed {
    let text = doc.rope.to_string();
    let report = engine.check_cached(&text, options, cache);
    let diagnostics = diagnostics::to_diagnostics(
        engine,
        &doc.rope,
        &text,
        &report.findings,
        enc,
        min_severity,
    );
    Analysed {
        version: doc.version,
        lang: report.lang,
        findings: report.findings,
        diagnostics,
        names: report.names,
    }
}

impl Shared {
    /// The options a document is checked with.
    pub fn draft_options(&self, doc: &Document) -> DraftOptions {
        DraftOptions {
            path: doc.path(),
            lang: self.resolved().language,
            as_of: self.resolved().as_of,
        }
    }

    /// Schedules a check of `doc` (after the debounce unless `now`).
    pub fn schedule(self: &Arc<Self>, doc: Document, now: bool) {
        let delay = if now { 0 } else { self.settings().debounce_ms };
        let uri = doc.uri.clone();
        let me = self.clone();
        let task = tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(delay)).await;
            me.run_analysis(doc).await;
        });
        if let Some(prev) = lock(&self.analysis.pending).insert(uri, task.abort_handle()) {
            prev.abort();
        }
    }

    async fn run_analysis(self: &Arc<Self>, doc: Document) {
        let uri = doc.uri.clone();
        let version = doc.version;
        let Some(engine) = self.engine() else {
            return; // no findings until the corpus is indexed
        };
        let options = self.draft_options(&doc);
        let cache = lock(&self.analysis.caches)
            .entry(uri.clone())
            .or_default()
            .clone();
        let enc = self.enc();
        let min = self.settings().severity;
        let result = blocking(move || {
            let engine = engine.read().unwrap_or_else(|e| e.into_inner());
            let mut cache = lock(&cache);
            let analysed = analyse(&engine, &doc, &options, &mut cache, enc, min);
            // An archive that could not answer (a lost database) gives
            // incomplete findings: keep the last published ones instead.
            match engine.archive().failure() {
                Some(why) => {
                    *cache = Default::default();
                    Err(why)
                }
                None => Ok(analysed),
            }
        })
        .await;
        match result {
            Ok(Err(why)) => {
                // Incomplete findings: keep the last published ones.
                lock(&self.analysis.caches).remove(&uri);
                if matches!(self.resolved().store, crate::engine::Store::Postgres(_)) {
                    // The database listener reconnects and re-opens.
                    self.log_warning(format!(
                        "checking {} needs the archive, which could not answer ({why}); the last results stay",
                        uri.as_str()
                    ));
                } else {
                    // A damaged index: rebuild, re-check.
                    self.spawn_repair();
                }
            }
            Ok(Ok(analysed)) => {
                let _guard = self.analysis.publish.lock().await;
                if self.analysis.current_version(&uri) != Some(version) {
                    return; // superseded: never publish a stale version
                }
                let diagnostics = analysed.diagnostics.clone();
                lock(&self.analysis.results).insert(uri.clone(), Arc::new(analysed));
                self.client
                    .publish_diagnostics(uri, diagnostics, Some(version))
                    .await;
            }
            Err(e) => {
                // A panic in the engine: drop the cache, report, keep serving.
                lock(&self.analysis.caches).remove(&uri);
                self.log_warning(format!("checking {} failed: {e}", uri.as_str()));
            }
        }
    }

    /// Re-checks every open document at once (corpus or settings changed).
    pub async fn recheck_all(self: &Arc<Self>) {
        for doc in self.docs().all().await {
            self.schedule(doc, true);
        }
    }

    /// Forgets a closed document and clears its diagnostics.
    pub fn forget(self: &Arc<Self>, uri: &Uri) {
        if let Some(p) = lock(&self.analysis.pending).remove(uri) {
            p.abort();
        }
        lock(&self.analysis.results).remove(uri);
        lock(&self.analysis.caches).remove(uri);
        let client = self.client.clone();
        let uri = uri.clone();
        tokio::spawn(async move { client.publish_diagnostics(uri, Vec::new(), None).await });
    }
}
