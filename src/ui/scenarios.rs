//! The five seed demos as guided scenarios: each replaces the bank and picks its machine.

use super::Ctx;
use super::atm::Machine;
use super::goals::ScenarioRun;
use super::scenario_load::{self, Source};
use crate::core::scenario::SEED_DEMOS;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Loads seed demo `n` into the store.
fn start(ctx: Ctx, machine: Machine, run: ScenarioRun, n: u8) {
    spawn_local(async move {
        if let Err(e) = scenario_load::load(ctx, machine, run, Source::SeedDemo(n)).await {
            machine.notice(e);
        }
    });
}

#[component]
pub fn Scenarios() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let machine = expect_context::<Machine>();
    let run = expect_context::<ScenarioRun>();
    view! {
        <section class="scenarios" role="region" aria-label="Scenarios">
            <h2>"Scenarios"</h2>
            <ol class="scenario-list">
                {SEED_DEMOS.iter().map(|demo| {
                    let n = demo.number;
                    let desc_id = format!("scenario-{n}-desc");
                    view! {
                        <li class="scenario">
                            <button type="button" aria-describedby=desc_id.clone()
                                on:click=move |_| start(ctx, machine, run, n)>
                                {format!("Start scenario {n}")}
                            </button>
                            <strong class="scenario-title">{demo.title}</strong>
                            <p class="scenario-desc" id=desc_id>{demo.description}</p>
                        </li>
                    }
                }).collect_view()}
            </ol>
            <Show when=move || !ctx.hints.with(Vec::is_empty)>
                <div class="hints" role="note" aria-label="Hints">
                    <h3>"Hints"</h3>
                    <ol>{move || ctx.hints.get().into_iter().map(|h| view! { <li>{h}</li> }).collect_view()}</ol>
                </div>
            </Show>
        </section>
    }
}
