//! The seed note's five demos, decided by the core alone, as the host's log shows them: 00 for
//! the balance and the withdrawal, 51 and 61 for the two refusals, 55 twice then 75 for the
//! wrong PINs. A tiny shell below loads each decision's records from a snapshot and writes them
//! back, as the stores do.

use atm_core::host::{self, MessagePair, ResponseCode};
use atm_core::ops::{self, CardScene, Fresh, SessionScene, Writes};
use atm_core::*;
use std::sync::atomic::{AtomicU8, Ordering};

/// Different bytes on every draw, the same on every run.
struct Counting(AtomicU8);
impl Entropy for Counting {
    fn fill(&self, buf: &mut [u8]) {
        buf.fill(self.0.fetch_add(1, Ordering::Relaxed));
    }
}

/// The demo bank, one machine, the clock, and the host's log so far.
struct Shell {
    bank: BankSnapshot,
    machine: MachineId,
    now: Timestamp,
    entropy: Counting,
    trace: u32,
    log: Vec<MessagePair>,
}

fn put<T>(list: &mut [T], item: T, same: impl Fn(&T, &T) -> bool) {
    if let Some(slot) = list.iter_mut().find(|x| same(x, &item)) {
        *slot = item;
    }
}

impl Shell {
    fn demo(machine: &str) -> Shell {
        let mut scenario = Scenario::demo();
        scenario.clock = Some("2026-11-24T09:00:00-05:00".into());
        let entropy = Counting(AtomicU8::new(1));
        let built = scenario
            .build(Timestamp::default(), UtcOffset::UTC, &entropy)
            .unwrap();
        Shell {
            bank: built.snapshot,
            machine: MachineId::from(machine),
            now: built.clock,
            entropy,
            trace: 0,
            log: Vec::new(),
        }
    }

    fn write(&mut self, w: Writes) {
        let b = &mut self.bank;
        if let Some(c) = w.card {
            put(&mut b.cards, c, |x, y| x.id == y.id);
        }
        if let Some(u) = w.user {
            put(&mut b.users, u, |x, y| x.id == y.id);
        }
        if let Some(m) = w.machine {
            put(&mut b.machines, m, |x, y| x.id == y.id);
        }
        for a in w.accounts {
            put(&mut b.accounts, a, |x, y| x.id == y.id);
        }
        if let Some(s) = w.session {
            b.sessions.retain(|x| x.id != s.id);
            b.sessions.push(s);
        }
    }

    fn fresh(&self) -> Fresh {
        Fresh::draw(&self.entropy, 1)
    }

    fn next_trace(&mut self) -> u32 {
        self.trace = host::next_trace(self.trace);
        self.trace
    }

    fn card(&mut self, number: &str, request: CardRequest) -> Result<Reply, AtmError> {
        let number = CardNumber::parse(number).unwrap();
        let card = self.bank.cards.iter().find(|c| c.number == number).cloned();
        let holder_name = card.as_ref().and_then(|c| {
            let user = self.bank.users.iter().find(|u| u.id == c.user);
            user.map(|u| u.name.clone())
        });
        let scene = CardScene {
            settings: self.bank.settings.clone(),
            machine_id: self.machine.clone(),
            machine: self
                .bank
                .machines
                .iter()
                .find(|m| m.id == self.machine)
                .cloned(),
            card,
            holder_name,
        };
        let d = ops::decide_card(&request, &scene, self.now, &self.fresh());
        let trace = self.next_trace();
        self.log.extend(host::card_exchange(
            &request,
            &number.masked(),
            &d.outcome,
            trace,
            self.now,
        ));
        self.write(d.writes);
        d.outcome
    }

    fn session(&mut self, id: SessionId, request: SessionRequest) -> Result<Reply, AtmError> {
        let b = &self.bank;
        let session = b.sessions.iter().find(|s| s.id == id).cloned().unwrap();
        let accounts = request.accounts_needed(&session);
        let scene = SessionScene {
            machine_id: self.machine.clone(),
            card: b.cards.iter().find(|c| c.id == session.card).cloned(),
            user: b.users.iter().find(|u| u.id == session.user).cloned(),
            machine: b.machines.iter().find(|m| m.id == self.machine).cloned(),
            accounts: b
                .accounts
                .iter()
                .filter(|a| accounts.contains(&a.id))
                .cloned()
                .collect(),
            session: Some(session.clone()),
        };
        let d = ops::decide_session(&request, &scene, &b.settings, self.now, &self.fresh());
        let trace = self.next_trace();
        let pair =
            host::session_exchange(&request, &session.card_masked, &d.outcome, trace, self.now);
        self.log.extend(pair);
        self.write(d.writes);
        d.outcome
    }

    fn login(&mut self, number: &str, pin: &str) -> SessionId {
        self.card(number, CardRequest::Insert).unwrap();
        match self.card(number, CardRequest::EnterPin(Pin::parse(pin).unwrap())) {
            Ok(Reply::LoggedIn { session, .. }) => session,
            other => panic!("{other:?}"),
        }
    }

