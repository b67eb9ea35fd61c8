//! Cards: every card (last four digits only), its holder, status and whereabouts; returning a
//! kept card, unblocking, reporting stolen, and issuing a new card with a PIN.
//!
//! The PIN is read from its input at the moment of submit, the input is cleared at once, and
//! the PIN goes straight to the store to be hashed: it is never kept in a signal.

use super::{Books, Feedback, Outcome, RecordTable, Words, run};
use crate::core::{AccountId, AtmError, Card, CardNumber, CardStatus, Pin, UserId};
use crate::ui::Ctx;
use crate::ui::i18n::{Locale, t, t_string, td_string, use_i18n};
use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;

/// The card's state as the back office reads it at `books.read_at`, in `locale`.
fn status_text(card: &Card, books: Books, locale: Locale) -> String {
    let now = books.read_at.get();
    match card.status_at(now) {
        CardStatus::Active => td_string!(locale, backoffice.cards.active).to_string(),
        CardStatus::Blocked { until } => {
            let time = until.local(books.offset());
            td_string!(locale, backoffice.cards.blocked_until, time)
        }
        CardStatus::Stolen => td_string!(locale, backoffice.cards.stolen).to_string(),
        CardStatus::Expired => td_string!(locale, backoffice.cards.expired).to_string(),
    }
}

/// What the back office can do to a card from its row (and `Machine health` from a machine's
/// retained cards).
#[derive(Clone, Copy)]
pub(super) enum CardAction {
    Return,
    Unblock,
    ReportStolen,
}

impl CardAction {
    fn label(self, l: Locale, last4: &str) -> String {
        match self {
            CardAction::Return => td_string!(l, backoffice.cards.return_card, last4),
            CardAction::Unblock => td_string!(l, backoffice.cards.unblock, last4),
            CardAction::ReportStolen => td_string!(l, backoffice.cards.report, last4),
        }
    }

    fn done(self, l: Locale, last4: &str) -> String {
        match self {
            CardAction::Return => td_string!(l, backoffice.cards.returned, last4),
            CardAction::Unblock => td_string!(l, backoffice.cards.unblocked, last4),
            CardAction::ReportStolen => td_string!(l, backoffice.cards.reported, last4),
        }
    }
}

/// The button that does `action` to the card `number`, its outcome in the form's line.
pub(super) fn action_button(
    ctx: Ctx,
    note: Feedback,
    number: CardNumber,
    action: CardAction,
) -> impl IntoView {
    let i18n = use_i18n();
    let last4 = number.last4().to_string();
    let label = {
        let last4 = last4.clone();
        move || action.label(i18n.get_locale(), &last4)
    };
    let class = matches!(action, CardAction::ReportStolen).then_some("bo-danger");
    view! {
        <button type="button" class=class on:click=move |_| {
            let (store, now, number) = (ctx.store(), ctx.now(), number.clone());
            let last4 = last4.clone();
            let op = async move {
                match action {
                    CardAction::Return => store.return_card(&number, now).await,
                    CardAction::Unblock => store.unblock(&number, now).await,
                    CardAction::ReportStolen => store.report_stolen(&number, now).await,
                }
            };
            run(ctx, note, op, move |()| Words::new(move |l| action.done(l, &last4)));
        }>{label}</button>
    }
}

/// One card's row with the actions that apply to it.
fn card_row(ctx: Ctx, books: Books, note: Feedback, card: Card) -> impl IntoView {
    let i18n = use_i18n();
    let now = books.read_at.get();
    let status = card.status_at(now);
    let blocked = matches!(status, CardStatus::Blocked { .. });
    let stolen = status == CardStatus::Stolen;
    let in_machine = card
        .live_hold(now)
        .map(|h| h.machine.to_string())
        .unwrap_or_else(|| "—".to_string());
    let action = |action: CardAction, applies: bool| {
        applies.then(|| action_button(ctx, note, card.number.clone(), action))
    };
    // A card a machine kept (a card reader jam) goes back to its holder from here.
    let give_back = action(CardAction::Return, card.retained.is_some());
    let unblock = action(CardAction::Unblock, blocked);
    let report = action(CardAction::ReportStolen, !stolen);
    let in_machine = match &card.retained {
        Some(machine) => td_string!(
            i18n.get_locale_untracked(),
            backoffice.cards.retained_at,
            machine = machine
        ),
        None => in_machine,
    };
    let masked = card.number.masked().to_string();
    let holder = books.user_name(&card.user);
    let accounts = card
        .accounts
        .iter()
        .map(|a| a.0.clone())
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <tr>
            <td>{masked}</td>
            <td>{holder}</td>
            <td>{accounts}</td>
            <td>{move || status_text(&card, books, i18n.get_locale())}</td>
            <td>{in_machine}</td>
            <td class="bo-actions">{give_back}{unblock}{report}</td>
        </tr>
    }
}

