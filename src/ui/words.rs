//! The machine's words in the chosen language: every [`Text`] the flow produces, every soft key
//! and every refusal of the core, from its data, through locales/*.json. The only place the UI
//! turns the flow's and the core's data into sentences.

use super::i18n::{Locale, td_string};
use crate::core::card::CredentialError;
use crate::core::machine::{Device, FaultKind};
use crate::core::money::MoneyParseError;
use crate::core::{AtmError, TxnKind};
use crate::flow::speech::sentence;
use crate::flow::{Soft, Text};
use crate::store::StoreError;

/// One text of the screen, the receipt or talking mode.
pub fn text(t: &Text, l: Locale) -> String {
    let s = |s: &str| s.to_string();
    match t {
        Text::Welcome => s(td_string!(l, screen.welcome)),
        Text::InsertCard => s(td_string!(l, screen.insert_card)),
        Text::EnterPin => s(td_string!(l, screen.enter_pin)),
        Text::ThenEnter => s(td_string!(l, screen.then_enter)),
        Text::MainMenu => s(td_string!(l, screen.main_menu)),
        Text::Hello(name) => td_string!(l, screen.hello, name = name),
        Text::ChooseTransaction => s(td_string!(l, screen.choose_transaction)),
        Text::WithdrawCash => s(td_string!(l, screen.withdraw_cash)),
        Text::ChooseAmount => s(td_string!(l, screen.choose_amount)),
        Text::OtherAmount => s(td_string!(l, screen.other_amount)),
        Text::TypeAmount => s(td_string!(l, screen.type_amount)),
        Text::Deposit => s(td_string!(l, screen.deposit)),
        Text::TransferTo(to) => td_string!(l, screen.transfer_to, account = to),
        Text::Transfer => s(td_string!(l, screen.transfer)),
        Text::ChooseTransferAccount => s(td_string!(l, screen.choose_transfer_account)),
        Text::ChangePin => s(td_string!(l, screen.change_pin)),
        Text::TypeNewPin => s(td_string!(l, screen.type_new_pin)),
        Text::TypeAgain => s(td_string!(l, screen.type_again)),
        Text::PinsDoNotMatch => s(td_string!(l, screen.pins_do_not_match)),
        Text::Done => s(td_string!(l, screen.done)),
        Text::NotDone => s(td_string!(l, screen.not_done)),
        Text::AnotherTransaction => s(td_string!(l, screen.another_transaction)),
        Text::NeedMoreTime => s(td_string!(l, screen.need_more_time)),
        Text::SessionEnding => s(td_string!(l, screen.session_ending)),
        Text::TakeYourCard => s(td_string!(l, screen.take_your_card)),
        Text::ThankYou => s(td_string!(l, screen.thank_you)),
        Text::Cancelled => s(td_string!(l, screen.cancelled)),
        Text::NoReceipt => s(td_string!(l, screen.no_receipt)),
        Text::GoOnWithoutReceipt => s(td_string!(l, screen.go_on_without_receipt)),
        Text::CashRetracted(amount) => td_string!(l, screen.cash_retracted, amount = amount),
        Text::FeeTitle => s(td_string!(l, fees.title)),
        Text::FeeNotice { amount, fee } => {
            td_string!(l, fees.notice, fee = fee, amount = amount)
        }
        Text::AcceptOrDecline => s(td_string!(l, fees.accept_or_decline)),
        Text::FeeDeclined => s(td_string!(l, fees.declined)),
        Text::FeeCharged(fee) => td_string!(l, fees.charged, fee = fee),
        Text::ReceiptFee(fee) => td_string!(l, fees.receipt_fee, fee = fee),
        Text::Refusal(e) => refusal(e, l),
        Text::Problem(e) => problem(e, l),
        Text::Notice(notice) => notice.clone(),
        Text::TakeCash(amount) => td_string!(l, screen.take_cash, amount = amount),
        Text::PartlyDispensed { amount, requested } => td_string!(
            l,
            screen.partly_dispensed,
            amount = amount,
            requested = requested
        ),
        Text::BalanceIs(amount) => td_string!(l, screen.balance_is, amount = amount),
        Text::Account(account) => td_string!(l, screen.account, account = account),
        Text::Deposited(amount) => td_string!(l, screen.deposited, amount = amount),
        Text::Transferred { amount, from, to } => {
            td_string!(l, screen.transferred, amount = amount, from = from, to = to)
        }
        Text::PinChanged => s(td_string!(l, screen.pin_changed)),
        Text::LastTransactions(account) => {
            td_string!(l, screen.last_transactions, account = account)
        }
        Text::NoTransactions => s(td_string!(l, screen.no_transactions)),
        Text::Statement {
            date,
            kind,
            amount,
            balance,
        } => {
            let (month, day) = date.month_day();
            let months: Vec<&str> = td_string!(l, screen.months).split(' ').collect();
            let month = months.get(month as usize - 1).copied().unwrap_or_default();
            let date = td_string!(
                l,
                screen.short_date,
                month = month,
                day = format!("{day:02}")
            );
            let sign = if kind.is_debit() { "-" } else { "+" };
            let kind = entry_kind(*kind, l);
            td_string!(
                l,
                screen.statement,
                date = date,
                kind = kind,
                sign = sign,
                amount = amount,
                balance = balance
            )
        }
        Text::ReceiptWithdrawal(amount) => td_string!(l, receipt.withdrawal, amount = amount),
        Text::ReceiptDeposit(amount) => td_string!(l, receipt.deposit, amount = amount),
        Text::ReceiptTransfer(amount) => td_string!(l, receipt.transfer, amount = amount),
        Text::ReceiptFromTo(from, to) => td_string!(l, receipt.from_to, from = from, to = to),
        Text::ReceiptBalance(amount) => td_string!(l, receipt.balance, amount = amount),
        Text::SoftKeyAt { right, n, key } => {
            let key = soft(key, l);
            if *right {
                td_string!(l, speech.right, n = n, key = key)
            } else {
                td_string!(l, speech.left, n = n, key = key)
            }
        }
        Text::DigitEntered => s(td_string!(l, speech.digit_entered)),
        Text::Digit(d) => d.to_string(),
        Text::Cleared => s(td_string!(l, speech.cleared)),
        Text::CashOut(amount) => td_string!(l, speech.cash_out, amount = amount),
        Text::ReceiptPrinted => s(td_string!(l, speech.receipt_printed)),
        Text::CardComesOut => s(td_string!(l, speech.card_comes_out)),
    }
}

