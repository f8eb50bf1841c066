//! The pipeline over many inputs: expand paths, read and parse files, scan and score every
//! conversation, and rank. This is the only module that uses rayon. One bad input never
//! stops a batch; the result says what was skipped. The output order is a total order
//! (score descending, then id), so it does not depend on the thread count.
//!
//! Exit codes, in one place (see `ExitStatus`):
//! - 0: every input was read without error;
//! - 1: usage or configuration error (bad flag, broken lexicon, output not writable);
//! - 2: the run finished, but some inputs or records were skipped (listed in `errors`).

use crate::detect::lexicon::Lexicon;
use crate::detect::scan::{ScanResult, scan};
use crate::detect::score::{Assessment, Scorer, Weights, assess_with};
use crate::error::InputError;
use crate::ingest::{self, IngestOptions};
use crate::model::{Conversation, InputFile};
use rayon::prelude::*;
use std::path::PathBuf;

/// What to run, as plain data (the CLI builds it).
#[derive(Clone, Debug, Default)]
pub struct Config {
    pub paths: Vec<PathBuf>,
    pub ingest: IngestOptions,
    /// How folders among `paths` are walked (links, hidden entries).
    pub walk: ingest::WalkOptions,
    /// Problems found while listing `paths` (a `--files-from` line naming nothing,
    /// `ingest::read_list`): reported first, before the walk's.
    pub errors: Vec<InputError>,
}

/// One conversation with what the engine made of it.
#[derive(Clone, Debug)]
pub struct Scored {
    pub conversation: Conversation,
    pub scan: ScanResult,
    pub assessment: Assessment,
    /// `Conversation::content_sha256` of the conversation as read (kept by a case, whose
    /// rebuilt conversations hold only the cited messages): the same chat read from two
    /// files is ranked once (`drop_duplicates`).
    pub content_sha256: Option<String>,
}

/// A conversation that says exactly what a higher-ranked one says (the same chat read
/// from another file), listed instead of ranked twice.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct DuplicateConversation {
    pub id: String,
    pub source: String,
    /// The conversation that is ranked.
    pub same_as: String,
    pub same_as_source: String,
}

/// Removes from `items` (in rank order) every item whose content digest an earlier one
/// has, and lists each as a duplicate of the first. `key` gives an item's digest, id and
/// source. Deterministic: the ranking decides which copy stays.
pub fn drop_duplicates<T>(
    items: &mut Vec<T>,
    key: impl Fn(&T) -> (Option<&str>, &str, &str),
) -> Vec<DuplicateConversation> {
    let mut first: std::collections::HashMap<String, (String, String)> =
        std::collections::HashMap::new();
    let mut duplicates = Vec::new();
    items.retain(|item| {
        let (digest, id, source) = key(item);
        let Some(digest) = digest else { return true };
        match first.get(digest) {
            Some((same_as, same_as_source)) => {
                duplicates.push(DuplicateConversation {
                    id: id.to_string(),
                    source: source.to_string(),
                    same_as: same_as.clone(),
                    same_as_source: same_as_source.clone(),
                });
                false
            }
            None => {
                first.insert(digest.to_string(), (id.to_string(), source.to_string()));
                true
            }
        }
    });
    duplicates
}

/// The result of a run: everything a report needs.
#[derive(Debug, Default)]
pub struct RunResult {
    pub inputs: Vec<InputFile>,
    pub errors: Vec<InputError>,
    pub assumptions: Vec<String>,
    /// Ranked: score descending, then id. Rank = position + 1.
    pub conversations: Vec<Scored>,
    /// Conversations left out of the ranking because a ranked one says exactly the same.
    pub duplicates: Vec<DuplicateConversation>,
}

/// How a run ended, as a process exit code (the one place exit codes are decided).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitStatus {
    /// Everything asked was done.
    Ok = 0,
    /// The run stopped: a usage or configuration error, an output that cannot be
    /// written, or a check that failed (`lexicon check`).
    Error = 1,
    /// The run finished but skipped inputs or records; each is listed in the output.
    Skipped = 2,
    /// `verify`: some evidence a case names changed or is missing since it was indexed.
    EvidenceChanged = 3,
}

impl ExitStatus {
    /// `Skipped` when any input problem was recorded, else `Ok`.
    pub fn of(errors: &[InputError]) -> ExitStatus {
        if errors.is_empty() {
            ExitStatus::Ok
        } else {
            ExitStatus::Skipped
        }
    }
}

