//! Ingest: turns input paths into `Conversation`s. Owns walking folders (walkdir, sorted,
//! stable; links followed only on request, loops detected, and every entry not read
//! listed as skipped with the reason), reading files read-only, hashing them (a SQLite
//! database with its `-wal`/`-shm` as one evidence unit), turning bytes into text (`text`:
//! invalid UTF-8 read as U+FFFD and counted, never a lost file), detecting each file's
//! format by content (never by extension alone), and dispatching to one parser per format. Parsers live one per
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
pub mod text;
pub mod whatsapp;
pub mod whatsapp_db;
pub mod xml;
pub mod zip;
pub mod zone;

use crate::error::InputError;
use crate::hash::{file_sha256, sha256_hex};
use crate::model::{Conversation, Format, InputFile, Message, conversation_id};
use std::path::{Path, PathBuf};

/// How much of a file content detection looks at.
pub const SNIFF_BYTES: usize = 64 * 1024;

/// The author name for messages the device owner sent (SMS databases and backups).
pub const ME: &str = "Me";

/// Files larger than this are refused with an error rather than read into memory.
pub const MAX_FILE_BYTES: u64 = 4 << 30;

/// How inputs are read: options that come from the command line, as plain data.
#[derive(Clone, Debug, Default)]
pub struct IngestOptions {
    /// The zone timestamps that carry none are read in (WhatsApp, Signal, ...): a fixed
    /// offset or an IANA zone. Every use is recorded as an assumption in the output.
    pub timezone: zone::Zone,
    /// Skip detection and read every file as this format.
    pub input_format: Option<Format>,
    /// Read WhatsApp day/month fields in this order instead of inferring it per file
    /// (`--date-order`, for files whose dates fit either order).
    pub date_order: Option<whatsapp::DateOrder>,
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
    /// Timestamped lines read as system events, not messages (joins, notices, group
    /// changes); counted by parsers of formats that mix them with messages (WhatsApp).
    pub system_lines: usize,
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
    /// System lines read in the file and its archive members (see `Parsed::system_lines`).
    pub system_lines: usize,
}

/// How folders are walked: options from the command line, as plain data.
#[derive(Clone, Copy, Debug, Default)]
pub struct WalkOptions {
    /// Follow symbolic links inside folders (`--follow`). A link back to a folder being
    /// walked (a loop) is reported and not followed again; a file reached twice through
    /// links is read once. Without it, links are listed as skipped.
    pub follow: bool,
    /// Read hidden files and folders (name starting with '.', `--hidden`). Without it,
    /// they are listed as skipped.
    pub hidden: bool,
}

/// Expands the given paths into a sorted, de-duplicated list of files, with the default
/// `WalkOptions` (see `walk_paths`).
pub fn expand_paths(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<InputError>) {
    walk_paths(paths, WalkOptions::default())
}

/// Expands the given paths into a sorted, de-duplicated list of regular files. Folders
/// are walked recursively (walkdir). Nothing is dropped without a word: every entry not
/// read (a hidden one, a link not followed, a loop, a named pipe, a device or a socket, a
/// folder that cannot be listed) is an error naming it and why, and the others go on. A
/// path given on the command line is read whatever its name, through a link if it is one;
/// one that does not exist is an error. The `-wal` and `-shm` files of a SQLite database
/// in the list are not listed on their own: they are read with their database
/// (`phone_db`).
pub fn walk_paths(paths: &[PathBuf], opts: WalkOptions) -> (Vec<PathBuf>, Vec<InputError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => walk(p, opts, &mut files, &mut errors),
            Ok(m) if m.is_file() => files.push(p.clone()),
            Ok(m) => errors.push(InputError::file(
                p.display().to_string(),
                format!("{}; not read", special_kind(&m.file_type())),
            )),
            Err(e) => errors.push(InputError::file(p.display().to_string(), e.to_string())),
        }
    }
    files.sort();
    files.dedup();
    if opts.follow {
        read_once(&mut files, &mut errors);
    }
    drop_database_siblings(&mut files);
    (files, errors)
}

