//! The open scenario's goals: a checklist fed by the machine's activity, and the moment the
//! last one is met ("Scenario complete", reported to every listener).

use super::activity::Activity;
use super::atm::Machine;
use super::i18n::{I18nLocaleTrait, Locale, t_string, td_string, use_i18n};
use super::scenario_load::Source;
use super::scenario_url::LinkProblem;
use crate::core::goals::{Goal, GoalTracker};
use crate::core::run::{Run, RunEvent, RunStep};
use crate::core::text::ENGLISH;
use crate::core::{CardNumber, LocalText, Scenario};
use crate::flow::replay;
use leptos::prelude::*;
use leptos_i18n::I18nContext;

/// The scenario being played: its name, its goals, when it began and whether it is done.
#[derive(Clone, Copy)]
pub struct ScenarioRun {
    pub name: RwSignal<Option<LocalText>>,
    pub tracker: RwSignal<GoalTracker>,
    /// Real time (ms since the epoch) when the scenario was loaded: durations are the
    /// learner's time, not the training clock's.
    started_ms: RwSignal<f64>,
    /// How long the learner took, once every goal is met.
    pub completed_ms: RwSignal<Option<i64>>,
    /// Why the scenario asked for in the URL could not be loaded.
    pub problem: RwSignal<Option<LinkProblem>>,
    /// The app's language, which a scenario's `lang` sets (kept here because a scenario is
    /// put in place from async code, outside any component).
    pub i18n: I18nContext<Locale>,
    /// The scenario's cards and their PINs, in its order: the coach points at them key by
    /// key, and the wallet shows them on sticky notes when `show_pins` is set. Held in this
    /// page's memory only, as the scenario file holds them; never stored.
    pub cards: RwSignal<Vec<(CardNumber, String)>>,
    pub show_pins: RwSignal<bool>,
    /// The learner's run so far: each press and what the machine showed, from the moment the
    /// scenario was put in place (`Download run`).
    pub events: RwSignal<Vec<RunEvent>>,
    /// Where the scenario came from, to put it in place again for a replay.
    pub source: StoredValue<Option<Source>>,
}

impl ScenarioRun {
    /// No scenario yet; `i18n` is the app's language.
    pub fn new(i18n: I18nContext<Locale>) -> Self {
        ScenarioRun {
            name: RwSignal::new(None),
            tracker: RwSignal::new(GoalTracker::default()),
            started_ms: RwSignal::new(js_sys::Date::now()),
            completed_ms: RwSignal::new(None),
            problem: RwSignal::new(None),
            i18n,
            cards: RwSignal::new(Vec::new()),
            show_pins: RwSignal::new(false),
            events: RwSignal::new(Vec::new()),
            source: StoredValue::new(None),
        }
    }

    /// A new scenario is in place: its goals start unmet and the stopwatch restarts.
    pub fn begin(&self, scenario: Scenario) {
        self.know_cards(&scenario);
        self.name.set(scenario.name);
        self.tracker.set(GoalTracker::new(scenario.goals));
        self.events.set(Vec::new());
        self.started_ms.set(js_sys::Date::now());
        self.completed_ms.set(None);
        self.problem.set(None);
    }

    /// The scenario's cards and PINs, and whether to show them (also for the demo bank the app
    /// opens with, which is in place without being loaded).
    pub fn know_cards(&self, scenario: &Scenario) {
        self.cards.set(
            scenario
                .users
                .iter()
                .flat_map(|u| &u.cards)
                .filter_map(|c| Some((CardNumber::parse(&c.number).ok()?, c.pin.clone())))
                .collect(),
        );
        self.show_pins.set(scenario.show_pins);
    }

    /// No scenario (a bank imported as it was): no name, goals or cards.
    pub fn clear(&self) {
        self.cards.set(Vec::new());
        self.show_pins.set(false);
        self.name.set(None);
        self.tracker.set(GoalTracker::default());
        self.events.set(Vec::new());
        self.source.set_value(None);
        self.completed_ms.set(None);
        self.problem.set(None);
    }

    /// Adds `step` to the run, timed from the scenario's start.
    pub fn record(&self, step: RunStep) {
        let at_ms = (js_sys::Date::now() - self.started_ms.get_untracked()).max(0.0) as u64;
        self.events.update(|e| e.push(RunEvent { at_ms, step }));
    }

    /// The run so far, scored.
    pub fn run(&self) -> Run {
        let goals = self
            .tracker
            .with_untracked(|t| (t.met_count(), t.goals().count()));
        Run::new(self.event_name(), self.events.get_untracked(), goals)
    }

