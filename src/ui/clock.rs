//! The training clock: the bank's time. Simulated now = real time + a skew the trainer moves
//! forward, shown on the bank's local wall clock (its `utc_offset`), never the browser's.

use super::Ctx;
use super::coach;
use super::goals::ScenarioRun;
use super::i18n::{t, t_string, use_i18n};
use crate::core::run::RunStep;
use crate::core::{Timestamp, UtcOffset};
use crate::flow::coach::Control;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::time::Duration;

/// The page's notion of now. `Copy`; every store call takes its `now` from here.
///
/// The skew is part of the simulation, so it lives in localStorage under `<database>.clock`:
/// a reload keeps it, and the `storage` event hands every other tab of the bank each move.
#[derive(Clone, Copy)]
pub struct Clock {
    /// Real time in ms, refreshed every second so read-outs tick.
    real: RwSignal<i64>,
    /// How far the trainer has moved the clock from real time, in ms.
    skew: RwSignal<i64>,
    /// The bank's local zone: what the clock shows and where its midnight falls.
    zone: RwSignal<UtcOffset>,
    db_name: &'static str,
}

fn real_ms() -> i64 {
    js_sys::Date::now() as i64
}

impl Clock {
    /// The clock of the bank in database `db_name`, as any tab last left it; `zone` until the
    /// bank says otherwise ([`follow_bank`]). Starts its one-second heartbeat.
    pub fn new(db_name: &'static str, zone: UtcOffset) -> Clock {
        let clock = Clock {
            real: RwSignal::new(real_ms()),
            skew: RwSignal::new(0),
            zone: RwSignal::new(zone),
            db_name,
        };
        let stored = super::local_storage().and_then(|s| s.get_item(&clock.key()).ok().flatten());
        clock.skew.set(parse_skew(stored));
        let real = clock.real;
        // The interval and the listener live as long as the page.
        let _ = set_interval_with_handle(move || real.set(real_ms()), Duration::from_secs(1));
        let key = clock.key();
        let skew = clock.skew;
        let _ = window_event_listener(leptos::ev::storage, move |e| {
            if e.key().as_deref() == Some(key.as_str()) {
                skew.set(parse_skew(e.new_value()));
                real.set(real_ms());
            }
        });
        clock
    }

    fn key(&self) -> String {
        format!("{}.clock", self.db_name)
    }

    /// Simulated now, tracked: re-runs the reader every second and on every advance.
    pub fn now(&self) -> Timestamp {
        Timestamp::from_millis(self.real.get() + self.skew.get())
    }

    /// Simulated now, read fresh from the real clock, without tracking.
    pub fn now_untracked(&self) -> Timestamp {
        Timestamp::from_millis(real_ms() + self.skew.get_untracked())
    }

    /// The bank's local zone, tracked.
    pub fn zone(&self) -> UtcOffset {
        self.zone.get()
    }

    pub fn zone_untracked(&self) -> UtcOffset {
        self.zone.get_untracked()
    }

    pub fn set_zone(&self, zone: UtcOffset) {
        if self.zone.get_untracked() != zone {
            self.zone.set(zone);
        }
    }

    pub fn advance_ms(&self, ms: i64) {
        self.set_skew(self.skew.get_untracked() + ms);
    }

    /// Moves the clock to the bank's next local midnight, where the daily totals reset.
    pub fn advance_to_midnight(&self) {
        let now = self.now_untracked();
        let zone = self.zone.get_untracked();
        self.advance_ms(now.millis_until(now.next_local_midnight(zone)));
    }

    /// Moves the clock so that it shows `at` now.
    pub fn set(&self, at: Timestamp) {
        self.set_skew(at.millis() - real_ms());
    }

    fn set_skew(&self, skew: i64) {
        self.skew.set(skew);
        self.real.set(real_ms());
        // Without storage the clock is simply this tab's.
        if let Some(storage) = super::local_storage() {
            let _ = storage.set_item(&self.key(), &skew.to_string());
        }
    }
}

/// A stored skew; anything unreadable is real time.
fn parse_skew(stored: Option<String>) -> i64 {
    stored.and_then(|s| s.parse().ok()).unwrap_or(0)
}

/// Keeps the clock's zone the bank's: read from its settings once it opens and whenever it
/// changes (a scenario in this tab or another sets the zone).
pub fn follow_bank(ctx: Ctx) {
    Effect::new(move |_| {
        ctx.version.track();
        let store = ctx.store();
        spawn_local(async move {
            if let Ok(settings) = store.settings().await {
                ctx.clock.set_zone(settings.utc_offset);
            }
        });
    });
}

/// The `Training clock` region: the bank's local time and the advance buttons.
#[component]
pub fn TrainingClock() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let i18n = use_i18n();
    let run = expect_context::<ScenarioRun>();
    let clock = ctx.clock;
    let shown = move || clock.now().local(clock.zone()).date_time_string();
    let advance = move |mins: i64| {
        move |_| {
            clock.advance_ms(mins * 60_000);
            run.record(RunStep::Clock { minutes: mins });
            ctx.refresh();
        }
    };
    let midnight = move |_| {
        let before = clock.now_untracked();
        clock.advance_to_midnight();
        let minutes = before.millis_until(clock.now_untracked()) / 60_000;
        run.record(RunStep::Clock { minutes });
        ctx.refresh();
    };
    view! {
        <section class="clock" role="region" aria-label=move || t_string!(i18n, clock.title)>
            <h2>{t!(i18n, clock.title)}</h2>
            <p class="clock-time"><time>{shown}</time></p>
            <div class="clock-buttons">
                <button type="button" on:click=advance(1)>{t!(i18n, clock.advance_1_minute)}</button>
                <button type="button" on:click=advance(5)>{t!(i18n, clock.advance_5_minutes)}</button>
                <button type="button" on:click=advance(30)
                    class:coach-target=coach::ringed(Control::AdvanceClock) aria-describedby=coach::described(Control::AdvanceClock)>
                    {t!(i18n, clock.advance_30_minutes)}</button>
                <button type="button" on:click=midnight>{t!(i18n, clock.advance_to_midnight)}</button>
            </div>
        </section>
    }
}
