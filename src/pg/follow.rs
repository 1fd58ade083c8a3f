//! Following the CMS: `factcheck index --index URL --follow` stays running,
//! `LISTEN`s on `factcheck_articles` (the trigger on `factcheck.articles`
//! notifies it on every insert, update and delete) and brings the derived
//! tables up to date whenever articles change, so that editors' servers see
//! what the CMS published without a human running the indexer. Changes that
//! arrive close together are taken in one update. When the connection is
//! lost, the listener reconnects with backoff and the first update after the
//! reconnection catches up with whatever changed meanwhile.

use std::time::Duration;

use tokio::sync::mpsc;

use super::derive::{update, DeriveReport};
use super::listen::{listen, ListenEvent, ARTICLES};
use super::Database;

/// How long to wait after a change for more before updating: a CMS that
/// publishes a batch row by row gets one update, not one per row.
pub const SETTLE: Duration = Duration::from_millis(300);

/// What the follower did, for its log lines.
#[derive(Debug)]
pub enum FollowEvent {
    /// Listening (again).
    Listening,
    /// An update ran.
    Updated(DeriveReport),
    /// An update failed (it is tried again on the next change or reconnection).
    UpdateFailed(String),
    /// The listening connection is lost; reconnecting with backoff.
    Lost(String),
}

/// Follows `factcheck.articles` until the process is stopped (or, for
/// tests, until `say` returns `false`). Updates once at the start.
pub fn follow(db: &Database, say: &mut dyn FnMut(FollowEvent) -> bool) -> Result<(), String> {
    let (tx, mut rx) = mpsc::unbounded_channel();
    let listener = db.runtime().spawn(listen(db.target.clone(), tx));
    let result = (|| {
        loop {
            let Some(event) = rx.blocking_recv() else {
                return Err("the listener stopped".to_string());
            };
            let changed = match event {
                // A (re)connection may have missed notifications: catch up.
                ListenEvent::Connected => {
                    if !say(FollowEvent::Listening) {
                        return Ok(());
                    }
                    true
                }
                ListenEvent::Changed { channel, .. } => channel == ARTICLES,
                ListenEvent::Lost(why) => {
                    if !say(FollowEvent::Lost(why)) {
                        return Ok(());
                    }
                    false
                }
            };
            if !changed {
                continue;
            }
            std::thread::sleep(SETTLE);
            // What arrived while settling is covered by this update, except a
            // loss, which is reported.
            while let Ok(event) = rx.try_recv() {
                if let ListenEvent::Lost(why) = event {
                    if !say(FollowEvent::Lost(why)) {
                        return Ok(());
                    }
                }
            }
            let event = match update(db, &|_, _| {}) {
                Ok(report) => FollowEvent::Updated(report),
                Err(e) => FollowEvent::UpdateFailed(e),
            };
            if !say(event) {
                return Ok(());
            }
        }
    })();
    listener.abort();
    result
}
