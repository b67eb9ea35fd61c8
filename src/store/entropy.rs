//! Real randomness for session ids, PIN salts and card numbers: the operating system's
//! generator natively, `crypto.getRandomValues` in the browser (both through `getrandom`).

use crate::core::Entropy;

pub struct OsEntropy;

impl Entropy for OsEntropy {
    fn fill(&self, buf: &mut [u8]) {
        // getrandom fails only when the platform has no generator at all; a bank without one
        // must not hand out guessable session ids, so stopping is the right answer.
        getrandom::getrandom(buf).expect("no secure random generator on this platform");
    }
}
