//! The Leptos UI (wasm only).
//!
//! PLACEHOLDER: a welcome screen so the build, the browser tests and the end-to-end harness have
//! something real to load. The real ATM UI replaces this file; keep the accessible names in
//! `UI-CONTRACT.md` (the `ATM screen` region) stable.

use leptos::prelude::*;

/// Set the panic hook and mount the app on `<body>`.
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
}

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <main>
            <section role="region" aria-label="ATM screen" aria-live="polite">
                <p>"Welcome. Please insert your card."</p>
            </section>
        </main>
    }
}
