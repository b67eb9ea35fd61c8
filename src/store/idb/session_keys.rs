//! One round trip per session request. A session record names its card by card id, which
//! IndexedDB maps to the card's number through an index, and its customer and accounts by key:
//! read in order, that is three dependent round trips to the browser's storage process before
//! the core can decide. This connection remembers, for the sessions it served lately, the keys
//! of those records, and sends their reads in the same batch as the session's own.
//!
//! Only keys are remembered, never a record: every record the core sees is read inside the
//! request's own readwrite transaction, and each guessed one is checked against the session
//! read with it (card id, user id, the accounts the request needs). A guess that no longer
//! holds (another tab changed the card, a new connection, an ended session) is read again by
//! the keys the session names, in the same transaction: it costs a round trip, never a wrong
//! decision.

use super::{ACCOUNTS, CARDS_BY_ID, USERS, card_found, card_soon, read_soon, storage};
use crate::core::{Account, AccountId, Card, CardNumber, Session, SessionId, User, UserId};
use crate::store::StoreResult;
use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use std::cell::RefCell;
use std::future::Future;
use wasm_bindgen::JsValue;

/// How many sessions' keys a connection keeps: one per machine this tab drives, with room.
const KEPT: usize = 8;

/// Where one session's records are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionKeys {
    session: SessionId,
    card: CardNumber,
    user: UserId,
    accounts: Vec<AccountId>,
}

impl SessionKeys {
    /// The keys of `session`, whose card is `card`.
    pub fn of(session: &Session, card: &Card) -> SessionKeys {
        SessionKeys {
            session: session.id,
            card: card.number.clone(),
            user: session.user.clone(),
            accounts: session.accounts.clone(),
        }
    }
}

/// The keys of the sessions this connection served lately, newest first.
#[derive(Default)]
pub struct KeyBook(RefCell<Vec<SessionKeys>>);

impl KeyBook {
    pub fn guess(&self, session: SessionId) -> Option<SessionKeys> {
        self.0
            .borrow()
            .iter()
            .find(|k| k.session == session)
            .cloned()
    }

    pub fn learn(&self, keys: SessionKeys) {
        let mut book = self.0.borrow_mut();
        book.retain(|k| k.session != keys.session);
        book.insert(0, keys);
        book.truncate(KEPT);
    }

    pub fn forget(&self, session: SessionId) {
        self.0.borrow_mut().retain(|k| k.session != session);
    }
}

/// What the reads under guessed keys found, each with the key it was read under. Empty when
/// there was nothing to guess.
#[derive(Default)]
pub struct Guessed {
    card: Option<Card>,
    user: Option<(UserId, Option<User>)>,
    accounts: Vec<(AccountId, Option<Account>)>,
}

/// Sends the reads of `keys`' card, customer and accounts now; the result resolves once
/// they are back.
pub fn send_guess(
    keys: &SessionKeys,
    cards: &ObjectStore<'_>,
    users: &ObjectStore<'_>,
    accounts: &ObjectStore<'_>,
) -> StoreResult<impl Future<Output = StoreResult<Guessed>> + use<>> {
    let card = card_soon(cards, &keys.card)?;
    let user_id = keys.user.clone();
    let user = read_soon::<User>(users, USERS, &user_id.0)?;
    let account_reads = keys
        .accounts
        .iter()
        .map(|id| Ok((id.clone(), read_soon::<Account>(accounts, ACCOUNTS, &id.0)?)))
        .collect::<StoreResult<Vec<_>>>()?;
    Ok(async move {
        let card = card.await?;
        let user = Some((user_id, user.await?));
        let mut accounts = Vec::with_capacity(account_reads.len());
        for (id, read) in account_reads {
            accounts.push((id, read.await?));
        }
        Ok(Guessed {
            card,
            user,
            accounts,
        })
    })
}

impl Guessed {
    /// `session`'s card, customer and the accounts in `wanted` (those found, in `wanted`'s
    /// order): the guessed records where their keys are the ones the session names, the rest
    /// read now, together.
    pub async fn settle(
        self,
        session: &Session,
        wanted: &[AccountId],
        cards: &ObjectStore<'_>,
        users: &ObjectStore<'_>,
        accounts: &ObjectStore<'_>,
    ) -> StoreResult<(Option<Card>, Option<User>, Vec<Account>)> {
        // The card is the session's when its id is the one the session holds (ids are unique:
        // the `by_id` index says so); otherwise ask the index for its number, then read it.
        let card = self.card.filter(|c| c.id == session.card);
        let card_key = match card {
            Some(_) => None,
            None => Some(
                cards
                    .index(CARDS_BY_ID)
                    .map_err(storage)?
                    .get_key(JsValue::from_str(&session.card.0))
                    .primitive()
                    .map_err(storage)?,
            ),
        };
        let user = match self.user {
            Some((id, user)) if id == session.user => Ok(user),
            _ => Err(read_soon::<User>(users, USERS, &session.user.0)?),
        };
        let mut guessed = self.accounts;
        let account_reads = wanted
            .iter()
            .map(|id| match guessed.iter().position(|(g, _)| g == id) {
                Some(at) => Ok(Ok(guessed.swap_remove(at).1)),
                None => Ok(Err(read_soon::<Account>(accounts, ACCOUNTS, &id.0)?)),
            })
            .collect::<StoreResult<Vec<_>>>()?;
        // Second round trip, only for what the guess missed; a third for a card found anew.
        let card = match card_key {
            None => card,
            Some(request) => {
                let number: Option<JsValue> = request.await.map_err(storage)?;
                match number.and_then(|n| n.as_string()) {
                    Some(n) => {
                        let value = cards
                            .get(JsValue::from_str(&n))
                            .primitive()
                            .map_err(storage)?
                            .await
                            .map_err(storage)?;
                        card_found(&n, value)?
                    }
                    None => None,
                }
            }
        };
        let user = match user {
            Ok(user) => user,
            Err(read) => read.await?,
        };
        let mut found = Vec::with_capacity(account_reads.len());
        for read in account_reads {
            found.extend(match read {
                Ok(account) => account,
                Err(read) => read.await?,
            });
        }
        Ok((card, user, found))
    }
}
