//! Synthetic chat corpora for benchmarks, scale tests and regression checks
//! (`groomscan synth`). Owns a deterministic generator of invented chats: ordinary chat,
//! hard negatives that share vocabulary with grooming, and a small share of grooming
//! patterns, written as WhatsApp Android exports (one conversation per file, at most
//! 1,000 files per folder) or JSONL (many conversations per file, files of at most
//! `JSONL_FILE_LIMIT` bytes), with a `labels.tsv` in the format `eval` reads.
//!
//! It does not know about the lexicon, the normaliser or the scorer and must never import
//! them: the labels come from the generator's own choice of conversation type, so that
//! measuring the engine on this data measures the engine, not the generator. It is scale
//! and regression data, never evidence of accuracy: every chat is built from a few hundred
//! hand-written templates.
//!
//! Determinism: the same conversation count, seed and format give the same bytes on every
//! machine and with every dependency version. Randomness comes from the hand-written
//! SplitMix64 of `crate::rng`, dates from integer calendar arithmetic, and no floating point is used.
//! Conversation `i` depends only on the seed and `i`, so a smaller corpus is a prefix of a
//! larger one with the same seed. Output is written streaming: one conversation is held in
//! memory at a time.
//!
//! Content rule (`DESIGN.md`): risk is expressed through indicator behaviour only ("send me
//! a pic", "dont tell ur mum", "im 25 age is just a number", "ill pick u up from the
//! station"); nothing explicit, nothing sexual; images are `<Media omitted>` placeholders
//! only; names are invented first names, handles or roles; places are generic ("the
//! station", "the park"); there are no real people, numbers, schools or towns.

use crate::error::Error;
use crate::rng::Rng;
use std::io::Write;
use std::path::{Path, PathBuf};

/// A JSONL file is closed before it would grow past this many bytes (a single conversation
/// larger than this still goes into one file).
pub const JSONL_FILE_LIMIT: u64 = 256 << 20;

/// WhatsApp files per folder.
pub const FILES_PER_FOLDER: u64 = 1000;

/// The folder under `--out` that holds the chats (so that `labels.tsv` is not read as input).
pub const CHATS_DIR: &str = "chats";

// ---------------------------------------------------------------------------------------
// Configuration and the run
// ---------------------------------------------------------------------------------------

/// The export format written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SynthFormat {
    /// WhatsApp Android "Export chat" text, one conversation per file.
    Whatsapp,
    /// One JSON object per message: `conversation`, `author`, `time`, `text`.
    Jsonl,
}

/// What to generate, as plain data (the CLI builds it).
#[derive(Clone, Debug)]
pub struct Config {
    /// Output folder: must not exist yet, or be empty.
    pub out: PathBuf,
    pub conversations: u64,
    pub seed: u64,
    pub format: SynthFormat,
    /// JSONL only: start a new file before one would grow past this many bytes.
    pub jsonl_file_limit: u64,
}

impl Config {
    /// A configuration with the default JSONL file size (`JSONL_FILE_LIMIT`).
    pub fn new(out: PathBuf, conversations: u64, seed: u64, format: SynthFormat) -> Config {
        Config {
            out,
            conversations,
            seed,
            format,
            jsonl_file_limit: JSONL_FILE_LIMIT,
        }
    }
}

/// What a run wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub conversations: u64,
    /// Messages as `groomscan scan` counts them: system lines excluded; a WhatsApp
    /// export's deleted-message placeholders are messages (marked deleted).
    pub messages: u64,
    /// Bytes of chat files written (labels not included).
    pub bytes: u64,
    /// Conversations labelled `grooming`.
    pub positives: u64,
    pub files: u64,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} conversations, {} messages, {} bytes, {} positives, {} files",
            self.conversations, self.messages, self.bytes, self.positives, self.files
        )
    }
}

fn io_err(path: &Path, source: std::io::Error) -> Error {
    Error::Io {
        path: path.display().to_string(),
        source,
    }
}

/// Generates the corpus described by `config` into `config.out`: chats under
/// `out/chats/`, labels in `out/labels.tsv` (`conversation<TAB>label<TAB>groomer`, the
/// format `groomscan eval` reads) and the generator's conversation types in
/// `out/kinds.tsv` (`conversation<TAB>kind`), for looking into results by type.
pub fn generate(config: &Config) -> Result<Summary, Error> {
    let out = &config.out;
    if let Ok(mut entries) = std::fs::read_dir(out)
        && entries.next().is_some()
    {
        return Err(Error::Usage(format!(
            "{}: output folder is not empty; synth writes into a new or empty folder",
            out.display()
        )));
    }
    let chats = out.join(CHATS_DIR);
    std::fs::create_dir_all(&chats).map_err(|e| io_err(&chats, e))?;
    let labels_path = out.join("labels.tsv");
    let kinds_path = out.join("kinds.tsv");
    let create = |p: &Path| {
        std::fs::File::create(p)
            .map(|f| std::io::BufWriter::with_capacity(1 << 16, f))
            .map_err(|e| io_err(p, e))
    };
    let mut labels = create(&labels_path)?;
    let mut kinds = create(&kinds_path)?;
    writeln!(labels, "conversation\tlabel\tgroomer").map_err(|e| io_err(&labels_path, e))?;
    writeln!(kinds, "conversation\tkind").map_err(|e| io_err(&kinds_path, e))?;

    let mut summary = Summary::default();
    let mut buf: Vec<u8> = Vec::with_capacity(1 << 16);
    let mut jsonl: Option<(PathBuf, std::io::BufWriter<std::fs::File>, u64)> = None;
    for index in 0..config.conversations {
        let conv = conversation(config.seed, index);
        buf.clear();
        let messages = match config.format {
            SynthFormat::Whatsapp => render_whatsapp(&conv, &mut buf),
            SynthFormat::Jsonl => render_jsonl(&conv, &mut buf),
        };
        match config.format {
            SynthFormat::Whatsapp => {
                let folder = chats.join(format!("{:04}", index / FILES_PER_FOLDER));
                if index % FILES_PER_FOLDER == 0 {
                    std::fs::create_dir_all(&folder).map_err(|e| io_err(&folder, e))?;
                }
                let path = folder.join(format!("{}.txt", conv.key));
                std::fs::write(&path, &buf).map_err(|e| io_err(&path, e))?;
                summary.files += 1;
            }
            SynthFormat::Jsonl => {
                let full = jsonl.as_ref().is_some_and(|(_, _, n)| {
                    *n > 0 && n + buf.len() as u64 > config.jsonl_file_limit
                });
                if full && let Some((path, mut w, _)) = jsonl.take() {
                    w.flush().map_err(|e| io_err(&path, e))?;
                }
                if jsonl.is_none() {
                    let path = chats.join(format!("part-{:05}.jsonl", summary.files));
                    jsonl = Some((path.clone(), create(&path)?, 0));
                    summary.files += 1;
                }
                if let Some((path, w, n)) = jsonl.as_mut() {
                    w.write_all(&buf).map_err(|e| io_err(path, e))?;
                    *n += buf.len() as u64;
                }
            }
        }
        summary.conversations += 1;
        summary.messages += messages;
        summary.bytes += buf.len() as u64;
        summary.positives += u64::from(conv.grooming);
        let label = if conv.grooming { "grooming" } else { "benign" };
        let groomer = conv
            .groomer
            .map(|g| conv.people[g].name.as_str())
            .unwrap_or("");
        writeln!(labels, "{}\t{label}\t{groomer}", conv.key)
            .map_err(|e| io_err(&labels_path, e))?;
        writeln!(kinds, "{}\t{}", conv.key, conv.kind).map_err(|e| io_err(&kinds_path, e))?;
    }
    if let Some((path, mut w, _)) = jsonl.take() {
        w.flush().map_err(|e| io_err(&path, e))?;
    }
    labels.flush().map_err(|e| io_err(&labels_path, e))?;
    kinds.flush().map_err(|e| io_err(&kinds_path, e))?;
    Ok(summary)
}

// ---------------------------------------------------------------------------------------
// The generated conversation
// ---------------------------------------------------------------------------------------

/// One participant.
#[derive(Clone, Debug)]
pub struct Person {
    /// Display name as the export writes it.
    pub name: String,
    /// The age this person states, if they state one.
    pub age: Option<u8>,
    /// A false age stated first (a groomer pretending to be a teenager), if any.
    pub claim: Option<u8>,
    style: Style,
}

/// One line of the chat.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// Seconds since the Unix epoch (written without a zone, like a real export).
    pub time: i64,
    /// Index into `Synthetic::people`.
    pub author: usize,
    /// The message text (may hold `\n`); empty for a deleted message.
    pub text: String,
    /// A "This message was deleted" placeholder: written to WhatsApp exports (where `scan`
    /// reads it as a message marked deleted), left out of JSONL.
    pub deleted: bool,
}

/// One generated conversation, with the generator's own label.
#[derive(Clone, Debug)]
pub struct Synthetic {
    /// Neutral key: the WhatsApp file stem or the JSONL `conversation` value. Carries no
    /// hint of the label.
    pub key: String,
    /// The generator's conversation type, e.g. `ordinary/friends`, `hard/parent-pickup`,
    /// `grooming/slow`.
    pub kind: &'static str,
    pub grooming: bool,
    /// Index of the groomer in `people` (grooming only).
    pub groomer: Option<usize>,
    /// Group chats: the group's name and who created it.
    pub group: Option<(String, usize)>,
    pub people: Vec<Person>,
    pub events: Vec<Event>,
    /// WhatsApp date style for this export.
    stamp: Stamp,
}

impl Synthetic {
    /// The messages a person wrote (deletion placeholders left out): what the generator
    /// counts while it builds a conversation.
    pub fn messages(&self) -> u64 {
        self.events.iter().filter(|e| !e.deleted).count() as u64
    }
}

/// The generator for conversation `index` of a corpus with `seed`: conversation `i`
/// depends only on the seed and `i`.
fn conversation_rng(seed: u64, index: u64) -> Rng {
    let mut r = Rng::new(seed ^ 0x6772_6f6f_6d73_796e);
    let a = r.next_u64();
    let mut r = Rng::new(a ^ index.wrapping_mul(0xD1B5_4A32_D192_ED03));
    Rng::new(r.next_u64())
}

/// Builds conversation `index` of the corpus with `seed`.
pub fn conversation(seed: u64, index: u64) -> Synthetic {
    let mut rng = conversation_rng(seed, index);
    let kind = KINDS[rng.weighted(&KIND_WEIGHTS)];
    let key = format!("s{seed}-{index:07}");
    let stamp = match rng.below(100) {
        0..=59 => Stamp::DayMonthYear,
        60..=74 => Stamp::DayMonthShortYear,
        75..=89 => Stamp::UsNarrowSpace,
        _ => Stamp::UsSpace,
    };
    let mut b = Builder::new(rng);
    let (name, grooming) = b.build(kind);
    Synthetic {
        key,
        kind: name,
        grooming,
        groomer: if grooming { Some(0) } else { None },
        group: b.group.take(),
        people: b.people,
        events: b.events,
        stamp,
    }
}

// ---------------------------------------------------------------------------------------
// Writers
// ---------------------------------------------------------------------------------------

/// How an Android export writes its timestamps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stamp {
    /// `31/12/2024, 21:05 - `
    DayMonthYear,
    /// `31/12/24, 21:05 - `
    DayMonthShortYear,
    /// `12/31/24, 9:05\u{202F}PM - ` (recent Android, narrow no-break space)
    UsNarrowSpace,
    /// `12/31/24, 9:05 PM - `
    UsSpace,
}

/// Days since 1970-01-01 -> (year, month, day), proleptic Gregorian (Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// (year, month, day, hour, minute, second) of a Unix time.
fn split_time(t: i64) -> (i64, u32, u32, u32, u32, u32) {
    let (y, m, d) = civil_from_days(t.div_euclid(86_400));
    let s = t.rem_euclid(86_400) as u32;
    (y, m, d, s / 3600, s / 60 % 60, s % 60)
}

fn write_stamp(out: &mut Vec<u8>, stamp: Stamp, t: i64) {
    let (y, mo, d, h, mi, _) = split_time(t);
    let yy = y.rem_euclid(100);
    // Writing into a Vec cannot fail.
    let _ = match stamp {
        Stamp::DayMonthYear => write!(out, "{d:02}/{mo:02}/{y}, {h:02}:{mi:02} - "),
        Stamp::DayMonthShortYear => write!(out, "{d:02}/{mo:02}/{yy:02}, {h:02}:{mi:02} - "),
        Stamp::UsNarrowSpace | Stamp::UsSpace => {
            let (h12, mer) = match h {
                0 => (12, "AM"),
                1..=11 => (h, "AM"),
                12 => (12, "PM"),
                _ => (h - 12, "PM"),
            };
            let space = if stamp == Stamp::UsSpace {
                " "
            } else {
                "\u{202F}"
            };
            write!(out, "{mo}/{d}/{yy:02}, {h12}:{mi:02}{space}{mer} - ")
        }
    };
}

/// Renders one conversation as a WhatsApp Android export; returns the message count.
pub fn render_whatsapp(conv: &Synthetic, out: &mut Vec<u8>) -> u64 {
    let start = conv.events.first().map_or(0, |e| e.time) - 120;
    write_stamp(out, conv.stamp, start);
    out.extend_from_slice(
        b"Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.\n",
    );
    if let Some((title, creator)) = &conv.group {
        let creator = &conv.people[*creator].name;
        write_stamp(out, conv.stamp, start + 30);
        let _ = writeln!(out, "{creator} created group \"{title}\"");
        write_stamp(out, conv.stamp, start + 60);
        let _ = writeln!(out, "{creator} added you");
    }
    let mut messages = 0;
    for e in &conv.events {
        write_stamp(out, conv.stamp, e.time);
        out.extend_from_slice(conv.people[e.author].name.as_bytes());
        out.extend_from_slice(b": ");
        if e.deleted {
            out.extend_from_slice(b"This message was deleted");
        } else {
            out.extend_from_slice(e.text.as_bytes());
        }
        messages += 1;
        out.push(b'\n');
    }
    messages
}

/// Writes `s` as a JSON string (quotes included).
fn json_string(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    for c in s.chars() {
        match c {
            '"' => out.extend_from_slice(b"\\\""),
            '\\' => out.extend_from_slice(b"\\\\"),
            '\n' => out.extend_from_slice(b"\\n"),
            '\r' => out.extend_from_slice(b"\\r"),
            '\t' => out.extend_from_slice(b"\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => {
                let mut b = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut b).as_bytes());
            }
        }
    }
    out.push(b'"');
}

/// Renders one conversation as JSONL (one message a line, UTC times); returns the
/// message count.
pub fn render_jsonl(conv: &Synthetic, out: &mut Vec<u8>) -> u64 {
    let mut messages = 0;
    for e in conv.events.iter().filter(|e| !e.deleted) {
        out.extend_from_slice(b"{\"conversation\": ");
        json_string(out, &conv.key);
        out.extend_from_slice(b", \"author\": ");
        json_string(out, &conv.people[e.author].name);
        let (y, mo, d, h, mi, s) = split_time(e.time);
        let _ = write!(
            out,
            ", \"time\": \"{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z\", \"text\": "
        );
        json_string(out, &e.text);
        out.extend_from_slice(b"}\n");
        messages += 1;
    }
    messages
}

// ---------------------------------------------------------------------------------------
// Writing style: how a person types
// ---------------------------------------------------------------------------------------

/// How a person types. Applied to every message after the template is filled, so the same
/// template reads differently from different people. Percentages are per eligible word.
#[derive(Clone, Copy, Debug, Default)]
struct Style {
    lower: bool,
    no_apostrophes: bool,
    no_full_stop: bool,
    abbrev: u8,
    leet: u8,
    typo: u8,
    stretch: u8,
}

impl Style {
    fn adult(rng: &mut Rng) -> Style {
        Style {
            lower: rng.percent(25),
            no_apostrophes: rng.percent(20),
            no_full_stop: rng.percent(50),
            abbrev: if rng.percent(20) { 15 } else { 0 },
            leet: 0,
            typo: rng.range(0, 2) as u8,
            stretch: 0,
        }
    }

