//! The screen and the soft keys beside it, rendered from the reducer's [`crate::flow::Display`].

use super::Machine;
use crate::flow::Input;
use crate::flow::coach::Control;
use crate::ui::coach;
use crate::ui::i18n::{t, t_string, use_i18n};
use crate::ui::words;
use leptos::prelude::*;

/// One column of soft keys (`side` 0 = left, 1 = right), four slots each.
pub fn soft_column(machine: Machine, side: usize) -> impl IntoView {
    let keys = Memo::new(move |_| machine.display.with(|d| d.soft.clone()));
    let i18n = use_i18n();
    view! {
        <div class=if side == 0 { "soft-keys left" } else { "soft-keys right" }>
            {move || {
                let keys = keys.get();
                (0..4).map(|slot| {
                    match keys.get(side * 4 + slot).cloned() {
                        Some(soft) => {
                            let label = {
                                let soft = soft.clone();
                                move || words::soft(&soft, i18n.get_locale())
                            };
                            let ring = Control::Soft(soft.clone());
                            view! {
                            <button type="button" class="soft"
                                class:coach-target=coach::ringed(ring.clone()) aria-describedby=coach::described(ring)
                                on:click=move |_| machine.send(Input::Soft(soft.clone()))>
                                <span class="soft-label">{label}</span>
                            </button>
                            }.into_any()
                        }
                        None => view! { <span class="soft blank" aria-hidden="true"></span> }.into_any(),
                    }
                }).collect_view()
            }}
        </div>
    }
}

/// The screen's contents (inside the `ATM screen` region). Each part redraws only when it
/// changes, so a typed digit does not announce the refusal above it again.
#[component]
pub fn ScreenView(machine: Machine) -> impl IntoView {
    let d = machine.display;
    let title = Memo::new(move |_| d.with(|d| d.title.clone()));
    let message = Memo::new(move |_| d.with(|d| d.message.clone()));
    let lines = Memo::new(move |_| d.with(|d| d.lines.clone()));
    let typing = Memo::new(move |_| d.with(|d| d.entry.is_some()));
    let entry = move || d.with(|d| d.entry.clone().unwrap_or_default());
    let i18n = use_i18n();
    let say = move |t: &crate::flow::Text| words::text(t, i18n.get_locale());
    view! {
        <div class="screen-inner">
            <h2 class="screen-title">{move || title.with(say)}</h2>
            {move || message.get().map(|m| view! { <p class="screen-message" role="alert">{move || say(&m)}</p> })}
            {move || lines.get().into_iter().map(|l| view! { <p class="screen-line">{move || say(&l)}</p> }).collect_view()}
            {move || typing.get().then(|| view! { <p class="screen-entry" role="group" aria-label=move || t_string!(i18n, atm.typed)>{entry}</p> })}
            {move || machine.waiting.get().then(|| view! { <p class="screen-busy">{t!(i18n, screen.please_wait)}</p> })}
        </div>
    }
}
