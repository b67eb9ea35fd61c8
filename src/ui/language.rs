//! The language the app speaks (SPEC.md, "Languages"): chosen by the `Language` picker,
//! `?lang=es` or a scenario's `lang`, remembered in localStorage, English until then.
//! leptos_i18n's context holds the choice and keeps `<html lang>` in step with it.

use super::i18n::{I18nContextProvider, I18nLocaleTrait, Locale, t_string, td_string, use_i18n};
use super::local_storage;
use leptos::prelude::*;

const KEY: &str = "atm-sim.lang";

/// The language named by `code` (`en`, `es`, or `es-MX` for Spanish), if the app has it.
pub fn parse(code: &str) -> Option<Locale> {
    let code = code.trim().to_ascii_lowercase();
    let base = code.split(['-', '_']).next().unwrap_or_default();
    Locale::get_all()
        .iter()
        .copied()
        .find(|l| l.as_str() == base)
}

/// `?lang=` of the page's address.
fn from_url() -> Option<Locale> {
    let search = web_sys::window()?.location().search().ok()?;
    let params = web_sys::UrlSearchParams::new_with_str(&search).ok()?;
    parse(&params.get("lang")?)
}

fn saved() -> Option<Locale> {
    parse(&local_storage()?.get_item(KEY).ok()??)
}

/// Switch to the language `code` names (a scenario's `lang`); an unknown code changes nothing.
pub fn choose(code: &str) {
    if let Some(locale) = parse(code) {
        use_i18n().set_locale(locale);
    }
}

/// The tag speech synthesis is given for `locale` ("en-US", "es-ES").
pub fn speech_tag(locale: Locale) -> &'static str {
    td_string!(locale, speech_lang)
}

/// Provides the language to `children`: the address's choice first, then the remembered one.
#[component]
pub fn Languages(children: ChildrenFn) -> impl IntoView {
    view! {
        <I18nContextProvider>
            <Chosen children=children.clone() />
        </I18nContextProvider>
    }
}

#[component]
fn Chosen(children: ChildrenFn) -> impl IntoView {
    let i18n = use_i18n();
    let choice = from_url().or_else(saved).unwrap_or_default();
    i18n.set_locale(choice);
    // The provider puts the browser's language in place in an effect of its own once mounted;
    // this one runs after it, puts the choice back, then remembers every later choice.
    Effect::new(move |ran: Option<()>| {
        let locale = i18n.get_locale();
        if ran.is_none() {
            i18n.set_locale(choice);
        } else if let Some(storage) = local_storage() {
            let _ = storage.set_item(KEY, locale.as_str());
        }
    });
    // The tab's title speaks the language too.
    Effect::new(move |_| {
        let title = td_string!(i18n.get_locale(), app.title);
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            document.set_title(title);
        }
    });
    children()
}

/// The `Language` combobox: each language by its own name.
#[component]
pub fn LanguagePicker() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label class="language-picker">
            <span>{move || t_string!(i18n, language)}</span>
            <select
                aria-label=move || t_string!(i18n, language)
                prop:value=move || i18n.get_locale().as_str()
                on:change=move |ev| {
                    if let Some(locale) = parse(&event_target_value(&ev)) {
                        i18n.set_locale(locale);
                    }
                }
            >
                {Locale::get_all().iter().map(|l| {
                    let l = *l;
                    view! {
                        <option value=l.as_str() selected=move || i18n.get_locale() == l>
                            {td_string!(l, language_name)}
                        </option>
                    }
                }).collect_view()}
            </select>
        </label>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn a_language_is_named_by_its_code_with_or_without_a_region() {
        assert_eq!(parse("es"), Some(Locale::es));
        assert_eq!(parse("es-MX"), Some(Locale::es));
        assert_eq!(parse(" EN_us "), Some(Locale::en));
        assert_eq!(parse("fr"), None);
        assert_eq!(parse(""), None);
        assert_eq!(speech_tag(Locale::es), "es-ES");
        assert_eq!(speech_tag(Locale::en), "en-US");
    }
}
