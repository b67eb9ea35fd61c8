//! Sorting records by key with one compiled sort per kind of key.
//!
//! Every `Vec<T>::sort_by` is compiled anew for each record type, and a stable sort is several
//! kilobytes of wasm. Sorting a list of keys instead — text or numbers — and then moving the
//! records into that order keeps two sorts in the binary however many record types there are.

/// Sorts `items` by a text key, stably.
pub fn sort_by_text<T>(items: &mut Vec<T>, key: impl Fn(&T) -> &str) {
    let order = text_order(&items.iter().map(key).collect::<Vec<_>>());
    permute(items, &order);
}

/// Sorts `items` by a numeric key, stably.
pub fn sort_by_number<T>(items: &mut Vec<T>, key: impl Fn(&T) -> u64) {
    let order = number_order(&items.iter().map(key).collect::<Vec<_>>());
    permute(items, &order);
}

#[inline(never)]
fn text_order(keys: &[&str]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.sort_by(|&a, &b| keys[a].cmp(keys[b]));
    order
}

#[inline(never)]
fn number_order(keys: &[u64]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.sort_by_key(|&i| keys[i]);
    order
}

/// Rearranges `items` so that position `n` holds the old `items[order[n]]`.
fn permute<T>(items: &mut Vec<T>, order: &[usize]) {
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(order.iter().filter_map(|&i| slots[i].take()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_keys_sort_stably() {
        let mut v = vec![("b", 1), ("a", 2), ("b", 0), ("a", 1)];
        sort_by_text(&mut v, |p| p.0);
        assert_eq!(v, [("a", 2), ("a", 1), ("b", 1), ("b", 0)]);
    }

    #[test]
    fn numeric_keys_sort_stably_and_nothing_is_lost() {
        let mut v: Vec<(u64, char)> = vec![(3, 'x'), (1, 'y'), (3, 'z'), (0, 'w')];
        sort_by_number(&mut v, |p| p.0);
        assert_eq!(v, [(0, 'w'), (1, 'y'), (3, 'x'), (3, 'z')]);
        let mut empty: Vec<(u64, char)> = Vec::new();
        sort_by_number(&mut empty, |p| p.0);
        assert!(empty.is_empty());
    }
}
