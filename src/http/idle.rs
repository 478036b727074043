//! Connections that go quiet are closed: a client that sends half a request
//! (or half a body) and then nothing, or keeps an idle keep-alive
//! connection, gets a read error after the idle timeout and the connection
//! is dropped. poem's own idle timeout cannot do this: it asks hyper to shut
//! the connection down gracefully, which waits for the half-sent request
//! forever.
//!
//! While the server is working on a request of the connection (an import
//! may take longer than the timeout) the clock is stopped: the routes mark
//! the connection busy by its peer address ([`Connections::busy`]).
//!
//! A request's headers must also arrive whole within the header timeout,
//! counted from their first byte, however slowly they trickle: the bytes
//! read are watched for the blank line that ends them. And only so many
//! connections may be open, in all and per client address ([`Caps`]): past
//! them a connection is closed as soon as it is accepted, before anything
//! is read from it.

use std::collections::HashMap;
use std::future::Future;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use poem::http::uri::Scheme;
use poem::listener::Acceptor;
use poem::web::{LocalAddr, RemoteAddr};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

use crate::cli::Caps;

/// The open connections, by peer address, with how many of their requests
/// the server is working on, and how many each client address holds.
#[derive(Clone, Default)]
pub struct Connections(Arc<Mutex<Open>>);

#[derive(Default)]
struct Open {
    busy: HashMap<SocketAddr, Arc<AtomicUsize>>,
    per_client: HashMap<IpAddr, usize>,
    total: usize,
}

/// Marks a connection busy while it lives.
pub struct Busy(Option<Arc<AtomicUsize>>);

