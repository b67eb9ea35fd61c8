//! The phone (SMS and push) and the email inbox, fed live by the core's channel notifiers.
//! A message is data (its channel and the bank event); the words are put on it here, in the
//! current language, so the messages already in an inbox read anew when the language changes.

use super::Ctx;
use super::i18n::{Locale, t, t_string, td_string, use_i18n};
use super::words;
use crate::core::events::{BankEvent, Deliver, ReversalReason};
use crate::core::session::EndReason;
use crate::core::{Channel, ChannelNotifier, Message};
use leptos::prelude::*;
use std::sync::Arc;
use std::time::Duration;

/// Subscribes the three built-in notifiers to the store; their messages land in the inboxes.
pub fn subscribe(ctx: &Ctx) {
    let notifiers = ctx.store().notifiers();
    let phone = ctx.phone;
    let email = ctx.email;
    let to_phone = deliver_after_screen(phone);
    let to_email = deliver_after_screen(email);
    notifiers.subscribe(Arc::new(ChannelNotifier::sms(to_phone.clone())));
    notifiers.subscribe(Arc::new(ChannelNotifier::push(to_phone)));
    notifiers.subscribe(Arc::new(ChannelNotifier::email(to_email)));
}

/// A message as an inbox holds it: numbered in order of arrival. The list is keyed by the
/// number, so a new message adds one row and leaves the rows already shown alone (redrawing
/// every row for each message grew with the inbox: three redraws per withdrawal).
#[derive(Clone, Debug, PartialEq)]
pub struct Delivered {
    pub n: u64,
    pub message: Message,
}

/// Puts `message` at the top of `inbox`, numbered after the newest there.
fn deliver(inbox: &mut Vec<Delivered>, message: Message) {
    let n = inbox.first().map_or(0, |d| d.n + 1);
    inbox.insert(0, Delivered { n, message });
}

/// Puts each message in `inbox` in a task of its own, after the one that delivers the store's
/// answer: the ATM screen shows the answer first, and redrawing an inbox never stands between a
/// key press and the screen.
fn deliver_after_screen(inbox: RwSignal<Vec<Delivered>>) -> Deliver {
    Arc::new(move |m: Message| {
        set_timeout(
            move || {
                inbox.try_update(|v| deliver(v, m));
            },
            Duration::ZERO,
        )
    })
}

