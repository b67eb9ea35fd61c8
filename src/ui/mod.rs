//! The Leptos UI (wasm only): the ATM and the training room around it.
//!
//! `start` mounts [`App`], which opens the store, provides the shared [`Ctx`] and lays out the
//! machine, the wallet, the inboxes, the training clock and the scenarios. Components only read
//! signals and dispatch commands to the store; every rule lives in `core`.

pub mod atm;
pub mod clock;
pub mod inboxes;
pub mod scenarios;
pub mod wallet;

use crate::core::{MachineId, Message, Timestamp, UtcOffset};
use crate::store::{Store, WalletCard};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Everything the components share, handed out with `provide_context` / `expect_context`.
/// The store may be `!Send` (IndexedDB), so it lives in a local `StoredValue`.
#[derive(Clone, Copy)]
pub struct Ctx {
    pub store: StoredValue<Option<Store>, LocalStorage>,
    pub clock: clock::Clock,
    /// The bank's local offset (for `HH:MM` and the midnight button).
    pub offset: UtcOffset,
    /// The machine in front of the customer.
    pub machine: RwSignal<MachineId>,
    /// Bumped after every store call so read-outs (wallet, machine cash) refresh.
    pub version: RwSignal<u32>,
    pub wallet: RwSignal<Vec<WalletCard>>,
    pub phone: RwSignal<Vec<Message>>,
    pub email: RwSignal<Vec<Message>>,
    /// The open scenario's hints (empty for the free demo bank).
    pub hints: RwSignal<Vec<String>>,
}

impl Ctx {
    pub fn store(&self) -> Store {
        // Components that call this are only created once the store has opened (see `App`).
        self.store
            .get_value()
            .unwrap_or_else(|| panic!("the store was used before it opened"))
    }

    /// The simulated time: real time plus the training clock's offset.
    pub fn now(&self) -> Timestamp {
        self.clock.now_untracked()
    }

    /// Ask every read-out to reload from the store.
    pub fn refresh(&self) {
        self.version.update(|v| *v = v.wrapping_add(1));
    }
}

/// Set the panic hook and mount the app on `<body>`.
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
}

/// The browser's UTC offset, as the bank's local time.
fn browser_offset() -> UtcOffset {
    let minutes = -(js_sys::Date::new_0().get_timezone_offset() as i32);
    UtcOffset::from_minutes(minutes).unwrap_or(UtcOffset::UTC)
}

const MACHINE_KEY: &str = "atm-sim.machine";

fn local_storage() -> Option<web_sys::Storage> {
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
const DB_NAME: &str = "atm-sim";

/// The whole page: opens the bank (IndexedDB, or memory with a notice), then shows the room.
#[component]
pub fn App() -> impl IntoView {
    let clock = clock::Clock::new();
    let offset = browser_offset();
    let store = StoredValue::new_local(None::<Store>);
    let ready = RwSignal::new(false);
    let notice = RwSignal::new(None::<String>);
    spawn_local(async move {
        let (opened, why) =
            crate::store::open_browser_store(DB_NAME, clock.now_untracked(), offset).await;
        store.set_value(Some(opened));
        notice.set(why);
        ready.set(true);
    });
    let ctx = Ctx {
        store,
        clock,
        offset,
        machine: RwSignal::new(MachineId(
            saved_machine().unwrap_or_else(|| "ATM001".into()),
        )),
        version: RwSignal::new(0),
        wallet: RwSignal::new(Vec::new()),
        phone: RwSignal::new(Vec::new()),
        email: RwSignal::new(Vec::new()),
        hints: RwSignal::new(Vec::new()),
    };
    provide_context(ctx);
    provide_context(atm::Machine::new(ctx));
    Effect::new(move |_| ctx.machine.with(save_machine));
    let opening = || {
        view! {
            <main class="room">
                <section class="screen" role="region" aria-label="ATM screen" aria-live="polite">
                    <p>"Starting the bank…"</p>
                </section>
            </main>
        }
    };
    view! {
        <Show when=move || ready.get() fallback=opening>
            <Room notice=notice />
        </Show>
    }
}

/// Everything on the page once the bank is open.
#[component]
fn Room(notice: RwSignal<Option<String>>) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    inboxes::subscribe(&ctx);
    // Another tab changed the bank: reload the read-outs.
    let sync = ctx.store().on_change(move || ctx.refresh());
    let sync = StoredValue::new_local(sync);
    on_cleanup(move || sync.set_value(None));
    view! {
        <header class="top">
            <h1>"ATM Simulator"</h1>
            <clock::TrainingClock />
        </header>
        {move || notice.get().map(|n| view! { <p class="notice" role="status">{n}</p> })}
        <main class="room">
            <atm::Atm />
            <aside class="side">
                <wallet::Wallet />
                <inboxes::Inboxes />
            </aside>
            <scenarios::Scenarios />
        </main>
    }
}
