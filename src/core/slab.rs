//! Insert-only record storage addressed by small integer handles, and a compact hash index from
//! keys to handles: the layout behind the bank's cards and users.
//!
//! Why not a hash map of `Arc<Mutex<_>>` per record: in a bank of a million cards every such
//! record is its own heap block somewhere in more than a gigabyte, so a login chased half a dozen
//! of them (map control bytes, bucket, the record, its account list, the user's bucket and
//! record, on logout a second map), each a cache miss and a TLB miss (BENCHMARKS.md, "Why login
//! at 1M users costs more than at 1k"). Here a record sits in a [`Slab`] segment next to its
//! neighbours and is found through an [`Index`] of 8-byte entries, so a cold lookup is one miss
//! for the entry and one for the record; on Linux both are advised onto huge pages, which takes
//! the TLB misses away.
//!
//! Records are never removed (the bank forgets no card, user or account), which is what keeps a
//! handle valid for the bank's whole life and lets readers go without any lock.

use std::cell::UnsafeCell;
use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hash};
use std::marker::PhantomData;
use std::mem::MaybeUninit;
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock, RwLock};

/// Where a record sits in its [`Slab`]. Handed out by [`Slab::push`], valid for the slab's life.
/// Stored as index + 1, so an `Option<Handle>` is four bytes (a session keeps two).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Handle(NonZeroU32);

impl Handle {
    fn new(index: usize) -> Option<Handle> {
        u32::try_from(index + 1)
            .ok()
            .and_then(NonZeroU32::new)
            .map(Handle)
    }

    pub fn index(self) -> usize {
        self.0.get() as usize - 1
    }
}

/// Slots in segment 0; segment `k` holds `FIRST << k`, so 26 segments hold every `u32` handle.
const FIRST: usize = 64;
const SEGMENTS: usize = 26;

/// Segment `k` starts at slot `FIRST * (2^k - 1)`.
fn locate(index: usize) -> (usize, usize) {
    let k = (index / FIRST + 1).ilog2() as usize;
    (k, index - FIRST * ((1 << k) - 1))
}

/// One segment's slots; those below the slab's `len` are initialised.
type Segment<T> = Box<[UnsafeCell<MaybeUninit<T>>]>;

/// Records in segments that double in size and never move: a handle stays valid while other
/// threads push, and reading needs no lock (the record carries its own mutex where it changes).
pub struct Slab<T> {
    segments: [OnceLock<Segment<T>>; SEGMENTS],
    /// Slots below `len` are initialised; published with `Release` after the write.
    len: AtomicUsize,
    /// Serialises pushes (inserting records is back-office work, never a login).
    grow: Mutex<()>,
    _owns: PhantomData<T>,
}

// SAFETY: a slot is written once, by the one thread holding `grow`, before `len` publishes it;
// afterwards it is only shared (`&T`), so `Slab<T>` is as thread-safe as `T` itself.
unsafe impl<T: Send> Send for Slab<T> {}
unsafe impl<T: Send + Sync> Sync for Slab<T> {}

impl<T> Default for Slab<T> {
    fn default() -> Slab<T> {
        Slab {
            segments: std::array::from_fn(|_| OnceLock::new()),
            len: AtomicUsize::new(0),
            grow: Mutex::new(()),
            _owns: PhantomData,
        }
    }
}

impl<T> Slab<T> {
    pub fn len(&self) -> usize {
        self.len.load(Ordering::Acquire)
    }

    /// Stores `value` and returns its handle.
    pub fn push(&self, value: T) -> Handle {
        let _grow = self.grow.lock().unwrap_or_else(|p| p.into_inner());
        let index = self.len.load(Ordering::Relaxed);
        let handle = Handle::new(index).expect("fewer than 2^32 - 1 records");
        let (k, offset) = locate(index);
        let segment = self.segments[k].get_or_init(|| {
            let slots: Segment<T> = (0..FIRST << k)
                .map(|_| UnsafeCell::new(MaybeUninit::uninit()))
                .collect();
            huge_pages::advise(slots.as_ptr().cast(), std::mem::size_of_val(&*slots));
            slots
        });
        // SAFETY: slot `index` is past `len`, so no reader can see it yet, and `grow` makes this
        // thread its only writer.
        unsafe { (*segment[offset].get()).write(value) };
        self.len.store(index + 1, Ordering::Release);
        handle
    }

