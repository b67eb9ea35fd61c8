//! Playing presses by themselves: a seed demo at a readable pace with a caption for each step
//! (`Play demo N`), or a learner's run (`Load a run`) at its own pace or fast. `Pause`,
//! `Resume` and `Stop` work for both. The presses go into the machine as a learner's would.

use super::Ctx;
use super::atm::Machine;
use super::goals::ScenarioRun;
use super::i18n::{I18nLocaleTrait, t_string, td_string, use_i18n};
use super::scenario_load::{self, Source};
use crate::core::LocalText;
use crate::core::run::{Run, RunEvent};
use crate::core::scenario::seed_demos;
use crate::flow::replay::{self, Press};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::time::Duration;

/// How long a demo waits before each press, and before a PIN's or an amount's next digit.
const DEMO_STEP: Duration = Duration::from_millis(1_400);
const DEMO_DIGIT: Duration = Duration::from_millis(450);
/// A fast replay's pace.
const FAST_STEP: Duration = Duration::from_millis(150);
/// How often a press waits for the machine to finish answering.
const BUSY_RETRY: Duration = Duration::from_millis(120);

/// What is playing.
#[derive(Clone, Debug, PartialEq)]
pub enum Playing {
    Demo(u8),
    Replay,
}

/// One press, how long to wait before it, and the caption it shows.
struct Step {
    wait: Duration,
    press: Press,
    caption: Option<LocalText>,
}

/// The player, shared through context.
#[derive(Clone, Copy)]
pub struct Player {
    pub playing: RwSignal<Option<Playing>>,
    pub paused: RwSignal<bool>,
    /// What the current step shows (a demo's hint), and how far it is.
    pub caption: RwSignal<Option<LocalText>>,
    pub progress: RwSignal<(usize, usize)>,
    /// The last play went to its end (what it showed stays until the next play or `Stop`).
    pub ended: RwSignal<bool>,
    steps: StoredValue<Vec<Step>, LocalStorage>,
    /// Bumped by every start and stop, so a timer from an earlier play does nothing.
    generation: StoredValue<u64>,
    ctx: Ctx,
    machine: Machine,
    run: ScenarioRun,
}

impl Player {
    pub fn new(ctx: Ctx, machine: Machine, run: ScenarioRun) -> Player {
        Player {
            playing: RwSignal::new(None),
            paused: RwSignal::new(false),
            caption: RwSignal::new(None),
            progress: RwSignal::new((0, 0)),
            ended: RwSignal::new(false),
            steps: StoredValue::new_local(Vec::new()),
            generation: StoredValue::new(0),
            ctx,
            machine,
            run,
        }
    }

    /// Puts seed demo `n` in place and plays its script.
    pub fn play_demo(self, n: u8) {
        let Some(demo) = seed_demos().into_iter().find(|d| d.number == n) else {
            return;
        };
        let hints = demo.hints.clone();
        let events: Vec<RunEvent> = demo
            .script
            .iter()
            .map(|s| RunEvent {
                at_ms: 0,
                step: s.step.clone(),
            })
            .collect();
        let captions: Vec<Option<LocalText>> = demo
            .script
            .iter()
            .map(|s| s.hint.and_then(|h| hints.get(h).cloned()))
            .collect();
        spawn_local(async move {
            if let Err(e) =
                scenario_load::load(self.ctx, self.machine, self.run, Source::SeedDemo(n)).await
            {
                self.machine.notice(e);
                return;
            }
            let mut steps = Vec::new();
            let mut caption = None;
            for (event, hint) in events.iter().zip(captions) {
                caption = hint.or(caption);
                let digit =
                    matches!(&event.step, crate::core::run::RunStep::Key { key } if key.len() == 1);
                for (_, press) in replay::presses(std::slice::from_ref(event), None) {
                    steps.push(Step {
                        wait: if digit { DEMO_DIGIT } else { DEMO_STEP },
                        press,
                        caption: caption.clone(),
                    });
                }
            }
            self.start(Playing::Demo(n), steps);
        });
    }

    /// Puts the scenario the learner played in place again and replays `run` on it, at the
    /// run's own pace or `fast`.
    pub fn replay(self, run: Run, fast: bool) {
        let source = self.run.source.get_value().unwrap_or(Source::Demo);
        spawn_local(async move {
            if let Err(e) = scenario_load::load(self.ctx, self.machine, self.run, source).await {
                self.machine.notice(e);
                return;
            }
            // The PIN of the run's card, as the scenario gives it, types a `•`.
            let first_card = run.events.iter().find_map(|e| match &e.step {
                crate::core::run::RunStep::Insert { card_last4 } => Some(card_last4.clone()),
                _ => None,
            });
            let pin = first_card.and_then(|last4| {
                self.run.cards.with_untracked(|cards| {
                    cards
                        .iter()
                        .find(|(n, _)| n.last4() == last4)
                        .map(|(_, p)| p.clone())
                })
            });
            let mut last = 0;
            let steps = replay::presses(&run.events, pin.as_deref())
                .into_iter()
                .map(|(at_ms, press)| {
                    let wait = if fast {
                        FAST_STEP
                    } else {
                        Duration::from_millis(at_ms.saturating_sub(last))
                    };
                    last = at_ms;
                    Step {
                        wait,
                        press,
                        caption: None,
                    }
                })
                .collect();
            self.start(Playing::Replay, steps);
        });
    }

