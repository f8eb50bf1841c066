//! Ingest: turns input paths into `Conversation`s. Owns walking folders (sorted, stable),
//! reading files read-only, hashing them, detecting each file's format by content (never
//! by extension alone), and dispatching to one parser per format. Parsers live one per
//! file beside this one and share the small contract below (`Source` in, `Parsed` out).
//!
//! It does not scan or score; it never writes to an input.

pub mod discord;
pub mod generic;
pub mod json;
pub mod merge;
pub mod messenger;
pub mod pan2012;
pub mod phone_db;
pub mod signal;
pub mod sms_xml;
pub mod telegram;
pub mod whatsapp;
pub mod xml;
pub mod zip;

use crate::error::InputError;
use crate::model::{Conversation, Format, InputFile, Message, conversation_id};
use chrono::FixedOffset;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// How much of a file content detection looks at.
pub const SNIFF_BYTES: usize = 64 * 1024;

/// The author name for messages the device owner sent (SMS databases and backups).
pub const ME: &str = "Me";

/// Files larger than this are refused with an error rather than read into memory.
pub const MAX_FILE_BYTES: u64 = 4 << 30;

/// How inputs are read: options that come from the command line, as plain data.
#[derive(Clone, Debug)]
pub struct IngestOptions {
    /// Offset applied to timestamps that carry no zone (WhatsApp, Signal, ...). Every use
    /// is recorded as an assumption in the output.
    pub timezone: FixedOffset,
    /// Skip detection and read every file as this format.
    pub input_format: Option<Format>,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            timezone: FixedOffset::east_opt(0).unwrap(),
            input_format: None,
        }
    }
}

/// One file's bytes as handed to a parser.
pub struct Source<'a> {
    /// The real file on disk (for an archive member: the archive).
    pub path: &'a Path,
    /// The name used in output: the path as given, or `archive.zip!/member`.
    pub display: &'a str,
    pub bytes: &'a [u8],
}

/// A conversation as a parser returns it, before ingest gives it an id and a source.
#[derive(Clone, Debug, Default)]
pub struct ParsedConversation {
    /// The conversation's name within the file (see `Conversation::key`).
    pub key: String,
    pub title: String,
    pub messages: Vec<Message>,
}

/// What a parser returns for one file.
#[derive(Debug, Default)]
pub struct Parsed {
    pub conversations: Vec<ParsedConversation>,
    /// Records that could not be read; the rest of the file was.
    pub errors: Vec<InputError>,
    /// Things the parser had to assume (date order, time zone), in plain words.
    pub assumptions: Vec<String>,
    /// Conversations parsed from archive members carry their own source and format.
    pub members: Vec<(String, Format, Parsed)>,
}

/// Everything read from one input path.
#[derive(Debug, Default)]
pub struct FileResult {
    pub input: Option<InputFile>,
    pub conversations: Vec<Conversation>,
    pub errors: Vec<InputError>,
    pub assumptions: Vec<String>,
}

/// Expands the given paths into a sorted, de-duplicated list of files. Folders are walked
/// recursively; hidden files and folders (name starting with '.') are skipped. A path that
/// does not exist becomes an error, and the others go on.
pub fn expand_paths(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<InputError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => walk(p, &mut files, &mut errors),
            Ok(_) => files.push(p.clone()),
            Err(e) => errors.push(InputError::file(p.display().to_string(), e.to_string())),
        }
    }
    files.sort();
    files.dedup();
    (files, errors)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<InputError>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            errors.push(InputError::file(dir.display().to_string(), e.to_string()));
            return;
        }
    };
    let mut children: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    children.sort();
    for child in children {
        let hidden = child
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        match std::fs::metadata(&child) {
            Ok(m) if m.is_dir() => walk(&child, files, errors),
            Ok(m) if m.is_file() => files.push(child),
            Ok(_) => {}
            Err(e) => errors.push(InputError::file(child.display().to_string(), e.to_string())),
        }
    }
}

