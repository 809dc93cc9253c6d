use rusqlite::{Connection, OptionalExtension, Statement};
use sha2::{Digest, Sha256};

use crate::ledger_table::LedgerTable;

/// What a row's key stands for among the stored rows ([`RowResolver::resolve`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Resolved {
    /// No stored row answers to the key: a row stored under this key (the key itself, or a
    /// later generation of it) is new.
    Free([u8; 16]),
    /// The current row with this id stands for it: the row itself, or the row a correction
    /// replaced it with.
    Current(i64),
    /// It was voided: it stays uncounted.
    Voided,
}

/// Finds what a row's key stands for in a kind whose rows may be superseded.
///
/// A key names one row. When a new version of a file leaves that row out, the row is
/// superseded by the revision; should a later version bring the same values back, they are
/// stored again as a new row under the key's next generation ([`next_generation`]), so that
/// keys stay unique and rows append-only. A corrected row stands for its replacement (a file
/// that still has the old values keeps the correction), a voided one for nothing, until a
/// revision drops the replacement.
pub(crate) struct RowResolver<'c> {
    kind: String,
    find: Statement<'c>,
    state: Statement<'c>,
}

/// How a stored row stands.
pub(crate) enum State {
    /// Counted.
    Current,
    /// Left out by a new version of its file.
    Revised,
    /// Corrected: the id of the row with the corrected values.
    Corrected(i64),
    /// Voided.
    Voided,
}

impl State {
    /// The state of a row from its `ledger_superseded` entry, if any: whether a revision
    /// superseded it, and the replacement of its correction.
    pub(crate) fn of(superseded: Option<(bool, Option<i64>)>) -> State {
        match superseded {
            None => State::Current,
            Some((true, _)) => State::Revised,
            Some((false, Some(replacement))) => State::Corrected(replacement),
            Some((false, None)) => State::Voided,
        }
    }
}

/// Where a backend finds the stored rows of one kind, for [`resolve`].
pub(crate) trait RowLookup {
    /// The backend's error.
    type Error;
    /// The id of the row stored under `key`, if any.
    fn find(&mut self, key: &[u8; 16]) -> Result<Option<i64>, Self::Error>;
    /// How the row `id` stands.
    fn state(&mut self, id: i64) -> Result<State, Self::Error>;
    /// The error for a chain of supersessions fazhi did not make.
    fn corrupt(&self, message: &str) -> Self::Error;
}

/// What `key` stands for among the rows `lookup` finds: see [`Resolved`] and [`RowResolver`].
pub(crate) fn resolve<L: RowLookup>(lookup: &mut L, key: &[u8; 16]) -> Result<Resolved, L::Error> {
    let mut key = *key;
    for _ in 0..LONGEST_CHAIN {
        let Some(id) = lookup.find(&key)? else { return Ok(Resolved::Free(key)) };
        match follow(lookup, id)? {
            Some(resolved) => return Ok(resolved),
            None => key = next_generation(&key),
        }
    }
    Err(lookup.corrupt("a ledger row's key leads through more supersessions than fazhi records"))
}

/// What the row `id` stands for, following corrections; `None` when it, or the row a
/// correction replaced it with, was left out by a revision.
pub(crate) fn follow<L: RowLookup>(lookup: &mut L, mut id: i64) -> Result<Option<Resolved>, L::Error> {
    for _ in 0..LONGEST_CHAIN {
        match lookup.state(id)? {
            State::Current => return Ok(Some(Resolved::Current(id))),
            State::Voided => return Ok(Some(Resolved::Voided)),
            State::Revised => return Ok(None),
            State::Corrected(replacement) => id = replacement,
        }
    }
    Err(lookup.corrupt("a ledger row's corrections run in a circle"))
}

/// A chain of supersessions longer than this is not one fazhi made.
const LONGEST_CHAIN: usize = 1 << 20;

impl<'c> RowResolver<'c> {
    /// A resolver for the rows of `kind` in `table`.
    pub(crate) fn new(conn: &'c Connection, kind: &str, table: &LedgerTable) -> rusqlite::Result<RowResolver<'c>> {
        let find = if table.inline_keys {
            conn.prepare(&format!("SELECT id FROM \"{}\" WHERE row_key = ?1", table.name))?
        } else {
            conn.prepare(&format!("SELECT id FROM \"{}\" WHERE row_key = ?1", table.key_table()))?
        };
        let state = conn.prepare(
            "SELECT s.import IS NOT NULL, c.replacement FROM ledger_superseded s
             LEFT JOIN ledger_correction c ON c.id = s.correction WHERE s.kind = ?1 AND s.row = ?2",
        )?;
        Ok(RowResolver { kind: kind.to_string(), find, state })
    }

    /// The id of the row stored under `key`, if any.
    pub(crate) fn find(&mut self, key: &[u8; 16]) -> rusqlite::Result<Option<i64>> {
        self.find.query_row([&key[..]], |row| row.get(0)).optional()
    }

    /// What `key` stands for: see [`Resolved`].
    pub(crate) fn resolve(&mut self, key: &[u8; 16]) -> rusqlite::Result<Resolved> {
        resolve(self, key)
    }
}

impl RowLookup for RowResolver<'_> {
    type Error = rusqlite::Error;

    fn find(&mut self, key: &[u8; 16]) -> rusqlite::Result<Option<i64>> {
        RowResolver::find(self, key)
    }

    fn state(&mut self, id: i64) -> rusqlite::Result<State> {
        let found: Option<(bool, Option<i64>)> =
            self.state.query_row(rusqlite::params![self.kind, id], |row| Ok((row.get(0)?, row.get(1)?))).optional()?;
        Ok(State::of(found))
    }

    fn corrupt(&self, message: &str) -> rusqlite::Error {
        corrupt(message)
    }
}

/// The key under which values stored under `key` before, and since left out by a revision,
/// are stored again.
pub(crate) fn next_generation(key: &[u8; 16]) -> [u8; 16] {
    let mut hasher = Sha256::new();
    hasher.update(b"again");
    hasher.update(key);
    let next: [u8; 32] = hasher.finalize().into();
    next[..16].try_into().expect("16 bytes")
}

/// An error for a chain of supersessions that is not one fazhi made.
fn corrupt(message: &str) -> rusqlite::Error {
    rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CORRUPT), Some(message.to_string()))
}
