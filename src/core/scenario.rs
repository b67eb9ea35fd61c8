//! Scenario files (UI-CONTRACT.md): a JSON document, written by hand by trainers, that sets up a
//! bank. Amounts are decimal strings in dollars. A bad file is refused whole, with a message
//! that names the field (`users[0].cards[1].pin: A PIN has 4 to 6 digits`).

use crate::account::{Account, AccountId, AccountKind};
use crate::backoffice::check_id;
use crate::card::{Card, CardId, CardNumber, CardStatus, Pin, PinHash};
use crate::demo_pins::{KnownPin, known_pins};
use crate::error::AtmError;
use crate::goals::Goal;
use crate::ident::Text;
use crate::journal::{JournalDraft, Operation, Outcome};
use crate::machine::{Device, Devices, Fault, FaultKind, Machine, MachineId, Notes, OWN_BANK};
use crate::money::Money;
use crate::ops::Entropy;
use crate::settings::Settings;
use crate::snapshot::{BankSnapshot, SNAPSHOT_FORMAT};
use crate::text::{ENGLISH, LocalText};
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
    pub retain_on_block: Option<bool>,
    pub fee_counts_toward_daily_limit: Option<bool>,
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
    /// The bank that issued the card; absent is this bank ([`OWN_BANK`]).
    #[serde(default)]
    pub issuer: Option<String>,
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
    /// Receipts in the printer; absent is unlimited.
    #[serde(default)]
    pub receipt_paper: Option<u32>,
    /// Who runs the machine; absent is this bank ([`OWN_BANK`]).
    #[serde(default)]
    pub operator: Option<String>,
    /// What the operator charges other banks' cards per withdrawal; absent is none.
    #[serde(default)]
    pub surcharge: Option<RawAmount>,
    /// A skimmer fitted over the card slot, for the learner to spot and report.
    #[serde(default)]
    pub skimmer: Option<bool>,
}

/// A device fault in place when the scenario starts, as trainers write it:
/// `{ "machine": "ATM009", "device": "dispenser", "kind": "jam", "times": 1 }`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScenarioFault {
    pub machine: String,
    pub device: Device,
    pub kind: FaultKind,
    /// For the next this many uses of the device; absent is until cleared.
    #[serde(default)]
    pub times: Option<u32>,
}

/// A scenario file as written. Its texts for the learner (`name`, `description`, `hints`, a
/// `see_message` goal's message) are each a string or an object of language → text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Scenario {
    /// The language the app switches to when the scenario is loaded (`"en"`, `"es"`).
    #[serde(default)]
    pub lang: Option<String>,
    #[serde(default)]
    pub name: Option<LocalText>,
    #[serde(default)]
    pub description: Option<LocalText>,
    /// RFC 3339 with offset; sets the training clock and the bank's local zone.
    #[serde(default)]
    pub clock: Option<String>,
    #[serde(default)]
    pub settings: Option<ScenarioSettings>,
    pub users: Vec<ScenarioUser>,
    pub machines: Vec<ScenarioMachine>,
    /// Guidance shown to the learner, one step a line.
    #[serde(default)]
    pub hints: Vec<LocalText>,
    /// What the learner must do; the app detects completion.
    #[serde(default)]
    pub goals: Vec<Goal>,
    /// Device faults in place from the start (a fault drill).
    #[serde(default)]
    pub faults: Vec<ScenarioFault>,
    /// Whether the wallet shows each card's PIN on a sticky note (for a visitor who should
    /// need no instructions).
    #[serde(default)]
    pub show_pins: bool,
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

/// Parses a file a trainer writes (a scenario, a run): a value of the wrong shape names its
/// field (`hints[1].es: …`), broken JSON its line and column.
pub fn parse_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, AtmError> {
    let at_line = |e: serde_json::Error| {
        let at = format!("line {} column {}", e.line(), e.column());
        invalid(&at, e.to_string())
    };
    let mut json = serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize(&mut json).map_err(|e| {
        let field = e.path().to_string();
        let e = e.into_inner();
        if e.is_data() && field != "." {
            invalid(&field, e.to_string())
        } else {
            at_line(e)
        }
    })?;
    json.end().map_err(at_line)?;
    Ok(value)
}

