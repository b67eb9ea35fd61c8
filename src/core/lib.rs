//! The ATM domain: pure decisions over plain records.
//!
//! Nothing here reads a clock, draws randomness, touches a browser or stores anything: time
//! and randomness come in as parameters, records come in loaded and go out as values to write.
//! That is what lets the same rules run in the main crate's in-memory bank under a thousand
//! threads, inside one IndexedDB transaction in the browser, and in tests that travel through 30-minute
//! blocks and midnights in microseconds. The core never panics on user input: bad input is an
//! [`error::AtmError`] with the sentence the customer reads.

pub mod account;
pub mod backoffice;
pub mod card;
pub mod demo_pins;
pub mod error;
pub mod events;
pub mod goals;
pub mod health;
pub mod host;
pub mod ident;
pub mod journal;
pub mod machine;
pub mod money;
pub mod ops;
pub mod order;
pub mod run;
pub mod scenario;
pub mod session;
pub mod settings;
pub mod snapshot;
/// Large banks straight from records, for benchmarks and tests; not part of the ATM.
#[doc(hidden)]
pub mod synthetic;
pub mod text;
pub mod time;
pub mod transaction;
pub mod user;

pub use account::{Account, AccountId, AccountKind};
pub use card::{Card, CardId, CardNumber, CardStatus, MaskedCard, Pin, PinHash};
pub use error::AtmError;
pub use events::{BankEvent, Channel, ChannelNotifier, Message, Notifier};
pub use host::{HostMessage, MessagePair, MessageType, ProcessingCode, ResponseCode};
pub use machine::{Machine, MachineId, Notes, OWN_BANK};
pub use money::Money;
pub use ops::{Answer, CardRequest, Decision, Entropy, Fresh, Reply, SessionRequest};
pub use scenario::Scenario;
pub use session::{Session, SessionId};
pub use settings::Settings;
pub use snapshot::BankSnapshot;
pub use text::LocalText;
pub use time::{Timestamp, UtcOffset};
pub use transaction::{Transaction, TxnId, TxnKind};
pub use user::{User, UserId};
