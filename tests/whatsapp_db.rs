//! WhatsApp's own databases: the real samples from test phones
//! (`../shared/device-samples/whatsapp-db/`) read with counts worked out independently,
//! and a phone-extraction folder built from the fixtures in `tests/data/whatsapp-db`
//! (with an SMS database, a text export and an encrypted backup) scanned in one command
//! by the real binary, leaving the folder as it found it.
//!
//! How the expected sample numbers were counted (sqlite3 on `immutable=1` URIs, never
//! through this reader):
//! - Dexter (2021+ schema): `SELECT j.raw_string, count(*) FROM message m JOIN chat c ON
//!   c._id = m.chat_row_id JOIN jid j ON j._id = c.jid_row_id GROUP BY c._id` gives 8
//!   chats and 61 rows (the 62nd row is WhatsApp's placeholder, chat -1); no row has
//!   `message_type` 7 and `message_system` is empty. Authors: `from_me`, else
//!   `sender_jid_row_id` when not 0, else the chat's jid.
//! - IPED (mid-migration, legacy `messages` in use): `SELECT key_remote_jid, count(*) FROM
//!   messages WHERE status <> 6 AND key_remote_jid <> '-1' GROUP BY 1` gives 1 chat with
//!   4 messages (3 sent, 1 received); the other 70 rows are system rows (status 6) in 28
//!   chats, plus the placeholder row.
//! - iLEAPP iOS 15: `SELECT s.ZCONTACTJID, count(*) FROM ZWAMESSAGE m JOIN ZWACHATSESSION
//!   s ON s.Z_PK = m.ZCHATSESSION WHERE m.ZMESSAGETYPE NOT IN (6, 10) GROUP BY 1` gives 1
//!   chat with 21 messages, both directions; the other 11 rows are group events (6) and
//!   notices (10), 4 of the 5 sessions holding nothing else.

use crate::util::{device_sample, groomscan, scan_json, scratch, shared_device_samples, tree};
use groomscan::ingest::{IngestOptions, read_file};
use std::path::Path;

fn fixture(name: &str) -> String {
    std::fs::read_to_string(
        crate::util::root()
            .join("tests/data/whatsapp-db")
            .join(name),
    )
    .unwrap()
}

fn build(path: &Path, sql: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    rusqlite::Connection::open(path)
        .unwrap()
        .execute_batch(sql)
        .unwrap();
}

/// (sample file, contacts file copied beside it as, format, conversations as (key,
/// messages, distinct authors), system rows)
type Sample = (
    &'static str,
    Option<&'static str>,
    &'static str,
    &'static [(&'static str, usize, usize)],
    usize,
);

const SAMPLES: &[Sample] = &[
    (
        "dexter_msgstore_anonymised.db",
        Some("dexter_wa_anonymised.db"),
        "whatsapp-android-db",
        &[
            ("chat:635455887180-1511037660@g.us", 4, 4),
            ("chat:635455887180@s.whatsapp.net", 5, 1),
            ("chat:728678956227@s.whatsapp.net", 16, 2),
            ("chat:773794719482@s.whatsapp.net", 2, 1),
            ("chat:849273263436-1542636651@g.us", 7, 2),
            ("chat:899167416177-1533072403@g.us", 15, 5),
            ("chat:972071704671@s.whatsapp.net", 9, 2),
            ("chat:997863428668@s.whatsapp.net", 3, 1),
        ],
        1,
    ),
    (
        "iped_msgstore.db",
        Some("iped_wa.db"),
        "whatsapp-android-db",
        &[("chat:556183125151@s.whatsapp.net", 4, 2)],
        71,
    ),
    (
        "ileapp_josh_ios15_ChatStorage.sqlite",
        None,
        "whatsapp-ios-db",
        &[("chat:19198887386@s.whatsapp.net", 21, 2)],
        11,
    ),
    (
        "dexter_wa_anonymised.db",
        None,
        "whatsapp-contacts-db",
        &[],
        0,
    ),
    ("iped_wa.db", None, "whatsapp-contacts-db", &[], 0),
    (
        "ileapp_josh_ios15_ContactsV2.sqlite",
        None,
        "whatsapp-contacts-db",
        &[],
        0,
    ),
];