    fn young(rng: &mut Rng) -> Style {
        Style {
            lower: rng.percent(90),
            no_apostrophes: rng.percent(80),
            no_full_stop: true,
            abbrev: rng.range(10, 60) as u8,
            leet: if rng.percent(5) { 15 } else { 0 },
            typo: rng.range(0, 4) as u8,
            stretch: rng.range(0, 30) as u8,
        }
    }

    /// A groomer writing like the young person they target (often), or plainly.
    fn casual_adult(rng: &mut Rng, leet: bool) -> Style {
        let mut s = if rng.percent(70) {
            Style::young(rng)
        } else {
            Style::adult(rng)
        };
        if leet {
            s.lower = true;
            s.no_apostrophes = true;
            s.abbrev = s.abbrev.max(50);
            s.leet = rng.range(25, 50) as u8;
            s.stretch = s.stretch.max(30);
            s.typo = s.typo.max(3);
        }
        s
    }
}

/// Words people shorten, and what they write instead.
const ABBREVIATIONS: &[(&str, &[&str])] = &[
    ("you", &["u", "u", "ya"]),
    ("your", &["ur", "ur", "yr"]),
    ("you're", &["ur", "youre"]),
    ("are", &["r"]),
    ("please", &["pls", "plz", "pleaseee"]),
    ("tonight", &["2nite", "tonite"]),
    ("tomorrow", &["tmrw", "2moro", "tmr"]),
    ("because", &["cos", "bc", "coz"]),
    ("people", &["ppl"]),
    ("what", &["wat", "wot", "wht"]),
    ("don't", &["dont", "dnt"]),
    ("know", &["kno", "no"]),
    ("okay", &["ok", "k", "okk"]),
    ("ok", &["k", "okk", "kk"]),
    ("really", &["rly", "rlly"]),
    ("with", &["wiv", "w"]),
    ("see", &["c"]),
    ("why", &["y"]),
    ("love", &["luv"]),
    ("good", &["gd", "gud"]),
    ("night", &["nite"]),
    ("thanks", &["thx", "ty", "thanx"]),
    ("sorry", &["soz", "sry"]),
    ("probably", &["prob", "probs"]),
    ("minutes", &["mins"]),
    ("something", &["smth", "sumthin"]),
    ("nothing", &["nothin", "nth"]),
    ("before", &["b4"]),
    ("later", &["l8r"]),
    ("want", &["wanna", "want"]),
    ("though", &["tho"]),
    ("just", &["jus", "just"]),
    ("that", &["tht", "dat"]),
    ("the", &["da", "the"]),
    ("to", &["2", "to"]),
    ("for", &["4", "for"]),
    ("send", &["snd", "send"]),
    ("picture", &["pic", "pik"]),
    ("pic", &["pik", "pic"]),
    ("delete", &["del", "delete"]),
    ("parents", &["rents", "parentz"]),
    ("someone", &["some1", "sum1"]),
    ("anyone", &["any1"]),
    ("what's", &["wats", "whats"]),
    ("i'm", &["im", "ima"]),
    ("i'll", &["ill"]),
    ("mum", &["mam", "mum"]),
];

/// Words whose last vowel people stretch ("pleeease", "noooo").
const STRETCHY: &[&str] = &[
    "please", "hey", "so", "no", "yes", "hi", "nice", "cute", "yay", "noo", "yess", "bored", "why",
    "what", "love", "pls",
];

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '\''
}

fn stylise(rng: &mut Rng, text: &str, st: Style) -> String {
    if text == MEDIA {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for (li, line) in text.split('\n').enumerate() {
        if li > 0 {
            out.push('\n');
        }
        for (wi, raw) in line.split(' ').enumerate() {
            if wi > 0 {
                out.push(' ');
            }
            let start = raw.find(is_word_char).unwrap_or(raw.len());
            let end = raw.rfind(is_word_char).map_or(start, |i| {
                i + raw[i..].chars().next().map_or(0, char::len_utf8)
            });
            let (lead, core, tail) = (&raw[..start], &raw[start..end], &raw[end..]);
            out.push_str(lead);
            out.push_str(&style_word(rng, core, st));
            out.push_str(tail);
        }
    }
    if st.lower {
        out = out.to_lowercase();
    }
    if st.no_apostrophes {
        out.retain(|c| c != '\'' && c != '’');
    }
    if st.no_full_stop && out.ends_with('.') && !out.ends_with("..") {
        out.pop();
    }
    out
}

fn style_word(rng: &mut Rng, word: &str, st: Style) -> String {
    if word.is_empty() || !word.is_ascii() {
        return word.to_string();
    }
    let lower = word.to_ascii_lowercase();
    if st.abbrev > 0
        && let Some((_, alts)) = ABBREVIATIONS.iter().find(|(w, _)| *w == lower)
        && rng.percent(u64::from(st.abbrev))
    {
        return rng.word(alts).to_string();
    }
    if st.stretch > 0
        && STRETCHY.contains(&lower.as_str())
        && rng.percent(u64::from(st.stretch))
        && let Some(i) = lower.rfind(['a', 'e', 'i', 'o', 'u', 'y'])
    {
        {
            let n = rng.range(2, 5) as usize;
            let c = &lower[i..=i];
            return format!("{}{}{}", &lower[..i], c.repeat(n), &lower[i + 1..]);
        }
    }
    let letters = word.chars().all(|c| c.is_ascii_alphabetic());
    if st.leet > 0 && letters && word.len() >= 3 && rng.percent(u64::from(st.leet)) {
        return word
            .chars()
            .map(|c| match c {
                'e' if rng.percent(75) => '3',
                'i' if rng.percent(70) => '1',
                'o' if rng.percent(70) => '0',
                'a' if rng.percent(30) => '4',
                's' if rng.percent(15) => '5',
                c => c,
            })
            .collect();
    }
    if st.typo > 0 && letters && word.len() >= 5 && rng.percent(u64::from(st.typo) * 2) {
        let mut cs: Vec<char> = word.chars().collect();
        let i = rng.range(1, cs.len() as u64 - 3) as usize;
        if rng.percent(50) {
            cs.swap(i, i + 1);
        } else {
            cs.remove(i);
        }
        return cs.into_iter().collect();
    }
    word.to_string()
}

// ---------------------------------------------------------------------------------------
// Building a conversation from blocks of templates
// ---------------------------------------------------------------------------------------

/// A speaker in a block: the chat's first or second person (the organiser and someone
/// else, the adult and the young person, ...), anyone other than the last speaker, or
/// any member other than the first person and the last speaker (in a group: not the
/// organiser).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Who {
    A,
    B,
    X,
    M,
}
use Who::{A, B, M, X};

/// One exchange: each line is a speaker and alternative templates. One variant number is
/// drawn per block: lines whose list is as long as the block's longest list take that
/// variant (so a question and its answer match); shorter lists are drawn on their own.
/// An empty alternative means the line is skipped. In a template, `{slot}` is filled
/// (see `Builder::slot`), `|` splits into several messages from the same speaker, `\n`
/// starts a continuation line, and `<media>` is a media placeholder.
type Block = &'static [(Who, &'static [&'static str])];

const MEDIA: &str = "<Media omitted>";

/// Pace of a conversation: how long the breaks between exchanges are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Pace {
    Chatty,
    Normal,
    Slow,
}

/// One step of a scripted conversation.
#[derive(Clone, Copy, Debug)]
enum Step {
    /// One block from this pool.
    Pool(&'static [Block]),
    /// Ages stated, as this kind of chat states them.
    Ages(AgeTalk),
    /// A groomer who claimed a teenage age says the real one.
    Reveal,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum AgeTalk {
    /// Two people of similar age ask each other.
    Mutual,
    /// Two adults; dating-app phrasing.
    Dating,
    /// An adult asks a young person; each states an age if they have one.
    Groomer,
    /// A relative remarks on the child's age.
    Relative,
}

/// Per-conversation choices that stay fixed (the same game, app, pet and so on).
#[derive(Clone, Debug, Default)]
struct Vars {
    kid: &'static str,
    pet: &'static str,
    game: &'static str,
    app: &'static str,
    club: &'static str,
    item: &'static str,
    subject: &'static str,
    gift: &'static str,
    meet: &'static str,
    show: &'static str,
}

struct Builder {
    rng: Rng,
    people: Vec<Person>,
    events: Vec<Event>,
    group: Option<(String, usize)>,
    vars: Vars,
    t: i64,
    last: Option<usize>,
    pace: Pace,
    /// Filler blocks used lately (not repeated right away).
    recent: Vec<Block>,
    /// Percent of the B role's lines that are left out (a young person who rarely replies).
    silent_b: u64,
}

impl Builder {
    fn new(mut rng: Rng) -> Builder {
        // 2022-01-01 .. 2025-06-30, daytime start.
        let day = 18_993 + rng.below(1_277) as i64;
        let t = day * 86_400 + rng.range(7 * 3600, 21 * 3600) as i64;
        let vars = Vars {
            kid: rng.word(NAMES),
            pet: rng.word(PETS),
            game: rng.word(GAMES),
            app: rng.word(APPS),
            club: "",
            item: rng.word(ITEMS),
            subject: rng.word(SUBJECTS),
            gift: rng.word(GIFTS),
            meet: rng.word(MEET_PLACES),
            show: rng.word(SHOWS),
        };
        Builder {
            rng,
            people: Vec::new(),
            events: Vec::new(),
            group: None,
            vars,
            t,
            last: None,
            pace: Pace::Normal,
            silent_b: 0,
            recent: Vec::new(),
        }
    }

    fn messages(&self) -> usize {
        self.events.len()
    }

    /// A first name not yet used in this chat.
    fn fresh_name(&mut self) -> String {
        loop {
            let n = self.rng.word(NAMES);
            if !self.people.iter().any(|p| p.name == n) && n != self.vars.kid {
                return n.to_string();
            }
        }
    }

    fn add(&mut self, name: String, age: Option<u8>, style: Style) -> usize {
        self.people.push(Person {
            name,
            age,
            claim: None,
            style,
        });
        self.people.len() - 1
    }

    fn adult_age(&mut self, lo: u64, hi: u64) -> u8 {
        self.rng.range(lo, hi) as u8
    }

    /// Seconds until the next message: quick replies, sometimes a pause.
    fn reply_delay(&mut self, same_speaker: bool) -> i64 {
        if same_speaker {
            return self.rng.range(3, 45) as i64;
        }
        (match self.rng.below(100) {
            0..=54 => self.rng.range(8, 90),
            55..=89 => self.rng.range(90, 420),
            _ => self.rng.range(420, 2400),
        }) as i64
    }

    /// A break between exchanges.
    fn gap(&mut self) {
        let r = self.rng.below(100);
        let (minutes, hours) = match self.pace {
            Pace::Chatty => (70, 92),
            Pace::Normal => (50, 80),
            Pace::Slow => (25, 55),
        };
        self.t += if r < minutes {
            self.rng.range(60, 1800)
        } else if r < hours {
            self.rng.range(3600, 9 * 3600)
        } else {
            self.rng.range(20 * 3600, 4 * 86_400)
        } as i64;
        // People mostly sleep between one and seven.
        let hour = self.t.rem_euclid(86_400) / 3600;
        if (1..7).contains(&hour) {
            self.t += (7 - hour) * 3600 + self.rng.below(3 * 3600) as i64;
        }
    }

    fn speaker(&mut self, who: Who) -> usize {
        let n = self.people.len();
        match who {
            A => 0,
            B => 1,
            M if n > 2 => loop {
                let i = self.rng.range(1, n as u64 - 1) as usize;
                if Some(i) != self.last {
                    return i;
                }
            },
            X | M => {
                if n == 2 {
                    return match self.last {
                        Some(l) => 1 - l,
                        None => self.rng.below(2) as usize,
                    };
                }
                loop {
                    let i = self.rng.below(n as u64) as usize;
                    if Some(i) != self.last {
                        return i;
                    }
                }
            }
        }
    }

    fn block(&mut self, block: Block) {
        let width = block.iter().map(|(_, alts)| alts.len()).max().unwrap_or(1);
        let variant = self.rng.below(width as u64) as usize;
        for (who, alts) in block {
            let speaker = self.speaker(*who);
            if *who == B && self.silent_b > 0 && self.rng.percent(self.silent_b) {
                continue;
            }
            let template = if alts.len() == width {
                alts[variant]
            } else {
                *self.rng.pick(alts)
            };
            if template.is_empty() {
                continue;
            }
            self.say(speaker, template);
        }
        // Now and then someone deletes a message.
        if self.rng.percent(1) {
            let who = self.speaker(X);
            self.push(who, String::new(), true);
        }
    }

    fn push(&mut self, speaker: usize, text: String, deleted: bool) {
        self.t += self.reply_delay(self.last == Some(speaker));
        self.events.push(Event {
            time: self.t,
            author: speaker,
            text,
            deleted,
        });
        self.last = Some(speaker);
    }

    fn say(&mut self, speaker: usize, template: &str) {
        let n = self.people.len();
        let addressee = if n == 2 {
            1 - speaker
        } else if speaker != 0 && self.rng.percent(50) {
            0
        } else {
            loop {
                let i = self.rng.below(n as u64) as usize;
                if i != speaker {
                    break i;
                }
            }
        };
        let filled = self.fill(template, speaker, addressee);
        let style = self.people[speaker].style;
        for part in filled.split('|') {
            let part = part.trim();
            if part.is_empty() {
                continue;
            }
            let text = if part == "<media>" {
                MEDIA.to_string()
            } else {
                stylise(&mut self.rng, part, style)
            };
            self.push(speaker, text, false);
        }
    }

    fn fill(&mut self, template: &str, speaker: usize, addressee: usize) -> String {
        let mut out = String::with_capacity(template.len() + 16);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                out.push_str(&rest[open..]);
                rest = "";
                break;
            };
            let name = &after[..close];
            match self.slot(name, speaker, addressee) {
                Some(v) => out.push_str(&v),
                None => {
                    debug_assert!(false, "unknown slot {{{name}}} in {template:?}");
                    out.push_str(name);
                }
            }
            rest = &after[close + 1..];
        }
        out.push_str(rest);
        out
    }

    /// The value of `{name}` for a message from `speaker` to `addressee`.
    fn slot(&mut self, name: &str, speaker: usize, addressee: usize) -> Option<String> {
        let age = |p: &Person| p.age.map_or_else(|| "18".to_string(), |a| a.to_string());
        let v: &str = match name {
            "me" => return Some(first_word(&self.people[speaker].name).to_string()),
            "you" => return Some(first_word(&self.people[addressee].name).to_string()),
            "a" | "b" | "c" => {
                let i = match name {
                    "a" => 0,
                    "b" => 1,
                    _ => 2,
                };
                let p = i.min(self.people.len() - 1);
                return Some(first_word(&self.people[p].name).to_string());
            }
            "myage" => return Some(age(&self.people[speaker])),
            "yourage" => return Some(age(&self.people[addressee])),
            "claim" => {
                return Some(self.people[speaker].claim.unwrap_or(16).to_string());
            }
            "year" => {
                let a = self.people[speaker].age.unwrap_or(13);
                return Some(a.saturating_sub(4).clamp(6, 11).to_string());
            }
            "name" | "name2" => {
                return Some(self.fresh_name());
            }
            "kid" => self.vars.kid,
            "pet" => self.vars.pet,
            "game" => self.vars.game,
            "app" => self.vars.app,
            "club" => self.vars.club,
            "item" => self.vars.item,
            "subject" => self.vars.subject,
            "gift" => self.vars.gift,
            "meet" => self.vars.meet,
            "show" => self.vars.show,
            "place" => self.rng.word(PLACES),
            "day" | "day2" => self.rng.word(DAYS),
            "clock" | "clock2" => self.rng.word(CLOCKS),
            "food" => self.rng.word(FOODS),
            "money" => self.rng.word(MONEY),
            "work" => self.rng.word(WORK_THINGS),
            "activity" => self.rng.word(ACTIVITIES),
            "thing" => self.rng.word(THINGS),
            "chore" => self.rng.word(CHORES),
            "emo" => self.rng.word(EMO),
            "ok" => self.rng.word(SHORT_REPLIES),
            "lol" => self.rng.word(LAUGHS),
            "teacher" => self.rng.word(TEACHERS),
            "song" => self.rng.word(SONGS),
            _ => return None,
        };
        Some(v.to_string())
    }