impl RunResult {
    /// Moves every ranked conversation that says exactly what a higher-ranked one says
    /// to `duplicates` (what reports do; metrics and training count every conversation).
    pub fn drop_duplicates(&mut self) {
        let found = drop_duplicates(&mut self.conversations, |s| {
            (
                s.content_sha256.as_deref(),
                &s.conversation.id,
                &s.conversation.source,
            )
        });
        self.duplicates.extend(found);
    }

    pub fn exit_status(&self) -> ExitStatus {
        ExitStatus::of(&self.errors)
    }
}

/// Scores one conversation with the default model.
pub fn score_one(conversation: Conversation, lexicon: &Lexicon, weights: &Weights) -> Scored {
    score_one_with(conversation, lexicon, &Scorer::new(weights))
}

/// Scores one conversation.
pub fn score_one_with(conversation: Conversation, lexicon: &Lexicon, scorer: &Scorer) -> Scored {
    let scan = scan(&conversation, lexicon);
    let assessment = assess_with(&conversation, &scan, lexicon, scorer);
    Scored {
        content_sha256: conversation.content_sha256(),
        conversation,
        scan,
        assessment,
    }
}

/// Maps `f` over `items` in parallel; the results keep the order of `items`.
pub fn par_map<T: Sync, U: Send>(items: &[T], f: impl Fn(&T) -> U + Sync + Send) -> Vec<U> {
    items.par_iter().map(f).collect()
}

/// The ranking order of two conversations given as (score, id, source): score descending,
/// then id, then source. A total order, so the ranking never depends on thread timing.
pub fn order(a: (f64, &str, &str), b: (f64, &str, &str)) -> std::cmp::Ordering {
    b.0.total_cmp(&a.0)
        .then_with(|| a.1.cmp(b.1))
        .then_with(|| a.2.cmp(b.2))
}

/// Sorts into the ranking (`order`).
pub fn rank(conversations: &mut [Scored]) {
    fn key(s: &Scored) -> (f64, &str, &str) {
        (
            s.assessment.score,
            &s.conversation.id,
            &s.conversation.source,
        )
    }
    conversations.sort_by(|a, b| order(key(a), key(b)));
}

/// Reads, scans, scores and ranks every input.
pub fn run(config: &Config, lexicon: &Lexicon, weights: &Weights) -> RunResult {
    run_with(config, lexicon, &Scorer::new(weights))
}

/// `run` with a scorer (e.g. a trained model).
pub fn run_with(config: &Config, lexicon: &Lexicon, scorer: &Scorer) -> RunResult {
    let (mut result, conversations) = read(config);
    let mut scored: Vec<Scored> = conversations
        .into_par_iter()
        .map(|c| score_one_with(c, lexicon, scorer))
        .collect();
    rank(&mut scored);
    result.conversations = scored;
    result
}

/// Reads every input and maps each conversation with `f`, in parallel, keeping input
/// order (after merging, as `run` merges). The result's `conversations` is empty: the
/// mapped values are returned beside it. Used to learn from large corpora without keeping
/// every conversation.
pub fn map_conversations<U: Send>(
    config: &Config,
    f: impl Fn(Conversation) -> U + Sync + Send,
) -> (RunResult, Vec<U>) {
    let (result, conversations) = read(config);
    (result, conversations.into_par_iter().map(f).collect())
}

/// What a streamed run tells a progress display (`scan`'s and `index`'s on a terminal).
/// Any `Fn()` is one: it is called once per file done.
pub trait Progress: Sync {
    /// The walk is done: these files will be read (`done` names them by position), before
    /// the first is read. Totals come from here (a display may stat them for their sizes).
    fn start(&self, _files: &[PathBuf]) {}
    /// `files[i]` (of `start`) is read, scanned and scored, or could not be read.
    fn done(&self, i: usize);
}

impl<F: Fn() + Sync> Progress for F {
    fn done(&self, _: usize) {
        self()
    }
}

