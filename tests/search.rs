//! `groomscan search` on cases built by the binary: the same results from two index runs
//! of the same files (ties broken by message id, not by how segments fell), authors in any
//! letter case, `--limit 0`, an empty query refused, `<`/`>` kept in snippets, titles in
//! the table, queries from a file, and CSV.

use crate::util::{groomscan, scratch};
use std::path::Path;

/// Twelve conversations in four files; every one says "send me a pic" the same way, so
/// those matches tie on relevance.
fn evidence(dir: &Path) {
    for f in 0..4 {
        let mut lines = String::new();
        for c in 0..3 {
            let conv = format!("chat-{f}-{c}");
            for (i, (author, text)) in [
                ("Jay", "hey"),
                ("Kid", "hi"),
                ("Jay", "send me a pic"),
                ("Kid", "look <photo>"),
                ("Jay", "don't tell your mum"),
            ]
            .iter()
            .enumerate()
            {
                lines.push_str(&format!(
                    "{{\"conversation\":\"{conv}\",\"author\":\"{author}\",\"time\":\"2025-03-0{}T1{i}:00:00Z\",\"text\":\"{text}\"}}\n",
                    f + 1
                ));
            }
        }
        std::fs::write(dir.join(format!("part{f}.jsonl")), lines).unwrap();
    }
}

fn index(evidence: &Path, case: &Path, threads: &str) {
    let out = groomscan(&[
        "index",
        evidence.to_str().unwrap(),
        "--case",
        case.to_str().unwrap(),
        "--threads",
        threads,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn search(case: &Path, args: &[&str]) -> std::process::Output {
    let mut all = vec!["search", "--case", case.to_str().unwrap()];
    all.extend_from_slice(args);
    groomscan(&all)
}

fn json(case: &Path, args: &[&str]) -> serde_json::Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let out = search(case, &all);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn search_is_repeatable_and_its_options_do_what_they_say() {
    let dir = scratch();
    let ev = dir.path().join("evidence");
    std::fs::create_dir_all(&ev).unwrap();
    evidence(&ev);
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    index(&ev, &a, "1");
    index(&ev, &b, "2");

    // Two index runs, the same bytes; and ties (all twelve "send me a pic") in id order.
    for args in [
        &["\"send me a pic\"", "--limit", "5"][..],
        &["\"send me a pic\"", "--limit", "100"],
        &["pic", "--sort", "time", "--limit", "7"],
    ] {
        let (x, y) = (search(&a, args), search(&b, args));
        assert_eq!(x.stdout, y.stdout, "{args:?}");
    }
    let all = json(&a, &["\"send me a pic\"", "--limit", "100"]);
    let ids: Vec<&str> = all["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 12);
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted, "equal relevance: by message id");
    let five = json(&a, &["\"send me a pic\"", "--limit", "5"]);
    let first5: Vec<&str> = five["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(first5, ids[..5], "the cut among ties is by id too");

    // Authors in any case.
    let jay = json(&a, &["hey", "--author", "jAY", "--limit", "100"]);
    assert_eq!(jay["total"], 12);
    let nobody = json(&a, &["hey", "--author", "nobody"]);
    assert_eq!(nobody["total"], 0);

    // --limit 0: the count, no results.
    let none = json(&a, &["\"send me a pic\"", "--limit", "0"]);
    assert_eq!(none["total"], 12);
    assert_eq!(none["results"].as_array().unwrap().len(), 0);

    // An empty query is an error that says so.
    let out = search(&a, &["  "]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("query is empty"));

    // `<` and `>` survive in the snippet, and the table names the conversation.
    let photo = json(&a, &["photo", "--limit", "1"]);
    let snippet = &photo["results"][0]["snippet"];
    assert_eq!(snippet["fragment"], "look <photo>", "{photo:#}");
    let table = String::from_utf8(search(&a, &["photo", "--limit", "1"]).stdout).unwrap();
    assert!(table.contains("look <>>photo<<>"), "{table}");
    let title = photo["results"][0]["title"].as_str().unwrap();
    assert!(title.starts_with("chat-"), "{photo:#}");
    assert!(table.contains(&format!("in: {title}")), "{table}");

    // Queries from a file: any line may match.
    let queries = dir.path().join("queries.txt");
    std::fs::write(&queries, "\"send me a pic\"\n\n\"tell your mum\"\n").unwrap();
    let either = json(&a, &["-f", queries.to_str().unwrap(), "--limit", "100"]);
    assert_eq!(either["total"], 24);

    // CSV: a header and a row per result, text whole.
    let out = search(&a, &["mum", "--limit", "2", "--format", "csv"]);
    let csv = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 3, "{csv}");
    assert!(
        lines[0].starts_with("rank,id,conversation,message,title"),
        "{csv}"
    );
    assert!(lines[1].contains("don't tell your mum"), "{csv}");
}

/// `show`: a message with the same indicator twice is named once in the reasons, and
/// `--around` past the end of the chat is refused with the chat's length.
#[test]
fn show_names_each_message_once_and_refuses_around_past_the_end() {
    let dir = scratch();
    let ev = dir.path().join("evidence");
    std::fs::create_dir_all(&ev).unwrap();
    let mut lines = String::new();
    for (i, (author, text)) in [
        ("Jay", "how old are you"),
        ("Kid", "14"),
        ("Jay", "send me a pic, go on send me a pic"),
        ("Jay", "don't tell your mum, don't tell anyone"),
        ("Kid", "ok"),
    ]
    .iter()
    .enumerate()
    {
        lines.push_str(&format!(
            "{{\"conversation\":\"c\",\"author\":\"{author}\",\"time\":\"2025-03-01T1{i}:00:00Z\",\"text\":\"{text}\"}}\n"
        ));
    }
    std::fs::write(ev.join("chat.jsonl"), lines).unwrap();
    let case = dir.path().join("case");
    index(&ev, &case, "1");
    let found = json(&case, &["pic"]);
    let id = found["results"][0]["conversation"].as_str().unwrap();
    let out = groomscan(&["show", "--case", case.to_str().unwrap(), id]);
    let table = String::from_utf8(out.stdout).unwrap();
    let why: Vec<&str> = table
        .lines()
        .skip_while(|l| !l.starts_with("Why"))
        .skip(1)
        .take_while(|l| l.starts_with(' '))
        .collect();
    assert!(!why.is_empty(), "{table}");
    for line in &why {
        for k in 1..=5 {
            let n = line.matches(&format!("#{k}")).count();
            assert!(n <= 1, "#{k} named {n} times: {line}");
        }
    }
    let out = groomscan(&[
        "show",
        "--case",
        case.to_str().unwrap(),
        id,
        "--around",
        "9",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("--around 9") && said.contains("has 5 message(s)"),
        "{said}"
    );
}
