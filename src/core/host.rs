//! The bank's host's view of each exchange with a machine, as ISO 8583-shaped messages: message
//! type, processing code, amount, trace number, masked card, time and response code.
//!
//! Nothing here decides anything: [`card_exchange`] and [`session_exchange`] describe a decision
//! the core has already made ([`crate::ops`]), so the `Host messages` log can never disagree with
//! what the customer saw. The mapping from a refusal to its response code lives here and only
//! here ([`ResponseCode::of`]), as one exhaustive `match`: a new [`AtmError`] variant does not
//! compile until someone decides its code.
//!
//! No field can hold a PIN, a PIN block or a full card number: a card is a [`MaskedCard`] (last
//! four digits) and [`crate::card::Pin`] has no `Serialize`, so it cannot reach a stored log.
//!
//! The values are ISO 8583-shaped, not a wire format: no bitmap, no field numbers beyond what a
//! learner needs to read the log. Time and the trace number come in from the shell.

use crate::card::{CredentialError, MaskedCard};
use crate::error::AtmError;
use crate::money::Money;
use crate::ops::{CardRequest, Reply, SessionRequest};
use crate::time::Timestamp;
use serde::{Deserialize, Serialize};

/// The response code (ISO 8583 field 39) the host answers with. A closed set: the codes the
/// core's outcomes need, no more. Serialised by its [`ResponseCode::name`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResponseCode {
    /// 00: the request succeeded.
    Approved,
    /// 12: a request that cannot be made in this state: no live session, a transfer to the same
    /// account, a new PIN equal to the old one.
    InvalidTransaction,
    /// 13: an amount that is not positive, too large, badly written, or one the machine's notes
    /// cannot make.
    InvalidAmount,
    /// 14: a card number the bank does not know, or that is not a card number at all.
    InvalidCard,
    /// 43: the card has been reported stolen.
    StolenCard,
    /// 51: the account's balance does not cover the amount.
    InsufficientFunds,
    /// 54: the card has expired.
    ExpiredCard,
    /// 55: the PIN is wrong (or not a PIN at all).
    IncorrectPin,
    /// 57: the card may not do this now: the account is not on the card, or the card is in a
    /// session at another machine.
    NotPermittedToCardholder,
    /// 58: this machine cannot do it: it is out of service, its cassettes cannot make the
    /// amount, or its card reader failed (the card unread or retained).
    NotPermittedAtTerminal,
    /// 61: the per-transaction or the daily withdrawal limit would be passed.
    ExceedsWithdrawalLimit,
    /// 75: the wrong PIN that used up the last try, and every later attempt while the card is
    /// blocked (the only way a card gets blocked here is too many wrong PINs).
    PinTriesExceeded,
    /// 91: the bank's host cannot be reached (the host link's `offline` fault).
    IssuerUnavailable,
    /// 96: the bank failed to process the request (a record missing, or a back-office refusal
    /// that no machine should ever receive).
    SystemMalfunction,
}

impl ResponseCode {
    /// Every code, in numeric order.
    pub const ALL: [ResponseCode; 14] = [
        ResponseCode::Approved,
        ResponseCode::InvalidTransaction,
        ResponseCode::InvalidAmount,
        ResponseCode::InvalidCard,
        ResponseCode::StolenCard,
        ResponseCode::InsufficientFunds,
        ResponseCode::ExpiredCard,
        ResponseCode::IncorrectPin,
        ResponseCode::NotPermittedToCardholder,
        ResponseCode::NotPermittedAtTerminal,
        ResponseCode::ExceedsWithdrawalLimit,
        ResponseCode::PinTriesExceeded,
        ResponseCode::IssuerUnavailable,
        ResponseCode::SystemMalfunction,
    ];

