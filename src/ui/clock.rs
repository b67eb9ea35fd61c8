//! The training clock: simulated now = real time + an offset the trainer moves forward.

use super::Ctx;
use crate::core::Timestamp;
use leptos::prelude::*;
use std::time::Duration;

/// The page's notion of now. `Copy`; every store call takes its `now` from here.
#[derive(Clone, Copy)]
pub struct Clock {
    /// Real time in ms, refreshed every second so read-outs tick.
    real: RwSignal<i64>,
    /// How far the trainer has moved the clock, in ms.
    offset: RwSignal<i64>,
}

fn real_ms() -> i64 {
    js_sys::Date::now() as i64
}

impl Clock {
    /// A clock at real time. Starts its one-second heartbeat.
    pub fn new() -> Clock {
        let clock = Clock {
            real: RwSignal::new(real_ms()),
            offset: RwSignal::new(0),
        };
        let real = clock.real;
        // The interval lives as long as the page.
        let _ = set_interval_with_handle(move || real.set(real_ms()), Duration::from_secs(1));
        clock
    }

    /// Simulated now, tracked: re-runs the reader every second and on every advance.
    pub fn now(&self) -> Timestamp {
        Timestamp::from_millis(self.real.get() + self.offset.get())
    }

    /// Simulated now, read fresh from the real clock, without tracking.
    pub fn now_untracked(&self) -> Timestamp {
        Timestamp::from_millis(real_ms() + self.offset.get_untracked())
    }

    pub fn advance_ms(&self, ms: i64) {
        self.offset.update(|o| *o += ms);
        self.real.set(real_ms());
    }

    /// Moves the clock so that it shows `at` now.
    pub fn set(&self, at: Timestamp) {
        self.offset.set(at.millis() - real_ms());
        self.real.set(real_ms());
    }
}

impl Default for Clock {
    fn default() -> Clock {
        Clock::new()
    }
}

/// The `Training clock` region: simulated time and the advance buttons.
#[component]
pub fn TrainingClock() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let clock = ctx.clock;
    let shown = move || clock.now().local(ctx.offset).date_time_string();
    let advance = move |mins: i64| {
        move |_| {
            clock.advance_ms(mins * 60_000);
            ctx.refresh();
        }
    };
    let midnight = move |_| {
        let now = clock.now_untracked();
        clock.advance_ms(now.millis_until(now.next_local_midnight(ctx.offset)));
        ctx.refresh();
    };
    view! {
        <section class="clock" role="region" aria-label="Training clock">
            <h2>"Training clock"</h2>
            <p class="clock-time"><time>{shown}</time></p>
            <div class="clock-buttons">
                <button type="button" on:click=advance(1)>"Advance 1 minute"</button>
                <button type="button" on:click=advance(5)>"Advance 5 minutes"</button>
                <button type="button" on:click=advance(30)>"Advance 30 minutes"</button>
                <button type="button" on:click=midnight>"Advance to midnight"</button>
            </div>
        </section>
    }
}
