//! Entry point: set the panic hook and mount the app. Everything else lives in the library.

#[cfg(target_arch = "wasm32")]
fn main() {
    atm_sim::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("The ATM simulator runs in the browser: use `scripts/run.sh` (see README.md).");
}
