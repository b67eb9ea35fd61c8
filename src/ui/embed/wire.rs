//! What the app reports about itself, and the messages that carry it out of an iframe.
//!
//! Pure (no browser): `lib.rs` compiles this file natively too, so the message shapes that
//! portals depend on are unit-tested by `cargo test`. Nothing here can hold a PIN or a full
//! card number: an [`Activity`] only ever has the card's last four digits.

use crate::core::Money;
pub use crate::flow::{Activity, SessionEnd, TxnKind};
use base64::Engine;
use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use serde_json::{Value, json};

/// Every message the app posts carries this `source`, so a portal can tell ours apart.
pub const SOURCE: &str = "atm-sim";

fn message(kind: &str, fields: Value) -> Value {
    let mut m = json!({ "source": SOURCE, "type": kind });
    if let (Some(m), Value::Object(f)) = (m.as_object_mut(), fields) {
        m.extend(f);
    }
    m
}

/// `ready`: the app is loaded (and the scenario asked for in the URL is in place).
pub fn ready_message(scenario: Option<&str>, goals: &[String]) -> Value {
    message("ready", json!({ "scenario": scenario, "goals": goals }))
}

/// `resize`: the content's height in CSS pixels.
pub fn resize_message(height: i32) -> Value {
    message("resize", json!({ "height": height }))
}

/// `xapi`: a statement for portals that forward them to a learning record store.
pub fn xapi_message(statement: Value) -> Value {
    message("xapi", json!({ "statement": statement }))
}

impl Activity {
    /// The message posted to the parent window, if this activity has one.
    pub fn message(&self) -> Option<Value> {
        Some(match self {
            Activity::SessionStarted {
                card_last4,
                machine,
            } => message(
                "session_started",
                json!({ "card_last4": card_last4, "machine": machine }),
            ),
            Activity::Transaction {
                kind,
                amount,
                refusal,
            } => message(
                "transaction",
                json!({
                    "kind": kind.name(),
                    "amount": amount.map(Money::to_decimal_string),
                    "ok": refusal.is_none(),
                    "message": refusal,
                }),
            ),
            Activity::CardBlocked { card_last4 } => {
                message("card_blocked", json!({ "card_last4": card_last4 }))
            }
            Activity::SessionEnded { reason } => {
                message("session_ended", json!({ "reason": reason.name() }))
            }
            Activity::ScenarioCompleted {
                scenario,
                goals_met,
                goals_total,
                mistakes,
                duration_ms,
            } => message(
                "scenario_completed",
                json!({
                    "scenario": scenario,
                    "goals_met": goals_met,
                    "goals_total": goals_total,
                    "mistakes": mistakes,
                    "duration": iso8601_duration(*duration_ms),
                    "duration_ms": duration_ms,
                }),
            ),
            Activity::Fault {
                device,
                kind,
                machine,
            } => message(
                "fault",
                json!({ "device": device.name(), "kind": kind.name(), "machine": machine }),
            ),
            Activity::Reversal { amount, reason } => message(
                "reversal",
                json!({
                    "kind": TxnKind::Withdrawal.name(),
                    "amount": amount.to_decimal_string(),
                    "reason": reason.name(),
                }),
            ),
            Activity::CardRetained {
                card_last4,
                machine,
            } => message(
                "card_retained",
                json!({ "card_last4": card_last4, "machine": machine }),
            ),
            Activity::Outcome(_) | Activity::Pressed(_) => return None,
        })
    }
}

const ADL_VERBS: &str = "http://adlnet.gov/expapi/verbs/";

/// Who the statements are about, and the IRIs of the activities.
#[derive(Clone, Debug, PartialEq)]
pub struct Xapi {
    pub actor: Value,
    /// Prefix of activity ids, e.g. `http://127.0.0.1:8080/atm-sim`.
    pub base: String,
}

/// The xAPI actor for the `learner` URL parameter: `mailto:` → `mbox`, anything else → an
/// account on `home_page`; no learner → the account `anonymous`.
pub fn actor(learner: Option<&str>, home_page: &str) -> Value {
    match learner.map(str::trim).filter(|l| !l.is_empty()) {
        Some(l) if l.starts_with("mailto:") => json!({ "objectType": "Agent", "mbox": l }),
        Some(l) => json!({
            "objectType": "Agent",
            "account": { "homePage": home_page, "name": l },
        }),
        None => json!({
            "objectType": "Agent",
            "account": { "homePage": home_page, "name": "anonymous" },
        }),
    }
}

/// A name as an IRI path segment: `Daily limit` → `daily-limit`.
fn slug(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let s = s.trim_matches('-').to_string();
    if s.is_empty() { "scenario".into() } else { s }
}

