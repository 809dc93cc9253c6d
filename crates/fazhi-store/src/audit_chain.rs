//! Verification of the audit log's hash chain.
//!
//! Each entry's hash covers its number, its content and the previous entry's hash; the log's
//! last number and hash ("head") are also kept in `meta`. From that:
//!
//! - an entry whose hash does not match its content was edited — unless it matches when computed
//!   with another number (found by following its `prev_hash` back, or among the free numbers when
//!   the entry before it was deleted): then it was moved;
//! - numbers up to the head that no entry was recorded with were deleted;
//! - numbers beyond the head were added outside fazhi;
//! - an entry recorded (by the system clock) earlier than the intact entry before it runs
//!   backwards; one without a recorded time after one with it was written outside fazhi;
//! - an intact entry whose `prev_hash` is not the hash of the entry recorded just before it follows
//!   a replaced entry (or entries were reordered); the head's hash catches a replaced last entry.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};

use crate::audit_row::{AuditRow, GENESIS_HASH};
use crate::AuditProblem;

/// Every problem of `rows` (ordered by seq) against the recorded `head` (last seq and hash; `None`
/// when nothing was ever recorded), ordered by entry number.
pub(crate) fn verify(rows: &[AuditRow], head: Option<(i64, &str)>) -> Vec<AuditProblem> {
    let (head_seq, head_hash) = head.unwrap_or((0, GENESIS_HASH));
    let recorded = recorded_seqs(rows, head_seq);
    let mut problems = Vec::new();
    let mut flagged = vec![false; rows.len()];
    for (index, row) in rows.iter().enumerate() {
        match recorded[index] {
            Some(seq) if seq == row.seq => {}
            Some(recorded_seq) => {
                problems.push(AuditProblem::Moved { seq: row.seq, recorded_seq });
                flagged[index] = true;
            }
            None => {
                problems.push(AuditProblem::Edited { seq: row.seq });
                flagged[index] = true;
            }
        }
    }
    // Where each entry belongs: its proven number, or where it is when nothing can be proven.
    let place = |index: usize| recorded[index].unwrap_or(rows[index].seq);
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by_key(|&index| (place(index), rows[index].seq));

    // Links between entries recorded one after the other.
    let mut before: Option<usize> = None;
    for &index in &order {
        let expected = match before {
            None if place(index) == 1 => Some(GENESIS_HASH),
            Some(previous) if place(previous) + 1 == place(index) => Some(rows[previous].hash.as_str()),
            _ => None,
        };
        let previous_flagged = before.is_some_and(|previous| flagged[previous]);
        if expected.is_some_and(|hash| hash != rows[index].prev_hash) && !flagged[index] && !previous_flagged {
            problems.push(AuditProblem::ChainBroken { seq: rows[index].seq });
            flagged[index] = true;
        }
        before = Some(index);
    }

    // Deleted and added entries, against the head.
    let present: HashSet<i64> = (0..rows.len()).map(place).collect();
    let mut sorted: Vec<i64> = present.iter().copied().collect();
    sorted.sort_unstable();
    let mut expected_next = 1;
    for &seq in sorted.iter().filter(|&&seq| seq >= 1 && seq <= head_seq) {
        if seq > expected_next {
            problems.push(AuditProblem::Missing { from_seq: expected_next, to_seq: seq - 1 });
        }
        expected_next = seq + 1;
    }
    if expected_next <= head_seq {
        problems.push(AuditProblem::Missing { from_seq: expected_next, to_seq: head_seq });
    }
    for (from_seq, to_seq) in runs(sorted.iter().copied().filter(|&seq| seq > head_seq)) {
        problems.push(AuditProblem::Added { from_seq, to_seq });
    }
    times(rows, &flagged, &mut problems);
    // A replaced last entry (its hash recomputed) breaks no link after it, but the head.
    if let Some(&last) = order.iter().find(|&&index| place(index) == head_seq) {
        if !flagged[last] && rows[last].hash != head_hash {
            problems.push(AuditProblem::Edited { seq: rows[last].seq });
        }
    }
    problems.sort_by_key(AuditProblem::seq);
    problems
}

