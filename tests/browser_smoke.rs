//! Browser smoke test: the page's real IndexedDB works from Rust.
//!
//! Run with `wasm-pack test --headless --chrome --chromedriver /usr/bin/chromedriver`
//! (`scripts/test.sh` does). It opens a real database, creates an object store in the upgrade
//! handler, writes a record in one transaction and reads it back in another, so it fails if
//! IndexedDB, the `indexed_db_futures` bindings or the serde round trip break.
#![cfg(target_arch = "wasm32")]

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use serde::{Deserialize, Serialize};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const DB_NAME: &str = "atm-smoke-test";
const STORE: &str = "records";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Record {
    id: String,
    balance_cents: i64,
    note: String,
}

#[wasm_bindgen_test]
async fn indexed_db_write_then_read_back() {
    // Start from nothing, so an earlier run's data cannot make the test pass.
    Database::delete_by_name(DB_NAME)
        .expect("delete request")
        .await
        .expect("delete the old smoke-test database");

    let db = Database::open(DB_NAME)
        .with_version(1u8)
        .with_on_upgrade_needed(|event, db| {
            assert_eq!(
                event.old_version() as u64,
                0,
                "a fresh database starts at version 0"
            );
            db.create_object_store(STORE)
                .with_key_path("id".into())
                .build()?;
            Ok(())
        })
        .await
        .expect("open the database");

    assert_eq!(db.version() as u64, 1);
    let names: Vec<String> = db.object_store_names().collect();
    assert_eq!(
        names,
        vec![STORE.to_string()],
        "the upgrade handler created the store"
    );

    let written = Record {
        id: "ACC001".into(),
        balance_cents: 123_450,
        note: "smoke test".into(),
    };

    // Write in a readwrite transaction and commit explicitly (transactions roll back by default).
    let tx = db
        .transaction(STORE)
        .with_mode(TransactionMode::Readwrite)
        .build()
        .expect("readwrite transaction");
    let store = tx.object_store(STORE).expect("object store");
    store
        .put(written.clone())
        .serde()
        .expect("serialise the record")
        .await
        .expect("put the record");
    drop(store);
    tx.commit().await.expect("commit");

    // Read it back in a separate, read-only transaction.
    let tx = db.transaction(STORE).build().expect("readonly transaction");
    let store = tx.object_store(STORE).expect("object store");
    let read: Option<Record> = store
        .get("ACC001")
        .serde()
        .expect("get request")
        .await
        .expect("get the record");
    let missing: Option<Record> = store
        .get("NO-SUCH-ID")
        .serde()
        .expect("get request")
        .await
        .expect("get a missing record");
    drop(store);
    drop(tx);

    assert_eq!(read, Some(written));
    assert_eq!(missing, None);

    db.close();
    Database::delete_by_name(DB_NAME)
        .expect("delete request")
        .await
        .expect("clean up the smoke-test database");
}
