//! DiscordChatExporter exports of one channel, in its JSON and CSV formats. Owns
//! recognising them (`looks_like`: `guild`, `channel` and `messages` keys; `looks_like_csv`:
//! the `AuthorID,Author,Date,Content,Attachments,Reactions` header) and reading each file
//! into one conversation.
//!
//! JSON: the key is the channel id; the title is "guild / channel", or the channel name
//! alone for direct and group messages. The author is the `nickname` when there is one,
//! else the `name`. `Default` and `Reply` records (and slash-command replies) are messages;
//! every other kind (`Call`, `ChannelPinnedMessage`, `GuildMemberJoin`, `RecipientAdd`,
//! `ThreadCreated`, ...) is a system line, counted in an assumption and not read. A message
//! without text gets a placeholder for what it carries (`<attachment: a.png>`,
//! `<sticker: Laugh>`, `<embed: title>`); a record with none of these is counted and
//! skipped. `Message::line` is the 1-based position of the record in `messages`.
//!
//! CSV: the key is the file stem (the CSV names no channel); `Message::line` is the line
//! where the record starts. The `Date` column is written in the exporting machine's locale
//! and zone, so its day/month order is inferred from all the file's dates, and times are
//! read in the configured zone; both are recorded as assumptions. The CSV carries no
//! message kind, so DiscordChatExporter's stand-in texts for system lines ("Pinned a
//! message.") cannot be told from typed text and are kept.
//!
//! It does not normalise text or reorder messages.

use super::json::{self, Keys, Sparse};
use super::zone::LocalTimes;
use super::{IngestOptions, Parsed, ParsedConversation, Source, stem, utf8};
use crate::error::InputError;
use crate::model::Message;
use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use serde::Deserialize;
use serde_json::Value;

/// The message-record keys this reader uses; reactions, mentions, avatars are skipped.
struct MessageKeys;

impl Keys for MessageKeys {
    const KEYS: &'static [&'static str] = &[
        "type",
        "timestamp",
        "content",
        "author",
        "attachments",
        "stickers",
        "embeds",
    ];
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Export {
    guild: Option<Value>,
    channel: Option<Value>,
    messages: Option<Vec<Sparse<MessageKeys>>>,
}

/// Message kinds that are people writing; every other kind is a system line.
const MESSAGE_KINDS: &[&str] = &["Default", "Reply", "ChatInputCommand", "ContextMenuCommand"];

/// The same kinds as Discord's numeric message types, in case an export writes numbers.
const MESSAGE_KIND_NUMBERS: &[u64] = &[0, 19, 20, 23];

/// The CSV header DiscordChatExporter writes.
const CSV_HEADER: [&str; 6] = [
    "AuthorID",
    "Author",
    "Date",
    "Content",
    "Attachments",
    "Reactions",
];

/// True when the head of the file is a DiscordChatExporter JSON export.
pub fn looks_like(source: &Source) -> bool {
    looks_like_head(&json::head(source))
}

/// `looks_like` on the head as `json::head` decodes it (detection decodes it once for
/// every sniffer).
pub fn looks_like_head(head: &str) -> bool {
    let has = |key: &str| json::has_key(head, key);
    json::is_object(head)
        && has("guild")
        && has("channel")
        && has("messages")
        && !has("sender_name")
        && !has("date_unixtime")
}

