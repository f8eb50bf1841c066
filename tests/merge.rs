//! Issue 18: `scan --files-from`, and `merge` of parts (`scan --format part`, `walk
//! --part`) giving byte for byte what one `scan` of all the files gives, in every format
//! `merge` writes, on the demo corpus, a synthetic one, the shared samples and chats
//! duplicated across parts.

use crate::util::{groomscan, root, run_ok, scratch, shared_samples};
use std::path::{Path, PathBuf};

/// The formats `merge` writes.
const FORMATS: [&str; 4] = ["json", "jsonl", "csv", "table"];

/// Runs the binary; returns its exit code and stderr.
fn run(args: &[&str]) -> (i32, String) {
    let out = groomscan(args);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The files `groomscan walk` lists for `paths` (and the walk part, in `dir`).
fn walk(paths: &[&str], dir: &Path) -> (Vec<String>, PathBuf) {
    let part = dir.join("walk.part");
    let mut args = vec!["walk", "--part", s(&part)];
    args.extend_from_slice(paths);
    let out = groomscan(&args);
    assert!(out.status.code().unwrap() <= 2, "{args:?}");
    let files = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    (files, part)
}

/// Scans each group of files as a part (listed in a file, or on standard input for the
/// second group); returns the part files.
fn scan_parts(groups: &[Vec<String>], dir: &Path) -> Vec<PathBuf> {
    let mut parts = Vec::new();
    for (i, group) in groups.iter().enumerate() {
        let list = dir.join(format!("list-{i}.txt"));
        // Blank lines are ignored.
        std::fs::write(&list, format!("{}\n\n", group.join("\n"))).unwrap();
        let part = dir.join(format!("part-{i}.part"));
        let (code, err) = if i == 1 {
            let out = std::process::Command::new(env!("CARGO_BIN_EXE_groomscan"))
                .args([
                    "scan",
                    "--format",
                    "part",
                    "--files-from",
                    "-",
                    "-o",
                    s(&part),
                ])
                .current_dir(root())
                .stdin(std::fs::File::open(&list).unwrap())
                .output()
                .unwrap();
            (
                out.status.code().unwrap(),
                String::from_utf8_lossy(&out.stderr).into_owned(),
            )
        } else {
            run(&[
                "scan",
                "--format",
                "part",
                "--files-from",
                s(&list),
                "-o",
                s(&part),
            ])
        };
        assert!(code <= 2, "part {i}: {err}");
        parts.push(part);
    }
    parts
}

/// For every format (and the evidence CSV): `merge` of `parts` is `scan` of `paths`.
fn assert_merge_is_scan(paths: &[&str], parts: &[PathBuf], dir: &Path) {
    for format in FORMATS {
        let (merged, scanned) = (dir.join("merged"), dir.join("scanned"));
        let (merged_ev, scanned_ev) = (dir.join("merged-ev.csv"), dir.join("scanned-ev.csv"));
        let mut args = vec!["merge", "--format", format, "-o", s(&merged)];
        args.extend(["--evidence-csv", s(&merged_ev)]);
        args.extend(parts.iter().map(|p| s(p)));
        let (merge_code, err) = run(&args);
        assert!(merge_code <= 2, "{err}");
        let mut args = vec!["scan", "--format", format, "-o", s(&scanned)];
        args.extend(["--evidence-csv", s(&scanned_ev)]);
        args.extend_from_slice(paths);
        let (scan_code, _) = run(&args);
        assert_eq!(merge_code, scan_code, "{format}: exit codes differ");
        let (m, sc) = (
            std::fs::read(&merged).unwrap(),
            std::fs::read(&scanned).unwrap(),
        );
        assert!(!sc.is_empty());
        assert!(
            m == sc,
            "{format}: merge differs from scan\n--- merge\n{}\n--- scan\n{}",
            String::from_utf8_lossy(&m[..m.len().min(3000)]),
            String::from_utf8_lossy(&sc[..sc.len().min(3000)])
        );
        assert!(
            std::fs::read(&merged_ev).unwrap() == std::fs::read(&scanned_ev).unwrap(),
            "{format}: merged evidence CSV differs"
        );
    }
}

/// Deals files out to `n` groups in turn.
fn deal(files: &[String], n: usize) -> Vec<Vec<String>> {
    let mut groups = vec![Vec::new(); n];
    for (i, f) in files.iter().enumerate() {
        groups[i % n].push(f.clone());
    }
    groups
}

#[test]
fn merge_of_demo_parts_is_the_scan() {
    let dir = scratch();
    let (files, walk_part) = walk(&["corpora/demo"], dir.path());
    assert_eq!(files.len(), 5, "{files:?}");
    let mut parts = scan_parts(&deal(&files, 3), dir.path());
    assert_merge_is_scan(&["corpora/demo"], &parts, dir.path());
    // The order parts are given in does not matter, nor does a walk part.
    parts.reverse();
    parts.insert(0, walk_part);
    assert_merge_is_scan(&["corpora/demo"], &parts, dir.path());
}

#[test]
fn merge_of_synthetic_parts_is_the_scan() {
    let dir = scratch();
    let corpus = dir.path().join("synth");
    run_ok(&[
        "synth",
        "--out",
        s(&corpus),
        "--conversations",
        "300",
        "--seed",
        "3",
    ]);
    let chats = corpus.join("chats");
    let (files, walk_part) = walk(&[s(&chats)], dir.path());
    assert!(files.len() >= 300, "{}", files.len());
    let mut parts = scan_parts(&deal(&files, 7), dir.path());
    parts.push(walk_part);
    assert_merge_is_scan(&[s(&chats)], &parts, dir.path());
}

/// The same chat in two parts is ranked once, as `scan` ranks it once; a bad file is an
/// error entry in its part and in the merge.
#[test]
fn merge_finds_duplicates_and_errors_across_parts() {
    let dir = scratch();
    let exports = dir.path().join("exports");
    for sub in ["a", "b"] {
        std::fs::create_dir_all(exports.join(sub)).unwrap();
        std::fs::copy(
            root().join("corpora/demo/grooming_pattern.txt"),
            exports.join(sub).join("chat.txt"),
        )
        .unwrap();
    }
    std::fs::copy(
        root().join("corpora/demo/classmates.txt"),
        exports.join("b/other.txt"),
    )
    .unwrap();
    std::fs::write(exports.join("a/bad.jsonl"), "not json\n").unwrap();
    std::fs::write(exports.join("b/.hidden.txt"), "skipped by the walk\n").unwrap();
    let (files, walk_part) = walk(&[s(&exports)], dir.path());
    assert_eq!(files.len(), 4, "{files:?}");
    // By folder, as the Spark job cuts a batch.
    let groups: Vec<Vec<String>> = ["/a/", "/b/"]
        .iter()
        .map(|d| files.iter().filter(|f| f.contains(d)).cloned().collect())
        .collect();
    let mut parts = scan_parts(&groups, dir.path());
    parts.insert(0, walk_part);
    assert_merge_is_scan(&[s(&exports)], &parts, dir.path());
    let merged = dir.path().join("check.json");
    let mut args = vec!["merge", "--format", "json", "-o", s(&merged)];
    args.extend(parts.iter().map(|p| s(p)));
    assert_eq!(run(&args).0, 2, "the skipped files make it exit 2");
    let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(&merged).unwrap()).unwrap();
    assert_eq!(doc["duplicates"].as_array().unwrap().len(), 1, "{doc}");
    let errors = doc["errors"].as_array().unwrap();
    assert!(
        errors
            .iter()
            .any(|e| e["path"].as_str().unwrap().ends_with(".hidden.txt")),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e["path"].as_str().unwrap().ends_with("bad.jsonl")),
        "{errors:?}"
    );
}