/// Texts said one after another, each a sentence.
pub fn spoken(parts: &[Text], l: Locale) -> String {
    parts
        .iter()
        .map(|t| sentence(&text(t, l)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A soft key's label.
pub fn soft(key: &Soft, l: Locale) -> String {
    let s = |s: &str| s.to_string();
    match key {
        Soft::Balance => s(td_string!(l, soft.balance)),
        Soft::Withdraw => s(td_string!(l, soft.withdraw)),
        Soft::Deposit => s(td_string!(l, soft.deposit)),
        Soft::History => s(td_string!(l, soft.history)),
        Soft::Transfer => s(td_string!(l, soft.transfer)),
        Soft::ChangePin => s(td_string!(l, soft.change_pin)),
        Soft::Exit => s(td_string!(l, soft.exit)),
        Soft::Fast(dollars) => format!("${dollars}"),
        Soft::Other => s(td_string!(l, soft.other)),
        Soft::To(account) => td_string!(l, soft.to, account = account),
        Soft::Another(true) | Soft::MoreTime(true) => s(td_string!(l, soft.yes)),
        Soft::Another(false) | Soft::MoreTime(false) => s(td_string!(l, soft.no)),
        Soft::Fee(true) => s(td_string!(l, fees.accept)),
        Soft::Fee(false) => s(td_string!(l, fees.decline)),
    }
}

/// A mini-statement entry's kind.
pub fn entry_kind(kind: TxnKind, l: Locale) -> &'static str {
    match kind {
        TxnKind::Withdrawal => td_string!(l, entry_kind.withdrawal),
        TxnKind::Deposit => td_string!(l, entry_kind.deposit),
        TxnKind::TransferOut => td_string!(l, entry_kind.transfer_out),
        TxnKind::TransferIn => td_string!(l, entry_kind.transfer_in),
        TxnKind::Opening => td_string!(l, entry_kind.opening),
        TxnKind::Reversal => td_string!(l, entry_kind.reversal),
        TxnKind::Fee => td_string!(l, fees.entry),
    }
}

/// A device's name.
pub fn device(d: Device, l: Locale) -> &'static str {
    match d {
        Device::CardReader => td_string!(l, device.card_reader),
        Device::Dispenser => td_string!(l, device.dispenser),
        Device::Printer => td_string!(l, device.printer),
        Device::DepositSlot => td_string!(l, device.deposit_slot),
        Device::Host => td_string!(l, device.host),
    }
}

/// A fault's name.
pub fn fault(k: FaultKind, l: Locale) -> &'static str {
    match k {
        FaultKind::ReadError => td_string!(l, fault.read_error),
        FaultKind::Jam => td_string!(l, fault.jam),
        FaultKind::Partial => td_string!(l, fault.partial),
        FaultKind::OutOfPaper => td_string!(l, fault.out_of_paper),
        FaultKind::Offline => td_string!(l, fault.offline),
    }
}

