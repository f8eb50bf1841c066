//! The `groomscan.scan/1` JSON document (see README "JSON contract") and its JSONL form
//! (one conversation object a line). The structs here ARE the contract: field names and
//! order are fixed; add fields, never rename them.

use super::ReportContext;
use super::spool::Ranking;
use crate::detect::score::{AgeGap, Explanation};
use crate::error::InputError;
use crate::model::InputFile;
use crate::pipeline::{RunResult, Scored};
use serde::Serialize;
use std::io;

pub const SCHEMA: &str = "groomscan.scan/1";

/// Evidence text is clipped to this many characters.
const MAX_TEXT: usize = 1000;
/// At most this many evidence messages per indicator (`count` gives the total).
pub const MAX_EVIDENCE: usize = 25;

#[derive(Serialize)]
pub struct Document<'a> {
    pub schema: &'static str,
    pub tool: Tool,
    pub lexicon: LexiconInfo<'a>,
    /// The trained model the run was scored with (`--model`); absent with the default
    /// scoring.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<&'a crate::detect::score::ModelInfo>,
    /// The case reference, examiners and exhibits (`index --case-ref --examiner
    /// --exhibit`, or the same flags of `scan`); absent when none was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub case: Option<&'a super::CaseDetails>,
    pub inputs: &'a [InputFile],
    pub errors: &'a [InputError],
    /// What was assumed while reading (date order, time zone), in plain words.
    pub assumptions: &'a [String],
    /// Present (and true) only when names, phone numbers and e-mail addresses were
    /// replaced by pseudonyms (`--redact`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub redacted: bool,
    /// Conversations not ranked because a ranked one says exactly the same (the same
    /// chat read from another file); absent when there are none.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub duplicates: &'a [crate::pipeline::DuplicateConversation],
    pub conversations: Vec<ConversationOut<'a>>,
}

#[derive(Serialize)]
pub struct Tool {
    pub name: &'static str,
    pub version: &'static str,
}

#[derive(Serialize)]
pub struct LexiconInfo<'a> {
    pub version: &'a str,
    pub sha256: &'a str,
}

#[derive(Serialize)]
pub struct ConversationOut<'a> {
    pub rank: usize,
    pub id: &'a str,
    pub source: &'a str,
    pub format: &'static str,
    pub title: &'a str,
    pub messages: usize,
    /// The languages the conversation was read in (`detect::language`).
    pub language: &'a crate::detect::language::Languages,
    pub score: f64,
    pub band: &'static str,
    /// Where the running score first reached "medium": where to start reading.
    pub first_warning_message: Option<usize>,
    pub first_alert_message: Option<usize>,
    /// The two points with the message's file, line and the evidence that tipped it.
    pub first_warning: Option<PointOut<'a>>,
    pub first_alert: Option<PointOut<'a>>,
    pub participants: Vec<ParticipantOut<'a>>,
    pub age_gap: Option<&'a AgeGap>,
    pub indicators: Vec<IndicatorOut<'a>>,
    pub explanation: &'a Explanation,
    /// Every file the conversation was read from (more than one when parts of one chat
    /// were merged).
    pub sources: Vec<&'a str>,
    /// The examiners' latest decision (`groomscan review`), in a case that has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review: Option<&'a crate::index::review::Review>,
}

#[derive(Serialize)]
pub struct ParticipantOut<'a> {
    pub name: &'a str,
    pub stated_ages: &'a [u8],
    pub risk: f64,
    pub role: crate::detect::score::Role,
    /// The messages where the ages were stated.
    pub age_evidence: Vec<EvidenceOut<'a>>,
}

#[derive(Serialize)]
pub struct IndicatorOut<'a> {
    pub category: &'static str,
    pub description: &'static str,
    pub count: usize,
    pub evidence: Vec<EvidenceOut<'a>>,
}

#[derive(Serialize)]
pub struct EvidenceOut<'a> {
    /// 1-based message index within the conversation.
    pub message: usize,
    /// Line (or record) in the source file.
    pub line: u64,
    /// UTC time (RFC 3339) when known, else the time as written, else null.
    pub time: Option<String>,
    pub author: &'a str,
    pub text: String,
    #[serde(rename = "match")]
    pub matched: &'a str,
    /// Lexicon entry id, or `stated_age`.
    pub entry: &'a str,
    /// The file the message was read from.
    pub source: &'a str,
    /// Copies of this message in other files of a merged conversation, counted once.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also_in: Vec<SourceLine<'a>>,
    /// Present (and true) only when the export marks the message as deleted; `text` is
    /// then the placeholder the export wrote ("This message was deleted").
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub deleted: bool,
}

/// A place in a source file.
#[derive(Serialize)]
pub struct SourceLine<'a> {
    pub source: &'a str,
    pub line: u64,
}

