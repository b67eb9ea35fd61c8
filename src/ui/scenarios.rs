//! The five seed demos as guided scenarios: each replaces the bank and picks its machine.

use super::Ctx;
use super::atm::Machine;
use crate::core::scenario::SEED_DEMOS;
use crate::core::{MachineId, Scenario};
use crate::store::entropy::OsEntropy;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Loads seed demo `n` into the store.
fn start(ctx: Ctx, machine: Machine, n: u8) {
    let Some(scenario) = Scenario::seed_demo(n) else {
        return;
    };
    let built = match scenario.build(ctx.now(), ctx.offset, &OsEntropy) {
        Ok(b) => b,
        Err(e) => {
            machine.notice(e.to_string());
            return;
        }
    };
    let hints = scenario.hints.clone();
    let first_machine = scenario.machines.first().map(|m| MachineId(m.id.clone()));
    spawn_local(async move {
        match ctx.store().replace(built.snapshot).await {
            Ok(()) => {
                ctx.clock.set(built.clock);
                machine.reset();
                ctx.phone.set(Vec::new());
                ctx.email.set(Vec::new());
                if let Some(id) = first_machine {
                    ctx.machine.set(id);
                }
                ctx.hints.set(hints);
                ctx.refresh();
            }
            Err(e) => machine.notice(e.to_string()),
        }
    });
}

#[component]
pub fn Scenarios() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let machine = expect_context::<Machine>();
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
                                on:click=move |_| start(ctx, machine, n)>
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