    pub fn has_goals(&self) -> bool {
        self.tracker.with(|t| t.goals().next().is_some())
    }

    /// The scenario's name for the messages to an embedding page, in English like the
    /// journal (a name with no English in the language it has).
    pub fn event_name(&self) -> Option<String> {
        self.name
            .with_untracked(|n| n.as_ref().map(|n| n.get(ENGLISH).to_string()))
    }

    /// The goals' texts in English, for the `ready` message.
    pub fn goal_texts(&self) -> Vec<String> {
        self.tracker
            .with_untracked(|t| t.goals().map(|(g, _)| goal_text(Locale::en, g)).collect())
    }

    /// Recovering a blocked card needs the block to pass: such a scenario needs the clock.
    pub fn needs_clock(&self) -> bool {
        self.tracker.with(|t| {
            t.goals()
                .any(|(g, _)| matches!(g, Goal::RecoverBlockedCard))
        })
    }
}

/// Feeds the core's outcomes at the machine to the goal tracker, for as long as the calling
/// component lives; reports `ScenarioCompleted` when the last goal is met.
pub fn track(run: ScenarioRun, machine: Machine) {
    let sink = machine.activity;
    // What the screen shows, in English like the journal, into the run.
    let title = Memo::new(move |_| machine.display.with(|d| d.title.clone()));
    Effect::new(move |_| {
        let title = super::words::text(&title.get(), Locale::en);
        run.record(RunStep::Screen { title });
    });
    sink.listen(move |activity: &Activity| {
        let outcome = match activity {
            Activity::Pressed(step) => return run.record(step.clone()),
            Activity::Outcome(outcome) => outcome,
            _ => return,
        };
        for step in replay::seen(outcome) {
            run.record(step);
        }
        let mut completed = false;
        run.tracker.update(|t| completed = t.observe(outcome));
        if !completed {
            return;
        }
        let duration_ms = (js_sys::Date::now() - run.started_ms.get_untracked()).max(0.0) as i64;
        run.completed_ms.set(Some(duration_ms));
        let score = run.run().score;
        sink.report(Activity::ScenarioCompleted {
            scenario: run.event_name(),
            goals_met: score.goals_met,
            goals_total: score.goals_total,
            mistakes: score.mistakes,
            duration_ms,
        });
    });
}

/// What `goal` asks of the learner, in `locale`: the goal's data through the locale's words.
pub fn goal_text(locale: Locale, goal: &Goal) -> String {
    match goal {
        Goal::CheckBalance => td_string!(locale, goals.check_balance).into(),
        Goal::Withdraw { amount: Some(a) } => {
            td_string!(locale, goals.withdraw_amount, amount = a.0)
        }
        Goal::Withdraw { amount: None } => td_string!(locale, goals.withdraw).into(),
        Goal::Deposit { amount: Some(a) } => td_string!(locale, goals.deposit_amount, amount = a.0),
        Goal::Deposit { amount: None } => td_string!(locale, goals.deposit).into(),
        Goal::Transfer => td_string!(locale, goals.transfer).into(),
        Goal::ChangePin => td_string!(locale, goals.change_pin).into(),
        Goal::ViewHistory => td_string!(locale, goals.view_history).into(),
        Goal::GetCardBlocked => td_string!(locale, goals.get_card_blocked).into(),
        Goal::RecoverBlockedCard => td_string!(locale, goals.recover_blocked_card).into(),
        // The message as the scenario gives it in this language (the machine's English
        // sentence when it gives no other).
        Goal::SeeMessage { message } => {
            td_string!(
                locale,
                goals.see_message,
                message = message.get(locale.as_str())
            )
        }
        Goal::ReportProblem => td_string!(locale, fees.goal_report_problem).into(),
        Goal::AcceptFee => td_string!(locale, fees.goal_accept_fee).into(),
        Goal::DeclineFee => td_string!(locale, fees.goal_decline_fee).into(),
    }
}

/// `65 000` → `1 min 5 s`.
fn spoken_duration(locale: Locale, ms: i64) -> String {
    let secs = ms / 1000;
    if secs < 60 {
        td_string!(locale, goals.seconds, s = secs)
    } else {
        td_string!(locale, goals.minutes, m = secs / 60, s = secs % 60)
    }
}

/// The scenario's hints, in the current language.
#[component]
pub fn Hints() -> impl IntoView {
    let ctx = expect_context::<super::Ctx>();
    let i18n = use_i18n();
    view! {
        <div class="hints" role="note" aria-label=move || t_string!(i18n, scenarios.hints)>
            <h3>{move || t_string!(i18n, scenarios.hints)}</h3>
            <ol>
                {move || {
                    let lang = i18n.get_locale().as_str();
                    ctx.hints.with(|hints| {
                        hints.iter().map(|h| view! { <li>{h.get(lang).to_string()}</li> }).collect_view()
                    })
                }}
            </ol>
        </div>
    }
}

