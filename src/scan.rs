//! Scan: one conversation against the lexicon, single-threaded and deterministic. Produces
//! `ScanResult`: every indicator hit (message, entry, span in the ORIGINAL text) and every
//! stated age, each tied to the message and so to its author. It does not weigh anything:
//! that is `score`'s job.

use crate::ages;
use crate::lexicon::{Category, Lexicon, RawMatch};
use crate::model::Conversation;
use crate::normalize::normalize;
use serde::{Deserialize, Serialize};

/// One lexicon match in one message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hit {
    /// 0-based index into `Conversation::messages`.
    pub message: usize,
    /// Index into `Lexicon::entries()`.
    pub entry: u32,
    pub category: Category,
    /// Byte range in the original message text.
    pub start: usize,
    pub end: usize,
}

/// An age an author states about themself.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgeClaim {
    /// 0-based index into `Conversation::messages`.
    pub message: usize,
    pub age: u8,
    /// Byte range in the original message text.
    pub start: usize,
    pub end: usize,
    /// The author said this about the person they are talking to ("ur only 14"), not
    /// about themself.
    pub about_other: bool,
}

/// Everything the scanner found in one conversation, in message order.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ScanResult {
    pub hits: Vec<Hit>,
    pub ages: Vec<AgeClaim>,
}

/// How many messages back an age question still makes a bare number an age.
const QUESTION_REACH: usize = 4;

/// Scans every message of a conversation.
pub fn scan(conversation: &Conversation, lexicon: &Lexicon) -> ScanResult {
    let mut result = ScanResult::default();
    let mut raw: Vec<RawMatch> = Vec::new();
    // (message index, author) of the latest age question
    let mut question: Option<(usize, &str)> = None;
    for (i, message) in conversation.messages.iter().enumerate() {
        let norm = normalize(&message.text);
        raw.clear();
        lexicon.find(&norm.text, &mut raw);
        for m in &raw {
            let (start, end) = norm.original_range(m.start, m.end);
            let category = lexicon.entry(m.entry).category;
            result.hits.push(Hit {
                message: i,
                entry: m.entry,
                category,
                start,
                end,
            });
        }
        let mut claims = ages::find(&norm.text);
        if claims.is_empty()
            && let Some((q, asker)) = question
            && i - q <= QUESTION_REACH
            && asker != message.author
            && let Some(c) = ages::bare_answer(&norm.text)
        {
            claims.push(c);
        }
        if !claims.is_empty() && question.is_some_and(|(_, asker)| asker != message.author) {
            question = None; // answered
        }
        let other = ages::find_other(&norm.text);
        let tagged = claims
            .into_iter()
            .map(|c| (c, false))
            .chain(other.into_iter().map(|c| (c, true)));
        for (c, about_other) in tagged {
            let (start, end) = norm.original_range(c.start, c.end);
            result.ages.push(AgeClaim {
                message: i,
                age: c.age,
                start,
                end,
                about_other,
            });
        }
        if ages::asks_age(&norm.text) {
            question = Some((i, &message.author));
        }
    }
    result
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::{Format, Message};

    pub(crate) fn conversation(lines: &[(&str, &str)]) -> Conversation {
        Conversation {
            id: "t".into(),
            key: "t".into(),
            title: "t".into(),
            source: "t.txt".into(),
            format: Format::Jsonl,
            messages: lines
                .iter()
                .enumerate()
                .map(|(i, (a, t))| Message {
                    author: a.to_string(),
                    time: None,
                    time_raw: String::new(),
                    text: t.to_string(),
                    line: i as u64 + 1,
                })
                .collect(),
            merged: None,
        }
    }

    #[test]
    fn hits_point_at_original_words_and_ages_at_authors() {
        let lex = Lexicon::builtin().unwrap();
        let c = conversation(&[
            ("A", "hey how old r u?"),
            ("B", "15 u?"),
            ("A", "im 25. s3nd me a p1c"),
            ("B", "20"),
        ]);
        let r = scan(&c, &lex);
        let ages: Vec<(usize, u8)> = r.ages.iter().map(|a| (a.message, a.age)).collect();
        assert_eq!(
            ages,
            [(1, 15), (2, 25)],
            "a bare number long after the question is no age"
        );
        let hit = r
            .hits
            .iter()
            .find(|h| h.category == Category::ImageRequest)
            .unwrap();
        assert_eq!(hit.message, 2);
        assert_eq!(&c.messages[2].text[hit.start..hit.end], "s3nd me a p1c");
    }
}
