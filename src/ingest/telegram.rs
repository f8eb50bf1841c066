//! Telegram Desktop JSON exports (`result.json`): one chat ("Export chat history": top-level
//! `name`, `type`, `id`, `messages`) or a whole account ("Export Telegram data":
//! `chats.list[]`, and `left_chats.list[]` when present). Owns recognising such a file by
//! its keys (`looks_like`) and reading it into one conversation per chat, keyed by the
//! chat `id` (else its name) and titled with the chat name.
//!
//! A record of `type: "message"` is a message: author `from` (else `from_id`), time from
//! `date_unixtime` (UTC seconds) or else the zone-less `date` read in the configured zone
//! (recorded as an assumption), text from `text` (a string, or a list of strings and
//! `{"type", "text"}` entities, concatenated exactly as written). A message without text
//! gets a placeholder (`<photo>`, `<sticker: 👍>`, `<file: notes.pdf>`) instead of being
//! dropped. Forwarded messages keep their text unchanged. `type: "service"` records (joins,
//! calls, pins) are system lines: counted in an assumption, never read as messages.
//!
//! `Message::line` is the 1-based position of the message record within its chat's
//! `messages` array (service records included), not a line of the file; `Message::time_raw`
//! is `date` as written when present, else `date_unixtime`.
//!
//! This file also holds the JSON plumbing that the Discord and Messenger readers share
//! (`json`): the bounded head `looks_like` inspects, a key probe, sparse record reading
//! and error wording. It does not normalise text and never reorders messages.

use super::json::{self, Keys, Sparse};
use super::zone::LocalTimes;
use super::{IngestOptions, Parsed, ParsedConversation, Source};
use crate::error::InputError;
use crate::model::Message;
use chrono::{DateTime, NaiveDateTime, Utc};
use serde::Deserialize;
use serde_json::Value;

/// The message-record keys this reader uses; every other key is skipped unread.
struct MessageKeys;

impl Keys for MessageKeys {
    const KEYS: &'static [&'static str] = &[
        "type",
        "from",
        "from_id",
        "date",
        "date_unixtime",
        "text",
        "photo",
        "file",
        "file_name",
        "media_type",
        "sticker_emoji",
        "mime_type",
        "title",
        "location_information",
        "live_location_period_seconds",
        "place_name",
        "contact_information",
        "poll",
        "game_title",
        "invoice_information",
    ];
}

