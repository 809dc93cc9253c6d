//! Reminder planning: a pure function of (items, organisation, calendar, today).

use std::collections::HashMap;
use std::fmt;

use chrono::NaiveDate;
use fazhi_core::{Calendar, CalendarError, Item, Org};
use serde::Serialize;

/// What a notice says about its item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum NoticeKind {
    /// The item is overdue by this many working days (to the owner).
    Overdue {
        /// Working days since the deadline (the deadline day not counted).
        working_days_overdue: u32,
    },
    /// The item is overdue and its unit's leader is told (督办).
    Escalation {
        /// Working days since the deadline.
        working_days_overdue: u32,
    },
    /// The deadline is today.
    DueToday,
    /// The deadline is this many working days away.
    DueSoon {
        /// Working days after today up to and including the deadline.
        working_days_left: u32,
    },
}

impl NoticeKind {
    /// The kind's name, as used in the unique key of a notice and in JSON.
    pub fn name(self) -> &'static str {
        match self {
            NoticeKind::Overdue { .. } => "overdue",
            NoticeKind::Escalation { .. } => "escalation",
            NoticeKind::DueToday => "due_today",
            NoticeKind::DueSoon { .. } => "due_soon",
        }
    }

    /// The digest group the notice is listed under.
    pub fn urgency(self) -> Urgency {
        match self {
            NoticeKind::Overdue { .. } => Urgency::Overdue,
            NoticeKind::Escalation { .. } => Urgency::Escalated,
            NoticeKind::DueToday => Urgency::DueToday,
            NoticeKind::DueSoon { .. } => Urgency::DueSoon,
        }
    }
}

/// The groups of a digest, most urgent first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    /// 逾期
    Overdue,
    /// 督办: another's overdue item, told to the unit's leader
    Escalated,
    /// 今日到期
    DueToday,
    /// 即将到期
    DueSoon,
}

impl Urgency {
    /// The group's Chinese heading.
    pub fn heading(self) -> &'static str {
        match self {
            Urgency::Overdue => "逾期",
            Urgency::Escalated => "督办",
            Urgency::DueToday => "今日到期",
            Urgency::DueSoon => "即将到期",
        }
    }
}

/// Who a policy wants told.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Recipient {
    /// The item's owner (责任人).
    Owner,
    /// The leader of the item's responsible unit (责任单位负责人).
    UnitLeader,
}

/// What a policy is told about one deadline, as seen from today. Every item with the same
/// deadline has the same facts, so a policy is asked once per distinct deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DeadlineFacts {
    /// Today.
    pub today: NaiveDate,
    /// The deadline.
    pub deadline: NaiveDate,
    /// Whether today is a working day.
    pub today_is_working_day: bool,
    /// Working days after today up to and including the deadline when the deadline is later;
    /// minus the working days after the deadline up to and including today when it has passed;
    /// 0 when the deadline is today (or no working day lies between).
    pub working_days_left: i64,
}

/// One decision of a policy: tell `to` this.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decision {
    /// The notice.
    pub kind: NoticeKind,
    /// Who gets it.
    pub to: Recipient,
}

/// Decides which notices a deadline calls for today. The stock one is [`StockPolicy`]; the rhai
/// reminder scripts of modules plug in here.
pub trait ReminderPolicy: Send + Sync {
    /// Pushes onto `out` the notices the deadline described by `facts` calls for.
    fn decide(&self, facts: &DeadlineFacts, out: &mut Vec<Decision>);
}

/// The stock policy: the owner is told `before` working days ahead (on working days) and on the
/// day; while overdue, the owner is told every `overdue_every` working days, and the unit's
/// leader on the `escalate_after`-th working day overdue and every `escalate_every` working
/// days after that (5 = weekly).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StockPolicy {
    /// Working days before the deadline on which the owner is told (default 7, 3, 1).
    pub before: Vec<u32>,
    /// Whether the owner is told on the day (default yes).
    pub on_the_day: bool,
    /// Every how many working days an overdue item's owner is told (default 1; 0 = never).
    pub overdue_every: u32,
    /// The working day overdue of the first escalation (default 1; 0 = never escalate).
    pub escalate_after: u32,
    /// Every how many working days the escalation repeats (default 5: weekly; 0 = once).
    pub escalate_every: u32,
}

