//! The IndexedDB store in a real browser: races between two connections (as two tabs hold),
//! atomicity, reopening, export/import and what is stored.
//!
//! Run with `wasm-pack test --headless --chrome --chromedriver /usr/bin/chromedriver -- --test
//! browser_store`. Every test uses its own database name, deleted first.
#![cfg(target_arch = "wasm32")]

use atm_sim::core::journal::{Operation, Outcome};
use atm_sim::core::machine::{Device, Fault, FaultKind};
use atm_sim::core::{
    AccountId, Answer, AtmError, CardNumber, CardRequest, CardStatus, MachineId, Money, Pin, Reply,
    Scenario, SessionId, SessionRequest, Timestamp, TxnKind, UserId, UtcOffset,
};
use atm_sim::store::entropy::OsEntropy;
use atm_sim::store::sync::Subscription;
use atm_sim::store::{IdbStore, StoreError, StoreResult};
use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::rc::Rc;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const BOB_CARD: &str = "4532222222222222";
const CHARLIE_CARD: &str = "4532444444444444";
const DEMO_PINS: [&str; 6] = ["1234", "5678", "9999", "1111", "2222", "4321"];

fn m(id: &str) -> MachineId {
    MachineId(id.into())
}

fn card(n: &str) -> CardNumber {
    CardNumber::parse(n).expect("a valid card number")
}

fn pin(p: &str) -> Pin {
    Pin::parse(p).expect("a valid PIN")
}

/// Deletes what an earlier run left under `name`.
async fn delete_database(name: &str) {
    Database::delete_by_name(name)
        .expect("delete request")
        .await
        .expect("delete the old test database");
}

/// A fresh database holding the demo bank; returns the connection and the demo's clock.
async fn fresh_bank(name: &str) -> (Rc<IdbStore>, Timestamp) {
    delete_database(name).await;
    let (store, empty) = IdbStore::open(name).await.expect("open the database");
    assert!(empty, "a new database holds no bank");
    let built = Scenario::demo()
        .build(
            Timestamp::from_millis(1_795_000_000_000),
            UtcOffset::UTC,
            &OsEntropy,
        )
        .expect("the demo bank builds");
    store
        .replace(built.snapshot)
        .await
        .expect("seed the demo bank");
    (Rc::new(store), built.clock)
}

/// A second connection to the same database, as another tab would hold.
async fn second(name: &str) -> Rc<IdbStore> {
    let (store, empty) = IdbStore::open(name)
        .await
        .expect("open a second connection");
    assert!(!empty, "the second connection sees the bank");
    Rc::new(store)
}

/// Runs both futures at once (each on its own task) and waits for both.
async fn race<A, B, RA, RB>(a: A, b: B) -> (RA, RB)
where
    A: Future<Output = RA> + 'static,
    B: Future<Output = RB> + 'static,
    RA: 'static,
    RB: 'static,
{
    let ra: Rc<RefCell<Option<RA>>> = Rc::new(RefCell::new(None));
    let rb: Rc<RefCell<Option<RB>>> = Rc::new(RefCell::new(None));
    let pa = {
        let ra = ra.clone();
        wasm_bindgen_futures::future_to_promise(async move {
            *ra.borrow_mut() = Some(a.await);
            Ok(JsValue::UNDEFINED)
        })
    };
    let pb = {
        let rb = rb.clone();
        wasm_bindgen_futures::future_to_promise(async move {
            *rb.borrow_mut() = Some(b.await);
            Ok(JsValue::UNDEFINED)
        })
    };
    wasm_bindgen_futures::JsFuture::from(js_sys::Promise::all(&js_sys::Array::of2(&pa, &pb)))
        .await
        .expect("both tasks finish");
    let a = ra.borrow_mut().take().expect("first result");
    let b = rb.borrow_mut().take().expect("second result");
    (a, b)
}

/// Inserts the card and enters the right PIN: the session.
async fn login(
    store: &IdbStore,
    machine: &str,
    number: &CardNumber,
    p: &str,
    now: Timestamp,
) -> SessionId {
    let inserted = store
        .card(&m(machine), number, CardRequest::Insert, now)
        .await
        .reply()
        .expect("card accepted");
    assert_eq!(inserted, Reply::CardAccepted);
    logged_in(
        enter_pin(store, machine, number, p, now)
            .await
            .expect("correct PIN"),
    )
}

async fn enter_pin(
    store: &IdbStore,
    machine: &str,
    number: &CardNumber,
    p: &str,
    now: Timestamp,
) -> StoreResult<Reply> {
    store
        .card(&m(machine), number, CardRequest::EnterPin(pin(p)), now)
        .await
        .reply()
}

/// The reply alone, as most tests here read it (the deadline beside it is tested natively).
trait Replies {
    fn reply(self) -> StoreResult<Reply>;
}

impl Replies for StoreResult<Answer> {
    fn reply(self) -> StoreResult<Reply> {
        self.and_then(|a| a.outcome.map_err(StoreError::Rule))
    }
}

