//! Scenario goals ("withdraw $60", "check the balance", "get the card blocked and recover")
//! and the tracker that sees them met. Pure: it watches operation outcomes, so the app, an
//! embedding portal and the tests all agree on when a scenario is complete.

use crate::error::AtmError;
use crate::money::Dollars;
use crate::ops::Reply;
use crate::text::{ENGLISH, LocalText};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Goal {
    CheckBalance,
    /// Withdraw exactly `amount`, or any amount if none is given.
    Withdraw {
        #[serde(default)]
        amount: Option<Dollars>,
    },
    Deposit {
        #[serde(default)]
        amount: Option<Dollars>,
    },
    Transfer,
    ChangePin,
    ViewHistory,
    /// See the card blocked by wrong PINs.
    GetCardBlocked,
    /// Log in with a card after it was blocked (once the block has passed).
    RecoverBlockedCard,
    /// See a given refusal message, e.g. "Insufficient funds". The English is the machine's
    /// sentence it watches for; other languages are what the learner reads in them.
    SeeMessage {
        message: LocalText,
    },
    /// Report a problem with a machine (a skimmer on its card slot).
    ReportProblem,
    /// Accept another operator's fee and get the cash.
    AcceptFee,
    /// Decline another operator's fee (nothing moves).
    DeclineFee,
}

/// Which goals are met so far.
#[derive(Clone, Debug, Default)]
pub struct GoalTracker {
    goals: Vec<Goal>,
    met: Vec<bool>,
    saw_block: bool,
}

impl GoalTracker {
    pub fn new(goals: Vec<Goal>) -> GoalTracker {
        let met = vec![false; goals.len()];
        GoalTracker {
            goals,
            met,
            saw_block: false,
        }
    }

    pub fn goals(&self) -> impl Iterator<Item = (&Goal, bool)> {
        self.goals.iter().zip(self.met.iter().copied())
    }

    pub fn met_count(&self) -> usize {
        self.met.iter().filter(|m| **m).count()
    }

    pub fn is_complete(&self) -> bool {
        !self.goals.is_empty() && self.met.iter().all(|m| *m)
    }

