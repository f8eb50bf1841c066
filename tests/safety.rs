//! Issue 14: evidence safety and hostile input. Each test is named after the numbered
//! failure of the issue it reproduces; every chat here is invented and harmless.

use crate::util::{groomscan, scratch};
use std::path::{Path, PathBuf};

/// A small invented WhatsApp chat.
pub const CHAT: &str = "12/01/2020, 10:00 - Sam: hi, how was the match\n\
12/01/2020, 10:01 - Alex: good thanks, we won\n\
12/01/2020, 10:02 - Sam: nice one\n";

fn write(path: &Path, bytes: impl AsRef<[u8]>) -> PathBuf {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(path, bytes).unwrap();
    path.to_path_buf()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Failure 1: `scan chat.txt -o chat.txt` overwrote the evidence with the report. Every
/// output flag is refused on an input, or on a path inside an input folder, and nothing
/// is written.
#[test]
fn issue14_1_output_onto_evidence_is_refused() {
    let dir = scratch();
    let evidence = dir.path().join("evidence");
    let chat = write(&evidence.join("chat.txt"), CHAT);
    let inside = evidence.join("report.json");
    for (input, flag, target) in [
        (&chat, "-o", &chat),
        (&evidence, "-o", &chat),
        (&evidence, "-o", &inside),
        (&evidence, "--provenance", &inside),
        (&evidence, "--evidence-csv", &inside),
        (&chat, "--evidence-csv", &chat),
    ] {
        let out = groomscan(&["scan", s(input), flag, s(target)]);
        assert_eq!(out.status.code(), Some(1), "{flag} {}", stderr(&out));
        assert!(stderr(&out).contains(flag), "{}", stderr(&out));
        assert_eq!(std::fs::read_to_string(&chat).unwrap(), CHAT);
        assert!(!inside.exists());
        assert!(out.stdout.is_empty());
    }
    let labels = write(&dir.path().join("labels.tsv"), "chat\tbenign\t\n");
    let out = groomscan(&[
        "index",
        s(&evidence),
        "--case",
        s(&dir.path().join("case")),
        "--provenance",
        s(&chat),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&chat).unwrap(), CHAT);
    let out = groomscan(&[
        "train",
        "--labels",
        s(&labels),
        s(&evidence),
        "-o",
        s(&inside),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("inside the input folder"),
        "{}",
        stderr(&out)
    );
    assert!(!inside.exists());
}

/// Failure 12: an unwritable `--provenance` (or `-o`) was found only after the whole run,
/// when the report had already been printed. Now it stops the run before any input is
/// read.
#[test]
fn issue14_12_unwritable_output_fails_before_reading() {
    let dir = scratch();
    let chat = write(&dir.path().join("chat.txt"), CHAT);
    let missing = dir.path().join("no-such-folder").join("p.json");
    for flag in ["--provenance", "-o", "--evidence-csv"] {
        let out = groomscan(&["scan", s(&chat), flag, s(&missing)]);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert!(out.stdout.is_empty(), "the run went ahead");
        assert!(stderr(&out).contains("no-such-folder"), "{}", stderr(&out));
    }
    // A writable output is checked without being left behind when the run then works.
    let report = dir.path().join("report.json");
    let out = groomscan(&["scan", s(&chat), "--format", "json", "-o", s(&report)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(report.exists());
}
