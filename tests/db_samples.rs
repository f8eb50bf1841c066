//! SMS Backup & Restore XML, Android mmssms.db and iOS sms.db samples
//! (`../shared/samples/{sms-backup-xml,android-mmssms,ios-sms}/`, see PROVENANCE.md) read
//! with the counts worked out independently, and the database reader leaves the evidence
//! folder exactly as it found it.
//!
//! How the expected numbers were counted (never on the samples themselves: databases on
//! copies in /tmp, since even python's sqlite3 would create files beside a WAL database):
//!
//! - XML: python's `xml.etree.ElementTree` over the `<sms>`/`<mms>` children of the root,
//!   grouped by the sorted `~`-separated `address`; the author is `Me` for `type`/`msg_box`
//!   2, the MMS `137` address when it is not the thread's address, else `contact_name`
//!   unless "(Unknown)", else the address; authors listed in `date` order.
//!   `sms_and_mms.xml` is cut off upstream inside its last `<mms>` (line 133; ElementTree:
//!   "no element found: line 136"), so only records that close were counted, with
//!   `re.findall(r'<sms [^>]*/>|<mms .*?</mms>', data, re.S)`.
//! - Android: `SELECT count(*), count(DISTINCT thread_id) FROM sms` -> 32, 6; per thread
//!   `SELECT type, address FROM sms WHERE thread_id = ? ORDER BY date, _id`, author `Me`
//!   for type 2..=6 else `address`. (`pdu` is empty: no MMS.)
//! - iOS: `SELECT count(*), count(DISTINCT chat_id) FROM chat_message_join` -> 105, 7
//!   (every message is in exactly one chat, no chat identifier repeats, no `item_type`
//!   other than 0, no NULL `text`); per chat `SELECT m.is_from_me, h.id FROM message m JOIN
//!   chat_message_join j ON j.message_id = m.ROWID LEFT JOIN handle h ON h.ROWID =
//!   m.handle_id WHERE j.chat_id = ? ORDER BY m.date, m.ROWID`, author `Me` when
//!   `is_from_me` else `h.id`.

use crate::util::sample;
use groomscan::hash::sha256_hex;
use groomscan::ingest::{IngestOptions, read_file};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One conversation: key, message count, authors in order of first appearance.
type Conv = (&'static str, usize, &'static [&'static str]);

struct Expect {
    file: &'static str,
    format: &'static str,
    conversations: &'static [Conv],
    /// Errors as (line, words the message must contain).
    errors: &'static [(u64, &'static str)],
}

const A_ME: &[&str] = &["Contact A", "Me"];
const B_ME: &[&str] = &["Contact B", "Me"];
const C_ME: &[&str] = &["Contact C", "Me"];

const SAMPLES: &[Expect] = &[
    // The attachment data is corrupt base64, but attachments are never decoded: each MMS
    // is its text plus a placeholder (`<image/png>`, `<application/x-corrupt>`), and
    // there is nothing to report.
    Expect {
        file: "sms-backup-xml/corrupt_attachments.xml",
        format: "sms-xml",
        conversations: &[("+15550000004", 2, &["Contact D"])],
        errors: &[],
    },
    // An empty backup: no conversations and no error; the file is still an input.
    Expect {
        file: "sms-backup-xml/empty.xml",
        format: "sms-xml",
        conversations: &[],
        errors: &[],
    },
    Expect {
        file: "sms-backup-xml/sample_mms.xml",
        format: "sms-xml",
        conversations: &[("+15550000003", 4, &["Contact C"])],
        errors: &[],
    },
    Expect {
        file: "sms-backup-xml/sample_small.xml",
        format: "sms-xml",
        conversations: &[("+15550000001", 4, A_ME), ("+15550000002", 3, B_ME)],
        errors: &[],
    },
    // 41 SMS and 8 complete MMS; the 9th MMS (line 133) is cut off by the end of file.
    Expect {
        file: "sms-backup-xml/sms_and_mms.xml",
        format: "sms-xml",
        conversations: &[
            ("+15550000001", 29, A_ME),
            ("+15550000003", 2, &["Contact B"]),
            ("+15550000004", 8, C_ME),
            ("+15550000005", 2, &["Me"]),
            ("+15550000006", 3, &["Contact D", "Me"]),
            (
                "group_8@rcs.google.com",
                3,
                &["+15550000009", "Me", "+15550000010"],
            ),
            ("+15550000011", 2, &["+15550000011"]),
        ],
        errors: &[(133, "truncated")],
    },
    Expect {
        file: "sms-backup-xml/sms_small.xml",
        format: "sms-xml",
        conversations: &[
            ("+15550000001", 4, A_ME),
            ("+15550000003", 1, &["Contact B"]),
            ("+15550000004", 7, C_ME),
        ],
        errors: &[],
    },
    Expect {
        file: "android-mmssms/dfrws2021_mmssms.db",
        format: "android-sms",
        conversations: &[
            ("thread:1", 1, &["CoopMobile"]),
            ("thread:2", 27, &["Me", "+41786909109"]),
            ("thread:3", 1, &["SIGNAL"]),
            ("thread:4", 1, &["SAUTH"]),
            ("thread:5", 1, &["506"]),
            ("thread:6", 1, &["Me"]),
        ],
        errors: &[],
    },
    Expect {
        file: "ios-sms/magnetctf2020_sms.db",
        format: "ios-sms",
        conversations: &[
            ("chat:22000", 3, &["22000"]),
            ("chat:+12092664939", 1, &["+12092664939"]),
            ("chat:40404", 2, &["40404"]),
            ("chat:+15183808956", 45, &["Me", "+15183808956"]),
            ("chat:+17744371821", 4, &["+17744371821", "Me"]),
            ("chat:+18028293349", 49, &["Me", "+18028293349"]),
            ("chat:+17542276288", 1, &["+17542276288"]),
        ],
        errors: &[],
    },
];

