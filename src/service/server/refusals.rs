//! hyper answers a request it cannot read (a raw `<` or space in the address, as `curl`
//! sends what it is given; a header line without a colon; headers or an address too long)
//! itself, before any of Porth's code runs, with an empty 400, 414 or 431: a blank page.
//! `Answering` wraps each connection and writes the service's own "This address could not
//! be read" page, in the language the address asked for, in place of that empty reply.
//!
//! hyper's refusal is told from the service's own responses by its shape: a client error
//! with no body that closes the connection. The service never answers with an empty client
//! error (`friendly_errors` gives every one a page), so nothing of its own is replaced.

use crate::lang::Lang;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, ready};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// The refusal page's head and body, ready to write, for each of the site's languages.
pub(super) struct Refusals {
    /// The site's languages' pages; the first is the one sent when the address names none.
    pages: Vec<(Lang, Vec<u8>)>,
    headers: String,
}

impl Refusals {
    /// `pages`: the "address could not be read" page's HTML in each of the site's
    /// languages, the site's first language first. `headers`: the security headers every
    /// response carries, each line ending `\r\n`.
    pub(super) fn new(pages: Vec<(Lang, Vec<u8>)>, headers: String) -> Refusals {
        Refusals { pages, headers }
    }

    /// The whole response to send for hyper's `status_line` (`HTTP/1.1 400 Bad Request`).
    fn response(&self, status_line: &[u8], lang: Option<Lang>) -> Vec<u8> {
        let page = lang
            .and_then(|l| self.pages.iter().find(|(p, _)| *p == l))
            .or(self.pages.first())
            .map_or(&[][..], |(_, page)| page);
        let mut out = Vec::with_capacity(page.len() + 512);
        out.extend_from_slice(status_line);
        out.extend_from_slice(b"\r\ncontent-type: text/html; charset=utf-8\r\ncache-control: no-store\r\n");
        out.extend_from_slice(self.headers.as_bytes());
        out.extend_from_slice(format!("content-length: {}\r\nconnection: close\r\n\r\n", page.len()).as_bytes());
        out.extend_from_slice(page);
        out
    }
}

/// A connection whose empty refusals from hyper become the service's page.
pub(super) struct Answering<T> {
    io: T,
    refusals: Arc<Refusals>,
    /// The language of the address in the last request line read, if it named one.
    lang: Option<Lang>,
    /// The page being written in place of hyper's refusal, and how much of it is written.
    replacing: Option<(Vec<u8>, usize)>,
}

impl<T> Answering<T> {
    pub(super) fn new(io: T, refusals: Arc<Refusals>) -> Answering<T> {
        Answering { io, refusals, lang: None, replacing: None }
    }
}

/// The language of a request line's address (`GET /cy/chwilio/?q=<b> HTTP/1.1`), read from
/// the start of what a client sent: a request line comes first in what it writes.
fn lang_of_request(bytes: &[u8]) -> Option<Lang> {
    let space = bytes.iter().take(16).position(|&b| b == b' ')?;
    let path = bytes.get(space + 1..space + 5)?;
    if path[0] != b'/' || path[3] != b'/' {
        return None;
    }
    Lang::parse(std::str::from_utf8(&path[1..3]).ok()?)
}

/// Whether `buf` is hyper's own refusal of a request it could not read: a 400, 414 or 431
/// head with no body that closes the connection. (hyper writes header names in lower case.)
/// Its status line, if so.
fn hypers_refusal(buf: &[u8]) -> Option<&[u8]> {
    let status = buf.strip_prefix(b"HTTP/1.1 ")?;
    if !(status.starts_with(b"400 ") || status.starts_with(b"414 ") || status.starts_with(b"431 ")) {
        return None;
    }
    let head_end = memchr::memmem::find(buf, b"\r\n\r\n")?;
    // The head is the whole of what is written: no body.
    if head_end + 4 != buf.len() {
        return None;
    }
    let head = &buf[..head_end + 2];
    let has = |line: &[u8]| memchr::memmem::find(head, line).is_some();
    if !(has(b"\r\ncontent-length: 0\r\n") && has(b"\r\nconnection: close\r\n")) {
        return None;
    }
    let line_end = memchr::memmem::find(buf, b"\r\n")?;
    Some(&buf[..line_end])
}

