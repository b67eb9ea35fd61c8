//! A store handle given out before the bank has opened (wasm only), so the app can build the
//! page while the browser opens — on a first visit, creates — the database: every call waits
//! for the bank, and whatever subscribes meanwhile (inboxes, other tabs' changes) hears the
//! bank that opens.

use super::{Opened, Store, sync};
use crate::core::Notifiers;
use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;
use std::sync::Arc;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::{JsFuture, future_to_promise};

pub struct Opening {
    /// Handed to the store that opens, so a subscription made now ignores its own changes.
    announcer: Rc<sync::Announcer>,
    /// Handed to the store that opens, so subscribers need not wait for it.
    notifiers: Arc<Notifiers>,
    opened: Rc<RefCell<Option<Store>>>,
    /// Resolves (never rejects) once `opened` holds the store.
    ready: js_sys::Promise,
}

impl Opening {
    /// Starts `open` (which must build its store around `announcer` and `notifiers`) and
    /// returns the handle plus what completes with the rest of the opening (the notice, a first
    /// visit's wallet).
    pub fn start(
        announcer: Rc<sync::Announcer>,
        notifiers: Arc<Notifiers>,
        open: impl Future<Output = Opened> + 'static,
    ) -> (Opening, impl Future<Output = Opened>) {
        let opened: Rc<RefCell<Option<Store>>> = Rc::default();
        let rest: Rc<RefCell<Option<Opened>>> = Rc::default();
        let (store_slot, rest_slot) = (opened.clone(), rest.clone());
        let ready = future_to_promise(async move {
            let done = open.await;
            *store_slot.borrow_mut() = Some(done.store.clone());
            *rest_slot.borrow_mut() = Some(done);
            Ok(JsValue::UNDEFINED)
        });
        let finished = {
            let ready = ready.clone();
            async move {
                let _ = JsFuture::from(ready).await;
                let done = rest.borrow_mut().take();
                done.unwrap_or_else(|| unreachable!("the opening sets its result before resolving"))
            }
        };
        let handle = Opening {
            announcer,
            notifiers,
            opened,
            ready,
        };
        (handle, finished)
    }

    /// The opened store (never itself an opening), once there is one.
    pub async fn store(&self) -> Store {
        if let Some(store) = self.opened.borrow().clone() {
            return store;
        }
        let _ = JsFuture::from(self.ready.clone()).await;
        let store = self.opened.borrow().clone();
        store.unwrap_or_else(|| unreachable!("the opening sets its store before resolving"))
    }

    pub fn notifiers(&self) -> Arc<Notifiers> {
        self.notifiers.clone()
    }

    /// Other tabs' changes, heard from now on (a bank that ends up in memory hears none).
    pub fn on_change(&self, on_change: impl Fn() + 'static) -> Option<sync::Subscription> {
        sync::Subscription::new(&self.announcer, on_change)
    }

    /// Until the bank has opened, assume it will be saved.
    pub fn is_persistent(&self) -> bool {
        self.opened
            .borrow()
            .as_ref()
            .is_none_or(Store::is_persistent)
    }
}
