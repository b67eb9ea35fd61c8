//! The phone (SMS and push) and the email inbox, fed live by the core's channel notifiers.

use super::Ctx;
use crate::core::events::Deliver;
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

fn message_row(ctx: Ctx, m: Message) -> impl IntoView {
    let kind = match m.channel {
        Channel::Sms => "SMS",
        Channel::Push => "Push",
        Channel::Email => "Email",
    };
    let when = m.at.local(ctx.offset()).to_string();
    // The SMS composer's subject is just "SMS": the badge already says so.
    let subject = if m.subject == kind {
        String::new()
    } else {
        m.subject
    };
    view! {
        <li class="message">
            <p class="message-head"><span class="badge">{kind}</span>" "{subject}<span class="when">{when}</span></p>
            <p class="message-body">{m.body}</p>
        </li>
    }
}

fn message_list(
    ctx: Ctx,
    messages: RwSignal<Vec<Delivered>>,
    empty: &'static str,
) -> impl IntoView {
    view! {
        <Show when=move || !messages.with(Vec::is_empty) fallback=move || view! { <p class="empty">{empty}</p> }>
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
    view! {
        <section class="inbox phone" role="region" aria-label="Phone">
            <h2>"Phone"</h2>
            {message_list(ctx, ctx.phone, "No messages")}
        </section>
        <section class="inbox email" role="region" aria-label="Email inbox">
            <h2>"Email inbox"</h2>
            {message_list(ctx, ctx.email, "Inbox empty")}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::Timestamp;

    fn sms(body: &str) -> Message {
        Message {
            channel: Channel::Sms,
            at: Timestamp::from_millis(0),
            to: "Alice".into(),
            subject: "SMS".into(),
            body: body.into(),
        }
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn each_message_gets_a_number_no_message_in_the_inbox_has_and_goes_on_top() {
        let mut inbox = Vec::new();
        for body in ["one", "two", "three"] {
            deliver(&mut inbox, sms(body));
        }
        let shown: Vec<(u64, &str)> = inbox
            .iter()
            .map(|d| (d.n, d.message.body.as_str()))
            .collect();
        assert_eq!(shown, [(2, "three"), (1, "two"), (0, "one")]);
        // Cleared (a new scenario), the numbering starts again: no row of the old list is left
        // for a number to collide with.
        inbox.clear();
        deliver(&mut inbox, sms("four"));
        assert_eq!(inbox[0].n, 0);
    }
}
