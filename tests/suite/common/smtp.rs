//! A real SMTP server for tests: Debian's aiosmtpd (`apt-get install python3-aiosmtpd`),
//! run as a child process and stopped on drop. It stores each message in a Maildir.
//! Switch files make it misbehave on purpose: `refuse` (550 for recipients whose address
//! starts with `bounce`), `defer` (451 for every recipient) and `hang` (no reply after a
//! message's end-of-data marker).
#![allow(dead_code)]

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const HANDLER: &str = r#"
import asyncio
import os
from aiosmtpd.handlers import Mailbox

class Picky(Mailbox):
    def __init__(self, mail_dir):
        super().__init__(mail_dir)
        self.switches = os.path.dirname(os.path.abspath(mail_dir))

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if os.path.exists(os.path.join(self.switches, 'defer')):
            return '451 4.3.0 Try again later'
        if address.startswith('bounce') and os.path.exists(os.path.join(self.switches, 'refuse')):
            return '550 5.1.1 <%s>: Recipient address rejected' % address
        envelope.rcpt_tos.append(address)
        return '250 OK'

    async def handle_DATA(self, server, session, envelope):
        # Takes the whole message, then never answers (until the client gives up and
        # closes, which cancels this): the message is not stored.
        if os.path.exists(os.path.join(self.switches, 'hang')):
            await asyncio.sleep(3600)
        return await super().handle_DATA(server, session, envelope)
"#;

pub(crate) struct Smtp {
    child: Option<Child>,
    pub(crate) port: u16,
    /// Holds `Maildir/` and the switch files.
    pub(crate) dir: PathBuf,
}

/// A port nothing listens on now (the OS picks it; a race with another process is
/// possible but harmless on a test machine).
pub(crate) fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

impl Smtp {
    pub(crate) fn start(dir: &Path) -> Smtp {
        Smtp::start_on(dir, free_port())
    }

    /// Starts on a given port, e.g. where a client has been failing to connect.
    pub(crate) fn start_on(dir: &Path, port: u16) -> Smtp {
        std::fs::create_dir_all(dir).unwrap();
        std::fs::write(dir.join("porth_test_smtp.py"), HANDLER).unwrap();
        let maildir = dir.join("Maildir");
        let child = Command::new("/usr/bin/python3")
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}"), "-c", "porth_test_smtp.Picky"])
            .arg(&maildir)
            .env("PYTHONPATH", dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("run /usr/bin/python3 -m aiosmtpd (apt-get install -y python3-aiosmtpd)");
        let mut smtp = Smtp { child: Some(child), port, dir: dir.to_path_buf() };
        let deadline = Instant::now() + Duration::from_secs(15);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Some(status) = smtp.child.as_mut().unwrap().try_wait().unwrap() {
                panic!("aiosmtpd exited ({status}); is python3-aiosmtpd installed?");
            }
            assert!(Instant::now() < deadline, "aiosmtpd did not listen on {port} within 15 s");
            std::thread::sleep(Duration::from_millis(50));
        }
        smtp
    }

    pub(crate) fn set_switch(&self, name: &str, on: bool) {
        let path = self.dir.join(name);
        if on {
            std::fs::write(path, "").unwrap();
        } else {
            let _ = std::fs::remove_file(path);
        }
    }

    /// Every message received so far, raw.
    pub(crate) fn messages(&self) -> Vec<Vec<u8>> {
        let mut out = vec![];
        for sub in ["new", "cur"] {
            let Ok(rd) = std::fs::read_dir(self.dir.join("Maildir").join(sub)) else { continue };
            let mut paths: Vec<PathBuf> = rd.map(|e| e.unwrap().path()).collect();
            paths.sort();
            out.extend(paths.into_iter().map(|p| std::fs::read(p).unwrap()));
        }
        out
    }

    /// Waits until at least `n` messages have arrived.
    pub(crate) fn wait_for(&self, n: usize, timeout: Duration) -> Vec<Vec<u8>> {
        let deadline = Instant::now() + timeout;
        loop {
            let m = self.messages();
            if m.len() >= n || Instant::now() > deadline {
                return m;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub(crate) fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

impl Drop for Smtp {
    fn drop(&mut self) {
        self.stop();
    }
}