impl Xapi {
    fn statement(
        &self,
        verb: &str,
        path: &str,
        name: &str,
        result: Option<Value>,
        timestamp: &str,
    ) -> Value {
        let mut s = json!({
            "actor": self.actor,
            "verb": { "id": format!("{ADL_VERBS}{verb}"), "display": { "en-US": verb } },
            "object": {
                "objectType": "Activity",
                "id": format!("{}/{path}", self.base),
                "definition": { "name": { "en-US": name } },
            },
            "timestamp": timestamp,
        });
        if let (Some(s), Some(r)) = (s.as_object_mut(), result) {
            s.insert("result".into(), r);
        }
        s
    }

    fn scenario(&self, scenario: Option<&str>) -> (String, String) {
        let name = scenario.unwrap_or("ATM Simulator");
        (format!("scenario/{}", slug(name)), name.to_string())
    }

    /// `initialized`: the app is ready with its scenario.
    pub fn initialized(&self, scenario: Option<&str>, timestamp: &str) -> Value {
        let (path, name) = self.scenario(scenario);
        self.statement("initialized", &path, &name, None, timestamp)
    }

    /// The statement for an activity, if it has one.
    pub fn statement_for(&self, activity: &Activity, timestamp: &str) -> Option<Value> {
        Some(match activity {
            Activity::SessionStarted { .. } => {
                self.statement("interacted", "atm/card", "Insert card", None, timestamp)
            }
            Activity::Transaction { kind, refusal, .. } => {
                let (verb, result) = match refusal {
                    None => ("completed", json!({ "success": true })),
                    Some(m) => ("failed", json!({ "success": false, "response": m })),
                };
                let path = format!("atm/{}", kind.name());
                self.statement(verb, &path, kind.title(), Some(result), timestamp)
            }
            Activity::CardBlocked { .. } => self.statement(
                "failed",
                "atm/pin",
                "PIN entry",
                Some(json!({ "success": false, "response": "card blocked" })),
                timestamp,
            ),
            Activity::SessionEnded { reason } => self.statement(
                "exited",
                "atm/card",
                "Insert card",
                Some(json!({ "response": reason.name() })),
                timestamp,
            ),
            Activity::ScenarioCompleted {
                scenario,
                goals_met,
                goals_total,
                mistakes,
                duration_ms,
            } => {
                let (path, name) = self.scenario(scenario.as_deref());
                let result = json!({
                    "success": true,
                    "completion": true,
                    "duration": iso8601_duration(*duration_ms),
                    "score": { "raw": goals_met, "min": 0, "max": goals_total },
                    "extensions": { format!("{}/mistakes", self.base): mistakes },
                });
                self.statement("completed", &path, &name, Some(result), timestamp)
            }
            // What the machine did to the learner: experienced, with what in the response.
            Activity::Fault {
                device,
                kind,
                machine,
            } => self.statement(
                "experienced",
                "atm/fault",
                "Device fault",
                Some(json!({
                    "response": format!("{} {} at {machine}", device.name(), kind.name())
                })),
                timestamp,
            ),
            Activity::Reversal { amount, reason } => self.statement(
                "experienced",
                "atm/reversal",
                "Withdrawal reversed",
                Some(json!({
                    "response": format!("{} {}", amount.to_decimal_string(), reason.name())
                })),
                timestamp,
            ),
            Activity::CardRetained { machine, .. } => self.statement(
                "experienced",
                "atm/card",
                "Card retained",
                Some(json!({ "response": format!("card retained at {machine}") })),
                timestamp,
            ),
            Activity::Outcome(_) | Activity::Pressed(_) => return None,
        })
    }
}

/// An ISO 8601 duration: 65 000 ms → `PT1M5S`, 1 500 ms → `PT1.5S`, 0 → `PT0S`.
pub fn iso8601_duration(ms: i64) -> String {
    let ms = ms.max(0);
    let (hours, minutes) = (ms / 3_600_000, ms / 60_000 % 60);
    let (secs, millis) = (ms / 1000 % 60, ms % 1000);
    let mut out = String::from("PT");
    if hours > 0 {
        out += &format!("{hours}H");
    }
    if minutes > 0 {
        out += &format!("{minutes}M");
    }
    if millis > 0 {
        let frac = format!("{millis:03}");
        out += &format!("{secs}.{}S", frac.trim_end_matches('0'));
    } else if secs > 0 || out == "PT" {
        out += &format!("{secs}S");
    }
    out
}

/// Decodes links leniently: padding optional, as hand-made links come either way.
const LENIENT: GeneralPurposeConfig = GeneralPurposeConfig::new()
    .with_decode_padding_mode(DecodePaddingMode::Indifferent)
    .with_decode_allow_trailing_bits(true);

