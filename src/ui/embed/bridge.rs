//! The messages to the parent window: our events (`{ source: "atm-sim", type, … }`), their
//! xAPI statements, and the resize protocols portals already speak (H5P's resizer, Canvas's
//! `lti.frameResize`). Every browser callback is dropped when the room goes away.

use super::super::activity::Activity;
use super::super::atm::Machine;
use super::super::goals::ScenarioRun;
use super::wire::{Xapi, actor, ready_message, resize_message, xapi_message};
use leptos::prelude::*;
use serde_json::{Value, json};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// Posts to the parent window. `Copy`; created only inside a frame.
#[derive(Clone, Copy)]
pub struct Bridge {
    parent: StoredValue<web_sys::Window, LocalStorage>,
    xapi: StoredValue<Xapi, LocalStorage>,
    /// The last height reported, so only changes are sent.
    height: StoredValue<i32, LocalStorage>,
    /// The parent answered H5P's `hello`: it resizes the frame on `prepareResize`/`resize`.
    h5p: StoredValue<bool, LocalStorage>,
}

fn now_iso() -> String {
    js_sys::Date::new_0().to_iso_string().into()
}

/// The body's content height (embed.css keeps the body free of margins and minimum heights).
fn content_height() -> i32 {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
        .map_or(0, |b| b.scroll_height())
}

fn inner_height() -> i32 {
    web_sys::window()
        .and_then(|w| w.inner_height().ok())
        .and_then(|h| h.as_f64())
        .map_or(0, |h| h as i32)
}

impl Bridge {
    /// Connects to the parent window, if the page is in a frame: activities go out as events
    /// and xAPI statements from now on; `ready` and sizing start with [`Bridge::ready`].
    pub fn connect(machine: Machine) -> Option<Bridge> {
        let window = web_sys::window()?;
        let parent = window.parent().ok().flatten()?;
        let location = window.location();
        let origin = location.origin().ok()?;
        let learner = location
            .search()
            .ok()
            .and_then(|q| web_sys::UrlSearchParams::new_with_str(&q).ok())
            .and_then(|q| q.get("learner"));
        let bridge = Bridge {
            parent: StoredValue::new_local(parent),
            xapi: StoredValue::new_local(Xapi {
                actor: actor(learner.as_deref(), &origin),
                base: format!("{origin}/atm-sim"),
            }),
            height: StoredValue::new_local(-1),
            h5p: StoredValue::new_local(false),
        };
        machine.activity.listen(move |activity: &Activity| {
            if let Some(message) = activity.message() {
                bridge.post(&message);
            }
            let statement = bridge
                .xapi
                .with_value(|x| x.statement_for(activity, &now_iso()));
            if let Some(statement) = statement {
                bridge.post(&xapi_message(statement));
            }
        });
        bridge.listen_to_parent();
        Some(bridge)
    }

    fn post(&self, message: &Value) {
        // serde_json's text is valid JSON, so JSON.parse cannot fail on it.
        let Ok(value) = js_sys::JSON::parse(&message.to_string()) else {
            return;
        };
        self.parent.with_value(|p| {
            let _ = p.post_message(&value, "*");
        });
    }

    /// The app is ready (with the URL's scenario in place): say so, then keep the parent
    /// informed of the content's height.
    pub fn ready(&self, run: ScenarioRun) {
        let name = run.event_name();
        self.post(&ready_message(name.as_deref(), &run.goal_texts()));
        let statement = self
            .xapi
            .with_value(|x| x.initialized(name.as_deref(), &now_iso()));
        self.post(&xapi_message(statement));
        // Ask an H5P resizer in the parent to size us (it answers `hello`).
        self.post(&json!({ "context": "h5p", "action": "hello" }));
        self.watch_height();
    }

    fn resized(&self) {
        let height = content_height();
        if height == self.height.get_value() {
            return;
        }
        self.height.set_value(height);
        self.post(&resize_message(height));
        self.post(&json!({ "subject": "lti.frameResize", "height": height }));
        if self.h5p.get_value() {
            self.prepare_h5p_resize();
        }
    }

    fn prepare_h5p_resize(&self) {
        self.post(&json!({
            "context": "h5p",
            "action": "prepareResize",
            "scrollHeight": content_height(),
            "clientHeight": inner_height(),
            "frameHeight": inner_height(),
        }));
    }

    /// A ResizeObserver on the body: every change of the content's height is reported.
    fn watch_height(&self) {
        let bridge = *self;
        let on_resize = Closure::<dyn FnMut()>::new(move || bridge.resized());
        let Ok(observer) = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()) else {
            return;
        };
        let Some(body) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.body())
        else {
            return;
        };
        observer.observe(&body);
        let held = StoredValue::new_local(Some((observer, on_resize)));
        on_cleanup(move || {
            if let Some(Some((observer, closure))) = held.try_update_value(Option::take) {
                observer.disconnect();
                drop(closure);
            }
        });
    }

    /// Answers the parent: H5P's `hello` / `ready` / `resizePrepared`.
    fn listen_to_parent(&self) {
        let bridge = *self;
        let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(
            move |event: web_sys::MessageEvent| {
                let from_parent = event
                    .source()
                    .is_some_and(|s| bridge.parent.with_value(|p| js_sys::Object::is(&s, p)));
                if from_parent {
                    bridge.heard(&event.data());
                }
            },
        );
        let Some(window) = web_sys::window() else {
            return;
        };
        let _ =
            window.add_event_listener_with_callback("message", on_message.as_ref().unchecked_ref());
        let held = StoredValue::new_local(Some(on_message));
        on_cleanup(move || {
            if let (Some(Some(closure)), Some(window)) =
                (held.try_update_value(Option::take), web_sys::window())
            {
                let _ = window.remove_event_listener_with_callback(
                    "message",
                    closure.as_ref().unchecked_ref(),
                );
            }
        });
    }

    fn heard(&self, data: &JsValue) {
        let field = |name: &str| {
            js_sys::Reflect::get(data, &JsValue::from_str(name))
                .ok()
                .and_then(|v| v.as_string())
        };
        if field("context").as_deref() != Some("h5p") {
            return;
        }
        match field("action").as_deref() {
            // The resizer is there: answer once, then let it size the frame.
            Some("hello") if !self.h5p.get_value() => {
                self.h5p.set_value(true);
                self.post(&json!({ "context": "h5p", "action": "hello" }));
                self.prepare_h5p_resize();
            }
            // The resizer loaded after us and asks who is there.
            Some("ready") => self.post(&json!({ "context": "h5p", "action": "hello" })),
            Some("resizePrepared") => self.post(&json!({
                "context": "h5p",
                "action": "resize",
                "scrollHeight": content_height(),
            })),
            // The parent's window changed size: our height may follow.
            Some("resize") => self.resized(),
            _ => {}
        }
    }
}
