//! `groomscan review` on a case built by the binary: decisions recorded with who, when and
//! why; the latest one per conversation filters `rank --status` and shows in `show`; the
//! audit list keeps every action; later `index` runs keep them; unknown ids are refused.

use crate::util::{groomscan, root, scratch};
use std::path::Path;

fn run(args: &[&str]) -> (String, String, i32) {
    let out = groomscan(args);
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap_or(-1),
    )
}

fn ids(case: &str, extra: &[&str]) -> Vec<String> {
    let mut args = vec!["rank", "--case", case, "--format", "json"];
    args.extend_from_slice(extra);
    let (out, err, code) = run(&args);
    assert_eq!(code, 0, "{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    doc["conversations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect()
}

fn index(evidence: &Path, case: &str) {
    let (_, err, code) = run(&["index", evidence.to_str().unwrap(), "--case", case]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn reviews_are_recorded_filtered_shown_and_kept() {
    let dir = scratch();
    let ev = dir.path().join("evidence");
    std::fs::create_dir_all(&ev).unwrap();
    let demo = root().join("corpora/demo");
    let mut names: Vec<_> = std::fs::read_dir(&demo)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    for n in &names[..3] {
        std::fs::copy(demo.join(n), ev.join(n)).unwrap();
    }
    let case_dir = dir.path().join("case");
    let case = case_dir.to_str().unwrap();
    index(&ev, case);
    let all = ids(case, &[]);
    assert!(all.len() >= 3, "{all:?}");
    let (first, second) = (&all[0], &all[1]);

    let (out, err, code) = run(&[
        "review",
        "--case",
        case,
        first,
        "--status",
        "escalated",
        "--note",
        "referred to the safeguarding lead",
        "--examiner",
        "tester",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("escalated") && out.contains("tester"), "{out}");
    run(&[
        "review",
        "--case",
        case,
        second,
        "--status",
        "reviewed",
        "--examiner",
        "tester",
    ]);
    // A second decision about the same conversation: the latest counts.
    run(&[
        "review",
        "--case",
        case,
        second,
        "--status",
        "no-concern",
        "--examiner",
        "tester",
    ]);

    assert_eq!(
        ids(case, &["--status", "escalated"]),
        std::slice::from_ref(first)
    );
    assert_eq!(
        ids(case, &["--status", "no-concern"]),
        std::slice::from_ref(second)
    );
    assert!(ids(case, &["--status", "reviewed"]).is_empty());
    assert_eq!(ids(case, &["--status", "unreviewed"]).len(), all.len() - 2);

    let (show, _, _) = run(&["show", "--case", case, first]);
    assert!(
        show.contains("Review: escalated by tester at ")
            && show.contains(": referred to the safeguarding lead"),
        "{show}"
    );

    let (log, _, code) = run(&["review", "--case", case, "--format", "json"]);
    assert_eq!(code, 0);
    let log: serde_json::Value = serde_json::from_str(&log).unwrap();
    let statuses: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["escalated", "reviewed", "no-concern"]);

    // More evidence indexed later: the decisions stay.
    for n in &names[3..] {
        std::fs::copy(demo.join(n), ev.join(n)).unwrap();
    }
    index(&ev, case);
    assert_eq!(
        ids(case, &["--status", "escalated"]),
        std::slice::from_ref(first)
    );

    let (_, err, code) = run(&["review", "--case", case, "nosuchid", "--status", "reviewed"]);
    assert_eq!(code, 1);
    assert!(err.contains("nosuchid"), "{err}");

    // The report takes the same filter, and --top.
    let html = dir.path().join("escalated.html");
    let (_, err, code) = run(&[
        "report",
        "--case",
        case,
        "-o",
        html.to_str().unwrap(),
        "--status",
        "escalated",
    ]);
    assert_eq!(code, 0, "{err}");
    let page = std::fs::read_to_string(&html).unwrap();
    assert_eq!(
        page.matches("<article").count(),
        1,
        "one conversation in full"
    );
    assert!(page.contains(first.as_str()), "the escalated one");
    let top = dir.path().join("top.html");
    run(&[
        "report",
        "--case",
        case,
        "-o",
        top.to_str().unwrap(),
        "--top",
        "1",
    ]);
    let page = std::fs::read_to_string(&top).unwrap();
    let now = ids(case, &[]);
    assert!(
        page.contains(now[0].as_str()) && !page.contains(now[1].as_str()),
        "only the top one"
    );

    // A damaged audit list is refused with its file and line, never read in part.
    let log = case_dir.join("reviews.jsonl");
    let mut text = std::fs::read_to_string(&log).unwrap();
    text.push_str("not json\n");
    std::fs::write(&log, text).unwrap();
    let (_, err, code) = run(&["review", "--case", case]);
    assert_eq!(code, 1);
    assert!(err.contains("reviews.jsonl:4"), "{err}");
}
