//! Two jobs, both for the wasm build's sake:
//! - The languages: every `locales/<code>.json` is one language, English the default. The build
//!   fails when a language lacks a key English has (or has one English lacks), then writes the
//!   `i18n` module (`t!` and friends) that src/ui/i18n.rs includes.
//! - With the `split` feature, link the wasm with its relocations kept: wasm-split-cli reads them
//!   to cut the back office into a module of its own (see scripts/split-wasm/wasm-bindgen).
use leptos_i18n_parser::parse_locales::options::{Config, ParseOptions};
use leptos_i18n_parser::parse_locales::parse_locales;
use std::path::PathBuf;

const DEFAULT_LANGUAGE: &str = "en";

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
    let mut others: Vec<String> = std::fs::read_dir("locales")
        .expect("locales/ holds one <code>.json per language")
        .filter_map(|entry| {
            let name = entry.ok()?.file_name().into_string().ok()?;
            name.strip_suffix(".json").map(str::to_string)
        })
        .filter(|code| code != DEFAULT_LANGUAGE)
        .collect();
    others.sort();
    let config = Config::new(DEFAULT_LANGUAGE)
        .and_then(|c| c.add_locales(&others))
        // `t_string!` with values: the values are anything `Display` (money, ids).
        .map(|c| c.parse_options(ParseOptions::new().interpolate_display(true)))
        .unwrap_or_else(|e| panic!("locales: {e}"));
    let parsed = parse_locales(None, config).unwrap_or_else(|e| panic!("locales: {e}"));
    let (errors, warnings) = parsed.diag.borrow();
    // A missing key would silently fall back to English: that is a build error here.
    let problems: Vec<String> = errors
        .iter()
        .map(ToString::to_string)
        .chain(warnings.iter().map(ToString::to_string))
        .collect();
    if !problems.is_empty() {
        panic!("locales/*.json:\n  {}", problems.join("\n  "));
    }
    drop((errors, warnings));
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
