//! Runs as the machine sees them: what a learner's press is in a run file (a PIN's digits as
//! `•`), and a run (or a seed demo's script) turned back into presses to replay. Pure.

use super::coach::wrong_pin;
use super::{Atm, Input, Key, Screen, Soft};
use crate::core::run::{PIN_DIGIT, RunEvent, RunStep};
use crate::core::{AccountId, AtmError, Reply};

impl Soft {
    /// The key's name in a run file: `balance`, `fast:60`, `to:ACC002`, `another:yes`…
    pub fn name(&self) -> String {
        let yes = |b: bool| if b { "yes" } else { "no" };
        match self {
            Soft::Balance => "balance".into(),
            Soft::Withdraw => "withdraw".into(),
            Soft::Deposit => "deposit".into(),
            Soft::History => "history".into(),
            Soft::Transfer => "transfer".into(),
            Soft::ChangePin => "change_pin".into(),
            Soft::Exit => "exit".into(),
            Soft::Fast(dollars) => format!("fast:{dollars}"),
            Soft::Other => "other".into(),
            Soft::To(account) => format!("to:{account}"),
            Soft::Another(b) => format!("another:{}", yes(*b)),
            Soft::MoreTime(b) => format!("more_time:{}", yes(*b)),
            Soft::Fee(true) => "fee:accept".into(),
            Soft::Fee(false) => "fee:decline".into(),
        }
    }

    /// The key a run file names, if it is one.
    pub fn from_name(name: &str) -> Option<Soft> {
        let yes = |v: &str| match v {
            "yes" => Some(true),
            "no" => Some(false),
            _ => None,
        };
        Some(match name.split_once(':') {
            None => match name {
                "balance" => Soft::Balance,
                "withdraw" => Soft::Withdraw,
                "deposit" => Soft::Deposit,
                "history" => Soft::History,
                "transfer" => Soft::Transfer,
                "change_pin" => Soft::ChangePin,
                "exit" => Soft::Exit,
                "other" => Soft::Other,
                _ => return None,
            },
            Some(("fast", d)) => Soft::Fast(d.parse().ok().filter(|d| *d > 0)?),
            Some(("to", account)) if !account.is_empty() => Soft::To(AccountId::from(account)),
            Some(("another", v)) => Soft::Another(yes(v)?),
            Some(("more_time", v)) => Soft::MoreTime(yes(v)?),
            Some(("fee", "accept")) => Soft::Fee(true),
            Some(("fee", "decline")) => Soft::Fee(false),
            Some(_) => return None,
        })
    }
}

/// What `input` is in a run, pressed on `atm` as it stands: a key typed on a PIN screen is `•`.
/// `None` for what the learner did not press (the bank's answers, the heartbeat).
pub fn pressed(atm: &Atm, input: &Input) -> Option<RunStep> {
    let key = |k: &str| RunStep::Key { key: k.into() };
    Some(match input {
        Input::Insert { card, .. } => RunStep::Insert {
            card_last4: card.last4().to_string(),
        },
        Input::Key(Key::Digit(d)) => {
            let secret = matches!(
                atm.screen,
                Screen::Pin | Screen::NewPin | Screen::ConfirmPin(_)
            );
            key(&if secret {
                PIN_DIGIT.to_string()
            } else {
                d.to_string()
            })
        }
        Input::Key(Key::Enter) => key("enter"),
        Input::Key(Key::Clear) => key("clear"),
        Input::Key(Key::Cancel) => key("cancel"),
        Input::Soft(soft) => RunStep::Soft { key: soft.name() },
        Input::TakeCard => RunStep::TakeCard,
        Input::TakeCash => RunStep::TakeCash,
        Input::TakeReceipt => RunStep::TakeReceipt,
        _ => return None,
    })
}

/// What a run keeps of the bank's answer: whether a PIN was right, and a refusal's sentence.
pub fn seen(outcome: &Result<Reply, AtmError>) -> Vec<RunStep> {
    let pin = match outcome {
        Ok(Reply::LoggedIn { .. }) => Some(true),
        Err(
            AtmError::WrongPin { .. }
            | AtmError::BlockedNow { .. }
            | AtmError::BlockedAndRetained { .. },
        ) => Some(false),
        _ => None,
    };
    let refusal = outcome.as_ref().err().map(|e| RunStep::Refusal {
        message: e.to_string(),
    });
    pin.map(|right| RunStep::Pin { right })
        .into_iter()
        .chain(refusal)
        .collect()
}

/// A press to replay, `at_ms` after the replay starts.
#[derive(Clone, Debug)]
pub enum Press {
    /// The wallet's card ending with these digits.
    Insert(String),
    Input(Input),
    /// The training clock moves on this many minutes.
    Clock(i64),
}

/// The presses of a run (or a script), in order with their times. A PIN's `•` digits become
/// the card's PIN when the run says the PIN was right, a wrong one when it was wrong (typed at
/// the first `•`; the others are skipped). A key or soft key no machine has is skipped.
pub fn presses(events: &[RunEvent], pin: Option<&str>) -> Vec<(u64, Press)> {
    let mut out = Vec::new();
    let mut typed_pin = false;
    for (i, e) in events.iter().enumerate() {
        let key = |k: Key| vec![Press::Input(Input::Key(k))];
        let pressed: Vec<Press> = match &e.step {
            RunStep::Key { key: k } if k == PIN_DIGIT => {
                if typed_pin {
                    continue;
                }
                typed_pin = true;
                let right = events[i..].iter().find_map(|e| match e.step {
                    RunStep::Pin { right } => Some(right),
                    _ => None,
                });
                let digits = match right {
                    Some(false) => wrong_pin(pin),
                    _ => pin.unwrap_or_default().to_string(),
                };
                digits.chars().flat_map(|d| key(Key::Digit(d))).collect()
            }
            RunStep::Key { key: k } => match k.as_str() {
                "enter" => key(Key::Enter),
                "clear" => key(Key::Clear),
                "cancel" => key(Key::Cancel),
                k => k
                    .chars()
                    .next()
                    .filter(char::is_ascii_digit)
                    .map_or_else(Vec::new, |d| key(Key::Digit(d))),
            },
            RunStep::Soft { key } => Soft::from_name(key)
                .map(|s| Press::Input(Input::Soft(s)))
                .into_iter()
                .collect(),
            RunStep::Insert { card_last4 } => vec![Press::Insert(card_last4.clone())],
            RunStep::TakeCard => vec![Press::Input(Input::TakeCard)],
            RunStep::TakeCash => vec![Press::Input(Input::TakeCash)],
            RunStep::TakeReceipt => vec![Press::Input(Input::TakeReceipt)],
            RunStep::Clock { minutes } => vec![Press::Clock(*minutes)],
            RunStep::Pin { .. } | RunStep::Screen { .. } | RunStep::Refusal { .. } => continue,
        };
        if !matches!(&e.step, RunStep::Key { key } if key == PIN_DIGIT) {
            typed_pin = false;
        }
        out.extend(pressed.into_iter().map(|p| (e.at_ms, p)));
    }
    out
}
