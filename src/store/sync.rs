//! Cross-tab sync (wasm only): after every committed change the IndexedDB store posts the
//! database's name on the BroadcastChannel [`CHANNEL`], and every other tab (or connection)
//! listening for that database re-reads what it shows. The message only says "re-read": the
//! database stays the only source of truth.
//!
//! A tab's own subscription shares the channel's name with its announcer, and BroadcastChannel
//! delivers to every other object of that name, the same page's included. Each announcer
//! therefore signs its posts with a random origin, and the subscription made with it ignores
//! them: the tab that committed already reloads what it shows, and hearing its own echo would
//! read the wallet and machines a second time and make the session tick ask the store about a
//! change it made itself.

use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;
use wasm_bindgen::closure::Closure;
use web_sys::{BroadcastChannel, MessageEvent};

/// The channel every tab of the app shares.
pub const CHANNEL: &str = "atm-sim";

/// Announces committed changes of one database.
pub struct Announcer {
    db_name: String,
    /// This announcer's signature: `{db_name}#{random hex}`.
    message: String,
    channel: Option<BroadcastChannel>,
}

impl Announcer {
    /// Where BroadcastChannel is missing, announcing does nothing: the other tabs then see the
    /// change on their next read.
    pub fn new(db_name: &str) -> Announcer {
        let mut origin = [0u8; 8];
        crate::core::Entropy::fill(&super::entropy::OsEntropy, &mut origin);
        Announcer {
            db_name: db_name.to_string(),
            message: format!("{db_name}#{:016x}", u64::from_le_bytes(origin)),
            channel: BroadcastChannel::new(CHANNEL).ok(),
        }
    }

    /// Tells the other tabs that `db_name` changed.
    pub fn changed(&self) {
        self.telling()();
    }

    /// [`Announcer::changed`] to call later (once the answer is on its way). Posting after
    /// this announcer closed its channel fails quietly, like any failed post.
    pub fn telling(&self) -> impl FnOnce() + 'static {
        let (channel, name) = (self.channel.clone(), self.message.clone());
        move || {
            if let Some(channel) = channel {
                // A failed post only delays the other tabs until their next read.
                let _ = channel.post_message(&JsValue::from_str(&name));
            }
        }
    }
}

impl Drop for Announcer {
    fn drop(&mut self) {
        if let Some(channel) = &self.channel {
            channel.close();
        }
    }
}

/// A subscription to another tab's changes; dropping it unsubscribes.
pub struct Subscription {
    channel: BroadcastChannel,
    _handler: Closure<dyn FnMut(MessageEvent)>,
}

impl Subscription {
    /// Calls `on_change` whenever another tab or connection commits a change to the database
    /// `own` announces for; what `own` itself posts is not heard. `None` where
    /// BroadcastChannel is unavailable.
    pub fn new(own: &Announcer, on_change: impl Fn() + 'static) -> Option<Subscription> {
        let channel = BroadcastChannel::new(CHANNEL).ok()?;
        let (wanted, mine) = (own.db_name.clone(), own.message.clone());
        let handler = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            if let Some(message) = event.data().as_string()
                && from_elsewhere(&message, &wanted, &mine)
            {
                on_change();
            }
        });
        channel.set_onmessage(Some(handler.as_ref().unchecked_ref()));
        Some(Subscription {
            channel,
            _handler: handler,
        })
    }
}

/// Whether `message` announces a change of `db_name` by anyone but `mine` (this connection's
/// own signed message). An unsigned message (a tab of an older build posts the bare name)
/// still counts.
fn from_elsewhere(message: &str, db_name: &str, mine: &str) -> bool {
    let name = message.rsplit_once('#').map_or(message, |(name, _)| name);
    name == db_name && message != mine
}

impl Drop for Subscription {
    fn drop(&mut self) {
        self.channel.set_onmessage(None);
        self.channel.close();
    }
}