    /// Feeds one operation outcome. Returns true when this outcome completed the scenario.
    pub fn observe(&mut self, outcome: &Result<Reply, AtmError>) -> bool {
        let was_complete = self.is_complete();
        if matches!(
            outcome,
            Err(AtmError::BlockedNow { .. } | AtmError::BlockedAndRetained { .. })
        ) {
            self.saw_block = true;
        }
        for (goal, met) in self.goals.iter().zip(self.met.iter_mut()) {
            if *met {
                continue;
            }
            *met = match (goal, outcome) {
                (Goal::CheckBalance, Ok(Reply::Balance { .. })) => true,
                (Goal::Withdraw { amount }, Ok(Reply::Dispensed { amount: got, .. })) => {
                    amount.is_none_or(|a| a.0 == *got)
                }
                (Goal::Deposit { amount }, Ok(Reply::Deposited { amount: got, .. })) => {
                    amount.is_none_or(|a| a.0 == *got)
                }
                (Goal::Transfer, Ok(Reply::Transferred { .. })) => true,
                (Goal::ChangePin, Ok(Reply::PinChanged)) => true,
                (Goal::ViewHistory, Ok(Reply::History { .. })) => true,
                (
                    Goal::GetCardBlocked,
                    Err(AtmError::BlockedNow { .. } | AtmError::BlockedAndRetained { .. }),
                ) => true,
                (Goal::RecoverBlockedCard, Ok(Reply::LoggedIn { .. })) => self.saw_block,
                (Goal::SeeMessage { message }, Err(e)) => e.to_string() == message.get(ENGLISH),
                (Goal::ReportProblem, Ok(Reply::ProblemReported { .. })) => true,
                (Goal::AcceptFee, Ok(Reply::Dispensed { fee, .. })) => fee.is_positive(),
                (Goal::DeclineFee, Ok(Reply::FeeDeclined { .. })) => true,
                _ => false,
            };
        }
        !was_complete && self.is_complete()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::account::AccountId;
    use crate::machine::Notes;
    use crate::money::Money;
    use crate::time::{Timestamp, UtcOffset};

    #[test]
    fn goals_complete_in_any_order_and_only_once() {
        let goals: Vec<Goal> = serde_json::from_str(
            r#"[{"type":"withdraw","amount":"60.00"},{"type":"check_balance"},{"type":"see_message","message":"Insufficient funds"}]"#,
        )
        .unwrap();
        let mut t = GoalTracker::new(goals);
        let acc = AccountId("A".into());
        let dispensed = |d| {
            Ok(Reply::Dispensed {
                account: acc.clone(),
                amount: Money::from_dollars(d),
                notes: Notes::default(),
                balance: Money::ZERO,
                requested: Money::from_dollars(d),
                fee: Money::ZERO,
                receipt: true,
            })
        };
        assert!(!t.observe(&dispensed(40)));
        assert_eq!(t.met_count(), 0);
        assert!(!t.observe(&dispensed(60)));
        assert!(!t.observe(&Err(AtmError::InsufficientFunds)));
        assert!(t.observe(&Ok(Reply::Balance {
            account: acc.clone(),
            balance: Money::ZERO
        })));
        assert!(t.is_complete());
        assert!(!t.observe(&Ok(Reply::Balance {
            account: acc,
            balance: Money::ZERO
        })));
    }

    #[test]
    fn a_message_goal_watches_for_its_english_sentence() {
        let json = r#"[{"type":"see_message","message":{"en":"Insufficient funds","es":"Fondos insuficientes"}}]"#;
        let goals: Vec<Goal> = serde_json::from_str(json).unwrap();
        let Goal::SeeMessage { message } = &goals[0] else {
            panic!("a see_message goal: {goals:?}");
        };
        assert_eq!(message.get("es"), "Fondos insuficientes");
        assert_eq!(
            serde_json::to_string(&goals).unwrap(),
            json,
            "written back as read"
        );
        let mut t = GoalTracker::new(goals);
        assert!(!t.observe(&Err(AtmError::SameAccount)));
        assert!(t.observe(&Err(AtmError::InsufficientFunds)));
    }

    #[test]
    fn recovery_needs_a_block_first() {
        let mut t = GoalTracker::new(vec![Goal::GetCardBlocked, Goal::RecoverBlockedCard]);
        let login = Ok(Reply::LoggedIn {
            session: crate::session::SessionId::from_random_bytes([0; 16]),
            name: "x".into(),
            accounts: vec![],
            deadline: Timestamp::from_millis(0),
            receipt: true,
            fee: Money::ZERO,
        });
        assert!(!t.observe(&login));
        let until = Timestamp::from_millis(0).local(UtcOffset::UTC);
        assert!(!t.observe(&Err(AtmError::BlockedNow { until })));
        assert!(t.observe(&login));
    }

    #[test]
    fn fee_and_problem_goals_are_met_by_their_replies_only() {
        let goals: Vec<Goal> = serde_json::from_str(
            r#"[{"type":"accept_fee"},{"type":"decline_fee"},{"type":"report_problem"}]"#,
        )
        .unwrap();
        let mut t = GoalTracker::new(goals);
        let dispensed = |fee| {
            Ok(Reply::Dispensed {
                account: AccountId("A".into()),
                amount: Money::from_dollars(20),
                notes: Notes::default(),
                balance: Money::ZERO,
                requested: Money::from_dollars(20),
                fee: Money::from_cents(fee),
                receipt: true,
            })
        };
        // Cash at a machine that charged nothing is no accepted fee.
        assert!(!t.observe(&dispensed(0)));
        assert_eq!(t.met_count(), 0);
        assert!(!t.observe(&dispensed(300)));
        assert_eq!(t.met_count(), 1);
        assert!(!t.observe(&Err(AtmError::FeeNotAccepted {
            fee: Money::from_cents(300)
        })));
        assert!(!t.observe(&Ok(Reply::FeeDeclined {
            amount: Money::from_dollars(20),
            fee: Money::from_cents(300),
        })));
        assert_eq!(t.met_count(), 2);
        assert!(!t.observe(&Err(AtmError::OutOfService)));
        assert!(t.observe(&Ok(Reply::ProblemReported {
            machine: crate::machine::MachineId("M".into()),
        })));
    }
}
