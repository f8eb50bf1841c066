//! Helpers shared by the integration tests.

use std::path::PathBuf;

/// The project root (where Cargo.toml is).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared/samples/<rel>` from the project root.
pub fn sample(rel: &str) -> PathBuf {
    root().join("../shared/samples").join(rel)
}
