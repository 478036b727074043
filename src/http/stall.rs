//! Uploads must keep arriving: a body that stops for longer than the read
//! timeout fails, while one that keeps coming, however slowly (a 20 MB
//! table over a slow line), is read to its end within the size limit.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, ReadBuf};

/// What the error says, so the edge can tell a stalled body from a broken one.
pub(crate) const STALLED: &str = "the request body stopped arriving";

/// A reader that fails when nothing arrives for `timeout`.
pub(crate) struct StallGuard<R> {
    inner: R,
    timeout: Duration,
    deadline: Pin<Box<tokio::time::Sleep>>,
}

impl<R> StallGuard<R> {
    pub(crate) fn new(inner: R, timeout: Duration) -> Self {
        Self {
            inner,
            timeout,
            deadline: Box::pin(tokio::time::sleep(timeout)),
        }
    }
}

impl<R: AsyncRead + Unpin> AsyncRead for StallGuard<R> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        match Pin::new(&mut self.inner).poll_read(cx, buf) {
            Poll::Ready(r) => {
                let next = tokio::time::Instant::now() + self.timeout;
                self.deadline.as_mut().reset(next);
                Poll::Ready(r)
            }
            Poll::Pending => match self.deadline.as_mut().poll(cx) {
                Poll::Ready(()) => {
                    Poll::Ready(Err(io::Error::new(io::ErrorKind::TimedOut, STALLED)))
                }
                Poll::Pending => Poll::Pending,
            },
        }
    }
}

/// True when `e` (or what it wraps) is a stalled body.
pub(crate) fn is_stalled(e: &dyn std::fmt::Display) -> bool {
    e.to_string().contains(STALLED)
}
