use crate::{Aggregate, FigureQuery};

/// Where report scripts' ledger functions get their answers: aggregates over the rows of one
/// year, computed by the ledger (in SQL), never by handing rows to a script. Errors are
/// sentences.
pub trait LedgerSource {
    /// `query.aggregate` over the rows of `query` in `year`.
    fn aggregate(&self, year: i32, query: &FigureQuery) -> Result<f64, String>;

    /// The rows of `query` in `year` counted by the value of `field` (by each tag when `tags`).
    fn groups(&self, year: i32, query: &FigureQuery, field: &str, tags: bool) -> Result<Vec<(String, i64)>, String>;

    /// Whether `kind` has any row in `year`.
    fn has_rows(&self, year: i32, kind: &str) -> Result<bool, String> {
        let query = FigureQuery {
            kind: kind.to_string(),
            conditions: Vec::new(),
            aggregate: Aggregate::Count,
            every_year: false,
        };
        self.aggregate(year, &query).map(|count| count > 0.0)
    }
}