fn logged_in(reply: Reply) -> SessionId {
    match reply {
        Reply::LoggedIn { session, .. } => session,
        other => panic!("expected a login, got {other:?}"),
    }
}

/// A new card with PIN `p` for `user`, on that user's `account` only.
async fn issue_card(
    store: &IdbStore,
    user: &str,
    account: &str,
    p: &str,
    now: Timestamp,
) -> CardNumber {
    store
        .issue_card(
            &UserId(user.into()),
            None,
            &pin(p),
            vec![AccountId(account.into())],
            now,
        )
        .await
        .expect("issue a card")
}

/// Counts the changes a store hears from other connections while the subscription lives;
/// `subscribe` is that store's `on_change` (an `IdbStore`'s or a `Store`'s).
fn count_changes(
    subscribe: impl FnOnce(Box<dyn Fn()>) -> Option<Subscription>,
) -> (Rc<Cell<u32>>, Subscription) {
    let heard = Rc::new(Cell::new(0u32));
    let counter = heard.clone();
    let subscription = subscribe(Box::new(move || counter.set(counter.get() + 1)))
        .expect("BroadcastChannel is available");
    (heard, subscription)
}

fn balance() -> SessionRequest {
    SessionRequest::Balance { account: None }
}

/// The demo bank's card ending 1111 logs in at ATM002 and withdraws $300.
async fn withdraws_300_with_a_demo_card(store: &atm_sim::store::Store, now: Timestamp) {
    let s = logged_in(
        store
            .card(
                &m("ATM002"),
                &card("4532111111111111"),
                CardRequest::EnterPin(pin("5678")),
                now,
            )
            .await
            .reply()
            .expect("the demo card logs in"),
    );
    let r = store
        .session(&m("ATM002"), s, withdraw(300), now)
        .await
        .reply();
    assert!(matches!(r, Ok(Reply::Dispensed { .. })), "{r:?}");
}

fn withdraw(amount: i64) -> SessionRequest {
    SessionRequest::Withdraw {
        account: None,
        amount: Money::from_dollars(amount),
        fee: Money::ZERO,
    }
}

#[wasm_bindgen_test]
async fn two_connections_withdraw_beyond_the_balance_exactly_one_succeeds() {
    let name = "atm-test-race-withdraw";
    let (a, now) = fresh_bank(name).await;
    let b = second(name).await;
    let bob = card(BOB_CARD);
    // A card is in one ATM at a time, so Bob gets a second card on the same account.
    let bob2 = issue_card(&a, "U003", "ACC003", "8642", now).await;
    let s1 = login(&a, "ATM003", &bob, "9999", now).await;
    let s2 = login(&b, "ATM001", &bob2, "8642", now).await;

    let (ra, rb) = race(
        {
            let a = a.clone();
            async move {
                a.session(&m("ATM003"), s1, withdraw(200), now)
                    .await
                    .reply()
            }
        },
        {
            let b = b.clone();
            async move {
                b.session(&m("ATM001"), s2, withdraw(200), now)
                    .await
                    .reply()
            }
        },
    )
    .await;
    let results = [ra, rb];
    let ok: Vec<&StoreResult<Reply>> = results.iter().filter(|r| r.is_ok()).collect();
    assert_eq!(ok.len(), 1, "exactly one withdrawal succeeds: {results:?}");
    assert!(
        matches!(ok[0], Ok(Reply::Dispensed { balance, .. }) if *balance == Money::from_cents(0))
    );
    assert!(
        results.contains(&Err(StoreError::Rule(AtmError::InsufficientFunds))),
        "the other is refused for funds: {results:?}"
    );

    let c = second(name).await;
    let acc = c
        .account(&AccountId("ACC003".into()))
        .await
        .expect("read the account")
        .expect("ACC003 exists");
    assert_eq!(acc.balance, Money::from_cents(0), "the balance is exact");
    let history = c
        .history(&AccountId("ACC003".into()), 10)
        .await
        .expect("history");
    assert_eq!(
        history
            .iter()
            .filter(|t| t.kind == TxnKind::Withdrawal)
            .count(),
        1,
        "one withdrawal recorded: {history:?}"
    );
    assert!(
        history.windows(2).all(|w| w[0].id > w[1].id),
        "history is newest first: {history:?}"
    );
    let attempts: Vec<_> = c
        .journal(1000)
        .await
        .expect("journal")
        .into_iter()
        .filter(|e| {
            e.draft.operation
                == Operation::Withdraw {
                    amount: Money::from_dollars(200),
                }
        })
        .collect();
    assert_eq!(attempts.len(), 2, "the journal has both attempts");
    assert_eq!(
        attempts
            .iter()
            .filter(|e| e.draft.outcome == Outcome::Ok)
            .count(),
        1
    );
    assert!(
        attempts
            .iter()
            .any(|e| e.draft.outcome == Outcome::Refused(AtmError::InsufficientFunds.to_string()))
    );
}

