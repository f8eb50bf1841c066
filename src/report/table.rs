//! The default terminal report: a ranked table with the top reasons for each conversation
//! in plain words, then a summary of inputs, skipped records and assumptions. All text
//! from the evidence passes through `terminal_safe`.

use super::spool::Ranking;
use super::{ReportContext, clip, terminal, terminal_safe};
use crate::detect::score::Band;
use crate::pipeline::{RunResult, Scored};
use std::io::{self, Write as _};

/// Conversations shown when `--top` is not given.
pub const DEFAULT_TOP: usize = 20;
/// Reasons shown per conversation.
const REASONS: usize = 4;
/// Columns of the rank, written before each fragment.
const RANK_WIDTH: usize = 4;
/// Columns before a reason.
const REASON_INDENT: usize = 27;

/// The line of a conversation's review (`groomscan review`), after its reasons.
pub fn review_line(out: &mut Vec<u8>, r: &crate::index::review::Review) -> io::Result<()> {
    writeln!(
        out,
        "{:>27} {} by {} at {}{}",
        "review:",
        r.status.name(),
        terminal_safe(&r.examiner),
        terminal_safe(&r.at),
        if r.note.is_empty() {
            String::new()
        } else {
            format!(": {}", terminal_safe(&clip(&r.note, 80)))
        }
    )
}

/// The lines of one conversation after its rank column (see `report::spool`): score,
/// band, id, size, title and source, then the strongest reasons in plain words. On a
/// terminal (`ctx.terminal`) the band is coloured and the title and reasons are clipped to
/// its width; both the streamed and the in-memory writers render through here, so they
/// give the same bytes either way.
pub fn fragment(out: &mut Vec<u8>, s: &Scored, ctx: &ReportContext) -> io::Result<()> {
    let a = &s.assessment;
    let c = &s.conversation;
    let term = &ctx.terminal;
    let columns = format!(
        "  {:>5.2}  {}  {:<12}  {:>5}  ",
        a.score,
        term.band(a.band.name(), 6),
        c.id,
        c.messages.len(),
    );
    let free = format!(
        "{} ({})",
        terminal_safe(&clip(&c.title, 60)),
        terminal_safe(&c.source),
    );
    // The rank column (4) is written before the fragment.
    let used = RANK_WIDTH + terminal::width(&columns);
    writeln!(out, "{columns}{}", term.fit(&free, used))?;
    if a.band == Band::None {
        return Ok(());
    }
    let mut reasons: Vec<&crate::detect::score::Part> = a
        .explanation
        .parts
        .iter()
        .filter(|p| p.value > 0.05)
        .collect();
    reasons.sort_by(|x, y| y.value.total_cmp(&x.value));
    for (k, p) in reasons.iter().take(REASONS).enumerate() {
        let label = if k == 0 { "why:" } else { "" };
        let msgs = message_list(&p.messages);
        let detail = terminal_safe(&clip(&p.detail, 90));
        let used = REASON_INDENT + 1 + terminal::width(&msgs);
        writeln!(
            out,
            "{:>width$} {}{}",
            label,
            term.fit(&detail, used),
            msgs,
            width = REASON_INDENT
        )?;
    }
    let mut note = |text: String| {
        writeln!(
            out,
            "{:>REASON_INDENT$} {}",
            "",
            term.fit(&text, REASON_INDENT + 1)
        )
    };
    if let Some(m) = a.first_warning_message {
        note(format!("read from message {m} (first reached medium)"))?;
    }
    if let Some(m) = a.first_alert_message {
        note(format!("first reached high at message {m}"))?;
    }
    Ok(())
}

pub fn write<W: io::Write>(
    out: &mut W,
    run: &RunResult,
    ranking: &Ranking,
    ctx: &ReportContext,
) -> io::Result<()> {
    let total = ranking.len();
    let top = ctx.top.unwrap_or(DEFAULT_TOP).min(total);
    writeln!(
        out,
        "{:>4}  {:>5}  {:<6}  {:<12}  {:>5}  CONVERSATION",
        "RANK", "SCORE", "BAND", "ID", "MSGS"
    )?;
    ranking.each_report(Some(top), |rank, _, lines| {
        write!(out, "{rank:>RANK_WIDTH$}")?;
        out.write_all(lines)
    })?;
    if top < total {
        writeln!(
            out,
            "... {} more conversation(s) not shown (use --top N or --format json)",
            total - top
        )?;
    }
    if !run.duplicates.is_empty() {
        writeln!(
            out,
            "{} conversation(s) say exactly what a ranked one says (the same chat in another \
             file) and are ranked once:",
            run.duplicates.len()
        )?;
        for d in &run.duplicates {
            writeln!(
                out,
                "      {} ({}) = {} ({})",
                d.id,
                terminal_safe(&d.source),
                d.same_as,
                terminal_safe(&d.same_as_source)
            )?;
        }
    }
    let messages: usize = run.inputs.iter().map(|i| i.messages).sum();
    let high = ranking.count(Band::High);
    let medium = ranking.count(Band::Medium);
    writeln!(
        out,
        "\n{} file(s), {} conversation(s), {} message(s); {} high, {} medium. Lexicon {} ({}).",
        run.inputs.len(),
        total,
        messages,
        high,
        medium,
        ctx.lexicon.version,
        &ctx.lexicon.sha256[..12.min(ctx.lexicon.sha256.len())]
    )?;
    if let Some(m) = ctx.model {
        writeln!(out, "{}", crate::report::model_sentence(&m.path, &m.sha256))?;
    }
    if !run.errors.is_empty() {
        writeln!(out, "Skipped or partly read ({}):", run.errors.len())?;
        for e in &run.errors {
            writeln!(out, "  {}", terminal_safe(&e.to_string()))?;
        }
    }
    // The same assumption about many files is said once, with the count.
    for (what, files) in super::group_assumptions(&run.assumptions) {
        let whom = match files.as_slice() {
            [one] => one.to_string(),
            many => format!("{} files", many.len()),
        };
        writeln!(
            out,
            "Assumed ({}): {}",
            terminal_safe(&whom),
            terminal_safe(what)
        )?;
    }
    Ok(())
}

fn message_list(messages: &[usize]) -> String {
    if messages.is_empty() {
        return String::new();
    }
    let mut messages = messages.to_vec();
    messages.sort_unstable();
    messages.dedup();
    let shown: Vec<String> = messages.iter().take(6).map(|m| format!("#{m}")).collect();
    let more = if messages.len() > 6 {
        format!(" +{}", messages.len() - 6)
    } else {
        String::new()
    };
    format!(" [{}{}]", shown.join(" "), more)
}