/// The largest surcharge a scenario may set: real ones are a few dollars.
const MAX_SURCHARGE: Money = Money::from_dollars(100);

/// An issuer or operator as written: absent or this bank's own name is `None` (this bank),
/// anything else a name of 1 to 80 characters.
fn bank_name(field: &str, name: Option<&str>) -> Result<Option<Text>, AtmError> {
    match name.map(str::trim) {
        None => Ok(None),
        Some(OWN_BANK) => Ok(None),
        Some(n) if n.is_empty() || n.chars().count() > 80 => {
            Err(invalid(field, "must be 1 to 80 characters"))
        }
        Some(n) => Ok(Some(n.into())),
    }
}

fn invalid(field: &str, reason: impl Into<String>) -> AtmError {
    AtmError::Invalid {
        field: field.to_string(),
        reason: reason.into(),
    }
}

impl Scenario {
    /// Parses a scenario file. A value of the wrong shape names its field (`hints[1].es: …`),
    /// broken JSON its line and column; everything else is checked by [`Scenario::build`].
    pub fn from_json(text: &str) -> Result<Scenario, AtmError> {
        parse_json(text)
    }

    /// The language the scenario asks for (`lang`), if any, when it is one of `known` (the
    /// app's languages: the core does not keep a list of its own).
    pub fn language(&self, known: &[&str]) -> Result<Option<&str>, AtmError> {
        match self.lang.as_deref() {
            None => Ok(None),
            Some(lang) if known.contains(&lang) => Ok(Some(lang)),
            Some(lang) => Err(invalid(
                "lang",
                format!(
                    "\"{lang}\" is not a language of this app; use one of {}",
                    known
                        .iter()
                        .map(|k| format!("\"{k}\""))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )),
        }
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
            s.retain_on_block = raw.retain_on_block.unwrap_or(s.retain_on_block);
            s.fee_counts_toward_daily_limit = raw
                .fee_counts_toward_daily_limit
                .unwrap_or(s.fee_counts_toward_daily_limit);
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
        for (gi, goal) in self.goals.iter().enumerate() {
            if let Goal::SeeMessage { message } = goal
                && !message.has(ENGLISH)
            {
                return Err(invalid(
                    &format!("goals[{gi}].message"),
                    "needs the machine's English sentence under \"en\": that is what the goal watches for",
                ));
            }
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
                let issuer = bank_name(&field("issuer"), c.issuer.as_deref())?;
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
                    retained: None,
                    issuer,
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
            let operator = bank_name(&at("operator"), m.operator.as_deref())?;
            let surcharge = match &m.surcharge {
                None => Money::ZERO,
                Some(raw) => raw.parse(&at("surcharge"))?,
            };
            if surcharge.is_negative() || surcharge > MAX_SURCHARGE {
                return Err(invalid(
                    &at("surcharge"),
                    format!("must be from $0.00 to {MAX_SURCHARGE}"),
                ));
            }
            snapshot.machines.push(Machine {
                id: MachineId::from(m.id.as_str()),
                location: m.location.trim().to_string(),
                notes,
                in_service: m.in_service.unwrap_or(true),
                devices: Devices {
                    receipt_paper: m.receipt_paper,
                    ..Devices::default()
                },
                operator,
                surcharge,
                fees_collected: Money::ZERO,
                skimmer: m.skimmer.unwrap_or(false),
            });
        }
        for (fi, f) in self.faults.iter().enumerate() {
            let machine = snapshot
                .machines
                .iter_mut()
                .find(|m| m.id.as_str() == f.machine)
                .ok_or_else(|| {
                    invalid(
                        &format!("faults[{fi}].machine"),
                        format!("no machine {} in this scenario", f.machine),
                    )
                })?;
            if let Some(why) = f.device.refuses(f.kind) {
                return Err(invalid(&format!("faults[{fi}].kind"), why));
            }
            if f.times == Some(0) {
                return Err(invalid(
                    &format!("faults[{fi}].times"),
                    "use 1 or more, or leave it out for until cleared",
                ));
            }
            if machine.devices.fault(f.device).is_some() {
                return Err(invalid(
                    &format!("faults[{fi}].device"),
                    format!("{}'s {} has a fault already", f.machine, f.device),
                ));
            }
            let fault = Fault {
                kind: f.kind,
                times: f.times,
            };
            machine
                .devices
                .set(f.device, Some(fault))
                .map_err(|why| invalid(&format!("faults[{fi}]"), why))?;
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

/// The seed note's five demos (`seed_demos.json`): what each teaches, in each language.
pub const SEED_DEMOS_JSON: &str = include_str!("seed_demos.json");

/// One of the seed note's five demos, as a guided scenario over the demo bank.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct SeedDemo {
    pub number: u8,
    pub title: LocalText,
    /// What it teaches, in one line.
    pub description: LocalText,
    pub user: String,
    pub card_last4: String,
    pub machine: String,
    pub hints: Vec<LocalText>,
    /// What the learner should see done (SPEC.md "Coach, demos and runs").
    pub goals: Vec<Goal>,
    /// The demo played by itself (`Play demo N`): each press, captioned by one of the hints.
    pub script: Vec<crate::run::ScriptStep>,
}

/// The five seed demos, in order.
pub fn seed_demos() -> Vec<SeedDemo> {
    // The file is a constant of this crate and is parsed in a test.
    serde_json::from_str(SEED_DEMOS_JSON)
        .unwrap_or_else(|e| panic!("built-in seed demos are invalid: {e}"))
}

impl Scenario {
    /// Seed demo `n` (1 to 5) as a scenario: its customer and machine from the demo bank,
    /// with its title, description and hints.
    pub fn seed_demo(n: u8) -> Option<Scenario> {
        let demo = seed_demos().into_iter().find(|d| d.number == n)?;
        let mut s = Scenario::demo();
        s.users.retain(|u| u.id == demo.user);
        s.machines.retain(|m| m.id == demo.machine);
        s.name = Some(demo.title);
        s.description = Some(demo.description);
        s.hints = demo.hints;
        s.goals = demo.goals;
        Some(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU8, Ordering};

    /// Different bytes on every draw, the same on every run.
    struct Counting(AtomicU8);
    impl Entropy for Counting {
        fn fill(&self, buf: &mut [u8]) {
            buf.fill(self.0.fetch_add(1, Ordering::Relaxed));
        }
    }

    const LANGUAGES: [&str; 2] = ["en", "es"];

    /// A valid scenario with `extra` fields first.
    fn scenario(extra: &str) -> String {
        format!(
            r#"{{ {extra}
              "users": [ {{ "id": "U1", "name": "Pat", "accounts": [ {{ "id": "A1", "balance": "10.00" }} ],
                           "cards": [ {{ "number": "4000000000000002", "pin": "1234" }} ] }} ],
              "machines": [ {{ "id": "M1", "location": "Lobby" }} ] }}"#
        )
    }

    fn refusal(json: &str) -> String {
        Scenario::from_json(json).unwrap_err().to_string()
    }

    fn build(s: &Scenario) -> Result<Built, AtmError> {
        s.build(
            Timestamp::from_millis(0),
            UtcOffset::UTC,
            &Counting(AtomicU8::new(1)),
        )
    }

    #[test]
    fn texts_are_strings_or_one_per_language_and_export_reads_back_the_same() {
        let json = scenario(
            r#""lang": "es",
               "name": { "en": "Fees", "es": "Comisiones" },
               "description": "Pay a fee.",
               "hints": [ "Insert the card.", { "en": "Press Enter.", "es": "Pulse Aceptar." } ],
               "goals": [ { "type": "see_message",
                            "message": { "en": "Insufficient funds", "es": "Saldo insuficiente" } },
                          { "type": "check_balance" } ],"#,
        );
        let s = Scenario::from_json(&json).unwrap();
        assert_eq!(s.language(&LANGUAGES).unwrap(), Some("es"));
        let name = s.name.as_ref().unwrap();
        assert_eq!((name.get("en"), name.get("es")), ("Fees", "Comisiones"));
        assert_eq!(s.description.as_ref().unwrap().get("es"), "Pay a fee.");
        let hints: Vec<&str> = s.hints.iter().map(|h| h.get("es")).collect();
        assert_eq!(hints, ["Insert the card.", "Pulse Aceptar."]);
        assert!(build(&s).is_ok());
        let written = serde_json::to_string(&s).unwrap();
        assert_eq!(Scenario::from_json(&written).unwrap(), s);
    }

    #[test]
    fn a_text_of_the_wrong_shape_names_its_field() {
        let empty = refusal(&scenario(r#""name": {},"#));
        assert!(
            empty.starts_with("name: an object of language → text needs at least one language"),
            "{empty}"
        );
        let number = refusal(&scenario(r#""description": { "en": "Hi", "es": 5 },"#));
        assert!(
            number.starts_with(
                "description.es: invalid type: integer `5`, expected the text in that language"
            ),
            "{number}"
        );
        let hint = refusal(&scenario(r#""hints": [ "Insert the card.", 7 ],"#));
        assert!(
            hint.starts_with("hints[1]: invalid type: integer `7`, expected a text"),
            "{hint}"
        );
        let code = refusal(&scenario(r#""hints": [ { "spanish": "Hola" } ],"#));
        assert!(
            code.starts_with("hints[0]: \"spanish\" is not a language code"),
            "{code}"
        );
        // A goal is read whole before its kind is known: the message names the goal.
        let goal = refusal(&scenario(
            r#""goals": [ { "type": "see_message", "message": {} } ],"#,
        ));
        assert!(
            goal.starts_with("goals[0]: an object of language → text needs at least one"),
            "{goal}"
        );
        // Every other shape error names its field too; broken JSON its line and column.
        let pin = refusal(&scenario("").replace("\"1234\"", "1234"));
        assert!(
            pin.starts_with("users[0].cards[0].pin: invalid type: integer `1234`"),
            "{pin}"
        );
        assert!(refusal("{").starts_with("line 1 column 1: "));
        let trailing = refusal(&format!("{} x", scenario("")));
        assert!(
            trailing.starts_with("line 4 column ") && trailing.contains("trailing characters"),
            "{trailing}"
        );
    }

    #[test]
    fn lang_is_one_of_the_apps_languages() {
        let s = Scenario::from_json(&scenario("")).unwrap();
        assert_eq!(s.language(&LANGUAGES).unwrap(), None);
        let en = Scenario::from_json(&scenario(r#""lang": "en","#)).unwrap();
        assert_eq!(en.language(&LANGUAGES).unwrap(), Some("en"));
        for code in ["fr", "ES", "es-MX", ""] {
            let s = Scenario::from_json(&scenario(&format!(r#""lang": "{code}","#))).unwrap();
            assert_eq!(
                s.language(&LANGUAGES).unwrap_err().to_string(),
                format!(
                    "lang: \"{code}\" is not a language of this app; use one of \"en\", \"es\""
                )
            );
        }
        let number = refusal(&scenario(r#""lang": 5,"#));
        assert!(
            number.starts_with("lang: invalid type: integer `5`"),
            "{number}"
        );
    }

    #[test]
    fn a_message_goal_needs_the_english_it_watches_for() {
        let json = scenario(
            r#""goals": [ { "type": "check_balance" },
                          { "type": "see_message", "message": { "es": "Saldo insuficiente" } } ],"#,
        );
        let s = Scenario::from_json(&json).unwrap();
        let e = build(&s).unwrap_err().to_string();
        assert!(
            e.starts_with("goals[1].message: needs the machine's English sentence under \"en\""),
            "{e}"
        );
        let plain =
            scenario(r#""goals": [ { "type": "see_message", "message": "Insufficient funds" } ],"#);
        assert!(build(&Scenario::from_json(&plain).unwrap()).is_ok());
    }

    #[test]
    fn faults_put_devices_out_of_order_from_the_start() {
        let json = scenario(
            r#""faults": [ { "machine": "M1", "device": "dispenser", "kind": "jam", "times": 1 },
                           { "machine": "M1", "device": "host", "kind": "offline" } ],"#,
        )
        .replace(
            r#""location": "Lobby""#,
            r#""location": "Lobby", "receipt_paper": 0"#,
        );
        let s = Scenario::from_json(&json).unwrap();
        let built = build(&s).unwrap();
        let d = &built.snapshot.machines[0].devices;
        assert_eq!(
            d.faults(),
            [
                (
                    Device::Dispenser,
                    Fault {
                        kind: FaultKind::Jam,
                        times: Some(1)
                    }
                ),
                (
                    Device::Host,
                    Fault {
                        kind: FaultKind::Offline,
                        times: None
                    }
                ),
            ]
        );
        assert_eq!(d.receipt_paper, Some(0));
        // Without faults, every device works.
        let plain = build(&Scenario::from_json(&scenario("")).unwrap()).unwrap();
        assert_eq!(plain.snapshot.machines[0].devices, Devices::default());
    }

    #[test]
    fn a_bad_fault_is_refused_naming_its_field() {
        let fault = |f: &str| {
            let json = scenario(&format!(r#""faults": [ {f} ],"#));
            match Scenario::from_json(&json) {
                Err(e) => e.to_string(),
                Ok(s) => build(&s).unwrap_err().to_string(),
            }
        };
        assert_eq!(
            fault(r#"{ "machine": "ATM404", "device": "host", "kind": "offline" }"#),
            "faults[0].machine: no machine ATM404 in this scenario"
        );
        assert_eq!(
            fault(r#"{ "machine": "M1", "device": "printer", "kind": "jam" }"#),
            "faults[0].kind: the printer's fault is \"out_of_paper\""
        );
        assert_eq!(
            fault(r#"{ "machine": "M1", "device": "card_reader", "kind": "partial" }"#),
            "faults[0].kind: the card reader's faults are \"read_error\" or \"jam\""
        );
        assert_eq!(
            fault(r#"{ "machine": "M1", "device": "deposit_slot", "kind": "jam" }"#),
            "faults[0].kind: the deposit slot has no faults to inject"
        );
        assert_eq!(
            fault(r#"{ "machine": "M1", "device": "dispenser", "kind": "jam", "times": 0 }"#),
            "faults[0].times: use 1 or more, or leave it out for until cleared"
        );
        assert_eq!(
            fault(
                r#"{ "machine": "M1", "device": "host", "kind": "offline" },
                   { "machine": "M1", "device": "host", "kind": "offline", "times": 2 }"#
            ),
            "faults[1].device: M1's host link has a fault already"
        );
        let device = fault(r#"{ "machine": "M1", "device": "toaster", "kind": "jam" }"#);
        assert!(
            device.starts_with("faults[0].device: unknown variant `toaster`, expected one of"),
            "{device}"
        );
        let kind = fault(r#"{ "machine": "M1", "device": "host", "kind": "down" }"#);
        assert!(
            kind.starts_with("faults[0].kind: unknown variant `down`"),
            "{kind}"
        );
        let times =
            fault(r#"{ "machine": "M1", "device": "host", "kind": "offline", "times": -1 }"#);
        assert!(
            times.starts_with("faults[0].times: invalid value"),
            "{times}"
        );
        let missing = fault(r#"{ "machine": "M1", "kind": "offline" }"#);
        assert!(missing.contains("missing field `device`"), "{missing}");
    }

    #[test]
    fn issuer_operator_surcharge_and_skimmer_are_read_with_their_defaults() {
        let json = scenario(r#""settings": { "fee_counts_toward_daily_limit": true },"#)
            .replace(
                r#""pin": "1234""#,
                r#""pin": "1234", "issuer": "Other Bank""#,
            )
            .replace(
                r#""location": "Lobby""#,
                r#""location": "Lobby", "operator": "Rust Bank", "surcharge": "2.75", "skimmer": true"#,
            );
        let built = build(&Scenario::from_json(&json).unwrap()).unwrap();
        let (card, machine) = (&built.snapshot.cards[0], &built.snapshot.machines[0]);
        assert_eq!(card.issuer.as_deref(), Some("Other Bank"));
        // This bank's own name is no operator of its own.
        assert_eq!(machine.operator, None);
        assert_eq!(machine.surcharge, Money::from_cents(275));
        assert!(machine.skimmer);
        assert_eq!(machine.fee_for(card), Money::from_cents(275));
        assert!(built.snapshot.settings.fee_counts_toward_daily_limit);
        let plain = build(&Scenario::from_json(&scenario("")).unwrap()).unwrap();
        let (card, machine) = (&plain.snapshot.cards[0], &plain.snapshot.machines[0]);
        assert_eq!(
            (card.issuer.as_ref(), machine.operator.as_ref()),
            (None, None)
        );
        assert_eq!((machine.surcharge, machine.skimmer), (Money::ZERO, false));
        assert!(!plain.snapshot.settings.fee_counts_toward_daily_limit);
        let bad = scenario("").replace(
            r#""location": "Lobby""#,
            r#""location": "Lobby", "surcharge": "3.001""#,
        );
        let bad = build(&Scenario::from_json(&bad).unwrap())
            .unwrap_err()
            .to_string();
        assert!(bad.starts_with("machines[0].surcharge: "), "{bad}");
    }

    /// Every text a learner reads in a built-in scenario, with where it is.
    fn texts(s: &Scenario) -> Vec<(String, &LocalText)> {
        let mut all = Vec::new();
        all.extend(s.name.iter().map(|t| ("name".to_string(), t)));
        all.extend(s.description.iter().map(|t| ("description".to_string(), t)));
        all.extend(
            s.hints
                .iter()
                .enumerate()
                .map(|(i, t)| (format!("hints[{i}]"), t)),
        );
        for (i, goal) in s.goals.iter().enumerate() {
            if let Goal::SeeMessage { message } = goal {
                all.push((format!("goals[{i}].message"), message));
            }
        }
        all
    }

    #[test]
    fn the_built_in_scenarios_speak_english_and_spanish() {
        let training = Scenario::from_json(include_str!("../../examples/scenarios/training.json"))
            .expect("examples/scenarios/training.json");
        assert!(build(&training).is_ok());
        let mut scenarios = vec![
            ("demo bank".to_string(), Scenario::demo()),
            ("training".into(), training),
        ];
        // The other shipped scenarios: each builds, and shows what it is about.
        for (which, json) in [
            ("fees", include_str!("../../examples/scenarios/fees.json")),
            (
                "skimmer",
                include_str!("../../examples/scenarios/skimmer.json"),
            ),
        ] {
            let s = Scenario::from_json(json).unwrap_or_else(|e| panic!("{which}.json: {e}"));
            let built = build(&s).unwrap_or_else(|e| panic!("{which}.json: {e}"));
            let first = &built.snapshot.machines[0];
            match which {
                "fees" => assert!(first.surcharge.is_positive() && first.operator.is_some()),
                _ => assert!(first.skimmer),
            }
            scenarios.push((which.to_string(), s));
        }
        let demos = seed_demos();
        assert_eq!(
            demos.iter().map(|d| d.number).collect::<Vec<_>>(),
            [1, 2, 3, 4, 5]
        );
        for demo in &demos {
            let s = Scenario::seed_demo(demo.number).unwrap();
            assert_eq!(s.users.len(), 1, "demo {}", demo.number);
            assert_eq!(s.machines.len(), 1, "demo {}", demo.number);
            let last4 = &s.users[0].cards[0].number;
            assert!(
                last4.ends_with(demo.card_last4.as_str()),
                "demo {}",
                demo.number
            );
            assert_eq!(s.hints.len(), 3, "demo {}", demo.number);
            scenarios.push((format!("seed demo {}", demo.number), s));
        }
        for (which, s) in &scenarios {
            let texts = texts(s);
            assert!(texts.len() >= 2, "{which} has a name and a description");
            for (field, text) in texts {
                for lang in LANGUAGES {
                    assert!(text.has(lang), "{which} {field} lacks {lang}");
                    assert!(!text.get(lang).trim().is_empty(), "{which} {field} {lang}");
                }
                assert_ne!(text.get("en"), text.get("es"), "{which} {field}");
            }
        }
        assert_eq!(Scenario::seed_demo(6), None);
    }
}
