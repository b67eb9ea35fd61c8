//! The machine: cabinet, screen with soft keys, keypad, card slot, cash dispenser, receipt
//! printer, the session countdown and the machine picker.

pub mod keypad;
pub mod machine;
pub mod report;
pub mod screen;

pub use machine::Machine;

use super::Ctx;
use super::coach;
use super::display::DisplayToggles;
use super::i18n::{t, t_string, use_i18n};
use super::language::LanguagePicker;
use super::talk::TalkControls;
use super::words;
use crate::core::{MachineId, Money, OWN_BANK};
use crate::flow::Input;
use crate::flow::coach::Control;
use leptos::prelude::*;
use std::time::Duration;

/// `m:ss` for a number of milliseconds (negative shows as 0:00).
fn mmss(ms: i64) -> String {
    let secs = (ms.max(0) + 999) / 1000;
    format!("{}:{:02}", secs / 60, secs % 60)
}

/// The bank's machines, reloaded whenever the bank changes. `None` until the bank has answered
/// (on a first visit, until its database exists): a machine is then not "not found", only not
/// yet known.
type Machines = Memo<Option<Vec<crate::core::Machine>>>;

fn machines(ctx: Ctx) -> Machines {
    let machines = LocalResource::new(move || {
        ctx.version.track();
        async move { ctx.store().machines().await.ok() }
    });
    Memo::new(move |_| machines.get().flatten())
}

/// The name on the topper and the receipts (in capitals by the style sheet): the bank that runs
/// the machine in front of the customer, this bank's own until the machines are known.
fn operator(ctx: Ctx, machines: Machines) -> String {
    let id = ctx.machine.get();
    machines.with(|ms| {
        let here = ms.as_ref().and_then(|ms| ms.iter().find(|m| m.id == id));
        here.map_or(OWN_BANK, |m| m.operator_name()).to_string()
    })
}

/// The machine picker and the machine's cash.
#[component]
fn MachinePicker(machine: Machine, machines: Machines) -> impl IntoView {
    let ctx = machine.ctx;
    // A new bank may not have the chosen machine: stand in front of its first one.
    Effect::new(move |_| {
        machines.with(|list| {
            let current = ctx.machine.get_untracked();
            if let Some(list) = list
                && !list.iter().any(|m| m.id == current)
                && let Some(first) = list.first()
            {
                ctx.machine.set(first.id.clone());
            }
        })
    });
    let current = move || {
        let id = ctx.machine.get();
        machines.with(|ms| {
            ms.as_ref()
                .map(|ms| ms.iter().find(|m| m.id == id).cloned())
        })
    };
    let locked = move || machine.card.with(Option::is_some);
    let i18n = use_i18n();
    view! {
        <div class="machine-bar">
            <label class="picker">
                {t!(i18n, atm.machine)}
                " "
                <select
                    prop:value=move || ctx.machine.get().to_string()
                    disabled=locked
                    on:change=move |ev| ctx.machine.set(MachineId::from(event_target_value(&ev)))
                >
                    {move || machines.get().unwrap_or_default().into_iter().map(|m| {
                        let id = m.id.0.clone();
                        let selected = ctx.machine.get_untracked().0 == id;
                        view! { <option value=id.to_string() selected=selected>{format!("{id} — {}", m.location)}</option> }
                    }).collect_view()}
                </select>
            </label>
            <p class="machine-cash" aria-live="polite">
                {move || match current() {
                    // A no-break space keeps the line's height until the cash is known.
                    None => "\u{a0}".to_string(),
                    Some(Some(m)) => {
                        let service = if m.in_service { "" } else { t_string!(i18n, atm.out_of_service) };
                        format!("{}{service}", t_string!(i18n, atm.cash_in_machine, amount = m.notes.total()))
                    }
                    Some(None) => t_string!(i18n, atm.machine_not_found).to_string(),
                }}
            </p>
        </div>
    }
}

/// The session countdown, to the deadline the bank last answered with.
#[component]
fn SessionTimer(machine: Machine) -> impl IntoView {
    let clock = machine.ctx.clock;
    let deadline = Memo::new(move |_| machine.state.with(|s| s.deadline));
    let i18n = use_i18n();
    view! {
        <Show when=move || deadline.with(Option::is_some)>
            <p class="timer-wrap">
                {t!(i18n, atm.session)}
                " "
                <span class="timer" role="timer" aria-label=move || t_string!(i18n, atm.session_time_left)>
                    {move || deadline.get().map(|d| mmss(clock.now().millis_until(d)))}
                </span>
            </p>
        </Show>
    }
}