    fn start(self, what: Playing, steps: Vec<Step>) {
        self.generation.update_value(|g| *g += 1);
        self.progress.set((0, steps.len()));
        self.steps.set_value(steps);
        self.paused.set(false);
        self.ended.set(false);
        self.caption.set(None);
        self.playing.set(Some(what));
        self.schedule();
    }

    pub fn pause(self) {
        self.paused.set(true);
    }

    pub fn resume(self) {
        if self.paused.get_untracked() {
            self.paused.set(false);
            self.schedule();
        }
    }

    pub fn stop(self) {
        self.generation.update_value(|g| *g += 1);
        self.playing.set(None);
        self.paused.set(false);
        self.ended.set(false);
        self.caption.set(None);
    }

    /// Waits for the next step's time, then presses it.
    fn schedule(self) {
        let (done, _) = self.progress.get_untracked();
        let wait = self.steps.with_value(|s| s.get(done).map(|s| s.wait));
        let Some(wait) = wait else {
            // Played to the end: what it showed stays until the next play.
            self.playing.set(None);
            self.ended.set(true);
            return;
        };
        let generation = self.generation.get_value();
        set_timeout(move || self.step(generation), wait);
    }

    fn step(self, generation: u64) {
        if self.generation.try_get_value() != Some(generation) || self.paused.get_untracked() {
            return;
        }
        // The machine is still answering the last press: wait for it, as a learner would.
        if self.machine.busy.get_untracked() {
            set_timeout(move || self.step(generation), BUSY_RETRY);
            return;
        }
        let (done, total) = self.progress.get_untracked();
        let step = self
            .steps
            .with_value(|s| s.get(done).map(|s| (s.press.clone(), s.caption.clone())));
        let Some((press, caption)) = step else {
            return;
        };
        if caption.is_some() {
            self.caption.set(caption);
        }
        match press {
            Press::Insert(last4) => {
                let card = self.ctx.wallet.with_untracked(|w| {
                    w.iter()
                        .find(|c| c.number.last4() == last4)
                        .map(|c| c.number.clone())
                });
                if let Some(card) = card {
                    self.machine.insert(card);
                }
            }
            Press::Input(input) => self.machine.send(input),
            Press::Clock(minutes) => {
                self.ctx.clock.advance_ms(minutes * 60_000);
                self.run
                    .record(crate::core::run::RunStep::Clock { minutes });
                self.ctx.refresh();
            }
        }
        self.progress.set((done + 1, total));
        self.schedule();
    }
}

/// What plays, its caption, and `Pause` / `Resume` / `Stop demo` (or `Stop replay`).
#[component]
pub fn NowPlaying() -> impl IntoView {
    let player = expect_context::<Player>();
    let i18n = use_i18n();
    let heading = move || match player.playing.get() {
        Some(Playing::Demo(n)) => t_string!(i18n, player.demo, n = n).to_string(),
        Some(Playing::Replay) => t_string!(i18n, player.replay).to_string(),
        None => t_string!(i18n, player.finished).to_string(),
    };
    let caption = move || {
        let lang = i18n.get_locale();
        player
            .caption
            .with(|c| c.as_ref().map(|c| c.get(lang.as_str()).to_string()))
    };
    let stop_label = move || match player.playing.get() {
        Some(Playing::Replay) => td_string!(i18n.get_locale(), player.stop_replay),
        _ => td_string!(i18n.get_locale(), player.stop_demo),
    };
    view! {
        <Show when=move || player.playing.with(Option::is_some) || player.ended.get()>
            <section class="now-playing" role="region" aria-label=move || t_string!(i18n, player.region)>
                <h2>{heading}</h2>
                <p class="caption" aria-live="polite">{caption}</p>
                <p class="progress">{move || {
                    let (done, total) = player.progress.get();
                    t_string!(i18n, player.progress, done = done, total = total)
                }}</p>
                <Show when=move || player.playing.with(Option::is_some)>
                    <div class="player-buttons">
                        {move || if player.paused.get() {
                            view! { <button type="button" on:click=move |_| player.resume()>{t_string!(i18n, player.resume)}</button> }.into_any()
                        } else {
                            view! { <button type="button" on:click=move |_| player.pause()>{t_string!(i18n, player.pause)}</button> }.into_any()
                        }}
                        <button type="button" on:click=move |_| player.stop()>{stop_label}</button>
                    </div>
                </Show>
            </section>
        </Show>
    }
}
