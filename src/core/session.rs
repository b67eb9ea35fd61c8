//! Sessions as a state machine. Every transition happens in [`Session::apply`]; an illegal move
//! is an error, never a silent no-op. Expiry is decided from timestamps, so an operation after
//! the deadline fails even if no timer ever fired (browsers throttle timers in background tabs).

use crate::account::AccountId;
use crate::card::{CardId, MaskedCard};
use crate::error::AtmError;
use crate::machine::MachineId;
use crate::money::Money;
use crate::settings::Settings;
use crate::time::Timestamp;
use crate::user::UserId;
use serde::{Deserialize, Serialize};
use std::fmt;
use uuid::{Builder, Uuid};

/// A version-4 UUID whose random bits the shell draws (the core owns no randomness), so a test
/// with seeded entropy replays the same ids. Serialized in the usual hyphenated form.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SessionId(pub Uuid);

impl SessionId {
    /// The id made from 16 random bytes (six of their bits become the UUID's version and variant).
    pub fn from_random_bytes(bytes: [u8; 16]) -> SessionId {
        SessionId(Builder::from_random_bytes(bytes).into_uuid())
    }

    /// 32 hex digits without hyphens: the key sessions are stored under.
    pub fn to_hex(&self) -> String {
        self.0.simple().to_string()
    }
}

impl fmt::Display for SessionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.hyphenated().fmt(f)
    }
}

impl fmt::Debug for SessionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SessionId({self})")
    }
}

/// The rules a session runs under, fixed when it starts: a settings change applies to sessions
/// that start after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionLimits {
    pub per_transaction_limit: Money,
    pub daily_limit: Money,
    pub timeout_secs: u32,
}

impl From<&Settings> for SessionLimits {
    fn from(s: &Settings) -> SessionLimits {
        SessionLimits {
            per_transaction_limit: s.per_transaction_limit,
            daily_limit: s.daily_limit,
            timeout_secs: s.session_timeout_secs,
        }
    }
}

/// Why a session ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EndReason {
    /// The customer chose Exit or took the card.
    Logout,
    /// No activity for the timeout.
    Timeout,
    /// The bank stopped the card (reported stolen) while it was in use.
    CardStopped,
}

impl fmt::Display for EndReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            EndReason::Logout => "logout",
            EndReason::Timeout => "timeout",
            EndReason::CardStopped => "card stopped",
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum SessionState {
    LoggedIn { last_activity: Timestamp },
    LoggedOut { at: Timestamp },
    Expired { at: Timestamp },
    Stopped { at: Timestamp },
}

/// What can happen to a session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionInput {
    /// The customer did something (an operation, or "yes, more time").
    Activity,
    /// Exit or take card.
    Logout,
    /// A timer fired: expire if the deadline has passed, otherwise nothing. Idempotent.
    Tick,
    /// The card was reported stolen.
    Stop,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub id: SessionId,
    pub card: CardId,
    pub card_masked: MaskedCard,
    pub user: UserId,
    pub accounts: Vec<AccountId>,
    pub machine: MachineId,
    pub started: Timestamp,
    pub limits: SessionLimits,
    pub state: SessionState,
    /// The cash the last withdrawal presented, until the machine takes it back (a retract).
    #[serde(default)]
    pub presented: Option<Presented>,
}

/// Cash presented to a customer: what a retract puts back, and from when it counts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Presented {
    pub account: AccountId,
    pub amount: Money,
    pub notes: crate::machine::Notes,
    pub at: Timestamp,
}

impl Session {
    /// When the session expires if nothing else happens, or `None` if it has ended.
    pub fn deadline(&self) -> Option<Timestamp> {
        match self.state {
            SessionState::LoggedIn { last_activity } => {
                Some(last_activity.plus_secs(i64::from(self.limits.timeout_secs)))
            }
            _ => None,
        }
    }

    pub fn is_live(&self, now: Timestamp) -> bool {
        self.deadline().is_some_and(|d| now < d)
    }

    /// The one place session state changes. Returns the new session, or the error that says why
    /// the input is refused (the session as it then stands comes back too, since an input after
    /// the deadline still moves it to `Expired`). Boxed: a refusal is rare and a session is large.
    pub fn apply(
        &self,
        input: SessionInput,
        now: Timestamp,
    ) -> Result<Session, Box<(Session, AtmError)>> {
        let with = |state| Session {
            state,
            ..self.clone()
        };
        match (self.state, input) {
            (SessionState::LoggedIn { .. }, _) if !self.is_live(now) => {
                // The deadline exists while logged in; expiry is stamped at the deadline itself.
                let at = self.deadline().unwrap_or(now);
                let expired = with(SessionState::Expired { at });
                match input {
                    SessionInput::Tick | SessionInput::Logout => Ok(expired),
                    SessionInput::Stop => Ok(with(SessionState::Stopped { at: now })),
                    SessionInput::Activity => Err(Box::new((expired, AtmError::SessionExpired))),
                }
            }
            (SessionState::LoggedIn { .. }, SessionInput::Activity) => {
                Ok(with(SessionState::LoggedIn { last_activity: now }))
            }
            (SessionState::LoggedIn { .. }, SessionInput::Tick) => Ok(self.clone()),
            (SessionState::LoggedIn { .. }, SessionInput::Logout) => {
                Ok(with(SessionState::LoggedOut { at: now }))
            }
            (SessionState::LoggedIn { .. }, SessionInput::Stop) => {
                Ok(with(SessionState::Stopped { at: now }))
            }
            // Ending an ended session again is harmless (a second "take card", a late timer).
            (_, SessionInput::Tick | SessionInput::Logout | SessionInput::Stop) => Ok(self.clone()),
            (SessionState::Expired { .. }, SessionInput::Activity) => {
                Err(Box::new((self.clone(), AtmError::SessionExpired)))
            }
            (SessionState::LoggedOut { .. }, SessionInput::Activity) => {
                Err(Box::new((self.clone(), AtmError::NotLoggedIn)))
            }
            (SessionState::Stopped { .. }, SessionInput::Activity) => {
                Err(Box::new((self.clone(), AtmError::CardStolen)))
            }
        }
    }

