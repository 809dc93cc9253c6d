//! Expanding duties into occurrences and giving each its deadline.

use std::collections::HashMap;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate, TimeZone};
use chrono_tz::Tz;

use super::Workspace;
use crate::{CalendarError, Deadline, Duty, ItemRef, ItemState, PeriodEnd, Recurrence, Status};

/// One occurrence of a duty, with its fixed deadline (`None` for a relative deadline, which is
/// computed from state).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct Occurrence {
    pub id: String,
    pub duty: usize,
    #[serde(with = "crate::compact_date::option_date")]
    pub deadline: Option<NaiveDate>,
}

/// The periods of a recurring duty as (occurrence id suffix, deadline). Errors are messages
/// about the cron expression.
pub(crate) fn expand(duty: &Duty, recurrence: &Recurrence, tz: Tz) -> Result<Vec<(String, NaiveDate)>, String> {
    let first = duty.from.unwrap_or_else(|| NaiveDate::from_ymd_opt(duty.year, 1, 1).expect("1 January exists"));
    let last = duty.until.unwrap_or_else(|| NaiveDate::from_ymd_opt(duty.year, 12, 31).expect("31 December exists"));
    let mut out = Vec::new();
    let years = first.year()..=last.year();
    match recurrence {
        Recurrence::Monthly { day } => {
            for year in years {
                for month in 1..=12 {
                    out.extend(clamped(year, month, *day).map(|date| (format!("{year}-{month:02}"), date)));
                }
            }
        }
        Recurrence::Quarterly { month, day } => {
            for year in years {
                for quarter in 1..=4 {
                    out.extend(
                        clamped(year, (quarter - 1) * 3 + month, *day).map(|date| (format!("{year}-Q{quarter}"), date)),
                    );
                }
            }
        }
        Recurrence::Yearly { month, day } => {
            for year in years {
                out.extend(clamped(year, *month, *day).map(|date| (format!("{year}"), date)));
            }
        }
        Recurrence::Cron(expression) => {
            let schedule = parse_cron(expression)?;
            let start = tz
                .from_local_datetime(&first.and_hms_opt(0, 0, 0).expect("midnight exists"))
                .earliest()
                .expect("the zone has a first instant of the day")
                - chrono::Duration::seconds(1);
            for firing in schedule.after(&start) {
                let date = firing.date_naive();
                if date > last {
                    break;
                }
                if out.last().is_none_or(|(_, previous)| *previous != date) {
                    out.push((date.to_string(), date));
                }
            }
        }
    }
    out.retain(|(_, date)| (first..=last).contains(date));
    Ok(out)
}

/// Parses a cron expression of the `cron` crate, explaining the common crontab mistake.
pub(crate) fn parse_cron(expression: &str) -> Result<cron::Schedule, String> {
    cron::Schedule::from_str(expression).map_err(|err| {
        let fields = expression.split_whitespace().count();
        if fields == 5 {
            format!(
                "invalid cron expression \"{expression}\": it has 5 fields, but fazhi's cron expressions have 6 or 7, \
                 seconds first (sec min hour day-of-month month day-of-week [year]), e.g. \"0 0 9 * * Mon\""
            )
        } else {
            format!("invalid cron expression \"{expression}\": {err}")
        }
    })
}

/// `day` of the month, clamped to the month's last day; `None` for a month that does not exist
/// (reported when the workspace is loaded, as a day past 31 is). No month has more than 31
/// days: searching down from a day of 2147483648 took minutes.
fn clamped(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    (1..=day.min(31)).rev().find_map(|day| NaiveDate::from_ymd_opt(year, month, day))
}

