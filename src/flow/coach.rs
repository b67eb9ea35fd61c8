//! The coach: the next control to press for a scenario's current goal, read from the machine's
//! state (the reducer's [`Atm`]) and what the learner's card is known to be, so it follows the
//! flow step by step without a second script of it. Pure: `tests/coach.rs` walks every screen.

use super::{AmountFor, Atm, Key, Screen, Soft};
use crate::core::Money;
use crate::core::goals::Goal;

/// A control the coach can point at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Control {
    /// The wallet's `Insert card ending NNNN`.
    Insert(String),
    Key(Key),
    Soft(Soft),
    TakeCard,
    TakeCash,
    TakeReceipt,
    /// The training clock's `Advance 30 minutes` (a block has to pass).
    AdvanceClock,
    /// `Report a problem with this machine`.
    ReportProblem,
}

/// What the coach says of the step, as data (the UI words it, `ui/coach.rs`). It never holds a
/// PIN's digits: those are only pointed at, key by key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Advice {
    InsertCard(String),
    /// Type the card's PIN (from its sticky note), then Enter.
    TypePin,
    /// Type any wrong PIN, then Enter (to see the card blocked).
    TypeWrongPin,
    /// Type a new PIN twice.
    TypeNewPin,
    TypeAmount(Money),
    /// Press this soft key.
    Press(Soft),
    /// Back to the menu with Cancel.
    BackToMenu,
    TakeCash,
    TakeReceipt,
    TakeCard,
    /// The card is blocked: let the block pass on the training clock.
    WaitForBlock,
    /// The machine is answering.
    Wait,
    /// A goal the coach cannot lead step by step (see a given message): the learner tries.
    TryIt,
    /// Report the machine (a skimmer on its slot) instead of inserting the card.
    ReportProblem,
}

/// One step: the control to press (if the coach can name one) and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub control: Option<Control>,
    pub advice: Advice,
}

/// The learner's card as the coach knows it: the scenario's card for the goals, its PIN when
/// the scenario gave it (sticky notes), and whether the bank has it blocked now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KnownCard {
    pub last4: String,
    pub pin: Option<String>,
    pub blocked: bool,
}

fn step(control: Control, advice: Advice) -> Step {
    Step {
        control: Some(control),
        advice,
    }
}

fn press(soft: Soft) -> Step {
    step(Control::Soft(soft.clone()), Advice::Press(soft))
}

/// The next key of `digits` after what is typed (`entry`), then Enter; Clear if what is typed
/// is not the start of them.
fn type_in(entry: &str, digits: &str, advice: Advice) -> Step {
    let key = if !digits.starts_with(entry) {
        Key::Clear
    } else {
        match digits[entry.len()..].chars().next() {
            Some(d) => Key::Digit(d),
            None => Key::Enter,
        }
    };
    step(Control::Key(key), advice)
}

/// A PIN that is surely not `pin`: each digit one more (9 becomes 0).
pub fn wrong_pin(pin: Option<&str>) -> String {
    match pin {
        Some(p) => p
            .chars()
            .map(|c| match c.to_digit(10) {
                Some(d) => char::from_digit((d + 1) % 10, 10).unwrap_or('0'),
                None => '0',
            })
            .collect(),
        None => "0000".into(),
    }
}

/// The goal's amount in whole dollars, or a small one when the goal names none.
fn amount(goal: &Goal) -> Money {
    match goal {
        Goal::Withdraw { amount: Some(a) } | Goal::Deposit { amount: Some(a) } => a.0,
        _ => Money::from_dollars(20),
    }
}

/// Whether the goal is met only after the card comes out (blocked, used after its block, or
/// a machine reported with no card in it).
fn needs_card_out(goal: &Goal) -> bool {
    matches!(
        goal,
        Goal::GetCardBlocked | Goal::RecoverBlockedCard | Goal::ReportProblem
    )
}

/// Whether the goal is a withdrawal (a fee is met on the way to one).
fn withdraws(goal: &Goal) -> bool {
    matches!(
        goal,
        Goal::Withdraw { .. } | Goal::AcceptFee | Goal::DeclineFee
    )
}

/// The soft key on the menu that leads to `goal`.
fn menu_key(goal: &Goal) -> Option<Soft> {
    Some(match goal {
        Goal::CheckBalance => Soft::Balance,
        Goal::Withdraw { .. } | Goal::AcceptFee | Goal::DeclineFee => Soft::Withdraw,
        Goal::Deposit { .. } => Soft::Deposit,
        Goal::Transfer => Soft::Transfer,
        Goal::ChangePin => Soft::ChangePin,
        Goal::ViewHistory => Soft::History,
        Goal::GetCardBlocked | Goal::RecoverBlockedCard | Goal::ReportProblem => Soft::Exit,
        Goal::SeeMessage { .. } => return None,
    })
}

