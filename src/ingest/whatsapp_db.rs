//! WhatsApp's own databases from phone extractions: Android `msgstore.db` (decrypted; the
//! legacy `messages` table and the `message` / `jid` / `chat` tables of 2021 onwards) with
//! contact names from the `wa.db` beside it, and iOS `ChatStorage.sqlite` (`ZWAMESSAGE`,
//! `ZWACHATSESSION`, `ZWAGROUPMEMBER`, `ZWAPROFILEPUSHNAME`, `ZWAMEDIAITEM`). This module
//! owns recognising them by their tables (`schema_of`, never by file name), recognising
//! and refusing encrypted Android backups (`.crypt12`, `.crypt14`, `.crypt15`: a key is
//! needed; nothing is guessed), and turning their rows into conversations. The private
//! copy (the evidence is never handed to SQLite; `-wal`/`-shm` read beside it) and the row
//! loop are `phone_db`'s.
//!
//! What a row becomes:
//! - Each chat is a conversation keyed `chat:<jid>`, titled by the group subject, else the
//!   contact's name, else the number. A chat with no message rows is not a conversation
//!   (counted in an assumption).
//! - `Message::line` is the row id (`_id`, `Z_PK`), `time_raw` the stored value. Android
//!   times are milliseconds since 1970; iOS `ZMESSAGEDATE` is seconds (with a fraction)
//!   since 2001-01-01 UTC. Within a chat, messages are in time order, ties by row id.
//! - The owner's messages are authored `Me`; others by their contact name (`wa.db`
//!   `display_name`, else `wa_name`; on iOS the group member's name, the chat's partner
//!   name or the push name), else the number of their jid; a sender whose `jid` row is
//!   gone is authored `jid row N` (counted), never the chat.
//! - Media become placeholders such as `<image/jpeg>` or `<location>`, after the caption
//!   when there is one; "delete for everyone" rows are kept as deletion events (`deleted`,
//!   WhatsApp's own wording as their text); system rows (group changes, security and call
//!   notices; legacy `status` 6, `message_type` 7 or a `message_system` row, iOS types 6
//!   and 10) are counted, not read (`Parsed::system_lines`). The placeholder row WhatsApp
//!   keeps (`_id` 1, chat -1) is counted with them. Status updates (`status@broadcast`)
//!   are stories, not chats: counted, not read.
//! - A quoted reply is the reply's own text. When the quoted message itself is gone from
//!   the database (deleted on the phone) its copy in the quote (`message_quoted`,
//!   `messages_quotes`) is read as a message of its own, at its own time and author, with
//!   the reply's row id as its line, and the assumptions say how many.
//!
//! Contacts: `wa.db` is read (through its own private copy) when it lies beside the
//! msgstore, named `wa.db` or like the msgstore's name with `msgstore` replaced by `wa`
//! (`x_msgstore.db` and `x_wa.db`); its path, size and hash are in the assumptions. On its
//! own, or inside an archive, it gives no conversations and says so. The iOS
//! `ContactsV2.sqlite` is recognised the same way; `ChatStorage.sqlite` carries its own
//! names.

use super::phone_db::{self, APPLE_EPOCH, Conv, Db, PrivateCopy, Row};
use super::{ME, Parsed, SQLITE_MAGIC, Source};
use crate::error::InputError;
use crate::hash::sha256_hex;
use crate::model::{Format, Message};
use chrono::{DateTime, Utc};
use rusqlite::types::ValueRef;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Which WhatsApp database a schema is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Schema {
    /// Android `msgstore.db` with the legacy `messages` table.
    AndroidLegacy,
    /// Android `msgstore.db` with the 2021+ `message` / `jid` / `chat` tables.
    Android2021,
    /// iOS `ChatStorage.sqlite` (Core Data `ZWA*` tables).
    Ios,
    /// Android `wa.db` or iOS `ContactsV2.sqlite` (contact names only).
    Contacts,
}

impl Schema {
    /// The format a database of this schema is reported as.
    pub fn format(self) -> Format {
        match self {
            Schema::AndroidLegacy | Schema::Android2021 => Format::WhatsappAndroidDb,
            Schema::Ios => Format::WhatsappIosDb,
            Schema::Contacts => Format::WhatsappContactsDb,
        }
    }
}

/// Classifies a database by its table names, lower-cased as `phone_db::tables` gives
/// them (never by its file name).
///
/// Schemas, as measured on the shared device samples (`../shared/device-samples/whatsapp-db`):
/// a database in the middle of the 2021 migration (the IPED sample: `messages` 75 rows,
/// `message` 1 row) still has its messages in `messages`, so `messages` wins.
pub fn schema_of(tables: &BTreeSet<String>) -> Option<Schema> {
    let has = |t: &str| tables.contains(t);
    if has("messages")
        && (has("chat_list") || has("jid") || has("chat") || has("message_thumbnails"))
    {
        Some(Schema::AndroidLegacy)
    } else if has("message") && has("jid") && has("chat") {
        Some(Schema::Android2021)
    } else if has("zwamessage") && has("zwachatsession") {
        Some(Schema::Ios)
    } else if has("wa_contacts") || has("zwaaddressbookcontact") {
        Some(Schema::Contacts)
    } else {
        None
    }
}

/// True when a file is an encrypted WhatsApp backup: its name ends in `.crypt<N>` and its
/// content is not SQLite (a decrypted file renamed `.crypt14` is read as what it is).
pub fn is_encrypted_backup(path: &Path, head: &[u8]) -> bool {
    is_crypt_name(path) && !head.starts_with(SQLITE_MAGIC)
}

