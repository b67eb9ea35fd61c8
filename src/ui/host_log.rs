//! The `Host messages` log (SPEC.md, "The host's view"): every exchange between this machine and
//! the bank's host, as the ISO 8583-shaped pairs `core::host` makes of a request and the core's
//! outcome. The machine's shell records each answer here; the region shows them newest first,
//! worded in the chosen language. Trace numbers count per page, as a terminal's do.

use super::i18n::{Locale, t_string, td_string, use_i18n};
use crate::core::host::{
    self, HostMessage, MessagePair, MessageType, ProcessingCode, ResponseCode,
};
use crate::core::{Answer, CardNumber, CardRequest, SessionRequest, Timestamp, UtcOffset};
use crate::store::StoreResult;
use leptos::prelude::*;

/// The messages so far, newest first, and the last trace number given.
#[derive(Clone, Copy)]
pub struct HostLog {
    messages: RwSignal<Vec<HostMessage>>,
    trace: StoredValue<u32>,
}

impl Default for HostLog {
    fn default() -> HostLog {
        HostLog {
            messages: RwSignal::new(Vec::new()),
            trace: StoredValue::new(0),
        }
    }
}

impl HostLog {
    fn push(&self, pair: MessagePair) {
        self.messages.update(|log| {
            log.insert(0, pair.request);
            log.insert(0, pair.response);
        });
    }

    /// A card request and the bank's answer to it, at `at`. A store that could not answer at
    /// all sent nothing to log.
    pub fn card(
        &self,
        card: &CardNumber,
        request: &CardRequest,
        answer: &StoreResult<Answer>,
        at: Timestamp,
    ) {
        let Ok(answer) = answer else { return };
        let trace = host::next_trace(self.trace.get_value());
        if let Some(pair) = host::card_exchange(request, &card.masked(), &answer.outcome, trace, at)
        {
            self.trace.set_value(trace);
            self.push(pair);
        }
    }

    /// A session request and the bank's answer, when it is one the host hears of.
    pub fn session(
        &self,
        card: Option<&CardNumber>,
        request: &SessionRequest,
        answer: &StoreResult<Answer>,
        at: Timestamp,
    ) {
        let (Some(card), Ok(answer)) = (card, answer) else {
            return;
        };
        let trace = host::next_trace(self.trace.get_value());
        let card = card.masked();
        if let Some(pair) = host::session_exchange(request, &card, &answer.outcome, trace, at) {
            self.trace.set_value(trace);
            // A jam: the approved 0200 is reversed with a 0420 advice.
            let reversal = host::reversal_of(&pair.request, &answer.outcome, at);
            self.push(pair);
            if let Some(reversal) = reversal {
                self.push(reversal);
            }
        }
    }

    /// Starts afresh (a new bank was loaded).
    pub fn clear(&self) {
        self.messages.set(Vec::new());
    }
}

/// What a message type is called.
fn kind(mti: MessageType, l: Locale) -> &'static str {
    match mti {
        MessageType::AuthorizationRequest => td_string!(l, host.mti.authorization_request),
        MessageType::AuthorizationResponse => td_string!(l, host.mti.authorization_response),
        MessageType::FinancialRequest => td_string!(l, host.mti.financial_request),
        MessageType::FinancialResponse => td_string!(l, host.mti.financial_response),
        MessageType::ReversalAdvice => td_string!(l, host.mti.reversal_advice),
        MessageType::ReversalAdviceResponse => td_string!(l, host.mti.reversal_advice_response),
        MessageType::NetworkRequest => td_string!(l, host.mti.network_request),
        MessageType::NetworkResponse => td_string!(l, host.mti.network_response),
    }
}

/// What a processing code asks for.
fn processing(code: ProcessingCode, l: Locale) -> &'static str {
    match code {
        ProcessingCode::Withdrawal => td_string!(l, host.processing.withdrawal),
        ProcessingCode::Deposit => td_string!(l, host.processing.deposit),
        ProcessingCode::BalanceInquiry => td_string!(l, host.processing.balance_inquiry),
        ProcessingCode::MiniStatement => td_string!(l, host.processing.mini_statement),
        ProcessingCode::Transfer => td_string!(l, host.processing.transfer),
        ProcessingCode::CardCheck => td_string!(l, host.processing.card_check),
        ProcessingCode::PinVerification => td_string!(l, host.processing.pin_verification),
        ProcessingCode::PinChange => td_string!(l, host.processing.pin_change),
    }
}