    fn ages(&mut self, talk: AgeTalk) {
        let (a, b) = (0, 1);
        match talk {
            AgeTalk::Mutual => {
                let t = self.rng.word(AGE_ASK);
                self.say(a, t);
                let t = self.rng.word(AGE_ANSWER_ASK_BACK);
                self.say(b, t);
                let same = self.people[a].age == self.people[b].age;
                let pool = if same { AGE_SAME } else { AGE_TELL };
                let t = self.rng.word(pool);
                self.say(a, t);
            }
            AgeTalk::Dating => {
                let t = self.rng.word(DATING_AGES_A);
                self.say(a, t);
                let t = self.rng.word(DATING_AGES_B);
                self.say(b, t);
            }
            AgeTalk::Relative => {
                let t = self.rng.word(RELATIVE_AGE);
                self.say(a, t);
                let t = self.rng.word(RELATIVE_AGE_REPLY);
                self.say(b, t);
            }
            AgeTalk::Groomer => {
                let ask = self.rng.word(GROOMER_AGE_ASK);
                self.say(a, ask);
                let child = if self.people[b].age.is_some() && ask.contains("year") {
                    self.rng.word(CHILD_YEAR_ANSWER)
                } else if self.people[b].age.is_some() {
                    self.rng.word(CHILD_AGE_ANSWER)
                } else {
                    self.rng.word(CHILD_AGE_DODGE)
                };
                self.say(b, child);
                let groomer = if self.people[a].claim.is_some() {
                    self.rng.word(GROOMER_CLAIM)
                } else if self.people[a].age.is_some() {
                    self.rng.word(GROOMER_AGE_TELL)
                } else {
                    self.rng.word(GROOMER_AGE_NONE)
                };
                self.say(a, groomer);
                let reply = self.rng.word(CHILD_AGE_REACT);
                if !reply.is_empty() {
                    self.say(b, reply);
                }
            }
        }
    }

    fn step(&mut self, step: Step) {
        match step {
            Step::Pool(pool) => {
                let block = self.fresh_block(pool);
                self.block(block);
            }
            Step::Ages(talk) => self.ages(talk),
            Step::Reveal => {
                let (a, b) = (0, 1);
                let t = self.rng.word(GROOMER_REVEAL);
                self.say(a, t);
                let t = self.rng.word(CHILD_REVEAL_REACT);
                self.say(b, t);
            }
        }
    }

    /// A block from `pool` that was not among the last few used (chats repeat themselves,
    /// but not every few lines).
    fn fresh_block(&mut self, pool: &'static [Block]) -> Block {
        let keep = (pool.len() / 2).min(6);
        let mut block = *self.rng.pick(pool);
        for _ in 0..8 {
            if !self.recent.iter().any(|b| std::ptr::eq(*b, block)) {
                break;
            }
            block = *self.rng.pick(pool);
        }
        self.recent.push(block);
        if self.recent.len() > keep {
            self.recent.remove(0);
        }
        block
    }

    /// Opening, then the key steps spread over `target` messages with filler between
    /// them, then maybe a closing. Key steps all happen even when that overshoots.
    fn run(
        &mut self,
        opening: &'static [Block],
        steps: &[Step],
        filler: &'static [Block],
        target: usize,
    ) {
        let block = *self.rng.pick(opening);
        self.block(block);
        let begin = self.messages();
        let k = steps.len();
        let span = target.saturating_sub(begin).max(1);
        let mut positions: Vec<usize> = (0..k)
            .map(|i| {
                let base = begin + span * (i + 1) / (k + 1);
                let jitter = self.rng.below((span / (k + 1)).max(1) as u64) as usize;
                base + jitter / 2
            })
            .collect();
        positions.sort_unstable();
        let mut next = 0;
        loop {
            self.gap();
            if next < k && (self.messages() >= positions[next] || self.messages() >= target) {
                self.step(steps[next]);
                next += 1;
            } else if self.messages() < target {
                let block = self.fresh_block(filler);
                self.block(block);
            } else {
                break;
            }
        }
    }
}

/// How a person is addressed: the first name ("Coach Mark" -> "Mark", "Mum" -> "Mum").
fn first_word(name: &str) -> &str {
    let mut words = name.split(' ');
    let first = words.next().unwrap_or(name);
    match first {
        "Coach" | "Auntie" | "Uncle" | "Miss" => words.next().unwrap_or(first),
        _ => first,
    }
}

/// A conversation length in messages: mostly short, a long tail up to several hundred.
fn length(rng: &mut Rng) -> usize {
    (match rng.below(100) {
        0..=29 => rng.range(5, 15),
        30..=64 => rng.range(16, 40),
        65..=86 => rng.range(41, 100),
        87..=96 => rng.range(101, 300),
        _ => rng.range(301, 800),
    }) as usize
}

// ---------------------------------------------------------------------------------------
// Conversation types
// ---------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Friends,
    TeenFriends,
    Family,
    Work,
    HobbyGroup,
    FamilyGroup,
    Neighbours,
    ParentPickup,
    TeenPhotos,
    AdultDating,
    AdultGamers,
    CoachGroup,
    WorkReceipt,
    SurpriseParty,
    RelativeGift,
    SecondHand,
    Grooming,
}

/// The mix, per mille: about 61% ordinary chat, 35% hard negatives, 4% grooming.
const KINDS: [Kind; 17] = [
    Kind::Friends,
    Kind::TeenFriends,
    Kind::Family,
    Kind::Work,
    Kind::HobbyGroup,
    Kind::FamilyGroup,
    Kind::Neighbours,
    Kind::ParentPickup,
    Kind::TeenPhotos,
    Kind::AdultDating,
    Kind::AdultGamers,
    Kind::CoachGroup,
    Kind::WorkReceipt,
    Kind::SurpriseParty,
    Kind::RelativeGift,
    Kind::SecondHand,
    Kind::Grooming,
];
const KIND_WEIGHTS: [u32; 17] = [
    150, 80, 120, 80, 110, 50, 20, // ordinary: 610
    50, 50, 50, 40, 40, 40, 30, 30, 20, // hard negatives: 350
    40, // grooming
];

impl Builder {
    /// Builds the chat; returns its kind name and whether it is grooming.
    fn build(&mut self, kind: Kind) -> (&'static str, bool) {
        let target = length(&mut self.rng);
        match kind {
            Kind::Friends => {
                self.pair_adults(false);
                self.pace = Pace::Chatty;
                self.run(FRIENDS_OPEN, &[], FRIENDS_FILLER, target);
                ("ordinary/friends", false)
            }
            Kind::TeenFriends => {
                self.pair_teens(false);
                self.pace = Pace::Chatty;
                self.run(TEEN_OPEN, &[], TEEN_FILLER, target);
                ("ordinary/teen-friends", false)
            }
            Kind::Family => {
                self.parent_and_child();
                self.run(FAMILY_OPEN, &[], FAMILY_FILLER, target);
                ("ordinary/family", false)
            }
            Kind::Work => {
                self.pair_adults(false);
                self.run(WORK_OPEN, &[], WORK_FILLER, target);
                ("ordinary/work", false)
            }
            Kind::HobbyGroup => {
                self.group_of_adults(GROUPS_HOBBY);
                self.pace = Pace::Chatty;
                self.run(GROUP_OPEN, &[], GROUP_FILLER, target.max(8));
                ("ordinary/hobby-group", false)
            }
            Kind::FamilyGroup => {
                self.group_of_adults(GROUPS_FAMILY);
                self.run(FAMILY_GROUP_OPEN, &[], FAMILY_GROUP_FILLER, target.max(6));
                ("ordinary/family-group", false)
            }
            Kind::Neighbours => {
                self.pair_adults(false);
                self.pace = Pace::Slow;
                self.run(NEIGHBOUR_OPEN, &[], NEIGHBOUR_FILLER, target.min(40));
                ("ordinary/neighbours", false)
            }
            Kind::ParentPickup => {
                self.parent_and_child();
                let steps = self.some_steps(PICKUP_KEYS, 2, 5);
                self.run(FAMILY_OPEN, &steps, FAMILY_FILLER, target);
                ("hard/parent-pickup", false)
            }
            Kind::TeenPhotos => {
                self.pair_teens(true);
                self.pace = Pace::Chatty;
                let mut steps = self.some_steps(TEEN_PHOTO_KEYS, 2, 5);
                if self.rng.percent(80) {
                    steps.insert(0, Step::Ages(AgeTalk::Mutual));
                }
                self.run(TEEN_OPEN, &steps, TEEN_FILLER, target);
                ("hard/teen-peers-photos", false)
            }
            Kind::AdultDating => {
                self.pair_adults(true);
                let mut steps = self.some_steps(DATING_KEYS, 3, 6);
                steps.insert(0, Step::Ages(AgeTalk::Dating));
                self.run(DATING_OPEN, &steps, DATING_FILLER, target);
                ("hard/adults-dating", false)
            }
            Kind::AdultGamers => {
                self.pair_gamers();
                self.pace = Pace::Chatty;
                let mut steps = self.some_steps(GAMER_KEYS, 2, 4);
                steps.insert(0, Step::Ages(AgeTalk::Mutual));
                self.run(GAMER_OPEN, &steps, GAMER_FILLER, target);
                ("hard/adult-gamers", false)
            }
            Kind::CoachGroup => {
                self.coach_group();
                let steps = self.some_steps(COACH_KEYS, 2, 5);
                self.run(COACH_OPEN, &steps, COACH_FILLER, target.max(8));
                ("hard/coach-group", false)
            }
            Kind::WorkReceipt => {
                if self.rng.percent(60) {
                    self.pair_adults(false);
                } else {
                    self.group_of_adults(GROUPS_WORK);
                }
                let steps = self.some_steps(WORK_KEYS, 2, 4);
                self.run(WORK_OPEN, &steps, WORK_FILLER, target);
                ("hard/workplace", false)
            }
            Kind::SurpriseParty => {
                if self.rng.percent(50) {
                    self.pair_teens(false);
                } else {
                    self.pair_adults(false);
                }
                let steps = self.some_steps(PARTY_KEYS, 3, 6);
                self.run(PARTY_OPEN, &steps, FRIENDS_FILLER, target);
                ("hard/surprise-party", false)
            }
            Kind::RelativeGift => {
                self.relative_and_child();
                let mut steps = self.some_steps(RELATIVE_KEYS, 2, 4);
                if self.rng.percent(50) {
                    steps.push(Step::Ages(AgeTalk::Relative));
                    self.rng.shuffle(&mut steps);
                }
                self.run(RELATIVE_OPEN, &steps, RELATIVE_FILLER, target.min(120));
                ("hard/relative-gift", false)
            }
            Kind::SecondHand => {
                self.pair_adults(false);
                let steps = self.some_steps(SALE_KEYS, 2, 3);
                self.run(SALE_OPEN, &steps, SALE_FILLER, target.min(30));
                ("hard/second-hand-sale", false)
            }
            Kind::Grooming => (self.grooming(), true),
        }
    }

    /// `lo..=hi` distinct steps from `pools`, in random order.
    fn some_steps(&mut self, pools: &'static [&'static [Block]], lo: u64, hi: u64) -> Vec<Step> {
        let n = (self.rng.range(lo, hi) as usize).min(pools.len());
        let mut all: Vec<Step> = pools.iter().map(|p| Step::Pool(p)).collect();
        self.rng.shuffle(&mut all);
        all.truncate(n);
        all
    }

    fn pair_adults(&mut self, state_ages: bool) {
        for _ in 0..2 {
            let name = self.fresh_name();
            let age = state_ages.then(|| self.adult_age(21, 48));
            let style = Style::adult(&mut self.rng);
            self.add(name, age, style);
        }
    }

    fn pair_teens(&mut self, state_ages: bool) {
        let base = self.rng.range(13, 17) as u8;
        for i in 0..2 {
            let name = self.fresh_name();
            let age = if i == 0 {
                base
            } else {
                (base + self.rng.below(2) as u8).min(17)
            };
            let style = Style::young(&mut self.rng);
            self.add(name, state_ages.then_some(age), style);
        }
    }

    fn pair_gamers(&mut self) {
        for _ in 0..2 {
            let name = if self.rng.percent(60) {
                self.rng.pick(HANDLES).to_string()
            } else {
                self.fresh_name()
            };
            let name = if self.people.iter().any(|p| p.name == name) {
                self.fresh_name()
            } else {
                name
            };
            let age = Some(self.adult_age(19, 42));
            let style = Style::young(&mut self.rng);
            self.add(name, age, style);
        }
    }

    fn parent_and_child(&mut self) {
        let parent = if self.rng.percent(60) {
            self.rng.pick(&["Mum", "Dad", "Mam", "Mom"]).to_string()
        } else {
            self.fresh_name()
        };
        let style = Style::adult(&mut self.rng);
        self.add(parent, None, style);
        let child = self.fresh_name();
        let style = Style::young(&mut self.rng);
        self.add(child, None, style);
    }

    fn relative_and_child(&mut self) {
        let relative = match self.rng.below(5) {
            0 => "Nan".to_string(),
            1 => "Grandad".to_string(),
            2 => "Grandma".to_string(),
            3 => format!("Auntie {}", self.fresh_name()),
            _ => format!("Uncle {}", self.fresh_name()),
        };
        let style = Style::adult(&mut self.rng);
        self.add(relative, None, style);
        let child = self.fresh_name();
        let age = Some(self.rng.range(10, 16) as u8);
        let style = Style::young(&mut self.rng);
        self.add(child, age, style);
    }

    fn group_of_adults(&mut self, titles: &'static [(&'static str, &'static str)]) {
        let n = self.rng.range(3, 8) as usize;
        for _ in 0..n {
            let name = if self.rng.percent(15) {
                format!("{} {}", self.fresh_name(), self.rng.pick(INITIALS))
            } else {
                self.fresh_name()
            };
            let style = Style::adult(&mut self.rng);
            self.add(name, None, style);
        }
        let (title, club) = *self.rng.pick(titles);
        self.vars.club = club;
        self.group = Some((title.to_string(), 0));
    }

    fn coach_group(&mut self) {
        let coach = format!("Coach {}", self.fresh_name());
        let style = Style::adult(&mut self.rng);
        self.add(coach, None, style);
        let parents = self.rng.range(2, 5);
        for _ in 0..parents {
            let name = if self.rng.percent(40) {
                let kid = self.fresh_name();
                let role = self.rng.pick(&["mum", "dad"]);
                format!("{} ({kid}'s {role})", self.fresh_name())
            } else {
                self.fresh_name()
            };
            let style = Style::adult(&mut self.rng);
            self.add(name, None, style);
        }
        let kids = self.rng.range(1, 3);
        for _ in 0..kids {
            let name = self.fresh_name();
            let style = Style::young(&mut self.rng);
            self.add(name, None, style);
        }
        let (title, sport) = *self.rng.pick(GROUPS_COACH);
        self.vars.club = sport;
        self.group = Some((title.to_string(), 0));
    }

    /// An adult who contacts a young person. The groomer is always `people[0]`.
    fn grooming(&mut self) -> &'static str {
        /// How one grooming chat differs from the others.
        struct Variant {
            name: &'static str,
            leet: bool,
            slow: bool,
            threats: bool,
            /// 0 coach, 1 tutor, 2 family friend.
            role: Option<usize>,
            /// Fewer behaviours, fewer stated ages, no repeats: early or cautious grooming.
            subtle: bool,
        }
        let plain = |name| Variant {
            name,
            leet: false,
            slow: false,
            threats: false,
            role: None,
            subtle: false,
        };
        let v = match self.rng.below(100) {
            0..=29 => Variant {
                threats: self.rng.percent(20),
                ..plain("grooming/standard")
            },
            30..=42 => Variant {
                leet: true,
                threats: self.rng.percent(25),
                ..plain("grooming/leetspeak")
            },
            43..=57 => Variant {
                slow: true,
                threats: self.rng.percent(15),
                ..plain("grooming/slow")
            },
            58..=70 => Variant {
                threats: true,
                ..plain("grooming/threats")
            },
            71..=84 => Variant {
                subtle: true,
                slow: self.rng.percent(30),
                ..plain("grooming/subtle")
            },
            _ => Variant {
                slow: self.rng.percent(40),
                role: Some(self.rng.below(3) as usize),
                ..plain("grooming/trusted-role")
            },
        };
        // The adult.
        let gname = match v.role {
            Some(0) => format!("Coach {}", self.fresh_name()),
            Some(2) if self.rng.percent(50) => format!("Uncle {}", self.fresh_name()),
            Some(_) => self.fresh_name(),
            None if self.rng.percent(35) => self.rng.pick(HANDLES).to_string(),
            None => self.fresh_name(),
        };
        let states_age = self.rng.percent(if v.subtle { 35 } else { 70 });
        let gage = states_age.then(|| self.adult_age(19, 52));
        let style = Style::casual_adult(&mut self.rng, v.leet);
        let g = self.add(gname, gage, style);
        let teen_claim = states_age && v.role.is_none() && self.rng.percent(12);
        if teen_claim {
            self.people[g].claim = Some(self.rng.range(15, 17) as u8);
        }
        // The young person.
        let cname = self.fresh_name();
        let cage = self
            .rng
            .percent(if v.subtle { 45 } else { 75 })
            .then(|| self.rng.range(11, 16) as u8);
        let style = Style::young(&mut self.rng);
        self.add(cname, cage, style);
        if self.rng.percent(20) {
            self.silent_b = 35;
        }

        // Which behaviours appear, and roughly when (ranks with jitter: not a fixed order).
        let mut stages: Vec<(u64, Step)> = Vec::new();
        let mut add = |rng: &mut Rng, rank: u64, step: Step| {
            stages.push((rank * 10 + rng.below(35), step));
        };
        if gage.is_some() || cage.is_some() || self.rng.percent(50) {
            add(&mut self.rng, 1, Step::Ages(AgeTalk::Groomer));
        }
        add(&mut self.rng, 2, Step::Pool(G_FLATTERY));
        let optional: [(u64, &'static [Block], u64); 8] = [
            (3, G_RISK, 80),
            (3, G_ISOLATION, 55),
            (4, G_SECRECY, 85),
            (4, G_GIFTS, 45),
            (4, G_PLATFORM, 45),
            (5, G_IMAGES, 80),
            (6, G_MEETING, 60),
            (5, G_FLATTERY, 30),
        ];
        for (rank, pool, p) in optional {
            let p = if v.subtle { p * 2 / 5 } else { p };
            if self.rng.percent(p) {
                add(&mut self.rng, rank, Step::Pool(pool));
            }
        }
        if v.threats {
            add(&mut self.rng, 7, Step::Pool(G_THREATS));
            if self.rng.percent(40) {
                add(&mut self.rng, 8, Step::Pool(G_THREATS));
            }
        }
        if teen_claim {
            add(&mut self.rng, 5, Step::Reveal);
        }
        let target = if v.slow {
            self.pace = Pace::Slow;
            self.rng.range(120, 600) as usize
        } else {
            self.pace = Pace::Normal;
            length(&mut self.rng).clamp(8, 160)
        };
        // Persistence: the strongest asks come back in longer chats.
        if target > 60 && !v.subtle {
            for pool in [G_IMAGES, G_SECRECY, G_RISK] {
                if self.rng.percent(60) {
                    add(&mut self.rng, 6, Step::Pool(pool));
                }
            }
        }
        stages.sort_by_key(|(rank, _)| *rank);
        let steps: Vec<Step> = stages.into_iter().map(|(_, s)| s).collect();
        let opening: &'static [Block] = match v.role {
            Some(0) => G_OPEN_COACH,
            Some(1) => G_OPEN_TUTOR,
            Some(_) => G_OPEN_FAMILY_FRIEND,
            None => G_OPEN_STRANGER,
        };
        self.run(opening, &steps, G_RAPPORT, target);
        v.name
    }
}

