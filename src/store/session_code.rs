//! The code of a customer at the machine: a card's requests against the bank in IndexedDB
//! (inserting it, the PIN: the core's card decision, the PIN's key derivation, the transaction
//! that writes the outcome), a session's requests (balance, withdrawal, deposit, transfer, PIN
//! change, history, more time, logout, the session's tick: the core's `decide_session` and the
//! stores' session transactions), the read of an account's latest transactions (the mini
//! statement; the back office's history comes with it), and the bank in memory's answers to the
//! first screen's calls (`memory_code`). Nothing on the way to the first screen runs it, and the
//! first card of a first visit waits for the bank to be created anyway, so release builds (the
//! `split` feature) fetch it as a module of its own once the page has settled, or on the first
//! request that needs it. [`code`] is the only way in.

use super::split::NotLoaded;
use super::{MemoryStore, StoreResult};
use crate::core::{AccountId, MachineId, Reply, SessionId, SessionRequest, Timestamp, Transaction};
#[cfg(target_arch = "wasm32")]
use crate::core::{CardNumber, CardRequest};

/// A card's request against the bank in IndexedDB, as a boxed future so that a plain function
/// pointer can carry it.
#[cfg(target_arch = "wasm32")]
pub type IdbCard = for<'a> fn(
    &'a super::IdbStore,
    &'a MachineId,
    &'a CardNumber,
    CardRequest,
    Timestamp,
) -> std::pin::Pin<
    Box<dyn std::future::Future<Output = StoreResult<Reply>> + 'a>,
>;

/// A session request against the bank in IndexedDB, as a boxed future so that a plain function
/// pointer can carry it.
#[cfg(target_arch = "wasm32")]
pub type IdbSession = for<'a> fn(
    &'a super::IdbStore,
    &'a MachineId,
    SessionId,
    SessionRequest,
    Timestamp,
) -> std::pin::Pin<
    Box<dyn std::future::Future<Output = StoreResult<Reply>> + 'a>,
>;

/// An account's latest transactions from the bank in IndexedDB, newest first, as a boxed future.
#[cfg(target_arch = "wasm32")]
pub type IdbHistory = for<'a> fn(
    &'a super::IdbStore,
    &'a AccountId,
    usize,
) -> std::pin::Pin<
    Box<dyn std::future::Future<Output = StoreResult<Vec<Transaction>>> + 'a>,
>;

/// The session code, reached through plain function pointers so that nothing outside [`code`]
/// calls it directly (which would keep it in the main module).
#[derive(Clone, Copy)]
pub struct SessionCode {
    #[cfg(target_arch = "wasm32")]
    pub card_idb: IdbCard,
    pub memory:
        fn(&MemoryStore, &MachineId, SessionId, SessionRequest, Timestamp) -> StoreResult<Reply>,
    #[cfg(target_arch = "wasm32")]
    pub idb: IdbSession,
    /// An account's latest `limit` transactions, newest first.
    pub history_memory: fn(&MemoryStore, &AccountId, usize) -> Vec<Transaction>,
    #[cfg(target_arch = "wasm32")]
    pub history_idb: IdbHistory,
    /// The bank in memory's answers to the first screen's calls (see [`super::memory_code`]).
    pub in_memory: super::memory_code::MemoryCode,
}

#[cfg_attr(
    all(feature = "split", target_arch = "wasm32"),
    leptos::wasm_split::wasm_split(sessions, wasm_split_path = ::leptos::wasm_split, fallible)
)]
fn session_code() -> Result<SessionCode, NotLoaded> {
    Ok(SessionCode {
        #[cfg(target_arch = "wasm32")]
        card_idb: |store, machine, card, request, now| {
            Box::pin(store.card(machine, card, request, now))
        },
        memory: MemoryStore::session,
        #[cfg(target_arch = "wasm32")]
        idb: |store, machine, session, request, now| {
            Box::pin(store.session(machine, session, request, now))
        },
        history_memory: MemoryStore::history,
        #[cfg(target_arch = "wasm32")]
        history_idb: |store, account, limit| Box::pin(store.history(account, limit)),
        in_memory: super::memory_code::MEMORY_CODE,
    })
}

super::split::way_in!(session_code -> SessionCode);

#[cfg(test)]
mod tests {
    use super::super::{Store, open_in_memory, split::ready_now};
    use crate::core::{
        CardNumber, CardRequest, Money, Pin, Reply, SessionRequest, Timestamp, UtcOffset,
    };

    /// `Store::session` and `Store::history` reach the memory store through the session code.
    #[test]
    fn a_session_request_goes_through_the_session_code() {
        let now = Timestamp::from_millis(1_795_000_000_000);
        let store: Store = ready_now(open_in_memory(now, UtcOffset::UTC)).expect("the demo bank");
        let atm = crate::core::MachineId::from("ATM002");
        let card = CardNumber::parse("4532111111111111").expect("a demo card");
        let pin = CardRequest::EnterPin(Pin::parse("5678").expect("a PIN"));
        let Ok(Reply::LoggedIn { session, .. }) = ready_now(store.card(&atm, &card, pin, now))
        else {
            panic!("the demo card logs in");
        };
        let balance = SessionRequest::Balance { account: None };
        let reply = ready_now(store.session(&atm, session, balance, now));
        assert!(
            matches!(reply, Ok(Reply::Balance { balance, .. }) if balance == Money::from_dollars(1_500)),
            "{reply:?}"
        );
        // The mini statement's read comes with the session code too.
        let withdraw = SessionRequest::Withdraw {
            account: None,
            amount: Money::from_dollars(20),
        };
        let Ok(Reply::Dispensed { account, .. }) =
            ready_now(store.session(&atm, session, withdraw, now))
        else {
            panic!("the demo account pays out $20");
        };
        let history = ready_now(store.history(&account, 5)).expect("the history reads");
        assert_eq!(
            history.first().map(|t| t.amount),
            Some(Money::from_dollars(20))
        );
        assert_eq!(
            history.first().map(|t| t.balance_after),
            Some(Money::from_dollars(1_480))
        );
    }
}
