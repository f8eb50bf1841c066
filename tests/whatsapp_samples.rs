//! WhatsApp sample exports (`../shared/samples/whatsapp/`, see its PROVENANCE.md) parse
//! with the counts their own projects expect: chat-analytics file names carry authors and
//! messages, chat-miner's `chatminer_target.json` is that parser's expected output for its
//! five test files, and the whats_json Android files were counted by hand (see below).

use crate::util::sample;
use groomscan::ingest::{FileResult, IngestOptions, read_file};
use groomscan::model::Format;
use std::collections::BTreeSet;

fn read(name: &str) -> FileResult {
    read_file(
        &sample(&format!("whatsapp/{name}")),
        &IngestOptions::default(),
    )
}

/// One sample file and what reading it must give.
struct Expect {
    file: &'static str,
    /// `inputs[].format` of the file itself (a zip is "zip", its member "whatsapp").
    format: &'static str,
    messages: usize,
    authors: &'static [&'static str],
    /// The date order cannot be inferred from the file (every day and month is 12 or less).
    ambiguous_dates: bool,
    /// Of `messages`, how many are deletion placeholders (kept, marked deleted; issue 13).
    deleted: usize,
}

const CHAT_MINER_AUTHORS: &[&str] = &[
    "John Doe",
    "Jahn Doe",
    "John-John Doe",
    "John Doe \u{1F913}",
    "\u{1F913}",
];

const SAMPLES: &[Expect] = &[
    // chat-analytics: the name says 2 authors, 5 messages. "1/1/21" fixes no date order.
    Expect {
        file: "chatanalytics_2A_5M.txt",
        format: "whatsapp",
        messages: 5,
        authors: &["A", "B"],
        ambiguous_dates: true,
        deleted: 0,
    },
    // chat-analytics: the name says 4 authors, but its own expected parse
    // (tests/samples/whatsapp/4A_11M.txt.ts) lists five: Alice, Bob, Eve, Mallory, Trent.
    // Three system lines (encryption notice, "created group", "added you") are dropped.
    Expect {
        file: "chatanalytics_4A_11M.txt",
        format: "whatsapp",
        messages: 11,
        authors: &["Alice", "Bob", "Eve", "Mallory", "Trent"],
        ambiguous_dates: true,
        deleted: 0,
    },
    // The same chat as `_chat.txt` inside a zip (with CRLF line ends).
    Expect {
        file: "chatanalytics_4A_11M.zip",
        format: "zip",
        messages: 11,
        authors: &["Alice", "Bob", "Eve", "Mallory", "Trent"],
        ambiguous_dates: true,
        deleted: 0,
    },
    // chat-miner: six messages in chatminer_target.json; "John Doe:." (no ": "), the
    // "created group" and "You were added" lines are not messages.
    Expect {
        file: "chatminer_test_ddmmyy_24hrs.txt",
        format: "whatsapp",
        messages: 6,
        authors: CHAT_MINER_AUTHORS,
        ambiguous_dates: false,
        deleted: 0,
    },
    Expect {
        file: "chatminer_test_mmddyy_24hrs.txt",
        format: "whatsapp",
        messages: 6,
        authors: CHAT_MINER_AUTHORS,
        ambiguous_dates: false,
        deleted: 0,
    },
    Expect {
        file: "chatminer_test_mmddyy_bracketed_24hrs.txt",
        format: "whatsapp",
        messages: 6,
        authors: CHAT_MINER_AUTHORS,
        ambiguous_dates: false,
        deleted: 0,
    },
    Expect {
        file: "chatminer_test_mmddyyyy_12hrs.txt",
        format: "whatsapp",
        messages: 6,
        authors: CHAT_MINER_AUTHORS,
        ambiguous_dates: false,
        deleted: 0,
    },
    Expect {
        file: "chatminer_test_yyyymmdd_24hrs.txt",
        format: "whatsapp",
        messages: 6,
        authors: CHAT_MINER_AUTHORS,
        ambiguous_dates: false,
        deleted: 0,
    },
    // whats_json Android exports, counted by hand: the en, cz and ru files are the same chat
    // in three locales. 62 non-empty lines: 60 start with a timestamp, 2 continue the
    // three-line "Pimlico Gardens" message. Of the 60, 1 is the encryption notice (no
    // author) and 59 have "Author: ": 59 messages. 8 of those are deletion placeholders
    // (6x "This message was deleted" by Dmitry S, 2x "You deleted this message" by Elon,
    // and their cz/ru translations), kept and marked deleted (issue 13); the other 51: 45
    // by Dmitry S, 6 by Elon. Media placeholders ("<Media omitted>", "<Média vynechány>",
    // "<Без медиафайлов>", "... (file attached)") and "Missed voice call" lines count as
    // messages.
    Expect {
        file: "whatsjson_android_en.txt",
        format: "whatsapp",
        messages: 59,
        authors: &["Dmitry S", "Elon"],
        ambiguous_dates: false,
        deleted: 8,
    },
    Expect {
        file: "whatsjson_android_cz.txt",
        format: "whatsapp",
        messages: 59,
        authors: &["Dmitry S", "Elon"],
        ambiguous_dates: false,
        deleted: 8,
    },
    Expect {
        file: "whatsjson_android_ru.txt",
        format: "whatsapp",
        messages: 59,
        authors: &["Dmitry S", "Elon"],
        ambiguous_dates: false,
        deleted: 8,
    },
    // Same 60 timestamped lines as the en file; the 13 extra lines are captions under media
    // placeholders, which join the message before them (still 59 messages).
    Expect {
        file: "whatsjson_android_en_media.txt",
        format: "whatsapp",
        messages: 59,
        authors: &["Dmitry S", "Elon"],
        ambiguous_dates: false,
        deleted: 8,
    },
    // 20 timestamped lines: 16 system lines (encryption notice, group created, settings,
    // subject, timer, joins and removals; none has "Author: "), 4 by Dmitry S of which one
    // is "This message was deleted" (kept, marked): 4 messages. Every date is 11/01/2023:
    // order ambiguous.
    Expect {
        file: "whatsjson_android_group.txt",
        format: "whatsapp",
        messages: 4,
        authors: &["Dmitry S"],
        ambiguous_dates: true,
        deleted: 1,
    },
];

