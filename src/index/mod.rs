//! The case folder: a persistent tantivy index of scored conversations, so an examiner can
//! add exports over days and then rank, search and read without rescanning.
//!
//! ```text
//! CASE/
//!   manifest.json   inputs (SHA-256, bytes, format), errors, assumptions, lexicon, model, runs
//!   model.json      a copy of the trained model the case was scored with (`index --model`)
//!   index/          tantivy index (schema: `schema.rs`)
//! ```
//!
//! Owns: creating and opening a case, adding inputs (`add`), the manifest, and loading
//! conversations back as `pipeline::Scored` (`Case::ranked`, `Case::conversation`), as
//! stored or scored again with another scorer (`Case::ranked_as`, `Case::conversation_as`).
//! Searching is in `search.rs`, the transcript writer in `show.rs`. It does not read
//! exports or score (that is `pipeline`'s job: `add` calls `pipeline::stream_filtered`).
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

pub mod schema;
pub mod search;
pub mod show;

use crate::detect::lexicon::Lexicon;
use crate::detect::scan::ScanResult;
use crate::detect::score::{Assessment, Scorer, Weights};
use crate::error::InputError;
use crate::learn::train::TrainedModel;
use crate::model::{Conversation, Format, InputFile, Merge, Message};
use crate::pipeline::{self, Config, RunResult, Scored};
use crate::report::ModelInfo;
use chrono::{DateTime, SecondsFormat, Utc};
use schema::{Fields, KIND_CONVERSATION, KIND_MESSAGE, NormalizingTokenizer, TOKENIZER};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};
use tantivy::collector::{Count, DocSetCollector};
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

pub const MANIFEST_SCHEMA: &str = "groomscan.case/1";
const MANIFEST_FILE: &str = "manifest.json";
/// The case's copy of its trained model.
const MODEL_FILE: &str = "model.json";
const INDEX_DIR: &str = "index";

/// Memory for the one index writer of a run, shared by tantivy's indexing threads. Large
/// budgets mean few, large segments and few flushes and merges; this is the writer's
/// share of the run's memory, not a cap on it. Measured on 100,000 WhatsApp files (6.6M
/// messages, 2 cores): 1 GiB 62 s / 1.66 GB peak RSS, 512 MiB 60 s / 0.91 GB,
/// 256 MiB 79 s / 0.97 GB (more merging).
pub const WRITER_MEMORY: usize = 512 << 20;

/// Something wrong with a case folder or a request to it.
#[derive(Debug)]
pub enum CaseError {
    /// The folder holds no case (no index).
    NotACase(String),
    /// The case was built with another lexicon than the one given.
    LexiconMismatch {
        case: String,
        case_sha256: String,
        given: String,
        given_sha256: String,
    },
    /// Files were to be added with another scorer than the case's (`None`: the default
    /// weights).
    ModelMismatch {
        case: Option<Box<ModelRef>>,
        given: Option<Box<ModelRef>>,
    },
    /// No conversation with this id in the case.
    UnknownConversation(String),
    /// A bad query or filter.
    Query(String),
    /// The case's stored data does not read back (written by an incompatible version?).
    Corrupt(String),
    Io {
        path: String,
        source: std::io::Error,
    },
    Index(tantivy::TantivyError),
    /// An `index` run failed before its commit and was undone: the files it had written
    /// were removed, so the case is as its last commit.
    RunUndone {
        /// What went wrong, in a line.
        cause: String,
        /// The disk holding the case was full.
        no_room: bool,
        removed: usize,
        /// Files of the run that could not be removed.
        left: Vec<String>,
    },
}

impl fmt::Display for CaseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CaseError::NotACase(p) => write!(
                f,
                "{p}: not a case folder (run `groomscan index PATH... --case {p}` first)"
            ),
            CaseError::LexiconMismatch {
                case,
                case_sha256,
                given,
                given_sha256,
            } => write!(
                f,
                "the case was built with lexicon {case} ({case_sha256}) but this run uses {given} ({given_sha256}); use the same lexicon (--lexicon) or a new case"
            ),
            CaseError::ModelMismatch { case, given } => write!(
                f,
                "the case was scored with {} but this run uses {}; a case holds the scores of \
                 one scorer only: index with {}, or into a new case (`rank --case DIR --model \
                 MODEL` shows a case scored with another model without changing it)",
                ModelRef::describe(case.as_deref()),
                ModelRef::describe(given.as_deref()),
                match case {
                    Some(r) => format!("--model {} (sha256 {})", r.path, r.sha256),
                    None => "no --model".to_string(),
                }
            ),
            CaseError::UnknownConversation(id) => write!(f, "no conversation {id:?} in the case"),
            CaseError::Query(m) => write!(f, "bad search: {m}"),
            CaseError::Corrupt(m) => write!(f, "case data unreadable: {m}"),
            CaseError::Io { path, source } => write!(f, "{path}: {source}"),
            CaseError::Index(e) => write!(f, "index: {e}"),
            CaseError::RunUndone {
                cause,
                no_room,
                removed,
                left,
            } => {
                if *no_room {
                    write!(f, "no room left on the disk holding the case; ")?;
                }
                write!(
                    f,
                    "the run added nothing: its {removed} uncommitted file(s) were removed and the case is as it was after its last run"
                )?;
                if !left.is_empty() {
                    write!(f, " (could not remove: {})", left.join(", "))?;
                }
                if *no_room {
                    write!(f, "; run again once there is room ({cause})")
                } else {
                    write!(f, " ({cause})")
                }
            }
        }
    }
}

impl std::error::Error for CaseError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            CaseError::Io { source, .. } => Some(source),
            CaseError::Index(e) => Some(e),
            _ => None,
        }
    }
}

impl From<tantivy::TantivyError> for CaseError {
    fn from(e: tantivy::TantivyError) -> Self {
        CaseError::Index(e)
    }
}

/// The index folder as a run found it (taken under the writer's lock), to undo a run that
/// fails before its commit: every file the run created is removed. A failure in or after
/// the commit (when `meta.json` changed) is not undone: the commit stands.
struct Undo {
    dir: PathBuf,
    files: BTreeSet<std::ffi::OsString>,
    meta: Option<Vec<u8>>,
}

