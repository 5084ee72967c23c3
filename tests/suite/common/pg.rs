//! A throwaway PostgreSQL for tests: Debian's `postgresql` package (initdb into a temporary
//! folder, its own port and socket folder, `fsync` left on), stopped and deleted on drop. As
//! root (CI), initdb and postgres refuse to run, so they run as the `postgres` system user
//! the package creates. Nothing is mocked and no shared server is used; a missing package
//! fails the test with how to install it.
#![allow(dead_code)]

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub(crate) struct Postgres {
    dir: tempfile::TempDir,
    bin: PathBuf,
    pub(crate) port: u16,
    running: bool,
}

/// The newest `/usr/lib/postgresql/<version>/bin`, where Debian puts initdb and postgres.
fn bin_dir() -> PathBuf {
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| Some((e.file_name().to_str()?.parse().ok()?, e.path().join("bin"))))
        .filter(|(_, p): &(u32, PathBuf)| p.join("initdb").exists())
        .collect();
    found.sort();
    found.pop().map(|(_, p)| p).unwrap_or_else(|| {
        panic!("PostgreSQL is not installed: run scripts/install-test-deps (apt-get install postgresql)")
    })
}

fn is_root() -> bool {
    std::fs::metadata("/proc/self").map(|m| std::os::unix::fs::MetadataExt::uid(&m) == 0).unwrap_or(false)
}

/// What `Postgres::start_tls` made: the authority that signed the server's certificate,
/// and another one that did not.
pub(crate) struct Tls {
    pub(crate) ca: PathBuf,
    pub(crate) other_ca: PathBuf,
}

/// Runs openssl, failing the test with its output.
fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("cannot run openssl (apt-get install openssl): {e}"));
    assert!(out.status.success(), "openssl {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
}

impl Postgres {
    pub(crate) fn start() -> Postgres {
        Postgres::init(false).0
    }

    /// A server that takes TCP connections over TLS only (`ssl = on`, `hostssl` lines
    /// alone in pg_hba.conf), with a certificate for 127.0.0.1 and localhost signed by
    /// an authority made for the test.
    pub(crate) fn start_tls() -> (Postgres, Tls) {
        let (pg, tls) = Postgres::init(true);
        (pg, tls.expect("certificates"))
    }

