//! The customer's wallet: the bank's cards, each a button that inserts it into the machine.

use super::Ctx;
use super::atm::Machine;
use super::coach;
use super::goals::ScenarioRun;
use super::i18n::{Locale, t, t_string, td_string, use_i18n};
use crate::core::{CardStatus, Timestamp, UtcOffset};
use crate::flow::coach::Control;
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

/// What the wallet says of `card` in `locale`: the card in this machine's slot says so, a card
/// held by another machine (or another tab) says where, any other says how the bank has it.
fn status_text(locale: Locale, card: &WalletCard, in_slot: bool, offset: UtcOffset) -> String {
    if in_slot {
        return td_string!(locale, wallet.in_this_machine).to_string();
    }
    if let Some(machine) = &card.retained_at {
        return td_string!(locale, wallet.retained_at, machine);
    }
    match (&card.status, &card.in_machine) {
        (_, Some(machine)) => td_string!(locale, wallet.in_use_at, machine),
        (CardStatus::Active, None) => td_string!(locale, wallet.active).to_string(),
        (CardStatus::Blocked { until }, None) => {
            td_string!(locale, wallet.blocked_until, until = until.local(offset))
        }
        (CardStatus::Stolen, None) => td_string!(locale, wallet.reported_stolen).to_string(),
        (CardStatus::Expired, None) => td_string!(locale, wallet.expired).to_string(),
    }
}

#[component]
pub fn Wallet() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let machine = expect_context::<Machine>();
    let run = expect_context::<ScenarioRun>();
    let i18n = use_i18n();
    watch(ctx);
    view! {
        <section class="wallet" role="region" aria-label=move || t_string!(i18n, wallet.title)>
            <h2>{t!(i18n, wallet.title)}</h2>
            <ul class="cards">
                {move || ctx.wallet.get().into_iter().enumerate().map(|(i, card)| {
                    let last4 = card.number.last4().to_string();
                    let label = {
                        let last4 = last4.clone();
                        move || t_string!(i18n, wallet.insert_card, last4 = &last4)
                    };
                    let number = card.number.clone();
                    let in_slot = {
                        let number = number.clone();
                        move || machine.card.with(|c| c.as_ref() == Some(&number))
                    };
                    let elsewhere = card.in_machine.clone();
                    // A card a machine kept is not in the wallet to insert.
                    let retained = card.retained_at.is_some();
                    let status = {
                        let in_slot = in_slot.clone();
                        let card = card.clone();
                        move || status_text(i18n.get_locale(), &card, in_slot(), ctx.offset())
                    };
                    let status_id = format!("wallet-card-{i}-status");
                    let coach_says = coach::described(Control::Insert(last4.clone()));
                    let described = {
                        let status_id = status_id.clone();
                        move || match coach_says() {
                            Some(coach) => format!("{status_id} {coach}"),
                            None => status_id.clone(),
                        }
                    };
                    let ringed = coach::ringed(Control::Insert(last4.clone()));
                    let pin_note = {
                        let number = number.clone();
                        move || {
                            run.show_pins.get().then(|| {
                                run.cards.with(|cards| {
                                    cards.iter().find(|(n, _)| *n == number).map(|(_, p)| p.clone())
                                })
                            }).flatten()
                        }
                    };
                    let class = move || {
                        if in_slot() || elsewhere.is_some() || retained { "card-item in-use" } else { "card-item" }
                    };
                    let busy = move || retained || machine.card.with(Option::is_some);
                    view! {
                        <li class=class>
                            <button type="button" class="bank-card" aria-label=label
                                aria-describedby=described class:coach-target=ringed
                                disabled=busy
                                on:click=move |_| machine.insert(number.clone())>
                                // Only the last four digits are text: the button's name must
                                // contain what it shows (the dots are drawn by the style sheet).
                                <span class="card-chip" aria-hidden="true"></span>
                                <span class="card-number">{last4.clone()}</span>
                            </button>
                            <span class="card-holder">{card.holder.clone()}</span>
                            <span class="card-status" id=status_id>{status}</span>
                            {move || pin_note().map(|pin| view! {
                                <span class="sticky-note" role="note">{move || t_string!(i18n, wallet.pin_note, pin = &pin)}</span>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::{CardNumber, MachineId};
    use wasm_bindgen_test::wasm_bindgen_test;

    fn card(status: CardStatus, in_machine: Option<&str>) -> WalletCard {
        WalletCard {
            number: CardNumber::parse("4532111111111111").unwrap(),
            holder: "Jane Smith".into(),
            status,
            in_machine: in_machine.map(|m| MachineId(m.into())),
            retained_at: None,
            changes_at: None,
        }
    }

    #[wasm_bindgen_test]
    fn a_cards_status_reads_in_either_language_with_its_time_as_hh_mm() {
        // 10:30 at the bank, which is five hours behind UTC.
        let zone = UtcOffset::from_minutes(-300).unwrap();
        let until = Timestamp::from_millis((15 * 60 + 30) * 60_000);
        let cases = [
            (card(CardStatus::Active, None), false, "Active", "Activa"),
            (
                card(CardStatus::Blocked { until }, None),
                false,
                "Blocked until 10:30",
                "Bloqueada hasta las 10:30",
            ),
            (
                card(CardStatus::Stolen, None),
                false,
                "Reported stolen",
                "Denunciada como robada",
            ),
            (
                card(CardStatus::Expired, None),
                false,
                "Expired",
                "Caducada",
            ),
            (
                card(CardStatus::Active, Some("ATM001")),
                false,
                "In use at ATM001",
                "En uso en ATM001",
            ),
            (
                card(CardStatus::Active, Some("ATM001")),
                true,
                "In this machine",
                "En este cajero",
            ),
        ];
        for (card, in_slot, en, es) in cases {
            assert_eq!(status_text(Locale::en, &card, in_slot, zone), en);
            assert_eq!(status_text(Locale::es, &card, in_slot, zone), es);
        }
    }
}
