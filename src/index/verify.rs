//! Checking a case's evidence (`groomscan verify --case DIR`): every input the case's
//! manifest names is hashed again, read-only and in blocks, and compared with what the
//! case recorded when it was indexed: its size and SHA-256, and for a SQLite database its
//! unit hash with the `-wal`/`-shm` beside it (so rows added to a log since are seen).
//! Paths are as the index run was given them; a relative one is looked for from the
//! current folder. Nothing is written: not to the evidence, not to the case.

use super::{Case, CaseInput};
use crate::hash::file_sha256;
use serde::Serialize;

/// What was found at one input's path.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "status")]
pub enum Status {
    /// Same size and SHA-256 (and the same unit hash, for a database).
    Unchanged,
    /// The file's bytes differ from those indexed.
    Changed { sha256: String, bytes: u64 },
    /// The database file is the same but its `-wal`/`-shm` siblings are not (added,
    /// removed or changed): the evidence unit differs.
    SiblingsChanged { unit_sha256: String },
    /// No file at the path.
    Missing,
    /// There is something at the path, but it cannot be read.
    Unreadable { error: String },
}

impl Status {
    /// The one-word label of the table output.
    pub fn label(&self) -> &'static str {
        match self {
            Status::Unchanged => "unchanged",
            Status::Changed { .. } | Status::SiblingsChanged { .. } => "CHANGED",
            Status::Missing => "MISSING",
            Status::Unreadable { .. } => "UNREADABLE",
        }
    }
}

/// One input checked.
#[derive(Clone, Debug, Serialize)]
pub struct Checked {
    pub path: String,
    /// The index run that added it.
    pub run: usize,
    /// What the case recorded.
    pub recorded_sha256: String,
    pub recorded_bytes: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recorded_unit_sha256: Option<String>,
    #[serde(flatten)]
    pub status: Status,
}

/// Every input of a case, checked, in the manifest's order.
#[derive(Clone, Debug, Serialize)]
pub struct Verification {
    pub schema: &'static str,
    pub checked: Vec<Checked>,
    pub unchanged: usize,
    pub changed: usize,
    pub missing: usize,
    pub unreadable: usize,
}

impl Verification {
    /// True when every input is as it was indexed.
    pub fn intact(&self) -> bool {
        self.unchanged == self.checked.len()
    }
}

/// Checks one input.
fn check(input: &CaseInput) -> Checked {
    let f = &input.file;
    let path = std::path::Path::new(&f.path);
    let status = match file_sha256(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Status::Missing,
        Err(e) => Status::Unreadable {
            error: e.to_string(),
        },
        Ok((sha256, bytes)) if sha256 != f.sha256 || bytes != f.bytes => {
            Status::Changed { sha256, bytes }
        }
        Ok((sha256, _)) => {
            let unit = crate::ingest::evidence_of(path, sha256);
            if unit == f.evidence_sha256() {
                Status::Unchanged
            } else {
                Status::SiblingsChanged { unit_sha256: unit }
            }
        }
    };
    Checked {
        path: f.path.clone(),
        run: input.run,
        recorded_sha256: f.sha256.clone(),
        recorded_bytes: f.bytes,
        recorded_unit_sha256: f.unit_sha256.clone(),
        status,
    }
}

impl Case {
    /// Hashes every input the case names again (in parallel; the result keeps the
    /// manifest's order) and says which are unchanged, changed, missing or unreadable.
    pub fn verify(&self) -> Verification {
        let inputs: &[CaseInput] = self.manifest.as_ref().map_or(&[], |m| &m.inputs);
        let checked = crate::pipeline::par_map(inputs, check);
        let count = |f: fn(&Status) -> bool| checked.iter().filter(|c| f(&c.status)).count();
        Verification {
            schema: "groomscan.verify/1",
            unchanged: count(|s| *s == Status::Unchanged),
            changed: count(|s| {
                matches!(s, Status::Changed { .. } | Status::SiblingsChanged { .. })
            }),
            missing: count(|s| *s == Status::Missing),
            unreadable: count(|s| matches!(s, Status::Unreadable { .. })),
            checked,
        }
    }
}

