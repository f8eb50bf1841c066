//! Generic message tables: JSONL (one JSON object a line) and CSV (a header row), with the
//! fields `conversation`, `author`, `time`, `text`. Only `text` is required: a forensic
//! export with text alone is one conversation per file. Common aliases for the column
//! names are accepted (`chat`, `sender`, `timestamp`, `body`, ...). Rows are grouped into
//! conversations by the `conversation` value, in order of first appearance; a bad row is
//! reported with its line and skipped.
//!
//! Two readers give the same conversations, errors and assumptions: `parse_jsonl` and
//! `parse_csv` over a file held whole, and for large files `plan` (a first pass that
//! hashes and checks the file and learns the line of each conversation's last row) then
//! `stream` (a second pass that hands each conversation on as soon as that row is read),
//! so memory holds one line or record and the conversations still open.

use super::text::{Lossy, Repair};
use super::zone::LocalTimes;
use super::{IngestOptions, Parsed, ParsedConversation, Source, utf8};
use crate::error::InputError;
use crate::model::Message;
use chrono::{DateTime, NaiveDateTime, Utc};
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use sha2::{Digest, Sha256};
use std::borrow::Cow;
use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom};

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

/// The four fields a message row has; the index of each in `Columns` and `Fields`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FieldKind {
    Conversation = 0,
    Author = 1,
    Time = 2,
    Text = 3,
}

impl FieldKind {
    const ALL: [FieldKind; 4] = [
        FieldKind::Conversation,
        FieldKind::Author,
        FieldKind::Time,
        FieldKind::Text,
    ];

    /// The field's names: its own first, then its aliases.
    fn names(self) -> &'static [&'static str] {
        match self {
            FieldKind::Conversation => CONVERSATION,
            FieldKind::Author => AUTHOR,
            FieldKind::Time => TIME,
            FieldKind::Text => TEXT,
        }
    }
}

/// The column of a separate `date` beside a `time` column, after the four fields.
const DATE_COLUMN: usize = 4;

fn field_kind(name: &str) -> Option<FieldKind> {
    let n = folded_name(name);
    FieldKind::ALL
        .into_iter()
        .find(|k| k.names().iter().any(|t| is_name(n, t)))
}

/// Whether `name` is the field's own name (`conversation`, `author`, `time`, `text`, the
/// first of its list), which wins over every alias (issue 14): in a header
/// `conversation,message,author,time,text`, `message` is a message number and `text` the
/// text.
fn is_exact(kind: FieldKind, name: &str) -> bool {
    is_name(folded_name(name), kind.names()[0])
}

/// A column or field name as compared: without surrounding white space and quotes.
fn folded_name(name: &str) -> &[u8] {
    name.trim().trim_matches('"').as_bytes()
}

/// Whether `n` (from `folded_name`) is `want` once ASCII letters are lowered and spaces
/// and hyphens are underscores. Allocates nothing: every key of every JSONL line is asked.
fn is_name(n: &[u8], want: &str) -> bool {
    let fold = |b: u8| match b.to_ascii_lowercase() {
        b' ' | b'-' => b'_',
        b => b,
    };
    want.len() == n.len() && n.iter().zip(want.bytes()).all(|(&b, w)| fold(b) == w)
}

/// True when the first line is a JSON object with a text field.
pub fn looks_like_jsonl(head: &str) -> bool {
    let first = head.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    match serde_json::from_str::<serde_json::Value>(first) {
        Ok(serde_json::Value::Object(map)) => {
            map.keys().any(|k| field_kind(k) == Some(FieldKind::Text))
        }
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

/// `field_kind(name) == Some(FieldKind::Text)` (a text column) without building the folded name: the
/// detector asks this of the first line of every file it is offered.
fn is_text_name(name: &str) -> bool {
    let n = folded_name(name);
    TEXT.iter().any(|t| is_name(n, t))
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

/// The day/month order of a file's slash dates (`14/03/2025`, `03/14/2025`), learnt from
/// all of them as WhatsApp's reader does (issue 14): a first field over 12 says day first,
/// a second over 12 month first. Both readers learn it before reading any time: the
/// whole-file reader from its rows, the streamed one in its first pass.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct DateOrder {
    seen: bool,
    day_first: bool,
    month_first: bool,
}

impl DateOrder {
    fn see(&mut self, raw: &str) {
        if let Some((a, b)) = slash_fields(raw) {
            self.seen = true;
            self.day_first |= a > 12;
            self.month_first |= b > 12;
        }
    }

    /// The strftime date of the order: day first when the dates say so or cannot tell
    /// (stated as an assumption), `None` when they contradict each other.
    fn date_format(&self) -> Option<&'static str> {
        match (self.day_first, self.month_first) {
            (true, true) => None,
            (false, true) => Some("%m/%d/%Y"),
            _ => Some("%d/%m/%Y"),
        }
    }

    /// What was assumed, for the file's assumptions.
    fn assumption(&self) -> Option<String> {
        if !self.seen {
            return None;
        }
        Some(match (self.day_first, self.month_first) {
            (true, true) => {
                "slash dates give both day/month and month/day orders; they were not read".into()
            }
            (false, true) => {
                "slash dates read as month/day/year, the order the file's dates show".into()
            }
            (true, false) => {
                "slash dates read as day/month/year, the order the file's dates show".into()
            }
            (false, false) => {
                "no slash date tells day/month from month/day; read as day/month/year".into()
            }
        })
    }
}

/// The first two fields of a slash date with a four-digit year (`14/03/2025 19:04`).
fn slash_fields(raw: &str) -> Option<(u32, u32)> {
    let mut parts = raw.trim().splitn(3, '/');
    let a: u32 = parts.next()?.parse().ok()?;
    let b: u32 = parts.next()?.parse().ok()?;
    let rest = parts.next()?.as_bytes();
    let year = rest.len() >= 4 && rest[..4].iter().all(u8::is_ascii_digit);
    let after = rest.get(4).is_none_or(|c| !c.is_ascii_digit());
    (year && after && (1..=31).contains(&a) && (1..=31).contains(&b)).then_some((a, b))
}

/// Reads a time value: RFC 3339 with an offset, or a zone-less date-time (ISO, or a slash
/// date in the file's `order`) read in the zone of `local` (recorded as an assumption by the
/// caller).
fn parse_time(raw: &str, local: &mut LocalTimes, order: &DateOrder) -> Result<DateTime<Utc>, ()> {
    let raw = raw.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(raw) {
        return Ok(t.with_timezone(&Utc));
    }
    let mut naive = None;
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        naive = naive.or_else(|| NaiveDateTime::parse_from_str(raw, fmt).ok());
    }
    if naive.is_none()
        && slash_fields(raw).is_some()
        && let Some(date) = order.date_format()
    {
        for time in [" %H:%M:%S%.f", " %H:%M", ", %H:%M:%S%.f", ", %H:%M"] {
            let fmt = format!("{date}{time}");
            naive = naive.or_else(|| NaiveDateTime::parse_from_str(raw, &fmt).ok());
        }
        naive = naive.or_else(|| {
            chrono::NaiveDate::parse_from_str(raw, date)
                .ok()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
        });
    }
    let naive = naive.ok_or(())?;
    local.to_utc(&naive).ok_or(())
}

