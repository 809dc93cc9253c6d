use crate::{AccountStore, InstanceLog, JobLog, LedgerStore, MailQueue, TaskLog};

/// Everything a workspace's state does, in one trait: what the application holds, whichever
/// backend is behind it ([`crate::Store`] on SQLite, `PgStore` on PostgreSQL with the cargo
/// feature `postgres`). Implemented by every type that implements each of the store's traits.
pub trait StateStore: TaskLog + InstanceLog + LedgerStore + MailQueue + JobLog + AccountStore {}

impl<T: TaskLog + InstanceLog + LedgerStore + MailQueue + JobLog + AccountStore + ?Sized> StateStore for T {}
