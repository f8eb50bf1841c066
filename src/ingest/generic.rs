//! Generic JSONL and CSV (placeholder).

use super::{IngestOptions, Parsed, Source};
use crate::error::InputError;

pub fn looks_like_jsonl(_head: &str) -> bool {
    false
}
pub fn looks_like_csv(_head: &str) -> bool {
    false
}
pub fn parse_jsonl(source: &Source, _opts: &IngestOptions) -> Result<Parsed, InputError> {
    Err(InputError::file(source.display, "not yet"))
}
pub fn parse_csv(source: &Source, _opts: &IngestOptions) -> Result<Parsed, InputError> {
    Err(InputError::file(source.display, "not yet"))
}
