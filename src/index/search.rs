//! Search over a case: tantivy's query syntax (terms, "phrases", AND/OR/NOT, +/-,
//! field:value) on the message text, through the same normalising tokenizer as indexing,
//! so a plain query finds leetspeak ("send pic" finds "s3nd p1c"). Words are ANDed by
//! default. Filters (category, author, conversation, time range) are exact term and range
//! queries that do not change relevance. Each result carries the conversation's risk and a
//! snippet of the ORIGINAL text with the matched words highlighted (tantivy's
//! `SnippetGenerator`; the tokenizer's offsets point into the original text). The risk is
//! the stored one, so results name the case's trained model when it has one. With `-C N`
//! each result also carries N messages either side of it from its conversation (a range
//! query on the message number of that conversation's message documents).

use super::schema::KIND_MESSAGE;
use super::{Case, CaseError, ModelRef};
use crate::report::csv::cell;
use crate::report::terminal::Terminal;
use crate::report::{clip, terminal_safe};
use chrono::{DateTime, NaiveDate, NaiveDateTime, SecondsFormat, Utc};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io;
use std::ops::Bound;
use tantivy::collector::sort_key::{ComparatorEnum, SortByStaticFastValue};
use tantivy::collector::{Count, DocSetCollector, TopDocs};
use tantivy::query::{
    BooleanQuery, ConstScoreQuery, Occur, Query, QueryParser, RangeQuery, TermQuery, TermSetQuery,
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
    /// Further queries, any of which may match instead of `query` (`search -f FILE`: one a
    /// line, as `rg -f` takes patterns). `query` may then be empty.
    pub or_queries: Vec<String>,
    pub category: Option<String>,
    pub author: Option<String>,
    pub conversation: Option<String>,
    pub since: Option<Bound<DateTime<Utc>>>,
    pub until: Option<Bound<DateTime<Utc>>>,
    pub limit: usize,
    pub sort: SortBy,
    /// Also read this many messages before and after each hit, from its conversation
    /// (`search -C N`, as `rg -C`); `None`: no context.
    pub context: Option<usize>,
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
    /// With `-C N`: up to N messages of the conversation before the hit and N after, in
    /// message order (the hit itself not among them; another hit may be). Absent without
    /// `-C`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context: Option<Vec<ContextMessage>>,
}

/// Where a context message is, from its hit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    Before,
    After,
}

/// A message shown around a hit (`search -C`).
#[derive(Clone, Debug, Serialize)]
pub struct ContextMessage {
    pub side: Side,
    /// 1-based message index in the conversation.
    pub message: u64,
    pub author: String,
    /// As `SearchHit::time`.
    pub time: Option<String>,
    pub line: u64,
    /// The whole original message text.
    pub text: String,
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
    /// Messages of context asked either side of each hit (`-C`); absent without it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context: Option<usize>,
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
        let texts: Vec<&str> = std::iter::once(req.query.as_str())
            .chain(req.or_queries.iter().map(String::as_str))
            .filter(|q| !q.trim().is_empty())
            .collect();
        if texts.is_empty() {
            return Err(CaseError::Query(
                "the query is empty: give words, a \"phrase\" or `*` for every message".into(),
            ));
        }
        let mut parser = QueryParser::for_index(self.index(), vec![f.text]);
        parser.set_conjunction_by_default();
        let mut parsed = Vec::with_capacity(texts.len());
        for q in &texts {
            let query = parser
                .parse_query(q)
                .map_err(|e| CaseError::Query(format!("{q:?}: {e}")))?;
            parsed.push((Occur::Should, query));
        }
        let user: Box<dyn Query> = if parsed.len() == 1 {
            parsed.remove(0).1
        } else {
            Box::new(BooleanQuery::new(parsed))
        };
        let searcher = self.reader()?.searcher();
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![
            (Occur::Must, user.box_clone()),
            (Occur::Must, term_filter(f.kind, KIND_MESSAGE)),
        ];
        if let Some(c) = &req.category {
            clauses.push((Occur::Must, term_filter(f.category, c)));
        }
        if let Some(a) = &req.author {
            clauses.push((Occur::Must, author_filter(&searcher, f.author, a)?));
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
        let (total, found) = self.top(&searcher, &query, req.sort, req.limit)?;
        let mut snippets = SnippetGenerator::create(&searcher, &*user, f.text)?;
        snippets.set_max_num_chars(SNIPPET_CHARS);
        let mut risk: BTreeMap<String, (String, f64, String)> = BTreeMap::new();
        let mut results = Vec::with_capacity(found.len());
        for (relevance, doc) in found {
            let message = self.message(&doc)?;
            let conversation = self.str_of(&doc, f.conversation).to_string();
            if !risk.contains_key(&conversation) {
                let r = self.risk_of(&searcher, &conversation)?;
                risk.insert(conversation.clone(), r);
            }
            let (title, score, band) = risk[&conversation].clone();
            let s = snippets.snippet(&message.text);
            let range = s.fragment_range();
            // tantivy cuts the fragment at token ends: widen it to the spaces around, so
            // punctuation the tokenizer drops (`<photo>`'s `>`) stays in it.
            let (start, end) = whole_words(&message.text, (range.start, range.end));
            let fragment = if s.fragment().is_empty() {
                String::new()
            } else {
                message.text[start..end].to_string()
            };
            let shift = range.start - start;
            let snippet = Snippet {
                highlighted: join_adjacent(
                    &fragment,
                    tantivy::snippet::collapse_overlapped_ranges(s.highlighted())
                        .into_iter()
                        .map(|r| (r.start + shift, r.end + shift)),
                ),
                fragment,
                fragment_span: if s.fragment().is_empty() {
                    (range.start, range.end)
                } else {
                    (start, end)
                },
            };
            let number = self.u64_of(&doc, f.message)?;
            let context = match req.context {
                Some(n) => Some(self.context(&searcher, &conversation, number, n)?),
                None => None,
            };
            results.push(SearchHit {
                id: self.str_of(&doc, f.id).to_string(),
                conversation,
                message: number,
                title,
                score,
                band,
                relevance,
                time: time_of(&message),
                author: message.author,
                source: self.str_of(&doc, f.source).to_string(),
                line: message.line,
                categories: doc
                    .get_all(f.category)
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect(),
                text: message.text,
                snippet,
                context,
            });
        }
        Ok(SearchResult {
            schema: SCHEMA,
            query: req.query.clone(),
            model: self.model().cloned(),
            total,
            context: req.context,
            results,
        })
    }