struct Row {
    conversation: Option<String>,
    author: String,
    time: Option<String>,
    text: String,
}

/// Turns rows into messages: reads the time (reporting one that cannot be read) and
/// names the conversation a row belongs to. Both readers, whole-file and streamed, use it.
struct Rows<'a> {
    display: &'a str,
    opts: &'a IngestOptions,
    stem: String,
    /// The times read without a zone (assumptions to record).
    local: LocalTimes<'a>,
    /// The file's slash-date order (learnt before any row is read).
    order: DateOrder,
}

impl<'a> Rows<'a> {
    fn new(display: &'a str, opts: &'a IngestOptions) -> Self {
        Rows {
            display,
            opts,
            stem: super::stem(display),
            local: LocalTimes::new(&opts.timezone),
            order: DateOrder::default(),
        }
    }

    /// The conversation key of a row: its `conversation` value, or the file stem.
    fn key(&self, conversation: Option<String>) -> String {
        conversation.unwrap_or_else(|| self.stem.clone())
    }

    /// The row's conversation key and message; a time that cannot be read is reported.
    fn message(&mut self, line: u64, row: Row) -> (String, Message, Option<InputError>) {
        let mut error = None;
        let time = match row.time.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            None => None,
            Some(raw) => match parse_time(raw, &mut self.local, &self.order) {
                Ok(t) => Some(t),
                Err(()) => {
                    error = Some(InputError::new(
                        self.display,
                        Some(line),
                        format!(
                            "time {raw:?} is not RFC 3339 or a date and time this reader knows; message kept without a time"
                        ),
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
            deleted: false,
        };
        (self.key(row.conversation), message, error)
    }

    /// What was assumed while reading the rows.
    fn assumptions(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.local.placed > 0 {
            out.push(format!(
                "some timestamps carry no time zone; read as {}",
                self.opts.timezone
            ));
        }
        out.extend(self.local.dst_assumptions());
        out.extend(self.order.assumption());
        out
    }
}

fn finish(
    source: &Source,
    opts: &IngestOptions,
    rows: Vec<(u64, Row)>,
    mut parsed: Parsed,
) -> Parsed {
    let mut grouper = Grouper::default();
    let mut reader = Rows::new(source.display, opts);
    for (_, row) in &rows {
        reader.order.see(row.time.as_deref().unwrap_or(""));
    }
    for (line, row) in rows {
        let (key, message, error) = reader.message(line, row);
        parsed.errors.extend(error);
        grouper.push(key, message);
    }
    parsed.assumptions.extend(reader.assumptions());
    parsed.conversations = grouper.order;
    parsed.errors.sort_by_key(|e| e.line);
    parsed
}

/// A JSON value as far as a row needs it. The value is parsed in full by serde_json's
/// deserializer, driven exactly as `serde_json::Value` drives it (so a line is accepted or
/// refused with the same error), but only strings and numbers are kept, and a string
/// without escapes is borrowed from the line.
enum Field<'de> {
    Str(Cow<'de, str>),
    Num(serde_json::Number),
    Other,
}

impl<'de> Field<'de> {
    /// The value as `jsonl_row` takes a string field: a string, or a number written out.
    fn into_string(self) -> Option<Cow<'de, str>> {
        match self {
            Field::Str(s) => Some(s),
            Field::Num(x) => Some(Cow::Owned(x.to_string())),
            Field::Other => None,
        }
    }
}

impl<'de> Deserialize<'de> for Field<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(FieldVisitor)
    }
}