    /// The code refusing with `error`. Every refusal is listed, with no catch-all arm, so a new
    /// rule gets its code where it is added.
    pub fn of(error: &AtmError) -> ResponseCode {
        match error {
            AtmError::OutOfService => ResponseCode::NotPermittedAtTerminal,
            AtmError::UnknownCard => ResponseCode::InvalidCard,
            AtmError::CardStolen => ResponseCode::StolenCard,
            AtmError::CardExpired => ResponseCode::ExpiredCard,
            AtmError::CardBlocked { .. } => ResponseCode::PinTriesExceeded,
            AtmError::CardInUse => ResponseCode::NotPermittedToCardholder,
            AtmError::WrongPin { .. } => ResponseCode::IncorrectPin,
            AtmError::BlockedNow { .. } => ResponseCode::PinTriesExceeded,
            AtmError::BlockedAndRetained { .. } => ResponseCode::PinTriesExceeded,
            AtmError::SessionExpired => ResponseCode::InvalidTransaction,
            AtmError::NotLoggedIn => ResponseCode::InvalidTransaction,
            AtmError::AmountNotPositive => ResponseCode::InvalidAmount,
            AtmError::NotesCannotMake { .. } => ResponseCode::InvalidAmount,
            AtmError::DepositNotesCannotMake { .. } => ResponseCode::InvalidAmount,
            AtmError::DepositTooManyNotes { .. } => ResponseCode::InvalidAmount,
            AtmError::OverTransactionLimit { .. } => ResponseCode::ExceedsWithdrawalLimit,
            AtmError::DailyLimitExceeded { .. } => ResponseCode::ExceedsWithdrawalLimit,
            AtmError::InsufficientFunds => ResponseCode::InsufficientFunds,
            AtmError::MachineCannotDispense => ResponseCode::NotPermittedAtTerminal,
            AtmError::AccountNotOnCard => ResponseCode::NotPermittedToCardholder,
            AtmError::SameAccount => ResponseCode::InvalidTransaction,
            AtmError::SamePin => ResponseCode::InvalidTransaction,
            AtmError::AmountTooLarge => ResponseCode::InvalidAmount,
            AtmError::HostOffline => ResponseCode::IssuerUnavailable,
            // The machine's own devices failed: this terminal cannot do it.
            AtmError::CardUnreadable => ResponseCode::NotPermittedAtTerminal,
            AtmError::CardRetained { .. } => ResponseCode::NotPermittedAtTerminal,
            // The host approved the 0200; the machine then failed to present the cash and
            // reverses it with a 0420 advice ([`reversal_of`]).
            AtmError::DispenserJam { .. } => ResponseCode::Approved,
            // The machine sent a withdrawal without the customer's consent to its fee.
            AtmError::FeeNotAccepted { .. } => ResponseCode::InvalidTransaction,
            AtmError::BadAmount(_) => ResponseCode::InvalidAmount,
            AtmError::BadCredential(e) => match e {
                CredentialError::CardNotDigits | CredentialError::CardLength => {
                    ResponseCode::InvalidCard
                }
                CredentialError::PinNotDigits | CredentialError::PinLength => {
                    ResponseCode::IncorrectPin
                }
            },
            AtmError::BadSettings(_) => ResponseCode::SystemMalfunction,
            AtmError::Unknown { .. } => ResponseCode::SystemMalfunction,
            AtmError::Duplicate { .. } => ResponseCode::SystemMalfunction,
            AtmError::Invalid { .. } => ResponseCode::SystemMalfunction,
        }
    }

    /// The code for an outcome: approved, or the refusal's code.
    pub fn of_outcome(outcome: &Result<Reply, AtmError>) -> ResponseCode {
        match outcome {
            Ok(_) => ResponseCode::Approved,
            Err(e) => ResponseCode::of(e),
        }
    }

    /// The two digits of field 39.
    pub fn code(self) -> &'static str {
        match self {
            ResponseCode::Approved => "00",
            ResponseCode::InvalidTransaction => "12",
            ResponseCode::InvalidAmount => "13",
            ResponseCode::InvalidCard => "14",
            ResponseCode::StolenCard => "43",
            ResponseCode::InsufficientFunds => "51",
            ResponseCode::ExpiredCard => "54",
            ResponseCode::IncorrectPin => "55",
            ResponseCode::NotPermittedToCardholder => "57",
            ResponseCode::NotPermittedAtTerminal => "58",
            ResponseCode::ExceedsWithdrawalLimit => "61",
            ResponseCode::PinTriesExceeded => "75",
            ResponseCode::IssuerUnavailable => "91",
            ResponseCode::SystemMalfunction => "96",
        }
    }

    /// A stable snake_case name (what serde writes), for logs and translation keys.
    pub fn name(self) -> &'static str {
        match self {
            ResponseCode::Approved => "approved",
            ResponseCode::InvalidTransaction => "invalid_transaction",
            ResponseCode::InvalidAmount => "invalid_amount",
            ResponseCode::InvalidCard => "invalid_card",
            ResponseCode::StolenCard => "stolen_card",
            ResponseCode::InsufficientFunds => "insufficient_funds",
            ResponseCode::ExpiredCard => "expired_card",
            ResponseCode::IncorrectPin => "incorrect_pin",
            ResponseCode::NotPermittedToCardholder => "not_permitted_to_cardholder",
            ResponseCode::NotPermittedAtTerminal => "not_permitted_at_terminal",
            ResponseCode::ExceedsWithdrawalLimit => "exceeds_withdrawal_limit",
            ResponseCode::PinTriesExceeded => "pin_tries_exceeded",
            ResponseCode::IssuerUnavailable => "issuer_unavailable",
            ResponseCode::SystemMalfunction => "system_malfunction",
        }
    }
}

/// The message type indicator (MTI): what a message is and which way it goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MessageType {
    /// 0100: asks about a card, a PIN or an account without moving money.
    AuthorizationRequest,
    /// 0110.
    AuthorizationResponse,
    /// 0200: moves money (withdrawal, deposit, transfer).
    FinancialRequest,
    /// 0210.
    FinancialResponse,
    /// 0420: the machine tells the host a financial request did not complete (sent as advice:
    /// the host cannot refuse it).
    ReversalAdvice,
    /// 0430.
    ReversalAdviceResponse,
    /// 0800: the machine checks its link to the host.
    NetworkRequest,
    /// 0810.
    NetworkResponse,
}

