use std::path::Path;

/// How a ledger import shows its progress (a bar on a terminal, nothing in the daemon). Called
/// from the thread that reads the files.
pub trait ImportProgress: Sync {
    /// Reading `shown` starts.
    fn start(&self, shown: &Path);
    /// `done` of `total` bytes of the file are read.
    fn advance(&self, done: u64, total: u64);
    /// The file is read.
    fn finish(&self);
}

/// Progress shown nowhere.
pub struct NoProgress;

impl ImportProgress for NoProgress {
    fn start(&self, _shown: &Path) {}
    fn advance(&self, _done: u64, _total: u64) {}
    fn finish(&self) {}
}
