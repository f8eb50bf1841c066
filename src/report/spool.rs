//! Ranked output in bounded memory. The machine formats list every conversation, and on a
//! large corpus the report is bigger than the input, so it cannot be held in memory until
//! the ranking is known. Instead each scored conversation is rendered once, in the thread
//! that scored it, into its format's bytes without its rank (a *fragment*); the fragment
//! goes to a spool (an anonymous scratch file, deleted by the OS when the process ends, or
//! memory for small runs and tests) and only an `Entry` stays in memory: the ranking key,
//! the band and where the fragment is. At the end the entries are sorted into the ranking
//! (`pipeline::order`) and each writer copies the fragments out in rank order, adding the
//! rank. The in-memory path (`report::write`) goes through the same fragments, so a
//! streamed report and an in-memory one are the same bytes.

use super::{OutputFormat, ReportContext, csv, json, table};
use crate::detect::score::Band;
use crate::pipeline::{Scored, order};
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::sync::Mutex;

/// Where a fragment is in the spool.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Span {
    offset: u64,
    len: u64,
}

/// What is kept in memory of one conversation: enough to rank it and count it.
#[derive(Clone, Debug)]
pub struct Entry {
    pub score: f64,
    pub id: String,
    pub source: String,
    pub band: Band,
    /// `Scored::content_sha256`, to rank one chat read from two files once.
    pub content_sha256: Option<String>,
    /// The conversation in the report format.
    report: Span,
    /// Its rows of the evidence CSV, when one is written (see `csv::evidence_fragment`).
    evidence: Option<Span>,
}

enum Store {
    Memory(Vec<u8>),
    File { file: File, len: u64 },
}

/// Append-only storage of fragments, shared by the scoring threads.
pub struct Spool(Mutex<Store>);

impl Spool {
    /// A spool in memory (small runs, the case's `rank`, tests).
    pub fn memory() -> Spool {
        Spool(Mutex::new(Store::Memory(Vec::new())))
    }

    /// A spool in an anonymous scratch file in the system's temporary folder (`TMPDIR`),
    /// never next to the evidence; the OS deletes it when the process ends.
    pub fn scratch_file() -> io::Result<Spool> {
        Ok(Spool(Mutex::new(Store::File {
            file: tempfile::tempfile()?,
            len: 0,
        })))
    }

    fn append(&self, bytes: &[u8]) -> io::Result<Span> {
        let mut store = self.0.lock().unwrap_or_else(|e| e.into_inner());
        match &mut *store {
            Store::Memory(buf) => {
                let offset = buf.len() as u64;
                buf.extend_from_slice(bytes);
                Ok(Span {
                    offset,
                    len: bytes.len() as u64,
                })
            }
            Store::File { file, len } => {
                let offset = *len;
                file.write_all(bytes)?;
                *len += bytes.len() as u64;
                Ok(Span {
                    offset,
                    len: bytes.len() as u64,
                })
            }
        }
    }

    fn read(&self, span: Span, buf: &mut Vec<u8>) -> io::Result<()> {
        buf.clear();
        let mut store = self.0.lock().unwrap_or_else(|e| e.into_inner());
        match &mut *store {
            Store::Memory(bytes) => {
                buf.extend_from_slice(
                    &bytes[span.offset as usize..(span.offset + span.len) as usize],
                );
                Ok(())
            }
            Store::File { file, .. } => {
                file.seek(SeekFrom::Start(span.offset))?;
                buf.resize(span.len as usize, 0);
                file.read_exact(buf)
            }
        }
    }
}

/// Renders scored conversations into fragments of one report format.
pub struct Renderer<'a> {
    pub format: OutputFormat,
    /// Also render the rows of the evidence CSV.
    pub evidence_csv: bool,
    pub ctx: &'a ReportContext<'a>,
    pub spool: &'a Spool,
}

