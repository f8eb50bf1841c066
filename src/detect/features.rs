//! The text features of trained models, and the windows they are computed over.
//!
//! Owns the one definition of both, used alike by `train` and by scoring:
//!
//! - **Tokens.** Each message is folded by `normalize` (the scanner's own folding, so
//!   "s3nd me a p1c" and "send me a pic" are the same text) and cut into words (runs of
//!   letters and digits). Features are word 1- and 2-grams (`w:`), and character n-grams
//!   inside word boundaries (`c:`, 2 to 5 characters of each word padded with one space on
//!   each side, as scikit-learn's `char_wb`); an n-gram never spans two messages.
//! - **Buckets.** Each n-gram is hashed with 64-bit FNV-1a over its kind tag and UTF-8
//!   bytes and falls into one of `2^bits` buckets (the hash's low bits). The hash is fixed
//!   and portable; buckets cannot be turned back into words, so explanations re-read the
//!   messages and name the n-grams in them that fall into a bucket (`TextSpec::grams_in`).
//! - **Values.** Over one window: sublinear term frequency `1 + ln(count)` times the
//!   bucket's inverse document frequency (learnt at training time and stored in the model:
//!   `ln((1 + windows) / (1 + windows containing it)) + 1`), divided by the vector's L2
//!   norm, so neither long windows nor common words win by volume.
//! - **Windows.** A conversation is read in overlapping windows of whole messages
//!   (`WindowSpec`): a window starts at a message and takes messages until it holds at
//!   least `words` words (or the conversation ends); the next window starts at the first
//!   message after the first `words / 2` words of this one (at least one message later).
//!   A conversation shorter than one window is one window. Long messages are never cut.
//!
//! It does not know about labels, weights or the lexicon.

use crate::detect::normalize::Normalizer;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::ops::Range;

/// What the text features are: stored in every model file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TextSpec {
    /// `fnv1a-64`.
    pub hash: String,
    /// Buckets = 2^bits.
    pub bits: u32,
    /// Word n-gram sizes, inclusive.
    pub word: [usize; 2],
    /// Character n-gram sizes inside word boundaries (padded words), inclusive.
    pub char_wb: [usize; 2],
}

impl Default for TextSpec {
    fn default() -> Self {
        TextSpec {
            hash: "fnv1a-64".into(),
            bits: 18,
            word: [1, 2],
            char_wb: [2, 5],
        }
    }
}

/// The window rule: stored in every model file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WindowSpec {
    /// A window holds at least this many words (unless the conversation ends first).
    pub words: usize,
}

impl Default for WindowSpec {
    fn default() -> Self {
        WindowSpec { words: 200 }
    }
}

/// Words in a message, as the window rule counts them (whitespace-separated runs).
pub fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

impl WindowSpec {
    /// The windows over messages with these word counts, as index ranges, in order. Empty
    /// for no messages.
    pub fn windows(&self, words: &[usize]) -> Vec<Range<usize>> {
        let n = words.len();
        let mut out = Vec::new();
        let half = self.words.div_ceil(2).max(1);
        let mut start = 0;
        while start < n {
            let mut end = start;
            let mut acc = 0;
            // the next start: after the first `half` words (at least one message on)
            let mut next = None;
            while end < n && acc < self.words.max(1) {
                acc += words[end];
                end += 1;
                if next.is_none() && acc >= half {
                    next = Some(end);
                }
            }
            out.push(start..end);
            if end >= n {
                break;
            }
            start = next.unwrap_or(end).max(start + 1);
        }
        out
    }
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

fn fnv(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(FNV_PRIME);
    }
    h
}

/// An n-gram of one message: its kind (`w` or `c`) and text.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Gram {
    pub kind: char,
    pub text: String,
}

thread_local! {
    static NORMALIZER: RefCell<Normalizer> = RefCell::new(Normalizer::default());
    /// `merge_counts`' tally by bucket, all zero between calls.
    static TALLY: RefCell<Vec<u32>> = const { RefCell::new(Vec::new()) };
}