/// Reads, scans and scores every input in bounded memory: each conversation is handed to
/// `f` as soon as it is scored, from whichever thread scored it and in no fixed order, and
/// only what `f` returns is kept (the caller sorts it, e.g. with `order`). A file is read,
/// parsed and scored by one task, with its conversations scored in parallel batches, so
/// memory holds the files being worked on, not the corpus. A JSONL or CSV file over
/// `ingest::STREAM_ABOVE` bytes is not held either: it is streamed, each conversation
/// handed on as soon as its last row is read (`ingest::read_file_each`), and scored in
/// batches of about `BATCH_BYTES`. The exception is conversations that
/// may be parts of one chat in several files (`merge::mergeable`: Messenger, Instagram,
/// Telegram, Discord with native ids): they are held until every file is read, then
/// merged and scored, as `run` does. `progress` hears of the files once walked, then of
/// each file read.
///
/// The returned `RunResult` has no `conversations`; its inputs, errors and assumptions
/// are in file order, as `run` gives them.
pub fn stream<U: Send>(
    config: &Config,
    lexicon: &Lexicon,
    scorer: &Scorer,
    progress: impl Progress,
    f: impl Fn(Scored) -> U + Sync + Send,
) -> (RunResult, Vec<U>) {
    stream_filtered(config, lexicon, scorer, |_| true, progress, f)
}

/// `stream`, keeping only the files `keep` accepts: `keep` sees each file that could be
/// read and hashed, after it is read and before anything is scanned, from any thread; a
/// rejected file leaves no trace in the result (no input, conversations, errors or
/// assumptions). The case index uses it to skip files it already holds (by SHA-256).
pub fn stream_filtered<U: Send>(
    config: &Config,
    lexicon: &Lexicon,
    scorer: &Scorer,
    keep: impl Fn(&InputFile) -> bool + Sync,
    progress: impl Progress,
    f: impl Fn(Scored) -> U + Sync + Send,
) -> (RunResult, Vec<U>) {
    let (parts, done) = stream_files(
        config,
        ingest::STREAM_ABOVE,
        lexicon,
        scorer,
        keep,
        progress,
        f,
    );
    (parts.into_run(), done)
}

/// `stream`, giving what each file yielded apart (`Parts`) rather than one `RunResult`:
/// what `scan --format part` hands to `merge`.
pub fn stream_parts<U: Send>(
    config: &Config,
    lexicon: &Lexicon,
    scorer: &Scorer,
    progress: impl Progress,
    f: impl Fn(Scored) -> U + Sync + Send,
) -> (Parts, Vec<U>) {
    stream_files(
        config,
        ingest::STREAM_ABOVE,
        lexicon,
        scorer,
        |_| true,
        progress,
        f,
    )
}

/// What one file read gave: its `inputs[]` record (none when it could not be read),
/// its errors and assumptions.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FileOutcome {
    pub path: String,
    pub input: Option<InputFile>,
    pub errors: Vec<InputError>,
    pub assumptions: Vec<String>,
}

/// A note on a chat read from several files and merged (`ingest::merge`), with the file
/// of its first part (which decides where the note goes among the run's assumptions).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MergeNote {
    pub file: String,
    pub text: String,
}

/// What a streamed run read, kept apart per file, so runs over disjoint sets of files can
/// be put together into what one run over all of them gives (`report::part`). `into_run`
/// flattens it into a `RunResult`'s inputs, errors and assumptions.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Parts {
    /// Problems of the listing and the walk (`Config::errors`, then `ingest::walk_paths`'),
    /// in their order.
    pub walk_errors: Vec<InputError>,
    /// Every walked file, in walk order (sorted paths).
    pub files: Vec<FileOutcome>,
    /// In the order `ingest::merge` gave them (the order of each chat's first part).
    pub notes: Vec<MergeNote>,
}

impl Parts {
    /// The run's inputs, errors and assumptions, as `run` orders them: the walk's errors,
    /// then each file's; each file's assumptions, then the merge notes.
    pub fn into_run(self) -> RunResult {
        let mut run = RunResult {
            inputs: Vec::with_capacity(self.files.len()),
            errors: self.walk_errors,
            ..RunResult::default()
        };
        for f in self.files {
            run.inputs.extend(f.input);
            run.errors.extend(f.errors);
            run.assumptions.extend(f.assumptions);
        }
        run.assumptions
            .extend(self.notes.into_iter().map(|n| n.text));
        run
    }
}

/// Conversations read but not yet scored are scored in batches of about this many bytes
/// of messages (`batch_weight`), in parallel: a big streamed file keeps every thread busy
/// while memory holds one batch, not the file's conversations.
const BATCH_BYTES: usize = 64 << 20;

/// What a conversation weighs for `BATCH_BYTES`: its strings and message records.
fn batch_weight(c: &Conversation) -> usize {
    c.messages
        .iter()
        .map(|m| m.text.len() + m.author.len() + m.time_raw.len())
        .sum::<usize>()
        + c.messages.len() * std::mem::size_of::<crate::model::Message>()
}

