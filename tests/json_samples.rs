//! JSON-export samples (Telegram, Discord, Messenger, Instagram) and Signal text
//! (`../shared/samples/`, see its PROVENANCE.md) read with the counts their own projects
//! expect. chat-analytics file names carry authors (A) and messages (M), but its own
//! expected parses (`tests/samples/<platform>/<name>.json.ts` upstream) disagree with some
//! names; where they do, the comment says which count is used and why. chat-miner's
//! `chatminer_target.json` files are that parser's expected output for the exports beside
//! them, and `tgparser_personal_chat.json` is counted by hand. Every export in those
//! folders must be listed here, and no reader may claim another format's sample.

use crate::util::sample;
use groomscan::ingest::{self, FileResult, IngestOptions, Source, read_file};
use groomscan::model::{Conversation, Format};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The folders this file covers.
const FOLDERS: &[&str] = &["telegram", "discord", "messenger", "instagram", "signal"];

/// One sample export and what reading it must give.
struct Expect {
    /// Path below `../shared/samples/`.
    file: &'static str,
    /// `inputs[].format`.
    format: &'static str,
    conversations: usize,
    /// Messages over all conversations (system lines excluded).
    messages: usize,
    /// Distinct authors in order of first appearance.
    authors: &'static [&'static str],
}

const SAMPLES: &[Expect] = &[
    // chat-analytics DM_2A_7M: 8 records, 2 of them `service` (joined_telegram,
    // phone_call). The name says 7 messages, but chat-analytics' own expected parse lists
    // 6 (ids 3644, 3645, 3662, 3663, 3672, 3673): services are not messages.
    Expect {
        file: "telegram/chatanalytics_DM_2A_7M.json",
        format: "telegram",
        conversations: 1,
        messages: 6,
        authors: &["Bob", "Alice"],
    },
    // chat-miner: two messages, checked against chatminer_target.json below.
    Expect {
        file: "telegram/chatminer_test_single_export.json",
        format: "telegram",
        conversations: 1,
        messages: 2,
        authors: &["Author 1", "Author 2"],
    },
    // The same two messages inside a full-account export (`chats.list[0]`).
    Expect {
        file: "telegram/chatminer_test_batch_export.json",
        format: "telegram",
        conversations: 1,
        messages: 2,
        authors: &["Author 1", "Author 2"],
    },
    // tg-parser, counted by hand: 5 records with ids 1..5; 1-4 are `type: "message"`
    // (Alice "Hello!", Bob "Hi there!", Alice's three-part entity list, Bob's reply
    // "Got it!"), 5 is a `service` phone_call. So 4 messages by 2 authors.
    Expect {
        file: "telegram/tgparser_personal_chat.json",
        format: "telegram",
        conversations: 1,
        messages: 4,
        authors: &["Alice", "Bob"],
    },
    // chat-analytics DM_2A_2M: 2 Default messages and a `Call` (system). Authors by
    // nickname: "mlomb" and "Someones nickname".
    Expect {
        file: "discord/chatanalytics_DM_2A_2M.json",
        format: "discord",
        conversations: 1,
        messages: 2,
        authors: &["mlomb", "Someones nickname"],
    },
    // chat-analytics GC_3A_5M: 6 records; ChannelNameChange, ChannelIconChange and Call
    // are system lines. The name says 5 messages; chat-analytics' own expected parse lists
    // the same 3 we read.
    Expect {
        file: "discord/chatanalytics_GC_3A_5M.json",
        format: "discord",
        conversations: 1,
        messages: 3,
        authors: &["theplant", "lombi", "mlomb"],
    },
    // chat-analytics SV_5A_5M: 5 Default records by 2 authors ("Deleted User", and mlomb
    // once without a nickname, so by name). The name's "5A" is not borne out by the file or
    // by chat-analytics' own expected parse (2 authors). That parse also drops a record
    // that repeats an earlier id (4 messages); we keep both copies: the export holds both,
    // and ingest does not second-guess evidence.
    Expect {
        file: "discord/chatanalytics_SV_5A_5M.json",
        format: "discord",
        conversations: 1,
        messages: 5,
        authors: &["Deleted User", "mlomb"],
    },
    // chat-analytics 2A_7M: 3 texts and 4 media-only records (file, audio, sticker,
    // photo), read oldest first.
    Expect {
        file: "messenger/chatanalytics_2A_7M.json",
        format: "messenger",
        conversations: 1,
        messages: 7,
        authors: &["Bob", "Alice"],
    },
    // Instagram has Messenger's schema; detection names the reader ("messenger").
    Expect {
        file: "instagram/chatminer_test_export.json",
        format: "messenger",
        conversations: 1,
        messages: 2,
        authors: &["Jane Doe", "John Doe"],
    },
    Expect {
        file: "signal/chatminer_test_export.txt",
        format: "signal",
        conversations: 1,
        messages: 2,
        authors: &["Jane Doe", "John Doe"],
    },
];

