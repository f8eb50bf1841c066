//! Stated ages: finds where an author says how old they are ("im 14", "14 f", "14/f/uk",
//! "asl? 15 f", "year 9", "in sixth form", "just turned 13", "25m"), in normalised text.
//! Numbers that are times, prices, distances or quantities ("im 5 mins away", "im 2 stops
//! away", "£25") are not ages. A bare number that answers another author's age question
//! ("how old r u?" -> "15") is an age too; the caller (`scan`) supplies that context.
//!
//! This module only reads text; attributing a claim to an author is the scanner's job.

use crate::normalize::text_regex;
use regex::{Regex, RegexSet};
use std::sync::LazyLock;

/// Youngest and oldest age taken as a stated age.
pub const MIN_AGE: u8 = 10;
pub const MAX_AGE: u8 = 79;

/// One age claim in normalised text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Claim {
    pub age: u8,
    /// Byte range in the normalised text.
    pub start: usize,
    pub end: usize,
}

/// A message of at most this many words may state an age by itself ("15 f", "year 9").
const SHORT_WORDS: usize = 5;

/// Words after a number that make it a quantity, not an age.
const UNITS: &[&str] = &[
    "min", "mins", "minute", "minutes", "hour", "hours", "hr", "hrs", "h", "sec", "secs", "second",
    "seconds", "km", "k", "mile", "miles", "mi", "metres", "meters", "m", "feet", "ft", "foot",
    "inches", "cm", "percent", "pounds", "quid", "p", "dollars", "euros", "bucks", "stone", "st",
    "kg", "lbs", "times", "days", "day", "weeks", "week", "months", "month", "away", "streets",
    "stops", "x", "out", "th", "st", "nd", "rd", "pm", "am", "oclock", "and", "of", "more",
    "people", "games", "levels", "points", "percent", "mins", "calls", "messages", "tabs",
];

const SELF_RE: &str = r"\b(?:im|i am|iam|ima|i turned|just turned|turned|ill be|i will be|turning|im turning|aged?)\s+(\d{1,2})\b(?:\s*(?:years? old|yrs? old|yo|y/o)\b)?(\s+[a-z%]+)?";
static SELF: LazyLock<Regex> = LazyLock::new(|| Regex::new(SELF_RE).unwrap());

/// "14 f", "14f", "14/f/uk", "25 m here", "15 female": the number first in the message or
/// after "asl", with a sex marker right after it.
const SEX_RE: &str =
    r"(?:^|\basl\W*|\bage\W*)(\d{1,2})\s*[/,\- ]?\s*(?:m|f|male|female|boy|girl)\b";
static SEX: LazyLock<Regex> = LazyLock::new(|| text_regex(SEX_RE).unwrap());

const SLASHED_RE: &str = r"\b(\d{1,2})\s*/\s*(?:m|f)\s*/";
static SLASHED: LazyLock<Regex> = LazyLock::new(|| text_regex(SLASHED_RE).unwrap());

const YEARS_OLD_RE: &str = r"^\W*(\d{1,2})\s*(?:years? old|yrs? old|yo|y/o)\b";
static YEARS_OLD: LazyLock<Regex> = LazyLock::new(|| text_regex(YEARS_OLD_RE).unwrap());

/// UK school year N: age N+4 at the start of the school year (the younger end).
const SCHOOL_YEAR_RE: &str =
    r"(?:\b(?:im|i am)\s+(?:in\s+)?|^\W*(?:in\s+)?)(?:year|yr|y)\s*(\d{1,2})\b";
static SCHOOL_YEAR: LazyLock<Regex> = LazyLock::new(|| text_regex(SCHOOL_YEAR_RE).unwrap());

/// US grade N: age N+5.
const GRADE_RE: &str =
    r"\b(?:im|i am)\s+(?:in\s+)?(?:(\d{1,2})(?:th|st|nd|rd)?\s+grade|grade\s+(\d{1,2}))\b";
static GRADE: LazyLock<Regex> = LazyLock::new(|| Regex::new(GRADE_RE).unwrap());

