//! Putting a scenario in place: one path for the seed demos, files by URL and imports, and the
//! reset to the demo bank, so every way in resets the machine, the clock, the inboxes, the hints
//! and the goals alike.

use super::Ctx;
use super::atm::Machine;
use super::goals::ScenarioRun;
use crate::core::{MachineId, Scenario};
use crate::store::entropy::OsEntropy;
use leptos::prelude::*;

/// Which scenario to put in place.
pub enum Source {
    /// The built-in demo bank.
    Demo,
    /// Seed demo `n`.
    SeedDemo(u8),
    /// A scenario file's text.
    File(String),
}

/// Reads, validates and builds the scenario, then replaces the bank with it. On error nothing
/// has changed and the message names the field (`users[0].cards[0].pin: A PIN has 4 to 6
/// digits`).
pub async fn load(
    ctx: Ctx,
    machine: Machine,
    run: ScenarioRun,
    source: Source,
) -> Result<(), String> {
    let scenario = match source {
        Source::Demo => Scenario::demo(),
        Source::SeedDemo(n) => {
            Scenario::seed_demo(n).ok_or_else(|| format!("There is no scenario {n}"))?
        }
        Source::File(text) => Scenario::from_json(&text).map_err(|e| e.to_string())?,
    };
    let built = scenario
        .build(ctx.now(), ctx.clock.zone_untracked(), &OsEntropy)
        .map_err(|e| e.to_string())?;
    let zone = built.snapshot.settings.utc_offset;
    ctx.store()
        .replace(built.snapshot)
        .await
        .map_err(|e| e.to_string())?;
    // Whatever a scenario link had put in place is gone now (the link notes its own load after).
    super::scenario_url::mark_replaced();
    ctx.clock.set_zone(zone);
    ctx.clock.set(built.clock);
    machine.reset();
    ctx.phone.set(Vec::new());
    ctx.email.set(Vec::new());
    if let Some(first) = scenario.machines.first() {
        ctx.machine.set(MachineId::from(first.id.as_str()));
    }
    show(ctx, run, scenario);
    Ok(())
}

/// Shows a scenario file whose bank is already in place (a reload of the page its link
/// opened): its name, goals and hints; the bank, the clock and the machine stay as they are.
pub fn resume(ctx: Ctx, run: ScenarioRun, text: &str) -> Result<(), String> {
    let scenario = Scenario::from_json(text).map_err(|e| e.to_string())?;
    show(ctx, run, scenario);
    Ok(())
}

fn show(ctx: Ctx, run: ScenarioRun, scenario: Scenario) {
    ctx.hints.set(scenario.hints);
    run.begin(scenario.name, scenario.goals);
    ctx.refresh();
}
