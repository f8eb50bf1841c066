//! The deterministic random generator shared by `synth` (the invented chats) and
//! `learn::train` (the shuffle of the cross-validation groups). A leaf: it imports nothing
//! from the crate.
//!
//! Algorithm: SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number
//! generators", 2014): a 64-bit counter advanced by the golden-ratio constant and mixed by
//! two multiply-xorshift rounds. Derived draws (`below`, `range`, `percent`, `pick`,
//! `weighted`, `shuffle`) use integer arithmetic only (multiply-shift, no floating point).
//!
//! Why hand-written and deterministic: the same seed must give the same synthetic corpus
//! and the same trained model bytes on every machine and with every dependency version, so
//! the sequence can never change under a crate update. Changing any line here changes
//! `groomscan synth` output and the shipped model; `benches/same-output.sh` catches that.
//! Not for anything that needs unpredictability.

/// SplitMix64 (Steele, Lea and Flood 2014). Hand-written so the output never changes with
/// a dependency update.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0), by multiply-shift.
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `p` percent.
    pub fn percent(&mut self, p: u64) -> bool {
        self.below(100) < p
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// One of `words`.
    pub fn word(&mut self, words: &[&'static str]) -> &'static str {
        words[self.below(words.len() as u64) as usize]
    }

    /// An index into `weights`, chosen in proportion to the weights.
    pub fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u64 = weights.iter().map(|&w| u64::from(w)).sum();
        let mut x = self.below(total);
        for (i, &w) in weights.iter().enumerate() {
            if x < u64::from(w) {
                return i;
            }
            x -= u64::from(w);
        }
        weights.len() - 1
    }

    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i as u64 + 1) as usize;
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Rng;

    #[test]
    fn splitmix64_reference_values() {
        // The published SplitMix64 sequence from seed 0 (as in Vigna's splitmix64.c).
        let mut r = Rng::new(0);
        assert_eq!(r.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(r.next_u64(), 0x6E78_9E6A_A1B9_65F4);
        assert_eq!(r.next_u64(), 0x06C4_5D18_8009_454F);
    }

    #[test]
    fn draws_stay_in_range() {
        let mut r = Rng::new(42);
        for (lo, hi) in [(0, 0), (3, 9), (0, u64::MAX - 1)] {
            for _ in 0..100 {
                let x = r.range(lo, hi);
                assert!((lo..=hi).contains(&x), "{x} not in {lo}..={hi}");
            }
        }
        for _ in 0..100 {
            assert_eq!(r.weighted(&[0, 5, 0]), 1);
        }
        let mut v = [1, 2, 3, 4, 5];
        r.shuffle(&mut v);
        v.sort_unstable();
        assert_eq!(v, [1, 2, 3, 4, 5]);
    }
}
