//! `groomscan synth` end to end through the real binary: determinism, labels, and that
//! `scan` and `eval` read what it writes. The generated chats are template-built scale
//! and regression data; nothing measured on them is a claim about accuracy.

use crate::util::{groomscan, scan_json, scratch, tree};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The numbers `synth` reports on stderr.
#[derive(Debug, Default)]
struct Summary {
    conversations: u64,
    messages: u64,
    bytes: u64,
    positives: u64,
    files: u64,
}

fn synth(out: &Path, n: u64, seed: u64, format: &str) -> Summary {
    let out_s = out.to_str().unwrap();
    let (n_s, seed_s) = (n.to_string(), seed.to_string());
    let run = groomscan(&[
        "synth",
        "--out",
        out_s,
        "--conversations",
        &n_s,
        "--seed",
        &seed_s,
        "--format",
        format,
    ]);
    let stderr = String::from_utf8_lossy(&run.stderr).to_string();
    assert_eq!(run.status.code(), Some(0), "{stderr}");
    // "groomscan synth: 40 conversations, 2101 messages, 1234 bytes, 2 positives, 40 files; ..."
    let line = stderr
        .lines()
        .find(|l| l.starts_with("groomscan synth: "))
        .unwrap_or_else(|| panic!("no summary line: {stderr}"));
    assert_eq!(stderr.lines().count(), 1, "one summary line: {stderr}");
    let mut s = Summary::default();
    let words: Vec<&str> = line
        .split([' ', ',', ';'])
        .filter(|w| !w.is_empty())
        .collect();
    for pair in words.windows(2) {
        let Ok(v) = pair[0].parse::<u64>() else {
            continue;
        };
        match pair[1] {
            "conversations" => s.conversations = v,
            "messages" => s.messages = v,
            "bytes" => s.bytes = v,
            "positives" => s.positives = v,
            "files" => s.files = v,
            _ => {}
        }
    }
    assert_eq!(s.conversations, n, "{line}");
    s
}

fn labels(dir: &Path) -> Vec<(String, String, String)> {
    let text = std::fs::read_to_string(dir.join("labels.tsv")).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("conversation\tlabel\tgroomer"));
    lines
        .map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            assert_eq!(c.len(), 3, "{l:?}");
            (c[0].to_string(), c[1].to_string(), c[2].to_string())
        })
        .collect()
}

#[test]
fn same_count_seed_and_format_give_the_same_bytes() {
    for format in ["whatsapp", "jsonl"] {
        let (a, b, c) = (scratch(), scratch(), scratch());
        let sa = synth(a.path(), 60, 9, format);
        let sb = synth(b.path(), 60, 9, format);
        synth(c.path(), 60, 10, format);
        let (ta, tb, tc) = (tree(a.path()), tree(b.path()), tree(c.path()));
        assert!(!ta.is_empty());
        assert_eq!(ta, tb, "{format}: same seed, same bytes");
        assert_eq!((sa.messages, sa.bytes), (sb.messages, sb.bytes));
        let chats = |t: &[(PathBuf, Vec<u8>)]| -> Vec<u8> {
            t.iter()
                .filter(|(p, _)| p.starts_with("chats"))
                .flat_map(|(_, b)| b.clone())
                .collect()
        };
        assert_ne!(
            chats(&ta),
            chats(&tc),
            "{format}: another seed, other chats"
        );
        let written: u64 = ta
            .iter()
            .filter(|(p, _)| p.starts_with("chats"))
            .map(|(_, b)| b.len() as u64)
            .sum();
        assert_eq!(
            written, sa.bytes,
            "{format}: bytes reported = bytes written"
        );
    }
}

#[test]
fn a_smaller_corpus_is_a_prefix_of_a_larger_one() {
    let (small, large) = (scratch(), scratch());
    synth(small.path(), 30, 4, "jsonl");
    synth(large.path(), 90, 4, "jsonl");
    let read = |d: &Path| std::fs::read(d.join("chats/part-00000.jsonl")).unwrap();
    assert!(read(large.path()).starts_with(&read(small.path())));
    let l_small = labels(small.path());
    assert_eq!(&labels(large.path())[..30], &l_small[..]);
}

