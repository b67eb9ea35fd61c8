//! What the machine says, as data: the screen, the receipt and talking mode hold these, and the
//! UI words each one in the chosen language (ui/words.rs, locales/*.json). The flow never
//! writes a sentence itself.

use super::Soft;
use crate::core::time::LocalTime;
use crate::core::{AccountId, AtmError, Money, TxnKind};
use crate::store::StoreError;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Text {
    // Titles and lines of the screens.
    Welcome,
    InsertCard,
    EnterPin,
    ThenEnter,
    MainMenu,
    Hello(String),
    ChooseTransaction,
    WithdrawCash,
    ChooseAmount,
    OtherAmount,
    TypeAmount,
    Deposit,
    TransferTo(AccountId),
    Transfer,
    ChooseTransferAccount,
    ChangePin,
    TypeNewPin,
    TypeAgain,
    PinsDoNotMatch,
    Done,
    NotDone,
    AnotherTransaction,
    NeedMoreTime,
    SessionEnding,
    TakeYourCard,
    ThankYou,
    Cancelled,
    /// The printer cannot give a receipt: asked before the customer goes on.
    NoReceipt,
    GoOnWithoutReceipt,
    /// Cash not taken in time went back into the machine, and `0` back to the account.
    CashRetracted(Money),
    /// The fee screen: its title, what the machine charges for the withdrawal, and the ask.
    FeeTitle,
    FeeNotice {
        amount: Money,
        fee: Money,
    },
    AcceptOrDecline,
    /// The customer declined the fee: nothing was charged.
    FeeDeclined,
    /// The fee charged with the cash, on the screen and on the receipt.
    FeeCharged(Money),
    ReceiptFee(Money),
    /// A rule the core refused with: worded from its data.
    Refusal(AtmError),
    /// The store could not answer (storage failed).
    Problem(StoreError),
    /// The page's notice (a new bank was loaded).
    Notice(String),
    // What an answer shows.
    TakeCash(Money),
    /// A dispenser fault presented only part of the amount asked for (and only that was debited).
    PartlyDispensed {
        amount: Money,
        requested: Money,
    },
    BalanceIs(Money),
    Account(AccountId),
    Deposited(Money),
    Transferred {
        amount: Money,
        from: AccountId,
        to: AccountId,
    },
    PinChanged,
    LastTransactions(AccountId),
    NoTransactions,
    /// One line of the mini-statement.
    Statement {
        date: LocalTime,
        kind: TxnKind,
        amount: Money,
        balance: Money,
    },
    // The receipt.
    ReceiptWithdrawal(Money),
    ReceiptDeposit(Money),
    ReceiptTransfer(Money),
    ReceiptFromTo(AccountId, AccountId),
    ReceiptBalance(Money),
    // What only talking mode says.
    /// A soft key: `right` side or left, `n` from the top (1–4).
    SoftKeyAt {
        right: bool,
        n: usize,
        key: Soft,
    },
    DigitEntered,
    Digit(char),
    Cleared,
    CashOut(Money),
    ReceiptPrinted,
    CardComesOut,
}

impl From<AtmError> for Text {
    fn from(e: AtmError) -> Text {
        Text::Refusal(e)
    }
}