/// `stream_filtered`, with JSONL and CSV files over `stream_above` bytes streamed
/// (`ingest::read_file_each`).
fn stream_files<U: Send>(
    config: &Config,
    stream_above: u64,
    lexicon: &Lexicon,
    scorer: &Scorer,
    keep: impl Fn(&InputFile) -> bool + Sync,
    progress: impl Progress,
    f: impl Fn(Scored) -> U + Sync + Send,
) -> (Parts, Vec<U>) {
    use std::sync::Mutex;
    let (files, walk_errors) = ingest::walk_paths(&config.paths, config.walk);
    let mut errors = config.errors.clone();
    errors.extend(walk_errors);
    progress.start(&files);
    // (file index, position in file, conversation)
    let held: Mutex<Vec<(usize, usize, Conversation)>> = Mutex::new(Vec::new());
    // Sized up front: on a corpus of many small files these vectors hold one item per
    // file, and growing them by doubling at the end of a long run is the memory peak.
    let done: Mutex<Vec<U>> = Mutex::new(Vec::with_capacity(files.len()));
    let score = |batch: Vec<Conversation>| {
        let out: Vec<U> = batch
            .into_par_iter()
            .map(|c| f(score_one_with(c, lexicon, scorer)))
            .collect();
        done.lock().unwrap_or_else(|e| e.into_inner()).extend(out);
    };
    let per_file: Vec<(Option<InputFile>, Vec<InputError>, Vec<String>)> = files
        .par_iter()
        .enumerate()
        .map(|(i, path)| {
            let mut later = Vec::new();
            let mut batch = Vec::new();
            let mut weight = 0;
            let mut position = 0;
            let r = ingest::read_file_each(
                path,
                &config.ingest,
                stream_above,
                &mut |input| keep(input),
                &mut |c| {
                    position += 1;
                    if ingest::merge::mergeable(&c) {
                        later.push((i, position, c));
                        return;
                    }
                    weight += batch_weight(&c);
                    batch.push(c);
                    if weight >= BATCH_BYTES {
                        score(std::mem::take(&mut batch));
                        weight = 0;
                    }
                },
            );
            let Some(r) = r else {
                progress.done(i);
                return (None, Vec::new(), Vec::new());
            };
            if !later.is_empty() {
                let mut held = held.lock().unwrap_or_else(|e| e.into_inner());
                held.extend(later);
            }
            score(batch);
            progress.done(i);
            (r.input, r.errors, r.assumptions)
        })
        .collect();
    let mut parts = Parts {
        walk_errors: errors,
        files: Vec::with_capacity(per_file.len()),
        notes: Vec::new(),
    };
    for (path, (input, errors, assumptions)) in files.iter().zip(per_file) {
        parts.files.push(FileOutcome {
            path: path.display().to_string(),
            input,
            errors,
            assumptions,
        });
    }
    let mut held = held.into_inner().unwrap_or_else(|e| e.into_inner());
    held.sort_unstable_by_key(|&(i, j, _)| (i, j));
    let first_file: Vec<usize> = held.iter().map(|&(i, _, _)| i).collect();
    let (merged, notes) = ingest::merge::merge_noted(held.into_iter().map(|(_, _, c)| c).collect());
    parts.notes = notes
        .into_iter()
        .map(|(first, text)| MergeNote {
            file: files[first_file[first]].display().to_string(),
            text,
        })
        .collect();
    let mut done = done.into_inner().unwrap_or_else(|e| e.into_inner());
    done.par_extend(
        merged
            .into_par_iter()
            .map(|c| f(score_one_with(c, lexicon, scorer))),
    );
    (parts, done)
}