/// Why a `#scenario=` link could not be read. The trainer reads it in the chosen language
/// (the words are in `ui/embed/mod.rs`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkError {
    /// Neither base64url nor standard base64.
    NotBase64url,
    /// Decoded, but the bytes are not UTF-8 text.
    NotUtf8,
}

/// The JSON a `#scenario=` link carries: base64url (RFC 4648 §5) of UTF-8 text, or standard
/// base64 as some tools write it.
pub fn scenario_from_base64url(text: &str) -> Result<String, LinkError> {
    let text = text.trim();
    let bytes = GeneralPurpose::new(&alphabet::URL_SAFE, LENIENT)
        .decode(text)
        .or_else(|_| GeneralPurpose::new(&alphabet::STANDARD, LENIENT).decode(text))
        .map_err(|_| LinkError::NotBase64url)?;
    String::from_utf8(bytes).map_err(|_| LinkError::NotUtf8)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::{AtmError, Reply};

    #[test]
    fn durations_are_iso_8601() {
        assert_eq!(iso8601_duration(0), "PT0S");
        assert_eq!(iso8601_duration(65_000), "PT1M5S");
        assert_eq!(iso8601_duration(1_500), "PT1.5S");
        assert_eq!(iso8601_duration(3_600_000), "PT1H");
        assert_eq!(iso8601_duration(3_723_040), "PT1H2M3.04S");
        assert_eq!(iso8601_duration(120_000), "PT2M");
        assert_eq!(iso8601_duration(-5), "PT0S");
    }

    #[test]
    fn scenario_links_decode_base64url_to_utf8() {
        let decode = scenario_from_base64url;
        assert_eq!(decode("eyJhIjoxfQ"), Ok(r#"{"a":1}"#.to_string()));
        assert_eq!(decode("eyJhIjoxfQ=="), Ok(r#"{"a":1}"#.to_string()));
        // `-` and `_` are base64url's 62 and 63; `/` is standard base64's.
        assert_eq!(decode("fn5-Pw"), Ok("~~~?".to_string()));
        assert_eq!(decode("Wm_Dqz4_"), Ok("Zoë>?".to_string()));
        assert_eq!(decode("fn5+Pw=="), Ok("~~~?".to_string()));
        assert_eq!(decode("YWJj"), Ok("abc".to_string()));
        assert_eq!(decode("YWI="), Ok("ab".to_string()));
        assert_eq!(decode("a b"), Err(LinkError::NotBase64url));
        assert_eq!(decode("abcde"), Err(LinkError::NotBase64url));
        assert_eq!(decode("not*base64"), Err(LinkError::NotBase64url));
        // "é" is the two bytes C3 A9; the byte FF alone is no UTF-8.
        assert_eq!(decode("w6k"), Ok("é".to_string()));
        assert_eq!(decode("_w"), Err(LinkError::NotUtf8));
    }

    #[test]
    fn messages_have_the_documented_shapes() {
        let t = Activity::Transaction {
            kind: TxnKind::Withdrawal,
            amount: Some(Money::from_dollars(60)),
            refusal: None,
        };
        assert_eq!(
            t.message().unwrap(),
            json!({"source":"atm-sim","type":"transaction","kind":"withdrawal",
                   "amount":"60.00","ok":true,"message":null})
        );
        let refused = Activity::Transaction {
            kind: TxnKind::Withdrawal,
            amount: Some(Money::from_dollars(5000)),
            refusal: Some("Insufficient funds".into()),
        };
        assert_eq!(refused.message().unwrap()["ok"], json!(false));
        assert_eq!(
            refused.message().unwrap()["message"],
            json!("Insufficient funds")
        );
        let started = Activity::SessionStarted {
            card_last4: "9012".into(),
            machine: "ATM001".into(),
        };
        assert_eq!(
            started.message().unwrap(),
            json!({"source":"atm-sim","type":"session_started","card_last4":"9012","machine":"ATM001"})
        );
        let ended = Activity::SessionEnded {
            reason: SessionEnd::Timeout,
        };
        assert_eq!(ended.message().unwrap()["reason"], json!("timeout"));
        let done = Activity::ScenarioCompleted {
            scenario: Some("Training".into()),
            goals_met: 4,
            goals_total: 4,
            mistakes: 1,
            duration_ms: 65_000,
        };
        assert_eq!(
            done.message().unwrap(),
            json!({"source":"atm-sim","type":"scenario_completed","scenario":"Training",
                   "goals_met":4,"goals_total":4,"mistakes":1,"duration":"PT1M5S","duration_ms":65000})
        );
        assert_eq!(
            ready_message(None, &[]),
            json!({"source":"atm-sim","type":"ready","scenario":null,"goals":[]})
        );
        assert_eq!(
            resize_message(640),
            json!({"source":"atm-sim","type":"resize","height":640})
        );
        assert_eq!(
            Activity::Outcome(Err(AtmError::InsufficientFunds)).message(),
            None
        );
    }

    #[test]
    fn device_events_have_the_documented_shapes_and_statements() {
        use crate::core::events::ReversalReason;
        use crate::core::machine::{Device, FaultKind};
        let fault = Activity::Fault {
            device: Device::Dispenser,
            kind: FaultKind::Jam,
            machine: "ATM009".into(),
        };
        let reversal = Activity::Reversal {
            amount: Money::from_dollars(100),
            reason: ReversalReason::DispenserJam,
        };
        let kept = Activity::CardRetained {
            card_last4: "5556".into(),
            machine: "ATM009".into(),
        };
        assert_eq!(
            fault.message().unwrap(),
            json!({"source":"atm-sim","type":"fault","device":"dispenser","kind":"jam","machine":"ATM009"})
        );
        assert_eq!(
            reversal.message().unwrap(),
            json!({"source":"atm-sim","type":"reversal","kind":"withdrawal","amount":"100.00","reason":"dispenser_jam"})
        );
        assert_eq!(
            kept.message().unwrap(),
            json!({"source":"atm-sim","type":"card_retained","card_last4":"5556","machine":"ATM009"})
        );
        let x = Xapi {
            actor: actor(Some("ann"), "http://h"),
            base: "http://h/atm-sim".into(),
        };
        for (activity, object, response) in [
            (
                &fault,
                "http://h/atm-sim/atm/fault",
                "dispenser jam at ATM009",
            ),
            (
                &reversal,
                "http://h/atm-sim/atm/reversal",
                "100.00 dispenser_jam",
            ),
            (
                &kept,
                "http://h/atm-sim/atm/card",
                "card retained at ATM009",
            ),
        ] {
            let s = x.statement_for(activity, "t").unwrap();
            assert_eq!(
                s["verb"]["id"],
                json!("http://adlnet.gov/expapi/verbs/experienced")
            );
            assert_eq!(s["object"]["id"], json!(object));
            assert_eq!(s["result"]["response"], json!(response));
        }
    }

    #[test]
    fn xapi_statements_name_the_learner_and_use_adl_verbs() {
        let x = Xapi {
            actor: actor(Some("mailto:ann@example.com"), "http://h"),
            base: "http://h/atm-sim".into(),
        };
        let done = Activity::ScenarioCompleted {
            scenario: Some("Card training".into()),
            goals_met: 3,
            goals_total: 3,
            mistakes: 2,
            duration_ms: 1_500,
        };
        let s = x.statement_for(&done, "2026-11-24T20:00:00.000Z").unwrap();
        assert_eq!(
            s,
            json!({
                "actor": {"objectType":"Agent","mbox":"mailto:ann@example.com"},
                "verb": {"id":"http://adlnet.gov/expapi/verbs/completed","display":{"en-US":"completed"}},
                "object": {"objectType":"Activity","id":"http://h/atm-sim/scenario/card-training",
                           "definition":{"name":{"en-US":"Card training"}}},
                "result": {"success":true,"completion":true,"duration":"PT1.5S",
                           "score":{"raw":3,"min":0,"max":3},
                           "extensions":{"http://h/atm-sim/mistakes":2}},
                "timestamp": "2026-11-24T20:00:00.000Z",
            })
        );
        let refused = Activity::Transaction {
            kind: TxnKind::Balance,
            amount: None,
            refusal: Some("No".into()),
        };
        let s = x.statement_for(&refused, "t").unwrap();
        assert_eq!(
            s["verb"]["id"],
            json!("http://adlnet.gov/expapi/verbs/failed")
        );
        assert_eq!(s["result"]["success"], json!(false));
        let init = x.initialized(None, "t");
        assert_eq!(
            init["verb"]["id"],
            json!("http://adlnet.gov/expapi/verbs/initialized")
        );
        assert_eq!(
            init["object"]["id"],
            json!("http://h/atm-sim/scenario/atm-simulator")
        );
        assert_eq!(
            actor(Some("ann"), "http://h"),
            json!({"objectType":"Agent","account":{"homePage":"http://h","name":"ann"}})
        );
        assert_eq!(
            actor(None, "http://h")["account"]["name"],
            json!("anonymous")
        );
        let outcome = Activity::Outcome(Ok(Reply::PinChanged));
        assert_eq!(x.statement_for(&outcome, "t"), None);
    }
}
