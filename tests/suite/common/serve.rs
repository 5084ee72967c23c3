//! Driving the real `porth serve`: the repository's site in a temp dir with mail to a test
//! SMTP server, the server process, and a browser without JavaScript. Shared by
//! tests/suite/service_resilience.rs, tests/suite/postgres.rs and tests/suite/forms.rs.
#![allow(dead_code)]

use super::smtp::{Smtp, free_port};
use mail_parser::MessageParser;
use reqwest::blocking::Client;
use scraper::{Html, Selector};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The repository's site in a temp dir, mail to `smtp_port`, with `service` as `[service]`.
pub(crate) fn site(smtp_port: u16, service: &str) -> tempfile::TempDir {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    for sub in ["content", "templates", "i18n", "static", "forms"] {
        super::copy_tree(&repo.join(sub), &dir.path().join(sub));
    }
    let config = std::fs::read_to_string(repo.join("config.toml")).unwrap().replace(
        "transport = \"file\"",
        &format!("transport = \"smtp\"\nhost = \"127.0.0.1\"\nport = {smtp_port}\ntls = \"none\"\ntimeout_secs = 5.0\nretry_initial_secs = 0.5\nretry_max_secs = 2.0"),
    );
    assert!(config.contains("transport = \"smtp\""));
    std::fs::write(dir.path().join("config.toml"), format!("{config}\n[service]\n{service}\n")).unwrap();
    dir
}

pub(crate) struct Server {
    pub(crate) child: Child,
    pub(crate) base: String,
}

impl Server {
    pub(crate) fn start(root: &Path, extra: &[&str]) -> Server {
        Server::start_with_env(root, extra, &[])
    }

    /// With environment variables set for it (the database URL).
    pub(crate) fn start_with_env(root: &Path, extra: &[&str], envs: &[(&str, &str)]) -> Server {
        let port = free_port();
        let mut args: Vec<String> = vec![
            "--root".into(),
            root.display().to_string(),
            "serve".into(),
            "--addr".into(),
            format!("127.0.0.1:{port}"),
        ];
        if !extra.iter().any(|a| a.starts_with("--posts-per-minute")) {
            args.extend(["--posts-per-minute".into(), "100000".into(), "--burst".into(), "100000".into()]);
        }
        args.extend(extra.iter().map(|s| s.to_string()));
        let child = Command::new(env!("CARGO_BIN_EXE_porth"))
            .args(&args)
            .env("PORTH_LOG", "porth=info")
            .envs(envs.iter().copied())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("porth starts");
        let server = Server { child, base: format!("http://127.0.0.1:{port}") };
        let deadline = Instant::now() + Duration::from_secs(60);
        // Any answer will do: some tests start it with an unhealthy outbox on purpose.
        while reqwest::blocking::get(format!("{}/healthz", server.base)).is_err() {
            assert!(Instant::now() < deadline, "porth serve did not answer /healthz within 60 s");
            std::thread::sleep(Duration::from_millis(100));
        }
        server
    }

    pub(crate) fn signal(&mut self, sig: &str) {
        assert!(Command::new("kill").args([sig, &self.child.id().to_string()]).status().unwrap().success());
    }

