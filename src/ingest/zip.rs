//! Zip archives (placeholder; being written).

use super::{IngestOptions, Parsed, Source};
use crate::error::InputError;

pub fn parse(source: &Source, _opts: &IngestOptions) -> Result<Parsed, InputError> {
    Err(InputError::file(source.display, "not yet"))
}
