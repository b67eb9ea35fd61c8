//! What the machine says in talking mode (SPEC.md, "Access for everyone"): read from the same
//! [`Display`] the screen shows, so speech and screen cannot disagree. A typed PIN is heard as
//! "Digit entered", never as its digit. The UI words each part in the chosen language.

use super::{Atm, Display, Text};

/// What talking mode says as the machine goes from `before` to `after`, or `None` when nothing
/// a person would hear changed (the session countdown, a request going out).
pub fn speech(before: &Atm, after: &Atm) -> Option<Vec<Text>> {
    let (was, now) = (before.display(), after.display());
    let handed = handouts(before, after);
    if same_screen(&was, &now) && handed.is_empty() {
        return typed(&was, &now).map(|t| vec![t]);
    }
    let mut parts = screen(&now);
    parts.extend(handed);
    Some(parts)
}

/// The whole screen, as heard on arriving at it (and as `Repeat` says it again): the title,
/// the refusal, the lines, then every soft key with its side and position.
pub fn screen(d: &Display) -> Vec<Text> {
    let mut parts = vec![d.title.clone()];
    parts.extend(d.message.iter().cloned());
    parts.extend(d.lines.iter().cloned());
    parts.extend(d.soft.iter().enumerate().map(|(i, key)| Text::SoftKeyAt {
        right: i >= 4,
        n: i % 4 + 1,
        key: key.clone(),
    }));
    parts
}

fn same_screen(a: &Display, b: &Display) -> bool {
    a.title == b.title && a.message == b.message && a.lines == b.lines && a.soft == b.soft
}

/// A key typed on a screen that did not otherwise change.
fn typed(was: &Display, now: &Display) -> Option<Text> {
    let (Some(before), Some(after)) = (&was.entry, &now.entry) else {
        return None;
    };
    let count = |s: &str| {
        s.chars()
            .filter(|c| c.is_ascii_digit() || *c == '•')
            .count()
    };
    if count(after) == 0 && count(before) > 0 {
        return Some(Text::Cleared);
    }
    if count(after) <= count(before) {
        return None;
    }
    // A PIN shows only dots; anything else shows its digits.
    match after.chars().last() {
        Some('•') | None => Some(Text::DigitEntered),
        Some(digit) => Some(Text::Digit(digit)),
    }
}

/// What came out of the machine, or went back in, between the two states.
fn handouts(before: &Atm, after: &Atm) -> Vec<Text> {
    let mut said = Vec::new();
    if let (None, Some((amount, _))) = (&before.cash, &after.cash) {
        said.push(Text::CashOut(*amount));
    }
    if before.receipt.is_none() && after.receipt.is_some() {
        said.push(Text::ReceiptPrinted);
    }
    if !before.card_out && after.card_out {
        said.push(Text::CardComesOut);
    }
    said
}

/// Ends `text` with a full stop unless it already ends a sentence, so the parts of a speech
/// are heard as sentences.
pub fn sentence(text: &str) -> String {
    let text = text.trim();
    match text.chars().last() {
        Some('.' | '?' | '!' | '…' | ':') | None => text.to_string(),
        Some(_) => format!("{text}."),
    }
}