#[test]
fn whatsapp_every_sample_file_is_covered() {
    if !crate::util::shared_samples("whatsapp_samples::whatsapp_every_sample_file_is_covered") {
        return;
    }
    let dir = sample("whatsapp");
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt") || n.ends_with(".zip"))
        .collect();
    on_disk.sort();
    let mut covered: Vec<String> = SAMPLES.iter().map(|s| s.file.to_string()).collect();
    covered.sort();
    assert_eq!(on_disk, covered);
}

#[test]
fn whatsapp_samples_counts_authors_and_format() {
    if !crate::util::shared_samples("whatsapp_samples::whatsapp_samples_counts_authors_and_format")
    {
        return;
    }
    for s in SAMPLES {
        let r = read(s.file);
        assert_eq!(r.errors, [], "{}", s.file);
        let input = r.input.as_ref().unwrap();
        assert_eq!(input.format, s.format, "{}", s.file);
        assert_eq!(input.conversations, 1, "{}", s.file);
        assert_eq!(input.messages, s.messages, "{}", s.file);
        let conv = &r.conversations[0];
        assert_eq!(conv.format, Format::Whatsapp, "{}", s.file);
        assert_eq!(conv.messages.len(), s.messages, "{}", s.file);
        let deleted = conv.messages.iter().filter(|m| m.deleted).count();
        assert_eq!(deleted, s.deleted, "{}", s.file);
        // Every timestamped line is a message or a system line.
        let stamped = match s.file {
            "chatanalytics_2A_5M.txt" => 5,
            "chatanalytics_4A_11M.txt" | "chatanalytics_4A_11M.zip" => 14,
            "whatsjson_android_group.txt" => 20,
            f if f.starts_with("whatsjson") => 60,
            // 6 messages, "created group", "You were added", "John Doe:."
            _ => 9,
        };
        assert_eq!(s.messages + r.system_lines, stamped, "{}", s.file);
        let authors: BTreeSet<&str> = conv.authors().into_iter().collect();
        let want: BTreeSet<&str> = s.authors.iter().copied().collect();
        assert_eq!(authors, want, "{}", s.file);
        let ambiguous = r
            .assumptions
            .iter()
            .any(|a| a.contains("date order is ambiguous"));
        assert_eq!(
            ambiguous, s.ambiguous_dates,
            "{}: {:?}",
            s.file, r.assumptions
        );
        assert!(
            r.assumptions
                .iter()
                .any(|a| a.ends_with("timestamps carry no time zone; read as UTC+00:00")),
            "{}: {:?}",
            s.file,
            r.assumptions
        );
        for m in &conv.messages {
            assert!(m.time.is_some(), "{}:{}", s.file, m.line);
            assert!(!m.time_raw.is_empty(), "{}:{}", s.file, m.line);
        }
    }
}