/// Hex SHA-256 of a byte slice.
pub fn sha256_hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest {
        s.push(char::from(HEX[usize::from(b >> 4)]));
        s.push(char::from(HEX[usize::from(b & 0xF)]));
    }
    s
}

/// Reads, hashes, detects and parses one file. Never panics on any content; every problem
/// becomes an entry in `errors`.
pub fn read_file(path: &Path, opts: &IngestOptions) -> FileResult {
    let display = path.display().to_string();
    let mut result = FileResult::default();
    let bytes = match read_only(path) {
        Ok(b) => b,
        Err(e) => {
            result.errors.push(InputError::file(&display, e));
            return result;
        }
    };
    let sha = sha256_hex(&bytes);
    let source = Source {
        path,
        display: &display,
        bytes: &bytes,
    };
    let format = opts.input_format.or_else(|| detect(&source));
    let mut input = InputFile {
        path: display.clone(),
        sha256: sha.clone(),
        bytes: bytes.len() as u64,
        format: format.map_or("unknown", Format::name).to_string(),
        conversations: 0,
        messages: 0,
    };
    let Some(format) = format else {
        result.errors.push(InputError::file(
            &display,
            "not a recognised chat export (no known format matched its content); skipped",
        ));
        result.input = Some(input);
        return result;
    };
    match parse_as(format, &source, opts) {
        Ok(parsed) => collect(&mut result, &sha, &display, format, parsed),
        Err(e) => result.errors.push(e),
    }
    input.conversations = result.conversations.len();
    input.messages = result.conversations.iter().map(|c| c.messages.len()).sum();
    result.input = Some(input);
    result
}

fn collect(result: &mut FileResult, sha: &str, display: &str, format: Format, parsed: Parsed) {
    result.errors.extend(parsed.errors);
    result.assumptions.extend(
        parsed
            .assumptions
            .into_iter()
            .map(|a| format!("{display}: {a}")),
    );
    for pc in parsed.conversations {
        let key = if pc.key.is_empty() {
            stem(display)
        } else {
            pc.key
        };
        let title = if pc.title.is_empty() {
            key.clone()
        } else {
            pc.title
        };
        result.conversations.push(Conversation {
            id: conversation_id(sha, &format!("{}\u{0}{key}", member_name(display))),
            key,
            title,
            source: display.to_string(),
            format,
            messages: pc.messages,
            merged: None,
        });
    }
    for (member, member_format, member_parsed) in parsed.members {
        collect(result, sha, &member, member_format, member_parsed);
    }
}

/// The part of a display name inside an archive (`a.zip!/x/chat.txt` -> `x/chat.txt`), or
/// "" for a plain file, so that ids do not depend on where the evidence folder sits.
fn member_name(display: &str) -> &str {
    display.split_once("!/").map_or("", |(_, m)| m)
}

/// The file name without folders and extension.
pub fn stem(display: &str) -> String {
    let name = display.rsplit(['/', '\\', '!']).next().unwrap_or(display);
    match name.rsplit_once('.') {
        Some((s, _)) if !s.is_empty() => s.to_string(),
        _ => name.to_string(),
    }
}

/// Opens a file read-only and reads it whole, refusing anything that is not a regular file
/// or is larger than `MAX_FILE_BYTES`.
fn read_only(path: &Path) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let file = std::fs::OpenOptions::new()
        .read(true)
        .open(path)
        .map_err(|e| e.to_string())?;
    let meta = file.metadata().map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err("not a regular file".into());
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(format!(
            "file is {} bytes, over the {} byte limit",
            meta.len(),
            MAX_FILE_BYTES
        ));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    Ok(bytes)
}

