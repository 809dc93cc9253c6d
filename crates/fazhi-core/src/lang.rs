use std::sync::atomic::{AtomicBool, Ordering};

/// The language of the messages fazhi's libraries write for people (refusals, unknown names):
/// English unless a front end asks for Chinese (the CLI does by default, `fazhi --lang`). Set
/// once, at start-up, for the whole process; read with [`Lang::current`] or through [`tr!`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// 中文.
    Zh,
    /// English (the libraries' default).
    En,
}

static CHINESE: AtomicBool = AtomicBool::new(false);

impl Lang {
    /// Makes `self` the language of this process's messages.
    pub fn set(self) {
        CHINESE.store(self == Lang::Zh, Ordering::Relaxed);
    }

    /// The language of this process's messages.
    pub fn current() -> Lang {
        if CHINESE.load(Ordering::Relaxed) {
            Lang::Zh
        } else {
            Lang::En
        }
    }

    /// Whether messages are English.
    pub fn is_english() -> bool {
        Lang::current() == Lang::En
    }
}

/// `tr!("unknown task \"{id}\"", "没有任务“{id}”")`: the English or the Chinese text of a
/// message, as [`Lang::current`] asks, formatted as [`format!`] does (both see the same
/// arguments and captured variables).
#[macro_export]
macro_rules! tr {
    ($en:literal, $zh:literal $(, $($arg:tt)*)?) => {
        if $crate::Lang::is_english() { format!($en $(, $($arg)*)?) } else { format!($zh $(, $($arg)*)?) }
    };
}
