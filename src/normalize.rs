//! The one text normaliser. Lexicon phrases, message text and (later) the search index's
//! tokenizer all go through `normalize`, so a phrase the scanner finds, search finds too.
//!
//! What it does, in order, per character:
//! - drops zero-width and bidi control characters and apostrophes ("don't" -> "dont");
//! - NFKD compatibility decomposition, dropping combining marks, then lower case
//!   ("Ｐｉｃ" -> "pic", "café" -> "cafe");
//! - folds look-alike symbols ("@" -> "a", "$" -> "s") and leetspeak digits that sit inside
//!   a word ("s3nd" -> "send", "p1c" -> "pic", "n00dz" -> "noodz"); digits in a number or at
//!   a word edge stay digits, so ages ("14f", "25m") survive;
//! - squeezes a run of three or more of the same letter to one ("pleeease" -> "please");
//! - collapses white space to one space;
//! - canonicalises common chat spellings word by word ("u" -> "you", "ur" -> "your",
//!   "pls" -> "please", "pix" -> "pic", "mom" -> "mum"), see `CANON`.
//!
//! Every output byte keeps the byte range of the original text it came from
//! (`Normalized::original_range`), so evidence can show the exact original words.

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
];

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

/// Normalises text for matching. See the module docs for the steps.
pub fn normalize(original: &str) -> Normalized {
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
        let fold = (left_letter && right_letter)
            || (left_letter && right_end && letters_before(&chars, start) >= 2)
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
    "min", "mins", "minute", "minutes", "sec", "secs", "hr", "hrs", "hour", "hours", "day", "days",
    "week", "weeks", "month", "months", "year", "years", "yrs", "ever", "real", "pm", "am", "th",
    "st", "nd", "rd", "km", "kg", "ft", "mph", "lbs", "mb", "gb", "k", "m", "f", "x", "ish",
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
        ];
        for (input, want) in table {
            assert_eq!(normalize(input).text, want, "input {input:?}");
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