/// Reads a DiscordChatExporter JSON export: one conversation.
pub fn parse(source: &Source, _opts: &IngestOptions) -> Result<Parsed, InputError> {
    let export: Export = json::from_source(source, "DiscordChatExporter export")?;
    let Some(records) = export.messages else {
        return Err(InputError::file(
            source.display,
            "no `messages` array: not a DiscordChatExporter export; file skipped",
        ));
    };
    let text_of = |v: Option<&Value>, key: &str| {
        v.and_then(|v| v.get(key))
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    let guild_name = text_of(export.guild.as_ref(), "name");
    let guild_id = export
        .guild
        .as_ref()
        .and_then(|g| g.get("id"))
        .and_then(json::scalar);
    let channel = export.channel.as_ref();
    let channel_name = text_of(channel, "name");
    let channel_type = text_of(channel, "type");
    let direct = channel_type.starts_with("Direct") || guild_id.as_deref() == Some("0");
    let title = if direct || guild_name.is_empty() {
        channel_name
    } else if channel_name.is_empty() {
        guild_name
    } else {
        format!("{guild_name} / {channel_name}")
    };
    let key = channel
        .and_then(|c| c.get("id"))
        .and_then(json::scalar)
        .unwrap_or_default();

    let mut parsed = Parsed::default();
    let mut messages = Vec::new();
    let (mut system, mut empty) = (0usize, 0usize);
    for (i, record) in records.iter().enumerate() {
        let line = i as u64 + 1;
        match message(record, line, source, &mut parsed) {
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
    if system > 0 {
        parsed.assumptions.push(format!(
            "{system} system records (calls, pins, joins, renames, ...) are not messages and were not read"
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

enum Read {
    Message(Message),
    System,
    Empty,
}

fn message(
    r: &Sparse<MessageKeys>,
    line: u64,
    source: &Source,
    parsed: &mut Parsed,
) -> Result<Read, String> {
    if let Some(shape) = r.not_object {
        return Err(format!("is {shape}, not an object; skipped"));
    }
    let is_message = match r.field("type") {
        None => true,
        Some(Value::String(kind)) => MESSAGE_KINDS.contains(&kind.as_str()),
        Some(Value::Number(n)) => n
            .as_u64()
            .is_some_and(|n| MESSAGE_KIND_NUMBERS.contains(&n)),
        Some(v) => return Err(format!("`type` is {}; skipped", json::kind(v))),
    };
    if !is_message {
        return Ok(Read::System);
    }
    let author = match r.field("author") {
        None => String::new(),
        Some(Value::Object(a)) => {
            let name = |key: &str| a.get(key).and_then(Value::as_str).filter(|s| !s.is_empty());
            name("nickname").or(name("name")).unwrap_or("").to_string()
        }
        Some(v) => return Err(format!("`author` is {}; skipped", json::kind(v))),
    };
    let mut text = match r.field("content") {
        None => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(v) => return Err(format!("`content` is {}; skipped", json::kind(v))),
    };
    if text.trim().is_empty() {
        text = placeholders(r);
        if text.is_empty() {
            return Ok(Read::Empty);
        }
    }
    let time_raw = match r.field("timestamp") {
        None => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(v) => json::scalar(v).unwrap_or_default(),
    };
    let time = if time_raw.is_empty() {
        None
    } else {
        let t = DateTime::parse_from_rfc3339(time_raw.trim()).ok();
        if t.is_none() {
            parsed.errors.push(InputError::new(
                source.display,
                Some(line),
                format!(
                    "message record {line}: timestamp {time_raw:?} is not RFC 3339; message kept without a time"
                ),
            ));
        }
        t.map(|t| t.with_timezone(&Utc))
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

/// Placeholders for what a message without text carries, space-separated ("" for none).
fn placeholders(r: &Sparse<MessageKeys>) -> String {
    let mut out: Vec<String> = Vec::new();
    let items = |key: &str| {
        r.field(key)
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    };
    let str_at = |v: &Value, key: &str| {
        v.get(key)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    for a in items("attachments") {
        let name = str_at(a, "fileName").or_else(|| str_at(a, "url").map(|u| url_file_name(&u)));
        out.push(tag("attachment", name.as_deref()));
    }
    for s in items("stickers") {
        out.push(tag("sticker", str_at(s, "name").as_deref()));
    }
    for e in items("embeds") {
        out.push(tag(
            "embed",
            str_at(e, "title").or_else(|| str_at(e, "url")).as_deref(),
        ));
    }
    out.join(" ")
}

fn tag(kind: &str, detail: Option<&str>) -> String {
    match detail {
        Some(d) => format!("<{kind}: {d}>"),
        None => format!("<{kind}>"),
    }
}

/// The last path segment of a URL, without its query.
fn url_file_name(url: &str) -> String {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    path.rsplit('/').next().unwrap_or(path).to_string()
}

/// True when the file's first line is DiscordChatExporter's CSV header.
pub fn looks_like_csv(source: &Source) -> bool {
    looks_like_csv_head(&json::head(source))
}

/// `looks_like_csv` on the decoded head: the first four fields of the first line are
/// DiscordChatExporter's (in any ASCII case, quotes and spaces around them ignored).
pub fn looks_like_csv_head(head: &str) -> bool {
    let first = head.lines().next().unwrap_or("");
    let mut fields = first
        .trim_end_matches('\r')
        .split(',')
        .map(|f| f.trim().trim_matches('"'));
    CSV_HEADER[..4]
        .iter()
        .all(|want| fields.next().is_some_and(|f| f.eq_ignore_ascii_case(want)))
}

/// Reads a DiscordChatExporter CSV export: one conversation named after the file.
pub fn parse_csv(source: &Source, opts: &IngestOptions) -> Result<Parsed, InputError> {
    let text = utf8(source)?;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| {
            InputError::new(
                source.display,
                Some(1),
                format!("unreadable CSV header ({e}); file skipped"),
            )
        })?
        .clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
    };
    let (Some(author_col), Some(date_col), Some(content_col)) =
        (column("Author"), column("Date"), column("Content"))
    else {
        return Err(InputError::new(
            source.display,
            Some(1),
            "header lacks the Author, Date and Content columns of a DiscordChatExporter CSV; file skipped",
        ));
    };
    let attachments_col = column("Attachments");

    let mut parsed = Parsed::default();
    let mut rows = Vec::new();
    for result in reader.records() {
        match result {
            Ok(r) => rows.push(r),
            Err(e) => parsed.errors.push(InputError::new(
                source.display,
                e.position().map(|p| p.line()),
                format!("unreadable CSV record ({e}); skipped"),
            )),
        }
    }
    let dates = DateReader::new(rows.iter().filter_map(|r| r.get(date_col)));
    let mut messages = Vec::new();
    let mut empty = 0usize;
    let mut local = LocalTimes::new(&opts.timezone);
    for r in &rows {
        let line = r.position().map_or(0, |p| p.line());
        let mut text = r.get(content_col).unwrap_or("").to_string();
        if text.trim().is_empty() {
            text = attachments_col
                .and_then(|c| r.get(c))
                .unwrap_or("")
                .split(',')
                .map(str::trim)
                .filter(|u| !u.is_empty())
                .map(|u| tag("attachment", Some(&url_file_name(u))))
                .collect::<Vec<_>>()
                .join(" ");
            if text.is_empty() {
                empty += 1;
                continue;
            }
        }
        let time_raw = r.get(date_col).unwrap_or("").to_string();
        let time = match dates.read(&time_raw, &mut local) {
            Ok(t) => t,
            Err(()) => {
                parsed.errors.push(InputError::new(
                    source.display,
                    Some(line),
                    format!("date {time_raw:?} is unreadable; message kept without a time"),
                ));
                None
            }
        };
        messages.push(Message {
            author: r.get(author_col).unwrap_or("").to_string(),
            time,
            time_raw,
            text,
            line,
            deleted: false,
        });
    }
    if let Some(order) = dates.ambiguous {
        parsed.assumptions.push(format!(
            "date order is ambiguous (all day and month fields are 12 or less); read as {order}"
        ));
    }
    if local.placed > 0 {
        parsed.assumptions.push(format!(
            "timestamps carry no time zone; read as {}",
            opts.timezone
        ));
    }
    parsed.assumptions.extend(local.dst_assumptions());
    if empty > 0 {
        parsed.assumptions.push(format!(
            "{empty} records without text or attachments were not read"
        ));
    }
    parsed.conversations.push(ParsedConversation {
        key: stem(source.display),
        title: String::new(),
        messages,
    });
    Ok(parsed)
}

/// Reads the CSV `Date` column: RFC 3339, or a zone-less date and time in one of the
/// shapes .NET's "g" format and DiscordChatExporter's older default write
/// (`1/4/2019 5:52 PM`, `04.01.2019 17:52`, `2019-01-04 17:52`, `04-Jan-19 05:52 PM`).
/// The day/month order of numeric dates is decided once for the whole file.
struct DateReader {
    day_first: bool,
    /// The order chosen when the file's dates do not decide it, in words.
    ambiguous: Option<&'static str>,
}

/// A numeric date and time split into its parts.
struct Numeric {
    parts: [u32; 3],
    /// The year comes first (`2019-01-04`).
    year_first: bool,
    time: NaiveTime,
}

impl DateReader {
    fn new<'a>(raws: impl Iterator<Item = &'a str>) -> DateReader {
        let (mut first_big, mut second_big, mut meridiem, mut any) = (false, false, false, false);
        for raw in raws {
            if let Some(n) = numeric(raw)
                && !n.year_first
            {
                any = true;
                first_big |= n.parts[0] > 12;
                second_big |= n.parts[1] > 12;
            }
            let lower = raw.to_ascii_lowercase();
            meridiem |= lower.ends_with("am") || lower.ends_with("pm");
        }
        match (first_big, second_big) {
            (true, false) => DateReader {
                day_first: true,
                ambiguous: None,
            },
            (false, true) => DateReader {
                day_first: false,
                ambiguous: None,
            },
            // Undecided (or contradictory): 12-hour clocks go with month first (en-US),
            // 24-hour clocks with day first (most other locales).
            _ => DateReader {
                day_first: !meridiem,
                ambiguous: any.then_some(if meridiem {
                    "month/day/year"
                } else {
                    "day/month/year"
                }),
            },
        }
    }

    /// The time; a zone-less one is placed (and counted, with its gaps and folds) by
    /// `local`, in the configured zone.
    fn read(&self, raw: &str, local: &mut LocalTimes) -> Result<Option<DateTime<Utc>>, ()> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Ok(None);
        }
        if let Ok(t) = DateTime::parse_from_rfc3339(raw) {
            return Ok(Some(t.with_timezone(&Utc)));
        }
        // .NET's "u" format: "2019-01-04 17:52:39Z" is UTC.
        if let Ok(t) = NaiveDateTime::parse_from_str(raw, "%Y-%m-%d %H:%M:%SZ") {
            return Ok(Some(t.and_utc()));
        }
        let naive = self.naive(raw).ok_or(())?;
        local.to_utc(&naive).map(Some).ok_or(())
    }

    fn naive(&self, raw: &str) -> Option<NaiveDateTime> {
        for fmt in [
            "%d-%b-%y %I:%M %p",
            "%d-%b-%Y %I:%M %p",
            "%Y-%m-%dT%H:%M:%S%.f",
        ] {
            if let Ok(t) = NaiveDateTime::parse_from_str(raw, fmt) {
                return Some(t);
            }
        }
        let n = numeric(raw)?;
        let [a, b, c] = n.parts;
        let (y, m, d) = if n.year_first {
            (a, b, c)
        } else if self.day_first {
            (c, b, a)
        } else {
            (c, a, b)
        };
        let y = if y < 100 { y + 2000 } else { y };
        NaiveDate::from_ymd_opt(y as i32, m, d).map(|d| d.and_time(n.time))
    }
}

/// Splits `D/M/Y H:MM[:SS][ AM|PM]` (separators `/`, `.`, `-`; year first or last).
fn numeric(raw: &str) -> Option<Numeric> {
    let raw = raw.trim();
    let (date, time) = raw.split_once([' ', 'T'])?;
    let date = date.trim_end_matches(',');
    let sep = date.chars().find(|c| matches!(c, '/' | '.' | '-'))?;
    let parts: Vec<&str> = date.trim_end_matches('.').split(sep).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let num = |s: &str| {
        (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let parts = [num(a)?, num(b)?, num(c)?];
    let year_first = a.len() == 4;
    let time = time.trim();
    let lower = time.to_ascii_lowercase();
    let (clock, pm) = if let Some(t) = lower.strip_suffix("pm") {
        (t.trim().to_string(), Some(true))
    } else if let Some(t) = lower.strip_suffix("am") {
        (t.trim().to_string(), Some(false))
    } else {
        (lower, None)
    };
    let mut hms = clock.split(':').map(|s| s.trim().parse::<u32>().ok());
    let (h, mi) = (hms.next()??, hms.next()??);
    let s = match hms.next() {
        None => 0,
        Some(s) => s?,
    };
    let h = match pm {
        None => h,
        Some(_) if h == 0 || h > 12 => return None,
        Some(true) => h % 12 + 12,
        Some(false) => h % 12,
    };
    let time = NaiveTime::from_hms_opt(h, mi, s)?;
    Some(Numeric {
        parts,
        year_first,
        time,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::FixedOffset;
    use std::path::Path;

    fn source(bytes: &[u8]) -> Source<'_> {
        Source {
            path: Path::new("t"),
            display: "dir/channel.json",
            bytes,
        }
    }

    const EXPORT: &str = r#"{
  "guild": {"id": "1", "name": "Chess Club", "iconUrl": "x"},
  "channel": {"id": "77", "type": "GuildTextChat", "category": "Talk", "name": "general"},
  "dateRange": {"after": null, "before": null},
  "messages": [
    {"id": "1", "type": "GuildMemberJoin", "timestamp": "2024-03-01T10:00:00+00:00",
     "content": "Joined the server.", "author": {"name": "rook", "nickname": "Rook"}},
    {"id": "2", "type": "Default", "timestamp": "2024-03-01T10:01:00.5+01:00",
     "content": "anyone up for a game?", "author": {"name": "rook", "nickname": "Rook"}},
    {"id": "3", "type": "Reply", "timestamp": "2024-03-01T10:02:00+00:00",
     "content": "sure\nafter lunch", "author": {"name": "pawn", "nickname": ""},
     "reference": {"messageId": "2"}},
    {"id": "4", "type": "Default", "timestamp": "2024-03-01T10:03:00+00:00", "content": "",
     "author": {"name": "pawn"},
     "attachments": [{"url": "https://cdn.example/a/board.png?ex=1", "fileName": "board.png"}],
     "stickers": [{"name": "Wave"}]},
    {"id": "5", "type": "ChannelPinnedMessage", "timestamp": "2024-03-01T10:04:00+00:00",
     "content": "Pinned a message.", "author": {"name": "rook"}},
    {"id": "6", "type": "Default", "timestamp": "2024-03-01T10:05:00+00:00", "content": "",
     "author": {"name": "rook"}, "attachments": [], "embeds": []},
    {"id": "7", "type": "Default", "timestamp": "yesterday", "content": "gg",
     "author": {"name": "rook"}},
    {"id": "8", "type": "Default", "content": 5, "author": {"name": "rook"}},
    {"id": "9", "type": "Default", "content": "hi", "author": "rook"},
    [],
    {"id": "11", "type": "Call", "content": "Started a call.", "author": {"name": "rook"}}
  ]
}"#;

    #[test]
    fn reads_json() {
        let p = parse(&source(EXPORT.as_bytes()), &IngestOptions::default()).unwrap();
        assert_eq!(p.conversations.len(), 1);
        let c = &p.conversations[0];
        assert_eq!(
            (c.key.as_str(), c.title.as_str()),
            ("77", "Chess Club / general")
        );
        let got: Vec<(u64, &str, &str)> = c
            .messages
            .iter()
            .map(|m| (m.line, m.author.as_str(), m.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (2, "Rook", "anyone up for a game?"),
                (3, "pawn", "sure\nafter lunch"),
                (4, "pawn", "<attachment: board.png> <sticker: Wave>"),
                (7, "rook", "gg"),
            ]
        );
        assert_eq!(
            c.messages[0].time.unwrap().to_rfc3339(),
            "2024-03-01T09:01:00.500+00:00"
        );
        assert_eq!(c.messages[0].time_raw, "2024-03-01T10:01:00.5+01:00");
        assert!(c.messages[3].time.is_none());
        let errors: Vec<(Option<u64>, bool)> = p
            .errors
            .iter()
            .map(|e| (e.line, e.message.contains("RFC 3339")))
            .collect();
        assert_eq!(
            errors,
            [
                (Some(7), true),
                (Some(8), false),
                (Some(9), false),
                (Some(10), false)
            ]
        );
        assert_eq!(
            p.assumptions,
            [
                "3 system records (calls, pins, joins, renames, ...) are not messages and were not read",
                "1 records without text or media were not read",
            ]
        );
    }

    #[test]
    fn direct_messages_are_titled_by_channel() {
        for (guild, channel, want) in [
            (
                r#"{"id": "0", "name": "Direct Messages"}"#,
                r#"{"id": "5", "type": "DirectTextChat", "name": "Robin"}"#,
                "Robin",
            ),
            (
                r#"{"id": "9", "name": "G"}"#,
                r#"{"id": "5", "type": "DirectGroupTextChat", "name": "pals"}"#,
                "pals",
            ),
            (
                r#"{"id": "9", "name": "G"}"#,
                r#"{"id": 5, "type": "GuildTextChat", "name": "c"}"#,
                "G / c",
            ),
            ("null", r#"{"id": "5", "name": "c"}"#, "c"),
        ] {
            let body = format!(r#"{{"guild": {guild}, "channel": {channel}, "messages": []}}"#);
            let p = parse(&source(body.as_bytes()), &IngestOptions::default()).unwrap();
            assert_eq!(p.conversations[0].title, want, "{body}");
            assert_eq!(p.conversations[0].key, "5");
        }
    }

    #[test]
    fn broken_json_is_an_error_with_a_line() {
        for (body, line) in [
            (
                "{\"guild\": {},\n\"channel\": {},\n\"messages\": [\n{\"type\": \"Def",
                Some(4),
            ),
            ("{\"guild\": {}, \"channel\": {}}", None),
            ("{\"messages\": {}}", Some(1)),
            ("not json", Some(1)),
        ] {
            let e = parse(&source(body.as_bytes()), &IngestOptions::default()).unwrap_err();
            assert_eq!(e.line, line, "{body}: {e}");
        }
    }

    #[test]
    fn detection() {
        let csv = "AuthorID,Author,Date,Content,Attachments,Reactions\n1,a#1,x,hi,,\n";
        for (body, json, csv_like) in [
            (EXPORT, true, false),
            (csv, false, true),
            (
                "\u{feff}\"AuthorID\",\"Author\",\"Date\",\"Content\",\"Attachments\",\"Reactions\"\r\n",
                false,
                true,
            ),
            ("conversation,author,time,text\nc,a,t,x\n", false, false),
            ("Author,Date,Content\n", false, false),
            (
                r#"{"participants": [], "messages": [{"sender_name": "a", "timestamp_ms": 1}]}"#,
                false,
                false,
            ),
            (
                r#"{"name": "x", "id": 1, "messages": [{"type": "message", "date_unixtime": "1"}]}"#,
                false,
                false,
            ),
            (r#"{"channel": "c", "messages": []}"#, false, false),
            (
                "[01/02/2020, 10:00:00] guild: channel messages",
                false,
                false,
            ),
            ("", false, false),
        ] {
            let s = source(body.as_bytes());
            assert_eq!(looks_like(&s), json, "{body:.50}");
            assert_eq!(looks_like_csv(&s), csv_like, "{body:.50}");
        }
    }

    #[test]
    fn reads_csv() {
        let body = concat!(
            "AuthorID,Author,Date,Content,Attachments,Reactions\n",
            "1,\"rook#0001\",\"3/14/2024 5:04 PM\",\"hello there\",,\"👍 (2)\"\n",
            "2,\"pawn\",\"3/14/2024 5:05 PM\",\"two\nlines\",,\n",
            "2,\"pawn\",\"3/15/2024 9:00 AM\",\"\",\"https://cdn.example/x/pic.png?a=1,https://cdn.example/y/b.gif\",\n",
            "2,\"pawn\",\"3/15/2024 9:01 AM\",\"\",\"\",\n",
            "1,\"rook#0001\",\"not a date\",\"late\",,\n",
        );
        let opts = IngestOptions {
            timezone: crate::ingest::zone::Zone::Fixed(FixedOffset::west_opt(4 * 3600).unwrap()),
            input_format: None,
            date_order: None,
        };
        let p = parse_csv(
            &Source {
                path: Path::new("t"),
                display: "dir/chess.csv",
                bytes: body.as_bytes(),
            },
            &opts,
        )
        .unwrap();
        let c = &p.conversations[0];
        assert_eq!(c.key, "chess");
        let got: Vec<(u64, &str, &str)> = c
            .messages
            .iter()
            .map(|m| (m.line, m.author.as_str(), m.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (2, "rook#0001", "hello there"),
                (3, "pawn", "two\nlines"),
                (5, "pawn", "<attachment: pic.png> <attachment: b.gif>"),
                (7, "rook#0001", "late"),
            ]
        );
        assert_eq!(
            c.messages[0].time.unwrap().to_rfc3339(),
            "2024-03-14T21:04:00+00:00"
        );
        assert_eq!(c.messages[0].time_raw, "3/14/2024 5:04 PM");
        assert_eq!(p.errors.len(), 1);
        assert_eq!(p.errors[0].line, Some(7));
        assert!(
            p.assumptions.iter().any(|a| a.contains("UTC-04:00")),
            "{:?}",
            p.assumptions
        );
        assert!(
            p.assumptions
                .iter()
                .any(|a| a.contains("1 records without"))
        );
        assert!(!p.assumptions.iter().any(|a| a.contains("ambiguous")));
    }

    /// Zone-less CSV dates in a zone with daylight saving: the one in the spring gap and
    /// the one in the autumn fold are counted, as every reader of zone-less times does.
    #[test]
    fn csv_dates_count_gaps_and_folds() {
        let opts = IngestOptions {
            timezone: crate::ingest::zone::Zone::parse("Europe/London").unwrap(),
            ..IngestOptions::default()
        };
        let csv = "AuthorID,Author,Date,Content,Attachments,Reactions\n\
                   1,a#1,2025-03-30 01:30:00,in the gap,,\n\
                   1,a#1,2025-10-26 01:30:00,twice,,\n\
                   1,a#1,2025-10-26 03:00:00,plain,,\n";
        let p = parse_csv(&source(csv.as_bytes()), &opts).unwrap();
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
        for words in [
            "1 local times do not exist in Europe/London",
            "1 local times happen twice",
        ] {
            assert!(
                p.assumptions.iter().any(|a| a.contains(words)),
                "{words}: {:?}",
                p.assumptions
            );
        }
    }

    #[test]
    fn csv_dates() {
        let opts = IngestOptions::default();
        for (dates, want) in [
            (&["3/14/2024 5:04 PM"][..], "2024-03-14T17:04:00+00:00"),
            (&["14/03/2024 17:04"][..], "2024-03-14T17:04:00+00:00"),
            (&["14.03.2024 17:04"][..], "2024-03-14T17:04:00+00:00"),
            (&["2024-03-14 17:04:05"][..], "2024-03-14T17:04:05+00:00"),
            (&["2024-03-14 17:04:05Z"][..], "2024-03-14T17:04:05+00:00"),
            (&["14-Mar-24 05:04 PM"][..], "2024-03-14T17:04:00+00:00"),
            (
                &["2024-03-14T17:04:00.25+00:00"][..],
                "2024-03-14T17:04:00.250+00:00",
            ),
            // Undecided order: 24-hour clock reads day first, 12-hour month first.
            (&["03/04/2024 17:04"][..], "2024-04-03T17:04:00+00:00"),
            (&["03/04/2024 5:04 PM"][..], "2024-03-04T17:04:00+00:00"),
            // Another date in the file decides the order.
            (
                &["03/04/2024 17:04", "03/25/2024 10:00"][..],
                "2024-03-04T17:04:00+00:00",
            ),
        ] {
            let reader = DateReader::new(dates.iter().copied());
            let t = reader
                .read(dates[0], &mut LocalTimes::new(&opts.timezone))
                .unwrap();
            assert_eq!(t.unwrap().to_rfc3339(), want, "{dates:?}");
        }
        let reader = DateReader::new(["03/04/2024 17:04"].into_iter());
        assert_eq!(reader.ambiguous, Some("day/month/year"));
        for bad in [
            "13/13/2024 10:00",
            "1/1/2024 25:00",
            "1/1/2024 0:10 PM",
            "x y",
            "1/2 3:4",
        ] {
            assert!(
                DateReader::new([bad].into_iter())
                    .read(bad, &mut LocalTimes::new(&opts.timezone))
                    .is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn broken_csv_never_panics() {
        for body in [
            "AuthorID,Author,Date,Content,Attachments,Reactions\n",
            "AuthorID,Author,Date,Content,Attachments,Reactions\n1,a,\"unterminated\n",
            "AuthorID,Author,Date,Content,Attachments,Reactions\n1\n1,a\n1,a,b,c,d,e,f,g\n",
            "AuthorID,Author,Date,Content,Attachments,Reactions\n\u{0}\u{1},\"\",\"\",\"\",\"\",\n",
        ] {
            let s = Source {
                path: Path::new("t"),
                display: "x.csv",
                bytes: body.as_bytes(),
            };
            let _ = parse_csv(&s, &IngestOptions::default());
        }
        let s = Source {
            path: Path::new("t"),
            display: "x.csv",
            bytes: b"AuthorID,Nick\n1,a\n",
        };
        assert_eq!(
            parse_csv(&s, &IngestOptions::default()).unwrap_err().line,
            Some(1)
        );
    }
}
