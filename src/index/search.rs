//! Search over a case: tantivy's query syntax (terms, "phrases", AND/OR/NOT, +/-,
//! field:value) on the message text, through the same normalising tokenizer as indexing,
//! so a plain query finds leetspeak ("send pic" finds "s3nd p1c"). Words are ANDed by
//! default. Filters (category, author, conversation, time range) are exact term and range
//! queries that do not change relevance. Each result carries the conversation's risk and a
//! snippet of the ORIGINAL text with the matched words highlighted (tantivy's
//! `SnippetGenerator`; the tokenizer's offsets point into the original text). The risk is
//! the stored one, so results name the case's trained model when it has one.

use super::schema::KIND_MESSAGE;
use super::{Case, CaseError, ModelRef};
use crate::report::{clip, terminal_safe};
use chrono::{DateTime, NaiveDate, NaiveDateTime, SecondsFormat, Utc};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io;
use std::ops::Bound;
use tantivy::collector::sort_key::{ComparatorEnum, SortByStaticFastValue};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    BooleanQuery, ConstScoreQuery, Occur, Query, QueryParser, RangeQuery, TermQuery,
};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{DocAddress, Searcher, TantivyDocument, Term};

pub const SCHEMA: &str = "groomscan.search/1";

/// Snippets are cut to about this many characters around the best match.
const SNIPPET_CHARS: usize = 200;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortBy {
    #[default]
    Relevance,
    /// Oldest first; messages without a time last.
    Time,
}

/// A search, as plain data (the CLI builds it).
#[derive(Clone, Debug, Default)]
pub struct SearchRequest {
    pub query: String,
    pub category: Option<String>,
    pub author: Option<String>,
    pub conversation: Option<String>,
    pub since: Option<Bound<DateTime<Utc>>>,
    pub until: Option<Bound<DateTime<Utc>>>,
    pub limit: usize,
    pub sort: SortBy,
}

/// Parses a time bound: RFC 3339 (`2025-03-15T21:00:00Z`, `...+01:00`), a time without zone
/// (`2025-03-15T21:00` or `2025-03-15 21:00:00`, read as UTC) or a date (`2025-03-15`).
/// A date as the upper bound (`until`) includes that whole day; every other bound is
/// inclusive of the instant given.
pub fn parse_time_bound(s: &str, until: bool) -> Result<Bound<DateTime<Utc>>, String> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(Bound::Included(t.with_timezone(&Utc)));
    }
    for f in [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, f) {
            return Ok(Bound::Included(t.and_utc()));
        }
    }
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        let start = d.and_hms_opt(0, 0, 0).expect("midnight").and_utc();
        return Ok(if until {
            Bound::Excluded(start + chrono::Duration::days(1))
        } else {
            Bound::Included(start)
        });
    }
    Err(format!(
        "time {s:?} is not RFC 3339 (2025-03-15T21:00:00Z), a UTC time (2025-03-15T21:00) or a date (2025-03-15)"
    ))
}

/// `(start, end)` byte range.
pub type Span = (usize, usize);

#[derive(Clone, Debug, Serialize)]
pub struct Snippet {
    /// Part of the original message text.
    pub fragment: String,
    /// Where the fragment sits in `text`.
    pub fragment_span: Span,
    /// Matched words, as byte ranges of `fragment`.
    pub highlighted: Vec<Span>,
}

#[derive(Clone, Debug, Serialize)]
pub struct SearchHit {
    /// Message id in the case: `<conversation>:<n>`.
    pub id: String,
    pub conversation: String,
    /// 1-based message index in the conversation.
    pub message: u64,
    pub title: String,
    /// The conversation's risk.
    pub score: f64,
    pub band: String,
    /// Query relevance (BM25), 0 when sorted by time.
    pub relevance: f32,
    pub author: String,
    /// UTC time (RFC 3339) when known, else as written, else null.
    pub time: Option<String>,
    pub source: String,
    pub line: u64,
    pub categories: Vec<String>,
    /// The whole original message text.
    pub text: String,
    pub snippet: Snippet,
}

#[derive(Clone, Debug, Serialize)]
pub struct SearchResult {
    pub schema: &'static str,
    pub query: String,
    /// The trained model the case's risk scores come from; absent: the default weights.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<ModelRef>,
    /// Matching messages in the case (before `limit`).
    pub total: usize,
    pub results: Vec<SearchHit>,
}

fn term_filter(field: tantivy::schema::Field, value: &str) -> Box<dyn Query> {
    Box::new(ConstScoreQuery::new(
        Box::new(TermQuery::new(
            Term::from_field_text(field, value),
            IndexRecordOption::Basic,
        )),
        0.0,
    ))
}

