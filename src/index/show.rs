//! `show`: one conversation from the case as a transcript, the explanation on top (score,
//! band, the parts of the score in plain words, participants, indicators) and every
//! indicator hit and stated age marked `>>like this<<` in the original text, with the
//! categories at the end of the line. All message text passes through `terminal_safe`.
//! Both forms name the trained model the scores come from, when there is one.

use super::search::{Span, mark};
use crate::detect::score::ModelInfo;
use crate::detect::score::Role;
use crate::pipeline::Scored;
use crate::report::terminal::Terminal;
use crate::report::{ReportContext, clip, terminal_safe};
use chrono::SecondsFormat;
use serde::Serialize;
use std::io;

pub const SCHEMA: &str = "groomscan.show/1";

/// Messages shown either side of `--around`.
pub const AROUND: usize = 10;

/// What to show.
pub struct Transcript<'a> {
    pub scored: &'a Scored,
    /// 1-based rank in the case.
    pub rank: usize,
    /// Conversations in the case.
    pub of: usize,
    /// Show only the messages around this 1-based message.
    pub around: Option<usize>,
    /// The trained model the scores come from; `None`: the default weights.
    pub model: Option<&'a ModelInfo>,
    /// Examiners' decisions about it, oldest first (`Case::review_log`).
    pub reviews: &'a [super::review::Review],
}

impl Transcript<'_> {
    /// The 0-based message range shown.
    fn window(&self) -> std::ops::Range<usize> {
        let n = self.scored.conversation.messages.len();
        match self.around {
            Some(m) => {
                let m = m.clamp(1, n.max(1)) - 1;
                m.saturating_sub(AROUND)..(m + AROUND + 1).min(n)
            }
            None => 0..n,
        }
    }

    /// Marks per message: (span in the original text, what it is).
    fn marks(&self, message: usize) -> Vec<(Span, &'static str, Option<u32>)> {
        let s = self.scored;
        let mut marks: Vec<(Span, &'static str, Option<u32>)> = s
            .scan
            .hits
            .iter()
            .filter(|h| h.message == message)
            .map(|h| ((h.start, h.end), h.category.name(), Some(h.entry)))
            .chain(
                s.scan
                    .ages
                    .iter()
                    .filter(|a| a.message == message)
                    .map(|a| ((a.start, a.end), "stated_age", None)),
            )
            .collect();
        marks.sort_by_key(|m| m.0);
        marks
    }
}

fn role(r: Role) -> &'static str {
    match r {
        Role::SuspectedGroomer => "suspected groomer",
        Role::PossibleChild => "possible child",
        Role::Participant => "participant",
    }
}

