//! The Leptos UI (wasm only): the ATM and the training room around it.
//!
//! `start` mounts [`App`], which starts opening the store, provides the shared [`Ctx`] and lays
//! out the machine, the wallet, the inboxes, the training clock and the scenarios while the bank
//! opens. Components only read signals and dispatch commands to the store; every rule lives in
//! `core`.

pub mod activity;
pub mod atm;
pub mod backoffice;
pub mod clock;
pub mod embed;
pub mod goals;
pub mod inboxes;
pub mod scenario_load;
pub mod scenario_url;
pub mod scenarios;
pub mod wallet;

// The UI exists only in the wasm build: its unit tests run in the browser (`wasm-pack test`;
// the embedding wire format is also compiled natively and tested by `cargo test`).
#[cfg(test)]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use crate::core::{MachineId, Timestamp, UtcOffset};
use crate::store::{Store, WalletCard};
use embed::{Embed, Panel};
use goals::ScenarioRun;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Everything the components share, handed out with `provide_context` / `expect_context`.
/// The store may be `!Send` (IndexedDB), so it lives in a local `StoredValue`.
#[derive(Clone, Copy)]
pub struct Ctx {
    pub store: StoredValue<Store, LocalStorage>,
    pub clock: clock::Clock,
    /// The machine in front of the customer.
    pub machine: RwSignal<MachineId>,
    /// Bumped after every store call so read-outs (wallet, machine cash) refresh.
    pub version: RwSignal<u32>,
    pub wallet: RwSignal<Vec<WalletCard>>,
    /// Newest first.
    pub phone: RwSignal<Vec<inboxes::Delivered>>,
    pub email: RwSignal<Vec<inboxes::Delivered>>,
    /// The open scenario's hints (empty for the free demo bank).
    pub hints: RwSignal<Vec<String>>,
    /// A scenario named by the page's URL is still on its way: the wallet waits for it rather
    /// than show the cards of the bank it will replace.
    pub url_scenario: RwSignal<bool>,
}

impl Ctx {
    /// The bank. Usable from the first moment: while it is still opening, calls wait for it.
    pub fn store(&self) -> Store {
        self.store.get_value()
    }

    /// The simulated time: real time plus the training clock's offset.
    pub fn now(&self) -> Timestamp {
        self.clock.now_untracked()
    }

    /// The bank's local offset (for `HH:MM` and "today"), tracked.
    pub fn offset(&self) -> UtcOffset {
        self.clock.zone()
    }

    /// Ask every read-out to reload from the store.
    pub fn refresh(&self) {
        self.version.update(|v| *v = v.wrapping_add(1));
    }
}

/// Set the panic hook and mount the app on `<body>`.
pub fn start() {
    mark("atm:main");
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
}

/// A named point of the start-up (`performance.mark`): DevTools shows it on the timeline, and
/// `BENCH_ONLY=interactive scripts/bench-browser.sh` prints where a first visit's time goes.
fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

/// The browser's UTC offset, as the bank's local time.
fn browser_offset() -> UtcOffset {
    let minutes = -(js_sys::Date::new_0().get_timezone_offset() as i32);
    UtcOffset::from_minutes(minutes).unwrap_or(UtcOffset::UTC)
}

const MACHINE_KEY: &str = "atm-sim.machine";

/// The page's localStorage, where the browser allows it.
pub fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The machine chosen last time (so a reload stays in front of the same machine).
fn saved_machine() -> Option<String> {
    local_storage()?.get_item(MACHINE_KEY).ok()?
}

/// Remembers the chosen machine; without storage the choice simply is not remembered.
pub fn save_machine(id: &MachineId) {
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(MACHINE_KEY, &id.0);
    }
}

/// The name of the app's IndexedDB database.
pub const DB_NAME: &str = "atm-sim";