/// A chat, or (with `chats` / `left_chats`) a whole-account export. Only the keys used
/// here are kept; `contacts`, `text_entities` and the rest are skipped while reading.
#[derive(Deserialize, Default)]
#[serde(default)]
struct Chat {
    name: Option<Value>,
    id: Option<Value>,
    messages: Option<Vec<Sparse<MessageKeys>>>,
    chats: Option<ChatList>,
    left_chats: Option<ChatList>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ChatList {
    list: Vec<Chat>,
}

/// Chat `type` values Telegram writes; with `id` and `name` they mark an (empty) chat.
const CHAT_TYPES: &[&str] = &[
    "personal_chat",
    "bot_chat",
    "saved_messages",
    "replies",
    "private_group",
    "private_supergroup",
    "public_supergroup",
    "private_channel",
    "public_channel",
];

/// True when the head of the file is a Telegram export: a JSON object with a `messages`
/// array of Telegram-shaped records, or an account export's `chats.list`.
pub fn looks_like(source: &Source) -> bool {
    looks_like_head(&json::head(source))
}

/// `looks_like` on the head as `json::head` decodes it (detection decodes it once for
/// every sniffer).
pub fn looks_like_head(head: &str) -> bool {
    if !json::is_object(head) {
        return false;
    }
    let has = |key: &str| json::has_key(head, key);
    // Keys that belong to the other JSON exports.
    if has("sender_name") || has("timestamp_ms") || has("guild") {
        return false;
    }
    let record_shape = has("date_unixtime")
        || has("text_entities")
        || (has("from_id") && has("date"))
        || (has("date") && json::has_value(head, "type", &["message", "service"]));
    let chat = has("messages")
        && (record_shape
            || (has("id") && has("name") && json::has_value(head, "type", CHAT_TYPES)));
    let account = (has("personal_information") && has("about"))
        || (has("chats") && has("list") && has("messages"));
    chat || account
}

/// Reads a Telegram export: one conversation per chat (an account export's chats without
/// messages are left out, and counted in an assumption).
pub fn parse(source: &Source, opts: &IngestOptions) -> Result<Parsed, InputError> {
    let export: Chat = json::from_source(source, "Telegram export")?;
    let Chat {
        name,
        id,
        messages,
        chats,
        left_chats,
    } = export;
    if messages.is_none() && chats.is_none() && left_chats.is_none() {
        return Err(InputError::file(
            source.display,
            "no `messages` array and no `chats.list`: not a Telegram export; file skipped",
        ));
    }
    let mut reader = Reader {
        source,
        opts,
        parsed: Parsed::default(),
        service: 0,
        local: LocalTimes::new(&opts.timezone),
        empty_chats: 0,
    };
    if let Some(messages) = messages {
        reader.chat(name, id, &messages, None);
    }
    let mut n = 0;
    for list in [chats, left_chats].into_iter().flatten() {
        for chat in list.list {
            n += 1;
            reader.chat(
                chat.name,
                chat.id,
                chat.messages.as_deref().unwrap_or(&[]),
                Some(n),
            );
        }
    }
    Ok(reader.finish())
}

struct Reader<'a, 's> {
    source: &'a Source<'s>,
    opts: &'a IngestOptions,
    parsed: Parsed,
    /// Service (and other non-message) records skipped.
    service: usize,
    /// Messages timed from the zone-less `date`, with their gaps and folds.
    local: LocalTimes<'a>,
    /// Chats of an account export that had no messages.
    empty_chats: usize,
}

impl Reader<'_, '_> {
    /// Reads one chat. `nth` is its 1-based place in an account export's lists.
    fn chat(
        &mut self,
        name: Option<Value>,
        id: Option<Value>,
        records: &[Sparse<MessageKeys>],
        nth: Option<usize>,
    ) {
        let title = name
            .as_ref()
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let key = match id.as_ref().and_then(json::scalar) {
            Some(id) if !id.is_empty() => id,
            _ if !title.is_empty() => title.clone(),
            _ => nth.map_or(String::new(), |n| format!("chat {n}")),
        };
        let label = if nth.is_some() {
            format!("chat {key}: ")
        } else {
            String::new()
        };
        let mut messages = Vec::new();
        for (i, record) in records.iter().enumerate() {
            let line = i as u64 + 1;
            match self.message(record, line) {
                Ok(Some(m)) => messages.push(m),
                Ok(None) => self.service += 1,
                Err(why) => self.parsed.errors.push(InputError::new(
                    self.source.display,
                    Some(line),
                    format!("{label}message record {line}: {why}"),
                )),
            }
        }
        if messages.is_empty() && nth.is_some() {
            self.empty_chats += 1;
            return;
        }
        self.parsed.conversations.push(ParsedConversation {
            key,
            title,
            messages,
        });
    }

    /// One record: `Ok(None)` for a service record, `Err` for a record that cannot be read.
    fn message(&mut self, r: &Sparse<MessageKeys>, line: u64) -> Result<Option<Message>, String> {
        if let Some(shape) = r.not_object {
            return Err(format!("is {shape}, not an object; skipped"));
        }
        match r.field("type") {
            None => {}
            Some(Value::String(t)) if t == "message" => {}
            Some(Value::String(_)) => return Ok(None),
            Some(v) => return Err(format!("`type` is {}; skipped", json::kind(v))),
        }
        let author = match r.field("from") {
            Some(Value::String(s)) => s.clone(),
            None => r
                .field("from_id")
                .and_then(json::scalar)
                .unwrap_or_default(),
            Some(v) => return Err(format!("`from` is {}; skipped", json::kind(v))),
        };
        let mut text = match r.field("text") {
            None => String::new(),
            Some(v) => text_of(v)?,
        };
        if text.trim().is_empty() {
            text = placeholder(r);
        }
        let (time, time_raw) = self.time(r, line);
        Ok(Some(Message {
            author,
            time,
            time_raw,
            text,
            line,
            deleted: false,
        }))
    }