/// Reads and merges every input.
fn read(config: &Config) -> (RunResult, Vec<Conversation>) {
    let (files, walk_errors) = ingest::walk_paths(&config.paths, config.walk);
    let mut errors = config.errors.clone();
    errors.extend(walk_errors);
    let results: Vec<ingest::FileResult> = files
        .par_iter()
        .map(|f| ingest::read_file(f, &config.ingest))
        .collect();
    let mut result = RunResult::default();
    let mut conversations = Vec::new();
    for r in results {
        result.inputs.extend(r.input);
        errors.extend(r.errors);
        result.assumptions.extend(r.assumptions);
        conversations.extend(r.conversations);
    }
    let (conversations, notes) = ingest::merge::merge(conversations);
    result.assumptions.extend(notes);
    result.errors = errors;
    (result, conversations)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::spool::{Ranking, Renderer, Spool, sort};
    use crate::report::{OutputFormat, ReportContext, write_ranked};
    use crate::synth::{self, SynthFormat};

    /// Invented chats as one JSONL and one CSV table whose conversations interleave (rows
    /// dealt out in turn from a few conversations at a time), with a bad line each.
    fn big_tables(dir: &std::path::Path) -> Vec<PathBuf> {
        let out = dir.join("synth");
        synth::generate(&synth::Config::new(out.clone(), 240, 7, SynthFormat::Jsonl)).unwrap();
        let mut lines = Vec::new();
        let mut parts: Vec<PathBuf> = std::fs::read_dir(out.join(synth::CHATS_DIR))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        parts.sort();
        for part in parts {
            lines.extend(
                std::fs::read_to_string(part)
                    .unwrap()
                    .lines()
                    .map(str::to_string),
            );
        }
        // Deal the rows of each run of five conversations out in turn.
        let mut dealt: Vec<String> = Vec::new();
        let key =
            |l: &str| serde_json::from_str::<serde_json::Value>(l).unwrap()["conversation"].clone();
        let mut runs: Vec<Vec<Vec<String>>> = Vec::new();
        for line in lines {
            let new = runs
                .last()
                .and_then(|run| run.last())
                .is_none_or(|c| key(&c[0]) != key(&line));
            if new {
                if runs.last().is_none_or(|run| run.len() == 5) {
                    runs.push(Vec::new());
                }
                runs.last_mut().unwrap().push(Vec::new());
            }
            runs.last_mut().unwrap().last_mut().unwrap().push(line);
        }
        for run in runs {
            let longest = run.iter().map(Vec::len).max().unwrap_or(0);
            for i in 0..longest {
                dealt.extend(run.iter().filter_map(|c| c.get(i).cloned()));
            }
        }
        dealt.insert(dealt.len() / 2, "not json".into());
        let jsonl = dir.join("big.jsonl");
        std::fs::write(&jsonl, dealt.join("\n") + "\n").unwrap();
        let mut csv = csv::WriterBuilder::new()
            .flexible(true)
            .from_path(dir.join("big.csv"))
            .unwrap();
        csv.write_record(["conversation", "author", "time", "text"])
            .unwrap();
        for (i, line) in dealt.iter().enumerate() {
            if i == 100 {
                csv.write_record(["short"]).unwrap();
            }
            let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
                continue;
            };
            let field = |k: &str| v[k].as_str().unwrap_or("").to_string();
            csv.write_record([
                field("conversation"),
                field("author"),
                field("time"),
                field("text"),
            ])
            .unwrap();
        }
        csv.flush().unwrap();
        vec![jsonl, dir.join("big.csv")]
    }

    /// Issue 7: `scan`'s streamed report of big tables is byte for byte the report of the
    /// same tables read whole.
    #[test]
    fn streamed_big_tables_give_the_same_report() {
        let dir = tempfile::tempdir().unwrap();
        let config = Config {
            paths: big_tables(dir.path()),
            ..Config::default()
        };
        let lexicon = Lexicon::builtin().unwrap();
        let weights = Weights::for_lexicon(&lexicon).unwrap();
        let scorer = Scorer::new(&weights);
        let ctx = ReportContext::new(&lexicon, &weights);
        let report = |stream_above: u64| {
            let spool = Spool::memory();
            let renderer = Renderer {
                format: OutputFormat::Json,
                evidence_csv: false,
                ctx: &ctx,
                spool: &spool,
            };
            let (meta, mut entries) = stream_files(
                &config,
                stream_above,
                &lexicon,
                &scorer,
                |_| true,
                || {},
                |s| renderer.render(&s).unwrap(),
            );
            let meta = meta.into_run();
            sort(&mut entries);
            let mut out = Vec::new();
            let ranking = Ranking::new(&entries, &spool);
            write_ranked(&mut out, OutputFormat::Json, &meta, &ranking, &ctx).unwrap();
            (meta, out)
        };
        let (whole, whole_report) = report(u64::MAX);
        let (streamed, streamed_report) = report(0);
        assert_eq!(whole.inputs.len(), 2);
        assert!(
            whole.inputs.iter().all(|i| i.conversations == 240),
            "{:?}",
            whole.inputs
        );
        assert_eq!(whole.errors.len(), 2, "{:?}", whole.errors);
        assert!(streamed_report == whole_report, "streamed report differs");
        assert_eq!(streamed.inputs, whole.inputs);
    }
}
