//! Memory per idle session, in bytes: heap allocated by 100,000 logins divided by 100,000
//! (the session record, its map entry, and the card's hold). Run:
//! `cargo bench --bench session_memory`.

mod common;

use common::*;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};

struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

// SAFETY: forwards to the system allocator unchanged and only counts bytes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(
            new_size as isize - layout.size() as isize,
            Ordering::Relaxed,
        );
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn main() {
    const N: usize = 100_000;
    let (bank, cards) = bank(N, 1, 0, 0);
    let machine = atm_core::synthetic::machine_id(0);
    let before = LIVE.load(Ordering::Relaxed);
    let sessions: Vec<_> = cards.iter().map(|c| login(&bank, &machine, c)).collect();
    let after = LIVE.load(Ordering::Relaxed);
    let own = (sessions.capacity() * std::mem::size_of::<atm_core::SessionId>()) as isize;
    let per = (after - before - own) / N as isize;
    println!(
        "memory per idle session: {per} bytes ({N} sessions, {} bytes of session records)",
        std::mem::size_of::<atm_core::Session>()
    );
}
