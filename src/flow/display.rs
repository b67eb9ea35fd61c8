//! What the screen shows for a state: its title, lines, the typed entry and the soft keys. The
//! components render this, and anything else that presents the screen reads the same.

use super::{AmountFor, Atm, Screen, Soft};

/// Fast cash amounts, in whole dollars.
const FAST_CASH: [i64; 4] = [20, 60, 100, 200];

/// One screenful.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Display {
    pub title: String,
    /// A refusal or notice under the title.
    pub message: Option<String>,
    pub lines: Vec<String>,
    /// What is typed, as shown: a PIN as `•` only, an amount after `$`. `None` where nothing
    /// is typed on this screen.
    pub entry: Option<String>,
    /// The soft keys (label, meaning), up to four a side, left first.
    pub soft: Vec<(String, Soft)>,
}

/// How the entry shows on a screen.
enum Entry {
    Pin,
    Amount,
}

impl Atm {
    pub fn display(&self) -> Display {
        let line = |t: &str| t.to_string();
        let typing = "Type the amount in whole dollars, then Enter";
        let (title, lines, entry) = match &self.screen {
            Screen::Welcome => (line("Welcome"), vec![line("Please insert your card")], None),
            Screen::Pin => (
                line("Enter your PIN"),
                vec![line("Then press Enter")],
                Some(Entry::Pin),
            ),
            Screen::Menu => (
                self.session
                    .as_ref()
                    .map_or_else(|| line("Main menu"), |s| format!("Hello, {}", s.name)),
                vec![line("Choose a transaction")],
                None,
            ),
            Screen::Withdraw => (
                line("Withdraw cash"),
                vec![line("Choose an amount, or type one and press Enter")],
                Some(Entry::Amount),
            ),
            Screen::Amount(AmountFor::Withdraw) => (
                line("Other amount"),
                vec![line(typing)],
                Some(Entry::Amount),
            ),
            Screen::Amount(AmountFor::Deposit) => {
                (line("Deposit"), vec![line(typing)], Some(Entry::Amount))
            }
            Screen::Amount(AmountFor::Transfer(to)) => (
                format!("Transfer to {}", to.0),
                vec![line(typing)],
                Some(Entry::Amount),
            ),
            Screen::TransferTo => (
                line("Transfer"),
                vec![line("Choose the account to transfer to")],
                None,
            ),
            Screen::NewPin => (
                line("Change PIN"),
                vec![line("Type your new PIN, then Enter")],
                Some(Entry::Pin),
            ),
            Screen::ConfirmPin(_) => (
                line("Change PIN"),
                vec![line("Type it again, then Enter")],
                Some(Entry::Pin),
            ),
            Screen::Result(lines) => {
                let mut body = lines.clone();
                body.push(line("Another transaction?"));
                (line("Done"), body, None)
            }
            Screen::Refused(why) => (
                line("Not done"),
                vec![why.clone(), line("Another transaction?")],
                None,
            ),
            Screen::MoreTime(_) => (
                line("Do you need more time?"),
                vec![line("Your session is about to end")],
                None,
            ),
            Screen::Goodbye(why) => (why.clone(), vec![line("Please take your card")], None),
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

    fn soft_keys(&self) -> Vec<(String, Soft)> {
        let s = |label: &str, soft: Soft| (label.to_string(), soft);
        let yes_no = |yes: Soft, no: Soft| vec![s("Yes", yes), s("No", no)];
        match &self.screen {
            Screen::Menu => vec![
                s("Balance", Soft::Balance),
                s("Withdraw", Soft::Withdraw),
                s("Deposit", Soft::Deposit),
                s("History", Soft::History),
                s("Transfer", Soft::Transfer),
                s("Change PIN", Soft::ChangePin),
                s("Exit", Soft::Exit),
            ],
            Screen::Withdraw => FAST_CASH
                .iter()
                .map(|d| (format!("${d}"), Soft::Fast(*d)))
                .chain([s("Other amount", Soft::Other)])
                .collect(),
            // From the card's primary account to any other it reaches.
            Screen::TransferTo => self
                .session
                .iter()
                .flat_map(|s| s.accounts.iter().skip(1))
                .map(|a| (format!("To {}", a.0), Soft::To(a.clone())))
                .collect(),
            Screen::Result(_) | Screen::Refused(_) => {
                yes_no(Soft::Another(true), Soft::Another(false))
            }
            Screen::MoreTime(_) => yes_no(Soft::MoreTime(true), Soft::MoreTime(false)),
            _ => Vec::new(),
        }
    }
}
