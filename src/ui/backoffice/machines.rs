//! Machines: the cash in each machine note by note, refilling its cassettes, and taking it
//! out of service or back.

use super::{Books, Feedback, Outcome, run};
use crate::core::{AtmError, Machine, Notes};
use crate::ui::Ctx;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use std::collections::BTreeMap;

/// Reads the refill form: an empty box adds nothing.
fn notes_from(typed: &[(u32, RwSignal<String>)]) -> Result<Notes, AtmError> {
    let mut notes = BTreeMap::new();
    for (value, text) in typed {
        let text = text.get_untracked();
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        let count: u32 = text.parse().map_err(|_| AtmError::Invalid {
            field: format!("${value} notes"),
            reason: "enter a whole number of notes, like 100".into(),
        })?;
        if count > 0 {
            notes.insert(*value, count);
        }
    }
    Ok(Notes(notes))
}

/// One machine: its cassettes, its refill form and its service switch.
fn machine_card(ctx: Ctx, note: Feedback, m: Machine) -> impl IntoView {
    let id = m.id.clone();
    let typed: Vec<(u32, RwSignal<String>)> = m
        .notes
        .denominations()
        .map(|d| (d, RwSignal::new(String::new())))
        .collect();
    let cassettes = m
        .notes
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
        .collect_view();
    let inputs = typed
        .iter()
        .map(|(value, text)| {
            let text = *text;
            view! {
                <label>{format!("${value} notes to add")}
                    <input type="text" inputmode="numeric" autocomplete="off" bind:value=text />
                </label>
            }
        })
        .collect_view();
    let refill = {
        let id = id.clone();
        move |ev: SubmitEvent| {
            ev.prevent_default();
            let added = notes_from(&typed);
            let (store, now, id) = (ctx.store(), ctx.now(), id.clone());
            let op = async move {
                let added = added?;
                store.refill(&id, &added, now).await?;
                Ok((id, added))
            };
            run(ctx, note, op, |(id, added)| {
                format!("Refilled {id} with {}", added.total())
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
                if to {
                    format!("{id} is back in service")
                } else {
                    format!("{id} is out of service")
                }
            });
        }
    };
    let toggle_label = if m.in_service {
        format!("Take {id} out of service")
    } else {
        format!("Put {id} back in service")
    };
    let title = format!("{id} — {}", m.location);
    let label = title.clone();
    view! {
        <article class="bo-machine" aria-label=label>
            <h4>{title}</h4>
            <p class=if m.in_service { "bo-state ok" } else { "bo-state off" }>
                {if m.in_service { "In service" } else { "Out of service" }}
            </p>
            <table class="bo-table">
                <caption>{format!("Cash: {} in {} notes", m.notes.total(), m.notes.count())}</caption>
                <thead><tr><th scope="col">"Note"</th><th scope="col">"Count"</th><th scope="col">"Value"</th></tr></thead>
                <tbody>{cassettes}</tbody>
            </table>
            <form class="bo-form" aria-label=format!("Refill {id}") on:submit=refill>
                {inputs}
                <button type="submit">{format!("Refill {id}")}</button>
            </form>
            <button type="button" on:click=toggle>{toggle_label}</button>
        </article>
    }
}

#[component]
pub(super) fn Machines(books: Books) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    // One outcome line for the section: a machine is redrawn after it changes, its message
    // must outlive that.
    let note: Feedback = RwSignal::new(None);
    view! {
        <h3>"Machines"</h3>
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
