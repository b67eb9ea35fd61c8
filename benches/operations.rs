//! Per-operation cost at 1k, 100k and 1M users (the curve must be flat: lookups are O(1)), and
//! throughput with 1, 2, 8 and 1,000 threads on shared accounts. Run: `cargo bench`.

mod common;

use atm_core::ops::SessionRequest;
use atm_core::*;
use common::*;
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

const SIZES: [usize; 3] = [1_000, 100_000, 1_000_000];

fn per_operation(c: &mut Criterion) {
    let mut group = c.benchmark_group("per_operation");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_secs(1));
    for &n in &SIZES {
        let (bank, cards) = bank(n, 1, 0, 0);
        let machine = synthetic::machine_id(0);
        group.bench_with_input(BenchmarkId::new("login_logout", n), &n, |b, &n| {
            b.iter_custom(|iters| time_logins(&bank, &machine, iters, |i| &cards[scatter(i, n)]))
        });
        if n == *SIZES.last().unwrap() {
            // The same work on a fixed set of 1k cards spread over the big bank: the code path
            // and table sizes of 1M users, the cache footprint of 1k. If this matches the 1k
            // figure, what the 1M figure adds is memory latency, not the algorithm.
            group.bench_with_input(BenchmarkId::new("login_logout_hot_1k", n), &n, |b, &n| {
                b.iter_custom(|iters| {
                    time_logins(&bank, &machine, iters, |i| &cards[scatter(i % 1_000, n)])
                })
            });
        }
        // A pool of live sessions on scattered cards, used round-robin.
        let sessions: Vec<SessionId> = (0..512u64)
            .map(|i| login(&bank, &machine, &cards[scatter(i + 7, n)]))
            .collect();
        group.bench_with_input(BenchmarkId::new("balance", n), &n, |b, _| {
            let mut i = 0usize;
            b.iter(|| {
                i = (i + 1) % sessions.len();
                black_box(
                    bank.session(
                        &machine,
                        sessions[i],
                        SessionRequest::Balance { account: None },
                        now(),
                    )
                    .unwrap(),
                )
            })
        });
        // Only the withdrawal is timed; an untimed deposit puts the cash back so the machine
        // never runs dry however many iterations criterion asks for.
        group.bench_with_input(BenchmarkId::new("withdraw", n), &n, |b, _| {
            b.iter_custom(|iters| {
                let amount = Money::from_dollars(20);
                let mut spent = Duration::ZERO;
                for i in 0..iters {
                    let s = sessions[i as usize % sessions.len()];
                    let start = Instant::now();
                    black_box(
                        bank.session(
                            &machine,
                            s,
                            SessionRequest::Withdraw {
                                account: None,
                                amount,
                                fee: Money::ZERO,
                            },
                            now(),
                        )
                        .unwrap(),
                    );
                    spent += start.elapsed();
                    bank.session(
                        &machine,
                        s,
                        SessionRequest::Deposit {
                            account: None,
                            amount,
                        },
                        now(),
                    )
                    .unwrap();
                }
                spent
            })
        });
    }
    group.finish();
}

/// Times `iters` login + logout pairs on the cards `pick` chooses; ended sessions are swept
/// outside the timing so the session table stays small. Each number is copied before its pair is
/// timed, as a card reader hands it over: read from the 1M-card list inside the timing, it would
/// add a cold read of the benchmark's own to the bank's.
fn time_logins<'a>(
    bank: &Bank,
    machine: &MachineId,
    iters: u64,
    pick: impl Fn(u64) -> &'a CardNumber,
) -> Duration {
    let mut spent = Duration::ZERO;
    for i in 0..iters {
        let card = pick(i).clone();
        let start = Instant::now();
        let s = login(bank, machine, &card);
        black_box(
            bank.session(machine, s, SessionRequest::Logout, now())
                .unwrap(),
        );
        spent += start.elapsed();
        if i % 50_000 == 49_999 {
            bank.forget_ended_sessions(now());
        }
    }
    bank.forget_ended_sessions(now());
    spent
}

fn pin_hash(c: &mut Criterion) {
    let hash = PinHash::new(&Pin::parse("1234").unwrap(), [9; 16]);
    let pin = Pin::parse("1234").unwrap();
    c.bench_function(
        "pin_hash_verify (PBKDF2-HMAC-SHA256, 10,000 iterations)",
        |b| b.iter(|| black_box(hash.verify(&pin))),
    );
}

fn threads(c: &mut Criterion) {
    const SHARED_ACCOUNTS: usize = 8;
    let mut group = c.benchmark_group("threads_shared_accounts");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(5))
        .warm_up_time(Duration::from_secs(1));
    for &t in &[1usize, 2, 8, 1_000] {
        let (bank, cards) = bank(SHARED_ACCOUNTS, 8, t, SHARED_ACCOUNTS);
        let bank = Arc::new(bank);
        let sessions: Vec<(MachineId, SessionId)> = cards[SHARED_ACCOUNTS..]
            .iter()
            .enumerate()
            .map(|(j, card)| {
                let machine = synthetic::machine_id(j % 8);
                let s = login(&bank, &machine, card);
                (machine, s)
            })
            .collect();
        group.throughput(Throughput::Elements(1));
        group.bench_with_input(BenchmarkId::new("withdraw_or_deposit", t), &t, |b, &t| {
            b.iter_custom(|iters| {
                let per_thread = iters.div_ceil(t as u64);
                let start = Arc::new(Barrier::new(t + 1));
                let handles: Vec<_> = sessions
                    .iter()
                    .cloned()
                    .map(|(machine, s)| {
                        let (bank, start) = (bank.clone(), start.clone());
                        std::thread::Builder::new()
                            .stack_size(128 * 1024)
                            .spawn(move || {
                                start.wait();
                                for i in 0..per_thread {
                                    let amount = Money::from_dollars(20);
                                    let req = if i % 2 == 0 {
                                        SessionRequest::Withdraw {
                                            account: None,
                                            amount,
                                            fee: Money::ZERO,
                                        }
                                    } else {
                                        SessionRequest::Deposit {
                                            account: None,
                                            amount,
                                        }
                                    };
                                    black_box(bank.session(&machine, s, req, now()).unwrap());
                                }
                            })
                            .unwrap()
                    })
                    .collect();
                start.wait();
                let begun = Instant::now();
                for h in handles {
                    h.join().unwrap();
                }
                // Time per operation as criterion counts it: wall time over all threads' work.
                let done = u128::from(per_thread * t as u64);
                Duration::from_nanos((begun.elapsed().as_nanos() * u128::from(iters) / done) as u64)
            })
        });
    }
    group.finish();
}

criterion_group!(benches, per_operation, pin_hash, threads);
criterion_main!(benches);
