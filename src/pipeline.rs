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
use crate::score::{Assessment, Weights, assess};
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

/// Scores one conversation.
pub fn score_one(conversation: Conversation, lexicon: &Lexicon, weights: &Weights) -> Scored {
    let scan = scan(&conversation, lexicon);
    let assessment = assess(&conversation, &scan, lexicon, weights);
    Scored {
        conversation,
        scan,
        assessment,
    }
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

/// `run`, keeping only the files `keep` accepts. `keep` sees each file that could be read
/// and hashed, in file order, after it is read and before anything is scanned; a file it
/// rejects leaves no trace in the result (no input, conversations, errors or assumptions).
/// The case index uses it to skip files it already holds (by SHA-256).
pub fn run_filtered(
    config: &Config,
    lexicon: &Lexicon,
    weights: &Weights,
    mut keep: impl FnMut(&InputFile) -> bool,
) -> RunResult {
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
    let mut scored: Vec<Scored> = conversations
        .into_par_iter()
        .map(|c| score_one(c, lexicon, weights))
        .collect();
    rank(&mut scored);
    result.errors = errors;
    result.conversations = scored;
    result
}
