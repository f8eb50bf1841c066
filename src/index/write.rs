//! Adding inputs to a case (`Case::add`, the `index` command): hashing the inputs to skip
//! files the case holds, reading and scoring the rest through `pipeline::stream_filtered`,
//! handing each conversation's documents to the one writer of the run, and ONE commit that
//! carries the manifest. A run that fails before its commit is undone (`Undo`).

use super::error::is_no_room;
use super::manifest::{now, tool};
use super::schema::{KIND_CONVERSATION, KIND_MESSAGE};
use super::stored::{CONTEXT_KEPT, StoredConversation, StoredMessage, to_tantivy};
use super::{Case, CaseError, CaseInput, CaseModel, INDEX_DIR, IndexRun, Manifest, io_err};
use crate::detect::lexicon::Lexicon;
use crate::detect::score::{Scorer, Weights};
use crate::error::InputError;
use crate::model::InputFile;
use crate::pipeline::{self, Config, Scored};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use tantivy::{IndexWriter, TantivyDocument};

/// Memory for the one index writer of a run, shared by tantivy's indexing threads. Large
/// budgets mean few, large segments and few flushes and merges; this is the writer's
/// share of the run's memory, not a cap on it. Measured on 100,000 WhatsApp files (6.6M
/// messages, 2 cores): 1 GiB 62 s / 1.66 GB peak RSS, 512 MiB 60 s / 0.91 GB,
/// 256 MiB 79 s / 0.97 GB (more merging).
pub const WRITER_MEMORY: usize = 512 << 20;

/// The index folder as a run found it (taken under the writer's lock), to undo a run that
/// fails before its commit: every file the run created is removed. A failure in or after
/// the commit (when `meta.json` changed) is not undone: the commit stands.
struct Undo {
    dir: PathBuf,
    files: BTreeSet<std::ffi::OsString>,
    meta: Option<Vec<u8>>,
}

impl Undo {
    fn snapshot(dir: &Path) -> Undo {
        Undo {
            dir: dir.to_path_buf(),
            files: Self::names(dir),
            meta: std::fs::read(dir.join("meta.json")).ok(),
        }
    }

    fn names(dir: &Path) -> BTreeSet<std::ffi::OsString> {
        std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .filter_map(|e| e.ok().map(|e| e.file_name()))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Removes what the failed run wrote and says so in one line.
    fn undo(self, cause: CaseError) -> CaseError {
        if std::fs::read(self.dir.join("meta.json")).ok() != self.meta {
            return cause;
        }
        let no_room = is_no_room(&cause);
        let mut removed = 0;
        let mut left = Vec::new();
        for name in Self::names(&self.dir).difference(&self.files) {
            let path = self.dir.join(name);
            match std::fs::remove_file(&path) {
                Ok(()) => removed += 1,
                Err(_) => left.push(path.display().to_string()),
            }
        }
        let cause = cause.to_string();
        CaseError::RunUndone {
            cause: cause.lines().next().unwrap_or("").to_string(),
            no_room,
            removed,
            left,
        }
    }
}

/// What `Case::add` did.
#[derive(Debug, Default)]
pub struct AddSummary {
    pub files_added: usize,
    pub files_already_in_case: usize,
    pub conversations: usize,
    pub messages: usize,
    /// The files added (empty when nothing was committed).
    pub inputs: Vec<InputFile>,
    /// Problems with this run's inputs (also recorded in the manifest when anything was
    /// added).
    pub errors: Vec<InputError>,
    /// False when nothing new was found: no commit, case untouched.
    pub committed: bool,
}

/// Hooks for a progress display during `Case::add`.
pub trait Progress: Sync {
    /// Hashing the inputs (to skip those the case holds) starts.
    fn hashing(&self) {}
    /// Reading, scanning, scoring and indexing `files` files starts.
    fn reading(&self, _files: u64) {}
    /// `files` more were read and handed to the index writer (called from any thread).
    fn advance(&self, _files: u64) {}
    /// The writer is finishing its segments and committing.
    fn committing(&self) {}
    /// Done.
    fn finish(&self) {}
}

/// No progress display.
pub struct Quiet;
impl Progress for Quiet {}

impl Case {
    /// Reads, scores and indexes the inputs of `config` that the case does not hold yet,
    /// with one writer and one commit. `model` scores them instead of `weights`; it must
    /// be the case's scorer (`check_model`).
    pub fn add(
        &mut self,
        config: &Config,
        lexicon: &Lexicon,
        weights: &Weights,
        model: Option<&CaseModel>,
        progress: &dyn Progress,
    ) -> Result<AddSummary, CaseError> {
        self.check_lexicon(lexicon)?;
        self.check_model(model)?;
        // Take the writer (and its lock) first, and read what is committed under it, so
        // two runs on one case cannot both add the same file.
        let writer: IndexWriter = self.index.writer(WRITER_MEMORY)?;
        // Files left by an interrupted run (kill -9) that no commit names.
        let _ = writer.garbage_collect_files().wait();
        // What the index folder holds under the lock: a run that fails removes what it
        // added (its uncommitted segments), and only that.
        let index_dir = self.dir.join(INDEX_DIR);
        let before = Undo::snapshot(&index_dir);
        match self.add_with(writer, config, lexicon, weights, model, progress) {
            Ok(summary) => Ok(summary),
            Err(cause) => {
                progress.finish();
                Err(before.undo(cause))
            }
        }
    }