    /// The message time: `date_unixtime` (UTC) when readable, else the zone-less `date`.
    /// A record with neither keeps its text and is reported.
    fn time(&mut self, r: &Sparse<MessageKeys>, line: u64) -> (Option<DateTime<Utc>>, String) {
        let unix = r.field("date_unixtime");
        let date = r.field("date").and_then(Value::as_str);
        let raw = date
            .map(str::to_string)
            .or_else(|| unix.and_then(json::scalar))
            .unwrap_or_default();
        let from_unix = unix
            .and_then(json::scalar)
            .and_then(|s| s.trim().parse::<i64>().ok())
            .and_then(|secs| DateTime::from_timestamp(secs, 0));
        if from_unix.is_some() {
            return (from_unix, raw);
        }
        let from_date = date
            .and_then(|d| NaiveDateTime::parse_from_str(d.trim(), "%Y-%m-%dT%H:%M:%S").ok())
            .and_then(|naive| self.local.to_utc(&naive));
        if from_date.is_none() && (unix.is_some() || r.field("date").is_some()) {
            self.parsed.errors.push(InputError::new(
                self.source.display,
                Some(line),
                format!(
                    "message record {line}: date {raw:?} is unreadable; message kept without a time"
                ),
            ));
        }
        (from_date, raw)
    }

    fn finish(mut self) -> Parsed {
        if self.local.placed > 0 {
            self.parsed.assumptions.push(format!(
                "{} messages carry only a zone-less `date`; read as {}",
                self.local.placed, self.opts.timezone
            ));
        }
        let dst = self.local.dst_assumptions();
        self.parsed.assumptions.extend(dst);
        if self.service > 0 {
            self.parsed.assumptions.push(format!(
                "{} service records (joins, calls, pins, ...) are not messages and were not read",
                self.service
            ));
        }
        if self.empty_chats > 0 {
            self.parsed.assumptions.push(format!(
                "{} chats without messages were left out",
                self.empty_chats
            ));
        }
        self.parsed
    }
}

/// `text` as a string: a plain string, or a list of strings and `{"type", "text"}`
/// entities concatenated as written (Telegram writes the spaces between entities as plain
/// strings, so nothing is inserted).
fn text_of(v: &Value) -> Result<String, String> {
    match v {
        Value::String(s) => Ok(s.clone()),
        Value::Array(parts) => {
            let mut out = String::new();
            for part in parts {
                match part {
                    Value::String(s) => out.push_str(s),
                    Value::Object(entity) => match entity.get("text") {
                        Some(Value::String(s)) => out.push_str(s),
                        None | Some(Value::Null) => {}
                        Some(other) => {
                            return Err(format!(
                                "a `text` entity's text is {}; skipped",
                                json::kind(other)
                            ));
                        }
                    },
                    Value::Null => {}
                    other => {
                        return Err(format!("a `text` part is {}; skipped", json::kind(other)));
                    }
                }
            }
            Ok(out)
        }
        other => Err(format!("`text` is {}; skipped", json::kind(other))),
    }
}

/// What stands in for the text of a message that has none: the kind of media it carries.
fn placeholder(r: &Sparse<MessageKeys>) -> String {
    let s = |key: &str| {
        r.field(key)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
    };
    let with = |kind: &str, detail: Option<&str>| match detail {
        Some(d) => format!("<{kind}: {d}>"),
        None => format!("<{kind}>"),
    };
    if r.field("photo").is_some() {
        return "<photo>".into();
    }
    let file_name = s("file_name");
    if let Some(media) = s("media_type") {
        return match media {
            "sticker" => with("sticker", s("sticker_emoji")),
            "voice_message" => "<voice message>".into(),
            "video_message" => "<video message>".into(),
            "video_file" => with("video", file_name),
            "animation" => "<gif>".into(),
            "audio_file" => with("audio", s("title").or(file_name)),
            other => with(other, file_name),
        };
    }
    if r.field("file").is_some() || file_name.is_some() {
        return with("file", file_name);
    }
    if r.field("location_information").is_some()
        || r.field("live_location_period_seconds").is_some()
    {
        return with("location", s("place_name"));
    }
    if r.field("contact_information").is_some() {
        return "<contact>".into();
    }
    if let Some(poll) = r.field("poll") {
        return with("poll", poll.get("question").and_then(Value::as_str));
    }
    if let Some(game) = s("game_title") {
        return with("game", Some(game));
    }
    if r.field("invoice_information").is_some() {
        return "<invoice>".into();
    }
    "<empty message>".into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::FixedOffset;
    use std::path::Path;

    fn source(bytes: &[u8]) -> Source<'_> {
        Source {
            path: Path::new("t"),
            display: "dir/result.json",
            bytes,
        }
    }

