//! The HTML report in a real browser: headless Chromium renders the report of the demo
//! chats plus an injected hostile chat, and the test reads the DOM it built. Under CI
//! (`CI` set, as `.ci/run` does) a missing browser fails the test; on a developer machine
//! without Chromium the browser part is skipped with a notice. Set `CHROMIUM` to use a
//! browser elsewhere than `/usr/bin/chromium`.

use crate::util::{groomscan, root, scratch};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A WhatsApp export whose messages try to run script, break out of the page's style and
/// reverse text, around enough indicator phrases to be reported. Fiction.
const HOSTILE_CHAT: &str = "\
05/04/2025, 20:00 - Dex: hi <script>document.body.setAttribute('data-pwned','1')</script> how old are you
05/04/2025, 20:01 - Robin: im 13
05/04/2025, 20:02 - Dex: im 30. send me a pic <img src=x onerror=\"document.body.setAttribute('data-pwned','2')\">
05/04/2025, 20:03 - Dex: dont tell your mum about me \u{202E}ok yas\u{202C} </style><b>bold</b>
05/04/2025, 20:04 - Robin: ok
";

fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    if path.exists() {
        return Some(path);
    }
    if std::env::var_os("CI").is_some() {
        panic!(
            "{} not found: CI must run the browser test (.ci/run installs Debian's chromium)",
            path.display()
        );
    }
    eprintln!(
        "\n*** NOTICE: {} not found; the browser test of the HTML report is SKIPPED. \
         Install it (apt-get install chromium) or set CHROMIUM to run it. ***\n",
        path.display()
    );
    None
}