/// Reads a list of paths, one a line (`scan --files-from LIST`; `-` is standard input):
/// blank lines are ignored and each other line is a path as `scan PATH` takes it (a line's
/// spaces are part of the path; a CR before the new line is not). A line naming nothing
/// that exists is an error naming the list and its line, and the rest goes on. Fails only
/// when the list itself cannot be read.
pub fn read_list(list: &Path) -> std::io::Result<(Vec<PathBuf>, Vec<InputError>)> {
    use std::io::BufRead;
    let (name, reader): (String, Box<dyn BufRead>) = if list == Path::new("-") {
        (
            "standard input".to_string(),
            Box::new(std::io::BufReader::new(std::io::stdin())),
        )
    } else {
        (
            list.display().to_string(),
            Box::new(std::io::BufReader::new(std::fs::File::open(list)?)),
        )
    };
    let mut paths = Vec::new();
    let mut errors = Vec::new();
    for (i, line) in reader.split(b'\n').enumerate() {
        let line = line?;
        let line = line.strip_suffix(b"\r").unwrap_or(&line);
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let path =
            PathBuf::from(<std::ffi::OsStr as std::os::unix::ffi::OsStrExt>::from_bytes(line));
        match std::fs::symlink_metadata(&path) {
            Ok(_) => paths.push(path),
            Err(e) => errors.push(InputError::new(
                name.clone(),
                Some(i as u64 + 1),
                format!("{}: {e}; not read", path.display()),
            )),
        }
    }
    Ok((paths, errors))
}

/// What a special file is, in words.
fn special_kind(t: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if t.is_fifo() {
        "a named pipe (FIFO), not a file"
    } else if t.is_block_device() || t.is_char_device() {
        "a device, not a file"
    } else if t.is_socket() {
        "a socket, not a file"
    } else if t.is_symlink() {
        "a symbolic link"
    } else {
        "not a regular file"
    }
}

fn walk(root: &Path, opts: WalkOptions, files: &mut Vec<PathBuf>, errors: &mut Vec<InputError>) {
    let skip = |path: &Path, why: &str| InputError::file(path.display().to_string(), why);
    let mut entries = walkdir::WalkDir::new(root)
        .follow_links(opts.follow)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = entries.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().unwrap_or(root).to_path_buf();
                errors.push(match e.loop_ancestor() {
                    Some(ancestor) => skip(
                        &path,
                        &format!(
                            "a link back to {} (a loop); not followed again",
                            ancestor.display()
                        ),
                    ),
                    None => skip(
                        &path,
                        &format!(
                            "{}; skipped",
                            e.io_error().map_or(e.to_string(), |io| io.to_string())
                        ),
                    ),
                });
                continue;
            }
        };
        if entry.depth() == 0 {
            continue;
        }
        let kind = entry.file_type();
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        if hidden && !opts.hidden {
            if kind.is_dir() {
                entries.skip_current_dir();
            }
            let what = if kind.is_dir() { "folder" } else { "file" };
            errors.push(skip(
                entry.path(),
                &format!("hidden {what}; skipped (--hidden reads hidden files and folders)"),
            ));
            continue;
        }
        if kind.is_dir() {
            continue;
        }
        if kind.is_file() {
            files.push(entry.into_path());
            continue;
        }
        if kind.is_symlink() {
            let to = std::fs::read_link(entry.path())
                .map_or_else(|_| "?".to_string(), |t| t.display().to_string());
            errors.push(skip(
                entry.path(),
                &format!("a symbolic link to {to}; not followed (--follow follows links)"),
            ));
            continue;
        }
        errors.push(skip(
            entry.path(),
            &format!("{}; skipped", special_kind(&kind)),
        ));
    }
}

