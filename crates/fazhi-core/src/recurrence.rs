use std::fmt;

use serde::{Deserialize, Serialize};

/// How a recurring duty repeats. Each period gives one occurrence with its own status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Recurrence {
    /// Every month on `day` (clamped to the month's last day).
    Monthly {
        /// Day of the month, 1–31.
        day: u32,
    },
    /// Every quarter, in the quarter's `month`-th month (1–3), on `day`.
    Quarterly {
        /// Month within the quarter, 1–3.
        month: u32,
        /// Day of the month, 1–31.
        day: u32,
    },
    /// Every year on `month`/`day`.
    Yearly {
        /// Month, 1–12.
        month: u32,
        /// Day of the month, 1–31.
        day: u32,
    },
    /// Every day on which the cron expression (seconds first, 6 or 7 fields) fires.
    Cron(String),
}

impl fmt::Display for Recurrence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Recurrence::Monthly { day } => write!(f, "每月{day}日"),
            Recurrence::Quarterly { month, day } => write!(f, "每季度第{month}个月{day}日"),
            Recurrence::Yearly { month, day } => write!(f, "每年{month}月{day}日"),
            Recurrence::Cron(expression) => write!(f, "按计划 {expression}"),
        }
    }
}
