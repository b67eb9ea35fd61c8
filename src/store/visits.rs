//! Whether this browser has opened a bank before: one flag in `localStorage` per database, a
//! hint and never data (no card, no PIN, nothing of the bank).
//!
//! Without the flag a page expects a first visit, and shows the demo bank's wallet while the
//! browser is still creating the database (most of a first visit's wait) instead of after it.
//! A wrong guess costs a redraw, not correctness: every call still waits for the bank that
//! opens, and the wallet read from it replaces the guessed one.

fn key(db_name: &str) -> String {
    format!("{db_name}.opened")
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// True when this browser has never opened `db_name`, as far as it can tell. False when it has,
/// and when there is no storage to ask (then nothing is guessed).
pub fn first_visit(db_name: &str) -> bool {
    storage().is_some_and(|s| matches!(s.get_item(&key(db_name)), Ok(None)))
}

/// Notes that `db_name` has been opened here, so later pages wait for it instead of guessing.
pub fn remember_opened(db_name: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(&key(db_name), "1");
    }
}

/// Forgets that `db_name` was opened here, for whoever deletes the database (tests do).
pub fn forget_opened(db_name: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(&key(db_name));
    }
}
