//! Scenario files (UI-CONTRACT.md): a JSON document, written by hand by trainers, that sets up a
//! bank. Amounts are decimal strings in dollars. A bad file is refused whole, with a message
//! that names the field (`users[0].cards[1].pin: A PIN has 4 to 6 digits`).

use crate::account::{Account, AccountId, AccountKind};
use crate::backoffice::check_id;
use crate::card::{Card, CardId, CardNumber, CardStatus, Pin, PinHash};
use crate::demo_pins::{KnownPin, known_pins};
use crate::error::AtmError;
use crate::goals::Goal;
use crate::journal::{JournalDraft, Operation, Outcome};
use crate::machine::{Machine, MachineId, Notes};
use crate::money::Money;
use crate::ops::Entropy;
use crate::settings::Settings;
use crate::snapshot::{BankSnapshot, SNAPSHOT_FORMAT};
use crate::time::{Timestamp, UtcOffset};
use crate::transaction::{TxnFactory, TxnKind};
use crate::user::{DailyTotal, User, UserId};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The built-in demo bank: the seed note's five customers and machines, corrected, plus one
/// customer with two accounts to show transfers.
pub const DEMO_BANK_JSON: &str = include_str!("demo_bank.json");

/// An amount as trainers write it: `"1500.00"` (preferred) or a whole number `1500`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum RawAmount {
    Text(String),
    Number(serde_json::Number),
}