/// With links followed, one file may be reached by several paths: it is read once, at its
/// first path in sorted order, and the others are named.
fn read_once(files: &mut Vec<PathBuf>, errors: &mut Vec<InputError>) {
    use std::os::unix::fs::MetadataExt;
    let mut first: std::collections::HashMap<(u64, u64), usize> = std::collections::HashMap::new();
    let mut keep = Vec::with_capacity(files.len());
    for (i, f) in files.iter().enumerate() {
        let Ok(m) = std::fs::metadata(f) else {
            keep.push(true);
            continue;
        };
        match first.entry((m.dev(), m.ino())) {
            std::collections::hash_map::Entry::Occupied(at) => {
                errors.push(InputError::file(
                    f.display().to_string(),
                    format!(
                        "the same file as {} (reached through a link); read once",
                        files[*at.get()].display()
                    ),
                ));
                keep.push(false);
            }
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(i);
                keep.push(true);
            }
        }
    }
    let mut k = keep.into_iter();
    files.retain(|_| k.next().unwrap_or(true));
}

/// Removes `X-wal` and `X-shm` when `X` is in the (sorted) list and is a SQLite database:
/// they are part of that database's evidence, read and hashed with it.
fn drop_database_siblings(files: &mut Vec<PathBuf>) {
    let is_sibling = |f: &PathBuf| {
        let name = f.as_os_str().to_string_lossy();
        let Some(base) = name
            .strip_suffix("-wal")
            .or_else(|| name.strip_suffix("-shm"))
        else {
            return false;
        };
        let base = PathBuf::from(base);
        files.binary_search(&base).is_ok() && is_sqlite_file(&base)
    };
    let keep: Vec<bool> = files.iter().map(|f| !is_sibling(f)).collect();
    let mut k = keep.into_iter();
    files.retain(|_| k.next().unwrap_or(true));
}

/// True when the file starts with the SQLite header.
fn is_sqlite_file(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 16];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok_and(|()| head == SQLITE_MAGIC)
}

/// How a SQLite database file starts (the one copy: readers of databases use it).
pub(crate) const SQLITE_MAGIC: &[u8] = b"SQLite format 3\0";

/// The write-ahead log and shared-memory index SQLite keeps beside a database.
pub const DATABASE_SIBLINGS: [&str; 2] = ["-wal", "-shm"];

/// The SHA-256 of a database and the siblings beside it as one evidence unit, or `None`
/// when it has none: the SHA-256 of the text `"<db sha256>\n-wal <wal sha256>\n-shm <shm
/// sha256>\n"`, with a line for each sibling present (read-only, in blocks).
fn database_unit(path: &Path, database_sha256: &str) -> Option<String> {
    let mut text = format!("{database_sha256}\n");
    let mut any = false;
    for suffix in DATABASE_SIBLINGS {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        let sibling = PathBuf::from(name);
        if !std::fs::metadata(&sibling).is_ok_and(|m| m.is_file()) {
            continue;
        }
        if let Ok((h, _)) = file_sha256(&sibling) {
            text.push_str(&format!("{suffix} {h}\n"));
            any = true;
        }
    }
    any.then(|| sha256_hex(text.as_bytes()))
}

/// What identifies the evidence at `path` (`InputFile::evidence_sha256`), read in blocks:
/// the file's SHA-256, or for a SQLite database with a `-wal` or `-shm` beside it, the
/// unit's.
pub fn evidence_sha256(path: &Path) -> std::io::Result<String> {
    let (sha, _) = file_sha256(path)?;
    Ok(evidence_of(path, sha))
}

/// `evidence_sha256` of a file whose own SHA-256 is known: `file_sha256` itself, unless it
/// is a SQLite database with siblings, whose unit hash is taken (the siblings read).
pub fn evidence_of(path: &Path, file_sha256: String) -> String {
    if !is_sqlite_file(path) {
        return file_sha256;
    }
    database_unit(path, &file_sha256).unwrap_or(file_sha256)
}

