//! The full history of one account, newest first, a page at a time.

use crate::core::{AccountId, Transaction, TxnKind};
use crate::ui::Ctx;
use crate::ui::i18n::{Locale, t, t_string, td_string, use_i18n};
use leptos::prelude::*;
use leptos::task::spawn_local;

const PAGE: usize = 10;

/// The kind of transaction in `locale`.
fn kind_name(kind: TxnKind, locale: Locale) -> &'static str {
    match kind {
        TxnKind::Withdrawal => td_string!(locale, backoffice.history.withdrawal),
        TxnKind::Deposit => td_string!(locale, backoffice.history.deposit),
        TxnKind::TransferOut => td_string!(locale, backoffice.history.transfer_out),
        TxnKind::TransferIn => td_string!(locale, backoffice.history.transfer_in),
        TxnKind::Opening => td_string!(locale, backoffice.history.opening),
        TxnKind::Reversal => td_string!(locale, backoffice.history.reversal),
        TxnKind::Fee => td_string!(locale, fees.entry),
    }
}

#[component]
pub(super) fn AccountHistory(account: AccountId) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let i18n = use_i18n();
    let page = RwSignal::new(0usize);
    // This page's transactions, and whether an older page exists.
    let rows = RwSignal::new((Vec::<Transaction>::new(), false));
    let failed = RwSignal::new(None::<crate::store::StoreError>);
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
                Err(e) => failed.set(Some(e)),
            }
        });
    });
    let body = move || {
        rows.with(|(txns, _)| {
            if txns.is_empty() {
                return view! { <tr><td colspan="6">{t!(i18n, backoffice.history.none)}</td></tr> }
                    .into_any();
            }
            txns.iter()
                .map(|t| {
                    let sign = if t.kind.is_debit() { "−" } else { "+" };
                    let kind = t.kind;
                    view! {
                        <tr>
                            <td>{t.at.local(ctx.offset()).date_time_string()}</td>
                            <td>{move || kind_name(kind, i18n.get_locale())}</td>
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
    let title = move || t_string!(i18n, backoffice.accounts.history_of, account = &account);
    let label = title.clone();
    view! {
        <div class="bo-history" role="group" aria-label=label>
            <h4>{title}</h4>
            <p role="alert">{move || failed.get().map(|e| crate::ui::words::problem(&e, i18n.get_locale()))}</p>
            <div class="bo-scroll" tabindex="0" role="group"
                aria-label=move || t_string!(i18n, backoffice.history.transactions)>
                <table class="bo-table">
                    <caption>{move || t_string!(i18n, backoffice.history.page, page = page.get() + 1)}</caption>
                    <thead><tr>
                        <th scope="col">{t!(i18n, backoffice.history.when)}</th>
                        <th scope="col">{t!(i18n, backoffice.history.transaction)}</th>
                        <th scope="col">{t!(i18n, backoffice.history.amount)}</th>
                        <th scope="col">{t!(i18n, backoffice.history.balance_after)}</th>
                        <th scope="col">{t!(i18n, backoffice.column.atm)}</th>
                        <th scope="col">{t!(i18n, backoffice.column.card)}</th>
                    </tr></thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
            <div class="bo-pager">
                <button type="button" disabled=move || page.get() == 0
                    on:click=move |_| page.update(|p| *p = p.saturating_sub(1))>{t!(i18n, backoffice.history.newer)}</button>
                <button type="button" disabled=move || !rows.with(|r| r.1)
                    on:click=move |_| page.update(|p| *p += 1)>{t!(i18n, backoffice.history.older)}</button>
            </div>
        </div>
    }
}