    /// `add` under the writer's lock; the writer is dropped (its threads joined) before an
    /// error is returned.
    fn add_with(
        &mut self,
        mut writer: IndexWriter,
        config: &Config,
        lexicon: &Lexicon,
        weights: &Weights,
        model: Option<&CaseModel>,
        progress: &dyn Progress,
    ) -> Result<AddSummary, CaseError> {
        let started = now();
        self.manifest = self.committed_manifest()?;
        self.check_model(model)?;
        let scorer = match model {
            Some(m) => m.model.scorer(),
            None => Scorer::new(weights),
        };
        let known: BTreeSet<String> = self
            .manifest
            .iter()
            .flat_map(|m| {
                m.inputs
                    .iter()
                    .map(|i| i.file.evidence_sha256().to_string())
            })
            .collect();
        let mut already = 0;
        // The case's own files are never evidence (`index . --case ./case`).
        let own = self.dir.canonicalize().map_err(io_err(&self.dir))?;
        progress.hashing();
        // Hash every file first (streamed, nothing parsed, in parallel), so files the case
        // holds, or a second copy given in this run, are never read again.
        let (files, mut errors) = crate::ingest::walk_paths(&config.paths, config.walk);
        // Nor is anything in them reported as skipped (their hidden lock files).
        errors.retain(|e| {
            !Path::new(&e.path)
                .canonicalize()
                .is_ok_and(|p| p.starts_with(&own))
        });
        let files: Vec<PathBuf> = files
            .into_iter()
            .filter(|f| !f.canonicalize().is_ok_and(|p| p.starts_with(&own)))
            .collect();
        let hashes = pipeline::par_map(&files, |f| crate::ingest::evidence_sha256(f));
        let mut todo = Vec::new();
        let mut this_run: BTreeSet<String> = BTreeSet::new();
        for (file, hash) in files.into_iter().zip(hashes) {
            match hash {
                Ok(h) if known.contains(&h) || !this_run.insert(h.clone()) => already += 1,
                // an unreadable file goes on, to be reported by the reader
                _ => todo.push(file),
            }
        }
        progress.reading(todo.len() as u64);
        let reading = Config {
            paths: todo,
            ..config.clone()
        };
        // `keep` checks again on what was read (a file may change between the two reads).
        let seen = std::sync::Mutex::new((known, already));
        let keep = |input: &InputFile| {
            if Path::new(&input.path)
                .canonicalize()
                .is_ok_and(|p| p.starts_with(&own))
            {
                return false;
            }
            // Also drops a second copy of a file given twice in one run.
            let mut seen = seen.lock().unwrap_or_else(|e| e.into_inner());
            let new = seen.0.insert(input.evidence_sha256().to_string());
            if !new {
                seen.1 += 1;
            }
            new
        };
        // Each conversation goes to the writer as soon as it is scored (tantivy's writer
        // takes documents from any thread), so memory holds the files being read, not the
        // corpus.
        let this = &*self;
        let (run, added) = pipeline::stream_filtered(
            &reading,
            lexicon,
            &scorer,
            keep,
            || progress.advance(1),
            |s| -> Result<(), CaseError> {
                this.documents(&s, &mut |doc| {
                    writer.add_document(doc)?;
                    Ok(())
                })
            },
        );
        let already = seen.into_inner().unwrap_or_else(|e| e.into_inner()).1;
        let conversations = added.len();
        added.into_iter().collect::<Result<(), CaseError>>()?;
        errors.extend(run.errors.iter().cloned());
        let mut summary = AddSummary {
            files_added: run.inputs.len(),
            files_already_in_case: already,
            conversations,
            messages: run.inputs.iter().map(|i| i.messages).sum(),
            inputs: Vec::new(),
            errors,
            committed: false,
        };
        if run.inputs.is_empty() {
            progress.finish();
            return Ok(summary);
        }
        let mut manifest = self
            .manifest
            .clone()
            .unwrap_or_else(|| Manifest::new(lexicon, model.map(CaseModel::reference)));
        if let Some(m) = model {
            // Before the commit that names it: a committed model always has its copy.
            self.write_model_copy(m)?;
        }
        let number = manifest.runs.len() + 1;
        manifest.inputs.extend(run.inputs.iter().map(|f| CaseInput {
            file: f.clone(),
            run: number,
        }));
        manifest.errors.extend(summary.errors.iter().cloned());
        manifest.assumptions.extend(run.assumptions.iter().cloned());
        let mut record = IndexRun {
            run: number,
            tool: tool(),
            started,
            committed: String::new(),
            paths: config
                .paths
                .iter()
                .map(|p| p.display().to_string())
                .collect(),
            files_added: summary.files_added,
            files_already_in_case: summary.files_already_in_case,
            conversations: summary.conversations,
            messages: summary.messages,
            errors: summary.errors.len(),
            model: model.map(CaseModel::reference),
            examiner: self.details.examiner.clone(),
            exhibit: self.details.exhibit.clone(),
        };
        if manifest.case_ref.is_none() {
            manifest.case_ref.clone_from(&self.details.case_ref);
        }
        record.committed = now();
        manifest.runs.push(record);
        let payload =
            serde_json::to_string(&manifest).map_err(|e| CaseError::Corrupt(e.to_string()))?;
        progress.committing();
        let mut commit = writer.prepare_commit()?;
        commit.set_payload(&payload);
        commit.commit()?;
        writer.wait_merging_threads()?;
        progress.finish();
        self.manifest = Some(manifest);
        self.sync_manifest_file()?;
        summary.committed = true;
        summary.inputs = run.inputs;
        Ok(summary)
    }