#[component]
pub(super) fn Cards(books: Books) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let i18n = use_i18n();
    let list_note: Feedback = RwSignal::new(None);
    let issue_note: Feedback = RwSignal::new(None);
    let holder = RwSignal::new(String::new());
    let chosen = RwSignal::new(Vec::<String>::new());
    let pin_input = NodeRef::<html::Input>::new();
    // A new holder: offer all of their accounts, ticked.
    let choose_holder = move |id: String| {
        let theirs = books.users.with_untracked(|us| {
            us.iter()
                .find(|u| u.id.0 == id)
                .map(|u| u.accounts.iter().map(|a| a.to_string()).collect())
                .unwrap_or_default()
        });
        chosen.set(theirs);
        holder.set(id);
    };
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let typed = pin_input.get_untracked().map(|el| {
            let text = el.value();
            el.set_value("");
            text
        });
        let pin = Pin::parse(&typed.unwrap_or_default());
        let user = UserId::from(holder.get_untracked());
        let accounts: Vec<AccountId> = chosen
            .get_untracked()
            .into_iter()
            .map(AccountId::from)
            .collect();
        let (store, now) = (ctx.store(), ctx.now());
        let op = async move {
            let pin = pin.map_err(AtmError::from)?;
            store.issue_card(&user, None, &pin, accounts, now).await
        };
        run(ctx, issue_note, op, |number| {
            let last4 = number.last4().to_string();
            Words::new(move |l| td_string!(l, backoffice.cards.issued, last4 = &last4))
        });
    };
    let rows = move || {
        books
            .cards
            .get()
            .into_iter()
            .map(|c| card_row(ctx, books, list_note, c))
            .collect_view()
    };
    let account_boxes = move || {
        let id = holder.get();
        books
            .users
            .get()
            .into_iter()
            .find(|u| u.id.0 == id)
            .map(|u| u.accounts)
            .unwrap_or_default()
            .into_iter()
            .map(|a| {
                let (a1, a2) = (a.to_string(), a.to_string());
                let checked = move || chosen.with(|c| c.contains(&a1));
                view! {
                    <label class="bo-check">
                        <input type="checkbox" prop:checked=checked on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            chosen.update(|c| {
                                c.retain(|x| *x != a2);
                                if on { c.push(a2.clone()); }
                            });
                        } />
                        {a.to_string()}
                    </label>
                }
            })
            .collect_view()
    };
    view! {
        <h3>{t!(i18n, backoffice.section.cards)}</h3>
        <RecordTable label=|l| td_string!(l, backoffice.cards.list)
            columns=|l| vec![
                td_string!(l, backoffice.column.card),
                td_string!(l, backoffice.cards.holder),
                td_string!(l, backoffice.column.accounts),
                td_string!(l, backoffice.cards.status),
                td_string!(l, backoffice.cards.in_machine),
                td_string!(l, backoffice.cards.actions),
            ]>
            {rows}
        </RecordTable>
        <Outcome note=list_note />
        <form class="bo-form" aria-label=move || t_string!(i18n, backoffice.cards.issue_form) on:submit=submit>
            <h4>{t!(i18n, backoffice.cards.issue_form)}</h4>
            <label>{t!(i18n, backoffice.cards.holder)}
                <select prop:value=move || holder.get() on:change=move |ev| choose_holder(event_target_value(&ev))>
                    <option value="">{t!(i18n, backoffice.choose_user)}</option>
                    {books.user_options()}
                </select>
            </label>
            <fieldset class="bo-accounts">
                <legend>{t!(i18n, backoffice.cards.accounts_on_card)}</legend>
                {account_boxes}
            </fieldset>
            <label>{t!(i18n, backoffice.cards.pin)}
                <input type="password" inputmode="numeric" autocomplete="off" maxlength="6" node_ref=pin_input />
            </label>
            <button type="submit">{t!(i18n, backoffice.cards.issue)}</button>
            <Outcome note=issue_note />
        </form>
    }
}