/// The table: one line per input that is not as indexed (every line with `all`), then
/// a summary line. Paths are made terminal-safe.
pub fn write_table(
    out: &mut dyn std::io::Write,
    v: &Verification,
    all: bool,
) -> std::io::Result<()> {
    let safe = crate::report::terminal_safe;
    for c in &v.checked {
        if !all && c.status == Status::Unchanged {
            continue;
        }
        let detail = match &c.status {
            Status::Unchanged => String::new(),
            Status::Changed { sha256, bytes } => format!(
                ": indexed {} bytes, sha256 {}; now {bytes} bytes, sha256 {sha256}",
                c.recorded_bytes, c.recorded_sha256
            ),
            Status::SiblingsChanged { unit_sha256 } => format!(
                ": the database is unchanged, its -wal/-shm are not (unit sha256 indexed {}, now {unit_sha256})",
                c.recorded_unit_sha256
                    .as_deref()
                    .unwrap_or("none: no siblings then")
            ),
            Status::Missing => ": no file at this path".into(),
            Status::Unreadable { error } => format!(": {}", safe(error)),
        };
        writeln!(out, "{:<10} {}{detail}", c.status.label(), safe(&c.path))?;
    }
    writeln!(
        out,
        "{} input(s) checked: {} unchanged, {} changed, {} missing, {} unreadable{}",
        v.checked.len(),
        v.unchanged,
        v.changed,
        v.missing,
        v.unreadable,
        if v.intact() {
            "; the evidence is as it was indexed"
        } else {
            ""
        }
    )
}

/// The `groomscan.verify/1` JSON document.
pub fn write_json(out: &mut dyn std::io::Write, v: &Verification) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, v)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::InputFile;

    fn input(path: &std::path::Path, sha256: &str, bytes: u64, unit: Option<String>) -> CaseInput {
        CaseInput {
            file: InputFile {
                path: path.display().to_string(),
                sha256: sha256.into(),
                bytes,
                format: "whatsapp".into(),
                conversations: 1,
                messages: 1,
                unit_sha256: unit,
            },
            run: 1,
        }
    }

    #[test]
    fn each_status_from_what_is_on_disk() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.txt");
        std::fs::write(&a, b"hello").unwrap();
        let sha = crate::hash::sha256_hex(b"hello");
        // A SQLite file (by its header) indexed without siblings, which now has a -wal.
        let db = dir.path().join("m.db");
        let db_bytes = b"SQLite format 3\0rest of the database";
        std::fs::write(&db, db_bytes).unwrap();
        let db_sha = crate::hash::sha256_hex(db_bytes);
        let cases = [
            (input(&a, &sha, 5, None), "unchanged"),
            (input(&a, &"0".repeat(64), 5, None), "changed"),
            (input(&a, &sha, 6, None), "changed"),
            (
                input(&dir.path().join("gone.txt"), &sha, 5, None),
                "missing",
            ),
            (input(dir.path(), &sha, 5, None), "unreadable"),
            (
                input(&db, &db_sha, db_bytes.len() as u64, None),
                "unchanged",
            ),
        ];
        for (i, want) in &cases {
            let got = check(i).status;
            let name = match got {
                Status::Unchanged => "unchanged",
                Status::Changed { .. } | Status::SiblingsChanged { .. } => "changed",
                Status::Missing => "missing",
                Status::Unreadable { .. } => "unreadable",
            };
            assert_eq!(name, *want, "{}", i.file.path);
        }
        std::fs::write(dir.path().join("m.db-wal"), b"log").unwrap();
        let got = check(&input(&db, &db_sha, db_bytes.len() as u64, None)).status;
        assert!(matches!(got, Status::SiblingsChanged { .. }), "{got:?}");
        // Recorded with that -wal: unchanged again.
        let unit = crate::ingest::evidence_sha256(&db).unwrap();
        let got = check(&input(&db, &db_sha, db_bytes.len() as u64, Some(unit))).status;
        assert_eq!(got, Status::Unchanged);
    }
}