struct FieldVisitor;

impl<'de> Visitor<'de> for FieldVisitor {
    type Value = Field<'de>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<Field<'de>, E> {
        Ok(Field::Other)
    }

    fn visit_i64<E>(self, v: i64) -> Result<Field<'de>, E> {
        Ok(Field::Num(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Field<'de>, E> {
        Ok(Field::Num(v.into()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Field<'de>, E> {
        // As `Value`: a number that is not finite is null.
        Ok(serde_json::Number::from_f64(v).map_or(Field::Other, Field::Num))
    }

    fn visit_str<E>(self, v: &str) -> Result<Field<'de>, E> {
        Ok(Field::Str(Cow::Owned(v.to_string())))
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Field<'de>, E> {
        Ok(Field::Str(Cow::Borrowed(v)))
    }

    fn visit_string<E>(self, v: String) -> Result<Field<'de>, E> {
        Ok(Field::Str(Cow::Owned(v)))
    }

    fn visit_unit<E>(self) -> Result<Field<'de>, E> {
        Ok(Field::Other)
    }

    fn visit_none<E>(self) -> Result<Field<'de>, E> {
        Ok(Field::Other)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Field<'de>, D::Error> {
        Field::deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Field<'de>, A::Error> {
        while seq.next_element::<Field>()?.is_some() {}
        Ok(Field::Other)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Field<'de>, A::Error> {
        while map.next_key::<Key>()?.is_some() {
            map.next_value::<Field>()?;
        }
        Ok(Field::Other)
    }
}

/// An object key, borrowed from the line when it has no escapes.
struct Key<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string key")
            }

            fn visit_str<E>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_string())))
            }

            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }

            fn visit_string<E>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        d.deserialize_str(KeyVisitor)
    }
}

/// The four fields of a JSONL line, chosen as from a `serde_json::Map`: for each kind, the
/// key with the field's own name (`is_exact`), else
/// the key first in byte order (the map's order), with the last value given for that key
/// (the map keeps the last of duplicate keys). `None` when the line is not an object.
struct Fields<'de>(Option<[Option<Keyed<'de>>; 4]>);

/// A field with the key it was given under.
type Keyed<'de> = (Cow<'de, str>, Field<'de>);

impl<'de> Deserialize<'de> for Fields<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct FieldsVisitor;
        impl<'de> Visitor<'de> for FieldsVisitor {
            type Value = Fields<'de>;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("any JSON value")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Fields<'de>, A::Error> {
                let mut fields: [Option<Keyed<'de>>; 4] = Default::default();
                while let Some(Key(key)) = map.next_key::<Key>()? {
                    let value = map.next_value::<Field>()?;
                    let Some(kind) = field_kind(&key) else {
                        continue;
                    };
                    let slot = &mut fields[kind as usize];
                    // The field's own name first, then the key first in byte order.
                    let rank = |k: &str| !is_exact(kind, k);
                    if slot
                        .as_ref()
                        .is_none_or(|(best, _)| (rank(&key), &*key) <= (rank(best), &**best))
                    {
                        *slot = Some((key, value));
                    }
                }
                Ok(Fields(Some(fields)))
            }

            fn visit_bool<E>(self, _: bool) -> Result<Fields<'de>, E> {
                Ok(Fields(None))
            }

            fn visit_i64<E>(self, _: i64) -> Result<Fields<'de>, E> {
                Ok(Fields(None))
            }

            fn visit_u64<E>(self, _: u64) -> Result<Fields<'de>, E> {
                Ok(Fields(None))
            }

            fn visit_f64<E>(self, _: f64) -> Result<Fields<'de>, E> {
                Ok(Fields(None))
            }

            fn visit_str<E>(self, _: &str) -> Result<Fields<'de>, E> {
                Ok(Fields(None))
            }

            fn visit_unit<E>(self) -> Result<Fields<'de>, E> {
                Ok(Fields(None))
            }

            fn visit_none<E>(self) -> Result<Fields<'de>, E> {
                Ok(Fields(None))
            }

            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Fields<'de>, A::Error> {
                FieldVisitor.visit_seq(seq).map(|_| Fields(None))
            }
        }
        d.deserialize_any(FieldsVisitor)
    }
}

/// The `conversation`, `author`, `time` and `text` values of one non-blank JSONL line, or
/// what is wrong with it. The line is parsed once, without building the object.
fn jsonl_fields(line: &str) -> Result<[Option<Field<'_>>; 4], String> {
    let fields: Fields =
        serde_json::from_str(line).map_err(|e| format!("not a JSON object ({e}); line skipped"))?;
    let Some(fields) = fields.0 else {
        return Err("not a JSON object; line skipped".into());
    };
    let fields = fields.map(|f| f.map(|(_, v)| v));
    match &fields[3] {
        Some(Field::Str(_) | Field::Num(_)) => Ok(fields),
        _ => Err("no `text` string; line skipped".into()),
    }
}

