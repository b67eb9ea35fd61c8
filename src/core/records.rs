//! The bank's cards and users, laid out so that a login touches as little cold memory as it can.
//!
//! A card record keeps beside its (locked) state the things that never change once it is issued
//! — its number and id, its owner's handle and its holder's name (users are never renamed) —
//! so a login finds the card through one index entry, reads its holder's name without visiting
//! the user, and the session it opens remembers both handles, so later requests and the logout
//! need no lookup by key. The card's account list is kept inline when it has one account (every
//! card but shared ones), instead of in a heap block of its own that a login would miss on.

use crate::account::AccountId;
use crate::card::{Card, CardId, CardNumber};
use crate::ident::Text;
use crate::session::Session;
use crate::slab::{Handle, Index, Keyed, KeyedSlab, Lookup};
use crate::user::{User, UserId};
use std::sync::{Mutex, MutexGuard};

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// A card's accounts: inline when there is one, on the heap otherwise.
enum Accounts {
    One(AccountId),
    Many(Vec<AccountId>),
}

/// A card as stored: the record with its account list taken out into [`Accounts`].
pub struct StoredCard {
    /// The card with an empty `accounts` (an empty `Vec` owns no heap block).
    card: Card,
    accounts: Accounts,
}

impl StoredCard {
    fn new(mut card: Card) -> StoredCard {
        let mut list = std::mem::take(&mut card.accounts);
        let accounts = match list.pop() {
            Some(only) if list.is_empty() => Accounts::One(only),
            Some(last) => {
                list.push(last);
                Accounts::Many(list)
            }
            None => Accounts::Many(Vec::new()),
        };
        StoredCard { card, accounts }
    }

    /// The card as the decisions see it.
    pub fn get(&self) -> Card {
        Card {
            accounts: match &self.accounts {
                Accounts::One(a) => vec![a.clone()],
                Accounts::Many(list) => list.clone(),
            },
            ..self.card.clone()
        }
    }

    pub fn set(&mut self, card: Card) {
        *self = StoredCard::new(card);
    }
}

pub struct CardSlot {
    number: CardNumber,
    id: CardId,
    /// The owner's record; `None` only if the user was missing when the card was stored.
    pub owner: Option<Handle>,
    /// The owner's name, copied when the card was stored.
    pub holder: Option<Text>,
    state: Mutex<StoredCard>,
}

impl CardSlot {
    pub fn lock(&self) -> MutexGuard<'_, StoredCard> {
        lock(&self.state)
    }
}

/// Every card, found by number (the card slot) or by id (sessions restored from a snapshot).
#[derive(Default)]
pub struct Cards {
    by_number: KeyedSlab<CardNumber, CardSlot>,
    by_id: Index<CardId>,
}

impl Keyed<CardNumber> for CardSlot {
    fn key(&self) -> &CardNumber {
        &self.number
    }
}

impl Cards {
    pub fn find(&self, number: &CardNumber) -> Option<Handle> {
        self.by_number.find(number)
    }

    /// [`Cards::find`] in three steps, so a login can overlap its waits for memory with work
    /// that needs no card (see [`KeyedSlab::start`]).
    pub fn start(&self, number: &CardNumber) -> Lookup {
        self.by_number.start(number)
    }

    pub fn candidate(&self, lookup: Lookup) -> Option<Handle> {
        self.by_number.candidate(lookup)
    }

    pub fn confirm(
        &self,
        number: &CardNumber,
        lookup: Lookup,
        candidate: Option<Handle>,
    ) -> Option<Handle> {
        self.by_number.confirm(number, lookup, candidate)
    }

    pub fn find_id(&self, id: &CardId) -> Option<Handle> {
        let slots = &self.by_number;
        self.by_id
            .find(id, |h| slots.get(h).is_some_and(|s| &s.id == id))
    }

    pub fn get(&self, handle: Handle) -> Option<&CardSlot> {
        self.by_number.get(handle)
    }

    pub fn by_number(&self, number: &CardNumber) -> Option<&CardSlot> {
        self.by_number.lookup(number)
    }

    /// Stores `card` unless its number is taken; returns whether it did.
    pub fn insert_new(&self, card: Card, owner: Option<(Handle, Text)>) -> bool {
        let id = card.id.clone();
        let (owner, holder) = owner.map_or((None, None), |(h, name)| (Some(h), Some(name)));
        let slot = CardSlot {
            number: card.number.clone(),
            id: id.clone(),
            owner,
            holder,
            state: Mutex::new(StoredCard::new(card)),
        };
        let Some(handle) = self.by_number.insert_new(slot) else {
            return false;
        };
        // Card ids are drawn at random; should one repeat, the first card keeps it.
        let slots = &self.by_number;
        let _ = self
            .by_id
            .insert_new(&id, |h| slots.get(h).is_some_and(|s| s.id == id), || handle);
        true
    }

