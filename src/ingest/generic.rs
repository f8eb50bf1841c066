//! Generic message tables: JSONL (one JSON object a line) and CSV (a header row), with the
//! fields `conversation`, `author`, `time`, `text`. Only `text` is required: a forensic
//! export with text alone is one conversation per file. Common aliases for the column
//! names are accepted (`chat`, `sender`, `timestamp`, `body`, ...). Rows are grouped into
//! conversations by the `conversation` value, in order of first appearance; a bad row is
//! reported with its line and skipped.

use super::{IngestOptions, Parsed, ParsedConversation, Source, utf8};
use crate::error::InputError;
use crate::model::Message;
use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use std::collections::HashMap;

const CONVERSATION: &[&str] = &[
    "conversation",
    "conversation_id",
    "chat",
    "chat_id",
    "thread",
    "thread_id",
    "channel",
];
const AUTHOR: &[&str] = &[
    "author", "sender", "from", "user", "username", "name", "speaker",
];
const TIME: &[&str] = &[
    "time",
    "timestamp",
    "date",
    "datetime",
    "sent",
    "created_at",
];
const TEXT: &[&str] = &["text", "message", "body", "content", "msg"];

fn field_kind(name: &str) -> Option<usize> {
    let n = name
        .trim()
        .trim_matches('"')
        .to_ascii_lowercase()
        .replace([' ', '-'], "_");
    [CONVERSATION, AUTHOR, TIME, TEXT]
        .iter()
        .position(|names| names.contains(&n.as_str()))
}

/// True when the first line is a JSON object with a text field.
pub fn looks_like_jsonl(head: &str) -> bool {
    let first = head.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    match serde_json::from_str::<serde_json::Value>(first) {
        Ok(serde_json::Value::Object(map)) => map.keys().any(|k| field_kind(k) == Some(3)),
        _ => false,
    }
}

/// True when the first line is a delimited header naming a text column.
pub fn looks_like_csv(head: &str) -> bool {
    let first = head.lines().next().unwrap_or("");
    sniff_delimiter(first, 2).is_some()
}

/// The delimiter whose split of the header has a text column and at least `min_columns`
/// columns. Detection asks for two; a file read as CSV on request may have one.
fn sniff_delimiter(header: &str, min_columns: usize) -> Option<u8> {
    [b',', b'\t', b';'].into_iter().find(|&d| {
        let (mut columns, mut text) = (0usize, false);
        for f in header.split(d as char) {
            columns += 1;
            text = text || is_text_name(f);
        }
        columns >= min_columns && text
    })
}

/// `field_kind(name) == Some(3)` (a text column) without building the folded name: the
/// detector asks this of the first line of every file it is offered.
fn is_text_name(name: &str) -> bool {
    let n = name.trim().trim_matches('"').as_bytes();
    let fold = |b: u8| match b.to_ascii_lowercase() {
        b' ' | b'-' => b'_',
        b => b,
    };
    TEXT.iter()
        .any(|t| t.len() == n.len() && n.iter().zip(t.bytes()).all(|(&b, want)| fold(b) == want))
}

/// Groups rows into conversations in order of first appearance.
#[derive(Default)]
struct Grouper {
    order: Vec<ParsedConversation>,
    index: HashMap<String, usize>,
}

impl Grouper {
    fn push(&mut self, key: String, message: Message) {
        let i = *self.index.entry(key.clone()).or_insert_with(|| {
            self.order.push(ParsedConversation {
                key: key.clone(),
                title: key.clone(),
                messages: Vec::new(),
            });
            self.order.len() - 1
        });
        self.order[i].messages.push(message);
    }
}

/// Reads a time value: RFC 3339 with an offset, or a zone-less date-time read in
/// `opts.timezone` (recorded as an assumption by the caller).
fn parse_time(raw: &str, opts: &IngestOptions, zoneless: &mut bool) -> Result<DateTime<Utc>, ()> {
    let raw = raw.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(raw) {
        return Ok(t.with_timezone(&Utc));
    }
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(raw, fmt) {
            *zoneless = true;
            return opts
                .timezone
                .from_local_datetime(&naive)
                .single()
                .map(|t| t.with_timezone(&Utc))
                .ok_or(());
        }
    }
    Err(())
}

struct Row {
    conversation: Option<String>,
    author: String,
    time: Option<String>,
    text: String,
}

