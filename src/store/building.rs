//! Building a bank from a scenario: reading scenario files, the built-in demo bank and the seed
//! demos, and turning one into records.
//!
//! A returning visit that opens no scenario never runs this code, and a first visit needs it
//! only once the browser has created the database. So Trunk builds (the `split` feature) make it
//! a wasm module of its own, fetched the first time it is needed: [`code`] is the only way in.
//! Elsewhere (tests, native) [`code`] is ready at once.

use super::entropy::OsEntropy;
use super::split::NotLoaded;
use crate::core::scenario::Built;
use crate::core::{AtmError, Scenario, Timestamp, UtcOffset};

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
    }
}