impl Case {
    /// Runs a search.
    pub fn search(&self, req: &SearchRequest) -> Result<SearchResult, CaseError> {
        let f = self.fields();
        if let Some(c) = &req.category
            && crate::detect::lexicon::Category::from_name(c).is_none()
        {
            let names: Vec<&str> = crate::detect::lexicon::Category::ALL
                .iter()
                .map(|c| c.name())
                .collect();
            return Err(CaseError::Query(format!(
                "unknown category {c:?}; one of: {}",
                names.join(", ")
            )));
        }
        let mut parser = QueryParser::for_index(self.index(), vec![f.text]);
        parser.set_conjunction_by_default();
        let user = parser
            .parse_query(&req.query)
            .map_err(|e| CaseError::Query(format!("{:?}: {e}", req.query)))?;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![
            (Occur::Must, user.box_clone()),
            (Occur::Must, term_filter(f.kind, KIND_MESSAGE)),
        ];
        if let Some(c) = &req.category {
            clauses.push((Occur::Must, term_filter(f.category, c)));
        }
        if let Some(a) = &req.author {
            clauses.push((Occur::Must, term_filter(f.author, a)));
        }
        if let Some(c) = &req.conversation {
            clauses.push((Occur::Must, term_filter(f.conversation, c)));
        }
        if req.since.is_some() || req.until.is_some() {
            let bound = |b: Option<Bound<DateTime<Utc>>>| match b {
                None | Some(Bound::Unbounded) => Bound::Unbounded,
                Some(Bound::Included(t)) => Bound::Included(Term::from_field_date_for_search(
                    f.time,
                    super::to_tantivy(t),
                )),
                Some(Bound::Excluded(t)) => Bound::Excluded(Term::from_field_date_for_search(
                    f.time,
                    super::to_tantivy(t),
                )),
            };
            clauses.push((
                Occur::Must,
                Box::new(ConstScoreQuery::new(
                    Box::new(RangeQuery::new(bound(req.since), bound(req.until))),
                    0.0,
                )),
            ));
        }
        let query = BooleanQuery::new(clauses);
        let searcher = self.reader()?.searcher();
        let limit = req.limit.max(1);
        let (total, found): (usize, Vec<(f32, DocAddress)>) = match req.sort {
            SortBy::Relevance => searcher.search(
                &query,
                &(Count, TopDocs::with_limit(limit).order_by_score()),
            )?,
            SortBy::Time => {
                let by_time = TopDocs::with_limit(limit).order_by((
                    SortByStaticFastValue::<tantivy::DateTime>::for_field("time"),
                    ComparatorEnum::ReverseNoneLower,
                ));
                let (n, docs) = searcher.search(&query, &(Count, by_time))?;
                (n, docs.into_iter().map(|(_, a)| (0.0, a)).collect())
            }
        };
        let mut snippets = SnippetGenerator::create(&searcher, &*user, f.text)?;
        snippets.set_max_num_chars(SNIPPET_CHARS);
        let mut risk: BTreeMap<String, (String, f64, String)> = BTreeMap::new();
        let mut results = Vec::with_capacity(found.len());
        for (relevance, address) in found {
            let doc: TantivyDocument = searcher.doc(address)?;
            let message = self.message(&doc)?;
            let conversation = self.str_of(&doc, f.conversation).to_string();
            if !risk.contains_key(&conversation) {
                let r = self.risk_of(&searcher, &conversation)?;
                risk.insert(conversation.clone(), r);
            }
            let (title, score, band) = risk[&conversation].clone();
            let s = snippets.snippet(&message.text);
            let range = s.fragment_range();
            let snippet = Snippet {
                fragment: s.fragment().to_string(),
                fragment_span: (range.start, range.end),
                highlighted: join_adjacent(
                    s.fragment(),
                    tantivy::snippet::collapse_overlapped_ranges(s.highlighted())
                        .into_iter()
                        .map(|r| (r.start, r.end)),
                ),
            };
            results.push(SearchHit {
                id: self.str_of(&doc, f.id).to_string(),
                conversation,
                message: self.u64_of(&doc, f.message)?,
                title,
                score,
                band,
                relevance,
                author: message.author,
                time: message
                    .time
                    .map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true))
                    .or_else(|| (!message.time_raw.is_empty()).then_some(message.time_raw)),
                source: self.str_of(&doc, f.source).to_string(),
                line: message.line,
                categories: doc
                    .get_all(f.category)
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect(),
                text: message.text,
                snippet,
            });
        }
        Ok(SearchResult {
            schema: SCHEMA,
            query: req.query.clone(),
            model: self.model().cloned(),
            total,
            results,
        })
    }

    /// Title, score and band of a conversation.
    fn risk_of(&self, searcher: &Searcher, id: &str) -> Result<(String, f64, String), CaseError> {
        let f = self.fields();
        let q = BooleanQuery::intersection(vec![
            term_filter(f.kind, super::schema::KIND_CONVERSATION),
            term_filter(f.conversation, id),
        ]);
        let top = searcher.search(&q, &TopDocs::with_limit(1).order_by_score())?;
        let Some((_, a)) = top.first() else {
            return Ok((String::new(), 0.0, String::new()));
        };
        let doc: TantivyDocument = searcher.doc(*a)?;
        Ok((
            self.str_of(&doc, f.title).to_string(),
            // rounded as in the `groomscan.scan/1` document
            (doc.get_first(f.score)
                .and_then(|v| v.as_f64())
                .unwrap_or(0.0)
                * 10_000.0)
                .round()
                / 10_000.0,
            self.str_of(&doc, f.band).to_string(),
        ))
    }
}

