//! Facebook Messenger and Instagram "Download your information" JSON (`message_N.json`):
//! `participants`, `messages[]` (`sender_name`, `timestamp_ms`, `content`, and media:
//! `photos`, `videos`, `gifs`, `audio_files`, `files`, `sticker`, `share`), `title`,
//! `thread_path`. Instagram writes the same schema, so one reader serves both. Owns
//! recognising such a file by its keys (`looks_like`), repairing Facebook's mojibake, and
//! reading one conversation per file: key = `thread_path` (else the file stem), title =
//! `title` (else the participants' names).
//!
//! Mojibake: Facebook writes each UTF-8 byte as a `\u00XX` code point, so "I’m" arrives as
//! "Iâ\u{80}\u{99}m". Every name, title and text whose characters are all U+00FF or below
//! is turned back into bytes and decoded as UTF-8; when that fails the text was real
//! Latin-1 and is kept as it was (`repair`).
//!
//! The file lists messages newest first; they are returned oldest first (reversed, when
//! the first record is newer than the last). `Message::line` stays the record's 1-based
//! index in the file's `messages` array, so it still points at the evidence. A message
//! without text gets a placeholder for its media (`<photo>`, `<file: notes.pdf>`,
//! `<share: https://...>`). Records with neither text nor media (unsent messages) are
//! counted and skipped; calls, joins and leaves (`type` `Call`, `Subscribe`,
//! `Unsubscribe`) and reaction notices ("Liked a message", "Reacted 👍 to your message")
//! are system lines, counted and skipped. Both counts are recorded as assumptions.
//!
//! It does not merge a thread split over `message_1.json`, `message_2.json`, ...: each
//! file is read on its own (they share the key).

use super::json::{self, Keys, Sparse};
use super::{IngestOptions, Parsed, ParsedConversation, Source, stem};
use crate::error::InputError;
use crate::model::Message;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::Value;
use std::borrow::Cow;

/// The message-record keys this reader uses; reactions, ip and the rest are skipped.
struct MessageKeys;

impl Keys for MessageKeys {
    const KEYS: &'static [&'static str] = &[
        "sender_name",
        "timestamp_ms",
        "content",
        "type",
        "photos",
        "videos",
        "gifs",
        "audio_files",
        "files",
        "sticker",
        "share",
    ];
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Export {
    participants: Option<Value>,
    messages: Option<Vec<Sparse<MessageKeys>>>,
    title: Option<Value>,
    thread_path: Option<Value>,
}

/// Record types that are system lines, not messages.
const SYSTEM_TYPES: &[&str] = &["Call", "Subscribe", "Unsubscribe"];

/// True when the head of the file is a Messenger or Instagram `message_N.json`.
pub fn looks_like(source: &Source) -> bool {
    looks_like_head(&json::head(source))
}

/// `looks_like` on the head as `json::head` decodes it (detection decodes it once for
/// every sniffer).
pub fn looks_like_head(head: &str) -> bool {
    let has = |key: &str| json::has_key(head, key);
    if !json::is_object(head) || has("guild") || has("date_unixtime") {
        return false;
    }
    let records = has("messages") && has("sender_name") && has("timestamp_ms");
    let thread = has("participants")
        && has("messages")
        && (has("thread_path") || has("is_still_participant") || has("magic_words"));
    records || thread
}

/// Undoes Facebook's mojibake: a text whose characters are all U+00FF or below is read
/// as bytes and decoded as UTF-8; when that fails the text is kept as it was.
pub fn repair(text: &str) -> Cow<'_, str> {
    if text.is_ascii() || text.chars().any(|c| c as u32 > 0xFF) {
        return Cow::Borrowed(text);
    }
    let bytes: Vec<u8> = text.chars().map(|c| c as u32 as u8).collect();
    match String::from_utf8(bytes) {
        Ok(repaired) => Cow::Owned(repaired),
        Err(_) => Cow::Borrowed(text),
    }
}

