//! Leetspeak through the real binary (issue 20): `scan` flags "s3nd m3 a p1c" as the
//! lexicon's "send me a pic", `search` for the phrase finds it after `index`, a number
//! next to it stays a number, and a case indexed by another normaliser says to re-index.

use crate::util::{groomscan, scan_json, scratch};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// One invented chat: the request is written in leetspeak ("m3": a one-letter word with a
/// digit), and a message with an age and a time that must stay numbers.
const CHAT: &str = r#"{"conversation":"leet","author":"Sam","time":"2025-06-01T18:00:00Z","text":"hey how was school"}
{"conversation":"leet","author":"Kit","time":"2025-06-01T18:01:00Z","text":"boring, im 14 and home at 4"}
{"conversation":"leet","author":"Sam","time":"2025-06-01T18:02:00Z","text":"s3nd m3 a p!c 2nite"}
"#;

fn write_chat(dir: &Path) -> PathBuf {
    let p = dir.join("leet.jsonl");
    std::fs::write(&p, CHAT).unwrap();
    p
}

fn ok(out: &std::process::Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn scan_flags_leetspeak_as_the_plain_phrase() {
    let dir = scratch();
    let chat = write_chat(dir.path());
    let (doc, _) = scan_json(&[chat.to_str().unwrap()]);
    let conv = &doc["conversations"][0];
    let image = conv["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["category"] == "image_request")
        .unwrap_or_else(|| panic!("no image_request indicator: {conv}"));
    let e = &image["evidence"][0];
    assert_eq!(e["message"], 3, "{e}");
    assert_eq!(e["entry"], "image_request.send_pic", "{e}");
    // evidence quotes the original words, not the folded ones
    assert_eq!(e["match"], "s3nd m3 a p!c", "{e}");
    // the stated age is read as a number
    let kit = conv["participants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "Kit")
        .unwrap();
    assert_eq!(kit["stated_ages"], serde_json::json!([14]), "{kit}");
}

#[test]
fn search_finds_leetspeak_and_an_old_case_says_to_reindex() {
    let dir = scratch();
    let chat = write_chat(dir.path());
    let case = dir.path().join("case");
    let case_s = case.to_str().unwrap();
    ok(&groomscan(&[
        "index",
        chat.to_str().unwrap(),
        "--case",
        case_s,
    ]));

    let search = |query: &str| groomscan(&["search", "--case", case_s, query, "--format", "json"]);
    let out = search("\"send me a pic\"");
    let doc: Value = serde_json::from_str(&ok(&out)).unwrap();
    let results = doc["results"].as_array().unwrap();
    assert_eq!(results.len(), 1, "{doc}");
    assert_eq!(results[0]["text"], "s3nd m3 a p!c 2nite", "{doc}");
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // "2nite" is indexed as "tonight"; the "4" in "home at 4" stays a number
    let doc: Value = serde_json::from_str(&ok(&search("tonight"))).unwrap();
    assert_eq!(doc["results"].as_array().unwrap().len(), 1, "{doc}");
    let doc: Value = serde_json::from_str(&ok(&search("\"home at 4\""))).unwrap();
    assert_eq!(
        doc["results"][0]["text"], "boring, im 14 and home at 4",
        "{doc}"
    );
    let doc: Value = serde_json::from_str(&ok(&search("\"home at a\""))).unwrap();
    assert_eq!(doc["results"].as_array().unwrap().len(), 0, "{doc}");

    // A case indexed by another normaliser (its committed manifest names another
    // fingerprint) still answers, and says to index the exports into a new case.
    let meta = case.join("index/meta.json");
    let text = std::fs::read_to_string(&meta).unwrap();
    let at = text
        .find("tokenizer_sha256")
        .expect("fingerprint in the commit payload")
        + "tokenizer_sha256".len();
    let start = at + text[at..].find(|c: char| c.is_ascii_hexdigit()).unwrap();
    let old = format!("{}{}", &text[..start], "0".repeat(64)) + &text[start + 64..];
    assert_ne!(old, text);
    std::fs::write(&meta, old).unwrap();
    let out = search("\"send me a pic\"");
    let doc: Value = serde_json::from_str(&ok(&out)).unwrap();
    assert_eq!(doc["results"].as_array().unwrap().len(), 1, "{doc}");
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("another version of the text normaliser")
            && said.contains("index the exports into a new case"),
        "{said}"
    );
}