const STAGE_RE: &str = r"\b(?:im in|i am in|im at|doing my|doing|sitting my|revising for my)\s+(sixth form|6th form|gcses|a levels|primary school|middle school|high school)\b";
static STAGE: LazyLock<Regex> = LazyLock::new(|| text_regex(STAGE_RE).unwrap());

/// "ur 15", "you're only 14", "you are just 13": said about the other person.
const OTHER_RE: &str = r"\b(?:your|you are)\s+(?:only\s+|just\s+)?(\d{1,2})\b(\s+[a-z%]+)?";
static OTHER: LazyLock<Regex> = LazyLock::new(|| text_regex(OTHER_RE).unwrap());

static BARE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\W*(\d{1,2})(?:\W*(?:and you|you|wbu|hbu|what about you|and your|yrs|years|yo))?\W*$",
    )
    .unwrap()
});

const QUESTION_RE: &str = r"\b(?:how old|asl|your age|what age|age\?|wats your age|whats your age|what year are you in|what grade)";
static QUESTION: LazyLock<Regex> = LazyLock::new(|| text_regex(QUESTION_RE).unwrap());

/// Every pattern `find`, `find_other` and `asks_age` run, with its word boundaries (`\b`)
/// left out, in one set. Leaving out an assertion only lets a pattern match more, so text
/// the set does not match holds no match of any of them: one pass of the set replaces up to
/// nine regex runs, and nearly every message stops there. (Left in, Unicode `\b` would make
/// the set's DFA give up on non-ASCII text.)
static SCREEN: LazyLock<RegexSet> = LazyLock::new(|| {
    RegexSet::new(
        [
            SELF_RE,
            SEX_RE,
            SLASHED_RE,
            YEARS_OLD_RE,
            SCHOOL_YEAR_RE,
            GRADE_RE,
            STAGE_RE,
            OTHER_RE,
            QUESTION_RE,
        ]
        .map(|p| p.replace(r"\b", "")),
    )
    .unwrap()
});

/// False when `find`, `find_other` and `asks_age` are sure to find nothing in `text`, in
/// one pass over it; the scanner skips them then.
pub fn may_mention_age(text: &str) -> bool {
    SCREEN.is_match(text)
}

fn in_range(n: u32) -> Option<u8> {
    (u32::from(MIN_AGE)..=u32::from(MAX_AGE))
        .contains(&n)
        .then_some(n as u8)
}

fn number(text: &str) -> Option<u32> {
    text.parse().ok()
}

/// Finds age claims the author makes about themself in one normalised message.
pub fn find(text: &str) -> Vec<Claim> {
    let mut out: Vec<Claim> = Vec::new();
    // Most messages hold no digit: only the school-stage pattern can match them.
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return stage_claims(text);
    }
    let mut add = |age: Option<u8>, start: usize, end: usize| {
        if let Some(age) = age
            && !out.iter().any(|c| c.start < end && start < c.end)
        {
            out.push(Claim { age, start, end });
        }
    };
    for c in SELF.captures_iter(text) {
        let n = c.get(1).unwrap();
        let unit = c.get(2).map(|u| u.as_str().trim());
        if unit.is_some_and(|u| UNITS.contains(&u)) {
            continue;
        }
        // "im 5.30", "im 10:15": a time
        if text[n.end()..].starts_with([':', '.'])
            && text[n.end() + 1..].starts_with(|c: char| c.is_ascii_digit())
        {
            continue;
        }
        let whole = c.get(0).unwrap();
        let end = c.get(2).map_or(whole.end(), |u| u.start());
        add(number(n.as_str()).and_then(in_range), whole.start(), end);
    }
    // Patterns anchored at the message start ("14 f", "year 9", "15 years old") are read
    // only in short messages: "year 8 pupil showed her tutor..." is not the author's age.
    let short = text.split_whitespace().count() <= SHORT_WORDS;
    for re in [&*SEX, &*SLASHED, &*YEARS_OLD] {
        for c in re.captures_iter(text) {
            let n = c.get(1).unwrap();
            let whole = c.get(0).unwrap();
            if !short
                && !text[..whole.start()].contains(|ch: char| ch.is_alphanumeric())
                && !whole.as_str().contains("asl")
                && !whole.as_str().contains('/')
            {
                continue;
            }
            add(
                number(n.as_str()).and_then(in_range),
                n.start(),
                whole.end(),
            );
        }
    }
    for c in SCHOOL_YEAR.captures_iter(text) {
        let n = c.get(1).unwrap();
        let anchored = !c.get(0).unwrap().as_str().trim_start().starts_with(['i']);
        if anchored && !short {
            continue;
        }
        let age = number(n.as_str())
            .filter(|y| (5..=13).contains(y))
            .map(|y| y + 4);
        let whole = c.get(0).unwrap();
        add(age.and_then(in_range), whole.start(), whole.end());
    }
    for c in GRADE.captures_iter(text) {
        let n = c.get(1).or(c.get(2)).unwrap();
        let age = number(n.as_str())
            .filter(|g| (4..=12).contains(g))
            .map(|g| g + 5);
        let whole = c.get(0).unwrap();
        add(age.and_then(in_range), whole.start(), whole.end());
    }
    for c in stage_claims(text) {
        add(Some(c.age), c.start, c.end);
    }
    out.sort_by_key(|c| c.start);
    out
}

