//! Phone message databases: Android `mmssms.db` (tables `sms`, `threads`; MMS from `pdu`,
//! `part`, `addr` when present) and iOS `sms.db` / `chat.db` (tables `message`, `handle`,
//! `chat`, `chat_message_join`, `chat_handle_join`).
//!
//! Evidence rule: SQLite never opens the evidence file. Even a read-only open of a WAL
//! database creates a `-shm` beside it, and `immutable=1` silently ignores rows still in
//! the `-wal`. So the reader writes `Source::bytes` (the bytes ingest already hashed) and
//! any `-wal` / `-shm` siblings (opened read-only with std) into a private temporary
//! folder, and SQLite opens that copy, where it may replay the log. Rows recovered that
//! way are real rows of the database as the phone last saw it; each sibling read is
//! named, with its size and SHA-256, in an assumption line. The database and its siblings
//! are one evidence unit (`ingest::unit_sha256`): ids and a case's record use the unit's
//! hash, so new rows in a `-wal` are new evidence. The private folder is `0700` and its
//! files `0600` (messages are sensitive); a temporary folder without room for the copy is
//! said as such (`TMPDIR`), not taken for a file in an unknown format.
//!
//! Conversations: Android threads (key `thread:<id>`, titled by the thread's recipient
//! addresses), iOS chats (key `chat:<chat_identifier>`; an SMS and an iMessage chat with
//! the same identifier are one conversation, as the Messages app shows them; titled by
//! `display_name`, else the participants). Outgoing messages are authored `Me`; incoming
//! ones by the address or handle. For databases, `Message::line` is the row id
//! (`sms._id`, `pdu._id` for Android MMS, `message.ROWID` on iOS), and `time_raw` is the
//! stored integer. Times are UTC: Android `sms.date` is milliseconds since 1970 (`pdu.date`
//! seconds); iOS `message.date` is seconds since 2001-01-01, or nanoseconds when larger
//! than 1e11 (iOS 11 and later). Messages within a conversation are in time order, ties
//! by row id.
//!
//! iOS text may be NULL with the words in `attributedBody` (a typedstream archive): the
//! first NSString is extracted; attachments (U+FFFC in the text) become placeholders such
//! as `<image/jpeg>`. Rows with no readable text and no attachment are skipped and
//! counted; group events (`item_type` other than 0) are not messages.

use super::{IngestOptions, Parsed, ParsedConversation, Source};
use crate::error::InputError;
use crate::hash::sha256_hex;
use crate::model::{Format, Message};
use chrono::{DateTime, Utc};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Read;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

use super::SQLITE_MAGIC;
/// The author name given to the phone owner's own messages.
const ME: &str = super::ME;
/// Seconds from 1970-01-01 to 2001-01-01 (Apple's reference date).
pub(super) const APPLE_EPOCH: i64 = 978_307_200;

/// True when the file is an Android or iOS message database.
pub fn looks_like(source: &Source) -> bool {
    detect(source).is_some()
}

/// Which phone database a SQLite file is (Android mmssms.db or iOS sms.db), if either,
/// judged by the tables present.
pub fn detect(source: &Source) -> Option<Format> {
    probe(source).ok().flatten()
}

/// `detect`, saying why when the private copy cannot be made (e.g. no room in `TMPDIR`),
/// so that is not reported as an unknown format.
pub fn probe(source: &Source) -> Result<Option<Format>, String> {
    if !source.bytes.starts_with(SQLITE_MAGIC) {
        return Ok(None);
    }
    let copy = PrivateCopy::open(source)?;
    match tables(&copy.conn) {
        Ok(tables) => Ok(kind_of(&tables)),
        Err(e) if is_full(&e) => Err(no_room(source.bytes.len(), &e.to_string())),
        Err(_) => Ok(None),
    }
}

/// True for SQLite's "database or disk is full".
pub(super) fn is_full(e: &rusqlite::Error) -> bool {
    e.sqlite_error_code() == Some(rusqlite::ErrorCode::DiskFull)
}

/// The error for a temporary folder without room for the private copy.
pub(super) fn no_room(bytes: usize, e: &str) -> String {
    format!(
        "no room in the temporary folder {} for the private copy of the database ({bytes} bytes and its log): {e}; free space there or set TMPDIR to a folder with room",
        std::env::temp_dir().display()
    )
}

/// The error for a failed write of the private copy: "no room" when the disk is full.
fn scratch_error(bytes: usize, e: std::io::Error) -> String {
    // ENOSPC, EDQUOT
    if e.kind() == std::io::ErrorKind::StorageFull
        || e.kind() == std::io::ErrorKind::QuotaExceeded
        || matches!(e.raw_os_error(), Some(28 | 122))
    {
        no_room(bytes, &e.to_string())
    } else {
        format!("cannot write the private copy of the database in the temporary folder: {e}")
    }
}

/// Writes a file only its owner can read (`0600`), failing if it exists.
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(bytes)?;
    file.sync_data()
}

fn kind_of(tables: &BTreeSet<String>) -> Option<Format> {
    let has = |t: &str| tables.contains(t);
    if has("sms") && has("threads") {
        Some(Format::AndroidSms)
    } else if has("message") && has("handle") {
        Some(Format::IosSms)
    } else {
        super::whatsapp_db::schema_of(tables).map(super::whatsapp_db::Schema::format)
    }
}

/// Reads an Android or iOS message database (SMS, or WhatsApp's: `whatsapp_db`) from a
/// private copy.
pub fn parse(source: &Source, opts: &IngestOptions) -> Result<Parsed, InputError> {
    let fail = |m: String| InputError::file(source.display, m);
    if !source.bytes.starts_with(SQLITE_MAGIC) {
        return Err(fail("not a SQLite database (no SQLite header)".into()));
    }
    let copy = PrivateCopy::open(source).map_err(fail)?;
    let tables = tables(&copy.conn).map_err(|e| {
        fail(if is_full(&e) {
            no_room(source.bytes.len(), &e.to_string())
        } else {
            format!("cannot read the schema: {e}")
        })
    })?;
    let wanted = match opts.input_format {
        Some(
            f @ (Format::AndroidSms
            | Format::IosSms
            | Format::WhatsappAndroidDb
            | Format::WhatsappIosDb
            | Format::WhatsappContactsDb),
        ) => Some(f),
        _ => kind_of(&tables),
    };
    // A WhatsApp database: its schema (any of three) decides, not a list of tables.
    let whatsapp = match wanted {
        Some(Format::WhatsappAndroidDb | Format::WhatsappIosDb | Format::WhatsappContactsDb) => {
            Some(super::whatsapp_db::schema_of(&tables).ok_or_else(|| {
                fail(format!(
                    "SQLite database without WhatsApp's tables (`messages`, or `message`, `jid` and `chat` on Android; `ZWAMESSAGE` and `ZWACHATSESSION` on iOS; `wa_contacts`); found {}",
                    list(&tables)
                ))
            })?)
        }
        _ => None,
    };
    let required: &[&str] = match wanted {
        _ if whatsapp.is_some() => &[],
        Some(Format::AndroidSms) => &["sms", "threads"],
        Some(_) => &["message", "handle"],
        None => {
            return Err(fail(format!(
                "SQLite database without the tables of a phone message store: Android SMS needs `sms` and `threads`, iOS SMS `message` and `handle`, WhatsApp `messages` or `message`, `jid` and `chat` (Android) or `ZWAMESSAGE` and `ZWACHATSESSION` (iOS); found {}",
                list(&tables)
            )));
        }
    };
    if let Some(missing) = required.iter().find(|t| !tables.contains(**t)) {
        return Err(fail(format!(
            "SQLite database has no table `{missing}` (needed for {}); found {}",
            wanted.map_or("", Format::name),
            list(&tables)
        )));
    }
    let mut parsed = Parsed {
        assumptions: copy.notes.clone(),
        ..Parsed::default()
    };
    let mut db = Db {
        conn: &copy.conn,
        display: source.display,
        tables: &tables,
        parsed: &mut parsed,
    };
    match (whatsapp, wanted) {
        (Some(schema), _) => super::whatsapp_db::read(&mut db, source, schema)?,
        (None, Some(Format::AndroidSms)) => db.android()?,
        _ => db.ios()?,
    }
    Ok(parsed)
}

