//! The ATM simulator: three layers that only point downwards.
//!
//! - [`core`]: the pure domain (its own crate, `src/core`, so the compiler guarantees it
//!   never depends on the browser, the UI or a clock).
//! - [`store`]: the only place that keeps state: in memory, and in IndexedDB in the browser.
//! - `ui`: Leptos components (wasm only).

pub use atm_core as core;
pub mod store;
#[cfg(target_arch = "wasm32")]
pub mod ui;
