//! `fazhi flow …`: workflow instances (start, status, done, reopen, data, list), the workflows
//! themselves (workflows, plan, graph).

use std::path::{Path, PathBuf};

use fazhi_app::StepDone;
use fazhi_core::{parse_date, parse_date_time, Workspace};
use fazhi_flow::{Dossier, FlowError, GraphFormat, InstanceStatus, Plan, StepState, WorkflowSet};
use serde::Serialize;

use super::print_json;
use crate::table::Table;
use crate::{CliError, Context};

/// `fazhi flow …`
#[derive(Debug, clap::Subcommand)]
pub enum FlowCommand {
    /// List the workflows this workspace can run: the stock ones and its own workflows/.
    Workflows,
    /// List workflow instances.
    List,
    /// Start an instance of WORKFLOW named ID, with the dossier FILE as its data.
    Start {
        /// The workflow, e.g. major_decision.
        workflow: String,
        /// The new instance's id (ASCII letters, digits, '-' and '_').
        id: String,
        /// The dossier (RON, or JSON for a .json file): what legality review checks.
        #[arg(long, value_name = "FILE")]
        data: PathBuf,
        /// The day the instance started (default: today).
        #[arg(long, value_name = "DATE")]
        at: Option<String>,
        /// Who starts it (person id or name); default: the start step's owner.
        #[arg(long, value_name = "PERSON")]
        by: Option<String>,
    },
    /// Show an instance: each step done, open (with its deadline), waiting, blocked or skipped.
    Status {
        /// The instance id.
        id: String,
    },
    /// Mark a step of an instance done; refused (with the reason and the rule) when it is early
    /// or out of order.
    Done {
        /// The instance id.
        id: String,
        /// The step id.
        step: String,
        /// When it was done: YYYY-MM-DD (taken as 12:00) or YYYY-MM-DDTHH:MM; default: now.
        #[arg(long, value_name = "DATE")]
        at: Option<String>,
        /// A note kept with the change.
        #[arg(long)]
        note: Option<String>,
        /// A file kept as evidence (copied into the workspace's state, with its sha256).
        #[arg(long, value_name = "FILE")]
        evidence: Option<PathBuf>,
        /// Who did it (person id or name); default: the step's owner.
        #[arg(long, value_name = "PERSON")]
        by: Option<String>,
    },
    /// Reopen a done step, to correct a mistaken completion (refused when a later step is done).
    Reopen {
        /// The instance id.
        id: String,
        /// The step id.
        step: String,
        /// A note kept with the change.
        #[arg(long)]
        note: Option<String>,
        /// Who reopens it (person id or name); default: the step's owner.
        #[arg(long, value_name = "PERSON")]
        by: Option<String>,
    },
    /// Record a new version of an instance's dossier (e.g. once the legality review is in).
    Data {
        /// The instance id.
        id: String,
        /// The new dossier file.
        file: PathBuf,
        /// Who records it (person id or name).
        #[arg(long, value_name = "PERSON")]
        by: String,
    },
    /// The earliest lawful date of every step of WORKFLOW started on DATE, and the latest date
    /// of every step with a deadline, on the working-day calendar.
    Plan {
        /// The workflow.
        workflow: String,
        /// The day the instance would start.
        #[arg(long, value_name = "DATE")]
        start: String,
    },
    /// Draw a workflow's graph, or an instance's coloured by the state of its steps.
    Graph {
        /// The workflow (omit with --instance).
        #[arg(required_unless_present = "instance", conflicts_with = "instance")]
        workflow: Option<String>,
        /// Draw this instance instead, coloured by state.
        #[arg(long, value_name = "ID")]
        instance: Option<String>,
        /// mermaid or dot.
        #[arg(long, default_value = "mermaid")]
        format: String,
    },
}

/// The workflows of the workspace (stock and its own), every problem of every file reported.
fn workflows(context: &Context) -> Result<(Workspace, WorkflowSet), CliError> {
    let workspace = context.workspace()?;
    let workflows = WorkflowSet::load(&workspace).map_err(fazhi_app::AppError::from)?;
    Ok((workspace, workflows))
}

