//! Accounts: every account with its owner and balance, opening a new one, and the full
//! history of the chosen account.

use super::history::AccountHistory;
use super::{Books, Feedback, Outcome, RecordTable, Words, run};
use crate::core::{AccountId, AccountKind, AtmError, Money, UserId};
use crate::ui::Ctx;
use crate::ui::i18n::{Locale, t, t_string, td_string, use_i18n};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

fn kind_from(value: &str) -> AccountKind {
    match value {
        "savings" => AccountKind::Savings,
        _ => AccountKind::Checking,
    }
}

/// The kind's name in `locale`.
fn kind_name(kind: AccountKind, locale: Locale) -> &'static str {
    match kind {
        AccountKind::Checking => td_string!(locale, backoffice.accounts.checking),
        AccountKind::Savings => td_string!(locale, backoffice.accounts.savings),
    }
}

#[component]
pub(super) fn Accounts(books: Books) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let i18n = use_i18n();
    let owner = RwSignal::new(String::new());
    let id = RwSignal::new(String::new());
    let kind = RwSignal::new("checking".to_string());
    let opening = RwSignal::new("0.00".to_string());
    let note: Feedback = RwSignal::new(None);
    let shown = RwSignal::new(None::<AccountId>);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let user = UserId::from(owner.get_untracked());
        let account = AccountId::from(id.get_untracked().trim());
        let kind = kind_from(&kind.get_untracked());
        let amount = Money::parse(opening.get_untracked().trim());
        let (store, now) = (ctx.store(), ctx.now());
        let op = async move {
            let amount = amount.map_err(AtmError::from)?;
            store
                .open_account(&user, &account, kind, amount, now)
                .await?;
            Ok(account)
        };
        run(ctx, note, op, move |account| {
            id.set(String::new());
            Words::new(move |l| td_string!(l, backoffice.accounts.opened, account = &account))
        });
    };
    let rows = move || {
        books
            .accounts
            .get()
            .into_iter()
            .map(|a| {
                let account = a.id.clone();
                let label = {
                    let account = account.clone();
                    move || t_string!(i18n, backoffice.accounts.history_of, account = &account)
                };
                let is_shown = {
                    let account = account.clone();
                    move || shown.with(|s| s.as_ref() == Some(&account))
                };
                view! {
                    <tr>
                        <td>{a.id.to_string()}</td>
                        <td>{format!("{} ({})", books.user_name(&a.user), a.user)}</td>
                        <td>{move || kind_name(a.kind, i18n.get_locale())}</td>
                        <td class="num">{a.balance.to_string()}</td>
                        <td>
                            <button type="button" aria-pressed=move || is_shown().to_string()
                                on:click=move |_| shown.set(Some(account.clone()))>{label}</button>
                        </td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <h3>{t!(i18n, backoffice.section.accounts)}</h3>
        <RecordTable label=|l| td_string!(l, backoffice.accounts.list)
            columns=|l| vec![
                td_string!(l, backoffice.column.id),
                td_string!(l, backoffice.accounts.owner),
                td_string!(l, backoffice.accounts.kind),
                td_string!(l, backoffice.accounts.balance),
                td_string!(l, backoffice.accounts.history),
            ]>
            {rows}
        </RecordTable>
        {move || shown.get().map(|account| view! { <AccountHistory account=account /> })}
        <form class="bo-form" aria-label=move || t_string!(i18n, backoffice.accounts.open_form) on:submit=submit>
            <h4>{t!(i18n, backoffice.accounts.open_form)}</h4>
            <label>{t!(i18n, backoffice.accounts.owner)}
                <select prop:value=move || owner.get() on:change=move |ev| owner.set(event_target_value(&ev))>
                    <option value="">{t!(i18n, backoffice.choose_user)}</option>
                    {books.user_options()}
                </select>
            </label>
            <label>{t!(i18n, backoffice.accounts.account_id)} <input type="text" autocomplete="off" bind:value=id /></label>
            <label>{t!(i18n, backoffice.accounts.kind)}
                <select prop:value=move || kind.get() on:change=move |ev| kind.set(event_target_value(&ev))>
                    <option value="checking">{t!(i18n, backoffice.accounts.checking)}</option>
                    <option value="savings">{t!(i18n, backoffice.accounts.savings)}</option>
                </select>
            </label>
            <label>{t!(i18n, backoffice.accounts.opening_balance)} <input type="text" inputmode="decimal" autocomplete="off" bind:value=opening /></label>
            <button type="submit">{t!(i18n, backoffice.accounts.open)}</button>
            <Outcome note=note />
        </form>
    }
}