impl<T: AsyncWrite + Unpin> Answering<T> {
    /// Writes what is left of the page being written instead of hyper's refusal.
    fn poll_replacing(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while let Some((page, at)) = &mut self.replacing {
            if *at == page.len() {
                self.replacing = None;
                break;
            }
            let n = ready!(Pin::new(&mut self.io).poll_write(cx, &page[*at..]))?;
            if n == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            *at += n;
        }
        Poll::Ready(Ok(()))
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for Answering<T> {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        ready!(Pin::new(&mut self.io).poll_read(cx, buf))?;
        let read = &buf.filled()[before..];
        if !read.is_empty() {
            self.lang = lang_of_request(read);
        }
        Poll::Ready(Ok(()))
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for Answering<T> {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let this = &mut *self;
        if this.replacing.is_none()
            && let Some(status_line) = hypers_refusal(buf)
        {
            this.replacing = Some((this.refusals.response(status_line, this.lang), 0));
        }
        if this.replacing.is_some() {
            // hyper's bytes count as written once the page that stands for them is: if the
            // socket is full, hyper calls again with the same bytes.
            ready!(this.poll_replacing(cx))?;
            return Poll::Ready(Ok(buf.len()));
        }
        Pin::new(&mut this.io).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        // A refusal is a head alone, in one slice.
        if let [only] = bufs
            && (self.replacing.is_some() || hypers_refusal(only).is_some())
        {
            return self.poll_write(cx, only);
        }
        let this = &mut *self;
        ready!(this.poll_replacing(cx))?;
        Pin::new(&mut this.io).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.poll_replacing(cx))?;
        Pin::new(&mut self.io).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.poll_replacing(cx))?;
        Pin::new(&mut self.io).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_hypers_empty_refusals_are_taken_for_one() {
        let refusal = b"HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\ndate: Tue, 08 Dec 2026 04:02:16 GMT\r\n\r\n";
        assert_eq!(hypers_refusal(refusal), Some(&b"HTTP/1.1 400 Bad Request"[..]));
        let too_large =
            b"HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-length: 0\r\nconnection: close\r\n\r\n";
        assert!(hypers_refusal(too_large).is_some());
        // The service's own 400s have a page; a timeout (408) or a 404 is not a refusal to read.
        for not in [
            &b"HTTP/1.1 400 Bad Request\r\ncontent-length: 12\r\nconnection: close\r\n\r\n<p>page</p>\n"[..],
            b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n",
            b"HTTP/1.1 408 Request Timeout\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
            b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
            b"<html>",
        ] {
            assert_eq!(hypers_refusal(not), None, "{}", String::from_utf8_lossy(not));
        }
    }

    #[test]
    fn the_language_is_the_addresss() {
        assert_eq!(lang_of_request(b"GET /cy/chwilio/?q=<b> HTTP/1.1\r\n"), Some(Lang::Cy));
        assert_eq!(lang_of_request(b"POST /en/forms/x HTTP/1.1\r\n"), Some(Lang::En));
        assert_eq!(lang_of_request(b"GET / HTTP/1.1\r\n"), None);
        assert_eq!(lang_of_request(b"GET /css/x.css HTTP/1.1\r\n"), None);
        assert_eq!(lang_of_request(b"\x16\x03\x01"), None);
    }

    /// Written through a socket that takes a few bytes at a time, the page arrives whole
    /// and hyper is told its refusal went.
    #[tokio::test]
    async fn the_page_replaces_the_refusal_however_slowly_the_socket_takes_it() {
        use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
        let refusals = Arc::new(Refusals::new(
            vec![(Lang::Cy, b"<p>cy</p>".to_vec()), (Lang::En, b"<p>en</p>".to_vec())],
            "x-frame-options: DENY\r\n".into(),
        ));
        let (client, server) = tokio::io::duplex(7);
        let mut conn = Answering::new(server, refusals);
        conn.lang = Some(Lang::En);
        let refusal = b"HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n";
        let reader = tokio::spawn(async move {
            let mut client = client;
            let mut got = vec![];
            client.read_to_end(&mut got).await.unwrap();
            got
        });
        assert_eq!(conn.write(refusal).await.unwrap(), refusal.len());
        conn.shutdown().await.unwrap();
        drop(conn);
        let got = String::from_utf8(reader.await.unwrap()).unwrap();
        assert!(got.starts_with("HTTP/1.1 400 Bad Request\r\n"), "{got}");
        assert!(got.contains("\r\nx-frame-options: DENY\r\n") && got.contains("content-length: 9\r\n"), "{got}");
        assert!(got.ends_with("\r\n\r\n<p>en</p>"), "{got}");
    }
}