#[test]
fn labels_cover_every_conversation_and_scan_reads_them_all() {
    for format in ["whatsapp", "jsonl"] {
        let dir = scratch();
        let n = 150;
        let summary = synth(dir.path(), n, 3, format);
        let labels = labels(dir.path());
        assert_eq!(labels.len() as u64, n);
        let keys: BTreeSet<&str> = labels.iter().map(|l| l.0.as_str()).collect();
        assert_eq!(keys.len() as u64, n, "keys are unique");
        let positives = labels.iter().filter(|l| l.1 == "grooming").count() as u64;
        assert_eq!(positives, summary.positives);
        for (key, label, groomer) in &labels {
            assert!(label == "grooming" || label == "benign", "{key}: {label}");
            assert_eq!(label == "grooming", !groomer.is_empty(), "{key}");
        }

        let chats = dir.path().join("chats");
        let (doc, code) = scan_json(&[chats.to_str().unwrap()]);
        assert_eq!(code, 0, "{format}: {}", doc["errors"]);
        assert!(doc["errors"].as_array().unwrap().is_empty());
        let inputs = doc["inputs"].as_array().unwrap();
        assert_eq!(inputs.len() as u64, summary.files, "{format}");
        for i in inputs {
            assert_eq!(i["format"], format);
        }
        let messages: u64 = inputs.iter().map(|i| i["messages"].as_u64().unwrap()).sum();
        assert_eq!(messages, summary.messages, "{format}: message count");
        let bytes: u64 = inputs.iter().map(|i| i["bytes"].as_u64().unwrap()).sum();
        assert_eq!(bytes, summary.bytes, "{format}: byte count");
        let convs = doc["conversations"].as_array().unwrap();
        let titles: BTreeSet<&str> = convs.iter().map(|c| c["title"].as_str().unwrap()).collect();
        assert_eq!(titles, keys, "{format}: one conversation per label");
        // The groomer named in the labels is an author of that conversation.
        for (key, _, groomer) in labels.iter().filter(|l| !l.2.is_empty()) {
            let c = convs.iter().find(|c| c["title"] == key.as_str()).unwrap();
            let names: Vec<&str> = c["participants"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p["name"].as_str().unwrap())
                .collect();
            assert!(
                names.contains(&groomer.as_str()),
                "{key}: {groomer} in {names:?}"
            );
        }
    }
}

#[test]
fn whatsapp_folders_hold_at_most_a_thousand_files() {
    let dir = scratch();
    synth(dir.path(), 1003, 5, "whatsapp");
    let chats = dir.path().join("chats");
    let mut folders: Vec<(String, usize)> = std::fs::read_dir(&chats)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            let n = std::fs::read_dir(&p).unwrap().count();
            (p.file_name().unwrap().to_string_lossy().to_string(), n)
        })
        .collect();
    folders.sort();
    assert_eq!(
        folders,
        [("0000".to_string(), 1000), ("0001".to_string(), 3)]
    );
}

#[test]
fn jsonl_files_are_split_at_conversation_boundaries() {
    let dir = scratch();
    let mut config = groomscan::synth::Config::new(
        dir.path().to_path_buf(),
        120,
        6,
        groomscan::synth::SynthFormat::Jsonl,
    );
    config.jsonl_file_limit = 40_000;
    let summary = groomscan::synth::generate(&config).unwrap();
    assert!(summary.files > 2, "{summary}");
    let chats = dir.path().join("chats");
    let mut seen = BTreeSet::new();
    for (path, bytes) in tree(&chats) {
        let text = String::from_utf8(bytes).unwrap();
        let keys: BTreeSet<String> = text
            .lines()
            .map(|l| {
                let v: Value = serde_json::from_str(l).unwrap();
                v["conversation"].as_str().unwrap().to_string()
            })
            .collect();
        // Over the limit only when one conversation alone is bigger.
        assert!(text.len() <= 40_000 || keys.len() == 1, "{path:?}");
        for k in keys {
            assert!(seen.insert(k.clone()), "{k} split across files");
        }
    }
    assert_eq!(seen.len(), 120);
}

#[test]
fn refuses_to_write_into_a_folder_that_is_not_empty() {
    let dir = scratch();
    std::fs::write(dir.path().join("keep.txt"), "mine").unwrap();
    let out = groomscan(&[
        "synth",
        "--out",
        dir.path().to_str().unwrap(),
        "--conversations",
        "5",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not empty"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("keep.txt")).unwrap(),
        "mine"
    );
}

/// Regression check on ~400 generated conversations (a few percent grooming, a third hard
/// negatives). The thresholds are deliberately loose: this catches an engine change that
/// breaks ranking on data of this shape, or a generator change that breaks its labels. The
/// chats come from templates, so a high score here is not a measure of accuracy and must
/// not be quoted as one; a failure is a reason to look, not proof of a regression on real
/// exports.
#[test]
fn eval_on_generated_conversations_stays_sane() {
    let dir = scratch();
    let summary = synth(dir.path(), 400, 1, "whatsapp");
    assert!(summary.positives >= 8, "{summary:?}");
    let out = groomscan(&[
        "eval",
        "--format",
        "json",
        "--labels",
        dir.path().join("labels.tsv").to_str().unwrap(),
        dir.path().join("chats").to_str().unwrap(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["conversations"].as_u64(), Some(400));
    assert_eq!(r["positives"].as_u64(), Some(summary.positives));
    assert!(
        r["missing"].as_array().unwrap().is_empty(),
        "{}",
        r["missing"]
    );
    assert!(r["unlabelled"].as_array().unwrap().is_empty());
    let auc = r["roc_auc"].as_f64().unwrap();
    let p10 = r["precision_at"]["10"].as_f64().unwrap();
    assert!(auc > 0.8, "ROC AUC {auc}");
    assert!(p10 >= 0.5, "precision@10 {p10}");
}
