//! A store handle given out before the bank has opened (wasm only), so the app can build the
//! page while the browser opens — on a first visit, creates — the database: every call waits
//! for the bank, and whatever subscribes meanwhile (inboxes, other tabs' changes) hears the
//! bank that opens.

use super::{Notifiers, Opened, Store, sync};
use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;
use std::sync::Arc;
use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::{Closure, JsCast};
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

/// Runs `work` once the page has nothing more urgent to do (`requestIdleCallback`: after the
/// frame being built has been painted), or after `within_ms` at the latest, and completes with
/// its result. Without idle callbacks in the browser, it runs in the next task instead.
pub fn when_idle<T: 'static>(
    within_ms: u32,
    work: impl FnOnce() -> T + 'static,
) -> impl Future<Output = T> {
    let result: Rc<RefCell<Option<T>>> = Rc::default();
    let slot = result.clone();
    let mut work = Some(work);
    let done = js_sys::Promise::new(&mut |resolve, _| {
        let (slot, work) = (slot.clone(), work.take());
        let run = Closure::once_into_js(move || {
            if let Some(work) = work {
                *slot.borrow_mut() = Some(work());
            }
            let _ = resolve.call0(&JsValue::UNDEFINED);
        });
        let run: &js_sys::Function = run.unchecked_ref();
        let Some(window) = web_sys::window() else {
            let _ = run.call0(&JsValue::UNDEFINED);
            return;
        };
        let options = web_sys::IdleRequestOptions::new();
        options.set_timeout(within_ms);
        if window
            .request_idle_callback_with_options(run, &options)
            .is_err()
        {
            let _ = window.set_timeout_with_callback(run);
        }
    });
    async move {
        let _ = JsFuture::from(done).await;
        let value = result.borrow_mut().take();
        value.unwrap_or_else(|| unreachable!("the work sets its result before resolving"))
    }
}

/// Starts `work` now, in a task of its own, rather than when the result is first awaited, and
/// completes with its result.
pub fn started<T: 'static>(work: impl Future<Output = T> + 'static) -> impl Future<Output = T> {
    let result: Rc<RefCell<Option<T>>> = Rc::default();
    let slot = result.clone();
    let done = future_to_promise(async move {
        *slot.borrow_mut() = Some(work.await);
        Ok(JsValue::UNDEFINED)
    });
    async move {
        let _ = JsFuture::from(done).await;
        let value = result.borrow_mut().take();
        value.unwrap_or_else(|| unreachable!("the work sets its result before resolving"))
    }
}