/// What `m` says in `locale`: its subject (empty where the channel's badge says it all: an SMS)
/// and its body, or `None` for an event its channel does not carry (never delivered, as
/// [`Channel::carries`] decides).
pub fn words(locale: Locale, m: &Message) -> Option<(String, String)> {
    use BankEvent as E;
    let l = locale;
    let said = match (m.channel, &m.event) {
        (
            Channel::Email,
            E::LoggedIn {
                holder, machine, ..
            },
        ) => (
            td_string!(l, inbox.mail.card_used_subject).to_string(),
            td_string!(l, inbox.mail.card_used, card = &holder.card, machine),
        ),
        (
            Channel::Email,
            E::Withdrawal {
                holder,
                machine,
                account,
                amount,
                balance,
                ..
            },
        ) => (
            td_string!(l, inbox.mail.withdrawal_subject, amount),
            td_string!(
                l,
                inbox.mail.withdrawal,
                amount,
                account,
                card = &holder.card,
                machine,
                balance
            ),
        ),
        (
            Channel::Email,
            E::Deposit {
                holder,
                machine,
                account,
                amount,
                balance,
                ..
            },
        ) => (
            td_string!(l, inbox.mail.deposit_subject, amount),
            td_string!(
                l,
                inbox.mail.deposit,
                amount,
                account,
                card = &holder.card,
                machine,
                balance
            ),
        ),
        (
            Channel::Email,
            E::Transfer {
                from,
                to,
                amount,
                from_balance,
                ..
            },
        ) => (
            td_string!(l, inbox.mail.transfer_subject, amount),
            td_string!(l, inbox.mail.transfer, amount, from, to, from_balance),
        ),
        (Channel::Email, E::PinChanged { holder, .. }) => (
            td_string!(l, inbox.mail.pin_changed_subject).to_string(),
            td_string!(l, inbox.mail.pin_changed, card = &holder.card),
        ),
        (Channel::Email, E::CardBlocked { holder, until, .. }) => (
            td_string!(l, inbox.mail.card_blocked_subject).to_string(),
            td_string!(l, inbox.mail.card_blocked, card = &holder.card, until),
        ),
        (Channel::Email, E::CardReportedStolen { holder, .. }) => (
            td_string!(l, inbox.mail.card_stopped_subject).to_string(),
            td_string!(l, inbox.mail.card_stopped, card = &holder.card),
        ),
        (Channel::Email, E::CardUnblocked { holder, .. }) => (
            td_string!(l, inbox.mail.card_unblocked_subject).to_string(),
            td_string!(l, inbox.mail.card_unblocked, card = &holder.card),
        ),
        (
            Channel::Email,
            E::LowCash {
                machine, remaining, ..
            },
        ) => (
            td_string!(l, inbox.mail.low_cash_subject, machine),
            td_string!(l, inbox.mail.low_cash, machine, remaining),
        ),
        (
            Channel::Email,
            E::Fault {
                machine,
                device,
                kind,
                ..
            },
        ) => {
            let (device, kind) = (words::device(*device, l), words::fault(*kind, l));
            (
                td_string!(l, inbox.mail.fault_subject, machine, device),
                td_string!(l, inbox.mail.fault, machine, device, kind),
            )
        }
        (
            Channel::Email,
            E::Reversal {
                holder,
                machine,
                account,
                amount,
                reason,
                ..
            },
        ) => (
            td_string!(l, inbox.mail.reversal_subject, amount),
            match reason {
                ReversalReason::DispenserJam => td_string!(
                    l,
                    inbox.mail.reversal_jam,
                    machine,
                    amount,
                    account,
                    card = &holder.card
                ),
                ReversalReason::CashNotTaken => td_string!(
                    l,
                    inbox.mail.reversal_not_taken,
                    machine,
                    amount,
                    account,
                    card = &holder.card
                ),
            },
        ),
        (
            Channel::Email,
            E::CardRetained {
                holder, machine, ..
            },
        ) => (
            td_string!(l, inbox.mail.card_retained_subject).to_string(),
            td_string!(l, inbox.mail.card_retained, card = &holder.card, machine),
        ),
        (
            Channel::Sms,
            E::CardRetained {
                holder, machine, ..
            },
        ) => (
            String::new(),
            td_string!(l, inbox.sms.card_retained, card = &holder.card, machine),
        ),
        (
            Channel::Push,
            E::Reversal {
                amount, account, ..
            },
        ) => (
            td_string!(l, inbox.push.reversal_subject).to_string(),
            td_string!(l, inbox.push.reversal, amount, account),
        ),
        (
            Channel::Sms,
            E::Withdrawal {
                holder,
                amount,
                balance,
                ..
            },
        ) => (
            String::new(),
            td_string!(
                l,
                inbox.sms.withdrawal,
                amount,
                card = &holder.card,
                balance
            ),
        ),
        (
            Channel::Sms,
            E::FailedPin {
                holder, tries_left, ..
            },
        ) => (
            String::new(),
            td_string!(l, inbox.sms.failed_pin, card = &holder.card, tries_left),
        ),
        (Channel::Sms, E::CardBlocked { holder, until, .. }) => (
            String::new(),
            td_string!(l, inbox.sms.card_blocked, card = &holder.card, until),
        ),
        (Channel::Sms, E::PinChanged { holder, .. }) => (
            String::new(),
            td_string!(l, inbox.sms.pin_changed, card = &holder.card),
        ),
        (Channel::Sms, E::CardReportedStolen { holder, .. }) => (
            String::new(),
            td_string!(l, inbox.sms.card_stopped, card = &holder.card),
        ),
        (Channel::Push, E::LoggedIn { machine, .. }) => (
            td_string!(l, inbox.push.signed_in_subject).to_string(),
            td_string!(l, inbox.push.signed_in, machine),
        ),
        (
            Channel::Push,
            E::Withdrawal {
                amount, balance, ..
            },
        ) => (
            td_string!(l, inbox.push.withdrawal_subject).to_string(),
            td_string!(l, inbox.push.withdrawal, amount, balance),
        ),
        (
            Channel::Push,
            E::Deposit {
                amount, balance, ..
            },
        ) => (
            td_string!(l, inbox.push.deposit_subject).to_string(),
            td_string!(l, inbox.push.deposit, amount, balance),
        ),
        (
            Channel::Push,
            E::Transfer {
                amount, from, to, ..
            },
        ) => (
            td_string!(l, inbox.push.transfer_subject).to_string(),
            td_string!(l, inbox.push.transfer, amount, from, to),
        ),
        (
            Channel::Push,
            E::SessionEnded {
                reason: EndReason::Timeout,
                machine,
                ..
            },
        ) => (
            td_string!(l, inbox.push.timed_out_subject).to_string(),
            td_string!(l, inbox.push.timed_out, machine),
        ),
        _ => return None,
    };
    Some(said)
}

