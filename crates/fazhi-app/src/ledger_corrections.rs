//! The ledger's corrections: listing rows with their history, voiding and correcting a row.

use fazhi_core::{LedgerKind, LedgerRecord};
use fazhi_store::{LedgerQuery, LedgerRow, RowCorrection, StoreError};

use crate::ledger_source::find_kind;
use crate::{AppError, FieldChange, LedgerCorrected, LedgerCorrection, Session};

impl Session {
    /// The rows of the kind named `kind` (id or name), of `year` or every year, in the order
    /// they were imported: the current ones, or with `history` also those a correction, a void
    /// or a new version of their file replaced (each with what replaced it).
    pub fn ledger_rows(&self, kind: &str, year: Option<i32>, history: bool) -> Result<Vec<LedgerRow>, AppError> {
        let kind = find_kind(self.gate.pack(), kind)?;
        let query = LedgerQuery::new(&kind.id, year);
        Ok(match history {
            true => self.store.ledger_history(&query)?,
            false => self.store.ledger_rows(&query, &[], None)?,
        })
    }

    /// Voids one current row (`fazhi ledger void`): it stays in the ledger, superseded, and is
    /// no longer counted; the audit entry says who and why. `user` is who, unless the request
    /// names a person. Bad input — an unknown kind, row or person, a row no longer counted, no
    /// reason — changes nothing.
    pub fn void_ledger_row(&mut self, request: &LedgerCorrection, user: &str) -> Result<LedgerCorrected, AppError> {
        if !request.cells.is_empty() {
            return Err(AppError::bad_input("a void changes no field: correct the row to change its values"));
        }
        self.record_correction(request, user, None)
    }

    /// Corrects fields of one current row (`fazhi ledger correct`): the row stays, superseded,
    /// and a new row with the corrected values takes its place, its import and its line; the
    /// audit entry says who, why and what changed. `user` is who, unless the request names a
    /// person. Bad input — an unknown kind, row, field or person, a value its field does not
    /// take, a row no longer counted, no reason, no change — changes nothing.
    pub fn correct_ledger_row(&mut self, request: &LedgerCorrection, user: &str) -> Result<LedgerCorrected, AppError> {
        if request.cells.is_empty() {
            return Err(AppError::bad_input("name the fields to correct as FIELD=VALUE (e.g. attendees=23)"));
        }
        let kind = find_kind(self.gate.pack(), &request.kind)?;
        let row = self.current_row(kind, &request.row)?;
        let old = row.record(kind);
        let new = corrected(kind, &old, &request.cells).map_err(|problems| AppError::bad_input(problems.join("; ")))?;
        self.record_correction(request, user, Some(new))
    }

    /// The current row of `kind` numbered `row`.
    fn current_row(&self, kind: &LedgerKind, row: &str) -> Result<LedgerRow, AppError> {
        let id = LedgerRow::id_of(row).ok_or_else(|| {
            AppError::bad_input(format!(
                "row \"{row}\": name a row by its number as `fazhi ledger list {}` shows it, e.g. 2024-17",
                kind.id
            ))
        })?;
        let unknown = || StoreError::UnknownLedgerRow { kind: kind.id.clone(), row: LedgerRow::number(id) };
        let found = self.store.ledger_row(&kind.id, id)?.ok_or_else(unknown)?;
        if found.kind != kind.id {
            return Err(unknown().into());
        }
        Ok(found)
    }

    /// Checks the request and records the void (`new` is `None`) or the correction.
    fn record_correction(
        &mut self,
        request: &LedgerCorrection,
        user: &str,
        new: Option<LedgerRecord>,
    ) -> Result<LedgerCorrected, AppError> {
        let kind = find_kind(self.gate.pack(), &request.kind)?;
        let reason = request.reason.trim();
        if reason.is_empty() {
            return Err(AppError::bad_input("--reason: say why the row is corrected or voided"));
        }
        let by =
            match &request.by {
                Some(by) => self.workspace.org.person(by).map(|p| p.id.clone()).ok_or_else(|| {
                    AppError::bad_input(format!("--by: {}", fazhi_core::unknown_in_org("person", by)))
                })?,
                None => user.to_string(),
            };
        let row = self.current_row(kind, &request.row)?;
        let old = row.record(kind);
        let changes = new.as_ref().map_or_else(Vec::new, |new| field_changes(kind, &old, new));
        if new.is_some() && changes.is_empty() {
            return Err(AppError::bad_input(format!("row {} already has these values: nothing to correct", row.row)));
        }
        let audit_changes: serde_json::Map<String, serde_json::Value> = kind
            .fields
            .iter()
            .enumerate()
            .filter(|(_, field)| changes.iter().any(|change| change.field == field.id))
            .map(|(index, field)| {
                let value = |record: &LedgerRecord| serde_json::to_value(&record.values[index]).unwrap_or_default();
                (field.id.clone(), serde_json::json!([value(&old), new.as_ref().map(value)]))
            })
            .collect();
        let audit_changes = serde_json::Value::Object(audit_changes);
        let correction = RowCorrection {
            kind,
            row: row.id,
            replacement: new.as_ref(),
            changes: &audit_changes,
            reason,
            by: &by,
            at: self.local_now(),
        };
        let outcome = self.store.correct_ledger_row(&correction)?;
        Ok(LedgerCorrected {
            kind: kind.id.clone(),
            row: row.row,
            replacement: outcome.replacement.map(LedgerRow::number),
            changes,
            by,
            audit_seq: outcome.audit_seq,
        })
    }
}

/// `old` with `cells` (field id or label, value) read into it: every problem as a sentence.
fn corrected(kind: &LedgerKind, old: &LedgerRecord, cells: &[(String, String)]) -> Result<LedgerRecord, Vec<String>> {
    let mut problems = Vec::new();
    let mut values = old.values.clone();
    for (name, cell) in cells {
        match kind.fields.iter().position(|field| field.answers_to(name)) {
            Some(index) => match kind.fields[index].parse(cell) {
                Ok(value) => values[index] = value,
                Err(problem) => problems.push(problem),
            },
            None => {
                let known: Vec<&str> = kind.fields.iter().map(|field| field.id.as_str()).collect();
                problems.push(format!("{}: no field \"{name}\" (fields: {})", kind.name, known.join(", ")));
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let year = kind.year_of(&values).ok_or_else(|| vec![format!("{}: the row has no year", kind.name)])?;
    Ok(LedgerRecord { values, year, row: old.row })
}

/// The fields whose values differ between `old` and `new`.
fn field_changes(kind: &LedgerKind, old: &LedgerRecord, new: &LedgerRecord) -> Vec<FieldChange> {
    kind.fields
        .iter()
        .zip(old.values.iter().zip(&new.values))
        .filter(|(_, (before, after))| before != after)
        .map(|(field, (before, after))| FieldChange {
            field: field.id.clone(),
            label: field.label.clone(),
            from: before.as_ref().map(ToString::to_string),
            to: after.as_ref().map(ToString::to_string),
        })
        .collect()
}