fn read(rel: &str) -> FileResult {
    read_file(&sample(rel), &IngestOptions::default())
}

fn authors(conversations: &[Conversation]) -> Vec<&str> {
    let mut seen: Vec<&str> = Vec::new();
    for m in conversations.iter().flat_map(|c| &c.messages) {
        if !seen.contains(&m.author.as_str()) {
            seen.push(&m.author);
        }
    }
    seen
}

fn texts(c: &Conversation) -> Vec<&str> {
    c.messages.iter().map(|m| m.text.as_str()).collect()
}

/// Message times as chat-miner writes them: UTC, no zone, whole seconds.
fn times(c: &Conversation) -> Vec<String> {
    c.messages
        .iter()
        .map(|m| m.time.unwrap().format("%Y-%m-%dT%H:%M:%S").to_string())
        .collect()
}

/// A chat-miner `chatminer_target.json`: (timestamp, author, message) per message.
fn chat_miner_target(rel: &str) -> Vec<(String, String, String)> {
    let text = std::fs::read_to_string(sample(rel)).unwrap();
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            let field = |k: &str| m[k].as_str().unwrap().to_string();
            (field("timestamp"), field("author"), field("message"))
        })
        .collect()
}

#[test]
fn every_sample_reads_with_the_expected_counts() {
    if !crate::util::shared_samples("json_samples::every_sample_reads_with_the_expected_counts") {
        return;
    }
    for e in SAMPLES {
        let r = read(e.file);
        assert!(r.errors.is_empty(), "{}: {:?}", e.file, r.errors);
        let input = r.input.as_ref().unwrap();
        assert_eq!(input.format, e.format, "{}", e.file);
        assert_eq!(r.conversations.len(), e.conversations, "{}", e.file);
        assert_eq!(input.conversations, e.conversations, "{}", e.file);
        let messages: usize = r.conversations.iter().map(|c| c.messages.len()).sum();
        assert_eq!(messages, e.messages, "{}", e.file);
        assert_eq!(input.messages, e.messages, "{}", e.file);
        assert_eq!(authors(&r.conversations), e.authors, "{}", e.file);
        for c in &r.conversations {
            assert!(
                c.messages.iter().all(|m| !m.text.trim().is_empty()),
                "{}: every message has text or a placeholder",
                e.file
            );
        }
    }
}

/// Files of the covered folders that are exports (chat-miner's expectations are not).
fn exports_on_disk() -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for folder in FOLDERS {
        for entry in std::fs::read_dir(sample(folder)).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            if !name.ends_with("_target.json") && !name.starts_with('.') {
                found.insert(format!("{folder}/{name}"));
            }
        }
    }
    found
}

#[test]
fn every_export_in_the_folders_is_listed() {
    if !crate::util::shared_samples("json_samples::every_export_in_the_folders_is_listed") {
        return;
    }
    let listed: BTreeSet<String> = SAMPLES.iter().map(|e| e.file.to_string()).collect();
    assert_eq!(exports_on_disk(), listed);
}

/// Every file below `dir`, sorted.
fn files_below(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files_below(&path, out);
        } else if path.is_file() {
            out.push(path);
        }
    }
}

/// A reader's content check.
type LooksLike = fn(&Source) -> bool;

/// The content checks of the readers this file covers, by format name.
fn checks() -> [(&'static str, LooksLike); 5] {
    [
        ("telegram", ingest::telegram::looks_like),
        ("discord", ingest::discord::looks_like),
        ("discord-csv", ingest::discord::looks_like_csv),
        ("messenger", ingest::messenger::looks_like),
        ("signal", ingest::signal::looks_like),
    ]
}

/// Which of this file's readers claim a file by content.
fn claims(path: &Path) -> Vec<&'static str> {
    let bytes = std::fs::read(path).unwrap();
    let display = path.display().to_string();
    let s = Source {
        path,
        display: &display,
        bytes: &bytes,
    };
    checks()
        .into_iter()
        .filter(|(_, looks_like)| looks_like(&s))
        .map(|(name, _)| name)
        .collect()
}

