//! Redaction (`--redact`): one transformation of a `RunResult` into a redacted copy,
//! made before any writer runs, so every format (table, JSON, JSONL, CSV, HTML) shows the
//! same pseudonyms.
//!
//! - Every participant name becomes `Person N`, numbered in order of first appearance
//!   across the ranked conversations (rank 1 first, authors in message order). The same
//!   name gets the same pseudonym everywhere: as an author, in message text, titles,
//!   file paths, score details and the command line. In free text, names are matched as
//!   whole words, ignoring case; so are the words of a multi-word name ("Jay" of
//!   "Jay Smith"); a word that two names share ("Sam" of "Sam Lee" and "Sam Ray")
//!   becomes `[name]`. Names shorter than two characters and
//!   ordinary words used as names ("Mum", "Dad", "me") are replaced as authors but not
//!   looked for in free text, where they are ordinary words.
//! - E-mail-like and phone-number-like strings become `[email N]` and `[phone N]`,
//!   numbered in order of first appearance; the same address or number (digits compared)
//!   keeps its number. One that is itself a participant's name becomes that `Person N`.
//! - Scores, bands, ranks, ids and file hashes are not changed. Evidence spans are moved
//!   to the redacted text; a span that touched a replaced piece covers all of it.
//!
//! It does not redact what it cannot recognise: user names on other apps, street names,
//! schools, or names of people who never wrote in the export.

use crate::error::InputError;
use crate::model::InputFile;
use crate::pipeline::{RunResult, Scored};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::LazyLock;

static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}").unwrap()
});
/// A run of digits with the separators phone numbers use; `is_phone` decides.
static PHONE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:\+|\(|\b)\d[\d \-.()]{5,24}\d\b").unwrap());
static DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d{1,4}[./\-]\d{1,2}[./\-]\d{1,4}$").unwrap());

/// Words that are names of roles or ordinary words when used as a display name.
const ORDINARY: &[&str] = &[
    "mum", "mummy", "mom", "mommy", "mother", "dad", "daddy", "father", "nan", "nana", "nanna",
    "nanny", "gran", "granny", "grandma", "grandad", "granddad", "grandpa", "mama", "papa",
    "auntie", "aunt", "aunty", "uncle", "sis", "sister", "bro", "brother", "son", "daughter",
    "babe", "baby", "me", "you", "him", "her", "them", "us", "we", "it", "hi", "hey", "ok", "no",
    "yes", "the", "and", "home", "work", "school", "unknown", "user", "admin", "bot",
];

/// Redacts a run and a command line. Scores and ranks are unchanged.
pub fn redact(run: &RunResult, command_line: &[String]) -> (RunResult, Vec<String>) {
    let mut r = Redactor::for_run(run);
    let out = r.run(run);
    let command_line = command_line.iter().map(|a| r.text(a)).collect();
    (out, command_line)
}

/// One replaced piece of a text: the original byte range and where it lies in the result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Edit {
    start: usize,
    end: usize,
    new_start: usize,
    new_end: usize,
}

/// A name matcher: patterns with the person each stands for (`None`: a word that two
/// people's names share).
struct Matcher {
    automaton: AhoCorasick,
    to: Vec<Option<usize>>,
}

impl Matcher {
    fn new(
        patterns: Vec<(String, Option<usize>)>,
        ascii_case_insensitive: bool,
    ) -> Option<Matcher> {
        if patterns.is_empty() {
            return None;
        }
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .ascii_case_insensitive(ascii_case_insensitive)
            .build(patterns.iter().map(|(p, _)| p))
            .ok()?;
        Some(Matcher {
            automaton,
            to: patterns.into_iter().map(|(_, to)| to).collect(),
        })
    }

    /// Whole-word matches: (start, end, replacement).
    fn find(&self, text: &str) -> Vec<(usize, usize, String)> {
        self.automaton
            .find_overlapping_iter(text)
            .filter(|m| whole_word(text, m.start(), m.end()))
            .map(|m| {
                let to = match self.to[m.pattern().as_usize()] {
                    Some(i) => Redactor::pseudonym(i),
                    None => "[name]".to_string(),
                };
                (m.start(), m.end(), to)
            })
            .collect()
    }
}