fn finish(
    source: &Source,
    opts: &IngestOptions,
    rows: Vec<(u64, Row)>,
    mut parsed: Parsed,
) -> Parsed {
    let mut grouper = Grouper::default();
    let mut zoneless = false;
    let stem = super::stem(source.display);
    for (line, row) in rows {
        let time = match row.time.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            None => None,
            Some(raw) => match parse_time(raw, opts, &mut zoneless) {
                Ok(t) => Some(t),
                Err(()) => {
                    parsed.errors.push(InputError::new(
                        source.display,
                        Some(line),
                        format!("time {raw:?} is not RFC 3339; message kept without a time"),
                    ));
                    None
                }
            },
        };
        let message = Message {
            author: row.author,
            time,
            time_raw: row.time.unwrap_or_default(),
            text: row.text,
            line,
        };
        grouper.push(row.conversation.unwrap_or_else(|| stem.clone()), message);
    }
    if zoneless {
        parsed.assumptions.push(format!(
            "some timestamps carry no time zone; read as UTC{}",
            opts.timezone
        ));
    }
    parsed.conversations = grouper.order;
    parsed.errors.sort_by_key(|e| e.line);
    parsed
}

/// JSONL: one message object a line. Blank lines are skipped.
pub fn parse_jsonl(source: &Source, opts: &IngestOptions) -> Result<Parsed, InputError> {
    let text = utf8(source)?;
    let mut parsed = Parsed::default();
    let mut rows = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let n = i as u64 + 1;
        if line.trim().is_empty() {
            continue;
        }
        let err = |m: &str| InputError::new(source.display, Some(n), m.to_string());
        let value: serde_json::Value = match serde_json::from_str(line) {
            Ok(v) => v,
            Err(e) => {
                parsed
                    .errors
                    .push(err(&format!("not a JSON object ({e}); line skipped")));
                continue;
            }
        };
        let Some(map) = value.as_object() else {
            parsed.errors.push(err("not a JSON object; line skipped"));
            continue;
        };
        let mut fields: [Option<&serde_json::Value>; 4] = [None; 4];
        for (k, v) in map {
            if let Some(kind) = field_kind(k) {
                fields[kind].get_or_insert(v);
            }
        }
        let as_string = |v: Option<&serde_json::Value>| match v {
            Some(serde_json::Value::String(s)) => Some(s.clone()),
            Some(serde_json::Value::Number(x)) => Some(x.to_string()),
            _ => None,
        };
        let Some(text) = as_string(fields[3]) else {
            parsed.errors.push(err("no `text` string; line skipped"));
            continue;
        };
        rows.push((
            n,
            Row {
                conversation: as_string(fields[0]),
                author: as_string(fields[1]).unwrap_or_default(),
                time: fields[2].and_then(|v| v.as_str()).map(str::to_string),
                text,
            },
        ));
    }
    if rows.is_empty() {
        return Err(InputError::file(
            source.display,
            "no readable messages in JSONL file",
        ));
    }
    Ok(finish(source, opts, rows, parsed))
}

