//! The exit codes of `fazhi`, in one place.

/// Success; a review passed; a check found nothing.
pub const SUCCESS: i32 = 0;
/// The command ran and found a failure: blocking review findings, a failed figure check, a
/// tampered audit log.
pub const FAILURE: i32 = 1;
/// Bad input, usage or configuration: nothing was changed.
pub const BAD_INPUT: i32 = 2;
/// A bug or an environment fault fazhi did not expect.
pub const INTERNAL: i32 = 101;
