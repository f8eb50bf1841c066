//! The lexicon: indicator phrases as data (`lexicons/<lang>/<category>.toml`), compiled once
//! into an immutable, `Send + Sync` matcher, and checked against the examples that every
//! entry carries (`groomscan lexicon check`).
//!
//! A lexicon file looks like this:
//!
//! ```toml
//! category = "image_request"
//!
//! [[entry]]
//! id = "img.send_pic"
//! weight = 1.0                                # 0: context only (see below)
//! phrases = ["send me a pic", "send a pic"]   # literal; matched on normalised text
//! regex = ['\bpic (?:of|from) you\b']          # optional, few: matched on normalised text
//! unless = ["timetable", "receipt"]            # optional: a message containing one is no hit
//! examples = ["can u s3nd me a p1c"]           # must match this entry
//! not = ["send me a pic of the timetable"]     # must not match this entry
//! ```
//!
//! Phrases and text both go through `normalize::normalize`, so one phrase covers case,
//! leetspeak, elongation and chat spellings. Literal phrases are matched by one
//! aho-corasick automaton (a DFA, leftmost-longest, word boundaries checked after the
//! match); regexes run only for the few entries that need them, and only on text that one
//! set of all of them matches. Besides the file entries the lexicon holds one engine entry,
//! `secrecy.deleted_message`, which no phrase matches: scan cites it for a message the
//! export marks deleted. The lexicon does not score: it reports which entry matched where;
//! `score` decides what that means.
//!
//! An entry of weight 0 is context: its hits are found and reported like any other, but
//! they are evidence of nothing on their own, and the scorer adds nothing for them. The
//! chat-room openers ("asl", "how old are you", "where are you from", "m or f") are such
//! entries: they open ordinary chats far more often than grooming ones.
//!
//! Languages: each language has its own folder (`lexicons/en`, `lexicons/de`, `nl`, `fr`,
//! `es`) with the same categories; a file directly in the lexicon folder is English. An
//! entry's language is its folder's, and the ids of every language but English start with
//! it (`de.secrecy.dont_tell_parent`). `find` runs only the languages it is given (the
//! scanner gives the conversation's, see `detect::language`); the same phrase may be in two
//! languages ("webcam"), never twice in one.

use crate::detect::normalize::{at_word_boundaries, normalize};
use crate::error::Error;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use regex::{Regex, RegexSet};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// The shipped lexicon files, embedded at build time by `build.rs`.
const BUILTIN: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/lexicon_files.rs"));

/// Indicator categories, from the grooming literature (O'Connell's stages, Luring
/// Communication Theory, the Online Grooming Discourse Model, PAN-2012 / ChatCoder).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Asking where someone lives, which school, "asl".
    PersonalInfo,
    /// Talk about age and age difference ("age is just a number", "how old are you").
    Age,
    /// Checking whether the other is alone, supervised, whose phone it is.
    RiskCheck,
    /// Flattery and building special trust ("mature for your age").
    Flattery,
    /// Driving a wedge between the young person and family or friends.
    Isolation,
    /// Keeping the contact secret, deleting messages.
    Secrecy,
    /// Gifts, money, phone credit, game currency.
    Gifts,
    /// Asking for pictures, video or a camera call.
    ImageRequest,
    /// Sexual talk (plain words only in the lexicon).
    Sexual,
    /// Moving the chat to another app or a private channel.
    PlatformSwitch,
    /// Arranging to meet in person: place, time, transport.
    Meeting,
    /// Threats, pressure and blackmail.
    Coercion,
    /// Normalising what is asked ("everyone does it", "it's normal").
    Desensitisation,
    /// An established family relation (a parent or grandparent addressed as one, signing as
    /// one, or relayed by a sibling): lowers the score.
    Family,
}

impl Category {
    pub const ALL: [Category; 14] = [
        Category::PersonalInfo,
        Category::Age,
        Category::RiskCheck,
        Category::Flattery,
        Category::Isolation,
        Category::Secrecy,
        Category::Gifts,
        Category::ImageRequest,
        Category::Sexual,
        Category::PlatformSwitch,
        Category::Meeting,
        Category::Coercion,
        Category::Desensitisation,
        Category::Family,
    ];

