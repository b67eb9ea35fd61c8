//! Text a scenario gives the learner (its name, description, hints, a goal's message), in one
//! language or several. A file writes it as a plain string, or as an object of language code →
//! text: `"Withdraw cash"` or `{ "en": "Withdraw cash", "es": "Retirar efectivo" }`.
//!
//! The core does not know which languages the app speaks: it keeps what the file gives and
//! answers `get(lang)`; the UI asks in the learner's language.

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// The language every text falls back to, and the one the journal and events keep.
pub const ENGLISH: &str = "en";

/// A text in one or more languages. Never empty: a plain string is the text for every
/// language (kept as the English, which the others fall back to).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LocalText(BTreeMap<String, String>);

impl LocalText {
    /// The text in `lang`; else the English; else whichever language the text has.
    pub fn get(&self, lang: &str) -> &str {
        self.0
            .get(lang)
            .or_else(|| self.0.get(ENGLISH))
            .or_else(|| self.0.values().next())
            .map_or("", String::as_str)
    }

    /// Whether the text is written in `lang` itself (a plain string counts as English).
    pub fn has(&self, lang: &str) -> bool {
        self.0.contains_key(lang)
    }

    /// The languages the text is written in, in alphabetical order.
    pub fn languages(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }
}

impl From<String> for LocalText {
    fn from(text: String) -> LocalText {
        LocalText(BTreeMap::from([(ENGLISH.to_string(), text)]))
    }
}

impl From<&str> for LocalText {
    fn from(text: &str) -> LocalText {
        LocalText::from(text.to_string())
    }
}

/// A language code as a scenario file writes it: two or three lowercase letters (ISO 639).
pub fn is_language_code(code: &str) -> bool {
    (2..=3).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_lowercase())
}

impl Serialize for LocalText {
    /// Back as it can be read again: a text in English only as a plain string, else the object.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0.get(ENGLISH) {
            Some(text) if self.0.len() == 1 => serializer.serialize_str(text),
            _ => {
                let mut map = serializer.serialize_map(Some(self.0.len()))?;
                for (lang, text) in &self.0 {
                    map.serialize_entry(lang, text)?;
                }
                map.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for LocalText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<LocalText, D::Error> {
        deserializer.deserialize_any(TextVisitor)
    }
}

struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = LocalText;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            "a text: a string, or an object of language → text like \
             {\"en\": \"Withdraw cash\", \"es\": \"Retirar efectivo\"}",
        )
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<LocalText, E> {
        Ok(LocalText::from(text))
    }

    fn visit_string<E: de::Error>(self, text: String) -> Result<LocalText, E> {
        Ok(LocalText::from(text))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<LocalText, A::Error> {
        let mut map = BTreeMap::new();
        while let Some(lang) = access.next_key::<String>()? {
            if !is_language_code(&lang) {
                return Err(de::Error::custom(format!(
                    "\"{lang}\" is not a language code: use two or three lowercase letters, \
                     like \"en\" or \"es\""
                )));
            }
            let Piece(text) = access.next_value()?;
            if map.insert(lang.clone(), text).is_some() {
                return Err(de::Error::custom(format!("\"{lang}\" is given twice")));
            }
        }
        if map.is_empty() {
            return Err(de::Error::custom(
                "an object of language → text needs at least one language, like {\"en\": \"…\"}",
            ));
        }
        Ok(LocalText(map))
    }
}

/// The text in one language: a string and nothing else.
struct Piece(String);

impl<'de> Deserialize<'de> for Piece {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Piece, D::Error> {
        struct PieceVisitor;
        impl Visitor<'_> for PieceVisitor {
            type Value = Piece;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("the text in that language, as a string")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Piece, E> {
                Ok(Piece(text.to_string()))
            }
        }
        deserializer.deserialize_str(PieceVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> Result<LocalText, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    #[test]
    fn a_plain_string_is_the_text_in_every_language() {
        let t = parse(r#""Withdraw cash""#).unwrap();
        assert_eq!(t.get("en"), "Withdraw cash");
        assert_eq!(t.get("es"), "Withdraw cash");
        assert!(t.has("en") && !t.has("es"));
        assert_eq!(serde_json::to_string(&t).unwrap(), r#""Withdraw cash""#);
    }

    #[test]
    fn each_language_its_own_text_falling_back_to_english_then_any() {
        let t = parse(r#"{ "en": "Withdraw cash", "es": "Retirar efectivo" }"#).unwrap();
        assert_eq!(t.get("es"), "Retirar efectivo");
        assert_eq!(t.get("en"), "Withdraw cash");
        assert_eq!(t.get("fr"), "Withdraw cash", "no French: the English");
        assert_eq!(t.languages().collect::<Vec<_>>(), ["en", "es"]);
        let only_spanish = parse(r#"{ "es": "Retirar efectivo" }"#).unwrap();
        assert_eq!(only_spanish.get("en"), "Retirar efectivo");
        assert_eq!(only_spanish.get("fr"), "Retirar efectivo");
    }

    #[test]
    fn serializing_gives_back_what_parses_to_the_same_text() {
        for json in [
            r#""Hola""#,
            r#"{"en":"Hi","es":"Hola"}"#,
            r#"{"es":"Hola"}"#,
            r#""""#,
        ] {
            let t = parse(json).unwrap();
            let back = serde_json::to_string(&t).unwrap();
            assert_eq!(back, json);
            assert_eq!(parse(&back).unwrap(), t);
        }
        // `{"en": …}` alone is a plain string: the same text, written the short way.
        let en = parse(r#"{"en":"Hi"}"#).unwrap();
        assert_eq!(serde_json::to_string(&en).unwrap(), r#""Hi""#);
        assert_eq!(en, LocalText::from("Hi"));
    }

    #[test]
    fn bad_shapes_are_refused_saying_what_a_text_is() {
        let empty = parse("{}").unwrap_err();
        assert!(empty.contains("needs at least one language"), "{empty}");
        let number = parse(r#"{ "en": "Hi", "es": 5 }"#).unwrap_err();
        assert!(
            number.contains(
                "invalid type: integer `5`, expected the text in that language, as a string"
            ),
            "{number}"
        );
        let nested = parse(r#"{ "es": { "text": "Hola" } }"#).unwrap_err();
        assert!(
            nested.contains("expected the text in that language"),
            "{nested}"
        );
        for wrong in ["5", "true", r#"["Hi"]"#] {
            let e = parse(wrong).unwrap_err();
            assert!(
                e.contains("expected a text: a string, or an object"),
                "{wrong}: {e}"
            );
        }
        let long_name = parse(r#"{ "Spanish": "Hola" }"#).unwrap_err();
        assert!(
            long_name.contains("\"Spanish\" is not a language code"),
            "{long_name}"
        );
        let region = parse(r#"{ "es-MX": "Hola" }"#).unwrap_err();
        assert!(
            region.contains("\"es-MX\" is not a language code"),
            "{region}"
        );
        let twice = parse(r#"{ "es": "Hola", "es": "Buenas" }"#).unwrap_err();
        assert!(twice.contains("\"es\" is given twice"), "{twice}");
    }

    #[test]
    fn language_codes_are_two_or_three_lowercase_letters() {
        assert!(is_language_code("en") && is_language_code("es") && is_language_code("ast"));
        for bad in ["", "e", "EN", "engl", "e1", "es-MX", "es_ES"] {
            assert!(!is_language_code(bad), "{bad}");
        }
    }
}