#[wasm_bindgen_test]
async fn wrong_pins_racing_at_the_third_try_block_the_card_and_reopening_keeps_it_blocked() {
    let name = "atm-test-race-pin";
    let (a, now) = fresh_bank(name).await;
    let b = second(name).await;
    let charlie = card(CHARLIE_CARD);
    for (i, wrong) in ["9999", "3333"].into_iter().enumerate() {
        let r = enter_pin(&a, "ATM005", &charlie, wrong, now).await;
        assert_eq!(
            r,
            Err(StoreError::Rule(AtmError::WrongPin {
                tries_left: 2 - i as u32
            }))
        );
    }
    let (ra, rb) = race(
        {
            let (a, charlie) = (a.clone(), charlie.clone());
            async move { enter_pin(&a, "ATM005", &charlie, "4444", now).await }
        },
        {
            let (b, charlie) = (b.clone(), charlie.clone());
            async move { enter_pin(&b, "ATM004", &charlie, "5555", now).await }
        },
    )
    .await;
    let results = [ra, rb];
    assert_eq!(
        results
            .iter()
            .filter(|r| matches!(r, Err(StoreError::Rule(AtmError::BlockedNow { .. }))))
            .count(),
        1,
        "exactly one attempt blocks the card: {results:?}"
    );
    assert_eq!(
        results
            .iter()
            .filter(|r| matches!(r, Err(StoreError::Rule(AtmError::CardBlocked { .. }))))
            .count(),
        1,
        "the other finds it blocked: {results:?}"
    );
    let stored = a
        .card_record(&charlie)
        .await
        .expect("read the card")
        .expect("the card exists");
    assert_eq!(stored.failed_attempts, 3, "no attempt was lost");
    assert!(matches!(stored.status, CardStatus::Blocked { .. }));
    let before = a.export().await.expect("export");

    // Close every connection (a reload) and open again: all state is there.
    drop(b);
    Rc::try_unwrap(a).ok().expect("the only handle").close();
    let (c, empty) = IdbStore::open(name).await.expect("reopen");
    assert!(!empty);
    assert_eq!(
        c.export().await.expect("export"),
        before,
        "all state survives"
    );
    let r = enter_pin(&c, "ATM005", &charlie, "2222", now.plus_secs(60)).await;
    assert!(
        matches!(r, Err(StoreError::Rule(AtmError::CardBlocked { .. }))),
        "the blocked card is still blocked, even with the correct PIN: {r:?}"
    );
}

#[wasm_bindgen_test]
async fn export_then_replace_then_export_is_identical_and_a_bad_import_changes_nothing() {
    let name = "atm-test-export";
    let (a, now) = fresh_bank(name).await;
    let s = login(&a, "ATM002", &card("4532111111111111"), "5678", now).await;
    a.session(&m("ATM002"), s, withdraw(300), now)
        .await
        .reply()
        .expect("withdraw $300");
    let first = a.export().await.expect("export");
    assert!(!first.transactions.is_empty() && !first.journal.is_empty());
    a.replace(first.clone()).await.expect("import");
    let second_export = a.export().await.expect("export again");
    assert_eq!(first, second_export);
    assert_eq!(first.to_json(), second_export.to_json());

    let mut bad = first.clone();
    bad.format = 99;
    assert!(matches!(
        a.replace(bad).await,
        Err(StoreError::Rule(AtmError::Invalid { .. }))
    ));
    assert_eq!(a.export().await.expect("export"), first, "nothing changed");
}

#[wasm_bindgen_test]
async fn an_operation_failing_after_its_first_write_leaves_every_store_as_before() {
    let name = "atm-test-abort";
    let (a, now) = fresh_bank(name).await;
    let s = login(&a, "ATM002", &card("4532111111111111"), "5678", now).await;
    let before = a.export().await.expect("export");
    a.inject_failure_after_first_write();
    let r = a.session(&m("ATM002"), s, withdraw(300), now).await.reply();
    assert!(matches!(r, Err(StoreError::Storage(_))), "{r:?}");
    assert_eq!(
        a.export().await.expect("export"),
        before,
        "nothing was written"
    );
    // The next operation runs normally.
    let r = a.session(&m("ATM002"), s, withdraw(300), now).await.reply();
    assert!(matches!(r, Ok(Reply::Dispensed { .. })), "{r:?}");
}

