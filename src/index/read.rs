//! Reading a case back for `rank`, `show`, `report` and `search`: one fixed view of the
//! case (`Reading`), its conversation documents (`Place`) rebuilt one at a time as
//! `pipeline::Scored` (cited messages and placeholders, or every message), the head of a
//! run (inputs, errors, assumptions) from the manifest, and one conversation with its rank
//! in the case. Nothing here holds the whole case in memory: `rank` and `report` keep a
//! ranking key per conversation and read each conversation again when they write it.

use super::schema::{KIND_CONVERSATION, KIND_MESSAGE};
use super::stored::{StoredConversation, from_tantivy};
use super::{Case, CaseError};
use crate::detect::lexicon::Lexicon;
use crate::model::{Conversation, Format, Message};
use crate::pipeline::{RunResult, Scored};
use tantivy::collector::{Count, DocSetCollector};
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, Searcher, TantivyDocument, Term};

/// Where one conversation document is in a `Reading`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Place(DocAddress);

/// One fixed view of a case (its last commit), for reading many conversations.
pub struct Reading<'c> {
    case: &'c Case,
    searcher: Searcher,
}

impl Case {
    /// A view of the case for `lexicon` (refused when the case was built with another).
    pub fn reading(&self, lexicon: &Lexicon) -> Result<Reading<'_>, CaseError> {
        self.check_lexicon(lexicon)?;
        Ok(Reading {
            case: self,
            searcher: self.reader()?.searcher(),
        })
    }

    /// The case as a run without its conversations: inputs, errors and assumptions, as
    /// the report writers take them from `scan`.
    pub fn run_head(&self) -> RunResult {
        let m = self.manifest.as_ref();
        RunResult {
            inputs: m
                .map(|m| m.inputs.iter().map(|i| i.file.clone()).collect())
                .unwrap_or_default(),
            errors: m.map(|m| m.errors.clone()).unwrap_or_default(),
            assumptions: m.map(|m| m.assumptions.clone()).unwrap_or_default(),
            conversations: Vec::new(),
            duplicates: Vec::new(),
        }
    }

    /// Every conversation, ranked as `scan` ranks them, in memory, every message read
    /// back (for redaction, which numbers names and phone numbers across all text). Other
    /// readers go one conversation at a time (`Reading`).
    pub fn ranked_in_memory(&self, lexicon: &Lexicon) -> Result<RunResult, CaseError> {
        let reading = self.reading(lexicon)?;
        let mut conversations = Vec::new();
        for place in reading.places()? {
            if let Some(s) = reading.load(place, true, &|_| true)? {
                conversations.push(s);
            }
        }
        crate::pipeline::rank(&mut conversations);
        Ok(RunResult {
            conversations,
            ..self.run_head()
        })
    }

    /// One conversation with all its messages, its rank in the case (1-based) and the
    /// number of conversations in the case.
    pub fn conversation(
        &self,
        lexicon: &Lexicon,
        id: &str,
    ) -> Result<(Scored, usize, usize), CaseError> {
        let reading = self.reading(lexicon)?;
        let place = reading.place_of(id)?;
        let scored = reading
            .load(place, true, &|_| true)?
            .expect("every conversation is kept");
        let (rank, of) = reading.rank_of(&scored)?;
        Ok((scored, rank, of))
    }
}

