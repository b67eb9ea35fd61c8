//! The seed note's defects that the core's values fix on their own (SPEC.md, last section);
//! the rest are tested against the in-memory bank, in the main crate's `tests/bank_seed_defects.rs`.

use atm_core::*;

#[test]
fn money_is_exact_integer_cents() {
    // Ten cents three times is thirty cents, exactly; in floats 0.1 + 0.2 != 0.3.
    let dime = Money::parse("0.10").unwrap();
    let sum = dime
        .checked_add(dime)
        .and_then(|s| s.checked_add(dime))
        .unwrap();
    assert_eq!(sum, Money::parse("0.30").unwrap());
    assert_eq!(sum.cents(), 30);
}
