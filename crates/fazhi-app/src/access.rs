/// What a session may do to the state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Access {
    /// Read and write: what the workspace records (history, instances, ledger files) and has not
    /// been applied yet is applied when the session opens.
    #[default]
    Write,
    /// Only read. A state that can be written is brought up to date first, as for
    /// [`Access::Write`]; a read-only state (a copy handed over for checking) is read as it is.
    Read,
}
