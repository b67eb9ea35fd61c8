//! Bank events and the observer. The bank publishes [`BankEvent`]s and never knows who listens;
//! a new channel is a new [`Notifier`] and touches no core code. Events carry masked cards only,
//! so no notifier can leak a full number or a PIN even by mistake.

use crate::account::AccountId;
use crate::card::{Card, MaskedCard};
use crate::ident::Text;
use crate::machine::MachineId;
use crate::money::Money;
use crate::session::EndReason;
use crate::time::{LocalTime, Timestamp};
use crate::user::UserId;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Who an event is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holder {
    pub user: UserId,
    pub name: Text,
    pub card: MaskedCard,
}

impl Holder {
    /// The card's holder by name, or by user id when the user record is missing.
    pub fn of(card: &Card, name: Option<&Text>) -> Holder {
        Holder {
            user: card.user.clone(),
            name: name.map_or_else(|| card.user.0.clone(), Text::clone),
            card: card.number.masked(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum BankEvent {
    LoggedIn {
        at: Timestamp,
        holder: Holder,
        machine: MachineId,
    },
    FailedPin {
        at: Timestamp,
        holder: Holder,
        machine: MachineId,
        tries_left: u32,
    },
    CardBlocked {
        at: Timestamp,
        holder: Holder,
        machine: MachineId,
        until: LocalTime,
    },
    Withdrawal {
        at: Timestamp,
        holder: Holder,
        machine: MachineId,
        account: AccountId,
        amount: Money,
        balance: Money,
    },
    Deposit {
        at: Timestamp,
        holder: Holder,
        machine: MachineId,
        account: AccountId,
        amount: Money,
        balance: Money,
    },
    Transfer {
        at: Timestamp,
        holder: Holder,
        from: AccountId,
        to: AccountId,
        amount: Money,
        from_balance: Money,
    },
    PinChanged {
        at: Timestamp,
        holder: Holder,
    },
    SessionEnded {
        at: Timestamp,
        holder: Holder,
        machine: MachineId,
        reason: EndReason,
    },
    CardReportedStolen {
        at: Timestamp,
        holder: Holder,
    },
    CardUnblocked {
        at: Timestamp,
        holder: Holder,
    },
    LowCash {
        at: Timestamp,
        machine: MachineId,
        remaining: Money,
    },
}

impl BankEvent {
    pub fn at(&self) -> Timestamp {
        match self {
            BankEvent::LoggedIn { at, .. }
            | BankEvent::FailedPin { at, .. }
            | BankEvent::CardBlocked { at, .. }
            | BankEvent::Withdrawal { at, .. }
            | BankEvent::Deposit { at, .. }
            | BankEvent::Transfer { at, .. }
            | BankEvent::PinChanged { at, .. }
            | BankEvent::SessionEnded { at, .. }
            | BankEvent::CardReportedStolen { at, .. }
            | BankEvent::CardUnblocked { at, .. }
            | BankEvent::LowCash { at, .. } => *at,
        }
    }

    fn holder(&self) -> Option<&Holder> {
        match self {
            BankEvent::LoggedIn { holder, .. }
            | BankEvent::FailedPin { holder, .. }
            | BankEvent::CardBlocked { holder, .. }
            | BankEvent::Withdrawal { holder, .. }
            | BankEvent::Deposit { holder, .. }
            | BankEvent::Transfer { holder, .. }
            | BankEvent::PinChanged { holder, .. }
            | BankEvent::SessionEnded { holder, .. }
            | BankEvent::CardReportedStolen { holder, .. }
            | BankEvent::CardUnblocked { holder, .. } => Some(holder),
            BankEvent::LowCash { .. } => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Email,
    Sms,
    Push,
}

/// A human-readable notification, as it lands in an inbox.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    pub channel: Channel,
    pub at: Timestamp,
    /// The customer's name, or "Bank operations" for machine alerts.
    pub to: String,
    pub subject: String,
    pub body: String,
}

/// Something that listens to bank events. Implement it to add a channel.
pub trait Notifier: Send + Sync {
    /// A stable name. Subscribing a second notifier with the same name replaces the first, so
    /// setting up twice never doubles every notification (a defect of the seed note).
    fn name(&self) -> &str;
    fn notify(&self, event: &BankEvent);
}

/// Where a built-in notifier puts its messages: natively a test's vector, in the app a
/// simulated inbox on screen.
pub type Deliver = Arc<dyn Fn(Message) + Send + Sync>;

/// Composes a message for one channel, or `None` if that channel does not carry the event.
pub type Compose = fn(&BankEvent) -> Option<(String, String)>;

/// A built-in notifier: one channel, its composer, and where to deliver.
pub struct ChannelNotifier {
    name: String,
    channel: Channel,
    compose: Compose,
    deliver: Deliver,
}

impl ChannelNotifier {
    pub fn email(deliver: Deliver) -> ChannelNotifier {
        ChannelNotifier {
            name: "email".into(),
            channel: Channel::Email,
            compose: compose_email,
            deliver,
        }
    }

    pub fn sms(deliver: Deliver) -> ChannelNotifier {
        ChannelNotifier {
            name: "sms".into(),
            channel: Channel::Sms,
            compose: compose_sms,
            deliver,
        }
    }

    pub fn push(deliver: Deliver) -> ChannelNotifier {
        ChannelNotifier {
            name: "push".into(),
            channel: Channel::Push,
            compose: compose_push,
            deliver,
        }
    }
}

impl Notifier for ChannelNotifier {
    fn name(&self) -> &str {
        &self.name
    }

    fn notify(&self, event: &BankEvent) {
        if let Some((subject, body)) = (self.compose)(event) {
            let to = event
                .holder()
                .map_or_else(|| "Bank operations".to_string(), |h| h.name.to_string());
            (self.deliver)(Message {
                channel: self.channel,
                at: event.at(),
                to,
                subject,
                body,
            });
        }
    }
}

/// Email: a full account of everything that happened to the customer's money and card, plus
/// low-cash alerts to bank operations.
pub fn compose_email(event: &BankEvent) -> Option<(String, String)> {
    let m = match event {
        BankEvent::LoggedIn {
            holder, machine, ..
        } => (
            "Card used at an ATM".into(),
            format!(
                "Your card {} was used to sign in at {machine}.",
                holder.card
            ),
        ),
        BankEvent::Withdrawal {
            holder,
            machine,
            account,
            amount,
            balance,
            ..
        } => (
            format!("Withdrawal of {amount}"),
            format!(
                "{amount} was withdrawn from {account} with card {} at {machine}. Balance: {balance}.",
                holder.card
            ),
        ),
        BankEvent::Deposit {
            holder,
            machine,
            account,
            amount,
            balance,
            ..
        } => (
            format!("Deposit of {amount}"),
            format!(
                "{amount} was deposited to {account} with card {} at {machine}. Balance: {balance}.",
                holder.card
            ),
        ),
        BankEvent::Transfer {
            from,
            to,
            amount,
            from_balance,
            ..
        } => (
            format!("Transfer of {amount}"),
            format!("{amount} moved from {from} to {to}. {from} balance: {from_balance}."),
        ),
        BankEvent::PinChanged { holder, .. } => (
            "PIN changed".into(),
            format!(
                "The PIN of card {} was changed. If this was not you, call us.",
                holder.card
            ),
        ),
        BankEvent::CardBlocked { holder, until, .. } => (
            "Card blocked".into(),
            format!(
                "Card {} was blocked after too many wrong PINs. It can be used again after {until}.",
                holder.card
            ),
        ),
        BankEvent::CardReportedStolen { holder, .. } => (
            "Card stopped".into(),
            format!(
                "Card {} was reported stolen and no longer works.",
                holder.card
            ),
        ),
        BankEvent::CardUnblocked { holder, .. } => (
            "Card unblocked".into(),
            format!("Card {} was unblocked by the bank.", holder.card),
        ),
        BankEvent::LowCash {
            machine, remaining, ..
        } => (
            format!("Low cash at {machine}"),
            format!("{machine} has {remaining} left. Please refill."),
        ),
        BankEvent::FailedPin { .. } | BankEvent::SessionEnded { .. } => return None,
    };
    Some(m)
}

/// SMS: short alerts for money out and security.
pub fn compose_sms(event: &BankEvent) -> Option<(String, String)> {
    let body = match event {
        BankEvent::Withdrawal {
            holder,
            amount,
            balance,
            ..
        } => {
            format!(
                "Bank: {amount} withdrawn, card {}. Bal {balance}.",
                holder.card
            )
        }
        BankEvent::FailedPin {
            holder, tries_left, ..
        } => {
            format!(
                "Bank: wrong PIN on card {}. {tries_left} tries left.",
                holder.card
            )
        }
        BankEvent::CardBlocked { holder, until, .. } => {
            format!("Bank: card {} blocked until {until}.", holder.card)
        }
        BankEvent::PinChanged { holder, .. } => {
            format!("Bank: PIN changed on card {}.", holder.card)
        }
        BankEvent::CardReportedStolen { holder, .. } => {
            format!("Bank: card {} stopped.", holder.card)
        }
        _ => return None,
    };
    Some(("SMS".into(), body))
}

/// Push: what an app would pop up, for every customer-facing money movement and sign-in.
pub fn compose_push(event: &BankEvent) -> Option<(String, String)> {
    let m = match event {
        BankEvent::LoggedIn { machine, .. } => {
            ("Signed in".into(), format!("Card inserted at {machine}"))
        }
        BankEvent::Withdrawal {
            amount, balance, ..
        } => (
            "Cash withdrawn".into(),
            format!("{amount} · balance {balance}"),
        ),
        BankEvent::Deposit {
            amount, balance, ..
        } => (
            "Deposit received".into(),
            format!("{amount} · balance {balance}"),
        ),
        BankEvent::Transfer {
            amount, from, to, ..
        } => (
            "Transfer done".into(),
            format!("{amount} from {from} to {to}"),
        ),
        BankEvent::SessionEnded {
            reason: EndReason::Timeout,
            machine,
            ..
        } => (
            "Session timed out".into(),
            format!("Your card was returned at {machine}"),
        ),
        _ => return None,
    };
    Some(m)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::card::CardNumber;
    use std::sync::mpsc;

    fn holder() -> Holder {
        Holder {
            user: UserId("U002".into()),
            name: "Jane Smith".into(),
            card: CardNumber::parse("4532111111111111").unwrap().masked(),
        }
    }

    fn withdrawal() -> BankEvent {
        BankEvent::Withdrawal {
            at: Timestamp::from_millis(0),
            holder: holder(),
            machine: MachineId("ATM002".into()),
            account: AccountId("ACC002".into()),
            amount: Money::from_dollars(300),
            balance: Money::from_dollars(1_200),
        }
    }

    fn collecting() -> (Deliver, mpsc::Receiver<Message>) {
        let (sink, got) = mpsc::channel();
        (Arc::new(move |m| sink.send(m).unwrap()), got)
    }

    #[test]
    fn every_channel_speaks_plainly_and_masks_the_card() {
        let (deliver, got) = collecting();
        for notifier in [
            ChannelNotifier::email(deliver.clone()),
            ChannelNotifier::sms(deliver.clone()),
            ChannelNotifier::push(deliver),
        ] {
            notifier.notify(&withdrawal());
        }
        let got: Vec<Message> = got.try_iter().collect();
        assert_eq!(got.len(), 3);
        for m in got.iter() {
            assert_eq!(m.to, "Jane Smith");
            assert!(m.body.contains("$300.00"), "{}", m.body);
            assert!(!m.body.contains("4532111111111111"));
            assert!(!m.body.contains("453211"));
        }
        assert!(got[0].body.contains("•••• 1111"));
        assert!(got[0].body.contains("$1,200.00"));
    }
}