#[test]
fn no_sample_is_claimed_by_another_reader() {
    if !crate::util::shared_samples("json_samples::no_sample_is_claimed_by_another_reader") {
        return;
    }
    let mut all = Vec::new();
    files_below(&sample(""), &mut all);
    assert!(all.len() > 30, "the whole sample tree is checked");
    for path in &all {
        let rel = path
            .strip_prefix(sample(""))
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let want: Vec<&str> = SAMPLES
            .iter()
            .filter(|e| e.file == rel)
            .map(|e| e.format)
            .collect();
        assert_eq!(claims(path), want, "{rel}");
        // And the detector as a whole agrees for our samples.
        if let Some(format) = want.first() {
            let bytes = std::fs::read(path).unwrap();
            let s = Source {
                path,
                display: &rel,
                bytes: &bytes,
            };
            assert_eq!(ingest::detect(&s).map(Format::name), Some(*format), "{rel}");
        }
    }
}

#[test]
fn telegram_matches_chat_miner_target() {
    if !crate::util::shared_samples("json_samples::telegram_matches_chat_miner_target") {
        return;
    }
    let target = chat_miner_target("telegram/chatminer_target.json");
    for file in [
        "telegram/chatminer_test_single_export.json",
        "telegram/chatminer_test_batch_export.json",
    ] {
        let r = read(file);
        let c = &r.conversations[0];
        assert_eq!(c.messages.len(), target.len(), "{file}");
        for (m, (time, author, text)) in c.messages.iter().zip(&target) {
            assert_eq!(&m.author, author, "{file}");
            assert_eq!(
                &m.time.unwrap().format("%Y-%m-%dT%H:%M:%S").to_string(),
                time,
                "{file}"
            );
            // chat-miner joins the parts of an entity list with a space ("Link:" and
            // "https://telegram.org/" -> "Link: https://telegram.org/"). Telegram itself
            // writes the spaces between entities as plain-string parts, so we concatenate
            // as written; the texts agree once spaces are ignored.
            let squeeze = |s: &str| s.split_whitespace().collect::<String>();
            assert_eq!(squeeze(&m.text), squeeze(text), "{file}");
        }
        assert_eq!(c.messages[1].text, "Link:https://telegram.org/");
        assert_eq!(c.messages[0].time_raw, "1544006350");
    }
    // A single-chat file without `id` or `name` is keyed by its file stem; the account
    // export's chat (no `id`) by its name.
    assert_eq!(
        read("telegram/chatminer_test_single_export.json").conversations[0].key,
        "chatminer_test_single_export"
    );
    let batch = read("telegram/chatminer_test_batch_export.json");
    assert_eq!(batch.conversations[0].key, "Chatname");
    assert_eq!(batch.conversations[0].title, "Chatname");
}

#[test]
fn telegram_chat_analytics_details() {
    if !crate::util::shared_samples("json_samples::telegram_chat_analytics_details") {
        return;
    }
    let r = read("telegram/chatanalytics_DM_2A_7M.json");
    let c = &r.conversations[0];
    assert_eq!((c.key.as_str(), c.title.as_str()), ("700000000", "Bob"));
    assert_eq!(
        texts(c),
        [
            "https://google.com 👀",
            "hello world",
            "world?",
            "blah blah",
            "<photo>",
            "<photo>"
        ]
    );
    // `line` is the record's place in `messages`: record 1 is the joined_telegram service.
    let lines: Vec<u64> = c.messages.iter().map(|m| m.line).collect();
    assert_eq!(lines, [2, 3, 4, 5, 6, 7]);
    // The first two records carry only a zone-less `date` (read as UTC here), the rest
    // `date_unixtime`.
    assert_eq!(
        times(c)[..3],
        [
            "2019-07-12T16:55:32",
            "2022-03-08T13:07:42",
            "2022-05-09T22:23:53"
        ]
    );
    // Service records are counted, not read; zone-less dates are an assumption.
    let assumptions = r.assumptions.join("\n");
    assert!(
        assumptions.contains("2 messages carry only a zone-less `date`"),
        "{assumptions}"
    );
    assert!(assumptions.contains("2 service records"), "{assumptions}");
}

#[test]
fn telegram_tg_parser_details() {
    if !crate::util::shared_samples("json_samples::telegram_tg_parser_details") {
        return;
    }
    let r = read("telegram/tgparser_personal_chat.json");
    let c = &r.conversations[0];
    assert_eq!(
        (c.key.as_str(), c.title.as_str()),
        ("123456789", "Test User")
    );
    assert_eq!(
        texts(c),
        [
            "Hello!",
            "Hi there!",
            "Check this important message",
            "Got it!"
        ]
    );
    // This fixture's `date` and `date_unixtime` disagree by 20 minutes on the first three
    // records ("10:30:00" vs 1705315800 = 10:50:00 UTC). `date_unixtime` is the instant;
    // `date` stays visible as `time_raw`.
    assert_eq!(c.messages[0].time_raw, "2024-01-15T10:30:00");
    assert_eq!(times(c)[0], "2024-01-15T10:50:00");
    assert_eq!(times(c)[3], "2024-01-16T09:00:00");
    assert!(
        r.assumptions
            .iter()
            .any(|a| a.contains("1 service records"))
    );
}