    /// The snake_case name used in files and JSON.
    pub fn name(self) -> &'static str {
        match self {
            Category::PersonalInfo => "personal_info",
            Category::Age => "age",
            Category::RiskCheck => "risk_check",
            Category::Flattery => "flattery",
            Category::Isolation => "isolation",
            Category::Secrecy => "secrecy",
            Category::Gifts => "gifts",
            Category::ImageRequest => "image_request",
            Category::Sexual => "sexual",
            Category::PlatformSwitch => "platform_switch",
            Category::Meeting => "meeting",
            Category::Coercion => "coercion",
            Category::Desensitisation => "desensitisation",
            Category::Family => "family",
        }
    }

    pub fn from_name(name: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.name() == name)
    }

    /// What the category means, in plain words for reports ("asked for pictures").
    pub fn plain(self) -> &'static str {
        match self {
            Category::PersonalInfo => "asked for personal details (age, where they live, school)",
            Category::Age => "talked about age or the age difference",
            Category::RiskCheck => "checked whether the young person was alone or watched",
            Category::Flattery => "flattery and building special trust",
            Category::Isolation => "tried to come between the young person and family or friends",
            Category::Secrecy => "asked to keep the chat secret or delete messages",
            Category::Gifts => "offered gifts, money or phone credit",
            Category::ImageRequest => "asked for pictures, video or a camera call",
            Category::Sexual => "sexual talk",
            Category::PlatformSwitch => "asked to move to another app or a private chat",
            Category::Meeting => "made plans to meet in person",
            Category::Coercion => "threats or pressure",
            Category::Desensitisation => "told the young person that what was asked is normal",
            Category::Family => "family context (parent, grandparent or sibling)",
        }
    }
}

/// One lexicon entry as written in a file.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EntryFile {
    id: String,
    #[serde(default = "default_weight")]
    weight: f64,
    #[serde(default)]
    phrases: Vec<String>,
    #[serde(default)]
    regex: Vec<String>,
    #[serde(default)]
    unless: Vec<String>,
    #[serde(default)]
    examples: Vec<String>,
    #[serde(default)]
    not: Vec<String>,
}

fn default_weight() -> f64 {
    1.0
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CategoryFile {
    category: String,
    #[serde(default)]
    entry: Vec<EntryFile>,
}

/// One compiled entry.
#[derive(Clone, Debug)]
pub struct Entry {
    pub id: String,
    pub category: Category,
    /// The language folder the entry came from ("en" for a file at the top).
    pub language: String,
    /// `language`'s index in `Lexicon::languages`.
    lang: u8,
    pub weight: f64,
    /// The lexicon file the entry came from (relative to the lexicon folder).
    pub file: String,
    /// Literal phrases as written (for `lexicon phrases` and docs).
    pub phrases: Vec<String>,
    unless: Vec<String>,
    regexes: Vec<Regex>,
    examples: Vec<String>,
    not: Vec<String>,
}

/// One match of an entry in normalised text (byte offsets into the normalised text).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct RawMatch {
    pub start: usize,
    pub end: usize,
    /// Index into `Lexicon::entries`.
    pub entry: u32,
}

/// The id of the engine's own entry: what scan cites for a message the export marks as
/// deleted (`Message::deleted`), in the secrecy category. It has no phrases, is read from no
/// lexicon file and is not in `entries()` (so `lexicon check`, `lexicon phrases` and the
/// lexicon's hash do not change); `entry(deleted_entry())` gives it.
pub const DELETED_MESSAGE_ID: &str = "secrecy.deleted_message";

/// The weight of one deleted message: a quarter of asking to delete the chat
/// (`secrecy.delete_chat`, 2.0), since people also delete typos; several deletions by one
/// author still add up under the category's saturation.
const DELETED_MESSAGE_WEIGHT: f64 = 0.5;

/// The compiled lexicon. Immutable after `build`; share it by reference across threads.
#[derive(Debug)]
pub struct Lexicon {
    entries: Vec<Entry>,
    /// The engine entry for deleted messages (`DELETED_MESSAGE_ID`), index `entries.len()`.
    deleted: Entry,
    automaton: AhoCorasick,
    /// The entries of each automaton pattern (one per language that has the phrase).
    pattern_entry: Vec<Vec<u32>>,
    /// The languages of the entries, sorted; `LanguageSet` indexes this.
    languages: Vec<String>,
    /// Entries that have regexes.
    regex_entries: Vec<u32>,
    /// Every entry regex in one set: text it does not match needs no regex run. None when
    /// the regexes are too big to compile as one set: then they all run on every text.
    regex_screen: Option<RegexSet>,
    /// Extra files that travel with the lexicon (e.g. `weights.toml`), by relative path.
    pub extra_files: BTreeMap<String, String>,
    pub version: String,
    pub sha256: String,
}

