//! The display modes a learner can turn on: `Large text` and `High contrast` (SPEC.md, "Access
//! for everyone"). Each is a class on `<html>` that the style sheets key on, so the whole page,
//! "Opening the bank…" included, follows it; a choice is remembered in localStorage, and until
//! one is made `prefers-contrast: more` turns high contrast on.

use super::i18n::{Locale, td_string, use_i18n};
use super::local_storage;
use leptos::prelude::*;

/// One mode: its button's name (in each language), the class on `<html>` and its localStorage key.
#[derive(Clone, Copy)]
struct Mode {
    name: fn(Locale) -> &'static str,
    class: &'static str,
    key: &'static str,
}

const LARGE_TEXT: Mode = Mode {
    name: |l| td_string!(l, access.large_text),
    class: "large-text",
    key: "atm-sim.large-text",
};
const HIGH_CONTRAST: Mode = Mode {
    name: |l| td_string!(l, access.high_contrast),
    class: "high-contrast",
    key: "atm-sim.high-contrast",
};

/// The modes' state, shared through context.
#[derive(Clone, Copy)]
pub struct DisplayModes {
    large_text: RwSignal<bool>,
    high_contrast: RwSignal<bool>,
}

impl DisplayModes {
    /// Reads the remembered choices and keeps `<html>`'s classes in step with them.
    pub fn start() -> DisplayModes {
        let modes = DisplayModes {
            large_text: RwSignal::new(remembered(LARGE_TEXT).unwrap_or(false)),
            high_contrast: RwSignal::new(
                remembered(HIGH_CONTRAST).unwrap_or_else(prefers_more_contrast),
            ),
        };
        for (mode, on) in modes.all() {
            Effect::new(move |_| set_class(mode.class, on.get()));
        }
        modes
    }

    fn all(self) -> [(Mode, RwSignal<bool>); 2] {
        [
            (LARGE_TEXT, self.large_text),
            (HIGH_CONTRAST, self.high_contrast),
        ]
    }
}

fn remembered(mode: Mode) -> Option<bool> {
    match local_storage()?.get_item(mode.key).ok()??.as_str() {
        "on" => Some(true),
        "off" => Some(false),
        _ => None,
    }
}

fn remember(mode: Mode, on: bool) {
    // Without storage the choice lasts as long as the page.
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(mode.key, if on { "on" } else { "off" });
    }
}

fn prefers_more_contrast() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-contrast: more)").ok().flatten())
        .is_some_and(|list| list.matches())
}

fn set_class(class: &str, on: bool) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.class_list().toggle_with_force(class, on);
    }
}

/// The toggles, as buttons with `aria-pressed`.
#[component]
pub fn DisplayToggles() -> impl IntoView {
    let modes = expect_context::<DisplayModes>();
    let i18n = use_i18n();
    modes
        .all()
        .into_iter()
        .map(|(mode, on)| {
            let toggle = move |_| {
                let next = !on.get_untracked();
                on.set(next);
                remember(mode, next);
            };
            view! {
                <button type="button" class="toggle" aria-pressed=move || on.get().to_string() on:click=toggle>
                    {move || (mode.name)(i18n.get_locale())}
                </button>
            }
        })
        .collect_view()
}