const FOLDERS: &[&str] = &["sms-backup-xml", "android-mmssms", "ios-sms"];

#[test]
fn every_sample_file_is_expected() {
    if !crate::util::shared_samples("db_samples::every_sample_file_is_expected") {
        return;
    }
    let mut found = Vec::new();
    for folder in FOLDERS {
        for entry in std::fs::read_dir(sample(folder)).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            found.push(format!("{folder}/{name}"));
        }
    }
    found.sort();
    let mut listed: Vec<String> = SAMPLES.iter().map(|e| e.file.to_string()).collect();
    listed.sort();
    assert_eq!(found, listed, "add new sample files to SAMPLES");
}

#[test]
fn samples_read_with_expected_counts() {
    if !crate::util::shared_samples("db_samples::samples_read_with_expected_counts") {
        return;
    }
    for e in SAMPLES {
        let r = read_file(&sample(e.file), &IngestOptions::default());
        let input = r.input.as_ref().expect(e.file);
        assert_eq!(input.format, e.format, "{}", e.file);
        let errors: Vec<(Option<u64>, &str)> = r
            .errors
            .iter()
            .map(|x| (x.line, x.message.as_str()))
            .collect();
        assert_eq!(errors.len(), e.errors.len(), "{}: {errors:?}", e.file);
        for ((line, message), (want_line, words)) in errors.iter().zip(e.errors) {
            assert_eq!(*line, Some(*want_line), "{}: {message}", e.file);
            assert!(message.contains(words), "{}: {message}", e.file);
        }
        let got: Vec<(String, usize, Vec<String>)> = r
            .conversations
            .iter()
            .map(|c| {
                let authors = c.authors().iter().map(|a| a.to_string()).collect();
                (c.key.clone(), c.messages.len(), authors)
            })
            .collect();
        let want: Vec<(String, usize, Vec<String>)> = e
            .conversations
            .iter()
            .map(|(k, n, a)| (k.to_string(), *n, a.iter().map(|s| s.to_string()).collect()))
            .collect();
        assert_eq!(got, want, "{}", e.file);
        assert_eq!(input.conversations, want.len(), "{}", e.file);
        let total: usize = want.iter().map(|w| w.1).sum();
        assert_eq!(input.messages, total, "{}", e.file);
        for c in &r.conversations {
            assert_eq!(c.format.name(), e.format, "{}", e.file);
            assert!(!c.title.is_empty(), "{}: {}", e.file, c.key);
        }
    }
}

#[test]
fn sample_details() {
    if !crate::util::shared_samples("db_samples::sample_details") {
        return;
    }
    let r = read_file(
        &sample("sms-backup-xml/sms_small.xml"),
        &IngestOptions::default(),
    );
    let c = &r.conversations[2];
    assert_eq!(c.title, "Contact C");
    let m = &c.messages[4];
    assert_eq!(m.text, "Body text 10\nBody text 11\nBody text 12");
    assert_eq!((m.author.as_str(), m.line), ("Me", 13));
    assert_eq!(
        m.time.unwrap().to_rfc3339(),
        "2017-12-02T18:10:21.991+00:00"
    );

    let r = read_file(
        &sample("sms-backup-xml/sample_mms.xml"),
        &IngestOptions::default(),
    );
    let texts: Vec<&str> = r.conversations[0]
        .messages
        .iter()
        .map(|m| m.text.as_str())
        .collect();
    assert_eq!(texts[0], "<image/png>\nHere is an image attachment");
    assert_eq!(texts[3], "<application/pdf>\nHere is a PDF attachment");

    let r = read_file(
        &sample("android-mmssms/dfrws2021_mmssms.db"),
        &IngestOptions::default(),
    );
    let m = &r.conversations[0].messages[0];
    assert_eq!(m.line, 1, "line is the sms._id");
    assert_eq!(m.time_raw, "1617873247692");
    assert_eq!(
        m.time.unwrap().to_rfc3339(),
        "2021-04-08T09:14:07.692+00:00"
    );
    assert_eq!(r.conversations[1].title, "+41786909109");

    let r = read_file(
        &sample("ios-sms/magnetctf2020_sms.db"),
        &IngestOptions::default(),
    );
    // ROWID 12, date 599079037641931008 ns after 2001-01-01.
    let m = &r.conversations[0].messages[0];
    assert_eq!((m.line, m.author.as_str()), (12, "22000"));
    assert_eq!(
        m.time.unwrap().to_rfc3339(),
        "2019-12-26T18:50:37.641931008+00:00"
    );
    // ROWID 34: two attachments (image/heic, image/jpeg), text "\u{FFFC}\u{FFFC}".
    let m = r
        .conversations
        .iter()
        .flat_map(|c| &c.messages)
        .find(|m| m.line == 34)
        .unwrap();
    assert_eq!(
        (m.author.as_str(), m.text.as_str()),
        ("Me", "<image/heic><image/jpeg>")
    );
}