impl Undo {
    fn snapshot(dir: &Path) -> Undo {
        Undo {
            dir: dir.to_path_buf(),
            files: Self::names(dir),
            meta: std::fs::read(dir.join("meta.json")).ok(),
        }
    }

    fn names(dir: &Path) -> BTreeSet<std::ffi::OsString> {
        std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .filter_map(|e| e.ok().map(|e| e.file_name()))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Removes what the failed run wrote and says so in one line.
    fn undo(self, cause: CaseError) -> CaseError {
        if std::fs::read(self.dir.join("meta.json")).ok() != self.meta {
            return cause;
        }
        let no_room = is_no_room(&cause);
        let mut removed = 0;
        let mut left = Vec::new();
        for name in Self::names(&self.dir).difference(&self.files) {
            let path = self.dir.join(name);
            match std::fs::remove_file(&path) {
                Ok(()) => removed += 1,
                Err(_) => left.push(path.display().to_string()),
            }
        }
        let cause = cause.to_string();
        CaseError::RunUndone {
            cause: cause.lines().next().unwrap_or("").to_string(),
            no_room,
            removed,
            left,
        }
    }
}

/// True when an error comes from a full disk (or quota), however deep in its sources.
fn is_no_room(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut cur = Some(e);
    while let Some(err) = cur {
        if let Some(io) = err.downcast_ref::<std::io::Error>()
            && (io.kind() == std::io::ErrorKind::StorageFull
                || io.kind() == std::io::ErrorKind::QuotaExceeded
                || matches!(io.raw_os_error(), Some(28 | 122)))
        {
            return true;
        }
        cur = err.source();
    }
    // tantivy turns some I/O errors into text.
    let text = format!("{e:?}");
    text.contains("StorageFull") || text.contains("No space left") || text.contains("os error 28")
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> CaseError + '_ {
    move |source| CaseError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// `{name, version}` of a tool or lexicon.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Versioned {
    pub name: String,
    pub version: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LexiconRef {
    pub version: String,
    pub sha256: String,
}

/// The trained model a case was scored with, as its manifest records it (the same fields
/// as `report::ModelInfo`, the `model` object of the JSON reports).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModelRef {
    /// SHA-256 of the model file: the model's id.
    pub sha256: String,
    /// The path as given on the command line.
    pub path: String,
    pub schema: String,
}

impl ModelRef {
    /// "trained model PATH (sha256 HASH)", or "the default weights (no --model)".
    pub fn describe(model: Option<&ModelRef>) -> String {
        match model {
            Some(r) => format!("trained model {} (sha256 {})", r.path, r.sha256),
            None => "the default weights (no --model)".to_string(),
        }
    }
}

impl From<&ModelInfo> for ModelRef {
    fn from(m: &ModelInfo) -> Self {
        ModelRef {
            sha256: m.sha256.clone(),
            path: m.path.clone(),
            schema: m.schema.to_string(),
        }
    }
}

/// A trained model given to `index --model`, with the bytes of its file: the case keeps a
/// copy, so `rank`, `show` and `report` name and apply it without the original file.
pub struct CaseModel {
    pub model: TrainedModel,
    bytes: Vec<u8>,
}

impl CaseModel {
    /// Reads and checks a model file for `lexicon` (whose default weights are `default`).
    pub fn load(
        path: &Path,
        lexicon: &Lexicon,
        default: &Weights,
    ) -> Result<CaseModel, crate::error::Error> {
        let bytes = std::fs::read(path).map_err(|e| crate::error::Error::Io {
            path: path.display().to_string(),
            source: e,
        })?;
        let model = TrainedModel::parse(&path.display().to_string(), &bytes, lexicon, default)?;
        Ok(CaseModel { model, bytes })
    }

    /// A model already loaded (the shipped one, or `--model`).
    pub fn of(model: TrainedModel) -> CaseModel {
        CaseModel {
            bytes: model.bytes.clone(),
            model,
        }
    }

    pub fn reference(&self) -> ModelRef {
        ModelRef::from(&self.model.info())
    }
}

/// Which scores `rank`, `show` and `report` present.
pub enum Scoring {
    /// The scores stored when each conversation was indexed.
    Stored,
    /// The default weights: the stored scores when the case was scored with them, else
    /// every conversation scored again.
    Default,
    /// This trained model: the stored scores when the case was scored with it (same
    /// SHA-256), else every conversation scored again.
    Model(Box<TrainedModel>),
}

impl From<Applied> for Scoring {
    /// The scorer that was applied, to apply again.
    fn from(a: Applied) -> Scoring {
        match a.model {
            Some(m) => Scoring::Model(Box::new(m)),
            None => Scoring::Default,
        }
    }
}

/// The scorer behind what `Case::ranked_as` or `Case::conversation_as` returned.
pub struct Applied {
    /// The trained model the scores come from; `None`: the default weights.
    pub model: Option<TrainedModel>,
    /// The conversations were scored again from their stored messages (the case was
    /// scored with another scorer). The case is not changed.
    pub rescored: bool,
    /// The scorer the case was scored with.
    pub case_model: Option<ModelRef>,
}

impl Applied {
    /// The weights to give report writers: the model's engine weights and bands, or the
    /// default ones.
    pub fn weights<'a>(&'a self, default: &'a Weights) -> &'a Weights {
        self.model.as_ref().map_or(default, |m| &m.weights)
    }

    /// What reports say about the model (`ReportContext::model`).
    pub fn info(&self) -> Option<ModelInfo> {
        self.model.as_ref().map(TrainedModel::info)
    }

    fn scorer<'a>(&'a self, default: &'a Weights) -> Scorer<'a> {
        match &self.model {
            Some(m) => m.scorer(),
            None => Scorer::new(default),
        }
    }