// ---------------------------------------------------------------------------------------
// Slot fillers (all invented or generic)
// ---------------------------------------------------------------------------------------

const NAMES: &[&str] = &[
    "Abby", "Adam", "Aiden", "Alfie", "Amber", "Amir", "Ana", "Archie", "Ava", "Ayla", "Beth",
    "Bilal", "Brooke", "Caleb", "Callum", "Carla", "Cerys", "Chloe", "Ciara", "Connor", "Dan",
    "Dara", "Deon", "Dev", "Dylan", "Ebony", "Eden", "Eli", "Ella", "Elliot", "Emre", "Erin",
    "Esme", "Ethan", "Evie", "Faye", "Felix", "Finn", "Freya", "Gemma", "Grace", "Hana", "Harley",
    "Harvey", "Hollie", "Idris", "Imogen", "Isaac", "Isla", "Ivy", "Jack", "Jade", "Jamal",
    "Jasmine", "Jay", "Jess", "Jodie", "Joel", "Josh", "Jude", "Kai", "Kara", "Karen", "Kayden",
    "Keira", "Kemi", "Kian", "Kira", "Lacey", "Layla", "Leah", "Leo", "Lewis", "Lily", "Logan",
    "Lola", "Lucas", "Lucy", "Luke", "Maisie", "Malik", "Maya", "Megan", "Mia", "Milo", "Mina",
    "Morgan", "Nadia", "Naomi", "Nat", "Neil", "Niamh", "Nico", "Nina", "Noah", "Ola", "Olly",
    "Omar", "Owen", "Paige", "Pat", "Phoebe", "Piper", "Priya", "Rae", "Reece", "Remi", "Rhys",
    "Riley", "Rory", "Rosa", "Ruby", "Ryan", "Sade", "Sam", "Sami", "Sara", "Scarlett", "Sean",
    "Shay", "Sian", "Sofia", "Sonny", "Stacey", "Tara", "Theo", "Tia", "Toby", "Tom", "Tyler",
    "Uma", "Vic", "Will", "Yas", "Zac", "Zara", "Zoe",
];

const HANDLES: &[&str] = &[
    "Vortex", "xKaz", "Nightowl", "Blaze", "Jinx", "Pixel", "Rook", "Echo", "Zed", "Drift",
    "Kairo", "Nova", "Frost", "Raven", "Spud", "Taz", "Mako", "Onyx", "Jett", "Bigz", "Lynx",
    "Skye", "Dex", "Ziggy",
];

const INITIALS: &[&str] = &["B", "C", "D", "H", "K", "M", "P", "R", "S", "T", "W"];

const PLACES: &[&str] = &[
    "the station",
    "the park",
    "the car park",
    "the shopping centre",
    "the bus stop",
    "the leisure centre",
    "the library",
    "the cafe",
    "the high street",
    "the retail park",
    "the big supermarket",
    "the corner shop",
    "the chippy",
    "the pub",
    "the cinema",
    "the bowling alley",
    "the garden centre",
    "the swimming pool",
];

const MEET_PLACES: &[&str] = &[
    "the station",
    "the park",
    "the car park behind the shops",
    "the shopping centre",
    "the bus stop",
    "the back of the leisure centre",
    "the end of your road",
];

const DAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "tomorrow",
    "tonight",
    "the weekend",
    "next week",
];

const CLOCKS: &[&str] = &[
    "7",
    "half 6",
    "8ish",
    "quarter past 5",
    "10",
    "about 4",
    "6.30",
    "half 3",
    "9",
    "7.15",
    "noon",
    "5",
    "half 7",
    "quarter to 8",
];

const FOODS: &[&str] = &[
    "pizza",
    "pasta",
    "curry",
    "tacos",
    "a roast",
    "chilli",
    "stir fry",
    "fish and chips",
    "burgers",
    "soup",
    "jacket potatoes",
    "lasagne",
];

const SHOWS: &[&str] = &[
    "that baking show",
    "the detective series",
    "the new season",
    "that quiz show",
    "the dragon one",
    "the dating show",
    "the cooking competition",
    "that documentary about octopuses",
];

const GAMES: &[&str] = &[
    "the block game",
    "the farm game",
    "the racing game",
    "the battle royale",
    "the football game",
    "the zombie game",
    "the island game",
];

const APPS: &[&str] = &["the other app", "discord", "snap", "that chat app"];

const GIFTS: &[&str] = &[
    "a gift card",
    "some credit",
    "game coins",
    "new trainers",
    "a new phone",
    "skins",
    "the battle pass",
    "a top up",
];

const MONEY: &[&str] = &[
    "£5",
    "£10",
    "£20",
    "a tenner",
    "twenty quid",
    "£15",
    "£50",
    "a fiver",
];

const SUBJECTS: &[&str] = &[
    "maths",
    "science",
    "english",
    "history",
    "geography",
    "french",
    "art",
    "music",
];

const TEACHERS: &[&str] = &[
    "sir",
    "miss",
    "the maths teacher",
    "the new teacher",
    "the supply teacher",
];

const PETS: &[&str] = &[
    "the dog",
    "the cat",
    "the puppy",
    "the hamster",
    "the rabbit",
    "biscuit",
];

const ITEMS: &[&str] = &[
    "the bike",
    "the pram",
    "the desk",
    "the sofa",
    "the console",
    "the lamp",
    "the guitar",
    "the wardrobe",
    "the tent",
    "the lawnmower",
];

const WORK_THINGS: &[&str] = &[
    "the report",
    "the rota",
    "the slides",
    "the stock count",
    "the invoice",
    "the quote",
    "the budget sheet",
    "the newsletter",
];

const ACTIVITIES: &[&str] = &[
    "a walk",
    "coffee",
    "the cinema",
    "a drink",
    "brunch",
    "a swim",
    "a run",
    "the quiz",
    "bowling",
];

const THINGS: &[&str] = &[
    "PE kit",
    "lunch",
    "keys",
    "coat",
    "homework",
    "water bottle",
    "charger",
    "bus pass",
];

const CHORES: &[&str] = &[
    "the bins",
    "the washing",
    "the dishwasher",
    "the hoovering",
    "your room",
];

const EMO: &[&str] = &[
    "", "", "", "", " 😂", " 😊", " 👍", " lol", " x", " 🙈", "!!", " haha", " 😅", " 🙏",
];

const SHORT_REPLIES: &[&str] = &["ok", "yeah", "ye", "k", "okay", "sure", "fine", "alright"];

const LAUGHS: &[&str] = &["lol", "haha", "😂", "hahaha", "lmao", "😂😂"];

const SONGS: &[&str] = &[
    "the one from the advert",
    "that song from the film",
    "the new one everyone's doing the dance to",
    "the sad one",
];

const GROUPS_HOBBY: &[(&str, &str)] = &[
    ("Book club 📚", "book club"),
    ("Running club 🏃", "running club"),
    ("Choir", "choir"),
    ("Quiz team", "the quiz"),
    ("Allotment gang 🥕", "the allotment"),
    ("Sunday league", "five-a-side"),
    ("Climbing crew", "climbing"),
    ("Knit and natter", "knitting group"),
    ("Band practice 🎸", "band practice"),
    ("Walking group", "the walk"),
    ("Flat 3", "the house meeting"),
    ("Wedding planning 💍", "the planning meeting"),
];

const GROUPS_FAMILY: &[(&str, &str)] = &[
    ("Family 🏡", "sunday lunch"),
    ("The cousins", "the barbecue"),
    ("Family chat", "sunday lunch"),
    ("Mum's birthday 🎂", "the party"),
];

const GROUPS_WORK: &[(&str, &str)] = &[
    ("Site team 🦺", "the site meeting"),
    ("Cafe staff", "the staff meeting"),
    ("Office", "the team meeting"),
    ("Warehouse shifts", "the shift briefing"),
];

const GROUPS_COACH: &[(&str, &str)] = &[
    ("U12 football ⚽ parents", "football"),
    ("Swim squad 🏊", "swimming"),
    ("U14 netball", "netball"),
    ("Junior rugby", "rugby"),
    ("Gymnastics club", "gymnastics"),
    ("U13 cricket 🏏", "cricket"),
];

// ---------------------------------------------------------------------------------------
// Ordinary chat
// ---------------------------------------------------------------------------------------

const FRIENDS_OPEN: &[Block] = &[
    &[
        (
            A,
            &[
                "hey you",
                "hiya!",
                "morning{emo}",
                "you alive?",
                "hey stranger{emo}",
            ],
        ),
        (
            B,
            &[
                "hey!! how are you",
                "hiya{emo}",
                "morning!",
                "barely {lol}",
                "hey! long time",
            ],
        ),
    ],
    &[
        (
            A,
            &[
                "how was your {day}?",
                "how's your week going?",
                "did you get home ok last night?",
            ],
        ),
        (
            B,
            &[
                "not bad, busy with {work}",
                "long, you?",
                "yes thanks, taxi was quick",
            ],
        ),
    ],
];