/// A set of the lexicon's languages (bit i: `Lexicon::languages()[i]`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LanguageSet(u64);

impl LanguageSet {
    /// Every language.
    pub const ALL: LanguageSet = LanguageSet(u64::MAX);

    fn contains(self, lang: u8) -> bool {
        self.0 & (1 << lang) != 0
    }
}

/// Most languages one lexicon may hold (`LanguageSet` is a 64-bit mask).
const MAX_LANGUAGES: usize = 64;

/// The language of a lexicon file: its first folder, or English for a file at the top.
fn file_language(rel: &str) -> &str {
    match rel.split_once('/') {
        Some((dir, _)) => dir,
        None => "en",
    }
}

/// A lexicon check failure: file, entry, what failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckFailure {
    pub file: String,
    pub entry: String,
    pub message: String,
}

impl std::fmt::Display for CheckFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: entry {}: {}", self.file, self.entry, self.message)
    }
}

impl Lexicon {
    /// The lexicon shipped inside the binary.
    pub fn builtin() -> Result<Lexicon, Error> {
        let files: Vec<(String, String)> = BUILTIN
            .iter()
            .map(|(p, c)| (p.to_string(), c.to_string()))
            .collect();
        Lexicon::build("<builtin>", &files)
    }

    /// Reads every `*.toml` file (and `VERSION`) under `dir`, recursively.
    pub fn from_dir(dir: &Path) -> Result<Lexicon, Error> {
        let mut files = Vec::new();
        read_dir_sorted(dir, dir, &mut files)?;
        if files.is_empty() {
            return Err(Error::Lexicon {
                path: dir.display().to_string(),
                entry: None,
                message: "no lexicon files (*.toml) found".into(),
            });
        }
        Lexicon::build(&dir.display().to_string(), &files)
    }

    /// Compiles lexicon files given as (relative path, contents). Files whose name starts
    /// with `weights` are carried along (see `extra_files`), not parsed as categories.
    pub fn build(origin: &str, files: &[(String, String)]) -> Result<Lexicon, Error> {
        Lexicon::build_as(origin, files, Some(AhoCorasickKind::DFA))
    }

