//! The one text normaliser. Lexicon phrases, message text and (later) the search index's
//! tokenizer all go through `normalize`, so a phrase the scanner finds, search finds too.
//!
//! What it does, in order, per character:
//! - drops zero-width and bidi control characters and apostrophes ("don't" -> "dont");
//! - NFKD compatibility decomposition, dropping combining marks, then lower case
//!   ("Ｐｉｃ" -> "pic", "café" -> "cafe", "Mädchen" -> "madchen", "años" -> "anos"); the
//!   letters no decomposition reaches are spelt out ("ß" -> "ss", "œ" -> "oe", "æ" -> "ae");
//! - folds look-alike symbols ("@" -> "a", "$" -> "s") and leetspeak digits that sit inside
//!   a word ("s3nd" -> "send", "p1c" -> "pic", "n00dz" -> "noodz"); digits in a number or at
//!   a word edge stay digits, so ages ("14f", "25m") survive. Narrow extras (`fold_leet`):
//!   one leading digit before a word of three or more ("5end" -> "send", not "5mins");
//!   a two-character word of one letter and one leet digit only when it makes one of
//!   `LEET_PAIRS` ("m3" -> "me", "n0" -> "no"; "y7", "a4", "s5" from "$5" stay); and "!" as
//!   "i" after a one-letter word start and before a letter ("p!c" -> "pic"; "wow!that" and
//!   "hi!" stay);
//! - squeezes a run of three or more of the same letter to one ("pleeease" -> "please");
//! - collapses white space to one space;
//! - canonicalises common chat spellings word by word ("u" -> "you", "ur" -> "your",
//!   "pls" -> "please", "pix" -> "pic", "mom" -> "mum", "u2" -> "you too", "2nite" ->
//!   "tonight"), see `CANON`. Only whole words: a "2" or "4" standing alone is a number
//!   ("u 2", "3 pics", "im 15", "10pm" stay as they are).
//!
//! Every output byte keeps the byte range of the original text it came from
//! (`Normalized::original_range`), so evidence can show the exact original words.
//!
//! `Normalizer` is the fast entry point for a stream of messages: it keeps its buffers, so
//! a message costs no allocation, and it folds all-ASCII text (most chat text) byte by byte
//! without Unicode decomposition. Steps 2 and 3 are written once for both kinds of text;
//! the tests compare every path with the original per-character implementation.

use std::borrow::Cow;
use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// Normalised text with a map back to the original.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Normalized {
    pub text: String,
    /// For each byte of `text`: the byte range `[start, end)` in the original.
    spans: Vec<(u32, u32)>,
}

impl Normalized {
    /// Maps a byte range of the normalised text back to a byte range of the original.
    pub fn original_range(&self, start: usize, end: usize) -> (usize, usize) {
        if self.spans.is_empty() || start >= end || start >= self.spans.len() {
            return (0, 0);
        }
        let end = end.min(self.spans.len());
        (self.spans[start].0 as usize, self.spans[end - 1].1 as usize)
    }

    /// Appends `c`, every byte of which maps to the original range `[s, e)`.
    fn push(&mut self, c: char, s: u32, e: u32) {
        self.text.push(c);
        for _ in 0..c.len_utf8() {
            self.spans.push((s, e));
        }
    }
}

/// Chat spellings folded to one form, applied to whole words after the character folding.
/// Both lexicon phrases and message text go through this table, so a phrase written either
/// way matches text written either way.
const CANON: &[(&str, &str)] = &[
    ("u", "you"),
    ("yu", "you"),
    ("ya", "you"),
    ("yoo", "you"),
    ("ur", "your"),
    ("youre", "your"),
    ("yore", "your"),
    ("r", "are"),
    ("pls", "please"),
    ("plz", "please"),
    ("plez", "please"),
    ("pleas", "please"),
    ("pic", "pic"),
    ("pics", "pic"),
    ("pix", "pic"),
    ("pik", "pic"),
    ("piks", "pic"),
    ("picture", "pic"),
    ("pictures", "pic"),
    ("photo", "pic"),
    ("photos", "pic"),
    ("foto", "pic"),
    ("fotos", "pic"),
    ("wanna", "want to"),
    ("gonna", "going to"),
    ("gotta", "got to"),
    ("cuz", "because"),
    ("coz", "because"),
    ("cos", "because"),
    ("bc", "because"),
    ("b4", "before"),
    ("l8r", "later"),
    ("m8", "mate"),
    ("rn", "right now"),
    ("txt", "text"),
    ("msg", "message"),
    ("msgs", "messages"),
    ("ppl", "people"),
    ("luv", "love"),
    ("kno", "know"),
    ("knw", "know"),
    ("wat", "what"),
    ("wut", "what"),
    ("wot", "what"),
    ("dnt", "dont"),
    ("dont", "dont"),
    ("cant", "cant"),
    ("mom", "mum"),
    ("mam", "mum"),
    ("mommy", "mum"),
    ("mummy", "mum"),
    ("momma", "mum"),
    ("mother", "mum"),
    ("daddy", "dad"),
    ("father", "dad"),
    ("parents", "parents"),
    ("rents", "parents"),
    ("tho", "though"),
    ("thru", "through"),
    ("nd", "and"),
    ("im", "im"),
    // "any1" etc. after leet folding
    ("anyi", "anyone"),
    ("noi", "no one"),
    ("everyi", "everyone"),
    ("evryi", "everyone"),
    ("somei", "someone"),
    ("urs", "yours"),
    ("fone", "phone"),
    ("wen", "when"),
    ("wats", "whats"),
    ("wots", "whats"),
    ("ill", "ill"),
    // digits as sounds, whole words only ("2" and "4" alone stay numbers)
    ("u2", "you too"),
    ("me2", "me too"),
    ("2u", "to you"),
    ("4u", "for you"),
    ("2day", "today"),
    ("2nite", "tonight"),
    ("2night", "tonight"),
    ("2nyt", "tonight"),
    ("2moro", "tomorrow"),
    ("2morow", "tomorrow"),
    ("2morrow", "tomorrow"),
    ("2mrw", "tomorrow"),
];

