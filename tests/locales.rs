//! The languages' build check (build/locales.rs, run by build.rs): a language missing a key
//! fails, and a third language is one more file.
#![cfg(not(target_arch = "wasm32"))]

#[path = "../build/locales.rs"]
mod locales;

use std::path::{Path, PathBuf};

/// A copy of the project's locale files in a folder of its own, to change.
fn copy_of_locales(name: &str) -> PathBuf {
    let root = std::env::temp_dir().join(format!("atm-sim-locales-{name}-{}", std::process::id()));
    let dir = root.join("locales");
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&dir).unwrap();
    let ours = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
    for entry in std::fs::read_dir(ours).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
    }
    root
}

fn edit(root: &Path, code: &str, change: impl FnOnce(&mut serde_json::Value)) {
    let path = root.join("locales").join(format!("{code}.json"));
    let mut json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    change(&mut json);
    std::fs::write(path, json.to_string()).unwrap();
}

#[test]
fn the_project_s_languages_pass_the_check() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    assert!(locales::check(root).is_ok());
}

#[test]
fn a_key_one_language_lacks_fails_the_check_naming_it() {
    let root = copy_of_locales("missing");
    edit(&root, "es", |es| {
        es["screen"].as_object_mut().unwrap().remove("welcome");
    });
    let problems = locales::check(&root).err().expect("refused");
    assert!(problems.contains("screen.welcome"), "{problems}");
    assert!(problems.contains("\"es\""), "{problems}");
    // A key English lacks is refused too.
    let root = copy_of_locales("surplus");
    edit(&root, "es", |es| {
        es["screen"]["only_here"] = "solo aquí".into()
    });
    assert!(locales::check(&root).is_err());
}

#[test]
fn a_third_language_is_one_more_file() {
    let root = copy_of_locales("third");
    let english = std::fs::read_to_string(root.join("locales/en.json")).unwrap();
    std::fs::write(root.join("locales/fr.json"), english).unwrap();
    edit(&root, "fr", |fr| {
        fr["language_name"] = "Français".into();
        fr["speech_lang"] = "fr-FR".into();
    });
    assert!(locales::check(&root).is_ok());
    // …and that file must have every key as well.
    edit(&root, "fr", |fr| {
        fr.as_object_mut().unwrap().remove("soft");
    });
    assert!(locales::check(&root).is_err());
}
