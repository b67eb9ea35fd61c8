//! The languages' check, shared by build.rs and its test (tests/locales.rs): every
//! `locales/<code>.json` below a folder is one language, English the default; a key one language lacks
//! (or has that English lacks) is an error, since leptos_i18n would fall back to English
//! without a word.

use leptos_i18n_parser::parse_locales::options::{Config, ParseOptions};
use leptos_i18n_parser::parse_locales::{ParsedLocales, parse_locales};
use std::path::Path;

pub const DEFAULT_LANGUAGE: &str = "en";

/// The languages in `root`/locales (the default first), parsed and checked; `Err` lists every
/// problem.
pub fn check(root: &Path) -> Result<ParsedLocales, String> {
    let dir = root.join("locales");
    let mut others: Vec<String> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
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
        .map_err(|e| e.to_string())?;
    let parsed = parse_locales(Some(root.to_path_buf()), config).map_err(|e| e.to_string())?;
    let problems: Vec<String> = {
        let (errors, warnings) = parsed.diag.borrow();
        errors
            .iter()
            .map(ToString::to_string)
            .chain(warnings.iter().map(ToString::to_string))
            .collect()
    };
    if problems.is_empty() {
        Ok(parsed)
    } else {
        Err(problems.join("\n"))
    }
}
