//! The Leptos UI (wasm only): the ATM and the training room around it.
//!
//! `start` mounts [`App`], which opens the bank (one `LocalResource`: "Opening the bank…" on
//! the machine until then), provides the shared [`Ctx`] and lays out the machine, the wallet,
//! the inboxes, the training clock, the scenarios and the back office. Components only read
//! signals and dispatch commands to the store; every rule lives in `core`.

// The `i18n` module build.rs writes from locales/*.json: `t!`, `t_string!`, `Locale`, `use_i18n`.
include!(concat!(env!("OUT_DIR"), "/i18n.rs"));

pub mod activity;
pub mod atm;
pub mod backoffice;
pub mod clock;
pub mod coach;
pub mod display;
pub mod embed;
pub mod files;
pub mod goals;
pub mod host_log;
pub mod inboxes;
pub mod language;
pub mod player;
pub mod runs;
pub mod scenario_load;
pub mod scenario_url;
pub mod scenarios;
pub mod talk;
pub mod wallet;
pub mod words;

// The UI exists only in the wasm build: its unit tests run in the browser (`wasm-pack test`;
// the embedding wire format is also compiled natively and tested by `cargo test`).
#[cfg(test)]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use crate::core::{MachineId, Timestamp, UtcOffset};
use crate::store::{Notice, Store, WalletCard};
use embed::{Embed, Panel};
use goals::ScenarioRun;
use i18n::{t, t_string, td_string, use_i18n};
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
    /// The open scenario's hints, each in the languages the scenario gives (empty for the
    /// free demo bank).
    pub hints: RwSignal<Vec<crate::core::LocalText>>,
    /// A scenario named by the page's URL is still on its way: the wallet waits for it rather
    /// than show the cards of the bank it will replace.
    pub url_scenario: RwSignal<bool>,
}

impl Ctx {
    /// The bank, open.
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

/// Set the panic hook and mount the app on `<body>`, in place of the machine index.html drew
/// while the wasm was on its way (`#first-screen`, the same "Opening the bank…" screen).
pub fn start() {
    mark("atm:main");
    console_error_panic_hook::set_once();
    let first_screen = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("first-screen"));
    if let Some(first_screen) = first_screen {
        first_screen.remove();
    }
    leptos::mount::mount_to_body(App);
}

/// A named point of the start-up (`performance.mark`): DevTools shows it on the timeline, and
/// `scripts/bench-browser.sh` prints where a first visit's time goes.
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

/// The whole page: "Opening the bank…" until the bank is open (IndexedDB, or memory with a
/// notice), then the room.
#[component]
pub fn App() -> impl IntoView {
    // A new bank (the demo) takes the browser's zone; the clock then follows the bank's.
    let offset = browser_offset();
    let clock = clock::Clock::new(DB_NAME, offset);
    let blocked = RwSignal::new(false);
    let bank = LocalResource::new(move || {
        crate::store::open_browser_store(DB_NAME, clock.now_untracked(), offset, move || {
            blocked.set(true)
        })
    });
    let embed = Embed::from_page();
    embed.mark_document();
    provide_context(embed);
    provide_context(display::DisplayModes::start());
    let notice = Signal::derive(move || match bank.get() {
        Some(opened) => opened.notice,
        None => blocked.get().then_some(Notice::Blocked),
    });
    let room = move || match bank.get() {
        None => view! { <OpeningBank notice=notice /> }.into_any(),
        Some(opened) => {
            mark("atm:bank-open");
            view! { <Room store=opened.store clock=clock notice=notice /> }.into_any()
        }
    };
    view! { <language::Languages>{room}</language::Languages> }
}

/// The page's title (the training clock beside it once the bank is open) and its notice, if any.
#[component]
fn Top(
    notice: Signal<Option<Notice>>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let embed = expect_context::<Embed>();
    let i18n = use_i18n();
    let header = (!embed.on).then(|| {
        view! {
            <header class="top">
                <h1>{t!(i18n, app.title)}</h1>
                {children.map(|c| c())}
            </header>
        }
    });
    view! {
        {header}
        {move || notice.get().map(|n| view! { <p class="notice" role="status">{move || notice_text(&n, i18n.get_locale())}</p> })}
    }
}

