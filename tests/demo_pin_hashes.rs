//! The built-in demo bank's scenarios use the PIN hashes computed ahead of time
//! (`atm_sim::core::demo_pins`), and a PIN that changed is hashed anew. Here rather than beside
//! the table because building a scenario needs a seeded entropy source, which the store keeps.
#![cfg(not(target_arch = "wasm32"))]

use atm_sim::core::demo_pins::DEMO_PIN_HASHES_JSON;
use atm_sim::core::*;
use atm_sim::store::entropy::SeededEntropy;
use std::collections::BTreeMap;

/// The stored table: card number → hash of its demo PIN.
fn stored() -> BTreeMap<String, PinHash> {
    serde_json::from_str(DEMO_PIN_HASHES_JSON).unwrap()
}

#[test]
fn the_demo_bank_uses_the_stored_hashes() {
    let built = Scenario::demo()
        .build(
            Timestamp::from_millis(1_795_000_000_000),
            UtcOffset::UTC,
            &SeededEntropy::new(7),
        )
        .unwrap();
    let table = stored();
    assert_eq!(built.snapshot.cards.len(), table.len());
    for card in &built.snapshot.cards {
        assert_eq!(card.pin, table[card.number.digits()], "{}", card.number);
    }
}

#[test]
fn a_changed_demo_pin_is_hashed_anew() {
    let mut demo = Scenario::demo();
    demo.users[0].cards[0].pin = "8642".into();
    let built = demo
        .build(
            Timestamp::from_millis(1_795_000_000_000),
            UtcOffset::UTC,
            &SeededEntropy::new(7),
        )
        .unwrap();
    let number = CardNumber::parse(&demo.users[0].cards[0].number).unwrap();
    let card = built
        .snapshot
        .cards
        .iter()
        .find(|c| c.number == number)
        .unwrap();
    assert!(card.pin.verify(&Pin::parse("8642").unwrap()));
    assert!(!card.pin.verify(&Pin::parse("1234").unwrap()));
    assert_ne!(card.pin, stored()[number.digits()]);
}

#[test]
fn a_seed_demo_uses_the_stored_hash_of_its_card() {
    let built = Scenario::seed_demo(2)
        .unwrap()
        .build(
            Timestamp::from_millis(1_795_000_000_000),
            UtcOffset::UTC,
            &SeededEntropy::new(7),
        )
        .unwrap();
    let card = &built.snapshot.cards[0];
    assert_eq!(card.pin, stored()[card.number.digits()]);
}
