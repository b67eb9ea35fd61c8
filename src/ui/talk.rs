//! Talking mode (SPEC.md, "Access for everyone"; US ADA 2010 §707.5): the machine speaks,
//! through the browser's speech synthesis, what [`crate::flow::speech`] says for each change of
//! its state, so speech comes from the state the screen shows. `Repeat` says the last screen
//! again, any key of the machine stops the speech, and the volume goes up and down in steps.
//! Where the browser has no speech synthesis, the toggle says so.

use super::atm::Machine;
use crate::flow::speech;
use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The language utterances are spoken in.
const LANG: &str = "en-US";
/// One press of `Volume up` or `Volume down`, in percent.
const VOLUME_STEP: u8 = 20;

/// Talking mode's state, shared through context.
#[derive(Clone, Copy)]
pub struct Talk {
    on: RwSignal<bool>,
    /// In percent, `VOLUME_STEP` to 100.
    volume: RwSignal<u8>,
    /// The last screen spoken, for `Repeat`.
    last: StoredValue<Option<String>>,
    machine: Machine,
}

/// The browser's speech synthesis, if it has one.
fn synthesis() -> Option<web_sys::SpeechSynthesis> {
    let window = web_sys::window()?;
    let value = js_sys::Reflect::get(&window, &"speechSynthesis".into()).ok()?;
    (!value.is_undefined() && !value.is_null()).then(|| value.unchecked_into())
}

impl Talk {
    /// Follows `machine`'s state, speaking each change while talking mode is on.
    pub fn start(machine: Machine) -> Talk {
        let talk = Talk {
            on: RwSignal::new(false),
            volume: RwSignal::new(100),
            last: StoredValue::new(None),
            machine,
        };
        let before = StoredValue::new_local(machine.state.get_untracked());
        Effect::new(move |_| {
            let after = machine.state.get();
            let said = before.with_value(|before| speech::speech(before, &after));
            before.set_value(after);
            if let Some(text) = said.filter(|_| talk.on.get_untracked()) {
                talk.say_screen(text);
            }
        });
        // Any key of the machine (the keyboard's, or a pressed keypad or soft key) stops the
        // speech; what the key changes is then spoken afresh.
        let keys = window_event_listener(ev::keydown, move |_| hush());
        let presses = window_event_listener(ev::pointerdown, move |e| {
            let on_key = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|el| el.closest(".keypad, .soft-keys").ok().flatten())
                .is_some();
            if on_key {
                hush();
            }
        });
        on_cleanup(move || {
            keys.remove();
            presses.remove();
        });
        talk
    }

    fn toggle(self) {
        let on = !self.on.get_untracked();
        self.on.set(on);
        if on {
            let screen = speech::screen(&self.machine.display.get_untracked());
            self.last.set_value(Some(screen.clone()));
            utter(
                &format!("Talking mode on. {screen}"),
                self.volume.get_untracked(),
            );
        } else {
            hush();
        }
    }

    fn say_screen(self, text: String) {
        utter(&text, self.volume.get_untracked());
        self.last.set_value(Some(text));
    }

    fn repeat(self) {
        if let Some(text) = self.last.get_value() {
            utter(&text, self.volume.get_untracked());
        }
    }

    fn change_volume(self, up: bool) {
        let volume = self.volume.get_untracked();
        let volume = if up {
            volume.saturating_add(VOLUME_STEP).min(100)
        } else {
            volume.saturating_sub(VOLUME_STEP).max(VOLUME_STEP)
        };
        self.volume.set(volume);
        utter(&format!("Volume {volume} percent."), volume);
    }
}

/// Stops whatever is being spoken.
fn hush() {
    if let Some(synthesis) = synthesis() {
        synthesis.cancel();
    }
}

/// Speaks `text` in place of whatever is being spoken.
fn utter(text: &str, volume: u8) {
    let Some(synthesis) = synthesis() else {
        return;
    };
    synthesis.cancel();
    if let Ok(utterance) = web_sys::SpeechSynthesisUtterance::new_with_text(text) {
        utterance.set_lang(LANG);
        utterance.set_volume(f32::from(volume) / 100.0);
        synthesis.speak(&utterance);
    }
}

/// The `Talking mode` toggle, and while it is on `Repeat`, `Volume down` and `Volume up`.
#[component]
pub fn TalkControls() -> impl IntoView {
    let talk = expect_context::<Talk>();
    if synthesis().is_none() {
        return view! {
            <button type="button" class="toggle" aria-pressed="false" aria-disabled="true" aria-describedby="no-speech">
                "Talking mode"
            </button>
            <span class="toggle-note" id="no-speech">"This browser cannot speak"</span>
        }
        .into_any();
    }
    view! {
        <button type="button" class="toggle" aria-pressed=move || talk.on.get().to_string() on:click=move |_| talk.toggle()>
            "Talking mode"
        </button>
        <Show when=move || talk.on.get()>
            <button type="button" class="toggle" on:click=move |_| talk.repeat()>"Repeat"</button>
            <button type="button" class="toggle" on:click=move |_| talk.change_volume(false)>"Volume down"</button>
            <button type="button" class="toggle" on:click=move |_| talk.change_volume(true)>"Volume up"</button>
        </Show>
    }
    .into_any()
}
