//! The command line end to end: the real binary on the demo corpus and on broken input.

use crate::util::{groomscan, scan_json, scratch};
use serde_json::Value;

fn titles(doc: &Value) -> Vec<String> {
    doc["conversations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["title"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn demo_ranks_the_grooming_chat_first_with_evidence() {
    let (doc, code) = scan_json(&["corpora/demo"]);
    assert_eq!(code, 0, "{doc}");
    assert_eq!(doc["schema"], "groomscan.scan/1");
    let convs = doc["conversations"].as_array().unwrap();
    assert_eq!(titles(&doc)[0], "grooming_pattern");
    let top = &convs[0];
    assert_eq!(top["rank"], 1);
    assert_eq!(top["band"], "high");
    let gap = &top["age_gap"];
    assert!(
        gap["older_age"].as_u64().unwrap() >= 18 && gap["younger_age"].as_u64().unwrap() < 18,
        "{gap}"
    );
    let roles: Vec<&str> = top["participants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["role"].as_str().unwrap())
        .collect();
    assert!(
        roles.contains(&"suspected_groomer") && roles.contains(&"possible_child"),
        "{roles:?}"
    );
    // every evidence item points at a real message whose text contains the match
    for ind in top["indicators"].as_array().unwrap() {
        for ev in ind["evidence"].as_array().unwrap() {
            let text = ev["text"].as_str().unwrap();
            let m = ev["match"].as_str().unwrap();
            assert!(!m.is_empty() && text.contains(m), "{ev}");
            assert!(ev["message"].as_u64().unwrap() >= 1 && ev["line"].as_u64().unwrap() >= 1);
        }
    }
    let first = top["first_alert_message"]
        .as_u64()
        .expect("the grooming chat raises an alert");
    assert!(first as usize <= top["messages"].as_u64().unwrap() as usize);
    // scores are sorted, ranks are 1..n
    let scores: Vec<f64> = convs.iter().map(|c| c["score"].as_f64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    for (i, c) in convs.iter().enumerate() {
        assert_eq!(c["rank"], i + 1);
    }
    // every input listed with a hash
    for input in doc["inputs"].as_array().unwrap() {
        assert_eq!(input["sha256"].as_str().unwrap().len(), 64);
        assert_eq!(input["format"], "whatsapp");
    }
}

#[test]
fn output_is_identical_across_runs_and_thread_counts() {
    let one = groomscan(&["scan", "--format", "json", "--threads", "1", "corpora"]);
    let two = groomscan(&["scan", "--format", "json", "--threads", "2", "corpora"]);
    let again = groomscan(&["scan", "--format", "json", "--threads", "2", "corpora"]);
    assert!(!one.stdout.is_empty());
    assert_eq!(one.stdout, two.stdout);
    assert_eq!(two.stdout, again.stdout);
}

#[test]
fn table_is_the_default_and_names_reasons() {
    let out = groomscan(&["scan", "corpora/demo"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let first_row = text.lines().nth(1).unwrap();
    assert!(
        first_row.contains("grooming_pattern") && first_row.contains("high"),
        "{text}"
    );
    assert!(text.contains("why:"), "{text}");
}

#[test]
fn writes_to_a_file_with_o() {
    let dir = scratch();
    let path = dir.path().join("out.json");
    let out = groomscan(&[
        "scan",
        "--format",
        "json",
        "-o",
        path.to_str().unwrap(),
        "corpora/demo",
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    let doc: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(doc["schema"], "groomscan.scan/1");
}

#[test]
fn broken_files_are_reported_and_the_batch_goes_on() {
    let dir = scratch();
    let d = dir.path();
    std::fs::copy(
        crate::util::root().join("corpora/demo/grooming_pattern.txt"),
        d.join("good.txt"),
    )
    .unwrap();
    std::fs::write(
        d.join("junk.bin"),
        (0..4096u32)
            .map(|i| (i * 7919 % 251) as u8)
            .collect::<Vec<u8>>(),
    )
    .unwrap();
    let good = std::fs::read_to_string(d.join("good.txt")).unwrap();
    std::fs::write(d.join("truncated.txt"), &good.as_bytes()[..good.len() / 2]).unwrap();
    let mut bad_utf8 = good.as_bytes()[..200].to_vec();
    bad_utf8.extend_from_slice(b"\n\xff\xfe broken\n");
    std::fs::write(d.join("badutf8.txt"), bad_utf8).unwrap();
    std::fs::write(d.join("long.txt"), "x".repeat(10 << 20)).unwrap();
    std::fs::write(d.join("truncated.jsonl"), "{\"conversation\":\"a\",\"author\":\"A\",\"time\":null,\"text\":\"hi\"}\n{\"conversation\":\"a\",\"au").unwrap();
    std::fs::write(d.join("empty.txt"), "").unwrap();
    let (doc, code) = scan_json(&[d.to_str().unwrap(), "/nonexistent/groomscan-test"]);
    assert_eq!(code, 2, "some inputs were skipped");
    let errors: Vec<String> = doc["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["path"].as_str().unwrap().to_string())
        .collect();
    for name in [
        "junk.bin",
        "long.txt",
        "truncated.jsonl",
        "empty.txt",
        "/nonexistent/groomscan-test",
    ] {
        assert!(
            errors.iter().any(|p| p.ends_with(name)),
            "{name} not in errors: {errors:?}"
        );
    }
    // Issue 14: invalid UTF-8 no longer costs the file; it is read, and the replaced
    // bytes are stated with their line.
    assert!(
        !errors.iter().any(|p| p.ends_with("badutf8.txt")),
        "{errors:?}"
    );
    let said = doc["assumptions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a.as_str())
        .find(|a| a.contains("badutf8.txt") && a.contains("UTF-8"))
        .unwrap_or_else(|| panic!("{}", doc["assumptions"]));
    assert!(
        said.contains("2 byte(s) that are not valid UTF-8 (the first on line"),
        "{said}"
    );
    // the good file, the truncated WhatsApp file and the readable JSONL line still count
    let titles = titles(&doc);
    for t in ["good", "truncated", "a"] {
        assert!(titles.iter().any(|x| x == t), "{t} missing from {titles:?}");
    }
    assert_eq!(
        doc["inputs"].as_array().unwrap().len(),
        7,
        "every file is listed in inputs"
    );
}

#[test]
fn usage_errors_exit_1() {
    assert_eq!(groomscan(&["scan"]).status.code(), Some(1));
    assert_eq!(
        groomscan(&["scan", "--format", "nope", "x"]).status.code(),
        Some(1)
    );
    assert_eq!(
        groomscan(&["scan", "--timezone", "Mars/Base", "x"])
            .status
            .code(),
        Some(1)
    );
    assert_eq!(groomscan(&["--version"]).status.code(), Some(0));
}

#[test]
fn lexicon_check_passes_on_shipped_and_fails_on_a_broken_example() {
    let out = groomscan(&["lexicon", "check"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let dir = scratch();
    std::fs::write(
        dir.path().join("broken.toml"),
        "category = \"secrecy\"\n[[entry]]\nid = \"secrecy.test\"\nphrases = [\"keep it secret\"]\nexamples = [\"tell everyone\"]\n",
    )
    .unwrap();
    let out = groomscan(&["lexicon", "check", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("broken.toml")
            && text.contains("secrecy.test")
            && text.contains("tell everyone"),
        "{text}"
    );
}

#[test]
fn provenance_sidecar_records_inputs_and_output_hashes() {
    let dir = scratch();
    let report = dir.path().join("r.json");
    let prov = dir.path().join("prov.jsonld");
    let out = groomscan(&[
        "scan",
        "--format",
        "json",
        "-o",
        report.to_str().unwrap(),
        "--provenance",
        prov.to_str().unwrap(),
        "corpora/demo",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let g: Value = serde_json::from_slice(&std::fs::read(&prov).unwrap()).unwrap();
    let doc: Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    let text = g.to_string();
    for input in doc["inputs"].as_array().unwrap() {
        assert!(
            text.contains(input["sha256"].as_str().unwrap()),
            "input hash missing"
        );
    }
    let report_sha = groomscan::hash::sha256_hex(&std::fs::read(&report).unwrap());
    assert!(text.contains(&report_sha), "output hash missing");
    assert!(text.contains(doc["lexicon"]["sha256"].as_str().unwrap()));
    assert!(text.contains("case-investigation:InvestigativeAction"));
}

#[test]
fn inputs_are_byte_identical_after_a_run() {
    let dir = scratch();
    for f in ["grooming_pattern.txt", "classmates.txt"] {
        std::fs::copy(
            crate::util::root().join("corpora/demo").join(f),
            dir.path().join(f),
        )
        .unwrap();
    }
    let snapshot = |d: &std::path::Path| {
        let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(d)
            .unwrap()
            .map(|e| {
                let p = e.unwrap().path();
                (p.display().to_string(), std::fs::read(&p).unwrap())
            })
            .collect();
        v.sort();
        v
    };
    let before = snapshot(dir.path());
    let out = groomscan(&["scan", "--format", "json", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(before, snapshot(dir.path()));
}

/// Issue 19: every conversation that ends at medium or above says where its running score
/// first reached medium (the warning) and high (the alert), with the message's file and
/// line and the hits that tipped it; the warning never comes after the alert; CSV and the
/// table carry the same points. Both scorers.
#[test]
fn warnings_and_alerts_name_their_message_and_evidence() {
    for scorer in [&[][..], &["--lexicon-only"][..]] {
        let mut args = vec!["corpora/dev"];
        args.extend_from_slice(scorer);
        let (doc, code) = scan_json(&args);
        assert_eq!(code, 0);
        let mut warned = 0;
        for c in doc["conversations"].as_array().unwrap() {
            let band = c["band"].as_str().unwrap();
            let warning = c["first_warning_message"].as_u64();
            let alert = c["first_alert_message"].as_u64();
            assert_eq!(
                warning.is_some(),
                band == "medium" || band == "high",
                "{scorer:?} {}: band {band}, warning {warning:?}",
                c["title"]
            );
            assert_eq!(alert.is_some(), band == "high", "{scorer:?} {}", c["title"]);
            if let (Some(w), Some(a)) = (warning, alert) {
                assert!(
                    w <= a,
                    "{scorer:?} {}: warning {w} after alert {a}",
                    c["title"]
                );
            }
            for (key, at) in [("first_warning", warning), ("first_alert", alert)] {
                let p = &c[key];
                let Some(at) = at else {
                    assert!(p.is_null(), "{key}: {p}");
                    continue;
                };
                assert_eq!(p["message"].as_u64(), Some(at));
                assert!(p["line"].as_u64().unwrap() > 0, "{p}");
                assert!(!p["source"].as_str().unwrap().is_empty());
                let evidence = p["evidence"].as_array().unwrap();
                // The lexicon engine's running score moves only on hits; a trained model's
                // may move on wording alone, with no hit before the point.
                if !scorer.is_empty() {
                    assert!(!evidence.is_empty(), "{key} names what tipped it: {p}");
                }
                assert!(
                    evidence
                        .iter()
                        .all(|e| e["message"].as_u64().unwrap() <= at)
                );
            }
            warned += usize::from(warning.is_some());
        }
        assert!(warned > 0, "{scorer:?}: the dev set has warnings");
    }
    // The CSV column and the table line say the same.
    let csv = groomscan(&["scan", "corpora/demo", "--format", "csv"]);
    let csv = String::from_utf8(csv.stdout).unwrap();
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let col = header
        .iter()
        .position(|h| *h == "first_warning_message")
        .unwrap();
    let (doc, _) = scan_json(&["corpora/demo"]);
    let top = &doc["conversations"][0];
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let first = reader.records().next().unwrap().unwrap();
    assert_eq!(first[col], top["first_warning_message"].to_string());
    let table = groomscan(&["scan", "corpora/demo"]);
    let table = String::from_utf8(table.stdout).unwrap();
    assert!(
        table.contains(&format!(
            "read from message {}",
            top["first_warning_message"]
        )),
        "{table}"
    );
}

/// `--timezone Europe/London`: zone-less times on both sides of the clock changes are
/// read with daylight saving; a time in the spring gap is read as the time after it, one
/// in the autumn fold as the earlier of the two, and both are stated as assumptions.
#[test]
fn iana_time_zones_follow_daylight_saving() {
    let (json, _) = scan_json(&[
        "--timezone",
        "Europe/London",
        "tests/data/timezone/dst.jsonl",
    ]);
    let mut times: Vec<(String, String)> = Vec::new();
    for c in json["conversations"].as_array().unwrap() {
        for i in c["indicators"].as_array().unwrap() {
            for e in i["evidence"].as_array().unwrap() {
                let t = (
                    c["title"].as_str().unwrap().to_string(),
                    e["time"].as_str().unwrap().to_string(),
                );
                if !times.contains(&t) {
                    times.push(t);
                }
            }
        }
    }
    times.sort();
    let want = [
        ("autumn", "2025-10-26T00:30:00Z"), // 01:30 BST, the first of the two
        ("autumn", "2025-10-26T03:00:00Z"), // GMT again
        ("spring", "2025-03-30T00:30:00Z"), // GMT
        ("spring", "2025-03-30T01:30:00Z"), // in the gap: the time after it, 02:30 BST
        ("spring", "2025-03-30T02:00:00Z"), // 03:00 BST
    ];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(times, want);
    let said = json["assumptions"].to_string();
    assert!(said.contains("Europe/London"), "{said}");
    assert!(said.contains("do not exist"), "{said}");
    assert!(said.contains("happen twice"), "{said}");
}

/// `completions SHELL` and `man` (issue 20): generated from the flags, so they name every
/// subcommand and the newest flags.
#[test]
fn completions_and_man_pages_name_the_subcommands() {
    let run = crate::util::run_ok;
    let bash = run(&["completions", "bash"]);
    assert!(bash.contains("_groomscan()"), "{bash}");
    for sub in [
        "scan",
        "index",
        "rank",
        "search",
        "show",
        "completions",
        "man",
    ] {
        assert!(bash.contains(sub), "bash completion lacks {sub}");
    }
    assert!(bash.contains("--context") && bash.contains("--color"));
    for shell in ["zsh", "fish", "powershell", "elvish"] {
        let script = run(&["completions", shell]);
        assert!(
            script.contains("groomscan") && script.contains("search"),
            "{shell}"
        );
    }
    let out = groomscan(&["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(1));

    let man = run(&["man"]);
    assert!(
        man.lines().any(|l| l.starts_with(".TH groomscan 1")),
        "{man}"
    );
    assert!(man.contains("groomscan\\-search(1)"), "{man}");
    let search = run(&["man", "search"]);
    assert!(search.contains(".TH groomscan-search 1"), "{search}");
    assert!(search.contains("\\-\\-context"), "{search}");
    let out = groomscan(&["man", "nothing"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("one of: scan"));
}
