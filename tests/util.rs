//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};

/// The project root (where Cargo.toml is).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared/samples/<rel>` from the project root.
pub fn sample(rel: &str) -> PathBuf {
    root().join("../shared/samples").join(rel)
}

/// Whether `../shared/samples` (the real export samples, beside the project) is there.
/// Without it a test that needs it prints a visible notice and passes untested; under CI
/// (`CI` set) it fails instead, since CI must run it.
pub fn shared_samples(test: &str) -> bool {
    if root().join("../shared/samples").is_dir() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{test}: ../shared/samples not found, and under CI this test must run"
    );
    eprintln!("SKIPPED {test}: ../shared/samples not found beside the project");
    false
}

/// `../shared/device-samples/<rel>` from the project root (real app databases from test
/// phones).
pub fn device_sample(rel: &str) -> PathBuf {
    root().join("../shared/device-samples").join(rel)
}

/// `shared_samples` for `../shared/device-samples`.
pub fn shared_device_samples(test: &str) -> bool {
    if root().join("../shared/device-samples").is_dir() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{test}: ../shared/device-samples not found, and under CI this test must run"
    );
    eprintln!("SKIPPED {test}: ../shared/device-samples not found beside the project");
    false
}

/// Runs the real `groomscan` binary with arguments, from the project root.
pub fn groomscan(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_groomscan"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("run groomscan")
}

/// Runs `groomscan scan --format json` and parses the document back.
pub fn scan_json(args: &[&str]) -> (serde_json::Value, i32) {
    let mut all = vec!["scan", "--format", "json"];
    all.extend_from_slice(args);
    let out = groomscan(&all);
    let doc = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (doc, out.status.code().unwrap_or(-1))
}

/// A fresh scratch folder.
pub fn scratch() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

/// Every file under `dir` with its bytes, by relative path, sorted.
pub fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                let rel = p.strip_prefix(root).unwrap().to_path_buf();
                out.push((rel, std::fs::read(&p).unwrap()));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}