impl TextSpec {
    /// Checks that the spec is one this version computes.
    pub fn check(&self) -> Result<(), String> {
        if self.hash != "fnv1a-64" {
            return Err(format!("unknown n-gram hash {:?}", self.hash));
        }
        if !(1..=24).contains(&self.bits) {
            return Err(format!("n-gram bits {} not in 1..=24", self.bits));
        }
        for (what, [lo, hi]) in [("word", self.word), ("char_wb", self.char_wb)] {
            if lo > hi || hi > 8 {
                return Err(format!("{what} n-gram sizes {lo}..={hi} are not usable"));
            }
        }
        Ok(())
    }

    pub fn buckets(&self) -> usize {
        1 << self.bits
    }

    fn bucket(&self, h: u64) -> u32 {
        (h & ((1u64 << self.bits) - 1)) as u32
    }

    /// Appends the bucket of every n-gram occurrence of one message to `out`, in a fixed
    /// order.
    pub fn buckets_of(&self, text: &str, out: &mut Vec<u32>) {
        self.walk(text, |h, _, _| out.push(self.bucket(h)));
    }

    /// The n-grams of one message that fall into one of `buckets`, as `(bucket, gram)`,
    /// in the order they occur (each distinct pair once).
    pub fn grams_in(&self, text: &str, buckets: &[u32]) -> Vec<(u32, Gram)> {
        let mut out = Vec::new();
        self.walk(text, |h, kind, gram| {
            let b = self.bucket(h);
            if buckets.contains(&b) {
                let g = (b, Gram { kind, text: gram() });
                if !out.contains(&g) {
                    out.push(g);
                }
            }
        });
        out
    }

    /// Walks every n-gram: `f(hash, kind, text)`; `text` builds the n-gram's string on
    /// demand (only explanations need it).
    fn walk(&self, text: &str, mut f: impl FnMut(u64, char, &dyn Fn() -> String)) {
        NORMALIZER.with_borrow_mut(|n| {
            let norm = &n.normalize(text).text;
            self.walk_normalized(norm, &mut f);
        });
    }

    fn walk_normalized(&self, norm: &str, f: &mut impl FnMut(u64, char, &dyn Fn() -> String)) {
        let words: Vec<&str> = norm
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        let [wlo, whi] = self.word;
        for n in wlo.max(1)..=whi {
            for win in words.windows(n) {
                let mut h = fnv(FNV_OFFSET, b"w:");
                for (i, w) in win.iter().enumerate() {
                    if i > 0 {
                        h = fnv(h, b" ");
                    }
                    h = fnv(h, w.as_bytes());
                }
                f(h, 'w', &|| win.join(" "));
            }
        }
        let [clo, chi] = self.char_wb;
        if chi == 0 {
            return;
        }
        let clo = clo.max(1);
        let seed = fnv(FNV_OFFSET, b"c:");
        let mut padded = String::new();
        let mut bounds: Vec<usize> = Vec::new();
        for w in &words {
            padded.clear();
            padded.push(' ');
            padded.push_str(w);
            padded.push(' ');
            // character positions: byte offsets when the word is ASCII
            let ascii = w.is_ascii();
            bounds.clear();
            if !ascii {
                bounds.extend(padded.char_indices().map(|(i, _)| i));
                bounds.push(padded.len());
            }
            let chars = if ascii {
                padded.len()
            } else {
                bounds.len() - 1
            };
            let at = |i: usize| if ascii { i } else { bounds[i] };
            if chars < clo {
                continue;
            }
            for s in 0..=chars - clo {
                // one pass per start: the hash of each length extends the shorter one
                let mut h = seed;
                for len in 1..=chi.min(chars - s) {
                    h = fnv(h, &padded.as_bytes()[at(s + len - 1)..at(s + len)]);
                    if len >= clo {
                        let gram = &padded[at(s)..at(s + len)];
                        f(h, 'c', &|| gram.to_string());
                    }
                }
            }
        }
    }
}

