//! Accounts: every account with its owner and balance, opening a new one, and the full
//! history of the chosen account.

use super::history::AccountHistory;
use super::{Books, Feedback, Outcome, RecordTable, run};
use crate::core::{AccountId, AccountKind, AtmError, Money, UserId};
use crate::ui::Ctx;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

fn kind_from(value: &str) -> AccountKind {
    match value {
        "savings" => AccountKind::Savings,
        _ => AccountKind::Checking,
    }
}

#[component]
pub(super) fn Accounts(books: Books) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
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
            format!("Opened account {account}")
        });
    };
    let rows = move || {
        books
            .accounts
            .get()
            .into_iter()
            .map(|a| {
                let label = format!("History of {}", a.id);
                let account = a.id.clone();
                let is_shown = {
                    let account = account.clone();
                    move || shown.with(|s| s.as_ref() == Some(&account))
                };
                view! {
                    <tr>
                        <td>{a.id.to_string()}</td>
                        <td>{format!("{} ({})", books.user_name(&a.user), a.user)}</td>
                        <td>{a.kind.to_string()}</td>
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
        <h3>"Accounts"</h3>
        <RecordTable label="Accounts list" columns=&["ID", "Owner", "Kind", "Balance", "History"]>
            {rows}
        </RecordTable>
        {move || shown.get().map(|account| view! { <AccountHistory account=account /> })}
        <form class="bo-form" aria-label="Open an account" on:submit=submit>
            <h4>"Open an account"</h4>
            <label>"Owner"
                <select prop:value=move || owner.get() on:change=move |ev| owner.set(event_target_value(&ev))>
                    <option value="">"Choose a user"</option>
                    {books.user_options()}
                </select>
            </label>
            <label>"Account ID" <input type="text" autocomplete="off" bind:value=id /></label>
            <label>"Kind"
                <select prop:value=move || kind.get() on:change=move |ev| kind.set(event_target_value(&ev))>
                    <option value="checking">"Checking"</option>
                    <option value="savings">"Savings"</option>
                </select>
            </label>
            <label>"Opening balance ($)" <input type="text" inputmode="decimal" autocomplete="off" bind:value=opening /></label>
            <button type="submit">"Open account"</button>
            <Outcome note=note />
        </form>
    }
}
