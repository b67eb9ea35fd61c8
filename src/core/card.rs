//! Cards, card numbers and PINs. A card number is shown masked everywhere but the back office's
//! own card list, and a PIN exists in clear only for the instant it is typed and hashed.

use crate::account::AccountId;
use crate::ident::Text;
use crate::machine::MachineId;
use crate::session::SessionId;
use crate::time::Timestamp;
use crate::user::UserId;
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use std::fmt;
use subtle::ConstantTimeEq;

/// A card number: 13 to 19 digits. `Display` shows only the last four (`•••• 9012`); the full
/// number is reachable only through [`CardNumber::digits`], on purpose, so that logging a card
/// by accident logs the masked form.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CardNumber(Text);

/// Why a text is not a card number or a PIN.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CredentialError {
    CardNotDigits,
    CardLength,
    PinNotDigits,
    PinLength,
}

impl fmt::Display for CredentialError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CredentialError::CardNotDigits => "A card number is digits only",
            CredentialError::CardLength => "A card number has 13 to 19 digits",
            CredentialError::PinNotDigits => "A PIN is digits only",
            CredentialError::PinLength => "A PIN has 4 to 6 digits",
        })
    }
}

impl std::error::Error for CredentialError {}

impl CardNumber {
    pub fn parse(text: &str) -> Result<CardNumber, CredentialError> {
        let digits: Text = text.chars().filter(|c| *c != ' ' && *c != '-').collect();
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(CredentialError::CardNotDigits);
        }
        if !(13..=19).contains(&digits.len()) {
            return Err(CredentialError::CardLength);
        }
        Ok(CardNumber(digits))
    }

    /// The full number. Only the back office's card list and the store's key use this.
    pub fn digits(&self) -> &str {
        &self.0
    }

    pub fn last4(&self) -> &str {
        &self.0[self.0.len() - 4..]
    }

    pub fn masked(&self) -> MaskedCard {
        MaskedCard(self.last4().into())
    }

    /// Whether the number passes the Luhn check. Issued cards always do; scenario files may use
    /// any digits (the seed's test cards do not).
    pub fn luhn_valid(&self) -> bool {
        luhn_sum(self.0.as_bytes()).is_multiple_of(10)
    }

    /// A new Luhn-valid number from a prefix (the issuer) and body digits supplied by the
    /// caller (who owns randomness). `body` is truncated or zero-padded to make 16 digits.
    pub fn issue(prefix: &str, body: u64) -> CardNumber {
        let mut digits = String::with_capacity(16);
        digits.push_str(prefix);
        let body = format!("{body:015}");
        for ch in body.chars().rev() {
            if digits.len() == 15 {
                break;
            }
            digits.push(ch);
        }
        digits.truncate(15);
        // Choose the check digit that makes the whole number's Luhn sum a multiple of ten.
        let mut with_zero = digits.clone().into_bytes();
        with_zero.push(b'0');
        let check = (10 - luhn_sum(&with_zero) % 10) % 10;
        digits.push(char::from(b'0' + check as u8));
        CardNumber(digits.into())
    }
}

fn luhn_sum(digits: &[u8]) -> u32 {
    digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let dd = d * 2;
                if dd > 9 { dd - 9 } else { dd }
            } else {
                d
            }
        })
        .sum()
}

impl TryFrom<String> for CardNumber {
    type Error = CredentialError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        CardNumber::parse(&s)
    }
}

impl From<CardNumber> for String {
    fn from(c: CardNumber) -> String {
        c.0.into()
    }
}

impl fmt::Display for CardNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.masked().fmt(f)
    }
}

impl fmt::Debug for CardNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CardNumber({})", self.masked())
    }
}

/// The last four digits of a card: all that journals, events and messages ever carry.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct MaskedCard(Text);

impl MaskedCard {
    pub fn last4(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for MaskedCard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "•••• {}", self.0)
    }
}

/// A PIN as typed: 4 to 6 digits. It has no `Display` and no `Serialize`, and its `Debug`
/// hides the digits, so it cannot leak into a log, an event or a stored record.
#[derive(Clone, PartialEq, Eq)]
pub struct Pin(String);

impl Pin {
    /// How many digits a PIN has; the keypad stops taking digits at the last.
    pub const DIGITS: std::ops::RangeInclusive<usize> = 4..=6;

    pub fn parse(text: &str) -> Result<Pin, CredentialError> {
        if !text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(CredentialError::PinNotDigits);
        }
        if !Pin::DIGITS.contains(&text.len()) {
            return Err(CredentialError::PinLength);
        }
        Ok(Pin(text.to_string()))
    }
}

impl fmt::Debug for Pin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Pin(••••)")
    }
}

/// PBKDF2-HMAC-SHA256 iterations for new PIN hashes. A PIN has at most a million values, so no
/// stretching makes a stolen hash safe on its own; stretching makes each guess cost, and the
/// salt stops one table from serving every card. The count is stored with each hash, so it can
/// be raised later without invalidating existing cards. 10,000 keeps a login in the browser
/// (wasm, no SubtleCrypto inside an IndexedDB transaction) to a few milliseconds.
pub const PIN_HASH_ITERATIONS: u32 = 10_000;