const FRIENDS_FILLER: &[Block] = &[
    &[
        (
            A,
            &["how was {day}?", "how's your week going?", "you surviving?"],
        ),
        (
            B,
            &[
                "not bad, busy with {work}",
                "long. very long",
                "just about {lol}",
            ],
        ),
        (A, &["same old", "ha same", "", "could be worse"]),
    ],
    &[
        (
            A,
            &[
                "did you watch {show}?",
                "have you started {show} yet?",
                "finished {show} last night",
            ],
        ),
        (
            B,
            &[
                "yes!! the ending",
                "not yet, no spoilers",
                "and?? was it good",
            ],
        ),
        (
            A,
            &["I know!!", "my lips are sealed{emo}", "so good, watch it"],
        ),
    ],
    &[
        (
            A,
            &[
                "what are you having for tea?",
                "what's for dinner at yours?",
            ],
        ),
        (
            B,
            &["{food} probably", "no idea, {food}?", "leftovers {lol}"],
        ),
        (A, &["nice, we're having {food}", "jealous", ""]),
    ],
    &[
        (
            A,
            &[
                "this rain is unreal",
                "finally some sun{emo}",
                "is it me or is it freezing",
            ],
        ),
        (
            B,
            &[
                "tell me about it, got soaked walking to {place}",
                "make the most of it!",
                "it's grim",
            ],
        ),
    ],
    &[
        (
            A,
            &[
                "fancy {activity} {day}?",
                "up for {activity} at some point this week?",
                "are we still on for {activity}?",
            ],
        ),
        (
            B,
            &[
                "yes! what time?",
                "go on then, when?",
                "yes! where are we meeting?",
            ],
        ),
        (
            A,
            &[
                "{clock}? meet at {place}",
                "{day} at {clock}?",
                "outside {place}, {clock}",
            ],
        ),
        (B, &["perfect", "see you there{emo}", "deal"]),
    ],
    &[
        (A, &["<media>"]),
        (
            A,
            &[
                "look at {pet} 😂",
                "{pet} has stolen my seat again",
                "caught in the act",
            ],
        ),
        (
            B,
            &["stop that's so cute", "hahaha what is he doing", "😂😂"],
        ),
    ],
    &[
        (A, &["work was a nightmare today", "what a day"]),
        (B, &["oh no what happened", "go on"]),
        (
            A,
            &[
                "{work} went wrong, then the printer died",
                "meetings all day, no lunch",
            ],
        ),
        (B, &["classic. wine?", "sending hugs", "nightmare"]),
    ],
    &[
        (
            A,
            &[
                "what are you getting {name} for her birthday?",
                "any ideas for {name}'s birthday?",
            ],
        ),
        (B, &["no idea, ideas?", "voucher probably"]),
        (
            A,
            &[
                "a candle? everyone likes candles",
                "we could go halves on something",
            ],
        ),
        (B, &["genius", "yes let's"]),
    ],
    &[
        (
            A,
            &[
                "running 10 mins late sorry!",
                "bus is crawling, be there soon",
                "just parking",
            ],
        ),
        (
            B,
            &[
                "no worries, I'll grab a table",
                "no rush",
                "I'm by the door",
            ],
        ),
    ],
    &[
        (
            A,
            &[
                "any good books lately?",
                "need a new podcast, recommendations?",
            ],
        ),
        (
            B,
            &[
                "just finished one about a lighthouse keeper, really good",
                "the one about the history of bread, weirdly gripping",
            ],
        ),
        (A, &["send me the name", "adding it to the list"]),
    ],
    &[
        (
            A,
            &["booked the holiday!!", "we finally booked a weekend away"],
        ),
        (B, &["where to??", "yesss where?"]),
        (
            A,
            &[
                "the coast for a week, cheap cottage",
                "camping, pray for us",
            ],
        ),
        (B, &["jealous", "amazing, you deserve it"]),
    ],
    &[
        (A, &["gym tomorrow?", "still on for the run {day}?"]),
        (B, &["ugh fine", "yes if it's not raining"]),
        (A, &["{clock} before work", "{clock} by {place}"]),
        (B, &["that's too early, {clock2}?", "ok ok"]),
    ],
    &[
        (A, &["ring me when you're free", "can I call you later?"]),
        (B, &["will do after tea", "yes give me an hour"]),
    ],
    &[(X, &["{lol}", "true", "same", "ikr", "honestly", "😂", "🙈"])],
    &[
        (
            A,
            &[
                "did you sort the car in the end?",
                "how did the interview go?",
                "how's your mum doing?",
            ],
        ),
        (
            B,
            &[
                "yes, cost a fortune",
                "think it went ok? they'll let me know {day}",
                "much better thanks, home now",
            ],
        ),
        (A, &["ouch", "fingers crossed!", "so glad"]),
    ],
    &[
        (
            A,
            &[
                "is {name} still coming {day}?",
                "have you heard from {name}?",
            ],
        ),
        (B, &["think so, I'll check", "not since the weekend"]),
    ],
    &[
        (A, &["sorry I missed your call", "just seen this sorry"]),
        (
            B,
            &[
                "no worries, it was nothing important",
                "all good, sorted it",
            ],
        ),
    ],
    &[
        (
            A,
            &[
                "shall we do {food} {day}?",
                "my turn to cook {day}, {food}?",
            ],
        ),
        (B, &["yes please", "I'll bring pudding"]),
    ],
    &[
        (
            A,
            &[
                "my neighbour is drilling AGAIN",
                "the kids next door have a drum kit now",
            ],
        ),
        (B, &["noooo", "{lol} earplugs"]),
    ],
    &[
        (
            A,
            &[
                "can I borrow your big pan {day}?",
                "do you still have that tent?",
            ],
        ),
        (
            B,
            &[
                "course, I'll drop it round",
                "yes it's in the loft, I'll dig it out",
            ],
        ),
        (A, &["you're a star", "legend"]),
    ],
    &[
        (
            A,
            &[
                "guess who I saw at {place}",
                "you'll never guess who I bumped into",
            ],
        ),
        (B, &["who??", "go on"]),
        (A, &["{name} from school!", "{name}, with a new haircut"]),
        (B, &["no way, how are they?", "{lol} the state of it?"]),
    ],
    &[
        (A, &["<media>"]),
        (
            A,
            &[
                "made {food} from scratch",
                "new plant, don't let me kill it",
            ],
        ),
        (B, &["impressive!", "it's doomed {lol}"]),
    ],
    &[
        (A, &["can't sleep", "why am I still awake"]),
        (B, &["same, it's too hot", "put your phone down {lol}"]),
    ],
];

const TEEN_OPEN: &[Block] = &[
    &[
        (A, &["heyy", "yo", "u there", "hiii"]),
        (B, &["hey", "ye", "wassup", "hiya"]),
    ],
    &[
        (A, &["did u get home ok", "was that u on the bus"]),
        (B, &["yeah", "{lol} yeah i saw u"]),
    ],
];

const TEEN_FILLER: &[Block] = &[
    &[
        (
            A,
            &[
                "did u do the {subject} homework",
                "whats the {subject} homework again",
            ],
        ),
        (B, &["nope not yet", "worksheet on the thing we did today"]),
        (A, &["its due {day} 😭", "the one with the graph?"]),
        (B, &["ill do it on the bus", "ye that one"]),
    ],
    &[
        (
            A,
            &[
                "{teacher} was so annoying today",
                "cant believe {teacher} moved my seat",
            ],
        ),
        (B, &["ikr", "{lol} i saw"]),
    ],
    &[
        (A, &["u playing {game} later", "on {game} tonight?"]),
        (B, &["yeah after tea", "maybe if my mum lets me"]),
        (A, &["bet", "ok add me"]),
    ],
    &[
        (A, &["did u see what happened at lunch", "omg lunch today"]),
        (B, &["no what", "{lol} yes"]),
        (
            A,
            &["someone set off the fire alarm {lol}", "the tray thing 😂"],
        ),
        (B, &["no wayyy", "im crying"]),
    ],
    &[
        (
            A,
            &[
                "this song is stuck in my head",
                "cant stop listening to {song}",
            ],
        ),
        (B, &["which one", "same"]),
        (A, &["{song}", "its so good"]),
        (B, &["noo now its in mine", "tune"]),
    ],
    &[
        (
            A,
            &["coming to the park {day}?", "going town {day} u coming"],
        ),
        (B, &["maybe, whos going", "depends whos going"]),
        (A, &["{name} and {name2}", "everyone"]),
        (B, &["ok yeah", "ill ask my mum"]),
    ],
    &[
        (A, &["im so bored", "this is the longest day ever"]),
        (B, &["same", "me too"]),
    ],
    &[
        (
            A,
            &[
                "my mum took my phone last night {lol}",
                "got my phone taken off me again",
            ],
        ),
        (B, &["why", "what did u do"]),
        (A, &["stayed up too late", "didnt do my chores"]),
    ],
    &[
        (A, &["<media>"]),
        (A, &["look at this meme 😂", "this is so u"]),
        (B, &["HAHAHA", "{lol}", "stoppp"]),
    ],
    &[
        (
            A,
            &["bus was so packed this morning", "missed the bus again"],
        ),
        (B, &["ugh i had to stand", "{lol} again??"]),
    ],
    &[
        (
            A,
            &[
                "are u going to {name}'s party",
                "whats everyone wearing to the party",
            ],
        ),
        (B, &["yeah if my dad drives me", "idk jeans"]),
    ],
    &[
        (A, &["have u revised for the test", "test {day} 😭"]),
        (B, &["no", "i know 😭"]),
        (A, &["were doomed", "same"]),
    ],
    &[(X, &["{lol}", "ye", "true", "fr", "omg", "wait what", "💀"])],
    &[
        (
            A,
            &[
                "whats the wifi password at urs again",
                "can i borrow ur charger tmrw",
            ],
        ),
        (B, &["its on the fridge {lol}", "ye remind me"]),
    ],
    &[
        (
            A,
            &[
                "{name} is so annoying in {subject}",
                "{name} keeps copying my answers",
            ],
        ),
        (B, &["ignore them", "{lol} tell sir"]),
    ],
    &[
        (
            A,
            &["did u get ur results back", "what did u get on the test"],
        ),
        (B, &["a 6!!", "dont ask 💀"]),
        (A, &["well done!!", "same {lol}"]),
    ],
    &[
        (
            A,
            &[
                "my brother ate my pizza",
                "my sister borrowed my hoodie AGAIN",
            ],
        ),
        (B, &["{lol} justice for u", "classic"]),
    ],
    &[
        (A, &["r u walking in tmrw", "meet at the corner tmrw?"]),
        (B, &["ye 8.15", "ye usual time"]),
    ],
    &[
        (A, &["have u seen {show}", "watching {show} rn"]),
        (B, &["yesss its so good", "no is it good"]),
        (A, &["the ending omg", "watch it"]),
    ],
];

const FAMILY_OPEN: &[Block] = &[
    &[
        (
            A,
            &[
                "morning love, have a good day{emo}",
                "you up?",
                "where are you?",
            ],
        ),
        (B, &["u too", "yep", "on the bus"]),
    ],
    &[
        (B, &["whats for tea", "can you pick me up later"]),
        (A, &["{food}", "what time?"]),
    ],
];

const FAMILY_FILLER: &[Block] = &[
    &[
        (A, &["what time will you be home?", "home for tea?"]),
        (B, &["about {clock}", "yeah"]),
        (A, &["ok tea's at {clock2}", "ok"]),
    ],
    &[
        (
            A,
            &[
                "can you get milk on the way back",
                "grab bread from the shop please",
            ],
        ),
        (B, &["yep how many", "ok"]),
        (A, &["2 big ones please", "thanks love"]),
    ],
    &[
        (
            A,
            &["did you take your {thing}?", "have you got your {thing}?"],
        ),
        (B, &["yes", "forgot 🙈"]),
        (A, &["good", "honestly"]),
    ],
    &[
        (
            B,
            &[
                "can I go to {name}'s after school?",
                "can {name} come round?",
            ],
        ),
        (
            A,
            &["have you done your homework?", "whose mum is picking up?"],
        ),
        (B, &["most of it", "hers"]),
        (A, &["ok but back by {clock}", "fine"]),
    ],
    &[
        (
            A,
            &["{chore} please before I get home", "can you do {chore}"],
        ),
        (B, &["ok", "why me"]),
        (A, &["thank you", "because I said so 😂"]),
    ],
    &[
        (B, &["whats for tea", "im starving"]),
        (A, &["{food}", "there's {food} in the fridge"]),
        (B, &["yesss", "again??"]),
    ],
    &[
        (
            A,
            &[
                "grandma says thank you for the card",
                "nan rang, she says hi",
            ],
        ),
        (B, &["aw", "tell her hi back"]),
    ],
    &[
        (
            A,
            &[
                "dentist {day} at {clock}, don't forget",
                "parents evening is {day}",
            ],
        ),
        (B, &["ok", "noooo"]),
    ],
    &[
        (
            B,
            &[
                "can you transfer me {money} for the trip",
                "can I have {money} for lunch",
            ],
        ),
        (A, &["done. what's it for again?", "sent"]),
        (B, &["the museum trip", "thank you"]),
    ],
    &[
        (A, &["are you on the bus?", "you on your way?"]),
        (B, &["yeah be 20 mins", "just left"]),
    ],
    &[
        (A, &["love you, have a good day x", "good luck today x"]),
        (B, &["love you too", "thanks"]),
    ],
    &[
        (B, &["<media>"]),
        (B, &["look what I made in {subject}", "got a merit"]),
        (A, &["that's brilliant!! 😍", "so proud of you"]),
    ],
    &[
        (A, &["have you fed {pet}?", "did you walk {pet}?"]),
        (B, &["yes", "doing it now"]),
    ],
    &[
        (A, &["where's the remote", "have you seen my keys"]),
        (B, &["no idea", "on the side"]),
    ],
    &[
        (
            A,
            &[
                "can you put the oven on at {clock}?",
                "take the chicken out of the freezer please",
            ],
        ),
        (B, &["what temperature", "ok"]),
        (A, &["200, thanks love", "thank you"]),
    ],
    &[
        (
            B,
            &[
                "can I stay up to watch {show}",
                "can I have a friend over {day}",
            ],
        ),
        (A, &["if your room's tidy", "ask your dad"]),
        (B, &["it is!!", "he said ask you 🙄"]),
    ],
    &[
        (
            A,
            &[
                "your nan's coming for tea {day}",
                "we're going to see grandad {day}",
            ],
        ),
        (B, &["ok", "do I have to come"]),
        (A, &["be nice", "yes {lol}"]),
    ],
    &[
        (B, &["i've lost my {thing}", "my {thing} is broken"]),
        (A, &["look in the car", "we'll sort it at the weekend"]),
        (B, &["found it", "ok"]),
    ],
];

const WORK_OPEN: &[Block] = &[&[
    (
        A,
        &["morning, are you in today?", "hi, quick one", "morning all"],
    ),
    (B, &["yes from {clock}", "go on", "morning"]),
]];

const WORK_FILLER: &[Block] = &[
    &[
        (A, &["are you in today?", "are you on {day}?"]),
        (B, &["yeah from {clock}", "no, back {day2}"]),
        (
            A,
            &[
                "great, can you cover the front desk at lunch?",
                "ok no worries",
            ],
        ),
        (B, &["sure", ""]),
    ],
    &[
        (
            A,
            &["did the client get back to you?", "any news on {work}?"],
        ),
        (B, &["not yet, I'll chase", "yes, all approved"]),
    ],
    &[
        (
            A,
            &["meeting moved to {clock}", "{club} is at {clock} today"],
        ),
        (B, &["thanks for the heads up", "👍"]),
    ],
    &[
        (
            A,
            &[
                "can you check {work} before I send it?",
                "have you got a sec to look at {work}",
            ],
        ),
        (B, &["yep give me 10 mins", "sure"]),
        (B, &["looks good, one typo on page 2", "all fine"]),
        (A, &["legend", "thanks"]),
    ],
    &[
        (
            B,
            &["printer's jammed again", "the coffee machine is broken"],
        ),
        (A, &["of course it is", "nooo"]),
    ],
    &[
        (
            A,
            &[
                "swap shifts {day}? I've got a dentist appointment",
                "can anyone cover {day} morning?",
            ],
        ),
        (B, &["yeah fine, I'll take your early", "I can do it"]),
        (A, &["owe you one", "thank you!"]),
    ],
    &[
        (A, &["coffee?", "tea run, want one?"]),
        (B, &["always", "yes please, milk no sugar"]),
    ],
    &[
        (
            A,
            &[
                "don't forget timesheets are due {day}",
                "reminder: holiday requests by {day}",
            ],
        ),
        (B, &["ugh thanks", "done"]),
    ],
    &[
        (
            B,
            &["running late, train's delayed", "stuck in traffic, 15 mins"],
        ),
        (A, &["no worries", "ok"]),
    ],
    &[(X, &["👍", "thanks", "cheers", "noted"])],
    &[
        (
            A,
            &[
                "the new starter is in {day}, can you show them round?",
                "can you do the induction {day}?",
            ],
        ),
        (B, &["sure, what time?", "yes no problem"]),
        (A, &["{clock}", "thanks!"]),
    ],
    &[
        (
            A,
            &[
                "who left the fridge open",
                "whose lunch is in the microwave",
            ],
        ),
        (B, &["not me {lol}", "oops mine"]),
    ],
    &[
        (A, &["system's down again", "can't log in, is it just me?"]),
        (
            B,
            &["same here, IT are on it", "works for me, try restarting"],
        ),
    ],
];

const GROUP_OPEN: &[Block] = &[&[
    (
        A,
        &[
            "Hi all, made a group for {club} 😊",
            "Evening everyone! Group for {club}",
        ],
    ),
    (M, &["👍", "great idea", "hi all"]),
    (M, &["hello!", "", "👋"]),
]];

