//! ATM machines and their cash. A machine can only pay out what its notes can make, and it
//! checks and takes the notes in one step, so two sessions can never overdraw it.

use crate::card::Card;
use crate::error::AtmError;
use crate::ident::Text;
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
    /// The dispenser's cassettes.
    pub notes: Notes,
    pub in_service: bool,
    /// Absent from records written before machines had devices: all working, nothing rejected.
    #[serde(default)]
    pub devices: Devices,
    /// Who runs the machine; `None` is this bank ([`OWN_BANK`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operator: Option<Text>,
    /// What the operator charges a card another bank issued, per withdrawal ([`Machine::fee_for`]).
    #[serde(default)]
    pub surcharge: Money,
    /// The fees this machine charged, kept for its operator: money that left the customers'
    /// accounts and is accounted for here (tests/bank_model.rs counts it).
    #[serde(default)]
    pub fees_collected: Money,
    /// A training drill: a skimmer fitted over the card slot, for the learner to spot and report.
    #[serde(default)]
    pub skimmer: bool,
}

/// This bank's own name: a card's issuer and a machine's operator when a scenario names none.
pub const OWN_BANK: &str = "Rust Bank";

impl Machine {
    /// The bank that runs this machine: this bank unless a scenario names another. Its name is
    /// on the machine's topper and its receipts.
    pub fn operator_name(&self) -> &str {
        self.operator.as_deref().unwrap_or(OWN_BANK)
    }

    /// The fee a withdrawal at this machine costs `card`: the surcharge when the machine's
    /// operator is not the card's issuer, nothing otherwise. The one place the rule lives.
    pub fn fee_for(&self, card: &Card) -> Money {
        let operator = self.operator_name();
        let issuer = card.issuer.as_deref().unwrap_or(OWN_BANK);
        if operator != issuer && self.surcharge.is_positive() {
            self.surcharge
        } else {
            Money::ZERO
        }
    }

    /// `machine`, the record looked up by `id`, or the refusal that there is no such machine.
    pub fn known<'a>(
        machine: Option<&'a Machine>,
        id: &MachineId,
    ) -> Result<&'a Machine, AtmError> {
        machine.ok_or_else(|| AtmError::Unknown {
            what: "machine",
            id: id.to_string(),
        })
    }
}

impl Notes {
    /// The notes a `partial` dispenser presents out of `planned`: half of them, rounded down
    /// but at least one, largest notes first. A single note is presented whole, so a partial
    /// dispense shows only on a withdrawal of two notes or more.
    pub fn partial(&self) -> Notes {
        let mut left = (self.count() / 2).max(1);
        let mut out = BTreeMap::new();
        for (value, count) in self.0.iter().rev() {
            let take = (*count).min(left);
            if take > 0 {
                out.insert(*value, take);
            }
            left -= take;
        }
        Notes(out)
    }
}

/// The parts of a machine, each working or with a fault a trainer injected. The cassettes are
/// [`Machine::notes`]; the deposit slot has no fault kinds yet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Device {
    CardReader,
    Dispenser,
    Printer,
    DepositSlot,
    Host,
}

impl Device {
    pub const ALL: [Device; 5] = [
        Device::CardReader,
        Device::Dispenser,
        Device::Printer,
        Device::DepositSlot,
        Device::Host,
    ];

    /// The faults this device can have (UI-CONTRACT.md, scenario `faults`).
    pub fn kinds(self) -> &'static [FaultKind] {
        match self {
            Device::CardReader => &[FaultKind::ReadError, FaultKind::Jam],
            Device::Dispenser => &[FaultKind::Jam, FaultKind::Partial],
            Device::Printer => &[FaultKind::OutOfPaper],
            Device::DepositSlot => &[],
            Device::Host => &[FaultKind::Offline],
        }
    }

    /// Why `kind` is not a fault of this device, or `None` if it is (for messages that name
    /// the field).
    pub fn refuses(self, kind: FaultKind) -> Option<String> {
        if self.kinds().contains(&kind) {
            return None;
        }
        let names: Vec<String> = self
            .kinds()
            .iter()
            .map(|k| format!("\"{}\"", k.name()))
            .collect();
        Some(match names.as_slice() {
            [] => format!("the {self} has no faults to inject"),
            [one] => format!("the {self}'s fault is {one}"),
            _ => format!("the {self}'s faults are {}", names.join(" or ")),
        })
    }

    /// The name scenario files use (`card_reader`).
    pub fn name(self) -> &'static str {
        match self {
            Device::CardReader => "card_reader",
            Device::Dispenser => "dispenser",
            Device::Printer => "printer",
            Device::DepositSlot => "deposit_slot",
            Device::Host => "host",
        }
    }
}

impl fmt::Display for Device {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Device::CardReader => "card reader",
            Device::Dispenser => "dispenser",
            Device::Printer => "printer",
            Device::DepositSlot => "deposit slot",
            Device::Host => "host link",
        })
    }
}