#[test]
fn every_device_sample_is_expected() {
    if !shared_device_samples("whatsapp_db::every_device_sample_is_expected") {
        return;
    }
    let mut found: Vec<String> = std::fs::read_dir(device_sample("whatsapp-db"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".md"))
        .collect();
    found.sort();
    let mut listed: Vec<String> = SAMPLES.iter().map(|s| s.0.to_string()).collect();
    listed.sort();
    assert_eq!(found, listed, "add new sample files to SAMPLES");
}

/// Each sample, copied with its contacts database into a folder of its own, reads with
/// the counted chats, messages and authors; the folder is unchanged afterwards.
#[test]
fn device_samples_read_with_expected_counts() {
    if !shared_device_samples("whatsapp_db::device_samples_read_with_expected_counts") {
        return;
    }
    for (file, contacts, format, convs, system) in SAMPLES {
        let dir = scratch();
        std::fs::copy(
            device_sample(&format!("whatsapp-db/{file}")),
            dir.path().join(file),
        )
        .unwrap();
        if let Some(c) = contacts {
            std::fs::copy(
                device_sample(&format!("whatsapp-db/{c}")),
                dir.path().join(c),
            )
            .unwrap();
        }
        let before = tree(dir.path());
        let r = read_file(&dir.path().join(file), &IngestOptions::default());
        assert_eq!(
            tree(dir.path()),
            before,
            "{file}: the evidence folder changed"
        );
        assert!(r.errors.is_empty(), "{file}: {:?}", r.errors);
        assert_eq!(r.input.as_ref().unwrap().format, *format, "{file}");
        let got: Vec<(String, usize, usize)> = r
            .conversations
            .iter()
            .map(|c| (c.key.clone(), c.messages.len(), c.authors().len()))
            .collect();
        let want: Vec<(String, usize, usize)> = convs
            .iter()
            .map(|(k, n, a)| (k.to_string(), *n, *a))
            .collect();
        assert_eq!(got, want, "{file}");
        assert_eq!(r.system_lines, *system, "{file}");
        if contacts.is_some() {
            assert!(
                r.assumptions
                    .iter()
                    .any(|a| a.contains("contact names from")),
                "{file}: {:?}",
                r.assumptions
            );
        }
    }
}

/// With `wa.db` beside it, the author of a one-to-one chat is the name `wa_contacts` has
/// for the chat's jid (looked up here with SQL on a copy), not the number.
#[test]
fn dexter_authors_are_contact_names() {
    if !shared_device_samples("whatsapp_db::dexter_authors_are_contact_names") {
        return;
    }
    let dir = scratch();
    for f in ["dexter_msgstore_anonymised.db", "dexter_wa_anonymised.db"] {
        std::fs::copy(
            device_sample(&format!("whatsapp-db/{f}")),
            dir.path().join(f),
        )
        .unwrap();
    }
    let wa = rusqlite::Connection::open(dir.path().join("dexter_wa_anonymised.db")).unwrap();
    let r = read_file(
        &dir.path().join("dexter_msgstore_anonymised.db"),
        &IngestOptions::default(),
    );
    let mut checked = 0;
    for c in r
        .conversations
        .iter()
        .filter(|c| c.key.ends_with("@s.whatsapp.net"))
    {
        let jid = c.key.strip_prefix("chat:").unwrap();
        let name: Option<String> = wa
            .query_row(
                "SELECT display_name FROM wa_contacts WHERE jid = ?1 AND display_name IS NOT NULL",
                [jid],
                |r| r.get(0),
            )
            .ok();
        let Some(name) = name else { continue };
        assert_eq!(c.title, name, "{jid}");
        for m in c.messages.iter().filter(|m| m.author != "Me") {
            assert_eq!(m.author, name, "{jid} line {}", m.line);
        }
        checked += 1;
    }
    assert!(checked >= 3, "only {checked} chats had a contact name");
}