/// Reads, hashes, detects and parses one file. Never panics on any content; every problem
/// becomes an entry in `errors`. A JSONL or CSV file over `STREAM_ABOVE` bytes is read in
/// two streamed passes (`read_file_each`); its conversations come back in the same order
/// as from the whole-file reader.
pub fn read_file(path: &Path, opts: &IngestOptions) -> FileResult {
    let mut conversations = Vec::new();
    let mut result = read_file_each(path, opts, STREAM_ABOVE, &mut |_| true, &mut |c| {
        conversations.push(c)
    })
    .unwrap_or_default();
    if result
        .input
        .as_ref()
        .is_some_and(|i| i.format == Format::Jsonl.name() || i.format == Format::Csv.name())
    {
        // Message tables give conversations in order of their first row; the streamed
        // reader gives them in order of their last.
        conversations.sort_by_key(|c| c.messages.first().map_or(0, |m| m.line));
    }
    result.conversations = conversations;
    result
}

/// Above this many bytes, a file that is (or is said to be, `--input-format`) JSONL or CSV
/// is read in two streamed passes instead of whole: memory then holds one line and the
/// conversations still open, not the file and every row. Below it the whole-file reader
/// is kept: it reads the file once (the streamed reader reads and parses it twice), and
/// its peak, a few times the file size, stays a few hundred MB even with one file per
/// thread.
pub const STREAM_ABOVE: u64 = 64 << 20;

/// Reads one file as `read_file` does, handing each conversation to `emit` rather than
/// returning it (`FileResult::conversations` is empty). `keep` sees the file's record
/// (hash, size, format, counts) once it could be read and hashed, before any conversation
/// is handed on; when it says no, nothing more is done and `None` is returned.
///
/// A JSONL or CSV file over `stream_above` bytes (zip members never) is streamed: the
/// first pass hashes it and learns where each conversation ends, the second hands each
/// conversation on as soon as its last row is read, in that order. Every other file is
/// read whole and its conversations are handed on in the parser's order. Both readers
/// give the same conversations, errors, assumptions and record. A streamed file is not
/// held in memory, so `MAX_FILE_BYTES` does not apply to it.
pub fn read_file_each(
    path: &Path,
    opts: &IngestOptions,
    stream_above: u64,
    keep: &mut dyn FnMut(&InputFile) -> bool,
    emit: &mut dyn FnMut(Conversation),
) -> Option<FileResult> {
    let display = path.display().to_string();
    let mut result = FileResult::default();
    let (mut file, len) = match open_read_only(path) {
        Ok(f) => f,
        Err(e) => {
            result.errors.push(InputError::file(&display, e));
            return Some(result);
        }
    };
    if len > stream_above {
        match streamed_table(&mut file, path, &display, opts) {
            Ok(Some(table)) => return read_streamed(file, table, &display, opts, keep, emit),
            Ok(None) => {}
            Err(e) => {
                result
                    .errors
                    .push(InputError::file(&display, e.to_string()));
                return Some(result);
            }
        }
    }
    let bytes = match read_whole(file, len) {
        Ok(b) => b,
        Err(e) => {
            result.errors.push(InputError::file(&display, e));
            return Some(result);
        }
    };
    let sha = sha256_hex(&bytes);
    let source = Source {
        path,
        display: &display,
        bytes: &bytes,
    };
    let sqlite = bytes.starts_with(SQLITE_MAGIC);
    let unit_sha256 = if sqlite {
        database_unit(path, &sha)
    } else {
        None
    };
    let format = match opts.input_format {
        Some(f) => Some(f),
        // A database is judged on a private copy; say so when it cannot be made.
        None if sqlite => match phone_db::probe(&source) {
            Ok(f) => f,
            Err(e) => {
                result.errors.push(InputError::file(&display, e));
                return Some(result);
            }
        },
        None => detect(&source),
    };
    let mut input = InputFile {
        path: display.clone(),
        sha256: sha.clone(),
        bytes: bytes.len() as u64,
        format: format.map_or("unknown", Format::name).to_string(),
        conversations: 0,
        messages: 0,
        unit_sha256,
    };
    // Ids come from what identifies the evidence (a database with its log as one unit).
    let sha = input.evidence_sha256().to_string();
    let Some(format) = format else {
        if !keep(&input) {
            return None;
        }
        result.errors.push(InputError::file(
            &display,
            if whatsapp_db::is_encrypted_backup(path, &bytes) {
                whatsapp_db::encrypted_message(path)
            } else {
                "not a recognised chat export (no known format matched its content); skipped".into()
            },
        ));
        result.input = Some(input);
        return Some(result);
    };
    match parse_as(format, &source, opts) {
        Ok(parsed) => collect(&mut result, &sha, &display, format, parsed),
        Err(e) => result.errors.push(e),
    }
    drop(bytes);
    input.conversations = result.conversations.len();
    input.messages = result.conversations.iter().map(|c| c.messages.len()).sum();
    if !keep(&input) {
        return None;
    }
    result.input = Some(input);
    std::mem::take(&mut result.conversations)
        .into_iter()
        .for_each(emit);
    Some(result)
}

