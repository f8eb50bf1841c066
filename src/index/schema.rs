//! The case index schema, in one place, and the tokenizer that puts message text through
//! `normalize::normalize`.
//!
//! Two kinds of document share one index (field `kind`):
//! - `message`: one per message: case-unique `id` (`<conversation>:<n>`, n 1-based),
//!   `conversation`, `message` (n), `author` (exact, for filters), `time` (UTC date,
//!   indexed and fast, absent when the export has none), `time_raw`, `text` (the ORIGINAL
//!   text, stored, indexed with positions through `NormalizingTokenizer`), `category` (one
//!   value per indicator category hit in the message), `source` and `line`;
//! - `conversation`: one per conversation: `conversation`, `score` (fast), `band`,
//!   `title`, `source`, and `data`: the stored engine output (`StoredConversation`) that
//!   `rank` and `show` rebuild the report from without a rescan.
//!
//! The tokenizer's offsets point into the original text (through the normaliser's offset
//! map), so tantivy's snippet generator, run over the stored original, highlights the words
//! as the person wrote them ("s3nd me a p1c") while the terms are the folded ones ("send",
//! "pic"). A query goes through the same tokenizer, so "send pic" finds "s3nd p1c".

use crate::detect::normalize::normalize;
use tantivy::schema::{
    BytesOptions, DateOptions, DateTimePrecision, FAST, Field, INDEXED, IndexRecordOption, STORED,
    STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// The name the tokenizer is registered under on every opened index.
pub const TOKENIZER: &str = "groomscan";

/// Tokens longer than this (in bytes of normalised text) are dropped, at index and query
/// time alike: no chat word is this long, and tantivy refuses very long terms.
pub const MAX_TOKEN_BYTES: usize = 100;

pub const KIND_MESSAGE: &str = "message";
pub const KIND_CONVERSATION: &str = "conversation";

/// Handles to every field.
#[derive(Clone, Copy, Debug)]
pub struct Fields {
    pub kind: Field,
    pub id: Field,
    pub conversation: Field,
    pub message: Field,
    pub author: Field,
    pub time: Field,
    pub time_raw: Field,
    pub text: Field,
    pub category: Field,
    pub source: Field,
    pub line: Field,
    pub score: Field,
    pub band: Field,
    pub title: Field,
    pub data: Field,
}

/// Builds the schema and its field handles.
pub fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(TOKENIZER)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
        .set_stored();
    let time = DateOptions::from(INDEXED)
        .set_stored()
        .set_fast()
        .set_precision(DateTimePrecision::Seconds);
    let fields = Fields {
        kind: b.add_text_field("kind", STRING | STORED),
        id: b.add_text_field("id", STRING | STORED),
        conversation: b.add_text_field("conversation", STRING | STORED),
        message: b.add_u64_field("message", STORED | FAST),
        author: b.add_text_field("author", STRING | STORED),
        time: b.add_date_field("time", time),
        time_raw: b.add_text_field("time_raw", STORED),
        text: b.add_text_field("text", text),
        category: b.add_text_field("category", STRING | STORED),
        source: b.add_text_field("source", STRING | STORED),
        line: b.add_u64_field("line", STORED),
        score: b.add_f64_field("score", INDEXED | STORED | FAST),
        band: b.add_text_field("band", STRING | STORED),
        title: b.add_text_field("title", STORED),
        data: b.add_bytes_field("data", BytesOptions::default().set_stored()),
    };
    (b.build(), fields)
}

/// Splits `normalize(text)` into runs of letters and digits. Token text is the normalised
/// word; token offsets are the byte range of the ORIGINAL text it came from.
#[derive(Clone, Default)]
pub struct NormalizingTokenizer {
    tokens: Vec<Token>,
}

pub struct NormalizedTokens<'a> {
    tokens: &'a mut Vec<Token>,
    len: usize,
    next: usize,
}