/// The whole page: the room, built while the bank opens (IndexedDB, or memory with a notice).
#[component]
pub fn App() -> impl IntoView {
    // A new bank (the demo) takes the browser's zone; the clock then follows the bank's.
    let offset = browser_offset();
    let clock = clock::Clock::new(DB_NAME, offset);
    let notice = RwSignal::new(None::<String>);
    let bank_open = RwSignal::new(false);
    let settled = RwSignal::new(false);
    // The open request goes to the browser now. The store is usable at once (its calls wait for
    // the bank), so the room below is built while the browser opens — on a first visit,
    // creates — the database, instead of after it; and a first visit knows its wallet (the demo
    // bank's) before the database exists, so the machine is usable while it is being created.
    let starting = Store::opening(DB_NAME, clock.now_untracked(), offset, move || {
        notice.set(Some(crate::store::BLOCKED_NOTICE.to_string()))
    });
    let url_scenario = scenario_url::is_requested();
    // Not when the URL brings a scenario: its cards, not the demo's, will be in the wallet.
    let expected_wallet = starting.expected_wallet.filter(|_| !url_scenario);
    let expected = expected_wallet.is_some();
    let ctx = Ctx {
        store: StoredValue::new_local(starting.store),
        clock,
        machine: RwSignal::new(MachineId::from(
            saved_machine().unwrap_or_else(|| "ATM001".into()),
        )),
        version: RwSignal::new(0),
        wallet: RwSignal::new(expected_wallet.unwrap_or_default()),
        phone: RwSignal::new(Vec::new()),
        email: RwSignal::new(Vec::new()),
        hints: RwSignal::new(Vec::new()),
        url_scenario: RwSignal::new(url_scenario),
    };
    if expected {
        mark("atm:wallet-expected");
    }
    let opened = starting.opened;
    spawn_local(async move {
        let opened = opened.await;
        mark("atm:bank-open");
        // The wallet makes the machine usable. A first visit knows it (the demo bank being
        // written); otherwise read it now (the wallet panel reads it again on its own). A
        // guessed first visit that was not one is corrected here.
        let wallet = match opened.wallet {
            Some(cards) => Ok(cards),
            None => opened.store.wallet(clock.now_untracked()).await,
        };
        if let Ok(cards) = wallet
            && !ctx.url_scenario.get_untracked()
            && ctx.wallet.with_untracked(|w| *w != cards)
        {
            ctx.wallet.set(cards);
        }
        mark("atm:wallet-read");
        notice.set(opened.notice);
        bank_open.set(true);
    });
    provide_context(ctx);
    let machine = atm::Machine::new(ctx);
    provide_context(machine);
    // The panels below the machine come once the bank is open, the machine idle (a card
    // inserted meanwhile has had its answer: building them first would hold it up) and painted
    // (a timeout queued from the frame callback runs after the paint). So does the fetch of the
    // session code (a card's and a session's requests), unless a card has fetched it already.
    Effect::new(move |queued: Option<bool>| {
        if queued == Some(true) {
            return true;
        }
        let idle = bank_open.get() && !machine.busy.get();
        if idle {
            request_animation_frame(move || {
                set_timeout(
                    move || {
                        settled.set(true);
                        crate::store::session_code::prefetch();
                    },
                    std::time::Duration::ZERO,
                )
            });
        }
        idle
    });
    provide_context(ScenarioRun::default());
    let embed = Embed::from_page();
    embed.mark_document();
    provide_context(embed);
    Effect::new(move |_| ctx.machine.with(save_machine));
    view! { <Room notice=notice settled=settled /> }
}

/// Everything on the page: the machine and the panels embed mode keeps (all of them outside
/// embed mode).
#[component]
fn Room(notice: RwSignal<Option<String>>, settled: RwSignal<bool>) -> impl IntoView {
    mark("atm:room");
    let ctx = expect_context::<Ctx>();
    let machine = expect_context::<atm::Machine>();
    let run = expect_context::<ScenarioRun>();
    let embed = expect_context::<Embed>();
    inboxes::subscribe(&ctx);
    clock::follow_bank(ctx);
    // Another tab changed the bank: reload the read-outs.
    let sync = ctx.store().on_change(move || ctx.refresh());
    let sync = StoredValue::new_local(sync);
    on_cleanup(move || sync.set_value(None));
    goals::track(run, machine);
    let bridge = if embed.in_frame {
        embed::bridge::Bridge::connect(machine)
    } else {
        None
    };
    spawn_local(async move {
        scenario_url::load_requested(ctx, machine, run).await;
        if let Some(bridge) = bridge {
            // `ready` promises a loaded app: the bank open as well as the scenario in place.
            let _ = ctx.store().opened().await;
            bridge.ready(run);
        }
    });
    let shows = move |panel| embed.shows(panel);
    // The machine, the wallet and the side panels first; the scenarios and the back office,
    // which sit below them and cost the most to build, once the machine is usable and painted
    // (`settled`), so a first visit can use the ATM sooner and nothing above moves when they
    // arrive.
    let below = move |panel| settled.get() && shows(panel);
    // Recovering a blocked card needs time to pass, so such a scenario brings the clock.
    let clock = move || shows(Panel::Clock) || run.needs_clock();
    view! {
        <Show when=move || !embed.on>
            <header class="top">
                <h1>"ATM Simulator"</h1>
                <clock::TrainingClock />
            </header>
        </Show>
        {move || notice.get().map(|n| view! { <p class="notice" role="status">{n}</p> })}
        <main class="room">
            <atm::Atm />
            <aside class="side">
                <Show when=move || embed.on && clock()>
                    <clock::TrainingClock />
                </Show>
                <scenario_url::RestartScenario />
                <goals::Goals with_hints=Signal::derive(move || !shows(Panel::Scenarios)) />
                <Show when=move || shows(Panel::Wallet)>
                    <wallet::Wallet />
                </Show>
                <Show when=move || shows(Panel::Inboxes)>
                    <inboxes::Inboxes />
                </Show>
            </aside>
            <Show when=move || below(Panel::Scenarios)>
                <scenarios::Scenarios />
            </Show>
            <Show when=move || below(Panel::Backoffice)>
                <backoffice::BackOffice />
            </Show>
        </main>
    }
}