/// The table a large file is to be streamed as, if it is JSONL or CSV: `--input-format`,
/// or detection on the file's head. The head is what `detect` looks at (the first
/// `SNIFF_BYTES` after a byte order mark, and whether there is more), so the answer is the
/// whole file's. Archives and databases are never streamed.
fn streamed_table(
    file: &mut std::fs::File,
    path: &Path,
    display: &str,
    opts: &IngestOptions,
) -> std::io::Result<Option<generic::Table>> {
    use std::io::Read;
    let table = |f| match f {
        Format::Jsonl => Some(generic::Table::Jsonl),
        Format::Csv => Some(generic::Table::Csv),
        _ => None,
    };
    if let Some(f) = opts.input_format {
        return Ok(table(f));
    }
    let mut head = Vec::with_capacity(SNIFF_BYTES + 4);
    (&mut *file)
        .take(SNIFF_BYTES as u64 + 4)
        .read_to_end(&mut head)?;
    if head.starts_with(b"PK") || head.starts_with(b"SQLite format 3\0") {
        return Ok(None);
    }
    let source = Source {
        path,
        display,
        bytes: &head,
    };
    Ok(detect(&source).and_then(table))
}

/// The streamed reader of `read_file_each`.
fn read_streamed(
    mut file: std::fs::File,
    table: generic::Table,
    display: &str,
    opts: &IngestOptions,
    keep: &mut dyn FnMut(&InputFile) -> bool,
    emit: &mut dyn FnMut(Conversation),
) -> Option<FileResult> {
    let mut result = FileResult::default();
    let format = match table {
        generic::Table::Jsonl => Format::Jsonl,
        generic::Table::Csv => Format::Csv,
    };
    let plan = match generic::plan(table, &mut file, display) {
        Ok(plan) => plan,
        Err(e) => {
            result.errors.push(InputError::file(display, e.to_string()));
            return Some(result);
        }
    };
    let input = InputFile {
        path: display.to_string(),
        sha256: plan.sha256.clone(),
        bytes: plan.bytes,
        format: format.name().to_string(),
        conversations: plan.conversations,
        messages: plan.messages,
        unit_sha256: None,
    };
    if !keep(&input) {
        return None;
    }
    let sha = input.sha256.clone();
    result.input = Some(input);
    let mut each = |pc: ParsedConversation| emit(conversation(&sha, display, format, pc));
    match generic::stream(plan, &mut file, display, opts, &mut each) {
        Ok(streamed) => {
            result.errors = streamed.errors;
            result.assumptions = streamed
                .assumptions
                .into_iter()
                .map(|a| format!("{display}: {a}"))
                .collect();
        }
        Err(e) => result.errors.push(InputError::file(
            display,
            format!("read failed part way ({e}); the rest of the file was not read"),
        )),
    }
    Some(result)
}

fn collect(result: &mut FileResult, sha: &str, display: &str, format: Format, parsed: Parsed) {
    result.system_lines += parsed.system_lines;
    result.errors.extend(parsed.errors);
    result.assumptions.extend(
        parsed
            .assumptions
            .into_iter()
            .map(|a| format!("{display}: {a}")),
    );
    for pc in parsed.conversations {
        result
            .conversations
            .push(conversation(sha, display, format, pc));
    }
    for (member, member_format, member_parsed) in parsed.members {
        collect(result, sha, &member, member_format, member_parsed);
    }
}

