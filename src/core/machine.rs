//! ATM machines and their cash. A machine can only pay out what its notes can make, and it
//! checks and takes the notes in one step, so two sessions can never overdraw it.

use crate::money::Money;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};
use std::fmt;

crate::ident::text_id!(MachineId);

/// Notes by face value in whole dollars: `{20: 250, 50: 100}`. A denomination with zero notes
/// stays listed: the machine still has that cassette, it is only empty.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Notes(pub BTreeMap<u32, u32>);

impl Notes {
    /// The default load of a demo machine: 250 × $20 and 100 × $50 = $10,000.
    pub fn standard() -> Notes {
        Notes(BTreeMap::from([(20, 250), (50, 100)]))
    }

    pub fn total(&self) -> Money {
        let cents: i64 = self
            .0
            .iter()
            .map(|(value, count)| i64::from(*value) * i64::from(*count) * 100)
            .sum();
        Money::from_cents(cents)
    }

    pub fn count(&self) -> u32 {
        self.0.values().sum()
    }

    pub fn denominations(&self) -> impl Iterator<Item = u32> + '_ {
        self.0.keys().copied()
    }

    /// Whether the machine's kinds of note could make `amount` at all, given enough of each.
    /// This is the "multiple the machine's notes can make" rule, checked before any limit.
    pub fn can_ever_make(&self, amount: Money) -> bool {
        let Some(dollars) = whole_dollars(amount) else {
            return false;
        };
        let unlimited: BTreeMap<u32, u32> = self
            .0
            .keys()
            .map(|d| {
                (
                    *d,
                    u32::try_from(dollars / u64::from(*d)).unwrap_or(u32::MAX),
                )
            })
            .collect();
        solve(&unlimited, dollars).is_some()
    }

    /// The notes to pay `amount` with from this stock, fewest large notes first where there is a
    /// choice, or `None` if no mix exists. Finds a mix whenever one exists: largest-first alone
    /// fails for stocks like one $50 and three $20s asked for $60.
    pub fn plan(&self, amount: Money) -> Option<Notes> {
        let dollars = whole_dollars(amount)?;
        solve(&self.0, dollars).map(Notes)
    }

    /// The stock after taking `taken` out, or `None` if it does not hold that many.
    pub fn minus(&self, taken: &Notes) -> Option<Notes> {
        let mut left = self.0.clone();
        for (value, count) in &taken.0 {
            let slot = left.get_mut(value)?;
            *slot = slot.checked_sub(*count)?;
        }
        Some(Notes(left))
    }

    /// The stock after putting `added` in (refills and deposits).
    pub fn plus(&self, added: &Notes) -> Option<Notes> {
        let mut sum = self.0.clone();
        for (value, count) in &added.0 {
            let slot = sum.entry(*value).or_insert(0);
            *slot = slot.checked_add(*count)?;
        }
        Some(Notes(sum))
    }
}

impl fmt::Display for Notes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self
            .0
            .iter()
            .rev()
            .filter(|(_, n)| **n > 0)
            .map(|(v, n)| format!("{n} × ${v}"))
            .collect();
        if parts.is_empty() {
            f.write_str("no notes")
        } else {
            f.write_str(&parts.join(", "))
        }
    }
}

fn whole_dollars(amount: Money) -> Option<u64> {
    let cents = u64::try_from(amount.cents()).ok()?;
    (cents > 0 && cents % 100 == 0).then_some(cents / 100)
}

/// Depth-first search over denominations from the largest down, trying the most notes of each
/// first (so the mix uses few notes). Two prunings keep it fast even for hopeless requests on a
/// full machine: what is left must fit in the remaining cassettes' capacity, and must be a
/// multiple of the remaining denominations' greatest common divisor. A memo of (denomination,
/// remainder) pairs known to fail stops repeated work.
fn solve(stock: &BTreeMap<u32, u32>, dollars: u64) -> Option<BTreeMap<u32, u32>> {
    let denoms: Vec<(u64, u64)> = stock
        .iter()
        .rev()
        .filter(|(v, c)| **v > 0 && **c > 0)
        .map(|(v, c)| (u64::from(*v), u64::from(*c)))
        .collect();
    let n = denoms.len();
    let mut capacity = vec![0u64; n + 1];
    let mut divisor = vec![0u64; n + 1];
    for i in (0..n).rev() {
        let (value, count) = denoms[i];
        capacity[i] = capacity[i + 1].saturating_add(value.saturating_mul(count));
        divisor[i] = gcd(divisor[i + 1], value);
    }
    let mut s = Search {
        denoms: &denoms,
        capacity,
        divisor,
        chosen: vec![0; n],
        dead: HashSet::new(),
    };
    if !s.go(0, dollars) {
        return None;
    }
    let mut plan: BTreeMap<u32, u32> = BTreeMap::new();
    for ((value, _), count) in denoms.iter().zip(&s.chosen) {
        if *count > 0 {
            // Values and counts came from u32 fields and counts never exceed their stock.
            plan.insert(*value as u32, *count as u32);
        }
    }
    Some(plan)
}

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 { a } else { gcd(b, a % b) }
}

struct Search<'a> {
    denoms: &'a [(u64, u64)],
    capacity: Vec<u64>,
    divisor: Vec<u64>,
    chosen: Vec<u64>,
    dead: HashSet<(usize, u64)>,
}

