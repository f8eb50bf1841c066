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

/// Runs the binary, which must exit 0; returns its standard output.
pub fn run_ok(args: &[&str]) -> String {
    let out = groomscan(args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}\nstdout: {}\nstderr: {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
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

/// Runs `groomscan` with arguments on a pseudo-terminal (util-linux `script`), from the
/// project root, with `env` set and COLUMNS, NO_COLOR and TERM cleared first. `redirect`
/// is appended to the command (e.g. `2>/dev/null` to keep stderr off the terminal). Returns
/// what the terminal showed (`\r\n` line ends made `\n`), or `None` when `script` is not
/// installed (a visible notice; under CI a failure).
pub fn on_terminal(args: &[&str], env: &[(&str, &str)], redirect: &str) -> Option<String> {
    let quote = |s: &str| format!("'{}'", s.replace('\'', r"'\''"));
    let mut line = quote(env!("CARGO_BIN_EXE_groomscan"));
    for a in args {
        line.push(' ');
        line.push_str(&quote(a));
    }
    line.push(' ');
    line.push_str(redirect);
    let mut command = std::process::Command::new("script");
    command
        .args(["-qec", &line, "/dev/null"])
        .current_dir(root())
        .env_remove("COLUMNS")
        .env_remove("NO_COLOR")
        .env("TERM", "xterm");
    for (k, v) in env {
        command.env(k, v);
    }
    match command.output() {
        Ok(out) => {
            assert!(
                out.status.success(),
                "{line}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            Some(String::from_utf8_lossy(&out.stdout).replace("\r\n", "\n"))
        }
        Err(e) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "`script` (util-linux) cannot run ({e}), and under CI the terminal tests must run"
            );
            eprintln!("SKIPPED: `script` (util-linux) cannot run: {e}");
            None
        }
    }
}

/// `text` without SGR escape sequences (`ESC [ ... m`).
pub fn strip_sgr(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("\x1b[") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        match after.find('m') {
            Some(j) if after[..j].bytes().all(|b| b.is_ascii_digit() || b == b';') => {
                rest = &after[j + 1..];
            }
            _ => {
                out.push_str("\x1b[");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}
