//! Machines: who runs each machine and the fees it collected, its cash note by note, refilling
//! its cassettes, and taking it out of service or back.

use super::{Books, Feedback, Outcome, Words, run};
use crate::core::{AtmError, Machine, Notes};
use crate::ui::Ctx;
use crate::ui::i18n::{Locale, t, t_string, td_string, use_i18n};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use std::collections::BTreeMap;

/// Reads the refill form: an empty box adds nothing. A count that is not a number is refused
/// in `locale`, the language of the moment it was typed.
fn notes_from(typed: &[(u32, RwSignal<String>)], locale: Locale) -> Result<Notes, AtmError> {
    let mut notes = BTreeMap::new();
    for (value, text) in typed {
        let text = text.get_untracked();
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        let count: u32 = text.parse().map_err(|_| AtmError::Invalid {
            field: td_string!(
                locale,
                backoffice.machines.notes_field,
                note = format!("${value}")
            ),
            reason: td_string!(locale, backoffice.machines.whole_notes).into(),
        })?;
        if count > 0 {
            notes.insert(*value, count);
        }
    }
    Ok(Notes(notes))
}

/// One machine: its cassettes, its refill form and its service switch.
fn machine_card(ctx: Ctx, note: Feedback, m: Machine) -> impl IntoView {
    let i18n = use_i18n();
    let id = m.id.clone();
    let typed: Vec<(u32, RwSignal<String>)> = m
        .notes
        .denominations()
        .map(|d| (d, RwSignal::new(String::new())))
        .collect();
    let cassettes = cassette_rows(&m.notes);
    let inputs = typed
        .iter()
        .map(|(value, text)| {
            let (text, value) = (*text, format!("${value}"));
            view! {
                <label>{move || t_string!(i18n, backoffice.machines.notes_to_add, note = &value)}
                    <input type="text" inputmode="numeric" autocomplete="off" bind:value=text />
                </label>
            }
        })
        .collect_view();
    let refill = {
        let id = id.clone();
        move |ev: SubmitEvent| {
            ev.prevent_default();
            let added = notes_from(&typed, i18n.get_locale_untracked());
            let (store, now, id) = (ctx.store(), ctx.now(), id.clone());
            let op = async move {
                let added = added?;
                store.refill(&id, &added, now).await?;
                Ok((id, added))
            };
            run(ctx, note, op, |(id, added)| {
                let total = added.total();
                Words::new(move |l| td_string!(l, backoffice.machines.refilled, id = &id, total))
            });
        }
    };
    let toggle = {
        let id = id.clone();
        let to = !m.in_service;
        move |_| {
            let (store, now, id) = (ctx.store(), ctx.now(), id.clone());
            let op = async move {
                store.set_in_service(&id, to, now).await?;
                Ok(id)
            };
            run(ctx, note, op, move |id| {
                Words::new(move |l| {
                    if to {
                        td_string!(l, backoffice.machines.now_in, id = &id)
                    } else {
                        td_string!(l, backoffice.machines.now_out, id = &id)
                    }
                })
            });
        }
    };
    let in_service = m.in_service;
    let toggle_label = {
        let id = id.clone();
        move || {
            if in_service {
                t_string!(i18n, backoffice.machines.take_out, id = &id)
            } else {
                t_string!(i18n, backoffice.machines.put_back, id = &id)
            }
        }
    };
    let state = move || {
        if in_service {
            t_string!(i18n, backoffice.machines.in_service)
        } else {
            t_string!(i18n, backoffice.machines.out_of_service)
        }
    };
    let (total, count) = (m.notes.total(), m.notes.count());
    let (operator, surcharge, fees) =
        (m.operator_name().to_string(), m.surcharge, m.fees_collected);
    let refill_label = move || t_string!(i18n, backoffice.machines.refill, id = &id);
    let refill_form_label = refill_label.clone();
    let title = format!("{} — {}", m.id, m.location);
    let label = title.clone();
    view! {
        <article class="bo-machine" aria-label=label>
            <h4>{title}</h4>
            <p class=if in_service { "bo-state ok" } else { "bo-state off" }>{state}</p>
            <p>{move || t_string!(i18n, backoffice.machines.operator, operator = &operator, surcharge, fees)}</p>
            <table class="bo-table">
                <caption>{move || t_string!(i18n, backoffice.machines.cash, total, count)}</caption>
                <thead><tr>
                    <th scope="col">{t!(i18n, backoffice.machines.note)}</th>
                    <th scope="col">{t!(i18n, backoffice.machines.count)}</th>
                    <th scope="col">{t!(i18n, backoffice.machines.value)}</th>
                </tr></thead>
                <tbody>{cassettes}</tbody>
            </table>
            <form class="bo-form" aria-label=refill_form_label on:submit=refill>
                {inputs}
                <button type="submit">{refill_label}</button>
            </form>
            <button type="button" on:click=toggle>{toggle_label}</button>
        </article>
    }
}

#[component]
pub(super) fn Machines(books: Books) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let i18n = use_i18n();
    // One outcome line for the section: a machine is redrawn after it changes, its message
    // must outlive that.
    let note: Feedback = RwSignal::new(None);
    view! {
        <h3>{t!(i18n, backoffice.section.machines)}</h3>
        <Outcome note=note />
        <div class="bo-machines">
            <For
                each=move || books.machines.get()
                // A machine that changed in any way is drawn afresh (its form starts empty).
                key=|m| serde_json::to_string(m).unwrap_or_default()
                children=move |m| machine_card(ctx, note, m)
            />
        </div>
    }
}

/// One table row per cassette: the note, how many, and what they are worth.
pub(super) fn cassette_rows(notes: &Notes) -> impl IntoView + use<> {
    notes
        .0
        .iter()
        .map(|(value, count)| {
            view! {
                <tr>
                    <td>{format!("${value}")}</td>
                    <td class="num">{*count}</td>
                    <td class="num">{Notes(BTreeMap::from([(*value, *count)])).total().to_string()}</td>
                </tr>
            }
        })
        .collect_view()
}
