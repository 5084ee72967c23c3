//! The PostgreSQL connection shared by the database backends (`outbox::pg`,
//! `sessions::pg`): a small runtime and pool of its own, embedded migrations, and a
//! blocking `run` for the storage traits, which are blocking.
//!
//! Why a runtime of its own: the storage traits are called from `spawn_blocking`, from the
//! command line (no runtime) and from tests; tokio-postgres is async. `run` sends the work
//! to this runtime and waits on a channel, which works from all three. The pool keeps
//! connections open and drops broken ones, so the service recovers by itself when the
//! database comes back. Migrations are SQL files applied in order under an advisory lock
//! and recorded in `porth_schema_version`; a database at a higher version than this binary
//! knows is refused rather than misread.
//!
//! TLS (`[storage] tls`) is rustls, the stack lettre already brings: `verify-full` checks
//! the certificate against `ca_file` (or the public roots) and the host name, `require`
//! only encrypts. `[storage] tls` decides; an `sslmode` in the URL (providers' sample
//! connection strings carry one) is accepted when it agrees and refused when it asks for
//! more or less, so a `sslmode=require` URL is never quietly sent in plain text.

use crate::service::settings::{DbTls, StorageSettings, ca_certificates};
use anyhow::{Context, Result, anyhow, bail};
use std::future::Future;
use std::str::FromStr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio_postgres::config::SslMode;
use tokio_postgres::{Client, NoTls};
use tokio_postgres_rustls::MakeRustlsConnect;

/// The schema, in order.
const MIGRATIONS: &[(i32, &str)] = &[
    (1, include_str!("migrations/001_outbox.sql")),
    (2, include_str!("migrations/002_sessions.sql")),
    (3, include_str!("migrations/003_sender.sql")),
    (4, include_str!("migrations/004_handoff.sql")),
];

/// Any number; it only has to be the same in every Porth, so concurrent start-ups migrate
/// one after the other.
const MIGRATION_LOCK: i64 = 0x706f_7274_6801;

pub(crate) struct Db {
    /// Runs the connections; `None` only while dropping.
    rt: Option<tokio::runtime::Runtime>,
    pool: Arc<Pool>,
    timeout: Duration,
}

/// At most `size` connections; idle ones kept for the next call, broken ones dropped.
pub(crate) struct Pool {
    config: tokio_postgres::Config,
    /// `None`: plain TCP (`tls = "disable"`).
    tls: Option<MakeRustlsConnect>,
    idle: Mutex<Vec<Client>>,
    permits: tokio::sync::Semaphore,
}

/// A connection on loan from the pool; back into it on drop unless it broke.
pub(crate) struct Conn<'a> {
    pool: &'a Pool,
    client: Option<Client>,
    _permit: tokio::sync::SemaphorePermit<'a>,
}

impl std::ops::Deref for Conn<'_> {
    type Target = Client;
    fn deref(&self) -> &Client {
        self.client.as_ref().expect("a connection on loan")
    }
}

impl std::ops::DerefMut for Conn<'_> {
    fn deref_mut(&mut self) -> &mut Client {
        self.client.as_mut().expect("a connection on loan")
    }
}

impl Drop for Conn<'_> {
    fn drop(&mut self) {
        if let Some(c) = self.client.take().filter(|c| !c.is_closed()) {
            self.pool.idle.lock().expect("pool poisoned").push(c);
        }
    }
}

impl Pool {
    pub(crate) async fn get(&self) -> Result<Conn<'_>> {
        let permit = self.permits.acquire().await.map_err(|_| anyhow!("the connection pool is closed"))?;
        // An idle connection the server closed meanwhile (a restart, a failover) is dropped
        // here rather than handed out to fail the next submission.
        let idle = {
            let mut idle = self.idle.lock().expect("pool poisoned");
            std::iter::from_fn(|| idle.pop()).find(|c| !c.is_closed())
        };
        let client = match idle {
            Some(c) => c,
            None => self.connect().await?,
        };
        Ok(Conn { pool: self, client: Some(client), _permit: permit })
    }

    async fn connect(&self) -> Result<Client> {
        // The error says what failed (refused, timed out, authentication); it never
        // contains the URL, so the password cannot reach a log.
        let client = match &self.tls {
            None => open(&self.config, NoTls).await,
            Some(tls) => open(&self.config, tls.clone()).await,
        }
        .map_err(explain)?;
        // Never trust the server's default: a confirmed submission must survive a crash.
        client.batch_execute("SET synchronous_commit = on").await.context("cannot set synchronous_commit")?;
        Ok(client)
    }
}

