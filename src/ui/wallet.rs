//! The customer's wallet: the bank's cards, each a button that inserts it into the machine.

use super::Ctx;
use super::atm::Machine;
use crate::core::{CardStatus, Timestamp};
use crate::store::WalletCard;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Reloads the wallet whenever the bank changes (this tab or another: `version`), and when the
/// clock passes the first moment a card's own times change what it shows (a block ends, a hold
/// lapses). Not every second: a read each second would open a transaction each second, and a
/// withdrawal started meanwhile would wait for it. Not while a scenario named by the URL is on
/// its way (its arrival, or its failure, reloads).
fn watch(ctx: Ctx) {
    let due = StoredValue::new(next_change(&ctx.wallet.get_untracked()));
    let reload = move || {
        if ctx.url_scenario.get_untracked() {
            return;
        }
        spawn_local(async move {
            let store = ctx.store();
            if let Ok(cards) = store.wallet(ctx.now()).await {
                due.set_value(next_change(&cards));
                if ctx.wallet.with_untracked(|w| *w != cards) {
                    ctx.wallet.set(cards);
                }
            }
        })
    };
    Effect::new(move |_| {
        ctx.version.track();
        reload();
    });
    Effect::new(move |_| {
        let now = ctx.clock.now();
        if due.get_value().is_some_and(|at| at <= now) {
            // Once: a failed read waits for the next change of the bank.
            due.set_value(None);
            reload();
        }
    });
}

/// The first moment time alone changes one of `cards`.
fn next_change(cards: &[WalletCard]) -> Option<Timestamp> {
    cards.iter().filter_map(|c| c.changes_at).min()
}

#[component]
pub fn Wallet() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let machine = expect_context::<Machine>();
    watch(ctx);
    view! {
        <section class="wallet" role="region" aria-label="Wallet">
            <h2>"Wallet"</h2>
            <ul class="cards">
                {move || ctx.wallet.get().into_iter().enumerate().map(|(i, card)| {
                    let last4 = card.number.last4().to_string();
                    let label = format!("Insert card ending {last4}");
                    let number = card.number.clone();
                    let in_slot = {
                        let number = number.clone();
                        move || machine.card.with(|c| c.as_ref() == Some(&number))
                    };
                    let elsewhere = card.in_machine.clone();
                    let status = match (&card.status, &card.in_machine) {
                        (_, Some(m)) => format!("In use at {}", m.0),
                        (CardStatus::Active, None) => "Active".to_string(),
                        (CardStatus::Blocked { until }, None) => {
                            format!("Blocked until {}", until.local(ctx.offset()))
                        }
                        (CardStatus::Stolen, None) => "Reported stolen".to_string(),
                        (CardStatus::Expired, None) => "Expired".to_string(),
                    };
                    // The card in this machine's slot says so; a card held by another
                    // machine (or another tab) says where.
                    let status = {
                        let in_slot = in_slot.clone();
                        move || if in_slot() { "In this machine".to_string() } else { status.clone() }
                    };
                    let status_id = format!("wallet-card-{i}-status");
                    let class = move || {
                        if in_slot() || elsewhere.is_some() { "card-item in-use" } else { "card-item" }
                    };
                    let busy = move || machine.card.with(Option::is_some);
                    view! {
                        <li class=class>
                            <button type="button" class="bank-card" aria-label=label
                                aria-describedby=status_id.clone()
                                disabled=busy
                                on:click=move |_| machine.insert(number.clone())>
                                // Only the last four digits are text: the button's name must
                                // contain what it shows (the dots are drawn by the style sheet).
                                <span class="card-chip" aria-hidden="true"></span>
                                <span class="card-number">{last4.clone()}</span>
                            </button>
                            <span class="card-holder">{card.holder.clone()}</span>
                            <span class="card-status" id=status_id>{status}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}