/// Rounds scores so output does not depend on the last bits of a float.
fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// One evidence item: message `message` (0-based) with the matched byte range.
pub fn evidence<'a>(
    s: &'a Scored,
    message: usize,
    start: usize,
    end: usize,
    entry: &'a str,
) -> EvidenceOut<'a> {
    let m = &s.conversation.messages[message];
    EvidenceOut {
        message: message + 1,
        line: m.line,
        time: time_of(m),
        author: &m.author,
        text: super::clip(&m.text, MAX_TEXT),
        matched: m.text.get(start..end).unwrap_or(""),
        entry,
        source: s.conversation.source_of(message),
        also_in: s
            .conversation
            .merged
            .iter()
            .flat_map(|g| {
                g.duplicates
                    .iter()
                    .filter(|d| d.message == message)
                    .map(|d| SourceLine {
                        source: g.files.get(d.file as usize).map_or("", String::as_str),
                        line: d.line,
                    })
            })
            .collect(),
        deleted: m.deleted,
    }
}

/// A message's UTC time (RFC 3339) when known, else the time as written, else none.
fn time_of(m: &crate::model::Message) -> Option<String> {
    m.time
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        .or_else(|| (!m.time_raw.is_empty()).then(|| m.time_raw.clone()))
}

/// A point in a conversation (the first warning or alert): the message, where it is,
/// and the evidence that tipped the running score there (the last hits at or before it).
#[derive(Serialize)]
pub struct PointOut<'a> {
    pub message: usize,
    pub source: &'a str,
    pub line: u64,
    pub time: Option<String>,
    pub author: &'a str,
    pub evidence: Vec<EvidenceOut<'a>>,
}

/// How many hits a point names as what tipped it.
const POINT_EVIDENCE: usize = 3;

/// The point at 1-based message `at`, if the conversation has it.
pub fn point<'a>(
    s: &'a Scored,
    at: Option<usize>,
    ctx: &ReportContext<'a>,
) -> Option<PointOut<'a>> {
    let i = at?.checked_sub(1)?;
    let m = s.conversation.messages.get(i)?;
    let before: Vec<_> = s.scan.hits.iter().filter(|h| h.message <= i).collect();
    let tipped = &before[before.len().saturating_sub(POINT_EVIDENCE)..];
    Some(PointOut {
        message: i + 1,
        source: s.conversation.source_of(i),
        line: m.line,
        time: time_of(m),
        author: &m.author,
        evidence: tipped
            .iter()
            .map(|h| evidence(s, h.message, h.start, h.end, &ctx.lexicon.entry(h.entry).id))
            .collect(),
    })
}

/// Builds the JSON object of one ranked conversation.
pub fn conversation<'a>(
    rank: usize,
    s: &'a Scored,
    ctx: &ReportContext<'a>,
) -> ConversationOut<'a> {
    let a = &s.assessment;
    let participants = a
        .participants
        .iter()
        .map(|p| ParticipantOut {
            name: &p.name,
            stated_ages: &p.stated_ages,
            risk: round(p.risk),
            role: p.role,
            age_evidence: p
                .age_claims
                .iter()
                .map(|&k| {
                    let c = &s.scan.ages[k];
                    evidence(s, c.message, c.start, c.end, "stated_age")
                })
                .collect(),
        })
        .collect();
    let indicators = a
        .indicators
        .iter()
        .map(|ind| IndicatorOut {
            category: ind.category.name(),
            description: ind.category.plain(),
            count: ind.hits.len(),
            evidence: ind
                .hits
                .iter()
                .take(MAX_EVIDENCE)
                .map(|&k| {
                    let h = &s.scan.hits[k];
                    evidence(s, h.message, h.start, h.end, &ctx.lexicon.entry(h.entry).id)
                })
                .collect(),
        })
        .collect();
    ConversationOut {
        rank,
        id: &s.conversation.id,
        source: &s.conversation.source,
        format: s.conversation.format.name(),
        title: &s.conversation.title,
        messages: s.conversation.messages.len(),
        language: &s.scan.language,
        score: round(a.score),
        band: a.band.name(),
        first_warning_message: a.first_warning_message,
        first_alert_message: a.first_alert_message,
        first_warning: point(s, a.first_warning_message, ctx),
        first_alert: point(s, a.first_alert_message, ctx),
        participants,
        age_gap: a.age_gap.as_ref(),
        indicators,
        explanation: &a.explanation,
        sources: match &s.conversation.merged {
            Some(m) => m.files.iter().map(String::as_str).collect(),
            None => vec![s.conversation.source.as_str()],
        },
        review: ctx.review(&s.conversation.id),
    }
}

/// The conversations a report shows: the first `--top` of the ranking, or all.
pub fn shown<'a>(run: &'a RunResult, ctx: &ReportContext) -> &'a [Scored] {
    let n = ctx.top.unwrap_or(usize::MAX).min(run.conversations.len());
    &run.conversations[..n]
}

