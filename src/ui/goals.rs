//! The open scenario's goals: a checklist fed by the machine's activity, and the moment the
//! last one is met ("Scenario complete", reported to every listener).

use super::activity::Activity;
use super::atm::Machine;
use crate::core::goals::{Goal, GoalTracker};
use leptos::prelude::*;

/// The scenario being played: its name, its goals, when it began and whether it is done.
#[derive(Clone, Copy)]
pub struct ScenarioRun {
    pub name: RwSignal<Option<String>>,
    pub tracker: RwSignal<GoalTracker>,
    /// Real time (ms since the epoch) when the scenario was loaded: durations are the
    /// learner's time, not the training clock's.
    started_ms: RwSignal<f64>,
    /// How long the learner took, once every goal is met.
    pub completed_ms: RwSignal<Option<i64>>,
    /// Why the scenario asked for in the URL could not be loaded.
    pub problem: RwSignal<Option<String>>,
}

impl Default for ScenarioRun {
    fn default() -> Self {
        ScenarioRun {
            name: RwSignal::new(None),
            tracker: RwSignal::new(GoalTracker::default()),
            started_ms: RwSignal::new(js_sys::Date::now()),
            completed_ms: RwSignal::new(None),
            problem: RwSignal::new(None),
        }
    }
}

impl ScenarioRun {
    /// A new scenario is in place: its goals start unmet and the stopwatch restarts.
    pub fn begin(&self, name: Option<String>, goals: Vec<Goal>) {
        self.name.set(name);
        self.tracker.set(GoalTracker::new(goals));
        self.started_ms.set(js_sys::Date::now());
        self.completed_ms.set(None);
        self.problem.set(None);
    }

    pub fn has_goals(&self) -> bool {
        self.tracker.with(|t| t.goals().next().is_some())
    }

    /// The goals texts, for the `ready` message.
    pub fn goal_texts(&self) -> Vec<String> {
        self.tracker
            .with_untracked(|t| t.goals().map(|(g, _)| g.to_string()).collect())
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
    sink.listen(move |activity: &Activity| {
        let Activity::Outcome(outcome) = activity else {
            return;
        };
        let mut completed = false;
        run.tracker.update(|t| completed = t.observe(outcome));
        if !completed {
            return;
        }
        let duration_ms = (js_sys::Date::now() - run.started_ms.get_untracked()).max(0.0) as i64;
        run.completed_ms.set(Some(duration_ms));
        let (goals_met, goals_total) = run
            .tracker
            .with_untracked(|t| (t.met_count(), t.goals().count()));
        sink.report(Activity::ScenarioCompleted {
            scenario: run.name.get_untracked(),
            goals_met,
            goals_total,
            duration_ms,
        });
    });
}

/// `65 000` → `1 min 5 s`.
fn spoken_duration(ms: i64) -> String {
    let secs = ms / 1000;
    if secs < 60 {
        format!("{secs} s")
    } else {
        format!("{} min {} s", secs / 60, secs % 60)
    }
}

/// The checklist. `with_hints` also lists the scenario's hints (when the scenarios panel,
/// which normally shows them, is hidden in embed mode).
#[component]
pub fn Goals(#[prop(into)] with_hints: Signal<bool>) -> impl IntoView {
    let run = expect_context::<ScenarioRun>();
    let ctx = expect_context::<super::Ctx>();
    let hints = move || {
        (with_hints.get() && !ctx.hints.with(Vec::is_empty)).then(|| {
            view! {
                <div class="hints" role="note" aria-label="Hints">
                    <h3>"Hints"</h3>
                    <ol>{ctx.hints.get().into_iter().map(|h| view! { <li>{h}</li> }).collect_view()}</ol>
                </div>
            }
        })
    };
    view! {
        {move || run.problem.get().map(|p| view! { <p class="scenario-problem" role="alert">{p}</p> })}
        <Show when=move || run.has_goals()>
            <section class="goals" role="region" aria-label="Goals">
                <h2>{move || run.name.get().unwrap_or_else(|| "Goals".into())}</h2>
                <ul class="goal-list">
                    {move || run.tracker.with(|t| t.goals().map(|(goal, met)| {
                        let text = goal.to_string();
                        view! {
                            <li class=if met { "goal met" } else { "goal" }>
                                <span class="goal-mark" aria-hidden="true">{if met { "✓" } else { "○" }}</span>
                                {text}
                                <span class="goal-state">{if met { " — done" } else { " — not yet" }}</span>
                            </li>
                        }
                    }).collect_view())}
                </ul>
                {move || run.completed_ms.get().map(|ms| {
                    let (met, total) = run.tracker.with(|t| (t.met_count(), t.goals().count()));
                    view! {
                        <p class="scenario-complete" role="status">
                            {format!("Scenario complete: {met} of {total} goals in {}", spoken_duration(ms))}
                        </p>
                    }
                })}
            </section>
        </Show>
        {hints}
    }
}
