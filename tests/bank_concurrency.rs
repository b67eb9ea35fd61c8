//! Many threads on a few shared accounts: no overdraft, no lost update, no deadlock, totals exact.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use atm_sim::core::journal::Operation;
use atm_sim::core::machine::{Device, Fault, FaultKind};
use atm_sim::core::ops::{Reply, SessionRequest};
use atm_sim::core::synthetic::{PIN, SyntheticBank, account_id, machine_id};
use atm_sim::core::*;
use common::{Bank, synthetic};
use std::sync::atomic::{AtomicI64, AtomicUsize, Ordering};
use std::sync::{Arc, Barrier};

const THREADS: usize = 1_000;
const ACCOUNTS: usize = 4;
const MACHINES: usize = 4;

/// `THREADS` cards (one per thread, since a card is in one machine at a time) spread over four
/// users' accounts: card `t` draws on account `t % ACCOUNTS`. Every card shares one cheap PIN
/// hash, so set-up does not spend minutes stretching the same PIN a thousand times.
fn crowded_bank(balance: Money) -> (Bank, Vec<CardNumber>) {
    synthetic(
        &SyntheticBank::users(ACCOUNTS)
            .balance(balance)
            .extra_cards(THREADS - ACCOUNTS, ACCOUNTS)
            .machines(
                MACHINES,
                Notes([(20, 50_000), (50, 50_000)].into_iter().collect()),
            )
            .settings(Settings {
                daily_limit: Money::from_dollars(1_000_000_000),
                ..Settings::default()
            }),
    )
}

/// The cash in the machines: cassettes and reject bins.
fn total_cash(bank: &Bank) -> Money {
    (0..MACHINES)
        .map(|k| {
            let m = bank.machine(&machine_id(k)).unwrap();
            m.notes
                .total()
                .checked_add(m.devices.reject_bin.total())
                .unwrap()
        })
        .fold(Money::ZERO, |a, b| a.checked_add(b).unwrap())
}

/// How many jams machine 1's dispenser has when the crowd comes in faulty.
const JAMS: u32 = 50;

#[test]
fn a_thousand_threads_withdraw_and_deposit_on_shared_accounts() {
    crowd(false);
}

/// The same crowd with a faulty dispenser on two machines: machine 0 presents only part of
/// every withdrawal, machine 1 jams on the next `JAMS` withdrawals it approves. Money is still
/// exact, and the jams are counted down exactly, with no use lost between threads.
#[test]
fn a_thousand_threads_with_faulty_dispensers() {
    crowd(true);
}

