//! Evidence handling across files: mixed-format folders, and one chat split over several
//! files (Messenger parts, two exports of the same chat) counted once with every source.

use crate::util::{sample, scan_json, scratch};
use serde_json::{Value, json};

#[test]
fn a_folder_mixing_every_format_scans_in_one_command() {
    if !crate::util::shared_samples("evidence::a_folder_mixing_every_format_scans_in_one_command") {
        return;
    }
    let (doc, code) = scan_json(&[sample("").to_str().unwrap()]);
    assert_eq!(
        code, 2,
        "the samples folder holds non-export files, reported as skipped"
    );
    let inputs = doc["inputs"].as_array().unwrap();
    let mut formats: Vec<&str> = inputs
        .iter()
        .map(|i| i["format"].as_str().unwrap())
        .collect();
    formats.sort_unstable();
    formats.dedup();
    for f in [
        "android-sms",
        "discord",
        "ios-sms",
        "messenger",
        "signal",
        "sms-xml",
        "telegram",
        "whatsapp",
        "zip",
    ] {
        assert!(formats.contains(&f), "{f} missing from {formats:?}");
    }
    for i in inputs {
        assert_eq!(i["sha256"].as_str().unwrap().len(), 64, "{i}");
        let unknown = i["format"] == "unknown";
        let name = i["path"].as_str().unwrap();
        assert_eq!(
            unknown,
            name.ends_with("target.json") || name.ends_with(".md"),
            "{i}"
        );
    }
    // every skipped file is named in errors
    for i in inputs.iter().filter(|i| i["format"] == "unknown") {
        assert!(
            doc["errors"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["path"] == i["path"]),
            "{i}"
        );
    }
}

fn message(sender: &str, ms: i64, text: &str) -> Value {
    json!({"sender_name": sender, "timestamp_ms": ms, "content": text})
}

#[test]
fn a_thread_split_over_files_is_one_conversation_and_copies_count_once() {
    let dir = scratch();
    let thread = |msgs: Vec<Value>| {
        json!({"participants": [{"name": "Kai"}, {"name": "Robin"}], "messages": msgs,
               "title": "Robin", "thread_path": "inbox/robin_1234", "is_still_participant": true})
    };
    // newest first, as Facebook writes them; message_2 holds the older part and one overlap
    let part1 = thread(vec![
        message("Kai", 4_000, "dont tell your mum we talk"),
        message("Robin", 3_000, "ok"),
        message("Kai", 2_000, "send me a pic"),
    ]);
    let part2 = thread(vec![
        message("Kai", 2_000, "send me a pic"),
        message("Robin", 1_000, "hi"),
    ]);
    std::fs::write(dir.path().join("message_1.json"), part1.to_string()).unwrap();
    std::fs::write(dir.path().join("message_2.json"), part2.to_string()).unwrap();
    let (doc, code) = scan_json(&[dir.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{}", doc["errors"]);
    let convs = doc["conversations"].as_array().unwrap();
    assert_eq!(convs.len(), 1, "one thread");
    let c = &convs[0];
    assert_eq!(
        c["messages"], 4,
        "the copy in message_2.json is counted once"
    );
    assert_eq!(c["sources"].as_array().unwrap().len(), 2);
    let pic = c["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["category"] == "image_request")
        .expect("image request found");
    assert_eq!(pic["count"], 1);
    let ev = &pic["evidence"][0];
    assert_eq!(
        ev["message"], 2,
        "chronological order: hi, send me a pic, ok, dont tell"
    );
    assert!(ev["source"].as_str().unwrap().ends_with("message_1.json"));
    let also = ev["also_in"].as_array().unwrap();
    assert_eq!(also.len(), 1);
    assert!(
        also[0]["source"]
            .as_str()
            .unwrap()
            .ends_with("message_2.json")
    );
    assert!(
        doc["assumptions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a.as_str().unwrap().contains("merged"))
    );
    // inputs still count what each file held
    let counts: Vec<u64> = doc["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["messages"].as_u64().unwrap())
        .collect();
    assert_eq!(counts, [3, 2]);
}