/// One connection, its I/O driven by a task of its own.
async fn open<T>(config: &tokio_postgres::Config, tls: T) -> Result<Client, tokio_postgres::Error>
where
    T: tokio_postgres::tls::MakeTlsConnect<tokio_postgres::Socket>,
    T::Stream: Send + 'static,
{
    let (client, connection) = config.connect(tls).await?;
    tokio::spawn(async move {
        if let Err(e) = connection.await {
            tracing::warn!("database: a connection closed: {e}");
        }
    });
    Ok(client)
}

impl Db {
    /// Connects, creates or migrates the tables, and checks the schema is not newer than
    /// this binary. Fails with the reason when the database cannot be reached.
    pub(crate) fn connect(url: &str, settings: &StorageSettings) -> Result<Arc<Db>> {
        Db::connect_as(url, settings, "porth")
    }

    /// `connect`, naming the connections `application` in `pg_stat_activity`: `porth`
    /// for the service, something else for a command that must tell itself apart from
    /// running servers (`porth outbox migrate`).
    pub(crate) fn connect_as(url: &str, settings: &StorageSettings, application: &str) -> Result<Arc<Db>> {
        // tokio-postgres knows disable, prefer and require; libpq's verify-ca and
        // verify-full are read here, then parsed as require.
        let verifies = ["sslmode=verify-ca", "sslmode=verify-full"].iter().any(|m| url.contains(m));
        let parsed =
            url.replace("sslmode=verify-ca", "sslmode=require").replace("sslmode=verify-full", "sslmode=require");
        let mut config = tokio_postgres::Config::from_str(&parsed).map_err(|_| {
            anyhow!(
                "the database URL in {} is not a PostgreSQL URL (postgresql://user:password@host:port/database)",
                settings.url_env
            )
        })?;
        let asked = match config.get_ssl_mode() {
            _ if verifies => Some(DbTls::VerifyFull),
            SslMode::Require => Some(DbTls::Require),
            SslMode::Disable => Some(DbTls::Disable),
            _ => None,
        };
        let agrees = match (asked, settings.tls) {
            (None, _) | (Some(DbTls::Disable), DbTls::Disable) => true,
            (Some(DbTls::Disable), _) => false,
            (Some(url_tls), tls) => tls != DbTls::Disable && (url_tls != DbTls::VerifyFull || tls == DbTls::VerifyFull),
        };
        if !agrees {
            let url_mode =
                if verifies { "verify-ca or verify-full" } else { asked.map(DbTls::as_str).unwrap_or("prefer") };
            bail!(
                "the database URL in {} asks for sslmode={url_mode} but config.toml has [storage] tls = \"{}\": set tls in config.toml to what you need (\"verify-full\" for managed PostgreSQL), and remove sslmode from the URL or make it agree",
                settings.url_env,
                settings.tls.as_str()
            );
        }
        config.application_name(application);
        config.ssl_mode(if settings.tls == DbTls::Disable { SslMode::Disable } else { SslMode::Require });
        let tls = tls_connector(settings)?;
        config.connect_timeout(Duration::from_secs_f64(settings.timeout_secs));
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("porth-postgres")
            .enable_all()
            .build()
            .context("failed to start the database runtime")?;
        let pool = Arc::new(Pool {
            config,
            tls,
            idle: Mutex::new(vec![]),
            permits: tokio::sync::Semaphore::new(settings.pool_size),
        });
        let db = Db { rt: Some(rt), pool, timeout: Duration::from_secs_f64(settings.timeout_secs) };
        let version = db
            .run(|pool| async move {
                let mut c = pool.get().await?;
                migrate(&mut c).await
            })
            .with_context(|| format!("the database (from {}) cannot be used", settings.url_env))?;
        tracing::debug!(schema = version, "database ready");
        Ok(Arc::new(db))
    }

    /// Runs database work on this runtime and waits for it, at most `timeout`.
    pub(crate) fn run<T, F, Fut>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(Arc<Pool>) -> Fut,
        Fut: Future<Output = Result<T>> + Send + 'static,
    {
        let fut = f(self.pool.clone());
        let timeout = self.timeout;
        let (tx, rx) = std::sync::mpsc::channel();
        self.rt.as_ref().expect("the runtime lives as long as the database handle").spawn(async move {
            let result = match tokio::time::timeout(timeout, fut).await {
                Ok(r) => r,
                Err(_) => Err(anyhow!("the database did not answer within {} s", timeout.as_secs_f64())),
            };
            let _ = tx.send(result);
        });
        rx.recv().map_err(|_| anyhow!("a database task stopped"))?
    }
}

impl Drop for Db {
    fn drop(&mut self) {
        // Without waiting: dropping may happen inside another runtime (tests, shutdown).
        if let Some(rt) = self.rt.take() {
            rt.shutdown_background();
        }
    }
}

