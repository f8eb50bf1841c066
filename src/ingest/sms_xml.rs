//! Placeholder: the sms_xml reader is being written.

use super::{IngestOptions, Parsed, Source};
use crate::error::InputError;

/// True when the file's content is this format.
pub fn looks_like(_source: &Source) -> bool {
    false
}

pub fn parse(source: &Source, _opts: &IngestOptions) -> Result<Parsed, InputError> {
    Err(InputError::file(source.display, "reader not available yet"))
}