const GROUP_FILLER: &[Block] = &[
    &[
        (
            A,
            &[
                "reminder: {club} {day} at {clock}, {place}",
                "{club} is on {day}, {clock}",
            ],
        ),
        (M, &["👍", "great"]),
        (
            M,
            &[
                "I'll be there",
                "might be late",
                "can't make it this week sorry",
            ],
        ),
    ],
    &[
        (M, &["anyone got a lift going?", "is anyone driving {day}?"]),
        (X, &["I can take 2", "I can pick you up from {place}"]),
        (M, &["yes please!", "amazing thank you"]),
    ],
    &[
        (A, &["who's in for {day}?", "numbers for {day} please"]),
        (M, &["me", "yes"]),
        (M, &["me too", "+1"]),
        (M, &["can't this week sorry", ""]),
    ],
    &[
        (X, &["<media>"]),
        (X, &["from last week 😂", "what a day"]),
        (X, &["love it", "brilliant"]),
    ],
    &[
        (
            M,
            &["what are we doing next time?", "any ideas for next month?"],
        ),
        (
            M,
            &[
                "something lighter please",
                "I vote the one {name} suggested",
            ],
        ),
        (A, &["ok, let's decide {day}", "I'll do a poll"]),
    ],
    &[
        (
            A,
            &[
                "subs are {money} this month, pay me whenever",
                "{money} each for the booking please",
            ],
        ),
        (M, &["sent", "will do friday"]),
        (M, &["done 👍", ""]),
    ],
    &[
        (
            X,
            &[
                "happy birthday {name}!! 🎉",
                "happy birthday to our {name} 🎂",
            ],
        ),
        (X, &["happy birthday!!", "🎉🎉"]),
        (X, &["thanks all 😊", ""]),
    ],
    &[
        (
            M,
            &[
                "is it still on with this weather?",
                "is {place} open {day}?",
            ],
        ),
        (A, &["yes unless it's thunder", "yes, checked this morning"]),
    ],
    &[
        (
            M,
            &[
                "left my water bottle there, anyone seen it?",
                "has anyone got a spare charger, I left mine",
            ],
        ),
        (X, &["I've got it, will bring it next time", "no sorry"]),
    ],
    &[
        (
            M,
            &[
                "running late, start without me",
                "stuck at {place}, 10 mins",
            ],
        ),
        (X, &["no worries", "👍"]),
    ],
    &[(X, &["{lol}", "😂", "classic", "true", "👍", "haha yes"])],
    &[
        (M, &["that was so much fun today", "thanks for organising"]),
        (X, &["agreed, same time next month?", "yes!!"]),
        (X, &["I'm in", ""]),
    ],
    &[
        (
            M,
            &["did anyone else get soaked?", "my legs are dead {lol}"],
        ),
        (X, &["drenched", "same 😂"]),
    ],
    &[
        (
            A,
            &[
                "new member joining {day}, be nice 😄",
                "{name} is joining us from {day}",
            ],
        ),
        (M, &["welcome!", "the more the merrier"]),
    ],
    &[
        (
            M,
            &[
                "can someone send the address again?",
                "where are we meeting again?",
            ],
        ),
        (
            A,
            &[
                "{place}, by the main entrance",
                "same as last time, {place}",
            ],
        ),
        (M, &["thanks", "👍"]),
    ],
    &[
        (M, &["I'll bring snacks", "who's bringing the cake?"]),
        (X, &["hero", "me!"]),
    ],
];

const FAMILY_GROUP_OPEN: &[Block] = &[&[
    (
        A,
        &[
            "Made a group so we can sort {club}",
            "Hello all, family group!",
        ],
    ),
    (M, &["hello!", "👋", "finally"]),
]];

const FAMILY_GROUP_FILLER: &[Block] = &[
    &[
        (X, &["Sunday lunch at ours?", "{club} at ours {day}?"]),
        (X, &["yes!", "we're in"]),
        (X, &["what can we bring?", "what time?"]),
        (A, &["pudding", "{clock}, bring chairs"]),
    ],
    &[
        (X, &["<media>"]),
        (X, &["the kids at the beach", "look who's walking!"]),
        (X, &["gorgeous!", "😍😍"]),
    ],
    &[
        (X, &["has anyone heard from {name}?", "how's nan doing?"]),
        (
            X,
            &["spoke to her yesterday, she's fine", "better, home {day}"],
        ),
    ],
    &[
        (
            X,
            &[
                "card going round for grandma's birthday",
                "collection for the present, {money} each?",
            ],
        ),
        (X, &["sent", "I'll give you cash {day}"]),
    ],
    &[
        (
            X,
            &[
                "who's driving {day}?",
                "can someone pick me up from {place}?",
            ],
        ),
        (X, &["I can", "I'll pick you up from {place} at {clock}"]),
    ],
    &[(X, &["{lol}", "😂", "love you all", "x"])],
    &[
        (
            X,
            &[
                "does anyone have the recipe for nan's cake?",
                "who's got the big gazebo?",
            ],
        ),
        (X, &["I'll send a photo of it", "it's in our garage"]),
    ],
];

const NEIGHBOUR_OPEN: &[Block] = &[&[
    (
        A,
        &[
            "Hi, it's {me} from next door 😊",
            "Hi, it's {me} from across the road",
        ],
    ),
    (B, &["Hi! Thanks for messaging", "Oh hi"]),
]];

const NEIGHBOUR_FILLER: &[Block] = &[
    &[
        (
            A,
            &[
                "your parcel came to ours, I'll drop it over",
                "got a parcel for you",
            ],
        ),
        (B, &["thank you so much!", "oh lovely, thanks"]),
    ],
    &[
        (A, &["is it bin day {day}?", "which bin is it this week?"]),
        (B, &["yes, green one", "recycling this week"]),
    ],
    &[
        (
            A,
            &[
                "we're having work done {day}, sorry in advance for the noise",
                "skip arriving {day}",
            ],
        ),
        (B, &["no problem, thanks for letting us know", "good luck!"]),
    ],
    &[
        (
            B,
            &[
                "have you seen a grey cat in your garden?",
                "is that your cat on our shed?",
            ],
        ),
        (A, &["no but I'll keep an eye out", "yes he's ours sorry!"]),
    ],
    &[
        (
            A,
            &[
                "could you keep an eye on the house {day}? we're away",
                "are you around {day}? need to borrow a ladder",
            ],
        ),
        (B, &["of course", "yes, knock anytime"]),
    ],
];

// ---------------------------------------------------------------------------------------
// Hard negatives: shared vocabulary, benign behaviour
// ---------------------------------------------------------------------------------------

const PICKUP_KEYS: &[&[Block]] = &[
    &[
        &[
            (
                A,
                &[
                    "what time does practice finish?",
                    "what time are you finished {day}?",
                ],
            ),
            (B, &["{clock}", "about {clock} i think"]),
            (
                A,
                &[
                    "ok I'll pick you up from the station",
                    "I'll pick you up from the car park, wait inside",
                    "I'll come get you from {place}",
                ],
            ),
            (B, &["ok", "thanks"]),
        ],
        &[
            (
                B,
                &[
                    "can you come get me? bus didn't come",
                    "can u pick me up from {place}",
                ],
            ),
            (
                A,
                &[
                    "on my way, wait inside {place}",
                    "give me 10 mins, stay where it's light",
                ],
            ),
            (B, &["ok", "thank u"]),
        ],
    ],
    &[
        &[
            (
                A,
                &[
                    "can you send me a pic of the bus timetable?",
                    "send me a photo of the timetable on the wall please",
                ],
            ),
            (B, &["<media>"]),
            (A, &["thanks love", "perfect thanks"]),
        ],
        &[
            (
                A,
                &[
                    "send me a pic of the permission slip so I can sign it online",
                    "can you send me a photo of the letter about the trip",
                ],
            ),
            (B, &["<media>"]),
            (B, &["theres 2 pages", ""]),
            (A, &["got it x", "thanks"]),
        ],
        &[
            (
                A,
                &[
                    "send me a pic of your homework sheet, I'll print it at work",
                    "send a pic of the shopping list on the fridge",
                ],
            ),
            (B, &["<media>"]),
            (A, &["thanks", "👍"]),
        ],
    ],
    &[
        &[
            (
                A,
                &[
                    "are you on your own at the station? dad's running late",
                    "are you alone? dad's stuck in traffic",
                ],
            ),
            (B, &["no {name}'s with me", "yeah but its fine"]),
            (
                A,
                &[
                    "ok stay together, 10 mins",
                    "stay inside where it's busy, nearly there",
                ],
            ),
        ],
        &[
            (
                A,
                &[
                    "are you home alone? I'm late, there's pizza in the freezer",
                    "is anyone home with you?",
                ],
            ),
            (B, &["yeah", "{name}'s here"]),
            (
                A,
                &["lock the door and I'll be back by {clock}", "ok, back soon"],
            ),
        ],
    ],
    &[
        &[
            (
                A,
                &["don't forget your coat", "take your coat it's freezing"],
            ),
            (B, &["i wont", "ok"]),
        ],
        &[
            (
                A,
                &[
                    "delete that game it's eating all your data",
                    "that app keeps pinging at night, delete it please",
                ],
            ),
            (B, &["ugh fine", "ok"]),
        ],
        &[
            (
                A,
                &[
                    "I'll top up your phone tonight",
                    "topped up your phone, don't spend it all on games",
                ],
            ),
            (B, &["thank u", "ty"]),
        ],
    ],
];

const TEEN_PHOTO_KEYS: &[&[Block]] = &[
    &[
        &[
            (
                A,
                &[
                    "send me a pic of the dress",
                    "send me a pic of ur outfit for the party",
                    "send a pic of the shoes",
                ],
            ),
            (B, &["<media>"]),
            (A, &["omg its so nice", "STUNNING", "obsessed"]),
            (B, &["u sure??", "{lol} thanks"]),
        ],
        &[
            (B, &["<media>"]),
            (B, &["new haircut what do u think", "be honest"]),
            (A, &["suits u", "love it"]),
        ],
        &[
            (
                A,
                &["send me a pic of ur new trainers", "pic of the cake pls"],
            ),
            (B, &["<media>"]),
            (A, &["clean", "want"]),
        ],
    ],
    &[
        &[
            (
                A,
                &[
                    "dont tell my mum about the party",
                    "dont tell my mum i was at the park",
                ],
            ),
            (B, &["i wont {lol}", "obviously"]),
        ],
        &[
            (
                A,
                &["dont tell anyone i like {name}", "keep it a secret ok"],
            ),
            (B, &["my lips are sealed", "who would i tell {lol}"]),
        ],
    ],
    &[&[
        (A, &["add me on {app}", "r u on {app}"]),
        (B, &["whats ur name on it", "yeah add me"]),
        (A, &["same as here", "sent u a request"]),
    ]],
    &[&[
        (
            A,
            &[
                "delete that pic of me its so bad",
                "delete the video from earlier pls",
            ],
        ),
        (B, &["nooo its funny", "never"]),
        (A, &["DELETE IT", "pleaseee"]),
        (B, &["fine 😂", "done"]),
    ]],
    &[
        &[
            (
                A,
                &["meet at the park after school?", "meet at {place} {day}?"],
            ),
            (B, &["yeah with {name}", "ok what time"]),
            (A, &["ok", "{clock}"]),
        ],
        &[
            (
                A,
                &[
                    "u alone? can i ring u about the homework",
                    "r u alone, can i call u",
                ],
            ),
            (B, &["yeah", "give me 5 mins"]),
        ],
    ],
];

const DATING_OPEN: &[Block] = &[&[
    (
        A,
        &[
            "Hey, {me} from the app 👋 thought it'd be easier to chat here",
            "Hi! It's {me} from the app",
        ],
    ),
    (
        B,
        &[
            "Hi! Yes much easier, that app keeps logging me out",
            "hey! good idea",
        ],
    ),
]];

const DATING_FILLER: &[Block] = &[
    &[
        (
            A,
            &[
                "so what do you do when you're not swiping?",
                "how was work?",
            ],
        ),
        (B, &["I'm a nurse, so mostly sleeping 😅", "long day, you?"]),
        (
            A,
            &[
                "ha fair, I'm an accountant. I know, thrilling",
                "same, rota chaos",
            ],
        ),
    ],
    &[
        (A, &["what are you up to this weekend?", "any plans {day}?"]),
        (B, &["seeing my sister, you?", "nothing much"]),
        (A, &["football then sofa", "same"]),
    ],
    &[
        (
            A,
            &["favourite food, go", "best place for {food} round here?"],
        ),
        (B, &["{food}, always", "the place by {place}"]),
        (A, &["good answer", "noted"]),
    ],
    &[
        (A, &["good morning{emo}", "morning! sleep ok?"]),
        (B, &["morning!", "not really, neighbours 🙄"]),
    ],
    &[(X, &["haha", "😂", "that's fair", "I like that"])],
    &[
        (A, &["cats or dogs?", "beach or mountains?"]),
        (B, &["dogs, obviously", "mountains"]),
        (A, &["correct", "we can't be friends {lol}"]),
    ],
    &[
        (A, &["how was your {day}?", "how did the big meeting go?"]),
        (
            B,
            &[
                "lovely, went to {place} with my sister",
                "fine! glad it's over",
            ],
        ),
    ],
];

const DATING_KEYS: &[&[Block]] = &[
    &[
        &[
            (
                A,
                &[
                    "can you send me a pic of that dog from your profile? he looked hilarious",
                    "send me a pic of your cat, I need to see him",
                ],
            ),
            (B, &["<media>"]),
            (B, &["he's an idiot", "here he is"]),
            (A, &["I love him already", "perfect"]),
        ],
        &[
            (
                A,
                &[
                    "send one of you too? your profile pics are all sunglasses 😂",
                    "send me a pic of you?",
                ],
            ),
            (B, &["<media>"]),
            (B, &["happy now?", "there you go"]),
            (A, &["very 😊", "much better"]),
        ],
    ],
    &[
        &[
            (
                A,
                &[
                    "would you want to meet up? drink on {day}?",
                    "shall we meet? coffee {day}?",
                ],
            ),
            (B, &["yes! where?", "I'd like that, where?"]),
            (
                A,
                &[
                    "the bar near the station? I can meet you outside at {clock}",
                    "the cafe by {place}, {clock}?",
                ],
            ),
            (B, &["perfect", "see you there"]),
        ],
        &[
            (
                A,
                &[
                    "I can pick you up from the station if you like",
                    "want me to pick you up?",
                ],
            ),
            (B, &["that'd be lovely", "I'll get the bus, but thanks"]),
        ],
    ],
    &[&[
        (
            B,
            &[
                "don't tell my friends yet lol, they'll want a full report",
                "keep it between us for now? my sister will never let it go",
            ],
        ),
        (A, &["ha my lips are sealed", "our secret 🤐"]),
    ]],
    &[&[
        (
            A,
            &[
                "are you alone? can I call you",
                "you free for a video call?",
                "camera on? want to see your face",
            ],
        ),
        (
            B,
            &[
                "yeah give me 5 mins",
                "flatmate's in but sure",
                "give me a sec to find my good side {lol}",
            ],
        ),
    ]],
    &[&[
        (
            A,
            &[
                "add me on the other app, this one keeps logging me out",
                "shall we move to {app}?",
            ],
        ),
        (B, &["done", "sure, same name"]),
    ]],
    &[
        &[
            (
                A,
                &["I had a really nice time tonight", "tonight was great"],
            ),
            (B, &["me too. get home ok?", "same 😊 home safe?"]),
            (A, &["yes, taxi dropped me at the door", "yep"]),
        ],
        &[
            (
                A,
                &[
                    "delete that pic, I look awful",
                    "please delete the photo from the bar",
                ],
            ),
            (B, &["never 😂", "fine, deleted"]),
        ],
    ],
];

const DATING_AGES_A: &[&str] = &[
    "random q but your profile said {yourage}, I'm {myage} in case you wondered",
    "how old are you btw? I'm {myage}",
    "I'm {myage} by the way, you?",
];

const DATING_AGES_B: &[&str] = &[
    "{myage}, so we're fine 😂",
    "I'm {myage}",
    "{myage}! age is just a number anyway lol",
];

const GAMER_OPEN: &[Block] = &[&[
    (A, &["gg that last round", "gg", "nice clutch"]),
    (B, &["gg you carried", "ty", "lucky"]),
]];