/// Finds ages the author states about the person they are talking to ("ur only 14").
pub fn find_other(text: &str) -> Vec<Claim> {
    let mut out = Vec::new();
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return out;
    }
    for c in OTHER.captures_iter(text) {
        let n = c.get(1).unwrap();
        if c.get(2).is_some_and(|u| UNITS.contains(&u.as_str().trim())) {
            continue;
        }
        if let Some(age) = number(n.as_str()).and_then(in_range) {
            let whole = c.get(0).unwrap();
            out.push(Claim {
                age,
                start: whole.start(),
                end: c.get(2).map_or(whole.end(), |u| u.start()),
            });
        }
    }
    out
}

/// "im in sixth form", "doing my gcses": ages from a school stage.
fn stage_claims(text: &str) -> Vec<Claim> {
    let mut out = Vec::new();
    for c in STAGE.captures_iter(text) {
        let stage = c.get(1).unwrap();
        let age = match stage.as_str() {
            "sixth form" | "6th form" => 16,
            "gcses" => 15,
            "a levels" => 17,
            "primary school" => 10,
            "middle school" => 12,
            _ => 14,
        };
        out.push(Claim {
            age,
            start: c.get(0).unwrap().start(),
            end: stage.end(),
        });
    }
    out
}

/// True when a normalised message asks the other person's age.
pub fn asks_age(text: &str) -> bool {
    QUESTION.is_match(text)
}

static LEADING: LazyLock<Regex> =
    LazyLock::new(|| text_regex(r"^\W*(\d{1,2})\s*[.,!]+(?:\s|$)").unwrap());

static SAME: LazyLock<Regex> = LazyLock::new(|| {
    text_regex(
        r"^\W*(?:same|same age|same here|me too|snap|same as you)(?:\s+(?:lol|haha|lmao))?\W*$",
    )
    .unwrap()
});

static ASKS_BACK: LazyLock<Regex> =
    LazyLock::new(|| text_regex(r"\b(?:you|wbu|hbu|and you|what about you|and your)\W*$").unwrap());

/// A message that starts with a number and a stop ("42. ur so mature"): an age in an age
/// exchange.
pub fn leading_number(text: &str) -> Option<Claim> {
    let c = LEADING.captures(text)?;
    let n = c.get(1)?;
    let age = number(n.as_str()).and_then(in_range)?;
    Some(Claim {
        age,
        start: n.start(),
        end: n.end(),
    })
}

/// "same", "me too": in an age exchange, the author is as old as the other person said.
/// Returns the span of the reply.
pub fn same_reply(text: &str) -> Option<(usize, usize)> {
    SAME.find(text).map(|m| (m.start(), m.end()))
}

/// The message ends by asking the question back ("14, you?").
pub fn asks_back(text: &str) -> bool {
    ASKS_BACK.is_match(text)
}

