//! A learner's run: every press and what the machine showed, with times, as a file a trainer
//! downloads and replays (`Download run`, `Load a run`). A PIN's digits are `•`: the file holds
//! whether the PIN typed was right, and a replay types the scenario's PIN (or a wrong one).
//! The seed demos' scripts are runs too, with a caption for each step.

use crate::error::AtmError;
use crate::scenario::parse_json;
use serde::{Deserialize, Serialize};

/// What a run file says it is (`"format"`).
pub const FORMAT: &str = "atm-sim run";

/// A key of the keypad as a run writes it.
pub const PIN_DIGIT: &str = "•";

/// One thing the learner did or saw.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum RunStep {
    /// A card from the wallet into the slot.
    Insert {
        card_last4: String,
    },
    /// A keypad key: `0`–`9`, `•` (a PIN's digit), `enter`, `clear` or `cancel`.
    Key {
        key: String,
    },
    /// A soft key, by its name (`balance`, `fast:60`, `to:ACC002`, `another:yes`…).
    Soft {
        key: String,
    },
    TakeCard,
    TakeCash,
    TakeReceipt,
    /// The training clock moved on.
    Clock {
        minutes: i64,
    },
    /// The answer to a typed PIN: right or wrong (the digits are not kept).
    Pin {
        right: bool,
    },
    /// What the screen then showed (its title, in English).
    Screen {
        title: String,
    },
    /// A refusal the learner met (the machine's English sentence).
    Refusal {
        message: String,
    },
}

impl RunStep {
    /// Whether the learner did this (a replay presses it); the others are what was seen.
    pub fn is_press(&self) -> bool {
        !matches!(
            self,
            RunStep::Pin { .. } | RunStep::Screen { .. } | RunStep::Refusal { .. }
        )
    }
}

/// A step and when, in ms after the run began.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunEvent {
    pub at_ms: u64,
    #[serde(flatten)]
    pub step: RunStep,
}

/// How the run went: what the completion event carries.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Score {
    pub goals_met: usize,
    pub goals_total: usize,
    /// Refusals met on the way (a wrong PIN, insufficient funds…).
    pub mistakes: usize,
    pub duration_ms: u64,
}

/// A whole run file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Run {
    pub format: String,
    /// The scenario it was played on (its English name), if any.
    #[serde(default)]
    pub scenario: Option<String>,
    pub events: Vec<RunEvent>,
    pub score: Score,
}

fn invalid(field: String, reason: &str) -> AtmError {
    AtmError::Invalid {
        field,
        reason: reason.into(),
    }
}

/// Whether `key` is one a run may hold.
fn known_key(key: &str) -> bool {
    matches!(key, "enter" | "clear" | "cancel" | PIN_DIGIT)
        || (key.len() == 1 && key.chars().all(|c| c.is_ascii_digit()))
}

impl Run {
    /// Mistakes are the refusals met.
    pub fn new(scenario: Option<String>, events: Vec<RunEvent>, goals: (usize, usize)) -> Run {
        let mistakes = events
            .iter()
            .filter(|e| matches!(e.step, RunStep::Refusal { .. }))
            .count();
        let duration_ms = events.last().map_or(0, |e| e.at_ms);
        Run {
            format: FORMAT.into(),
            scenario,
            events,
            score: Score {
                goals_met: goals.0,
                goals_total: goals.1,
                mistakes,
                duration_ms,
            },
        }
    }

    /// Reads a run file. A wrong shape names its field (`events[3].key`); a PIN's digits written
    /// out, a key no machine has, or times going backwards are refused the same way.
    pub fn from_json(text: &str) -> Result<Run, AtmError> {
        let run: Run = parse_json(text)?;
        if run.format != FORMAT {
            return Err(invalid("format".into(), "must be \"atm-sim run\""));
        }
        let mut last = 0;
        let mut pin_screen = false;
        for (i, e) in run.events.iter().enumerate() {
            if e.at_ms < last {
                return Err(invalid(format!("events[{i}].at_ms"), "goes back in time"));
            }
            last = e.at_ms;
            match &e.step {
                RunStep::Key { key } if !known_key(key) => {
                    return Err(invalid(
                        format!("events[{i}].key"),
                        "must be a digit, •, enter, clear or cancel",
                    ));
                }
                RunStep::Key { key } if pin_screen && key.len() == 1 && key != PIN_DIGIT => {
                    return Err(invalid(
                        format!("events[{i}].key"),
                        "a PIN's digits are written as •",
                    ));
                }
                RunStep::Screen { title } => pin_screen = title == "Enter your PIN",
                _ => {}
            }
        }
        Ok(run)
    }