    /// The `limit` best matches (and how many match), in an order that does not depend on
    /// how the index is split into segments: by relevance (or time), and matches that tie
    /// by their message id. Ties at the cut are fetched whole (doubling the fetch until the
    /// last one differs), so which of them make the cut is decided by id too.
    fn top(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        sort: SortBy,
        limit: usize,
    ) -> Result<(usize, Vec<(f32, TantivyDocument)>), CaseError> {
        let total = searcher.search(query, &Count)?;
        if limit == 0 || total == 0 {
            return Ok((total, Vec::new()));
        }
        // (what ties are told by, relevance, address), in the collector's order; only
        // equality of the first is used.
        let fetch = |n: usize| -> Result<Vec<(Option<i64>, f32, DocAddress)>, CaseError> {
            Ok(match sort {
                SortBy::Relevance => searcher
                    .search(query, &TopDocs::with_limit(n).order_by_score())?
                    .into_iter()
                    .map(|(r, a)| (Some(i64::from(r.to_bits())), r, a))
                    .collect(),
                SortBy::Time => {
                    let by_time = TopDocs::with_limit(n).order_by((
                        SortByStaticFastValue::<tantivy::DateTime>::for_field("time"),
                        ComparatorEnum::ReverseNoneLower,
                    ));
                    searcher
                        .search(query, &by_time)?
                        .into_iter()
                        .map(|(t, a)| (t.map(|t| t.into_timestamp_nanos()), 0.0, a))
                        .collect()
                }
            })
        };
        let mut n = (limit + 1).min(total);
        let mut got = fetch(n)?;
        while got.len() == n && n < total && got.len() > limit && got[n - 1].0 == got[limit - 1].0 {
            n = (n * 2).min(total);
            got = fetch(n)?;
        }
        if got.len() > limit {
            let cut = got[limit - 1].0;
            let keep = limit + got[limit..].iter().take_while(|g| g.0 == cut).count();
            got.truncate(keep);
        }
        // Ties (equal keys, next to each other) by message id; the documents are kept for
        // the results.
        let f = self.fields();
        let mut docs = Vec::with_capacity(got.len());
        let mut ids = Vec::with_capacity(got.len());
        for (_, _, a) in &got {
            let doc: TantivyDocument = searcher.doc(*a)?;
            ids.push(self.str_of(&doc, f.id).to_string());
            docs.push(Some(doc));
        }
        // The collector's order between keys (equal keys are next to each other: each
        // group is known by its first place), ids within a key.
        let mut group: Vec<usize> = (0..got.len()).collect();
        for i in 1..got.len() {
            if got[i].0 == got[i - 1].0 {
                group[i] = group[i - 1];
            }
        }
        let mut order: Vec<usize> = (0..got.len()).collect();
        order.sort_by(|&i, &j| group[i].cmp(&group[j]).then_with(|| ids[i].cmp(&ids[j])));
        Ok((
            total,
            order
                .into_iter()
                .take(limit)
                .filter_map(|i| Some((got[i].1, docs[i].take()?)))
                .collect(),
        ))
    }

