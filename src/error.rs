//! Typed errors that carry what a person needs to fix the problem: the file, the line or
//! record, and what was wrong. Input errors are collected per file and reported in the
//! output's `errors` list; they never stop a batch. Configuration errors (a broken lexicon,
//! a bad flag value) stop the run before any input is read.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A problem with one input file, or with one record inside it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, PartialOrd, Ord)]
pub struct InputError {
    pub path: String,
    /// 1-based line (text formats) or record number (structured formats), when known.
    pub line: Option<u64>,
    pub message: String,
}

impl InputError {
    pub fn new(path: impl Into<String>, line: Option<u64>, message: impl Into<String>) -> Self {
        InputError {
            path: path.into(),
            line,
            message: message.into(),
        }
    }

    /// An error about the file as a whole.
    pub fn file(path: impl Into<String>, message: impl Into<String>) -> Self {
        InputError::new(path, None, message)
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.path, line, self.message),
            None => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

impl std::error::Error for InputError {}

/// A problem that stops the run: configuration, lexicon or output, not evidence.
#[derive(Debug)]
pub enum Error {
    /// A lexicon or weights file is malformed: file, entry id when known, message.
    Lexicon {
        path: String,
        entry: Option<String>,
        message: String,
    },
    /// A usage problem the command line parser could not catch (bad time zone, ...).
    Usage(String),
    /// Writing output failed.
    Io {
        path: String,
        source: std::io::Error,
    },
    /// A case folder could not be read (`rank`, `report`).
    Case(crate::index::CaseError),
    /// A part given to `merge` is not one, or does not fit with the others: the part
    /// file, its line when known, what is wrong.
    Part {
        path: String,
        line: Option<u64>,
        message: String,
    },
}

impl From<crate::index::CaseError> for Error {
    fn from(e: crate::index::CaseError) -> Self {
        Error::Case(e)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Lexicon {
                path,
                entry: Some(e),
                message,
            } => {
                write!(f, "{path}: entry {e}: {message}")
            }
            Error::Lexicon {
                path,
                entry: None,
                message,
            } => write!(f, "{path}: {message}"),
            Error::Usage(m) => write!(f, "{m}"),
            Error::Io { path, source } => write!(f, "{path}: {source}"),
            Error::Case(e) => write!(f, "{e}"),
            Error::Part {
                path,
                line: Some(line),
                message,
            } => write!(f, "{path}:{line}: {message}"),
            Error::Part {
                path,
                line: None,
                message,
            } => write!(f, "{path}: {message}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            Error::Case(e) => e.source(),
            _ => None,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