impl RawAmount {
    fn parse(&self, field: &str) -> Result<Money, AtmError> {
        let text = match self {
            RawAmount::Text(t) => t.clone(),
            RawAmount::Number(n) if n.is_u64() => n.to_string(),
            RawAmount::Number(_) => {
                return Err(invalid(
                    field,
                    "write amounts as strings of dollars, like \"1500.00\"",
                ));
            }
        };
        Money::parse(&text).map_err(|e| invalid(field, e.to_string()))
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ScenarioSettings {
    pub per_transaction_limit: Option<RawAmount>,
    pub daily_limit: Option<RawAmount>,
    pub session_timeout_secs: Option<u32>,
    pub more_time_prompt_secs: Option<u32>,
    pub max_pin_attempts: Option<u32>,
    pub block_secs: Option<u32>,
    pub low_cash_threshold: Option<RawAmount>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScenarioAccount {
    pub id: String,
    #[serde(default)]
    pub kind: Option<String>,
    pub balance: RawAmount,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScenarioCard {
    pub number: String,
    pub pin: String,
    /// Defaults to all the user's accounts.
    #[serde(default)]
    pub accounts: Option<Vec<String>>,
    /// `active` (default), `stolen` or `expired`.
    #[serde(default)]
    pub status: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScenarioUser {
    pub id: String,
    pub name: String,
    pub accounts: Vec<ScenarioAccount>,
    #[serde(default)]
    pub cards: Vec<ScenarioCard>,
    #[serde(default)]
    pub withdrawn_today: Option<RawAmount>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScenarioMachine {
    pub id: String,
    pub location: String,
    /// Note value in dollars → count. Defaults to 250 × $20 and 100 × $50.
    #[serde(default)]
    pub notes: Option<BTreeMap<String, u32>>,
    #[serde(default)]
    pub in_service: Option<bool>,
}

/// A scenario file as written.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Scenario {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    /// RFC 3339 with offset; sets the training clock and the bank's local zone.
    #[serde(default)]
    pub clock: Option<String>,
    #[serde(default)]
    pub settings: Option<ScenarioSettings>,
    pub users: Vec<ScenarioUser>,
    pub machines: Vec<ScenarioMachine>,
    /// Guidance shown to the learner, one step a line.
    #[serde(default)]
    pub hints: Vec<String>,
    /// What the learner must do; the app detects completion.
    #[serde(default)]
    pub goals: Vec<Goal>,
    /// PIN hashes computed ahead of time (the built-in demo's, see `demo_pins`), which
    /// [`Scenario::build`] uses for a card with that number and PIN instead of running PBKDF2.
    /// Never read from a file: a trainer's scenario always has its PINs hashed afresh.
    #[serde(skip)]
    pub known_pins: Vec<KnownPin>,
}

/// A scenario turned into a bank.
#[derive(Clone, Debug)]
pub struct Built {
    pub snapshot: BankSnapshot,
    /// What the training clock should show.
    pub clock: Timestamp,
}

fn invalid(field: &str, reason: impl Into<String>) -> AtmError {
    AtmError::Invalid {
        field: field.to_string(),
        reason: reason.into(),
    }
}

impl Scenario {
    /// Parses a scenario file. Syntax errors name the line and column; everything else is
    /// checked by [`Scenario::build`].
    pub fn from_json(text: &str) -> Result<Scenario, AtmError> {
        serde_json::from_str(text).map_err(|e| {
            let at = format!("line {} column {}", e.line(), e.column());
            invalid(&at, e.to_string())
        })
    }

    pub fn demo() -> Scenario {
        // The demo bank is a constant of this crate and is parsed in a test.
        let mut demo = Scenario::from_json(DEMO_BANK_JSON)
            .unwrap_or_else(|e| panic!("built-in demo bank is invalid: {e}"));
        demo.known_pins = known_pins(&demo);
        demo
    }

    /// The settings the file asks for, on top of the defaults.
    fn settings(&self, local_offset: UtcOffset) -> Result<Settings, AtmError> {
        let mut s = Settings {
            utc_offset: local_offset,
            ..Settings::default()
        };
        if let Some(raw) = &self.settings {
            if let Some(a) = &raw.per_transaction_limit {
                s.per_transaction_limit = a.parse("settings.per_transaction_limit")?;
            }
            if let Some(a) = &raw.daily_limit {
                s.daily_limit = a.parse("settings.daily_limit")?;
            }
            if let Some(a) = &raw.low_cash_threshold {
                s.low_cash_threshold = a.parse("settings.low_cash_threshold")?;
            }
            s.session_timeout_secs = raw.session_timeout_secs.unwrap_or(s.session_timeout_secs);
            s.more_time_prompt_secs = raw.more_time_prompt_secs.unwrap_or(s.more_time_prompt_secs);
            s.max_pin_attempts = raw.max_pin_attempts.unwrap_or(s.max_pin_attempts);
            s.block_secs = raw.block_secs.unwrap_or(s.block_secs);
        }
        s.validate()
            .map_err(|e| invalid(&format!("settings.{}", e.field), e.reason))?;
        Ok(s)
    }

    /// Validates everything and builds the bank. `now` and `local_offset` are used when the file
    /// sets no clock; `entropy` salts the PIN hashes and names the cards.
    pub fn build(
        &self,
        now: Timestamp,
        local_offset: UtcOffset,
        entropy: &dyn Entropy,
    ) -> Result<Built, AtmError> {
        let (clock, offset) = match &self.clock {
            Some(text) => Timestamp::parse_rfc3339(text).ok_or_else(|| {
                invalid(
                    "clock",
                    "use RFC 3339 with an offset, like 2026-11-24T09:00:00-05:00",
                )
            })?,
            None => (now, local_offset),
        };
        let settings = self.settings(offset)?;
        if self.users.is_empty() {
            return Err(invalid("users", "a scenario needs at least one user"));
        }
        if self.machines.is_empty() {
            return Err(invalid("machines", "a scenario needs at least one machine"));
        }
        let mut snapshot = BankSnapshot {
            format: SNAPSHOT_FORMAT,
            settings: settings.clone(),
            ..BankSnapshot::default()
        };
        let mut next_txn = 1;
        for (ui, u) in self.users.iter().enumerate() {
            let at = |rest: &str| format!("users[{ui}].{rest}");
            check_id(&at("id"), &u.id)?;
            if u.name.trim().is_empty() || u.name.chars().count() > 80 {
                return Err(invalid(&at("name"), "must be 1 to 80 characters"));
            }
            if u.accounts.is_empty() {
                return Err(invalid(
                    &at("accounts"),
                    "a user needs at least one account",
                ));
            }
            let user_id = UserId::from(u.id.as_str());
            let mut user = User {
                id: user_id.clone(),
                name: u.name.trim().into(),
                accounts: Vec::new(),
                cards: Vec::new(),
                daily: DailyTotal::default(),
            };
            for (ai, a) in u.accounts.iter().enumerate() {
                let field = |rest: &str| at(&format!("accounts[{ai}].{rest}"));
                check_id(&field("id"), &a.id)?;
                let kind = match a.kind.as_deref() {
                    None | Some("checking") => AccountKind::Checking,
                    Some("savings") => AccountKind::Savings,
                    Some(_) => {
                        return Err(invalid(&field("kind"), "is \"checking\" or \"savings\""));
                    }
                };
                let balance = a.balance.parse(&field("balance"))?;
                let account = Account {
                    id: AccountId::from(a.id.as_str()),
                    user: user_id.clone(),
                    kind,
                    balance,
                };
                if balance.is_positive() {
                    let mut txns = TxnFactory::new(next_txn, clock, None, None);
                    txns.record(TxnKind::Opening, &account, balance);
                    next_txn += 1;
                    snapshot.transactions.extend(txns.finish());
                }
                user.accounts.push(account.id.clone());
                snapshot.accounts.push(account);
            }
            for (ci, c) in u.cards.iter().enumerate() {
                let field = |rest: &str| at(&format!("cards[{ci}].{rest}"));
                let number = CardNumber::parse(&c.number)
                    .map_err(|e| invalid(&field("number"), e.to_string()))?;
                let pin = Pin::parse(&c.pin).map_err(|e| invalid(&field("pin"), e.to_string()))?;
                let accounts: Vec<AccountId> = match &c.accounts {
                    Some(list) => list.iter().map(|a| AccountId::from(a.as_str())).collect(),
                    None => user.accounts.clone(),
                };
                if accounts.is_empty() {
                    return Err(invalid(
                        &field("accounts"),
                        "a card needs at least one account",
                    ));
                }
                if let Some(a) = accounts.iter().find(|a| !user.accounts.contains(a)) {
                    return Err(invalid(
                        &field("accounts"),
                        format!("{a} is not an account of {}", u.id),
                    ));
                }
                let status = match c.status.as_deref() {
                    None | Some("active") => CardStatus::Active,
                    Some("stolen") => CardStatus::Stolen,
                    Some("expired") => CardStatus::Expired,
                    Some(_) => {
                        return Err(invalid(
                            &field("status"),
                            "is \"active\", \"stolen\" or \"expired\"",
                        ));
                    }
                };
                let known = self
                    .known_pins
                    .iter()
                    .find(|k| k.number == number && k.pin == pin);
                let pin = match known {
                    Some(k) => k.hash.clone(),
                    None => {
                        let mut salt = [0u8; 16];
                        entropy.fill(&mut salt);
                        PinHash::new(&pin, salt)
                    }
                };
                let mut id_bytes = [0u8; 6];
                entropy.fill(&mut id_bytes);
                let id = CardId::from(format!(
                    "C{}",
                    id_bytes
                        .iter()
                        .map(|b| format!("{b:02x}"))
                        .collect::<String>()
                ));
                user.cards.push(id.clone());
                snapshot.cards.push(Card {
                    number,
                    id,
                    user: user_id.clone(),
                    accounts,
                    pin,
                    status,
                    failed_attempts: 0,
                    expires: None,
                    hold: None,
                });
            }
            if let Some(w) = &u.withdrawn_today {
                let withdrawn = w.parse(&at("withdrawn_today"))?;
                user.daily = DailyTotal {
                    day: clock.local_day(offset),
                    withdrawn,
                };
            }
            snapshot.users.push(user);
        }
        for (mi, m) in self.machines.iter().enumerate() {
            let at = |rest: &str| format!("machines[{mi}].{rest}");
            check_id(&at("id"), &m.id)?;
            if m.location.trim().is_empty() {
                return Err(invalid(&at("location"), "must not be empty"));
            }
            let notes = match &m.notes {
                None => Notes::standard(),
                Some(raw) => {
                    let mut notes = BTreeMap::new();
                    for (value, count) in raw {
                        let v: u32 = value
                            .parse()
                            .ok()
                            .filter(|v| matches!(v, 1 | 2 | 5 | 10 | 20 | 50 | 100))
                            .ok_or_else(|| {
                                invalid(
                                    &at(&format!("notes.{value}")),
                                    "note values are 1, 2, 5, 10, 20, 50 or 100 dollars",
                                )
                            })?;
                        if *count > 100_000 {
                            return Err(invalid(
                                &at(&format!("notes.{value}")),
                                "at most 100,000 notes of a kind",
                            ));
                        }
                        notes.insert(v, *count);
                    }
                    if notes.is_empty() {
                        return Err(invalid(
                            &at("notes"),
                            "a machine needs at least one kind of note",
                        ));
                    }
                    Notes(notes)
                }
            };
            snapshot.machines.push(Machine {
                id: MachineId::from(m.id.as_str()),
                location: m.location.trim().to_string(),
                notes,
                in_service: m.in_service.unwrap_or(true),
            });
        }
        snapshot.next_txn_id = next_txn;
        snapshot.journal.push(
            JournalDraft {
                at: clock,
                machine: None,
                card: None,
                operation: Operation::LoadBank,
                outcome: Outcome::Ok,
            }
            .with_seq(1),
        );
        snapshot.validate()?;
        snapshot.sort();
        Ok(Built { snapshot, clock })
    }
}

/// One of the seed note's five demos, as a guided scenario over the demo bank.
#[derive(Clone, Copy, Debug)]
pub struct SeedDemo {
    pub number: u8,
    pub title: &'static str,
    /// What it teaches, in one line.
    pub description: &'static str,
    pub user: &'static str,
    pub card_last4: &'static str,
    pub machine: &'static str,
    pub hints: &'static [&'static str],
}

pub const SEED_DEMOS: [SeedDemo; 5] = [
    SeedDemo {
        number: 1,
        title: "Log in and check the balance",
        description: "John Doe signs in at Main Street and sees $1,500.00: the happy path.",
        user: "U001",
        card_last4: "9012",
        machine: "ATM001",
        hints: &[
            "Insert the card ending 9012.",
            "Type PIN 1234 and press Enter.",
            "Choose Balance: it shows $1,500.00.",
        ],
    },
    SeedDemo {
        number: 2,
        title: "Withdraw cash",
        description: "Jane Smith takes $300 Downtown: balance, machine cash and a notification all move together.",
        user: "U002",
        card_last4: "1111",
        machine: "ATM002",
        hints: &[
            "Insert the card ending 1111 and type PIN 5678.",
            "Choose Withdraw, then type 300 and press Enter.",
            "Take the cash: the balance is $1,200.00, the machine holds $9,700.00, and the phone buzzes.",
        ],
    },
    SeedDemo {
        number: 3,
        title: "Insufficient funds",
        description: "Bob Johnson asks for $500 with $200 in the bank: within the limit, refused by the balance.",
        user: "U003",
        card_last4: "2222",
        machine: "ATM003",
        hints: &[
            "Insert the card ending 2222 and type PIN 9999.",
            "Withdraw 500: the ATM says \"Insufficient funds\".",
            "Check the balance: still $200.00.",
        ],
    },
    SeedDemo {
        number: 4,
        title: "Daily limit",
        description: "Alice Brown has taken $1,800 today; $300 more would pass the $2,000 daily limit.",
        user: "U004",
        card_last4: "3333",
        machine: "ATM004",
        hints: &[
            "Insert the card ending 3333 and type PIN 1111.",
            "Withdraw 300: \"Daily limit exceeded. Remaining: $200.00\".",
            "Withdraw 200 instead: it works. After midnight the limit resets.",
        ],
    },
    SeedDemo {
        number: 5,
        title: "Card blocking",
        description: "Three wrong PINs block Charlie Davis's card for 30 minutes; even the right PIN is refused until then.",
        user: "U005",
        card_last4: "4444",
        machine: "ATM005",
        hints: &[
            "Insert the card ending 4444 and type 9999, then 3333, then 4444.",
            "The card is blocked and ejected. Insert it again: \"Card blocked. Try again after HH:MM\".",
            "Advance the training clock 30 minutes: PIN 2222 now works.",
        ],
    },
];

impl Scenario {
    /// Seed demo `n` (1 to 5) as a scenario: its customer and machine from the demo bank,
    /// with its hints.
    pub fn seed_demo(n: u8) -> Option<Scenario> {
        let demo = SEED_DEMOS.iter().find(|d| d.number == n)?;
        let mut s = Scenario::demo();
        s.users.retain(|u| u.id == demo.user);
        s.machines.retain(|m| m.id == demo.machine);
        s.name = Some(format!("Scenario {n}: {}", demo.title));
        s.description = Some(demo.description.to_string());
        s.hints = demo.hints.iter().map(|h| h.to_string()).collect();
        Some(s)
    }
}