    pub fn get(&self, handle: Handle) -> Option<&T> {
        let index = handle.index();
        if index >= self.len() {
            return None;
        }
        let (k, offset) = locate(index);
        let slot = &self.segments[k].get()?[offset];
        // SAFETY: below `len`, so initialised (the `Acquire` load above saw its write) and never
        // written again.
        Some(unsafe { (*slot.get()).assume_init_ref() })
    }

    /// Every record, in the order they were pushed.
    pub fn iter(&self) -> impl Iterator<Item = &T> {
        (0..self.len()).filter_map(|i| self.get(Handle::new(i)?))
    }

    /// Asks the CPU to start loading the record's cache lines now, so that the miss overlaps
    /// with the work the caller does before it needs them. Purely a hint.
    pub fn prefetch(&self, handle: Handle) {
        if let Some(record) = self.get(handle) {
            prefetch(std::ptr::from_ref(record).cast(), std::mem::size_of::<T>());
        }
    }
}

impl<T> Drop for Slab<T> {
    fn drop(&mut self) {
        let len = *self.len.get_mut();
        for (k, segment) in self.segments.iter_mut().enumerate() {
            let Some(slots) = segment.get_mut() else {
                break;
            };
            let start = FIRST * ((1 << k) - 1);
            for slot in slots.iter_mut().take(len.saturating_sub(start)) {
                // SAFETY: slots below `len` were initialised by `push`, and each is dropped once.
                unsafe { slot.get_mut().assume_init_drop() };
            }
        }
    }
}

