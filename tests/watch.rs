//! `porth serve --watch` and serving through a failed build, end to end: the real binary on
//! a copy of the repository's site, files changed on disk as an editor would, pages read
//! over HTTP.

use reqwest::blocking::get;
use scraper::{Html, Selector};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn site() -> tempfile::TempDir {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    for sub in ["content", "templates", "i18n", "static", "forms", "config.toml"] {
        let from = repo.join(sub);
        for entry in walkdir::WalkDir::new(&from) {
            let entry = entry.unwrap();
            let rel = entry.path().strip_prefix(&from).unwrap();
            let dest = if rel.as_os_str().is_empty() { dir.path().join(sub) } else { dir.path().join(sub).join(rel) };
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&dest).unwrap();
            } else {
                std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
                std::fs::copy(entry.path(), &dest).unwrap();
            }
        }
    }
    dir
}

fn porth(root: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_porth"));
    c.arg("--root").arg(root).env("PORTH_LOG", "porth=warn").stdout(Stdio::null());
    c
}

fn serve(root: &Path, extra: &[&str]) -> Server {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let child = porth(root).args(["serve", "--addr", &format!("127.0.0.1:{port}")]).args(extra).spawn().expect("porth starts");
    let server = Server { child, base: format!("http://127.0.0.1:{port}") };
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if get(format!("{}/healthz", server.base)).is_ok_and(|r| r.status().is_success()) {
            return server;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("porth serve did not answer /healthz within 60 s");
}

fn text(server: &Server, path: &str) -> String {
    get(format!("{}{path}", server.base)).unwrap().text().unwrap()
}

fn select(html: &str, css: &str) -> Vec<String> {
    let doc = Html::parse_document(html);
    doc.select(&Selector::parse(css).unwrap()).map(|e| e.text().collect::<String>().trim().to_string()).collect()
}

/// Edits a file the way an editor saves it.
fn edit(file: PathBuf, from: &str, to: &str) {
    let s = std::fs::read_to_string(&file).unwrap();
    assert!(s.contains(from), "{} has no `{from}`", file.display());
    std::fs::write(&file, s.replacen(from, to, 1)).unwrap();
}

/// Waits (as the reload script does) for the build after `generation`; returns the new one.
fn next_build(server: &Server, generation: u64) -> u64 {
    let started = Instant::now();
    loop {
        let g: u64 = text(server, &format!("/_porth/wait?g={generation}")).trim().parse().unwrap();
        if g != generation {
            return g;
        }
        assert!(started.elapsed() < Duration::from_secs(60), "no rebuild within 60 s");
    }
}

#[test]
fn watch_rebuilds_reloads_and_shows_problems_over_the_last_good_build() {
    let dir = site();
    let server = serve(dir.path(), &["--watch"]);
    let page = text(&server, "/cy/cysylltu/");
    assert!(page.contains("<script src=\"/_porth/reload.js?g=0\"></script>"), "watch mode adds the reload script");
    assert!(text(&server, "/_porth/reload.js").contains("location.reload()"));

    // Change a Welsh page: the next build serves it, and the script learns of it.
    edit(dir.path().join("content/contact.cy.md"), "title = \"Cysylltu â ni\"", "title = \"Cysylltwch â ni\"");
    let g = next_build(&server, 0);
    assert_eq!(select(&text(&server, "/cy/cysylltu/"), "h1"), vec!["Cysylltwch â ni"]);

    // A broken link: the last good build is still served, with the problem on it.
    edit(dir.path().join("content/contact.cy.md"), "(@/welsh-language.md)", "(@/welsh-languag.md)");
    let g = next_build(&server, g);
    let page = text(&server, "/cy/cysylltu/");
    assert_eq!(select(&page, "main h1.govuk-heading-l"), vec!["Cysylltwch â ni"], "the last good build");
    let problems = select(&page, ".porth-watch-problems li");
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].starts_with("content/contact.cy.md:19: link to `@/welsh-languag.md`"), "{problems:?}");
    assert!(problems[0].contains("I'w thrwsio:"), "in the page's language: {problems:?}");
    assert!(select(&text(&server, "/en/contact/"), ".porth-watch-problems h2")[0].starts_with("There is 1 problem"));

    // Fixing it clears it.
    edit(dir.path().join("content/contact.cy.md"), "(@/welsh-languag.md)", "(@/welsh-language.md)");
    next_build(&server, g);
    assert!(select(&text(&server, "/cy/cysylltu/"), ".porth-watch-problems").is_empty());
}

#[test]
fn a_failed_build_serves_the_previous_one_and_the_forms_and_says_so() {
    let dir = site();
    assert!(porth(dir.path()).arg("build").status().unwrap().success());
    edit(dir.path().join("content/contact.md"), "(@/welsh-language.md)", "(@/no-such-page.md)");
    let server = serve(dir.path(), &[]);
    let health: serde_json::Value = serde_json::from_str(&text(&server, "/healthz")).unwrap();
    let failure = health["site_build_failed"].as_str().expect("healthz reports the failed build");
    assert!(failure.contains("contact.md") && failure.contains("no-such-page"), "{failure}");
    assert_eq!(get(format!("{}/en/contact/", server.base)).unwrap().status(), 200);
    assert_eq!(get(format!("{}/en/forms/home-education/", server.base)).unwrap().status(), 200);
    assert!(!text(&server, "/en/contact/").contains("<script"), "no reload script outside watch mode");
    drop(server);

    // With no previous build there is nothing to serve: refuse, as before.
    std::fs::remove_dir_all(dir.path().join("public")).unwrap();
    let status = porth(dir.path()).args(["serve", "--addr", "127.0.0.1:0"]).stderr(Stdio::null()).status().unwrap();
    assert!(!status.success());
}
