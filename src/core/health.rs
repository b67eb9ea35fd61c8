//! A machine's health as the back office's `Machine health` section shows it: today's
//! transactions and how many failed, whether its cash is low, the cards it keeps and the
//! faults that struck it last. Worked out here from plain records, so the page only draws it.

use crate::card::{Card, CardNumber};
use crate::journal::{JournalEntry, Operation, Outcome};
use crate::machine::{Device, FaultKind, Machine};
use crate::money::Money;
use crate::settings::Settings;
use crate::time::Timestamp;

/// How many of a machine's last faults it shows.
pub const RECENT_FAULTS: usize = 5;

/// A fault that struck a device while it was used (a journal [`Operation::Fault`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RecentFault {
    pub at: Timestamp,
    pub device: Device,
    pub kind: FaultKind,
}

/// One machine's numbers for today (the bank's local day) and its state now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MachineHealth {
    /// Customer transactions attempted at the machine today, done or refused.
    pub transactions: u32,
    /// Of those, the ones the bank refused.
    pub refused: u32,
    /// Withdrawals undone today after the cash did not reach the customer (a dispenser jam,
    /// cash not taken and retracted).
    pub reversed: u32,
    /// Failed (refused or reversed) transactions as a whole percentage of today's
    /// transactions, rounded half up; `None` before the day's first transaction.
    pub error_rate: Option<u32>,
    /// The cash in the cassettes.
    pub cash: Money,
    /// Whether that cash is below the bank's `low_cash_threshold`.
    pub low_cash: bool,
    /// The notes in the reject bin, in money.
    pub rejected: Money,
    /// The cards the machine keeps, by number.
    pub retained: Vec<CardNumber>,
    /// The last [`RECENT_FAULTS`] faults that struck its devices, any day, newest first.
    pub recent_faults: Vec<RecentFault>,
}

/// A customer's transaction at a machine: a balance, a withdrawal, a deposit, a transfer, a
/// history or a PIN change. Logging in and out, asking for more time and the machine's own
/// entries (faults, reversals, captures) are not transactions.
pub fn is_transaction(op: &Operation) -> bool {
    matches!(
        op,
        Operation::Balance
            | Operation::Withdraw { .. }
            | Operation::Deposit { .. }
            | Operation::Transfer { .. }
            | Operation::History
            | Operation::ChangePin
    )
}

/// Whether a machine holding `cash` is low on it: strictly below the bank's threshold.
pub fn is_low_cash(cash: Money, settings: &Settings) -> bool {
    cash < settings.low_cash_threshold
}

