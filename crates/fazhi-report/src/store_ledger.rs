use fazhi_rules::{Aggregate, FigureQuery, LedgerSource, QueryCondition};
use fazhi_store::{LedgerCondition, LedgerQuery, LedgerRow, LedgerStore, StoreError};

/// The ledger of a store as report scripts see it: aggregates computed by the store.
pub(crate) struct StoreLedger {
    pub(crate) store: Box<dyn LedgerStore>,
}

/// The store's form of a figure's conditions.
pub(crate) fn conditions(conditions: &[QueryCondition]) -> Vec<LedgerCondition> {
    conditions
        .iter()
        .map(|condition| LedgerCondition {
            field: condition.field.clone(),
            comparison: condition.comparison,
            values: condition.values.clone(),
            tags: condition.tags,
        })
        .collect()
}

/// The store's form of a figure's query in `year` (every year, if the query says so).
pub(crate) fn ledger_query(year: i32, query: &FigureQuery) -> LedgerQuery {
    let year = (!query.every_year).then_some(year);
    LedgerQuery { kind: query.kind.clone(), year, conditions: conditions(&query.conditions) }
}

impl StoreLedger {
    /// The rows of `query` in `year` that match none of `excluding`, at most `limit`.
    pub(crate) fn rows(
        &self,
        year: i32,
        query: &FigureQuery,
        excluding: &[&[LedgerCondition]],
        limit: Option<usize>,
    ) -> Result<Vec<LedgerRow>, StoreError> {
        self.store.ledger_rows(&ledger_query(year, query), excluding, limit)
    }
}

impl LedgerSource for StoreLedger {
    fn aggregate(&self, year: i32, query: &FigureQuery) -> Result<f64, String> {
        let selection = ledger_query(year, query);
        let result = match &query.aggregate {
            Aggregate::Count => self.store.ledger_count(&selection).map(|count| count as f64),
            Aggregate::Sum(field) => self.store.ledger_sum(&selection, field),
            Aggregate::Distinct(field) => self.store.ledger_distinct(&selection, field).map(|count| count as f64),
        };
        result.map_err(|err| err.to_string())
    }

    fn groups(&self, year: i32, query: &FigureQuery, field: &str, tags: bool) -> Result<Vec<(String, i64)>, String> {
        self.store.ledger_groups(&ledger_query(year, query), field, tags).map_err(|err| err.to_string())
    }
}
