//! Report writers: turn a `RunResult` into bytes for people and tools. Every writer takes
//! `W: io::Write`, so tests write into a `Vec<u8>`. Message text is hostile: the terminal
//! writer strips control, bidi and zero-width characters (`terminal_safe`); the HTML writer
//! escapes everything and shows invisible characters as visible `[U+202E]` marks; the
//! JSON and CSV writers leave escaping to serde and the csv crate (CSV cells that a
//! spreadsheet would run as a formula get a leading `'`).
//!
//! `--redact` is one transformation of the data before any writer runs (`redact`), so
//! every format shows the same pseudonyms and no writer has a special case for it.
//! Colour and the terminal's width reach the table only through `ReportContext::terminal`
//! (`terminal`), `PLAIN` unless the command's standard output is a terminal.
//! This module does not compute scores; it only reads them.

pub mod csv;
pub mod html;
pub mod json;
pub mod part;
pub mod plain;
pub mod redact;
pub mod spool;
pub mod table;
pub mod terminal;

use crate::detect::lexicon::Lexicon;
use crate::detect::score::{ModelInfo, Weights};
use crate::index::review::Review;
use crate::pipeline::RunResult;
use chrono::{DateTime, Utc};
use spool::{Ranking, Renderer, Spool};
use std::collections::BTreeMap;
use std::io;

/// Output formats of `scan` and `rank`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    Table,
    Json,
    Jsonl,
    /// One row per conversation (`csv::write`).
    Csv,
    /// One self-contained HTML file for people (`html::write`).
    Html,
    /// A part of a batch for `merge` (`part`): every format's fragments, with the exact
    /// ranking keys. Written by `app::scan` only.
    Part,
}

/// The line the terminal outputs (table, `show`, `index`) name a trained model with.
pub fn model_sentence(path: &str, sha256: &str) -> String {
    format!(
        "Scored with trained model {} (sha256 {sha256}).",
        terminal_safe(path)
    )
}

/// What a report needs besides the run itself.
pub struct ReportContext<'a> {
    pub lexicon: &'a Lexicon,
    /// The weights the run was scored with (band thresholds and the weights file hash in
    /// the HTML method section).
    pub weights: &'a Weights,
    /// Show at most this many conversations (`--top`); `None` = all (the table defaults
    /// to 20).
    pub top: Option<usize>,
    /// Pseudonymise names, phone numbers and e-mail addresses (`--redact`).
    pub redact: bool,
    /// The command line of the run, as typed (for the HTML method section).
    pub command_line: &'a [String],
    /// When the run started and when the analysis ended (UTC), when known.
    pub started: Option<DateTime<Utc>>,
    pub ended: Option<DateTime<Utc>>,
    /// The trained model that replaced the default scoring, if any (`weights` then holds
    /// its engine weights and bands).
    pub model: Option<&'a ModelInfo>,
    /// Whose case and which exhibits the report is about.
    pub case: Option<&'a CaseDetails>,
    /// Examiners' latest decision per conversation id (a case's `reviews.jsonl`).
    pub reviews: Option<&'a BTreeMap<String, Review>>,
    /// How the table is drawn (colour, width); `Terminal::PLAIN` for files and pipes. The
    /// machine formats and HTML ignore it.
    pub terminal: terminal::Terminal,
}

/// The case reference, examiners and exhibits a report names (`index --case-ref
/// --examiner --exhibit`, stored in the case; or the same flags of `scan`).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct CaseDetails {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub examiners: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub exhibits: Vec<String>,
}

impl CaseDetails {
    pub fn is_empty(&self) -> bool {
        *self == CaseDetails::default()
    }
}

impl<'a> ReportContext<'a> {
    /// The examiners' latest decision about conversation `id`, if any.
    pub fn review(&self, id: &str) -> Option<&'a Review> {
        self.reviews.and_then(|r| r.get(id))
    }

    /// A context with no `--top`, no redaction, and no command line or times.
    pub fn new(lexicon: &'a Lexicon, weights: &'a Weights) -> Self {
        ReportContext {
            lexicon,
            weights,
            top: None,
            redact: false,
            command_line: &[],
            started: None,
            ended: None,
            model: None,
            case: None,
            reviews: None,
            terminal: terminal::Terminal::PLAIN,
        }
    }
}

/// Writes a run held in memory in the given format (redacted first when `ctx.redact` is
/// set). The machine formats and the table go through the same fragments as a streamed
/// run (`spool`), so both give the same bytes.
pub fn write<W: io::Write>(
    out: &mut W,
    format: OutputFormat,
    run: &RunResult,
    ctx: &ReportContext,
) -> io::Result<()> {
    if !ctx.redact {
        return write_as_is(out, format, run, ctx);
    }
    let (run, command_line) = redact::redact(run, ctx.command_line);
    let ctx = ReportContext {
        command_line: &command_line,
        ..*ctx
    };
    write_as_is(out, format, &run, &ctx)
}

