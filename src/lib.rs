//! The ATM simulator: three layers that only point downwards.
//!
//! - [`core`]: the pure domain (its own crate, `src/core`, so the compiler guarantees it
//!   never depends on the browser, the UI or a clock).
//! - [`store`]: the only place that keeps state: in memory, and in IndexedDB in the browser.
//! - [`flow`]: the machine's screens as a pure reducer over the store's answers.
//! - `ui`: Leptos components (wasm only).

pub use atm_core as core;
pub mod flow;
pub mod store;
#[cfg(target_arch = "wasm32")]
pub mod ui;

/// The embedding wire format is pure, so it is compiled natively as well and `cargo test`
/// checks the message shapes portals depend on (in the browser it is `ui::embed::wire`).
#[cfg(not(target_arch = "wasm32"))]
#[path = "ui/embed/wire.rs"]
pub mod embed_wire;
