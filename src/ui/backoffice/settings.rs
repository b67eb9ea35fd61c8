//! The bank's settings: limits, session timeout, PIN tries and block length. The core
//! validates them (`Settings::validate`); the form only turns text into numbers.

use super::{Books, Feedback, Outcome, run};
use crate::core::{AtmError, Money, Settings};
use crate::ui::Ctx;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

/// The form's text boxes, one per setting.
#[derive(Clone, Copy)]
struct Fields {
    per_transaction: RwSignal<String>,
    daily: RwSignal<String>,
    timeout: RwSignal<String>,
    attempts: RwSignal<String>,
    block: RwSignal<String>,
}

fn money(field: &str, text: &str) -> Result<Money, AtmError> {
    Money::parse(text.trim()).map_err(|e| AtmError::Invalid {
        field: field.into(),
        reason: e.to_string(),
    })
}

fn whole(field: &str, text: &str) -> Result<u32, AtmError> {
    text.trim().parse().map_err(|_| AtmError::Invalid {
        field: field.into(),
        reason: "enter a whole number".into(),
    })
}

impl Fields {
    fn show(&self, s: &Settings) {
        self.per_transaction
            .set(s.per_transaction_limit.to_decimal_string());
        self.daily.set(s.daily_limit.to_decimal_string());
        self.timeout.set(s.session_timeout_secs.to_string());
        self.attempts.set(s.max_pin_attempts.to_string());
        self.block.set(s.block_secs.to_string());
    }

    /// The settings as typed, on top of `current` (which keeps what the form does not show).
    fn read(&self, current: Settings) -> Result<Settings, AtmError> {
        Ok(Settings {
            per_transaction_limit: money(
                "per_transaction_limit",
                &self.per_transaction.get_untracked(),
            )?,
            daily_limit: money("daily_limit", &self.daily.get_untracked())?,
            session_timeout_secs: whole("session_timeout_secs", &self.timeout.get_untracked())?,
            max_pin_attempts: whole("max_pin_attempts", &self.attempts.get_untracked())?,
            block_secs: whole("block_secs", &self.block.get_untracked())?,
            ..current
        })
    }
}

#[component]
pub(super) fn SettingsForm(books: Books) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let note: Feedback = RwSignal::new(None);
    let fields = Fields {
        per_transaction: RwSignal::new(String::new()),
        daily: RwSignal::new(String::new()),
        timeout: RwSignal::new(String::new()),
        attempts: RwSignal::new(String::new()),
        block: RwSignal::new(String::new()),
    };
    // Show the stored settings whenever they change (after a save, an import, another tab).
    Effect::new(move |_| books.settings.with(|s| s.as_ref().map(|s| fields.show(s))));
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(current) = books.settings.get_untracked() else {
            return;
        };
        let typed = fields.read(current);
        let (store, now) = (ctx.store(), ctx.now());
        let op = async move { store.update_settings(typed?, now).await };
        run(ctx, note, op, |()| {
            "Settings saved. They apply to sessions that start from now on".to_string()
        });
    };
    view! {
        <h3>"Settings"</h3>
        <form class="bo-form bo-settings" aria-label="Settings" on:submit=submit>
            <label>"Per-transaction limit ($)"
                <input type="text" inputmode="decimal" autocomplete="off" bind:value=fields.per_transaction /></label>
            <label>"Daily limit ($)"
                <input type="text" inputmode="decimal" autocomplete="off" bind:value=fields.daily /></label>
            <label>"Session timeout (seconds)"
                <input type="text" inputmode="numeric" autocomplete="off" bind:value=fields.timeout /></label>
            <label>"Max PIN attempts"
                <input type="text" inputmode="numeric" autocomplete="off" bind:value=fields.attempts /></label>
            <label>"Block length (seconds)"
                <input type="text" inputmode="numeric" autocomplete="off" bind:value=fields.block /></label>
            <button type="submit">"Save settings"</button>
            <Outcome note=note />
        </form>
    }
}
