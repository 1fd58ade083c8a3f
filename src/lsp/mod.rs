//! The language server front end (`factcheck lsp`), built on
//! `tower-lsp-server`. It holds no extraction or matching logic: every answer
//! comes from the [`crate::engine::Engine`].
//!
//! Modules: [`transport`] (stdio; [`framing`] and [`message`] check every
//! incoming message before the server sees it), [`documents`] (ropes, position encodings, the document task),
//! [`analysis`] (debounced background checks), [`corpus`] (indexing with
//! progress, watching files), [`diagnostics`], [`hover`], [`actions`]
//! (code actions and commands), [`navigation`] (definition, references) and
//! [`config`] (settings).

pub mod actions;
pub mod analysis;
pub mod config;
pub mod corpus;
pub mod database;
pub mod diagnostics;
pub mod documents;
pub mod framing;
pub mod hover;
pub mod message;
pub mod navigation;
pub mod transport;

pub use transport::{run_stdio, serve};

use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock, RwLock};

use serde_json::Value;
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, ClientSocket, LanguageServer, LspService};

use self::config::{Resolved, Settings};
use self::documents::{DocMsg, DocStore, Document, PosEnc};

/// Commands the server advertises: those a user may run from a command
/// list without arguments (`factcheck.reindex`), and those its code actions
/// name (`factcheck.acceptName`, which clients such as VS Code's run only
/// when advertised). `factcheck.describe` is executed too but not
/// advertised: it needs a document and position, which a command list
/// cannot give (see [`actions::execute`]).
pub const COMMANDS: [&str; 2] = ["factcheck.reindex", "factcheck.acceptName"];

/// A notification the transport makes (never accepted from a client) when
/// it had to drop a `didChange` it could not read: the document no longer
/// matches the client's, so it is set aside until it is reopened or
/// replaced whole. Params: `{ "uri": … }`.
pub const OUT_OF_STEP: &str = "factcheck/documentOutOfStep";

/// Params of [`OUT_OF_STEP`].
#[derive(serde::Deserialize)]
pub struct OutOfStepParams {
    pub uri: Uri,
}

/// State shared by the handlers and the background tasks.
pub struct Shared {
    pub client: Client,
    enc: RwLock<PosEnc>,
    root: RwLock<Option<PathBuf>>,
    init_options: Mutex<Option<Value>>,
    settings: RwLock<(Settings, Resolved)>,
    pull_config: AtomicBool,
    watch_registration: AtomicBool,
    work_done: AtomicBool,
    setup_started: AtomicBool,
    docs: OnceLock<DocStore>,
    pub analysis: analysis::AnalysisState,
    corpus: corpus::CorpusCell,
    database: database::DatabaseWatch,
}

fn read<T: Clone>(lock: &RwLock<T>) -> T {
    lock.read().unwrap_or_else(|e| e.into_inner()).clone()
}

impl Shared {
    pub fn enc(&self) -> PosEnc {
        read(&self.enc)
    }

    pub fn root(&self) -> Option<PathBuf> {
        read(&self.root)
    }

    pub fn settings(&self) -> Settings {
        read(&self.settings).0
    }

    pub fn resolved(&self) -> Resolved {
        read(&self.settings).1
    }

    pub fn docs(&self) -> &DocStore {
        self.docs.get().expect("document task started")
    }

    /// Logs to stderr and, as a warning, to the client.
    pub fn log_warning(self: &Arc<Self>, message: String) {
        eprintln!("factcheck lsp: {message}");
        let client = self.client.clone();
        tokio::spawn(async move { client.log_message(MessageType::WARNING, message).await });
    }

    /// Re-reads the settings from `value` (or the client's configuration)
    /// and re-indexes or re-checks as needed.
    pub async fn apply_settings(self: &Arc<Self>, value: Option<Value>) {
        let value = match value {
            Some(v) if !v.is_null() => Some(v),
            _ if self.pull_config.load(Ordering::Relaxed) => {
                let item = ConfigurationItem {
                    scope_uri: None,
                    section: Some("factcheck".into()),
                };
                match self.client.configuration(vec![item]).await {
                    Ok(mut v) if !v.is_empty() && v[0].is_object() => Some(v.swap_remove(0)),
                    _ => None,
                }
            }
            _ => None,
        };
        let value = value.or_else(|| {
            self.init_options
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .clone()
        });
        let mut problems = Vec::new();
        let settings = value
            .map(|v| Settings::from_json(&v, &mut problems))
            .unwrap_or_default();
        self.refresh(Some(settings), problems, false).await;
    }