/// Reads one `message_N.json`: one conversation, oldest message first.
pub fn parse(source: &Source, _opts: &IngestOptions) -> Result<Parsed, InputError> {
    let export: Export = json::from_source(source, "Messenger or Instagram export")?;
    let Some(records) = export.messages else {
        return Err(InputError::file(
            source.display,
            "no `messages` array: not a Messenger or Instagram export; file skipped",
        ));
    };
    let key = match export.thread_path.as_ref().and_then(Value::as_str) {
        Some(path) if !path.trim().is_empty() => repair(path).into_owned(),
        _ => stem(source.display),
    };
    let title = match export.title.as_ref().and_then(Value::as_str) {
        Some(t) if !t.trim().is_empty() => repair(t).into_owned(),
        _ => participant_names(export.participants.as_ref()),
    };

    let mut parsed = Parsed::default();
    let mut messages = Vec::new();
    let (mut system, mut empty) = (0usize, 0usize);
    for (i, record) in records.iter().enumerate() {
        let line = i as u64 + 1;
        match message(record, line) {
            Ok(Read::Message(m)) => messages.push(m),
            Ok(Read::System) => system += 1,
            Ok(Read::Empty) => empty += 1,
            Err(why) => parsed.errors.push(InputError::new(
                source.display,
                Some(line),
                format!("message record {line}: {why}"),
            )),
        }
    }
    let newest_first = match (
        messages.iter().find_map(|m| m.time),
        messages.iter().rev().find_map(|m| m.time),
    ) {
        (Some(first), Some(last)) => first >= last,
        _ => true,
    };
    if newest_first {
        messages.reverse();
    }
    if system > 0 {
        parsed.assumptions.push(format!(
            "{system} system records (calls, joins, leaves, reaction notices) are not messages and were not read"
        ));
    }
    if empty > 0 {
        parsed.assumptions.push(format!(
            "{empty} records without text or media were not read"
        ));
    }
    parsed.conversations.push(ParsedConversation {
        key,
        title,
        messages,
    });
    Ok(parsed)
}

fn participant_names(participants: Option<&Value>) -> String {
    let Some(list) = participants.and_then(Value::as_array) else {
        return String::new();
    };
    list.iter()
        .filter_map(|p| p.get("name").and_then(Value::as_str).or(p.as_str()))
        .map(|n| repair(n).into_owned())
        .collect::<Vec<_>>()
        .join(", ")
}

enum Read {
    Message(Message),
    System,
    Empty,
}

fn message(r: &Sparse<MessageKeys>, line: u64) -> Result<Read, String> {
    if let Some(shape) = r.not_object {
        return Err(format!("is {shape}, not an object; skipped"));
    }
    let string = |key: &str| match r.field(key) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(repair(s).into_owned())),
        Some(v) => Err(format!("`{key}` is {}; skipped", json::kind(v))),
    };
    let author = string("sender_name")?.unwrap_or_default();
    let content = string("content")?.unwrap_or_default();
    if let Some(Value::String(kind)) = r.field("type")
        && SYSTEM_TYPES.contains(&kind.as_str())
    {
        return Ok(Read::System);
    }
    if is_reaction_notice(&content) {
        return Ok(Read::System);
    }
    let (time, time_raw) = match r.field("timestamp_ms") {
        None => (None, String::new()),
        Some(Value::Number(n)) => (
            n.as_i64().and_then(DateTime::<Utc>::from_timestamp_millis),
            n.to_string(),
        ),
        Some(v) => return Err(format!("`timestamp_ms` is {}; skipped", json::kind(v))),
    };
    let text = if content.trim().is_empty() {
        let media = placeholders(r);
        if media.is_empty() {
            return Ok(Read::Empty);
        }
        media
    } else {
        content
    };
    Ok(Read::Message(Message {
        author,
        time,
        time_raw,
        text,
        line,
        deleted: false,
    }))
}

/// Instagram and Messenger write reactions and likes as records of their own.
fn is_reaction_notice(content: &str) -> bool {
    let c = content.trim();
    c == "Liked a message"
        || (c.len() < 100
            && c.ends_with(" to your message")
            && (c.starts_with("Reacted ") || c.contains(" reacted ")))
}

