//! The types every stage meets at: what ingest produces (`Conversation`, `Message`) and
//! what the input files were (`InputFile`). Scan, score and report types live in their own
//! modules (`scan::Hit`, `score::Assessment`); this module owns only the chat data itself.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One message as read from an export. System lines (encryption notices, joins) are never
/// `Message`s: ingest drops them and counts them. A placeholder the export writes for a
/// deleted message ("This message was deleted") is a `Message` with `deleted` set: the
/// deletion is evidence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    /// Display name or handle, as written in the export. Empty when the format has none.
    pub author: String,
    /// The timestamp in UTC, when the export gives one that can be placed in time.
    pub time: Option<DateTime<Utc>>,
    /// The timestamp exactly as written in the export (empty when there is none).
    pub time_raw: String,
    /// Message text as exported; multi-line messages keep their `\n`.
    pub text: String,
    /// Where the message starts in its source: a 1-based line for text formats, a record
    /// or row number for structured ones.
    pub line: u64,
    /// The export wrote a deletion placeholder here ("This message was deleted"); `text` is
    /// the placeholder as written. Scan counts it as a deletion event (secrecy).
    pub deleted: bool,
}

/// Which reader produced a conversation. Serialised as the `format` string of the JSON
/// contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    Whatsapp,
    Zip,
    Jsonl,
    Csv,
    Telegram,
    Discord,
    DiscordCsv,
    Messenger,
    Instagram,
    Signal,
    SmsXml,
    AndroidSms,
    IosSms,
    WhatsappAndroidDb,
    WhatsappIosDb,
    WhatsappContactsDb,
    Pan2012,
}

impl Format {
    /// The stable name used on the command line and in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Format::Whatsapp => "whatsapp",
            Format::Zip => "zip",
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
            Format::Telegram => "telegram",
            Format::Discord => "discord",
            Format::DiscordCsv => "discord-csv",
            Format::Messenger => "messenger",
            Format::Instagram => "instagram",
            Format::Signal => "signal",
            Format::SmsXml => "sms-xml",
            Format::AndroidSms => "android-sms",
            Format::IosSms => "ios-sms",
            Format::WhatsappAndroidDb => "whatsapp-android-db",
            Format::WhatsappIosDb => "whatsapp-ios-db",
            Format::WhatsappContactsDb => "whatsapp-contacts-db",
            Format::Pan2012 => "pan2012",
        }
    }

    /// Every format, for `--input-format` parsing and docs.
    pub const ALL: [Format; 17] = [
        Format::Whatsapp,
        Format::Zip,
        Format::Jsonl,
        Format::Csv,
        Format::Telegram,
        Format::Discord,
        Format::DiscordCsv,
        Format::Messenger,
        Format::Instagram,
        Format::Signal,
        Format::SmsXml,
        Format::AndroidSms,
        Format::IosSms,
        Format::WhatsappAndroidDb,
        Format::WhatsappIosDb,
        Format::WhatsappContactsDb,
        Format::Pan2012,
    ];

    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// One conversation as ingested: the unit that is scanned, scored and ranked.
#[derive(Clone, Debug)]
pub struct Conversation {
    /// Stable id: derived from the source file's SHA-256 and `key`, so the same input bytes
    /// always give the same id.
    pub id: String,
    /// The conversation's own name within its file: the `conversation` column of CSV/JSONL,
    /// the chat id of a multi-chat export, or the file stem for one-chat files. Label files
    /// for `eval` refer to conversations by this key (or by `id`).
    pub key: String,
    /// Human-readable title (chat name, group name, or `key`).
    pub title: String,
    /// Path of the file the conversation came from, as given on the command line (for an
    /// archive member: `archive.zip!/member.txt`).
    pub source: String,
    pub format: Format,
    /// Messages in export order; system lines excluded. Evidence indices are 1-based
    /// positions in this vector.
    pub messages: Vec<Message>,
    /// Set when the conversation was read from several files (see `ingest::merge`).
    pub merged: Option<Box<Merge>>,
}