/// True when a name ends in `.crypt<N>` (WhatsApp's encrypted backups).
pub fn is_crypt_name(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .and_then(|e| e.strip_prefix("crypt"))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
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

/// Reads a WhatsApp database of `schema` from its open private copy into `db.parsed`.
pub(super) fn read(db: &mut Db, source: &Source, schema: Schema) -> Result<(), InputError> {
    let mut chats = Chats::default();
    match schema {
        Schema::AndroidLegacy | Schema::Android2021 => {
            let contacts = contacts_beside(source, db.parsed);
            if schema == Schema::AndroidLegacy {
                legacy(db, &contacts, &mut chats)?;
            } else {
                android_2021(db, &contacts, &mut chats)?;
            }
        }
        Schema::Ios => ios(db, &mut chats)?,
        Schema::Contacts => {
            db.parsed.assumptions.push(
                if db.tables.contains("wa_contacts") {
                    "a WhatsApp contacts database: it holds names, not messages; it is read beside \
                     the msgstore.db it belongs to (wa.db, or the msgstore's name with `msgstore` \
                     replaced by `wa`), and gives no conversations of its own"
                } else {
                    "WhatsApp's iOS contacts database: it holds names, not messages, and gives no \
                     conversations of its own (ChatStorage.sqlite carries the names its chats \
                     are read with)"
                }
                .into(),
            );
            return Ok(());
        }
    }
    chats.finish(db.parsed);
    Ok(())
}

/// What a row of a message table is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    /// Media or a shared item: the placeholder's word when no MIME type is known.
    Media(&'static str),
    /// "Delete for everyone".
    Deleted,
    /// Group changes, security and call notices: counted, not read.
    System,
    /// A type this reader does not know: kept, with a placeholder when it has no text.
    Unknown(i64),
}

/// Android `message_type` (2021+) and `media_wa_type` (legacy).
fn android_kind(t: Option<i64>) -> Kind {
    match t {
        None | Some(0) => Kind::Text,
        Some(1) => Kind::Media("image"),
        Some(2) => Kind::Media("audio"),
        Some(3) => Kind::Media("video"),
        Some(4) => Kind::Media("contact card"),
        Some(5) => Kind::Media("location"),
        Some(7) => Kind::System,
        Some(9) => Kind::Media("document"),
        Some(13) => Kind::Media("GIF"),
        Some(14) => Kind::Media("contact cards"),
        Some(15) => Kind::Deleted,
        Some(16) => Kind::Media("live location"),
        Some(20) => Kind::Media("sticker"),
        Some(42) => Kind::Media("view-once image"),
        Some(43) => Kind::Media("view-once video"),
        Some(t) => Kind::Unknown(t),
    }
}

/// iOS `ZMESSAGETYPE`.
fn ios_kind(t: Option<i64>) -> Kind {
    match t {
        None | Some(0) | Some(7) => Kind::Text,
        Some(1) => Kind::Media("image"),
        Some(2) => Kind::Media("video"),
        Some(3) => Kind::Media("audio"),
        Some(4) => Kind::Media("contact card"),
        Some(5) => Kind::Media("location"),
        Some(6) | Some(10) => Kind::System,
        Some(8) => Kind::Media("document"),
        Some(11) => Kind::Media("GIF"),
        Some(14) => Kind::Deleted,
        Some(15) => Kind::Media("sticker"),
        Some(38) => Kind::Media("view-once image"),
        Some(39) => Kind::Media("view-once video"),
        Some(t) => Kind::Unknown(t),
    }
}

/// WhatsApp's wording for a message deleted for everyone.
fn deleted_text(from_me: bool) -> &'static str {
    if from_me {
        "You deleted this message"
    } else {
        "This message was deleted"
    }
}

/// A MIME type as stored (`image/jpeg`); `None` for anything else in the column (iOS
/// keeps a contact's vCard in the same column).
fn mime(raw: Option<String>) -> Option<String> {
    let m = raw?.trim().to_ascii_lowercase();
    let ok = m.len() <= 80
        && m.split_once('/')
            .is_some_and(|(a, b)| !a.is_empty() && !b.is_empty())
        && m.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"/.+-_".contains(&b));
    ok.then_some(m)
}

/// The text of a row: the caption or text, then the media placeholder on its own line.
fn message_text(kind: Kind, text: Option<String>, mime_type: Option<String>) -> String {
    let text = text.filter(|t| !t.trim().is_empty());
    let placeholder = match kind {
        Kind::Media(word) => Some(format!("<{}>", mime_type.unwrap_or_else(|| word.into()))),
        Kind::Unknown(t) if text.is_none() => Some(format!("<message type {t}>")),
        _ => None,
    };
    match (text, placeholder) {
        (Some(t), Some(p)) => format!("{t}\n{p}"),
        (Some(t), None) => t,
        (None, Some(p)) => p,
        (None, None) => String::new(),
    }
}

/// The user part of a jid (`15550000001@s.whatsapp.net` -> `15550000001`).
fn jid_user(jid: &str) -> &str {
    jid.split_once('@').map_or(jid, |(u, _)| u)
}

/// Chats being gathered and what was counted on the way.
#[derive(Default)]
struct Chats {
    /// Conversation key (`chat:<jid>`) -> title and rows.
    convs: BTreeMap<String, Conv>,
    /// Chats known from the chat table, for the count of those without messages.
    known: BTreeSet<String>,
    system: usize,
    status_updates: usize,
    deleted: usize,
    media: usize,
    unknown: BTreeMap<i64, usize>,
    untimed: usize,
    recovered_quotes: usize,
}

impl Chats {
    /// Notes a chat from the chat table (status updates are not chats).
    fn know(&mut self, jid: &str) {
        if jid != STATUS {
            self.known.insert(format!("chat:{jid}"));
        }
    }

    fn conv(&mut self, jid: &str, title: impl FnOnce() -> String) -> &mut Conv {
        self.convs
            .entry(format!("chat:{jid}"))
            .or_insert_with(|| Conv {
                title: title(),
                rows: Vec::new(),
            })
    }

    /// Files one row: counts what it is and keeps it unless it is a system row.
    fn push(&mut self, row: RowIn, title: impl FnOnce() -> String) {
        match row.kind {
            Kind::System => {
                self.system += 1;
                return;
            }
            Kind::Deleted => self.deleted += 1,
            Kind::Media(_) => self.media += 1,
            Kind::Unknown(t) => *self.unknown.entry(t).or_default() += 1,
            Kind::Text => {}
        }
        if row.time.is_none() {
            self.untimed += 1;
        }
        let deleted = row.kind == Kind::Deleted;
        let text = if deleted {
            deleted_text(row.author == ME).to_string()
        } else {
            message_text(row.kind, row.text, row.mime)
        };
        let order_time = row.time.map_or(0, |t| {
            i128::from(t.timestamp()) * 1_000_000_000 + i128::from(t.timestamp_subsec_nanos())
        });
        self.conv(&row.jid, title).rows.push(Row {
            order: (order_time, 0, row.id),
            message: Message {
                author: row.author,
                time: row.time,
                time_raw: row.time_raw,
                text,
                line: u64::try_from(row.id).unwrap_or(0),
                deleted,
            },
        });
    }