impl Reading<'_> {
    /// Every conversation document, in index order.
    pub fn places(&self) -> Result<Vec<Place>, CaseError> {
        let q = TermQuery::new(
            Term::from_field_text(self.case.fields.kind, KIND_CONVERSATION),
            IndexRecordOption::Basic,
        );
        let mut places: Vec<Place> = self
            .searcher
            .search(&q, &DocSetCollector)?
            .into_iter()
            .map(Place)
            .collect();
        places.sort();
        Ok(places)
    }

    /// The conversation document of `id`.
    pub fn place_of(&self, id: &str) -> Result<Place, CaseError> {
        self.of_kind(KIND_CONVERSATION, id)?
            .first()
            .map(|&a| Place(a))
            .ok_or_else(|| CaseError::UnknownConversation(id.to_string()))
    }

    /// The documents of one kind of conversation `id`, in index order.
    fn of_kind(&self, kind: &str, id: &str) -> Result<Vec<DocAddress>, CaseError> {
        let f = &self.case.fields;
        let q = tantivy::query::BooleanQuery::intersection(vec![
            Box::new(TermQuery::new(
                Term::from_field_text(f.kind, kind),
                IndexRecordOption::Basic,
            )),
            Box::new(TermQuery::new(
                Term::from_field_text(f.conversation, id),
                IndexRecordOption::Basic,
            )),
        ]);
        let mut addresses: Vec<_> = self
            .searcher
            .search(&q, &DocSetCollector)?
            .into_iter()
            .collect();
        addresses.sort();
        Ok(addresses)
    }

    /// The conversation at `place` as `Scored`, when `keep` accepts its id: with every
    /// message when `all_messages` is set (for rescoring and `show`), else with the cited
    /// messages and placeholders (what the report writers read).
    pub fn load(
        &self,
        place: Place,
        all_messages: bool,
        keep: &dyn Fn(&str) -> bool,
    ) -> Result<Option<Scored>, CaseError> {
        let doc: TantivyDocument = self.searcher.doc(place.0)?;
        let id = self.case.str_of(&doc, self.case.fields.conversation);
        if !keep(id) {
            return Ok(None);
        }
        let messages = if all_messages {
            self.messages_of(id)?
        } else {
            Vec::new()
        };
        self.case.scored(&doc, messages).map(Some)
    }

    /// Every message of conversation `id`, in message order.
    fn messages_of(&self, id: &str) -> Result<Vec<Message>, CaseError> {
        let f = &self.case.fields;
        let mut messages: Vec<(u64, Message)> = self
            .of_kind(KIND_MESSAGE, id)?
            .into_iter()
            .map(|a| {
                let d: TantivyDocument = self.searcher.doc(a)?;
                Ok((self.case.u64_of(&d, f.message)?, self.case.message(&d)?))
            })
            .collect::<Result<_, CaseError>>()?;
        messages.sort_by_key(|(n, _)| *n);
        Ok(messages.into_iter().map(|(_, m)| m).collect())
    }

    /// The rank of a conversation (the order of `pipeline::rank`: score descending, then
    /// id, then source) and the number of conversations, from the score fast field.
    fn rank_of(&self, s: &Scored) -> Result<(usize, usize), CaseError> {
        use std::ops::Bound;
        use tantivy::query::{BooleanQuery, RangeQuery};
        let f = &self.case.fields;
        let searcher = &self.searcher;
        let score = s.assessment.score;
        let kind = || -> Box<dyn tantivy::query::Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(f.kind, KIND_CONVERSATION),
                IndexRecordOption::Basic,
            ))
        };
        let of = searcher.search(&kind(), &Count)?;
        let range = |lower: Bound<f64>, upper: Bound<f64>| {
            let term = |b: Bound<f64>| b.map(|x| Term::from_field_f64(f.score, x));
            BooleanQuery::intersection(vec![
                kind(),
                Box::new(RangeQuery::new(term(lower), term(upper))),
            ])
        };
        let above = searcher.search(&range(Bound::Excluded(score), Bound::Unbounded), &Count)?;
        let tied = searcher.search(
            &range(Bound::Included(score), Bound::Included(score)),
            &DocSetCollector,
        )?;
        let mut before = 0;
        for a in tied {
            let doc: TantivyDocument = searcher.doc(a)?;
            let key = (
                self.case.str_of(&doc, f.conversation),
                self.case.str_of(&doc, f.source),
            );
            if key < (s.conversation.id.as_str(), s.conversation.source.as_str()) {
                before += 1;
            }
        }
        Ok((above + before + 1, of))
    }
}