/// The checklist. `with_hints` also lists the scenario's hints (when the scenarios panel,
/// which normally shows them, is hidden in embed mode).
#[component]
pub fn Goals(#[prop(into)] with_hints: Signal<bool>) -> impl IntoView {
    let run = expect_context::<ScenarioRun>();
    let ctx = expect_context::<super::Ctx>();
    let i18n = use_i18n();
    let hints =
        move || (with_hints.get() && !ctx.hints.with(Vec::is_empty)).then(|| view! { <Hints /> });
    let heading = move || {
        let lang = i18n.get_locale().as_str();
        run.name.with(|n| match n {
            Some(name) => name.get(lang).to_string(),
            None => t_string!(i18n, goals.title).to_string(),
        })
    };
    view! {
        {move || run.problem.get().map(|p| {
            view! { <p class="scenario-problem" role="alert">{p.words(i18n.get_locale())}</p> }
        })}
        <Show when=move || run.has_goals()>
            <section class="goals" role="region" aria-label=move || t_string!(i18n, goals.title)>
                <h2>{heading}</h2>
                <ul class="goal-list">
                    {move || {
                        let locale = i18n.get_locale();
                        run.tracker.with(|t| t.goals().map(|(goal, met)| {
                            let state = if met {
                                td_string!(locale, goals.done)
                            } else {
                                td_string!(locale, goals.not_yet)
                            };
                            view! {
                                <li class=if met { "goal met" } else { "goal" }>
                                    <span class="goal-mark" aria-hidden="true">{if met { "✓" } else { "○" }}</span>
                                    {goal_text(locale, goal)}
                                    <span class="goal-state">{format!(" {state}")}</span>
                                </li>
                            }
                        }).collect_view())
                    }}
                </ul>
                {move || run.completed_ms.get().map(|ms| {
                    let locale = i18n.get_locale();
                    let (met, total) = run.tracker.with(|t| (t.met_count(), t.goals().count()));
                    let time = spoken_duration(locale, ms);
                    view! {
                        <p class="scenario-complete" role="status">
                            {td_string!(locale, goals.complete, met = met, total = total, time = time)}
                        </p>
                    }
                })}
            </section>
        </Show>
        {hints}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn each_goal_is_worded_from_its_data_in_each_language() {
        let goals: Vec<Goal> = serde_json::from_str(
            r#"[ { "type": "withdraw", "amount": "60.00" }, { "type": "withdraw" },
                 { "type": "deposit", "amount": "20.00" }, { "type": "deposit" },
                 { "type": "check_balance" }, { "type": "transfer" }, { "type": "change_pin" },
                 { "type": "view_history" }, { "type": "get_card_blocked" },
                 { "type": "recover_blocked_card" },
                 { "type": "see_message", "message": "Insufficient funds" },
                 { "type": "see_message",
                   "message": { "en": "Insufficient funds", "es": "Saldo insuficiente" } } ]"#,
        )
        .unwrap();
        let words = |locale| {
            goals
                .iter()
                .map(|g| goal_text(locale, g))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            words(Locale::en),
            [
                "Withdraw $60.00",
                "Withdraw cash",
                "Deposit $20.00",
                "Deposit cash",
                "Check the balance",
                "Transfer between accounts",
                "Change the PIN",
                "Read the mini-statement",
                "Get the card blocked",
                "Use the card again after the block",
                "See \"Insufficient funds\"",
                "See \"Insufficient funds\"",
            ]
        );
        assert_eq!(
            words(Locale::es),
            [
                "Retirar $60.00",
                "Retirar efectivo",
                "Depositar $20.00",
                "Depositar efectivo",
                "Consultar el saldo",
                "Transferir entre cuentas",
                "Cambiar el PIN",
                "Consultar los últimos movimientos",
                "Conseguir que la tarjeta se bloquee",
                "Volver a usar la tarjeta después del bloqueo",
                "Ver \"Insufficient funds\"",
                "Ver \"Saldo insuficiente\"",
            ]
        );
    }

    #[wasm_bindgen_test]
    fn durations_read_in_each_language() {
        assert_eq!(spoken_duration(Locale::en, 65_000), "1 min 5 s");
        assert_eq!(spoken_duration(Locale::es, 9_500), "9 s");
    }
}