    /// The messages of `conversation` within `n` of message `number` (not that one), in
    /// message order: one range query on the message number, so a long conversation is
    /// not read whole.
    fn context(
        &self,
        searcher: &Searcher,
        conversation: &str,
        number: u64,
        n: usize,
    ) -> Result<Vec<ContextMessage>, CaseError> {
        let f = self.fields();
        let n = n as u64;
        let (lo, hi) = (number.saturating_sub(n).max(1), number.saturating_add(n));
        let q = BooleanQuery::intersection(vec![
            term_filter(f.kind, KIND_MESSAGE),
            term_filter(f.conversation, conversation),
            Box::new(RangeQuery::new(
                Bound::Included(Term::from_field_u64(f.message, lo)),
                Bound::Included(Term::from_field_u64(f.message, hi)),
            )),
        ]);
        let mut out = Vec::new();
        for a in searcher.search(&q, &DocSetCollector)? {
            let doc: TantivyDocument = searcher.doc(a)?;
            let at = self.u64_of(&doc, f.message)?;
            if at == number {
                continue;
            }
            let m = self.message(&doc)?;
            out.push(ContextMessage {
                side: if at < number {
                    Side::Before
                } else {
                    Side::After
                },
                message: at,
                time: time_of(&m),
                author: m.author,
                line: m.line,
                text: m.text,
            });
        }
        out.sort_by_key(|c| c.message);
        Ok(out)
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

/// A message's time as results give it: UTC (RFC 3339) when known, else as written, else
/// none.
fn time_of(m: &crate::model::Message) -> Option<String> {
    m.time
        .map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true))
        .or_else(|| (!m.time_raw.is_empty()).then(|| m.time_raw.clone()))
}

/// Messages by `name` in any letter case: every author the case holds that equals it
/// once lower-cased (read from each segment's term dictionary), as a filter that does not
/// change relevance. No such author matches nothing.
fn author_filter(
    searcher: &Searcher,
    field: tantivy::schema::Field,
    name: &str,
) -> Result<Box<dyn Query>, CaseError> {
    let want = name.to_lowercase();
    let mut names = std::collections::BTreeSet::new();
    for segment in searcher.segment_readers() {
        let index = segment.inverted_index(field)?;
        let mut terms = index
            .terms()
            .stream()
            .map_err(|e| CaseError::Corrupt(format!("the author terms cannot be read: {e}")))?;
        while terms.advance() {
            if let Ok(author) = std::str::from_utf8(terms.key())
                && author.to_lowercase() == want
            {
                names.insert(author.to_string());
            }
        }
    }
    let terms = names.iter().map(|n| Term::from_field_text(field, n));
    Ok(Box::new(ConstScoreQuery::new(
        Box::new(TermSetQuery::new(terms)),
        0.0,
    )))
}

