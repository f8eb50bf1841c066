//! Issue 13: every WhatsApp header variant in `tests/data/whatsapp/` (invented files, see
//! its README) is recognised and parses with the right messages, authors, times, deletions
//! and system lines; and an independent counter of message lines (a regex, not the
//! parser's scanner) agrees with the parser on those files and on every WhatsApp sample
//! under `../shared/samples`.

use crate::util::{root, sample};
use groomscan::ingest::whatsapp::DateOrder;
use groomscan::ingest::{FileResult, IngestOptions, read_file};
use regex::Regex;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

fn fixture(name: &str) -> PathBuf {
    root().join("tests/data/whatsapp").join(name)
}

fn read_with(path: &Path, date_order: Option<DateOrder>) -> FileResult {
    let opts = IngestOptions {
        date_order,
        ..IngestOptions::default()
    };
    read_file(path, &opts)
}

/// One fixture and what reading it must give.
struct Expect {
    file: &'static str,
    /// (author, UTC time RFC 3339, deleted) of every message, in order.
    messages: &'static [(&'static str, &'static str, bool)],
    system_lines: usize,
    /// An assumption that must be stated (besides the time zone), or "".
    assumption: &'static str,
}

const FIXTURES: &[Expect] = &[
    Expect {
        file: "android_long_forward_first.txt",
        messages: &[
            ("Sam", "2023-03-12T18:01:00Z", false),
            ("Alex", "2023-03-12T18:05:00Z", false),
            ("Sam", "2023-03-12T18:06:00Z", false),
            ("Alex", "2023-03-13T09:00:00Z", false),
        ],
        system_lines: 0,
        assumption: "",
    },
    Expect {
        file: "android_group_joins_first.txt",
        messages: &[
            ("Sam", "2023-04-05T11:00:00Z", false),
            ("Alex", "2023-04-05T11:02:00Z", false),
            ("Robin", "2023-04-25T11:04:00Z", false),
        ],
        // notice, created group, 40 joins, description change
        system_lines: 43,
        assumption: "",
    },
    Expect {
        file: "ios_old_no_brackets_12h.txt",
        messages: &[
            ("Sam", "2016-07-01T16:56:55Z", false),
            ("Alex", "2016-07-01T16:57:10Z", false),
            ("Sam", "2016-07-13T09:02:03Z", false),
        ],
        system_lines: 1,
        assumption: "",
    },
    Expect {
        file: "ios_old_no_brackets_24h.txt",
        messages: &[
            ("Sam", "2015-06-13T10:59:59Z", false),
            ("Alex", "2015-06-13T11:00:30Z", false),
            ("Sam", "2015-06-14T08:15:00Z", false),
        ],
        system_lines: 0,
        assumption: "",
    },
    Expect {
        file: "ios_time_first.txt",
        messages: &[
            ("Sam", "2022-03-18T14:56:01Z", false),
            ("Alex", "2022-03-18T14:57:30Z", false),
            ("Alex", "2022-03-19T09:05:00Z", true),
        ],
        system_lines: 1,
        assumption: "",
    },
    Expect {
        file: "arabic_rtl_marks.txt",
        messages: &[
            ("Sam", "2022-03-18T14:56:01Z", false),
            ("Alex", "2022-03-18T14:58:00Z", false),
            ("Alex", "2022-03-18T09:05:00Z", true),
            ("Sam", "2022-03-19T10:15:00Z", false),
        ],
        system_lines: 1,
        assumption: "",
    },
    Expect {
        file: "buddhist_era.txt",
        messages: &[
            ("Sam", "2022-03-18T14:56:01Z", false),
            ("Alex", "2022-03-18T14:58:00Z", false),
            ("Alex", "2022-03-19T09:05:00Z", false),
        ],
        system_lines: 0,
        assumption: "years are Buddhist era (BE); read as Gregorian year + 543",
    },
    Expect {
        file: "japanese_era.txt",
        messages: &[
            ("Sam", "2022-03-18T14:56:01Z", false),
            ("Alex", "2022-03-18T14:58:00Z", false),
            ("Alex", "2019-04-30T08:00:00Z", false),
        ],
        system_lines: 0,
        assumption: "years are Japanese era Reiwa (R); read with R1 = 2019",
    },
    Expect {
        file: "hindi_system_lines.txt",
        messages: &[
            ("Sam", "2021-01-12T21:01:00Z", false),
            ("Alex", "2021-01-13T21:02:00Z", false),
            ("Alex", "2021-01-13T21:03:00Z", false),
        ],
        system_lines: 3,
        assumption: "",
    },
    Expect {
        file: "deleted_placeholders.txt",
        messages: &[
            ("Sam", "2024-05-21T19:00:00Z", false),
            ("Sam", "2024-05-21T19:01:00Z", true),
            ("Alex", "2024-05-21T19:02:00Z", true),
            ("Sam", "2024-05-21T19:03:00Z", true),
            ("Alex", "2024-05-21T19:04:00Z", true),
            ("Sam", "2024-05-21T19:05:00Z", true),
            ("Alex", "2024-05-21T19:06:00Z", false),
        ],
        system_lines: 0,
        assumption: "",
    },
    Expect {
        file: "empty_authors.txt",
        messages: &[
            ("Sam", "2024-02-02T10:00:00Z", false),
            ("", "2024-02-02T10:01:00Z", false),
            ("", "2024-02-02T10:02:00Z", false),
            ("Sam", "2024-02-02T10:03:00Z", false),
        ],
        system_lines: 0,
        assumption: "date order is ambiguous",
    },
    Expect {
        file: "ambiguous_dates.txt",
        messages: &[
            ("Sam", "2023-02-01T10:00:00Z", false),
            ("Alex", "2023-04-03T11:00:00Z", false),
        ],
        system_lines: 0,
        assumption: "date order is ambiguous (all day and month fields are 12 or less); read as day/month/year",
    },
];

