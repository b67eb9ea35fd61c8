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

/// Everything the components share, handed out with `provide_context` / `expect_context`.
/// The store may be `!Send` (IndexedDB), so it lives in a local `StoredValue`.
#[derive(Clone, Copy)]
pub struct Ctx {
    pub store: StoredValue<Store, LocalStorage>,
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
        self.store.get_value()
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

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let clock = clock::Clock::new();
    let offset = browser_offset();
    let opened = crate::store::open_in_memory(clock.now_untracked(), offset);
    let store = match opened {
        Ok(store) => store,
        Err(e) => {
            // The built-in demo bank is a tested constant, so this cannot fail in practice;
            // fall back to an empty-looking page with the reason rather than panicking.
            return view! { <main><p role="alert">{e.to_string()}</p>
            <section role="region" aria-label="ATM screen" aria-live="polite"></section></main> }
            .into_any();
        }
    };
    let ctx = Ctx {
        store: StoredValue::new_local(store),
        clock,
        offset,
        machine: RwSignal::new(MachineId("ATM001".into())),
        version: RwSignal::new(0),
        wallet: RwSignal::new(Vec::new()),
        phone: RwSignal::new(Vec::new()),
        email: RwSignal::new(Vec::new()),
        hints: RwSignal::new(Vec::new()),
    };
    inboxes::subscribe(&ctx);
    provide_context(ctx);
    provide_context(atm::Machine::new(ctx));

    view! {
        <header class="top">
            <h1>"ATM Simulator"</h1>
            <clock::TrainingClock />
        </header>
        <main class="room">
            <atm::Atm />
            <aside class="side">
                <wallet::Wallet />
                <inboxes::Inboxes />
            </aside>
            <scenarios::Scenarios />
        </main>
    }
    .into_any()
}
