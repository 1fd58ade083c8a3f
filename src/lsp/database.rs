//! The server over the shared archive in PostgreSQL: a listener on the
//! database's notifications opens the archive again when `factcheck index`
//! published new tables, and tells the client through `factcheck/status`
//! when the connection is lost (the last results stay) and when it is back
//! (the archive is opened again and every document re-checked). Reconnection
//! uses the listener's backoff; nothing here panics.

use std::sync::Mutex;

use tokio::sync::mpsc;
use tower_lsp_server::ls_types::MessageType;

use super::Shared;
use crate::pg::listen::{listen, ListenEvent, INDEX};
use std::sync::Arc;

/// The running listener, by URL.
#[derive(Default)]
pub struct DatabaseWatch {
    running: Mutex<Option<(String, tokio::task::AbortHandle)>>,
}

impl Drop for DatabaseWatch {
    fn drop(&mut self) {
        if let Some((_, task)) = self
            .running
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
        {
            task.abort();
        }
    }
}

impl Shared {
    /// Listens on the database at `url` (once per URL; a new URL replaces
    /// the old listener).
    pub fn watch_database(self: &Arc<Self>, url: &str) {
        let mut running = self
            .database
            .running
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if running.as_ref().is_some_and(|(u, _)| u == url) {
            return;
        }
        if let Some((_, old)) = running.take() {
            old.abort();
        }
        let target = match crate::pg::resolve(url) {
            Ok(t) => t,
            Err(e) => {
                self.log_warning(format!("cannot listen on the archive database: {e}"));
                return;
            }
        };
        let (tx, mut rx) = mpsc::unbounded_channel();
        let me = self.clone();
        let task = tokio::spawn(async move {
            let listener = tokio::spawn(listen(target, tx));
            let mut lost = false;
            while let Some(event) = rx.recv().await {
                match event {
                    ListenEvent::Connected if lost => {
                        lost = false;
                        me.client
                            .log_message(
                                MessageType::INFO,
                                "factcheck: the archive database is back",
                            )
                            .await;
                        me.spawn_reindex();
                    }
                    ListenEvent::Connected => {}
                    ListenEvent::Changed { channel, .. } if channel == INDEX => {
                        me.client
                            .log_message(
                                MessageType::INFO,
                                "factcheck: the archive was re-indexed; opening it again",
                            )
                            .await;
                        me.spawn_reindex();
                    }
                    ListenEvent::Changed { .. } => {
                        me.client
                            .log_message(
                                MessageType::INFO,
                                "factcheck: new or changed articles in the archive; they count once `factcheck index` has run",
                            )
                            .await;
                    }
                    ListenEvent::Lost(why) => {
                        lost = true;
                        me.database_lost(why).await;
                    }
                }
            }
            listener.abort();
        });
        *running = Some((url.to_string(), task.abort_handle()));
    }
}