impl Drop for Busy {
    fn drop(&mut self) {
        if let Some(c) = &self.0 {
            c.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

impl Connections {
    /// Marks the connection from `peer` busy until the guard is dropped.
    pub fn busy(&self, peer: Option<&SocketAddr>) -> Busy {
        let counter = peer.and_then(|p| self.0.lock().ok()?.busy.get(p).cloned());
        if let Some(c) = &counter {
            c.fetch_add(1, Ordering::SeqCst);
        }
        Busy(counter)
    }

    /// Counts a new connection from `peer`, or None when it would pass
    /// the caps.
    fn open(&self, peer: SocketAddr, caps: &Caps) -> Option<Arc<AtomicUsize>> {
        let mut open = self.0.lock().ok()?;
        let from_client = open.per_client.get(&peer.ip()).copied().unwrap_or(0);
        if open.total >= caps.connections || from_client >= caps.connections_per_client {
            return None;
        }
        open.total += 1;
        *open.per_client.entry(peer.ip()).or_default() += 1;
        let counter = Arc::new(AtomicUsize::new(0));
        open.busy.insert(peer, counter.clone());
        Some(counter)
    }

    fn close(&self, peer: &SocketAddr) {
        if let Ok(mut open) = self.0.lock() {
            if open.busy.remove(peer).is_none() {
                return;
            }
            open.total = open.total.saturating_sub(1);
            if let Some(n) = open.per_client.get_mut(&peer.ip()) {
                *n = n.saturating_sub(1);
                if *n == 0 {
                    open.per_client.remove(&peer.ip());
                }
            }
        }
    }

    /// Connections open now.
    pub fn open_count(&self) -> usize {
        self.0.lock().map(|o| o.total).unwrap_or(0)
    }
}

/// The clocks and caps of connections.
#[derive(Clone, Copy, Debug)]
pub struct ConnectionLimits {
    /// A connection without traffic for this long is closed.
    pub idle_timeout: Duration,
    /// A request's headers arrive whole within this, from their first byte.
    pub header_timeout: Duration,
    /// How many may be open.
    pub caps: Caps,
}

/// Wraps an acceptor so that its connections time out when idle or when
/// their headers trickle, and are capped in number.
pub struct IdleAcceptor<A> {
    inner: A,
    limits: ConnectionLimits,
    connections: Connections,
}

impl<A> IdleAcceptor<A> {
    /// Connections of `inner`, within `limits`.
    pub fn new(inner: A, limits: ConnectionLimits, connections: Connections) -> Self {
        Self {
            inner,
            limits,
            connections,
        }
    }
}

impl<A: Acceptor> Acceptor for IdleAcceptor<A> {
    type Io = IdleIo<A::Io>;

    fn local_addr(&self) -> Vec<LocalAddr> {
        self.inner.local_addr()
    }

    async fn accept(&mut self) -> io::Result<(Self::Io, LocalAddr, RemoteAddr, Scheme)> {
        loop {
            let (io, local, remote, scheme) = self.inner.accept().await?;
            let peer = remote.as_socket_addr().copied();
            let busy = match peer {
                Some(p) => match self.connections.open(p, &self.limits.caps) {
                    Some(busy) => busy,
                    None => {
                        // Closed before anything is read: the cheapest refusal.
                        tracing::debug!(peer = %p, "a connection past the caps was closed");
                        drop(io);
                        continue;
                    }
                },
                None => Arc::default(),
            };
            let timeout = self.limits.idle_timeout;
            let io = IdleIo {
                inner: io,
                timeout,
                deadline: Box::pin(tokio::time::sleep(timeout)),
                header_timeout: self.limits.header_timeout,
                header_deadline: Box::pin(tokio::time::sleep(self.limits.header_timeout)),
                head: Head::Awaiting {
                    started: false,
                    matched: 0,
                },
                busy,
                peer,
                connections: self.connections.clone(),
            };
            return Ok((io, local, remote, scheme));
        }
    }
}

/// Where a connection is in its requests, as far as its headers go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Head {
    /// Waiting for a request's headers; `started` once their first byte
    /// came (the header clock runs), `matched` bytes of the blank line
    /// that ends them seen at the end of the last read.
    Awaiting { started: bool, matched: u8 },
    /// The headers are in; the request is being read or served.
    Complete,
    /// Switched to another protocol (a WebSocket): no more headers.
    Upgraded,
}

/// The blank line that ends a request's headers.
const END_OF_HEAD: &[u8; 4] = b"\r\n\r\n";

/// How much of [`END_OF_HEAD`] is matched after `bytes`, starting from
/// `matched`; 4 when it is complete.
fn match_end_of_head(mut matched: u8, bytes: &[u8]) -> u8 {
    for &b in bytes {
        matched = if b == END_OF_HEAD[matched as usize] {
            matched + 1
        } else if b == b'\r' {
            1
        } else {
            0
        };
        if matched == 4 {
            return 4;
        }
    }
    matched
}

/// A connection that fails its reads after `timeout` without traffic, unless
/// a request of it is being worked on.
pub struct IdleIo<T> {
    inner: T,
    timeout: Duration,
    deadline: Pin<Box<tokio::time::Sleep>>,
    header_timeout: Duration,
    header_deadline: Pin<Box<tokio::time::Sleep>>,
    head: Head,
    busy: Arc<AtomicUsize>,
    peer: Option<SocketAddr>,
    connections: Connections,
}

impl<T> IdleIo<T> {
    fn touch(&mut self) {
        let next = tokio::time::Instant::now() + self.timeout;
        self.deadline.as_mut().reset(next);
    }

    /// Watches bytes read for the end of a request's headers; the first
    /// byte of a request starts the header clock.
    fn read_bytes(&mut self, bytes: &[u8]) {
        if bytes.is_empty() {
            return;
        }
        if let Head::Awaiting { started, matched } = self.head {
            if !started {
                let deadline = tokio::time::Instant::now() + self.header_timeout;
                self.header_deadline.as_mut().reset(deadline);
            }
            let matched = match_end_of_head(matched, bytes);
            self.head = if matched == 4 {
                Head::Complete
            } else {
                Head::Awaiting {
                    started: true,
                    matched,
                }
            };
        }
    }

    /// Watches the start of what is written: a response's head ends the
    /// request (the next bytes read are another request's headers), except
    /// `100 Continue`, after which the body comes; `101` switches protocol.
    fn wrote(&mut self, bytes: &[u8]) {
        if self.head == Head::Upgraded || !bytes.starts_with(b"HTTP/1.") {
            return;
        }
        let status = bytes.get(9..12).unwrap_or_default();
        self.head = match status {
            b"101" => Head::Upgraded,
            b"100" => self.head,
            _ => Head::Awaiting {
                started: false,
                matched: 0,
            },
        };
    }

    /// The header clock ran out.
    fn head_overdue(&mut self, cx: &mut Context<'_>) -> bool {
        matches!(self.head, Head::Awaiting { started: true, .. })
            && self.header_deadline.as_mut().poll(cx).is_ready()
    }
}

impl<T> Drop for IdleIo<T> {
    fn drop(&mut self) {
        if let Some(p) = &self.peer {
            self.connections.close(p);
        }
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for IdleIo<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        match Pin::new(&mut self.inner).poll_read(cx, buf) {
            Poll::Ready(r) => {
                self.touch();
                if r.is_ok() {
                    self.read_bytes(&buf.filled()[before..]);
                }
                Poll::Ready(r)
            }
            Poll::Pending if self.head_overdue(cx) => Poll::Ready(Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "the request's headers did not arrive in time",
            ))),
            Poll::Pending if self.busy.load(Ordering::SeqCst) > 0 => {
                // The clock starts again when the answer is written.
                self.touch();
                Poll::Pending
            }
            Poll::Pending => match self.deadline.as_mut().poll(cx) {
                Poll::Ready(()) => Poll::Ready(Err(io::Error::new(
                    io::ErrorKind::TimedOut,
                    "the connection was idle too long",
                ))),
                Poll::Pending => Poll::Pending,
            },
        }
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for IdleIo<T> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let r = Pin::new(&mut self.inner).poll_write(cx, buf);
        if matches!(r, Poll::Ready(Ok(_))) {
            self.touch();
            self.wrote(buf);
        }
        r
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let r = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        if matches!(r, Poll::Ready(Ok(_))) {
            self.touch();
            if let Some(first) = bufs.iter().find(|b| !b.is_empty()) {
                self.wrote(first);
            }
        }
        r
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }
}

#[cfg(test)]
mod tests {
    use super::match_end_of_head;

    #[test]
    fn the_end_of_the_headers_is_found_across_reads() {
        assert_eq!(
            match_end_of_head(0, b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"),
            4
        );
        let m = match_end_of_head(0, b"GET / HTTP/1.1\r\nHost: x\r");
        assert_eq!(m, 1);
        let m = match_end_of_head(m, b"\n\r");
        assert_eq!(m, 3);
        assert_eq!(match_end_of_head(m, b"\n"), 4);
        assert_eq!(match_end_of_head(0, b"a\r\n\r\r\n"), 2);
        assert_eq!(match_end_of_head(0, b"\r\r\n\r\n"), 4);
    }
}
