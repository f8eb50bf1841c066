//! Examiners' review of a case's conversations (`groomscan review`): each decision
//! (`reviewed`, `escalated`, `no-concern`) with its note, who made it and when, appended to
//! `CASE/reviews.jsonl`, one JSON object a line, never rewritten: the file is the audit
//! list, and a conversation's status is its latest line. Index runs never touch it, so
//! reviews are kept as evidence is added; `rank --status` filters by it, `show` prints a
//! conversation's history.

use super::error::io_err;
use super::schema::KIND_CONVERSATION;
use super::{Case, CaseError};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::Write;
use tantivy::Term;
use tantivy::collector::Count;
use tantivy::query::{BooleanQuery, TermQuery};
use tantivy::schema::IndexRecordOption;

/// The review file in a case folder.
pub const REVIEWS_FILE: &str = "reviews.jsonl";

/// An examiner's decision about a conversation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Read; nothing further.
    Reviewed,
    /// Passed on for action (safeguarding referral, investigation).
    Escalated,
    /// Read and judged not a concern.
    NoConcern,
}

impl Status {
    pub fn name(self) -> &'static str {
        match self {
            Status::Reviewed => "reviewed",
            Status::Escalated => "escalated",
            Status::NoConcern => "no-concern",
        }
    }
}

/// One line of the audit list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Review {
    /// The conversation id (as `rank` lists it).
    pub conversation: String,
    pub status: Status,
    #[serde(default)]
    pub note: String,
    /// Who recorded it (`--examiner`, else the login name).
    pub examiner: String,
    /// When (UTC, RFC 3339).
    pub at: String,
}

impl Case {
    /// Records a decision about conversation `id` (which must be in the case), appended
    /// to the audit list and flushed to disk before this returns.
    pub fn review(
        &self,
        id: &str,
        status: Status,
        note: &str,
        examiner: &str,
    ) -> Result<Review, CaseError> {
        let f = self.fields();
        let q = BooleanQuery::intersection(vec![
            Box::new(TermQuery::new(
                Term::from_field_text(f.kind, KIND_CONVERSATION),
                IndexRecordOption::Basic,
            )),
            Box::new(TermQuery::new(
                Term::from_field_text(f.conversation, id),
                IndexRecordOption::Basic,
            )),
        ]);
        if self.reader()?.searcher().search(&q, &Count)? == 0 {
            return Err(CaseError::UnknownConversation(id.to_string()));
        }
        let review = Review {
            conversation: id.to_string(),
            status,
            note: note.to_string(),
            examiner: examiner.to_string(),
            at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        };
        let path = self.dir.join(REVIEWS_FILE);
        let mut line =
            serde_json::to_vec(&review).map_err(|e| CaseError::Corrupt(e.to_string()))?;
        line.push(b'\n');
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .map_err(io_err(&path))?;
        file.write_all(&line).map_err(io_err(&path))?;
        file.sync_data().map_err(io_err(&path))?;
        Ok(review)
    }

    /// The audit list, oldest first (empty when nothing was reviewed). A line that does
    /// not read is an error naming the file and line: the list is evidence of what was
    /// done, so it is not read in part.
    pub fn review_log(&self) -> Result<Vec<Review>, CaseError> {
        let path = self.dir.join(REVIEWS_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(io_err(&path)(e)),
        };
        text.lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(i, l)| {
                serde_json::from_str(l)
                    .map_err(|e| CaseError::Corrupt(format!("{}:{}: {e}", path.display(), i + 1)))
            })
            .collect()
    }

    /// Each reviewed conversation's latest decision.
    pub fn reviews(&self) -> Result<BTreeMap<String, Review>, CaseError> {
        Ok(self
            .review_log()?
            .into_iter()
            .map(|r| (r.conversation.clone(), r))
            .collect())
    }
}

/// The audit list as a table: one line a decision.
pub fn write_log(out: &mut dyn Write, log: &[Review]) -> std::io::Result<()> {
    use crate::report::terminal_safe;
    for r in log {
        writeln!(
            out,
            "{}  {:<10}  {}  {}{}",
            r.at,
            r.status.name(),
            r.conversation,
            terminal_safe(&r.examiner),
            if r.note.is_empty() {
                String::new()
            } else {
                format!(": {}", terminal_safe(&r.note))
            }
        )?;
    }
    writeln!(out, "{} review action(s).", log.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_read_and_write_by_their_names() {
        for (s, name) in [
            (Status::Reviewed, "reviewed"),
            (Status::Escalated, "escalated"),
            (Status::NoConcern, "no-concern"),
        ] {
            assert_eq!(s.name(), name);
            assert_eq!(serde_json::to_string(&s).unwrap(), format!("\"{name}\""));
            assert_eq!(
                serde_json::from_str::<Status>(&format!("\"{name}\"")).unwrap(),
                s
            );
        }
    }
}