impl MachineHealth {
    /// The health of `machine` at `now` from the journal entries given (any order; entries
    /// of other machines and other days are passed over), the bank's cards and settings.
    pub fn of(
        machine: &Machine,
        journal: &[JournalEntry],
        cards: &[Card],
        settings: &Settings,
        now: Timestamp,
    ) -> MachineHealth {
        let zone = settings.utc_offset;
        let today = now.local_day(zone);
        let here: Vec<&JournalEntry> = journal
            .iter()
            .filter(|e| e.draft.machine.as_ref() == Some(&machine.id))
            .collect();
        let (mut transactions, mut refused, mut reversed) = (0u32, 0u32, 0u32);
        for e in here.iter().filter(|e| e.draft.at.local_day(zone) == today) {
            let op = &e.draft.operation;
            if is_transaction(op) {
                transactions += 1;
                if matches!(e.draft.outcome, Outcome::Refused(_)) {
                    refused += 1;
                }
            } else if matches!(
                op,
                Operation::Reversal { .. } | Operation::RetractCash { .. }
            ) {
                reversed += 1;
            }
        }
        // A reversal today of yesterday's withdrawal (cash retracted across midnight) must
        // not make more failures than transactions.
        let failed = (refused + reversed).min(transactions);
        let error_rate =
            (transactions > 0).then(|| (failed * 100 + transactions / 2) / transactions);
        let mut faults: Vec<(u64, RecentFault)> = here
            .iter()
            .filter_map(|e| match e.draft.operation {
                Operation::Fault { device, kind } => Some((
                    e.seq,
                    RecentFault {
                        at: e.draft.at,
                        device,
                        kind,
                    },
                )),
                _ => None,
            })
            .collect();
        faults.sort_by_key(|f| std::cmp::Reverse(f.0));
        let mut retained: Vec<CardNumber> = cards
            .iter()
            .filter(|c| c.retained.as_ref() == Some(&machine.id))
            .map(|c| c.number.clone())
            .collect();
        retained.sort();
        let cash = machine.notes.total();
        MachineHealth {
            transactions,
            refused,
            reversed,
            error_rate,
            cash,
            low_cash: is_low_cash(cash, settings),
            rejected: machine.devices.reject_bin.total(),
            retained,
            recent_faults: faults
                .into_iter()
                .take(RECENT_FAULTS)
                .map(|(_, f)| f)
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::account::AccountId;
    use crate::card::{CardId, CardStatus, Pin, PinHash};
    use crate::journal::JournalDraft;
    use crate::machine::{MachineId, Notes};
    use crate::time::UtcOffset;
    use crate::user::UserId;
    use std::collections::BTreeMap;

    fn at(text: &str) -> Timestamp {
        Timestamp::parse_rfc3339(text).unwrap().0
    }

    fn machine(id: &str, twenties: u32) -> Machine {
        Machine {
            id: MachineId::from(id),
            location: "Station".into(),
            notes: Notes(BTreeMap::from([(20, twenties)])),
            in_service: true,
            devices: Default::default(),
            operator: None,
            surcharge: Money::ZERO,
            fees_collected: Money::ZERO,
            skimmer: false,
        }
    }

    /// New York's bank: the day turns at 05:00 UTC.
    fn settings() -> Settings {
        Settings {
            utc_offset: UtcOffset::from_minutes(-300).unwrap(),
            low_cash_threshold: Money::from_dollars(1_000),
            ..Settings::default()
        }
    }

    /// A journal built entry by entry, numbered in order.
    #[derive(Default)]
    struct Journal(Vec<JournalEntry>);

    impl Journal {
        fn add(&mut self, when: &str, machine: Option<&str>, operation: Operation, ok: bool) {
            let seq = self.0.len() as u64 + 1;
            self.0.push(
                JournalDraft {
                    at: at(when),
                    machine: machine.map(MachineId::from),
                    card: None,
                    operation,
                    outcome: if ok {
                        Outcome::Ok
                    } else {
                        Outcome::Refused("Insufficient funds".into())
                    },
                }
                .with_seq(seq),
            );
        }
    }

    fn card(number: &str, retained: Option<&str>) -> Card {
        Card {
            number: CardNumber::parse(number).unwrap(),
            id: CardId(number.into()),
            user: UserId("U1".into()),
            accounts: vec![AccountId("A1".into())],
            pin: PinHash::with_iterations(&Pin::parse("1234").unwrap(), [1; 16], 1),
            status: CardStatus::Active,
            failed_attempts: 0,
            expires: None,
            hold: None,
            retained: retained.map(MachineId::from),
            issuer: None,
        }
    }

    const NOW: &str = "2026-11-24T15:00:00-05:00";

    fn health_of(m: &Machine, journal: &Journal, cards: &[Card]) -> MachineHealth {
        MachineHealth::of(m, &journal.0, cards, &settings(), at(NOW))
    }

    #[test]
    fn cash_exactly_at_the_threshold_is_not_low_and_a_cent_less_is() {
        let s = settings();
        assert!(!is_low_cash(Money::from_dollars(1_000), &s));
        assert!(is_low_cash(Money::from_cents(99_999), &s));
        assert!(!health_of(&machine("ATM1", 50), &Journal::default(), &[]).low_cash);
        let low = health_of(&machine("ATM1", 49), &Journal::default(), &[]);
        assert_eq!((low.cash, low.low_cash), (Money::from_dollars(980), true));
    }

    #[test]
    fn no_transactions_means_no_error_rate() {
        let mut j = Journal::default();
        // Logging in, out and faults are not transactions.
        j.add(NOW, Some("ATM1"), Operation::InsertCard, true);
        j.add(NOW, Some("ATM1"), Operation::EnterPin, false);
        j.add(NOW, Some("ATM1"), Operation::Logout, true);
        let h = health_of(&machine("ATM1", 100), &j, &[]);
        assert_eq!((h.transactions, h.refused, h.reversed), (0, 0, 0));
        assert_eq!(h.error_rate, None);
    }

    #[test]
    fn refusals_and_reversals_fail_a_transaction_rounded_half_up() {
        let mut j = Journal::default();
        let m = machine("ATM1", 100);
        j.add(NOW, Some("ATM1"), Operation::Balance, true);
        j.add(
            NOW,
            Some("ATM1"),
            Operation::Withdraw {
                amount: Money::from_dollars(900),
            },
            false,
        );
        j.add(NOW, Some("ATM1"), Operation::History, true);
        let h = health_of(&m, &j, &[]);
        assert_eq!((h.transactions, h.refused, h.error_rate), (3, 1, Some(33)));
        // A jam: the withdrawal went through and the entry after it reverses it.
        let hundred = Money::from_dollars(100);
        j.add(
            NOW,
            Some("ATM1"),
            Operation::Withdraw { amount: hundred },
            true,
        );
        j.add(
            NOW,
            Some("ATM1"),
            Operation::Reversal {
                amount: hundred,
                device: Device::Dispenser,
                kind: FaultKind::Jam,
            },
            true,
        );
        j.add(
            NOW,
            Some("ATM1"),
            Operation::Deposit { amount: hundred },
            true,
        );
        let h = health_of(&m, &j, &[]);
        assert_eq!(
            (h.transactions, h.refused, h.reversed, h.error_rate),
            (5, 1, 1, Some(40))
        );
        j.add(
            NOW,
            Some("ATM1"),
            Operation::RetractCash { amount: hundred },
            true,
        );
        assert_eq!(health_of(&m, &j, &[]).error_rate, Some(60));
    }

    #[test]
    fn a_reversal_of_yesterdays_withdrawal_cannot_pass_100_percent() {
        let mut j = Journal::default();
        let amount = Money::from_dollars(100);
        j.add(
            "2026-11-23T23:59:50-05:00",
            Some("ATM1"),
            Operation::Withdraw { amount },
            true,
        );
        j.add(
            "2026-11-24T00:00:20-05:00",
            Some("ATM1"),
            Operation::RetractCash { amount },
            true,
        );
        let h = health_of(&machine("ATM1", 100), &j, &[]);
        assert_eq!((h.transactions, h.reversed, h.error_rate), (0, 1, None));
        j.add(NOW, Some("ATM1"), Operation::Balance, true);
        assert_eq!(
            health_of(&machine("ATM1", 100), &j, &[]).error_rate,
            Some(100)
        );
    }

    #[test]
    fn today_is_the_banks_local_day() {
        let mut j = Journal::default();
        // 23:59:59 in New York is already the 24th in UTC: still yesterday for the bank.
        j.add(
            "2026-11-23T23:59:59-05:00",
            Some("ATM1"),
            Operation::Balance,
            true,
        );
        j.add(
            "2026-11-24T04:30:00Z",
            Some("ATM1"),
            Operation::Balance,
            true,
        );
        // Local midnight is today's first moment, the next midnight tomorrow's.
        j.add(
            "2026-11-24T00:00:00-05:00",
            Some("ATM1"),
            Operation::Balance,
            true,
        );
        j.add(
            "2026-11-24T23:59:59-05:00",
            Some("ATM1"),
            Operation::History,
            false,
        );
        j.add(
            "2026-11-25T00:00:00-05:00",
            Some("ATM1"),
            Operation::Balance,
            false,
        );
        let h = health_of(&machine("ATM1", 100), &j, &[]);
        assert_eq!((h.transactions, h.refused, h.error_rate), (2, 1, Some(50)));
    }

    #[test]
    fn only_this_machines_entries_cards_and_faults() {
        let mut j = Journal::default();
        let fault = |device, kind| Operation::Fault { device, kind };
        j.add(NOW, Some("ATM2"), Operation::Balance, false);
        j.add(NOW, None, Operation::ChangePin, true);
        j.add(
            NOW,
            Some("ATM1"),
            Operation::Transfer {
                amount: Money::from_dollars(5),
            },
            true,
        );
        j.add(
            NOW,
            Some("ATM2"),
            fault(Device::Host, FaultKind::Offline),
            true,
        );
        j.add(
            NOW,
            Some("ATM1"),
            fault(Device::Printer, FaultKind::OutOfPaper),
            true,
        );
        let cards = [
            card("4000000000000002", Some("ATM2")),
            card("4000000000000010", Some("ATM1")),
            card("4000000000000001", None),
            card("4000000000000009", Some("ATM1")),
        ];
        let h = health_of(&machine("ATM1", 100), &j, &cards);
        assert_eq!((h.transactions, h.refused, h.error_rate), (1, 0, Some(0)));
        let last4: Vec<&str> = h.retained.iter().map(CardNumber::last4).collect();
        assert_eq!(last4, ["0009", "0010"]);
        assert_eq!(
            h.recent_faults,
            [RecentFault {
                at: at(NOW),
                device: Device::Printer,
                kind: FaultKind::OutOfPaper,
            }]
        );
    }

    #[test]
    fn the_last_faults_newest_first_whatever_their_day_and_the_reject_bin() {
        let mut j = Journal::default();
        let kinds = [
            (Device::CardReader, FaultKind::ReadError),
            (Device::Dispenser, FaultKind::Jam),
            (Device::Dispenser, FaultKind::Partial),
            (Device::CardReader, FaultKind::Jam),
            (Device::Host, FaultKind::Offline),
            (Device::Printer, FaultKind::OutOfPaper),
        ];
        for (device, kind) in kinds {
            j.add(
                "2026-11-20T10:00:00Z",
                Some("ATM1"),
                Operation::Fault { device, kind },
                true,
            );
        }
        // The store hands the journal newest first; the order given does not matter.
        j.0.reverse();
        let mut m = machine("ATM1", 100);
        m.devices.reject_bin = Notes(BTreeMap::from([(20, 3), (50, 1)]));
        let h = health_of(&m, &j, &[]);
        let got: Vec<(Device, FaultKind)> =
            h.recent_faults.iter().map(|f| (f.device, f.kind)).collect();
        let mut newest_first = kinds.to_vec();
        newest_first.reverse();
        assert_eq!(got, newest_first[..RECENT_FAULTS]);
        assert_eq!(h.rejected, Money::from_dollars(110));
        assert_eq!(h.transactions, 0);
    }
}