/// Builds the whole document (every conversation of `run`, in memory).
pub fn document<'a>(run: &'a RunResult, ctx: &ReportContext<'a>) -> Document<'a> {
    Document {
        conversations: shown(run, ctx)
            .iter()
            .enumerate()
            .map(|(i, s)| conversation(i + 1, s, ctx))
            .collect(),
        ..head(run, ctx)
    }
}

/// The document without its conversations.
fn head<'a>(run: &'a RunResult, ctx: &ReportContext<'a>) -> Document<'a> {
    Document {
        schema: SCHEMA,
        tool: Tool {
            name: "groomscan",
            version: env!("CARGO_PKG_VERSION"),
        },
        lexicon: LexiconInfo {
            version: &ctx.lexicon.version,
            sha256: &ctx.lexicon.sha256,
        },
        model: ctx.model,
        case: ctx.case.filter(|c| !c.is_empty()),
        inputs: &run.inputs,
        errors: &run.errors,
        assumptions: &run.assumptions,
        redacted: ctx.redact,
        duplicates: &run.duplicates,
        conversations: Vec::new(),
    }
}

/// How a conversation object starts before its rank is known: it is serialised with rank
/// 0 and this prefix is replaced by the real rank when the ranking is written.
const PRETTY_RANK0: &[u8] = b"{\n  \"rank\": 0,";
const LINE_RANK0: &[u8] = b"{\"rank\":0,";

/// The fragment of one conversation in the pretty document (see `report::spool`): the
/// object after `"rank": N,`, indented for its place in the `conversations` array.
pub fn fragment(buf: &mut Vec<u8>, s: &Scored, ctx: &ReportContext) -> io::Result<()> {
    let pretty = serde_json::to_vec_pretty(&conversation(0, s, ctx))?;
    let rest = pretty
        .strip_prefix(PRETTY_RANK0)
        .ok_or_else(|| io::Error::other("conversation object does not start with its rank"))?;
    // JSON strings never hold a raw new line, so every new line is between tokens.
    for &b in rest {
        buf.push(b);
        if b == b'\n' {
            buf.extend_from_slice(b"    ");
        }
    }
    Ok(())
}

/// The fragment of one conversation as a JSONL line: the object after `{"rank":N,`.
pub fn line_fragment(buf: &mut Vec<u8>, s: &Scored, ctx: &ReportContext) -> io::Result<()> {
    let line = serde_json::to_vec(&conversation(0, s, ctx))?;
    let rest = line
        .strip_prefix(LINE_RANK0)
        .ok_or_else(|| io::Error::other("conversation object does not start with its rank"))?;
    buf.extend_from_slice(rest);
    Ok(())
}

/// Writes the `groomscan.scan/1` document, pretty-printed, with a final newline: the same
/// bytes as `serde_json::to_writer_pretty` of `document`, but with the conversations
/// copied from their fragments.
pub fn write<W: io::Write>(
    out: &mut W,
    run: &RunResult,
    ranking: &Ranking,
    ctx: &ReportContext,
) -> io::Result<()> {
    let shown = ranking.top(ctx.top.unwrap_or(usize::MAX));
    if shown.is_empty() {
        serde_json::to_writer_pretty(&mut *out, &head(run, ctx))?;
        return out.write_all(b"\n");
    }
    // The head (every input, error and assumption) can be hundreds of MB on a large
    // corpus: it is written as serde prints it, holding back only its last bytes, which
    // are the empty conversations array and the closing brace.
    let mut open = HoldBack {
        out: &mut *out,
        tail: Vec::new(),
    };
    serde_json::to_writer_pretty(&mut open, &head(run, ctx))?;
    if open.tail != EMPTY_TAIL {
        return Err(io::Error::other(
            "document does not end with its conversations",
        ));
    }
    out.write_all(b"[")?;
    ranking.each_report(ctx.top, |rank, _, object| {
        let sep = if rank == 1 { "" } else { "," };
        write!(out, "{sep}\n    {{\n      \"rank\": {rank},")?;
        out.write_all(object)
    })?;
    out.write_all(b"\n  ]\n}\n")
}

/// How the pretty document without conversations ends.
const EMPTY_TAIL: &[u8] = b"[]\n}";

/// A writer that passes everything on except the last `EMPTY_TAIL.len()` bytes.
struct HoldBack<'w, W: io::Write> {
    out: &'w mut W,
    tail: Vec<u8>,
}

impl<W: io::Write> io::Write for HoldBack<'_, W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.tail.extend_from_slice(bytes);
        let pass = self.tail.len().saturating_sub(EMPTY_TAIL.len());
        self.out.write_all(&self.tail[..pass])?;
        self.tail.drain(..pass);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// Writes one conversation object per line.
pub fn write_lines<W: io::Write>(
    out: &mut W,
    ranking: &Ranking,
    ctx: &ReportContext,
) -> io::Result<()> {
    ranking.each_report(ctx.top, |rank, _, object| {
        write!(out, "{{\"rank\":{rank},")?;
        out.write_all(object)?;
        out.write_all(b"\n")
    })
}