    pub fn iter(&self) -> impl Iterator<Item = &CardSlot> {
        self.by_number.iter()
    }
}

pub struct UserSlot {
    id: UserId,
    user: Mutex<User>,
}

impl UserSlot {
    pub fn new(user: User) -> UserSlot {
        UserSlot {
            id: user.id.clone(),
            user: Mutex::new(user),
        }
    }

    pub fn lock(&self) -> MutexGuard<'_, User> {
        lock(&self.user)
    }
}

/// A user as a decision inside a session sees it: those decisions read the name and the daily
/// total and change only the daily total, so the lists of accounts and cards (two heap blocks,
/// cold in a big bank) are left out; [`crate::bank`] writes back only the daily total.
pub fn in_session(user: &User) -> User {
    User {
        id: user.id.clone(),
        name: user.name.clone(),
        accounts: Vec::new(),
        cards: Vec::new(),
        daily: user.daily,
    }
}

/// The user as a request that ends or keeps a session sees it (a logout, a timer's tick):
/// those decisions read only the holder's name, for the events, so the bank gives them the name
/// the card carries instead of reading the user's record, cold in a big bank, a second time.
/// Everything else is left empty; a decision that wrote this user back would be a bug, which
/// the bank checks.
pub fn name_only(id: &UserId, name: Text) -> User {
    User {
        id: id.clone(),
        name,
        accounts: Vec::new(),
        cards: Vec::new(),
        daily: Default::default(),
    }
}

impl Keyed<UserId> for UserSlot {
    fn key(&self) -> &UserId {
        &self.id
    }
}

/// Every user, found by id.
pub type Users = KeyedSlab<UserId, UserSlot>;

/// A session with the handles of its card and user, found once when it opened.
pub struct SessionSlot {
    pub session: Session,
    pub card: Option<Handle>,
    pub user: Option<Handle>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::card::{CardStatus, Pin, PinHash};

    fn card(number: &str, id: &str, accounts: &[&str]) -> Card {
        Card {
            number: CardNumber::parse(number).unwrap(),
            id: CardId::from(id),
            user: UserId::from("U1"),
            accounts: accounts.iter().map(|a| AccountId::from(*a)).collect(),
            pin: PinHash::with_iterations(&Pin::parse("1234").unwrap(), [1; 16], 1),
            status: CardStatus::Active,
            failed_attempts: 0,
            expires: None,
            hold: None,
        }
    }

    #[test]
    fn a_stored_card_reads_back_as_written_whatever_its_accounts() {
        for accounts in [&[][..], &["A1"], &["A1", "A2", "A3"]] {
            let c = card("4532123456789012", "C1", accounts);
            let mut stored = StoredCard::new(c.clone());
            assert_eq!(stored.get(), c);
            let other = card("4532123456789012", "C1", &["A9", "A1"]);
            stored.set(other.clone());
            assert_eq!(stored.get(), other);
        }
    }

    #[test]
    fn cards_are_found_by_number_and_by_id_and_never_twice() {
        let cards = Cards::default();
        let users = Users::default();
        users.insert_new(UserSlot::new(User {
            id: UserId::from("U1"),
            name: Text::from("Ann"),
            accounts: Vec::new(),
            cards: Vec::new(),
            daily: Default::default(),
        }));
        let owner = users
            .find(&UserId::from("U1"))
            .map(|h| (h, Text::from("Ann")));
        assert!(cards.insert_new(card("4532123456789012", "C1", &["A1"]), owner.clone()));
        assert!(cards.insert_new(card("4532123456789013", "C2", &["A1"]), None));
        assert!(!cards.insert_new(card("4532123456789012", "C3", &["A2"]), None));
        let first = cards.by_number(&CardNumber::parse("4532123456789012").unwrap());
        assert_eq!(first.unwrap().lock().get().id, CardId::from("C1"));
        assert_eq!(first.unwrap().holder.as_deref(), Some("Ann"));
        assert_eq!(
            cards.find_id(&CardId::from("C2")),
            cards.find(&CardNumber::parse("4532123456789013").unwrap())
        );
        assert_eq!(cards.find_id(&CardId::from("C3")), None);
        assert_eq!(cards.iter().count(), 2);
    }
}
