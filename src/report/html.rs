//! The HTML report (`--format html`): one self-contained file for safeguarding leads and
//! case files. Inline CSS only, no scripts, no network (a Content-Security-Policy says so
//! to the browser too), printable, and accessible (headings in order, tables with header
//! cells, the band always as a word as well as a colour).
//!
//! Sections: a plain-language summary; each high and medium conversation in full (band,
//! participants, indicators, a timeline of the flagged messages with one message of
//! context either side, the matched words marked, source file, line and hash); the other
//! conversations in one table; what to do next; method and limitations (enough for a
//! third party to reproduce the run).
//!
//! Every piece of text from the evidence (messages, names, titles, paths, errors) passes
//! through `text`, which HTML-escapes it and shows bidi, zero-width and control
//! characters as visible `[U+202E]` marks instead of letting them act. The output is
//! deterministic: the run times (in `<time>` elements of the method section) are the only
//! part that changes between runs of the same command.

use super::{ReportContext, capitalise, is_invisible, plain};
use crate::detect::lexicon::Category;
use crate::detect::score::Band;
use crate::model::InputFile;
use crate::pipeline::{RunResult, Scored};
use chrono::{DateTime, SecondsFormat, Utc};
use std::fmt::Write as _;
use std::io;

/// Conversations listed by name in the summary.
const SUMMARY_TOP: usize = 10;
/// Reasons given per conversation in the summary.
const SUMMARY_REASONS: usize = 3;
/// Flagged messages shown per conversation in the timeline.
const MAX_FLAGGED: usize = 80;
/// Message numbers listed per indicator.
const MAX_MESSAGE_REFS: usize = 15;
/// Input files listed one by one; more are given as counts and a digest of the list.
const INPUTS_LISTED: usize = 50;
/// Characters of a message shown in the timeline.
const MAX_TEXT: usize = 2000;

/// The git commit the binary was built from, when the build set `GIT_COMMIT`.
pub const COMMIT: Option<&str> = option_env!("GIT_COMMIT");