/// `fazhi flow …`
pub fn run(context: &Context, command: &FlowCommand) -> Result<(), CliError> {
    match command {
        FlowCommand::Workflows => {
            let (_, workflows) = workflows(context)?;
            list_workflows(context, &workflows)
        }
        FlowCommand::List => {
            let session = context.read_session()?;
            list(context, session.workspace(), &session.instance_statuses()?, session.today())
        }
        FlowCommand::Start { workflow, id, data, at, by } => {
            let started = at
                .as_deref()
                .map(|text| parse_date(text).map_err(|message| CliError::BadInput(format!("--at: {message}"))))
                .transpose()?;
            let mut session = context.session()?;
            let dossier = read_dossier(session.workspace(), &context.path(data))?;
            let status = session.start_instance(workflow, id, dossier, started, by.clone())?;
            if context.json {
                return print_json(&status);
            }
            let (id, name, started) = (&status.id, &status.workflow_name, status.started);
            out!("{}", tr!("started {id} ({name}) on {started}", "已启动 {id}（{name}），开始日期 {started}"));
            show(session.workspace(), &status, session.today());
            Ok(())
        }
        FlowCommand::Status { id } => {
            let session = context.read_session()?;
            let status = session.instance_status(id)?;
            if context.json {
                return print_json(&status);
            }
            show(session.workspace(), &status, session.today());
            Ok(())
        }
        FlowCommand::Done { id, step, at, note, evidence, by } => {
            let at = at
                .as_deref()
                .map(|text| parse_date_time(text).map_err(|message| CliError::BadInput(format!("--at: {message}"))))
                .transpose()?;
            let done = StepDone {
                instance: id.clone(),
                step: step.clone(),
                at,
                by: by.clone(),
                note: note.clone(),
                evidence: evidence.as_deref().map(|path| context.path(path)),
            };
            let completed = context.session()?.complete_step(&done)?;
            report_done(context, &completed)
        }
        FlowCommand::Reopen { id, step, note, by } => {
            let seq = context.session()?.reopen_step(id, step, by.as_deref(), note.clone())?;
            if context.json {
                return print_json(&serde_json::json!({ "item": format!("{id}/{step}"), "audit_seq": seq }));
            }
            out!(
                "{}",
                tr!("{id}/{step}: done → todo (audit #{seq})", "{id}/{step}：已完成 → 未开始（审计第 {seq} 条）")
            );
            Ok(())
        }
        FlowCommand::Data { id, file, by } => {
            let mut session = context.session()?;
            let dossier = read_dossier(session.workspace(), &context.path(file))?;
            let status = session.update_dossier(id, &dossier, by)?;
            if context.json {
                return print_json(&status);
            }
            let (version, file) = (status.dossier_versions, status.dossier.display());
            out!("{}", tr!("{id}: dossier version {version} from {file}", "{id}：卷宗第 {version} 版，来自 {file}"));
            show(session.workspace(), &status, session.today());
            Ok(())
        }
        FlowCommand::Plan { workflow, start } => {
            let start = parse_date(start).map_err(|message| CliError::BadInput(format!("--start: {message}")))?;
            let (workspace, workflows) = workflows(context)?;
            let workflow = workflows.require(workflow).map_err(fazhi_app::AppError::from)?;
            let plan = Plan::new(workflow, &workspace.calendar, start)
                .map_err(|err| fazhi_app::AppError::from(FlowError::from(err)))?;
            if context.json {
                return print_json(&plan);
            }
            show_plan(&plan);
            Ok(())
        }
        FlowCommand::Graph { workflow, instance, format } => {
            let format: GraphFormat =
                format.parse().map_err(|message| CliError::BadInput(format!("--format: {message}")))?;
            let text = match (workflow, instance) {
                (_, Some(instance)) => {
                    let session = context.read_session()?;
                    let status = session.instance_status(instance)?;
                    let workflow = session.workflows().require(&status.workflow).map_err(fazhi_app::AppError::from)?;
                    fazhi_flow::render(workflow, Some(&status), format)
                }
                (Some(workflow), None) => {
                    let (_, workflows) = workflows(context)?;
                    let workflow = workflows.require(workflow).map_err(fazhi_app::AppError::from)?;
                    fazhi_flow::render(workflow, None, format)
                }
                (None, None) => unreachable!("clap requires one"),
            };
            if context.json {
                return print_json(&serde_json::json!({ "format": format.to_string(), "text": text }));
            }
            crate::terminal::print(&text);
            Ok(())
        }
    }
}

/// Reads a dossier file, shown relative to the workspace when it is inside it.
fn read_dossier(workspace: &Workspace, path: &Path) -> Result<Dossier, CliError> {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let shown = absolute.strip_prefix(&workspace.root).map(Path::to_path_buf).unwrap_or_else(|_| path.to_path_buf());
    let real = fazhi_app::given_file(workspace, &absolute)?;
    Dossier::read(&real, &shown).map_err(|diagnostic| CliError::Invalid(vec![diagnostic]))
}

fn report_done(context: &Context, done: &fazhi_flow::Completed) -> Result<(), CliError> {
    if context.json {
        return print_json(done);
    }
    let (item, seq) = (&done.item, done.audit_seq);
    out!("{}", tr!("{item}: done (audit #{seq})", "{item}：已完成（审计第 {seq} 条）"));
    if let Some(late) = &done.late {
        let (date, why) = (late.date, late.explain());
        out!("{}", tr!("late: the deadline was {date} ({why})", "逾期：期限为 {date}（{why}）"));
    }
    if !done.opened.is_empty() {
        let opened = done.opened.join(", ");
        out!("{}", tr!("now open: {opened}", "现可办理：{opened}"));
    }
    if done.finished {
        out!("{}", tr!("the instance is finished", "该实例已办结"));
    }
    Ok(())
}