    /// Re-resolves the settings (new ones if given) against `.factcheck.toml`;
    /// re-indexes when the corpus changed (or `corpus_changed`), else
    /// updates the accepted names and re-checks.
    pub async fn refresh(
        self: &Arc<Self>,
        settings: Option<Settings>,
        mut problems: Vec<String>,
        corpus_changed: bool,
    ) {
        let settings = settings.unwrap_or_else(|| self.settings());
        let resolved = config::resolve(&settings, self.root().as_deref(), &mut problems);
        for p in problems {
            self.log_warning(format!("settings: {p}"));
        }
        let (old_settings, old) = {
            let mut guard = self.settings.write().unwrap_or_else(|e| e.into_inner());
            std::mem::replace(&mut *guard, (settings.clone(), resolved.clone()))
        };
        if corpus_changed || old.corpus != resolved.corpus || !self.corpus_started() {
            self.spawn_reindex();
        } else if old.accepted != resolved.accepted {
            // Off the async threads: it waits for running checks.
            let (me, accepted) = (self.clone(), resolved.accepted.clone());
            if let Err(e) = blocking(move || me.set_accepted(accepted)).await {
                self.log_warning(format!("updating accepted names failed: {e}"));
            }
            self.recheck_all().await;
        } else if old_settings != settings || old.language != resolved.language {
            self.recheck_all().await;
        }
    }
}

impl Shared {
    /// Registers watchers and reads the settings, once (`initialized`).
    fn start_setup(self: &Arc<Self>) {
        if self.setup_started.swap(true, Ordering::SeqCst) {
            return;
        }
        let s = self.clone();
        tokio::spawn(async move {
            if s.watch_registration.load(Ordering::Relaxed) {
                s.register_file_watchers().await;
            }
            s.apply_settings(None).await;
        });
    }
}

/// Runs `f` on the blocking pool, turning a panic into an error.
pub async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> std::result::Result<T, String> {
    match tokio::task::spawn_blocking(move || std::panic::catch_unwind(AssertUnwindSafe(f))).await {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(p)) => Err(panic_message(p)),
        Err(e) => Err(e.to_string()),
    }
}

/// The message of a caught panic.
pub fn panic_message(p: Box<dyn std::any::Any + Send>) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".into())
}

/// Runs `fut`, turning a panic while it is polled into an error.
pub async fn catch_panic<T>(
    fut: impl std::future::Future<Output = T>,
) -> std::result::Result<T, String> {
    let mut fut = std::pin::pin!(fut);
    std::future::poll_fn(|cx| {
        match std::panic::catch_unwind(AssertUnwindSafe(|| fut.as_mut().poll(cx))) {
            Ok(std::task::Poll::Ready(v)) => std::task::Poll::Ready(Ok(v)),
            Ok(std::task::Poll::Pending) => std::task::Poll::Pending,
            Err(p) => std::task::Poll::Ready(Err(panic_message(p))),
        }
    })
    .await
}

/// Answers a request with `fut`'s result, or an internal error (logged)
/// when it panics: a failing handler never takes the server down.
async fn answer<T>(
    shared: &Arc<Shared>,
    method: &str,
    fut: impl std::future::Future<Output = Result<T>>,
) -> Result<T> {
    match catch_panic(fut).await {
        Ok(r) => r,
        Err(p) => {
            shared.log_warning(format!("{method} failed: {p}"));
            Err(internal(format!("{method} failed: {p}")))
        }
    }
}

/// An internal-error answer.
pub fn internal(message: impl Into<String>) -> Error {
    Error {
        code: ErrorCode::InternalError,
        message: message.into().into(),
        data: None,
    }
}

/// An invalid-params answer.
pub fn invalid(message: impl Into<String>) -> Error {
    Error {
        code: ErrorCode::InvalidParams,
        message: message.into().into(),
        data: None,
    }
}

/// The language server.
pub struct Backend {
    shared: Arc<Shared>,
}

impl Backend {
    pub fn new(client: Client) -> Backend {
        let shared = Arc::new(Shared {
            client,
            enc: RwLock::new(PosEnc::Utf16),
            root: RwLock::new(None),
            init_options: Mutex::new(None),
            settings: RwLock::new(Default::default()),
            pull_config: AtomicBool::new(false),
            watch_registration: AtomicBool::new(false),
            work_done: AtomicBool::new(false),
            setup_started: AtomicBool::new(false),
            docs: OnceLock::new(),
            analysis: Default::default(),
            corpus: Default::default(),
            database: Default::default(),
        });
        let store = documents::spawn_store(shared.clone());
        let _ = shared.docs.set(store);
        Backend { shared }
    }

