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

use std::collections::HashMap;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use poem::http::uri::Scheme;
use poem::listener::Acceptor;
use poem::web::{LocalAddr, RemoteAddr};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// The open connections, by peer address, with how many of their requests
/// the server is working on.
#[derive(Clone, Default)]
pub struct Connections(Arc<Mutex<HashMap<SocketAddr, Arc<AtomicUsize>>>>);

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
        let counter = peer.and_then(|p| self.0.lock().ok()?.get(p).cloned());
        if let Some(c) = &counter {
            c.fetch_add(1, Ordering::SeqCst);
        }
        Busy(counter)
    }

    fn open(&self, peer: SocketAddr) -> Arc<AtomicUsize> {
        let counter = Arc::new(AtomicUsize::new(0));
        if let Ok(mut map) = self.0.lock() {
            map.insert(peer, counter.clone());
        }
        counter
    }

    fn close(&self, peer: &SocketAddr) {
        if let Ok(mut map) = self.0.lock() {
            map.remove(peer);
        }
    }
}

/// Wraps an acceptor so that its connections time out when idle.
pub struct IdleAcceptor<A> {
    inner: A,
    timeout: Duration,
    connections: Connections,
}

impl<A> IdleAcceptor<A> {
    /// Connections of `inner` idle for `timeout` are closed.
    pub fn new(inner: A, timeout: Duration, connections: Connections) -> Self {
        Self {
            inner,
            timeout,
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
        let (io, local, remote, scheme) = self.inner.accept().await?;
        let peer = remote.as_socket_addr().copied();
        let busy = match peer {
            Some(p) => self.connections.open(p),
            None => Arc::default(),
        };
        let io = IdleIo {
            inner: io,
            timeout: self.timeout,
            deadline: Box::pin(tokio::time::sleep(self.timeout)),
            busy,
            peer,
            connections: self.connections.clone(),
        };
        Ok((io, local, remote, scheme))
    }
}

/// A connection that fails its reads after `timeout` without traffic, unless
/// a request of it is being worked on.
pub struct IdleIo<T> {
    inner: T,
    timeout: Duration,
    deadline: Pin<Box<tokio::time::Sleep>>,
    busy: Arc<AtomicUsize>,
    peer: Option<SocketAddr>,
    connections: Connections,
}

impl<T> IdleIo<T> {
    fn touch(&mut self) {
        let next = tokio::time::Instant::now() + self.timeout;
        self.deadline.as_mut().reset(next);
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
        match Pin::new(&mut self.inner).poll_read(cx, buf) {
            Poll::Ready(r) => {
                self.touch();
                Poll::Ready(r)
            }
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
        }
        r
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }
}