/// A reversal writes the account, the machine (cassettes, reject bin, the fault's count), the
/// session and two transactions: a failure after the first write leaves none of them, and the
/// retried operation does all of them.
#[wasm_bindgen_test]
async fn a_reversal_is_one_transaction_a_failure_in_the_middle_leaves_nothing() {
    let name = "atm-test-reversal-abort";
    let (a, now) = fresh_bank(name).await;
    let jam = Fault {
        kind: FaultKind::Jam,
        times: Some(1),
    };
    a.set_fault(&m("ATM002"), Device::Dispenser, jam, now)
        .await
        .expect("set a jam");
    let s = login(&a, "ATM002", &card("4532111111111111"), "5678", now).await;
    let before = a.export().await.expect("export");
    a.inject_failure_after_first_write();
    let r = a.session(&m("ATM002"), s, withdraw(300), now).await.reply();
    assert!(matches!(r, Err(StoreError::Storage(_))), "{r:?}");
    assert_eq!(
        a.export().await.expect("export"),
        before,
        "nothing was written"
    );
    // Run for real: reversed in the same step, the jam spent, the notes in the reject bin.
    let r = a.session(&m("ATM002"), s, withdraw(300), now).await.reply();
    assert_eq!(
        r,
        Err(StoreError::Rule(AtmError::DispenserJam {
            amount: Money::from_dollars(300)
        }))
    );
    let after = a.export().await.expect("export");
    let account = |b: &atm_sim::core::BankSnapshot| {
        b.accounts
            .iter()
            .find(|x| x.id == AccountId("ACC002".into()))
            .map(|x| x.balance)
    };
    let machine = |b: &atm_sim::core::BankSnapshot| {
        b.machines
            .iter()
            .find(|x| x.id == m("ATM002"))
            .cloned()
            .expect("ATM002")
    };
    assert_eq!(account(&after), account(&before));
    let (was, now_m) = (machine(&before), machine(&after));
    assert_eq!(now_m.devices.dispenser, None);
    assert_eq!(now_m.devices.reject_bin.total(), Money::from_dollars(300));
    assert_eq!(
        now_m.notes.total().cents() + now_m.devices.reject_bin.total().cents(),
        was.notes.total().cents()
    );
    let kinds: Vec<TxnKind> = after.transactions[before.transactions.len()..]
        .iter()
        .map(|t| t.kind)
        .collect();
    assert_eq!(kinds, [TxnKind::Withdrawal, TxnKind::Reversal]);

    // Cash not taken: the retract is one transaction too.
    let later = now.plus_secs(atm_sim::core::ops::TAKE_WITHIN_SECS);
    let r = a.session(&m("ATM002"), s, withdraw(100), now).await.reply();
    assert!(matches!(r, Ok(Reply::Dispensed { .. })), "{r:?}");
    let before = a.export().await.expect("export");
    a.inject_failure_after_first_write();
    let r = a
        .session(&m("ATM002"), s, SessionRequest::Retract, later)
        .await
        .reply();
    assert!(matches!(r, Err(StoreError::Storage(_))), "{r:?}");
    assert_eq!(
        a.export().await.expect("export"),
        before,
        "nothing was written"
    );
    let r = a
        .session(&m("ATM002"), s, SessionRequest::Retract, later)
        .await
        .reply();
    assert!(
        matches!(r, Ok(Reply::Retracted { amount, .. }) if amount == Money::from_dollars(100)),
        "{r:?}"
    );
    let after = a.export().await.expect("export");
    assert_eq!(
        account(&after).unwrap().cents(),
        account(&before).unwrap().cents() + Money::from_dollars(100).cents()
    );
    assert_eq!(
        machine(&after).devices.reject_bin.total(),
        Money::from_dollars(400)
    );
}

#[wasm_bindgen_test]
async fn no_pin_and_no_full_card_number_is_stored_in_any_value() {
    let name = "atm-test-dump";
    let (a, now) = fresh_bank(name).await;
    let s = login(&a, "ATM001", &card("4532123456789012"), "1234", now).await;
    a.session(
        &m("ATM001"),
        s,
        SessionRequest::ChangePin {
            new_pin: pin("7531"),
        },
        now,
    )
    .await
    .reply()
    .expect("change the PIN");
    let issued = issue_card(&a, "U002", "ACC002", "86420", now).await;
    // Wrong PINs are journaled; the journal must not hold them either.
    let _ = enter_pin(&a, "ATM005", &card(CHARLIE_CARD), "3333", now).await;

    let numbers: Vec<String> = a
        .cards()
        .await
        .expect("cards")
        .iter()
        .map(|c| c.number.digits().to_string())
        .collect();
    assert!(numbers.contains(&issued.digits().to_string()));
    let mut pins: Vec<&str> = DEMO_PINS.to_vec();
    pins.extend(["7531", "86420", "3333"]);

    let dump = a.dump().await.expect("dump every store");
    assert!(dump.iter().any(|(store, _)| store == "cards"));
    assert!(dump.len() > 20, "the dump holds the bank: {}", dump.len());
    for (store, value) in &dump {
        for n in &numbers {
            assert!(
                !value.contains(n.as_str()),
                "{store} stores a full card number: {value}"
            );
        }
        let json: serde_json::Value = serde_json::from_str(value).expect("stored JSON");
        let mut strings = Vec::new();
        collect_strings(&json, &mut strings);
        for s in strings {
            assert!(
                !pins.contains(&s.as_str()),
                "{store} stores a PIN as a value: {value}"
            );
        }
    }
}