/// The deadline of every duty with a relative deadline, by duty index (`None` for the others,
/// and while a relative deadline has no date), with the day it would have been had it not
/// rolled forward past a holiday. On a calendar error, the index of the duty whose deadline
/// could not be computed.
pub(super) fn relative_deadlines(
    workspace: &Workspace,
    states: &[ItemState],
) -> Result<Vec<Option<PeriodEnd>>, (usize, CalendarError)> {
    // In dependency order (validated acyclic when loading), so a base is always computed first.
    let mut relative: Vec<Option<PeriodEnd>> = vec![None; workspace.duties.len()];
    if workspace.relative_order.is_empty() {
        return Ok(relative);
    }
    let events: HashMap<&str, Option<NaiveDate>> = workspace.events.iter().map(|e| (e.id.as_str(), e.date)).collect();
    let calendar = &workspace.calendar;
    for &(index, base) in &workspace.relative_order {
        let duty = &workspace.duties[index];
        let end = match (&duty.deadline, base) {
            (Deadline::AfterDuty { duty: base_id, days, counting }, Some(base)) => {
                // A duty with a fixed or relative deadline has one task, named as the duty, and
                // tasks are numbered in duty order: found without the index of every task id.
                let number = workspace.occurrences.partition_point(|o| o.duty < base);
                let task = workspace.occurrences.get(number).filter(|o| o.id == *base_id);
                let state = task.and_then(|_| states.get(number));
                let base_date = match state {
                    Some(ItemState { status: Status::Done, completed_at: Some(at) }) => Some(at.date()),
                    // A base happens once: its own fixed deadline, or the relative one computed
                    // before.
                    _ => match workspace.duties[base].deadline {
                        Deadline::On(date) => Some(date),
                        _ => relative[base].map(|end| end.date),
                    },
                };
                base_date.map(|date| counting.end(calendar, date, *days)).transpose()
            }
            (Deadline::AfterEvent { event, days, counting }, _) => events
                .get(event.as_str())
                .copied()
                .flatten()
                .map(|date| counting.end(calendar, date, *days))
                .transpose(),
            (Deadline::BeforeEvent { event, days }, _) => events
                .get(event.as_str())
                .copied()
                .flatten()
                .map(|date| calendar.add_days(date, -i64::from(*days)).map(PeriodEnd::fixed))
                .transpose(),
            _ => continue,
        };
        relative[index] = end.map_err(|err| (index, err))?;
    }
    Ok(relative)
}