pub(super) fn list(tables: &BTreeSet<String>) -> String {
    if tables.is_empty() {
        return "no tables".into();
    }
    let mut names: Vec<&str> = tables.iter().map(String::as_str).take(12).collect();
    if tables.len() > 12 {
        names.push("...");
    }
    names.join(", ")
}

/// A copy of the database (and its WAL siblings) in a temporary folder, open in SQLite.
/// Dropping it closes the connection, then removes the folder.
pub(super) struct PrivateCopy {
    pub(super) conn: Connection,
    /// What was read besides the file itself, for the assumptions.
    pub(super) notes: Vec<String>,
    _dir: TempDir,
}

impl PrivateCopy {
    pub(super) fn open(source: &Source) -> Result<PrivateCopy, String> {
        use std::os::unix::fs::PermissionsExt;
        let size = source.bytes.len();
        let dir = tempfile::Builder::new()
            .prefix("groomscan-db-")
            .permissions(std::fs::Permissions::from_mode(0o700))
            .tempdir()
            .map_err(|e| scratch_error(size, e))?;
        let db = dir.path().join("copy.db");
        write_private(&db, source.bytes).map_err(|e| scratch_error(size, e))?;
        let mut notes = Vec::new();
        // An archive member has no siblings on disk; `path` is then the archive.
        if !source.display.contains("!/") {
            for suffix in ["-wal", "-shm"] {
                let sibling = sibling(source.path, suffix);
                match read_sibling(&sibling) {
                    Ok(None) => {}
                    Ok(Some(bytes)) => {
                        let target = dir.path().join(format!("copy.db{suffix}"));
                        write_private(&target, &bytes).map_err(|e| scratch_error(size, e))?;
                        notes.push(format!(
                            "read {} ({} bytes, sha256 {}) beside the database into the private copy{}",
                            sibling.display(),
                            bytes.len(),
                            sha256_hex(&bytes),
                            if suffix == "-wal" {
                                ", so rows still in the write-ahead log are included"
                            } else {
                                ""
                            }
                        ));
                    }
                    Err(e) => notes.push(format!(
                        "could not read {} ({e}); rows only in it are missing",
                        sibling.display()
                    )),
                }
            }
            let journal = sibling(source.path, "-journal");
            if journal.exists() {
                notes.push(format!(
                    "a rollback journal {} exists beside the database; it was not applied",
                    journal.display()
                ));
            }
        }
        // Read-write on our own copy, so SQLite can replay the WAL; the evidence is never
        // handed to SQLite.
        let conn = Connection::open_with_flags(
            &db,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| format!("SQLite cannot open the database: {e}"))?;
        Ok(PrivateCopy {
            conn,
            notes,
            _dir: dir,
        })
    }
}

/// `<path>-wal` and friends.
pub(super) fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// Reads a sibling file read-only; `None` when there is none.
pub(super) fn read_sibling(path: &Path) -> Result<Option<Vec<u8>>, String> {
    let file = match std::fs::OpenOptions::new().read(true).open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e.to_string()),
    };
    let meta = file.metadata().map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err("not a regular file".into());
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(super::MAX_FILE_BYTES)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    Ok(Some(bytes))
}

/// Table names, lower-cased.
pub(super) fn tables(conn: &Connection) -> rusqlite::Result<BTreeSet<String>> {
    let mut stmt = conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table'")?;
    let names = stmt.query_map([], |r| r.get::<_, String>(0))?;
    names.map(|n| n.map(|n| n.to_lowercase())).collect()
}

/// Column names of a table, lower-cased.
pub(super) fn columns(conn: &Connection, table: &str) -> rusqlite::Result<BTreeSet<String>> {
    let mut stmt = conn.prepare(&format!("PRAGMA table_info(\"{table}\")"))?;
    let names = stmt.query_map([], |r| r.get::<_, String>(1))?;
    names.map(|n| n.map(|n| n.to_lowercase())).collect()
}

/// A value as text, whatever its storage class (bad UTF-8 replaced).
pub(super) fn text(v: ValueRef) -> Option<String> {
    match v {
        ValueRef::Null => None,
        ValueRef::Text(b) | ValueRef::Blob(b) => Some(String::from_utf8_lossy(b).into_owned()),
        ValueRef::Integer(i) => Some(i.to_string()),
        ValueRef::Real(f) => Some(f.to_string()),
    }
}

/// A value as an integer, whatever its storage class.
pub(super) fn int(v: ValueRef) -> Option<i64> {
    match v {
        ValueRef::Integer(i) => Some(i),
        ValueRef::Real(f) if f.is_finite() => Some(f as i64),
        ValueRef::Text(b) => std::str::from_utf8(b).ok()?.trim().parse().ok(),
        _ => None,
    }
}

fn blob(v: ValueRef) -> Option<Vec<u8>> {
    match v {
        ValueRef::Blob(b) | ValueRef::Text(b) => Some(b.to_vec()),
        _ => None,
    }
}

/// Android `sms.date`: milliseconds since 1970 (0 = none).
pub(super) fn unix_millis(ms: Option<i64>) -> Option<DateTime<Utc>> {
    ms.filter(|&ms| ms > 0)
        .and_then(DateTime::from_timestamp_millis)
}

