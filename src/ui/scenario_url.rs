//! A scenario named by the page's URL: `?scenario=<same-origin URL of a JSON file>` or
//! `#scenario=<base64url of the JSON>`. Only the page's own site is fetched from: the app
//! makes no other network request.

use super::Ctx;
use super::atm::Machine;
use super::embed::wire::{base64url_to_base64, binary_string_to_utf8};
use super::goals::ScenarioRun;
use super::scenario_load::{self, Source};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Where the URL says the scenario is.
enum Requested {
    /// `?scenario=`: a URL, as written (relative to the page).
    File(String),
    /// `#scenario=`: the JSON itself, base64url-encoded.
    Inline(String),
}

fn param(query: &str, name: &str) -> Option<String> {
    web_sys::UrlSearchParams::new_with_str(query)
        .ok()?
        .get(name)
}

fn requested() -> Option<Requested> {
    let location = web_sys::window()?.location();
    if let Some(url) = location.search().ok().and_then(|q| param(&q, "scenario")) {
        return Some(Requested::File(url));
    }
    let hash = location.hash().ok()?;
    param(hash.trim_start_matches('#'), "scenario").map(Requested::Inline)
}

/// Whether the URL asks for a scenario (which will replace whatever bank opens).
pub fn is_requested() -> bool {
    requested().is_some()
}

/// Fetches a scenario file from the page's own origin; any other origin is refused unasked.
async fn fetch_same_origin(written: &str) -> Result<String, String> {
    let window = web_sys::window().ok_or("no window")?;
    let page = window.location().href().map_err(|_| "no page address")?;
    let url = web_sys::Url::new_with_base(written, &page)
        .map_err(|_| format!("\"{written}\" is not a valid URL"))?;
    let own = window.location().origin().map_err(|_| "no page origin")?;
    if url.origin() != own {
        return Err(format!(
            "the scenario must be a file on this site ({own}), not on {}",
            url.origin()
        ));
    }
    let response = JsFuture::from(window.fetch_with_str(&url.href()))
        .await
        .map_err(|_| format!("{} could not be fetched", url.pathname()))?;
    let response: web_sys::Response = response
        .dyn_into()
        .map_err(|_| "the fetch gave no response".to_string())?;
    if !response.ok() {
        return Err(format!(
            "{} answered {} {}",
            url.pathname(),
            response.status(),
            response.status_text()
        ));
    }
    let text = response
        .text()
        .map_err(|_| "the scenario file could not be read".to_string())?;
    JsFuture::from(text)
        .await
        .ok()
        .and_then(|t| t.as_string())
        .ok_or_else(|| "the scenario file could not be read".to_string())
}

/// base64url → the JSON text (UTF-8).
fn decode_inline(encoded: &str) -> Result<String, String> {
    let bad = || "#scenario: not valid base64url".to_string();
    let b64 = base64url_to_base64(encoded).ok_or_else(bad)?;
    let binary = web_sys::window()
        .ok_or_else(bad)?
        .atob(&b64)
        .map_err(|_| bad())?;
    binary_string_to_utf8(&binary).ok_or_else(|| "#scenario: the JSON is not UTF-8".to_string())
}

/// Loads the scenario the URL asks for, if any, then lets the wallet show the bank
/// (`Ctx::url_scenario`). A bad one leaves the bank as it was and says why in `run.problem`.
pub async fn load_requested(ctx: Ctx, machine: Machine, run: ScenarioRun) {
    let Some(requested) = requested() else {
        return;
    };
    load_from(ctx, machine, run, requested).await;
    ctx.url_scenario.set(false);
    ctx.refresh();
}

async fn load_from(ctx: Ctx, machine: Machine, run: ScenarioRun, requested: Requested) {
    let text = match requested {
        Requested::File(url) => fetch_same_origin(&url).await,
        Requested::Inline(encoded) => decode_inline(&encoded),
    };
    let loaded = match text {
        Ok(text) => scenario_load::load(ctx, machine, run, Source::File(text)).await,
        Err(e) => Err(e),
    };
    if let Err(e) = loaded {
        run.problem.set(Some(format!("Scenario not loaded: {e}")));
    }
}