    /// Moves the conversations into `parsed` and says what was counted.
    fn finish(self, parsed: &mut Parsed) {
        let empty = self
            .known
            .iter()
            .filter(|k| !self.convs.contains_key(*k))
            .count();
        parsed.system_lines += self.system;
        let a = &mut parsed.assumptions;
        if self.system > 0 {
            a.push(format!(
                "{} system row(s) (group changes, security and call notices; on Android also the placeholder row) counted, not read",
                self.system
            ));
        }
        if self.status_updates > 0 {
            a.push(format!(
                "{} status update(s) (status@broadcast: stories, not chats) counted, not read",
                self.status_updates
            ));
        }
        if empty > 0 {
            a.push(format!(
                "{empty} chat(s) have no message rows (only system rows or none) and are not conversations"
            ));
        }
        if self.media > 0 {
            a.push(format!(
                "{} media or shared-item message(s) read as placeholders such as <image/jpeg> (after the caption when there is one)",
                self.media
            ));
        }
        if self.deleted > 0 {
            a.push(format!(
                "{} message(s) deleted for everyone kept as deletion events",
                self.deleted
            ));
        }
        for (t, n) in &self.unknown {
            a.push(format!(
                "{n} row(s) of message type {t}, not known to this reader, kept (with a placeholder when they have no text)"
            ));
        }
        if self.untimed > 0 {
            a.push(format!(
                "{} message(s) have no usable timestamp and are kept without a time",
                self.untimed
            ));
        }
        if self.recovered_quotes > 0 {
            a.push(format!(
                "{} quoted message(s) whose own row is gone from the database were read from the replies quoting them (line = the reply's row id)",
                self.recovered_quotes
            ));
        }
        parsed.conversations = phone_db::finish(self.convs.into_iter().collect());
    }
}

/// One message row, as read from any schema.
struct RowIn {
    id: i64,
    jid: String,
    author: String,
    time: Option<DateTime<Utc>>,
    time_raw: String,
    kind: Kind,
    text: Option<String>,
    mime: Option<String>,
}

/// The jid of status updates (stories).
const STATUS: &str = "status@broadcast";

/// jid -> contact name.
type Contacts = HashMap<String, String>;

/// A contact's name, else the number of the jid.
fn name_of(contacts: &Contacts, jid: &str) -> String {
    contacts
        .get(jid)
        .cloned()
        .unwrap_or_else(|| jid_user(jid).to_string())
}

/// Where the contacts database of a msgstore would be: `x_msgstore.db` -> `x_wa.db`,
/// then `wa.db`, in the same folder.
fn contacts_candidates(db: &Path) -> Vec<PathBuf> {
    let Some(dir) = db.parent() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if let Some(name) = db.file_name().and_then(|n| n.to_str())
        && name.contains("msgstore")
    {
        out.push(dir.join(name.replacen("msgstore", "wa", 1)));
    }
    out.push(dir.join("wa.db"));
    out.retain(|p| p != db);
    out.dedup();
    out
}

/// Contact names from the `wa.db` beside the msgstore (read-only, through a private
/// copy), with a note of what was read; empty when there is none.
fn contacts_beside(source: &Source, parsed: &mut Parsed) -> Contacts {
    let mut contacts = Contacts::new();
    if source.display.contains("!/") {
        return contacts;
    }
    for path in contacts_candidates(source.path) {
        let bytes = match phone_db::read_sibling(&path) {
            Ok(Some(b)) => b,
            Ok(None) => continue,
            Err(e) => {
                parsed.assumptions.push(format!(
                    "could not read the contacts database {} ({e}); authors are numbers",
                    path.display()
                ));
                return contacts;
            }
        };
        if !bytes.starts_with(SQLITE_MAGIC) {
            continue;
        }
        let display = path.display().to_string();
        let copy = match PrivateCopy::open(&Source {
            path: &path,
            display: &display,
            bytes: &bytes,
        }) {
            Ok(c) => c,
            Err(e) => {
                parsed.assumptions.push(format!(
                    "could not open the contacts database {display} ({e}); authors are numbers"
                ));
                return contacts;
            }
        };
        let Ok(cols) = phone_db::columns(&copy.conn, "wa_contacts") else {
            continue;
        };
        if !cols.contains("jid") {
            continue;
        }
        let pick = |c: &str| {
            if cols.contains(c) {
                c.to_string()
            } else {
                "NULL".into()
            }
        };
        let sql = format!(
            "SELECT jid, {}, {} FROM wa_contacts ORDER BY _id",
            pick("display_name"),
            pick("wa_name")
        );
        let read = copy.conn.prepare(&sql).and_then(|mut stmt| {
            let rows = stmt.query_map([], |r| {
                let val = |i| r.get_ref(i).map(phone_db::text);
                Ok((val(0)?, val(1)?, val(2)?))
            })?;
            for row in rows {
                let (jid, display_name, wa_name) = row?;
                let name = display_name
                    .filter(|n| !n.trim().is_empty())
                    .or(wa_name.filter(|n| !n.trim().is_empty()));
                if let (Some(j), Some(n)) = (jid, name) {
                    contacts.entry(j).or_insert_with(|| n.trim().to_string());
                }
            }
            Ok(())
        });
        match read {
            Ok(()) => parsed.assumptions.push(format!(
                "contact names from {display} ({} bytes, sha256 {}): {} named jid(s)",
                bytes.len(),
                sha256_hex(&bytes),
                contacts.len()
            )),
            Err(e) => parsed.assumptions.push(format!(
                "could not read contact names from {display} ({e}); authors are numbers"
            )),
        }
        parsed.assumptions.extend(copy.notes.iter().cloned());
        return contacts;
    }
    contacts
}

/// `m.<c>` when the table has column `c`, else `NULL`.
fn col(cols: &BTreeSet<String>, alias: &str, c: &str) -> String {
    if cols.contains(c) {
        format!("{alias}.{c}")
    } else {
        "NULL".into()
    }
}

/// Column `i` of a row, NULL when it cannot be read.
fn get<'r>(r: &'r rusqlite::Row<'_>, i: usize) -> ValueRef<'r> {
    r.get_ref(i).unwrap_or(ValueRef::Null)
}

