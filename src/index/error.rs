//! `CaseError`: what can go wrong with a case folder or a request to it, each variant saying
//! what a person needs to fix it (the path, the scorers on both sides, the way out). Also
//! telling a full disk from other I/O failures (`is_no_room`), which `write::Undo` reports.

use super::ModelRef;
use std::fmt;
use std::path::Path;

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
    /// `index --case-ref` differs from the reference the case has.
    CaseRefMismatch {
        case: String,
        given: String,
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
            CaseError::CaseRefMismatch { case, given } => write!(
                f,
                "this case's reference is {case:?}, not {given:?}: give the same --case-ref (or \
                 none), or index into another case folder"
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

/// True when an error comes from a full disk (or quota), however deep in its sources.
pub(super) fn is_no_room(e: &(dyn std::error::Error + 'static)) -> bool {
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

pub(super) fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> CaseError + '_ {
    move |source| CaseError::Io {
        path: path.display().to_string(),
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
