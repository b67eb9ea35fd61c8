//! With the `split` feature, link the wasm with its relocations kept: wasm-split-cli reads them
//! to cut the back office into a module of its own (see scripts/split-wasm/wasm-bindgen).
fn main() {
    println!("cargo:rerun-if-env-changed=CARGO_FEATURE_SPLIT");
    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|a| a == "wasm32");
    if wasm && std::env::var_os("CARGO_FEATURE_SPLIT").is_some() {
        println!("cargo:rustc-link-arg-bin=atm-sim=--emit-relocs");
    }
}
