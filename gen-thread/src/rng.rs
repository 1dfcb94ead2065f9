//! The random source: `SplitMix64` and the few distributions the generator
//! draws from.
//!
//! Written here rather than taken from `rand`: a dozen lines, and the stream
//! for a seed can never change under a dependency update, which the
//! benchmarks' cache (keyed by seed and [`crate::VERSION`]) relies on.

/// `SplitMix64` (Steele, Lea and Flood 2014): one 64-bit state, passes
/// `BigCrush`, more than enough for test data.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1), 53 bits.
    pub fn random(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in `0..n` (Lemire's multiply-shift; the bias is below 2^-40 for
    /// the small ranges used here). `n` must be positive.
    pub fn below(&mut self, n: usize) -> usize {
        debug_assert!(n > 0);
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// Uniform in `low..=high`.
    pub fn between(&mut self, low: usize, high: usize) -> usize {
        low + self.below(high - low + 1)
    }

    pub fn choice<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// An index drawn with the weights whose running sums are `cumulative`.
    pub fn weighted(&mut self, cumulative: &[f64]) -> usize {
        let x = self.random() * cumulative[cumulative.len() - 1];
        cumulative.partition_point(|&c| c <= x).min(cumulative.len() - 1)
    }

    /// Exponential with the given mean.
    pub fn exponential(&mut self, mean: f64) -> f64 {
        -(1.0 - self.random()).ln() * mean
    }

    /// Standard normal (Box–Muller; one of the pair is dropped).
    fn normal(&mut self) -> f64 {
        let u = 1.0 - self.random();
        let v = self.random();
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }

    /// Gamma with `shape` ≥ 1 and `scale` (Marsaglia and Tsang 2000).
    #[allow(clippy::many_single_char_names, reason = "the names of the paper")]
    pub fn gamma(&mut self, shape: f64, scale: f64) -> f64 {
        debug_assert!(shape >= 1.0);
        let d = shape - 1.0 / 3.0;
        let c = 1.0 / (9.0 * d).sqrt();
        loop {
            let x = self.normal();
            let v = (1.0 + c * x).powi(3);
            if v <= 0.0 {
                continue;
            }
            let u = 1.0 - self.random();
            if u.ln() < 0.5 * x * x + d - d * v + d * v.ln() {
                return d * v * scale;
            }
        }
    }
}

/// Running sums of `weights`, for [`Rng::weighted`].
pub fn cumulative(weights: impl IntoIterator<Item = f64>) -> Vec<f64> {
    weights
        .into_iter()
        .scan(0.0, |sum, w| {
            *sum += w;
            Some(*sum)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moments_are_those_of_the_distributions() {
        let mut rng = Rng::new(7);
        let n = 200_000;
        let mean = |f: &mut dyn FnMut() -> f64| (0..n).map(|_| f()).sum::<f64>() / f64::from(n);
        let uniform = mean(&mut || rng.random());
        assert!((uniform - 0.5).abs() < 0.01, "{uniform}");
        let exponential = mean(&mut || rng.exponential(240.0));
        assert!((exponential - 240.0).abs() < 5.0, "{exponential}");
        let gamma = mean(&mut || rng.gamma(2.2, 6.5));
        assert!((gamma - 2.2 * 6.5).abs() < 0.3, "{gamma}");
        let weighted = cumulative([1.0, 3.0]);
        let ones = (0..n).filter(|_| rng.weighted(&weighted) == 1).count();
        assert!((ones as f64 / f64::from(n) - 0.75).abs() < 0.01, "{ones}");
    }

    #[test]
    fn between_covers_both_ends_only() {
        let mut rng = Rng::new(1);
        let mut seen = [0; 5];
        for _ in 0..10_000 {
            seen[rng.between(1, 3)] += 1;
        }
        assert_eq!(seen[0], 0);
        assert_eq!(seen[4], 0);
        assert!(seen[1..4].iter().all(|&c| c > 3000), "{seen:?}");
    }
}