/// Runs headless Chromium on a local file with extra flags; returns its standard output.
fn browse(browser: &Path, page: &Path, extra: &[&str]) -> String {
    let profile = scratch();
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromium");
    let stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || std::io::read_to_string(stdout).unwrap_or_default());
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "chromium failed: {status}");
            break;
        }
        if Instant::now() > deadline {
            child.kill().ok();
            child.wait().ok();
            panic!("chromium did not finish in 90 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    reader.join().unwrap()
}

fn report(dir: &Path, name: &str, inputs: &[&str]) -> PathBuf {
    let out = dir.join(name);
    let mut args = vec!["scan", "--format", "html", "-o", out.to_str().unwrap()];
    args.extend_from_slice(inputs);
    let run = groomscan(&args);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    out
}

#[test]
fn browser_renders_the_demo_report_inert_and_in_rank_order() {
    let dir = scratch();
    let hostile = dir.path().join("hostile.txt");
    std::fs::write(&hostile, HOSTILE_CHAT).unwrap();
    let page = report(
        dir.path(),
        "report.html",
        &["corpora/demo", hostile.to_str().unwrap()],
    );
    // The file itself, before any browser: no markup from the messages.
    let html = std::fs::read_to_string(&page).unwrap();
    for bad in [
        "<script", "<img", "<b>bold", "\u{202E}", "http://", "https://",
    ] {
        assert!(!html.contains(bad), "{bad:?} in the report file");
    }
    assert!(html.contains("&lt;/style&gt;&lt;b&gt;bold&lt;/b&gt;"));

    let Some(browser) = chromium() else { return };
    let dom = browse(&browser, &page, &["--dump-dom"]);
    assert!(dom.contains("<h1>Chat screening report</h1>"), "{dom}");
    let body = &dom[dom.find("<body").expect("a body")..];
    let body_tag = &body[..body.find('>').unwrap()];
    assert!(!body_tag.contains("data-pwned"), "script ran: {body_tag}");
    assert!(
        !dom.contains("<script") && !dom.contains("<img"),
        "markup was injected"
    );
    // The hostile text is there, as text.
    for text in [
        "&lt;script&gt;document.body.setAttribute('data-pwned','1')&lt;/script&gt;",
        "&lt;img src=x onerror=\"document.body.setAttribute('data-pwned','2')\"&gt;",
        "[U+202E]</span>ok yas<span class=\"cc\">[U+202C]</span>",
    ] {
        assert!(dom.contains(text), "{text} not shown as text");
    }
    assert!(!dom.contains('\u{202E}'));
    // The conversations in rank order: grooming_pattern first, the hostile chat after it.
    let first = dom.find("<article").expect("conversations in full");
    let article = &dom[first..first + dom[first..].find("</article>").unwrap()];
    assert!(article.contains("grooming_pattern"), "{article}");
    assert!(article.contains("band-high"));
    let summary = &dom[..first];
    let (top_at, hostile_at) = (
        summary
            .find("grooming_pattern")
            .expect("the top chat in the summary"),
        summary
            .find("<bdi>hostile</bdi>")
            .expect("the hostile chat in the summary"),
    );
    assert!(
        top_at < hostile_at,
        "the hostile chat ranks after the demo's top chat"
    );
    // What to do comes before the evidence; the top chat has its activity chart (inline
    // SVG, no script), with its flagged days marked.
    let next_at = dom.find("id=\"next\"").expect("a what-to-do section");
    assert!(
        next_at < first,
        "what to do next comes before the conversations"
    );
    let svg = &article[article
        .find("<svg class=\"activity\"")
        .expect("an activity chart")..];
    let svg = &svg[..svg.find("</svg>").unwrap()];
    assert!(
        svg.contains("fill=\"#b00020\""),
        "flagged days marked: {svg}"
    );
    assert!(svg.contains("UTC: "), "hours with counts: {svg}");
    // Evidence lines of the top conversation, with the matched words marked.
    for evidence in [
        "<mark>are your parents home</mark>",
        "<mark>send me a pic</mark>",
        "<mark>dont tell your mum about me</mark>",
        "<mark>delete this chat now</mark>",
    ] {
        assert!(article.contains(evidence), "{evidence} missing");
    }
    for section in [
        "What to do next",
        "Method and limitations",
        "Records skipped",
        "Limitations",
        "Words used here",
    ] {
        assert!(dom.contains(section), "{section} missing");
    }

    // The README's screenshot: the demo report alone.
    let demo = report(dir.path(), "demo.html", &["corpora/demo"]);
    let shot = root().join("docs/report-demo.png");
    std::fs::create_dir_all(shot.parent().unwrap()).unwrap();
    let png = dir.path().join("shot.png");
    browse(
        &browser,
        &demo,
        &[
            &format!("--screenshot={}", png.display()),
            "--window-size=1280,2000",
        ],
    );
    let bytes = std::fs::read(&png).expect("a screenshot");
    assert!(bytes.starts_with(b"\x89PNG") && bytes.len() > 10_000);
    // Written only when it changed, so a test run leaves an unchanged checkout clean.
    if std::fs::read(&shot).ok().as_deref() != Some(&bytes[..]) {
        std::fs::write(&shot, &bytes).unwrap();
    }
}

/// Removes the `<time>` elements (the run times), the only part that may differ.
fn without_times(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(i) = rest.find("<time") {
        out.push_str(&rest[..i]);
        let end = rest[i..].find("</time>").expect("closed <time>") + i + "</time>".len();
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[test]
fn html_is_deterministic_apart_from_the_run_times() {
    let run = || {
        let out = groomscan(&[
            "scan",
            "--format",
            "html",
            "--threads",
            "2",
            "corpora/demo",
            "corpora/dev",
        ]);
        assert_eq!(out.status.code(), Some(0));
        String::from_utf8(out.stdout).unwrap()
    };
    let (a, b) = (run(), run());
    assert_eq!(a.matches("<time").count(), 2, "only the two run times");
    assert_eq!(without_times(&a), without_times(&b));
}

#[test]
fn html_headings_are_in_order_and_tables_have_headers() {
    let out = groomscan(&["scan", "--format", "html", "corpora/demo", "corpora/dev"]);
    let html = String::from_utf8(out.stdout).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    let mut level = 0;
    for (i, _) in html.match_indices("<h") {
        let Some(d) = html[i + 2..].chars().next().and_then(|c| c.to_digit(10)) else {
            continue;
        };
        assert!(d <= level + 1, "heading h{d} after h{level} at byte {i}");
        level = d;
    }
    assert_eq!(
        html.matches("<table>").count(),
        html.matches("<thead>").count()
    );
    assert!(html.contains("@media print"));
    assert!(
        html.contains("<span class=\"band band-high\">High</span>"),
        "the band is a word as well as a colour"
    );
}

/// The page a browser loads to measure a report laid out 1,280 px wide: the report in an
/// iframe of that width, and a script (in this page, not the report, whose policy forbids
/// scripts) that lists every element of the report reaching past the right edge.
const MEASURE: &str = r#"<!DOCTYPE html><html><body style="margin:0">
<iframe id="f" src="report.html" style="width:1280px;height:900px;border:0"></iframe>
<pre id="out">pending</pre>
<script>
window.addEventListener('load', () => {
  const d = document.getElementById('f').contentDocument;
  const w = d.documentElement.clientWidth;
  const wide = [];
  for (const e of d.body.querySelectorAll('*')) {
    const r = e.getBoundingClientRect();
    if (r.right > w + 0.5) wide.push(e.tagName + (e.id ? '#' + e.id : '') + ':' + Math.round(r.right));
  }
  const out = {client: w, scroll: d.documentElement.scrollWidth, wide: wide.slice(0, 20)};
  document.getElementById('out').textContent = 'MEASURED ' + JSON.stringify(out) + ' END';
});
</script></body></html>"#;

#[test]
fn case_report_with_reviews_fits_1280_px_in_a_browser() {
    let dir = scratch();
    // A chat with a long file name and an unbroken long word, which must wrap.
    let long = dir.path().join(format!(
        "{}.txt",
        "exported_chat_with_a_very_long_name_".repeat(5)
    ));
    std::fs::write(
        &long,
        format!(
            "{HOSTILE_CHAT}05/04/2025, 20:05 - Dex: {}\n",
            "unbrokenwordwithoutanyspaces".repeat(12)
        ),
    )
    .unwrap();
    let case = dir.path().join("case");
    let case = case.to_str().unwrap();
    let ok = crate::util::run_ok;
    ok(&[
        "index",
        "--case",
        case,
        "--case-ref",
        "REF-0001",
        "--examiner",
        "Examiner A",
        "--exhibit",
        "EXHIBIT-1",
        "corpora/demo",
        long.to_str().unwrap(),
    ]);
    // The case keeps its reference: another is refused, and a run that adds nothing
    // records nothing and says so.
    let other = groomscan(&[
        "index",
        "--case",
        case,
        "--case-ref",
        "REF-0002",
        "corpora/demo",
    ]);
    assert_eq!(other.status.code(), Some(1));
    let err = String::from_utf8_lossy(&other.stderr);
    assert!(
        err.contains("REF-0001") && err.contains("REF-0002"),
        "{err}"
    );
    let again = groomscan(&[
        "index",
        "--case",
        case,
        "--exhibit",
        "EXHIBIT-2",
        "corpora/demo",
    ]);
    assert_eq!(again.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("were not recorded"),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    let ranked: serde_json::Value =
        serde_json::from_str(&ok(&["rank", "--case", case, "--format", "json"])).unwrap();
    assert_eq!(ranked["case"]["reference"], "REF-0001");
    assert_eq!(ranked["case"]["exhibits"][0], "EXHIBIT-1");
    let ids: Vec<&str> = ranked["conversations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    ok(&[
        "review",
        "--case",
        case,
        ids[0],
        "--status",
        "escalated",
        "--note",
        "passed to the safeguarding lead",
        "--examiner",
        "Examiner A",
    ]);
    ok(&[
        "review",
        "--case",
        case,
        ids[1],
        "--status",
        "reviewed",
        "--note",
        "read in full",
        "--examiner",
        "Examiner B",
    ]);
    let ranked: serde_json::Value =
        serde_json::from_str(&ok(&["rank", "--case", case, "--format", "json"])).unwrap();
    assert_eq!(ranked["conversations"][0]["review"]["status"], "escalated");
    assert_eq!(ranked["conversations"][1]["review"]["status"], "reviewed");
    assert!(ranked["conversations"][2].get("review").is_none());
    let table = ok(&["rank", "--case", case]);
    assert!(table.contains("review: escalated by Examiner A"), "{table}");

    let page = dir.path().join("report.html");
    ok(&["report", "--case", case, "-o", page.to_str().unwrap()]);
    let html = std::fs::read_to_string(&page).unwrap();
    for want in [
        "<dt>Case reference</dt><dd><bdi>REF-0001</bdi></dd>",
        "<dt>Exhibit</dt><dd><bdi>EXHIBIT-1</bdi></dd>",
        "<strong>escalated</strong> by <bdi>Examiner A</bdi>",
        "<strong>reviewed</strong> by <bdi>Examiner B</bdi>",
        "<svg class=\"activity\"",
        "counter(page)",
    ] {
        assert!(html.contains(want), "{want} missing from the case report");
    }
    // Message numbers in the reasons link to their timeline rows, and every link lands.
    let links: Vec<&str> = html
        .match_indices("<a href=\"#c-")
        .map(|(i, _)| {
            let rest = &html[i + "<a href=\"#".len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .filter(|t| t.contains("-m"))
        .collect();
    assert!(!links.is_empty(), "message numbers are links");
    for t in &links {
        assert!(
            html.contains(&format!("id=\"{t}\"")),
            "link to #{t} lands nowhere"
        );
    }
    let next = html.find("id=\"next\"").expect("what to do next");
    let evidence = html.find("<article").expect("conversations in full");
    assert!(next < evidence, "what to do next comes before the evidence");

    let Some(browser) = chromium() else { return };
    let harness = dir.path().join("measure.html");
    std::fs::write(&harness, MEASURE).unwrap();
    let dom = browse(
        &browser,
        &harness,
        &[
            "--allow-file-access-from-files",
            "--virtual-time-budget=10000",
            "--dump-dom",
        ],
    );
    let at = dom.find("MEASURED ").expect("the page was measured") + "MEASURED ".len();
    let measured: serde_json::Value =
        serde_json::from_str(&dom[at..at + dom[at..].find(" END").unwrap()]).unwrap();
    assert_eq!(measured["client"], 1280, "{measured}");
    assert_eq!(
        measured["scroll"], 1280,
        "the page scrolls sideways: {measured}"
    );
    assert_eq!(measured["wide"], serde_json::json!([]), "{measured}");

    // docs/report-case.png: the case report at 1,280 px. It shows the times of the reviews,
    // so it is written when missing or when UPDATE_DOCS is set, not on every run.
    let png = dir.path().join("shot.png");
    browse(
        &browser,
        &page,
        &[
            &format!("--screenshot={}", png.display()),
            "--window-size=1280,2400",
        ],
    );
    let bytes = std::fs::read(&png).expect("a screenshot");
    assert!(bytes.starts_with(b"\x89PNG") && bytes.len() > 10_000);
    let shot = root().join("docs/report-case.png");
    if !shot.exists() || std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&shot, &bytes).unwrap();
    }
}