const GAMER_FILLER: &[Block] = &[
    &[
        (A, &["new patch ruined my main", "did u see the update"]),
        (B, &["same, they nerfed everything", "yeah its a mess"]),
    ],
    &[
        (A, &["ranked tonight?", "u on later"]),
        (B, &["yeah {clock}", "after the kids are in bed"]),
        (A, &["bet", "ok"]),
    ],
    &[
        (
            A,
            &[
                "that lobby was full of kids {lol}",
                "why is everyone so toxic today",
            ],
        ),
        (B, &["muted them all", "{lol} every time"]),
    ],
    &[
        (
            A,
            &["need one more for the squad", "{name} is joining later"],
        ),
        (B, &["ill ask my mate", "cool"]),
    ],
    &[(X, &["gg", "{lol}", "ez", "rip", "nice"])],
    &[
        (
            A,
            &[
                "work was long, need to shoot something",
                "finally off shift",
            ],
        ),
        (B, &["same, on in 10", "hop on"]),
    ],
    &[
        (A, &["that last map is cursed", "who designed that boss"]),
        (B, &["worst map in the game", "took us 6 tries {lol}"]),
    ],
];

const GAMER_KEYS: &[&[Block]] = &[
    &[&[
        (
            A,
            &[
                "add me on discord, easier for voice",
                "we should use discord for voice",
            ],
        ),
        (B, &["whats ur tag", "sure"]),
        (A, &["same as here", "sent"]),
        (B, &["accepted", ""]),
    ]],
    &[&[
        (A, &["send me a pic of ur setup", "pic of the new desk?"]),
        (B, &["<media>"]),
        (A, &["clean 🔥", "jealous"]),
    ]],
    &[&[
        (
            A,
            &[
                "dont tell my wife ive been up till 2 playing",
                "dont tell my partner i bought another skin",
            ],
        ),
        (B, &["{lol} secret's safe", "ha my lips are sealed"]),
    ]],
    &[&[
        (
            A,
            &[
                "ill get u the battle pass if we win this bet",
                "lost the bet, sending u a gift card",
            ],
        ),
        (B, &["deal", "ty"]),
    ]],
];

const AGE_ASK: &[&str] = &[
    "how old r u btw",
    "wait how old are you",
    "asl lol",
    "how old are u again",
];

const AGE_ANSWER_ASK_BACK: &[&str] = &[
    "{myage}, u?",
    "{myage} lol why",
    "im {myage}, you?",
    "{myage}. you?",
];

const AGE_SAME: &[&str] = &["same!!", "{myage} too", "ha same age"];

const AGE_TELL: &[&str] = &[
    "{myage}",
    "im {myage}",
    "ha im {myage}",
    "{myage} in a few weeks",
];

const COACH_OPEN: &[Block] = &[&[
    (
        A,
        &[
            "Evening all. Summer training:\nTuesdays {clock}\nSaturdays {clock2}\nWater and shin pads please",
            "Hi all, welcome to the {club} group! Training {day} at {clock}",
        ],
    ),
    (M, &["👍", "thanks coach"]),
    (M, &["Will do", ""]),
]];

const COACH_FILLER: &[Block] = &[
    &[
        (
            A,
            &[
                "reminder: training {day} at {clock}",
                "training is on tonight, {clock}",
            ],
        ),
        (M, &["👍", "thanks"]),
        (M, &["{kid} will be a bit late", ""]),
    ],
    &[
        (
            M,
            &["is it still on with this rain?", "are we training {day}?"],
        ),
        (A, &["yes, indoors", "yes unless it's thunder"]),
    ],
    &[
        (
            M,
            &[
                "can anyone give {kid} a lift {day}?",
                "lift share for {day}?",
            ],
        ),
        (M, &["we can take her", "I've got space for 2"]),
    ],
    &[
        (
            M,
            &[
                "coach can we do penalties on {day}",
                "can we do a match next time",
            ],
        ),
        (A, &["if everyone's on time 😄", "we'll see"]),
    ],
    &[
        (
            A,
            &[
                "well done today everyone, so proud of you all",
                "great effort today team",
            ],
        ),
        (M, &["they loved it", "👏👏"]),
    ],
    &[(M, &["{lol}", "👍", "thanks coach", "brilliant"])],
    &[
        (
            M,
            &[
                "does anyone have spare shin pads?",
                "what size are the club shirts?",
            ],
        ),
        (M, &["we've got a spare pair", "they come up small"]),
    ],
    &[
        (
            A,
            &["fixtures for next month attached", "new fixtures are out"],
        ),
        (A, &["<media>"]),
        (M, &["thanks", "👍"]),
    ],
];

const COACH_KEYS: &[&[Block]] = &[
    &[&[
        (
            A,
            &[
                "parents, please send me a photo of the signed consent form by {day}",
                "still missing 2 consent forms. please send a photo of it to me or to {name} (welfare officer)",
            ],
        ),
        (M, &["<media>"]),
        (M, &["form for {kid}", "sorry for the delay"]),
        (A, &["thanks", "got it, thanks"]),
    ]],
    &[&[
        (
            A,
            &[
                "minibus leaves from the station car park at {clock}, please be on time",
                "meet at the station at {clock} for the away game",
            ],
        ),
        (M, &["can {kid} be dropped at the ground instead?", "👍"]),
        (A, &["no problem, just let me know on the day", "👍"]),
    ]],
    &[&[
        (
            A,
            &[
                "tonight cancelled, pitch is waterlogged. sorry all",
                "no training {day}, facility closed",
            ],
        ),
        (
            M,
            &["thanks for letting us know", "😩 she's already in her kit"],
        ),
    ]],
    &[&[
        (
            A,
            &[
                "team photo {day}, bring the club hoodie",
                "kit money {money} to me or to {name} please",
            ],
        ),
        (M, &["will do", "sent"]),
    ]],
    &[&[
        (
            A,
            &[
                "please don't post the team photos publicly, some parents haven't consented",
                "if your child is staying late, please make sure someone picks them up",
            ],
        ),
        (M, &["of course", "👍"]),
    ]],
];

const WORK_KEYS: &[&[Block]] = &[
    &[&[
        (
            A,
            &[
                "send me a pic of the receipt for the taxi so I can claim it",
                "can you send a pic of the receipt please",
                "send me a photo of the delivery note",
            ],
        ),
        (B, &["<media>"]),
        (A, &["got it, thanks", "perfect"]),
    ]],
    &[&[
        (
            A,
            &[
                "meet at the station at {clock} for the site visit",
                "I'll pick you up from the station for the client meeting",
            ],
        ),
        (B, &["ok see you there", "great thanks"]),
    ]],
    &[&[
        (
            A,
            &[
                "don't tell the manager but I'm leaving early",
                "keep it between us, I'm applying elsewhere",
            ],
        ),
        (B, &["lips sealed", "your secret's safe"]),
    ]],
    &[&[
        (
            A,
            &[
                "delete that spreadsheet I sent, wrong version",
                "please delete my last email, sent it to the wrong person",
            ],
        ),
        (B, &["done", "deleted"]),
    ]],
    &[&[
        (
            A,
            &[
                "are you alone in the office? can I call",
                "you free? quick call",
            ],
        ),
        (B, &["yeah ring me", "5 mins"]),
    ]],
];

const PARTY_OPEN: &[Block] = &[&[
    (
        A,
        &[
            "ok so about mum's birthday...",
            "right, surprise party planning time 🎉",
            "need your help with something",
        ],
    ),
    (B, &["go on", "omg yes", "what"]),
]];

const PARTY_KEYS: &[&[Block]] = &[
    &[&[
        (
            A,
            &[
                "DON'T tell mum about the party!!",
                "remember not a word to dad about saturday",
            ],
        ),
        (B, &["i wont!!", "as if"]),
    ]],
    &[&[
        (
            A,
            &[
                "delete these messages in case she picks up your phone",
                "delete this chat after, she reads my phone sometimes",
            ],
        ),
        (B, &["{lol} ok", "done"]),
    ]],
    &[&[
        (
            A,
            &[
                "it's a secret, she can't find out",
                "keep it secret till the day",
            ],
        ),
        (B, &["my lips are sealed 🤐", "obviously"]),
    ]],
    &[&[
        (
            A,
            &[
                "can you get her out of the house at {clock}?",
                "can you keep her busy {day}?",
            ],
        ),
        (B, &["I'll take her to {place}", "leave it with me"]),
    ]],
    &[&[
        (
            A,
            &[
                "send me a pic of the cake when it's ready",
                "send me a pic of the banner",
            ],
        ),
        (B, &["<media>"]),
        (A, &["amazing", "she'll love it"]),
    ]],
    &[&[
        (
            A,
            &[
                "I'll pick you up from the station on {day} and we'll set up",
                "meet me at the station, we'll get the balloons",
            ],
        ),
        (B, &["perfect", "ok what time"]),
    ]],
    &[&[
        (
            A,
            &[
                "chip in {money} for the present?",
                "I got her the necklace, you owe me {money}",
            ],
        ),
        (B, &["sent", "done"]),
    ]],
];

const RELATIVE_OPEN: &[Block] = &[&[
    (
        A,
        &[
            "Hello darling, it's {me} 😊",
            "Hi sweetheart, got this working at last!",
        ],
    ),
    (B, &["hiya", "hi!"]),
]];

const RELATIVE_FILLER: &[Block] = &[
    &[
        (A, &["how's school?", "how was your week?"]),
        (B, &["its ok", "good"]),
        (A, &["that's good to hear", "lovely"]),
    ],
    &[
        (A, &["<media>"]),
        (A, &["the garden is looking lovely", "look at {pet}"]),
        (B, &["aw", "nice"]),
    ],
    &[
        (A, &["give my love to your mum", "tell your dad to ring me"]),
        (B, &["ok i will", "ok"]),
    ],
    &[
        (
            A,
            &[
                "how do I do a video call again?",
                "can you see this message?",
            ],
        ),
        (B, &["press the camera button", "yes"]),
    ],
    &[
        (
            A,
            &[
                "what did you have for tea?",
                "are you being good for your mum?",
            ],
        ),
        (B, &["{food}", "yes {lol}"]),
    ],
];

const RELATIVE_KEYS: &[&[Block]] = &[
    &[&[
        (
            A,
            &[
                "send nan a photo of your certificate!",
                "send me a photo of your school report, your mum says it's great",
            ],
        ),
        (B, &["<media>"]),
        (A, &["so proud of you 😍", "well done darling"]),
    ]],
    &[&[
        (
            A,
            &[
                "I'll send you {money} for a new game, don't tell your mum I sent extra 😉",
                "there's {money} in your card for the holidays, our secret",
            ],
        ),
        (B, &["thank you!!", "thanks so much"]),
    ]],
    &[&[
        (
            A,
            &[
                "when are you coming to visit?",
                "come and stay in the holidays?",
            ],
        ),
        (B, &["mum says {day}", "yes please"]),
        (
            A,
            &[
                "I'll pick you up from the station",
                "I'll meet you off the train",
            ],
        ),
    ]],
    &[&[
        (
            A,
            &[
                "you're so grown up now",
                "you're so mature for your age, your mum must be proud",
            ],
        ),
        (B, &["{lol}", "thanks"]),
    ]],
];

const RELATIVE_AGE: &[&str] = &[
    "can't believe you're {yourage} already!",
    "{yourage} next week! what do you want for your birthday?",
];

const RELATIVE_AGE_REPLY: &[&str] = &["i know {lol}", "money lol", "idk, a game?"];

const SALE_OPEN: &[Block] = &[&[
    (
        A,
        &[
            "Hi, is {item} still for sale?",
            "Hi, saw your advert for {item}, is it still available?",
        ],
    ),
    (B, &["Yes it is", "Hi, yes still available"]),
]];

const SALE_FILLER: &[Block] = &[
    &[
        (A, &["what condition is it in?", "any marks or damage?"]),
        (B, &["good, a few scuffs", "like new, barely used"]),
    ],
    &[
        (A, &["would you take {money} less?", "is the price firm?"]),
        (B, &["could do a bit off for cash", "sorry, price is firm"]),
    ],
];

const SALE_KEYS: &[&[Block]] = &[
    &[&[
        (
            A,
            &[
                "could you send me a pic of it?",
                "can you send a pic of the back",
            ],
        ),
        (B, &["<media>"]),
        (A, &["looks great", "thanks, that's fine"]),
    ]],
    &[&[
        (
            A,
            &[
                "can we meet at the car park by {place}?",
                "could you meet me at the station?",
            ],
        ),
        (B, &["yeah {day} at {clock}", "sure, when?"]),
        (
            A,
            &[
                "great, just me coming, will bring cash",
                "{day} at {clock}?",
            ],
        ),
    ]],
    &[&[
        (
            B,
            &[
                "delete my address from your phone after please 😅",
                "please don't share my number",
            ],
        ),
        (A, &["of course", "no problem"]),
    ]],
];

// ---------------------------------------------------------------------------------------
// Grooming: an adult (A) and a young person (B); risk through behaviour only
// ---------------------------------------------------------------------------------------

const G_OPEN_STRANGER: &[Block] = &[
    &[
        (
            A,
            &[
                "hey its {me} from {game} 😊",
                "hey u the one from the dance vid?",
                "heyy saw ur comment on the video, ur funny",
                "hi its {me}, we met at the bus stop, you dropped your pass",
            ],
        ),
        (
            B,
            &[
                "oh hi",
                "who is this",
                "{lol} thanks",
                "oh hi. thanks for that",
            ],
        ),
        (
            A,
            &[
                "thanks for adding me",
                "{me} 😎 we follow each other",
                "",
                "no worries 😊",
            ],
        ),
    ],
    &[
        (
            A,
            &[
                "hiya, its {me} from {game}. thanks for the number, the comments were getting messy",
                "hey, got your number from the group, hope thats ok",
            ],
        ),
        (B, &["hi! yeah no worries", "oh ok hi"]),
    ],
];

const G_OPEN_COACH: &[Block] = &[&[
    (
        A,
        &[
            "good session tonight {you}, you ok? you seemed quiet",
            "well played today {you}, proud of you",
        ],
    ),
    (B, &["yeah just tired", "thanks coach"]),
    (
        A,
        &[
            "you know you can talk to me about anything",
            "you're the best on the team, don't tell the others i said that",
        ],
    ),
]];

const G_OPEN_TUTOR: &[Block] = &[&[
    (
        A,
        &[
            "well done today, your {subject} is really coming on",
            "great lesson today {you}",
        ],
    ),
    (B, &["thanks", "thank u"]),
    (
        A,
        &[
            "message me anytime if you're stuck, not just homework",
            "you can message me here, easier than through your mum",
        ],
    ),
]];

const G_OPEN_FAMILY_FRIEND: &[Block] = &[&[
    (
        A,
        &[
            "hiya {you}, your mum said you've got a new phone, saved my number?",
            "hey {you}, its {me}, your dad gave me your number",
        ],
    ),
    (B, &["hi", "oh hi ye"]),
    (
        A,
        &[
            "you can always talk to me you know",
            "message me if you ever need anything",
        ],
    ),
]];

