//! Output paths, checked before any input is read (issue 14): a report, provenance record,
//! evidence CSV or model file must never overwrite evidence, so an output that is an
//! input, lies inside an input folder, or is the same file as an input (a hard link) is
//! refused, as is one path given for two outputs; and every output must be creatable, so
//! an unwritable one fails at once rather than after the whole run.
//!
//! Owns that policy only. It does not write the outputs (the CLI opens them and `report`
//! writes them) and it does not read inputs.

use crate::error::Error;
use std::path::{Path, PathBuf};

/// One output of a run: the flag that named it (for the message) and its path.
#[derive(Clone, Copy, Debug)]
pub struct Output<'a> {
    pub flag: &'a str,
    pub path: &'a Path,
}

/// Checks every output against every input and against each other, then that each can be
/// created. A new file is created and removed again to prove it can be; an existing one is
/// opened for writing without being truncated. Anything that is not a regular file or a
/// folder (`/dev/stdout`, a pipe) is accepted as it is.
pub fn check(outputs: &[Output], inputs: &[PathBuf]) -> Result<(), Error> {
    let inputs: Vec<PathBuf> = inputs
        .iter()
        .filter_map(|p| p.canonicalize().ok())
        .collect();
    let mut seen: Vec<(PathBuf, &str)> = Vec::new();
    for out in outputs {
        let refuse = |why: String| {
            Error::Usage(format!(
                "{} {}: {why}; nothing was read or written",
                out.flag,
                out.path.display()
            ))
        };
        let target = resolved(out.path).map_err(|e| refuse(e.to_string()))?;
        if let Some((_, flag)) = seen.iter().find(|(p, _)| *p == target) {
            return Err(refuse(format!("the same file as {flag}")));
        }
        for input in &inputs {
            if target == *input {
                return Err(refuse(
                    "is an input: an output never overwrites evidence".into(),
                ));
            }
            if input.is_dir() && target.starts_with(input) {
                return Err(refuse(format!(
                    "lies inside the input folder {}: nothing is written beside the evidence",
                    input.display()
                )));
            }
            if same_file(&target, input) {
                return Err(refuse(format!(
                    "is the same file as the input {} (a link to it)",
                    input.display()
                )));
            }
        }
        creatable(&target).map_err(refuse)?;
        seen.push((target, out.flag));
    }
    Ok(())
}

/// The absolute path an output would be written to, symbolic links resolved: the path
/// itself when it exists, else its existing parent folder joined with its name.
fn resolved(path: &Path) -> std::io::Result<PathBuf> {
    if let Ok(p) = path.canonicalize() {
        return Ok(p);
    }
    let name = path
        .file_name()
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a file name"))?;
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let parent = parent.canonicalize().map_err(|e| {
        std::io::Error::new(
            e.kind(),
            format!("its folder {} cannot be used ({e})", parent.display()),
        )
    })?;
    Ok(parent.join(name))
}

/// True when both paths exist and are one file (same device and inode).
fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(a), Ok(b)) => a.is_file() && a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Proves the output can be written without changing an existing file.
fn creatable(path: &Path) -> Result<(), String> {
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => Err("is a folder".into()),
        Ok(m) if m.is_file() => std::fs::OpenOptions::new()
            .append(true)
            .open(path)
            .map(drop)
            .map_err(|e| format!("cannot be written ({e})")),
        Ok(_) => Ok(()),
        Err(_) => {
            std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(path)
                .map_err(|e| format!("cannot be created ({e})"))?;
            std::fs::remove_file(path).map_err(|e| format!("cannot be created ({e})"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn out<'a>(flag: &'a str, path: &'a Path) -> Output<'a> {
        Output { flag, path }
    }

    #[test]
    fn outputs_that_touch_evidence_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let evidence = dir.path().join("evidence");
        std::fs::create_dir(&evidence).unwrap();
        let chat = evidence.join("chat.txt");
        std::fs::write(&chat, "x").unwrap();
        let link = dir.path().join("link.txt");
        std::fs::hard_link(&chat, &link).unwrap();
        let report = dir.path().join("report.json");
        let inputs = [evidence.clone()];
        let file_input = [chat.clone()];
        for (outputs, inputs, want) in [
            (vec![out("-o", &chat)], &file_input[..], Some("is an input")),
            (
                vec![out("-o", &chat)],
                &inputs[..],
                Some("inside the input"),
            ),
            (
                vec![out("-o", &evidence.join("new.json"))],
                &inputs[..],
                Some("inside the input"),
            ),
            (vec![out("-o", &link)], &file_input[..], Some("same file")),
            (
                vec![out("-o", &report), out("--provenance", &report)],
                &inputs[..],
                Some("the same file as -o"),
            ),
            (
                vec![out("-o", &dir.path().join("no/such/folder.json"))],
                &inputs[..],
                Some("cannot be used"),
            ),
            (
                vec![out("-o", dir.path())],
                &inputs[..],
                Some("is a folder"),
            ),
            (vec![out("-o", &report)], &inputs[..], None),
            (vec![out("-o", Path::new("/dev/null"))], &inputs[..], None),
        ] {
            let got = check(&outputs, inputs);
            match want {
                Some(w) => {
                    let e = got.expect_err(w).to_string();
                    assert!(e.contains(w), "{e}");
                }
                None => got.unwrap(),
            }
        }
        // The checks leave nothing behind and change nothing.
        assert!(!report.exists());
        assert_eq!(std::fs::read(&chat).unwrap(), b"x");
    }
}
