//! Embed mode: the machine and only what the scenario needs, sized to its content, reporting
//! to the page around it (see README "Embedding").
//!
//! On with `?embed=1`, and by itself inside an iframe. `&panels=clock,inboxes,…` adds panels.

pub mod bridge;
pub mod wire;

use super::i18n::{Locale, td_string};
use wire::LinkError;

impl LinkError {
    /// What the trainer reads, in `locale`.
    pub fn words(self, locale: Locale) -> &'static str {
        match self {
            LinkError::NotBase64url => td_string!(locale, embed.link_not_base64url),
            LinkError::NotUtf8 => td_string!(locale, embed.link_not_utf8),
        }
    }
}

/// The optional parts of the room around the machine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Panel {
    Clock,
    Inboxes,
    Scenarios,
    Backoffice,
    Wallet,
    Goals,
    Host,
}

impl Panel {
    fn parse(name: &str) -> Option<Panel> {
        Some(match name.trim() {
            "clock" => Panel::Clock,
            "inboxes" => Panel::Inboxes,
            "scenarios" => Panel::Scenarios,
            "backoffice" => Panel::Backoffice,
            "wallet" => Panel::Wallet,
            "goals" => Panel::Goals,
            "host" => Panel::Host,
            _ => return None,
        })
    }

    fn bit(self) -> u8 {
        1 << self as u8
    }
}

/// How the page is shown, read once from its URL and frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Embed {
    /// Embed mode: only the machine and the panels asked for.
    pub on: bool,
    /// There is a parent window to report to.
    pub in_frame: bool,
    panels: u8,
}

impl Embed {
    pub fn from_page() -> Embed {
        let window = web_sys::window();
        let in_frame = window.as_ref().is_some_and(|w| {
            w.parent()
                .ok()
                .flatten()
                .is_some_and(|p| !js_sys::Object::is(w, &p))
        });
        let query = window
            .and_then(|w| w.location().search().ok())
            .and_then(|q| web_sys::UrlSearchParams::new_with_str(&q).ok());
        let get = |name: &str| query.as_ref().and_then(|q| q.get(name));
        let asked = get("embed").is_some_and(|v| v != "0");
        let panels = get("panels")
            .unwrap_or_default()
            .split(',')
            .filter_map(Panel::parse)
            .fold(Panel::Wallet.bit() | Panel::Goals.bit(), |bits, p| {
                bits | p.bit()
            });
        Embed {
            on: asked || in_frame,
            in_frame,
            panels,
        }
    }

    /// Whether `panel` is on the page (everything is, outside embed mode).
    pub fn shows(&self, panel: Panel) -> bool {
        !self.on || self.panels & panel.bit() != 0
    }

    /// Marks the document so style/embed.css drops the page's margins and minimum heights.
    pub fn mark_document(&self) {
        if !self.on {
            return;
        }
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = root.set_attribute("data-embed", "");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn a_bad_scenario_link_is_named_in_either_language() {
        let bad = wire::scenario_from_base64url("a b").unwrap_err();
        // The e2e suite reads this one in English.
        assert_eq!(bad.words(Locale::en), "#scenario: not valid base64url");
        assert_eq!(bad.words(Locale::es), "#scenario: no es base64url válido");
        let not_text = wire::scenario_from_base64url("_w").unwrap_err();
        assert_eq!(
            not_text.words(Locale::en),
            "#scenario: the JSON is not UTF-8"
        );
        assert_eq!(
            not_text.words(Locale::es),
            "#scenario: el JSON no está en UTF-8"
        );
    }
}