/// Every string and object key in a JSON value.
fn collect_strings(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(items) => items.iter().for_each(|i| collect_strings(i, out)),
        serde_json::Value::Object(fields) => {
            for (k, v) in fields {
                out.push(k.clone());
                collect_strings(v, out);
            }
        }
        _ => {}
    }
}

#[wasm_bindgen_test]
async fn a_corrupt_record_is_reported_not_a_panic_and_nothing_else_is_lost() {
    let name = "atm-test-corrupt";
    let (a, _now) = fresh_bank(name).await;
    {
        let db = Database::open(name).await.expect("open directly");
        let tx = db
            .transaction("accounts")
            .with_mode(TransactionMode::Readwrite)
            .build()
            .expect("readwrite transaction");
        let store = tx.object_store("accounts").expect("accounts store");
        store
            .put(JsValue::from_str("not an account"))
            .with_key(JsValue::from_str("ACC001"))
            .await
            .expect("write garbage");
        drop(store);
        tx.commit().await.expect("commit");
        db.close();
    }
    let r = a.account(&AccountId("ACC001".into())).await;
    assert_eq!(
        r,
        Err(StoreError::Corrupt {
            store: "accounts".into(),
            key: "ACC001".into()
        })
    );
    let other = a
        .account(&AccountId("ACC002".into()))
        .await
        .expect("other accounts still read")
        .expect("ACC002 exists");
    assert_eq!(other.balance, Money::from_dollars(1500));
}

/// Lets the browser run its queued tasks (BroadcastChannel delivers in a later task).
async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        web_sys::window()
            .expect("a window")
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .expect("setTimeout");
    });
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .expect("timer");
}

#[wasm_bindgen_test]
async fn another_tab_hears_each_commit_but_not_its_own_and_a_stolen_card_is_refused_there_at_once()
{
    let name = "atm-test-sync";
    let (a, now) = fresh_bank(name).await;
    let b = second(name).await;
    let (own, own_subscription) = count_changes(|f| a.on_change(f));
    let (heard, subscription) = count_changes(|f| b.on_change(f));
    let stolen = card("4532111111111111");
    a.report_stolen(&stolen, now)
        .await
        .expect("report the card stolen");
    wait_until(|| heard.get() > 0).await;
    // BroadcastChannel delivers to every other object of the channel's name in this page too;
    // give the echo time to arrive before saying it did not.
    sleep_ms(100).await;
    assert_eq!(heard.get(), 1, "the other connection heard one change");
    assert_eq!(
        own.get(),
        0,
        "the connection that made the change did not hear itself"
    );
    // A tab of an older build posts the bare database name: both connections still hear it.
    let older = web_sys::BroadcastChannel::new(atm_sim::store::sync::CHANNEL).expect("a channel");
    older.post_message(&JsValue::from_str(name)).expect("post");
    wait_until(|| own.get() > 0 && heard.get() > 1).await;
    assert_eq!((own.get(), heard.get()), (1, 2));
    // Another database's changes are not this one's.
    older
        .post_message(&JsValue::from_str("atm-test-some-other-bank"))
        .expect("post");
    sleep_ms(100).await;
    assert_eq!((own.get(), heard.get()), (1, 2));
    older.close();
    let r = b
        .card(&m("ATM002"), &stolen, CardRequest::Insert, now)
        .await
        .reply();
    assert_eq!(r, Err(StoreError::Rule(AtmError::CardStolen)));
    drop((own_subscription, subscription));
}

#[wasm_bindgen_test]
async fn a_newer_schema_opened_in_another_tab_closes_this_connection_and_asks_for_a_reload() {
    let name = "atm-test-versionchange";
    let (a, _now) = fresh_bank(name).await;
    assert!(a.settings().await.is_ok());
    // Another tab with a newer build opens the database at a higher version. This connection
    // must close so that the upgrade is not blocked.
    let newer = Database::open(name)
        .with_version(atm_sim::store::idb::SCHEMA_VERSION + 1)
        .await
        .expect("the newer tab opens without being blocked");
    assert_eq!(
        newer.version() as u32,
        atm_sim::store::idb::SCHEMA_VERSION + 1
    );
    assert_eq!(
        a.settings().await,
        Err(StoreError::Storage(
            atm_sim::store::idb::RELOAD_NOTICE.into()
        ))
    );
    newer.close();
}

/// What schema version 1 left in browsers: see the fixture's `about`.
const SCHEMA_V1_FIXTURE: &str = include_str!("fixtures/idb_schema_v1.json");

fn json_to_js(v: &serde_json::Value) -> JsValue {
    js_sys::JSON::parse(&v.to_string()).expect("fixture JSON")
}