    /// Why the session is over, if it is.
    pub fn end_reason(&self) -> Option<EndReason> {
        match self.state {
            SessionState::LoggedIn { .. } => None,
            SessionState::LoggedOut { .. } => Some(EndReason::Logout),
            SessionState::Expired { .. } => Some(EndReason::Timeout),
            SessionState::Stopped { .. } => Some(EndReason::CardStopped),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_ids_are_v4_uuids_replayed_from_their_bytes() {
        let id = SessionId::from_random_bytes([0xab; 16]);
        assert_eq!(id, SessionId::from_random_bytes([0xab; 16]));
        assert_eq!(id.0.get_version_num(), 4);
        assert_eq!(id.to_string(), "abababab-abab-4bab-abab-abababababab");
        assert_eq!(id.to_hex(), "abababababab4bababababababababab");
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(json, "\"abababab-abab-4bab-abab-abababababab\"");
        assert_eq!(serde_json::from_str::<SessionId>(&json).unwrap(), id);
        // Sessions stored before ids were UUIDs (32 hex digits) still read.
        let stored: SessionId =
            serde_json::from_str("\"abababababab4bababababababababab\"").unwrap();
        assert_eq!(stored, id);
        assert!(serde_json::from_str::<SessionId>("\"zz\"").is_err());
    }

    fn session(at: Timestamp) -> Session {
        Session {
            id: SessionId::from_random_bytes([1; 16]),
            card: CardId("C1".into()),
            card_masked: crate::card::CardNumber::parse("4532123456789012")
                .unwrap()
                .masked(),
            user: UserId("U1".into()),
            accounts: vec![AccountId("A1".into())],
            machine: MachineId("ATM001".into()),
            started: at,
            limits: SessionLimits::from(&Settings::default()),
            state: SessionState::LoggedIn { last_activity: at },
            presented: None,
        }
    }

    const T0: Timestamp = Timestamp::from_millis(1_000_000);

    #[test]
    fn idle_4_59_alive_5_00_expired() {
        let s = session(T0);
        let alive = s.apply(SessionInput::Activity, T0.plus_secs(299)).unwrap();
        assert!(matches!(alive.state, SessionState::LoggedIn { .. }));
        let err = s
            .apply(SessionInput::Activity, T0.plus_secs(300))
            .unwrap_err();
        assert_eq!(err.1, AtmError::SessionExpired);
        assert_eq!(
            err.0.state,
            SessionState::Expired {
                at: T0.plus_secs(300)
            }
        );
        assert!(s.is_live(T0.plus_millis(299_999)));
        assert!(!s.is_live(T0.plus_secs(300)));
    }

    #[test]
    fn activity_pushes_the_deadline() {
        let s = session(T0)
            .apply(SessionInput::Activity, T0.plus_secs(200))
            .unwrap();
        assert_eq!(s.deadline(), Some(T0.plus_secs(500)));
        assert!(s.apply(SessionInput::Activity, T0.plus_secs(499)).is_ok());
    }

    #[test]
    fn tick_is_idempotent() {
        let s = session(T0);
        assert_eq!(s.apply(SessionInput::Tick, T0.plus_secs(10)).unwrap(), s);
        let once = s.apply(SessionInput::Tick, T0.plus_secs(400)).unwrap();
        let twice = once.apply(SessionInput::Tick, T0.plus_secs(500)).unwrap();
        assert_eq!(once, twice);
        assert_eq!(once.end_reason(), Some(EndReason::Timeout));
    }

    #[test]
    fn a_logged_out_session_can_do_nothing() {
        let out = session(T0)
            .apply(SessionInput::Logout, T0.plus_secs(1))
            .unwrap();
        assert_eq!(out.end_reason(), Some(EndReason::Logout));
        assert_eq!(
            out.apply(SessionInput::Activity, T0.plus_secs(2))
                .unwrap_err()
                .1,
            AtmError::NotLoggedIn
        );
        // A second logout is harmless.
        assert_eq!(
            out.apply(SessionInput::Logout, T0.plus_secs(3)).unwrap(),
            out
        );
    }
}