pub(super) fn item_refs<'w>(
    workspace: &'w Workspace,
    states: &'w [ItemState],
) -> Result<impl Iterator<Item = ItemRef<'w>> + 'w, CalendarError> {
    let relative = relative_deadlines(workspace, states).map_err(|(_, err)| err)?;
    let states = states.iter().copied().chain(std::iter::repeat(ItemState::default()));
    Ok(workspace.occurrences.iter().zip(states).map(move |(occurrence, state)| {
        let duty = &workspace.duties[occurrence.duty];
        let end = relative[occurrence.duty];
        let deadline = occurrence.deadline.or(end.map(|end| end.date));
        let rolled_from = end.and_then(|end| end.rolled_from);
        ItemRef {
            id: &occurrence.id,
            duty,
            deadline,
            rolled_from,
            status: state.status,
            completed_at: state.completed_at,
        }
    }))
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    fn duty(year: i32, from: Option<&str>, until: Option<&str>) -> Duty {
        Duty {
            id: "d".into(),
            title: "t".into(),
            module: "m".into(),
            unit: "u".into(),
            owner: "o".into(),
            cooperating: vec![],
            deadline: Deadline::On(NaiveDate::MIN),
            basis: None,
            detail: None,
            year,
            from: from.map(|d| d.parse().unwrap()),
            until: until.map(|d| d.parse().unwrap()),
            file: PathBuf::new(),
        }
    }

    fn periods(recurrence: Recurrence, duty: &Duty) -> Vec<(String, String)> {
        expand(duty, &recurrence, chrono_tz::Asia::Shanghai)
            .unwrap()
            .into_iter()
            .map(|(id, date)| (id, date.to_string()))
            .collect()
    }

    #[test]
    fn monthly_clamps_to_the_last_day_of_short_months() {
        let got = periods(Recurrence::Monthly { day: 31 }, &duty(2024, None, None));
        assert_eq!(got.len(), 12);
        assert_eq!(got[1], ("2024-02".to_string(), "2024-02-29".to_string()));
        assert_eq!(got[3], ("2024-04".to_string(), "2024-04-30".to_string()));
    }

    #[test]
    fn quarterly_and_yearly() {
        let got = periods(Recurrence::Quarterly { month: 3, day: 31 }, &duty(2025, None, None));
        let ids: Vec<&str> = got.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(ids, ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]);
        assert_eq!(got[1].1, "2025-06-30");
        assert_eq!(
            periods(Recurrence::Yearly { month: 12, day: 4 }, &duty(2024, None, None)),
            [("2024".into(), "2024-12-04".into())]
        );
    }

    #[test]
    fn cron_gives_one_occurrence_per_firing_day_in_range() {
        let mondays = periods(Recurrence::Cron("0 0 9 * * Mon".into()), &duty(2024, None, None));
        assert_eq!(mondays.len(), 53); // 2024 starts and ends on a Monday
        assert_eq!(mondays[0], ("2024-01-01".to_string(), "2024-01-01".to_string()));
        // Several firings a day are one occurrence.
        let hourly =
            periods(Recurrence::Cron("0 0 * * * *".into()), &duty(2024, Some("2024-03-01"), Some("2024-03-03")));
        assert_eq!(hourly.len(), 3);
    }

    #[test]
    fn from_and_until_bound_the_range_across_years() {
        let got = periods(Recurrence::Monthly { day: 10 }, &duty(2024, Some("2024-11-15"), Some("2025-02-10")));
        let ids: Vec<&str> = got.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(ids, ["2024-12", "2025-01", "2025-02"]);
    }

    /// A workspace with the given events and duties (owner `o` of unit `u`).
    fn workspace(events: &str, duties: &str) -> (tempfile::TempDir, Result<Workspace, crate::WorkspaceError>) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("fazhi.ron"), "(organisation: \"测试镇\", year: 2025)").unwrap();
        std::fs::write(
            root.join("org.ron"),
            "(units: [(id: \"u\", name: \"党政办\")], people: [(id: \"o\", name: \"赵磊\", unit: \"u\", email: \"o@example.org\")])",
        )
        .unwrap();
        std::fs::create_dir(root.join("checklist")).unwrap();
        std::fs::write(root.join("checklist/2025.ron"), format!("(events: [{events}], duties: [{duties}])")).unwrap();
        let loaded = Workspace::load(root);
        (dir, loaded)
    }

    fn duty_line(id: &str, deadline: &str) -> String {
        format!("(id: \"{id}\", title: \"t\", module: \"m\", unit: \"u\", owner: \"o\", deadline: {deadline}),")
    }

    #[test]
    fn relative_deadlines_count_as_their_counting_says() {
        let duties = [
            duty_line("calendar", "AfterEvent(event: \"e\", days: 30)"),
            duty_line("lead", "AfterEvent(event: \"e\", days: 30, counting: LeadTime)"),
            duty_line("working", "AfterEvent(event: \"e\", days: 10, working: true)"),
            duty_line("working2", "AfterEvent(event: \"e\", days: 10, counting: WorkingDays)"),
            duty_line("before", "BeforeEvent(event: \"hearing\", days: 7)"),
            duty_line("next", "AfterDuty(duty: \"calendar\", days: 2)"),
        ]
        .concat();
        let events = "(id: \"e\", name: \"通知\", date: \"2025-09-03\"), (id: \"hearing\", name: \"听证会\", date: \"2025-10-11\")";
        let (_dir, loaded) = workspace(events, &duties);
        let workspace = loaded.unwrap();
        let items = workspace.items(&[]).unwrap();
        let got: Vec<(String, String, Option<String>)> = items
            .iter()
            .map(|item| (item.id.clone(), item.deadline.unwrap().to_string(), item.rolled_from.map(|d| d.to_string())))
            .collect();
        let want =
            |id: &str, date: &str, from: Option<&str>| (id.to_string(), date.to_string(), from.map(str::to_string));
        assert_eq!(
            got,
            [
                // 10/3 is in 国庆节: rolled to 10/9 (《民法典》第二百零三条).
                want("calendar", "2025-10-09", Some("2025-10-03")),
                want("lead", "2025-10-03", None),
                // 10 working days, counted on the calendar and never moved.
                want("working", "2025-09-17", None),
                want("working2", "2025-09-17", None),
                // 7 days before the hearing on Sat 10/11 (a worked day) is 10/4, a holiday: a lead
                // time is not moved.
                want("before", "2025-10-04", None),
                // Counted from the rolled deadline 10/9: 10/11 is a worked Saturday.
                want("next", "2025-10-11", None),
            ]
        );
        assert_eq!(workspace.duty("lead").unwrap().deadline.to_string(), "e 后30日（不顺延）");
        assert_eq!(workspace.duty("before").unwrap().deadline.to_string(), "hearing 前7日（不顺延）");
    }

    #[test]
    fn working_and_another_counting_contradict() {
        let (_dir, loaded) = workspace(
            "(id: \"e\", name: \"通知\", date: \"2025-09-03\")",
            &duty_line("x", "AfterEvent(event: \"e\", days: 3, working: true, counting: LeadTime)"),
        );
        let err = format!("{:?}", loaded.unwrap_err());
        assert!(err.contains("`working: true` counts working days, but `counting: LeadTime` says otherwise"), "{err}");
        let (_dir, loaded) = workspace("", &duty_line("y", "BeforeEvent(event: \"nothing\", days: 3)"));
        let err = format!("{:?}", loaded.unwrap_err());
        assert!(err.contains("counts back from unknown event"), "{err}");
    }

    #[test]
    fn a_crontab_line_gets_a_helpful_error() {
        let err = parse_cron("0 9 * * 1").unwrap_err();
        assert!(err.contains("6 or 7, seconds first"), "{err}");
    }
}