/// Writes the fixture with the version-1 layout, exactly as a version-1 build created it.
async fn write_schema_v1_fixture(name: &str) -> serde_json::Value {
    let fixture: serde_json::Value = serde_json::from_str(SCHEMA_V1_FIXTURE).expect("fixture");
    assert_eq!(fixture["schema_version"], 1);
    delete_database(name).await;
    let db = Database::open(name)
        .with_version(1u32)
        .with_on_upgrade_needed(|_event, db| {
            for store in [
                "meta", "users", "accounts", "machines", "sessions", "journal",
            ] {
                db.create_object_store(store).build()?;
            }
            db.create_object_store("cards")
                .build()?
                .create_index("by_id", "id".into())
                .with_unique(true)
                .build()?;
            db.create_object_store("transactions")
                .build()?
                .create_index("by_account", "account".into())
                .build()?;
            Ok(())
        })
        .await
        .expect("create the version-1 database");
    let stores = fixture["stores"].as_object().expect("stores");
    let names: Vec<&str> = stores.keys().map(String::as_str).collect();
    let tx = db
        .transaction(names.as_slice())
        .with_mode(TransactionMode::Readwrite)
        .build()
        .expect("readwrite transaction");
    for (store_name, records) in stores {
        let store = tx.object_store(store_name).expect("fixture store");
        for record in records.as_array().expect("records") {
            store
                .put(json_to_js(&record[1]))
                .with_key(json_to_js(&record[0]))
                .await
                .expect("write a fixture record");
        }
    }
    tx.commit().await.expect("commit the fixture");
    db.close();
    fixture
}

#[wasm_bindgen_test]
async fn a_database_written_by_schema_version_1_opens_with_its_data_intact() {
    let name = "atm-test-schema-v1";
    let fixture = write_schema_v1_fixture(name).await;
    let now = Timestamp::from_millis(fixture["clock_millis"].as_i64().expect("clock"));

    let (store, empty) = IdbStore::open(name)
        .await
        .expect("open (upgrading if needed)");
    assert!(!empty, "the old bank is there");
    let snapshot = store.export().await.expect("export");
    snapshot
        .validate()
        .expect("the upgraded bank is consistent");
    let count = |s: &str| fixture["stores"][s].as_array().expect("records").len();
    assert_eq!(snapshot.users.len(), count("users"));
    assert_eq!(snapshot.accounts.len(), count("accounts"));
    assert_eq!(snapshot.cards.len(), count("cards"));
    assert_eq!(snapshot.transactions.len(), count("transactions"));
    assert_eq!(snapshot.journal.len(), count("journal"));

    let jane_account = store
        .account(&AccountId("ACC002".into()))
        .await
        .expect("read")
        .expect("ACC002");
    assert_eq!(jane_account.balance, Money::from_dollars(1200));
    let atm2 = store
        .machine(&m("ATM002"))
        .await
        .expect("read")
        .expect("ATM002");
    assert_eq!(atm2.notes.total(), Money::from_dollars(9700));
    let charlie = store
        .card_record(&card(CHARLIE_CARD))
        .await
        .expect("read")
        .expect("Charlie's card, its number restored from the key");
    assert_eq!(charlie.failed_attempts, 3);
    assert!(matches!(charlie.status, CardStatus::Blocked { .. }));
    let history = store
        .history(&AccountId("ACC002".into()), 5)
        .await
        .expect("history through the account index");
    assert_eq!(history[0].kind, TxnKind::Withdrawal);
    assert_eq!(history[0].amount, Money::from_dollars(300));

    // The old bank keeps working: ids continue after the old ones, the journal grows.
    let s = login(&store, "ATM001", &card("4532111111111111"), "5678", now).await;
    store
        .session(&m("ATM001"), s, withdraw(100), now)
        .await
        .reply()
        .expect("withdraw from the old bank");
    let after = store.export().await.expect("export");
    assert_eq!(after.transactions.len(), count("transactions") + 1);
    let newest = store
        .history(&AccountId("ACC002".into()), 1)
        .await
        .expect("history");
    assert!(snapshot.transactions.iter().all(|t| t.id < newest[0].id));
    assert!(after.journal.len() > count("journal"));

    // The upgrade to schema 2 indexed the old records by owner.
    let dana = UserId("U006".into());
    let accounts: Vec<String> = store
        .accounts_of(&dana)
        .await
        .expect("accounts through the by_user index")
        .into_iter()
        .map(|a| a.id.to_string())
        .collect();
    assert_eq!(accounts, ["CHK006", "SAV006"]);
    let cards = store.cards_of(&dana).await.expect("cards by owner");
    assert_eq!(cards.len(), 1);
    assert_eq!(cards[0].number.last4(), "5556");
    assert!(
        store
            .cards_of(&UserId("NOBODY".into()))
            .await
            .expect("no cards")
            .is_empty()
    );
}

