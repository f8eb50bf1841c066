//! CSV, JSONL and `--redact` against the JSON document: the machine formats are parsed
//! back (csv crate, serde_json) and compared value by value with `--format json`.

use crate::util::{groomscan, scan_json, scratch};
use groomscan::report::csv::{CONVERSATION_COLUMNS, EVIDENCE_COLUMNS, cell};
use serde_json::Value;
use std::collections::BTreeMap;

fn stdout_of(args: &[&str]) -> String {
    let out = groomscan(args);
    assert!(
        matches!(out.status.code(), Some(0 | 2)),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// Parses CSV text into header-keyed rows, checking the header.
fn rows(text: &str, header: &[&str]) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let got: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(got, header);
    r.records()
        .map(|rec| {
            let rec = rec.expect("a well-formed CSV record");
            header
                .iter()
                .map(|h| h.to_string())
                .zip(rec.iter().map(String::from))
                .collect()
        })
        .collect()
}

fn s(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The participants cell as `report::csv` documents it, built from the JSON values.
fn participants(c: &Value) -> String {
    let parts: Vec<String> = c["participants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let ages: Vec<String> = p["stated_ages"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a.to_string())
                .collect();
            let role = p["role"].as_str().unwrap();
            if ages.is_empty() {
                format!("{} ({role})", s(&p["name"]))
            } else {
                format!("{} ({}, {role})", s(&p["name"]), ages.join("/"))
            }
        })
        .collect();
    parts.join("; ")
}

#[test]
fn csv_rows_are_the_json_conversations() {
    let (doc, _) = scan_json(&["corpora"]);
    let text = stdout_of(&["scan", "--format", "csv", "corpora"]);
    let rows = rows(&text, &CONVERSATION_COLUMNS);
    let convs = doc["conversations"].as_array().unwrap();
    assert_eq!(rows.len(), convs.len());
    assert!(rows.len() > 50, "the corpora hold every dev chat");
    for (row, c) in rows.iter().zip(convs) {
        for key in [
            "rank",
            "id",
            "band",
            "format",
            "messages",
            "first_alert_message",
        ] {
            assert_eq!(row[key], s(&c[key]), "{key} of {}", c["id"]);
        }
        for key in ["title", "source"] {
            assert_eq!(row[key], cell(&s(&c[key])), "{key} of {}", c["id"]);
        }
        let score: f64 = row["score"].parse().unwrap();
        assert_eq!(score, c["score"].as_f64().unwrap());
        assert_eq!(row["participants"], cell(&participants(c)));
        let gap = &c["age_gap"];
        if gap.is_null() {
            assert_eq!(row["age_gap"], "");
            assert_eq!(row["age_gap_years"], "");
        } else {
            assert_eq!(
                row["age_gap"],
                cell(&format!(
                    "{} {}, {} {}",
                    s(&gap["older"]),
                    gap["older_age"],
                    s(&gap["younger"]),
                    gap["younger_age"]
                ))
            );
            assert_eq!(row["age_gap_years"], gap["years"].to_string());
        }
        let indicators: Vec<String> = c["indicators"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| format!("{} ({})", s(&i["category"]), i["count"]))
            .collect();
        assert_eq!(row["indicators"], indicators.join("; "));
    }
    assert!(
        rows[0]["title"] == "grooming_pattern" || rows[0]["band"] == "high",
        "{:?}",
        rows[0]
    );
}

#[test]
fn evidence_csv_rows_are_the_json_evidence() {
    let dir = scratch();
    let path = dir.path().join("evidence.csv");
    let (doc, code) = scan_json(&["--evidence-csv", path.to_str().unwrap(), "corpora/demo"]);
    assert_eq!(code, 0);
    let text = std::fs::read_to_string(&path).unwrap();
    let rows = rows(&text, &EVIDENCE_COLUMNS);
    let key = |conv: &str, category: &str, entry: &str, message: &str| {
        (
            conv.to_string(),
            category.to_string(),
            entry.to_string(),
            message.to_string(),
        )
    };
    // Rows by (conversation, category, entry, message); one entry can match twice in one
    // message.
    let mut by_key: BTreeMap<_, Vec<&BTreeMap<String, String>>> = BTreeMap::new();
    for r in &rows {
        by_key
            .entry(key(
                &r["conversation_id"],
                &r["category"],
                &r["entry"],
                &r["message"],
            ))
            .or_default()
            .push(r);
    }
    let mut expected_rows = 0;
    for c in doc["conversations"].as_array().unwrap() {
        let id = c["id"].as_str().unwrap();
        let check = |category: &str, ev: &Value| {
            let candidates = by_key
                .get(&key(id, category, &s(&ev["entry"]), &s(&ev["message"])))
                .unwrap_or_else(|| panic!("no CSV row for {id} {category} {ev}"));
            let same = |r: &BTreeMap<String, String>| {
                r["rank"] == s(&c["rank"])
                    && ["line", "time"].iter().all(|f| r[*f] == s(&ev[*f]))
                    && ["source", "author", "text", "match"]
                        .iter()
                        .all(|f| r[*f] == cell(&s(&ev[*f])))
            };
            assert!(
                candidates.iter().any(|r| same(r)),
                "{ev} differs from {candidates:?}"
            );
        };
        for ind in c["indicators"].as_array().unwrap() {
            let category = ind["category"].as_str().unwrap();
            let n = rows
                .iter()
                .filter(|r| r["conversation_id"] == id && r["category"] == category)
                .count();
            assert_eq!(n as u64, ind["count"].as_u64().unwrap(), "{id} {category}");
            expected_rows += n;
            for ev in ind["evidence"].as_array().unwrap() {
                check(category, ev);
            }
        }
        for p in c["participants"].as_array().unwrap() {
            for ev in p["age_evidence"].as_array().unwrap() {
                check("stated_age", ev);
                expected_rows += 1;
            }
        }
    }
    assert_eq!(rows.len(), expected_rows, "no row beyond the JSON evidence");
    assert!(
        rows.iter().any(|r| r["match"] == "send me a pic"),
        "the demo's picture request is evidence"
    );
}

#[test]
fn jsonl_lines_are_the_json_conversations() {
    let (doc, _) = scan_json(&["corpora"]);
    let text = stdout_of(&["scan", "--format", "jsonl", "corpora"]);
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object a line"))
        .collect();
    assert_eq!(&lines, doc["conversations"].as_array().unwrap());
    let top = stdout_of(&["scan", "--format", "jsonl", "--top", "2", "corpora"]);
    assert_eq!(top.lines().count(), 2);
}

#[test]
fn formula_like_text_is_inert_in_csv() {
    let dir = scratch();
    std::fs::write(
        dir.path().join("sheet.jsonl"),
        concat!(
            r#"{"conversation":"=HYPERLINK(\"x\")","author":"@A","time":null,"text":"=1+1 how old are you"}"#,
            "\n",
            r#"{"conversation":"=HYPERLINK(\"x\")","author":"-B","time":null,"text":"im 14"}"#,
            "\n",
            r#"{"conversation":"=HYPERLINK(\"x\")","author":"@A","time":null,"text":"+im 30, send me a pic"}"#,
            "\n"
        ),
    )
    .unwrap();
    // Outside the input folder: an output inside it is refused (issue 14).
    let out_dir = scratch();
    let evidence = out_dir.path().join("e.csv");
    let text = stdout_of(&[
        "scan",
        "--format",
        "csv",
        "--evidence-csv",
        evidence.to_str().unwrap(),
        dir.path().to_str().unwrap(),
    ]);
    let conv = rows(&text, &CONVERSATION_COLUMNS);
    assert_eq!(conv[0]["title"], "'=HYPERLINK(\"x\")");
    assert!(conv[0]["participants"].starts_with("'@A"), "{:?}", conv[0]);
    let ev = rows(
        &std::fs::read_to_string(&evidence).unwrap(),
        &EVIDENCE_COLUMNS,
    );
    assert!(!ev.is_empty());
    for r in &ev {
        for field in ["author", "text", "match"] {
            assert!(
                !r[field].starts_with(['=', '+', '-', '@']),
                "{field} runs as a formula: {r:?}"
            );
        }
    }
}

/// A chat with names, a phone number and an e-mail address, in a file named after one
/// participant. Fiction; the number is in a range reserved for drama.
const NAMED_CHAT: &str = "\
02/04/2025, 18:00 - Rowan Vale: hey Tilly, its Rowan from the game lobby
02/04/2025, 18:01 - Tilly: hi
02/04/2025, 18:02 - Rowan Vale: how old are you? im 24
02/04/2025, 18:03 - Tilly: im 14
02/04/2025, 18:04 - Rowan Vale: ur so mature for your age tilly. dont tell your mum about me
02/04/2025, 18:05 - Rowan Vale: send me a pic. text me on 07700 900461 or mail rowan.vale@example.com
02/04/2025, 18:06 - Rowan Vale: add me on the other app, and delete this chat now
02/04/2025, 18:07 - Tilly: ok rowan
";

#[test]
fn redaction_is_the_same_in_every_format_and_keeps_scores() {
    let dir = scratch();
    let chats = dir.path().join("chats");
    std::fs::create_dir(&chats).unwrap();
    std::fs::write(chats.join("WhatsApp Chat with Rowan Vale.txt"), NAMED_CHAT).unwrap();
    std::fs::copy(
        crate::util::root().join("corpora/demo/classmates.txt"),
        chats.join("classmates.txt"),
    )
    .unwrap();
    let input = chats.to_str().unwrap();
    let (plain, _) = scan_json(&[input]);
    let (redacted, code) = scan_json(&["--redact", input]);
    assert_eq!(code, 0);
    assert_eq!(redacted["redacted"], true);
    assert!(plain.get("redacted").is_none());
    let summary = |d: &Value| -> Vec<(Value, Value, Value, Value)> {
        d["conversations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["rank"].clone(),
                    c["id"].clone(),
                    c["score"].clone(),
                    c["band"].clone(),
                )
            })
            .collect()
    };
    assert_eq!(
        summary(&plain),
        summary(&redacted),
        "scores and ranks unchanged"
    );
    let top = &redacted["conversations"][0];
    let names: Vec<&str> = top["participants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Person 1", "Person 2"]);
    assert_eq!(
        top["title"], "Person 1",
        "the chat's title is the other person's name"
    );
    assert!(
        top["source"]
            .as_str()
            .unwrap()
            .ends_with("/WhatsApp Chat with Person 1.txt"),
        "{}",
        top["source"]
    );
    assert_eq!(top["age_gap"]["older"], "Person 1");
    let texts: Vec<&str> = top["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|i| i["evidence"].as_array().unwrap())
        .map(|e| e["text"].as_str().unwrap())
        .collect();
    assert!(
        texts
            .iter()
            .any(|t| t.contains("text me on [phone 1] or mail [email 1]")),
        "{texts:?}"
    );
    // evidence spans still point at the redacted text
    for i in top["indicators"].as_array().unwrap() {
        for e in i["evidence"].as_array().unwrap() {
            let (t, m) = (e["text"].as_str().unwrap(), e["match"].as_str().unwrap());
            assert!(!m.is_empty() && t.contains(m), "{e}");
        }
    }
    // No name, number or address survives in any format.
    let evidence = dir.path().join("e.csv");
    let mut outputs = Vec::new();
    for format in ["table", "json", "jsonl", "csv", "html"] {
        outputs.push((
            format.to_string(),
            stdout_of(&["scan", "--redact", "--format", format, input]),
        ));
    }
    stdout_of(&[
        "scan",
        "--redact",
        "--format",
        "csv",
        "--evidence-csv",
        evidence.to_str().unwrap(),
        input,
    ]);
    outputs.push((
        "evidence csv".into(),
        std::fs::read_to_string(&evidence).unwrap(),
    ));
    for (format, text) in &outputs {
        let lower = text.to_lowercase();
        for secret in ["rowan", "tilly", "vale", "07700", "900461", "example.com"] {
            assert!(!lower.contains(secret), "{secret} in redacted {format}");
        }
        assert!(text.contains("Person 1"), "{format} names Person 1");
    }
}