/// iOS `message.date`: seconds since 2001-01-01 UTC, or nanoseconds when above 1e11
/// (iOS 11 and later). 0 = none.
pub fn apple_time(raw: i64) -> Option<DateTime<Utc>> {
    if raw == 0 {
        return None;
    }
    let (secs, nanos) = if raw.unsigned_abs() > 100_000_000_000 {
        (raw.div_euclid(1_000_000_000), raw.rem_euclid(1_000_000_000))
    } else {
        (raw, 0)
    };
    DateTime::from_timestamp(secs.checked_add(APPLE_EPOCH)?, nanos as u32)
}

/// The text of the first NSString in an `attributedBody` typedstream blob: after the
/// class name `NSString` comes the type marker `\x01+`, a length (one byte below 0x80,
/// or 0x81 and a little-endian u16, or 0x82 and a u32) and that many bytes of UTF-8.
pub fn attributed_body_text(blob: &[u8]) -> Option<String> {
    let at = find(blob, b"NSString")? + b"NSString".len();
    let window = &blob[at..blob.len().min(at + 16)];
    let mut i = at + find(window, b"\x01+")? + 2;
    let len = match *blob.get(i)? {
        0x81 => {
            let b = blob.get(i + 1..i + 3)?;
            i += 3;
            u16::from_le_bytes([b[0], b[1]]) as usize
        }
        0x82 => {
            let b = blob.get(i + 1..i + 5)?;
            i += 5;
            u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize
        }
        n if n < 0x80 => {
            i += 1;
            n as usize
        }
        _ => return None,
    };
    let bytes = blob.get(i..i.checked_add(len)?)?;
    String::from_utf8(bytes.to_vec()).ok()
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Android `type` / `msg_box`: 1 received; 2 sent, 3 draft, 4 outbox, 5 failed, 6 queued.
fn outgoing(kind: Option<i64>) -> Option<bool> {
    match kind? {
        1 => Some(false),
        2..=6 => Some(true),
        _ => None,
    }
}

/// A message with the key it is ordered by within its conversation.
pub(super) struct Row {
    pub(super) order: (i128, u8, i64),
    pub(super) message: Message,
}

/// One conversation being gathered.
pub(super) struct Conv {
    pub(super) title: String,
    pub(super) rows: Vec<Row>,
}

pub(super) fn finish(convs: Vec<(String, Conv)>) -> Vec<ParsedConversation> {
    convs
        .into_iter()
        .map(|(key, mut c)| {
            c.rows.sort_by_key(|r| r.order);
            ParsedConversation {
                title: if c.title.is_empty() {
                    key.clone()
                } else {
                    c.title
                },
                key,
                messages: c.rows.into_iter().map(|r| r.message).collect(),
            }
        })
        .collect()
}

/// The open copy and what is being built from it.
pub(super) struct Db<'a> {
    pub(super) conn: &'a Connection,
    pub(super) display: &'a str,
    pub(super) tables: &'a BTreeSet<String>,
    pub(super) parsed: &'a mut Parsed,
}

