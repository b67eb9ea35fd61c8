//! Talking mode (SPEC.md, "Access for everyone"; US ADA 2010 §707.5): the machine speaks,
//! through the browser's speech synthesis, what [`crate::flow::speech`] says for each change of
//! its state, so speech comes from the state the screen shows. `Repeat` says the last screen
//! again, any key of the machine stops the speech, and the volume goes up and down in steps.
//! Where the browser has no speech synthesis, the toggle says so.

use super::atm::Machine;
use super::i18n::{Locale, t, td_string, use_i18n};
use super::language::speech_tag;
use super::words::spoken;
use crate::flow::{Text, speech};
use leptos::ev;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use wasm_bindgen::JsCast;

/// One press of `Volume up` or `Volume down`, in percent.
const VOLUME_STEP: u8 = 20;

/// Talking mode's state, shared through context.
#[derive(Clone, Copy)]
pub struct Talk {
    on: RwSignal<bool>,
    /// In percent, `VOLUME_STEP` to 100.
    volume: RwSignal<u8>,
    /// The last screen spoken, for `Repeat` (in the language chosen by then).
    last: StoredValue<Option<Vec<Text>>>,
    machine: Machine,
    i18n: I18nContext<Locale>,
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
            i18n: use_i18n(),
        };
        let before = StoredValue::new_local(machine.state.get_untracked());
        Effect::new(move |_| {
            let after = machine.state.get();
            let said = before.with_value(|before| speech::speech(before, &after));
            before.set_value(after);
            if let Some(parts) = said.filter(|_| talk.on.get_untracked()) {
                talk.say(parts);
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
            let l = self.locale();
            let text = format!(
                "{} {}",
                td_string!(l, speech.talking_on),
                spoken(&screen, l)
            );
            self.last.set_value(Some(screen));
            utter(&text, l, self.volume.get_untracked());
        } else {
            hush();
        }
    }

    pub fn locale(self) -> Locale {
        self.i18n.get_locale_untracked()
    }

    /// Speaks `text` after whatever is being said, while talking mode is on (the coach's
    /// advice after the screen it is about).
    pub fn add(self, text: &str) {
        if self.on.get_untracked() {
            queue(text, self.locale(), self.volume.get_untracked());
        }
    }

    fn say(self, parts: Vec<Text>) {
        let l = self.locale();
        utter(&spoken(&parts, l), l, self.volume.get_untracked());
        self.last.set_value(Some(parts));
    }

    fn repeat(self) {
        if let Some(parts) = self.last.get_value() {
            let l = self.locale();
            utter(&spoken(&parts, l), l, self.volume.get_untracked());
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
        let l = self.locale();
        utter(&td_string!(l, speech.volume, percent = volume), l, volume);
    }
}

/// Stops whatever is being spoken.
fn hush() {
    if let Some(synthesis) = synthesis() {
        synthesis.cancel();
    }
}

/// Speaks `text`, in the language `l`, in place of whatever is being spoken.
fn utter(text: &str, l: Locale, volume: u8) {
    hush();
    queue(text, l, volume);
}

/// Speaks `text` after whatever is being spoken.
fn queue(text: &str, l: Locale, volume: u8) {
    let Some(synthesis) = synthesis() else {
        return;
    };
    if let Ok(utterance) = web_sys::SpeechSynthesisUtterance::new_with_text(text) {
        utterance.set_lang(speech_tag(l));
        utterance.set_volume(f32::from(volume) / 100.0);
        synthesis.speak(&utterance);
    }
}

/// The `Talking mode` toggle, and while it is on `Repeat`, `Volume down` and `Volume up`.
#[component]
pub fn TalkControls() -> impl IntoView {
    let talk = expect_context::<Talk>();
    let i18n = talk.i18n;
    if synthesis().is_none() {
        return view! {
            <button type="button" class="toggle" aria-pressed="false" aria-disabled="true" aria-describedby="no-speech">
                {t!(i18n, access.talking_mode)}
            </button>
            <span class="toggle-note" id="no-speech">{t!(i18n, access.no_speech)}</span>
        }
        .into_any();
    }
    view! {
        <button type="button" class="toggle" aria-pressed=move || talk.on.get().to_string() on:click=move |_| talk.toggle()>
            {t!(i18n, access.talking_mode)}
        </button>
        <Show when=move || talk.on.get()>
            <button type="button" class="toggle" on:click=move |_| talk.repeat()>{t!(i18n, access.repeat)}</button>
            <button type="button" class="toggle" on:click=move |_| talk.change_volume(false)>{t!(i18n, access.volume_down)}</button>
            <button type="button" class="toggle" on:click=move |_| talk.change_volume(true)>{t!(i18n, access.volume_up)}</button>
        </Show>
    }
    .into_any()
}
