//! A minimal site for outbox tests: the real e-mail templates and strings, copied from
//! the repository, a few form labels, and a `[mail]` table pointing at a test server.
#![allow(dead_code)]

use std::path::Path;

/// Form labels as the web half defines them, for the answers in test submissions.
const TEST_LABELS_CY: &str = "test-section-child = Y plentyn\ntest-child-name = Enw llawn y plentyn\ntest-notes = Unrhyw beth arall\ntest-due-rule = 12 wythnos: mae'r cyngor yn penderfynu\ntest-due-rule-event = penderfynu a ddylid asesu\n";
const TEST_LABELS_EN: &str = "test-section-child = The child\ntest-child-name = Child's full name\ntest-notes = Anything else\ntest-due-rule = 12 weeks: the council decides\ntest-due-rule-event = decide whether to assess\n";

/// Writes the site into `root`. `mail` is the body of the `[mail]` table.
pub(crate) fn write_site(root: &Path, mail: &str) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for lang in ["cy", "en"] {
        let dir = root.join("i18n").join(lang);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::copy(repo.join("i18n").join(lang).join("email.ftl"), dir.join("email.ftl")).unwrap();
        std::fs::write(dir.join("test.ftl"), if lang == "cy" { TEST_LABELS_CY } else { TEST_LABELS_EN }).unwrap();
    }
    let templates = root.join("templates").join("email");
    std::fs::create_dir_all(&templates).unwrap();
    for entry in std::fs::read_dir(repo.join("templates").join("email")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), templates.join(entry.file_name())).unwrap();
    }
    let config = format!(
        r#"base_url = "https://teulu.example"
languages = ["cy", "en"]

[council]
phone = "01632 960 100"

[council.cy]
name = "Cyngor Prawf"
team = "Tîm Prawf"
hours = "dydd Llun i ddydd Gwener, 9am tan 5pm"

[council.en]
name = "Test Council"
team = "Test Team"
hours = "Monday to Friday, 9am to 5pm"

[mail]
team_address = "Tîm / Team <team@council.test>"
from_address = "Cyngor Prawf <forms@council.test>"
{mail}
"#
    );
    std::fs::write(root.join("config.toml"), config).unwrap();
}

/// `[mail]` lines for plain SMTP to a local test server, with quick retries.
pub(crate) fn smtp_mail(port: u16) -> String {
    format!(
        "transport = \"smtp\"\nhost = \"127.0.0.1\"\nport = {port}\ntls = \"none\"\ntimeout_secs = 5.0\nretry_initial_secs = 0.05\nretry_max_secs = 0.2\npoll_secs = 0.2\n"
    )
}
