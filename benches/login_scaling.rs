//! Login + logout at 1k users against 1M users, measured in alternating rounds so that both
//! sizes see the same machine load: on a shared machine, criterion's one-size-after-another runs
//! can drift by more than the difference being measured. Prints ns per pair for each size (median
//! and best of the rounds) and their ratio: lookups are O(1), so what grows is cache misses, a few
//! microseconds either way. `cargo bench --bench
//! login_scaling`; knobs `LOGIN_ROUNDS` (default 15) and `LOGIN_PAIRS` (per round, 20,000).

mod common;

use atm_core::MachineId;
use atm_core::ops::SessionRequest;
use common::{bank, login, now, scatter};
use std::hint::black_box;
use std::time::Instant;

fn knob(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` passes nothing and wants it quick.
    let quick = !std::env::args().any(|a| a == "--bench");
    let rounds = if quick { 1 } else { knob("LOGIN_ROUNDS", 15) };
    let pairs = if quick {
        100
    } else {
        knob("LOGIN_PAIRS", 20_000)
    } as u64;
    let sizes = [1_000usize, 1_000_000];
    let banks: Vec<_> = sizes.iter().map(|&n| bank(n, 1, 0, 0)).collect();
    let machine = MachineId::from("M0");
    let mut times: Vec<Vec<f64>> = vec![Vec::new(); sizes.len()];
    // Each round continues the scatter where the last stopped, so at 1M users nearly every login
    // is of a card not touched before: the cold case a real bank of that size sees. The round's
    // card numbers are gathered before it is timed and read in order, as a card reader hands
    // them over: picked from the 1M-card list inside the timed loop, each would be a cold read
    // of the benchmark's own (32 MB of numbers) on top of the bank's.
    for round in 0..rounds as u64 {
        for (k, (bank, cards)) in banks.iter().enumerate() {
            let n = sizes[k];
            let numbers: Vec<_> = (round * pairs..(round + 1) * pairs)
                .map(|i| cards[scatter(i, n)].clone())
                .collect();
            let start = Instant::now();
            for number in &numbers {
                let s = login(bank, &machine, number);
                black_box(
                    bank.session(&machine, s, SessionRequest::Logout, now())
                        .unwrap(),
                );
            }
            times[k].push(start.elapsed().as_nanos() as f64 / pairs as f64);
            bank.forget_ended_sessions(now());
        }
    }
    println!("login + logout, ns per pair ({rounds} alternating rounds of {pairs} pairs)");
    println!("{:>10} {:>10} {:>10}", "users", "median", "best");
    let mut medians = Vec::new();
    for (k, t) in times.iter_mut().enumerate() {
        t.sort_by(f64::total_cmp);
        let (median, best) = (t[t.len() / 2], t[0]);
        medians.push(median);
        println!("{:>10} {median:>10.0} {best:>10.0}", sizes[k]);
    }
    println!("1M / 1k (medians): {:.2} x", medians[1] / medians[0]);
}