impl Db<'_> {
    fn fail(&self, m: impl Into<String>) -> InputError {
        InputError::file(self.display, m)
    }

    pub(super) fn columns(&self, table: &str) -> Result<BTreeSet<String>, InputError> {
        columns(self.conn, table)
            .map_err(|e| self.fail(format!("cannot read table `{table}`: {e}")))
    }

    /// Checks that `table` has `needed` columns.
    pub(super) fn require(
        &self,
        table: &str,
        needed: &[&str],
    ) -> Result<BTreeSet<String>, InputError> {
        let cols = self.columns(table)?;
        if let Some(c) = needed.iter().find(|c| !cols.contains(**c)) {
            return Err(self.fail(format!(
                "table `{table}` has no column `{c}`; not a message database layout this reader knows"
            )));
        }
        Ok(cols)
    }

    /// Runs `sql`, handing each row to `f`. A row that cannot be read ends the table with
    /// an error naming the last good row id; what was read is kept.
    pub(super) fn each(
        &mut self,
        table: &str,
        sql: &str,
        mut f: impl FnMut(&mut Self, &rusqlite::Row) -> Option<i64>,
    ) -> Result<(), InputError> {
        let conn = self.conn;
        let mut stmt = conn
            .prepare(sql)
            .map_err(|e| self.fail(format!("cannot query table `{table}`: {e}")))?;
        let mut rows = stmt
            .query([])
            .map_err(|e| self.fail(format!("cannot query table `{table}`: {e}")))?;
        let mut last = None;
        loop {
            match rows.next() {
                Ok(Some(row)) => last = f(self, row).or(last),
                Ok(None) => return Ok(()),
                Err(e) => {
                    let after = last.map_or("at the start".into(), |id| format!("after row {id}"));
                    self.parsed.errors.push(InputError::new(
                        self.display,
                        last.and_then(|id| u64::try_from(id).ok()),
                        format!("reading table `{table}` stopped {after}: {e}; the rest of the table is missing"),
                    ));
                    return Ok(());
                }
            }
        }
    }

    fn error(&mut self, row: Option<i64>, m: impl Into<String>) {
        let line = row.and_then(|r| u64::try_from(r).ok());
        self.parsed
            .errors
            .push(InputError::new(self.display, line, m));
    }

    // ---- Android -------------------------------------------------------------------

    fn android(&mut self) -> Result<(), InputError> {
        let sms_cols = self.require(
            "sms",
            &["_id", "thread_id", "address", "date", "type", "body"],
        )?;
        let titles = self.android_titles();
        // (thread id or i64::MAX, address) -> conversation, in thread order.
        let mut convs: BTreeMap<(i64, String), Conv> = BTreeMap::new();
        let mut unsent = 0usize;
        let subject = if sms_cols.contains("subject") {
            "subject"
        } else {
            "NULL"
        };
        let sql = format!(
            "SELECT _id, thread_id, address, date, type, body, {subject} FROM sms ORDER BY _id"
        );
        self.each("sms", &sql, |db, r| {
            let id = r.get_ref(0).ok().and_then(int);
            let get = |i: usize| r.get_ref(i).ok().unwrap_or(ValueRef::Null);
            let thread = int(get(1));
            let address = text(get(2)).map(|a| a.trim().to_string()).unwrap_or_default();
            let date = int(get(3));
            let kind = int(get(4));
            let mut body = text(get(5)).unwrap_or_default();
            if let Some(s) = text(get(6)).filter(|s| !s.trim().is_empty()) {
                body = if body.is_empty() { s } else { format!("{s}\n{body}") };
            }
            let author = match outgoing(kind) {
                Some(true) => {
                    if kind != Some(2) {
                        unsent += 1;
                    }
                    ME.to_string()
                }
                Some(false) => address.clone(),
                None => {
                    db.error(id, format!("sms type {kind:?} is not received (1) or sent (2..=6); kept without an author"));
                    String::new()
                }
            };
            let time = unix_millis(date);
            if time.is_none() {
                db.error(id, format!("sms date {date:?} is not usable; message kept without a time"));
            }
            let key = (thread.unwrap_or(i64::MAX), if thread.is_some() { String::new() } else { address.clone() });
            let conv = convs.entry(key).or_insert_with(|| Conv { title: String::new(), rows: Vec::new() });
            conv.rows.push(Row {
                order: (i128::from(date.unwrap_or(0)), 0, id.unwrap_or(0)),
                message: Message {
                    author,
                    time,
                    time_raw: date.map(|d| d.to_string()).unwrap_or_default(),
                    text: body,
                    line: id.and_then(|i| u64::try_from(i).ok()).unwrap_or(0),
                    deleted: false,
                },
            });
            id
        })?;
        self.android_mms(&mut convs, &mut unsent)?;
        if unsent > 0 {
            self.parsed.assumptions.push(format!(
                "{unsent} draft, outbox, failed or queued message(s) (type 3..=6) are kept and authored {ME}"
            ));
        }
        let convs = convs
            .into_iter()
            .map(|((thread, address), mut c)| {
                let key = if thread == i64::MAX {
                    format!("address:{address}")
                } else {
                    format!("thread:{thread}")
                };
                c.title = titles.get(&thread).cloned().unwrap_or_else(|| {
                    let mut seen: Vec<&str> = Vec::new();
                    for r in &c.rows {
                        if r.message.author != ME && !seen.contains(&r.message.author.as_str()) {
                            seen.push(&r.message.author);
                        }
                    }
                    if seen.is_empty() {
                        address.clone()
                    } else {
                        seen.join(", ")
                    }
                });
                (key, c)
            })
            .collect();
        self.parsed.conversations = finish(convs);
        Ok(())
    }

    /// Thread id -> its recipients' addresses, from `threads.recipient_ids` (space-separated
    /// ids into `canonical_addresses`). Empty when either is missing.
    fn android_titles(&mut self) -> HashMap<i64, String> {
        let mut titles = HashMap::new();
        if !self.tables.contains("canonical_addresses") {
            return titles;
        }
        let ok = |db: &Self, t: &str, c: &[&str]| {
            db.columns(t)
                .is_ok_and(|cols| c.iter().all(|c| cols.contains(*c)))
        };
        if !ok(self, "threads", &["_id", "recipient_ids"])
            || !ok(self, "canonical_addresses", &["_id", "address"])
        {
            return titles;
        }
        let mut addresses: HashMap<String, String> = HashMap::new();
        let _ = self.each(
            "canonical_addresses",
            "SELECT _id, address FROM canonical_addresses",
            |_, r| {
                let id = r.get_ref(0).ok().and_then(int);
                if let (Some(i), Some(a)) = (id, r.get_ref(1).ok().and_then(text)) {
                    addresses.insert(i.to_string(), a);
                }
                id
            },
        );
        let _ = self.each(
            "threads",
            "SELECT _id, recipient_ids FROM threads",
            |_, r| {
                let id = r.get_ref(0).ok().and_then(int);
                if let (Some(i), Some(ids)) = (id, r.get_ref(1).ok().and_then(text)) {
                    let names: Vec<&str> = ids
                        .split_whitespace()
                        .map(|x| addresses.get(x).map_or(x, String::as_str))
                        .collect();
                    if !names.is_empty() {
                        titles.insert(i, names.join(", "));
                    }
                }
                id
            },
        );
        titles
    }

    /// MMS from `pdu` (one row a message), `part` (its parts) and `addr` (137 = sender).
    fn android_mms(
        &mut self,
        convs: &mut BTreeMap<(i64, String), Conv>,
        unsent: &mut usize,
    ) -> Result<(), InputError> {
        if !["pdu", "part"].iter().all(|t| self.tables.contains(*t)) {
            return Ok(());
        }
        let pdu = self.columns("pdu")?;
        let part = self.columns("part")?;
        let pdu_ok = ["_id", "thread_id", "date", "msg_box"]
            .iter()
            .all(|c| pdu.contains(*c));
        let part_ok = ["mid", "ct", "text"].iter().all(|c| part.contains(*c));
        if !pdu_ok || !part_ok {
            self.parsed.assumptions.push(
                "tables `pdu`/`part` lack the usual columns; MMS messages were not read".into(),
            );
            return Ok(());
        }
        let seq = if part.contains("seq") { "seq" } else { "0" };
        let mut parts: HashMap<i64, Vec<String>> = HashMap::new();
        self.each(
            "part",
            &format!("SELECT mid, ct, text, _rowid_ FROM part ORDER BY mid, {seq}, _rowid_"),
            |_, r| {
                let get = |i: usize| r.get_ref(i).ok().unwrap_or(ValueRef::Null);
                let mid = int(get(0))?;
                let ct = text(get(1)).unwrap_or_default();
                let ct = ct.trim();
                let piece = if ct.eq_ignore_ascii_case("application/smil") {
                    None
                } else if ct.eq_ignore_ascii_case("text/plain") {
                    text(get(2)).filter(|t| !t.is_empty())
                } else if ct.is_empty() {
                    Some("<attachment>".to_string())
                } else {
                    Some(format!("<{ct}>"))
                };
                if let Some(p) = piece {
                    parts.entry(mid).or_default().push(p);
                }
                int(get(3))
            },
        )?;
        let mut senders: HashMap<i64, String> = HashMap::new();
        let addr_ok = self.tables.contains("addr")
            && self
                .columns("addr")
                .is_ok_and(|c| ["msg_id", "address", "type"].iter().all(|x| c.contains(*x)));
        if addr_ok {
            self.each(
                "addr",
                "SELECT msg_id, address, type, _rowid_ FROM addr ORDER BY _rowid_",
                |_, r| {
                    let get = |i: usize| r.get_ref(i).ok().unwrap_or(ValueRef::Null);
                    if int(get(2)) == Some(137)
                        && let (Some(m), Some(a)) = (int(get(0)), text(get(1)))
                    {
                        senders.entry(m).or_insert(a);
                    }
                    int(get(3))
                },
            )?;
        }
        let sub = if pdu.contains("sub") { "sub" } else { "NULL" };
        let sql = format!("SELECT _id, thread_id, date, msg_box, {sub} FROM pdu ORDER BY _id");
        self.each("pdu", &sql, |db, r| {
            let get = |i: usize| r.get_ref(i).ok().unwrap_or(ValueRef::Null);
            let id = int(get(0));
            let thread = int(get(1));
            let raw = int(get(2));
            // pdu.date is seconds; be lenient with a store that wrote milliseconds.
            let ms = raw.map(|d| if d.unsigned_abs() > 100_000_000_000 { d } else { d.saturating_mul(1000) });
            let time = unix_millis(ms);
            if time.is_none() {
                db.error(id, format!("pdu date {raw:?} is not usable; MMS kept without a time"));
            }
            let sender = id.and_then(|i| senders.get(&i)).map(|s| s.trim().to_string());
            let kind = int(get(3));
            let author = match outgoing(kind) {
                Some(true) => {
                    if kind != Some(2) {
                        *unsent += 1;
                    }
                    ME.to_string()
                }
                Some(false) => sender.clone().unwrap_or_default(),
                None => {
                    db.error(id, format!("pdu msg_box {kind:?} is not received (1) or sent (2..=6); kept without an author"));
                    String::new()
                }
            };
            let mut lines: Vec<String> = Vec::new();
            if let Some(s) = text(get(4)).filter(|s| !s.trim().is_empty()) {
                lines.push(s);
            }
            if let Some(p) = id.and_then(|i| parts.remove(&i)) {
                lines.extend(p);
            }
            let key = (thread.unwrap_or(i64::MAX), if thread.is_some() { String::new() } else { sender.unwrap_or_default() });
            let conv = convs.entry(key).or_insert_with(|| Conv { title: String::new(), rows: Vec::new() });
            conv.rows.push(Row {
                order: (i128::from(ms.unwrap_or(0)), 1, id.unwrap_or(0)),
                message: Message {
                    author,
                    time,
                    time_raw: raw.map(|d| d.to_string()).unwrap_or_default(),
                    text: lines.join("\n"),
                    line: id.and_then(|i| u64::try_from(i).ok()).unwrap_or(0),
                    deleted: false,
                },
            });
            id
        })?;
        Ok(())
    }

    // ---- iOS -----------------------------------------------------------------------

    fn ios(&mut self) -> Result<(), InputError> {
        let msg = self.require("message", &["text", "date", "is_from_me", "handle_id"])?;
        self.require("handle", &["id"])?;
        let opt = |c: &str| {
            if msg.contains(c) {
                format!("m.{c}")
            } else {
                "NULL".into()
            }
        };

        // Chats: ROWID -> (key, title), in ROWID order; participants for titles.
        let mut chat_keys: BTreeMap<i64, String> = BTreeMap::new();
        let mut order: Vec<(String, Conv)> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        let tables = self.tables;
        let has = |t: &str| tables.contains(t);
        let mut participants: HashMap<i64, Vec<String>> = HashMap::new();
        if has("chat_handle_join") {
            let _ = self.each(
                "chat_handle_join",
                "SELECT j.chat_id, h.id FROM chat_handle_join j JOIN handle h ON h.ROWID = j.handle_id ORDER BY j.chat_id, h.ROWID",
                |_, r| {
                    let chat = r.get_ref(0).ok().and_then(int)?;
                    if let Some(h) = r.get_ref(1).ok().and_then(text) {
                        participants.entry(chat).or_default().push(h);
                    }
                    Some(chat)
                },
            );
        }
        if has("chat") {
            let cols = self.columns("chat")?;
            let ident = if cols.contains("chat_identifier") {
                "chat_identifier"
            } else {
                "NULL"
            };
            let name = if cols.contains("display_name") {
                "display_name"
            } else {
                "NULL"
            };
            let sql = format!("SELECT ROWID, {ident}, {name} FROM chat ORDER BY ROWID");
            self.each("chat", &sql, |_, r| {
                let id = r.get_ref(0).ok().and_then(int)?;
                let ident = r
                    .get_ref(1)
                    .ok()
                    .and_then(text)
                    .filter(|s| !s.trim().is_empty());
                let name = r
                    .get_ref(2)
                    .ok()
                    .and_then(text)
                    .filter(|s| !s.trim().is_empty());
                let key = format!("chat:{}", ident.clone().unwrap_or_else(|| id.to_string()));
                let people = participants
                    .get(&id)
                    .filter(|p| p.len() > 1)
                    .map(|p| p.join(", "));
                let title = name.or(people).or(ident).unwrap_or_default();
                chat_keys.insert(id, key.clone());
                if let Some(&i) = index.get(&key) {
                    if order[i].1.title.is_empty() {
                        order[i].1.title = title;
                    }
                } else {
                    index.insert(key.clone(), order.len());
                    order.push((
                        key,
                        Conv {
                            title,
                            rows: Vec::new(),
                        },
                    ));
                }
                Some(id)
            })?;
        }
        // Message -> chats.
        let mut chats_of: HashMap<i64, Vec<i64>> = HashMap::new();
        if has("chat_message_join") {
            self.each(
                "chat_message_join",
                "SELECT message_id, chat_id FROM chat_message_join ORDER BY chat_id, message_id",
                |_, r| {
                    let m = r.get_ref(0).ok().and_then(int)?;
                    let c = r.get_ref(1).ok().and_then(int)?;
                    chats_of.entry(m).or_default().push(c);
                    Some(m)
                },
            )?;
        }
        // Message -> attachment MIME types, in attachment order.
        let mut attachments: HashMap<i64, Vec<String>> = HashMap::new();
        if has("message_attachment_join") && has("attachment") {
            let cols = self.columns("attachment")?;
            let mime = if cols.contains("mime_type") {
                "a.mime_type"
            } else {
                "NULL"
            };
            let sql = format!(
                "SELECT j.message_id, {mime} FROM message_attachment_join j JOIN attachment a ON a.ROWID = j.attachment_id ORDER BY j.message_id, a.ROWID"
            );
            self.each("attachment", &sql, |_, r| {
                let m = r.get_ref(0).ok().and_then(int)?;
                let mime = r
                    .get_ref(1)
                    .ok()
                    .and_then(text)
                    .map(|t| t.trim().to_string())
                    .filter(|t| !t.is_empty());
                attachments
                    .entry(m)
                    .or_default()
                    .push(format!("<{}>", mime.as_deref().unwrap_or("attachment")));
                Some(m)
            })?;
        }

        let sql = format!(
            "SELECT m.ROWID, m.text, {}, m.is_from_me, m.date, h.id, {}, {} FROM message m LEFT JOIN handle h ON h.ROWID = m.handle_id ORDER BY m.ROWID",
            opt("attributedbody"),
            opt("item_type"),
            opt("subject"),
        );
        let (mut events, mut empty, mut undecoded, mut orphans) = (0usize, 0usize, 0usize, 0usize);
        self.each("message", &sql, |db, r| {
            let get = |i: usize| r.get_ref(i).ok().unwrap_or(ValueRef::Null);
            let id = int(get(0))?;
            if int(get(6)).unwrap_or(0) != 0 {
                events += 1;
                return Some(id);
            }
            let mut body = text(get(1)).filter(|t| !t.is_empty());
            if body.is_none()
                && let Some(b) = blob(get(2))
            {
                body = attributed_body_text(&b).filter(|t| !t.is_empty());
                if body.is_none() {
                    undecoded += 1;
                }
            }
            let files = attachments.get(&id).map_or(&[][..], Vec::as_slice);
            let mut body = with_attachments(body, files);
            if let Some(s) = text(get(7)).filter(|s| !s.trim().is_empty()) {
                body = Some(match body {
                    Some(b) => format!("{s}\n{b}"),
                    None => s,
                });
            }
            let Some(body) = body else {
                empty += 1;
                return Some(id);
            };
            let raw = int(get(4)).unwrap_or(0);
            let time = apple_time(raw);
            if time.is_none() {
                db.error(
                    Some(id),
                    format!("message date {raw} is not usable; kept without a time"),
                );
            }
            let handle = text(get(5))
                .map(|h| h.trim().to_string())
                .filter(|h| !h.is_empty());
            let from_me = int(get(3)).unwrap_or(0) != 0;
            let chats = chats_of.get(&id).map_or(&[][..], Vec::as_slice);
            let mut keys: Vec<String> = Vec::new();
            for key in chats.iter().filter_map(|c| chat_keys.get(c)) {
                if !keys.contains(key) {
                    keys.push(key.clone());
                }
            }
            if keys.is_empty() {
                orphans += 1;
                keys.push(format!("handle:{}", handle.as_deref().unwrap_or("unknown")));
            }
            // Nanoseconds since 2001 for ordering, whatever unit the row used.
            let ns = if raw.unsigned_abs() > 100_000_000_000 {
                i128::from(raw)
            } else {
                i128::from(raw) * 1_000_000_000
            };
            for key in keys {
                let i = *index.entry(key.clone()).or_insert_with(|| {
                    let title = key.split_once(':').map_or("", |(_, h)| h).to_string();
                    order.push((
                        key.clone(),
                        Conv {
                            title,
                            rows: Vec::new(),
                        },
                    ));
                    order.len() - 1
                });
                let conv = &mut order[i].1;
                let author = if from_me {
                    ME.to_string()
                } else {
                    handle.clone().unwrap_or_else(|| {
                        // No sender recorded: a one-to-one chat's other party.
                        let only = chats
                            .iter()
                            .find_map(|c| participants.get(c).filter(|p| p.len() == 1));
                        only.map(|p| p[0].clone()).unwrap_or_default()
                    })
                };
                conv.rows.push(Row {
                    order: (ns, 0, id),
                    message: Message {
                        author,
                        time,
                        time_raw: raw.to_string(),
                        text: body.clone(),
                        line: u64::try_from(id).unwrap_or(0),
                        deleted: false,
                    },
                });
            }
            Some(id)
        })?;
        for (n, what) in [
            (
                events,
                "group event row(s) (item_type other than 0: renames, joins, leaves) are not messages and were skipped",
            ),
            (
                empty,
                "message row(s) with no text and no attachment were skipped",
            ),
            (
                undecoded,
                "message row(s) had NULL text and an attributedBody that could not be decoded",
            ),
            (
                orphans,
                "message row(s) belong to no chat and are grouped by their handle",
            ),
        ] {
            if n > 0 {
                self.parsed.assumptions.push(format!("{n} {what}"));
            }
        }
        order.retain(|(_, c)| !c.rows.is_empty());
        self.parsed.conversations = finish(order);
        Ok(())
    }
}

