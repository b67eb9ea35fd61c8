//! The bank's settings: limits, session timeout, PIN tries, block length and whether the last
//! wrong PIN keeps the card. The core
//! validates them (`Settings::validate`); the form only turns text into numbers.

use super::{Books, Feedback, Outcome, Words, run};
use crate::core::{AtmError, Money, Settings};
use crate::ui::Ctx;
use crate::ui::i18n::{Locale, t, t_string, td_string, use_i18n};
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
    retain: RwSignal<bool>,
    fee_counts: RwSignal<bool>,
}

fn money(field: &str, text: &str) -> Result<Money, AtmError> {
    Money::parse(text.trim()).map_err(|e| AtmError::Invalid {
        field: field.into(),
        reason: e.to_string(),
    })
}

/// A whole number; the refusal's reason is in `locale`, the language it was typed in.
fn whole(field: &str, text: &str, locale: Locale) -> Result<u32, AtmError> {
    text.trim().parse().map_err(|_| AtmError::Invalid {
        field: field.into(),
        reason: td_string!(locale, backoffice.settings.whole_number).into(),
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
        self.retain.set(s.retain_on_block);
        self.fee_counts.set(s.fee_counts_toward_daily_limit);
    }

    /// The settings as typed, on top of `current` (which keeps what the form does not show).
    fn read(&self, current: Settings, locale: Locale) -> Result<Settings, AtmError> {
        Ok(Settings {
            per_transaction_limit: money(
                "per_transaction_limit",
                &self.per_transaction.get_untracked(),
            )?,
            daily_limit: money("daily_limit", &self.daily.get_untracked())?,
            session_timeout_secs: whole(
                "session_timeout_secs",
                &self.timeout.get_untracked(),
                locale,
            )?,
            max_pin_attempts: whole("max_pin_attempts", &self.attempts.get_untracked(), locale)?,
            block_secs: whole("block_secs", &self.block.get_untracked(), locale)?,
            retain_on_block: self.retain.get_untracked(),
            fee_counts_toward_daily_limit: self.fee_counts.get_untracked(),
            ..current
        })
    }
}

#[component]
pub(super) fn SettingsForm(books: Books) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let i18n = use_i18n();
    let note: Feedback = RwSignal::new(None);
    let fields = Fields {
        per_transaction: RwSignal::new(String::new()),
        daily: RwSignal::new(String::new()),
        timeout: RwSignal::new(String::new()),
        attempts: RwSignal::new(String::new()),
        block: RwSignal::new(String::new()),
        retain: RwSignal::new(false),
        fee_counts: RwSignal::new(false),
    };
    // Show the stored settings whenever they change (after a save, an import, another tab).
    Effect::new(move |_| books.settings.with(|s| s.as_ref().map(|s| fields.show(s))));
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(current) = books.settings.get_untracked() else {
            return;
        };
        let typed = fields.read(current, i18n.get_locale_untracked());
        let (store, now) = (ctx.store(), ctx.now());
        let op = async move { store.update_settings(typed?, now).await };
        run(ctx, note, op, |()| {
            Words::new(|l| td_string!(l, backoffice.settings.saved).to_string())
        });
    };
    view! {
        <h3>{t!(i18n, backoffice.section.settings)}</h3>
        <form class="bo-form bo-settings" aria-label=move || t_string!(i18n, backoffice.section.settings)
            on:submit=submit>
            <label>{t!(i18n, backoffice.settings.per_transaction)}
                <input type="text" inputmode="decimal" autocomplete="off" bind:value=fields.per_transaction /></label>
            <label>{t!(i18n, backoffice.settings.daily)}
                <input type="text" inputmode="decimal" autocomplete="off" bind:value=fields.daily /></label>
            <label>{t!(i18n, backoffice.settings.timeout)}
                <input type="text" inputmode="numeric" autocomplete="off" bind:value=fields.timeout /></label>
            <label>{t!(i18n, backoffice.settings.attempts)}
                <input type="text" inputmode="numeric" autocomplete="off" bind:value=fields.attempts /></label>
            <label>{t!(i18n, backoffice.settings.block)}
                <input type="text" inputmode="numeric" autocomplete="off" bind:value=fields.block /></label>
            <label class="bo-check"><input type="checkbox" bind:checked=fields.retain />
                {t!(i18n, backoffice.settings.retain_on_block)}</label>
            <label class="bo-check"><input type="checkbox" bind:checked=fields.fee_counts />
                {t!(i18n, fees.setting_counts)}</label>
            <button type="submit">{t!(i18n, backoffice.settings.save)}</button>
            <Outcome note=note />
        </form>
    }
}
