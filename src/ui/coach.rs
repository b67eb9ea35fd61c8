//! The coach on the page: `Show me` rings the control `flow::coach::next` names for the current
//! goal (with `aria-describedby` pointing at the `Coach` region, which says the step in words),
//! and after 20 seconds without input during a scenario the region offers help.

use super::Ctx;
use super::atm::Machine;
use super::goals::ScenarioRun;
use super::i18n::{Locale, t, t_string, td_string, use_i18n};
use super::talk::Talk;
use super::words;
use crate::core::CardStatus;
use crate::core::goals::Goal;
use crate::flow::coach::{self, Advice, Control, KnownCard, Step};
use leptos::prelude::*;
use std::time::Duration;

/// The `Coach` region's id: the control the coach points at is described by it.
pub const REGION_ID: &str = "coach";

/// How long a learner may sit on one screen before the coach offers help.
const OFFER_AFTER_MS: f64 = 20_000.0;

/// The coach's state, shared through context.
#[derive(Clone, Copy)]
pub struct Coach {
    /// `Show me` is on: the next control is ringed.
    pub on: RwSignal<bool>,
    /// The next step, while there is a goal to lead to.
    step: Memo<Option<Step>>,
    /// Every goal is met.
    done: Memo<bool>,
    /// When the machine last changed (page time, ms).
    still_since: RwSignal<f64>,
    /// The learner has hesitated: the region offers help.
    offer: RwSignal<bool>,
}

/// The goal the coach leads to: the scenario's first unmet one, or a balance check when no
/// scenario sets goals (a visitor trying the machine).
fn current_goal(run: ScenarioRun) -> Option<Goal> {
    run.tracker.with(|t| {
        if t.goals().next().is_none() {
            return Some(Goal::CheckBalance);
        }
        t.goals().find(|(_, met)| !met).map(|(g, _)| g.clone())
    })
}

/// The card the coach works with: the one in the slot, else the scenario's first card in the
/// wallet, else the wallet's first; with its PIN if the scenario gave it.
fn known_card(ctx: Ctx, machine: Machine, run: ScenarioRun) -> Option<KnownCard> {
    let wallet = ctx.wallet.get();
    let cards = run.cards.get();
    let number = machine.card.get().or_else(|| {
        cards
            .iter()
            .map(|(n, _)| n)
            .find(|n| {
                wallet
                    .iter()
                    .any(|w| &w.number == *n && w.retained_at.is_none())
            })
            .cloned()
            .or_else(|| wallet.first().map(|w| w.number.clone()))
    })?;
    let blocked = wallet
        .iter()
        .find(|w| w.number == number)
        .is_some_and(|w| matches!(w.status, CardStatus::Blocked { .. }));
    Some(KnownCard {
        last4: number.last4().to_string(),
        pin: cards
            .iter()
            .find(|(n, _)| *n == number)
            .map(|(_, p)| p.clone()),
        blocked,
    })
}

impl Coach {
    pub fn start(ctx: Ctx, machine: Machine, run: ScenarioRun) -> Coach {
        let step = Memo::new(move |_| {
            let goal = current_goal(run)?;
            let card = known_card(ctx, machine, run)?;
            Some(machine.state.with(|atm| coach::next(atm, &goal, &card)))
        });
        let coach = Coach {
            on: RwSignal::new(false),
            step,
            done: Memo::new(move |_| run.tracker.with(|t| t.is_complete())),
            still_since: RwSignal::new(js_sys::Date::now()),
            offer: RwSignal::new(false),
        };
        // Anything the learner changes at the machine (the screen, what is typed, the card)
        // starts the wait again; the heartbeat alone changes none of them.
        Effect::new(move |_| {
            machine.display.track();
            machine.card.track();
            coach.still_since.set(js_sys::Date::now());
            coach.offer.set(false);
        });
        // In talking mode each new piece of advice is spoken after the screen (a PIN's digits
        // change the key pointed at, not the advice, so they are not spoken).
        let talk = expect_context::<Talk>();
        let heard = Memo::new(move |_| {
            coach
                .on
                .get()
                .then(|| coach.step.with(|s| s.as_ref().map(|s| s.advice.clone())))
                .flatten()
        });
        Effect::new(move |_| {
            if let Some(a) = heard.get() {
                // After this change's screen is spoken (which cancels what was being said).
                set_timeout(move || talk.add(&advice(&a, talk.locale())), Duration::ZERO);
            }
        });
        coach
    }