/// The TLS connector `[storage] tls` asks for; `None` for plain TCP.
fn tls_connector(settings: &StorageSettings) -> Result<Option<MakeRustlsConnect>> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .context("no TLS protocol versions")?;
    let config = match settings.tls {
        DbTls::Disable => return Ok(None),
        DbTls::Require => {
            builder.dangerous().with_custom_certificate_verifier(Arc::new(EncryptOnly(provider))).with_no_client_auth()
        }
        DbTls::VerifyFull => {
            let mut roots = rustls::RootCertStore::empty();
            match &settings.ca_file {
                Some(path) => {
                    for cert in ca_certificates(path).context("[storage] ca_file")? {
                        roots.add(cert).with_context(|| {
                            format!(
                                "[storage] ca_file `{}` holds a certificate that cannot be used as an authority",
                                path.display()
                            )
                        })?;
                    }
                }
                None => roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned()),
            }
            builder.with_root_certificates(roots).with_no_client_auth()
        }
    };
    Ok(Some(MakeRustlsConnect::new(config)))
}

/// `tls = "require"`, as libpq's `sslmode=require`: any certificate is taken (so nobody
/// listening on the way can read the traffic), but the handshake's signatures are still
/// checked. It does not stop someone who can impersonate the database: that is
/// `verify-full`.
#[derive(Debug)]
struct EncryptOnly(Arc<rustls::crypto::CryptoProvider>);

impl rustls::client::danger::ServerCertVerifier for EncryptOnly {
    fn verify_server_cert(
        &self,
        _end_entity: &rustls::pki_types::CertificateDer<'_>,
        _intermediates: &[rustls::pki_types::CertificateDer<'_>],
        _server_name: &rustls::pki_types::ServerName<'_>,
        _ocsp_response: &[u8],
        _now: rustls::pki_types::UnixTime,
    ) -> Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        Ok(rustls::client::danger::ServerCertVerified::assertion())
    }
    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }
    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }
    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// A connection error with what to change when it is about TLS. The error never holds the
/// URL, so the password cannot reach a log.
fn explain(e: tokio_postgres::Error) -> anyhow::Error {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        text = format!("{text}: {s}");
        source = s.source();
    }
    let db_message = e.as_db_error().map(|d| d.message().to_string()).unwrap_or_default();
    let hint = if text.contains("invalid peer certificate")
        || text.contains("UnknownIssuer")
        || text.contains("NotValidForName")
    {
        Some(
            "the database's certificate was refused: with [storage] tls = \"verify-full\" it must be signed by an authority in [storage] ca_file (the public roots when ca_file is unset) and name the host in the URL; set ca_file to your provider's CA bundle",
        )
    } else if db_message.contains("no encryption") {
        Some(
            "the database requires TLS: set [storage] tls = \"verify-full\" (with ca_file if your provider's CA is not a public one), or \"require\"",
        )
    } else if text.contains("server does not support TLS") {
        Some(
            "the database does not offer TLS: turn on ssl in its configuration, or set [storage] tls = \"disable\" for a database on a private network",
        )
    } else {
        None
    };
    let e = anyhow::Error::new(e);
    match hint {
        Some(h) => e.context(format!("cannot connect to the database: {h}")),
        None => e.context("cannot connect to the database"),
    }
}

/// Applies the migrations this database lacks, one transaction for all, under an advisory
/// lock so instances starting together do not race. Returns the schema version.
async fn migrate(c: &mut Client) -> Result<i32> {
    let latest = MIGRATIONS.last().map(|m| m.0).unwrap_or(0);
    let tx = c.transaction().await.context("cannot start a transaction")?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
        .await
        .context("cannot take the migration lock")?;
    tx.batch_execute("CREATE TABLE IF NOT EXISTS porth_schema_version (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())")
        .await
        .context("cannot create porth_schema_version")?;
    let current: i32 = tx.query_one("SELECT coalesce(max(version), 0) FROM porth_schema_version", &[]).await?.get(0);
    if current > latest {
        bail!(
            "the database's schema is at version {current}, newer than this Porth knows (version {latest}): a newer Porth has upgraded it. Run that newer Porth, or restore the database from before the upgrade"
        );
    }
    for (version, sql) in MIGRATIONS.iter().filter(|(v, _)| *v > current) {
        tx.batch_execute(sql).await.with_context(|| format!("schema migration {version} failed"))?;
        tx.execute("INSERT INTO porth_schema_version (version) VALUES ($1)", &[version]).await?;
        tracing::info!(version, "database schema migrated");
    }
    tx.commit().await.context("cannot commit the schema migration")?;
    Ok(latest)
}
