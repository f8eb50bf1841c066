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
//! Layout: `templates` holds the tables (slot fillers and blocks of templates) as data
//! files in `templates/`, with their format and parser; `builder` turns blocks into a
//! conversation; `kinds` the conversation types and their mix; `style` how each
//! person types; `calendar` dates and WhatsApp timestamps; `render` the WhatsApp and
//! JSONL writers.
//!
//! Content rule (`DESIGN.md`): risk is expressed through indicator behaviour only ("send me
//! a pic", "dont tell ur mum", "im 25 age is just a number", "ill pick u up from the
//! station"); nothing explicit, nothing sexual; images are `<Media omitted>` placeholders
//! only; names are invented first names, handles or roles; places are generic ("the
//! station", "the park"); there are no real people, numbers, schools or towns.

mod builder;
mod calendar;
mod kinds;
mod render;
mod style;
mod templates;

pub use render::{render_jsonl, render_whatsapp};

use crate::error::Error;
use crate::rng::Rng;
use builder::Builder;
use calendar::Stamp;
use kinds::{KIND_WEIGHTS, KINDS};
use std::io::Write;
use std::path::{Path, PathBuf};
use style::Style;

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
}
