//! Scan: one conversation against the lexicon, single-threaded and deterministic. Produces
//! `ScanResult`: every indicator hit (message, entry, span in the ORIGINAL text) and every
//! stated age, each tied to the message and so to its author. A message the export marks
//! as deleted (`Message::deleted`) is one secrecy hit for its author (the lexicon's
//! `secrecy.deleted_message` entry, over the whole placeholder text) and is not scanned
//! further: the placeholder is not the author's words. It does not weigh anything: that is
//! `score`'s job. The lexicon runs in the conversation's languages (`detect::language`,
//! `Lexicon::languages_for`), which the result states.

use crate::detect::ages;
use crate::detect::language::{self, Languages};
use crate::detect::lexicon::{Category, LanguageSet, Lexicon, RawMatch};
use crate::detect::normalize::Normalizer;
use crate::model::Conversation;
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
    /// The languages the conversation was read in (empty in a case indexed before
    /// languages were told apart).
    #[serde(default)]
    pub language: Languages,
}

/// How many messages back an age question still makes a bare number an age.
const QUESTION_REACH: usize = 4;

/// Scans every message of a conversation.
pub fn scan(conversation: &Conversation, lexicon: &Lexicon) -> ScanResult {
    let language = language::identify(conversation);
    let mut scanner = Scanner::in_languages(lexicon.languages_for(&language));
    let mut result = ScanResult {
        language,
        ..ScanResult::default()
    };
    for i in 0..conversation.messages.len() {
        scanner.next(conversation, i, lexicon, &mut result);
    }
    result
}

/// The scan of a conversation read one message at a time: what an age exchange carries
/// from one message to the next. Hits of a message depend only on it and the messages
/// before it, so a conversation scanned as it arrives gives the same `ScanResult` as the
/// whole of it scanned at once (given the same languages).
pub struct Scanner {
    /// The lexicon languages run.
    languages: LanguageSet,
    raw: Vec<RawMatch>,
    /// (message index, author) of the latest age question
    question: Option<(usize, String)>,
    /// (message index, author, age) of the latest self-stated age
    last_claim: Option<(usize, String, u8)>,
    stated_by: Vec<String>,
    normalizer: Normalizer,
}

impl Default for Scanner {
    /// A scanner running every lexicon language.
    fn default() -> Self {
        Scanner::in_languages(LanguageSet::ALL)
    }
}

impl Scanner {
    /// A scanner running the lexicon's `languages` only.
    pub fn in_languages(languages: LanguageSet) -> Self {
        Scanner {
            languages,
            raw: Vec::new(),
            question: None,
            last_claim: None,
            stated_by: Vec::new(),
            normalizer: Normalizer::default(),
        }
    }

