//! The learner's run: `Download run` saves it (every press, a PIN's digits as •, what the
//! machine showed, with times and the score), `Load a run` replays one in the app at its own
//! pace or fast. A bad file is refused with the field it breaks.

use super::files;
use super::goals::ScenarioRun;
use super::i18n::{t, t_string, td_string, use_i18n};
use super::player::Player;
use super::words;
use crate::core::run::Run;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The name a run is saved under.
const RUN_FILE: &str = "atm-run.json";

/// What the last action said, in the language of the moment.
#[derive(Clone)]
enum Said {
    Saved,
    DownloadRefused,
    Unreadable(String),
    Refused(crate::core::AtmError),
    Replaying,
}

#[component]
pub fn Runs() -> impl IntoView {
    let run = expect_context::<ScenarioRun>();
    let player = expect_context::<Player>();
    let i18n = use_i18n();
    let said: RwSignal<Option<Said>> = RwSignal::new(None);
    let fast = RwSignal::new(true);
    let download = move |_| {
        let text = run.run().to_json();
        said.set(Some(match files::download(RUN_FILE, &text) {
            Ok(()) => Said::Saved,
            Err(_) => Said::DownloadRefused,
        }));
    };
    let load = move |ev: leptos::ev::Event| {
        let Some(input) = files::input_of(&ev) else {
            return;
        };
        spawn_local(async move {
            let Some((name, text)) = files::chosen(&input).await else {
                return;
            };
            let Some(text) = text else {
                return said.set(Some(Said::Unreadable(name)));
            };
            match Run::from_json(&text) {
                Ok(loaded) => {
                    said.set(Some(Said::Replaying));
                    player.replay(loaded, fast.get_untracked());
                }
                Err(e) => said.set(Some(Said::Refused(e))),
            }
        });
    };
    let message = move || {
        let l = i18n.get_locale();
        said.get().map(|s| match s {
            Said::Saved => td_string!(l, runs.saved, file = RUN_FILE),
            Said::DownloadRefused => td_string!(l, runs.download_refused).to_string(),
            Said::Unreadable(file) => td_string!(l, runs.unreadable, file = &file),
            Said::Refused(e) => td_string!(l, runs.refused, why = words::refusal(&e, l)),
            Said::Replaying => td_string!(l, runs.replaying).to_string(),
        })
    };
    view! {
        <section class="runs" role="region" aria-label=move || t_string!(i18n, runs.title)>
            <h2>{t!(i18n, runs.title)}</h2>
            <div class="run-buttons">
                <button type="button" on:click=download>{t!(i18n, runs.download)}</button>
                <label class="run-file">{t!(i18n, runs.load)}
                    <input type="file" accept=".json,application/json" on:change=load />
                </label>
                <label class="run-fast">
                    <input type="checkbox" bind:checked=fast />
                    {t!(i18n, runs.fast)}
                </label>
            </div>
            {move || message().map(|m| view! { <p class="run-said" role="status">{m}</p> })}
        </section>
    }
}