/// Android milliseconds since 1970, with the stored value as written.
fn android_time(v: ValueRef) -> (Option<DateTime<Utc>>, String) {
    let raw = phone_db::int(v);
    (
        phone_db::unix_millis(raw),
        raw.map(|r| r.to_string()).unwrap_or_default(),
    )
}

/// A quote whose original may be gone: (chat jid, key id) identifies the original.
struct Quote {
    jid: String,
    key: String,
    author: String,
    time: Option<DateTime<Utc>>,
    time_raw: String,
    text: Option<String>,
    reply: i64,
}

/// Quotes whose original is not among the keys read: each once, as a message of its own.
fn recover_quotes(
    chats: &mut Chats,
    quotes: Vec<Quote>,
    keys: &HashSet<(String, String)>,
    titles: &dyn Fn(&str) -> String,
) {
    let mut done: HashSet<(String, String)> = HashSet::new();
    for q in quotes {
        let id = (q.jid.clone(), q.key.clone());
        if q.text.as_deref().is_none_or(|t| t.trim().is_empty())
            || keys.contains(&id)
            || !done.insert(id)
        {
            continue;
        }
        chats.recovered_quotes += 1;
        let jid = q.jid.clone();
        chats.push(
            RowIn {
                id: q.reply,
                jid: q.jid,
                author: q.author,
                time: q.time,
                time_raw: q.time_raw,
                kind: Kind::Text,
                text: q.text,
                mime: None,
            },
            || titles(&jid),
        );
    }
}

/// Android `msgstore.db`, legacy `messages` (and `chat_list` for subjects,
/// `messages_quotes` for quotes).
fn legacy(db: &mut Db, contacts: &Contacts, chats: &mut Chats) -> Result<(), InputError> {
    let cols = db.require(
        "messages",
        &["_id", "key_remote_jid", "key_from_me", "timestamp"],
    )?;
    let mut subjects: HashMap<String, String> = HashMap::new();
    if db.tables.contains("chat_list")
        && db
            .columns("chat_list")
            .is_ok_and(|c| c.contains("key_remote_jid") && c.contains("subject"))
    {
        let _ = db.each(
            "chat_list",
            "SELECT _id, key_remote_jid, subject FROM chat_list ORDER BY _id",
            |_, r| {
                if let Some(jid) = phone_db::text(get(r, 1)) {
                    if let Some(s) = phone_db::text(get(r, 2)).filter(|s| !s.trim().is_empty()) {
                        subjects.insert(jid.clone(), s);
                    }
                    chats.know(&jid);
                }
                phone_db::int(get(r, 0))
            },
        );
    }
    let title = |jid: &str| {
        subjects
            .get(jid)
            .cloned()
            .unwrap_or_else(|| name_of(contacts, jid))
    };
    let c = |name: &str| col(&cols, "m", name);
    let quotes_ok = db.tables.contains("messages_quotes")
        && cols.contains("quoted_row_id")
        && db.columns("messages_quotes").is_ok_and(|q| {
            [
                "key_remote_jid",
                "key_id",
                "key_from_me",
                "data",
                "timestamp",
            ]
            .iter()
            .all(|c| q.contains(*c))
        });
    let (qjoin, qcols) = if quotes_ok {
        (
            "LEFT JOIN messages_quotes q ON q._id = m.quoted_row_id AND m.quoted_row_id > 0",
            "q.key_remote_jid, q.key_id, q.key_from_me, q.remote_resource, q.timestamp, q.data",
        )
    } else {
        ("", "NULL, NULL, NULL, NULL, NULL, NULL")
    };
    let sql = format!(
        "SELECT m._id, m.key_remote_jid, m.key_from_me, {}, m.timestamp, {}, {}, {}, {}, {}, {}, {qcols} \
         FROM messages m {qjoin} ORDER BY m._id",
        c("remote_resource"),
        c("media_wa_type"),
        c("data"),
        c("media_caption"),
        c("media_mime_type"),
        c("status"),
        c("key_id"),
    );
    let mut keys: HashSet<(String, String)> = HashSet::new();
    let mut quotes = Vec::new();
    db.each("messages", &sql, |_, r| {
        let id = phone_db::int(get(r, 0))?;
        let jid = phone_db::text(get(r, 1)).unwrap_or_default();
        let from_me = phone_db::int(get(r, 2)) == Some(1);
        let status = phone_db::int(get(r, 9));
        if jid == "-1" || jid.is_empty() || status == Some(6) {
            chats.system += 1;
            return Some(id);
        }
        if jid == STATUS {
            chats.status_updates += 1;
            return Some(id);
        }
        if let Some(k) = phone_db::text(get(r, 10)) {
            keys.insert((jid.clone(), k));
        }
        let sender = phone_db::text(get(r, 3)).filter(|s| !s.is_empty());
        let author = if from_me {
            ME.to_string()
        } else {
            name_of(contacts, sender.as_deref().unwrap_or(&jid))
        };
        let (time, time_raw) = android_time(get(r, 4));
        let kind = android_kind(phone_db::int(get(r, 5)));
        let text = phone_db::text(get(r, 6))
            .filter(|t| !t.is_empty())
            .or_else(|| phone_db::text(get(r, 7)));
        if let (Some(qjid), Some(qkey)) = (phone_db::text(get(r, 11)), phone_db::text(get(r, 12))) {
            let qme = phone_db::int(get(r, 13)) == Some(1);
            let qsender = phone_db::text(get(r, 14)).filter(|s| !s.is_empty());
            let (qtime, qraw) = android_time(get(r, 15));
            quotes.push(Quote {
                author: if qme {
                    ME.to_string()
                } else {
                    name_of(contacts, qsender.as_deref().unwrap_or(&qjid))
                },
                jid: qjid,
                key: qkey,
                time: qtime,
                time_raw: qraw,
                text: phone_db::text(get(r, 16)),
                reply: id,
            });
        }
        let row = RowIn {
            id,
            author,
            time,
            time_raw,
            kind,
            text,
            mime: mime(phone_db::text(get(r, 8))),
            jid: jid.clone(),
        };
        chats.push(row, || title(&jid));
        Some(id)
    })?;
    recover_quotes(chats, quotes, &keys, &title);
    Ok(())
}

