//! WhatsApp "Export chat" text (placeholder; being written).

use super::{IngestOptions, Parsed, Source};
use crate::error::InputError;

pub fn looks_like(_head: &str) -> bool {
    false
}

pub fn parse(source: &Source, _opts: &IngestOptions) -> Result<Parsed, InputError> {
    Err(InputError::file(source.display, "not yet"))
}