/// One non-blank JSONL line as a row, or what is wrong with it.
fn jsonl_row(line: &str) -> Result<Row, String> {
    let [conversation, author, time, text] = jsonl_fields(line)?;
    let string = |f: Option<Field>| f.and_then(Field::into_string).map(Cow::into_owned);
    Ok(Row {
        conversation: string(conversation),
        author: string(author).unwrap_or_default(),
        time: match time {
            Some(Field::Str(s)) => Some(s.into_owned()),
            _ => None,
        },
        text: string(text).unwrap_or_default(),
    })
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
        match jsonl_row(line) {
            Ok(row) => rows.push((n, row)),
            Err(m) => parsed
                .errors
                .push(InputError::new(source.display, Some(n), m)),
        }
    }
    if rows.is_empty() {
        return Err(no_jsonl_rows(source.display));
    }
    Ok(finish(source, opts, rows, parsed))
}

fn no_jsonl_rows(display: &str) -> InputError {
    InputError::file(display, "no readable messages in JSONL file")
}

/// Which column holds each field (`field_kind` order): the column with the field's own
/// name (`is_exact`), else the first column with one of its aliases. The fifth is a
/// separate `date` column beside a `time` column: a time of day in `time` is joined to it
/// (issue 14: a separate `Time` column was ignored).
type Columns = [Option<usize>; 5];

fn columns(headers: &csv::StringRecord) -> Columns {
    let mut columns: Columns = [None; 5];
    let mut exact = [false; 4];
    for (i, h) in headers.iter().enumerate() {
        if let Some(kind) = field_kind(h) {
            let k = kind as usize;
            if is_exact(kind, h) && !exact[k] {
                columns[k] = Some(i);
                exact[k] = true;
            } else {
                columns[k].get_or_insert(i);
            }
        }
    }
    if exact[FieldKind::Time as usize] {
        columns[DATE_COLUMN] = headers.iter().position(|h| is_name(folded_name(h), "date"));
    }
    columns
}

/// A `time` value that is a time of day only (`19:04`, `19:04:05`, `19:04:05.123`).
fn is_time_of_day(t: &str) -> bool {
    let t = t.trim();
    ["%H:%M:%S%.f", "%H:%M"]
        .iter()
        .any(|f| chrono::NaiveTime::parse_from_str(t, f).is_ok())
}

fn no_text_header(display: &str) -> InputError {
    InputError::new(
        display,
        Some(1),
        "header names no text column (text, message, body or content)",
    )
}

fn unreadable_record(display: &str, e: &csv::Error) -> InputError {
    let line = e.position().map(|p| p.line());
    InputError::new(
        display,
        line,
        format!("unreadable CSV record ({e}); skipped"),
    )
}

/// The line a CSV record starts on, and the record as a row (or the error for a record
/// with no text column).
fn csv_row(
    display: &str,
    columns: &Columns,
    r: &csv::StringRecord,
) -> (u64, Result<Row, InputError>) {
    let line = r.position().map_or(0, |p| p.line());
    let get = |column: usize| columns[column].and_then(|c| r.get(c));
    let field = |kind: FieldKind| get(kind as usize);
    let Some(text) = field(FieldKind::Text) else {
        return (
            line,
            Err(InputError::new(
                display,
                Some(line),
                "record has no text column; skipped",
            )),
        );
    };
    (
        line,
        Ok(Row {
            conversation: field(FieldKind::Conversation)
                .filter(|c| !c.is_empty())
                .map(str::to_string),
            author: field(FieldKind::Author).unwrap_or("").to_string(),
            time: match (
                field(FieldKind::Time),
                get(DATE_COLUMN).map(str::trim).filter(|d| !d.is_empty()),
            ) {
                (Some(t), Some(d)) if is_time_of_day(t) => Some(format!("{d} {}", t.trim())),
                (t, _) => t.map(str::to_string),
            },
            text: text.to_string(),
        }),
    )
}

fn csv_builder(delimiter: u8) -> csv::ReaderBuilder {
    let mut builder = csv::ReaderBuilder::new();
    builder.delimiter(delimiter).flexible(true);
    builder
}

/// CSV (or TSV / semicolon-separated) with a header row.
pub fn parse_csv(source: &Source, opts: &IngestOptions) -> Result<Parsed, InputError> {
    let text = utf8(source)?;
    let header = text.lines().next().unwrap_or("");
    let Some(delimiter) = sniff_delimiter(header, 1) else {
        return Err(no_text_header(source.display));
    };
    let mut reader = csv_builder(delimiter).from_reader(text.as_bytes());
    let columns = columns(
        reader
            .headers()
            .map_err(|e| InputError::new(source.display, Some(1), e.to_string()))?,
    );
    let mut parsed = Parsed::default();
    let mut records = Vec::new();
    for result in reader.records() {
        match result {
            Ok(r) => records.push(r),
            Err(e) => parsed.errors.push(unreadable_record(source.display, &e)),
        }
    }
    let mut rows = Vec::with_capacity(records.len());
    for r in &records {
        match csv_row(source.display, &columns, r) {
            (line, Ok(row)) => rows.push((line, row)),
            (_, Err(e)) => parsed.errors.push(e),
        }
    }
    if rows.is_empty() && parsed.errors.is_empty() {
        return Err(no_csv_rows(source.display));
    }
    Ok(finish(source, opts, rows, parsed))
}

fn no_csv_rows(display: &str) -> InputError {
    InputError::file(display, "CSV file has a header but no rows")
}

// ---------------------------------------------------------------------------------------
// Streaming: large files read in two passes, in bounded memory
// ---------------------------------------------------------------------------------------

/// The read buffer of the streamed passes.
const STREAM_BUFFER: usize = 1 << 20;

