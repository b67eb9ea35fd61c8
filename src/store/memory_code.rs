//! The in-memory bank's side of the calls the first screen's code makes (a card, the settings,
//! the wallet, the machine list). In the browser the bank lives in memory only when IndexedDB
//! cannot be opened, so these come with the in-memory bank's session requests, in the session
//! code ([`super::session_code`]: a module of its own in release builds, fetched after the first
//! screen, and at once when the bank runs in memory). [`code`] is the only way in; the other
//! calls on the bank in memory come from modules that are split off already (the back office,
//! the rest of the session code).

use super::split::NotLoaded;
use super::{MemoryStore, StoreResult, WalletCard};
use crate::core::{CardNumber, CardRequest, Machine, MachineId, Reply, Settings, Timestamp};

/// The in-memory calls, reached through plain function pointers so that nothing outside
/// [`code`] calls them directly (which would keep them in the main module).
#[derive(Clone, Copy)]
pub struct MemoryCode {
    pub card:
        fn(&MemoryStore, &MachineId, &CardNumber, CardRequest, Timestamp) -> StoreResult<Reply>,
    pub settings: fn(&MemoryStore) -> Settings,
    pub wallet: fn(&MemoryStore, Timestamp) -> Vec<WalletCard>,
    pub machines: fn(&MemoryStore) -> Vec<Machine>,
}

/// What the session code hands out (only its split point names it).
pub(super) const MEMORY_CODE: MemoryCode = MemoryCode {
    card: MemoryStore::card,
    settings: MemoryStore::settings,
    wallet: MemoryStore::wallet,
    machines: MemoryStore::machines,
};

/// The code: fetched with the session code on the first call in split builds, at once
/// elsewhere.
pub async fn code() -> Result<MemoryCode, NotLoaded> {
    Ok(super::session_code::code().await?.in_memory)
}