/// Replaces each U+FFFC (the attachment mark in iOS text) with the next placeholder;
/// placeholders left over are added on their own lines.
fn with_attachments(text: Option<String>, placeholders: &[String]) -> Option<String> {
    if placeholders.is_empty() {
        return text;
    }
    let mut rest = placeholders.iter();
    let mut out = String::new();
    for c in text.unwrap_or_default().chars() {
        match (c, rest.clone().next()) {
            ('\u{FFFC}', Some(p)) => {
                out.push_str(p);
                rest.next();
            }
            _ => out.push(c),
        }
    }
    for p in rest {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(p);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A source for a database written at `path`.
    fn read(path: &Path) -> (Vec<u8>, String) {
        (std::fs::read(path).unwrap(), path.display().to_string())
    }

    fn parse_path(path: &Path) -> Result<Parsed, InputError> {
        let (bytes, display) = read(path);
        let s = Source {
            path,
            display: &display,
            bytes: &bytes,
        };
        parse(&s, &IngestOptions::default())
    }

    fn detect_path(path: &Path) -> Option<Format> {
        let (bytes, display) = read(path);
        detect(&Source {
            path,
            display: &display,
            bytes: &bytes,
        })
    }

    /// (key, title, [(line, author, text)])
    type Summary = Vec<(String, String, Vec<(u64, String, String)>)>;

    fn summary(p: &Parsed) -> Summary {
        p.conversations
            .iter()
            .map(|c| {
                (
                    c.key.clone(),
                    c.title.clone(),
                    c.messages
                        .iter()
                        .map(|m| (m.line, m.author.clone(), m.text.clone()))
                        .collect(),
                )
            })
            .collect()
    }

    fn row(line: u64, author: &str, text: &str) -> (u64, String, String) {
        (line, author.into(), text.into())
    }

    const ANDROID: &str = "
        CREATE TABLE threads (_id INTEGER PRIMARY KEY, recipient_ids TEXT);
        CREATE TABLE canonical_addresses (_id INTEGER PRIMARY KEY, address TEXT);
        CREATE TABLE sms (_id INTEGER PRIMARY KEY, thread_id INTEGER, address TEXT, date INTEGER,
                          type INTEGER, body TEXT, subject TEXT);
        CREATE TABLE pdu (_id INTEGER PRIMARY KEY, thread_id INTEGER, date INTEGER, msg_box INTEGER, sub TEXT);
        CREATE TABLE part (_id INTEGER PRIMARY KEY, mid INTEGER, seq INTEGER, ct TEXT, text TEXT);
        CREATE TABLE addr (_id INTEGER PRIMARY KEY, msg_id INTEGER, address TEXT, type INTEGER);
        INSERT INTO canonical_addresses VALUES (1, '+15550000001'), (2, '+15550000002');
        INSERT INTO threads VALUES (1, '1'), (2, '1 2');
        INSERT INTO sms VALUES
            (1, 1, '+15550000001', 1617873247692, 1, 'hello', NULL),
            (2, 1, '+15550000001', 1617873250000, 2, 'hi back', NULL),
            (3, 1, '+15550000001', 1617873260000, 3, 'unsent draft', NULL),
            (4, 1, '+15550000001', 0, 1, 'no date', NULL),
            (5, 1, '+15550000001', 1617873270000, 7, 'odd type', NULL);
        INSERT INTO pdu VALUES (1, 2, 1617873255, 1, NULL), (2, 2, 1617873256, 2, 'Re');
        INSERT INTO part VALUES
            (1, 1, -1, 'application/smil', '<smil/>'), (2, 1, 0, 'image/jpeg', NULL),
            (3, 1, 1, 'text/plain', 'look at this'), (4, 2, 0, 'text/plain', 'nice');
        INSERT INTO addr VALUES (1, 1, '+15550000002', 137), (2, 1, '+15550000001', 151);
    ";

    #[test]
    fn android_sms_and_mms() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mmssms.db");
        Connection::open(&path)
            .unwrap()
            .execute_batch(ANDROID)
            .unwrap();
        assert_eq!(detect_path(&path), Some(Format::AndroidSms));
        let p = parse_path(&path).unwrap();
        let s = summary(&p);
        assert_eq!(
            s,
            vec![
                (
                    "thread:1".into(),
                    "+15550000001".into(),
                    vec![
                        row(4, "+15550000001", "no date"),
                        row(1, "+15550000001", "hello"),
                        row(2, "Me", "hi back"),
                        row(3, "Me", "unsent draft"),
                        row(5, "", "odd type"),
                    ]
                ),
                (
                    "thread:2".into(),
                    "+15550000001, +15550000002".into(),
                    vec![
                        row(1, "+15550000002", "<image/jpeg>\nlook at this"),
                        row(2, "Me", "Re\nnice"),
                    ]
                ),
            ]
        );
        let m = &p.conversations[0].messages[1];
        assert_eq!(
            m.time.unwrap().to_rfc3339(),
            "2021-04-08T09:14:07.692+00:00"
        );
        assert_eq!(m.time_raw, "1617873247692");
        let mms = &p.conversations[1].messages[0];
        assert_eq!(mms.time.unwrap().to_rfc3339(), "2021-04-08T09:14:15+00:00");
        let errs: Vec<Option<u64>> = p.errors.iter().map(|e| e.line).collect();
        assert_eq!(errs, [Some(4), Some(5)], "{:?}", p.errors);
        assert!(p.assumptions.iter().any(|a| a.contains("draft")));
    }

    const IOS: &str = "
        CREATE TABLE handle (ROWID INTEGER PRIMARY KEY, id TEXT NOT NULL);
        CREATE TABLE chat (ROWID INTEGER PRIMARY KEY, chat_identifier TEXT, display_name TEXT);
        CREATE TABLE message (ROWID INTEGER PRIMARY KEY, text TEXT, attributedBody BLOB, handle_id INTEGER,
                              date INTEGER, is_from_me INTEGER, item_type INTEGER DEFAULT 0, subject TEXT);
        CREATE TABLE chat_message_join (chat_id INTEGER, message_id INTEGER);
        CREATE TABLE chat_handle_join (chat_id INTEGER, handle_id INTEGER);
        CREATE TABLE attachment (ROWID INTEGER PRIMARY KEY, mime_type TEXT);
        CREATE TABLE message_attachment_join (message_id INTEGER, attachment_id INTEGER);
        INSERT INTO handle VALUES (1, '+15550000001'), (2, 'friend@example.com'), (3, '+15550000003');
        INSERT INTO chat VALUES (1, '+15550000001', ''), (2, 'chat123', 'Team'), (3, '+15550000001', NULL),
                                (4, 'chat456', NULL);
        INSERT INTO chat_handle_join VALUES (1, 1), (2, 1), (2, 2), (3, 1), (4, 2), (4, 3);
        INSERT INTO message VALUES
            (10, 'first', NULL, 1, 599079037641931008, 0, 0, NULL),
            (11, NULL, X'040B73747265616D747970656481E8038401408484840F4E534D757461626C65537472696E67018484084E53537472696E67019584012B0568656C6C6F86', 0, 599079038000000000, 1, 0, NULL),
            (12, char(65532) || 'look', NULL, 1, 600000000, 0, 0, NULL),
            (13, 'renamed', NULL, 1, 599079039000000000, 0, 1, NULL),
            (14, NULL, NULL, 1, 599079040000000000, 0, 0, NULL),
            (15, 'group hi', NULL, 2, 599079041000000000, 0, 0, NULL),
            (16, 'imessage same person', NULL, 1, 599079037000000000, 0, 0, NULL),
            (17, 'no chat', NULL, 3, 599079042000000000, 0, 0, NULL),
            (18, 'other group', NULL, 3, 599079043000000000, 0, 0, NULL);
        INSERT INTO chat_message_join VALUES (1, 10), (1, 11), (1, 12), (1, 13), (1, 14), (2, 15), (3, 16), (4, 18);
        INSERT INTO attachment VALUES (1, 'image/jpeg'), (2, NULL);
        INSERT INTO message_attachment_join VALUES (12, 1), (12, 2);
    ";

    #[test]
    fn ios_chats_handles_and_attributed_body() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sms.db");
        Connection::open(&path).unwrap().execute_batch(IOS).unwrap();
        assert_eq!(detect_path(&path), Some(Format::IosSms));
        let p = parse_path(&path).unwrap();
        let s = summary(&p);
        assert_eq!(
            s,
            vec![
                (
                    "chat:+15550000001".into(),
                    "+15550000001".into(),
                    vec![
                        row(16, "+15550000001", "imessage same person"),
                        row(10, "+15550000001", "first"),
                        row(11, "Me", "hello"),
                        row(12, "+15550000001", "<image/jpeg>look\n<attachment>"),
                    ]
                ),
                (
                    "chat:chat123".into(),
                    "Team".into(),
                    vec![row(15, "friend@example.com", "group hi")]
                ),
                (
                    "chat:chat456".into(),
                    "friend@example.com, +15550000003".into(),
                    vec![row(18, "+15550000003", "other group")]
                ),
                (
                    "handle:+15550000003".into(),
                    "+15550000003".into(),
                    vec![row(17, "+15550000003", "no chat")]
                ),
            ]
        );
        let m = &p.conversations[0].messages[1];
        assert_eq!(
            m.time.unwrap().to_rfc3339(),
            "2019-12-26T18:50:37.641931008+00:00"
        );
        assert_eq!(
            p.conversations[0].messages[3].time.unwrap().to_rfc3339(),
            "2020-01-06T10:40:00+00:00",
            "seconds-based dates (before iOS 11) are read too"
        );
        assert!(p.errors.is_empty(), "{:?}", p.errors);
        assert_eq!(p.assumptions.len(), 3, "{:?}", p.assumptions);
    }

    #[test]
    fn attributed_body_table() {
        let mut long = b"\x84\x08NSString\x01\x95\x84\x01+\x81\x2c\x01".to_vec();
        long.extend(std::iter::repeat_n(b'a', 300));
        for (blob, want) in [
            (
                &b"xxNSString\x01\x95\x84\x01+\x05hello\x86"[..],
                Some("hello"),
            ),
            (b"NSString\x01\x94\x84\x01+\x03abc", Some("abc")),
            (b"NSString\x01+\x00", Some("")),
            (b"NSString\x01+\x09short", None),
            (b"NSString\x01+\x81\x05", None),
            (b"NSString\x01+\xff", None),
            (b"NSString", None),
            (b"no marker here at all", None),
            (b"NSString\x01+\x02\xff\xfe", None),
            (b"", None),
        ] {
            assert_eq!(attributed_body_text(blob).as_deref(), want, "{blob:?}");
        }
        assert_eq!(attributed_body_text(&long).map(|s| s.len()), Some(300));
    }

    #[test]
    fn apple_time_units() {
        for (raw, want) in [
            (0, None),
            (599079037, Some("2019-12-26T18:50:37+00:00")),
            (
                599079037641931008,
                Some("2019-12-26T18:50:37.641931008+00:00"),
            ),
            (-1, Some("2000-12-31T23:59:59+00:00")),
            (i64::MAX, Some("2293-04-11T23:47:16.854775807+00:00")),
        ] {
            assert_eq!(
                apple_time(raw).map(|t| t.to_rfc3339()).as_deref(),
                want,
                "{raw}"
            );
        }
    }

    #[test]
    fn wrong_schema_and_junk() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("other.db");
        Connection::open(&path)
            .unwrap()
            .execute_batch("CREATE TABLE notes (id INTEGER, body TEXT); CREATE TABLE sms (x);")
            .unwrap();
        assert_eq!(detect_path(&path), None);
        let e = parse_path(&path).unwrap_err();
        assert!(
            e.message.contains("sms") && e.message.contains("notes"),
            "{e}"
        );
        assert!(e.path.ends_with("other.db"));
        // Forced as Android: names the missing table.
        let (bytes, display) = read(&path);
        let opts = IngestOptions {
            input_format: Some(Format::AndroidSms),
            ..IngestOptions::default()
        };
        let s = Source {
            path: &path,
            display: &display,
            bytes: &bytes,
        };
        let e = parse(&s, &opts).unwrap_err();
        assert!(e.message.contains("no table `threads`"), "{e}");
        // Right tables, wrong columns.
        let path2 = dir.path().join("cols.db");
        Connection::open(&path2)
            .unwrap()
            .execute_batch("CREATE TABLE sms (_id INTEGER); CREATE TABLE threads (_id INTEGER);")
            .unwrap();
        let e = parse_path(&path2).unwrap_err();
        assert!(e.message.contains("no column `thread_id`"), "{e}");
        // Junk after the magic, and junk without it: errors, never panics.
        for bytes in [
            {
                let mut b = SQLITE_MAGIC.to_vec();
                b.extend([0xffu8; 200]);
                b
            },
            SQLITE_MAGIC.to_vec(),
            b"not sqlite".to_vec(),
            {
                let mut b = std::fs::read(dir.path().join("other.db")).unwrap();
                b.truncate(b.len() / 2 + 7);
                b
            },
        ] {
            let s = Source {
                path: Path::new("/nonexistent/j.db"),
                display: "j.db",
                bytes: &bytes,
            };
            assert!(parse(&s, &IngestOptions::default()).is_err());
            assert_eq!(detect(&s), None);
        }
    }

    #[test]
    fn truncated_database_keeps_what_it_can() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.db");
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(ANDROID).unwrap();
        let filler = "x".repeat(2000);
        for i in 0..200 {
            conn.execute(
                "INSERT INTO sms (thread_id, address, date, type, body) VALUES (1, 'a', ?1, 1, ?2)",
                rusqlite::params![1617873300000i64 + i, filler],
            )
            .unwrap();
        }
        drop(conn);
        let mut bytes = std::fs::read(&path).unwrap();
        bytes.truncate(bytes.len() * 2 / 3);
        let s = Source {
            path: Path::new("/nonexistent/big.db"),
            display: "big.db",
            bytes: &bytes,
        };
        // Whatever SQLite makes of it, the reader reports and does not panic.
        match parse(&s, &IngestOptions::default()) {
            Ok(p) => assert!(!p.errors.is_empty(), "a cut database must report something"),
            Err(e) => assert_eq!(e.path, "big.db"),
        }
    }

    /// Issue 14: the private copy is for the examiner only: folder 0700, files 0600.
    #[test]
    fn the_private_copy_is_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mmssms.db");
        Connection::open(&path)
            .unwrap()
            .execute_batch(ANDROID)
            .unwrap();
        std::fs::write(dir.path().join("mmssms.db-wal"), b"").unwrap();
        let bytes = std::fs::read(&path).unwrap();
        let source = Source {
            path: &path,
            display: "mmssms.db",
            bytes: &bytes,
        };
        let copy = PrivateCopy::open(&source).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(copy._dir.path()), 0o700);
        for name in ["copy.db", "copy.db-wal"] {
            assert_eq!(mode(&copy._dir.path().join(name)), 0o600, "{name}");
        }
    }

    /// The WAL beside the evidence is read (rows not yet checkpointed appear), and the
    /// evidence folder is left byte-for-byte as it was: no `-shm`, no `-journal`.
    #[test]
    fn wal_rows_are_read_and_evidence_untouched() {
        let work = tempfile::tempdir().unwrap();
        let evidence = tempfile::tempdir().unwrap();
        let live = work.path().join("mmssms.db");
        let writer = Connection::open(&live).unwrap();
        writer.pragma_update(None, "journal_mode", "wal").unwrap();
        writer.execute_batch(ANDROID).unwrap();
        writer.pragma_update(None, "wal_autocheckpoint", 0).unwrap();
        writer
            .execute(
                "INSERT INTO sms VALUES (6, 1, '+15550000001', 1617873280000, 1, 'only in the wal', NULL)",
                [],
            )
            .unwrap();
        // Seize the files while the writer still has them open (the WAL is not yet
        // checkpointed).
        for name in ["mmssms.db", "mmssms.db-wal"] {
            std::fs::copy(work.path().join(name), evidence.path().join(name)).unwrap();
        }
        drop(writer);
        let snapshot = |dir: &Path| -> Vec<(String, Vec<u8>)> {
            let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
                .unwrap()
                .map(|e| {
                    let e = e.unwrap();
                    (
                        e.file_name().to_string_lossy().into_owned(),
                        std::fs::read(e.path()).unwrap(),
                    )
                })
                .collect();
            v.sort();
            v
        };
        let before = snapshot(evidence.path());
        let path = evidence.path().join("mmssms.db");
        assert_eq!(detect_path(&path), Some(Format::AndroidSms));
        let p = parse_path(&path).unwrap();
        assert_eq!(snapshot(evidence.path()), before);
        let texts: Vec<&str> = p.conversations[0]
            .messages
            .iter()
            .map(|m| m.text.as_str())
            .collect();
        assert!(texts.contains(&"only in the wal"), "{texts:?}");
        assert!(
            p.assumptions
                .iter()
                .any(|a| a.contains("mmssms.db-wal") && a.contains("sha256")),
            "{:?}",
            p.assumptions
        );
    }
}