/// Android `msgstore.db` of 2021 onwards: `message`, `chat`, `jid` (and `message_media`,
/// `message_system`, `message_quoted` when present).
fn android_2021(db: &mut Db, contacts: &Contacts, chats: &mut Chats) -> Result<(), InputError> {
    let cols = db.require(
        "message",
        &["_id", "chat_row_id", "from_me", "timestamp", "text_data"],
    )?;
    db.require("jid", &["_id", "raw_string"])?;
    db.require("chat", &["_id", "jid_row_id"])?;
    let jid_cols = db.columns("jid")?;
    let mut jids: HashMap<i64, String> = HashMap::new();
    let sql = format!(
        "SELECT j._id, j.raw_string, {}, {} FROM jid j ORDER BY j._id",
        col(&jid_cols, "j", "user"),
        col(&jid_cols, "j", "server")
    );
    db.each("jid", &sql, |_, r| {
        let id = phone_db::int(get(r, 0))?;
        // `raw_string` may be empty; `user@server` is the same jid.
        let raw = phone_db::text(get(r, 1))
            .filter(|s| !s.is_empty())
            .or_else(|| {
                let user = phone_db::text(get(r, 2))?;
                Some(match phone_db::text(get(r, 3)) {
                    Some(server) => format!("{user}@{server}"),
                    None => user,
                })
            });
        if let Some(raw) = raw {
            jids.insert(id, raw);
        }
        Some(id)
    })?;
    let chat_cols = db.columns("chat")?;
    let mut chat_jid: HashMap<i64, String> = HashMap::new();
    let mut subjects: HashMap<String, String> = HashMap::new();
    let sql = format!(
        "SELECT c._id, c.jid_row_id, {} FROM chat c ORDER BY c._id",
        col(&chat_cols, "c", "subject")
    );
    db.each("chat", &sql, |_, r| {
        let id = phone_db::int(get(r, 0))?;
        if let Some(jid) = phone_db::int(get(r, 1)).and_then(|j| jids.get(&j)) {
            chat_jid.insert(id, jid.clone());
            if let Some(s) = phone_db::text(get(r, 2)).filter(|s| !s.trim().is_empty()) {
                subjects.insert(jid.clone(), s);
            }
            chats.know(jid);
        }
        Some(id)
    })?;
    let title = |jid: &str| {
        subjects
            .get(jid)
            .cloned()
            .unwrap_or_else(|| name_of(contacts, jid))
    };
    let has = |t: &str| db.tables.contains(t);
    let media_ok = has("message_media")
        && db
            .columns("message_media")
            .is_ok_and(|c| c.contains("message_row_id") && c.contains("mime_type"));
    let system_ok = has("message_system")
        && db
            .columns("message_system")
            .is_ok_and(|c| c.contains("message_row_id"));
    // Its columns, when the table has those a quote needs.
    let quoted = if has("message_quoted") {
        db.columns("message_quoted").ok().filter(|c| {
            [
                "message_row_id",
                "key_id",
                "from_me",
                "text_data",
                "timestamp",
            ]
            .iter()
            .all(|x| c.contains(*x))
        })
    } else {
        None
    };
    let mut joins = String::new();
    let mut extra = String::new();
    if media_ok {
        joins.push_str(" LEFT JOIN message_media mm ON mm.message_row_id = m._id");
        extra.push_str(", mm.mime_type");
    } else {
        extra.push_str(", NULL");
    }
    if system_ok {
        joins.push_str(" LEFT JOIN message_system ms ON ms.message_row_id = m._id");
        extra.push_str(", ms.message_row_id IS NOT NULL");
    } else {
        extra.push_str(", 0");
    }
    if let Some(qcols) = &quoted {
        joins.push_str(" LEFT JOIN message_quoted q ON q.message_row_id = m._id");
        extra.push_str(&format!(
            ", q.key_id, q.from_me, {}, q.timestamp, q.text_data, {}",
            col(qcols, "q", "sender_jid_row_id"),
            col(qcols, "q", "parent_message_chat_row_id"),
        ));
    } else {
        extra.push_str(", NULL, NULL, NULL, NULL, NULL, NULL");
    }
    let sql = format!(
        "SELECT m._id, m.chat_row_id, m.from_me, {}, m.timestamp, {}, m.text_data, {}{extra} \
         FROM message m{joins} ORDER BY m._id",
        col(&cols, "m", "sender_jid_row_id"),
        col(&cols, "m", "message_type"),
        col(&cols, "m", "key_id"),
    );
    let mut keys: HashSet<(String, String)> = HashSet::new();
    let mut quotes = Vec::new();
    let mut orphans = 0usize;
    let mut missing_senders = 0usize;
    db.each("message", &sql, |_, r| {
        let id = phone_db::int(get(r, 0))?;
        let chat = phone_db::int(get(r, 1));
        let Some(jid) = chat.and_then(|c| chat_jid.get(&c)).cloned() else {
            if chat == Some(-1) {
                chats.system += 1;
            } else {
                orphans += 1;
            }
            return Some(id);
        };
        if jid == STATUS {
            chats.status_updates += 1;
            return Some(id);
        }
        let from_me = phone_db::int(get(r, 2)) == Some(1);
        let kind = android_kind(phone_db::int(get(r, 5)));
        if phone_db::int(get(r, 9)) == Some(1) {
            chats.system += 1;
            return Some(id);
        }
        if let Some(k) = phone_db::text(get(r, 7)) {
            keys.insert((jid.clone(), k));
        }
        let sender = phone_db::int(get(r, 3)).filter(|&s| s > 0);
        let author = match (from_me, sender) {
            (true, _) => ME.to_string(),
            (false, None) => name_of(contacts, &jid),
            (false, Some(s)) => match jids.get(&s) {
                Some(sender) => name_of(contacts, sender),
                None => {
                    missing_senders += 1;
                    format!("jid row {s}")
                }
            },
        };
        if let Some(qkey) = phone_db::text(get(r, 10)) {
            let qme = phone_db::int(get(r, 11)) == Some(1);
            let qsender = phone_db::int(get(r, 12))
                .filter(|&s| s > 0)
                .and_then(|s| jids.get(&s));
            let qjid = phone_db::int(get(r, 15))
                .and_then(|c| chat_jid.get(&c))
                .unwrap_or(&jid)
                .clone();
            let (qtime, qraw) = android_time(get(r, 13));
            quotes.push(Quote {
                author: if qme {
                    ME.to_string()
                } else {
                    name_of(contacts, qsender.unwrap_or(&qjid))
                },
                jid: qjid,
                key: qkey,
                time: qtime,
                time_raw: qraw,
                text: phone_db::text(get(r, 14)),
                reply: id,
            });
        }
        let (time, time_raw) = android_time(get(r, 4));
        let row = RowIn {
            id,
            jid: jid.clone(),
            author,
            time,
            time_raw,
            kind,
            text: phone_db::text(get(r, 6)),
            mime: mime(phone_db::text(get(r, 8))),
        };
        chats.push(row, || title(&jid));
        Some(id)
    })?;
    if orphans > 0 {
        db.parsed.errors.push(InputError::file(
            db.display,
            format!(
                "{orphans} message row(s) name a chat the `chat` table does not have; not read"
            ),
        ));
    }
    if missing_senders > 0 {
        db.parsed.assumptions.push(format!(
            "{missing_senders} message(s) name a sender the `jid` table does not have; each is authored `jid row N` with the row it names"
        ));
    }
    recover_quotes(chats, quotes, &keys, &title);
    Ok(())
}

