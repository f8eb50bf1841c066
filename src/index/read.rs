//! Reading a case back for `rank`, `show` and `search`: the conversation documents rebuilt
//! as `pipeline::Scored` (cited messages and placeholders, or every message), ranked as
//! `scan` ranks them into a `RunResult`, and one conversation with its rank in the case.

use super::schema::{KIND_CONVERSATION, KIND_MESSAGE};
use super::stored::{StoredConversation, from_tantivy};
use super::{Case, CaseError};
use crate::detect::lexicon::Lexicon;
use crate::model::{Conversation, Format, Message};
use crate::pipeline::{self, RunResult, Scored};
use std::collections::HashMap;
use tantivy::collector::{Count, DocSetCollector};
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{TantivyDocument, Term};

impl Case {
    /// Every conversation, ranked as `scan` ranks them, as a `RunResult` that the report
    /// writers take as they take `scan`'s. Messages the scan does not cite are empty
    /// placeholders (see `StoredConversation`).
    pub fn ranked(&self, lexicon: &Lexicon) -> Result<RunResult, CaseError> {
        self.ranked_with(lexicon, false)
    }

    /// `ranked`, with every message read back when `all_messages` is set (for writers that
    /// look at more than the cited messages, such as redaction). Costs a pass over every
    /// stored message.
    pub fn ranked_with(
        &self,
        lexicon: &Lexicon,
        all_messages: bool,
    ) -> Result<RunResult, CaseError> {
        self.check_lexicon(lexicon)?;
        let searcher = self.reader()?.searcher();
        let mut messages = if all_messages {
            self.all_messages(&searcher)?
        } else {
            HashMap::new()
        };
        let q = TermQuery::new(
            Term::from_field_text(self.fields.kind, KIND_CONVERSATION),
            IndexRecordOption::Basic,
        );
        let mut addresses: Vec<_> = searcher.search(&q, &DocSetCollector)?.into_iter().collect();
        addresses.sort();
        let mut conversations = Vec::with_capacity(addresses.len());
        for a in addresses {
            let doc: TantivyDocument = searcher.doc(a)?;
            let id = self.str_of(&doc, self.fields.conversation);
            let all = messages.remove(id).unwrap_or_default();
            conversations.push(self.scored(&doc, all)?);
        }
        pipeline::rank(&mut conversations);
        let m = self.manifest.as_ref();
        Ok(RunResult {
            inputs: m
                .map(|m| m.inputs.iter().map(|i| i.file.clone()).collect())
                .unwrap_or_default(),
            errors: m.map(|m| m.errors.clone()).unwrap_or_default(),
            assumptions: m.map(|m| m.assumptions.clone()).unwrap_or_default(),
            conversations,
        })
    }

    /// Every message of the case, by conversation, in message order: one pass over each
    /// segment's document store.
    fn all_messages(
        &self,
        searcher: &tantivy::Searcher,
    ) -> Result<HashMap<String, Vec<Message>>, CaseError> {
        let f = &self.fields;
        let mut by: HashMap<String, Vec<(u64, Message)>> = HashMap::new();
        for segment in searcher.segment_readers() {
            let store = segment
                .get_store_reader(64)
                .map_err(|e| CaseError::Index(e.into()))?;
            for doc in store.iter::<TantivyDocument>(segment.alive_bitset()) {
                let doc = doc?;
                if self.str_of(&doc, f.kind) != KIND_MESSAGE {
                    continue;
                }
                let n = self.u64_of(&doc, f.message)?;
                by.entry(self.str_of(&doc, f.conversation).to_string())
                    .or_default()
                    .push((n, self.message(&doc)?));
            }
        }
        Ok(by
            .into_iter()
            .map(|(id, mut list)| {
                list.sort_by_key(|(n, _)| *n);
                (id, list.into_iter().map(|(_, m)| m).collect())
            })
            .collect())
    }

    /// One conversation with all its messages, its rank in the case (1-based) and the
    /// number of conversations in the case.
    pub fn conversation(
        &self,
        lexicon: &Lexicon,
        id: &str,
    ) -> Result<(Scored, usize, usize), CaseError> {
        self.check_lexicon(lexicon)?;
        let searcher = self.reader()?.searcher();
        let f = &self.fields;
        let of_kind = |kind: &str| -> Result<Vec<TantivyDocument>, CaseError> {
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
            let mut addresses: Vec<_> =
                searcher.search(&q, &DocSetCollector)?.into_iter().collect();
            addresses.sort();
            addresses
                .into_iter()
                .map(|a| searcher.doc(a).map_err(CaseError::from))
                .collect()
        };
        let conv = of_kind(KIND_CONVERSATION)?;
        let Some(conv) = conv.first() else {
            return Err(CaseError::UnknownConversation(id.to_string()));
        };
        let mut messages: Vec<(u64, Message)> = of_kind(KIND_MESSAGE)?
            .iter()
            .map(|d| Ok((self.u64_of(d, f.message)?, self.message(d)?)))
            .collect::<Result<_, CaseError>>()?;
        messages.sort_by_key(|(n, _)| *n);
        let messages: Vec<Message> = messages.into_iter().map(|(_, m)| m).collect();
        let scored = self.scored(conv, messages)?;
        let (rank, of) = self.rank_of(&searcher, &scored)?;
        Ok((scored, rank, of))
    }

    /// The rank of a conversation (the order of `pipeline::rank`: score descending, then
    /// id, then source) and the number of conversations, from the score fast field.
    fn rank_of(
        &self,
        searcher: &tantivy::Searcher,
        s: &Scored,
    ) -> Result<(usize, usize), CaseError> {
        use std::ops::Bound;
        use tantivy::query::{BooleanQuery, RangeQuery};
        let f = &self.fields;
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
                self.str_of(&doc, f.conversation),
                self.str_of(&doc, f.source),
            );
            if key < (s.conversation.id.as_str(), s.conversation.source.as_str()) {
                before += 1;
            }
        }
        Ok((above + before + 1, of))
    }

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