/// Counts of buckets, as sorted `(bucket, count)` runs.
pub fn counts(mut buckets: Vec<u32>) -> Vec<(u32, u32)> {
    buckets.sort_unstable();
    buckets
        .chunk_by(|a, b| a == b)
        .map(|run| (run[0], run.len() as u32))
        .collect()
}

/// Counts of buckets from several lists of counts (one per message), concatenated: the
/// same as `counts` of the buckets behind them. Tallied in a per-thread array indexed by
/// bucket (1 MiB for the shipped model's 2^18 buckets), so only the distinct buckets are
/// sorted, not every occurrence.
pub fn merge_counts(lists: Vec<(u32, u32)>) -> Vec<(u32, u32)> {
    TALLY.with_borrow_mut(|tally| {
        let mut seen: Vec<u32> = Vec::with_capacity(lists.len());
        for &(b, c) in &lists {
            let i = b as usize;
            if i >= tally.len() {
                tally.resize(i + 1, 0);
            }
            // every count is at least 1, so 0 means "not seen in this call"
            if tally[i] == 0 {
                seen.push(b);
            }
            tally[i] += c;
        }
        seen.sort_unstable();
        seen.into_iter()
            .map(|b| (b, std::mem::take(&mut tally[b as usize])))
            .collect()
    })
}

/// The sum of two lists of counts sorted by bucket, sorted by bucket (`merge_counts` of
/// the two, by a single pass).
pub fn add_counts(a: &[(u32, u32)], b: &[(u32, u32)]) -> Vec<(u32, u32)> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => {
                out.push(a[i]);
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                out.push(b[j]);
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                out.push((a[i].0, a[i].1 + b[j].1));
                i += 1;
                j += 1;
            }
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

/// The TF-IDF vector of bucket counts: `(bucket, (1 + ln c) * idf / norm)`, by bucket.
/// Empty when there is no text.
pub fn tfidf(counts: &[(u32, u32)], idf: &[f32]) -> Vec<(u32, f32)> {
    let raw: Vec<(u32, f64)> = counts
        .iter()
        .map(|&(b, c)| (b, (1.0 + f64::from(c).ln()) * f64::from(idf[b as usize])))
        .collect();
    let norm = raw.iter().map(|x| x.1 * x.1).sum::<f64>().sqrt();
    if norm == 0.0 {
        return Vec::new();
    }
    raw.into_iter()
        .map(|(b, x)| (b, (x / norm) as f32))
        .collect()
}

