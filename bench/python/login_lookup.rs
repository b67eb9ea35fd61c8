//! The Rust side of `scripts/bench-python.sh`: the seed note's login workload (login + logout
//! on scattered cards of a bank of USERS users) on our core. Prints nanoseconds per pair, best
//! of five runs, like `seed_design.py login`.
//!
//! `cargo run --profile bench --example login_lookup -- USERS LOGINS`

#[path = "../../benches/common.rs"]
mod common;

use atm_core::ops::SessionRequest;
use atm_core::synthetic::machine_id;
use common::{bank, login, now, scatter};
use std::hint::black_box;
use std::time::Instant;

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .map(|a| a.parse().expect("USERS and LOGINS are whole numbers"))
        .collect();
    let [users, logins] = args[..] else {
        panic!("usage: login_lookup USERS LOGINS");
    };
    let (bank, cards) = bank(users, 1, 0, 0);
    let machine = machine_id(0);
    let mut best = f64::INFINITY;
    for _ in 0..5 {
        let start = Instant::now();
        for i in 0..logins as u64 {
            let s = login(&bank, &machine, &cards[scatter(i, users)]);
            black_box(
                bank.session(&machine, s, SessionRequest::Logout, now())
                    .unwrap(),
            );
        }
        best = best.min(start.elapsed().as_nanos() as f64 / logins as f64);
        bank.forget_ended_sessions(now());
    }
    println!("{best:.0}");
}
