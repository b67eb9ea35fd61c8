//! Two jobs, both for the wasm build's sake:
//! - The languages: every `locales/<code>.json` is one language, English the default. The build
//!   fails when a language lacks a key English has (or has one English lacks), then writes the
//!   `i18n` module (`t!` and friends) that src/ui/mod.rs includes.
//! - With the `split` feature, link the wasm with its relocations kept: wasm-split-cli reads them
//!   to cut the back office into a module of its own (see scripts/split-wasm/wasm-bindgen).
#[path = "build/locales.rs"]
mod locales;

use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-env-changed=CARGO_FEATURE_SPLIT");
    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|a| a == "wasm32");
    if wasm && std::env::var_os("CARGO_FEATURE_SPLIT").is_some() {
        println!("cargo:rustc-link-arg-bin=atm-sim=--emit-relocs");
    }
    languages();
}

fn languages() {
    println!("cargo:rerun-if-changed=locales");
    println!("cargo:rerun-if-changed=build/locales.rs");
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let parsed =
        locales::check(&root).unwrap_or_else(|problems| panic!("locales/*.json:\n{problems}"));
    if let Some(files) = &parsed.tracked_files {
        for file in files {
            println!("cargo:rerun-if-changed={file}");
        }
    }
    let attributes = "#![allow(missing_docs, clippy::all)]".parse().ok();
    let code = leptos_i18n_codegen::gen_code(&parsed, None, false, attributes.as_ref(), false)
        .unwrap_or_else(|e| panic!("locales: {e}"));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("i18n.rs"), code.to_string()).expect("OUT_DIR is writable");
}