    fn init(tls: bool) -> (Postgres, Option<Tls>) {
        let bin = bin_dir();
        let dir = tempfile::Builder::new().prefix("porth-pg").tempdir().unwrap();
        // The postgres user must reach its folder inside ours.
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        let data = dir.path().join("data");
        std::fs::create_dir(&data).unwrap();
        if is_root() {
            let ok =
                Command::new("chown").args(["-R", "postgres:postgres"]).arg(dir.path()).status().unwrap().success();
            assert!(
                ok,
                "chown postgres {}: is the `postgres` user there (apt-get install postgresql)?",
                dir.path().display()
            );
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let mut pg = Postgres { dir, bin, port, running: false };
        let data = pg.data();
        let out = pg.as_postgres(
            &pg.bin.join("initdb"),
            &["-D", &data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync", "--locale=C.UTF-8"],
        );
        assert!(
            out.status.success(),
            "initdb failed:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        let certs = tls.then(|| pg.certificates());
        pg.resume();
        (pg, certs)
    }

    /// Makes the certificates (openssl) and turns TLS on, TCP connections without it refused.
    fn certificates(&self) -> Tls {
        let certs = self.dir.path().join("certs");
        std::fs::create_dir(&certs).unwrap();
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
        for ca in ["ca", "other-ca"] {
            let mut args = vec!["req", "-x509"];
            args.extend(ec);
            let (key, pem, subject) = (format!("{ca}.key"), format!("{ca}.pem"), format!("/CN=Porth test {ca}"));
            args.extend(["-keyout", &key, "-out", &pem, "-days", "2", "-subj", &subject]);
            openssl(&certs, &args);
        }
        std::fs::write(certs.join("ext.cnf"), "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n").unwrap();
        let mut args = vec!["req"];
        args.extend(ec);
        args.extend(["-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost"]);
        openssl(&certs, &args);
        openssl(
            &certs,
            &[
                "x509",
                "-req",
                "-in",
                "server.csr",
                "-CA",
                "ca.pem",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-out",
                "server.pem",
                "-days",
                "2",
                "-extfile",
                "ext.cnf",
            ],
        );
        // The server refuses a key others can read; as root it runs as `postgres`.
        std::fs::set_permissions(certs.join("server.key"), std::fs::Permissions::from_mode(0o600)).unwrap();
        if is_root() {
            assert!(Command::new("chown").args(["-R", "postgres:postgres"]).arg(&certs).status().unwrap().success());
        }
        let data = self.dir.path().join("data");
        let mut conf = std::fs::read_to_string(data.join("postgresql.conf")).unwrap();
        conf.push_str(&format!(
            "\nssl = on\nssl_cert_file = '{}'\nssl_key_file = '{}'\n",
            certs.join("server.pem").display(),
            certs.join("server.key").display()
        ));
        std::fs::write(data.join("postgresql.conf"), conf).unwrap();
        // No `host` line: a TCP connection without TLS has no entry, and is refused.
        std::fs::write(data.join("pg_hba.conf"), "local all all trust\nhostssl all all 127.0.0.1/32 trust\n").unwrap();
        Tls { ca: certs.join("ca.pem"), other_ca: certs.join("other-ca.pem") }
    }

    fn data(&self) -> String {
        self.dir.path().join("data").to_string_lossy().into_owned()
    }

    /// Runs one of the server's programs, as the `postgres` user when we are root.
    fn as_postgres(&self, program: &Path, args: &[&str]) -> Output {
        let mut cmd = if is_root() {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(program);
            c
        } else {
            Command::new(program)
        };
        cmd.args(args)
            .current_dir(self.dir.path())
            .output()
            .unwrap_or_else(|e| panic!("cannot run {} (as postgres: runuser): {e}", program.display()))
    }

    /// Starts the server (again), waiting until it accepts connections.
    pub(crate) fn resume(&mut self) {
        let opts = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c max_connections=200",
            self.port,
            self.dir.path().display()
        );
        let log = self.dir.path().join("server.log").to_string_lossy().into_owned();
        let out = self.as_postgres(
            &self.bin.join("pg_ctl"),
            &["-D", &self.data(), "-l", &log, "-o", &opts, "-w", "-t", "60", "start"],
        );
        assert!(
            out.status.success(),
            "pg_ctl start failed:\n{}{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr),
            std::fs::read_to_string(&log).unwrap_or_default()
        );
        self.running = true;
    }

    /// Stops the server, ending every connection (`-m fast`), as an outage does.
    pub(crate) fn stop(&mut self) {
        let out = self.as_postgres(&self.bin.join("pg_ctl"), &["-D", &self.data(), "-m", "fast", "-w", "stop"]);
        assert!(out.status.success(), "pg_ctl stop failed: {}", String::from_utf8_lossy(&out.stderr));
        self.running = false;
    }

    /// A new, empty database, and its URL.
    pub(crate) fn database(&self, name: &str) -> String {
        self.sql("postgres", &format!("CREATE DATABASE {name}"));
        self.url(name)
    }

    pub(crate) fn url(&self, db: &str) -> String {
        format!("postgresql://postgres@127.0.0.1:{}/{db}", self.port)
    }

    /// Runs SQL with psql and returns its unaligned output.
    pub(crate) fn sql(&self, db: &str, sql: &str) -> String {
        let out = Command::new(self.bin.join("psql"))
            .args([
                "-X",
                "-q",
                "-A",
                "-t",
                "-v",
                "ON_ERROR_STOP=1",
                "-h",
                "127.0.0.1",
                "-p",
                &self.port.to_string(),
                "-U",
                "postgres",
                "-d",
                db,
                "-c",
                sql,
            ])
            .output()
            .unwrap();
        assert!(out.status.success(), "psql `{sql}` failed: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        if self.running {
            let _ = self.as_postgres(&self.bin.join("pg_ctl"), &["-D", &self.data(), "-m", "immediate", "-w", "stop"]);
        }
    }
}