/// A salted, stretched PIN hash. This and nothing else about a PIN is ever stored.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PinHash {
    #[serde(with = "hex_bytes")]
    salt: [u8; 16],
    #[serde(with = "hex_bytes")]
    hash: [u8; 32],
    iterations: u32,
}

impl PinHash {
    /// Hashes `pin` with a salt the caller draws (the core owns no randomness).
    pub fn new(pin: &Pin, salt: [u8; 16]) -> PinHash {
        PinHash::with_iterations(pin, salt, PIN_HASH_ITERATIONS)
    }

    pub fn with_iterations(pin: &Pin, salt: [u8; 16], iterations: u32) -> PinHash {
        let iterations = iterations.max(1);
        PinHash {
            salt,
            hash: derive(pin, &salt, iterations),
            iterations,
        }
    }

    /// Compares in constant time, so the time taken says nothing about how close a guess was.
    pub fn verify(&self, pin: &Pin) -> bool {
        derive(pin, &self.salt, self.iterations)
            .ct_eq(&self.hash)
            .into()
    }
}

fn derive(pin: &Pin, salt: &[u8; 16], iterations: u32) -> [u8; 32] {
    let mut out = [0u8; 32];
    pbkdf2::pbkdf2_hmac::<Sha256>(pin.0.as_bytes(), salt, iterations, &mut out);
    out
}

impl fmt::Debug for PinHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PinHash(pbkdf2-sha256, {} iterations)", self.iterations)
    }
}

/// Fixed-size byte arrays as lowercase hex strings in JSON.
pub(crate) mod hex_bytes {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn to_hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    pub fn from_hex<const N: usize>(text: &str) -> Option<[u8; N]> {
        if text.len() != N * 2 || !text.is_ascii() {
            return None;
        }
        let mut out = [0u8; N];
        for (i, slot) in out.iter_mut().enumerate() {
            *slot = u8::from_str_radix(&text[i * 2..i * 2 + 2], 16).ok()?;
        }
        Some(out)
    }

    pub fn serialize<S: Serializer, const N: usize>(
        bytes: &[u8; N],
        s: S,
    ) -> Result<S::Ok, S::Error> {
        s.serialize_str(&to_hex(bytes))
    }

    pub fn deserialize<'de, D: Deserializer<'de>, const N: usize>(
        d: D,
    ) -> Result<[u8; N], D::Error> {
        let text = String::deserialize(d)?;
        from_hex(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("expected {} hex digits", N * 2)))
    }
}

crate::ident::text_id!(
    /// An opaque, stable reference to a card that is not its number, so that sessions, journals and
    /// other stores can point at a card without holding the number in clear.
    CardId
);

/// What the bank has decided about a card. A block carries its end, so it lifts by itself: the
/// seed note's blocked cards stayed blocked forever.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum CardStatus {
    Active,
    Blocked { until: Timestamp },
    Stolen,
    Expired,
}

/// Which ATM a card is in right now. A card is in one machine at a time; the hold lapses when
/// the session it belongs to would have timed out, so a closed tab never keeps a card forever.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardHold {
    pub machine: MachineId,
    pub session: SessionId,
    pub until: Timestamp,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Card {
    pub number: CardNumber,
    pub id: CardId,
    pub user: UserId,
    /// The accounts this card reaches; the first is the primary one.
    pub accounts: Vec<AccountId>,
    pub pin: PinHash,
    pub status: CardStatus,
    /// Consecutive wrong PINs since the last correct one or the last block.
    pub failed_attempts: u32,
    #[serde(default)]
    pub expires: Option<Timestamp>,
    #[serde(default)]
    pub hold: Option<CardHold>,
    /// The machine that kept the card (a card reader jam) until the bank returns it. A
    /// retained card is in no one's wallet, so it cannot be inserted anywhere.
    #[serde(default)]
    pub retained: Option<MachineId>,
    /// The bank that issued the card; `None` is this bank ([`crate::machine::OWN_BANK`]). A
    /// machine run by another operator may charge such a card its surcharge.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer: Option<Text>,
}

impl Card {
    pub fn primary_account(&self) -> &AccountId {
        // A card is built with at least one account (checked by every constructor), so the
        // first entry exists.
        &self.accounts[0]
    }

    /// The status as it stands at `now`: a block that has ended reads as active, a passed
    /// expiry date as expired.
    pub fn status_at(&self, now: Timestamp) -> CardStatus {
        match self.status {
            CardStatus::Blocked { until } if until <= now => CardStatus::Active,
            CardStatus::Active if self.expires.is_some_and(|e| e <= now) => CardStatus::Expired,
            other => other,
        }
    }

