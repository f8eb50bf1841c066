//! The case folder: a persistent tantivy index of scored conversations, so an examiner can
//! add exports over days and then rank, search and read without rescanning.
//!
//! ```text
//! CASE/
//!   manifest.json   inputs (SHA-256, bytes, format), errors, assumptions, lexicon, model, runs
//!   model.json      a copy of the trained model the case was scored with (`index --model`)
//!   index/          tantivy index (schema: `schema.rs`)
//!   reviews.jsonl   examiners' decisions, appended, never rewritten (`review.rs`)
//! ```
//!
//! Owns: creating and opening a case and checking a run against it (lexicon, scorer). The
//! work is in files named for it: `manifest.rs` (the manifest and its mirror file),
//! `write.rs` (adding inputs: `Case::add`, one commit per run, undoing a failed run),
//! `stored.rs` (what a conversation document stores), `read.rs` (loading conversations
//! back as `pipeline::Scored`: `Case::ranked`, `Case::conversation`), `scoring.rs` (the
//! case's scorer and its model copy, and scoring again with another: `Case::ranked_as`,
//! `Case::conversation_as`), `verify.rs` (hashing the evidence again: `Case::verify`),
//! `error.rs` (`CaseError`). Searching is in `search.rs`, the
//! transcript writer in `show.rs`. It does not read exports or score (that is `pipeline`'s
//! job: `add` calls `pipeline::stream_filtered`).
//!
//! Integrity rules:
//! - A file is known by its SHA-256: adding a file the case holds is a no-op, whatever its
//!   path. A run that adds nothing leaves the case untouched.
//! - One index writer per run, ONE commit at the end. The manifest travels inside that
//!   commit (tantivy's commit payload), then is mirrored to `manifest.json` (temp file +
//!   rename). An interrupted run leaves the case at its last commit; `manifest.json` is
//!   refreshed from the commit whenever it lags behind, so a rerun completes the work. A
//!   run that fails before its commit (a full disk, any error) removes the files it wrote
//!   (`Undo`) and says so in one line, so the next run starts from the last commit.
//! - A SQLite database read with its `-wal`/`-shm` is known by the unit's hash
//!   (`InputFile::evidence_sha256`), so new rows in its log are new evidence.
//! - A case is bound to one lexicon (its SHA-256): scores from different lexicons are not
//!   comparable, and stored hits name lexicon entries by position.
//! - A case is bound to one scorer: the default weights, or one trained model (its SHA-256,
//!   recorded in the manifest, its file copied to `model.json` before the commit that first
//!   names it). Adding files with another scorer is refused (`CaseError::ModelMismatch`),
//!   so stored scores never mix. Another scorer can still be applied when reading: the
//!   stored messages rebuild every `Conversation`, which is scored again in memory
//!   (`Scoring`); the case is not changed.
//! - Each conversation is scored as a whole when it is indexed. Parts of one chat indexed
//!   in separate runs (e.g. Messenger `message_2.json` added a week after `message_1.json`)
//!   stay separate conversations; within one run they are merged as `scan` merges them.

mod error;
mod manifest;
mod read;
pub mod review;
pub mod schema;
mod scoring;
pub mod search;
pub mod show;
mod stored;
pub mod verify;
mod write;

pub use error::CaseError;
pub use manifest::{
    CaseInput, IndexRun, LexiconRef, MANIFEST_SCHEMA, Manifest, ModelRef, RunDetails, Versioned,
    tokenizer_sha256,
};
pub use read::{Place, Reading};
pub use scoring::{Applied, CaseModel, Scoring};
pub use stored::CONTEXT_KEPT;
pub use write::{AddSummary, Progress, Quiet, WRITER_MEMORY};

use crate::detect::lexicon::Lexicon;
use error::io_err;
use schema::{Fields, KIND_CONVERSATION, KIND_MESSAGE, NormalizingTokenizer, TOKENIZER};
use std::path::{Path, PathBuf};
use stored::to_tantivy;
use tantivy::collector::Count;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{Index, IndexReader, ReloadPolicy, Term};

const INDEX_DIR: &str = "index";

/// An open case folder.
pub struct Case {
    dir: PathBuf,
    index: Index,
    fields: Fields,
    manifest: Option<Manifest>,
    /// What the examiner said about the next `add` (`describe_run`).
    details: RunDetails,
}

