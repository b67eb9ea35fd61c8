//! Files in and out of the page: a download made from text, and the text of a chosen file.

use leptos::prelude::*;
use std::time::Duration;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Hands `text` to the browser as a file download.
pub fn download(name: &str, text: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))?;
    let link: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    link.set_href(&url);
    link.set_download(name);
    link.click();
    // The browser reads the blob after the click returns: free it a little later.
    set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        Duration::from_secs(10),
    );
    Ok(())
}

/// The file input a `change` event came from.
pub fn input_of(ev: &leptos::ev::Event) -> Option<web_sys::HtmlInputElement> {
    ev.target()?.dyn_into().ok()
}

/// The name and text of the file chosen in `input` (`None` for the text if it cannot be read),
/// or `None` if no file is chosen. The input is emptied, so the same file (corrected, under its
/// old name) can be chosen again.
pub async fn chosen(input: &web_sys::HtmlInputElement) -> Option<(String, Option<String>)> {
    let file = input.files()?.get(0)?;
    let text = JsFuture::from(file.text()).await;
    input.set_value("");
    Some((file.name(), text.ok().and_then(|t| t.as_string())))
}