/// The two message tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Table {
    Jsonl,
    Csv,
}

/// What the first pass over a file learned: its hash and size, whether it can be read,
/// how many conversations and messages it holds, and the line of each conversation's last
/// row (so the second pass hands a conversation on as soon as it is complete, even when
/// the rows of several conversations interleave).
#[derive(Debug)]
pub struct Plan {
    pub table: Table,
    pub sha256: String,
    pub bytes: u64,
    /// The whole-file reader's verdict when the file gives no messages to read (no text
    /// column, no rows); the second pass is then not needed.
    pub failed: Option<InputError>,
    /// As `InputFile::conversations` and `InputFile::messages` would count them.
    pub conversations: usize,
    pub messages: usize,
    /// CSV only: the delimiter the header uses.
    delimiter: u8,
    /// The bytes that are not UTF-8, read as U+FFFD.
    repair: Repair,
    /// The order of the file's slash dates, from every row.
    order: DateOrder,
    /// Conversation key -> line of its last row.
    last: HashMap<String, u64>,
}

/// What the second pass found besides the conversations it handed on.
#[derive(Debug, Default)]
pub struct Streamed {
    /// In line order, as the whole-file reader reports them.
    pub errors: Vec<InputError>,
    pub assumptions: Vec<String>,
}

/// A reader that hashes (SHA-256) and counts every byte read through it: the evidence hash
/// is of the bytes as they are on disk, before `text::Lossy` decodes them.
struct Checked<R> {
    inner: R,
    hasher: Sha256,
    bytes: u64,
}

impl<R: Read> Checked<R> {
    fn new(inner: R) -> Self {
        Checked {
            inner,
            hasher: Sha256::new(),
            bytes: 0,
        }
    }

    /// Reads what is left, then gives the hex SHA-256 and the size.
    fn finish(mut self) -> io::Result<(String, u64)> {
        io::copy(&mut self, &mut io::sink())?;
        Ok((crate::hash::hex(&self.hasher.finalize()), self.bytes))
    }
}

impl<R: Read> Read for Checked<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }
}