#[wasm_bindgen_test]
async fn an_upgrade_blocked_by_an_old_tab_says_so_and_finishes_when_that_tab_closes() {
    let name = "atm-test-blocked";
    write_schema_v1_fixture(name).await;
    // An old build's tab: connected at version 1 and deaf to version changes.
    let old_tab = Database::open(name)
        .with_version(1u32)
        .await
        .expect("the old tab opens version 1");
    let blocked = Rc::new(Cell::new(false));
    let opened = Rc::new(Cell::new(false));
    let (saw, done) = (blocked.clone(), opened.clone());
    wasm_bindgen_futures::spawn_local(async move {
        let (store, empty) = IdbStore::open_with(name, move || saw.set(true))
            .await
            .expect("opens once the old tab has closed");
        assert!(!empty, "the old bank is still there");
        assert_eq!(store.users().await.expect("users").len(), 6);
        done.set(true);
        store.close();
    });
    wait_until(|| blocked.get()).await;
    assert!(blocked.get(), "the opening reported that it is blocked");
    assert!(
        !opened.get(),
        "and waits while the old tab holds the database"
    );
    old_tab.close();
    wait_until(|| opened.get()).await;
    assert!(opened.get(), "the upgrade finished once the old tab closed");
}

/// Yields to the browser until `done` holds, for at most two seconds.
async fn wait_until(done: impl Fn() -> bool) {
    for _ in 0..200 {
        if done() {
            return;
        }
        sleep_ms(10).await;
    }
}

#[wasm_bindgen_test]
async fn the_app_opens_a_persistent_bank_seeded_once_with_the_demo() {
    let name = "atm-test-open-browser-store";
    delete_database(name).await;
    let now = Timestamp::from_millis(1_795_000_000_000);
    let opened = atm_sim::store::open_browser_store(name, now, UtcOffset::UTC, || ()).await;
    assert_eq!(
        opened.notice, None,
        "IndexedDB works here, so there is nothing to warn about"
    );
    let store = opened.store;
    assert!(store.is_persistent());
    // A new database is seeded with the whole demo bank before the opening completes.
    assert_eq!(
        store.users().await.expect("users").len(),
        6,
        "the demo bank"
    );
    let wallet = store.wallet(now).await.expect("wallet");
    assert_eq!(wallet.len(), 6);
    assert!(wallet.iter().all(|c| c.status == CardStatus::Active));
    store
        .report_stolen(&card(BOB_CARD), now)
        .await
        .expect("report stolen");

    // Opening again (a reload) keeps the bank instead of seeding the demo over it.
    let again = atm_sim::store::open_browser_store(name, now, UtcOffset::UTC, || ()).await;
    assert_eq!(again.notice, None);
    let r = again
        .store
        .card(&m("ATM003"), &card(BOB_CARD), CardRequest::Insert, now)
        .await
        .reply();
    assert_eq!(r, Err(StoreError::Rule(AtmError::CardStolen)));
}

/// Counts every event it hears.
struct EventCount(std::sync::Arc<std::sync::atomic::AtomicUsize>);

impl atm_sim::core::Notifier for EventCount {
    fn name(&self) -> &str {
        "event-count"
    }
    fn notify(&self, _: &atm_sim::core::BankEvent) {
        self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }
}

#[wasm_bindgen_test]
async fn the_apps_store_publishes_its_events_and_hears_other_tabs_but_not_itself() {
    let name = "atm-test-opened-store";
    delete_database(name).await;
    let now = Timestamp::from_millis(1_795_000_000_000);
    let store = atm_sim::store::open_browser_store(name, now, UtcOffset::UTC, || ())
        .await
        .store;
    let heard = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    store
        .notifiers()
        .subscribe(std::sync::Arc::new(EventCount(heard.clone())));
    let (other_tabs, subscription) = count_changes(|f| store.on_change(f));
    withdraws_300_with_a_demo_card(&store, now).await;
    // Events go out in a task after the answer.
    sleep_ms(10).await;
    assert!(
        heard.load(std::sync::atomic::Ordering::SeqCst) > 0,
        "a subscriber hears the bank's events"
    );
    sleep_ms(100).await;
    assert_eq!(
        other_tabs.get(),
        0,
        "its own withdrawal is not another tab's change"
    );
    let b = second(name).await;
    b.report_stolen(&card("4532111111111111"), now)
        .await
        .expect("report the card stolen");
    wait_until(|| other_tabs.get() > 0).await;
    assert_eq!(other_tabs.get(), 1);
    drop(subscription);
}

#[wasm_bindgen_test]
async fn a_seed_that_fails_to_commit_leaves_no_bank() {
    let name = "atm-test-failed-seed";
    delete_database(name).await;
    let now = Timestamp::from_millis(1_795_000_000_000);
    let demo = atm_sim::core::Scenario::demo()
        .build(now, UtcOffset::UTC, &OsEntropy)
        .expect("the demo bank")
        .snapshot;
    let (idb, empty) = IdbStore::open(name).await.expect("open");
    assert!(empty, "a new database holds no bank");
    idb.inject_failure_after_first_write();
    assert!(
        matches!(idb.replace(demo).await, Err(StoreError::Storage(_))),
        "the failed write is reported"
    );
    idb.close();
    let (_, empty) = IdbStore::open(name).await.expect("reopen");
    assert!(empty, "nothing of the aborted seed was kept");
}

