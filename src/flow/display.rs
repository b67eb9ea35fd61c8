//! What the screen shows for a state: its title, lines, the typed entry and the soft keys. The
//! components render this, and anything else that presents the screen reads the same.

use super::{AmountFor, Atm, Screen, Soft, Text};

/// Fast cash amounts, in whole dollars.
const FAST_CASH: [i64; 4] = [20, 60, 100, 200];

/// One screenful.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Display {
    pub title: Text,
    /// A refusal or notice under the title.
    pub message: Option<Text>,
    pub lines: Vec<Text>,
    /// What is typed, as shown: a PIN as `•` only, an amount after `$`. `None` where nothing
    /// is typed on this screen.
    pub entry: Option<String>,
    /// The soft keys, up to four a side, left first; each is worded from its meaning.
    pub soft: Vec<Soft>,
}

/// How the entry shows on a screen.
enum Entry {
    Pin,
    Amount,
}

impl Atm {
    pub fn display(&self) -> Display {
        use Text as T;
        let (title, lines, entry) = match &self.screen {
            Screen::Welcome => (T::Welcome, vec![T::InsertCard], None),
            Screen::Pin => (T::EnterPin, vec![T::ThenEnter], Some(Entry::Pin)),
            Screen::Menu => (
                self.session
                    .as_ref()
                    .map_or(T::MainMenu, |s| T::Hello(s.name.clone())),
                vec![T::ChooseTransaction],
                None,
            ),
            Screen::Withdraw => (T::WithdrawCash, vec![T::ChooseAmount], Some(Entry::Amount)),
            Screen::Amount(AmountFor::Withdraw) => {
                (T::OtherAmount, vec![T::TypeAmount], Some(Entry::Amount))
            }
            Screen::Amount(AmountFor::Deposit) => {
                (T::Deposit, vec![T::TypeAmount], Some(Entry::Amount))
            }
            Screen::Amount(AmountFor::Transfer(to)) => (
                T::TransferTo(to.clone()),
                vec![T::TypeAmount],
                Some(Entry::Amount),
            ),
            Screen::TransferTo => (T::Transfer, vec![T::ChooseTransferAccount], None),
            Screen::NewPin => (T::ChangePin, vec![T::TypeNewPin], Some(Entry::Pin)),
            Screen::ConfirmPin(_) => (T::ChangePin, vec![T::TypeAgain], Some(Entry::Pin)),
            Screen::Result(lines) => {
                let mut body = lines.clone();
                body.push(T::AnotherTransaction);
                (T::Done, body, None)
            }
            Screen::Refused(why) => (T::NotDone, vec![why.clone(), T::AnotherTransaction], None),
            Screen::MoreTime(_) => (T::NeedMoreTime, vec![T::SessionEnding], None),
            Screen::NoReceipt => (T::NoReceipt, vec![T::GoOnWithoutReceipt], None),
            Screen::Fee { amount, fee } => (
                T::FeeTitle,
                vec![
                    T::FeeNotice {
                        amount: *amount,
                        fee: *fee,
                    },
                    T::AcceptOrDecline,
                ],
                None,
            ),
            Screen::Goodbye(why) => (why.clone(), vec![T::TakeYourCard], None),
        };
        let entry = entry.map(|kind| match kind {
            Entry::Pin => "•".repeat(self.entry.chars().count()),
            Entry::Amount => format!("${}", self.entry),
        });
        Display {
            title,
            message: self.message.clone(),
            lines,
            entry,
            soft: self.soft_keys(),
        }
    }

    fn soft_keys(&self) -> Vec<Soft> {
        let yes_no = |yes: Soft, no: Soft| vec![yes, no];
        match &self.screen {
            Screen::Menu => vec![
                Soft::Balance,
                Soft::Withdraw,
                Soft::Deposit,
                Soft::History,
                Soft::Transfer,
                Soft::ChangePin,
                Soft::Exit,
            ],
            Screen::Withdraw => FAST_CASH
                .iter()
                .map(|d| Soft::Fast(*d))
                .chain([Soft::Other])
                .collect(),
            // From the card's primary account to any other it reaches.
            Screen::TransferTo => self
                .session
                .iter()
                .flat_map(|s| s.accounts.iter().skip(1))
                .map(|a| Soft::To(a.clone()))
                .collect(),
            Screen::Result(_) | Screen::Refused(_) | Screen::NoReceipt => {
                yes_no(Soft::Another(true), Soft::Another(false))
            }
            Screen::MoreTime(_) => yes_no(Soft::MoreTime(true), Soft::MoreTime(false)),
            Screen::Fee { .. } => yes_no(Soft::Fee(true), Soft::Fee(false)),
            _ => Vec::new(),
        }
    }
}
