//! A scenario named by the page's URL: `?scenario=<same-origin URL of a JSON file>` or
//! `#scenario=<base64url of the JSON>`. Only the page's own site is fetched from: the app
//! makes no other network request.
//!
//! A link loads its scenario once: a reload, another tab or a back/forward visit finds the
//! bank as it was left (a blocked card stays blocked). `Restart scenario` loads it afresh.

use super::Ctx;
use super::atm::Machine;
use super::goals::ScenarioRun;
use super::i18n::{Locale, t_string, td_string, use_i18n};
use super::scenario_load::{self, Refused, Source};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Where the URL says the scenario is.
#[derive(Clone)]
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

/// Whether the page's link chooses the language itself (`?lang=`), which then wins over the
/// linked scenario's `lang`.
pub fn link_names_language() -> bool {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .is_some_and(|q| param(&q, "lang").is_some())
}

/// Why a scenario link did not work: worded in the language of the moment.
#[derive(Clone, Debug, PartialEq)]
pub enum LinkProblem {
    /// Nothing was loaded; the bank is as it was.
    NotLoaded(Why),
    /// The bank the link loaded is there, but the file could not be read again to show its
    /// goals and hints.
    NotShown(Why),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Why {
    NotAUrl(String),
    OtherSite {
        own: String,
        other: String,
    },
    NotFetched(String),
    Answered {
        path: String,
        status: u16,
        text: String,
    },
    Unreadable,
    /// `#scenario=` is not base64url of UTF-8 text.
    NotDecoded(super::embed::wire::LinkError),
    /// The scenario itself was refused.
    Refused(Refused),
}

impl LinkProblem {
    pub fn words(&self, locale: Locale) -> String {
        let (why, not_loaded) = match self {
            LinkProblem::NotLoaded(why) => (why, true),
            LinkProblem::NotShown(why) => (why, false),
        };
        let why = match why {
            Why::NotAUrl(url) => td_string!(locale, scenarios.not_a_url, url = url),
            Why::OtherSite { own, other } => {
                td_string!(locale, scenarios.other_site, own = own, other = other)
            }
            Why::NotFetched(path) => td_string!(locale, scenarios.not_fetched, path = path),
            Why::Answered { path, status, text } => {
                td_string!(
                    locale,
                    scenarios.answered,
                    path = path,
                    status = status,
                    text = text
                )
            }
            Why::Unreadable => td_string!(locale, scenarios.unreadable).to_string(),
            Why::NotDecoded(e) => e.words(locale).to_string(),
            Why::Refused(refused) => refused.words(locale),
        };
        if not_loaded {
            td_string!(locale, scenarios.not_loaded, why = why)
        } else {
            td_string!(locale, scenarios.not_shown, why = why)
        }
    }
}

impl Requested {
    /// The link as the marker records it: a SHA-256 digest, since an inline scenario holds
    /// card numbers and PINs, which are never stored.
    fn link(&self) -> String {
        let link = match self {
            Requested::File(url) => format!("?scenario={url}"),
            Requested::Inline(encoded) => format!("#scenario={encoded}"),
        };
        Sha256::digest(link.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

/// Which scenario link the bank was last loaded from, kept in localStorage under
/// `<database>.scenario-link` so that every tab and every reload sees it: a page opened with
/// that link again leaves the bank alone, and only shows the scenario's goals and hints again
/// while the bank still holds it (`in_place`; any other scenario loaded since clears it).
#[derive(Serialize, Deserialize)]
struct Marker {
    link: String,
    in_place: bool,
}

fn marker_key() -> String {
    format!("{}.scenario-link", super::DB_NAME)
}

fn marker() -> Option<Marker> {
    let text = super::local_storage()?.get_item(&marker_key()).ok()??;
    serde_json::from_str(&text).ok()
}

fn set_marker(marker: &Marker) {
    // Without storage every visit loads the link afresh, as before there was a marker.
    if let (Some(storage), Ok(text)) = (super::local_storage(), serde_json::to_string(marker)) {
        let _ = storage.set_item(&marker_key(), &text);
    }
}

/// Another scenario has replaced the bank: a link loaded before no longer has its bank there.
pub fn mark_replaced() {
    if let Some(marker) = marker().filter(|m| m.in_place) {
        set_marker(&Marker {
            in_place: false,
            ..marker
        });
    }
}

/// Whether the URL brings a scenario the bank has not been loaded from yet (which will then
/// replace whatever bank opens).
pub fn is_requested() -> bool {
    requested().is_some_and(|r| marker().is_none_or(|m| m.link != r.link()))
}

/// Fetches a scenario file from the page's own origin; any other origin is refused unasked.
async fn fetch_same_origin(written: &str) -> Result<String, Why> {
    let window = web_sys::window().ok_or(Why::Unreadable)?;
    let page = window.location().href().map_err(|_| Why::Unreadable)?;
    let url = web_sys::Url::new_with_base(written, &page)
        .map_err(|_| Why::NotAUrl(written.to_string()))?;
    let own = window.location().origin().map_err(|_| Why::Unreadable)?;
    if url.origin() != own {
        return Err(Why::OtherSite {
            own,
            other: url.origin(),
        });
    }
    let response = JsFuture::from(window.fetch_with_str(&url.href()))
        .await
        .map_err(|_| Why::NotFetched(url.pathname()))?;
    let response: web_sys::Response = response
        .dyn_into()
        .map_err(|_| Why::NotFetched(url.pathname()))?;
    if !response.ok() {
        return Err(Why::Answered {
            path: url.pathname(),
            status: response.status(),
            text: response.status_text(),
        });
    }
    let text = response.text().map_err(|_| Why::Unreadable)?;
    JsFuture::from(text)
        .await
        .ok()
        .and_then(|t| t.as_string())
        .ok_or(Why::Unreadable)
}

/// Loads the scenario the URL asks for, if the bank was not loaded from it before, then lets
/// the wallet show the bank (`Ctx::url_scenario`). A bad one leaves the bank as it was and says
/// why in `run.problem`.
pub async fn load_requested(ctx: Ctx, machine: Machine, run: ScenarioRun) {
    let Some(requested) = requested() else {
        return;
    };
    match marker() {
        Some(marker) if marker.link == requested.link() => {
            if marker.in_place {
                let shown = match read(requested).await {
                    Ok(text) => scenario_load::resume(ctx, run, &text).map_err(Why::Refused),
                    Err(e) => Err(e),
                };
                if let Err(why) = shown {
                    run.problem.set(Some(LinkProblem::NotShown(why)));
                }
            }
        }
        _ => load_from(ctx, machine, run, requested).await,
    }
    ctx.url_scenario.set(false);
    ctx.refresh();
}

/// The scenario file's text.
async fn read(requested: Requested) -> Result<String, Why> {
    match requested {
        Requested::File(url) => fetch_same_origin(&url).await,
        Requested::Inline(encoded) => {
            super::embed::wire::scenario_from_base64url(&encoded).map_err(Why::NotDecoded)
        }
    }
}

async fn load_from(ctx: Ctx, machine: Machine, run: ScenarioRun, requested: Requested) {
    let link = requested.link();
    let loaded = match read(requested).await {
        Ok(text) => scenario_load::put_in_place(ctx, machine, run, Source::Link(text))
            .await
            .map_err(Why::Refused),
        Err(e) => Err(e),
    };
    match loaded {
        Ok(()) => set_marker(&Marker {
            link,
            in_place: true,
        }),
        Err(why) => run.problem.set(Some(LinkProblem::NotLoaded(why))),
    }
}

/// `Restart scenario`, on a page opened with a scenario link: loads the link's scenario afresh
/// (bank, clock, machine, goals) on purpose, since opening the link again no longer does.
#[component]
pub fn RestartScenario() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let machine = expect_context::<Machine>();
    let run = expect_context::<ScenarioRun>();
    let i18n = use_i18n();
    let requested = requested()?;
    let restart = Action::new_local(move |_: &()| {
        let requested = requested.clone();
        async move { load_from(ctx, machine, run, requested).await }
    });
    let busy = move || ctx.url_scenario.get() || restart.pending().get();
    Some(view! {
        <button type="button" class="restart-scenario" disabled=busy
            on:click=move |_| {
                restart.dispatch(());
            }>
            {move || t_string!(i18n, scenarios.restart)}
        </button>
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::AtmError;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn link_problems_are_worded_in_the_language_of_the_moment() {
        let other = LinkProblem::NotLoaded(Why::OtherSite {
            own: "http://a".into(),
            other: "http://b".into(),
        });
        assert_eq!(
            other.words(Locale::en),
            "Scenario not loaded: the scenario must be a file on this site (http://a), not on http://b"
        );
        assert_eq!(
            other.words(Locale::es),
            "Escenario no cargado: el escenario debe ser un archivo de este sitio (http://a), no de http://b"
        );
        let gone = LinkProblem::NotShown(Why::Answered {
            path: "/s.json".into(),
            status: 404,
            text: "Not Found".into(),
        });
        assert_eq!(
            gone.words(Locale::en),
            "Scenario not shown: /s.json answered 404 Not Found"
        );
        let lang = AtmError::Invalid {
            field: "lang".into(),
            reason: "no".into(),
        };
        let refused = LinkProblem::NotLoaded(Why::Refused(Refused::from(lang)));
        assert_eq!(refused.words(Locale::es), "Escenario no cargado: lang: no");
    }
}