/// CSV (or TSV / semicolon-separated) with a header row.
pub fn parse_csv(source: &Source, opts: &IngestOptions) -> Result<Parsed, InputError> {
    let text = utf8(source)?;
    let header = text.lines().next().unwrap_or("");
    let Some(delimiter) = sniff_delimiter(header, 1) else {
        return Err(InputError::new(
            source.display,
            Some(1),
            "header names no text column (text, message, body or content)",
        ));
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut columns: [Option<usize>; 4] = [None; 4];
    let headers = reader
        .headers()
        .map_err(|e| InputError::new(source.display, Some(1), e.to_string()))?
        .clone();
    for (i, h) in headers.iter().enumerate() {
        if let Some(kind) = field_kind(h) {
            columns[kind].get_or_insert(i);
        }
    }
    let mut parsed = Parsed::default();
    let mut records = Vec::new();
    for result in reader.records() {
        match result {
            Ok(r) => records.push(r),
            Err(e) => {
                let line = e.position().map(|p| p.line());
                parsed.errors.push(InputError::new(
                    source.display,
                    line,
                    format!("unreadable CSV record ({e}); skipped"),
                ));
            }
        }
    }
    let mut rows = Vec::with_capacity(records.len());
    for r in &records {
        let line = r.position().map_or(0, |p| p.line());
        let get = |kind: usize| columns[kind].and_then(|c| r.get(c));
        let Some(text) = get(3) else {
            parsed.errors.push(InputError::new(
                source.display,
                Some(line),
                "record has no text column; skipped",
            ));
            continue;
        };
        rows.push((
            line,
            Row {
                conversation: get(0).filter(|c| !c.is_empty()).map(str::to_string),
                author: get(1).unwrap_or("").to_string(),
                time: get(2).map(str::to_string),
                text: text.to_string(),
            },
        ));
    }
    if rows.is_empty() && parsed.errors.is_empty() {
        return Err(InputError::file(
            source.display,
            "CSV file has a header but no rows",
        ));
    }
    Ok(finish(source, opts, rows, parsed))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn run(
        f: fn(&Source, &IngestOptions) -> Result<Parsed, InputError>,
        body: &str,
    ) -> Result<Parsed, InputError> {
        let s = Source {
            path: Path::new("t"),
            display: "dir/t.x",
            bytes: body.as_bytes(),
        };
        f(&s, &IngestOptions::default())
    }

    #[test]
    fn jsonl_groups_and_reports_bad_lines() {
        let body = concat!(
            r#"{"conversation":"a","author":"X","time":"2025-03-14T19:04:00Z","text":"hi"}"#,
            "\n\nnot json\n",
            r#"{"conversation":"b","author":"Y","time":null,"text":"yo"}"#,
            "\n",
            r#"{"conversation":"a","author":"Z","time":"2025-03-14 19:05:00","text":"hey"}"#,
            "\n",
            r#"{"conversation":"a","author":"Z","time":"yesterday","text":"later"}"#,
            "\n",
            r#"{"conversation":"a","author":"Z"}"#,
            "\n[1,2]\n",
        );
        let p = run(parse_jsonl, body).unwrap();
        let keys: Vec<&str> = p.conversations.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(keys, ["a", "b"]);
        assert_eq!(p.conversations[0].messages.len(), 3);
        assert_eq!(p.conversations[0].messages[1].line, 5);
        assert_eq!(
            p.conversations[0].messages[0].time.unwrap().to_rfc3339(),
            "2025-03-14T19:04:00+00:00"
        );
        let lines: Vec<Option<u64>> = p.errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [Some(3), Some(6), Some(7), Some(8)]);
        assert_eq!(p.assumptions.len(), 1, "zone-less time is an assumption");
    }

    #[test]
    fn csv_with_aliases_and_text_only() {
        let p = run(parse_csv, "Chat,Sender,Timestamp,Body\nc1,A,2025-01-01T10:00:00Z,\"hi, there\"\nc1,B,,\"two\nlines\"\nc2,A,,x\n").unwrap();
        assert_eq!(p.conversations.len(), 2);
        assert_eq!(p.conversations[0].messages[1].text, "two\nlines");
        assert_eq!(p.conversations[0].messages[1].line, 3);
        let p = run(parse_csv, "text\nhello\nworld\n").unwrap();
        assert_eq!(
            p.conversations[0].messages.len(),
            2,
            "a text column alone is enough"
        );
        let p = run(parse_csv, "id,when\n1,2\n").unwrap_err();
        assert!(p.message.contains("no text column"), "{p}");
        let p = run(parse_csv, "id;message\n1;hello\n2;world\n").unwrap();
        assert_eq!(p.conversations.len(), 1);
        assert_eq!(
            p.conversations[0].key, "t",
            "text-only files are one conversation"
        );
        assert!(run(parse_csv, "a,text\n").is_err());
    }

    #[test]
    fn detection() {
        assert!(looks_like_jsonl(r#"{"text":"x"}"#));
        assert!(!looks_like_jsonl(r#"{"messages":[]}"#));
        assert!(!looks_like_jsonl("{\n \"text\": 1\n}"));
        assert!(looks_like_csv("conversation,author,time,text\n"));
        assert!(looks_like_csv("AuthorID\tAuthor\tDate\tContent\n"));
        assert!(!looks_like_csv("12/01/2020, 10:00 - A: text, more\n"));
    }

    #[test]
    fn is_text_name_is_field_kind_text() {
        for name in [
            "text",
            "Text",
            " TEXT ",
            "\"text\"",
            "body",
            "Message",
            "msg",
            "content",
            "content-",
            "message_id",
            "text ",
            "te xt",
            "",
            "\"",
            "author",
            "channel",
            "texts",
            "tëxt",
            "ÄBODY",
        ] {
            assert_eq!(is_text_name(name), field_kind(name) == Some(3), "{name:?}");
        }
    }
}
