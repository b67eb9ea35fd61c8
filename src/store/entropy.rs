//! Randomness for session ids, PIN salts and card numbers: the operating system's generator
//! natively, `crypto.getRandomValues` in the browser (both through `getrandom`), and a seeded
//! one for tests.

use crate::core::Entropy;
use std::sync::Mutex;

pub struct OsEntropy;

impl Entropy for OsEntropy {
    fn fill(&self, buf: &mut [u8]) {
        // getrandom fails only when the platform has no generator at all; a bank without one
        // must not hand out guessable session ids, so stopping is the right answer.
        getrandom::getrandom(buf).expect("no secure random generator on this platform");
    }
}

/// A deterministic generator (SplitMix64) for tests and benchmarks, so every run replays. Not
/// for real session ids.
pub struct SeededEntropy(Mutex<u64>);

impl SeededEntropy {
    pub fn new(seed: u64) -> SeededEntropy {
        SeededEntropy(Mutex::new(seed))
    }
}

impl Entropy for SeededEntropy {
    fn fill(&self, buf: &mut [u8]) {
        let mut state = self.0.lock().unwrap_or_else(|p| p.into_inner());
        for chunk in buf.chunks_mut(8) {
            *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = *state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^= z >> 31;
            chunk.copy_from_slice(&z.to_le_bytes()[..chunk.len()]);
        }
    }
}