    /// Whether `Show me` is ringing `control` now.
    pub fn points_at(&self, control: &Control) -> bool {
        self.on.get()
            && self
                .step
                .with(|s| s.as_ref().and_then(|s| s.control.as_ref()) == Some(control))
    }

    /// A second of the heartbeat: during a scenario, a learner still on one screen for 20
    /// seconds is offered help.
    fn check(&self, run: ScenarioRun) {
        let in_scenario = run.has_goals() && !self.done.get_untracked();
        let still = js_sys::Date::now() - self.still_since.get_untracked();
        if in_scenario && !self.on.get_untracked() && still >= OFFER_AFTER_MS {
            self.offer.set(true);
        }
    }
}

/// The `aria-describedby` of a control the coach may point at: the region's id while it does.
pub fn described(control: Control) -> impl Fn() -> Option<&'static str> + Copy + 'static {
    let coach = use_context::<Coach>();
    let control = StoredValue::new(control);
    move || {
        coach
            .filter(|c| control.with_value(|k| c.points_at(k)))
            .map(|_| REGION_ID)
    }
}

/// Whether the coach rings `control` (for its `coach-target` class).
pub fn ringed(control: Control) -> impl Fn() -> bool + Copy + 'static {
    let d = described(control);
    move || d().is_some()
}

/// The step in words.
fn advice(a: &Advice, l: Locale) -> String {
    match a {
        Advice::InsertCard(last4) => td_string!(l, coach.insert_card, last4),
        Advice::TypePin => td_string!(l, coach.type_pin).into(),
        Advice::TypeWrongPin => td_string!(l, coach.type_wrong_pin).into(),
        Advice::TypeNewPin => td_string!(l, coach.type_new_pin).into(),
        Advice::TypeAmount(amount) => td_string!(l, coach.type_amount, amount),
        Advice::Press(soft) => td_string!(l, coach.press, key = words::soft(soft, l)),
        Advice::BackToMenu => td_string!(l, coach.back_to_menu).into(),
        Advice::TakeCash => td_string!(l, coach.take_cash).into(),
        Advice::TakeReceipt => td_string!(l, coach.take_receipt).into(),
        Advice::TakeCard => td_string!(l, coach.take_card).into(),
        Advice::WaitForBlock => td_string!(l, coach.wait_for_block).into(),
        Advice::Wait => td_string!(l, coach.wait).into(),
        Advice::TryIt => td_string!(l, coach.try_it).into(),
        Advice::ReportProblem => td_string!(l, fees.coach_report).into(),
    }
}

/// `Show me` and the `Coach` region.
#[component]
pub fn CoachPanel() -> impl IntoView {
    let coach = expect_context::<Coach>();
    let run = expect_context::<ScenarioRun>();
    let i18n = use_i18n();
    if let Ok(handle) = set_interval_with_handle(move || coach.check(run), Duration::from_secs(1)) {
        on_cleanup(move || handle.clear());
    }
    let said = move || {
        let l = i18n.get_locale();
        if coach.done.get() {
            return td_string!(l, coach.all_done).to_string();
        }
        if coach.on.get() {
            return coach
                .step
                .with(|s| s.as_ref().map(|s| advice(&s.advice, l)))
                .unwrap_or_default();
        }
        if coach.offer.get() {
            return td_string!(l, coach.offer).to_string();
        }
        td_string!(l, coach.idle).to_string()
    };
    view! {
        <div class="coach" class:offering=move || coach.offer.get()>
            <button type="button" class="show-me" aria-pressed=move || coach.on.get().to_string()
                on:click=move |_| coach.on.update(|on| *on = !*on)>
                {t!(i18n, coach.show_me)}
            </button>
            <section id=REGION_ID class="coach-words" role="region" aria-live="polite"
                aria-label=move || t_string!(i18n, coach.region)>
                <p>{said}</p>
            </section>
        </div>
    }
}