/// The typedstream decoder agrees with `message.text` on every row of the iOS sample
/// (read from a copy, never the sample itself).
#[test]
fn attributed_body_matches_text_on_the_ios_sample() {
    if !crate::util::shared_samples("db_samples::attributed_body_matches_text_on_the_ios_sample") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("sms.db");
    std::fs::copy(sample("ios-sms/magnetctf2020_sms.db"), &copy).unwrap();
    let conn = rusqlite::Connection::open(&copy).unwrap();
    let mut stmt = conn
        .prepare("SELECT ROWID, text, attributedBody FROM message")
        .unwrap();
    let rows: Vec<(i64, String, Vec<u8>)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(rows.len(), 105);
    for (id, text, blob) in rows {
        assert_eq!(
            groomscan::ingest::phone_db::attributed_body_text(&blob).as_deref(),
            Some(text.as_str()),
            "ROWID {id}"
        );
    }
}

/// Every file in `dir` with its bytes, sorted by name.
fn snapshot(dir: &Path) -> BTreeMap<String, (u64, String)> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let bytes = std::fs::read(e.path()).unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                (bytes.len() as u64, sha256_hex(&bytes)),
            )
        })
        .collect()
}

fn evidence_folder(files: &[(&str, PathBuf)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, from) in files {
        std::fs::copy(from, dir.path().join(name)).unwrap();
    }
    dir
}

/// Reading a WAL-mode database (both samples are `journal_mode=wal`) must not create a
/// `-shm`, `-wal` or `-journal` beside it, nor change a byte of it.
#[test]
fn reading_a_database_leaves_the_evidence_folder_unchanged() {
    if !crate::util::shared_samples(
        "db_samples::reading_a_database_leaves_the_evidence_folder_unchanged",
    ) {
        return;
    }
    for (name, file, conversations) in [
        ("mmssms.db", "android-mmssms/dfrws2021_mmssms.db", 6),
        ("sms.db", "ios-sms/magnetctf2020_sms.db", 7),
    ] {
        let dir = evidence_folder(&[(name, sample(file))]);
        let before = snapshot(dir.path());
        assert_eq!(before.len(), 1);
        let r = read_file(&dir.path().join(name), &IngestOptions::default());
        assert!(r.errors.is_empty(), "{:?}", r.errors);
        assert_eq!(r.conversations.len(), conversations);
        assert_eq!(snapshot(dir.path()), before, "{name}");
        assert!(
            r.assumptions.iter().all(|a| !a.contains("-wal")),
            "no WAL was there to read: {:?}",
            r.assumptions
        );
    }
}

/// A `-wal` beside the database is read (and named with its hash in the assumptions),
/// never written: here a WAL that is not valid, which SQLite ignores, so the rows are those
/// of the database alone.
#[test]
fn a_wal_sibling_is_read_not_written() {
    if !crate::util::shared_samples("db_samples::a_wal_sibling_is_read_not_written") {
        return;
    }
    let dir = evidence_folder(&[("mmssms.db", sample("android-mmssms/dfrws2021_mmssms.db"))]);
    std::fs::write(
        dir.path().join("mmssms.db-wal"),
        b"not a real write-ahead log",
    )
    .unwrap();
    let before = snapshot(dir.path());
    let r = read_file(&dir.path().join("mmssms.db"), &IngestOptions::default());
    assert_eq!(snapshot(dir.path()), before);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let messages: usize = r.conversations.iter().map(|c| c.messages.len()).sum();
    assert_eq!(messages, 32);
    let wal_sha = sha256_hex(b"not a real write-ahead log");
    assert!(
        r.assumptions
            .iter()
            .any(|a| a.contains("mmssms.db-wal") && a.contains(&wal_sha)),
        "{:?}",
        r.assumptions
    );
}