const STYLE: &str = r#"
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 72rem; padding: 1.5rem; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Liberation Sans", Arial, sans-serif; color: #1a1a1a; background: #fff; }
h1 { font-size: 1.8rem; margin: 0 0 .25rem; }
h2 { font-size: 1.4rem; margin: 2.2rem 0 .6rem; padding-bottom: .2rem; border-bottom: 2px solid #1a1a1a; }
h3 { font-size: 1.15rem; margin: 1.4rem 0 .4rem; }
h4 { font-size: 1rem; margin: 1.1rem 0 .3rem; }
p, ul, ol, dl { margin: .4rem 0 .8rem; }
a { color: #0b4f9c; }
code, .hash { font-family: ui-monospace, "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: .85em; overflow-wrap: anywhere; }
.lead { font-size: 1.05rem; }
.note { border: 2px solid #1a1a1a; padding: .5rem .8rem; background: #f4f4f4; }
.muted { color: #4a4a4a; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 1rem; font-size: .93rem; }
caption { text-align: left; font-weight: 600; padding: .2rem 0; }
th, td { border: 1px solid #9a9a9a; padding: .3rem .45rem; text-align: left; vertical-align: top; }
thead th { background: #ececec; }
tbody th { font-weight: 600; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.band { display: inline-block; padding: .05rem .5rem; border-radius: .25rem; font-weight: 700; border: 1px solid #1a1a1a; white-space: nowrap; }
.band-high { background: #a4001d; color: #fff; }
.band-medium { background: #ffc845; color: #1a1a1a; }
.band-low { background: #d6e6f5; color: #1a1a1a; }
.band-none { background: #e8e8e8; color: #1a1a1a; }
article.conv { border-left: 8px solid #9a9a9a; padding: .2rem 0 .2rem 1rem; margin: 1.5rem 0 2.5rem; }
article.conv.high { border-left-color: #a4001d; }
article.conv.medium { border-left-color: #e0a000; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
td.msg { white-space: pre-wrap; overflow-wrap: anywhere; }
td, th, dd, li { overflow-wrap: anywhere; }
svg.activity { display: block; width: 100%; max-width: 45rem; height: auto; margin: .4rem 0 1rem; }
td.time { white-space: nowrap; }
tr.context td, tr.context th { color: #4a4a4a; background: #fafafa; }
tr.flagged th, tr.flagged td { background: #fff8e1; }
tr.gap td { text-align: center; color: #4a4a4a; font-style: italic; }
mark { background: #ffe066; color: #000; font-weight: 600; padding: 0 .1em; border-bottom: 2px solid #1a1a1a; }
.cc { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .8em; color: #6b0000; background: #f1e4e4; border: 1px dashed #6b0000; padding: 0 .15em; }
nav ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .3rem 1.2rem; }
footer { margin-top: 2rem; font-size: .85rem; color: #4a4a4a; }
@page {
  margin: 15mm 15mm 18mm;
  @bottom-left { content: "Chat screening report (groomscan)"; font: 8pt system-ui, sans-serif; color: #4a4a4a; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 8pt system-ui, sans-serif; color: #4a4a4a; }
}
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  nav { display: none; }
  a { color: inherit; text-decoration: none; }
  h2, h3, h4 { break-after: avoid; }
  tr, .note { break-inside: avoid; }
  article.conv { break-before: page; }
  .band, mark, .cc, tr.flagged td, tr.flagged th, article.conv { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
"#;

/// Appends text from the evidence, HTML-escaped, with invisible and control characters
/// shown as `[U+XXXX]` marks (new lines and tabs are kept).
pub fn push_text(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\t' => out.push(c),
            c if c.is_control() || is_invisible(c) => {
                let _ = write!(out, "<span class=\"cc\">[U+{:04X}]</span>", c as u32);
            }
            c => out.push(c),
        }
    }
}

/// Text from the evidence as HTML (see `push_text`).
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_text(&mut out, s);
    out
}

/// A value for an HTML attribute: escaped, invisible characters written as `[U+XXXX]`.
fn attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() || is_invisible(c) => {
                let _ = write!(out, "[U+{:04X}]", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// Message text with the byte ranges in `spans` wrapped in `<mark>`. Overlapping ranges
/// are merged; a range that does not fall on character boundaries is not marked.
pub fn marked(s: &str, spans: &[(usize, usize)]) -> String {
    let mut spans: Vec<(usize, usize)> = spans
        .iter()
        .copied()
        .filter(|&(a, b)| a < b && b <= s.len() && s.is_char_boundary(a) && s.is_char_boundary(b))
        .collect();
    spans.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (a, b) in spans {
        match merged.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => merged.push((a, b)),
        }
    }
    let mut out = String::with_capacity(s.len() + 16 * merged.len());
    let mut at = 0;
    for (a, b) in merged {
        push_text(&mut out, &s[at..a]);
        out.push_str("<mark>");
        push_text(&mut out, &s[a..b]);
        out.push_str("</mark>");
        at = b;
    }
    push_text(&mut out, &s[at..]);
    out
}

fn band_class(b: Band) -> &'static str {
    match b {
        Band::High => "high",
        Band::Medium => "medium",
        Band::Low => "low",
        Band::None => "none",
    }
}

fn band_badge(b: Band) -> String {
    format!(
        "<span class=\"band band-{}\">{}</span>",
        band_class(b),
        plain::band_word(b)
    )
}

/// A short label for a category in the timeline.
fn category_label(c: Category) -> &'static str {
    match c {
        Category::PersonalInfo => "personal details",
        Category::Age => "age talk",
        Category::RiskCheck => "checking if alone",
        Category::Flattery => "flattery, special trust",
        Category::Isolation => "isolation",
        Category::Secrecy => "secrecy",
        Category::Gifts => "gifts or money",
        Category::ImageRequest => "pictures or camera",
        Category::Sexual => "sexual talk",
        Category::PlatformSwitch => "moving to another app",
        Category::Meeting => "meeting in person",
        Category::Coercion => "threats or pressure",
        Category::Desensitisation => "normalising",
        Category::Family => "family context",
    }
}

fn utc(t: DateTime<Utc>) -> String {
    format!(
        "<time datetime=\"{}\">{} UTC</time>",
        t.to_rfc3339_opts(SecondsFormat::Secs, true),
        t.format("%Y-%m-%d %H:%M:%S")
    )
}

/// A command line as a person would type it (POSIX shell quoting).
fn shell_line(args: &[String]) -> String {
    let quoted: Vec<String> = args
        .iter()
        .map(|a| {
            let safe = !a.is_empty()
                && a.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "_-./:=+,@%".contains(c));
            if safe {
                a.clone()
            } else {
                format!("'{}'", a.replace('\'', "'\\''"))
            }
        })
        .collect();
    quoted.join(" ")
}

/// The input file a conversation came from (an archive member's archive).
/// The weights file the run used and its SHA-256 (the same choice as
/// `Weights::for_lexicon`).
fn weights_file(ctx: &ReportContext) -> (String, String) {
    match ctx
        .lexicon
        .extra_files
        .iter()
        .find(|(k, _)| k.ends_with("weights.toml"))
    {
        Some((path, body)) => (path.clone(), crate::hash::sha256_hex(body.as_bytes())),
        None => (
            "weights.toml (built in)".into(),
            crate::hash::sha256_hex(include_str!("../../lexicons/weights.toml").as_bytes()),
        ),
    }
}

/// The ranked conversations a report is written from, read in rank order a few at a
/// time: a run in memory (`Vec<Scored>`), or a case read from disk, so that a report of a
/// large case never holds it whole.
pub trait Conversations {
    /// How many conversations are ranked.
    fn len(&self) -> usize;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// The band of the conversation at `rank` (0-based).
    fn band(&self, rank: usize) -> Band;
    /// Messages over all ranked conversations.
    fn messages(&self) -> usize;
    /// Calls `f(rank, conversation)` for each of `ranks` (0-based, ascending), in order.
    fn each(&self, ranks: &[usize], f: &mut dyn FnMut(usize, &Scored)) -> io::Result<()>;
}

impl Conversations for Vec<Scored> {
    fn len(&self) -> usize {
        <[Scored]>::len(self)
    }
    fn band(&self, rank: usize) -> Band {
        self[rank].assessment.band
    }
    fn messages(&self) -> usize {
        self.iter().map(|s| s.conversation.messages.len()).sum()
    }
    fn each(&self, ranks: &[usize], f: &mut dyn FnMut(usize, &Scored)) -> io::Result<()> {
        for &r in ranks {
            f(r, &self[r]);
        }
        Ok(())
    }
}

/// Writes the HTML report of a run held in memory.
pub fn write<W: io::Write>(out: &mut W, run: &RunResult, ctx: &ReportContext) -> io::Result<()> {
    write_from(out, run, &run.conversations, ctx)
}

/// Writes the HTML report of `conversations`; `run` gives the inputs, errors and
/// assumptions (its own conversations are not read). The page is written as it is built,
/// a conversation at a time.
pub fn write_from<W: io::Write>(
    out: &mut W,
    run: &RunResult,
    conversations: &dyn Conversations,
    ctx: &ReportContext,
) -> io::Result<()> {
    let mut page = Page {
        h: String::with_capacity(64 * 1024),
        out,
    };
    let shown = ctx.top.unwrap_or(usize::MAX).min(conversations.len());
    let inputs = Inputs::of(run);
    head(&mut page.h, ctx);
    summary(&mut page, run, conversations, shown, ctx)?;
    // Before the evidence: a reader who stops after the summary knows what to do.
    next_steps(&mut page.h);
    attention(&mut page, &inputs, conversations, shown, ctx)?;
    others(&mut page, conversations, shown, ctx)?;
    method(&mut page.h, run, ctx);
    glossary(&mut page.h);
    let _ = writeln!(
        page.h,
        "</main>\n<footer><p>groomscan {} &middot; lexicon {} &middot; this file needs no \
         network and no scripts.</p></footer>\n</body>\n</html>",
        env!("CARGO_PKG_VERSION"),
        text(&ctx.lexicon.version)
    );
    page.flush()
}

/// The page being written: built in `h`, flushed to `out` a section or a conversation at
/// a time.
struct Page<'w, W: io::Write> {
    h: String,
    out: &'w mut W,
}

impl<W: io::Write> Page<'_, W> {
    fn flush(&mut self) -> io::Result<()> {
        self.out.write_all(self.h.as_bytes())?;
        self.h.clear();
        Ok(())
    }
}

/// The input files by path, for the source facts of each conversation.
struct Inputs<'a>(std::collections::HashMap<&'a str, &'a InputFile>);

impl<'a> Inputs<'a> {
    fn of(run: &'a RunResult) -> Self {
        let mut by = std::collections::HashMap::with_capacity(run.inputs.len());
        for i in &run.inputs {
            // The first of two inputs with one path, as a linear search would find.
            by.entry(i.path.as_str()).or_insert(i);
        }
        Inputs(by)
    }

    /// The input file of a conversation's source; a zip member's source is
    /// `archive.zip!member`, and the input is the archive.
    fn get(&self, source: &str) -> Option<&'a InputFile> {
        self.0.get(source).copied().or_else(|| {
            source
                .match_indices('!')
                .find_map(|(i, _)| self.0.get(&source[..i]).copied())
        })
    }
}

fn head(h: &mut String, ctx: &ReportContext) {
    let version = env!("CARGO_PKG_VERSION");
    h.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    h.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    h.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'\">\n");
    h.push_str("<meta name=\"referrer\" content=\"no-referrer\">\n");
    let _ = writeln!(
        h,
        "<meta name=\"generator\" content=\"groomscan {version}\">"
    );
    h.push_str("<title>Chat screening report (groomscan)</title>\n<style>");
    h.push_str(STYLE);
    h.push_str("</style>\n</head>\n<body>\n<header>\n<h1>Chat screening report</h1>\n");
    let _ = writeln!(
        h,
        "<p class=\"muted\">Made by groomscan {version}, a screening aid. A high band means \
         &ldquo;read this first&rdquo;; it does not establish that abuse happened.</p>"
    );
    if let Some(c) = ctx.case.filter(|c| !c.is_empty()) {
        h.push_str("<dl class=\"facts\" aria-label=\"Case\">\n");
        if let Some(r) = &c.reference {
            let _ = writeln!(h, "<dt>Case reference</dt><dd><bdi>{}</bdi></dd>", text(r));
        }
        for (label, list) in [("Examiner", &c.examiners), ("Exhibit", &c.exhibits)] {
            if !list.is_empty() {
                let items: Vec<String> = list
                    .iter()
                    .map(|v| format!("<bdi>{}</bdi>", text(v)))
                    .collect();
                let _ = writeln!(
                    h,
                    "<dt>{label}{}</dt><dd>{}</dd>",
                    s_(list.len()),
                    items.join("; ")
                );
            }
        }
        h.push_str("</dl>\n");
    }
    if ctx.redact {
        h.push_str(
            "<p class=\"note\"><strong>Redacted copy.</strong> Participant names are replaced \
             by pseudonyms (Person 1, Person 2, &hellip;), the same name by the same pseudonym \
             throughout, and phone numbers and e-mail addresses by [phone 1], [email 1], \
             &hellip;. Scores and ranks are unchanged.</p>\n",
        );
    }
    h.push_str(
        "<nav aria-label=\"Contents\"><ul>\
         <li><a href=\"#summary\">Summary</a></li>\
         <li><a href=\"#next\">What to do next</a></li>\
         <li><a href=\"#attention\">Conversations that need attention</a></li>\
         <li><a href=\"#others\">Other conversations</a></li>\
         <li><a href=\"#method\">Method and limitations</a></li>\
         <li><a href=\"#glossary\">Words used here</a></li>\
         </ul></nav>\n</header>\n<main>\n",
    );
}

/// The ranks (0-based) among the first `shown` whose band is at least medium (`urgent`)
/// or below it.
fn ranks_where(c: &dyn Conversations, shown: usize, urgent: bool) -> Vec<usize> {
    (0..shown)
        .filter(|&r| (c.band(r) >= Band::Medium) == urgent)
        .collect()
}

fn reasons_line(s: &Scored, n: usize) -> String {
    let r: Vec<String> = plain::reasons(&s.assessment.explanation.parts)
        .into_iter()
        .take(n)
        .map(|p| text(&plain::part_sentence(p)))
        .collect();
    if r.is_empty() {
        "no strong indicator".into()
    } else {
        r.join("; ")
    }
}

fn anchor(s: &Scored) -> String {
    format!("c-{}", attr(&s.conversation.id))
}

fn summary<W: io::Write>(
    page: &mut Page<W>,
    run: &RunResult,
    c: &dyn Conversations,
    shown: usize,
    ctx: &ReportContext,
) -> io::Result<()> {
    let total = c.len();
    let messages = c.messages();
    let count = |band: Band| (0..total).filter(|&r| c.band(r) == band).count();
    let h = &mut page.h;
    h.push_str("<section id=\"summary\" aria-labelledby=\"summary-h\">\n<h2 id=\"summary-h\">Summary</h2>\n");
    let _ = writeln!(
        h,
        "<p class=\"lead\">{total} conversation{} ({messages} message{}, from {} file{}) {} screened \
         for behaviour that is often part of online grooming.</p>",
        s_(total),
        s_(messages),
        run.inputs.len(),
        s_(run.inputs.len()),
        if total == 1 { "was" } else { "were" }
    );
    let (high, medium) = (count(Band::High), count(Band::Medium));
    h.push_str("<ul class=\"lead\">\n");
    let _ = writeln!(
        h,
        "<li><strong>{high}</strong> need{} attention now ({}).</li>",
        if high == 1 { "s" } else { "" },
        band_badge(Band::High)
    );
    let _ = writeln!(
        h,
        "<li><strong>{medium}</strong> should be looked at ({}).</li>",
        band_badge(Band::Medium)
    );
    let _ = writeln!(
        h,
        "<li>{} had few indicators ({}) and {} had no notable indicators ({}).</li>",
        count(Band::Low),
        band_badge(Band::Low),
        count(Band::None),
        band_badge(Band::None)
    );
    h.push_str("</ul>\n");
    if !run.duplicates.is_empty() {
        let n = run.duplicates.len();
        let _ = writeln!(
            h,
            "<p>{n} more conversation{} said exactly what a ranked one says (the same chat in \
             another file, such as a <code>.txt</code> and the <code>.zip</code> it came in) \
             and {} counted once; the method section lists {}.</p>",
            s_(n),
            if n == 1 { "is" } else { "are" },
            if n == 1 { "it" } else { "them" }
        );
    }
    let urgent = ranks_where(c, shown, true);
    if shown < total {
        let urgent_left = high + medium - urgent.len();
        let _ = writeln!(
            h,
            "<p>This report shows the {shown} highest-ranked of the {total} conversations; \
             {} more {} left out{}. Run it again with a larger <code>--top</code> to include \
             them.</p>",
            total - shown,
            if total - shown == 1 { "is" } else { "are" },
            if urgent_left > 0 {
                format!(", {urgent_left} of them high or medium")
            } else {
                String::new()
            }
        );
    }
    if urgent.is_empty() {
        h.push_str("<p>No conversation shown reached the medium or high band.");
        let mut first = String::new();
        c.each(&[0][..shown.min(1)], &mut |_, s| {
            first = format!(
                " The highest score was {:.2} (<a href=\"#{}\"><bdi>{}</bdi></a>).",
                s.assessment.score,
                anchor(s),
                text(&s.conversation.title)
            );
        })?;
        let h = &mut page.h;
        h.push_str(&first);
        h.push_str(" A low score does not mean that a conversation is safe.</p>\n");
    } else {
        h.push_str("<h3>Read these first</h3>\n<ol>\n");
        let listed = &urgent[..urgent.len().min(SUMMARY_TOP)];
        let mut items = String::new();
        c.each(listed, &mut |_, s| {
            let _ = writeln!(
                items,
                "<li><a href=\"#{}\"><bdi>{}</bdi></a> &ndash; {} (score {:.2}): {}.{}</li>",
                anchor(s),
                text(&s.conversation.title),
                band_badge(s.assessment.band),
                s.assessment.score,
                reasons_line(s, SUMMARY_REASONS),
                match ctx.review(&s.conversation.id) {
                    Some(r) => format!(" <strong>Review: {}.</strong>", r.status.name()),
                    None => String::new(),
                }
            );
        })?;
        let h = &mut page.h;
        h.push_str(&items);
        h.push_str("</ol>\n");
        if urgent.len() > SUMMARY_TOP {
            let _ = writeln!(
                h,
                "<p>&hellip; and {} more high or medium conversations below.</p>",
                urgent.len() - SUMMARY_TOP
            );
        }
    }
    page.h.push_str("</section>\n");
    page.flush()
}

fn s_(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn attention<W: io::Write>(
    page: &mut Page<W>,
    inputs: &Inputs,
    c: &dyn Conversations,
    shown: usize,
    ctx: &ReportContext,
) -> io::Result<()> {
    page.h.push_str("<section id=\"attention\" aria-labelledby=\"attention-h\">\n<h2 id=\"attention-h\">Conversations that need attention</h2>\n");
    let urgent = ranks_where(c, shown, true);
    if urgent.is_empty() {
        page.h
            .push_str("<p>None: no conversation shown reached the medium or high band.</p>\n");
    }
    let mut failed = Ok(());
    c.each(&urgent, &mut |rank, s| {
        conversation(
            &mut page.h,
            inputs,
            rank + 1,
            s,
            ctx.review(&s.conversation.id),
        );
        if failed.is_ok() {
            failed = page.flush();
        }
    })?;
    failed?;
    page.h.push_str("</section>\n");
    page.flush()
}

fn conversation(
    h: &mut String,
    inputs: &Inputs,
    rank: usize,
    s: &Scored,
    review: Option<&crate::index::review::Review>,
) {
    let a = &s.assessment;
    let c = &s.conversation;
    let _ = writeln!(
        h,
        "<article class=\"conv {}\" id=\"{}\" aria-labelledby=\"{}-h\">",
        band_class(a.band),
        anchor(s),
        anchor(s)
    );
    let _ = writeln!(
        h,
        "<h3 id=\"{}-h\">{rank}. <bdi>{}</bdi> &ndash; {} <span class=\"muted\">{}</span></h3>",
        anchor(s),
        text(&c.title),
        band_badge(a.band),
        plain::band_meaning(a.band)
    );
    h.push_str("<dl class=\"facts\">\n");
    let _ = writeln!(
        h,
        "<dt>Band</dt><dd>{}: {}</dd>",
        plain::band_word(a.band),
        plain::band_meaning(a.band)
    );
    let _ = writeln!(
        h,
        "<dt>Score</dt><dd>{:.2} (0 = nothing found, 1 = most concerning)</dd>",
        a.score
    );
    let _ = writeln!(h, "<dt>Messages</dt><dd>{}</dd>", c.messages.len());
    let _ = writeln!(
        h,
        "<dt>Language</dt><dd>{}</dd>",
        text(&plain::languages(&s.scan.language))
    );
    if let Some(r) = review {
        let _ = writeln!(
            h,
            "<dt>Review</dt><dd><strong>{}</strong> by <bdi>{}</bdi>, {}{}</dd>",
            r.status.name(),
            text(&r.examiner),
            text(&r.at),
            if r.note.is_empty() {
                String::new()
            } else {
                format!(": <q>{}</q>", text(&r.note))
            }
        );
    }
    if let Some(m) = a.first_warning_message {
        let _ = writeln!(
            h,
            "<dt>Read from</dt><dd>message {m}: the score first reached medium there</dd>"
        );
    }
    if let Some(m) = a.first_alert_message {
        let _ = writeln!(
            h,
            "<dt>First alert</dt><dd>the score first reached high at message {m}</dd>"
        );
    }
    let files: Vec<&str> = match &c.merged {
        Some(m) => m.files.iter().map(String::as_str).collect(),
        None => vec![c.source.as_str()],
    };
    for (k, file) in files.iter().enumerate() {
        let lines: Vec<u64> = c
            .messages
            .iter()
            .enumerate()
            .filter(|&(i, _)| c.source_of(i) == *file)
            .map(|(_, m)| m.line)
            .collect();
        let _ = writeln!(
            h,
            "<dt>{}</dt><dd><bdi>{}</bdi> ({}){}</dd>",
            if files.len() == 1 {
                "Source".to_string()
            } else {
                format!("Source {}", k + 1)
            },
            text(file),
            c.format.name(),
            match (lines.iter().min(), lines.iter().max()) {
                (Some(f), Some(l)) => format!(", lines {f}&ndash;{l}"),
                _ => String::new(),
            }
        );
        if let Some(input) = inputs.get(file) {
            let _ = writeln!(
                h,
                "<dt>File SHA-256</dt><dd class=\"hash\">{}</dd>",
                text(&input.sha256)
            );
        }
    }
    let _ = writeln!(
        h,
        "<dt>Conversation id</dt><dd><code>{}</code></dd>",
        text(&c.id)
    );
    h.push_str("</dl>\n");

    h.push_str("<h4>Why this score</h4>\n<ul>\n");
    let reasons = plain::reasons(&a.explanation.parts);
    if reasons.is_empty() {
        h.push_str("<li>No single strong indicator.</li>\n");
    }
    let flagged = flags(s);
    let rows = timeline_rows(s, &flagged[..flagged.len().min(MAX_FLAGGED)]);
    let target = Target {
        anchor: anchor(s),
        rows: &rows,
    };
    for p in reasons {
        let _ = writeln!(
            h,
            "<li>{}{}.</li>",
            text(&plain::part_sentence(p)),
            message_refs(&p.messages, &target)
        );
    }
    h.push_str("</ul>\n");
    let damp = plain::dampeners(&a.explanation.parts);
    if !damp.is_empty() {
        let words: Vec<String> = damp.iter().map(|p| text(&p.detail)).collect();
        let _ = writeln!(h, "<p>Lowered by: {}.</p>", words.join("; "));
    }

    participants(h, s);
    indicators(h, s);
    timeline(h, s, &flagged);
    h.push_str("</article>\n");
}

/// Where the timeline rows of a conversation are: its anchor and the messages (0-based,
/// ascending) that have a row.
struct Target<'a> {
    anchor: String,
    rows: &'a [usize],
}

/// "(messages #3, #7)", each number a link to its timeline row when it has one.
fn message_refs(messages: &[usize], target: &Target) -> String {
    if messages.is_empty() {
        return String::new();
    }
    let mut m: Vec<usize> = messages.to_vec();
    m.sort_unstable();
    m.dedup();
    let list: Vec<String> = m
        .iter()
        .take(MAX_MESSAGE_REFS)
        .map(|&n| {
            if n > 0 && target.rows.binary_search(&(n - 1)).is_ok() {
                format!("<a href=\"#{}-m{n}\">#{n}</a>", target.anchor)
            } else {
                format!("#{n}")
            }
        })
        .collect();
    let more = if m.len() > MAX_MESSAGE_REFS {
        format!(" and {} more", m.len() - MAX_MESSAGE_REFS)
    } else {
        String::new()
    };
    format!(
        " <span class=\"muted\">(message{} {}{more})</span>",
        s_(m.len()),
        list.join(", ")
    )
}

fn participants(h: &mut String, s: &Scored) {
    let a = &s.assessment;
    if a.participants.is_empty() {
        return;
    }
    h.push_str("<h4>Participants</h4>\n<table>\n<thead><tr><th scope=\"col\">Name</th><th scope=\"col\">Stated age</th><th scope=\"col\">Role</th><th scope=\"col\" class=\"num\">Risk (0&ndash;1)</th></tr></thead>\n<tbody>\n");
    for p in &a.participants {
        let ages: Vec<(u8, bool)> = p
            .age_claims
            .iter()
            .map(|&k| {
                let c = &s.scan.ages[k];
                (c.age, !c.about_other)
            })
            .collect();
        let stated = if p.stated_ages.is_empty() {
            "not stated".to_string()
        } else {
            let v: Vec<String> = p.stated_ages.iter().map(u8::to_string).collect();
            v.join(", ")
        };
        let name = if p.name.is_empty() {
            "(no name in the export)".to_string()
        } else {
            format!("<bdi>{}</bdi>", text(&p.name))
        };
        let _ = writeln!(
            h,
            "<tr><th scope=\"row\">{name}</th><td>{stated}</td><td>{}</td><td class=\"num\">{:.2}</td></tr>",
            plain::role_words(p.role, &ages),
            p.risk
        );
    }
    h.push_str("</tbody>\n</table>\n");
    if let Some(g) = &a.age_gap {
        let _ = writeln!(
            h,
            "<p><bdi>{}</bdi> says they are {}; <bdi>{}</bdi> says they are {}: {} years apart.</p>",
            text(&g.older),
            g.older_age,
            text(&g.younger),
            g.younger_age,
            g.years
        );
    }
}

fn indicators(h: &mut String, s: &Scored) {
    let a = &s.assessment;
    if a.indicators.is_empty() {
        return;
    }
    h.push_str("<h4>Indicators found</h4>\n<table>\n<thead><tr><th scope=\"col\">What was found</th><th scope=\"col\">In</th><th scope=\"col\">Written by</th><th scope=\"col\">Messages</th></tr></thead>\n<tbody>\n");
    for ind in &a.indicators {
        let mut messages: Vec<usize> = ind.hits.iter().map(|&k| s.scan.hits[k].message).collect();
        messages.dedup();
        let mut by: Vec<(&str, usize)> = Vec::new();
        for &m in &messages {
            let author = s.conversation.messages[m].author.as_str();
            match by.iter_mut().find(|(a, _)| *a == author) {
                Some((_, n)) => *n += 1,
                None => by.push((author, 1)),
            }
        }
        let by: Vec<String> = by
            .iter()
            .map(|(a, n)| {
                let a = if a.is_empty() { "(no name)" } else { a };
                format!("<bdi>{}</bdi> ({n})", text(a))
            })
            .collect();
        let refs: Vec<String> = messages
            .iter()
            .take(MAX_MESSAGE_REFS)
            .map(|m| format!("#{}", m + 1))
            .collect();
        let more = if messages.len() > MAX_MESSAGE_REFS {
            format!(" and {} more", messages.len() - MAX_MESSAGE_REFS)
        } else {
            String::new()
        };
        let _ = writeln!(
            h,
            "<tr><th scope=\"row\">{}</th><td>{} message{}{}</td><td>{}</td><td>{}{more}</td></tr>",
            capitalise(plain::action(ind.category)),
            messages.len(),
            s_(messages.len()),
            if ind.hits.len() > messages.len() {
                format!(" ({} matches)", ind.hits.len())
            } else {
                String::new()
            },
            by.join(", "),
            refs.join(", ")
        );
    }
    h.push_str("</tbody>\n</table>\n");
}

/// A flagged message: why, and the byte ranges to mark.
struct Flag {
    /// 0-based message index.
    message: usize,
    labels: Vec<String>,
    spans: Vec<(usize, usize)>,
}

/// What each flagged message was flagged for, in message order.
fn flags(s: &Scored) -> Vec<Flag> {
    let mut by_message: std::collections::BTreeMap<usize, Flag> = std::collections::BTreeMap::new();
    let mut add = |message: usize, label: String, span: (usize, usize)| {
        let f = by_message.entry(message).or_insert_with(|| Flag {
            message,
            labels: Vec::new(),
            spans: Vec::new(),
        });
        if !f.labels.contains(&label) {
            f.labels.push(label);
        }
        f.spans.push(span);
    };
    for hit in &s.scan.hits {
        add(
            hit.message,
            category_label(hit.category).to_string(),
            (hit.start, hit.end),
        );
    }
    for p in &s.assessment.participants {
        for &k in &p.age_claims {
            let c = &s.scan.ages[k];
            let label = if c.about_other {
                format!("age said about someone else: {}", c.age)
            } else {
                format!("stated age: {}", c.age)
            };
            add(c.message, label, (c.start, c.end));
        }
    }
    by_message.into_values().collect()
}

/// The messages (0-based) the timeline shows: each of the first `MAX_FLAGGED` flagged
/// messages with one before and one after, in order.
fn timeline_rows(s: &Scored, shown: &[Flag]) -> Vec<usize> {
    let n = s.conversation.messages.len();
    let mut rows: Vec<usize> = Vec::new();
    for f in shown {
        let m = f.message;
        for r in m.saturating_sub(1)..=(m + 1).min(n.saturating_sub(1)) {
            if rows.last().is_none_or(|&last| r > last) {
                rows.push(r);
            }
        }
    }
    rows
}

fn timeline(h: &mut String, s: &Scored, flagged: &[Flag]) {
    if flagged.is_empty() {
        return;
    }
    let messages = &s.conversation.messages;
    activity(h, s, flagged);
    h.push_str("<h4>Timeline of flagged messages</h4>\n");
    let shown = &flagged[..flagged.len().min(MAX_FLAGGED)];
    let _ = writeln!(
        h,
        "<p class=\"muted\">{} flagged message{}{}, each with one message of context before and \
         after. Matched words are <mark>marked</mark>. Times are UTC when the export gives a \
         full date and time, otherwise as written in the export.</p>",
        flagged.len(),
        s_(flagged.len()),
        if shown.len() < flagged.len() {
            format!(
                " (the first {} are shown; all are in the JSON and CSV output)",
                shown.len()
            )
        } else {
            String::new()
        }
    );
    h.push_str("<table>\n<thead><tr><th scope=\"col\">Message</th><th scope=\"col\">Line</th><th scope=\"col\">Time</th><th scope=\"col\">From</th><th scope=\"col\">Text</th><th scope=\"col\">Flagged for</th></tr></thead>\n<tbody>\n");
    let rows = timeline_rows(s, shown);
    let mut previous: Option<usize> = None;
    for r in rows {
        let gap = match previous {
            Some(p) => r - p - 1,
            None => r,
        };
        if gap > 0 {
            let _ = writeln!(
                h,
                "<tr class=\"gap\"><td colspan=\"6\">{gap} message{} not shown</td></tr>",
                s_(gap)
            );
        }
        previous = Some(r);
        let m = &messages[r];
        let flag = shown.iter().find(|f| f.message == r);
        let (class, body, why) = match flag {
            Some(f) => (
                "flagged",
                marked(&super::clip(&m.text, MAX_TEXT), &f.spans),
                text(&f.labels.join(", ")),
            ),
            None => (
                "context",
                text(&super::clip(&m.text, MAX_TEXT)),
                "<span class=\"muted\">context</span>".to_string(),
            ),
        };
        // A deletion placeholder is not the author's words: say so.
        let body = if m.deleted {
            format!("<span class=\"muted\">[deleted]</span> {body}")
        } else {
            body
        };
        let time = match m.time {
            Some(t) => t.format("%Y-%m-%d %H:%M").to_string(),
            None => text(&m.time_raw),
        };
        let author = if m.author.is_empty() {
            String::new()
        } else {
            format!("<bdi>{}</bdi>", text(&m.author))
        };
        let line = if s.conversation.merged.is_some() {
            format!(
                "{} <span class=\"muted\">in <bdi>{}</bdi></span>",
                m.line,
                text(s.conversation.source_of(r))
            )
        } else {
            m.line.to_string()
        };
        let _ = writeln!(
            h,
            "<tr class=\"{class}\" id=\"{}-m{}\"><th scope=\"row\" class=\"num\">#{}</th><td class=\"num\">{line}</td><td class=\"time\">{time}</td><td>{author}</td><td class=\"msg\" dir=\"auto\">{body}</td><td>{why}</td></tr>",
            anchor(s),
            r + 1,
            r + 1
        );
    }
    if let Some(p) = previous
        && p + 1 < messages.len()
    {
        let gap = messages.len() - p - 1;
        let _ = writeln!(
            h,
            "<tr class=\"gap\"><td colspan=\"6\">{gap} message{} not shown</td></tr>",
            s_(gap)
        );
    }
    h.push_str("</tbody>\n</table>\n");
}

/// Days shown at most as bars of the activity chart; longer chats are put in buckets of
/// several days.
const MAX_BARS: i64 = 120;

/// An inline SVG (no script) of when a conversation happened: messages per day (or per
/// few days) with the days holding flagged messages marked, and messages per hour of the
/// day (UTC) with the night hours (22:00 to 06:00) shaded, so late-night contact and
/// escalation show at a glance. Nothing when no message has a time.
fn activity(h: &mut String, s: &Scored, flagged: &[Flag]) {
    let messages = &s.conversation.messages;
    let days: Vec<Option<i64>> = messages
        .iter()
        .map(|m| m.time.map(|t| t.timestamp().div_euclid(86_400)))
        .collect();
    let (Some(first), Some(last)) = (days.iter().flatten().min(), days.iter().flatten().max())
    else {
        return;
    };
    let span = last - first + 1;
    let bucket = (span + MAX_BARS - 1) / MAX_BARS;
    let bars = (span + bucket - 1) / bucket;
    let mut per_bar = vec![0usize; bars as usize];
    let mut flagged_bar = vec![false; bars as usize];
    let mut per_hour = [0usize; 24];
    for (i, m) in messages.iter().enumerate() {
        let (Some(d), Some(t)) = (days[i], m.time) else {
            continue;
        };
        per_bar[((d - first) / bucket) as usize] += 1;
        per_hour[(t.timestamp().rem_euclid(86_400) / 3600) as usize] += 1;
    }
    for f in flagged {
        if let Some(d) = days.get(f.message).copied().flatten() {
            flagged_bar[((d - first) / bucket) as usize] = true;
        }
    }
    let untimed = days.iter().filter(|d| d.is_none()).count();
    let max_bar = per_bar.iter().copied().max().unwrap_or(1).max(1);
    let max_hour = per_hour.iter().copied().max().unwrap_or(1).max(1);
    let day = |d: i64| {
        DateTime::from_timestamp(d * 86_400, 0)
            .map_or(String::new(), |t| t.format("%Y-%m-%d").to_string())
    };
    let unit = if bucket == 1 {
        "day".to_string()
    } else {
        format!("{bucket} days")
    };
    h.push_str("<h4>When the messages were sent</h4>\n");
    let _ = writeln!(
        h,
        "<p class=\"muted\">Messages per {unit} from {} to {} (bars; red marks under a bar: \
         flagged messages that {unit}), and per hour of the day, UTC (the night hours, 22:00 \
         to 06:00, shaded){}.</p>",
        day(*first),
        day(*last),
        if untimed > 0 {
            format!(
                "; {untimed} message{} without a time are not shown",
                s_(untimed)
            )
        } else {
            String::new()
        }
    );
    // 720 x 150 user units, scaled to the page width.
    let w = 720i64;
    let bar_w = (w / bars).max(1);
    let _ = write!(
        h,
        "<svg class=\"activity\" viewBox=\"0 0 {w} 150\" role=\"img\" \
         aria-label=\"Messages per {unit} and per hour of the day\">\n<title>Messages per {unit} from {} to {}, and per hour of the day (UTC)</title>\n",
        day(*first),
        day(*last)
    );
    for (i, &n) in per_bar.iter().enumerate() {
        let x = i as i64 * w / bars;
        let height = (n as i64 * 70 + max_bar as i64 - 1) / max_bar as i64;
        if n > 0 {
            let from = first + i as i64 * bucket;
            let _ = writeln!(
                h,
                "<rect x=\"{x}\" y=\"{}\" width=\"{}\" height=\"{height}\" fill=\"#4a6fa5\"><title>{}: {n} message{}</title></rect>",
                72 - height,
                (bar_w - 1).max(1),
                day(from),
                s_(n)
            );
        }
        if flagged_bar[i] {
            let _ = writeln!(
                h,
                "<rect x=\"{x}\" y=\"75\" width=\"{}\" height=\"6\" fill=\"#b00020\"/>",
                (bar_w - 1).max(1)
            );
        }
    }
    for hour in 0..24i64 {
        let x = hour * 30;
        let n = per_hour[hour as usize];
        if !(6..22).contains(&hour) {
            let _ = writeln!(
                h,
                "<rect x=\"{x}\" y=\"95\" width=\"30\" height=\"30\" fill=\"#e6e6e6\"/>"
            );
        }
        if n > 0 {
            let shade = 15 + 85 * n / max_hour;
            let opacity = if shade >= 100 {
                "1".to_string()
            } else {
                format!("0.{shade:02}")
            };
            let _ = writeln!(
                h,
                "<rect x=\"{}\" y=\"98\" width=\"26\" height=\"24\" fill=\"#4a6fa5\" fill-opacity=\"{opacity}\"><title>{hour:02}:00 to {hour:02}:59 UTC: {n} message{}</title></rect>",
                x + 2,
                s_(n)
            );
        }
        if hour % 6 == 0 {
            let _ = writeln!(
                h,
                "<text x=\"{}\" y=\"142\" font-size=\"12\" fill=\"#444\">{hour:02}:00</text>",
                x + 2
            );
        }
    }
    h.push_str("</svg>\n");
}

fn others<W: io::Write>(
    page: &mut Page<W>,
    c: &dyn Conversations,
    shown: usize,
    ctx: &ReportContext,
) -> io::Result<()> {
    page.h.push_str("<section id=\"others\" aria-labelledby=\"others-h\">\n<h2 id=\"others-h\">Other conversations</h2>\n");
    let rest = ranks_where(c, shown, false);
    let left_out = c.len() - shown;
    if rest.is_empty() {
        if left_out == 0 {
            page.h.push_str("<p>None.</p>\n");
        } else {
            let _ = writeln!(
                page.h,
                "<p>None among the {shown} conversations in this report; {left_out} \
                 lower-ranked conversation{} {} left out (<code>--top</code>).</p>",
                s_(left_out),
                if left_out == 1 { "is" } else { "are" }
            );
        }
        page.h.push_str("</section>\n");
        return page.flush();
    }
    page.h.push_str(
        "<p>These reached only the low band or none. A low score does not mean that a \
         conversation is safe: keyword screening misses what it has no words for.</p>\n",
    );
    page.h.push_str("<table>\n<thead><tr><th scope=\"col\" class=\"num\">Rank</th><th scope=\"col\">Conversation</th><th scope=\"col\">Band</th><th scope=\"col\" class=\"num\">Score</th><th scope=\"col\" class=\"num\">Messages</th><th scope=\"col\">Main reason</th><th scope=\"col\">Source</th></tr></thead>\n<tbody>\n");
    let mut failed = Ok(());
    c.each(&rest, &mut |rank, s| {
        let reason = match plain::reasons(&s.assessment.explanation.parts).first() {
            Some(p) => text(&plain::part_sentence(p)),
            None => "<span class=\"muted\">nothing notable</span>".into(),
        };
        let reason = match ctx.review(&s.conversation.id) {
            Some(r) => format!("{reason} <strong>({})</strong>", r.status.name()),
            None => reason,
        };
        let _ = writeln!(
            page.h,
            "<tr id=\"{}\"><td class=\"num\">{}</td><th scope=\"row\"><bdi>{}</bdi></th><td>{}</td><td class=\"num\">{:.2}</td><td class=\"num\">{}</td><td>{reason}</td><td><bdi>{}</bdi></td></tr>",
            anchor(s),
            rank + 1,
            text(&s.conversation.title),
            band_badge(s.assessment.band),
            s.assessment.score,
            s.conversation.messages.len(),
            text(&s.conversation.source)
        );
        if failed.is_ok() && page.h.len() > 64 * 1024 {
            failed = page.flush();
        }
    })?;
    failed?;
    page.h.push_str("</tbody>\n</table>\n");
    if left_out > 0 {
        let _ = writeln!(
            page.h,
            "<p>{left_out} lower-ranked conversation{} {} left out of this report \
             (<code>--top</code>).</p>",
            s_(left_out),
            if left_out == 1 { "is" } else { "are" }
        );
    }
    page.h.push_str("</section>\n");
    page.flush()
}

/// Many inputs: counts per format and the SHA-256 of the list, which the JSON report and
/// the provenance record give in full.
fn inputs_digest(h: &mut String, inputs: &[InputFile]) {
    let _ = writeln!(
        h,
        "<p>{} files, {} bytes, {} conversations, {} messages. They are too many to list \
         here: the JSON report (<code>--format json</code>) and the provenance record \
         (<code>--provenance</code>) list every file with its SHA-256.</p>",
        inputs.len(),
        inputs.iter().map(|i| i.bytes).sum::<u64>(),
        inputs.iter().map(|i| i.conversations).sum::<usize>(),
        inputs.iter().map(|i| i.messages).sum::<usize>()
    );
    let _ = writeln!(
        h,
        "<p>SHA-256 of the input list: <span class=\"hash\">{}</span> (of one line \
         <code>SHA-256, two spaces, path</code> per file, in the JSON report's order: \
         <code>jq -r '.inputs[] | \"\\(.sha256)  \\(.path)\"' report.json | sha256sum</code>).</p>",
        input_list_sha256(inputs)
    );
    let mut by: std::collections::BTreeMap<&str, (usize, u64, usize, usize)> =
        std::collections::BTreeMap::new();
    for i in inputs {
        let e = by.entry(i.format.as_str()).or_default();
        e.0 += 1;
        e.1 += i.bytes;
        e.2 += i.conversations;
        e.3 += i.messages;
    }
    h.push_str("<table>\n<thead><tr><th scope=\"col\">Format</th><th scope=\"col\" class=\"num\">Files</th><th scope=\"col\" class=\"num\">Bytes</th><th scope=\"col\" class=\"num\">Conversations</th><th scope=\"col\" class=\"num\">Messages</th></tr></thead>\n<tbody>\n");
    for (format, (files, bytes, conversations, messages)) in by {
        let _ = writeln!(
            h,
            "<tr><th scope=\"row\">{}</th><td class=\"num\">{files}</td><td class=\"num\">{bytes}</td><td class=\"num\">{conversations}</td><td class=\"num\">{messages}</td></tr>",
            text(format)
        );
    }
    h.push_str("</tbody>\n</table>\n");
}

/// The SHA-256 of `sha256  path\n` for each input in order (as `sha256sum` prints).
pub fn input_list_sha256(inputs: &[InputFile]) -> String {
    let mut list = String::new();
    for i in inputs {
        let _ = writeln!(list, "{}  {}", i.sha256, i.path);
    }
    crate::hash::sha256_hex(list.as_bytes())
}

/// The terms the report uses, in plain words.
fn glossary(h: &mut String) {
    h.push_str(
        r#"<section id="glossary" aria-labelledby="glossary-h">
<h2 id="glossary-h">Words used here</h2>
<dl class="facts">
<dt>Score</dt><dd>A number from 0 to 1 for how much of a conversation looks like the behaviour grooming is made of. It orders the reading; it is not a probability that abuse happened.</dd>
<dt>Band</dt><dd>The score in four steps: high (needs attention now), medium (should be looked at), low (few indicators), none (no notable indicators).</dd>
<dt>Indicator</dt><dd>A kind of behaviour looked for, such as asking for pictures, asking to keep secrets, checking whether someone is alone, gifts, or plans to meet. Each one found is tied to the message it is in.</dd>
<dt>Read from, first alert</dt><dd>The message at which the score, read from the start, first reached the medium band (where to start reading) and the high band.</dd>
<dt>Stated age</dt><dd>An age someone gives in the chat (&ldquo;im 14&rdquo;). It is what was written, not a checked fact.</dd>
<dt>Possible child, highest-risk participant</dt><dd>Roles the tool suggests from stated ages and from whose messages carry the indicators. A person has to judge them.</dd>
<dt>SHA-256</dt><dd>A fingerprint of a file's exact bytes: if one byte of the file changes, it changes. It shows the report was made from the file as it is kept.</dd>
<dt>Redacted</dt><dd>A copy with names, phone numbers and e-mail addresses replaced by pseudonyms, for sharing beyond the people who need the originals.</dd>
</dl>
</section>
"#,
    );
}

fn next_steps(h: &mut String) {
    h.push_str(
        r#"<section id="next" aria-labelledby="next-h">
<h2 id="next-h">What to do next</h2>
<p>This report shows where a chat contains behaviour that is often part of online grooming. It does not establish that abuse happened, and it does not say who did what: a person has to read the messages in context. If you have a concern about a child, or about an adult at risk (someone with care and support needs, such as a learning disability), act on the concern, not on the score.</p>
<ol>
<li>Follow your organisation's safeguarding policy and speak to your designated safeguarding lead (or whoever holds that role) as soon as you can.</li>
<li>If anyone is in immediate danger, call the police on the emergency number.</li>
<li>Contact your local authority's children's social care service (for an adult at risk, its adult social care or safeguarding adults team) to make a referral or to ask for advice. They decide, with the police, what happens next.</li>
<li>Preserve the evidence: keep the device and the original export as they are, and keep this report with them. Do not delete, edit, copy or forward the messages or any images.</li>
<li>Do not confront or contact the person who sent the messages.</li>
<li>Listen to the person at risk, do not promise to keep it secret, and tell them what will happen next. Write down what they said in their own words, with the date and time.</li>
</ol>
<p>Before sharing this report beyond the people who need it, make a redacted copy (<code>--redact</code>).</p>
</section>
"#,
    );
}

fn method(h: &mut String, run: &RunResult, ctx: &ReportContext) {
    let w = ctx.weights;
    let (weights_path, weights_sha) = weights_file(ctx);
    h.push_str("<section id=\"method\" aria-labelledby=\"method-h\">\n<h2 id=\"method-h\">Method and limitations</h2>\n<h3>How this report was made</h3>\n<dl class=\"facts\">\n");
    let _ = writeln!(
        h,
        "<dt>Tool</dt><dd>groomscan {} (commit {})</dd>",
        env!("CARGO_PKG_VERSION"),
        text(COMMIT.unwrap_or("unknown"))
    );
    let _ = writeln!(
        h,
        "<dt>Lexicon</dt><dd>version {}, SHA-256 <span class=\"hash\">{}</span></dd>",
        text(&ctx.lexicon.version),
        text(&ctx.lexicon.sha256)
    );
    let _ = writeln!(
        h,
        "<dt>Weights</dt><dd>{}, SHA-256 <span class=\"hash\">{weights_sha}</span></dd>",
        text(&weights_path)
    );
    if let Some(m) = ctx.model {
        let _ = writeln!(
            h,
            "<dt>Trained model</dt><dd>{} (replaces the default weights), SHA-256 <span class=\"hash\">{}</span></dd>",
            text(&m.path),
            text(&m.sha256)
        );
    }
    let _ = writeln!(
        h,
        "<dt>Bands</dt><dd>high: score &ge; {}; medium: &ge; {}; low: &ge; {}; none: below {}</dd>",
        w.bands.high, w.bands.medium, w.bands.low, w.bands.low
    );
    let _ = writeln!(
        h,
        "<dt>Command line</dt><dd><code>{}</code></dd>",
        if ctx.command_line.is_empty() {
            "unknown".to_string()
        } else {
            text(&shell_line(ctx.command_line))
        }
    );
    let _ = writeln!(
        h,
        "<dt>Run started</dt><dd>{}</dd>\n<dt>Analysis ended</dt><dd>{}</dd>",
        ctx.started.map_or("unknown".into(), utc),
        ctx.ended.map_or("unknown".into(), utc)
    );
    let _ = writeln!(
        h,
        "<dt>Redacted</dt><dd>{}</dd>",
        if ctx.redact {
            "yes: names, phone numbers and e-mail addresses replaced by pseudonyms"
        } else {
            "no"
        }
    );
    h.push_str("</dl>\n");
    h.push_str(
        "<p>Each message is normalised (Unicode NFKC, lower case, look-alike and leetspeak \
         folding, repeated letters squeezed, invisible characters removed) and matched against \
         the lexicon's phrases and patterns; stated ages (&ldquo;im 15&rdquo;, &ldquo;25m&rdquo;) \
         are found per author. The score is a logistic function of a few parts: for the \
         participant with the most evidence, each indicator category contributes up to its \
         weight (repeats add less and less), plus breadth across categories and a move from \
         trust-building to contact requests; an adult&ndash;minor age gap raises it; family \
         context, group chats, long chats and participants who all state adult (or similar \
         minor) ages lower it. The same inputs, tool version, lexicon and weights give the same \
         result; only the run times above differ.</p>\n",
    );
    h.push_str("<h3>Inputs</h3>\n");
    if run.inputs.len() > INPUTS_LISTED {
        inputs_digest(h, &run.inputs);
    } else if run.inputs.is_empty() {
        h.push_str("<p>No input files were read.</p>\n");
    } else {
        h.push_str("<table>\n<thead><tr><th scope=\"col\">File</th><th scope=\"col\">Format</th><th scope=\"col\" class=\"num\">Bytes</th><th scope=\"col\" class=\"num\">Conversations</th><th scope=\"col\" class=\"num\">Messages</th><th scope=\"col\">SHA-256</th></tr></thead>\n<tbody>\n");
        for i in &run.inputs {
            let _ = writeln!(
                h,
                "<tr><th scope=\"row\"><bdi>{}</bdi></th><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"hash\">{}</td></tr>",
                text(&i.path),
                text(&i.format),
                i.bytes,
                i.conversations,
                i.messages,
                text(&i.sha256)
            );
        }
        h.push_str("</tbody>\n</table>\n");
    }
    if !run.duplicates.is_empty() {
        h.push_str("<h3>The same chat in two files</h3>\n<p>These conversations say exactly what a ranked one says (every message's author, time and text) and are not ranked again.</p>\n<table>\n<thead><tr><th scope=\"col\">Conversation</th><th scope=\"col\">Source</th><th scope=\"col\">Same as</th><th scope=\"col\">Its source</th></tr></thead>\n<tbody>\n");
        for d in &run.duplicates {
            let _ = writeln!(
                h,
                "<tr><th scope=\"row\"><code>{}</code></th><td><bdi>{}</bdi></td><td><code>{}</code></td><td><bdi>{}</bdi></td></tr>",
                text(&d.id),
                text(&d.source),
                text(&d.same_as),
                text(&d.same_as_source)
            );
        }
        h.push_str("</tbody>\n</table>\n");
    }
    h.push_str("<h3>Records skipped</h3>\n");
    if run.errors.is_empty() {
        h.push_str("<p>None: every file and record was read.</p>\n");
    } else {
        h.push_str("<table>\n<thead><tr><th scope=\"col\">File</th><th scope=\"col\" class=\"num\">Line or record</th><th scope=\"col\">Why</th></tr></thead>\n<tbody>\n");
        for e in &run.errors {
            let _ = writeln!(
                h,
                "<tr><th scope=\"row\"><bdi>{}</bdi></th><td class=\"num\">{}</td><td>{}</td></tr>",
                text(&e.path),
                e.line.map_or("whole file".into(), |l| l.to_string()),
                text(&e.message)
            );
        }
        h.push_str("</tbody>\n</table>\n");
    }
    h.push_str("<h3>Assumptions</h3>\n");
    if run.assumptions.is_empty() {
        h.push_str("<p>None.</p>\n");
    } else {
        // The same assumption about many files is said once, with the files.
        h.push_str("<ul>\n");
        for (what, files) in super::group_assumptions(&run.assumptions) {
            let files: Vec<String> = files
                .iter()
                .filter(|f| !f.is_empty())
                .map(|f| format!("<bdi>{}</bdi>", text(f)))
                .collect();
            let _ = writeln!(
                h,
                "<li>{}{}</li>",
                capitalise(&text(what)),
                if files.is_empty() {
                    String::new()
                } else {
                    format!(" <span class=\"muted\">({})</span>", files.join(", "))
                }
            );
        }
        h.push_str("</ul>\n");
    }
    h.push_str(
        r#"<h3>Limitations</h3>
<ul>
<li>groomscan is a screening aid that puts conversations in an order for reading. It is not a finding: a person must read the conversations, in context.</li>
<li>It works from keywords, phrases and the structure of the chat (who says what, stated ages, order). It does not understand meaning, tone or jokes, and it does not see images, voice notes, calls, deleted messages or other apps.</li>
<li>The lexicon is in English; stated ages are also read in German, Dutch, French and Spanish. Each conversation's language is shown with it. Other languages, new slang and code words are missed.</li>
<li>False positives happen: families, friends and classmates use many of the same words. False negatives happen too: grooming that avoids these words can score low or none. A low score does not mean a conversation is safe.</li>
<li>Stated ages are what people wrote; they may be untrue.</li>
<li>The development chats that ship with groomscan were written for the project. They are a regression test, not a measure of accuracy, and no accuracy figure applies to your data.</li>
</ul>
</section>
"#,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_invisible_characters_shown() {
        let table = [
            ("plain", "plain"),
            (
                "<script>alert(1)</script>",
                "&lt;script&gt;alert(1)&lt;/script&gt;",
            ),
            (
                "<img src=x onerror=\"go()\">",
                "&lt;img src=x onerror=&quot;go()&quot;&gt;",
            ),
            ("</style>", "&lt;/style&gt;"),
            ("a & b 'c'", "a &amp; b &#39;c&#39;"),
            ("abc\u{202E}fed", "abc<span class=\"cc\">[U+202E]</span>fed"),
            ("x\u{200B}y", "x<span class=\"cc\">[U+200B]</span>y"),
            ("\u{2067}iso", "<span class=\"cc\">[U+2067]</span>iso"),
            ("bell\x07", "bell<span class=\"cc\">[U+0007]</span>"),
            ("two\nlines", "two\nlines"),
            ("tag\u{E0041}", "tag<span class=\"cc\">[U+E0041]</span>"),
        ];
        for (input, want) in table {
            assert_eq!(text(input), want, "{input:?}");
        }
        assert_eq!(attr("a\"b\u{202E}"), "a&quot;b[U+202E]");
    }

    #[test]
    fn marks_merge_and_escape() {
        type Case<'a> = (&'a str, &'a [(usize, usize)], &'a str);
        let table: [Case; 5] = [
            ("send me a pic", &[(0, 13)], "<mark>send me a pic</mark>"),
            ("a <b> c", &[(2, 5)], "a <mark>&lt;b&gt;</mark> c"),
            ("abcdef", &[(0, 3), (2, 4)], "<mark>abcd</mark>ef"),
            ("héllo", &[(1, 2)], "héllo"),
            ("abc", &[(1, 9)], "abc"),
        ];
        for (input, spans, want) in table {
            assert_eq!(marked(input, spans), want, "{input:?}");
        }
    }

    #[test]
    fn command_lines_are_quoted() {
        let args: Vec<String> = ["groomscan", "scan", "my chats/a.txt", "it's"]
            .map(String::from)
            .to_vec();
        assert_eq!(
            shell_line(&args),
            "groomscan scan 'my chats/a.txt' 'it'\\''s'"
        );
    }
}
