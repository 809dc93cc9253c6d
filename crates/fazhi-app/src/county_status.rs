//! Where every town of a county stands (`fazhi county status`).

use std::path::PathBuf;

use chrono::{Datelike, NaiveDate};
use fazhi_flow::{InstanceStatus, StepKind, StepState};
use serde::Serialize;

use crate::{Access, County, Session};

/// Every town of a county on one day: its light, what is overdue and due soon, its reviews,
/// its workflow steps near a statutory limit, and its annual report ([`County::status`]).
#[derive(Debug, Clone, Serialize)]
pub struct CountyStatus {
    /// The county's name.
    pub county: String,
    /// The day the status is of.
    pub today: NaiveDate,
    /// "Soon" means within this many days.
    pub within_days: i64,
    /// The year whose annual report is followed (the one before `today`'s).
    pub report_year: i32,
    /// The towns, in `county.ron`'s order.
    pub towns: Vec<TownStatus>,
}

/// One town of a [`CountyStatus`].
#[derive(Debug, Clone, Serialize)]
pub struct TownStatus {
    /// The town's name as `county.ron` writes it.
    pub name: String,
    /// Its workspace folder, as `county.ron` gives it.
    pub folder: PathBuf,
    /// 红灯 when anything is overdue or past a statutory limit, 黄灯 when anything is due soon,
    /// 绿灯 otherwise; unknown when the town could not be read.
    pub light: Light,
    /// Tasks overdue (checklist duties and workflow steps).
    pub overdue: usize,
    /// Tasks due within the status's days, overdue ones left out.
    pub due_soon: usize,
    /// Tasks open.
    pub open: usize,
    /// Legality reviews (review gates of workflow instances) of this year that block.
    pub reviews_blocked: usize,
    /// Legality reviews passed this year.
    pub reviews_passed: usize,
    /// Open workflow steps whose statutory deadline is within the status's days.
    pub near_limit: usize,
    /// Open workflow steps past their statutory deadline.
    pub past_limit: usize,
    /// Where the annual report of the report year stands.
    pub annual_report: ReportStage,
    /// Why the town could not be read, if it could not (its figures are then zeros).
    pub problem: Option<String>,
}

/// A town's light in the county's view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Light {
    /// Something is overdue or past a statutory limit.
    Red,
    /// Something is due soon or near a statutory limit.
    Yellow,
    /// Nothing is late or close.
    Green,
    /// The town could not be read.
    Unknown,
}

impl Light {
    /// The light in Chinese: 红灯, 黄灯, 绿灯, 未知.
    pub fn label(self) -> &'static str {
        match self {
            Light::Red => "红灯",
            Light::Yellow => "黄灯",
            Light::Green => "绿灯",
            Light::Unknown => "未知",
        }
    }
}

/// Where a town's annual report stands, from its `annual_report` workflow instance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportStage {
    /// No instance for the year.
    NotStarted,
    /// Started: data being collected, the draft being written.
    Started,
    /// Drafted (起草).
    Drafted,
    /// Deliberated by the party committee (审议).
    Deliberated,
    /// Handed up to the level above (报送).
    HandedUp,
    /// Made public (公开).
    Published,
}

impl ReportStage {
    /// The stage in Chinese.
    pub fn label(self) -> &'static str {
        match self {
            ReportStage::NotStarted => "未启动",
            ReportStage::Started => "起草中",
            ReportStage::Drafted => "已起草",
            ReportStage::Deliberated => "已审议",
            ReportStage::HandedUp => "已报送",
            ReportStage::Published => "已公开",
        }
    }

    /// The stage `instance` (of the workflow `annual_report`) has reached: the furthest of its
    /// done steps — the draft (`qicao`), the committee's decision, the hand-up (`baosong`), the
    /// publication.
    fn of(instance: &InstanceStatus) -> ReportStage {
        let done = |matches: &dyn Fn(&fazhi_flow::StepStatus) -> bool| {
            instance.steps.iter().any(|step| matches(step) && matches!(step.state, StepState::Done { .. }))
        };
        if done(&|step| step.kind == StepKind::Publication) {
            ReportStage::Published
        } else if done(&|step| step.id == "baosong") {
            ReportStage::HandedUp
        } else if done(&|step| step.kind == StepKind::Decision) {
            ReportStage::Deliberated
        } else if done(&|step| step.id == "qicao") {
            ReportStage::Drafted
        } else {
            ReportStage::Started
        }
    }
}