impl MessageType {
    /// The four digits of the MTI.
    pub fn code(self) -> &'static str {
        match self {
            MessageType::AuthorizationRequest => "0100",
            MessageType::AuthorizationResponse => "0110",
            MessageType::FinancialRequest => "0200",
            MessageType::FinancialResponse => "0210",
            MessageType::ReversalAdvice => "0420",
            MessageType::ReversalAdviceResponse => "0430",
            MessageType::NetworkRequest => "0800",
            MessageType::NetworkResponse => "0810",
        }
    }

    /// The type answering this request, or `None` for a response.
    pub fn response(self) -> Option<MessageType> {
        match self {
            MessageType::AuthorizationRequest => Some(MessageType::AuthorizationResponse),
            MessageType::FinancialRequest => Some(MessageType::FinancialResponse),
            MessageType::ReversalAdvice => Some(MessageType::ReversalAdviceResponse),
            MessageType::NetworkRequest => Some(MessageType::NetworkResponse),
            MessageType::AuthorizationResponse
            | MessageType::FinancialResponse
            | MessageType::ReversalAdviceResponse
            | MessageType::NetworkResponse => None,
        }
    }

    pub fn is_request(self) -> bool {
        self.response().is_some()
    }
}

/// What a request asks for (ISO 8583 field 3). The standard's transaction types where it has
/// one (01 cash, 21 deposit, 31 balance inquiry, 40 transfer); 38 for a mini-statement sits in
/// its inquiry range (3x). It has no value for checking a card, verifying a PIN or changing
/// one, and networks each pick their own, so 90, 91 and 92 are this simulator's. The account-type
/// digits are always 00 (unspecified): the host knows each account's kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProcessingCode {
    Withdrawal,
    Deposit,
    BalanceInquiry,
    MiniStatement,
    Transfer,
    /// A card inserted: is it known, active, not stolen, expired, blocked or in use?
    CardCheck,
    PinVerification,
    PinChange,
}

impl ProcessingCode {
    /// The six digits of field 3: transaction type, then from- and to-account types (00).
    pub fn code(self) -> &'static str {
        match self {
            ProcessingCode::Withdrawal => "010000",
            ProcessingCode::Deposit => "210000",
            ProcessingCode::BalanceInquiry => "310000",
            ProcessingCode::MiniStatement => "380000",
            ProcessingCode::Transfer => "400000",
            ProcessingCode::CardCheck => "900000",
            ProcessingCode::PinVerification => "910000",
            ProcessingCode::PinChange => "920000",
        }
    }
}

/// The largest trace number: the system trace audit number (field 11) has six digits.
pub const MAX_TRACE: u32 = 999_999;

/// The trace number after `last`: 1 to 999,999, then round to 1 again. The shell keeps the last
/// one; a request and its response share theirs.
pub fn next_trace(last: u32) -> u32 {
    if last >= MAX_TRACE { 1 } else { last + 1 }
}

/// One message between a machine and the host. There is deliberately no field for a PIN or a
/// PIN block, and the card is masked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HostMessage {
    pub mti: MessageType,
    /// `None` on network messages (0800/0810), which carry no field 3.
    pub processing_code: Option<ProcessingCode>,
    /// Field 4, on messages that move money.
    pub amount: Option<Money>,
    /// The system trace audit number (field 11), shared by a request and its response.
    pub trace: u32,
    /// `None` on network messages, which concern no card.
    pub card: Option<MaskedCard>,
    pub at: Timestamp,
    /// Field 39, on responses only.
    pub response: Option<ResponseCode>,
}

/// A request and the host's response to it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessagePair {
    pub request: HostMessage,
    pub response: HostMessage,
}

/// Builds the pair for a request of type `mti` answered with `code`. `mti` is always one of
/// the request types above, so it has a response type.
fn pair(
    mti: MessageType,
    processing_code: Option<ProcessingCode>,
    amounts: (Option<Money>, Option<Money>),
    card: Option<&MaskedCard>,
    code: ResponseCode,
    trace: u32,
    at: Timestamp,
) -> MessagePair {
    let request = HostMessage {
        mti,
        processing_code,
        amount: amounts.0,
        trace,
        card: card.cloned(),
        at,
        response: None,
    };
    let response = HostMessage {
        mti: mti.response().unwrap_or(mti),
        amount: amounts.1,
        response: Some(code),
        ..request.clone()
    };
    MessagePair { request, response }
}

/// The messages for a card-slot request ([`crate::ops::decide_card`]). Both kinds ask the host:
/// inserting a card is a 0100 card check (the host alone knows whether the card is stolen,
/// expired or blocked), entering the PIN a 0100 PIN verification answered 00, 55 or 75.
/// `card` is the inserted card's number, masked (also for a card the bank does not know). A
/// capture is the machine's own act and asks the host nothing.
pub fn card_exchange(
    request: &CardRequest,
    card: &MaskedCard,
    outcome: &Result<Reply, AtmError>,
    trace: u32,
    at: Timestamp,
) -> Option<MessagePair> {
    let processing = match request {
        CardRequest::Insert => ProcessingCode::CardCheck,
        CardRequest::EnterPin(_) => ProcessingCode::PinVerification,
        CardRequest::Capture => return None,
    };
    Some(pair(
        MessageType::AuthorizationRequest,
        Some(processing),
        (None, None),
        Some(card),
        ResponseCode::of_outcome(outcome),
        trace,
        at,
    ))
}