/// Recognises a file's format from its content. Returns `None` for anything unknown.
///
/// The sniffers run in a fixed order (the first that claims a file wins), over one decoded
/// view of the first `SNIFF_BYTES`; a sniffer whose format needs something the head lacks
/// (a JSON object, a `<`) is not asked. Most files are plain text and are decided by the
/// last, WhatsApp, so the cost of the others' "no" is what this keeps small.
pub fn detect(source: &Source) -> Option<Format> {
    let bytes = source.bytes;
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return Some(Format::Zip);
    }
    if bytes.starts_with(b"SQLite format 3\0") {
        return phone_db::detect(source);
    }
    let text = strip_bom(bytes);
    let raw_head = &text[..text.len().min(SNIFF_BYTES)];
    // The same text `json::head` gives each JSON sniffer.
    let head = String::from_utf8_lossy(raw_head);
    let object = json::is_object(&head);
    // Structured formats recognise themselves; order matters only where two could claim
    // the same file (none should). Each JSON sniffer says no to a head that is not an
    // object, and the XML ones find no element without a `<`.
    if object && telegram::looks_like_head(&head) {
        return Some(Format::Telegram);
    }
    if object && discord::looks_like_head(&head) {
        return Some(Format::Discord);
    }
    if discord::looks_like_csv_head(&head) {
        return Some(Format::DiscordCsv);
    }
    if object && messenger::looks_like_head(&head) {
        return Some(Format::Messenger);
    }
    if raw_head.contains(&b'<') {
        // `first_elements(.., 2)` starts with what `first_elements(.., 1)` returns.
        let names = xml::first_elements(bytes, 2);
        if sms_xml::looks_like_elements(&names) {
            return Some(Format::SmsXml);
        }
        if pan2012::looks_like_elements(&names) {
            return Some(Format::Pan2012);
        }
    }
    if signal::looks_like_head(&head, text.len() > SNIFF_BYTES) {
        return Some(Format::Signal);
    }
    let trimmed = head.trim_start();
    if object && generic::looks_like_jsonl(trimmed) {
        return Some(Format::Jsonl);
    }
    if generic::looks_like_csv(trimmed) {
        return Some(Format::Csv);
    }
    if whatsapp::looks_like(&head) {
        return Some(Format::Whatsapp);
    }
    None
}

/// Parses a source as the given format.
pub fn parse_as(
    format: Format,
    source: &Source,
    opts: &IngestOptions,
) -> Result<Parsed, InputError> {
    match format {
        Format::Whatsapp => whatsapp::parse(source, opts),
        Format::Zip => zip::parse(source, opts),
        Format::Jsonl => generic::parse_jsonl(source, opts),
        Format::Csv => generic::parse_csv(source, opts),
        Format::Telegram => telegram::parse(source, opts),
        Format::Discord => discord::parse(source, opts),
        Format::DiscordCsv => discord::parse_csv(source, opts),
        Format::Messenger | Format::Instagram => messenger::parse(source, opts),
        Format::Signal => signal::parse(source, opts),
        Format::SmsXml => sms_xml::parse(source, opts),
        Format::AndroidSms | Format::IosSms => phone_db::parse(source, opts),
        Format::Pan2012 => pan2012::parse(source, opts),
    }
}