impl Default for StockPolicy {
    fn default() -> Self {
        StockPolicy { before: vec![7, 3, 1], on_the_day: true, overdue_every: 1, escalate_after: 1, escalate_every: 5 }
    }
}

/// Why a module's parameter cannot configure the stock policy.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("reminder parameter `{name}`: {message}")]
pub struct PolicyParamError {
    /// The parameter.
    pub name: String,
    /// What is wrong.
    pub message: String,
}

impl StockPolicy {
    /// The parameter names [`StockPolicy::from_params`] reads.
    pub const PARAMS: [&'static str; 5] =
        ["remind_before_working_days", "remind_on_the_day", "overdue_every", "escalate_after", "escalate_every"];

    /// The stock policy with parameters from a module's params: `get(name)` gives a parameter's
    /// value as a list of integers (a single number or a boolean is a list of one; `true` = 1),
    /// or `None` to keep the default. The names are [`StockPolicy::PARAMS`].
    pub fn from_params(get: impl Fn(&str) -> Option<Vec<i64>>) -> Result<StockPolicy, PolicyParamError> {
        let mut policy = StockPolicy::default();
        let number = |name: &str, values: Vec<i64>| -> Result<u32, PolicyParamError> {
            match values.as_slice() {
                [value] => u32::try_from(*value).map_err(|_| PolicyParamError {
                    name: name.to_string(),
                    message: format!("{value} is not a number of working days"),
                }),
                _ => Err(PolicyParamError { name: name.to_string(), message: "expected one number".to_string() }),
            }
        };
        if let Some(values) = get(Self::PARAMS[0]) {
            let mut before = Vec::with_capacity(values.len());
            for value in values {
                match u32::try_from(value) {
                    Ok(days) if days > 0 => before.push(days),
                    _ => {
                        return Err(PolicyParamError {
                            name: Self::PARAMS[0].to_string(),
                            message: format!("{value} is not a positive number of working days"),
                        })
                    }
                }
            }
            before.sort_unstable();
            before.dedup();
            policy.before = before;
        }
        if let Some(values) = get(Self::PARAMS[1]) {
            policy.on_the_day = number(Self::PARAMS[1], values)? != 0;
        }
        if let Some(values) = get(Self::PARAMS[2]) {
            policy.overdue_every = number(Self::PARAMS[2], values)?;
        }
        if let Some(values) = get(Self::PARAMS[3]) {
            policy.escalate_after = number(Self::PARAMS[3], values)?;
        }
        if let Some(values) = get(Self::PARAMS[4]) {
            policy.escalate_every = number(Self::PARAMS[4], values)?;
        }
        Ok(policy)
    }
}

impl ReminderPolicy for StockPolicy {
    fn decide(&self, facts: &DeadlineFacts, out: &mut Vec<Decision>) {
        if facts.today == facts.deadline {
            if self.on_the_day {
                out.push(Decision { kind: NoticeKind::DueToday, to: Recipient::Owner });
            }
            return;
        }
        if !facts.today_is_working_day {
            return;
        }
        if facts.deadline > facts.today {
            let left = u32::try_from(facts.working_days_left).unwrap_or(u32::MAX);
            if self.before.contains(&left) {
                out.push(Decision { kind: NoticeKind::DueSoon { working_days_left: left }, to: Recipient::Owner });
            }
            return;
        }
        // Overdue: today is a working day after the deadline, so this counts today.
        let late = u32::try_from(-facts.working_days_left).unwrap_or(u32::MAX);
        if late == 0 {
            return;
        }
        if self.overdue_every > 0 && (late - 1).is_multiple_of(self.overdue_every) {
            out.push(Decision { kind: NoticeKind::Overdue { working_days_overdue: late }, to: Recipient::Owner });
        }
        if self.escalate_after > 0 && late >= self.escalate_after {
            let since = late - self.escalate_after;
            // `is_multiple_of(0)` holds only for 0: every = 0 escalates once.
            let due = since.is_multiple_of(self.escalate_every);
            if due {
                out.push(Decision {
                    kind: NoticeKind::Escalation { working_days_overdue: late },
                    to: Recipient::UnitLeader,
                });
            }
        }
    }
}

/// The weekly digest to unit leaders: every open item of the unit that is overdue, due today or
/// due within `horizon` working days goes to the unit's leader (on any day the job runs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct UnitDigestPolicy {
    /// How many working days ahead "due soon" reaches (default 5: a week).
    pub horizon: u32,
}

