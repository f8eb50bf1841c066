//! What the index stores of a scored conversation beside its message documents: the
//! engine's output and the messages it cites with their neighbours (`StoredConversation`),
//! and the conversion of times to and from the index's date type. Built by `write.rs`, read
//! back by `read.rs`.

use super::CaseError;
use crate::detect::scan::ScanResult;
use crate::detect::score::Assessment;
use crate::model::{Merge, Message};
use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

/// Messages kept beside each cited message in `StoredConversation::cited`.
pub const CONTEXT_KEPT: usize = 2;

/// The engine output kept per conversation, enough to rebuild `pipeline::Scored` for every
/// report writer. Messages are stored once as message documents; the ones the scan cites
/// (hits, stated ages and the first warning and alert), with `CONTEXT_KEPT` messages either side, are copied here too,
/// so `rank` reads one document per conversation. `rank` fills the others with
/// placeholders that keep their author and drop their text: report writers read only cited
/// messages, their close context, authors and the count (tests/case.rs checks every format
/// against `scan`). `show`, and `rank --redact` (redaction numbers phone numbers and
/// addresses across all text), load every message.
#[derive(Serialize, Deserialize)]
pub(super) struct StoredConversation {
    pub(super) key: String,
    pub(super) title: String,
    pub(super) source: String,
    pub(super) format: String,
    pub(super) messages: usize,
    pub(super) merged: Option<Merge>,
    pub(super) scan: ScanResult,
    pub(super) assessment: Assessment,
    pub(super) cited: Vec<StoredMessage>,
    /// Distinct authors, and for each message the index of its author.
    #[serde(default)]
    pub(super) authors: Vec<String>,
    #[serde(default)]
    pub(super) author_of: Vec<u32>,
    /// The source line of every message (placeholders keep theirs: reports give the
    /// range of lines a conversation came from).
    #[serde(default)]
    pub(super) lines: Vec<u64>,
    /// Every message's time in whole seconds since 1970 (UTC), for the report's activity
    /// chart; cited messages also keep theirs in full. Absent in cases written before.
    #[serde(default)]
    pub(super) times: Vec<Option<i64>>,
    /// `Conversation::content_sha256` of the conversation as indexed. Absent in cases
    /// written before: their conversations are never taken for duplicates.
    #[serde(default)]
    pub(super) content_sha256: Option<String>,
}

#[derive(Serialize, Deserialize)]
pub(super) struct StoredMessage {
    /// 0-based.
    pub(super) index: usize,
    pub(super) author: String,
    /// RFC 3339 with full precision.
    pub(super) time: Option<String>,
    pub(super) time_raw: String,
    pub(super) text: String,
    pub(super) line: u64,
}

impl StoredMessage {
    pub(super) fn new(index: usize, m: &Message) -> StoredMessage {
        StoredMessage {
            index,
            author: m.author.clone(),
            time: m
                .time
                .map(|t| t.to_rfc3339_opts(SecondsFormat::AutoSi, true)),
            time_raw: m.time_raw.clone(),
            text: m.text.clone(),
            line: m.line,
        }
    }

    pub(super) fn into_message(self) -> Result<Message, CaseError> {
        let time = match &self.time {
            Some(t) => Some(
                DateTime::parse_from_rfc3339(t)
                    .map_err(|e| CaseError::Corrupt(format!("time {t:?}: {e}")))?
                    .with_timezone(&Utc),
            ),
            None => None,
        };
        Ok(Message {
            author: self.author,
            time,
            time_raw: self.time_raw,
            text: self.text,
            line: self.line,
            deleted: false,
        })
    }
}

pub(super) fn to_tantivy(t: DateTime<Utc>) -> tantivy::DateTime {
    match t.timestamp_nanos_opt() {
        Some(n) => tantivy::DateTime::from_timestamp_nanos(n),
        None => tantivy::DateTime::from_timestamp_secs(t.timestamp()),
    }
}

pub(super) fn from_tantivy(t: tantivy::DateTime) -> Option<DateTime<Utc>> {
    let n = t.into_timestamp_nanos();
    Some(DateTime::from_timestamp_nanos(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_round_trip_through_the_index_date_type() {
        let t = DateTime::parse_from_rfc3339("2025-03-14T19:04:05.123Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(from_tantivy(to_tantivy(t)), Some(t));
    }
}
