//! Bank events and the observer. The bank publishes [`BankEvent`]s and never knows who listens;
//! a new channel is a new [`Notifier`] and touches no core code. Events carry masked cards only,
//! so no notifier can leak a full number or a PIN even by mistake.

use crate::account::AccountId;
use crate::card::{Card, MaskedCard};
use crate::ident::Text;
use crate::machine::{Device, FaultKind, MachineId};
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
    /// A device fault struck during a use (an alert for bank operations).
    Fault {
        at: Timestamp,
        machine: MachineId,
        device: Device,
        kind: FaultKind,
    },
    /// A withdrawal undone: the money is back in the account.
    Reversal {
        at: Timestamp,
        holder: Holder,
        machine: MachineId,
        account: AccountId,
        amount: Money,
        reason: ReversalReason,
    },
    /// A machine kept the customer's card.
    CardRetained {
        at: Timestamp,
        holder: Holder,
        machine: MachineId,
    },
}

/// Why a withdrawal was reversed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReversalReason {
    /// The dispenser jammed: no cash came out.
    DispenserJam,
    /// The cash came out but was not taken in time, and went back in.
    CashNotTaken,
}

impl ReversalReason {
    /// The `reason` field of the embedding event.
    pub fn name(self) -> &'static str {
        match self {
            ReversalReason::DispenserJam => "dispenser_jam",
            ReversalReason::CashNotTaken => "cash_not_taken",
        }
    }
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
            | BankEvent::LowCash { at, .. }
            | BankEvent::Fault { at, .. }
            | BankEvent::Reversal { at, .. }
            | BankEvent::CardRetained { at, .. } => *at,
        }
    }

    /// The customer the event is about; `None` for machine alerts (bank operations).
    pub fn holder(&self) -> Option<&Holder> {
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
            | BankEvent::CardUnblocked { holder, .. }
            | BankEvent::Reversal { holder, .. }
            | BankEvent::CardRetained { holder, .. } => Some(holder),
            BankEvent::LowCash { .. } | BankEvent::Fault { .. } => None,
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

impl Channel {
    /// Whether this channel tells of `event`. Email: a full account of everything that happens
    /// to the customer's money and card, plus low-cash and fault alerts to bank operations. SMS: short
    /// alerts for money out and security. Push: what an app would pop up, for money movements,
    /// sign-ins and a session that timed out.
    pub fn carries(self, event: &BankEvent) -> bool {
        use Channel::{Email, Push, Sms};
        match event {
            BankEvent::Withdrawal { .. } => true,
            BankEvent::LoggedIn { .. } | BankEvent::Deposit { .. } | BankEvent::Transfer { .. } => {
                matches!(self, Email | Push)
            }
            BankEvent::CardBlocked { .. }
            | BankEvent::PinChanged { .. }
            | BankEvent::CardReportedStolen { .. } => matches!(self, Email | Sms),
            BankEvent::FailedPin { .. } => self == Sms,
            BankEvent::SessionEnded { reason, .. } => self == Push && *reason == EndReason::Timeout,
            BankEvent::Reversal { .. } => matches!(self, Email | Push),
            BankEvent::CardRetained { .. } => matches!(self, Email | Sms),
            BankEvent::CardUnblocked { .. }
            | BankEvent::LowCash { .. }
            | BankEvent::Fault { .. } => self == Email,
        }
    }
}

/// A notification as it lands in an inbox: the event, on the channel that carries it. It holds
/// data, not words: the app words it in the reader's language (ui/inboxes.rs), so a message
/// already delivered reads anew when the language changes. Like the event, it holds the masked
/// card only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    pub channel: Channel,
    pub event: BankEvent,
}

impl Message {
    pub fn at(&self) -> Timestamp {
        self.event.at()
    }
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

/// A built-in notifier: one channel, and where to deliver what it carries.
pub struct ChannelNotifier {
    channel: Channel,
    deliver: Deliver,
}

impl ChannelNotifier {
    pub fn new(channel: Channel, deliver: Deliver) -> ChannelNotifier {
        ChannelNotifier { channel, deliver }
    }