    fn run(body: &str) -> Result<Parsed, InputError> {
        parse(&source(body.as_bytes()), &IngestOptions::default())
    }

    const CHAT: &str = r#"{
 "name": "Study group",
 "type": "private_group",
 "id": 4242,
 "messages": [
  {"id": 1, "type": "service", "date": "2024-02-01T09:00:00", "date_unixtime": "1706778000",
   "actor": "Kim", "action": "create_group", "text": ""},
  {"id": 2, "type": "message", "date": "2024-02-01T09:01:00", "date_unixtime": "1706778060",
   "from": "Kim", "from_id": "user1", "text": "did you finish the homework?"},
  {"id": 3, "type": "message", "date": "2024-02-01T09:02:00",
   "from": "Lee", "from_id": "user2",
   "text": ["see ", {"type": "link", "text": "https://example.org"}, " page ", {"type": "bold", "text": "4"}]},
  {"id": 4, "type": "message", "date_unixtime": "1706778180", "from": null, "from_id": "user3",
   "photo": "(File not included.)", "text": ""},
  {"id": 5, "type": "message", "date_unixtime": "1706778240", "from": "Kim",
   "file": "files/notes.pdf", "file_name": "notes.pdf", "text": ""},
  {"id": 6, "type": "message", "date_unixtime": "1706778300", "from": "Lee",
   "media_type": "sticker", "sticker_emoji": "👍", "file": "x.webp", "text": ""},
  {"id": 7, "type": "message", "date_unixtime": "1706778360", "from": "Lee",
   "forwarded_from": "School news", "text": "term starts monday"},
  {"id": 8, "type": "message", "date_unixtime": "1706778420", "from": "Kim",
   "poll": {"question": "pizza or pasta?", "answers": []}, "text": ""}
 ]
}"#;

    #[test]
    fn reads_one_chat() {
        let opts = IngestOptions {
            timezone: crate::ingest::zone::Zone::Fixed(FixedOffset::east_opt(2 * 3600).unwrap()),
            input_format: None,
            date_order: None,
        };
        let p = parse(&source(CHAT.as_bytes()), &opts).unwrap();
        assert!(p.errors.is_empty(), "{:?}", p.errors);
        assert_eq!(p.conversations.len(), 1);
        let c = &p.conversations[0];
        assert_eq!((c.key.as_str(), c.title.as_str()), ("4242", "Study group"));
        let got: Vec<(u64, &str, &str)> = c
            .messages
            .iter()
            .map(|m| (m.line, m.author.as_str(), m.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (2, "Kim", "did you finish the homework?"),
                (3, "Lee", "see https://example.org page 4"),
                (4, "user3", "<photo>"),
                (5, "Kim", "<file: notes.pdf>"),
                (6, "Lee", "<sticker: 👍>"),
                (7, "Lee", "term starts monday"),
                (8, "Kim", "<poll: pizza or pasta?>"),
            ]
        );
        let m = &c.messages[0];
        assert_eq!(m.time.unwrap().to_rfc3339(), "2024-02-01T09:01:00+00:00");
        assert_eq!(m.time_raw, "2024-02-01T09:01:00");
        // Only a zone-less `date`: read in the configured zone (UTC+2).
        let m = &c.messages[1];
        assert_eq!(m.time.unwrap().to_rfc3339(), "2024-02-01T07:02:00+00:00");
        assert_eq!(c.messages[2].time_raw, "1706778180");
        assert_eq!(
            p.assumptions,
            [
                "1 messages carry only a zone-less `date`; read as UTC+02:00",
                "1 service records (joins, calls, pins, ...) are not messages and were not read",
            ]
        );
    }

    /// Zone-less `date`s in a zone with daylight saving: gaps and folds are counted.
    #[test]
    fn zoneless_dates_count_gaps_and_folds() {
        let opts = IngestOptions {
            timezone: crate::ingest::zone::Zone::parse("Europe/London").unwrap(),
            input_format: None,
            date_order: None,
        };
        let body = r#"{"name": "Pat", "type": "personal_chat", "id": 5, "messages": [
 {"id": 1, "type": "message", "date": "2025-03-30T01:30:00", "from": "Pat", "text": "a"},
 {"id": 2, "type": "message", "date": "2025-10-26T01:30:00", "from": "Pat", "text": "b"},
 {"id": 3, "type": "message", "date": "2025-10-26T03:00:00", "from": "Pat", "text": "c"}]}"#;
        let p = parse(&source(body.as_bytes()), &opts).unwrap();
        let times: Vec<String> = p.conversations[0]
            .messages
            .iter()
            .map(|m| m.time.unwrap().to_rfc3339())
            .collect();
        assert_eq!(
            times,
            [
                "2025-03-30T01:30:00+00:00",
                "2025-10-26T00:30:00+00:00",
                "2025-10-26T03:00:00+00:00"
            ]
        );
        assert_eq!(
            p.assumptions,
            [
                "3 messages carry only a zone-less `date`; read as Europe/London (with its daylight-saving rules)",
                "1 local times do not exist in Europe/London (clocks went forward over them); read as the time after the gap",
                "1 local times happen twice in Europe/London (clocks went back); read as the earlier of the two",
            ]
        );
    }

    #[test]
    fn reads_an_account_export() {
        let body = r#"{
 "about": "Here is the data you requested.",
 "personal_information": {"first_name": "Sam"},
 "contacts": {"about": "", "list": [{"first_name": "A", "date": "2020-01-01T00:00:00"}]},
 "chats": {"about": "", "list": [
   {"name": "Pat", "type": "personal_chat", "id": 11, "messages": [
     {"id": 1, "type": "message", "date_unixtime": "1600000000", "from": "Pat", "text": "hi"}]},
   {"name": "Empty", "type": "personal_chat", "id": 12, "messages": []},
   {"type": "saved_messages", "messages": [
     {"id": 1, "type": "message", "date_unixtime": "1600000001", "from": "Sam", "text": "note"}]}
 ]},
 "left_chats": {"about": "", "list": [
   {"name": "Old club", "type": "public_supergroup", "id": 13, "messages": [
     {"id": 1, "type": "message", "date_unixtime": "1600000002", "from": "Jo", "text": "bye"}]}
 ]}
}"#;
        assert!(looks_like(&source(body.as_bytes())));
        let p = run(body).unwrap();
        let keys: Vec<(&str, &str)> = p
            .conversations
            .iter()
            .map(|c| (c.key.as_str(), c.title.as_str()))
            .collect();
        assert_eq!(keys, [("11", "Pat"), ("chat 3", ""), ("13", "Old club")]);
        assert!(
            p.assumptions
                .iter()
                .any(|a| a.contains("1 chats without messages"))
        );
    }

    #[test]
    fn bad_records_are_reported_and_the_rest_read() {
        let body = r#"{"name": "x", "id": 1, "messages": [
  {"type": "message", "date_unixtime": "1600000000", "from": "A", "text": "one"},
  "not a record",
  {"type": "message", "date_unixtime": "1600000000", "from": 7, "text": "bad author"},
  {"type": "message", "date_unixtime": "1600000000", "from": "A", "text": 12},
  {"type": "message", "date_unixtime": "1600000000", "from": "A", "text": [1, 2]},
  {"type": 3, "text": "bad type"},
  {"type": "message", "date_unixtime": "soon", "from": "B", "text": "no time"},
  {"type": "message", "from": "B", "text": "undated"},
  {"type": "message", "date_unixtime": 1600000100, "from": "B", "text": "numeric time"}
]}"#;
        let p = run(body).unwrap();
        let c = &p.conversations[0];
        let texts: Vec<&str> = c.messages.iter().map(|m| m.text.as_str()).collect();
        assert_eq!(texts, ["one", "no time", "undated", "numeric time"]);
        assert!(c.messages[1].time.is_none());
        assert!(c.messages[2].time.is_none());
        assert!(c.messages[3].time.is_some());
        let lines: Vec<Option<u64>> = p.errors.iter().map(|e| e.line).collect();
        assert_eq!(
            lines,
            [Some(2), Some(3), Some(4), Some(5), Some(6), Some(7)]
        );
        assert!(
            p.errors[0].message.contains("not an object"),
            "{}",
            p.errors[0]
        );
    }

    #[test]
    fn broken_files_are_errors_not_panics() {
        let deep = "{\"messages\": ".to_string() + &"[".repeat(100_000);
        let huge = format!(
            r#"{{"messages": [{{"type": "message", "from": "A", "text": "{}"}}]}}"#,
            "x".repeat(1 << 20)
        );
        for (body, line) in [
            (
                "{\"name\": \"x\",\n \"messages\": [\n {\"type\": \"mess",
                Some(3),
            ),
            ("{\"messages\": [}", Some(1)),
            ("[1, 2]", Some(1)),
            ("", Some(1)),
            ("{\"name\": \"no messages\"}", None),
            ("{\"messages\": \"wrong\"}", Some(1)),
            (deep.as_str(), Some(1)),
        ] {
            let e = run(body).unwrap_err();
            assert_eq!(e.line, line, "{body:.40}: {e}");
            assert_eq!(e.path, "dir/result.json");
        }
        let e = run("{\"name\": \"x\",\n \"messages\": [\n {\"type\": \"mess").unwrap_err();
        assert!(e.message.contains("truncated"), "{e}");
        let p = run(&huge).unwrap();
        assert_eq!(p.conversations[0].messages[0].text.len(), 1 << 20);
        assert!(parse(&source(b"\xff\xfe{}"), &IngestOptions::default()).is_err());
    }

    #[test]
    fn detection() {
        let yes: &[&str] = &[
            CHAT,
            r#"{"messages": [{"type": "message", "date_unixtime": "1", "text": "a"}]}"#,
            r#"{"name": "A", "type": "personal_chat", "id": 5, "messages": []}"#,
            "\u{feff}{\"about\": \"Here is the data\", \"personal_information\": {}}",
            r#"{"about": "", "chats": {"about": "", "list": [{"messages": []}]}}"#,
        ];
        let no: &[&str] = &[
            "",
            "[{\"type\": \"message\", \"date_unixtime\": \"1\"}]",
            r#"{"participants": [], "messages": [{"sender_name": "A", "timestamp_ms": 1, "content": "x"}]}"#,
            r#"{"guild": {}, "channel": {}, "messages": [{"type": "Default", "timestamp": "x"}]}"#,
            r#"{"conversation": "c1", "author": "A", "time": "2024-01-01T10:00:00Z", "text": "hi"}"#,
            "12/01/2020, 10:00 - A: \"date\": \"type\": \"message\"",
            "<?xml version='1.0'?><smses count=\"1\"><sms body=\"messages\" /></smses>",
            r#"{"messages": [], "text": "a file that says \"date_unixtime\": but is not one"}"#,
        ];
        for body in yes {
            assert!(looks_like(&source(body.as_bytes())), "{body:.60}");
        }
        for body in no {
            assert!(!looks_like(&source(body.as_bytes())), "{body:.60}");
        }
    }

    #[test]
    fn key_probe() {
        use json::{has_key, has_value};
        assert!(has_key(r#"{"a" : 1}"#, "a"));
        assert!(!has_key(r#"{"b": "a"}"#, "a"));
        assert!(!has_key(r#"{"b": "x \"a\": y"}"#, "a"));
        assert!(has_value(
            r#"{"type":  "message"}"#,
            "type",
            &["service", "message"]
        ));
        assert!(!has_value(r#"{"type": "messages"}"#, "type", &["message"]));
        assert!(!has_value(r#"{"type": 1}"#, "type", &["message"]));
    }
}
