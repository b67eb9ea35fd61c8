//! Memory per idle session, in bytes: heap allocated by 100,000 logins divided by 100,000
//! (the session record, its map entry, and the card's hold). Run:
//! `cargo bench --bench session_memory`.

mod common;

use common::*;
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};
use std::alloc::System;

/// The system allocator, counting bytes (the crate's wrapper, so no `unsafe` here).
#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

fn main() {
    const N: usize = 100_000;
    let (bank, cards) = bank(N, 1, 0, 0);
    let machine = atm_core::synthetic::machine_id(0);
    let region = Region::new(GLOBAL);
    let sessions: Vec<_> = cards.iter().map(|c| login(&bank, &machine, c)).collect();
    let change = region.change();
    let live = change.bytes_allocated as isize - change.bytes_deallocated as isize
        + change.bytes_reallocated;
    let own = (sessions.capacity() * std::mem::size_of::<atm_core::SessionId>()) as isize;
    let per = (live - own) / N as isize;
    println!(
        "memory per idle session: {per} bytes ({N} sessions, {} bytes of session records)",
        std::mem::size_of::<atm_core::Session>()
    );
}
