//! Persistence: the in-memory store and (wasm) the IndexedDB store.