/// Kinds of note as a list: `$20 and $50`, `$20, $50 and $100`.
fn notes(denominations: &[u32], l: Locale) -> String {
    let notes: Vec<String> = denominations.iter().map(|d| format!("${d}")).collect();
    match notes.as_slice() {
        [init @ .., last] if !init.is_empty() => {
            format!("{} {} {last}", init.join(", "), td_string!(l, refusal.and))
        }
        _ => notes.concat(),
    }
}

/// The sentence a customer (or the back office) reads for a broken rule, from its data.
pub fn refusal(e: &AtmError, l: Locale) -> String {
    let s = |s: &str| s.to_string();
    match e {
        AtmError::OutOfService => s(td_string!(l, refusal.out_of_service)),
        AtmError::UnknownCard => s(td_string!(l, refusal.unknown_card)),
        AtmError::CardStolen => s(td_string!(l, refusal.card_stolen)),
        AtmError::CardExpired => s(td_string!(l, refusal.card_expired)),
        AtmError::CardBlocked { until } => td_string!(l, refusal.card_blocked, until = until),
        AtmError::CardInUse => s(td_string!(l, refusal.card_in_use)),
        AtmError::WrongPin { tries_left: 1 } => s(td_string!(l, refusal.wrong_pin_one)),
        AtmError::WrongPin { tries_left } => td_string!(l, refusal.wrong_pin, tries = tries_left),
        AtmError::BlockedNow { until } => td_string!(l, refusal.blocked_now, until = until),
        AtmError::BlockedAndRetained { until, machine } => td_string!(
            l,
            refusal.blocked_and_retained,
            until = until,
            machine = machine
        ),
        AtmError::SessionExpired => s(td_string!(l, refusal.session_expired)),
        AtmError::NotLoggedIn => s(td_string!(l, refusal.not_logged_in)),
        AtmError::AmountNotPositive => s(td_string!(l, refusal.amount_not_positive)),
        AtmError::NotesCannotMake { denominations } => {
            td_string!(
                l,
                refusal.notes_cannot_make,
                notes = notes(denominations, l)
            )
        }
        AtmError::DepositNotesCannotMake { denominations } => {
            td_string!(
                l,
                refusal.deposit_notes_cannot_make,
                notes = notes(denominations, l)
            )
        }
        AtmError::DepositTooManyNotes { max } => {
            td_string!(l, refusal.deposit_too_many_notes, max = max)
        }
        AtmError::OverTransactionLimit { limit } => {
            td_string!(l, refusal.over_transaction_limit, limit = limit)
        }
        AtmError::DailyLimitExceeded { remaining } => {
            td_string!(l, refusal.daily_limit_exceeded, remaining = remaining)
        }
        AtmError::InsufficientFunds => s(td_string!(l, refusal.insufficient_funds)),
        AtmError::MachineCannotDispense => s(td_string!(l, refusal.machine_cannot_dispense)),
        AtmError::AccountNotOnCard => s(td_string!(l, refusal.account_not_on_card)),
        AtmError::SameAccount => s(td_string!(l, refusal.same_account)),
        AtmError::SamePin => s(td_string!(l, refusal.same_pin)),
        AtmError::AmountTooLarge => s(td_string!(l, refusal.amount_too_large)),
        AtmError::HostOffline => s(td_string!(l, refusal.host_offline)),
        AtmError::CardUnreadable => s(td_string!(l, refusal.card_unreadable)),
        AtmError::CardRetained { machine } => {
            td_string!(l, refusal.card_retained, machine = machine)
        }
        AtmError::DispenserJam { amount } => td_string!(l, refusal.dispenser_jam, amount = amount),
        AtmError::FeeNotAccepted { fee } => td_string!(l, fees.not_accepted, fee = fee),
        AtmError::BadAmount(e) => s(match e {
            MoneyParseError::Empty => td_string!(l, refusal.enter_amount),
            MoneyParseError::Negative => td_string!(l, refusal.amount_negative),
            MoneyParseError::NotANumber => td_string!(l, refusal.amount_not_number),
            MoneyParseError::TooManyDecimals => td_string!(l, refusal.amount_decimals),
            MoneyParseError::TooLarge => td_string!(l, refusal.amount_too_large),
        }),
        AtmError::BadCredential(e) => s(match e {
            CredentialError::CardNotDigits => td_string!(l, refusal.card_not_digits),
            CredentialError::CardLength => td_string!(l, refusal.card_length),
            CredentialError::PinNotDigits => td_string!(l, refusal.pin_not_digits),
            CredentialError::PinLength => td_string!(l, refusal.pin_length),
        }),
        // The field names and the reasons of the back office's checks are data: English.
        AtmError::BadSettings(e) => {
            td_string!(l, refusal.field, field = e.field, reason = e.reason)
        }
        AtmError::Unknown { what, id } => td_string!(l, refusal.unknown, what = what, id = id),
        AtmError::Duplicate { what, id } => {
            td_string!(l, refusal.duplicate, what = what, id = id)
        }
        AtmError::Invalid { field, reason } => {
            td_string!(l, refusal.field, field = field, reason = reason)
        }
    }
}

