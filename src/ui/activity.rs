//! The one interface through which the machine tells the rest of the page what happened.
//!
//! The flow reports an [`Activity`] (card last four digits at most, never a PIN); anything
//! that wants to know plugs a [`Listener`] in: the goal tracker, the embedding bridge, and
//! whatever comes next, without the flow knowing about any of them.

pub use crate::flow::{Activity, SessionEnd, TxnKind};
use leptos::prelude::*;
use std::rc::Rc;

/// Anything that wants to hear about the machine's activity (closures qualify).
pub trait Listener {
    fn hear(&self, activity: &Activity);
}

impl<F: Fn(&Activity)> Listener for F {
    fn hear(&self, activity: &Activity) {
        self(activity)
    }
}

type Listeners = Vec<(u32, Rc<dyn Listener>)>;

/// Where activities are reported; `Copy`, so it travels inside the machine's state.
#[derive(Clone, Copy)]
pub struct ActivitySink {
    listeners: StoredValue<Listeners, LocalStorage>,
    next_id: StoredValue<u32, LocalStorage>,
}

impl Default for ActivitySink {
    fn default() -> Self {
        ActivitySink {
            listeners: StoredValue::new_local(Vec::new()),
            next_id: StoredValue::new_local(0),
        }
    }
}

impl ActivitySink {
    /// Tells every listener. A listener may itself report (the goal tracker reports the
    /// scenario's completion), so the list is copied before anyone is called.
    pub fn report(&self, activity: Activity) {
        let listeners: Vec<Rc<dyn Listener>> = self
            .listeners
            .try_with_value(|l| l.iter().map(|(_, l)| Rc::clone(l)).collect())
            .unwrap_or_default();
        for listener in listeners {
            listener.hear(&activity);
        }
    }

    /// Plugs a listener in for as long as the calling component lives.
    pub fn listen(&self, listener: impl Listener + 'static) {
        let id = self.next_id.get_value();
        self.next_id.set_value(id.wrapping_add(1));
        self.listeners
            .update_value(|l| l.push((id, Rc::new(listener))));
        let listeners = self.listeners;
        on_cleanup(move || {
            listeners.try_update_value(|l| l.retain(|(i, _)| *i != id));
        });
    }
}
