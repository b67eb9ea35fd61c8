//! Cross-tab sync (wasm only): after every committed change the IndexedDB store posts the
//! database's name on the BroadcastChannel [`CHANNEL`], and every other tab (or connection)
//! listening for that database re-reads what it shows. The message only says "re-read": the
//! database stays the only source of truth.

use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;
use wasm_bindgen::closure::Closure;
use web_sys::{BroadcastChannel, MessageEvent};

/// The channel every tab of the app shares.
pub const CHANNEL: &str = "atm-sim";

/// Announces committed changes of one database.
pub struct Announcer {
    db_name: String,
    channel: Option<BroadcastChannel>,
}

impl Announcer {
    /// Where BroadcastChannel is missing, announcing does nothing: the other tabs then see the
    /// change on their next read.
    pub fn new(db_name: &str) -> Announcer {
        Announcer {
            db_name: db_name.to_string(),
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
        let (channel, name) = (self.channel.clone(), self.db_name.clone());
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
    /// Calls `on_change` whenever another tab or connection commits a change to `db_name`.
    /// `None` where BroadcastChannel is unavailable.
    pub fn new(db_name: &str, on_change: impl Fn() + 'static) -> Option<Subscription> {
        let channel = BroadcastChannel::new(CHANNEL).ok()?;
        let wanted = db_name.to_string();
        let handler = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            if event.data().as_string().as_deref() == Some(wanted.as_str()) {
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

impl Drop for Subscription {
    fn drop(&mut self) {
        self.channel.set_onmessage(None);
        self.channel.close();
    }
}