    pub fn to_json(&self) -> String {
        // A run is plain data with string keys, so it always serializes.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

/// A step of a seed demo's script: a press, and the demo's hint it illustrates (its caption).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScriptStep {
    #[serde(flatten)]
    pub step: RunStep,
    #[serde(default)]
    pub hint: Option<usize>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(at_ms: u64, step: RunStep) -> RunEvent {
        RunEvent { at_ms, step }
    }

    fn key(k: &str) -> RunStep {
        RunStep::Key { key: k.into() }
    }

    #[test]
    fn a_run_round_trips_and_scores_its_refusals() {
        let run = Run::new(
            Some("Card training".into()),
            vec![
                event(
                    0,
                    RunStep::Insert {
                        card_last4: "4242".into(),
                    },
                ),
                event(
                    900,
                    RunStep::Screen {
                        title: "Enter your PIN".into(),
                    },
                ),
                event(1_500, key(PIN_DIGIT)),
                event(1_700, key("enter")),
                event(1_900, RunStep::Pin { right: false }),
                event(
                    2_000,
                    RunStep::Refusal {
                        message: "Incorrect PIN. 2 tries remaining".into(),
                    },
                ),
                event(
                    4_000,
                    RunStep::Soft {
                        key: "fast:60".into(),
                    },
                ),
            ],
            (1, 4),
        );
        assert_eq!(
            run.score,
            Score {
                goals_met: 1,
                goals_total: 4,
                mistakes: 1,
                duration_ms: 4_000
            }
        );
        assert_eq!(Run::from_json(&run.to_json()), Ok(run.clone()));
        assert!(run.to_json().contains(r#""type": "insert""#));
    }

    #[test]
    fn a_bad_run_file_is_refused_naming_the_field() {
        let named = |text: &str| match Run::from_json(text) {
            Err(AtmError::Invalid { field, .. }) => field,
            other => panic!("expected a refusal, got {other:?}"),
        };
        let score = r#""score": {"goals_met":0,"goals_total":0,"mistakes":0,"duration_ms":0}"#;
        let with =
            |events: &str| format!(r#"{{"format":"atm-sim run","events":[{events}],{score}}}"#);
        assert_eq!(
            named(&with(r#"{"at_ms":0,"type":"key","key":"x"}"#)),
            "events[0].key"
        );
        assert_eq!(
            named(&with(
                r#"{"at_ms":0,"type":"screen","title":"Enter your PIN"},{"at_ms":1,"type":"key","key":"7"}"#
            )),
            "events[1].key",
            "a PIN's digit written out"
        );
        assert_eq!(
            named(&with(
                r#"{"at_ms":5,"type":"take_card"},{"at_ms":4,"type":"take_cash"}"#
            )),
            "events[1].at_ms"
        );
        assert_eq!(named(&with(r#"{"at_ms":0,"type":"dance"}"#)), "events[0]");
        assert_eq!(
            named(&with(r#"{"at_ms":-1,"type":"take_card"}"#)),
            "events[0].at_ms"
        );
        assert_eq!(
            named(
                r#"{"format":"something else","events":[],"score":{"goals_met":0,"goals_total":0,"mistakes":0,"duration_ms":0}}"#
            ),
            "format"
        );
        let missing = Run::from_json(r#"{"format":"atm-sim run","events":[]}"#).unwrap_err();
        assert!(
            missing.to_string().contains("missing field `score`"),
            "{missing}"
        );
        // Digits off the PIN screen are amounts, and fine.
        let ok = with(
            r#"{"at_ms":0,"type":"screen","title":"Withdraw cash"},{"at_ms":1,"type":"key","key":"7"}"#,
        );
        assert!(Run::from_json(&ok).is_ok());
    }
}
