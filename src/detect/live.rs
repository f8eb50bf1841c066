//! Live reading: one conversation assessed as its messages arrive, for a platform that
//! watches a chat and asks after each message how it stands. [`Monitor`] scans each new
//! message ([`Scanner`], which carries an age exchange from one message to the next) and
//! advances the scorer's running score ([`Running`]: the default model's evidence state,
//! or a trained model's windows), so each step costs about one message's (or one window's)
//! work, whatever the length of the chat. The batch assessment finds its first warning and
//! alert with the same steps, so a chat read live and the same chat scanned give the same
//! points (the batch keeps only those its final band allows) and, once every message is
//! read, the same score.
//!
//! ```
//! use groomscan::app::{Engine, ModelChoice};
//! use groomscan::detect::live::Monitor;
//! use groomscan::model::Message;
//!
//! let engine = Engine::load(None, &ModelChoice::Shipped).unwrap();
//! let mut monitor = Monitor::new(engine.scorer(), &engine.lexicon, &["sam", "alex"]);
//! let reading = monitor.push(Message {
//!     author: "sam".into(),
//!     time: None,
//!     time_raw: String::new(),
//!     text: "hi, how was school".into(),
//!     line: 1,
//!     deleted: false,
//! });
//! assert_eq!(reading.message, 1);
//! assert!(reading.first_warning_message.is_none());
//! ```

use crate::detect::lexicon::Lexicon;
use crate::detect::scan::{AgeClaim, Hit, ScanResult, Scanner};
use crate::detect::score::{Band, FirstPoints, Running, Scorer};
use crate::model::{Conversation, Format, Message};

/// A conversation read one message at a time.
pub struct Monitor<'e> {
    lexicon: &'e Lexicon,
    running: Box<dyn Running + 'e>,
    scanner: Scanner,
    conversation: Conversation,
    scan: ScanResult,
    points: FirstPoints,
}

/// How a conversation stands after one more message.
#[derive(Clone, Debug, PartialEq)]
pub struct Reading {
    /// The message just read (1-based, as in every report).
    pub message: usize,
    /// The score of the messages read so far.
    pub score: f64,
    pub band: Band,
    /// Where the running score first reached medium, and high (1-based messages); once
    /// set they do not move.
    pub first_warning_message: Option<usize>,
    pub first_alert_message: Option<usize>,
    /// What the scanner found in this message (spans in its original text).
    pub hits: Vec<Hit>,
    pub ages: Vec<AgeClaim>,
}

impl<'e> Monitor<'e> {
    /// A monitor for a new conversation scored by `scorer`. `participants` are the
    /// members known before the first message (a chat's member list); others are added
    /// as they write. Give them when known: a group is a group from its first message,
    /// and "you" in a two-person chat points at the other member before they have spoken.
    pub fn new(scorer: Scorer<'e>, lexicon: &'e Lexicon, participants: &[&str]) -> Self {
        Monitor {
            lexicon,
            running: scorer.running(participants),
            scanner: Scanner::default(),
            conversation: Conversation {
                id: String::new(),
                key: String::new(),
                title: String::new(),
                source: String::new(),
                format: Format::Jsonl,
                messages: Vec::new(),
                merged: None,
            },
            scan: ScanResult::default(),
            points: FirstPoints::default(),
        }
    }

    /// Reads the next message.
    pub fn push(&mut self, message: Message) -> Reading {
        let i = self.conversation.messages.len();
        self.conversation.messages.push(message);
        let (hits_from, ages_from) = (self.scan.hits.len(), self.scan.ages.len());
        self.scanner
            .next(&self.conversation, i, self.lexicon, &mut self.scan);
        let level = self
            .running
            .read(&self.conversation, &self.scan, self.lexicon, i);
        self.points.read(i, level.band);
        Reading {
            message: i + 1,
            score: level.score,
            band: level.band,
            first_warning_message: self.points.warning,
            first_alert_message: self.points.alert,
            hits: self.scan.hits[hits_from..].to_vec(),
            ages: self.scan.ages[ages_from..].to_vec(),
        }
    }

    /// The messages read so far.
    pub fn conversation(&self) -> &Conversation {
        &self.conversation
    }

    /// Everything the scanner found so far: the same as `scan` of [`Self::conversation`].
    pub fn scan(&self) -> &ScanResult {
        &self.scan
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::scan::{scan, tests::conversation};
    use crate::detect::score::{Weights, assess};

    /// Invented chats (content rule): a groomer's steps, and hard negatives.
    const CHATS: &[&[(&str, &str)]] = &[
        &[
            ("kai", "hey"),
            ("jo", "hi who is this"),
            ("kai", "saw ur page, ur really mature for ur age"),
            ("jo", "lol thanks im 14"),
            ("kai", "im 25, age is just a number"),
            ("kai", "dont tell your mum we talk ok"),
            ("kai", "send me a pic"),
            ("kai", "are you home alone?"),
            ("kai", "ill pick you up from the station, delete this chat"),
        ],
        &[
            ("mum", "what time is practice done"),
            ("sam", "6"),
            ("mum", "ok ill pick you up from the station at 6"),
            ("sam", "thanks mum"),
        ],
        &[
            ("ria", "did u do the maths homework"),
            ("lee", "yeah send me a pic of yours and ill compare"),
            ("ria", "ok"),
        ],
    ];

    #[test]
    fn a_chat_read_live_ends_where_the_batch_does() {
        let lexicon = Lexicon::builtin().unwrap();
        let weights = Weights::for_lexicon(&lexicon).unwrap();
        for lines in CHATS {
            let c = conversation(lines);
            let batch = assess(&c, &scan(&c, &lexicon), &lexicon, &weights);
            let authors = c.authors();
            let mut live = Monitor::new(Scorer::new(&weights), &lexicon, &authors);
            let mut last = None;
            for m in &c.messages {
                last = Some(live.push(m.clone()));
            }
            let last = last.unwrap();
            assert!((last.score - batch.score).abs() < 1e-12, "{lines:?}");
            assert_eq!(last.band, batch.band, "{lines:?}");
            let kept = FirstPoints {
                warning: last.first_warning_message,
                alert: last.first_alert_message,
            }
            .within(batch.band);
            assert_eq!(kept.warning, batch.first_warning_message, "{lines:?}");
            assert_eq!(kept.alert, batch.first_alert_message, "{lines:?}");
            let whole = scan(&c, &lexicon);
            assert_eq!(live.scan().hits, whole.hits);
            assert_eq!(live.scan().ages, whole.ages);
        }
    }

    #[test]
    fn readings_name_their_message_and_its_hits() {
        let lexicon = Lexicon::builtin().unwrap();
        let weights = Weights::for_lexicon(&lexicon).unwrap();
        let c = conversation(CHATS[0]);
        let mut live = Monitor::new(Scorer::new(&weights), &lexicon, &[]);
        let mut warned = None;
        for (i, m) in c.messages.iter().enumerate() {
            let r = live.push(m.clone());
            assert_eq!(r.message, i + 1);
            assert!(r.hits.iter().all(|h| h.message == i));
            if let Some(w) = warned {
                assert_eq!(r.first_warning_message, Some(w), "a point never moves");
            } else if r.band >= Band::Medium {
                assert_eq!(r.first_warning_message, Some(i + 1));
                warned = Some(i + 1);
            }
        }
        assert!(warned.is_some(), "the groomer's chat warns");
    }
}
