//! The five seed demos as guided scenarios: each replaces the bank and picks its machine.

use super::Ctx;
use super::atm::Machine;
use super::goals::{Hints, ScenarioRun};
use super::i18n::{I18nLocaleTrait, t_string, use_i18n};
use super::player::Player;
use super::scenario_load::{self, Source};
use crate::core::scenario::seed_demos;
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
    let player = expect_context::<Player>();
    let i18n = use_i18n();
    view! {
        <section class="scenarios" role="region" aria-label=move || t_string!(i18n, scenarios.title)>
            <h2>{move || t_string!(i18n, scenarios.title)}</h2>
            <ol class="scenario-list">
                {seed_demos().into_iter().map(|demo| {
                    let n = demo.number;
                    let desc_id = format!("scenario-{n}-desc");
                    let title = move || demo.title.get(i18n.get_locale().as_str()).to_string();
                    let description = move || demo.description.get(i18n.get_locale().as_str()).to_string();
                    view! {
                        <li class="scenario">
                            <button type="button" aria-describedby=desc_id.clone()
                                on:click=move |_| start(ctx, machine, run, n)>
                                {move || t_string!(i18n, scenarios.start, n = n)}
                            </button>
                            <button type="button" class="play" aria-describedby=desc_id.clone()
                                on:click=move |_| player.play_demo(n)>
                                {move || t_string!(i18n, scenarios.play, n = n)}
                            </button>
                            <strong class="scenario-title">{title}</strong>
                            <p class="scenario-desc" id=desc_id>{description}</p>
                        </li>
                    }
                }).collect_view()}
            </ol>
            <Show when=move || !ctx.hints.with(Vec::is_empty)>
                <Hints />
            </Show>
        </section>
    }
}
