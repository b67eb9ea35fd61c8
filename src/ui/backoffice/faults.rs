//! Faults: every machine's devices, each working or with the fault a trainer injected (and for
//! how many more uses), a button to clear each fault, and a form to inject one. The core
//! decides and journals both; a refusal shows its own words.

use super::{Books, Feedback, Outcome, Words, run};
use crate::core::AtmError;
use crate::core::machine::{Device, Devices, Fault, FaultKind, Machine, MachineId};
use crate::ui::Ctx;
use crate::ui::i18n::{Locale, t, t_string, td_string, use_i18n};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

/// A device's name on its own (a table cell, an option).
pub(super) fn device_name(d: Device, l: Locale) -> &'static str {
    match d {
        Device::CardReader => td_string!(l, backoffice.devices.device.card_reader),
        Device::Dispenser => td_string!(l, backoffice.devices.device.dispenser),
        Device::Printer => td_string!(l, backoffice.devices.device.printer),
        Device::DepositSlot => td_string!(l, backoffice.devices.device.deposit_slot),
        Device::Host => td_string!(l, backoffice.devices.device.host),
    }
}

/// A device's name inside a sentence.
pub(super) fn device_in_text(d: Device, l: Locale) -> &'static str {
    match d {
        Device::CardReader => td_string!(l, backoffice.devices.device_in_text.card_reader),
        Device::Dispenser => td_string!(l, backoffice.devices.device_in_text.dispenser),
        Device::Printer => td_string!(l, backoffice.devices.device_in_text.printer),
        Device::DepositSlot => td_string!(l, backoffice.devices.device_in_text.deposit_slot),
        Device::Host => td_string!(l, backoffice.devices.device_in_text.host),
    }
}

pub(super) fn kind_name(k: FaultKind, l: Locale) -> &'static str {
    match k {
        FaultKind::ReadError => td_string!(l, backoffice.devices.kind.read_error),
        FaultKind::Jam => td_string!(l, backoffice.devices.kind.jam),
        FaultKind::Partial => td_string!(l, backoffice.devices.kind.partial),
        FaultKind::OutOfPaper => td_string!(l, backoffice.devices.kind.out_of_paper),
        FaultKind::Offline => td_string!(l, backoffice.devices.kind.offline),
    }
}

/// `Working`, or the fault and how long it lasts: `Jam, for the next 2 uses`.
fn fault_state(fault: Option<Fault>, l: Locale) -> String {
    let Some(fault) = fault else {
        return td_string!(l, backoffice.devices.working).to_string();
    };
    let kind = kind_name(fault.kind, l);
    match fault.times {
        None => td_string!(l, backoffice.devices.fault_until_cleared, kind),
        Some(1) => td_string!(l, backoffice.devices.fault_once, kind),
        Some(count) => td_string!(l, backoffice.devices.fault_uses, kind, count),
    }
}

/// A device's state as a cell says it; the printer's adds its paper when that is limited.
fn device_state(devices: &Devices, d: Device, l: Locale) -> String {
    let state = fault_state(devices.fault(d), l);
    match (d, devices.receipt_paper) {
        (Device::Printer, Some(0)) => {
            format!("{state} · {}", td_string!(l, backoffice.devices.paper_out))
        }
        (Device::Printer, Some(count)) => {
            format!(
                "{state} · {}",
                td_string!(l, backoffice.devices.paper_left, count)
            )
        }
        _ => state,
    }
}

/// The button that puts device `d` of machine `id` back to work.
fn clear_button(ctx: Ctx, note: Feedback, id: MachineId, d: Device) -> impl IntoView {
    let i18n = use_i18n();
    let label = {
        let id = id.clone();
        move || {
            t_string!(
                i18n,
                backoffice.devices.clear,
                device = device_in_text(d, i18n.get_locale()),
                id = &id
            )
        }
    };
    view! {
        <button type="button" on:click=move |_| {
            let (store, now, id) = (ctx.store(), ctx.now(), id.clone());
            let op = async move {
                store.clear_fault(&id, d, now).await?;
                Ok(id)
            };
            run(ctx, note, op, move |id| {
                Words::new(move |l| td_string!(l, backoffice.devices.cleared, device = device_in_text(d, l), id = &id))
            });
        }>{label}</button>
    }
}

/// A machine's devices and their states; with `clear`, a button on each faulted one.
pub(super) fn devices_table(m: &Machine, clear: Option<(Ctx, Feedback)>) -> impl IntoView {
    let i18n = use_i18n();
    let rows = Device::ALL
        .into_iter()
        .map(|d| {
            let devices = m.devices.clone();
            let button = clear
                .filter(|_| m.devices.fault(d).is_some())
                .map(|(ctx, note)| clear_button(ctx, note, m.id.clone(), d));
            view! {
                <tr>
                    <td>{move || device_name(d, i18n.get_locale())}</td>
                    <td>{move || device_state(&devices, d, i18n.get_locale())}</td>
                    {clear.is_some().then(|| view! { <td>{button}</td> })}
                </tr>
            }
        })
        .collect_view();
    let id = m.id.clone();
    let caption = move || t_string!(i18n, backoffice.devices.devices_of, id = &id);
    let label = caption.clone();
    let with_action = clear.is_some();
    // Scrolls sideways on a narrow screen, so it takes the focus for keyboard users.
    view! {
        <div class="bo-scroll" tabindex="0" role="group" aria-label=label>
            <table class="bo-table">
                <caption>{caption}</caption>
                <thead><tr>
                    <th scope="col">{t!(i18n, backoffice.devices.device_column)}</th>
                    <th scope="col">{t!(i18n, backoffice.devices.state_column)}</th>
                    {with_action.then(|| view! { <th scope="col">{t!(i18n, backoffice.devices.action_column)}</th> })}
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// The number of uses typed: empty is until cleared. Text that is not a whole number is
/// refused in `locale`; whether the number makes sense is the core's to say.
fn uses_from(typed: &str, locale: Locale) -> Result<Option<u32>, AtmError> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Ok(None);
    }
    typed.parse().map(Some).map_err(|_| AtmError::Invalid {
        field: td_string!(locale, backoffice.devices.uses_field).into(),
        reason: td_string!(locale, backoffice.devices.whole_uses).into(),
    })
}