/// chat-miner's expected parse: newest first, naive timestamps, continuation lines joined
/// with a space (we keep `\n`).
#[test]
fn whatsapp_chatminer_files_match_chatminer_target() {
    if !crate::util::shared_samples(
        "whatsapp_samples::whatsapp_chatminer_files_match_chatminer_target",
    ) {
        return;
    }
    let target: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(sample("whatsapp/chatminer_target.json")).unwrap(),
    )
    .unwrap();
    let mut want: Vec<(String, String, String)> = target
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            let field = |k: &str| m[k].as_str().unwrap().to_string();
            (field("timestamp"), field("author"), field("message"))
        })
        .collect();
    want.reverse();
    for file in [
        "chatminer_test_ddmmyy_24hrs.txt",
        "chatminer_test_mmddyy_24hrs.txt",
        "chatminer_test_mmddyy_bracketed_24hrs.txt",
        "chatminer_test_mmddyyyy_12hrs.txt",
        "chatminer_test_yyyymmdd_24hrs.txt",
    ] {
        let r = read(file);
        let got: Vec<(String, String, String)> = r.conversations[0]
            .messages
            .iter()
            .map(|m| {
                let t = m
                    .time
                    .unwrap()
                    .naive_utc()
                    .format("%Y-%m-%dT%H:%M:%S")
                    .to_string();
                (t, m.author.clone(), m.text.replace('\n', " "))
            })
            .collect();
        assert_eq!(got, want, "{file}");
        // The multi-line message keeps its line break, and starts on line 3.
        let m = &r.conversations[0].messages[1];
        assert_eq!(
            m.text, "Lorem ipsum dolor sit amet,\nconsectetur adipiscing elit. Duis libero.",
            "{file}"
        );
        assert_eq!(m.line, 3, "{file}");
    }
}

#[test]
fn whatsapp_sample_timestamps() {
    if !crate::util::shared_samples("whatsapp_samples::whatsapp_sample_timestamps") {
        return;
    }
    // (file, message index, time_raw as written, UTC with the default zone)
    let table = [
        (
            "chatminer_test_mmddyyyy_12hrs.txt",
            5,
            "12/30/2021, 10:01 p. m.",
            "2021-12-30T22:01:00+00:00",
        ),
        (
            "chatminer_test_mmddyyyy_12hrs.txt",
            1,
            "01/30/2019, 08:49 p. m.",
            "2019-01-30T20:49:00+00:00",
        ),
        (
            "chatminer_test_mmddyy_bracketed_24hrs.txt",
            0,
            "01/01/19 11:25",
            "2019-01-01T11:25:00+00:00",
        ),
        (
            "chatminer_test_yyyymmdd_24hrs.txt",
            4,
            "2021/12/20, 12:10",
            "2021-12-20T12:10:00+00:00",
        ),
        (
            "whatsjson_android_cz.txt",
            0,
            "18.03.22 14:56",
            "2022-03-18T14:56:00+00:00",
        ),
        // The last message (index 58: the 8 deletion placeholders before it are kept).
        (
            "whatsjson_android_ru.txt",
            58,
            "07.01.2023, 23:32",
            "2023-01-07T23:32:00+00:00",
        ),
        // chat-analytics reads 12/9/20 as 12 September 2020, as we do (day first when ambiguous).
        (
            "chatanalytics_4A_11M.txt",
            0,
            "12/9/20, 23:55",
            "2020-09-12T23:55:00+00:00",
        ),
    ];
    for (file, index, raw, utc) in table {
        let r = read(file);
        let m = &r.conversations[0].messages[index];
        assert_eq!(m.time_raw, raw, "{file}");
        assert_eq!(m.time.unwrap().to_rfc3339(), utc, "{file}");
    }
}

#[test]
fn whatsapp_sample_details() {
    if !crate::util::shared_samples("whatsapp_samples::whatsapp_sample_details") {
        return;
    }
    // Media placeholders are kept as written; captions join with "\n"; U+200E is taken off.
    let r = read("whatsjson_android_en_media.txt");
    let texts: Vec<&str> = r.conversations[0]
        .messages
        .iter()
        .map(|m| m.text.as_str())
        .collect();
    assert_eq!(texts[2], "<Media omitted>\nCaption");
    let r = read("whatsjson_android_cz.txt");
    let m = r.conversations[0]
        .messages
        .iter()
        .find(|m| m.text.starts_with("Alex.vcf"))
        .unwrap();
    assert_eq!(m.text, "Alex.vcf (soubor byl přiložen)");
    let pimlico = r.conversations[0]
        .messages
        .iter()
        .find(|m| m.text.starts_with("Pimlico"))
        .unwrap();
    assert_eq!(pimlico.text.lines().count(), 3);

    // The zip member is named inside the archive and carries the archive's format.
    let r = read("chatanalytics_4A_11M.zip");
    assert!(
        r.conversations[0]
            .source
            .ends_with("chatanalytics_4A_11M.zip!/_chat.txt"),
        "{}",
        r.conversations[0].source
    );
    let plain = read("chatanalytics_4A_11M.txt");
    let texts = |r: &FileResult| {
        r.conversations[0]
            .messages
            .iter()
            .map(|m| m.text.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(texts(&r), texts(&plain));
}
