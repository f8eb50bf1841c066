//! Placeholder: the phone_db reader is being written.

use super::{IngestOptions, Parsed, Source};
use crate::error::InputError;

/// True when the file's content is this format.
pub fn looks_like(_source: &Source) -> bool {
    false
}

pub fn parse(source: &Source, _opts: &IngestOptions) -> Result<Parsed, InputError> {
    Err(InputError::file(source.display, "reader not available yet"))
}

/// Which phone database a SQLite file is (Android mmssms.db or iOS sms.db), if either.
pub fn detect(_source: &Source) -> Option<crate::model::Format> {
    None
}