impl Search<'_> {
    fn go(&mut self, i: usize, left: u64) -> bool {
        if left == 0 {
            return true;
        }
        if i == self.denoms.len()
            || left > self.capacity[i]
            || !left.is_multiple_of(self.divisor[i])
            || self.dead.contains(&(i, left))
        {
            return false;
        }
        let (value, stock) = self.denoms[i];
        if i + 1 == self.denoms.len() {
            // The divisor check above made `left` a multiple of `value`, and capacity that it fits.
            self.chosen[i] = left / value;
            return true;
        }
        for n in (0..=stock.min(left / value)).rev() {
            self.chosen[i] = n;
            if self.go(i + 1, left - n * value) {
                return true;
            }
        }
        self.chosen[i] = 0;
        self.dead.insert((i, left));
        false
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Machine {
    pub id: MachineId,
    pub location: String,
    pub notes: Notes,
    pub in_service: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn notes(pairs: &[(u32, u32)]) -> Notes {
        Notes(pairs.iter().copied().collect())
    }

    #[test]
    fn standard_load_is_ten_thousand() {
        assert_eq!(Notes::standard().total(), Money::from_dollars(10_000));
        assert_eq!(Notes::standard().count(), 350);
    }

    #[test]
    fn what_twenties_and_fifties_can_make() {
        let n = Notes::standard();
        for ok in [20, 40, 50, 60, 70, 80, 90, 100, 110, 130, 300, 500] {
            assert!(n.can_ever_make(Money::from_dollars(ok)), "{ok}");
        }
        for bad in [10, 30] {
            assert!(!n.can_ever_make(Money::from_dollars(bad)), "{bad}");
        }
        assert!(!n.can_ever_make(Money::from_cents(2_050)));
        assert!(!n.can_ever_make(Money::ZERO));
        assert!(!n.can_ever_make(Money::from_dollars(-20)));
    }

    #[test]
    fn largest_first_would_fail_but_a_mix_exists() {
        // Greedy takes the $50 and is left with $10; three $20s is the answer.
        let stock = notes(&[(20, 3), (50, 1)]);
        assert_eq!(stock.plan(Money::from_dollars(60)), Some(notes(&[(20, 3)])));
        // Greedy takes two $50s and is stuck with $10; one $50 and three $20s works.
        let stock = notes(&[(20, 5), (50, 2)]);
        assert_eq!(
            stock.plan(Money::from_dollars(110)),
            Some(notes(&[(20, 3), (50, 1)]))
        );
    }

    #[test]
    fn plan_respects_stock() {
        let stock = notes(&[(20, 2), (50, 0)]);
        assert_eq!(stock.plan(Money::from_dollars(40)), Some(notes(&[(20, 2)])));
        assert_eq!(stock.plan(Money::from_dollars(60)), None);
        assert_eq!(stock.plan(Money::from_dollars(50)), None);
        // Fewest notes where there is a choice: $100 as two $50s.
        assert_eq!(
            Notes::standard().plan(Money::from_dollars(100)),
            Some(notes(&[(50, 2)]))
        );
    }

    #[test]
    fn minus_and_plus() {
        let s = Notes::standard();
        let taken = s.plan(Money::from_dollars(300)).unwrap();
        let left = s.minus(&taken).unwrap();
        assert_eq!(left.total(), Money::from_dollars(9_700));
        assert_eq!(left.plus(&taken).unwrap(), s);
        assert_eq!(notes(&[(20, 1)]).minus(&notes(&[(20, 2)])), None);
        assert_eq!(notes(&[(20, 1)]).minus(&notes(&[(50, 1)])), None);
    }

    #[test]
    fn hopeless_request_on_a_full_machine_is_quick() {
        let stock = notes(&[(20, 10_000), (50, 10_000), (100, 10_000)]);
        assert_eq!(stock.plan(Money::from_dollars(30)), None);
        assert_eq!(stock.plan(Money::from_dollars(3_000_010)), None);
        assert_eq!(
            stock
                .plan(Money::from_dollars(1_599_990))
                .map(|p| p.total()),
            Some(Money::from_dollars(1_599_990))
        );
        assert!(stock.can_ever_make(Money::from_dollars(9_999_999_990)));
        assert!(!stock.can_ever_make(Money::from_dollars(9_999_999_995)));
    }

    /// Brute force over every combination, for small stocks.
    fn exists_by_brute_force(stock: &[(u32, u32)], amount: u32) -> bool {
        fn go(stock: &[(u32, u32)], left: u32) -> bool {
            match stock.split_first() {
                None => left == 0,
                Some(((v, c), rest)) => (0..=*c).any(|n| n * v <= left && go(rest, left - n * v)),
            }
        }
        go(stock, amount)
    }

    proptest! {
        #[test]
        fn plan_exists_exactly_when_some_mix_exists(
            twenties in 0u32..8, fifties in 0u32..5, hundreds in 0u32..3, amount in 1u32..60
        ) {
            let stock = [(20, twenties), (50, fifties), (100, hundreds)];
            let amount = amount * 10;
            let plan = notes(&stock).plan(Money::from_dollars(i64::from(amount)));
            prop_assert_eq!(plan.is_some(), exists_by_brute_force(&stock, amount));
            if let Some(p) = plan {
                prop_assert_eq!(p.total(), Money::from_dollars(i64::from(amount)));
                prop_assert!(notes(&stock).minus(&p).is_some());
            }
        }
    }
}
