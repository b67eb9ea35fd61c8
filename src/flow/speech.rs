//! What the machine says in talking mode (SPEC.md, "Access for everyone"): read from the same
//! [`Display`] the screen shows, so speech and screen cannot disagree. A typed PIN is heard as
//! "Digit entered", never as its digit.

use super::{Atm, Display};

/// What talking mode says as the machine goes from `before` to `after`, or `None` when nothing
/// a person would hear changed (the session countdown, a request going out).
pub fn speech(before: &Atm, after: &Atm) -> Option<String> {
    let (was, now) = (before.display(), after.display());
    let handed = handouts(before, after);
    if same_screen(&was, &now) && handed.is_empty() {
        return typed(&was, &now);
    }
    let mut parts = vec![screen(&now)];
    parts.extend(handed);
    Some(parts.join(" "))
}

/// The whole screen, as heard on arriving at it (and as `Repeat` says it again): the title,
/// the refusal, the lines, then every soft key with its side and position.
pub fn screen(d: &Display) -> String {
    let mut parts = vec![sentence(&d.title)];
    parts.extend(d.message.iter().map(|m| sentence(m)));
    parts.extend(d.lines.iter().map(|l| sentence(l)));
    parts.extend(d.soft.iter().enumerate().map(|(i, (label, _))| {
        let side = if i < 4 { "Left" } else { "Right" };
        format!("{side} {}: {label}.", i % 4 + 1)
    }));
    parts.join(" ")
}

fn same_screen(a: &Display, b: &Display) -> bool {
    a.title == b.title && a.message == b.message && a.lines == b.lines && a.soft == b.soft
}

/// A key typed on a screen that did not otherwise change.
fn typed(was: &Display, now: &Display) -> Option<String> {
    let (Some(before), Some(after)) = (&was.entry, &now.entry) else {
        return None;
    };
    let count = |s: &str| {
        s.chars()
            .filter(|c| c.is_ascii_digit() || *c == '•')
            .count()
    };
    if count(after) == 0 && count(before) > 0 {
        return Some("Cleared.".into());
    }
    if count(after) <= count(before) {
        return None;
    }
    // A PIN shows only dots; anything else shows its digits.
    match after.chars().last() {
        Some('•') | None => Some("Digit entered.".into()),
        Some(digit) => Some(format!("{digit}.")),
    }
}

/// What came out of the machine, or went back in, between the two states.
fn handouts(before: &Atm, after: &Atm) -> Vec<String> {
    let mut said = Vec::new();
    if let (None, Some((amount, _))) = (&before.cash, &after.cash) {
        said.push(format!("The machine hands out {amount} in cash."));
    }
    if before.receipt.is_none() && after.receipt.is_some() {
        said.push("A receipt is printed.".into());
    }
    if !before.card_out && after.card_out {
        said.push("Your card comes out of the slot.".into());
    }
    said
}

/// Ends `text` with a full stop unless it already ends a sentence.
fn sentence(text: &str) -> String {
    let text = text.trim();
    match text.chars().last() {
        Some('.' | '?' | '!' | '…' | ':') | None => text.to_string(),
        Some(_) => format!("{text}."),
    }
}