fn crowd(faulty: bool) {
    let (bank, cards) = crowded_bank(Money::from_dollars(3_000));
    let now = Timestamp::from_millis(1_700_000_000_000);
    if faulty {
        let partial = Fault {
            kind: FaultKind::Partial,
            times: None,
        };
        bank.set_fault(&machine_id(0), Device::Dispenser, partial, now)
            .unwrap();
        let jam = Fault {
            kind: FaultKind::Jam,
            times: Some(JAMS),
        };
        bank.set_fault(&machine_id(1), Device::Dispenser, jam, now)
            .unwrap();
    }
    let bank = Arc::new(bank);
    let journal_before = bank.journal().len();
    let cash_before = total_cash(&bank);
    let jams = Arc::new(AtomicUsize::new(0));
    let partials = Arc::new(AtomicUsize::new(0));
    let net_out: Arc<Vec<AtomicI64>> = Arc::new((0..ACCOUNTS).map(|_| AtomicI64::new(0)).collect());
    let refused = Arc::new(AtomicUsize::new(0));
    let ops = Arc::new(AtomicUsize::new(0));
    let start = Arc::new(Barrier::new(THREADS));
    let handles: Vec<_> = cards
        .into_iter()
        .enumerate()
        .map(|(t, card)| {
            let (bank, net_out, refused, ops, start) = (
                bank.clone(),
                net_out.clone(),
                refused.clone(),
                ops.clone(),
                start.clone(),
            );
            let (jams, partials) = (jams.clone(), partials.clone());
            std::thread::Builder::new()
                .stack_size(256 * 1024)
                .spawn(move || {
                    let machine = machine_id(t % MACHINES);
                    start.wait();
                    let Reply::LoggedIn { session, .. } = bank
                        .enter_pin(&machine, &card, &Pin::parse(PIN).unwrap(), now)
                        .unwrap()
                    else {
                        panic!("login")
                    };
                    for i in 0..10 {
                        let amount = Money::from_dollars([20, 50, 100, 200][(t + i) % 4]);
                        let request = if (t + i) % 3 == 0 {
                            SessionRequest::Deposit {
                                account: None,
                                amount,
                            }
                        } else {
                            SessionRequest::Withdraw {
                                account: None,
                                amount,
                                fee: Money::ZERO,
                            }
                        };
                        ops.fetch_add(1, Ordering::Relaxed);
                        match bank.session(&machine, session, request, now) {
                            Ok(Reply::Dispensed {
                                amount, requested, ..
                            }) => {
                                net_out[t % ACCOUNTS].fetch_add(amount.cents(), Ordering::Relaxed);
                                if amount < requested {
                                    partials.fetch_add(1, Ordering::Relaxed);
                                }
                            }
                            Err(AtmError::DispenserJam { .. }) => {
                                jams.fetch_add(1, Ordering::Relaxed);
                            }
                            Ok(Reply::Deposited { amount, .. }) => {
                                net_out[t % ACCOUNTS].fetch_sub(amount.cents(), Ordering::Relaxed);
                            }
                            Err(AtmError::InsufficientFunds) => {
                                refused.fetch_add(1, Ordering::Relaxed);
                            }
                            other => panic!("unexpected {other:?}"),
                        }
                    }
                    bank.session(&machine, session, SessionRequest::Logout, now)
                        .unwrap();
                })
                .unwrap()
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    let mut total_out = 0i64;
    for a in 0..ACCOUNTS {
        let balance = bank.account(&account_id(a)).unwrap().balance;
        let out = net_out[a].load(Ordering::Relaxed);
        total_out += out;
        assert!(!balance.is_negative());
        assert_eq!(
            balance.cents(),
            300_000 - out,
            "account A{a}: no update lost"
        );
        let history = bank.history(&account_id(a), usize::MAX);
        let replayed: i64 = history
            .iter()
            .map(|t| {
                if t.kind.is_debit() {
                    -t.amount.cents()
                } else {
                    t.amount.cents()
                }
            })
            .sum();
        assert_eq!(
            replayed, -out,
            "history of A{a} adds up to its balance change"
        );
    }
    assert_eq!(
        total_cash(&bank).cents(),
        cash_before.cents() - total_out,
        "machine cash moved exactly with the accounts"
    );
    assert!(
        refused.load(Ordering::Relaxed) > 0,
        "the accounts ran dry, so overdraft was really attempted"
    );
    // Every attempt is journaled: 1,000 logins + 10,000 operations + 1,000 logouts, a second
    // entry for each jam (its reversal) and each partial dispense, and one for every use a
    // fault struck (a partial fault that still presented a single note included).
    let (jams, partials) = (
        jams.load(Ordering::Relaxed),
        partials.load(Ordering::Relaxed),
    );
    let journal = bank.journal();
    let struck = journal[journal_before..]
        .iter()
        .filter(|e| matches!(e.draft.operation, Operation::Fault { .. }))
        .count();
    assert_eq!(
        journal.len() - journal_before - struck,
        THREADS + ops.load(Ordering::Relaxed) + THREADS + jams + partials
    );
    assert!(
        struck >= jams + partials,
        "{struck} faults for {jams} jams and {partials} partials"
    );
    if faulty {
        assert!(partials > 0, "machine 0 presented part of some withdrawals");
        assert!(jams > 0, "machine 1 jammed");
        let left = bank.machine(&machine_id(1)).unwrap().devices.dispenser;
        let counted = JAMS as usize - left.and_then(|f| f.times).unwrap_or(0) as usize;
        assert_eq!(jams, counted, "every jam counted down once, none lost");
        let bins: Money = (0..MACHINES)
            .map(|k| {
                bank.machine(&machine_id(k))
                    .unwrap()
                    .devices
                    .reject_bin
                    .total()
            })
            .fold(Money::ZERO, |a, b| a.checked_add(b).unwrap());
        assert!(bins.is_positive());
    } else {
        assert_eq!((jams, partials), (0, 0));
    }
}

#[test]
fn a_thousand_threads_race_for_one_balance() {
    let (bank, cards) = crowded_bank(Money::from_dollars(5_000));
    let bank = Arc::new(bank);
    let wins = Arc::new(AtomicUsize::new(0));
    let now = Timestamp::from_millis(1_700_000_000_000);
    let start = Arc::new(Barrier::new(THREADS / ACCOUNTS));
    // Only the cards of account A0 race: 250 threads, $100 each, $5,000 → exactly 50 win.
    let handles: Vec<_> = cards
        .into_iter()
        .enumerate()
        .filter(|(t, _)| t % ACCOUNTS == 0)
        .map(|(t, card)| {
            let (bank, wins, start) = (bank.clone(), wins.clone(), start.clone());
            std::thread::spawn(move || {
                let machine = machine_id(t % MACHINES);
                let Reply::LoggedIn { session, .. } = bank
                    .enter_pin(&machine, &card, &Pin::parse(PIN).unwrap(), now)
                    .unwrap()
                else {
                    panic!("login")
                };
                start.wait();
                if bank
                    .session(
                        &machine,
                        session,
                        SessionRequest::Withdraw {
                            account: None,
                            amount: Money::from_dollars(100),
                            fee: Money::ZERO,
                        },
                        now,
                    )
                    .is_ok()
                {
                    wins.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    assert_eq!(wins.load(Ordering::Relaxed), 50);
    assert_eq!(bank.account(&account_id(0)).unwrap().balance, Money::ZERO);
}
