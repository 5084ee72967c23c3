//! Load benchmark for form submissions (not a test): prepares N home-education
//! submissions up to their check-your-answers page, then sends the final POSTs open-loop
//! at a fixed rate and reports latency percentiles. Each accepted POST has been fsynced to
//! the outbox before its response. Run by `bench/serve`; see BENCHMARKS.md.
//!
//!     cargo run --release --example submit_load -- http://127.0.0.1:8080 200 10

use std::sync::Arc;
use std::time::{Duration, Instant};

fn between<'a>(html: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let i = html.find(start)? + start.len();
    Some(&html[i..i + html[i..].find(end)?])
}

/// How long each question page's POST took while preparing: the cost of a session write
/// (on disk or in PostgreSQL, whichever the server uses) with the page's validation.
static PAGE_POSTS: std::sync::Mutex<Vec<Duration>> = std::sync::Mutex::new(Vec::new());

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    sorted[((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1].as_secs_f64() * 1000.0
}

struct Session {
    client: reqwest::Client,
    action: String,
    csrf: String,
}

/// GET or POST, following one POST-redirect-GET by hand; returns the form's action and token.
async fn page(
    client: &reqwest::Client,
    base: &str,
    path: &str,
    form: Option<Vec<(String, String)>>,
) -> Result<(String, String, String), String> {
    let url = format!("{base}{path}");
    let posted = form.is_some();
    let t = Instant::now();
    let mut resp = match form {
        Some(f) => client.post(&url).form(&f).send().await,
        None => client.get(&url).send().await,
    }
    .map_err(|e| e.to_string())?;
    if posted {
        // A question page's POST: validate, write the answers to the session, redirect.
        PAGE_POSTS.lock().expect("page timings").push(t.elapsed());
    }
    if resp.status().is_redirection() {
        let to = resp
            .headers()
            .get("location")
            .and_then(|l| l.to_str().ok())
            .ok_or("redirect without location")?
            .to_string();
        resp = client.get(format!("{base}{to}")).send().await.map_err(|e| e.to_string())?;
    }
    let html = resp.text().await.map_err(|e| e.to_string())?;
    let action = between(&html, "<form method=\"post\" action=\"", "\"").ok_or("no form on the page")?.to_string();
    let csrf = between(&html, "name=\"_csrf\" value=\"", "\"").ok_or("no CSRF token")?.to_string();
    Ok((html, action, csrf))
}

/// Walks one submission to its check-your-answers page.
async fn prepare(base: &str, n: usize) -> Result<Session, String> {
    // The server closes a keep-alive connection idle for `header_timeout_secs` (10 s), and
    // these wait longer than that between the last page and the final POST: a pooled
    // connection reused just as the server closes it fails the POST (seen once in 5,000).
    // Like a family who took a while on the last page, the final POST gets a fresh connection.
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .pool_idle_timeout(Duration::from_secs(5))
        .build()
        .map_err(|e| e.to_string())?;
    let (_, mut action, mut csrf) = page(&client, base, "/en/forms/home-education/child-1", None).await?;
    let steps: Vec<Vec<(&str, String)>> = vec![
        vec![
            ("child-first-name", "Alaw".into()),
            ("child-last-name", format!("Load{n}")),
            ("child-dob-day", "14".into()),
            ("child-dob-month", "3".into()),
            ("child-dob-year", "2017".into()),
        ],
        vec![("attended", "no".into())],
        vec![("aln-plan", "none".into())],
        vec![("another", "no".into())],
        vec![
            ("parent-name", "Rhiannon Jones".into()),
            ("parent-relationship", "Mam".into()),
            ("address-line-1", "1 Stryd y Bont".into()),
            ("address-town", "Aberteg".into()),
            ("address-postcode", "AT1 1AA".into()),
            ("parent-email", format!("parent{n}@example.com")),
            ("contact-language", "cy".into()),
        ],
        vec![("second", "no".into())],
        vec![],
        vec![("support", "info-pack".into())],
    ];
    for fields in steps {
        let mut form = vec![("_csrf".to_string(), csrf.clone())];
        form.extend(fields.into_iter().map(|(k, v)| (k.to_string(), v)));
        let (html, a, c) = page(&client, base, &action, Some(form)).await?;
        if html.contains("govuk-error-summary") {
            return Err(format!("validation error at {action}"));
        }
        action = a;
        csrf = c;
    }
    Ok(Session { client, action, csrf })
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let base = args.get(1).cloned().unwrap_or_else(|| "http://127.0.0.1:8080".into());
    let rate: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(200);
    let seconds: u64 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(10);
    let total = (rate * seconds) as usize;

    let prep_start = Instant::now();
    let base = Arc::new(base);
    let sem = Arc::new(tokio::sync::Semaphore::new(8));
    let prep: Vec<_> = (0..total)
        .map(|n| {
            let (base, sem) = (base.clone(), sem.clone());
            tokio::spawn(async move {
                let _permit = sem.acquire().await.expect("semaphore open");
                prepare(&base, n).await
            })
        })
        .collect();
    let mut sessions = vec![];
    for t in prep {
        sessions.push(t.await.expect("task").unwrap_or_else(|e| panic!("preparing a submission failed: {e}")));
    }
    eprintln!("prepared {} submissions in {:.1} s", sessions.len(), prep_start.elapsed().as_secs_f64());
    let mut pages = std::mem::take(&mut *PAGE_POSTS.lock().expect("page timings"));
    pages.sort();
    println!(
        "page posts (8 concurrent, session write each)={} p50={:.2}ms p99={:.2}ms",
        pages.len(),
        percentile(&pages, 0.5),
        percentile(&pages, 0.99)
    );

    // Open loop: one final POST every 1/rate s, whatever the server's speed, so a slow
    // server shows as latency rather than as a lower offered rate.
    let interval = Duration::from_nanos(1_000_000_000 / rate);
    let start = Instant::now();
    let mut sends = vec![];
    for (i, s) in sessions.into_iter().enumerate() {
        tokio::time::sleep_until((start + interval * i as u32).into()).await;
        let base = base.clone();
        sends.push(tokio::spawn(async move {
            let t = Instant::now();
            let form = [("_csrf", s.csrf.as_str()), ("declaration", "yes")];
            let resp = s.client.post(format!("{base}{}", s.action)).form(&form).send().await;
            let ok = matches!(&resp, Ok(r) if r.status() == reqwest::StatusCode::SEE_OTHER
                && r.headers().get("location").and_then(|l| l.to_str().ok()).is_some_and(|l| l.ends_with("form-sent") || l.ends_with("ffurflen-wedi-anfon")));
            let elapsed = t.elapsed();
            if !ok {
                // What the server said instead, so a refusal can be told from a timeout.
                match resp {
                    Ok(r) => eprintln!("not accepted: {} {:?}", r.status(), r.headers().get("location")),
                    Err(e) => eprintln!("not accepted: {e}"),
                }
            }
            (elapsed, ok)
        }));
    }
    let mut lat = vec![];
    let mut accepted = 0;
    for s in sends {
        let (d, ok) = s.await.expect("task");
        lat.push(d);
        accepted += ok as usize;
    }
    let wall = start.elapsed().as_secs_f64();
    lat.sort();
    let pct = |p: f64| percentile(&lat, p);
    println!(
        "submissions offered={} accepted={} achieved_rate={:.0}/s p50={:.1}ms p90={:.1}ms p99={:.1}ms max={:.1}ms",
        lat.len(),
        accepted,
        lat.len() as f64 / wall,
        pct(0.50),
        pct(0.90),
        pct(0.99),
        pct(1.0)
    );
}