impl Default for UnitDigestPolicy {
    fn default() -> Self {
        UnitDigestPolicy { horizon: 5 }
    }
}

impl ReminderPolicy for UnitDigestPolicy {
    fn decide(&self, facts: &DeadlineFacts, out: &mut Vec<Decision>) {
        let kind = if facts.deadline == facts.today {
            NoticeKind::DueToday
        } else if facts.deadline < facts.today {
            NoticeKind::Overdue { working_days_overdue: u32::try_from(-facts.working_days_left).unwrap_or(u32::MAX) }
        } else {
            match u32::try_from(facts.working_days_left) {
                Ok(left) if left <= self.horizon => NoticeKind::DueSoon { working_days_left: left },
                _ => return,
            }
        };
        out.push(Decision { kind, to: Recipient::UnitLeader });
    }
}

/// One notice to send: about `item`, of `kind`, to the person `recipient`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlannedNotice<'a> {
    /// The item.
    pub item: &'a Item,
    /// What the notice says.
    pub kind: NoticeKind,
    /// The recipient's person id.
    pub recipient: &'a str,
    /// Whether the recipient is the owner or the unit's leader.
    pub role: Recipient,
}

impl PlannedNotice<'_> {
    /// Why this notice goes to its recipient, in one Chinese sentence.
    pub fn reason(&self) -> Reason<'_> {
        Reason(self)
    }

    /// The notice's unique key: item, kind, recipient and day. At most one notice with a key is
    /// ever sent.
    ///
    /// A notice to a unit's leader about an item of the unit (other than an escalation) is of its
    /// own kind, `unit_…`: the leader's weekly digest does not stand in for the owner's reminders.
    pub fn key(&self, today: NaiveDate) -> String {
        let prefix = match (self.role, self.kind) {
            (Recipient::UnitLeader, NoticeKind::Escalation { .. }) | (Recipient::Owner, _) => "",
            (Recipient::UnitLeader, _) => "unit_",
        };
        format!("{}|{prefix}{}|{}|{}", self.item.id, self.kind.name(), self.recipient, today.format("%Y-%m-%d"))
    }
}

/// [`PlannedNotice::reason`], formatted on demand.
pub struct Reason<'n>(&'n PlannedNotice<'n>);

impl fmt::Display for Reason<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let notice = self.0;
        let deadline = notice.item.deadline.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default();
        match notice.kind {
            NoticeKind::DueSoon { working_days_left } => {
                write!(f, "责任人：完成时限 {deadline}，还有 {working_days_left} 个工作日")
            }
            NoticeKind::DueToday => write!(f, "责任人：完成时限 {deadline}，今日到期"),
            NoticeKind::Overdue { working_days_overdue } => {
                write!(f, "责任人：完成时限 {deadline}，已逾期 {working_days_overdue} 个工作日")
            }
            NoticeKind::Escalation { working_days_overdue } => write!(
                f,
                "责任单位负责人督办：责任人 {} 的事项已逾期 {working_days_overdue} 个工作日（完成时限 {deadline}）",
                notice.item.owner
            ),
        }
    }
}

/// An item planning could not handle, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanProblem {
    /// The item's id.
    pub item: String,
    /// What went wrong.
    pub message: String,
}