/// The channel's badge.
fn badge(locale: Locale, channel: Channel) -> &'static str {
    match channel {
        Channel::Email => td_string!(locale, inbox.channel.email),
        Channel::Sms => td_string!(locale, inbox.channel.sms),
        Channel::Push => td_string!(locale, inbox.channel.push),
    }
}

fn message_row(ctx: Ctx, m: Message) -> impl IntoView {
    let i18n = use_i18n();
    let when = m.at().local(ctx.offset()).to_string();
    let channel = m.channel;
    // Worded again only when the language changes.
    let said = Memo::new(move |_| words(i18n.get_locale(), &m).unwrap_or_default());
    view! {
        <li class="message">
            <p class="message-head">
                <span class="badge">{move || badge(i18n.get_locale(), channel)}</span>" "
                {move || said.with(|(subject, _)| subject.clone())}<span class="when">{when}</span>
            </p>
            <p class="message-body">{move || said.with(|(_, body)| body.clone())}</p>
        </li>
    }
}

fn message_list(
    ctx: Ctx,
    messages: RwSignal<Vec<Delivered>>,
    empty: Signal<&'static str>,
) -> impl IntoView {
    view! {
        <Show when=move || !messages.with(Vec::is_empty) fallback=move || view! { <p class="empty">{move || empty.get()}</p> }>
            <ul class="messages">
                <For each=move || messages.get() key=|d| d.n children=move |d| message_row(ctx, d.message) />
            </ul>
        </Show>
    }
}