    /// The documents of one scored conversation, one for the conversation, then one per
    /// message, each handed to `emit` as it is made: a chat of a million messages is never
    /// held as a million documents (issue 14: `index` of one 100 MB chat).
    fn documents(
        &self,
        s: &Scored,
        emit: &mut dyn FnMut(TantivyDocument) -> Result<(), CaseError>,
    ) -> Result<(), CaseError> {
        let f = &self.fields;
        let c = &s.conversation;
        let n = c.messages.len();
        let cited: BTreeSet<usize> = s
            .scan
            .hits
            .iter()
            .map(|h| h.message)
            .chain(s.scan.ages.iter().map(|a| a.message))
            // the points reports start the reader at (1-based)
            .chain(
                [
                    s.assessment.first_warning_message,
                    s.assessment.first_alert_message,
                ]
                .into_iter()
                .flatten()
                .map(|m| m.saturating_sub(1)),
            )
            .flat_map(|m| m.saturating_sub(CONTEXT_KEPT)..(m + CONTEXT_KEPT + 1).min(n))
            .collect();
        let authors: Vec<&str> = c.authors();
        let author_of: Vec<u32> = c
            .messages
            .iter()
            .map(|m| {
                authors
                    .iter()
                    .position(|a| *a == m.author)
                    .unwrap_or_default() as u32
            })
            .collect();
        let stored = StoredConversation {
            authors: authors.iter().map(|a| a.to_string()).collect(),
            author_of,
            lines: c.messages.iter().map(|m| m.line).collect(),
            times: c
                .messages
                .iter()
                .map(|m| m.time.map(|t| t.timestamp()))
                .collect(),
            content_sha256: s.content_sha256.clone(),
            key: c.key.clone(),
            title: c.title.clone(),
            source: c.source.clone(),
            format: c.format.name().to_string(),
            messages: c.messages.len(),
            merged: c.merged.as_deref().cloned(),
            scan: s.scan.clone(),
            assessment: s.assessment.clone(),
            cited: cited
                .iter()
                .map(|&i| StoredMessage::new(i, &c.messages[i]))
                .collect(),
        };
        let data = serde_json::to_vec(&stored).map_err(|e| CaseError::Corrupt(e.to_string()))?;
        drop(stored);
        let mut doc = TantivyDocument::new();
        doc.add_text(f.kind, KIND_CONVERSATION);
        doc.add_text(f.id, &c.id);
        doc.add_text(f.conversation, &c.id);
        doc.add_f64(f.score, s.assessment.score);
        doc.add_text(f.band, s.assessment.band.name());
        doc.add_text(f.title, &c.title);
        doc.add_text(f.source, &c.source);
        doc.add_bytes(f.data, &data);
        drop(data);
        emit(doc)?;
        let mut categories: Vec<Vec<&'static str>> = vec![Vec::new(); c.messages.len()];
        for h in &s.scan.hits {
            let list = &mut categories[h.message];
            if !list.contains(&h.category.name()) {
                list.push(h.category.name());
            }
        }
        for (i, m) in c.messages.iter().enumerate() {
            let mut doc = TantivyDocument::new();
            doc.add_text(f.kind, KIND_MESSAGE);
            doc.add_text(f.id, format!("{}:{}", c.id, i + 1));
            doc.add_text(f.conversation, &c.id);
            doc.add_u64(f.message, i as u64 + 1);
            doc.add_text(f.author, &m.author);
            if let Some(t) = m.time {
                doc.add_date(f.time, to_tantivy(t));
            }
            if !m.time_raw.is_empty() {
                doc.add_text(f.time_raw, &m.time_raw);
            }
            doc.add_text(f.text, &m.text);
            for cat in &categories[i] {
                doc.add_text(f.category, cat);
            }
            doc.add_text(f.source, c.source_of(i));
            doc.add_u64(f.line, m.line);
            emit(doc)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_hash_is_the_one_ingest_records() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        let bytes: Vec<u8> = (0..3_000_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&p, &bytes).unwrap();
        assert_eq!(
            crate::ingest::evidence_sha256(&p).unwrap(),
            crate::hash::sha256_hex(&bytes)
        );
    }

    /// Issue 14: a run that fails before its commit removes what it wrote, and only that,
    /// and says so in one line; a failure after the commit (meta.json changed) is kept.
    #[test]
    fn a_failed_run_is_undone() {
        let dir = tempfile::tempdir().unwrap();
        let _case = Case::open(dir.path(), true).unwrap();
        let index = dir.path().join(INDEX_DIR);
        let before: Vec<_> = Undo::names(&index).into_iter().collect();
        let undo = Undo::snapshot(&index);
        std::fs::write(index.join("a1b2.idx"), b"segment").unwrap();
        std::fs::write(index.join("a1b2.store"), b"segment").unwrap();
        let full = std::io::Error::from(std::io::ErrorKind::StorageFull);
        let e = undo.undo(CaseError::Io {
            path: "x".into(),
            source: full,
        });
        let said = e.to_string();
        assert!(
            matches!(e, CaseError::RunUndone { removed: 2, .. }),
            "{said}"
        );
        assert!(said.starts_with("no room left"), "{said}");
        assert_eq!(said.lines().count(), 1);
        assert_eq!(Undo::names(&index).into_iter().collect::<Vec<_>>(), before);

        let undo = Undo::snapshot(&index);
        std::fs::write(index.join("c3.idx"), b"segment").unwrap();
        std::fs::write(index.join("meta.json"), b"{}").unwrap();
        let e = undo.undo(CaseError::Corrupt("after the commit".into()));
        assert!(matches!(e, CaseError::Corrupt(_)));
        assert!(index.join("c3.idx").exists());
    }
}