/// A phone extraction: both WhatsApp databases (with wa.db), an Android SMS database, a
/// WhatsApp text export and an encrypted backup, in one folder, scanned in one command.
#[test]
fn a_phone_extraction_scans_in_one_command() {
    let dir = scratch();
    let root = dir.path().join("extraction");
    build(
        &root.join("data/com.whatsapp/databases/msgstore.db"),
        &fixture("android-2021.sql"),
    );
    build(
        &root.join("data/com.whatsapp/databases/wa.db"),
        &fixture("wa.sql"),
    );
    build(&root.join("ios/ChatStorage.sqlite"), &fixture("ios.sql"));
    build(
        &root.join("data/com.android.providers.telephony/databases/mmssms.db"),
        "CREATE TABLE threads (_id INTEGER PRIMARY KEY, recipient_ids TEXT);
         CREATE TABLE sms (_id INTEGER PRIMARY KEY, thread_id INTEGER, address TEXT, date INTEGER, type INTEGER, body TEXT);
         INSERT INTO threads VALUES (1, '1');
         INSERT INTO sms VALUES (1, 1, '+15550000007', 1700000000000, 1, 'are you home alone?');
         INSERT INTO sms VALUES (2, 1, '+15550000007', 1700000060000, 2, 'no');",
    );
    std::fs::write(
        root.join("WhatsApp Chat with Parent.txt"),
        "14/03/2025, 16:00 - Parent: I'll pick you up from the station at 5\n\
         14/03/2025, 16:01 - Kid: ok see you then\n",
    )
    .unwrap();
    std::fs::create_dir_all(root.join("sdcard/WhatsApp/Databases")).unwrap();
    std::fs::write(
        root.join("sdcard/WhatsApp/Databases/msgstore.db.crypt14"),
        [7u8; 4096],
    )
    .unwrap();
    let before = tree(&root);
    let path = root.to_str().unwrap();
    let (doc, code) = scan_json(&[path]);
    assert_eq!(tree(&root), before, "the extraction folder changed");
    // The encrypted backup is skipped with a reason, so the run says so in its exit code.
    assert_eq!(code, 2, "{doc:#}");
    let inputs = doc["inputs"].as_array().unwrap();
    let mut formats: Vec<&str> = inputs
        .iter()
        .map(|i| i["format"].as_str().unwrap())
        .collect();
    formats.sort();
    assert_eq!(
        formats,
        [
            "android-sms",
            "unknown",
            "whatsapp",
            "whatsapp-android-db",
            "whatsapp-contacts-db",
            "whatsapp-ios-db"
        ],
        "{doc:#}"
    );
    let errors = doc["errors"].as_array().unwrap();
    assert!(
        errors.iter().any(
            |e| e["path"].as_str().unwrap().ends_with("msgstore.db.crypt14")
                && e["message"]
                    .as_str()
                    .unwrap()
                    .contains("encrypted WhatsApp backup")
        ),
        "{errors:#?}"
    );
    let convs = doc["conversations"].as_array().unwrap();
    // msgstore 2, ChatStorage 2, mmssms 1, the text export 1
    assert_eq!(convs.len(), 6, "{doc:#}");
    // The one-to-one chat from msgstore.db: titled from wa.db, its evidence from its rows.
    let alex = convs
        .iter()
        .find(|c| c["source"].as_str().unwrap().ends_with("msgstore.db") && c["title"] == "Alex")
        .expect("the msgstore chat with Alex");
    assert_eq!(alex["format"], "whatsapp-android-db");
    assert_eq!(alex["messages"], 11);
    let evidence: Vec<&str> = alex["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|i| i["evidence"].as_array().unwrap())
        .map(|e| e["text"].as_str().unwrap())
        .collect();
    assert!(evidence.contains(&"send me a pic"), "{evidence:?}");
    assert!(evidence.contains(&"don't tell your mum"), "{evidence:?}");
}

/// `--input-format whatsapp-android-db` on a database without WhatsApp's tables is refused
/// with the tables it found, and the file is named.
#[test]
fn a_forced_whatsapp_format_names_what_is_missing() {
    let dir = scratch();
    let db = dir.path().join("other.db");
    build(
        &db,
        "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);",
    );
    let out = groomscan(&[
        "scan",
        "--format",
        "json",
        "--input-format",
        "whatsapp-android-db",
        db.to_str().unwrap(),
    ]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let e = &doc["errors"][0];
    assert!(e["path"].as_str().unwrap().ends_with("other.db"), "{doc:#}");
    let m = e["message"].as_str().unwrap();
    assert!(
        m.contains("without WhatsApp's tables") && m.contains("notes"),
        "{m}"
    );
}