/// Hints the cache lines of `len` bytes at `at` into the cache (x86-64 only; elsewhere nothing).
fn prefetch(at: *const u8, len: usize) {
    #[cfg(target_arch = "x86_64")]
    for offset in (0..len).step_by(64) {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        // SAFETY: a prefetch never faults and reads nothing the program sees; `at` is a live
        // record anyway.
        #[allow(unused_unsafe)]
        unsafe {
            _mm_prefetch::<_MM_HINT_T0>(at.wrapping_add(offset).cast())
        };
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (at, len);
}

/// Shards of the index, each with its own lock, so inserting never stops lookups elsewhere.
const SHARDS: usize = 32;

/// Maps keys to handles without storing the keys: each entry is 8 bytes, the low 32 bits of the
/// key's hash and the handle, in an open-addressing table per shard (linear probing, at most
/// half full). A hash match is confirmed by the caller's `is` check on the record itself, the
/// record a lookup reads next anyway. Like the slab it only grows.
pub struct Index<K> {
    hasher: RandomState,
    shards: Box<[RwLock<Probe>]>,
    _keys: PhantomData<fn(&K)>,
}

#[derive(Default)]
struct Probe {
    entries: Table,
    len: usize,
}

impl Probe {
    fn find(&self, hash: u32, is: impl Fn(Handle) -> bool) -> Option<Handle> {
        let entries = self.entries.slots();
        if entries.is_empty() {
            return None;
        }
        let mask = entries.len() - 1;
        let mut i = hash as usize & mask;
        loop {
            let entry = entries[i];
            if entry == 0 {
                return None;
            }
            if let Some(handle) = NonZeroU32::new(entry as u32).map(Handle)
                && (entry >> 32) as u32 == hash
                && is(handle)
            {
                return Some(handle);
            }
            i = (i + 1) & mask;
        }
    }

    fn add(&mut self, hash: u32, handle: Handle) {
        let size = self.entries.slots().len();
        if (self.len + 1) * 2 > size {
            let old = std::mem::replace(&mut self.entries, Table::zeroed((size * 2).max(16)));
            self.len = 0;
            for entry in old.slots().iter().filter(|e| **e != 0) {
                self.place(*entry);
            }
        }
        self.place(u64::from(hash) << 32 | u64::from(handle.0.get()));
    }

    fn place(&mut self, entry: u64) {
        let entries = self.entries.slots_mut();
        let mask = entries.len() - 1;
        let mut i = (entry >> 32) as usize & mask;
        while entries[i] != 0 {
            i = (i + 1) & mask;
        }
        entries[i] = entry;
        self.len += 1;
    }
}

/// A huge page, in entries.
const HUGE: usize = (2 << 20) / 8;

/// An index shard's entries, `hash_low << 32 | handle` (the handle is never 0), 0 for an empty
/// one. A table past an eighth of a huge page starts on one, 2 MiB-aligned inside a buffer one
/// huge page longer (the slack is never touched, so never backed by memory), and keeps its own
/// size: in a million-card bank the 32 shards are then 512 KiB each on 32 huge pages, and a
/// lookup's entry costs at most a cache miss, never a page walk.
#[derive(Default)]
struct Table {
    buf: Vec<u64>,
    start: usize,
    size: usize,
}

impl Table {
    fn zeroed(size: usize) -> Table {
        if size < HUGE / 8 {
            return Table {
                buf: vec![0; size],
                start: 0,
                size,
            };
        }
        // The table keeps its own size on the page: rounding it up to a whole huge page would
        // spread the same entries over four times the lines (a 1M-card bank's index would take
        // 64 MiB of cache lines instead of 16, most of them holding one entry), and a cold
        // lookup's entry would be even less likely to still be in the last-level cache.
        let room = size.max(HUGE);
        let buf = vec![0u64; room + HUGE];
        let start = (buf.as_ptr() as usize).next_multiple_of(HUGE * 8) - buf.as_ptr() as usize;
        let start = start / 8;
        huge_pages::advise(buf[start..].as_ptr().cast(), room * 8);
        Table { buf, start, size }
    }

    fn slots(&self) -> &[u64] {
        &self.buf[self.start..self.start + self.size]
    }

    fn slots_mut(&mut self) -> &mut [u64] {
        &mut self.buf[self.start..self.start + self.size]
    }
}

/// A lookup under way: the key's shard and the 32 hash bits its entry holds. Only meaningful
/// for the index and the key it was [`Index::start`]ed with.
#[derive(Clone, Copy, Debug)]
pub struct Lookup {
    shard: usize,
    hash: u32,
}

impl<K: Hash> Default for Index<K> {
    fn default() -> Index<K> {
        Index {
            hasher: RandomState::new(),
            shards: (0..SHARDS).map(|_| RwLock::default()).collect(),
            _keys: PhantomData,
        }
    }
}

impl<K: Hash> Index<K> {
    /// The shard (from the hash's top bits) and the 32 bits stored in the entry.
    fn split(&self, key: &K) -> (&RwLock<Probe>, u32) {
        let hash = self.hasher.hash_one(key);
        (&self.shards[(hash >> 59) as usize % SHARDS], hash as u32)
    }

    /// The handle of the record with `key`; `is` tells whether a candidate's record has it.
    pub fn find(&self, key: &K, is: impl Fn(Handle) -> bool) -> Option<Handle> {
        self.probe(self.start(key), is)
    }

    /// Hashes `key` and asks for the cache line of its first entry, without waiting for it: the
    /// caller does work that needs no record while the line comes, then [`Index::probe`]s.
    pub fn start(&self, key: &K) -> Lookup {
        let hash = self.hasher.hash_one(key);
        let lookup = Lookup {
            shard: (hash >> 59) as usize % SHARDS,
            hash: hash as u32,
        };
        let probe = self.shards[lookup.shard]
            .read()
            .unwrap_or_else(|p| p.into_inner());
        let entries = probe.entries.slots();
        if !entries.is_empty() {
            let first = lookup.hash as usize & (entries.len() - 1);
            prefetch(std::ptr::from_ref(&entries[first]).cast(), 8);
        }
        lookup
    }

    /// Finishes a lookup [`Index::start`]ed for one key: its handle, `is` confirming candidates.
    pub fn probe(&self, lookup: Lookup, is: impl Fn(Handle) -> bool) -> Option<Handle> {
        self.shards[lookup.shard]
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .find(lookup.hash, is)
    }

    /// Adds `key` with the handle `make` returns, unless a record with `key` is indexed already
    /// (then `Err` with its handle, and `make` is not called). The check and the insert happen
    /// under the shard's lock, so two threads adding one key cannot both succeed.
    pub fn insert_new(
        &self,
        key: &K,
        is: impl Fn(Handle) -> bool,
        make: impl FnOnce() -> Handle,
    ) -> Result<Handle, Handle> {
        let (shard, hash) = self.split(key);
        let mut probe = shard.write().unwrap_or_else(|p| p.into_inner());
        if let Some(existing) = probe.find(hash, is) {
            return Err(existing);
        }
        let handle = make();
        probe.add(hash, handle);
        Ok(handle)
    }
}

/// A record that carries its key, fixed for the record's life.
pub trait Keyed<K> {
    fn key(&self) -> &K;
}

/// A slab with an index on its records' keys.
pub struct KeyedSlab<K, T> {
    slab: Slab<T>,
    index: Index<K>,
}

impl<K: Hash, T> Default for KeyedSlab<K, T> {
    fn default() -> KeyedSlab<K, T> {
        KeyedSlab {
            slab: Slab::default(),
            index: Index::default(),
        }
    }
}

impl<K: Hash + Eq + Clone, T: Keyed<K>> KeyedSlab<K, T> {
    /// The record with `key`. A candidate's lines are all requested before its key is
    /// compared, so a cold record costs one wait for memory, not one per line.
    pub fn find(&self, key: &K) -> Option<Handle> {
        self.index.find(key, |h| {
            self.slab.prefetch(h);
            self.slab.get(h).is_some_and(|r| r.key() == key)
        })
    }

    /// The first half of a [`KeyedSlab::find`] split in three so that its two waits for memory
    /// can overlap with other work: `start` hashes the key and requests its index entry,
    /// [`KeyedSlab::candidate`] reads the entry and requests the record's lines, and
    /// [`KeyedSlab::confirm`] compares the record's key. Do work that needs no record between
    /// the calls.
    pub fn start(&self, key: &K) -> Lookup {
        self.index.start(key)
    }

    /// The first record whose entry matches the lookup's hash bits, its lines requested but its
    /// key not yet compared (so the call does not wait for the record). `None` means no record
    /// has the key.
    pub fn candidate(&self, lookup: Lookup) -> Option<Handle> {
        self.index.probe(lookup, |h| {
            self.slab.prefetch(h);
            true
        })
    }

    /// The record with `key`, given the [`KeyedSlab::candidate`] of its [`KeyedSlab::start`]:
    /// the candidate if it has the key, otherwise (two keys sharing 32 hash bits) a full probe.
    pub fn confirm(&self, key: &K, lookup: Lookup, candidate: Option<Handle>) -> Option<Handle> {
        let candidate = candidate?;
        if self.slab.get(candidate).is_some_and(|r| r.key() == key) {
            return Some(candidate);
        }
        self.index
            .probe(lookup, |h| self.slab.get(h).is_some_and(|r| r.key() == key))
    }

    pub fn get(&self, handle: Handle) -> Option<&T> {
        self.slab.get(handle)
    }

    pub fn lookup(&self, key: &K) -> Option<&T> {
        self.find(key).and_then(|h| self.get(h))
    }

    /// Stores `record` unless its key is taken (then `None`).
    pub fn insert_new(&self, record: T) -> Option<Handle> {
        let key = record.key().clone();
        let is = |h| self.slab.get(h).is_some_and(|r| r.key() == &key);
        self.index
            .insert_new(&key, is, || self.slab.push(record))
            .ok()
    }

    pub fn iter(&self) -> impl Iterator<Item = &T> {
        self.slab.iter()
    }

    pub fn len(&self) -> usize {
        self.slab.len()
    }
}

/// Transparent huge pages for the big tables. On this kind of machine THP is often "madvise"
/// only, so without the advice every record sits on its own 4 KiB page and a cold lookup pays a
/// page walk on top of the cache miss. Elsewhere (wasm, other systems) it does nothing.
mod huge_pages {
    /// Below this a table fits a few small pages and the advice buys nothing.
    #[cfg(all(target_os = "linux", not(miri)))]
    const WORTH_IT: usize = 2 << 20;

    #[cfg(all(target_os = "linux", not(miri)))]
    pub fn advise(at: *const u8, len: usize) {
        const MADV_HUGEPAGE: i32 = 14;
        const PAGE: usize = 4096;
        unsafe extern "C" {
            fn madvise(addr: *mut u8, len: usize, advice: i32) -> i32;
        }
        if len < WORTH_IT {
            return;
        }
        let start = (at as usize).next_multiple_of(PAGE);
        let end = (at as usize + len) & !(PAGE - 1);
        if end > start {
            // SAFETY: the range lies inside an allocation the caller owns; the advice changes
            // how the kernel backs it, never its contents. A refusal (old kernel, THP off) is
            // harmless, so the result is ignored.
            unsafe { madvise(start as *mut u8, end - start, MADV_HUGEPAGE) };
        }
    }

    #[cfg(not(all(target_os = "linux", not(miri))))]
    pub fn advise(_at: *const u8, _len: usize) {}
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::sync::Arc;

    #[test]
    fn segments_tile_the_slots_without_gaps() {
        let mut expected = (0, 0);
        for index in 0..100_000 {
            let (k, offset) = locate(index);
            assert!(offset < FIRST << k, "slot {index}");
            if k != expected.0 {
                assert_eq!((k, offset), (expected.0 + 1, 0), "slot {index}");
            } else {
                assert_eq!(offset, expected.1, "slot {index}");
            }
            expected = (k, offset + 1);
        }
    }

    #[test]
    fn records_keep_their_handles_and_drop_once() {
        let counted = Arc::new(());
        let slab = Slab::default();
        let handles: Vec<Handle> = (0..1_000)
            .map(|i| slab.push((i, Arc::clone(&counted))))
            .collect();
        for (i, h) in handles.iter().enumerate() {
            assert_eq!(slab.get(*h).map(|r| r.0), Some(i));
        }
        assert_eq!(slab.get(Handle::new(1_000).unwrap()).map(|r| r.0), None);
        assert_eq!(
            slab.iter().map(|r| r.0).collect::<Vec<_>>(),
            (0..1_000).collect::<Vec<_>>()
        );
        assert_eq!(Arc::strong_count(&counted), 1_001);
        drop(slab);
        assert_eq!(Arc::strong_count(&counted), 1);
    }

    /// Keys indexed over a slab of the keys themselves, the way the bank uses the pair.
    fn add(index: &Index<String>, slab: &Slab<String>, key: &str) -> Result<Handle, Handle> {
        let key = key.to_string();
        index.insert_new(
            &key,
            |h| slab.get(h) == Some(&key),
            || slab.push(key.clone()),
        )
    }

    fn find(index: &Index<String>, slab: &Slab<String>, key: &str) -> Option<Handle> {
        let key = key.to_string();
        index.find(&key, |h| slab.get(h) == Some(&key))
    }

    proptest! {
        /// Whatever the keys and their order, every added key finds its own record, a repeated
        /// key is refused with the first one's handle, and no key finds another's record.
        #[test]
        fn index_and_slab_stay_consistent(keys in prop::collection::vec("[a-z]{1,3}", 0..400)) {
            let (index, slab) = (Index::default(), Slab::default());
            let mut first: std::collections::HashMap<String, Handle> = Default::default();
            for key in &keys {
                match (add(&index, &slab, key), first.get(key)) {
                    (Ok(h), None) => { first.insert(key.clone(), h); }
                    (Err(h), Some(seen)) => prop_assert_eq!(h, *seen),
                    (got, seen) => prop_assert!(false, "{key}: {got:?} vs {seen:?}"),
                }
            }
            prop_assert_eq!(slab.len(), first.len());
            for (key, h) in &first {
                prop_assert_eq!(find(&index, &slab, key), Some(*h));
                prop_assert_eq!(slab.get(*h), Some(key));
            }
            prop_assert_eq!(find(&index, &slab, "absent"), None);
        }
    }

    /// A key whose hash sees only `self.0 / 8`: eight keys share every hash, so a lookup's
    /// first candidate is often another key's record.
    #[derive(Clone, Debug, PartialEq, Eq)]
    struct Crowded(u32);

    impl Hash for Crowded {
        fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
            (self.0 / 8).hash(state);
        }
    }

    impl Keyed<Crowded> for Crowded {
        fn key(&self) -> &Crowded {
            self
        }
    }

    proptest! {
        /// The three-step lookup a login uses (`start`, `candidate`, `confirm`) finds exactly
        /// what `find` finds, also when keys share their hash bits and for absent keys.
        #[test]
        fn a_split_lookup_finds_what_find_finds(
            stored in prop::collection::vec(0u32..200, 0..150),
            asked in prop::collection::vec(0u32..220, 1..60),
        ) {
            let slab: KeyedSlab<Crowded, Crowded> = KeyedSlab::default();
            for k in &stored {
                slab.insert_new(Crowded(*k));
            }
            for k in asked.iter().chain(&stored) {
                let key = Crowded(*k);
                let lookup = slab.start(&key);
                let candidate = slab.candidate(lookup);
                let found = slab.confirm(&key, lookup, candidate);
                prop_assert_eq!(found, slab.find(&key));
                prop_assert_eq!(found.is_some(), stored.contains(k));
                prop_assert_eq!(found.and_then(|h| slab.get(h)), stored.contains(k).then_some(&key));
            }
        }
    }

    #[test]
    fn a_shard_keeps_every_entry_when_its_table_moves_onto_a_huge_page() {
        let mut probe = Probe::default();
        let hash = |i: u32| i.wrapping_mul(2_654_435_761);
        let handle = |i: u32| Handle::new(i as usize).unwrap();
        for i in 0..40_000 {
            probe.add(hash(i), handle(i));
        }
        // 40,000 entries at most half full: 2^17 slots, a quarter of the huge page it starts.
        assert_eq!(probe.entries.slots().len(), 1 << 17);
        assert_eq!(probe.entries.slots().as_ptr() as usize % (HUGE * 8), 0);
        for i in 0..40_000 {
            assert_eq!(probe.find(hash(i), |h| h == handle(i)), Some(handle(i)));
        }
        assert_eq!(probe.find(hash(40_000), |_| true), None);
    }

    #[test]
    fn threads_adding_the_same_keys_get_one_record_each() {
        let (index, slab) = (Index::default(), Slab::default());
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    for i in 0..5_000 {
                        let _ = add(&index, &slab, &format!("K{i}"));
                        assert!(find(&index, &slab, &format!("K{}", i / 2)).is_some());
                    }
                });
            }
        });
        assert_eq!(slab.len(), 5_000);
        for i in 0..5_000 {
            let h = find(&index, &slab, &format!("K{i}")).unwrap();
            assert_eq!(slab.get(h), Some(&format!("K{i}")));
        }
    }
}