    /// A line for stderr when the scores are not the stored ones.
    pub fn note(&self, conversations: usize) -> Option<String> {
        let now = self.model.as_ref().map(|m| ModelRef::from(&m.info()));
        self.rescored.then(|| {
            format!(
                "the case was scored with {}; its {conversations} conversation(s) were scored \
                 again from the stored messages with {} (the case is not changed)",
                ModelRef::describe(self.case_model.as_ref()),
                ModelRef::describe(now.as_ref())
            )
        })
    }
}

/// One input file of the case and the run that added it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CaseInput {
    #[serde(flatten)]
    pub file: InputFile,
    /// 1-based number of the index run that added it.
    pub run: usize,
}

/// One `groomscan index` run that changed the case.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IndexRun {
    pub run: usize,
    pub tool: Versioned,
    /// RFC 3339, UTC.
    pub started: String,
    pub committed: String,
    /// Paths as given on the command line.
    pub paths: Vec<String>,
    pub files_added: usize,
    /// Files given that the case already held (same SHA-256).
    pub files_already_in_case: usize,
    pub conversations: usize,
    pub messages: usize,
    pub errors: usize,
    /// The trained model of the run (its path as given in this run); absent: the default
    /// weights.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<ModelRef>,
}

/// `manifest.json`: what the case holds and how it got there.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub schema: String,
    /// The tool that created the case.
    pub tool: Versioned,
    pub lexicon: LexiconRef,
    /// `tokenizer_sha256()` of the build that created the case: text indexed by one
    /// normaliser and searched with another may miss matches.
    #[serde(default)]
    pub tokenizer_sha256: String,
    /// The trained model every conversation was scored with (a copy is in `model.json`);
    /// absent: the default weights.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<ModelRef>,
    pub inputs: Vec<CaseInput>,
    pub errors: Vec<InputError>,
    pub assumptions: Vec<String>,
    pub runs: Vec<IndexRun>,
}

impl Manifest {
    fn new(lexicon: &Lexicon, model: Option<ModelRef>) -> Manifest {
        Manifest {
            schema: MANIFEST_SCHEMA.to_string(),
            tool: tool(),
            tokenizer_sha256: tokenizer_sha256(),
            model,
            lexicon: LexiconRef {
                version: lexicon.version.clone(),
                sha256: lexicon.sha256.clone(),
            },
            inputs: Vec::new(),
            errors: Vec::new(),
            assumptions: Vec::new(),
            runs: Vec::new(),
        }
    }

    /// Total messages over all inputs.
    pub fn messages(&self) -> usize {
        self.inputs.iter().map(|i| i.file.messages).sum()
    }
}

/// A fingerprint of the text folding behind the index: the SHA-256 of the normaliser's and
/// the tokenizer's source. It changes with any edit to either, so a case built by another
/// build is flagged even when the change was harmless.
pub fn tokenizer_sha256() -> String {
    crate::hash::sha256_hex(
        [
            include_str!("../detect/normalize.rs"),
            include_str!("schema.rs"),
        ]
        .concat()
        .as_bytes(),
    )
}

fn tool() -> Versioned {
    Versioned {
        name: "groomscan".into(),
        version: env!("CARGO_PKG_VERSION").into(),
    }
}

fn now() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Messages kept beside each cited message in `StoredConversation::cited`.
pub const CONTEXT_KEPT: usize = 2;

/// The engine output kept per conversation, enough to rebuild `pipeline::Scored` for every
/// report writer. Messages are stored once as message documents; the ones the scan cites
/// (hits and stated ages), with `CONTEXT_KEPT` messages either side, are copied here too,
/// so `rank` reads one document per conversation. `rank` fills the others with
/// placeholders that keep their author and drop their text: report writers read only cited
/// messages, their close context, authors and the count (tests/case.rs checks every format
/// against `scan`). `show`, and `rank --redact` (redaction numbers phone numbers and
/// addresses across all text), load every message.
#[derive(Serialize, Deserialize)]
struct StoredConversation {
    key: String,
    title: String,
    source: String,
    format: String,
    messages: usize,
    merged: Option<Merge>,
    scan: ScanResult,
    assessment: Assessment,
    cited: Vec<StoredMessage>,
    /// Distinct authors, and for each message the index of its author.
    #[serde(default)]
    authors: Vec<String>,
    #[serde(default)]
    author_of: Vec<u32>,
    /// The source line of every message (placeholders keep theirs: reports give the
    /// range of lines a conversation came from).
    #[serde(default)]
    lines: Vec<u64>,
}

#[derive(Serialize, Deserialize)]
struct StoredMessage {
    /// 0-based.
    index: usize,
    author: String,
    /// RFC 3339 with full precision.
    time: Option<String>,
    time_raw: String,
    text: String,
    line: u64,
}

impl StoredMessage {
    fn new(index: usize, m: &Message) -> StoredMessage {
        StoredMessage {
            index,
            author: m.author.clone(),
            time: m
                .time
                .map(|t| t.to_rfc3339_opts(SecondsFormat::AutoSi, true)),
            time_raw: m.time_raw.clone(),
            text: m.text.clone(),
            line: m.line,
        }
    }

    fn into_message(self) -> Result<Message, CaseError> {
        let time = match &self.time {
            Some(t) => Some(
                DateTime::parse_from_rfc3339(t)
                    .map_err(|e| CaseError::Corrupt(format!("time {t:?}: {e}")))?
                    .with_timezone(&Utc),
            ),
            None => None,
        };
        Ok(Message {
            author: self.author,
            time,
            time_raw: self.time_raw,
            text: self.text,
            line: self.line,
            deleted: false,
        })
    }
}

/// An open case folder.
pub struct Case {
    dir: PathBuf,
    index: Index,
    fields: Fields,
    manifest: Option<Manifest>,
}

/// What `Case::add` did.
#[derive(Debug, Default)]
pub struct AddSummary {
    pub files_added: usize,
    pub files_already_in_case: usize,
    pub conversations: usize,
    pub messages: usize,
    /// The files added (empty when nothing was committed).
    pub inputs: Vec<InputFile>,
    /// Problems with this run's inputs (also recorded in the manifest when anything was
    /// added).
    pub errors: Vec<InputError>,
    /// False when nothing new was found: no commit, case untouched.
    pub committed: bool,
}

