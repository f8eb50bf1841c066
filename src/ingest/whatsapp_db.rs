//! WhatsApp's own databases from phone extractions (issue 21), first part: recognising
//! them. This module owns the schema classifier (which WhatsApp database a set of table
//! names is) and the recognition of encrypted Android backups (`msgstore.db.crypt12`,
//! `.crypt14`, `.crypt15`), which are refused with an error naming the file, saying a key
//! is needed and naming tools that decrypt them. It does not read rows yet: the readers
//! (legacy and 2021+ Android `msgstore.db`, iOS `ChatStorage.sqlite`) are to reuse
//! `phone_db`'s private-copy machinery.
//!
//! Schemas, as measured on the shared device samples (`../shared/device-samples/whatsapp-db`):
//! - Android legacy: table `messages` (key_remote_jid, key_from_me, data, timestamp in ms).
//!   A database in the middle of the 2021 migration (the IPED sample: `messages` 75 rows,
//!   `message` 1 row) still has its messages in `messages`, so `messages` wins.
//! - Android 2021+: tables `message`, `jid` and `chat` (the Dexter sample: `message` 62).
//! - iOS: `ZWAMESSAGE` and `ZWACHATSESSION` (the iLEAPP sample: 32 messages, 5 chats).
//! - Android contacts: `wa_contacts` (wa.db), read beside a msgstore, never on its own.

use std::collections::BTreeSet;
use std::path::Path;

/// Which WhatsApp database a schema is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Schema {
    /// Android `msgstore.db` with the legacy `messages` table.
    AndroidLegacy,
    /// Android `msgstore.db` with the 2021+ `message` / `jid` / `chat` tables.
    Android2021,
    /// iOS `ChatStorage.sqlite` (Core Data `ZWA*` tables).
    Ios,
    /// Android `wa.db` (contact names only).
    Contacts,
}

/// Classifies a database by its table names (never by its file name).
pub fn schema_of(tables: &BTreeSet<String>) -> Option<Schema> {
    let has = |t: &str| tables.contains(t);
    if has("messages")
        && (has("chat_list") || has("jid") || has("chat") || has("message_thumbnails"))
    {
        Some(Schema::AndroidLegacy)
    } else if has("message") && has("jid") && has("chat") {
        Some(Schema::Android2021)
    } else if has("ZWAMESSAGE") && has("ZWACHATSESSION") {
        Some(Schema::Ios)
    } else if has("wa_contacts") {
        Some(Schema::Contacts)
    } else {
        None
    }
}

/// The first 16 bytes of every SQLite database file.
const SQLITE_MAGIC: &[u8] = b"SQLite format 3\0";

/// True when a file is an encrypted WhatsApp backup: its name ends in `.crypt<N>` and its
/// content is not SQLite (a decrypted file renamed `.crypt14` is read as what it is).
pub fn is_encrypted_backup(path: &Path, head: &[u8]) -> bool {
    let named = path
        .extension()
        .and_then(|e| e.to_str())
        .and_then(|e| e.strip_prefix("crypt"))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    named && !head.starts_with(SQLITE_MAGIC)
}

/// The refusal for an encrypted backup: names the file, the key and the tools.
pub fn encrypted_message(path: &Path) -> String {
    format!(
        "{} is an encrypted WhatsApp backup: it cannot be read without its key (the `key` \
         file from the phone's /data/data/com.whatsapp/files/, or the 64-digit end-to-end \
         backup key for .crypt15); decrypt it first (e.g. with wa-crypt-tools or WhatsApp \
         Viewer) and scan the resulting msgstore.db",
        path.display()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(names: &[&str]) -> BTreeSet<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn schemas_by_tables() {
        let cases: &[(&[&str], Option<Schema>)] = &[
            (&["messages", "chat_list"], Some(Schema::AndroidLegacy)),
            // mid-migration (the IPED sample): legacy rows still in `messages`
            (
                &["messages", "message", "jid", "chat"],
                Some(Schema::AndroidLegacy),
            ),
            (
                &["message", "jid", "chat", "message_media"],
                Some(Schema::Android2021),
            ),
            (
                &["ZWAMESSAGE", "ZWACHATSESSION", "ZWAGROUPMEMBER"],
                Some(Schema::Ios),
            ),
            (&["wa_contacts", "android_metadata"], Some(Schema::Contacts)),
            // iOS sms.db has `message` and `chat` but no `jid`
            (&["message", "handle", "chat"], None),
            (&["sms", "threads"], None),
            (&[], None),
        ];
        for (tables, want) in cases {
            assert_eq!(schema_of(&set(tables)), *want, "{tables:?}");
        }
    }

    #[test]
    fn encrypted_backups_by_name_and_content() {
        let cases: &[(&str, &[u8], bool)] = &[
            ("msgstore.db.crypt14", b"\x00\x01random", true),
            ("msgstore.db.crypt15", b"", true),
            ("msgstore-2024-01-01.1.db.crypt12", b"xyz", true),
            // decrypted but misnamed: it is SQLite, read it as such
            ("msgstore.db.crypt14", b"SQLite format 3\0rest", false),
            ("msgstore.db", b"\x00\x01random", false),
            ("notes.crypt", b"xyz", false),
            ("notes.cryptx", b"xyz", false),
        ];
        for (name, head, want) in cases {
            assert_eq!(is_encrypted_backup(Path::new(name), head), *want, "{name}");
        }
        let m = encrypted_message(Path::new("a/msgstore.db.crypt14"));
        assert!(m.contains("a/msgstore.db.crypt14") && m.contains("key"));
        assert!(m.contains("wa-crypt-tools") && m.contains("WhatsApp Viewer"));
    }
}
