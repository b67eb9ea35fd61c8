//! The full history of one account, newest first, a page at a time.

use crate::core::{AccountId, Transaction};
use crate::ui::Ctx;
use leptos::prelude::*;
use leptos::task::spawn_local;

const PAGE: usize = 10;

#[component]
pub(super) fn AccountHistory(account: AccountId) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let page = RwSignal::new(0usize);
    // This page's transactions, and whether an older page exists.
    let rows = RwSignal::new((Vec::<Transaction>::new(), false));
    let failed = RwSignal::new(None::<String>);
    let id = account.clone();
    Effect::new(move |_| {
        ctx.version.track();
        let p = page.get();
        let id = id.clone();
        spawn_local(async move {
            // The store reads the newest N: read one more than this page needs to know
            // whether an older page exists.
            match ctx.store().history(&id, (p + 1) * PAGE + 1).await {
                Ok(all) => {
                    let more = all.len() > (p + 1) * PAGE;
                    let this: Vec<Transaction> =
                        all.into_iter().skip(p * PAGE).take(PAGE).collect();
                    rows.set((this, more));
                    failed.set(None);
                }
                Err(e) => failed.set(Some(e.to_string())),
            }
        });
    });
    let body = move || {
        rows.with(|(txns, _)| {
            if txns.is_empty() {
                return view! { <tr><td colspan="6">"No transactions yet"</td></tr> }.into_any();
            }
            txns.iter()
                .map(|t| {
                    let sign = if t.kind.is_debit() { "−" } else { "+" };
                    view! {
                        <tr>
                            <td>{t.at.local(ctx.offset()).date_time_string()}</td>
                            <td>{t.kind.to_string()}</td>
                            <td class="num">{format!("{sign}{}", t.amount)}</td>
                            <td class="num">{t.balance_after.to_string()}</td>
                            <td>{t.machine.as_ref().map(|m| m.to_string()).unwrap_or_default()}</td>
                            <td>{t.card.as_ref().map(|c| c.to_string()).unwrap_or_default()}</td>
                        </tr>
                    }
                })
                .collect_view()
                .into_any()
        })
    };
    let title = format!("History of {account}");
    let label = title.clone();
    view! {
        <div class="bo-history" role="group" aria-label=label>
            <h4>{title}</h4>
            <p role="alert">{move || failed.get()}</p>
            <div class="bo-scroll" tabindex="0" role="group" aria-label="Transactions">
                <table class="bo-table">
                    <caption>{move || format!("Page {} (newest first)", page.get() + 1)}</caption>
                    <thead><tr>
                        <th scope="col">"When"</th><th scope="col">"Transaction"</th>
                        <th scope="col">"Amount"</th><th scope="col">"Balance after"</th>
                        <th scope="col">"ATM"</th><th scope="col">"Card"</th>
                    </tr></thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
            <div class="bo-pager">
                <button type="button" disabled=move || page.get() == 0
                    on:click=move |_| page.update(|p| *p = p.saturating_sub(1))>"Newer transactions"</button>
                <button type="button" disabled=move || !rows.with(|r| r.1)
                    on:click=move |_| page.update(|p| *p += 1)>"Older transactions"</button>
            </div>
        </div>
    }
}
