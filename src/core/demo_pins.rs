//! The built-in demo bank's PIN hashes, computed ahead of time.
//!
//! Hashing the six demo PINs with PBKDF2 (10,000 iterations each) would cost a first visit about
//! 200 ms in the browser, before the first screen, so the hashes are computed once and kept in `demo_pin_hashes.json` (salt, hash and
//! iteration count, as a [`PinHash`] is stored; no PIN). The demo PINs are public (SPEC.md), so a
//! fixed salt per demo card hides nothing that a random one would; cards issued later by the back
//! office still get fresh random salts.
//!
//! The file cannot rot unnoticed: a test hashes every demo card's PIN again with the card's salt
//! and compares the whole file byte for byte, and [`known_pins`] only hands out a hash for a card
//! whose number *and* PIN are still those of the demo file, so an edited PIN is hashed anew.

use crate::card::{CardNumber, Pin, PinHash};
use crate::scenario::Scenario;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// Card number → the hash of that demo card's PIN.
pub const DEMO_PIN_HASHES_JSON: &str = include_str!("demo_pin_hashes.json");

/// A PIN hash computed ahead for one card, with the PIN it was made from so that
/// [`Scenario::build`] uses it only while the scenario still gives that card that PIN. Lives
/// in memory only (a [`Pin`] cannot be serialized), like the scenario's own PIN strings.
#[derive(Clone, Debug, PartialEq)]
pub struct KnownPin {
    pub number: CardNumber,
    pub pin: Pin,
    pub hash: PinHash,
}

/// The fixed salt of a demo card: derived from its number, so regenerating the file gives the
/// same bytes.
pub fn demo_salt(number: &CardNumber) -> [u8; 16] {
    let digest = Sha256::new()
        .chain_update(b"atm-sim demo PIN salt:")
        .chain_update(number.digits().as_bytes())
        .finalize();
    let mut salt = [0u8; 16];
    salt.copy_from_slice(&digest[..16]);
    salt
}

/// The stored hash table. The file is a constant of this crate, checked by the tests below.
fn stored() -> BTreeMap<String, PinHash> {
    serde_json::from_str(DEMO_PIN_HASHES_JSON)
        .unwrap_or_else(|e| panic!("demo_pin_hashes.json is invalid: {e}"))
}

/// The precomputed hashes for `demo`'s cards (the built-in demo bank as parsed from its file).
pub fn known_pins(demo: &Scenario) -> Vec<KnownPin> {
    let mut table = stored();
    let mut out = Vec::new();
    for card in demo.users.iter().flat_map(|u| &u.cards) {
        let (Ok(number), Ok(pin)) = (CardNumber::parse(&card.number), Pin::parse(&card.pin)) else {
            continue;
        };
        if let Some(hash) = table.remove(number.digits()) {
            out.push(KnownPin { number, pin, hash });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::card::PIN_HASH_ITERATIONS;
    use crate::scenario::DEMO_BANK_JSON;

    /// The demo file's cards, as (number, PIN).
    fn demo_cards() -> Vec<(CardNumber, Pin)> {
        Scenario::from_json(DEMO_BANK_JSON)
            .unwrap()
            .users
            .iter()
            .flat_map(|u| &u.cards)
            .map(|c| {
                (
                    CardNumber::parse(&c.number).unwrap(),
                    Pin::parse(&c.pin).unwrap(),
                )
            })
            .collect()
    }

    /// What `demo_pin_hashes.json` must contain, computed from scratch.
    fn regenerated() -> String {
        let table: BTreeMap<String, PinHash> = demo_cards()
            .iter()
            .map(|(number, pin)| {
                let hash = PinHash::with_iterations(pin, demo_salt(number), PIN_HASH_ITERATIONS);
                (number.digits().to_string(), hash)
            })
            .collect();
        serde_json::to_string_pretty(&table).unwrap() + "\n"
    }

    #[test]
    fn the_file_is_exactly_what_hashing_the_demo_pins_gives() {
        let expected = regenerated();
        assert!(
            DEMO_PIN_HASHES_JSON == expected,
            "src/core/demo_pin_hashes.json is stale; replace its content with:\n{expected}"
        );
    }

    #[test]
    fn every_stored_hash_verifies_its_demo_pin_and_no_other() {
        let table = stored();
        let cards = demo_cards();
        assert_eq!(table.len(), cards.len(), "one hash per demo card, no more");
        for (number, pin) in &cards {
            let hash = &table[number.digits()];
            assert!(
                hash.verify(pin),
                "{number}: the stored hash does not verify its PIN"
            );
            assert!(!hash.verify(&Pin::parse("0000").unwrap()), "{number}");
        }
    }

    #[test]
    fn the_file_holds_no_pin() {
        // Each demo PIN is 4 digits; the hex of the hashes could contain them by chance, so
        // check the structure instead: salt, hash and iteration count, nothing else.
        let value: serde_json::Value = serde_json::from_str(DEMO_PIN_HASHES_JSON).unwrap();
        for (number, entry) in value.as_object().unwrap() {
            let keys: Vec<&str> = entry
                .as_object()
                .unwrap()
                .keys()
                .map(|k| k.as_str())
                .collect();
            assert_eq!(keys, ["hash", "iterations", "salt"], "{number}");
            assert_eq!(entry["iterations"], PIN_HASH_ITERATIONS, "{number}");
        }
    }
}