    pub fn email(deliver: Deliver) -> ChannelNotifier {
        ChannelNotifier::new(Channel::Email, deliver)
    }

    pub fn sms(deliver: Deliver) -> ChannelNotifier {
        ChannelNotifier::new(Channel::Sms, deliver)
    }

    pub fn push(deliver: Deliver) -> ChannelNotifier {
        ChannelNotifier::new(Channel::Push, deliver)
    }
}

impl Notifier for ChannelNotifier {
    fn name(&self) -> &str {
        match self.channel {
            Channel::Email => "email",
            Channel::Sms => "sms",
            Channel::Push => "push",
        }
    }

    fn notify(&self, event: &BankEvent) {
        if self.channel.carries(event) {
            (self.deliver)(Message {
                channel: self.channel,
                event: event.clone(),
            });
        }
    }
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
    fn every_channel_carries_a_withdrawal_with_the_masked_card_only() {
        let (deliver, got) = collecting();
        for notifier in [
            ChannelNotifier::email(deliver.clone()),
            ChannelNotifier::sms(deliver.clone()),
            ChannelNotifier::push(deliver),
        ] {
            notifier.notify(&withdrawal());
        }
        let got: Vec<Message> = got.try_iter().collect();
        let channels: Vec<Channel> = got.iter().map(|m| m.channel).collect();
        assert_eq!(channels, [Channel::Email, Channel::Sms, Channel::Push]);
        for m in &got {
            assert_eq!(m.event, withdrawal());
            assert_eq!(m.at(), Timestamp::from_millis(0));
            // Whatever words the app puts around it, a message has nothing more to show than
            // this: the last four digits, never the number (nor a PIN, which no event has).
            let text = serde_json::to_string(m).unwrap();
            assert!(text.contains(r#""card":"1111""#), "{text}");
            assert!(!text.contains("4532111111111111"), "{text}");
            assert!(!text.contains("453211"), "{text}");
            assert!(!text.contains("5678"), "{text}");
        }
    }

    #[test]
    fn each_channel_carries_only_its_own_events() {
        let at = Timestamp::from_millis(0);
        let machine = MachineId("ATM002".into());
        let carried_by = |event: BankEvent| -> Vec<Channel> {
            [Channel::Email, Channel::Sms, Channel::Push]
                .into_iter()
                .filter(|c| c.carries(&event))
                .collect()
        };
        let failed = BankEvent::FailedPin {
            at,
            holder: holder(),
            machine: machine.clone(),
            tries_left: 2,
        };
        assert_eq!(carried_by(failed), [Channel::Sms]);
        let ended = |reason| BankEvent::SessionEnded {
            at,
            holder: holder(),
            machine: machine.clone(),
            reason,
        };
        assert_eq!(carried_by(ended(EndReason::Timeout)), [Channel::Push]);
        assert!(carried_by(ended(EndReason::Logout)).is_empty());
        assert!(carried_by(ended(EndReason::CardStopped)).is_empty());
        let low = BankEvent::LowCash {
            at,
            machine: machine.clone(),
            remaining: Money::from_dollars(400),
        };
        assert_eq!(carried_by(low.clone()), [Channel::Email]);
        assert_eq!(low.holder(), None);
        let stolen = BankEvent::CardReportedStolen {
            at,
            holder: holder(),
        };
        assert_eq!(carried_by(stolen), [Channel::Email, Channel::Sms]);
        let signed_in = BankEvent::LoggedIn {
            at,
            holder: holder(),
            machine,
        };
        assert_eq!(carried_by(signed_in), [Channel::Email, Channel::Push]);
    }

    #[test]
    fn a_notifier_delivers_nothing_its_channel_does_not_carry() {
        let (deliver, got) = collecting();
        let sms = ChannelNotifier::sms(deliver);
        assert_eq!(sms.name(), "sms");
        sms.notify(&BankEvent::Deposit {
            at: Timestamp::from_millis(0),
            holder: holder(),
            machine: MachineId("ATM002".into()),
            account: AccountId("ACC002".into()),
            amount: Money::from_dollars(50),
            balance: Money::from_dollars(1_250),
        });
        assert_eq!(got.try_iter().count(), 0);
    }
}