#[test]
fn discord_details() {
    if !crate::util::shared_samples("json_samples::discord_details") {
        return;
    }
    for (file, key, title, first_text, system) in [
        (
            "discord/chatanalytics_DM_2A_2M.json",
            "530805775262679064",
            "Someones name",
            "blah",
            1,
        ),
        (
            "discord/chatanalytics_GC_3A_5M.json",
            "1064990764406419508",
            "a group chat",
            "Should honor nickname over name",
            3,
        ),
        (
            "discord/chatanalytics_SV_5A_5M.json",
            "253601524398293010",
            "DefleMask / general-chiptune",
            "This message has been edited and written by a deleted user.",
            0,
        ),
    ] {
        let r = read(file);
        let c = &r.conversations[0];
        assert_eq!((c.key.as_str(), c.title.as_str()), (key, title), "{file}");
        assert_eq!(c.messages[0].text, first_text, "{file}");
        let noted = r.assumptions.iter().any(|a| {
            a.starts_with(&format!(
                "{}: {system} system records",
                r.input.as_ref().unwrap().path
            ))
        });
        assert_eq!(noted, system > 0, "{file}: {:?}", r.assumptions);
    }
    let r = read("discord/chatanalytics_GC_3A_5M.json");
    let c = &r.conversations[0];
    // A reply is a message; its line is its record's place (5 of 6).
    assert_eq!(c.messages[2].text, "woah nice :custom_emoji:");
    assert_eq!(c.messages[2].line, 5);
    assert_eq!(
        c.messages[2].time.unwrap().to_rfc3339(),
        "2023-01-18T20:12:12.123+00:00"
    );
    let r = read("discord/chatanalytics_SV_5A_5M.json");
    let c = &r.conversations[0];
    assert_eq!(
        c.messages[0].text, c.messages[1].text,
        "the repeated record is kept"
    );
    assert_eq!(
        c.messages[3].text,
        "This message has attachments and stickers."
    );
}

#[test]
fn messenger_reads_oldest_first_with_placeholders() {
    if !crate::util::shared_samples("json_samples::messenger_reads_oldest_first_with_placeholders")
    {
        return;
    }
    let r = read("messenger/chatanalytics_2A_7M.json");
    let c = &r.conversations[0];
    assert_eq!(
        (c.key.as_str(), c.title.as_str()),
        ("inbox/alice_aaaaaaaaaa", "Alice")
    );
    // The order of chat-analytics' expected parse: oldest first.
    assert_eq!(
        texts(c),
        [
            "<photo>",
            "<sticker>",
            "<audio>",
            "<file: blabla.docx>",
            "you what",
            "Whats up!",
            "Hello"
        ]
    );
    let lines: Vec<u64> = c.messages.iter().map(|m| m.line).collect();
    assert_eq!(
        lines,
        [7, 6, 5, 4, 3, 2, 1],
        "lines still point at the records"
    );
    assert_eq!(
        c.messages[0].time.unwrap().to_rfc3339(),
        "2014-11-05T00:27:20.411+00:00"
    );
    assert_eq!(c.messages[0].time_raw, "1415147240411");
}

/// The Messenger sample is plain ASCII: despite PROVENANCE.md, it holds no mojibake (nor
/// does its upstream original). The repair must leave its strings alone, and is shown on a
/// Facebook-style file written here.
#[test]
fn messenger_mojibake_is_repaired() {
    if !crate::util::shared_samples("json_samples::messenger_mojibake_is_repaired") {
        return;
    }
    let raw = std::fs::read_to_string(sample("messenger/chatanalytics_2A_7M.json")).unwrap();
    assert!(
        !raw.contains("\\u00"),
        "the sample gained escapes: assert on them here"
    );
    for s in ["Alice", "Bob", "Whats up!", "inbox/alice_aaaaaaaaaa"] {
        assert_eq!(ingest::messenger::repair(s), s);
    }

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("message_1.json");
    // Written the way Facebook writes it: each UTF-8 byte as a \u00XX escape.
    let body = r#"{
  "participants": [{"name": "Ren\u00c3\u00a9"}, {"name": "Sam"}],
  "messages": [
    {"sender_name": "Ren\u00c3\u00a9", "timestamp_ms": 1700000100000, "content": "I\u00e2\u0080\u0099m at the caf\u00c3\u00a9 \u00f0\u009f\u0098\u0080"},
    {"sender_name": "Sam", "timestamp_ms": 1700000000000, "content": "where are you?"}
  ],
  "title": "Ren\u00c3\u00a9",
  "thread_path": "inbox/rene_1"
}"#;
    std::fs::write(&path, body).unwrap();
    let r = read_file(&path, &IngestOptions::default());
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let c = &r.conversations[0];
    assert_eq!(c.title, "René");
    assert_eq!(authors(&r.conversations), ["Sam", "René"]);
    assert_eq!(c.messages[1].text, "I’m at the café 😀");
}