fn whole_word(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

/// The state of one redaction: pseudonyms given so far.
pub struct Redactor {
    /// Participant names, index = pseudonym number - 1.
    people: Vec<String>,
    person_of: BTreeMap<String, usize>,
    /// Case-insensitive whole words in free text.
    loose: Option<Matcher>,
    /// Exact names, for text the engine wrote around names (score details).
    exact: Option<Matcher>,
    emails: BTreeMap<String, String>,
    phones: BTreeMap<String, String>,
}

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

fn is_phone(s: &str) -> bool {
    let n = digits(s).len();
    (7..=15).contains(&n)
        && !DATE.is_match(s)
        && s.matches('.').count() != 1
        && s.split([' ', '-', '.', '(', ')'])
            .filter(|g| !g.is_empty())
            .count()
            <= 6
}

impl Redactor {
    /// Collects the participant names of a run, in ranked order.
    pub fn for_run(run: &RunResult) -> Redactor {
        let mut names = Vec::new();
        for s in &run.conversations {
            for a in s.conversation.authors() {
                names.push(a.to_string());
            }
        }
        Redactor::new(names)
    }

    /// A redactor for these participant names (pseudonyms in this order; empty names
    /// and repeats are skipped).
    pub fn new<I: IntoIterator<Item = String>>(names: I) -> Redactor {
        let mut people: Vec<String> = Vec::new();
        let mut person_of = BTreeMap::new();
        for n in names {
            if !n.is_empty() && !person_of.contains_key(&n) {
                person_of.insert(n.clone(), people.len());
                people.push(n);
            }
        }
        // Free-text words: full names, then the words of multi-word names that belong to
        // one person only.
        let mut loose: BTreeMap<String, Option<usize>> = BTreeMap::new();
        for (i, n) in people.iter().enumerate() {
            if searchable(n, 2) {
                loose.entry(n.to_lowercase()).or_insert(Some(i));
            }
        }
        let full: Vec<String> = loose.keys().cloned().collect();
        for (i, n) in people.iter().enumerate() {
            let words: Vec<&str> = n
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect();
            if words.len() < 2 {
                continue;
            }
            for w in words {
                let w = w.to_lowercase();
                if !searchable(&w, 3) || full.contains(&w) {
                    continue;
                }
                loose
                    .entry(w)
                    .and_modify(|owner| {
                        if *owner != Some(i) {
                            *owner = None;
                        }
                    })
                    .or_insert(Some(i));
            }
        }
        let mut patterns = Vec::new();
        for (w, &owner) in &loose {
            let mut forms = vec![w.clone(), w.to_uppercase(), super::capitalise(w)];
            forms.sort();
            forms.dedup();
            patterns.extend(forms.into_iter().map(|f| (f, owner)));
        }
        let exact = people
            .iter()
            .enumerate()
            .map(|(i, n)| (n.clone(), Some(i)))
            .collect();
        Redactor {
            loose: Matcher::new(patterns, true),
            exact: Matcher::new(exact, false),
            people,
            person_of,
            emails: BTreeMap::new(),
            phones: BTreeMap::new(),
        }
    }

    fn pseudonym(i: usize) -> String {
        format!("Person {}", i + 1)
    }

    /// The pseudonym of a participant name (an empty name stays empty; a name that is not
    /// a participant's is redacted as free text).
    pub fn name(&mut self, name: &str) -> String {
        match self.person_of.get(name) {
            Some(&i) => Self::pseudonym(i),
            None if name.is_empty() => String::new(),
            None => self.text(name),
        }
    }

    /// Redacts free text.
    pub fn text(&mut self, text: &str) -> String {
        self.rewrite(text, false).0
    }

    /// Redacts text and says where each replaced piece went. `engine` text (score
    /// details) names participants exactly as written, so exact names are matched first
    /// whatever their length.
    fn rewrite(&mut self, text: &str, engine: bool) -> (String, Vec<Edit>) {
        // Candidates in priority order; a later one that overlaps an accepted one is
        // dropped.
        let mut accepted: Vec<(usize, usize, String)> = Vec::new();
        if engine && let Some(m) = &self.exact {
            offer(&mut accepted, m.find(text));
        }
        let mut found = Vec::new();
        for m in EMAIL.find_iter(text) {
            let label = match self.person_like(m.as_str(), |n| n.eq_ignore_ascii_case(m.as_str())) {
                Some(p) => p,
                None => {
                    let n = self.emails.len() + 1;
                    self.emails
                        .entry(m.as_str().to_lowercase())
                        .or_insert_with(|| format!("[email {n}]"))
                        .clone()
                }
            };
            found.push((m.start(), m.end(), label));
        }
        offer(&mut accepted, found);
        if let Some(m) = &self.loose {
            offer(&mut accepted, m.find(text));
        }
        let mut found = Vec::new();
        for m in PHONE.find_iter(text) {
            let s = m.as_str();
            if !is_phone(s) {
                continue;
            }
            let d = digits(s);
            let label = match self.person_like(s, |n| digits(n) == d && is_phone(n)) {
                Some(p) => p,
                None => {
                    let n = self.phones.len() + 1;
                    self.phones
                        .entry(d)
                        .or_insert_with(|| format!("[phone {n}]"))
                        .clone()
                }
            };
            found.push((m.start(), m.end(), label));
        }
        offer(&mut accepted, found);
        accepted.sort_by_key(|a| a.0);
        let mut out = String::with_capacity(text.len());
        let mut edits = Vec::with_capacity(accepted.len());
        let mut at = 0;
        for (s, e, r) in accepted {
            out.push_str(&text[at..s]);
            let new_start = out.len();
            out.push_str(&r);
            edits.push(Edit {
                start: s,
                end: e,
                new_start,
                new_end: out.len(),
            });
            at = e;
        }
        out.push_str(&text[at..]);
        (out, edits)
    }

    /// The pseudonym of a participant whose name is this address or number.
    fn person_like(&self, exact: &str, same: impl Fn(&str) -> bool) -> Option<String> {
        if let Some(&i) = self.person_of.get(exact) {
            return Some(Self::pseudonym(i));
        }
        self.people
            .iter()
            .position(|n| same(n))
            .map(Self::pseudonym)
    }

    /// A redacted copy of a run.
    pub fn run(&mut self, run: &RunResult) -> RunResult {
        let conversations = run.conversations.iter().map(|s| self.scored(s)).collect();
        RunResult {
            duplicates: run
                .duplicates
                .iter()
                .map(|d| crate::pipeline::DuplicateConversation {
                    source: self.text(&d.source),
                    same_as_source: self.text(&d.same_as_source),
                    ..d.clone()
                })
                .collect(),
            inputs: run
                .inputs
                .iter()
                .map(|i| InputFile {
                    path: self.text(&i.path),
                    ..i.clone()
                })
                .collect(),
            errors: run
                .errors
                .iter()
                .map(|e| InputError {
                    path: self.text(&e.path),
                    line: e.line,
                    message: self.text(&e.message),
                })
                .collect(),
            assumptions: run.assumptions.iter().map(|a| self.text(a)).collect(),
            conversations,
        }
    }

    fn scored(&mut self, s: &Scored) -> Scored {
        let mut out = s.clone();
        let c = &mut out.conversation;
        c.title = self.text(&c.title);
        c.source = self.text(&c.source);
        c.key = self.text(&c.key);
        if let Some(m) = &mut c.merged {
            for f in &mut m.files {
                *f = self.text(f);
            }
        }
        let mut edits = Vec::with_capacity(c.messages.len());
        for m in &mut c.messages {
            m.author = self.name(&m.author);
            let (text, e) = self.rewrite(&m.text, false);
            m.text = text;
            edits.push(e);
        }
        for h in &mut out.scan.hits {
            (h.start, h.end) = remap(&edits[h.message], h.start, h.end);
        }
        for a in &mut out.scan.ages {
            (a.start, a.end) = remap(&edits[a.message], a.start, a.end);
        }
        let a = &mut out.assessment;
        for p in &mut a.participants {
            p.name = self.name(&p.name);
        }
        if let Some(g) = &mut a.age_gap {
            g.older = self.name(&g.older);
            g.younger = self.name(&g.younger);
        }
        for p in &mut a.explanation.parts {
            if let Some(author) = &p.author {
                p.author = Some(self.name(author));
            }
            p.detail = self.rewrite(&p.detail, true).0;
        }
        out
    }
}

/// Adds candidate replacements (start, end, text) that overlap none already accepted,
/// longest first at the same start.
fn offer(accepted: &mut Vec<(usize, usize, String)>, mut found: Vec<(usize, usize, String)>) {
    found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    for (s, e, r) in found {
        if accepted.iter().all(|&(s2, e2, _)| e <= s2 || s >= e2) {
            accepted.push((s, e, r));
        }
    }
}

/// Whether a name (lower-cased word or full name) is worth looking for in free text.
fn searchable(name: &str, min_chars: usize) -> bool {
    name.chars().count() >= min_chars
        && name.chars().any(char::is_alphabetic)
        && !ORDINARY.contains(&name.to_lowercase().trim())
}

/// Moves a byte range of the original text to the redacted text; a range that starts or
/// ends inside a replaced piece grows to cover all of it.
fn remap(edits: &[Edit], start: usize, end: usize) -> (usize, usize) {
    (shift(edits, start, true), shift(edits, end, false))
}

fn shift(edits: &[Edit], p: usize, is_start: bool) -> usize {
    let mut delta: isize = 0;
    for e in edits {
        if p <= e.start {
            break;
        }
        if p < e.end {
            return if is_start { e.new_start } else { e.new_end };
        }
        delta = e.new_end as isize - e.end as isize;
    }
    p.saturating_add_signed(delta)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Redactor {
        Redactor::new(
            [
                "Jay Smith",
                "Mia",
                "Mum",
                "A",
                "+44 7700 900123",
                "Sam Lee",
                "Sam Ray",
            ]
            .map(String::from),
        )
    }

    #[test]
    fn free_text_is_redacted_consistently() {
        let table = [
            ("hi jay, its mia", "hi Person 1, its Person 2"),
            ("JAY SMITH said", "Person 1 said"),
            ("smith and jayden", "Person 1 and jayden"),
            ("ask your mum", "ask your mum"),
            ("a pic of a cat", "a pic of a cat"),
            ("Mia's phone", "Person 2's phone"),
            ("mail me at jay.smith@example.com", "mail me at [email 1]"),
            ("JAY.SMITH@example.com again", "[email 1] again"),
            (
                "call 07700 900456 or (0161) 496-0000",
                "call [phone 1] or [phone 2]",
            ),
            (
                "07700900456 is the same number",
                "[phone 1] is the same number",
            ),
            ("text +44 7700 900123", "text Person 5"),
            (
                "on 14/03/2025 at 19:04, 2025-03-14",
                "on 14/03/2025 at 19:04, 2025-03-14",
            ),
            ("im 15, year 10, 3.14159", "im 15, year 10, 3.14159"),
            ("sam is here", "[name] is here"),
            ("Sam Ray and ray", "Person 7 and Person 7"),
            ("chat_with_mia.txt", "chat_with_Person 2.txt"),
        ];
        let mut r = names();
        for (input, want) in table {
            assert_eq!(r.text(input), want, "{input:?}");
        }
    }

    #[test]
    fn names_and_engine_text() {
        let mut r = names();
        assert_eq!(r.name("Jay Smith"), "Person 1");
        assert_eq!(r.name("Mum"), "Person 3");
        assert_eq!(r.name(""), "");
        assert_eq!(r.name("Stranger"), "Stranger");
        // Score details name people exactly: short names and role names too.
        assert_eq!(
            r.rewrite("A: asked for a pic; Mum: family", true).0,
            "Person 4: asked for a pic; Person 3: family"
        );
    }

    #[test]
    fn spans_follow_the_text() {
        let mut r = names();
        let text = "hey mia send a pic to jay@example.com pls";
        let (out, edits) = r.rewrite(text, false);
        assert_eq!(out, "hey Person 2 send a pic to [email 1] pls");
        let span = |s: &str| {
            let i = text.find(s).unwrap();
            let (a, b) = remap(&edits, i, i + s.len());
            out[a..b].to_string()
        };
        let table = [
            ("send a pic", "send a pic"),
            ("hey mia", "hey Person 2"),
            ("ia send", "Person 2 send"),
            ("to jay@", "to [email 1]"),
            ("pls", "pls"),
        ];
        for (span_in, want) in table {
            assert_eq!(span(span_in), want, "{span_in:?}");
        }
    }
}