/// What goes wrong with a device. Which device can have which is [`Device::kinds`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FaultKind {
    /// Card reader: the card comes back out unread.
    ReadError,
    /// Card reader: the card stays in and is retained. Dispenser: nothing comes out and the
    /// withdrawal is reversed.
    Jam,
    /// Dispenser: only some of the notes come out ([`Notes::partial`]).
    Partial,
    /// Printer: no receipt.
    OutOfPaper,
    /// Host link: the bank cannot be reached.
    Offline,
}

impl FaultKind {
    /// The name scenario files use (`read_error`).
    pub fn name(self) -> &'static str {
        match self {
            FaultKind::ReadError => "read_error",
            FaultKind::Jam => "jam",
            FaultKind::Partial => "partial",
            FaultKind::OutOfPaper => "out_of_paper",
            FaultKind::Offline => "offline",
        }
    }
}

impl fmt::Display for FaultKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FaultKind::ReadError => "read error",
            FaultKind::Jam => "jam",
            FaultKind::Partial => "partial",
            FaultKind::OutOfPaper => "out of paper",
            FaultKind::Offline => "offline",
        })
    }
}

/// A fault in force: its kind, and for how many more uses of its device (`None`: until the
/// back office clears it). A count never rests at zero: the use that spends it clears the fault.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fault {
    pub kind: FaultKind,
    #[serde(default)]
    pub times: Option<u32>,
}

/// The state of a machine's devices. Every field is optional in stored records, so a machine
/// written before devices existed reads as all working, unlimited paper, an empty reject bin.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Devices {
    #[serde(default)]
    pub card_reader: Option<Fault>,
    #[serde(default)]
    pub dispenser: Option<Fault>,
    /// Notes the dispenser picked but did not present (jams, partial dispenses): still the
    /// bank's money, counted in no cassette and no pocket.
    #[serde(default)]
    pub reject_bin: Notes,
    #[serde(default)]
    pub printer: Option<Fault>,
    /// Receipts left in the printer; `None` is unlimited.
    #[serde(default)]
    pub receipt_paper: Option<u32>,
    #[serde(default)]
    pub host: Option<Fault>,
}

impl Devices {
    /// The fault `device` has now, if any.
    pub fn fault(&self, device: Device) -> Option<Fault> {
        match device {
            Device::CardReader => self.card_reader,
            Device::Dispenser => self.dispenser,
            Device::Printer => self.printer,
            Device::DepositSlot => None,
            Device::Host => self.host,
        }
    }

    fn slot(&mut self, device: Device) -> Option<&mut Option<Fault>> {
        match device {
            Device::CardReader => Some(&mut self.card_reader),
            Device::Dispenser => Some(&mut self.dispenser),
            Device::Printer => Some(&mut self.printer),
            Device::DepositSlot => None,
            Device::Host => Some(&mut self.host),
        }
    }

    /// Gives `device` a fault (replacing any it had) or, with `None`, clears it. A fault that
    /// is not one of the device's kinds, or lasts zero uses, is refused with the reason.
    pub fn set(&mut self, device: Device, fault: Option<Fault>) -> Result<(), String> {
        if let Some(f) = &fault {
            if let Some(why) = device.refuses(f.kind) {
                return Err(why);
            }
            if f.times == Some(0) {
                return Err(
                    "a fault lasts 1 use or more (leave times out for until cleared)".into(),
                );
            }
        }
        // The deposit slot has no slot: it has no kinds, so only clearing reaches here.
        if let Some(slot) = self.slot(device) {
            *slot = fault;
        }
        Ok(())
    }

    /// One use of `device`: the fault it has for this use, if any, counted down (and cleared
    /// by the use that spends its last count).
    pub fn use_once(&mut self, device: Device) -> Option<FaultKind> {
        let slot = self.slot(device)?;
        let fault = (*slot)?;
        *slot = match fault.times {
            None => Some(fault),
            Some(n) if n > 1 => Some(Fault {
                times: Some(n - 1),
                ..fault
            }),
            Some(_) => None,
        };
        Some(fault.kind)
    }

    /// Whether a receipt can be printed now: the printer works and has paper. The screen
    /// flow asks this before a transaction, to offer going on without one.
    pub fn receipt_available(&self) -> bool {
        self.printer.is_none() && self.receipt_paper != Some(0)
    }

    /// Takes one sheet for a receipt, if there is paper (the printer's fault is the caller's
    /// to check, as a use of the printer).
    pub fn take_paper(&mut self) -> bool {
        match &mut self.receipt_paper {
            None => true,
            Some(0) => false,
            Some(n) => {
                *n -= 1;
                true
            }
        }
    }

    /// Every fault in force, device by device.
    pub fn faults(&self) -> Vec<(Device, Fault)> {
        Device::ALL
            .into_iter()
            .filter_map(|d| self.fault(d).map(|f| (d, f)))
            .collect()
    }
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