/// The whole machine.
#[component]
pub fn Atm() -> impl IntoView {
    let machine = expect_context::<Machine>();
    let ctx: Ctx = machine.ctx;
    keypad::listen_keyboard(machine);
    if let Ok(handle) = set_interval_with_handle(move || machine.tick(), Duration::from_secs(1)) {
        on_cleanup(move || handle.clear());
    }
    let location = move || ctx.machine.get().to_string();
    let machines = machines(ctx);
    let operator = move || operator(ctx, machines);
    let cash = Memo::new(move |_| machine.state.with(|s| s.cash.clone()));
    let receipt = Memo::new(move |_| machine.state.with(|s| s.receipt.clone()));
    let card_out = Memo::new(move |_| machine.state.with(|s| s.card_out));
    let cash_text = move || {
        cash.get().map(|(amount, notes)| {
            let given: Vec<(u32, u32)> = notes
                .0
                .iter()
                .rev()
                .filter(|(_, n)| **n > 0)
                .map(|(d, n)| (*d, *n))
                .collect();
            let mix = given
                .iter()
                .map(|(d, n)| format!("{n} × ${d}"))
                .collect::<Vec<_>>()
                .join(", ");
            (amount, mix, given)
        })
    };
    let card_inside = move || machine.card.with(Option::is_some) && !card_out.get();
    let here = report::here(machine);
    let i18n = use_i18n();
    view! {
        <section class="atm" aria-label=move || t_string!(i18n, atm.region)>
            <div class="access-bar" role="group" aria-label=move || t_string!(i18n, access.group)>
                <LanguagePicker />
                <TalkControls />
                <DisplayToggles />
            </div>
            <MachinePicker machine=machine machines=machines />
            <report::ReportProblem machine=machine here=here />
            <div class="cabinet">
                <div class="topper"><span class="bank-name">{operator}</span><span class="atm-id">{location}</span></div>
                <div class="fascia">
                    {screen::soft_column(machine, 0)}
                    <div class="screen-bezel">
                        <section class="screen" role="region" aria-label=move || t_string!(i18n, atm.screen) aria-live="polite">
                            <screen::ScreenView machine=machine />
                        </section>
                        <SessionTimer machine=machine />
                    </div>
                    {screen::soft_column(machine, 1)}
                </div>
                <div class="deck">
                    <keypad::Keypad machine=machine />
                    <div class="slots">
                        <div class="slot card-slot">
                            <span class="slot-label">{t!(i18n, atm.card)}</span>
                            <div class="slot-mouth" class:ready=move || machine.card.with(Option::is_none)>
                                <report::Skimmer here=here />
                            </div>
                            <div class="card-window" aria-hidden="true">
                                <Show when=card_inside>
                                    <span class="mini-card going-in"></span>
                                </Show>
                                <Show when=move || card_out.get()>
                                    <span class="mini-card coming-out"></span>
                                </Show>
                            </div>
                            <Show when=move || card_out.get()>
                                <button type="button" class="take card-out"
                                    class:coach-target=coach::ringed(Control::TakeCard) aria-describedby=coach::described(Control::TakeCard)
                                    on:click=move |_| machine.send(Input::TakeCard)>{t!(i18n, atm.take_card)}</button>
                            </Show>
                            <Show when=card_inside>
                                <p class="slot-state">{t!(i18n, atm.card_inside)}</p>
                            </Show>
                        </div>
                        <div class="slot printer">
                            <span class="slot-label">{t!(i18n, atm.receipt)}</span>
                            <div class="slot-mouth"></div>
                            {move || receipt.get().map(|lines| view! {
                                <div class="receipt">
                                    <p class="receipt-head">{operator} " · " {location}</p>
                                    {lines.into_iter().map(|l| view! { <p>{move || words::text(&l, i18n.get_locale())}</p> }).collect_view()}
                                </div>
                                <button type="button" class="take"
                                    class:coach-target=coach::ringed(Control::TakeReceipt) aria-describedby=coach::described(Control::TakeReceipt)
                                    on:click=move |_| machine.send(Input::TakeReceipt)>{t!(i18n, atm.take_receipt)}</button>
                            })}
                        </div>
                    </div>
                </div>
                <div class="dispenser">
                    <span class="slot-label">{t!(i18n, atm.cash)}</span>
                    <div class="dispenser-mouth"></div>
                    {move || cash_text().map(|(amount, mix, given): (Money, String, Vec<(u32, u32)>)| view! {
                        <div class="notes-out">
                            <div class="note-stack" aria-hidden="true">
                                {given.into_iter().flat_map(|(d, n)| (0..n.min(3)).map(move |_| d)).enumerate().map(|(i, d)| view! {
                                    <span class=format!("note note-{d}") style=format!("--i: {i}")>{format!("${d}")}</span>
                                }).collect_view()}
                            </div>
                            <p class="notes-amount">{amount.to_string()}</p>
                            <p class="notes-mix">{mix}</p>
                        </div>
                        <button type="button" class="take"
                            class:coach-target=coach::ringed(Control::TakeCash) aria-describedby=coach::described(Control::TakeCash)
                            on:click=move |_| machine.send(Input::TakeCash)>{t!(i18n, atm.take_cash)}</button>
                    })}
                </div>
            </div>
        </section>
    }
    .into_any()
}