/// Hooks for a progress display during `Case::add`.
pub trait Progress: Sync {
    /// Hashing the inputs (to skip those the case holds) starts.
    fn hashing(&self) {}
    /// Reading, scanning, scoring and indexing `files` files starts.
    fn reading(&self, _files: u64) {}
    /// `files` more were read and handed to the index writer (called from any thread).
    fn advance(&self, _files: u64) {}
    /// The writer is finishing its segments and committing.
    fn committing(&self) {}
    /// Done.
    fn finish(&self) {}
}

/// No progress display.
pub struct Quiet;
impl Progress for Quiet {}

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
        };
        case.manifest = case.committed_manifest()?;
        match case.sync_manifest_file() {
            // Reading a case from read-only media works; the mirror is refreshed later.
            Err(_) if !create => {}
            other => other?,
        }
        Ok(case)
    }

    /// The manifest as of the last commit (the commit payload), or `None` for a case with
    /// nothing committed yet.
    fn committed_manifest(&self) -> Result<Option<Manifest>, CaseError> {
        let metas = self.index.load_metas()?;
        match metas.payload {
            None => Ok(None),
            Some(p) => serde_json::from_str(&p)
                .map(Some)
                .map_err(|e| CaseError::Corrupt(format!("manifest in the index commit: {e}"))),
        }
    }

    /// Rewrites `manifest.json` when it differs from the committed manifest (after an
    /// interrupted run, or when it was edited or removed).
    fn sync_manifest_file(&self) -> Result<(), CaseError> {
        let Some(manifest) = &self.manifest else {
            return Ok(());
        };
        let path = self.dir.join(MANIFEST_FILE);
        let mut text = serde_json::to_string_pretty(manifest)
            .map_err(|e| CaseError::Corrupt(e.to_string()))?;
        text.push('\n');
        if std::fs::read_to_string(&path).ok().as_deref() == Some(text.as_str()) {
            return Ok(());
        }
        let tmp = self.dir.join(format!("{MANIFEST_FILE}.tmp"));
        std::fs::write(&tmp, text.as_bytes()).map_err(io_err(&tmp))?;
        std::fs::rename(&tmp, &path).map_err(io_err(&path))
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

    /// Reads, scores and indexes the inputs of `config` that the case does not hold yet,
    /// with one writer and one commit. `model` scores them instead of `weights`; it must
    /// be the case's scorer (`check_model`).
    pub fn add(
        &mut self,
        config: &Config,
        lexicon: &Lexicon,
        weights: &Weights,
        model: Option<&CaseModel>,
        progress: &dyn Progress,
    ) -> Result<AddSummary, CaseError> {
        self.check_lexicon(lexicon)?;
        self.check_model(model)?;
        // Take the writer (and its lock) first, and read what is committed under it, so
        // two runs on one case cannot both add the same file.
        let writer: IndexWriter = self.index.writer(WRITER_MEMORY)?;
        // Files left by an interrupted run (kill -9) that no commit names.
        let _ = writer.garbage_collect_files().wait();
        // What the index folder holds under the lock: a run that fails removes what it
        // added (its uncommitted segments), and only that.
        let index_dir = self.dir.join(INDEX_DIR);
        let before = Undo::snapshot(&index_dir);
        match self.add_with(writer, config, lexicon, weights, model, progress) {
            Ok(summary) => Ok(summary),
            Err(cause) => {
                progress.finish();
                Err(before.undo(cause))
            }
        }
    }

    /// `add` under the writer's lock; the writer is dropped (its threads joined) before an
    /// error is returned.
    fn add_with(
        &mut self,
        mut writer: IndexWriter,
        config: &Config,
        lexicon: &Lexicon,
        weights: &Weights,
        model: Option<&CaseModel>,
        progress: &dyn Progress,
    ) -> Result<AddSummary, CaseError> {
        let started = now();
        self.manifest = self.committed_manifest()?;
        self.check_model(model)?;
        let scorer = match model {
            Some(m) => m.model.scorer(),
            None => Scorer::new(weights),
        };
        let known: BTreeSet<String> = self
            .manifest
            .iter()
            .flat_map(|m| {
                m.inputs
                    .iter()
                    .map(|i| i.file.evidence_sha256().to_string())
            })
            .collect();
        let mut already = 0;
        // The case's own files are never evidence (`index . --case ./case`).
        let own = self.dir.canonicalize().map_err(io_err(&self.dir))?;
        progress.hashing();
        // Hash every file first (streamed, nothing parsed, in parallel), so files the case
        // holds, or a second copy given in this run, are never read again.
        let (files, mut errors) = crate::ingest::walk_paths(&config.paths, config.walk);
        // Nor is anything in them reported as skipped (their hidden lock files).
        errors.retain(|e| {
            !Path::new(&e.path)
                .canonicalize()
                .is_ok_and(|p| p.starts_with(&own))
        });
        let files: Vec<PathBuf> = files
            .into_iter()
            .filter(|f| !f.canonicalize().is_ok_and(|p| p.starts_with(&own)))
            .collect();
        let hashes = pipeline::par_map(&files, |f| crate::ingest::evidence_sha256(f));
        let mut todo = Vec::new();
        let mut this_run: BTreeSet<String> = BTreeSet::new();
        for (file, hash) in files.into_iter().zip(hashes) {
            match hash {
                Ok(h) if known.contains(&h) || !this_run.insert(h.clone()) => already += 1,
                // an unreadable file goes on, to be reported by the reader
                _ => todo.push(file),
            }
        }
        progress.reading(todo.len() as u64);
        let reading = Config {
            paths: todo,
            ..config.clone()
        };
        // `keep` checks again on what was read (a file may change between the two reads).
        let seen = std::sync::Mutex::new((known, already));
        let keep = |input: &InputFile| {
            if Path::new(&input.path)
                .canonicalize()
                .is_ok_and(|p| p.starts_with(&own))
            {
                return false;
            }
            // Also drops a second copy of a file given twice in one run.
            let mut seen = seen.lock().unwrap_or_else(|e| e.into_inner());
            let new = seen.0.insert(input.evidence_sha256().to_string());
            if !new {
                seen.1 += 1;
            }
            new
        };
        // Each conversation goes to the writer as soon as it is scored (tantivy's writer
        // takes documents from any thread), so memory holds the files being read, not the
        // corpus.
        let this = &*self;
        let (run, added) = pipeline::stream_filtered(
            &reading,
            lexicon,
            &scorer,
            keep,
            || progress.advance(1),
            |s| -> Result<(), CaseError> {
                for doc in this.documents(&s)? {
                    writer.add_document(doc)?;
                }
                Ok(())
            },
        );
        let already = seen.into_inner().unwrap_or_else(|e| e.into_inner()).1;
        let conversations = added.len();
        added.into_iter().collect::<Result<(), CaseError>>()?;
        errors.extend(run.errors.iter().cloned());
        let mut summary = AddSummary {
            files_added: run.inputs.len(),
            files_already_in_case: already,
            conversations,
            messages: run.inputs.iter().map(|i| i.messages).sum(),
            inputs: Vec::new(),
            errors,
            committed: false,
        };
        if run.inputs.is_empty() {
            progress.finish();
            return Ok(summary);
        }
        let mut manifest = self
            .manifest
            .clone()
            .unwrap_or_else(|| Manifest::new(lexicon, model.map(CaseModel::reference)));
        if let Some(m) = model {
            // Before the commit that names it: a committed model always has its copy.
            self.write_model_copy(m)?;
        }
        let number = manifest.runs.len() + 1;
        manifest.inputs.extend(run.inputs.iter().map(|f| CaseInput {
            file: f.clone(),
            run: number,
        }));
        manifest.errors.extend(summary.errors.iter().cloned());
        manifest.assumptions.extend(run.assumptions.iter().cloned());
        let mut record = IndexRun {
            run: number,
            tool: tool(),
            started,
            committed: String::new(),
            paths: config
                .paths
                .iter()
                .map(|p| p.display().to_string())
                .collect(),
            files_added: summary.files_added,
            files_already_in_case: summary.files_already_in_case,
            conversations: summary.conversations,
            messages: summary.messages,
            errors: summary.errors.len(),
            model: model.map(CaseModel::reference),
        };
        record.committed = now();
        manifest.runs.push(record);
        let payload =
            serde_json::to_string(&manifest).map_err(|e| CaseError::Corrupt(e.to_string()))?;
        progress.committing();
        let mut commit = writer.prepare_commit()?;
        commit.set_payload(&payload);
        commit.commit()?;
        writer.wait_merging_threads()?;
        progress.finish();
        self.manifest = Some(manifest);
        self.sync_manifest_file()?;
        summary.committed = true;
        summary.inputs = run.inputs;
        Ok(summary)
    }

    /// Writes `model.json` (temp file + rename) unless it already holds these bytes.
    fn write_model_copy(&self, m: &CaseModel) -> Result<(), CaseError> {
        let path = self.dir.join(MODEL_FILE);
        if std::fs::read(&path).ok().as_deref() == Some(m.bytes.as_slice()) {
            return Ok(());
        }
        let tmp = self.dir.join(format!("{MODEL_FILE}.tmp"));
        std::fs::write(&tmp, &m.bytes).map_err(io_err(&tmp))?;
        std::fs::rename(&tmp, &path).map_err(io_err(&path))
    }

    /// The case's copy of its model, checked against the SHA-256 in the manifest, named by
    /// the path recorded there. `None` when the case was scored with the default weights.
    fn stored_model(
        &self,
        lexicon: &Lexicon,
        default: &Weights,
    ) -> Result<Option<TrainedModel>, CaseError> {
        let Some(r) = self.model() else {
            return Ok(None);
        };
        let path = self.dir.join(MODEL_FILE);
        let bytes = std::fs::read(&path).unwrap_or_default();
        if crate::hash::sha256_hex(&bytes) != r.sha256 {
            return Err(CaseError::Corrupt(format!(
                "{}: the case's copy of its model (sha256 {}) is missing or altered; give the \
                 model file with --model",
                path.display(),
                r.sha256
            )));
        }
        let mut model = TrainedModel::parse(&path.display().to_string(), &bytes, lexicon, default)
            .map_err(|e| CaseError::Corrupt(e.to_string()))?;
        model.path.clone_from(&r.path);
        Ok(Some(model))
    }

    /// Resolves which scorer to present (see `Scoring`), loading the case's model copy when
    /// the stored scores came from a model.
    pub fn scoring(
        &self,
        lexicon: &Lexicon,
        default: &Weights,
        scoring: Scoring,
    ) -> Result<Applied, CaseError> {
        self.check_lexicon(lexicon)?;
        let case_model = self.model().cloned();
        let case_sha = case_model.as_ref().map(|r| r.sha256.as_str());
        let (model, rescored) = match scoring {
            Scoring::Stored => (self.stored_model(lexicon, default)?, false),
            Scoring::Default => (None, case_sha.is_some()),
            Scoring::Model(m) => {
                let rescored = case_sha != Some(m.sha256.as_str());
                (Some(*m), rescored)
            }
        };
        Ok(Applied {
            model,
            rescored: rescored && self.manifest.is_some(),
            case_model,
        })
    }

    /// `ranked_with`, scored as `scoring` says: the stored scores, or every conversation
    /// scored again from its stored messages (which costs a pass over every message and
    /// the scan and scoring of each conversation, as `scan` does).
    pub fn ranked_as(
        &self,
        lexicon: &Lexicon,
        default: &Weights,
        scoring: Scoring,
        all_messages: bool,
    ) -> Result<(RunResult, Applied), CaseError> {
        let applied = self.scoring(lexicon, default, scoring)?;
        let mut run = self.ranked_with(lexicon, all_messages || applied.rescored)?;
        if applied.rescored {
            let scorer = applied.scorer(default);
            let stored = std::mem::take(&mut run.conversations);
            run.conversations = pipeline::par_map(&stored, |s| {
                pipeline::score_one_with(s.conversation.clone(), lexicon, &scorer)
            });
            pipeline::rank(&mut run.conversations);
        }
        Ok((run, applied))
    }

    /// `conversation`, scored as `scoring` says. Scoring again ranks the whole case again
    /// (see `ranked_as`).
    pub fn conversation_as(
        &self,
        lexicon: &Lexicon,
        default: &Weights,
        scoring: Scoring,
        id: &str,
    ) -> Result<(Scored, usize, usize, Applied), CaseError> {
        let applied = self.scoring(lexicon, default, scoring)?;
        if !applied.rescored {
            let (scored, rank, of) = self.conversation(lexicon, id)?;
            return Ok((scored, rank, of, applied));
        }
        let (run, applied) = self.ranked_as(lexicon, default, Scoring::from(applied), true)?;
        let of = run.conversations.len();
        let (i, _) = run
            .conversations
            .iter()
            .enumerate()
            .find(|(_, s)| s.conversation.id == id)
            .ok_or_else(|| CaseError::UnknownConversation(id.to_string()))?;
        let scored = run.conversations.into_iter().nth(i).expect("found above");
        Ok((scored, i + 1, of, applied))
    }

    /// The documents of one scored conversation: one for the conversation, one per message.
    fn documents(&self, s: &Scored) -> Result<Vec<TantivyDocument>, CaseError> {
        let f = &self.fields;
        let c = &s.conversation;
        let n = c.messages.len();
        let cited: BTreeSet<usize> = s
            .scan
            .hits
            .iter()
            .map(|h| h.message)
            .chain(s.scan.ages.iter().map(|a| a.message))
            .flat_map(|m| m.saturating_sub(CONTEXT_KEPT)..(m + CONTEXT_KEPT + 1).min(n))
            .collect();
        let authors: Vec<&str> = c.authors();
        let author_of: Vec<u32> = c
            .messages
            .iter()
            .map(|m| {
                authors
                    .iter()
                    .position(|a| *a == m.author)
                    .unwrap_or_default() as u32
            })
            .collect();
        let stored = StoredConversation {
            authors: authors.iter().map(|a| a.to_string()).collect(),
            author_of,
            lines: c.messages.iter().map(|m| m.line).collect(),
            key: c.key.clone(),
            title: c.title.clone(),
            source: c.source.clone(),
            format: c.format.name().to_string(),
            messages: c.messages.len(),
            merged: c.merged.as_deref().cloned(),
            scan: s.scan.clone(),
            assessment: s.assessment.clone(),
            cited: cited
                .iter()
                .map(|&i| StoredMessage::new(i, &c.messages[i]))
                .collect(),
        };
        let data = serde_json::to_vec(&stored).map_err(|e| CaseError::Corrupt(e.to_string()))?;
        let mut docs = Vec::with_capacity(c.messages.len() + 1);
        let mut doc = TantivyDocument::new();
        doc.add_text(f.kind, KIND_CONVERSATION);
        doc.add_text(f.id, &c.id);
        doc.add_text(f.conversation, &c.id);
        doc.add_f64(f.score, s.assessment.score);
        doc.add_text(f.band, s.assessment.band.name());
        doc.add_text(f.title, &c.title);
        doc.add_text(f.source, &c.source);
        doc.add_bytes(f.data, &data);
        docs.push(doc);
        let mut categories: Vec<Vec<&'static str>> = vec![Vec::new(); c.messages.len()];
        for h in &s.scan.hits {
            let list = &mut categories[h.message];
            if !list.contains(&h.category.name()) {
                list.push(h.category.name());
            }
        }
        for (i, m) in c.messages.iter().enumerate() {
            let mut doc = TantivyDocument::new();
            doc.add_text(f.kind, KIND_MESSAGE);
            doc.add_text(f.id, format!("{}:{}", c.id, i + 1));
            doc.add_text(f.conversation, &c.id);
            doc.add_u64(f.message, i as u64 + 1);
            doc.add_text(f.author, &m.author);
            if let Some(t) = m.time {
                doc.add_date(f.time, to_tantivy(t));
            }
            if !m.time_raw.is_empty() {
                doc.add_text(f.time_raw, &m.time_raw);
            }
            doc.add_text(f.text, &m.text);
            for cat in &categories[i] {
                doc.add_text(f.category, cat);
            }
            doc.add_text(f.source, c.source_of(i));
            doc.add_u64(f.line, m.line);
            docs.push(doc);
        }
        Ok(docs)
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

    /// Every conversation, ranked as `scan` ranks them, as a `RunResult` that the report
    /// writers take as they take `scan`'s. Messages the scan does not cite are empty
    /// placeholders (see `StoredConversation`).
    pub fn ranked(&self, lexicon: &Lexicon) -> Result<RunResult, CaseError> {
        self.ranked_with(lexicon, false)
    }

    /// `ranked`, with every message read back when `all_messages` is set (for writers that
    /// look at more than the cited messages, such as redaction). Costs a pass over every
    /// stored message.
    pub fn ranked_with(
        &self,
        lexicon: &Lexicon,
        all_messages: bool,
    ) -> Result<RunResult, CaseError> {
        self.check_lexicon(lexicon)?;
        let searcher = self.reader()?.searcher();
        let mut messages = if all_messages {
            self.all_messages(&searcher)?
        } else {
            HashMap::new()
        };
        let q = TermQuery::new(
            Term::from_field_text(self.fields.kind, KIND_CONVERSATION),
            IndexRecordOption::Basic,
        );
        let mut addresses: Vec<_> = searcher.search(&q, &DocSetCollector)?.into_iter().collect();
        addresses.sort();
        let mut conversations = Vec::with_capacity(addresses.len());
        for a in addresses {
            let doc: TantivyDocument = searcher.doc(a)?;
            let id = self.str_of(&doc, self.fields.conversation);
            let all = messages.remove(id).unwrap_or_default();
            conversations.push(self.scored(&doc, all)?);
        }
        pipeline::rank(&mut conversations);
        let m = self.manifest.as_ref();
        Ok(RunResult {
            inputs: m
                .map(|m| m.inputs.iter().map(|i| i.file.clone()).collect())
                .unwrap_or_default(),
            errors: m.map(|m| m.errors.clone()).unwrap_or_default(),
            assumptions: m.map(|m| m.assumptions.clone()).unwrap_or_default(),
            conversations,
        })
    }

    /// Every message of the case, by conversation, in message order: one pass over each
    /// segment's document store.
    fn all_messages(
        &self,
        searcher: &tantivy::Searcher,
    ) -> Result<HashMap<String, Vec<Message>>, CaseError> {
        let f = &self.fields;
        let mut by: HashMap<String, Vec<(u64, Message)>> = HashMap::new();
        for segment in searcher.segment_readers() {
            let store = segment
                .get_store_reader(64)
                .map_err(|e| CaseError::Index(e.into()))?;
            for doc in store.iter::<TantivyDocument>(segment.alive_bitset()) {
                let doc = doc?;
                if self.str_of(&doc, f.kind) != KIND_MESSAGE {
                    continue;
                }
                let n = self.u64_of(&doc, f.message)?;
                by.entry(self.str_of(&doc, f.conversation).to_string())
                    .or_default()
                    .push((n, self.message(&doc)?));
            }
        }
        Ok(by
            .into_iter()
            .map(|(id, mut list)| {
                list.sort_by_key(|(n, _)| *n);
                (id, list.into_iter().map(|(_, m)| m).collect())
            })
            .collect())
    }

    /// One conversation with all its messages, its rank in the case (1-based) and the
    /// number of conversations in the case.
    pub fn conversation(
        &self,
        lexicon: &Lexicon,
        id: &str,
    ) -> Result<(Scored, usize, usize), CaseError> {
        self.check_lexicon(lexicon)?;
        let searcher = self.reader()?.searcher();
        let f = &self.fields;
        let of_kind = |kind: &str| -> Result<Vec<TantivyDocument>, CaseError> {
            let q = tantivy::query::BooleanQuery::intersection(vec![
                Box::new(TermQuery::new(
                    Term::from_field_text(f.kind, kind),
                    IndexRecordOption::Basic,
                )),
                Box::new(TermQuery::new(
                    Term::from_field_text(f.conversation, id),
                    IndexRecordOption::Basic,
                )),
            ]);
            let mut addresses: Vec<_> =
                searcher.search(&q, &DocSetCollector)?.into_iter().collect();
            addresses.sort();
            addresses
                .into_iter()
                .map(|a| searcher.doc(a).map_err(CaseError::from))
                .collect()
        };
        let conv = of_kind(KIND_CONVERSATION)?;
        let Some(conv) = conv.first() else {
            return Err(CaseError::UnknownConversation(id.to_string()));
        };
        let mut messages: Vec<(u64, Message)> = of_kind(KIND_MESSAGE)?
            .iter()
            .map(|d| Ok((self.u64_of(d, f.message)?, self.message(d)?)))
            .collect::<Result<_, CaseError>>()?;
        messages.sort_by_key(|(n, _)| *n);
        let messages: Vec<Message> = messages.into_iter().map(|(_, m)| m).collect();
        let scored = self.scored(conv, messages)?;
        let (rank, of) = self.rank_of(&searcher, &scored)?;
        Ok((scored, rank, of))
    }

    /// The rank of a conversation (the order of `pipeline::rank`: score descending, then
    /// id, then source) and the number of conversations, from the score fast field.
    fn rank_of(
        &self,
        searcher: &tantivy::Searcher,
        s: &Scored,
    ) -> Result<(usize, usize), CaseError> {
        use std::ops::Bound;
        use tantivy::query::{BooleanQuery, RangeQuery};
        let f = &self.fields;
        let score = s.assessment.score;
        let kind = || -> Box<dyn tantivy::query::Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(f.kind, KIND_CONVERSATION),
                IndexRecordOption::Basic,
            ))
        };
        let of = searcher.search(&kind(), &Count)?;
        let range = |lower: Bound<f64>, upper: Bound<f64>| {
            let term = |b: Bound<f64>| b.map(|x| Term::from_field_f64(f.score, x));
            BooleanQuery::intersection(vec![
                kind(),
                Box::new(RangeQuery::new(term(lower), term(upper))),
            ])
        };
        let above = searcher.search(&range(Bound::Excluded(score), Bound::Unbounded), &Count)?;
        let tied = searcher.search(
            &range(Bound::Included(score), Bound::Included(score)),
            &DocSetCollector,
        )?;
        let mut before = 0;
        for a in tied {
            let doc: TantivyDocument = searcher.doc(a)?;
            let key = (
                self.str_of(&doc, f.conversation),
                self.str_of(&doc, f.source),
            );
            if key < (s.conversation.id.as_str(), s.conversation.source.as_str()) {
                before += 1;
            }
        }
        Ok((above + before + 1, of))
    }

    fn str_of<'d>(&self, doc: &'d TantivyDocument, field: tantivy::schema::Field) -> &'d str {
        doc.get_first(field).and_then(|v| v.as_str()).unwrap_or("")
    }

    fn u64_of(
        &self,
        doc: &TantivyDocument,
        field: tantivy::schema::Field,
    ) -> Result<u64, CaseError> {
        doc.get_first(field)
            .and_then(|v| v.as_u64())
            .ok_or_else(|| CaseError::Corrupt("a message document without a number".into()))
    }

    fn message(&self, doc: &TantivyDocument) -> Result<Message, CaseError> {
        let f = &self.fields;
        Ok(Message {
            author: self.str_of(doc, f.author).to_string(),
            time: doc
                .get_first(f.time)
                .and_then(|v| v.as_datetime())
                .and_then(from_tantivy),
            time_raw: self.str_of(doc, f.time_raw).to_string(),
            text: self.str_of(doc, f.text).to_string(),
            line: self.u64_of(doc, f.line)?,
            deleted: false,
        })
    }

    /// Rebuilds `Scored` from a conversation document. `messages` are all the messages (for
    /// `show`), or empty to use the cited ones with placeholders between them (for `rank`).
    fn scored(&self, doc: &TantivyDocument, messages: Vec<Message>) -> Result<Scored, CaseError> {
        let id = self.str_of(doc, self.fields.conversation).to_string();
        let data = doc
            .get_first(self.fields.data)
            .and_then(|v| v.as_bytes())
            .ok_or_else(|| CaseError::Corrupt(format!("conversation {id}: no data")))?;
        let stored: StoredConversation = serde_json::from_slice(data)
            .map_err(|e| CaseError::Corrupt(format!("conversation {id}: {e}")))?;
        let format = Format::from_name(&stored.format).ok_or_else(|| {
            CaseError::Corrupt(format!("conversation {id}: format {:?}", stored.format))
        })?;
        let messages = if messages.is_empty() {
            let mut all = vec![
                Message {
                    author: String::new(),
                    time: None,
                    time_raw: String::new(),
                    text: String::new(),
                    line: 0,
                    deleted: false,
                };
                stored.messages
            ];
            for (m, &a) in all.iter_mut().zip(&stored.author_of) {
                if let Some(name) = stored.authors.get(a as usize) {
                    m.author.clone_from(name);
                }
            }
            for (m, &line) in all.iter_mut().zip(&stored.lines) {
                m.line = line;
            }
            for m in stored.cited {
                let i = m.index;
                if i < all.len() {
                    all[i] = m.into_message()?;
                }
            }
            all
        } else if messages.len() == stored.messages {
            messages
        } else {
            return Err(CaseError::Corrupt(format!(
                "conversation {id}: {} message documents for {} messages",
                messages.len(),
                stored.messages
            )));
        };
        let mut messages = messages;
        mark_deleted(format, &mut messages);
        Ok(Scored {
            conversation: Conversation {
                id,
                key: stored.key,
                title: stored.title,
                source: stored.source,
                format,
                messages,
                merged: stored.merged.map(Box::new),
            },
            scan: stored.scan,
            assessment: stored.assessment,
        })
    }
}