    /// `initialize`: records the client's capabilities, answers ours.
    async fn initialize_inner(&self, params: InitializeParams) -> Result<InitializeResult> {
        let s = &self.shared;
        let utf8 = params
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref())
            .is_some_and(|e| e.contains(&PositionEncodingKind::UTF8));
        let enc = if utf8 { PosEnc::Utf8 } else { PosEnc::Utf16 };
        *s.enc.write().unwrap_or_else(|e| e.into_inner()) = enc;
        *s.root.write().unwrap_or_else(|e| e.into_inner()) = workspace_root(&params);
        *s.init_options.lock().unwrap_or_else(|e| e.into_inner()) =
            params.initialization_options.clone();
        let ws = params.capabilities.workspace.as_ref();
        s.pull_config.store(
            ws.and_then(|w| w.configuration).unwrap_or(false),
            Ordering::Relaxed,
        );
        s.watch_registration.store(
            ws.and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false),
            Ordering::Relaxed,
        );
        s.work_done.store(
            params
                .capabilities
                .window
                .as_ref()
                .and_then(|w| w.work_done_progress)
                .unwrap_or(false),
            Ordering::Relaxed,
        );
        // A client that sent `initialized` too early (before our answer)
        // had it dropped by the framework: set up anyway after a pause.
        let late = s.clone();
        tokio::spawn(async move {
            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
            late.start_setup();
        });
        Ok(InitializeResult {
            server_info: Some(ServerInfo {
                name: "factcheck".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            capabilities: ServerCapabilities {
                position_encoding: Some(if utf8 {
                    PositionEncodingKind::UTF8
                } else {
                    PositionEncodingKind::UTF16
                }),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        ..Default::default()
                    },
                )),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                definition_provider: Some(OneOf::Left(true)),
                references_provider: Some(OneOf::Left(true)),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                        ..Default::default()
                    },
                )),
                execute_command_provider: Some(ExecuteCommandOptions {
                    commands: COMMANDS.iter().map(|c| c.to_string()).collect(),
                    ..Default::default()
                }),
                ..Default::default()
            },
            ..Default::default()
        })
    }

    /// [`OUT_OF_STEP`].
    async fn out_of_step(&self, p: OutOfStepParams) {
        self.shared.docs().send(DocMsg::OutOfStep(p.uri));
    }
}

/// The service, for stdio or tests (see [`transport::serve`]).
pub fn service() -> (LspService<Backend>, ClientSocket) {
    LspService::build(Backend::new)
        .custom_method(OUT_OF_STEP, Backend::out_of_step)
        .finish()
}

fn workspace_root(params: &InitializeParams) -> Option<PathBuf> {
    if let Some(f) = params.workspace_folders.as_ref().and_then(|f| f.first()) {
        return documents::uri_path(&f.uri);
    }
    #[allow(deprecated)]
    let root = params.root_uri.as_ref().and_then(documents::uri_path);
    #[allow(deprecated)]
    root.or_else(|| params.root_path.as_ref().map(PathBuf::from))
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        answer(&self.shared, "initialize", self.initialize_inner(params)).await
    }

    async fn initialized(&self, _: InitializedParams) {
        self.shared.start_setup();
    }

    async fn shutdown(&self) -> Result<()> {
        self.shared.stop_watching();
        Ok(())
    }

    async fn did_open(&self, p: DidOpenTextDocumentParams) {
        let d = p.text_document;
        self.shared
            .docs()
            .send(DocMsg::Open(Document::new(d.uri, d.version, &d.text)));
    }

    async fn did_change(&self, p: DidChangeTextDocumentParams) {
        self.shared.docs().send(DocMsg::Change {
            uri: p.text_document.uri,
            version: p.text_document.version,
            changes: p.content_changes,
            enc: self.shared.enc(),
        });
    }

    async fn did_close(&self, p: DidCloseTextDocumentParams) {
        self.shared.docs().send(DocMsg::Close(p.text_document.uri));
    }

    async fn did_change_configuration(&self, p: DidChangeConfigurationParams) {
        let s = self.shared.clone();
        let value = match p.settings.get("factcheck") {
            Some(v) if !v.is_null() => Some(v.clone()),
            _ => None,
        };
        tokio::spawn(async move { s.apply_settings(value).await });
    }

    async fn did_change_watched_files(&self, p: DidChangeWatchedFilesParams) {
        let paths: Vec<PathBuf> = p
            .changes
            .iter()
            .filter_map(|c| documents::uri_path(&c.uri))
            .collect();
        self.shared.files_changed(paths);
    }

    async fn hover(&self, p: HoverParams) -> Result<Option<Hover>> {
        answer(&self.shared, "hover", hover::hover(&self.shared, p)).await
    }

    async fn goto_definition(
        &self,
        p: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let s = &self.shared;
        answer(s, "definition", navigation::definition(s, p)).await
    }

    async fn references(&self, p: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let s = &self.shared;
        answer(s, "references", navigation::references(s, p)).await
    }

    async fn code_action(&self, p: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let s = &self.shared;
        answer(s, "codeAction", actions::code_actions(s, p)).await
    }

    async fn execute_command(&self, p: ExecuteCommandParams) -> Result<Option<Value>> {
        let s = &self.shared;
        answer(s, "executeCommand", actions::execute(s, p)).await
    }
}