    /// `build` with the phrase automaton of kind `kind` (`None`: the library's choice),
    /// falling back to the library's choice should that kind not build. Every kind finds
    /// the same matches; the tests run the lexicon's tables under each.
    fn build_as(
        origin: &str,
        files: &[(String, String)],
        kind: Option<AhoCorasickKind>,
    ) -> Result<Lexicon, Error> {
        use sha2::{Digest, Sha256};
        let mut hasher = Sha256::new();
        let mut entries = Vec::new();
        let mut extra_files = BTreeMap::new();
        let mut version = String::from("unversioned");
        let mut sorted: Vec<&(String, String)> = files.iter().collect();
        sorted.sort();
        for (rel, contents) in sorted {
            hasher.update(rel.as_bytes());
            hasher.update([0]);
            hasher.update(contents.as_bytes());
            hasher.update([0]);
            let path = format!("{origin}/{rel}");
            let name = rel.rsplit('/').next().unwrap_or(rel);
            if name == "VERSION" {
                version = contents.trim().to_string();
                continue;
            }
            if name.starts_with("weights") {
                extra_files.insert(rel.clone(), contents.clone());
                continue;
            }
            let parsed: CategoryFile = toml::from_str(contents).map_err(|e| Error::Lexicon {
                path: path.clone(),
                entry: None,
                message: e.to_string(),
            })?;
            let category = Category::from_name(&parsed.category).ok_or_else(|| Error::Lexicon {
                path: path.clone(),
                entry: None,
                message: format!("unknown category {:?}", parsed.category),
            })?;
            let language = file_language(rel);
            for e in parsed.entry {
                let err = |message: String| Error::Lexicon {
                    path: path.clone(),
                    entry: Some(e.id.clone()),
                    message,
                };
                if language != "en"
                    && !e
                        .id
                        .strip_prefix(language)
                        .is_some_and(|r| r.starts_with('.'))
                {
                    return Err(err(format!(
                        "the id of an entry in the {language:?} folder must start with \"{language}.\""
                    )));
                }
                if e.phrases.is_empty() && e.regex.is_empty() {
                    return Err(err("has neither phrases nor regex".into()));
                }
                if !(e.weight.is_finite() && (0.0..=5.0).contains(&e.weight)) {
                    return Err(err(format!("weight {} is not in [0, 5]", e.weight)));
                }
                let mut regexes = Vec::new();
                for r in &e.regex {
                    regexes.push(
                        crate::detect::normalize::text_regex(r)
                            .map_err(|x| err(format!("regex {r:?}: {x}")))?,
                    );
                }
                for p in &e.phrases {
                    if normalize(p).text.is_empty() {
                        return Err(err(format!("phrase {p:?} is empty after normalising")));
                    }
                }
                entries.push(Entry {
                    id: e.id,
                    category,
                    language: language.to_string(),
                    lang: 0,
                    weight: e.weight,
                    file: rel.clone(),
                    phrases: e.phrases,
                    unless: e.unless.iter().map(|u| normalize(u).text).collect(),
                    regexes,
                    examples: e.examples,
                    not: e.not,
                });
            }
        }
        let mut ids: Vec<&str> = entries.iter().map(|e| e.id.as_str()).collect();
        ids.sort_unstable();
        if let Some(w) = ids.windows(2).find(|w| w[0] == w[1]) {
            return Err(Error::Lexicon {
                path: origin.to_string(),
                entry: Some(w[0].to_string()),
                message: "entry id used twice".into(),
            });
        }
        if ids.binary_search(&DELETED_MESSAGE_ID).is_ok() {
            return Err(Error::Lexicon {
                path: origin.to_string(),
                entry: Some(DELETED_MESSAGE_ID.to_string()),
                message: "this entry id is the engine's own (deleted messages)".into(),
            });
        }
        let mut languages: Vec<String> = entries.iter().map(|e| e.language.clone()).collect();
        languages.sort_unstable();
        languages.dedup();
        if languages.len() > MAX_LANGUAGES {
            return Err(Error::Lexicon {
                path: origin.to_string(),
                entry: None,
                message: format!(
                    "{} language folders; at most {MAX_LANGUAGES}",
                    languages.len()
                ),
            });
        }
        for e in &mut entries {
            e.lang = languages.binary_search(&e.language).unwrap_or(0) as u8;
        }
        // One pattern per distinct phrase: the automaton reports one pattern per match, and
        // a phrase two languages share belongs to an entry of each.
        let mut patterns: Vec<String> = Vec::new();
        let mut pattern_entry: Vec<Vec<u32>> = Vec::new();
        let mut pattern_of: std::collections::HashMap<String, usize> = Default::default();
        for (i, e) in entries.iter().enumerate() {
            for p in &e.phrases {
                let n = normalize(p).text;
                let k = *pattern_of.entry(n.clone()).or_insert_with(|| {
                    patterns.push(n);
                    pattern_entry.push(Vec::new());
                    patterns.len() - 1
                });
                if !pattern_entry[k].contains(&(i as u32)) {
                    pattern_entry[k].push(i as u32);
                }
            }
        }
        // A DFA: thousands of phrases make the default (an NFA, no prefilter) follow failure
        // links at nearly every byte; the DFA takes one table lookup per byte. Should a
        // lexicon be too big for a DFA, the library's own choice finds the same matches.
        let mut builder = AhoCorasickBuilder::new();
        builder.match_kind(MatchKind::LeftmostLongest);
        let automaton = builder
            .clone()
            .kind(kind)
            .build(&patterns)
            .or_else(|_| builder.build(&patterns))
            .map_err(|e| Error::Lexicon {
                path: origin.to_string(),
                entry: None,
                message: format!("cannot compile phrases: {e}"),
            })?;
        let regex_entries = entries
            .iter()
            .enumerate()
            .filter(|(_, e)| !e.regexes.is_empty())
            .map(|(i, _)| i as u32)
            .collect();
        let regex_screen = RegexSet::new(
            entries
                .iter()
                .flat_map(|e| e.regexes.iter().map(Regex::as_str)),
        )
        .ok();
        let digest = hasher.finalize();
        let sha256 = crate::hash::hex(&digest);
        let deleted = Entry {
            id: DELETED_MESSAGE_ID.to_string(),
            category: Category::Secrecy,
            language: String::new(),
            lang: 0,
            weight: DELETED_MESSAGE_WEIGHT,
            file: String::new(),
            phrases: Vec::new(),
            unless: Vec::new(),
            regexes: Vec::new(),
            examples: Vec::new(),
            not: Vec::new(),
        };
        Ok(Lexicon {
            entries,
            deleted,
            automaton,
            pattern_entry,
            languages,
            regex_entries,
            regex_screen,
            extra_files,
            version,
            sha256,
        })
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The languages of the lexicon's entries (their folders), sorted.
    pub fn languages(&self) -> &[String] {
        &self.languages
    }

    /// The languages to run on a conversation read as `languages`: English and every
    /// language the conversation mixes in that the lexicon has; all of them when its
    /// language is undetermined.
    pub fn languages_for(&self, languages: &crate::detect::language::Languages) -> LanguageSet {
        if languages.undetermined() {
            return LanguageSet::ALL;
        }
        let mut set = 0u64;
        for (i, l) in self.languages.iter().enumerate() {
            if l == "en" || languages.mixed.iter().any(|m| m == l) {
                set |= 1 << i;
            }
        }
        LanguageSet(set)
    }

    /// The entry at `index`: one of `entries()`, or the deleted-message entry at
    /// `deleted_entry()`.
    pub fn entry(&self, index: u32) -> &Entry {
        match self.entries.get(index as usize) {
            Some(e) => e,
            None if index == self.deleted_entry() => &self.deleted,
            None => panic!("lexicon entry {index} out of range"),
        }
    }

    /// The index of the engine's deleted-message entry (`DELETED_MESSAGE_ID`): one past
    /// the lexicon's own entries.
    pub fn deleted_entry(&self) -> u32 {
        self.entries.len() as u32
    }

    /// Finds every match of an entry in one of `languages` in already-normalised text, in
    /// order of start offset. Literal matches must sit on word boundaries; an entry's
    /// `unless` phrases veto its matches in the same text.
    pub fn find(&self, text: &str, languages: LanguageSet, out: &mut Vec<RawMatch>) {
        let first = out.len();
        for m in self.automaton.find_iter(text) {
            if !at_word_boundaries(text, m.start(), m.end()) {
                continue;
            }
            for &entry in &self.pattern_entry[m.pattern().as_usize()] {
                if languages.contains(self.entries[entry as usize].lang) {
                    out.push(RawMatch {
                        start: m.start(),
                        end: m.end(),
                        entry,
                    });
                }
            }
        }
        // One pass of the set instead of one per regex; nearly no message matches one.
        let screened_out = self
            .regex_screen
            .as_ref()
            .is_some_and(|s| !s.is_match(text));
        let regexes = if screened_out {
            &[][..]
        } else {
            &self.regex_entries[..]
        };
        for &entry in regexes {
            if !languages.contains(self.entries[entry as usize].lang) {
                continue;
            }
            for re in &self.entries[entry as usize].regexes {
                for m in re.find_iter(text) {
                    if m.start() < m.end() {
                        out.push(RawMatch {
                            start: m.start(),
                            end: m.end(),
                            entry,
                        });
                    }
                }
            }
        }
        out[first..].sort_unstable();
        // An entry's `unless` phrases are looked for once per text, not once per match,
        // and vetoed matches are dropped in one pass: a phrase repeated 4,000 times in
        // one message searched the whole text 4,000 times (7.7 s; issue 14).
        let mut vetoed: BTreeMap<u32, bool> = BTreeMap::new();
        let mut kept = first;
        for i in first..out.len() {
            let m = out[i];
            let e = &self.entries[m.entry as usize];
            let veto = !e.unless.is_empty()
                && *vetoed
                    .entry(m.entry)
                    .or_insert_with(|| e.unless.iter().any(|u| contains_word(text, u)));
            if !veto {
                out[kept] = m;
                kept += 1;
            }
        }
        out.truncate(kept);
        // Regex and literal matches of the same entry can cover the same words.
        out.dedup_by(|b, a| a.entry == b.entry && b.start < a.end);
    }

    /// True when entry `index` alone matches `text` (text is normalised here).
    pub fn entry_matches(&self, index: u32, text: &str) -> bool {
        let e = &self.entries[index as usize];
        let t = normalize(text).text;
        if e.unless.iter().any(|u| contains_word(&t, u)) {
            return false;
        }
        e.phrases
            .iter()
            .any(|p| contains_word(&t, &normalize(p).text))
            || e.regexes.iter().any(|r| r.is_match(&t))
    }

    /// Runs every entry's `examples` (must match) and `not` examples (must not), and checks
    /// that no literal phrase appears in two entries of one language. Returns every failure.
    pub fn check(&self) -> Vec<CheckFailure> {
        let mut failures = Vec::new();
        let mut seen: BTreeMap<(&str, String), &str> = BTreeMap::new();
        for (i, e) in self.entries.iter().enumerate() {
            let fail = |message: String| CheckFailure {
                file: e.file.clone(),
                entry: e.id.clone(),
                message,
            };
            if e.examples.is_empty() {
                failures.push(fail("has no examples".into()));
            }
            for ex in &e.examples {
                if !self.entry_matches(i as u32, ex) {
                    failures.push(fail(format!("example does not match: {ex:?}")));
                }
            }
            for ex in &e.not {
                if self.entry_matches(i as u32, ex) {
                    failures.push(fail(format!("`not` example matches: {ex:?}")));
                }
            }
            for p in &e.phrases {
                let n = normalize(p).text;
                if let Some(other) = seen.insert((&e.language, n.clone()), &e.id) {
                    failures.push(fail(format!(
                        "phrase {p:?} (normalised {n:?}) is also in {other}"
                    )));
                }
            }
        }
        failures
    }
}

/// True when `needle` occurs in `text` on word boundaries. A plain byte search: needles
/// and texts are short, so setting up a substring searcher costs more than it saves. A
/// match of a whole UTF-8 needle always starts and ends on character boundaries.
fn contains_word(text: &str, needle: &str) -> bool {
    let (t, n) = (text.as_bytes(), needle.as_bytes());
    let Some((&first, _)) = n.split_first() else {
        return false;
    };
    if n.len() > t.len() {
        return false;
    }
    let last_start = t.len() - n.len();
    let mut from = 0;
    while let Some(p) = t[from..=last_start].iter().position(|&b| b == first) {
        let start = from + p;
        if &t[start..start + n.len()] == n && at_word_boundaries(text, start, start + n.len()) {
            return true;
        }
        from = start + 1;
        if from > last_start {
            break;
        }
    }
    false
}

fn read_dir_sorted(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) -> Result<(), Error> {
    let io = |e: std::io::Error| Error::Io {
        path: dir.display().to_string(),
        source: e,
    };
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .map_err(io)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            read_dir_sorted(root, &p, out)?;
        } else if p.extension().is_some_and(|x| x == "toml") || p.ends_with("VERSION") {
            let contents = std::fs::read_to_string(&p).map_err(|e| Error::Io {
                path: p.display().to_string(),
                source: e,
            })?;
            let rel = p
                .strip_prefix(root)
                .unwrap_or(&p)
                .to_string_lossy()
                .replace('\\', "/");
            out.push((rel, contents));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const _: () = {
        const fn send_sync<T: Send + Sync>() {}
        send_sync::<Lexicon>();
    };

    fn tiny(extra: &str) -> Result<Lexicon, Error> {
        Lexicon::build("test", &[("en/img.toml".into(), tiny_file(extra))])
    }

    fn tiny_file(extra: &str) -> String {
        format!(
            r#"
category = "image_request"
[[entry]]
id = "img.send"
phrases = ["send me a pic", "send pic"]
unless = ["timetable"]
examples = ["s3nd me a p1c pleeease", "SEND PICS"]
not = ["send me a pic of the timetable", "resend pictures"]
{extra}
"#
        )
    }

    #[test]
    fn the_deleted_message_entry_is_the_engines_own() {
        let lex = Lexicon::builtin().unwrap();
        let e = lex.entry(lex.deleted_entry());
        assert_eq!(e.id, DELETED_MESSAGE_ID);
        assert_eq!(e.category, Category::Secrecy);
        assert!(e.phrases.is_empty());
        assert!(!lex.entries().iter().any(|e| e.id == DELETED_MESSAGE_ID));
        assert!(lex.check().is_empty());
        let file = "category = \"secrecy\"\n[[entry]]\nid = \"secrecy.deleted_message\"\nphrases = [\"gone\"]\nexamples = [\"gone\"]\n";
        let err = Lexicon::build("x", &[("secrecy.toml".into(), file.into())]).unwrap_err();
        assert!(err.to_string().contains("engine's own"), "{err}");
    }

    fn two_languages() -> Lexicon {
        let en = r#"category = "image_request"
[[entry]]
id = "img.cam"
weight = 1.0
phrases = ["webcam", "send a pic"]
examples = ["got a webcam?"]
"#;
        let de = r#"category = "image_request"
[[entry]]
id = "de.img.cam"
weight = 1.0
phrases = ["webcam", "schick mir ein bild"]
examples = ["hast du eine webcam?"]
not = ["schick mir die hausaufgaben"]
"#;
        Lexicon::build(
            "test",
            &[
                ("en/img.toml".into(), en.into()),
                ("de/img.toml".into(), de.into()),
            ],
        )
        .unwrap()
    }

    /// The ids of the entries `find` reports in `text` for the languages `codes`.
    fn found(lex: &Lexicon, text: &str, codes: &[&str]) -> Vec<String> {
        let langs = crate::detect::language::Languages {
            main: codes[0].to_string(),
            mixed: codes.iter().map(|c| c.to_string()).collect(),
        };
        let mut out = Vec::new();
        lex.find(&normalize(text).text, lex.languages_for(&langs), &mut out);
        out.iter().map(|m| lex.entry(m.entry).id.clone()).collect()
    }

    #[test]
    fn entries_belong_to_their_folders_language() {
        let lex = two_languages();
        assert_eq!(lex.languages(), ["de", "en"]);
        assert!(lex.check().is_empty(), "{:?}", lex.check());
        // English always runs; German only where the conversation is German.
        assert_eq!(
            found(&lex, "Schick mir ein Bild", &["en"]),
            Vec::<String>::new()
        );
        assert_eq!(found(&lex, "Schick mir ein Bild", &["de"]), ["de.img.cam"]);
        // A phrase in both languages is an entry of each, reported for each language run.
        assert_eq!(found(&lex, "webcam?", &["en"]), ["img.cam"]);
        assert_eq!(found(&lex, "webcam?", &["de"]), ["de.img.cam", "img.cam"]);
        // Undetermined: every language.
        assert_eq!(found(&lex, "schick mir ein bild", &["und"]), ["de.img.cam"]);
    }

    #[test]
    fn an_entry_outside_english_carries_its_language_in_its_id() {
        let file = "category = \"secrecy\"\n[[entry]]\nid = \"secrecy.x\"\nweight = 1.0\nphrases = [\"sag es niemandem\"]\nexamples = [\"sag es niemandem\"]\n";
        let err = Lexicon::build("x", &[("de/secrecy.toml".into(), file.into())]).unwrap_err();
        assert!(err.to_string().contains("must start with \"de.\""), "{err}");
        // The same phrase twice in one language is a check failure.
        let twice = "category = \"secrecy\"\n[[entry]]\nid = \"de.a\"\nweight = 1.0\nphrases = [\"sag es niemandem\"]\nexamples = [\"sag es niemandem\"]\n[[entry]]\nid = \"de.b\"\nweight = 1.0\nphrases = [\"Sag es niemandem\"]\nexamples = [\"sag es niemandem\"]\n";
        let lex = Lexicon::build("x", &[("de/secrecy.toml".into(), twice.into())]).unwrap();
        assert!(
            lex.check()
                .iter()
                .any(|f| f.message.contains("is also in de.a"))
        );
    }

    #[test]
    fn shipped_lexicon_passes_its_own_examples() {
        let lex = Lexicon::builtin().expect("shipped lexicon compiles");
        assert!(
            lex.entries().len() >= 100,
            "only {} entries",
            lex.entries().len()
        );
        let failures = lex.check();
        assert!(
            failures.is_empty(),
            "{}",
            failures
                .iter()
                .map(|f| format!("{f}\n"))
                .collect::<String>()
        );
        for c in Category::ALL {
            assert!(
                lex.entries().iter().any(|e| e.category == c),
                "no entries for {}",
                c.name()
            );
        }
    }

    /// The automaton kinds a lexicon can be built with: the DFA it asks for, the library's
    /// own choice (its fallback), and each NFA.
    const KINDS: [Option<AhoCorasickKind>; 4] = [
        Some(AhoCorasickKind::DFA),
        None,
        Some(AhoCorasickKind::NoncontiguousNFA),
        Some(AhoCorasickKind::ContiguousNFA),
    ];

    fn builtin_as(kind: Option<AhoCorasickKind>) -> Lexicon {
        let files: Vec<(String, String)> = BUILTIN
            .iter()
            .map(|(p, c)| (p.to_string(), c.to_string()))
            .collect();
        Lexicon::build_as("<builtin>", &files, kind).unwrap()
    }

    #[test]
    fn every_automaton_kind_passes_the_examples_and_finds_the_same() {
        let dfa = builtin_as(Some(AhoCorasickKind::DFA));
        let texts: Vec<String> = dfa
            .entries()
            .iter()
            .flat_map(|e| e.examples.iter().chain(&e.not))
            .map(|t| normalize(t).text)
            .collect();
        let find = |lex: &Lexicon| -> Vec<Vec<RawMatch>> {
            texts
                .iter()
                .map(|t| {
                    let mut out = Vec::new();
                    lex.find(t, LanguageSet::ALL, &mut out);
                    out
                })
                .collect()
        };
        let want = find(&dfa);
        for kind in KINDS {
            let lex = builtin_as(kind);
            assert_eq!(lex.automaton.kind(), kind.unwrap_or(lex.automaton.kind()));
            let failures = lex.check();
            assert!(failures.is_empty(), "{kind:?}: {failures:?}");
            assert!(find(&lex) == want, "{kind:?} finds other matches");
        }
    }

    #[test]
    fn check_passes_and_fails() {
        assert!(tiny("").unwrap().check().is_empty());
        let broken =
            tiny("[[entry]]\nid = \"img.x\"\nphrases = [\"cam\"]\nexamples = [\"camera\"]")
                .unwrap();
        let failures = broken.check();
        assert_eq!(failures.len(), 1, "{failures:?}");
        assert_eq!(failures[0].entry, "img.x");
        assert!(failures[0].message.contains("camera"));
    }

    #[test]
    fn bad_files_name_file_and_entry() {
        let dup = tiny("[[entry]]\nid = \"img.send\"\nphrases = [\"x\"]").unwrap_err();
        assert!(dup.to_string().contains("img.send"), "{dup}");
        let w = tiny("[[entry]]\nid = \"img.w\"\nweight = -1.0\nphrases = [\"x\"]").unwrap_err();
        assert!(
            w.to_string().contains("en/img.toml") && w.to_string().contains("img.w"),
            "{w}"
        );
        let cat = Lexicon::build("t", &[("a.toml".into(), "category = \"nope\"".into())]);
        assert!(cat.unwrap_err().to_string().contains("nope"));
    }

    #[test]
    fn the_regex_screen_changes_nothing() {
        let extra = r#"
[[entry]]
id = "img.cam"
regex = ['\bcam (?:now|tonight)\b', '^\W*(?:cam|vid)\W*$']
unless = ["broken"]
"#;
        let screened = tiny(extra).unwrap();
        let mut unscreened = tiny(extra).unwrap();
        unscreened.regex_screen = None;
        for text in [
            "cam now",
            "cam tonight? send pic",
            "vid!!",
            "the cam now is broken",
            "camera now",
            "send me a pic",
            "nothing here",
            "\u{1F602} cam now \u{1F602}",
        ] {
            let t = normalize(text).text;
            let (mut a, mut b) = (Vec::new(), Vec::new());
            screened.find(&t, LanguageSet::ALL, &mut a);
            unscreened.find(&t, LanguageSet::ALL, &mut b);
            assert_eq!(a, b, "{text:?}");
        }
        let mut all = Vec::new();
        screened.find(
            &normalize("cam now. send pic").text,
            LanguageSet::ALL,
            &mut all,
        );
        assert_eq!(all.len(), 2, "{all:?}");
    }

    #[test]
    fn contains_word_finds_whole_words_only() {
        let table = [
            ("the timetable", "timetable", true),
            ("timetables", "timetable", false),
            ("a timetable b", "timetable", true),
            ("xtimetable timetable", "timetable", true),
            ("timetablex timetabl", "timetable", false),
            ("", "a", false),
            ("a", "", false),
            ("ab", "abc", false),
            ("é a é", "a", true),
            ("éa", "a", false),
            ("aé", "é", false),
            ("a é", "é", true),
            ("😂x", "x", true),
            ("no no", "no", true),
            ("nono no", "no", true),
            ("nonono", "no", false),
        ];
        for (text, needle, want) in table {
            assert_eq!(contains_word(text, needle), want, "{needle:?} in {text:?}");
        }
    }

    #[test]
    fn find_respects_boundaries_and_unless() {
        let table = [
            ("please send me a pic", 1),
            ("send pics now", 1),
            ("resend pic", 0),
            ("send me a pic of the timetable", 0),
            ("send me a picnic basket", 0),
        ];
        for kind in KINDS {
            let file = tiny_file("");
            let lex = Lexicon::build_as("t", &[("en/img.toml".into(), file)], kind).unwrap();
            for (text, want) in table {
                let mut out = Vec::new();
                lex.find(&normalize(text).text, LanguageSet::ALL, &mut out);
                assert_eq!(out.len(), want, "{kind:?}: {text}: {out:?}");
            }
        }
    }
}
