//! Building a bank from a scenario: reading scenario files, the built-in demo bank and the seed
//! demos, and turning one into records; and putting a whole bank in place (validated first), in
//! IndexedDB or in memory.
//!
//! A returning visit that opens no scenario never runs this code, and a first visit needs it
//! only once the browser has created the database (to build and write the demo bank). So Trunk
//! builds (the `split` feature) make it a wasm module of its own, fetched the first time it is
//! needed: [`code`] is the only way in. Elsewhere (tests, native) [`code`] is ready at once.

use super::entropy::OsEntropy;
use super::split::NotLoaded;
use super::{MemoryStore, Notifiers, StoreResult};
use crate::core::scenario::Built;
use crate::core::{AtmError, BankSnapshot, Entropy, Scenario, Timestamp, UtcOffset};
use std::sync::Arc;

/// Replacing the bank in IndexedDB, as a boxed future so that a plain function pointer can
/// carry it.
#[cfg(target_arch = "wasm32")]
pub type IdbReplace =
    for<'a> fn(
        &'a super::IdbStore,
        BankSnapshot,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = StoreResult<()>> + 'a>>;

/// The scenario code, reached through plain function pointers so that nothing outside
/// [`code`] calls it directly (which would keep it in the main module).
#[derive(Clone, Copy)]
pub struct ScenarioCode {
    /// A scenario file's JSON; a bad file names its line and column.
    pub parse: fn(&str) -> Result<Scenario, AtmError>,
    /// The built-in demo bank.
    pub demo: fn() -> Scenario,
    /// Seed demo `n` (1–5), if there is one.
    pub seed_demo: fn(u8) -> Option<Scenario>,
    /// The scenario's records, validated, and the time its clock starts at.
    pub build: fn(&Scenario, Timestamp, UtcOffset) -> Result<Built, AtmError>,
    /// A bank held in memory, holding the snapshot's records (a bad snapshot is refused whole),
    /// its events going to the notifiers.
    pub memory_store:
        fn(BankSnapshot, Arc<dyn Entropy>, Arc<Notifiers>) -> StoreResult<MemoryStore>,
    /// The bank in memory replaced whole (a bad snapshot changes nothing).
    pub replace_memory: fn(&MemoryStore, BankSnapshot) -> StoreResult<()>,
    /// The bank in IndexedDB replaced whole, in one transaction (a bad snapshot changes nothing).
    #[cfg(target_arch = "wasm32")]
    pub replace_idb: IdbReplace,
    /// A database this visit has just created, seeded with the bank, its commit not waited for
    /// (see `IdbStore::seed`).
    #[cfg(target_arch = "wasm32")]
    pub seed: fn(&super::IdbStore, &BankSnapshot) -> StoreResult<()>,
}

#[cfg_attr(
    all(feature = "split", target_arch = "wasm32"),
    leptos::wasm_split::wasm_split(scenarios, wasm_split_path = ::leptos::wasm_split, fallible)
)]
fn scenario_code() -> Result<ScenarioCode, NotLoaded> {
    Ok(ScenarioCode {
        parse: Scenario::from_json,
        demo: Scenario::demo,
        seed_demo: Scenario::seed_demo,
        build: |scenario, now, offset| scenario.build(now, offset, &OsEntropy),
        memory_store: MemoryStore::publishing_to,
        replace_memory: MemoryStore::replace,
        #[cfg(target_arch = "wasm32")]
        replace_idb: |store, snapshot| Box::pin(store.replace(snapshot)),
        #[cfg(target_arch = "wasm32")]
        seed: super::IdbStore::seed,
    })
}

super::split::way_in!(scenario_code -> ScenarioCode);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::split::ready_now;

    /// Outside split builds the code is at hand, and each pointer is the core's own function.
    #[test]
    fn the_code_is_the_cores_scenario_code() {
        let code = ready_now(code()).expect("ready at once outside split builds");
        let demo = (code.demo)();
        assert_eq!(demo, Scenario::demo());
        assert_eq!((code.seed_demo)(2), Scenario::seed_demo(2));
        assert_eq!((code.seed_demo)(9), None);
        let text = crate::core::scenario::DEMO_BANK_JSON;
        assert_eq!(
            (code.parse)(text).map(|s| s.users),
            Scenario::from_json(text).map(|s| s.users)
        );
        assert!((code.parse)("{").is_err());
        let now = Timestamp::from_millis(1_795_000_000_000);
        let built = (code.build)(&demo, now, UtcOffset::UTC).expect("the demo builds");
        assert_eq!(
            built.snapshot.cards.len(),
            demo.users.iter().map(|u| u.cards.len()).sum::<usize>()
        );
        let store =
            (code.memory_store)(built.snapshot.clone(), Arc::new(OsEntropy), Arc::default())
                .expect("the demo bank loads");
        assert_eq!(store.export(), built.snapshot);
    }

    /// Putting a bank in place goes through the checks: a bad snapshot is refused whole and the
    /// bank stays as it was.
    #[test]
    fn a_bad_bank_is_refused_whole_and_changes_nothing() {
        let code = ready_now(code()).expect("ready at once outside split builds");
        let now = Timestamp::from_millis(1_795_000_000_000);
        let built = (code.build)(&(code.demo)(), now, UtcOffset::UTC).expect("the demo builds");
        let mut bad = built.snapshot.clone();
        bad.cards[0].user = crate::core::UserId::from("nobody");
        assert!((code.memory_store)(bad.clone(), Arc::new(OsEntropy), Arc::default()).is_err());
        let store = MemoryStore::empty(Arc::new(OsEntropy));
        let empty = store.export();
        // The same bank as an empty snapshot loaded through the checks.
        let checked = BankSnapshot {
            format: crate::core::snapshot::SNAPSHOT_FORMAT,
            ..BankSnapshot::default()
        };
        let loaded = (code.memory_store)(checked, Arc::new(OsEntropy), Arc::default());
        assert_eq!(loaded.map(|s| s.export()), Ok(empty.clone()));
        assert!((code.replace_memory)(&store, bad).is_err());
        assert_eq!(store.export(), empty);
        (code.replace_memory)(&store, built.snapshot.clone()).expect("the demo bank loads");
        assert_eq!(store.export(), built.snapshot);
    }
}
