//! The in-memory bank's side of the calls the first screen's code makes (a card, the settings,
//! the wallet, the machine list). In the browser the bank lives in memory only
//! when IndexedDB cannot be opened, so release builds (the `split` feature) fetch this code as a
//! module of its own, and only then: a visit whose bank is saved never downloads it. [`code`] is
//! the only way in; the other calls on the bank in memory come from modules that are split off
//! already (the back office, the session code, which also reads the history).

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

#[cfg_attr(
    all(feature = "split", target_arch = "wasm32"),
    leptos::wasm_split::wasm_split(memory, wasm_split_path = ::leptos::wasm_split, fallible)
)]
fn memory_code() -> Result<MemoryCode, NotLoaded> {
    Ok(MemoryCode {
        card: MemoryStore::card,
        settings: MemoryStore::settings,
        wallet: MemoryStore::wallet,
        machines: MemoryStore::machines,
    })
}

super::split::way_in!(memory_code -> MemoryCode);