#[wasm_bindgen_test]
async fn when_the_database_cannot_be_opened_the_app_runs_in_memory_and_says_so() {
    let name = "atm-test-unavailable";
    delete_database(name).await;
    // A database at a version this build cannot open (as a newer build would leave it) makes
    // opening fail, the same path a browser without IndexedDB takes.
    Database::open(name)
        .with_version(atm_sim::store::idb::SCHEMA_VERSION + 10)
        .await
        .expect("create a newer database")
        .close();
    let now = Timestamp::from_millis(1_795_000_000_000);
    let opened = atm_sim::store::open_browser_store(name, now, UtcOffset::UTC, || ()).await;
    assert_eq!(opened.notice, Some(atm_sim::store::Notice::InMemory(None)));
    let store = opened.store;
    assert!(!store.is_persistent());
    withdraws_300_with_a_demo_card(&store, now).await;
}

#[wasm_bindgen_test]
async fn a_quiet_timer_tick_sends_no_cross_tab_message() {
    let name = "atm-test-quiet-tick";
    let (a, now) = fresh_bank(name).await;
    let s = login(&a, "ATM002", &card("4532111111111111"), "5678", now).await;
    let b = second(name).await;
    let (heard, subscription) = count_changes(|f| b.on_change(f));
    let r = a
        .session(&m("ATM002"), s, SessionRequest::Tick, now.plus_secs(10))
        .await
        .reply();
    assert!(matches!(r, Ok(Reply::StillActive { .. })), "{r:?}");
    sleep_ms(100).await;
    assert_eq!(heard.get(), 0, "nothing changed, so nothing was announced");
    // A real change is announced.
    a.session(&m("ATM002"), s, balance(), now.plus_secs(20))
        .await
        .reply()
        .expect("balance");
    wait_until(|| heard.get() > 0).await;
    assert_eq!(heard.get(), 1);
    drop(subscription);
}

/// Another tab re-points a session behind this connection's back: each request must decide on
/// the card, customer and accounts the session names now, read in its own transaction.
#[wasm_bindgen_test]
async fn a_session_request_decides_on_the_records_the_session_names_now() {
    let name = "atm-test-repointed-session";
    let (a, now) = fresh_bank(name).await;
    let b = second(name).await;
    let s = login(&a, "ATM001", &card(BOB_CARD), "9999", now).await;
    let first = a
        .session(&m("ATM001"), s, balance(), now)
        .await
        .reply()
        .expect("Bob's balance");
    assert_eq!(
        first,
        Reply::Balance {
            account: AccountId("ACC003".into()),
            balance: Money::from_dollars(200),
        }
    );

    // Re-pointed to Charlie, who has already withdrawn his daily limit today: only his own
    // customer record can refuse the withdrawal.
    let repoint = |to: &str, user: &str, account: &str, stolen: bool| {
        let (a, b) = (a.clone(), b.clone());
        let (to, user, account) = (card(to), UserId(user.into()), AccountId(account.into()));
        async move {
            let mut snapshot = a.export().await.expect("export");
            let target = snapshot
                .cards
                .iter_mut()
                .find(|c| c.number == to)
                .expect("the card");
            if stolen {
                target.status = CardStatus::Stolen;
            }
            let target = target.clone();
            let holder = snapshot
                .users
                .iter_mut()
                .find(|u| u.id == user)
                .expect("the user");
            holder.daily.day = now.local_day(UtcOffset::UTC);
            holder.daily.withdrawn = Money::from_dollars(1_000_000);
            let session = snapshot
                .sessions
                .iter_mut()
                .find(|x| x.id == s)
                .expect("the session");
            session.card = target.id.clone();
            session.card_masked = target.number.masked();
            session.user = user;
            session.accounts = vec![account];
            b.replace(snapshot)
                .await
                .expect("the other tab re-points the session");
        }
    };
    repoint(CHARLIE_CARD, "U005", "ACC005", false).await;
    let refused = a.session(&m("ATM001"), s, withdraw(20), now).await.reply();
    assert!(
        matches!(
            refused,
            Err(StoreError::Rule(AtmError::DailyLimitExceeded { .. }))
        ),
        "Charlie's own daily total refuses it: {refused:?}"
    );
    let charlies = a
        .session(&m("ATM001"), s, balance(), now)
        .await
        .reply()
        .expect("the balance the session names");
    assert_eq!(
        charlies,
        Reply::Balance {
            account: AccountId("ACC005".into()),
            balance: Money::from_dollars(1000),
        }
    );

    // Back to Bob's card, now reported stolen: the card record the session names stops it.
    repoint(BOB_CARD, "U003", "ACC003", true).await;
    let stopped = a.session(&m("ATM001"), s, withdraw(20), now).await.reply();
    assert_eq!(stopped, Err(StoreError::Rule(AtmError::CardStolen)));
    // A connection that never served the session reads the same records and gives the same
    // answer.
    let c = second(name).await;
    let again = c.session(&m("ATM001"), s, balance(), now).await.reply();
    assert_eq!(again, Err(StoreError::Rule(AtmError::CardStolen)));
}