#[derive(Serialize)]
struct WorkflowView<'a> {
    id: &'a str,
    name: &'a str,
    module: &'a str,
    dossier: Option<&'a str>,
    steps: usize,
    origin: String,
    file: String,
}

fn list_workflows(context: &Context, workflows: &WorkflowSet) -> Result<(), CliError> {
    let views: Vec<WorkflowView> = workflows
        .iter()
        .map(|w| WorkflowView {
            id: &w.id,
            name: &w.name,
            module: &w.module,
            dossier: w.dossier.as_deref(),
            steps: w.steps.len(),
            origin: w.origin.to_string(),
            file: w.file.display().to_string(),
        })
        .collect();
    if context.json {
        return print_json(&views);
    }
    let mut table = Table::headed(&[
        ("ID", "编号"),
        ("NAME", "名称"),
        ("STEPS", "步骤数"),
        ("DOSSIER", "卷宗"),
        ("ORIGIN", "来源"),
        ("FILE", "文件"),
    ]);
    for view in &views {
        table.row(vec![
            view.id.to_string(),
            view.name.to_string(),
            view.steps.to_string(),
            view.dossier.unwrap_or("-").to_string(),
            view.origin.clone(),
            view.file.clone(),
        ]);
    }
    crate::terminal::print(&table.render());
    Ok(())
}

fn list(
    context: &Context,
    workspace: &Workspace,
    statuses: &[InstanceStatus],
    today: chrono::NaiveDate,
) -> Result<(), CliError> {
    if context.json {
        return print_json(&statuses);
    }
    if statuses.is_empty() {
        out!(
            "{}",
            tr!(
                "no workflow instances (start one with `fazhi flow start WORKFLOW ID --data FILE`)",
                "没有程序实例（用 `fazhi flow start 程序 编号 --data 文件` 启动一个）"
            )
        );
        return Ok(());
    }
    let mut table = Table::headed(&[
        ("ID", "编号"),
        ("WORKFLOW", "程序"),
        ("STARTED", "开始日期"),
        ("STATE", "状态"),
        ("NEXT DEADLINE", "最近的期限"),
        ("OWNER", "责任人"),
        ("TITLE", "事项"),
    ]);
    for status in statuses {
        let open: Vec<_> = status.open_steps().collect();
        let next =
            open.iter().filter_map(|step| step.deadline.as_ref().map(|d| (d.date, *step))).min_by_key(|(d, _)| *d);
        let state = instance_state(status.finished, open.len());
        let (deadline, owner) = match next {
            Some((date, step)) => {
                let overdue = if date < today { tr!(" (overdue)", "（已逾期）") } else { String::new() };
                (format!("{date}{overdue}"), owner_name(workspace, step))
            }
            None => ("-".to_string(), open.first().map_or("-".to_string(), |step| owner_name(workspace, step))),
        };
        table.row(vec![
            status.id.clone(),
            status.workflow.clone(),
            status.started.to_string(),
            state,
            deadline,
            owner,
            status.display_title().to_string(),
        ]);
    }
    crate::terminal::print(&table.render());
    let total = statuses.len();
    out!("{}", tr!("{total} instance(s), today is {today}", "共 {total} 个实例；今天是 {today}"));
    Ok(())
}

fn owner_name(workspace: &Workspace, step: &fazhi_flow::StepStatus) -> String {
    step.assignee
        .as_ref()
        .map(|a| workspace.org.person(&a.person).map_or(a.person.clone(), |p| p.name.clone()))
        .unwrap_or_else(|| "-".to_string())
}

