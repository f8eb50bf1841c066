//! The pipeline over many inputs: expand paths, read and parse files, scan and score every
//! conversation, and rank. This is the only module that uses rayon. One bad input never
//! stops a batch; the result says what was skipped. The output order is a total order
//! (score descending, then id), so it does not depend on the thread count.
//!
//! Exit codes, in one place (see `ExitStatus`):
//! - 0: every input was read without error;
//! - 1: usage or configuration error (bad flag, broken lexicon, output not writable);
//! - 2: the run finished, but some inputs or records were skipped (listed in `errors`).

use crate::error::InputError;
use crate::ingest::{self, IngestOptions};
use crate::lexicon::Lexicon;
use crate::model::{Conversation, InputFile};
use crate::scan::{ScanResult, scan};
use crate::score::{Assessment, Scorer, Weights, assess_with};
use rayon::prelude::*;
use std::path::PathBuf;

/// What to run, as plain data (the CLI builds it).
#[derive(Clone, Debug, Default)]
pub struct Config {
    pub paths: Vec<PathBuf>,
    pub ingest: IngestOptions,
}

/// One conversation with what the engine made of it.
#[derive(Clone, Debug)]
pub struct Scored {
    pub conversation: Conversation,
    pub scan: ScanResult,
    pub assessment: Assessment,
}

/// The result of a run: everything a report needs.
#[derive(Debug, Default)]
pub struct RunResult {
    pub inputs: Vec<InputFile>,
    pub errors: Vec<InputError>,
    pub assumptions: Vec<String>,
    /// Ranked: score descending, then id. Rank = position + 1.
    pub conversations: Vec<Scored>,
}

/// How a run ended, as a process exit code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitStatus {
    Ok = 0,
    Usage = 1,
    Skipped = 2,
}

impl RunResult {
    pub fn exit_status(&self) -> ExitStatus {
        if self.errors.is_empty() {
            ExitStatus::Ok
        } else {
            ExitStatus::Skipped
        }
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
        conversation,
        scan,
        assessment,
    }
}

/// Maps `f` over `items` in parallel; the results keep the order of `items`.
pub fn par_map<T: Sync, U: Send>(items: &[T], f: impl Fn(&T) -> U + Sync + Send) -> Vec<U> {
    items.par_iter().map(f).collect()
}

/// Sorts by score descending, then id: a total order.
pub fn rank(conversations: &mut [Scored]) {
    conversations.sort_by(|a, b| {
        b.assessment
            .score
            .total_cmp(&a.assessment.score)
            .then_with(|| a.conversation.id.cmp(&b.conversation.id))
            .then_with(|| a.conversation.source.cmp(&b.conversation.source))
    });
}

/// Reads, scans, scores and ranks every input.
pub fn run(config: &Config, lexicon: &Lexicon, weights: &Weights) -> RunResult {
    run_filtered(config, lexicon, weights, |_| true)
}

/// `run` with a scorer (e.g. a trained model).
pub fn run_with(config: &Config, lexicon: &Lexicon, scorer: &Scorer) -> RunResult {
    run_filtered_with(config, lexicon, scorer, |_| true)
}

/// Reads every input and maps each conversation with `f`, in parallel, keeping input
/// order (after merging, as `run` merges). The result's `conversations` is empty: the
/// mapped values are returned beside it. Used to learn from large corpora without keeping
/// every conversation.
pub fn map_conversations<U: Send>(
    config: &Config,
    f: impl Fn(Conversation) -> U + Sync + Send,
) -> (RunResult, Vec<U>) {
    let (result, conversations) = read(config, |_| true);
    (result, conversations.into_par_iter().map(f).collect())
}

/// Reads and merges every input `keep` accepts.
fn read(
    config: &Config,
    mut keep: impl FnMut(&InputFile) -> bool,
) -> (RunResult, Vec<Conversation>) {
    let (files, mut errors) = ingest::expand_paths(&config.paths);
    let results: Vec<ingest::FileResult> = files
        .par_iter()
        .map(|f| ingest::read_file(f, &config.ingest))
        .collect();
    let mut result = RunResult::default();
    let mut conversations = Vec::new();
    for r in results {
        if r.input.as_ref().is_some_and(|i| !keep(i)) {
            continue;
        }
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

/// `run`, keeping only the files `keep` accepts. `keep` sees each file that could be read
/// and hashed, in file order, after it is read and before anything is scanned; a file it
/// rejects leaves no trace in the result (no input, conversations, errors or assumptions).
/// The case index uses it to skip files it already holds (by SHA-256).
pub fn run_filtered(
    config: &Config,
    lexicon: &Lexicon,
    weights: &Weights,
    keep: impl FnMut(&InputFile) -> bool,
) -> RunResult {
    run_filtered_with(config, lexicon, &Scorer::new(weights), keep)
}

/// `run_filtered` with a scorer (e.g. a trained model).
pub fn run_filtered_with(
    config: &Config,
    lexicon: &Lexicon,
    scorer: &Scorer,
    keep: impl FnMut(&InputFile) -> bool,
) -> RunResult {
    let (mut result, conversations) = read(config, keep);
    let mut scored: Vec<Scored> = conversations
        .into_par_iter()
        .map(|c| score_one_with(c, lexicon, scorer))
        .collect();
    rank(&mut scored);
    result.conversations = scored;
    result
}
