//! Hashed n-gram features of a conversation's text, for trained models (`train`).
//!
//! Owns the one definition of the text features: each message is folded by `normalize`
//! (the scanner's own folding, so "s3nd me a p1c" and "send me a pic" are one n-gram),
//! then cut into word 1- and 2-grams (words are runs of letters and digits) and character
//! 3- to 5-grams (over the words joined by single spaces, with a space at each end); an
//! n-gram never spans two messages. Each n-gram is hashed with 64-bit FNV-1a over a kind
//! tag (`w:` or `c:`) and its UTF-8 bytes, and falls into one of `2^bits` buckets (the low
//! bits of the hash). A conversation's vector holds `ln(1 + count)` per bucket, divided by
//! the vector's L2 norm, so long chats do not win by volume.
//!
//! The hash is fixed and portable: the same text gives the same buckets on every machine.
//! Buckets cannot be turned back into words, so explanations re-read the conversation and
//! name the n-grams in it that fall into a bucket (`NgramSpec::grams_in`).
//!
//! It does not know about labels, weights or the lexicon.

use crate::normalize::normalize;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

/// Hashes a bucket number (already a hash) with one multiplication: SipHash, the standard
/// map's default, was a visible share of `scan --model`.
#[derive(Default)]
struct BucketHasher(u64);

impl Hasher for BucketHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x517c_c1b7_2722_0a95);
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.0 = u64::from(n).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

type BucketMap = HashMap<u32, u32, BuildHasherDefault<BucketHasher>>;

/// `ln(1 + c)` for small counts, computed once by the same function (same bits).
static LN_1P: LazyLock<[f64; 256]> =
    LazyLock::new(|| std::array::from_fn(|c| (1.0 + c as f64).ln()));

fn ln_1p(c: u32) -> f64 {
    match LN_1P.get(c as usize) {
        Some(&x) => x,
        None => (1.0 + f64::from(c)).ln(),
    }
}

/// What the text features are: stored in every model file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NgramSpec {
    /// `fnv1a-64`.
    pub hash: String,
    /// Buckets = 2^bits.
    pub bits: u32,
    /// Word n-gram sizes, inclusive.
    pub word: [usize; 2],
    /// Character n-gram sizes, inclusive.
    pub char: [usize; 2],
}

impl Default for NgramSpec {
    fn default() -> Self {
        NgramSpec {
            hash: "fnv1a-64".into(),
            bits: 18,
            word: [1, 2],
            char: [3, 5],
        }
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

impl NgramSpec {
    /// Checks that the spec is one this version computes.
    pub fn check(&self) -> Result<(), String> {
        if self.hash != "fnv1a-64" {
            return Err(format!("unknown n-gram hash {:?}", self.hash));
        }
        if !(1..=24).contains(&self.bits) {
            return Err(format!("n-gram bits {} not in 1..=24", self.bits));
        }
        for (what, [lo, hi]) in [("word", self.word), ("char", self.char)] {
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

    /// Calls `f(bucket)` for every n-gram occurrence of one message, in a fixed order.
    pub fn for_each(&self, text: &str, mut f: impl FnMut(u32)) {
        self.walk(text, |h, _, _| f(self.bucket(h)));
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
        let norm = normalize(text).text;
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
        let [clo, chi] = self.char;
        if words.is_empty() || chi == 0 {
            return;
        }
        let mut joined = String::with_capacity(norm.len() + 2);
        joined.push(' ');
        for w in &words {
            joined.push_str(w);
            joined.push(' ');
        }
        // Character positions: byte offsets when the text is ASCII (most chat text).
        let ascii = joined.is_ascii();
        let bounds: Vec<usize> = if ascii {
            Vec::new()
        } else {
            joined
                .char_indices()
                .map(|(i, _)| i)
                .chain([joined.len()])
                .collect()
        };
        let at = |i: usize| if ascii { i } else { bounds[i] };
        let chars = if ascii {
            joined.len()
        } else {
            bounds.len() - 1
        };
        let seed = fnv(FNV_OFFSET, b"c:");
        for n in clo.max(1)..=chi {
            for s in 0..chars.saturating_sub(n - 1) {
                let gram = &joined[at(s)..at(s + n)];
                let h = fnv(seed, gram.as_bytes());
                f(h, 'c', &|| gram.to_string());
            }
        }
    }

    /// The conversation's feature vector: `(bucket, ln(1 + count) / norm)`, by bucket.
    pub fn vector<'t>(&self, texts: impl IntoIterator<Item = &'t str>) -> Vec<(u32, f32)> {
        let mut all: Vec<u32> = Vec::new();
        for t in texts {
            self.for_each(t, |b| all.push(b));
        }
        all.sort_unstable();
        let mut v: Vec<(u32, f64)> = Vec::new();
        for run in all.chunk_by(|a, b| a == b) {
            v.push((run[0], (1.0 + run.len() as f64).ln()));
        }
        let norm = v.iter().map(|x| x.1 * x.1).sum::<f64>().sqrt();
        if norm == 0.0 {
            return Vec::new();
        }
        v.into_iter().map(|(b, x)| (b, (x / norm) as f32)).collect()
    }
}

/// A weight per bucket; the text part of a model's logit is `sum(w[b] * x[b])`.
#[derive(Clone, Debug)]
pub struct NgramWeights {
    pub spec: NgramSpec,
    pub weights: Vec<f64>,
}

impl NgramWeights {
    /// Starts a running score over one conversation's messages.
    pub fn start(&self) -> Running<'_> {
        Running {
            model: self,
            counts: BucketMap::default(),
            dot: 0.0,
            sq: 0.0,
        }
    }
}

/// The text part of the logit, updated message by message: keeps the counts, the dot
/// product with the weights and the squared norm of `ln(1 + count)`, so each new n-gram
/// costs O(1) and the value after message k equals the batch value over messages 1..=k.
pub struct Running<'a> {
    model: &'a NgramWeights,
    counts: BucketMap,
    dot: f64,
    sq: f64,
}

impl Running<'_> {
    pub fn push(&mut self, text: &str) {
        let (counts, dot, sq) = (&mut self.counts, &mut self.dot, &mut self.sq);
        let w = &self.model.weights;
        self.model.spec.for_each(text, |b| {
            let c = counts.entry(b).or_default();
            let before = ln_1p(*c);
            *c += 1;
            let after = ln_1p(*c);
            *dot += w[b as usize] * (after - before);
            *sq += after * after - before * before;
        });
    }

