//! The numeric keypad, and the physical keyboard mapped onto it.

use super::Machine;
use crate::flow::coach::Control;
use crate::flow::{Input, Key};
use crate::ui::coach;
use crate::ui::i18n::{t, t_string, use_i18n};
use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Listens to the physical keyboard: digits, Enter, Backspace = Clear, Escape = Cancel.
pub fn listen_keyboard(machine: Machine) {
    let handle = window_event_listener(ev::keydown, move |e: web_sys::KeyboardEvent| {
        if e.ctrl_key() || e.alt_key() || e.meta_key() {
            return;
        }
        // Keys aimed at a control (a focused button, a select) belong to that control; a button
        // disabled under the focus (the wallet card just inserted) no longer counts as one.
        let target = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok());
        let tag = target
            .filter(|el| !el.has_attribute("disabled"))
            .map(|el| el.tag_name())
            .unwrap_or_default();
        let on_control = matches!(tag.as_str(), "BUTTON" | "SELECT" | "INPUT" | "TEXTAREA");
        let key = match e.key().as_str() {
            k if k.len() == 1 && k.chars().all(|c| c.is_ascii_digit()) => {
                if matches!(tag.as_str(), "INPUT" | "TEXTAREA" | "SELECT") {
                    return;
                }
                Key::Digit(k.chars().next().unwrap_or('0'))
            }
            "Enter" if !on_control => Key::Enter,
            "Backspace" if !on_control || tag == "BUTTON" => Key::Clear,
            "Escape" => Key::Cancel,
            _ => return,
        };
        e.prevent_default();
        machine.send(Input::Key(key));
    });
    on_cleanup(move || handle.remove());
}

#[component]
pub fn Keypad(machine: Machine) -> impl IntoView {
    let i18n = use_i18n();
    let digit = move |d: char| {
        let ring = Control::Key(Key::Digit(d));
        view! {
            // The 5 carries a raised dot, as on real keypads, to find the others by touch.
            <button type="button" class="key" class:tactile=d == '5'
                class:coach-target=coach::ringed(ring.clone()) aria-describedby=coach::described(ring)
                on:click=move |_| machine.send(Input::Key(Key::Digit(d)))>
                {d.to_string()}
            </button>
        }
    };
    let function = move |key: Key| {
        let ring = Control::Key(key);
        (coach::ringed(ring.clone()), coach::described(ring))
    };
    let (cancel_ring, cancel_described) = function(Key::Cancel);
    let (clear_ring, clear_described) = function(Key::Clear);
    let (enter_ring, enter_described) = function(Key::Enter);
    view! {
        <div class="keypad" role="group" aria-label=move || t_string!(i18n, atm.keypad)>
            <div class="digits">
                {['1', '2', '3', '4', '5', '6', '7', '8', '9'].into_iter().map(digit).collect_view()}
                <span class="key-blank" aria-hidden="true"></span>
                {digit('0')}
                <span class="key-blank" aria-hidden="true"></span>
            </div>
            <div class="functions">
                <button type="button" class="key fn cancel" class:coach-target=cancel_ring aria-describedby=cancel_described
                    on:click=move |_| machine.send(Input::Key(Key::Cancel))>{t!(i18n, atm.cancel)}</button>
                <button type="button" class="key fn clear" class:coach-target=clear_ring aria-describedby=clear_described
                    on:click=move |_| machine.send(Input::Key(Key::Clear))>{t!(i18n, atm.clear)}</button>
                <button type="button" class="key fn enter" class:coach-target=enter_ring aria-describedby=enter_described
                    on:click=move |_| machine.send(Input::Key(Key::Enter))>{t!(i18n, atm.enter)}</button>
            </div>
        </div>
    }
}
