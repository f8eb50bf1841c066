//! Report writers: turn a `RunResult` into bytes for people and tools. Every writer takes
//! `W: io::Write`, so tests write into a `Vec<u8>`. Message text is hostile: the terminal
//! writer strips control, bidi and zero-width characters (`terminal_safe`); the JSON
//! writer leaves escaping to serde.

pub mod json;
pub mod table;

use crate::lexicon::Lexicon;
use crate::pipeline::RunResult;
use std::io;

/// Output formats of `scan` and `rank`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    Table,
    Json,
    Jsonl,
}

/// What a report needs besides the run itself.
pub struct ReportContext<'a> {
    pub lexicon: &'a Lexicon,
    /// Show at most this many conversations (`--top`); `None` = all (the table defaults
    /// to 20).
    pub top: Option<usize>,
}

/// Writes a run in the given format.
pub fn write<W: io::Write>(
    out: &mut W,
    format: OutputFormat,
    run: &RunResult,
    ctx: &ReportContext,
) -> io::Result<()> {
    match format {
        OutputFormat::Table => table::write(out, run, ctx),
        OutputFormat::Json => json::write(out, run, ctx),
        OutputFormat::Jsonl => json::write_lines(out, run, ctx),
    }
}

/// Makes text safe to print on a terminal: drops control characters (except none: new
/// lines become spaces), bidi overrides and isolates, and zero-width characters.
pub fn terminal_safe(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\n' | '\r' | '\t' => Some(' '),
            c if c.is_control() => None,
            '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
            | '\u{2060}'..='\u{2064}'
            | '\u{FEFF}'
            | '\u{061C}' => None,
            c => Some(c),
        })
        .collect()
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
            ("two\nlines", "two lines"),
            ("bell\x07", "bell"),
        ];
        for (input, want) in table {
            assert_eq!(terminal_safe(input), want);
        }
    }

    #[test]
    fn clip_counts_characters() {
        assert_eq!(clip("héllo", 3), "hél…");
        assert_eq!(clip("hi", 3), "hi");
    }
}