/// Inverse document frequencies from the bucket sets of `documents` windows:
/// `ln((1 + n) / (1 + df)) + 1`.
pub fn idf(df: &[u32], documents: usize) -> Vec<f32> {
    let n = documents as f64;
    df.iter()
        .map(|&d| (((1.0 + n) / (1.0 + f64::from(d))).ln() + 1.0) as f32)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn walked(spec: &TextSpec, text: &str) -> (Vec<String>, Vec<String>) {
        let mut words = Vec::new();
        let mut chars = Vec::new();
        spec.walk(text, |_, kind, g| match kind {
            'w' => words.push(g()),
            _ => chars.push(g()),
        });
        (words, chars)
    }

    #[test]
    fn grams_are_folded_within_words_and_messages() {
        let spec = TextSpec::default();
        let (words, chars) = walked(&spec, "S3nd me a P1C!");
        assert_eq!(
            words,
            ["send", "me", "a", "pic", "send me", "me a", "a pic"]
        );
        // " send ": 6 chars -> grams of 2..=5 by start: 4 + 4 + 3 + 2 + 1 = 14
        assert_eq!(&chars[..4], [" s", " se", " sen", " send"]);
        assert!(chars.contains(&"pic ".to_string()));
        assert!(
            !chars.iter().any(|c| c.trim().contains(' ')),
            "no gram spans words"
        );
        let per_word =
            |len: usize| -> usize { (2..=5).map(|n| (len + 2).saturating_sub(n - 1)).sum() };
        assert_eq!(
            chars.len(),
            per_word(4) + per_word(2) + per_word(1) + per_word(3)
        );
        // non-ASCII words count characters, not bytes
        let (_, chars) = walked(&spec, "ñu");
        assert!(chars.contains(&" nu ".to_string()) || chars.contains(&" ñu ".to_string()));
        assert!(walked(&spec, "").0.is_empty());
    }

    #[test]
    fn incremental_hash_is_the_hash_of_the_gram() {
        let spec = TextSpec::default();
        spec.walk("héllo there", |h, kind, g| {
            let tag: &[u8] = if kind == 'w' { b"w:" } else { b"c:" };
            assert_eq!(h, fnv(fnv(FNV_OFFSET, tag), g().as_bytes()), "{}", g());
        });
    }

    #[test]
    fn windows_follow_the_rule() {
        let spec = WindowSpec { words: 10 };
        // (word counts, windows)
        // (word counts, windows as (start, end))
        type Row = (&'static [usize], &'static [(usize, usize)]);
        let table: &[Row] = &[
            (&[], &[]),
            (&[3], &[(0, 1)]),
            (&[3, 3], &[(0, 2)]),
            // 4 messages of 3 words: [0,4) has 12 words; half (5) is reached after 2
            (&[3, 3, 3, 3], &[(0, 4)]),
            (&[3, 3, 3, 3, 3], &[(0, 4), (2, 5)]),
            (&[3; 8], &[(0, 4), (2, 6), (4, 8)]),
            // one long message is a window by itself, and the next starts after it
            (&[50, 1, 1], &[(0, 1), (1, 3)]),
            (&[0, 0, 0], &[(0, 3)]),
        ];
        for (words, want) in table {
            let got: Vec<(usize, usize)> = spec
                .windows(words)
                .iter()
                .map(|r| (r.start, r.end))
                .collect();
            assert_eq!(got, *want, "{words:?}");
        }
        // every message is in some window
        let words: Vec<usize> = (0..100).map(|i| (i * 7) % 13).collect();
        let w = WindowSpec { words: 30 }.windows(&words);
        for i in 0..words.len() {
            assert!(w.iter().any(|r| r.contains(&i)), "message {i}");
        }
    }

    #[test]
    fn merged_counts_are_the_counts_of_all_buckets() {
        let table: [&[&[u32]]; 4] = [
            &[],
            &[&[3, 1, 3]],
            &[&[5, 2, 2], &[], &[2, 9, 5, 5]],
            &[&[1, 1], &[1], &[0, 7], &[7, 1]],
        ];
        for messages in table {
            let all: Vec<u32> = messages.iter().flat_map(|m| m.iter().copied()).collect();
            let runs: Vec<(u32, u32)> = messages.iter().flat_map(|m| counts(m.to_vec())).collect();
            assert_eq!(merge_counts(runs), counts(all.clone()), "{messages:?}");
            let added = messages
                .iter()
                .fold(Vec::new(), |acc, m| add_counts(&acc, &counts(m.to_vec())));
            assert_eq!(added, counts(all), "{messages:?}");
        }
    }

    #[test]
    fn tfidf_is_sublinear_and_unit_length() {
        let weights = vec![1.0, 2.0, 1.0, 1.0];
        let c = counts(vec![1, 0, 1, 1, 3]);
        assert_eq!(c, [(0, 1), (1, 3), (3, 1)]);
        let v = tfidf(&c, &weights);
        let norm: f64 = v.iter().map(|x| f64::from(x.1).powi(2)).sum();
        assert!((norm - 1.0).abs() < 1e-6);
        // bucket 1: (1 + ln 3) * 2 against 1 for the others
        let ratio = f64::from(v[1].1 / v[0].1);
        assert!((ratio - (1.0 + 3f64.ln()) * 2.0).abs() < 1e-5);
        assert!(tfidf(&[], &weights).is_empty());
        let i = idf(&[0, 9], 9);
        assert!((f64::from(i[0]) - (10f64.ln() + 1.0)).abs() < 1e-6);
        assert!((i[1] - 1.0).abs() < 1e-6);
    }
}