impl Case {
    /// Opens the case in `dir`, creating it (folder, index, nothing committed) when `create`
    /// is set and there is none.
    pub fn open(dir: &Path, create: bool) -> Result<Case, CaseError> {
        let index_dir = dir.join(INDEX_DIR);
        let (schema, fields) = schema::build();
        let index = if index_dir.join("meta.json").exists() {
            let index = Index::open_in_dir(&index_dir)?;
            if index.schema() != schema {
                return Err(CaseError::Corrupt(format!(
                    "{}: the index schema is not this version's; index the exports into a new case",
                    index_dir.display()
                )));
            }
            index
        } else if create {
            std::fs::create_dir_all(&index_dir).map_err(io_err(&index_dir))?;
            Index::create_in_dir(&index_dir, schema)?
        } else {
            return Err(CaseError::NotACase(dir.display().to_string()));
        };
        index
            .tokenizers()
            .register(TOKENIZER, NormalizingTokenizer::default());
        let mut case = Case {
            dir: dir.to_path_buf(),
            index,
            fields,
            manifest: None,
            details: RunDetails::default(),
        };
        case.manifest = case.committed_manifest()?;
        match case.sync_manifest_file() {
            // Reading a case from read-only media works; the mirror is refreshed later.
            Err(_) if !create => {}
            other => other?,
        }
        Ok(case)
    }

    /// Records `details` with the next `add` (when it adds anything). A case reference
    /// other than the one the case has is refused.
    pub fn describe_run(&mut self, details: RunDetails) -> Result<(), CaseError> {
        if let (Some(case), Some(given)) = (
            self.manifest.as_ref().and_then(|m| m.case_ref.as_ref()),
            details.case_ref.as_ref(),
        ) && case != given
        {
            return Err(CaseError::CaseRefMismatch {
                case: case.clone(),
                given: given.clone(),
            });
        }
        self.details = details;
        Ok(())
    }

    /// The case reference, examiners and exhibits its runs recorded.
    pub fn details(&self) -> crate::report::CaseDetails {
        self.manifest
            .as_ref()
            .map(Manifest::details)
            .unwrap_or_default()
    }

    pub fn manifest(&self) -> Option<&Manifest> {
        self.manifest.as_ref()
    }

    pub fn fields(&self) -> Fields {
        self.fields
    }

    pub fn index(&self) -> &Index {
        &self.index
    }

    /// Checks that `lexicon` is the one the case was built with.
    /// A warning when the case's text was indexed by another normaliser than this build's
    /// (searches may then miss matches that a new case would find).
    pub fn tokenizer_warning(&self) -> Option<String> {
        let m = self.manifest.as_ref()?;
        (m.tokenizer_sha256 != tokenizer_sha256()).then(|| {
            "this case was indexed by another version of the text normaliser; searches may miss \
             some matches (index the exports into a new case to fix)"
                .to_string()
        })
    }

    pub fn check_lexicon(&self, lexicon: &Lexicon) -> Result<(), CaseError> {
        match &self.manifest {
            Some(m) if m.lexicon.sha256 != lexicon.sha256 => Err(CaseError::LexiconMismatch {
                case: m.lexicon.version.clone(),
                case_sha256: m.lexicon.sha256.clone(),
                given: lexicon.version.clone(),
                given_sha256: lexicon.sha256.clone(),
            }),
            _ => Ok(()),
        }
    }

    /// The model the case was scored with, as the manifest records it (`None`: the
    /// default weights, or nothing committed yet).
    pub fn model(&self) -> Option<&ModelRef> {
        self.manifest.as_ref().and_then(|m| m.model.as_ref())
    }

    /// Checks that `model` (`None`: the default weights) is the scorer the case was scored
    /// with. A case with nothing committed takes any.
    pub fn check_model(&self, model: Option<&CaseModel>) -> Result<(), CaseError> {
        let Some(m) = &self.manifest else {
            return Ok(());
        };
        let given = model.map(CaseModel::reference);
        if m.model.as_ref().map(|r| &r.sha256) == given.as_ref().map(|r| &r.sha256) {
            Ok(())
        } else {
            Err(CaseError::ModelMismatch {
                case: m.model.clone().map(Box::new),
                given: given.map(Box::new),
            })
        }
    }

    pub(crate) fn reader(&self) -> Result<IndexReader, CaseError> {
        Ok(self
            .index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?)
    }

    /// Number of message and conversation documents.
    pub fn counts(&self) -> Result<(usize, usize), CaseError> {
        let searcher = self.reader()?.searcher();
        let count = |kind: &str| {
            let q = TermQuery::new(
                Term::from_field_text(self.fields.kind, kind),
                IndexRecordOption::Basic,
            );
            searcher.search(&q, &Count)
        };
        Ok((count(KIND_MESSAGE)?, count(KIND_CONVERSATION)?))
    }
}