/// What a response code means.
pub fn meaning(code: ResponseCode, l: Locale) -> &'static str {
    match code {
        ResponseCode::Approved => td_string!(l, host.code.approved),
        ResponseCode::InvalidTransaction => td_string!(l, host.code.invalid_transaction),
        ResponseCode::InvalidAmount => td_string!(l, host.code.invalid_amount),
        ResponseCode::InvalidCard => td_string!(l, host.code.invalid_card),
        ResponseCode::StolenCard => td_string!(l, host.code.stolen_card),
        ResponseCode::InsufficientFunds => td_string!(l, host.code.insufficient_funds),
        ResponseCode::ExpiredCard => td_string!(l, host.code.expired_card),
        ResponseCode::IncorrectPin => td_string!(l, host.code.incorrect_pin),
        ResponseCode::NotPermittedToCardholder => {
            td_string!(l, host.code.not_permitted_to_cardholder)
        }
        ResponseCode::NotPermittedAtTerminal => td_string!(l, host.code.not_permitted_at_terminal),
        ResponseCode::ExceedsWithdrawalLimit => td_string!(l, host.code.exceeds_withdrawal_limit),
        ResponseCode::PinTriesExceeded => td_string!(l, host.code.pin_tries_exceeded),
        ResponseCode::IssuerUnavailable => td_string!(l, host.code.issuer_unavailable),
        ResponseCode::SystemMalfunction => td_string!(l, host.code.system_malfunction),
    }
}

/// One message on one line: type, what it asks, amount, trace, card, time and the answer.
pub fn line(m: &HostMessage, offset: UtcOffset, l: Locale) -> String {
    let mut parts = vec![format!("{} {}", m.mti.code(), kind(m.mti, l))];
    if let Some(code) = m.processing_code {
        parts.push(format!("{} {}", code.code(), processing(code, l)));
    }
    if let Some(amount) = m.amount {
        parts.push(amount.to_string());
    }
    parts.push(td_string!(l, host.trace, trace = format!("{:06}", m.trace)));
    if let Some(card) = &m.card {
        parts.push(card.to_string());
    }
    parts.push(m.at.local(offset).time_string());
    if let Some(code) = m.response {
        parts.push(format!("{} {}", code.code(), meaning(code, l)));
    }
    parts.join(" · ")
}

/// The `Host messages` region: each message a list item, newest first.
#[component]
pub fn HostMessages() -> impl IntoView {
    let log = expect_context::<HostLog>();
    let ctx = expect_context::<super::Ctx>();
    let i18n = use_i18n();
    view! {
        <section class="host-log" role="region" aria-label=move || t_string!(i18n, host.title)>
            <h2>{move || t_string!(i18n, host.title)}</h2>
            <Show
                when=move || log.messages.with(|m| !m.is_empty())
                fallback=move || view! { <p class="empty">{move || t_string!(i18n, host.none)}</p> }
            >
                <ol class="host-messages">
                    {move || {
                        let (offset, l) = (ctx.offset(), i18n.get_locale());
                        log.messages.with(|all| {
                            all.iter()
                                .map(|m| view! { <li>{line(m, offset, l)}</li> })
                                .collect_view()
                        })
                    }}
                </ol>
            </Show>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::{CardNumber, Money, Reply};
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn a_pair_reads_as_one_line_each_in_either_language() {
        let card = CardNumber::parse("4532111111111111").unwrap().masked();
        let at = Timestamp::from_millis(1_800_000_000_000);
        let request = SessionRequest::Withdraw {
            account: None,
            amount: Money::from_dollars(300),
            fee: Money::ZERO,
        };
        let refused = Err(crate::core::AtmError::InsufficientFunds);
        let pair = host::session_exchange(&request, &card, &refused, 12, at).unwrap();
        let utc = UtcOffset::UTC;
        assert_eq!(
            line(&pair.request, utc, Locale::en),
            "0200 financial request · 010000 withdrawal · $300.00 · trace 000012 · •••• 1111 · 08:00:00"
        );
        assert_eq!(
            line(&pair.response, utc, Locale::es),
            "0210 respuesta financiera · 010000 retiro · $300.00 · traza 000012 · •••• 1111 · 08:00:00 · 51 Fondos insuficientes"
        );
        let ok: Result<Reply, _> = Ok(Reply::PinChanged);
        assert!(host::session_exchange(&SessionRequest::Logout, &card, &ok, 13, at).is_none());
    }

    #[wasm_bindgen_test]
    fn every_response_code_has_a_meaning_in_each_language() {
        for code in ResponseCode::ALL {
            let (en, es) = (meaning(code, Locale::en), meaning(code, Locale::es));
            assert!(
                !en.is_empty() && !es.is_empty() && en != es,
                "{}",
                code.code()
            );
        }
        assert_eq!(
            meaning(ResponseCode::PinTriesExceeded, Locale::en),
            "PIN tries exceeded"
        );
    }
}
