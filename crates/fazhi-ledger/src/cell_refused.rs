/// Why a cell could not be added to a [`crate::sparse_sheet::SparseSheet`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CellRefused {
    /// The cell is past `XFD1048576`.
    PastTheLastCell,
    /// The sheet has as many cells as it may have already: the 0-based position of the one
    /// refused.
    TooManyCells(u32, u32),
}