fn write_as_is<W: io::Write>(
    out: &mut W,
    format: OutputFormat,
    run: &RunResult,
    ctx: &ReportContext,
) -> io::Result<()> {
    if format == OutputFormat::Html {
        return html::write(out, run, ctx);
    }
    let spool = Spool::memory();
    let entries = render_all(run, format, false, ctx, &spool)?;
    write_ranked(out, format, run, &Ranking::new(&entries, &spool), ctx)
}

/// Renders every conversation of a ranked run, in rank order.
fn render_all(
    run: &RunResult,
    format: OutputFormat,
    evidence_csv: bool,
    ctx: &ReportContext,
    spool: &Spool,
) -> io::Result<Vec<spool::Entry>> {
    let renderer = Renderer {
        format,
        evidence_csv,
        ctx,
        spool,
    };
    run.conversations
        .iter()
        .map(|s| renderer.render(s))
        .collect()
}

/// Writes a ranking of rendered conversations (a streamed run, see `spool`) in `format`;
/// `run` gives the inputs, errors and assumptions. Not for HTML, which is written from a
/// run in memory.
pub fn write_ranked<W: io::Write>(
    out: &mut W,
    format: OutputFormat,
    run: &RunResult,
    ranking: &Ranking,
    ctx: &ReportContext,
) -> io::Result<()> {
    match format {
        OutputFormat::Table => table::write(out, run, ranking, ctx),
        OutputFormat::Json => json::write(out, run, ranking, ctx),
        OutputFormat::Jsonl => json::write_lines(out, ranking, ctx),
        OutputFormat::Csv => csv::write(out, ranking, ctx),
        OutputFormat::Html => Err(io::Error::other(
            "the HTML report is written from a run held in memory",
        )),
        OutputFormat::Part => Err(io::Error::other(
            "a part is written by scan, with what each file gave (part::write)",
        )),
    }
}

/// Writes the evidence CSV (`--evidence-csv`) of a run in memory: one row per evidence
/// message of every shown conversation (redacted first when `ctx.redact` is set).
pub fn write_evidence_csv<W: io::Write>(
    out: &mut W,
    run: &RunResult,
    ctx: &ReportContext,
) -> io::Result<()> {
    let redacted;
    let run = if ctx.redact {
        redacted = redact::redact(run, ctx.command_line).0;
        &redacted
    } else {
        run
    };
    let spool = Spool::memory();
    // HTML renders no fragment: only the evidence rows are rendered.
    let entries = render_all(run, OutputFormat::Html, true, ctx, &spool)?;
    csv::write_evidence(out, &Ranking::new(&entries, &spool), ctx)
}

/// Characters that change how text is shown without being seen: bidi overrides,
/// embeddings, isolates and marks, zero-width characters, invisible fillers, line and
/// paragraph separators, interlinear annotations and tag characters.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{3164}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{E0000}'..='\u{E007F}'
    )
}

/// Makes text safe to print on a terminal: new lines and tabs become spaces; other
/// control characters and invisible characters (`is_invisible`) are dropped.
pub fn terminal_safe(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\n' | '\r' | '\t' => Some(' '),
            c if c.is_control() || is_invisible(c) => None,
            c => Some(c),
        })
        .collect()
}

/// Run assumptions (`"<file>: <what>"`) grouped by what was assumed, in first-seen order,
/// with the files each is about; the same assumption about many files is said once.
pub fn group_assumptions(assumptions: &[String]) -> Vec<(&str, Vec<&str>)> {
    let mut grouped: Vec<(&str, Vec<&str>)> = Vec::new();
    for a in assumptions {
        let (file, what) = a.split_once(": ").unwrap_or(("", a));
        match grouped.iter_mut().find(|(w, _)| *w == what) {
            Some((_, files)) => files.push(file),
            None => grouped.push((what, vec![file])),
        }
    }
    grouped
}

/// The text with its first character in upper case.
pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Cuts text to at most `max` characters, adding an ellipsis when cut.
pub fn clip(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_safe_strips_hostile_characters() {
        let table = [
            ("plain", "plain"),
            ("a\x1b[31mred", "a[31mred"),
            ("abc\u{202E}fed", "abcfed"),
            ("zero\u{200B}width", "zerowidth"),
            ("iso\u{2067}late\u{2069}", "isolate"),
            ("tag\u{E0041}s", "tags"),
            ("two\nlines", "two lines"),
            ("bell\x07", "bell"),
        ];
        for (input, want) in table {
            assert_eq!(terminal_safe(input), want);
        }
    }

    #[test]
    fn assumptions_are_grouped_by_what() {
        let a = [
            "a.txt: no zone",
            "b.txt: no zone",
            "b.txt: day first",
            "general",
        ]
        .map(String::from);
        assert_eq!(
            group_assumptions(&a),
            [
                ("no zone", vec!["a.txt", "b.txt"]),
                ("day first", vec!["b.txt"]),
                ("general", vec![""]),
            ]
        );
        assert_eq!(capitalise("élan"), "Élan");
    }

    #[test]
    fn clip_counts_characters() {
        assert_eq!(clip("héllo", 3), "hél…");
        assert_eq!(clip("hi", 3), "hi");
    }
}