    /// SIGTERM, then waits for a clean exit.
    pub(crate) fn stop(&mut self) {
        self.signal("-TERM");
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(code) = self.child.try_wait().unwrap() {
                assert!(code.success(), "exit status {code}");
                return;
            }
            assert!(Instant::now() < deadline, "porth serve did not stop within 30 s of SIGTERM");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub(crate) fn health(&self) -> (u16, serde_json::Value) {
        let r = reqwest::blocking::get(format!("{}/healthz", self.base)).unwrap();
        (r.status().as_u16(), serde_json::from_str(&r.text().unwrap()).unwrap())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub(crate) fn porth(root: &Path, args: &[&str]) -> (bool, String, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_porth")).arg("--root").arg(root).args(args).output().unwrap();
    (
        o.status.success(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// The n-th reference a test makes up: valid, distinct.
pub(crate) fn reference(n: usize) -> String {
    const A: &[u8] = b"23456789ABCDEFGHJKMNPQRSTVWXYZ";
    let c = |k: usize| A[(n / 30usize.pow(k as u32)) % 30] as char;
    format!("ADY-{}{}{}{}-TEST", c(3), c(2), c(1), c(0))
}

/// Puts a submission into `pending/` as `Outbox::accept` lays it out.
pub(crate) fn pending(root: &Path, r: &str) {
    let dir = root.join("var/outbox/pending").join(r);
    std::fs::create_dir_all(&dir).unwrap();
    let s = serde_json::json!({
        "reference": r, "form": "aln", "lang": "cy", "submitted_at": "2026-11-23T14:05:00Z",
        "sender_email": "rhiant@teulu.test",
        "sections": [{"title_key": "aln-section-learner", "rows": [{"label_key": "aln-learner-first-name", "value": "Cai"}]}],
        "data": {}, "attachments": [],
    });
    std::fs::write(dir.join("submission.json"), serde_json::to_vec(&s).unwrap()).unwrap();
    let now = time::OffsetDateTime::now_utc().format(&time::format_description::well_known::Rfc3339).unwrap();
    std::fs::write(
        dir.join("state.json"),
        serde_json::to_vec(&serde_json::json!({"reference": r, "form": "aln", "accepted_at": now})).unwrap(),
    )
    .unwrap();
}

/// How many times each Message-ID reached the SMTP server.
pub(crate) fn counts(smtp: &Smtp) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for raw in smtp.messages() {
        let id = MessageParser::default().parse(&raw).unwrap().message_id().unwrap_or_default().to_string();
        *m.entry(id).or_insert(0) += 1;
    }
    m
}

pub(crate) fn wait_until(timeout: Duration, mut done: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + timeout;
    while Instant::now() < deadline {
        if done() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    done()
}

/// A browser without JavaScript: cookies, redirects, the CSRF token from the page.
pub(crate) struct Browser {
    pub(crate) client: Client,
    pub(crate) base: String,
}

pub(crate) struct Page {
    pub(crate) status: u16,
    /// Where the browser ended up, after redirects.
    pub(crate) url: String,
    pub(crate) html: String,
}

impl Page {
    fn read(r: reqwest::blocking::Response) -> reqwest::Result<Page> {
        let (status, url) = (r.status().as_u16(), r.url().to_string());
        Ok(Page { status, url, html: r.text()? })
    }
    pub(crate) fn select(&self, css: &str) -> Vec<String> {
        Html::parse_document(&self.html)
            .select(&Selector::parse(css).unwrap())
            .map(|e| e.text().collect::<String>().trim().to_string())
            .collect()
    }
    pub(crate) fn attr(&self, css: &str, attr: &str) -> Option<String> {
        Html::parse_document(&self.html)
            .select(&Selector::parse(css).unwrap())
            .next()
            .and_then(|e| e.value().attr(attr).map(str::to_string))
    }
    pub(crate) fn path(&self) -> String {
        reqwest::Url::parse(&self.url).unwrap().path().to_string()
    }
    pub(crate) fn h1(&self) -> String {
        self.select("h1").join(" ")
    }
    /// The error summary's messages.
    pub(crate) fn summary(&self) -> Vec<String> {
        self.select(".govuk-error-summary__list a")
    }
    pub(crate) fn csrf(&self) -> String {
        self.attr("input[name=_csrf]", "value").unwrap_or_else(|| panic!("no CSRF token on {}", self.url))
    }
}

impl Browser {
    pub(crate) fn new(server: &Server) -> Browser {
        Browser {
            client: Client::builder().cookie_store(true).timeout(Duration::from_secs(30)).build().unwrap(),
            base: server.base.clone(),
        }
    }
    pub(crate) fn page(r: reqwest::blocking::Response) -> Page {
        Page::read(r).unwrap()
    }
    pub(crate) fn get(&self, path: &str) -> Page {
        self.try_get(path).unwrap()
    }
    /// For a server that may die under the request (a test that kills it).
    pub(crate) fn try_get(&self, path: &str) -> reqwest::Result<Page> {
        Page::read(self.client.get(format!("{}{path}", self.base)).send()?)
    }
    pub(crate) fn post_with(&self, page: &Page, fields: &[(&str, &str)], headers: &[(&str, &str)]) -> Page {
        self.try_post_with(page, fields, headers).unwrap()
    }
    pub(crate) fn try_post_with(
        &self,
        page: &Page,
        fields: &[(&str, &str)],
        headers: &[(&str, &str)],
    ) -> reqwest::Result<Page> {
        let mut form: Vec<(String, String)> = vec![("_csrf".into(), page.csrf())];
        form.extend(fields.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        let action = page.attr("form[method=post]", "action").expect("a form");
        let mut req = self.client.post(format!("{}{action}", self.base)).form(&form);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        Page::read(req.send()?)
    }
    pub(crate) fn post(&self, page: &Page, fields: &[(&str, &str)]) -> Page {
        self.post_with(page, fields, &[])
    }
    /// A document uploaded on a page with a file field.
    pub(crate) fn upload(&self, page: &Page, name: &str, bytes: Vec<u8>) -> Page {
        let part = reqwest::blocking::multipart::Part::bytes(bytes)
            .file_name(name.to_string())
            .mime_str("application/pdf")
            .unwrap();
        let form = reqwest::blocking::multipart::Form::new()
            .text("_csrf", page.csrf())
            .text("_action", "upload")
            .part("document", part);
        let action = page.attr("form[method=post]", "action").unwrap();
        Browser::page(self.client.post(format!("{}{action}", self.base)).multipart(form).send().unwrap())
    }
    /// A form's first question, through the start page at `start`.
    pub(crate) fn first_question_at(&self, start: &str) -> Page {
        let start = self.get(start);
        assert_eq!(start.status, 200);
        self.get(&start.attr("a.govuk-button--start", "href").expect("start button"))
    }
    /// The ALN form's first question, through its start page.
    pub(crate) fn first_question(&self, lang: &str) -> Page {
        self.try_first_question(lang).unwrap()
    }
    pub(crate) fn try_first_question(&self, lang: &str) -> reqwest::Result<Page> {
        let start = self.try_get(if lang == "en" {
            "/en/forms/additional-learning-needs/"
        } else {
            "/cy/ffurflenni/anghenion-dysgu-ychwanegol/"
        })?;
        let href = start.attr("a.govuk-button--start", "href").expect("start button");
        self.try_get(&href)
    }
    /// A parent's ALN request from start to confirmation; the reference shown.
    pub(crate) fn send_aln(&self, lang: &str) -> String {
        self.try_send_aln(lang).unwrap()
    }
    /// The same, with an error when the server stops answering on the way.
    pub(crate) fn try_send_aln(&self, lang: &str) -> reqwest::Result<String> {
        let check = self.try_aln_to_check(lang)?;
        let p = self.try_post_with(&check, &[("declaration", "yes")], &[])?;
        Ok(p.select("#reference").join(""))
    }
    /// A parent's ALN request up to "check your answers" (Send not pressed).
    pub(crate) fn try_aln_to_check(&self, lang: &str) -> reqwest::Result<Page> {
        let mut p = self.try_first_question(lang)?;
        let y = (time::OffsetDateTime::now_utc().year() - 4).to_string();
        let steps: [&[(&str, &str)]; 7] = [
            &[("who", "parent")],
            &[
                ("your-name", "A"),
                ("your-relationship", "Father"),
                ("your-email", "a@example.com"),
                ("contact-language", "cy"),
            ],
            &[("route", "decide")],
            &[
                ("learner-first-name", "B"),
                ("learner-last-name", "C"),
                ("learner-dob-day", "1"),
                ("learner-dob-month", "3"),
                ("learner-dob-year", &y),
                ("learner-address-1", "1"),
                ("learner-town", "T"),
                ("learner-postcode", "AT1 1AA"),
                ("looked-after", "no"),
            ],
            &[("education-language", "none"), ("home-language", "English"), ("welsh-provision", "not-sure")],
            &[("needs", "n"), ("provision", "none"), ("provision-since", "-"), ("views", "v")],
            &[("_action", "continue")],
        ];
        for fields in steps {
            p = self.try_post_with(&p, fields, &[])?;
        }
        Ok(p)
    }
}

/// Families sending the ALN form at once from several browsers, spread over `bases`
/// (instances), until `limit` have been sent or `stop` is called. A server killed under a
/// request is expected: that family saw no confirmation, and is not counted.
pub(crate) struct Burst {
    stop: Arc<AtomicBool>,
    confirmed: Arc<Mutex<Vec<String>>>,
    threads: Vec<std::thread::JoinHandle<()>>,
}

impl Burst {
    pub(crate) fn start(bases: &[String], browsers: usize, limit: usize) -> Burst {
        let stop = Arc::new(AtomicBool::new(false));
        let confirmed = Arc::new(Mutex::new(Vec::new()));
        let started = Arc::new(AtomicUsize::new(0));
        let threads = (0..browsers)
            .map(|i| {
                let (stop, confirmed, started) = (stop.clone(), confirmed.clone(), started.clone());
                let base = bases[i % bases.len()].clone();
                std::thread::spawn(move || {
                    let b = Browser {
                        client: Client::builder().cookie_store(true).timeout(Duration::from_secs(30)).build().unwrap(),
                        base,
                    };
                    let lang = if i % 4 < 2 { "cy" } else { "en" };
                    while !stop.load(Ordering::SeqCst) && started.fetch_add(1, Ordering::SeqCst) < limit {
                        match b.try_send_aln(lang) {
                            Ok(r) => {
                                assert!(r.starts_with("ADY-"), "a confirmation page with a reference: {r:?}");
                                confirmed.lock().unwrap().push(r);
                            }
                            // The server was killed: stop, as a family would when the page fails.
                            Err(_) => return,
                        }
                    }
                })
            })
            .collect();
        Burst { stop, confirmed, threads }
    }

    /// References shown on a confirmation page so far.
    pub(crate) fn confirmed(&self) -> usize {
        self.confirmed.lock().unwrap().len()
    }

    /// Stops after each browser's current form; the references confirmed.
    pub(crate) fn finish(self) -> Vec<String> {
        self.stop.store(true, Ordering::SeqCst);
        for t in self.threads {
            t.join().expect("a browser thread failed");
        }

        self.confirmed.lock().unwrap().clone()
    }
}

/// Copies beyond the first of each Message-ID.
pub(crate) fn duplicates(counts: &BTreeMap<String, usize>) -> usize {
    counts.values().map(|n| n - 1).sum()
}

/// How many of a reference's messages (by Message-ID, with repeats) reached the server.
pub(crate) fn ids_of(counts: &BTreeMap<String, usize>, r: &str) -> usize {
    counts
        .iter()
        .filter(|(id, _)| id.starts_with(&format!("<{r}.")) || id.starts_with(&format!("{r}.")))
        .map(|(_, n)| *n)
        .sum()
}
