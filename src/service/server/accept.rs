//! The accept loop of `porth serve`: connections taken from the TCP listener and served by
//! hyper directly (TCP_NODELAY on each, a header-read timeout that also ends idle keep-alive
//! connections, hyper's empty refusals made the service's page), until SIGTERM or Ctrl-C;
//! then requests in flight are let finish.

use super::refusals::{Answering, Refusals};
use axum::Router;
use std::sync::Arc;
use std::time::Duration;

/// Accepts connections until SIGTERM or Ctrl-C, then lets requests in flight finish (up to
/// 30 s). Each connection must send a request's headers within `header_timeout`, which
/// also closes keep-alive connections left idle that long.
pub(super) async fn serve_connections(
    listener: tokio::net::TcpListener,
    router: Router,
    refusals: Arc<Refusals>,
    header_timeout: Duration,
) {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use tower::ServiceExt as _;
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let mut connections = tokio::task::JoinSet::new();
    let signal = shutdown_signal();
    tokio::pin!(signal);
    loop {
        let (tcp, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(c) => c,
                Err(e) => {
                    // Out of file descriptors, usually: pause rather than spin.
                    tracing::warn!("accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut signal => break,
        };
        while connections.try_join_next().is_some() {}
        // Without TCP_NODELAY a response written in two parts waits for the client's delayed
        // ACK (up to 40 ms on Linux): measured, that capped static pages at ~1,000 requests/s.
        let _ = tcp.set_nodelay(true);
        let svc = router.clone().map_request(move |mut req: axum::extract::Request<hyper::body::Incoming>| {
            req.extensions_mut().insert(axum::extract::ConnectInfo(peer));
            req
        });
        let mut stop = stop_rx.clone();
        let refusals = refusals.clone();
        connections.spawn(async move {
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder.timer(TokioTimer::new()).header_read_timeout(header_timeout);
            // hyper's empty refusal of a request it cannot read becomes the service's page.
            let io = TokioIo::new(Answering::new(tcp, refusals));
            let conn = builder.serve_connection(io, hyper_util::service::TowerToHyperService::new(svc));
            tokio::pin!(conn);
            tokio::select! {
                _ = conn.as_mut() => {}
                _ = stop.changed() => {
                    conn.as_mut().graceful_shutdown();
                    let _ = conn.await;
                }
            }
        });
    }
    drop(listener);
    let _ = stop_tx.send(true);
    let drained =
        tokio::time::timeout(Duration::from_secs(30), async { while connections.join_next().await.is_some() {} }).await;
    if drained.is_err() {
        tracing::warn!("requests still in progress after 30 s were cut off");
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down: finishing requests in progress");
}