fn show(workspace: &Workspace, status: &InstanceStatus, today: chrono::NaiveDate) {
    out!("{}  {}：{}", status.id, status.workflow_name, status.display_title());
    let (workflow, origin, started) = (&status.workflow, &status.origin, status.started);
    let (dossier, version) = (status.dossier.display(), status.dossier_versions);
    out!(
        "{}",
        tr!(
            "  workflow {workflow} ({origin}), started {started}, dossier {dossier} (version {version})",
            "  程序 {workflow}（{origin}），开始日期 {started}，卷宗 {dossier}（第 {version} 版）"
        )
    );
    let mut table = Table::headed(&[
        ("STEP", "步骤"),
        ("NAME", "名称"),
        ("STATE", "状态"),
        ("DATE", "日期"),
        ("OWNER", "责任人"),
        ("NOTE", "说明"),
    ]);
    for step in &status.steps {
        let overdue = step.state == StepState::Open && step.deadline.as_ref().is_some_and(|d| d.date < today);
        let state = step_state(step.state.as_str(), overdue);
        let date = match &step.state {
            StepState::Done { at, .. } => at.date().to_string(),
            StepState::Skipped => "-".to_string(),
            _ => step.deadline.as_ref().map_or("-".to_string(), |d| {
                let date = d.date;
                tr!("by {date}", "{date}前")
            }),
        };
        let note = match &step.state {
            StepState::Done { late: true, .. } => step.deadline.as_ref().map_or(String::new(), |d| {
                let (date, why) = (d.date, d.explain());
                tr!("late: deadline {date} ({why})", "逾期：期限 {date}（{why}）")
            }),
            StepState::Done { .. } => String::new(),
            StepState::Skipped => {
                let guard = step.guard.as_deref().unwrap_or("");
                tr!("does not apply (guard: {guard})", "不适用（条件：{guard}）")
            }
            StepState::Waiting { on } => {
                let on = on.join(", ");
                tr!("waits for {on}", "等待 {on}")
            }
            StepState::Blocked { gate } => tr!("blocked by {gate}", "受阻于 {gate}"),
            StepState::Open => {
                let mut parts = Vec::new();
                if let Some(bound) = step.not_before.as_ref().filter(|b| b.date > today) {
                    let (date, why) = (bound.date, bound.explain());
                    parts.push(tr!("not before {date} ({why})", "不早于 {date}（{why}）"));
                }
                if let Some(deadline) = &step.deadline {
                    parts.push(deadline.explain());
                }
                if step.blocks() {
                    parts.push(tr!("review has blocking findings", "审查有阻止性意见"));
                }
                parts.join("; ")
            }
        };
        table.row(vec![step.id.clone(), step.name.clone(), state, date, owner_name(workspace, step), note]);
    }
    crate::terminal::print(&table.render());
    for step in status.steps.iter().filter(|step| !step.findings.is_empty()) {
        let (name, id) = (&step.name, &step.id);
        out!("{}", tr!("findings of {name} ({id}):", "{name}（{id}）的审查意见："));
        for finding in &step.findings {
            let basis = finding.basis.as_deref().map_or(String::new(), |b| format!("  {b}"));
            out!(
                "  {:<5}  {}  {}{basis}",
                super::review::severity_word(finding.severity.as_str()),
                finding.rule,
                finding.message
            );
        }
    }
    let count = |name: &str| status.steps.iter().filter(|s| s.state.as_str() == name).count();
    let state = instance_state(status.finished, count("open"));
    let (done, waiting, blocked, skipped) = (count("done"), count("waiting"), count("blocked"), count("skipped"));
    out!(
        "{}",
        tr!(
            "{state}, {done} done, {waiting} waiting, {blocked} blocked, {skipped} skipped; today is {today}",
            "{state}，已完成 {done} 步，等待 {waiting} 步，受阻 {blocked} 步，不适用 {skipped} 步；今天是 {today}"
        )
    );
}

fn show_plan(plan: &Plan) {
    let (workflow, name, start) = (&plan.workflow, &plan.name, plan.start);
    out!("{}", tr!("plan of {workflow} ({name}), starting {start}", "{workflow}（{name}）的日程，{start} 开始"));
    let mut table = Table::headed(&[
        ("STEP", "步骤"),
        ("NAME", "名称"),
        ("EARLIEST", "最早"),
        ("LATEST", "最晚"),
        ("BECAUSE", "依据"),
    ]);
    for step in &plan.steps {
        let name = if step.guarded { format!("{} *", step.name) } else { step.name.clone() };
        let mut because = Vec::new();
        if let Some(rule) = &step.earliest_rule {
            because.push(rule.explain());
        }
        if let Some(latest) = &step.latest {
            because.push(latest.explain());
        }
        table.row(vec![
            step.id.clone(),
            name,
            step.earliest.to_string(),
            step.latest.as_ref().map_or("-".to_string(), |l| l.date.to_string()),
            because.join("; "),
        ]);
    }
    crate::terminal::print(&table.render());
    if plan.steps.iter().any(|step| step.guarded) {
        out!(
            "{}",
            tr!(
                "* where its guard applies; the plan assumes every such step takes place",
                "* 符合条件时才有的步骤；日程假定这些步骤都会进行"
            )
        );
    }
}

/// An instance's state in a few words: finished, or how many steps are open.
fn instance_state(finished: bool, open: usize) -> String {
    match finished {
        true => tr!("finished", "已办结"),
        false => tr!("{open} open", "{open} 步可办理"),
    }
}

/// A step's state (`StepState::as_str`, or overdue) as the CLI's language says it.
fn step_state(state: &str, overdue: bool) -> String {
    if crate::lang::english() {
        return if overdue { "overdue".to_string() } else { state.to_string() };
    }
    if overdue { "已逾期" } else { StepState::label_of(state) }.to_string()
}