/// `r` without a leading UTF-8 byte order mark.
fn skip_bom<R: Read>(mut r: R) -> io::Result<impl Read> {
    let mut first = [0u8; 3];
    let mut n = 0;
    while n < first.len() {
        match r.read(&mut first[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    let kept = super::strip_bom(&first[..n]).to_vec();
    Ok(io::Cursor::new(kept).chain(r))
}

/// Reads the next line (without its `\n`, or `\r\n`, as `str::lines` splits) into `buf`;
/// false at the end of the input.
fn next_line(reader: &mut impl BufRead, buf: &mut Vec<u8>) -> io::Result<bool> {
    buf.clear();
    if reader.read_until(b'\n', buf)? == 0 {
        return Ok(false);
    }
    if buf.last() == Some(&b'\n') {
        buf.pop();
        if buf.last() == Some(&b'\r') {
            buf.pop();
        }
    }
    Ok(true)
}

/// The first line of a file, as `parse_csv` takes its header (decoded as `text::repair`
/// decodes the whole file).
fn first_line(file: &mut File) -> io::Result<String> {
    file.seek(SeekFrom::Start(0))?;
    let mut reader = skip_bom(BufReader::new(&mut *file))?;
    let mut line = Vec::new();
    let mut reader = BufReader::new(&mut reader);
    next_line(&mut reader, &mut line)?;
    Ok(String::from_utf8_lossy(&line).into_owned())
}

/// The first pass over a JSONL or CSV file: hashes it, checks it, and learns where each
/// conversation ends. Memory holds one line (or record) and one entry per conversation.
pub fn plan(table: Table, file: &mut File, display: &str) -> io::Result<Plan> {
    let stem = super::stem(display);
    let mut plan = Plan {
        table,
        sha256: String::new(),
        bytes: 0,
        failed: None,
        conversations: 0,
        messages: 0,
        delimiter: b',',
        repair: Repair::default(),
        order: DateOrder::default(),
        last: HashMap::new(),
    };
    let mut order = DateOrder::default();
    let mut rows = 0usize;
    let mut bad = 0usize;
    let mut saw = |conversation: Option<Cow<str>>, line: u64| {
        rows += 1;
        let conversation = conversation.unwrap_or(Cow::Borrowed(&stem));
        match plan.last.get_mut(&*conversation) {
            Some(last) => *last = line,
            None => {
                plan.last.insert(conversation.into_owned(), line);
            }
        }
    };
    let header = match table {
        Table::Jsonl => None,
        Table::Csv => Some(first_line(file)?),
    };
    let delimiter = header.as_deref().and_then(|h| sniff_delimiter(h, 1));
    file.seek(SeekFrom::Start(0))?;
    let mut checked = Checked::new(&mut *file);
    let mut lossy = Lossy::new(&mut checked);
    let mut header_error = None;
    match (table, delimiter) {
        (Table::Jsonl, _) => {
            let mut lines = BufReader::with_capacity(STREAM_BUFFER, skip_bom(&mut lossy)?);
            let mut buf = Vec::new();
            let mut n = 0u64;
            while next_line(&mut lines, &mut buf)? {
                n += 1;
                // `Lossy` gives valid UTF-8.
                let line = String::from_utf8_lossy(&buf);
                if line.trim().is_empty() {
                    continue;
                }
                if let Ok([conversation, _, time, _]) = jsonl_fields(&line) {
                    if let Some(Field::Str(t)) = &time {
                        order.see(t);
                    }
                    saw(conversation.and_then(Field::into_string), n);
                }
            }
        }
        (Table::Csv, None) => {}
        (Table::Csv, Some(delimiter)) => {
            let mut reader = csv_builder(delimiter)
                .buffer_capacity(STREAM_BUFFER)
                .from_reader(skip_bom(&mut lossy)?);
            match reader.headers() {
                Ok(headers) => {
                    let columns = columns(headers);
                    let mut record = csv::StringRecord::new();
                    loop {
                        match reader.read_record(&mut record) {
                            Ok(false) => break,
                            Ok(true) => match csv_row(display, &columns, &record) {
                                (line, Ok(row)) => {
                                    order.see(row.time.as_deref().unwrap_or(""));
                                    saw(row.conversation.map(Cow::Owned), line)
                                }
                                (_, Err(_)) => bad += 1,
                            },
                            Err(e) if e.is_io_error() => return Err(into_io(e)),
                            Err(_) => bad += 1,
                        }
                    }
                }
                Err(e) if e.is_io_error() => return Err(into_io(e)),
                Err(e) => header_error = Some(InputError::new(display, Some(1), e.to_string())),
            }
        }
    }
    io::copy(&mut lossy, &mut io::sink())?;
    plan.repair = lossy.repair();
    plan.order = order;
    let (sha256, bytes) = checked.finish()?;
    plan.sha256 = sha256;
    plan.bytes = bytes;
    plan.delimiter = delimiter.unwrap_or(b',');
    plan.failed = match table {
        Table::Jsonl => (rows == 0).then(|| no_jsonl_rows(display)),
        Table::Csv if delimiter.is_none() => Some(no_text_header(display)),
        Table::Csv => {
            header_error.or_else(|| (rows == 0 && bad == 0).then(|| no_csv_rows(display)))
        }
    };
    if plan.failed.is_none() {
        plan.conversations = plan.last.len();
        plan.messages = rows;
    }
    Ok(plan)
}

fn into_io(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

/// The conversations of the second pass that have not had their last row yet.
struct Open<'p> {
    /// Conversation key -> line of its last row (from the first pass).
    last: &'p mut HashMap<String, u64>,
    open: HashMap<String, ParsedConversation>,
}

impl Open<'_> {
    fn push(&mut self, key: String, message: Message, emit: &mut dyn FnMut(ParsedConversation)) {
        let complete = self.last.get(&key) == Some(&message.line);
        let conversation = match self.open.remove(&key) {
            Some(mut c) => {
                c.messages.push(message);
                c
            }
            None => ParsedConversation {
                key: key.clone(),
                title: key.clone(),
                messages: vec![message],
            },
        };
        if complete {
            self.last.remove(&key);
            emit(conversation);
        } else {
            self.open.insert(key, conversation);
        }
    }

    /// Hands on what is still open (only when the file changed between the passes), in
    /// order of first appearance.
    fn flush(self, emit: &mut dyn FnMut(ParsedConversation)) {
        let mut rest: Vec<ParsedConversation> = self.open.into_values().collect();
        rest.sort_by_key(|c| c.messages.first().map_or(0, |m| m.line));
        rest.into_iter().for_each(emit);
    }
}

/// The second pass: reads the file again and hands on each conversation (with `key` and
/// `title` as `parse_jsonl`/`parse_csv` give them) as soon as its last row is read.
/// Conversations come in order of their last row, not their first. Errors and assumptions
/// are those the whole-file reader reports; the file's hash is checked again, and a file
/// that changed since the first pass is reported.
pub fn stream(
    mut plan: Plan,
    file: &mut File,
    display: &str,
    opts: &IngestOptions,
    emit: &mut dyn FnMut(ParsedConversation),
) -> io::Result<Streamed> {
    if let Some(e) = plan.failed.take() {
        return Ok(Streamed {
            errors: vec![e],
            assumptions: Vec::new(),
        });
    }
    // (line, kind, error): the whole-file reader lists unreadable records, then records
    // without text, then times, and sorts by line (stable); this sorts the same way.
    let mut errors: Vec<(u64, u8, InputError)> = Vec::new();
    let mut rows = Rows::new(display, opts);
    rows.order = plan.order;
    let mut open = Open {
        last: &mut plan.last,
        open: HashMap::new(),
    };
    let mut take = |line: u64, row: Row, errors: &mut Vec<(u64, u8, InputError)>| {
        let (key, message, error) = rows.message(line, row);
        if let Some(e) = error {
            errors.push((line, 2, e));
        }
        open.push(key, message, emit);
    };
    file.seek(SeekFrom::Start(0))?;
    let mut checked = Checked::new(&mut *file);
    let mut lossy = Lossy::new(&mut checked);
    match plan.table {
        Table::Jsonl => {
            let mut lines = BufReader::with_capacity(STREAM_BUFFER, skip_bom(&mut lossy)?);
            let mut buf = Vec::new();
            let mut n = 0u64;
            while next_line(&mut lines, &mut buf)? {
                n += 1;
                // `Lossy` gives valid UTF-8.
                let line = String::from_utf8_lossy(&buf);
                if line.trim().is_empty() {
                    continue;
                }
                match jsonl_row(&line) {
                    Ok(row) => take(n, row, &mut errors),
                    Err(m) => errors.push((n, 0, InputError::new(display, Some(n), m))),
                }
            }
        }
        Table::Csv => {
            let mut reader = csv_builder(plan.delimiter)
                .buffer_capacity(STREAM_BUFFER)
                .from_reader(skip_bom(&mut lossy)?);
            let columns = columns(reader.headers().map_err(into_io)?);
            let mut record = csv::StringRecord::new();
            loop {
                match reader.read_record(&mut record) {
                    Ok(false) => break,
                    Ok(true) => match csv_row(display, &columns, &record) {
                        (line, Ok(row)) => take(line, row, &mut errors),
                        (line, Err(e)) => errors.push((line, 1, e)),
                    },
                    Err(e) if e.is_io_error() => return Err(into_io(e)),
                    Err(e) => {
                        let line = e.position().map_or(0, |p| p.line());
                        errors.push((line, 0, unreadable_record(display, &e)));
                    }
                }
            }
        }
    }
    open.flush(emit);
    drop(lossy);
    let (sha256, _) = checked.finish()?;
    errors.sort_by_key(|&(line, kind, _)| (line, kind));
    let mut errors: Vec<InputError> = errors.into_iter().map(|(_, _, e)| e).collect();
    if sha256 != plan.sha256 {
        errors.push(InputError::file(
            display,
            format!(
                "the file changed while it was read (SHA-256 {sha256} on the second pass, {} on the first); its conversations may not match its recorded hash",
                plan.sha256
            ),
        ));
    }
    let mut assumptions = rows.assumptions();
    if plan.repair.bytes > 0 {
        // As `parse_as` states it after the whole-file reader's own assumptions.
        assumptions.push(plan.repair.note());
    }
    Ok(Streamed {
        errors,
        assumptions,
    })
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

    /// `jsonl_row` as it was first written, through a `serde_json::Value`.
    fn jsonl_row_by_value(line: &str) -> Result<Row, String> {
        let value: serde_json::Value = serde_json::from_str(line)
            .map_err(|e| format!("not a JSON object ({e}); line skipped"))?;
        let Some(map) = value.as_object() else {
            return Err("not a JSON object; line skipped".into());
        };
        // The field's own name wins over an alias, then the first key in the map's order.
        let mut fields: [Option<&serde_json::Value>; 4] = [None; 4];
        let mut exact = [false; 4];
        for (k, v) in map {
            if let Some(kind) = field_kind(k) {
                let i = kind as usize;
                if is_exact(kind, k) && !exact[i] {
                    fields[i] = Some(v);
                    exact[i] = true;
                } else {
                    fields[i].get_or_insert(v);
                }
            }
        }
        let as_string = |v: Option<&serde_json::Value>| match v {
            Some(serde_json::Value::String(s)) => Some(s.clone()),
            Some(serde_json::Value::Number(x)) => Some(x.to_string()),
            _ => None,
        };
        let Some(text) = as_string(fields[3]) else {
            return Err("no `text` string; line skipped".into());
        };
        Ok(Row {
            conversation: as_string(fields[0]),
            author: as_string(fields[1]).unwrap_or_default(),
            time: fields[2].and_then(|v| v.as_str()).map(str::to_string),
            text,
        })
    }

    /// Issue 14: slash dates are read in the order the file's own dates show (a day over
    /// 12 says day first), day first when none tells, and not at all when they disagree.
    #[test]
    fn slash_dates_in_the_files_own_order() {
        let time = |body: &str| -> (Vec<Option<String>>, Vec<String>) {
            let p = run(parse_csv, body).unwrap();
            let times = p.conversations[0]
                .messages
                .iter()
                .map(|m| m.time.map(|t| t.format("%Y-%m-%d %H:%M").to_string()))
                .collect();
            (times, p.assumptions)
        };
        let some = |s: &str| Some(s.to_string());
        let (t, a) = time("time,text\n03/04/2025 10:00,a\n14/03/2025 19:04,b\n05/06/2025,c\n");
        assert_eq!(
            t,
            [
                some("2025-04-03 10:00"),
                some("2025-03-14 19:04"),
                some("2025-06-05 00:00")
            ]
        );
        assert!(
            a.iter().any(|a| a.contains("day/month/year, the order")),
            "{a:?}"
        );
        let (t, _) = time("time,text\n03/04/2025 10:00,a\n\"03/14/2025, 19:04\",b\n");
        assert_eq!(t, [some("2025-03-04 10:00"), some("2025-03-14 19:04")]);
        let (t, a) = time("time,text\n03/04/2025 10:00,a\n");
        assert_eq!(t, [some("2025-04-03 10:00")]);
        assert!(a.iter().any(|a| a.contains("no slash date tells")), "{a:?}");
        let (t, a) = time("time,text\n13/04/2025 10:00,a\n04/13/2025 10:00,b\n");
        assert_eq!(t, [None, None]);
        assert!(a.iter().any(|a| a.contains("both")), "{a:?}");
    }

    /// Issue 14: a `date` column and a `time` column holding the time of day are one
    /// timestamp; a full timestamp in `time` is read alone.
    #[test]
    fn separate_date_and_time_columns_join() {
        let p = run(
            parse_csv,
            "conversation,author,date,time,text\nc,Sam,2025-03-14,19:04,hi\nc,Alex,2025-03-14,2025-03-14T19:05:00Z,ok\nc,Sam,,19:06,later\n",
        )
        .unwrap();
        let times: Vec<Option<String>> = p.conversations[0]
            .messages
            .iter()
            .map(|m| m.time.map(|t| t.to_rfc3339()))
            .collect();
        assert_eq!(
            times,
            [
                Some("2025-03-14T19:04:00+00:00".to_string()),
                Some("2025-03-14T19:05:00+00:00".to_string()),
                None
            ]
        );
    }

    #[test]
    fn jsonl_rows_are_read_as_through_a_value() {
        let deep = |n: usize| format!("{}1{}", "[".repeat(n), "]".repeat(n));
        let mut lines: Vec<String> = [
            r#"{"conversation":"a","author":"X","time":"2025-03-14T19:04:00Z","text":"hi"}"#,
            r#"{"text":"x","text":"y"}"#,
            r#"{"text":"x","text":7,"text":null}"#,
            r#"{"text":null,"Text":"upper first in byte order","body":"body"}"#,
            r#"{"body":"b","content":"c","msg":"m","message":"e"}"#,
            r#"{"TEXT":1.5e3,"text":"t"}"#,
            r#"{"text":-0,"chat":12345678901234567890,"conversation":"c"}"#,
            r#"{"text":"x","chat_id":-12345678901234567890}"#,
            r#"{"text":1e400}"#,
            r#"{"text":"\u00e9\ud83d\ude00 \"quoted\" \n"}"#,
            r#"{"text":"\ud800"}"#,
            r#"{"text":"\x"}"#,
            r#"{"te\u0078t":"escaped key"," text ":"spaced","\"text\"":"quoted"}"#,
            r#"{"text":"a"} x"#,
            r#"{"text":"a",}"#,
            r#"{"text":"a"}   "#,
            "{}",
            "[]",
            "[1,{\"text\":\"x\"}]",
            "\"text\"",
            "null",
            "1",
            "true",
            r#"{"text":{"a":[1,{"b":"\u0041"}]},"msg":"m"}"#,
            r#"{"text":"x","time":5,"author":false,"sender":"s"}"#,
            r#"{"text":"x","time":"t","Time":null}"#,
            r#"{"text":"x","from":"\ud83d\ude00","user":["u"]}"#,
            r#"{"text":"x" "author":"a"}"#,
            r#"{"text":"x","author":"a""#,
            r#"{"text":"raw tab	in string"}"#,
        ]
        .map(String::from)
        .to_vec();
        for n in [126, 127, 128, 129, 300] {
            lines.push(format!(r#"{{"text":"x","extra":{}}}"#, deep(n)));
            lines.push(format!(r#"{{"text":{}}}"#, deep(n)));
        }
        let many: Vec<String> = (0..300).map(|i| format!(r#""k{i}":{i}"#)).collect();
        lines.push(format!(r#"{{{},"text":"many keys"}}"#, many.join(",")));
        for line in &lines {
            let fields =
                |r: Result<Row, String>| r.map(|r| (r.conversation, r.author, r.time, r.text));
            assert_eq!(
                fields(jsonl_row(line)),
                fields(jsonl_row_by_value(line)),
                "{line}"
            );
        }
    }

    #[test]
    fn a_file_changed_between_the_passes_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.jsonl");
        let body =
            "{\"conversation\":\"a\",\"text\":\"hi\"}\n{\"conversation\":\"b\",\"text\":\"yo\"}\n";
        std::fs::write(&path, body).unwrap();
        let mut file = File::open(&path).unwrap();
        let plan = plan(Table::Jsonl, &mut file, "t.jsonl").unwrap();
        assert_eq!((plan.conversations, plan.messages), (2, 2));
        std::fs::write(&path, body.replace("\"b\"", "\"a\"")).unwrap();
        let mut file = File::open(&path).unwrap();
        let mut keys = Vec::new();
        let out = stream(
            plan,
            &mut file,
            "t.jsonl",
            &IngestOptions::default(),
            &mut |c| keys.push((c.key, c.messages.len())),
        )
        .unwrap();
        // "a" ended at line 1 by the first pass; its second row opens it again, and what
        // is open at the end is handed on, not dropped.
        assert_eq!(keys, [("a".to_string(), 1), ("a".to_string(), 1)]);
        assert_eq!(out.errors.len(), 1);
        assert!(out.errors[0].message.contains("changed while it was read"));
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

    /// `field_kind` as it was written first, folding into a new string.
    fn field_kind_by_folding(name: &str) -> Option<FieldKind> {
        let n = name
            .trim()
            .trim_matches('"')
            .to_ascii_lowercase()
            .replace([' ', '-'], "_");
        FieldKind::ALL
            .into_iter()
            .find(|k| k.names().contains(&n.as_str()))
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
            assert_eq!(
                is_text_name(name),
                field_kind(name) == Some(FieldKind::Text),
                "{name:?}"
            );
            assert_eq!(field_kind(name), field_kind_by_folding(name), "{name:?}");
        }
        for name in [
            "Chat ID",
            "chat-id",
            "CONVERSATION_ID",
            " \"Thread Id\" ",
            "created at",
            "Date-Time",
            "user name",
            "ſender",
            "SPEAKER",
            "from_",
        ] {
            assert_eq!(field_kind(name), field_kind_by_folding(name), "{name:?}");
        }
    }
}
