//! Freshness: a dedicated connection that `LISTEN`s on `factcheck_articles`
//! (the trigger on `factcheck.articles` notifies it on every change) and on
//! `factcheck_index` (`factcheck index` notifies it when it published new
//! tables), and reports changes, losses and reconnections. A lost connection is retried
//! with exponential backoff (1 s doubling to 30 s); nothing here panics.

use std::time::Duration;

use futures_util::stream::{poll_fn, StreamExt};
use tokio::sync::mpsc::UnboundedSender;
use tokio_postgres::AsyncMessage;

use super::{describe_error, Target};

/// The channel the articles trigger notifies (payload: the SQL operation).
pub const ARTICLES: &str = "factcheck_articles";
/// The channel `factcheck index` notifies when it published new tables.
pub const INDEX: &str = "factcheck_index";

/// What the listener saw.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ListenEvent {
    /// Listening (first connection, or again after a loss).
    Connected,
    /// A notification on `channel` ([`ARTICLES`] or [`INDEX`]).
    Changed { channel: String, payload: String },
    /// The connection is gone or could not be made; retrying.
    Lost(String),
}

const FIRST_BACKOFF: Duration = Duration::from_secs(1);
const MAX_BACKOFF: Duration = Duration::from_secs(30);

/// Listens until `events` is closed. Spawn it on a Tokio runtime.
pub async fn listen(target: Target, events: UnboundedSender<ListenEvent>) {
    let mut backoff = FIRST_BACKOFF;
    let mut lost_reported = false;
    loop {
        match listen_once(&target, &events).await {
            Ok(()) => return,
            Err((why, was_connected)) => {
                if was_connected {
                    backoff = FIRST_BACKOFF;
                    lost_reported = false;
                }
                // Report the first failure of a run of failures only.
                if !lost_reported {
                    if events.send(ListenEvent::Lost(why)).is_err() {
                        return;
                    }
                    lost_reported = true;
                }
            }
        }
        tokio::select! {
            _ = tokio::time::sleep(backoff) => {}
            _ = events.closed() => return,
        }
        backoff = (backoff * 2).min(MAX_BACKOFF);
    }
}

/// One connection's life: Ok when the receiver went away, Err when the
/// connection failed or ended (with whether it had been listening).
async fn listen_once(
    target: &Target,
    events: &UnboundedSender<ListenEvent>,
) -> Result<(), (String, bool)> {
    let tls = target.tls.connector().map_err(|e| (e, false))?;
    let (client, mut connection) = target
        .config
        .connect(tls)
        .await
        .map_err(|e| (describe_error(&e), false))?;
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let driver = tokio::spawn(async move {
        let mut messages = poll_fn(move |cx| connection.poll_message(cx));
        while let Some(message) = messages.next().await {
            match message {
                Ok(AsyncMessage::Notification(n)) => {
                    if tx
                        .send(Ok((n.channel().to_string(), n.payload().to_string())))
                        .is_err()
                    {
                        return;
                    }
                }
                Ok(_) => {}
                Err(e) => {
                    let _ = tx.send(Err(describe_error(&e)));
                    return;
                }
            }
        }
        let _ = tx.send(Err("the server closed the connection".to_string()));
    });
    let result = async {
        client
            .batch_execute(&format!("LISTEN {ARTICLES}; LISTEN {INDEX}"))
            .await
            .map_err(|e| (describe_error(&e), false))?;
        if events.send(ListenEvent::Connected).is_err() {
            return Ok(());
        }
        loop {
            tokio::select! {
                message = rx.recv() => match message {
                    Some(Ok((channel, payload))) => {
                        if events.send(ListenEvent::Changed { channel, payload }).is_err() {
                            return Ok(());
                        }
                    }
                    Some(Err(e)) => return Err((e, true)),
                    None => return Err(("the listening connection ended".to_string(), true)),
                },
                _ = events.closed() => return Ok(()),
            }
        }
    }
    .await;
    driver.abort();
    result
}