/// The longest `CANON` word, in bytes: longer words skip the lookup.
const CANON_MAX: usize = 8;

/// Packs a word of at most `CANON_MAX` bytes into one integer, for the lookup table (which
/// compares the word itself too, so "pic\0" is not "pic").
const fn pack(word: &[u8]) -> u64 {
    let mut key = 0u64;
    let mut i = 0;
    while i < word.len() {
        key |= (word[i] as u64) << (8 * i);
        i += 1;
    }
    key
}

const CANON_SLOTS: usize = 256;

const fn slot_of(key: u64) -> usize {
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 56) as usize % CANON_SLOTS
}

/// `CANON` as an open-addressing hash table built at compile time: slot -> (packed word,
/// 1 + index into `CANON`, 0 for an empty slot). A lookup is a multiply and a probe or two.
static CANON_TABLE: [(u64, u8); CANON_SLOTS] = {
    assert!(CANON.len() < CANON_SLOTS / 2 && CANON.len() < 255);
    let mut table = [(0u64, 0u8); CANON_SLOTS];
    let mut i = 0;
    while i < CANON.len() {
        let word = CANON[i].0.as_bytes();
        assert!(!word.is_empty() && word.len() <= CANON_MAX);
        let key = pack(word);
        let mut slot = slot_of(key);
        while table[slot].1 != 0 {
            slot = (slot + 1) % CANON_SLOTS;
        }
        table[slot] = (key, (i + 1) as u8);
        i += 1;
    }
    table
};

/// The canonical form of a chat spelling, if `word` is one (`CANON`).
fn canon(word: &str) -> Option<&'static str> {
    if word.is_empty() || word.len() > CANON_MAX {
        return None;
    }
    let key = pack(word.as_bytes());
    let mut slot = slot_of(key);
    loop {
        let (k, index) = CANON_TABLE[slot];
        if index == 0 {
            return None;
        }
        if k == key {
            let (from, to) = CANON[usize::from(index) - 1];
            return (from == word).then_some(to);
        }
        slot = (slot + 1) % CANON_SLOTS;
    }
}

/// Characters removed outright: zero-width, bidi controls, soft hyphen, BOM, apostrophes.
fn is_dropped(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\'' | '\u{2018}' | '\u{2019}' | '\u{02BC}'
        | '`' | '\u{00B4}')
}

/// Look-alike symbols folded anywhere.
fn fold_symbol(c: char) -> char {
    match c {
        '@' => 'a',
        '$' => 's',
        _ => c,
    }
}

/// Leetspeak digit -> letter, used only for digits inside a word.
fn leet(c: char) -> Option<char> {
    Some(match c {
        '0' => 'o',
        '1' => 'i',
        '3' => 'e',
        '4' => 'a',
        '5' => 's',
        '7' => 't',
        _ => return None,
    })
}

/// The two-letter words a one-letter word and a leet digit may fold to ("m3" -> "me"). Any
/// other pair stays as written: "y7" (school year), "a4", "3d", "s5" (from "$5"), "f1".
const LEET_PAIRS: &[[char; 2]] = &[
    ['b', 'e'],
    ['d', 'o'],
    ['g', 'o'],
    ['h', 'e'],
    ['m', 'e'],
    ['n', 'o'],
    ['s', 'o'],
    ['t', 'o'],
    ['w', 'e'],
];

/// Marks an ASCII byte that `ASCII_FOLD` drops.
const DROP: u8 = 0xFF;

/// Step 1 for one ASCII character, as a table: dropped (`DROP`), or lower-cased with
/// look-alike symbols folded and white space made a space. The same rules as the general
/// path (`fold_char`); a test compares the two for every ASCII character.
static ASCII_FOLD: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = (b as u8).to_ascii_lowercase();
        table[b] = match c {
            b'\'' | b'`' => DROP,
            b'@' => b'a',
            b'$' => b's',
            b' ' | b'\t' | b'\n' | b'\x0C' | b'\r' => b' ',
            _ => c,
        };
        b += 1;
    }
    table
};

/// Step 1 for one character of any text: pushes what it folds to (nothing, one character
/// or several) with its original span.
fn fold_char(c: char, s: u32, e: u32, out: &mut Vec<Wide>) {
    if is_dropped(c) {
        return;
    }
    if c.is_ascii() {
        let c = fold_symbol(c.to_ascii_lowercase());
        let c = if c.is_ascii_whitespace() { ' ' } else { c };
        out.push(Wide {
            c,
            start: s,
            end: e,
        });
        return;
    }
    if c.is_whitespace() {
        out.push(Wide {
            c: ' ',
            start: s,
            end: e,
        });
        return;
    }
    decompose_compatible(c, |d| {
        if is_combining_mark(d) || is_dropped(d) {
            return;
        }
        for l in d.to_lowercase().filter(|l| !is_combining_mark(*l)) {
            if let Some(letters) = fold_letter(l) {
                for c in letters.chars() {
                    out.push(Wide {
                        c,
                        start: s,
                        end: e,
                    });
                }
                continue;
            }
            let l = if l.is_whitespace() {
                ' '
            } else {
                fold_symbol(l)
            };
            out.push(Wide {
                c: l,
                start: s,
                end: e,
            });
        }
    });
}