/// The shared samples cut by folder (a database with its `-wal`, the parts of one chat
/// stay together), every format.
#[test]
fn merge_of_shared_sample_parts_is_the_scan() {
    if !shared_samples("merge_of_shared_sample_parts_is_the_scan") {
        return;
    }
    let dir = scratch();
    let samples = "../shared/samples";
    let (files, walk_part) = walk(&[samples], dir.path());
    let mut folders: Vec<&str> = files
        .iter()
        .map(|f| f.rsplit_once('/').unwrap().0)
        .collect();
    folders.dedup();
    assert!(folders.len() > 5, "{folders:?}");
    let groups: Vec<Vec<String>> = folders
        .iter()
        .map(|d| {
            files
                .iter()
                .filter(|f| f.rsplit_once('/').unwrap().0 == *d)
                .cloned()
                .collect()
        })
        .collect();
    let mut parts = scan_parts(&groups, dir.path());
    parts.push(walk_part);
    assert_merge_is_scan(&[samples], &parts, dir.path());
}

#[test]
fn files_from_reads_as_paths_do_and_names_bad_lines() {
    let dir = scratch();
    let list = dir.path().join("list.txt");
    std::fs::write(
        &list,
        "corpora/demo/classmates.txt\n\n   \ncorpora/demo/no-such-chat.txt\ncorpora/dev\r\n",
    )
    .unwrap();
    let from = dir.path().join("from.json");
    let (code, err) = run(&[
        "scan",
        "--format",
        "json",
        "--files-from",
        s(&list),
        "-o",
        s(&from),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(&format!("{}:4: corpora/demo/no-such-chat.txt", s(&list))),
        "{err}"
    );
    let paths = dir.path().join("paths.json");
    run_ok(&[
        "scan",
        "--format",
        "json",
        "corpora/demo/classmates.txt",
        "corpora/dev",
        "-o",
        s(&paths),
    ]);
    let mut from: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&from).unwrap()).unwrap();
    let paths: serde_json::Value = serde_json::from_slice(&std::fs::read(&paths).unwrap()).unwrap();
    let errors = from["errors"].as_array_mut().unwrap();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0]["path"], s(&list));
    assert_eq!(errors[0]["line"], 4);
    errors.clear();
    assert_eq!(from, paths, "the listed paths read as the same PATHs");
    assert!(paths["conversations"].as_array().unwrap().len() > 20);
}

