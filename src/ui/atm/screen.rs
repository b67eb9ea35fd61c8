//! What the screen shows for each [`Screen`], and the soft keys beside it.

use super::flow::{AmountFor, Machine, Screen, Soft};
use crate::core::AccountId;
use leptos::prelude::*;

/// The soft keys for a screen: (label, meaning). Up to four a side; left first.
pub fn soft_keys(screen: &Screen, accounts: &[AccountId]) -> Vec<(String, Soft)> {
    let s = |label: &str, soft: Soft| (label.to_string(), soft);
    match screen {
        Screen::Menu => vec![
            s("Balance", Soft::Balance),
            s("Withdraw", Soft::Withdraw),
            s("Deposit", Soft::Deposit),
            s("History", Soft::History),
            s("Transfer", Soft::Transfer),
            s("Change PIN", Soft::ChangePin),
            s("Exit", Soft::Exit),
        ],
        Screen::Withdraw => vec![
            s("$20", Soft::Fast(20)),
            s("$60", Soft::Fast(60)),
            s("$100", Soft::Fast(100)),
            s("$200", Soft::Fast(200)),
            s("Other amount", Soft::Other),
        ],
        Screen::TransferTo => accounts
            .iter()
            .skip(1)
            .map(|a| (format!("To {}", a.0), Soft::To(a.clone())))
            .collect(),
        Screen::Result(_) | Screen::Refused(_) => {
            vec![s("Yes", Soft::Another(true)), s("No", Soft::Another(false))]
        }
        Screen::MoreTime(_) => vec![
            s("Yes", Soft::MoreTime(true)),
            s("No", Soft::MoreTime(false)),
        ],
        _ => Vec::new(),
    }
}

/// The title and body lines of a screen.
fn content(screen: &Screen, name: Option<String>) -> (String, Vec<String>, Option<&'static str>) {
    let line = |t: &str| t.to_string();
    match screen {
        Screen::Welcome => (line("Welcome"), vec![line("Please insert your card")], None),
        Screen::Pin => (
            line("Enter your PIN"),
            vec![line("Then press Enter")],
            Some("pin"),
        ),
        Screen::Menu => (
            name.map_or_else(|| line("Main menu"), |n| format!("Hello, {n}")),
            vec![line("Choose a transaction")],
            None,
        ),
        Screen::Withdraw => (
            line("Withdraw cash"),
            vec![line("Choose an amount, or type one and press Enter")],
            Some("amount"),
        ),
        Screen::Amount(AmountFor::Withdraw) => (
            line("Other amount"),
            vec![line("Type the amount in whole dollars, then Enter")],
            Some("amount"),
        ),
        Screen::Amount(AmountFor::Deposit) => (
            line("Deposit"),
            vec![line("Type the amount in whole dollars, then Enter")],
            Some("amount"),
        ),
        Screen::Amount(AmountFor::Transfer(to)) => (
            format!("Transfer to {}", to.0),
            vec![line("Type the amount in whole dollars, then Enter")],
            Some("amount"),
        ),
        Screen::TransferTo => (
            line("Transfer"),
            vec![line("Choose the account to transfer to")],
            None,
        ),
        Screen::NewPin => (
            line("Change PIN"),
            vec![line("Type your new PIN, then Enter")],
            Some("pin"),
        ),
        Screen::ConfirmPin(_) => (
            line("Change PIN"),
            vec![line("Type it again, then Enter")],
            Some("pin"),
        ),
        Screen::Result(lines) => {
            let mut body = lines.clone();
            body.push(line("Another transaction?"));
            (line("Done"), body, None)
        }
        Screen::Refused(why) => (
            line("Not done"),
            vec![why.clone(), line("Another transaction?")],
            None,
        ),
        Screen::MoreTime(_) => (
            line("Do you need more time?"),
            vec![line("Your session is about to end")],
            None,
        ),
        Screen::Goodbye(why) => (why.clone(), vec![line("Please take your card")], None),
    }
}

/// The screen's contents (inside the `ATM screen` region).
#[component]
pub fn ScreenView(machine: Machine) -> impl IntoView {
    let view_of = move || {
        let screen = machine.screen.get();
        let name = machine.session.with(|s| s.as_ref().map(|s| s.name.clone()));
        let busy = machine.waiting.get();
        let (title, body, entry) = content(&screen, name);
        let typed = move || {
            let e = machine.entry.get();
            match entry {
                Some("pin") => "•".repeat(e.chars().count()),
                _ => format!("${e}"),
            }
        };
        view! {
            <h2 class="screen-title">{title}</h2>
            {machine.message.get().map(|m| view! { <p class="screen-message" role="alert">{m}</p> })}
            {body.into_iter().map(|l| view! { <p class="screen-line">{l}</p> }).collect_view()}
            {entry.map(|_| view! { <p class="screen-entry" aria-label="Typed">{typed}</p> })}
            {busy.then(|| view! { <p class="screen-busy">"Please wait…"</p> })}
        }
    };
    view! { <div class="screen-inner">{view_of}</div> }
}
