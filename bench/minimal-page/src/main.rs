//! The smallest Leptos page that is interactive: one button that counts its clicks. The
//! browser benchmark times the app against it, so both are built with the same profile, trunk
//! and wasm-opt settings (see `Trunk.toml` and `index.html` here).

#[cfg(target_arch = "wasm32")]
fn main() {
    use leptos::prelude::*;
    leptos::mount::mount_to_body(|| {
        let count = RwSignal::new(0u32);
        view! {
            <button type="button" on:click=move |_| count.update(|c| *c += 1)>
                {move || format!("Clicked {} times", count.get())}
            </button>
        }
    });
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("This page runs in the browser: scripts/bench-browser.sh builds and times it.");
}