/// Sets `Message::deleted` on messages rebuilt from the case, which stores no such flag:
/// for WhatsApp it is a function of the text (`whatsapp::is_deleted_placeholder`), and no
/// other reader sets it.
fn mark_deleted(format: Format, messages: &mut [Message]) {
    if format == Format::Whatsapp {
        for m in messages {
            m.deleted = crate::ingest::whatsapp::is_deleted_placeholder(&m.text);
        }
    }
}

fn to_tantivy(t: DateTime<Utc>) -> tantivy::DateTime {
    match t.timestamp_nanos_opt() {
        Some(n) => tantivy::DateTime::from_timestamp_nanos(n),
        None => tantivy::DateTime::from_timestamp_secs(t.timestamp()),
    }
}

fn from_tantivy(t: tantivy::DateTime) -> Option<DateTime<Utc>> {
    let n = t.into_timestamp_nanos();
    Some(DateTime::from_timestamp_nanos(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_hash_is_the_one_ingest_records() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        let bytes: Vec<u8> = (0..3_000_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&p, &bytes).unwrap();
        assert_eq!(
            crate::ingest::evidence_sha256(&p).unwrap(),
            crate::hash::sha256_hex(&bytes)
        );
    }

    /// Issue 14: a run that fails before its commit removes what it wrote, and only that,
    /// and says so in one line; a failure after the commit (meta.json changed) is kept.
    #[test]
    fn a_failed_run_is_undone() {
        let dir = tempfile::tempdir().unwrap();
        let _case = Case::open(dir.path(), true).unwrap();
        let index = dir.path().join(INDEX_DIR);
        let before: Vec<_> = Undo::names(&index).into_iter().collect();
        let undo = Undo::snapshot(&index);
        std::fs::write(index.join("a1b2.idx"), b"segment").unwrap();
        std::fs::write(index.join("a1b2.store"), b"segment").unwrap();
        let full = std::io::Error::from(std::io::ErrorKind::StorageFull);
        let e = undo.undo(CaseError::Io {
            path: "x".into(),
            source: full,
        });
        let said = e.to_string();
        assert!(
            matches!(e, CaseError::RunUndone { removed: 2, .. }),
            "{said}"
        );
        assert!(said.starts_with("no room left"), "{said}");
        assert_eq!(said.lines().count(), 1);
        assert_eq!(Undo::names(&index).into_iter().collect::<Vec<_>>(), before);

        let undo = Undo::snapshot(&index);
        std::fs::write(index.join("c3.idx"), b"segment").unwrap();
        std::fs::write(index.join("meta.json"), b"{}").unwrap();
        let e = undo.undo(CaseError::Corrupt("after the commit".into()));
        assert!(matches!(e, CaseError::Corrupt(_)));
        assert!(index.join("c3.idx").exists());
    }

    #[test]
    fn a_scorer_mismatch_names_both_scorers_and_the_way_out() {
        let r = |sha: &str| {
            Some(Box::new(ModelRef {
                sha256: sha.into(),
                path: format!("{sha}.json"),
                schema: crate::learn::train::SCHEMA.into(),
            }))
        };
        let table = [
            (
                r("aaa"),
                r("bbb"),
                [
                    "model aaa.json (sha256 aaa)",
                    "model bbb.json (sha256 bbb)",
                    "--model aaa.json (sha256 aaa)",
                ],
            ),
            (
                r("aaa"),
                None,
                [
                    "model aaa.json (sha256 aaa)",
                    "uses the default weights",
                    "--model aaa.json (sha256 aaa)",
                ],
            ),
            (
                None,
                r("bbb"),
                [
                    "with the default weights",
                    "model bbb.json (sha256 bbb)",
                    "index with no --model",
                ],
            ),
        ];
        for (case, given, want) in table {
            let e = CaseError::ModelMismatch { case, given }.to_string();
            for w in want {
                assert!(e.contains(w), "{w:?} in {e}");
            }
        }
    }

    #[test]
    fn times_round_trip_through_the_index_date_type() {
        let t = DateTime::parse_from_rfc3339("2025-03-14T19:04:05.123Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(from_tantivy(to_tantivy(t)), Some(t));
    }
}
