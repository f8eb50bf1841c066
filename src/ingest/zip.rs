//! Zip archives (WhatsApp's "Export chat" with media, or any zip of exports), read in
//! place: members are streamed out of the archive into memory one at a time, within fixed
//! decompressed-size budgets whatever size they declare, and never written to disk. The
//! budgets: per member (`MAX_MEMBER_BYTES`: a member is parsed in memory, and parsing takes
//! several times its size), per archive (`MAX_TOTAL_BYTES`), and per run, the chat members
//! held in memory at once by all threads together (`MAX_HELD_BYTES`: a member waits for
//! room rather than being refused, so what is read never depends on thread timing). A
//! member over its budget is refused with an error naming the archive and the member, and
//! the rest of the batch goes on. Owns member names and limits; each member's format is detected
//! and parsed by the ordinary readers (`super::detect`, `super::parse_as`), and the
//! results come back as `Parsed::members` under the name `archive.zip!/member`.
//!
//! It does not open archives inside archives, and it does not read media: a member whose
//! first 64 KiB match no chat format is counted and skipped.

use super::{IngestOptions, Parsed, Source};
use crate::error::InputError;
use crate::model::Format;
use std::io::{Cursor, Read};
use std::path::Path;
use std::sync::{Condvar, Mutex};

/// At most this many bytes are decompressed from one member. Issue 14: a 900 MiB member
/// under the old 1 GiB limit needed 6.1 GB to parse and took the batch down with it.
pub const MAX_MEMBER_BYTES: u64 = 256 << 20;

/// At most this many decompressed member bytes are held at once in one run, all archives
/// and threads together (at least one member is always let through).
pub const MAX_HELD_BYTES: u64 = 1 << 30;

/// The run's decompressed members held in memory, and a wake-up for those waiting.
struct Held {
    bytes: Mutex<u64>,
    room: Condvar,
}

static HELD: Held = Held {
    bytes: Mutex::new(0),
    room: Condvar::new(),
};

/// Room for one member in `HELD`, given back when dropped.
struct Reservation(u64);

impl Reservation {
    /// Waits until `bytes` fit in `MAX_HELD_BYTES` beside what is held (or nothing is).
    fn take(bytes: u64) -> Reservation {
        let mut held = HELD.bytes.lock().unwrap_or_else(|e| e.into_inner());
        while *held > 0 && *held + bytes > MAX_HELD_BYTES {
            held = HELD.room.wait(held).unwrap_or_else(|e| e.into_inner());
        }
        *held += bytes;
        Reservation(bytes)
    }
}

impl Drop for Reservation {
    fn drop(&mut self) {
        if self.0 == 0 {
            return;
        }
        let mut held = HELD.bytes.lock().unwrap_or_else(|e| e.into_inner());
        *held = held.saturating_sub(self.0);
        HELD.room.notify_all();
    }
}

/// At most this many bytes are decompressed from one archive, all members together.
pub const MAX_TOTAL_BYTES: u64 = 4 << 30;

/// How much of a member is read before deciding whether it is a chat export at all.
const SNIFF_BYTES: u64 = super::SNIFF_BYTES as u64;

use super::SQLITE_MAGIC;

/// The byte limits one archive is read under.
#[derive(Clone, Copy, Debug)]
struct Limits {
    member: u64,
    total: u64,
}

/// Reads every chat export inside a zip archive.
pub fn parse(source: &Source, opts: &IngestOptions) -> Result<Parsed, InputError> {
    parse_with_limits(
        source,
        opts,
        Limits {
            member: MAX_MEMBER_BYTES,
            total: MAX_TOTAL_BYTES,
        },
    )
}