/// The workflow whose instances are towns' annual reports.
const ANNUAL_REPORT: &str = "annual_report";

impl County {
    /// Every town's status on the county's date (or today), "soon" meaning within
    /// `within_days`. Each town is read as `fazhi tasks` reads it; a town that cannot be read
    /// is listed with its problem, and the others all the same.
    pub fn status(&self, within_days: i64) -> CountyStatus {
        let mut towns = Vec::new();
        let mut today = None;
        for town in &self.config().towns {
            let status = self.open_town(town, Access::Read).and_then(|session| {
                today.get_or_insert(session.today());
                town_status(&session, within_days)
            });
            towns.push(match status {
                Ok(mut status) => {
                    status.name = town.name.clone();
                    status.folder = town.folder.clone();
                    status
                }
                Err(err) => TownStatus {
                    name: town.name.clone(),
                    folder: town.folder.clone(),
                    light: Light::Unknown,
                    overdue: 0,
                    due_soon: 0,
                    open: 0,
                    reviews_blocked: 0,
                    reviews_passed: 0,
                    near_limit: 0,
                    past_limit: 0,
                    annual_report: ReportStage::NotStarted,
                    problem: Some(err.describe()),
                },
            });
        }
        let today = today.unwrap_or_else(|| chrono::Local::now().date_naive());
        CountyStatus { county: self.config().county.clone(), today, within_days, report_year: today.year() - 1, towns }
    }
}

/// The status of the town open in `session` (named by the caller).
fn town_status(session: &Session, within_days: i64) -> Result<TownStatus, crate::AppError> {
    let today = session.today();
    let summary = session.task_summary(within_days, None)?;
    let instances = session.instance_statuses()?;
    let mut status = TownStatus {
        name: String::new(),
        folder: PathBuf::new(),
        light: Light::Green,
        overdue: summary.total.overdue,
        due_soon: summary.total.due_soon,
        open: summary.total.open,
        reviews_blocked: 0,
        reviews_passed: 0,
        near_limit: 0,
        past_limit: 0,
        annual_report: ReportStage::NotStarted,
        problem: None,
    };
    for instance in &instances {
        for step in &instance.steps {
            let this_year = instance.started.year() == today.year();
            match &step.state {
                StepState::Done { at, .. } if step.kind == StepKind::ReviewGate && at.year() == today.year() => {
                    status.reviews_passed += 1;
                }
                StepState::Blocked { .. } if this_year => status.reviews_blocked += 1,
                StepState::Open if step.kind == StepKind::ReviewGate && this_year && step.blocks() => {
                    status.reviews_blocked += 1;
                }
                _ => {}
            }
            if step.state == StepState::Open {
                if let Some(deadline) = &step.deadline {
                    let left = (deadline.date - today).num_days();
                    status.past_limit += usize::from(left < 0);
                    status.near_limit += usize::from((0..=within_days).contains(&left));
                }
            }
        }
    }
    // The report on the year before today's is written from December to the end of March.
    let report_year = today.year() - 1;
    status.annual_report = instances
        .iter()
        .filter(|instance| instance.workflow == ANNUAL_REPORT)
        .filter(|instance| (report_year..=report_year + 1).contains(&instance.started.year()))
        .map(ReportStage::of)
        .max()
        .unwrap_or(ReportStage::NotStarted);
    status.light = if status.overdue > 0 || status.past_limit > 0 {
        Light::Red
    } else if status.due_soon > 0 || status.near_limit > 0 {
        Light::Yellow
    } else {
        Light::Green
    };
    Ok(status)
}