impl Conversation {
    /// The SHA-256 of what the conversation says: each message's author, time as written
    /// and text, in order. The same chat read from two files (a `.txt` and the `.zip` it
    /// came in, or two copies of one export) gives the same digest whatever the file
    /// names; `None` for a conversation without messages.
    pub fn content_sha256(&self) -> Option<String> {
        use sha2::{Digest, Sha256};
        if self.messages.is_empty() {
            return None;
        }
        let mut h = Sha256::new();
        for m in &self.messages {
            for part in [&m.author, &m.time_raw, &m.text] {
                h.update((part.len() as u64).to_le_bytes());
                h.update(part.as_bytes());
            }
        }
        Some(crate::hash::hex(&h.finalize()))
    }
}

/// Where the messages of a conversation read from several files came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Merge {
    /// Every file the conversation was read from; `Conversation::source` is the first.
    pub files: Vec<String>,
    /// For each message, the index into `files` of the file it was read from.
    pub message_file: Vec<u16>,
    /// Copies of kept messages found in other files.
    pub duplicates: Vec<Duplicate>,
}

/// A copy of a message found in another file and not counted again.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Duplicate {
    /// 0-based index of the kept message.
    pub message: usize,
    /// Index into `Merge::files` of the file that held the copy.
    pub file: u16,
    /// Line or record of the copy in that file.
    pub line: u64,
}

impl Conversation {
    /// The file message `index` (0-based) was read from.
    pub fn source_of(&self, index: usize) -> &str {
        match &self.merged {
            Some(m) => m
                .message_file
                .get(index)
                .and_then(|&f| m.files.get(f as usize))
                .map_or(self.source.as_str(), String::as_str),
            None => &self.source,
        }
    }

    /// Distinct authors in order of first appearance.
    pub fn authors(&self) -> Vec<&str> {
        let mut seen: Vec<&str> = Vec::new();
        for m in &self.messages {
            if !seen.contains(&m.author.as_str()) {
                seen.push(&m.author);
            }
        }
        seen
    }
}

/// Builds the stable conversation id from a file hash and the conversation key.
pub fn conversation_id(file_sha256: &str, key: &str) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(file_sha256.as_bytes());
    h.update([0u8]);
    h.update(key.as_bytes());
    crate::hash::hex(&h.finalize()[..6])
}

/// One input file as read: the `inputs[]` entry of the JSON contract.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct InputFile {
    pub path: String,
    pub sha256: String,
    pub bytes: u64,
    /// Format name, or `"unknown"` when the file could not be recognised.
    pub format: String,
    pub conversations: usize,
    pub messages: usize,
    /// For a SQLite database read with its `-wal` and/or `-shm` beside it: the hash of the
    /// three as one evidence unit (`ingest::unit_sha256`). Conversation ids and a case's
    /// record of what it holds use it, so rows added in the write-ahead log are new
    /// evidence; `sha256` stays the database file's own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_sha256: Option<String>,
}

impl InputFile {
    /// What identifies this evidence: the unit hash of a database with its siblings, else
    /// the file's SHA-256.
    pub fn evidence_sha256(&self) -> &str {
        self.unit_sha256.as_deref().unwrap_or(&self.sha256)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_names_round_trip() {
        for f in Format::ALL {
            assert_eq!(Format::from_name(f.name()), Some(f));
        }
        assert_eq!(Format::from_name("nope"), None);
    }

    #[test]
    fn ids_are_stable_and_distinct() {
        let a = conversation_id("abc", "chat1");
        assert_eq!(a, conversation_id("abc", "chat1"));
        assert_ne!(a, conversation_id("abc", "chat2"));
        assert_ne!(a, conversation_id("abd", "chat1"));
        assert_eq!(a.len(), 12);
    }
}
