//! CSV for other tools (spreadsheets, case-management imports), written with the `csv`
//! crate: `write` gives one row per ranked conversation (`--format csv`), and
//! `write_evidence` one row per evidence item (`--evidence-csv FILE`). Both are built
//! from the same values as the JSON document (`json::conversation`, `json::evidence`),
//! so the formats agree.
//!
//! A cell of text from the evidence (titles, paths, names, message text) that starts with
//! `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, so a spreadsheet
//! shows it instead of running it as a formula.

use super::json::{self, ConversationOut};
use super::spool::Ranking;
use super::{ReportContext, plain};
use crate::pipeline::Scored;
use std::io;

/// Reasons given in the `reasons` column, strongest first.
const REASONS: usize = 3;

/// Column names of `--format csv`.
pub const CONVERSATION_COLUMNS: [&str; 15] = [
    "rank",
    "id",
    "score",
    "band",
    "title",
    "source",
    "format",
    "messages",
    "first_warning_message",
    "first_alert_message",
    "participants",
    "age_gap",
    "age_gap_years",
    "indicators",
    "reasons",
];

/// Column names of `--evidence-csv`.
pub const EVIDENCE_COLUMNS: [&str; 12] = [
    "conversation_id",
    "rank",
    "category",
    "entry",
    "message",
    "source",
    "line",
    "time",
    "author",
    "text",
    "match",
    "also_in",
];

/// Makes a text cell inert in spreadsheets (see the module docs).
pub fn cell(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_string(),
    }
}

fn csv_error(e: ::csv::Error) -> io::Error {
    match e.into_kind() {
        ::csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

/// The participants cell: `Name (25, suspected_groomer); Name (15, possible_child)`;
/// several stated ages are joined with `/`; a participant without one shows the role only.
pub fn participants_cell(c: &ConversationOut) -> String {
    let parts: Vec<String> = c
        .participants
        .iter()
        .map(|p| {
            let role = serde_json::to_value(p.role)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            let ages: Vec<String> = p.stated_ages.iter().map(u8::to_string).collect();
            if ages.is_empty() {
                format!("{} ({role})", p.name)
            } else {
                format!("{} ({}, {role})", p.name, ages.join("/"))
            }
        })
        .collect();
    parts.join("; ")
}

/// The indicators cell: `secrecy (6); image_request (4)`, strongest first.
pub fn indicators_cell(c: &ConversationOut) -> String {
    let parts: Vec<String> = c
        .indicators
        .iter()
        .map(|i| format!("{} ({})", i.category, i.count))
        .collect();
    parts.join("; ")
}

/// The row of one conversation after its `rank` cell (see `report::spool`).
pub fn fragment(buf: &mut Vec<u8>, s: &Scored, ctx: &ReportContext) -> io::Result<()> {
    let c = json::conversation(0, s, ctx);
    let (gap, gap_years) = match c.age_gap {
        Some(g) => (
            format!(
                "{} {}, {} {}",
                g.older, g.older_age, g.younger, g.younger_age
            ),
            g.years.to_string(),
        ),
        None => (String::new(), String::new()),
    };
    let reasons: Vec<String> = plain::reasons(&s.assessment.explanation.parts)
        .into_iter()
        .take(REASONS)
        .map(plain::part_sentence)
        .collect();
    let mut w = ::csv::Writer::from_writer(buf);
    w.write_record([
        c.id.to_string(),
        c.score.to_string(),
        c.band.to_string(),
        cell(c.title),
        cell(c.source),
        c.format.to_string(),
        c.messages.to_string(),
        c.first_warning_message
            .map(|m| m.to_string())
            .unwrap_or_default(),
        c.first_alert_message
            .map(|m| m.to_string())
            .unwrap_or_default(),
        cell(&participants_cell(&c)),
        cell(&gap),
        gap_years,
        indicators_cell(&c),
        cell(&reasons.join("; ")),
    ])
    .map_err(csv_error)?;
    w.flush()
}

/// Writes one row per shown conversation, with a header row.
pub fn write<W: io::Write>(out: &mut W, ranking: &Ranking, ctx: &ReportContext) -> io::Result<()> {
    header(out, &CONVERSATION_COLUMNS)?;
    ranking.each_report(ctx.top, |rank, _, row| {
        write!(out, "{rank},")?;
        out.write_all(row)
    })?;
    out.flush()
}

fn header<W: io::Write>(out: &mut W, columns: &[&str]) -> io::Result<()> {
    let mut header = ::csv::Writer::from_writer(Vec::new());
    header.write_record(columns).map_err(csv_error)?;
    out.write_all(&header.into_inner().map_err(|e| e.into_error())?)
}

/// The evidence rows of one conversation (see `write_evidence`), each without its first
/// two cells (conversation id and rank) and preceded by its length as 8 bytes
/// (little-endian), because a row may hold new lines inside quoted text.
pub fn evidence_fragment(buf: &mut Vec<u8>, s: &Scored, ctx: &ReportContext) -> io::Result<()> {
    // (message, start, category, entry, end)
    let mut items: Vec<(usize, usize, &str, &str, usize)> = s
        .scan
        .hits
        .iter()
        .map(|h| {
            let entry = ctx.lexicon.entry(h.entry).id.as_str();
            (h.message, h.start, h.category.name(), entry, h.end)
        })
        .collect();
    for p in &s.assessment.participants {
        for &k in &p.age_claims {
            let a = &s.scan.ages[k];
            items.push((a.message, a.start, "stated_age", "stated_age", a.end));
        }
    }
    items.sort();
    for (message, start, category, entry, end) in items {
        let e = json::evidence(s, message, start, end, entry);
        let also_in: Vec<String> = e
            .also_in
            .iter()
            .map(|x| format!("{}:{}", x.source, x.line))
            .collect();
        let mut row = ::csv::Writer::from_writer(Vec::new());
        row.write_record([
            category.to_string(),
            entry.to_string(),
            e.message.to_string(),
            cell(e.source),
            e.line.to_string(),
            e.time.unwrap_or_default(),
            cell(e.author),
            cell(&e.text),
            cell(e.matched),
            cell(&also_in.join("; ")),
        ])
        .map_err(csv_error)?;
        let bytes = row.into_inner().map_err(|e| e.into_error())?;
        buf.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
        buf.extend_from_slice(&bytes);
    }
    Ok(())
}

/// Writes one row per evidence item of every shown conversation, in rank order and then
/// message order: every indicator hit (not capped like the JSON lists) and every stated
/// age (category and entry `stated_age`). `source` is the file the message was read from;
/// `also_in` lists copies of it in other files of a merged conversation (`path:line; ...`).
pub fn write_evidence<W: io::Write>(
    out: &mut W,
    ranking: &Ranking,
    ctx: &ReportContext,
) -> io::Result<()> {
    header(out, &EVIDENCE_COLUMNS)?;
    ranking.each_evidence(ctx.top, |rank, e, rows| {
        let mut rest = rows;
        while let Some((len, tail)) = rest.split_first_chunk::<8>() {
            let len = u64::from_le_bytes(*len) as usize;
            let (row, tail) = tail.split_at(len.min(tail.len()));
            // Ids are hex and ranks digits: neither ever needs quoting.
            write!(out, "{},{rank},", e.id)?;
            out.write_all(row)?;
            rest = tail;
        }
        Ok(())
    })?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_made_inert() {
        let table = [
            ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"),
            ("+44", "'+44"),
            ("-1", "'-1"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("plain", "plain"),
            ("a=b", "a=b"),
            ("", ""),
        ];
        for (input, want) in table {
            assert_eq!(cell(input), want, "{input:?}");
        }
    }
}