/// iOS `ZMESSAGEDATE`: seconds (with a fraction) since 2001-01-01 UTC; 0 = none.
fn ios_time(v: ValueRef) -> (Option<DateTime<Utc>>, String) {
    let raw = phone_db::text(v).unwrap_or_default();
    let secs = match v {
        ValueRef::Integer(i) => Some(i as f64),
        ValueRef::Real(f) => Some(f),
        ValueRef::Text(_) => raw.trim().parse::<f64>().ok(),
        _ => None,
    };
    let time = secs
        .filter(|s| s.is_finite() && *s != 0.0 && s.abs() < 1e11)
        .and_then(|s| {
            let whole = s.floor();
            let nanos = ((s - whole) * 1e9).round().min(999_999_999.0) as u32;
            DateTime::from_timestamp(whole as i64 + APPLE_EPOCH, nanos)
        });
    (time, raw)
}

/// iOS `ChatStorage.sqlite`.
fn ios(db: &mut Db, chats: &mut Chats) -> Result<(), InputError> {
    let cols = db.require(
        "zwamessage",
        &["z_pk", "zchatsession", "zisfromme", "zmessagedate", "ztext"],
    )?;
    let scols = db.require("zwachatsession", &["z_pk", "zcontactjid"])?;
    let mut push_names: HashMap<String, String> = HashMap::new();
    if db.tables.contains("zwaprofilepushname")
        && db
            .columns("zwaprofilepushname")
            .is_ok_and(|c| c.contains("zjid") && c.contains("zpushname"))
    {
        let _ = db.each(
            "ZWAPROFILEPUSHNAME",
            "SELECT Z_PK, ZJID, ZPUSHNAME FROM ZWAPROFILEPUSHNAME ORDER BY Z_PK",
            |_, r| {
                if let (Some(j), Some(n)) = (
                    phone_db::text(get(r, 1)),
                    phone_db::text(get(r, 2)).filter(|n| !n.trim().is_empty()),
                ) {
                    push_names.insert(j, n.trim().to_string());
                }
                phone_db::int(get(r, 0))
            },
        );
    }
    // Session -> (jid, partner name or subject).
    let mut sessions: HashMap<i64, (String, Option<String>)> = HashMap::new();
    let sql = format!(
        "SELECT s.Z_PK, s.ZCONTACTJID, {} FROM ZWACHATSESSION s ORDER BY s.Z_PK",
        col(&scols, "s", "zpartnername")
    );
    db.each("ZWACHATSESSION", &sql, |_, r| {
        let id = phone_db::int(get(r, 0))?;
        if let Some(jid) = phone_db::text(get(r, 1)).filter(|j| !j.is_empty()) {
            let name = phone_db::text(get(r, 2)).filter(|n| !n.trim().is_empty());
            chats.know(&jid);
            sessions.insert(id, (jid, name));
        }
        Some(id)
    })?;
    let member_ok = db.tables.contains("zwagroupmember")
        && cols.contains("zgroupmember")
        && db
            .columns("zwagroupmember")
            .is_ok_and(|c| c.contains("zmemberjid"));
    let media_ok = db.tables.contains("zwamediaitem")
        && cols.contains("zmediaitem")
        && db
            .columns("zwamediaitem")
            .is_ok_and(|c| c.contains("ztitle") && c.contains("zvcardstring"));
    let (gjoin, gcols) = if member_ok {
        let g = db.columns("zwagroupmember")?;
        (
            " LEFT JOIN ZWAGROUPMEMBER g ON g.Z_PK = m.ZGROUPMEMBER",
            format!(
                "g.ZMEMBERJID, {}, {}",
                col(&g, "g", "zcontactname"),
                col(&g, "g", "zfirstname")
            ),
        )
    } else {
        ("", "NULL, NULL, NULL".to_string())
    };
    let (mjoin, mcols) = if media_ok {
        (
            " LEFT JOIN ZWAMEDIAITEM mi ON mi.Z_PK = m.ZMEDIAITEM",
            "mi.ZTITLE, mi.ZVCARDSTRING",
        )
    } else {
        ("", "NULL, NULL")
    };
    let sql = format!(
        "SELECT m.Z_PK, m.ZCHATSESSION, m.ZISFROMME, m.ZMESSAGEDATE, {}, m.ZTEXT, {}, {}, {gcols}, {mcols} \
         FROM ZWAMESSAGE m{gjoin}{mjoin} ORDER BY m.Z_PK",
        col(&cols, "m", "zmessagetype"),
        col(&cols, "m", "zfromjid"),
        col(&cols, "m", "zpushname"),
    );
    let mut orphans = 0usize;
    db.each("ZWAMESSAGE", &sql, |_, r| {
        let id = phone_db::int(get(r, 0))?;
        let Some((jid, partner)) = phone_db::int(get(r, 1)).and_then(|s| sessions.get(&s)) else {
            orphans += 1;
            return Some(id);
        };
        if jid == STATUS {
            chats.status_updates += 1;
            return Some(id);
        }
        let from_me = phone_db::int(get(r, 2)) == Some(1);
        let (time, time_raw) = ios_time(get(r, 3));
        let kind = ios_kind(phone_db::int(get(r, 4)));
        let group = jid.ends_with("@g.us");
        // The chat's partner name (a group's subject), else the push name, else the number:
        // the title, and a one-to-one chat's other author.
        let chat_name = || {
            partner
                .clone()
                .or_else(|| push_names.get(jid).cloned())
                .unwrap_or_else(|| jid_user(jid).to_string())
        };
        let author = if from_me {
            ME.to_string()
        } else if group {
            let member = phone_db::text(get(r, 8));
            let named = |i| phone_db::text(get(r, i)).filter(|n: &String| !n.trim().is_empty());
            named(9)
                .or_else(|| named(10))
                .or_else(|| member.as_ref().and_then(|m| push_names.get(m).cloned()))
                .or_else(|| named(7))
                .or_else(|| member.as_deref().map(|m| jid_user(m).to_string()))
                .or_else(|| phone_db::text(get(r, 6)).map(|f| jid_user(&f).to_string()))
                .unwrap_or_default()
        } else {
            chat_name()
        };
        let text = phone_db::text(get(r, 5))
            .filter(|t| !t.trim().is_empty())
            .or_else(|| phone_db::text(get(r, 11)));
        let row = RowIn {
            id,
            jid: jid.clone(),
            author: author.trim().to_string(),
            time,
            time_raw,
            kind,
            text,
            mime: mime(phone_db::text(get(r, 12))),
        };
        chats.push(row, chat_name);
        Some(id)
    })?;
    if orphans > 0 {
        db.parsed.errors.push(InputError::file(
            db.display,
            format!("{orphans} message row(s) name a chat session ZWACHATSESSION does not have; not read"),
        ));
    }
    db.parsed.assumptions.push(
        "iOS quoted replies are read as the reply's own text (the quote sits in a protobuf blob this reader does not open)".into(),
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{IngestOptions, read_file};

    /// Builds `name` in `dir` from a fixture's SQL (`tests/data/whatsapp-db`).
    fn build(dir: &Path, name: &str, sql: &str) -> PathBuf {
        let path = dir.join(name);
        rusqlite::Connection::open(&path)
            .unwrap()
            .execute_batch(sql)
            .unwrap();
        path
    }

    const ANDROID_2021: &str = include_str!("../../tests/data/whatsapp-db/android-2021.sql");
    const ANDROID_LEGACY: &str = include_str!("../../tests/data/whatsapp-db/android-legacy.sql");
    const IOS: &str = include_str!("../../tests/data/whatsapp-db/ios.sql");
    const WA: &str = include_str!("../../tests/data/whatsapp-db/wa.sql");

    /// (line, author, text, deleted)
    type Msg = (u64, &'static str, &'static str, bool);

    struct Case {
        name: &'static str,
        sql: &'static str,
        /// Whether `wa.db` is built beside it.
        contacts: bool,
        format: &'static str,
        conversations: &'static [(&'static str, &'static str, &'static [Msg])],
        system: usize,
        /// Words each of some assumption must contain.
        assumptions: &'static [&'static str],
        errors: &'static [&'static str],
    }

    const ALEX: &str = "chat:15550000001@s.whatsapp.net";
    const GROUP: &str = "chat:15550000003-1600000000@g.us";

    const CASES: &[Case] = &[
        Case {
            name: "msgstore.db",
            sql: ANDROID_2021,
            contacts: true,
            format: "whatsapp-android-db",
            conversations: &[
                (
                    ALEX,
                    "Alex",
                    &[
                        (100, "Alex", "hey how old are you", false),
                        (101, "Me", "14, you?", false),
                        // recovered from the quote in 106; its original row is gone
                        (106, "Alex", "delete this chat after", false),
                        (102, "Alex", "I'm 25, age is just a number", false),
                        (104, "Alex", "send me a pic", false),
                        (103, "Alex", "this is me\n<image/jpeg>", false),
                        (105, "Alex", "This message was deleted", true),
                        (106, "Alex", "don't tell your mum", false),
                        (107, "Me", "ok", false),
                        (108, "Alex", "<location>", false),
                        (110, "Alex", "<message type 99>", false),
                    ],
                ),
                (
                    GROUP,
                    "Five-a-side",
                    &[
                        (200, "Coach Sam", "training moved to six", false),
                        (201, "15550000006", "see you all there", false),
                        (202, "Me", "thanks coach", false),
                    ],
                ),
            ],
            // placeholder row, 109 and 400 (type 7), 203 (message_system)
            system: 4,
            assumptions: &[
                "4 system row(s)",
                "1 status update(s)",
                "1 chat(s) have no message rows",
                "1 quoted message(s) whose own row is gone",
                "1 message(s) deleted for everyone",
                "1 row(s) of message type 99",
                "contact names from",
            ],
            errors: &["1 message row(s) name a chat"],
        },
        // Without wa.db: numbers, group subject from `chat`.
        Case {
            name: "msgstore.db",
            sql: ANDROID_2021,
            contacts: false,
            format: "whatsapp-android-db",
            conversations: &[
                (
                    ALEX,
                    "15550000001",
                    &[
                        (100, "15550000001", "hey how old are you", false),
                        (101, "Me", "14, you?", false),
                        (106, "15550000001", "delete this chat after", false),
                        (102, "15550000001", "I'm 25, age is just a number", false),
                        (104, "15550000001", "send me a pic", false),
                        (103, "15550000001", "this is me\n<image/jpeg>", false),
                        (105, "15550000001", "This message was deleted", true),
                        (106, "15550000001", "don't tell your mum", false),
                        (107, "Me", "ok", false),
                        (108, "15550000001", "<location>", false),
                        (110, "15550000001", "<message type 99>", false),
                    ],
                ),
                (
                    GROUP,
                    "Five-a-side",
                    &[
                        (200, "15550000002", "training moved to six", false),
                        (201, "15550000006", "see you all there", false),
                        (202, "Me", "thanks coach", false),
                    ],
                ),
            ],
            system: 4,
            assumptions: &["4 system row(s)"],
            errors: &["1 message row(s) name a chat"],
        },
        Case {
            name: "case_msgstore.db",
            sql: ANDROID_LEGACY,
            contacts: true,
            format: "whatsapp-android-db",
            conversations: &[
                (
                    ALEX,
                    "Alex",
                    &[
                        (2, "Alex", "you on your own?", false),
                        (6, "Alex", "keep this between us", false),
                        (3, "Me", "yeah mum is out", false),
                        (4, "Alex", "your turn\n<image/jpeg>", false),
                        (5, "Alex", "This message was deleted", true),
                        (6, "Alex", "add me on the other app", false),
                    ],
                ),
                (
                    GROUP,
                    "Five-a-side",
                    &[
                        (8, "Coach Sam", "match is at ten", false),
                        (9, "Me", "my dad will drive", false),
                    ],
                ),
            ],
            // placeholder row and the group's creation (status 6)
            system: 2,
            assumptions: &[
                "2 system row(s)",
                "1 status update(s)",
                "1 chat(s) have no message rows",
                "1 quoted message(s) whose own row is gone",
                "case_wa.db",
            ],
            errors: &[],
        },
        Case {
            name: "ChatStorage.sqlite",
            sql: IOS,
            contacts: false,
            format: "whatsapp-ios-db",
            conversations: &[
                (
                    ALEX,
                    "Alex",
                    &[
                        (1, "Alex", "where do you live", false),
                        (2, "Me", "not telling", false),
                        (3, "Alex", "look\n<image/jpeg>", false),
                        (4, "Alex", "This message was deleted", true),
                        (10, "Alex", "<location>", false),
                        // the vCard in ZVCARDSTRING is not a MIME type
                        (11, "Alex", "<contact card>", false),
                    ],
                ),
                (
                    GROUP,
                    "Five-a-side",
                    &[
                        (6, "Coach Sam", "kick off at ten", false),
                        (7, "Jo", "bring water", false),
                    ],
                ),
            ],
            // 5 (type 10), 8 and 9 (type 6)
            system: 3,
            assumptions: &["3 system row(s)", "1 chat(s) have no message rows"],
            errors: &[],
        },
    ];

    /// A conversation as compared: key, title, (line, author, text, deleted).
    type Got = (String, String, Vec<(u64, String, String, bool)>);

    #[test]
    fn fixtures_read_as_documented() {
        for case in CASES {
            let dir = tempfile::tempdir().unwrap();
            let path = build(dir.path(), case.name, case.sql);
            if case.contacts {
                let wa = if case.name == "msgstore.db" {
                    "wa.db".to_string()
                } else {
                    case.name.replacen("msgstore", "wa", 1)
                };
                build(dir.path(), &wa, WA);
            }
            let r = read_file(&path, &IngestOptions::default());
            let label = format!("{} (contacts {})", case.name, case.contacts);
            assert_eq!(r.input.as_ref().unwrap().format, case.format, "{label}");
            let got: Vec<Got> = r
                .conversations
                .iter()
                .map(|c| {
                    let ms = c
                        .messages
                        .iter()
                        .map(|m| (m.line, m.author.clone(), m.text.clone(), m.deleted))
                        .collect();
                    (c.key.clone(), c.title.clone(), ms)
                })
                .collect();
            let want: Vec<Got> = case
                .conversations
                .iter()
                .map(|(k, t, ms)| {
                    let ms = ms
                        .iter()
                        .map(|(l, a, x, d)| (*l, a.to_string(), x.to_string(), *d))
                        .collect();
                    (k.to_string(), t.to_string(), ms)
                })
                .collect();
            assert_eq!(got, want, "{label}");
            assert_eq!(r.system_lines, case.system, "{label}");
            for words in case.assumptions {
                assert!(
                    r.assumptions.iter().any(|a| a.contains(words)),
                    "{label}: no assumption with {words:?} in {:#?}",
                    r.assumptions
                );
            }
            let errors: Vec<&str> = r.errors.iter().map(|e| e.message.as_str()).collect();
            assert_eq!(errors.len(), case.errors.len(), "{label}: {errors:?}");
            for (e, words) in errors.iter().zip(case.errors) {
                assert!(e.contains(words), "{label}: {e}");
            }
        }
    }

    #[test]
    fn times_are_converted_from_each_epoch() {
        let dir = tempfile::tempdir().unwrap();
        let cases = [
            (
                build(dir.path(), "msgstore.db", ANDROID_2021),
                "1700000000000",
                "2023-11-14T22:13:20+00:00",
            ),
            (
                build(dir.path(), "ChatStorage.sqlite", IOS),
                "720000000.5",
                "2023-10-26T08:00:00.500+00:00",
            ),
        ];
        for (path, raw, want) in cases {
            let r = read_file(&path, &IngestOptions::default());
            let m = &r.conversations[0].messages[0];
            assert_eq!(m.time_raw, raw);
            assert_eq!(m.time.unwrap().to_rfc3339(), want);
        }
    }

    /// wa.db alone is an input that gives no conversations and says why; the msgstore
    /// beside it is not needed for that.
    #[test]
    fn contacts_alone_say_what_they_are() {
        let dir = tempfile::tempdir().unwrap();
        let wa = build(dir.path(), "wa.db", WA);
        let r = read_file(&wa, &IngestOptions::default());
        assert_eq!(r.input.unwrap().format, "whatsapp-contacts-db");
        assert!(r.conversations.is_empty() && r.errors.is_empty());
        assert!(
            r.assumptions
                .iter()
                .any(|a| a.contains("holds names, not messages"))
        );
    }

    #[test]
    fn contacts_are_looked_for_beside_the_msgstore() {
        for (db, want) in [
            ("x/msgstore.db", vec!["x/wa.db"]),
            (
                "x/dexter_msgstore_anonymised.db",
                vec!["x/dexter_wa_anonymised.db", "x/wa.db"],
            ),
            ("x/ChatStorage.sqlite", vec!["x/wa.db"]),
            ("x/wa.db", vec![]),
        ] {
            let got = contacts_candidates(Path::new(db));
            let want: Vec<PathBuf> = want.into_iter().map(PathBuf::from).collect();
            assert_eq!(got, want, "{db}");
        }
    }

    #[test]
    fn mime_types_only() {
        for (raw, want) in [
            (Some("image/jpeg"), Some("image/jpeg")),
            (Some(" Video/MP4 "), Some("video/mp4")),
            (Some("BEGIN:VCARD\nVERSION:3.0"), None),
            (Some("image"), None),
            (Some("/x"), None),
            (None, None),
        ] {
            assert_eq!(mime(raw.map(String::from)).as_deref(), want, "{raw:?}");
        }
    }

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
                &["zwamessage", "zwachatsession", "zwagroupmember"],
                Some(Schema::Ios),
            ),
            (&["zwaaddressbookcontact"], Some(Schema::Contacts)),
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