#[test]
fn merge_refuses_parts_that_do_not_fit() {
    let dir = scratch();
    let (files, walk_part) = walk(&["corpora/demo"], dir.path());
    let parts = scan_parts(&[files[..2].to_vec(), files[1..4].to_vec()], dir.path());
    let out = dir.path().join("out.json");
    let (code, err) = run(&["merge", s(&parts[0]), s(&parts[1]), "-o", s(&out)]);
    assert_eq!(code, 1);
    assert!(err.contains("is in two parts"), "{err}");
    // With the walk part, a missing part is seen (files[4] is in none).
    let parts = scan_parts(&[files[..4].to_vec()], dir.path());
    let (code, err) = run(&["merge", s(&walk_part), s(&parts[0]), "-o", s(&out)]);
    assert_eq!(code, 1);
    assert!(err.contains("is in no part"), "{err}");
    // Not a part.
    let (code, err) = run(&["merge", "corpora/demo/classmates.txt", "-o", s(&out)]);
    assert_eq!(code, 1);
    assert!(
        err.contains("classmates.txt:1: not a groomscan.part/1 head"),
        "{err}"
    );
    // Parts of another scorer.
    let other = dir.path().join("other.part");
    run_ok(&[
        "scan",
        "--lexicon-only",
        "--format",
        "part",
        "-o",
        s(&other),
        &files[4],
    ]);
    let (code, err) = run(&["merge", s(&parts[0]), s(&other), "-o", s(&out)]);
    assert_eq!(code, 1);
    assert!(err.contains("another lexicon, model"), "{err}");
}