fn parse_with_limits(
    source: &Source,
    opts: &IngestOptions,
    limits: Limits,
) -> Result<Parsed, InputError> {
    let mut archive = ::zip::ZipArchive::new(Cursor::new(source.bytes)).map_err(|e| {
        InputError::file(
            source.display,
            format!("not a readable zip archive ({e}); file skipped"),
        )
    })?;

    let mut names: Vec<(String, usize)> = (0..archive.len())
        .filter_map(|i| archive.name_for_index(i).map(|n| (n.to_string(), i)))
        .collect();
    names.sort();

    let mut parsed = Parsed::default();
    let mut not_chat = 0usize;
    let mut total: u64 = 0;
    for (name, index) in names {
        if name.ends_with('/') || name.ends_with('\\') {
            continue;
        }
        let member_display = format!("{}!/{}", source.display, name);
        if !is_safe_name(&name) {
            parsed.errors.push(InputError::file(
                &member_display,
                "member name is absolute or climbs out of the archive (\"..\"); not read",
            ));
            continue;
        }
        let remaining = limits.total.saturating_sub(total);
        let bytes = match read_member(&mut archive, index, limits.member.min(remaining)) {
            Ok(Member::NotChat(read)) => {
                total += read;
                // Not SQLite, so a `.cryptN` member is an encrypted backup.
                if super::whatsapp_db::is_crypt_name(Path::new(&member_display)) {
                    parsed.errors.push(InputError::file(
                        &member_display,
                        super::whatsapp_db::encrypted_message(Path::new(&member_display)),
                    ));
                } else {
                    not_chat += 1;
                }
                continue;
            }
            Ok(Member::Bytes(b, reservation)) => (b, reservation),
            Ok(Member::TooLarge) if remaining < limits.member => {
                parsed.errors.push(InputError::file(
                    &member_display,
                    format!(
                        "the archive's members together are larger than the {} byte limit; this member and the rest were not read",
                        limits.total
                    ),
                ));
                break;
            }
            Ok(Member::TooLarge) => {
                parsed.errors.push(InputError::file(
                    &member_display,
                    format!(
                        "member is larger than the {} MiB limit for one archive member when decompressed; not read (the rest of the archive was)",
                        limits.member >> 20
                    ),
                ));
                continue;
            }
            Err(e) => {
                parsed.errors.push(InputError::file(
                    &member_display,
                    format!("member could not be read ({e}); skipped"),
                ));
                continue;
            }
        };
        let (bytes, reservation) = bytes;
        total += bytes.len() as u64;
        let member = Source {
            path: source.path,
            display: &member_display,
            bytes: &bytes,
        };
        match super::detect(&member) {
            None if super::whatsapp_db::is_encrypted_backup(Path::new(&member_display), &bytes) => {
                parsed.errors.push(InputError::file(
                    &member_display,
                    super::whatsapp_db::encrypted_message(Path::new(&member_display)),
                ));
            }
            None => not_chat += 1,
            Some(Format::Zip) => {
                parsed
                    .errors
                    .push(InputError::file(&member_display, "nested archive not read"));
            }
            Some(format) => match super::parse_as(format, &member, opts) {
                Ok(p) => parsed.members.push((member_display.clone(), format, p)),
                Err(e) => parsed.errors.push(e),
            },
        }
        drop(bytes);
        drop(reservation);
    }

    if not_chat > 0 {
        parsed.assumptions.push(if not_chat == 1 {
            "1 archive member is not chat text (media, etc.) and was not read".to_string()
        } else {
            format!("{not_chat} archive members are not chat text (media, etc.) and were not read")
        });
    }
    if parsed.members.is_empty() && parsed.errors.is_empty() {
        parsed.errors.push(InputError::file(
            source.display,
            "no chat export found in the archive",
        ));
    }
    Ok(parsed)
}

/// What reading one member gave.
enum Member {
    /// Its whole content, and the room it takes in the run's budget.
    Bytes(Vec<u8>, Reservation),
    /// Its start matched no chat format; this many bytes were decompressed to find out.
    NotChat(u64),
    /// It decompresses to more than the limit.
    TooLarge,
}

/// Decompresses one member, at most `limit` bytes of it, whatever size it declares. Only
/// the first `SNIFF_BYTES` are read when they match no chat format (media).
fn read_member(
    archive: &mut ::zip::ZipArchive<Cursor<&[u8]>>,
    index: usize,
    limit: u64,
) -> Result<Member, String> {
    let file = archive.by_index(index).map_err(|e| e.to_string())?;
    let mut reader = file.take(limit.saturating_add(1));
    let mut bytes = Vec::new();
    let mut reservation = Reservation(0);
    (&mut reader)
        .take(SNIFF_BYTES)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 == SNIFF_BYTES {
        let head = Source {
            path: std::path::Path::new(""),
            display: "",
            bytes: &bytes,
        };
        // A database cannot be judged from its first pages: SQLite members are read whole.
        if !bytes.starts_with(SQLITE_MAGIC) && super::detect(&head).is_none() {
            return Ok(Member::NotChat(bytes.len() as u64));
        }
        reservation = Reservation::take(limit.saturating_add(1));
        reader.read_to_end(&mut bytes).map_err(|e| e.to_string())?;
    }
    if bytes.len() as u64 > limit {
        return Ok(Member::TooLarge);
    }
    Ok(Member::Bytes(bytes, reservation))
}

/// False for names that are absolute (`/x`, `\x`, `C:x`) or contain a `..` component.
fn is_safe_name(name: &str) -> bool {
    if name.starts_with('/') || name.starts_with('\\') {
        return false;
    }
    let mut chars = name.chars();
    if let (Some(drive), Some(':')) = (chars.next(), chars.next())
        && drive.is_ascii_alphabetic()
    {
        return false;
    }
    !name.split(['/', '\\']).any(|part| part == "..")
}

#[cfg(test)]
mod tests {
    use super::*;
    use ::zip::ZipWriter;
    use ::zip::write::SimpleFileOptions;
    use std::io::Write;
    use std::path::Path;