#[test]
fn instagram_matches_chat_miner_target() {
    if !crate::util::shared_samples("json_samples::instagram_matches_chat_miner_target") {
        return;
    }
    let r = read("instagram/chatminer_test_export.json");
    let c = &r.conversations[0];
    assert_eq!(c.key, "chatminer_test_export");
    // chat-miner keeps the file's newest-first order; we read oldest first.
    let mut target = chat_miner_target("instagram/chatminer_target.json");
    target.reverse();
    let got: Vec<(String, String, String)> = c
        .messages
        .iter()
        .zip(times(c))
        .map(|(m, t)| (t, m.author.clone(), m.text.clone()))
        .collect();
    assert_eq!(got, target);
}

#[test]
fn signal_matches_chat_miner_target() {
    if !crate::util::shared_samples("json_samples::signal_matches_chat_miner_target") {
        return;
    }
    let r = read("signal/chatminer_test_export.txt");
    let c = &r.conversations[0];
    assert_eq!(c.key, "chatminer_test_export");
    assert_eq!(texts(c), ["Hello John!", "Hello\nJane!"]);
    assert_eq!(c.messages[1].line, 2);
    assert_eq!(c.messages[1].time_raw, "2020-01-17, 21:49");
    // chat-miner lists newest first, reads the zone-less times as they stand, and joins
    // continuation lines with a space; we keep file order and the line break.
    let mut target = chat_miner_target("signal/chatminer_target.json");
    target.reverse();
    let got: Vec<(String, String, String)> = c
        .messages
        .iter()
        .zip(times(c))
        .map(|(m, t)| (t, m.author.clone(), m.text.replace('\n', " ")))
        .collect();
    assert_eq!(got, target);
    assert!(
        r.assumptions.iter().any(|a| a.contains("no time zone")),
        "{:?}",
        r.assumptions
    );
}

/// chat-miner's Signal and Instagram samples are the same two messages; Instagram's
/// `timestamp_ms` is UTC and Signal's clock reads one hour later, so Signal read at UTC+1
/// gives the same instants.
#[test]
fn signal_times_follow_the_configured_zone() {
    if !crate::util::shared_samples("json_samples::signal_times_follow_the_configured_zone") {
        return;
    }
    let opts = IngestOptions {
        timezone: groomscan::ingest::zone::Zone::Fixed(
            chrono::FixedOffset::east_opt(3600).unwrap(),
        ),
        input_format: None,
        date_order: None,
    };
    let signal = read_file(&sample("signal/chatminer_test_export.txt"), &opts);
    let instagram = read("instagram/chatminer_test_export.json");
    let instants = |r: &FileResult| -> Vec<_> {
        r.conversations[0]
            .messages
            .iter()
            .map(|m| m.time.unwrap())
            .collect()
    };
    assert_eq!(instants(&signal), instants(&instagram));
    assert!(signal.assumptions.iter().any(|a| a.contains("UTC+01:00")));
}

/// A file cut short anywhere (a truncated copy, an interrupted download) never panics a
/// reader or a detector: it reads, or it is an error that names the file.
#[test]
fn every_prefix_of_every_sample_reads_or_errs() {
    if !crate::util::shared_samples("json_samples::every_prefix_of_every_sample_reads_or_errs") {
        return;
    }
    for e in SAMPLES {
        let path = sample(e.file);
        let bytes = std::fs::read(&path).unwrap();
        let format = Format::from_name(e.format).unwrap();
        for cut in 0..bytes.len() {
            let s = Source {
                path: &path,
                display: e.file,
                bytes: &bytes[..cut],
            };
            for (_, looks_like) in checks() {
                looks_like(&s);
            }
            if let Err(err) = ingest::parse_as(format, &s, &IngestOptions::default()) {
                assert_eq!(err.path, e.file);
            }
        }
    }
}