/// Letters that no decomposition reaches, written as their base letters: the German sharp
/// s, the ligatures and the barred and slashed letters ("straße" -> "strasse", "cœur" ->
/// "coeur", "søster" -> "soster").
fn fold_letter(c: char) -> Option<&'static str> {
    Some(match c {
        'ß' => "ss",
        'œ' => "oe",
        'æ' => "ae",
        'ø' => "o",
        'ł' => "l",
        'đ' => "d",
        'ı' => "i",
        _ => return None,
    })
}

/// One folded character and where it came from. Steps 2 and 3 are written once over this
/// trait: `Wide` for any text, `Byte` for all-ASCII text (smaller, no Unicode tables).
trait Unit: Copy {
    fn char(self) -> char;
    fn start(self) -> u32;
    fn end(self) -> u32;
    /// `char::is_alphabetic`.
    fn is_letter(self) -> bool;
    /// `char::is_alphanumeric`.
    fn is_letter_or_digit(self) -> bool;
    fn is_leet(self) -> bool;
    /// Replaces a leetspeak digit by its letter.
    fn unleet(&mut self);
    /// `'!'`, the one symbol folded to a letter only inside a word ("p!c").
    fn is_bang(self) -> bool;
    /// Replaces the character by `'i'` (for `'!'`).
    fn set_i(&mut self);
    fn same_char(self, other: Self) -> bool;
    fn is_space(self) -> bool;
    /// Appends the character with its own span.
    fn push_to(self, out: &mut Normalized);
}

/// A character of any text with its original byte span.
#[derive(Clone, Copy, Debug)]
struct Wide {
    c: char,
    start: u32,
    end: u32,
}

impl Unit for Wide {
    fn char(self) -> char {
        self.c
    }
    fn start(self) -> u32 {
        self.start
    }
    fn end(self) -> u32 {
        self.end
    }
    fn is_letter(self) -> bool {
        self.c.is_alphabetic()
    }
    fn is_letter_or_digit(self) -> bool {
        self.c.is_alphanumeric()
    }
    fn is_leet(self) -> bool {
        leet(self.c).is_some()
    }
    fn unleet(&mut self) {
        self.c = leet(self.c).unwrap_or(self.c);
    }
    fn is_bang(self) -> bool {
        self.c == '!'
    }
    fn set_i(&mut self) {
        self.c = 'i';
    }
    fn same_char(self, other: Self) -> bool {
        self.c == other.c
    }
    fn is_space(self) -> bool {
        self.c == ' '
    }
    fn push_to(self, out: &mut Normalized) {
        out.push(self.c, self.start, self.end);
    }
}

/// An ASCII character (already folded) and its byte offset in the original.
#[derive(Clone, Copy, Debug)]
struct Byte {
    b: u8,
    at: u32,
}

impl Unit for Byte {
    fn char(self) -> char {
        char::from(self.b)
    }
    fn start(self) -> u32 {
        self.at
    }
    fn end(self) -> u32 {
        self.at + 1
    }
    fn is_letter(self) -> bool {
        self.b.is_ascii_alphabetic()
    }
    fn is_letter_or_digit(self) -> bool {
        self.b.is_ascii_alphanumeric()
    }
    fn is_leet(self) -> bool {
        matches!(self.b, b'0' | b'1' | b'3' | b'4' | b'5' | b'7')
    }
    fn unleet(&mut self) {
        if let Some(c) = leet(char::from(self.b)) {
            self.b = c as u8;
        }
    }
    fn is_bang(self) -> bool {
        self.b == b'!'
    }
    fn set_i(&mut self) {
        self.b = b'i';
    }
    fn same_char(self, other: Self) -> bool {
        self.b == other.b
    }
    fn is_space(self) -> bool {
        self.b == b' '
    }
    fn push_to(self, out: &mut Normalized) {
        out.text.push(char::from(self.b));
        out.spans.push((self.at, self.at + 1));
    }
}

/// Normalises text for matching, reusing its buffers: once they have grown, a message
/// costs no allocation. Text that is all ASCII (most chat text) is folded byte by byte,
/// without Unicode decomposition; the result is always the same as `normalize`'s.
///
/// One per thread: `let mut n = Normalizer::default();` then `n.normalize(text)` per
/// message.
#[derive(Clone, Debug, Default)]
pub struct Normalizer {
    out: Normalized,
    wide: Vec<Wide>,
    bytes: Vec<Byte>,
}

impl Normalizer {
    /// Normalises `original`; the result lives until the next call.
    pub fn normalize(&mut self, original: &str) -> &Normalized {
        if original.is_ascii() {
            self.start(original);
            let (units, out) = (&mut self.bytes, &mut self.out);
            units.clear();
            units.reserve(original.len());
            for (i, &b) in original.as_bytes().iter().enumerate() {
                let b = ASCII_FOLD[usize::from(b)];
                if b != DROP {
                    units.push(Byte { b, at: i as u32 });
                }
            }
            fold_leet(units);
            squeeze(units, out);
        } else {
            self.general(original);
        }
        &self.out
    }

    /// Empties the output for `original`, keeping its capacity.
    fn start(&mut self, original: &str) -> &mut Normalized {
        let out = &mut self.out;
        out.text.clear();
        out.spans.clear();
        out.text.reserve(original.len());
        out.spans.reserve(original.len());
        out
    }

