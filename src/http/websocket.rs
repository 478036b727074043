//! GraphQL over WebSocket (graphql-transport-ws, and the older graphql-ws),
//! with the bounds a public socket needs: a client that does not send
//! `connection_init` in time is closed with 4408 as the protocol says, one
//! socket holds a limited number of live operations, messages are limited in
//! size, and the server pings so that an idle subscription is not taken for
//! a dead connection. Queries inside the socket pass the same request guard
//! as over HTTP (it is a schema extension).

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_graphql::http::{WebSocketProtocols, WsMessage};
use futures_util::{SinkExt, StreamExt};
use poem::web::websocket::{CloseCode, Message, WebSocketConfig, WebSocketStream};
use serde_json::json;

use crate::auth::{Access, Caller};
use crate::cli::Limits;
use crate::error::ApiError;
use crate::graphql::AppSchema;

/// How often the server pings an open socket, at most: more often when
/// connections idle for less time are closed.
const PING_EVERY: Duration = Duration::from_secs(20);

/// What one socket needs.
pub(crate) struct SocketSettings {
    pub(crate) schema: AppSchema,
    pub(crate) protocol: WebSocketProtocols,
    pub(crate) header_caller: Caller,
    pub(crate) access: Access,
    pub(crate) limits: Limits,
}

impl SocketSettings {
    /// Messages no larger than a query and its variables.
    pub(crate) fn websocket_config(&self) -> WebSocketConfig {
        let max = self.limits.request.max_query_bytes + 64 * 1024;
        let mut config = WebSocketConfig::default();
        config.max_message_size = Some(max);
        config.max_frame_size = Some(max);
        config
    }
}

/// The ids of a socket's live operations.
#[derive(Default)]
struct Live {
    ids: HashSet<String>,
    initialized: bool,
}

/// What a client message is, read only as far as its type and id.
fn kind_and_id(bytes: &[u8]) -> (Option<String>, Option<String>) {
    #[derive(serde::Deserialize)]
    struct Head {
        #[serde(rename = "type")]
        kind: Option<String>,
        id: Option<String>,
    }
    match serde_json::from_slice::<Head>(bytes) {
        Ok(h) => (h.kind, h.id),
        Err(_) => (None, None),
    }
}

/// Serves one upgraded socket until either side closes it.
pub(crate) async fn serve_socket(socket: WebSocketStream, settings: SocketSettings) {
    let (mut sink, stream) = socket.split();
    let live = Arc::new(Mutex::new(Live::default()));
    let max_live = settings.limits.max_subscriptions_per_socket;
    let (refusals, mut refused) = tokio::sync::mpsc::unbounded_channel::<String>();

    let incoming = {
        let live = live.clone();
        stream
            .take_while(|m| std::future::ready(m.is_ok()))
            .filter_map(move |m| {
                let bytes = match m {
                    Ok(Message::Text(t)) => Some(t.into_bytes()),
                    Ok(Message::Binary(b)) => Some(b),
                    _ => None,
                };
                let bytes = bytes.and_then(|bytes| {
                    let (kind, id) = kind_and_id(&bytes);
                    let Ok(mut live) = live.lock() else {
                        return None;
                    };
                    match (kind.as_deref(), id) {
                        (Some("connection_init"), _) => live.initialized = true,
                        (Some("subscribe" | "start"), Some(id)) => {
                            if live.ids.len() >= max_live && !live.ids.contains(&id) {
                                let refusal = ApiError::TooManySubscriptions(format!("this socket already runs {max_live} operations; complete one first or open another socket"));
                                let message = json!({
                                    "type": "error",
                                    "id": id,
                                    "payload": [refusal.graphql_error()],
                                });
                                let _ = refusals.send(message.to_string());
                                return None;
                            }
                            live.ids.insert(id);
                        }
                        (Some("complete" | "stop"), Some(id)) => {
                            live.ids.remove(&id);
                        }
                        _ => {}
                    }
                    Some(bytes)
                });
                std::future::ready(bytes)
            })
    };

    let header_caller = settings.header_caller;
    let access = settings.access;
    let outgoing =
        async_graphql::http::WebSocket::new(settings.schema, incoming, settings.protocol)
            .on_connection_init(move |payload| async move {
                // Browsers cannot set headers on a WebSocket: the token may
                // come in connection_init's payload.
                let from_payload = payload
                    .get("Authorization")
                    .or_else(|| payload.get("authorization"))
                    .and_then(|v| v.as_str())
                    .map(|v| Caller::from_header(Some(v)))
                    .filter(|c| c.token.is_some());
                let caller = from_payload.unwrap_or(header_caller);
                access
                    .check_read(&caller)
                    .map_err(|d| async_graphql::Error::from(ApiError::from(d)))?;
                let mut data = async_graphql::Data::default();
                data.insert(caller);
                Ok(data)
            });
    futures_util::pin_mut!(outgoing);

    let init_deadline = tokio::time::sleep(settings.limits.connection_init_timeout);
    tokio::pin!(init_deadline);
    let every = PING_EVERY.min(settings.limits.idle_timeout / 2);
    let mut ping = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
    // async-graphql closes a refused connection_init with 1002; the
    // protocol (graphql-transport-ws) says 4403 Forbidden, which clients
    // know not to retry with the same payload.
    let mut acked = false;
    loop {
        let initialized = live.lock().map(|l| l.initialized).unwrap_or(false);
        let message = tokio::select! {
            next = outgoing.next() => match next {
                Some(WsMessage::Text(text)) => {
                    let (kind, id) = kind_and_id(text.as_bytes());
                    acked |= kind.as_deref() == Some("connection_ack");
                    if let (Some("complete" | "error"), Some(id)) = (kind.as_deref(), id) {
                        if let Ok(mut live) = live.lock() {
                            live.ids.remove(&id);
                        }
                    }
                    Message::Text(text)
                }
                Some(WsMessage::Close(1002, reason)) if !acked => {
                    Message::Close(Some((CloseCode::from(4403), reason)))
                }
                Some(WsMessage::Close(code, reason)) => Message::Close(Some((CloseCode::from(code), reason))),
                None => break,
            },
            Some(text) = refused.recv() => Message::Text(text),
            _ = &mut init_deadline, if !initialized => {
                let _ = sink
                    .send(Message::Close(Some((
                        CloseCode::from(4408),
                        "Connection initialisation timeout".to_owned(),
                    ))))
                    .await;
                break;
            }
            _ = ping.tick() => Message::Ping(Vec::new()),
        };
        let closing = matches!(message, Message::Close(_));
        if sink.send(message).await.is_err() || closing {
            break;
        }
    }
}