fn summary(r: &FileResult) -> Vec<(String, String, bool)> {
    r.conversations
        .iter()
        .flat_map(|c| &c.messages)
        .map(|m| {
            let t = m
                .time
                .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
                .unwrap_or_default();
            (m.author.clone(), t, m.deleted)
        })
        .collect()
}

#[test]
fn whatsapp_every_variant_fixture_is_covered() {
    let mut on_disk: Vec<String> = std::fs::read_dir(root().join("tests/data/whatsapp"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    on_disk.sort();
    let mut covered: Vec<String> = FIXTURES.iter().map(|f| f.file.to_string()).collect();
    covered.sort();
    assert_eq!(on_disk, covered);
}

#[test]
fn whatsapp_variants_parse_with_authors_times_deletions_and_system_lines() {
    for f in FIXTURES {
        let r = read_with(&fixture(f.file), None);
        assert_eq!(r.errors, [], "{}", f.file);
        let input = r.input.as_ref().unwrap();
        assert_eq!(input.format, "whatsapp", "{}", f.file);
        let want: Vec<(String, String, bool)> = f
            .messages
            .iter()
            .map(|&(a, t, d)| (a.to_string(), t.to_string(), d))
            .collect();
        assert_eq!(summary(&r), want, "{}", f.file);
        assert_eq!(input.messages, f.messages.len(), "{}", f.file);
        assert_eq!(r.system_lines, f.system_lines, "{}", f.file);
        if !f.assumption.is_empty() {
            assert!(
                r.assumptions.iter().any(|a| a.contains(f.assumption)),
                "{}: {:?}",
                f.file,
                r.assumptions
            );
        }
    }
}

#[test]
fn whatsapp_variant_texts_keep_every_line() {
    // The long forward keeps its 30 continuation lines; the placeholder text is as written.
    let r = read_with(&fixture("android_long_forward_first.txt"), None);
    let first = &r.conversations[0].messages[0];
    assert_eq!(first.text.lines().count(), 31);
    assert!(first.text.ends_with("item 30: something from the shop"));
    let r = read_with(&fixture("deleted_placeholders.txt"), None);
    let texts: Vec<&str> = r.conversations[0]
        .messages
        .iter()
        .map(|m| m.text.as_str())
        .collect();
    assert_eq!(texts[1], "This message was deleted");
    assert_eq!(texts[4], "Se eliminó este mensaje.");
    let r = read_with(&fixture("ios_old_no_brackets_12h.txt"), None);
    assert_eq!(
        r.conversations[0].messages[1].text,
        "ok, bring the ball\nand the pump"
    );
    assert_eq!(
        r.conversations[0].messages[0].time_raw,
        "7/1/16, 4:56:55 PM"
    );
    let r = read_with(&fixture("ios_time_first.txt"), None);
    assert_eq!(r.conversations[0].messages[0].time_raw, "14:56:01, 3/18/22");
}

#[test]
fn whatsapp_date_order_flag_overrides_inference() {
    let path = fixture("ambiguous_dates.txt");
    for (order, first, second) in [
        (
            DateOrder::Dmy,
            "2023-02-01T10:00:00Z",
            "2023-04-03T11:00:00Z",
        ),
        (
            DateOrder::Mdy,
            "2023-01-02T10:00:00Z",
            "2023-03-04T11:00:00Z",
        ),
        (
            DateOrder::Ymd,
            "2001-02-23T10:00:00Z",
            "2003-04-23T11:00:00Z",
        ),
    ] {
        let r = read_with(&path, Some(order));
        let times: Vec<String> = summary(&r).into_iter().map(|(_, t, _)| t).collect();
        assert_eq!(times, [first, second], "{order:?}");
        let given = format!("date order given (--date-order {})", order.name());
        assert!(
            r.assumptions.iter().any(|a| a.contains(&given)),
            "{:?}",
            r.assumptions
        );
        assert!(
            !r.assumptions
                .iter()
                .any(|a| a.contains("date order is ambiguous"))
        );
    }
    // A given order that the dates cannot have is reported per line, never guessed away.
    let r = read_with(
        &fixture("ios_old_no_brackets_24h.txt"),
        Some(DateOrder::Mdy),
    );
    let lines: Vec<Option<u64>> = r.errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, [Some(1), Some(2), Some(3)]);
    assert!(
        r.errors[0].message.contains("month/day/year"),
        "{:?}",
        r.errors[0]
    );
    assert_eq!(r.conversations[0].messages.len(), 3);
}

/// The independent counter: a timestamp (date and time in either order, any separator,
/// bidi marks anywhere in it) at the start of a line, then the Android, iOS or old-iOS end.
static STAMP: LazyLock<Regex> = LazyLock::new(|| {
    let m = "[\u{200E}\u{200F}\u{202A}-\u{202E}]*";
    let date = format!(
        r"(?:\d{{1,2}}|\d{{4}}|[RH]\d{{1,2}}){m}[./-] ?{m}\d{{1,2}}{m}[./-] ?{m}(?:\d{{1,4}}|[RH]\d{{1,2}})\.?(?: BE)?"
    );
    let time = r"(?:\S{1,4} ?)?\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:[ \u{A0}\u{202F}]?[^\s\]\d:,-][^\s\]:,-]*(?: m\.)?)?";
    Regex::new(&format!(
        r"^[\u{{200E}}\u{{200F}}\u{{FEFF}}]*(?:\[{m}(?:{date}{m}[,،]?[ \u{{A0}}]*(?:klo )?{time}|{time}, {date}){m}\] (.*)|{date}{m}[,،]?[ \u{{A0}}]*{time}(?: [-–] (.*)|: (.*)))$"
    ))
    .unwrap()
});

/// Counts of one file's lines by the independent counter.
#[derive(Debug, PartialEq, Eq)]
struct Counted {
    /// Lines that start with a timestamp.
    stamped: usize,
    /// Of those, lines whose rest is `Author: text`.
    with_author: usize,
    /// Of those, lines whose text opens with U+200E or an English encryption notice (iOS
    /// system lines look like this; so do iOS media placeholders).
    marked: usize,
}

fn count_lines(text: &str) -> Counted {
    let mut c = Counted {
        stamped: 0,
        with_author: 0,
        marked: 0,
    };
    for line in text.lines() {
        let Some(caps) = STAMP.captures(line) else {
            continue;
        };
        c.stamped += 1;
        let rest = (1..=3).find_map(|i| caps.get(i)).map_or("", |m| m.as_str());
        let rest = rest.trim_start_matches('\u{200E}');
        if let Some((author, text)) = rest
            .split_once(": ")
            .or(rest.strip_suffix(':').map(|a| (a, "")))
            && author.chars().count() <= 100
            && !author.contains("end-to-end")
        {
            c.with_author += 1;
            if text.starts_with('\u{200E}') || text.starts_with("Messages to this chat and calls") {
                c.marked += 1;
            }
        }
    }
    c
}

/// Every stamped line is a message or a system line (none lost), and the messages are the
/// author lines less at most the marked ones.
fn check_counts(path: &Path) -> (Counted, usize) {
    let text = std::fs::read_to_string(path).unwrap();
    let counted = count_lines(&text);
    let r = read_with(path, None);
    let messages: usize = r.conversations.iter().map(|c| c.messages.len()).sum();
    let what = path.display();
    assert_eq!(
        messages + r.system_lines,
        counted.stamped,
        "{what}: {counted:?}"
    );
    assert!(
        messages <= counted.with_author,
        "{what}: {messages} {counted:?}"
    );
    assert!(
        messages + counted.marked >= counted.with_author,
        "{what}: {messages} {counted:?}"
    );
    (counted, messages)
}

#[test]
fn whatsapp_independent_count_matches_on_fixtures() {
    for f in FIXTURES {
        let (counted, messages) = check_counts(&fixture(f.file));
        assert_eq!(messages, f.messages.len(), "{}", f.file);
        assert!(counted.stamped > 0, "{}", f.file);
    }
}

#[test]
fn whatsapp_independent_count_matches_on_shared_samples() {
    if !crate::util::shared_samples(
        "whatsapp_variants::whatsapp_independent_count_matches_on_shared_samples",
    ) {
        return;
    }
    let dir = sample("whatsapp");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    names.sort();
    assert_eq!(names.len(), 12, "{names:?}");
    for path in names {
        let (counted, messages) = check_counts(&path);
        // No sample has an iOS system line (its marked lines are `\u{200E}X.vcf` contact
        // cards, which are messages): every author line is a message.
        assert_eq!(messages, counted.with_author, "{}", path.display());
    }
}

#[test]
fn whatsapp_independent_counter_can_say_no() {
    for (text, stamped, with_author) in [
        ("see you at 5\n", 0, 0),
        ("12/31/20, 11:59 PM - Sam: hi\nnext line\n", 1, 1),
        ("12/31/20, 11:59 PM - Sam left\n", 1, 0),
        ("[14:56:01, 3/18/22] Sam: hi\n", 1, 1),
        ("date,author,text\n", 0, 0),
    ] {
        let c = count_lines(text);
        assert_eq!(
            (c.stamped, c.with_author),
            (stamped, with_author),
            "{text:?}"
        );
    }
}

#[test]
fn whatsapp_deleted_messages_are_secrecy_evidence_marked_in_json() {
    let path = fixture("deleted_placeholders.txt");
    let (doc, code) = crate::util::scan_json(&[path.to_str().unwrap()]);
    assert_eq!(code, 0, "{}", doc["errors"]);
    let conv = &doc["conversations"][0];
    assert_eq!(conv["messages"], 7);
    let secrecy = conv["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["category"] == "secrecy")
        .expect("deletions are secrecy evidence");
    let evidence: Vec<(u64, &str, bool)> = secrecy["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["message"].as_u64().unwrap(),
                e["entry"].as_str().unwrap(),
                e["deleted"].as_bool().unwrap_or(false),
            )
        })
        .collect();
    let want: Vec<(u64, &str, bool)> = (2..=6)
        .map(|m| (m, "secrecy.deleted_message", true))
        .collect();
    assert_eq!(evidence, want);
    // `deleted` is written only when true.
    let text = doc.to_string();
    assert_eq!(text.matches("\"deleted\"").count(), 5, "{text}");
    assert!(!text.contains("\"deleted\":false"));
}

#[test]
fn whatsapp_date_order_flag_on_the_command_line() {
    let path = fixture("ambiguous_dates.txt");
    let path = path.to_str().unwrap();
    let (doc, code) = crate::util::scan_json(&[path, "--date-order", "mdy"]);
    assert_eq!(code, 0, "{}", doc["errors"]);
    let assumptions: Vec<String> = doc["assumptions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap().to_string())
        .collect();
    assert!(
        assumptions
            .iter()
            .any(|a| a.ends_with("date order given (--date-order mdy); read as month/day/year")),
        "{assumptions:?}"
    );
    let out = crate::util::groomscan(&["scan", path, "--date-order", "dym"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("one of: dmy, mdy, ymd"));
    for command in ["index", "eval", "train"] {
        let out = crate::util::groomscan(&[command, "--help"]);
        let help = String::from_utf8_lossy(&out.stdout);
        assert!(help.contains("--date-order"), "{command}: {help}");
    }
}
