//! `groomscan search` on cases built by the binary: the same results from two index runs
//! of the same files (ties broken by message id, not by how segments fell), authors in any
//! letter case, `--limit 0`, an empty query refused, `<`/`>` kept in snippets, titles in
//! the table, queries from a file, CSV, and context around hits (`-C`).

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

/// `search -C N` (issue 20): N messages of the hit's own conversation either side, cut at
/// its first and last message; the table marks context `-` and the hit `>`, JSON gives a
/// `context` array, CSV a last `context` column; without -C the output is as before.
#[test]
fn context_shows_neighbouring_messages_of_the_same_conversation() {
    let dir = scratch();
    let ev = dir.path().join("evidence");
    std::fs::create_dir_all(&ev).unwrap();
    evidence(&ev);
    let case = dir.path().join("case");
    index(&ev, &case, "1");
    let first = ["\"send me a pic\"", "--limit", "1"];
    let messages = |hit: &serde_json::Value| -> Vec<(String, u64, String, String)> {
        hit["context"]
            .as_array()
            .unwrap_or_else(|| panic!("no context: {hit:#}"))
            .iter()
            .map(|c| {
                (
                    c["side"].as_str().unwrap().to_string(),
                    c["message"].as_u64().unwrap(),
                    c["author"].as_str().unwrap().to_string(),
                    c["text"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let own = |side: &str, n: u64, author: &str, text: &str| {
        (side.to_string(), n, author.to_string(), text.to_string())
    };

    let plain = json(&case, &first);
    assert!(plain["results"][0].get("context").is_none(), "{plain:#}");
    assert!(plain.get("context").is_none());

    let one = json(&case, &[&first[..], &["-C", "1"]].concat());
    assert_eq!(one["context"], 1);
    let hit = &one["results"][0];
    assert_eq!(hit["message"], 3);
    assert_eq!(
        messages(hit),
        [
            own("before", 2, "Kid", "hi"),
            own("after", 4, "Kid", "look <photo>")
        ]
    );
    // Message i of a chat is at hour 1i of its file's day.
    let at = |hour: &str| hit["time"].as_str().unwrap().replace("T12", hour);
    let before = &hit["context"][0];
    assert_eq!(
        before["time"].as_str(),
        Some(at("T11").as_str()),
        "{before}"
    );
    assert!(before["line"].as_u64().unwrap() >= 1);

    // Wider than the chat: its five messages, none of the chats beside it in the file.
    let wide = json(&case, &[&first[..], &["--context", "50"]].concat());
    let got = messages(&wide["results"][0]);
    assert_eq!(
        got,
        [
            own("before", 1, "Jay", "hey"),
            own("before", 2, "Kid", "hi"),
            own("after", 4, "Kid", "look <photo>"),
            own("after", 5, "Jay", "don't tell your mum"),
        ]
    );
    // A hit on the first message has nothing before it; -C 0 asks for none.
    let hey = json(&case, &["hey", "--limit", "1", "-C", "2"]);
    assert_eq!(
        messages(&hey["results"][0]),
        [
            own("after", 2, "Kid", "hi"),
            own("after", 3, "Jay", "send me a pic")
        ]
    );
    let zero = json(&case, &[&first[..], &["-C", "0"]].concat());
    assert_eq!(messages(&zero["results"][0]), []);

    // Table: context lines `-`, the hit `>` with its mark; without -C as before.
    let out = search(&case, &[&first[..], &["-C", "1"]].concat());
    let table = String::from_utf8(out.stdout).unwrap();
    let marked: Vec<&str> = table
        .lines()
        .filter(|l| l.starts_with("     - ") || l.starts_with("     > "))
        .collect();
    assert_eq!(marked.len(), 3, "{table}");
    assert!(
        marked[0].starts_with("     - ") && marked[0].ends_with("Kid: hi"),
        "{table}"
    );
    assert!(
        marked[1].starts_with("     > ") && marked[1].contains("Jay: >>send me a pic<<"),
        "{table}"
    );
    assert!(marked[2].starts_with("     - ") && marked[2].contains("look <photo>"));
    let before = String::from_utf8(search(&case, &first).stdout).unwrap();
    assert!(
        !before.contains("     - ") && before.contains("\n     >>send me a pic<<\n"),
        "{before}"
    );

    // CSV: a last column with one context message a line.
    let out = search(
        &case,
        &[&first[..], &["-C", "1", "--format", "csv"]].concat(),
    );
    let mut rows = csv::Reader::from_reader(&out.stdout[..]);
    let header = rows.headers().unwrap().clone();
    assert_eq!(header.iter().next_back(), Some("context"));
    let row = rows.records().next().unwrap().unwrap();
    assert_eq!(
        row.iter().next_back().unwrap(),
        format!(
            "#2 {} Kid: hi\n#4 {} Kid: look <photo>",
            at("T11"),
            at("T13")
        )
    );
    let out = search(&case, &[&first[..], &["--format", "csv"]].concat());
    assert!(!String::from_utf8_lossy(&out.stdout).contains("context"));
}