/// The next step toward `goal` from the machine as it stands.
pub fn next(atm: &Atm, goal: &Goal, card: &KnownCard) -> Step {
    if atm.busy() {
        return Step {
            control: None,
            advice: Advice::Wait,
        };
    }
    if atm.cash.is_some() {
        return step(Control::TakeCash, Advice::TakeCash);
    }
    if atm.receipt.is_some() {
        return step(Control::TakeReceipt, Advice::TakeReceipt);
    }
    if atm.card_out {
        return step(Control::TakeCard, Advice::TakeCard);
    }
    let pin = card.pin.as_deref();
    match &atm.screen {
        Screen::Welcome if card.blocked && matches!(goal, Goal::RecoverBlockedCard) => {
            step(Control::AdvanceClock, Advice::WaitForBlock)
        }
        // A machine to report: no card goes in.
        Screen::Welcome if matches!(goal, Goal::ReportProblem) => {
            step(Control::ReportProblem, Advice::ReportProblem)
        }
        Screen::Welcome => step(
            Control::Insert(card.last4.clone()),
            Advice::InsertCard(card.last4.clone()),
        ),
        Screen::Pin if matches!(goal, Goal::GetCardBlocked) => {
            type_in(&atm.entry, &wrong_pin(pin), Advice::TypeWrongPin)
        }
        Screen::Pin => match pin {
            Some(p) => type_in(&atm.entry, p, Advice::TypePin),
            None => Step {
                control: None,
                advice: Advice::TypePin,
            },
        },
        Screen::Menu => match menu_key(goal) {
            Some(soft) => press(soft),
            None => Step {
                control: None,
                advice: Advice::TryIt,
            },
        },
        Screen::Withdraw => match goal {
            g if withdraws(g) => {
                let dollars = amount(goal).cents() / 100;
                let fast = atm.display().soft.contains(&Soft::Fast(dollars));
                press(if fast {
                    Soft::Fast(dollars)
                } else {
                    Soft::Other
                })
            }
            _ => step(Control::Key(Key::Cancel), Advice::BackToMenu),
        },
        Screen::Amount(why) => {
            let wanted = matches!(
                (why, goal),
                (AmountFor::Withdraw, g) if withdraws(g)
            ) || matches!(
                (why, goal),
                (AmountFor::Deposit, Goal::Deposit { .. })
                    | (AmountFor::Transfer(_), Goal::Transfer)
            );
            if !wanted {
                return step(Control::Key(Key::Cancel), Advice::BackToMenu);
            }
            let money = amount(goal);
            let digits = (money.cents() / 100).to_string();
            type_in(&atm.entry, &digits, Advice::TypeAmount(money))
        }
        Screen::TransferTo => match atm
            .display()
            .soft
            .into_iter()
            .find(|s| matches!(s, Soft::To(_)))
        {
            Some(to) if matches!(goal, Goal::Transfer) => press(to),
            _ => step(Control::Key(Key::Cancel), Advice::BackToMenu),
        },
        Screen::NewPin | Screen::ConfirmPin(_) if matches!(goal, Goal::ChangePin) => {
            // Another PIN than the card's: its digits reversed, or a fixed one if that is the same.
            let reversed: String = pin.unwrap_or("1357").chars().rev().collect();
            let new = if Some(reversed.as_str()) == pin {
                wrong_pin(pin)
            } else {
                reversed
            };
            type_in(&atm.entry, &new, Advice::TypeNewPin)
        }
        Screen::NewPin | Screen::ConfirmPin(_) => {
            step(Control::Key(Key::Cancel), Advice::BackToMenu)
        }
        Screen::Result(_) | Screen::Refused(_) => press(Soft::Another(!needs_card_out(goal))),
        Screen::NoReceipt => press(Soft::Another(true)),
        Screen::MoreTime(_) => press(Soft::MoreTime(true)),
        // The fee is accepted on the way to cash, unless the goal is to decline it.
        Screen::Fee { .. } => press(Soft::Fee(!matches!(goal, Goal::DeclineFee))),
        // The card is out (taken above); nothing else waits here.
        Screen::Goodbye(_) => step(Control::TakeCard, Advice::TakeCard),
    }
}