    /// The text part of the logit so far.
    pub fn logit(&self) -> f64 {
        if self.sq <= 0.0 {
            0.0
        } else {
            self.dot / self.sq.sqrt()
        }
    }

    /// Each bucket's contribution to `logit()`, by bucket.
    pub fn contributions(&self) -> Vec<(u32, f64)> {
        if self.sq <= 0.0 {
            return Vec::new();
        }
        let norm = self.sq.sqrt();
        let mut v: Vec<(u32, f64)> = self
            .counts
            .iter()
            .map(|(&b, &c)| (b, self.model.weights[b as usize] * ln_1p(c) / norm))
            .collect();
        v.sort_unstable_by_key(|x| x.0);
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grams_are_folded_and_stay_within_a_message() {
        let spec = NgramSpec::default();
        let mut words = Vec::new();
        let mut chars = Vec::new();
        spec.walk("S3nd me a P1C!", |_, kind, g| match kind {
            'w' => words.push(g()),
            _ => chars.push(g()),
        });
        assert_eq!(
            words,
            ["send", "me", "a", "pic", "send me", "me a", "a pic"]
        );
        assert_eq!(&chars[..3], [" se", "sen", "end"]);
        assert!(chars.contains(&"a pic".to_string()) && chars.contains(&"pic ".to_string()));
        // 15 characters in " send me a pic ": 13 + 12 + 11 char grams
        assert_eq!(chars.len(), 13 + 12 + 11);
    }

    #[test]
    fn vector_is_l2_normalised_and_running_matches_batch() {
        let spec = NgramSpec {
            bits: 10,
            ..NgramSpec::default()
        };
        let texts = ["hi there", "send me a pic", "hi again, send it"];
        let v = spec.vector(texts);
        let norm: f64 = v.iter().map(|x| f64::from(x.1).powi(2)).sum();
        assert!((norm - 1.0).abs() < 1e-6);
        let weights: Vec<f64> = (0..spec.buckets()).map(|b| (b as f64).sin()).collect();
        let model = NgramWeights {
            spec: spec.clone(),
            weights: weights.clone(),
        };
        let mut run = model.start();
        for t in texts {
            run.push(t);
        }
        let batch: f64 = v
            .iter()
            .map(|(b, x)| weights[*b as usize] * f64::from(*x))
            .sum();
        assert!((run.logit() - batch).abs() < 1e-6);
        let sum: f64 = run.contributions().iter().map(|c| c.1).sum();
        assert!((sum - run.logit()).abs() < 1e-12);
        let b = spec.bucket(fnv(fnv(FNV_OFFSET, b"w:"), b"pic"));
        assert!(spec.grams_in("a p1c", &[b]).contains(&(
            b,
            Gram {
                kind: 'w',
                text: "pic".into()
            }
        )));
        assert!(spec.vector([""]).is_empty());
    }
}