impl Renderer<'_> {
    /// Renders one conversation into the spool; returns what stays in memory.
    pub fn render(&self, s: &Scored) -> io::Result<Entry> {
        let mut buf = Vec::new();
        match self.format {
            OutputFormat::Table => {
                table::fragment(&mut buf, s, self.ctx)?;
                if let Some(r) = self.ctx.review(&s.conversation.id) {
                    table::review_line(&mut buf, r)?;
                }
            }
            OutputFormat::Json => json::fragment(&mut buf, s, self.ctx)?,
            OutputFormat::Jsonl => json::line_fragment(&mut buf, s, self.ctx)?,
            OutputFormat::Csv => csv::fragment(&mut buf, s, self.ctx)?,
            // HTML is for people and is written from the run in memory (`html::write`).
            OutputFormat::Html => {}
            OutputFormat::Part => super::part::line(&mut buf, s, self.ctx)?,
        }
        let report = self.spool.append(&buf)?;
        let evidence = if self.evidence_csv {
            buf.clear();
            csv::evidence_fragment(&mut buf, s, self.ctx)?;
            Some(self.spool.append(&buf)?)
        } else {
            None
        };
        Ok(Entry {
            score: s.assessment.score,
            id: s.conversation.id.clone(),
            source: s.conversation.source.clone(),
            band: s.assessment.band,
            content_sha256: s.content_sha256.clone(),
            report,
            evidence,
        })
    }
}

impl Spool {
    /// Keeps a conversation rendered elsewhere (a part's line, `report::part`): its
    /// fragment of `format` (and its evidence CSV rows when `evidence_csv`) go to the
    /// spool; returns what stays in memory.
    pub fn push_line(
        &self,
        line: super::part::Line,
        format: OutputFormat,
        evidence_csv: bool,
    ) -> io::Result<Entry> {
        let fragment = line
            .fragment(format)
            .ok_or_else(|| io::Error::other(format!("a part has no {format:?} fragments")))?;
        let report = self.append(fragment.as_bytes())?;
        let evidence = if evidence_csv {
            Some(self.append(&line.evidence_fragment())?)
        } else {
            None
        };
        Ok(Entry {
            score: line.score,
            id: line.id,
            source: line.source,
            band: line.band,
            content_sha256: line.content_sha256,
            report,
            evidence,
        })
    }
}

/// The ranked conversations of a run as fragments: what the writers iterate.
pub struct Ranking<'a> {
    entries: &'a [Entry],
    spool: &'a Spool,
}

impl<'a> Ranking<'a> {
    /// `entries` must already be in ranking order (`sort`).
    pub fn new(entries: &'a [Entry], spool: &'a Spool) -> Self {
        Ranking { entries, spool }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// How many conversations are in `band`.
    pub fn count(&self, band: Band) -> usize {
        self.entries.iter().filter(|e| e.band == band).count()
    }

    /// The first `n` entries in rank order.
    pub fn top(&self, n: usize) -> &'a [Entry] {
        &self.entries[..n.min(self.entries.len())]
    }

    /// Calls `f(rank, entry, fragment)` for the first `top` conversations (all when
    /// `None`), in rank order, with each one's report fragment.
    pub fn each_report(
        &self,
        top: Option<usize>,
        f: impl FnMut(usize, &Entry, &[u8]) -> io::Result<()>,
    ) -> io::Result<()> {
        self.each(top, |e| Some(e.report), f)
    }

    /// `each_report` with the evidence CSV fragments (empty when none was rendered).
    pub fn each_evidence(
        &self,
        top: Option<usize>,
        f: impl FnMut(usize, &Entry, &[u8]) -> io::Result<()>,
    ) -> io::Result<()> {
        self.each(top, |e| e.evidence, f)
    }

    fn each(
        &self,
        top: Option<usize>,
        span: impl Fn(&Entry) -> Option<Span>,
        mut f: impl FnMut(usize, &Entry, &[u8]) -> io::Result<()>,
    ) -> io::Result<()> {
        let mut buf = Vec::new();
        for (i, e) in self.top(top.unwrap_or(usize::MAX)).iter().enumerate() {
            match span(e) {
                Some(span) => self.spool.read(span, &mut buf)?,
                None => buf.clear(),
            }
            f(i + 1, e, &buf)?;
        }
        Ok(())
    }
}

/// Removes entries (in rank order) that say what a higher-ranked one says; returns them
/// (`pipeline::drop_duplicates`). Their fragments stay in the spool, unread.
pub fn drop_duplicates(entries: &mut Vec<Entry>) -> Vec<crate::pipeline::DuplicateConversation> {
    crate::pipeline::drop_duplicates(entries, |e| (e.content_sha256.as_deref(), &e.id, &e.source))
}

