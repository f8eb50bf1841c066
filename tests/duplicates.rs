//! Duplicates across sources (issue 20): the same chat read from a `.txt`, from the `.zip`
//! it came in and from a second copy of the export is ranked once, and the others are
//! listed as duplicates of it, by `scan` (streamed and in memory) and by a case's `rank`
//! and `report`. A chat that differs in one message is not a duplicate.

use crate::util::{groomscan, run_ok, scratch};
use serde_json::Value;
use std::io::Write;
use std::path::Path;

/// An invented WhatsApp chat with indicator behaviour.
const CHAT: &str = "\
05/04/2025, 20:00 - Dex: hey how old are you
05/04/2025, 20:01 - Robin: 14
05/04/2025, 20:02 - Dex: im 25, age is just a number. send me a pic
05/04/2025, 20:03 - Dex: dont tell your mum about me
05/04/2025, 20:04 - Robin: ok
";

fn exports(dir: &Path) -> Vec<String> {
    let txt = dir.join("WhatsApp Chat with Dex.txt");
    std::fs::write(&txt, CHAT).unwrap();
    let copy = dir.join("second export.txt");
    std::fs::write(&copy, CHAT).unwrap();
    let zip_path = dir.join("WhatsApp Chat with Dex.zip");
    let mut w = zip::ZipWriter::new(std::fs::File::create(&zip_path).unwrap());
    w.start_file("_chat.txt", zip::write::SimpleFileOptions::default())
        .unwrap();
    w.write_all(CHAT.as_bytes()).unwrap();
    w.finish().unwrap();
    // One message changed: another chat.
    let other = dir.join("edited.txt");
    std::fs::write(&other, CHAT.replace("ok", "no")).unwrap();
    [txt, copy, zip_path, other]
        .iter()
        .map(|p| p.to_str().unwrap().to_string())
        .collect()
}

fn json(args: &[&str]) -> Value {
    serde_json::from_str(&run_ok(args)).unwrap()
}

/// The ranked sources and the duplicates (id, same_as) of a JSON report; `names`: the file
/// names are as written (not redacted).
fn check(report: &Value, names: bool, copies: usize) {
    let ranked: Vec<&str> = report["conversations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["source"].as_str().unwrap())
        .collect();
    assert_eq!(
        ranked.len(),
        2,
        "one copy of the chat and the edited one: {ranked:?}"
    );
    assert!(
        ranked.iter().any(|s| s.ends_with("edited.txt")),
        "{ranked:?}"
    );
    let dups = report["duplicates"].as_array().expect("duplicates listed");
    assert_eq!(dups.len(), copies, "{dups:?}");
    let kept: Vec<&str> = report["conversations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    let mut sources: Vec<&str> = vec![];
    for d in dups {
        assert!(kept.contains(&d["same_as"].as_str().unwrap()), "{d}");
        assert!(!kept.contains(&d["id"].as_str().unwrap()), "{d}");
        sources.push(d["source"].as_str().unwrap());
    }
    // Of the three copies, two are listed and one is ranked: all three are accounted for.
    let all: Vec<&str> = ranked.iter().chain(&sources).copied().collect();
    if !names {
        return;
    }
    let mut names = vec!["WhatsApp Chat with Dex.txt", "_chat.txt"];
    if copies == 2 {
        names.push("second export.txt");
    }
    for name in names {
        assert!(
            all.iter().any(|s| s.contains(name)),
            "{name} neither ranked nor a duplicate: {all:?}"
        );
    }
}

#[test]
fn one_chat_in_three_files_is_ranked_once_by_scan_and_by_a_case() {
    let dir = scratch();
    let files = exports(dir.path());
    let mut args = vec!["scan", "--format", "json"];
    args.extend(files.iter().map(String::as_str));
    let streamed = json(&args);
    check(&streamed, true, 2);
    // The in-memory path (redaction holds the run) agrees.
    let mut redacted = args.clone();
    redacted.push("--redact");
    check(&json(&redacted), false, 2);
    // The table says so.
    let mut table = vec!["scan"];
    table.extend(files.iter().map(String::as_str));
    let out = String::from_utf8(groomscan(&table).stdout).unwrap();
    assert!(
        out.contains("2 conversation(s) say exactly what a ranked one says"),
        "{out}"
    );

    let case = dir.path().join("case");
    let case = case.to_str().unwrap();
    let mut index = vec!["index", "--case", case];
    index.extend(files.iter().map(String::as_str));
    assert_eq!(groomscan(&index).status.code(), Some(0));
    let ranked = json(&["rank", "--case", case, "--format", "json"]);
    // The case holds a file once by its SHA-256, so the second copy of the export is
    // "already in the case"; the .txt and the .zip are two files with one chat.
    check(&ranked, true, 1);
    let html = dir.path().join("report.html");
    assert_eq!(
        groomscan(&["report", "--case", case, "-o", html.to_str().unwrap()])
            .status
            .code(),
        Some(0)
    );
    let html = std::fs::read_to_string(html).unwrap();
    assert!(
        html.contains("The same chat in two files"),
        "duplicates listed"
    );
    assert!(html.contains("1 more conversation said exactly what a ranked one says"));
}
