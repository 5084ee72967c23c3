//! `porth serve --watch` and serving through a failed build, end to end: the real binary on
//! a copy of the repository's site, files changed on disk as an editor would, pages read
//! over HTTP.

use reqwest::blocking::get;
use scraper::{Html, Selector};
use std::collections::BTreeMap;
use std::os::unix::fs::MetadataExt;
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
    for sub in ["content", "templates", "i18n", "static", "forms", "directory", "config.toml"] {
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
    serve_with(porth(root), extra)
}

/// `porth serve` started from inside the site folder with `--root .`, as an editor would.
fn serve_from_inside(root: &Path, extra: &[&str]) -> Server {
    let mut c = porth(Path::new("."));
    c.current_dir(root);
    serve_with(c, extra)
}

fn serve_with(mut command: Command, extra: &[&str]) -> Server {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let child =
        command.args(["serve", "--addr", &format!("127.0.0.1:{port}")]).args(extra).spawn().expect("porth starts");
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
    let server = serve_from_inside(dir.path(), &["--watch"]);
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

/// Waits until the work after build `generation` (the search index) is done.
fn settle(server: &Server, generation: u64) {
    let started = Instant::now();
    while text(server, &format!("/_porth/settled?g={generation}")).trim().parse::<u64>().unwrap() < generation {
        assert!(started.elapsed() < Duration::from_secs(120), "build {generation} never settled");
    }
}

/// Every file under `dir`, by path, with its bytes.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().strip_prefix(dir).unwrap().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect()
}

/// The served output folder is what a fresh `porth build` of the same source writes, byte
/// for byte, file for file.
fn assert_same_as_a_fresh_build(root: &Path, now: &str, after: &str) {
    let fresh = tempfile::tempdir().unwrap();
    let out = fresh.path().join("public");
    assert!(
        porth(root).args(["build", "--now", now, "--output"]).arg(&out).status().unwrap().success(),
        "after {after}: the fresh build failed"
    );
    let (served, built) = (tree(&root.join("public")), tree(&out));
    let only_served: Vec<_> = served.keys().filter(|k| !built.contains_key(*k)).collect();
    let only_built: Vec<_> = built.keys().filter(|k| !served.contains_key(*k)).collect();
    assert!(
        only_served.is_empty() && only_built.is_empty(),
        "after {after}: only in the served output {only_served:?}, only in a fresh build {only_built:?}"
    );
    let differ: Vec<_> = served.iter().filter(|(k, v)| built[*k] != **v).map(|(k, _)| k).collect();
    assert!(differ.is_empty(), "after {after}: these files differ from a fresh build: {differ:?}");
}

fn inode(path: PathBuf) -> u64 {
    std::fs::metadata(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())).ino()
}

