//! The manifest: what a case holds and how it got there (inputs with their SHA-256, errors,
//! assumptions, lexicon, scorer, one record per `index` run). It travels as the payload of
//! each index commit and is mirrored to `CASE/manifest.json` (temp file + rename) whenever
//! the file lags behind the commit. Writing a run into it is `write.rs`.

use super::{Case, CaseError, io_err};
use crate::detect::lexicon::Lexicon;
use crate::detect::score::ModelInfo;
use crate::error::InputError;
use crate::model::InputFile;
use chrono::{SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

pub const MANIFEST_SCHEMA: &str = "groomscan.case/1";
const MANIFEST_FILE: &str = "manifest.json";

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
/// as `score::ModelInfo`, the `model` object of the JSON reports).
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
    /// Who ran it (`index --examiner`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub examiner: Option<String>,
    /// The exhibit its files came from (`index --exhibit`), e.g. a seized phone's label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exhibit: Option<String>,
}

/// What an examiner says about a run and its case (`index --case-ref --examiner
/// --exhibit`). The case reference is the case's, set once; the others are the run's.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RunDetails {
    pub case_ref: Option<String>,
    pub examiner: Option<String>,
    pub exhibit: Option<String>,
}

impl RunDetails {
    pub fn is_empty(&self) -> bool {
        *self == RunDetails::default()
    }
}

/// `manifest.json`: what the case holds and how it got there.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub schema: String,
    /// The tool that created the case.
    pub tool: Versioned,
    /// The case's reference (`index --case-ref`), set by the first run that gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case_ref: Option<String>,
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
    pub(super) fn new(lexicon: &Lexicon, model: Option<ModelRef>) -> Manifest {
        Manifest {
            schema: MANIFEST_SCHEMA.to_string(),
            tool: tool(),
            case_ref: None,
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

    /// The case reference, examiners and exhibits, for reports (each named once, in the
    /// order of the runs).
    pub fn details(&self) -> crate::report::CaseDetails {
        let mut d = crate::report::CaseDetails {
            reference: self.case_ref.clone(),
            ..Default::default()
        };
        for r in &self.runs {
            for (list, v) in [
                (&mut d.examiners, &r.examiner),
                (&mut d.exhibits, &r.exhibit),
            ] {
                if let Some(v) = v
                    && !list.contains(v)
                {
                    list.push(v.clone());
                }
            }
        }
        d
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

pub(super) fn tool() -> Versioned {
    Versioned {
        name: "groomscan".into(),
        version: env!("CARGO_PKG_VERSION").into(),
    }
}

pub(super) fn now() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true)
}

impl Case {
    /// The manifest as of the last commit (the commit payload), or `None` for a case with
    /// nothing committed yet.
    pub(super) fn committed_manifest(&self) -> Result<Option<Manifest>, CaseError> {
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
    pub(super) fn sync_manifest_file(&self) -> Result<(), CaseError> {
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
}
