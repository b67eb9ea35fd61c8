//! Machine health: each machine at a glance — in service or not, its devices, its cash with a
//! low-cash warning, its reject bin, today's transactions and error rate, the cards it keeps
//! (each with `Return card ending NNNN`) and its last faults. The numbers are the core's
//! ([`MachineHealth`]); this only draws them, afresh whenever the bank changes.

use super::cards::{CardAction, action_button};
use super::faults::{device_in_text, devices_table, kind_name};
use super::{Books, Feedback, Outcome};
use crate::core::health::MachineHealth;
use crate::core::{Machine, Money, Notes, UtcOffset};
use crate::ui::Ctx;
use crate::ui::i18n::{t, t_string, use_i18n};
use leptos::prelude::*;

/// `3 × $20, 1 × $50`: the same in every language.
fn notes_text(notes: &Notes) -> String {
    notes
        .0
        .iter()
        .filter(|(_, count)| **count > 0)
        .map(|(value, count)| format!("{count} × ${value}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn machine_health(
    ctx: Ctx,
    note: Feedback,
    m: Machine,
    h: MachineHealth,
    threshold: Money,
    offset: UtcOffset,
) -> impl IntoView {
    let i18n = use_i18n();
    let in_service = m.in_service;
    let state = move || {
        if in_service {
            t_string!(i18n, backoffice.machines.in_service)
        } else {
            t_string!(i18n, backoffice.machines.out_of_service)
        }
    };
    let cassettes = super::machines::cassette_rows(&m.notes);
    let id = m.id.clone();
    let cash = h.cash;
    let low_cash = h.low_cash.then(|| {
        view! { <p class="bo-state off">{move || t_string!(i18n, backoffice.devices.low_cash, threshold)}</p> }
    });
    let bin = m.devices.reject_bin.clone();
    let reject_bin = move || {
        if bin.count() == 0 {
            t_string!(i18n, backoffice.devices.reject_bin_empty).to_string()
        } else {
            let (total, notes) = (bin.total(), notes_text(&bin));
            t_string!(i18n, backoffice.devices.reject_bin, total, notes)
        }
    };
    let (transactions, refused, reversed, rate) =
        (h.transactions, h.refused, h.reversed, h.error_rate);
    let error_rate = move || match rate {
        Some(rate) => t_string!(i18n, backoffice.devices.error_rate, rate),
        None => t_string!(i18n, backoffice.devices.error_rate_none).to_string(),
    };
    let retained = if h.retained.is_empty() {
        view! { <p>{t!(i18n, backoffice.devices.retained_none)}</p> }.into_any()
    } else {
        let items = h
            .retained
            .into_iter()
            .map(|number| {
                let masked = number.masked().to_string();
                view! { <li>{masked}" "{action_button(ctx, note, number, CardAction::Return)}</li> }
            })
            .collect_view();
        view! { <ul>{items}</ul> }.into_any()
    };
    let faults = if h.recent_faults.is_empty() {
        view! { <p>{t!(i18n, backoffice.devices.recent_faults_none)}</p> }.into_any()
    } else {
        let items = h
            .recent_faults
            .into_iter()
            .map(|f| {
                let time = f.at.local(offset).date_time_string();
                let line = move || {
                    let l = i18n.get_locale();
                    let (device, kind) = (device_in_text(f.device, l), kind_name(f.kind, l));
                    t_string!(
                        i18n,
                        backoffice.devices.fault_struck,
                        time = &time,
                        device,
                        kind
                    )
                };
                view! { <li>{line}</li> }
            })
            .collect_view();
        view! { <ul>{items}</ul> }.into_any()
    };
    let title = format!("{} — {}", m.id, m.location);
    let label = title.clone();
    view! {
        <article class="bo-machine" aria-label=label>
            <h4>{title}</h4>
            <p class=if in_service { "bo-state ok" } else { "bo-state off" }>{state}</p>
            {devices_table(&m, None)}
            <table class="bo-table">
                <caption>{move || t_string!(i18n, backoffice.devices.cassettes, id = &id)}</caption>
                <thead><tr>
                    <th scope="col">{t!(i18n, backoffice.machines.note)}</th>
                    <th scope="col">{t!(i18n, backoffice.machines.count)}</th>
                    <th scope="col">{t!(i18n, backoffice.machines.value)}</th>
                </tr></thead>
                <tbody>{cassettes}</tbody>
            </table>
            <p>{move || t_string!(i18n, backoffice.devices.cash, total = cash)}</p>
            {low_cash}
            <p>{reject_bin}</p>
            <ul>
                <li>{move || t_string!(i18n, backoffice.devices.transactions, count = transactions)}</li>
                <li>{move || t_string!(i18n, backoffice.devices.refused, count = refused)}</li>
                <li>{move || t_string!(i18n, backoffice.devices.reversed, count = reversed)}</li>
                <li>{error_rate}</li>
            </ul>
            <h5>{t!(i18n, backoffice.devices.retained)}</h5>
            {retained}
            <h5>{t!(i18n, backoffice.devices.recent_faults)}</h5>
            {faults}
        </article>
    }
}

#[component]
pub(super) fn Health(books: Books) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let i18n = use_i18n();
    let note: Feedback = RwSignal::new(None);
    // Today ends at the bank's midnight even when nothing else changes.
    let day = Memo::new(move |_| ctx.clock.now().local_day(books.offset()));
    let machines = move || {
        day.track();
        let now = ctx.now();
        let settings = books.settings.get().unwrap_or_default();
        books.journal.with(|journal| {
            books.cards.with(|cards| {
                books
                    .machines
                    .get()
                    .into_iter()
                    .map(|m| {
                        let h = MachineHealth::of(&m, journal, cards, &settings, now);
                        let (threshold, offset) =
                            (settings.low_cash_threshold, settings.utc_offset);
                        machine_health(ctx, note, m, h, threshold, offset)
                    })
                    .collect_view()
            })
        })
    };
    view! {
        <h3>{t!(i18n, backoffice.devices.health)}</h3>
        <Outcome note=note />
        <div class="bo-machines bo-health">{machines}</div>
    }
}