/// Sorts entries into the ranking: score descending, then id, then source.
pub fn sort(entries: &mut [Entry]) {
    entries.sort_by(|a, b| order((a.score, &a.id, &a.source), (b.score, &b.id, &b.source)));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::lexicon::Lexicon;
    use crate::detect::score::{Scorer, Weights};
    use crate::pipeline::{self, Config};

    /// The streamed path (score in any order, spool to a file, sort, copy out) gives the
    /// same bytes as the in-memory writers, and the JSON document is what serde would
    /// print for the whole document at once.
    #[test]
    fn streamed_reports_are_the_in_memory_reports() {
        let lexicon = Lexicon::builtin().unwrap();
        let weights = Weights::for_lexicon(&lexicon).unwrap();
        let config = Config {
            // Grooming and hard negatives, plus a merged Messenger chat in two files.
            paths: vec!["corpora/dev".into(), "../shared/samples/messenger".into()],
            ..Config::default()
        };
        let run = pipeline::run(&config, &lexicon, &weights);
        assert!(run.conversations.len() > 60, "{}", run.conversations.len());
        for top in [None, Some(3), Some(0)] {
            let ctx = ReportContext {
                top,
                ..ReportContext::new(&lexicon, &weights)
            };
            let mut pretty = serde_json::to_vec_pretty(&json::document(&run, &ctx)).unwrap();
            pretty.push(b'\n');
            let mut memory = Vec::new();
            super::super::write(&mut memory, OutputFormat::Json, &run, &ctx).unwrap();
            assert!(
                memory == pretty,
                "top {top:?}: JSON differs from serde's document"
            );
            // The table also drawn for a terminal: coloured bands, clipped titles.
            let tty = ReportContext {
                terminal: super::super::terminal::Terminal {
                    color: true,
                    width: Some(70),
                },
                top,
                ..ReportContext::new(&lexicon, &weights)
            };
            for (format, ctx) in [
                (OutputFormat::Json, &ctx),
                (OutputFormat::Jsonl, &ctx),
                (OutputFormat::Csv, &ctx),
                (OutputFormat::Table, &ctx),
                (OutputFormat::Table, &tty),
            ] {
                let spool = Spool::scratch_file().unwrap();
                let renderer = Renderer {
                    format,
                    evidence_csv: true,
                    ctx,
                    spool: &spool,
                };
                let (meta, entries) = pipeline::stream(
                    &config,
                    &lexicon,
                    &Scorer::new(&weights),
                    || {},
                    |s| renderer.render(&s).unwrap(),
                );
                let mut entries = entries;
                sort(&mut entries);
                let ranking = Ranking::new(&entries, &spool);
                assert_eq!(meta.inputs, run.inputs);
                assert_eq!(meta.assumptions, run.assumptions);
                let mut streamed = Vec::new();
                super::super::write_ranked(&mut streamed, format, &meta, &ranking, ctx).unwrap();
                let mut memory = Vec::new();
                super::super::write(&mut memory, format, &run, ctx).unwrap();
                assert!(
                    streamed == memory,
                    "{format:?} top {top:?} {:?}: streamed output differs",
                    ctx.terminal
                );
                let mut streamed = Vec::new();
                csv::write_evidence(&mut streamed, &ranking, ctx).unwrap();
                let mut memory = Vec::new();
                super::super::write_evidence_csv(&mut memory, &run, ctx).unwrap();
                assert!(streamed == memory, "evidence CSV top {top:?} differs");
            }
            let mut coloured = Vec::new();
            super::super::write(&mut coloured, OutputFormat::Table, &run, &tty).unwrap();
            let coloured = String::from_utf8(coloured).unwrap();
            if top != Some(0) {
                assert!(coloured.contains("\x1b[1;31mhigh\x1b[0m"), "{coloured}");
            }
        }
    }

    #[test]
    fn spools_give_back_what_was_appended() {
        for spool in [Spool::memory(), Spool::scratch_file().unwrap()] {
            let parts: [&[u8]; 4] = [b"first", b"", b"\n{\"x\": 1}\n", &[0, 255, 7]];
            let spans: Vec<Span> = parts.iter().map(|p| spool.append(p).unwrap()).collect();
            let mut buf = b"stale".to_vec();
            // Read back out of order, as the ranking does.
            for i in [2, 0, 3, 1] {
                spool.read(spans[i], &mut buf).unwrap();
                assert_eq!(buf, parts[i]);
            }
        }
    }
}
