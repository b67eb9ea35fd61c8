//! The subscribers to the bank's events: the notifiers (email, SMS, push, a portal) that the
//! stores publish each decision's events to. The events and the notifiers themselves are the
//! core's ([`crate::core::events`]); this list changes while the bank runs, so it is the store's.

use crate::core::{BankEvent, Notifier};
use std::sync::{Arc, RwLock};

/// The subscribers. Shared by the in-memory bank and the IndexedDB store.
#[derive(Default)]
pub struct Notifiers {
    list: RwLock<Vec<Arc<dyn Notifier>>>,
}

impl Notifiers {
    /// Adds a notifier, replacing one with the same name.
    pub fn subscribe(&self, notifier: Arc<dyn Notifier>) {
        let mut list = self.list.write().unwrap_or_else(|p| p.into_inner());
        list.retain(|n| n.name() != notifier.name());
        list.push(notifier);
    }

    pub fn unsubscribe(&self, name: &str) {
        self.list
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .retain(|n| n.name() != name);
    }

    pub fn len(&self) -> usize {
        self.list.read().unwrap_or_else(|p| p.into_inner()).len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn publish(&self, events: &[BankEvent]) {
        if events.is_empty() {
            return;
        }
        let list = self.list.read().unwrap_or_else(|p| p.into_inner()).clone();
        for event in events {
            for n in &list {
                n.notify(event);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::events::{Deliver, Holder};
    use crate::core::{
        AccountId, CardNumber, ChannelNotifier, MachineId, Money, Timestamp, UserId,
    };
    use std::sync::Mutex;

    fn withdrawal() -> BankEvent {
        BankEvent::Withdrawal {
            at: Timestamp::from_millis(0),
            holder: Holder {
                user: UserId("U002".into()),
                name: "Jane Smith".into(),
                card: CardNumber::parse("4532111111111111").unwrap().masked(),
            },
            machine: MachineId("ATM002".into()),
            account: AccountId("ACC002".into()),
            amount: Money::from_dollars(300),
            balance: Money::from_dollars(1_200),
        }
    }

    #[test]
    fn subscribing_twice_does_not_double_notifications() {
        let got = Arc::new(Mutex::new(Vec::new()));
        let sink = got.clone();
        let deliver: Deliver = Arc::new(move |m| sink.lock().unwrap().push(m));
        let hub = Notifiers::default();
        hub.subscribe(Arc::new(ChannelNotifier::email(deliver.clone())));
        hub.subscribe(Arc::new(ChannelNotifier::email(deliver)));
        assert_eq!(hub.len(), 1);
        hub.publish(&[withdrawal()]);
        assert_eq!(got.lock().unwrap().len(), 1);
    }

    #[test]
    fn a_new_channel_is_just_another_notifier() {
        struct Counter(Mutex<usize>);
        impl Notifier for Counter {
            fn name(&self) -> &str {
                "counter"
            }
            fn notify(&self, _: &BankEvent) {
                *self.0.lock().unwrap() += 1;
            }
        }
        let counter = Arc::new(Counter(Mutex::new(0)));
        let hub = Notifiers::default();
        hub.subscribe(counter.clone());
        hub.publish(&[withdrawal(), withdrawal()]);
        assert_eq!(*counter.0.lock().unwrap(), 2);
        hub.unsubscribe("counter");
        assert!(hub.is_empty());
    }
}