/// A message that is only a number (optionally "15 u?"): an age when it answers a question.
pub fn bare_answer(text: &str) -> Option<Claim> {
    let c = BARE.captures(text)?;
    let n = c.get(1)?;
    let age = number(n.as_str()).and_then(in_range)?;
    Some(Claim {
        age,
        start: n.start(),
        end: n.end(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize;

    fn ages(text: &str) -> Vec<u8> {
        find(&normalize(text).text).iter().map(|c| c.age).collect()
    }

    #[test]
    fn stated_ages() {
        let table: &[(&str, &[u8])] = &[
            ("im 14", &[14]),
            ("I'm 15 lol", &[15]),
            ("i am 25 but age is just a number", &[25]),
            ("14 f", &[14]),
            ("14f uk", &[14]),
            ("asl? 15/f/uk", &[15]),
            ("asl 16 f", &[16]),
            ("25m here", &[25]),
            ("hey, 25 male", &[]),
            ("just turned 13!!", &[13]),
            ("ill be 16 next month", &[16]),
            ("im in year 9", &[13]),
            ("year 10", &[14]),
            ("yr 8 lol", &[12]),
            ("im in 8th grade", &[13]),
            ("im in sixth form", &[16]),
            ("doing my gcses", &[15]),
            ("15 years old", &[15]),
            ("im 25 years old", &[25]),
            // not ages
            ("im 5 mins away", &[]),
            ("im 10 minutes late", &[]),
            ("im 2 stops away", &[]),
            ("im 20 away", &[]),
            ("it costs £25", &[]),
            ("see you at 14:00", &[]),
            ("im 5.30 at the station", &[]),
            ("i paid 25 quid", &[]),
            ("im 100% sure", &[]),
            ("my sister is 12", &[]),
            ("the year 2025", &[]),
            ("im 3rd in the queue", &[]),
            ("im 6 foot", &[]),
            ("year 8 pupil showed her tutor the messages yesterday", &[]),
            ("10 m from the station now, see you soon", &[]),
            ("yr 9 hbu", &[13]),
        ];
        for (text, want) in table {
            assert_eq!(ages(text), *want, "{text:?}");
        }
    }

    #[test]
    fn ages_said_about_the_other_person() {
        let table: &[(&str, &[u8])] = &[
            ("ur only 14", &[14]),
            ("you're 15? thats fine", &[15]),
            ("you are just 13", &[13]),
            ("your 10 mins late", &[]),
            ("your 18th birthday", &[]),
            ("im 14", &[]),
        ];
        for (text, want) in table {
            let got: Vec<u8> = find_other(&normalize(text).text)
                .iter()
                .map(|c| c.age)
                .collect();
            assert_eq!(got, *want, "{text:?}");
        }
    }

    #[test]
    fn the_screen_passes_every_message_with_an_age() {
        let table = [
            "im 14",
            "I'm 15 lol",
            "14 f",
            "asl? 15/f/uk",
            "25m here",
            "just turned 13!!",
            "im in year 9",
            "year 10",
            "im in 8th grade",
            "im in grade 8",
            "im in sixth form",
            "doing my gcses",
            "15 years old",
            "ur only 14",
            "you are just 13",
            "how old r u?",
            "asl",
            "what year are you in",
            "caf\u{e9} im 14 \u{1F602}",
            "\u{43f} im 14 \u{43f}",
            "asl? 14 f \u{43f}",
        ];
        for text in table {
            let t = normalize(text).text;
            let found = !find(&t).is_empty() || !find_other(&t).is_empty() || asks_age(&t);
            assert!(found, "{text:?} states or asks no age");
            assert!(may_mention_age(&t), "{text:?}");
        }
        for text in [
            "hello there",
            "see you at 5",
            "send me the message",
            "\u{1F602}",
        ] {
            assert!(!may_mention_age(&normalize(text).text), "{text:?}");
        }
    }

    #[test]
    fn questions_and_bare_answers() {
        for q in [
            "how old r u?",
            "asl",
            "whats ur age",
            "what year are you in",
        ] {
            assert!(asks_age(&normalize(q).text), "{q}");
        }
        assert!(!asks_age(&normalize("how are you").text));
        for (text, want) in [
            ("15", Some(15)),
            ("15 u?", Some(15)),
            ("15, wbu", Some(15)),
            ("15 quid", None),
            ("5", None),
            ("lol", None),
        ] {
            assert_eq!(
                bare_answer(&normalize(text).text).map(|c| c.age),
                want,
                "{text}"
            );
        }
    }
}