/// A parsed conversation with its id and source: an empty key is the file stem, an empty
/// title the key.
fn conversation(sha: &str, display: &str, format: Format, pc: ParsedConversation) -> Conversation {
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
    Conversation {
        id: conversation_id(sha, &format!("{}\u{0}{key}", member_name(display))),
        key,
        title,
        source: display.to_string(),
        format,
        messages: pc.messages,
        merged: None,
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

/// Opens a file read-only, refusing anything that is not a regular file; gives its size.
fn open_read_only(path: &Path) -> Result<(std::fs::File, u64), String> {
    // Checked before opening too: opening a named pipe would wait for a writer.
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err(format!("{}; not read", special_kind(&meta.file_type())));
    }
    let file = std::fs::OpenOptions::new()
        .read(true)
        .open(path)
        .map_err(|e| e.to_string())?;
    let meta = file.metadata().map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err("not a regular file".into());
    }
    Ok((file, meta.len()))
}

/// Reads an opened file whole (from its start), refusing one larger than `MAX_FILE_BYTES`.
fn read_whole(mut file: std::fs::File, len: u64) -> Result<Vec<u8>, String> {
    use std::io::{Read, Seek};
    if len > MAX_FILE_BYTES {
        return Err(format!(
            "file is {len} bytes, over the {MAX_FILE_BYTES} byte limit"
        ));
    }
    file.rewind().map_err(|e| e.to_string())?;
    let mut bytes = Vec::with_capacity(len as usize);
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
    if bytes.starts_with(SQLITE_MAGIC) {
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

/// Parses a source as the given format. A text format's bytes that are not valid UTF-8
/// are first read as U+FFFD (`text::repair`), so the file is kept, and the number of bytes
/// replaced is stated as an assumption; the hash the caller took stays that of the
/// original bytes. Archives and databases are handed over as they are.
pub fn parse_as(
    format: Format,
    source: &Source,
    opts: &IngestOptions,
) -> Result<Parsed, InputError> {
    let binary = matches!(
        format,
        Format::Zip
            | Format::AndroidSms
            | Format::IosSms
            | Format::WhatsappAndroidDb
            | Format::WhatsappIosDb
            | Format::WhatsappContactsDb
    );
    let Some((bytes, repair)) = (!binary).then(|| text::repair(source.bytes)).flatten() else {
        return parse_valid(format, source, opts);
    };
    let repaired = Source {
        path: source.path,
        display: source.display,
        bytes: &bytes,
    };
    let mut parsed = parse_valid(format, &repaired, opts)?;
    parsed.assumptions.push(repair.note());
    Ok(parsed)
}

/// `parse_as` on bytes that are valid UTF-8 or binary.
fn parse_valid(
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
        Format::AndroidSms
        | Format::IosSms
        | Format::WhatsappAndroidDb
        | Format::WhatsappIosDb
        | Format::WhatsappContactsDb => phone_db::parse(source, opts),
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

    /// Detection as it was before the head was shared: every sniffer reads the file on
    /// its own, in `detect`'s order. `detect` must agree with it on every input.
    fn detect_one_sniffer_at_a_time(source: &Source) -> Option<Format> {
        let bytes = source.bytes;
        if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
            return Some(Format::Zip);
        }
        if bytes.starts_with(SQLITE_MAGIC) {
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

    /// Tricky message tables: (file name, content, `--input-format`).
    fn tables() -> Vec<(&'static str, Vec<u8>, Option<Format>)> {
        let j = |c: &str, a: &str, t: &str, x: &str| {
            format!(r#"{{"conversation":"{c}","author":"{a}","time":"{t}","text":"{x}"}}"#)
        };
        let interleaved = [
            j("a", "X", "2025-03-14T19:04:00Z", "hi"),
            String::new(),
            j("b", "Y", "2025-03-14 19:05:00", "send me a pic"),
            "not json".into(),
            j("a", "Z", "yesterday", "don't tell your mum"),
            "   \u{A0}".into(),
            r#"{"conversation":"c","author":"Z"}"#.into(),
            "[1,2]".into(),
            r#"{"conversation":7,"text":12,"time":null}"#.into(),
            j("b", "Y", "", "our secret ok"),
            r#"{"text":"no conversation: the file stem"}"#.into(),
            j("t", "Y", "2025-03-14T19:06", "the stem by name"),
            j("", "Y", "2025-03-14T19:07", "an empty key"),
            r#"{"chat":"x","Conversation":"y","conversation":"z","text":"aliases"}"#.into(),
            j("a", "X", "2025-03-14T19:08:00+02:00", "last of a"),
            "{\"text\":\"a raw \r in a string\"}".into(),
        ]
        .join("\n");
        let csv_interleaved = concat!(
            "Chat,Sender,Timestamp,Body\n",
            "c1,A,2025-01-01T10:00:00Z,\"hi, there\"\n",
            "c2,B,2025-01-01 10:01:00,\"is your mum home\"\n",
            "c1,B,,\"two\nlines\"\n",
            "short\n",
            ",A,later,\"no conversation\"\n",
            "c2,A,2025-01-01T10:02,\"send me a pic\"\n",
            "\n",
            "c1,A,2025-01-01T10:03:00Z,\"last \"\"quoted\"\" of c1\"\n",
        );
        let mut bom_crlf = b"\xEF\xBB\xBF".to_vec();
        bom_crlf.extend(
            [
                j("a", "X", "2025-03-14T19:04:00Z", "hi"),
                j("b", "Y", "2025-03-14T19:05:00Z", "don't tell anyone"),
                j("a", "X", "2025-03-14T19:06:00Z", "bye"),
                String::new(),
            ]
            .join("\r\n")
            .bytes(),
        );
        let mut csv_bom_crlf = b"\xEF\xBB\xBF".to_vec();
        csv_bom_crlf
            .extend(b"conversation,author,time,text\r\na,X,,hi\r\nb,Y,,\"x\r\ny\"\r\na,X,,bye");
        let mut not_utf8 = [j("a", "X", "", "hi"), j("a", "X", "", "yo")]
            .join("\n")
            .into_bytes();
        not_utf8.extend(b"\n{\"text\":\"\xFF\"}\n");
        let mut csv_not_utf8 = b"text,author\nhi,A\n\"two\nlines \xC3\",B\nyo,C\n".to_vec();
        csv_not_utf8.extend("\u{1F600}".as_bytes()[..3].iter());
        vec![
            ("t.jsonl", interleaved.clone().into_bytes(), None),
            ("t.jsonl", format!("{interleaved}\n").into_bytes(), None),
            ("crlf.jsonl", bom_crlf.clone(), None),
            ("crlf.jsonl", bom_crlf, Some(Format::Csv)),
            (
                "bad.jsonl",
                b"{\"text\":1}\n{\"text\":\"x\"}\r".to_vec(),
                None,
            ),
            (
                "bad.jsonl",
                b"{\"x\":1}\nnope\n".to_vec(),
                Some(Format::Jsonl),
            ),
            ("empty.jsonl", Vec::new(), Some(Format::Jsonl)),
            (
                "empty.jsonl",
                b"\xEF\xBB\xBF\n\n".to_vec(),
                Some(Format::Jsonl),
            ),
            ("nonutf8.jsonl", not_utf8, None),
            ("t.csv", csv_interleaved.as_bytes().to_vec(), None),
            (
                "t.csv",
                csv_interleaved.as_bytes().to_vec(),
                Some(Format::Jsonl),
            ),
            ("crlf.csv", csv_bom_crlf, None),
            (
                "only.csv",
                b"text\nhello\nworld\n".to_vec(),
                Some(Format::Csv),
            ),
            ("semi.csv", b"id;message\n1;hello\n2;world".to_vec(), None),
            (
                "tabs.csv",
                b"author\ttext\nA\tsend a pic\nB\t\n".to_vec(),
                None,
            ),
            (
                "cr.csv",
                b"conversation,author,time,text\na,X,later,hi\rb,Y\rc,Z,,ok\n".to_vec(),
                None,
            ),
            ("header.csv", b"a,text\n".to_vec(), None),
            (
                "dmy.csv",
                b"conversation,author,time,text\na,X,03/04/2025 10:00,hi\nb,Y,14/03/2025 19:04,yo\na,X,04/04/2025,ok\n".to_vec(),
                None,
            ),
            (
                "mdy.jsonl",
                [
                    j("a", "X", "03/04/2025, 10:00", "hi"),
                    j("a", "Y", "03/14/2025 19:04:05", "yo"),
                    j("b", "Y", "31/12/2025 19:04", "both orders: not read"),
                ]
                .join("\n")
                .into_bytes(),
                None,
            ),
            ("notext.csv", b"id,when\n1,2\n".to_vec(), Some(Format::Csv)),
            ("empty.csv", Vec::new(), Some(Format::Csv)),
            ("nonutf8.csv", csv_not_utf8, None),
            (
                "nonutf8.csv",
                b"text,author\nhi,A\nyo\xE2\x82".to_vec(),
                None,
            ),
        ]
    }

    /// Reads `path` with `stream_above`: (result, conversations in the order handed on).
    fn read_each(
        path: &Path,
        opts: &IngestOptions,
        stream_above: u64,
    ) -> (FileResult, Vec<Conversation>) {
        let mut conversations = Vec::new();
        let r = read_file_each(path, opts, stream_above, &mut |_| true, &mut |c| {
            conversations.push(c)
        })
        .expect("kept");
        (r, conversations)
    }

    /// Issue 7: the streamed reader gives what the whole-file reader gives, on every
    /// tricky table.
    #[test]
    fn streamed_tables_are_read_as_whole_tables() {
        let dir = tempfile::tempdir().unwrap();
        for (i, (name, bytes, input_format)) in tables().into_iter().enumerate() {
            let sub = dir.path().join(i.to_string());
            std::fs::create_dir(&sub).unwrap();
            let path = sub.join(name);
            std::fs::write(&path, &bytes).unwrap();
            let opts = IngestOptions {
                input_format,
                ..IngestOptions::default()
            };
            let (whole, whole_conversations) = read_each(&path, &opts, u64::MAX);
            let (streamed, mut streamed_conversations) = read_each(&path, &opts, 0);
            let what = format!("{name} as {input_format:?}");
            let input = streamed.input.as_ref().expect("an input record");
            assert!(["jsonl", "csv"].contains(&input.format.as_str()), "{what}");
            assert_eq!(streamed.input, whole.input, "{what}");
            assert_eq!(streamed.errors, whole.errors, "{what}");
            assert_eq!(streamed.assumptions, whole.assumptions, "{what}");
            // Handed on when complete: in order of the last row.
            let last = |c: &Conversation| c.messages.last().map(|m| m.line);
            assert!(streamed_conversations.is_sorted_by_key(last), "{what}");
            streamed_conversations.sort_by_key(|c| c.messages[0].line);
            assert_eq!(
                format!("{streamed_conversations:#?}"),
                format!("{whole_conversations:#?}"),
                "{what}"
            );
        }
    }

    #[test]
    fn the_tricky_tables_say_what_they_should() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.jsonl");
        let (name, bytes, _) = tables().swap_remove(0);
        assert_eq!(name, "t.jsonl");
        std::fs::write(&path, bytes).unwrap();
        let (r, conversations) = read_each(&path, &IngestOptions::default(), 0);
        let keys: Vec<&str> = conversations.iter().map(|c| c.key.as_str()).collect();
        // Emitted as each one ends; "" and "t" become the stem "t".
        assert_eq!(keys, ["7", "b", "t", "t", "y", "a"]);
        let lines: Vec<Option<u64>> = r.errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [Some(4), Some(5), Some(7), Some(8), Some(16)]);
        assert_eq!(r.assumptions.len(), 1);
        let input = r.input.unwrap();
        assert_eq!((input.conversations, input.messages), (6, 10));
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
