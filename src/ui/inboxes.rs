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

/// Puts each message in `inbox` in a task of its own, after the one that delivers the store's
/// answer: the ATM screen shows the answer first, and redrawing an inbox never stands between a
/// key press and the screen.
fn deliver_after_screen(inbox: RwSignal<Vec<Message>>) -> Deliver {
    Arc::new(move |m: Message| {
        set_timeout(
            move || {
                inbox.try_update(|v| v.insert(0, m));
            },
            Duration::ZERO,
        )
    })
}

fn message_list(ctx: Ctx, messages: RwSignal<Vec<Message>>, empty: &'static str) -> impl IntoView {
    view! {
        <Show when=move || !messages.with(Vec::is_empty) fallback=move || view! { <p class="empty">{empty}</p> }>
            <ul class="messages">
                {move || messages.get().into_iter().map(|m| {
                    let kind = match m.channel {
                        Channel::Sms => "SMS",
                        Channel::Push => "Push",
                        Channel::Email => "Email",
                    };
                    let when = m.at.local(ctx.offset).to_string();
                    // The SMS composer's subject is just "SMS": the badge already says so.
                    let subject = if m.subject == kind { String::new() } else { m.subject.clone() };
                    view! {
                        <li class="message">
                            <p class="message-head"><span class="badge">{kind}</span>" "{subject}<span class="when">{when}</span></p>
                            <p class="message-body">{m.body}</p>
                        </li>
                    }
                }).collect_view()}
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