impl Tokenizer for NormalizingTokenizer {
    type TokenStream<'a> = NormalizedTokens<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> NormalizedTokens<'a> {
        let n = normalize(text);
        let mut len = 0;
        let mut word_start: Option<usize> = None;
        let bytes = n.text.len();
        let mut push = |start: usize, end: usize| {
            if end - start > MAX_TOKEN_BYTES {
                return;
            }
            if self.tokens.len() == len {
                self.tokens.push(Token::default());
            }
            let t = &mut self.tokens[len];
            let (from, to) = n.original_range(start, end);
            t.offset_from = from;
            t.offset_to = to;
            t.position = len;
            t.position_length = 1;
            t.text.clear();
            t.text.push_str(&n.text[start..end]);
            len += 1;
        };
        for (i, c) in n.text.char_indices() {
            match (c.is_alphanumeric(), word_start) {
                (true, None) => word_start = Some(i),
                (false, Some(s)) => {
                    push(s, i);
                    word_start = None;
                }
                _ => {}
            }
        }
        if let Some(s) = word_start {
            push(s, bytes);
        }
        NormalizedTokens {
            tokens: &mut self.tokens,
            len,
            next: 0,
        }
    }
}

impl TokenStream for NormalizedTokens<'_> {
    fn advance(&mut self) -> bool {
        if self.next < self.len {
            self.next += 1;
            true
        } else {
            false
        }
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<(String, String, usize)> {
        let mut t = NormalizingTokenizer::default();
        let mut s = t.token_stream(text);
        let mut out = Vec::new();
        while let Some(tok) = s.next() {
            out.push((
                tok.text.clone(),
                text[tok.offset_from..tok.offset_to].to_string(),
                tok.position,
            ));
        }
        out
    }

    #[test]
    fn tokens_are_normalised_words_with_original_offsets() {
        let table: &[(&str, &[(&str, &str)])] = &[
            (
                "s3nd me a p1c!!",
                &[("send", "s3nd"), ("me", "me"), ("a", "a"), ("pic", "p1c")],
            ),
            (
                "Don't tell UR mom",
                &[
                    ("dont", "Don't"),
                    ("tell", "tell"),
                    ("your", "UR"),
                    ("mum", "mom"),
                ],
            ),
            (
                "wanna meet?",
                &[("want", "wanna"), ("to", "wanna"), ("meet", "meet")],
            ),
            (
                "im 14f, at 19:30",
                &[
                    ("im", "im"),
                    ("14f", "14f"),
                    ("at", "at"),
                    ("19", "19"),
                    ("30", "30"),
                ],
            ),
            (
                "Ｓｅｎｄ caf\u{e9} se\u{200B}nd",
                &[
                    ("send", "Ｓｅｎｄ"),
                    ("cafe", "caf\u{e9}"),
                    ("send", "se\u{200B}nd"),
                ],
            ),
            ("", &[]),
            ("😀 !!", &[]),
        ];
        for (text, want) in table {
            let got = tokens(text);
            let got: Vec<(&str, &str)> = got
                .iter()
                .map(|(a, b, _)| (a.as_str(), b.as_str()))
                .collect();
            assert_eq!(&got, want, "{text:?}");
        }
        let positions: Vec<usize> = tokens("a b c").into_iter().map(|t| t.2).collect();
        assert_eq!(positions, [0, 1, 2]);
    }

    #[test]
    fn long_tokens_are_dropped_and_buffers_are_reused() {
        let long = "ab".repeat(MAX_TOKEN_BYTES); // no letter runs for the normaliser to squeeze
        let mut t = NormalizingTokenizer::default();
        let mut s = t.token_stream("one two three");
        let mut n = 0;
        while s.advance() {
            n += 1;
        }
        assert_eq!(n, 3);
        let text = format!("hi {long} there");
        let mut s = t.token_stream(&text);
        let mut words = Vec::new();
        while let Some(tok) = s.next() {
            words.push(tok.text.clone());
        }
        assert_eq!(words, ["hi", "there"]);
    }
}