/// Recorded times that run backwards, or are missing after one was recorded, among the entries
/// not flagged already (a moved entry's time is out of order because the entry is).
fn times(rows: &[AuditRow], flagged: &[bool], problems: &mut Vec<AuditProblem>) {
    let mut last: Option<(i64, DateTime<Utc>)> = None;
    for (row, _) in rows.iter().zip(flagged).filter(|(_, &flagged)| !flagged) {
        let recorded = row.recorded_at.as_deref().and_then(|text| DateTime::parse_from_rfc3339(text).ok());
        match (recorded, last) {
            (Some(recorded), Some((previous_seq, previous))) if recorded < previous => {
                problems.push(AuditProblem::TimeBackwards { seq: row.seq, previous_seq });
            }
            (Some(recorded), _) => last = Some((row.seq, recorded.to_utc())),
            (None, Some((previous_seq, _))) => problems.push(AuditProblem::TimeMissing { seq: row.seq, previous_seq }),
            (None, None) => {}
        }
    }
}

/// Runs of consecutive numbers in an ascending sequence, as (first, last).
fn runs(seqs: impl Iterator<Item = i64>) -> Vec<(i64, i64)> {
    let mut runs: Vec<(i64, i64)> = Vec::new();
    for seq in seqs {
        match runs.last_mut() {
            Some((_, last)) if *last + 1 == seq => *last = seq,
            _ => runs.push((seq, seq)),
        }
    }
    runs
}

/// How many hashes [`recorded_seqs`] may compute looking for the number of an entry whose
/// predecessor was deleted, so a log with many edited entries is still verified quickly.
const SEARCH_BUDGET: usize = 100_000;

/// For each row, the number its hash proves it was recorded with, if any: its own number when the
/// hash matches; else (for a moved entry) one more than the recorded number of the entry its
/// `prev_hash` names, if the hash matches with that number; else, when that entry is gone, a
/// number up to `head_seq` no intact entry holds, if the hash matches with it.
fn recorded_seqs(rows: &[AuditRow], head_seq: i64) -> Vec<Option<i64>> {
    let mut by_hash: HashMap<&str, usize> = HashMap::new();
    for (index, row) in rows.iter().enumerate() {
        by_hash.entry(row.hash.as_str()).or_insert(index);
    }
    let mut known: Vec<Option<Option<i64>>> =
        rows.iter().map(|row| (row.hash_as(row.seq) == row.hash).then_some(Some(row.seq))).collect();
    let intact: HashSet<i64> = known.iter().flatten().flatten().copied().collect();
    let mut budget = SEARCH_BUDGET;
    for start in 0..rows.len() {
        if known[start].is_some() {
            continue;
        }
        // Walk back through prev_hash links to an entry whose number is settled, or the start.
        let mut chain = vec![start];
        let mut on_chain = HashSet::from([start]);
        let mut predecessor_gone = false;
        let mut before: Option<i64> = loop {
            let last = chain[chain.len() - 1];
            let prev_hash = rows[last].prev_hash.as_str();
            if prev_hash == GENESIS_HASH {
                break Some(0);
            }
            match by_hash.get(prev_hash) {
                Some(&previous) if on_chain.contains(&previous) => break None,
                Some(&previous) => match known[previous] {
                    Some(settled) => break settled,
                    None => {
                        chain.push(previous);
                        on_chain.insert(previous);
                    }
                },
                None => {
                    predecessor_gone = true;
                    break None;
                }
            }
        };
        let mut unsettled = chain.as_slice();
        if predecessor_gone {
            // The entry before the first of the chain was deleted: try the numbers left free.
            let (&first, rest) = chain.split_last().expect("the chain holds the start");
            let row = &rows[first];
            let found = (1..=head_seq).filter(|seq| !intact.contains(seq)).take(budget).find(|&seq| {
                budget -= 1;
                row.hash_as(seq) == row.hash
            });
            known[first] = Some(found);
            before = found;
            unsettled = rest;
        }
        for &index in unsettled.iter().rev() {
            let recorded = before.map(|seq| seq + 1).filter(|&seq| rows[index].hash_as(seq) == rows[index].hash);
            known[index] = Some(recorded);
            before = recorded;
        }
    }
    known.into_iter().map(Option::flatten).collect()
}