/// The messages for a request inside a session ([`crate::ops::decide_session`]), or `None`.
///
/// Requests that read or change the bank's records ask the host: balance, mini-statement and
/// PIN change as 0100 inquiries, withdrawal, deposit and transfer as 0200 financial requests.
/// Session housekeeping — more time, logout, a timer tick — asks nothing: a real machine ends or
/// extends its conversation with the customer without a message to the host, so these give
/// `None` whatever their outcome.
///
/// A refused request still gets its pair, even when the machine could have refused alone (out of
/// service, session expired, notes that cannot make the amount): here the bank decides every
/// rule in one place, and the log shows the learner which code each refusal earns.
///
/// `card` is the session's masked card. The response's amount is what the reply says moved (so
/// a partly presented withdrawal shows what was debited), else the requested amount.
pub fn session_exchange(
    request: &SessionRequest,
    card: &MaskedCard,
    outcome: &Result<Reply, AtmError>,
    trace: u32,
    at: Timestamp,
) -> Option<MessagePair> {
    let (mti, processing, asked) = match request {
        SessionRequest::Balance { .. } => (
            MessageType::AuthorizationRequest,
            ProcessingCode::BalanceInquiry,
            None,
        ),
        SessionRequest::History { .. } => (
            MessageType::AuthorizationRequest,
            ProcessingCode::MiniStatement,
            None,
        ),
        SessionRequest::ChangePin { .. } => (
            MessageType::AuthorizationRequest,
            ProcessingCode::PinChange,
            None,
        ),
        // A surcharged withdrawal asks for the cash and the fee the customer accepted together:
        // the total the account pays, as a real network's amount includes its fee field.
        SessionRequest::Withdraw { amount, fee, .. } => (
            MessageType::FinancialRequest,
            ProcessingCode::Withdrawal,
            Some(amount.checked_add(*fee).unwrap_or(*amount)),
        ),
        SessionRequest::Deposit { amount, .. } => (
            MessageType::FinancialRequest,
            ProcessingCode::Deposit,
            Some(*amount),
        ),
        SessionRequest::Transfer { amount, .. } => (
            MessageType::FinancialRequest,
            ProcessingCode::Transfer,
            Some(*amount),
        ),
        // Cash not taken: the machine advises the host that the withdrawal did not complete.
        SessionRequest::Retract => {
            let Ok(Reply::Retracted { amount, .. }) = outcome else {
                return None;
            };
            (
                MessageType::ReversalAdvice,
                ProcessingCode::Withdrawal,
                Some(*amount),
            )
        }
        SessionRequest::MoreTime
        | SessionRequest::Logout
        | SessionRequest::Tick
        | SessionRequest::DeclineFee { .. } => return None,
    };
    let moved = match outcome {
        Ok(Reply::Dispensed { amount, fee, .. }) => {
            Some(amount.checked_add(*fee).unwrap_or(*amount))
        }
        Ok(Reply::Deposited { amount, .. }) | Ok(Reply::Transferred { amount, .. }) => {
            Some(*amount)
        }
        _ => asked,
    };
    Some(pair(
        mti,
        Some(processing),
        (asked, moved),
        Some(card),
        ResponseCode::of_outcome(outcome),
        trace,
        at,
    ))
}

/// The reversal of a financial request (`original`, the 0200 the host approved) for `amount`,
/// e.g. after a dispenser jam. It keeps the original's processing code, card and trace number,
/// so the log shows which exchange it undoes (real networks quote the original in a field of
/// its own; one field is enough here). The host acknowledges an advice, so the answer is 00.
pub fn reversal(original: &HostMessage, amount: Money, at: Timestamp) -> MessagePair {
    pair(
        MessageType::ReversalAdvice,
        original.processing_code,
        (Some(amount), Some(amount)),
        original.card.as_ref(),
        ResponseCode::Approved,
        original.trace,
        at,
    )
}

/// The reversal a session exchange's outcome calls for, if any: after a dispenser jam the
/// machine reverses the whole approved withdrawal (`original` is that exchange's 0200).
pub fn reversal_of(
    original: &HostMessage,
    outcome: &Result<Reply, AtmError>,
    at: Timestamp,
) -> Option<MessagePair> {
    match outcome {
        // The whole approved amount: a jam charges no fee either.
        Err(AtmError::DispenserJam { amount }) => {
            Some(reversal(original, original.amount.unwrap_or(*amount), at))
        }
        _ => None,
    }
}