    /// The path for any text (`normalize` takes it for text that is not all ASCII).
    fn general(&mut self, original: &str) -> &Normalized {
        self.start(original);
        let units = &mut self.wide;
        units.clear();
        units.reserve(original.len());
        for (i, c) in original.char_indices() {
            fold_char(c, i as u32, (i + c.len_utf8()) as u32, units);
        }
        fold_leet(units);
        squeeze(units, &mut self.out);
        &self.out
    }

    /// `normalize`, handing over the result (the buffers for the next call start empty).
    pub fn take(&mut self, original: &str) -> Normalized {
        self.normalize(original);
        std::mem::take(&mut self.out)
    }
}

/// Normalises text for matching. See the module docs for the steps. To normalise many
/// texts, reuse a `Normalizer`.
pub fn normalize(original: &str) -> Normalized {
    Normalizer::default().take(original)
}

/// Step 2: leetspeak digits inside words, e.g. "s3nd", "n00dz", "ph0t0", "m3", and "!" in
/// "p!c". Left to right, in place: a group folded earlier counts as letters for the groups
/// after it ("4sk5").
fn fold_leet<U: Unit>(chars: &mut [U]) {
    let n = chars.len();
    let mut i = 0;
    while i < n {
        if !chars[i].is_leet() {
            // "p!c": one letter starting a word, "!", a letter
            if chars[i].is_bang()
                && i + 1 < n
                && chars[i + 1].is_letter()
                && one_letter_word_before(chars, i)
            {
                chars[i].set_i();
            }
            i += 1;
            continue;
        }
        let start = i;
        while i < n && chars[i].is_leet() {
            i += 1;
        }
        let left_letter = start > 0 && chars[start - 1].is_letter();
        let right_letter = i < n && chars[i].is_letter();
        let right_end = i >= n || !chars[i].is_letter_or_digit();
        let left_end = start == 0 || !chars[start - 1].is_letter_or_digit();
        // "s3nd", "h0t": letters on both sides; "ph0t0": a word of two or more letters
        // ending in leet digits; "m3", "n0": a one-letter word and one digit that make one
        // of `LEET_PAIRS`; "0lder", "5end": one leading digit before a word of three or
        // more that is not a unit ("5mins", "1st", "4ever", "14f", "2day" stay).
        let fold = (left_letter && right_letter)
            || (left_letter && right_end && letters_before(chars, start) >= 2)
            || (right_end && i - start == 1 && leet_pair(chars, start))
            || (left_end && right_letter && i - start == 1 && leading_word(chars, i));
        if fold {
            for ch in &mut chars[start..i] {
                ch.unleet();
            }
        }
    }
}

/// True when `chars[i - 1]` is a letter that starts a word (nothing alphanumeric before it).
fn one_letter_word_before<U: Unit>(chars: &[U], i: usize) -> bool {
    i >= 1 && chars[i - 1].is_letter() && (i == 1 || !chars[i - 2].is_letter_or_digit())
}

/// True when the leet digit at `at` ends a one-letter word that folds to one of
/// `LEET_PAIRS` ("m3" -> "me"). The caller has checked that the word ends after `at`.
fn leet_pair<U: Unit>(chars: &[U], at: usize) -> bool {
    one_letter_word_before(chars, at)
        && leet(chars[at].char()).is_some_and(|d| LEET_PAIRS.contains(&[chars[at - 1].char(), d]))
}

/// Words that follow a number as a unit or ordinal, so the number stays a number.
const UNITS_AFTER: &[&str] = &[
    "min", "mins", "minute", "minutes", "sec", "secs", "hr", "hrs", "hour", "hours", "day", "days",
    "week", "weeks", "month", "months", "year", "years", "yrs", "ever", "real", "pm", "am", "th",
    "st", "nd", "rd", "km", "kg", "ft", "mph", "lbs", "mb", "gb", "k", "m", "f", "x", "ish",
];

/// True when the letters (and leet digits) from `i` make a word of at least three with two
/// letters, and its letters are not a unit.
fn leading_word<U: Unit>(chars: &[U], i: usize) -> bool {
    let run = chars[i..]
        .iter()
        .take_while(|c| c.is_letter() || c.is_leet());
    let (len, letters) = run.fold((0, 0), |(n, l), c| (n + 1, l + usize::from(c.is_letter())));
    let prefix = chars[i..].iter().take_while(|c| c.is_letter()).count();
    let unit = UNITS_AFTER.iter().any(|u| {
        u.len() == prefix
            && u.bytes()
                .zip(&chars[i..i + prefix])
                .all(|(b, c)| c.char() == char::from(b))
    });
    len >= 3 && letters >= 2 && !unit
}

/// How many letters end at `i` (counting stops at two: callers only ask for two).
fn letters_before<U: Unit>(chars: &[U], i: usize) -> usize {
    chars[..i]
        .iter()
        .rev()
        .take(2)
        .take_while(|c| c.is_letter())
        .count()
}

/// Step 3: squeeze 3+ repeated letters, collapse spaces, canonicalise words, into `out`.
fn squeeze<U: Unit>(chars: &[U], out: &mut Normalized) {
    let n = chars.len();
    // Byte offset in `out.text` where the word being written starts.
    let mut word: Option<usize> = None;
    let mut i = 0;
    while i < n {
        let c = chars[i];
        let mut j = i + 1;
        while j < n && chars[j].same_char(c) {
            j += 1;
        }
        if c.is_space() {
            flush_word(out, &mut word);
            if !out.text.is_empty() {
                out.push(' ', c.start(), chars[j - 1].end());
            }
        } else if c.is_letter_or_digit() {
            word.get_or_insert(out.text.len());
            if j - i >= 3 && c.is_letter() {
                out.push(c.char(), c.start(), chars[j - 1].end());
            } else {
                for &u in &chars[i..j] {
                    u.push_to(out);
                }
            }
        } else {
            flush_word(out, &mut word);
            for &u in &chars[i..j] {
                u.push_to(out);
            }
        }
        i = j;
    }
    flush_word(out, &mut word);
    if out.text.ends_with(' ') {
        out.text.pop();
        out.spans.pop();
    }
}