impl Case {
    pub(super) fn str_of<'d>(
        &self,
        doc: &'d TantivyDocument,
        field: tantivy::schema::Field,
    ) -> &'d str {
        doc.get_first(field).and_then(|v| v.as_str()).unwrap_or("")
    }

    pub(super) fn u64_of(
        &self,
        doc: &TantivyDocument,
        field: tantivy::schema::Field,
    ) -> Result<u64, CaseError> {
        doc.get_first(field)
            .and_then(|v| v.as_u64())
            .ok_or_else(|| CaseError::Corrupt("a message document without a number".into()))
    }

    pub(super) fn message(&self, doc: &TantivyDocument) -> Result<Message, CaseError> {
        let f = &self.fields;
        Ok(Message {
            author: self.str_of(doc, f.author).to_string(),
            time: doc
                .get_first(f.time)
                .and_then(|v| v.as_datetime())
                .and_then(from_tantivy),
            time_raw: self.str_of(doc, f.time_raw).to_string(),
            text: self.str_of(doc, f.text).to_string(),
            line: self.u64_of(doc, f.line)?,
            deleted: false,
        })
    }

    /// Rebuilds `Scored` from a conversation document. `messages` are all the messages (for
    /// `show`), or empty to use the cited ones with placeholders between them (for `rank`).
    fn scored(&self, doc: &TantivyDocument, messages: Vec<Message>) -> Result<Scored, CaseError> {
        let id = self.str_of(doc, self.fields.conversation).to_string();
        let data = doc
            .get_first(self.fields.data)
            .and_then(|v| v.as_bytes())
            .ok_or_else(|| CaseError::Corrupt(format!("conversation {id}: no data")))?;
        let stored: StoredConversation = serde_json::from_slice(data)
            .map_err(|e| CaseError::Corrupt(format!("conversation {id}: {e}")))?;
        let format = Format::from_name(&stored.format).ok_or_else(|| {
            CaseError::Corrupt(format!("conversation {id}: format {:?}", stored.format))
        })?;
        let messages = if messages.is_empty() {
            let mut all = vec![
                Message {
                    author: String::new(),
                    time: None,
                    time_raw: String::new(),
                    text: String::new(),
                    line: 0,
                    deleted: false,
                };
                stored.messages
            ];
            for (m, &a) in all.iter_mut().zip(&stored.author_of) {
                if let Some(name) = stored.authors.get(a as usize) {
                    m.author.clone_from(name);
                }
            }
            for (m, &line) in all.iter_mut().zip(&stored.lines) {
                m.line = line;
            }
            for (m, &t) in all.iter_mut().zip(&stored.times) {
                m.time = t.and_then(|secs| chrono::DateTime::from_timestamp(secs, 0));
            }
            for m in stored.cited {
                let i = m.index;
                if i < all.len() {
                    all[i] = m.into_message()?;
                }
            }
            all
        } else if messages.len() == stored.messages {
            messages
        } else {
            return Err(CaseError::Corrupt(format!(
                "conversation {id}: {} message documents for {} messages",
                messages.len(),
                stored.messages
            )));
        };
        let mut messages = messages;
        mark_deleted(format, &mut messages);
        Ok(Scored {
            content_sha256: stored.content_sha256,
            conversation: Conversation {
                id,
                key: stored.key,
                title: stored.title,
                source: stored.source,
                format,
                messages,
                merged: stored.merged.map(Box::new),
            },
            scan: stored.scan,
            assessment: stored.assessment,
        })
    }
}

/// Sets `Message::deleted` on messages rebuilt from the case, which stores no such flag:
/// for WhatsApp it is a function of the text (`whatsapp::is_deleted_placeholder`), and no
/// other reader sets it.
fn mark_deleted(format: Format, messages: &mut [Message]) {
    if format == Format::Whatsapp {
        for m in messages {
            m.deleted = crate::ingest::whatsapp::is_deleted_placeholder(&m.text);
        }
    }
}