    #[test]
    fn a_partial_dispense_presents_half_the_notes_largest_first_at_least_one() {
        assert_eq!(notes(&[(50, 2)]).partial(), notes(&[(50, 1)]));
        assert_eq!(notes(&[(20, 1), (50, 3)]).partial(), notes(&[(50, 2)]));
        assert_eq!(notes(&[(20, 5)]).partial(), notes(&[(20, 2)]));
        assert_eq!(notes(&[(20, 1), (50, 1)]).partial(), notes(&[(50, 1)]));
        // One note comes out whole.
        assert_eq!(notes(&[(20, 1)]).partial(), notes(&[(20, 1)]));
        for stock in [
            notes(&[(20, 7), (50, 3)]),
            notes(&[(20, 2)]),
            notes(&[(100, 9)]),
        ] {
            let p = stock.partial();
            assert!(stock.minus(&p).is_some());
            assert!(p.count() >= 1 && p.count() <= stock.count().max(2) / 2);
        }
    }

    #[test]
    fn a_fault_for_n_uses_counts_down_and_clears_at_zero() {
        let mut d = Devices::default();
        assert_eq!(d.use_once(Device::Dispenser), None);
        let jam = Fault {
            kind: FaultKind::Jam,
            times: Some(2),
        };
        d.set(Device::Dispenser, Some(jam)).unwrap();
        assert_eq!(d.use_once(Device::Dispenser), Some(FaultKind::Jam));
        assert_eq!(d.dispenser.and_then(|f| f.times), Some(1));
        // Other devices' uses leave it alone.
        assert_eq!(d.use_once(Device::Host), None);
        assert_eq!(d.use_once(Device::Dispenser), Some(FaultKind::Jam));
        assert_eq!(d.dispenser, None);
        assert_eq!(d.use_once(Device::Dispenser), None);
        let offline = Fault {
            kind: FaultKind::Offline,
            times: None,
        };
        d.set(Device::Host, Some(offline)).unwrap();
        for _ in 0..5 {
            assert_eq!(d.use_once(Device::Host), Some(FaultKind::Offline));
        }
        assert_eq!(d.faults(), [(Device::Host, offline)]);
        d.set(Device::Host, None).unwrap();
        assert_eq!(d, Devices::default());
    }

    #[test]
    fn each_device_takes_only_its_own_kinds_of_fault() {
        let all = [
            FaultKind::ReadError,
            FaultKind::Jam,
            FaultKind::Partial,
            FaultKind::OutOfPaper,
            FaultKind::Offline,
        ];
        let fits = |device: Device| -> Vec<FaultKind> {
            all.into_iter()
                .filter(|kind| {
                    let mut d = Devices::default();
                    d.set(
                        device,
                        Some(Fault {
                            kind: *kind,
                            times: None,
                        }),
                    )
                    .is_ok()
                })
                .collect()
        };
        assert_eq!(
            fits(Device::CardReader),
            [FaultKind::ReadError, FaultKind::Jam]
        );
        assert_eq!(
            fits(Device::Dispenser),
            [FaultKind::Jam, FaultKind::Partial]
        );
        assert_eq!(fits(Device::Printer), [FaultKind::OutOfPaper]);
        assert_eq!(fits(Device::Host), [FaultKind::Offline]);
        assert_eq!(fits(Device::DepositSlot), []);
        assert_eq!(
            Device::Dispenser.refuses(FaultKind::Offline).as_deref(),
            Some("the dispenser's faults are \"jam\" or \"partial\"")
        );
        assert_eq!(
            Device::DepositSlot.refuses(FaultKind::Jam).as_deref(),
            Some("the deposit slot has no faults to inject")
        );
        let mut d = Devices::default();
        let none = Fault {
            kind: FaultKind::Jam,
            times: Some(0),
        };
        assert!(d.set(Device::Dispenser, Some(none)).is_err());
    }

    #[test]
    fn receipts_need_a_working_printer_and_paper() {
        let mut d = Devices::default();
        assert!(d.receipt_available() && d.take_paper());
        d.receipt_paper = Some(1);
        assert!(d.take_paper());
        assert_eq!(d.receipt_paper, Some(0));
        assert!(!d.receipt_available() && !d.take_paper());
        d.receipt_paper = Some(5);
        let out = Fault {
            kind: FaultKind::OutOfPaper,
            times: Some(1),
        };
        d.set(Device::Printer, Some(out)).unwrap();
        assert!(
            !d.receipt_available(),
            "paper, but the printer is out of order"
        );
        assert_eq!(d.use_once(Device::Printer), Some(FaultKind::OutOfPaper));
        assert!(d.receipt_available());
    }

    #[test]
    fn a_machine_stored_before_devices_existed_reads_as_all_working() {
        let old = r#"{"id":"ATM001","location":"Main Street","notes":{"20":250,"50":100},"in_service":true}"#;
        let m: Machine = serde_json::from_str(old).unwrap();
        assert_eq!(m.devices, Devices::default());
        assert!(m.devices.receipt_available());
        // And what is written now reads back the same.
        let mut m = m;
        m.devices.reject_bin = notes(&[(50, 2)]);
        m.devices.dispenser = Some(Fault {
            kind: FaultKind::Partial,
            times: Some(3),
        });
        let json = serde_json::to_string(&m).unwrap();
        assert!(
            json.contains(r#""dispenser":{"kind":"partial","times":3}"#),
            "{json}"
        );
        assert_eq!(serde_json::from_str::<Machine>(&json).unwrap(), m);
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