/// `span` of `text` widened to the white space (or text edge) on each side, by at most
/// 32 bytes each way, on character boundaries.
fn whole_words(text: &str, (start, end): Span) -> Span {
    let (start, end) = (start.min(text.len()), end.min(text.len()));
    let mut s = start;
    for (i, c) in text[..start].char_indices().rev() {
        if c.is_whitespace() || start - i > 32 {
            break;
        }
        s = i;
    }
    let mut e = end;
    for (i, c) in text[end..].char_indices() {
        if c.is_whitespace() || i >= 32 {
            break;
        }
        e = end + i + c.len_utf8();
    }
    (s, e)
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

/// The results as a table: one block per message, best first. With `-C` the block lists
/// the hit among its context, as `rg` does: the hit's line marked `>`, context lines `-`
/// (faint in colour). On a terminal (`term`) the band is coloured and the title, snippet
/// and context text are clipped to its width.
pub fn write_table<W: io::Write>(out: &mut W, r: &SearchResult, term: &Terminal) -> io::Result<()> {
    for (i, h) in r.results.iter().enumerate() {
        writeln!(
            out,
            "{:>3}. {} #{}  risk {:.2} {}  {}  {}  {}:{}",
            i + 1,
            h.conversation,
            h.message,
            h.score,
            term.band(&h.band, 0),
            terminal_safe(h.time.as_deref().unwrap_or("-")),
            terminal_safe(&clip(&h.author, 30)),
            terminal_safe(&h.source),
            h.line,
        )?;
        if !h.title.is_empty() {
            let title = terminal_safe(&clip(&h.title, 80));
            writeln!(out, "     in: {}", term.fit(&title, 9))?;
        }
        let body = if h.snippet.fragment.is_empty() {
            terminal_safe(&clip(&h.text, SNIPPET_CHARS))
        } else {
            mark(&h.snippet.fragment, &h.snippet.highlighted)
        };
        let Some(context) = &h.context else {
            writeln!(out, "     {}", term.fit(&body, 5))?;
            continue;
        };
        let line = |marker: char, message: u64, time: Option<&str>, author: &str| {
            format!(
                "     {marker} {:>6}  {}  {}: ",
                format!("#{message}"),
                terminal_safe(time.unwrap_or("-")),
                terminal_safe(&clip(author, 30))
            )
        };
        let before = context.iter().take_while(|c| c.side == Side::Before);
        let after = context.iter().skip_while(|c| c.side == Side::Before);
        for c in before {
            write_context(
                out,
                term,
                &line('-', c.message, c.time.as_deref(), &c.author),
                c,
            )?;
        }
        let head = line('>', h.message, h.time.as_deref(), &h.author);
        writeln!(
            out,
            "{head}{}",
            term.fit(&body, super::super::report::terminal::width(&head))
        )?;
        for c in after {
            write_context(
                out,
                term,
                &line('-', c.message, c.time.as_deref(), &c.author),
                c,
            )?;
        }
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

/// One context line of the table: `head` (marker, number, time, author), then the text.
fn write_context<W: io::Write>(
    out: &mut W,
    term: &Terminal,
    head: &str,
    c: &ContextMessage,
) -> io::Result<()> {
    let text = terminal_safe(&c.text);
    let text = term.fit(&text, crate::report::terminal::width(head));
    writeln!(out, "{}", term.faint(&format!("{head}{text}")))
}

/// The results as CSV, one row a message, best first: the same fields as the JSON
/// (categories joined with `;`), the whole message text, no snippet. With `-C` a last
/// column, `context`, holds the context messages in message order, one a line as
/// `#N TIME AUTHOR: TEXT` (the hit's own number tells before from after). Text cells a
/// spreadsheet would run as a formula are made inert (`report::csv::cell`).
pub fn write_csv<W: io::Write>(out: &mut W, r: &SearchResult) -> io::Result<()> {
    let with_context = r.context.is_some();
    let mut w = csv::Writer::from_writer(out);
    let mut header = vec![
        "rank",
        "id",
        "conversation",
        "message",
        "title",
        "score",
        "band",
        "relevance",
        "author",
        "time",
        "source",
        "line",
        "categories",
        "text",
    ];
    if with_context {
        header.push("context");
    }
    w.write_record(&header)?;
    for (i, h) in r.results.iter().enumerate() {
        let mut row = vec![
            (i + 1).to_string(),
            h.id.clone(),
            h.conversation.clone(),
            h.message.to_string(),
            cell(&h.title),
            h.score.to_string(),
            h.band.clone(),
            h.relevance.to_string(),
            cell(&h.author),
            h.time.clone().unwrap_or_default(),
            cell(&h.source),
            h.line.to_string(),
            h.categories.join(";"),
            cell(&h.text),
        ];
        if with_context {
            let lines: Vec<String> = h
                .context
                .iter()
                .flatten()
                .map(|c| {
                    format!(
                        "#{} {} {}: {}",
                        c.message,
                        c.time.as_deref().unwrap_or("-"),
                        c.author,
                        c.text
                    )
                })
                .collect();
            row.push(cell(&lines.join("\n")));
        }
        w.write_record(&row)?;
    }
    w.flush()
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
    fn fragments_widen_to_whole_words() {
        for (text, span, want) in [
            ("look <photo>", (0, 11), "look <photo>"),
            ("look <photo> now", (6, 11), "<photo>"),
            ("a (pic) b", (3, 6), "(pic)"),
            ("plain words here", (6, 11), "words"),
            ("", (0, 0), ""),
            ("héllo wörld!", (7, 13), "wörld!"),
        ] {
            let (s, e) = whole_words(text, span);
            assert_eq!(&text[s..e], want, "{text:?}");
        }
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