/// Both inboxes.
#[component]
pub fn Inboxes() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let i18n = use_i18n();
    view! {
        <section class="inbox phone" role="region" aria-label=move || t_string!(i18n, inbox.phone)>
            <h2>{t!(i18n, inbox.phone)}</h2>
            {message_list(ctx, ctx.phone, Signal::derive(move || t_string!(i18n, inbox.no_messages)))}
        </section>
        <section class="inbox email" role="region" aria-label=move || t_string!(i18n, inbox.email)>
            <h2>{t!(i18n, inbox.email)}</h2>
            {message_list(ctx, ctx.email, Signal::derive(move || t_string!(i18n, inbox.inbox_empty)))}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::events::Holder;
    use crate::core::machine::{Device, FaultKind};
    use crate::core::time::LocalTime;
    use crate::core::{AccountId, CardNumber, MachineId, Money, Timestamp, UserId, UtcOffset};
    use crate::ui::i18n::I18nLocaleTrait;
    use wasm_bindgen_test::wasm_bindgen_test;

    const CHANNELS: [Channel; 3] = [Channel::Email, Channel::Sms, Channel::Push];

    fn holder() -> Holder {
        Holder {
            user: UserId("U002".into()),
            name: "Jane Smith".into(),
            card: CardNumber::parse("4532111111111111").unwrap().masked(),
        }
    }

    /// One event of each kind (and a session that ended both ways), Jane's card, at ATM002.
    fn events() -> Vec<BankEvent> {
        let at = Timestamp::from_millis(0);
        let machine = || MachineId("ATM002".into());
        let account = || AccountId("ACC002".into());
        let ended = |reason| BankEvent::SessionEnded {
            at,
            holder: holder(),
            machine: machine(),
            reason,
        };
        vec![
            BankEvent::LoggedIn {
                at,
                holder: holder(),
                machine: machine(),
            },
            BankEvent::FailedPin {
                at,
                holder: holder(),
                machine: machine(),
                tries_left: 2,
            },
            BankEvent::CardBlocked {
                at,
                holder: holder(),
                machine: machine(),
                until: LocalTime {
                    at: Timestamp::from_millis(37_800_000),
                    offset: UtcOffset::UTC,
                },
            },
            BankEvent::Withdrawal {
                at,
                holder: holder(),
                machine: machine(),
                account: account(),
                amount: Money::from_dollars(300),
                balance: Money::from_dollars(1_200),
            },
            BankEvent::Deposit {
                at,
                holder: holder(),
                machine: machine(),
                account: account(),
                amount: Money::from_dollars(50),
                balance: Money::from_dollars(1_250),
            },
            BankEvent::Transfer {
                at,
                holder: holder(),
                from: account(),
                to: AccountId("ACC001".into()),
                amount: Money::from_dollars(100),
                from_balance: Money::from_dollars(1_150),
            },
            BankEvent::PinChanged {
                at,
                holder: holder(),
            },
            ended(EndReason::Timeout),
            ended(EndReason::Logout),
            BankEvent::CardReportedStolen {
                at,
                holder: holder(),
            },
            BankEvent::CardUnblocked {
                at,
                holder: holder(),
            },
            BankEvent::LowCash {
                at,
                machine: machine(),
                remaining: Money::from_dollars(400),
            },
            BankEvent::Fault {
                at,
                machine: machine(),
                device: Device::Dispenser,
                kind: FaultKind::Jam,
            },
            BankEvent::Reversal {
                at,
                holder: holder(),
                machine: machine(),
                account: account(),
                amount: Money::from_dollars(100),
                reason: ReversalReason::DispenserJam,
            },
            BankEvent::Reversal {
                at,
                holder: holder(),
                machine: machine(),
                account: account(),
                amount: Money::from_dollars(60),
                reason: ReversalReason::CashNotTaken,
            },
            BankEvent::CardRetained {
                at,
                holder: holder(),
                machine: machine(),
            },
        ]
    }

    /// Every message the notifiers deliver for [`events`], in order.
    fn delivered() -> Vec<Message> {
        events()
            .into_iter()
            .flat_map(|event| {
                CHANNELS
                    .into_iter()
                    .filter(|c| c.carries(&event))
                    .map(|channel| message(channel, event.clone()))
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    fn message(channel: Channel, event: BankEvent) -> Message {
        Message { channel, event }
    }

    #[wasm_bindgen_test]
    fn each_message_gets_a_number_no_message_in_the_inbox_has_and_goes_on_top() {
        let failed = |tries_left| {
            message(
                Channel::Sms,
                BankEvent::FailedPin {
                    at: Timestamp::from_millis(0),
                    holder: holder(),
                    machine: MachineId("ATM002".into()),
                    tries_left,
                },
            )
        };
        let mut inbox = Vec::new();
        for tries in [2, 1, 0] {
            deliver(&mut inbox, failed(tries));
        }
        let shown: Vec<(u64, Message)> = inbox.iter().map(|d| (d.n, d.message.clone())).collect();
        assert_eq!(shown, [(2, failed(0)), (1, failed(1)), (0, failed(2))]);
        // Cleared (a new scenario), the numbering starts again: no row of the old list is left
        // for a number to collide with.
        inbox.clear();
        deliver(&mut inbox, failed(2));
        assert_eq!(inbox[0].n, 0);
    }

    #[wasm_bindgen_test]
    fn there_are_words_for_exactly_what_each_channel_carries() {
        for locale in Locale::get_all().iter().copied() {
            for event in events() {
                for channel in CHANNELS {
                    let m = message(channel, event.clone());
                    assert_eq!(
                        words(locale, &m).is_some(),
                        channel.carries(&event),
                        "{locale:?} {m:?}"
                    );
                }
            }
        }
    }

    /// The English words, as the notifiers have always written them (the e2e tests read them).
    #[wasm_bindgen_test]
    fn english_reads_as_before() {
        let said: Vec<(Channel, String, String)> = delivered()
            .iter()
            .map(|m| {
                let (subject, body) = words(Locale::en, m).unwrap();
                (m.channel, subject, body)
            })
            .collect();
        let expected = [
            (Channel::Email, "Card used at an ATM", "Your card •••• 1111 was used to sign in at ATM002."),
            (Channel::Push, "Signed in", "Card inserted at ATM002"),
            (Channel::Sms, "", "Bank: wrong PIN on card •••• 1111. 2 tries left."),
            (
                Channel::Email,
                "Card blocked",
                "Card •••• 1111 was blocked after too many wrong PINs. It can be used again after 10:30.",
            ),
            (Channel::Sms, "", "Bank: card •••• 1111 blocked until 10:30."),
            (
                Channel::Email,
                "Withdrawal of $300.00",
                "$300.00 was withdrawn from ACC002 with card •••• 1111 at ATM002. Balance: $1,200.00.",
            ),
            (Channel::Sms, "", "Bank: $300.00 withdrawn, card •••• 1111. Bal $1,200.00."),
            (Channel::Push, "Cash withdrawn", "$300.00 · balance $1,200.00"),
            (
                Channel::Email,
                "Deposit of $50.00",
                "$50.00 was deposited to ACC002 with card •••• 1111 at ATM002. Balance: $1,250.00.",
            ),
            (Channel::Push, "Deposit received", "$50.00 · balance $1,250.00"),
            (
                Channel::Email,
                "Transfer of $100.00",
                "$100.00 moved from ACC002 to ACC001. ACC002 balance: $1,150.00.",
            ),
            (Channel::Push, "Transfer done", "$100.00 from ACC002 to ACC001"),
            (
                Channel::Email,
                "PIN changed",
                "The PIN of card •••• 1111 was changed. If this was not you, call us.",
            ),
            (Channel::Sms, "", "Bank: PIN changed on card •••• 1111."),
            (Channel::Push, "Session timed out", "Your card was returned at ATM002"),
            (Channel::Email, "Card stopped", "Card •••• 1111 was reported stolen and no longer works."),
            (Channel::Sms, "", "Bank: card •••• 1111 stopped."),
            (Channel::Email, "Card unblocked", "Card •••• 1111 was unblocked by the bank."),
            (Channel::Email, "Low cash at ATM002", "ATM002 has $400.00 left. Please refill."),
            (
                Channel::Email,
                "Fault at ATM002: dispenser",
                "The dispenser of ATM002 reported a fault: jam. Please send a technician.",
            ),
            (
                Channel::Email,
                "$100.00 returned to your account",
                "ATM002 could not dispense $100.00, so the withdrawal from ACC002 was reversed (card •••• 1111).",
            ),
            (Channel::Push, "Withdrawal reversed", "$100.00 is back in ACC002."),
            (
                Channel::Email,
                "$60.00 returned to your account",
                "The $60.00 dispensed by ATM002 was not taken and went back into the machine. The withdrawal from ACC002 was reversed (card •••• 1111).",
            ),
            (Channel::Push, "Withdrawal reversed", "$60.00 is back in ACC002."),
            (
                Channel::Email,
                "Your card was retained",
                "Your card •••• 1111 was retained by ATM002. Please contact your bank to get it back.",
            ),
            (Channel::Sms, "", "Card •••• 1111 retained by ATM002. Call your bank."),
        ]
        .map(|(c, s, b)| (c, s.to_string(), b.to_string()));
        assert_eq!(said, expected);
    }

    #[wasm_bindgen_test]
    fn spanish_words_keep_the_money_and_the_masked_card_only() {
        for m in delivered() {
            let (en_subject, en_body) = words(Locale::en, &m).unwrap();
            let (es_subject, es_body) = words(Locale::es, &m).unwrap();
            assert_ne!(en_body, es_body, "{m:?}");
            assert!(en_subject.is_empty() == es_subject.is_empty(), "{m:?}");
            for text in [&en_subject, &en_body, &es_subject, &es_body] {
                assert!(!text.contains("4532111111111111"), "{text}");
                assert!(!text.contains("453211"), "{text}");
            }
            // The same amounts, cards, accounts, machines and times, in the same notation:
            // only the words around them change.
            let data = |text: &str| -> Vec<String> {
                let mut found: Vec<String> = text
                    .split([' ', ',', ':'])
                    .filter(|w| w.chars().any(|c| c.is_ascii_digit()))
                    .map(|w| w.trim_end_matches('.').to_string())
                    .collect();
                found.sort();
                found
            };
            assert_eq!(data(&es_body), data(&en_body), "{es_body} / {en_body}");
        }
        let sms = message(Channel::Sms, events()[3].clone());
        assert_eq!(
            words(Locale::es, &sms).unwrap().1,
            "Banco: retiro de $300.00, tarjeta •••• 1111. Saldo $1,200.00."
        );
    }
}