/// Drops a UTF-8 byte order mark.
pub fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// Decodes bytes as UTF-8, or says where the first invalid byte is (as a 1-based line).
pub fn utf8<'a>(source: &Source<'a>) -> Result<&'a str, InputError> {
    let bytes = strip_bom(source.bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64
            + 1;
        InputError::new(source.display, Some(line), "invalid UTF-8; file skipped")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stem_strips_folders_archive_and_extension() {
        for (input, want) in [
            ("a/b/chat.txt", "chat"),
            ("chat", "chat"),
            ("x.zip!/WhatsApp Chat with A.txt", "WhatsApp Chat with A"),
            (".hidden", ".hidden"),
        ] {
            assert_eq!(stem(input), want, "{input}");
        }
    }

    #[test]
    fn sha256_hex_is_lowercase_hex() {
        for (input, want) in [
            (
                &b""[..],
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            ),
            (
                b"abc",
                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            ),
        ] {
            assert_eq!(sha256_hex(input), want);
        }
    }

    /// Detection as it was before the head was shared: every sniffer reads the file on
    /// its own, in `detect`'s order. `detect` must agree with it on every input.
    fn detect_one_sniffer_at_a_time(source: &Source) -> Option<Format> {
        let bytes = source.bytes;
        if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
            return Some(Format::Zip);
        }
        if bytes.starts_with(b"SQLite format 3\0") {
            return phone_db::detect(source);
        }
        for (format, looks_like) in [
            (
                Format::Telegram,
                telegram::looks_like as fn(&Source) -> bool,
            ),
            (Format::Discord, discord::looks_like),
            (Format::DiscordCsv, discord::looks_like_csv),
            (Format::Messenger, messenger::looks_like),
            (Format::SmsXml, sms_xml::looks_like),
            (Format::Pan2012, pan2012::looks_like),
            (Format::Signal, signal::looks_like),
        ] {
            if looks_like(source) {
                return Some(format);
            }
        }
        let text = strip_bom(bytes);
        let head = String::from_utf8_lossy(&text[..text.len().min(SNIFF_BYTES)]);
        let trimmed = head.trim_start();
        if trimmed.starts_with('{') && generic::looks_like_jsonl(trimmed) {
            return Some(Format::Jsonl);
        }
        if generic::looks_like_csv(trimmed) {
            return Some(Format::Csv);
        }
        whatsapp::looks_like(&head).then_some(Format::Whatsapp)
    }

    #[test]
    fn shared_head_detection_agrees_with_each_sniffer_alone() {
        let long_signal = "[2019-12-24, 12:23] A: ask me anything\n".repeat(2000);
        let long_json = format!("{{\"text\":\"{}\"}}\n", "a".repeat(70_000));
        let heads = [
            "",
            "   ",
            "\u{FEFF}\u{FEFF}<smses count=\"1\"><sms body=\"x\"/></smses>",
            "<?xml version='1.0'?>\n<smses/>",
            "<conversations><conversation id=\"a\"></conversation></conversations>",
            "<conversations>text<message/></conversations>",
            "12/01/2020, 10:00 - A: <Media omitted>\n12/01/2020, 10:01 - B: ok\n",
            "{\"name\":\"x\",\"type\":\"personal_chat\",\"id\":1,\"messages\":[]}",
            "{\"guild\":{},\"channel\":{},\"messages\":[]}",
            "{\"participants\":[],\"messages\":[],\"thread_path\":\"x\"}",
            " \u{A0}\u{0B}{\"text\":\"send me a pic\"}",
            "{\"text\":\"x\"}",
            "AuthorID,Author,Date,Content,Attachments,Reactions\n1,a,2020-01-01,hi,,\n",
            "\"AuthorID\", \"author\" ,DATE,Content\n",
            "AuthorID,Author,Date\n",
            "conversation,author,time,text\n",
            "text;author\nhi;a\n",
            "\n\n[2019-12-24, 12:23] A: b\n",
            "[2019-12-24, 12:23] A: b\n[24/12/2019, 12:23] B: c\n",
            "[24/12/2019, 12:23:45] A: don't tell your mum\n",
            "1/2/20, 10:00 PM - A: hi\n1/2/20, 10:01 PM - B: hey\n",
            "\u{200E}[1/2/20, 10:00:00 PM] A: hi\n",
            "just some prose\nwith lines\n",
            &long_signal,
            &long_json,
        ];
        for head in heads {
            for bytes in [
                head.as_bytes().to_vec(),
                [b"\xEF\xBB\xBF", head.as_bytes()].concat(),
                [b"\xFF", head.as_bytes()].concat(),
                head.as_bytes()[..head.len().min(SNIFF_BYTES + 1)].to_vec(),
            ] {
                let s = Source {
                    path: Path::new("x"),
                    display: "x",
                    bytes: &bytes,
                };
                assert_eq!(
                    detect(&s),
                    detect_one_sniffer_at_a_time(&s),
                    "{:?}",
                    String::from_utf8_lossy(&bytes[..bytes.len().min(60)])
                );
            }
        }
    }

    #[test]
    fn unknown_content_is_not_detected() {
        for bytes in [
            &b""[..],
            b"\x00\x01\x02binary",
            b"just some prose\nwith lines\n",
        ] {
            let s = Source {
                path: Path::new("x"),
                display: "x",
                bytes,
            };
            assert_eq!(detect(&s), None);
        }
    }
}