/// The result of planning: the notices, in item order, and the items skipped.
#[derive(Debug, Clone, Default)]
pub struct Plan<'a> {
    /// Every notice due today.
    pub notices: Vec<PlannedNotice<'a>>,
    /// Items that could not be planned (a deadline outside the calendar, a unit without a leader
    /// to escalate to).
    pub problems: Vec<PlanProblem>,
}

/// The first day on which `policy` tells an item's owner of the deadline `deadline`, looking
/// back at most `look_back` calendar days (the reminder a calendar application should show
/// first); `None` when it tells nobody in that time or the calendar does not reach so far.
pub fn first_notice(
    policy: &dyn ReminderPolicy,
    calendar: &Calendar,
    deadline: NaiveDate,
    look_back: u32,
) -> Option<NaiveDate> {
    let mut decisions = Vec::new();
    let first = deadline.checked_sub_days(chrono::Days::new(u64::from(look_back)))?;
    first.iter_days().take_while(|day| *day <= deadline).find(|&today| {
        let (Ok(today_is_working_day), Ok(working_days_left)) =
            (calendar.is_working_day(today), calendar.working_days_between(today, deadline))
        else {
            return false;
        };
        decisions.clear();
        policy.decide(&DeadlineFacts { today, deadline, today_is_working_day, working_days_left }, &mut decisions);
        decisions.iter().any(|decision| decision.to == Recipient::Owner)
    })
}

/// Plans today's reminders for `items` by `policy`. Pure: the same inputs give the same plan.
///
/// Only open items with a deadline are considered. The policy is asked once per distinct
/// deadline, not once per item, and the working days to each deadline are counted once, so
/// planning costs one hash lookup per item. Fails only if `today` lies outside the calendar; an
/// item whose deadline does is reported in [`Plan::problems`].
pub fn plan<'a>(
    items: &'a [Item],
    org: &'a Org,
    calendar: &Calendar,
    today: NaiveDate,
    policy: &dyn ReminderPolicy,
) -> Result<Plan<'a>, CalendarError> {
    let today_is_working_day = calendar.is_working_day(today)?;
    let leaders: HashMap<&str, &str> =
        org.units.iter().filter_map(|unit| Some((unit.id.as_str(), unit.leader.as_deref()?))).collect();
    // Per distinct deadline: the range of its decisions in `decisions`, or the calendar's error.
    let mut by_deadline: HashMap<NaiveDate, Result<(u32, u32), CalendarError>> = HashMap::new();
    let mut decisions: Vec<Decision> = Vec::new();
    let mut plan = Plan::default();
    for item in items {
        let Some(deadline) = item.deadline else { continue };
        if !item.status.is_open() {
            continue;
        }
        let range = by_deadline.entry(deadline).or_insert_with(|| {
            let working_days_left = calendar.working_days_between(today, deadline)?;
            let facts = DeadlineFacts { today, deadline, today_is_working_day, working_days_left };
            let start = decisions.len();
            policy.decide(&facts, &mut decisions);
            Ok((start as u32, (decisions.len() - start) as u32))
        });
        let (start, len) = match range {
            Ok(range) => *range,
            Err(err) => {
                plan.problems.push(PlanProblem { item: item.id.clone(), message: err.to_string() });
                continue;
            }
        };
        let decided = &decisions[start as usize..(start + len) as usize];
        let owner_told = decided.iter().any(|d| d.to == Recipient::Owner);
        for decision in decided {
            let recipient = match decision.to {
                Recipient::Owner => item.owner.as_str(),
                Recipient::UnitLeader => match leaders.get(item.unit.as_str()) {
                    Some(leader) => leader,
                    None => {
                        plan.problems.push(PlanProblem {
                            item: item.id.clone(),
                            message: format!("unit \"{}\" has no leader to escalate to", item.unit),
                        });
                        continue;
                    }
                },
            };
            // One notice per item per reader: an owner who leads the unit, told as the owner, is
            // not also told as its leader.
            if decision.to == Recipient::UnitLeader && owner_told && recipient == item.owner {
                continue;
            }
            plan.notices.push(PlannedNotice { item, kind: decision.kind, recipient, role: decision.to });
        }
    }
    Ok(plan)
}