    const CHAT: &str =
        "13/01/21, 09:00 - Sam: see you at practice\n13/01/21, 09:01 - Alex: lorem ipsum\n";

    fn build(members: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = ZipWriter::new(Cursor::new(Vec::new()));
        let opts =
            SimpleFileOptions::default().compression_method(::zip::CompressionMethod::Deflated);
        for (name, bytes) in members {
            if name.ends_with('/') {
                w.add_directory(*name, opts).unwrap();
            } else {
                w.start_file(*name, opts).unwrap();
                w.write_all(bytes).unwrap();
            }
        }
        w.finish().unwrap().into_inner()
    }

    fn run(bytes: &[u8], limits: Limits) -> Result<Parsed, InputError> {
        let source = Source {
            path: Path::new("a.zip"),
            display: "a.zip",
            bytes,
        };
        parse_with_limits(&source, &IngestOptions::default(), limits)
    }

    const BIG: Limits = Limits {
        member: MAX_MEMBER_BYTES,
        total: MAX_TOTAL_BYTES,
    };

    #[test]
    fn chat_member_is_parsed_and_media_counted() {
        let jpeg = [&b"\xFF\xD8\xFF\xE0"[..], &[0u8; 100_000]].concat();
        let zip = build(&[
            ("media/", b""),
            ("media/IMG-0001.jpg", &jpeg),
            ("PTT-0002.opus", b"OggS\x00\x02"),
            ("WhatsApp Chat with Sam.txt", CHAT.as_bytes()),
        ]);
        let parsed = run(&zip, BIG).unwrap();
        assert_eq!(parsed.errors, []);
        assert!(parsed.conversations.is_empty());
        assert_eq!(parsed.members.len(), 1);
        let (display, format, member) = &parsed.members[0];
        assert_eq!(display, "a.zip!/WhatsApp Chat with Sam.txt");
        assert_eq!(*format, Format::Whatsapp);
        assert_eq!(member.conversations[0].messages.len(), 2);
        assert_eq!(member.conversations[0].title, "Sam");
        assert_eq!(
            parsed.assumptions,
            ["2 archive members are not chat text (media, etc.) and were not read"]
        );
    }

    #[test]
    fn members_over_the_sniff_size_are_read_whole() {
        let long = CHAT.repeat(2000); // about 160 KB of chat text
        let noise: Vec<u8> = (0..200_000u32).map(|i| (i * 7919 % 251) as u8).collect();
        let zip = build(&[("chat.txt", long.as_bytes()), ("noise.bin", &noise)]);
        let parsed = run(&zip, BIG).unwrap();
        assert_eq!(parsed.errors, []);
        assert_eq!(parsed.members.len(), 1);
        assert_eq!(parsed.members[0].2.conversations[0].messages.len(), 4000);
        assert_eq!(
            parsed.assumptions,
            ["1 archive member is not chat text (media, etc.) and was not read"]
        );
    }

    #[test]
    fn sqlite_members_are_judged_whole() {
        // A phone database is larger than the sniff size and cannot be judged by its head.
        let db = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/samples/android-mmssms/dfrws2021_mmssms.db");
        let Ok(bytes) = std::fs::read(&db) else {
            return; // the shared samples are not present in this checkout
        };
        assert!(bytes.len() as u64 > SNIFF_BYTES);
        let zip = build(&[("backup/mmssms.db", &bytes)]);
        let parsed = run(&zip, BIG).unwrap();
        let formats: Vec<Format> = parsed.members.iter().map(|m| m.1).collect();
        assert_eq!(formats, [Format::AndroidSms], "{:?}", parsed.errors);
    }

    #[test]
    fn unsafe_names_are_errors_and_the_rest_goes_on() {
        let zip = build(&[
            ("../evil.txt", CHAT.as_bytes()),
            ("a/../../evil.txt", CHAT.as_bytes()),
            ("/abs.txt", CHAT.as_bytes()),
            ("chat.txt", CHAT.as_bytes()),
        ]);
        let parsed = run(&zip, BIG).unwrap();
        let named: Vec<&str> = parsed.errors.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(
            named,
            [
                "a.zip!/../evil.txt",
                "a.zip!//abs.txt",
                "a.zip!/a/../../evil.txt"
            ]
        );
        assert_eq!(parsed.members.len(), 1);
        assert_eq!(parsed.members[0].0, "a.zip!/chat.txt");
    }