/// A machine checking its link to the host (an echo test): 00 when the host answers, 91 when it
/// is unreachable.
pub fn network_check(host_up: bool, trace: u32, at: Timestamp) -> MessagePair {
    let code = if host_up {
        ResponseCode::Approved
    } else {
        ResponseCode::IssuerUnavailable
    };
    pair(
        MessageType::NetworkRequest,
        None,
        (None, None),
        None,
        code,
        trace,
        at,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::account::AccountId;
    use crate::card::{CardNumber, Pin};
    use crate::machine::MachineId;
    use crate::money::MoneyParseError;
    use crate::session::EndReason;
    use crate::settings::SettingsError;
    use crate::time::UtcOffset;

    fn at() -> Timestamp {
        Timestamp::from_millis(1_795_000_000_000)
    }

    fn masked() -> MaskedCard {
        CardNumber::parse("4000056655665556").unwrap().masked()
    }

    /// Which variant `e` is, by an exhaustive match: a new refusal stops this test compiling
    /// until the table below gives it a code.
    fn variant(e: &AtmError) -> usize {
        match e {
            AtmError::OutOfService => 0,
            AtmError::UnknownCard => 1,
            AtmError::CardStolen => 2,
            AtmError::CardExpired => 3,
            AtmError::CardBlocked { .. } => 4,
            AtmError::CardInUse => 5,
            AtmError::WrongPin { .. } => 6,
            AtmError::BlockedNow { .. } => 7,
            AtmError::SessionExpired => 8,
            AtmError::NotLoggedIn => 9,
            AtmError::AmountNotPositive => 10,
            AtmError::NotesCannotMake { .. } => 11,
            AtmError::OverTransactionLimit { .. } => 12,
            AtmError::DailyLimitExceeded { .. } => 13,
            AtmError::InsufficientFunds => 14,
            AtmError::MachineCannotDispense => 15,
            AtmError::AccountNotOnCard => 16,
            AtmError::SameAccount => 17,
            AtmError::SamePin => 18,
            AtmError::AmountTooLarge => 19,
            AtmError::BadAmount(_) => 20,
            AtmError::BadCredential(_) => 21,
            AtmError::BadSettings(_) => 22,
            AtmError::Unknown { .. } => 23,
            AtmError::Duplicate { .. } => 24,
            AtmError::Invalid { .. } => 25,
            AtmError::HostOffline => 26,
            AtmError::CardUnreadable => 27,
            AtmError::CardRetained { .. } => 28,
            AtmError::DispenserJam { .. } => 29,
            AtmError::BlockedAndRetained { .. } => 30,
            AtmError::DepositNotesCannotMake { .. } => 31,
            AtmError::DepositTooManyNotes { .. } => 32,
            AtmError::FeeNotAccepted { .. } => 33,
        }
    }
    const VARIANTS: usize = 34;

    #[test]
    fn every_refusal_has_its_documented_code() {
        let until = at().local(UtcOffset::UTC);
        let table: Vec<(AtmError, &str)> = vec![
            (AtmError::OutOfService, "58"),
            (AtmError::UnknownCard, "14"),
            (AtmError::CardStolen, "43"),
            (AtmError::CardExpired, "54"),
            (AtmError::CardBlocked { until }, "75"),
            (AtmError::CardInUse, "57"),
            (AtmError::WrongPin { tries_left: 2 }, "55"),
            (AtmError::BlockedNow { until }, "75"),
            (
                AtmError::BlockedAndRetained {
                    until,
                    machine: MachineId("ATM009".into()),
                },
                "75",
            ),
            (
                AtmError::DepositNotesCannotMake {
                    denominations: vec![20, 50],
                },
                "13",
            ),
            (AtmError::DepositTooManyNotes { max: 50 }, "13"),
            (
                AtmError::FeeNotAccepted {
                    fee: Money::from_dollars(3),
                },
                "12",
            ),
            (AtmError::SessionExpired, "12"),
            (AtmError::NotLoggedIn, "12"),
            (AtmError::AmountNotPositive, "13"),
            (
                AtmError::NotesCannotMake {
                    denominations: vec![20, 50],
                },
                "13",
            ),
            (
                AtmError::OverTransactionLimit {
                    limit: Money::from_dollars(500),
                },
                "61",
            ),
            (
                AtmError::DailyLimitExceeded {
                    remaining: Money::from_dollars(200),
                },
                "61",
            ),
            (AtmError::InsufficientFunds, "51"),
            (AtmError::MachineCannotDispense, "58"),
            (AtmError::AccountNotOnCard, "57"),
            (AtmError::SameAccount, "12"),
            (AtmError::SamePin, "12"),
            (AtmError::AmountTooLarge, "13"),
            (AtmError::HostOffline, "91"),
            (AtmError::CardUnreadable, "58"),
            (
                AtmError::CardRetained {
                    machine: "ATM009".into(),
                },
                "58",
            ),
            (
                AtmError::DispenserJam {
                    amount: Money::from_dollars(100),
                },
                "00",
            ),
            (AtmError::BadAmount(MoneyParseError::NotANumber), "13"),
            (
                AtmError::BadCredential(CredentialError::CardNotDigits),
                "14",
            ),
            (AtmError::BadCredential(CredentialError::CardLength), "14"),
            (AtmError::BadCredential(CredentialError::PinNotDigits), "55"),
            (AtmError::BadCredential(CredentialError::PinLength), "55"),
            (
                AtmError::BadSettings(SettingsError {
                    field: "daily_limit",
                    reason: "must be more than $0.00",
                }),
                "96",
            ),
            (
                AtmError::Unknown {
                    what: "machine",
                    id: "ATM009".into(),
                },
                "96",
            ),
            (
                AtmError::Duplicate {
                    what: "user",
                    id: "U001".into(),
                },
                "96",
            ),
            (
                AtmError::Invalid {
                    field: "users".into(),
                    reason: "empty".into(),
                },
                "96",
            ),
        ];
        let mut seen = [false; VARIANTS];
        for (error, code) in &table {
            seen[variant(error)] = true;
            assert_eq!(ResponseCode::of(error).code(), *code, "{error:?}");
            assert_eq!(
                ResponseCode::of_outcome(&Err(error.clone())).code(),
                *code,
                "{error:?}"
            );
        }
        assert!(seen.iter().all(|s| *s), "every refusal is in the table");
    }

    #[test]
    fn success_is_00() {
        for reply in [
            Reply::CardAccepted,
            Reply::PinChanged,
            Reply::Done,
            Reply::Ended {
                reason: EndReason::Logout,
            },
        ] {
            assert_eq!(ResponseCode::of_outcome(&Ok(reply)).code(), "00");
        }
    }

    #[test]
    fn codes_and_names_are_unique_and_stable() {
        let mut codes: Vec<&str> = ResponseCode::ALL.iter().map(|c| c.code()).collect();
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        assert_eq!(codes, sorted, "ALL is in numeric order");
        codes.dedup();
        assert_eq!(codes.len(), ResponseCode::ALL.len());
        let mut names: Vec<&str> = ResponseCode::ALL.iter().map(|c| c.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), ResponseCode::ALL.len());
        for c in ResponseCode::ALL {
            assert_eq!(c.code().len(), 2);
            // serde writes the name, and reads it back.
            let json = serde_json::to_string(&c).unwrap();
            assert_eq!(json, format!("\"{}\"", c.name()));
            assert_eq!(serde_json::from_str::<ResponseCode>(&json).unwrap(), c);
        }
        // The codes SPEC.md names.
        for (rc, digits) in [
            (ResponseCode::Approved, "00"),
            (ResponseCode::InsufficientFunds, "51"),
            (ResponseCode::IncorrectPin, "55"),
            (ResponseCode::ExceedsWithdrawalLimit, "61"),
            (ResponseCode::PinTriesExceeded, "75"),
            (ResponseCode::StolenCard, "43"),
            (ResponseCode::ExpiredCard, "54"),
            (ResponseCode::IssuerUnavailable, "91"),
        ] {
            assert_eq!(rc.code(), digits);
        }
    }

    #[test]
    fn processing_codes_and_message_types() {
        for (p, code) in [
            (ProcessingCode::Withdrawal, "010000"),
            (ProcessingCode::Deposit, "210000"),
            (ProcessingCode::BalanceInquiry, "310000"),
            (ProcessingCode::MiniStatement, "380000"),
            (ProcessingCode::Transfer, "400000"),
            (ProcessingCode::CardCheck, "900000"),
            (ProcessingCode::PinVerification, "910000"),
            (ProcessingCode::PinChange, "920000"),
        ] {
            assert_eq!(p.code(), code);
        }
        for (request, response) in [
            ("0100", "0110"),
            ("0200", "0210"),
            ("0420", "0430"),
            ("0800", "0810"),
        ] {
            let all = [
                MessageType::AuthorizationRequest,
                MessageType::AuthorizationResponse,
                MessageType::FinancialRequest,
                MessageType::FinancialResponse,
                MessageType::ReversalAdvice,
                MessageType::ReversalAdviceResponse,
                MessageType::NetworkRequest,
                MessageType::NetworkResponse,
            ];
            let req = all.iter().find(|m| m.code() == request).unwrap();
            let resp = all.iter().find(|m| m.code() == response).unwrap();
            assert!(req.is_request() && !resp.is_request());
            assert_eq!(req.response(), Some(*resp));
        }
    }

    /// A request's response has the next MTI (request + 10), the same trace, card and
    /// processing code, and carries the code; the request carries none.
    fn assert_pair(p: &MessagePair, trace: u32) {
        let (req, resp) = (&p.request, &p.response);
        let n = |m: MessageType| m.code().parse::<u32>().unwrap();
        assert!(req.mti.is_request());
        assert_eq!(req.mti.response(), Some(resp.mti));
        assert_eq!(n(resp.mti), n(req.mti) + 10);
        assert_eq!((req.trace, resp.trace), (trace, trace));
        assert_eq!(req.card, resp.card);
        assert_eq!(req.processing_code, resp.processing_code);
        assert_eq!(req.at, resp.at);
        assert!(req.response.is_none() && resp.response.is_some());
    }

    fn acc(id: &str) -> AccountId {
        AccountId::from(id)
    }

    #[test]
    fn every_host_request_makes_a_matching_pair() {
        let card = masked();
        let pin = Pin::parse("8642").unwrap();
        for (i, (request, processing)) in [
            (CardRequest::Insert, ProcessingCode::CardCheck),
            (CardRequest::EnterPin(pin), ProcessingCode::PinVerification),
        ]
        .into_iter()
        .enumerate()
        {
            let trace = 41 + i as u32;
            let p = card_exchange(&request, &card, &Ok(Reply::CardAccepted), trace, at()).unwrap();
            assert_pair(&p, trace);
            assert_eq!(p.request.mti.code(), "0100");
            assert_eq!(p.request.processing_code, Some(processing));
            assert_eq!(p.response.response, Some(ResponseCode::Approved));
            assert_eq!(p.request.card.as_ref().map(MaskedCard::last4), Some("5556"));
        }
        let captured = Ok(Reply::Captured {
            machine: MachineId("ATM001".into()),
        });
        assert!(card_exchange(&CardRequest::Capture, &card, &captured, 43, at()).is_none());
        let amount = Money::from_dollars(300);
        for (request, mti, processing) in [
            (
                SessionRequest::Balance { account: None },
                "0100",
                ProcessingCode::BalanceInquiry,
            ),
            (
                SessionRequest::History { account: None },
                "0100",
                ProcessingCode::MiniStatement,
            ),
            (
                SessionRequest::ChangePin {
                    new_pin: Pin::parse("97531").unwrap(),
                },
                "0100",
                ProcessingCode::PinChange,
            ),
            (
                SessionRequest::Withdraw {
                    account: None,
                    amount,
                    fee: Money::ZERO,
                },
                "0200",
                ProcessingCode::Withdrawal,
            ),
            (
                SessionRequest::Deposit {
                    account: None,
                    amount,
                },
                "0200",
                ProcessingCode::Deposit,
            ),
            (
                SessionRequest::Transfer {
                    from: acc("CHK006"),
                    to: acc("SAV006"),
                    amount,
                },
                "0200",
                ProcessingCode::Transfer,
            ),
        ] {
            let refused = Err(AtmError::InsufficientFunds);
            let p = session_exchange(&request, &card, &refused, 7, at()).unwrap();
            assert_pair(&p, 7);
            assert_eq!(p.request.mti.code(), mti);
            assert_eq!(p.request.processing_code, Some(processing));
            assert_eq!(p.response.response.map(ResponseCode::code), Some("51"));
            let money = mti == "0200";
            assert_eq!(p.request.amount.is_some(), money, "{processing:?}");
            assert_eq!(p.response.amount, p.request.amount);
        }
    }

    #[test]
    fn session_housekeeping_sends_nothing() {
        for request in [
            SessionRequest::MoreTime,
            SessionRequest::Logout,
            SessionRequest::Tick,
        ] {
            for outcome in [
                Ok(Reply::Ended {
                    reason: EndReason::Logout,
                }),
                Err(AtmError::SessionExpired),
            ] {
                assert!(session_exchange(&request, &masked(), &outcome, 1, at()).is_none());
            }
        }
    }

    #[test]
    fn the_response_amount_is_what_moved() {
        let asked = Money::from_dollars(300);
        let presented = Money::from_dollars(200);
        let request = SessionRequest::Withdraw {
            account: None,
            amount: asked,
            fee: Money::ZERO,
        };
        let outcome = Ok(Reply::Dispensed {
            account: acc("ACC002"),
            amount: presented,
            notes: crate::machine::Notes::default(),
            balance: Money::from_dollars(1_300),
            requested: asked,
            fee: Money::ZERO,
            receipt: true,
        });
        let p = session_exchange(&request, &masked(), &outcome, 9, at()).unwrap();
        assert_eq!(p.request.amount, Some(asked));
        assert_eq!(p.response.amount, Some(presented));
        assert_eq!(p.response.response, Some(ResponseCode::Approved));
    }

    #[test]
    fn a_surcharged_withdrawal_asks_and_moves_the_cash_with_its_fee() {
        let cash = Money::from_dollars(100);
        let fee = Money::from_cents(350);
        let total = Money::from_cents(10_350);
        let request = SessionRequest::Withdraw {
            account: None,
            amount: cash,
            fee,
        };
        let outcome = Ok(Reply::Dispensed {
            account: acc("ACC002"),
            amount: cash,
            notes: crate::machine::Notes::default(),
            balance: Money::from_dollars(1_000),
            requested: cash,
            fee,
            receipt: true,
        });
        let p = session_exchange(&request, &masked(), &outcome, 9, at()).unwrap();
        assert_eq!(
            (p.request.amount, p.response.amount),
            (Some(total), Some(total))
        );
        // A jam charges neither: the reversal gives back the whole approved amount.
        let jam = Err(AtmError::DispenserJam { amount: cash });
        let approved = session_exchange(&request, &masked(), &jam, 10, at()).unwrap();
        let back = reversal_of(&approved.request, &jam, at()).unwrap();
        assert_eq!(back.request.amount, Some(total));
        // Declining the fee asks the host nothing.
        let decline = SessionRequest::DeclineFee { amount: cash, fee };
        let declined = Ok(Reply::FeeDeclined { amount: cash, fee });
        assert!(session_exchange(&decline, &masked(), &declined, 11, at()).is_none());
    }

    #[test]
    fn a_reversal_quotes_the_original() {
        let amount = Money::from_dollars(100);
        let original = session_exchange(
            &SessionRequest::Withdraw {
                account: None,
                amount,
                fee: Money::ZERO,
            },
            &masked(),
            &Ok(Reply::Dispensed {
                account: acc("ACC002"),
                amount,
                notes: crate::machine::Notes::default(),
                balance: Money::from_dollars(1_400),
                requested: amount,
                fee: Money::ZERO,
                receipt: true,
            }),
            12,
            at(),
        )
        .unwrap();
        let later = at().plus_secs(5);
        let r = reversal(&original.request, amount, later);
        assert_pair(&r, 12);
        assert_eq!(
            (r.request.mti.code(), r.response.mti.code()),
            ("0420", "0430")
        );
        assert_eq!(r.request.processing_code, Some(ProcessingCode::Withdrawal));
        assert_eq!(r.request.amount, Some(amount));
        assert_eq!(r.request.card, original.request.card);
        assert_eq!(r.request.at, later);
        assert_eq!(r.response.response, Some(ResponseCode::Approved));
    }

    #[test]
    fn a_dispenser_jam_is_approved_then_reversed_and_other_outcomes_are_not() {
        let amount = Money::from_dollars(100);
        let request = SessionRequest::Withdraw {
            account: None,
            amount,
            fee: Money::ZERO,
        };
        let jam = Err(AtmError::DispenserJam { amount });
        let original = session_exchange(&request, &masked(), &jam, 21, at()).unwrap();
        assert_eq!(original.response.response, Some(ResponseCode::Approved));
        let r = reversal_of(&original.request, &jam, at()).expect("a jam is reversed");
        assert_pair(&r, 21);
        assert_eq!(r.request.mti.code(), "0420");
        assert_eq!(r.request.amount, Some(amount));
        for other in [
            Err(AtmError::HostOffline),
            Err(AtmError::InsufficientFunds),
            Ok(Reply::Done),
        ] {
            assert_eq!(reversal_of(&original.request, &other, at()), None);
        }
        let offline =
            session_exchange(&request, &masked(), &Err(AtmError::HostOffline), 22, at()).unwrap();
        assert_eq!(offline.response.response.map(|c| c.code()), Some("91"));
    }

    #[test]
    fn a_network_check_names_no_card() {
        for (up, code) in [(true, "00"), (false, "91")] {
            let p = network_check(up, 3, at());
            assert_pair(&p, 3);
            assert_eq!(
                (p.request.mti.code(), p.response.mti.code()),
                ("0800", "0810")
            );
            assert_eq!(p.request.card, None);
            assert_eq!(p.request.processing_code, None);
            assert_eq!(p.response.response.map(ResponseCode::code), Some(code));
        }
    }

    #[test]
    fn trace_numbers_have_six_digits_and_wrap() {
        assert_eq!(next_trace(0), 1);
        assert_eq!(next_trace(41), 42);
        assert_eq!(next_trace(MAX_TRACE - 1), MAX_TRACE);
        assert_eq!(next_trace(MAX_TRACE), 1);
    }

    #[test]
    fn the_json_has_stable_names_and_no_pin_or_card_number() {
        let number = "4000056655665556";
        let card = CardNumber::parse(number).unwrap().masked();
        let (old, new) = ("8642", "97531");
        let mut log = vec![
            card_exchange(
                &CardRequest::EnterPin(Pin::parse(old).unwrap()),
                &card,
                &Err(AtmError::WrongPin { tries_left: 2 }),
                1,
                at(),
            )
            .unwrap(),
            session_exchange(
                &SessionRequest::ChangePin {
                    new_pin: Pin::parse(new).unwrap(),
                },
                &card,
                &Ok(Reply::PinChanged),
                2,
                at(),
            )
            .unwrap(),
        ];
        log.push(network_check(true, 3, at()));
        let json = serde_json::to_string(&log).unwrap();
        for secret in [old, new, number] {
            assert!(!json.contains(secret), "{secret} in {json}");
        }
        assert!(json.contains("\"5556\""), "{json}");
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        let first = &value[0];
        let mut keys: Vec<&str> = first["request"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            [
                "amount",
                "at",
                "card",
                "mti",
                "processing_code",
                "response",
                "trace"
            ]
        );
        assert_eq!(first["request"]["mti"], "authorization_request");
        assert_eq!(first["response"]["mti"], "authorization_response");
        assert_eq!(first["request"]["processing_code"], "pin_verification");
        assert_eq!(first["response"]["response"], "incorrect_pin");
        let back: Vec<MessagePair> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, log);
    }
}