/// Joins highlighted words separated only by white space, so a matched phrase
/// reads as one mark (">>send me a pic<<" rather than four).
fn join_adjacent(text: &str, spans: impl Iterator<Item = Span>) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    for (s, e) in spans {
        match out.last_mut() {
            Some(last)
                if last.1 <= s
                    && text
                        .get(last.1..s)
                        .is_some_and(|gap| gap.chars().all(char::is_whitespace)) =>
            {
                last.1 = e
            }
            _ => out.push((s, e)),
        }
    }
    out
}

/// Marks highlighted ranges with `>>` and `<<`, each piece made terminal-safe.
pub fn mark(text: &str, spans: &[Span]) -> String {
    let mut out = String::new();
    let mut at = 0;
    for &(s, e) in spans {
        if s < at || e > text.len() || !text.is_char_boundary(s) || !text.is_char_boundary(e) {
            continue;
        }
        out.push_str(&terminal_safe(&text[at..s]));
        out.push_str(">>");
        out.push_str(&terminal_safe(&text[s..e]));
        out.push_str("<<");
        at = e;
    }
    out.push_str(&terminal_safe(&text[at..]));
    out
}

/// The results as a table: one block per message, best first.
pub fn write_table<W: io::Write>(out: &mut W, r: &SearchResult) -> io::Result<()> {
    for (i, h) in r.results.iter().enumerate() {
        writeln!(
            out,
            "{:>3}. {} #{}  risk {:.2} {}  {}  {}  {}:{}",
            i + 1,
            h.conversation,
            h.message,
            h.score,
            h.band,
            terminal_safe(h.time.as_deref().unwrap_or("-")),
            terminal_safe(&clip(&h.author, 30)),
            terminal_safe(&h.source),
            h.line,
        )?;
        let body = if h.snippet.fragment.is_empty() {
            terminal_safe(&clip(&h.text, SNIPPET_CHARS))
        } else {
            mark(&h.snippet.fragment, &h.snippet.highlighted)
        };
        writeln!(out, "     {body}")?;
    }
    writeln!(
        out,
        "{} of {} matching message(s) shown.",
        r.results.len(),
        r.total
    )?;
    if let Some(m) = &r.model {
        writeln!(
            out,
            "Risk scored with trained model {} (sha256 {}).",
            terminal_safe(&m.path),
            m.sha256
        )?;
    }
    Ok(())
}

/// The results as one JSON document (`groomscan.search/1`).
pub fn write_json<W: io::Write>(out: &mut W, r: &SearchResult) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, r)?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_bounds() {
        let t = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        let table = [
            (
                "2025-03-15",
                false,
                Bound::Included(t("2025-03-15T00:00:00Z")),
            ),
            (
                "2025-03-15",
                true,
                Bound::Excluded(t("2025-03-16T00:00:00Z")),
            ),
            (
                "2025-03-15T21:30",
                true,
                Bound::Included(t("2025-03-15T21:30:00Z")),
            ),
            (
                "2025-03-15 21:30:05",
                false,
                Bound::Included(t("2025-03-15T21:30:05Z")),
            ),
            (
                "2025-03-15T21:30:00+01:00",
                false,
                Bound::Included(t("2025-03-15T20:30:00Z")),
            ),
        ];
        for (s, until, want) in table {
            assert_eq!(parse_time_bound(s, until), Ok(want), "{s}");
        }
        assert!(parse_time_bound("yesterday", false).is_err());
    }

    #[test]
    fn phrase_words_join_into_one_mark() {
        let t = "ok send me a pic, send";
        let spans = [(3, 7), (8, 10), (11, 12), (13, 16), (18, 22)];
        assert_eq!(join_adjacent(t, spans.into_iter()), [(3, 16), (18, 22)]);
        assert_eq!(
            join_adjacent("send it pic", [(0, 4), (8, 11)].into_iter()),
            [(0, 4), (8, 11)]
        );
    }

    #[test]
    fn marks_are_terminal_safe() {
        assert_eq!(
            mark("s3nd me a p1c", &[(0, 4), (10, 13)]),
            ">>s3nd<< me a >>p1c<<"
        );
        assert_eq!(mark("a\x1b[31m b", &[(7, 8)]), "a[31m >>b<<");
    }
}