/// Ends the word that starts at byte `word` of `out.text`: a `CANON` word is replaced by
/// its canonical form, every byte of which maps to the whole original word.
fn flush_word(out: &mut Normalized, word: &mut Option<usize>) {
    let Some(from) = word.take() else {
        return;
    };
    if let Some(to) = canon(&out.text[from..]) {
        let (s, e) = (out.spans[from].0, out.spans[out.spans.len() - 1].1);
        out.text.truncate(from);
        out.spans.truncate(from);
        for c in to.chars() {
            out.push(c, s, e);
        }
    }
}

/// Normalises a lexicon phrase or query: the same function, text only.
pub fn normalize_str(text: &str) -> Cow<'static, str> {
    Cow::Owned(normalize(text).text)
}

/// Compiles a regex that runs over normalised text. Word boundaries (`\b`) are ASCII
/// boundaries: Unicode-aware `\b` makes the regex engine leave its fast DFA on any
/// non-ASCII text, and normalised text is nearly all ASCII.
pub fn text_regex(pattern: &str) -> Result<regex::Regex, regex::Error> {
    regex::Regex::new(&pattern.replace(r"\b", r"(?-u:\b)"))
}

/// True when `text[start..end]` is not glued to a letter or digit on either side.
pub fn at_word_boundaries(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The implementation before `Normalizer` (one allocation per character step), kept
    /// verbatim to check every path of the new one against.
    mod reference {
        use super::super::{CANON, Normalized, fold_letter};
        use unicode_normalization::char::{decompose_compatible, is_combining_mark};

        fn canon(word: &str) -> Option<&'static str> {
            static MAP: std::sync::LazyLock<std::collections::HashMap<&'static str, &'static str>> =
                std::sync::LazyLock::new(|| CANON.iter().copied().collect());
            if word.len() > 12 {
                return None;
            }
            MAP.get(word).copied()
        }

        /// Characters removed outright: zero-width, bidi controls, soft hyphen, BOM, apostrophes.
        fn is_dropped(c: char) -> bool {
            matches!(c,
                '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\'' | '\u{2018}' | '\u{2019}' | '\u{02BC}'
                | '`' | '\u{00B4}')
        }

        /// Look-alike symbols folded anywhere.
        fn fold_symbol(c: char) -> char {
            match c {
                '@' => 'a',
                '$' => 's',
                _ => c,
            }
        }

        /// Leetspeak digit -> letter, used only for digits inside a word.
        fn leet(c: char) -> Option<char> {
            Some(match c {
                '0' => 'o',
                '1' => 'i',
                '3' => 'e',
                '4' => 'a',
                '5' => 's',
                '7' => 't',
                _ => return None,
            })
        }

        const LEET_PAIRS: &[&str] = &["be", "do", "go", "he", "me", "no", "so", "to", "we"];

        /// The original per-character implementation, kept to check the fast paths against.
        pub fn reference(original: &str) -> Normalized {
            // Stage 1: per-character folding into (char, original span) pairs.
            let mut chars: Vec<(char, u32, u32)> = Vec::with_capacity(original.len());
            for (i, c) in original.char_indices() {
                let (s, e) = (i as u32, (i + c.len_utf8()) as u32);
                if is_dropped(c) {
                    continue;
                }
                if c.is_ascii() {
                    let c = fold_symbol(c.to_ascii_lowercase());
                    chars.push((if c.is_ascii_whitespace() { ' ' } else { c }, s, e));
                    continue;
                }
                if c.is_whitespace() {
                    chars.push((' ', s, e));
                    continue;
                }
                decompose_compatible(c, |d| {
                    if is_combining_mark(d) || is_dropped(d) {
                        return;
                    }
                    for l in d.to_lowercase().filter(|l| !is_combining_mark(*l)) {
                        if let Some(letters) = fold_letter(l) {
                            chars.extend(letters.chars().map(|c| (c, s, e)));
                            continue;
                        }
                        let l = if l.is_whitespace() {
                            ' '
                        } else {
                            fold_symbol(l)
                        };
                        chars.push((l, s, e));
                    }
                });
            }
            // Stage 2: leetspeak digits inside words, e.g. "s3nd", "n00dz", "ph0t0".
            let n = chars.len();
            let mut i = 0;
            while i < n {
                if leet(chars[i].0).is_none() {
                    // "p!c": "!" after a one-letter word start and before a letter
                    let one_letter = i >= 1
                        && chars[i - 1].0.is_alphabetic()
                        && (i == 1 || !chars[i - 2].0.is_alphanumeric());
                    if chars[i].0 == '!'
                        && one_letter
                        && chars.get(i + 1).is_some_and(|c| c.0.is_alphabetic())
                    {
                        chars[i].0 = 'i';
                    }
                    i += 1;
                    continue;
                }
                let start = i;
                while i < n && leet(chars[i].0).is_some() {
                    i += 1;
                }
                let left_letter = start > 0 && chars[start - 1].0.is_alphabetic();
                let right_letter = i < n && chars[i].0.is_alphabetic();
                let right_end = i >= n || !chars[i].0.is_alphanumeric();
                let left_end = start == 0 || !chars[start - 1].0.is_alphanumeric();
                // "s3nd", "h0t": letters on both sides; "ph0t0": a word of two or more letters
                // ending in leet digits; "0lder", "5tat10n": one leading digit before a word of
                // three or more that is not a unit ("5mins", "1st", "4ever", "14f", "2day" stay).
                // "m3" -> "me": a one-letter word and one digit making a listed pair
                let pair = i - start == 1
                    && left_letter
                    && (start == 1 || !chars[start - 2].0.is_alphanumeric())
                    && LEET_PAIRS.contains(
                        &[chars[start - 1].0, leet(chars[start].0).unwrap()]
                            .iter()
                            .collect::<String>()
                            .as_str(),
                    );
                let fold = (left_letter && right_letter)
                    || (left_letter && right_end && letters_before(&chars, start) >= 2)
                    || (right_end && pair)
                    || (left_end && right_letter && i - start == 1 && leading_word(&chars, i));
                if fold {
                    for ch in &mut chars[start..i] {
                        ch.0 = leet(ch.0).unwrap_or(ch.0);
                    }
                }
            }
            // Stage 3: squeeze 3+ repeated letters, collapse spaces, canonicalise words.
            let mut out = Normalized {
                text: String::with_capacity(original.len()),
                spans: Vec::with_capacity(original.len()),
            };
            let mut word: Vec<(char, u32, u32)> = Vec::new();
            let mut i = 0;
            while i < n {
                let (c, s, _) = chars[i];
                let mut j = i + 1;
                while j < n && chars[j].0 == c {
                    j += 1;
                }
                let run = j - i;
                if c == ' ' {
                    flush_word(&mut out, &mut word);
                    if !out.text.is_empty() {
                        push(&mut out, ' ', s, chars[j - 1].2);
                    }
                } else if c.is_alphanumeric() {
                    if run >= 3 && c.is_alphabetic() {
                        word.push((c, s, chars[j - 1].2));
                    } else {
                        word.extend_from_slice(&chars[i..j]);
                    }
                } else {
                    flush_word(&mut out, &mut word);
                    for &(c, s, e) in &chars[i..j] {
                        push(&mut out, c, s, e);
                    }
                }
                i = j;
            }
            flush_word(&mut out, &mut word);
            if out.text.ends_with(' ') {
                out.text.pop();
                out.spans.pop();
            }
            out
        }

        /// Words that follow a number as a unit or ordinal, so the number stays a number.
        const UNITS_AFTER: &[&str] = &[
            "min", "mins", "minute", "minutes", "sec", "secs", "hr", "hrs", "hour", "hours", "day",
            "days", "week", "weeks", "month", "months", "year", "years", "yrs", "ever", "real",
            "pm", "am", "th", "st", "nd", "rd", "km", "kg", "ft", "mph", "lbs", "mb", "gb", "k",
            "m", "f", "x", "ish",
        ];

        /// True when the letters (and leet digits) from `i` make a word of at least three with two
        /// letters, and its letters are not a unit.
        fn leading_word(chars: &[(char, u32, u32)], i: usize) -> bool {
            let run: Vec<char> = chars[i..]
                .iter()
                .map(|c| c.0)
                .take_while(|c| c.is_alphabetic() || leet(*c).is_some())
                .collect();
            let letters: String = run.iter().take_while(|c| c.is_alphabetic()).collect();
            run.len() >= 3
                && run.iter().filter(|c| c.is_alphabetic()).count() >= 2
                && !UNITS_AFTER.contains(&letters.as_str())
        }

        fn letters_before(chars: &[(char, u32, u32)], i: usize) -> usize {
            chars[..i]
                .iter()
                .rev()
                .take_while(|c| c.0.is_alphabetic())
                .count()
        }

        fn push(out: &mut Normalized, c: char, s: u32, e: u32) {
            let len = c.len_utf8();
            out.text.push(c);
            for _ in 0..len {
                out.spans.push((s, e));
            }
        }

        fn flush_word(out: &mut Normalized, word: &mut Vec<(char, u32, u32)>) {
            if word.is_empty() {
                return;
            }
            let text: String = word.iter().map(|w| w.0).collect();
            if let Some(to) = canon(&text) {
                let (s, e) = (word[0].1, word[word.len() - 1].2);
                for c in to.chars() {
                    push(out, c, s, e);
                }
            } else {
                for &(c, s, e) in word.iter() {
                    push(out, c, s, e);
                }
            }
            word.clear();
        }
    }

    #[test]
    fn folds_as_documented() {
        let table = [
            ("Send me a PIC", "send me a pic"),
            ("s3nd me a p1c", "send me a pic"),
            ("ph0t0", "pic"),
            ("pleeease", "please"),
            ("heyyyy   there", "hey there"),
            ("don't tell ur mom", "dont tell your mum"),
            ("don\u{2019}t", "dont"),
            ("r u alone?", "are you alone?"),
            ("im 14", "im 14"),
            ("14f uk", "14f uk"),
            ("25m", "25m"),
            ("at 19:30", "at 19:30"),
            ("Ｓｅｎｄ", "send"),
            ("caf\u{e9}", "cafe"),
            ("Stra\u{df}e gro\u{df}", "strasse gross"),
            ("C\u{153}ur \u{c6}gir s\u{f8}ster", "coeur aegir soster"),
            ("M\u{e4}dchen sch\u{f6}n t\u{fc}r", "madchen schon tur"),
            ("\u{bf}Est\u{e1}s sola? a\u{f1}os", "\u{bf}estas sola? anos"),
            ("j'ai 14 ans, t'es o\u{f9} ?", "jai 14 ans, tes ou ?"),
            ("se\u{200B}nd", "send"),
            ("\u{202E}pic", "pic"),
            ("h0t", "hot"),
            ("n00dz", "noodz"),
            ("$ecret", "secret"),
            ("wanna meet", "want to meet"),
            ("good meet", "good meet"),
            ("", ""),
            ("  ", ""),
            ("a\n\tb", "a b"),
            ("4ever", "4ever"),
            ("0lder", "older"),
            ("5tat10n", "station"),
            ("5mins", "5mins"),
            ("1st", "1st"),
            ("3rd", "3rd"),
            ("10pm", "10pm"),
            ("4sk5", "asks"),
            ("l8r m8", "later mate"),
            ("£20", "£20"),
            ("dont tell any1", "dont tell anyone"),
            ("no1 will know", "no one will know"),
            ("2000", "2000"),
            // a one-letter word and a leet digit, a leading digit, "!" inside a word
            ("s3nd m3 a p1c", "send me a pic"),
            ("S3ND M3 A P!C", "send me a pic"),
            ("5end me a p!c", "send me a pic"),
            ("p!cs", "pic"),
            ("p!x", "pic"),
            ("k!ss", "kiss"),
            ("m3", "me"),
            ("b3 quiet", "be quiet"),
            ("w3 can", "we can"),
            ("h3 said", "he said"),
            ("n0 one", "no one"),
            ("s0 what", "so what"),
            ("g0 on", "go on"),
            ("t0 meet", "to meet"),
            ("d0nt", "dont"),
            ("d0 it", "do it"),
            ("m3, ok", "me, ok"),
            // digits as sounds, whole words only
            ("u2", "you too"),
            ("love u2", "love you too"),
            ("me2", "me too"),
            ("this is 4u", "this is for you"),
            ("talk 2u later", "talk to you later"),
            ("2day", "today"),
            ("2nite", "tonight"),
            ("2night", "tonight"),
            ("2moro", "tomorrow"),
            ("2morrow", "tomorrow"),
        ];
        for (input, want) in table {
            assert_eq!(normalize(input).text, want, "input {input:?}");
        }
    }

    /// Numbers, ages, times, counts, money and codes the leet rules must leave alone.
    #[test]
    fn numbers_stay_numbers() {
        let unchanged = [
            "14f",
            "25m",
            "m25",
            "f14",
            "im 15",
            "im 14 too",
            "4",
            "10pm",
            "10 pm",
            "3pm",
            "5am",
            "3 pic",
            "2 pic",
            "send 4",
            "2days",
            "2 days",
            "5mins",
            "4ever",
            "1st",
            "3d",
            "4k",
            "y7",
            "year 7",
            "a4",
            "a5",
            "m4",
            "f1",
            "s3",
            "3m3",
            "m33",
            "07700 900123",
            "0770090012",
            "+44 7700",
            "12:30",
            "19:30",
            "at 7",
            "1 2 3",
            "hi!",
            "wow!that",
            "hey!how",
            "what?!",
            "!!",
            "a!",
            "5!c",
        ];
        for input in unchanged {
            assert_eq!(normalize(input).text, input, "input {input:?}");
        }
        // "u" is a word, "2" and "4" alone stay numbers; "$5" stays money
        let table = [
            ("u 2", "you 2"),
            ("u 4", "you 4"),
            ("r u 14", "are you 14"),
            ("u are 14", "you are 14"),
            // existing rules, unchanged: two letters and a digit end a word ("ph0t0")
            ("mm3", "mme"),
            ("send me $5", "send me s5"),
            ("send me $50", "send me s50"),
            ("$0", "so"),
        ];
        for (input, want) in table {
            assert_eq!(normalize(input).text, want, "input {input:?}");
        }
    }

    /// Inputs where the paths could differ: leet digits at every position, units after
    /// numbers, repeated letters and spaces, canon words, dropped and zero-width characters,
    /// mixed scripts, characters that decompose or lower-case to several.
    const TRICKY: &[&str] = &[
        "",
        " ",
        "\0",
        "a\x0Bb",
        "\t\r\n\x0C x \t",
        "s3nd me a p1c pleeease",
        "ph0t0 n00dz h0t 4sk5 4sk 5tat10n 0lder 4ever 5mins 1st 3rd 10pm 14f 25m 2000",
        "1a 1ab 1abc 3min 3mins 5x 7k 0f 4ish 4real 7am a1 ab1 ab13 abc0 0 00 000",
        "aaa AAA aAa 111 1111 ...  !!! ?? ,,, ---",
        "u ur U UR pls pics pix pix2 any1 no1 every1 l8r m8 b4 u2 rn",
        "pictures PICTURES picturess picturesque",
        "don't don\u{2019}t don`t don\u{00B4}t ' '' `",
        "@ $ @$ $ecret p@ss c@@@t",
        "se\u{200B}nd \u{202E}pic \u{FEFF}bom \u{00AD}soft \u{2066}x\u{2069}",
        "Ｓｅｎｄ ｐｉｃ ＰＩＣＳ １４ｆ",
        "caf\u{e9} cafe\u{301} \u{0301}\u{0301}x na\u{ef}ve",
        "Stra\u{df}e \u{1e9e}\u{153}\u{c6} s\u{f8}ster \u{142}\u{111}",
        "\u{FB01}ne \u{FB01}\u{FB01}\u{FB01} ǅ ß İ ẞ Σ ΣΑΣ",
        "é😀 s3nd ｐｉｃ",
        "😂😂😂 lol 👍",
        "£20 €5 ¥ 14\u{00A0}f 25\u{202F}m",
        "im\u{2002}14 ur\u{3000}15",
        "привет u 3 раз",
        "s\u{0435}nd",
        "٣ ३ 3\u{0663}",
        "x\u{2460}y \u{00B2}\u{00B3} 1\u{00BD}",
        "abc\u{2018}s \u{02BC}em",
        "mummyyy momma\u{301} MOTHER",
        "  leading and trailing  ",
        "a\u{200B}\u{200B}\u{200B}a",
        "3\u{200B}3\u{200B}3",
        "s3nd m3 a p!c m3 M3 b3 w3 h3 n0 s0 g0 t0 d0 y7 a4 s5 3m3 m33 m3m3 m3, é3 ß0",
        "p!c p!!c !c a! 5!c p!3 p!é é!c k!ss hey!how !a a!b!c",
        "u2 me2 2u 4u 2day 2nite 2night 2nyt 2moro 2morow 2morrow 2mrw u 2 2days U2 ME2",
        "5end 5 end m\u{200B}3 p\u{200B}!c",
    ];

    fn assert_same(input: &str, got: &Normalized, path: &str) {
        let want = reference::reference(input);
        assert_eq!(got.text, want.text, "{path}: text of {input:?}");
        assert_eq!(got.spans, want.spans, "{path}: spans of {input:?}");
    }

    #[test]
    fn every_path_matches_the_reference() {
        let mut reused = Normalizer::default();
        let mut general = Normalizer::default();
        for input in TRICKY {
            assert_same(input, &normalize(input), "normalize");
            assert_same(input, reused.normalize(input), "reused Normalizer");
            assert_same(input, general.general(input), "general path");
        }
    }

    /// Generated text from pieces chosen to meet at every kind of edge.
    #[test]
    fn every_path_matches_the_reference_on_generated_text() {
        const PIECES: &[&str] = &[
            "a", "B", "s", "e", "z", "0", "1", "3", "4", "5", "7", "2", "9", " ", "  ", "\t", "\n",
            "'", "`", "@", "$", ".", "!", "/", "-", "u", "ur", "pls", "pic", "pix", "any", "no",
            "min", "st", "f", "m", "yrs", "eee", "ooo", "\u{200B}", "\u{2019}", "é", "e\u{301}",
            "ｐ", "😂", "ß", "İ", "\u{FB01}", "\u{0301}", "\0", "\x0B", "\u{A0}", "£", "Σ", "п",
            "\u{0663}", "\u{2460}", "\u{3000}", "t", "w", "2u", "u2", "2day",
        ];
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let mut reused = Normalizer::default();
        let mut general = Normalizer::default();
        let mut ascii_only = Normalizer::default();
        for round in 0..20_000 {
            let len = 1 + next(14);
            let mut text = String::new();
            for _ in 0..len {
                let piece = PIECES[next(PIECES.len())];
                // every other round ASCII only, to run the byte path on many shapes
                if round % 2 == 0 && !piece.is_ascii() {
                    continue;
                }
                text.push_str(piece);
            }
            assert_same(&text, reused.normalize(&text), "reused Normalizer");
            assert_same(&text, general.general(&text), "general path");
            if text.is_ascii() {
                assert_same(&text, ascii_only.normalize(&text), "ASCII path");
            }
        }
    }

    #[test]
    fn ascii_table_folds_like_the_general_path() {
        for b in 0u8..128 {
            let mut general = Vec::new();
            fold_char(char::from(b), 0, 1, &mut general);
            let table = ASCII_FOLD[usize::from(b)];
            match general.as_slice() {
                [] => assert_eq!(table, DROP, "byte {b:#x}"),
                [w] => assert_eq!(char::from(table), w.c, "byte {b:#x}"),
                more => panic!("byte {b:#x} folds to {more:?}"),
            }
        }
    }

    #[test]
    fn canon_lookup_finds_every_word_and_nothing_else() {
        let mut keys: Vec<&str> = CANON.iter().map(|c| c.0).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), CANON.len(), "a CANON word is listed twice");
        for &(from, to) in CANON {
            assert!(!from.is_empty() && from.len() <= CANON_MAX, "{from}");
            assert_eq!(canon(from), Some(to), "{from}");
        }
        for word in ["", "you", "uu", "picturesx", "p", "ure", "\u{e9}", "pics\0"] {
            assert_eq!(canon(word), None, "{word:?}");
        }
    }

    #[test]
    fn offsets_map_back_to_original_words() {
        let original = "ok s3nd   me a p1c!!";
        let n = normalize(original);
        let at = n.text.find("send me a pic").unwrap();
        let (s, e) = n.original_range(at, at + "send me a pic".len());
        assert_eq!(&original[s..e], "s3nd   me a p1c");
        // canonicalised words map to the whole original word
        let original = "dnt tell ur mum";
        let n = normalize(original);
        let at = n.text.find("your").unwrap();
        let (s, e) = n.original_range(at, at + 4);
        assert_eq!(&original[s..e], "ur");
    }

    #[test]
    fn offsets_are_char_boundaries_for_any_text() {
        for original in ["é😀 s3nd ｐｉｃ \u{FB01}ne", "ǅ ß İ", "\u{0301}\u{0301}x"] {
            let n = normalize(original);
            let (s, e) = n.original_range(0, n.text.len());
            assert!(original.is_char_boundary(s) && original.is_char_boundary(e));
        }
    }

    #[test]
    fn idempotent() {
        for t in ["s3nd me a p1c pleeease", "Don't tell UR mom", "im 14f"] {
            let once = normalize(t).text;
            assert_eq!(normalize(&once).text, once, "{t}");
        }
    }

    #[test]
    fn word_boundaries() {
        let t = "send pics, please";
        assert!(at_word_boundaries(t, 0, 4));
        assert!(!at_word_boundaries(t, 5, 8));
        assert!(at_word_boundaries(t, 5, 9));
    }
}