/// The device a select's value names (`dispenser`).
fn device_named(name: &str) -> Option<Device> {
    Device::ALL.into_iter().find(|d| d.name() == name)
}

/// The fault a select's value names (`jam`), among those some device can have.
fn kind_named(name: &str) -> Option<FaultKind> {
    Device::ALL
        .iter()
        .flat_map(|d| d.kinds())
        .copied()
        .find(|k| k.name() == name)
}

#[component]
pub(super) fn Faults(books: Books) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let i18n = use_i18n();
    let list_note: Feedback = RwSignal::new(None);
    let form_note: Feedback = RwSignal::new(None);
    let picked = RwSignal::new(String::new());
    let device = RwSignal::new(Device::CardReader);
    let kind = RwSignal::new(FaultKind::ReadError);
    let uses = RwSignal::new(String::new());
    // The machine the form acts on: the one picked, else the one in front of the customer,
    // else the first, so the select never shows one machine while the form means another.
    let machine = Memo::new(move |_| {
        let picked = picked.get();
        let here = ctx.machine.get().to_string();
        books.machines.with(|ms| {
            let known = |id: &str| ms.iter().any(|m| m.id.as_str() == id);
            if known(&picked) {
                picked
            } else if known(&here) {
                here
            } else {
                ms.first().map(|m| m.id.to_string()).unwrap_or_default()
            }
        })
    });
    let choose_device = move |name: String| {
        if let Some(d) = device_named(&name) {
            device.set(d);
            if let Some(first) = d.kinds().first() {
                kind.set(*first);
            }
        }
    };
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let times = uses_from(&uses.get_untracked(), i18n.get_locale_untracked());
        let id = MachineId::from(machine.get_untracked().as_str());
        let (d, k) = (device.get_untracked(), kind.get_untracked());
        let (store, now) = (ctx.store(), ctx.now());
        let op = async move {
            let fault = Fault {
                kind: k,
                times: times?,
            };
            store.set_fault(&id, d, fault, now).await?;
            Ok((id, fault))
        };
        run(ctx, form_note, op, move |(id, fault)| {
            Words::new(move |l| {
                let state = fault_state(Some(fault), l);
                td_string!(
                    l,
                    backoffice.devices.injected,
                    device = device_in_text(d, l),
                    id = &id,
                    state
                )
            })
        });
    };
    let machine_options = move || {
        books
            .machines
            .get()
            .into_iter()
            .map(|m| {
                let id = m.id.to_string();
                let selected = {
                    let id = id.clone();
                    move || machine.get() == id
                };
                view! { <option value=id selected=selected>{format!("{} — {}", m.id, m.location)}</option> }
            })
            .collect_view()
    };
    // The deposit slot has no faults to inject, so it is not offered.
    let device_options = Device::ALL
        .into_iter()
        .filter(|d| !d.kinds().is_empty())
        .map(|d| {
            view! {
                <option value=d.name() selected=move || device.get() == d>
                    {move || device_name(d, i18n.get_locale())}
                </option>
            }
        })
        .collect_view();
    let kind_options = move || {
        device
            .get()
            .kinds()
            .iter()
            .map(|&k| {
                view! {
                    <option value=k.name() selected=move || kind.get() == k>
                        {move || kind_name(k, i18n.get_locale())}
                    </option>
                }
            })
            .collect_view()
    };
    let machines = move || {
        books
            .machines
            .get()
            .into_iter()
            .map(|m| {
                let title = format!("{} — {}", m.id, m.location);
                let label = title.clone();
                view! {
                    <article class="bo-machine" aria-label=label>
                        <h4>{title}</h4>
                        {devices_table(&m, Some((ctx, list_note)))}
                    </article>
                }
            })
            .collect_view()
    };
    view! {
        <h3>{t!(i18n, backoffice.devices.faults)}</h3>
        <Outcome note=list_note />
        <div class="bo-machines bo-faults">{machines}</div>
        <form class="bo-form" aria-label=move || t_string!(i18n, backoffice.devices.inject_form) on:submit=submit>
            <h4>{t!(i18n, backoffice.devices.inject_form)}</h4>
            <label>{t!(i18n, backoffice.devices.machine)}
                <select prop:value=move || machine.get() on:change=move |ev| picked.set(event_target_value(&ev))>
                    {machine_options}
                </select>
            </label>
            <label>{t!(i18n, backoffice.devices.device_column)}
                <select prop:value=move || device.get().name() on:change=move |ev| choose_device(event_target_value(&ev))>
                    {device_options}
                </select>
            </label>
            <label>{t!(i18n, backoffice.devices.fault)}
                <select prop:value=move || kind.get().name()
                    on:change=move |ev| if let Some(k) = kind_named(&event_target_value(&ev)) { kind.set(k) }>
                    {kind_options}
                </select>
            </label>
            <label>{t!(i18n, backoffice.devices.uses)}
                <input type="text" inputmode="numeric" autocomplete="off" bind:value=uses />
            </label>
            <button type="submit">{t!(i18n, backoffice.devices.inject)}</button>
            <Outcome note=form_note />
        </form>
    }
}