    #[test]
    fn oversize_member_is_an_error_not_an_allocation() {
        let big = CHAT.repeat(2000); // about 160 KB, compresses to little
        let zip = build(&[
            ("a_big.txt", big.as_bytes()),
            ("b_chat.txt", CHAT.as_bytes()),
        ]);
        let parsed = run(
            &zip,
            Limits {
                member: 100_000,
                total: 1 << 20,
            },
        )
        .unwrap();
        assert_eq!(parsed.errors.len(), 1, "{:?}", parsed.errors);
        assert_eq!(parsed.errors[0].path, "a.zip!/a_big.txt");
        assert!(parsed.errors[0].message.contains("limit"));
        assert_eq!(parsed.members.len(), 1);

        // The total limit stops the archive at the member that crosses it.
        let zip = build(&[
            ("a.txt", CHAT.as_bytes()),
            ("b.txt", CHAT.as_bytes()),
            ("c.txt", CHAT.as_bytes()),
        ]);
        let parsed = run(
            &zip,
            Limits {
                member: 1000,
                total: CHAT.len() as u64 + 10,
            },
        )
        .unwrap();
        assert_eq!(parsed.members.len(), 1);
        assert_eq!(parsed.errors.len(), 1);
        assert_eq!(parsed.errors[0].path, "a.zip!/b.txt");
    }

    /// The run's budget delays a member until there is room, and always lets one through.
    #[test]
    fn held_members_wait_for_room() {
        let all = Reservation::take(MAX_HELD_BYTES + 1);
        let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = done.clone();
        let waiter = std::thread::spawn(move || {
            let _r = Reservation::take(1);
            flag.store(true, std::sync::atomic::Ordering::SeqCst);
        });
        std::thread::sleep(std::time::Duration::from_millis(200));
        assert!(!done.load(std::sync::atomic::Ordering::SeqCst));
        drop(all);
        waiter.join().unwrap();
        assert!(done.load(std::sync::atomic::Ordering::SeqCst));
    }

    #[test]
    fn nested_archives_are_not_opened() {
        let inner = build(&[("chat.txt", CHAT.as_bytes())]);
        let zip = build(&[("inner.zip", &inner)]);
        let parsed = run(&zip, BIG).unwrap();
        assert_eq!(parsed.members.len(), 0);
        assert_eq!(parsed.errors.len(), 1);
        assert_eq!(parsed.errors[0].path, "a.zip!/inner.zip");
        assert_eq!(parsed.errors[0].message, "nested archive not read");
    }

    #[test]
    fn member_parse_errors_are_collected() {
        let zip = build(&[
            ("bad.txt", b"13/01/21, 09:00 - Sam: \xff\n"),
            ("good.txt", CHAT.as_bytes()),
            ("notes.txt", b"13/01/21, 09:00 - Sam: hi\n\x00\x00garbage"),
        ]);
        let parsed = run(&zip, BIG).unwrap();
        // Issue 14: invalid UTF-8 is read as U+FFFD and said in the member's assumptions.
        assert_eq!(parsed.errors, []);
        assert_eq!(parsed.members.len(), 3);
        let (name, _, bad) = &parsed.members[0];
        assert_eq!(name, "a.zip!/bad.txt");
        assert_eq!(bad.conversations[0].messages[0].text, "\u{FFFD}");
        assert!(
            bad.assumptions
                .iter()
                .any(|a| a.contains("1 byte(s) that are not valid UTF-8"))
        );
    }

    #[test]
    fn corrupt_or_empty_archives() {
        let zip = build(&[("chat.txt", CHAT.as_bytes())]);
        for bytes in [&b"PK\x03\x04garbage"[..], &zip[..zip.len() / 2], b""] {
            let err = run(bytes, BIG).unwrap_err();
            assert_eq!(err.path, "a.zip");
        }
        let empty = build(&[]);
        let parsed = run(&empty, BIG).unwrap();
        assert_eq!(parsed.errors.len(), 1);
        assert_eq!(parsed.errors[0].path, "a.zip");
    }

    #[test]
    fn corrupt_member_data_is_a_member_error() {
        let mut zip = build(&[("a.txt", CHAT.as_bytes()), ("b.txt", CHAT.as_bytes())]);
        // Damage the first member's compressed data (after its 30-byte header and name).
        for b in zip.iter_mut().skip(30 + 5).take(20) {
            *b ^= 0x5A;
        }
        let parsed = run(&zip, BIG).unwrap();
        assert_eq!(parsed.members.len(), 1, "{:?}", parsed.errors);
        assert_eq!(parsed.members[0].0, "a.zip!/b.txt");
        assert_eq!(parsed.errors.len(), 1);
        assert_eq!(parsed.errors[0].path, "a.zip!/a.txt");
    }

    #[test]
    fn names() {
        for (name, safe) in [
            ("chat.txt", true),
            ("a/b/chat.txt", true),
            ("a..b.txt", true),
            ("../x", false),
            ("a/../../x", false),
            ("a\\..\\x", false),
            ("/x", false),
            ("\\x", false),
            ("C:x", false),
        ] {
            assert_eq!(is_safe_name(name), safe, "{name}");
        }
    }
}
