//! SMTP delivery over a pool of connections this module opens itself, so that each socket
//! has `TCP_NODELAY` set.
//!
//! Why not lettre's own pooled transport: it opens its sockets with Nagle's algorithm on,
//! and writes a message's end-of-data marker (`\r\n.\r\n`) in a small write of its own
//! after the body. Nagle holds that write back until the server acknowledges the body,
//! and a server waiting for the very marker acknowledges only when its delayed-ACK timer
//! fires (about 40 ms on Linux, up to 200 ms elsewhere). Traced on loopback (strace,
//! BENCHMARKS.md): 44 ms between the marker's write and the server's `250`, against
//! 0.2 ms for every other command; every message paid it. lettre still speaks SMTP here
//! (`AsyncSmtpConnection`); only the socket is ours.
//!
//! `tls = "tls"` (implicit TLS, port 465) is the exception: lettre wraps the socket in TLS
//! before the greeting inside the same call that opens it, so that connection is opened by
//! lettre, without `TCP_NODELAY`. Plain and STARTTLS connections (ports 25 and 587, what
//! councils' relays use) get it.
//!
//! Pooling follows lettre's pool: a connection is parked after a successful send, checked
//! with `NOOP` before it is used again, and dropped when broken or idle for a minute.

use super::SendError;
use crate::service::settings::TlsMode;
use lettre::address::Envelope;
use lettre::transport::smtp::authentication::{Credentials, DEFAULT_MECHANISMS};
use lettre::transport::smtp::client::{AsyncSmtpConnection, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A parked connection older than this is closed rather than reused: servers drop idle
/// clients (Postfix after 300 s), and a check that fails costs a round trip.
const MAX_IDLE: Duration = Duration::from_secs(60);
/// More parked connections than delivery lanes are never needed; beyond this they close.
const MAX_PARKED: usize = 32;
/// The slowest upload a send is allowed before it counts as hung: 12 MB of files takes
/// about three minutes at this rate.
const MIN_BYTES_PER_SEC: u64 = 64 * 1024;

#[derive(Clone)]
pub(crate) struct SmtpPool {
    inner: Arc<Inner>,
}

struct Inner {
    host: String,
    port: u16,
    tls: TlsMode,
    tls_parameters: Option<TlsParameters>,
    credentials: Option<Credentials>,
    /// For connecting (TCP, greeting, TLS, login), as lettre's `timeout` was.
    timeout: Duration,
    hello: ClientId,
    parked: Mutex<Vec<(AsyncSmtpConnection, Instant)>>,
}

impl SmtpPool {
    pub(crate) fn new(
        host: &str,
        port: u16,
        tls: TlsMode,
        tls_parameters: Option<TlsParameters>,
        credentials: Option<Credentials>,
        timeout: Duration,
    ) -> SmtpPool {
        SmtpPool {
            inner: Arc::new(Inner {
                host: host.to_string(),
                port,
                tls,
                tls_parameters,
                credentials,
                timeout,
                hello: ClientId::default(),
                parked: Mutex::new(Vec::new()),
            }),
        }
    }

    /// Sends one message: MAIL, RCPT, DATA over a parked connection or a new one. The
    /// connection is parked again only after a `250` for the message.
    pub(crate) async fn send(&self, envelope: &Envelope, bytes: &[u8]) -> Result<(), SendError> {
        let mut conn = self.checkout().await?;
        // A server that stops answering must not hold a lane for ever (lettre's async
        // transport has no such limit): `timeout_secs`, plus time for the message at a
        // crawl. Dropping the connection closes it; the message is tried again later, and
        // if the server had in fact taken it, that is a second copy with the same Message-ID.
        let limit = self.inner.timeout + Duration::from_secs(bytes.len() as u64 / MIN_BYTES_PER_SEC);
        match tokio::time::timeout(limit, conn.send(envelope, bytes)).await {
            Ok(Ok(_)) => {
                self.park(conn);
                Ok(())
            }
            // lettre has already sent QUIT and closed a connection that failed.
            Ok(Err(e)) => Err(classify(e)),
            Err(_) => Err(unavailable(format!("no reply within {:.0} s", limit.as_secs_f64()))),
        }
    }

    /// A parked connection that still answers NOOP, else a new one.
    async fn checkout(&self) -> Result<AsyncSmtpConnection, SendError> {
        loop {
            let next = self.inner.parked.lock().expect("pool poisoned").pop();
            let Some((mut conn, since)) = next else { break };
            if since.elapsed() > MAX_IDLE {
                conn.abort().await;
                continue;
            }
            if matches!(tokio::time::timeout(self.inner.timeout, conn.test_connected()).await, Ok(true)) {
                return Ok(conn);
            }
            conn.abort().await;
        }
        match tokio::time::timeout(self.inner.timeout, self.connect()).await {
            Ok(result) => result,
            Err(_) => Err(unavailable(format!("no answer within {} s", self.inner.timeout.as_secs_f64()))),
        }
    }

    fn park(&self, conn: AsyncSmtpConnection) {
        let mut parked = self.inner.parked.lock().expect("pool poisoned");
        if parked.len() < MAX_PARKED && !conn.has_broken() {
            parked.push((conn, Instant::now()));
        }
    }

    async fn connect(&self) -> Result<AsyncSmtpConnection, SendError> {
        let i = &*self.inner;
        let mut conn = match i.tls {
            TlsMode::Tls => AsyncSmtpConnection::connect_tokio1(
                (i.host.as_str(), i.port),
                Some(i.timeout),
                &i.hello,
                i.tls_parameters.clone(),
                None,
            )
            .await
            .map_err(classify)?,
            TlsMode::None | TlsMode::Starttls => {
                let tcp = tokio::net::TcpStream::connect((i.host.as_str(), i.port))
                    .await
                    .map_err(|e| unavailable(e.to_string()))?;
                tcp.set_nodelay(true).map_err(|e| unavailable(e.to_string()))?;
                let mut conn =
                    AsyncSmtpConnection::connect_with_transport(Box::new(tcp), &i.hello).await.map_err(classify)?;
                if let (TlsMode::Starttls, Some(params)) = (i.tls, &i.tls_parameters) {
                    // Required, as lettre's `Tls::Required`: no STARTTLS, no message.
                    conn.starttls(params.clone(), &i.hello).await.map_err(classify)?;
                }
                conn
            }
        };
        if let Some(credentials) = &i.credentials
            && let Err(e) = conn.auth(DEFAULT_MECHANISMS, credentials).await
        {
            conn.abort().await;
            return Err(classify(e));
        }
        Ok(conn)
    }
}

fn unavailable(detail: String) -> SendError {
    SendError::Transient { log: format!("SMTP server unavailable: {detail}"), detail }
}

/// The text is safe to log: a status code or a network error, never the server's reply,
/// which can quote an address.
fn classify(e: lettre::transport::smtp::Error) -> SendError {
    let detail = e.to_string();
    match e.status() {
        Some(code) if e.is_permanent() => {
            SendError::Permanent { log: format!("SMTP server refused the message ({code})"), detail }
        }
        Some(code) => SendError::Transient { log: format!("SMTP server deferred the message ({code})"), detail },
        // No reply code: connection refused, timeout, TLS. Logging these is safe.
        None => unavailable(detail),
    }
}
