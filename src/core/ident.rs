//! The text behind every id (users, accounts, cards, machines) and a holder's name.
//!
//! Ids are short ("U17", "A-0042", "ATM001") and are cloned into every scene a decision reads,
//! every session and every journal entry. A [`Text`] keeps up to 24 bytes inline (every id this
//! product issues), so such a clone is a copy rather than a heap allocation; longer text still
//! works and is simply stored on the heap.

pub type Text = compact_str::CompactString;

/// Declares an id newtype over [`Text`]: serialised as a bare string, shown as itself, and
/// built from `&str` or `String` with `.into()`.
macro_rules! text_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(
            Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
        )]
        #[serde(transparent)]
        pub struct $name(pub $crate::ident::Text);

        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(text: &str) -> $name {
                $name(text.into())
            }
        }

        impl From<String> for $name {
            fn from(text: String) -> $name {
                $name(text.into())
            }
        }
    };
}

pub(crate) use text_id;

#[cfg(test)]
mod tests {
    use crate::{AccountId, CardId, MachineId, UserId};

    #[test]
    fn ids_serialise_as_bare_strings_and_read_back() {
        let user = UserId::from("U-000001");
        let json = serde_json::to_string(&user).unwrap();
        assert_eq!(json, "\"U-000001\"");
        assert_eq!(serde_json::from_str::<UserId>(&json).unwrap(), user);
        let long = AccountId::from("an account id longer than twenty-four bytes");
        let json = serde_json::to_string(&long).unwrap();
        assert_eq!(serde_json::from_str::<AccountId>(&json).unwrap(), long);
    }

    #[test]
    fn every_id_the_product_issues_is_kept_inline() {
        for id in ["U1000000", "A1000000", "C1000000", "ATM001", "X999999"] {
            assert!(!UserId::from(id).0.is_heap_allocated(), "{id}");
            assert!(!CardId::from(id).0.is_heap_allocated(), "{id}");
            assert!(!MachineId::from(id).0.is_heap_allocated(), "{id}");
        }
    }
}
