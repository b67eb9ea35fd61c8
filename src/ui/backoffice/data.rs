//! The whole bank as a file: export, import (a bank export or a scenario file), and reset to
//! the built-in demo bank. A file is validated whole by the core before anything changes.

use super::{Feedback, Note, Outcome, Words};
use crate::core::BankSnapshot;
use crate::ui::Ctx;
use crate::ui::atm::Machine as Atm;
use crate::ui::files;
use crate::ui::goals::ScenarioRun;
use crate::ui::i18n::{t, td_string, use_i18n};
use crate::ui::scenario_load::{self, Source};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Everything the data section needs to put a new bank in place.
#[derive(Clone, Copy)]
struct Loader {
    ctx: Ctx,
    atm: Atm,
    run: ScenarioRun,
    note: Feedback,
}

impl Loader {
    /// A bank export says its `format`; anything else is read as a scenario file.
    async fn import(self, text: String) {
        let is_export = serde_json::from_str::<serde_json::Value>(&text)
            .is_ok_and(|v| v.get("format").is_some());
        let outcome = if is_export {
            self.bank(&text).await
        } else {
            scenario_load::load(self.ctx, self.atm, self.run, Source::File(text))
                .await
                .map(|()| Words::new(|l| td_string!(l, backoffice.data.scenario_loaded).into()))
                .map_err(Words::as_is)
        };
        self.show(outcome);
    }

    /// Replaces the bank with an export. The machine in front of the customer, the inboxes,
    /// the hints and the goals belonged to the old bank: they are reset; the clock stays.
    async fn bank(self, text: &str) -> Result<Words, Words> {
        let snapshot = BankSnapshot::from_json(text).map_err(|e| Words::as_is(e.to_string()))?;
        let ctx = self.ctx;
        ctx.store()
            .replace(snapshot)
            .await
            .map_err(Words::problem)?;
        crate::ui::scenario_url::mark_replaced();
        self.atm.reset();
        ctx.phone.set(Vec::new());
        ctx.email.set(Vec::new());
        ctx.hints.set(Vec::new());
        self.run.clear();
        ctx.refresh();
        Ok(Words::new(|l| {
            td_string!(l, backoffice.data.imported).into()
        }))
    }

    async fn reset(self) {
        let outcome = scenario_load::load(self.ctx, self.atm, self.run, Source::Demo)
            .await
            .map(|()| Words::new(|l| td_string!(l, backoffice.data.demo_back).into()))
            .map_err(Words::as_is);
        self.show(outcome);
    }

    /// Shows what an action came to: the section's own words, or a refusal as the part that
    /// refused wrote it.
    fn show(self, outcome: Result<Words, Words>) {
        self.note.set(Some(match outcome {
            Ok(done) => Note::Done(done),
            Err(why) => Note::Refused(why),
        }));
    }
}

/// The name the bank's export is saved under.
const EXPORT_FILE: &str = "atm-bank.json";

/// The text of the file chosen in `input`.
async fn chosen_text(input: &web_sys::HtmlInputElement) -> Option<Result<String, Words>> {
    let (file, text) = files::chosen(input).await?;
    Some(text.ok_or_else(|| {
        Words::new(move |l| td_string!(l, backoffice.data.unreadable, file = &file))
    }))
}

#[component]
pub(super) fn Data() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let i18n = use_i18n();
    let note: Feedback = RwSignal::new(None);
    let loader = Loader {
        ctx,
        atm: expect_context::<Atm>(),
        run: expect_context::<ScenarioRun>(),
        note,
    };
    let export = move |_| {
        let store = ctx.store();
        spawn_local(async move {
            let outcome = match store.export().await {
                Ok(snapshot) => match files::download(EXPORT_FILE, &snapshot.to_json()) {
                    Ok(()) => Ok(Words::new(|l| {
                        td_string!(l, backoffice.data.exported, file = EXPORT_FILE)
                    })),
                    Err(_) => Err(Words::new(|l| {
                        td_string!(l, backoffice.data.download_refused).into()
                    })),
                },
                Err(e) => Err(Words::problem(e)),
            };
            loader.show(outcome);
        });
    };
    let import = move |ev: leptos::ev::Event| {
        let Some(input) = files::input_of(&ev) else {
            return;
        };
        spawn_local(async move {
            match chosen_text(&input).await {
                None => {}
                Some(Err(why)) => loader.show(Err(why)),
                Some(Ok(text)) => loader.import(text).await,
            }
        });
    };
    let reset = move |_| spawn_local(loader.reset());
    view! {
        <h3>{t!(i18n, backoffice.section.data)}</h3>
        <div class="bo-data">
            <button type="button" on:click=export>{t!(i18n, backoffice.data.export)}</button>
            <label class="bo-file">{t!(i18n, backoffice.data.import)}
                <input type="file" accept=".json,application/json" on:change=import />
            </label>
            <button type="button" class="bo-danger" on:click=reset>{t!(i18n, backoffice.data.reset)}</button>
        </div>
        <Outcome note=note />
    }
}