/// Why the store could not answer.
pub fn problem(e: &StoreError, l: Locale) -> String {
    match e {
        StoreError::Rule(rule) => refusal(rule, l),
        StoreError::Storage(why) => td_string!(l, screen.storage_error, why = why),
        StoreError::Corrupt { store, key } => {
            td_string!(l, screen.corrupt, store = store, key = key)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::settings::SettingsError;
    use crate::core::time::{Timestamp, UtcOffset};
    use crate::core::{AccountId, Money};
    use wasm_bindgen_test::wasm_bindgen_test;

    fn every_refusal() -> Vec<AtmError> {
        let until = Timestamp::from_millis(1_800_000_000_000).local(UtcOffset::UTC);
        vec![
            AtmError::OutOfService,
            AtmError::UnknownCard,
            AtmError::CardStolen,
            AtmError::CardExpired,
            AtmError::CardBlocked { until },
            AtmError::CardInUse,
            AtmError::WrongPin { tries_left: 1 },
            AtmError::WrongPin { tries_left: 2 },
            AtmError::BlockedNow { until },
            AtmError::BlockedAndRetained {
                until,
                machine: "ATM009".into(),
            },
            AtmError::DepositNotesCannotMake {
                denominations: vec![20, 50],
            },
            AtmError::DepositTooManyNotes { max: 50 },
            AtmError::SessionExpired,
            AtmError::NotLoggedIn,
            AtmError::AmountNotPositive,
            AtmError::NotesCannotMake {
                denominations: vec![20],
            },
            AtmError::NotesCannotMake {
                denominations: vec![20, 50, 100],
            },
            AtmError::OverTransactionLimit {
                limit: Money::from_dollars(500),
            },
            AtmError::DailyLimitExceeded {
                remaining: Money::from_dollars(200),
            },
            AtmError::InsufficientFunds,
            AtmError::MachineCannotDispense,
            AtmError::AccountNotOnCard,
            AtmError::SameAccount,
            AtmError::SamePin,
            AtmError::AmountTooLarge,
            AtmError::HostOffline,
            AtmError::CardUnreadable,
            AtmError::CardRetained {
                machine: "ATM009".into(),
            },
            AtmError::DispenserJam {
                amount: Money::from_dollars(100),
            },
            AtmError::BadAmount(MoneyParseError::Empty),
            AtmError::BadAmount(MoneyParseError::Negative),
            AtmError::BadAmount(MoneyParseError::NotANumber),
            AtmError::BadAmount(MoneyParseError::TooManyDecimals),
            AtmError::BadAmount(MoneyParseError::TooLarge),
            AtmError::BadCredential(CredentialError::CardNotDigits),
            AtmError::BadCredential(CredentialError::CardLength),
            AtmError::BadCredential(CredentialError::PinNotDigits),
            AtmError::BadCredential(CredentialError::PinLength),
            AtmError::BadSettings(SettingsError {
                field: "daily_limit",
                reason: "must be more than $0.00",
            }),
            AtmError::Unknown {
                what: "account",
                id: "ACC9".into(),
            },
            AtmError::Duplicate {
                what: "card",
                id: "C1".into(),
            },
            AtmError::Invalid {
                field: "name".into(),
                reason: "is empty".into(),
            },
        ]
    }

    /// The journal keeps the core's English; the English locale says exactly the same.
    #[wasm_bindgen_test]
    fn english_refusals_read_as_the_cores_own_sentences() {
        for e in every_refusal() {
            assert_eq!(refusal(&e, Locale::en), e.to_string());
        }
        let storage = StoreError::Storage("quota".into());
        assert_eq!(problem(&storage, Locale::en), storage.to_string());
    }

    /// Every refusal has a Spanish sentence of its own, with the data in it.
    #[wasm_bindgen_test]
    fn spanish_refusals_are_spanish_and_keep_their_data() {
        for e in every_refusal() {
            let es = refusal(&e, Locale::es);
            let shared = matches!(e, AtmError::BadSettings(_) | AtmError::Invalid { .. });
            assert!(shared || es != e.to_string(), "{es}");
        }
        let wrong = refusal(&AtmError::WrongPin { tries_left: 2 }, Locale::es);
        assert_eq!(wrong, "PIN incorrecto. Quedan 2 intentos");
        let notes = AtmError::NotesCannotMake {
            denominations: vec![20, 50, 100],
        };
        assert_eq!(
            refusal(&notes, Locale::es),
            "Este cajero paga con billetes de $20, $50 y $100. Elija una cantidad que pueda formarse con ellos"
        );
        let limit = AtmError::DailyLimitExceeded {
            remaining: Money::from_dollars(200),
        };
        assert_eq!(
            refusal(&limit, Locale::es),
            "Límite diario superado. Disponible: $200.00"
        );
    }

    #[wasm_bindgen_test]
    fn soft_keys_and_speech_in_each_language() {
        let key = Text::SoftKeyAt {
            right: false,
            n: 2,
            key: Soft::Withdraw,
        };
        assert_eq!(text(&key, Locale::en), "Left 2: Withdraw");
        assert_eq!(text(&key, Locale::es), "Izquierda 2: Retirar");
        let to = Soft::To(AccountId::from("ACC001"));
        assert_eq!(soft(&to, Locale::es), "A ACC001");
        assert_eq!(soft(&Soft::Another(true), Locale::es), "Sí");
        let parts = [Text::EnterPin, Text::ThenEnter, Text::DigitEntered];
        assert_eq!(
            spoken(&parts, Locale::es),
            "Introduzca su PIN. Después pulse Aceptar. Dígito introducido."
        );
    }

    #[wasm_bindgen_test]
    fn a_statement_line_dates_itself_in_each_language() {
        let at = Timestamp::parse_rfc3339("2026-11-04T09:00:00Z").unwrap().0;
        let line = Text::Statement {
            date: at.local(UtcOffset::UTC),
            kind: TxnKind::Withdrawal,
            amount: Money::from_dollars(100),
            balance: Money::from_dollars(1100),
        };
        assert_eq!(
            text(&line, Locale::en),
            "Nov 04 Withdrawal -$100.00 → $1,100.00"
        );
        assert_eq!(
            text(&line, Locale::es),
            "04 nov Retiro -$100.00 → $1,100.00"
        );
    }
}