    /// Scans message `i` of `conversation` (the messages before it already scanned, in
    /// order, by this scanner) into `result`.
    pub fn next(
        &mut self,
        conversation: &Conversation,
        i: usize,
        lexicon: &Lexicon,
        result: &mut ScanResult,
    ) {
        let message = &conversation.messages[i];
        if message.deleted {
            result.hits.push(Hit {
                message: i,
                entry: lexicon.deleted_entry(),
                category: Category::Secrecy,
                start: 0,
                end: message.text.len(),
            });
            return;
        }
        let norm = self.normalizer.normalize(&message.text);
        self.raw.clear();
        lexicon.find(&norm.text, self.languages, &mut self.raw);
        for m in &self.raw {
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
        // One pass says whether any age pattern can match; nearly every message stops here.
        let ageless = !ages::may_mention_age(&norm.text);
        let text = ages::Text::new(norm, &message.text);
        let mut claims = if ageless {
            Vec::new()
        } else {
            ages::find(text)
        };
        // In an age exchange ("how old r u" / "14, you?" / "42. ur so mature" / "same!!"),
        // a bare or leading number, or "same", is the author's age.
        let author = message.author.as_str();
        let pending = self
            .question
            .as_ref()
            .is_some_and(|(q, asker)| i - q <= QUESTION_REACH && asker != author);
        // Someone who has already said their age does not answer again by a bare number.
        let stated_before = self.stated_by.iter().any(|a| a == author);
        let recent = self
            .last_claim
            .as_ref()
            .filter(|(c, who, _)| i - c <= QUESTION_REACH && who != author && !stated_before)
            .map(|&(_, _, age)| age);
        if claims.is_empty() && (pending || recent.is_some()) {
            if let Some(c) = ages::bare_answer(text).or_else(|| ages::leading_number(text)) {
                claims.push(c);
            } else if let Some(age) = recent
                && let Some((start, end)) = ages::same_reply(&norm.text)
            {
                claims.push(ages::Claim { age, start, end });
            }
        }
        let stated = !claims.is_empty();
        if stated {
            if pending {
                self.question = None; // answered
            }
            self.last_claim = Some((i, author.to_string(), claims[0].age));
            if !stated_before {
                self.stated_by.push(author.to_string());
            }
        }
        let other = if ageless {
            Vec::new()
        } else {
            ages::find_other(text)
        };
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
        // "14, you?" answers and asks back.
        if (!ageless && ages::asks_age(&norm.text)) || (stated && ages::asks_back(&norm.text)) {
            self.question = Some((i, author.to_string()));
        }
    }
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
                    deleted: false,
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

    #[test]
    fn a_deleted_message_is_one_secrecy_hit_and_nothing_else() {
        let lex = Lexicon::builtin().unwrap();
        let mut c = conversation(&[
            ("A", "how old r u?"),
            ("B", "This message was deleted"),
            ("B", "This message was deleted"),
        ]);
        // Only the flag counts: the same text not marked deleted is no hit.
        c.messages[1].deleted = true;
        let r = scan(&c, &lex);
        let hits: Vec<(usize, &str, Category, usize, usize)> = r
            .hits
            .iter()
            .map(|h| {
                let id = lex.entry(h.entry).id.as_str();
                (h.message, id, h.category, h.start, h.end)
            })
            .collect();
        assert_eq!(
            hits,
            [
                (0, "age.how_old", Category::Age, 0, 11),
                (1, "secrecy.deleted_message", Category::Secrecy, 0, 24)
            ]
        );
        assert!(r.ages.is_empty());
        // A placeholder is not an answer to the age question.
        c.messages[1].text = "14".into();
        assert!(scan(&c, &lex).ages.is_empty());
    }

    #[test]
    fn ages_in_an_exchange() {
        let lex = Lexicon::builtin().unwrap();
        type Case<'a> = (&'a [(&'a str, &'a str)], &'a [(usize, u8)]);
        let table: &[Case] = &[
            // answer, then "same"
            (
                &[("A", "asl lol"), ("B", "14. you?"), ("A", "same!!")],
                &[(1, 14), (2, 14)],
            ),
            // answer asks back, the asker answers with a leading number
            (
                &[
                    ("A", "wat age r u"),
                    ("B", "13"),
                    ("A", "42. ur so mature tho"),
                ],
                &[(1, 13), (2, 42)],
            ),
            // no exchange: a leading number is not an age
            (&[("A", "hi"), ("B", "20. that's the bus number")], &[]),
            // "same" long after, or from the same author, is not an age
            (&[("A", "im 15"), ("A", "same")], &[(0, 15)]),
            // a height answering an age question is no age: "5'2" normalises to "52"
            (&[("A", "asl"), ("B", "5'2"), ("B", "im 5'8 lol")], &[]),
        ];
        for (lines, want) in table {
            let c = conversation(lines);
            let got: Vec<(usize, u8)> = scan(&c, &lex)
                .ages
                .iter()
                .map(|a| (a.message, a.age))
                .collect();
            assert_eq!(got, *want, "{lines:?}");
        }
    }
}