fn notice_text(n: &Notice, l: i18n::Locale) -> String {
    match n {
        Notice::InMemory(None) => td_string!(l, notice.in_memory).to_string(),
        Notice::InMemory(Some(why)) => format!("{} {why}", td_string!(l, notice.in_memory)),
        Notice::Blocked => td_string!(l, notice.blocked).to_string(),
    }
}

/// Where the machine stands while the bank opens.
#[component]
fn OpeningBank(notice: Signal<Option<Notice>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Top notice=notice />
        <main class="room">
            <section class="atm" aria-label=move || t_string!(i18n, atm.region)>
                <div class="cabinet">
                    <div class="fascia">
                        <div class="screen-bezel">
                            <section class="screen" role="region" aria-label=move || t_string!(i18n, atm.screen) aria-live="polite">
                                <div class="screen-inner">
                                    <h2 class="screen-title">{move || t_string!(i18n, opening_bank)}</h2>
                                </div>
                            </section>
                        </div>
                    </div>
                </div>
            </section>
        </main>
    }
}

/// The machine and the panels embed mode keeps (all of them outside embed mode), over the open
/// bank.
#[component]
fn Room(store: Store, clock: clock::Clock, notice: Signal<Option<Notice>>) -> impl IntoView {
    mark("atm:room");
    let url_scenario = scenario_url::is_requested();
    let ctx = Ctx {
        store: StoredValue::new_local(store),
        clock,
        machine: RwSignal::new(MachineId::from(
            saved_machine().unwrap_or_else(|| "ATM001".into()),
        )),
        version: RwSignal::new(0),
        wallet: RwSignal::new(Vec::new()),
        phone: RwSignal::new(Vec::new()),
        email: RwSignal::new(Vec::new()),
        hints: RwSignal::new(Vec::new()),
        url_scenario: RwSignal::new(url_scenario),
    };
    provide_context(ctx);
    provide_context(host_log::HostLog::default());
    let machine = atm::Machine::new(ctx);
    provide_context(machine);
    provide_context(talk::Talk::start(machine));
    let run = ScenarioRun::new(use_i18n());
    if !url_scenario {
        run.know_cards(&crate::core::Scenario::demo());
    }
    provide_context(run);
    provide_context(coach::Coach::start(ctx, machine, run));
    provide_context(player::Player::new(ctx, machine, run));
    let embed = expect_context::<Embed>();
    Effect::new(move |_| ctx.machine.with(save_machine));
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
        // `ready` promises a loaded app: the bank open and the scenario in place.
        if let Some(bridge) = bridge {
            bridge.ready(run);
        }
    });
    let shows = move |panel| embed.shows(panel);
    // Recovering a blocked card needs time to pass, so such a scenario brings the clock.
    let clock = move || shows(Panel::Clock) || run.needs_clock();
    view! {
        <Top notice=notice>
            <clock::TrainingClock />
        </Top>
        <main class="room">
            <atm::Atm />
            <aside class="side">
                <Show when=move || embed.on && clock()>
                    <clock::TrainingClock />
                </Show>
                <scenario_url::RestartScenario />
                <coach::CoachPanel />
                <player::NowPlaying />
                <goals::Goals with_hints=Signal::derive(move || !shows(Panel::Scenarios)) />
                <Show when=move || shows(Panel::Wallet)>
                    <wallet::Wallet />
                </Show>
                <Show when=move || shows(Panel::Inboxes)>
                    <inboxes::Inboxes />
                </Show>
                <Show when=move || shows(Panel::Host)>
                    <host_log::HostMessages />
                </Show>
                <Show when=move || shows(Panel::Scenarios)>
                    <runs::Runs />
                </Show>
            </aside>
            <Show when=move || shows(Panel::Scenarios)>
                <scenarios::Scenarios />
            </Show>
            <Show when=move || shows(Panel::Backoffice)>
                <backoffice::BackOffice />
            </Show>
        </main>
    }
}