#[test]
fn a_partial_rebuild_writes_what_a_whole_build_would() {
    let dir = site();
    let root = dir.path();
    let now = "2026-12-01T09:00";
    let server = serve(root, &["--watch", "--now", now]);
    // A page no edit below touches: a partial rebuild leaves its file alone, where a whole
    // build writes every file into a new folder.
    let untouched = || inode(root.join("public/en/cookies/index.html"));
    let before = untouched();
    let mut g = 0;
    let mut step = |file: &str, from: &str, to: &str, what: &str| {
        edit(root.join(file), from, to);
        g = next_build(&server, g);
        settle(&server, g);
        assert_same_as_a_fresh_build(root, now, what);
        g
    };

    step(
        "content/home-education/flexi-schooling.md",
        "Flexi-schooling means your child",
        "Flexi-schooling means that your child",
        "a body edit",
    );
    assert!(text(&server, "/en/home-education/flexi-schooling/").contains("Flexi-schooling means that your child"));
    // The directory's services stay in search after a partial rebuild, which writes the index
    // again (they once all left it at an editor's first edit).
    let found = select(&text(&server, "/en/search/?q=home+education+group"), "main a");
    assert!(found.iter().any(|t| t.contains("Aberteg home education group")), "a service is still found: {found:?}");

    step(
        "content/home-education/returning-to-school.md",
        "title = \"Going back to school\"",
        "title = \"Returning to school\"",
        "a title edit",
    );
    let listing = select(&text(&server, "/en/home-education/"), "main a");
    assert!(listing.iter().any(|t| t == "Returning to school"), "the section lists the new title: {listing:?}");

    step(
        "content/home-education/flexi-schooling.cy.md",
        "title = \"Addysg hyblyg\"",
        "title = \"Addysg hyblyg (rhan amser)\"",
        "a Welsh page's title edit",
    );
    assert_eq!(
        select(&text(&server, "/cy/addysg-ddewisol-yn-y-cartref/addysg-hyblyg/"), "main h1.govuk-heading-l"),
        vec!["Addysg hyblyg (rhan amser)"]
    );

    step(
        "content/drop-in-sessions/2027-02-10-exams-and-qualifications.md",
        "title = \"Exams and qualifications for home-educated young people\"",
        "title = \"Exams and qualifications for young people educated at home\"",
        "a drop-in session's title edit",
    );
    assert_eq!(untouched(), before, "the rebuilds so far were partial");

    // A directory entry edited: served and found as edited.
    step(
        "directory/aberteg-home-education-group.md",
        "Families meet every Thursday",
        "Families gather every Thursday",
        "a directory entry's edit",
    );
    assert!(text(&server, "/en/directory/aberteg-home-education-group/").contains("Families gather every Thursday"));
    let found = select(&text(&server, "/en/search/?q=gather+thursday+library"), "main a");
    assert!(found.iter().any(|t| t.contains("Aberteg home education group")), "found as edited: {found:?}");
    let before = untouched();

    // Renaming a heading another page links to breaks those links: reported at the pages
    // that link, while the last good build is served.
    let g = {
        edit(
            root.join("content/home-education/taking-your-child-off-the-school-roll.md"),
            "{#special-school}",
            "{#special-schools}",
        );
        next_build(&server, g)
    };
    let page = text(&server, "/en/home-education/your-rights/");
    let problems = select(&page, ".porth-watch-problems li");
    for at in ["content/home-education/your-rights.md:106:", "content/home-education/tell-us.md:39:"] {
        assert!(problems.iter().any(|p| p.starts_with(at) && p.contains("#special-school")), "{at} in {problems:?}");
    }
    let anchor = Selector::parse("main a[href$='#special-school']").unwrap();
    assert!(Html::parse_document(&page).select(&anchor).next().is_some(), "the last good build is served");
    let mut g = g;
    let mut step = |file: &str, from: &str, to: &str, what: &str| {
        edit(root.join(file), from, to);
        g = next_build(&server, g);
        settle(&server, g);
        assert_same_as_a_fresh_build(root, now, what);
    };
    step(
        "content/home-education/taking-your-child-off-the-school-roll.md",
        "{#special-schools}",
        "{#special-school}",
        "fixing the heading",
    );
    assert!(
        select(&text(&server, "/en/home-education/your-rights/"), ".porth-watch-problems").is_empty(),
        "fixing it clears the problems"
    );
    assert_eq!(untouched(), before, "still partial");

    // A template change rebuilds everything, served from memory as soon as it is built and
    // written to the folder after; an edit after it is partial again.
    edit(root.join("templates/page.html"), "{% endblock", "<p id=\"template-mark\">mark</p>{% endblock");
    let g = next_build(&server, g);
    let served = text(&server, "/en/home-education/flexi-schooling/");
    assert_eq!(select(&served, "#template-mark"), vec!["mark"], "the whole rebuild is served at once");
    let css = reqwest::blocking::get(format!("{}/css/site.css", server.base)).unwrap();
    assert_eq!(css.status(), 200, "files copied as they are are served too");
    settle(&server, g);
    assert_same_as_a_fresh_build(root, now, "a template edit");
    let on_disk = std::fs::read_to_string(root.join("public/en/home-education/flexi-schooling/index.html")).unwrap();
    assert!(on_disk.contains("<p id=\"template-mark\">mark</p>"), "and written to the folder once settled");
    let after_template = untouched();
    assert_ne!(after_template, before, "a template change builds the whole site");
    edit(
        root.join("content/home-education/flexi-schooling.md"),
        "Flexi-schooling means that your child",
        "Flexi-schooling means your child",
    );
    let g = next_build(&server, g);
    settle(&server, g);
    assert_same_as_a_fresh_build(root, now, "a body edit after a whole rebuild");
    assert_eq!(untouched(), after_template);
}