const G_RAPPORT: &[Block] = &[
    &[
        (A, &["what u up to", "wyd", "what are you doing"]),
        (B, &["nothing", "homework", "watching tv"]),
        (
            A,
            &["sounds boring {lol}", "ugh homework", "what u watching"],
        ),
    ],
    &[
        (A, &["did u finish that drawing", "how's the drawing going"]),
        (B, &["yeah", "nearly"]),
        (B, &["<media>", ""]),
        (A, &["wow ur so talented", "the colours!! 😍"]),
    ],
    &[
        (A, &["how was school", "good day?"]),
        (B, &["boring", "not really"]),
        (A, &["what lessons did u have", "how come?"]),
        (B, &["{subject} and pe", "just tired"]),
    ],
    &[
        (A, &["u playing {game} tonight", "on later?"]),
        (B, &["maybe", "if i finish my homework"]),
        (A, &["ill be on at {clock}", "ok"]),
    ],
    &[
        (
            B,
            &["my mum shouted at me again", "my dad kicked off again"],
        ),
        (
            A,
            &[
                "thats rough. what about?",
                "sorry to hear that. what happened?",
            ],
        ),
        (B, &["my room", "school stuff"]),
        (A, &["shes too hard on u", "thats so unfair"]),
    ],
    &[
        (A, &["whats ur fav song atm", "seen {show}?"]),
        (B, &["{song}", "no whats that"]),
        (A, &["good taste", "u should watch it"]),
    ],
    &[
        (A, &["good night {you} x", "night x", "sleep well x"]),
        (B, &["night", ""]),
    ],
    &[
        (A, &["morning 😊", "hope u slept ok"]),
        (B, &["morning", "ye"]),
    ],
    &[
        (
            A,
            &["u get the bus home right?", "what time do u finish school"],
        ),
        (B, &["yeah", "{clock}"]),
        (A, &["thought so", "ok"]),
    ],
    &[(B, &["{lol}", "ok", "ye", "haha"])],
    &[
        (
            A,
            &["how did the {subject} test go", "did u get ur test back"],
        ),
        (B, &["badly {lol}", "a 5"]),
        (A, &["ur smarter than u think", "thats good!"]),
    ],
    &[
        (A, &["whats ur fav food", "what did u have for tea"]),
        (B, &["{food}", "{food}"]),
        (A, &["same!", "nice"]),
    ],
    &[
        (A, &["u been on {game} today", "saw u online earlier"]),
        (B, &["ye for a bit", "ye"]),
        (A, &["u should of messaged me", "why didnt u say hi"]),
    ],
    &[
        (A, &["what u doing at the weekend", "any plans {day}"]),
        (B, &["nothing", "going to my nans"]),
        (A, &["boring {lol}", "have fun"]),
    ],
    &[
        (A, &["did ur friends like the video", "how are ur friends"]),
        (B, &["ye", "ok i guess"]),
    ],
];

const G_FLATTERY: &[Block] = &[
    &[
        (
            A,
            &[
                "ur so mature for ur age",
                "u talk like a grown up",
                "ur not like other people ur age",
            ],
        ),
        (B, &["haha thanks", "{lol}", "really?"]),
    ],
    &[
        (
            A,
            &[
                "ur special u know that",
                "ur my favourite person to talk to",
                "talking to u is the best part of my day",
            ],
        ),
        (B, &["aw", "", "thanks"]),
    ],
    &[
        (
            A,
            &[
                "honestly ur more mature than my mates {lol}",
                "i feel like i can tell u anything",
            ],
        ),
        (B, &["haha", "same"]),
    ],
    &[
        (
            A,
            &[
                "u deserve someone who actually listens to u",
                "ur too good for those people",
            ],
        ),
        (B, &["maybe", "idk"]),
    ],
];

const G_RISK: &[Block] = &[
    &[
        (A, &["r ur parents home?", "are u alone?", "u alone rn?"]),
        (B, &["yeah mums at work", "my dads downstairs", "yeah"]),
        (A, &["good", "ok message me when hes gone", "ok"]),
    ],
    &[
        (
            A,
            &[
                "who reads ur phone? does ur mum check it?",
                "does anyone check ur phone?",
            ],
        ),
        (B, &["no she doesnt care", "sometimes"]),
        (A, &["good", "ok be careful then"]),
    ],
    &[
        (
            A,
            &[
                "whats ur passcode {lol} just wondering if ur mum knows it",
                "does ur mum know ur password?",
            ],
        ),
        (B, &["why", "no"]),
        (A, &["no reason", "good"]),
    ],
    &[
        (
            A,
            &[
                "what time does ur mum get home",
                "when do ur parents go to bed",
            ],
        ),
        (B, &["like {clock}", "idk late"]),
        (A, &["ok", "message me after"]),
    ],
];

const G_ISOLATION: &[Block] = &[
    &[
        (
            A,
            &[
                "ur parents dont get u like i do",
                "ur mum doesnt understand u",
            ],
        ),
        (B, &["yeah", "i guess"]),
    ],
    &[
        (
            A,
            &[
                "ur friends sound so immature tbh",
                "u dont need them, u have me",
            ],
        ),
        (B, &["theyre ok", "maybe"]),
    ],
    &[
        (
            A,
            &[
                "u can tell me anything, they wouldnt understand",
                "only i get u",
            ],
        ),
        (B, &["ok", "i know"]),
    ],
    &[
        (
            B,
            &["my dad says im useless", "nobody listens to me at home"],
        ),
        (
            A,
            &[
                "ur not. he just doesnt get u. not like i do",
                "i listen. always",
            ],
        ),
    ],
];

const G_SECRECY: &[Block] = &[
    &[
        (
            A,
            &[
                "dont tell ur mum about me ok",
                "keep this between us yeah",
                "ur my little secret",
            ],
        ),
        (B, &["ok", "why"]),
        (
            A,
            &["she wouldnt understand us", "people wouldnt get it", ""],
        ),
    ],
    &[
        (
            A,
            &[
                "delete this chat before u sleep",
                "delete our messages to be safe",
            ],
        ),
        (B, &["ok", "why"]),
        (A, &["", "just in case"]),
    ],
    &[
        (A, &["its our secret", "dont tell anyone we talk"]),
        (B, &["ok", "i wont"]),
    ],
    &[
        (
            A,
            &[
                "if anyone asks im just a friend from {game}",
                "if ur mum asks say im from school",
            ],
        ),
        (B, &["ok", "{lol} ok"]),
    ],
];

const G_IMAGES: &[Block] = &[
    &[
        (
            A,
            &[
                "send me a pic of u",
                "send a pic, wanna see ur face",
                "send me a selfie",
            ],
        ),
        (B, &["why", "idk", "{lol} ok"]),
        (A, &["pleeease just 1", "go on", ""]),
        (B, &["<media>", "no", "<media>"]),
        (
            A,
            &[
                "aw look at u 😍",
                "dont be like that",
                "see that wasnt hard",
            ],
        ),
    ],
    &[
        (
            A,
            &[
                "camera on?",
                "video call? when ur alone",
                "can we video call tonight",
            ],
        ),
        (B, &["maybe later", "i cant mums here", "maybe"]),
        (
            A,
            &[
                "ok later then",
                "tell me when shes gone",
                "ill message u at {clock}",
            ],
        ),
    ],
    &[
        (A, &["send another one", "just 1 more pic"]),
        (B, &["no thats it", "why"]),
        (A, &["ok ok 😂", "dont be like that"]),
    ],
];

const G_GIFTS: &[Block] = &[
    &[
        (
            A,
            &[
                "i can top up ur phone if u want",
                "ill get u {gift}",
                "ill send u money for the game, whats ur account",
            ],
        ),
        (B, &["really??", "u dont have to"]),
        (A, &["ofc, ur worth it", "just dont tell anyone i got it u"]),
    ],
    &[
        (
            A,
            &[
                "got u something. those trainers u wanted",
                "bought u {gift}",
            ],
        ),
        (B, &["no way how much were they", "omg"]),
        (A, &["doesnt matter", "ur worth it"]),
    ],
    &[
        (
            A,
            &[
                "i sent u {gift}, check ur account",
                "sent u {money} for the game",
            ],
        ),
        (B, &["omg thank u", "thanks!!"]),
    ],
];

const G_PLATFORM: &[Block] = &[&[
    (
        A,
        &[
            "add me on {app} its safer",
            "lets talk on the other app, this one is rubbish",
            "download {app}, messages disappear on there",
        ],
    ),
    (
        B,
        &["whats ur name on it", "ok whats ur name on there", "ok"],
    ),
    (
        A,
        &["same as here", "same as here, add me", "ill send u my name"],
    ),
]];

const G_MEETING: &[Block] = &[
    &[
        (A, &["when can we meet", "wanna meet up?"]),
        (B, &["i dont know", "maybe"]),
        (
            A,
            &[
                "i can pick u up from {meet}",
                "ill pick u up from the station",
            ],
        ),
        (A, &["come on ur own tho", "dont bring anyone"]),
        (B, &["ok", "maybe"]),
    ],
    &[
        (
            A,
            &[
                "meet me at {meet} after school, dont tell ur mum where ur going",
                "come to {meet} on {day}, just us",
            ],
        ),
        (B, &["ok", "is anyone else coming"]),
        (A, &["", "nah just us"]),
    ],
    &[
        (
            A,
            &[
                "ill drive u, meet me by the car park not the front",
                "ill wait round the corner so no one sees",
            ],
        ),
        (B, &["ok", ""]),
    ],
    &[
        (
            A,
            &[
                "come round mine after {day}, just us",
                "my place is free {day}, come over",
            ],
        ),
        (B, &["is anyone else coming", "idk"]),
        (
            A,
            &[
                "nah just us, the others would get funny about it",
                "just us",
            ],
        ),
    ],
];

const G_THREATS: &[Block] = &[
    &[
        (A, &["why are u ignoring me", "answer me"]),
        (B, &["im busy", ""]),
        (A, &["after everything ive done for u", "dont ignore me"]),
    ],
    &[
        (
            A,
            &[
                "if u stop talking to me ill tell ur mum what uve been doing",
                "ill tell everyone at ur school about us",
            ],
        ),
        (B, &["please dont", "why would u do that"]),
    ],
    &[
        (
            A,
            &[
                "i still have the pics u sent. do what i say or everyone sees them",
                "remember i have ur pics",
            ],
        ),
        (B, &["please stop", ""]),
    ],
    &[
        (A, &["u owe me after the {gift}", "dont make me angry"]),
        (B, &["i didnt ask for it", "sorry"]),
    ],
];

const GROOMER_AGE_ASK: &[&str] = &[
    "how old r u?",
    "how old are you?",
    "wat age r u",
    "what year are u in?",
    "asl?",
];

const CHILD_AGE_ANSWER: &[&str] = &[
    "{myage}",
    "im {myage}",
    "{myage} why",
    "year {year}",
    "{myage} lol",
];

const CHILD_YEAR_ANSWER: &[&str] = &["year {year}", "{year}", "im in year {year}"];

const CHILD_AGE_DODGE: &[&str] = &["why", "old enough {lol}", "idk why does it matter"];

const GROOMER_AGE_TELL: &[&str] = &[
    "im {myage} but age is just a number",
    "im {myage}, dont let that freak u {lol}",
    "im {myage} hope thats ok",
    "{myage}. ur so mature tho, feels like ur older",
    "im {myage} but we get on so well it doesnt matter",
];

const GROOMER_AGE_NONE: &[&str] = &["cool", "nice, ur mature for ur age", "ok 😊"];

const GROOMER_CLAIM: &[&str] = &[
    "im {claim} {lol}",
    "{claim} 😎",
    "{claim}, not much older than u",
];

const CHILD_AGE_REACT: &[&str] = &["", "", "ok", "{lol}", "oh ok"];

const GROOMER_REVEAL: &[&str] = &[
    "ok dont be mad but im actually {myage}. age is just a number right?",
    "gotta tell u something. im not {claim}, im {myage}. doesnt change anything does it",
];

const CHILD_REVEAL_REACT: &[&str] = &["oh", "wait what", "ok", "thats old {lol}"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix_reference_values() {
        // First outputs of SplitMix64 seeded with 1234567 (reference implementation).
        let mut r = Rng::new(1_234_567);
        assert_eq!(r.next_u64(), 6_457_827_717_110_365_317);
        assert_eq!(r.next_u64(), 3_203_168_211_198_807_973);
    }

    #[test]
    fn civil_dates() {
        for (days, want) in [
            (0, (1970, 1, 1)),
            (18_993, (2022, 1, 1)),
            (19_782, (2024, 2, 29)),
            (20_269, (2025, 6, 30)),
            (-1, (1969, 12, 31)),
        ] {
            assert_eq!(civil_from_days(days), want, "{days}");
        }
    }

    #[test]
    fn stamps_in_every_style() {
        let t = 19_782 * 86_400 + 21 * 3600 + 5 * 60; // 2024-02-29 21:05
        for (stamp, want) in [
            (Stamp::DayMonthYear, "29/02/2024, 21:05 - "),
            (Stamp::DayMonthShortYear, "29/02/24, 21:05 - "),
            (Stamp::UsNarrowSpace, "2/29/24, 9:05\u{202F}PM - "),
            (Stamp::UsSpace, "2/29/24, 9:05 PM - "),
        ] {
            let mut out = Vec::new();
            write_stamp(&mut out, stamp, t);
            assert_eq!(String::from_utf8(out).unwrap(), want);
        }
        let mut out = Vec::new();
        write_stamp(&mut out, Stamp::UsSpace, 19_782 * 86_400 + 30 * 60);
        assert_eq!(String::from_utf8(out).unwrap(), "2/29/24, 12:30 AM - ");
    }

    #[test]
    fn json_strings_escape() {
        let mut out = Vec::new();
        json_string(&mut out, "a\"b\\c\nd\u{1}é😂");
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "\"a\\\"b\\\\c\\nd\\u0001é😂\""
        );
    }

    /// Every template slot is known, times never go backwards, nothing is empty, and
    /// continuation lines cannot be mistaken for a new WhatsApp message line.
    #[test]
    fn conversations_are_well_formed() {
        let mut kinds = std::collections::BTreeSet::new();
        for i in 0..3000 {
            let c = conversation(7, i);
            kinds.insert(c.kind);
            assert!(!c.events.is_empty());
            assert!(c.people.len() >= 2);
            let mut last = i64::MIN;
            for e in &c.events {
                assert!(e.time >= last, "{} goes back in time", c.key);
                last = e.time;
                if e.deleted {
                    continue;
                }
                assert!(!e.text.trim().is_empty(), "{}: empty message", c.key);
                assert!(
                    !e.text.contains('{') && !e.text.contains('}') && !e.text.contains('|'),
                    "{}: unfilled template {:?}",
                    c.key,
                    e.text
                );
                for line in e.text.split('\n').skip(1) {
                    assert!(
                        !line.starts_with(|ch: char| ch.is_ascii_digit() || ch == '['),
                        "{}: continuation line {line:?} looks like a header",
                        c.key
                    );
                }
            }
            for p in &c.people {
                assert!(!p.name.contains(": ") && !p.name.is_empty());
            }
            if c.grooming {
                let g = c.groomer.unwrap();
                assert!(c.events.iter().any(|e| e.author == g));
                if let Some(age) = c.people[g].age {
                    assert!(age >= 18);
                }
                let child = &c.people[1 - g];
                assert!(child.age.is_none_or(|a| a < 18));
            }
        }
        assert!(kinds.len() >= 17, "{kinds:?}");
    }

    #[test]
    fn same_seed_same_conversation_other_seed_other() {
        let a = conversation(3, 42);
        let b = conversation(3, 42);
        let c = conversation(4, 42);
        let (mut x, mut y, mut z) = (Vec::new(), Vec::new(), Vec::new());
        render_whatsapp(&a, &mut x);
        render_whatsapp(&b, &mut y);
        render_whatsapp(&c, &mut z);
        assert_eq!(x, y);
        assert_ne!(x, z);
    }

    #[test]
    fn mix_and_lengths() {
        let n = 4000;
        let (mut pos, mut long, mut short, mut groups) = (0, 0, 0, 0);
        for i in 0..n {
            let c = conversation(11, i);
            pos += usize::from(c.grooming);
            let m = c.messages();
            long += usize::from(m > 200);
            short += usize::from(m <= 15);
            groups += usize::from(c.group.is_some());
        }
        let pct = |x: usize| x * 100 / n as usize;
        assert!((2..=6).contains(&pct(pos)), "positives {pos}");
        assert!(
            long > 0 && short > n as usize / 10,
            "long {long} short {short}"
        );
        assert!(pct(groups) >= 10, "groups {groups}");
    }

    #[test]
    fn styles_change_words_not_placeholders() {
        let mut rng = Rng::new(5);
        let st = Style {
            lower: true,
            no_apostrophes: true,
            no_full_stop: true,
            abbrev: 100,
            leet: 0,
            typo: 0,
            stretch: 0,
        };
        assert_eq!(stylise(&mut rng, MEDIA, st), MEDIA);
        let s = stylise(&mut rng, "Don't tell your mum.", st);
        assert!(
            s.starts_with("d") && s.contains("tell") && !s.ends_with('.'),
            "{s}"
        );
        assert!(s.contains("ur ") || s.contains("yr "), "{s}");
    }
}