    /// Failed attempts as they stand at `now`: a block that has ended starts the count afresh.
    pub fn failed_attempts_at(&self, now: Timestamp) -> u32 {
        match self.status {
            CardStatus::Blocked { until } if until <= now => 0,
            _ => self.failed_attempts,
        }
    }

    /// The hold, if it is still in force at `now`.
    pub fn live_hold(&self, now: Timestamp) -> Option<&CardHold> {
        self.hold.as_ref().filter(|h| h.until > now)
    }

    /// Brings a lapsed block or hold up to date, so what is written reflects `now`.
    pub fn settle(&mut self, now: Timestamp) {
        if let CardStatus::Blocked { until } = self.status
            && until <= now
        {
            self.status = CardStatus::Active;
            self.failed_attempts = 0;
        }
        if self.hold.as_ref().is_some_and(|h| h.until <= now) {
            self.hold = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pin(s: &str) -> Pin {
        Pin::parse(s).unwrap()
    }

    #[test]
    fn card_numbers_are_13_to_19_digits() {
        assert!(CardNumber::parse("4532123456789012").is_ok());
        assert!(CardNumber::parse("4532 1234 5678 9012").is_ok());
        assert!(CardNumber::parse("1234567890123").is_ok());
        assert!(CardNumber::parse("1234567890123456789").is_ok());
        assert_eq!(
            CardNumber::parse("123456789012"),
            Err(CredentialError::CardLength)
        );
        assert_eq!(
            CardNumber::parse("12345678901234567890"),
            Err(CredentialError::CardLength)
        );
        assert_eq!(
            CardNumber::parse("4532x23456789012"),
            Err(CredentialError::CardNotDigits)
        );
        assert_eq!(CardNumber::parse(""), Err(CredentialError::CardLength));
    }

    #[test]
    fn display_and_debug_are_masked() {
        let c = CardNumber::parse("4532123456789012").unwrap();
        assert_eq!(c.to_string(), "•••• 9012");
        assert_eq!(format!("{c:?}"), "CardNumber(•••• 9012)");
        assert!(!format!("{c:?}").contains("453212"));
        assert_eq!(c.last4(), "9012");
    }

    #[test]
    fn issued_numbers_pass_luhn() {
        for body in [0u64, 1, 42, 123_456_789, u64::MAX] {
            let n = CardNumber::issue("4", body);
            assert_eq!(n.digits().len(), 16);
            assert!(n.luhn_valid(), "{}", n.digits());
        }
        assert!(CardNumber::parse("4532015112830366").unwrap().luhn_valid());
        assert!(!CardNumber::parse("4532015112830367").unwrap().luhn_valid());
    }

    #[test]
    fn pins_are_4_to_6_digits() {
        assert!(Pin::parse("1234").is_ok());
        assert!(Pin::parse("123456").is_ok());
        assert_eq!(Pin::parse("123"), Err(CredentialError::PinLength));
        assert_eq!(Pin::parse("1234567"), Err(CredentialError::PinLength));
        assert_eq!(Pin::parse("12a4"), Err(CredentialError::PinNotDigits));
        assert_eq!(Pin::parse(""), Err(CredentialError::PinLength));
        assert_eq!(format!("{:?}", pin("1234")), "Pin(••••)");
    }

    #[test]
    fn pin_hash_verifies_and_hides_the_pin() {
        let h = PinHash::with_iterations(&pin("1234"), [7; 16], 100);
        assert!(h.verify(&pin("1234")));
        assert!(!h.verify(&pin("1235")));
        assert!(!h.verify(&pin("12345")));
        let json = serde_json::to_string(&h).unwrap();
        assert!(!json.contains("1234\""), "{json}");
        let back: PinHash = serde_json::from_str(&json).unwrap();
        assert!(back.verify(&pin("1234")));
        // Same PIN, other salt: other hash.
        assert_ne!(h, PinHash::with_iterations(&pin("1234"), [8; 16], 100));
    }

    #[test]
    fn block_lifts_by_itself() {
        let until = Timestamp::from_millis(1_800_000);
        let card = Card {
            number: CardNumber::parse("4532444444444444").unwrap(),
            id: CardId("C1".into()),
            user: UserId("U1".into()),
            accounts: vec![AccountId("A1".into())],
            pin: PinHash::with_iterations(&pin("2222"), [1; 16], 1),
            status: CardStatus::Blocked { until },
            failed_attempts: 3,
            expires: None,
            hold: None,
            retained: None,
            issuer: None,
        };
        let just_before = Timestamp::from_millis(1_799_999);
        assert_eq!(card.status_at(just_before), CardStatus::Blocked { until });
        assert_eq!(card.failed_attempts_at(just_before), 3);
        assert_eq!(card.status_at(until), CardStatus::Active);
        assert_eq!(card.failed_attempts_at(until), 0);
        let mut settled = card.clone();
        settled.settle(until);
        assert_eq!(
            (settled.status, settled.failed_attempts),
            (CardStatus::Active, 0)
        );
    }
}