/// Placeholders for the media a message without text carries, space-separated.
fn placeholders(r: &Sparse<MessageKeys>) -> String {
    let mut out = Vec::new();
    let count = |key: &str| match r.field(key) {
        Some(Value::Array(items)) => items.len(),
        Some(Value::Object(_)) => 1,
        _ => 0,
    };
    for (key, tag) in [
        ("photos", "<photo>"),
        ("videos", "<video>"),
        ("gifs", "<gif>"),
        ("audio_files", "<audio>"),
    ] {
        out.extend(std::iter::repeat_n(tag.to_string(), count(key)));
    }
    if let Some(Value::Array(files)) = r.field("files") {
        for f in files {
            let name = f
                .get("uri")
                .and_then(Value::as_str)
                .and_then(|u| u.rsplit('/').next())
                .filter(|n| !n.is_empty());
            out.push(match name {
                Some(n) => format!("<file: {}>", repair(n)),
                None => "<file>".into(),
            });
        }
    }
    if count("sticker") > 0 {
        out.push("<sticker>".into());
    }
    if let Some(share) = r.field("share") {
        let link = share
            .get("link")
            .and_then(Value::as_str)
            .or_else(|| share.get("share_text").and_then(Value::as_str))
            .filter(|l| !l.trim().is_empty());
        out.push(match link {
            Some(l) => format!("<share: {}>", repair(l)),
            None => "<share>".into(),
        });
    }
    out.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn source(bytes: &[u8]) -> Source<'_> {
        Source {
            path: Path::new("t"),
            display: "inbox/pat_1/message_1.json",
            bytes,
        }
    }

    fn run(body: &str) -> Result<Parsed, InputError> {
        parse(&source(body.as_bytes()), &IngestOptions::default())
    }

    #[test]
    fn repairs_mojibake() {
        for (input, want) in [
            ("I\u{e2}\u{80}\u{99}m here", "I\u{2019}m here"),
            ("caf\u{c3}\u{a9}", "café"),
            ("\u{f0}\u{9f}\u{98}\u{80}", "\u{1F600}"),
            // Real Latin-1 that is not UTF-8 in disguise stays.
            ("café", "café"),
            ("naïve", "naïve"),
            // Characters above U+00FF mean the text was never mojibake.
            (
                "I\u{e2}\u{80}\u{99}m \u{2019}",
                "I\u{e2}\u{80}\u{99}m \u{2019}",
            ),
            ("plain", "plain"),
            ("", ""),
        ] {
            assert_eq!(repair(input), want, "{input:?}");
        }
    }

    const THREAD: &str = "\u{feff}{
  \"participants\": [{\"name\": \"Pat\"}, {\"name\": \"Ren\u{00c3}\u{00a9}\"}],
  \"messages\": [
    {\"sender_name\": \"Pat\", \"timestamp_ms\": 1700000600000, \"content\": \"Pat reacted \u{00f0}\u{009f}\u{0098}\u{0086} to your message \"},
    {\"sender_name\": \"Ren\u{00c3}\u{00a9}\", \"timestamp_ms\": 1700000500000, \"is_unsent\": true},
    {\"sender_name\": \"Pat\", \"timestamp_ms\": 1700000400000, \"share\": {\"link\": \"https://example.org/a\"}},
    {\"sender_name\": \"Pat\", \"timestamp_ms\": 1700000300000, \"photos\": [{\"uri\": \"p/1.jpg\"}, {\"uri\": \"p/2.jpg\"}]},
    {\"sender_name\": \"Pat\", \"timestamp_ms\": 1700000250000, \"content\": \"Pat called you.\", \"type\": \"Call\", \"call_duration\": 3},
    {\"sender_name\": \"Ren\u{00c3}\u{00a9}\", \"timestamp_ms\": 1700000200000, \"files\": [{\"uri\": \"f/notes.pdf\"}]},
    {\"sender_name\": \"Ren\u{00c3}\u{00a9}\", \"timestamp_ms\": 1700000100000, \"content\": \"I\u{00e2}\u{0080}\u{0099}m at the library\"},
    {\"sender_name\": \"Pat\", \"timestamp_ms\": 1700000000000, \"content\": \"where are you?\"}
  ],
  \"title\": \"\",
  \"is_still_participant\": true,
  \"thread_type\": \"Regular\",
  \"thread_path\": \"inbox/pat_1\"
}";

    #[test]
    fn reads_a_thread_oldest_first() {
        // The JSON writes the mojibake as \u00XX escapes, as Facebook does.
        let escaped: String = THREAD
            .chars()
            .map(|c| match c as u32 {
                0x80..=0xFF => format!("\\u{:04x}", c as u32),
                _ => c.to_string(),
            })
            .collect();
        assert!(escaped.contains("\\u00e2\\u0080\\u0099"));
        assert!(looks_like(&source(escaped.as_bytes())));
        let p = run(&escaped).unwrap();
        assert!(p.errors.is_empty(), "{:?}", p.errors);
        let c = &p.conversations[0];
        assert_eq!(
            (c.key.as_str(), c.title.as_str()),
            ("inbox/pat_1", "Pat, René")
        );
        let got: Vec<(u64, &str, &str)> = c
            .messages
            .iter()
            .map(|m| (m.line, m.author.as_str(), m.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (8, "Pat", "where are you?"),
                (7, "René", "I\u{2019}m at the library"),
                (6, "René", "<file: notes.pdf>"),
                (4, "Pat", "<photo> <photo>"),
                (3, "Pat", "<share: https://example.org/a>"),
            ]
        );
        assert_eq!(
            c.messages[0].time.unwrap().to_rfc3339(),
            "2023-11-14T22:13:20+00:00"
        );
        assert_eq!(c.messages[0].time_raw, "1700000000000");
        assert_eq!(
            p.assumptions,
            [
                "2 system records (calls, joins, leaves, reaction notices) are not messages and were not read",
                "1 records without text or media were not read",
            ]
        );
    }

    #[test]
    fn oldest_first_files_are_not_reversed_and_stem_is_the_key() {
        let body = r#"{"messages": [
            {"sender_name": "A", "timestamp_ms": 1, "content": "first"},
            {"sender_name": "B", "timestamp_ms": 2, "content": "second"}]}"#;
        let p = run(body).unwrap();
        let c = &p.conversations[0];
        assert_eq!(c.key, "message_1");
        assert_eq!(c.title, "");
        assert_eq!(c.messages[0].text, "first");
    }

    #[test]
    fn bad_records_are_reported_and_the_rest_read() {
        let body = r#"{"participants": [], "messages": [
            {"sender_name": "A", "timestamp_ms": 3, "content": "ok"},
            {"sender_name": 5, "timestamp_ms": 2, "content": "x"},
            {"sender_name": "A", "timestamp_ms": "soon", "content": "x"},
            {"sender_name": "A", "timestamp_ms": 1, "content": ["x"]},
            17,
            {"sender_name": "A", "content": "undated"},
            {"sender_name": "A", "timestamp_ms": 99999999999999999999, "content": "far"}
        ]}"#;
        let p = run(body).unwrap();
        let texts: Vec<&str> = p.conversations[0]
            .messages
            .iter()
            .map(|m| m.text.as_str())
            .collect();
        assert_eq!(texts, ["far", "undated", "ok"]);
        let lines: Vec<Option<u64>> = p.errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [Some(2), Some(3), Some(4), Some(5)]);
    }

    #[test]
    fn broken_files_are_errors_not_panics() {
        for (body, line) in [
            (
                "{\n\"participants\": [],\n\"messages\": [\n{\"sender_name\": \"A\",",
                Some(4),
            ),
            ("{\"participants\": []}", None),
            ("{\"messages\": 3}", Some(1)),
            ("\u{feff}", Some(1)),
        ] {
            let e = run(body).unwrap_err();
            assert_eq!(e.line, line, "{body}: {e}");
        }
    }

    #[test]
    fn detection() {
        for (body, want) in [
            (THREAD, true),
            (
                r#"{"messages": [{"sender_name": "A", "timestamp_ms": 1, "content": "x"}]}"#,
                true,
            ),
            (
                r#"{"participants": [{"name": "A"}], "messages": [], "thread_path": "inbox/a"}"#,
                true,
            ),
            (r#"{"participants": [], "messages": []}"#, false),
            (
                r#"{"name": "x", "messages": [{"type": "message", "date_unixtime": "1", "from": "A"}]}"#,
                false,
            ),
            (
                r#"{"guild": {}, "channel": {}, "messages": [{"author": {"name": "sender_name"}}]}"#,
                false,
            ),
            (
                r#"{"conversation": "c", "author": "sender_name", "text": "timestamp_ms"}"#,
                false,
            ),
            ("sender_name,timestamp_ms,content\n", false),
            ("", false),
        ] {
            assert_eq!(looks_like(&source(body.as_bytes())), want, "{body:.60}");
        }
    }
}