/// Merges overlapping spans.
fn merged(spans: impl Iterator<Item = Span>) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    for (s, e) in spans {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

/// The transcript for a terminal: the band coloured when `term` says so. Nothing is
/// clipped to the terminal's width: the transcript is the evidence, read whole.
pub fn write_table<W: io::Write>(out: &mut W, t: &Transcript, term: &Terminal) -> io::Result<()> {
    let s = t.scored;
    let c = &s.conversation;
    let a = &s.assessment;
    writeln!(
        out,
        "Conversation {} \"{}\" ({}, {})",
        c.id,
        terminal_safe(&clip(&c.title, 80)),
        c.format.name(),
        terminal_safe(&c.source)
    )?;
    let warning = match a.first_warning_message {
        Some(m) => format!("; read from message {m} (first reached medium)"),
        None => String::new(),
    };
    let alert = match a.first_alert_message {
        Some(m) => format!("; first reached high at message {m}"),
        None => String::new(),
    };
    writeln!(
        out,
        "Rank {} of {}; score {:.2}, band {}; {} message(s){warning}{alert}",
        t.rank,
        t.of,
        a.score,
        term.band(a.band.name(), 0),
        c.messages.len()
    )?;
    if let Some(m) = t.model {
        writeln!(out, "{}", crate::report::model_sentence(&m.path, &m.sha256))?;
    }
    for r in t.reviews {
        writeln!(
            out,
            "Review: {} by {} at {}{}",
            r.status.name(),
            terminal_safe(&r.examiner),
            r.at,
            if r.note.is_empty() {
                String::new()
            } else {
                format!(": {}", terminal_safe(&r.note))
            }
        )?;
    }
    let mut parts: Vec<&crate::detect::score::Part> = a
        .explanation
        .parts
        .iter()
        .filter(|p| p.value.abs() >= 0.01)
        .collect();
    parts.sort_by(|x, y| y.value.total_cmp(&x.value));
    if !parts.is_empty() {
        writeln!(out, "Why (what raised or lowered the score):")?;
        for p in parts {
            // each message once, in the order the part gives them
            let mut seen = std::collections::BTreeSet::new();
            let unique: Vec<usize> = p
                .messages
                .iter()
                .copied()
                .filter(|m| seen.insert(*m))
                .collect();
            let msgs: Vec<String> = unique.iter().take(8).map(|m| format!("#{m}")).collect();
            let more = if unique.len() > 8 {
                format!(" +{}", unique.len() - 8)
            } else {
                String::new()
            };
            let msgs = if msgs.is_empty() {
                String::new()
            } else {
                format!(" [{}{more}]", msgs.join(" "))
            };
            writeln!(
                out,
                "  {:>+5.2}  {}{}",
                p.value,
                terminal_safe(&clip(&p.detail, 100)),
                msgs
            )?;
        }
    }
    if !a.participants.is_empty() {
        writeln!(out, "Participants:")?;
        for p in &a.participants {
            let ages = if p.stated_ages.is_empty() {
                String::new()
            } else {
                let ages: Vec<String> = p.stated_ages.iter().map(u8::to_string).collect();
                format!("; stated age {}", ages.join(", "))
            };
            writeln!(
                out,
                "  {}: {}{ages}; risk {:.2}",
                terminal_safe(&clip(&p.name, 40)),
                role(p.role),
                p.risk
            )?;
        }
    }
    if !a.indicators.is_empty() {
        let list: Vec<String> = a
            .indicators
            .iter()
            .map(|i| format!("{} ({})", i.category.plain(), i.hits.len()))
            .collect();
        writeln!(out, "Indicators: {}", list.join("; "))?;
    }
    let w = t.window();
    writeln!(
        out,
        "\nMessages {}-{} of {} (indicator words marked >>like this<<):",
        w.start + 1,
        w.end,
        c.messages.len()
    )?;
    for i in w {
        let m = &c.messages[i];
        let marks = t.marks(i);
        let spans = merged(marks.iter().map(|m| m.0));
        let mut cats: Vec<&str> = Vec::new();
        for (_, cat, _) in &marks {
            if !cats.contains(cat) {
                cats.push(cat);
            }
        }
        let time = m
            .time
            .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_else(|| terminal_safe(&m.time_raw));
        let tags = if cats.is_empty() {
            String::new()
        } else {
            format!("   [{}]", cats.join(", "))
        };
        writeln!(
            out,
            "{:>6}  {}  {}: {}{}",
            format!("#{}", i + 1),
            time,
            terminal_safe(&clip(&m.author, 30)),
            if m.deleted { "[deleted] " } else { "" }.to_string() + &mark(&m.text, &spans),
            tags
        )?;
    }
    Ok(())
}

#[derive(Serialize)]
struct MarkOut<'a> {
    start: usize,
    end: usize,
    category: &'a str,
    /// Lexicon entry id, or `stated_age`.
    entry: &'a str,
    text: &'a str,
}

#[derive(Serialize)]
struct MessageOut<'a> {
    message: usize,
    line: u64,
    time: Option<String>,
    author: &'a str,
    source: &'a str,
    text: &'a str,
    marks: Vec<MarkOut<'a>>,
    /// Present (and true) only for a deletion placeholder (as in `groomscan.scan/1`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    deleted: bool,
}

#[derive(Serialize)]
struct ShowOut<'a> {
    schema: &'static str,
    /// The trained model the scores come from (as in `groomscan.scan/1`); absent: the
    /// default weights.
    #[serde(skip_serializing_if = "Option::is_none")]
    model: Option<&'a ModelInfo>,
    /// The `groomscan.scan/1` conversation object.
    conversation: crate::report::json::ConversationOut<'a>,
    conversations_in_case: usize,
    messages: Vec<MessageOut<'a>>,
}

/// The transcript as one JSON document (`groomscan.show/1`).
pub fn write_json<W: io::Write>(
    out: &mut W,
    t: &Transcript,
    ctx: &ReportContext,
) -> io::Result<()> {
    let c = &t.scored.conversation;
    let messages = t
        .window()
        .map(|i| {
            let m = &c.messages[i];
            MessageOut {
                message: i + 1,
                line: m.line,
                time: m
                    .time
                    .map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true))
                    .or_else(|| (!m.time_raw.is_empty()).then(|| m.time_raw.clone())),
                author: &m.author,
                source: c.source_of(i),
                text: &m.text,
                marks: t
                    .marks(i)
                    .into_iter()
                    .map(|((start, end), category, entry)| MarkOut {
                        start,
                        end,
                        category,
                        entry: entry.map_or("stated_age", |e| &ctx.lexicon.entry(e).id),
                        text: m.text.get(start..end).unwrap_or(""),
                    })
                    .collect(),
                deleted: m.deleted,
            }
        })
        .collect();
    let doc = ShowOut {
        schema: SCHEMA,
        model: t.model,
        conversation: crate::report::json::conversation(t.rank, t.scored, ctx),
        conversations_in_case: t.of,
        messages,
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    out.write_all(b"\n")
}