    /// The log as (MTI, processing code, amount, response code) per message.
    fn lines(&self) -> Vec<(&str, &str, Option<String>, Option<&str>)> {
        self.log
            .iter()
            .flat_map(|p| [&p.request, &p.response])
            .map(|m| {
                (
                    m.mti.code(),
                    m.processing_code.map_or("", |p| p.code()),
                    m.amount.map(|a| a.to_string()),
                    m.response.map(ResponseCode::code),
                )
            })
            .collect()
    }

    /// The response codes, one per exchange.
    fn codes(&self) -> Vec<&str> {
        self.log
            .iter()
            .filter_map(|p| p.response.response.map(ResponseCode::code))
            .collect()
    }
}

fn dollars(n: i64) -> Money {
    Money::from_dollars(n)
}

#[test]
fn demo_1_balance_is_approved() {
    let mut atm = Shell::demo("ATM001");
    let s = atm.login("4532123456789012", "1234");
    atm.session(s, SessionRequest::Balance { account: None })
        .unwrap();
    atm.session(s, SessionRequest::Logout).unwrap();
    assert_eq!(
        atm.lines(),
        [
            ("0100", "900000", None, None),
            ("0110", "900000", None, Some("00")),
            ("0100", "910000", None, None),
            ("0110", "910000", None, Some("00")),
            ("0100", "310000", None, None),
            ("0110", "310000", None, Some("00")),
        ],
        "the logout sends nothing"
    );
    let traces: Vec<u32> = atm.log.iter().map(|p| p.request.trace).collect();
    assert_eq!(traces, [1, 2, 3]);
    assert!(atm.log.iter().all(|p| p.response.trace == p.request.trace));
    assert!(
        atm.log
            .iter()
            .all(|p| p.request.card.as_ref().map(MaskedCard::last4) == Some("9012"))
    );
}

#[test]
fn demo_2_withdrawal_is_approved() {
    let mut atm = Shell::demo("ATM002");
    let s = atm.login("4532111111111111", "5678");
    let reply = atm.session(
        s,
        SessionRequest::Withdraw {
            account: None,
            amount: dollars(300),
            fee: Money::ZERO,
        },
    );
    assert!(matches!(reply, Ok(Reply::Dispensed { .. })), "{reply:?}");
    let withdrawal = &atm.lines()[4..];
    let amount = Some("$300.00".to_string());
    assert_eq!(
        withdrawal,
        [
            ("0200", "010000", amount.clone(), None),
            ("0210", "010000", amount, Some("00")),
        ]
    );
}

#[test]
fn demo_3_insufficient_funds_is_51() {
    let mut atm = Shell::demo("ATM003");
    let s = atm.login("4532222222222222", "9999");
    let err = atm
        .session(
            s,
            SessionRequest::Withdraw {
                account: None,
                amount: dollars(500),
                fee: Money::ZERO,
            },
        )
        .unwrap_err();
    assert_eq!(err, AtmError::InsufficientFunds);
    assert_eq!(atm.codes(), ["00", "00", "51"]);
    assert_eq!(
        atm.log[2].response.response,
        Some(ResponseCode::InsufficientFunds)
    );
}

#[test]
fn demo_4_daily_limit_is_61() {
    let mut atm = Shell::demo("ATM004");
    let s = atm.login("4532333333333333", "1111");
    let err = atm
        .session(
            s,
            SessionRequest::Withdraw {
                account: None,
                amount: dollars(300),
                fee: Money::ZERO,
            },
        )
        .unwrap_err();
    assert!(
        matches!(err, AtmError::DailyLimitExceeded { .. }),
        "{err:?}"
    );
    atm.session(
        s,
        SessionRequest::Withdraw {
            account: None,
            amount: dollars(200),
            fee: Money::ZERO,
        },
    )
    .unwrap();
    assert_eq!(atm.codes(), ["00", "00", "61", "00"]);
}

#[test]
fn demo_5_wrong_pins_are_55_then_75() {
    let mut atm = Shell::demo("ATM005");
    let number = "4532444444444444";
    let pin = |p: &str| CardRequest::EnterPin(Pin::parse(p).unwrap());
    atm.card(number, CardRequest::Insert).unwrap();
    for wrong in ["9999", "3333"] {
        assert!(matches!(
            atm.card(number, pin(wrong)),
            Err(AtmError::WrongPin { .. })
        ));
    }
    assert!(matches!(
        atm.card(number, pin("4444")),
        Err(AtmError::BlockedNow { .. })
    ));
    // Inserted again while blocked: refused before the PIN, with the same code.
    atm.now = atm.now.plus_secs(60);
    assert!(matches!(
        atm.card(number, CardRequest::Insert),
        Err(AtmError::CardBlocked { .. })
    ));
    assert_eq!(atm.codes(), ["00", "55", "55", "75", "75"]);
    let json = serde_json::to_string(&atm.log).unwrap();
    // The third wrong PIN, 4444, is also the card's last four digits, which the log shows.
    for secret in [number, "9999", "3333"] {
        assert!(!json.contains(secret), "{secret} in the log");
    }
}
