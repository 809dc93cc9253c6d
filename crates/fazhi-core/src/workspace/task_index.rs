//! Task numbers by task id: an open-addressing table of numbers that hashes the ids where they
//! are, in the occurrences, instead of copying a million of them into a map.

use super::schedule::Occurrence;

/// Marks an empty slot.
const EMPTY: u32 = u32::MAX;

/// Each task's number (its index among the occurrences), found by id.
#[derive(Debug, Clone)]
pub(super) struct TaskIndex {
    /// Task numbers, at the slot their id hashes to or the next free one after it; a power of
    /// two, at most half full.
    slots: Vec<u32>,
}

impl TaskIndex {
    /// Indexes `occurrences`. Of a repeated id, the first is kept.
    pub(super) fn new(occurrences: &[Occurrence]) -> TaskIndex {
        let count = u32::try_from(occurrences.len()).expect("fewer than four billion tasks");
        let mut index = TaskIndex { slots: vec![EMPTY; (occurrences.len() * 2).next_power_of_two().max(2)] };
        for number in 0..count {
            let id = occurrences[number as usize].id.as_str();
            let mut slot = index.home(id);
            loop {
                match index.slots[slot] {
                    EMPTY => {
                        index.slots[slot] = number;
                        break;
                    }
                    taken if occurrences[taken as usize].id == id => break,
                    _ => slot = (slot + 1) & (index.slots.len() - 1),
                }
            }
        }
        index
    }

    /// The number of the task `id` among `occurrences` (the ones indexed).
    pub(super) fn get(&self, occurrences: &[Occurrence], id: &str) -> Option<usize> {
        let mut slot = self.home(id);
        loop {
            match self.slots[slot] {
                EMPTY => return None,
                number if occurrences[number as usize].id == id => return Some(number as usize),
                _ => slot = (slot + 1) & (self.slots.len() - 1),
            }
        }
    }

    /// The slot `id` hashes to: FNV-1a, then a multiplication that spreads it over the high bits
    /// the slot is taken from.
    fn home(&self, id: &str) -> usize {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for &byte in id.as_bytes() {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
        let spread = hash.wrapping_mul(0x9e37_79b9_7f4a_7c15);
        (spread >> (64 - self.slots.len().trailing_zeros())) as usize & (self.slots.len() - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn occurrences(ids: &[&str]) -> Vec<Occurrence> {
        ids.iter().map(|id| Occurrence { id: (*id).to_string(), duty: 0, deadline: None }).collect()
    }

    #[test]
    fn finds_every_task_and_nothing_else() {
        let ids: Vec<String> = (0..5000).map(|n| format!("d{}@2024-{:02}", n / 12, n % 12 + 1)).collect();
        let occurrences = occurrences(&ids.iter().map(String::as_str).collect::<Vec<_>>());
        let index = TaskIndex::new(&occurrences);
        for (number, id) in ids.iter().enumerate() {
            assert_eq!(index.get(&occurrences, id), Some(number));
        }
        assert_eq!(index.get(&occurrences, "d0@2024-13"), None);
        assert_eq!(index.get(&occurrences, ""), None);
    }

    #[test]
    fn the_first_of_a_repeated_id_wins_and_an_empty_list_finds_nothing() {
        let occurrences = occurrences(&["a", "b", "a"]);
        assert_eq!(TaskIndex::new(&occurrences).get(&occurrences, "a"), Some(0));
        assert_eq!(TaskIndex::new(&[]).get(&[], "a"), None);
    }
}
